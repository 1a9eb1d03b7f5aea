//! What a rule can test and say, per claim kind: the fields the check stage computes, the placeholders a message
//! may use, and the fixes it can apply. This is the contract between the resolver and the rules, in types: a field,
//! its values, a placeholder and an edit are enums, so the resolver cannot set a field a rule cannot name, nor a
//! value the loader would refuse. Loading validates rules against [`KINDS`], and the docs print it.

use crate::extract::{Approx, FigureKind, Label};

named_enum! {
    /// The kind of claim a rule applies to (`applies-to`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Kind {
        Role = "role",
        Figure = "figure",
        Date = "date",
        Quote = "quote",
        Attribution = "attribution",
        Spelling = "spelling",
        Text = "text",
    }
}

named_enum! {
    /// A field a rule's `when` can test.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Field {
        Label = "label",
        Status = "status",
        Name = "name",
        Quoted = "quoted",
        Historical = "historical",
        Kind = "kind",
        Vague = "vague",
        Approx = "approx",
        Sourced = "sourced",
        Statistic = "statistic",
        Reference = "reference",
        Direction = "direction",
        WeekdayConflict = "weekday-conflict",
        Speaker = "speaker",
        Affiliated = "affiliated",
        Named = "named",
    }
}

named_enum! {
    /// A value a message or fix description may insert (`{person}`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Placeholder {
        AsOf = "as-of",
        Text = "text",
        Person = "person",
        Title = "title",
        Label = "label",
        Office = "office",
        TermFrom = "term.from",
        TermTo = "term.to",
        CurrentOffice = "current-office",
        TitleThen = "title-then",
        Source = "source",
        Checked = "checked",
        DataAge = "data-age",
        Figure = "figure",
        Noun = "noun",
        Direction = "direction",
        ReferenceValue = "reference.value",
        ReferenceName = "reference.name",
        ReferenceAsOf = "reference.as-of",
        Weekday = "weekday",
        Date = "date",
        ActualWeekday = "actual-weekday",
        Speaker = "speaker",
        Quote = "quote",
        Written = "written",
        Intended = "intended",
        Match = "match",
        Suggestion = "suggestion",
    }
}

named_enum! {
    /// An automatic edit a fix may apply (`fix.edit`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum EditKind {
        RemoveLabel = "remove-label",
        InsertFormer = "insert-former",
        Replace = "replace",
    }
}

impl EditKind {
    /// Whether the edit is always right: "former" may be wrong in context, or the title the person holds now may be
    /// what the writer meant, so inserting it is applied only with `--unsafe-fixes`.
    pub fn is_safe(self) -> bool {
        self != EditKind::InsertFormer
    }
}

named_enum! {
    /// `status` of a role: whether the person holds the office on the as-of date.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Status {
        Current = "current",
        Past = "past",
        NotYet = "not-yet",
        Never = "never",
        Uncertain = "uncertain",
        Stale = "stale",
        Unknown = "unknown",
    }
}

named_enum! {
    /// `name` of a role: how the person is named.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum NameForm {
        Full = "full",
        Surname = "surname",
    }
}

named_enum! {
    /// `reference` of a figure: how it compares with the reference statistic.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Comparison {
        Matches = "matches",
        Differs = "differs",
        None = "none",
    }
}

named_enum! {
    /// `direction` of a figure: which way a differing figure is off.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Direction {
        Overstates = "overstates",
        Understates = "understates",
        None = "none",
    }
}

named_enum! {
    /// `speaker` of a quote: who it is attributed to.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum SpeakerKind {
        Known = "known",
        Unverified = "unverified",
        None = "none",
    }
}

/// A value of a field: its name in rules, and every name the type has.
pub trait FieldValue: Copy {
    const NAMES: &'static [&'static str];
    fn name(self) -> &'static str;
}

/// A field of a value type: the resolver can only set a field to a value of its type.
#[derive(Debug, Clone, Copy)]
pub struct Key<V> {
    pub field: Field,
    value: std::marker::PhantomData<V>,
}

const fn key<V>(field: Field) -> Key<V> {
    Key {
        field,
        value: std::marker::PhantomData,
    }
}

pub const LABEL: Key<Option<Label>> = key(Field::Label);
pub const STATUS: Key<Status> = key(Field::Status);
pub const NAME: Key<NameForm> = key(Field::Name);
pub const QUOTED: Key<bool> = key(Field::Quoted);
pub const HISTORICAL: Key<bool> = key(Field::Historical);
pub const KIND: Key<FigureKind> = key(Field::Kind);
pub const VAGUE: Key<bool> = key(Field::Vague);
pub const APPROX: Key<Approx> = key(Field::Approx);
pub const SOURCED: Key<bool> = key(Field::Sourced);
pub const STATISTIC: Key<bool> = key(Field::Statistic);
pub const REFERENCE: Key<Comparison> = key(Field::Reference);
pub const DIRECTION: Key<Direction> = key(Field::Direction);
pub const WEEKDAY_CONFLICT: Key<bool> = key(Field::WeekdayConflict);
pub const SPEAKER: Key<SpeakerKind> = key(Field::Speaker);
pub const AFFILIATED: Key<bool> = key(Field::Affiliated);
pub const NAMED: Key<bool> = key(Field::Named);

