//! `factlint lsp`: the checks as a language server over standard input and output, so that an editor shows the
//! findings while the writer types — diagnostics at their spans, the safe fixes as quick fixes, the evidence on
//! hover. It is one more front end of the [`Engine`]: each document is checked with the engine of its
//! `factlint.yaml` (found above the document, as `check` finds it) and the layers given on the command line.
//!
//! Documents are synchronised whole (`TextDocumentSyncKind::Full`): articles are small and a full text can never
//! drift from the editor's. A change is checked once the writer has paused for the debounce time, and at once
//! when a request (hover, code action) needs the findings of the current text. Positions are UTF-16 code units,
//! the protocol's default, converted from and to the byte offsets the engine works in.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crossbeam_channel::RecvTimeoutError;
use lsp_server::{Connection, ErrorCode, Message, Notification, ProtocolError, Request, RequestId, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use thiserror::Error;

use crate::config::Config;
use crate::engine::{Engine, Scope};
use crate::finding::Finding;
use crate::layers::Layers;
use crate::rules::Severity;
use crate::source::{Document, Format};

/// How the server finds its rules and reference data.
#[derive(Debug, Clone)]
pub struct Options {
    /// Leave the bundled rules out.
    pub no_default_rules: bool,
    /// Rule directories over the bundled set (and over a config's `rules`).
    pub rules: Vec<PathBuf>,
    /// Leave the bundled reference data out.
    pub no_default_reference: bool,
    /// Reference directories over the bundled data (and over a config's `reference`).
    pub reference: Vec<PathBuf>,
    pub no_cache: bool,
    /// How long the writer must pause before a changed document is checked.
    pub debounce: Duration,
}

#[derive(Debug, Error)]
pub enum LspError {
    #[error("{0}")]
    Protocol(#[from] ProtocolError),
    #[error("the editor closed the connection")]
    Disconnected,
}

/// Serves `connection` until the editor asks the server to shut down and exit.
pub fn run(connection: &Connection, options: Options) -> Result<(), LspError> {
    let capabilities = json!({
        "textDocumentSync": {"openClose": true, "change": 1, "save": {"includeText": false}},
        "hoverProvider": true,
        "codeActionProvider": {"codeActionKinds": ["quickfix"]},
    });
    connection.initialize(capabilities)?;
    let mut server = Server {
        options,
        documents: HashMap::new(),
        dirty: BTreeSet::new(),
        configs: HashMap::new(),
        engines: HashMap::new(),
    };
    loop {
        let message = if server.dirty.is_empty() {
            connection.receiver.recv().map_err(|_| LspError::Disconnected)?
        } else {
            match connection.receiver.recv_timeout(server.options.debounce) {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout) => {
                    server.check_dirty(connection);
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => return Err(LspError::Disconnected),
            }
        };
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    return Ok(());
                }
                let response = server.answer(connection, request);
                send(connection, Message::Response(response));
            }
            Message::Notification(notification) => {
                if notification.method == "exit" {
                    return Ok(());
                }
                server.notice(connection, notification);
            }
            Message::Response(_) => {}
        }
    }
}

/// An open document and what its last check found.
struct Open {
    text: String,
    version: i64,
    /// The file the document is, when its URI is a `file:` URI.
    path: Option<PathBuf>,
    /// The document as last checked, and its findings; none until checked.
    checked: Option<(Document, Vec<Finding>)>,
}

struct Server {
    options: Options,
    documents: HashMap<String, Open>,
    /// Documents changed since their last check.
    dirty: BTreeSet<String>,
    configs: HashMap<PathBuf, Result<Option<Arc<Config>>, String>>,
    engines: HashMap<(Layers, Layers), Result<Arc<Engine>, String>>,
}

#[derive(Deserialize)]
struct TextDocumentItem {
    uri: String,
    version: i64,
    text: String,
}

#[derive(Deserialize)]
struct Identifier {
    uri: String,
}

#[derive(Deserialize)]
struct VersionedIdentifier {
    uri: String,
    version: i64,
}

#[derive(Deserialize)]
struct DidOpen {
    #[serde(rename = "textDocument")]
    document: TextDocumentItem,
}

#[derive(Deserialize)]
struct DidChange {
    #[serde(rename = "textDocument")]
    document: VersionedIdentifier,
    #[serde(rename = "contentChanges")]
    changes: Vec<Change>,
}

