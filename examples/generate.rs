//! Writes the benchmark inputs to disk for whole-process runs (`bench/run.sh`):
//!
//! ```sh
//! cargo run --release --example generate -- corpus DIR ARTICLES   # DIR/article-00000.md …
//! cargo run --release --example generate -- people DIR PEOPLE     # bundled reference data + PEOPLE generated people
//! ```

#[path = "../bench/support/generate.rs"]
mod generate;

use std::path::Path;

/// People per generated reference file: a newsroom splits data into files of this order.
const PEOPLE_PER_FILE: usize = 10_000;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [kind, dir, count] = args.as_slice() else {
        anyhow::bail!("usage: generate corpus|people DIR COUNT");
    };
    let dir = Path::new(dir);
    let count: usize = count.parse()?;
    std::fs::create_dir_all(dir)?;
    match kind.as_str() {
        "corpus" => {
            for i in 0..count {
                std::fs::write(dir.join(format!("article-{i:05}.md")), generate::article(i))?;
            }
        }
        "people" => {
            let bundled = factlint::bundled::files(factlint::bundled::REFERENCE_DATA);
            for (path, text) in bundled
                .into_iter()
                .chain(generate::people_files(count, PEOPLE_PER_FILE))
            {
                let name = Path::new(&path).file_name().expect("generated paths name a file");
                std::fs::write(dir.join(name), text)?;
            }
        }
        other => anyhow::bail!("unknown kind `{other}` (expected corpus or people)"),
    }
    Ok(())
}
