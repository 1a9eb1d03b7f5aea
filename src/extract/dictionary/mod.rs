//! An English word list, so that an ordinary word or a well-known place or given name is never taken for a
//! misspelled surname ("Maine" is not a slip for Kaine, "Golden" not for Gooden), and a capitalised word before
//! a surname can be told from a first name ("But Trump said" against "Ivanka Trump").
//!
//! The list is SCOWL's American and British English lists as Debian ships them (`wamerican`, `wbritish`; see
//! `COPYRIGHT-SCOWL` beside this file), words of two letters or more without possessives, one a line in
//! byte order, embedded in the binary and searched by bisection (its lines are listed when first needed, on the
//! thread that compiles the extraction patterns: [`super::warm_up`]).

use std::sync::LazyLock;

static WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| include_str!("english-words.txt").lines().collect());

fn contains(word: &str) -> bool {
    WORDS.binary_search(&word).is_ok()
}

/// Lists the words now.
pub(super) fn warm_up() {
    LazyLock::force(&WORDS);
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
        assert!(WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(WORDS.len() > 50_000);
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
