//! Sensitive elements in text: candidates found by pattern, then each
//! validated (check digits, issuer ranges, known institutions) and weighed
//! with the context words around it.
//!
//! The search runs in two passes, as in Nosey Parker: one automaton finds
//! the candidates of every digit-made shape in a single read of the text
//! (`shapes`), then each candidate alone is checked (`confirm`). Elements
//! made of words are found by their words: a BIC next to "SWIFT" (`labelled`),
//! a person's name after "Applicant:" or over a phone number (`names`).
//!
//! Types whose bare form is too common to trust (a SIN, a US routing
//! number and a BN are all just nine digits; a BIC is eight capitals; a
//! date of birth is a date) are reported only with a context word nearby.
//! Where candidates overlap, the leftmost wins, and at one place the more
//! specific shape.

mod columns;
mod confirm;
mod interleaved;
mod labelled;
mod names;
mod shapes;

use crate::context::ContextWords;
use crate::dates::FoundDate;
use crate::fold::{fold_context, fold_latin1};
use crate::institutions::Institutions;
use crate::periods::Periods;
use breachscope_core::EntityType;
use columns::HeaderMemo;
use confirm::Confirmed;
pub use names::GenericName;
pub(crate) use names::{has_business_word, is_own_mailbox};
use shapes::Shapes;
use std::sync::OnceLock;

/// A validated sensitive element in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub kind: EntityType,
    /// The normalized value (DESIGN.md's `value` form).
    pub value: String,
    pub start: usize,
    pub end: usize,
    /// 0 to 1: how sure the detector is.
    pub score: f32,
}

impl Hit {
    /// Whether the element is one only a person has (a SIN, a birth
    /// date, a card number): a name beside it is a person's, not a firm's.
    pub(crate) fn is_a_persons_own(&self) -> bool {
        matches!(
            self.kind,
            EntityType::CaSin | EntityType::DateOfBirth | EntityType::PaymentCard
        )
    }
}

/// What a text holds.
#[derive(Debug, Default)]
pub struct Found {
    /// Its sensitive elements, in order of position.
    pub hits: Vec<Hit>,
    /// The days and months it is about (neither a birth date nor part
    /// of an element), in order of position.
    pub dates: Vec<FoundDate>,
    /// The quarters it names with their year ("Q3 2021"), in order of
    /// position: periods, as a half or a fiscal year is, that a report
    /// is about beside its days.
    pub quarters: Vec<FoundDate>,
    /// The names after a generic label ("Name:"), known given name or
    /// not: those not known are a person's if most under their label are
    /// (see `DocumentScan`).
    pub generic_names: Vec<GenericName>,
    /// The byte ranges within reach of its digits and `@`s, where the
    /// periods it names are looked for too (`periods`).
    pub windows: Vec<std::ops::Range<usize>>,
}

/// How far before a candidate context words are looked for, in bytes.
const CONTEXT_BEFORE: usize = 80;
/// How far after a candidate context words are looked for, in bytes.
const CONTEXT_AFTER: usize = 24;
/// How far before a date the words saying it is a birth date may sit.
const BIRTH_LABEL_BEFORE: usize = 32;

/// Finds sensitive elements in text.
#[derive(Debug)]
pub struct EntityScanner {
    context: ContextWords,
    institutions: Institutions,
    shapes: Shapes,
    bank_labels: confirm::BankFieldLabels,
    labelled: labelled::Labelled,
    names: names::PersonNames,
    /// Compiled the first time a text without a day or month is met.
    periods: OnceLock<Periods>,
}

impl Default for EntityScanner {
    fn default() -> Self {
        EntityScanner::new()
    }
}

impl EntityScanner {
    /// Compiles every detector.
    pub fn new() -> EntityScanner {
        EntityScanner {
            context: ContextWords::builtin(),
            institutions: Institutions::builtin(),
            shapes: Shapes::new(),
            bank_labels: confirm::BankFieldLabels::new(),
            labelled: labelled::Labelled::new(),
            names: names::PersonNames::new(),
            periods: OnceLock::new(),
        }
    }

