//! `factlint reference check`: the bundled data passes; a directory of broken files is refused with the exact
//! place of every problem.

mod common;

use std::path::Path;
use std::process::Command;

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};

fn factlint() -> Command {
    let mut cmd = Command::new(get_cargo_bin("factlint"));
    cmd.current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .env("NO_COLOR", "1");
    cmd
}

#[test]
fn bundled_reference_data_passes() {
    assert_cmd_snapshot!(factlint().args(["reference", "check", "reference-data"]));
}

#[test]
fn broken_reference_files_are_refused_with_exact_positions() {
    assert_cmd_snapshot!(factlint().args(["reference", "check", "tests/fixtures/broken-reference"]));
}
