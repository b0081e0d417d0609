//! Tables (CSV, TSV, spreadsheet sheets) rendered for the detectors.
//!
//! A table's labels sit in its header row, far from the values below them,
//! so each data row is rendered as `Header: value<TAB>Header: value`: the
//! detectors then see each value with its label as context ("SIN",
//! "Transit", ...), and every cell keeps its coordinates.

use crate::markup::field_label;
use crate::output::Output;
use breachscope_core::{Origin, Segment};
use std::io::{BufRead, Read};

/// Reads delimited text held whole (CSV, or TSV when `tabs`), delimiter
/// sniffed; past a damaged record, the rest is read as plain text.
pub(crate) fn read_delimited(bytes: &[u8], tabs: bool, out: &mut Output<'_>) {
    if !out.wanted() {
        return;
    }
    let text = crate::text::decode(bytes);
    let delimiter = if tabs { b'\t' } else { sniff_delimiter(&text) };
    if let Err(e) = rows(text.as_bytes(), delimiter, Table::new(""), out) {
        out.error(format!("CSV: {e}; the rest read as plain text"));
        let consumed = e.position().map_or(0, |p| p.byte() as usize).min(text.len());
        let mut at = consumed;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        out.segment(Segment::new(&text[at..], Origin::TextOffset(at as u64)));
    }
}

/// Reads delimited text too large to hold, as it streams: its rows keep
/// the labels of its header row however far below it they are (as plain
/// text, a customer export's 'SIN' column gave one SIN in 640,000 rows),
/// and are handed on one at a time, whatever the file's size.
pub(crate) fn stream_delimited(reader: impl Read, tabs: bool, out: &mut Output<'_>) -> std::io::Result<()> {
    let mut reader = std::io::BufReader::with_capacity(1 << 16, crate::text::Utf8Reader::new(reader));
    let head = String::from_utf8_lossy(reader.fill_buf()?).into_owned();
    let delimiter = if tabs { b'\t' } else { sniff_delimiter(&head) };
    if let Err(e) = rows(reader, delimiter, Table::streamed(""), out) {
        out.error(format!("CSV: {e}; the rest not read"));
    }
    Ok(())
}

/// The records of delimited UTF-8 text, into `table`.
fn rows(text: impl Read, delimiter: u8, mut table: Table, out: &mut Output<'_>) -> Result<(), csv::Error> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text);
    let mut record = csv::StringRecord::new();
    let mut index = 0u32;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {
                for (column, value) in record.iter().enumerate() {
                    table.cell(index, column as u32, value.to_string(), out);
                }
                index = index.saturating_add(1);
            }
            Ok(false) => break,
            Err(e) => {
                table.finish(out);
                return Err(e);
            }
        }
    }
    table.finish(out);
    Ok(())
}

fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    [b',', b';', b'\t', b'|']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b',')
}

/// The label a header row (cells by column, in order) gives `column`.
fn label_at(header: &[(u32, String)], column: u32) -> Option<&str> {
    let at = header.binary_search_by_key(&column, |(c, _)| *c).ok()?;
    Some(header[at].1.as_str()).filter(|label| !label.is_empty())
}

/// A header row's labels as a form writes them: a column named as a
/// program names its fields (`DATE_OF_BIRTH`, `dateOfBirth`) has its
/// words apart, so that the detectors read the label they know ("date of
/// birth"); a label already in words is kept as written.
fn header_labels(cells: Vec<(u32, String)>) -> Vec<(u32, String)> {
    cells
        .into_iter()
        .map(|(column, label)| {
            let camel = (label.chars().zip(label.chars().skip(1))).any(|(a, b)| a.is_lowercase() && b.is_uppercase());
            let identifier = !label.contains(char::is_whitespace) && (camel || label.contains('_'));
            (column, if identifier { field_label(&label) } else { label })
        })
        .collect()
}

/// Whether a row's cells read as column labels: every one has letters
/// and no more than a few digits.
fn is_header(cells: &[(u32, String)]) -> bool {
    cells.len() >= 2 && cells.iter().all(|(_, c)| is_label_cell(c))
}

