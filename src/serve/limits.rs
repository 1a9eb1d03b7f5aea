//! The middleware that keeps a shared service safe and traceable: a request id and one log line per request,
//! a time limit, the bearer token, and a bound on the requests in flight (503 with `Retry-After` beyond it,
//! rather than a queue that grows until every request is late).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::OwnedSemaphorePermit;

use super::api::{ApiError, AppState, ErrorCode};
use super::log;
use crate::deadline::Deadline;

/// A slot among the `--max-concurrent` API requests, held until the request's work is done.
pub type Permit = Arc<OwnedSemaphorePermit>;

const REQUEST_ID: &str = "x-request-id";

/// The request id: the caller's `X-Request-Id` when it is a sane token, else one made here.
fn request_id(request: &Request) -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let given = request
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|id| {
            (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
        });
    match given {
        Some(id) => id.to_string(),
        None => format!("{:x}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed)),
    }
}

/// Gives the request an id, answers with it in `X-Request-Id`, and logs one line when the answer is ready.
pub async fn request_log(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = request_id(&request);
    let method = request.method().to_string();
    let path = request.uri().path().to_string();
    let mut response = next.run(request).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    let mut fields = vec![
        ("request_id", id.into()),
        ("method", method.into()),
        ("path", path.into()),
        ("status", response.status().as_u16().into()),
        ("ms", ((started.elapsed().as_secs_f64() * 1e4).round() / 10.0).into()),
    ];
    if let Some(ErrorCode(code)) = response.extensions().get::<ErrorCode>() {
        fields.push(("error", (*code).into()));
    }
    log::event("request", &fields);
    response
}

/// Answers 503 when the request is not answered within `--timeout` (a check that runs long). The check polls the
/// same deadline, so work whose answer is no longer wanted stops and frees its slots.
pub async fn time_limit(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let limit = state.settings.timeout;
    request.extensions_mut().insert(Deadline::after(limit));
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            format!("the request was not answered within {} ms", limit.as_millis()),
        )
        .retry_after(1)
        .into_response(),
    }
}

/// Reads the request body before the request takes a slot, within half of `--timeout`, so a client that sends
/// slowly holds no slot and leaves the check its time. A body declared larger than the limit, or compressed (the
/// API takes JSON as it is), is refused at once, without reading a byte of it.
pub async fn read_body(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let max = state.settings.max_body_bytes;
    let headers = request.headers();
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > max as u64) {
        return ApiError::body_too_large(max).into_response();
    }
    if let Some(encoding) = headers.get(header::CONTENT_ENCODING) {
        let encoding = String::from_utf8_lossy(encoding.as_bytes());
        if !encoding.trim().eq_ignore_ascii_case("identity") {
            return ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                format!("the body must be sent uncompressed: `Content-Encoding: {encoding}` is not supported"),
            )
            .into_response();
        }
    }
    let (parts, body) = request.into_parts();
    let limit = state.settings.timeout / 2;
    let body = match tokio::time::timeout(limit, collect(body, max)).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(BodyError::TooLarge)) => return ApiError::body_too_large(max).into_response(),
        Ok(Err(BodyError::Unreadable(e))) => {
            return ApiError::new(
                StatusCode::BAD_REQUEST,
                "unreadable_body",
                format!("the request body could not be read: {e}"),
            )
            .into_response();
        }
        Err(_) => {
            return ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                "timeout",
                format!("the request body did not arrive within {} ms", limit.as_millis()),
            )
            .into_response();
        }
    };
    next.run(Request::from_parts(parts, Body::from(body))).await
}

enum BodyError {
    TooLarge,
    Unreadable(axum::Error),
}

/// The body's bytes, refused as soon as they pass `max` so that memory stays bounded.
async fn collect(mut body: Body, max: usize) -> Result<Bytes, BodyError> {
    let mut bytes = Vec::new();
    while let Some(frame) = std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx)).await {
        if let Ok(data) = frame.map_err(BodyError::Unreadable)?.into_data() {
            if bytes.len() + data.len() > max {
                return Err(BodyError::TooLarge);
            }
            bytes.extend_from_slice(&data);
        }
    }
    Ok(bytes.into())
}

/// With `--token-file`, the API needs `Authorization: Bearer TOKEN`.
pub async fn authorize(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(token) = &state.settings.token else {
        return next.run(request).await;
    };
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match given {
        Some(given) if same_secret(given.trim().as_bytes(), token.as_bytes()) => next.run(request).await,
        Some(_) => ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "the bearer token is wrong").into_response(),
        None => ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "this service needs `Authorization: Bearer TOKEN`",
        )
        .into_response(),
    }
}

/// Compares without stopping at the first difference, so the time taken does not reveal how much matched.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len() && given.iter().zip(expected).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

/// Takes a slot among the requests in flight, or answers 503 at once when all are taken.
pub async fn concurrency(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    match state.permits.clone().try_acquire_owned() {
        Ok(permit) => {
            request.extensions_mut().insert::<Permit>(Arc::new(permit));
            next.run(request).await
        }
        Err(_) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "overloaded",
            format!(
                "{} requests are already in flight; retry shortly",
                state.settings.max_concurrent
            ),
        )
        .retry_after(1)
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"s3cret", b"s3cret"));
        assert!(!same_secret(b"s3cres", b"s3cret"));
        assert!(!same_secret(b"s3cre", b"s3cret"));
    }
}
