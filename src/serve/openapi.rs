//! The OpenAPI 3.1 document of the service, served at `/openapi.json` and committed as `docs/openapi.json`
//! (a test keeps the two equal). The request schema is generated from the serde type that reads requests; the
//! response schemas describe the `--format json` findings model and are checked against real responses by the
//! API tests, so neither side can drift from the code.

use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

use super::api::CheckRequest;

/// Where the committed copy lives, relative to the repository.
pub const FILE: &str = "docs/openapi.json";

/// The document as pretty JSON with a trailing newline.
pub fn document() -> String {
    let mut generator = SchemaSettings::draft2020_12()
        .with(|s| {
            s.definitions_path = "/components/schemas".into();
            s.meta_schema = None;
        })
        .into_generator();
    let request = generator.subschema_for::<CheckRequest>();
    let mut schemas = serde_json::Map::from_iter(generator.take_definitions(true));
    schemas.extend(response_schemas());
    let error = |description: &str| json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    let busy = json!({
        "description": "Too many requests in flight (`overloaded`) or not answered in time (`timeout`).",
        "headers": {"Retry-After": {"description": "Seconds to wait before retrying.", "schema": {"type": "integer"}}},
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    });
    let ok = |description: &str, schema: &str| json!({"description": description, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}});
    let unauthorized = error("A token is required (`--token-file`) and missing or wrong.");
    let api_security = json!([{}, {"bearer": []}]);
    let document = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "factlint",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Fact-check and consistency checks for news articles, for a CMS's pre-publish step. Findings use the same model as `factlint check --format json`. Every error is JSON: `{\"error\": {\"code\", \"message\", \"field\"?, \"line\"?, \"column\"?, \"details\"?}}`; every response carries `X-Request-Id`.",
        },
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "Only when the service runs with `--token-file`."}},
        },
        "paths": {
            "/v1/check": {"post": {
                "summary": "Check an article",
                "operationId": "check",
                "security": api_security,
                "requestBody": {"required": true, "content": {"application/json": {"schema": request}}},
                "responses": {
                    "200": ok("The findings (an article without findings has an empty list).", "FindingsDocument"),
                    "400": error("The body is not UTF-8 or JSON (`invalid_utf8`, `invalid_json`), or a field is missing, of the wrong type or value (`invalid_field`, with `field`: `format`, `date`, `rules[2]`…)."),
                    "401": unauthorized,
                    "413": error("The body is larger than `--max-body-bytes` (`body_too_large`)."),
                    "415": error("The `Content-Type` is not `application/json`."),
                    "422": error("The article cannot be read (`invalid_text`: a NUL byte, broken front matter), with its line and column."),
                    "503": busy,
                },
            }},
            "/v1/rules": {"get": {
                "summary": "The rules in use",
                "operationId": "listRules",
                "security": api_security,
                "responses": {"200": ok("Every rule, by id, then the built-in suppression rules.", "RuleList"), "401": unauthorized, "503": busy},
            }},
            "/v1/rules/{id}": {"get": {
                "summary": "One rule with its documentation",
                "operationId": "getRule",
                "security": api_security,
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}, "example": "FL101"}],
                "responses": {"200": ok("The rule.", "Rule"), "401": unauthorized, "404": error("No rule has that id (`unknown_rule`)."), "503": busy},
            }},
            "/v1/reload": {"post": {
                "summary": "Read the rules and reference data again (as SIGHUP does)",
                "operationId": "reload",
                "security": api_security,
                "responses": {
                    "200": ok("The new rules and reference data are in use.", "Reloaded"),
                    "401": unauthorized,
                    "422": error("A file did not load (`reload_failed`, each problem in `details`); the data loaded before stays in use."),
                    "503": busy,
                },
            }},
            "/healthz": {"get": {
                "summary": "Liveness, the data in use, and the last failed reload",
                "operationId": "health",
                "responses": {"200": ok("The service is up.", "Health")},
            }},
        },
    });
    let mut text = serde_json::to_string_pretty(&document).expect("a JSON value serializes");
    text.push('\n');
    text
}

