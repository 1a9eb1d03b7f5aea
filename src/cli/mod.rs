//! The command line: argument parsing and the run of each subcommand. `main.rs` only maps the result to an
//! exit code; everything here is testable through the binary.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::check::Checker;
use crate::error::ConfigError;
use crate::layers::Layers;
use crate::report::plural;
use crate::rules::RuleSet;
use crate::schema::SchemaKind;
use crate::source::{self, Document, Format};

use args::{ReferenceArgs, RuleArgs};
use check::{Input, expand, input_error_message};

mod archive;
mod args;
mod check;
mod import;
mod lsp;
mod serve;

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
    /// Check articles (Markdown with front matter, HTML or plain text) against the rules and reference data.
    Check(check::CheckArgs),
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
    Serve(serve::ServeArgs),
    /// Run the language server over standard input and output: diagnostics, quick fixes and evidence on hover
    /// in any editor with an LSP client (see the README's "Editors").
    Lsp(lsp::LspArgs),
    /// Print the claims read from an article: what the rules are given to judge.
    Claims {
        /// The article; `-` reads standard input (as Markdown).
        #[arg(value_name = "FILE")]
        file: String,
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
    /// Load reference data as `check` does (validating it) and compile its reference index into the cache, so that
    /// the next run with the same files opens the index instead of reading the YAML; prints the cache file. DIRs and `--reference` layer as in `reference
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
    Us(import::UsArgs),
    /// "Position held" from Wikidata: SPARQL results (CSV or JSON) or entity dump lines (CC0).
    Wikidata(import::WikidataArgs),
}

#[derive(Subcommand, Debug)]
enum DataCommand {
    /// Ask the Wikidata Query Service who held the positions of a positions file (default: the bundled
    /// `reference-data/sources/wikidata-positions.yaml`) and write reference YAML checked as of today; `--from`
    /// replays a saved answer offline.
    Update(import::UpdateArgs),
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

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(args) => check::check(args),
        Command::Audit(args) => archive::audit(args),
        Command::Test(args) => test_rules(args),
        Command::Rules(args) => list_rules(args),
        Command::Reference(ReferenceCommand::Check { dirs, reference }) => check_reference(&dirs, &reference),
        Command::Reference(ReferenceCommand::Compile { dirs, reference }) => compile_reference(&dirs, &reference),
        Command::Import(ImportCommand::Us(args)) => import::us(&args),
        Command::Import(ImportCommand::Wikidata(args)) => import::wikidata(&args),
        Command::Data(DataCommand::Update(args)) => import::update(&args),
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
        Command::Serve(args) => serve::serve(args),
        Command::Lsp(args) => lsp::lsp(args),
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
fn print_claims(name: &str, format: ClaimsFormat, reference: &Layers) -> u8 {
    let reference = match reference.compiled() {
        Ok(reference) => reference,
        Err(errors) => return report_config_errors(&errors),
    };
    let read = if name == "-" {
        source::read_bounded(io::stdin().lock()).map_err(|e| e.to_string())
    } else {
        std::fs::File::open(name)
            .map_err(|e| e.to_string())
            .and_then(|file| source::read_bounded(file).map_err(|e| e.message))
    };
    let bytes = match read {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("error: {name}: {e}");
            return EXIT_ERROR;
        }
    };
    let document = match Document::from_bytes(name, bytes.clone(), Format::from_path(name)) {
        Ok(doc) => doc,
        Err(e) => {
            eprintln!("{}", input_error_message(name, &bytes, &e));
            return EXIT_ERROR;
        }
    };
    let checker = Checker::compiled(reference, RuleSet::default());
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

fn test_rules(args: TestArgs) -> u8 {
    // The rules under test: RULES_DIR alone, else the bundled rules.
    let rule_layers = Layers::new(args.rules.is_none(), args.rules.iter().cloned().collect());
    let rules = match rule_layers.rules() {
        Ok(rules) => rules,
        Err(errors) => return report_config_errors(&errors),
    };
    let reference = match args.reference.layers().compiled() {
        Ok(reference) => reference,
        Err(errors) => return report_config_errors(&errors),
    };
    let fixture_dir = args
        .fixtures
        .or_else(|| args.rules.as_ref().map(|d| d.join("tests")).filter(|d| d.is_dir()));
    let mut failed_inputs = 0;
    let mut fixtures = Vec::new();
    if let Some(dir) = &fixture_dir {
        let mut unusable = Vec::new();
        let inputs = expand(&[dir.display().to_string()], &mut unusable);
        failed_inputs += unusable.len();
        for input in inputs {
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
    let checker = Checker::compiled(reference, rules);
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
    let rules = match args.rules.layers().rules() {
        Ok(rules) => rules,
        Err(errors) => return report_config_errors(&errors),
    };
    if let Some(dir) = args.write_docs {
        let engine = match crate::engine::Engine::load(&args.rules.layers(), &Layers::default().cached(true)) {
            Ok(engine) => engine,
            Err(errors) => return report_config_errors(&errors),
        };
        for (path, text) in crate::rules::docs::pages(&rules, |rule| engine.example_message(rule)) {
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
    let data = match layers.reference() {
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
    let rules = match layers.rules() {
        Ok(rules) => rules,
        Err(errors) => return report_config_errors(&errors),
    };
    let Some(rule) = rules.get(&id.to_uppercase()) else {
        eprintln!("error: unknown rule `{id}` (see `factlint rules`)");
        return EXIT_ERROR;
    };
    let message = crate::engine::Engine::load(layers, &Layers::default().cached(true))
        .ok()
        .and_then(|engine| engine.example_message(rule));
    print!("{}", crate::rules::docs::markdown(rule, message.as_deref()));
    EXIT_CLEAN
}
