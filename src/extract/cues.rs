//! Cue words, and the few short shapes built from them, read by hand instead of by compiled regular expressions.
//!
//! Extraction asks of sentences and clauses whether they hold a cue ("fell", "according to", "the poll found")
//! and reads a few anchored shapes around figures and names. As regular expressions those were most of a single
//! draft's run: each was compiled when the process started. Here a cue is a list of words read where a word
//! starts, so nothing is built at start-up and every test is linear in the text it reads.
//!
//! The readers keep the meaning of the patterns they replace, and their tests compare them with those patterns on
//! generated text: words are found at ASCII word boundaries, as `(?-u:\b)` finds them; a word read without regard
//! to case folds as Unicode's simple case folding folds ASCII letters (the Kelvin sign is a "k", the long s an
//! "s"); "a letter", "a word character" or "white space" are Unicode's classes, as the patterns had them.

use std::ops::Range;
use std::sync::LazyLock;

use regex_syntax::hir::{Class as HirClass, HirKind};

/// Whether `byte` is an ASCII word character, as `(?-u:\w)` reads one.
#[inline]
pub(super) fn is_word_byte(byte: u8) -> bool {
    WORD_BYTES[byte as usize]
}

/// [`is_word_byte`] of every byte, looked up rather than compared: every reader asks it of most bytes.
static WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    table
};

/// Whether an ASCII word boundary (`(?-u:\b)`) is at byte `at` of `text`: a word byte on one side only.
#[inline]
pub(super) fn boundary(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    let before = at > 0 && bytes.get(at - 1).is_some_and(|&b| is_word_byte(b));
    let after = bytes.get(at).is_some_and(|&b| is_word_byte(b));
    before != after
}

/// The bytes of `text` from `from` that an ASCII word boundary is before, in order: where a reader anchored at a
/// boundary can start, found without looking twice at a byte.
pub(super) fn boundaries(text: &str, from: usize) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    let mut word_before = from > 0 && bytes.get(from - 1).is_some_and(|&b| is_word_byte(b));
    (from..bytes.len()).filter(move |&at| {
        let word = is_word_byte(bytes[at]);
        let changed = word != word_before;
        word_before = word;
        changed
    })
}

/// Where the words of `text` start (an ASCII word byte after none), in order: each byte looked at once, the bytes
/// inside and between words passed over in a tight loop.
fn word_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        // Past the bytes outside words, to where the next word starts; then past the word.
        at += bytes[at.min(bytes.len())..].iter().position(|&b| is_word_byte(b))?;
        let start = at;
        at += 1;
        at += bytes[at..]
            .iter()
            .position(|&b| !is_word_byte(b))
            .unwrap_or(bytes.len() - at);
        Some(start)
    })
}

/// Where `word` ends if it is written at byte `at` of `text`: exactly, or (`fold`) as `(?i)` reads an ASCII word.
fn read(text: &str, at: usize, word: &str, fold: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    if !fold {
        // Byte by byte: the words are short, and most differ at their first bytes, before a call to `memcmp`
        // would have returned.
        let written = bytes.get(at..at + word.len())?;
        return written
            .iter()
            .zip(word.as_bytes())
            .all(|(a, b)| a == b)
            .then_some(at + word.len());
    }
    let mut i = at;
    for &w in word.as_bytes() {
        let b = *bytes.get(i)?;
        if b.eq_ignore_ascii_case(&w) {
            i += 1;
            continue;
        }
        // Simple case folding maps two letters outside ASCII onto ASCII ones.
        let other = match w.to_ascii_lowercase() {
            b'k' => "\u{212A}",
            b's' => "\u{17F}",
            _ => return None,
        };
        if !bytes[i..].starts_with(other.as_bytes()) {
            return None;
        }
        i += other.len();
    }
    Some(i)
}

/// The end of the run of characters from byte `at` of `text` that `member` accepts (`at` itself if none does).
pub(super) fn run(text: &str, at: usize, member: impl Fn(char) -> bool) -> usize {
    text[at..]
        .char_indices()
        .find(|&(_, c)| !member(c))
        .map_or(text.len(), |(i, _)| at + i)
}

/// The end of the white space from `at` (`\s*`).
pub(super) fn spaces(text: &str, at: usize) -> usize {
    run(text, at, char::is_whitespace)
}

/// Where the white space from `at` ends, if there is any (`\s+`).
pub(super) fn spaced(text: &str, at: usize) -> Option<usize> {
    Some(spaces(text, at)).filter(|&end| end > at)
}

