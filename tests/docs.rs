//! Generated files stay in sync with the code: rule documentation pages and the JSON Schemas editors use.

use std::path::Path;

use factlint::schema::{SchemaKind, schema};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn rule_docs_pages_match_the_rules() {
    let rules = factlint::rules::RuleSet::load_dir(&repo().join("rules")).unwrap();
    let engine = factlint::engine::Engine::new(crate::common::bundled_checker());
    for (path, text) in factlint::rules::docs::pages(&rules, |rule| engine.example_message(rule)) {
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

/// The modules of `src/` and, for each, the other modules its code names (`crate::module`). Comments and tests are
/// left out (a file's `#[cfg(test)]` part, and a module declared under `#[cfg(test)]`): a test may reach across
/// stages, the library's code may not.
fn module_uses() -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let src = repo().join("src");
    let mut modules = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.is_dir() || path.extension().is_some_and(|x| x == "rs") && name != "lib" && name != "main" {
            modules.insert(name, std::collections::BTreeSet::new());
        }
    }
    let names: Vec<String> = modules.keys().cloned().collect();
    let mut test_modules = std::collections::BTreeSet::new();
    let mut files = vec![src.clone()];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if path.extension().is_some_and(|x| x == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            let lines: Vec<&str> = text.lines().map(str::trim).collect();
            for pair in lines.windows(2) {
                if let ("#[cfg(test)]", Some(name)) =
                    (pair[0], pair[1].strip_prefix("mod ").and_then(|m| m.strip_suffix(';')))
                {
                    test_modules.insert(format!("{name}.rs"));
                }
            }
        }
    }
    let mut files = vec![src.clone()];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let relative = path.strip_prefix(&src).unwrap();
        let module = relative.with_extension("");
        let module = module.components().next().unwrap().as_os_str().to_string_lossy();
        let test_only = path
            .file_name()
            .is_some_and(|name| test_modules.contains(&*name.to_string_lossy()));
        if path.extension().is_none_or(|x| x != "rs") || !modules.contains_key(module.as_ref()) || test_only {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let code = text
            .lines()
            .take_while(|line| line.trim() != "#[cfg(test)]")
            .filter(|line| !line.trim_start().starts_with("//"));
        let mut uses = std::collections::BTreeSet::new();
        for line in code {
            for (at, _) in line.match_indices("crate::") {
                let rest = &line[at + "crate::".len()..];
                // `crate::{a::X, b}` names every module of the group.
                let group = rest
                    .strip_prefix('{')
                    .map_or(rest, |g| g.split('}').next().unwrap_or(""));
                for item in group.split(',') {
                    let name: String = item
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if name != module && names.contains(&name) {
                        uses.insert(name);
                    }
                }
            }
        }
        modules.get_mut(module.as_ref()).unwrap().extend(uses);
    }
    modules
}

#[test]
fn modules_form_a_pipeline_without_cycles_as_the_readme_shows() {
    let uses = module_uses();
    // Each module's depth: 0 when it uses no other, else one more than the deepest it uses. A cycle never settles.
    let mut depth: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    while depth.len() < uses.len() {
        let before = depth.len();
        for (module, used) in &uses {
            if !depth.contains_key(module.as_str()) && used.iter().all(|u| depth.contains_key(u.as_str())) {
                let deepest = used.iter().map(|u| depth[u.as_str()] + 1).max().unwrap_or(0);
                depth.insert(module, deepest);
            }
        }
        let stuck: Vec<_> = uses.keys().filter(|m| !depth.contains_key(m.as_str())).collect();
        assert!(depth.len() > before, "module cycle among {stuck:?}: {uses:#?}");
    }
    let mut order: Vec<(&usize, &&str)> = depth.iter().map(|(m, d)| (d, m)).collect();
    order.sort();
    let graph: String = order
        .iter()
        .map(|(_, module)| {
            let used: Vec<&str> = uses[**module].iter().map(String::as_str).collect();
            match used.is_empty() {
                true => format!("- `{module}`\n"),
                false => format!("- `{module}` → {}\n", used.join(", ")),
            }
        })
        .collect();
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let block = format!("<!-- module uses: generated by tests/docs.rs -->\n{graph}<!-- end of module uses -->");
    assert!(
        readme.contains(&block),
        "README.md's module graph is stale; it should read:\n{block}"
    );
}

