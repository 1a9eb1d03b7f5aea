//! JSON Schemas of the files users write (rules, reference data, `factlint.yaml`), generated from the same
//! serde types that read them, so editors with yaml-language-server complete and check exactly what loads.

use serde_json::{Value, json};

use crate::rules::fields::{COMMON_PLACEHOLDERS, FieldValue, KINDS, Kind, KindSpec};

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
        constrain_rule(&mut schema);
    }
    if kind == SchemaKind::Reference {
        constrain_reference(&mut schema);
    }
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serializes");
    text.push('\n');
    text
}

/// A date as the loader reads one: `YYYY-MM-DD` (anything after the day, like a time, is ignored).
const DATE_PATTERN: &str = "^\\s*[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])";

/// What the rule loader refuses by structure, said in the schema too, so an editor flags it as it is typed: the
/// id's form, the claim kinds, and per kind the fields and values under `when:`, the placeholders of `message`
/// and `fix.description`, the `fix.edit` names, and `pattern`/`swap`/`consistent` for `text` rules only; examples
/// that fire and that do not; dates as `YYYY-MM-DD`. (A `pattern` that is not a valid regular expression is left
/// to the loader: the schema's regular expressions are ECMAScript's, not the checker's.)
fn constrain_rule(schema: &mut schemars::Schema) {
    let Some(root) = schema.as_object_mut() else {
        return;
    };
    let kinds: Vec<Value> = Kind::NAMES.iter().map(|&k| k.into()).collect();
    let properties = &mut root["properties"];
    properties["applies-to"]["enum"] = kinds.into();
    properties["id"]["pattern"] = "^[A-Z]{2,}[0-9]+$".into();
    properties["id"]["description"] = "Letters then digits, like `FL101`.".into();
    properties["swap"]["minProperties"] = 1.into();
    properties["consistent"]["items"]["minItems"] = 2.into();
    properties["examples"]["allOf"] = json!([
        {"contains": {"type": "object", "properties": {"fires": {"const": true}}, "required": ["fires"]}},
        {"contains": {"type": "object", "properties": {"fires": {"const": false}}, "required": ["fires"]}},
    ]);
    properties["examples"]["description"] =
        "Texts the rule must flag (`fires: true`) and must not (`fires: false`); at least one of each.".into();
    if let Some(required) = root.get_mut("required").and_then(Value::as_array_mut) {
        required.push("examples".into());
    }
    if let Some(date) = root
        .get_mut("$defs")
        .and_then(|defs| defs.get_mut("ExampleSpec"))
        .and_then(|example| example.get_mut("properties"))
        .and_then(|p| p.get_mut("date"))
    {
        *date = json!({
            "description": "The as-of date of the example, YYYY-MM-DD.",
            "type": ["string", "null"],
            "pattern": DATE_PATTERN,
        });
    }
    let per_kind: Vec<Value> = KINDS.iter().map(kind_rule).collect();
    root.insert("allOf".into(), per_kind.into());
}

