//! `factlint check` on files: the inputs expanded, each file's config and engine found (loaded once per config
//! and layers), the files checked in parallel, then the run narrowed in a fixed order — lines changed since a
//! revision, then the baseline — and printed in input order.

use std::collections::{HashMap, HashSet};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use clap::ValueEnum;
use indicatif::{ParallelProgressIterator, ProgressBar, ProgressStyle};
use rayon::prelude::*;

use super::args::{ReferenceArgs, RuleArgs, parse_date, rule_ids};
use super::{EXIT_ERROR, exit_code, report_config_errors};
use crate::config::Config;
use crate::engine::{DateOrigin, Engine, FileReport, RuleInfo, Scope};
use crate::layers::Layers;
use crate::report::{self, Failure, OutputFormat, Style, Summary, plural};
use crate::rules::Severity;
use crate::source::{self, Document, Format};

#[derive(clap::Args, Debug)]
pub(super) struct CheckArgs {
    /// Files or directories to check; `-` reads standard input.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<String>,
    /// Check as of this date (default: the front matter `date`, else today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// Output format [default: human; jsonl with --input jsonl]
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,
    /// What the PATHs hold: articles and directories of them, or JSON Lines streams of article records
    /// `{id, text, format?, date?, path?}` whose findings are written as JSON Lines keyed by `id`.
    #[arg(long, value_enum, default_value = "files", value_name = "KIND")]
    pub input: InputKind,
    #[command(flatten)]
    pub rules: RuleArgs,
    #[command(flatten)]
    pub reference: ReferenceArgs,
    /// Exit with 1 when a finding has at least this severity.
    #[arg(long, value_enum, default_value = "warning", value_name = "SEVERITY")]
    pub fail_on: Severity,
    /// Exit 0 even when there are findings (as ruff's `--exit-zero`): a non-zero exit then only means that
    /// something could not be checked (2), for pipelines that retry or fail on any non-zero exit.
    #[arg(long)]
    pub exit_zero: bool,
    /// With --input jsonl: each line is a frame `{"source", "line", "base64"}` holding a line of another stream
    /// as bytes, named by that stream and line (how the Spark jobs of examples/spark feed a partition).
    #[arg(long, hide_short_help = true)]
    pub framed: bool,
    /// Read files as this format instead of guessing from the extension (standard input defaults to Markdown).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<Format>,
    /// Only run these rules (repeat the flag or separate ids with commas; any case).
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Apply the safe fixes to the files (atomically); the report shows what is left.
    #[arg(long)]
    pub fix: bool,
    /// With --fix, also apply fixes that may be wrong in context (such as inserting "former").
    #[arg(long, requires = "fix")]
    pub unsafe_fixes: bool,
    /// With --fix, print the changes as a diff and write nothing.
    #[arg(long, requires = "fix")]
    pub dry_run: bool,
    /// Report only findings on lines changed since this git revision (untracked files count as all changed).
    #[arg(long, value_name = "GIT_REF")]
    pub changed_since: Option<String>,
    /// Leave out the findings accepted in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record every current finding as accepted in this baseline file (and report none of them).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Use this config file instead of looking for `factlint.yaml` above each file.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any `factlint.yaml`.
    #[arg(long)]
    pub no_config: bool,
    /// When to colour human output.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum InputKind {
    Files,
    Jsonl,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(super) enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// One input to check: a file path or standard input.
pub(super) enum Input {
    Stdin,
    File(PathBuf),
}

/// The inputs named on the command line, expanded, and those that cannot be checked, each with the line that says
/// so on standard error.
pub(super) struct Expanded {
    inputs: Vec<Input>,
    unusable: Vec<(Failure, String)>,
}

impl Expanded {
    /// Expands directories into the articles they hold, sorted, so output is the same on every run; a path that
    /// cannot be checked is kept with its message, not yet said.
    pub(super) fn of(paths: &[String]) -> Expanded {
        let mut expanded = Expanded {
            inputs: Vec::new(),
            unusable: Vec::new(),
        };
        for path in paths {
            if path == "-" {
                expanded.inputs.push(Input::Stdin);
                continue;
            }
            let p = PathBuf::from(path);
            if p.is_dir() {
                let mut found = Vec::new();
                walk(&p, &mut found, &mut expanded.unusable);
                found.sort_by_cached_key(|path| in_path_order(path));
                expanded.inputs.extend(found.into_iter().map(Input::File));
            } else if let Ok(meta) = std::fs::metadata(&p) {
                // Reading a named pipe, a device or a socket may wait forever or never end; a walk skips them too.
                if meta.is_file() {
                    expanded.inputs.push(Input::File(p));
                } else {
                    let kind = source::special_file_kind(&meta);
                    let message = format!("{kind}, not a regular file; use `-` for standard input");
                    expanded.unusable.push(unusable(path, message));
                }
            } else {
                // A link loop or a dangling link says why; a missing path says so plainly.
                let message = match std::fs::symlink_metadata(&p).and_then(|_| std::fs::metadata(&p)) {
                    Err(e) if e.kind() != io::ErrorKind::NotFound => e.to_string(),
                    _ => "no such file or directory".to_string(),
                };
                expanded.unusable.push(unusable(path, message));
            }
        }
        expanded
    }

