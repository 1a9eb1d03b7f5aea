//! Figures: numbers in digits or words, with scales ("12 million"), approximators ("over", "nearly"),
//! percentages, money, and vague quantities ("thousands"). Each is read as the range of values it allows.

use std::ops::Range;

use serde::Serialize;

use super::cues::{self, Words};
use super::{Claim, ClaimKind, Sentences};
use crate::source::{Document, Span};

named_enum! {
    /// How a figure hedges its number.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum Approx {
        Exact = "exact",
        /// "over", "more than", "at least"
        AtLeast = "at-least",
        /// "nearly", "almost", "close to"
        JustUnder = "just-under",
        /// "about", "around", "roughly", "some", "an estimated"
        About = "about",
        /// "under", "less than", "up to", "at most"
        AtMost = "at-most",
    }
}

named_enum! {
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum FigureKind {
        Count = "count",
        Percent = "percent",
        Money = "money",
        /// "two hours", "30-day": spans of time, never compared with statistics.
        Duration = "duration",
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub text: String,
    /// The number as written, scaled ("12 million" → 12000000).
    pub value: f64,
    /// The smallest and largest values the wording allows.
    pub low: f64,
    pub high: f64,
    pub approx: Approx,
    /// A word quantity such as "thousands" rather than a number.
    pub vague: bool,
    pub figure_kind: FigureKind,
    /// What is counted, when a noun follows ("people").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub noun: Option<String>,
    /// The clause the figure stands in: the words that say what it counts.
    #[serde(skip)]
    pub clause: String,
    /// It is a statistic: a measure in aggregate — a share, an average, a total, a change, a range of measured
    /// values — told as fact (not a plan's term, a cap, a market move or price, a share of the vote), or a sum
    /// spent or scored over a horizon ("cost taxpayers over $12,000", "would add $1 trillion over 10 years").
    pub statistic: bool,
    /// Someone is credited with it: its sentence cites a source (anyone who said it, a poll or data that found
    /// it), it stands inside a quotation, or it continues a run of figures the sentence before attributes to a
    /// named source.
    pub sourced: bool,
}

const APPROX: Words = Words::folded(&[
    "more than",
    "over",
    "nearly",
    "almost",
    "about",
    "around",
    "roughly",
    "some",
    "at least",
    "at most",
    "up to",
    "fewer than",
    "less than",
    "under",
    "approximately",
    "an estimated",
    "close to",
    "just over",
    "just under",
    "as many as",
]);
const WORD_NUMBERS: &[(&str, f64)] = &[
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("fifteen", 15.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("hundred", 100.0),
    ("a hundred", 100.0),
    ("a thousand", 1000.0),
    ("a dozen", 12.0),
    ("dozen", 12.0),
    ("a million", 1e6),
    ("a billion", 1e9),
];
const VAGUE: &[(&str, f64, f64)] = &[
    ("dozens", 24.0, 99.0),
    ("scores", 40.0, 99.0),
    ("hundreds", 200.0, 999.0),
    ("thousands", 2_000.0, 9_999.0),
    ("tens of thousands", 20_000.0, 99_999.0),
    ("hundreds of thousands", 200_000.0, 999_999.0),
    ("millions", 2e6, 999e6),
    ("tens of millions", 2e7, 99e6),
    ("billions", 2e9, 999e9),
];
/// The words of [`WORD_NUMBERS`], in its order.
const NUMBER_WORDS: Words = Words::folded(&[
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "a hundred",
    "a thousand",
    "a dozen",
    "dozen",
    "a million",
    "a billion",
]);
/// The words of [`VAGUE`], longest first, so that "hundreds of thousands" is read whole.
const VAGUE_WORDS: Words = Words::folded(&[
    "hundreds of thousands",
    "tens of thousands",
    "tens of millions",
    "thousands",
    "hundreds",
    "millions",
    "billions",
    "dozens",
    "scores",
]);
// Compound numbers in words: "fifty-nine".
const TENS: &[&str] = &[
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const UNITS: &[&str] = &["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
const SCALES: Words = Words::folded(&["thousand", "million", "billion", "trillion", "bn"]);
const DURATION_UNITS: &[&str] = &["day", "week", "month", "year", "hour", "minute"];
const MORE: Words = Words::folded(&["more", "additional", "other", "of"]);

/// The value of a number written in words: "twelve", "a dozen", "fifty-nine".
fn word_value(raw: &str) -> Option<f64> {
    let single = |w: &str| {
        if w.eq_ignore_ascii_case("one") {
            return Some(1.0);
        }
        WORD_NUMBERS
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(w))
            .map(|(_, v)| *v)
    };
    match raw.split_once('-') {
        Some((tens, unit)) => Some(single(tens)? + single(unit)?),
        None => single(raw),
    }
}

const TIME_UNITS: &[&str] = &[
    "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "month", "months",
    "year", "years", "decade", "decades",
];

/// A figure read from a sentence, and where its parts are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct FigureMatch {
    /// The figure and the words read after it ("more", a noun).
    whole: Range<usize>,
    /// The figure itself, from its approximator to its unit.
    figure: Range<usize>,
    approx: Option<Range<usize>>,
    vague: Option<Range<usize>>,
    currency: Option<Range<usize>>,
    number: Option<Range<usize>>,
    scale: Option<Range<usize>>,
    percent: Option<Range<usize>>,
    unit: Option<Range<usize>>,
    noun: Option<Range<usize>>,
}

/// The figures of `sentence`, in order: perhaps an approximator ("more than"), then a vague quantity
/// ("thousands") or a number (digits with thousands separators or a decimal part, or words, perhaps after a
/// currency sign) with perhaps a scale ("million") and a percent sign; perhaps a unit ("-year"); then perhaps
/// "more" or "of" and a noun. Each starts where the first of these readings fits, as the pattern this replaces
/// read them.
fn read_figures(sentence: &str) -> impl Iterator<Item = FigureMatch> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let reader = FigureReader { text: sentence };
        let found = figure_starts(sentence, from).find_map(|at| reader.at(at))?;
        from = found.whole.end;
        Some(found)
    })
}

