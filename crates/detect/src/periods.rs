//! The periods a text names with a year alone: a fiscal year ("FY2024",
//! "exercice 2023"), a half ("H2 2024", "S1 2023"), a season ("Spring
//! 2024 promotion", "printemps 2023"), a span of years ("Roadmap
//! 2023–2025"), and a year that a plan's word before or after makes one
//! ("Budget 2024", "2024 promotion"; not "in 2014": a letter names years
//! it is not about). A roadmap or a promotion often
//! names nothing finer; these are its dates when it names no day or month
//! (see `DocumentScan`), not beside them: "© 2019-2024" on an invoice
//! says nothing of what it bills.

use crate::dates::{FoundDate, Order};
use chrono::NaiveDate;
use regex::{Captures, Regex};

/// A year in full.
const YEAR: &str = "(?:19|20)[0-9]{2}";

/// Between the years of a span.
const TO: &str = " ?(?:-|–|—|to|à|au) ?";

/// How many years a span of years may cover: more is no period a record
/// is about ("1990-2049" is a range of something else).
const LONGEST_SPAN: i32 = 10;

/// Finds the periods a text names.
#[derive(Debug)]
pub struct Periods {
    pattern: Regex,
}

impl Default for Periods {
    fn default() -> Self {
        Periods::new()
    }
}

impl Periods {
    /// Compiles the forms of a period.
    pub fn new() -> Periods {
        let b = r"(?-u:\b)";
        let forms = [
            format!(
                r"{b}(?:FY ?|fiscal(?: year)? |exercice(?: financier)? |ann[ée]e financi[èe]re )(?P<fiscal>{YEAR})(?:[-/–](?P<fiscal_end>[0-9]{{2}}(?:[0-9]{{2}})?))?"
            ),
            format!(r"{b}(?P<half>[HS][12]) ?(?P<half_year>{YEAR})"),
            // "été" opens with a letter an ASCII boundary does not see.
            format!(
                r"(?:{b}(?P<season>spring|summer|fall|autumn|winter|printemps|ete|automne|hiver)|(?P<summer>[ÉéEe]t[ée])) (?:de |d')?(?P<season_year>{YEAR})"
            ),
            format!(r"{b}(?P<from>{YEAR}){TO}(?P<to>{YEAR})"),
            // The word before may open a span ("Roadmap 2023-2025").
            format!(
                r"{b}(?:roadmap|plan|budget|forecast|strategy|stratégie|feuille de route|prévisions?) (?P<after_word>{YEAR})(?:{TO}(?P<after_word_to>{YEAR}))?"
            ),
            format!(
                r"{b}(?P<before_word>{YEAR}) (?:roadmap|plan|budget|forecast|strategy|promotions?|catalogu?e?|price list)"
            ),
        ];
        let pattern = format!("(?i)(?:{}){b}", forms.join("|"));
        Periods {
            pattern: Regex::new(&pattern).expect("built-in pattern compiles"),
        }
    }

    /// The periods named in `text[range]` (a window of it: the words
    /// before it are read for the boundaries), each as its first and last
    /// days and where it is written.
    pub fn find_in(&self, text: &str, range: std::ops::Range<usize>, periods: &mut Vec<FoundDate>) {
        let mut at = range.start;
        while let Some(found) = self.pattern.captures_at(&text[..range.end], at) {
            let whole = found.get(0).expect("a match has a whole");
            at = whole.end();
            if let Some((date, through)) = period(&found) {
                periods.push(FoundDate {
                    date,
                    through,
                    start: whole.start(),
                    end: whole.end(),
                    order: Order::Settled,
                });
            }
        }
    }
}

