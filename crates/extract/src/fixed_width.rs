//! What the fixed-width payment files (CPA-005, NACHA) share: records of
//! a set length, one a line or run together, and fields by position.
//! Positions count characters, not bytes: a payee's accented name
//! (`LTÉE`) written in UTF-8 would otherwise shift every field after it.

use crate::output::Output;
use chrono::NaiveDate;

/// The records of `text`, each `length` characters at most: one a line,
/// or run together as some banks' systems write them. One record's
/// characters are held at a time.
pub(crate) fn records(text: &str, length: usize) -> impl Iterator<Item = Vec<char>> + '_ {
    let mut rest = text.chars().peekable();
    std::iter::from_fn(move || {
        while rest.next_if(|c| c.is_whitespace()).is_some() {}
        rest.peek()?;
        let mut record: Vec<char> = Vec::with_capacity(length);
        while record.len() < length {
            match rest.next_if(|&c| c != '\n') {
                Some(c) => record.push(c),
                None => break,
            }
        }
        if record.last() == Some(&'\r') {
            record.pop();
        }
        Some(record)
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