/// Where a figure can start in `text` from byte `from`: a digit, a currency sign, a character outside ASCII (a
/// digit of another script, a letter that folds onto an ASCII one), or a letter a word of a figure starts with,
/// at a word boundary ("US$" needs none). The letters after a word's first are passed over at a glance.
fn figure_starts(text: &str, from: usize) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    let mut at = from;
    std::iter::from_fn(move || {
        while let Some(&byte) = bytes.get(at) {
            let here = at;
            at += 1;
            match byte {
                b'0'..=b'9' | b'$' => return Some(here),
                b'a'..=b'z' | b'A'..=b'Z' => {
                    // Only "s", "S" and the long s (its first byte) fold onto the "S" of "US$".
                    let us_dollar = byte.eq_ignore_ascii_case(&b'u')
                        && bytes.get(here + 1).is_some_and(|b| matches!(b, b's' | b'S' | 0xC5))
                        && cues::read_folded(text, here, "US$").is_some();
                    let after_word = here > 0 && cues::is_word_byte(bytes[here - 1]);
                    if us_dollar || (!after_word && OPENERS.read_at(text, here)) {
                        return Some(here);
                    }
                    // The letters after it are inside a word: none of them starts a figure but the "u" of "US$".
                    while bytes
                        .get(at)
                        .is_some_and(|b| b.is_ascii_alphabetic() && !b.eq_ignore_ascii_case(&b'u'))
                    {
                        at += 1;
                    }
                }
                _ if !byte.is_ascii() && text.is_char_boundary(here) => return Some(here),
                _ => {}
            }
        }
        None
    })
}

/// The lists a figure that starts with a letter opens with: an approximator, a vague quantity or a number in
/// words (the tens of compound numbers are among [`NUMBER_WORDS`], and a word boundary follows them before the
/// hyphen); "US$" is the only other.
const OPENERS: cues::Lists<3> = cues::Lists::new([&APPROX, &VAGUE_WORDS, &NUMBER_WORDS]);

/// Reads the parts of a figure from one text.
struct FigureReader<'t> {
    text: &'t str,
}

impl FigureReader<'_> {
    fn at(&self, at: usize) -> Option<FigureMatch> {
        let approximated = APPROX.at(self.text, at).and_then(|approx_end| {
            let core = cues::spaced(self.text, approx_end)?;
            let mut figure = self.core(core)?;
            figure.approx = Some(at..approx_end);
            Some(figure)
        });
        let mut figure = approximated.or_else(|| self.core(at))?;
        figure.figure.start = at;
        // A unit glued to the figure: "10-year", "three-days".
        let mut end = figure.figure.end;
        if let Some(unit_end) = self.unit(end) {
            figure.unit = Some(end..unit_end);
            end = unit_end;
        }
        figure.figure.end = end;
        // "more", "additional", "other" or "of", then a noun: what the figure counts.
        if let Some(more) = cues::spaced(self.text, end)
            && let Some(more_end) = MORE.read_at(self.text, more)
        {
            end = more_end;
        }
        let noun = cues::spaces(self.text, end);
        let noun_end = cues::run(self.text, noun, |c| {
            c.is_ascii_alphabetic() || matches!(c, '\u{212A}' | '\u{17F}')
        });
        if noun > end && noun_end > noun {
            figure.noun = Some(noun..noun_end);
            end = noun_end;
        }
        figure.whole = at..end;
        Some(figure)
    }

    /// A vague quantity, or a number with its currency, scale and percent sign, from `at`.
    fn core(&self, at: usize) -> Option<FigureMatch> {
        if let Some(end) = VAGUE_WORDS.at(self.text, at) {
            return Some(FigureMatch {
                figure: at..end,
                vague: Some(at..end),
                ..FigureMatch::default()
            });
        }
        let currency = ["US$", "$", "€", "£"]
            .iter()
            .find_map(|c| cues::read_folded(self.text, at, c))
            .and_then(|end| Some((at..end, self.number(end)?)));
        let (currency, number) = match currency {
            Some((currency, number)) => (Some(currency), number),
            None => (None, self.number(at)?),
        };
        let mut end = number.end;
        let scale = self.after_spaces(end, |at| SCALES.read_at(self.text, at));
        if let Some(scale) = &scale {
            end = scale.end;
        }
        let percent = self.after_spaces(end, |at| {
            if self.text[at..].starts_with('%') {
                return Some(at + 1);
            }
            ["percent", "per cent"]
                .iter()
                .filter_map(|p| cues::read_folded(self.text, at, p))
                .find(|&end| cues::boundary(self.text, end))
        });
        if let Some(percent) = &percent {
            end = percent.end;
        }
        Some(FigureMatch {
            figure: at..end,
            currency,
            number: Some(number),
            scale,
            percent,
            ..FigureMatch::default()
        })
    }

    /// What `read` finds after any white space from `at`: its range.
    fn after_spaces(&self, at: usize, read: impl Fn(usize) -> Option<usize>) -> Option<Range<usize>> {
        let start = cues::spaces(self.text, at);
        read(start).map(|end| start..end)
    }

    /// A number from `at`: digits in groups of three ("1,250,000.5"), digits ("3.5"), or words ("fifty-nine",
    /// "a dozen").
    fn number(&self, at: usize) -> Option<Range<usize>> {
        let digits = |from: usize, count: usize| {
            let mut end = from;
            for _ in 0..count {
                end += cues::char_at(self.text, end)
                    .filter(|&c| cues::DIGIT.contains(c))?
                    .len_utf8();
            }
            Some(end)
        };
        let all_digits = |from: usize| cues::run(self.text, from, |c| cues::DIGIT.contains(c));
        // A decimal part, if one follows.
        let decimals = |end: usize| {
            let after = self.text[end..].starts_with('.').then(|| all_digits(end + 1));
            after.filter(|&after| after > end + 1).unwrap_or(end)
        };
        let grouped = [3, 2, 1].into_iter().find_map(|lead| {
            let mut end = digits(at, lead)?;
            let mut groups = 0;
            while self.text[end..].starts_with(',')
                && let Some(group_end) = digits(end + 1, 3)
            {
                end = group_end;
                groups += 1;
            }
            (groups > 0).then(|| decimals(end))
        });
        if let Some(end) = grouped {
            return Some(at..end);
        }
        let plain = all_digits(at);
        if plain > at {
            return Some(at..decimals(plain));
        }
        if !cues::boundary(self.text, at) {
            return None;
        }
        let compound = TENS.iter().find_map(|tens| {
            let hyphen = cues::read_folded(self.text, at, tens)?;
            let unit = hyphen + usize::from(self.text[hyphen..].starts_with('-'));
            (unit > hyphen).then_some(())?;
            UNITS
                .iter()
                .filter_map(|u| cues::read_folded(self.text, unit, u))
                .find(|&end| cues::boundary(self.text, end))
        });
        compound
            .or_else(|| NUMBER_WORDS.read_at(self.text, at))
            .map(|end| at..end)
    }

    /// A unit joined by a hyphen ("-year", "-days"), from `at`: where it ends.
    fn unit(&self, at: usize) -> Option<usize> {
        if !self.text[at..].starts_with('-') {
            return None;
        }
        let end = DURATION_UNITS
            .iter()
            .find_map(|u| cues::read_folded(self.text, at + 1, u))?;
        let plural = cues::read_folded(self.text, end, "s");
        plural
            .filter(|&after| cues::boundary(self.text, after))
            .or_else(|| cues::boundary(self.text, end).then_some(end))
    }
}

