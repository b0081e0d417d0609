//! Names in the columns of a table under name labels: fixed-width
//! tables, tables apart by tabs or bars, and the interleaved ones a
//! value's label has found.

use super::separators::{last_alternative, without_note};
use super::vocabulary::{
    ends_like_a_name_label, label_ending, part_qualifier, LabelEnds, GIVEN_NAME_LABELS, PERSONAL_QUALIFIERS,
    SURNAME_LABELS,
};
use super::{under_generic_label, LabelKind};
use crate::entities::interleaved::Interleaved;
use crate::entities::names::{GenericName, PersonNames};
use crate::entities::{ceil_boundary, columns, floor_boundary, Hit};
use crate::fold::fold_context;

/// The longest line of a fixed-width table looked at for names.
const COLUMN_LINE: usize = 512;

/// The cells of a fixed-width table's `line` (apart by two spaces or
/// more), trimmed, each with its bytes in `line`.
pub(super) fn fixed_width_cells(line: &str) -> impl Iterator<Item = (&str, std::ops::Range<usize>)> {
    let mut at = 0;
    line.split("  ").map(move |cell| {
        let start = at + (cell.len() - cell.trim_start().len());
        at += cell.len() + 2;
        let trimmed = cell.trim();
        (trimmed, start..start + trimmed.len())
    })
}

/// The bytes in its text of the value of cell `column` of `row` (which
/// starts at `row_start`), its cells apart by `separator`: trimmed, if
/// not empty.
fn delimited_cell(row: &str, row_start: usize, separator: char, column: usize) -> Option<std::ops::Range<usize>> {
    let trimmed = row.split(separator).nth(column)?.trim();
    let start = row_start + (trimmed.as_ptr() as usize - row.as_ptr() as usize);
    (!trimmed.is_empty()).then_some(start..start + trimmed.len())
}

/// Whether a table's header cell can be a label of names, whole or in
/// parts (`label_ends` the last words of those labels): a few words, no
/// digit, the last one a label's. A cheap test on its bytes.
fn could_head_names(cell: &str, label_ends: &LabelEnds) -> bool {
    !cell.is_empty()
        && cell.len() <= 40
        && !cell.bytes().any(|b| b.is_ascii_digit())
        && ends_like_a_name_label(cell.as_bytes(), label_ends)
}

/// The label of a column of whole names, and whether it says a person
/// ("CARDHOLDER", "Cardholder Name", "Student name") or may head firms'
/// names too ("NAME", "Customer").
#[derive(Debug, Clone, Copy)]
struct ColumnLabel {
    label: &'static str,
    personal: bool,
}

/// The name columns of a table's header (see `PersonNames::name_columns`),
/// each known by its place (its cell's index, or its characters).
enum NameColumns<C> {
    /// A column of whole names, and its label.
    Whole(ColumnLabel, C),
    /// Columns of given names and of surnames: pairs of the two.
    Parts(Vec<(C, C)>),
}

impl<C> NameColumns<C> {
    /// The same columns, each known by what `place` makes of its place.
    fn map<D>(self, place: impl Fn(C) -> D) -> NameColumns<D> {
        match self {
            NameColumns::Whole(label, at) => NameColumns::Whole(label, place(at)),
            NameColumns::Parts(pairs) => NameColumns::Parts(
                pairs
                    .into_iter()
                    .map(|(given, surname)| (place(given), place(surname)))
                    .collect(),
            ),
        }
    }
}

/// How far either side of a place its line's bounds are looked for, in
/// bytes: past any table's line (`COLUMN_LINE`).
pub(super) const LINE_REACH: usize = COLUMN_LINE + 1;

/// Where the line holding `at` starts, and where it ends (its line
/// break, or the text's end), each looked for within `LINE_REACH`: a
/// line longer than that gets bounds that make it longer than any
/// table's, which the callers pass over (the bound keeps each search
/// local, however long the text's lines).
#[inline]
pub(super) fn line_around(text: &str, at: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let reach = at.saturating_sub(LINE_REACH);
    let start = match memchr::memrchr(b'\n', &bytes[reach..at]) {
        Some(i) => reach + i + 1,
        None => floor_boundary(text, reach),
    };
    let limit = (at + LINE_REACH).min(bytes.len());
    let end = match memchr::memchr(b'\n', &bytes[at..limit]) {
        Some(i) => at + i,
        None => ceil_boundary(text, limit),
    };
    (start, end)
}

