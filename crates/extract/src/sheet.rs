//! Spreadsheets (xlsx, xlsb, xls, ods) through calamine, sheet by sheet, every
//! cell keeping its coordinates; an xlsx's cell comments and notes from
//! their own parts. Dates stored as serial numbers come out
//! as ISO dates; whole numbers (account numbers, SINs typed as numbers)
//! lose the `.0` a float would print.

use crate::output::Output;
use crate::sniff::Kind;
use crate::table::Table;
use breachscope_core::{Origin, Segment};
use calamine::{Cell, Data, DataRef, Reader, SheetType, Xls, Xlsb, Xlsx};
use chrono::{Duration, NaiveDate};
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Bytes a zipped workbook's parts may inflate to, together.
const MAX_INFLATED: u64 = 256 << 20;

/// Reads a workbook.
pub(crate) fn read(bytes: &[u8], kind: Kind, out: &mut Output<'_>) {
    // Cell comments and notes, and text boxes drawn over a sheet, which
    // calamine does not read.
    let mut comments: Vec<(String, Result<String, String>)> = Vec::new();
    // An xlsx whose macro sheets calamine would refuse, copied for it.
    let mut relisted = Ok(None);
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
            if kind == Kind::Xlsb {
                if let Err(e) = xlsb_records_fit(&mut zip) {
                    return out.error(format!("xlsb workbook damaged ({e}): not scanned"));
                }
            }
            let properties = if kind == Kind::Ods {
                "meta.xml"
            } else {
                "docProps/core.xml"
            };
            if let Ok(Some(xml)) = crate::ooxml::read_part(&mut zip, properties) {
                out.meta_dates.extend(crate::ooxml::property_dates(&xml));
            }
            if kind == Kind::Xlsx && out.wanted() {
                let parts: Vec<String> = zip
                    .file_names()
                    .filter_map(Result::ok)
                    .filter(|n| {
                        let noted = ["xl/comments", "xl/threadedComments/", "xl/drawings/drawing"];
                        noted.iter().any(|part| n.starts_with(part))
                    })
                    .filter(|n| n.ends_with(".xml"))
                    .map(|n| n.into_owned())
                    .collect();
                for part in parts {
                    let text = crate::ooxml::read_part(&mut zip, &part)
                        .and_then(|xml| crate::ooxml::xml_text(&xml.unwrap_or_default()));
                    comments.push((part, text));
                }
                relisted = macro_sheets_as_worksheets(&mut zip);
            }
        }
    }
    if !out.wanted() {
        return;
    }
    // calamine is not known to be total over hostile workbooks: a panic in
    // it is caught and reported for this file alone (the rows read before
    // it are kept).
    let read = catch_unwind(AssertUnwindSafe(|| match relisted {
        Ok(copy) => sheets(copy.as_deref().unwrap_or(bytes), kind, out),
        Err(e) => Err(e),
    }));
    match read {
        Ok(Ok(())) => {}
        Ok(Err(e)) => out.error(format!("{} workbook cannot be read: {e}", kind.name())),
        Err(_) => out.error(format!(
            "{} workbook crashed the reader: the rest not scanned",
            kind.name()
        )),
    }
    for (part, text) in comments {
        match text {
            Ok(text) => out.segment(Segment::new(text, Origin::Part(part))),
            Err(e) => out.error(format!("{part}: {e}")),
        }
    }
}

