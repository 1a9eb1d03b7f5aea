//! People in the text: mentions of known people, and the titles written with them, which become role claims.
//!
//! Most of the press names people by surname: "President Trump", "Mr. Obama", "Secretary of State Tillerson",
//! often without the full name anywhere. A mention is read with everything around it (a title and its
//! jurisdiction, an honorific, the article's other mentions) and tied to a person only when that leaves exactly
//! one; ambiguity is silence, never a guess. [`Resolution`] records why, for `factlint claims`.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::ops::Range;

use serde::Serialize;

use super::lexicon::Lexicon;
use super::titles::TitlePhrase;
use super::{Claim, ClaimKind, Label, Sentences};
use crate::reference::index::NameEntry;
use crate::reference::{OfficeId, PersonId};
use crate::source::{Document, Span};

/// A person named in the text.
#[derive(Debug, Clone, Serialize)]
pub struct Mention {
    /// The name as written.
    pub name: String,
    pub span: Span,
    /// The block and prose offsets of the name, for finding what stands around it.
    #[serde(skip)]
    pub block: usize,
    #[serde(skip)]
    pub prose: (usize, usize),
    /// The reference person, when the name resolves to exactly one.
    #[serde(skip)]
    pub person: Option<PersonId>,
    /// The reference id, for output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person_id: Option<String>,
    /// Why the name was read as that person.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved_by: Option<Resolution>,
}

/// Why a mention was tied to one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Resolution {
    /// A full name or alias that names one person.
    FullName,
    /// A surname of the one person of that surname the article names in full.
    EarlierMention,
    /// A surname after a title: the one person of that surname who held an office the title can name.
    TitleAndSurname,
    /// A surname the article ties to one person elsewhere, with a title ("President Trump … Trump").
    ArticleTitle,
    /// A surname after a title or an honorific that no other person in the reference data bears.
    OnlyBearer,
}

/// A title written before a name: "Former U.S. President Donald Trump".
#[derive(Debug, Clone, Serialize)]
pub struct Role {
    pub person: Mention,
    /// The title as written ("President").
    pub title: String,
    pub title_span: Span,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Label>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_span: Option<Span>,
    /// The jurisdiction as written ("U.S.", "Turkey’s").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jurisdiction_span: Option<Span>,
    /// The offices the title can name, narrowed by the jurisdiction when there is one.
    #[serde(skip)]
    pub offices: Vec<OfficeId>,
    /// The title stands inside a direct quotation, which an editor cannot change.
    pub quoted: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-'
}

/// Honorifics and ranks written before a name ("Mr. Obama", "Sen. Scott Brown", "Sheikh Tamim"): they say a
/// person is meant, not which office they hold.
const ABBREVIATED_HONORIFICS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Maj", "Capt", "Adm", "Sgt", "Rev",
    "Amb", "Pres", "Sec", "Atty",
];
const HONORIFICS: &[&str] = &[
    "Miss",
    "Madam",
    "Sheikh",
    "Sheikha",
    "Prince",
    "Princess",
    "King",
    "Queen",
    "Emir",
    "Sultan",
    "Sir",
    "Dame",
    "Lord",
    "Lady",
    "Rabbi",
    "Imam",
    "Cardinal",
    "Pope",
    "Senator",
    "Governor",
    "General",
    "Congressman",
    "Congresswoman",
    "Justice",
    "Judge",
];

/// Whether `before` (the text before a name) ends with an honorific and white space.
fn ends_with_honorific(before: &str) -> bool {
    let (text, spaced) = super::cues::trim_spaces(before);
    let abbreviated = ABBREVIATED_HONORIFICS.iter().flat_map(|h| {
        [
            text.strip_suffix(h),
            text.strip_suffix('.').and_then(|t| t.strip_suffix(h)),
        ]
    });
    let written = HONORIFICS.iter().map(|h| text.strip_suffix(h));
    spaced
        && abbreviated.chain(written).flatten().any(|rest| {
            rest.is_empty()
                || rest.ends_with(|c: char| c.is_whitespace() || matches!(c, '(' | '“' | '‘' | '"' | '—' | '–'))
        })
}