impl PersonNames {
    /// The names in the name column of a fixed-width table (a report
    /// printed to text: "NAME" over "Marie Tremblay", cells apart by two
    /// spaces or more), each as the value of its header's label would be
    /// after a colon: a generic header's names are a person's when they
    /// open with a known given name or end with a known surname, or when
    /// its column vouches for them.
    pub(in crate::entities::names) fn column_names(
        &self,
        text: &str,
        hits: &mut Vec<Hit>,
        generic: &mut Vec<GenericName>,
    ) {
        // Only lines with two spaces in a row are read: a header is one,
        // and so is each row under it.
        let bytes = text.as_bytes();
        let mut from = 0;
        while let Some(found) = columns::two_spaces(&bytes[from..]) {
            let (start, mut end) = line_around(text, from + found);
            from = end;
            let line = text[start..end].trim_end_matches('\r');
            if line.len() > COLUMN_LINE {
                continue;
            }
            // (Columns are characters: a report lines up characters, and
            // an "é" takes two bytes.)
            let Some(header) = self.name_columns(fixed_width_cells(line)) else {
                continue;
            };
            // A form's field printed to text: "Customer Name    Marie Tremblay".
            if let NameColumns::Whole(label, ref cell) = header {
                let value = fixed_width_cells(line)
                    .find(|(value, at)| !value.is_empty() && at.start > cell.end)
                    .map(|(_, at)| start + at.start..start + at.end);
                if self.field_beside_label(text, label, value, hits, generic) {
                    continue;
                }
            }
            let header = header.map(|cell| columns::char_columns(line, cell));
            // The rows under it, while they are laid out in columns and
            // are the table's (a printed form's next row of labels is the
            // next header's: it is read again as one).
            while end < bytes.len() {
                let (row_start, row_end) = line_around(text, end + 1);
                let row = text[row_start..row_end].trim_end_matches('\r');
                if row.len() > COLUMN_LINE || !columns::in_columns(row) {
                    break;
                }
                let cell = |columns: &std::ops::Range<usize>| {
                    let cell = columns::cell_under(row, columns.clone())?;
                    let start = row_start + (cell.as_ptr() as usize - row.as_ptr() as usize);
                    Some(start..start + cell.len())
                };
                if !self.names_in_row(text, &header, cell, hits, generic) {
                    break;
                }
                end = row_end;
            }
            from = end;
        }
    }

    /// The names in the name column of a table of tab-separated cells (a
    /// sheet's rows pasted into a message or a text file) or of cells
    /// apart by bars (a Markdown table, a database client's output), as
    /// `column_names` reads a fixed-width table's. Only lines with a tab
    /// or a bar are looked at, and a header has no digit: the rest of a
    /// text, an invoice's lines, is passed over at once.
    pub(in crate::entities::names) fn delimited_column_names(
        &self,
        text: &str,
        hits: &mut Vec<Hit>,
        generic: &mut Vec<GenericName>,
    ) {
        let bytes = text.as_bytes();
        let mut from = 0;
        while let Some(separator) = memchr::memchr2(b'\t', b'|', &bytes[from..]) {
            let (start, mut end) = line_around(text, from + separator);
            from = end;
            let line = text[start..end].trim_end_matches('\r');
            if line.len() > COLUMN_LINE || line.bytes().any(|b| b.is_ascii_digit()) {
                continue;
            }
            let Some(separator) = columns::cell_separator(line) else {
                continue;
            };
            let Some(header) = self.name_columns(line.split(separator).map(str::trim).zip(0..)) else {
                continue;
            };
            // A two-column form's field pasted as text: "Name<TAB>Marie
            // Tremblay".
            if let NameColumns::Whole(label, 0) = header {
                let value = delimited_cell(line, start, separator, 1);
                let two_cells = separator == '\t' && line.split(separator).count() == 2;
                if two_cells && self.field_beside_label(text, label, value, hits, generic) {
                    continue;
                }
            }
            // The rows under it, while they are rows of cells (past the
            // rule under the header).
            while end < bytes.len() {
                let (row_start, row_end) = line_around(text, end + 1);
                let row = text[row_start..row_end].trim_end_matches('\r');
                let rule = columns::is_rule(row);
                if row.len() > COLUMN_LINE || !(rule || row.contains(separator)) {
                    break;
                }
                end = row_end;
                if rule {
                    continue;
                }
                let cell = |&column: &usize| delimited_cell(row, row_start, separator, column);
                // (An export's rows go on whatever one holds.)
                self.names_in_row(text, &header, cell, hits, generic);
            }
            from = end;
        }
    }

