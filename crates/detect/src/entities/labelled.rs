//! Elements found by their words rather than their digits: a BIC next to
//! "SWIFT" or "BIC", a bank's number after its name; and the quarters a
//! report is about ("Q3 2021"). (People's names: `names`.)

use super::{ceil_boundary, floor_boundary, hit, EntityScanner, HeaderMemo, Hit, CONTEXT_AFTER, CONTEXT_BEFORE};
use crate::dates::{self, FoundDate};
use crate::validate;
use breachscope_core::EntityType;
use regex::{Captures, Regex};
use std::sync::OnceLock;

/// The first match of `re` within `reach` of `text` (cut to character
/// boundaries) that holds the byte `at`. Only `reach` is read, the words
/// just before it included for the boundaries.
fn match_around<'t>(re: &Regex, text: &'t str, reach: std::ops::Range<usize>, at: usize) -> Option<Captures<'t>> {
    let to = ceil_boundary(text, reach.end.min(text.len()));
    let mut from = floor_boundary(text, reach.start);
    loop {
        let found = re.captures_at(&text[..to], from)?;
        let whole = found.get(0)?;
        if whole.start() > at {
            return None;
        }
        if at < whole.end() {
            return Some(found);
        }
        from = whole.end();
    }
}

/// Quarter `n` of `year`, written at `whole`, as the dates it speaks of.
fn quarter_date(year: i32, n: u32, whole: regex::Match<'_>) -> Option<FoundDate> {
    let (date, through) = dates::quarter(year, n)?;
    Some(FoundDate {
        date,
        through,
        start: whole.start(),
        end: whole.end(),
        order: dates::Order::Settled,
    })
}

/// How far before an institution's number in parentheses the bank's word
/// may sit: the name between them, and the label.
const BANK_NAME_REACH: usize = 80;

/// Whether the `(` at `at` opens three digits and closes (`(003)`, `( 003 )`).
fn opens_three_digits(bytes: &[u8], at: usize) -> bool {
    let past_spaces = |mut i: usize| {
        while bytes.get(i) == Some(&b' ') {
            i += 1;
        }
        i
    };
    let digits = past_spaces(at + 1);
    let close = past_spaces(digits + 3);
    bytes
        .get(digits..digits + 3)
        .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        && bytes.get(close) == Some(&b')')
}

/// The compiled word-made detectors.
#[derive(Debug)]
pub(super) struct Labelled {
    bic: regex_automata::meta::Regex,
    /// "SWIFT" and "BIC" as they are written: a BIC is only looked for
    /// near them. (A regex of literals runs on a SIMD searcher: here 30
    /// times faster than an Aho-Corasick automaton.)
    bic_words: Regex,
    /// "Bank", "Banque", "Institution" as they are written: an
    /// institution's number may follow the bank's name. Looked for only
    /// before a number in parentheses: searched for in the whole text,
    /// these literals made prose 5% slower.
    bank_words: Regex,
    /// A quarter and its year (`dates::QUARTER`).
    quarters: Regex,
    /// The words "quarter" and "trimestre", as they are written: looked
    /// for in the windows around digits (a literal search).
    quarter_words: regex_automata::meta::Regex,
    /// A quarter written in words and its year (`dates::WRITTEN_QUARTER`),
    /// compiled the first time "quarter" or "trimestre" is met: most runs
    /// never need it, and its letters of either case cost start-up 5M
    /// instructions.
    written_quarters: OnceLock<Regex>,
    /// An institution's number in parentheses, after the bank's name.
    institution_in_parentheses: Regex,
}

impl Labelled {
    /// Compiles the word-made detectors.
    pub fn new() -> Labelled {
        let re = |p: &str| Regex::new(p).expect("built-in pattern compiles");
        Labelled {
            bic: regex_automata::meta::Regex::new(r"(?-u:\b)[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?(?-u:\b)")
                .expect("built-in pattern compiles"),
            bic_words: re("SWIFT|Swift|swift|BIC|Bic|bic"),
            bank_words: re("BANK|Bank|bank|BANQUE|Banque|banque|INSTITUTION|Institution|institution"),
            quarters: re(dates::QUARTER),
            quarter_words: regex_automata::meta::Regex::new("uarter|UARTER|rimestre|RIMESTRE")
                .expect("built-in pattern compiles"),
            written_quarters: OnceLock::new(),
            institution_in_parentheses: re(r"^[^\n0-9(]{1,64}\(\s*([0-9]{3})\s*\)"),
        }
    }

