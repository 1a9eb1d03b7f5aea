//! `factlint data update`: the reference data of a declared set of positions, refreshed from the Wikidata Query
//! Service. Files go stale the day they are written (an open term is evidence for a year after its `checked`), so
//! a newsroom needs one command it can schedule: it reads which positions to ask about from a small strict YAML
//! file, asks the query service for who held them and when, and writes reference YAML through the same code as
//! `factlint import wikidata`, dated the day of the run. The answer can be saved and replayed offline (`--from`),
//! so a refresh can be reproduced, reviewed and tested without the network.

use std::time::Duration;

use serde::Deserialize;
use serde_saphyr::Spanned;
use thiserror::Error;

use crate::error::ConfigError;

/// Where Wikidata answers SPARQL queries.
pub const WIKIDATA_ENDPOINT: &str = "https://query.wikidata.org/sparql";

/// The positions refreshed when `--positions` names no other file: heads of state and government, ministers of
/// a few countries, US governors and the heads of international organisations.
pub const BUNDLED_POSITIONS: &str = include_str!("../../reference-data/sources/wikidata-positions.yaml");
pub const BUNDLED_POSITIONS_NAME: &str = "reference-data/sources/wikidata-positions.yaml";

/// The query service refuses clients that do not say who they are; this names the program and where to read
/// about it. `--user-agent` adds a newsroom's contact, as the service's policy asks of frequent clients.
pub const USER_AGENT: &str = concat!(
    "factlint/",
    env!("CARGO_PKG_VERSION"),
    " (reference data refresh; factlint data update)"
);

/// An answer larger than this is not a list of office holders: it is refused rather than held in memory.
const MAX_RESPONSE_BYTES: u64 = 256 * 1024 * 1024;

/// The positions file: which offices to refresh, by Wikidata item.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PositionsFile {
    /// Leave out terms that ended before this year: the positions' whole history is rarely news.
    #[serde(default)]
    pub ended_since: Option<i32>,
    pub positions: Vec<Spanned<Position>>,
}

/// One position by its Wikidata item, or every position that is an instance of a class (each US state's
/// governorship is an item of its own, all instances of "governor of a US state"), and a name for the reader of
/// the file (the data takes its labels from Wikidata).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Position {
    #[serde(default)]
    pub item: Option<Spanned<String>>,
    #[serde(default)]
    pub instances_of: Option<Spanned<String>>,
    #[serde(default)]
    pub name: Option<String>,
}

/// Why a refresh could not be made. Each names the file or endpoint it is about, on one line.
#[derive(Debug, Error)]
pub enum UpdateError {
    #[error("{0}")]
    Positions(ConfigError),
    #[error("{path}: {message}")]
    File { path: String, message: String },
    #[error("{0}: cannot be read as the data the result is a layer over")]
    Layers(String),
    #[error("{endpoint}: {message}")]
    Endpoint { endpoint: String, message: String },
}

impl PositionsFile {
    /// Reads a positions file strictly: an unknown key or an item that is not `Q` and digits is refused with
    /// its place.
    pub fn parse(name: &str, text: &str) -> Result<PositionsFile, ConfigError> {
        let file: PositionsFile = crate::yaml::from_str(text).map_err(|e| ConfigError::from_yaml(name, e))?;
        if file.positions.is_empty() {
            return Err(ConfigError::new(name, 0, 0, "no positions to ask about"));
        }
        for position in &file.positions {
            let item = match (&position.value.item, &position.value.instances_of) {
                (Some(item), None) | (None, Some(item)) => item,
                _ => {
                    let (line, column) = place(position);
                    return Err(ConfigError::new(
                        name,
                        line,
                        column,
                        "a position needs one of `item` (a position) or `instances-of` (a class of positions)",
                    ));
                }
            };
            if !is_item(&item.value) {
                let (line, column) = place(item);
                return Err(ConfigError::new(
                    name,
                    line,
                    column,
                    format!("`{}` is not a Wikidata item (Q followed by digits)", item.value),
                ));
            }
        }
        Ok(file)
    }

