//! Calendar dates written in English and French text.
//!
//! Recognized forms: ISO `2022-01-28` (also with `/` or `.`), `January 28,
//! 2022`, `28 January 2022`, `Jan. 28 2022`, `28 janvier 2022`, `1er mars
//! 2022`, `28-Jan-22`, numeric day/month/year, and a month alone (`March
//! 2022`, the whole month). A numeric date's order is settled by its
//! numbers (one part above 12, or both equal) or by dots (day first);
//! else (`03/04/2022`) both readings are kept for its document to settle.

use chrono::{Datelike, NaiveDate};
use regex::Regex;
use std::sync::LazyLock;

/// A date found in text, with its byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    pub date: NaiveDate,
    /// The last day it speaks of: the same day, or a month's last.
    pub through: NaiveDate,
    pub start: usize,
    pub end: usize,
    /// How its day and month were told apart, for a numeric date.
    pub order: Order,
}

/// How a date's day and month were told apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Not in question: ISO order, a month in words, a quarter, or a
    /// numeric date whose two parts are equal.
    Settled,
    /// Numeric, a part above 12 first: the day (`28/01/2022`).
    DayFirst,
    /// Numeric, a part above 12 second: the month first (`01/28/2022`).
    MonthFirst,
    /// Numeric, either part could be the month (`03/04/2022`): `date` is
    /// the day-first reading, and this the month-first one. A document's
    /// other numeric dates may say which it is.
    Either { month_first: NaiveDate },
}

const MONTHS: &str = "jan(?:uary|vier|v)?|feb(?:ruary)?|f[eé]v(?:rier)?|mar(?:ch|s)?|apr(?:il)?|avr(?:il)?|may|mai|june?|juin|july?|juil(?:let)?|aug(?:ust)?|ao[uû]t?|sept?(?:ember|embre)?|oct(?:ober|obre)?|nov(?:ember|embre)?|dec(?:ember)?|d[eé]c(?:embre)?";

/// An ASCII word boundary: a number next to a letter is part of a word,
/// whatever the letter, and the automata stay small.
pub(crate) const WORD_BOUNDARY: &str = r"(?-u:\b)";

/// The written forms of a date: each is a shape of its own in the
/// candidate pass, so that a match is parsed from its text, without groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateForm {
    /// `2022-01-28`, `2022/01/28`, `2022.01.28`
    Iso,
    /// `January 28, 2022`, `Jan. 28th 2022`, `January 28,2022` (typed so,
    /// or a cell's line wrapped after its comma)
    MonthFirst,
    /// `28 January 2022`, `28th January 2022`, `1er mars 2022`, `28 de
    /// janvier 2022`, `the 28th day of January, 2022`, `the 3rd of March
    /// 2022`, and as exports write it, `28-Jan-2022` or `28-Jan-22`
    DayFirst,
    /// `28/01/2022`, `01.28.2022`, `01-28-2022`
    Numeric,
    /// `28/01/22`, `01.28.85`: a date or a birth date only where its own
    /// label says so (see `EntityScanner::confirm`): many numbers look like it
    NumericShortYear,
    /// `20220128`, as databases export it: a date or a birth date only
    /// where its own label says so, as `NumericShortYear`
    Compact,
    /// `March 2022`, `mars 2022`, `Sept. 2021`: a month
    MonthYear,
}

