//! Readable text of one block and the map from its offsets back to the original bytes.

use super::Span;

/// Where a run of prose came from in the original file.
#[derive(Debug, Clone)]
struct Piece {
    /// Offset of the run in [`Prose::text`].
    prose_start: usize,
    prose_end: usize,
    /// The bytes in the original file it stands for.
    source: Span,
    /// True when the prose run is a byte-for-byte copy of `source`, so inner offsets map one to one.
    exact: bool,
}

/// The prose of a block: text with markup removed, and the way back to the file.
#[derive(Debug, Clone, Default)]
pub struct Prose {
    pub text: String,
    pieces: Vec<Piece>,
}

impl Prose {
    /// Appends text copied verbatim from `source` in the original file.
    pub fn push_exact(&mut self, text: &str, source: Span) {
        self.push(text, source, true);
    }

    /// Appends text that stands for `source` but is not a verbatim copy (an entity, a line break).
    pub fn push_replacement(&mut self, text: &str, source: Span) {
        self.push(text, source, false);
    }

    fn push(&mut self, text: &str, source: Span, exact: bool) {
        if text.is_empty() {
            return;
        }
        let prose_start = self.text.len();
        self.text.push_str(text);
        self.pieces.push(Piece {
            prose_start,
            prose_end: self.text.len(),
            source,
            exact: exact && text.len() == source.len(),
        });
    }

    /// Maps the prose range `start..end` to a span of the original file.
    pub fn to_source(&self, start: usize, end: usize) -> Span {
        let s = self.map_start(start);
        let e = self.map_end(end).max(s);
        Span::new(s, e)
    }

    /// The prose range the original bytes `span` were copied to, when verbatim runs hold both of its ends.
    pub fn from_source(&self, span: Span) -> Option<(usize, usize)> {
        let exact = self.pieces.iter().filter(|p| p.exact);
        let start = exact
            .clone()
            .find(|p| p.source.start <= span.start && span.start < p.source.end)?;
        let end = exact
            .clone()
            .find(|p| p.source.start < span.end && span.end <= p.source.end)?;
        Some((
            start.prose_start + span.start - start.source.start,
            end.prose_start + span.end - end.source.start,
        ))
    }

    fn map_start(&self, offset: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.prose_end <= offset);
        match self.pieces.get(i) {
            Some(p) if p.exact => p.source.start + offset.saturating_sub(p.prose_start),
            Some(p) => p.source.start,
            None => self.pieces.last().map_or(0, |p| p.source.end),
        }
    }

    fn map_end(&self, offset: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.prose_end < offset);
        match self.pieces.get(i) {
            Some(p) if p.exact => p.source.start + offset.saturating_sub(p.prose_start),
            Some(p) if offset <= p.prose_start => p.source.start,
            Some(p) => p.source.end,
            None => self.pieces.last().map_or(0, |p| p.source.end),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_through_exact_and_replaced_runs() {
        // Original: "**Former** U.S.&amp;x"
        let mut prose = Prose::default();
        prose.push_exact("Former", Span::new(2, 8));
        prose.push_exact(" U.S.", Span::new(10, 15));
        prose.push_replacement("&", Span::new(15, 20));
        prose.push_exact("x", Span::new(20, 21));
        assert_eq!(prose.text, "Former U.S.&x");
        assert_eq!(prose.to_source(0, 6), Span::new(2, 8));
        assert_eq!(prose.to_source(7, 11), Span::new(11, 15));
        assert_eq!(prose.to_source(11, 12), Span::new(15, 20));
        assert_eq!(prose.to_source(0, 13), Span::new(2, 21));
        assert_eq!(prose.from_source(Span::new(11, 15)), Some((7, 11)));
        assert_eq!(prose.from_source(Span::new(2, 21)), Some((0, 13)));
        assert_eq!(prose.from_source(Span::new(16, 21)), None, "inside a replaced run");
    }
}
