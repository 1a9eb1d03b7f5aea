//! The reference files as written: strict serde types (unknown keys are refused) with positions kept.

use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::yaml::Scalar;

/// One reference file. Every section is optional, so data can be split across files as a newsroom likes.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ReferenceFile {
    /// The default source of every record in this file.
    pub source: Option<SourceSpec>,
    #[serde(default)]
    #[schemars(with = "Vec<JurisdictionSpec>")]
    pub jurisdictions: Vec<Spanned<JurisdictionSpec>>,
    #[serde(default)]
    #[schemars(with = "Vec<OfficeSpec>")]
    pub offices: Vec<Spanned<OfficeSpec>>,
    #[serde(default)]
    #[schemars(with = "Vec<PersonSpec>")]
    pub people: Vec<Spanned<PersonSpec>>,
    #[serde(default)]
    #[schemars(with = "Vec<StatisticSpec>")]
    pub statistics: Vec<Spanned<StatisticSpec>>,
    #[serde(default)]
    #[schemars(with = "Vec<EventSpec>")]
    pub events: Vec<Spanned<EventSpec>>,
}

/// Where a record's facts come from, and when they were last checked against it.
#[derive(Debug, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SourceSpec {
    pub name: String,
    pub url: Option<String>,
    pub checked: Option<Scalar>,
    pub licence: Option<String>,
    /// How long after `checked` an open term is still taken as in office (`365d`, `18m`, `2y`; default 365
    /// days). Beyond it the data cannot say, and the status is `stale`.
    pub fresh_for: Option<Scalar>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct JurisdictionSpec {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub name: String,
    /// Other names ("U.S.", "United States"); possessives ("Turkey's") are derived from names.
    #[serde(default)]
    pub names: Vec<String>,
    /// Demonyms used before a title ("Ukrainian", "British").
    #[serde(default)]
    pub adjectives: Vec<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OfficeSpec {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub name: String,
    #[schemars(with = "String")]
    pub jurisdiction: Spanned<String>,
    /// The spellings a writer uses before a name, without the jurisdiction ("Foreign Minister").
    pub titles: Vec<String>,
    /// One holder at a time (a president), so overlapping terms are an error; not so for seats in a chamber.
    #[serde(default)]
    pub single_holder: bool,
    /// The period in which the data lists every holder: inside it, a person with no term of the office never
    /// held it; outside it, the data can't tell, and no rule calls a title never held.
    pub complete: Option<CompleteSpec>,
    /// The office's Wikidata item ("Q11696"), which importers map Wikidata's "position held" to.
    pub wikidata: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CompleteSpec {
    pub from: Scalar,
    pub until: Scalar,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PersonSpec {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub name: String,
    /// Other spellings of the same person ("Zelensky", "Zelenskiy").
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The person's Wikidata item ("Q22686"), so imports can recognise them.
    pub wikidata: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    #[schemars(with = "Vec<TermSpec>")]
    pub terms: Vec<Spanned<TermSpec>>,
    pub source: Option<String>,
    pub url: Option<String>,
}

/// A period in office. No `to` means in office as of the data's check date.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TermSpec {
    #[schemars(with = "String")]
    pub office: Spanned<String>,
    pub from: Scalar,
    pub to: Option<Scalar>,
    #[serde(default)]
    pub acting: bool,
    pub source: Option<String>,
    /// When the source last showed this term, if not the file's `checked` (an open term in an older table).
    pub checked: Option<Scalar>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StatisticSpec {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub name: String,
    /// The figure; or leave it out and give `sum-of` to add up other statistics.
    pub value: Option<f64>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub sum_of: Vec<Spanned<String>>,
    /// What is counted ("people", "prisoners", "percent", "USD").
    pub unit: String,
    pub as_of: Option<Scalar>,
    /// The article dates for which the figure is evidence (defaults: from `as-of` to a year later).
    pub valid_from: Option<Scalar>,
    pub valid_until: Option<Scalar>,
    /// Relative tolerance (0.1 = 10%) within which a written figure agrees.
    pub tolerance: Option<f64>,
    /// Words near a figure that say it counts this statistic ("displaced").
    pub cues: Vec<String>,
    /// Words that must appear somewhere in the article for the statistic to be about it ("Ukraine").
    #[serde(default)]
    pub scope: Vec<String>,
    /// Nouns a figure of this statistic counts ("people", "civilians"); empty accepts any.
    #[serde(default)]
    pub nouns: Vec<String>,
    #[schemars(with = "Option<String>")]
    pub event: Option<Spanned<String>>,
    pub source: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EventSpec {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub name: String,
    pub date: Scalar,
    pub place: Option<String>,
    #[serde(default)]
    pub facts: Vec<String>,
    pub source: Option<String>,
    pub url: Option<String>,
}
