//! The JSON Lines stream contract of `check --input jsonl`: records `{id, text, format?, date?, path?}` in,
//! findings keyed by `id` out, in input order; a malformed record is reported with its line and skipped.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use insta_cmd::assert_cmd_snapshot;
use serde_json::{Value, json};

use crate::common;

fn factlint() -> Command {
    let mut cmd = common::factlint();
    cmd.env_remove("CI");
    cmd
}

/// Runs `factlint ARGS` with `input` on standard input.
fn run(args: &[&str], input: &str) -> Output {
    let mut child = factlint()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_string();
    // Written from another thread: the output of a long stream fills the pipe before the input is all read.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    output
}

fn lines(values: &[Value]) -> String {
    values.iter().map(|v| format!("{v}\n")).collect()
}

fn findings(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

const FORMER: &str = "Former U.S. President Donald Trump announced the plan.";

#[test]
fn malformed_records_are_reported_with_their_line_and_the_stream_goes_on() {
    let input = [
        json!({"id": "a", "text": FORMER, "date": "2025-05-16"}).to_string(),
        r#"{"id": "b", "text": "unterminated"#.to_string(),
        String::new(),
        json!({"id": "c"}).to_string(),
        json!({"id": ["d"], "text": FORMER}).to_string(),
        json!({"id": "e", "text": FORMER, "date": "2025-13-01"}).to_string(),
        json!({"id": "f", "text": FORMER, "format": "pdf"}).to_string(),
        json!({"id": "g", "text": "---\ndate: tomorrow\n---\nText.\n"}).to_string(),
        json!({"id": "h", "text": "", "date": "2025-05-16"}).to_string(),
        json!({"id": 9, "text": FORMER, "date": "2025-05-16", "path": "news/nine.md", "title": "ignored"}).to_string(),
    ]
    .join("\n");
    let mut cmd = factlint();
    cmd.args(["check", "--input", "jsonl", "--select", "FL101", "-"]);
    assert_cmd_snapshot!(cmd.pass_stdin(input));
}

#[test]
fn findings_are_keyed_by_id_in_input_order_across_batches_and_equal_a_file_check() {
    // More records than one batch holds, each with one hit, so the order of the output is tested.
    let records: Vec<Value> = (0..1500)
        .map(|i| json!({"id": i, "text": format!("Line {i}.\n\n{FORMER}\n"), "date": "2025-05-16"}))
        .collect();
    let out = run(
        &["check", "--input", "jsonl", "--select", "FL101", "-"],
        &lines(&records),
    );
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let found = findings(&out.stdout);
    let ids: Vec<i64> = found.iter().map(|f| f["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, (0..1500).collect::<Vec<_>>());

    // A record's findings are the findings of the same text checked as a file, with the same positions.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("article.md");
    std::fs::write(
        &file,
        "Line 7.\n\nFormer U.S. President Donald Trump announced the plan.\n",
    )
    .unwrap();
    let out = factlint()
        .args([
            "check",
            "--format",
            "jsonl",
            "--date",
            "2025-05-16",
            "--select",
            "FL101",
        ])
        .arg(&file)
        .output()
        .unwrap();
    let mut from_file = findings(&out.stdout).remove(0);
    let mut from_stream = found[7].clone();
    from_file.as_object_mut().unwrap().remove("path");
    from_stream.as_object_mut().unwrap().remove("path");
    assert_eq!(from_stream.as_object_mut().unwrap().remove("id"), Some(json!(7)));
    assert_eq!(from_stream, from_file);
    assert_eq!(found[7]["path"], "-#8", "a record without `path` is named by its line");
}

#[test]
fn dates_come_from_the_record_then_the_option_then_the_front_matter() {
    let fm = |date: &str| format!("---\ndate: {date}\n---\n\n{FORMER}\n");
    let records = [
        // Trump is in office on 2025-05-16, so "Former" is wrong then, and right on 2024-06-01.
        json!({"id": "record-wins", "text": fm("2025-05-16"), "date": "2024-06-01"}),
        json!({"id": "option-wins", "text": fm("2024-06-01")}),
    ];
    let out = run(
        &[
            "check",
            "--input",
            "jsonl",
            "--select",
            "FL101",
            "--date",
            "2025-05-16",
            "-",
        ],
        &lines(&records),
    );
    let ids: Vec<Value> = findings(&out.stdout).into_iter().map(|f| f["id"].clone()).collect();
    assert_eq!(ids, vec![json!("option-wins")]);

    let out = run(
        &["check", "--input", "jsonl", "--select", "FL101", "-"],
        &lines(&records[1..]),
    );
    assert!(findings(&out.stdout).is_empty(), "the front matter's 2024 date applies");
    let out = run(
        &["check", "--input", "jsonl", "-"],
        &lines(&[json!({"id": 1, "text": "Hello there."})]),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("note: 1 article had no date"), "{stderr}");
}

#[test]
fn records_are_read_in_their_own_format() {
    let records = [
        json!({"id": "html", "format": "html", "date": "2025-05-16",
               "text": format!("<nav>{FORMER}</nav><p>{FORMER}</p>")}),
        json!({"id": "text", "format": "text", "date": "2025-05-16", "text": format!("Heading\n{FORMER}\n")}),
    ];
    let out = run(
        &["check", "--input", "jsonl", "--select", "FL101", "-"],
        &lines(&records),
    );
    let found = findings(&out.stdout);
    let places: Vec<(Value, Value)> = found.iter().map(|f| (f["id"].clone(), f["line"].clone())).collect();
    // The HTML navigation is page furniture, not prose: one finding in the paragraph only.
    assert_eq!(places, vec![(json!("html"), json!(1)), (json!("text"), json!(2))]);
    assert!(found[0]["start"].as_u64().unwrap() > 60);
}

#[test]
fn streams_write_json_lines_only_and_refuse_file_only_options() {
    for args in [
        &["--format", "human"][..],
        &["--fix"],
        &["--changed-since", "HEAD"],
        &["--baseline", "b.json"],
    ] {
        let out = run(&[&["check", "--input", "jsonl"], args, &["-"]].concat(), "");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("--input jsonl"),
            "{args:?}"
        );
    }
    let out = run(&["check", "--input", "jsonl", "--format", "jsonl", "-"], "\n\n");
    assert_eq!(out.status.code(), Some(0), "an empty stream is clean");
}

#[test]
fn a_stream_file_is_read_like_standard_input() {
    let out = factlint()
        .args([
            "check",
            "--input",
            "jsonl",
            "--select",
            "FL101",
            "tests/fixtures/audit/archive.jsonl",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let ids: Vec<Value> = findings(&out.stdout).into_iter().map(|f| f["id"].clone()).collect();
    assert_eq!(ids, vec![json!("r01"), json!("r06")]);
    let out = factlint()
        .args(["check", "--input", "jsonl", "tests/fixtures/audit/missing.jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_working_directory_config_applies_with_overrides_matched_on_the_record_path() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("factlint.yaml"),
        "overrides:\n  - files: [\"opinion/**\"]\n    disable: [FL402]\n",
    )
    .unwrap();
    let text = "Observers believe further meetings could take place.";
    let records = [
        json!({"id": "news", "path": "news/a.md", "text": text, "date": "2025-05-16"}),
        json!({"id": "opinion", "path": "opinion/b.md", "text": text, "date": "2025-05-16"}),
    ];
    let mut child = common::factlint_in(dir.path())
        .args(["check", "--input", "jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(lines(&records).as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let found: Vec<(Value, Value)> = findings(&out.stdout)
        .into_iter()
        .map(|f| (f["id"].clone(), f["rule"].clone()))
        .collect();
    assert_eq!(found, vec![(json!("news"), json!("FL402"))]);
}

/// A record is held to the limit of an article file (16 MiB): a longer line is reported and skipped, and the
/// stream goes on.
#[test]
fn a_record_over_the_article_limit_is_skipped() {
    let filler = "The committee met on Tuesday. ".repeat((16 << 20) / 30 + 1);
    let input = lines(&[
        json!({"id": "big", "text": filler, "date": "2025-05-16"}),
        json!({"id": "next", "text": FORMER, "date": "2025-05-16"}),
    ]);
    let output = run(&["check", "--input", "jsonl", "--select", "FL101", "-"], &input);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("-:1: record of ") && stderr.contains("bytes is longer than the limit of 16777216 bytes"),
        "{stderr}"
    );
    let found = findings(&output.stdout);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["id"], "next");
}

#[test]
fn exit_zero_keeps_findings_out_of_the_exit_code_but_not_failures() {
    let good = json!({"id": "a", "text": FORMER, "date": "2025-05-16"}).to_string();
    let out = run(&["check", "--input", "jsonl", "-"], &good);
    assert_eq!(out.status.code(), Some(1));
    let out = run(&["check", "--input", "jsonl", "--exit-zero", "-"], &good);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(findings(&out.stdout).len(), 1);
    let broken = format!("{good}\n{{\"id\": \"b\"");
    let out = run(&["check", "--input", "jsonl", "--exit-zero", "-"], &broken);
    assert_eq!(out.status.code(), Some(2));
    // Files too.
    let out = factlint()
        .args(["check", "--exit-zero", "tests/fixtures/seed/article.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!out.stdout.is_empty());
}

/// `lines` as frames of the stream `source`, numbered from `first`.
fn frames(source: &str, first: usize, lines: &[&[u8]]) -> String {
    use base64::Engine as _;
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let base64 = base64::engine::general_purpose::STANDARD.encode(line);
            format!("{}\n", json!({"source": source, "line": first + i, "base64": base64}))
        })
        .collect()
}

#[test]
fn framed_lines_are_read_as_the_bytes_of_their_stream_with_its_name_and_lines() {
    let lines: [&[u8]; 7] = [
        br#"{"id": "a", "text": "Former U.S. President Donald Trump said so.", "date": "2025-05-16"}"#,
        b"",
        b"{\"id\": \"b\", \"text\": \"caf\xe9\", \"date\": \"2025-05-16\"}\r",
        br#"{"id": "c", "date": "2025-05-16"}"#,
        br#"{"id": "d", "text": "x""#,
        br#"{"id": "e", "text": "", "date": "2025-05-16"}"#,
        br#"{"id": 6, "text": "Former U.S. President Donald Trump said so.", "date": "2025-05-16"}"#,
    ];
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("archive.jsonl");
    std::fs::write(&file, lines.join(&b"\n"[..])).unwrap();
    let name = file.display().to_string();
    let single = factlint().args(["check", "--input", "jsonl", &name]).output().unwrap();
    assert_eq!(single.status.code(), Some(2));
    let stderr = String::from_utf8(single.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "error: {name}:3:25: record \"b\": malformed record: invalid unicode code point"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "error: {name}:4:33: record \"c\": malformed record: missing field `text`"
        )),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("error: {name}:5:")), "{stderr}");

    // Split in two pieces whose lines are framed with their place in the file: the same findings, messages
    // and exit code as the file read whole.
    let mut stdout = Vec::new();
    let mut errors = String::new();
    for (first, piece) in [(1, &lines[..3]), (4, &lines[3..])] {
        let out = run(
            &["check", "--input", "jsonl", "--framed", "-"],
            &frames(&name, first, piece),
        );
        assert_eq!(out.status.code(), Some(2), "piece from line {first}");
        stdout.extend(out.stdout);
        errors.push_str(&String::from_utf8(out.stderr).unwrap());
    }
    assert_eq!(
        String::from_utf8(stdout).unwrap(),
        String::from_utf8(single.stdout).unwrap()
    );
    assert_eq!(errors, stderr);

    // A line that is no frame is an error of the framed stream itself.
    let out = run(
        &["check", "--input", "jsonl", "--framed", "-"],
        "{\"id\": \"a\", \"text\": \"x\"}\n",
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("error: -:1: malformed frame: unknown field `id`"),
        "{stderr}"
    );
}