fn rule_schema() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(&schema(SchemaKind::Rule)).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn yaml_as_json(path: &Path) -> serde_json::Value {
    serde_saphyr::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The rule schema accepts every bundled rule, and refuses each broken-rule fixture the loader refuses for its
/// structure: an editor flags in the file what `factlint test` would. A `pattern` that is not a valid regular
/// expression is the one thing left to the loader.
#[test]
fn the_rule_schema_refuses_what_the_loader_refuses() {
    let validator = rule_schema();
    for entry in std::fs::read_dir(repo().join("rules")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "yaml") {
            let errors: Vec<String> = validator
                .iter_errors(&yaml_as_json(&path))
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        }
    }
    let only_the_loader = ["bad-regex.yaml"];
    let mut refused = 0;
    for entry in std::fs::read_dir(repo().join("tests/fixtures/broken-rules")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            factlint::rules::RuleSet::from_files(&[(name.clone(), text)]).is_err(),
            "the loader accepts {name}"
        );
        let valid = validator.is_valid(&yaml_as_json(&path));
        if only_the_loader.contains(&name.as_str()) {
            assert!(
                valid,
                "{name} is now refused by the schema too: move it out of `only_the_loader`"
            );
        } else {
            assert!(!valid, "the schema accepts {name}, which the loader refuses");
            refused += 1;
        }
    }
    assert_eq!(refused, 10);
    // `when:` keys are checked per claim kind, and so are their values.
    let fl101 = yaml_as_json(&repo().join("rules/FL101-former-incumbent.yaml"));
    let mut misspelt = fl101.clone();
    misspelt["when"]["staus"] = "current".into();
    assert!(!validator.is_valid(&misspelt));
    let mut other_kind = fl101.clone();
    other_kind["when"] = serde_json::json!({"label": "former", "status": "current", "vague": true});
    assert!(
        !validator.is_valid(&other_kind),
        "`vague` is a field of figures, not roles"
    );
    let mut bad_date = fl101;
    bad_date["examples"][0]["date"] = "16 May 2025".into();
    assert!(!validator.is_valid(&bad_date));
}

/// The reference schema takes every date the bundled data and the layer fixtures write (years, months, days,
/// spans, open ends) and refuses dates and periods the loader cannot read.
#[test]
fn the_reference_schema_constrains_dates_as_the_loader_reads_them() {
    let schema: serde_json::Value = serde_json::from_str(&schema(SchemaKind::Reference)).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut files = Vec::new();
    for dir in [
        "reference-data",
        "tests/fixtures/layers/fresh",
        "tests/fixtures/layers/stale",
    ] {
        for entry in std::fs::read_dir(repo().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|x| x == "yaml") {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 5);
    for path in &files {
        let errors: Vec<String> = validator
            .iter_errors(&yaml_as_json(path))
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
    let date = |value: serde_json::Value| {
        let file = serde_json::json!({"events": [{"id": "e", "name": "E", "date": value}]});
        validator.is_valid(&file)
    };
    for good in [
        "2024",
        "2024-06",
        "2024-06-01",
        "2021/..",
        "2024-10-23/..",
        "2019-05/2019-06",
    ] {
        assert!(date(good.into()), "{good}");
    }
    assert!(date(2019.into()));
    for bad in ["May 2020", "2020/05/01", "16.05.2025", "2024-13", "2024-06-32", "open"] {
        assert!(!date(bad.into()), "{bad}");
    }
    let period = |value: &str| {
        validator.is_valid(&serde_json::json!({"source": {"name": "S", "checked": "2025-01", "fresh-for": value}}))
    };
    assert!(period("18m") && period("365d") && period("2y"));
    assert!(!period("2 years") && !period("18"));
}

/// The fuzz targets are their own workspace with their own lock file, which must follow the crate's
/// dependencies: `.ci/run` builds them with `--locked`.
#[test]
fn the_fuzz_lock_file_follows_the_crate() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let out = std::process::Command::new(cargo)
        .args(["metadata", "--locked", "--format-version", "1", "--manifest-path"])
        .arg(repo().join("fuzz/Cargo.toml"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "fuzz/Cargo.lock is stale: run `cargo metadata --manifest-path fuzz/Cargo.toml` and commit it\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
