//! The header over a value in a table written as text: columns apart by
//! runs of spaces (a fixed-width report, a form rendered to text) or by
//! tabs (a sheet's rows pasted into a message or a text file, a word
//! processor's table saved as text), its labels on a line above.

use memchr::memmem;
use std::sync::LazyLock;

/// How many lines above a value its header may sit (the rows between).
const ROWS_UP: usize = 40;
/// How long a header cell may be, in bytes.
const MAX_HEADER: usize = 40;
/// How long a line of a table may be, in bytes.
const MAX_LINE: usize = 512;

/// The header cell over `text[start..end]`: on the nearest line above
/// whose cell at those columns is words (letters, no digit: not a value,
/// not a dash for none), going up only through lines laid out in columns
/// (two spaces or more between cells). `None` when the value is not in
/// such a table.
pub(super) fn header_above(text: &str, start: usize, end: usize) -> Option<&str> {
    let line_start = start_of_line(text, start)?;
    let after = &text.as_bytes()[end..(end + MAX_LINE).min(text.len())];
    let line_end = match memchr::memchr(b'\n', after) {
        Some(i) => end + i,
        None if end + after.len() == text.len() => text.len(),
        None => return None,
    };
    if text[line_start..line_end].contains('\t') {
        return tab_header_above(text, line_start, start);
    }
    // The value's own line is laid out in columns too.
    if !in_columns(&text[line_start..line_end]) {
        return None;
    }
    let (from, to) = (start - line_start, end - line_start);
    let mut below = line_start;
    for _ in 0..ROWS_UP {
        let above_end = below.checked_sub(1)?;
        let above_start = start_of_line(text, above_end)?;
        let line = &text[above_start..above_end];
        if !in_columns(line) {
            return None;
        }
        let words = cell_over(line, from, to).filter(|cell| is_header_cell(cell));
        if words.is_some() {
            return words;
        }
        below = above_start;
    }
    None
}

/// The header cell over the value at `start` in a table of tab-separated
/// cells (its line starting at `line_start`): the cell in the same place
/// (as many tabs before it) on the nearest line above where it is words,
/// going up only through lines of tab-separated cells.
fn tab_header_above(text: &str, line_start: usize, start: usize) -> Option<&str> {
    let column = text[line_start..start].matches('\t').count();
    let mut below = line_start;
    for _ in 0..ROWS_UP {
        let above_end = below.checked_sub(1)?;
        let above_start = start_of_line(text, above_end)?;
        let line = &text[above_start..above_end];
        if !line.contains('\t') {
            return None;
        }
        let words = line
            .split('\t')
            .nth(column)
            .map(str::trim)
            .filter(|cell| is_header_cell(cell));
        if words.is_some() {
            return words;
        }
        below = above_start;
    }
    None
}

/// Whether a cell is a header's: a few words (a sentence between double
/// spaces is not), no digit (a value).
fn is_header_cell(cell: &str) -> bool {
    cell.len() <= MAX_HEADER && cell.chars().any(char::is_alphabetic) && !cell.bytes().any(|b| b.is_ascii_digit())
}

/// Whether `line` is laid out in columns: two spaces or more between
/// cells.
pub(super) fn in_columns(line: &str) -> bool {
    // Built once: `memmem::find` builds its searcher on every call, which
    // cost more than a table's short line.
    static TWO_SPACES: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new(b"  "));
    TWO_SPACES.find(line.as_bytes()).is_some()
}

/// Where the line holding `at` starts: after the line break at most
/// `MAX_LINE` bytes before it, or the text's start. `None` past that: a
/// table's lines are short, and looking further for each value of a text
/// of long lines (a minified export) would read it over and over.
fn start_of_line(text: &str, at: usize) -> Option<usize> {
    let from = at.saturating_sub(MAX_LINE);
    match memchr::memrchr(b'\n', &text.as_bytes()[from..at]) {
        Some(i) => Some(from + i + 1),
        None => (from == 0).then_some(0),
    }
}

/// The cell of `line` (cells apart by two spaces or more) that overlaps
/// the columns `from..to`.
pub(super) fn cell_over(line: &str, from: usize, to: usize) -> Option<&str> {
    let mut at = 0;
    for cell in line.split("  ") {
        let start = at;
        at += cell.len() + 2;
        let trimmed = cell.trim();
        if trimmed.is_empty() {
            continue;
        }
        let cell_start = start + (cell.len() - cell.trim_start().len());
        let cell_end = cell_start + trimmed.len();
        if cell_start < to && from < cell_end {
            return Some(trimmed);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_is_found_over_any_row() {
        let text = "Staff list\n\
                    Name              SIN           Date of Birth\n\
                    Marie Tremblay    130 692 544   1984-03-12\n\
                    Luc Gagnon        193 456 787   1979-11-02\n";
        let at = text.find("1979-11-02").unwrap();
        assert_eq!(header_above(text, at, at + 10), Some("Date of Birth"));
        let at = text.find("193 456 787").unwrap();
        assert_eq!(header_above(text, at, at + 11), Some("SIN"));
    }

    #[test]
    fn the_header_is_found_over_a_row_of_tab_separated_cells() {
        let text = "Hi Luc, the clients:\r\n\r\nName\tSIN\tBorn\r\nMarie Tremblay\t130 692 544\t1984-03-12\r\n\
                    Luc Gagnon\t193 456 787\t1979-11-02\r\n";
        let at = text.find("1979-11-02").unwrap();
        assert_eq!(header_above(text, at, at + 10), Some("Born"));
        let at = text.find("193 456 787").unwrap();
        assert_eq!(header_above(text, at, at + 11), Some("SIN"));
        // Not past a line without tabs, nor in a column the header lacks.
        let text = "Name\tSIN\nsee below\nLuc Gagnon\t193 456 787\n";
        let at = text.find("193").unwrap();
        assert_eq!(header_above(text, at, at + 11), None);
        let text = "Name\tSIN\nLuc Gagnon\tx\t193 456 787\n";
        let at = text.find("193").unwrap();
        assert_eq!(header_above(text, at, at + 11), None);
    }

    #[test]
    fn prose_and_single_spaced_lines_are_no_table() {
        let text = "The company was born in 1999.\nInvoice date   2022-01-28\n";
        let at = text.find("2022").unwrap();
        assert_eq!(header_above(text, at, at + 10), None);
        assert_eq!(header_above("2022-01-28", 0, 10), None);
        // Two spaces after a sentence do not make a header of it.
        let typed = "Please quote your social insurance number on every form.  Thanks.\nRef.  130 692 544\n";
        let at = typed.find("130").unwrap();
        assert_eq!(header_above(typed, at, at + 11), None);
        // Nor a value in a line too long to be a table's (a minified
        // export: each value would send the search over the whole line).
        let long = format!("{}130 692 544  x\nSIN  y", "word  ".repeat(200));
        let at = long.find("130").unwrap();
        assert_eq!(header_above(&long, at, at + 11), None);
        // Nor is a value on a line of its own in a table's column.
        let alone = "Name   SIN\n130 692 544\n";
        assert_eq!(header_above(alone, 11, 22), None);
    }
}