    /// The names in the name columns of `tables`, tables written one cell
    /// per line (see `interleaved`): each line of such a column a cell.
    pub(in crate::entities::names) fn interleaved_column_names(
        &self,
        text: &str,
        tables: &[Interleaved],
        hits: &mut Vec<Hit>,
        generic: &mut Vec<GenericName>,
    ) {
        for table in tables {
            // Given names and surnames in columns of their own.
            let headers = table.columns().map(|(header, _)| text[header].trim()).zip(0..);
            if let Some(NameColumns::Parts(pairs)) = self.name_columns(headers) {
                for (given, surname) in pairs {
                    for (given_at, surname_at) in table.pairs(given, surname) {
                        self.name_of_parts(text, given_at, surname_at, hits);
                    }
                }
                continue;
            }
            for (header, lines) in table.columns() {
                let Some(label) = self.name_label_cell(text[header].trim()) else {
                    continue;
                };
                for line in lines {
                    let (_, end) = line_around(text, line);
                    let cell = text[line..end].trim_end();
                    let start = line + (cell.len() - cell.trim_start().len());
                    if start < line + cell.len() {
                        self.column_cell(text, label, start..line + cell.len(), hits, generic);
                    }
                }
            }
        }
    }

    /// A cell of a table's name column under the header `label`: a
    /// personal label's names are a person's; a generic one's as after
    /// a colon (see `under_generic_label`).
    fn column_cell(
        &self,
        text: &str,
        label: ColumnLabel,
        value: std::ops::Range<usize>,
        hits: &mut Vec<Hit>,
        generic: &mut Vec<GenericName>,
    ) {
        let cell_start = value.start;
        if label.personal {
            self.name_in(text, value, str::is_empty, false, 0.6, hits);
        } else if let Some((found, known)) = self.name_at(text, value, str::is_empty, 0.6) {
            under_generic_label(found, known, label.label.to_string(), cell_start, hits, generic);
        }
    }

