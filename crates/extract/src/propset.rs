//! The dates a compound file's summary information gives: when the
//! document was created and last saved, as Word, Excel and PowerPoint
//! 97-2003, Publisher and Works record them in their `SummaryInformation`
//! property set (MS-OLEPS). They are the document's metadata dates, as an
//! Office 2007 package's core properties are: a file copied to a share
//! keeps them, where its file time is the copy's.
//!
//! Read by hand: the two properties are found through the property set's
//! offset table, every offset checked against the stream.

use crate::le::{filetime, u16_at, u32_at};
use crate::ole::{stream_bytes, Compound};
use chrono::{Datelike, NaiveDate};

/// The stream, and the identifier of its property set (its FMTID as stored).
const SUMMARY_STREAM: &str = "/\u{5}SummaryInformation";
const SUMMARY_FMTID: [u8; 16] = [
    0xE0, 0x85, 0x9F, 0xF2, 0xF9, 0x4F, 0x68, 0x10, 0xAB, 0x91, 0x08, 0x00, 0x2B, 0x27, 0xB3, 0xD9,
];
/// Property identifiers: created, last saved.
const CREATED: u32 = 0x0C;
const LAST_SAVED: u32 = 0x0D;
/// The type of a date property (a FILETIME).
const VT_FILETIME: u16 = 0x40;
/// Properties looked at, at most: a summary has about twenty.
const MAX_PROPERTIES: usize = 1024;
/// The stream read at most: a summary is a few kilobytes (a thumbnail more).
const MAX_STREAM: u64 = 4 << 20;
/// Dates before this year are unset (a zero FILETIME is 1601) or damaged.
const FIRST_YEAR: i32 = 1980;

/// The creation and last-saved dates of the compound file `file`, those
/// that are set; none when it has no summary.
pub(crate) fn summary_dates(file: &mut Compound<'_>) -> Vec<NaiveDate> {
    stream_bytes(file, SUMMARY_STREAM, MAX_STREAM)
        .map(|stream| dates(&stream))
        .unwrap_or_default()
}

/// The set dates of a `SummaryInformation` stream.
fn dates(stream: &[u8]) -> Vec<NaiveDate> {
    let summary = u16_at(stream, 0) == Some(0xFFFE) && stream.get(28..44) == Some(&SUMMARY_FMTID[..]);
    let Some(set) = u32_at(stream, 44).filter(|_| summary).map(|at| at as usize) else {
        return Vec::new();
    };
    let count = u32_at(stream, set.saturating_add(4)).map_or(0, |n| (n as usize).min(MAX_PROPERTIES));
    (0..count)
        .filter_map(|i| {
            let entry = set.checked_add(8 + i * 8)?;
            let id = u32_at(stream, entry)?;
            let value = set.checked_add(u32_at(stream, entry + 4)? as usize)?;
            if !matches!(id, CREATED | LAST_SAVED) || u16_at(stream, value)? != VT_FILETIME {
                return None;
            }
            let ticks = u64::from(u32_at(stream, value + 4)?) | u64::from(u32_at(stream, value + 8)?) << 32;
            let date = filetime(i64::try_from(ticks).ok()?)?.date_naive();
            (date.year() >= FIRST_YEAR).then_some(date)
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A `SummaryInformation` stream with these FILETIME properties.
    pub(crate) fn summary(properties: &[(u32, u64)]) -> Vec<u8> {
        let mut stream = vec![0xFE, 0xFF, 0, 0, 0x05, 0x01, 0x02, 0x00];
        stream.extend([0; 16]);
        stream.extend(1u32.to_le_bytes());
        stream.extend(SUMMARY_FMTID);
        stream.extend(48u32.to_le_bytes());
        let table = 8 + properties.len() * 8;
        let mut set = Vec::new();
        set.extend(((table + properties.len() * 12) as u32).to_le_bytes());
        set.extend((properties.len() as u32).to_le_bytes());
        for (i, (id, _)) in properties.iter().enumerate() {
            set.extend(id.to_le_bytes());
            set.extend(((table + i * 12) as u32).to_le_bytes());
        }
        for (_, ticks) in properties {
            set.extend(u32::from(VT_FILETIME).to_le_bytes());
            set.extend(ticks.to_le_bytes());
        }
        stream.extend(set);
        stream
    }

    /// The FILETIME of noon on `day`.
    pub(crate) fn ticks(day: &str) -> u64 {
        let day: NaiveDate = day.parse().unwrap();
        let seconds = day.and_hms_opt(12, 0, 0).unwrap().and_utc().timestamp();
        (seconds as u64 + 11_644_473_600) * 10_000_000
    }

    #[test]
    fn created_and_last_saved_are_read_and_unset_dates_skipped() {
        let stream = summary(&[
            (CREATED, ticks("2009-06-22")),
            (0x0A, 36_000_000_000), // editing time: a duration
            (LAST_SAVED, ticks("2011-09-09")),
            (0x0B, 0), // never printed
        ]);
        let found: Vec<String> = dates(&stream).iter().map(|d| d.to_string()).collect();
        assert_eq!(found, ["2009-06-22", "2011-09-09"]);
    }

    #[test]
    fn a_compound_document_s_summary_dates_are_its_metadata_dates() {
        use crate::quill::tests::{quill_stream, utf16};
        let story = quill_stream(b"CHNKWKS ", &[(b"TEXT", utf16("Minutes of the meeting"))]);
        let works = crate::ole::tests::with_streams(&[
            (
                SUMMARY_STREAM,
                summary(&[(CREATED, ticks("2004-03-01")), (LAST_SAVED, ticks("2004-03-02"))]),
            ),
            ("/CONTENTS", story),
        ]);
        let docs = crate::reader::tests::read_bytes("minutes.wps", &works, &crate::Limits::default()).docs;
        let found: Vec<String> = docs[0].2.iter().map(|d| d.to_string()).collect();
        assert_eq!(found, ["2004-03-01", "2004-03-02"]);
    }

    #[test]
    fn a_damaged_summary_gives_no_date_and_no_panic() {
        let stream = summary(&[(CREATED, ticks("2009-06-22"))]);
        for cut in 0..stream.len() {
            let _ = dates(&stream[..cut]);
        }
        let mut other_set = stream.clone();
        other_set[28] ^= 1;
        assert!(dates(&other_set).is_empty());
        let mut far = stream.clone();
        far[44..48].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(dates(&far).is_empty());
        let mut huge = stream;
        huge[52..56].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(dates(&huge).len(), 1);
        let docs = crate::reader::tests::read_bytes(
            "x.doc",
            b"\xD0\xCF\x11\xE0 not a compound file",
            &crate::Limits::default(),
        )
        .docs;
        assert!(docs[0].2.is_empty());
    }
}
