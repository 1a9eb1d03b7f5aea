//! The command line: argument parsing and the run of each subcommand. `main.rs` only maps the result to an
//! exit code; everything here is testable through the binary.

use std::collections::{HashMap, HashSet};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use indicatif::{ParallelProgressIterator, ProgressBar, ProgressStyle};
use rayon::prelude::*;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use crate::check::Checker;
use crate::config::Config;
use crate::error::ConfigError;
use crate::layers::{Layers, ReferenceArgs, RuleArgs};
use crate::reference::ReferenceData;
use crate::report::{self, DateOrigin, FileReport, OutputFormat, RuleInfo, Style, Summary, plural};
use crate::rules::{RuleSet, Severity};
use crate::schema::SchemaKind;
use crate::source::{self, Document, Format};
use crate::suppress::{INVALID_SUPPRESSION, UNUSED_SUPPRESSION};

mod archive;

/// Exit codes: nothing at or above the fail level, findings, or a usage/config/input error.
pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

#[derive(Parser, Debug)]
#[command(name = "factlint", version, about = "Fact-check and consistency checker for news articles", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check articles (Markdown with front matter, or plain text) against the rules and reference data.
    Check(CheckArgs),
    /// What each rule flags across an archive: hits, hits per 1,000 articles, frequent texts, sampled contexts.
    Audit(archive::AuditArgs),
    /// Run every rule's examples and the annotated fixtures in RULES_DIR/tests.
    Test(TestArgs),
    /// List the rules.
    Rules(RulesArgs),
    /// Work with reference data.
    #[command(subcommand)]
    Reference(ReferenceCommand),
    /// Turn public data into reference YAML (printed on standard output).
    #[command(subcommand)]
    Import(ImportCommand),
    /// Refresh reference data from public sources: `data update` asks the Wikidata Query Service who held a
    /// declared set of positions and writes reference YAML to use as a `--reference` layer (see the README's
    /// "Refreshing the data" for a schedule).
    #[command(subcommand)]
    Data(DataCommand),
    /// Print the JSON Schema of rule, reference or config files (for yaml-language-server).
    Schema {
        #[arg(value_enum)]
        kind: SchemaKind,
    },
    /// Serve the checks over HTTP: a JSON API for a CMS and an editor page at `/`.
    Serve(crate::serve::ServeArgs),
    /// Print the claims read from an article: what the rules are given to judge.
    Claims {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[arg(long, value_enum, default_value = "human")]
        format: ClaimsFormat,
        #[command(flatten)]
        reference: ReferenceArgs,
    },
    /// Print a rule's documentation.
    Explain {
        /// A rule id, such as FL101.
        id: String,
        #[command(flatten)]
        rules: RuleArgs,
    },
}

#[derive(Subcommand, Debug)]
enum ReferenceCommand {
    /// Validate reference data (default: the bundled data): ids, terms, overlaps, aliases. DIRs are validated
    /// alone, in order, each over the ones before; `--reference` adds layers over the bundled data, as `check`
    /// loads them.
    Check {
        #[arg(value_name = "DIR")]
        dirs: Vec<PathBuf>,
        #[command(flatten)]
        reference: ReferenceArgs,
    },
    /// Load reference data as `check` does (validating it) and write its compiled cache, so that the next run
    /// with the same files skips the YAML; prints the cache file. DIRs and `--reference` layer as in `reference
    /// check`. The cache directory is `$FACTLINT_CACHE_DIR`, else the platform's user cache directory.
    Compile {
        #[arg(value_name = "DIR")]
        dirs: Vec<PathBuf>,
        #[command(flatten)]
        reference: ReferenceArgs,
    },
}

#[derive(Subcommand, Debug)]
enum ImportCommand {
    /// US presidents, vice presidents, members of Congress with leadership roles (congress-legislators, CC0) and
    /// cabinet members (FiveThirtyEight cabinet-turnover, CC BY 4.0).
    Us(crate::import::commands::UsArgs),
    /// "Position held" from Wikidata: SPARQL results (CSV or JSON) or entity dump lines (CC0).
    Wikidata(crate::import::commands::WikidataArgs),
}

#[derive(Subcommand, Debug)]
enum DataCommand {
    /// Ask the Wikidata Query Service who held the positions of a positions file (default: the bundled
    /// `reference-data/sources/wikidata-positions.yaml`) and write reference YAML checked as of today; `--from`
    /// replays a saved answer offline.
    Update(crate::import::update::UpdateArgs),
}

