//! An English word list, so that an ordinary word or a well-known place or given name is never taken for a
//! misspelled surname ("Maine" is not a slip for Kaine, "Golden" not for Gooden), and a capitalised word before
//! a surname can be told from a first name ("But Trump said" against "Ivanka Trump").
//!
//! The list is SCOWL's American and British English lists as Debian ships them (`wamerican`, `wbritish`; see
//! `COPYRIGHT-SCOWL` beside this file), words of two letters or more without possessives, one a line in
//! byte order. The build compiles it into a finite-state set (`fst`) embedded in the binary and searched in place:
//! nothing is built when a run starts, and a lookup reads a few nodes of it.

use std::sync::LazyLock;

/// The list as the build compiled it.
static WORDS: LazyLock<fst::Set<&'static [u8]>> = LazyLock::new(|| {
    fst::Set::new(include_bytes!(concat!(env!("OUT_DIR"), "/english-words.fst")).as_slice())
        .expect("the build wrote a valid set")
});

fn contains(word: &str) -> bool {
    WORDS.contains(word)
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
    fn the_set_holds_every_word_of_the_list_and_nothing_else() {
        let list = include_str!("english-words.txt");
        let lines: Vec<&str> = list.lines().collect();
        assert!(lines.len() > 50_000);
        assert_eq!(WORDS.len(), lines.len());
        for word in &lines {
            assert!(contains(word), "{word}");
        }
        for pair in lines.windows(2).step_by(7) {
            let between = format!("{}\u{0}", pair[0]);
            assert!(!contains(&between), "{between}");
        }
        for absent in ["", "\u{0}", "\u{10FFFF}", "A"] {
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
