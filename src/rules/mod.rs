//! The rules stage: declarative checks in YAML, one rule per file, validated strictly when loaded.
//!
//! A rule names the kind of claim it applies to, the conditions over that kind's computed fields that make a
//! finding, a message template, an optional fix, its docs, and examples that must and must not fire. Anything
//! a rule refers to is checked against [`fields::KINDS`] at load time, so a misspelt field or placeholder is
//! refused with its `file:line:column` instead of silently never firing.

pub mod docs;
pub mod fields;

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::Path;

use regex::Regex;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::error::{ConfigError, nearest};
use crate::yaml::{self, Scalar};
use fields::{COMMON_PLACEHOLDERS, EditKind, Field, Kind, Placeholder, kind_spec};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Hash, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A rule file as written.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleSpec {
    #[schemars(with = "String")]
    id: Spanned<String>,
    name: String,
    severity: Severity,
    #[schemars(with = "String")]
    applies_to: Spanned<String>,
    /// For `applies-to: text`, one of: a regular expression to flag (existence),
    #[schemars(with = "Option<String>")]
    pattern: Option<Spanned<String>>,
    /// words to replace, each with its replacement (substitution),
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    swap: Option<Spanned<BTreeMap<String, String>>>,
    /// or groups of spellings of which an article must use one (consistency).
    #[schemars(with = "Option<Vec<Vec<String>>>")]
    consistent: Option<Spanned<Vec<Vec<String>>>>,
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, OneOrMany>")]
    when: BTreeMap<String, Spanned<OneOrMany>>,
    #[schemars(with = "String")]
    message: Spanned<String>,
    fix: Option<FixSpec>,
    docs: DocsSpec,
    #[serde(default)]
    #[schemars(with = "Vec<ExampleSpec>")]
    examples: Vec<Spanned<ExampleSpec>>,
}

/// A condition's value: one scalar or a list of them (any of which matches).
#[derive(Debug)]
struct OneOrMany(Vec<String>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value or a list of values")
            }
            fn visit_str<E>(self, v: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![v.to_string()]))
            }
            fn visit_bool<E>(self, v: bool) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![v.to_string()]))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
                let mut values = Vec::new();
                while let Some(item) = seq.next_element::<Scalar>()? {
                    values.push(item.value);
                }
                Ok(OneOrMany(values))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FixSpec {
    #[schemars(with = "String")]
    description: Spanned<String>,
    #[schemars(with = "Option<String>")]
    edit: Option<Spanned<String>>,
}

/// A rule's documentation: what it checks, why it matters, an example and its correction.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Docs {
    pub summary: String,
    pub why: String,
    pub example: String,
    pub correction: String,
}

type DocsSpec = Docs;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ExampleSpec {
    text: String,
    date: Option<Scalar>,
    fires: bool,
}

impl JsonSchema for OneOrMany {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "OneOrMany".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A value, or a list of values any of which matches",
            "anyOf": [{ "type": ["string", "boolean"] }, { "type": "array", "items": { "type": ["string", "boolean"] } }]
        })
    }
}

/// A message or fix template, split into literal text and placeholders.
#[derive(Debug, Clone)]
pub struct Template {
    parts: Vec<TemplatePart>,
}

#[derive(Debug, Clone)]
enum TemplatePart {
    Literal(String),
    Placeholder(Placeholder),
}

/// Why a message or fix template cannot be used.
#[derive(Debug)]
enum TemplateError {
    /// Unbalanced or empty braces.
    Syntax(String),
    /// Placeholders that are not among those the rule's kind offers.
    Unknown(Vec<String>),
}

