//! Message and fix templates: literal text with `{placeholder}`s, each checked at load time against those the
//! rule's claim kind offers, and filled from a finding's facts.

use super::fields::Placeholder;

/// A message or fix template, split into literal text and placeholders.
#[derive(Debug, Clone, Default)]
pub struct Template {
    parts: Vec<TemplatePart>,
}

#[derive(Debug, Clone)]
enum TemplatePart {
    Literal(String),
    Placeholder(Placeholder),
}

/// Why a message or fix template cannot be used.
#[derive(Debug)]
pub(super) enum TemplateError {
    /// Unbalanced or empty braces.
    Syntax(String),
    /// Placeholders that are not among those the rule's kind offers.
    Unknown(Vec<String>),
}

impl Template {
    /// Parses `{name}` placeholders (`{{` and `}}` are literal braces); each must be one of `known`.
    pub(super) fn parse(text: &str, known: &[Placeholder]) -> Result<Template, TemplateError> {
        let mut parts = Vec::new();
        let mut unknown = Vec::new();
        let mut literal = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    literal.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    let mut closed = false;
                    for c in chars.by_ref() {
                        if c == '}' {
                            closed = true;
                            break;
                        }
                        name.push(c);
                    }
                    if !closed {
                        return Err(TemplateError::Syntax(format!(
                            "unclosed placeholder `{{{name}` (write `{{{{` for a brace)"
                        )));
                    }
                    if name.is_empty() {
                        return Err(TemplateError::Syntax("empty placeholder `{}`".into()));
                    }
                    parts.push(TemplatePart::Literal(std::mem::take(&mut literal)));
                    match Placeholder::from_name(&name).filter(|p| known.contains(p)) {
                        Some(placeholder) => parts.push(TemplatePart::Placeholder(placeholder)),
                        None => unknown.push(name),
                    }
                }
                '}' => return Err(TemplateError::Syntax("unmatched `}` (write `}}` for a brace)".into())),
                c => literal.push(c),
            }
        }
        parts.push(TemplatePart::Literal(literal));
        if !unknown.is_empty() {
            return Err(TemplateError::Unknown(unknown));
        }
        Ok(Template { parts })
    }

    /// Fills the template; a placeholder with no value is left visible as `{name}`.
    pub fn render(&self, value_of: impl Fn(Placeholder) -> Option<String>) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                TemplatePart::Literal(text) => out.push_str(text),
                TemplatePart::Placeholder(placeholder) => match value_of(*placeholder) {
                    Some(value) => out.push_str(&value),
                    None => {
                        out.push('{');
                        out.push_str(placeholder.as_str());
                        out.push('}');
                    }
                },
            }
        }
        out
    }
}