    /// The SPARQL query for every statement of "position held" (P39) of these positions, with start (P580) and
    /// end (P582) at their precision, the person, and the country: the position's country (P17), else what it
    /// applies to (P1001), which is the organisation for an international office. Labels come from the label
    /// service in English, named as the importer reads them (`personLabel`, `positionLabel`, `countryLabel`).
    pub fn query(&self) -> String {
        let listed = |pick: fn(&Position) -> Option<&Spanned<String>>| -> String {
            let items: Vec<String> = self
                .positions
                .iter()
                .filter_map(|p| pick(&p.value))
                .map(|item| format!("wd:{}", item.value))
                .collect();
            items.join(" ")
        };
        let items = listed(|p| p.item.as_ref());
        let classes = listed(|p| p.instances_of.as_ref());
        let by_item = format!("VALUES ?position {{ {items} }}");
        let by_class = format!("VALUES ?class {{ {classes} }} ?position wdt:P31 ?class .");
        let positions = match (items.is_empty(), classes.is_empty()) {
            (false, true) => by_item,
            (true, false) => by_class,
            _ => format!("{{ {by_item} }} UNION {{ {by_class} }}"),
        };
        let ended_since = self.ended_since.map_or(String::new(), |year| {
            format!("  FILTER(!BOUND(?end) || YEAR(?end) >= {year})\n")
        });
        format!(
            "SELECT ?person ?personLabel ?position ?positionLabel ?country ?countryLabel \
             ?start ?startPrecision ?end ?endPrecision WHERE {{
  {positions}
  ?person p:P39 ?statement .
  ?statement ps:P39 ?position ;
             pqv:P580 [ wikibase:timeValue ?start ; wikibase:timePrecision ?startPrecision ] .
  OPTIONAL {{ ?statement pqv:P582 [ wikibase:timeValue ?end ; wikibase:timePrecision ?endPrecision ] . }}
  OPTIONAL {{ ?position wdt:P17 ?state . }}
  OPTIONAL {{ ?position wdt:P1001 ?jurisdiction . }}
  BIND(COALESCE(?state, ?jurisdiction) AS ?country)
  FILTER NOT EXISTS {{ ?statement wikibase:rank wikibase:DeprecatedRank . }}
{ended_since}  SERVICE wikibase:label {{ bd:serviceParam wikibase:language \"en\" . }}
}}
ORDER BY ?position ?start ?person
"
        )
    }
}

/// Line and column of a value in the positions file.
fn place<T>(at: &Spanned<T>) -> (usize, usize) {
    (at.referenced.line() as usize, at.referenced.column() as usize)
}

fn is_item(text: &str) -> bool {
    text.len() > 1 && text.starts_with('Q') && text[1..].bytes().all(|b| b.is_ascii_digit())
}

/// Asks `endpoint` the query (a form POST, which has no length limit, unlike a URL) for SPARQL JSON results.
pub fn fetch(endpoint: &str, query: &str, user_agent: &str, timeout: Duration) -> Result<String, UpdateError> {
    let failed = |message: String| UpdateError::Endpoint {
        endpoint: endpoint.to_string(),
        message,
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(timeout))
        .user_agent(user_agent)
        .build()
        .into();
    let mut response = agent
        .post(endpoint)
        .header("Accept", "application/sparql-results+json")
        .send_form([("query", query)])
        .map_err(|e| failed(one_line(&e.to_string())))?;
    let status = response.status();
    if status != ureq::http::StatusCode::OK {
        return Err(failed(format!("the endpoint answered HTTP {status}")));
    }
    response
        .body_mut()
        .with_config()
        .limit(MAX_RESPONSE_BYTES)
        .read_to_string()
        .map_err(|e| failed(format!("reading the answer: {}", one_line(&e.to_string()))))
}

/// Messages of lower layers may span lines; an error here is one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_positions_file_reads_and_makes_a_query() {
        let positions = PositionsFile::parse(BUNDLED_POSITIONS_NAME, BUNDLED_POSITIONS).unwrap();
        let query = positions.query();
        assert!(query.contains("wd:Q14211"), "{query}");
        assert!(query.contains("?positionLabel ?country ?countryLabel"));
        assert!(query.contains("UNION { VALUES ?class { wd:Q889821 }"), "{query}");
        let items_only = PositionsFile::parse("p.yaml", "positions: [{item: Q1}, {item: Q2}]\n").unwrap();
        assert!(items_only.query().contains("\n  VALUES ?position { wd:Q1 wd:Q2 }\n"));
    }

    #[test]
    fn an_item_that_is_not_one_is_refused_with_its_place() {
        let error = PositionsFile::parse("p.yaml", "positions:\n  - {item: Q1}\n  - {item: P39}\n").unwrap_err();
        assert_eq!((error.line, error.column), (3, 12));
        let error = PositionsFile::parse("p.yaml", "positions:\n  - {item: Q1, label: x}\n").unwrap_err();
        assert_eq!(error.line, 2, "{error}");
        let error = PositionsFile::parse("p.yaml", "positions:\n  - {item: Q1, instances-of: Q2}\n").unwrap_err();
        assert_eq!((error.line, error.column), (2, 5), "{error}");
        assert!(PositionsFile::parse("p.yaml", "positions: []\n").is_err());
    }
}
