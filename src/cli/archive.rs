//! The archive commands: `check --input jsonl` and `audit`. They read JSON Lines streams through
//! [`crate::stream`] and tally through [`crate::audit`]; this module only wires them to the command line —
//! the options, progress bars, messages and exit codes — reusing `check`'s loading of rules and reference data.

use std::io::{self, BufRead, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use super::args::{ReferenceArgs, RuleArgs, parse_date, rule_ids};
use super::check::{CheckArgs, Input, Loaded, expand, interactive, load_engine, progress_bar};
use super::{EXIT_CLEAN, EXIT_ERROR, exit_code};
use crate::audit::{Audit, MadeBy};
use crate::engine::Scope;
use crate::report::{self, AuditFormat, OutputFormat, plural};
use crate::source::{Document, Format};
use crate::stream::{self, Article, Checked, Lines, RecordOutcome};

#[derive(clap::Args, Debug)]
pub(super) struct AuditArgs {
    /// Directories or article files; `.jsonl`/`.ndjson` files and `-` (standard input) are JSON Lines streams.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<String>,
    /// Audit only this rule (repeat the flag or separate ids with commas; default: every rule).
    #[arg(long = "rule", value_name = "ID", value_delimiter = ',')]
    only: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: AuditFormat,
    /// Check as of this date (a record's own `date` wins; default: the front matter `date`, else today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    date: Option<NaiveDate>,
    /// Rule layers (`factlint.yaml` is not read, so disabled rules are audited).
    #[command(flatten)]
    rules: RuleArgs,
    #[command(flatten)]
    reference: ReferenceArgs,
    /// Read files, and records without a `format`, as this format.
    #[arg(long, value_enum, value_name = "FORMAT")]
    input_format: Option<Format>,
    /// How many of the most frequent matched texts to show per rule.
    #[arg(long, value_name = "N", default_value_t = 10)]
    top: usize,
    /// How many contexts to sample per rule (a pseudo-random choice independent of input order).
    #[arg(long, value_name = "N", default_value_t = 5)]
    samples: usize,
    /// The PATHs hold partial audits (`--format partial`, one a line) to combine into one report.
    #[arg(long, conflicts_with_all = ["only", "date", "rules", "reference", "input_format", "framed"])]
    merge: bool,
    /// Each line of a JSON Lines stream is a frame `{"source", "line", "base64"}` holding a line of another
    /// stream as bytes, named by that stream and line (how the Spark jobs of examples/spark feed a partition).
    #[arg(long, hide_short_help = true)]
    framed: bool,
}

/// A progress bar for a stream on a terminal: by bytes with an ETA when the size is known, else a counter.
fn stream_progress(size: Option<u64>) -> Option<ProgressBar> {
    if !interactive() {
        return None;
    }
    let (bar, template) = match size {
        Some(size) => (ProgressBar::new(size), "{bar:40} {percent:>3}%  {msg}  eta {eta}"),
        None => (ProgressBar::new_spinner(), "{spinner} {msg}  {elapsed}"),
    };
    Some(bar.with_style(ProgressStyle::with_template(template).ok()?))
}

/// A stream's reader that moves a progress bar as it is read, and the bar (on a terminal only).
fn with_progress(reader: Box<dyn BufRead>, size: Option<u64>) -> (Box<dyn BufRead>, Option<ProgressBar>) {
    match stream_progress(size) {
        Some(bar) => (Box::new(bar.wrap_read(reader)), Some(bar)),
        None => (reader, None),
    }
}

/// Opens a JSON Lines input (`-`: standard input), with its size in bytes where known.
fn open_stream(path: &str) -> io::Result<(Box<dyn BufRead>, Option<u64>)> {
    if path == "-" {
        return Ok((Box::new(io::stdin().lock()), None));
    }
    let file = std::fs::File::open(path)?;
    let size = file.metadata().ok().map(|m| m.len());
    Ok((Box::new(io::BufReader::with_capacity(1 << 20, file)), size))
}

/// Problems met along a stream or an archive, said as they come (above any progress bar) and counted.
#[derive(Default)]
struct Problems {
    failed: usize,
    undated: usize,
}

impl Problems {
    /// Opens a stream, or says why it cannot be opened.
    fn open(&mut self, path: &str) -> Option<(Box<dyn BufRead>, Option<u64>)> {
        open_stream(path)
            .map_err(|e| {
                eprintln!("error: {path}: {e}");
                self.failed += 1;
            })
            .ok()
    }

    /// A stream that broke off: the records before the error were checked.
    fn read_to_end(&mut self, path: &str, read: io::Result<()>) {
        if let Err(e) = read {
            eprintln!("error: {path}: cannot read: {e}");
            self.failed += 1;
        }
    }

    fn say(&self, line: &str, bar: Option<&ProgressBar>) {
        match bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    fn note(&mut self, message: Option<String>, checked: Option<&Checked>, bar: Option<&ProgressBar>) {
        if let Some(line) = message {
            self.say(&line, bar);
        }
        match checked {
            None | Some(Checked::Unreadable { .. }) => self.failed += 1,
            Some(Checked::Report { undated: true, .. }) => self.undated += 1,
            Some(Checked::Report { .. }) => {}
        }
    }

    /// Said once at the end, not once per article: an archive without dates would flood the terminal.
    fn finish(&self, today: NaiveDate) {
        if self.undated > 0 {
            eprintln!(
                "note: {} had no date (record `date`, --date or front matter); checked as of today, {today}",
                plural(self.undated, "article")
            );
        }
    }
}

/// The record's outcome as the article it checked, if it was read.
fn checked_of(outcome: &RecordOutcome) -> Option<&Checked> {
    match outcome {
        RecordOutcome::Checked { checked, .. } => Some(checked),
        RecordOutcome::Malformed(_) => None,
    }
}

/// `check --input jsonl`: each record is checked as an article and its findings are written as soon as its
/// batch is done, keyed by the record's `id`, so memory stays bounded whatever the length of the stream.
pub(super) fn check_stream(args: &CheckArgs) -> u8 {
    if args.format.is_some_and(|f| f != OutputFormat::Jsonl) {
        eprintln!(
            "error: --input jsonl writes findings as JSON Lines (--format jsonl); for figures over an archive use `factlint audit`"
        );
        return EXIT_ERROR;
    }
    let per_file_options = [
        (args.fix, "--fix"),
        (args.changed_since.is_some(), "--changed-since"),
        (args.baseline.is_some(), "--baseline"),
        (args.write_baseline.is_some(), "--write-baseline"),
    ];
    if let Some((_, flag)) = per_file_options.into_iter().find(|(given, _)| *given) {
        eprintln!("error: {flag} works on files and cannot be used with --input jsonl");
        return EXIT_ERROR;
    }
    let mut loaded = Loaded::new(args);
    let Ok(config) = loaded.config(Path::new(".")) else {
        return EXIT_ERROR;
    };
    let Ok(engine) = loaded.engine(config.as_deref()) else {
        return EXIT_ERROR;
    };
    // As for standard input, the config is the working directory's; its overrides match a record's `path`.
    let cwd = std::env::current_dir().unwrap_or_default();
    let run = |doc: &Document, as_of| {
        let file = cwd.join(&doc.path);
        let scope = match config.as_deref() {
            Some(config) => Scope::Config { config, file: &file },
            None => Scope::All,
        };
        engine.check(doc, as_of, scope)
    };
    let threshold = args.fail_on;
    let default_format = args.input_format.unwrap_or(Format::Markdown);
    let today = chrono::Local::now().date_naive();
    let mut problems = Problems::default();
    let mut findings = false;
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut written = Ok(());
    for path in &args.paths {
        let Some((reader, size)) = problems.open(path) else {
            continue;
        };
        let (reader, bar) = with_progress(reader, size);
        let mut lines = Lines::new(reader).framed(args.framed);
        let mut articles = 0;
        let read = stream::check_stream(path, &mut lines, default_format, args.date, today, &run, |outcome| {
            problems.note(outcome.message(path), checked_of(&outcome), bar.as_ref());
            if let Some((id, report)) = outcome.report() {
                findings |= report.findings.iter().any(|f| f.severity >= threshold);
                written = report::render_keyed_lines(report, id, &mut out);
                articles += 1;
            }
            if let Some(bar) = &bar {
                show_rate(bar, articles);
            }
            if written.is_ok() {
                ControlFlow::Continue(())
            } else {
                ControlFlow::Break(())
            }
        });
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        problems.read_to_end(path, read);
        if written.is_err() {
            break;
        }
    }
    problems.finish(today);
    if let Err(e) = written.and_then(|()| out.flush())
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        eprintln!("error: cannot write output: {e}");
        return EXIT_ERROR;
    }
    exit_code(problems.failed > 0, findings && !args.exit_zero)
}

/// Files audited together between two progress updates.
const AUDIT_FILE_BATCH: usize = 256;

/// `factlint audit`: the rules over directories and JSON Lines streams, tallied per rule.
pub(super) fn audit(args: AuditArgs) -> u8 {
    if args.merge {
        return merge_audits(&args);
    }
    // The engine is loaded as `check` loads it, with `--rule` as its selection and no config: an audit asks
    // what a rule would flag, including a rule the config has not switched on yet.
    let only = rule_ids(&args.only);
    let Some(engine) = load_engine(&args.rules.layers(), &args.reference.layers(), &only, "--rule") else {
        return EXIT_ERROR;
    };
    let checker = &engine.checker;
    let rules = checker.rules.rules.iter();
    let mut audit = Audit::new(
        rules.map(|r| (r.id.as_str(), r.name.as_str(), r.severity)),
        args.samples,
    );
    let ids: Vec<&str> = checker.rules.rules.iter().map(|r| r.id.as_str()).collect();
    match args.rules.layers().fingerprint(&ids, &args.reference.layers()) {
        Ok(fingerprint) => audit.made_by = Some(MadeBy::this(fingerprint)),
        Err(errors) => {
            super::report_config_errors(&errors);
            return EXIT_ERROR;
        }
    }
    // Suppression checks report on comments about every rule; with `--rule`, only the named rules count.
    let run = |doc: &Document, as_of| {
        let mut checked = checker.check(doc, as_of);
        if !only.is_empty() {
            checked.findings.retain(|f| only.contains(&f.rule));
        }
        checked
    };
    let default_format = args.input_format.unwrap_or(Format::Markdown);
    let today = chrono::Local::now().date_naive();
    let mut problems = Problems::default();
    for path in &args.paths {
        let lower = path.to_ascii_lowercase();
        if path == "-" || lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
            let Some((reader, size)) = problems.open(path) else {
                continue;
            };
            let (reader, bar) = with_progress(reader, size);
            let mut lines = Lines::new(reader).framed(args.framed);
            let read = stream::check_stream(path, &mut lines, default_format, args.date, today, &run, |outcome| {
                problems.note(outcome.message(path), checked_of(&outcome), bar.as_ref());
                if let Some((id, report)) = outcome.report() {
                    audit.add(&id.as_str().map_or_else(|| id.to_string(), str::to_string), report);
                }
                if let Some(bar) = &bar {
                    show_rate(bar, audit.articles);
                }
                ControlFlow::Continue(())
            });
            if let Some(bar) = bar {
                bar.finish_and_clear();
            }
            problems.read_to_end(path, read);
        } else {
            let mut unusable = Vec::new();
            let found = expand(std::slice::from_ref(path), &mut unusable);
            problems.failed += unusable.len();
            let files: Vec<PathBuf> = found
                .into_iter()
                .filter_map(|input| match input {
                    Input::File(file) => Some(file),
                    Input::Stdin => None,
                })
                .collect();
            let bar = progress_bar(files.len());
            for batch in files.chunks(AUDIT_FILE_BATCH) {
                let outcomes: Vec<(String, Result<Checked, String>)> = batch
                    .par_iter()
                    .map(|file| {
                        let name = file.display().to_string();
                        let checked = std::fs::read(file).map_err(|e| e.to_string()).map(|bytes| {
                            let format = args.input_format.unwrap_or_else(|| Format::from_path(&name));
                            let article = Article {
                                path: name.clone(),
                                bytes,
                                format,
                                date: None,
                            };
                            stream::check_article(article, args.date, today, run)
                        });
                        (name, checked)
                    })
                    .collect();
                for (name, checked) in outcomes {
                    let message = match &checked {
                        Err(e) => Some(format!("error: {name}: {e}")),
                        Ok(Checked::Unreadable {
                            position: Some(at),
                            message,
                        }) => Some(format!("error: {name}:{}:{}: {message}", at.line, at.column)),
                        Ok(Checked::Unreadable {
                            position: None,
                            message,
                        }) => Some(format!("error: {name}: {message}")),
                        Ok(Checked::Report { empty: true, .. }) => Some(format!("warning: {name}: no text to check")),
                        Ok(Checked::Report { .. }) => None,
                    };
                    problems.note(message, checked.as_ref().ok(), bar.as_ref());
                    if let Ok(Checked::Report { report, .. }) = &checked {
                        audit.add(&name, report);
                    }
                }
                if let Some(bar) = &bar {
                    bar.inc(batch.len() as u64);
                }
            }
            if let Some(bar) = bar {
                bar.finish_and_clear();
            }
        }
    }
    audit.failed += problems.failed as u64;
    problems.finish(today);
    // A partial counts what could not be read (`failed`) and is whole all the same: it exits 0, so that a
    // distributed job can take any other exit as a failed task, and the merge exits 2 as a single run would.
    print_audit(
        &args,
        &audit,
        problems.failed > 0 && args.format != AuditFormat::Partial,
    )
}