/// Reads every sheet of the workbook, a row at a time.
///
/// A sheet of xlsx or xlsb is read cell by cell as stored: calamine's
/// ranges hold every cell from the first used to the last, so a workbook
/// of two cells, at A1 and at XFD1048576, asked for 17 billion (the run
/// aborted). xls (65,536 rows by 256 columns at most) and ods (whose
/// repeated cells calamine caps) have ranges only; their used cells are
/// taken from them.
fn sheets(bytes: &[u8], kind: Kind, out: &mut Output<'_>) -> Result<(), String> {
    // Opened as the format sniffed, so that a failure says what is wrong
    // (calamine's guessing says only that it could not guess).
    match kind {
        Kind::Xlsx => {
            let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
            for name in sheets_with_cells(&book) {
                let cells = book.worksheet_cells_reader(&name).map_err(|e| e.to_string());
                stored_cells(&name, cells.map(|mut c| move || c.next_cell()), out);
            }
        }
        Kind::Xlsb => {
            let mut book = Xlsb::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
            for name in sheets_with_cells(&book) {
                let cells = book.worksheet_cells_reader(&name).map_err(|e| e.to_string());
                stored_cells(&name, cells.map(|mut c| move || c.next_cell()), out);
            }
        }
        Kind::Ods => {
            let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
            if crate::ooxml::odf_encrypted(&mut zip) {
                return Err("password-protected: content encrypted, not scanned".into());
            }
            let content = crate::ooxml::read_part(&mut zip, "content.xml")?.ok_or("no content.xml")?;
            crate::ods::read(&content, out)?;
        }
        _ => {
            // The workbook stream alone (see `clean_copy`), made safe.
            // Only the workbook stream: macros, pictures and summaries are
            // neither read nor needed.
            let workbook = |path: &str| path.eq_ignore_ascii_case("/Workbook") || path.eq_ignore_ascii_case("/Book");
            let copy = crate::ole::clean_copy(bytes, workbook, |_, stream| crate::biff::make_safe(stream))?;
            if let Some(why) = copy.left_out.into_iter().next() {
                return Err(why);
            }
            used_cells(Xls::new(Cursor::new(copy.bytes)).map_err(|e| e.to_string())?, out)
        }
    }
    Ok(())
}

/// Where a workbook lists its sheets' parts by their relationships.
const WORKBOOK_RELATIONSHIPS: &str = "xl/_rels/workbook.xml.rels";

/// The relationship types of Excel 4.0 macro sheets (international or
/// not), as a workbook's relationships name them.
const MACRO_SHEET_TYPES: [&str; 2] = [
    "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet",
    "http://schemas.microsoft.com/office/2006/relationships/xlIntlMacrosheet",
];

/// The relationship type of a worksheet.
const WORKSHEET_TYPE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";

/// A copy of the workbook `source` whose Excel 4.0 macro sheets are
/// listed as worksheets, or None when it has none. calamine refuses a
/// workbook that holds one ("Unrecognized sheet:type"), so that its
/// worksheets went unread; a macro sheet's part is a worksheet's
/// (`sheetData`, rows, cells), and its cells are read as theirs. The copy
/// takes the other parts as they are stored, without inflating them.
fn macro_sheets_as_worksheets(source: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<Option<Vec<u8>>, String> {
    let Some(relationships) = crate::ooxml::read_part(source, WORKBOOK_RELATIONSHIPS)? else {
        return Ok(None);
    };
    let relationships = String::from_utf8_lossy(&relationships);
    if !MACRO_SHEET_TYPES.iter().any(|t| relationships.contains(t)) {
        return Ok(None);
    }
    let relisted = MACRO_SHEET_TYPES
        .iter()
        .fold(relationships.into_owned(), |xml, t| xml.replace(t, WORKSHEET_TYPE));
    with_part(source, WORKBOOK_RELATIONSHIPS, relisted.as_bytes())
        .map(Some)
        .map_err(|e| format!("macro sheets cannot be listed: {e}"))
}

/// A copy of the zip `source` with the part `name` holding `data`; its
/// other parts copied as stored.
fn with_part(source: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str, data: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..source.len() {
        let part = source.by_index_raw(index)?;
        if part.name()? != name {
            zip.raw_copy_file(part)?;
        }
    }
    zip.start_file(name, zip::write::SimpleFileOptions::default())?;
    std::io::Write::write_all(&mut zip, data)?;
    Ok(zip.finish()?.into_inner())
}

/// The names of a workbook's sheets that hold cells: a chart sheet holds
/// none.
fn sheets_with_cells<'b, R: Reader<Cursor<&'b [u8]>>>(book: &R) -> Vec<String> {
    book.sheets_metadata()
        .iter()
        .filter(|sheet| sheet.typ != SheetType::ChartSheet)
        .map(|sheet| sheet.name.clone())
        .collect()
}

/// The cells of the sheet `name` as stored, from `next` (or why the sheet
/// cannot be read), into rows.
fn stored_cells<'a, E: std::fmt::Display>(
    name: &str,
    next: Result<impl FnMut() -> Result<Option<Cell<DataRef<'a>>>, E>, String>,
    out: &mut Output<'_>,
) {
    let mut next = match next {
        Ok(next) => next,
        Err(e) => return out.error(format!("sheet {name}: {e}")),
    };
    let mut table = Table::new(name);
    loop {
        match next() {
            Ok(Some(cell)) => {
                let (row, column) = cell.get_position();
                table.cell(row, column, cell_text(&Data::from(cell.get_value().clone())), out);
            }
            Ok(None) => break,
            Err(e) => {
                out.error(format!("sheet {name}: {e}; the rest not read"));
                break;
            }
        }
    }
    table.finish(out);
}

