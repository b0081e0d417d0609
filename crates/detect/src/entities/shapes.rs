//! The shapes of the elements made of digits (and of e-mail addresses),
//! all looked for in one pass over the text.
//!
//! One multi-pattern automaton (regex-automata's meta regex, leftmost-first)
//! reports the leftmost candidate of any shape and which shape it is: the
//! text is read once whatever the number of shapes, where one regex per
//! shape read it once per shape. Shapes are listed most specific first, so
//! where two match at the same place the more specific is tried first; when
//! a candidate fails its checks, a second automaton (all matches) says
//! which other shapes start at the same place, and those are tried in turn.

use crate::dates::{DateForm, WORD_BOUNDARY};
use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input, MatchKind, PatternID, PatternSet};
use std::ops::Range;

/// A shape of candidate, in the order candidates at one place are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    Iban,
    BankFull,
    BankDelimited,
    BankRouting,
    BankLabelled,
    Card,
    BusinessNumber,
    NineDigits,
    Email,
    PhoneNanp,
    PhoneIntl,
    PhonePairs,
    PostalCode,
    Date(DateForm),
}

impl Shape {
    /// Every shape, most specific first.
    const ALL: [Shape; 20] = [
        Shape::Iban,
        Shape::BankFull,
        Shape::BankDelimited,
        Shape::BankRouting,
        Shape::BankLabelled,
        Shape::Card,
        Shape::BusinessNumber,
        Shape::NineDigits,
        Shape::Email,
        Shape::PhoneNanp,
        Shape::PhoneIntl,
        Shape::PhonePairs,
        Shape::PostalCode,
        Shape::Date(DateForm::Iso),
        Shape::Date(DateForm::MonthFirst),
        Shape::Date(DateForm::DayFirst),
        Shape::Date(DateForm::Numeric),
        Shape::Date(DateForm::NumericShortYear),
        Shape::Date(DateForm::Compact),
        Shape::Date(DateForm::MonthYear),
    ];

    /// Where the shape sits in `ALL`.
    fn index(self) -> usize {
        Shape::ALL
            .iter()
            .position(|s| *s == self)
            .expect("every shape is listed")
    }

