//! `factlint data update` against a query service on loopback that replays a recorded answer: the request it
//! sends, the reference YAML it writes (loaded as `reference check` loads it), the replay of a saved answer, and
//! the refusals (an endpoint error, a malformed answer, a timeout, a strict positions file). Nothing here needs
//! the internet.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use crate::common::factlint;

const FIXTURES: &str = "tests/fixtures/data-update";

/// One request as the endpoint received it.
#[derive(Debug)]
struct Request {
    request_line: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The `query` form field, decoded.
    fn query(&self) -> String {
        self.body
            .split('&')
            .find_map(|field| field.strip_prefix("query="))
            .map(form_decode)
            .unwrap_or_default()
    }
}

fn form_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// A query service on 127.0.0.1 that answers one request with `status` and `body` (or, with `status` 0, reads
/// the request and never answers), and hands the request it read to the test.
struct Endpoint {
    url: String,
    requests: mpsc::Receiver<Request>,
}

impl Endpoint {
    fn start(status: u16, body: &str) -> Endpoint {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/sparql", listener.local_addr().unwrap());
        let (sender, requests) = mpsc::channel();
        let body = body.to_string();
        std::thread::spawn(move || {
            let Ok((stream, _)) = listener.accept() else {
                return;
            };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            let mut headers = Vec::new();
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                let (name, value) = line.split_once(':').unwrap();
                headers.push((name.trim().to_string(), value.trim().to_string()));
            }
            let length: usize = headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
                .map_or(0, |(_, v)| v.parse().unwrap());
            let mut request_body = vec![0; length];
            reader.read_exact(&mut request_body).unwrap();
            let _ = sender.send(Request {
                request_line: request_line.trim_end().to_string(),
                headers,
                body: String::from_utf8(request_body).unwrap(),
            });
            if status == 0 {
                // Holds the connection open, answering nothing, until the client gives up.
                std::thread::sleep(Duration::from_secs(30));
                return;
            }
            let reason = if status == 200 { "OK" } else { "Internal Server Error" };
            let mut stream = stream;
            let _ = write!(
                stream,
                "HTTP/1.1 {status} {reason}\r\nContent-Type: application/sparql-results+json;charset=utf-8\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        });
        Endpoint { url, requests }
    }

    fn request(&self) -> Request {
        self.requests
            .recv_timeout(Duration::from_secs(30))
            .expect("the endpoint was asked")
    }
}

fn recorded_answer() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(FIXTURES)
            .join("response.json"),
    )
    .unwrap()
}

fn today() -> String {
    chrono::Utc::now().date_naive().to_string()
}

#[test]
fn an_update_asks_the_endpoint_and_writes_a_layer_that_loads() {
    let endpoint = Endpoint::start(200, &recorded_answer());
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("layer").join("wikidata.yaml");
    std::fs::create_dir(output.parent().unwrap()).unwrap();
    let saved = dir.path().join("answer.json");
    let run = factlint()
        .args(["data", "update", "--endpoint", &endpoint.url])
        .args(["--positions", &format!("{FIXTURES}/positions.yaml")])
        .arg("--output")
        .arg(&output)
        .arg("--save-response")
        .arg(&saved)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(run.stdout.is_empty(), "the data goes to --output only");

    let request = endpoint.request();
    assert_eq!(request.request_line, "POST /sparql HTTP/1.1");
    assert_eq!(request.header("accept"), Some("application/sparql-results+json"));
    assert!(
        request
            .header("user-agent")
            .is_some_and(|ua| ua.starts_with("factlint/")),
        "{request:?}"
    );
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let query = request.query();
    for needle in [
        "VALUES ?position { wd:Q14211 wd:Q81066 }",
        "VALUES ?class { wd:Q889821 }",
        "ps:P39",
        "wikibase:timePrecision",
        "?countryLabel",
        "YEAR(?end) >= 2000",
    ] {
        assert!(query.contains(needle), "{needle} not in the query:\n{query}");
    }

    let yaml = std::fs::read_to_string(&output).unwrap();
    assert_eq!(std::fs::read_to_string(&saved).unwrap(), recorded_answer());
    assert!(yaml.contains(&format!("  checked: {}\n", today())), "{yaml}");
    assert!(yaml.contains("  licence: \"CC0-1.0\"\n"), "{yaml}");
    assert!(
        yaml.contains("#     { VALUES ?position { wd:Q14211 wd:Q81066 } }"),
        "the query is in the header"
    );
    // Healey is new; the people the bundled data already has are written under its ids, their terms renewed.
    for term in [
        "{office: us-governor-of-vermont, from: \"2017-01-05\", source:",
        "{office: us-governor-of-vermont, from: \"2011-01-06\", to: \"2017-01-05\", source:",
        // A start known to the year only, as its precision says.
        "{office: us-governor-of-vermont, from: \"2003\", to: \"2011-01-06\", source:",
        "{office: us-governor-of-massachusetts, from: \"2023-01-05\", source:",
    ] {
        assert!(yaml.contains(term), "{term} not in:\n{yaml}");
    }
    for (id, name) in [
        ("keir-starmer", "Keir Starmer"),
        ("rishi-sunak", "Rishi Sunak"),
        ("antonio-guterres", "António Guterres"),
        ("phil-scott", "Phil Scott"),
    ] {
        assert!(
            yaml.contains(&format!("  - id: \"{id}\"\n    name: \"{name}\"\n")),
            "{name} under the bundled id {id}:\n{yaml}"
        );
    }
    assert!(
        stderr.contains("7 people, 0 offices and 0 jurisdictions imported."),
        "{stderr}"
    );

    // The file is a layer over the bundled data, as `check --reference` reads it.
    let layer = output.parent().unwrap();
    let checked = reference_check_passes(&["--reference".as_ref(), layer.as_os_str()]);
    assert!(checked.ends_with(": ok\n"));
    let article = dir.path().join("article.md");
    std::fs::write(
        &article,
        "---\ndate: 2025-05-16\n---\n\nFormer Governor of Vermont Phil Scott spoke.\n",
    )
    .unwrap();
    let findings = factlint()
        .args(["check", "--no-config", "--format", "concise", "--reference"])
        .arg(layer)
        .arg(&article)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&findings.stdout).contains("FL101 Phil Scott is Governor of Vermont"),
        "{}",
        String::from_utf8_lossy(&findings.stdout)
    );

    // The saved answer, replayed offline, gives the same file.
    let replay = factlint()
        .args([
            "data",
            "update",
            "--positions",
            &format!("{FIXTURES}/positions.yaml"),
            "--from",
        ])
        .arg(&saved)
        .output()
        .unwrap();
    assert_eq!(replay.status.code(), Some(0));
    assert_eq!(String::from_utf8(replay.stdout).unwrap(), yaml);
}

