//! The check stage: resolves each claim against the reference data as of the article's date, computes the
//! fields the rules test, and lets every rule that applies to that kind of claim decide.
//!
//! Resolution is where time enters: the same "Former U.S. President Donald Trump" is right on 2024-06-01 and
//! wrong on 2025-05-16. The rules themselves stay declarative: they only see the computed fields.

use chrono::{Datelike, NaiveDate, Weekday};

use crate::deadline::{Deadline, TimeUp, finished};
use crate::extract::{
    self, Claim, ClaimKind, DateClaim, Extraction, Figure, FigureKind, Lexicon, Resolution, Role, Speaker,
};
use crate::finding::{Edit, Evidence, Finding, Fix};
use crate::reference::index::Compiled;
use crate::reference::{
    OfficeId, PartialDate, Person, PersonId, ReferenceData, Standing, Statistic, StatisticId, Term, day_in_words,
};
use crate::rules::fields::{
    self, Comparison, Direction, EditKind, Field, FieldValue, Key, Kind, NameForm, Placeholder, SpeakerKind, Status,
};
use crate::rules::{Rule, RuleSet};
use crate::source::{Document, Span};
use crate::suppress::{INVALID_SUPPRESSION, Suppressed, UNUSED_SUPPRESSION};

/// Years after a term's end from which a mention of the office is history rather than news: a generation.
const HISTORICAL_YEARS: u32 = 25;

/// Reference data, its lexicon and the rules: everything needed to check documents, built once.
pub struct Checker {
    pub reference: ReferenceData,
    pub lexicon: Lexicon,
    pub rules: RuleSet,
    scopes: ScopeIndex,
}

/// Every statistic's scope words in one automaton, so that which statistics a document is about is read in one
/// pass over it, whatever the number of figures and statistics.
struct ScopeIndex {
    /// Scope words without a capital, matched in any case; and those with one, matched as written.
    folded: aho_corasick::AhoCorasick,
    exact: aho_corasick::AhoCorasick,
    /// For each pattern of `folded`, then of `exact`, the statistics whose scope it is.
    statistics: Vec<Vec<StatisticId>>,
}

impl ScopeIndex {
    fn new(reference: &ReferenceData) -> ScopeIndex {
        let mut by_word: std::collections::BTreeMap<&str, Vec<StatisticId>> = std::collections::BTreeMap::new();
        for (id, stat) in reference.statistics.iter().enumerate() {
            for word in &stat.scope {
                by_word.entry(word).or_default().push(id);
            }
        }
        let mut words: Vec<(String, Vec<StatisticId>)> =
            by_word.into_iter().map(|(w, ids)| (w.to_string(), ids)).collect();
        words.sort_by_key(|(w, _)| w.chars().any(char::is_uppercase));
        let split = words.partition_point(|(w, _)| !w.chars().any(char::is_uppercase));
        let build = |patterns: &[(String, Vec<StatisticId>)], fold: bool| {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(fold)
                .build(patterns.iter().map(|(w, _)| w.as_str()))
                .expect("scope words are plain strings")
        };
        ScopeIndex {
            folded: build(&words[..split], true),
            exact: build(&words[split..], false),
            statistics: words.into_iter().map(|(_, ids)| ids).collect(),
        }
    }

    /// For each statistic, whether `text` names one of its scope words as a whole word.
    fn in_scope(&self, text: &str, count: usize) -> Vec<bool> {
        let mut found = vec![false; count];
        let whole_word = |start: usize, end: usize| {
            text[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
                && text[end..].chars().next().is_none_or(|c| !c.is_alphanumeric())
        };
        let offset = self.folded.patterns_len();
        let matches = overlapping(&self.folded, text)
            .map(|m| (m, 0))
            .chain(overlapping(&self.exact, text).map(|m| (m, offset)));
        for (m, base) in matches {
            if whole_word(m.start(), m.end()) {
                for &id in &self.statistics[base + m.pattern().as_usize()] {
                    found[id] = true;
                }
            }
        }
        found
    }
}

/// Every match of `automaton` in `text`, overlapping ones included. An automaton of no patterns is not run: it
/// would still read every byte, as an overlapping search has no prefilter to skip with.
fn overlapping<'a>(
    automaton: &'a aho_corasick::AhoCorasick,
    text: &'a str,
) -> impl Iterator<Item = aho_corasick::Match> + 'a {
    (automaton.patterns_len() > 0)
        .then(|| automaton.find_overlapping_iter(text))
        .into_iter()
        .flatten()
}

/// What the check computed for one claim: field values for conditions, placeholder values for messages,
/// the evidence, and the edits a fix may apply.
struct Facts {
    /// Whether the words, evidence and edits of a finding are kept. The fields alone decide whether a rule reports
    /// a claim, and most claims are reported by none: a claim's facts are first computed without them (the
    /// resolvers skip what only they need) and computed whole only for a claim a rule reports.
    told: bool,
    fields: Vec<(Field, &'static str)>,
    values: Vec<(Placeholder, String)>,
    evidence: Vec<Evidence>,
    edits: Vec<(EditKind, Vec<Edit>)>,
}

/// What the check reads of a claim's surroundings.
struct Around<'a> {
    /// The day the article is checked as of.
    as_of: NaiveDate,
    /// Which statistics the document is about (read only for figures).
    in_scope: &'a [bool],
    /// The years the claim's sentence writes (read only for roles).
    years: &'a [i32],
    /// Where the claim's sentence starts in the document.
    sentence_start: usize,
}

impl Facts {
    /// Facts to be told in full when `told`, else their fields alone.
    fn new(told: bool) -> Facts {
        Facts {
            told,
            fields: Vec::new(),
            values: Vec::new(),
            evidence: Vec::new(),
            edits: Vec::new(),
        }
    }

