//! What a rule can test and say, per claim kind: the fields the check stage computes, the placeholders a message
//! may use, and the fixes it can apply. Loading validates rules against this table, and the docs print it.

/// A field a rule's `when` can test.
pub struct FieldSpec {
    pub name: &'static str,
    pub values: &'static [&'static str],
    pub doc: &'static str,
}

/// Everything a rule may refer to for one `applies-to` kind.
pub struct KindSpec {
    pub kind: &'static str,
    pub doc: &'static str,
    pub fields: &'static [FieldSpec],
    pub placeholders: &'static [(&'static str, &'static str)],
    pub edits: &'static [(&'static str, &'static str)],
}

const BOOL: &[&str] = &["true", "false"];

/// Placeholders every rule may use.
pub const COMMON_PLACEHOLDERS: &[(&str, &str)] = &[
    ("as-of", "the date the article is checked as of (YYYY-MM-DD)"),
    ("text", "the text the finding points at"),
];

pub const KINDS: &[KindSpec] = &[
    KindSpec {
        kind: "role",
        doc: "A title written before a known person's name: “Former U.S. President Donald Trump”.",
        fields: &[
            FieldSpec {
                name: "label",
                values: &[
                    "none", "former", "then", "acting", "interim", "outgoing", "incoming", "late",
                ],
                doc: "the qualifier before the title (“ex-” reads as former)",
            },
            FieldSpec {
                name: "status",
                values: &["current", "past", "not-yet", "never", "uncertain", "stale", "unknown"],
                doc: "whether the person holds the office on the as-of date, held it only before, takes it only later or never held it (these two only where the data lists every holder then), the data can't tell (partial dates; holders not all listed), the data's open term was checked too long before the date to tell (its source's `checked` plus `fresh-for`), or the office could not be identified",
            },
            FieldSpec {
                name: "name",
                values: &["full", "surname"],
                doc: "how the person is named: in full (or by an alias), or by a surname alone after the title (“President Obama”), the courtesy form many outlets keep for former holders",
            },
            FieldSpec {
                name: "quoted",
                values: BOOL,
                doc: "the title stands inside a direct quotation, which an editor cannot change",
            },
            FieldSpec {
                name: "historical",
                values: BOOL,
                doc: "the term the status rests on ended 25 years or more before the as-of date, so the mention is history told with the title then held (“President Lyndon B. Johnson's Democrats”)",
            },
        ],
        placeholders: &[
            ("person", "the person's name in the reference data"),
            ("title", "the title as written"),
            ("label", "the qualifier as written (“Former”)"),
            ("office", "the office's full name"),
            ("term.from", "start of the term that decides the status"),
            ("term.to", "end of that term (“open” when still in office)"),
            ("current-office", "the offices the person holds on the as-of date"),
            ("source", "the source of the term"),
            (
                "checked",
                "when the term's source was last checked (“unknown” without a date)",
            ),
            (
                "data-age",
                "how long before the as-of date that was (“6 years”, “14 months”)",
            ),
        ],
        edits: &[
            ("remove-label", "delete the qualifier (“Former ”)"),
            ("insert-former", "write “former” before the title"),
        ],
    },
    KindSpec {
        kind: "figure",
        doc: "A number or quantity: “over 12 million people”, “thousands”, “$250,000”, “17 percent”.",
        fields: &[
            FieldSpec {
                name: "kind",
                values: &["count", "percent", "money", "duration"],
                doc: "what the figure measures",
            },
            FieldSpec {
                name: "vague",
                values: BOOL,
                doc: "a word quantity (“thousands”) rather than a number",
            },
            FieldSpec {
                name: "approx",
                values: &["exact", "at-least", "just-under", "about", "at-most"],
                doc: "how the wording hedges the number (“over”, “nearly”, “about”, “under”)",
            },
            FieldSpec {
                name: "sourced",
                values: BOOL,
                doc: "someone is credited with it: its sentence cites a source (a named one, “analysts say”, “the poll found”), it stands inside a quotation, or it continues a run of figures the sentence before attributes to a named source",
            },
            FieldSpec {
                name: "statistic",
                values: BOOL,
                doc: "it is a statistic: a measure in aggregate (a share, an average, a total, a change, a range of measured values) told as fact — not a plan's term, a cap, a market move or price, a share of the vote — or a sum spent or scored over a horizon (“cost taxpayers over $12,000”, “would add $1 trillion over 10 years”)",
            },
            FieldSpec {
                name: "reference",
                values: &["matches", "differs", "none"],
                doc: "how it compares with the reference statistic its words point to, within that statistic's tolerance",
            },
            FieldSpec {
                name: "direction",
                values: &["overstates", "understates", "none"],
                doc: "which way a differing figure is off",
            },
        ],
        placeholders: &[
            ("figure", "the figure as written"),
            ("noun", "what it counts, as written"),
            ("direction", "“overstates” or “understates”"),
            ("reference.value", "the reference value"),
            ("reference.name", "what the reference statistic counts"),
            ("reference.as-of", "the date of the reference value"),
            ("source", "the reference statistic's source"),
        ],
        edits: &[],
    },
    KindSpec {
        kind: "date",
        doc: "A date or weekday: “on Friday”, “Tuesday, Dec. 19”, “in 2022”.",
        fields: &[FieldSpec {
            name: "weekday-conflict",
            values: BOOL,
            doc: "a weekday written next to a calendar date that falls on another weekday",
        }],
        placeholders: &[
            ("weekday", "the weekday as written"),
            ("date", "the calendar date, year resolved against the as-of date"),
            ("actual-weekday", "the weekday that date falls on"),
        ],
        edits: &[],
    },
    KindSpec {
        kind: "quote",
        doc: "A quotation and who it is attributed to.",
        fields: &[
            FieldSpec {
                name: "speaker",
                values: &["known", "unverified", "none"],
                doc: "a person in the reference data, a named person no reference source knows, or no speaker found",
            },
            FieldSpec {
                name: "affiliated",
                values: BOOL,
                doc: "the article gives the speaker a title or an organisation (“Judge …”, “…, an analyst at the Brookings Institution”), so a reader can check who they are",
            },
        ],
        placeholders: &[
            ("speaker", "the speaker's name as written"),
            ("quote", "the quoted words"),
        ],
        edits: &[],
    },
    KindSpec {
        kind: "attribution",
        doc: "A statement credited to a source: “according to the UN”, “citing court records”.",
        fields: &[FieldSpec {
            name: "named",
            values: BOOL,
            doc: "the source can be looked up (not “sources”, “experts”)",
        }],
        placeholders: &[("source", "the source as written")],
        edits: &[],
    },
    KindSpec {
        kind: "spelling",
        doc: "A capitalised word one letter off the surname of a person the article names in full: “McConnel” after “Mitch McConnell”.",
        fields: &[],
        placeholders: &[
            ("written", "the word as written"),
            ("intended", "the surname as the reference data spells it"),
            ("person", "the person's name in the reference data"),
        ],
        edits: &[("replace", "write the surname as the reference data spells it")],
    },
    KindSpec {
        kind: "text",
        doc: "A match of the rule's own `pattern` (existence), `swap` (substitution) or `consistent` (one spelling per article) in the prose; needs no reference data.",
        fields: &[FieldSpec {
            name: "sourced",
            values: BOOL,
            doc: "the sentence of the match names a source",
        }],
        placeholders: &[
            ("match", "the matched text"),
            (
                "suggestion",
                "the replacement (`swap`) or the spelling used first (`consistent`)",
            ),
        ],
        edits: &[(
            "replace",
            "replace the match with the suggestion (`swap` and `consistent` rules)",
        )],
    },
];

/// Edits that may be wrong in context, applied only with `--unsafe-fixes`: "former" may be right, or the
/// title the person holds now may be what the writer meant.
pub const UNSAFE_EDITS: &[&str] = &["insert-former"];

pub fn kind_spec(kind: &str) -> Option<&'static KindSpec> {
    KINDS.iter().find(|k| k.kind == kind)
}
