//! Loading one rule: the YAML read strictly, then every reference checked against what the rule's claim kind
//! offers ([`super::fields::KINDS`]) — fields and values, placeholders, edits, examples — each error with its
//! `file:line:column` and, where one is close, a suggestion.

use serde_saphyr::Spanned;

use super::fields::{COMMON_PLACEHOLDERS, Kind, Placeholder, kind_spec};
use super::matcher::{
    MAX_CONSISTENT_GROUPS, MAX_SWAP_WORDS, REGEX_SIZE_LIMIT, SpellingGroup, TextMatcher, compile, words_regex,
};
use super::spec::RuleSpec;
use super::template::{Template, TemplateError};
use super::{Condition, Example, Fix, Rule};
use crate::error::{ConfigError, nearest};
use crate::yaml;

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
    let any = words_regex(&consistent.value.iter().flatten().collect::<Vec<_>>()).ok();
    Some(TextMatcher::Consistent { groups, any })
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

pub(super) fn load_rule(file: &str, text: &str) -> Result<Rule, Vec<ConfigError>> {
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
        description: template(&f.description, "`fix.description`").unwrap_or_default(),
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

    let since = spec.since.as_ref().and_then(|day| {
        chrono::NaiveDate::parse_from_str(&day.value, "%Y-%m-%d")
            .map_err(|_| {
                errors.push(ConfigError::new(
                    file,
                    day.line,
                    day.column,
                    format!("`since: {}` is not a day (YYYY-MM-DD)", day.value),
                ))
            })
            .ok()
    });

    match (message, kind) {
        (Some(message), Some(kind)) if errors.is_empty() => Ok(Rule {
            id: spec.id.value,
            name: spec.name,
            severity: spec.severity,
            applies_to: kind.kind,
            matcher,
            when,
            message,
            once_per_article: spec.once_per_article,
            since,
            fix,
            docs: spec.docs,
            examples,
            file: file.to_string(),
        }),
        _ => Err(errors),
    }
}