    /// The pattern of the shape. Its parts are told apart by the text of
    /// a match (runs of digits, letters), so no groups are captured.
    fn pattern(self) -> String {
        let b = WORD_BOUNDARY;
        match self {
            // In groups apart by spaces or hyphens; typed in lower case
            // into web forms (then it needs its word nearby, see `confirm`).
            Shape::Iban => format!(r"{b}[A-Za-z]{{2}}[0-9]{{2}}(?:[ \-]?[A-Za-z0-9]){{11,32}}{b}"),
            Shape::BankFull => format!(r"{b}[0-9]{{3}}[ \-][0-9]{{5}}[ \-][0-9]{{7,12}}{b}"),
            // Cells of a table, fields apart by slashes, or columns lined
            // up under their labels ("Institution No.   Transit No.   Account No.");
            // the transit first, as a cheque prints it and many forms ask
            // for it ("Transit   Institution   Account").
            Shape::BankDelimited => {
                let apart = r"(?:[,;\t|/]\s*|[ ]{2,})";
                format!(r"{b}(?:[0-9]{{3}}{apart}[0-9]{{5}}|[0-9]{{5}}{apart}[0-9]{{3}}){apart}[0-9]{{7,12}}{b}")
            }
            // EFT form 0IIITTTTT, or cheque form TTTTT-III (on a MICR
            // line, its dash may be the E-13B dash ⑉).
            Shape::BankRouting => format!(r"{b}(?:0[0-9]{{3}}[0-9]{{5}}|[0-9]{{5}}[\-\x{{2449}}][0-9]{{3}}){b}"),
            // "FI" (financial institution) as payment exports head the
            // column; the number padded to four digits (`0003`) as some
            // banks' exports write it, or stripped of its leading zeros
            // (`3`) as a spreadsheet keeps a number, then a cell of its own.
            Shape::BankLabelled => format!(
                r"(?i)(?:{b}(?:institution(?:\s+financi[eè]re)?|inst\.?|bank|banque|f\.?i\.?)|[eé]tablissement)(?:\s+(?:id|code))?{}(?:0?[0-9]{{3}}{b}|[0-9]{{1,2}}{CELL_END})",
                NUMBER_LABEL
            ),
            // 4-6-5 (Amex) or 4-6-4 (Diners), 4-4-4-4 and up to 19 digits
            // (a 19-digit card's last three in a group of their own), four
            // groups of four apart by dots, or written together.
            Shape::Card => format!(
                r"{b}(?:[0-9]{{4}}[ \-]?[0-9]{{6}}[ \-]?[0-9]{{4,5}}|[0-9]{{4}}(?:[ \-]?[0-9]{{4}}){{2}}[ \-]?[0-9]{{2,7}}(?:[ \-][0-9]{{3}})?|[0-9]{{4}}(?:\.[0-9]{{4}}){{3}}|[0-9]{{12,19}}){b}"
            ),
            Shape::BusinessNumber => {
                format!(r"{b}[0-9]{{3}}[ ]?[0-9]{{3}}[ ]?[0-9]{{3}}[ \-]?R[TPCMZR][ \-]?[0-9]{{4}}{b}")
            }
            // Apart by spaces, hyphens or dots (`130.692.544`, as some
            // forms print it: then only its own label makes it one).
            Shape::NineDigits => format!(r"{b}[0-9]{{3}}[ \-.]?[0-9]{{3}}[ \-.]?[0-9]{{3}}{b}"),
            Shape::Email => {
                format!(r"{b}[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{{2,24}}{b}")
            }
            // Its groups apart (the same way or not: `(613) 555-0142`;
            // the area code by a slash, `613/555-0142`, or apart from the
            // seven digits together, `613 5550142`), or its ten digits
            // together, alone or after `+1` (not `1.`: that is a decimal,
            // as `200.6393771` is); after `1-`, or dialled from abroad
            // (`001-`, `01-`); with its extension written on (`x1234`,
            // ` x1234`), as exports do.
            Shape::PhoneNanp => {
                let area = format!(r"(?:\([0-9]{{3}}\)[ .\-]?|{b}[0-9]{{3}}[ .\-/])");
                let local = r"(?:[0-9]{3}[ .\-][0-9]{4}|[0-9]{7})";
                format!(
                    r"(?:\+1[ .\-]?[0-9]{{10}}|{b}[0-9]{{10}}|(?:\+1[ .\-]?|{b}0{{0,2}}1[ .\-])?{area}{local})(?:[ ]?x[0-9]{{1,6}})?{b}"
                )
            }
            Shape::PhoneIntl => format!(r"\+[2-9][0-9]{{0,2}}(?:[ .\-]?\(?[0-9]{{1,4}}\)?){{2,5}}{b}"),
            // Dialled inside France and the countries that write numbers
            // so: ten digits from a 0, in pairs (`01 23 45 67 89`).
            Shape::PhonePairs => format!(r"{b}0[1-9](?:[ .][0-9]{{2}}){{4}}{b}"),
            // Upper case as printed, or lower case as customers type it in
            // web forms and exports keep it (written together, `a0a0a0` may
            // be a colour: then it needs its label, see `confirm`); mixed
            // case is no postal code.
            Shape::PostalCode => {
                format!(r"{b}(?:[A-Z][0-9][A-Z][ \-]?[0-9][A-Z][0-9]|[a-z][0-9][a-z][ \-]?[0-9][a-z][0-9]){b}")
            }
            Shape::Date(form) => form.pattern(),
        }
    }
}

