//! The one model every printer shares: a finding with its place, message, evidence and fix.

use serde::Serialize;

use crate::reference::{Origin, Source};
use crate::rules::Severity;
use crate::source::{Document, Span};

/// A reference record (or a calendar fact) that a finding rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// The record in a sentence: "Donald Trump — President of the United States: 2025-01-20 to open".
    pub summary: String,
    /// Where the record is written; none for facts of the calendar.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

impl Evidence {
    /// Where a reader finds the record: the file and line of the user's own data, which they can open, or the
    /// source of the bundled data, whose files an installed binary's user does not have.
    pub fn whereabouts(&self) -> Option<String> {
        match (&self.origin, &self.source) {
            (Some(origin), _) if !crate::bundled::is_reference_file(&origin.file) => Some(origin.to_string()),
            (_, Some(source)) => Some(source.to_string()),
            (Some(origin), None) => Some(origin.to_string()),
            (None, None) => None,
        }
    }
}

/// One replacement of the bytes `start..end` of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fix {
    pub description: String,
    /// Empty when the fix needs an editor's judgment.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub edits: Vec<Edit>,
    /// The edits are right whatever the context (`--fix` applies them); otherwise they need `--unsafe-fixes`.
    pub safe: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: String,
    /// The rule's name for the problem ("former-incumbent").
    pub name: String,
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    pub evidence: Vec<Evidence>,
    pub fix: Option<Fix>,
}

/// A fingerprint of a finding that survives edits elsewhere in the file, even elsewhere in its paragraph: the
/// rule, the flagged text and the sentence around it, whitespace folded (FNV-1a, 64 bits, hex).
pub fn fingerprint(doc: &Document, finding: &Finding) -> String {
    let sentence = doc.slice(doc.sentence_around(finding.span.start));
    let context: String = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
    let hash = fnv1a(
        finding
            .rule
            .bytes()
            .chain([0])
            .chain(doc.slice(finding.span).bytes())
            .chain([0])
            .chain(context.bytes()),
    );
    format!("{hash:016x}")
}

/// FNV-1a, 64 bits: a stable hash that is the same on every platform and in every release.
pub fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}
