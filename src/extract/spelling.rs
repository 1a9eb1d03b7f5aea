//! Names that are one slip off a surname the article uses: "McConnel" or "McConell" in an article about Mitch
//! McConnell, "Trmup" in one that says "Trump" throughout. A slip is one letter added, dropped or changed, or two
//! neighbours swapped. Only surnames the article itself establishes are candidates (named in full once, or
//! written at least twice), so a rare name that happens to be close to some famous one is left alone; and a word
//! that is English, a place, another known name, or is written three times or more, is never a slip.
//!
//! Linear in the document: candidate surnames are indexed by their one-letter deletions, so each capitalised
//! word costs a few hash look-ups whatever the number of names, and each distinct word is judged once.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::people::UsedSurname;
use super::{Claim, ClaimKind, Lexicon, Mention, Sentences, dictionary};
use crate::reference::PersonId;
use crate::source::Document;

/// A capitalised word that is almost a surname the article uses.
#[derive(Debug, Clone, Serialize)]
pub struct NearMiss {
    pub written: String,
    /// The surname as the article and the reference data spell it.
    pub intended: String,
    /// The person of that surname, when the article makes it one.
    #[serde(skip)]
    pub person: Option<PersonId>,
}

static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b\p{Lu}[\p{L}]+\b").expect("valid pattern"));

/// Shorter surnames are too often one slip from an ordinary capitalised word ("Ross", "Rose").
const MIN_SURNAME: usize = 5;
/// A written word this short is too often an abbreviation or another name.
const MIN_WRITTEN: usize = 4;
/// Longer words are never compared: no surname is that long, and comparing costs its length squared.
const MAX_WORD: usize = 40;
/// A form written this often is a name of its own, not a slip.
const MAX_USES: usize = 3;

/// A surname the article establishes.
struct Candidate<'a> {
    surname: &'a str,
    person: Option<PersonId>,
}

/// Candidates by each string one deletion away from them (and by themselves).
struct DeletionIndex<'a> {
    candidates: Vec<Candidate<'a>>,
    by_variant: HashMap<String, Vec<usize>>,
}

impl<'a> DeletionIndex<'a> {
    fn new(candidates: Vec<Candidate<'a>>) -> DeletionIndex<'a> {
        let mut by_variant: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, c) in candidates.iter().enumerate() {
            for variant in variants(c.surname) {
                let slot = by_variant.entry(variant).or_default();
                if !slot.contains(&i) {
                    slot.push(i);
                }
            }
        }
        DeletionIndex {
            candidates,
            by_variant,
        }
    }

    /// The candidate `word` is one slip away from, if exactly one surname is.
    fn nearest(&self, word: &str) -> Option<&Candidate<'a>> {
        let mut found: Option<usize> = None;
        for variant in variants(word) {
            for &i in self.by_variant.get(&variant).into_iter().flatten() {
                if found != Some(i) && one_slip_apart(word, self.candidates[i].surname) {
                    if found.is_some() {
                        return None;
                    }
                    found = Some(i);
                }
            }
        }
        found.map(|i| &self.candidates[i])
    }
}

/// `word` itself and every string with one of its characters deleted.
fn variants(word: &str) -> impl Iterator<Item = String> + '_ {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    std::iter::once(word.to_string()).chain(
        chars
            .into_iter()
            .map(move |(i, c)| format!("{}{}", &word[..i], &word[i + c.len_utf8()..])),
    )
}

/// Whether `a` and `b` differ by exactly one inserted, deleted or changed character, or two swapped neighbours.
pub fn one_slip_apart(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (rest_a, rest_b) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    match (rest_a.len(), rest_b.len()) {
        (1, 1) | (1, 0) | (0, 1) => true,
        (2, 2) => rest_a[0] == rest_b[1] && rest_a[1] == rest_b[0],
        _ => false,
    }
}

/// The surnames the article establishes: of every person a mention resolves to, and every surname of a known
/// person written at least twice.
fn candidates<'a>(
    mentions: &[Mention],
    surnames: &'a [UsedSurname],
    reference: &'a crate::reference::ReferenceData,
) -> Vec<Candidate<'a>> {
    let mut found: Vec<Candidate> = Vec::new();
    let mut add = |surname: &'a str, person: Option<PersonId>| {
        if surname.chars().count() >= MIN_SURNAME && !found.iter().any(|c| c.surname == surname) {
            found.push(Candidate { surname, person });
        }
    };
    for person in mentions.iter().filter_map(|m| m.person) {
        if let Some(last) = reference.people[person].name.split_whitespace().last() {
            add(last, Some(person));
        }
    }
    for used in surnames.iter().filter(|s| s.uses >= 2) {
        add(&used.surname, used.person);
    }
    found
}

