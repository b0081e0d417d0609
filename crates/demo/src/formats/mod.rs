//! Writers for the real formats the demo company keeps its records in.
//! They are the project's fixture factory too: tests build documents with
//! them instead of committing binary files.

pub mod docx;
pub mod eml;
pub mod pdf;
pub mod pgdump;
pub mod pst;
pub mod xlsx;
pub mod zipfile;

/// Escapes text for XML content.
pub(crate) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}