impl DateForm {
    /// The pattern of the form.
    pub fn pattern(self) -> String {
        let b = WORD_BOUNDARY;
        match self {
            // Also the date of an ISO 8601 date and time (`2022-01-28T10:15`).
            DateForm::Iso => format!(r"{b}(?:19|20)[0-9]{{2}}[-/.][0-9]{{1,2}}[-/.][0-9]{{1,2}}(?:{b}|T[0-9]{{2}}:)"),
            DateForm::MonthFirst => {
                format!(r"(?i:{b}(?:{MONTHS})\.?\s+[0-9]{{1,2}}(?:st|nd|rd|th)?(?:,\s*|\s+)(?:19|20)[0-9]{{2}}{b})")
            }
            // Also as exports and logs write it: `12-Mar-2022`, `12/Mar/2022`,
            // `12-Mar-22` (a spreadsheet's dd-mmm-yy), `12MAR2022` (a bank
            // statement's, a ticket's; the year in full); and as British
            // letters and deeds do: `12th March 2022`, `12th day of March, 2022`.
            DateForm::DayFirst => format!(
                r"(?i:{b}(?:[0-9]{{1,2}}(?:st|nd|rd|th)?|1er)(?:(?:\s+day)?\s+of)?(?:\s+(?:de\s+)?(?:{MONTHS})\.?,?\s+(?:19|20)[0-9]{{2}}|-(?:{MONTHS})-(?:(?:19|20)?[0-9]{{2}})|/(?:{MONTHS})/(?:(?:19|20)?[0-9]{{2}})|(?:{MONTHS})(?:19|20)[0-9]{{2}}){b})"
            ),
            DateForm::Numeric => format!(r"{b}[0-9]{{1,2}}[/.\-][0-9]{{1,2}}[/.\-](?:19|20)[0-9]{{2}}{b}"),
            DateForm::NumericShortYear => format!(r"{b}[0-9]{{1,2}}[/.][0-9]{{1,2}}[/.][0-9]{{2}}{b}"),
            // The month and day are checked when parsed: a pattern that
            // told them apart would cost every eight digits more states.
            DateForm::Compact => format!(r"{b}(?:19|20)[0-9]{{6}}{b}"),
            DateForm::MonthYear => format!(r"(?i:{b}(?:{MONTHS})\.?,?\s+(?:19|20)[0-9]{{2}}{b})"),
        }
    }

    /// The date a match of the form stands for, and how its day and month
    /// were told apart (for a numeric date whose order the numbers leave
    /// open, its day-first reading); `None` for impossible dates or
    /// different separators (`2022-01/28`).
    pub fn parse(self, matched: &str) -> Option<(NaiveDate, Order)> {
        match self {
            DateForm::Iso | DateForm::Numeric | DateForm::NumericShortYear => {
                // The date of a date and time.
                let matched = matched.split_once('T').map_or(matched, |(date, _)| date);
                let mut separators = matched.chars().filter(|c| !c.is_ascii_digit());
                let separator = separators.next();
                if separator != separators.next() {
                    return None;
                }
                let [a, b, c] = crate::validate::digit_runs(matched)?;
                if self == DateForm::Iso {
                    return Some((ymd(a, b, c)?, Order::Settled));
                }
                match numeric(a, b, full_year(c)?)? {
                    // Dots are the day-first countries' way: `04.03.2022`
                    // is the 4th of March wherever it is written so.
                    (date, Order::Either { .. }) if separator == Some('.') => Some((date, Order::DayFirst)),
                    read => Some(read),
                }
            }
            DateForm::Compact => {
                let digits = matched.get(..8).filter(|d| d.bytes().all(|b| b.is_ascii_digit()))?;
                Some((ymd(&digits[..4], &digits[4..6], &digits[6..])?, Order::Settled))
            }
            DateForm::MonthFirst | DateForm::DayFirst => {
                let [day, year] = crate::validate::digit_runs(matched)?;
                let mut words = matched.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty());
                // The month opens "January 28, 2022" and is the last word
                // of "1er mars 2022" and "28 de janvier 2022".
                let month = if self == DateForm::MonthFirst {
                    words.next()
                } else {
                    words.next_back()
                }?;
                let date = NaiveDate::from_ymd_opt(full_year(year)?, month_index(month)?, day.parse().ok()?)?;
                Some((date, Order::Settled))
            }
            DateForm::MonthYear => {
                let [year] = crate::validate::digit_runs(matched)?;
                let month = matched.split(|c: char| !c.is_alphabetic()).find(|w| !w.is_empty())?;
                let date = NaiveDate::from_ymd_opt(year.parse().ok()?, month_index(month)?, 1)?;
                Some((date, Order::Settled))
            }
        }
    }

    /// The last day a date of this form parsed as `date` speaks of: the
    /// month's last for a month, the day itself otherwise.
    pub fn through(self, date: NaiveDate) -> NaiveDate {
        match self {
            DateForm::MonthYear => date
                .checked_add_months(chrono::Months::new(1))
                .and_then(|next| next.pred_opt())
                .unwrap_or(date),
            _ => date,
        }
    }
}

