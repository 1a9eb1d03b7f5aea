//! Applies the article's suppression comments to its findings, after the check.
//!
//! A disabling comment needs a reason (`-- why`), must name rules that exist, and must suppress something;
//! otherwise it is itself reported, so suppressions cannot silently rot.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashMap};

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

/// For each disabling directive, where the enable comment that ends it starts (the end of the text when none
/// does). One pass from the end, so that many comments left open cost no more than closed ones.
fn enable_starts(doc: &Document) -> Vec<usize> {
    let mut starts = vec![doc.text.len(); doc.directives.len()];
    let mut next_any = doc.text.len();
    let mut next_for: HashMap<&[String], usize> = HashMap::new();
    for (index, directive) in doc.directives.iter().enumerate().rev() {
        if directive.kind == DirectiveKind::Enable {
            if directive.rules.is_empty() {
                next_any = directive.span.start;
            } else {
                next_for.insert(&directive.rules, directive.span.start);
            }
        } else {
            let same_rules = next_for
                .get(directive.rules.as_slice())
                .copied()
                .unwrap_or(doc.text.len());
            starts[index] = next_any.min(same_rules);
        }
    }
    starts
}

/// The byte range a directive covers (`enable_start`: where its enable comment starts); `Ok(None)` for an enable
/// comment, `Err` with why it is invalid.
fn scope(doc: &Document, directive: &Directive, enable_start: usize) -> Result<Option<Span>, String> {
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
    Ok(Some(Span::new(directive.span.end, enable_start)))
}

fn line_is_last(doc: &Document, line: usize) -> bool {
    doc.lines.line_start(line + 1) == doc.lines.line_start(line)
}

/// Removes the findings the document's directives suppress; reports directives that are invalid or unused.
pub fn apply(doc: &Document, findings: Vec<Finding>, is_rule: impl Fn(&str) -> bool) -> Suppressed {
    let mut kept: Vec<Finding> = Vec::new();
    let mut extra = Vec::new();
    let mut scopes: Vec<(usize, Span)> = Vec::new();
    let enable_starts = enable_starts(doc);
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
        match scope(doc, directive, enable_starts[index]) {
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
    let mut sweep = ScopeSweep::new(doc, &scopes);
    let mut findings = findings;
    findings.sort_by_key(|f| f.span.start);
    for finding in findings {
        match sweep.first_covering(finding.span.start, &finding.rule) {
            Some(index) => used[index] += 1,
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

/// Which suppression covers a finding, for findings taken in order of position: the scopes are grouped by the
/// rule they name ("" for every rule), and each group keeps the scopes open at the current position, so that each
/// scope is opened and closed once whatever the number of findings and comments.
struct ScopeSweep<'d> {
    groups: HashMap<&'d str, ScopeGroup>,
}

#[derive(Default)]
struct ScopeGroup {
    /// (start, end, directive index), by start.
    scopes: Vec<(usize, usize, usize)>,
    next: usize,
    open: BTreeSet<usize>,
    ends: BinaryHeap<Reverse<(usize, usize)>>,
}

impl<'d> ScopeSweep<'d> {
    fn new(doc: &'d Document, scopes: &[(usize, Span)]) -> ScopeSweep<'d> {
        let mut groups: HashMap<&str, ScopeGroup> = HashMap::new();
        for &(index, span) in scopes {
            // An empty scope (a comment on the last line) still covers the position it stands at.
            let entry = (span.start, span.end.max(span.start + 1), index);
            let rules = &doc.directives[index].rules;
            if rules.is_empty() {
                groups.entry("").or_default().scopes.push(entry);
            }
            for rule in rules {
                groups.entry(rule.as_str()).or_default().scopes.push(entry);
            }
        }
        for group in groups.values_mut() {
            group.scopes.sort_unstable();
        }
        ScopeSweep { groups }
    }

    /// The first directive (in document order) whose scope covers `at` and names `rule` or every rule; `at` must
    /// not decrease between calls.
    fn first_covering(&mut self, at: usize, rule: &str) -> Option<usize> {
        ["", rule]
            .into_iter()
            .filter_map(|key| self.groups.get_mut(key).and_then(|g| g.first_open_at(at)))
            .min()
    }
}

impl ScopeGroup {
    fn first_open_at(&mut self, at: usize) -> Option<usize> {
        while let Some(&(start, end, index)) = self.scopes.get(self.next)
            && start <= at
        {
            self.open.insert(index);
            self.ends.push(Reverse((end, index)));
            self.next += 1;
        }
        while let Some(&Reverse((end, index))) = self.ends.peek()
            && end <= at
        {
            self.open.remove(&index);
            self.ends.pop();
        }
        self.open.first().copied()
    }
}
