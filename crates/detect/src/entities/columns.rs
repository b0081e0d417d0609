//! The header over a value in a table written as text: columns apart by
//! runs of spaces (a fixed-width report, a form rendered to text), by
//! tabs (a sheet's rows pasted into a message or a text file, a word
//! processor's table saved as text) or by bars (a Markdown table, a
//! database client's query output saved to a file), its labels on a line
//! above; or a column alone, each value on a line of its own under its
//! label (a sheet's column printed on a page of its own, as a wide sheet
//! prints in bands of columns).

use super::interleaved::{self, Interleaved};
use memchr::memmem;
use std::cell::{OnceCell, RefCell};
use std::ops::Range;
use std::sync::LazyLock;

/// How many lines above a value a walk up to its header goes, unless it
/// meets the row of an earlier walk in the same column (see `HeaderMemo`).
const ROWS_UP: usize = 40;
/// How many columns' last walks a `HeaderMemo` keeps.
const MEMO_COLUMNS: usize = 16;
/// How long a header cell may be, in bytes.
const MAX_HEADER: usize = 40;
/// How long a line of a table may be, in bytes.
const MAX_LINE: usize = 512;

/// Where in a table a value sits, as a walk up to its header reads it:
/// the same in every row of one column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    /// Cells apart by `separator` (a tab or a bar): as many before it.
    Delimited { separator: char, index: usize },
    /// Cells apart by runs of spaces: its characters from the line's
    /// start (a report lines up characters: a name's "é" takes two bytes
    /// and one column).
    Fixed(usize, usize),
    /// A value alone on its line: the shape of its line (`line_shape`),
    /// which the values above it in its column share.
    Lone(u64),
}

/// The last walk up to a header made in one column.
#[derive(Debug, Clone)]
struct Walk {
    column: Column,
    /// Where the line of the value it started from starts.
    row: usize,
    /// The header cell it found.
    header: Option<Range<usize>>,
}

/// The walks up to a header already made in one text, so that a value
/// far down a long table finds its header by the walk of a row above it
/// in the same column (every walk goes at most `ROWS_UP` lines, but a
/// row's walk that meets an earlier row's ends there with its answer):
/// a table of thousands of rows has its header over every row, and no
/// value's walk reads the rows above it again.
#[derive(Debug, Default)]
pub(super) struct HeaderMemo {
    walks: RefCell<Vec<Walk>>,
    /// The text's tables written one cell per line, looked for the first
    /// time a value alone on its line is weighed.
    interleaved: OnceCell<Vec<Interleaved>>,
}

impl HeaderMemo {
    /// The tables of `text` (the text the memo is of) written one cell
    /// per line, found the first time they are asked for.
    pub(super) fn interleaved(&self, text: &str) -> &[Interleaved] {
        self.interleaved.get_or_init(|| interleaved::tables(text))
    }

    /// Those tables if a value alone on its line has had them found: a
    /// text with no such value is read for them no further.
    pub(super) fn interleaved_found(&self) -> &[Interleaved] {
        self.interleaved.get().map_or(&[], Vec::as_slice)
    }

    /// The header found by the last walk in `column` that started from
    /// the line at `row`.
    fn answer(&self, column: Column, row: usize) -> Option<Option<Range<usize>>> {
        let walks = self.walks.borrow();
        let walk = walks.iter().find(|w| w.column == column)?;
        (walk.row == row).then(|| walk.header.clone())
    }

    /// Keeps `walk` as its column's last.
    fn keep(&self, walk: Walk) {
        let mut walks = self.walks.borrow_mut();
        if let Some(kept) = walks.iter_mut().find(|w| w.column == walk.column) {
            *kept = walk;
        } else {
            if walks.len() == MEMO_COLUMNS {
                walks.remove(0);
            }
            walks.push(walk);
        }
    }
}