    /// Sets a field to a value of its type (a later value replaces an earlier one).
    fn set<V: FieldValue>(&mut self, key: Key<V>, value: V) {
        self.fields.retain(|(field, _)| *field != key.field);
        self.fields.push((key.field, value.name()));
    }

    /// Gives a placeholder its value.
    fn say(&mut self, placeholder: Placeholder, value: impl ToString) {
        if !self.told {
            return;
        }
        self.values.retain(|(p, _)| *p != placeholder);
        self.values.push((placeholder, value.to_string()));
    }

    fn edit(&mut self, kind: EditKind, edits: impl FnOnce() -> Vec<Edit>) {
        if self.told {
            self.edits.push((kind, edits()));
        }
    }

    fn witness(&mut self, evidence: impl FnOnce() -> Evidence) {
        if self.told {
            self.evidence.push(evidence());
        }
    }

    fn field(&self, field: Field) -> Option<&'static str> {
        self.fields.iter().find(|(f, _)| *f == field).map(|(_, value)| *value)
    }

    fn value(&self, placeholder: Placeholder) -> Option<String> {
        self.values
            .iter()
            .find(|(p, _)| *p == placeholder)
            .map(|(_, value)| value.clone())
    }

    fn edits(&self, kind: EditKind) -> Option<&Vec<Edit>> {
        self.edits.iter().find(|(k, _)| *k == kind).map(|(_, edits)| edits)
    }
}

impl Checker {
    /// The checker of reference data loaded from YAML (compiled in memory).
    pub fn new(reference: ReferenceData, rules: RuleSet) -> Checker {
        Checker::compiled(Compiled::build(&reference), rules)
    }

    /// The checker of compiled reference data.
    pub fn compiled(compiled: Compiled, rules: RuleSet) -> Checker {
        let lexicon = Lexicon::of(&compiled);
        let reference = compiled.data;
        let scopes = ScopeIndex::new(&reference);
        Checker {
            reference,
            lexicon,
            rules,
            scopes,
        }
    }

    /// The same checker with other rules: the reference data and its indexes are kept.
    pub fn with_rules(mut self, rules: impl FnOnce(&RuleSet) -> RuleSet) -> Checker {
        self.rules = rules(&self.rules);
        self
    }

    pub fn extract(&self, doc: &Document) -> Extraction {
        extract::extract(doc, &self.lexicon, &self.reference)
    }

    /// Every finding of every rule on `doc`, as of `as_of`, after the article's suppression comments.
    pub fn check(&self, doc: &Document, as_of: NaiveDate) -> Suppressed {
        let rules: Vec<&Rule> = self.rules.rules.iter().collect();
        self.check_rules(doc, as_of, &rules)
    }

    /// [`Checker::check`] with the given rules only (a subset of, or variants of, the checker's rules).
    pub fn check_rules(&self, doc: &Document, as_of: NaiveDate, rules: &[&Rule]) -> Suppressed {
        finished(self.check_rules_until(doc, as_of, rules, Deadline::NEVER))
    }

    /// [`Checker::check_rules`], giving up once `deadline` passes.
    pub fn check_rules_until(
        &self,
        doc: &Document,
        as_of: NaiveDate,
        rules: &[&Rule],
        deadline: Deadline,
    ) -> Result<Suppressed, TimeUp> {
        let findings = self.check_until(doc, as_of, rules, deadline)?;
        let mut checked = crate::suppress::apply(doc, findings, |id| {
            self.rules.get(id).is_some() || id == UNUSED_SUPPRESSION.0 || id == INVALID_SUPPRESSION.0
        });
        // Folded after the suppression comments, so that a suppressed first finding does not hide the others.
        for rule in rules.iter().filter(|r| r.once_per_article) {
            once_per_article(&mut checked.findings, &rule.id, doc);
        }
        Ok(checked)
    }

    /// Findings of the given rules only.
    pub fn check_with(&self, doc: &Document, as_of: NaiveDate, rules: &[&Rule]) -> Vec<Finding> {
        finished(self.check_until(doc, as_of, rules, Deadline::NEVER))
    }

    /// [`Checker::check_with`], polling `deadline` per claim and per text rule.
    fn check_until(
        &self,
        doc: &Document,
        as_of: NaiveDate,
        rules: &[&Rule],
        deadline: Deadline,
    ) -> Result<Vec<Finding>, TimeUp> {
        let extraction = extract::extract_until(doc, &self.lexicon, &self.reference, deadline)?;
        // A rule with a `since` day says nothing of articles before it.
        let rules: Vec<&Rule> = rules
            .iter()
            .copied()
            .filter(|r| r.since.is_none_or(|day| day <= as_of))
            .collect();
        let mut findings = Vec::new();
        // Which statistics the document is about, read once when it has a figure.
        let mut in_scope: Option<Vec<bool>> = None;
        // The years each sentence writes, read once when it has a role.
        let mut years: Option<Vec<Vec<i32>>> = None;
        for claim in &extraction.claims {
            deadline.check()?;
            let kind = kind_of(&claim.kind);
            if !rules.iter().any(|r| r.applies_to == kind) {
                continue;
            }
            let in_scope: &[bool] = match claim.kind {
                ClaimKind::Figure(_) => {
                    in_scope.get_or_insert_with(|| self.scopes.in_scope(&doc.text, self.reference.statistics.len()))
                }
                _ => &[],
            };
            let years: &[i32] = match claim.kind {
                ClaimKind::Role(_) => years
                    .get_or_insert_with(|| years_by_sentence(&extraction))
                    .get(claim.sentence)
                    .map_or(&[], Vec::as_slice),
                _ => &[],
            };
            let around = Around {
                as_of,
                in_scope,
                years,
                sentence_start: extraction.sentences.get(claim.sentence).map_or(0, |s| s.span.start),
            };
            let fields = self.facts(doc, claim, &around, false);
            let mut reporting = rules
                .iter()
                .filter(|r| r.applies_to == kind && r.matches(|field| fields.field(field)))
                .peekable();
            if reporting.peek().is_none() {
                continue;
            }
            let facts = self.facts(doc, claim, &around, true);
            for rule in reporting {
                findings.extend(finding(rule, doc, claim.span, &facts, as_of));
            }
        }
        for rule in rules.iter().filter(|r| r.applies_to == Kind::Text) {
            deadline.check()?;
            findings.extend(self.text_rule(rule, doc, &extraction, as_of));
        }
        findings.sort_by(|a, b| (a.span.start, &a.rule, a.span.end).cmp(&(b.span.start, &b.rule, b.span.end)));
        findings.dedup_by(|a, b| a.rule == b.rule && a.span == b.span);
        Ok(findings)
    }

