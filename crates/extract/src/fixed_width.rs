//! What the fixed-width payment files (CPA-005, NACHA) share: records of
//! a set length, one a line or run together, and fields by position.
//! Positions count characters, not bytes: a payee's accented name
//! (`LTÉE`) written in UTF-8 would otherwise shift every field after it.

use crate::output::Output;
use chrono::NaiveDate;

/// The characters of a file's text (in whatever encoding it came).
pub(crate) fn characters(bytes: &[u8]) -> Vec<char> {
    crate::text::decode(bytes).chars().collect()
}

/// The records of `text`, each `length` characters at most: one a line,
/// or run together as some banks' systems write them.
pub(crate) fn records(text: &[char], length: usize) -> impl Iterator<Item = &[char]> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let start = rest.iter().position(|c| !c.is_whitespace())?;
        rest = &rest[start..];
        let line_end = rest.iter().position(|&c| c == '\n').unwrap_or(rest.len());
        let (record, after) = rest.split_at(line_end.min(length));
        rest = after;
        Some(record.strip_suffix(&['\r']).unwrap_or(record))
    })
}

/// The text of `record[from..to]`, trimmed: what of it a record cut
/// short holds.
pub(crate) fn field(record: &[char], from: usize, to: usize) -> String {
    record
        .get(from..to.min(record.len()))
        .map_or(String::new(), |s| s.iter().collect::<String>().trim().to_string())
}

/// An amount written in cents (`0001250000`) as written on a cheque
/// (`12500.00`); as written if it is not digits.
pub(crate) fn amount(cents: String) -> String {
    cents
        .parse::<u64>()
        .map_or(cents, |cents| format!("{}.{:02}", cents / 100, cents % 100))
}

/// A file's own date (`date`, read from `raw`), kept among its metadata
/// dates and shown as an ISO date, or `raw` as written if it is no date.
pub(crate) fn dated(raw: String, date: Option<NaiveDate>, out: &mut Output<'_>) -> String {
    out.meta_dates.extend(date);
    date.map_or(raw, |date| date.to_string())
}
