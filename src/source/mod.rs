//! The source stage: reads an article (Markdown with front matter, HTML or plain text) into a [`Document`].
//!
//! A document keeps the original bytes untouched and exposes its prose as blocks (headings, paragraphs, list
//! items, quotes). Each block's prose is the readable text with markup, code, URLs and HTML taken out, plus a map
//! from every prose offset back to a byte offset in the original file, so claims found in the prose point at the
//! exact bytes a user sees in an editor.

pub mod directives;
mod html;
mod markdown;
mod prose;

mod sentences;
mod span;
mod text;

use std::io::Read;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use markdown::{parse_day, parse_publication_date as parse_date};
pub use prose::Prose;
pub use sentences::split_sentences;

pub use span::{LineIndex, Position, Span};

/// How an article is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Markdown,
    Text,
    Html,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Markdown, Format::Text, Format::Html];

    /// The file extensions of articles, lower case: what a directory walk reads.
    pub const EXTENSIONS: [&str; 6] = ["md", "markdown", "txt", "text", "html", "htm"];

    /// The format's name on the command line and in requests.
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Text => "text",
            Format::Html => "html",
        }
    }

    /// The format a path's extension implies: `.txt`/`.text` plain text, `.html`/`.htm` HTML, everything else
    /// Markdown.
    pub fn from_path(path: &str) -> Format {
        let extension = path.rsplit_once('.').map_or("", |(_, extension)| extension);
        match extension.to_ascii_lowercase().as_str() {
            "txt" | "text" => Format::Text,
            "html" | "htm" => Format::Html,
            _ => Format::Markdown,
        }
    }

    /// Whether a path's extension is one of an article's ([`Format::EXTENSIONS`]).
    pub fn is_article(path: &std::path::Path) -> bool {
        path.extension()
            .is_some_and(|x| Format::EXTENSIONS.contains(&x.to_string_lossy().to_lowercase().as_str()))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    Heading,
    Paragraph,
    ListItem,
    Quote,
    TableCell,
}

/// One block of prose: the unit inside which sentences are split and claims are read.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub prose: Prose,
}

/// What the front matter says about the article.
#[derive(Debug, Clone, Default)]
pub struct Metadata {
    pub title: Option<String>,
    /// The publication date: the default "as of" date of every check.
    pub date: Option<NaiveDate>,
}

/// How far [`Document::sentence_around`] reads either side of an offset.
const SENTENCE_WINDOW: usize = 2048;

/// An article ready for extraction.
#[derive(Debug, Clone)]
pub struct Document {
    /// The path as the user gave it (`-` for standard input).
    pub path: String,
    /// The original text, exactly as read; every [`Span`] indexes into it.
    pub text: String,
    pub format: Format,
    pub metadata: Metadata,
    pub blocks: Vec<Block>,
    /// Suppression comments, in file order.
    pub directives: Vec<directives::Directive>,
    pub lines: LineIndex,
}

/// Why a file could not be read as an article. Carries a byte offset where one is known.
#[derive(Debug, Error, Clone, PartialEq)]
#[error("{message}")]
pub struct SourceError {
    pub message: String,
    /// Byte offset into the file, when the problem has a place.
    pub offset: Option<usize>,
}

impl SourceError {
    fn new(message: impl Into<String>, offset: Option<usize>) -> Self {
        SourceError {
            message: message.into(),
            offset,
        }
    }

    /// Where the problem is in `bytes` (the input as read), when it has a place: 1-based line and column,
    /// columns in characters.
    pub fn position(&self, bytes: &[u8]) -> Option<Position> {
        let before = &bytes[..self.offset?.min(bytes.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
        Some(Position { line, column })
    }
}

/// The largest article factlint reads, so memory stays bounded whatever a file holds: 16 MiB is hundreds of
/// times a long feature, and a run holds at most one article per worker thread.
pub const MAX_ARTICLE_BYTES: usize = 16 << 20;

/// What a path that is neither a directory nor a regular file is (a named pipe, a socket, a device), for the
/// message that refuses it: reading one may block for ever or never end.
pub fn special_file_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return "a named pipe";
        } else if kind.is_socket() {
            return "a socket";
        } else if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
    }
    "a special file"
}

