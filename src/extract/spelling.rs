//! Names that are one slip off a surname the article uses: "McConnel" or "McConell" in an article about Mitch
//! McConnell, "Trmup" in one that says "Trump" throughout. A slip is one letter added, dropped or changed, or two
//! neighbours swapped. Only surnames the article itself establishes are candidates (named in full once, or
//! written at least twice), so a rare name that happens to be close to some famous one is left alone; and a word
//! that is English, a place, another known name, or is written three times or more, is never a slip.
//!
//! Linear in the document: candidate surnames are indexed by their one-letter deletions, so each capitalised
//! word costs a few hash look-ups whatever the number of names, and each distinct word is judged once.

use std::ops::Range;

use foldhash::{HashMap, HashMapExt, HashSet};

use serde::Serialize;

use super::people::UsedSurname;
use super::{Claim, ClaimKind, Lexicon, Mention, Sentences, dictionary};
use crate::reference::PersonId;
use crate::reference::names::fold_diacritics;
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

/// The capitalised words of `text` (a capital and letters, a whole word), in order.
fn capitalised_words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    use super::cues::{LETTER, UPPER, char_at, is_word_char, run};
    let (upper, letter) = (&*UPPER, &*LETTER);
    let bytes = text.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        let mut at = from;
        while let Some(&byte) = bytes.get(at) {
            // The only capitals in ASCII are A to Z: the other ASCII bytes are passed over without decoding.
            if byte.is_ascii() && !byte.is_ascii_uppercase() {
                at += 1;
                continue;
            }
            let c = char_at(text, at)?;
            let letters = at + c.len_utf8();
            if upper.contains(c) && !text[..at].chars().next_back().is_some_and(is_word_char) {
                let end = run(text, letters, |c| letter.contains(c));
                if end > letters && !char_at(text, end).is_some_and(is_word_char) {
                    from = end;
                    return Some(at..end);
                }
                // No word starts inside a run of letters.
                at = end;
                continue;
            }
            at = letters;
        }
        None
    })
}

/// Shorter surnames are too often one slip from an ordinary capitalised word ("Ross", "Rose").
const MIN_SURNAME: usize = 5;
/// A written word this short is too often an abbreviation or another name.
const MIN_WRITTEN: usize = 4;
// A word too short to be a slip is too short to be a surname a slip is for: the article's shorter words are not
// counted.
const _: () = assert!(MIN_WRITTEN <= MIN_SURNAME);
/// Longer words are never compared: no surname is that long, and comparing costs its length squared.
const MAX_WORD: usize = 40;
/// A form written this often is a name of its own, not a slip.
const MAX_USES: usize = 3;

/// A surname the article establishes.
struct Candidate<'a> {
    surname: &'a str,
    person: Option<PersonId>,
}

/// Candidates by each string one deletion away from them (and by themselves), each string known by its hash:
/// two words one slip apart share one, and a hash shared by chance only adds a candidate that
/// [`one_slip_apart`] then rules out.
struct DeletionIndex<'a> {
    candidates: Vec<Candidate<'a>>,
    /// Each candidate's [`Shape`], measured once rather than for every word compared with it.
    shapes: Vec<Shape>,
    by_variant: HashMap<u64, Vec<usize>>,
}

impl<'a> DeletionIndex<'a> {
    fn new(candidates: Vec<Candidate<'a>>) -> DeletionIndex<'a> {
        let mut by_variant: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, c) in candidates.iter().enumerate() {
            for variant in variants(c.surname) {
                let slot = by_variant.entry(variant).or_default();
                if !slot.contains(&i) {
                    slot.push(i);
                }
            }
        }
        let shapes = candidates.iter().map(|c| Shape::of(c.surname)).collect();
        DeletionIndex {
            candidates,
            shapes,
            by_variant,
        }
    }