/// Finds the figures of a document, leaving out what `taken` (dates) already covers.
pub fn figures(doc: &Document, sentences: &Sentences, taken: &[Span]) -> Vec<Claim> {
    let mut claims = Vec::new();
    for sentence in sentences.texts(doc) {
        let text = sentence.text;
        let mut cues = None;
        for found in read_figures(text) {
            // What follows the figure ("more", the noun) is context, not part of its span.
            let whole = found.whole.clone();
            let (start, text_end) = (found.figure.start, found.figure.end);
            let span = sentence.span(start, text_end);
            if overlaps_any(taken, span) || preceded_by_word(text, whole.start) {
                continue;
            }
            let Some(figure) = read(&found, text) else {
                continue;
            };
            let clause = clause_around(text, whole.start, whole.end).to_lowercase();
            let statistic = figure.figure_kind != FigureKind::Duration
                && !figure.vague
                && is_statistic(
                    figure.figure_kind == FigureKind::Percent,
                    &within_before(text, start, LEAD_BYTES).to_lowercase(),
                    &within_after(text, text_end, LEAD_BYTES).to_lowercase(),
                    &clause,
                    cues.get_or_insert_with(|| SentenceCues::of(text)),
                );
            claims.push(Claim {
                span,
                sentence: sentence.index,
                kind: ClaimKind::Figure(Figure {
                    text: text[start..text_end].to_string(),
                    clause,
                    statistic,
                    ..figure
                }),
            });
        }
    }
    claims
}

/// Whether `span` overlaps one of `taken`, spans in document order that do not overlap one another.
fn overlaps_any(taken: &[Span], span: Span) -> bool {
    // The spans that end after `span` starts are those from the first of them on; the first of those overlaps it
    // if any does.
    let after = taken.partition_point(|t| t.end <= span.start);
    taken.get(after).is_some_and(|t| t.start < span.end)
}

/// A number glued to a word ("COVID-19", "F-16", "U-2") is a name, not a figure.
fn preceded_by_word(text: &str, start: usize) -> bool {
    text[..start]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '-')
}