/// A quarter and its year, either way round: `Q3 2021`, `Q3-2021`,
/// `Q3 FY2021`, `2021 Q3`, `FY2021-Q3` (the year in full). Captures:
/// quarter then year, or year then quarter.
pub(crate) const QUARTER: &str =
    r"(?-u:\b)(?:Q([1-4])[ \-/]?(?:FY ?)?((?:19|20)[0-9]{2})|(?:FY)?((?:19|20)[0-9]{2})[ \-/]?Q([1-4]))(?-u:\b)";

/// A quarter written in words, then its year: "third quarter of 2021",
/// "3rd quarter 2021", "3e trimestre 2021", "troisième trimestre de 2021".
/// Captures: the ordinal, then the year.
pub(crate) const WRITTEN_QUARTER: &str = r"(?i)(?-u:\b)(1st|first|1er|1re|premier|premi[eè]re|2nd|second|2e|2[eè]me|deuxi[eè]me|3rd|third|3e|3[eè]me|troisi[eè]me|4th|fourth|4e|4[eè]me|quatri[eè]me)\s+(?:quarter|trimestre)(?:\s+of|\s+de|\s+du|,)?\s+((?:19|20)[0-9]{2})(?-u:\b)";

/// The quarter (1 to 4) an ordinal of `WRITTEN_QUARTER` names.
pub(crate) fn quarter_of_ordinal(ordinal: &str) -> Option<u32> {
    let ordinal = ordinal.to_lowercase();
    let stems = [
        ("1", 1),
        ("first", 1),
        ("prem", 1),
        ("2", 2),
        ("second", 2),
        ("deux", 2),
        ("3", 3),
        ("third", 3),
        ("trois", 3),
        ("4", 4),
        ("fourth", 4),
        ("quatr", 4),
    ];
    stems
        .iter()
        .find(|(stem, _)| ordinal.starts_with(stem))
        .map(|&(_, n)| n)
}

/// The first and last days of quarter `n` (1 to 4) of `year`.
pub fn quarter(year: i32, n: u32) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(year, 3 * n.checked_sub(1)? + 1, 1)?;
    let last = first.checked_add_months(chrono::Months::new(3))?.pred_opt()?;
    Some((first, last))
}

/// A numeric date whose day and month cannot be told apart (`03/04/1984`),
/// written canonically (`03/04/1984`: two digits each, `/`), for a birth
/// date: that it is one matters more than its order.
pub fn ambiguous_numeric(matched: &str) -> Option<String> {
    match DateForm::Numeric.parse(matched)? {
        // The day-first reading holds the numbers in their written order.
        (date, Order::Either { .. }) => Some(format!("{:02}/{:02}/{}", date.day(), date.month(), date.year())),
        _ => None,
    }
}

/// How the day and month of a numeric date written as `matched` were
/// told apart, if it is one.
pub fn numeric_order(matched: &str) -> Option<Order> {
    DateForm::Numeric.parse(matched).map(|(_, order)| order)
}

/// A birth date written as `ambiguous_numeric` writes it, read day first
/// or month first as its document settles.
pub fn settle_ambiguous(written: &str, day_first: bool) -> Option<NaiveDate> {
    let [a, b, year] = crate::validate::digit_runs(written)?;
    if day_first {
        ymd(year, b, a)
    } else {
        ymd(year, a, b)
    }
}

/// A numeric date and its order: the numbers settle it when one part is
/// above 12 or both are equal; else both readings are kept.
fn numeric(a: &str, b: &str, year: i32) -> Option<(NaiveDate, Order)> {
    let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
    let date = |day, month| NaiveDate::from_ymd_opt(year, month, day);
    match (a > 12, b > 12) {
        (true, false) => Some((date(a, b)?, Order::DayFirst)),
        (false, true) => Some((date(b, a)?, Order::MonthFirst)),
        (false, false) if a == b => Some((date(a, b)?, Order::Settled)),
        (false, false) => Some((
            date(a, b)?,
            Order::Either {
                month_first: date(b, a)?,
            },
        )),
        (true, true) => None,
    }
}