/// Lower-case words that, capitalised before a title, make it another office: "Deputy Attorney General",
/// "Lieutenant Governor", "Shadow Foreign Secretary", "State Attorney General".
const OFFICE_MODIFIERS: &[&str] = &[
    "deputy",
    "assistant",
    "associate",
    "vice",
    "lieutenant",
    "principal",
    "shadow",
    "junior",
    "state",
    "special",
    "district",
    "county",
    "city",
    "provincial",
    "regional",
    "municipal",
    "national",
];

/// A known person's surname as the article uses it, resolved or not: what misspellings are compared with.
#[derive(Debug, Clone)]
pub struct UsedSurname {
    pub surname: String,
    /// How often it is written alone (after a title, an honorific or by itself).
    pub uses: usize,
    /// The one person it means, when the article or the reference data says.
    pub person: Option<PersonId>,
}

/// One match of a name pattern, before it is read in context.
struct NameMatch {
    block: usize,
    start: usize,
    end: usize,
    entry: usize,
    /// Who the name can mean.
    who: NameEntry,
    /// The offices the title written before a surname can name.
    title_offices: Option<Vec<OfficeId>>,
    honorific: bool,
}

/// Finds every mention of a known person, in document order, and the surnames the article uses.
pub fn mentions(
    doc: &Document,
    lexicon: &Lexicon,
    reference: &crate::reference::ReferenceData,
) -> (Vec<Mention>, Vec<UsedSurname>) {
    let mut matches = Vec::new();
    for (block_index, block) in doc.blocks.iter().enumerate() {
        let text = &block.prose.text;
        for m in lexicon.names_in(text) {
            let (start, end) = (m.start, m.end);
            let before_ok = text[..start].chars().next_back().is_none_or(|c| !is_word_char(c));
            let after_ok = text[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
            if !before_ok || !after_ok {
                continue;
            }
            let who = lexicon.entry(m.entry);
            let (mut title_offices, mut honorific) = (None, false);
            if !who.full {
                if followed_by_a_name(text, end) {
                    // "Scott Brown": a first name, not the surname of Tim Scott.
                    continue;
                }
                let before = &text[floor_char_boundary(text, start.saturating_sub(160))..start];
                title_offices = title_before(lexicon, before).map(|(_, offices)| offices);
                honorific = title_offices.is_none() && ends_with_honorific(before);
                if title_offices.is_none() && !honorific && preceded_by_a_first_name(lexicon, text, start) {
                    // "Ivanka Trump", "Megyn Kelly": someone else of that surname.
                    continue;
                }
            }
            matches.push(NameMatch {
                block: block_index,
                start,
                end,
                entry: m.entry,
                who,
                title_offices,
                honorific,
            });
        }
    }

    let held = |person: PersonId, offices: &[OfficeId]| {
        reference.people[person]
            .terms
            .iter()
            .any(|t| offices.contains(&t.office))
    };
    // What the whole article says of each name: who it names in full, and whom a title ties a surname to.
    let mut named_in_full: HashSet<PersonId> = HashSet::new();
    let mut by_title: HashMap<usize, HashSet<PersonId>> = HashMap::new();
    for m in &matches {
        let entry = &m.who;
        if entry.full {
            if let [one] = entry.people.as_slice() {
                named_in_full.insert(*one);
            }
        } else if let Some(offices) = &m.title_offices
            && let [one] = holders(&entry.people, |p| held(p, offices)).as_slice()
        {
            by_title.entry(m.entry).or_default().insert(*one);
        }
    }

    let mut found = Vec::new();
    let mut surnames: Vec<UsedSurname> = Vec::new();
    let mut surname_slot: HashMap<usize, usize> = HashMap::new();
    for m in matches {
        let entry = &m.who;
        let resolved = if entry.full {
            match entry.people.as_slice() {
                [one] => Some((*one, Resolution::FullName)),
                _ => None,
            }
        } else {
            resolve_surname(&entry.people, &m, &named_in_full, by_title.get(&m.entry), held)
        };
        if !entry.full {
            let slot = *surname_slot.entry(m.entry).or_insert_with(|| {
                let text = &doc.blocks[m.block].prose.text;
                surnames.push(UsedSurname {
                    surname: text[m.start..m.end].to_string(),
                    uses: 0,
                    person: match entry.people.as_slice() {
                        [one] => Some(*one),
                        _ => None,
                    },
                });
                surnames.len() - 1
            });
            surnames[slot].uses += 1;
            if let Some((person, _)) = resolved {
                surnames[slot].person.get_or_insert(person);
            }
        }
        // An ambiguous full name is still a name, which quotes and titles read; a surname no one is tied to is not.
        if resolved.is_some() || entry.full {
            found.push(mention(doc, m.block, (m.start, m.end), resolved, reference));
        }
    }
    (found, surnames)
}

fn mention(
    doc: &Document,
    block: usize,
    prose: (usize, usize),
    resolved: Option<(PersonId, Resolution)>,
    reference: &crate::reference::ReferenceData,
) -> Mention {
    let text = &doc.blocks[block].prose;
    Mention {
        name: text.text[prose.0..prose.1].to_string(),
        span: text.to_source(prose.0, prose.1),
        block,
        prose,
        person: resolved.map(|(p, _)| p),
        person_id: resolved.map(|(p, _)| reference.people[p].id.clone()),
        resolved_by: resolved.map(|(_, r)| r),
    }
}

fn holders(people: &[PersonId], held: impl Fn(PersonId) -> bool) -> Vec<PersonId> {
    people.iter().copied().filter(|&p| held(p)).collect()
}

/// The one person a surname can mean here, and why; `None` when the context leaves more than one (or none).
fn resolve_surname(
    people: &[PersonId],
    m: &NameMatch,
    named_in_full: &HashSet<PersonId>,
    by_title: Option<&HashSet<PersonId>>,
    held: impl Fn(PersonId, &[OfficeId]) -> bool,
) -> Option<(PersonId, Resolution)> {
    let only = |candidates: &[PersonId]| match candidates {
        [one] => Some(*one),
        _ => None,
    };
    let in_article = holders(people, |p| named_in_full.contains(&p));
    if let Some(offices) = &m.title_offices {
        let holders_of_title = holders(people, |p| held(p, offices));
        if let Some(one) = only(&holders_of_title) {
            return Some((one, Resolution::TitleAndSurname));
        }
        if !holders_of_title.is_empty() {
            // "President Bush": the article must say which.
            let named = holders(&holders_of_title, |p| named_in_full.contains(&p));
            return only(&named).map(|p| (p, Resolution::EarlierMention));
        }
        // No one of that surname held the office: the title may be wrong, so read the name without it.
    }
    if let Some(one) = only(&in_article) {
        return Some((one, Resolution::EarlierMention));
    }
    if let Some(one) = by_title.and_then(|set| only(&set.iter().copied().collect::<Vec<_>>())) {
        return Some((one, Resolution::ArticleTitle));
    }
    if m.title_offices.is_some() || m.honorific {
        return only(people).map(|p| (p, Resolution::OnlyBearer));
    }
    None
}

/// Whether a capitalised word follows the name on the same line: "Scott Brown", "Trump Jr.".
fn followed_by_a_name(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let after_space = rest.trim_start_matches(' ');
    after_space.len() + 1 == rest.len() && after_space.chars().next().is_some_and(char::is_uppercase)
}

/// Whether the word right before `start` is a first name: capitalised, not at the start of a sentence, and not an
/// ordinary word, a country's form or a title.
fn preceded_by_a_first_name(lexicon: &Lexicon, text: &str, start: usize) -> bool {
    let before = &text[..start];
    let Some(before_word) = before.strip_suffix(' ') else {
        return false;
    };
    let word_start = before_word
        .rfind(|c: char| !is_word_char(c) && c != '.')
        .map_or(0, |i| i + before_word[i..].chars().next().map_or(1, char::len_utf8));
    let word = &before_word[word_start..];
    if !word.chars().next().is_some_and(char::is_uppercase) || !word.chars().any(char::is_lowercase) {
        return false;
    }
    let sentence_start = before_word[..word_start]
        .trim_end()
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | ';' | '“' | '"' | '(' | '—' | '–' | '\n'));
    !sentence_start && !super::dictionary::is_common_word(word) && !lexicon.jurisdiction_forms.contains_key(word)
}

