//! A `factlint serve` process on a free loopback port, and an HTTP client for it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

pub struct Server {
    child: Child,
    pub addr: String,
    /// Every log line written so far (standard error).
    logs: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts `factlint serve --addr 127.0.0.1:0 ARGS` in the repository and waits until it listens.
    pub fn start(args: &[&str]) -> Server {
        let mut child = crate::common::bin()
            .current_dir(super::repo())
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("factlint starts");
        let stderr = child.stderr.take().unwrap();
        let logs = Arc::new(Mutex::new(Vec::new()));
        let (listening, addr) = mpsc::channel();
        let sink = logs.clone();
        // Reading standard error all along keeps the pipe from filling and blocking the server.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Ok(event) = serde_json::from_str::<Value>(&line)
                    && event["event"] == "listening"
                {
                    let _ = listening.send(event["addr"].as_str().unwrap_or_default().to_string());
                }
                sink.lock().unwrap().push(line);
            }
        });
        let addr = addr
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("the server did not start: {:?}", logs.lock().unwrap()));
        Server { child, addr, logs }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The log lines once one contains `text` (they are read from the server's standard error as they come).
    pub fn logs_until(&self, text: &str) -> Vec<String> {
        let started = Instant::now();
        loop {
            let logs = self.logs.lock().unwrap().clone();
            if logs.iter().any(|l| l.contains(text)) {
                return logs;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "no log line has {text}: {logs:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends a signal (`HUP`, `TERM`) to the server.
    pub fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([format!("-{name}"), self.pid().to_string()])
            .status()
            .unwrap();
        assert!(status.success(), "kill -{name} worked");
    }

    /// Waits for the process to end and returns its exit code.
    pub fn wait(&mut self, limit: Duration) -> Option<i32> {
        let started = Instant::now();
        while started.elapsed() < limit {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP client that returns 4xx and 5xx answers instead of failing on them.
pub fn client() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// Status, `Retry-After`/`WWW-Authenticate`/`X-Request-Id` headers and JSON body of an answer.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Value,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn answer(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
    let mut response = response.expect("the server answers");
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    let text = response.body_mut().read_to_string().unwrap();
    Answer {
        status: response.status().as_u16(),
        headers,
        body: serde_json::from_str(&text).unwrap_or_else(|_| panic!("a JSON body, got: {text}")),
    }
}

pub fn get(url: &str) -> Answer {
    answer(client().get(url).call())
}

/// POSTs `body` as JSON (or with `content_type`), with optional extra headers.
pub fn post(url: &str, content_type: &str, body: &[u8], headers: &[(&str, &str)]) -> Answer {
    let mut request = client().post(url).header("content-type", content_type);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    answer(request.send(body))
}

/// A `POST /v1/check` whose body is only partly sent: the server is holding it in flight until
/// [`Pending::finish`] sends the rest.
pub struct Pending {
    stream: TcpStream,
    rest: Vec<u8>,
}

impl Pending {
    pub fn start(addr: &str, body: &[u8]) -> Pending {
        let mut stream = TcpStream::connect(addr).unwrap();
        let half = body.len() / 2;
        write!(
            stream,
            "POST /v1/check HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .unwrap();
        stream.write_all(&body[..half]).unwrap();
        stream.flush().unwrap();
        Pending {
            stream,
            rest: body[half..].to_vec(),
        }
    }

    /// Sends the rest of the body (when the server still reads it) and returns the status line and body.
    pub fn finish(mut self) -> (u16, String) {
        let _ = self.stream.write_all(&self.rest);
        self.read()
    }

    /// Reads the answer without sending anything more.
    pub fn read(mut self) -> (u16, String) {
        self.stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let mut text = String::new();
        self.stream.read_to_string(&mut text).unwrap();
        let status = text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let body = text.split_once("\r\n\r\n").map_or("", |(_, b)| b).to_string();
        (status, body)
    }
}

/// The seed article as a check request.
pub fn seed_request(extra: Value) -> Vec<u8> {
    let text = std::fs::read_to_string(super::repo().join("tests/fixtures/seed/article.md")).unwrap();
    let mut request = serde_json::json!({"text": text, "format": "markdown"});
    if let (Value::Object(request), Value::Object(extra)) = (&mut request, extra) {
        request.extend(extra);
    }
    serde_json::to_vec(&request).unwrap()
}
