//! The HTTP routes: the JSON API (`/v1/…`), `/healthz`, `/openapi.json`, and the editor page with its assets.
//! Every answer that is not a success is an [`ApiError`]: a JSON body naming what is wrong and, for a bad field,
//! which one.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;

use super::limits::{self, Permit};
use super::reload::Shared;
use super::{Settings, openapi};
use crate::deadline::Deadline;
use crate::engine::{Engine, Scope};
use crate::error::nearest;
use crate::report::{self, OutputFormat, Style, Summary};
use crate::source::{Document, Format, LineIndex};

/// What every handler and middleware reaches through axum's state.
#[derive(Clone)]
pub struct AppState {
    pub shared: Arc<Shared>,
    pub settings: Arc<Settings>,
    pub permits: Arc<Semaphore>,
    /// One slot per core: checks beyond that wait their turn instead of sharing the cores.
    pub cores: Arc<Semaphore>,
}

pub fn router(shared: Arc<Shared>, settings: Settings) -> Router {
    let state = AppState {
        shared,
        permits: Arc::new(Semaphore::new(settings.max_concurrent as usize)),
        cores: Arc::new(Semaphore::new(super::cores())),
        settings: Arc::new(settings),
    };
    let api = Router::new()
        .route("/v1/check", post(check))
        .route("/v1/rules", get(list_rules))
        .route("/v1/rules/{id}", get(show_rule))
        .route("/v1/reload", post(reload))
        .route_layer(from_fn_with_state(state.clone(), limits::concurrency))
        .route_layer(from_fn_with_state(state.clone(), limits::read_body))
        .route_layer(from_fn_with_state(state.clone(), limits::authorize));
    Router::new()
        .merge(api)
        .route("/healthz", get(health))
        .route("/openapi.json", get(openapi_document))
        .route("/", get(|| async { asset("text/html; charset=utf-8", EDITOR_HTML) }))
        .route(
            "/editor.css",
            get(|| async { asset("text/css; charset=utf-8", EDITOR_CSS) }),
        )
        .route(
            "/editor.js",
            get(|| async { asset("text/javascript; charset=utf-8", EDITOR_JS) }),
        )
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such route") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this route does not take that method (see /openapi.json)",
            )
        })
        .layer(DefaultBodyLimit::max(state.settings.max_body_bytes))
        .layer(from_fn_with_state(state.clone(), limits::time_limit))
        .layer(from_fn(limits::request_log))
        .with_state(state)
}

/// A failed request: status, a stable `code`, a message for people, and the field or place it concerns.
/// Boxed: it travels in every handler's `Result`.
#[derive(Debug)]
pub struct ApiError(Box<ErrorBody>);

#[derive(Debug, Serialize)]
struct ErrorBody {
    #[serde(skip)]
    status: StatusCode,
    code: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    details: Vec<String>,
    /// Seconds, for `Retry-After`.
    #[serde(skip)]
    retry_after: Option<u32>,
}

/// The error code of a response, for the request log.
#[derive(Debug, Clone, Copy)]
pub struct ErrorCode(pub &'static str);

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError(Box::new(ErrorBody {
            status,
            code,
            message: message.into(),
            field: None,
            line: None,
            column: None,
            details: Vec::new(),
            retry_after: None,
        }))
    }

    /// A failure of the service itself, never of the request: a bug if it happens.
    fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }

    /// A 400 about one field of the request.
    fn invalid_field(field: impl Into<String>, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_field", message).field(field)
    }

    fn field(mut self, field: impl Into<String>) -> ApiError {
        self.0.field = Some(field.into());
        self
    }

    fn at(mut self, line: usize, column: usize) -> ApiError {
        self.0.line = Some(line);
        self.0.column = Some(column);
        self
    }

    fn details(mut self, details: Vec<String>) -> ApiError {
        self.0.details = details;
        self
    }

    pub fn body_too_large(max_body_bytes: usize) -> ApiError {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            format!("the request body is larger than the limit of {max_body_bytes} bytes"),
        )
    }

    pub fn retry_after(mut self, seconds: u32) -> ApiError {
        self.0.retry_after = Some(seconds);
        self
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        #[derive(Serialize)]
        struct Body<'a> {
            error: &'a ErrorBody,
        }
        let error = &self.0;
        let mut response = (error.status, axum::Json(Body { error })).into_response();
        let headers = response.headers_mut();
        if let Some(seconds) = error.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if error.status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response.extensions_mut().insert(ErrorCode(error.code));
        response
    }
}

