//! The extract stage: typed claims read from a document's prose, each with the byte span it was read from.
//!
//! Claims are what an article asserts that can be checked: a person's role or title, a figure, a date, a quote
//! and who said it, an attribution to a source. Extraction knows names and titles from the reference data (via
//! the [`Lexicon`]) but decides nothing: whether a claim is right is the check stage's business.

mod cues;
mod dates;
mod dictionary;
mod figures;
mod lexicon;
mod people;
mod quotes;
mod spelling;
mod titles;

use std::sync::OnceLock;

use serde::Serialize;

pub use dates::DateClaim;
pub use figures::{Approx, Figure, FigureKind};
pub use lexicon::Lexicon;
pub use people::{Mention, Resolution, Role};
pub use quotes::{Attribution, Quote, Speaker};
pub use spelling::NearMiss;

use crate::deadline::{Deadline, TimeUp};
use crate::reference::ReferenceData;
use crate::source::{Document, Span, split_sentences};

named_enum! {
    /// A qualifier written before a title.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum Label {
        /// "former", "ex-"
        Former = "former",
        /// "then-": the title held at the time of the events told.
        Then = "then",
        Acting = "acting",
        Interim = "interim",
        Outgoing = "outgoing",
        Incoming = "incoming",
        /// "late": the person has died.
        Late = "late",
    }
}

impl Label {
    pub fn parse(text: &str) -> Label {
        Label::from_name(text.to_lowercase().trim_end_matches('-')).unwrap_or(Label::Former)
    }
}

/// One checkable statement.
#[derive(Debug, Clone, Serialize)]
pub struct Claim {
    pub span: Span,
    /// Index into [`Extraction::sentences`].
    pub sentence: usize,
    #[serde(flatten)]
    pub kind: ClaimKind,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ClaimKind {
    Role(Role),
    Figure(Figure),
    Date(DateClaim),
    Quote(Quote),
    Attribution(Attribution),
    Spelling(NearMiss),
}

impl ClaimKind {
    pub fn name(&self) -> &'static str {
        match self {
            ClaimKind::Role(_) => "role",
            ClaimKind::Figure(_) => "figure",
            ClaimKind::Date(_) => "date",
            ClaimKind::Quote(_) => "quote",
            ClaimKind::Attribution(_) => "attribution",
            ClaimKind::Spelling(_) => "spelling",
        }
    }
}

/// A sentence of a block, and whether it names a source.
#[derive(Debug, Clone, Serialize)]
pub struct Sentence {
    #[serde(skip)]
    pub block: usize,
    #[serde(skip)]
    pub prose: (usize, usize),
    pub span: Span,
    /// It attributes what it says to a named source ("according to the UN", "Fidan said"): read when first asked
    /// ([`Sentences::sourced`]). A check asks it of the sentences with figures and of a text rule's matches only;
    /// the full extraction ([`extract`]) reads it for every sentence, since it lists them.
    #[serde(serialize_with = "read_before_written")]
    sourced: OnceLock<bool>,
    #[serde(skip)]
    sources: quotes::SourceCues,
}

/// Writes out whether a sentence names its source, which must have been read.
fn read_before_written<S: serde::Serializer>(sourced: &OnceLock<bool>, serializer: S) -> Result<S::Ok, S::Error> {
    match sourced.get() {
        Some(&sourced) => serializer.serialize_bool(sourced),
        None => Err(serde::ser::Error::custom(
            "a sentence's source was not read before it was written out",
        )),
    }
}

/// The sentences of a document, in order.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(transparent)]
pub struct Sentences(pub Vec<Sentence>);

impl Sentences {
    fn split(doc: &Document, deadline: Deadline) -> Result<Sentences, TimeUp> {
        let mut all = Vec::new();
        for (block_index, block) in doc.blocks.iter().enumerate() {
            for (start, end) in split_sentences(&block.prose.text) {
                deadline.check()?;
                let sources = quotes::SourceCues::of(&block.prose.text[start..end]);
                all.push(Sentence {
                    block: block_index,
                    prose: (start, end),
                    span: block.prose.to_source(start, end),
                    sourced: OnceLock::new(),
                    sources,
                });
            }
        }
        Ok(Sentences(all))
    }