/// `text` without the white space it ends with, and whether it ended with any.
pub(super) fn trim_spaces(text: &str) -> (&str, bool) {
    let trimmed = text.trim_end_matches(char::is_whitespace);
    (trimmed, trimmed.len() < text.len())
}

/// A list of words and phrases, each found between ASCII word boundaries: what `(?-u:\b)(?:a|b c|…)(?-u:\b)`
/// finds, or with `(?i)` when the list is [`Words::folded`].
pub(super) struct Words {
    words: &'static [&'static str],
    fold: bool,
    /// For each of a word's first [`PLACES`] bytes and each byte, the words of the list (bit `i` for word `i`)
    /// that can have it there: `places[0][a] & places[1][b] & places[2][c]` are the words that can start "abc".
    /// Most positions are passed over at one look, and the others compare only those words.
    places: [[u64; 256]; PLACES],
}

/// The bytes of a word its first bytes are looked up by (see [`starting`]).
const PLACES: usize = 3;

impl Words {
    /// Words written exactly as listed.
    pub(super) const fn exact(words: &'static [&'static str]) -> Words {
        Words::new(words, false)
    }

    /// Words in any case.
    pub(super) const fn folded(words: &'static [&'static str]) -> Words {
        Words::new(words, true)
    }

    const fn new(words: &'static [&'static str], fold: bool) -> Words {
        assert!(words.len() <= 64, "a list's words are one bit each of a u64");
        let mut places = [[0u64; 256]; PLACES];
        let mut i = 0;
        while i < words.len() {
            let bytes = words[i].as_bytes();
            let bit = 1u64 << i;
            let mut place = 0;
            while place < PLACES {
                // A place is looked up only after ASCII bytes (see `starting`); past a word's end, or after a
                // character outside ASCII in it, any byte can be there.
                let mut ascii_before = true;
                let mut k = 0;
                while k < place && k < bytes.len() {
                    ascii_before &= bytes[k].is_ascii();
                    k += 1;
                }
                if place < bytes.len() && ascii_before {
                    Words::mark(&mut places[place], bytes[place], bit, fold);
                } else {
                    let mut b = 0;
                    while b < 256 {
                        places[place][b] |= bit;
                        b += 1;
                    }
                }
                place += 1;
            }
            i += 1;
        }
        Words { words, fold, places }
    }

    /// Marks `bit` in `table` for `byte`, and (`fold`) for the bytes a text may write it with in another case.
    const fn mark(table: &mut [u64; 256], byte: u8, bit: u64, fold: bool) {
        table[byte as usize] |= bit;
        if fold {
            table[byte.to_ascii_lowercase() as usize] |= bit;
            table[byte.to_ascii_uppercase() as usize] |= bit;
            // The first bytes of the Kelvin sign and of the long s.
            match byte.to_ascii_lowercase() {
                b'k' => table[0xE2] |= bit,
                b's' => table[0xC5] |= bit,
                _ => {}
            }
        }
    }

    /// Where the first word of the list (in its order) written at `at` ends, if a word boundary follows it; no
    /// boundary is asked for before it.
    #[inline]
    pub(super) fn read_at(&self, text: &str, at: usize) -> Option<usize> {
        // Only the words that can start with these bytes are compared, in the list's order; most positions have
        // none, and are passed over without a call.
        let candidates = starting(&self.places, text, at)?;
        if candidates == 0 {
            return None;
        }
        self.compare(text, at, candidates)
    }

    /// [`Words::read_at`] for the words of `candidates`.
    fn compare(&self, text: &str, at: usize, mut candidates: u64) -> Option<usize> {
        while candidates != 0 {
            let word = self.words[candidates.trailing_zeros() as usize];
            candidates &= candidates - 1;
            if let Some(end) = read(text, at, word, self.fold).filter(|&end| boundary(text, end)) {
                return Some(end);
            }
        }
        None
    }

    /// [`Words::read_at`] where a word boundary is at `at`.
    #[inline]
    pub(super) fn at(&self, text: &str, at: usize) -> Option<usize> {
        let could_start = text
            .as_bytes()
            .get(at)
            .is_some_and(|&b| self.places[0][b as usize] != 0);
        (could_start && boundary(text, at))
            .then(|| self.read_at(text, at))
            .flatten()
    }

    /// The words of `text` from byte `from`, leftmost first and not overlapping, as a regular expression's
    /// `find_iter` finds them.
    pub(super) fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Range<usize>> + 't {
        let mut from = 0;
        std::iter::from_fn(move || {
            let found = (from..text.len()).find_map(|start| self.at(text, start).map(|end| start..end))?;
            from = found.end;
            Some(found)
        })
    }

    pub(super) fn is_match(&self, text: &str) -> bool {
        self.find_iter(text).next().is_some()
    }

    /// Whether `text` ends with a word of the list after a word boundary (`(?-u:\b)(?:…)$`). Exact lists only.
    pub(super) fn ends(&self, text: &str) -> bool {
        debug_assert!(!self.fold, "only exact lists are read backwards");
        self.words
            .iter()
            .any(|w| text.ends_with(w) && boundary(text, text.len() - w.len()))
    }

    pub(super) fn words(&self) -> &'static [&'static str] {
        self.words
    }

    /// The words as a regular expression's alternation (`a|b c|…`), for the patterns that still read around them.
    pub(super) fn alternation(&self) -> String {
        self.words.join("|")
    }
}

