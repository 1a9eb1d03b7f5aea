//! Archive audits: what each rule flags across many articles, before a desk switches it on.
//!
//! An [`Audit`] tallies checked articles into per-rule figures — hits, articles with a hit, every matched text
//! with its count, and a sample of contexts — and two audits [`merge`](Audit::merge) into the audit of both
//! inputs, whatever the split: that is how parallel batches are combined here, and how partial audits from the
//! partitions of a distributed job (`--format partial`) add up to exactly the figures of a single-process run.
//! The sample is the hits with the smallest hash of (article id, rule, offset), a pseudo-random choice that does
//! not depend on input order or partitioning. Memory grows with the number of distinct matched texts, not with
//! the number of articles.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::FileReport;
use crate::finding::fnv1a;
use crate::rules::Severity;
use crate::source::{Document, Span, split_sentences};

/// Characters of context kept on each side of a sampled hit.
const CONTEXT_CHARS: usize = 120;

/// The running figures of an audit; also the partial audit a distributed job's partitions write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Audit {
    /// Articles checked.
    pub articles: u64,
    /// Articles (or records) that could not be read or checked.
    pub failed: u64,
    /// How many sampled contexts each rule keeps.
    pub sample_size: usize,
    /// By rule id.
    pub rules: BTreeMap<String, RuleTally>,
    /// What made the figures; partial audits made by different versions, rules or data must not be added up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub made_by: Option<MadeBy>,
}

/// The factlint version and the fingerprint of the rule and reference layers of an audit
/// ([`crate::layers::Layers::fingerprint`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MadeBy {
    pub version: String,
    pub fingerprint: String,
}

impl MadeBy {
    /// This build of factlint, with `fingerprint`.
    pub fn this(fingerprint: String) -> MadeBy {
        MadeBy {
            version: env!("CARGO_PKG_VERSION").to_string(),
            fingerprint,
        }
    }
}

impl std::fmt::Display for MadeBy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "factlint {}, rules and data {}", self.version, self.fingerprint)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleTally {
    pub name: String,
    pub severity: Severity,
    pub hits: u64,
    pub articles_with_hits: u64,
    /// Every matched text (whitespace folded) with its number of hits.
    pub texts: BTreeMap<String, u64>,
    /// At most `sample_size` hits, smallest key first.
    pub samples: Vec<Sample>,
}

/// One sampled hit, with the sentence around it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sample {
    /// The sampling key: a hash of the article id, the rule and the offset.
    pub key: u64,
    /// The article: a record's id, or a file's path.
    pub id: String,
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub before: String,
    pub text: String,
    pub after: String,
    pub message: String,
}

impl Sample {
    fn order(&self) -> (u64, &str, usize, usize) {
        (self.key, &self.id, self.line, self.column)
    }
}

impl Audit {
    /// An audit of `rules` (id, name, severity): each gets a row even when it never fires.
    pub fn new<'a>(rules: impl IntoIterator<Item = (&'a str, &'a str, Severity)>, sample_size: usize) -> Audit {
        let rules = rules
            .into_iter()
            .map(|(id, name, severity)| (id.to_string(), RuleTally::new(name, severity)))
            .collect();
        Audit {
            articles: 0,
            failed: 0,
            sample_size,
            rules,
            made_by: None,
        }
    }

    /// Counts one checked article, known to the sample as `id`.
    pub fn add(&mut self, id: &str, report: &FileReport) {
        self.articles += 1;
        let doc = &report.document;
        let mut hit = Vec::new();
        for finding in &report.findings {
            let tally = self
                .rules
                .entry(finding.rule.clone())
                .or_insert_with(|| RuleTally::new(&finding.name, finding.severity));
            tally.hits += 1;
            *tally.texts.entry(fold(doc.slice(finding.span))).or_default() += 1;
            if !hit.contains(&finding.rule.as_str()) {
                hit.push(finding.rule.as_str());
                tally.articles_with_hits += 1;
            }
            let key = fnv1a(
                id.bytes()
                    .chain([0])
                    .chain(finding.rule.bytes())
                    .chain([0])
                    .chain(finding.span.start.to_string().into_bytes()),
            );
            // Most hits are not sampled: their context is never built.
            if !tally.would_keep(key, self.sample_size) {
                continue;
            }
            let (before, after) = context(doc, finding.span);
            let at = doc.position(finding.span.start);
            let sample = Sample {
                key,
                id: id.to_string(),
                path: doc.path.clone(),
                line: at.line,
                column: at.column,
                before: clip_start(fold_runs(before).trim_start()),
                text: fold(doc.slice(finding.span)),
                after: clip_end(fold_runs(after).trim_end()),
                message: finding.message.clone(),
            };
            tally.keep_samples(vec![sample], self.sample_size);
        }
    }

    /// Adds another audit's figures to this one: the result is the audit of both inputs. Whether both were made
    /// alike ([`MadeBy`]) is the caller's to check; the first known maker is kept.
    pub fn merge(&mut self, other: Audit) {
        if self.made_by.is_none() {
            self.made_by = other.made_by;
        }
        self.articles += other.articles;
        self.failed += other.failed;
        for (id, theirs) in other.rules {
            let Some(ours) = self.rules.get_mut(&id) else {
                self.rules.insert(id, theirs);
                continue;
            };
            ours.hits += theirs.hits;
            ours.articles_with_hits += theirs.articles_with_hits;
            for (text, count) in theirs.texts {
                *ours.texts.entry(text).or_default() += count;
            }
            ours.keep_samples(theirs.samples, self.sample_size);
        }
    }

    /// The figures to show, rule by rule in id order.
    pub fn rows(&self, top: usize) -> Vec<RuleRow<'_>> {
        self.rules
            .iter()
            .map(|(id, tally)| {
                let mut top_texts: Vec<TextCount> = tally
                    .texts
                    .iter()
                    .map(|(text, &count)| TextCount { text, count })
                    .collect();
                top_texts.sort_by(|a, b| b.count.cmp(&a.count).then(a.text.cmp(b.text)));
                top_texts.truncate(top);
                RuleRow {
                    id,
                    name: &tally.name,
                    severity: tally.severity,
                    articles: self.articles,
                    hits: tally.hits,
                    articles_with_hits: tally.articles_with_hits,
                    per_1000: per_1000(tally.hits, self.articles),
                    top_texts,
                    samples: &tally.samples,
                }
            })
            .collect()
    }
}