#[derive(clap::Args, Debug)]
struct TestArgs {
    /// Rules directory (default: the bundled rules, examples only).
    #[arg(value_name = "RULES_DIR")]
    rules: Option<PathBuf>,
    #[command(flatten)]
    reference: ReferenceArgs,
    /// Fixture articles (default: RULES_DIR/tests when it exists).
    #[arg(long, value_name = "DIR")]
    fixtures: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
struct RulesArgs {
    #[command(flatten)]
    rules: RuleArgs,
    /// Write the rules' documentation pages into DIR (`rules/<ID>.md`, `rules/README.md`, `rule-fields.md`).
    #[arg(long, value_name = "DIR")]
    write_docs: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// Files or directories to check; `-` reads standard input.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<String>,
    /// Check as of this date (default: the front matter `date`, else today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    date: Option<NaiveDate>,
    /// Output format [default: human; jsonl with --input jsonl]
    #[arg(long, value_enum)]
    format: Option<OutputFormat>,
    /// What the PATHs hold: articles and directories of them, or JSON Lines streams of article records
    /// `{id, text, format?, date?, path?}` whose findings are written as JSON Lines keyed by `id`.
    #[arg(long, value_enum, default_value = "files", value_name = "KIND")]
    input: InputKind,
    #[command(flatten)]
    rules: RuleArgs,
    #[command(flatten)]
    reference: ReferenceArgs,
    /// Exit with 1 when a finding has at least this severity.
    #[arg(long, value_enum, default_value = "warning", value_name = "SEVERITY")]
    fail_on: FailOn,
    /// Read files as this format instead of guessing from the extension (standard input defaults to Markdown).
    #[arg(long, value_enum, value_name = "FORMAT")]
    input_format: Option<InputFormat>,
    /// Only run these rules (repeat the flag or separate ids with commas).
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    select: Vec<String>,
    /// Apply the safe fixes to the files (atomically); the report shows what is left.
    #[arg(long)]
    fix: bool,
    /// With --fix, also apply fixes that may be wrong in context (such as inserting "former").
    #[arg(long, requires = "fix")]
    unsafe_fixes: bool,
    /// With --fix, print the changes as a diff and write nothing.
    #[arg(long, requires = "fix")]
    dry_run: bool,
    /// Report only findings on lines changed since this git revision (untracked files count as all changed).
    #[arg(long, value_name = "GIT_REF")]
    changed_since: Option<String>,
    /// Leave out the findings accepted in this baseline file.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record every current finding as accepted in this baseline file (and report none of them).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
    /// Use this config file instead of looking for `factlint.yaml` above each file.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore any `factlint.yaml`.
    #[arg(long)]
    no_config: bool,
    /// When to colour human output.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum InputKind {
    Files,
    Jsonl,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Note,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum InputFormat {
    Markdown,
    Text,
    Html,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl FailOn {
    fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Note => Severity::Note,
        }
    }
}

impl InputFormat {
    fn format(self) -> Format {
        match self {
            InputFormat::Markdown => Format::Markdown,
            InputFormat::Text => Format::Text,
            InputFormat::Html => Format::Html,
        }
    }
}

pub(crate) fn parse_date_arg(value: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| format!("`{value}` is not a valid date (expected YYYY-MM-DD)"))
}

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(args) => check(args),
        Command::Audit(args) => archive::audit(args),
        Command::Test(args) => test_rules(args),
        Command::Rules(args) => list_rules(args),
        Command::Reference(ReferenceCommand::Check { dirs, reference }) => check_reference(&dirs, &reference),
        Command::Reference(ReferenceCommand::Compile { dirs, reference }) => compile_reference(&dirs, &reference),
        Command::Import(ImportCommand::Us(args)) => crate::import::commands::us(&args),
        Command::Import(ImportCommand::Wikidata(args)) => crate::import::commands::wikidata(&args),
        Command::Data(DataCommand::Update(args)) => crate::import::update::update(&args),
        Command::Schema { kind } => {
            print!("{}", crate::schema::schema(kind));
            EXIT_CLEAN
        }
        Command::Explain { id, rules } => explain(&id, &rules.layers()),
        Command::Claims {
            file,
            format,
            reference,
        } => print_claims(&file, format, &reference.layers()),
        Command::Serve(args) => crate::serve::run(args),
    };
    ExitCode::from(code)
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum ClaimsFormat {
    Human,
    Json,
}

