//! The record stream of an Excel 97-2003 workbook (BIFF5/BIFF8), checked
//! and made safe before calamine reads it. Hand-written because it is a
//! guard on calamine's input, not a reader: records are walked by their
//! lengths ([MS-XLS] 2.1.4), nothing else is parsed.
//!
//! calamine trusts three things a hostile file controls. It reserves room
//! for the cells a sheet's DIMENSIONS record announces (rows by columns,
//! up to 2^32 by 2^16): one edited record asked for 160 GB and the process
//! aborted. A sheet's range holds every cell from the first used to the
//! last: two cells far apart cost 65,536 by 256 of them. And it slices
//! the stream at the place a BOUNDSHEET record gives a sheet's records,
//! which panics past the stream's end. Last, it parses every formula (a
//! cell's, a defined name's) by slicing the formula's tokens as they say,
//! and one token or length past its record's end panics: formulas are
//! never read here (a cell's value is stored beside its formula), so each
//! is emptied, and a record too short to hold one is passed over.

use crate::le::u16_at;

/// DIMENSIONS: the used range a sheet announces, a capacity hint only.
const DIMENSIONS: u16 = 0x0200;
/// BOF and EOF: a substream (the workbook globals, a sheet, a chart).
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
/// FILEPASS: the records after it are encrypted (a password to open).
const FILEPASS: u16 = 0x002F;
/// BOUNDSHEET: a sheet's name, and where in the stream its records start.
const BOUNDSHEET: u16 = 0x0085;
/// FORMULA: a cell's value, then the formula that computed it, whose
/// length in bytes (cce) is at `FORMULA_LENGTH`.
const FORMULA: u16 = 0x0006;
const FORMULA_LENGTH: usize = 20;
/// NAME (Lbl): a defined name, its formula's length (cce) at
/// `NAME_LENGTH`, its text from `NAME_TEXT`, then its formula.
const NAME: u16 = 0x0018;
const NAME_LENGTH: usize = 4;
const NAME_TEXT: usize = 14;
/// A record type no version of the format defines: a record given it is
/// passed over by every reader.
const PASSED_OVER: u16 = 0xFFFF;
/// A sheet's range may span this many cells whatever it holds; beyond,
/// only if cells fill at least one in `SPARSE_FACTOR` of it.
const SPAN_ALWAYS_READ: u64 = 1 << 20;
const SPARSE_FACTOR: u64 = 32;

/// Blanks every DIMENSIONS record of `stream` (calamine then grows its
/// cell list as it reads cells), points a sheet said to start past the
/// stream's end at its end (an empty sheet), empties every formula (a
/// FORMULA or NAME record too short for its own fields is passed over),
/// and refuses a sheet whose cells sit so
/// far apart that calamine's range of it would hold mostly empty cells
/// past the bound, and an encrypted workbook (whose cells could not be
/// read anyway).
pub(crate) fn make_safe(stream: &mut [u8]) -> Result<(), String> {
    let mut sheet = Extent::default();
    let mut at = 0;
    while let (Some(kind), Some(length)) = (u16_at(stream, at), u16_at(stream, at + 2)) {
        let data = at + 4..(at + 4 + usize::from(length)).min(stream.len());
        match kind {
            DIMENSIONS => stream[data.clone()].fill(0),
            BOUNDSHEET => {
                let end = u32::try_from(stream.len()).unwrap_or(u32::MAX);
                if let Some(place) = stream.get_mut(data.start..data.start + 4).filter(|_| data.len() >= 4) {
                    let at = u32::from_le_bytes([place[0], place[1], place[2], place[3]]);
                    place.copy_from_slice(&at.min(end).to_le_bytes());
                }
            }
            FORMULA | NAME => {
                let (length_at, needed) = match kind {
                    FORMULA => (FORMULA_LENGTH, FORMULA_LENGTH + 2),
                    _ => (NAME_LENGTH, NAME_TEXT),
                };
                sheet.add(kind, &stream[data.clone()]);
                empty_formula(stream, at, data.len(), length_at, needed);
            }
            FILEPASS => return Err("password-protected workbook: its cells are encrypted, not scanned".into()),
            BOF => sheet = Extent::default(),
            EOF => sheet.check()?,
            _ => sheet.add(kind, &stream[data.clone()]),
        }
        at = data.end;
    }
    sheet.check()
}

/// Sets to zero the formula length at `length_at` in the data of the
/// record at `at` (of `data_length` bytes): its formula is then empty.
/// A record shorter than the `needed` bytes its reader takes for granted
/// is given a type no reader knows, and so is passed over.
fn empty_formula(stream: &mut [u8], at: usize, data_length: usize, length_at: usize, needed: usize) {
    if data_length >= needed {
        stream[at + 4 + length_at..at + 4 + length_at + 2].fill(0);
    } else {
        stream[at..at + 2].copy_from_slice(&PASSED_OVER.to_le_bytes());
    }
}

/// The cells of one sheet: how many, and the rows and columns they span.
#[derive(Default)]
struct Extent {
    cells: u64,
    rows: Option<(u16, u16)>,
    columns: Option<(u16, u16)>,
}