fn read(found: &FigureMatch, text: &str) -> Option<Figure> {
    let part = |range: &Option<Range<usize>>| range.clone().map(|r| &text[r]);
    let approx = part(&found.approx).map_or(Approx::Exact, |a| approx_of(&a.to_lowercase()));
    let noun = || part(&found.noun).map(str::to_lowercase);
    if let Some(v) = part(&found.vague) {
        let (_, low, high) = VAGUE.iter().find(|(w, _, _)| w.eq_ignore_ascii_case(v))?;
        return Some(Figure {
            text: String::new(),
            value: *low,
            low: *low,
            high: *high,
            approx,
            vague: true,
            figure_kind: FigureKind::Count,
            noun: noun().filter(|n| !is_function_word(n)),
            clause: String::new(),
            statistic: false,
            sourced: false,
        });
    }
    let number = found.number.clone()?;
    let raw = &text[number.clone()];
    let digits = if raw.contains(',') {
        raw.replace(',', "").into()
    } else {
        std::borrow::Cow::Borrowed(raw)
    };
    let mut value = match digits.parse::<f64>() {
        Ok(v) => v,
        Err(_) => word_value(raw)?,
    };
    let is_digits = raw.starts_with(|c: char| c.is_ascii_digit());
    let scale = part(&found.scale).map(str::to_lowercase);
    let currency = found.currency.is_some();
    let percent = found.percent.is_some();
    // A bare four-digit number between 1800 and 2100 is a year; dates are read elsewhere.
    if is_digits
        && !raw.contains([',', '.'])
        && raw.len() == 4
        && (1800.0..=2100.0).contains(&value)
        && scale.is_none()
        && !currency
        && !percent
    {
        return None;
    }
    // Ordinals ("2nd") and times ("10:30") are not figures.
    let after = &text[number.end..];
    if after.starts_with(|c: char| c.is_ascii_alphabetic() && !c.is_ascii_uppercase())
        && found.scale.is_none()
        && found.percent.is_none()
        && found.unit.is_none()
    {
        return None;
    }
    if after.starts_with(':') || text[..number.start].ends_with(':') {
        return None;
    }
    value *= match scale.as_deref() {
        Some("thousand") => 1e3,
        Some("million") => 1e6,
        Some("billion") | Some("bn") => 1e9,
        Some("trillion") => 1e12,
        _ => 1.0,
    };
    let noun = noun();
    let duration = found.unit.is_some() || noun.as_deref().is_some_and(|n| TIME_UNITS.contains(&n));
    let figure_kind = if percent {
        FigureKind::Percent
    } else if currency {
        FigureKind::Money
    } else if duration {
        FigureKind::Duration
    } else {
        FigureKind::Count
    };
    let (low, high) = match approx {
        Approx::Exact => (value, value),
        Approx::AtLeast => (value, f64::INFINITY),
        Approx::JustUnder => (value * 0.9, value),
        Approx::About => (value * 0.9, value * 1.1),
        Approx::AtMost => (0.0, value),
    };
    Some(Figure {
        text: String::new(),
        value,
        low,
        high,
        approx,
        vague: false,
        figure_kind,
        noun: noun.filter(|n| !is_function_word(n)),
        clause: String::new(),
        statistic: false,
        sourced: false,
    })
}

fn approx_of(word: &str) -> Approx {
    match word {
        "more than" | "over" | "at least" | "just over" | "as many as" => Approx::AtLeast,
        "nearly" | "almost" | "close to" | "just under" => Approx::JustUnder,
        "under" | "less than" | "fewer than" | "up to" | "at most" => Approx::AtMost,
        _ => Approx::About,
    }
}

// A figure measures in aggregate when it is a share of something ("17 percent of revenue", "half of the
// $470,000"), an average or a total, or a range of measured values.
const FRACTIONS: Words = Words::exact(&[
    "half",
    "third",
    "thirds",
    "quarter",
    "quarters",
    "majority",
    "most",
    "share",
    "proportion",
    "fraction",
]);
// A measured change: "removals fell 6 percent", "a 40 percent drop", "down 6 percent from a year earlier".
const CHANGE: Words = Words::exact(&[
    "rose",
    "risen",
    "fell",
    "fallen",
    "increased",
    "decreased",
    "declined",
    "grew",
    "grown",
    "jumped",
    "dropped",
    "climbed",
    "slipped",
    "surged",
    "plunged",
    "slid",
    "up",
    "down",
    "increase",
    "decrease",
    "decline",
    "drop",
    "fewer",
    "more than a year",
    "more than the year",
]);
const AGGREGATE_WORD: Words = Words::exact(&[
    "average",
    "median",
    "mean",
    "total",
    "totals",
    "totaled",
    "totalled",
    "totaling",
    "totalling",
    "cumulative",
    "combined",
    "aggregate",
    "ranged from",
    "ranging from",
    "per capita",
    "turnout",
]);
// Shares of a vote are counted in public by election officials.
const BALLOTS: Words = Words::exact(&["vote", "votes", "ballots", "precincts"]);
// Plans, proposals, forecasts and conditions: their numbers are terms, not measurements.
const HYPOTHETICAL: Words = Words::folded(&[
    "would",
    "will",
    "could",
    "can",
    "cannot",
    "might",
    "may",
    "must",
    "should",
    "shall",
    "plan",
    "plans",
    "planned",
    "proposal",
    "proposals",
    "proposed",
    "proposes",
    "propose",
    "bill",
    "bills",
    "expect",
    "expects",
    "expected",
    "projected",
    "forecast",
    "forecasts",
    "aim",
    "aims",
    "seek",
    "seeks",
    "want",
    "wants",
    "calls for",
    "if",
    "unless",
]);
// A sentence about a market reports prices and moves from the market itself.
const MARKET: Words = Words::exact(&[
    "Share",
    "Shares",
    "share",
    "shares",
    "Stock",
    "Stocks",
    "stock",
    "stocks",
    "index",
    "indexes",
    "indices",
    "yield",
    "yields",
    "yielding",
    "futures",
    "traded",
    "trading",
    "dollar",
    "euro",
    "S&P",
    "Dow",
    "Nasdaq",
    "investors",
]);
// Prices, stakes and closing levels are deal and market terms; caps, limits, thresholds, rates, deductions and
// brackets are a rule's terms.
const TERMS: Words = Words::folded(&[
    "price",
    "prices",
    "priced",
    "valued",
    "valuation",
    "market value",
    "owned",
    "owns",
    "stake",
    "closed",
    "ended",
    "finished",
    "rally",
    "session",
    "rate",
    "rates",
    "deduction",
    "deductions",
    "tax credit",
    "tax credits",
    "bracket",
    "brackets",
    "exemption",
    "exemptions",
    "up to",
    "or less",
    "or more",
    "no more than",
    "cap",
    "caps",
    "capped",
    "limit",
    "limits",
    "limited",
    "threshold",
    "ceiling",
    "maximum",
    "minimum",
]);
// A sum spent, paid or raised: "cost taxpayers over $12,000", "paid Fusion $1.02 million".
const SPENDING: Words = Words::exact(&[
    "cost",
    "costs",
    "paid",
    "spent",
    "raised",
    "donated",
    "contributed",
    "received",
    "earned",
    "lost",
]);