/// `factlint claims`: one line a claim (position, kind, text as written, what was read), or the whole extraction
/// as JSON.
fn print_claims(path: &Path, format: ClaimsFormat, reference: &Layers) -> u8 {
    let reference = match load_reference(reference) {
        Ok(reference) => reference,
        Err(errors) => return report_config_errors(&errors),
    };
    let name = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("error: {name}: {e}");
            return EXIT_ERROR;
        }
    };
    let document = match Document::from_bytes(&name, bytes.clone(), Format::from_path(&name)) {
        Ok(doc) => doc,
        Err(e) => {
            eprintln!("{}", input_error_message(&name, &bytes, &e));
            return EXIT_ERROR;
        }
    };
    let checker = Checker::new(reference, RuleSet::default());
    let extraction = checker.extract(&document);
    let text = match format {
        ClaimsFormat::Json => serde_json::to_string_pretty(&extraction).unwrap_or_default() + "\n",
        ClaimsFormat::Human => {
            let mut out = String::new();
            for claim in &extraction.claims {
                let at = document.position(claim.span.start);
                let details = match serde_json::to_value(&claim.kind) {
                    Ok(serde_json::Value::Object(fields)) => fields
                        .iter()
                        .filter(|(key, _)| !key.ends_with("span") && key.as_str() != "kind")
                        .map(|(key, value)| match value {
                            serde_json::Value::String(s) => format!("{key}={s:?}"),
                            other => format!("{key}={other}"),
                        })
                        .collect::<Vec<_>>()
                        .join(" "),
                    _ => String::new(),
                };
                out.push_str(&format!(
                    "{name}:{}:{}  {:<11} “{}”  {details}\n",
                    at.line,
                    at.column,
                    claim.kind.name(),
                    document.slice(claim.span)
                ));
            }
            out
        }
    };
    print!("{text}");
    EXIT_CLEAN
}

fn report_config_errors(errors: &[ConfigError]) -> u8 {
    for e in errors {
        eprintln!("error: {e}");
    }
    EXIT_ERROR
}

pub(crate) fn load_rules(layers: &Layers) -> Result<RuleSet, Vec<ConfigError>> {
    layers.rules()
}

pub(crate) fn load_reference(layers: &Layers) -> Result<ReferenceData, Vec<ConfigError>> {
    layers.reference()
}

/// One input to check: a file path or standard input.
enum Input {
    Stdin,
    File(PathBuf),
}

/// Expands directories into the articles they hold, sorted, so output is the same on every run.
fn expand(paths: &[String], errors: &mut usize) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        if path == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let p = PathBuf::from(path);
        if p.is_dir() {
            let mut found = Vec::new();
            walk(&p, &mut found, errors);
            found.sort();
            inputs.extend(found.into_iter().map(Input::File));
        } else if p.exists() {
            inputs.push(Input::File(p));
        } else {
            // A link loop or a dangling link says why; a missing path says so plainly.
            match std::fs::symlink_metadata(&p).and_then(|_| std::fs::metadata(&p)) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => eprintln!("error: {path}: {e}"),
                _ => eprintln!("error: {path}: no such file or directory"),
            }
            *errors += 1;
        }
    }
    inputs
}

/// Articles below `dir`: `.md`, `.markdown`, `.txt`, `.text`, `.html`, `.htm` files, honouring `.gitignore` and `.ignore`, skipping
/// hidden entries and not following symbolic links (so a link loop cannot trap the walk).
fn walk(dir: &Path, found: &mut Vec<PathBuf>, errors: &mut usize) {
    let walker = ignore::WalkBuilder::new(dir)
        .follow_links(false)
        .require_git(false)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                let article = path.extension().is_some_and(|x| {
                    ["md", "markdown", "txt", "text", "html", "htm"]
                        .contains(&x.to_string_lossy().to_lowercase().as_str())
                });
                if is_file && article {
                    found.push(path.to_path_buf());
                } else if article
                    && entry.path_is_symlink()
                    && let Err(e) = std::fs::metadata(path)
                {
                    // Links are not followed, but one that leads nowhere (a loop, no target) is a broken article.
                    eprintln!("error: {}: broken symbolic link: {e}", path.display());
                    *errors += 1;
                }
            }
            Err(e) => {
                eprintln!("error: {e}");
                *errors += 1;
            }
        }
    }
}