/// The entry of `places[0]` for the byte at `at` of `text`, narrowed by the entries of the later places for the
/// bytes after it while the bytes before them are ASCII (the later bytes of a character outside ASCII say
/// nothing about a word's next letter); `None` past the end of the text.
#[inline]
fn starting<T: Copy + std::ops::BitAnd<Output = T>>(places: &[[T; 256]; PLACES], text: &str, at: usize) -> Option<T> {
    let bytes = text.as_bytes();
    let &byte = bytes.get(at)?;
    let mut found = places[0][byte as usize];
    for place in 1..PLACES {
        match bytes.get(at + place) {
            Some(&next) if bytes[at + place - 1].is_ascii() => found = found & places[place][next as usize],
            _ => break,
        }
    }
    Some(found)
}

/// Several word lists looked for in one pass over a text: which of them it holds, each as its
/// [`Words::find_iter`] would find it. A sentence is asked about many lists; most hold none of them.
pub(super) struct Lists<const N: usize> {
    lists: [&'static Words; N],
    /// For each place and byte, the lists (bit `i` for list `i`) with a word that can have it there (see
    /// [`Words::places`]).
    places: [[u32; 256]; PLACES],
    /// Whether a word of some list can start with a byte that is no word byte ("$", "("): then the boundaries
    /// where a word ends are read too, and not only those where one starts.
    starts_outside_words: bool,
}

impl<const N: usize> Lists<N> {
    pub(super) const fn new(lists: [&'static Words; N]) -> Lists<N> {
        assert!(N > 0 && N <= 32, "a list is one bit of a u32");
        let mut places = [[0u32; 256]; PLACES];
        let mut i = 0;
        while i < N {
            let mut place = 0;
            while place < PLACES {
                let mut b = 0;
                while b < 256 {
                    if lists[i].places[place][b] != 0 {
                        places[place][b] |= 1 << i;
                    }
                    b += 1;
                }
                place += 1;
            }
            i += 1;
        }
        let mut starts_outside_words = false;
        let mut b = 0;
        while b < 256 {
            starts_outside_words |= places[0][b] != 0 && !WORD_BYTES[b];
            b += 1;
        }
        Lists {
            lists,
            places,
            starts_outside_words,
        }
    }

    /// Whether a word of some list is written at byte `at` of `text` ([`Words::read_at`]).
    #[inline]
    pub(super) fn read_at(&self, text: &str, at: usize) -> bool {
        let mut open = self.candidates(text, at);
        while open != 0 {
            let i = open.trailing_zeros();
            open &= open - 1;
            if self.lists[i as usize].read_at(text, at).is_some() {
                return true;
            }
        }
        false
    }

    /// The lists with a word that can start with the bytes at `at`: bit `i` for list `i`.
    #[inline]
    fn candidates(&self, text: &str, at: usize) -> u32 {
        starting(&self.places, text, at).unwrap_or(0)
    }

    /// The lists `text` holds a word of: bit `i` for list `i`.
    pub(super) fn present(&self, text: &str) -> u32 {
        // Only where a word starts can a list's word start, unless one starts with another byte.
        if self.starts_outside_words {
            self.present_from(text, boundaries(text, 0))
        } else {
            self.present_from(text, word_starts(text))
        }
    }

    /// [`Lists::present`], reading at the places of `starts`.
    fn present_from(&self, text: &str, starts: impl Iterator<Item = usize>) -> u32 {
        let all = u32::MAX >> (32 - N);
        let mut found = 0;
        for at in starts {
            let mut open = self.candidates(text, at) & !found;
            if open == 0 {
                continue;
            }
            while open != 0 {
                let i = open.trailing_zeros();
                open &= open - 1;
                if self.lists[i as usize].read_at(text, at).is_some() {
                    found |= 1 << i;
                }
            }
            if found == all {
                break;
            }
        }
        found
    }
}

/// A Unicode class as the regex crate reads it (`\p{Lu}`), built once from the regex parser's own tables.
pub(super) struct Class {
    ranges: Vec<(char, char)>,
    /// Whether each ASCII character is a member, looked up without a search.
    ascii: [bool; 128],
}

impl Class {
    fn of(pattern: &str) -> Class {
        let hir = regex_syntax::parse(pattern).expect("a valid class");
        let HirKind::Class(HirClass::Unicode(class)) = hir.kind() else {
            unreachable!("{pattern} is a Unicode class")
        };
        let ranges: Vec<(char, char)> = class.ranges().iter().map(|r| (r.start(), r.end())).collect();
        let ascii = std::array::from_fn(|b| Class::search(&ranges, char::from(b as u8)));
        Class { ranges, ascii }
    }