    /// What the resolver finds about one claim, in full when `told` (see [`Facts::told`]).
    fn facts(&self, doc: &Document, claim: &Claim, around: &Around, told: bool) -> Facts {
        let mut facts = Facts::new(told);
        let as_of = around.as_of;
        match &claim.kind {
            ClaimKind::Role(role) => {
                self.resolve_role(&mut facts, doc, role, around.sentence_start, around.years, as_of);
            }
            ClaimKind::Figure(figure) => self.resolve_figure(&mut facts, figure, around.in_scope, as_of),
            ClaimKind::Date(date) => resolve_date(&mut facts, date, as_of),
            ClaimKind::Quote(quote) => {
                let (speaker, name) = match &quote.speaker {
                    Speaker::Known { name, .. } => (SpeakerKind::Known, name.as_str()),
                    Speaker::Unverified { name, .. } => (SpeakerKind::Unverified, name.as_str()),
                    Speaker::None => (SpeakerKind::None, ""),
                };
                facts.set(fields::SPEAKER, speaker);
                facts.set(
                    fields::AFFILIATED,
                    matches!(quote.speaker, Speaker::Unverified { affiliated: true, .. }),
                );
                facts.say(Placeholder::Speaker, name);
                facts.say(Placeholder::Quote, &quote.text);
            }
            ClaimKind::Attribution(attribution) => {
                facts.set(fields::NAMED, attribution.named);
                facts.say(Placeholder::Source, &attribution.source);
            }
            ClaimKind::Spelling(near) => {
                facts.say(Placeholder::Written, &near.written);
                facts.say(Placeholder::Intended, &near.intended);
                match near.person.map(|p| &self.reference.people[p]) {
                    Some(person) => {
                        facts.say(Placeholder::Person, &person.name);
                        facts.witness(|| self.person_evidence(person, None));
                    }
                    None => facts.say(Placeholder::Person, &near.intended),
                }
                facts.edit(EditKind::Replace, || {
                    vec![Edit {
                        start: claim.span.start,
                        end: claim.span.end,
                        replacement: near.intended.clone(),
                    }]
                });
            }
        }
        facts
    }

    fn text_rule(&self, rule: &Rule, doc: &Document, extraction: &Extraction, as_of: NaiveDate) -> Vec<Finding> {
        let Some(matcher) = &rule.matcher else {
            return Vec::new();
        };
        let mut findings = Vec::new();
        for m in matcher.find(doc.blocks.iter().map(|b| b.prose.text.as_str())) {
            let prose = &doc.blocks[m.block].prose;
            let sentence = extraction.sentences.index_of(m.block, m.start);
            let mut facts = Facts::new(true);
            facts.set(fields::SOURCED, extraction.sentences.sourced(doc, sentence));
            facts.say(Placeholder::Match, &prose.text[m.start..m.end]);
            let span = prose.to_source(m.start, m.end);
            if let Some(suggestion) = m.suggestion {
                facts.edit(EditKind::Replace, || {
                    vec![Edit {
                        start: span.start,
                        end: span.end,
                        replacement: suggestion.clone(),
                    }]
                });
                facts.say(Placeholder::Suggestion, suggestion);
            }
            findings.extend(finding(rule, doc, span, &facts, as_of));
        }
        findings
    }

