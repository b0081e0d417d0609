//! OpenDocument spreadsheets (`.ods`): the cells of `content.xml`, read as
//! they stream, each with its coordinates.
//!
//! Written by hand rather than through calamine: an ODS row or cell may
//! say it repeats (`table:number-rows-repeated`, `number-columns-repeated`),
//! and calamine expands every repeat into a dense range before a cell can
//! be read: a 791-byte file of one text cell repeated 16,000 columns by
//! 6,000 rows took 7.5 GB and 24 s. Here a repeat costs nothing until a
//! non-empty cell is repeated, and repeated copies stop at a bound.

use crate::output::Output;
use crate::table::Table;
use quick_xml::events::{BytesStart, Event};

/// Copies of non-empty cells (repeats included) read per workbook at
/// most: a repeated value says nothing new past its first copies, and a
/// few bytes can repeat one a billion times.
const MAX_CELLS: u64 = 10_000_000;
/// The largest sheet LibreOffice and Excel make: cells past it (a repeat
/// running on) are no cells of the sheet.
const MAX_ROWS: u32 = 1 << 20;
const MAX_COLUMNS: u32 = 1 << 14;

/// Reads the sheets of `content.xml` into rows.
pub(crate) fn read(content: &[u8], out: &mut Output<'_>) -> Result<(), String> {
    let source = crate::ooxml::xml_source(content).map_err(|e| format!("content.xml {e}"))?;
    let mut reader = quick_xml::Reader::from_str(&source);
    let mut sheets = Sheets::default();
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(event) => event,
            Err(e) => {
                sheets.finish(out);
                return Err(format!("content.xml is damaged ({e}); the rest not read"));
            }
        };
        if sheets.cells_read > MAX_CELLS {
            sheets.finish(out);
            return Err(format!(
                "more than {MAX_CELLS} cells (repeated cells counted each time): the rest not read"
            ));
        }
        sheets.event(event, out);
    }
    sheets.finish(out);
    Ok(())
}

/// Where the reading stands in the document.
#[derive(Default)]
struct Sheets {
    /// The sheet being read.
    table: Option<Table>,
    /// The index of the row being read, and the cells read in it.
    row: u32,
    row_repeats: u32,
    cells: Vec<(u32, String)>,
    /// The column of the next cell.
    column: u32,
    /// The cell being read: its column repeats and its text so far (a
    /// typed value, or the text of its paragraphs).
    cell: Option<Cell>,
    cells_read: u64,
}

struct Cell {
    repeats: u32,
    value: Option<String>,
    text: String,
    paragraphs: u32,
}

impl Sheets {
    fn event(&mut self, event: Event<'_>, out: &mut Output<'_>) {
        match event {
            Event::Start(e) => self.open(&e, false, out),
            Event::Empty(e) => self.open(&e, true, out),
            Event::End(e) => self.close(e.local_name().as_ref(), out),
            Event::Text(t) => {
                if let Some(cell) = self.cell.as_mut() {
                    cell.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(cell) = self.cell.as_mut() {
                    cell.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(cell) = self.cell.as_mut() {
                    crate::ooxml::push_reference(&mut cell.text, &r);
                }
            }
            _ => {}
        }
    }

    /// An element opens (`empty`: and closes at once).
    fn open(&mut self, e: &BytesStart<'_>, empty: bool, out: &mut Output<'_>) {
        let number = |name: &str| {
            attribute(e, name)
                .and_then(|v| v.parse::<u32>().ok())
                .unwrap_or(1)
                .max(1)
        };
        match e.local_name().as_ref() {
            "table" => {
                self.finish(out);
                self.table = Some(Table::new(attribute(e, "name").unwrap_or_default()));
                self.row = 0;
            }
            "table-row" => {
                self.row_repeats = number("number-rows-repeated");
                self.column = 0;
                self.cells.clear();
                if empty {
                    self.close("table-row", out);
                }
            }
            "table-cell" | "covered-table-cell" => {
                // A typed cell's value is its attribute, as calamine reads it.
                let value = ["value", "date-value", "time-value", "boolean-value"]
                    .into_iter()
                    .find_map(|name| attribute(e, name))
                    .map(|v| typed_value(&v));
                self.cell = Some(Cell {
                    repeats: number("number-columns-repeated"),
                    value,
                    text: String::new(),
                    paragraphs: 0,
                });
                if empty {
                    self.close("table-cell", out);
                }
            }
            "p" | "h" => {
                if let Some(cell) = self.cell.as_mut() {
                    if cell.paragraphs > 0 {
                        cell.text.push('\n');
                    }
                    cell.paragraphs += 1;
                }
            }
            "s" => {
                if let Some(cell) = self.cell.as_mut() {
                    cell.text
                        .extend(std::iter::repeat_n(' ', number("c").min(1024) as usize));
                }
            }
            "tab" => self.cell.iter_mut().for_each(|c| c.text.push('\t')),
            "line-break" => self.cell.iter_mut().for_each(|c| c.text.push('\n')),
            _ => {}
        }
    }

    fn close(&mut self, name: &str, out: &mut Output<'_>) {
        match name {
            "table-cell" | "covered-table-cell" => {
                let Some(cell) = self.cell.take() else {
                    return;
                };
                let text = cell.value.unwrap_or(cell.text);
                if !text.trim().is_empty() {
                    let room = MAX_CELLS.saturating_sub(self.cells_read) + 1;
                    let copies = u64::from(cell.repeats.min(MAX_COLUMNS.saturating_sub(self.column))).min(room) as u32;
                    for column in self.column..self.column + copies {
                        self.cells.push((column, text.clone()));
                    }
                    self.cells_read += u64::from(copies);
                }
                self.column = self.column.saturating_add(cell.repeats);
            }
            "table-row" => {
                if let Some(table) = self.table.as_mut() {
                    if !self.cells.is_empty() {
                        let copies = self.row_repeats.min(MAX_ROWS.saturating_sub(self.row));
                        for row in self.row..self.row + copies {
                            for (column, text) in &self.cells {
                                table.cell(row, *column, text.clone(), out);
                            }
                            self.cells_read += self.cells.len() as u64;
                            if self.cells_read > MAX_CELLS {
                                break;
                            }
                        }
                    }
                }
                self.row = self.row.saturating_add(self.row_repeats);
            }
            "table" => self.finish(out),
            _ => {}
        }
    }

    /// Hands over the last row of the sheet being read.
    fn finish(&mut self, out: &mut Output<'_>) {
        if let Some(table) = self.table.take() {
            table.finish(out);
        }
    }
}

/// The unescaped value of the attribute whose local name is `name`.
pub(crate) fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok())
        .map(|v| v.into_owned())
}