/// A year written in full, or in two digits as spreadsheets read them:
/// 00 to 29 in the 2000s, 30 to 99 in the 1900s.
fn full_year(year: &str) -> Option<i32> {
    let number: i32 = year.parse().ok()?;
    Some(match year.len() {
        2 if number < 30 => 2000 + number,
        2 => 1900 + number,
        _ => number,
    })
}

/// How far before a date written in full the first day of its range is
/// looked for, in bytes.
const RANGE_REACH: usize = 40;

/// The first day of a range written just before its last day, without
/// the year the two share: a month and day, a day and month, or a month
/// alone (its first day), then a hyphen, a dash or a word that joins
/// them, up to the last day. (Not a day alone: "Invoice 20 - March 31"
/// and "Lot 7 to March 31" are no ranges.)
static RANGE_OPENING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:\b(?P<month>{MONTHS})\.?\s+(?P<day>[0-9]{{1,2}})(?:st|nd|rd|th)?|\b(?P<day_first>[0-9]{{1,2}})(?:st|nd|rd|th|er)?\s+(?:de\s+)?(?P<its_month>{MONTHS})\.?|\b(?P<month_alone>{MONTHS})\.?)(?:\s*[-\u{{2013}}\u{{2014}}]\s*|\s+(?:to|through|thru|until|au)\s+)$"
    ))
    .expect("built-in pattern compiles")
});

/// Where the first day of the range a date of `form` (`last`, its text
/// starting at `start`) closes is written before it, without its year,
/// and what day it is: "Jan 1 - Mar 31, 2023", "from January 1 through
/// March 31, 2023", "du 1er janvier au 31 mars 2023", "January to March
/// 2023" (its first day). The year is the last day's,
/// or the year before for a later month ("Dec 15 - Jan 14, 2024").
pub(crate) fn range_start(text: &str, start: usize, form: DateForm, last: NaiveDate) -> Option<(usize, NaiveDate)> {
    if !matches!(form, DateForm::MonthFirst | DateForm::DayFirst | DateForm::MonthYear) {
        return None;
    }
    let mut from = start.saturating_sub(RANGE_REACH);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let before = &text[from..start];
    // (A cheap test first: every date of a document is asked.)
    if !joined_to_what_follows(before) {
        return None;
    }
    let opening = RANGE_OPENING.captures(before)?;
    let month_of = |name: &str| month_index(opening.name(name)?.as_str());
    let day_of = |name: &str| opening.name(name)?.as_str().parse::<u32>().ok();
    let (month, day) = match form {
        DateForm::MonthYear => (month_of("month_alone")?, 1),
        _ => match (day_of("day"), day_of("day_first")) {
            (Some(day), _) => (month_of("month")?, day),
            (None, Some(day)) => (month_of("its_month")?, day),
            (None, None) => return None,
        },
    };
    let year = last.year() - i32::from(month > last.month());
    let first = NaiveDate::from_ymd_opt(year, month, day).filter(|first| *first < last)?;
    Some((from + opening.get(0)?.start(), first))
}

/// Whether `before` ends with what joins a range's first day to its
/// last: a hyphen, a dash, or "to", "through", "thru", "until", "au",
/// and spaces.
fn joined_to_what_follows(before: &str) -> bool {
    let words = before.trim_end_matches(' ');
    let bytes = words.as_bytes();
    match bytes.last() {
        Some(b'-') => true,
        // An en or em dash's last byte.
        Some(0x93 | 0x94) => words.ends_with(['\u{2013}', '\u{2014}']),
        Some(_) => ["to", "through", "thru", "until", "au"].iter().any(|word| {
            bytes.len() > word.len()
                && bytes[bytes.len() - word.len()..].eq_ignore_ascii_case(word.as_bytes())
                && bytes[bytes.len() - word.len() - 1] == b' '
        }),
        None => false,
    }
}