/// "… of" after a figure: a share of something.
fn share_after(after: &str) -> bool {
    let of = cues::spaces(after, 0);
    of > 0 && after[of..].starts_with("of") && cues::boundary(after, of + 2)
}

/// "… of the 100 votes": a share of an election's count ("of (the) (word) votes", one word at most between).
fn election_result(after: &str) -> bool {
    let of = cues::spaces(after, 0);
    if of == 0 || !after[of..].starts_with("of") {
        return false;
    }
    let Some(start) = cues::spaced(after, of + 2) else {
        return false;
    };
    // After "of ": the count's noun, perhaps after "the", one word, or both.
    let after_word = |at: usize| {
        let end = cues::run(after, at, |c| cues::is_word_char(c) || c == '’' || c == '\'');
        (end > at).then(|| cues::spaced(after, end)).flatten()
    };
    let after_the = after[start..]
        .starts_with("the")
        .then(|| cues::spaced(after, start + 3))
        .flatten();
    let mut starts = vec![start];
    starts.extend(after_the);
    let with_word: Vec<usize> = starts.iter().filter_map(|&at| after_word(at)).collect();
    starts.extend(with_word);
    starts.iter().any(|&at| BALLOTS.read_at(after, at).is_some())
}

/// "half of (the)" before a figure.
fn fraction_before(before: &str) -> bool {
    let (text, _) = cues::trim_spaces(before);
    [" the", " its", " their", " all", ""]
        .iter()
        .filter_map(|determiner| text.strip_suffix(determiner)?.strip_suffix(" of"))
        .any(|fraction| FRACTIONS.ends(fraction))
}

/// "cost (taxpayers) " before a figure: a spending verb, perhaps one word, then the figure.
fn spent_before(before: &str) -> bool {
    let (text, spaced) = cues::trim_spaces(before);
    if !spaced {
        return false;
    }
    if SPENDING.ends(text) {
        return true;
    }
    let word = text
        .char_indices()
        .rev()
        .take_while(|&(_, c)| cues::is_word_char(c))
        .last()
        .map_or(text.len(), |(i, _)| i);
    let (verb, spaced) = cues::trim_spaces(&text[..word]);
    word < text.len() && spaced && SPENDING.ends(verb)
}

/// A horizon a sum is scored over: "over the next 10 years", "in a decade", "between 2017 and 2027", "from 2018
/// to 2028".
fn scored(sentence: &str) -> bool {
    // Where white space after `at` ends, if there is any.
    let spaced = |at: usize| cues::spaced(sentence, at);
    let word_then_space = |at: usize, word: &str| spaced(cues::read_folded(sentence, at, word)?);
    // Where four digits at `at` end.
    let year = |at: usize| {
        let mut chars = sentence[at..].char_indices();
        (0..4)
            .all(|_| chars.next().is_some_and(|(_, c)| cues::DIGIT.contains(c)))
            .then(|| chars.next().map_or(sentence.len(), |(i, _)| at + i))
    };
    let over_years = |at: usize| {
        let Some(start) = ["over", "in", "during"].iter().find_map(|w| word_then_space(at, w)) else {
            return false;
        };
        let mut starts = vec![start];
        starts.extend(word_then_space(start, "the"));
        let modified: Vec<usize> = starts
            .iter()
            .flat_map(|&at| ["next", "first", "coming"].map(|w| word_then_space(at, w)))
            .flatten()
            .collect();
        starts.extend(modified);
        starts.iter().any(|&at| {
            let digits = cues::run(sentence, at, |c| cues::DIGIT.contains(c));
            let number = (digits > at).then(|| spaced(digits)).flatten();
            let word = ["ten", "five", "a"].iter().find_map(|w| word_then_space(at, w));
            [number, word].into_iter().flatten().any(|at| {
                ["years", "decade"]
                    .iter()
                    .any(|w| cues::read_folded(sentence, at, w).is_some())
            })
        })
    };
    let between_years = |at: usize, first: &str, joins: &[&str]| {
        word_then_space(at, first)
            .and_then(year)
            .and_then(spaced)
            .is_some_and(|next| {
                joins
                    .iter()
                    .filter_map(|join| word_then_space(next, join))
                    .any(|at| year(at).is_some())
            })
    };
    (0..sentence.len()).any(|at| {
        // Each cue starts with one of these letters, in either case.
        matches!(
            sentence.as_bytes()[at].to_ascii_lowercase(),
            b'o' | b'i' | b'd' | b'b' | b'f'
        ) && cues::boundary(sentence, at)
            && (over_years(at)
                || between_years(at, "between", &["and"])
                || between_years(at, "from", &["to", "through"]))
    })
}

/// Bytes either side of a figure read for the words that make it a statistic: enough for a sentence's subject and
/// verb, and a bound on the work per figure in a sentence that never ends.
const LEAD_BYTES: usize = 160;

