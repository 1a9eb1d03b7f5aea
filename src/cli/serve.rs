//! `factlint serve`: its options, resolved into [`crate::serve::Options`].

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use super::args::{ReferenceArgs, RuleArgs, parse_duration};
use super::{EXIT_CLEAN, EXIT_ERROR, report_config_errors};
use crate::serve::{DEFAULT_MAX_BODY, Options, ServeError};

#[derive(clap::Args, Debug)]
pub(super) struct ServeArgs {
    /// The address to listen on (loopback by default; port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    addr: SocketAddr,
    /// Rule layers; the directories are read again on SIGHUP or `POST /v1/reload`.
    #[command(flatten)]
    rules: RuleArgs,
    /// Reference data layers, read again with the rules.
    #[command(flatten)]
    reference: ReferenceArgs,
    /// Require `Authorization: Bearer TOKEN` on `/v1/` with the token in FILE (surrounding whitespace ignored).
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
    /// Refuse request bodies larger than this with 413.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BODY)]
    max_body_bytes: usize,
    /// Answer 503 to a request not answered this long after its headers, and close a connection that has not
    /// sent its headers by then (`500ms`, `10s`, `1m`).
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration)]
    timeout: Duration,
    /// Answer 503 with `Retry-After` when this many API requests are already in flight.
    #[arg(long, value_name = "N", default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..))]
    max_concurrent: u32,
    /// Print the OpenAPI document of the API (committed as `docs/openapi.json`) and exit.
    #[arg(long)]
    print_openapi: bool,
}

pub(super) fn serve(args: ServeArgs) -> u8 {
    if args.print_openapi {
        print!("{}", crate::serve::openapi::document());
        return EXIT_CLEAN;
    }
    let options = Options {
        addr: args.addr,
        rules: args.rules.layers(),
        reference: args.reference.layers(),
        token_file: args.token_file,
        max_body_bytes: args.max_body_bytes,
        timeout: args.timeout,
        max_concurrent: args.max_concurrent,
    };
    match crate::serve::run(options) {
        Ok(()) => EXIT_CLEAN,
        Err(ServeError::Load(errors)) => report_config_errors(&errors),
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_ERROR
        }
    }
}