/// What may label a person's name in a form's first line, lower case.
const PERSON_LABELS: &[&str] = &[
    "name",
    "full name",
    "customer",
    "customer name",
    "client",
    "client name",
    "contact",
    "applicant",
    "account holder",
    "cardholder",
    "employee",
    "patient",
    "nom",
    "nom complet",
    "nom du client",
    "demandeur",
    "demanderesse",
    "titulaire",
    "titulaire du compte",
    "employé",
];

/// Words of a column's label: a cell holding one is a header's, not a
/// person's name ("Email Address", "Date Of Birth").
const COLUMN_WORDS: &[&str] = &[
    "name",
    "email",
    "e-mail",
    "mail",
    "courriel",
    "phone",
    "telephone",
    "téléphone",
    "tel",
    "mobile",
    "cell",
    "fax",
    "address",
    "adresse",
    "city",
    "ville",
    "province",
    "country",
    "pays",
    "postal",
    "code",
    "date",
    "birth",
    "naissance",
    "number",
    "numéro",
    "no",
    "id",
    "account",
    "compte",
    "card",
    "carte",
    "sin",
    "nas",
    "amount",
    "montant",
    "total",
    "title",
    "titre",
    "status",
    "type",
    "company",
    "entreprise",
    "department",
    "role",
    "notes",
    "description",
];

/// Whether a cell reads as a field's label: letters, no more than a few
/// digits, short.
fn is_label_cell(cell: &str) -> bool {
    let digits = cell.chars().filter(char::is_ascii_digit).count();
    cell.chars().any(char::is_alphabetic) && digits <= 2 && cell.len() <= 60
}

/// The label a form's label cell gives the value beside it, without the
/// colon it may end with.
fn form_label(cell: &str) -> &str {
    cell.trim().trim_end_matches(':').trim_end()
}

/// Whether a row of two cells is a form's first line, a label and the
/// person's name it labels ("Name | Marie Tremblay"), rather than a
/// table's header ("Name | Email"): the table is then a form laid out as
/// label and value side by side, each row its own label.
fn opens_a_form(cells: &[(u32, String)]) -> bool {
    let [(_, label), (_, value)] = cells else {
        return false;
    };
    let label = form_label(label).to_lowercase();
    let words: Vec<&str> = value.split_whitespace().collect();
    PERSON_LABELS.contains(&label.as_str())
        && (2..=4).contains(&words.len())
        && words.iter().all(|word| {
            word.chars().next().is_some_and(char::is_uppercase)
                && word.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '.'))
                && !COLUMN_WORDS.contains(&word.to_lowercase().as_str())
        })
}

/// The tables of a document read as text (Word, PowerPoint, OpenDocument,
/// HTML), so that a cell under a header row is written `Label: value`, as a
/// sheet's rows are: in a wide table a label sits too far above its values
/// for the detectors to take it as their context ("Social Insurance
/// Number" heading a column of bare nine digits). The reader says where
/// tables, rows and cells start and end; nested tables have their own
/// headers.
#[derive(Default)]
pub(crate) struct CellLabels {
    open: Vec<TableState>,
}

#[derive(Default)]
struct TableState {
    row: usize,
    row_open: bool,
    column: u32,
    /// Where the text of the cell being read starts, while one is.
    cell_start: Option<usize>,
    first_row: Vec<(u32, String)>,
    /// Where each of the first row's values starts in the text.
    first_row_at: Vec<usize>,
    header: Option<Vec<(u32, String)>>,
    /// A form laid out as label and value side by side (`opens_a_form`).
    form: bool,
    /// In a form, the label the row's first cell gives the others.
    row_label: Option<String>,
}

impl CellLabels {
    pub(crate) fn table_starts(&mut self) {
        self.open.push(TableState::default());
    }

    /// A table whose header row was read before (on the page before): its
    /// rows are labelled by `header`.
    pub(crate) fn table_continues(&mut self, header: Vec<(u32, String)>) {
        self.open.push(TableState {
            row: 1,
            header: Some(header),
            ..TableState::default()
        });
    }

    /// The header of the innermost table open, if it has one.
    pub(crate) fn header(&self) -> Option<&[(u32, String)]> {
        self.open.last()?.header.as_deref()
    }