impl Template {
    /// Parses `{name}` placeholders (`{{` and `}}` are literal braces); each must be one of `known`.
    fn parse(text: &str, known: &[Placeholder]) -> Result<Template, TemplateError> {
        let mut parts = Vec::new();
        let mut unknown = Vec::new();
        let mut literal = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    literal.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    let mut closed = false;
                    for c in chars.by_ref() {
                        if c == '}' {
                            closed = true;
                            break;
                        }
                        name.push(c);
                    }
                    if !closed {
                        return Err(TemplateError::Syntax(format!(
                            "unclosed placeholder `{{{name}` (write `{{{{` for a brace)"
                        )));
                    }
                    if name.is_empty() {
                        return Err(TemplateError::Syntax("empty placeholder `{}`".into()));
                    }
                    parts.push(TemplatePart::Literal(std::mem::take(&mut literal)));
                    match Placeholder::from_name(&name).filter(|p| known.contains(p)) {
                        Some(placeholder) => parts.push(TemplatePart::Placeholder(placeholder)),
                        None => unknown.push(name),
                    }
                }
                '}' => return Err(TemplateError::Syntax("unmatched `}` (write `}}` for a brace)".into())),
                c => literal.push(c),
            }
        }
        parts.push(TemplatePart::Literal(literal));
        if !unknown.is_empty() {
            return Err(TemplateError::Unknown(unknown));
        }
        Ok(Template { parts })
    }

    /// Fills the template; a placeholder with no value is left visible as `{name}`.
    pub fn render(&self, value_of: impl Fn(Placeholder) -> Option<String>) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                TemplatePart::Literal(text) => out.push_str(text),
                TemplatePart::Placeholder(placeholder) => match value_of(*placeholder) {
                    Some(value) => out.push_str(&value),
                    None => {
                        out.push('{');
                        out.push_str(placeholder.as_str());
                        out.push('}');
                    }
                },
            }
        }
        out
    }
}

/// One condition: the field must have one of these values.
#[derive(Debug, Clone)]
pub struct Condition {
    pub field: Field,
    pub any_of: Vec<&'static str>,
}

#[derive(Debug, Clone)]
pub struct Fix {
    pub description: Template,
    pub edit: Option<EditKind>,
}

#[derive(Debug, Clone)]
pub struct Example {
    pub text: String,
    pub date: Option<chrono::NaiveDate>,
    pub fires: bool,
    pub line: usize,
}

/// A loaded, validated rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub name: String,
    pub severity: Severity,
    pub applies_to: Kind,
    /// What a `text` rule looks for.
    pub matcher: Option<TextMatcher>,
    pub when: Vec<Condition>,
    pub message: Template,
    pub fix: Option<Fix>,
    pub docs: Docs,
    pub examples: Vec<Example>,
    pub file: String,
}

impl Rule {
    /// Do these computed fields satisfy every condition?
    pub fn matches(&self, field_value: impl Fn(Field) -> Option<&'static str>) -> bool {
        self.when
            .iter()
            .all(|c| field_value(c.field).is_some_and(|v| c.any_of.contains(&v)))
    }
}

/// All rules, sorted by id.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
}

impl RuleSet {
    pub fn load_dir(dir: &Path) -> Result<RuleSet, Vec<ConfigError>> {
        let files = crate::read_yaml_dir(dir).map_err(|e| vec![e])?;
        RuleSet::from_files(&files)
    }

    pub fn from_files(files: &[(String, String)]) -> Result<RuleSet, Vec<ConfigError>> {
        let mut rules = Vec::new();
        let mut errors = Vec::new();
        let mut ids: HashSet<String> = HashSet::new();
        for (path, text) in files {
            match load_rule(path, text) {
                Ok(rule) => {
                    if !ids.insert(rule.id.clone()) {
                        errors.push(ConfigError::new(path, 1, 1, format!("duplicate rule id `{}`", rule.id)));
                    }
                    rules.push(rule);
                }
                Err(mut e) => errors.append(&mut e),
            }
        }
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        if errors.is_empty() {
            Ok(RuleSet { rules })
        } else {
            Err(errors)
        }
    }

