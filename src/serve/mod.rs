//! `factlint serve`: the checks as a long-running HTTP service, so a CMS can call them before publishing and an
//! editor can see the findings in the text without a command line.
//!
//! The service is a thin layer over the pipeline the CLI uses: the same [`Engine`], the same JSON findings model
//! printed by [`crate::report::render`]. What it adds is what a shared service needs: a
//! reload that swaps the rules and reference data without dropping requests in flight, limits (body size, time,
//! concurrency, an optional bearer token), a JSON error naming the field for every bad request, one structured
//! log line per request, and a graceful shutdown.
//!
//! [`Engine`]: crate::engine::Engine

mod api;
mod limits;
mod log;
pub mod openapi;
mod reload;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use thiserror::Error;

use crate::error::ConfigError;
use crate::layers::Layers;
use reload::Shared;

/// The request body limit when none is given: 2 MiB.
pub const DEFAULT_MAX_BODY: usize = 2 * 1024 * 1024;

/// How the service is run.
#[derive(Debug, Clone)]
pub struct Options {
    /// The address to listen on (port 0 picks a free port).
    pub addr: SocketAddr,
    /// Rule layers; read again on SIGHUP or `POST /v1/reload`.
    pub rules: Layers,
    /// Reference data layers, read again with the rules.
    pub reference: Layers,
    /// A file holding the bearer token `/v1/` requires (surrounding whitespace ignored).
    pub token_file: Option<PathBuf>,
    /// Request bodies larger than this are refused with 413.
    pub max_body_bytes: usize,
    /// A request not answered this long after its headers gets 503.
    pub timeout: Duration,
    /// API requests in flight beyond this get 503 with `Retry-After`.
    pub max_concurrent: u32,
}

/// Why the service did not start, or stopped with an error.
#[derive(Debug, Error)]
pub enum ServeError {
    #[error("{}: the token file is empty", .0.display())]
    EmptyToken(PathBuf),
    #[error("{}: cannot read the token file: {error}", path.display())]
    Token { path: PathBuf, error: std::io::Error },
    #[error("the rules or reference data have errors")]
    Load(Vec<ConfigError>),
    #[error("cannot start the service: {0}")]
    Runtime(std::io::Error),
    #[error("{0}")]
    Io(std::io::Error),
}

/// The limits every request is held to.
pub(crate) struct Settings {
    token: Option<String>,
    max_body_bytes: usize,
    timeout: Duration,
    max_concurrent: u32,
}

/// Runs the service until SIGTERM or Ctrl-C, then finishes the requests in flight.
pub fn run(options: Options) -> Result<(), ServeError> {
    let token = match &options.token_file {
        None => None,
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) if !text.trim().is_empty() => Some(text.trim().to_string()),
            Ok(_) => return Err(ServeError::EmptyToken(path.clone())),
            Err(error) => {
                return Err(ServeError::Token {
                    path: path.clone(),
                    error,
                });
            }
        },
    };
    let shared = Shared::load(options.rules, options.reference).map_err(ServeError::Load)?;
    if !options.addr.ip().is_loopback() && token.is_none() {
        eprintln!(
            "warning: listening on {} without --token-file: anyone who can reach it can use the API",
            options.addr
        );
    }
    let settings = Settings {
        token,
        max_body_bytes: options.max_body_bytes,
        timeout: options.timeout,
        max_concurrent: options.max_concurrent,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // Checks run on blocking threads, one per core at a time; one more thread for a reload.
        .max_blocking_threads(cores() + 1)
        .build()
        .map_err(ServeError::Runtime)?;
    runtime
        .block_on(serve(options.addr, Arc::new(shared), settings))
        .map_err(ServeError::Io)
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