    fn search(ranges: &[(char, char)], c: char) -> bool {
        let after = ranges.partition_point(|&(start, _)| start <= c);
        after > 0 && c <= ranges[after - 1].1
    }

    pub(super) fn contains(&self, c: char) -> bool {
        if c.is_ascii() {
            self.ascii[c as usize]
        } else {
            Class::search(&self.ranges, c)
        }
    }
}

/// `\p{Lu}`: an upper-case letter.
pub(super) static UPPER: LazyLock<Class> = LazyLock::new(|| Class::of(r"\p{Lu}"));
/// `\p{Ll}`: a lower-case letter.
pub(super) static LOWER: LazyLock<Class> = LazyLock::new(|| Class::of(r"\p{Ll}"));
/// `\p{L}`: a letter.
pub(super) static LETTER: LazyLock<Class> = LazyLock::new(|| Class::of(r"\p{L}"));
/// `\d`: a decimal digit of any script.
pub(super) static DIGIT: LazyLock<Class> = LazyLock::new(|| Class::of(r"\d"));

/// `\w`: a word character.
pub(super) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        is_word_byte(c as u8)
    } else {
        regex_syntax::is_word_character(c)
    }
}

/// The character at byte `at` of `text`, if any.
pub(super) fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

/// Where `word` ends if it is written at `at` in any case, as `(?i)` reads it.
pub(super) fn read_folded(text: &str, at: usize, word: &str) -> Option<usize> {
    read(text, at, word, true)
}

#[cfg(test)]
pub(super) mod testing {
    //! Generated text for the tests that compare a reader with the pattern it replaces.

    /// Pieces that make the readers' corner cases: white space of several kinds, punctuation they stop at,
    /// letters outside ASCII (upper, lower, the two that fold onto ASCII), digits of another script.
    const NOISE: &[&str] = &[
        " ", " ", " ", "  ", "\n", "\t", "\u{a0}", ",", ".", ";", "-", "’", "'", "\"", "“", "(", ")", "&", "the",
        "The", "THE", "of", "a", "A", "an", "é", "Émile", "Ölmez", "ß", "Δ", "δ", "\u{212A}", "\u{17F}", "_", "x",
        "Smith", "said", "12", "2017", "٣", "2", "ten", "five", "\u{300}", "3.5", "$", "%",
    ];

    /// `count` texts of up to `length` pieces drawn from `words` (often, and first) and [`NOISE`], in several cases.
    pub(in crate::extract) fn texts(seed: u64, count: usize, length: usize, words: &[&str]) -> Vec<String> {
        let mut next = crate::pseudo_random(seed);
        (0..count)
            .map(|_| {
                let pieces = 1 + next(length);
                let mut text = String::new();
                for i in 0..pieces {
                    // Half the texts start with a listed word, for the readers anchored at the start.
                    let piece = if (next(2) == 0 || i == 0) && !words.is_empty() {
                        words[next(words.len())]
                    } else {
                        NOISE[next(NOISE.len())]
                    };
                    let piece = match next(8) {
                        0 => piece.to_uppercase(),
                        1 => capitalised(piece),
                        _ => piece.to_string(),
                    };
                    text.push_str(&piece);
                    if next(3) != 0 {
                        text.push(' ');
                    }
                }
                text
            })
            .collect()
    }

    fn capitalised(word: &str) -> String {
        let mut chars = word.chars();
        chars
            .next()
            .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
    }

    /// A reader that answers yes or no, as `is_match` did.
    pub(in crate::extract) type Predicate = fn(&str) -> bool;

