//! The editor page of `factlint serve` driven in headless Chromium through chromedriver (W3C WebDriver over
//! loopback): open the seed article, see its findings highlighted at the flagged words, reach a finding from
//! its highlight with the keyboard, apply a fix with one click, copy the text, and save screenshots under
//! `target/tmp/`. Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them); without them the
//! test fails in CI and is skipped elsewhere, with a SKIP line on standard error.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common;
use crate::common::server::{Server, post, seed_request};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A chromedriver process with one headless Chromium session.
struct Browser {
    driver: Child,
    session: String,
    base: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start(chromium: &Path, chromedriver: &Path) -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(chromedriver)
            .args([format!("--port={port}"), "--allowed-ips=127.0.0.1".into()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while ureq::get(format!("{base}/status")).call().is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let args: Vec<String> = common::HEADLESS_CHROMIUM
            .iter()
            .map(|flag| flag.to_string())
            .chain([
                "--window-size=1400,1000".into(),
                format!("--user-data-dir={}", profile.path().display()),
            ])
            .collect();
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": args},
        }}});
        let mut browser = Browser {
            driver,
            session: String::new(),
            base,
            _profile: profile,
        };
        let created = browser.command("POST", "/session", capabilities);
        browser.session = created["sessionId"].as_str().expect("a session").to_string();
        browser
    }

    fn command(&self, method: &str, path: &str, body: Value) -> Value {
        let url = if path == "/session" {
            format!("{}{path}", self.base)
        } else {
            format!("{}/session/{}{path}", self.base, self.session)
        };
        let client = common::server::client();
        let response = match method {
            "GET" => client.get(&url).call(),
            "DELETE" => client.delete(&url).call(),
            _ => client.post(&url).send_json(&body),
        };
        let mut response = response.expect("chromedriver answers");
        let answer: Value = response.body_mut().read_json().unwrap();
        assert!(
            response.status().is_success(),
            "{method} {path}: {}",
            answer["value"]["message"]
        );
        answer["value"].clone()
    }

    fn script(&self, script: &str, args: Value) -> Value {
        self.command("POST", "/execute/sync", json!({"script": script, "args": args}))
    }

    fn find(&self, css: &str) -> String {
        let found = self.command("POST", "/element", json!({"using": "css selector", "value": css}));
        found[ELEMENT].as_str().unwrap().to_string()
    }

    fn click(&self, css: &str) {
        let element = self.find(css);
        self.command("POST", &format!("/element/{element}/click"), json!({}));
    }

    fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css);
        self.command("POST", &format!("/element/{element}/value"), json!({ "text": text }));
    }

    /// Runs `script` until it returns true.
    fn wait_for(&self, what: &str, script: &str) {
        let started = Instant::now();
        while self.script(script, json!([])) != json!(true) {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "timed out waiting for {what}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn screenshot(&self, path: &Path) {
        use base64::Engine;
        let png = self.command("GET", "/screenshot", Value::Null);
        let png = base64::engine::general_purpose::STANDARD
            .decode(png.as_str().unwrap())
            .unwrap();
        std::fs::write(path, png).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = common::server::client()
                .delete(format!("{}/session/{}", self.base, self.session))
                .call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// `(rule, highlighted text)` of every highlight in the page, in order.
const MARKS: &str = "return [...document.querySelectorAll('#view mark')].map(m => [m.dataset.rule, m.textContent, m.getBoundingClientRect().height > 0]);";

#[test]
fn the_editor_highlights_the_seed_findings_and_applies_a_fix_in_a_real_browser() {
    let Some([chromium, chromedriver]) = common::tools_or_skip(
        "editor_page::the_editor_highlights_the_seed_findings_and_applies_a_fix_in_a_real_browser",
        [
            ("chromium", common::chromium()),
            ("chromedriver", common::chromedriver()),
        ],
    ) else {
        return;
    };
    let server = Server::start(&[]);
    let expected: Vec<Value> = post(
        &server.url("/v1/check"),
        "application/json",
        &seed_request(json!({})),
        &[],
    )
    .body["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| json!([f["rule"], f["text"], true]))
        .collect();
    assert_eq!(expected.len(), 7);

    let browser = Browser::start(&chromium, &chromedriver);
    browser.command("POST", "/url", json!({"url": server.url("/")}));
    let seed = common::repo().join("tests/fixtures/seed/article.md");
    browser.type_into("#file", seed.to_str().unwrap());
    browser.wait_for(
        "the highlights",
        "return document.querySelectorAll('#view mark').length === 7;",
    );
    assert_eq!(
        browser.script(MARKS, json!([])),
        Value::Array(expected),
        "each finding is highlighted, visibly, at the words it flags"
    );
    let status = browser.script("return document.getElementById('status').textContent;", json!([]));
    assert!(status.as_str().unwrap().contains("7 findings"), "{status}");

    // From a highlight to its finding with the keyboard.
    let mark = browser.find("mark[data-rule=FL101]");
    browser.command("POST", &format!("/element/{mark}/value"), json!({"text": "\u{E007}"}));
    let focused = browser.script(
        "return [document.activeElement.tagName, document.activeElement.dataset.rule];",
        json!([]),
    );
    assert_eq!(
        focused,
        json!(["LI", "FL101"]),
        "Enter on a highlight moves to its finding"
    );
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR"));
    browser.screenshot(&shots.join("serve-editor-findings.png"));

    // The as-of date set on the page wins over the front matter: in June 2024 "Former" was right.
    browser.script("document.getElementById('date').value = '2024-06-01';", json!([]));
    browser.click("#check");
    browser.wait_for(
        "the check as of 2024-06-01",
        "return document.getElementById('status').textContent.includes('as of 2024-06-01, from the date set here');",
    );
    assert!(!browser.script(MARKS, json!([])).to_string().contains("FL101"));
    browser.script("document.getElementById('date').value = '';", json!([]));
    browser.click("#check");
    browser.wait_for(
        "the check as of the front matter date",
        "return document.getElementById('status').textContent.includes('as of 2025-05-16, from the front matter');",
    );
    assert_eq!(
        browser.script("return document.querySelectorAll('#view mark').length;", json!([])),
        7
    );

    // One click applies the fix; the article is checked again.
    browser.click("#findings li[data-rule=FL101] button.apply-fix");
    browser.wait_for(
        "the check after the fix",
        "return document.querySelectorAll('#view mark').length === 6;",
    );
    let text = browser.script("return document.getElementById('text').value;", json!([]));
    let text = text.as_str().unwrap();
    assert!(!text.contains("Former U.S. President") && text.contains("\nU.S. President Donald Trump announced"));
    assert!(!browser.script(MARKS, json!([])).to_string().contains("FL101"));
    browser.screenshot(&shots.join("serve-editor-fixed.png"));

    browser.click("#copy");
    browser.wait_for(
        "the copy",
        "return document.getElementById('status').textContent.startsWith('Copied');",
    );
}
