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
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, String)> {
        EntityScanner::new()
            .scan(text)
            .hits
            .into_iter()
            .map(|h| (h.kind.name().to_string(), h.value))
            .collect()
    }

    fn has(text: &str, kind: &str, value: &str) -> bool {
        found(text).iter().any(|(k, v)| k == kind && v == value)
    }

    /// Whether `text` holds no person's name.
    fn names_nobody(text: &str) -> bool {
        !found(text).iter().any(|(kind, _)| kind == "person_name")
    }

    /// The dates `text` is about, as found, in order.
    fn dates(text: &str) -> Vec<String> {
        EntityScanner::new()
            .scan(text)
            .dates
            .iter()
            .map(|d| d.date.to_string())
            .collect()
    }

    /// The person names found in `text`, in the order they are found.
    fn person_names(text: &str) -> Vec<String> {
        found(text)
            .into_iter()
            .filter_map(|(kind, value)| (kind == "person_name").then_some(value))
            .collect()
    }

    #[test]
    fn hot_bytes_are_found_eight_at_a_time_as_one_at_a_time() {
        // Every byte value at every place of a block, among others that
        // are not hot (and, for a high bit's borrow, among bytes that are).
        for filler in [b'a', 0xff, 0x80, b'/', b':'] {
            for place in 0..HOT_BLOCK {
                for value in 0..=255u8 {
                    let mut block = [filler; HOT_BLOCK];
                    block[place] = value;
                    block[(place + 37) % HOT_BLOCK] = if value % 2 == 0 { b'7' } else { filler };
                    let hot: Vec<usize> = (0..HOT_BLOCK).filter(|&i| is_hot(block[i])).collect();
                    if let (Some(&first), Some(&last)) = (hot.first(), hot.last()) {
                        assert_eq!(first_and_last_hot(&block), (first, last), "{block:?}");
                    }
                }
            }
        }
        // A short last block, its tail past the last whole word.
        assert_eq!(first_and_last_hot(b"abcdefghij5"), (10, 10));
        assert_eq!(first_and_last_hot(b"a1cdefghij5x"), (1, 10));
    }

    #[test]
    fn sin_needs_context_and_luhn() {
        assert!(has("SIN: 130 692 544", "ca_sin", "130692544"));
        assert!(
            has("ssn: 130 692 544", "ca_sin", "130692544"),
            "as generators and US-made forms label it"
        );
        assert!(found("SSN: 130-69-2544").is_empty(), "a US SSN's grouping");
        assert!(has("Soc. Ins. No.: 130 692 544", "ca_sin", "130692544"));
        assert!(has(
            "Numéro d'assurance sociale (NAS) : 130-692-544",
            "ca_sin",
            "130692544"
        ));
        assert!(found("Order 130692544 shipped").is_empty());
        assert!(found("SIN: 130 692 545").is_empty());
        assert!(found("SIN: 046 454 286").is_empty());
        assert!(found("SIN: 130-692 544").is_empty(), "mixed separators");
        assert!(has("SIN: 130.692.544", "ca_sin", "130692544"), "apart by dots");
        assert!(has("NAS : 130.692.544\nNom : Roy", "ca_sin", "130692544"));
        assert!(
            found("NAS de l'employé ci-dessus.\nMontant : 130.692.544 €").is_empty(),
            "dotted, a number is an amount unless its own label says otherwise"
        );
        assert!(found("SIN: 130.692 544").is_empty(), "mixed separators");
    }

    #[test]
    fn cards() {
        assert!(has(
            "Visa 4556 7375 8689 9855 exp 04/25",
            "payment_card",
            "4556737586899855"
        ));
        assert!(has("Amex 3742 454554 00126", "payment_card", "374245455400126"));
        assert!(has("Diners 3600 666633 3344", "payment_card", "36006666333344"));
        assert!(has(
            "Visa 4000 0012 3456 7899 992",
            "payment_card",
            "4000001234567899992"
        ));
        assert!(
            has(
                "Visa 4556 7375 8689 9855 123 exp 04/25",
                "payment_card",
                "4556737586899855"
            ),
            "a card, then its CVV"
        );
        assert!(!has("Card 4111 1111 1111 1111", "payment_card", "4111111111111111"));
        assert!(has("Visa 4556.7375.8689.9855", "payment_card", "4556737586899855"));
        assert!(found("Ref 4556737586899856").is_empty());
        assert!(found("ratio 0.4556737586899855").is_empty(), "decimals are not cards");
    }

    #[test]
    fn short_cards_written_together_need_a_card_word() {
        // A 13-digit Visa, a 12-digit Maestro and a 14-digit Diners Club
        // number, Luhn-valid: as often a barcode or a reference.
        for text in [
            "EAN\n4159881785042",
            "Ticket 567567267974 opened",
            "GTIN: 36006666333344",
        ] {
            assert!(found(text).is_empty(), "{text}");
        }
        assert!(has("Visa 4159881785042 exp 04/27", "payment_card", "4159881785042"));
        assert!(has(
            "Maestro\nMarie Roy\n567567267974 05/27",
            "payment_card",
            "567567267974"
        ));
        assert!(has("Carte : 36006666333344", "payment_card", "36006666333344"));
        // A card's expiry after it is no group of it.
        assert!(has("Visa\n4159881785042 04/27", "payment_card", "4159881785042"));
    }

    #[test]
    fn cards_of_issuers_missing_from_the_tables_need_their_label() {
        // Luhn-valid, 35 then 14 digits (JCB's range is 3528 to 3589),
        // and a 12-digit number starting 0604.
        for (text, digits) in [
            ("Card: 3518 6484 3773 7062  exp 01/36", "3518648437737062"),
            ("Credit card: 3514990824090455", "3514990824090455"),
            ("Numéro de carte : 060477259646  exp 08/28", "060477259646"),
        ] {
            assert!(has(text, "payment_card", digits), "{text}");
        }
        assert!(found("Shipment 3518 6484 3773 7062").is_empty(), "unlabelled");
        assert!(
            found("Card: 3518 6484 3773 7063").is_empty(),
            "a label does not make a failed Luhn a card"
        );
    }

    #[test]
    fn a_number_is_what_its_own_label_says() {
        let text = "SIN #: 305 307 118\nRouting number: 128346251\n";
        assert!(has(text, "ca_sin", "305307118"));
        assert!(has(text, "us_aba_routing", "128346251"), "{:?}", found(text));
        assert!(!has(text, "ca_sin", "128346251"), "the SIN's label is the line over");
    }

    #[test]
    fn a_routing_number_takes_no_account_past_another_number() {
        let text = "Routing number: 035201654\nVisa/MC #: 30089774330358  exp 05/36\n\
                    Bank account: 083708627 498208594820\n";
        let read = found(text);
        let has = |kind: &str, value: &str| read.iter().any(|(k, v)| k == kind && v == value);
        assert!(has("us_aba_routing", "035201654"), "{read:?}");
        assert!(has("payment_card", "30089774330358"), "{read:?}");
        assert!(has("ca_bank_account", "837-08627-498208594820"), "{read:?}");
        assert!(!read.iter().any(|(_, v)| v.starts_with("352-")), "{read:?}");
        // Nor the route on the next line, written with its own account.
        assert_eq!(
            found("Routing number: 032845628\nBank account: 001696044 323238107853\n"),
            [
                ("us_aba_routing".to_string(), "032845628".to_string()),
                ("ca_bank_account".to_string(), "016-96044-323238107853".to_string())
            ]
        );
        // However far the account's line is.
        let far = "Routing number: 070403556. Consequatur voluptate ut labore possimus aperiam.\n\
                   Bank account: 004-26187-9562198. Laborum.";
        assert_eq!(
            found(far),
            [
                ("us_aba_routing".to_string(), "070403556".to_string()),
                ("ca_bank_account".to_string(), "004-26187-9562198".to_string())
            ]
        );
        assert_eq!(
            found("Routing number: 082812436\nBank account: 030-10749-9475811865\n"),
            [
                ("us_aba_routing".to_string(), "082812436".to_string()),
                ("ca_bank_account".to_string(), "030-10749-9475811865".to_string())
            ]
        );
    }

    #[test]
    fn bank_accounts_in_every_form() {
        let want = "003-12345-1234567";
        assert!(has("Bank account: 003-12345-1234567", "ca_bank_account", want));
        assert!(
            has(
                "Numéro de transit : 30001 Institution : 815 Folio : 1234567",
                "ca_bank_account",
                "815-30001-1234567"
            ),
            "Desjardins calls the account a folio"
        );
        // And the transit its caisse's number; a form's note in brackets
        // after a label.
        for form in [
            "Caisse : 30001   Folio : 1234567   Institution : 815",
            "Numéro d'institution : 815\nNuméro de transit (caisse) : 30001\nNuméro de folio : 1234567",
            "Institution number (3 digits): 815\nTransit number (5 digits): 30001\nAccount number (7-12 digits): 1234567",
            // Leaders of dots, as a form printed to text draws them.
            "Transit No.......... 30001\nInstitution ......... 815\nAccount: . . . . . 1234567",
        ] {
            assert!(has(form, "ca_bank_account", "815-30001-1234567"), "{form}: {:?}", found(form));
        }
        assert!(has("EFT routing 000312345 account 1234567", "ca_bank_account", want));
        assert!(has("FI: 003\tBranch: 12345\tAccount: 1234567", "ca_bank_account", want));
        assert!(has(
            "Institution: 0003\tTransit: 12345\tAccount: 1234567",
            "ca_bank_account",
            want
        ));
        // A spreadsheet's numbers stripped of their leading zeros, each a
        // cell of its own, in a row or a CSV line.
        assert!(has(
            "Name: Maple Ridge\tTransit: 12345\tInstitution: 3\tAccount: 1234567\tAmount: 1250.5",
            "ca_bank_account",
            want
        ));
        assert!(has(
            "Institution: 2\tTransit: 1530\tAccount: 98765432",
            "ca_bank_account",
            "002-01530-98765432"
        ));
        assert!(has(
            "Bank: 10,Branch: 12,Account: 1234567",
            "ca_bank_account",
            "010-00012-1234567"
        ));
        assert!(
            found("Bank: 3 branches\tTransit: 12345\tAccount: 1234567").is_empty(),
            "a count, not a cell of its own"
        );
        assert!(
            found("Institution: 003\tdelai de transit 3 jours\tAccount: 1234567").is_empty(),
            "a transit time"
        );
        assert!(
            found("Institution: 7\tTransit: 12345\tAccount: 1234567").is_empty(),
            "no institution 007"
        );
        assert!(
            has(
                "ABA routing number: 026009593\nAccount number: 987654321",
                "us_aba_routing",
                "026009593"
            ),
            "a US route whose digits read as a Canadian institution's (260)"
        );
        assert!(
            has(
                "Mmb Id: 000312345\n\nNm: Maple Ridge Supply Ltd.\n\nCdtr Acct Id: 1234567",
                "ca_bank_account",
                want
            ),
            "an ISO 20022 payment file's creditor, as its reader writes it"
        );
        assert!(has("Cheque 12345-003 1234567", "ca_bank_account", want));
        assert!(has(
            "Institution: 003\nTransit number: 12345\nAccount number: 1234567",
            "ca_bank_account",
            want
        ));
        assert!(has(
            "Numéro d'établissement : 003  Numéro de transit : 12345  Numéro de compte : 1234567",
            "ca_bank_account",
            want
        ));
        assert!(has("003,12345,1234567", "ca_bank_account", want));
        assert!(has("Transit 12345, Inst 003, Acct 1234567", "ca_bank_account", want));
        assert!(has(
            "Numéro de l'institution financière : 003\nNuméro de transit : 12345\nNuméro de compte : 1234567",
            "ca_bank_account",
            want
        ));
        assert!(has("Direct deposit: 003/12345/1234567", "ca_bank_account", want));
        // Columns lined up under their labels, as a form's text comes out.
        assert!(has(
            "Institution No.   Transit No.   Account No.\n003               12345         1234567",
            "ca_bank_account",
            want
        ));
        assert!(
            found("Qty   Item   Ref\n003   12345   1234567").is_empty(),
            "three columns of anything"
        );
        // The transit first, as a pre-authorized debit form asks for it.
        assert!(has(
            "Branch transit number   Institution number   Account number\n12345                   003                  1234567",
            "ca_bank_account",
            want
        ));
        assert!(has("Transit/Inst/Account: 12345/003/1234567", "ca_bank_account", want));
        for anything in ["Ref   Qty   Item\n12345   003   1234567", "12345,003,1234567"] {
            assert!(found(anything).is_empty(), "{anything:?}: {:?}", found(anything));
        }
        // A void cheque's MICR line: serial, transit-institution, account.
        assert!(has("⑈001234⑈ ⑆12345-003⑆ 1234567⑈", "ca_bank_account", want));
        assert!(has("⑆12345-003⑆123⑉4567⑈", "ca_bank_account", want));
        // The transit field's dash as the E-13B symbol, as the standard prints it.
        assert!(has(
            "⑈004512⑈ ⑆12345⑉003⑆ 1234567⑉8⑈",
            "ca_bank_account",
            "003-12345-12345678"
        ));
        assert!(found("999-12345-1234567").is_empty(), "unknown institution");
        // A whole account written on the line before is not this form's
        // account field: the nearest field that can be one is.
        assert!(has(
            "Account 003-12345-1234567\nBank: 004 Transit 00012 Acct 9876543210",
            "ca_bank_account",
            "004-00012-9876543210"
        ));
        // The institution's number after the bank's name.
        assert!(has(
            "Bank: Royal Bank of Canada (003)\nBranch transit: 12345\nAccount #: 1234567",
            "ca_bank_account",
            want
        ));
        assert!(
            !found("Bank: Royal Bank of Canada (003)\nPhone: 1-800-769-2511")
                .iter()
                .any(|(kind, _)| kind == "ca_bank_account"),
            "no transit or account labelled"
        );
    }

    #[test]
    fn iban_bic_aba() {
        assert!(has(
            "IBAN: GB82 WEST 1234 5698 7654 32 EUR",
            "iban",
            "GB82WEST12345698765432"
        ));
        assert!(found("IBAN: GB82 WEST 1234 5698 7654 33").is_empty());
        // Typed into a web form, or grouped by hyphens.
        assert!(has(
            "iban: gb82 west 1234 5698 7654 32",
            "iban",
            "GB82WEST12345698765432"
        ));
        assert!(has(
            "IBAN DE89-3704-0044-0532-0130-00",
            "iban",
            "DE89370400440532013000"
        ));
        assert!(
            found("sha de89370400440532013000 ok").is_empty(),
            "lower case with no IBAN near: a hex key passes mod 97 once in 97"
        );
        assert!(has("SWIFT/BIC: DEUTDEFF500", "swift_bic", "DEUTDEFF500"));
        assert!(found("PURCHASE ORDER").is_empty());
        assert!(found("DEUTDEFF").is_empty(), "a BIC needs context");
        assert!(has("ABA routing 021000021", "us_aba_routing", "021000021"));
        assert!(found("Ref 021000021").is_empty());
        // An account's number that passes the routing checksum (one in
        // ten do) is no routing number, whatever the line above says.
        assert_eq!(
            found("ABA routing number: 097073684\nUS account: 106342400"),
            [("us_aba_routing".to_string(), "097073684".to_string())]
        );
        // A US cheque's MICR line opens with the routing number in transit symbols.
        assert!(has("⑆021000021⑆ 123456789⑈", "us_aba_routing", "021000021"));
    }

    #[test]
    fn business_numbers() {
        assert!(has(
            "GST/HST: 123456782 RT0001",
            "ca_business_number",
            "123456782RT0001"
        ));
        assert!(has("BN 123456782RT0001", "ca_business_number", "123456782RT0001"));
        assert!(found("Ref 123456789 RT0001").is_empty());
    }

    #[test]
    fn contact_elements() {
        assert!(has(
            "Write to Jane.Doe@Example.CA today",
            "email",
            "jane.doe@example.ca"
        ));
        assert!(has("Tel: (416) 555-0199", "phone", "+14165550199"));
        assert!(has("Phone: 613-555-0199x1234", "phone", "+16135550199"));
        assert!(has("Tél. : +1 514-555-0123", "phone", "+15145550123"));
        assert!(has("Phone +44 20 7946 0958", "phone", "+442079460958"));
        assert!(has("Tel +44 (0)1628 876500", "phone", "+441628876500"));
        assert!(found("Total 100.555.1234").is_empty(), "area codes never start with 1");
        assert!(has("Tel: (808) 125-5591 x747", "phone", "+18081255591"), "labelled");
        // The seven digits together, or the area code before a slash:
        // a phone's only where labelled so.
        assert!(has("Tel: 613 5550142", "phone", "+16135550142"));
        assert!(has("Fax 613/555-0142", "phone", "+16135550142"));
        assert!(has("Cell: (613)5550142", "phone", "+16135550142"));
        assert!(has("Call +1 6135550142", "phone", "+16135550142"));
        for anything in ["Lot 613 5550142", "Ratio 613/555-0142", "Ref 100.5550142"] {
            assert!(found(anything).is_empty(), "{anything:?}: {:?}", found(anything));
        }
        assert!(has("Home phone: 1-666-080-8709", "phone", "+16660808709"));
        assert!(
            has("Téléphone : 001-281-374-1040", "phone", "+12813741040"),
            "dialled from abroad"
        );
        assert!(has("Téléphone : 6415613072", "phone", "+16415613072"));
        assert!(
            has("Téléphone :\n\t6415613072\n", "phone", "+16415613072"),
            "a table's cell under its label's"
        );
        assert!(found("Total:\n\t6415613072\n").is_empty());
        assert!(has("call +16135550142 now", "phone", "+16135550142"));
        assert!(found("Order 6415613072").is_empty(), "ten digits alone are a reference");
        // Under their column's label in a table laid out as text.
        assert!(has("Name\tPhone\nMarie Roy\t6415613072\n", "phone", "+16415613072"));
        assert!(found("Name\tOrder ID\nMarie Roy\t6415613072\n")
            .iter()
            .all(|(k, _)| k != "phone"));
        assert!(
            has("Téléphone : 0106473728", "phone", "0106473728"),
            "a national number of another country, kept as written"
        );
        assert!(has("Téléphone : 01 23 45 67 89", "phone", "0123456789"), "in pairs");
        assert!(has("Tél. 04.72.10.20.30", "phone", "0472102030"));
        assert!(found("Lots : 01 23 45 67 89").is_empty(), "pairs alone are any numbers");
        assert!(
            found("Tel: 613-555-0142, order 6415613072")
                .iter()
                .all(|(_, v)| v != "+16415613072"),
            "a phone label over another number is not its own"
        );
        assert!(has("Ottawa ON K1A 0B1", "ca_postal_code", "K1A 0B1"));
        assert!(found("Ottawa ON D1A 0B1").is_empty());
        assert!(
            has("h2x 1y4,montreal", "ca_postal_code", "H2X 1Y4"),
            "as typed in a web form"
        );
        assert!(found("ref K1a 0b1").is_empty(), "mixed case is no postal code");
        assert!(found("color: #C0C0C0; border: a0a0a0").is_empty(), "colours");
        assert!(
            has("Postal code: k1a0b1", "ca_postal_code", "K1A 0B1"),
            "typed together in lower case, under its label"
        );
        assert!(has("Code postal : h3z2y7", "ca_postal_code", "H3Z 2Y7"));
    }

    #[test]
    fn birth_dates_and_names() {
        assert!(has("Date of birth: 1984-03-12", "date_of_birth", "1984-03-12"));
        assert!(has("dob: 1984-03-12T00:00:00Z", "date_of_birth", "1984-03-12"));
        assert!(
            found("if you were born before January 2, 1936, or after 1990-01-01").is_empty(),
            "a rule's bound, not a birth date"
        );
        assert!(has("Né le 12 mars 1984", "date_of_birth", "1984-03-12"));
        assert!(has("Date de naissance : 12 mars 1984", "date_of_birth", "1984-03-12"));
        assert!(!has("Invoice date: 2022-01-28", "date_of_birth", "2022-01-28"));
        assert!(
            has("DOB: 03/04/1984", "date_of_birth", "03/04/1984"),
            "day and month unknown"
        );
        assert!(found("Shipped 03/04/2022").is_empty());
        assert!(
            !has("DOB: 04/03/1985\nSigned 04/28/2022", "date_of_birth", "2022-04-28"),
            "the label of the birth date before is not this date's"
        );
        assert!(has("D.O.B. 03-12-1984", "date_of_birth", "03/12/1984"));
        for labelled in [
            "DDN : 1984-03-12",
            "Birthday: 1984-03-12",
            "Né(e) le : 12 mars 1984",
            "Date naiss. : 1984-03-12",
            "date_of_birth: 1984-03-12",
        ] {
            assert!(has(labelled, "date_of_birth", "1984-03-12"), "{labelled}");
        }
        // A report laid out in columns: the header over the date says so.
        let report = "Name              SIN           Date of Birth\n\
                      Marie Tremblay    130 692 544   1984-03-12\n\
                      Luc Gagnon        193 456 787   1979-11-02\n";
        assert!(has(report, "date_of_birth", "1979-11-02"));
        // And the SIN of a row far below its header.
        let rows: String = (0..5).map(|_| "Someone Else      -             -\n").collect();
        let long = report.replacen("Marie", &format!("{rows}Marie"), 1);
        assert!(has(&long, "ca_sin", "130692544"));
        // Every row of a payroll export of hundreds, in fixed-width and
        // tab-separated text: each row's header is the table's.
        let sins = ["130692544", "193456787", "046454286"];
        let fixed = |cells: [&str; 3]| format!("{:<14}{:<14}{}\n", cells[0], cells[1], cells[2]);
        let tabbed = |cells: [&str; 3]| format!("{}\n", cells.join("\t"));
        for row_of in [&fixed as &dyn Fn([&str; 3]) -> String, &tabbed] {
            let mut table = format!("Employees\n{}", row_of(["Name", "SIN", "Date of Birth"]));
            for row in 0..300 {
                let sin = sins[row % 3];
                let sin = format!("{} {} {}", &sin[..3], &sin[3..6], &sin[6..]);
                let born = format!("19{:02}-03-12", row % 100);
                table.push_str(&row_of([&format!("Côté, {row:03}"), &sin, &born]));
            }
            let hits = EntityScanner::new().scan(&table).hits;
            let count = |kind: EntityType| hits.iter().filter(|h| h.kind == kind).count();
            // The third SIN starts with 0: no one's.
            assert_eq!(count(EntityType::CaSin), 200, "{table}");
            assert_eq!(count(EntityType::DateOfBirth), 300, "{table}");
        }
        assert!(found("Invoice date   Due date\n2022-01-28     2022-02-27").is_empty());
        assert!(has("Applicant: Marie Tremblay", "person_name", "Marie Tremblay"));
        assert!(!has(
            "Company name: Acme Industrial Inc",
            "person_name",
            "Acme Industrial"
        ));
        assert!(has("Contact: Jane Roe", "person_name", "Jane Roe"));
        // A table row: the cell before the label is not its qualifier.
        assert!(has(
            "Customer ID: C-1001\tFull Name: Marie Tremblay\tSIN: 130692544",
            "person_name",
            "Marie Tremblay"
        ));
        // A customer export's individuals, and its companies.
        assert!(has("Customer Name: Marie Tremblay", "person_name", "Marie Tremblay"));
        assert!(has("Nom du client : Luc Gagnon", "person_name", "Luc Gagnon"));
        for company in [
            "Customer name: Acme Industrial Supply",
            "Customer Name: Jean Coutu Pharmacy",
            "Customer: Paul's Auto Repair",
            "Client : Dupont et Fils",
            "Company name: Marie Tremblay Consulting",
            // A legal form after the name, written as a word or dotted.
            "Name: Mateo Boada Cobos S.A.",
            "Name: Jean Roy, Inc.",
            "Name: Mitchell PLC",
            "Name: Caspar KG",
            // A street in a "Name" column.
            "Name: Tyler Flats",
            "Name: Ronda de Mateo Almeida",
            // A firm named for a trade, or with a word firms take, after
            // a given name.
            "Customer: Victoria Station Pub",
            "Name: Georgia Pacific",
            "Customer: Sierra Summit",
            "Name: Jasmine Garden",
        ] {
            assert!(found(company).is_empty(), "{company}");
        }
        // A word firms take that is a surname too is none of theirs.
        assert!(has("Customer Name: Vickie Golden", "person_name", "Vickie Golden"));
        // Another column's value (Alberta) past a fixed-width gap is no
        // legal form.
        assert!(has("Name: Marie Tremblay     AB", "person_name", "Marie Tremblay"));
        assert!(has("Signed by: Michael MacLeod", "person_name", "Michael MacLeod"));
        assert!(has("Nom : Jean-Pierre O'Brien", "person_name", "Jean-Pierre O'Brien"));
        assert!(
            has("Nom : Jean-sébastien Wood", "person_name", "Jean-Sébastien Wood"),
            "a title-cased compound given name, capitalized as written elsewhere"
        );
        assert!(has("Contact: Pierre de Lorimier", "person_name", "Pierre de Lorimier"));
        assert!(found("Contact: Accounts Payable").is_empty());
        assert!(
            found("Name: Alder Hey Hospital").is_empty(),
            "a generic label needs a given name"
        );
        assert!(found("Name: Burton Hospitals").is_empty(), "a plural business word");
        assert!(has("Name: Joseph Banks", "person_name", "Joseph Banks"));
        // "Gass" is no plural of the business word "gas".
        assert!(has(
            "Contact: Sigi Gass\nEmail: sigi.gass@example.com",
            "person_name",
            "Sigi Gass"
        ));
        assert!(
            found("Name: Alder Hey Hospital").is_empty(),
            "a generic label needs a given name"
        );
        assert!(found("Name: Grand Total").is_empty());
        assert!(found("Name: George Eliot Hospital").is_empty(), "an institution");
        assert!(found("Name: Chelsea And Westminster").is_empty(), "an institution");
        assert!(
            has("Cardholder: Xiao Qing", "person_name", "Xiao Qing"),
            "a personal label is enough"
        );
    }

    #[test]
    fn a_table_saved_one_cell_per_line_keeps_its_labels() {
        // A Word table as LibreOffice's "Text" export and docx2txt write it.
        let text = "Client list.\nPrénom\nNom\nNAS\nDate de naissance\n\
                    Sébastien\nOuellet\n600 212 211\n26 Jul 1988\n\
                    Kadence\nWexcombe\n130 692 544\n03 Mar 1961\n\
                    Luc\nGagnon\n193 456 787\n12 Nov 1979\n";
        for (kind, value) in [
            ("ca_sin", "130692544"),
            ("ca_sin", "193456787"),
            ("date_of_birth", "1961-03-03"),
            ("person_name", "Kadence Wexcombe"),
            ("person_name", "Luc Gagnon"),
        ] {
            assert!(has(text, kind, value), "{kind} {value}: {:?}", found(text));
        }
        // A full name under a name label.
        let text = "Customer Name\nSocial Insurance Number\nCity\n\
                    Marie Tremblay\n130 692 544\nToronto\nLuc Gagnon\n193 456 787\nOttawa\n";
        assert!(has(text, "ca_sin", "193456787"), "{:?}", found(text));
        assert!(has(text, "person_name", "Luc Gagnon"), "{:?}", found(text));
    }

    #[test]
    fn given_name_and_surname_under_database_column_names() {
        assert!(has(
            "first_name: Kristen\tlast_name: Bailey\tsin: 519 661 169",
            "person_name",
            "Kristen Bailey"
        ));
        // A T4 slip's XML as the XML reader labels it: surname first, on
        // the line before.
        assert!(has(
            "snm: Okafor\ngvn_nm: Ngozi\ninit: A\nsin: 130692544\n",
            "person_name",
            "Ngozi Okafor"
        ));
        assert!(found("snm: Okafor\nsin: 130692544\n")
            .iter()
            .all(|h| h.0 != "person_name"));
        // Other exports' column names for the two parts.
        for (given, surname) in [
            ("fname", "lname"),
            ("FIRST_NM", "LAST_NM"),
            ("First", "Last"),
            ("Forename", "Surname"),
            ("name_first", "name_last"),
        ] {
            let row = format!("id: 7\t{given}: Marie\t{surname}: Tremblay\n");
            assert_eq!(found(&row), [("person_name".into(), "Marie Tremblay".into())], "{row}");
        }
    }

    #[test]
    fn a_form_s_next_field_on_the_same_line_is_no_part_of_the_name() {
        for (text, names) in [
            (
                "Signature: ______ Name: Marie Tremblay Date: 2022-03-01",
                &["Marie Tremblay"][..],
            ),
            (
                "Name: Marie Tremblay Phone: 416-555-0199 Email: mt@x.ca",
                &["Marie Tremblay"],
            ),
            (
                "Applicant: Zoltar Quennell SIN: 130 692 544 DOB: 1984-03-12",
                &["Zoltar Quennell"],
            ),
            (
                "Applicant: Zoltar Quennell Date of birth: 1984-03-12",
                &["Zoltar Quennell"],
            ),
            ("Name: Tremblay Phone: 416-555-0199", &[]),
            ("First Name: Marie Last Name: Tremblay", &["Marie Tremblay"]),
            (
                "First Name: Mary Ann Last Name: Da Silva City: Laval",
                &["Mary Ann Da Silva"],
            ),
            (
                "Last name: Tremblay First name: Marie DOB: 1984-03-12",
                &["Marie Tremblay"],
            ),
            ("Prénom : Marie Nom : Tremblay", &["Marie Tremblay"]),
        ] {
            assert_eq!(person_names(text), names, "{text}");
        }
    }

    #[test]
    fn names_under_quoted_keys_and_in_quotes() {
        // A log line's JSON, a YAML export, a program's dump of a record.
        for (text, name) in [
            (
                "2022-03-01 INFO user={\"name\": \"Marie Tremblay\", \"email\": \"mt@example.ca\"}",
                "Marie Tremblay",
            ),
            (
                "customer:\n  name: \"Marie Tremblay\"\n  phone: \"416-555-0199\"\n",
                "Marie Tremblay",
            ),
            (
                "record = {'first_name': 'Zoltar', 'last_name': 'Quennell', 'dob': '1984-03-12'}",
                "Zoltar Quennell",
            ),
            ("{\"cardholder\": \"Zoltar Quennell\"}", "Zoltar Quennell"),
            ("Nom : « Marie Tremblay »", "Marie Tremblay"),
        ] {
            assert_eq!(person_names(text), [name], "{text}");
        }
    }

    #[test]
    fn given_name_and_surname_under_qualified_labels() {
        // A shop's export: the billing and the shipping person, each
        // given name with the surname qualified as it is.
        let order = "order id: 1001\tbilling_first_name: Marie\tbilling_last_name: Tremblay\t\
                     shipping_first_name: Jean\tshipping_last_name: Roy\n";
        assert_eq!(person_names(order), ["Marie Tremblay", "Jean Roy"], "{order}");
        // Bilingual labels, as federal forms print them.
        for form in [
            "Family name / Nom de famille: Tremblay\nGiven name / Prénom: Marie\n",
            "Last Name / Nom: Tremblay\tFirst Name / Prénom: Marie\n",
        ] {
            assert_eq!(person_names(form), ["Marie Tremblay"], "{form}");
        }
        // French qualifies after the label.
        let form = "Prénom du conjoint : Luc\nNom du conjoint : Gagnon\n\
                    Prénom de l'employé : Marie\tNom de famille de l'employé : Tremblay\n";
        assert_eq!(person_names(form), ["Luc Gagnon", "Marie Tremblay"], "{form}");
        // Else the unqualified surname beside it.
        let form = "Preferred First Name: Kwame\tLast Name: Mensah\n";
        assert!(has(form, "person_name", "Kwame Mensah"), "{:?}", found(form));
        // A role word before a field's label names nobody.
        let form = "Applicant First Name: Marie    Applicant Last Name: Tremblay\n\
                    Co-Applicant First Name: Jean    Co-Applicant Last Name: Roy\nDate of Birth: 1984-03-12\n";
        assert_eq!(person_names(form), ["Marie Tremblay", "Jean Roy"], "{form}");
        // Nor before a column's label, a word processor's table as text.
        let table = "Employee First Name\tEmployee Last Name\tSIN\n\
                     Employee First Name: Marie\tEmployee Last Name: Tremblay\tSIN: 130 692 544\n";
        assert_eq!(person_names(table), ["Marie Tremblay"], "{table}");
    }

    #[test]
    fn given_name_and_surname_columns_of_a_table_in_text() {
        for table in [
            // Fixed-width, tab-separated, Markdown.
            "FIRST NAME    LAST NAME     PHONE\nMarie         Tremblay      416-555-0199\n\
             Kwame         Mensah        514-555-0123\n",
            "The list:\nFirst Name\tLast Name\tPhone\nMarie\tTremblay\t416-555-0199\nKwame\tMensah\t514-555-0123\n",
            "| First Name | Last Name | Email |\n|---|---|---|\n| Marie | Tremblay | m@example.ca |\n\
             | Kwame | Mensah | k@example.com |\n",
        ] {
            assert_eq!(person_names(table), ["Marie Tremblay", "Kwame Mensah"], "{table}");
        }
        // A two-column form pasted as text, label and value apart by a tab.
        let form = "Customer details\nName\tMarie Tremblay\nEmail\tmt@example.ca\nCardholder\tZoltar Quennell\n";
        assert_eq!(person_names(form), ["Marie Tremblay", "Zoltar Quennell"], "{form}");
        assert!(names_nobody("Customer\tContact Name\nAcme Inc\tAccounts Payable\n"));
        // Or printed to text, label and value two spaces or more apart.
        let form = "INVOICE\nCustomer Name    Marie Tremblay\nAccount No       CU-1001\n\
                    Cardholder Name  Zoltar Quennell    Expiry  04/27\n";
        assert_eq!(person_names(form), ["Marie Tremblay", "Zoltar Quennell"], "{form}");
        // A column's qualified label says a person as a field's does.
        let holders = "Cards:\nAccount\tCardholder Name\tExpiry\n1001\tZoltar Quennell\t04/27\n";
        assert_eq!(person_names(holders), ["Zoltar Quennell"], "{holders}");
        // A header's note in brackets.
        let noted = "Here:\nID\tName (Last, First)\tPhone\nE1\tTremblay, Marie\t416-555-0199\n";
        assert_eq!(person_names(noted), ["Marie Tremblay"], "{noted}");
        // A header row repeated over each page names nobody.
        let pages = "First Name\tLast Name\tPhone\nMarie\tTremblay\t416-555-0199\n\
                     First Name\tLast Name\tPhone\nKwame\tMensah\t514-555-0123\n";
        assert_eq!(person_names(pages), ["Marie Tremblay", "Kwame Mensah"], "{pages}");
        assert!(names_nobody("First Name: First Name\tLast Name: Last Name\n"));
        // But a surname that is a label's word too is a surname.
        for text in [
            "First Name: Vanessa\tLast Name: Holder\n",
            "Cardholder: Vanessa Holder\n",
        ] {
            assert_eq!(person_names(text), ["Vanessa Holder"], "{text}");
        }
        let pages = "ID\tFull Name\tPhone\n1\tZoltar Quennell\t416-555-0199\nID\tFull Name\tPhone\n";
        assert_eq!(person_names(pages), ["Zoltar Quennell"], "{pages}");
        assert!(names_nobody(
            "Applicant: Applicant Name\nCardholder name: Cardholder Name\n"
        ));
        // A blank form's placeholders.
        assert!(names_nobody(
            "Full name: First Last\nEmployee: Employee Name Here\nAccount holder: Your Name\n"
        ));
        // A row not lined up under the header: no name of one cell twice.
        let askew = "FIRST NAME  LAST NAME  PHONE\nJean-Philippe  Desrosiers-Lavoie  514-555-0123\n";
        assert!(names_nobody(askew), "{:?}", found(askew));
        let firms = "First Name\tLast Name\nAcme\tCorp\n";
        assert!(names_nobody(firms), "{:?}", found(firms));
    }

    #[test]
    fn names_in_a_fixed_width_report_s_name_column() {
        let report = "CUSTOMER MASTER LISTING\n\n\
                      CUST NO   NAME                      PHONE\n\
                      --------  ------------------------  ------------\n\
                      CU10001   Marie Tremblay            514-555-0142\n\
                      CU10002   Luc Gagnon                438-555-0199\n";
        assert!(has(report, "person_name", "Marie Tremblay"));
        assert!(has(report, "person_name", "Luc Gagnon"));
        let companies = "VENDOR NO   COMPANY NAME         PHONE\nV-1         Marie Tremblay Inc   514-555-0142\n";
        assert!(
            found(companies).iter().all(|(kind, _)| kind != "person_name"),
            "a company's column"
        );
        let products = "SKU    NAME                  PRICE\nA-1    Projector PT-VMZ61    675.99\nA-2    Grand Total           675.99\n";
        assert!(
            found(products).iter().all(|(kind, _)| kind != "person_name"),
            "a column of products"
        );
        // Columns are characters: a town's accents take a byte more each.
        let accented = "VILLE             NOM         TELEPHONE\nÎle-Côté-Émard    Luc Gagnon  514-555-0142\n";
        assert!(has(accented, "person_name", "Luc Gagnon"));
        let holders = "ACCOUNT    CARDHOLDER          EXPIRY\n1001       Kadence Whitfield   04/27\n";
        assert!(
            has(holders, "person_name", "Kadence Whitfield"),
            "a personal header needs no known given name"
        );
        // A sheet's rows pasted as tab-separated cells.
        let pasted = "Here they are:\r\nCust no\tName\tPhone\r\nCU10001\tMarie Tremblay\t514-555-0142\r\n\
                      CU10002\t\t438-555-0199\r\nCU10003\tLuc Gagnon\t438-555-0100\r\n";
        assert!(has(pasted, "person_name", "Marie Tremblay"));
        assert!(has(pasted, "person_name", "Luc Gagnon"));
        let companies = "Vendor no\tCompany name\tPhone\nV-1\tMarie Tremblay Inc\t514-555-0142\n";
        assert!(found(companies).iter().all(|(kind, _)| kind != "person_name"));
        // A Markdown table, and a query's output as psql and mysql print it.
        for table in [
            "| Cust no | Name | Phone |\n|---|---|---|\n| CU10001 | Luc Gagnon | 438-555-0100 |\n",
            " cust_no | name       | phone\n---------+------------+--------------\n CU10001 | Luc Gagnon | 438-555-0100\n",
            "+---------+------------+\n| cust_no | name       |\n+---------+------------+\n| CU10001 | Luc Gagnon |\n",
        ] {
            assert!(has(table, "person_name", "Luc Gagnon"), "{table}");
        }
        let companies = "| Vendor no | Company name |\n|---|---|\n| V-1 | Marie Tremblay Inc |\n";
        assert!(found(companies).iter().all(|(kind, _)| kind != "person_name"));
    }

    #[test]
    fn given_name_and_surname_in_columns_of_their_own() {
        // A customer export's row, as its reader labels it.
        assert!(has(
            "Customer ID: C-1\tFirst Name: Marie\tLast Name: Tremblay\tEmail: mt@example.ca",
            "person_name",
            "Marie Tremblay"
        ));
        assert!(has("ID: C-1\tNom: Gagnon\tPrénom: Luc", "person_name", "Luc Gagnon"));
        assert!(has(
            "First name: Jean-Pierre\nLast name: O'Brien\n",
            "person_name",
            "Jean-Pierre O'Brien"
        ));
        assert!(found("First Name: Marie\tCity: Laval").is_empty(), "a given name alone");
        assert!(found("First Name: Acme\tLast Name: Corp").is_empty(), "a business");
        // A given name and a middle name, a surname of two words; the
        // surname is no name of its own.
        for (text, name) in [
            ("Given Names: Aoife Siobhan\tSurname: Smith", "Aoife Siobhan Smith"),
            ("First Name: Mary Ann\nLast Name: Da Silva\n", "Mary Ann Da Silva"),
            ("First Name: Marie\tLast Name: de la Fontaine\n", "Marie de la Fontaine"),
            ("First Name: Marie A.\nLast Name: Tremblay\n", "Marie A. Tremblay"),
            ("Name: Tremblay, Marie A.\n", "Marie A. Tremblay"),
            ("Cardholder: MARIE A TREMBLAY\n", "Marie A Tremblay"),
            ("First Name: Pieter\tLast Name: van der Berg\n", "Pieter van der Berg"),
        ] {
            assert_eq!(found(text), [("person_name".to_string(), name.to_string())], "{text}");
        }
        assert!(found("Last Name: Da Silva\tCity: Laval").is_empty(), "a surname alone");
        assert!(found("Customer surname: Da Silva").is_empty(), "a surname alone");
        assert!(has("First & Last Name: Mary Silva", "person_name", "Mary Silva"));
        // Surname first, as lists write it: given name first in the value.
        assert!(has(
            "Name: Tremblay, Marie\tEmail: mt@example.ca",
            "person_name",
            "Marie Tremblay"
        ));
        assert!(has("Cardholder: Gagnon, Luc", "person_name", "Luc Gagnon"));
        assert!(found("Name: Montréal, Québec").is_empty(), "a place");
    }

    #[test]
    fn names_in_a_fixed_width_form_s_fields() {
        // A T4 slip's and a pay stub's fields, two spaces or more apart.
        let slip = "Last name: Nguyen    First name: Thi Minh    Initials: T\n";
        assert!(has(slip, "person_name", "Thi Minh Nguyen"), "{:?}", found(slip));
        let slip = "First name: Thi Minh    Last name: Nguyen\n";
        assert!(has(slip, "person_name", "Thi Minh Nguyen"), "{:?}", found(slip));
        let stub = "Employee: OKONKWO, Chidi          Employee ID: 004417\n";
        assert!(has(stub, "person_name", "Chidi Okonkwo"), "{:?}", found(stub));
        // One space is no field's end.
        assert!(names_nobody("First name: Thi Minh Initials\nLast name: Nguyen\n"));
        // A surname printed in capitals, before the given name.
        let fiche = "Nom : TREMBLAY   Prénom : Marie-Ève\n";
        assert!(has(fiche, "person_name", "Marie-Ève Tremblay"), "{:?}", found(fiche));
        let fiche = "Prénom : Marie\nNom de famille : DA SILVA\n";
        assert!(has(fiche, "person_name", "Marie Da Silva"), "{:?}", found(fiche));
    }

    #[test]
    fn a_compound_given_name_and_two_surnames() {
        assert!(has(
            "Name: José María García López",
            "person_name",
            "José María García López"
        ));
        assert!(has(
            "Cc: Juan Carlos Pérez Gómez <jcpg@example.es>",
            "person_name",
            "Juan Carlos Pérez Gómez"
        ));
        // Three words whose second is no given name stay three.
        assert!(has(
            "Name: Marie Tremblay Roy\nPhone",
            "person_name",
            "Marie Tremblay Roy"
        ));
        // Nor past a business word: the name runs on into a firm's.
        assert!(names_nobody("Name: Marie Claude Tremblay Accounting"));
        // A form's next label, a firm's word, is none of the name's.
        assert_eq!(
            person_names("Name: Jean Ouellet Status: active\nName: Marie Tremblay Company: Acme"),
            ["Jean Ouellet", "Marie Tremblay"]
        );
        // A legal form after a comma: no run of words, no label.
        assert!(names_nobody("Contact: Marie Tremblay, Inc."));
        // Nor past "and" or "et" into a firm's words.
        assert!(names_nobody("Contact: Jack Henry and Associates"));
        assert!(names_nobody("Contact : Marie Tremblay et Associés"));
        assert_eq!(
            person_names("Contact: Marie Tremblay and Jean Ouellet"),
            ["Marie Tremblay", "Jean Ouellet"]
        );
    }

    #[test]
    fn a_list_of_people_pairs_each_given_name_with_its_own_surname() {
        // Surnames first, on a row or a line each (French forms write
        // "Nom :" over "Prénom :"), or given names first.
        for list in [
            "Last Name: Tremblay  First Name: Marie  Last Name: Ouellet  First Name: Jean",
            "Surname: Tremblay\tGiven name: Marie\nSurname: Ouellet\tGiven name: Jean",
            "Last Name: Tremblay\nFirst Name: Marie\nLast Name: Ouellet\nFirst Name: Jean",
            "Nom : Tremblay\nPrénom : Marie\nNom : Ouellet\nPrénom : Jean",
            "First Name: Marie\nLast Name: Tremblay\nFirst Name: Jean\nLast Name: Ouellet",
            "First Name: Marie  Last Name: Tremblay  First Name: Jean  Last Name: Ouellet",
            "Last Name: Tremblay\nFirst Name: Marie\nPhone: 613-555-0142\n\nFirst Name: Jean\nLast Name: Ouellet",
        ] {
            let mut names = person_names(list);
            names.sort();
            assert_eq!(names, ["Jean Ouellet", "Marie Tremblay"], "{list}");
        }
    }

    #[test]
    fn a_printed_form_s_rows_of_labels_end_its_table_of_names() {
        // Label rows over value rows, on one grid: "Employer   Position"
        // is no one under "Last Name   First Name".
        let form = "Last Name          First Name         Middle Initial\n\
                    Tremblay           Marie              A\n\
                    Date of Birth      Social Insurance Number\n\
                    1984-03-12         446 454 282\n\
                    Employer           Position\n\
                    Acme Corp          Analyst\n\
                    Co-Applicant Last Name    Co-Applicant First Name\n\
                    Ouellet                   Jean";
        assert_eq!(person_names(form), ["Marie Tremblay", "Jean Ouellet"], "{form}");
        // A table's rows go on past an initial and a line running on.
        let table = "LAST NAME       FIRST NAME      CITY\n\
                     Tremblay        Marie           Ottawa\n\
                     Ouellet         J.              Gatineau\n\
                     \x20                               Hull  sector\n\
                     Gagnon          Luc             Laval";
        assert_eq!(person_names(table), ["Marie Tremblay", "Luc Gagnon"], "{table}");
    }

    #[test]
    fn names_over_the_rule_their_label_is_under() {
        // A signature block: the name typed over the rule, its label
        // under it, alone or as the first of columns.
        let block = "IN WITNESS WHEREOF the parties have signed.\n\n\
                     Marie Tremblay                      2022-01-14\n\
                     ______________________________      __________\n\
                     Print Name                          Date\n\n\
                     Zoltar Quennell\n\n\
                     ______________________________\r\n\
                     Name of Witness\n";
        assert_eq!(person_names(block), ["Marie Tremblay", "Zoltar Quennell"], "{block}");
        // A blank line to sign on; a firm's name; a total.
        for text in [
            "Signature\n______________________\nPrint Name",
            "Acme Corporation\n____________\nName of company",
            "Total\n_______\nName",
            "Zoltar Quennell\n_______\nDate",
            // A given name's label under its rule: no surname's label
            // is near it (its row, read back from the value over the
            // rule, ends before it: this crashed the reader).
            "Employee\nMarie\n______________\nFirst Name\n",
        ] {
            assert!(names_nobody(text), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn names_that_open_an_address_field() {
        let form = "Mailing address: Marie Tremblay, 123 Main Street, Ottawa ON K1A 0B1\n\
                    Adresse postale : Luc Gagnon, 45 rue Principale, Gatineau QC J8X 2K1\n\n\
                    Home Address\nJean Ouellet\nApt 4, 12 Elm St\n\nAdresse\nPaul Roy\n3 rue Roy";
        assert_eq!(
            person_names(form),
            ["Marie Tremblay", "Luc Gagnon", "Jean Ouellet", "Paul Roy"]
        );
        // A street's words, even in a person's block beside a SIN; nor is
        // an address's column one of names.
        for text in [
            "SIN: 446 454 282\nAddress: Sherbrooke West\nHome address: Victoria Park Avenue",
            "Address: Simon Fraser University, Burnaby BC\nAddress: Suite 400, 123 Main St",
            // A place's name without the street under whom it is.
            "Address: Victoria Park\nMailing address: Grace Hospital, 300 Booth St",
            "ADDRESS             PHONE\nGordon Head Road    613-555-0142",
        ] {
            assert!(names_nobody(text), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn names_in_fields_a_log_line_or_a_settings_file_writes() {
        let log = "2022-01-14T10:00:00Z INFO created customer_name=\"Marie Tremblay\" sin=446454282\n\
                   2022-01-14T10:01:00Z INFO user=jtremblay name=Jean Ouellet status=ok\n\
                   first_name = Luc\nlast_name = Gagnon\nx = a == b => c";
        assert_eq!(
            person_names(log),
            ["Marie Tremblay", "Jean Ouellet", "Luc Gagnon"],
            "{log}"
        );
        assert_eq!(
            person_names("first_name=Zoltar last_name=Quennell sin=446454282"),
            ["Zoltar Quennell"]
        );
    }

    #[test]
    fn names_listed_after_a_label() {
        let list = "Witness: Marie Tremblay, Jean Ouellet and Luc Gagnon\nContact: Paul Roy; Sarah Connor";
        assert_eq!(
            person_names(list),
            [
                "Marie Tremblay",
                "Jean Ouellet",
                "Luc Gagnon",
                "Paul Roy",
                "Sarah Connor"
            ],
            "{list}"
        );
        // Under a label for several.
        let minutes = "Attendees: Marie Tremblay, Jean Ouellet\nWitnesses: Zoltar Quennell and Paul Roy\n\
                       Participants: 12\nDirectors: Acme Holdings Ltd.\nContacts: Sales Department";
        assert_eq!(
            person_names(minutes),
            ["Marie Tremblay", "Jean Ouellet", "Zoltar Quennell", "Paul Roy"],
            "{minutes}"
        );
        // What follows a name so and is no known name ends the list.
        for (text, first) in [
            ("Name: Marie Tremblay, 123 Main St", "Marie Tremblay"),
            ("Contact: Jean Ouellet, Sales Manager", "Jean Ouellet"),
            ("Contact: Robert Smith, Zoltar Quennell", "Robert Smith"),
            ("Applicant: Marie Tremblay and her spouse", "Marie Tremblay"),
        ] {
            assert_eq!(person_names(text), [first], "{text}");
        }
    }

    #[test]
    fn names_after_a_dash_a_word_processor_set() {
        let list = "Contact \u{2013} Marie Tremblay\nAccount Manager \u{2014} Jean Ouellet\nName\u{2013}Luc Gagnon";
        assert_eq!(
            person_names(list),
            ["Marie Tremblay", "Jean Ouellet", "Luc Gagnon"],
            "{list}"
        );
        for text in [
            "Project name \u{2013} Phoenix Rollout",
            "Customer \u{2013} Acme Inc.",
            "Fiscal years 2020 \u{2013} 2021",
            "Prepared by \u{2014} Finance Department",
        ] {
            assert!(names_nobody(text), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn names_after_a_leader_of_dots() {
        // A form or a report printed to text leads each label to its
        // value with dots, after a colon or instead of one.
        let form = "Employee Record\n\nName of employee .............. Marie Tremblay\n\
                    Witness:....... Zoltar Quennell\nFirst name......... Jean\nLast name.......... Ouellet\n\
                    Department.......... Finance";
        assert_eq!(
            person_names(form),
            ["Marie Tremblay", "Zoltar Quennell", "Jean Ouellet"],
            "{form}"
        );
        // A table of contents, a blank form, an ellipsis in prose.
        for text in [
            "Customer Names .......... 14\nContact us.......... www.example.com",
            "Name.......... Signature..........\nName...........Date...........",
            "Project Name......... Phoenix Rollout\nBank Name......... Royal Bank",
            "He said... Marie Tremblay was late.",
        ] {
            assert!(names_nobody(text), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn names_after_labels_that_say_a_person_whatever_the_given_name() {
        for text in [
            "Account holder: Zoltar Quennell",
            "Titulaire du compte : Zoltar Quennell",
            "Cardholder name: Zoltar Quennell",
            "Full name: Zoltar Quennell",
            "Nom et prénom : Zoltar Quennell",
            "First and last name: Zoltar Quennell",
            "Borrower: Zoltar Quennell",
            "Co-emprunteur : Zoltar Quennell",
            "Insured: Zoltar Quennell",
            "Member name: Zoltar Quennell",
            // A note in brackets explaining the field.
            "Full name (please print): Zoltar Quennell",
            "Cardholder name (as it appears on card): Zoltar Quennell",
            // Witnesses, signatories, next of kin, emergency contacts.
            "Witness: Zoltar Quennell",
            "Authorized signatory: Zoltar Quennell",
            "Parent/Guardian: Zoltar Quennell",
            "Emergency contact: Zoltar Quennell",
            "Personne à contacter : Zoltar Quennell",
            "Name on card: Zoltar Quennell",
            "Father's name: Zoltar Quennell",
            "Employee's name and address: Zoltar Quennell, 123 Main St, Toronto ON M4B 1B3",
        ] {
            assert!(has(text, "person_name", "Zoltar Quennell"), "{text}");
        }
        assert!(
            names_nobody("Name: Zoltar Quennell"),
            "an unknown given name after a generic label"
        );
        // A payment's, a lease's or an account's party: a person or a
        // firm, so a known name.
        for label in [
            "Payee",
            "Beneficiary",
            "Bénéficiaire",
            "Sender",
            "Tenant",
            "Name on account",
            "Sales rep",
            "Account manager",
            "Représentant des ventes",
        ] {
            assert!(
                has(&format!("{label}: Marie Tremblay"), "person_name", "Marie Tremblay"),
                "{label}"
            );
            assert!(names_nobody(&format!("{label}: Zoltar Quennell")), "{label}");
            assert!(names_nobody(&format!("{label}: Tremblay Plumbing Inc.")), "{label}");
        }
        assert!(
            has(
                "Name: Zoltar Quennell\tSIN: 130 692 544\nName: Acme Widgets\tDate of birth: 1980-01-02",
                "person_name",
                "Zoltar Quennell"
            ),
            "a SIN on the name's line says a person"
        );
        assert!(
            has(
                "Name: Zoltar Quennell\nPhone: 613-555-0142\r\nSIN: 130 692 544\n",
                "person_name",
                "Zoltar Quennell"
            ),
            "a SIN among the form's fields says a person"
        );
        assert!(
            has(
                "Date of birth: 1980-01-02\nName: Zoltar Quennell",
                "person_name",
                "Zoltar Quennell"
            ),
            "before the name too"
        );
        assert!(
            has(
                "Customer Name: Zoltar Quennell\tCard Number: 4560865690702931\tAddress: 1 Main St\n",
                "person_name",
                "Zoltar Quennell"
            ),
            "a card number in a customer's row says its holder"
        );
        assert!(
            names_nobody("Name: Zoltar Quennell\n\nSIN: 130 692 544"),
            "another block's SIN says nothing"
        );
        assert!(
            names_nobody(&format!(
                "Name: Zoltar Quennell\n{}SIN: 130 692 544",
                "Note: x\n".repeat(9)
            )),
            "nor a SIN many lines away"
        );
        assert!(has("Nom complet : Henriette Séguin", "person_name", "Henriette Séguin"));
        for (text, name) in [
            ("Prepared by: Luc Gagnon, CPA", "Luc Gagnon"),
            ("Attention: Mr. Robert Smith", "Robert Smith"),
            ("À l'attention de : Mme Sylvie Bouchard", "Sylvie Bouchard"),
            ("Signed: Marie Tremblay", "Marie Tremblay"),
        ] {
            assert!(has(text, "person_name", name), "{text}");
        }
        assert!(names_nobody("Approved by: Finance Department"));
        assert!(names_nobody("Attention: Accounts Payable"));
    }

    #[test]
    fn an_address_beside_a_generic_label_s_name_may_say_a_person() {
        // One that spells the name, anywhere in its block.
        for text in [
            "Name: Zoltar Quennell\nCity: Laval\nEmail: zoltar.quennell@example.com\n",
            "Contact: Zoltar Quennell\nEmail: zquennell@example.com\n",
            "Email: quennell_zoltar@example.com\nName: Zoltar Quennell\n",
        ] {
            assert!(has(text, "person_name", "Zoltar Quennell"), "{text}");
        }
        // A person's own on the fields that follow the name, whatever it spells.
        for text in [
            "CUSTOMER RECORD\nName: Zoltar Quennell\nEmail: client1270@example.com\nCity: Toronto\n",
            "Nom du client : Zoltar Quennell\nTél. : 514-555-0142\nCourriel : zq1961@videotron.ca\n",
            "Name: Zoltar Quennell\nEmail: ap1331@example.com\n",
            "Name: Zoltar Quennell\tEmail: client8600@example.com\tCity: Laval\n",
        ] {
            assert!(has(text, "person_name", "Zoltar Quennell"), "{text}");
        }
        for text in [
            // A shared mailbox, or one at the firm's own domain.
            "Name: Zoltar Quennell\nEmail: info@example.com\n",
            "Contact: Maple Ridge\nEmail: comptes.fournisseurs@example.ca\n",
            "Name: Maple Ridge\nEmail: olivia@mapleridge.ca\n",
            "Name: Maple Ridge\nEmail: mapleridge@gmail.com\n",
            // Another block's, or fields further on.
            "Name: Zoltar Quennell\n\nEmail: client1270@example.com\n",
            "Name: Zoltar Quennell\nCity: Laval\nProvince: QC\nCountry: CA\nEmail: client1270@example.com\n",
            // The address after an invoice's party is its contact's.
            "Bill to: Northern Lights\nEmail: osmith@example.ca\n",
            // A numbered shared mailbox.
            "Name: Zoltar Quennell\nEmail: sales77@hotmail.com\n",
            // A firm's name: a trade's word, or a word firms are named with.
            "Name: Blue Mountain Coffee\nEmail: jane1@example.ca\n",
            "Name: Riverside Grill\nEmail: mike.t@gmail.com\n",
            "Name: Zoltar Salons\nEmail: zq1961@videotron.ca\n",
            "Name: Golden Dragon\nEmail: jane1@example.ca\n",
            "From: Golden Dragon <jane1@example.ca>\n",
            "Golden Dragon\ngd1961@example.ca\n",
        ] {
            assert!(names_nobody(text), "{text}");
        }
    }

    #[test]
    fn a_cardholder_over_the_card_number() {
        let card = "VISA 16 digit\nJanet Brown\n4560865690702931 02/28\nCVC: 375\n";
        assert!(has(card, "person_name", "Janet Brown"), "{:?}", found(card));
        let printed = "JANET BROWN\r\n  4556 7375 8689 9855\r\n";
        assert!(has(printed, "person_name", "Janet Brown"), "{:?}", found(printed));
        assert!(
            names_nobody("Monthly Statement\n4556 7375 8689 9855"),
            "a title is no name"
        );
        assert!(
            names_nobody("Janet Brown paid with\n4556 7375 8689 9855"),
            "a sentence is no name line"
        );
        // A given name not listed over a card: its surname is.
        let card = "Mastercard\nAutumn Richards\n5289438939676550 03/28\nCVV: 039\n";
        assert!(has(card, "person_name", "Autumn Richards"), "{:?}", found(card));
        assert!(names_nobody(
            "Visa Infinite\nRoyal Bank of Canada\n4556 7375 8689 9855 01/29\n"
        ));
        assert!(
            names_nobody("Kadence Wexcombe\n4556 7375 8689 9855"),
            "neither name known"
        );
        // Between its brand and its number on a card's face, whatever its
        // names; not a heading over the number, nor a name further up.
        for brand in ["Mastercard", "VISA Classic", "American Express"] {
            let card = format!("{brand}\nDiamond Banks\n5459 0490 8014 9547 11/35\nCVV: 765\n");
            assert!(has(&card, "person_name", "Diamond Banks"), "{:?}", found(&card));
        }
        // Its expiry or security code on the next line will do.
        for details in ["Exp. 11/2035", "CVC 765"] {
            let card = format!("Visa\nDiamond Banks\n5459 0490 8014 9547\n{details}\n");
            assert!(has(&card, "person_name", "Diamond Banks"), "{:?}", found(&card));
        }
        for nobody in [
            "Visa\nPayment Details\n5459 0490 8014 9547 11/35\n",
            "VISA\nExpiry Date\n5459 0490 8014 9547 11/35\n",
            "Mastercard\nAccount Number\n5459 0490 8014 9547\n",
            "AMEX\nAmount Due\n3782 822463 10005\n",
            "Mastercard\nKadence Wexcombe\nPlatinum Rewards\n5459 0490 8014 9547 11/35\n",
            "Paid by Visa last month\nKadence Wexcombe\n5459 0490 8014 9547\n",
            // Neither expiry nor security code: no card's face.
            "Visa\nDiamond Banks\n5459 0490 8014 9547\n",
            "Visa\nCash Back\n5459 0490 8014 9547 total 12.50\n",
        ] {
            assert!(names_nobody(nobody), "{nobody:?}");
        }
    }

    #[test]
    fn names_printed_in_capitals() {
        assert!(has("Cardholder: MARIE TREMBLAY", "person_name", "Marie Tremblay"));
        assert!(has(
            "Name: JEAN-PIERRE O'BRIEN\tSIN: 130 692 544",
            "person_name",
            "Jean-Pierre O'Brien"
        ));
        assert!(has("From: JEAN ROY <jroy@democo.ca>", "person_name", "Jean Roy"));
        assert!(has(
            "Name: TREMBLAY, MARIE\tDOB: 1984-03-12",
            "person_name",
            "Marie Tremblay"
        ));
        // French forms write the surname alone in capitals.
        assert!(has("Nom : Marie TREMBLAY\n", "person_name", "Marie Tremblay"));
        assert!(has(
            "Demandeur : Jean-Pierre LE BLANC\tNAS : 130 692 544",
            "person_name",
            "Jean-Pierre Le Blanc"
        ));
        assert!(names_nobody("Contact: Marie CPA\n"), "a credential");
        // Or first, as administrative lists do, the given names after it.
        assert!(has("Nom : TREMBLAY Marie\n", "person_name", "Marie Tremblay"));
        assert!(has("Nom : TREMBLAY, Marie\n", "person_name", "Marie Tremblay"));
        assert!(has(
            "Client : LE BLANC Jean-Pierre\tNAS : 130 692 544",
            "person_name",
            "Jean-Pierre Le Blanc"
        ));
        // A given name typed in capitals before an unknown surname.
        assert!(has(
            "Nom: VICTOR Saez\nEmail: victor.saez@example.com\n",
            "person_name",
            "Victor Saez"
        ));
        for nobody in [
            "Name: ACME INDUSTRIAL SUPPLY",
            "Name: Acme INDUSTRIES",
            "Name: ACME Supplies",
            "Contact: CPA Marie",
            "Nom : TREMBLAY Marie et fils",
            "Contact: ACCOUNTS PAYABLE",
            "Name: TOTAL AMOUNT DUE",
            "Customer Name: JEAN COUTU PHARMACY",
        ] {
            assert!(names_nobody(nobody), "{nobody:?}");
        }
    }

    #[test]
    fn whom_an_invoice_is_billed_or_shipped_to_is_a_person_when_named_as_one() {
        assert!(has(
            "INVOICE\nBill to: Marie Tremblay\n",
            "person_name",
            "Marie Tremblay"
        ));
        assert!(has("Facturer à : Luc Gagnon\n", "person_name", "Luc Gagnon"));
        assert!(has("Ship to: Jean Roy\n", "person_name", "Jean Roy"));
        for firm in [
            "Bill to: PRAIRIE SKY SUPPLY INC.\n",
            "Facturer à : Groupe Laurentien Components\n",
            "Sold to: Maple Ridge Supply\n",
        ] {
            assert!(names_nobody(firm), "{firm:?}");
        }
        assert!(has(
            "Shipping address: Marie Tremblay, 12 Main St\n",
            "person_name",
            "Marie Tremblay"
        ));
    }

    #[test]
    fn an_invoice_party_s_label_alone_on_its_line_over_the_name() {
        // As PDFs of invoices lay them out: the label in a box's head.
        for (text, name) in [
            ("INVOICE\nBill To\nMarie Tremblay\n123 Main St\n", "Marie Tremblay"),
            ("Shipping Address \r\nLuc Gagnon\r\n12 rue Principale\r\n", "Luc Gagnon"),
            ("Adresse de livraison\n\nJean-François Côté\n", "Jean-François Côté"),
            ("FACTURER À\nSophie Martin\n", "Sophie Martin"),
            ("Sold to\nAnushrut Singh\n3/64, Vishwas Khand\n", "Anushrut Singh"),
        ] {
            assert!(has(text, "person_name", name), "{text:?}: {:?}", found(text));
        }
        for nobody in [
            "Bill To\nPrairie Sky Supply Inc.\n",
            "Ship to\n123 Main St\n",
            "Please ship to\nMarie Tremblay\n",
            "Bill To Marie Tremblay\n",
        ] {
            assert!(names_nobody(nobody), "{nobody:?}: {:?}", found(nobody));
        }
    }

    #[test]
    fn a_name_under_a_label_repeated_over_records_is_found_where_each_is() {
        let record = "INVOICE\nBill to: Marie Tremblay\nPhone: 416-555-0142\n\n";
        let text = record.repeat(3) + "Bill to: Marie Tremblay Group\n";
        let starts: Vec<usize> = EntityScanner::new()
            .scan(&text)
            .hits
            .into_iter()
            .filter(|h| h.kind == EntityType::PersonName)
            .map(|h| {
                assert_eq!(&text[h.start..h.end], "Marie Tremblay");
                h.start
            })
            .collect();
        let expected: Vec<usize> = text.match_indices("Marie Tremblay\n").map(|(at, _)| at).collect();
        assert_eq!(starts, expected, "each record's own, the group's not");
    }

    #[test]
    fn a_known_surname_makes_a_labelled_name_a_person_s() {
        assert!(has("Name: Leontyne Tremblay\n", "person_name", "Leontyne Tremblay"));
        assert!(has("Contact: Zelda Del Rosario\n", "person_name", "Zelda Del Rosario"));
        assert!(has(
            "Nom du client : Oxana Marie Lavoie\n",
            "person_name",
            "Oxana Marie Lavoie"
        ));
        assert!(names_nobody("Name: Kadence Wexcombe\n"), "neither name known");
        assert!(has(
            "Name: Kadence Wexcombe-Gagnon\n",
            "person_name",
            "Kadence Wexcombe-Gagnon"
        ));
        assert!(names_nobody("Name: Kadence Wexcombe-Zorbin\n"));
        for business in [
            "Name: Quincaillerie Roy\n",
            "Client: Gagnon Roofing\n",
            "Name: Dépanneur Côté\n",
        ] {
            assert!(names_nobody(business), "{business:?}");
        }
    }

    #[test]
    fn a_name_that_runs_on_into_a_business_word_is_a_firm_s_or_a_site_s() {
        for site in [
            "Name: Harold Wood Walk In Centre\n",
            "Name\tHarold Wood Walk-In-Centre\n",
            "Contact: Jean Paul Tremblay Accounting Dept\n",
        ] {
            assert!(names_nobody(site), "{site:?}");
        }
        assert!(has("Name: Harold Wood  Toronto ON\n", "person_name", "Harold Wood"));
        assert!(has("Name: Harold Wood, Manager\n", "person_name", "Harold Wood"));
        assert!(has("Name: Harold Wood of Toronto\n", "person_name", "Harold Wood"));
    }

    #[test]
    fn names_with_a_word_processor_s_apostrophe_are_typed_ones() {
        assert!(has("Name: Marie O’Brien\n", "person_name", "Marie O'Brien"));
        assert!(has("Dear Luc d’Amours,\n", "person_name", "Luc d'Amours"));
        assert!(has("Cardholder: SEAN O’NEIL", "person_name", "Sean O'Neil"));
    }

    #[test]
    fn a_name_after_the_word_for_its_person_s_part_is_one_when_known() {
        let text = "Please update the file for customer David Wallace.\nSIN: 130 692 544";
        assert!(has(text, "person_name", "David Wallace"));
        assert!(has(
            "l'employée Marie Tremblay a signé",
            "person_name",
            "Marie Tremblay"
        ));
        assert!(has(
            "la cliente Marie Tremblay a appelé",
            "person_name",
            "Marie Tremblay"
        ));
        assert!(has("l'employé Jean Roy", "person_name", "Jean Roy"));
        assert!(names_nobody("the employer Jean Roy and the clientele Marie Tremblay"));
        // Generations and degrees after the name are no part of it.
        assert!(has("for customer Kathy Hale DDS.", "person_name", "Kathy Hale"));
        assert!(has("for customer Marvin Hale Jr. today", "person_name", "Marvin Hale"));
        assert!(has("our client Alan Smith PhD said", "person_name", "Alan Smith"));
        // A company, a team, a name of neither known word, a column's
        // heading.
        assert!(names_nobody("the invoice of client Maple Ridge Supply is due"));
        assert!(names_nobody("please call customer Service Team today"));
        assert!(names_nobody("for customer Kadence Wexcombe."));
        assert!(names_nobody("Employee Grant Amount\tDate\n"));
        assert!(names_nobody("The customer Tim Hortons ordered 40 terminals."));
        assert!(names_nobody("the customer Grace Period ends Friday"));
        assert!(has("for customer Karen Thomas.", "person_name", "Karen Thomas"));
        assert!(has("Customer David Wallace called.", "person_name", "David Wallace"));
        assert!(names_nobody("Customer Grace Period\tClient Victoria Street\n"));
        // A surname that is an everyday word too, after a known given name.
        assert!(has("for customer Chad Brown MD.", "person_name", "Chad Brown"));
        assert!(has("la cliente Sophie Gravel a appelé", "person_name", "Sophie Gravel"));
        assert!(names_nobody("our customer Victoria Hall hosts the gala"));
        assert!(names_nobody("for customer Kadence Brown."));
        // A surname no list holds, when a title only a person has follows.
        assert!(has(
            "for customer Margaret Drolet MD.",
            "person_name",
            "Margaret Drolet"
        ));
        assert!(has(
            "for customer John Dodson, Ph.D., today",
            "person_name",
            "John Dodson"
        ));
        assert!(has(
            "l'employé Jean Gicquel, P.Eng. a signé",
            "person_name",
            "Jean Gicquel"
        ));
        // Or when the person's own identifiers are in its block of lines.
        for text in [
            "Please update the file for customer John Dodson.\nSIN: 123 408 718\nCard: 4497585203308806",
            "Card 4497585203308806 belongs to client Wendy Quennell.",
            // Whatever the given name.
            "Please update the file for customer Misty Evans.\nSIN: 342 079 548",
        ] {
            let name = ["Wendy Quennell", "Misty Evans", "John Dodson"]
                .into_iter()
                .find(|name| text.contains(name))
                .unwrap();
            assert!(has(text, "person_name", name), "{text}");
        }
        assert!(names_nobody(
            "Please update the file for customer Maple Ridge Supply.\nSIN: 342 079 548"
        ));
        assert!(names_nobody(
            "for customer John Dodson.\n\nSIN: 123 408 718 belongs to another record"
        ));
        assert!(names_nobody("for customer John Dodson."));
        assert!(names_nobody("for customer John Dodson MDF panels"));
        assert!(names_nobody("The customer Tim Hortons III ordered 40 terminals."));
    }

    #[test]
    fn letters_name_whom_they_greet_and_who_signs() {
        assert!(has("Dear Marie Tremblay,\nThank you.", "person_name", "Marie Tremblay"));
        assert!(has("Dear Mr. Jean Roy,\r\nWe write", "person_name", "Jean Roy"));
        assert!(has("Bonjour Luc Gagnon,", "person_name", "Luc Gagnon"));
        assert!(has("Hi Luc Gagnon,\n", "person_name", "Luc Gagnon"));
        assert!(has(
            "Good morning Ms. Sylvie Bouchard,",
            "person_name",
            "Sylvie Bouchard"
        ));
        assert!(names_nobody("Hi team,\nHighlights Marie Tremblay,"));
        assert!(
            has(
                "Re: your account\nDear Ms. Marie Tremblay:\nThank you.",
                "person_name",
                "Marie Tremblay"
            ),
            "a business letter's colon"
        );
        assert!(names_nobody("Dear Valued Customer:\n"));
        assert!(names_nobody("Dear Sir or Madam:\n"));
        // A signer's title after a bar or a dash, as e-mail signatures put it.
        for signed in [
            "Thank you,\n\nJean Roy | Accounts Payable\n",
            "Regards,\nJean Roy - Directeur des ventes\n",
            "Cordialement,\nJean Roy – Comptabilité\n",
        ] {
            assert!(
                has(signed, "person_name", "Jean Roy"),
                "{signed:?}: {:?}",
                found(signed)
            );
        }
        assert!(has(
            "Thank you.\n\nBest regards,\nJean Roy\nAccounts, Demo Co.",
            "person_name",
            "Jean Roy"
        ));
        assert!(has(
            "Cordialement,\r\nMarie Tremblay, CPA\r\n",
            "person_name",
            "Marie Tremblay"
        ));
        // Without the comma, as e-mails often close; and other closings.
        for signed in [
            "Thanks for the quick turnaround.\n\nBest regards\nJean Roy",
            "Best\r\nJean Roy\r\nDemo Co.",
            "Cheers,\nJean Roy",
            "Cordialement\n\n  Jean Roy",
            "Avec mes salutations,\nJean Roy",
            "Very truly yours,\n\nJean Roy\nController",
            // A French letter's closing formula, a sentence of its own.
            "Veuillez agréer, Madame, nos salutations distinguées.\n\nJean Roy\nDirecteur du crédit",
            "Je vous prie d'agréer, Monsieur le Directeur, l'expression de mes sentiments les meilleurs.\nJean Roy",
        ] {
            assert!(has(signed, "person_name", "Jean Roy"), "{signed:?}");
        }
        for nobody in [
            "Dear Valued Customer,",
            "Dear Marie Tremblay Consulting team, hello",
            "Regards,\nAccounts Payable",
            "Best regards.\nJean Roy",
            "Best value\nJean Roy",
            "Kind regards to Jean Roy\n",
            "Sincerely yours, Jean Roy",
            "Hellos Marie Tremblay,",
            "Veuillez agréer ce bon de commande.\nJean Roy",
            "Nous vous prions de payer la facture.\nJean Roy",
        ] {
            assert!(names_nobody(nobody), "{nobody:?}");
        }
    }

    #[test]
    fn a_name_after_a_courtesy_title() {
        let letter = "Mr. Zoltar Quennell\nGroupe Laurentien\n100 rue Principale\n\nWe met Mme Sylvie Bouchard and Dr Luc Gagnon.";
        for name in ["Zoltar Quennell", "Sylvie Bouchard", "Luc Gagnon"] {
            assert!(has(letter, "person_name", name), "{name}: {:?}", found(letter));
        }
        // French "M." (Monsieur), before a known given name.
        for (text, name) in [
            ("Envoyé à M. Jean-François Côté, directeur", "Jean-François Côté"),
            ("Client : M. Luc Gagnon\n", "Luc Gagnon"),
            ("M. Pierre Lavoie\n12 rue Principale", "Pierre Lavoie"),
            // Spelled out, whatever the names.
            (
                "Madame Geneviève Tremblay-Côté\n1234, rue Sherbrooke",
                "Geneviève Tremblay-Côté",
            ),
            ("Monsieur Zoltar Quennell\n", "Zoltar Quennell"),
        ] {
            assert!(has(text, "person_name", name), "{text}: {:?}", found(text));
        }
        for nobody in [
            "Dear Mr. Roy,",
            "Mr. Clean",
            "John M. Smith signed",
            "Payé par Jean M. Smith",
            "MMr. Big Deal Inc.",
            "ATM. Main Street",
            "M. Service Client",
            "Madame la Présidente a signé",
            "Monsieur le Directeur,",
            "Madame, Monsieur,",
            "Visite chez Madame Tussauds",
            "Monsieur Muffler Inc. a facturé",
            "Montréal, Madison and Monday",
        ] {
            assert!(names_nobody(nobody), "{nobody:?}");
        }
    }

    #[test]
    fn a_name_over_its_contact_lines() {
        let signature = "Thanks for your help.\n\nJean Roy\r\nAccounts Payable Manager\r\nDemo Co. Canada Inc.\r\nTel: 416-555-0142\r\n";
        assert!(has(signature, "person_name", "Jean Roy"), "{:?}", found(signature));
        let card = "MARIE TREMBLAY\nmarie.tremblay@example.ca\n(514) 555-0199";
        assert!(has(card, "person_name", "Marie Tremblay"), "{:?}", found(card));
        let signature = "Jean Roy | Accounts Payable\nDemo Co. Canada Inc.\nTel: 416-555-0142\n";
        assert!(has(signature, "person_name", "Jean Roy"), "{:?}", found(signature));
        assert!(names_nobody("Accounts Payable | Jean\nTel: 416-555-0142\n"));
        for nobody in [
            "Accounts Payable\nTel: 416-555-0142",
            "Jean Roy called about\nTel: 416-555-0142",
            "Jean Roy\n\nTel: 416-555-0142",
            "Jean Roy\nline one\nline two\nline three\nTel: 416-555-0142",
        ] {
            assert!(names_nobody(nobody), "{nobody:?}");
        }
        // A name no list holds, over its own mailbox; not a firm's or a
        // department's over theirs.
        let contact = "Regards,\n\nKadence Bahringer\nSales Director\nkb1961@example.com\n";
        assert!(has(contact, "person_name", "Kadence Bahringer"), "{:?}", found(contact));
        let contact = "Jaqueline O'Conner\nPurchasing Lead\njo1119@example.com\n";
        assert!(
            has(contact, "person_name", "Jaqueline O'Conner"),
            "{:?}",
            found(contact)
        );
        for nobody in [
            "Accounts Receivable\nar@example.com",
            "Maple Ridge\njdoe@mapleridge.ca",
            "Kadence Bahringer\n613-555-0142",
            "Azure Interior\n4557 De Silva St\nUnited States\n(870)-931-0505\nazure.interior24@example.com",
        ] {
            assert!(names_nobody(nobody), "{nobody:?}");
        }
    }

    #[test]
    fn a_name_over_its_mailing_address() {
        for (text, name) in [
            (
                "INVOICE\nMarie Tremblay\n123 Main St\nToronto ON M4B 1B3\n",
                "Marie Tremblay",
            ),
            (
                "Anushrut Singh\n45 King St W, Suite 200\nToronto, ON M5H 1J8\n",
                "Anushrut Singh",
            ),
            // An attention line over the firm's address; the postal code
            // on a line of its own.
            (
                "Luc Gagnon\nAcme Supply Inc.\n12 rue Principale\nGatineau QC\nJ8X 2K3\n",
                "Luc Gagnon",
            ),
            ("JEAN ROY\n77 BAY ST\nTORONTO ON M4B 1B3\n", "Jean Roy"),
        ] {
            assert!(has(text, "person_name", name), "{text:?}: {:?}", found(text));
        }
        for nobody in [
            "Acme Supply Inc.\n123 Main St\nToronto ON M4B 1B3\n",
            "Head Office\n123 Main St\nToronto ON M4B 1B3\n",
            "Kadence Wexcombe\n77 Bay Street\nToronto ON M4B 1B3\n",
            "Marie Tremblay\n\n123 Main St\nToronto ON M4B 1B3\n",
            "Ship to: Acme Inc.\n123 Main St\nToronto ON M4B 1B3\n",
        ] {
            assert!(names_nobody(nobody), "{nobody:?}: {:?}", found(nobody));
        }
    }

    #[test]
    fn a_signature_s_name_over_its_phone_and_mailbox() {
        let signature =
            "Thanks,\n\n--\nZoltar Quennell\nSenior Accountant\nAcme Inc.\nT: 416-555-0199\nzquennell@acme.ca\n";
        assert_eq!(person_names(signature), ["Zoltar Quennell"], "{signature}");
        // A form's field ends the block.
        let form = "Zoltar Quennell\nAccount: 1001\nzquennell@acme.ca\n";
        assert!(names_nobody(form), "{:?}", found(form));
    }

    #[test]
    fn names_written_before_their_addresses() {
        let text = "Please copy Jean Tremblay <jt@example.ca> and Marie Roy (mroy@example.ca).\n\
                    Cc: Luc Gagnon <lg@example.ca>; Sophie Martin <sm@example.ca>";
        for name in ["Marie Roy", "Luc Gagnon", "Sophie Martin"] {
            assert!(has(text, "person_name", name), "{name}: {:?}", found(text));
        }
        assert!(has(
            "Contact: Dr. Jean Tremblay (jt@example.ca)",
            "person_name",
            "Jean Tremblay"
        ));
        assert!(names_nobody("Write to Accounts Payable <ap@democo.ca>."));
        // A name no list holds: before its own mailbox that echoes it, as
        // the header's correspondents are read.
        assert_eq!(
            person_names("Copy Zoltar Quennell <zq@example.ca>"),
            ["Zoltar Quennell"]
        );
        assert!(names_nobody("Zoltar Quennell <info@example.ca>"), "a shared mailbox");
        assert!(
            names_nobody("Zoltar Quennell <billing@example.ca>"),
            "no echo of the name"
        );
        // In quotes, as mail programs write a display name.
        let text = "Copie : \"Luc Gagnon\" <lg@example.fr>, \u{201c}Marie Roy\u{201d} <mr@example.fr>, \
                    \u{ab} Sophie Martin \u{bb} <sm@example.fr>";
        for name in ["Luc Gagnon", "Marie Roy", "Sophie Martin"] {
            assert!(has(text, "person_name", name), "{name}: {:?}", found(text));
        }
        assert!(names_nobody("Write to \"Accounts Payable\" <ap@democo.ca>."));
    }

    #[test]
    fn correspondents_named_in_message_headers() {
        assert!(has("From: Jean Roy <jroy@democo.ca>", "person_name", "Jean Roy"));
        assert!(has(
            "Subject: x\nTo: Tremblay, Marie <marie@client.ca>",
            "person_name",
            "Marie Tremblay"
        ));
        assert!(has(
            "-----Original Message-----\nDe : Marie Tremblay\nEnvoyé : 3 mars",
            "person_name",
            "Marie Tremblay"
        ));
        assert!(!has(
            "Cc: Accounts Payable <ap@democo.ca>",
            "person_name",
            "Accounts Payable"
        ));
        // Not a header: a field of a form, or a word that is no given name.
        assert!(!has(
            "Bill to: Jane Okafor Consulting",
            "person_name",
            "Jane Okafor Consulting"
        ));
        assert!(names_nobody("From: Granite Bay <sales@granite.ca>"));
        // Blind copies, and a calendar event's people as its reader writes
        // them: their own mailbox says a person whatever the given name.
        for line in [
            "Bcc: Zoltar Quennell <zq@example.ca>",
            "Organizer: Zoltar Quennell <zoltar.quennell@example.ca>",
            "Start: 2022-03-07\nAttendee: Zoltar Quennell <zq@example.ca>",
        ] {
            assert!(has(line, "person_name", "Zoltar Quennell"), "{line}");
        }
        assert!(names_nobody("Attendee: Sales Team <sales@democo.ca>"));
        assert!(names_nobody("We met the Organizer: Acme Events Inc."));
        // Every recipient of a list apart by semicolons, as Outlook writes
        // a forwarded message's headers.
        let forwarded = "Please see below.\n\n-----Original Message-----\nFrom: Jean Roy\n\
                         To: Marie Tremblay; Gagnon, Luc; Accounts Payable; \"Roy, Sylvie\" <sr@x.ca>\nSubject: x";
        for name in ["Jean Roy", "Marie Tremblay", "Luc Gagnon", "Sylvie Roy"] {
            assert!(has(forwarded, "person_name", name), "{name}: {:?}", found(forwarded));
        }
        assert!(!has(forwarded, "person_name", "Accounts Payable"));
        let many = format!("To: {}Jean Roy\n", "x; ".repeat(5000));
        assert!(names_nobody(&many), "a line's correspondents are read up to a bound");
        // A name no list holds, before its own mailbox.
        for header in [
            "From: Kadence Bahringer <kb1961@example.com>",
            "To: \"Bahringer, Kadence\" <KBahringer@Example.COM>",
            // As a mail program quotes the sender of the message replied to.
            "On Tue, Mar 1, 2022 at 9:14 AM Kadence Bahringer <kbahringer@example.com> wrote:",
            "Le mar. 1 mars 2022, à 09 h 14, Kadence Bahringer <kbahringer@example.com> a écrit :",
            // As Outlook quotes it.
            "-----Original Message-----\nFrom: Kadence Bahringer [mailto:kbahringer@example.com]\nSent: Monday",
        ] {
            assert!(has(header, "person_name", "Kadence Bahringer"), "{header}");
        }
        assert_eq!(
            person_names("On Tue, Mar 1, 2022 at 9:14 AM Marie Tremblay <mt@example.ca> wrote:"),
            ["Marie Tremblay"],
            "the hour's AM is no surname in capitals"
        );
        assert!(names_nobody("Sent 9:14 AM Maple Ridge <orders@mapleridge.ca> wrote:"));
        for header in [
            "From: Maple Ridge <orders@example.com>",
            "From: Maple Ridge <jdoe@mapleridge.ca>",
            "From: Maple Ridge <mapleridge@gmail.com>",
            "From: Board Members <board@example.org>",
            "From: Kadence Bahringer",
            "From: Kadence Bahringer <not an address>",
        ] {
            assert!(names_nobody(header), "{header}");
        }
    }

    #[test]
    fn a_report_is_about_the_quarters_it_names() {
        let scanner = EntityScanner::new();
        let spans = |text: &str| -> Vec<(String, String)> {
            scanner
                .scan(text)
                .quarters
                .iter()
                .map(|d| (d.date.to_string(), d.through.to_string()))
                .collect()
        };
        assert_eq!(spans("Q3 2021 results"), [("2021-07-01".into(), "2021-09-30".into())]);
        // A quarter is no day: the days are apart.
        let found = scanner.scan("Roadmap 2021-Q4, then invoice 2022-01-15");
        assert_eq!(
            spans("Roadmap 2021-Q4, then invoice 2022-01-15"),
            [("2021-10-01".into(), "2021-12-31".into())]
        );
        assert_eq!(
            found.dates.iter().map(|d| d.date.to_string()).collect::<Vec<_>>(),
            ["2022-01-15"]
        );
        assert_eq!(spans("FY2022 Q1"), [("2022-01-01".into(), "2022-03-31".into())]);
        assert_eq!(
            spans("Q3 FY2023 promotion"),
            [("2023-07-01".into(), "2023-09-30".into())]
        );
        assert_eq!(spans("Q4-FY 2023"), [("2023-10-01".into(), "2023-12-31".into())]);
        assert_eq!(
            spans("BIC KCXKNLQ3, then Q3-2021 results"),
            [("2021-07-01".into(), "2021-09-30".into())]
        );
        // Written in words, in English and French.
        for (written, first) in [
            ("Results for the third quarter of 2021.", "2021-07-01"),
            ("3rd Quarter 2021 review", "2021-07-01"),
            ("Rapport du 3e trimestre 2021", "2021-07-01"),
            ("premier trimestre de 2022 et deuxième trimestre 2022", "2022-01-01"),
            ("FOURTH QUARTER, 2020", "2020-10-01"),
        ] {
            assert_eq!(spans(written).first().map(|s| s.0.as_str()), Some(first), "{written}");
        }
        assert_eq!(
            spans("premier trimestre de 2022 et deuxième trimestre 2022"),
            [
                ("2022-01-01".to_string(), "2022-03-31".to_string()),
                ("2022-04-01".to_string(), "2022-06-30".to_string())
            ]
        );
        for no_quarter in [
            "Q5 2021",
            "SQ3 2021 model",
            "Q3 was good in 2021",
            "Q3 21",
            "Q3-20215",
            "a quarter of 2021's sales",
            "x3rd quarter 2021",
        ] {
            assert!(spans(no_quarter).is_empty(), "{no_quarter}");
        }
    }

    #[test]
    fn a_date_or_phone_joined_by_a_hyphen_to_more_is_a_reference() {
        assert!(dates("Ref 1984-03-12-001").is_empty());
        assert!(dates("Lot 7-2019-08-07").is_empty());
        assert_eq!(dates("From 2023-05-14 - 2023-06-01."), ["2023-05-14", "2023-06-01"]);
        assert_eq!(dates("Paid 2023-06-01-"), ["2023-06-01"]);
        assert_eq!(dates("Invoice-2019-08-07.pdf"), ["2019-08-07"]);
        assert!(found("Part number 514-555-0199-A, lot 7-514-555-0199").is_empty());
        assert!(has("Call 514-555-0199 - ask for Marc", "phone", "+15145550199"));
    }

    #[test]
    fn a_version_written_with_dots_is_no_date() {
        for text in ["Version 1.2.2020", "Release: 3.1.2021", "Rev. 2.11.2019"] {
            assert!(dates(text).is_empty(), "{text}: {:?}", dates(text));
        }
        assert_eq!(dates("Signé le 1.2.2020"), ["2020-02-01"]);
        assert_eq!(dates("Version of 2020-02-01"), ["2020-02-01"]);
        assert_eq!(
            dates("Дата: 1.2.2020"),
            ["2020-02-01"],
            "a word of letters beyond ASCII"
        );
    }

    #[test]
    fn a_candidate_that_fails_gives_way_to_the_next_shape_at_its_place() {
        // 021000021 is first an EFT routing number (institution 210, not a
        // Canadian bank), then nine digits: a US routing number by context.
        assert!(has("ABA: 021000021", "us_aba_routing", "021000021"));
        // A batch number shaped like a routing number, with no account.
        assert!(found("batch 000312345-05; transit 3 days").is_empty());
        // After a failed candidate the search goes on inside it.
        assert!(has("ref 8548775328961958 SIN 130 692 544", "ca_sin", "130692544"));
    }

    #[test]
    fn a_bic_is_looked_for_only_within_reach_of_its_label() {
        assert!(has("SWIFT code of the bank: DEUTDEFF500", "swift_bic", "DEUTDEFF500"));
        let far = format!("SWIFT{}DEUTDEFF500", " ".repeat(200));
        assert!(found(&far).is_empty());
    }

    #[test]
    fn elements_at_the_edges_of_text_and_of_digit_windows() {
        assert!(has("130 692 544 is my SIN", "ca_sin", "130692544"));
        let long = format!("{}jane@example.ca", "word ".repeat(400));
        assert!(has(&long, "email", "jane@example.ca"));
        let local = "a".repeat(60);
        assert!(has(
            &format!("{local}@example.ca"),
            "email",
            &format!("{local}@example.ca")
        ));
    }

    #[test]
    fn an_address_near_figures_is_found_whole() {
        let text = "Ref 12 and 34, mail firstname.lastname.department.accounts@example.ca";
        assert!(has(text, "email", "firstname.lastname.department.accounts@example.ca"));
    }

    #[test]
    fn random_text_of_candidate_pieces_does_not_panic() {
        // Pieces that make and break every shape, in random order: the
        // second pass slices candidates by their shape, so any mismatch
        // between a shape and its reading would panic here.
        let pieces = [
            "0",
            "1",
            "3",
            "9",
            "00",
            "003",
            "12345",
            "1234567",
            " ",
            "-",
            ".",
            "/",
            ",",
            "\t",
            "(",
            ")",
            "+1 ",
            "+44 ",
            "@",
            "a",
            "Z",
            "RT",
            "GB82",
            "K1A",
            "0B1",
            "SIN ",
            "IBAN ",
            "BIC ",
            "DOB: ",
            "janvier ",
            "Sept. ",
            "1er ",
            "⑆",
            "⑈",
            "⑉",
            "é",
            "Institution: ",
            "Transit: ",
            "Account: ",
            "Name: ",
            "Jane ",
            "Dear ",
            "Regards,\n",
            ",\r\n",
            "Tremblay",
            "3rd quarter ",
            "troisième trimestre de ",
            "<",
            "\n",
            "Best",
            "Hi ",
            "Marie-pier ",
            "FY",
            "H1 ",
            "2023",
            "–",
            "été ",
            "Roadmap ",
        ];
        let scanner = EntityScanner::new();
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize
        };
        let mut longest = 0;
        for _ in 0..20_000 {
            let text: String = (0..next() % 80).map(|_| pieces[next() % pieces.len()]).collect();
            longest = longest.max(text.len());
            let found = scanner.scan(&text);
            scanner.periods(&text, &found.windows);
        }
        assert!(longest > 200, "the texts are varied");
    }

    #[test]
    fn hostile_text_does_not_panic() {
        let scanner = EntityScanner::new();
        for text in [
            "",
            "é",
            "SIN:",
            "003-",
            "\u{0}\u{ffff}",
            &"9".repeat(10_000),
            "Institution: 003 é",
        ] {
            scanner.scan(text);
        }
    }
}
