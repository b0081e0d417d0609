//! OneNote sections (`.one`): a notebook's pages, as OneNote 2010 to 2016
//! and OneNote for Windows save them, or as OneDrive hands them down
//! (FSSHTTP packaging). Each page is a segment: its title, then its
//! outlines' paragraphs one to a line, a table's row a line of cells apart
//! by tabs; the pages' creation and change dates are the document's
//! metadata dates; files attached to a page (a scanned form, a sheet) are
//! read as the section's members. Read with onenote_parser (safe Rust),
//! from the bytes in memory: nothing is opened by the names inside.

use crate::output::Output;
use breachscope_core::{Origin, Segment};
use chrono::NaiveDate;
use onenote_parser::contents::{Content, EmbeddedFile, OutlineElement, OutlineItem};
use onenote_parser::page::Page;
use onenote_parser::Parser;
use std::io::Read;
use typed_path::{PathType, TypedPath};

/// How a OneNote section (MS-ONESTORE's `guidFileType`
/// {7B5C52E4-D88C-4DA7-AEB1-5378D02996D3}) starts...
const SECTION: [u8; 16] = guid_bytes(
    0x7B5C52E4,
    0xD88C,
    0x4DA7,
    [0xAE, 0xB1, 0x53, 0x78, 0xD0, 0x29, 0x96, 0xD3],
);
/// ...a notebook's table of contents ({43FF2FA1-EFD9-4C76-9EE2-10EA5722765F})...
const TABLE_OF_CONTENTS: [u8; 16] = guid_bytes(
    0x43FF2FA1,
    0xEFD9,
    0x4C76,
    [0x9E, 0xE2, 0x10, 0xEA, 0x57, 0x22, 0x76, 0x5F],
);
/// ...and either, packaged as OneDrive hands it down
/// ({638DE92F-A6D4-4BC1-9A36-B3FC2511A5B7}).
const PACKAGED: [u8; 16] = guid_bytes(
    0x638DE92F,
    0xA6D4,
    0x4BC1,
    [0x9A, 0x36, 0xB3, 0xFC, 0x25, 0x11, 0xA5, 0xB7],
);

/// Pages read at most.
const MAX_PAGES: usize = 10_000;
/// Attached files read at most, and the bytes of each.
const MAX_FILES: usize = 1_000;
const MAX_FILE_BYTES: u64 = 256 << 20;
/// Outlines nested deeper than this are not read.
const MAX_DEPTH: usize = 64;

/// A GUID as it is written on disk: its first three fields little-endian.
const fn guid_bytes(first: u32, second: u16, third: u16, rest: [u8; 8]) -> [u8; 16] {
    let (a, b, c) = (first.to_le_bytes(), second.to_le_bytes(), third.to_le_bytes());
    [
        a[0], a[1], a[2], a[3], b[0], b[1], c[0], c[1], rest[0], rest[1], rest[2], rest[3], rest[4], rest[5], rest[6],
        rest[7],
    ]
}

/// Whether `head` opens a OneNote file.
pub(crate) fn is_onenote(head: &[u8]) -> bool {
    [SECTION, TABLE_OF_CONTENTS, PACKAGED]
        .iter()
        .any(|guid| head.starts_with(guid))
}

/// Reads a OneNote section's pages, dates and attached files.
pub(crate) fn read(bytes: &[u8], out: &mut Output<'_>, children: &mut Vec<(String, Vec<u8>)>) {
    if bytes.starts_with(&TABLE_OF_CONTENTS) {
        return out.error(
            "OneNote notebook's table of contents: it holds no page (the notebook's sections are its .one files)",
        );
    }
    // The name only labels the parser's messages; nothing is opened by it.
    let name = TypedPath::new("section.one", PathType::Windows);
    let section = match Parser::new().parse_section_buffer(bytes, name) {
        Ok(section) => section,
        Err(e) => return out.error(format!("OneNote section cannot be read: {e}")),
    };
    let pages: Vec<&Page> = section.page_series().iter().flat_map(|s| s.pages()).collect();
    if pages.len() > MAX_PAGES {
        out.error(format!(
            "OneNote section has {} pages: the first {MAX_PAGES} scanned",
            pages.len()
        ));
    }
    let mut files = Vec::new();
    for (number, page) in (1..).zip(pages.iter().take(MAX_PAGES)) {
        let mut text = String::new();
        if let Some(title) = page.title_text() {
            push_line(&mut text, title);
        }
        for content in page.contents() {
            if let Some(outline) = content.outline() {
                for item in outline.items() {
                    item_text(item, 0, &mut text, &mut files);
                }
            }
            if let Some(file) = content.embedded_file() {
                files.push(file);
            }
        }
        out.segment(Segment::new(text, Origin::Page(number)));
        out.meta_dates.extend(
            [page.created_time(), page.updated_time()]
                .into_iter()
                .filter_map(|time| {
                    NaiveDate::from_ymd_opt(time.year(), u8::from(time.month()).into(), time.day().into())
                }),
        );
    }
    if files.len() > MAX_FILES {
        out.error(format!(
            "OneNote section has {} attached files: the first {MAX_FILES} scanned",
            files.len()
        ));
    }
    for file in files.into_iter().take(MAX_FILES) {
        if file.size() > MAX_FILE_BYTES {
            out.error(format!(
                "attached file of {} MiB is over the {} MiB bound: not scanned",
                file.size() >> 20,
                MAX_FILE_BYTES >> 20
            ));
            continue;
        }
        let mut data = Vec::new();
        match file.read().take(MAX_FILE_BYTES).read_to_end(&mut data) {
            Ok(_) => children.push((file.filename().to_string(), data)),
            Err(e) => out.error(format!("attached file cannot be read: {e}")),
        }
    }
}

