//! Other spellings of a name that copy uses for the same person, derived when reference data is loaded: initials
//! with and without dots ("J.D. Vance", "JD Vance", "J. D. Vance"), the name without an honorific ("Sheikh
//! Tamim bin Hamad Al Thani" → "Tamim bin Hamad Al Thani"), without accents ("Recep Tayyip Erdogan"), and
//! without a first given name the person does not go by ("Cyril Ramaphosa" for "Matamela Cyril Ramaphosa"). A
//! variant that another person's name could also give is dropped, so it never names the wrong person. (The
//! misspelling check, FL503, takes a surname written with or without its accents as the same name.)

use std::collections::HashMap;

/// Honorifics that stand before a name in reference data but not always in copy.
const HONORIFICS: &[&str] = &[
    "Sheikh ", "Sheikha ", "Dr. ", "Dr ", "Sir ", "Dame ", "Prince ", "Emir ",
];

/// The variants of `name`, not including it.
pub fn variants(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |v: String| {
        if v != name && !v.trim().is_empty() && !out.contains(&v) {
            out.push(v);
        }
    };
    let mut bases = vec![name.to_string()];
    for honorific in HONORIFICS {
        if let Some(rest) = name.strip_prefix(honorific)
            && rest.split_whitespace().count() >= 2
        {
            bases.push(rest.to_string());
        }
    }
    for base in bases {
        for v in initials(&base) {
            add(v);
        }
        add(fold_diacritics(&base));
        if let Some(v) = without_first_given_name(&base) {
            add(v);
        }
        add(base);
    }
    out
}

/// "Matamela Cyril Ramaphosa" → "Cyril Ramaphosa": a name of three words or more that are all capitalised
/// given names and a surname (no particle such as "bin" or "da", no initials) without its first word.
fn without_first_given_name(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let is_given_name = |w: &&str| w.chars().next().is_some_and(char::is_uppercase) && !w.ends_with('.') && w.len() > 2;
    (words.len() >= 3 && words[1..].iter().all(is_given_name)).then(|| words[1..].join(" "))
}