    /// The sentence of `block` that holds prose offset `offset` (the block's last sentence if none does).
    pub fn index_of(&self, block: usize, offset: usize) -> usize {
        // Sentences are in (block, start) order: the last one of the block starting at or before `offset`, found by
        // bisection so that a long paragraph costs no more per claim than a short one.
        let first = self.0.partition_point(|s| s.block < block);
        let after = self.0.partition_point(|s| (s.block, s.prose.0) <= (block, offset));
        after.saturating_sub(1).max(first).min(self.0.len().saturating_sub(1))
    }

    pub fn get(&self, index: usize) -> Option<&Sentence> {
        self.0.get(index)
    }

    /// Whether sentence `index` of `doc` attributes what it says to a named source, read once.
    pub fn sourced(&self, doc: &Document, index: usize) -> bool {
        let Some(sentence) = self.0.get(index) else {
            return false;
        };
        *sentence.sourced.get_or_init(|| {
            let text = &doc.blocks[sentence.block].prose.text[sentence.prose.0..sentence.prose.1];
            sentence.sources.names_a_source(text)
        })
    }

    /// Each sentence's text, for extractors that read sentence by sentence.
    fn texts<'a>(&'a self, doc: &'a Document) -> impl Iterator<Item = SentenceText<'a>> {
        self.0.iter().enumerate().map(move |(index, sentence)| {
            let prose = &doc.blocks[sentence.block].prose;
            SentenceText {
                index,
                prose,
                start: sentence.prose.0,
                text: &prose.text[sentence.prose.0..sentence.prose.1],
            }
        })
    }
}

/// One sentence's text and the way back to the file.
struct SentenceText<'a> {
    index: usize,
    prose: &'a crate::source::Prose,
    /// Offset of the sentence in its block's prose.
    start: usize,
    text: &'a str,
}

impl SentenceText<'_> {
    /// The file span of `start..end`, offsets relative to the sentence.
    fn span(&self, start: usize, end: usize) -> Span {
        self.prose.to_source(self.start + start, self.start + end)
    }
}

/// Everything read from one document.
#[derive(Debug, Clone, Serialize)]
pub struct Extraction {
    pub sentences: Sentences,
    pub mentions: Vec<Mention>,
    /// Claims sorted by position.
    pub claims: Vec<Claim>,
}

/// The spans of a document's quotations, in order of opening.
struct Quotations(Vec<Span>);

impl Quotations {
    fn of(quotes: &[Claim]) -> Quotations {
        let mut spans: Vec<Span> = quotes
            .iter()
            .filter_map(|q| match &q.kind {
                ClaimKind::Quote(quote) => Some(quote.quote_span),
                _ => None,
            })
            .collect();
        spans.sort_by_key(|q| q.start);
        Quotations(spans)
    }

    /// Whether `span` lies inside a quotation. Quotations seldom nest, so the few that open last before it are
    /// the ones that can hold it.
    fn contain(&self, span: Span) -> bool {
        let opened_before = self.0.partition_point(|q| q.start <= span.start);
        self.0[..opened_before].iter().rev().take(4).any(|q| span.end <= q.end)
    }
}

/// Decides which figures someone is credited with (see [`Figure::sourced`]): news copy often attributes a run
/// of figures once, so a figure also counts as sourced when it is part of a run of sentences with figures (not
/// inside quotations) that a sentence crediting a named source of data opens.
fn attribute_figures(doc: &Document, sentences: &Sentences, claims: &mut [Claim], quoted: &Quotations) {
    let with_own_figures: foldhash::HashSet<usize> = claims
        .iter()
        .filter(|c| matches!(c.kind, ClaimKind::Figure(_)) && !quoted.contain(c.span))
        .map(|c| c.sentence)
        .collect();
    let texts: Vec<SentenceText> = sentences.texts(doc).collect();
    // in_attributed_run[i]: sentence i follows, without a break, a sentence that credits data for its figures.
    let mut in_attributed_run = vec![false; texts.len()];
    for i in 1..texts.len() {
        let previous = i - 1;
        in_attributed_run[i] = sentences.0[previous].block == sentences.0[i].block
            && with_own_figures.contains(&previous)
            && (in_attributed_run[previous]
                || quotes::cites_data(texts[previous].text, &sentences.0[previous].sources));
    }
    // Read once per sentence: a sentence may hold many figures.
    let mut cites: Vec<Option<bool>> = vec![None; texts.len()];
    for claim in claims.iter_mut() {
        let index = claim.sentence;
        let in_quote = quoted.contain(claim.span);
        if let ClaimKind::Figure(figure) = &mut claim.kind {
            figure.sourced = in_quote
                || in_attributed_run[index]
                || *cites[index]
                    .get_or_insert_with(|| quotes::cites_a_source(texts[index].text, &sentences.0[index].sources));
        }
    }
}