/// The responses' schemas, written out: they are checked against real responses by the API tests.
fn response_schemas() -> serde_json::Map<String, Value> {
    let severity = json!({"type": "string", "enum": ["error", "warning", "note"]});
    let count = json!({"type": "integer", "minimum": 0});
    let position = json!({"type": "integer", "minimum": 1});
    let schemas = json!({
        "FindingsDocument": object(json!({
            "version": {"type": "string"},
            "files": {"type": "array", "items": {"$ref": "#/components/schemas/FileFindings"}},
            "failed": {"type": "array", "items": {"$ref": "#/components/schemas/FailedFile"}, "description": "Files that could not be checked (always empty from the API, which answers 422 instead)."},
            "summary": {"$ref": "#/components/schemas/Summary"},
        }), &["version", "files", "failed", "summary"]),
        "FailedFile": object(json!({
            "path": {"type": "string"},
            "message": {"type": "string", "description": "Why the file could not be checked."},
        }), &["path", "message"]),
        "FileFindings": object(json!({
            "path": {"type": "string", "description": "`-` for an article sent to the API."},
            "as_of": {"type": "string", "format": "date"},
            "as_of_from": {"type": "string", "enum": ["option", "front-matter", "today"], "description": "`option`: the request's `date`."},
            "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
        }), &["path", "as_of", "as_of_from", "findings"]),
        "Finding": object(json!({
            "path": {"type": "string"},
            "rule": {"type": "string", "example": "FL101"},
            "name": {"type": "string", "example": "former-incumbent"},
            "severity": severity,
            "start": {"type": "integer", "minimum": 0, "description": "Byte offset into the text (UTF-8)."},
            "end": {"type": "integer", "minimum": 0},
            "line": position, "column": position, "end_line": position, "end_column": position,
            "text": {"type": "string", "description": "The flagged text."},
            "message": {"type": "string"},
            "evidence": {"type": "array", "items": {"$ref": "#/components/schemas/Evidence"}},
            "fix": {"$ref": "#/components/schemas/Fix"},
        }), &["path", "rule", "name", "severity", "start", "end", "line", "column", "end_line", "end_column", "text", "message", "evidence"]),
        "Evidence": object(json!({
            "summary": {"type": "string"},
            "file": {"type": "string", "description": "Where the reference record is written."},
            "line": position,
            "source": object(json!({
                "name": {"type": "string"},
                "url": {"type": "string"},
                "checked": {"type": "string"},
                "licence": {"type": "string"},
            }), &["name"]),
        }), &["summary"]),
        "Fix": object(json!({
            "description": {"type": "string"},
            "edits": {"type": "array", "items": {"$ref": "#/components/schemas/Edit"}, "description": "Byte edits; absent when the fix needs an editor's judgment."},
            "safe": {"type": "boolean", "description": "Right whatever the context."},
        }), &["description", "safe"]),
        "Edit": object(json!({
            "start": count, "end": count, "replacement": {"type": "string"},
        }), &["start", "end", "replacement"]),
        "Summary": object(json!({
            "files": count, "errors": count, "warnings": count, "notes": count, "failed": count, "suppressed": count,
        }), &["files", "errors", "warnings", "notes", "failed", "suppressed"]),
        "Rule": object(json!({
            "id": {"type": "string"},
            "name": {"type": "string"},
            "severity": severity,
            "applies_to": {"type": "string"},
            "summary": {"type": "string"},
            "why": {"type": "string"},
            "help": {"type": "string", "description": "The rule's documentation page in Markdown."},
        }), &["id", "name", "severity", "applies_to", "summary", "why", "help"]),
        "RuleList": object(json!({
            "rules": {"type": "array", "items": {"$ref": "#/components/schemas/Rule"}},
        }), &["rules"]),
        "Reloaded": object(json!({
            "generation": count, "loaded_at": {"type": "string", "format": "date-time"}, "rules": count,
        }), &["generation", "loaded_at", "rules"]),
        "Health": object(json!({
            "status": {"const": "ok"},
            "version": {"type": "string"},
            "generation": count,
            "loaded_at": {"type": "string", "format": "date-time"},
            "rules": count,
            "last_reload_error": {"type": ["array", "null"], "items": {"type": "string"}, "description": "The problems of the last reload when it failed and none succeeded since."},
            "in_flight": {"type": "integer", "minimum": 0, "description": "API requests being answered now."},
            "max_concurrent": {"type": "integer", "minimum": 1, "description": "Past this many in flight, API requests get 503."},
        }), &["status", "version", "generation", "loaded_at", "rules", "last_reload_error", "in_flight", "max_concurrent"]),
        "Error": object(json!({
            "error": object(json!({
                "code": {"type": "string", "enum": [
                    "invalid_json", "invalid_utf8", "invalid_field", "invalid_text", "unreadable_body",
                    "unauthorized", "not_found", "unknown_rule", "method_not_allowed", "body_too_large",
                    "unsupported_media_type", "reload_failed", "overloaded", "timeout", "internal"
                ]},
                "message": {"type": "string"},
                "field": {"type": "string", "description": "The request field at fault: `text`, `format`, `date`, `rules[0]`…"},
                "line": position,
                "column": position,
                "details": {"type": "array", "items": {"type": "string"}},
            }), &["code", "message"]),
        }), &["error"]),
    });
    match schemas {
        Value::Object(map) => map,
        _ => unreachable!("a JSON object literal"),
    }
}

/// A closed object schema: only these properties, the `required` ones always present.
fn object(properties: Value, required: &[&str]) -> Value {
    json!({"type": "object", "properties": properties, "required": required, "additionalProperties": false})
}
