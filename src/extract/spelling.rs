//! Names that are one letter off the name of a person the article mentions: "McConnel" in an article about
//! Mitch McConnell. Only people named in full somewhere in the article are candidates, so a rare name that
//! happens to be close to some famous one is left alone.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::{Claim, ClaimKind, Mention, Sentences};
use crate::error::edit_distance;
use crate::reference::{PersonId, ReferenceData};
use crate::source::Document;

/// A capitalised word that is almost a mentioned person's surname.
#[derive(Debug, Clone, Serialize)]
pub struct NearMiss {
    pub written: String,
    /// The surname as the reference data spells it.
    pub intended: String,
    #[serde(skip)]
    pub person: PersonId,
}

static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b\p{Lu}[\p{L}]+\b").expect("valid pattern"));

/// Shorter surnames are too often one letter from an ordinary capitalised word ("Ross", "Rose").
const MIN_LENGTH: usize = 5;

pub fn near_misses(
    doc: &Document,
    sentences: &Sentences,
    mentions: &[Mention],
    reference: &ReferenceData,
) -> Vec<Claim> {
    let mut surnames: Vec<(&str, PersonId)> = Vec::new();
    for person in mentions.iter().filter_map(|m| m.person) {
        let name = &reference.people[person].name;
        if let Some(last) = name
            .split_whitespace()
            .last()
            .filter(|l| l.chars().count() >= MIN_LENGTH)
            && !surnames.iter().any(|(s, _)| *s == last)
        {
            surnames.push((last, person));
        }
    }
    if surnames.is_empty() {
        return Vec::new();
    }
    let mut claims = Vec::new();
    for (block_index, block) in doc.blocks.iter().enumerate() {
        let text = &block.prose.text;
        for word in WORD.find_iter(text) {
            let written = word.as_str();
            if written.chars().count() < MIN_LENGTH
                || mentions
                    .iter()
                    .any(|m| m.block == block_index && m.prose.0 <= word.start() && word.end() <= m.prose.1)
            {
                continue;
            }
            let Some(&(intended, person)) = surnames.iter().find(|(surname, _)| {
                edit_distance(written, surname) == 1
                    // "the Trumps", and a name that differs only in case, are not misspellings.
                    && written.strip_suffix('s') != Some(surname)
                    && !written.eq_ignore_ascii_case(surname)
            }) else {
                continue;
            };
            // "Megyn Kelley" is someone else's full name, not a slip for "Kelly".
            let before = text[..word.start()].trim_end_matches(' ');
            let first_name = reference.people[person]
                .name
                .split_whitespace()
                .next()
                .unwrap_or_default();
            let previous = before.rsplit([' ', '\n']).next().unwrap_or_default();
            if before.len() + 1 == word.start()
                && previous.chars().next().is_some_and(char::is_uppercase)
                && previous != first_name
                && previous.chars().last().is_some_and(char::is_alphabetic)
            {
                continue;
            }
            claims.push(Claim {
                span: block.prose.to_source(word.start(), word.end()),
                sentence: sentences.index_of(block_index, word.start()),
                kind: ClaimKind::Spelling(NearMiss {
                    written: written.to_string(),
                    intended: intended.to_string(),
                    person,
                }),
            });
        }
    }
    claims
}