/// How the article in a check request is written.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ArticleFormat {
    #[default]
    Markdown,
    Html,
    Text,
}

impl From<ArticleFormat> for Format {
    fn from(format: ArticleFormat) -> Format {
        match format {
            ArticleFormat::Markdown => Format::Markdown,
            ArticleFormat::Html => Format::Html,
            ArticleFormat::Text => Format::Text,
        }
    }
}

/// The body of `POST /v1/check`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckRequest {
    /// The article, as it would be written to a file (front matter included for Markdown).
    text: String,
    /// How the article is written (default: Markdown, as for standard input on the command line).
    #[serde(default)]
    format: ArticleFormat,
    /// Check as of this date, `YYYY-MM-DD` (default: the front matter `date`, else today).
    #[serde(default)]
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), extend("format" = "date"))]
    date: Option<String>,
    /// Only run these rules, by id (default: every rule); an empty list is refused: leave `rules` out for all.
    #[serde(default)]
    #[schemars(length(min = 1), inner(length(min = 1)))]
    rules: Option<Vec<String>>,
}

async fn check(
    State(state): State<AppState>,
    permit: axum::Extension<Permit>,
    deadline: axum::Extension<Deadline>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let request = parse_check_request(&headers, &body)?;
    let engine = state.shared.engine();
    let permit = permit.0;
    let core = state
        .cores
        .clone()
        .acquire_owned()
        .await
        .map_err(|e| ApiError::internal(format!("no core for the check: {e}")))?;
    // The check is CPU work: it runs on a blocking thread and holds its slots to the end, so the limits bound the
    // work really running; it polls the request's deadline, so that end comes when the time limit has answered.
    let rendered = tokio::task::spawn_blocking(move || {
        let _slots = (permit, core);
        check_article(&engine.engine, request, deadline.0)
    })
    .await
    .map_err(|e| ApiError::internal(format!("the check stopped: {e}")))??;
    Ok(([(header::CONTENT_TYPE, "application/json")], rendered).into_response())
}

fn parse_check_request(headers: &HeaderMap, body: &[u8]) -> Result<CheckRequest, ApiError> {
    if let Some(content_type) = headers.get(header::CONTENT_TYPE) {
        let essence = content_type
            .to_str()
            .unwrap_or("")
            .split(';')
            .next()
            .unwrap_or("")
            .trim();
        if !essence.eq_ignore_ascii_case("application/json") {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                format!("the body must be JSON: send `Content-Type: application/json`, not `{essence}`"),
            ));
        }
    }
    let text = std::str::from_utf8(body).map_err(|e| {
        let at = e.valid_up_to();
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_utf8",
            format!("the request body is not UTF-8: byte 0x{:02x} at offset {at}", body[at]),
        )
    })?;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let request: CheckRequest = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| json_error(e.path().to_string(), e.into_inner()))?;
    deserializer.end().map_err(|e| json_error(String::new(), e))?;
    Ok(request)
}

/// A JSON error as a 400: a syntax error with its place, a data error with the field it is in.
fn json_error(path: String, inner: serde_json::Error) -> ApiError {
    // serde_json says column 0 at the very start of a line (an empty body); positions here start at 1.
    let (line, column) = (inner.line().max(1), inner.column().max(1));
    let message = inner.to_string();
    if !inner.is_data() {
        return ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            format!("the body is not valid JSON: {message}"),
        )
        .at(line, column);
    }
    // A missing field is reported at the object that lacks it; name the field itself.
    let field = match (path.as_str(), message.strip_prefix("missing field `")) {
        (".", Some(rest)) => rest.split('`').next().unwrap_or("").to_string(),
        (".", None) => String::new(),
        _ => path,
    };
    let error = ApiError::new(StatusCode::BAD_REQUEST, "invalid_field", message).at(line, column);
    if field.is_empty() { error } else { error.field(field) }
}