/// The title phrase that ends where `before` ends, with the offices it can name; `None` when there is none or
/// when a word before it makes it another office ("Deputy Attorney General", "California Attorney General").
fn title_before(lexicon: &Lexicon, before: &str) -> Option<(TitlePhrase, Vec<OfficeId>)> {
    let found = lexicon.titles.before_name(before)?;
    if qualified_by_a_word_before(lexicon, &before[..found.phrase.start], &before[found.title.clone()]) {
        return None;
    }
    let offices = offices_named(lexicon, before, &found);
    Some((found, offices))
}

/// Whether the word before a title phrase qualifies the office in a way the reference data does not read: a
/// place or body that is not a known jurisdiction ("California", "Texas"), or a rank ("Deputy", "Shadow"). Only a
/// word joined to the title by a space counts ("In January, former President …" is a date and a title), and an
/// ordinary word capitalised at the start of a sentence ("But", "Then") is none.
fn qualified_by_a_word_before(lexicon: &Lexicon, before: &str, title: &str) -> bool {
    let Some(joined) = before.strip_suffix(' ') else {
        return false;
    };
    let word = joined.rsplit(|c: char| c.is_whitespace()).next().unwrap_or_default();
    let word = word.trim_start_matches(['(', '“', '‘', '"']);
    if !word.chars().next().is_some_and(char::is_uppercase)
        || !word.chars().all(|c| c.is_alphabetic() || "'’-".contains(c))
    {
        return false;
    }
    if let Some(owner) = word.strip_suffix("'s").or_else(|| word.strip_suffix("’s")) {
        // "Trump's Attorney General": a person's appointee; "Virginia's Attorney General": a state's officer.
        return !lexicon.is_name(owner);
    }
    let lower = word.to_lowercase();
    if OFFICE_MODIFIERS.contains(&lower.as_str()) || (lower == "under" && title.to_lowercase().starts_with("secretary"))
    {
        return true;
    }
    // At the start of a sentence too: "California Attorney General …" as well as "… the Texas Governor".
    !super::dictionary::is_common_word(word) && !is_calendar_word(&lower)
}