    /// Every sensitive element in `text`, the dates it is about, and the
    /// names only a column can vouch for. Digit-made elements (and e-mail
    /// addresses) are only looked for in windows around the digits and
    /// `@`s, so that prose is not read by the automaton at all.
    pub fn scan(&self, text: &str) -> Found {
        let mut hits = Vec::new();
        let mut dates = Vec::new();
        let mut at = 0;
        // Made at the first failed candidate: most texts have none.
        let mut others = None;
        // Word-made elements and quarters found near the digits.
        let (mut worded, mut quarters) = (Vec::new(), Vec::new());
        let windows = hot_windows(text);
        let headers = HeaderMemo::default();
        for window in windows.iter().cloned() {
            self.labelled
                .near_digits(self, text, window.clone(), &mut worded, &mut quarters);
            at = at.max(window.start);
            while at < window.end {
                let Some((shape, span)) = self.shapes.next(text, at, window.end) else {
                    break;
                };
                let start = span.start;
                let confirmed = self.confirm(shape, text, span, &headers).or_else(|| {
                    self.shapes
                        .others_at(
                            text,
                            start,
                            window.end,
                            shape,
                            others.get_or_insert_with(|| self.shapes.pattern_set()),
                        )
                        .find_map(|other| {
                            self.confirm(other, text, self.shapes.span(other, text, start, window.end)?, &headers)
                        })
                });
                at = match confirmed {
                    Some(Confirmed::Element(hit)) => {
                        let end = hit.end;
                        hits.push(hit);
                        end
                    }
                    Some(Confirmed::Date(date)) => {
                        dates.push(date);
                        date.end
                    }
                    None => start,
                }
                .max(ceil_boundary(text, start + 1));
            }
        }
        quarters.sort_by_key(|d: &FoundDate| d.start);
        let mut generic_names = Vec::new();
        self.labelled.bics(self, text, &headers, &mut worded);
        // Their name columns, where a value's label has had them found.
        let tables = headers.interleaved_found();
        self.names.find(text, &hits, tables, &mut worded, &mut generic_names);
        Found {
            hits: resolve_overlaps(hits, worded),
            dates,
            quarters,
            generic_names,
            windows,
        }
    }

    /// The name of an individual the master list knows, as `text[span]`
    /// (where the list's matcher found it) writes it, if it writes it as
    /// a person's name: the value a name found any other way there would
    /// have.
    pub fn listed_person(&self, text: &str, span: std::ops::Range<usize>) -> Option<String> {
        self.names.listed_person(text, span)
    }

    /// The periods `text` names with a year alone (fiscal years, seasons,
    /// spans of years: see `periods`), in order of position: looked for
    /// in the `windows` around its digits that `scan` found.
    pub fn periods(&self, text: &str, windows: &[std::ops::Range<usize>]) -> Vec<FoundDate> {
        let periods = self.periods.get_or_init(Periods::new);
        let mut found = Vec::new();
        for window in windows {
            periods.find_in(text, window.clone(), &mut found);
        }
        found
    }

    /// Whether a context word of `kind` sits just before or just after
    /// `start..end`, or heads its column in a table laid out in columns.
    fn has_context(&self, kind: EntityType, text: &str, start: usize, end: usize, headers: &HeaderMemo) -> bool {
        let from = floor_boundary(text, start.saturating_sub(CONTEXT_BEFORE));
        let to = ceil_boundary(text, (end + CONTEXT_AFTER).min(text.len()));
        with_folded(&[&text[from..start], &text[end..to]], |window| {
            self.context.supports(kind, window)
        }) || self.header_says(kind, text, start, end, headers)
    }

    /// Whether `start..end` heads a column of a table laid out as text
    /// whose header names `kind`.
    fn header_says(&self, kind: EntityType, text: &str, start: usize, end: usize, headers: &HeaderMemo) -> bool {
        columns::header_above(text, start, end, headers)
            .is_some_and(|header| with_folded(&[header], |header| self.context.supports(kind, header)))
    }

