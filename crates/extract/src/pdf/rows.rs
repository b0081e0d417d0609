//! A PDF page's rows of table cells, put back together where a page draws
//! them apart. A PDF has no table, only text placed on the page: a cell
//! left empty draws nothing, so the row's later cells would move one
//! column to the left, under another column's heading; and a row whose
//! cells wrap may break across pages (LibreOffice and Word let it by
//! default), the cells' first lines ending one page, the rest of the cells
//! that go on opening the next, each under its column ("476 247" then
//! "010" of a SIN). Both are told by where each cell starts on the page.

use super::page::join_cell_lines;

/// The text of one page, and where its rows of table cells are (and its
/// first text, if lines at one left edge: a cell's rest, maybe).
pub(crate) struct PageText {
    pub text: String,
    pub rows: Vec<RowCells>,
    /// Glyphs drawn in fonts whose codes nothing reads (see
    /// `cid_fonts`): left out of `text`.
    pub unmapped_glyphs: usize,
}

/// A row of table cells in a page's text: where each cell starts and its
/// left edge on the page, and where the row ends.
#[derive(Clone, Default, Debug)]
pub(crate) struct RowCells {
    cells: Vec<(usize, f32)>,
    end: usize,
}

impl RowCells {
    /// The row's first cell, at `start` in the text, `left` on the page.
    pub(super) fn start(&mut self, start: usize, left: f32) {
        self.cells.clear();
        self.cells.push((start, left));
    }

    /// The row's next cell (in place of the cell before, if that one
    /// showed no text).
    pub(super) fn push(&mut self, start: usize, left: f32) {
        match self.cells.last_mut() {
            Some(last) if last.0 == start => *last = (start, left),
            _ => self.cells.push((start, left)),
        }
    }

    /// The row, ended at `end` in the text.
    pub(super) fn ended(mut self, end: usize) -> RowCells {
        self.end = end;
        self
    }

    /// Each cell's span of the text: from its start to the tab before the
    /// next, or to the row's end; and its left edge.
    fn spans(&self) -> Vec<(std::ops::Range<usize>, f32)> {
        (self.cells.iter().enumerate())
            .map(|(i, &(start, left))| {
                let end = self
                    .cells
                    .get(i + 1)
                    .map_or(self.end, |&(next, _)| next.saturating_sub(1));
                (start..end.max(start), left)
            })
            .collect()
    }

    /// Whether the row's places are places of `text`, in order (a check
    /// against a walk that went wrong on a hostile page, never a panic).
    fn fits(&self, text: &str) -> bool {
        let places = || self.cells.iter().map(|&(at, _)| at).chain([self.end]);
        places().zip(places().skip(1)).all(|(a, b)| a <= b) && places().all(|at| text.is_char_boundary(at))
    }

    fn lefts(&self) -> Vec<f32> {
        self.cells.iter().map(|&(_, left)| left).collect()
    }
}

/// Lines of text (a page's number or running title) that may sit between
/// a row and the page's bottom.
const EDGE_LINES: usize = 3;

/// How far apart, in points, two cells' left edges may be and be one
/// column's; how far left of its column's edge a cell may start and be in
/// it.
const SAME_COLUMN: f32 = 1.0;

/// The column each cell at `lefts` is in, in order, if each is in a
/// column of its own: a column runs from its left edge to the next's (a
/// cell's text may sit right in it, as amounts do).
fn columns_of(lefts: &[f32], columns: &[f32]) -> Option<Vec<usize>> {
    let mut placed: Vec<usize> = Vec::with_capacity(lefts.len());
    for &left in lefts {
        let column = columns.iter().rposition(|&edge| left > edge - SAME_COLUMN)?;
        if placed.last().is_some_and(|&last| last >= column) {
            return None;
        }
        placed.push(column);
    }
    Some(placed)
}