#[derive(Deserialize)]
struct Change {
    text: String,
}

#[derive(Deserialize)]
struct DidClose {
    #[serde(rename = "textDocument")]
    document: Identifier,
}

#[derive(Deserialize, Clone, Copy)]
struct Position {
    line: u32,
    character: u32,
}

#[derive(Deserialize, Clone, Copy)]
struct Range {
    start: Position,
    end: Position,
}

#[derive(Deserialize)]
struct PositionParams {
    #[serde(rename = "textDocument")]
    document: Identifier,
    position: Position,
}

#[derive(Deserialize)]
struct CodeActionParams {
    #[serde(rename = "textDocument")]
    document: Identifier,
    range: Range,
}

impl Server {
    fn notice(&mut self, connection: &Connection, notification: Notification) {
        match notification.method.as_str() {
            "textDocument/didOpen" => {
                if let Ok(open) = serde_json::from_value::<DidOpen>(notification.params) {
                    let path = path_of(&open.document.uri);
                    self.documents.insert(
                        open.document.uri.clone(),
                        Open {
                            text: open.document.text,
                            version: open.document.version,
                            path,
                            checked: None,
                        },
                    );
                    // A document just opened is checked at once: the writer is reading, not typing.
                    self.check(connection, &open.document.uri);
                }
            }
            "textDocument/didChange" => {
                if let Ok(change) = serde_json::from_value::<DidChange>(notification.params)
                    && let Some(open) = self.documents.get_mut(&change.document.uri)
                    && let Some(last) = change.changes.into_iter().last()
                {
                    open.text = last.text;
                    open.version = change.document.version;
                    self.dirty.insert(change.document.uri);
                }
            }
            "textDocument/didClose" => {
                if let Ok(close) = serde_json::from_value::<DidClose>(notification.params) {
                    self.documents.remove(&close.document.uri);
                    self.dirty.remove(&close.document.uri);
                    publish(connection, &close.document.uri, None, Vec::new());
                }
            }
            // A saved `factlint.yaml`, rule or data file is read again on the next check.
            "textDocument/didSave" => {
                self.configs.clear();
                self.engines.clear();
            }
            _ => {}
        }
    }

