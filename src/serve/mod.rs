//! `factlint serve`: the checks as a long-running HTTP service, so a CMS can call them before publishing and an
//! editor can see the findings in the text without a command line.
//!
//! The service is a thin layer over the pipeline the CLI uses: the same loaders, the same [`Checker`], the same
//! JSON findings model printed by [`crate::report::render`]. What it adds is what a shared service needs: a
//! reload that swaps the rules and reference data without dropping requests in flight, limits (body size, time,
//! concurrency, an optional bearer token), a JSON error naming the field for every bad request, one structured
//! log line per request, and a graceful shutdown.
//!
//! [`Checker`]: crate::check::Checker

mod api;
mod engine;
mod limits;
mod log;
pub mod openapi;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::cli::{EXIT_CLEAN, EXIT_ERROR};
use engine::Shared;

/// The request body limit when `--max-body-bytes` is not given: 2 MiB.
const DEFAULT_MAX_BODY: usize = 2 * 1024 * 1024;

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// The address to listen on (loopback by default; port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    addr: SocketAddr,
    /// Rule layers; the directories are read again on SIGHUP or `POST /v1/reload`.
    #[command(flatten)]
    rules: crate::layers::RuleArgs,
    /// Reference data layers, read again with the rules.
    #[command(flatten)]
    reference: crate::layers::ReferenceArgs,
    /// Require `Authorization: Bearer TOKEN` on `/v1/` with the token in FILE (surrounding whitespace ignored).
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
    /// Refuse request bodies larger than this with 413.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BODY)]
    max_body_bytes: usize,
    /// Answer 503 to a request not answered this long after its headers, and close a connection that has not
    /// sent its headers by then (`500ms`, `10s`, `1m`, `1m30s`).
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration)]
    timeout: Duration,
    /// Answer 503 with `Retry-After` when this many API requests are already in flight.
    #[arg(long, value_name = "N", default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..))]
    max_concurrent: u32,
    /// Print the OpenAPI document of the API (committed as `docs/openapi.json`) and exit.
    #[arg(long)]
    print_openapi: bool,
}

/// A duration as people write one: a number of seconds, or numbers each with a unit — `ms`, `s`, `m` (or `min`),
/// `h` — added up (`500ms`, `10s`, `1m`, `1m30s`, `1.5h`).
fn parse_duration(value: &str) -> Result<Duration, String> {
    let refused = || format!("`{value}` is not a duration of at most a day (such as `500ms`, `10s` or `1m`)");
    let text = value.trim();
    let seconds = match text.parse::<f64>() {
        Ok(seconds) => seconds,
        Err(_) => {
            let mut total = 0.0;
            let mut rest = text;
            while !rest.is_empty() {
                let number_end = rest
                    .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                    .ok_or_else(refused)?;
                let unit_end = rest[number_end..]
                    .find(|c: char| !c.is_ascii_alphabetic())
                    .map_or(rest.len(), |end| number_end + end);
                let number: f64 = rest[..number_end].parse().map_err(|_| refused())?;
                let unit = match &rest[number_end..unit_end] {
                    "ms" => 1e-3,
                    "s" => 1.0,
                    "m" | "min" => 60.0,
                    "h" => 3600.0,
                    _ => return Err(refused()),
                };
                total += number * unit;
                rest = &rest[unit_end..];
            }
            total
        }
    };
    Some(seconds)
        .filter(|n| *n > 0.0)
        .and_then(|n| Duration::try_from_secs_f64(n).ok())
        // Longer than a day is a mistake, and would overflow the clock arithmetic of far deadlines.
        .filter(|d| *d <= Duration::from_secs(24 * 60 * 60))
        .ok_or_else(refused)
}

/// The limits every request is held to.
pub(crate) struct Settings {
    token: Option<String>,
    max_body_bytes: usize,
    timeout: Duration,
    max_concurrent: u32,
}