    /// Says on standard error which paths cannot be checked, adds them to `failures`, and gives the inputs.
    pub(super) fn report(self, failures: &mut Vec<Failure>) -> Vec<Input> {
        for (failure, line) in self.unusable {
            eprintln!("{line}");
            failures.push(failure);
        }
        self.inputs
    }
}

/// Expands directories into the articles they hold ([`Expanded::of`]); a path that cannot be checked is said on
/// standard error and added to `failures`, for the reports that list them.
pub(super) fn expand(paths: &[String], failures: &mut Vec<Failure>) -> Vec<Input> {
    Expanded::of(paths).report(failures)
}

/// A path that cannot be checked, and the line that says so.
fn unusable(path: &str, message: String) -> (Failure, String) {
    let line = format!("error: {path}: {message}");
    let failure = Failure {
        path: path.to_string(),
        message,
    };
    (failure, line)
}

/// A key that orders paths as they order themselves, component by component: each component's bytes and a zero
/// byte, which no component holds. Paths compared as paths parse their components at every comparison, which
/// cost more than the walk that found them.
fn in_path_order(path: &Path) -> Vec<u8> {
    let mut key = Vec::with_capacity(path.as_os_str().len() + 8);
    for component in path.components() {
        key.extend_from_slice(component.as_os_str().as_encoded_bytes());
        key.push(0);
    }
    key
}

/// Articles below `dir` (files with one of [`Format::EXTENSIONS`]), honouring `.gitignore` and `.ignore`,
/// skipping hidden entries and not following symbolic links (so a link loop cannot trap the walk).
fn walk(dir: &Path, found: &mut Vec<PathBuf>, unusable_paths: &mut Vec<(Failure, String)>) {
    let walker = ignore::WalkBuilder::new(dir)
        .follow_links(false)
        .require_git(false)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                let article = Format::is_article(path);
                if is_file && article {
                    found.push(path.to_path_buf());
                } else if article
                    && entry.path_is_symlink()
                    && let Err(e) = std::fs::metadata(path)
                {
                    // Links are not followed, but one that leads nowhere (a loop, no target) is a broken article.
                    let message = format!("broken symbolic link: {e}");
                    unusable_paths.push(unusable(&path.display().to_string(), message));
                }
            }
            Err(e) => {
                let failure = Failure {
                    path: dir.display().to_string(),
                    message: e.to_string(),
                };
                unusable_paths.push((failure, format!("error: {e}")));
            }
        }
    }
}

/// A per-file problem as `error: path:line:column: message`, with the place computed from the bytes.
pub(super) fn input_error_message(path: &str, bytes: &[u8], error: &source::SourceError) -> String {
    match error.position(bytes) {
        Some(at) => format!("error: {path}:{}:{}: {}", at.line, at.column, error.message),
        None => format!("error: {path}: {}", error.message),
    }
}

/// The rule and reference layers an engine is built from.
type Dirs = (Layers, Layers);