    /// Whether the words just before `start`, back to the line's start or
    /// the number before, say `kind`: the label of the element itself.
    /// A number alone on its line (a table cell's, as a document's table
    /// is read: "Téléphone :" over it) has the line before as its label.
    fn own_label_says(&self, kind: EntityType, text: &str, start: usize) -> bool {
        with_folded(&[own_label(text, start)], |label| self.context.supports(kind, label))
    }

    /// Whether the label just before `start` (its own, as `own_label_says`
    /// reads it) holds one of `words` (folded) as a word of its own.
    fn own_label_holds(&self, text: &str, start: usize, words: &[&str]) -> bool {
        with_folded(&[own_label(text, start)], |label| {
            label
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|word| words.contains(&word))
        })
    }

    /// Whether the date at `start..end` is labelled as a date of birth.
    /// Only the words just before it count, so that a birth date and a
    /// signature date on one line stay apart; or, in a table laid out in
    /// columns, the header over it.
    fn is_birth_date(&self, text: &str, start: usize, end: usize, headers: &HeaderMemo) -> bool {
        // Back to the number before, if any: the label of a birth date on
        // the line above is not this date's ("DOB: 04/03/1985\nSigned
        // 04/28/2022").
        let reach = floor_boundary(text, start.saturating_sub(BIRTH_LABEL_BEFORE));
        let from = text.as_bytes()[reach..start]
            .iter()
            .rposition(u8::is_ascii_digit)
            .map_or(reach, |i| reach + i + 1);
        let birth = |label: &str| {
            with_folded(&[label], |label| {
                self.context.supports(EntityType::DateOfBirth, label) && !ends_with_a_bound(label)
            })
        };
        birth(&text[from..start]) || columns::header_above(text, start, end, headers).is_some_and(birth)
    }
}

/// Words that make the date after them a bound, not someone's birth date:
/// "born before January 2, 1936" is a rule in a form's instructions.
const BOUND_WORDS: &[&str] = &["before", "after", "prior to", "until", "avant", "apres", "jusqu'au"];

/// Whether folded `before` ends with a bound word.
fn ends_with_a_bound(before: &str) -> bool {
    let before = before.trim_end();
    BOUND_WORDS.iter().any(|word| {
        before
            .strip_suffix(word)
            .is_some_and(|rest| !rest.ends_with(|c: char| c.is_alphanumeric()))
    })
}

/// Calls `f` with `parts` folded by `fold_context` and joined by line
/// breaks (so that no word runs from one into the next). Windows around
/// candidates are short and nearly always ASCII or French: those are
/// folded on the stack, as a candidate's context is weighed a million
/// times in a large customer export.
fn with_folded<T>(parts: &[&str], f: impl FnOnce(&str) -> T) -> T {
    const STACK: usize = 128;
    let mut buf = [b'\n'; STACK];
    let mut at = 0;
    let on_stack = parts.iter().all(|part| {
        if part.is_ascii() {
            let Some(slots) = buf.get_mut(at..at + part.len()) else {
                return false;
            };
            for (slot, b) in slots.iter_mut().zip(part.bytes()) {
                *slot = b.to_ascii_lowercase();
            }
            at += part.len() + 1;
            return true;
        }
        for c in part.chars() {
            match (fold_latin1(c), buf.get_mut(at)) {
                (Some(b), Some(slot)) => *slot = b,
                _ => return false,
            }
            at += 1;
        }
        at += 1;
        true
    });
    if on_stack && at <= STACK {
        return f(std::str::from_utf8(&buf[..at.saturating_sub(1)]).expect("ASCII"));
    }
    let folded: Vec<String> = parts.iter().map(|p| fold_context(p)).collect();
    f(&folded.join("\n"))
}

/// How far before a digit a candidate may start: the longest label
/// before a number ("Numéro d'établissement : "), the month before a day,
/// an IBAN's letters.
const DIGIT_PAD_BEFORE: usize = 48;
/// How far after its last digit a candidate may end: a closing
/// parenthesis, or the letters closing an IBAN (`... 1497 USD`).
const DIGIT_PAD_AFTER: usize = 16;
/// How far from an `@` an e-mail address may start or end: a local part
/// (64 at most) before it, a common domain after it.
const EMAIL_PAD: usize = 128;
/// Bytes tested at a time for digits and `@`.
const HOT_BLOCK: usize = 64;

