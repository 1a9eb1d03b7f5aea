//! Every output format on the seed article (snapshots), and SARIF that validates against the SARIF 2.1.0 schema
//! with what GitHub code scanning requires.

use std::path::Path;

use insta_cmd::assert_cmd_snapshot;

use crate::common::factlint;

const SEED: &str = "tests/fixtures/seed/article.md";

#[test]
fn seed_in_every_format() {
    for format in ["concise", "github", "junit", "sarif", "html"] {
        insta::with_settings!({ snapshot_suffix => format }, {
            assert_cmd_snapshot!(factlint().args(["check", "--format", format, SEED]));
        });
    }
}

fn sarif(args: &[&str]) -> serde_json::Value {
    let out = factlint()
        .args(["check", "--format", "sarif"])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.code() == Some(1) || out.status.code() == Some(0), "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

fn validator() -> jsonschema::Validator {
    let schema =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/sarif-2.1.0.json")).unwrap();
    // The published schema's `run.language` pattern has a stray `]` that Rust's regex syntax rejects; that field
    // is never written by factlint, so the test repairs the pattern in memory and keeps the file verbatim.
    let schema = schema.replace(r#"{2}-[a-zA-Z]{2}]?$"#, r#"{2}-[a-zA-Z]{2}$"#);
    jsonschema::validator_for(&serde_json::from_str(&schema).unwrap()).unwrap()
}

#[test]
fn sarif_validates_and_has_what_github_needs() {
    let validator = validator();
    assert!(
        !validator.is_valid(&serde_json::json!({"version": "2.1.0", "runs": [{"results": []}]})),
        "the schema bites"
    );
    for args in [vec![SEED], vec!["rules/tests", "tests/fixtures/seed"]] {
        let log = sarif(&args);
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{args:?}: {errors:#?}");
        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        for rule in rules {
            for key in ["shortDescription", "fullDescription", "help"] {
                assert!(
                    rule[key]["text"].as_str().is_some_and(|t| !t.is_empty()),
                    "{key} of {}",
                    rule["id"]
                );
            }
        }
        let results = run["results"].as_array().unwrap();
        assert!(!results.is_empty());
        for result in results {
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], result["ruleId"]);
            let location = &result["locations"][0]["physicalLocation"];
            let uri = location["artifactLocation"]["uri"].as_str().unwrap();
            assert!(!uri.starts_with('/') && !uri.contains('\\'), "{uri}");
            for key in ["startLine", "startColumn", "endLine", "endColumn"] {
                assert!(location["region"][key].as_u64().unwrap() >= 1, "{key}");
            }
            assert!(result["partialFingerprints"]["primaryLocationLineHash"].is_string());
        }
    }
}

#[test]
fn fingerprints_survive_edits_elsewhere_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED)).unwrap();
    let before = dir.path().join("before.md");
    let after = dir.path().join("after.md");
    std::fs::write(&before, &seed).unwrap();
    std::fs::write(
        &after,
        seed.replacen(
            "## Major Prisoner Exchange Agreed",
            "## A New Heading\n\nAn added paragraph.\n\n## Major Prisoner Exchange Agreed",
            1,
        ),
    )
    .unwrap();
    let prints = |path: &Path| -> Vec<(String, u64, String)> {
        let log = sarif(&[path.to_str().unwrap()]);
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let line = r["locations"][0]["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .unwrap();
                (
                    r["ruleId"].as_str().unwrap().to_string(),
                    line,
                    r["partialFingerprints"]["factlint/v1"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let (a, b) = (prints(&before), prints(&after));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!((&x.0, &x.2), (&y.0, &y.2), "same finding, same fingerprint");
    }
    assert!(
        a.iter().zip(&b).any(|(x, y)| x.1 != y.1),
        "the edit moved some findings to other lines"
    );
}