/// The header cell over `text[start..end]`: on the nearest line above
/// whose cell at those columns is words (letters, no digit: not a value,
/// not a dash for none), going up only through lines laid out in columns
/// (two spaces or more between cells) or of tab-separated cells. `None`
/// when the value is not in such a table. `memo` holds the walks already
/// made in `text`.
pub(super) fn header_above<'t>(text: &'t str, start: usize, end: usize, memo: &HeaderMemo) -> Option<&'t str> {
    let line_start = start_of_line(text, start)?;
    let after = &text.as_bytes()[end..(end + MAX_LINE).min(text.len())];
    let line_end = match memchr::memchr(b'\n', after) {
        Some(i) => end + i,
        None if end + after.len() == text.len() => text.len(),
        None => return None,
    };
    let column = if let Some(separator) = cell_separator(&text[line_start..line_end]) {
        let index = text[line_start..start].matches(separator).count();
        Column::Delimited { separator, index }
    } else if in_columns(&text[line_start..line_end]) {
        // The value's own line is laid out in columns too.
        let columns = char_columns(&text[line_start..line_end], start - line_start..end - line_start);
        Column::Fixed(columns.start, columns.end)
    } else if text[line_start..start].trim().is_empty() && text[end..line_end].trim().is_empty() {
        // In a table written one cell per line, the label as far into the
        // header as the value is into its row (the line above is the row's
        // other cell); else the label over its column.
        if let Some(header) = interleaved::header_in(memo.interleaved(text), line_start) {
            return Some(&text[header]);
        }
        Column::Lone(line_shape(text[start..end].trim()))
    } else {
        return None;
    };
    if let Some(answer) = memo.answer(column, line_start) {
        // The same value weighed again (for another type).
        return answer.map(|h| &text[h]);
    }
    let header = walk_up(text, line_start, column, memo);
    memo.keep(Walk {
        column,
        row: line_start,
        header: header.clone(),
    });
    header.map(|h| &text[h])
}

/// The header cell in `column` over the line at `row`: the walk of
/// `header_above`, which stops at the row an earlier walk in the same
/// column started from and takes its answer.
fn walk_up(text: &str, row: usize, column: Column, memo: &HeaderMemo) -> Option<Range<usize>> {
    let mut below = row;
    for _ in 0..ROWS_UP {
        let above_end = below.checked_sub(1)?;
        let above_start = start_of_line(text, above_end)?;
        let line = &text[above_start..above_end];
        let cell = match column {
            // The rule under a header ("|---|---|", "-----+-----").
            Column::Delimited { .. } if is_rule(line) => None,
            Column::Delimited { separator, index } => {
                if !line.contains(separator) {
                    return None;
                }
                line.split(separator).nth(index).map(str::trim)
            }
            Column::Fixed(from, to) => {
                if !in_columns(line) {
                    return None;
                }
                cell_under(line, from..to)
            }
            // Up through the values of its shape to a label; anything else
            // (a blank line, a sentence, another field) ends the column.
            Column::Lone(shape) => {
                let cell = line.trim();
                if !cell.is_empty() && line_shape(cell) == shape {
                    None
                } else if is_header_cell(cell) && cell_separator(line).is_none() && !in_columns(line) {
                    Some(cell)
                } else {
                    // A table's header row labels its own columns.
                    return None;
                }
            }
        };
        if let Some(cell) = cell.filter(|cell| is_header_cell(cell)) {
            let cell_start = cell.as_ptr() as usize - text.as_ptr() as usize;
            return Some(cell_start..cell_start + cell.len());
        }
        if let Some(answer) = memo.answer(column, above_start) {
            return answer;
        }
        below = above_start;
    }
    None
}

/// What parts the cells of a table's `line`: a tab, else a bar; `None`
/// for a line with neither.
pub(super) fn cell_separator(line: &str) -> Option<char> {
    let has = |byte: u8| memchr::memchr(byte, line.as_bytes()).is_some();
    [b'\t', b'|'].into_iter().find(|&byte| has(byte)).map(char::from)
}

/// Whether `line` is a rule between a table's header and its rows:
/// dashes or equals signs, with the bars, pluses, colons and spaces of
/// its cells' bounds.
pub(super) fn is_rule(line: &str) -> bool {
    line.bytes().any(|b| matches!(b, b'-' | b'='))
        && line
            .bytes()
            .all(|b| matches!(b, b'-' | b'=' | b'+' | b'|' | b':' | b' ' | b'\t' | b'\r'))
}

/// The characters of `line` that its bytes `bytes` hold: the columns a
/// cell takes in a fixed-width table.
pub(super) fn char_columns(line: &str, bytes: Range<usize>) -> Range<usize> {
    let from = line[..bytes.start].chars().count();
    from..from + line[bytes].chars().count()
}

/// The cell of `line` (cells apart by two spaces or more) that overlaps
/// its characters `columns`: a report lines up characters, and an "é"
/// takes two bytes.
pub(super) fn cell_under(line: &str, columns: Range<usize>) -> Option<&str> {
    cell_over(
        line,
        byte_of_column(line, columns.start),
        byte_of_column(line, columns.end),
    )
}

/// Where the character at `column` of `line` starts, in bytes (the
/// line's end past its last).
fn byte_of_column(line: &str, column: usize) -> usize {
    if line.is_ascii() {
        return column.min(line.len());
    }
    line.char_indices().nth(column).map_or(line.len(), |(at, _)| at)
}