    /// Eight or eleven capitals that are a valid BIC, next to a word that
    /// says so: only the reach of context words around "SWIFT" and "BIC"
    /// is searched.
    pub fn bics(&self, scanner: &EntityScanner, text: &str, headers: &HeaderMemo, hits: &mut Vec<Hit>) {
        const BIC_LEN: usize = 11;
        let mut windows: Vec<std::ops::Range<usize>> = Vec::new();
        for word in self.bic_words.find_iter(text) {
            let from = word.start().saturating_sub(CONTEXT_AFTER + BIC_LEN + 1);
            let to = (word.end() + CONTEXT_BEFORE + BIC_LEN + 1).min(text.len());
            match windows.last_mut() {
                Some(window) if from <= window.end => window.end = to,
                _ => windows.push(from..to),
            }
        }
        for window in windows {
            let window = floor_boundary(text, window.start)..ceil_boundary(text, window.end);
            for m in self.bic.find_iter(regex_automata::Input::new(text).range(window)) {
                let code = &text[m.range()];
                if validate::swift_bic(code)
                    && scanner.has_context(EntityType::SwiftBic, text, m.start(), m.end(), headers)
                {
                    hits.push(hit(EntityType::SwiftBic, code.to_string(), m.start(), m.end(), 0.9));
                }
            }
        }
    }

    /// What words say near the digits of `window` (a window of `text`
    /// around digits): a bank's institution number after its name, added
    /// to `hits`, and the quarters named with their year ("Q3 2021",
    /// "2021-Q4"), added to `dates`. Both come with digits, so prose far
    /// from any is never read for them.
    pub fn near_digits(
        &self,
        scanner: &EntityScanner,
        text: &str,
        window: std::ops::Range<usize>,
        hits: &mut Vec<Hit>,
        dates: &mut Vec<FoundDate>,
    ) {
        for word in self
            .quarter_words
            .find_iter(regex_automata::Input::new(text).range(window.clone()))
        {
            dates.extend(self.written_quarter_around(text, word.start()));
        }
        let bytes = text.as_bytes();
        for at in memchr::memchr2_iter(b'Q', b'(', &bytes[window.clone()]) {
            let at = window.start + at;
            if bytes[at] == b'Q' {
                if matches!(bytes.get(at + 1), Some(b'1'..=b'4')) {
                    dates.extend(self.quarter_around(text, at));
                }
            } else if opens_three_digits(bytes, at) {
                // The bank's word on the same line before it, within the
                // reach of a name.
                let reach = at.saturating_sub(BANK_NAME_REACH);
                let line = memchr::memrchr(b'\n', &bytes[reach..at]).map_or(reach, |i| reach + i + 1);
                let line = ceil_boundary(text, line);
                if let Some(word) = self.bank_words.find_iter(&text[line..at]).last() {
                    self.institution_after_bank_name(scanner, text, line + word.start()..line + word.end(), hits);
                }
            }
        }
    }

    /// The quarter and year written around the `Q` at `q`, as the dates
    /// they speak of.
    fn quarter_around(&self, text: &str, q: usize) -> Option<FoundDate> {
        // "FY2021-" is the most a year written first takes, "Q3-FY 2021"
        // the most a year written after: the search reads no further (a
        // `Q3` that is no quarter, inside a BIC, once sent it to the text's
        // end).
        let found = match_around(&self.quarters, text, q.saturating_sub(7)..q + 11, q)?;
        let number = |i: usize| found.get(i).and_then(|m| m.as_str().parse::<i32>().ok());
        let (n, year) = match (number(1), number(2)) {
            (Some(n), Some(year)) => (n, year),
            _ => (number(4)?, number(3)?),
        };
        quarter_date(year, u32::try_from(n).ok()?, found.get(0)?)
    }

    /// The quarter written in words around the word at `word` ("third
    /// quarter of 2021": `word` is inside "quarter"), as the dates it
    /// speaks of.
    fn written_quarter_around(&self, text: &str, word: usize) -> Option<FoundDate> {
        // "quatrième " before the word, " de 2021" after it, with room for
        // spaces.
        let written_quarters = self
            .written_quarters
            .get_or_init(|| Regex::new(dates::WRITTEN_QUARTER).expect("built-in pattern compiles"));
        let found = match_around(written_quarters, text, word.saturating_sub(24)..word + 32, word)?;
        let n = dates::quarter_of_ordinal(found.get(1)?.as_str())?;
        quarter_date(found.get(2)?.as_str().parse().ok()?, n, found.get(0)?)
    }

    /// A bank's institution number in parentheses after its name, the
    /// bank's `word` ("Bank: Royal Bank of Canada (003)"), with its transit
    /// and account labelled near it: the labelled fields of a form, found
    /// from the bank's word (a shape reaching from the label over the name
    /// cost every text 3%).
    fn institution_after_bank_name(
        &self,
        scanner: &EntityScanner,
        text: &str,
        word: std::ops::Range<usize>,
        hits: &mut Vec<Hit>,
    ) {
        let Some(number) = self
            .institution_in_parentheses
            .captures(&text[word.end..])
            .and_then(|c| c.get(1))
        else {
            return;
        };
        let number = word.end + number.start()..word.end + number.end();
        hits.extend(scanner.labelled_bank_fields(text, word.start, number));
    }
}