/// Appends an outline item's text: its paragraphs, tables and children.
fn item_text<'s>(item: &'s OutlineItem, depth: usize, text: &mut String, files: &mut Vec<&'s EmbeddedFile>) {
    if depth > MAX_DEPTH {
        return;
    }
    match item {
        OutlineItem::Element(element) => element_text(element, depth, text, files),
        OutlineItem::Group(group) => {
            for child in group.outlines() {
                item_text(child, depth + 1, text, files);
            }
        }
    }
}

fn element_text<'s>(element: &'s OutlineElement, depth: usize, text: &mut String, files: &mut Vec<&'s EmbeddedFile>) {
    for content in element.contents() {
        match content {
            Content::RichText(rich) => push_line(text, rich.text()),
            Content::Table(table) => {
                for row in table.contents() {
                    let cells: Vec<String> = row
                        .contents()
                        .iter()
                        .map(|cell| {
                            let mut cell_text = String::new();
                            for element in cell.contents() {
                                element_text(element, depth + 1, &mut cell_text, files);
                            }
                            cell_text.trim_end().replace(['\n', '\t'], " ")
                        })
                        .collect();
                    push_line(text, &cells.join("\t"));
                }
            }
            Content::EmbeddedFile(file) => files.push(file),
            _ => {}
        }
    }
    for child in element.children() {
        item_text(child, depth + 1, text, files);
    }
}

/// Appends `line` and a line break, if it holds anything.
fn push_line(text: &mut String, line: &str) {
    let line = line.trim_end();
    if !line.is_empty() {
        text.push_str(line);
        text.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::tests::Collect;
    use crate::reader::Sink;
    use crate::{DocInfo, Kind};

    /// The text, metadata dates and problems the reader makes of `bytes`.
    fn read_all(bytes: &[u8]) -> (String, Vec<NaiveDate>, Vec<String>) {
        let mut sink = Collect::default();
        sink.begin(&DocInfo {
            path: "notes.one".to_string(),
            size: bytes.len() as u64,
            blake3: String::new(),
            kind: Kind::OneNote,
            modified: None,
            depth: 0,
        });
        let mut out = Output::new(&mut sink, true, usize::MAX);
        read(bytes, &mut out, &mut Vec::new());
        out.finish();
        let (_, text, dates, errors) = sink.docs.remove(0);
        (text, dates, errors)
    }

    #[test]
    fn onenote_files_are_known_by_their_file_type() {
        // The GUID of a section as the corpus's OneNote 2016 file opens.
        assert_eq!(
            SECTION,
            [0xE4, 0x52, 0x5C, 0x7B, 0x8C, 0xD8, 0xA7, 0x4D, 0xAE, 0xB1, 0x53, 0x78, 0xD0, 0x29, 0x96, 0xD3]
        );
        assert!(is_onenote(&[SECTION.as_slice(), &[0; 16]].concat()));
        assert!(is_onenote(&PACKAGED));
        assert!(!is_onenote(&SECTION[..15]));
        assert!(!is_onenote(b"{\\rtf1 not a notebook"));
    }

    #[test]
    fn a_real_section_gives_its_pages_text_and_dates() {
        // No free tool writes OneNote's format: the corpus's section
        // (Apache Tika's test file, saved by OneNote 2016) when present.
        let Some(bytes) = crate::reader::tests::corpus_file("apache-tika/microsoft/testOneNote2016.one") else {
            return;
        };
        let (text, dates, errors) = read_all(&bytes);
        assert_eq!(text.trim_end(), "So good\nThis is one note 2016");
        assert!(errors.is_empty(), "{errors:?}");
        assert!(
            dates.contains(&NaiveDate::from_ymd_opt(2019, 12, 11).unwrap()),
            "{dates:?}"
        );
        // Its bytes cut short anywhere say so, and never panic.
        for cut in (0..bytes.len()).step_by(97) {
            let (text, _, errors) = read_all(&bytes[..cut]);
            assert!(!errors.is_empty() || !text.is_empty(), "cut at {cut}");
        }
    }

    #[test]
    fn a_table_of_contents_or_a_damaged_section_says_why_it_gave_no_text() {
        let (_, _, errors) = read_all(&[TABLE_OF_CONTENTS.as_slice(), &[0; 1024]].concat());
        assert!(errors[0].contains("table of contents"), "{errors:?}");
        for damaged in [
            SECTION.to_vec(),
            [SECTION.as_slice(), &[0xff; 4096]].concat(),
            [PACKAGED.as_slice(), &[0x41; 300]].concat(),
            [
                SECTION.as_slice(),
                &(0..4096u32).map(|i| (i * 7919 % 251) as u8).collect::<Vec<u8>>(),
            ]
            .concat(),
        ] {
            let (text, _, errors) = read_all(&damaged);
            assert!(text.is_empty());
            assert!(errors.iter().any(|e| e.contains("cannot be read")), "{errors:?}");
        }
    }
}