/// A per-file problem as `error: path:line:column: message`, with the place computed from the bytes.
fn input_error_message(path: &str, bytes: &[u8], error: &source::SourceError) -> String {
    match error.position(bytes) {
        Some(at) => format!("error: {path}:{}:{}: {}", at.line, at.column, error.message),
        None => format!("error: {path}: {}", error.message),
    }
}

/// The rule and reference layers a checker is built from.
type Dirs = (Layers, Layers);

/// What `check` loads once and reuses across files: configs by path, checkers by rule and reference dirs.
/// A config or directory that fails to load is reported once and remembered as failed.
struct Loaded<'a> {
    args: &'a CheckArgs,
    configs: HashMap<PathBuf, Option<Arc<Config>>>,
    checkers: HashMap<Dirs, Option<Arc<Checker>>>,
    validated: HashSet<(PathBuf, Layers)>,
}

impl Loaded<'_> {
    /// The config that applies to a file in `dir`: `--config`, else the nearest `factlint.yaml`, unless `--no-config`.
    fn config(&mut self, dir: &Path) -> Result<Option<Arc<Config>>, ()> {
        if self.args.no_config {
            return Ok(None);
        }
        let Some(path) = self.args.config.clone().or_else(|| Config::discover(dir)) else {
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

    fn checker(&mut self, config: Option<&Config>) -> Result<Arc<Checker>, ()> {
        let rules_dir = self.args.rules.layers_with(config);
        let reference_dir = self.args.reference.layers_with(config);
        let select = &self.args.select;
        let key = (rules_dir.clone(), reference_dir.clone());
        let checker = self
            .checkers
            .entry(key)
            .or_insert_with(|| {
                let rules = load_rules(&rules_dir).map_err(|e| report_config_errors(&e)).ok()?;
                let unknown: Vec<&String> = select.iter().filter(|id| rules.get(id).is_none()).collect();
                for id in &unknown {
                    eprintln!("error: --select: unknown rule `{id}` (see `factlint rules`)");
                }
                if !unknown.is_empty() {
                    return None;
                }
                let rules = if select.is_empty() { rules } else { rules.only(select) };
                let reference = load_reference(&reference_dir)
                    .map_err(|e| report_config_errors(&e))
                    .ok()?;
                Some(Arc::new(Checker::new(reference, rules)))
            })
            .clone()
            .ok_or(())?;
        if let Some(config) = config
            && let Some(path) = &config.path
            && self.validated.insert((path.clone(), rules_dir.clone()))
        {
            let all = load_rules(&rules_dir).unwrap_or_default();
            let known = |id: &str| all.get(id).is_some() || id == UNUSED_SUPPRESSION.0 || id == INVALID_SUPPRESSION.0;
            if let Err(errors) = config.validate(known) {
                report_config_errors(&errors);
                self.configs.insert(path.clone(), None);
                return Err(());
            }
        }
        Ok(checker)
    }
}

fn check(args: CheckArgs) -> u8 {
    if args.input == InputKind::Jsonl {
        return archive::check_stream(&args);
    }
    let mut loaded = Loaded {
        args: &args,
        configs: HashMap::new(),
        checkers: HashMap::new(),
        validated: HashSet::new(),
    };
    // Without a config, a broken rule or reference directory is an error before any file is read.
    let configless = args.no_config || args.config.is_none() && Config::discover(Path::new(".")).is_none();
    if configless && loaded.checker(None).is_err() {
        return EXIT_ERROR;
    }

    let mut failed = 0;
    let mut jobs = Vec::new();
    for input in expand(&args.paths, &mut failed) {
        let (dir, file) = match &input {
            Input::Stdin => (
                PathBuf::from("."),
                std::env::current_dir().unwrap_or_default().join("-"),
            ),
            Input::File(p) => (
                p.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf),
                p.canonicalize().unwrap_or_else(|_| p.clone()),
            ),
        };
        let Ok(config) = loaded.config(&dir) else {
            failed += 1;
            continue;
        };
        let Ok(checker) = loaded.checker(config.as_deref()) else {
            failed += 1;
            continue;
        };
        let source = match &input {
            Input::Stdin => match source::read_bounded(io::stdin().lock()) {
                Ok(bytes) => Source::Stdin(bytes),
                Err(e) => {
                    eprintln!("error: -: {e}");
                    failed += 1;
                    continue;
                }
            },
            Input::File(p) => Source::File(p.clone()),
        };
        jobs.push(Job {
            source,
            file,
            config,
            checker,
        });
    }

    // Files are checked in parallel; their output is printed in input order, so runs are deterministic.
    let outcomes: Vec<Outcome> = match progress_bar(jobs.len()) {
        Some(bar) => {
            let outcomes = jobs
                .par_iter()
                .progress_with(bar.clone())
                .map(|job| check_one(&args, job))
                .collect();
            bar.finish_and_clear();
            outcomes
        }
        None => jobs.par_iter().map(|job| check_one(&args, job)).collect(),
    };
    let mut reports = Vec::new();
    let mut failures = Vec::new();
    let mut fix_count = 0;
    let mut stdout = io::stdout().lock();
    for outcome in outcomes {
        for line in &outcome.messages {
            eprintln!("{line}");
        }
        let _ = stdout.write_all(outcome.output.as_bytes());
        failed += usize::from(outcome.failed);
        failures.extend(outcome.failure);
        fix_count += outcome.fixed;
        reports.extend(outcome.report);
    }
    drop(stdout);

    if let Some(rev) = &args.changed_since {
        for report in &mut reports {
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
    }
    if let Some(path) = &args.write_baseline
        && let Err(e) = crate::baseline::write(path, &reports)
    {
        eprintln!("error: {}: cannot write the baseline: {e}", path.display());
        return EXIT_ERROR;
    }
    if let Some(path) = args.baseline.as_ref().or(args.write_baseline.as_ref()) {
        match crate::baseline::Baseline::load(path) {
            Ok(baseline) => {
                let accepted = baseline.filter(&mut reports);
                if accepted > 0 {
                    eprintln!(
                        "{} accepted in {} not reported.",
                        plural(accepted, "finding"),
                        path.display()
                    );
                }
            }
            Err(message) => {
                eprintln!("error: --baseline: {message}");
                return EXIT_ERROR;
            }
        }
    }

    let summary = Summary::of(&reports, failed);
    if args.fix {
        let verb = if args.dry_run { "Would fix" } else { "Fixed" };
        eprintln!("{verb} {}.", plural(fix_count, "finding"));
        if args.dry_run || reports.iter().any(|r| r.document.path == "-") {
            // The diff or the fixed text is the output; a report would be mixed into it.
            return exit_code(failed > 0, args.dry_run && fix_count > 0);
        }
    }
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let mut out = io::stdout().lock();
    let rules = rule_infos(&loaded);
    let written = report::render(
        args.format.unwrap_or(OutputFormat::Human),
        &reports,
        &failures,
        &rules,
        summary,
        Style {
            color,
            fail_on: args.fail_on.severity(),
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

    let threshold = args.fail_on.severity();
    let findings = reports
        .iter()
        .flat_map(|r| &r.findings)
        .any(|f| f.severity >= threshold);
    exit_code(failed > 0, findings)
}

/// A progress bar for long runs on a terminal; none when standard error is piped or in CI.
fn progress_bar(files: usize) -> Option<ProgressBar> {
    const AT_LEAST: usize = 200;
    if files < AT_LEAST || !interactive() {
        return None;
    }
    let style = ProgressStyle::with_template("{bar:40} {pos}/{len} files  {per_sec}  eta {eta}").ok()?;
    Some(ProgressBar::new(files as u64).with_style(style))
}

/// Progress is shown only to a person: standard error is a terminal and this is not a CI run.
fn interactive() -> bool {
    io::stderr().is_terminal() && std::env::var_os("CI").is_none()
}

/// Where a job's article comes from.
enum Source {
    Stdin(Vec<u8>),
    File(PathBuf),
}

/// One article to check, with the config and checker that apply to it.
struct Job {
    source: Source,
    /// The canonical path globs in the config are matched against.
    file: PathBuf,
    config: Option<Arc<Config>>,
    checker: Arc<Checker>,
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
    failure: Option<report::Failure>,
    fixed: usize,
}

fn check_one(args: &CheckArgs, job: &Job) -> Outcome {
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
                outcome.failure = Some(report::Failure {
                    path: p.display().to_string(),
                    message: e,
                });
                return outcome;
            }
        },
    };
    let format = match (args.input_format, &job.source) {
        (Some(format), _) => format.format(),
        (None, Source::Stdin(_)) => Format::Markdown,
        (None, Source::File(_)) => Format::from_path(&path),
    };
    let document = match Document::from_bytes(&path, bytes.clone(), format) {
        Ok(doc) => doc,
        Err(e) => {
            outcome.messages.push(input_error_message(&path, &bytes, &e));
            outcome.failed = true;
            outcome.failure = Some(report::Failure {
                path: path.clone(),
                message: e.to_string(),
            });
            return outcome;
        }
    };
    if document.is_empty() {
        outcome.messages.push(format!("warning: {path}: no text to check"));
        outcome.report = Some(FileReport {
            document,
            as_of: args.date.unwrap_or_default(),
            date_origin: DateOrigin::Option,
            findings: Vec::new(),
            suppressed: 0,
        });
        return outcome;
    }
    let (as_of, date_origin) = match (args.date, document.metadata.date) {
        (Some(date), _) => (date, DateOrigin::Option),
        (None, Some(date)) => (date, DateOrigin::FrontMatter),
        (None, None) => {
            let today = chrono::Local::now().date_naive();
            outcome.messages.push(format!(
                "note: {path}: no date given (--date or front matter `date`); checking as of today, {today}"
            ));
            (today, DateOrigin::Today)
        }
    };
    let run = |document: &Document| match job.config.as_deref() {
        Some(config) => config.check(&job.checker, document, as_of, &job.file),
        None => job.checker.check(document, as_of),
    };
    let mut checked = run(&document);
    let mut document = document;
    if args.fix {
        let fixed = crate::fix::apply(&document.text, &checked.findings, args.unsafe_fixes);
        if !fixed.applied.is_empty() {
            let written = match (&job.source, args.dry_run) {
                (_, true) => {
                    outcome.output = crate::fix::diff(&path, &document.text, &fixed.text);
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
                    outcome
                        .messages
                        .push(format!("error: {path}: cannot write the fixes: {e}"));
                    outcome.failed = true;
                }
                Ok(()) => {
                    outcome.fixed = fixed.applied.len();
                    // What is left is reported against the fixed text, so every position is current.
                    if let (false, Ok(fixed_doc)) = (args.dry_run, Document::parse(&path, fixed.text, format)) {
                        document = fixed_doc;
                        checked = run(&document);
                    }
                }
            }
        }
    }
    outcome.report = Some(FileReport {
        document,
        as_of,
        date_origin,
        findings: checked.findings,
        suppressed: checked.suppressed,
    });
    outcome
}

