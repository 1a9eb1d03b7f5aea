//! Hostile input: whatever a file holds, factlint answers with a clear message naming the file (and the place,
//! where there is one), exits 2, and still checks the other files. Big inputs are generated in a temporary
//! directory at test time, never committed.

use std::path::Path;
use std::process::Output;

use crate::common::server::{Server, post, seed_request};
use crate::common::{factlint_in, repo};

/// A draft with one known finding (FL101 on 2025-05-16), to show the other files are still checked.
const GOOD: &str = "---\ndate: 2025-05-16\n---\n\nFormer U.S. President Donald Trump spoke on Friday.\n";
const GOOD_FINDING: &str = "good.md:5:1: error FL101";

fn run(dir: &Path, args: &[&str]) -> (Output, String, String) {
    let output = factlint_in(dir)
        .args(["check", "--format", "concise", "--no-config"])
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output, stdout, stderr)
}

/// Runs `check` on `hostile` and a good draft; asserts exit 2, the expected message, and the good draft's finding.
fn refused_while_others_are_checked(files: &[(&str, &[u8])], hostile: &str, message: &str) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.md"), GOOD).unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let (output, stdout, stderr) = run(dir.path(), &[hostile, "good.md"]);
    assert_eq!(output.status.code(), Some(2), "{stdout}\n{stderr}");
    assert!(stderr.contains(message), "expected {message:?} in:\n{stderr}");
    assert!(
        stdout.contains(GOOD_FINDING),
        "the good draft was not checked:\n{stdout}"
    );
    assert!(stdout.contains("1 file could not be checked"), "{stdout}");
}

/// Ten levels of anchors, each a list of ten aliases of the one before: 10¹⁰ values once expanded.
fn alias_bomb(level: impl Fn(usize, String) -> String) -> String {
    (0..10)
        .map(|i| {
            let value = if i == 0 {
                "x".to_string()
            } else {
                format!("*a{}", i - 1)
            };
            level(i, vec![value; 10].join(", "))
        })
        .collect()
}

#[test]
fn binary_file() {
    let png: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    refused_while_others_are_checked(
        &[("image.md", png)],
        "image.md",
        "error: image.md:3:1: binary file (contains a NUL byte)",
    );
}

#[test]
fn invalid_utf8() {
    refused_while_others_are_checked(
        &[("latin1.md", b"Caf\xe9 au lait.\n")],
        "latin1.md",
        "error: latin1.md:1:4: invalid UTF-8 (byte 0xe9)",
    );
}

#[test]
fn article_over_the_size_limit() {
    // 100 MB of prose: refused after reading at most the limit, so memory stays bounded.
    let line = "The committee met on Tuesday and heard from witnesses about the budget.\n";
    let big = line.repeat(100_000_000 / line.len());
    refused_while_others_are_checked(
        &[("archive.md", big.as_bytes())],
        "archive.md",
        "error: archive.md: larger than 16 MiB, the most an article may be",
    );
}

#[test]
fn front_matter_alias_bomb() {
    let bomb = format!(
        "---\n{}date: 2025-05-16\n---\n\nText.\n",
        alias_bomb(|i, values| format!("a{i}: &a{i} [{values}]\n"))
    );
    refused_while_others_are_checked(
        &[("bomb.md", bomb.as_bytes())],
        "bomb.md",
        "front matter: expands to more than 250000 values; aliases that multiply (an alias bomb) are refused",
    );
}

