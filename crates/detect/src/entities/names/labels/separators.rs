//! Where a label ends and its value starts: a colon, an equals sign, a
//! leader of dots or a dash after the label, a note in brackets closing
//! it, a quote opening the value, a rule the value is written over.

use super::tables::LINE_REACH;
use crate::entities::{ceil_boundary, floor_boundary};
use crate::fold::fold_context;

/// The label before the colon at `colon`, folded, its words apart as a
/// database's column names join them (`first_name`): its own phrase, not
/// the cell, field or line before it ("Customer ID: C-1001<TAB>Full Name:"
/// is no customer's name), and not before `from` if it falls within it
/// (the end of a value read on its line: "First Name: Marie Last Name:").
pub(super) fn label_phrase(text: &str, colon: usize, from: usize) -> String {
    let end = label_end(text.as_bytes(), colon);
    let start = phrase_start(text, end);
    folded_phrase(&text[if (start..end).contains(&from) { from } else { start }..end])
}

/// Where the phrase before the colon at `colon` starts: past the cell,
/// field or line before it (a fixed-width form's fields are two spaces
/// apart: "Thi Minh    Last name:"), or past what opens a quoted key
/// (`{"name`, `record = {'first_name`), 40 bytes back at most.
pub(super) fn phrase_start(text: &str, colon: usize) -> usize {
    let from = floor_boundary(text, colon.saturating_sub(40));
    let before = &text.as_bytes()[from..colon];
    // (By hand, one pass back: every colon of a record is read so.)
    let words_end = before.trim_ascii_end().len();
    (0..before.len())
        .rev()
        .find(|&i| {
            matches!(
                before[i],
                b':' | b'\t' | b'\n' | b'\r' | b'|' | b';' | b',' | b'{' | b'[' | b'=' | b'"'
            ) || (i < words_end && i > 0 && before[i] == b' ' && before[i - 1] == b' ')
        })
        .map_or(from, |i| from + i + 1)
}

/// The fewest underscores of a rule a signature or a field is written on.
const RULE_UNDERSCORES: usize = 5;

/// Whether the line before the one at `line_start` ends with an
/// underscore, before its line break: whether a rule may be over it. The
/// first test of every line of a text (see `PersonNames::find`), on one
/// byte or two.
#[inline(always)]
pub(in crate::entities::names) fn follows_an_underscore(bytes: &[u8], line_start: usize) -> bool {
    let last = line_start.wrapping_sub(2);
    match bytes.get(last) {
        Some(b'_') => true,
        Some(b'\r') => bytes.get(last.wrapping_sub(1)) == Some(&b'_'),
        _ => false,
    }
}

/// Where the line before the one at `line_start` starts, if it is a rule:
/// underscores (`RULE_UNDERSCORES` at least), with spaces between the
/// rules of columns.
pub(super) fn rule_before(bytes: &[u8], line_start: usize) -> Option<usize> {
    if !follows_an_underscore(bytes, line_start) {
        return None;
    }
    let line_break = line_start - 1;
    let end = line_break - usize::from(bytes[line_break - 1] == b'\r');
    let reach = end.saturating_sub(LINE_REACH);
    let start = memchr::memrchr(b'\n', &bytes[reach..end]).map_or(reach, |i| reach + i + 1);
    let rule = &bytes[start..end];
    let a_rule = rule.iter().filter(|&&b| b == b'_').count() >= RULE_UNDERSCORES
        && rule.iter().all(|b| matches!(b, b'_' | b' ' | b'\t'));
    a_rule.then_some(start)
}

/// How far back a note in brackets closing a label is looked for, in
/// bytes.
const LABEL_NOTE: usize = 48;

