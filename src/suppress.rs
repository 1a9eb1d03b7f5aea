//! Applies the article's suppression comments to its findings, after the check.
//!
//! A disabling comment needs a reason (`-- why`), must name rules that exist, and must suppress something;
//! otherwise it is itself reported, so suppressions cannot silently rot.

use crate::finding::Finding;
use crate::rules::Severity;
use crate::source::directives::{Directive, DirectiveKind};
use crate::source::{Document, Span};

/// Built-in rules about suppression comments themselves (not YAML rules: they judge the comments, not claims).
pub const UNUSED_SUPPRESSION: (&str, &str) = ("FL001", "unused-suppression");
pub const INVALID_SUPPRESSION: (&str, &str) = ("FL002", "invalid-suppression");

/// Findings left after suppression, and how many were suppressed.
#[derive(Debug, Clone, Default)]
pub struct Suppressed {
    pub findings: Vec<Finding>,
    pub suppressed: usize,
}

fn directive_finding((rule, name): (&str, &str), severity: Severity, span: Span, message: String) -> Finding {
    Finding {
        rule: rule.to_string(),
        name: name.to_string(),
        severity,
        span,
        message,
        evidence: Vec::new(),
        fix: None,
    }
}

/// The byte range a directive covers; `Ok(None)` for an enable comment, `Err` with why it is invalid.
fn scope(doc: &Document, index: usize, directive: &Directive) -> Result<Option<Span>, String> {
    if directive.kind == DirectiveKind::Enable {
        return Ok(None);
    }
    if directive.reason.is_none() {
        return Err("a suppression needs a reason: `<!-- factlint-… FL101 -- why -->`".to_string());
    }
    if directive.kind == DirectiveKind::DisableNextLine {
        // The next line that holds anything, so a blank line after the comment does not waste it.
        let mut line = doc.lines.line_of(directive.span.end) + 1;
        loop {
            let start = doc.lines.line_start(line);
            let end = doc.text[start..].find('\n').map_or(doc.text.len(), |i| start + i);
            if start >= doc.text.len() || !doc.text[start..end].trim().is_empty() || line_is_last(doc, line) {
                return Ok(Some(Span::new(start, end)));
            }
            line += 1;
        }
    }
    let end = doc.directives[index + 1..]
        .iter()
        .find(|d| d.kind == DirectiveKind::Enable && (d.rules.is_empty() || d.rules == directive.rules))
        .map_or(doc.text.len(), |d| d.span.start);
    Ok(Some(Span::new(directive.span.end, end)))
}

fn line_is_last(doc: &Document, line: usize) -> bool {
    doc.lines.line_start(line + 1) == doc.lines.line_start(line)
}

/// Removes the findings the document's directives suppress; reports directives that are invalid or unused.
pub fn apply(doc: &Document, findings: Vec<Finding>, is_rule: impl Fn(&str) -> bool) -> Suppressed {
    let mut kept: Vec<Finding> = Vec::new();
    let mut extra = Vec::new();
    let mut scopes: Vec<(usize, Span)> = Vec::new();
    for (index, directive) in doc.directives.iter().enumerate() {
        if let Some(unknown) = directive.rules.iter().find(|r| !is_rule(r)) {
            let message = format!("the suppression names `{unknown}`, which is not a rule");
            extra.push(directive_finding(
                INVALID_SUPPRESSION,
                Severity::Warning,
                directive.span,
                message,
            ));
            continue;
        }
        match scope(doc, index, directive) {
            Ok(Some(span)) => scopes.push((index, span)),
            Ok(None) => {}
            Err(message) => {
                extra.push(directive_finding(
                    INVALID_SUPPRESSION,
                    Severity::Warning,
                    directive.span,
                    message,
                ));
            }
        }
    }
    let mut used = vec![0usize; doc.directives.len()];
    for finding in findings {
        let by = scopes.iter().find(|(index, span)| {
            let rules = &doc.directives[*index].rules;
            span.start <= finding.span.start
                && finding.span.start < span.end.max(span.start + 1)
                && (rules.is_empty() || rules.contains(&finding.rule))
        });
        match by {
            Some((index, _)) => used[*index] += 1,
            None => kept.push(finding),
        }
    }
    for (index, _) in &scopes {
        if used[*index] == 0 {
            let directive = &doc.directives[*index];
            let what = if directive.rules.is_empty() {
                "any rule".to_string()
            } else {
                directive.rules.join(", ")
            };
            let message = format!("this suppression of {what} suppresses nothing; remove it");
            extra.push(directive_finding(
                UNUSED_SUPPRESSION,
                Severity::Note,
                directive.span,
                message,
            ));
        }
    }
    kept.extend(extra);
    kept.sort_by(|a, b| (a.span.start, &a.rule, a.span.end).cmp(&(b.span.start, &b.rule, b.span.end)));
    Suppressed {
        findings: kept,
        suppressed: used.iter().sum(),
    }
}
