//! A given name and a surname labelled apart ("First Name: Marie",
//! "Last Name: Tremblay"), on one line or on lines of their own, in
//! either order.

use super::separators::{field_value, folded_phrase, label_end, label_marks, label_phrase};
use super::vocabulary::{ends_like_a_name_label, part_qualifier, GIVEN_NAME_LABELS, SURNAME_LABELS};
use crate::entities::names::{words, PersonNames};
use crate::entities::{hit, Hit};
use breachscope_core::EntityType;

/// How far from a given name's field its row's and the rows' around it
/// bounds are looked for, in bytes: a form's row is short.
const ROW_REACH: usize = 2048;

impl PersonNames {
    /// A given name labelled alone at `at` (a value's start), its label
    /// qualified by `qualifier`, with the surname labelled after it in its
    /// row or on the next line, else before it in its row or on the line
    /// before: the surname qualified alike ("Shipping First Name" and
    /// "Shipping Last Name"), else one unqualified.
    pub(super) fn given_and_surname(&self, text: &str, at: usize, qualifier: &str, hits: &mut Vec<Hit>) {
        let Some(given) = self.labelled_name_field(text, at) else {
            return;
        };
        let bytes = text.as_bytes();
        // Each line's bound looked for within `ROW_REACH` (one long line
        // of such fields made this quadratic).
        let start_of = |at: usize| {
            let reach = at.saturating_sub(ROW_REACH);
            memchr::memrchr(b'\n', &bytes[reach..at]).map_or(reach, |i| reach + i + 1)
        };
        let end_of = |at: usize| {
            let reach = (at + ROW_REACH).min(text.len());
            memchr::memchr(b'\n', &bytes[at..reach]).map_or(reach, |i| at + i)
        };
        let row_start = start_of(at);
        let row_end = end_of(at);
        let next_end = end_of((row_end + 1).min(text.len()));
        let previous_start = start_of(row_start.saturating_sub(1));
        // The surname among the labels' ends `marks` yields (colons,
        // equals signs, leaders), up to another given name's label
        // (another person's fields): the first whose label's qualifier is
        // the given name's, else the first unqualified.
        let surname_in = |marks: &mut dyn Iterator<Item = usize>| {
            let mut unqualified = None;
            for colon in marks {
                // (A qualified label may end with its qualifier's word:
                // "Nom du conjoint". Those are few: each colon is read.)
                let end = label_end(bytes, colon);
                if qualifier.is_empty()
                    && !ends_like_a_name_label(&bytes[end.saturating_sub(24)..end], &self.surname_label_ends)
                {
                    continue;
                }
                // (Its phrase starts past the given name's value, on a line
                // of fields one space apart: "First Name: Marie Last Name:".)
                let phrase = label_phrase(text, colon, given.1.end);
                match part_qualifier(&phrase, SURNAME_LABELS) {
                    Some(q) if q == qualifier => return self.labelled_name_field(text, colon + 1),
                    Some("") if unqualified.is_none() => unqualified = Some(colon),
                    Some(_) => {}
                    None if part_qualifier(&phrase, GIVEN_NAME_LABELS).is_some() => break,
                    None => {}
                }
            }
            unqualified.and_then(|colon| self.labelled_name_field(text, colon + 1))
        };
        let forward = |from: usize, to: usize| label_marks(bytes, from..to.min(from + ROW_REACH));
        let backward = |from: usize, to: usize| label_marks(bytes, from.max(to.saturating_sub(ROW_REACH))..to).rev();
        // After the given name on its row and on the next line; else
        // before it on its row, then on the line before, nearest first
        // (one long line of such fields is read field by field, not from
        // its start each time). Before it first where the layout puts
        // surnames first: else a list of people would pair each given
        // name with the next person's surname.
        let mark = at.saturating_sub(1);
        let ahead = || surname_in(&mut forward(given.1.end, next_end));
        let behind = || {
            surname_in(&mut backward(row_start, mark)).or_else(|| surname_in(&mut backward(previous_start, row_start)))
        };
        let surname = if self.surname_comes_first(text, mark, given.1.end, row_start..row_end) {
            behind().or_else(ahead)
        } else {
            ahead().or_else(behind)
        };
        let Some((surname, _)) = surname else {
            return;
        };
        self.given_name_and_surname(given, &surname, hits);
    }