    fn answer(&mut self, connection: &Connection, request: Request) -> Response {
        let id = request.id.clone();
        match request.method.as_str() {
            "textDocument/hover" => match serde_json::from_value::<PositionParams>(request.params) {
                Ok(params) => Response::new_ok(id, self.hover(connection, &params.document.uri, params.position)),
                Err(e) => invalid(id, &e),
            },
            "textDocument/codeAction" => match serde_json::from_value::<CodeActionParams>(request.params) {
                Ok(params) => Response::new_ok(id, self.code_actions(connection, &params.document.uri, params.range)),
                Err(e) => invalid(id, &e),
            },
            method => Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("factlint does not answer `{method}`"),
            ),
        }
    }

    fn check_dirty(&mut self, connection: &Connection) {
        for uri in std::mem::take(&mut self.dirty) {
            self.check(connection, &uri);
        }
    }

    /// The findings of a document's current text, checking it first when it changed.
    fn current(&mut self, connection: &Connection, uri: &str) -> Option<&(Document, Vec<Finding>)> {
        if self.dirty.remove(uri) || self.documents.get(uri).is_some_and(|d| d.checked.is_none()) {
            self.check(connection, uri);
        }
        self.documents.get(uri)?.checked.as_ref()
    }

    /// Checks a document and publishes its diagnostics: its findings, or why it could not be checked.
    fn check(&mut self, connection: &Connection, uri: &str) {
        let Some(open) = self.documents.get(uri) else {
            return;
        };
        let (text, version, path) = (open.text.clone(), open.version, open.path.clone());
        let name = path
            .as_ref()
            .map_or_else(|| uri.to_string(), |p| p.display().to_string());
        let engine = self.engine_for(path.as_deref());
        let (diagnostics, checked) = match engine {
            Err(message) => (vec![diagnostic_at_start(&message)], None),
            Ok((engine, config)) => match Document::from_bytes(&name, text.into_bytes(), Format::from_path(&name)) {
                Err(e) => {
                    let at = e.offset.unwrap_or(0);
                    let diagnostic = match self.documents.get(uri) {
                        Some(open) => error_diagnostic(&open.text, at, &e.message),
                        None => diagnostic_at_start(&e.message),
                    };
                    (vec![diagnostic], None)
                }
                Ok(document) => {
                    let today = chrono::Local::now().date_naive();
                    let scope = match (&config, &path) {
                        (Some(config), Some(path)) => Scope::Config { config, file: path },
                        _ => Scope::All,
                    };
                    let report = engine.report(document, None, today, scope);
                    let diagnostics = report
                        .findings
                        .iter()
                        .map(|f| finding_diagnostic(&report.document.text, f))
                        .collect();
                    (diagnostics, Some((report.document, report.findings)))
                }
            },
        };
        if let Some(open) = self.documents.get_mut(uri) {
            open.checked = checked;
        }
        publish(connection, uri, Some(version), diagnostics);
    }

    /// The engine and config for a document at `path` (none for an unsaved document: the working directory's
    /// config applies).
    fn engine_for(&mut self, path: Option<&Path>) -> Result<(Arc<Engine>, Option<Arc<Config>>), String> {
        let dir = path
            .and_then(Path::parent)
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let config_path = Config::discover(&dir);
        let config = match &config_path {
            None => None,
            Some(config_path) => self
                .configs
                .entry(config_path.clone())
                .or_insert_with(|| match Config::load(config_path) {
                    Ok(config) => Ok(Some(Arc::new(config))),
                    Err(errors) => Err(joined(&errors)),
                })
                .clone()?,
        };
        let options = &self.options;
        let rules = Layers::of_rules(options.no_default_rules, &options.rules, config.as_deref());
        let reference = Layers::of_reference(
            options.no_default_reference,
            &options.reference,
            options.no_cache,
            config.as_deref(),
        );
        let engine = self
            .engines
            .entry((rules.clone(), reference.clone()))
            .or_insert_with(|| {
                let engine = Engine::load(&rules, &reference).map_err(|errors| joined(&errors))?;
                if let Some(config) = &config {
                    config
                        .validate(|id| engine.knows(id))
                        .map_err(|errors| joined(&errors))?;
                }
                Ok(Arc::new(engine))
            })
            .clone()?;
        Ok((engine, config))
    }

    fn hover(&mut self, connection: &Connection, uri: &str, at: Position) -> Value {
        let Some((document, findings)) = self.current(connection, uri) else {
            return Value::Null;
        };
        let offset = offset_of(&document.text, at);
        let here: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.span.start <= offset && offset <= f.span.end)
            .collect();
        if here.is_empty() {
            return Value::Null;
        }
        let text = here.iter().map(|f| hover_text(f)).collect::<Vec<_>>().join("\n---\n");
        json!({"contents": {"kind": "markdown", "value": text}})
    }

    fn code_actions(&mut self, connection: &Connection, uri: &str, range: Range) -> Value {
        let Some((document, findings)) = self.current(connection, uri) else {
            return json!([]);
        };
        let (from, to) = (
            offset_of(&document.text, range.start),
            offset_of(&document.text, range.end),
        );
        let actions: Vec<Value> = findings
            .iter()
            .filter(|f| f.span.start <= to && from <= f.span.end)
            .filter_map(|f| {
                let fix = f.fix.as_ref().filter(|fix| !fix.edits.is_empty())?;
                let edits: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|e| {
                        json!({
                            "range": range_json(&document.text, e.start, e.end),
                            "newText": e.replacement,
                        })
                    })
                    .collect();
                let title = if fix.safe {
                    format!("{} ({})", fix.description, f.rule)
                } else {
                    format!("{} ({}, may be wrong in context)", fix.description, f.rule)
                };
                Some(json!({
                    "title": title,
                    "kind": "quickfix",
                    "isPreferred": fix.safe,
                    "diagnostics": [finding_diagnostic(&document.text, f)],
                    "edit": {"changes": {uri: edits}},
                }))
            })
            .collect();
        Value::Array(actions)
    }
}

fn send(connection: &Connection, message: Message) {
    // A closed connection ends the loop at the next receive.
    let _ = connection.sender.send(message);
}

fn publish(connection: &Connection, uri: &str, version: Option<i64>, diagnostics: Vec<Value>) {
    let mut params = json!({"uri": uri, "diagnostics": diagnostics});
    if let Some(version) = version {
        params["version"] = version.into();
    }
    send(
        connection,
        Message::Notification(Notification::new("textDocument/publishDiagnostics".into(), params)),
    );
}

