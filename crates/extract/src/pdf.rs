//! PDF: the text layer page by page and the dates of the document's Info
//! dictionary, through lopdf (pure Rust). A PDF that is encrypted, has no
//! text layer (a scan) or will not parse is reported as such; a panic in
//! the parser is caught and reported for that file alone.
//!
//! The text of a page is walked here rather than with lopdf's
//! `extract_text`, which ignores the line-positioning operators (`Td`,
//! `TD`, `T*`, `Tm`, `'`): lines then run together ("…@acme.ca" followed
//! by "No de client" reads "…@acme.cano"), and the detectors see wrong
//! values.

use crate::output::Output;
use breachscope_core::{Origin, Segment};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Pages read from one PDF at most.
const MAX_PAGES: usize = 10_000;

/// Reads a PDF.
pub(crate) fn read(bytes: &[u8], out: &mut Output<'_>) {
    let parsed = catch_unwind(AssertUnwindSafe(|| parse(bytes)));
    match parsed {
        Ok(Ok(pdf)) => {
            out.meta_dates.extend(pdf.dates);
            let mut any_text = false;
            for (page, text) in pdf.pages {
                match text {
                    Ok(text) => {
                        any_text |= !text.trim().is_empty();
                        out.segment(Segment::new(text, Origin::Page(page)));
                    }
                    Err(e) => out.error(format!("page {page}: {e}")),
                }
            }
            if !any_text && out.wanted() {
                out.error("PDF has no text layer (scanned image?): content not scanned, needs OCR");
            }
        }
        Ok(Err(e)) => out.error(e),
        Err(_) => out.error("PDF crashed the parser: not scanned"),
    }
}

struct ParsedPdf {
    pages: Vec<(u32, Result<String, String>)>,
    dates: Vec<NaiveDate>,
}

fn parse(bytes: &[u8]) -> Result<ParsedPdf, String> {
    let document = lopdf::Document::load_mem(bytes).map_err(|e| format!("PDF cannot be parsed: {e}"))?;
    if document.is_encrypted() {
        return Err("encrypted PDF: not scanned".into());
    }
    let mut pages = Vec::new();
    for (&number, &page_id) in document.get_pages().iter().take(MAX_PAGES) {
        pages.push((number, page_text(&document, page_id).map_err(|e| e.to_string())));
    }
    Ok(ParsedPdf {
        pages,
        dates: info_dates(&document),
    })
}

/// The text of one page, a line break wherever the text moves to a new
/// line, a space for wide gaps inside a line.
fn page_text(document: &lopdf::Document, page_id: lopdf::ObjectId) -> Result<String, lopdf::Error> {
    let encodings: BTreeMap<Vec<u8>, lopdf::Encoding<'_>> = document
        .get_page_fonts(page_id)?
        .into_iter()
        .filter_map(|(name, font)| font.get_font_encoding(document).ok().map(|e| (name, e)))
        .collect();
    let content = lopdf::content::Content::decode(&document.get_page_content(page_id)?)?;
    let mut text = String::new();
    let mut encoding = None;
    let newline = |text: &mut String| {
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
    };
    for operation in &content.operations {
        let operands = &operation.operands;
        match operation.operator.as_str() {
            "Tf" => {
                encoding = operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .and_then(|n| encodings.get(n))
            }
            "Td" | "TD" => {
                let dy = operands.get(1).and_then(|o| o.as_float().ok()).unwrap_or(0.0);
                if dy.abs() > 0.01 {
                    newline(&mut text);
                } else if !text.ends_with([' ', '\n']) && !text.is_empty() {
                    text.push(' ');
                }
            }
            "T*" | "Tm" | "ET" => newline(&mut text),
            "Tj" | "TJ" | "'" | "\"" => {
                if matches!(operation.operator.as_str(), "'" | "\"") {
                    newline(&mut text);
                }
                if let Some(encoding) = encoding {
                    show(&mut text, encoding, operands);
                }
            }
            _ => {}
        }
    }
    Ok(text)
}

/// Appends shown strings; a kerning gap wider than a space is a space.
fn show(text: &mut String, encoding: &lopdf::Encoding<'_>, operands: &[lopdf::Object]) {
    for operand in operands {
        match operand {
            lopdf::Object::String(bytes, _) => {
                if let Ok(decoded) = lopdf::Document::decode_text(encoding, bytes) {
                    text.push_str(&decoded);
                }
            }
            lopdf::Object::Array(items) => show(text, encoding, items),
            lopdf::Object::Integer(i) if *i < -200 => text.push(' '),
            lopdf::Object::Real(r) if *r < -200.0 => text.push(' '),
            _ => {}
        }
    }
}

fn info_dates(document: &lopdf::Document) -> Vec<NaiveDate> {
    let Ok(info) = document
        .trailer
        .get(b"Info")
        .and_then(|o| document.dereference(o))
        .and_then(|(_, o)| o.as_dict())
    else {
        return Vec::new();
    };
    [b"CreationDate".as_slice(), b"ModDate".as_slice()]
        .iter()
        .filter_map(|key| info.get(key).ok())
        .filter_map(|o| o.as_str().ok())
        .filter_map(pdf_date)
        .collect()
}

/// A PDF date string (`D:YYYYMMDDHHmmSS...`).
fn pdf_date(raw: &[u8]) -> Option<NaiveDate> {
    let text = std::str::from_utf8(raw).ok()?;
    let digits = text.strip_prefix("D:").unwrap_or(text);
    NaiveDate::parse_from_str(digits.get(..8)?, "%Y%m%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates() {
        assert_eq!(pdf_date(b"D:20220128101500-05'00'").unwrap().to_string(), "2022-01-28");
        assert!(pdf_date(b"D:2022").is_none());
        assert!(pdf_date(b"\xff\xfe").is_none());
    }

    #[test]
    fn junk_is_an_error_not_a_panic() {
        assert!(parse(b"%PDF-1.4\n garbage").is_err());
        assert!(parse(&[0x25, 0x50, 0x44, 0x46, 0xff, 0x00, 0x13]).is_err());
    }
}