/// What `check` loads once and reuses across files: configs by path, engines by rule and reference layers.
/// A config or layer that fails to load is reported once and remembered as failed.
pub(super) struct Loaded<'a> {
    args: &'a CheckArgs,
    configs: HashMap<PathBuf, Option<Arc<Config>>>,
    /// The config file found for each directory a file was in: one search per directory, not per file.
    discovered: HashMap<PathBuf, Option<PathBuf>>,
    engines: HashMap<Dirs, Option<Arc<Engine>>>,
    validated: HashSet<(PathBuf, Layers)>,
}

impl<'a> Loaded<'a> {
    pub(super) fn new(args: &'a CheckArgs) -> Loaded<'a> {
        Loaded {
            args,
            configs: HashMap::new(),
            discovered: HashMap::new(),
            engines: HashMap::new(),
            validated: HashSet::new(),
        }
    }

    /// The config that applies to a file in `dir`: `--config`, else the nearest `factlint.yaml`, unless `--no-config`.
    pub(super) fn config(&mut self, dir: &Path) -> Result<Option<Arc<Config>>, ()> {
        if self.args.no_config {
            return Ok(None);
        }
        let discovered = || {
            self.discovered
                .entry(dir.to_path_buf())
                .or_insert_with(|| Config::discover(dir))
                .clone()
        };
        let Some(path) = self.args.config.clone().or_else(discovered) else {
            return Ok(None);
        };
        let entry = self
            .configs
            .entry(path.clone())
            .or_insert_with(|| match Config::load(&path) {
                Ok(config) => Some(Arc::new(config)),
                Err(errors) => {
                    report_config_errors(&errors);
                    None
                }
            });
        entry.clone().map(Some).ok_or(())
    }

    /// The engine for files under `config`, running the `--select`ed rules; a config is validated against the
    /// rules it will be used with, once.
    pub(super) fn engine(&mut self, config: Option<&Config>) -> Result<Arc<Engine>, ()> {
        let rules_dir = self.args.rules.layers_with(config);
        let reference_dir = self.args.reference.layers_with(config);
        let select = rule_ids(&self.args.select);
        let key = (rules_dir.clone(), reference_dir.clone());
        let engine = self
            .engines
            .entry(key)
            .or_insert_with(|| load_engine(&rules_dir, &reference_dir, &select, "--select").map(Arc::new))
            .clone()
            .ok_or(())?;
        if let Some(config) = config
            && let Some(path) = &config.path
            && self.validated.insert((path.clone(), rules_dir))
            && let Err(errors) = config.validate(|id| engine.knows(id))
        {
            report_config_errors(&errors);
            self.configs.insert(path.clone(), None);
            return Err(());
        }
        Ok(engine)
    }

    /// Every rule of every engine used, by id, then the built-in ones.
    fn rule_infos(&self) -> Vec<RuleInfo> {
        let mut infos: Vec<RuleInfo> = Vec::new();
        for engine in self.engines.values().flatten() {
            for rule in &engine.rules {
                if !infos.iter().any(|i| i.id == rule.id) {
                    infos.push(rule.clone());
                }
            }
        }
        let builtin = RuleInfo::builtin();
        infos.retain(|info| !builtin.contains(info));
        infos.sort_by(|a, b| a.id.cmp(&b.id));
        infos.extend(builtin);
        infos
    }
}

/// The engine of these layers running the `selected` rules (all when none are); errors are printed, an unknown
/// rule id blamed on `flag`.
pub(super) fn load_engine(rules: &Layers, reference: &Layers, selected: &[String], flag: &str) -> Option<Engine> {
    let engine = Engine::load(rules, reference)
        .map_err(|e| report_config_errors(&e))
        .ok()?;
    let unknown = engine.unknown(selected);
    for id in &unknown {
        eprintln!("error: {flag}: unknown rule `{id}` (see `factlint rules`)");
    }
    unknown.is_empty().then(|| engine.select(selected))
}

pub(super) fn check(args: CheckArgs) -> u8 {
    if args.input == InputKind::Jsonl {
        return super::archive::check_stream(&args);
    }
    if let Some(rev) = &args.changed_since
        && let Err(message) = crate::changes::verify_revision(Path::new("."), rev)
    {
        eprintln!("error: --changed-since: {message}");
        return EXIT_ERROR;
    }
    // The rules and reference data live until the process ends, which frees them at once: dropping them piece by
    // piece took longer than printing a one-draft report.
    let mut loaded = std::mem::ManuallyDrop::new(Loaded::new(&args));
    // Without a config, a broken rule or reference directory is an error before any file is read.
    let configless = args.no_config || args.config.is_none() && Config::discover(Path::new(".")).is_none();
    // A directory is walked while the engine loads: the two take about as long, and neither needs the other.
    let (engine_loaded, expanded) = std::thread::scope(|scope| {
        let walking = args
            .paths
            .iter()
            .any(|p| Path::new(p).is_dir())
            .then(|| scope.spawn(|| Expanded::of(&args.paths)));
        let engine_loaded = !configless || loaded.engine(None).is_ok();
        let expanded = match walking {
            Some(walking) => walking.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            None => Expanded::of(&args.paths),
        };
        (engine_loaded, expanded)
    });
    if !engine_loaded {
        return EXIT_ERROR;
    }

    let mut failed = 0;
    let mut failures = Vec::new();
    let jobs = jobs(&mut loaded, expanded, &mut failed, &mut failures);
    // Files are checked in parallel; their output is printed in input order, so runs are deterministic.
    let today = chrono::Local::now().date_naive();
    let outcomes: Vec<Outcome> = match progress_bar(jobs.len()) {
        Some(bar) => {
            let outcomes = jobs
                .par_iter()
                .progress_with(bar.clone())
                .map(|job| check_one(&args, job, today))
                .collect();
            bar.finish_and_clear();
            outcomes
        }
        // One draft, the common case of an editor or a hook, is checked without starting a thread pool.
        None if jobs.len() == 1 => jobs.iter().map(|job| check_one(&args, job, today)).collect(),
        None => jobs.par_iter().map(|job| check_one(&args, job, today)).collect(),
    };
    let mut reports = Vec::new();
    let mut fix_count = 0;
    let mut unwritten = false;
    let mut stdout = io::stdout().lock();
    for outcome in outcomes {
        for line in &outcome.messages {
            eprintln!("{line}");
        }
        let _ = stdout.write_all(outcome.output.as_bytes());
        failed += usize::from(outcome.failed);
        failures.extend(outcome.failure);
        unwritten |= outcome.unwritten;
        fix_count += outcome.fixed;
        reports.extend(outcome.report);
    }
    drop(stdout);

    // The run is narrowed in this order: to the lines changed since a revision, then past the baseline (which
    // records what is left after the first), so a baseline written on a narrowed run accepts exactly what it saw.
    if let Some(rev) = &args.changed_since {
        failed += keep_changed_lines(&mut reports, rev);
    }
    if let Err(code) = apply_baseline(&args, &mut reports) {
        return code;
    }

    let summary = Summary::of(&reports, failed);
    if args.fix {
        let verb = if args.dry_run { "Would fix" } else { "Fixed" };
        eprintln!("{verb} {}.", plural(fix_count, "finding"));
        if args.dry_run {
            // The diff is the output; a report would be mixed into it.
            return exit_code(failed > 0 || unwritten, fix_count > 0 && !args.exit_zero);
        }
        if reports.iter().any(|r| r.document.path == "-") {
            // The fixed text is the output; what is left goes to standard error, one line a finding, and decides
            // the exit code as it would without `--fix`.
            let mut err = io::stderr().lock();
            let _ = report::render(
                OutputFormat::Concise,
                &reports,
                &failures,
                &[],
                summary,
                Style::default(),
                &mut err,
            );
            return exit_code(
                failed > 0 || unwritten,
                fails(&reports, args.fail_on) && !args.exit_zero,
            );
        }
    }
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let mut out = io::stdout().lock();
    let written = report::render(
        args.format.unwrap_or(OutputFormat::Human),
        &reports,
        &failures,
        &loaded.rule_infos(),
        summary,
        Style {
            color,
            fail_on: args.fail_on,
        },
        &mut out,
    )
    .and_then(|()| out.flush());
    if let Err(e) = written
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        eprintln!("error: cannot write output: {e}");
        return EXIT_ERROR;
    }

