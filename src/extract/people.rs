//! People in the text: mentions of known people (full names, aliases, and surnames after a full mention), and the
//! titles written before them, which become role claims.

use std::collections::HashSet;

use serde::Serialize;

use super::lexicon::Lexicon;
use super::{Claim, ClaimKind, Label, Sentences};
use crate::reference::{OfficeId, PersonId};
use crate::source::{Document, Span};

/// A person named in the text.
#[derive(Debug, Clone, Serialize)]
pub struct Mention {
    /// The name as written.
    pub name: String,
    pub span: Span,
    /// The block and prose offsets of the name, for finding what stands around it.
    #[serde(skip)]
    pub block: usize,
    #[serde(skip)]
    pub prose: (usize, usize),
    /// The reference person, when the name resolves to exactly one.
    #[serde(skip)]
    pub person: Option<PersonId>,
    /// The reference id, for output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person_id: Option<String>,
}

/// A title written before a name: "Former U.S. President Donald Trump".
#[derive(Debug, Clone, Serialize)]
pub struct Role {
    pub person: Mention,
    /// The title as written ("President").
    pub title: String,
    pub title_span: Span,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Label>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_span: Option<Span>,
    /// The jurisdiction as written ("U.S.", "Turkey’s").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jurisdiction_span: Option<Span>,
    /// The offices the title can name, narrowed by the jurisdiction when there is one.
    #[serde(skip)]
    pub offices: Vec<OfficeId>,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-'
}

/// Finds every mention of a known person, in document order.
pub fn mentions(doc: &Document, lexicon: &Lexicon, reference: &crate::reference::ReferenceData) -> Vec<Mention> {
    let mut seen_full: HashSet<PersonId> = HashSet::new();
    let mut found = Vec::new();
    for (block_index, block) in doc.blocks.iter().enumerate() {
        let text = &block.prose.text;
        for m in lexicon.names.find_iter(text) {
            let (start, end) = (m.start(), m.end());
            let before_ok = text[..start].chars().next_back().is_none_or(|c| !is_word_char(c));
            let after_ok = text[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
            if !before_ok || !after_ok {
                continue;
            }
            let entry = &lexicon.entries[m.pattern().as_usize()];
            let person = if entry.full {
                let person = (entry.people.len() == 1).then(|| entry.people[0]);
                seen_full.extend(entry.people.iter().copied());
                person
            } else {
                // A surname alone is read as the one person of that surname already named in full.
                let known: Vec<PersonId> = entry.people.iter().copied().filter(|p| seen_full.contains(p)).collect();
                match known.as_slice() {
                    [one] => Some(*one),
                    _ => continue,
                }
            };
            found.push(Mention {
                name: text[start..end].to_string(),
                span: block.prose.to_source(start, end),
                block: block_index,
                prose: (start, end),
                person,
                person_id: person.map(|p| reference.people[p].id.clone()),
            });
        }
    }
    found
}

/// Reads the title phrase before each mention.
pub fn roles(doc: &Document, lexicon: &Lexicon, mentions: &[Mention], sentences: &Sentences) -> Vec<Claim> {
    let mut claims = Vec::new();
    for mention in mentions {
        let prose = &doc.blocks[mention.block].prose;
        let window_start = floor_char_boundary(&prose.text, mention.prose.0.saturating_sub(160));
        let before = &prose.text[window_start..mention.prose.0];
        let Some(caps) = lexicon.title_before_name.captures(before) else {
            continue;
        };
        let at = |m: regex::Match| (window_start + m.start(), window_start + m.end());
        let phrase = at(caps.name("phrase").expect("phrase group always matches"));
        let title = caps.name("title").expect("title group always matches");
        let label = caps.name("label").or(caps.name("label2"));
        let jurisdiction = caps.name("jurisdiction");
        let jurisdiction_id = jurisdiction.and_then(|j| lexicon.jurisdiction_forms.get(j.as_str()).copied());
        let offices: Vec<OfficeId> = lexicon
            .offices_by_title
            .get(&title.as_str().to_lowercase())
            .into_iter()
            .flatten()
            .copied()
            .collect();
        let title_range = at(title);
        let label_range = label.map(at);
        let span = prose.to_source(phrase.0, mention.prose.1);
        claims.push(Claim {
            span,
            sentence: sentences.index_of(mention.block, phrase.0),
            kind: ClaimKind::Role(Role {
                person: mention.clone(),
                title: title.as_str().to_string(),
                title_span: prose.to_source(title_range.0, title_range.1),
                label: label.map(|l| Label::parse(l.as_str())),
                label_span: label_range.map(|(s, e)| prose.to_source(s, e)),
                jurisdiction: jurisdiction.map(|j| j.as_str().to_string()),
                jurisdiction_span: jurisdiction.map(at).map(|(s, e)| prose.to_source(s, e)),
                offices: match jurisdiction_id {
                    Some(j) => offices
                        .into_iter()
                        .filter(|&o| lexicon_office_jurisdiction(lexicon, o) == Some(j))
                        .collect(),
                    None => offices,
                },
            }),
        });
    }
    claims
}

fn lexicon_office_jurisdiction(lexicon: &Lexicon, office: OfficeId) -> Option<usize> {
    lexicon.office_jurisdiction.get(office).copied()
}

pub fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}
