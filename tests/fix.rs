//! `--fix`: safe fixes applied atomically and the rest reported against the fixed text; `--dry-run` shows a
//! diff and writes nothing; unsafe fixes only on request.

use std::path::Path;
use std::process::Command;

use insta_cmd::assert_cmd_snapshot;

use crate::common;

fn seed_copy() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let seed =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed/article.md")).unwrap();
    std::fs::write(dir.path().join("article.md"), &seed).unwrap();
    (dir, seed)
}

fn factlint(dir: &Path) -> Command {
    common::factlint_in(dir)
}

fn rules_found(dir: &Path, extra: &[&str]) -> Vec<String> {
    let out = factlint(dir)
        .args(["check", "--format", "jsonl", "article.md"])
        .args(extra)
        .output()
        .unwrap();
    common::jsonl_rules(&out.stdout)
}

#[test]
fn fix_corrects_the_seed_and_a_second_run_no_longer_reports_it() {
    let (dir, seed) = seed_copy();
    assert!(rules_found(dir.path(), &[]).contains(&"FL101".to_string()));
    assert_cmd_snapshot!(factlint(dir.path()).args(["check", "--fix", "--format", "concise", "article.md"]));
    let fixed = std::fs::read_to_string(dir.path().join("article.md")).unwrap();
    assert!(fixed.contains("\nU.S. President Donald Trump announced from Abu Dhabi"));
    assert_eq!(
        fixed,
        seed.replacen(
            "Former U.S. President Donald Trump announced",
            "U.S. President Donald Trump announced",
            1
        )
    );
    assert!(!rules_found(dir.path(), &[]).contains(&"FL101".to_string()));
}

#[test]
fn dry_run_prints_a_diff_and_writes_nothing() {
    let (dir, seed) = seed_copy();
    assert_cmd_snapshot!(factlint(dir.path()).args(["check", "--fix", "--dry-run", "article.md"]));
    assert_eq!(std::fs::read_to_string(dir.path().join("article.md")).unwrap(), seed);
}

#[test]
fn inserting_former_is_an_unsafe_fix() {
    let (dir, _) = seed_copy();
    let as_of = ["--date", "2025-09-01"];
    factlint(dir.path())
        .args(["check", "--fix", "article.md"])
        .args(as_of)
        .output()
        .unwrap();
    assert!(
        rules_found(dir.path(), &as_of).contains(&"FL102".to_string()),
        "FL102 is left without --unsafe-fixes"
    );
    factlint(dir.path())
        .args(["check", "--fix", "--unsafe-fixes", "article.md"])
        .args(as_of)
        .output()
        .unwrap();
    let fixed = std::fs::read_to_string(dir.path().join("article.md")).unwrap();
    assert!(
        fixed.contains("Former Ukrainian Defence Minister Rustem Umerov said"),
        "{fixed}"
    );
    assert!(!rules_found(dir.path(), &as_of).contains(&"FL102".to_string()));
}

/// A file whose fixes cannot be written (here: no room for the copy kept beside it while it is rewritten, as in a
/// read-only directory, which root could write to) was still checked: its findings are reported, the error says
/// the fixes were not written, and the summary does not count it as a file that could not be checked.
#[test]
fn fixes_that_cannot_be_written_are_an_error_of_a_checked_file() {
    let (dir, seed) = seed_copy();
    let name = format!("{}.md", "a".repeat(240));
    std::fs::rename(dir.path().join("article.md"), dir.path().join(&name)).unwrap();
    let output = factlint(dir.path())
        .args(["check", "--fix", "--format", "concise", &name])
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    assert_eq!(output.status.code(), Some(2), "{stdout}\n{stderr}");
    assert!(
        stderr.contains(&format!("error: {name}: checked, but the fixes could not be written: ")),
        "{stderr}"
    );
    assert!(
        stdout.contains(&format!("{name}:")),
        "the findings are reported: {stdout}"
    );
    assert!(!stdout.contains("could not be checked"), "{stdout}");
    assert_eq!(std::fs::read_to_string(dir.path().join(&name)).unwrap(), seed);
}

