//! What a `text` rule looks for in the prose at run time — a pattern, swapped words, or the spellings of which an
//! article should use one — compiled once when the rule loads, with the limits that keep it bounded.

use std::collections::BTreeMap;

use regex::Regex;

/// What a `text` rule looks for in the prose.
#[derive(Debug, Clone)]
pub enum TextMatcher {
    /// Existence: every match of the pattern is a finding.
    Pattern(Regex),
    /// Substitution: each listed word is a finding, with its replacement as the suggestion.
    Swap {
        words: Regex,
        replacements: BTreeMap<String, String>,
    },
    /// Consistency: per group, the first spelling an article uses wins; the others are findings.
    Consistent {
        groups: Vec<SpellingGroup>,
        /// Every group's spellings in one pattern (when it is not too big to compile): an article that writes none
        /// of them is read once rather than once per group.
        any: Option<Regex>,
    },
}

/// Spellings of one name, of which an article should use one.
#[derive(Debug, Clone)]
pub struct SpellingGroup {
    pub spellings: Vec<String>,
    pub(super) words: Regex,
}

/// A match of a text rule: prose offsets in one block, and the suggested replacement if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextMatch {
    pub block: usize,
    pub start: usize,
    pub end: usize,
    pub suggestion: Option<String>,
}

impl TextMatcher {
    /// Every match in the blocks of one document, in document order.
    pub fn find<'a>(&self, blocks: impl Iterator<Item = &'a str>) -> Vec<TextMatch> {
        let blocks: Vec<&str> = blocks.collect();
        let mut found = Vec::new();
        let each = |regex: &Regex, found: &mut Vec<(usize, usize, usize)>| {
            for (block, text) in blocks.iter().enumerate() {
                found.extend(
                    regex
                        .find_iter(text)
                        .filter(|m| !m.is_empty())
                        .map(|m| (block, m.start(), m.end())),
                );
            }
        };
        match self {
            TextMatcher::Pattern(regex) => {
                let mut hits = Vec::new();
                each(regex, &mut hits);
                found.extend(hits.into_iter().map(|(block, start, end)| TextMatch {
                    block,
                    start,
                    end,
                    suggestion: None,
                }));
            }
            TextMatcher::Swap { words, replacements } => {
                let mut hits = Vec::new();
                each(words, &mut hits);
                for (block, start, end) in hits {
                    let suggestion = replacements.get(&blocks[block][start..end]).cloned();
                    found.push(TextMatch {
                        block,
                        start,
                        end,
                        suggestion,
                    });
                }
            }
            TextMatcher::Consistent { groups, any } => {
                // A group's spelling is written only where the pattern of all of them matches, or inside such a
                // match: an article it does not match writes none.
                if any
                    .as_ref()
                    .is_some_and(|any| !blocks.iter().any(|text| any.is_match(text)))
                {
                    return found;
                }
                for group in groups {
                    let mut hits = Vec::new();
                    each(&group.words, &mut hits);
                    let Some(&(b, s, e)) = hits.first() else {
                        continue;
                    };
                    let first = blocks[b][s..e].to_string();
                    for (block, start, end) in hits {
                        if blocks[block][start..end] != first {
                            found.push(TextMatch {
                                block,
                                start,
                                end,
                                suggestion: Some(first.clone()),
                            });
                        }
                    }
                }
            }
        }
        found.sort_by_key(|m| (m.block, m.start));
        found
    }
}

/// The most words a `swap` may list and the most groups a `consistent` may give: a swap's words make one pattern
/// and each group one more, all run over every article, so these bound the memory of loading and the time of a check.
pub const MAX_SWAP_WORDS: usize = 10_000;
pub const MAX_CONSISTENT_GROUPS: usize = 1_000;

/// The compiled size a rule's pattern may reach (the regex crate's measure): a bigger one is refused at load
/// time rather than taking memory and time on every article.
pub(super) const REGEX_SIZE_LIMIT: usize = 1 << 22;

/// A rule's regex, or the reason it cannot be used, without the regex crate's layout.
pub(super) fn compile(pattern: &str) -> Result<Regex, String> {
    regex::RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| {
            e.to_string()
                .lines()
                .last()
                .unwrap_or_default()
                .trim()
                .trim_start_matches("error: ")
                .to_string()
        })
}

/// Whole-word alternation of literal words, longest first.
pub(super) fn words_regex(words: &[&String]) -> Result<Regex, String> {
    let mut words: Vec<&&String> = words.iter().collect();
    words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    let alternation: Vec<String> = words
        .iter()
        .map(|w| {
            let (first, last) = (w.chars().next(), w.chars().next_back());
            format!("{}{}{}", boundary(first), regex::escape(w), boundary(last))
        })
        .collect();
    compile(&format!("(?:{})", alternation.join("|")))
}

/// The word boundary for a word's first or last character: an ASCII one beside an ASCII letter or digit, because
/// a Unicode `\b` makes the regex engine leave its fast path at the first curly quote of an article.
fn boundary(edge: Option<char>) -> &'static str {
    if edge.is_some_and(|c| c.is_ascii_alphanumeric()) {
        r"(?-u:\b)"
    } else {
        r"\b"
    }
}
