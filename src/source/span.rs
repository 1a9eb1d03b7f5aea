//! Byte spans into the original file, and the one place that turns them into lines and columns.
//!
//! Every stage keeps byte offsets into the bytes as they were read; only printers ask for a line and a column,
//! so the offsets can never drift from what the user's editor shows.

use serde::Serialize;

/// A half-open byte range `start..end` into a document's original text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// Offsets of line starts, for turning byte offsets into 1-based line and column numbers.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Every [`CHECKPOINT_BYTES`] bytes of a long line: the byte offset and how many characters precede it on its
    /// line. A column is then counted from the nearest checkpoint, so many findings on one very long line (a
    /// minified HTML page) cost no more each than on a short one.
    checkpoints: Vec<(usize, usize)>,
}

const CHECKPOINT_BYTES: usize = 4096;

/// A printed position: 1-based line, 1-based column counted in Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut checkpoints = Vec::new();
        for (line, &start) in starts.iter().enumerate() {
            let end = starts.get(line + 1).copied().unwrap_or(text.len());
            if end - start <= CHECKPOINT_BYTES {
                continue;
            }
            // The first character boundary at least CHECKPOINT_BYTES on from the last checkpoint, with the
            // characters before it counted a stretch at a time (counting is faster than walking).
            let (mut at, mut chars) = (start, 0);
            loop {
                let mut next = at + CHECKPOINT_BYTES;
                while next < end && !text.is_char_boundary(next) {
                    next += 1;
                }
                if next >= end {
                    break;
                }
                chars += text[at..next].chars().count();
                checkpoints.push((next, chars));
                at = next;
            }
        }
        LineIndex { starts, checkpoints }
    }

    /// 0-based index of the line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).saturating_sub(1)
    }

    /// The byte range of 0-based `line` in a text of `len` bytes, without its line break.
    pub fn line_range(&self, line: usize, len: usize) -> (usize, usize) {
        let start = self.line_start(line);
        let end = self.starts.get(line + 1).map_or(len, |next| next - 1);
        (start, end.max(start))
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.min(self.starts.len() - 1)]
    }

    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let line_start = self.starts[line];
        let nearest = self.checkpoints.partition_point(|&(at, _)| at <= offset);
        let (from, before) = match nearest.checked_sub(1).map(|i| self.checkpoints[i]) {
            Some((at, chars)) if at >= line_start => (at, chars),
            _ => (line_start, 0),
        };
        let column = before + text.get(from..offset).map_or(offset - from, |s| s.chars().count()) + 1;
        Position { line: line + 1, column }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "ab\n“é” x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(index.position(text, 3), Position { line: 2, column: 1 });
        let x = text.find('x').unwrap();
        assert_eq!(index.position(text, x), Position { line: 2, column: 5 });
    }

    #[test]
    fn long_lines_count_the_same_from_checkpoints() {
        let text = format!("short\n{}x\nend", "“é” ab ".repeat(3000));
        let index = LineIndex::new(&text);
        assert!(!index.checkpoints.is_empty());
        for offset in text.char_indices().map(|(i, _)| i).step_by(97).chain([text.len()]) {
            let line = text[..offset].matches('\n').count();
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected = Position {
                line: line + 1,
                column: text[line_start..offset].chars().count() + 1,
            };
            assert_eq!(index.position(&text, offset), expected, "offset {offset}");
        }
    }
}
