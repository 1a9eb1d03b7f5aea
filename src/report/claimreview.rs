//! `claimreview`: each finding as a schema.org `ClaimReview` (JSON-LD), the form in which fact-checking desks
//! publish their checks and search engines read them. A desk reviews the list, keeps the reviews it confirms and
//! puts its own name as `author` and the published article's URL as `url` (factlint knows the draft's path, not
//! where the article will live).

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::engine::FileReport;
use crate::finding::Finding;
use crate::reference::day_in_words;
use crate::rules::Severity;

/// The textual rating of a finding's severity, and its place on a 1 (worst) to 5 (best) scale.
fn rating(severity: Severity) -> (&'static str, u8) {
    match severity {
        Severity::Error => ("Incorrect", 1),
        Severity::Warning => ("Needs checking", 2),
        Severity::Note => ("Needs context", 3),
    }
}

fn review(report: &FileReport, finding: &Finding) -> Value {
    let doc = &report.document;
    let at = doc.position(finding.span.start);
    let (alternate, value) = rating(finding.severity);
    let mut body = finding.message.clone();
    for evidence in &finding.evidence {
        body.push_str(&format!("\nEvidence: {}", evidence.summary));
        if let Some(whereabouts) = evidence.whereabouts() {
            body.push_str(&format!(" ({whereabouts})"));
        }
    }
    json!({
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": format!("{}#L{}", doc.path, at.line),
        "datePublished": report.as_of.to_string(),
        "author": {"@type": "Organization", "name": "factlint"},
        "claimReviewed": doc.slice(doc.sentence_around(finding.span.start)).trim(),
        "itemReviewed": {
            "@type": "Claim",
            "appearance": {"@type": "CreativeWork", "url": doc.path},
            "datePublished": report.as_of.to_string(),
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": alternate,
        },
        "reviewBody": body,
        "name": format!("{} {} ({})", finding.rule, finding.name, day_in_words(report.as_of)),
    })
}

/// Every finding of every report as one JSON array of `ClaimReview` objects.
pub fn render(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let reviews: Vec<Value> = reports
        .iter()
        .flat_map(|report| report.findings.iter().map(move |finding| review(report, finding)))
        .collect();
    serde_json::to_writer_pretty(&mut *out, &reviews)?;
    out.write_all(b"\n")
}