macro_rules! field_values {
    ($($type:ty),*) => {
        $(impl FieldValue for $type {
            const NAMES: &'static [&'static str] = <$type>::NAMES;

            fn name(self) -> &'static str {
                self.as_str()
            }
        })*
    };
}

field_values!(Status, NameForm, Comparison, Direction, SpeakerKind, FigureKind, Approx);

impl FieldValue for bool {
    const NAMES: &'static [&'static str] = &["true", "false"];

    fn name(self) -> &'static str {
        if self { "true" } else { "false" }
    }
}

/// No label is `none`.
impl FieldValue for Option<Label> {
    const NAMES: &'static [&'static str] = &[
        "none", "former", "then", "acting", "interim", "outgoing", "incoming", "late",
    ];

    fn name(self) -> &'static str {
        self.map_or("none", Label::as_str)
    }
}

/// A field a rule's `when` can test, with its values and what it means.
pub struct FieldSpec {
    pub field: Field,
    pub values: &'static [&'static str],
    pub doc: &'static str,
}

impl FieldSpec {
    const fn of<V: FieldValue>(key: Key<V>, doc: &'static str) -> FieldSpec {
        FieldSpec {
            field: key.field,
            values: V::NAMES,
            doc,
        }
    }
}

/// Everything a rule may refer to for one `applies-to` kind.
pub struct KindSpec {
    pub kind: Kind,
    pub doc: &'static str,
    pub fields: &'static [FieldSpec],
    pub placeholders: &'static [(Placeholder, &'static str)],
    pub edits: &'static [(EditKind, &'static str)],
}

/// Placeholders every rule may use.
pub const COMMON_PLACEHOLDERS: &[(Placeholder, &str)] = &[
    (
        Placeholder::AsOf,
        "the date the article is checked as of, in words (“16 May 2025”)",
    ),
    (Placeholder::Text, "the text the finding points at"),
];

