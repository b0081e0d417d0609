//! Excel's XML Spreadsheet 2003 (SpreadsheetML): what "Export to Excel"
//! writes in many business applications and web reports, as a `.xml` or a
//! `.xls` that is XML inside. Read as plain XML its cells are a run of
//! "Data: ..." lines, a SIN far from the "SIN" heading its column; here
//! each worksheet is a table, row by row under its header, every cell at
//! `cell:Clients!B4`, as the other spreadsheets are.

use crate::ods::attribute;
use crate::output::Output;
use crate::table::Table;
use quick_xml::events::{BytesStart, Event};

/// The namespace of SpreadsheetML.
const NAMESPACE: &[u8] = b"urn:schemas-microsoft-com:office:spreadsheet";

/// Rows and columns past these (a hostile index) are no cells of the sheet.
const MAX_ROWS: u32 = 1 << 20;
const MAX_COLUMNS: u32 = 1 << 14;

/// Whether the first bytes `head` open an XML Spreadsheet 2003.
pub(crate) fn looks_like(head: &[u8]) -> bool {
    memchr::memmem::find(head, NAMESPACE).is_some() && memchr::memmem::find(head, b"<Workbook").is_some()
}

/// Reads every worksheet of the workbook `bytes` into rows.
pub(crate) fn read(bytes: &[u8], out: &mut Output<'_>) {
    if !out.wanted() {
        return;
    }
    let source = crate::text::decode(bytes);
    let mut reader = quick_xml::Reader::from_str(&source);
    let mut sheet = Sheet::default();
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) => sheet.open(&e, false, out),
            Ok(Event::Empty(e)) => sheet.open(&e, true, out),
            Ok(Event::End(e)) => sheet.close(e.local_name().as_ref(), out),
            Ok(Event::Text(t)) if sheet.in_data => sheet.text.push_str(&t.xml10_content()),
            Ok(Event::CData(t)) if sheet.in_data => sheet.text.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) if sheet.in_data => crate::ooxml::push_reference(&mut sheet.text, &r),
            Ok(_) => {}
            Err(e) => {
                out.error(format!(
                    "XML spreadsheet damaged at byte {} ({e}): the rest not read",
                    reader.error_position()
                ));
                break;
            }
        }
    }
    if let Some(table) = sheet.table.take() {
        table.finish(out);
    }
}

/// Where the reading stands: the worksheet's table, the row and column
/// (from 0) of the cell being read, and its text.
#[derive(Default)]
struct Sheet {
    table: Option<Table>,
    row: u32,
    column: u32,
    in_data: bool,
    text: String,
    /// Columns the cell being read spans past its own (`ss:MergeAcross`).
    merged: u32,
}

impl Sheet {
    fn open(&mut self, e: &BytesStart<'_>, empty: bool, out: &mut Output<'_>) {
        match e.local_name().as_ref() {
            "Worksheet" => {
                if let Some(table) = self.table.take() {
                    table.finish(out);
                }
                let name = attribute(e, "Name").unwrap_or_default();
                self.table = Some(Table::new(name));
                // Its first row without an index is row 0.
                self.row = u32::MAX;
            }
            "Row" => {
                self.row = match index(e) {
                    Some(index) => index,
                    None => self.row.wrapping_add(1),
                };
                self.column = u32::MAX;
                self.merged = 0;
            }
            "Cell" => {
                self.column = match index(e) {
                    Some(index) => index,
                    None => self.column.wrapping_add(1).wrapping_add(self.merged),
                };
                self.merged = attribute(e, "MergeAcross")
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0)
                    .min(MAX_COLUMNS);
                self.text.clear();
            }
            "Data" if !empty => self.in_data = true,
            _ => {}
        }
    }

    fn close(&mut self, name: &str, out: &mut Output<'_>) {
        match name {
            "Data" => self.in_data = false,
            "Cell" => {
                let text = std::mem::take(&mut self.text);
                if let Some(table) = &mut self.table {
                    if self.row < MAX_ROWS && self.column < MAX_COLUMNS {
                        table.cell(self.row, self.column, date_of(&text).unwrap_or(text), out);
                    }
                }
            }
            _ => {}
        }
    }
}