fn test_rules(args: TestArgs) -> u8 {
    // The rules under test: RULES_DIR alone, else the bundled rules.
    let rule_layers = Layers::new(args.rules.is_none(), args.rules.iter().cloned().collect());
    let rules = match load_rules(&rule_layers) {
        Ok(rules) => rules,
        Err(errors) => return report_config_errors(&errors),
    };
    let reference = match load_reference(&args.reference.layers()) {
        Ok(reference) => reference,
        Err(errors) => return report_config_errors(&errors),
    };
    let fixture_dir = args
        .fixtures
        .or_else(|| args.rules.as_ref().map(|d| d.join("tests")).filter(|d| d.is_dir()));
    let mut failed_inputs = 0;
    let mut fixtures = Vec::new();
    if let Some(dir) = &fixture_dir {
        for input in expand(&[dir.display().to_string()], &mut failed_inputs) {
            let Input::File(path) = input else { continue };
            let name = path.display().to_string();
            match std::fs::read(&path) {
                Ok(bytes) => match Document::from_bytes(&name, bytes.clone(), Format::from_path(&name)) {
                    Ok(doc) => fixtures.push(doc),
                    Err(e) => {
                        eprintln!("{}", input_error_message(&name, &bytes, &e));
                        failed_inputs += 1;
                    }
                },
                Err(e) => {
                    eprintln!("error: {name}: {e}");
                    failed_inputs += 1;
                }
            }
        }
    }
    let checker = Checker::new(reference, rules);
    let outcomes = crate::testing::run(&checker, &fixtures, chrono::Local::now().date_naive());
    let mut out = io::stdout().lock();
    let mut failed = 0;
    for outcome in &outcomes {
        let verdict = if outcome.passed() { "PASS" } else { "FAIL" };
        let _ = writeln!(
            out,
            "{verdict} {} {} ({}, {})",
            outcome.id,
            outcome.name,
            plural(outcome.examples, "example"),
            plural(outcome.fixtures, "fixture")
        );
        for failure in &outcome.failures {
            let _ = writeln!(out, "    {failure}");
        }
        failed += usize::from(!outcome.passed());
    }
    let _ = writeln!(out, "rules: {} passed, {failed} failed", outcomes.len() - failed);
    exit_code(failed_inputs > 0, failed > 0)
}

