//! The shipped integrations' own scripts, run as their consumers run them: the Action's check steps under bash
//! with the inputs in the environment, as GitHub passes them (paths with spaces, arguments that look like shell).
//! `.ci/run` checks the definitions themselves with check-jsonschema, zizmor and pre-commit.

use std::process::Command;

use crate::common::repo;

/// The `run:` script and `env:` of the Action's step named `name`.
fn action_step(name: &str) -> (String, Vec<(String, String)>) {
    let text = std::fs::read_to_string(repo().join("action.yml")).unwrap();
    let action: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    let step = action["runs"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no step {name}"));
    let env = step["env"]
        .as_object()
        .map(|env| {
            env.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
                .collect()
        })
        .unwrap_or_default();
    (step["run"].as_str().unwrap().to_string(), env)
}

#[test]
fn no_expression_is_expanded_inside_a_run_script() {
    let text = std::fs::read_to_string(repo().join("action.yml")).unwrap();
    let action: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    for step in action["runs"]["steps"].as_array().unwrap() {
        if let Some(run) = step["run"].as_str() {
            assert!(!run.contains("${{"), "{}: an expression in `run:`", step["name"]);
        }
    }
}

#[test]
fn the_action_checks_paths_with_spaces_and_never_runs_its_inputs() {
    let (script, env) = action_step("Check (SARIF)");
    assert_eq!(
        env.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
        ["INPUT_ARGS", "INPUT_PATHS"]
    );
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    let drafts = work.join("news drafts");
    std::fs::create_dir_all(&drafts).unwrap();
    std::fs::copy(repo().join("tests/fixtures/seed/article.md"), drafts.join("a b.md")).unwrap();
    std::fs::write(work.join("clean.md"), "Nothing to see.\n").unwrap();
    // Where the install step leaves the binary.
    let bin = dir.path().join("factlint/bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(insta_cmd::get_cargo_bin("factlint"), bin.join("factlint")).unwrap();
    let output = dir.path().join("github-output");
    let pwned = dir.path().join("pwned");

    let run = Command::new("bash")
        .args(["-e", "-c", &script])
        .current_dir(&work)
        .env("RUNNER_TEMP", dir.path())
        .env("GITHUB_OUTPUT", &output)
        .env("INPUT_PATHS", "news drafts/a b.md\nclean.md\n")
        .env(
            "INPUT_ARGS",
            format!("--date 2025-05-16 $(touch {0}) `touch {0}`", pwned.display()),
        )
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!pwned.exists(), "an input ran as a command");
    // `$(touch …)` reaches factlint as a path that does not exist: exit 2, which the step passes on.
    assert_eq!(run.status.code(), Some(2), "{run:?}");
    assert!(std::fs::read_to_string(&output).unwrap().contains("status=2"));

    let run = Command::new("bash")
        .args(["-e", "-c", &script])
        .current_dir(&work)
        .env("RUNNER_TEMP", dir.path())
        .env("GITHUB_OUTPUT", &output)
        .env("INPUT_PATHS", "news drafts/a b.md\nclean.md\n")
        .env("INPUT_ARGS", "--date 2025-05-16")
        .output()
        .unwrap();
    assert!(run.status.success(), "findings are reported by the last step: {run:?}");
    assert!(std::fs::read_to_string(&output).unwrap().ends_with("status=1\n"));
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(work.join("factlint.sarif")).unwrap()).unwrap();
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(uris.len(), 7);
    assert!(uris.iter().all(|u| *u == "news%20drafts/a%20b.md"), "{uris:?}");
}
