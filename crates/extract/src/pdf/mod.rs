//! PDF: the text layer page by page, the dates of the document's Info
//! dictionary and the files embedded in it, through lopdf (pure Rust). A
//! PDF that is encrypted, has no text layer (a scan) or will not parse is
//! reported as such; a panic in the parser is caught and reported for
//! that file alone.

mod annotations;
mod attachments;
mod page;
mod recover;

use crate::output::Output;
use breachscope_core::{Origin, Segment};
use chrono::NaiveDate;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Pages read from one PDF at most.
const MAX_PAGES: usize = 10_000;
/// Bytes one deflated stream may inflate to.
const MAX_INFLATED_STREAM: u64 = 64 << 20;
/// Bytes all of a PDF's deflated streams may inflate to together.
const MAX_INFLATED_TOTAL: u64 = 256 << 20;

/// Reads a PDF; the files embedded in it are pushed to `children`.
pub(crate) fn read(bytes: &[u8], out: &mut Output<'_>, children: &mut Vec<(String, Vec<u8>)>) {
    // lopdf inflates streams without a bound: a 1 MB file can ask for
    // gigabytes. Every stream is first inflated into nothing, counting.
    if let Err(why) = within_inflation_bounds(bytes) {
        out.error(why);
        return;
    }
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
            let attached = pdf.attachments;
            if let Some(kind) = attached.encrypted_payload {
                out.error(format!(
                    "PDF is a wrapper around an encrypted payload ({kind}, e.g. rights-managed): the document itself is encrypted, not scanned"
                ));
            } else if !any_text && attached.files.is_empty() && out.wanted() {
                out.error("PDF has no text layer (scanned image?): content not scanned, needs OCR");
            }
            for error in attached.errors {
                out.error(error);
            }
            children.extend(attached.files);
        }
        Ok(Err(Refused::Encrypted)) => out.error("encrypted PDF: not scanned"),
        Ok(Err(Refused::Damaged(e))) => recover_damaged(bytes, &e, out),
        Err(_) => recover_damaged(bytes, "the parser crashed", out),
    }
}

/// Whether every deflated stream of the file, and all of them together,
/// inflate within the bounds; the reason given when not.
fn within_inflation_bounds(bytes: &[u8]) -> Result<(), String> {
    let mut total = 0;
    for raw in recover::raw_streams(bytes) {
        let size = crate::inflate::inflated_size(raw, true, MAX_INFLATED_STREAM);
        total += size;
        if size > MAX_INFLATED_STREAM || total > MAX_INFLATED_TOTAL {
            return Err(format!(
                "PDF streams inflate past the bound of {} MiB per stream, {} MiB in all (a decompression bomb?): not scanned",
                MAX_INFLATED_STREAM >> 20,
                MAX_INFLATED_TOTAL >> 20
            ));
        }
    }
    Ok(())
}

struct ParsedPdf {
    pages: Vec<(u32, Result<String, String>)>,
    dates: Vec<NaiveDate>,
    attachments: attachments::Attachments,
}

/// Why lopdf gave no document.
enum Refused {
    Encrypted,
    Damaged(String),
}

/// Falls back to reading the streams of a PDF lopdf cannot parse.
fn recover_damaged(bytes: &[u8], why: &str, out: &mut Output<'_>) {
    let text = std::panic::catch_unwind(|| recover::text(bytes)).unwrap_or_default();
    if text.trim().is_empty() {
        out.error(format!(
            "PDF cannot be parsed ({why}) and no text could be recovered: not scanned"
        ));
    } else {
        out.error(format!(
            "PDF structure damaged ({why}): text recovered from its streams, may be incomplete"
        ));
        out.segment(Segment::new(text, Origin::Page(0)));
    }
}

fn parse(bytes: &[u8]) -> Result<ParsedPdf, Refused> {
    let document = lopdf::Document::load_mem(bytes).map_err(|e| Refused::Damaged(e.to_string()))?;
    if document.is_encrypted() {
        return Err(Refused::Encrypted);
    }
    let mut pages = Vec::new();
    // Each page's annotations, walked once: their text (for the pages
    // read), and the files attached to them (on every page).
    let mut page_annotations = Vec::new();
    for (index, (&number, &page_id)) in document.get_pages().iter().enumerate() {
        let annotated = annotations::of_page(&document, page_id);
        if index < MAX_PAGES {
            let text = page::text(&document, page_id).map(|mut text| {
                text.push_str(&annotations::text(&document, &annotated));
                text
            });
            pages.push((number, text.map_err(|e| e.to_string())));
        }
        page_annotations.extend(annotated);
    }
    Ok(ParsedPdf {
        pages,
        dates: info_dates(&document),
        attachments: attachments::collect(&document, &page_annotations),
    })
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

    #[test]
    fn damaged_pdf_text_is_recovered_and_flagged() {
        let pdf = b"%PDF-1.4\n1 0 obj << >> stream\nBT (Email: jane@example.ca) Tj ET\nendstream endobj\nxref garbage";
        let docs = crate::reader::tests::read_bytes("d.pdf", pdf, &crate::Limits::default()).docs;
        assert!(docs[0].1.contains("jane@example.ca"));
        assert!(docs[0].3[0].contains("recovered"), "{:?}", docs[0].3);
    }

    #[test]
    fn a_decompression_bomb_is_refused_before_it_is_inflated() {
        // 100 MiB of spaces deflate to about 100 KB.
        let mut deflated = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let spaces = vec![b' '; 1 << 20];
        for _ in 0..100 {
            std::io::Write::write_all(&mut deflated, &spaces).unwrap();
        }
        let mut pdf =
            b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n4 0 obj << /Filter /FlateDecode >>\nstream\n".to_vec();
        pdf.extend(deflated.finish().unwrap());
        pdf.extend(b"\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
        let docs = crate::reader::tests::read_bytes("bomb.pdf", &pdf, &crate::Limits::default()).docs;
        assert!(docs[0].3[0].contains("decompression bomb"), "{:?}", docs[0].3);
        assert!(within_inflation_bounds(b"%PDF-1.4\nstream\nBT (x) Tj ET\nendstream").is_ok());
    }
}
