//! `factlint import us`, `factlint import wikidata` and `factlint data update`: read the downloaded files (or ask
//! the query service), import, merge, and print or write one reference file; labels that map to no office are
//! summed up on standard error.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;

use super::args::{ReferenceArgs, parse_date};
use super::{EXIT_CLEAN, EXIT_ERROR};
use crate::error::ConfigError;
use crate::import::update::{
    BUNDLED_POSITIONS, BUNDLED_POSITIONS_NAME, PositionsFile, USER_AGENT, UpdateError, WIKIDATA_ENDPOINT, fetch,
};
use crate::import::{
    Described, Known, LeftOut, Provenance, Unmapped, cabinet, congress, merge, reference_yaml, settle, wikidata,
};

#[derive(clap::Args, Debug)]
pub struct UsArgs {
    /// congress-legislators' `executive.yaml`: presidents and vice presidents.
    #[arg(long, value_name = "FILE")]
    executive: PathBuf,
    /// congress-legislators' `legislators-current.yaml`: members of Congress and their leadership roles.
    #[arg(long, value_name = "FILE")]
    legislators_current: Option<PathBuf>,
    /// congress-legislators' `legislators-historical.csv`: former members (no term dates).
    #[arg(long, value_name = "FILE")]
    legislators_historical: Option<PathBuf>,
    /// FiveThirtyEight's `cabinet-turnover.csv`: cabinet-level appointments since 1977.
    #[arg(long, value_name = "FILE")]
    cabinet: Option<PathBuf>,
    /// The date the files were taken: scheduled term ends after it are written as open terms.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    as_of: NaiveDate,
    /// Reference files that define the offices (by title) and people already described (left out).
    #[arg(long, value_name = "FILE", required = true)]
    known: Vec<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct WikidataArgs {
    /// Files of "position held" rows: `.csv` (SPARQL results as CSV), `.json` (SPARQL JSON results) or
    /// `.jsonl`/`.ndjson` (entity dump lines). `FILE@YYYY-MM-DD` says when the file was taken: a term without
    /// an end is in office then, and unknown after.
    #[arg(value_name = "FILE[@DATE]", required = true)]
    files: Vec<String>,
    /// Reference files that define jurisdictions, offices and people already described (left out).
    #[arg(long, value_name = "FILE")]
    known: Vec<PathBuf>,
    /// The date of the import, written as the data's check date: the date of the newest version read (a year
    /// for a version only its content dates).
    #[arg(long, value_name = "YYYY[-MM[-DD]]", value_parser = partial_date)]
    as_of: String,
    /// Leave out rows whose position label matches this regular expression (repeatable): "^ambassador " keeps
    /// an extract's ambassadors out of the reference data.
    #[arg(long, value_name = "REGEX")]
    skip: Vec<regex::Regex>,
}

/// A date known to the day, the month or the year.
fn partial_date(text: &str) -> Result<String, String> {
    crate::reference::PartialDate::parse(text).map(|d| d.to_string())
}

/// Reads a file, or says why not on standard error.
fn read(path: &Path) -> Option<String> {
    std::fs::read_to_string(path)
        .map_err(|e| eprintln!("error: {}: {e}", path.display()))
        .ok()
}

fn load_known(files: &[PathBuf]) -> Option<Known> {
    Known::load(files)
        .map_err(|errors| {
            for e in errors {
                eprintln!("{e}");
            }
        })
        .ok()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

fn report_unmapped(unmapped: &Unmapped) {
    if unmapped.0.is_empty() {
        return;
    }
    let total: usize = unmapped.0.values().sum();
    eprintln!(
        "note: {total} record(s) left out: no known office for {} label(s):",
        unmapped.0.len()
    );
    for (label, count) in &unmapped.0 {
        eprintln!("  {count:>5}  {label}");
    }
}

fn report_left_out(left_out: &LeftOut) {
    eprintln!(
        "note: left out {} people the known files describe, {} term(s) that end before they start, {} term(s) \
         overlapping another holder of a single-holder office.",
        left_out.described, left_out.reversed, left_out.overlapping
    );
}

pub(super) fn us(args: &UsArgs) -> u8 {
    let Some(known) = load_known(&args.known) else {
        return EXIT_ERROR;
    };
    let as_of = args.as_of.to_string();
    let mut unmapped = Unmapped::default();
    let yaml_error = |path: &Path, e| {
        eprintln!("{}", ConfigError::from_yaml(&path.display().to_string(), e));
        EXIT_ERROR
    };
    let csv_error = |path: &Path, e: csv::Error| {
        eprintln!("error: {}: {e}", path.display());
        EXIT_ERROR
    };
    let Some(text) = read(&args.executive) else {
        return EXIT_ERROR;
    };
    let executive = match congress::legislators(&text, &as_of, congress::EXECUTIVE, &known, &mut unmapped) {
        Ok(people) => people,
        Err(e) => return yaml_error(&args.executive, e),
    };
    // A new president's first day ends the previous administration.
    let mut inaugurations: Vec<(String, String)> = executive
        .iter()
        .flat_map(|p| {
            p.terms
                .iter()
                .filter(|t| t.office == "us-president")
                .map(|t| (t.from.clone(), p.name.clone()))
        })
        .collect();
    inaugurations.sort();
    let administration_ends: Vec<String> = inaugurations
        .windows(2)
        .filter(|w| w[0].1 != w[1].1)
        .map(|w| w[1].0.clone())
        .collect();
    let mut sources = vec![executive];
    let mut inputs = vec![file_name(&args.executive)];
    if let Some(path) = &args.legislators_current {
        let Some(text) = read(path) else {
            return EXIT_ERROR;
        };
        match congress::legislators(&text, &as_of, congress::CURRENT, &known, &mut unmapped) {
            Ok(people) => sources.push(people),
            Err(e) => return yaml_error(path, e),
        }
        inputs.push(file_name(path));
    }
    if let Some(path) = &args.legislators_historical {
        let Some(text) = read(path) else {
            return EXIT_ERROR;
        };
        match congress::historical(&text, &as_of, &known, &mut unmapped) {
            Ok(people) => sources.push(people),
            Err(e) => return csv_error(path, e),
        }
        inputs.push(file_name(path));
    }
    if let Some(path) = &args.cabinet {
        let Some(text) = read(path) else {
            return EXIT_ERROR;
        };
        match cabinet::cabinet(&text, &as_of, &administration_ends, &known, &mut unmapped) {
            Ok(people) => sources.push(people),
            Err(e) => return csv_error(path, e),
        }
        inputs.push(file_name(path));
    }
    let mut people = merge(sources);
    let left_out = settle(&mut people, &known, Described::LeaveOut);
    let licence = if args.cabinet.is_some() {
        "CC0-1.0 (congress-legislators); CC-BY-4.0, attribution: FiveThirtyEight (cabinet-turnover)"
    } else {
        "CC0-1.0"
    };
    let command = format!("factlint import us --as-of {as_of}` from `{}", inputs.join(", "));
    let provenance = Provenance {
        command: &command,
        name: "unitedstates/congress-legislators; FiveThirtyEight cabinet-turnover",
        url: "https://github.com/unitedstates/congress-legislators",
        licence,
        checked: &as_of,
        query: None,
    };
    print!("{}", reference_yaml(&provenance, &[], &[], &people));
    report_unmapped(&unmapped);
    report_left_out(&left_out);
    eprintln!("{} people imported.", people.len());
    EXIT_CLEAN
}

/// "united-kingdom-cabinet/holders21.csv": extracts of one layout differ by their folder only.
fn name_in_folder(path: &Path) -> String {
    match path.parent().and_then(Path::file_name) {
        Some(folder) => format!("{}/{}", folder.to_string_lossy(), file_name(path)),
        None => file_name(path),
    }
}

/// The country of an every-politician extract, whose tables name the office but not the country: the
/// jurisdiction of the `meta.json` beside the file ("the United Kingdom" → "United Kingdom").
fn country_beside(path: &Path) -> Option<String> {
    let meta = std::fs::read_to_string(path.with_file_name("meta.json")).ok()?;
    let meta: serde_json::Value = serde_json::from_str(&meta).ok()?;
    let name = meta.pointer("/jurisdiction/name")?.as_str()?;
    Some(name.strip_prefix("the ").unwrap_or(name).to_string())
}

pub(super) fn wikidata(args: &WikidataArgs) -> u8 {
    let known = if args.known.is_empty() {
        Known::default()
    } else {
        let Some(known) = load_known(&args.known) else {
            return EXIT_ERROR;
        };
        known
    };
    let mut world = wikidata::World::default();
    let mut unmapped = Unmapped::default();
    let mut inputs = Vec::new();
    for spec in &args.files {
        let (path, taken) = match spec.rsplit_once('@') {
            Some((path, date)) => match partial_date(date) {
                Ok(date) => (Path::new(path), Some(date)),
                Err(e) => {
                    eprintln!("error: {spec}: {e}");
                    return EXIT_ERROR;
                }
            },
            None => (Path::new(spec.as_str()), None),
        };
        let Some(text) = read(path) else {
            return EXIT_ERROR;
        };
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
        let rows = match extension {
            "csv" => wikidata::rows_from_csv(&text).map_err(|e| e.to_string()),
            "json" => wikidata::rows_from_sparql(&text),
            "jsonl" | "ndjson" => wikidata::rows_from_entities(&text),
            _ => Err("unknown file type (expected .csv, .json, .jsonl or .ndjson)".to_string()),
        };
        let rows = rows.map(|mut rows| {
            rows.retain(|row| !wikidata::position_matches(row, &args.skip));
            if let Some(country) = country_beside(path) {
                wikidata::set_missing_country(&mut rows, &country);
            }
            rows
        });
        match rows {
            Ok(rows) => world.add_rows(&rows, taken.as_deref(), &known, &mut unmapped),
            Err(message) => {
                eprintln!("error: {}: {message}", path.display());
                return EXIT_ERROR;
            }
        }
        inputs.push(match &taken {
            Some(date) => format!("{}@{date}", name_in_folder(path)),
            None => name_in_folder(path),
        });
    }
    let command = format!(
        "factlint import wikidata --as-of {}` from `{}",
        args.as_of,
        inputs.join(", ")
    );
    let provenance = Provenance {
        command: &command,
        name: wikidata::SOURCE,
        url: wikidata::SOURCE_URL,
        licence: wikidata::LICENCE,
        checked: &args.as_of,
        query: None,
    };
    print!(
        "{}",
        wikidata_reference(world, &known, Described::LeaveOut, &unmapped, &provenance)
    );
    EXIT_CLEAN
}

/// The end of every Wikidata import, from files or from the query service: the statements read become terms as
/// of `provenance.checked`, people the known files describe are left out or extended (`described`), and one
/// reference file is written with `provenance` in its header. What was left out and what was imported is said on standard error.
fn wikidata_reference(
    mut world: wikidata::World,
    known: &Known,
    described: Described,
    unmapped: &Unmapped,
    provenance: &Provenance,
) -> String {
    world.finish(crate::reference::PartialDate::parse(provenance.checked).ok());
    let mut people = merge(vec![std::mem::take(&mut world.people)]);
    let left_out = settle(&mut people, known, described);
    let yaml = reference_yaml(provenance, &world.jurisdictions, &world.offices, &people);
    report_unmapped(unmapped);
    report_left_out(&left_out);
    eprintln!(
        "{} people, {} offices and {} jurisdictions imported.",
        people.len(),
        world.offices.len(),
        world.jurisdictions.len()
    );
    yaml
}

#[derive(clap::Args, Debug)]
pub struct UpdateArgs {
    /// The positions to ask about (default: the bundled `reference-data/sources/wikidata-positions.yaml`).
    #[arg(long, value_name = "FILE")]
    positions: Option<PathBuf>,
    /// The SPARQL endpoint to ask.
    #[arg(long, value_name = "URL", default_value = WIKIDATA_ENDPOINT, conflicts_with = "from")]
    endpoint: String,
    /// Read a saved SPARQL JSON answer instead of asking the endpoint (offline, or to replay a run).
    #[arg(long, value_name = "FILE")]
    from: Option<PathBuf>,
    /// Also save the endpoint's answer as it came, to replay it later with `--from`.
    #[arg(long, value_name = "FILE", conflicts_with = "from")]
    save_response: Option<PathBuf>,
    /// Write the reference YAML to FILE (through a temporary file and a rename) instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Give up on the endpoint after this many seconds (connecting, asking and reading the answer).
    #[arg(long, value_name = "SECONDS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    timeout: u64,
    /// The date the answer is taken as of, written as `checked` (default: today, in UTC).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// The User-Agent sent to the endpoint; add a contact (an address or URL) for scheduled runs.
    #[arg(long, value_name = "TEXT", default_value = USER_AGENT)]
    user_agent: String,
    /// The data the result is a layer over (default: the bundled data): its offices are used by item and
    /// title, and the people it already describes are written under their ids there, so that the layer renews
    /// their terms.
    #[command(flatten)]
    reference: ReferenceArgs,
}

/// `factlint data update`.
pub(super) fn update(args: &UpdateArgs) -> u8 {
    match run(args) {
        Ok(()) => EXIT_CLEAN,
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_ERROR
        }
    }
}

fn run(args: &UpdateArgs) -> Result<(), UpdateError> {
    let (positions_name, positions_text) = match &args.positions {
        Some(path) => (path.display().to_string(), read_file(path)?),
        None => (BUNDLED_POSITIONS_NAME.to_string(), BUNDLED_POSITIONS.to_string()),
    };
    let positions = PositionsFile::parse(&positions_name, &positions_text).map_err(UpdateError::Positions)?;
    let query = positions.query();
    let layers = args.reference.layers();
    let known = match layers.reference() {
        Ok(data) => Known::new(&data),
        Err(errors) => {
            for e in &errors {
                eprintln!("error: {e}");
            }
            return Err(UpdateError::Layers(layers.describe("bundled reference data")));
        }
    };
    let answer = match &args.from {
        Some(path) => read_file(path)?,
        None => {
            let answer = fetch(
                &args.endpoint,
                &query,
                &args.user_agent,
                Duration::from_secs(args.timeout),
            )?;
            if let Some(path) = &args.save_response {
                write_file(path, &answer)?;
            }
            answer
        }
    };
    let rows = wikidata::rows_from_sparql(&answer).map_err(|message| match &args.from {
        Some(path) => UpdateError::File {
            path: path.display().to_string(),
            message,
        },
        None => UpdateError::Endpoint {
            endpoint: args.endpoint.clone(),
            message: format!("the answer is not SPARQL JSON results: {message}"),
        },
    })?;
    let as_of = args
        .as_of
        .unwrap_or_else(|| chrono::Utc::now().date_naive())
        .to_string();
    let mut world = wikidata::World::default();
    let mut unmapped = Unmapped::default();
    world.add_rows(&rows, Some(&as_of), &known, &mut unmapped);
    // The command names the positions, not where the answer came from: a replay of a saved answer writes the same
    // file as the run that saved it.
    let positions_file = Path::new(&positions_name)
        .file_name()
        .map_or(positions_name.clone(), |n| n.to_string_lossy().into_owned());
    let command = format!("factlint data update --as-of {as_of} --positions {positions_file}");
    let provenance = Provenance {
        command: &command,
        name: wikidata::SOURCE,
        url: wikidata::SOURCE_URL,
        licence: wikidata::LICENCE,
        checked: &as_of,
        query: Some(&query),
    };
    let yaml = wikidata_reference(world, &known, Described::Extend, &unmapped, &provenance);
    match &args.output {
        Some(path) => write_file(path, &yaml),
        None => {
            print!("{yaml}");
            Ok(())
        }
    }
}

fn read_file(path: &Path) -> Result<String, UpdateError> {
    std::fs::read_to_string(path).map_err(|e| UpdateError::File {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

fn write_file(path: &Path, text: &str) -> Result<(), UpdateError> {
    crate::files::write_atomically(path, text).map_err(|e| UpdateError::File {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}
