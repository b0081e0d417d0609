//! Tables written one cell per line: a word processor's table saved as
//! text by LibreOffice, docx2txt and the like, or copied out of a PDF
//! viewer, is its labels one per line, then each row's cells one per
//! line in the same order. A value's label is then the label as many
//! lines into the header as the value is into its row.
//!
//! Such a table is known by its shape: a run of labels (a few words, no
//! digit, one per line), then lines whose kinds repeat with the period
//! of the labels' number (a name, an address, nine digits, a date, ...
//! again and again). Looked for once per text, the first time a value
//! alone on its line is weighed.

use super::columns::{is_header_cell, line_shape};
use std::ops::Range;

/// Longest label, in bytes, as a header cell may be.
const MAX_LABEL: usize = 40;
/// Fewest labels that make a header: two lines of words over values are
/// as often a title and a subtitle.
const MIN_COLUMNS: usize = 3;
/// Most labels a header is taken to have.
const MAX_COLUMNS: usize = 16;
/// Rows whose kinds are compared to know a table, at most.
const ROWS_TRIED: usize = 8;
/// Fewest full rows under a header that make a table.
const MIN_ROWS: usize = 2;

/// One table written one cell per line.
#[derive(Debug, PartialEq)]
pub(super) struct Interleaved {
    /// Its labels, in order.
    headers: Vec<Range<usize>>,
    /// Where each of its rows' lines starts, in order.
    lines: Vec<usize>,
}

impl Interleaved {
    /// Its labels, each with where its column's lines start.
    pub(super) fn columns(&self) -> impl Iterator<Item = (Range<usize>, impl Iterator<Item = usize> + '_)> + '_ {
        let period = self.headers.len();
        self.headers
            .iter()
            .enumerate()
            .map(move |(index, header)| (header.clone(), self.lines.iter().skip(index).step_by(period).copied()))
    }

    /// Where each row's line in the columns headed `first` and `second`
    /// start, row by row.
    pub(super) fn pairs(&self, first: usize, second: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.lines
            .chunks_exact(self.headers.len())
            .map(move |row| (row[first], row[second]))
    }

    /// The label over the value alone on the line starting at `line`, if
    /// the line is one of this table's.
    fn header_of(&self, line: usize) -> Option<Range<usize>> {
        let index = self.lines.binary_search(&line).ok()?;
        self.headers.get(index % self.headers.len()).cloned()
    }
}

/// The tables of `text` written one cell per line.
pub(super) fn tables(text: &str) -> Vec<Interleaved> {
    let lines: Vec<Range<usize>> = line_ranges(text).collect();
    let mut shapes = Shapes {
        text,
        lines: &lines,
        known: vec![None; lines.len()],
    };
    // Bytes first: most lines are too long, or hold a digit.
    let is_label = |line: &Range<usize>| {
        let bytes = &text.as_bytes()[line.clone()];
        if bytes.len() > 2 * MAX_LABEL || bytes.iter().any(|&b| b.is_ascii_digit() || b == b'\t' || b == b'|') {
            return false;
        }
        let cell = text[line.clone()].trim();
        is_header_cell(cell) && !cell.contains("  ") && !cell.ends_with('.')
    };
    let mut found = Vec::new();
    let mut at = 0;
    while at < lines.len() {
        let labels = lines[at..].iter().take_while(|line| is_label(line)).count();
        if labels < MIN_COLUMNS {
            at += labels.max(1);
            continue;
        }
        // The run may hold a title over the labels, and the first cells
        // of the first row after them when those are words (a name):
        // every period and every place of the labels in the run is tried,
        // and the reading that keeps most columns to one kind, then holds
        // most rows, taken (read a line too early or too late, a row is
        // a label or a value short).
        // A table worth reading holds a figure in its first row (a
        // label's lines over more words are a list, or prose).
        let has_digit = |line: &Range<usize>| text.as_bytes()[line.clone()].iter().any(u8::is_ascii_digit);
        if !lines[at + labels..].iter().take(MAX_COLUMNS).any(has_digit) {
            at += labels;
            continue;
        }
        let mut best: Option<(usize, usize, usize, usize)> = None;
        for period in MIN_COLUMNS..=labels.min(MAX_COLUMNS) {
            // The header ends the run, or fewer lines than a row before
            // its end.
            let last = at + labels - period;
            for header_at in last.saturating_sub(period - 1).max(at)..=last {
                let first_row = header_at + period;
                if let Some((steady, rows)) = rows_under(&mut shapes, first_row, period) {
                    if best.is_none_or(|(s, r, _, _)| (steady, rows) > (s, r)) {
                        best = Some((steady, rows, period, header_at));
                    }
                }
            }
        }
        match best {
            Some((_, rows, period, header_at)) => {
                let first_row = header_at + period;
                let body = &lines[first_row..first_row + rows * period];
                found.push(Interleaved {
                    headers: lines[header_at..first_row].to_vec(),
                    lines: body.iter().map(|line| line.start).collect(),
                });
                at = first_row + rows * period;
            }
            None => at += labels,
        }
    }
    found
}

/// The shapes of a text's lines (`line_shape`; `None` for a blank
/// line), each worked out once: the same lines are tried under many
/// headers.
struct Shapes<'t> {
    text: &'t str,
    lines: &'t [Range<usize>],
    known: Vec<Option<Option<u64>>>,
}