/// The words just before `start`, back to the line's start or the number
/// before: the label of the element at `start`; for a number alone on its
/// line (a table's cell under its label's), the line before.
fn own_label(text: &str, start: usize) -> &str {
    let from = floor_boundary(text, start.saturating_sub(CONTEXT_BEFORE));
    let bytes = text.as_bytes();
    let label_start = |end: usize| {
        bytes[from..end]
            .iter()
            .rposition(|b| b.is_ascii_digit() || *b == b'\n')
            .map_or(from, |i| from + i + 1)
    };
    let mut label = label_start(start);
    if label > from && bytes[label - 1] == b'\n' && bytes[label..start].iter().all(u8::is_ascii_whitespace) {
        label = label_start(label - 1);
    }
    &text[label..start]
}

/// Whether the label of the element at `start` names a date ("Date:",
/// "Invoice date", "Dated", "Date de facture :").
fn labelled_as_a_date(text: &str, start: usize) -> bool {
    with_folded(&[own_label(text, start)], |label| {
        label
            .split(|c: char| !c.is_alphanumeric())
            .any(|word| matches!(word, "date" | "dated" | "dates"))
    })
}

/// The byte ranges of `text` within reach of a digit or `@`, merged, on
/// character boundaries.
fn hot_windows(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut windows: Vec<std::ops::Range<usize>> = Vec::new();
    // Blocks without a digit or `@` (most of prose) are skipped whole; the
    // test over a block has no early exit, so it vectorizes. Two pads
    // span a block, so a block's hot bytes all fall in one window: only
    // its first and last count.
    const _: () = assert!(DIGIT_PAD_BEFORE + DIGIT_PAD_AFTER >= HOT_BLOCK);
    for (block_index, block) in bytes.chunks(HOT_BLOCK).enumerate() {
        if !block.iter().fold(false, |any, &b| any | is_hot(b)) {
            continue;
        }
        let (before, after) = if block.contains(&b'@') {
            (EMAIL_PAD, EMAIL_PAD)
        } else {
            (DIGIT_PAD_BEFORE, DIGIT_PAD_AFTER)
        };
        let base = block_index * HOT_BLOCK;
        let (first, last) = first_and_last_hot(block);
        let from = (base + first).saturating_sub(before);
        let to = (base + last + 1 + after).min(text.len());
        // An `@`'s wider pad may reach back over earlier windows.
        let mut window = from..to;
        while let Some(last) = windows.last().filter(|last| window.start <= last.end) {
            window = window.start.min(last.start)..window.end.max(last.end);
            windows.pop();
        }
        windows.push(window);
    }
    windows
        .into_iter()
        .map(|w| floor_boundary(text, w.start)..ceil_boundary(text, w.end))
        .collect()
}

/// Whether `b` is a digit or `@`.
fn is_hot(b: u8) -> bool {
    (b.wrapping_sub(b'0') < 10) | (b == b'@')
}

/// Where the first and the last digit or `@` of `block` (which holds one)
/// are. Eight bytes are tested at a time (SWAR): byte by byte, this was a
/// sixth of the time on correspondence, where a block in two holds a
/// figure.
fn first_and_last_hot(block: &[u8]) -> (usize, usize) {
    let (words, tail) = block.as_chunks::<8>();
    let hot_in = |word: &[u8; 8]| hot_bytes(u64::from_le_bytes(*word));
    let first = words
        .iter()
        .enumerate()
        .find_map(|(i, w)| Some(8 * i + lowest_flagged(hot_in(w))?))
        .or_else(|| Some(8 * words.len() + tail.iter().position(|&b| is_hot(b))?))
        .unwrap_or(0);
    let last = tail
        .iter()
        .rposition(|&b| is_hot(b))
        .map(|i| 8 * words.len() + i)
        .or_else(|| {
            words
                .iter()
                .enumerate()
                .rev()
                .find_map(|(i, w)| Some(8 * i + highest_flagged(hot_in(w))?))
        })
        .unwrap_or(0);
    (first, last)
}