    fn resolve_role(
        &self,
        facts: &mut Facts,
        doc: &Document,
        role: &Role,
        sentence_start: usize,
        years: &[i32],
        as_of: NaiveDate,
    ) {
        facts.set(fields::LABEL, role.label);
        facts.set(fields::QUOTED, role.quoted);
        let full_name = role.person.resolved_by.is_none_or(|r| r == Resolution::FullName);
        facts.set(fields::NAME, if full_name { NameForm::Full } else { NameForm::Surname });
        facts.say(Placeholder::Title, &role.title);
        facts.say(Placeholder::Label, role.label_span.map_or("", |s| doc.slice(s)));
        let Some(person) = role.person.person.map(|p| &self.reference.people[p]) else {
            facts.set(fields::STATUS, Status::Unknown);
            return;
        };
        if facts.told {
            self.tell_offices_held(facts, role, person, as_of);
        }
        let Some(office) = self.office_of(role, person) else {
            facts.set(fields::STATUS, Status::Unknown);
            return;
        };
        facts.say(Placeholder::Office, &self.reference.offices[office].name);
        let complete = self.reference.offices[office].complete_on(as_of);
        let standing = person.standing(office, as_of, complete);
        let (status, term) = match standing {
            // A handover day, and the days around it, are no ground for a verdict: copy written then may say
            // either, and the data's dates may be a day off.
            _ if near_a_handover(person, office, as_of) => (Status::Uncertain, None),
            Standing::Current(t) => (Status::Current, Some(t)),
            Standing::Past(t) => (Status::Past, Some(t)),
            Standing::NotYet(t) => (Status::NotYet, Some(t)),
            Standing::Stale(t) => (Status::Stale, Some(t)),
            Standing::Never => (Status::Never, None),
            Standing::Uncertain => (Status::Uncertain, None),
        };
        // A one-holder office that someone else took after this open term began, and before the article: the
        // person had left it by then, whatever the open term (or its stale source) says.
        let successor = match standing {
            Standing::Current(t) | Standing::Stale(t) if t.to.is_none() && status != Status::Uncertain => {
                role.person.person.and_then(|id| self.successor(id, office, t, as_of))
            }
            _ => None,
        };
        let status = if successor.is_some() { Status::Past } else { status };
        facts.set(fields::STATUS, status);
        // History is told with the title then held ("President Lyndon B. Johnson's Democrats"): a term that
        // ended a generation before the article is not a missing "former".
        let is_history = |end: PartialDate| {
            end.latest()
                .checked_add_months(chrono::Months::new(12 * HISTORICAL_YEARS))
                .is_some_and(|d| d <= as_of)
        };
        let historical = match (standing, successor) {
            (_, Some((_, next))) => is_history(next.from),
            (Standing::Past(t), None) => t.to.is_some_and(is_history),
            _ => false,
        };
        // A sentence that dates its events to the person's time in the office tells them with the title then held
        // ("President George H. W. Bush said in 1992 …"): history too, whatever the article's date.
        let told_then = match term {
            Some(t) if successor.is_some() || matches!(standing, Standing::Past(_)) => {
                let first = t.from.earliest().year();
                let last = successor.map_or_else(
                    || t.to.map_or(as_of.year(), |to| to.latest().year()),
                    |(_, next)| next.from.latest().year(),
                );
                years.iter().any(|y| (first..=last).contains(y))
            }
            _ => false,
        };
        facts.set(fields::HISTORICAL, historical || told_then);
        if !facts.told {
            return;
        }
        if let Some(term) = term {
            facts.say(Placeholder::TermFrom, term.from.in_words());
            let to = match (successor, term.to) {
                (Some((next_person, next)), _) => {
                    format!("by {}, when {} took office", next.from.in_words(), next_person.name)
                }
                (None, Some(to)) => to.in_words(),
                (None, None) => "still open".to_string(),
            };
            facts.say(Placeholder::TermTo, to);
            facts.say(Placeholder::Source, &term.source.name);
            facts.say(
                Placeholder::Checked,
                term.source
                    .checked
                    .map_or_else(|| "unknown".to_string(), |d| d.in_words()),
            );
            facts.say(
                Placeholder::DataAge,
                term.source
                    .checked
                    .map_or_else(String::new, |d| age(d.earliest(), as_of)),
            );
        } else {
            facts.say(Placeholder::Source, &person.source.name);
        }
        facts.evidence.push(self.person_evidence(person, Some(office)));
        if let Some((next_person, next)) = successor {
            facts.evidence.push(self.term_evidence(next_person, next));
        }
        if matches!(standing, Standing::Past(_) | Standing::Never) {
            // What the person did hold on the date is evidence too.
            for t in person.current_terms(as_of).filter(|t| t.office != office) {
                facts.evidence.push(self.term_evidence(person, t));
            }
        }
        if let Some(label_span) = role.label_span
            && let Some(edit) = remove_label(doc, label_span)
        {
            facts.edit(EditKind::RemoveLabel, || vec![edit]);
        }
        // "former Turkish Foreign Minister", but "Turkey's former Foreign Minister".
        let possessive = role
            .jurisdiction
            .as_deref()
            .is_some_and(|j| j.ends_with("'s") || j.ends_with("’s"));
        let at = match role.jurisdiction_span {
            Some(j) if !possessive && j.start < role.title_span.start => j.start,
            _ => role.title_span.start,
        };
        facts.edit(EditKind::InsertFormer, || vec![insert_former(at, at <= sentence_start)]);
    }

    /// The person's name, the offices they held on `as_of` and the title a fix would give them.
    fn tell_offices_held(&self, facts: &mut Facts, role: &Role, person: &Person, as_of: NaiveDate) {
        facts.say(Placeholder::Person, &person.name);
        let held = self.offices_held(role.person.person, person, as_of);
        let names: Vec<&str> = held.iter().map(|&o| self.reference.offices[o].name.as_str()).collect();
        facts.say(
            Placeholder::CurrentOffice,
            match names.is_empty() {
                true => "none that the reference data lists".to_string(),
                false => names.join("; "),
            },
        );
        // The fix names the title the person did hold, when the data knows of exactly one.
        let title_then = match held.as_slice() {
            [office] => {
                let office = &self.reference.offices[*office];
                let title = office.titles.first().unwrap_or(&office.name);
                format!("“{title} {}”", person.name)
            }
            [] => format!("the title {} held on {}, if any", person.name, day_in_words(as_of)),
            _ => format!("the title {} held on {}", person.name, day_in_words(as_of)),
        };
        facts.say(Placeholder::TitleThen, title_then);
    }

