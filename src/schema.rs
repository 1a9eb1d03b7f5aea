//! JSON Schemas of the files users write (rules, reference data, `factlint.yaml`), generated from the same
//! serde types that read them, so editors with yaml-language-server complete and check exactly what loads.

/// Which file a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaKind {
    Rule,
    Reference,
    Config,
}

impl SchemaKind {
    pub const ALL: [SchemaKind; 3] = [SchemaKind::Rule, SchemaKind::Reference, SchemaKind::Config];

    /// The kind's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            SchemaKind::Rule => "rule",
            SchemaKind::Reference => "reference",
            SchemaKind::Config => "config",
        }
    }

    /// Where the committed copy lives, relative to the repository.
    pub fn file(self) -> &'static str {
        match self {
            SchemaKind::Rule => "docs/schema/rule.json",
            SchemaKind::Reference => "docs/schema/reference.json",
            SchemaKind::Config => "docs/schema/config.json",
        }
    }
}

/// The schema as pretty JSON with a trailing newline.
pub fn schema(kind: SchemaKind) -> String {
    let mut schema = match kind {
        SchemaKind::Rule => schemars::schema_for!(crate::rules::RuleSpec),
        SchemaKind::Reference => schemars::schema_for!(crate::reference::ReferenceFile),
        SchemaKind::Config => schemars::schema_for!(crate::config::ConfigSpec),
    };
    let title = match kind {
        SchemaKind::Rule => "factlint rule",
        SchemaKind::Reference => "factlint reference data",
        SchemaKind::Config => "factlint.yaml",
    };
    schema.insert("title".into(), title.into());
    if kind == SchemaKind::Rule {
        // The claim kinds are a table in code, not a Rust enum: list them so editors can complete them.
        let kinds: Vec<serde_json::Value> = crate::rules::fields::Kind::NAMES.iter().map(|&k| k.into()).collect();
        if let Some(applies_to) = schema.get_mut("properties").and_then(|p| p.get_mut("applies-to")) {
            applies_to["enum"] = kinds.into();
        }
    }
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serializes");
    text.push('\n');
    text
}
