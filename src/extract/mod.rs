//! The extract stage: typed claims read from a document's prose, each with the byte span it was read from.
//!
//! Claims are what an article asserts that can be checked: a person's role or title, a figure, a date, a quote
//! and who said it, an attribution to a source. Extraction knows names and titles from the reference data (via
//! the [`Lexicon`]) but decides nothing: whether a claim is right is the check stage's business.

mod dates;
mod figures;
mod lexicon;
mod people;
mod quotes;
mod spelling;

use serde::Serialize;

pub use dates::DateClaim;
pub use figures::{Approx, Figure, FigureKind};
pub use lexicon::Lexicon;
pub use people::{Mention, Role};
pub use quotes::{Attribution, Quote, Speaker};
pub use spelling::NearMiss;

use crate::reference::ReferenceData;
use crate::source::{Document, Span, split_sentences};

/// A qualifier written before a title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Label {
    /// "former", "ex-"
    Former,
    /// "then-": the title held at the time of the events told.
    Then,
    Acting,
    Interim,
    Outgoing,
    Incoming,
    /// "late": the person has died.
    Late,
}

impl Label {
    pub fn parse(text: &str) -> Label {
        match text.to_lowercase().trim_end_matches('-') {
            "then" => Label::Then,
            "acting" => Label::Acting,
            "interim" => Label::Interim,
            "outgoing" => Label::Outgoing,
            "incoming" => Label::Incoming,
            "late" => Label::Late,
            _ => Label::Former,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Label::Former => "former",
            Label::Then => "then",
            Label::Acting => "acting",
            Label::Interim => "interim",
            Label::Outgoing => "outgoing",
            Label::Incoming => "incoming",
            Label::Late => "late",
        }
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
    /// It attributes what it says to a named source ("according to the UN", "Fidan said").
    pub sourced: bool,
}

/// The sentences of a document, in order.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(transparent)]
pub struct Sentences(pub Vec<Sentence>);

impl Sentences {
    fn split(doc: &Document) -> Sentences {
        let mut all = Vec::new();
        for (block_index, block) in doc.blocks.iter().enumerate() {
            for (start, end) in split_sentences(&block.prose.text) {
                let sourced = quotes::names_a_source(&block.prose.text[start..end]);
                all.push(Sentence {
                    block: block_index,
                    prose: (start, end),
                    span: block.prose.to_source(start, end),
                    sourced,
                });
            }
        }
        Sentences(all)
    }

    /// The sentence of `block` that holds prose offset `offset` (the block's last sentence if none does).
    pub fn index_of(&self, block: usize, offset: usize) -> usize {
        let first = self.0.partition_point(|s| s.block < block);
        let mut best = first;
        for (i, s) in self.0.iter().enumerate().skip(first) {
            if s.block != block || s.prose.0 > offset {
                break;
            }
            best = i;
        }
        best.min(self.0.len().saturating_sub(1))
    }

    pub fn get(&self, index: usize) -> Option<&Sentence> {
        self.0.get(index)
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

/// Reads the claims of a document.
pub fn extract(doc: &Document, lexicon: &Lexicon, reference: &ReferenceData) -> Extraction {
    let sentences = Sentences::split(doc);
    let mentions = people::mentions(doc, lexicon, reference);
    let mut claims = people::roles(doc, lexicon, &mentions, &sentences);
    let date_claims = dates::dates(doc, &sentences);
    let taken: Vec<Span> = date_claims.iter().map(|c| c.span).collect();
    claims.extend(figures::figures(doc, &sentences, &taken));
    claims.extend(date_claims);
    claims.extend(quotes::quotes(doc, &sentences, &mentions));
    claims.extend(quotes::attributions(doc, &sentences));
    claims.extend(spelling::near_misses(doc, &sentences, &mentions, reference));
    claims.sort_by_key(|c| (c.span.start, c.span.end, c.kind.name()));
    Extraction {
        sentences,
        mentions,
        claims,
    }
}