    /// Asserts that `reader` and `pattern` agree on every text, and that `pattern` matched at least `at_least` of
    /// them (so that the texts do reach what is compared).
    pub(in crate::extract) fn agree<T: PartialEq + std::fmt::Debug>(
        what: &str,
        texts: &[String],
        at_least: usize,
        pattern: impl Fn(&str) -> T,
        reader: impl Fn(&str) -> T,
        matched: impl Fn(&T) -> bool,
    ) {
        let mut matches = 0;
        for text in texts {
            let expected = pattern(text);
            matches += usize::from(matched(&expected));
            assert_eq!(reader(text), expected, "{what}: {text:?}");
        }
        assert!(
            matches >= at_least,
            "{what}: only {matches} of {} texts matched",
            texts.len()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn classes_are_the_regex_crates() {
        let patterns = [
            (Regex::new(r"^\p{Lu}$").unwrap(), &*UPPER),
            (Regex::new(r"^\p{Ll}$").unwrap(), &*LOWER),
            (Regex::new(r"^\p{L}$").unwrap(), &*LETTER),
            (Regex::new(r"^\d$").unwrap(), &*DIGIT),
        ];
        let (space, word) = (Regex::new(r"^\s$").unwrap(), Regex::new(r"^\w$").unwrap());
        let mut buffer = [0; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32).step_by(3) {
            let text = c.encode_utf8(&mut buffer);
            for (pattern, class) in &patterns {
                assert_eq!(class.contains(c), pattern.is_match(text), "{c:?} {pattern}");
            }
            assert_eq!(c.is_whitespace(), space.is_match(text), "{c:?}");
            assert_eq!(is_word_char(c), word.is_match(text), "{c:?}");
        }
    }

    #[test]
    fn word_starts_are_the_boundaries_before_a_word_byte() {
        let texts = testing::texts(11, 3000, 10, &["up", "1,250", "é", "—", "a_b", "  "]);
        let mut starts = 0;
        for text in &texts {
            let expected: Vec<usize> = boundaries(text, 0)
                .filter(|&at| is_word_byte(text.as_bytes()[at]))
                .collect();
            assert_eq!(word_starts(text).collect::<Vec<_>>(), expected, "{text:?}");
            starts += expected.len();
        }
        assert!(starts > 5_000, "only {starts} word starts");
    }

    #[test]
    fn words_are_found_as_the_pattern_finds_them() {
        const LIST: Words = Words::folded(&["up", "up to", "sk", "price", "more than a year"]);
        let pattern = Regex::new(r"(?i)(?-u:\b)(?:up|up to|sk|price|more than a year)(?-u:\b)").unwrap();
        let texts = testing::texts(7, 5000, 12, LIST.words());
        testing::agree(
            "words",
            &texts,
            1000,
            |t| pattern.find_iter(t).map(|m| m.range()).collect::<Vec<_>>(),
            |t| LIST.find_iter(t).collect(),
            |found| !found.is_empty(),
        );
        // The folded letters themselves: a word boundary is a byte's business, so "ſK" between ASCII letters is a
        // word.
        let text = "x\u{17F}\u{212A}y PRICE";
        assert_eq!(LIST.find_iter(text).collect::<Vec<_>>(), vec![1..6, 8..13]);
        assert_eq!(
            pattern.find_iter(text).map(|m| m.range()).collect::<Vec<_>>(),
            vec![1..6, 8..13]
        );
    }

    #[test]
    fn lists_are_found_as_each_list_finds_itself() {
        const FIRST: Words = Words::folded(&["up", "up to", "sk"]);
        const SECOND: Words = Words::exact(&["said", "price", "the"]);
        const THIRD: Words = Words::folded(&["more than a year", "seven"]);
        const LISTS: Lists<3> = Lists::new([&FIRST, &SECOND, &THIRD]);
        let words: Vec<&str> = [
            FIRST.words(),
            SECOND.words(),
            THIRD.words(),
            &["\u{17F}even", "\u{212A}"],
        ]
        .concat();
        let texts = testing::texts(9, 5000, 10, &words);
        let each = |t: &str| {
            [&FIRST, &SECOND, &THIRD]
                .iter()
                .enumerate()
                .fold(0, |found, (i, list)| found | u32::from(list.is_match(t)) << i)
        };
        testing::agree(
            "lists",
            &texts,
            300,
            each,
            |t| LISTS.present(t),
            |&found| found == 0b111,
        );
    }

    #[test]
    fn exact_words_end_text_as_the_pattern_reads_it() {
        const LIST: Words = Words::exact(&["chair", "chairman", "head"]);
        let pattern = Regex::new(r"(?-u:\b)(?:chair|chairman|head)$").unwrap();
        let texts = testing::texts(8, 5000, 6, LIST.words());
        testing::agree("ends", &texts, 300, |t| pattern.is_match(t), |t| LIST.ends(t), |&m| m);
    }
}
