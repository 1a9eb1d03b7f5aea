//! Plain text as newsrooms receive it: one paragraph per line; a short line without a closing full stop is a
//! heading.

use super::directives::{self, Directive};
use super::{Block, BlockKind, Prose, Span};

/// Blocks and suppression comments; a line that is only a `<!-- factlint-… -->` comment is not prose.
pub(super) fn parse(text: &str, body_start: usize) -> (Vec<Block>, Vec<Directive>) {
    let mut blocks = Vec::new();
    let mut found = Vec::new();
    let mut offset = body_start;
    for raw in text[body_start..].split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let lead = line.len() - line.trim_start().len();
        let content = line.trim();
        let start = offset + lead;
        let comment = directives::parse(content, start);
        if !comment.is_empty() && content.starts_with("<!--") && content.ends_with("-->") {
            found.extend(comment);
        } else if !content.is_empty() {
            let mut prose = Prose::default();
            prose.push_exact(content, Span::new(start, start + content.len()));
            let kind = if is_heading(content) {
                BlockKind::Heading
            } else {
                BlockKind::Paragraph
            };
            blocks.push(Block { kind, prose });
        }
        offset += raw.len();
    }
    (blocks, found)
}

fn is_heading(line: &str) -> bool {
    let ends_like_sentence = line.ends_with(['.', '!', '?', ':', ';', '"', '”', '’', ')']);
    !ends_like_sentence && line.split_whitespace().count() <= 12
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_paragraphs_and_short_unpunctuated_lines_are_headings() {
        let text = "Major Exchange Agreed\r\nThey met on Friday.\n\n  Indented line here.\n";
        let (blocks, _) = parse(text, 0);
        assert_eq!(blocks.len(), 3);
        assert_eq!(blocks[0].kind, BlockKind::Heading);
        assert_eq!(blocks[1].kind, BlockKind::Paragraph);
        let span = blocks[2].prose.to_source(0, 8);
        assert_eq!(&text[span.start..span.end], "Indented");
    }
}