/// Where the label before the separator that ends at `mark` (a colon,
/// an equals sign, a leader's last dot, a dash's last byte) ends: before
/// the quote that closes a quoted key, as JSON, YAML and a program's dump
/// write one (`"name": `, `'first_name': `); before a note in brackets
/// that closes it, as forms explain a field ("Name (as it appears on
/// card):", "Full legal name (please print):"); else at the separator.
#[inline(always)]
pub(super) fn label_end(bytes: &[u8], mark: usize) -> usize {
    let colon = match bytes.get(mark) {
        Some(b'.') => leader_start(bytes, mark),
        // A dash's last byte.
        Some(byte) if DASH_ENDS.contains(byte) => mark.saturating_sub(DASH_OPENING.len()),
        _ => mark,
    };
    let before = bytes[..colon].trim_ascii_end();
    match before.last() {
        Some(b'"' | b'\'') => before.len() - 1,
        Some(b')') => {
            let from = before.len().saturating_sub(LABEL_NOTE);
            memchr::memrchr2(b'(', b'\n', &before[from..before.len() - 1])
                .filter(|&at| before[from + at] == b'(')
                .map_or(colon, |at| from + at)
        }
        _ => colon,
    }
}

/// The bytes of the dashes (en and em, U+2013 and U+2014) a label is set
/// apart from its value with, as a word processor makes one of a typed
/// hyphen ("Contact – Marie Tremblay"; not a hyphen, which is in every
/// date and phone number of a record): their first two, and the last of
/// each.
pub(super) const DASH_OPENING: &[u8] = b"\xE2\x80";
pub(super) const DASH_ENDS: [u8; 2] = [0x93, 0x94];

/// The fewest dots of a leader: the row of dots that leads a label to its
/// value where a form or a report is printed to text ("Name ..........
/// Marie Tremblay").
const LEADER_DOTS: usize = 3;

/// Where the run of dots (and single spaces between dots) that ends with
/// the dot at `last` starts.
fn leader_start(bytes: &[u8], last: usize) -> usize {
    let mut start = last;
    while start > 0 {
        match bytes[start - 1] {
            b'.' => start -= 1,
            b' ' if start >= 2 && bytes[start - 2] == b'.' => start -= 2,
            _ => break,
        }
    }
    start
}

/// The last dot of each leader in `bytes` (a run of at least
/// `LEADER_DOTS` dots, or of dots one space apart past its first two),
/// once per run.
pub(super) fn leader_ends(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    // (Leaders one space apart from their first dot, ". . . .", are not
    // looked for: ". ." is at every sentence's end, and finding them
    // would cost as much again as finding these.)
    let mut run_end = 0;
    memchr::memmem::find_iter(bytes, b"..").filter_map(move |first| {
        if first < run_end {
            return None;
        }
        let (mut last, mut dots) = (first, 1);
        loop {
            match (bytes.get(last + 1), bytes.get(last + 2)) {
                (Some(b'.'), _) => last += 1,
                (Some(b' '), Some(b'.')) => last += 2,
                _ => break,
            }
            dots += 1;
        }
        run_end = last + 1;
        (dots >= LEADER_DOTS).then_some(last)
    })
}

/// Where each field's label in `bytes[range]` ends (see `is_label_mark`),
/// in order; none in an empty or a reversed range (a value read over a
/// rule starts its line: the row before it ends before it).
pub(super) fn label_marks(bytes: &[u8], range: std::ops::Range<usize>) -> impl DoubleEndedIterator<Item = usize> + '_ {
    memchr::memchr3_iter(b':', b'=', b'.', bytes.get(range.clone()).unwrap_or_default())
        .map(move |mark| range.start + mark)
        .filter(|&mark| is_label_mark(bytes, mark))
}

/// Whether the byte at `at` ends a field's label: a colon, an equals sign
/// (`first_name=Marie`, as logs and settings write a field), or a
/// leader's last dot.
fn is_label_mark(bytes: &[u8], at: usize) -> bool {
    match bytes[at] {
        b':' | b'=' => true,
        b'.' => {
            let run_goes_on = matches!(
                (bytes.get(at + 1), bytes.get(at + 2)),
                (Some(b'.'), _) | (Some(b' '), Some(b'.'))
            );
            !run_goes_on
                && bytes[leader_start(bytes, at)..at]
                    .iter()
                    .filter(|&&b| b == b'.')
                    .count()
                    >= LEADER_DOTS - 1
        }
        _ => false,
    }
}