/// Reads an article's bytes, refusing one larger than [`MAX_ARTICLE_BYTES`] without reading it all.
pub fn read_bounded(reader: impl Read) -> Result<Vec<u8>, SourceError> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_ARTICLE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| SourceError::new(format!("cannot read: {e}"), None))?;
    if bytes.len() > MAX_ARTICLE_BYTES {
        return Err(SourceError::new(
            format!(
                "larger than {} MiB, the most an article may be; split it into articles",
                MAX_ARTICLE_BYTES >> 20
            ),
            None,
        ));
    }
    Ok(bytes)
}

impl Document {
    /// Reads raw bytes as an article. Refuses binary data and invalid UTF-8 with the offset of the problem.
    pub fn from_bytes(path: &str, bytes: Vec<u8>, format: Format) -> Result<Document, SourceError> {
        let probe = &bytes[..bytes.len().min(8192)];
        if let Some(nul) = memchr::memchr(0, probe) {
            return Err(SourceError::new(
                "binary file (contains a NUL byte); only text articles can be checked",
                Some(nul),
            ));
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            SourceError::new(
                format!(
                    "invalid UTF-8 (byte 0x{:02x}); save the file as UTF-8",
                    e.as_bytes()[at]
                ),
                Some(at),
            )
        })?;
        Document::parse(path, text, format)
    }

    /// Parses text already known to be UTF-8.
    pub fn parse(path: &str, text: String, format: Format) -> Result<Document, SourceError> {
        // A byte-order mark is kept in `text` (spans index the file as given) but not parsed.
        let body_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let (metadata, blocks, directives) = match format {
            Format::Markdown => markdown::parse(&text, body_start)?,
            Format::Text => {
                let (blocks, directives) = text::parse(&text, body_start);
                (Metadata::default(), blocks, directives)
            }
            Format::Html => html::parse(&text, body_start),
        };
        let lines = LineIndex::new(&text);
        Ok(Document {
            path: path.to_string(),
            text,
            format,
            metadata,
            blocks,
            directives,
            lines,
        })
    }

    /// The sentence of its line that holds `offset` (the whole line where sentences cannot be told apart). Only
    /// [`SENTENCE_WINDOW`] bytes either side are read, so many findings on one very long line cost no more each than
    /// on a short one; a sentence longer than that is cut to the window.
    pub fn sentence_around(&self, offset: usize) -> Span {
        let doc = self;
        let (line_start, line_end) = doc.lines.line_range(doc.lines.line_of(offset), doc.text.len());
        let mut from = offset.saturating_sub(SENTENCE_WINDOW).max(line_start);
        while !doc.text.is_char_boundary(from) {
            from += 1;
        }
        let mut to = (offset + SENTENCE_WINDOW).min(line_end);
        while !doc.text.is_char_boundary(to) {
            to -= 1;
        }
        let window = doc.text.get(from..to).unwrap_or("");
        let at = offset.saturating_sub(from);
        split_sentences(window)
            .into_iter()
            .find(|&(s, e)| s <= at && at < e.max(s + 1))
            .map_or(Span::new(from, to), |(s, e)| Span::new(from + s, from + e))
    }

    /// True when the article holds no prose at all.
    pub fn is_empty(&self) -> bool {
        self.blocks.iter().all(|b| b.prose.text.trim().is_empty())
    }

    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.text, offset)
    }

    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_and_invalid_utf8_are_refused_with_offsets() {
        let err = Document::from_bytes("a.md", b"ab\0c".to_vec(), Format::Markdown).unwrap_err();
        assert_eq!(err.offset, Some(2));
        let err = Document::from_bytes("a.md", b"ok \xff".to_vec(), Format::Markdown).unwrap_err();
        assert_eq!(err.offset, Some(3));
        assert!(err.message.contains("UTF-8"));
    }

    #[test]
    fn articles_over_the_limit_are_refused_without_reading_them_whole() {
        let big = std::io::repeat(b'a').take(MAX_ARTICLE_BYTES as u64 + 10);
        let refused = read_bounded(big).unwrap_err();
        assert!(refused.message.contains("16 MiB"), "{}", refused.message);
        let at_limit = std::io::repeat(b'a').take(MAX_ARTICLE_BYTES as u64);
        assert_eq!(read_bounded(at_limit).unwrap().len(), MAX_ARTICLE_BYTES);
    }

    #[test]
    fn bom_is_kept_in_text_and_spans_point_past_it() {
        let doc = Document::parse("a.txt", "\u{feff}Hello there.\n".into(), Format::Text).unwrap();
        let block = &doc.blocks[0];
        let span = block.prose.to_source(0, 5);
        assert_eq!(doc.slice(span), "Hello");
    }
}
