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

/// The modules of `src/` and, for each, the other modules its code names (`crate::module`), comments left out.
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
    let mut files = vec![src.clone()];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let relative = path.strip_prefix(&src).unwrap();
        let module = relative.with_extension("");
        let module = module.components().next().unwrap().as_os_str().to_string_lossy();
        if path.extension().is_none_or(|x| x != "rs") || !modules.contains_key(module.as_ref()) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let code = text.lines().filter(|line| !line.trim_start().starts_with("//"));
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
