//! In-process benchmarks on one core: factlint's throughput (parse, extract, check) over a generated news
//! corpus and, when `../shared/corpus/reuters-2017/clean` is beside the repository, the Reuters corpus; the
//! physical limit it is measured against (one Aho-Corasick pass of every reference name over the same bytes);
//! and the scale of the reference data (YAML load, compiling and opening the reference index, and the
//! per-article check with 1k, 100k and 1M generated people). `cargo bench --bench throughput`; filter with a name, e.g. `-- scale`.
//!
//! The allocation profiler reports bytes allocated per run, which is the memory figure of each benchmark.

#[path = "support/generate.rs"]
mod generate;

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use chrono::NaiveDate;
use divan::Bencher;
use divan::counter::{BytesCount, ItemsCount};
use factlint::bundled;
use factlint::check::Checker;
use factlint::reference::{ReferenceData, cache, index};
use factlint::rules::RuleSet;
use factlint::source::{Document, Format};

#[global_allocator]
static ALLOC: divan::AllocProfiler = divan::AllocProfiler::system();

/// Articles in the generated corpus (about 1.7 MB, the size of the Reuters set).
const GENERATED_ARTICLES: usize = 1_000;
const PEOPLE_PER_FILE: usize = 10_000;

fn main() {
    divan::main();
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 5, 16).expect("valid date")
}

fn reference(people: usize) -> ReferenceData {
    let mut files = bundled::files(bundled::REFERENCE_DATA);
    files.extend(generate::people_files(people, PEOPLE_PER_FILE));
    ReferenceData::from_files(&files).expect("generated reference data loads")
}

fn rules() -> RuleSet {
    RuleSet::from_files(&bundled::files(bundled::RULES)).expect("bundled rules load")
}

static BUNDLED: LazyLock<Checker> = LazyLock::new(|| Checker::new(reference(0), rules()));

struct Corpus {
    articles: Vec<(String, String)>,
    bytes: usize,
}

impl Corpus {
    fn new(articles: Vec<(String, String)>) -> Corpus {
        let bytes = articles.iter().map(|(_, text)| text.len()).sum();
        Corpus { articles, bytes }
    }

    fn check(&self, bencher: Bencher, checker: &Checker) {
        bencher
            .counter(BytesCount::new(self.bytes))
            .counter(ItemsCount::new(self.articles.len()))
            .bench(|| {
                let mut findings = 0;
                for (path, text) in &self.articles {
                    let doc = Document::parse(path, text.clone(), Format::Markdown).expect("corpus parses");
                    findings += checker.check(&doc, as_of()).findings.len();
                }
                findings
            });
    }

    /// The limit: one leftmost-longest Aho-Corasick pass of every person's name and alias over the raw bytes.
    fn name_scan(&self, bencher: Bencher, reference: &ReferenceData) {
        let names: Vec<&str> = reference
            .people
            .iter()
            .flat_map(|p| std::iter::once(&p.name).chain(&p.aliases))
            .map(String::as_str)
            .collect();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&names)
            .expect("names build an automaton");
        bencher
            .counter(BytesCount::new(self.bytes))
            .counter(ItemsCount::new(self.articles.len()))
            .bench(|| {
                self.articles
                    .iter()
                    .map(|(_, text)| automaton.find_iter(divan::black_box(text.as_str())).count())
                    .sum::<usize>()
            });
    }
}

static GENERATED: LazyLock<Corpus> = LazyLock::new(|| {
    Corpus::new(
        (0..GENERATED_ARTICLES)
            .map(|i| (format!("article-{i:05}.md"), generate::article(i)))
            .collect(),
    )
});

/// The Reuters set, when the shared reference material is beside the repository (never in it).
static REUTERS: LazyLock<Option<Corpus>> = LazyLock::new(|| {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/reuters-2017/clean");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| Some(e.ok()?.path()))
        .collect();
    paths.sort();
    let articles = paths
        .into_iter()
        .filter_map(|p| Some((p.display().to_string(), std::fs::read_to_string(&p).ok()?)))
        .collect();
    Some(Corpus::new(articles))
});