/// Runs the service until SIGTERM or Ctrl-C, then finishes the requests in flight. Returns the exit code.
pub fn run(args: ServeArgs) -> u8 {
    if args.print_openapi {
        print!("{}", openapi::document());
        return EXIT_CLEAN;
    }
    let token = match &args.token_file {
        None => None,
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) if !text.trim().is_empty() => Some(text.trim().to_string()),
            Ok(_) => {
                eprintln!("error: {}: the token file is empty", path.display());
                return EXIT_ERROR;
            }
            Err(e) => {
                eprintln!("error: {}: cannot read the token file: {e}", path.display());
                return EXIT_ERROR;
            }
        },
    };
    let shared = match Shared::load(args.rules.layers(), args.reference.layers()) {
        Ok(shared) => shared,
        Err(errors) => {
            for e in errors {
                eprintln!("error: {e}");
            }
            return EXIT_ERROR;
        }
    };
    if !args.addr.ip().is_loopback() && token.is_none() {
        eprintln!(
            "warning: listening on {} without --token-file: anyone who can reach it can use the API",
            args.addr
        );
    }
    let settings = Settings {
        token,
        max_body_bytes: args.max_body_bytes,
        timeout: args.timeout,
        max_concurrent: args.max_concurrent,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // Checks run on blocking threads, one per core at a time; one more thread for a reload.
        .max_blocking_threads(cores() + 1)
        .build();
    let runtime = match runtime {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the service: {e}");
            return EXIT_ERROR;
        }
    };
    match runtime.block_on(serve(args.addr, Arc::new(shared), settings)) {
        Ok(()) => EXIT_CLEAN,
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_ERROR
        }
    }
}

/// The cores checks may use at once.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

async fn serve(addr: SocketAddr, shared: Arc<Shared>, settings: Settings) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::server::graceful::GracefulShutdown;
    use hyper_util::service::TowerToHyperService;

    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| std::io::Error::new(e.kind(), format!("cannot listen on {addr}: {e}")))?;
    let local = listener.local_addr()?;
    let timeout = settings.timeout;
    let app = api::router(shared.clone(), settings);
    log::event("listening", &[("addr", local.to_string().into())]);
    tokio::spawn(reload_on_sighup(shared));

    // Connections are served here rather than by `axum::serve` so that a client which never finishes its
    // headers is disconnected after `--timeout` instead of holding a connection for ever.
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(timeout);
    let connections = GracefulShutdown::new();
    let shutdown = shutdown_signal();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    // Answers are written whole; waiting to fill a packet only adds latency.
                    let _ = stream.set_nodelay(true);
                    let service = TowerToHyperService::new(app.clone());
                    let connection = connections.watch(http.serve_connection(TokioIo::new(stream), service));
                    tokio::spawn(connection);
                }
                Err(e) => {
                    // Out of file descriptors, or a connection reset before it was accepted: go on.
                    log::event("accept-failed", &[("error", e.to_string().into())]);
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    log::event("shutting-down", &[]);
    // Requests in flight are bounded by the time limit, so a drain longer than that means a stuck connection.
    let grace = timeout + Duration::from_secs(1);
    tokio::select! {
        () = connections.shutdown() => {}
        () = tokio::time::sleep(grace) => {
            log::event("stopped-waiting", &[("after_ms", (grace.as_millis() as u64).into())]);
        }
    }
    log::event("stopped", &[]);
    Ok(())
}

async fn shutdown_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
        }
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

async fn reload_on_sighup(shared: Arc<Shared>) {
    use tokio::signal::unix::{SignalKind, signal};
    let Ok(mut hup) = signal(SignalKind::hangup()) else {
        log::event("sighup-unavailable", &[]);
        return;
    };
    while hup.recv().await.is_some() {
        // The outcome is logged by the reload itself.
        let _ = shared.reload("sighup").await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_seconds_or_milliseconds() {
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("1.5"), Ok(Duration::from_millis(1500)));
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("soon").is_err());
        assert!(
            parse_duration("1e300s").is_err(),
            "too long for a Duration, refused rather than a panic"
        );
        assert!(parse_duration("90000s").is_err());
    }

    #[test]
    fn durations_take_minutes_and_hours_too() {
        let ok = |text: &str| parse_duration(text).unwrap();
        assert_eq!(ok("1m"), Duration::from_secs(60));
        assert_eq!(ok("2min"), Duration::from_secs(120));
        assert_eq!(ok("1m30s"), Duration::from_secs(90));
        assert_eq!(ok("1.5h"), Duration::from_secs(5400));
        assert_eq!(ok("24h"), Duration::from_secs(86400));
        for bad in ["", "-1s", "1x", "m", "1m30", "25h", "1e9", "s10"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }
}