/// `value` past the leader of dots that opens it, if any ("Name:
/// ........ Marie Tremblay"), and the spaces after it.
pub(super) fn past_leader(value: &str) -> &str {
    let rest = value.trim_start_matches(['.', ' ']);
    let dots = value[..value.len() - rest.len()].bytes().filter(|&b| b == b'.').count();
    if dots >= LEADER_DOTS {
        rest.trim_start_matches('\t')
    } else {
        value
    }
}

/// `value` past the quote that opens a quoted value (`"Marie Tremblay"`,
/// `'Marie'`, « Marie Tremblay »), and the spaces after it.
pub(super) fn past_quote(value: &str) -> &str {
    value
        .strip_prefix(['"', '\'', '“', '«'])
        .map_or(value, |quoted| quoted.trim_start_matches(' '))
}

/// The text of a field's value at `at` (past spaces and a quote, 64 bytes
/// at most) and where it starts.
pub(super) fn field_value(text: &str, at: usize) -> (&str, usize) {
    let end = ceil_boundary(text, (at + 64).min(text.len()));
    let rest = &text[at..end];
    let start = at + rest.len() - past_quote(past_leader(rest.trim_start_matches([' ', '\t']))).len();
    (&text[start..end], start)
}

/// A header cell (trimmed) without the note in brackets that closes it
/// ("Name (Last, First)"): its label.
#[inline]
pub(super) fn without_note(cell: &str) -> &str {
    if !cell.ends_with(')') {
        return cell;
    }
    cell[..label_end(cell.as_bytes(), cell.len())].trim_end()
}

/// A label's phrase folded, its words apart (a quoted key's opening
/// quote dropped; of a bilingual label, its last alternative).
pub(super) fn folded_phrase(phrase: &str) -> String {
    let folded = fold_context(last_alternative(phrase).trim_start_matches(['\'', '"']));
    if folded.contains('_') {
        folded.replace('_', " ")
    } else {
        folded
    }
}

/// The last of a bilingual label's alternatives, as Canadian forms write
/// them ("Given name / Prénom", "Nom / Name"), or the whole label.
pub(super) fn last_alternative(label: &str) -> &str {
    label.rsplit('/').next().unwrap_or(label).trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaders_are_found_once_each_at_their_last_dot() {
        let text = "Name....... Marie\nTel. 555\nNom .. . . Jean\nEnd..\n...";
        let ends: Vec<usize> = leader_ends(text.as_bytes()).collect();
        let last = |of: &str| text.find(of).unwrap() + of.len() - 1;
        assert_eq!(ends, [last("Name......."), last("Nom .. . ."), text.len() - 1]);
        assert_eq!(
            label_end(text.as_bytes(), ends[0]),
            4,
            "the label ends where its leader starts"
        );
        assert!(is_label_mark(text.as_bytes(), ends[1]));
        assert!(!is_label_mark(text.as_bytes(), last("Tel.")));
        assert!(!is_label_mark(text.as_bytes(), last("End..")), "two dots are no leader");
        assert_eq!(past_leader("........ Marie"), "Marie");
        assert_eq!(past_leader(".. Marie"), ".. Marie");
    }

    #[test]
    fn a_label_s_phrase_is_its_own_field_s() {
        let text = "Thi Minh    Last name: Nguyen";
        assert_eq!(label_phrase(text, text.find(':').unwrap(), 0), "last name");
        let text = "Customer ID: C-1001\tFull Name: Marie";
        assert_eq!(label_phrase(text, text.rfind(':').unwrap(), 0), "full name");
        let text = "Nom du client : Marie";
        assert_eq!(label_phrase(text, text.find(':').unwrap(), 0), "nom du client");
    }
}
