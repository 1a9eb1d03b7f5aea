//! The source layer on arbitrary bytes: every format must either read the bytes into a document whose spans
//! all lie on character boundaries of the text, or refuse them with a message.

#![no_main]

use factlint::source::{Document, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for format in [Format::Markdown, Format::Text, Format::Html] {
        let Ok(doc) = Document::from_bytes("fuzz", data.to_vec(), format) else {
            continue;
        };
        for block in &doc.blocks {
            let span = block.prose.to_source(0, block.prose.text.len());
            assert!(span.start <= span.end && span.end <= doc.text.len());
            assert!(doc.text.is_char_boundary(span.start) && doc.text.is_char_boundary(span.end));
        }
        let _ = doc.position(doc.text.len());
    }
});