fn ymd(year: &str, month: &str, day: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

fn month_index(name: &str) -> Option<u32> {
    // The first four letters folded (on the stack: a date's month is read
    // for every date of a document), or the whole name for a letter
    // outside Latin-1.
    let mut head = [0u8; 4];
    let mut letters = name.chars();
    let folded: Option<String> = head
        .iter_mut()
        .zip(&mut letters)
        .any(|(slot, c)| match crate::fold::fold_latin1(c) {
            Some(b) => {
                *slot = b;
                false
            }
            None => true,
        })
        .then(|| crate::fold::fold_context(name));
    let folded = folded.as_deref().map_or(&head[..], str::as_bytes);
    let index = match folded.get(..3)? {
        b"jan" => 1,
        b"feb" | b"fev" => 2,
        b"mar" => 3,
        b"apr" | b"avr" => 4,
        b"may" | b"mai" => 5,
        b"jun" | b"jui" if folded.starts_with(b"juil") => 7,
        b"jun" | b"jui" => 6,
        b"jul" => 7,
        b"aug" | b"aou" => 8,
        b"sep" => 9,
        b"oct" => 10,
        b"nov" => 11,
        b"dec" => 12,
        _ => return None,
    };
    Some(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FORMS: [DateForm; 7] = [
        DateForm::Iso,
        DateForm::MonthFirst,
        DateForm::DayFirst,
        DateForm::Numeric,
        DateForm::NumericShortYear,
        DateForm::Compact,
        DateForm::MonthYear,
    ];

    /// The dates of `text`, in order, each form found by its own pattern.
    fn dates(text: &str) -> Vec<String> {
        let patterns: Vec<String> = FORMS.iter().map(|f| f.pattern()).collect();
        let regex = regex_automata::meta::Regex::new_many(&patterns).unwrap();
        regex
            .find_iter(text)
            .filter_map(|m| FORMS[m.pattern().as_usize()].parse(&text[m.range()]))
            .filter(|(_, order)| !matches!(order, Order::Either { .. }))
            .map(|(d, _)| d.to_string())
            .collect()
    }

    #[test]
    fn english_forms() {
        assert_eq!(dates("Invoice date: 2022-01-28"), ["2022-01-28"]);
        assert_eq!(
            dates("Due January 3, 2022 and Feb. 14 2022"),
            ["2022-01-03", "2022-02-14"]
        );
        assert_eq!(dates("signed 28 September 2021"), ["2021-09-28"]);
        assert_eq!(dates("Born February 15,1939"), ["1939-02-15"]);
        assert_eq!(
            dates("Posted 04-Mar-22, 4/Mar/1995 and 31-Dec-99; not 4 Mar 22"),
            ["2022-03-04", "1995-03-04", "1999-12-31"]
        );
        assert!(dates("part 12-MAR-225").is_empty());
        assert_eq!(dates("on 2021/11/03."), ["2021-11-03"]);
        assert_eq!(
            dates("booked 12-Mar-2022, logged [07/Feb/2022:10:15:00 -0500]"),
            ["2022-03-12", "2022-02-07"],
            "as exports and logs write them"
        );
        assert!(dates("12/Mar-2022").is_empty(), "one separator throughout");
        assert_eq!(dates("Value date 07MAR2022, 7Mar2022"), ["2022-03-07", "2022-03-07"]);
        assert!(
            dates("part 07MAR22 and 07MAR20221").is_empty(),
            "the year in full, alone"
        );
        assert_eq!(
            dates(r#"{"created":"2022-01-28T10:15:00Z","due":"2022-02-27T00:00:00-05:00"}"#),
            ["2022-01-28", "2022-02-27"],
            "dates and times"
        );
        assert!(dates("build 2022-01-28Tx").is_empty());
    }

    #[test]
    fn ordinal_days_and_deeds() {
        assert_eq!(dates("Dated 12th March 2022"), ["2022-03-12"]);
        assert_eq!(dates("on the 1st of"), Vec::<String>::new());
        assert_eq!(dates("Signed on this 10th day of May, 2021."), ["2021-05-10"]);
        assert_eq!(dates("the 2nd day of June 2020"), ["2020-06-02"]);
        assert_eq!(dates("Dated the 3rd of March 2022"), ["2022-03-03"]);
    }

    #[test]
    fn french_forms() {
        assert_eq!(dates("Montréal, le 1er mars 2022"), ["2022-03-01"]);
        assert_eq!(dates("Date : 17 février 2022"), ["2022-02-17"]);
        assert_eq!(
            dates("le 5 juillet 2021 et le 9 juin 2021"),
            ["2021-07-05", "2021-06-09"]
        );
        assert_eq!(dates("28 décembre 2020"), ["2020-12-28"]);
        assert_eq!(dates("3 août 2021"), ["2021-08-03"]);
    }

    #[test]
    fn a_month_alone_is_the_whole_month() {
        assert_eq!(
            dates("Statement period: February 2024; relevé de mars 2022; Sept. 2021"),
            ["2024-02-01", "2022-03-01", "2021-09-01"]
        );
        let through = |date: &str| DateForm::MonthYear.through(date.parse().unwrap()).to_string();
        assert_eq!(through("2024-02-01"), "2024-02-29");
        assert_eq!(through("2021-12-01"), "2021-12-31");
        // A month with its day is a day.
        assert_eq!(dates("March 5, 2022"), ["2022-03-05"]);
        assert!(dates("May 20225").is_empty());
    }

    #[test]
    fn an_open_order_keeps_both_readings() {
        let read = |text: &str| DateForm::Numeric.parse(text).map(|(d, o)| (d.to_string(), o));
        let either = |month_first: &str| Order::Either {
            month_first: month_first.parse().unwrap(),
        };
        assert_eq!(read("03/04/2022"), Some(("2022-04-03".into(), either("2022-03-04"))));
        assert_eq!(read("28/01/2022"), Some(("2022-01-28".into(), Order::DayFirst)));
        assert_eq!(read("01/28/2022"), Some(("2022-01-28".into(), Order::MonthFirst)));
        assert_eq!(read("04/04/2022"), Some(("2022-04-04".into(), Order::Settled)));
        assert_eq!(read("31/02/2022"), None);
        assert_eq!(read("13/14/2022"), None);
    }

    #[test]
    fn numeric_only_when_unambiguous() {
        assert_eq!(dates("28/01/2022"), ["2022-01-28"]);
        assert_eq!(dates("01/28/2022"), ["2022-01-28"]);
        assert!(dates("03/04/2022").is_empty());
        assert_eq!(ambiguous_numeric("3/4/1984").as_deref(), Some("03/04/1984"));
        assert_eq!(ambiguous_numeric("3.4.1984"), None, "dots: day first");
        assert_eq!(dates("Datum: 04.03.2022"), ["2022-03-04"]);
        // Two-digit years, read as spreadsheets read them.
        assert_eq!(dates("03/14/85 and 14.03.22"), ["1985-03-14", "2022-03-14"]);
        assert_eq!(ambiguous_numeric("3/4/85").as_deref(), Some("03/04/1985"));
        assert!(dates("1/2/345 12/10/1").is_empty());
        // Together, as databases export them.
        assert_eq!(dates("20220128 19991231"), ["2022-01-28", "1999-12-31"]);
        assert!(dates("20221328 20220230 202201281").is_empty());
        assert_eq!(ambiguous_numeric("28/01/2022"), None, "not ambiguous");
        assert_eq!(ambiguous_numeric("03/04-1984"), None, "mixed separators");
        assert_eq!(dates("04/04/2022"), ["2022-04-04"]);
        // With hyphens, as Indian and European invoices and US forms write it.
        assert_eq!(dates("Order Date: 15-10-2015"), ["2015-10-15"]);
        assert!(dates("03-12-1984").is_empty(), "ambiguous");
        assert!(dates("15-10/2015").is_empty(), "mixed separators");
    }

    #[test]
    fn impossible_dates_and_numbers_are_not_dates() {
        assert!(dates("2022-02-30").is_empty());
        assert!(dates("2022-13-01").is_empty());
        assert!(dates("qty 2022-1").is_empty());
        assert!(dates("2022-01/28").is_empty());
        assert!(dates("May I help").is_empty());
    }
}