    /// The table ends, and its last cell and row if HTML left them open.
    pub(crate) fn table_ends(&mut self, text: &mut String) {
        self.row_ends(text);
        self.open.pop();
    }

    /// A row starts; one left open (HTML) ends first.
    pub(crate) fn row_starts(&mut self, text: &mut String) {
        self.row_ends(text);
        if let Some(table) = self.open.last_mut() {
            table.row_open = true;
            table.column = 0;
            table.row_label = None;
        }
    }

    /// A cell starts at the end of `text`; one left open (HTML) ends first.
    pub(crate) fn cell_starts(&mut self, text: &mut String) {
        self.cell_ends(text);
        if let Some(table) = self.open.last_mut() {
            table.cell_start = Some(text.len());
        }
    }

    /// The cell ends at the end of `text`: under a header, its label goes
    /// before its value; in the first row, it is kept for the header.
    pub(crate) fn cell_ends(&mut self, text: &mut String) {
        let Some(table) = self.open.last_mut() else {
            return;
        };
        let Some(start) = table.cell_start.take() else {
            return;
        };
        let cell = text.get(start..).unwrap_or("");
        let value = cell.trim();
        let at = start + (cell.len() - cell.trim_start().len());
        if table.row == 0 {
            table.first_row.push((table.column, value.to_string()));
            table.first_row_at.push(at);
        } else if !value.is_empty() {
            let label = if !table.form {
                table
                    .header
                    .as_deref()
                    .and_then(|header| label_at(header, table.column))
                    .map(form_label)
                    .map(str::to_string)
            } else if table.column == 0 {
                // A label ending with its colon labels its value already.
                table.row_label =
                    (is_label_cell(value) && !value.ends_with(':')).then(|| form_label(value).to_string());
                None
            } else {
                table.row_label.clone()
            };
            if let Some(label) = label {
                text.insert_str(at, &format!("{label}: "));
            }
        }
        table.column += 1;
    }

    /// Where in the text the earliest cell still to be labelled starts, if
    /// any: the text before it is final (a label goes in front of its
    /// value when its cell, or its table's first row, ends).
    pub(crate) fn pending_from(&self) -> Option<usize> {
        self.open
            .iter()
            .flat_map(|table| table.cell_start.into_iter().chain(table.first_row_at.first().copied()))
            .min()
    }

    /// The text before `drained`, which is no later than `pending_from`,
    /// was handed on: the places kept move back by as much.
    pub(crate) fn rebase(&mut self, drained: usize) {
        for table in &mut self.open {
            if let Some(start) = &mut table.cell_start {
                *start -= drained;
            }
            for at in &mut table.first_row_at {
                *at -= drained;
            }
        }
    }

    /// The row ends, and its last cell if HTML left it open: the first row
    /// is the table's header if it reads as one.
    pub(crate) fn row_ends(&mut self, text: &mut String) {
        self.cell_ends(text);
        let Some(table) = self.open.last_mut().filter(|t| t.row_open) else {
            return;
        };
        table.row_open = false;
        if table.row == 0 {
            let first_row = std::mem::take(&mut table.first_row);
            let first_row_at = std::mem::take(&mut table.first_row_at);
            let filled: Vec<usize> = (0..first_row.len()).filter(|&i| !first_row[i].1.is_empty()).collect();
            let cells: Vec<(u32, String)> = filled.iter().map(|&i| first_row[i].clone()).collect();
            if opens_a_form(&cells) {
                table.form = true;
                let label = &cells[0].1;
                if !label.ends_with(':') {
                    text.insert_str(first_row_at[filled[1]], &format!("{}: ", form_label(label)));
                }
            } else {
                // A header may leave a cell empty (a table's corner).
                table.header = is_header(&cells).then(|| header_labels(first_row));
            }
        }
        table.row += 1;
    }
}

/// Text whose lines of tab-separated cells are tables (a PDF page's rows,
/// its cells placed apart): a run of such lines under a header line has
/// its cells written `Label: value`, as `CellLabels` does for the readers
/// that see their tables' structure. Other lines are left as they are.
pub(crate) fn label_tab_rows(text: &str) -> String {
    PagedTabRows::default().label(text)
}