/// Reads the claims of a document.
pub fn extract(doc: &Document, lexicon: &Lexicon, reference: &ReferenceData) -> Extraction {
    let extraction = crate::deadline::finished(extract_until(doc, lexicon, reference, Deadline::NEVER));
    // Every sentence is listed, with whether it names its source.
    for index in 0..extraction.sentences.0.len() {
        extraction.sentences.sourced(doc, index);
    }
    extraction
}

/// [`extract`], giving up once `deadline` passes: polled per sentence while the sentences are split and between
/// stages, each of which is linear in the document.
pub fn extract_until(
    doc: &Document,
    lexicon: &Lexicon,
    reference: &ReferenceData,
    deadline: Deadline,
) -> Result<Extraction, TimeUp> {
    let sentences = Sentences::split(doc, deadline)?;
    let (mentions, surnames) = people::mentions(doc, lexicon, reference);
    deadline.check()?;
    let mut claims = people::roles(doc, lexicon, &mentions, &sentences);
    deadline.check()?;
    let date_claims = dates::dates(doc, &sentences);
    // Dates do not overlap one another: in the order of their starts, they are in the order of their ends too.
    let mut taken: Vec<Span> = date_claims.iter().map(|c| c.span).collect();
    taken.sort_unstable_by_key(|span| span.start);
    claims.extend(figures::figures(doc, &sentences, &taken));
    claims.extend(date_claims);
    deadline.check()?;
    let quotes = quotes::quotes(doc, &sentences, &mentions);
    let quoted = Quotations::of(&quotes);
    attribute_figures(doc, &sentences, &mut claims, &quoted);
    for claim in &mut claims {
        if let ClaimKind::Role(role) = &mut claim.kind {
            role.quoted = quoted.contain(claim.span);
        }
    }
    claims.extend(quotes);
    claims.extend(quotes::attributions(doc, &sentences));
    deadline.check()?;
    claims.extend(spelling::near_misses(
        doc, &sentences, &mentions, &surnames, lexicon, reference,
    ));
    claims.sort_by_key(|c| (c.span.start, c.span.end, c.kind.name()));
    Ok(Extraction {
        sentences,
        mentions,
        claims,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Format;

    /// Whether each figure of `text` counts as sourced, in order.
    fn sourced(text: &str) -> Vec<(String, bool)> {
        let doc = Document::parse("t.txt", text.to_string(), Format::Text).unwrap();
        let reference = ReferenceData::default();
        extract(&doc, &Lexicon::new(&reference), &reference)
            .claims
            .into_iter()
            .filter_map(|c| match c.kind {
                ClaimKind::Figure(f) => Some((f.text, f.sourced)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_data_source_attributes_the_run_of_figures_it_opens() {
        let run = "The town had 41,000 residents, according to the census bureau. About 8 percent were over 80. \
                   A third lived alone on $900 a month. The mayor wants change. Rents rose 12 percent.";
        assert_eq!(
            sourced(run),
            vec![
                ("41,000".to_string(), true),
                ("About 8 percent".to_string(), true),
                ("over 80".to_string(), true),
                ("$900".to_string(), true),
                ("12 percent".to_string(), false),
            ]
        );
    }

    #[test]
    fn speech_and_quotes_attribute_their_own_sentence_only() {
        let text = "“We lost $6 million,” he added. Costs ranged from 4 percent to 9 percent.";
        assert_eq!(
            sourced(text),
            vec![
                ("$6 million".to_string(), true),
                ("4 percent".to_string(), false),
                ("9 percent".to_string(), false),
            ]
        );
    }
}

#[cfg(test)]
mod growth;