    /// Who surely took a one-holder office after `term` (an open term of `person`) began and surely before
    /// `as_of`, beyond the days around a handover.
    fn successor(&self, person: PersonId, office: OfficeId, term: &Term, as_of: NaiveDate) -> Option<(&Person, &Term)> {
        if !self.reference.offices[office].single_holder {
            return None;
        }
        self.lexicon
            .lookups
            .holders(office)
            .into_iter()
            .filter(|&(other, _)| other != person)
            .map(|(other, index)| {
                (
                    &self.reference.people[other],
                    &self.reference.people[other].terms[index],
                )
            })
            .filter(|(_, next)| {
                next.from.earliest() > term.from.latest() && (as_of - next.from.latest()).num_days() > HANDOVER_DAYS
            })
            .min_by_key(|(_, next)| next.from.earliest())
    }

    /// The office a title means for this person: one they held with that title, else the only candidate in
    /// the jurisdictions they are known in. `None` when the text does not say which office.
    fn office_of(&self, role: &Role, person: &Person) -> Option<OfficeId> {
        let held: Vec<OfficeId> = role
            .offices
            .iter()
            .copied()
            .filter(|o| person.terms.iter().any(|t| t.office == *o))
            .collect();
        if let Some(&office) = held.first() {
            return Some(office);
        }
        if role.jurisdiction.is_some() {
            return (role.offices.len() == 1).then(|| role.offices[0]);
        }
        let home: Vec<usize> = person
            .terms
            .iter()
            .map(|t| self.reference.offices[t.office].jurisdiction)
            .collect();
        let candidates: Vec<OfficeId> = role
            .offices
            .iter()
            .copied()
            .filter(|o| home.contains(&self.reference.offices[*o].jurisdiction))
            .collect();
        (candidates.len() == 1).then(|| candidates[0])
    }

    /// The offices `person` holds on `as_of`, leaving out an open term someone else has since taken over.
    /// The offices the person holds on `as_of`, leaving out an open term a successor has ended.
    fn offices_held(&self, id: Option<PersonId>, person: &Person, as_of: NaiveDate) -> Vec<OfficeId> {
        person
            .current_terms(as_of)
            .filter(|t| t.to.is_some() || id.is_none_or(|id| self.successor(id, t.office, t, as_of).is_none()))
            .map(|t| t.office)
            .collect()
    }

    fn person_evidence(&self, person: &Person, office: Option<OfficeId>) -> Evidence {
        let terms: Vec<&Term> = person
            .terms
            .iter()
            .filter(|t| office.is_none_or(|o| t.office == o))
            .collect();
        let periods: Vec<String> = terms.iter().map(|t| period(t)).collect();
        let summary = match office {
            Some(o) if !terms.is_empty() => format!(
                "{} — {}: {}",
                person.name,
                self.reference.offices[o].name,
                periods.join("; ")
            ),
            Some(o) => format!(
                "{} — never {} in the reference data",
                person.name, self.reference.offices[o].name
            ),
            None => person.name.clone(),
        };
        let origin = terms
            .first()
            .map_or_else(|| person.origin.clone(), |t| t.origin.clone());
        let source = terms
            .first()
            .map_or_else(|| person.source.clone(), |t| t.source.clone());
        Evidence {
            summary,
            origin: Some(origin),
            source: Some(source),
        }
    }

    fn term_evidence(&self, person: &Person, term: &Term) -> Evidence {
        Evidence {
            summary: format!(
                "{} — {}: {}",
                person.name,
                self.reference.offices[term.office].name,
                period(term)
            ),
            origin: Some(term.origin.clone()),
            source: Some(term.source.clone()),
        }
    }

    fn resolve_figure(&self, facts: &mut Facts, figure: &Figure, in_scope: &[bool], as_of: NaiveDate) {
        facts.set(fields::KIND, figure.figure_kind);
        facts.set(fields::VAGUE, figure.vague);
        facts.set(fields::APPROX, figure.approx);
        facts.set(fields::SOURCED, figure.sourced);
        facts.set(fields::STATISTIC, figure.statistic);
        facts.say(Placeholder::Figure, &figure.text);
        facts.say(Placeholder::Noun, figure.noun.as_deref().unwrap_or(""));
        let Some(id) = self.statistic_for(figure, in_scope, as_of) else {
            facts.set(fields::REFERENCE, Comparison::None);
            facts.set(fields::DIRECTION, Direction::None);
            return;
        };
        let stat = &self.reference.statistics[id];
        let low = stat.value * (1.0 - stat.tolerance);
        let high = stat.value * (1.0 + stat.tolerance);
        let direction = if figure.low > high {
            Direction::Overstates
        } else if figure.high < low {
            Direction::Understates
        } else {
            Direction::None
        };
        let comparison = match direction {
            Direction::None => Comparison::Matches,
            _ => Comparison::Differs,
        };
        facts.set(fields::REFERENCE, comparison);
        facts.set(fields::DIRECTION, direction);
        if !facts.told {
            return;
        }
        facts.say(Placeholder::Direction, direction);
        facts.say(Placeholder::ReferenceValue, format_number(stat.value));
        facts.say(Placeholder::ReferenceName, &stat.name);
        facts.say(
            Placeholder::ReferenceAsOf,
            stat.as_of.map_or_else(|| "undated".to_string(), |d| d.in_words()),
        );
        facts.say(Placeholder::Source, &stat.source.name);
        for record in self.reference.statistic_records(id) {
            facts
                .evidence
                .push(statistic_evidence(&self.reference.statistics[record]));
        }
        if let Some(event) = stat.event.map(|e| &self.reference.events[e]) {
            facts.evidence.push(Evidence {
                summary: format!(
                    "{} ({}{})",
                    event.name,
                    event.date,
                    event.place.as_ref().map_or(String::new(), |p| format!(", {p}"))
                ),
                origin: Some(event.origin.clone()),
                source: Some(event.source.clone()),
            });
        }
    }