/// The used cells of every sheet of a workbook read whole, into rows.
fn used_cells<R: Reader<Cursor<B>>, B: AsRef<[u8]>>(mut book: R, out: &mut Output<'_>)
where
    R::Error: std::fmt::Display,
{
    for name in book.sheet_names() {
        match book.worksheet_range(&name) {
            Ok(range) => {
                let (row0, col0) = range.start().unwrap_or((0, 0));
                let mut table = Table::new(&name);
                for (row, column, cell) in range.used_cells() {
                    table.cell(row0 + row as u32, col0 + column as u32, cell_text(cell), out);
                }
                table.finish(out);
            }
            Err(e) => out.error(format!("sheet {name}: {e}")),
        }
    }
}

/// Whether every record of an xlsb's binary parts fits in its part.
///
/// calamine sizes a buffer to each record's claimed length (up to 256 MiB)
/// and zero-fills it before reading: a 1 KB file made it take 268 MB.
/// Each part is read once more here, streaming, its records skipped.
fn xlsb_records_fit(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<(), String> {
    use std::io::{BufRead, BufReader, Read};
    fn byte(reader: &mut impl BufRead) -> Option<u8> {
        let b = *reader.fill_buf().ok()?.first()?;
        reader.consume(1);
        Some(b)
    }
    for index in 0..zip.len() {
        let Ok(part) = zip.by_index(index) else {
            continue;
        };
        let Some(name) = part.name().ok().filter(|n| is_record_part(n)).map(|n| n.into_owned()) else {
            continue;
        };
        let mut reader = BufReader::new(part);
        // A record: its type in 1 or 2 bytes, its length in 1 to 4 (7
        // bits each, the high bit saying another follows), its data. A
        // part that breaks off is left for calamine to report.
        while let Some(first) = byte(&mut reader) {
            if first & 0x80 != 0 && byte(&mut reader).is_none() {
                break;
            }
            let mut length = 0u64;
            for shift in [0, 7, 14, 21] {
                let Some(b) = byte(&mut reader) else {
                    return Ok(());
                };
                length |= u64::from(b & 0x7F) << shift;
                if b & 0x80 == 0 {
                    break;
                }
            }
            let skipped = std::io::copy(&mut (&mut reader).take(length), &mut std::io::sink()).unwrap_or(0);
            if skipped < length {
                return Err(format!("a record of {name} claims {length} bytes, past its end"));
            }
        }
    }
    Ok(())
}

/// Whether an xlsb part is one of the BIFF12 record streams calamine reads
/// (a VBA project or an embedded object is a compound file instead).
fn is_record_part(name: &str) -> bool {
    matches!(name, "xl/workbook.bin" | "xl/sharedStrings.bin" | "xl/styles.bin")
        || [
            "xl/worksheets/",
            "xl/macrosheets/",
            "xl/dialogsheets/",
            "xl/chartsheets/",
        ]
        .iter()
        .any(|folder| name.starts_with(folder) && name.ends_with(".bin") && !name[folder.len()..].contains('/'))
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
        Data::Float(f) => whole_number(*f).unwrap_or_else(|| f.to_string()),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            serial_date(dt.as_f64()).map_or_else(|| dt.as_f64().to_string(), |d| d.to_string())
        }
        Data::DateTime(dt) => dt.as_f64().to_string(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// A whole number as people typed it (`1234567`, not `1234567.0`): an
/// account number or a SIN stored as a number.
pub(crate) fn whole_number(f: f64) -> Option<String> {
    (f.fract() == 0.0 && f.abs() < 1e15).then(|| format!("{}", f as i64))
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

    /// A part's name, and its new text made from its old one (empty for a
    /// new part).
    type Edit<'a> = (&'a str, &'a dyn Fn(&str) -> String);

    /// The workbook `book` with each of `changes` made to it.
    fn edited(book: &[u8], changes: &[Edit<'_>]) -> Vec<u8> {
        let mut source = zip::ZipArchive::new(Cursor::new(book)).unwrap();
        let mut book = book.to_vec();
        for (name, edit) in changes {
            let old = crate::ooxml::read_part(&mut source, name).unwrap().unwrap_or_default();
            book = with_part(&mut source, name, edit(&String::from_utf8(old).unwrap()).as_bytes()).unwrap();
            source = zip::ZipArchive::new(Cursor::new(book.as_slice())).unwrap();
        }
        book
    }

    #[test]
    fn cell_comments_and_text_boxes_are_read() {
        use breachscope_demo::formats::xlsx;
        let book = xlsx::build("Vendors", &[vec![xlsx::Cell::Text("Vendor".into())]]);
        // The same workbook with a comments part added.
        let comments = |_: &str| {
            r#"<comments><commentList><comment ref="A1"><text><r><t>Paid to 003-12345-1234567</t></r></text></comment></commentList></comments>"#.to_string()
        };
        // And a text box drawn over the sheet.
        let drawing = |_: &str| {
            r#"<xdr:wsDr xmlns:xdr="x" xmlns:a="a"><xdr:twoCellAnchor><xdr:sp><xdr:txBody><a:p><a:r><a:t>Approved: Marie Tremblay</a:t></a:r></a:p></xdr:txBody></xdr:sp></xdr:twoCellAnchor></xdr:wsDr>"#.to_string()
        };
        let with_comment = edited(
            &book,
            &[("xl/comments1.xml", &comments), ("xl/drawings/drawing1.xml", &drawing)],
        );
        let docs = crate::reader::tests::read_bytes("v.xlsx", &with_comment, &crate::Limits::default()).docs;
        assert!(docs[0].1.contains("Vendor"));
        assert!(docs[0].1.contains("Paid to 003-12345-1234567"), "{}", docs[0].1);
        assert!(docs[0].1.contains("Approved: Marie Tremblay\n"), "{}", docs[0].1);
        assert!(docs[0].3.is_empty(), "{:?}", docs[0].3);
    }

    #[test]
    fn a_workbook_with_an_excel_4_macro_sheet_is_read_whole() {
        use breachscope_demo::formats::xlsx;
        let book = xlsx::build("Vendors", &[vec![xlsx::Cell::Text("Paid to 003-12345-1234567".into())]]);
        // An Excel 4.0 macro sheet beside the worksheet, as an .xlsm
        // holds one: calamine refused the whole workbook for it.
        let listed = |xml: &str| {
            xml.replace(
                "</sheets>",
                r#"<sheet name="Macro1" sheetId="2" r:id="rId9"/></sheets>"#,
            )
        };
        let related = |xml: &str| {
            xml.replace(
                "</Relationships>",
                r#"<Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet" Target="macrosheets/sheet1.xml"/></Relationships>"#,
            )
        };
        let macro_sheet = |_: &str| {
            r#"<xm:macrosheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Call 514-555-0142</t></is></c></row><row r="2"><c r="A2"><f>HALT()</f></c></row></sheetData></xm:macrosheet>"#.to_string()
        };
        let xlsm = edited(
            &book,
            &[
                ("xl/workbook.xml", &listed),
                (WORKBOOK_RELATIONSHIPS, &related),
                ("xl/macrosheets/sheet1.xml", &macro_sheet),
            ],
        );
        let docs = crate::reader::tests::read_bytes("book.xlsm", &xlsm, &crate::Limits::default()).docs;
        assert!(docs[0].3.is_empty(), "{:?}", docs[0].3);
        assert!(docs[0].1.contains("Paid to 003-12345-1234567"), "{}", docs[0].1);
        assert!(docs[0].1.contains("Call 514-555-0142"), "{}", docs[0].1);
    }

    #[test]
    fn a_sheet_of_two_far_apart_cells_is_read_cell_by_cell() {
        use std::io::Write;
        // A1 and XFD1048576: calamine's range of this sheet would hold 17
        // billion cells, and the run aborted asking for them.
        let cell = |r: &str, row: u32, text: &str| {
            format!(r#"<row r="{row}"><c r="{r}" t="inlineStr"><is><t>{text}</t></is></c></row>"#)
        };
        let sheet = format!(
            r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{}{}</sheetData></worksheet>"#,
            cell("A1", 1, "Employee SIN"),
            cell("XFD1048576", 1_048_576, "130 692 544")
        );
        let parts = [
            ("[Content_Types].xml", r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#.to_string()),
            ("_rels/.rels", r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
            ("xl/workbook.xml", r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
            ("xl/_rels/workbook.xml.rels", r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string()),
            ("xl/worksheets/sheet1.xml", sheet),
        ];
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, xml) in parts {
            zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            zip.write_all(xml.as_bytes()).unwrap();
        }
        let bytes = zip.finish().unwrap().into_inner();
        let docs = crate::reader::tests::read_bytes("far.xlsx", &bytes, &crate::Limits::default()).docs;
        assert!(docs[0].3.is_empty(), "{:?}", docs[0].3);
        assert_eq!(docs[0].1, "Employee SIN\n130 692 544\n");
    }

    #[test]
    fn an_xlsb_record_claiming_more_than_its_part_is_refused_before_calamine() {
        use std::io::Write;
        let xlsb = |workbook: &[u8]| {
            let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
            let options = zip::write::SimpleFileOptions::default();
            zip.start_file("[Content_Types].xml", options).unwrap();
            zip.write_all(b"<Types/>").unwrap();
            // A VBA project is a compound file, not records: never walked.
            zip.start_file("xl/vbaProject.bin", options).unwrap();
            zip.write_all(&[0xFF; 64]).unwrap();
            zip.start_file("xl/workbook.bin", options).unwrap();
            zip.write_all(workbook).unwrap();
            zip.finish().unwrap().into_inner()
        };
        // Record 0x83 (BrtBeginBook), 2^28 - 1 bytes claimed, 3 given:
        // calamine zero-filled 268 MB for it.
        let hostile = xlsb(&[0x83, 0x01, 0xFF, 0xFF, 0xFF, 0x7F, 1, 2, 3]);
        let docs = crate::reader::tests::read_bytes("b.xlsb", &hostile, &crate::Limits::default()).docs;
        assert!(
            docs[0].3[0].contains("claims 268435455 bytes, past its end"),
            "{:?}",
            docs[0].3
        );
        let sound = xlsb(&[0x83, 0x01, 0x00, 0x84, 0x01, 0x00]);
        let mut zip = zip::ZipArchive::new(Cursor::new(&sound[..])).unwrap();
        assert!(xlsb_records_fit(&mut zip).is_ok());
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
    fn an_xls_whose_formulas_run_past_their_records_keeps_its_cells() {
        use std::io::Write;
        let record =
            |kind: u16, data: &[u8]| [&kind.to_le_bytes()[..], &(data.len() as u16).to_le_bytes(), data].concat();
        let bof = |kind: u16| record(0x0809, &[&[0x00, 0x06][..], &kind.to_le_bytes(), &[0; 12]].concat());
        let number = |row: u16, value: f64| {
            record(
                0x0203,
                &[&row.to_le_bytes()[..], &[0, 0, 0, 0], &value.to_le_bytes()].concat(),
            )
        };
        // A formula whose stored value is 4,512.00 and whose tokens say a
        // reference follows, cut off by its record's end (calamine sliced
        // past it and panicked); and one too short to hold a formula.
        let formula = |row: u16, cce: u16, tokens: &[u8]| {
            let data = [
                &row.to_le_bytes()[..],
                &[0, 0, 0, 0],
                &4512f64.to_le_bytes(),
                &[0; 6],
                &cce.to_le_bytes(),
                tokens,
            ];
            record(0x0006, &data.concat())
        };
        let short_formula = record(0x0006, &[&2u16.to_le_bytes()[..], &[0; 18]].concat());
        // A defined name whose formula is said longer than its record.
        let name = record(
            0x0018,
            &[&[0, 0, 0, 4][..], &900u16.to_le_bytes(), &[0; 8], &[0], b"Data"].concat(),
        );
        let sheet = [
            bof(0x0010),
            number(0, 130_692_544.0),
            formula(1, 3, &[0x44]),
            short_formula,
            number(3, 7.0),
            record(0x000A, &[]),
        ];
        let boundsheet = record(0x0085, &[&[0; 4][..], &[0, 0, 5, 0], b"Sheet"].concat());
        let mut stream = [bof(0x0005), name, boundsheet, record(0x000A, &[])].concat();
        // The sheet's records start where the globals end: said in the
        // BOUNDSHEET's first four bytes, before its 13 and the EOF's 4.
        let place = stream.len() - 4 - 13;
        let sheet_at = stream.len() as u32;
        stream[place..place + 4].copy_from_slice(&sheet_at.to_le_bytes());
        stream.extend(sheet.concat());
        let mut file = cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new())).unwrap();
        file.create_stream("/Workbook").unwrap().write_all(&stream).unwrap();
        file.flush().unwrap();
        let bytes = file.into_inner().into_inner();
        let docs = crate::reader::tests::read_bytes("damaged.xls", &bytes, &crate::Limits::default()).docs;
        assert!(docs[0].3.is_empty(), "{:?}", docs[0].3);
        assert_eq!(docs[0].1, "130692544\n4512\n7\n");
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