    /// Rules in layers, each a list of `(path, text)` files: a later layer's rule replaces the one of the same id.
    pub fn from_layers(layers: &[Vec<(String, String)>]) -> Result<RuleSet, Vec<ConfigError>> {
        let mut rules: Vec<Rule> = Vec::new();
        let mut errors = Vec::new();
        for files in layers {
            match RuleSet::from_files(files) {
                Ok(layer) => {
                    for rule in layer.rules {
                        rules.retain(|r| r.id != rule.id);
                        rules.push(rule);
                    }
                }
                Err(mut e) => errors.append(&mut e),
            }
        }
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        if errors.is_empty() {
            Ok(RuleSet { rules })
        } else {
            Err(errors)
        }
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Keeps only the rules whose id is listed.
    pub fn only(&self, ids: &[String]) -> RuleSet {
        RuleSet {
            rules: self.rules.iter().filter(|r| ids.contains(&r.id)).cloned().collect(),
        }
    }
}

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
    Consistent { groups: Vec<SpellingGroup> },
}

/// Spellings of one name, of which an article should use one.
#[derive(Debug, Clone)]
pub struct SpellingGroup {
    pub spellings: Vec<String>,
    words: Regex,
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
            TextMatcher::Consistent { groups } => {
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
const REGEX_SIZE_LIMIT: usize = 1 << 22;

/// A rule's regex, or the reason it cannot be used, without the regex crate's layout.
fn compile(pattern: &str) -> Result<Regex, String> {
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
fn words_regex(words: &[&String]) -> Result<Regex, String> {
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

fn text_matcher(file: &str, spec: &RuleSpec, errors: &mut Vec<ConfigError>) -> Option<TextMatcher> {
    let is_text = spec.applies_to.value == Kind::Text.as_str();
    let given = [spec.pattern.is_some(), spec.swap.is_some(), spec.consistent.is_some()];
    let count = given.iter().filter(|g| **g).count();
    if !is_text {
        if count > 0 {
            errors.push(at(
                file,
                &spec.applies_to,
                "`pattern`, `swap` and `consistent` are only for rules that apply to `text`",
            ));
        }
        return None;
    }
    if count != 1 {
        errors.push(at(
            file,
            &spec.applies_to,
            "a rule that applies to `text` needs exactly one of `pattern`, `swap`, `consistent`",
        ));
        return None;
    }
    if let Some(p) = &spec.pattern {
        return compile(&p.value)
            .map_err(|detail| errors.push(at(file, p, format!("invalid `pattern`: {detail}"))))
            .ok()
            .map(TextMatcher::Pattern);
    }
    // The regex crate's own message names the size limit; the user needs to know it is the list that is too long.
    let too_big = |what: &str, detail: String| {
        format!(
            "{what} does not compile to a pattern of at most {} MiB: {detail}",
            REGEX_SIZE_LIMIT >> 20
        )
    };
    if let Some(swap) = &spec.swap {
        if swap.value.is_empty() {
            errors.push(at(file, swap, "`swap` lists no words"));
            return None;
        }
        if swap.value.len() > MAX_SWAP_WORDS {
            let message = format!("`swap` lists {} words, more than {MAX_SWAP_WORDS}", swap.value.len());
            errors.push(at(file, swap, message));
            return None;
        }
        let words: Vec<&String> = swap.value.keys().collect();
        return words_regex(&words)
            .map_err(|detail| errors.push(at(file, swap, too_big("`swap`", detail))))
            .ok()
            .map(|words| TextMatcher::Swap {
                words,
                replacements: swap.value.clone(),
            });
    }
    let consistent = spec.consistent.as_ref()?;
    if consistent.value.iter().any(|group| group.len() < 2) {
        errors.push(at(
            file,
            consistent,
            "each group in `consistent` needs at least two spellings",
        ));
        return None;
    }
    if consistent.value.len() > MAX_CONSISTENT_GROUPS {
        let message = format!(
            "`consistent` gives {} groups, more than {MAX_CONSISTENT_GROUPS}",
            consistent.value.len()
        );
        errors.push(at(file, consistent, message));
        return None;
    }
    let groups = consistent
        .value
        .iter()
        .map(|g| {
            Ok(SpellingGroup {
                spellings: g.clone(),
                words: words_regex(&g.iter().collect::<Vec<_>>())?,
            })
        })
        .collect::<Result<_, String>>()
        .map_err(|detail| errors.push(at(file, consistent, too_big("a group of `consistent`", detail))))
        .ok()?;
    Some(TextMatcher::Consistent { groups })
}

fn at<T>(file: &str, spanned: &Spanned<T>, message: impl Into<String>) -> ConfigError {
    ConfigError::new(
        file,
        spanned.referenced.line() as usize,
        spanned.referenced.column() as usize,
        message,
    )
}

/// The column of `key:` on a line, so an error about a key points at the key rather than its value.
fn key_column(text: &str, line: usize, key: &str) -> Option<usize> {
    let line_text = text.lines().nth(line.checked_sub(1)?)?;
    let at = line_text.find(&format!("{key}:"))?;
    Some(line_text[..at].chars().count() + 1)
}

fn load_rule(file: &str, text: &str) -> Result<Rule, Vec<ConfigError>> {
    let spec: RuleSpec = yaml::from_str(text).map_err(|e| vec![ConfigError::from_yaml(file, e)])?;
    let mut errors = Vec::new();

    let id_ok = {
        let id = &spec.id.value;
        let letters = id.chars().take_while(char::is_ascii_uppercase).count();
        letters >= 2 && id.len() > letters && id[letters..].chars().all(|c| c.is_ascii_digit())
    };
    if !id_ok {
        errors.push(at(
            file,
            &spec.id,
            format!("rule id `{}` must be letters then digits, like `FL101`", spec.id.value),
        ));
    }

    let kind = Kind::from_name(&spec.applies_to.value).map(kind_spec);
    if kind.is_none() {
        let mut e = at(
            file,
            &spec.applies_to,
            format!("unknown claim kind `{}`", spec.applies_to.value),
        );
        if let Some(near) = nearest(&spec.applies_to.value, Kind::NAMES.iter().copied()) {
            e = e.with_hint(format!("did you mean `{near}`?"));
        } else {
            e = e.with_hint(format!("one of: {}", Kind::NAMES.join(", ")));
        }
        errors.push(e);
    }

    let matcher = text_matcher(file, &spec, &mut errors);
    let mut when = Vec::new();
    if let Some(kind) = kind {
        for (field, values) in &spec.when {
            let Some(field_spec) = kind.fields.iter().find(|f| f.field.as_str() == field) else {
                let line = values.referenced.line() as usize;
                let column = key_column(text, line, field).unwrap_or(values.referenced.column() as usize);
                let mut e = ConfigError::new(
                    file,
                    line,
                    column,
                    format!("unknown field `{field}` for `{}` claims", kind.kind),
                );
                let names: Vec<&str> = kind.fields.iter().map(|f| f.field.as_str()).collect();
                e = e.with_hint(match nearest(field, names.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("fields: {}", names.join(", ")),
                });
                errors.push(e);
                continue;
            };
            let mut any_of = Vec::new();
            for value in &values.value.0 {
                match field_spec.values.iter().find(|v| **v == value.as_str()) {
                    Some(known) => any_of.push(*known),
                    None => {
                        let mut e = at(file, values, format!("`{value}` is not a value of `{field}`"));
                        e = e.with_hint(match nearest(value, field_spec.values.iter().copied()) {
                            Some(near) => format!("did you mean `{near}`?"),
                            None => format!("values: {}", field_spec.values.join(", ")),
                        });
                        errors.push(e);
                    }
                }
            }
            when.push(Condition {
                field: field_spec.field,
                any_of,
            });
        }
    }

    // With an unknown kind the rule is already refused; its templates are read for their syntax only.
    let known: Vec<Placeholder> = match kind {
        Some(kind) => kind
            .placeholders
            .iter()
            .chain(COMMON_PLACEHOLDERS)
            .map(|(p, _)| *p)
            .collect(),
        None => Placeholder::ALL.to_vec(),
    };
    let mut template = |spanned: &Spanned<String>, what: &str| -> Option<Template> {
        match Template::parse(&spanned.value, &known) {
            Ok(t) => Some(t),
            Err(TemplateError::Unknown(names)) => {
                let known: Vec<&str> = known.iter().map(|p| p.as_str()).collect();
                for name in names {
                    let mut e = at(file, spanned, format!("unknown placeholder `{{{name}}}` in {what}"));
                    e = e.with_hint(match nearest(&name, known.iter().copied()) {
                        Some(near) => format!("did you mean `{{{near}}}`?"),
                        None => format!("placeholders: {}", known.join(", ")),
                    });
                    errors.push(e);
                }
                None
            }
            Err(TemplateError::Syntax(message)) => {
                errors.push(at(file, spanned, format!("{what}: {message}")));
                None
            }
        }
    };
    let message = template(&spec.message, "`message`");
    let fix = spec.fix.as_ref().map(|f| Fix {
        description: template(&f.description, "`fix.description`").unwrap_or(Template { parts: vec![] }),
        edit: f
            .edit
            .as_ref()
            .and_then(|e| kind?.edits.iter().find(|(edit, _)| edit.as_str() == e.value))
            .map(|(edit, _)| *edit),
    });
    if let (Some(kind), Some(edit)) = (kind, spec.fix.as_ref().and_then(|f| f.edit.as_ref()))
        && !kind.edits.iter().any(|(name, _)| name.as_str() == edit.value)
    {
        let names: Vec<&str> = kind.edits.iter().map(|(n, _)| n.as_str()).collect();
        let hint = if names.is_empty() {
            format!("`{}` rules have no automatic edits; describe the fix only", kind.kind)
        } else {
            format!("edits: {}", names.join(", "))
        };
        errors.push(at(file, edit, format!("unknown edit `{}`", edit.value)).with_hint(hint));
    }

    let mut examples = Vec::new();
    for ex in &spec.examples {
        let date = match &ex.value.date {
            Some(d) => match crate::source::parse_date(&d.value) {
                Ok(date) => Some(date),
                Err(message) => {
                    errors.push(ConfigError::new(file, d.line, d.column, message));
                    None
                }
            },
            None => None,
        };
        examples.push(Example {
            text: ex.value.text.clone(),
            date,
            fires: ex.value.fires,
            line: ex.referenced.line() as usize,
        });
    }
    for (fires, word) in [(true, "fires"), (false, "does not fire")] {
        if !examples.iter().any(|e| e.fires == fires) {
            let line = text
                .lines()
                .position(|l| l.starts_with("examples:"))
                .map_or(1, |i| i + 1);
            errors.push(
                ConfigError::new(
                    file,
                    line,
                    1,
                    format!("rule `{}` needs an example that {word}", spec.id.value),
                )
                .with_hint(format!("add to `examples:` an item with `fires: {fires}`")),
            );
        }
    }

    match (message, kind) {
        (Some(message), Some(kind)) if errors.is_empty() => Ok(Rule {
            id: spec.id.value,
            name: spec.name,
            severity: spec.severity,
            applies_to: kind.kind,
            matcher,
            when,
            message,
            fix,
            docs: spec.docs,
            examples,
            file: file.to_string(),
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: &str = "id: FL101
name: former-incumbent
severity: error
applies-to: role
when:
  label: former
  status: [current]
message: '{person} holds {office} since {term.from}'
fix:
  description: Drop {label}
  edit: remove-label
docs: {summary: s, why: w, example: e, correction: c}
examples:
  - {text: a, fires: true}
  - {text: b, fires: false, date: 2024-06-01}
";

    fn load(text: &str) -> Result<Rule, Vec<String>> {
        load_rule("r.yaml", text).map_err(|e| e.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn a_valid_rule_loads() {
        let rule = load(RULE).unwrap();
        assert_eq!(rule.when.len(), 2);
        assert!(rule.matches(|f| Some(if f == Field::Label { "former" } else { "current" })));
        assert!(!rule.matches(|f| Some(if f == Field::Label { "none" } else { "current" })));
        let text = rule.message.render(|p| Some(p.as_str().to_uppercase()));
        assert_eq!(text, "PERSON holds OFFICE since TERM.FROM");
    }

    #[test]
    fn mistakes_are_refused_with_places_and_hints() {
        let errors = load(&RULE.replace("  status: [current]", "  staus: [current]")).unwrap_err();
        assert_eq!(
            errors,
            vec!["r.yaml:7:3: unknown field `staus` for `role` claims (did you mean `status`?)"]
        );
        let errors = load(&RULE.replace("[current]", "[curent]")).unwrap_err();
        assert_eq!(
            errors,
            vec!["r.yaml:7:11: `curent` is not a value of `status` (did you mean `current`?)"]
        );
        let errors = load(&RULE.replace("{office}", "{ofice}")).unwrap_err();
        assert!(
            errors[0].starts_with("r.yaml:8:10: unknown placeholder `{ofice}`"),
            "{errors:?}"
        );
        let errors = load(&RULE.replace("applies-to: role", "applies-to: roles")).unwrap_err();
        assert!(
            errors[0].contains("unknown claim kind `roles` (did you mean `role`?)"),
            "{errors:?}"
        );
        let errors = load(&RULE.replace("severity: error", "severity: error\ncolour: red")).unwrap_err();
        assert!(
            errors[0].starts_with("r.yaml:4:1: unknown field `colour`"),
            "{errors:?}"
        );
        let errors = load(&RULE.replace("  - {text: a, fires: true}\n", "")).unwrap_err();
        assert!(errors[0].contains("needs an example that fires"), "{errors:?}");
    }

    /// The rule above as a `text` rule with `matcher` (a line of YAML) in place of its conditions.
    fn text_rule(matcher: &str) -> String {
        RULE.replace("applies-to: role", &format!("applies-to: text\n{matcher}"))
            .replace("when:\n  label: former\n  status: [current]\n", "")
            .replace("{person} holds {office} since {term.from}", "{match}")
            .replace("Drop {label}\n  edit: remove-label", "Name the source")
    }

    #[test]
    fn a_bad_regex_is_refused_at_its_line() {
        let errors = load(&text_rule("pattern: '(unclosed'")).unwrap_err();
        assert!(errors[0].starts_with("r.yaml:5:10: invalid `pattern`"), "{errors:?}");
    }

    #[test]
    fn oversize_swap_and_consistent_are_refused_at_their_line() {
        let swap = |n: usize| {
            let pairs: Vec<String> = (0..n).map(|i| format!("word{i}: term{i}")).collect();
            text_rule(&format!("swap: {{{}}}", pairs.join(", ")))
        };
        assert!(
            load(&swap(MAX_SWAP_WORDS)).is_ok(),
            "the most words a swap may list load"
        );
        let errors = load(&swap(MAX_SWAP_WORDS + 1)).unwrap_err();
        assert_eq!(errors, ["r.yaml:5:7: `swap` lists 10001 words, more than 10000"]);

        let consistent = |n: usize| {
            let groups: Vec<String> = (0..n).map(|i| format!("[name{i}, nome{i}]")).collect();
            text_rule(&format!("consistent: [{}]", groups.join(", ")))
        };
        assert!(load(&consistent(MAX_CONSISTENT_GROUPS)).is_ok());
        let errors = load(&consistent(MAX_CONSISTENT_GROUPS + 1)).unwrap_err();
        assert_eq!(errors, ["r.yaml:5:13: `consistent` gives 1001 groups, more than 1000"]);

        // Within the counts, a group too big to compile: refused with the limit, not a panic.
        let long: Vec<String> = (0..2_000).map(|i| format!("{i}{}", "ü".repeat(200))).collect();
        let errors = load(&text_rule(&format!("consistent: [[{}]]", long.join(", ")))).unwrap_err();
        assert!(
            errors[0]
                .starts_with("r.yaml:5:13: a group of `consistent` does not compile to a pattern of at most 4 MiB"),
            "{errors:?}"
        );
    }
}