    /// The candidate `word` is one slip away from, if exactly one surname is.
    fn nearest(&self, word: &str) -> Option<&Candidate<'a>> {
        let shape = Shape::of(word);
        if !self.shapes.iter().any(|s| may_be_one_slip_apart(&shape, s)) {
            return None;
        }
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

/// The hashes of `word` itself and of every string with one of its characters deleted, each taken over the
/// string's bytes (FNV-1a) without writing the string out.
fn variants(word: &str) -> impl Iterator<Item = u64> + '_ {
    let hash = |skip: std::ops::Range<usize>| {
        word.bytes()
            .enumerate()
            .filter(|(i, _)| !skip.contains(i))
            .fold(0xcbf2_9ce4_8422_2325_u64, |h, (_, b)| {
                (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
            })
    };
    std::iter::once(hash(0..0)).chain(word.char_indices().map(move |(i, c)| hash(i..i + c.len_utf8())))
}

/// What [`may_be_one_slip_apart`] looks at in a word: its length in characters, its first and its last.
struct Shape {
    chars: usize,
    first: Option<char>,
    last: Option<char>,
}

impl Shape {
    fn of(word: &str) -> Shape {
        Shape {
            chars: word.chars().count(),
            first: word.chars().next(),
            last: word.chars().next_back(),
        }
    }
}

/// What [`one_slip_apart`] asks, judged at a look: their lengths differ by one character at most, and one slip
/// leaves the first or the last character of words of three characters or more as it was.
fn may_be_one_slip_apart(a: &Shape, b: &Shape) -> bool {
    if a.chars.abs_diff(b.chars) > 1 {
        return false;
    }
    a.chars.min(b.chars) < 3 || a.first == b.first || a.last == b.last
}

/// Whether `a` and `b` differ by exactly one inserted, deleted or changed character, or two swapped neighbours.
pub fn one_slip_apart(a: &str, b: &str) -> bool {
    // ASCII words are compared as bytes, without writing their characters out.
    if a.is_ascii() && b.is_ascii() {
        return one_slip_between(a.as_bytes(), b.as_bytes());
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    one_slip_between(&a, &b)
}

/// [`one_slip_apart`] of two sequences of characters.
fn one_slip_between<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
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
    // Every capitalised word outside a mention, the word before it when the two are joined by a space ("Donald
    // Trmup"), what the article writes of each form, and every pair of capitalised words a space apart.
    let mut words: Vec<Word> = Vec::new();
    let mut forms: HashMap<&str, Form> = HashMap::new();
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    let mut mention_at = 0;
    for (block_index, block) in doc.blocks.iter().enumerate() {
        let text = &block.prose.text;
        let mut last: Option<(usize, &str)> = None;
        for word in capitalised_words(text) {
            let written = &text[word.clone()];
            let previous = last
                .filter(|(end, _)| end + 1 == word.start && text.as_bytes()[*end] == b' ')
                .map(|(_, w)| w);
            last = Some((word.end, written));
            // A word too short to be a slip is not a surname either: it only stands before the next word.
            if written.len() < MIN_WRITTEN {
                continue;
            }
            forms.entry(written).or_default().uses += 1;
            if let Some(previous) = previous {
                pairs.push((previous, written));
            }
            // Mentions are in document order, like the words: one pointer walks both.
            while mentions
                .get(mention_at)
                .is_some_and(|m| (m.block, m.prose.1) <= (block_index, word.start))
            {
                mention_at += 1;
            }
            let in_mention = mentions
                .get(mention_at)
                .is_some_and(|m| m.block == block_index && m.prose.0 <= word.start);
            if !in_mention {
                words.push(Word {
                    block: block_index,
                    start: word.start,
                    end: word.end,
                    previous,
                });
            }
        }
    }
    // Asked only of a slip written after a capitalised word, which few articles have: gathered on the first.
    let mut pair_set: Option<HashSet<(&str, &str)>> = None;
    let mut judged_full: HashMap<(&str, &str), Option<(PersonId, String)>> = HashMap::new();
    let mut claims = Vec::new();
    for word in words {
        let text = &doc.blocks[word.block].prose.text;
        let written = &text[word.start..word.end];
        let form = forms.get_mut(written).expect("every word's form is counted");
        let uses_of_written = form.uses;
        let slip = *form
            .slip
            .get_or_insert_with(|| slip_for(written, &index, lexicon, uses_of_written).map(|c| (c.surname, c.person)));
        let slip = match (slip, word.previous) {
            (Some((intended, person)), Some(previous)) => {
                let first_name = person.and_then(|p| reference.people[p].name.split_whitespace().next());
                // "Megyn Kelley" is someone else's full name, not a slip for "Kelly"; "Ivanka Trmup" is a slip
                // when the article or the data knows an Ivanka Trump.
                let someone_else = Some(previous) != first_name
                    && !dictionary::is_common_word(previous)
                    && !pair_set
                        .get_or_insert_with(|| pairs.iter().copied().collect())
                        .contains(&(previous, intended))
                    && !lexicon
                        .people_of_first_name(previous)
                        .iter()
                        .any(|&(_, surname)| surname == intended);
                (!someone_else).then_some((intended, person))
            }
            (Some(slip), None) => Some(slip),
            // "Donald Trmup": a known person's first name and one slip off their surname.
            // The surname must be written in the article too, so that "James Comey" is not taken for James
            // Comer in an article that never names Comer.
            (None, Some(previous)) if is_slip_shaped(written, uses_of_written) => {
                // Whose first name the word before is, is asked before whether the word is known: most pairs of
                // capitalised words are no one's name ("White House"), and that answer costs less.
                match judged_full
                    .entry((previous, written))
                    .or_insert_with(|| full_name_slip(previous, written, lexicon))
                {
                    Some((person, surname))
                        if *form.unknown.get_or_insert_with(|| is_unknown_word(written, lexicon)) =>
                    {
                        forms
                            .get_key_value(surname.as_str())
                            .map(|(&surname, _)| (surname, Some(*person)))
                    }
                    _ => None,
                }
            }
            (None, Some(_)) => None,
            (None, None) => None,
        };
        let Some((intended, person)) = slip else {
            continue;
        };
        claims.push(Claim {
            span: doc.blocks[word.block].prose.to_source(word.start, word.end),
            sentence: sentences.index_of(word.block, word.start),
            kind: ClaimKind::Spelling(NearMiss {
                written: written.to_string(),
                intended: intended.to_string(),
                person,
            }),
        });
    }
    claims
}

/// What an article writes of one capitalised form: how often, and once asked, whether it is a slip for a surname
/// of its own and whether it is no word or name known ([`is_unknown_word`]).
#[derive(Default)]
struct Form<'i> {
    uses: usize,
    slip: Option<Option<(&'i str, Option<PersonId>)>>,
    unknown: Option<bool>,
}

/// A capitalised word of the prose, and the capitalised word a space before it.
struct Word<'t> {
    block: usize,
    start: usize,
    end: usize,
    previous: Option<&'t str>,
}