    /// The name columns a table's header `cells` (each with its place)
    /// head, if any: its given names' and surnames' columns, each given
    /// name's paired with the surname's qualified as it is, else with the
    /// unqualified one ("First Name" with "Last Name",
    /// "billing_first_name" with "billing_last_name": see
    /// `part_qualifier`); without them, its first column of whole names
    /// ("CUSTOMER NAME", "NOM"; not "COMPANY NAME"). Each cell is read
    /// once, and only folded if its last word ends a label.
    fn name_columns<'c, C: Clone>(&self, cells: impl Iterator<Item = (&'c str, C)>) -> Option<NameColumns<C>> {
        let mut whole = None;
        let mut given = Vec::new();
        let mut surnames = Vec::new();
        for (cell, place) in cells {
            let cell = without_note(cell);
            if !could_head_names(cell, &self.header_label_ends) {
                continue;
            }
            let folded = fold_context(last_alternative(cell));
            let phrase = folded.replace('_', " ");
            if let Some(qualifier) = part_qualifier(&phrase, GIVEN_NAME_LABELS) {
                given.push((qualifier.to_string(), place.clone()));
            } else if let Some(qualifier) = part_qualifier(&phrase, SURNAME_LABELS) {
                surnames.push((qualifier.to_string(), place.clone()));
            }
            if whole.is_none() {
                whole = self.whole_name_label(&folded).map(|label| (label, place));
            }
        }
        let pairs: Vec<(C, C)> = given
            .into_iter()
            .filter_map(|(qualifier, place)| {
                let (_, surname) = surnames
                    .iter()
                    .find(|(q, _)| *q == qualifier)
                    .or_else(|| surnames.iter().find(|(q, _)| q.is_empty()))?;
                Some((place, surname.clone()))
            })
            .collect();
        if pairs.is_empty() {
            whole.map(|(label, place)| NameColumns::Whole(label, place))
        } else {
            Some(NameColumns::Parts(pairs))
        }
    }

    /// The name in a form's field pasted or printed as text, the `value`
    /// cell after its name label's (`label`): read as a cell under that
    /// label, unless a label too (a table header's next column). Whether
    /// a name was read so: then the line is a form's field, and the lines
    /// under it its next fields, not a table's rows.
    fn field_beside_label(
        &self,
        text: &str,
        label: ColumnLabel,
        value: Option<std::ops::Range<usize>>,
        hits: &mut Vec<Hit>,
        generic: &mut Vec<GenericName>,
    ) -> bool {
        let Some(value) = value.filter(|v| !could_head_names(&text[v.clone()], &self.header_label_ends)) else {
            return false;
        };
        let read = (hits.len(), generic.len());
        self.column_cell(text, label, value, hits, generic);
        (hits.len(), generic.len()) != read
    }

    /// The names in one row of a table under `header`, its cells found by
    /// `cell` (the value's bytes in `text`, from a header cell's place);
    /// and whether the row is one of the table's: not if its cells under a
    /// given name's and a surname's columns are filled but name nobody,
    /// as a printed form's next row of labels ("Employer   Position"
    /// under "Last Name   First Name") or a note under a table.
    fn names_in_row<C>(
        &self,
        text: &str,
        header: &NameColumns<C>,
        cell: impl Fn(&C) -> Option<std::ops::Range<usize>>,
        hits: &mut Vec<Hit>,
        generic: &mut Vec<GenericName>,
    ) -> bool {
        match header {
            NameColumns::Whole(label, place) => {
                if let Some(value) = cell(place) {
                    self.column_cell(text, *label, value, hits, generic);
                }
                true
            }
            NameColumns::Parts(pairs) => {
                let mut read = pairs.is_empty();
                for (given, surname) in pairs {
                    // (A row not lined up under its header may put one
                    // cell under both.)
                    match (cell(given), cell(surname)) {
                        (Some(given), Some(surname)) if given != surname => {
                            // (A lone initial is no name to read, nor a label.)
                            let an_initial = text[given.clone()].trim().trim_end_matches('.').chars().count() == 1;
                            read |= self.name_of_parts(text, given.start, surname.start, hits) || an_initial;
                        }
                        // Empty cells, a line running on from the row above.
                        _ => read = true,
                    }
                }
                read
            }
        }
    }

    /// The person named by a given name's cell at `given` and a surname's
    /// at `surname`, the cells of one row under their columns' labels.
    /// Whether the two cells read as a name's parts.
    fn name_of_parts(&self, text: &str, given: usize, surname: usize, hits: &mut Vec<Hit>) -> bool {
        let (Some(given), Some((surname, _))) = (self.name_field(text, given), self.name_field(text, surname)) else {
            return false;
        };
        self.given_name_and_surname(given, &surname, hits)
    }

    /// The name label a header's cell is, if it is one ("CUSTOMER NAME",
    /// "NOM"; not "COMPANY NAME", nor a given name's label alone).
    fn name_label_cell(&self, cell: &str) -> Option<ColumnLabel> {
        let cell = without_note(cell);
        could_head_names(cell, &self.label_ends)
            .then(|| self.whole_name_label(&fold_context(last_alternative(cell))))
            .flatten()
    }

    /// The name label the folded header cell `folded` is, if it labels
    /// whole names (see `name_label_cell`).
    fn whole_name_label(&self, folded: &str) -> Option<ColumnLabel> {
        let label = label_ending(folded, &self.name_labels)?;
        let qualifier = &folded[..folded.len() - label.len()];
        let mut qualifier_words = qualifier.split(|c: char| !c.is_alphanumeric());
        let qualified = qualifier_words.clone().any(|word| self.name_qualifiers.contains(word));
        let kind = LabelKind::of(label);
        let personal = kind == LabelKind::Personal || qualifier_words.any(|word| PERSONAL_QUALIFIERS.contains(&word));
        let a_name_column = !matches!(kind, LabelKind::GivenName | LabelKind::Address);
        (a_name_column && !qualified && qualifier.split_whitespace().count() <= 1)
            .then_some(ColumnLabel { label, personal })
    }
}