#[test]
fn without_the_bundled_data_the_file_stands_alone() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("wikidata.yaml");
    let run = factlint()
        .args(["data", "update", "--no-default-reference", "--as-of", "2026-06-01"])
        .args(["--positions", &format!("{FIXTURES}/positions.yaml")])
        .args(["--from", &format!("{FIXTURES}/response.json"), "--output"])
        .arg(&output)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let yaml = std::fs::read_to_string(&output).unwrap();
    assert!(yaml.contains("  checked: 2026-06-01\n"));
    for person in ["Keir Starmer", "Rishi Sunak", "António Guterres", "Phil Scott"] {
        assert!(yaml.contains(person), "{person} not in:\n{yaml}");
    }
    reference_check_passes(&[dir.path().as_os_str()]);
}

/// Runs `factlint reference check` with `args`, asserts it passes, and returns what it printed.
fn reference_check_passes(args: &[&std::ffi::OsStr]) -> String {
    let checked = factlint().args(["reference", "check"]).args(args).output().unwrap();
    assert_eq!(
        checked.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    String::from_utf8_lossy(&checked.stdout).into_owned()
}

/// Runs an update against `endpoint` into an output file that already holds a previous refresh, and returns the
/// exit code and standard error after checking the file was not touched.
fn failed_update(endpoint: &str, extra: &[&str]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("wikidata.yaml");
    std::fs::write(&output, "people: []\n").unwrap();
    let run = factlint()
        .args(["data", "update", "--endpoint", endpoint])
        .args(["--positions", &format!("{FIXTURES}/positions.yaml")])
        .args(extra)
        .arg("--output")
        .arg(&output)
        .output()
        .unwrap();
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "people: []\n");
    let entries = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(entries, 1, "no temporary file is left beside the output");
    (run.status.code(), String::from_utf8(run.stderr).unwrap())
}

#[test]
fn an_endpoint_error_is_one_line_and_leaves_the_output_alone() {
    let endpoint = Endpoint::start(500, "{\"error\": \"overloaded\"}");
    let (code, stderr) = failed_update(&endpoint.url, &[]);
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        format!(
            "error: {}: the endpoint answered HTTP 500 Internal Server Error\n",
            endpoint.url
        )
    );

    let endpoint = Endpoint::start(200, "<html>busy</html>");
    let (code, stderr) = failed_update(&endpoint.url, &[]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.starts_with(&format!(
            "error: {}: the answer is not SPARQL JSON results: ",
            endpoint.url
        )) && stderr.lines().count() == 1,
        "{stderr}"
    );

    // Nothing listens on a port just freed.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{port}/sparql");
    let (code, stderr) = failed_update(&url, &[]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.starts_with(&format!("error: {url}: ")) && stderr.lines().count() == 1,
        "{stderr}"
    );
}

#[test]
fn a_silent_endpoint_times_out() {
    let endpoint = Endpoint::start(0, "");
    let started = std::time::Instant::now();
    let (code, stderr) = failed_update(&endpoint.url, &["--timeout", "1"]);
    assert_eq!(code, Some(2));
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(
        stderr.starts_with(&format!("error: {}: ", endpoint.url)) && stderr.to_lowercase().contains("timeout"),
        "{stderr}"
    );
}

#[test]
fn a_positions_file_is_read_strictly() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("wikidata.yaml");
    let run = factlint()
        .args(["data", "update", "--endpoint", "http://127.0.0.1:9/sparql"])
        .args(["--positions", &format!("{FIXTURES}/positions-unknown-field.yaml")])
        .arg("--output")
        .arg(&output)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(run.stderr).unwrap(),
        format!(
            "error: {FIXTURES}/positions-unknown-field.yaml:3:20: unknown field `label`, expected one of item, \
             instances-of, name\n"
        )
    );
    assert!(!output.exists());
}