impl Extent {
    /// Counts the cells of a record calamine makes cells of.
    fn add(&mut self, kind: u16, data: &[u8]) {
        let (Some(row), Some(first)) = (u16_at(data, 0), u16_at(data, 2)) else {
            return;
        };
        let (last, cells) = match kind {
            // NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST, FORMULA
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | FORMULA => (first, 1),
            // MULRK: its last column closes the record.
            0x00BD => match data.len().checked_sub(2).and_then(|end| u16_at(data, end)) {
                Some(last) if last >= first => (last, u64::from(last - first) + 1),
                _ => return,
            },
            _ => return,
        };
        self.cells += cells;
        let widen = |span: &mut Option<(u16, u16)>, low: u16, high: u16| {
            let (from, to) = span.get_or_insert((low, high));
            *span = Some(((*from).min(low), (*to).max(high)));
        };
        widen(&mut self.rows, row, row);
        widen(&mut self.columns, first, last);
    }

    /// Whether calamine may hold the range of these cells.
    fn check(&self) -> Result<(), String> {
        let (Some((top, bottom)), Some((left, right))) = (self.rows, self.columns) else {
            return Ok(());
        };
        let span = (u64::from(bottom - top) + 1) * (u64::from(right - left) + 1);
        if span > SPAN_ALWAYS_READ && span > self.cells * SPARSE_FACTOR {
            return Err(format!(
                "a sheet's {} cells lie {span} cells apart from first to last (calamine would hold them all)",
                self.cells
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        [&kind.to_le_bytes()[..], &(data.len() as u16).to_le_bytes(), data].concat()
    }

    /// A NUMBER record at `row`, `column`.
    fn number(row: u16, column: u16) -> Vec<u8> {
        let data = [&row.to_le_bytes()[..], &column.to_le_bytes(), &[0; 10]].concat();
        record(0x0203, &data)
    }

    #[test]
    fn a_sheet_said_to_start_past_the_stream_starts_at_its_end() {
        let mut sheet = 5000u32.to_le_bytes().to_vec();
        sheet.extend([0, 0, 4, 0]);
        sheet.extend(b"Data");
        let mut stream = [record(BOF, &[0; 16]), record(BOUNDSHEET, &sheet), record(EOF, &[])].concat();
        let len = stream.len() as u32;
        make_safe(&mut stream).unwrap();
        assert_eq!(u32::from_le_bytes(stream[24..28].try_into().unwrap()), len);
    }

    #[test]
    fn formulas_are_emptied_and_records_too_short_for_one_passed_over() {
        let formula = record(FORMULA, &[&[0; 20][..], &[9, 0], &[0x44; 9]].concat());
        let name = record(NAME, &[&[0, 0, 0, 1][..], &[200, 0], &[0; 8], &[0, b'N']].concat());
        let short = record(FORMULA, &[0; 21]);
        let mut stream = [record(BOF, &[0; 16]), formula, name, short, record(EOF, &[])].concat();
        make_safe(&mut stream).unwrap();
        assert_eq!(&stream[20 + 24..20 + 26], &[0, 0], "the cell's formula is empty");
        let name_at = 20 + 4 + 31;
        assert_eq!(
            &stream[name_at + 4 + 4..name_at + 4 + 6],
            &[0, 0],
            "the name's formula is empty"
        );
        let short_at = name_at + 4 + 16;
        assert_eq!(u16_at(&stream, short_at), Some(PASSED_OVER));
    }

    #[test]
    fn dimensions_are_blanked_and_the_rest_left_alone() {
        let dimensions = [
            &0u32.to_le_bytes()[..],
            &0x0100_0000u32.to_le_bytes(),
            &[0, 0, 0, 1, 0, 0],
        ]
        .concat();
        let mut stream = [
            record(BOF, &[0; 16]),
            record(DIMENSIONS, &dimensions),
            number(3, 4),
            record(EOF, &[]),
        ]
        .concat();
        let before = stream.clone();
        make_safe(&mut stream).unwrap();
        assert_eq!(&stream[20 + 4..20 + 4 + 14], &[0; 14]);
        assert_eq!(stream[42..], before[42..], "the cells are untouched");
    }

    #[test]
    fn cells_far_apart_are_refused_cells_close_or_many_are_not() {
        let sheet = |cells: Vec<Vec<u8>>| {
            [vec![record(BOF, &[0; 16])], cells, vec![record(EOF, &[])]]
                .concat()
                .concat()
        };
        let mut corners = sheet(vec![number(0, 0), number(65_535, 255)]);
        assert!(make_safe(&mut corners)
            .unwrap_err()
            .contains("2 cells lie 16777216 cells apart"));
        // A full column of 65,536 rows spans as many cells as it holds.
        let mut column = sheet((0..=65_535).map(|row| number(row, 0)).collect());
        assert!(make_safe(&mut column).is_ok());
        // MULRK spans its columns; a damaged one (last before first) counts nothing.
        let mulrk = |row: u16, first: u16, last: u16| {
            record(
                0x00BD,
                &[
                    &row.to_le_bytes()[..],
                    &first.to_le_bytes(),
                    &[0; 6],
                    &last.to_le_bytes(),
                ]
                .concat(),
            )
        };
        let mut wide = sheet(vec![mulrk(0, 0, 255), mulrk(8191, 0, 255), mulrk(9, 9, 3)]);
        assert!(make_safe(&mut wide).unwrap_err().contains("512 cells lie 2097152"));
        let mut encrypted = [record(BOF, &[0; 16]), record(FILEPASS, &[1, 0]), number(0, 0)].concat();
        assert!(make_safe(&mut encrypted).unwrap_err().contains("password-protected"));
        // A truncated stream ends the walk, not the process.
        let mut truncated = corners[..corners.len() - 7].to_vec();
        let _ = make_safe(&mut truncated);
    }
}
