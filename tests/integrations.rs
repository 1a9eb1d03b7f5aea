//! The shipped integrations' own scripts, run as their consumers run them: the Action's check steps under bash
//! with the inputs in the environment, as GitHub passes them (paths with spaces, arguments that look like shell).
//! `.ci/run` checks the definitions themselves with check-jsonschema, zizmor and pre-commit.

use std::path::Path;
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

/// Runs the Action's install step with `curl` and `cargo` replaced by stand-ins: `curl` serves the files of
/// `release` (by name, failing for others, as a missing release does), `cargo` records that it was asked to build.
fn install(release: &Path, runner_temp: &Path) -> std::process::Output {
    let (script, env) = action_step("Install factlint");
    assert_eq!(
        env.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
        ["ACTION_PATH", "ACTION_REF", "ACTION_REPOSITORY"]
    );
    let bin = runner_temp.join("stand-ins");
    std::fs::create_dir_all(&bin).unwrap();
    let curl = format!(
        "#!/bin/bash\nout=''\nurl=''\nwhile [ $# -gt 0 ]; do case \"$1\" in -o) out=\"$2\"; shift 2;; -*) shift;; *) url=\"$1\"; shift;; esac; done\n\
         echo \"$url\" >> '{0}/urls'\ncp '{0}'/\"${{url##*/}}\" \"$out\" 2>/dev/null || exit 22\n",
        release.display()
    );
    let cargo = "#!/bin/bash\necho \"cargo $*\" > \"$RUNNER_TEMP/built\"\nroot=\"${@: -1}\"\n\
                 printf '#!/bin/sh\\necho factlint built\\n' > \"$root/bin/factlint\"\nchmod +x \"$root/bin/factlint\"\n";
    for (name, text) in [("curl", curl.as_str()), ("cargo", cargo)] {
        std::fs::write(bin.join(name), text).unwrap();
        Command::new("chmod").arg("+x").arg(bin.join(name)).status().unwrap();
    }
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    Command::new("bash")
        .args(["-c", &script])
        .current_dir(runner_temp)
        .env("PATH", path)
        .env("RUNNER_TEMP", runner_temp)
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64")
        .env("GITHUB_SERVER_URL", "https://forge.invalid")
        .env("ACTION_REPOSITORY", "newsroom/factlint")
        .env("ACTION_REF", "v0.1.0")
        .env("ACTION_PATH", repo())
        .output()
        .unwrap()
}

/// The Action installs the release binary of its own tag only when its SHA-256 matches the release's; without a
/// release it builds from source; with a wrong checksum it stops.
#[test]
fn the_action_installs_its_release_binary_only_with_the_right_checksum() {
    let release = tempfile::tempdir().unwrap();
    let stage = release.path().join("stage");
    std::fs::create_dir_all(&stage).unwrap();
    std::fs::write(stage.join("factlint"), "#!/bin/sh\necho factlint released\n").unwrap();
    Command::new("chmod")
        .arg("+x")
        .arg(stage.join("factlint"))
        .status()
        .unwrap();
    let archive = "factlint-v0.1.0-x86_64-unknown-linux-gnu.tar.gz";
    let made = Command::new("tar")
        .args(["-czf", archive, "-C", "stage", "."])
        .current_dir(release.path())
        .status()
        .unwrap();
    assert!(made.success());
    let sum = Command::new("sha256sum")
        .arg(archive)
        .current_dir(release.path())
        .output()
        .unwrap();
    let sha = release.path().join(format!("{archive}.sha256"));
    std::fs::write(&sha, &sum.stdout).unwrap();

    let temp = tempfile::tempdir().unwrap();
    let out = install(release.path(), temp.path());
    assert!(out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("factlint released"),
        "{out:?}"
    );
    assert!(
        !temp.path().join("built").exists(),
        "no build when the release binary is there"
    );
    let urls = std::fs::read_to_string(release.path().join("urls")).unwrap();
    assert!(
        urls.starts_with(&format!(
            "https://forge.invalid/newsroom/factlint/releases/download/v0.1.0/{archive}\n"
        )),
        "{urls}"
    );

    // A checksum that does not match: stop, run nothing, build nothing.
    std::fs::write(&sha, format!("{}  {archive}\n", "0".repeat(64))).unwrap();
    let temp = tempfile::tempdir().unwrap();
    let out = install(release.path(), temp.path());
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("SHA-256"), "{out:?}");
    assert!(!temp.path().join("factlint/bin/factlint").exists());
    assert!(!temp.path().join("built").exists());

    // No release for this ref: built from the Action's source.
    std::fs::remove_file(release.path().join(archive)).unwrap();
    let temp = tempfile::tempdir().unwrap();
    let out = install(release.path(), temp.path());
    assert!(out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("factlint built"),
        "{out:?}"
    );
    let built = std::fs::read_to_string(temp.path().join("built")).unwrap();
    assert!(built.starts_with("cargo install --locked --path"), "{built}");
}