/// What a rule of one claim kind may say, as an `if`/`then` on its `applies-to`.
fn kind_rule(kind: &KindSpec) -> Value {
    let when: serde_json::Map<String, Value> = kind
        .fields
        .iter()
        .map(|field| {
            let mut values: Vec<Value> = field.values.iter().map(|v| Value::from(*v)).collect();
            if field.values == <bool as FieldValue>::NAMES {
                values.extend([true.into(), false.into()]);
            }
            let one = json!({"enum": values});
            (
                field.field.to_string(),
                json!({"description": field.doc, "anyOf": [one, {"type": "array", "items": one}]}),
            )
        })
        .collect();
    let placeholders: Vec<String> = kind
        .placeholders
        .iter()
        .chain(COMMON_PLACEHOLDERS)
        .map(|(name, _)| name.as_str().replace('.', "\\."))
        .collect();
    let template = json!({
        "type": "string",
        "pattern": format!("^(?:[^{{}}]|\\{{\\{{|\\}}\\}}|\\{{(?:{})\\}})*$", placeholders.join("|")),
    });
    let edit = if kind.edits.is_empty() {
        json!({"type": "null", "description": format!("`{}` rules have no automatic edits.", kind.kind)})
    } else {
        let mut names: Vec<Value> = kind.edits.iter().map(|(name, _)| Value::from(name.as_str())).collect();
        names.push(Value::Null);
        json!({"enum": names})
    };
    let mut then = json!({
        "properties": {
            "when": {"type": "object", "properties": when, "additionalProperties": false},
            "message": template,
            "fix": {"properties": {"description": template, "edit": edit}},
        },
    });
    let matchers = ["pattern", "swap", "consistent"].map(|key| json!({"required": [key]}));
    if kind.kind == Kind::Text {
        then["oneOf"] = matchers.to_vec().into();
    } else {
        then["not"] = json!({"anyOf": matchers});
    }
    json!({
        "if": {"properties": {"applies-to": {"const": kind.kind.as_str()}}, "required": ["applies-to"]},
        "then": then,
    })
}

/// A date of the reference data as the loader reads one: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or two joined by `/`
/// (`/..` for no end); a bare year may be a YAML number.
fn partial_date() -> Value {
    let one = r"\s*\+?[0-9]{1,4}(-\+?(0?[1-9]|1[0-2])(-\+?(0?[1-9]|[12][0-9]|3[01]))?)?\s*";
    json!({
        "description": "YYYY, YYYY-MM or YYYY-MM-DD; two joined by `/` for a span, `/..` for no end.",
        "anyOf": [
            {"type": "integer", "minimum": 1, "maximum": 9999},
            {"type": "string", "pattern": format!("^{one}(/(\\s*\\.\\.\\s*|{one}))?$")},
        ],
    })
}

/// The date fields of the reference data, and `fresh-for`, constrained as the loader reads them (calendar
/// validity, like 30 February, and the order of a span's ends are left to the loader).
fn constrain_reference(schema: &mut schemars::Schema) {
    let Some(defs) = schema.get_mut("$defs").and_then(Value::as_object_mut) else {
        return;
    };
    let dates = [
        ("CompleteSpec", "from"),
        ("CompleteSpec", "until"),
        ("EventSpec", "date"),
        ("SourceSpec", "checked"),
        ("StatisticSpec", "as-of"),
        ("StatisticSpec", "valid-from"),
        ("StatisticSpec", "valid-until"),
        ("TermSpec", "checked"),
        ("TermSpec", "from"),
        ("TermSpec", "to"),
    ];
    let fields = dates
        .iter()
        .map(|&(def, field)| (def, field, "#/$defs/PartialDate"))
        .chain([("SourceSpec", "fresh-for", "#/$defs/Period")]);
    for (def, field, target) in fields {
        if let Some(property) = defs
            .get_mut(def)
            .and_then(|d| d.get_mut("properties"))
            .and_then(|p| p.get_mut(field))
        {
            retarget_scalar(property, target);
        }
    }
    defs.insert("PartialDate".into(), partial_date());
    defs.insert(
        "Period".into(),
        json!({
            "description": "A number of days, months or years: `365d`, `18m`, `2y`.",
            "type": "string",
            "pattern": "^\\s*\\+?[0-9]+[dmy]\\s*$",
        }),
    );
}

/// Points every `$ref` to `Scalar` inside `schema` at `target` instead.
fn retarget_scalar(schema: &mut Value, target: &str) {
    match schema {
        Value::Object(map) => {
            if map.get("$ref").and_then(Value::as_str) == Some("#/$defs/Scalar") {
                map.insert("$ref".into(), target.into());
            }
            map.values_mut().for_each(|v| retarget_scalar(v, target));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| retarget_scalar(v, target)),
        _ => {}
    }
}