    /// The reference statistic a figure's clause points to: in scope for the article, valid on its date, of a
    /// compatible kind, with the most cue words in the clause. Ties between different values mean "unsure".
    fn statistic_for(&self, figure: &Figure, in_scope: &[bool], as_of: NaiveDate) -> Option<StatisticId> {
        if figure.figure_kind == FigureKind::Duration {
            return None;
        }
        let mut best: Vec<(usize, StatisticId)> = Vec::new();
        for (id, stat) in self.reference.statistics.iter().enumerate() {
            if !stat.valid_on(as_of) || !unit_fits(stat, figure) {
                continue;
            }
            if !stat.scope.is_empty() && !in_scope[id] {
                continue;
            }
            if let Some(noun) = &figure.noun
                && !stat.nouns.is_empty()
                && !stat.nouns.contains(noun)
                && !stat.cues.contains(noun)
                && !noun.ends_with("ed")
            {
                continue;
            }
            let score = stat.cues.iter().filter(|c| contains_word(&figure.clause, c)).count();
            if score > 0 {
                best.push((score, id));
            }
        }
        let top = best.iter().map(|(s, _)| *s).max()?;
        let winners: Vec<StatisticId> = best.iter().filter(|(s, _)| *s == top).map(|(_, id)| *id).collect();
        let first = self.reference.statistics[winners[0]].value;
        winners
            .iter()
            .all(|&w| self.reference.statistics[w].value == first)
            .then(|| winners[0])
    }
}

/// Days either side of a term's start or end within which a title is not judged.
const HANDOVER_DAYS: i64 = 7;

fn near_a_handover(person: &Person, office: OfficeId, as_of: NaiveDate) -> bool {
    let near = |date: NaiveDate| (date - as_of).num_days().abs() <= HANDOVER_DAYS;
    person.terms.iter().filter(|t| t.office == office).any(|t| {
        near(t.from.earliest())
            || near(t.from.latest())
            || t.to.is_some_and(|to| near(to.earliest()) || near(to.latest()))
    })
}

/// How long from `then` to `now`, in whole years, else months, else days: "6 years", "14 months".
fn age(then: NaiveDate, now: NaiveDate) -> String {
    let months =
        (now.year() - then.year()) * 12 + now.month() as i32 - then.month() as i32 - i32::from(now.day() < then.day());
    let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    if months >= 24 {
        plural(i64::from(months / 12), "year")
    } else if months >= 1 {
        plural(i64::from(months), "month")
    } else {
        plural((now - then).num_days(), "day")
    }
}

fn resolve_date(facts: &mut Facts, date: &DateClaim, as_of: NaiveDate) {
    let mut conflict = false;
    if let (Some(weekday), Some(month), Some(day)) = (date.weekday(), date.month, date.day) {
        let readings = match date.year {
            Some(year) => NaiveDate::from_ymd_opt(year, month, day).into_iter().collect(),
            None => readings_without_year(as_of, month, day),
        };
        // Only a conflict in every reading is a finding; the reading shown is one that fits, if any does.
        let resolved = readings
            .iter()
            .find(|d| d.weekday() == weekday)
            .or(readings.first())
            .copied();
        if let Some(resolved) = resolved {
            let actual = resolved.weekday();
            conflict = actual != weekday;
            if facts.told {
                facts.say(Placeholder::Date, day_in_words(resolved));
                facts.say(Placeholder::ActualWeekday, weekday_name(actual));
                facts.evidence.push(Evidence {
                    summary: format!("calendar: {resolved} is a {}", weekday_name(actual)),
                    origin: None,
                    source: None,
                });
            }
        }
    }
    facts.set(fields::WEEKDAY_CONFLICT, conflict);
    facts.say(Placeholder::Weekday, date.weekday.as_deref().unwrap_or(""));
}

/// Days from the article's date within which a month and day without a year mean the nearest such date: news
/// writes "Dec. 30" for the days around publication.
const NEAR_DAYS: i64 = 60;

/// The dates a month and day written without a year can mean, nearest first: the nearest one when it is within
/// [`NEAR_DAYS`] of the as-of date; otherwise also the other of the last one before and the next one after it
/// ("Friday, Sept. 14" in an article of May 2013 may well be September 2012).
fn readings_without_year(as_of: NaiveDate, month: u32, day: u32) -> Vec<NaiveDate> {
    let mut dates: Vec<NaiveDate> = [as_of.year() - 1, as_of.year(), as_of.year() + 1]
        .into_iter()
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .collect();
    dates.sort_by_key(|d| (*d - as_of).num_days().abs());
    let Some(&nearest) = dates.first() else {
        return dates;
    };
    if (nearest - as_of).num_days().abs() <= NEAR_DAYS {
        return vec![nearest];
    }
    // The other side of the as-of date: the last one before it or the next one after it.
    let other = dates.iter().copied().find(|d| (*d < as_of) != (nearest < as_of));
    std::iter::once(nearest).chain(other).collect()
}

fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

fn finding(rule: &Rule, doc: &Document, span: Span, facts: &Facts, as_of: NaiveDate) -> Option<Finding> {
    if !rule.matches(|field| facts.field(field)) {
        return None;
    }
    let value_of = |placeholder| match placeholder {
        Placeholder::AsOf => Some(day_in_words(as_of)),
        Placeholder::Text => Some(doc.slice(span).to_string()),
        _ => facts.value(placeholder),
    };
    let fix = rule.fix.as_ref().map(|fix| Fix {
        description: fix.description.render(value_of),
        edits: fix.edit.and_then(|e| facts.edits(e)).cloned().unwrap_or_default(),
        safe: fix.edit.is_some_and(EditKind::is_safe),
    });
    Some(Finding {
        rule: rule.id.clone(),
        name: rule.name.clone(),
        severity: rule.severity,
        span,
        message: rule.message.render(value_of),
        evidence: facts.evidence.clone(),
        fix,
    })
}

