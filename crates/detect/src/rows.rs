//! A sheet's consecutive rows are a block of lines, as a text's are. A
//! form laid out as label and value, one field a row (Name | Misty Ward,
//! SIN | 130 692 544, Date of birth | ...), says a person by the SIN,
//! birth date or card on the rows around the name, or by the name's own
//! mailbox on the rows after it, as the same form written as text does
//! (see `labels::in_the_block_of`). Each row is a segment of its own (its
//! cells keep their coordinates), so the names waiting for such a row are
//! held here until it comes or the block ends.

use crate::entities::Hit;

/// How many rows either side of a name a block reaches, as a form's
/// block of lines does.
const BLOCK_ROWS: u32 = 8;

/// How many rows after a name its own mailbox may be.
const OWN_FIELDS_ROWS: u32 = 2;

/// A name no list vouches for, after a generic label, waiting for a row.
#[derive(Debug)]
pub(crate) struct Pending {
    pub sheet: String,
    pub row: u32,
    /// The label it is under, folded, for its column's vouching.
    pub label: String,
    pub name: Hit,
    /// Where it is, as the case store says it.
    pub location: Box<str>,
}

/// The block of consecutive rows being read, in one sheet.
#[derive(Debug, Default)]
pub(crate) struct RowBlock {
    sheet: String,
    last_row: Option<u32>,
    /// The block's last row with a SIN, birth date or card.
    personal_row: Option<u32>,
    pending: Vec<Pending>,
}

impl RowBlock {
    /// Row `row` of `sheet` is read next: the names that leave the block
    /// unvouched (it ended at a blank row or another sheet, or they are
    /// past its reach).
    pub fn enter(&mut self, sheet: &str, row: u32) -> Vec<Pending> {
        let goes_on = self.sheet == sheet && self.last_row.is_some_and(|last| row == last + 1);
        if !goes_on {
            let left = self.end();
            self.sheet = sheet.to_string();
            self.last_row = Some(row);
            return left;
        }
        self.last_row = Some(row);
        let (left, kept) = std::mem::take(&mut self.pending)
            .into_iter()
            .partition(|p| row - p.row > BLOCK_ROWS);
        self.pending = kept;
        left
    }

    /// Text that is no sheet's row is read next: the block ends.
    pub fn end(&mut self) -> Vec<Pending> {
        self.last_row = None;
        self.personal_row = None;
        std::mem::take(&mut self.pending)
    }

    /// The current row holds a SIN, birth date or card: the names of the
    /// block within reach are people's.
    pub fn personal(&mut self) -> Vec<Pending> {
        let Some(row) = self.last_row else {
            return Vec::new();
        };
        self.personal_row = Some(row);
        std::mem::take(&mut self.pending)
    }

    /// The current row holds the mailbox `owns` says belongs to a name:
    /// the names of the rows just before it whose mailbox it is.
    pub fn mailbox(&mut self, owns: impl Fn(&str) -> bool) -> Vec<Pending> {
        let Some(row) = self.last_row else {
            return Vec::new();
        };
        let (owned, kept) = std::mem::take(&mut self.pending)
            .into_iter()
            .partition(|p| row - p.row <= OWN_FIELDS_ROWS && owns(&p.name.value));
        self.pending = kept;
        owned
    }

    /// A name of the current row that nothing vouches for yet: given back
    /// if a row of the block within reach holds a SIN, birth date or card,
    /// else held.
    pub fn hold(&mut self, pending: Pending) -> Option<Pending> {
        if self
            .personal_row
            .is_some_and(|personal| pending.row - personal <= BLOCK_ROWS)
        {
            return Some(pending);
        }
        self.pending.push(pending);
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use breachscope_core::EntityType;

    fn pending(row: u32, name: &str) -> Pending {
        Pending {
            sheet: "Form".into(),
            row,
            label: "name".into(),
            name: Hit {
                kind: EntityType::PersonName,
                value: name.into(),
                start: 6,
                end: 6 + name.len(),
                score: 0.6,
            },
            location: format!("cell:B{row}").into(),
        }
    }

    fn names(pending: Vec<Pending>) -> Vec<String> {
        pending.into_iter().map(|p| p.name.value).collect()
    }

    #[test]
    fn a_personal_row_after_or_before_the_name_vouches_for_it() {
        let mut block = RowBlock::default();
        assert!(block.enter("Form", 3).is_empty());
        assert!(block.hold(pending(3, "Misty Ward")).is_none());
        assert!(block.enter("Form", 4).is_empty());
        assert_eq!(names(block.personal()), ["Misty Ward"]);
        // Held after the SIN's row: given back at once.
        block.enter("Form", 5);
        assert_eq!(
            names(block.hold(pending(5, "Ngozi Adeyemi")).into_iter().collect()),
            ["Ngozi Adeyemi"]
        );
    }

    #[test]
    fn a_blank_row_another_sheet_or_distance_ends_the_reach() {
        let mut block = RowBlock::default();
        block.enter("Form", 1);
        block.hold(pending(1, "Misty Ward"));
        assert_eq!(names(block.enter("Form", 3)), ["Misty Ward"], "a blank row between");
        block.personal();
        block.enter("Other", 4);
        assert!(block.hold(pending(4, "Autumn Hunt")).is_none(), "another sheet's SIN");
        for row in 5..=12 {
            assert!(block.enter("Other", row).is_empty());
        }
        assert_eq!(names(block.enter("Other", 13)), ["Autumn Hunt"], "nine rows on");
        assert!(block.end().is_empty());
    }

    #[test]
    fn the_names_own_mailbox_on_the_rows_after_it_vouches_for_it() {
        let mut block = RowBlock::default();
        block.enter("Form", 1);
        block.hold(pending(1, "Misty Ward"));
        block.hold(pending(1, "Autumn Hunt"));
        block.enter("Form", 2);
        assert_eq!(names(block.mailbox(|name| name == "Misty Ward")), ["Misty Ward"]);
        block.enter("Form", 3);
        block.enter("Form", 4);
        assert!(block.mailbox(|_| true).is_empty(), "three rows on");
        assert_eq!(names(block.end()), ["Autumn Hunt"]);
    }
}