pub fn near_misses(
    doc: &Document,
    sentences: &Sentences,
    mentions: &[Mention],
    surnames: &[UsedSurname],
    lexicon: &Lexicon,
    reference: &crate::reference::ReferenceData,
) -> Vec<Claim> {
    let index = DeletionIndex::new(candidates(mentions, surnames, reference));
    if index.candidates.is_empty() {
        return Vec::new();
    }
    // Every capitalised word outside a mention, and how often each form is written.
    let mut words: Vec<(usize, usize, usize)> = Vec::new();
    let mut uses: HashMap<&str, usize> = HashMap::new();
    let mut mention_at = 0;
    for (block_index, block) in doc.blocks.iter().enumerate() {
        let text = &block.prose.text;
        for word in WORD.find_iter(text) {
            *uses.entry(word.as_str()).or_default() += 1;
            // Mentions are in document order, like the words: one pointer walks both.
            while mentions
                .get(mention_at)
                .is_some_and(|m| (m.block, m.prose.1) <= (block_index, word.start()))
            {
                mention_at += 1;
            }
            let in_mention = mentions
                .get(mention_at)
                .is_some_and(|m| m.block == block_index && m.prose.0 <= word.start());
            if !in_mention {
                words.push((block_index, word.start(), word.end()));
            }
        }
    }
    let mut judged: HashMap<&str, Option<(&str, Option<PersonId>)>> = HashMap::new();
    let mut claims = Vec::new();
    for (block_index, start, end) in words {
        let text = &doc.blocks[block_index].prose.text;
        let written = &text[start..end];
        let Some((intended, person)) = *judged.entry(written).or_insert_with(|| {
            slip_for(written, &index, lexicon, uses.get(written).copied().unwrap_or(0)).map(|c| (c.surname, c.person))
        }) else {
            continue;
        };
        // "Megyn Kelley" is someone else's full name, not a slip for "Kelly".
        let first_name = person.and_then(|p| reference.people[p].name.split_whitespace().next());
        let before = text[..start].trim_end_matches(' ');
        let previous = before.rsplit([' ', '\n']).next().unwrap_or_default();
        if before.len() + 1 == start
            && previous.chars().next().is_some_and(char::is_uppercase)
            && Some(previous) != first_name
            && previous.chars().last().is_some_and(char::is_alphabetic)
            && !dictionary::is_common_word(previous)
        {
            continue;
        }
        claims.push(Claim {
            span: doc.blocks[block_index].prose.to_source(start, end),
            sentence: sentences.index_of(block_index, start),
            kind: ClaimKind::Spelling(NearMiss {
                written: written.to_string(),
                intended: intended.to_string(),
                person,
            }),
        });
    }
    claims
}

/// The surname `written` is a slip for, if it is one.
fn slip_for<'i, 'a>(
    written: &str,
    index: &'i DeletionIndex<'a>,
    lexicon: &Lexicon,
    uses: usize,
) -> Option<&'i Candidate<'a>> {
    let length = written.chars().count();
    if !(MIN_WRITTEN..=MAX_WORD).contains(&length) || uses >= MAX_USES {
        return None;
    }
    let candidate = index.nearest(written)?;
    let surname = candidate.surname;
    // "the Trumps", and a name that differs only in case, are not slips.
    if written.strip_suffix('s') == Some(surname) || written.eq_ignore_ascii_case(surname) {
        return None;
    }
    let known_name = lexicon.names.find(written).is_some_and(|m| m.len() == written.len());
    if known_name || dictionary::is_word(written) || lexicon.jurisdiction_forms.contains_key(written) {
        return None;
    }
    Some(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slips_are_one_edit_or_one_swap() {
        for (a, b) in [
            ("Trmup", "Trump"),
            ("Clniton", "Clinton"),
            ("Kely", "Kelly"),
            ("McConnel", "McConnell"),
            ("Tramp", "Trump"),
            ("Obmaa", "Obama"),
        ] {
            assert!(one_slip_apart(a, b), "{a} {b}");
        }
        for (a, b) in [("Trump", "Trump"), ("Tmurp", "Trump"), ("Clinton", "Clintonian"), ("Obama", "Amabo")] {
            assert!(!one_slip_apart(a, b), "{a} {b}");
        }
    }

    #[test]
    fn the_deletion_index_finds_every_slip_and_only_slips() {
        let index = DeletionIndex::new(vec![
            Candidate {
                surname: "Trump",
                person: None,
            },
            Candidate {
                surname: "Sessions",
                person: None,
            },
        ]);
        for (word, surname) in [("Trmup", "Trump"), ("Sesions", "Sessions"), ("Sessionss", "Sessions"), ("Rtump", "Trump")] {
            assert_eq!(index.nearest(word).map(|c| c.surname), Some(surname), "{word}");
        }
        for word in ["Tmurp", "Trumpet"] {
            assert!(index.nearest(word).is_none(), "{word}");
        }
    }
}