/// Days and months, which stand capitalised before a title in "on Thursday former President …".
fn is_calendar_word(lower: &str) -> bool {
    const WORDS: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    WORDS.contains(&lower)
}

/// The offices the title found in `text` can name, narrowed by the jurisdiction when one is written.
fn offices_named(lexicon: &Lexicon, text: &str, found: &TitlePhrase) -> Vec<OfficeId> {
    let offices = lexicon
        .offices_of_title(&text[found.title.clone()].to_lowercase())
        .into_iter();
    match found
        .any_jurisdiction()
        .and_then(|j| lexicon.jurisdiction_forms.get(&text[j]).copied())
    {
        Some(j) => offices
            .filter(|&o| lexicon_office_jurisdiction(lexicon, o) == Some(j))
            .collect(),
        None => offices.collect(),
    }
}

/// A place written after a name that says which office is meant: "Mike Rogers of Michigan", "(R-Mich.)",
/// ", D-Calif.,". The reference data knows offices by jurisdiction only, so such a qualifier is read as
/// "an office we cannot tell apart". Gives the place's range in `after` when one is named.
fn qualifier_after(after: &str) -> Option<Option<Range<usize>>> {
    use super::cues::{LETTER, UPPER, char_at, run, spaced, spaces};
    // "Michigan", "St. Louis", "New York": one or two capitalised words.
    let place_word = |at: usize| {
        let first = char_at(after, at).filter(|&c| UPPER.contains(c))?;
        Some(run(after, at + first.len_utf8(), |c| LETTER.contains(c) || c == '.'))
    };
    let place = || {
        let comma = usize::from(after.starts_with(','));
        let of = spaces(after, comma);
        if of == comma || !after[of..].starts_with("of") {
            return None;
        }
        let mut start = spaced(after, of + 2)?;
        if after[start..].starts_with("the")
            && let Some(next) = spaced(after, start + 3)
        {
            start = next;
        }
        let first_end = place_word(start)?;
        let second = spaces(after, first_end);
        let end = (second > first_end)
            .then(|| place_word(second))
            .flatten()
            .unwrap_or(first_end);
        Some(start..end)
    };
    // "(R-Mich.)", ", D-Calif.,"
    let party = || {
        let mut at = spaces(after, 0);
        let steps: [fn(char) -> bool; 3] = [
            |c| matches!(c, '(' | ','),
            |c| matches!(c, 'R' | 'D' | 'I'),
            |c| c == '-',
        ];
        for accepts in steps {
            at = spaces(after, at + char_at(after, at).filter(|&c| accepts(c))?.len_utf8());
        }
        char_at(after, at).filter(|&c| UPPER.contains(c))
    };
    match place() {
        Some(place) => Some(Some(place)),
        None => party().map(|_| None),
    }
}

