//! One engine for every front end. The command line, `serve`, `check --input jsonl`, `audit` and any editor
//! integration turn an article into a [`FileReport`] the same way: an [`Engine`] built once from rule and
//! reference layers, the as-of date resolved by [`as_of`] (an explicit date, else the front matter's, else
//! today), and the rules a [`Scope`] says apply. The front ends differ only in where articles come from and how
//! the reports are printed.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use crate::check::Checker;
use crate::config::Config;
use crate::deadline::{Deadline, TimeUp, finished};
use crate::error::ConfigError;
use crate::finding::Finding;
use crate::layers::Layers;
use crate::rules::{Rule, RuleSet, Severity};
use crate::source::Document;
use crate::suppress::{INVALID_SUPPRESSION, Suppressed, UNUSED_SUPPRESSION};

/// Loaded rules and reference data, ready to check any number of articles.
pub struct Engine {
    pub checker: Checker,
    /// Every rule the engine runs, by id, then the built-in suppression rules.
    pub rules: Vec<RuleInfo>,
    /// Every rule id the rule layers define (before a selection) and the built-in ones: what a config or a
    /// suppression comment may name.
    known: BTreeSet<String>,
}

/// Which rules a check runs.
#[derive(Clone, Copy)]
pub enum Scope<'a> {
    /// Every rule of the engine.
    All,
    /// These rules (a subset of the engine's).
    Only(&'a [&'a Rule]),
    /// The engine's rules as a config sets them for a file: some turned off, some with another severity.
    Config { config: &'a Config, file: &'a Path },
}

impl Engine {
    /// Loads the rule and reference layers, the rules on another thread while the reference data is opened (they
    /// are independent, and each is a good part of a one-draft run); every error of both is returned.
    pub fn load(rules: &Layers, reference: &Layers) -> Result<Engine, Vec<ConfigError>> {
        let (rules, reference) = std::thread::scope(|scope| {
            let rules = scope.spawn(|| rules.rules());
            let reference = reference.compiled();
            (
                rules.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                reference,
            )
        });
        match (rules, reference) {
            (Ok(rules), Ok(reference)) => Ok(Engine::new(Checker::compiled(reference, rules))),
            (rules, reference) => Err(rules.err().into_iter().chain(reference.err()).flatten().collect()),
        }
    }

    /// An engine over a ready checker.
    pub fn new(checker: Checker) -> Engine {
        let known = checker
            .rules
            .rules
            .iter()
            .map(|r| r.id.clone())
            .chain([UNUSED_SUPPRESSION.0, INVALID_SUPPRESSION.0].map(String::from))
            .collect();
        let rules = RuleInfo::all(&checker.rules);
        Engine { checker, rules, known }
    }

    /// The ids of `ids` that name no rule of the engine.
    pub fn unknown<'a>(&self, ids: &'a [String]) -> Vec<&'a str> {
        ids.iter()
            .map(String::as_str)
            .filter(|id| self.checker.rules.get(id).is_none())
            .collect()
    }

    /// The engine running only the rules `ids` names (all of them when `ids` is empty). Rules outside the
    /// selection stay known, so a config or a suppression comment naming one is still valid.
    pub fn select(self, ids: &[String]) -> Engine {
        if ids.is_empty() {
            return self;
        }
        let Engine { checker, known, .. } = self;
        let checker = checker.with_rules(|rules| rules.only(ids));
        let rules = RuleInfo::all(&checker.rules);
        Engine { checker, rules, known }
    }

    /// What `rule` says of its first example that fires, checked as of the example's date (a fixed day when it
    /// has none, so that generated docs do not change with the calendar); none if it does not fire then.
    pub fn example_message(&self, rule: &Rule) -> Option<String> {
        let example = rule.examples.iter().find(|e| e.fires)?;
        let day = example.date.or(NaiveDate::from_ymd_opt(2025, 6, 1))?;
        let document = Document::parse("example.md", example.text.clone(), crate::source::Format::Markdown).ok()?;
        let findings = self.checker.check_with(&document, day, &[rule]);
        findings.into_iter().find(|f| f.rule == rule.id).map(|f| f.message)
    }

    /// Whether a config or a suppression comment may name this rule id.
    pub fn knows(&self, id: &str) -> bool {
        self.known.contains(id)
    }

    /// Checks one document: the as-of date is `date`, else the front matter's, else `today`. An article
    /// without text is not checked.
    pub fn report(&self, document: Document, date: Option<NaiveDate>, today: NaiveDate, scope: Scope) -> FileReport {
        finished(self.report_until(document, date, today, scope, Deadline::NEVER))
    }

    /// [`Engine::report`], giving up once `deadline` passes.
    pub fn report_until(
        &self,
        document: Document,
        date: Option<NaiveDate>,
        today: NaiveDate,
        scope: Scope,
        deadline: Deadline,
    ) -> Result<FileReport, TimeUp> {
        let (as_of, date_origin) = as_of(date, &document, today);
        let checked = if document.is_empty() {
            Suppressed::default()
        } else {
            self.check_until(&document, as_of, scope, deadline)?
        };
        Ok(FileReport {
            document,
            as_of,
            date_origin,
            findings: checked.findings,
            suppressed: checked.suppressed,
        })
    }

    /// The findings on `document` as of `as_of`, after its suppression comments.
    pub fn check(&self, document: &Document, as_of: NaiveDate, scope: Scope) -> Suppressed {
        finished(self.check_until(document, as_of, scope, Deadline::NEVER))
    }

    /// [`Engine::check`], giving up once `deadline` passes.
    pub fn check_until(
        &self,
        document: &Document,
        as_of: NaiveDate,
        scope: Scope,
        deadline: Deadline,
    ) -> Result<Suppressed, TimeUp> {
        let checker = &self.checker;
        match scope {
            Scope::All => {
                let rules: Vec<&Rule> = checker.rules.rules.iter().collect();
                checker.check_rules_until(document, as_of, &rules, deadline)
            }
            Scope::Only(rules) => checker.check_rules_until(document, as_of, rules, deadline),
            Scope::Config { config, file } => {
                let rules = config.rules_for(&checker.rules.rules, file);
                let rules: Vec<&Rule> = rules.iter().collect();
                let mut checked = checker.check_rules_until(document, as_of, &rules, deadline)?;
                checked.findings = config.adjust(checked.findings, file);
                Ok(checked)
            }
        }
    }
}