/// Lines that may sit between a table's last row on a page and its next
/// row on the next page: the page's number or running title, the end of a
/// cell the page's edge cut.
const PAGE_EDGE_LINES: usize = 3;

/// The tab-separated rows of a document's pages (see `label_tab_rows`),
/// labelled page after page: a table that runs on past a page's end keeps
/// its header on the next page, where its rows go on under no header of
/// their own (a word processor repeats it only if asked to).
#[derive(Default)]
pub(crate) struct PagedTabRows {
    /// The header of the table the last page ended in, and how many
    /// cells its rows have.
    carried: Option<(usize, Vec<(u32, String)>)>,
}

impl PagedTabRows {
    /// `page`'s text with its tables' cells labelled.
    pub(crate) fn label(&mut self, page: &str) -> String {
        let mut carried = self.carried.take();
        if !page.contains('\t') {
            return page.to_string();
        }
        let mut out = String::with_capacity(page.len() + page.len() / 4);
        let mut tables = CellLabels::default();
        // The cells of the rows of the table being read, if one is.
        let mut table_cells = None;
        // Lines of text since the last row (or the page's top).
        let mut text_lines = 0;
        // The table read last: its rows' cells and its header.
        let mut last_table = None;
        // Whether the rest of a row cut by the page's end was read.
        let mut rest_seen = false;
        for (index, line) in page.split('\n').enumerate() {
            if index > 0 {
                out.push('\n');
            }
            if !line.contains('\t') {
                if let Some(cells) = table_cells.take() {
                    last_table = tables.header().map(|header| (cells, header.to_vec()));
                    tables.table_ends(&mut out);
                }
                text_lines += usize::from(!line.trim().is_empty());
                out.push_str(line);
                continue;
            }
            // A table's first row: the rest of a row the page before cut,
            // the table of the page before going on, or a table of its own.
            if table_cells.is_none() {
                let cells: Vec<(u32, String)> = (0..)
                    .zip(line.split('\t'))
                    .map(|(column, cell)| (column, cell.trim().to_string()))
                    .collect();
                let filled: Vec<(u32, String)> = cells.iter().filter(|(_, c)| !c.is_empty()).cloned().collect();
                let reads_as_header = is_header(&filled);
                let near_the_top = text_lines <= PAGE_EDGE_LINES;
                // A row the page's end cut: the rest of its cells, fewer
                // than its table has, before the table's next rows (not a
                // header: a table of fewer columns starts).
                let rest_of_a_row = near_the_top
                    && carried.as_ref().is_some_and(|(count, _)| cells.len() < *count)
                    && !reads_as_header
                    && !std::mem::replace(&mut rest_seen, true);
                if rest_of_a_row {
                    text_lines = 0;
                    out.push_str(line);
                    continue;
                }
                // A row that reads as a header starts a table (the header
                // repeated, or the next band of a sheet's columns).
                let continued = carried
                    .take()
                    .filter(|(count, _)| near_the_top && *count == cells.len() && !reads_as_header);
                table_cells = Some(cells.len());
                match continued {
                    Some((_, header)) => tables.table_continues(header),
                    None => tables.table_starts(),
                }
            }
            text_lines = 0;
            tables.row_starts(&mut out);
            for (column, cell) in line.split('\t').enumerate() {
                if column > 0 {
                    out.push('\t');
                }
                tables.cell_starts(&mut out);
                out.push_str(cell);
                tables.cell_ends(&mut out);
            }
            tables.row_ends(&mut out);
        }
        if let Some(cells) = table_cells {
            last_table = tables.header().map(|header| (cells, header.to_vec()));
            tables.table_ends(&mut out);
        } else if text_lines > PAGE_EDGE_LINES {
            last_table = None;
        }
        self.carried = last_table;
        out
    }
}