/// At most `limit` bytes of `text` before `at`, starting on a character boundary.
fn within_before(text: &str, at: usize, limit: usize) -> &str {
    let mut from = at.saturating_sub(limit);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    &text[from..at]
}

/// At most `limit` bytes of `text` after `at`, ending on a character boundary.
fn within_after(text: &str, at: usize, limit: usize) -> &str {
    let mut to = (at + limit).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    &text[at..to]
}

/// What a sentence says about all its figures, read once per sentence.
struct SentenceCues {
    /// It is about a market (see [`MARKET`]).
    market: bool,
    /// It names a horizon a sum is scored over (see [`scored`]).
    horizon: bool,
}

impl SentenceCues {
    fn of(sentence: &str) -> SentenceCues {
        SentenceCues {
            market: MARKET.is_match(sentence),
            horizon: scored(sentence),
        }
    }
}

/// The lists [`is_statistic`] reads a figure's clause for.
const CLAUSE_CUES: cues::Lists<4> = cues::Lists::new([&CHANGE, &AGGREGATE_WORD, &HYPOTHETICAL, &TERMS]);

/// Whether a figure measures something in aggregate and is told as fact (see [`Figure::statistic`]).
fn is_statistic(percent: bool, before: &str, after: &str, clause: &str, sentence: &SentenceCues) -> bool {
    // Which cue lists the clause holds, read in one pass: bit 0 a change, 1 an aggregate, 2 a hypothesis, 3 terms.
    let in_clause = CLAUSE_CUES.present(clause);
    let (change_word, aggregate, hypothetical, terms) = (
        in_clause & 1 != 0,
        in_clause & 2 != 0,
        in_clause & 4 != 0,
        in_clause & 8 != 0,
    );
    let share = percent && share_after(after) && !election_result(after);
    let change = percent && change_word;
    let measured = share || change || fraction_before(before) || aggregate;
    // A plan's modal verb stands before the figure in the writer's own words, not in a quotation before them.
    let own_lead = before.rsplit(['”', '"']).next().unwrap_or(before);
    let told_as_fact = !HYPOTHETICAL.is_match(own_lead) && !hypothetical && !terms && !sentence.market;
    // "the $20 trillion national debt", "a sweeping $1.5 trillion tax bill": a level the reader is reminded of or
    // a label, not a new figure.
    let reminded = before
        .split_whitespace()
        .rev()
        .take(2)
        .any(|w| matches!(w, "the" | "a" | "an" | "its" | "their"));
    // A sum spent or scored over a horizon is somebody's count even when it is a plan's ("would add $1 trillion
    // to the deficit over 10 years").
    let counted_sum = !percent && !reminded && (sentence.horizon || spent_before(before)) && !terms;
    counted_sum || (measured && told_as_fact)
}

/// Words that can follow a number without saying what it counts.
fn is_function_word(word: &str) -> bool {
    matches!(
        word,
        "and"
            | "or"
            | "to"
            | "in"
            | "on"
            | "at"
            | "the"
            | "a"
            | "an"
            | "by"
            | "for"
            | "from"
            | "with"
            | "as"
            | "is"
            | "was"
            | "were"
            | "are"
            | "have"
            | "had"
            | "has"
            | "said"
            | "more"
            | "than"
    )
}

/// The clause around a figure: from the previous comma, semicolon or dash to the next.
/// Read no further than [`CLAUSE_BYTES`] either way, so a sentence without commas costs no more per figure.
fn clause_around(text: &str, start: usize, end: usize) -> &str {
    let is_break = |c: char| matches!(c, ',' | ';' | '—' | '–' | '(' | ')');
    let lead = within_before(text, start, CLAUSE_BYTES);
    let from = lead.rfind(is_break).map_or(start - lead.len(), |i| {
        start - lead.len() + i + lead[i..].chars().next().map_or(1, char::len_utf8)
    });
    let tail = within_after(text, end, CLAUSE_BYTES);
    let to = tail.find(is_break).map_or(end + tail.len(), |i| end + i);
    &text[from..to]
}

