//! Generated files stay in sync with the code: rule documentation pages and the JSON Schemas editors use.

use std::path::Path;

use factlint::schema::{SchemaKind, schema};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn rule_docs_pages_match_the_rules() {
    let rules = factlint::rules::RuleSet::load_dir(&repo().join("rules")).unwrap();
    for (path, text) in factlint::rules::docs::pages(&rules) {
        let committed = std::fs::read_to_string(repo().join("docs").join(&path)).unwrap_or_default();
        assert_eq!(
            committed, text,
            "docs/{path} is stale: run `cargo run -- rules --write-docs docs`"
        );
    }
    let pages = std::fs::read_dir(repo().join("docs/rules")).unwrap().count();
    assert_eq!(
        pages,
        rules.rules.len() + 1,
        "docs/rules/ has a page for a rule that no longer exists"
    );
}

#[test]
fn readme_lists_every_bundled_rule_with_its_severity() {
    let rules = factlint::rules::RuleSet::load_dir(&repo().join("rules")).unwrap();
    let table: String = rules
        .rules
        .iter()
        .map(|r| format!("| {} | {} | {} |\n", r.id, r.name, r.severity.as_str()))
        .collect();
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("|---|---|---|\n{table}")),
        "README.md's rule table is stale; it should read:\n{table}"
    );
}

#[test]
fn committed_schemas_match_the_code() {
    for kind in SchemaKind::ALL {
        let generated = schema(kind);
        let committed = std::fs::read_to_string(repo().join(kind.file())).unwrap_or_default();
        assert_eq!(
            committed,
            generated,
            "{} is stale: run `cargo run -- schema {kind:?}` into it",
            kind.file()
        );
        insta::assert_snapshot!(format!("schema_{kind:?}").to_lowercase(), generated);
    }
}

#[test]
fn bundled_files_declare_their_schema() {
    for (dir, schema) in [
        ("rules", "../docs/schema/rule.json"),
        ("reference-data", "../docs/schema/reference.json"),
    ] {
        for entry in std::fs::read_dir(repo().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|x| x == "yaml") {
                let text = std::fs::read_to_string(&path).unwrap();
                let line = format!("# yaml-language-server: $schema={schema}");
                assert!(text.lines().any(|l| l == line), "{} lacks `{line}`", path.display());
            }
        }
    }
}
