//! Deterministic generated inputs for the benchmarks: news-like articles that exercise every claim kind, and
//! reference data with any number of people. Nothing here is real text, so the repository holds no corpus; the
//! same seed gives the same bytes on every machine.

#![allow(dead_code)]

/// Opening phrases with a title and a person of the bundled reference data (some right, some wrong for the date).
const ROLES: &[&str] = &[
    "Former U.S. President Donald Trump",
    "Russian President Vladimir Putin",
    "Turkey’s Foreign Minister Hakan Fidan",
    "Ukrainian President Volodymyr Zelenskyy",
    "U.S. Secretary of State Marco Rubio",
    "Russian Foreign Minister Sergey Lavrov",
    "then-Defence Minister Rustem Umerov",
    "Polish Prime Minister Donald Tusk",
];
const VERBS: &[&str] = &["said", "told reporters", "announced", "warned", "added", "confirmed"];
const TOPICS: &[&str] = &[
    "the talks in Istanbul would resume next week",
    "the ceasefire proposal needed more work",
    "the prisoner exchange was the largest since the start of the conflict",
    "sanctions would stay in place until the end of the year",
    "the delegation had arrived in Abu Dhabi on Tuesday, May 13",
    "aid deliveries to the region had doubled since March",
];
const FIGURES: &[&str] = &[
    "over 12 million people have been displaced by the war in Ukraine",
    "about 6.9 million refugees from Ukraine were recorded abroad, according to UNHCR",
    "thousands of civilians were killed or injured in Ukraine",
    "nearly 3.7 million people were internally displaced in Ukraine, the IOM said",
    "the budget grew by 4.5 percent to $21 billion",
    "some 1,000 prisoners were exchanged on each side",
];
const FILLER: &[&str] = &[
    "Negotiators met for two hours behind closed doors before a short joint statement was read to the press.",
    "Diplomats in the region say the next round could take weeks to arrange, and no date has been set.",
    "The meeting took place in a converted palace on the Bosphorus, with delegations seated at separate tables.",
    "Markets in Europe moved little on the news, and analysts said investors were waiting for firmer signals.",
    "Officials on both sides described the atmosphere as businesslike, though neither gave details of the agenda.",
    "Local media reported long queues at border crossings as families tried to reach relatives before the winter.",
];
const FIRST_NAMES: &[&str] = &[
    "Alina", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hamid", "Irina", "Jonas", "Katya", "Luis",
    "Marta", "Nikolai", "Olga", "Pavel", "Quentin", "Rosa", "Stefan", "Tamara",
];
const SYLLABLES: &[&str] = &[
    "ka", "lo", "ver", "min", "dor", "sa", "tel", "ru", "bek", "no", "vi", "ran", "zo", "pel", "gu", "mar", "ti",
    "sen", "fa", "hol", "dri", "kov", "ya", "len", "bo", "cas", "ne", "wil", "os", "tar", "ju", "mek",
];
/// Titles of the generated offices; "Deputy Minister of …" reads like a real title before a name.
const PORTFOLIOS: &[&str] = &[
    "Trade",
    "Energy",
    "Transport",
    "Health",
    "Education",
    "Culture",
    "Fisheries",
    "Housing",
    "Labour",
    "Tourism",
];

/// A small, fast, deterministic generator (SplitMix64), so the corpus is the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// The name of generated person `i`: unique for every `i` below 20 × 32⁴ (about 21 million).
pub fn person_name(i: usize) -> String {
    let first = FIRST_NAMES[i % FIRST_NAMES.len()];
    let mut rest = i / FIRST_NAMES.len();
    let mut last = String::new();
    for _ in 0..4 {
        last.push_str(SYLLABLES[rest % SYLLABLES.len()]);
        rest /= SYLLABLES.len();
    }
    let mut chars = last.chars();
    let capital: String = chars
        .next()
        .map(|c| c.to_ascii_uppercase())
        .into_iter()
        .chain(chars)
        .collect();
    format!("{first} {capital}")
}

/// Article `i` of the generated corpus: front matter, a headline and about 3 KB of news prose with roles,
/// figures, dates, quotes, attributions, and two people of the generated reference data (below 1,000, so
/// every generated data set knows them).
pub fn article(i: usize) -> String {
    let mut rng = Rng(i as u64);
    let mut text = format!(
        "---\ntitle: Talks update {i}\ndate: 2025-05-{:02}\n---\n\n# Talks resume as envoys meet in Istanbul\n\n",
        1 + i % 28
    );
    for paragraph in 0..8 {
        let role = rng.pick(ROLES);
        let verb = rng.pick(VERBS);
        let topic = rng.pick(TOPICS);
        let figure = rng.pick(FIGURES);
        let filler = rng.pick(FILLER);
        let portfolio = rng.pick(PORTFOLIOS);
        let person = person_name((rng.next() % 1000) as usize);
        match paragraph % 4 {
            0 => text.push_str(&format!("{role} {verb} that {topic}. {filler}\n\n")),
            1 => text.push_str(&format!(
                "“We are ready to keep talking,” {role} {verb}. Experts say {figure}.\n\n"
            )),
            2 => text.push_str(&format!(
                "Deputy Minister of {portfolio} {person} {verb} that {figure}. {filler}\n\n"
            )),
            _ => text.push_str(&format!("- {filler}\n- According to the UN, {figure}.\n\n")),
        }
    }
    text
}

/// Reference files for `count` generated people with two terms each, `per_file` people to a file, plus one
/// file with their jurisdiction and offices. Add them to the bundled files to load them together.
pub fn people_files(count: usize, per_file: usize) -> Vec<(String, String)> {
    let mut offices = String::from(
        "source: {name: generated benchmark data, checked: 2025-05-20}\njurisdictions:\n  - {id: gen, name: Freedonia, adjectives: [Freedonian]}\noffices:\n",
    );
    for (k, portfolio) in PORTFOLIOS.iter().enumerate() {
        offices.push_str(&format!(
            "  - {{id: gen-deputy-{k}, name: Deputy Minister of {portfolio} of Freedonia, jurisdiction: gen, titles: [Deputy Minister of {portfolio}]}}\n"
        ));
    }
    let mut files = vec![("generated/generated-offices.yaml".to_string(), offices)];
    for (n, start) in (0..count).step_by(per_file.max(1)).enumerate() {
        let mut yaml = String::from("source: {name: generated benchmark data, checked: 2025-05-20}\npeople:\n");
        for i in start..(start + per_file).min(count) {
            let office = i % PORTFOLIOS.len();
            let year = 1990 + i % 30;
            yaml.push_str(&format!(
                "  - id: gen-{i}\n    name: {}\n    terms:\n      - {{office: gen-deputy-{office}, from: {year}-01-15, to: {}-01-14}}\n      - {{office: gen-deputy-{}, from: {}-02-01}}\n",
                person_name(i),
                year + 4,
                (office + 1) % PORTFOLIOS.len(),
                year + 5,
            ));
        }
        files.push((format!("generated/generated-people-{n:04}.yaml"), yaml));
    }
    files
}