/// A title in apposition with its jurisdiction, before the name or after it, and the text and prose offset its
/// ranges are relative to. An appositive without a jurisdiction ("the president, …") is left alone: "the
/// speaker" or "the chancellor" are as often descriptions as titles.
fn appositive<'t>(
    lexicon: &Lexicon,
    before: &'t str,
    after: &'t str,
    before_offset: usize,
    after_offset: usize,
) -> Option<(TitlePhrase, &'t str, usize)> {
    // "the Kenyan prime minister, …" or "Syria's president, …"; not "If he becomes U.S. secretary of state, …".
    let introduced = |p: &TitlePhrase| {
        before[p.phrase.clone()]
            .get(..4)
            .is_some_and(|w| w.eq_ignore_ascii_case("the "))
            || p.jurisdiction
                .clone()
                .is_some_and(|j| before[j.clone()].ends_with("'s") || before[j].ends_with("’s"))
    };
    if let Some(found) = lexicon.titles.appositive_before(before)
        && found.any_jurisdiction().is_some()
        && introduced(&found)
        && !qualified_by_a_word_before(lexicon, &before[..found.phrase.start], &before[found.title.clone()])
    {
        return Some((found, before, before_offset));
    }
    let found = lexicon.titles.appositive_after(after)?;
    found
        .any_jurisdiction()
        .is_some()
        .then_some((found, after, after_offset))
}