pub const KINDS: &[KindSpec] = &[
    KindSpec {
        kind: Kind::Role,
        doc: "A title written before a known person's name: “Former U.S. President Donald Trump”.",
        fields: &[
            FieldSpec::of(LABEL, "the qualifier before the title (“ex-” reads as former)"),
            FieldSpec::of(
                STATUS,
                "whether the person holds the office on the as-of date, held it only before, takes it only later or never held it (these two only where the data lists every holder then), the data can't tell (partial dates; holders not all listed), the data's open term was checked too long before the date to tell (its source's `checked` plus `fresh-for`), or the office could not be identified",
            ),
            FieldSpec::of(
                NAME,
                "how the person is named: in full (or by an alias), or by a surname alone after the title (“President Obama”), the courtesy form many outlets keep for former holders",
            ),
            FieldSpec::of(
                QUOTED,
                "the title stands inside a direct quotation, which an editor cannot change",
            ),
            FieldSpec::of(
                HISTORICAL,
                "the term the status rests on ended 25 years or more before the as-of date, or the sentence dates its events within that term (“said in 1992”), so the mention is history told with the title then held (“President Lyndon B. Johnson's Democrats”)",
            ),
        ],
        placeholders: &[
            (Placeholder::Person, "the person's name in the reference data"),
            (Placeholder::Title, "the title as written"),
            (Placeholder::Label, "the qualifier as written (“Former”)"),
            (Placeholder::Office, "the office's full name"),
            (Placeholder::TermFrom, "start of the term that decides the status"),
            (Placeholder::TermTo, "end of that term (“open” when still in office)"),
            (
                Placeholder::CurrentOffice,
                "the offices the person holds on the as-of date",
            ),
            (
                Placeholder::TitleThen,
                "the title the person held on the as-of date with their name (“Commerce Secretary Wilbur Ross”), when the data knows of exactly one; else “the title … held on …”",
            ),
            (Placeholder::Source, "the source of the term"),
            (
                Placeholder::Checked,
                "when the term's source was last checked (“unknown” without a date)",
            ),
            (
                Placeholder::DataAge,
                "how long before the as-of date that was (“6 years”, “14 months”)",
            ),
        ],
        edits: &[
            (EditKind::RemoveLabel, "delete the qualifier (“Former ”)"),
            (EditKind::InsertFormer, "write “former” before the title"),
        ],
    },
    KindSpec {
        kind: Kind::Figure,
        doc: "A number or quantity: “over 12 million people”, “thousands”, “$250,000”, “17 percent”.",
        fields: &[
            FieldSpec::of(KIND, "what the figure measures"),
            FieldSpec::of(VAGUE, "a word quantity (“thousands”) rather than a number"),
            FieldSpec::of(
                APPROX,
                "how the wording hedges the number (“over”, “nearly”, “about”, “under”)",
            ),
            FieldSpec::of(
                SOURCED,
                "someone is credited with it: its sentence cites a source (a named one, “analysts say”, “the poll found”), it stands inside a quotation, or it continues a run of figures the sentence before attributes to a named source",
            ),
            FieldSpec::of(
                STATISTIC,
                "it is a statistic: a measure in aggregate (a share, an average, a total, a change, a range of measured values) told as fact — not a plan's term, a cap, a market move or price, a share of the vote — or a sum spent or scored over a horizon (“cost taxpayers over $12,000”, “would add $1 trillion over 10 years”)",
            ),
            FieldSpec::of(
                REFERENCE,
                "how it compares with the reference statistic its words point to, within that statistic's tolerance",
            ),
            FieldSpec::of(DIRECTION, "which way a differing figure is off"),
        ],
        placeholders: &[
            (Placeholder::Figure, "the figure as written"),
            (Placeholder::Noun, "what it counts, as written"),
            (Placeholder::Direction, "“overstates” or “understates”"),
            (Placeholder::ReferenceValue, "the reference value"),
            (Placeholder::ReferenceName, "what the reference statistic counts"),
            (Placeholder::ReferenceAsOf, "the date of the reference value"),
            (Placeholder::Source, "the reference statistic's source"),
        ],
        edits: &[],
    },
    KindSpec {
        kind: Kind::Date,
        doc: "A date or weekday: “on Friday”, “Tuesday, Dec. 19”, “in 2022”.",
        fields: &[FieldSpec::of(
            WEEKDAY_CONFLICT,
            "a weekday written next to a calendar date that falls on another weekday",
        )],
        placeholders: &[
            (Placeholder::Weekday, "the weekday as written"),
            (
                Placeholder::Date,
                "the calendar date, year resolved against the as-of date",
            ),
            (Placeholder::ActualWeekday, "the weekday that date falls on"),
        ],
        edits: &[],
    },
    KindSpec {
        kind: Kind::Quote,
        doc: "A quotation and who it is attributed to.",
        fields: &[
            FieldSpec::of(
                SPEAKER,
                "a person in the reference data, a named person no reference source knows, or no speaker found",
            ),
            FieldSpec::of(
                AFFILIATED,
                "the article gives the speaker a title or an organisation (“Judge …”, “…, an analyst at the Brookings Institution”), so a reader can check who they are",
            ),
        ],
        placeholders: &[
            (Placeholder::Speaker, "the speaker's name as written"),
            (Placeholder::Quote, "the quoted words"),
        ],
        edits: &[],
    },
    KindSpec {
        kind: Kind::Attribution,
        doc: "A statement credited to a source: “according to the UN”, “citing court records”.",
        fields: &[FieldSpec::of(
            NAMED,
            "the source can be looked up (not “sources”, “experts”)",
        )],
        placeholders: &[(Placeholder::Source, "the source as written")],
        edits: &[],
    },
    KindSpec {
        kind: Kind::Spelling,
        doc: "A capitalised word one letter off the surname of a person the article names in full: “McConnel” after “Mitch McConnell”.",
        fields: &[],
        placeholders: &[
            (Placeholder::Written, "the word as written"),
            (Placeholder::Intended, "the surname as the reference data spells it"),
            (Placeholder::Person, "the person's name in the reference data"),
        ],
        edits: &[(EditKind::Replace, "write the surname as the reference data spells it")],
    },
    KindSpec {
        kind: Kind::Text,
        doc: "A match of the rule's own `pattern` (existence), `swap` (substitution) or `consistent` (one spelling per article) in the prose; needs no reference data.",
        fields: &[FieldSpec::of(SOURCED, "the sentence of the match names a source")],
        placeholders: &[
            (Placeholder::Match, "the matched text"),
            (
                Placeholder::Suggestion,
                "the replacement (`swap`) or the spelling used first (`consistent`)",
            ),
        ],
        edits: &[(
            EditKind::Replace,
            "replace the match with the suggestion (`swap` and `consistent` rules)",
        )],
    },
];

/// What rules of `kind` may refer to.
pub fn kind_spec(kind: Kind) -> &'static KindSpec {
    KINDS
        .iter()
        .find(|k| k.kind == kind)
        .expect("every claim kind has a spec")
}
