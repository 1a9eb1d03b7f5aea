//! Sentence boundaries in a block of prose, robust to the abbreviations news copy is full of
//! ("U.S.", "Mr.", "No. 2", "Jan. 1", "George W. Bush").

/// Words that end with a full stop without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "sen", "rep", "gov", "lt", "col", "maj", "capt", "sgt", "prof",
    "rev", "hon", "inc", "corp", "co", "ltd", "no", "nos", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "pres", "gov", "adm", "cmdr", "supt", "u.s", "u.k", "u.n",
    "e.u", "a.m", "p.m", "d.c", "i.e", "e.g", "approx", "dept", "est", "fig",
];

/// Byte ranges of the sentences in `text`, covering all of its non-space content.
pub fn split_sentences(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut sentences = Vec::new();
    let mut start = skip_space(text, 0);
    let mut i = 0;
    // Only a stop can end a sentence: the bytes between are passed over a vector at a time.
    while let Some(found) = memchr::memchr3(b'.', b'!', b'?', &bytes[i..]) {
        i += found;
        let c = bytes[i];
        // Closing quotes and brackets belong to the sentence they close.
        let mut end = i + 1;
        while let Some(ch) = text[end..].chars().next() {
            if matches!(ch, '"' | '\'' | '”' | '’' | ')' | ']' | '.' | '!' | '?') {
                end += ch.len_utf8();
            } else {
                break;
            }
        }
        let next = skip_space(text, end);
        let at_space = next > end;
        let next_starts_sentence = text[next..].chars().next().is_some_and(|ch| {
            ch.is_uppercase() || ch.is_ascii_digit() || matches!(ch, '"' | '“' | '‘' | '(' | '—' | '–' | '*' | '•')
        });
        // A stop inside closing quotes ends the sentence whatever word it follows.
        let closed_quote = end > i + 1;
        let abbreviation = c == b'.' && !closed_quote && is_abbreviation(text, i, &text[next..]);
        if next >= text.len() || (at_space && next_starts_sentence && !abbreviation) {
            sentences.push((start, end));
            start = next;
            i = next;
        } else {
            i = end;
        }
    }
    if start < text.len() {
        let end = text.trim_end().len();
        if end > start {
            sentences.push((start, end));
        }
    }
    sentences
}

fn skip_space(text: &str, from: usize) -> usize {
    from + (text[from..].len() - text[from..].trim_start().len())
}

/// Is the full stop at `dot` the end of an abbreviation or an initial?
fn is_abbreviation(text: &str, dot: usize, following: &str) -> bool {
    let before = &text[..dot];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '—'))
        .map_or(0, |i| i + before[i..].chars().next().map_or(1, char::len_utf8));
    let word = &before[word_start..];
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return true; // an initial, as in "George W. Bush"
    }
    let lower = word.to_lowercase();
    if matches!(lower.as_str(), "no" | "nos") {
        // "No. 2" abbreviates "number"; "said no." ends a sentence.
        return following.starts_with(|c: char| c.is_ascii_digit());
    }
    ABBREVIATIONS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        split_sentences(text).into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn abbreviations_initials_and_quotes() {
        assert_eq!(
            split("Former U.S. President George W. Bush met Mr. Smith on Jan. 1. He said, “No.” Then left!"),
            vec![
                "Former U.S. President George W. Bush met Mr. Smith on Jan. 1.",
                "He said, “No.”",
                "Then left!"
            ]
        );
    }

    #[test]
    fn dash_and_star_bullets_after_a_stop_start_sentences() {
        assert_eq!(
            split("Figures follow. — Exports rose. * Imports fell. The U.S. government’s share grew."),
            vec![
                "Figures follow.",
                "— Exports rose.",
                "* Imports fell.",
                "The U.S. government’s share grew."
            ]
        );
    }

    #[test]
    fn trailing_text_without_stop_is_a_sentence() {
        assert_eq!(split("  One. two three"), vec!["One. two three"]);
        assert_eq!(split("A heading"), vec!["A heading"]);
    }
}