#[test]
fn front_matter_deep_nesting() {
    let deep = format!(
        "---\nextra: {}{}\n---\n\nText.\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    refused_while_others_are_checked(&[("deep.md", deep.as_bytes())], "deep.md", "error: deep.md:2:");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("deep.md"), deep).unwrap();
    let (_, _, stderr) = run(dir.path(), &["deep.md"]);
    assert!(stderr.contains("front matter: nested too deeply"), "{stderr}");
}

#[test]
fn symlink_loop_in_a_directory_and_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    std::fs::write(articles.join("good.md"), GOOD).unwrap();
    std::os::unix::fs::symlink("b.md", articles.join("a.md")).unwrap();
    std::os::unix::fs::symlink("a.md", articles.join("b.md")).unwrap();
    // A link back up the tree: not followed, so the walk ends.
    std::os::unix::fs::symlink("..", articles.join("up")).unwrap();

    let (output, stdout, stderr) = run(dir.path(), &["articles"]);
    assert_eq!(output.status.code(), Some(2), "{stdout}\n{stderr}");
    for name in ["a.md", "b.md"] {
        assert!(
            stderr.contains(&format!("error: articles/{name}: broken symbolic link: ")),
            "{stderr}"
        );
    }
    assert!(stdout.contains("articles/good.md:5:1: error FL101"), "{stdout}");

    let (output, stdout, stderr) = run(&articles, &["a.md", "good.md"]);
    assert_eq!(output.status.code(), Some(2), "{stdout}\n{stderr}");
    assert!(stderr.contains("error: a.md: "), "{stderr}");
    assert!(
        !stderr.contains("no such file"),
        "a loop is not a missing file: {stderr}"
    );
    assert!(stdout.contains(GOOD_FINDING), "{stdout}");
}

/// The same article read with a BOM, with CRLF line ends, or both gives the same findings at the same lines.
#[test]
fn bom_and_crlf_are_read_like_plain_lf() {
    let article = std::fs::read_to_string(repo().join("tests/fixtures/seed/article.md")).unwrap();
    let crlf = article.replace('\n', "\r\n");
    let variants = [
        ("lf.md", article.clone()),
        ("bom.md", format!("\u{feff}{article}")),
        ("crlf.md", crlf.clone()),
        ("bom-crlf.md", format!("\u{feff}{crlf}")),
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut seen = Vec::new();
    for (name, text) in &variants {
        std::fs::write(dir.path().join(name), text).unwrap();
        let (output, stdout, stderr) = run(dir.path(), &[name]);
        assert_eq!(output.status.code(), Some(1), "{name}: {stdout}\n{stderr}");
        assert!(
            !stderr.contains("no date given"),
            "{name}: front matter date not read: {stderr}"
        );
        let findings: Vec<String> = stdout
            .lines()
            .filter(|l| l.starts_with(name))
            // The BOM is a character of line 1 only; columns elsewhere must agree.
            .map(|l| l[name.len()..].to_string())
            .collect();
        seen.push(findings);
    }
    assert_eq!(seen[0].len(), 7, "{:?}", seen[0]);
    for other in &seen[1..] {
        assert_eq!(&seen[0], other);
    }
}

/// A million characters on one line (a paragraph without breaks, minified HTML) is checked, and findings far
/// along the line have exact columns and a snippet window with no stray origin marker.
#[test]
fn million_character_line() {
    let sentence = "Officials met again on Friday in a room of the old palace to discuss the plan, ";
    let mut line = sentence.repeat(1_000_000 / sentence.len());
    line.push_str("and Former U.S. President Donald Trump spoke.");
    let text = format!("---\ndate: 2025-05-16\n---\n\n{line}\n");
    let column = line.find("Former").unwrap() + 1;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("wide.md"), &text).unwrap();
    for format in ["concise", "human"] {
        let output = factlint_in(dir.path())
            .args(["check", "--no-config", "--format", format, "wide.md"])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(1), "{stdout}");
        assert!(stdout.contains(&format!("wide.md:5:{column}")), "{format}: {stdout}");
        assert!(stdout.len() < 10_000, "{format}: the report repeats the long line");
        assert!(
            !stdout.lines().any(|l| l.trim() == ":::"),
            "{format}: a bare origin marker: {stdout}"
        );
    }
}

