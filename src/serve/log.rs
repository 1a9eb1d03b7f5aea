//! The service's log: one JSON object per line on standard error, so a log collector can index every field and
//! every line of a request carries its id.

use std::io::Write;

use serde_json::{Map, Value};

/// Writes one log line: time, `event`, then `fields` in the order given.
pub fn event(event: &str, fields: &[(&str, Value)]) {
    let mut line = Map::new();
    line.insert(
        "ts".into(),
        chrono::Utc::now()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
            .into(),
    );
    line.insert("event".into(), event.into());
    for (key, value) in fields {
        line.insert((*key).into(), value.clone());
    }
    let mut text = Value::Object(line).to_string();
    text.push('\n');
    // One write per line, so lines from concurrent requests never interleave; a closed stderr is not an error.
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}