mod corpus {
    use super::*;

    #[divan::bench]
    fn factlint_generated(bencher: Bencher) {
        GENERATED.check(bencher, &BUNDLED);
    }

    #[divan::bench]
    fn name_scan_generated(bencher: Bencher) {
        GENERATED.name_scan(bencher, &BUNDLED.reference);
    }

    #[divan::bench]
    fn factlint_reuters(bencher: Bencher) {
        match REUTERS.as_ref() {
            Some(corpus) => corpus.check(bencher, &BUNDLED),
            None => eprintln!("skipped: ../shared/corpus/reuters-2017/clean is not beside the repository"),
        }
    }

    #[divan::bench]
    fn name_scan_reuters(bencher: Bencher) {
        if let Some(corpus) = REUTERS.as_ref() {
            corpus.name_scan(bencher, &BUNDLED.reference);
        }
    }

    /// Time to first finding for one draft, without process start-up: what an editor integration pays.
    #[divan::bench]
    fn single_draft(bencher: Bencher) {
        let text = generate::article(0);
        bencher.counter(BytesCount::new(text.len())).bench(|| {
            let doc = Document::parse("draft.md", text.clone(), Format::Markdown).expect("draft parses");
            BUNDLED.check(&doc, as_of()).findings.len()
        });
    }

    /// What start-up costs in-process: loading the bundled rules and reference data and building the lexicon.
    #[divan::bench]
    fn load_bundled(bencher: Bencher) {
        bencher.bench(|| Checker::new(reference(0), rules()));
    }
}

/// Reference data at scale: generated people (two terms each) beside the bundled data.
mod scale {
    use super::*;

    const SIZES: &[usize] = &[1_000, 100_000, 1_000_000];

    /// Checkers by size, built once: a million people take a while to load.
    static CHECKERS: LazyLock<Vec<(usize, Checker)>> = LazyLock::new(|| {
        SIZES
            .iter()
            .map(|&n| (n, Checker::new(reference(n), rules())))
            .collect()
    });

    fn checker(people: usize) -> &'static Checker {
        &CHECKERS
            .iter()
            .find(|(n, _)| *n == people)
            .expect("a benchmarked size")
            .1
    }

    /// Parsing and validating the YAML.
    #[divan::bench(args = SIZES, sample_count = 1, sample_size = 1)]
    fn load_yaml(bencher: Bencher, people: usize) {
        let mut files = bundled::files(bundled::REFERENCE_DATA);
        files.extend(generate::people_files(people, PEOPLE_PER_FILE));
        let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
        bencher
            .counter(BytesCount::new(bytes))
            .bench(|| ReferenceData::from_files(&files).expect("loads"));
    }

    /// Compiling the reference index (name, title and first-name maps, office holders, people rows) from loaded
    /// data: what `reference compile` and a run with a cold cache pay once.
    #[divan::bench(args = SIZES, sample_count = 1, sample_size = 1)]
    fn compile_index(bencher: Bencher, people: usize) {
        let data = reference(people);
        bencher.bench(|| index::encode(&data).len());
    }

    /// Opening a compiled index from a cache file and building the checker over it: what every run with a warm
    /// cache pays (the file mapped, its checksum verified, the small tables decoded).
    #[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
    fn open_index(bencher: Bencher, people: usize) {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("reference.bin");
        cache::write(&path, &index::encode(&reference(people))).expect("the image is written");
        bencher.bench(|| Checker::compiled(cache::read(&path).expect("the image opens"), RuleSet::default()));
    }

    /// One generated article checked: must not grow with the number of people.
    #[divan::bench(args = SIZES)]
    fn check_article(bencher: Bencher, people: usize) {
        let checker = checker(people);
        let text = generate::article(1);
        bencher.counter(BytesCount::new(text.len())).bench(|| {
            let doc = Document::parse("draft.md", text.clone(), Format::Markdown).expect("draft parses");
            checker.check(&doc, as_of()).findings.len()
        });
    }
}
