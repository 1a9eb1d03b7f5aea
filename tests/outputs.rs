//! Every output format on the seed article (snapshots), and SARIF that validates against the SARIF 2.1.0 schema
//! with what GitHub code scanning requires.

use std::path::Path;

use insta_cmd::assert_cmd_snapshot;

use crate::common::{factlint, factlint_in, validator_or_skip};

const SEED: &str = "tests/fixtures/seed/article.md";

#[test]
fn seed_in_every_format() {
    for format in ["concise", "github", "junit", "sarif", "html", "claimreview"] {
        // SARIF names the repository root as an absolute `file://` URI, which differs from checkout to checkout.
        insta::with_settings!({ snapshot_suffix => format, filters => vec![(r#""file://[^"]*/""#, r#""file:///[ROOT]/""#)] }, {
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
        assert!(
            run["tool"]["driver"]["informationUri"]
                .as_str()
                .unwrap()
                .starts_with("https://")
        );
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        for rule in rules {
            let help = rule["helpUri"].as_str().unwrap();
            assert!(
                help.starts_with("https://") && help.contains(rule["id"].as_str().unwrap())
                    || !help.contains("/docs/rules/"),
                "{help}"
            );
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
            assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
            // The bundled reference data is not in the checked repository: no location points into it.
            assert!(!result.to_string().contains("reference-data/"), "{result}");
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

fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

/// Errors that `sarif-multitool validate` finds in a SARIF file (`None` when the tool is missing outside CI).
fn multitool_errors(test: &str, sarif: &Path) -> Option<Vec<String>> {
    let tool = validator_or_skip(test, "sarif-multitool")?;
    let report = sarif.with_extension("validation.sarif");
    let out = std::process::Command::new(tool)
        .arg("validate")
        .arg(sarif)
        .arg("--output")
        .arg(&report)
        .args(["--log", "ForceOverwrite"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let found: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    Some(
        found["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["level"].as_str().unwrap_or("warning") == "error")
            .map(|r| format!("{} {}", r["ruleId"], r["message"]))
            .collect(),
    )
}

/// A directory run from inside a repository: URIs relative to the git top level (not the working directory),
/// percent-encoded, `%SRCROOT%` defined; a file outside the repository as a `file://` URI; no location into
/// factlint's own reference data; and the SARIF multitool finds no error.
#[test]
fn sarif_of_a_directory_run_in_a_repository() {
    let seed = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED)).unwrap();
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path().canonicalize().unwrap();
    git(&root, &["init", "-q"]);
    let drafts = root.join("news drafts");
    std::fs::create_dir_all(&drafts).unwrap();
    std::fs::write(drafts.join("a b%c.md"), &seed).unwrap();
    std::fs::write(drafts.join("plain.md"), &seed).unwrap();
    std::fs::write(drafts.join("latin1 100%.md"), b"caf\xe9\n").unwrap();
    let outside = tempfile::tempdir().unwrap();
    let elsewhere = outside.path().canonicalize().unwrap().join("far away.md");
    std::fs::write(&elsewhere, &seed).unwrap();

    let out = factlint_in(&drafts)
        .args(["check", "--format", "sarif", "--date", "2025-05-16", "."])
        .arg(&elsewhere)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a file could not be checked: {out:?}");
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let run = &log["runs"][0];
    // The file that could not be checked is an error notification at its location, and the run unsuccessful.
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notification = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "error");
    assert_eq!(
        notification["locations"][0]["physicalLocation"]["artifactLocation"],
        serde_json::json!({"uri": "news%20drafts/latin1%20100%25.md", "uriBaseId": "%SRCROOT%"})
    );
    let base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str().unwrap();
    assert!(base.starts_with("file:///") && base.ends_with('/'), "{base}");
    let mut uris: Vec<(String, Option<String>)> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let at = &r["locations"][0]["physicalLocation"]["artifactLocation"];
            (
                at["uri"].as_str().unwrap().to_string(),
                at["uriBaseId"].as_str().map(String::from),
            )
        })
        .collect();
    uris.dedup();
    let srcroot = Some("%SRCROOT%".to_string());
    assert_eq!(uris.len(), 3, "{uris:#?}");
    assert_eq!(uris[0], ("news%20drafts/a%20b%25c.md".to_string(), srcroot.clone()));
    assert_eq!(uris[1], ("news%20drafts/plain.md".to_string(), srcroot));
    assert!(
        uris[2].0.starts_with("file:///") && uris[2].0.ends_with("/far%20away.md"),
        "{:?}",
        uris[2]
    );
    assert_eq!(uris[2].1, None);
    let text = out.stdout.escape_ascii().to_string();
    assert!(
        !text.contains("reference-data/"),
        "no location into factlint's own data"
    );
    assert!(
        run["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["message"]["text"].as_str().unwrap().contains("(source: ")),
        "bundled evidence is cited with its source in the message"
    );

    let sarif = root.join("factlint.sarif");
    std::fs::write(&sarif, &out.stdout).unwrap();
    if let Some(errors) = multitool_errors("sarif_of_a_directory_run_in_a_repository", &sarif) {
        assert!(errors.is_empty(), "{errors:#?}");
        // The validator bites: a bare absolute path with a space is two errors (SARIF1002, SARIF1004).
        let bad = root.join("bad.sarif");
        std::fs::write(
            &bad,
            String::from_utf8_lossy(&out.stdout).replacen("news%20drafts/plain.md", "/tmp/a b.md", 1),
        )
        .unwrap();
        assert!(
            !multitool_errors("sarif_of_a_directory_run_in_a_repository", &bad)
                .unwrap()
                .is_empty()
        );
    }
}

#[test]
fn sarif_of_the_seed_passes_the_multitool() {
    let out = factlint().args(["check", "--format", "sarif", SEED]).output().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("seed.sarif");
    std::fs::write(&sarif, &out.stdout).unwrap();
    if let Some(errors) = multitool_errors("sarif_of_the_seed_passes_the_multitool", &sarif) {
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

/// Problems `xmlschema-validate` finds in a JUnit file against `tests/schemas/junit.xsd` (`None` when the tool is
/// missing outside CI); empty when it is valid.
fn junit_schema_errors(test: &str, xml: &Path) -> Option<String> {
    let tool = validator_or_skip(test, "xmlschema-validate")?;
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/junit.xsd");
    let out = std::process::Command::new(tool)
        .arg("--schema")
        .arg(schema)
        .arg(xml)
        .output()
        .unwrap();
    Some(if out.status.success() {
        String::new()
    } else {
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The value of `attribute` in each `<element …>` tag of `xml`, in order.
fn attributes(xml: &str, element: &str, attribute: &str) -> Vec<Option<usize>> {
    xml.split(&format!("<{element} "))
        .skip(1)
        .map(|tag| {
            let tag = &tag[..tag.find('>').unwrap()];
            let key = format!(" {attribute}=\"");
            let at = tag.find(&key)? + key.len();
            tag[at..at + tag[at..].find('"')?].parse().ok()
        })
        .collect()
}

/// JUnit agrees with the exit code: a file that cannot be checked is a test case in error (not missing), a
/// note-only file is no failure (exit 0 on it alone), every suite has `errors`, the counts add up, and the report
/// validates against the JUnit schema.
#[test]
fn junit_reports_unchecked_files_as_errors_and_notes_as_passes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("note.md"),
        "---\ndate: 2025-05-16\n---\n\nIt was the largest prisoner swap since the start of the conflict.\n",
    )
    .unwrap();
    std::fs::write(d.join("latin1.md"), b"caf\xe9 au lait\n").unwrap();
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED), d.join("seed.md")).unwrap();

    let run = |files: &[&str]| {
        factlint_in(d)
            .args(["check", "--format", "junit"])
            .args(files)
            .output()
            .unwrap()
    };
    let note = run(&["note.md"]);
    assert_eq!(note.status.code(), Some(0), "{note:?}");
    let xml = String::from_utf8(note.stdout).unwrap();
    assert!(xml.contains("FL403") && !xml.contains("<failure"), "{xml}");
    assert_eq!(attributes(&xml, "testsuite", "failures"), [Some(0)]);

    let all = run(&["note.md", "latin1.md", "seed.md"]);
    assert_eq!(
        all.status.code(),
        Some(2),
        "a file that cannot be checked is an error: {all:?}"
    );
    let xml = String::from_utf8(all.stdout).unwrap();
    for attribute in ["tests", "failures", "errors", "skipped"] {
        let values = attributes(&xml, "testsuite", attribute);
        assert_eq!(values.len(), 3, "{xml}");
        assert!(
            values.iter().all(Option::is_some),
            "every testsuite has {attribute}: {xml}"
        );
    }
    assert_eq!(attributes(&xml, "testsuite", "errors"), [Some(0), Some(0), Some(1)]);
    // The seed's note is not a failure under the default `--fail-on warning`; its six others are.
    assert_eq!(attributes(&xml, "testsuite", "failures"), [Some(0), Some(6), Some(0)]);
    assert_eq!(attributes(&xml, "testsuites", "errors"), [Some(1)]);
    assert_eq!(attributes(&xml, "testsuites", "failures"), [Some(6)]);
    assert_eq!(
        attributes(&xml, "testsuites", "tests"),
        [Some(xml.matches("<testcase ").count())]
    );
    assert!(
        xml.contains(r#"<testsuite name="latin1.md""#) && xml.contains("<error "),
        "{xml}"
    );

    let under_note = factlint_in(d)
        .args(["check", "--format", "junit", "--fail-on", "note", "note.md"])
        .output()
        .unwrap();
    assert_eq!(under_note.status.code(), Some(1));
    assert!(
        String::from_utf8(under_note.stdout)
            .unwrap()
            .contains("<failure type=\"note\"")
    );

    let file = d.join("report.xml");
    std::fs::write(&file, &xml).unwrap();
    if let Some(errors) = junit_schema_errors("junit_reports_unchecked_files_as_errors_and_notes_as_passes", &file) {
        assert_eq!(errors, "", "{xml}");
        // The schema bites: a testsuite without `errors` is refused.
        std::fs::write(&file, xml.replacen(r#" errors="0" skipped"#, " skipped", 1)).unwrap();
        let errors = junit_schema_errors("junit", &file).unwrap();
        assert!(errors.contains("not valid"), "{errors}");
    }
}

/// `--format json` lists the files that could not be checked, with their path and why.
#[test]
fn json_names_the_files_that_failed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("latin1.md"), b"caf\xe9\n").unwrap();
    std::fs::write(dir.path().join("ok.md"), "Nothing to see.\n").unwrap();
    let out = factlint_in(dir.path())
        .args([
            "check",
            "--format",
            "json",
            "--date",
            "2025-05-16",
            "ok.md",
            "latin1.md",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["summary"]["failed"], 1);
    assert_eq!(doc["failed"][0]["path"], "latin1.md");
    assert!(doc["failed"][0]["message"].as_str().unwrap().contains("UTF-8"), "{doc}");
    assert_eq!(doc["files"][0]["path"], "ok.md");
    // The pull request shows it too.
    let out = factlint_in(dir.path())
        .args(["check", "--format", "github", "ok.md", "latin1.md"])
        .output()
        .unwrap();
    let annotations = String::from_utf8(out.stdout).unwrap();
    assert!(
        annotations.starts_with("::error file=latin1.md,title=factlint%3A file not checked::invalid UTF-8"),
        "{annotations}"
    );
}

/// A path that names no file is a failed file in the reports that list them, not only a line on standard error.
#[test]
fn a_missing_path_is_a_failed_file_in_json_and_junit() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), "The weather was mild.\n").unwrap();
    let run = |format: &str| {
        let out = crate::common::bin()
            .current_dir(dir.path())
            .args([
                "check",
                "--date",
                "2025-05-16",
                "--format",
                format,
                "missing.md",
                "a.md",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        String::from_utf8(out.stdout).unwrap()
    };
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json["failed"][0]["path"], "missing.md", "{json:#}");
    let junit = run("junit");
    assert!(junit.contains("missing.md") && junit.contains("<error"), "{junit}");
}

/// `claimreview`: one schema.org ClaimReview a finding, with every property structured-data consumers require
/// (`tests/schemas/claimreview.json`), the sentence of the claim, and a rating that follows the severity.
#[test]
fn claimreview_has_a_review_per_finding_with_what_consumers_require() {
    let out = factlint()
        .args(["check", "--format", "claimreview", SEED])
        .output()
        .unwrap();
    let reviews: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/claimreview.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&reviews).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let reviews = reviews.as_array().unwrap();
    assert_eq!(reviews.len(), 7, "one review a finding of the seed");
    let fl101 = reviews
        .iter()
        .find(|r| r["name"].as_str().unwrap().starts_with("FL101"))
        .unwrap();
    assert_eq!(fl101["reviewRating"]["alternateName"], "Incorrect");
    assert!(
        fl101["claimReviewed"]
            .as_str()
            .unwrap()
            .starts_with("Former U.S. President Donald Trump announced")
    );
}