/// The high bit of each byte of `word` that is an ASCII digit or `@`,
/// exactly (no borrow crosses bytes: each byte's high bit is set before
/// subtracting).
fn hot_bytes(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Digits become 0 to 9; a byte is below 10 if subtracting 10 from it
    // with its high bit set clears that bit, and it had no high bit.
    let digit = word ^ (b'0' as u64 * ONES);
    let below_ten = !((digit | HIGH).wrapping_sub(10 * ONES)) & !digit & HIGH;
    // `@` becomes 0: a byte is zero if adding 0x7f to its low bits does not
    // carry into its high bit and it had none.
    let at = word ^ (b'@' as u64 * ONES);
    let zero = !(((at & !HIGH).wrapping_add(!HIGH)) | at) & HIGH;
    below_ten | zero
}

/// Where the first flagged byte of a `hot_bytes` word is.
fn lowest_flagged(flags: u64) -> Option<usize> {
    (flags != 0).then(|| flags.trailing_zeros() as usize / 8)
}

/// Where the last flagged byte of a `hot_bytes` word is.
fn highest_flagged(flags: u64) -> Option<usize> {
    (flags != 0).then(|| (63 - flags.leading_zeros() as usize) / 8)
}

fn hit(kind: EntityType, value: String, start: usize, end: usize, score: f32) -> Hit {
    Hit {
        kind,
        value,
        start,
        end,
        score,
    }
}

/// Whether `span` overlaps one of `hits`, which are in order and apart
/// (as `EntityScanner::scan` gives them): found by binary search.
pub(crate) fn overlaps_one_of(hits: &[Hit], span: std::ops::Range<usize>) -> bool {
    let next = hits.partition_point(|hit| hit.end <= span.start);
    hits.get(next).is_some_and(|hit| hit.start < span.end)
}

/// Keeps, among overlapping hits, the one found first: the digit-made
/// candidates (leftmost first), then the word-made elements in the order
/// found; the result ordered by position.
fn resolve_overlaps(candidates: Vec<Hit>, worded: Vec<Hit>) -> Vec<Hit> {
    let ordered_apart = |hits: &[Hit]| hits.windows(2).all(|pair| pair[0].end <= pair[1].start);
    if !ordered_apart(&candidates) {
        // A candidate reached back over an earlier one (labelled bank
        // fields): the general case.
        return keep_first_found(candidates.into_iter().chain(worded));
    }
    // The common case: candidates in order and apart, each word-made hit
    // checked against them by binary search and against the word-made
    // hits kept before it.
    let worded = keep_first_found(
        worded
            .into_iter()
            .filter(|h| !overlaps_one_of(&candidates, h.start..h.end)),
    );
    if worded.is_empty() {
        return candidates;
    }
    let mut merged = Vec::with_capacity(candidates.len() + worded.len());
    let mut worded = worded.into_iter().peekable();
    for candidate in candidates {
        while let Some(w) = worded.next_if(|w| w.start < candidate.start) {
            merged.push(w);
        }
        merged.push(candidate);
    }
    merged.extend(worded);
    merged
}

/// Keeps each hit that overlaps none kept before it, then orders them by
/// position. Kept spans live in an ordered map, so each check is a
/// lookup, not a pass over everything kept.
fn keep_first_found(hits: impl Iterator<Item = Hit>) -> Vec<Hit> {
    let mut spans: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let mut kept: Vec<Hit> = Vec::new();
    for h in hits {
        let before = spans
            .range(..=h.start)
            .next_back()
            .is_some_and(|(_, &end)| end > h.start);
        let after = spans.range(h.start..h.end.max(h.start + 1)).next().is_some();
        if !before && !after {
            spans.insert(h.start, h.end);
            kept.push(h);
        }
    }
    kept.sort_by_key(|h| h.start);
    kept
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests;
