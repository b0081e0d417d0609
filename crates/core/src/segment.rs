//! A piece of extracted text and where in its evidence file it came from.

/// Where a segment's text sits in its evidence file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Plain text: the byte offset of the segment's start in the file's
    /// decoded (UTF-8) text; for a UTF-8 file, its offset in the file.
    TextOffset(u64),
    /// A page of a paged document (1-based).
    Page(u32),
    /// A part of a container document, e.g. `word/document.xml`.
    Part(String),
    /// One row of a table: sheet name (empty for CSV), 1-based row, and for
    /// each cell its starting byte in the segment text and 0-based column.
    Row {
        sheet: String,
        row: u32,
        cells: Vec<(usize, u32)>,
    },
}

impl Origin {
    /// A human-readable location for byte `at` of the segment text:
    /// `offset:1234`, `page:3`, `part:word/document.xml`, `cell:Sheet1!B4`.
    pub fn locate(&self, at: usize) -> String {
        match self {
            Origin::TextOffset(base) => format!("offset:{}", base + at as u64),
            Origin::Page(page) => format!("page:{page}"),
            Origin::Part(part) => format!("part:{part}"),
            Origin::Row { sheet, row, cells } => {
                let column = cells
                    .iter()
                    .take_while(|(start, _)| *start <= at)
                    .last()
                    .map_or(0, |&(_, column)| column);
                let column = column_name(column);
                if sheet.is_empty() {
                    format!("cell:{column}{row}")
                } else {
                    format!("cell:{sheet}!{column}{row}")
                }
            }
        }
    }

    /// For a table's row, the sheet it is in (empty for CSV).
    pub fn sheet(&self) -> Option<&str> {
        match self {
            Origin::Row { sheet, .. } => Some(sheet),
            _ => None,
        }
    }
}

/// Spreadsheet column letters for a 0-based column (0 → A, 26 → AA).
pub fn column_name(mut column: u32) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (column % 26) as u8);
        if column < 26 {
            break;
        }
        column = column / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

/// Extracted text with its origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub origin: Origin,
}

impl Segment {
    /// A segment of text from `origin`.
    pub fn new(text: impl Into<String>, origin: Origin) -> Segment {
        Segment {
            text: text.into(),
            origin,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn locations() {
        let row = Origin::Row {
            sheet: "Payments".into(),
            row: 4,
            cells: vec![(0, 0), (10, 1), (20, 2)],
        };
        assert_eq!(row.locate(12), "cell:Payments!B4");
        assert_eq!(Origin::TextOffset(100).locate(3), "offset:103");
        assert_eq!(Origin::Page(2).locate(0), "page:2");
    }
}