impl Shapes<'_> {
    fn of(&mut self, index: usize) -> Option<u64> {
        *self.known[index].get_or_insert_with(|| {
            let cell = self.text[self.lines[index].clone()].trim();
            (!cell.is_empty()).then(|| line_shape(cell))
        })
    }
}

/// How many of the `period` columns of the lines from `first_row` keep
/// to one kind over its first rows, and how many rows of `period` lines
/// it holds, each keeping to those columns' kinds mostly; `None` if not
/// most columns keep to a kind, or fewer than `MIN_ROWS` rows.
fn rows_under(shapes: &mut Shapes<'_>, first_row: usize, period: usize) -> Option<(usize, usize)> {
    let full_rows = (shapes.lines.len() - first_row) / period;
    if full_rows < MIN_ROWS {
        return None;
    }
    let mut shape = |index: usize| shapes.of(first_row + index);
    // The columns whose cells keep one kind over the first rows.
    let tried = full_rows.min(ROWS_TRIED);
    let mut steady: Vec<(usize, u64)> = Vec::new();
    for column in 0..period {
        if let Some(first) = shape(column) {
            if (1..tried).all(|row| shape(row * period + column) == Some(first)) {
                steady.push((column, first));
            }
        }
    }
    // Most columns, and at least two, keep their kind: not chance.
    if steady.len() < 2 || steady.len() * 2 < period {
        return None;
    }
    let rows = (0..full_rows)
        .take_while(|&row| {
            let kept = steady
                .iter()
                .filter(|&&(column, kind)| shape(row * period + column) == Some(kind))
                .count();
            kept * 2 >= steady.len()
        })
        .count();
    (rows >= MIN_ROWS).then_some((steady.len(), rows))
}

/// The byte ranges of `text`'s lines, without their line breaks.
fn line_ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let ends = memchr::memchr_iter(b'\n', bytes).chain((!text.ends_with('\n')).then_some(text.len()));
    let mut start = 0;
    ends.map(move |end| {
        let line = start..end - usize::from(end > start && bytes[end - 1] == b'\r');
        start = end + 1;
        line
    })
}

/// The label, among `tables`, over the value alone on the line starting
/// at `line`.
pub(super) fn header_in(tables: &[Interleaved], line: usize) -> Option<Range<usize>> {
    tables.iter().find_map(|table| table.header_of(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table of `rows` written one cell per line under its labels.
    fn one_cell_per_line(labels: &[&str], rows: &[&[&str]]) -> String {
        let mut text = String::from("Customer list, January\n");
        for cell in labels.iter().chain(rows.iter().flat_map(|row| row.iter())) {
            text.push_str(cell);
            text.push('\n');
        }
        text
    }

    #[test]
    fn each_value_has_the_label_of_its_place_in_its_row() {
        let labels = [
            "Customer Name",
            "E-mail Address",
            "Social Insurance Number",
            "Date of Birth",
        ];
        let rows: [&[&str]; 3] = [
            &["Erica Knapp", "matthew44@example.org", "478 963 127", "03 Jul 1955"],
            &["Brandon Roman", "qrodriguez@example.com", "393 315 379", "17 Jul 1978"],
            &[
                "John Mcdonald",
                "jessicadalton@example.net",
                "610 822 876",
                "16 Feb 1949",
            ],
        ];
        let text = one_cell_per_line(&labels, &rows);
        let found = tables(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        let header = |value: &str| {
            let at = text.find(value).unwrap();
            header_in(&found, at).map(|h| &text[h])
        };
        assert_eq!(header("393 315 379"), Some("Social Insurance Number"));
        assert_eq!(header("16 Feb 1949"), Some("Date of Birth"));
        assert_eq!(header("Brandon Roman"), Some("Customer Name"));
    }

    #[test]
    fn lists_and_prose_are_no_such_table() {
        // Labels over values of no steady kind: a form, not a table.
        let form = "Name\nAddress\nPhone\nMarie Tremblay\n100 rue Principale\n416-555-0142\nNotes\nCall back\nSoon\n";
        assert!(tables(form).is_empty());
        // Headings over paragraphs.
        let prose =
            "Summary\nScope\nFindings\nThe actor copied 4 GB on 2022-02-16.\nNo data left the site before that.\n";
        assert!(tables(prose).is_empty());
        // Too few rows to say.
        let one_row = "Name\nSIN\nBorn\nMarie Tremblay\n130 692 544\n1984-03-12\n";
        assert!(tables(one_row).is_empty());
    }
}
