//! In-article suppression comments: `<!-- factlint-disable-next-line FL101 -- reason -->`,
//! `<!-- factlint-disable FL101 -- reason -->` … `<!-- factlint-enable FL101 -->`. The source stage only reads
//! them; deciding what they suppress happens after the check.

use std::sync::LazyLock;

use regex::Regex;

use super::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    DisableNextLine,
    Disable,
    Enable,
}

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub kind: DirectiveKind,
    /// The rule ids it names; empty means every rule.
    pub rules: Vec<String>,
    /// The text after ` -- `; required for the disabling kinds.
    pub reason: Option<String>,
    /// The comment's bytes in the file.
    pub span: Span,
}

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*factlint-(?P<kind>disable-next-line|disable|enable)\b(?P<rules>[^>]*?)(?:\s--\s*(?P<reason>.*?))?\s*-->")
        .expect("directive pattern is valid")
});

/// Reads every directive in `html` (a comment or HTML block found at byte `offset` of the file).
pub fn parse(html: &str, offset: usize) -> Vec<Directive> {
    DIRECTIVE
        .captures_iter(html)
        .map(|caps| {
            let whole = caps.get(0).expect("group 0 always matches");
            let kind = match &caps["kind"] {
                "disable-next-line" => DirectiveKind::DisableNextLine,
                "disable" => DirectiveKind::Disable,
                _ => DirectiveKind::Enable,
            };
            Directive {
                kind,
                rules: caps["rules"]
                    .split([',', ' '])
                    .map(str::trim)
                    .filter(|r| !r.is_empty())
                    .map(str::to_string)
                    .collect(),
                reason: caps
                    .name("reason")
                    .map(|r| r.as_str().trim().to_string())
                    .filter(|r| !r.is_empty()),
                span: Span::new(offset + whole.start(), offset + whole.end()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_rules_and_reasons() {
        let text = "x <!-- factlint-disable-next-line FL101, FL102 -- quoted verbatim --> y";
        let found = parse(text, 10);
        assert_eq!(found[0].kind, DirectiveKind::DisableNextLine);
        assert_eq!(found[0].rules, vec!["FL101", "FL102"]);
        assert_eq!(found[0].reason.as_deref(), Some("quoted verbatim"));
        assert_eq!(found[0].span, Span::new(10 + 2, 10 + text.len() - 2));
        let found = parse("<!-- factlint-disable FL402 -->", 0);
        assert_eq!((found[0].kind, found[0].reason.clone()), (DirectiveKind::Disable, None));
        let found = parse("<!--factlint-enable-->", 0);
        assert_eq!((found[0].kind, found[0].rules.len()), (DirectiveKind::Enable, 0));
    }
}