#[test]
fn fixing_standard_input_prints_the_fixed_text_and_reports_what_is_left() {
    let mut child = crate::common::bin()
        .args(["check", "--fix", "--date", "2025-05-16", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        child.stdin.as_mut().unwrap(),
        b"Former U.S. President Donald Trump spoke.\n\nExperts say the talks failed.\n",
    )
    .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stdout,
        "U.S. President Donald Trump spoke.\n\nExperts say the talks failed.\n"
    );
    assert!(
        stderr.contains("-:3:1: warning FL402"),
        "what is left is reported: {stderr}"
    );
    assert_eq!(out.status.code(), Some(1), "and a finding left fails the run: {stderr}");
}

/// `--fix` then a check, over 80 generated articles: sentences with fixable claims (a wrong "Former", a title
/// that needs "former", a misspelt surname, an outdated place name) in every markup that can hold them. Every
/// fixed article parses again, no byte outside the edits changes, and no edit leaves empty emphasis or link text.
#[test]
fn fixes_keep_every_other_byte_and_the_markup_well_formed() {
    use factlint::source::{Document, Format};

    const SENTENCES: [&str; 6] = [
        "Former U.S. President Donald Trump spoke in Kiev.",
        "U.S. President Barack Obama met Senator Mitch McConnell; McConnel said nothing.",
        "Former Secretary of State Antony Blinken arrived.",
        "The weather in Kiev was mild.",
        "Experts say the talks failed.",
        "Former U.S. President Joe Biden spoke.",
    ];
    const WRAPS: [(&str, &str); 8] = [
        ("", ""),
        ("*", "*"),
        ("**", "**"),
        ("[", "](https://example.org)"),
        ("> ", ""),
        ("- ", ""),
        ("## ", ""),
        ("_", "_"),
    ];
    // Markup an edit broke: emphasis or a link with nothing inside, or emphasis marks left as literal text.
    let broken_markup = |text: &str| {
        use pulldown_cmark::{Event, Parser, Tag};
        let events: Vec<Event> = Parser::new(text).collect();
        let empty = events
            .windows(2)
            .filter(|pair| {
                matches!(
                    (&pair[0], &pair[1]),
                    (
                        Event::Start(Tag::Emphasis | Tag::Strong | Tag::Link { .. }),
                        Event::End(_)
                    )
                )
            })
            .count();
        let literal = events
            .iter()
            .filter(|event| matches!(event, Event::Text(t) if t.contains(['*', '_'])))
            .count();
        empty + literal
    };
    // A small linear congruential generator: the same articles on every run.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % n
    };
    let mut fixed_any = 0;
    for case in 0..80 {
        let mut text = String::from("---\ntitle: A draft\ndate: 2025-05-16\n---\n\n");
        for _ in 0..1 + next(4) {
            let sentence = SENTENCES[next(SENTENCES.len())];
            let (open, close) = WRAPS[next(WRAPS.len())];
            // Wrap the whole sentence, or only its first word (the label, where there is one).
            match next(2) {
                0 => text.push_str(&format!("{open}{sentence}{close}\n\n")),
                _ => {
                    let (first, rest) = sentence.split_once(' ').unwrap();
                    text.push_str(&format!("{open}{first}{close} {rest}\n\n"));
                }
            }
        }
        let doc = Document::parse("t.md", text.clone(), Format::Markdown).unwrap();
        let findings = common::check(&common::CHECKER, &doc, common::date("2025-05-16"), &[]);
        let fixed = factlint::fix::apply(&text, &findings, true);
        let mut edits: Vec<_> = fixed
            .applied
            .iter()
            .flat_map(|&i| findings[i].fix.as_ref().unwrap().edits.clone())
            .collect();
        edits.sort_by_key(|e| e.start);
        let mut expected = String::new();
        let mut at = 0;
        for edit in &edits {
            expected.push_str(&text[at..edit.start]);
            expected.push_str(&edit.replacement);
            at = edit.end;
        }
        expected.push_str(&text[at..]);
        assert_eq!(
            fixed.text, expected,
            "case {case}: a byte outside the edits changed\n{text}"
        );
        assert!(
            Document::parse("t.md", fixed.text.clone(), Format::Markdown).is_ok(),
            "case {case}: the fixed article does not parse\n{}",
            fixed.text
        );
        assert_eq!(
            broken_markup(&text),
            0,
            "case {case}: the generated article is well-formed\n{text}"
        );
        assert_eq!(
            broken_markup(&fixed.text),
            0,
            "case {case}: an edit broke the markup\n{text}\n→\n{}",
            fixed.text
        );
        fixed_any += usize::from(!edits.is_empty());
    }
    assert!(
        fixed_any > 60,
        "most generated articles had something to fix: {fixed_any}"
    );
}