    /// Whether a surname's label comes before a given name's in the
    /// layout of the given name whose label ends at `mark` (its value
    /// ending at `value_end`, on the row `row`): as the first part's
    /// label says, of its row if it holds another ("Last Name: Tremblay
    /// First Name: Marie"), else of its block of lines (one field a line,
    /// as French forms write "Nom :" over "Prénom :").
    fn surname_comes_first(&self, text: &str, mark: usize, value_end: usize, row: std::ops::Range<usize>) -> bool {
        let bytes = text.as_bytes();
        // Whether the first part's label in `from..to` is a surname's.
        let first_part = |from: usize, to: usize| {
            label_marks(bytes, from..to).find_map(|mark| {
                let end = label_end(bytes, mark);
                if !ends_like_a_name_label(&bytes[end.saturating_sub(24)..end], &self.header_label_ends) {
                    return None;
                }
                let phrase = label_phrase(text, mark, from);
                match part_qualifier(&phrase, GIVEN_NAME_LABELS) {
                    Some(_) => Some(false),
                    None => part_qualifier(&phrase, SURNAME_LABELS).map(|_| true),
                }
            })
        };
        if let Some(surname_first) = first_part(row.start, mark) {
            return surname_first;
        }
        // Leading its row of fields.
        if first_part(value_end, row.end).is_some() {
            return false;
        }
        let reach = row.start.saturating_sub(ROW_REACH);
        let block_start = [&b"\n\n"[..], b"\n\r\n"]
            .iter()
            .filter_map(|blank| memchr::memmem::rfind(&bytes[reach..row.start], blank))
            .max()
            .map_or(reach, |i| reach + i + 1);
        first_part(block_start, mark).unwrap_or(false)
    }

    /// The person named by a given name's field (its value and where it
    /// is) and a surname's: the labels say it is a given name, so it need
    /// not be a known one; but neither part is a label. Whether it is one.
    pub(super) fn given_name_and_surname(
        &self,
        (given, at): (String, std::ops::Range<usize>),
        surname: &str,
        hits: &mut Vec<Hit>,
    ) -> bool {
        let name = format!("{given} {surname}");
        // A header row repeated over a table's page is no person
        // ("First Name: First Name").
        let a_name = self.no_business_words(&name) && !Self::is_a_name_label(&given) && !Self::is_a_name_label(surname);
        if a_name {
            hits.push(hit(EntityType::PersonName, name, at.start, at.end, 0.7));
        }
        a_name
    }

    /// The one or two words of a name that are the value at `at` (a
    /// given name and a middle name, a surname of two words), capitalized
    /// if printed in capitals ("Nom : TREMBLAY"), and where they are.
    pub(super) fn name_field(&self, text: &str, at: usize) -> Option<(String, std::ops::Range<usize>)> {
        let (value, start) = field_value(text, at);
        if let Some(len) = words::lone_words(value) {
            return Some((value[..len].to_string(), start..start + len));
        }
        let len = words::capitals_lone_words(value)?;
        Some((words::capitalized(&value[..len]), start..start + len))
    }

    /// `name_field` after a label's colon, where the next field's label
    /// may follow on the same line one space apart.
    fn labelled_name_field(&self, text: &str, at: usize) -> Option<(String, std::ops::Range<usize>)> {
        self.name_field(text, at).or_else(|| {
            let (value, start) = field_value(text, at);
            let len = self.words_before_next_label(value)?;
            Some((value[..len].to_string(), start..start + len))
        })
    }

    /// The length of the one or two words of a name that open `value`
    /// when the label of the form's next field follows them on the line,
    /// one space apart ("Marie Last Name: Tremblay", "Mary Ann Last Name:
    /// ...", "Marie DOB: ...", "Marie last_name=Tremblay"): the words
    /// before the longest name label that ends at the next colon (or
    /// equals sign), else before its last word.
    fn words_before_next_label(&self, value: &str) -> Option<usize> {
        let line = &value[..value.find(['\n', '\r']).unwrap_or(value.len())];
        let colon = line.find([':', '='])?;
        // Where each word before the colon starts.
        let bytes = line.as_bytes();
        let starts: Vec<usize> = (0..colon)
            .filter(|&at| bytes[at] != b' ' && (at == 0 || bytes[at - 1] == b' '))
            .collect();
        let label_words = |k: usize| folded_phrase(&line[starts[k]..colon]);
        // (The name labels hold the given names' own.)
        let is_a_label = |phrase: &str| SURNAME_LABELS.contains(&phrase) || self.name_labels.contains(&phrase);
        let last = starts.len().checked_sub(1)?;
        let k = (1..=last.min(2))
            .find(|&k| is_a_label(&label_words(k)))
            .or_else(|| (1..=2).contains(&last).then_some(last))?;
        let end = line[..starts[k]].trim_end().len();
        // Each of its words a name's.
        line[..end]
            .split(' ')
            .all(|word| words::word(word) == Some(word.len()))
            .then_some(end)
    }
}