/// A table (a CSV file, or one sheet) taken cell by cell and handed to
/// the detectors a row at a time, so that only the row being read is
/// held, whatever the size of the table or how far apart its cells are.
/// Each row becomes one segment, labelled by the header row when there is
/// one, every cell keeping its coordinates.
pub(crate) struct Table {
    sheet: String,
    /// Rows handed on as a stream's chunks, past the text bound of a
    /// document held whole (the file is not held).
    streamed: bool,
    /// The column labels, by column, and the row that holds them (a
    /// title or a blank row may come before it): the rows below it are
    /// labelled.
    header: Option<(u32, Vec<(u32, String)>)>,
    /// A form laid out as label and value side by side (`opens_a_form`):
    /// each row's first cell labels the others.
    form: bool,
    /// The row being gathered: its index and its non-empty cells.
    row: Option<(u32, Vec<(u32, String)>)>,
}

impl Table {
    /// A table of the sheet named `sheet` (empty for CSV).
    pub(crate) fn new(sheet: impl Into<String>) -> Table {
        Table {
            sheet: sheet.into(),
            streamed: false,
            header: None,
            form: false,
            row: None,
        }
    }

    /// A table of a file streamed, too large to hold.
    pub(crate) fn streamed(sheet: impl Into<String>) -> Table {
        Table {
            streamed: true,
            ..Table::new(sheet)
        }
    }

    /// A table whose column labels are known (a database's column names),
    /// not read from a first row.
    pub(crate) fn with_header(sheet: impl Into<String>, labels: Vec<String>) -> Table {
        Table {
            header: Some((0, header_labels((0..).zip(labels).collect()))),
            ..Table::new(sheet)
        }
    }

    /// The table, its rows handed on as a stream's chunks if `streamed`.
    pub(crate) fn in_stream(self, streamed: bool) -> Table {
        Table { streamed, ..self }
    }