/// Reads the titles written with each mention: before it ("Former U.S. President Donald Trump", "the Kenyan
/// prime minister, William Ruto") or after it ("Bashar al-Assad, Syria's president,").
pub fn roles(doc: &Document, lexicon: &Lexicon, mentions: &[Mention], sentences: &Sentences) -> Vec<Claim> {
    let mut claims = Vec::new();
    for mention in mentions {
        let prose = &doc.blocks[mention.block].prose;
        let text = &prose.text;
        let window_start = floor_char_boundary(text, mention.prose.0.saturating_sub(160));
        let window_end = floor_char_boundary(text, (mention.prose.1 + 160).min(text.len()));
        let before = &text[window_start..mention.prose.0];
        let after = &text[mention.prose.1..window_end];
        let (found, text, offset, offices) = if let Some((found, mut offices)) = title_before(lexicon, before) {
            if let Some(place) = qualifier_after(after) {
                let place = place.map(|p| &after[p]);
                let same = place.and_then(|p| lexicon.jurisdiction_forms.get(p)).is_some_and(|&j| {
                    offices
                        .iter()
                        .all(|&o| lexicon_office_jurisdiction(lexicon, o) == Some(j))
                });
                if !same {
                    offices.clear();
                }
            }
            (found, before, window_start, offices)
        } else if let Some((found, text, offset)) = appositive(lexicon, before, after, window_start, mention.prose.1) {
            let offices = offices_named(lexicon, text, &found);
            (found, text, offset, offices)
        } else {
            continue;
        };
        let at = |r: std::ops::Range<usize>| (offset + r.start, offset + r.end);
        let phrase = at(found.phrase.clone());
        let jurisdiction = found.any_jurisdiction();
        let title_range = at(found.title.clone());
        let label_range = found.label.clone().map(at);
        let span = prose.to_source(phrase.0.min(mention.prose.0), phrase.1.max(mention.prose.1));
        claims.push(Claim {
            span,
            sentence: sentences.index_of(mention.block, phrase.0.min(mention.prose.0)),
            kind: ClaimKind::Role(Role {
                person: mention.clone(),
                title: text[found.title.clone()].to_string(),
                title_span: prose.to_source(title_range.0, title_range.1),
                label: found.label.clone().map(|l| Label::parse(&text[l])),
                label_span: label_range.map(|(s, e)| prose.to_source(s, e)),
                jurisdiction: jurisdiction.clone().map(|j| text[j].to_string()),
                jurisdiction_span: jurisdiction.map(at).map(|(s, e)| prose.to_source(s, e)),
                offices,
                quoted: false,
            }),
        });
    }
    claims
}

fn lexicon_office_jurisdiction(lexicon: &Lexicon, office: OfficeId) -> Option<usize> {
    lexicon.office_jurisdiction.get(office).copied()
}

pub fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::cues::testing;
    use regex::Regex;

    const WORDS: &[&str] = &[
        "Mr",
        "Mr.",
        "Sen.",
        "Sen",
        "Senator",
        "Sheikh",
        "Judge",
        "Mrs",
        "Lt",
        "(",
        "“",
        "—",
        " of",
        ", of",
        ",",
        " of the",
        "of",
        "the",
        "Michigan",
        "St. Louis",
        "New York",
        "(R-Mich.)",
        "D",
        "R",
        "I",
        "-",
        " (",
        "Calif.",
        "ÉMILE",
        "Émile",
    ];

    #[test]
    fn honorifics_and_qualifiers_are_read_as_their_patterns_did() {
        let honorific = Regex::new(
            r"(?:^|[\s(“‘\x22—–])(?:(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Maj|Capt|Adm|Sgt|Rev|Amb|Pres|Sec|Atty)\.?|Miss|Madam|Sheikh|Sheikha|Prince|Princess|King|Queen|Emir|Sultan|Sir|Dame|Lord|Lady|Rabbi|Imam|Cardinal|Pope|Senator|Governor|General|Congressman|Congresswoman|Justice|Judge)\s+$",
        )
        .unwrap();
        let texts = testing::texts(31, 6000, 6, WORDS);
        testing::agree(
            "honorific",
            &texts,
            300,
            |t| honorific.is_match(t),
            ends_with_honorific,
            |&m| m,
        );
        let qualifier = Regex::new(
            r"^(?:,?\s+of\s+(?:the\s+)?(?P<place>\p{Lu}[\p{L}.]*(?:\s+\p{Lu}[\p{L}.]*)?)|\s*[(,]\s*[RDI]\s*-\s*\p{Lu})",
        )
        .unwrap();
        let texts = testing::texts(32, 6000, 8, WORDS);
        testing::agree(
            "qualifier",
            &texts,
            300,
            |t| qualifier.captures(t).map(|c| c.name("place").map(|p| p.range())),
            qualifier_after,
            Option::is_some,
        );
    }
}
