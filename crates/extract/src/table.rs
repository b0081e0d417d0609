//! Tables (CSV, TSV, spreadsheet sheets) rendered for the detectors.
//!
//! A table's labels sit in its header row, far from the values below them,
//! so each data row is rendered as `Header: value<TAB>Header: value`: the
//! detectors then see each value with its label as context ("SIN",
//! "Transit", ...), and every cell keeps its coordinates.

use crate::output::Output;
use breachscope_core::{Origin, Segment};

/// Reads delimited text (CSV, or TSV when `tabs`), delimiter sniffed.
pub(crate) fn read_delimited(bytes: &[u8], tabs: bool, out: &mut Output<'_>) {
    if !out.wanted() {
        return;
    }
    let text = crate::text::decode(bytes);
    let delimiter = if tabs { b'\t' } else { sniff_delimiter(&text) };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(r) => rows.push(r.iter().map(str::to_string).collect::<Vec<_>>()),
            Err(e) => {
                out.error(format!("CSV: {e}; the rest read as plain text"));
                let consumed = e.position().map_or(0, |p| p.byte() as usize).min(text.len());
                let mut at = consumed;
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                emit_rows("", rows, out);
                out.segment(Segment::new(&text[at..], Origin::TextOffset(at as u64)));
                return;
            }
        }
    }
    emit_rows("", rows, out);
}

fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    [b',', b';', b'\t', b'|']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b',')
}

/// Whether a row reads as column labels: every non-empty cell has letters
/// and no more than a few digits.
fn is_header(row: &[String]) -> bool {
    let cells: Vec<&String> = row.iter().filter(|c| !c.trim().is_empty()).collect();
    cells.len() >= 2
        && cells.iter().all(|c| {
            let digits = c.chars().filter(char::is_ascii_digit).count();
            c.chars().any(char::is_alphabetic) && digits <= 2 && c.len() <= 60
        })
}

/// Renders rows (of one sheet, `sheet` empty for CSV) to segments, one per
/// row, labelled by the header row when there is one.
pub(crate) fn emit_rows(sheet: &str, rows: Vec<Vec<String>>, out: &mut Output<'_>) {
    let mut header: Option<Vec<String>> = None;
    for (index, row) in rows.into_iter().enumerate() {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if header.is_none() && is_header(&row) {
            header = Some(row.iter().map(|h| h.trim().to_string()).collect());
        }
        let mut text = String::new();
        let mut cells = Vec::new();
        for (column, value) in row.iter().enumerate() {
            if value.trim().is_empty() {
                continue;
            }
            if !text.is_empty() {
                text.push('\t');
            }
            cells.push((text.len(), column as u32));
            match header.as_ref().and_then(|h| h.get(column)).filter(|_| index > 0) {
                Some(label) if !label.is_empty() => {
                    text.push_str(label);
                    text.push_str(": ");
                }
                _ => {}
            }
            text.push_str(value.trim());
        }
        let origin = Origin::Row {
            sheet: sheet.to_string(),
            row: index as u32 + 1,
            cells,
        };
        out.segment(Segment::new(text, origin));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_recognized() {
        let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        assert!(is_header(&row(&["Name", "SIN", "Transit no."])));
        assert!(!is_header(&row(&["Marie", "130 692 544"])));
        assert!(!is_header(&row(&["only"])));
    }

    #[test]
    fn delimiter_sniffing() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2;3"), b';');
        assert_eq!(sniff_delimiter("a,b\n"), b',');
        assert_eq!(sniff_delimiter("a|b|c"), b'|');
    }
}