fn invalid(id: RequestId, error: &serde_json::Error) -> Response {
    Response::new_err(id, ErrorCode::InvalidParams as i32, error.to_string())
}

fn joined(errors: &[crate::error::ConfigError]) -> String {
    errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}

fn severity_code(severity: Severity) -> u8 {
    match severity {
        Severity::Error => 1,
        Severity::Warning => 2,
        Severity::Note => 3,
    }
}

fn finding_diagnostic(text: &str, finding: &Finding) -> Value {
    json!({
        "range": range_json(text, finding.span.start, finding.span.end),
        "severity": severity_code(finding.severity),
        "code": finding.rule,
        "source": "factlint",
        "message": finding.message,
    })
}

fn error_diagnostic(text: &str, at: usize, message: &str) -> Value {
    json!({
        "range": range_json(text, at, at),
        "severity": 1,
        "source": "factlint",
        "message": message,
    })
}

fn diagnostic_at_start(message: &str) -> Value {
    error_diagnostic("", 0, &format!("factlint cannot check this document: {message}"))
}

/// The finding as hover text: the message, the evidence a reader can follow, and the fix.
fn hover_text(finding: &Finding) -> String {
    let mut text = format!("**{}** {} — {}\n", finding.rule, finding.name, finding.message);
    for evidence in &finding.evidence {
        text.push_str(&format!("\n- evidence: {}", evidence.summary));
        if let Some(source) = &evidence.source {
            text.push_str(&format!(" ({})", source.name));
        }
    }
    if let Some(fix) = &finding.fix {
        text.push_str(&format!("\n\nfix: {}", fix.description));
    }
    text
}

fn range_json(text: &str, start: usize, end: usize) -> Value {
    let (start, end) = (position_of(text, start), position_of(text, end));
    json!({
        "start": {"line": start.line, "character": start.character},
        "end": {"line": end.line, "character": end.character},
    })
}

/// The protocol position (line, UTF-16 code units into it) of a byte offset.
fn position_of(text: &str, offset: usize) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    Position {
        line: before.matches('\n').count() as u32,
        character: before[line_start..].encode_utf16().count() as u32,
    }
}

/// The byte offset of a protocol position; past the end of its line is the end of the line.
fn offset_of(text: &str, at: Position) -> usize {
    let mut line_start = 0;
    for _ in 0..at.line {
        match text[line_start..].find('\n') {
            Some(end) => line_start += end + 1,
            None => return text.len(),
        }
    }
    let line_end = text[line_start..].find('\n').map_or(text.len(), |end| line_start + end);
    let mut units = 0;
    for (index, c) in text[line_start..line_end].char_indices() {
        if units >= at.character as usize {
            return line_start + index;
        }
        units += c.len_utf16();
    }
    line_end
}

/// The path of a `file:` URI, its percent-escapes decoded.
fn path_of(uri: &str) -> Option<PathBuf> {
    let encoded = uri.strip_prefix("file://")?;
    let mut bytes = Vec::with_capacity(encoded.len());
    let mut rest = encoded.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        let decoded = (byte == b'%')
            .then(|| tail.get(..2))
            .flatten()
            .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        match decoded {
            Some(value) => {
                bytes.push(value);
                rest = &tail[2..];
            }
            None => {
                bytes.push(byte);
                rest = tail;
            }
        }
    }
    String::from_utf8(bytes).ok().map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_and_round_trip() {
        let text = "a\n“Former” 😀 President\n";
        let offset = text.find("President").unwrap();
        let at = position_of(text, offset);
        // “ and ” are one unit each, 😀 two.
        assert_eq!((at.line, at.character), (1, 8 + 1 + 2 + 1));
        assert_eq!(offset_of(text, at), offset);
        assert_eq!(offset_of(text, Position { line: 9, character: 0 }), text.len());
        assert_eq!(
            offset_of(text, Position { line: 0, character: 40 }),
            1,
            "past the end of a line is its end"
        );
    }

    #[test]
    fn file_uris_are_paths_with_escapes_decoded() {
        assert_eq!(
            path_of("file:///tmp/my%20draft%25.md"),
            Some(PathBuf::from("/tmp/my draft%.md"))
        );
        assert_eq!(path_of("untitled:Untitled-1"), None);
        assert_eq!(path_of("file:///a%2"), Some(PathBuf::from("/a%2")));
    }
}