    exit_code(
        failed > 0 || unwritten,
        fails(&reports, args.fail_on) && !args.exit_zero,
    )
}

/// Whether a finding is at or above the `--fail-on` severity.
fn fails(reports: &[FileReport], fail_on: Severity) -> bool {
    reports.iter().flat_map(|r| &r.findings).any(|f| f.severity >= fail_on)
}

/// One job per input, with the config and engine that apply to it; inputs that cannot be used are counted in
/// `failed`, and those that are no article to read are listed in `failures` too.
fn jobs(loaded: &mut Loaded, expanded: Expanded, failed: &mut usize, failures: &mut Vec<Failure>) -> Vec<Job> {
    let mut jobs = Vec::new();
    let inputs = expanded.report(failures);
    *failed += failures.len();
    for input in inputs {
        let dir = match &input {
            Input::Stdin => PathBuf::from("."),
            Input::File(p) => p.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        };
        let Ok(config) = loaded.config(&dir) else {
            *failed += 1;
            continue;
        };
        let Ok(engine) = loaded.engine(config.as_deref()) else {
            *failed += 1;
            continue;
        };
        let source = match &input {
            Input::Stdin => match source::read_bounded(io::stdin().lock()) {
                Ok(bytes) => Source::Stdin(bytes),
                Err(e) => {
                    eprintln!("error: -: {e}");
                    *failed += 1;
                    continue;
                }
            },
            Input::File(p) => Source::File(p.clone()),
        };
        jobs.push(Job { source, config, engine });
    }
    jobs
}