/// Articles per second on a stream's progress bar, updated now and then.
fn show_rate(bar: &ProgressBar, articles: u64) {
    if articles.is_multiple_of(256) {
        let rate = articles as f64 / bar.elapsed().as_secs_f64().max(0.001);
        bar.set_message(format!("{articles} articles, {rate:.0}/s"));
    }
}

/// `factlint audit --merge`: partial audits, one a line, added up into one report.
fn merge_audits(args: &AuditArgs) -> u8 {
    let mut audit = Audit::new([], args.samples);
    let mut failed = false;
    // The maker of the first partial (itself `None` for a partial of an older factlint): every other must match.
    let mut made_by: Option<Option<MadeBy>> = None;
    let mut mixed = None;
    for path in &args.paths {
        if mixed.is_some() {
            break;
        }
        let read = open_stream(path).and_then(|(reader, _)| {
            let mut lines = Lines::new(reader);
            loop {
                let batch = lines.next_batch(1, usize::MAX)?;
                let Some(line) = batch.into_iter().next() else {
                    return Ok(());
                };
                let partial = match &line.bytes {
                    Ok(bytes) => serde_json::from_slice::<Audit>(bytes).map_err(|e| format!(":{}: {e}", line.number)),
                    Err(e) => Err(format!(":{}: {e}", line.number)),
                };
                match partial {
                    Ok(partial) if made_by.as_ref().is_some_and(|m| *m != partial.made_by) => {
                        let theirs = partial
                            .made_by
                            .map_or("an older factlint".to_string(), |m| m.to_string());
                        let ours = made_by
                            .as_ref()
                            .and_then(Option::as_ref)
                            .map_or("an older factlint".to_string(), ToString::to_string);
                        mixed = Some(format!(
                            "error: {path}:{}: this partial audit was made by {theirs}, the ones before it by {ours}: \
                             partial audits of other versions, rules or reference data do not add up (make them all \
                             with the same factlint and the same --rules, --reference and --rule)",
                            line.number
                        ));
                        return Ok(());
                    }
                    Ok(partial) => {
                        made_by = Some(partial.made_by.clone());
                        audit.merge(partial);
                    }
                    Err(message) => {
                        eprintln!(
                            "error: {path}{message} (expected a partial audit: `factlint audit --format partial`)"
                        );
                        failed = true;
                    }
                }
            }
        });
        if let Err(e) = read {
            eprintln!("error: {path}: {e}");
            failed = true;
        }
    }
    if let Some(message) = mixed {
        eprintln!("{message}");
        return EXIT_ERROR;
    }
    // Records the partials could not read make the merged run fail, as they make a single run fail.
    print_audit(args, &audit, failed || audit.failed > 0)
}

fn print_audit(args: &AuditArgs, audit: &Audit, failed: bool) -> u8 {
    let mut out = io::stdout().lock();
    let written = report::render_audit(args.format, audit, args.top, &mut out).and_then(|()| out.flush());
    if let Err(e) = written
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        eprintln!("error: cannot write output: {e}");
        return EXIT_ERROR;
    }
    if failed { EXIT_ERROR } else { EXIT_CLEAN }
}