/// What may sit between a field's label and its number: "no.", "number",
/// "numéro", "#", a note in brackets as forms give one ("Transit number
/// (5 digits):", "Numéro de transit (caisse) :"), a colon, a leader of
/// dots as a form printed to text draws one ("Transit ....... 12345").
pub(super) const NUMBER_LABEL: &str = r"\s*(?:no\.?|number|num[eé]ro|#|n°|nº)?(?-i:[ \t]*\([\x20-\x27\x2A-\x7EÀ-ÿ]{1,24}\))?\s*[:#]?(?:\s*\.(?:[ ]?\.){2,})?\s*";

/// The end of a value that is a whole cell of a row (its reader's tab,
/// a line's end, a delimiter) or of the text.
pub(super) const CELL_END: &str = r"(?:[\t\r\n,;|]|$)";

/// The compiled shapes.
#[derive(Debug)]
pub(super) struct Shapes {
    /// Every shape, leftmost-first: the next candidate and its shape.
    leftmost: Regex,
    /// Every shape, all matches: which shapes match at one place.
    every: Regex,
}

impl Shapes {
    /// Compiles every shape.
    pub fn new() -> Shapes {
        let patterns: Vec<String> = Shape::ALL.iter().map(|s| s.pattern()).collect();
        let build = |kind: MatchKind| {
            Regex::builder()
                .configure(Regex::config().match_kind(kind))
                .build_many(&patterns)
                .expect("built-in shapes compile")
        };
        Shapes {
            leftmost: build(MatchKind::LeftmostFirst),
            every: build(MatchKind::All),
        }
    }

    /// The leftmost candidate in `text[from..to]`: its shape and span.
    pub fn next(&self, text: &str, from: usize, to: usize) -> Option<(Shape, Range<usize>)> {
        let m = self.leftmost.search(&Input::new(text).range(from..to))?;
        Some((Shape::ALL[m.pattern().as_usize()], m.range()))
    }

    /// A set for `others_at` to fill, made once per text.
    pub fn pattern_set(&self) -> PatternSet {
        PatternSet::new(self.every.pattern_len())
    }

    /// The shapes after `tried` (in order) that also match at `start`;
    /// `set` is working space from `pattern_set`.
    pub fn others_at<'s>(
        &self,
        text: &str,
        start: usize,
        to: usize,
        tried: Shape,
        set: &'s mut PatternSet,
    ) -> impl Iterator<Item = Shape> + 's {
        set.clear();
        let input = Input::new(text).range(start..to).anchored(Anchored::Yes);
        self.every.which_overlapping_matches(&input, set);
        let tried = tried.index();
        set.iter()
            .map(|p| p.as_usize())
            .filter(move |p| *p > tried)
            .map(|p| Shape::ALL[p])
    }

    /// The span of the match of `shape` that starts exactly at `start`
    /// and ends by `to`.
    pub fn span(&self, shape: Shape, text: &str, start: usize, to: usize) -> Option<Range<usize>> {
        let pattern = PatternID::new(shape.index()).expect("a few shapes");
        let input = Input::new(text).range(start..to).anchored(Anchored::Pattern(pattern));
        Some(self.leftmost.search(&input)?.range())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_specific_shape_comes_first_and_the_others_are_known() {
        let shapes = Shapes::new();
        let text = "lot 000312345 here";
        assert_eq!(shapes.next(text, 0, text.len()), Some((Shape::BankRouting, 4..13)));
        let mut set = shapes.pattern_set();
        let others: Vec<Shape> = shapes
            .others_at(text, 4, text.len(), Shape::BankRouting, &mut set)
            .collect();
        assert_eq!(others, [Shape::NineDigits]);
        assert_eq!(shapes.span(Shape::NineDigits, text, 4, text.len()), Some(4..13));
        assert_eq!(shapes.span(Shape::Email, text, 4, text.len()), None);
    }

    #[test]
    fn word_boundaries_look_past_the_searched_range() {
        let shapes = Shapes::new();
        let text = "x1234567890123456";
        assert_eq!(
            shapes.next(text, 1, text.len()),
            None,
            "a number inside a word is not a card"
        );
    }
}