    /// Takes the cell at `row`, `column` (from 0); cells come row by row.
    pub(crate) fn cell(&mut self, row: u32, column: u32, value: String, out: &mut Output<'_>) {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        if self.row.as_ref().is_some_and(|(index, _)| *index != row) {
            self.hand_over(out);
        }
        let (_, cells) = self.row.get_or_insert_with(|| (row, Vec::new()));
        cells.push((column, value.to_string()));
    }

    /// Hands over the last row.
    pub(crate) fn finish(mut self, out: &mut Output<'_>) {
        self.hand_over(out);
    }

    fn hand_over(&mut self, out: &mut Output<'_>) {
        let Some((index, mut cells)) = self.row.take() else {
            return;
        };
        cells.sort_by_key(|(column, _)| *column);
        if self.header.is_none() && !self.form {
            if opens_a_form(&cells) {
                self.form = true;
            } else if is_header(&cells) {
                self.header = Some((index, header_labels(cells.clone())));
            }
        }
        // A form's row is labelled by its first cell (unless that ends
        // with its colon); a table's by its header, below the row that
        // holds the labels.
        let row_label = cells
            .first()
            .filter(|(column, first)| self.form && *column == 0 && is_label_cell(first) && !first.ends_with(':'))
            .map(|(_, first)| form_label(first));
        let label = |column: u32| match row_label {
            Some(label) => Some(label).filter(|_| column > 0),
            None => {
                let (_, header) = self.header.as_ref().filter(|(header_row, _)| index > *header_row)?;
                label_at(header, column).map(form_label)
            }
        };
        let mut text = String::new();
        let mut coordinates = Vec::with_capacity(cells.len());
        for (column, value) in &cells {
            if !text.is_empty() {
                text.push('\t');
            }
            coordinates.push((text.len(), *column));
            if let Some(label) = label(*column) {
                text.push_str(label);
                text.push_str(": ");
            }
            text.push_str(value);
        }
        let origin = Origin::Row {
            sheet: self.sheet.clone(),
            row: index + 1,
            cells: coordinates,
        };
        if self.streamed {
            out.chunk(&Segment::new(text, origin), 0);
        } else {
            out.segment(Segment::new(text, origin));
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn headers_are_recognized() {
        let row = |cells: &[&str]| (0..).zip(cells.iter().map(|c| c.to_string())).collect::<Vec<_>>();
        assert!(is_header(&row(&["Name", "SIN", "Transit no."])));
        assert!(!is_header(&row(&["Marie", "130 692 544"])));
        assert!(!is_header(&row(&["only"])));
        assert!(opens_a_form(&row(&["Nom :", "Dorothée Fréchette"])));
        assert!(opens_a_form(&row(&["Account holder", "Jean-Luc O'Neil"])));
        assert!(!opens_a_form(&row(&["Name", "Email Address"])), "a header");
        assert!(!opens_a_form(&row(&["Name", "SIN"])), "a header");
        assert!(
            !opens_a_form(&row(&["Product", "Thermal Printer"])),
            "not a person's label"
        );
        assert!(!opens_a_form(&row(&["Name", "Marie Tremblay", "SIN"])), "three cells");
    }

    /// The rows' text a table of the sheet `sheet` hands on, fed `cells`
    /// (row, column, value) in order.
    fn rows_of(sheet: &str, cells: &[(u32, u32, &str)]) -> Vec<String> {
        let segments = segments_of(|out| {
            let mut table = Table::new(sheet);
            for &(row, column, value) in cells {
                table.cell(row, column, value.into(), out);
            }
            table.finish(out);
        });
        segments.into_iter().map(|(_, text)| text).collect()
    }

    #[test]
    fn a_form_laid_out_as_label_and_value_labels_each_row_by_its_first_cell() {
        let rows = rows_of(
            "Client",
            &[
                (0, 0, "Name"),
                (0, 1, "Marie Tremblay"),
                (1, 0, "SIN"),
                (1, 1, "130 692 544"),
                (2, 0, "Email:"),
                (2, 1, "mt@example.ca"),
            ],
        );
        assert_eq!(
            rows,
            [
                "Name\tName: Marie Tremblay",
                "SIN\tSIN: 130 692 544",
                "Email:\tmt@example.ca"
            ]
        );
    }

    #[test]
    fn a_header_under_a_title_labels_the_rows_below_it_not_itself() {
        let rows = rows_of(
            "Customers",
            &[
                (0, 0, "Customer list - confidential"),
                (2, 0, "Client ID"),
                (2, 1, "Full Name"),
                (3, 0, "C001"),
                (3, 1, "Marie Tremblay"),
            ],
        );
        assert_eq!(
            rows,
            [
                "Customer list - confidential",
                "Client ID\tFull Name",
                "Client ID: C001\tFull Name: Marie Tremblay"
            ]
        );
    }

    #[test]
    fn tab_rows_of_a_form_and_of_a_table() {
        assert_eq!(
            label_tab_rows("Nom\tDorothée Fréchette\nCourriel\tg@example.net\nNAS:\t130 692 544"),
            "Nom\tNom: Dorothée Fréchette\nCourriel\tCourriel: g@example.net\nNAS:\t130 692 544"
        );
        assert_eq!(
            label_tab_rows("Name:\tEmail:\nMarie Tremblay\tmt@example.ca"),
            "Name:\tEmail:\nName: Marie Tremblay\tEmail: mt@example.ca"
        );
    }

    #[test]
    fn a_table_run_on_past_a_page_end_keeps_its_header() {
        let mut pages = PagedTabRows::default();
        let first = pages.label(
            "Clients\nName\tSIN\tDate of birth\nMarie Tremblay\t130 692 544\t1970-01-02\nJean \t046 454 \t1980-03-04\n3",
        );
        assert!(
            first.ends_with("Name: Jean \tSIN: 046 454 \tDate of birth: 1980-03-04\n3"),
            "{first}"
        );
        // The rest of the row the page cut, then the table's next rows.
        let second = pages.label("Roy\t286\nLuc Roy\t193 456 787\t1990-05-06\n4");
        assert_eq!(
            second,
            "Roy\t286\nName: Luc Roy\tSIN: 193 456 787\tDate of birth: 1990-05-06\n4"
        );
        // A page that repeats the header starts the table over.
        let third = pages.label("Name\tSIN\tDate of birth\nAnne Roy\t193 456 787\t1990-05-06");
        assert_eq!(
            third,
            "Name\tSIN\tDate of birth\nName: Anne Roy\tSIN: 193 456 787\tDate of birth: 1990-05-06"
        );
        // Text between ends the table: a later page's rows are not its.
        pages.label("Name\tSIN\tDate of birth\nAnne Roy\t193 456 787\t1990-05-06\nOne\nTwo\nThree\nFour");
        let after_text = pages.label("Luc Roy\t193 456 787\t1990-05-06");
        assert_eq!(after_text, "Luc Roy\t193 456 787\t1990-05-06");
        // The next band of a sheet's columns, printed on the next page:
        // its own header (a cell left empty), not the table's rows.
        pages.label("Name\tSIN\tDate of birth\nAnne Roy\t193 456 787\t1990-05-06");
        assert_eq!(
            pages.label("Phone\tAddress\t\n514-555-0142\t1 rue Roy\t"),
            "Phone\tAddress\t\nPhone: 514-555-0142\tAddress: 1 rue Roy\t"
        );
        // A table of another width is another table.
        pages.label("Name\tSIN\tDate of birth\nAnne Roy\t193 456 787\t1990-05-06");
        assert_eq!(pages.label("Luc Roy\t193 456 787"), "Luc Roy\t193 456 787");
    }

    /// Keeps each segment with its origin.
    #[derive(Default)]
    pub(crate) struct Segments(pub Vec<Segment>);

    /// The segments a reader run by `read` hands on: where each is, and
    /// its text.
    pub(crate) fn segments_of(read: impl FnOnce(&mut Output<'_>)) -> Vec<(String, String)> {
        let mut sink = Segments::default();
        let mut out = Output::new(&mut sink, true, usize::MAX);
        read(&mut out);
        drop(out);
        sink.0.iter().map(|s| (s.origin.locate(0), s.text.clone())).collect()
    }

    impl crate::reader::Sink for Segments {
        fn begin(&mut self, _: &crate::DocInfo) -> bool {
            true
        }
        fn segment(&mut self, segment: &Segment, _: usize) {
            self.0.push(segment.clone());
        }
        fn hashed(&mut self, _: String, _: u64) {}
        fn end(&mut self, _: Vec<chrono::NaiveDate>, _: Vec<String>) {}
    }

    #[test]
    fn a_table_is_handed_over_a_row_at_a_time_with_labels_and_coordinates() {
        let mut sink = Segments::default();
        let mut out = Output::new(&mut sink, true, usize::MAX);
        let mut table = Table::new("Vendors");
        table.cell(0, 1, "SIN".into(), &mut out);
        table.cell(0, 0, "Name".into(), &mut out);
        // Cells of one row in any order, blanks dropped, rows far apart.
        table.cell(1_048_575, 16_383, "130 692 544".into(), &mut out);
        table.cell(1_048_575, 0, "Marie".into(), &mut out);
        table.cell(1_048_575, 5, "  ".into(), &mut out);
        table.finish(&mut out);
        drop(out);
        let rows: Vec<(&str, &Origin)> = sink.0.iter().map(|s| (s.text.as_str(), &s.origin)).collect();
        assert_eq!(rows[0].0, "Name\tSIN");
        // Column 16383 has no label: the header has none that far.
        assert_eq!(rows[1].0, "Name: Marie\t130 692 544");
        assert_eq!(
            rows[1].1,
            &Origin::Row {
                sheet: "Vendors".into(),
                row: 1_048_576,
                cells: vec![(0, 0), (12, 16_383)],
            }
        );
    }

    #[test]
    fn columns_named_as_programs_name_fields_are_labelled_in_words() {
        let mut sink = Segments::default();
        let mut out = Output::new(&mut sink, true, usize::MAX);
        read_delimited(
            b"CUSTOMER_ID,dateOfBirth,social_insurance_no,E-mail,Transit No.\nCU1,1968-05-22,130692544,a@b.ca,12345\n",
            false,
            &mut out,
        );
        drop(out);
        assert_eq!(
            sink.0[1].text,
            "CUSTOMER ID: CU1\tdate Of Birth: 1968-05-22\tsocial insurance no: 130692544\tE-mail: a@b.ca\tTransit No.: 12345",
            "labels in words are kept as written"
        );
    }

    #[test]
    fn delimiter_sniffing() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2;3"), b';');
        assert_eq!(sniff_delimiter("a,b\n"), b',');
        assert_eq!(sniff_delimiter("a|b|c"), b'|');
    }
}