/// The shape of a value written alone on a line: its digits, letters and
/// spaces by kind, each run of digits or letters as one ("786 559 427"
/// and "130 692 544" alike, "January 01, 2003" and "December 1, 2004"
/// alike), other characters as they are; hashed (FNV-1a).
pub(super) fn line_shape(value: &str) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    let mut last = None;
    for c in value.chars() {
        let kind = match c {
            c if c.is_ascii_digit() => '9',
            c if c.is_alphabetic() => 'a',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if matches!(kind, '9' | 'a') && last == Some(kind) {
            continue;
        }
        last = Some(kind);
        hash = (hash ^ u64::from(u32::from(kind))).wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Whether a cell is a header's: a few words (a sentence between double
/// spaces is not), no digit (a value).
pub(super) fn is_header_cell(cell: &str) -> bool {
    cell.len() <= MAX_HEADER && cell.chars().any(char::is_alphabetic) && !cell.bytes().any(|b| b.is_ascii_digit())
}

/// Whether `line` is laid out in columns: two spaces or more between
/// cells.
pub(super) fn in_columns(line: &str) -> bool {
    two_spaces(line.as_bytes()).is_some()
}

/// Where the first two spaces in a row in `bytes` are: where a line laid
/// out in columns parts two cells.
pub(super) fn two_spaces(bytes: &[u8]) -> Option<usize> {
    // Built once: `memmem::find` builds its searcher on every call, which
    // cost more than a table's short line.
    static TWO_SPACES: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new(b"  "));
    TWO_SPACES.find(bytes)
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
/// its bytes `from..to`.
fn cell_over(line: &str, from: usize, to: usize) -> Option<&str> {
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
        assert_eq!(
            header_above(text, at, at + 10, &HeaderMemo::default()),
            Some("Date of Birth")
        );
        let at = text.find("193 456 787").unwrap();
        assert_eq!(header_above(text, at, at + 11, &HeaderMemo::default()), Some("SIN"));
    }

    #[test]
    fn a_column_printed_alone_has_its_label_over_every_value() {
        let mut text = "Adresse\n1063 rue Marc, Dupont\n\nNAS\n".to_string();
        for sin in ["786 559 427", "753 265 883", "677 888 976", "455 335 935"]
            .iter()
            .cycle()
            .take(120)
        {
            text.push_str(sin);
            text.push('\n');
        }
        let memo = HeaderMemo::default();
        for (at, _) in text.match_indices("455 335 935") {
            assert_eq!(header_above(&text, at, at + 11, &memo), Some("NAS"));
        }
        // Dates under their label, their months' lengths apart.
        let text = "Date de naissance\nJanuary 01, 2003\nDecember 01, 2004\nMay 3, 1963\n";
        let at = text.find("May").unwrap();
        assert_eq!(
            header_above(text, at, at + 11, &HeaderMemo::default()),
            Some("Date de naissance")
        );
        // Not past another kind of value, a sentence (then the label, if
        // any) or a blank line, and not for a value within a sentence.
        for text in [
            "NAS\n416-555-0142\n786 559 427\n",
            "NAS\nsee the list below\n786 559 427\n",
            "NAS\n\n786 559 427\n",
            "NAS\nPaid 786 559 427\n",
        ] {
            let at = text.rfind("786").unwrap();
            assert_ne!(
                header_above(text, at, at + 11, &HeaderMemo::default()),
                Some("NAS"),
                "{text}"
            );
        }
    }

    #[test]
    fn the_header_is_found_over_a_row_of_tab_separated_cells() {
        let text = "Hi Luc, the clients:\r\n\r\nName\tSIN\tBorn\r\nMarie Tremblay\t130 692 544\t1984-03-12\r\n\
                    Luc Gagnon\t193 456 787\t1979-11-02\r\n";
        let at = text.find("1979-11-02").unwrap();
        assert_eq!(header_above(text, at, at + 10, &HeaderMemo::default()), Some("Born"));
        let at = text.find("193 456 787").unwrap();
        assert_eq!(header_above(text, at, at + 11, &HeaderMemo::default()), Some("SIN"));
        // Not past a line without tabs, nor in a column the header lacks.
        let text = "Name\tSIN\nsee below\nLuc Gagnon\t193 456 787\n";
        let at = text.find("193").unwrap();
        assert_eq!(header_above(text, at, at + 11, &HeaderMemo::default()), None);
        let text = "Name\tSIN\nLuc Gagnon\tx\t193 456 787\n";
        let at = text.find("193").unwrap();
        assert_eq!(header_above(text, at, at + 11, &HeaderMemo::default()), None);
    }

    #[test]
    fn the_header_is_found_over_a_row_of_cells_apart_by_bars() {
        let markdown = "| Name | SIN | Born |\n|:-----|-----|------|\n| Luc Gagnon | 193 456 787 | 1979-11-02 |\n";
        let psql = " name       | sin         | born\n\
                    ------------+-------------+------------\n \
                    Luc Gagnon | 193 456 787 | 1979-11-02\n(1 row)\n";
        let mysql = "+------+-----+------+\n| Name | SIN | Born |\n+------+-----+------+\n\
                     | Luc Gagnon | 193 456 787 | 1979-11-02 |\n";
        for text in [markdown, psql, mysql] {
            let memo = HeaderMemo::default();
            let at = text.find("193").unwrap();
            assert!(header_above(text, at, at + 11, &memo).is_some_and(|h| h.eq_ignore_ascii_case("sin")));
            let at = text.find("1979").unwrap();
            assert!(header_above(text, at, at + 10, &memo).is_some_and(|h| h.eq_ignore_ascii_case("born")));
        }
        // A tab parts a line's cells before a bar does.
        assert_eq!(cell_separator("a|b\tc"), Some('\t'));
        assert_eq!(cell_separator("a | b"), Some('|'));
        assert_eq!(cell_separator("a  b"), None);
        assert!(is_rule("|:---|---:|") && is_rule("----+----") && is_rule("=====  ====="));
        assert!(!is_rule("| a |") && !is_rule("") && !is_rule("+ +"));
    }

    #[test]
    fn the_header_is_found_over_every_row_of_a_long_table() {
        // Rows in the order a scan weighs them, each walk meeting the
        // last one's row; a name with an accent takes two bytes and one
        // column, and the values under it sit a byte further right.
        let mut fixed = String::from("Staff\nName              SIN           Born\n");
        let mut tabbed = String::from("Staff\nName\tSIN\tBorn\n");
        for row in 0..500 {
            let name = if row % 7 == 0 { "Hélène Côté" } else { "Luc Gagnon" };
            fixed.push_str(&format!("{name:<18}130 692 544   1984-03-12\n"));
            tabbed.push_str(&format!("{name}\t130 692 544\t1984-03-12\n"));
        }
        for text in [&fixed, &tabbed] {
            let memo = HeaderMemo::default();
            let mut seen = 0;
            for (at, _) in text.match_indices("130 692 544") {
                assert_eq!(header_above(text, at, at + 11, &memo), Some("SIN"), "{at}");
                seen += 1;
            }
            assert_eq!(seen, 500);
            // Without the rows above weighed first, the walk stops short.
            let last = text.rfind("1984").unwrap();
            assert_eq!(header_above(text, last, last + 10, &HeaderMemo::default()), None);
            assert_eq!(header_above(text, last, last + 10, &memo), None);
        }
    }

    #[test]
    fn a_remembered_walk_is_not_reached_past_a_line_out_of_the_table() {
        let memo = HeaderMemo::default();
        let text = "Name  SIN\nLuc   130 692 544\nA note between the rows.\nLuc   193 456 787\n";
        let at = text.find("130").unwrap();
        assert_eq!(header_above(text, at, at + 11, &memo), Some("SIN"));
        let at = text.find("193").unwrap();
        assert_eq!(header_above(text, at, at + 11, &memo), None);
    }

    #[test]
    fn prose_and_single_spaced_lines_are_no_table() {
        let text = "The company was born in 1999.\nInvoice date   2022-01-28\n";
        let at = text.find("2022").unwrap();
        assert_eq!(header_above(text, at, at + 10, &HeaderMemo::default()), None);
        assert_eq!(header_above("2022-01-28", 0, 10, &HeaderMemo::default()), None);
        // Two spaces after a sentence do not make a header of it.
        let typed = "Please quote your social insurance number on every form.  Thanks.\nRef.  130 692 544\n";
        let at = typed.find("130").unwrap();
        assert_eq!(header_above(typed, at, at + 11, &HeaderMemo::default()), None);
        // Nor a value in a line too long to be a table's (a minified
        // export: each value would send the search over the whole line).
        let long = format!("{}130 692 544  x\nSIN  y", "word  ".repeat(200));
        let at = long.find("130").unwrap();
        assert_eq!(header_above(&long, at, at + 11, &HeaderMemo::default()), None);
        // Nor is a value on a line of its own in a table's column.
        let alone = "Name   SIN\n130 692 544\n";
        assert_eq!(header_above(alone, 11, 22, &HeaderMemo::default()), None);
    }
}
