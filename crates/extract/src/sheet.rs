//! Spreadsheets (xlsx, xlsb, xls, ods) through calamine, sheet by sheet, every
//! cell keeping its coordinates; an xlsx's cell comments and notes from
//! their own parts. Dates stored as serial numbers come out
//! as ISO dates; whole numbers (account numbers, SINs typed as numbers)
//! lose the `.0` a float would print.

use crate::output::Output;
use crate::sniff::Kind;
use breachscope_core::{Origin, Segment};
use calamine::{Data, Ods, Reader, Sheets, Xls, Xlsb, Xlsx};
use chrono::{Duration, NaiveDate};
use std::borrow::Cow;
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A sheet's name and its rows of cell text, or why it could not be read.
type SheetRows = (String, Result<Vec<Vec<String>>, String>);

/// Rows read from one sheet at most.
const MAX_ROWS: usize = 1_000_000;
/// Bytes a zipped workbook's parts may inflate to, together.
const MAX_INFLATED: u64 = 256 << 20;

/// Reads a workbook.
pub(crate) fn read(bytes: &[u8], kind: Kind, out: &mut Output<'_>) {
    // Cell comments and notes, which calamine does not read.
    let mut comments: Vec<(String, Result<String, String>)> = Vec::new();
    if matches!(kind, Kind::Xlsx | Kind::Xlsb | Kind::Ods) {
        if let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) {
            // calamine inflates and holds a workbook's parts without a
            // bound: they are first inflated into nothing, counting.
            if inflates_past_bound(&mut zip, bytes) {
                out.error(format!(
                    "{} workbook's parts inflate past {} MiB (a decompression bomb?): not scanned",
                    kind.name(),
                    MAX_INFLATED >> 20
                ));
                return;
            }
            if kind != Kind::Ods {
                if let Ok(Some(xml)) = crate::ooxml::read_part(&mut zip, "docProps/core.xml") {
                    out.meta_dates.extend(crate::ooxml::property_dates(&xml));
                }
            }
            if kind == Kind::Xlsx && out.wanted() {
                let parts: Vec<String> = zip
                    .file_names()
                    .filter_map(Result::ok)
                    .filter(|n| n.starts_with("xl/comments") || n.starts_with("xl/threadedComments/"))
                    .filter(|n| n.ends_with(".xml"))
                    .map(|n| n.into_owned())
                    .collect();
                for part in parts {
                    let text = crate::ooxml::read_part(&mut zip, &part)
                        .and_then(|xml| crate::ooxml::xml_text(&xml.unwrap_or_default()));
                    comments.push((part, text));
                }
            }
        }
    }
    if !out.wanted() {
        return;
    }
    // calamine is not known to be total over hostile workbooks: a panic in
    // it is caught and reported for this file alone.
    let sheets = catch_unwind(AssertUnwindSafe(|| -> Result<Vec<SheetRows>, String> {
        // Opened as the format sniffed, so that a failure says what is wrong
        // (calamine's guessing says only that it could not guess).
        let data = if kind == Kind::Xls {
            // The workbook stream alone (see `clean_copy`).
            let workbook = |path: &str| path == "/Workbook" || path == "/Book";
            Cow::Owned(crate::ole::clean_copy(bytes, workbook)?)
        } else {
            Cow::Borrowed(bytes)
        };
        let cursor = Cursor::new(data);
        let mut workbook = match kind {
            Kind::Xls => Xls::new(cursor).map(Sheets::Xls).map_err(|e| e.to_string()),
            Kind::Xlsb => Xlsb::new(cursor).map(Sheets::Xlsb).map_err(|e| e.to_string()),
            Kind::Ods => Ods::new(cursor).map(Sheets::Ods).map_err(|e| e.to_string()),
            _ => Xlsx::new(cursor).map(Sheets::Xlsx).map_err(|e| e.to_string()),
        }?;
        let mut sheets = Vec::new();
        for name in workbook.sheet_names() {
            match workbook.worksheet_range(&name) {
                Ok(range) => {
                    let (row0, col0) = range.start().unwrap_or((0, 0));
                    let mut rows: Vec<Vec<String>> = vec![Vec::new(); row0 as usize];
                    for row in range.rows().take(MAX_ROWS) {
                        let mut cells = vec![String::new(); col0 as usize];
                        cells.extend(row.iter().map(cell_text));
                        rows.push(cells);
                    }
                    sheets.push((name, Ok(rows)));
                }
                Err(e) => sheets.push((name, Err(e.to_string()))),
            }
        }
        Ok(sheets)
    }));
    match sheets {
        Ok(Ok(sheets)) => {
            for (name, rows) in sheets {
                match rows {
                    Ok(rows) => crate::table::emit_rows(&name, rows, out),
                    Err(e) => out.error(format!("sheet {name}: {e}")),
                }
            }
        }
        Ok(Err(e)) => out.error(format!("{} workbook cannot be read: {e}", kind.name())),
        Err(_) => out.error(format!("{} workbook crashed the reader: not scanned", kind.name())),
    }
    for (part, text) in comments {
        match text {
            Ok(text) => out.segment(Segment::new(text, Origin::Part(part))),
            Err(e) => out.error(format!("{part}: {e}")),
        }
    }
}