/// Joins the rest of a row cut by the page's end, opening `next`, to the
/// row ending `page`. It is the rest of that row when both sit at their
/// page's edge, each of its cells under one of the row's, and some of
/// the row's cells, not all, were cut (a cell's last line ends with a
/// space or hyphen: a line wrapped there, to go on), half of them if the
/// rest has a cell in every column: a next page's row is not taken for
/// one.
pub(crate) fn join_cut_row(page: &mut PageText, next: &mut PageText) {
    let (Some(row), Some(rest)) = (page.rows.last(), next.rows.first()) else {
        return;
    };
    if !row.fits(&page.text) || !rest.fits(&next.text) {
        return;
    }
    let row_spans = row.spans();
    let rest_spans = rest.spans();
    let lines = |text: &str| text.lines().filter(|l| !l.trim().is_empty()).count();
    // Below the row, a page's number or running title may be; above the
    // rest, nothing (a line there is the rest of a cell of its own: the
    // row after it is the table's next).
    let at_edges = page.text.get(row.end..).is_some_and(|after| lines(after) <= EDGE_LINES)
        && next
            .text
            .get(..rest_spans[0].0.start)
            .is_some_and(|before| lines(before) == 0);
    let cut = (row_spans.iter())
        .filter(|(span, _)| {
            page.text
                .get(span.clone())
                .is_some_and(|cell| cell.ends_with([' ', '-']))
        })
        .count();
    // Every cell ending with a space is a row padded so, none cut. A
    // rest with a cell in every column (every cell went on) needs half
    // the row's cells seen cut, not a space a typist left.
    let some_cut = cut > 0 && cut < row_spans.len();
    let every_column = rest_spans.len() == row_spans.len();
    let cut_enough = some_cut && (!every_column || 2 * cut >= row_spans.len());
    // Each of the rest's cells under one of the row's, in order.
    let columns: Option<Vec<usize>> = (rest_spans.iter())
        .map(|(_, left)| row_spans.iter().position(|(_, l)| (l - left).abs() < SAME_COLUMN))
        .collect();
    let columns = columns.filter(|c| at_edges && cut_enough && c.windows(2).all(|w| w[0] < w[1]));
    let texts = |text: &str, spans: &[(std::ops::Range<usize>, f32)]| -> Option<Vec<String>> {
        spans
            .iter()
            .map(|(span, _)| text.get(span.clone()).map(str::to_string))
            .collect()
    };
    let (Some(columns), Some(row_texts), Some(rest_texts)) =
        (columns, texts(&page.text, &row_spans), texts(&next.text, &rest_spans))
    else {
        return;
    };
    let row_start = row_spans[0].0.start;
    let mut joined = String::new();
    let mut cells = Vec::with_capacity(row_spans.len());
    for (column, (mut cell, (_, left))) in row_texts.into_iter().zip(&row_spans).enumerate() {
        if column > 0 {
            joined.push('\t');
        }
        cells.push((row_start + joined.len(), *left));
        if let Some(more) = columns.iter().position(|&c| c == column) {
            cell.push('\n');
            cell.push_str(rest_texts[more].trim_end());
            join_cell_lines(&mut cell, 0);
        }
        joined.push_str(&cell);
    }
    page.text.replace_range(row_start..row.end, &joined);
    let joined_row = RowCells {
        cells,
        end: row_start + joined.len(),
    };
    *page.rows.last_mut().expect("the row joined") = joined_row;
    // The rest goes from the next page, its line with it.
    let (rest_start, rest_end) = (rest_spans[0].0.start, rest.end);
    let line_end = next.text[rest_end..]
        .find('\n')
        .map_or(next.text.len(), |n| rest_end + n + 1);
    next.text.replace_range(rest_start..line_end, "");
    let removed = line_end - rest_start;
    next.rows.remove(0);
    for row in &mut next.rows {
        row.cells.iter_mut().for_each(|(at, _)| *at -= removed);
        row.end -= removed;
    }
}

/// Gives each row of `page` that leaves cells of its table empty an empty
/// cell in each (a tab), so that its values stay under their headings.
/// `columns` are the left edges of the table's columns, from the widest
/// row read so far, on this page or the one before.
pub(crate) fn fill_empty_cells(page: &mut PageText, columns: &mut Vec<f32>) {
    let mut tabs_at = Vec::new();
    for row in (page.rows.iter()).filter(|row| row.cells.len() > 1 && row.fits(&page.text)) {
        let lefts = row.lefts();
        let placed = columns_of(&lefts, columns);
        match placed {
            Some(placed) if lefts.len() < columns.len() => {
                let mut cell = 0;
                for column in 0..columns.len() {
                    if placed.get(cell) == Some(&column) {
                        cell += 1;
                    } else {
                        tabs_at.push(row.cells.get(cell).map_or(row.end, |&(start, _)| start));
                    }
                }
            }
            Some(_) => {}
            None => *columns = lefts,
        }
    }
    tabs_at.sort_unstable();
    for at in tabs_at.into_iter().rev() {
        page.text.insert(at, '\t');
    }
    page.rows.clear();
}