/// `text` with the accents of Latin letters dropped ("Velázquez" → "Velazquez", "Erdoğan" → "Erdogan"), for
/// names written with and without them.
pub fn fold_diacritics(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

fn fold_char(c: char) -> char {
    const FOLDS: &[(&str, char)] = &[
        ("àáâãäåāăą", 'a'),
        ("ÀÁÂÃÄÅĀĂĄ", 'A'),
        ("çćĉċč", 'c'),
        ("ÇĆĈĊČ", 'C'),
        ("ďđ", 'd'),
        ("ĎĐ", 'D'),
        ("èéêëēĕėęě", 'e'),
        ("ÈÉÊËĒĔĖĘĚ", 'E'),
        ("ĝğġģ", 'g'),
        ("ĜĞĠĢ", 'G'),
        ("ìíîïĩīĭįı", 'i'),
        ("ÌÍÎÏĨĪĬĮİ", 'I'),
        ("ķ", 'k'),
        ("Ķ", 'K'),
        ("ĺļľŀł", 'l'),
        ("ĹĻĽĿŁ", 'L'),
        ("ñńņňŉ", 'n'),
        ("ÑŃŅŇ", 'N'),
        ("òóôõöøōŏő", 'o'),
        ("ÒÓÔÕÖØŌŎŐ", 'O'),
        ("ŕŗř", 'r'),
        ("ŔŖŘ", 'R'),
        ("śŝşšș", 's'),
        ("ŚŜŞŠȘ", 'S'),
        ("ţťŧț", 't'),
        ("ŢŤŦȚ", 'T'),
        ("ùúûüũūŭůűų", 'u'),
        ("ÙÚÛÜŨŪŬŮŰŲ", 'U'),
        ("ýÿŷ", 'y'),
        ("ÝŸŶ", 'Y'),
        ("źżž", 'z'),
        ("ŹŻŽ", 'Z'),
    ];
    if c.is_ascii() {
        return c;
    }
    FOLDS.iter().find(|(from, _)| from.contains(c)).map_or(c, |&(_, to)| to)
}

/// "J.D. Vance" ↔ "JD Vance" ↔ "J. D. Vance": a word of initials in each of its three spellings.
fn initials(name: &str) -> Vec<String> {
    let words: Vec<&str> = name.split(' ').collect();
    // The letters of a word of initials, and where its run of words starts and ends.
    for (i, word) in words.iter().enumerate() {
        let letters: Option<Vec<char>> =
            if word.len() >= 2 && word.chars().all(|c| c.is_ascii_uppercase()) && word.len() <= 3 {
                Some(word.chars().collect())
            } else if word.ends_with('.')
                && word
                    .split('.')
                    .filter(|p| !p.is_empty())
                    .all(|p| p.len() == 1 && p.chars().all(|c| c.is_uppercase()))
                && word.matches('.').count() >= 2
            {
                Some(word.chars().filter(|c| *c != '.').collect())
            } else {
                None
            };
        let Some(letters) = letters.filter(|l| l.len() >= 2) else {
            continue;
        };
        // Not the whole name ("UN") and not its last word (a surname in capitals).
        if i + 1 >= words.len() {
            continue;
        }
        let spell = |joined: String| {
            let mut w = words.clone();
            w[i] = &joined;
            w.join(" ")
        };
        let dotted: String = letters.iter().map(|c| format!("{c}.")).collect();
        let spaced: Vec<String> = letters.iter().map(|c| format!("{c}.")).collect();
        let bare: String = letters.iter().collect();
        return vec![spell(dotted), spell(spaced.join(" ")), spell(bare)];
    }
    Vec::new()
}

/// Adds each person's variants to their aliases, leaving out a variant that is another person's name, alias
/// or variant.
pub fn add_variants(people: &mut [crate::reference::Person]) {
    let mut owners: HashMap<String, Vec<usize>> = HashMap::new();
    let mut derived: Vec<Vec<String>> = Vec::with_capacity(people.len());
    for (i, person) in people.iter().enumerate() {
        for name in std::iter::once(&person.name).chain(&person.aliases) {
            owners.entry(name.clone()).or_default().push(i);
        }
        let mut mine: Vec<String> = Vec::new();
        for name in std::iter::once(&person.name).chain(&person.aliases) {
            for v in variants(name) {
                if !mine.contains(&v) {
                    mine.push(v);
                }
            }
        }
        derived.push(mine);
    }
    for (i, mine) in derived.iter().enumerate() {
        for v in mine {
            let entry = owners.entry(v.clone()).or_default();
            if !entry.contains(&i) {
                entry.push(i);
            }
        }
    }
    for (i, mine) in derived.into_iter().enumerate() {
        for v in mine {
            if owners[&v] == [i] && !people[i].aliases.contains(&v) {
                people[i].aliases.push(v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_diacritics_and_honorifics() {
        assert_eq!(variants("J.D. Vance"), ["J. D. Vance", "JD Vance"]);
        assert_eq!(variants("JD Vance"), ["J.D. Vance", "J. D. Vance"]);
        assert_eq!(
            variants("Recep Tayyip Erdoğan"),
            ["Recep Tayyip Erdogan", "Tayyip Erdoğan"]
        );
        assert_eq!(variants("Matamela Cyril Ramaphosa"), ["Cyril Ramaphosa"]);
        assert!(variants("Luiz Inácio Lula da Silva").contains(&"Luiz Inacio Lula da Silva".to_string()));
        assert_eq!(
            variants("Sheikh Tamim bin Hamad Al Thani"),
            ["Tamim bin Hamad Al Thani"]
        );
        assert!(variants("Donald Trump").is_empty());
        assert!(variants("UN").is_empty());
    }
}