/// The one known person whose first name is `first` and whose surname `written` (a word that may be a slip) is a
/// slip for.
fn full_name_slip(first: &str, written: &str, lexicon: &Lexicon) -> Option<(PersonId, String)> {
    let mut found = lexicon
        .people_of_first_name(first)
        .into_iter()
        .filter(|(_, surname)| surname.chars().count() >= MIN_SURNAME && one_slip_apart(written, surname));
    let (person, surname) = found.next()?;
    (found.next().is_none() && !is_a_form_of(written, surname)).then(|| (person, surname.to_string()))
}

/// Whether `written` is no English word, known name or place: a slip is none of these.
fn is_unknown_word(written: &str, lexicon: &Lexicon) -> bool {
    !lexicon.is_name(written) && !dictionary::is_word(written) && !lexicon.jurisdiction_forms.contains_key(written)
}

/// Whether `written` is of a length names have and not written so often that it is a name of its own.
fn is_slip_shaped(written: &str, uses: usize) -> bool {
    (MIN_WRITTEN..=MAX_WORD).contains(&written.chars().count()) && uses < MAX_USES
}

/// The surname `written` is a slip for, if it is one.
fn slip_for<'i, 'a>(
    written: &str,
    index: &'i DeletionIndex<'a>,
    lexicon: &Lexicon,
    uses: usize,
) -> Option<&'i Candidate<'a>> {
    // The look-ups of the word lists and the reference data cost most, so they come last.
    if !is_slip_shaped(written, uses) {
        return None;
    }
    let candidate = index.nearest(written)?;
    (is_unknown_word(written, lexicon) && !is_a_form_of(written, candidate.surname)).then_some(candidate)
}

/// Whether `written` is a form of `surname` rather than a slip: "the Trumps", "Trumpy", a difference of case, or
/// of accents written or dropped ("Velazquez" for "Velázquez").
fn is_a_form_of(written: &str, surname: &str) -> bool {
    written.strip_suffix(['s', 'y']) == Some(surname)
        || written.eq_ignore_ascii_case(surname)
        || fold_diacritics(written) == fold_diacritics(surname)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalised_words_are_read_as_their_pattern_did() {
        let pattern = regex::Regex::new(r"\b\p{Lu}[\p{L}]+\b").unwrap();
        let texts =
            crate::extract::cues::testing::texts(41, 6000, 10, &["Trump", "Émile", "ÖZ", "McConnell", "Ab1", "A"]);
        crate::extract::cues::testing::agree(
            "capitalised",
            &texts,
            3000,
            |t| pattern.find_iter(t).map(|m| m.range()).collect::<Vec<_>>(),
            |t| capitalised_words(t).collect(),
            |found| !found.is_empty(),
        );
    }

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
        for (a, b) in [
            ("Trump", "Trump"),
            ("Tmurp", "Trump"),
            ("Clinton", "Clintonian"),
            ("Obama", "Amabo"),
        ] {
            assert!(!one_slip_apart(a, b), "{a} {b}");
        }
    }

    #[test]
    fn the_quick_look_passes_every_slip() {
        // Words of a small alphabet, so that many pairs are one slip apart; the look must never rule one out.
        let mut next = crate::pseudo_random(23);
        let alphabet = ['a', 'b', 'é', 'ß'];
        let word = |next: &mut dyn FnMut(usize) -> usize| -> String {
            (0..1 + next(7)).map(|_| alphabet[next(alphabet.len())]).collect()
        };
        let mut slips = 0;
        for _ in 0..200_000 {
            let (a, b) = (word(&mut next), word(&mut next));
            if one_slip_apart(&a, &b) {
                slips += 1;
                assert!(may_be_one_slip_apart(&Shape::of(&a), &Shape::of(&b)), "{a} {b}");
            }
        }
        assert!(slips > 1000, "only {slips} slips");
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
        for (word, surname) in [
            ("Trmup", "Trump"),
            ("Sesions", "Sessions"),
            ("Sessionss", "Sessions"),
            ("Trupm", "Trump"),
        ] {
            assert_eq!(index.nearest(word).map(|c| c.surname), Some(surname), "{word}");
        }
        for word in ["Tmurp", "Trumpet"] {
            assert!(index.nearest(word).is_none(), "{word}");
        }
    }
}