/// Deletes a qualifier and the space after it, keeping a capital at the start of a sentence.
/// Deletes a label and the space after it, capitalising what follows when the label started a sentence. A label
/// wrapped in emphasis goes with its markup ("*Former* U.S. President" → "U.S. President"); a label that is a
/// link's whole text gets no edit, since deleting it would delete the link.
fn remove_label(doc: &Document, label: Span) -> Option<Edit> {
    let before = &doc.text[..label.start];
    let rest = &doc.text[label.end..];
    let marks = before.len() - before.trim_end_matches(['*', '_', '~']).len();
    let wrapped = marks > 0 && rest.starts_with(&before[before.len() - marks..]);
    if before.ends_with('[') && rest.starts_with(']') {
        return None;
    }
    let (start, end) = if wrapped {
        (label.start - marks, label.end + marks)
    } else {
        (label.start, label.end)
    };
    let rest = &doc.text[end..];
    let gap = rest.len() - rest.trim_start().len();
    let label_text = doc.slice(label);
    let next = rest[gap..].chars().next();
    let capitalise = label_text.starts_with(char::is_uppercase) && next.is_some_and(char::is_lowercase);
    Some(match next {
        Some(c) if capitalise => Edit {
            start,
            end: end + gap + c.len_utf8(),
            replacement: c.to_uppercase().collect(),
        },
        _ => Edit {
            start,
            end: end + gap,
            replacement: String::new(),
        },
    })
}

/// Writes "former " before a title, "Former " at the start of a sentence (what follows is a capitalised title
/// or place name either way, so nothing else changes).
fn insert_former(at: usize, starts_sentence: bool) -> Edit {
    let replacement = if starts_sentence { "Former " } else { "former " };
    Edit {
        start: at,
        end: at,
        replacement: replacement.into(),
    }
}

/// A term in words: "20 January 2017 to 20 January 2021", "since 20 January 2025".
fn period(term: &Term) -> String {
    let acting = if term.acting { " (acting)" } else { "" };
    match term.to {
        Some(to) => format!("{} to {}{acting}", term.from.in_words(), to.in_words()),
        None => format!("since {}{acting}", term.from.in_words()),
    }
}

fn statistic_evidence(stat: &Statistic) -> Evidence {
    let as_of = stat
        .as_of
        .map_or(String::new(), |d| format!(", as of {}", d.in_words()));
    let kind = if stat.parts.is_empty() {
        ""
    } else {
        " (the sum of the figures below)"
    };
    Evidence {
        summary: format!(
            "{}: {} {}{as_of}{kind}",
            stat.name,
            format_number(stat.value),
            stat.unit
        ),
        origin: Some(stat.origin.clone()),
        source: Some(stat.source.clone()),
    }
}

fn unit_fits(stat: &Statistic, figure: &Figure) -> bool {
    let unit = stat.unit.to_lowercase();
    let money = matches!(unit.as_str(), "usd" | "eur" | "gbp" | "dollars" | "euros" | "pounds");
    match figure.figure_kind {
        FigureKind::Percent => unit == "percent",
        FigureKind::Money => money,
        FigureKind::Count => unit != "percent" && !money,
        FigureKind::Duration => false,
    }
}

