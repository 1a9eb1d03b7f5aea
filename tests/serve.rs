//! `factlint serve` over loopback with a real HTTP client: the findings model, every kind of bad request, the
//! limits, the token, reload (API and SIGHUP) under load, graceful shutdown, and the OpenAPI document.

use std::io::{Read, Write};
use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};

use crate::common;
use crate::common::server::{Pending, Server, get, post, seed_request};

const JSON: &str = "application/json";

/// Validates `instance` against a schema of the served OpenAPI document.
fn assert_matches_schema(openapi: &Value, schema: &str, instance: &Value) {
    let mut root = openapi.clone();
    root["$ref"] = json!(format!("#/components/schemas/{schema}"));
    let validator = jsonschema::validator_for(&root).expect("the OpenAPI schemas compile");
    let errors: Vec<String> = validator.iter_errors(instance).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{schema} does not describe {instance}: {errors:?}");
}

fn rules_of(findings: &Value) -> Vec<&str> {
    findings["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect()
}

#[test]
fn check_answers_the_cli_json_model_and_matches_the_openapi_document() {
    let server = Server::start(&[]);
    let openapi = get(&server.url("/openapi.json")).body;
    let answer = post(&server.url("/v1/check"), JSON, &seed_request(json!({})), &[]);
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(answer.header("x-request-id").is_some_and(|id| !id.is_empty()));
    assert_matches_schema(&openapi, "FindingsDocument", &answer.body);

    // The same document `check --format json` prints, but for the path of the article.
    let cli = common::factlint_in(common::repo())
        .args([
            "check",
            "--no-config",
            "--format",
            "json",
            "tests/fixtures/seed/article.md",
        ])
        .output()
        .unwrap();
    let mut expected: Value = serde_json::from_slice(&cli.stdout).unwrap();
    expected["files"][0]["path"] = json!("-");
    for finding in expected["files"][0]["findings"].as_array_mut().unwrap() {
        finding["path"] = json!("-");
    }
    assert_eq!(answer.body, expected);
    assert_eq!(answer.body["summary"]["errors"], 1);
    assert_eq!(rules_of(&answer.body).len(), 7);

    // A date and a subset of the rules, as `--date` and `--select` would.
    let answer = post(
        &server.url("/v1/check"),
        JSON,
        &seed_request(json!({"date": "2024-06-01", "rules": ["FL101", "FL402"]})),
        &[],
    );
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body["files"][0]["as_of"], "2024-06-01");
    assert_eq!(answer.body["files"][0]["as_of_from"], "option");
    assert_eq!(rules_of(&answer.body), ["FL402", "FL402"]);

    let text = json!({"text": "Observers believe further meetings could take place later this month.", "format": "text", "date": "2025-05-16"});
    let answer = post(&server.url("/v1/check"), JSON, text.to_string().as_bytes(), &[]);
    assert_eq!(rules_of(&answer.body), ["FL402"]);

    let rules = get(&server.url("/v1/rules"));
    assert_matches_schema(&openapi, "RuleList", &rules.body);
    let ids: Vec<&str> = rules.body["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 17);
    assert_eq!((ids[0], ids[14], ids[16]), ("FL101", "FL503", "FL002"));
    let rule = get(&server.url("/v1/rules/fl101"));
    assert_eq!(rule.status, 200);
    assert_matches_schema(&openapi, "Rule", &rule.body);
    assert_eq!(rule.body["name"], "former-incumbent");
    let health = get(&server.url("/healthz"));
    assert_matches_schema(&openapi, "Health", &health.body);
    assert_eq!(
        (health.body["generation"].as_u64(), health.body["rules"].as_u64()),
        (Some(1), Some(17))
    );
}

const FIELD: &str = "invalid_field";
const FRONT_MATTER: &[u8] = br#"{"text": "---\ndate: 2025-13-01\n---\nText.\n", "format": "markdown"}"#;

/// A bad `POST /v1/check` and the error it must get.
struct BadRequest {
    what: &'static str,
    body: Vec<u8>,
    content_type: &'static str,
    status: u16,
    code: &'static str,
    field: Option<&'static str>,
}

impl BadRequest {
    fn json(what: &'static str, body: &[u8], status: u16, code: &'static str, field: Option<&'static str>) -> Self {
        BadRequest {
            what,
            body: body.to_vec(),
            content_type: JSON,
            status,
            code,
            field,
        }
    }
}

#[test]
fn every_bad_request_gets_a_4xx_json_error_naming_the_field() {
    let server = Server::start(&["--max-body-bytes", "20000"]);
    let openapi = get(&server.url("/openapi.json")).body;
    let check = server.url("/v1/check");
    let cases = [
        BadRequest::json("invalid JSON", b"{\"text\": ", 400, "invalid_json", None),
        // serde_json places the end of an empty body at column 0; the answer still says column 1.
        BadRequest::json("empty body", b"", 400, "invalid_json", None),
        BadRequest::json(
            "trailing data",
            br#"{"text": "a", "format": "text"} {}"#,
            400,
            "invalid_json",
            None,
        ),
        BadRequest::json(
            "invalid UTF-8",
            b"{\"text\": \"\xff\", \"format\": \"text\"}",
            400,
            "invalid_utf8",
            None,
        ),
        BadRequest::json(
            "text of the wrong type",
            br#"{"text": 1, "format": "text"}"#,
            400,
            FIELD,
            Some("text"),
        ),
        BadRequest::json("missing text", br#"{"format": "text"}"#, 400, FIELD, Some("text")),
        BadRequest::json(
            "empty rule list",
            br#"{"text": "a", "rules": []}"#,
            400,
            FIELD,
            Some("rules"),
        ),
        BadRequest::json(
            "empty rule id",
            br#"{"text": "a", "rules": [""]}"#,
            400,
            FIELD,
            Some("rules[0]"),
        ),
        BadRequest::json(
            "date not YYYY-MM-DD",
            br#"{"text": "a", "date": "2025-5-6"}"#,
            400,
            FIELD,
            Some("date"),
        ),
        BadRequest::json(
            "unknown format",
            br#"{"text": "a", "format": "docx"}"#,
            400,
            FIELD,
            Some("format"),
        ),
        BadRequest::json(
            "impossible date",
            br#"{"text": "a", "format": "text", "date": "2025-02-30"}"#,
            400,
            FIELD,
            Some("date"),
        ),
        BadRequest::json(
            "date of the wrong type",
            br#"{"text": "a", "format": "text", "date": 20250516}"#,
            400,
            FIELD,
            Some("date"),
        ),
        BadRequest::json(
            "unknown rule",
            br#"{"text": "a", "format": "text", "rules": ["FL101", "FL1O2"]}"#,
            400,
            FIELD,
            Some("rules[1]"),
        ),
        BadRequest::json(
            "rules not a list",
            br#"{"text": "a", "format": "text", "rules": "FL101"}"#,
            400,
            FIELD,
            Some("rules"),
        ),
        BadRequest::json(
            "unknown field",
            br#"{"text": "a", "format": "text", "rule": []}"#,
            400,
            FIELD,
            Some("rule"),
        ),
        BadRequest::json("not an object", b"[]", 400, FIELD, None),
        BadRequest::json(
            "NUL byte in the text",
            br#"{"text": "a\u0000b", "format": "text"}"#,
            422,
            "invalid_text",
            Some("text"),
        ),
        BadRequest::json("broken front matter", FRONT_MATTER, 422, "invalid_text", Some("text")),
        BadRequest::json(
            "body over the limit",
            &seed_request(json!({"rules": vec!["FL101"; 3000]})),
            413,
            "body_too_large",
            None,
        ),
        BadRequest {
            content_type: "application/x-www-form-urlencoded",
            ..BadRequest::json("form body", b"text=a", 415, "unsupported_media_type", None)
        },
    ];
    for case in cases {
        let what = case.what;
        let answer = post(&check, case.content_type, &case.body, &[]);
        assert_eq!(answer.status, case.status, "{what}: {}", answer.body);
        assert_eq!(answer.body["error"]["code"], case.code, "{what}: {}", answer.body);
        assert_eq!(
            answer.body["error"]["field"].as_str(),
            case.field,
            "{what}: {}",
            answer.body
        );
        assert!(!answer.body["error"]["message"].as_str().unwrap().is_empty(), "{what}");
        assert_matches_schema(&openapi, "Error", &answer.body);
    }
    // The place of a problem in the article is given as line and column.
    let answer = post(&check, JSON, FRONT_MATTER, &[]);
    assert_eq!(
        (
            answer.body["error"]["line"].as_u64(),
            answer.body["error"]["column"].as_u64()
        ),
        (Some(2), Some(7))
    );

    let unknown = get(&server.url("/v1/rules/FL10"));
    assert_eq!(
        (unknown.status, unknown.body["error"]["code"].as_str()),
        (404, Some("unknown_rule"))
    );
    assert!(
        unknown.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("did you mean")
    );
    assert_eq!(get(&server.url("/v2/check")).status, 404);
    let wrong_method = get(&check);
    assert_eq!(
        (wrong_method.status, wrong_method.body["error"]["code"].as_str()),
        (405, Some("method_not_allowed"))
    );

    // The service is still up, and it logged every request on one JSON line with its id.
    assert_eq!(get(&server.url("/healthz")).status, 200);
    let logs = server.logs_until(r#""path":"/healthz""#);
    let requests: Vec<Value> = logs
        .iter()
        .map(|l| serde_json::from_str::<Value>(l).expect("every log line is JSON"))
        .filter(|l| l["event"] == "request")
        .collect();
    assert!(requests.len() >= 21);
    assert!(
        requests
            .iter()
            .all(|r| r["request_id"].as_str().is_some_and(|id| !id.is_empty()))
    );
    assert!(
        requests
            .iter()
            .any(|r| r["status"] == 413 && r["error"] == "body_too_large")
    );
    assert!(logs.iter().all(|l| !l.contains("panick")));
}

#[test]
fn a_caller_request_id_is_kept() {
    let server = Server::start(&[]);
    let answer = post(
        &server.url("/v1/check"),
        JSON,
        &seed_request(json!({})),
        &[("x-request-id", "cms-42")],
    );
    assert_eq!(answer.header("x-request-id"), Some("cms-42"));
    let logs = server.logs_until(r#""request_id":"cms-42""#);
    let line = logs.iter().find(|l| l.contains("cms-42")).unwrap();
    assert!(
        line.contains(r#""path":"/v1/check""#) && line.contains(r#""status":200"#),
        "{line}"
    );
}

#[test]
fn the_api_needs_the_token_when_one_is_set() {
    let dir = tempfile::tempdir().unwrap();
    let token = dir.path().join("token");
    std::fs::write(&token, "s3cret-token\n").unwrap();
    let server = Server::start(&["--token-file", token.to_str().unwrap()]);
    let check = server.url("/v1/check");
    let body = seed_request(json!({}));
    let missing = post(&check, JSON, &body, &[]);
    assert_eq!(
        (missing.status, missing.header("www-authenticate")),
        (401, Some("Bearer"))
    );
    assert_eq!(missing.body["error"]["code"], "unauthorized");
    assert_eq!(
        post(&check, JSON, &body, &[("authorization", "Bearer s3cret-tokem")]).status,
        401
    );
    assert_eq!(
        post(&check, JSON, &body, &[("authorization", "Bearer s3cret-token")]).status,
        200
    );
    assert_eq!(get(&server.url("/v1/rules")).status, 401);
    // Liveness, the page and the API description stay open.
    assert_eq!(get(&server.url("/healthz")).status, 200);
    assert_eq!(get(&server.url("/openapi.json")).status, 200);
}

/// Waits until `/healthz` counts `count` API requests in flight.
fn wait_in_flight(server: &Server, count: u64) {
    for _ in 0..500 {
        if get(&server.url("/healthz")).body["in_flight"] == count {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("never {count} requests in flight");
}

/// A check request for about `bytes` of one sentence with a finding, again and again: long to check.
fn long_request(bytes: usize) -> Vec<u8> {
    let sentence = "Former U.S. President Donald Trump spoke on Friday. ";
    let text = format!(
        "---\ndate: 2025-05-16\n---\n\n{}",
        sentence.repeat(bytes / sentence.len())
    );
    serde_json::to_vec(&json!({"text": text, "format": "markdown"})).unwrap()
}

/// POSTs `body` to `/v1/check` from another thread.
fn post_in_background(server: &Server, body: Vec<u8>) -> std::thread::JoinHandle<common::server::Answer> {
    let url = server.url("/v1/check");
    std::thread::spawn(move || post(&url, JSON, &body, &[]))
}

#[test]
fn saturation_answers_503_with_retry_after_and_a_check_out_of_time_frees_its_slot() {
    let server = Server::start(&[
        "--max-concurrent",
        "1",
        "--timeout",
        "1500ms",
        "--max-body-bytes",
        "8000000",
    ]);
    let body = seed_request(json!({}));
    // A check of 6 MB, many times longer than the time limit, holds the only slot.
    let long = post_in_background(&server, long_request(6_000_000));
    wait_in_flight(&server, 1);
    let busy = post(&server.url("/v1/check"), JSON, &body, &[]);
    assert_eq!((busy.status, busy.header("retry-after")), (503, Some("1")));
    assert_eq!(busy.body["error"]["code"], "overloaded");
    // It is answered when its time is up, and the check stops there: its slot is free again at once, where a
    // check running to its end would hold it many times longer than these retries wait.
    let answer = long.join().unwrap();
    assert_eq!(
        (answer.status, answer.body["error"]["code"].as_str()),
        (503, Some("timeout"))
    );
    let mut next = post(&server.url("/v1/check"), JSON, &body, &[]);
    for _ in 0..50 {
        if next.status != 503 {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
        next = post(&server.url("/v1/check"), JSON, &body, &[]);
    }
    assert_eq!(next.status, 200, "{}", next.body);

    // A client that never finishes its headers is disconnected after the time limit too.
    let mut stalled = std::net::TcpStream::connect(&server.addr).unwrap();
    stalled.write_all(b"POST /v1/check HTTP/1.1\r\nHost: x\r\n").unwrap();
    stalled.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let started = std::time::Instant::now();
    // End of stream or a reset: either way the server closed it, long before the read timeout.
    let _ = stalled.read_to_end(&mut Vec::new());
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the stalled connection was closed"
    );
}

#[test]
fn a_slow_body_holds_no_slot_and_has_its_own_deadline() {
    let server = Server::start(&["--max-concurrent", "1", "--timeout", "4s"]);
    let body = seed_request(json!({}));
    let slow = Pending::start(&server.addr, &body);
    // Give the server the time to take the connection and start reading the body.
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(get(&server.url("/healthz")).body["in_flight"], 0);
    assert_eq!(post(&server.url("/v1/check"), JSON, &body, &[]).status, 200);
    // The body must arrive within half the time limit: 408, before the request's own 503.
    let (status, answer) = slow.read();
    assert_eq!(status, 408, "{answer}");
    assert!(answer.contains("did not arrive within 2000 ms"), "{answer}");
}

#[test]
fn a_declared_oversize_or_compressed_body_is_refused_at_once() {
    // With a time limit of a minute, an answer before the client's read timeout can only be an immediate one.
    let server = Server::start(&["--timeout", "60s"]);
    let mut stream = std::net::TcpStream::connect(&server.addr).unwrap();
    write!(
        stream,
        "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999999999\r\n\r\n"
    )
    .unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut answer = vec![0; 4096];
    let read = stream.read(&mut answer).unwrap();
    let answer = String::from_utf8_lossy(&answer[..read]);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("body_too_large"), "{answer}");

    let gzip = post(
        &server.url("/v1/check"),
        JSON,
        b"\x1f\x8b\x08\x00",
        &[("content-encoding", "gzip")],
    );
    assert_eq!(gzip.status, 415, "{}", gzip.body);
    assert_eq!(gzip.body["error"]["code"], "unsupported_media_type");
    let message = gzip.body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("`Content-Encoding: gzip` is not supported"),
        "{message}"
    );
}

#[test]
fn sigterm_stops_a_check_out_of_time_within_the_time_limit_and_a_second() {
    let mut server = Server::start(&["--timeout", "2s", "--max-body-bytes", "8000000"]);
    // 2 MB take a debug build about 20 s to check, far past the limit; a bigger article only lengthens the stage
    // running when the deadline passes, which is what the margin below has to cover.
    let long = post_in_background(&server, long_request(2_000_000));
    wait_in_flight(&server, 1);
    server.signal("TERM");
    // The check would run for many seconds in a debug build; it stops at its deadline (polled between stages, so
    // a stage may finish first) and the process exits. The margin is for a loaded machine running a debug build;
    // BENCHMARKS.md has the release figure (about `--timeout`).
    assert_eq!(server.wait(Duration::from_secs(10)), Some(0));
    assert_eq!(long.join().unwrap().status, 503);
}

fn copy_yaml(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "yaml") {
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
}

#[test]
fn reload_swaps_the_data_without_dropping_requests_and_a_bad_reload_keeps_the_old() {
    let dir = tempfile::tempdir().unwrap();
    let (rules, reference) = (dir.path().join("rules"), dir.path().join("reference"));
    copy_yaml(&common::repo().join("rules"), &rules);
    copy_yaml(&common::repo().join("reference-data"), &reference);
    let server = Server::start(&[
        "--no-default-rules",
        "--rules",
        rules.to_str().unwrap(),
        "--no-default-reference",
        "--reference",
        reference.to_str().unwrap(),
    ]);
    let check = server.url("/v1/check");
    let body = seed_request(json!({}));
    assert!(rules_of(&post(&check, JSON, &body, &[]).body).contains(&"FL403"));

    // Requests keep coming while the data is reloaded; every one is answered in full.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let load: Vec<_> = (0..2)
        .map(|_| {
            let (check, body, stop) = (check.clone(), body.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut statuses = Vec::new();
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let answer = post(&check, JSON, &body, &[]);
                    statuses.push((answer.status, rules_of(&answer.body).len()));
                }
                statuses
            })
        })
        .collect();

    std::fs::remove_file(rules.join("FL403-unsourced-superlative.yaml")).unwrap();
    let reloaded = post(&server.url("/v1/reload"), JSON, b"", &[]);
    assert_eq!(reloaded.status, 200, "{}", reloaded.body);
    assert_eq!(
        (reloaded.body["generation"].as_u64(), reloaded.body["rules"].as_u64()),
        (Some(2), Some(16))
    );
    assert!(!rules_of(&post(&check, JSON, &body, &[]).body).contains(&"FL403"));

    // A broken file: the reload is refused with its place, the data of generation 2 stays in use.
    let broken = rules.join("FL101-former-incumbent.yaml");
    let original = std::fs::read_to_string(&broken).unwrap();
    std::fs::write(&broken, original.replace("severity: error", "severity: eror")).unwrap();
    let refused = post(&server.url("/v1/reload"), JSON, b"", &[]);
    assert_eq!(
        (refused.status, refused.body["error"]["code"].as_str()),
        (422, Some("reload_failed"))
    );
    let details = refused.body["error"]["details"].to_string();
    assert!(
        details.contains("FL101-former-incumbent.yaml:") && details.contains("eror"),
        "{details}"
    );
    let answer = post(&check, JSON, &body, &[]);
    assert_eq!(rules_of(&answer.body).len(), 6, "the old data is still in use");
    let health = get(&server.url("/healthz"));
    assert_eq!(health.body["generation"], 2);
    assert!(health.body["last_reload_error"].to_string().contains("eror"));

    // SIGHUP reloads too.
    std::fs::write(&broken, &original).unwrap();
    std::fs::remove_file(rules.join("FL402-anonymous-attribution.yaml")).unwrap();
    server.signal("HUP");
    let mut generation = 2;
    for _ in 0..300 {
        generation = get(&server.url("/healthz")).body["generation"].as_u64().unwrap();
        if generation == 3 {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(generation, 3, "SIGHUP reloaded the data");
    assert_eq!(get(&server.url("/healthz")).body["last_reload_error"], Value::Null);
    assert_eq!(
        rules_of(&post(&check, JSON, &body, &[]).body),
        ["FL101", "FL201", "FL202", "FL401"]
    );

    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let statuses: Vec<(u16, usize)> = load.into_iter().flat_map(|t| t.join().unwrap()).collect();
    assert!(!statuses.is_empty());
    assert!(
        statuses
            .iter()
            .all(|&(status, findings)| status == 200 && (4..=7).contains(&findings)),
        "every request during the reloads was answered with one generation's findings: {statuses:?}"
    );
    let logs = server.logs_until(r#""trigger":"sighup""#).join("\n");
    assert!(logs.contains(r#""event":"reload-failed""#));
}

#[test]
fn sigterm_finishes_the_requests_in_flight_then_exits() {
    let mut server = Server::start(&["--timeout", "60s"]);
    // A check of 150 KB: in flight for a while, with an answer of a few megabytes.
    let in_flight = post_in_background(&server, long_request(150_000));
    wait_in_flight(&server, 1);
    server.signal("TERM");
    std::thread::sleep(Duration::from_millis(300));
    // No new connection is taken once shutting down.
    assert!(
        std::net::TcpStream::connect(&server.addr).is_err(),
        "the listener is closed"
    );
    let answer = in_flight.join().unwrap();
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(rules_of(&answer.body).contains(&"FL101"));
    assert_eq!(server.wait(Duration::from_secs(30)), Some(0));
    let logs = server.logs_until(r#""event":"stopped""#).join("\n");
    assert!(logs.contains(r#""event":"shutting-down""#));
}

#[test]
fn the_served_openapi_document_is_the_committed_one() {
    let server = Server::start(&[]);
    let mut served = ureq::get(server.url("/openapi.json")).call().unwrap();
    let served = served.body_mut().read_to_string().unwrap();
    let committed = std::fs::read_to_string(common::repo().join(factlint::serve::openapi::FILE)).unwrap_or_default();
    assert_eq!(
        served,
        committed,
        "{} is stale: run `cargo run -- serve --print-openapi > {}`",
        factlint::serve::openapi::FILE,
        factlint::serve::openapi::FILE
    );
    let document: Value = serde_json::from_str(&served).unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    let request = &document["components"]["schemas"]["CheckRequest"];
    assert_eq!(
        request["required"],
        json!(["text"]),
        "`format` defaults to Markdown, as on the command line"
    );
    assert_eq!(request["properties"]["format"]["default"], "markdown");
}

/// The OpenAPI document refuses what the server refuses for its shape (an empty rule list, an empty id, a date
/// not written `YYYY-MM-DD`) and allows what it takes (no `format`: Markdown, as `factlint check -` reads).
#[test]
fn the_openapi_request_schema_agrees_with_the_server() {
    let server = Server::start(&[]);
    let openapi = get(&server.url("/openapi.json")).body;
    let mut root = openapi.clone();
    root["$ref"] = json!("#/components/schemas/CheckRequest");
    let schema = jsonschema::options()
        .should_validate_formats(true)
        .build(&root)
        .expect("the OpenAPI schemas compile");
    for refused in [
        json!({"text": "a", "rules": []}),
        json!({"text": "a", "rules": [""]}),
        json!({"text": "a", "date": "2025-5-6"}),
        json!({"text": "a", "date": "16 May 2025"}),
        json!({"text": "a", "format": "docx"}),
    ] {
        assert!(!schema.is_valid(&refused), "the schema allows {refused}");
        let answer = post(&server.url("/v1/check"), JSON, refused.to_string().as_bytes(), &[]);
        assert_eq!(answer.status, 400, "{refused}: {}", answer.body);
    }
    let markdown = json!({"text": "---\ndate: 2025-05-16\n---\n\nFormer U.S. President Donald Trump spoke.\n"});
    assert!(schema.is_valid(&markdown));
    let answer = post(&server.url("/v1/check"), JSON, markdown.to_string().as_bytes(), &[]);
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(
        answer.body["files"][0]["as_of_from"], "front-matter",
        "read as Markdown: {}",
        answer.body
    );
    assert_eq!(rules_of(&answer.body), ["FL101"]);
}