/// Every rule of every checker used, by id, then the built-in ones.
fn rule_infos(loaded: &Loaded) -> Vec<RuleInfo> {
    let mut infos: Vec<RuleInfo> = Vec::new();
    for checker in loaded.checkers.values().flatten() {
        for rule in &checker.rules.rules {
            if !infos.iter().any(|i| i.id == rule.id) {
                infos.push(RuleInfo::of(rule));
            }
        }
    }
    infos.sort_by(|a, b| a.id.cmp(&b.id));
    infos.extend(RuleInfo::builtin());
    infos
}

/// An error wins over findings; findings over a clean run.
fn exit_code(error: bool, findings: bool) -> u8 {
    if error {
        EXIT_ERROR
    } else if findings {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn list_rules(args: RulesArgs) -> u8 {
    let rules = match load_rules(&args.rules.layers()) {
        Ok(rules) => rules,
        Err(errors) => return report_config_errors(&errors),
    };
    if let Some(dir) = args.write_docs {
        for (path, text) in crate::rules::docs::pages(&rules) {
            let path = dir.join(path);
            let written = path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::write(&path, text));
            if let Err(e) = written {
                eprintln!("error: {}: {e}", path.display());
                return EXIT_ERROR;
            }
        }
        return EXIT_CLEAN;
    }
    for rule in &rules.rules {
        println!(
            "{:<7} {:<8} {:<12} {:<38} {}",
            rule.id, rule.severity, rule.applies_to, rule.name, rule.docs.summary
        );
    }
    EXIT_CLEAN
}

/// The layers of `reference check` and `reference compile`: DIRs alone, or the bundled data, then `--reference`.
fn reference_command_layers(dirs: &[PathBuf], args: &ReferenceArgs) -> Layers {
    Layers::new(dirs.is_empty() && !args.no_default_reference, dirs.to_vec())
        .with(args.reference.clone())
        .cached(!args.no_cache)
}

fn compile_reference(dirs: &[PathBuf], args: &ReferenceArgs) -> u8 {
    let layers = reference_command_layers(dirs, args);
    let Some(dir) = crate::reference::cache::dir() else {
        eprintln!(
            "error: no cache directory: set {} (or HOME)",
            crate::reference::cache::DIR_VAR
        );
        return EXIT_ERROR;
    };
    match layers.compile_reference(&dir) {
        Ok(path) => {
            println!("{}", path.display());
            EXIT_CLEAN
        }
        Err(crate::layers::CompileError::Data(errors)) => report_config_errors(&errors),
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_ERROR
        }
    }
}

