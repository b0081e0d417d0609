//! Calendar dates written in English and French text.
//!
//! Recognized forms: ISO `2022-01-28` (also with `/` or `.`), `January 28,
//! 2022`, `28 January 2022`, `Jan. 28 2022`, `28 janvier 2022`, `1er mars
//! 2022`, and numeric day/month/year where the order is unambiguous (one
//! part above 12, or both equal). `03/04/2022` is left alone rather than
//! guessed.

use chrono::NaiveDate;
use regex::Regex;

/// A date found in text, with its byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    pub date: NaiveDate,
    pub start: usize,
    pub end: usize,
}

/// Finds dates in text: every form in one pattern, so the text is read
/// once.
#[derive(Debug)]
pub struct DateFinder {
    any: Regex,
}

const MONTHS: &str = "jan(?:uary|vier|v)?|feb(?:ruary)?|f[eé]v(?:rier)?|mar(?:ch|s)?|apr(?:il)?|avr(?:il)?|may|mai|june?|juin|july?|juil(?:let)?|aug(?:ust)?|ao[uû]t?|sept?(?:ember|embre)?|oct(?:ober|obre)?|nov(?:ember|embre)?|dec(?:ember)?|d[eé]c(?:embre)?";

impl Default for DateFinder {
    fn default() -> Self {
        DateFinder::new()
    }
}

impl DateFinder {
    /// Compiles the date patterns.
    pub fn new() -> DateFinder {
        let b = r"(?-u:\b)";
        let forms = [
            format!(r"{b}(?P<iy>(?:19|20)\d{{2}})(?P<is1>[-/.])(?P<im>\d{{1,2}})(?P<is2>[-/.])(?P<id>\d{{1,2}}){b}"),
            format!(r"(?i:{b}(?P<mm>{MONTHS})\.?\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<my>(?:19|20)\d{{2}}){b})"),
            format!(r"(?i:{b}(?P<dd>\d{{1,2}}|1er)\s+(?:de\s+)?(?P<dm>{MONTHS})\.?,?\s+(?P<dy>(?:19|20)\d{{2}}){b})"),
            format!(r"{b}(?P<na>\d{{1,2}})(?P<ns1>[/.])(?P<nb>\d{{1,2}})(?P<ns2>[/.])(?P<ny>(?:19|20)\d{{2}}){b}"),
        ];
        DateFinder {
            any: Regex::new(&forms.join("|")).expect("date patterns"),
        }
    }

    /// Every date in `text`, in order of position, without overlaps.
    pub fn find(&self, text: &str) -> Vec<FoundDate> {
        self.any
            .captures_iter(text)
            .filter_map(|c| Some(span(parse(&c)?, &c)))
            .collect()
    }
}

/// The date one match of the combined pattern stands for.
fn parse(c: &regex::Captures<'_>) -> Option<NaiveDate> {
    let g = |name: &str| c.name(name).map(|m| m.as_str());
    if let Some(year) = g("iy") {
        return (g("is1") == g("is2")).then(|| ymd(year, g("im")?, g("id")?)).flatten();
    }
    if let Some(year) = g("my") {
        return ymd(year, &month_index(g("mm")?)?.to_string(), g("md")?);
    }
    if let Some(year) = g("dy") {
        let day = g("dd")?;
        let day = if day.eq_ignore_ascii_case("1er") { "1" } else { day };
        return ymd(year, &month_index(g("dm")?)?.to_string(), day);
    }
    let year = g("ny")?;
    if g("ns1") != g("ns2") {
        return None;
    }
    let (a, b): (u32, u32) = (g("na")?.parse().ok()?, g("nb")?.parse().ok()?);
    let (day, month) = match (a > 12, b > 12) {
        (true, false) => (a, b),
        (false, true) => (b, a),
        _ if a == b => (a, b),
        _ => return None,
    };
    ymd(year, &month.to_string(), &day.to_string())
}

fn span(date: NaiveDate, c: &regex::Captures<'_>) -> FoundDate {
    let m = c.get(0).expect("whole match");
    FoundDate {
        date,
        start: m.start(),
        end: m.end(),
    }
}

fn ymd(year: &str, month: &str, day: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

fn month_index(name: &str) -> Option<u32> {
    let folded = crate::fold::fold_context(name);
    let prefix: String = folded.chars().take(3).collect();
    let index = match prefix.as_str() {
        "jan" => 1,
        "feb" | "fev" => 2,
        "mar" => 3,
        "apr" | "avr" => 4,
        "may" | "mai" => 5,
        "jun" | "jui" if folded.starts_with("juil") => 7,
        "jun" | "jui" => 6,
        "jul" => 7,
        "aug" | "aou" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(text: &str) -> Vec<String> {
        DateFinder::new()
            .find(text)
            .iter()
            .map(|d| d.date.to_string())
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
        assert_eq!(dates("on 2021/11/03."), ["2021-11-03"]);
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
    fn numeric_only_when_unambiguous() {
        assert_eq!(dates("28/01/2022"), ["2022-01-28"]);
        assert_eq!(dates("01/28/2022"), ["2022-01-28"]);
        assert!(dates("03/04/2022").is_empty());
        assert_eq!(dates("04/04/2022"), ["2022-04-04"]);
    }

    #[test]
    fn impossible_dates_and_numbers_are_not_dates() {
        assert!(dates("2022-02-30").is_empty());
        assert!(dates("2022-13-01").is_empty());
        assert!(dates("order 20220128 qty 2022-1").is_empty());
        assert!(dates("2022-01/28").is_empty());
        assert!(dates("May I help").is_empty());
    }
}