/// Keeps the findings on lines changed since `rev`; returns the number of files whose changes git could not
/// tell.
fn keep_changed_lines(reports: &mut [FileReport], rev: &str) -> usize {
    let mut failed = 0;
    for report in reports {
        if report.document.path == "-" {
            continue;
        }
        match crate::changes::changed_lines(Path::new(&report.document.path), rev) {
            Ok(changed) => {
                let doc = &report.document;
                report
                    .findings
                    .retain(|f| changed.contains(doc.position(f.span.start).line));
            }
            Err(message) => {
                eprintln!("error: --changed-since: {message}");
                failed += 1;
            }
        }
    }
    failed
}

/// Writes the baseline when asked, then leaves out the findings a baseline accepts; the exit code when either
/// fails.
fn apply_baseline(args: &CheckArgs, reports: &mut [FileReport]) -> Result<(), u8> {
    if let Some(path) = &args.write_baseline
        && let Err(e) = crate::baseline::write(path, reports)
    {
        eprintln!("error: {}: cannot write the baseline: {e}", path.display());
        return Err(EXIT_ERROR);
    }
    let Some(path) = args.baseline.as_ref().or(args.write_baseline.as_ref()) else {
        return Ok(());
    };
    match crate::baseline::Baseline::load(path) {
        Ok(baseline) => {
            let accepted = baseline.filter(reports);
            if accepted > 0 {
                eprintln!(
                    "{} accepted in {} not reported.",
                    plural(accepted, "finding"),
                    path.display()
                );
            }
            Ok(())
        }
        Err(message) => {
            eprintln!("error: --baseline: {message}");
            Err(EXIT_ERROR)
        }
    }
}

/// A progress bar for long runs on a terminal; none when standard error is piped or in CI.
pub(super) fn progress_bar(files: usize) -> Option<ProgressBar> {
    const AT_LEAST: usize = 200;
    if files < AT_LEAST || !interactive() {
        return None;
    }
    let style = ProgressStyle::with_template("{bar:40} {pos}/{len} files  {per_sec}  eta {eta}").ok()?;
    Some(ProgressBar::new(files as u64).with_style(style))
}

/// Progress is shown only to a person: standard error is a terminal and this is not a CI run.
pub(super) fn interactive() -> bool {
    io::stderr().is_terminal() && std::env::var_os("CI").is_none()
}

/// Where a job's article comes from.
enum Source {
    Stdin(Vec<u8>),
    File(PathBuf),
}

/// One article to check, with the config and engine that apply to it.
struct Job {
    source: Source,
    config: Option<Arc<Config>>,
    engine: Arc<Engine>,
}