/// A typed cell's value as text: a whole number without its fraction, as
/// people typed it (`1234567`, not `1234567.0`); dates and the rest as
/// written.
fn typed_value(value: &str) -> String {
    value
        .parse::<f64>()
        .ok()
        .and_then(crate::sheet::whole_number)
        .unwrap_or_else(|| value.to_string())
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};

    /// An .ods package holding `rows` (table:table-row elements) in one
    /// sheet, `manifest_extra` in its manifest's file entry, and its
    /// creation and last-saved dates in its metadata.
    fn ods(rows: &str, manifest_extra: &str) -> Vec<u8> {
        let content = format!(
            r#"<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Payees">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        );
        let manifest = format!(
            r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml">{manifest_extra}</manifest:file-entry></manifest:manifest>"#
        );
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, data) in [
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet".to_string()),
            ("META-INF/manifest.xml", manifest),
            ("content.xml", content),
            ("meta.xml", META.to_string()),
        ] {
            zip.start_file(name, stored).unwrap();
            zip.write_all(data.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    const META: &str = r#"<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta><meta:creation-date>2021-03-04T14:22:06.81</meta:creation-date><dc:date>2021-03-05T09:00:00</dc:date></office:meta></office:document-meta>"#;

    fn read(bytes: &[u8]) -> (String, Vec<String>) {
        let mut docs = crate::reader::tests::read_bytes("book.ods", bytes, &crate::Limits::default()).docs;
        let (_, text, _, errors) = docs.remove(0);
        (text, errors)
    }

    #[test]
    fn cells_are_read_with_their_labels_values_and_repeats() {
        let rows = r#"
            <table:table-row><table:table-cell><text:p>Name</text:p></table:table-cell><table:table-cell table:number-columns-repeated="2"/><table:table-cell><text:p>SIN</text:p></table:table-cell></table:table-row>
            <table:table-row table:number-rows-repeated="3"/>
            <table:table-row><table:table-cell><text:p>Marie</text:p><text:p>Tremblay<text:s text:c="2"/>&amp; fils</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="float" office:value="130692544"><text:p>130,692,544</text:p></table:table-cell></table:table-row>
            <table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="date" office:date-value="2022-01-28"><text:p>28/01/22</text:p></table:table-cell></table:table-row>"#;
        let (text, errors) = read(&ods(rows, ""));
        assert!(errors.is_empty(), "{errors:?}");
        // The typed value, not its display; the label of column 3 (after
        // two repeated empty columns) is SIN; a repeated row is read twice.
        assert_eq!(
            text,
            "Name\tSIN\nName: Marie\nTremblay  & fils\tSIN: 130692544\nName: 2022-01-28\nName: 2022-01-28\n"
        );
    }

    #[test]
    fn a_repeated_cell_is_read_up_to_a_bound_not_expanded() {
        // 791 bytes asked calamine for 96 million cells (7.5 GB).
        let rows = r#"<table:table-row table:number-rows-repeated="6000"><table:table-cell table:number-columns-repeated="16000" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#;
        let (_, errors) = read(&ods(rows, ""));
        assert!(errors[0].contains("more than 10000000 cells"), "{errors:?}");
        // A row holds 16,384 columns at most, the sheet 1,048,576 rows.
        let rows = r#"<table:table-row table:number-rows-repeated="4294967295"><table:table-cell table:number-columns-repeated="4294967295"/><table:table-cell><text:p>x</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell><text:p>past the last row</text:p></table:table-cell></table:table-row>"#;
        let (text, errors) = read(&ods(rows, ""));
        assert_eq!((text.as_str(), errors.len()), ("", 0));
    }

    #[test]
    fn the_metadata_s_dates_are_read() {
        let docs = crate::reader::tests::read_bytes("book.ods", &ods("", ""), &crate::Limits::default()).docs;
        let dates: Vec<String> = docs[0].2.iter().map(|d| d.to_string()).collect();
        assert_eq!(dates, ["2021-03-04", "2021-03-05"]);
    }

    #[test]
    fn a_password_protected_workbook_says_so() {
        let (_, errors) = read(&ods("", "<manifest:encryption-data/>"));
        assert!(errors[0].contains("password-protected"), "{errors:?}");
    }
}