fn contains_word(haystack: &str, word: &str) -> bool {
    let lower_hay;
    let (hay, needle) = if word.chars().any(char::is_uppercase) {
        (haystack, word.to_string())
    } else {
        lower_hay = haystack.to_lowercase();
        (lower_hay.as_str(), word.to_string())
    };
    hay.match_indices(&needle).any(|(i, m)| {
        let before = hay[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = hay[i + m.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        before && after
    })
}

/// 10600000 → "10.6 million"; 13000 → "13,000".
pub fn format_number(value: f64) -> String {
    if value >= 1e6 {
        let millions = value / 1e6;
        let text = format!("{millions:.1}");
        format!("{} million", text.trim_end_matches(".0"))
    } else {
        let whole = value.round() as i64;
        let digits = whole.abs().to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        if whole < 0 { format!("-{out}") } else { out }
    }
}

/// Keeps the first finding of `rule` and folds the others into its message: how many more, and the first few
/// texts they flag.
fn once_per_article(findings: &mut Vec<Finding>, rule: &str, doc: &Document) {
    const QUOTED: usize = 3;
    let mut more = Vec::new();
    let mut first = None;
    findings.retain(|f| {
        if f.rule != rule {
            return true;
        }
        if first.is_none() {
            first = Some(f.span);
            return true;
        }
        more.push(doc.slice(f.span).to_string());
        false
    });
    if more.is_empty() {
        return;
    }
    let quoted: Vec<String> = more.iter().take(QUOTED).map(|t| format!("“{t}”")).collect();
    let ellipsis = if more.len() > QUOTED { ", …" } else { "" };
    if let Some(finding) = findings.iter_mut().find(|f| f.rule == rule) {
        finding.message = format!(
            "{}; and {} more in this article: {}{ellipsis}",
            finding.message,
            more.len(),
            quoted.join(", ")
        );
    }
}

/// The years each sentence of the extraction writes ("in 1992", "Jan. 3, 2017"), by sentence index.
fn years_by_sentence(extraction: &Extraction) -> Vec<Vec<i32>> {
    let mut years = vec![Vec::new(); extraction.sentences.0.len()];
    for claim in &extraction.claims {
        if let (ClaimKind::Date(date), Some(sentence)) = (&claim.kind, years.get_mut(claim.sentence))
            && let Some(year) = date.year
        {
            sentence.push(year);
        }
    }
    years
}

/// The kind of rule that judges a claim.
fn kind_of(claim: &ClaimKind) -> Kind {
    match claim {
        ClaimKind::Role(_) => Kind::Role,
        ClaimKind::Figure(_) => Kind::Figure,
        ClaimKind::Date(_) => Kind::Date,
        ClaimKind::Quote(_) => Kind::Quote,
        ClaimKind::Attribution(_) => Kind::Attribution,
        ClaimKind::Spelling(_) => Kind::Spelling,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text after removing the label "Former" as `remove_label` would, or `None` without an edit.
    fn without_label(text: &str) -> Option<String> {
        let doc = Document::parse("t.md", text.to_string(), crate::source::Format::Markdown).unwrap();
        let start = text.find("Former").unwrap();
        let edit = remove_label(
            &doc,
            Span {
                start,
                end: start + "Former".len(),
            },
        )?;
        Some(format!(
            "{}{}{}",
            &text[..edit.start],
            edit.replacement,
            &text[edit.end..]
        ))
    }

    #[test]
    fn removing_a_label_never_leaves_empty_markup() {
        for (text, fixed) in [
            (
                "Former U.S. President Donald Trump spoke.",
                "U.S. President Donald Trump spoke.",
            ),
            (
                "*Former* U.S. President Donald Trump spoke.",
                "U.S. President Donald Trump spoke.",
            ),
            ("A **Former** U.S. President spoke.", "A U.S. President spoke."),
            ("*Former U.S. President* Donald Trump", "*U.S. President* Donald Trump"),
        ] {
            assert_eq!(without_label(text).as_deref(), Some(fixed), "{text}");
        }
        assert_eq!(without_label("[Former](http://x) U.S. President Donald Trump"), None);
    }

    #[test]
    fn numbers_read_like_news() {
        assert_eq!(format_number(10_600_000.0), "10.6 million");
        assert_eq!(format_number(12_000_000.0), "12 million");
        assert_eq!(format_number(43_000.0), "43,000");
        assert_eq!(format_number(1000.0), "1,000");
    }

    #[test]
    fn dates_without_a_year_take_the_nearest_one_when_it_is_near() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            readings_without_year(date(2018, 1, 2), 12, 30),
            vec![date(2017, 12, 30)]
        );
        // Four months ahead or eight months back: both readings stand.
        assert_eq!(
            readings_without_year(date(2013, 5, 20), 9, 14),
            vec![date(2013, 9, 14), date(2012, 9, 14)]
        );
    }

    /// Every fact the resolver gives a claim of the rule fixtures and the seed article is one a rule of that kind
    /// can name: a field of the kind with one of its values, a placeholder and an edit of the kind.
    #[test]
    fn the_resolver_gives_only_facts_a_rule_can_name() {
        use crate::rules::fields::{COMMON_PLACEHOLDERS, kind_spec};
        let checker = Checker::new(
            ReferenceData::from_files(&crate::bundled::files(crate::bundled::REFERENCE_DATA)).unwrap(),
            RuleSet::default(),
        );
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths: Vec<_> = std::fs::read_dir(root.join("rules/tests"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.push(root.join("tests/fixtures/seed/article.md"));
        let as_of = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
        let mut kinds = std::collections::BTreeSet::new();
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap();
            let doc = Document::parse("t.md", text, crate::source::Format::Markdown).unwrap();
            let extraction = checker.extract(&doc);
            let in_scope = checker.scopes.in_scope(&doc.text, checker.reference.statistics.len());
            for claim in &extraction.claims {
                let kind = kind_spec(kind_of(&claim.kind));
                kinds.insert(kind.kind);
                let around = Around {
                    as_of,
                    in_scope: &in_scope,
                    years: &[],
                    sentence_start: extraction.sentences.get(claim.sentence).map_or(0, |s| s.span.start),
                };
                let facts = checker.facts(&doc, claim, &around, true);
                let fields = checker.facts(&doc, claim, &around, false);
                assert_eq!(
                    facts.fields,
                    fields.fields,
                    "{}: the fields depend on the words",
                    path.display()
                );
                assert!(fields.values.is_empty() && fields.evidence.is_empty() && fields.edits.is_empty());
                for (field, value) in &facts.fields {
                    let spec = kind.fields.iter().find(|f| f.field == *field);
                    assert!(
                        spec.is_some_and(|f| f.values.contains(value)),
                        "{}: `{field}: {value}` on a {} claim",
                        path.display(),
                        kind.kind
                    );
                }
                for (placeholder, _) in &facts.values {
                    assert!(
                        kind.placeholders
                            .iter()
                            .chain(COMMON_PLACEHOLDERS)
                            .any(|(p, _)| p == placeholder),
                        "{}: `{{{placeholder}}}` on a {} claim",
                        path.display(),
                        kind.kind
                    );
                }
                for (edit, _) in &facts.edits {
                    assert!(
                        kind.edits.iter().any(|(e, _)| e == edit),
                        "`{edit}` on a {} claim",
                        kind.kind
                    );
                }
            }
        }
        assert_eq!(
            kinds.len(),
            Kind::ALL.len() - 1,
            "every claim kind but `text` was seen: {kinds:?}"
        );
    }

    #[test]
    fn a_missing_label_is_none_and_every_label_is_a_value() {
        use crate::extract::Label;
        let names = <Option<Label> as FieldValue>::NAMES;
        assert_eq!(names[0], None::<Label>.name());
        assert_eq!(&names[1..], Label::NAMES);
    }
}