/// Checks one article and prints the result with the `json` output format, the CLI's findings model.
fn check_article(engine: &Engine, request: CheckRequest, deadline: Deadline) -> Result<Vec<u8>, ApiError> {
    let date = match &request.date {
        Some(date) => {
            // Exactly `YYYY-MM-DD`, as the OpenAPI document says.
            let parsed = crate::source::parse_day(date);
            Some(parsed.ok_or_else(|| {
                ApiError::invalid_field("date", format!("`{date}` is not a valid date (expected YYYY-MM-DD)"))
            })?)
        }
        None => None,
    };
    let rules = &engine.checker.rules;
    let selected = match &request.rules {
        None => rules.rules.iter().collect(),
        Some(ids) if ids.is_empty() => {
            return Err(ApiError::invalid_field(
                "rules",
                "`rules` is empty, which would run no rule: leave `rules` out to run every rule, or name at least one",
            ));
        }
        Some(ids) => ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                rules.get(id).ok_or_else(|| {
                    let hint = nearest(id, rules.rules.iter().map(|r| r.id.as_str()))
                        .map_or_else(String::new, |near| format!(" (did you mean `{near}`?)"));
                    ApiError::invalid_field(format!("rules[{i}]"), format!("unknown rule `{id}`{hint}"))
                })
            })
            .collect::<Result<Vec<_>, _>>()?,
    };
    // The same reading as a file's: a NUL byte or a broken front matter is refused with its place.
    let document =
        Document::from_bytes("-", request.text.clone().into_bytes(), request.format.into()).map_err(|e| {
            let error = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_text", e.message).field("text");
            match e.offset {
                Some(offset) => {
                    let at = LineIndex::new(&request.text).position(&request.text, offset);
                    error.at(at.line, at.column)
                }
                None => error,
            }
        })?;
    let reports = [engine
        .report_until(document, date, today(), Scope::Only(&selected), deadline)
        .map_err(|time_up| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "timeout", time_up.to_string()))?];
    let mut out = Vec::new();
    let summary = Summary::of(&reports, 0);
    report::render(
        OutputFormat::Json,
        &reports,
        &[],
        &engine.rules,
        summary,
        Style::default(),
        &mut out,
    )
    .map_err(|e| ApiError::internal(e.to_string()))?;
    Ok(out)
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

async fn list_rules(State(state): State<AppState>) -> Response {
    let engine = state.shared.engine();
    axum::Json(serde_json::json!({ "rules": engine.engine.rules })).into_response()
}

async fn show_rule(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let engine = state.shared.engine();
    let wanted = id.to_uppercase();
    match engine.engine.rules.iter().find(|r| r.id == wanted) {
        Some(rule) => Ok(axum::Json(rule).into_response()),
        None => {
            let hint = nearest(&wanted, engine.engine.rules.iter().map(|r| r.id.as_str()))
                .map_or_else(String::new, |near| format!(" (did you mean `{near}`?)"));
            Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "unknown_rule",
                format!("unknown rule `{id}`{hint}"),
            ))
        }
    }
}

async fn reload(State(state): State<AppState>) -> Result<Response, ApiError> {
    match state.shared.reload("api").await {
        Ok(reloaded) => Ok(axum::Json(reloaded).into_response()),
        Err(errors) => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "reload_failed",
            "the rules or reference data did not load; the ones loaded before are still in use",
        )
        .details(errors)),
    }
}

async fn health(State(state): State<AppState>) -> Response {
    let engine = state.shared.engine();
    axum::Json(serde_json::json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "generation": engine.generation,
        "loaded_at": engine.loaded_at,
        "rules": engine.engine.rules.len(),
        "last_reload_error": state.shared.last_reload_error(),
        "in_flight": state.settings.max_concurrent as usize - state.permits.available_permits(),
        "max_concurrent": state.settings.max_concurrent,
    }))
    .into_response()
}

async fn openapi_document() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], openapi::document()).into_response()
}

const EDITOR_HTML: &str = include_str!("editor/index.html");
const EDITOR_CSS: &str = include_str!("editor/editor.css");
const EDITOR_JS: &str = include_str!("editor/editor.js");

/// An embedded asset, with a policy that lets the page load nothing but its own files.
fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}
