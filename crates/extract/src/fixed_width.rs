//! What the fixed-width payment files (CPA-005, NACHA) share: records of
//! a set length, one a line or run together, and fields by position.

use crate::output::Output;
use chrono::NaiveDate;

/// The records of `bytes`, each `length` bytes at most: one a line, or
/// run together as some banks' systems write them.
pub(crate) fn records(bytes: &[u8], length: usize) -> impl Iterator<Item = &[u8]> {
    let mut rest = bytes;
    std::iter::from_fn(move || {
        rest = rest.trim_ascii_start();
        if rest.is_empty() {
            return None;
        }
        let line_end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        let (record, after) = rest.split_at(line_end.min(length));
        rest = after;
        Some(record.strip_suffix(b"\r").unwrap_or(record))
    })
}

/// The text of `record[from..to]`, trimmed: what of it a record cut
/// short holds.
pub(crate) fn field(record: &[u8], from: usize, to: usize) -> String {
    record
        .get(from..to.min(record.len()))
        .map_or(String::new(), |s| String::from_utf8_lossy(s).trim().to_string())
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