impl Job {
    /// The canonical path globs in the config are matched against. Found only where a config applies, and on
    /// the job's own thread: resolving every link of every path took a serial share of a configless run.
    fn canonical_path(&self) -> PathBuf {
        match &self.source {
            Source::Stdin(_) => std::env::current_dir().unwrap_or_default().join("-"),
            Source::File(p) => p.canonicalize().unwrap_or_else(|_| p.clone()),
        }
    }
}

/// What checking one article produced, printed by the caller in input order.
#[derive(Default)]
struct Outcome {
    /// Lines for standard error.
    messages: Vec<String>,
    /// Text for standard output before the report (diffs, fixed standard input).
    output: String,
    report: Option<FileReport>,
    failed: bool,
    /// The file that could not be read or decoded, for the report.
    failure: Option<Failure>,
    /// Checked and reported, but its fixes could not be written: an error, not a file left unchecked.
    unwritten: bool,
    fixed: usize,
}

fn check_one(args: &CheckArgs, job: &Job, today: NaiveDate) -> Outcome {
    let mut outcome = Outcome::default();
    let (path, bytes) = match &job.source {
        Source::Stdin(bytes) => ("-".to_string(), bytes.clone()),
        Source::File(p) => match std::fs::File::open(p)
            .map_err(|e| e.to_string())
            .and_then(|file| source::read_bounded(file).map_err(|e| e.message))
        {
            Ok(bytes) => (p.display().to_string(), bytes),
            Err(e) => {
                outcome.messages.push(format!("error: {}: {e}", p.display()));
                outcome.failed = true;
                outcome.failure = Some(Failure {
                    path: p.display().to_string(),
                    message: e,
                });
                return outcome;
            }
        },
    };
    let format = match (args.input_format, &job.source) {
        (Some(format), _) => format,
        (None, Source::Stdin(_)) => Format::Markdown,
        (None, Source::File(_)) => Format::from_path(&path),
    };
    let document = match Document::from_bytes(&path, bytes.clone(), format) {
        Ok(doc) => doc,
        Err(e) => {
            outcome.messages.push(input_error_message(&path, &bytes, &e));
            outcome.failed = true;
            outcome.failure = Some(Failure {
                path: path.clone(),
                message: e.to_string(),
            });
            return outcome;
        }
    };
    let canonical;
    let scope = match job.config.as_deref() {
        Some(config) => {
            canonical = job.canonical_path();
            Scope::Config {
                config,
                file: &canonical,
            }
        }
        None => Scope::All,
    };
    let mut report = job.engine.report(document, args.date, today, scope);
    if report.document.is_empty() {
        outcome.messages.push(format!("warning: {path}: no text to check"));
    } else if report.date_origin == DateOrigin::Today {
        outcome.messages.push(format!(
            "note: {path}: no date given (--date or front matter `date`); checking as of today, {today}"
        ));
    }
    if args.fix {
        let fixed = crate::fix::apply(&report.document.text, &report.findings, args.unsafe_fixes);
        if !fixed.applied.is_empty() {
            let written = match (&job.source, args.dry_run) {
                (_, true) => {
                    outcome.output = crate::fix::diff(&path, &report.document.text, &fixed.text);
                    Ok(())
                }
                (Source::Stdin(_), false) => {
                    outcome.output = fixed.text.clone();
                    Ok(())
                }
                (Source::File(p), false) => crate::fix::rewrite_in_place(p, &fixed.text),
            };
            match written {
                Err(e) => {
                    outcome.messages.push(format!(
                        "error: {path}: checked, but the fixes could not be written: {e}"
                    ));
                    outcome.unwritten = true;
                }
                Ok(()) => {
                    outcome.fixed = fixed.applied.len();
                    // What is left is reported against the fixed text, so every position is current.
                    if let (false, Ok(fixed_doc)) = (args.dry_run, Document::parse(&path, fixed.text, format)) {
                        let checked = job.engine.check(&fixed_doc, report.as_of, scope);
                        report.document = fixed_doc;
                        report.findings = checked.findings;
                        report.suppressed = checked.suppressed;
                    }
                }
            }
        }
    }
    outcome.report = Some(report);
    outcome
}