/// The first and last days of the period one match names.
fn period(found: &Captures<'_>) -> Option<(NaiveDate, NaiveDate)> {
    let year = |name: &str| found.name(name)?.as_str().parse::<i32>().ok();
    let day = |year: i32, month: u32, day: u32| NaiveDate::from_ymd_opt(year, month, day);
    let whole_year = |year: i32| Some((day(year, 1, 1)?, day(year, 12, 31)?));
    if let Some(half) = found.name("half") {
        let year = year("half_year")?;
        return if half.as_str().ends_with('1') {
            Some((day(year, 1, 1)?, day(year, 6, 30)?))
        } else {
            Some((day(year, 7, 1)?, day(year, 12, 31)?))
        };
    }
    if let Some(season) = found.name("season").or_else(|| found.name("summer")) {
        let year = year("season_year")?;
        // Winter is taken as the year's first three months, as a school
        // term and a season's catalogue name it.
        let (first, last) = match crate::fold::fold_context(season.as_str()).as_str() {
            "spring" | "printemps" => (3, 5),
            "summer" | "ete" => (6, 8),
            "fall" | "autumn" | "automne" => (9, 11),
            _ => (1, 3),
        };
        let end = day(year, last + 1, 1)?.pred_opt()?;
        return Some((day(year, first, 1)?, end));
    }
    let span = year("from")
        .zip(year("to"))
        .or_else(|| year("after_word").zip(year("after_word_to")));
    if let Some((from, to)) = span {
        if from >= to || to - from > LONGEST_SPAN {
            return None;
        }
        return Some((day(from, 1, 1)?, day(to, 12, 31)?));
    }
    if let Some(from) = year("fiscal") {
        // A fiscal year across two calendar years ("FY 2006-07",
        // "exercice 2023-2024") covers both.
        let ends_the_year_after = match found.name("fiscal_end").map(|end| end.as_str()) {
            Some(end) if end.len() == 2 => (from + 1) % 100 == end.parse::<i32>().ok()?,
            Some(end) => from + 1 == end.parse::<i32>().ok()?,
            None => false,
        };
        let to = if ends_the_year_after { from + 1 } else { from };
        return Some((day(from, 1, 1)?, day(to, 12, 31)?));
    }
    whole_year(year("after_word").or_else(|| year("before_word"))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<(String, String)> {
        let mut found = Vec::new();
        Periods::new().find_in(text, 0..text.len(), &mut found);
        found
            .iter()
            .map(|p| (p.date.to_string(), p.through.to_string()))
            .collect()
    }

    fn span(first: &str, last: &str) -> Vec<(String, String)> {
        vec![(first.to_string(), last.to_string())]
    }

    #[test]
    fn fiscal_years_halves_and_seasons() {
        assert_eq!(spans("Product roadmap FY2024"), span("2024-01-01", "2024-12-31"));
        assert_eq!(spans("Fiscal year 2023 results"), span("2023-01-01", "2023-12-31"));
        assert_eq!(spans("Exercice financier 2022"), span("2022-01-01", "2022-12-31"));
        assert_eq!(spans("Budget FY 2006-07"), span("2006-01-01", "2007-12-31"));
        assert_eq!(spans("Exercice 2023-2024"), span("2023-01-01", "2024-12-31"));
        assert_eq!(spans("FY1999/00"), span("1999-01-01", "2000-12-31"));
        assert_eq!(
            spans("FY2006-09"),
            span("2006-01-01", "2006-12-31"),
            "not the year after: a month, as often"
        );
        assert_eq!(spans("Plan for H2 2024"), span("2024-07-01", "2024-12-31"));
        assert_eq!(spans("Bilan S1 2023"), span("2023-01-01", "2023-06-30"));
        assert_eq!(spans("Spring 2024 promotion"), span("2024-03-01", "2024-05-31"));
        assert_eq!(spans("Promotion d'été 2023"), span("2023-06-01", "2023-08-31"));
        assert_eq!(spans("Catalogue automne 2021"), span("2021-09-01", "2021-11-30"));
        assert_eq!(spans("Winter 2022 price list"), span("2022-01-01", "2022-03-31"));
    }

    #[test]
    fn spans_of_years_and_years_a_word_makes() {
        assert_eq!(spans("Roadmap 2023-2025"), span("2023-01-01", "2025-12-31"));
        assert_eq!(spans("Plan 2023 – 2025"), span("2023-01-01", "2025-12-31"));
        assert_eq!(spans("Feuille de route 2024"), span("2024-01-01", "2024-12-31"));
        assert_eq!(spans("Prévisions 2024"), span("2024-01-01", "2024-12-31"));
        assert!(spans("Projected to exceed the limit in 2014.").is_empty());
        assert!(
            spans("Welcome to Microsoft Outlook 2003").is_empty(),
            "a product's name"
        );
        assert_eq!(spans("the 2024 budget"), span("2024-01-01", "2024-12-31"));
        assert!(spans("1990-2049").is_empty(), "too long to be a period");
        assert!(spans("2025-2023").is_empty(), "backwards");
        assert!(spans("Order 2000 units").is_empty(), "a year needs its word");
        assert!(spans("H3 2024, FY20245, SFY2024").is_empty());
    }

    #[test]
    fn hostile_text_does_not_panic() {
        for text in ["", "FY", "é2024", "H1 ", "2024-", "Spring 2024é", "été 2024"] {
            spans(text);
        }
    }
}
