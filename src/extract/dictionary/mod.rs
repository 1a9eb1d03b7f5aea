//! An English word list, so that an ordinary word or a well-known place or given name is never taken for a
//! misspelled surname ("Maine" is not a slip for Kaine, "Golden" not for Gooden), and a capitalised word before
//! a surname can be told from a first name ("But Trump said" against "Ivanka Trump").
//!
//! The list is SCOWL's American and British English lists as Debian ships them (`wamerican`, `wbritish`; see
//! `COPYRIGHT-SCOWL` beside this file), words of two letters or more without possessives, one a line in
//! byte order, embedded in the binary and searched by bisection of the text itself: nothing is built at start-up.

use std::cmp::Ordering;

/// One word a line, in byte order, each line ended by a newline.
const WORDS: &str = include_str!("english-words.txt");

/// The word of the line that holds byte `at` of [`WORDS`], and where that line starts and ends.
fn line_at(at: usize) -> (&'static str, usize, usize) {
    // Read as bytes: `at` may fall inside a character, but a newline byte never does, so the line's ends are
    // character boundaries.
    let bytes = WORDS.as_bytes();
    let start = bytes[..at].iter().rposition(|&b| b == b'\n').map_or(0, |n| n + 1);
    let end = bytes[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |n| at + n);
    (&WORDS[start..end], start, end)
}

fn contains(word: &str) -> bool {
    // Bisection over bytes: each probe reads the line around its middle byte.
    let (mut low, mut high) = (0, WORDS.len());
    while low < high {
        let (line, start, end) = line_at(low + (high - low) / 2);
        match line.cmp(word) {
            Ordering::Equal => return true,
            Ordering::Less => low = end + 1,
            Ordering::Greater => high = start,
        }
    }
    false
}

/// Whether `word` is in the list as written, or in lower case ("Golden" for "golden"): a word a reader would not
/// call a misspelling.
pub fn is_word(word: &str) -> bool {
    contains(word) || (word.chars().any(char::is_uppercase) && contains(&word.to_lowercase()))
}

/// Whether the lower-case form of `word` is an ordinary English word ("But", "Republican"), as against a name
/// that only exists capitalised ("Ivanka", "Eric").
pub fn is_common_word(word: &str) -> bool {
    contains(&word.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_in_byte_order_so_bisection_finds_every_word() {
        assert!(WORDS.ends_with('\n'));
        let words: Vec<&str> = WORDS.lines().collect();
        assert!(words.windows(2).all(|w| w[0] < w[1]));
        assert!(words.len() > 50_000);
        assert!(words.iter().all(|w| contains(w)), "every word is found");
        for absent in ["", "Aaaa", "zzzzzz", "Trmup", "\u{10ffff}"] {
            assert!(!contains(absent), "{absent:?}");
        }
    }

    #[test]
    fn places_and_ordinary_words_are_words_and_typos_are_not() {
        for word in ["Maine", "Golden", "golden", "Texas", "House"] {
            assert!(is_word(word), "{word}");
        }
        for word in ["Trmup", "Clniton", "Obmaa", "Sesions"] {
            assert!(!is_word(word), "{word}");
        }
        assert!(is_common_word("But") && is_common_word("Republican"));
        assert!(!is_common_word("Ivanka") && !is_common_word("Eric"));
    }
}