/// The 1-based `ss:Index` of a row or cell, from 0.
fn index(e: &BytesStart<'_>) -> Option<u32> {
    attribute(e, "Index")?.parse::<u32>().ok()?.checked_sub(1)
}

/// A `DateTime` cell's value at midnight (`1984-03-12T00:00:00.000`) as
/// its date alone, as the sheet shows it.
fn date_of(text: &str) -> Option<String> {
    let (date, time) = text.split_once('T')?;
    (date.len() == 10 && time.trim_end_matches(['0', ':', '.']).is_empty()).then(|| date.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::tests::segments_of;

    const WORKBOOK: &str = r#"<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="Clients">
  <Table>
   <Row><Cell><Data ss:Type="String">Name</Data></Cell><Cell><Data ss:Type="String">SIN</Data></Cell><Cell><Data ss:Type="String">Date of birth</Data></Cell><Cell ss:Index="5"><Data ss:Type="String">Account</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">Marie <Font>Tremblay</Font></Data></Cell><Cell><Data ss:Type="Number">130692544</Data></Cell><Cell><Data ss:Type="DateTime">1984-03-12T00:00:00.000</Data></Cell><Cell ss:Index="5"><Data ss:Type="Number">1234567</Data></Cell></Row>
   <Row ss:Index="7"><Cell ss:MergeAcross="1"><Data ss:Type="String">Luc Gagnon</Data></Cell><Cell><Data ss:Type="String">1979-11-02</Data></Cell></Row>
  </Table>
 </Worksheet>
 <Worksheet ss:Name="Notes"><Table><Row><Cell><Data ss:Type="String">Call &amp; confirm</Data></Cell></Row></Table></Worksheet>
</Workbook>"#;

    #[test]
    fn each_worksheet_is_a_table_under_its_header() {
        assert!(looks_like(WORKBOOK.as_bytes()));
        let rows = segments_of(|out| read(WORKBOOK.as_bytes(), out));
        assert_eq!(rows[1].0, "cell:Clients!A2");
        assert_eq!(
            rows[1].1,
            "Name: Marie Tremblay\tSIN: 130692544\tDate of birth: 1984-03-12\tAccount: 1234567"
        );
        // Row 7 by its index; a merged cell spans the SIN's column.
        assert_eq!(rows[2].0, "cell:Clients!A7");
        assert_eq!(rows[2].1, "Name: Luc Gagnon\tDate of birth: 1979-11-02");
        assert_eq!(rows[3], ("cell:Notes!A1".to_string(), "Call & confirm".to_string()));
        // Known by its content whatever its name (an export named .xls).
        let docs = crate::reader::tests::read_bytes("report.xls", WORKBOOK.as_bytes(), &crate::Limits::default()).docs;
        assert_eq!(docs[0].0.kind, crate::Kind::SpreadsheetMl);
        assert!(docs[0].3.is_empty(), "{:?}", docs[0].3);
    }

    #[test]
    fn damaged_and_hostile_workbooks() {
        for cut in (0..WORKBOOK.len()).filter(|at| WORKBOOK.is_char_boundary(*at)) {
            segments_of(|out| read(&WORKBOOK.as_bytes()[..cut], out));
        }
        let far = WORKBOOK
            .replace(r#"ss:Index="7""#, r#"ss:Index="4294967295""#)
            .replace(r#"ss:MergeAcross="1""#, r#"ss:MergeAcross="4294967295""#);
        let rows = segments_of(|out| read(far.as_bytes(), out));
        assert!(rows.iter().all(|(place, _)| !place.contains("4294967")), "{rows:?}");
        let bomb = WORKBOOK
            .replace("<?mso", "<!DOCTYPE w [<!ENTITY a \"aaaa\">]><?mso")
            .replace("Call", "&a;");
        let rows = segments_of(|out| read(bomb.as_bytes(), out));
        assert!(
            rows.iter().all(|(_, text)| !text.contains("aaaa")),
            "declared entities are not expanded"
        );
    }
}