/// Rule and reference directories are read before any article: a hostile one stops the run with exit 2 and
/// the file, line and column of the problem.
#[test]
fn hostile_rule_and_reference_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.md"), GOOD).unwrap();
    let bomb = format!(
        "people:\n{}",
        alias_bomb(|i, values| format!("  - {{id: p{i}, name: P{i}, aliases: &a{i} [{values}]}}\n"))
    );
    let deep = |key: &str| format!("{key}: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let (deep_reference, deep_rule) = (deep("people"), deep("examples"));
    let huge_regex = std::fs::read_to_string(repo().join("rules/FL403-unsourced-superlative.yaml"))
        .unwrap()
        .lines()
        .map(|l| match l.split_once("pattern:") {
            Some((indent, _)) => format!("{indent}pattern: '(\\w{{100}}){{100}}'"),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let cases = [
        ("reference", "bomb.yaml", bomb.as_str(), "bomb.yaml:"),
        ("reference", "deep.yaml", deep_reference.as_str(), "nested too deeply"),
        (
            "rules",
            "bomb.yaml",
            bomb.as_str(),
            "bomb.yaml:1:1: unknown field `people`",
        ),
        ("rules", "deep.yaml", deep_rule.as_str(), "nested too deeply"),
        ("rules", "FL403.yaml", huge_regex.as_str(), "invalid `pattern`: "),
    ];
    for (option, name, text, message) in cases {
        let data = dir.path().join(format!("{option}-{name}"));
        std::fs::create_dir(&data).unwrap();
        std::fs::write(data.join(name), text).unwrap();
        let flag = format!("--{option}");
        let data = data.display().to_string();
        let (output, stdout, stderr) = run(dir.path(), &[&flag, &data, "good.md"]);
        assert_eq!(output.status.code(), Some(2), "{option}/{name}: {stdout}\n{stderr}");
        assert!(
            stderr.contains(message),
            "{option}/{name}: expected {message:?} in:\n{stderr}"
        );
        assert!(stderr.starts_with("error: "), "{stderr}");
    }
}

/// A `sum-of` that includes its own statistic, directly or through others, has no value: refused where it is
/// written by `reference check`, by `check` and by a reload of `serve`, which keeps its data and answers on.
#[test]
fn sum_of_loops_are_refused_at_load_time() {
    let fixture = repo().join("tests/fixtures/hostile/sum-of-loop");
    let expected = [
        "stats.yaml:5:20: statistic `total` is in its own `sum-of`",
        "stats.yaml:25:20: `sum-of` makes a loop: `a` → `b` → `c` → `a`; a sum cannot include itself",
    ];
    let fixture_arg = fixture.display().to_string();
    for args in [
        vec!["reference", "check", &fixture_arg],
        vec!["check", "--no-config", "--reference", &fixture_arg, "-"],
    ] {
        let output = factlint_in(repo()).args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        for message in expected {
            assert!(stderr.contains(message), "{args:?}: expected {message:?} in:\n{stderr}");
        }
    }

    let dir = tempfile::tempdir().unwrap();
    let reference = dir.path().join("reference");
    std::fs::create_dir(&reference).unwrap();
    std::fs::write(reference.join("stats.yaml"), "statistics: []\n").unwrap();
    let server = Server::start(&["--reference", reference.to_str().unwrap()]);
    std::fs::copy(fixture.join("stats.yaml"), reference.join("stats.yaml")).unwrap();
    let refused = post(&server.url("/v1/reload"), "application/json", b"", &[]);
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused.body.to_string().contains("is in its own `sum-of`"),
        "{}",
        refused.body
    );
    let answer = post(
        &server.url("/v1/check"),
        "application/json",
        &seed_request(serde_json::json!({})),
        &[],
    );
    assert_eq!(
        answer.status, 200,
        "the server answers on with its old data: {}",
        answer.body
    );
}

/// A named pipe, a device or a socket named on the command line would block the run or never end: refused
/// with its kind, and the other files are checked.
#[test]
fn named_pipe_device_and_socket_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.md"), GOOD).unwrap();
    let fifo = dir.path().join("pipe.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let _socket = std::os::unix::net::UnixListener::bind(dir.path().join("socket.md")).unwrap();
    let cases = [
        ("pipe.md", "error: pipe.md: a named pipe, not a regular file"),
        ("socket.md", "error: socket.md: a socket, not a regular file"),
        ("/dev/null", "error: /dev/null: a device, not a regular file"),
    ];
    for (name, message) in cases {
        let (output, stdout, stderr) = run(dir.path(), &[name, "good.md"]);
        assert_eq!(output.status.code(), Some(2), "{name}: {stdout}\n{stderr}");
        assert!(stderr.contains(message), "{name}: expected {message:?} in:\n{stderr}");
        assert!(stdout.contains(GOOD_FINDING), "{name}: {stdout}");
        assert!(stdout.contains("1 file could not be checked"), "{name}: {stdout}");
    }
}