impl RuleTally {
    fn new(name: &str, severity: Severity) -> RuleTally {
        RuleTally {
            name: name.to_string(),
            severity,
            hits: 0,
            articles_with_hits: 0,
            texts: BTreeMap::new(),
            samples: Vec::new(),
        }
    }

    /// Whether a hit with this key would be among the kept samples (ties are decided by the full order).
    fn would_keep(&self, key: u64, size: usize) -> bool {
        self.samples.len() < size || self.samples.last().is_some_and(|s| key <= s.key)
    }

    fn keep_samples(&mut self, more: Vec<Sample>, size: usize) {
        self.samples.extend(more);
        self.samples.sort_by(|a, b| a.order().cmp(&b.order()));
        self.samples.truncate(size);
    }
}

/// One rule's line of the audit report.
#[derive(Debug, Serialize)]
pub struct RuleRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub severity: Severity,
    pub articles: u64,
    pub hits: u64,
    pub articles_with_hits: u64,
    /// Hits per 1,000 articles, to two decimals.
    pub per_1000: f64,
    pub top_texts: Vec<TextCount<'a>>,
    pub samples: &'a [Sample],
}

#[derive(Debug, Serialize)]
pub struct TextCount<'a> {
    pub text: &'a str,
    pub count: u64,
}

/// The text before and after a hit within its sentence: the sentence of the prose (markup and tags left out)
/// where the hit was copied verbatim into prose, else the sentence of its line in the file.
fn context(doc: &Document, span: Span) -> (&str, &str) {
    let in_prose = doc.blocks.iter().find_map(|block| {
        let (start, end) = block.prose.from_source(span)?;
        let text = block.prose.text.as_str();
        let (sentence_start, sentence_end) = split_sentences(text)
            .into_iter()
            .find(|&(s, e)| s <= start && start < e.max(s + 1))
            .unwrap_or((0, text.len()));
        Some((
            text.get(sentence_start..start).unwrap_or(""),
            text.get(end..sentence_end).unwrap_or(""),
        ))
    });
    in_prose.unwrap_or_else(|| {
        let sentence = doc.sentence_around(span.start);
        (
            doc.text.get(sentence.start..span.start).unwrap_or(""),
            doc.text.get(span.end..sentence.end).unwrap_or(""),
        )
    })
}

fn per_1000(hits: u64, articles: u64) -> f64 {
    if articles == 0 {
        return 0.0;
    }
    (hits as f64 * 100_000.0 / articles as f64).round() / 100.0
}

/// Runs of whitespace (line breaks included) as one space, so a text counts the same however it is wrapped.
fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Runs of whitespace as one space, keeping a space at either edge: the context around a text keeps its gap.
fn fold_runs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !c.is_whitespace() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out
}

/// The end of `text`, at most [`CONTEXT_CHARS`] characters.
fn clip_start(text: &str) -> String {
    let count = text.chars().count();
    if count <= CONTEXT_CHARS {
        return text.to_string();
    }
    let kept: String = text.chars().skip(count - CONTEXT_CHARS).collect();
    format!("…{kept}")
}

/// The start of `text`, at most [`CONTEXT_CHARS`] characters.
fn clip_end(text: &str) -> String {
    if text.chars().count() <= CONTEXT_CHARS {
        return text.to_string();
    }
    let kept: String = text.chars().take(CONTEXT_CHARS).collect();
    format!("{kept}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_per_thousand_to_two_decimals() {
        assert_eq!(per_1000(1, 3), 333.33);
        assert_eq!(per_1000(7, 100_000), 0.07);
        assert_eq!(per_1000(5, 0), 0.0);
    }

    #[test]
    fn contexts_are_folded_and_clipped_on_the_far_side() {
        assert_eq!(fold(" a \n\t b "), "a b");
        assert_eq!(fold_runs("said \n "), "said ");
        let long = "x".repeat(CONTEXT_CHARS + 5);
        assert!(clip_start(&format!("ab{long}")).starts_with("…x"));
        assert!(clip_end(&format!("{long}ab")).ends_with("x…"));
        assert_eq!(clip_end("short"), "short");
    }
}
