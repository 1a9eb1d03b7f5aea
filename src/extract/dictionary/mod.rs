//! An English word list, so that an ordinary word or a well-known place or given name is never taken for a
//! misspelled surname ("Maine" is not a slip for Kaine, "Golden" not for Gooden), and a capitalised word before
//! a surname can be told from a first name ("But Trump said" against "Ivanka Trump").
//!
//! The list is SCOWL's American and British English lists as Debian ships them (`wamerican`, `wbritish`; see
//! `COPYRIGHT-SCOWL` beside this file), words of two letters or more without possessives, one a line in
//! byte order, embedded in the binary and searched by bisection over its bytes: nothing is built when a run
//! starts, and a lookup reads a few lines of it, so a short run never pages in the whole list.

/// One word a line, each line ending in a newline, in byte order.
const WORDS: &str = include_str!("english-words.txt");

fn contains(word: &str) -> bool {
    let (words, word) = (WORDS.as_bytes(), word.as_bytes());
    // Bisection over byte offsets: the line that holds the middle byte is compared, and the half that can still
    // hold the word is kept. `low` is always a line start and `high` a line end (after its newline).
    let (mut low, mut high) = (0, words.len());
    while low < high {
        let middle = low + (high - low) / 2;
        let start = words[low..middle]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(low, |i| low + i + 1);
        let end = start
            + words[start..high]
                .iter()
                .position(|&b| b == b'\n')
                .unwrap_or(high - start);
        match words[start..end].cmp(word) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => low = end + 1,
            std::cmp::Ordering::Greater => high = start,
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
        let lines: Vec<&str> = WORDS.lines().collect();
        assert!(WORDS.ends_with('\n'));
        assert!(lines.windows(2).all(|w| w[0] < w[1]));
        assert!(lines.len() > 50_000);
        // Every word is found, and nothing between or around them.
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