/// Bytes either side of a figure that its clause may span.
const CLAUSE_BYTES: usize = 400;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::cues::testing;
    use crate::source::Format;
    use regex::Regex;

    #[test]
    fn the_openers_hold_every_word_a_figure_starts_with() {
        // The compound numbers' tens are read from `TENS`; a figure can only start where an opener list has them.
        assert!(TENS.iter().all(|tens| NUMBER_WORDS.words().contains(tens)));
    }

    #[test]
    fn figures_are_read_as_their_pattern_did() {
        let pattern = Regex::new(r"(?i)(?P<figure>(?:(?-u:\b)(?P<approx>more than|over|nearly|almost|about|around|roughly|some|at least|at most|up to|fewer than|less than|under|approximately|an estimated|close to|just over|just under|as many as)\s+)?(?:(?-u:\b)(?P<vague>hundreds of thousands|tens of thousands|tens of millions|thousands|hundreds|millions|billions|dozens|scores)(?-u:\b)|(?P<currency>US\$|\$|€|£)?(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?-u:\b)(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six|seven|eight|nine)|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|a hundred|a thousand|a dozen|dozen|a million|a billion)(?-u:\b))(?:\s*(?P<scale>thousand|million|billion|trillion|bn)(?-u:\b))?(?:\s*(?P<percent>%|percent(?-u:\b)|per cent(?-u:\b)))?)(?P<unit>-(?:day|week|month|year|hour|minute)s?(?-u:\b))?)(?:\s+(?:more|additional|other|of)(?-u:\b))?(?:\s+(?P<noun>[a-zA-Z]+))?").unwrap();
        let words = [
            "more than",
            "over",
            "about",
            "at least",
            "up to",
            "some",
            "as many as",
            "thousands",
            "hundreds of",
            "hundreds of thousands",
            "tens of",
            "dozens",
            "US$",
            "us$",
            "$",
            "€",
            "£",
            "1,250,000",
            "1,234",
            "12,34",
            "1234,567",
            "3.5",
            "12",
            "0.",
            "٣",
            "5",
            "twenty",
            "twenty-one",
            "fifty-nine",
            "-",
            "seven",
            "a dozen",
            "a",
            "hundred",
            "a million",
            "million",
            "bn",
            "billion",
            "%",
            "percent",
            "per cent",
            "-year",
            "-days",
            "-day",
            "-weeks",
            "s",
            "more",
            "of",
            "other",
            "people",
            "troops",
            "ſ",
            "K",
            "2017",
        ];
        let texts = testing::texts(61, 10000, 12, &words);
        let parts = |text: &str| -> Vec<FigureMatch> {
            pattern
                .captures_iter(text)
                .map(|c| {
                    let part = |name: &str| c.name(name).map(|m| m.range());
                    FigureMatch {
                        whole: c.get(0).unwrap().range(),
                        figure: c.name("figure").unwrap().range(),
                        approx: part("approx"),
                        vague: part("vague"),
                        currency: part("currency"),
                        number: part("number"),
                        scale: part("scale"),
                        percent: part("percent"),
                        unit: part("unit"),
                        noun: part("noun"),
                    }
                })
                .collect()
        };
        testing::agree(
            "figures",
            &texts,
            5000,
            parts,
            |t| read_figures(t).collect(),
            |found| !found.is_empty(),
        );
        // The word lists are the tables' own.
        let words: Vec<&str> = WORD_NUMBERS.iter().map(|(w, _)| *w).collect();
        assert_eq!(NUMBER_WORDS.words(), words);
        let mut vague: Vec<&str> = VAGUE.iter().map(|(w, _, _)| *w).collect();
        vague.sort_by_key(|w| std::cmp::Reverse(w.len()));
        assert_eq!(VAGUE_WORDS.words(), vague);
    }

    /// The cues, each compared on generated text with the pattern it replaces.
    #[test]
    fn cues_read_as_their_patterns_did() {
        let is = |pattern: &str| {
            let pattern = Regex::new(pattern).unwrap();
            move |t: &str| pattern.is_match(t)
        };
        let cases: [(&str, testing::Predicate, &[&str], usize); 10] = [
            (r"^\s+of(?-u:\b)", share_after, &[" of", "  of", "often", "of"], 300),
            (
                r"(?-u:\b)(?:half|third|thirds|quarter|quarters|majority|most|share|proportion|fraction) of(?: the| its| their| all)?\s*$",
                fraction_before,
                &[
                    "half of",
                    "most of",
                    "of the",
                    " its",
                    "fraction",
                    "half of the",
                    "share of their",
                ],
                300,
            ),
            (
                r"(?-u:\b)(?:rose|risen|fell|fallen|increased|decreased|declined|grew|grown|jumped|dropped|climbed|slipped|surged|plunged|slid|up|down|increase|decrease|decline|drop|fewer|more than (?:a|the) year)(?-u:\b)",
                |t| CHANGE.is_match(t),
                &[
                    "rose",
                    "up",
                    "down",
                    "more than",
                    "year",
                    "more than a year",
                    "drop",
                    "drops",
                ],
                1000,
            ),
            (
                r"(?-u:\b)(?:average|median|mean|total|totals|totaled|totalled|totaling|totalling|cumulative|combined|aggregate|ranged from|ranging from|per capita|turnout)(?-u:\b)",
                |t| AGGREGATE_WORD.is_match(t),
                &["average", "ranged", "from", "per capita", "totals", "turnouts"],
                1000,
            ),
            (
                r"^\s+of\s+(?:the\s+)?(?:[\w’']+\s+)?(?:vote|votes|ballots|precincts)(?-u:\b)",
                election_result,
                &[
                    " of",
                    " of the",
                    "votes",
                    "vote",
                    "ballots",
                    "popular",
                    "the",
                    " of the popular",
                ],
                100,
            ),
            (
                r"(?i)(?-u:\b)(?:would|will|could|can|cannot|might|may|must|should|shall|plans?|planned|proposals?|proposed|proposes|propose|bills?|expects?|expected|projected|forecast|forecasts|aims?|seeks?|wants?|calls for|if|unless)(?-u:\b)",
                |t| HYPOTHETICAL.is_match(t),
                &["would", "calls for", "calls", "plans", "if", "SEEKS", "bill"],
                1000,
            ),
            (
                r"(?-u:\b)(?:[Ss]hares?|[Ss]tocks?|index|indexes|indices|yields?|yielding|futures|traded|trading|dollar|euro|S&P|Dow|Nasdaq|investors)(?-u:\b)",
                |t| MARKET.is_match(t),
                &["shares", "Stock", "S&P", "S&", "Dow", "yields", "euros"],
                1000,
            ),
            (
                r"(?i)(?-u:\b)(?:price|prices|priced|valued|valuation|market value|owned|owns|stake|closed|ended|finished|rally|session|rates?|deductions?|tax credits?|brackets?|exemptions?|up to|or less|or more|no more than|caps?|capped|limits?|limited|threshold|ceiling|maximum|minimum)(?-u:\b)",
                |t| TERMS.is_match(t),
                &["price", "tax credit", "tax", "up to", "or more", "caps", "market value"],
                1000,
            ),
            (
                r"(?i)(?-u:\b)(?:over|in|during)\s+(?:the\s+)?(?:next\s+|first\s+|coming\s+)?(?:\d+|ten|five|a)\s+(?:years|decade)|(?-u:\b)between\s+\d{4}\s+and\s+\d{4}|(?-u:\b)from\s+\d{4}\s+(?:to|through)\s+\d{4}",
                scored,
                &[
                    "over",
                    "in",
                    "the",
                    "next",
                    "10",
                    "years",
                    "decade",
                    "decades",
                    "between",
                    "2017",
                    "and",
                    "from",
                    "to",
                    "through",
                    "20171",
                    "٢٠١٧",
                    "over the next",
                    "ten years",
                    "a decade",
                    "over the next 10 years",
                    "In a decade",
                    "during the first five years",
                    "between 2017 and 2027",
                    "from 2018 to 2028",
                    "from 2018 through",
                    "between 2017",
                    "in 10",
                ],
                300,
            ),
            (
                r"(?-u:\b)(?:cost|costs|paid|spent|raised|donated|contributed|received|earned|lost)\s+(?:\w+\s+)?$",
                spent_before,
                &["cost", "costs", "paid", "taxpayers", "lost", " ", "cost taxpayers "],
                300,
            ),
        ];
        for (seed, (pattern, reader, words, at_least)) in cases.into_iter().enumerate() {
            let texts = testing::texts(100 + seed as u64, 4000, 10, words);
            testing::agree(pattern, &texts, at_least, is(pattern), reader, |&m| m);
        }
    }

    fn figures_in(text: &str) -> Vec<Figure> {
        let doc = Document::parse("t.txt", text.to_string(), Format::Text).unwrap();
        let sentences = Sentences::split(&doc, crate::deadline::Deadline::NEVER).unwrap();
        figures(&doc, &sentences, &[])
            .into_iter()
            .filter_map(|c| match c.kind {
                ClaimKind::Figure(f) => Some(f),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn scales_approximators_and_vague_quantities() {
        let found = figures_in("The war has displaced over 12 million people, with thousands more injured or killed.");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].text, "over 12 million");
        assert_eq!(found[0].low, 12e6);
        assert_eq!(found[0].noun.as_deref(), Some("people"));
        assert!(found[0].clause.contains("displaced"));
        assert!(!found[0].clause.contains("killed"));
        assert!(found[1].vague);
        assert_eq!(found[1].high, 9_999.0);
    }

    #[test]
    fn years_names_and_durations_are_not_counts() {
        let found = figures_in("In 2022 the F-16 flew for under two hours during a 30-day ceasefire; 1,000 prisoners.");
        let kinds: Vec<(String, FigureKind)> = found.iter().map(|f| (f.text.clone(), f.figure_kind)).collect();
        assert_eq!(
            kinds,
            vec![
                ("under two".to_string(), FigureKind::Duration),
                ("30-day".to_string(), FigureKind::Duration),
                ("1,000".to_string(), FigureKind::Count)
            ]
        );
    }

    fn statistic(text: &str) -> bool {
        figures_in(text).first().expect("a figure").statistic
    }

    #[test]
    fn statistics_are_aggregate_measures_told_as_fact() {
        assert!(statistic(
            "Hospitals spent roughly 12 percent of their budgets on staff."
        ));
        assert!(statistic("The average monthly rent is about $1,900."));
        assert!(statistic(
            "More than half of the $3 million came from outside the city."
        ));
        assert!(statistic("Subsidies ranged from 4 percent in 2019 to 9 percent."));
        assert!(statistic("Donors gave a total of $17 billion."));
        // Plans, caps, market moves, stakes, votes and single amounts are not.
        assert!(!statistic("The bill would cap the deduction at 30 percent of income."));
        assert!(!statistic("Firms may deduct up to 30 percent of income."));
        assert!(!statistic("Shares of the company fell 3 percent of their value."));
        assert!(!statistic("The fund owned 20 percent of the port operator."));
        assert!(!statistic("She won the seat with 61 percent of the vote."));
        assert!(!statistic("He was held on a $1 million bond."));
        assert!(!statistic("The dollar, which had been weak, slipped 0.5 percent."));
        assert!(!statistic(
            "Leaders raised to 23 percent from 17 percent a deduction for owners."
        ));
        // Changes and sums spent or scored over a horizon are.
        assert!(statistic("Removals were down 6 percent from the previous year."));
        assert!(statistic("One flight cost taxpayers over $12,000."));
        assert!(statistic(
            "The plan would add about $1 trillion to deficits over 10 years."
        ));
        assert!(!statistic("The plan would add to the $20 trillion debt over 10 years."));
        // A modal verb inside a quotation before the figure is someone else's plan, not the figure's.
        assert!(statistic(
            "Critics warned, “this would hurt,” as firms spent 17 percent of revenue on research."
        ));
    }

    #[test]
    fn money_and_percent() {
        let words = figures_in("Fifty-nine percent of residents voted.");
        assert_eq!((words[0].value, words[0].figure_kind), (59.0, FigureKind::Percent));
        let found = figures_in("It cost about $250,000, some 17 percent of revenue.");
        assert_eq!(found[0].figure_kind, FigureKind::Money);
        assert_eq!(found[0].value, 250_000.0);
        assert_eq!(found[1].figure_kind, FigureKind::Percent);
    }
}