/// Whether the parts of the zipped workbook `bytes` (opened as `zip`)
/// inflate past `MAX_INFLATED` together. A part that cannot be read is left
/// for calamine to report.
fn inflates_past_bound(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, bytes: &[u8]) -> bool {
    let mut total: u64 = 0;
    for index in 0..zip.len() {
        let Ok(part) = zip.by_index_raw(index) else {
            continue;
        };
        let stored = part.data_start().and_then(|start| {
            let start = usize::try_from(start).ok()?;
            bytes.get(start..start.checked_add(usize::try_from(part.compressed_size()).ok()?)?)
        });
        total += match (part.compression(), stored) {
            (zip::CompressionMethod::Deflated, Some(deflated)) => {
                crate::inflate::inflated_size(deflated, false, MAX_INFLATED - total.min(MAX_INFLATED))
            }
            _ => part.size(),
        };
        if total > MAX_INFLATED {
            return true;
        }
    }
    false
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            serial_date(dt.as_f64()).map_or_else(|| dt.as_f64().to_string(), |d| d.to_string())
        }
        Data::DateTime(dt) => dt.as_f64().to_string(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// An Excel serial date (days since 1899-12-30, the 1900 system).
fn serial_date(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(Duration::days(serial.floor() as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_dates() {
        assert_eq!(serial_date(44589.0).unwrap().to_string(), "2022-01-28");
        assert_eq!(serial_date(44589.75).unwrap().to_string(), "2022-01-28");
        assert!(serial_date(-5.0).is_none());
        assert!(serial_date(f64::NAN).is_none());
    }

    #[test]
    fn numbers_print_like_people_typed_them() {
        assert_eq!(cell_text(&Data::Float(1234567.0)), "1234567");
        assert_eq!(cell_text(&Data::Float(12.5)), "12.5");
        assert_eq!(cell_text(&Data::Int(130692544)), "130692544");
    }

    #[test]
    fn cell_comments_are_read() {
        use breachscope_demo::formats::xlsx;
        use std::io::{Read, Write};
        let book = xlsx::build("Vendors", &[vec![xlsx::Cell::Text("Vendor".into())]]);
        // The same workbook with a comments part added.
        let mut source = zip::ZipArchive::new(Cursor::new(&book)).unwrap();
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for index in 0..source.len() {
            let mut part = source.by_index(index).unwrap();
            let mut data = Vec::new();
            part.read_to_end(&mut data).unwrap();
            zip.start_file(part.name().unwrap().into_owned(), options).unwrap();
            zip.write_all(&data).unwrap();
        }
        zip.start_file("xl/comments1.xml", options).unwrap();
        zip.write_all(br#"<comments><commentList><comment ref="A1"><text><r><t>Paid to 003-12345-1234567</t></r></text></comment></commentList></comments>"#)
            .unwrap();
        let with_comment = zip.finish().unwrap().into_inner();
        let docs = crate::reader::tests::read_bytes("v.xlsx", &with_comment, &crate::Limits::default()).docs;
        assert!(docs[0].1.contains("Vendor"));
        assert!(docs[0].1.contains("Paid to 003-12345-1234567"), "{}", docs[0].1);
        assert!(docs[0].3.is_empty(), "{:?}", docs[0].3);
    }

    #[test]
    fn an_xls_whose_directory_chain_loops_is_refused_not_followed() {
        use std::io::Write;
        let mut file = cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new())).unwrap();
        file.create_stream("/Workbook").unwrap().write_all(&[0; 8192]).unwrap();
        file.flush().unwrap();
        let mut bytes = file.into_inner().into_inner();
        // The directory's sector leads to itself in the FAT: calamine read
        // that chain with no length bound, and allocated until killed.
        let u32_at = |b: &[u8], at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap());
        let directory = u32_at(&bytes, 0x30);
        let fat_sector = u32_at(&bytes, 0x4C) as usize;
        let entry = (fat_sector + 1) * 512 + 4 * directory as usize;
        bytes[entry..entry + 4].copy_from_slice(&directory.to_le_bytes());
        let docs = crate::reader::tests::read_bytes("loop.xls", &bytes, &crate::Limits::default()).docs;
        assert!(docs[0].3[0].contains("cannot be opened"), "{:?}", docs[0].3);
    }

    #[test]
    fn a_workbook_whose_parts_inflate_past_the_bound_is_refused() {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/workbook.xml", deflated).unwrap();
        zip.write_all(b"<workbook/>").unwrap();
        zip.start_file("xl/worksheets/sheet1.xml", deflated).unwrap();
        let spaces = vec![b' '; 1 << 20];
        for _ in 0..300 {
            zip.write_all(&spaces).unwrap();
        }
        let bytes = zip.finish().unwrap().into_inner();
        assert!(bytes.len() < 2 << 20, "the bomb is small on disk");
        // Its parts' deflated bytes are found in place, so their real size
        // is counted, not the size the archive claims.
        let mut archive = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
        assert!(archive.by_index_raw(1).unwrap().data_start().is_some());
        let docs = crate::reader::tests::read_bytes("bomb.xlsx", &bytes, &crate::Limits::default()).docs;
        assert!(docs[0].3[0].contains("decompression bomb"), "{:?}", docs[0].3);
    }
}
