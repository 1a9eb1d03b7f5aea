//! `factlint lsp`: its options, resolved into [`crate::lsp::Options`].

use std::time::Duration;

use super::args::{ReferenceArgs, RuleArgs, parse_duration};
use super::{EXIT_CLEAN, EXIT_ERROR};

#[derive(clap::Args, Debug)]
pub(super) struct LspArgs {
    /// Rule layers over the bundled rules (a document's `factlint.yaml` adds its own beneath them).
    #[command(flatten)]
    rules: RuleArgs,
    /// Reference data layers over the bundled data.
    #[command(flatten)]
    reference: ReferenceArgs,
    /// Check a changed document once the writer has paused this long (`300ms`, `1s`).
    #[arg(long, value_name = "DURATION", default_value = "300ms", value_parser = parse_duration)]
    debounce: Duration,
    /// Accepted for editors that pass it: the server always talks over standard input and output.
    #[arg(long, hide = true)]
    stdio: bool,
}

pub(super) fn lsp(args: LspArgs) -> u8 {
    let options = crate::lsp::Options {
        no_default_rules: args.rules.no_default_rules,
        rules: args.rules.rules,
        no_default_reference: args.reference.no_default_reference,
        reference: args.reference.reference,
        no_cache: args.reference.no_cache,
        debounce: args.debounce,
    };
    let (connection, io_threads) = lsp_server::Connection::stdio();
    let served = crate::lsp::run(&connection, options);
    drop(connection);
    let joined = io_threads.join();
    match served.map_err(|e| e.to_string()).and(joined.map_err(|e| e.to_string())) {
        Ok(()) => EXIT_CLEAN,
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_ERROR
        }
    }
}
