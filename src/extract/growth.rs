//! Growth of each stage of a check with the size of an article: a repetitive article four times longer must take
//! at most about six times as long in every stage (linear work takes four; a quadratic stage sixteen). Times of
//! 1× and 4× are compared within one test run, alternately, so a busy machine slows both alike.

use std::time::Instant;

use chrono::NaiveDate;

use super::{Sentences, dates, figures, people, quotes, spelling};
use crate::check::Checker;
use crate::deadline::Deadline;
use crate::reference::ReferenceData;
use crate::rules::RuleSet;
use crate::source::{Document, Format, Span};

/// A paragraph for every stage: a role with a label, a date, figures, a quote with its speaker, an attribution,
/// a misspelt name (written in every paragraph, so a form of its own, but still compared), and a suppression comment with the finding it suppresses.
const UNIT: &str = "Former U.S. President Donald Trump spoke on Friday, May 16, 2025, in Abu Dhabi. \
“We will win,” Trump said. The three ministers met 41,000 residents, according to the census bureau. \
Secretary Rubio and President Trmup arrived with two aides. Experts say a deal is near.\n\n\
<!-- factlint-disable-next-line FL101 -- quoted -->\nFormer U.S. President Donald Trump spoke.\n\n";

const REPEATS: usize = 200;

fn article(times: usize) -> Document {
    let text = format!("---\ndate: 2025-05-16\n---\n\n{}", UNIT.repeat(REPEATS * times));
    Document::parse("growth.md", text, Format::Markdown).unwrap()
}

/// An article with what each stage takes besides it, computed once.
struct Input {
    doc: Document,
    sentences: Sentences,
    mentions: Vec<people::Mention>,
    surnames: Vec<people::UsedSurname>,
    findings: Vec<crate::finding::Finding>,
}

impl Input {
    fn new(checker: &Checker, times: usize) -> Input {
        let doc = article(times);
        let sentences = Sentences::split(&doc, Deadline::NEVER).unwrap();
        let (mentions, surnames) = people::mentions(&doc, &checker.lexicon, &checker.reference);
        let rules: Vec<_> = checker.rules.rules.iter().collect();
        let findings = checker.check_with(&doc, as_of(), &rules);
        Input {
            doc,
            sentences,
            mentions,
            surnames,
            findings,
        }
    }
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 5, 16).unwrap()
}

type Stage = fn(&Checker, &Input);

/// Every stage of a check, by name; each drops its result.
const STAGES: [(&str, Stage); 11] = [
    ("source", |_, i| {
        drop(Document::parse("growth.md", i.doc.text.clone(), Format::Markdown))
    }),
    ("sentences", |_, i| drop(Sentences::split(&i.doc, Deadline::NEVER))),
    ("people", |c, i| {
        drop(people::mentions(&i.doc, &c.lexicon, &c.reference))
    }),
    ("roles", |c, i| {
        drop(people::roles(&i.doc, &c.lexicon, &i.mentions, &i.sentences))
    }),
    ("dates", |_, i| drop(dates::dates(&i.doc, &i.sentences))),
    ("figures", |_, i| {
        drop(figures::figures(&i.doc, &i.sentences, &[] as &[Span]))
    }),
    ("quotes", |_, i| drop(quotes::quotes(&i.doc, &i.sentences, &i.mentions))),
    ("attributions", |_, i| drop(quotes::attributions(&i.doc, &i.sentences))),
    ("spelling", |c, i| {
        drop(spelling::near_misses(
            &i.doc,
            &i.sentences,
            &i.mentions,
            &i.surnames,
            &c.lexicon,
            &c.reference,
        ))
    }),
    ("suppression", |_, i| {
        drop(crate::suppress::apply(&i.doc, i.findings.clone(), |_| true))
    }),
    ("check", |c, i| drop(c.check(&i.doc, as_of()))),
];

/// The time of one run of `stage` on each input, in seconds: the fastest of three samples, the samples of the two
/// alternating so that a busy moment of the machine slows both. A sample repeats the stage until it lasts some
/// 10 ms at 1×, so that a time slice lost to another process is a small part of it (and a stage over the ratio is
/// timed again: see the test).
fn fastest(checker: &Checker, stage: Stage, inputs: [&Input; 2]) -> [f64; 2] {
    let time = |input: &Input, runs: u32| {
        let started = Instant::now();
        for _ in 0..runs {
            stage(checker, input);
        }
        started.elapsed().as_secs_f64() / f64::from(runs)
    };
    let runs = (0.01 / time(inputs[0], 1)).ceil().clamp(1.0, 1000.0) as u32;
    let mut best = [f64::INFINITY; 2];
    for _ in 0..3 {
        for (input, best) in inputs.iter().zip(&mut best) {
            *best = best.min(time(input, runs));
        }
    }
    best
}

#[test]
fn every_stage_grows_linearly_with_the_article() {
    let reference = ReferenceData::from_files(&crate::bundled::files(crate::bundled::REFERENCE_DATA)).unwrap();
    let rules = RuleSet::from_files(&crate::bundled::files(crate::bundled::RULES)).unwrap();
    let checker = Checker::new(reference, rules);
    let (one, four) = (Input::new(&checker, 1), Input::new(&checker, 4));
    // The article has what each stage reads, so no stage is timed on nothing.
    let checked = checker.check(&one.doc, as_of());
    let rules: std::collections::BTreeSet<&str> = checked.findings.iter().map(|f| f.rule.as_str()).collect();
    assert!(checked.suppressed >= REPEATS, "{}", checked.suppressed);
    for rule in ["FL101", "FL402"] {
        assert!(rules.contains(rule), "{rule} not found: {rules:?}");
    }
    // Each stage with its ratio and its time at 1×, for the message. A stage over the ratio is timed again, up to
    // three times: a busy moment of a shared machine can slow one measurement, a quadratic stage is slow every time.
    let ratios: Vec<(&str, f64, f64)> = STAGES
        .iter()
        .map(|(name, stage)| {
            let mut best = (*name, f64::INFINITY, 0.0);
            for _ in 0..3 {
                let [small, large] = fastest(&checker, *stage, [&one, &four]);
                if large / small < best.1 {
                    best = (*name, large / small, small);
                }
                if best.1 <= 6.0 {
                    break;
                }
            }
            best
        })
        .collect();
    for (stage, ratio, _) in &ratios {
        assert!(
            *ratio <= 6.0,
            "{stage} took {ratio:.1}× as long on 4× the article: {ratios:?}"
        );
    }
}