/// The date a document is checked as of, and where it came from: `date` (given by the user or the request),
/// else the front matter's `date`, else `today`.
pub fn as_of(date: Option<NaiveDate>, document: &Document, today: NaiveDate) -> (NaiveDate, DateOrigin) {
    match (date, document.metadata.date) {
        (Some(date), _) => (date, DateOrigin::Option),
        (None, Some(date)) => (date, DateOrigin::FrontMatter),
        (None, None) => (today, DateOrigin::Today),
    }
}

/// Where the "as of" date of a check came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateOrigin {
    /// `--date` on the command line, or the date of a request or record.
    Option,
    /// The article's front matter `date`.
    FrontMatter,
    /// Nothing said: today's date.
    Today,
}

/// The findings of one checked document.
pub struct FileReport {
    pub document: Document,
    pub as_of: NaiveDate,
    pub date_origin: DateOrigin,
    pub findings: Vec<Finding>,
    /// Findings the article's suppression comments removed.
    pub suppressed: usize,
}

/// What printers that describe rules (SARIF, HTML) and the service's rule list need to know about one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    pub id: String,
    pub name: String,
    pub severity: Severity,
    pub applies_to: String,
    pub summary: String,
    pub why: String,
    /// The rule's documentation page in Markdown.
    pub help: String,
}

impl RuleInfo {
    pub fn of(rule: &Rule) -> RuleInfo {
        RuleInfo {
            id: rule.id.clone(),
            name: rule.name.clone(),
            severity: rule.severity,
            applies_to: rule.applies_to.to_string(),
            summary: rule.docs.summary.clone(),
            why: rule.docs.why.clone(),
            help: crate::rules::docs::markdown(rule, None),
        }
    }

    /// Every rule of `rules` by id, then the built-in ones.
    pub fn all(rules: &RuleSet) -> Vec<RuleInfo> {
        let mut infos: Vec<RuleInfo> = rules.rules.iter().map(RuleInfo::of).collect();
        infos.sort_by(|a, b| a.id.cmp(&b.id));
        infos.extend(RuleInfo::builtin());
        infos
    }

    /// The built-in rules about suppression comments.
    pub fn builtin() -> Vec<RuleInfo> {
        let info = |(id, name): (&str, &str), severity, summary: &str| RuleInfo {
            id: id.to_string(),
            name: name.to_string(),
            severity,
            applies_to: "suppression".to_string(),
            summary: summary.to_string(),
            why: "Suppressions must stay accurate and explained, or they hide real problems.".to_string(),
            help: format!("# {id} {name}\n\n{summary}\n"),
        };
        vec![
            info(
                UNUSED_SUPPRESSION,
                Severity::Note,
                "A suppression comment that suppresses nothing.",
            ),
            info(
                INVALID_SUPPRESSION,
                Severity::Warning,
                "A suppression comment without a reason or naming an unknown rule.",
            ),
        ]
    }
}