fn check_reference(dirs: &[PathBuf], args: &ReferenceArgs) -> u8 {
    let layers = reference_command_layers(dirs, args);
    let data = match load_reference(&layers) {
        Ok(data) => data,
        Err(errors) => return report_config_errors(&errors),
    };
    let terms: usize = data.people.iter().map(|p| p.terms.len()).sum();
    println!(
        "{}: {}, {}, {} ({}), {}, {}: ok",
        layers.describe("bundled reference data"),
        plural(data.jurisdictions.len(), "jurisdiction"),
        plural(data.offices.len(), "office"),
        if data.people.len() == 1 {
            "1 person".to_string()
        } else {
            format!("{} people", data.people.len())
        },
        plural(terms, "term"),
        plural(data.statistics.len(), "statistic"),
        plural(data.events.len(), "event"),
    );
    EXIT_CLEAN
}

fn explain(id: &str, layers: &Layers) -> u8 {
    let rules = match load_rules(layers) {
        Ok(rules) => rules,
        Err(errors) => return report_config_errors(&errors),
    };
    let Some(rule) = rules.get(&id.to_uppercase()) else {
        eprintln!("error: unknown rule `{id}` (see `factlint rules`)");
        return EXIT_ERROR;
    };
    print!("{}", crate::rules::docs::markdown(rule));
    EXIT_CLEAN
}
