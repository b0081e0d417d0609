//! The second pass: one candidate at a time, its parts read from its text
//! (runs of digits, letters), its check digits, issuer ranges or
//! institution verified and its context weighed.

use super::shapes::{Shape, CELL_END, NUMBER_LABEL};
use super::{ceil_boundary, floor_boundary, hit, labelled_as_a_date, EntityScanner, HeaderMemo, Hit};
use crate::dates::{self, DateForm, FoundDate, Order, WORD_BOUNDARY};
use crate::validate;
use breachscope_core::EntityType;
use regex::Regex;
use std::ops::Range;

/// How far apart labelled bank fields may sit, in bytes.
const BANK_FIELD_SPAN: usize = 240;
/// How far after a routing number its account number may sit, in bytes.
const ACCOUNT_AFTER_ROUTING: usize = 80;

/// The MICR (E-13B) symbols of a cheque's line: transit ⑆, on-us ⑈ and
/// dash ⑉, as Unicode writes them.
const MICR_TRANSIT: char = '\u{2446}';
const MICR_ON_US: char = '\u{2448}';
const MICR_DASH: char = '\u{2449}';

/// A candidate that passed its checks.
pub(super) enum Confirmed {
    Element(Hit),
    /// A date that is not a birth date: a date the document is about.
    Date(FoundDate),
}

/// Words only the US uses to label a routing number ("routing" names
/// Canada's EFT form too).
const US_ROUTING_WORDS: &[&str] = &["aba", "rtn", "fedwire", "ach"];

/// Words that label an account's number ("US account:", "Acct #", "No de
/// compte :").
const ACCOUNT_WORDS: &[&str] = &["account", "acct", "compte"];

/// Words of a date's label in French ("Date de naissance :", "Né(e) le",
/// "Fait le", "Échéance :", "Date de facture"): French writes a numeric
/// date day first.
const FRENCH_DATE_WORDS: &[&str] = &[
    "naissance",
    "ne",
    "nee",
    "le",
    "du",
    "au",
    "echeance",
    "emission",
    "facture",
    "facturation",
    "livraison",
    "commande",
    "paiement",
    "depot",
    "signe",
    "fait",
];

/// The labelled transit and account fields of a bank form, looked for
/// around an institution number.
#[derive(Debug)]
pub(super) struct BankFieldLabels {
    transit: Regex,
    account: Regex,
}

impl BankFieldLabels {
    /// Compiles the transit and account labels.
    pub fn new() -> BankFieldLabels {
        let b = WORD_BOUNDARY;
        let re = |p: &str| Regex::new(p).expect("built-in bank label compiles");
        BankFieldLabels {
            // Five digits, or fewer as a whole cell (a spreadsheet's number
            // that lost its leading zeros: `1530` for 01530). A Desjardins
            // caisse's number is its transit ("Caisse : 30123").
            transit: re(&format!(
                r"(?i){b}(?:transit|branch|succursale|caisse){NUMBER_LABEL}(?:(\d{{5}}){b}|(\d{{1,4}}){CELL_END})"
            )),
            // Desjardins' caisses number an account as a folio.
            account: re(&format!(
                r"(?i){b}(?:account|acct\.?|compte|folio)(?:\s+id)?{NUMBER_LABEL}(\d[\d \-]{{5,16}}\d){b}"
            )),
        }
    }
}

impl EntityScanner {
    /// Checks the candidate of `shape` at `whole`.
    pub(super) fn confirm(
        &self,
        shape: Shape,
        text: &str,
        whole: Range<usize>,
        headers: &HeaderMemo,
    ) -> Option<Confirmed> {
        let raw = &text[whole.clone()];
        let element = match shape {
            Shape::Iban => self.iban(text, whole, headers),
            Shape::BankFull | Shape::BankDelimited => {
                let [first, second, account] = validate::digit_runs(raw)?;
                let transit_first = first.len() == 5;
                let (inst, transit) = if transit_first {
                    (second, first)
                } else {
                    (first, second)
                };
                if !self.institutions.is_known(inst) {
                    return None;
                }
                let context = self.has_context(EntityType::CaBankAccount, text, whole.start, whole.end, headers);
                // Numbers lined up by spaces alone are any three columns
                // unless the labels over them say bank; so are five, three
                // and more digits in any cells.
                let lined_up = !raw.contains([',', ';', '\t', '|', '/', '-']) && raw.contains("  ");
                if !context && (lined_up || transit_first) {
                    return None;
                }
                let score = if context { 0.95 } else { 0.8 };
                let value = format!("{inst}-{transit}-{account}");
                Some(hit(EntityType::CaBankAccount, value, whole.start, whole.end, score))
            }
            Shape::BankRouting => {
                // EFT 0IIITTTTT or cheque TTTTT-III, then the account it routes to.
                let (inst, transit) = match validate::digit_runs::<2>(raw) {
                    Some([transit, inst]) => (inst, transit),
                    // A US routing number so labelled (`ABA 026009593`) is no
                    // Canadian route, whatever institution its digits read as.
                    None if self.own_label_holds(text, whole.start, US_ROUTING_WORDS) => return None,
                    None => (raw.get(1..4)?, raw.get(4..9)?),
                };
                if !self.institutions.is_known(inst) {
                    return None;
                }
                let (account, end) = self.account_after(text, whole.end)?;
                let value = format!("{inst}-{transit}-{account}");
                Some(hit(EntityType::CaBankAccount, value, whole.start, end, 0.9))
            }
            // The shape ends with the three digits of the institution.
            Shape::BankLabelled => {
                // The institution's digits, past a delimiter that ends
                // their cell: the last three, or fewer padded with zeros.
                let digits_end = whole.start + raw.trim_end_matches(|c: char| !c.is_ascii_digit()).len();
                let digits_start = text[..digits_end].trim_end_matches(|c: char| c.is_ascii_digit()).len();
                let number = digits_end.saturating_sub(3).max(digits_start)..digits_end;
                self.labelled_bank_fields(text, whole.start, number)
            }
            Shape::Card => self.card(text, whole, headers),
            Shape::BusinessNumber => {
                // Nine digits, a two-letter program (RT, RP, ...), four digits.
                let program = raw.find(|c: char| c.is_ascii_uppercase())?;
                let root = validate::digits(&raw[..program]);
                let reference = validate::digits(&raw[program + 2..]);
                validate::ca_business_number_root(&root).then(|| {
                    let value = format!("{root}{}{reference}", &raw[program..program + 2]);
                    hit(EntityType::CaBusinessNumber, value, whole.start, whole.end, 0.95)
                })
            }
            Shape::NineDigits => self.nine_digits(text, whole, headers),
            Shape::Email => Some(hit(EntityType::Email, raw.to_lowercase(), whole.start, whole.end, 0.95)),
            // `514-555-0199-A` is a part number.
            Shape::PhoneNanp if inside_a_reference(text, whole.start, whole.end, true) => None,
            Shape::PhoneNanp => self.nanp_phone(text, whole, headers),
            Shape::PhoneIntl => {
                // "+44 (0)1628 ...": the (0) is dialled only from inside the country.
                let digits = validate::digits(&raw.replacen("(0)", "", 1));
                (8..=15)
                    .contains(&digits.len())
                    .then(|| hit(EntityType::Phone, format!("+{digits}"), whole.start, whole.end, 0.7))
            }
            // Pairs of digits are any list of numbers unless labelled as a
            // phone's; kept as dialled (its country is not written).
            Shape::PhonePairs => self
                .own_label_says(EntityType::Phone, text, whole.start)
                .then(|| hit(EntityType::Phone, validate::digits(raw), whole.start, whole.end, 0.7)),
            // `#C0C0C0` is a colour.
            Shape::PostalCode if text[..whole.start].ends_with('#') => None,
            // Typed in lower case and together, it is one only where its
            // label says so ("Postal code: k1a0b1").
            Shape::PostalCode
                if raw.len() == 6
                    && raw.starts_with(|c: char| c.is_ascii_lowercase())
                    && !self.own_label_says(EntityType::CaPostalCode, text, whole.start) =>
            {
                None
            }
            Shape::PostalCode => {
                let compact: String = raw
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .map(|c| c.to_ascii_uppercase())
                    .collect();
                validate::ca_postal_code(&compact).then(|| {
                    let value = format!("{} {}", &compact[..3], &compact[3..]);
                    hit(EntityType::CaPostalCode, value, whole.start, whole.end, 0.8)
                })
            }
            Shape::Date(_) if inside_a_reference(text, whole.start, whole.end, false) => None,
            Shape::Date(DateForm::Numeric | DateForm::Iso)
                if raw.as_bytes().contains(&b'.') && after_a_version_word(text, whole.start) =>
            {
                None
            }
            // A year in two digits, or a date without separators: a date
            // only where labelled as one.
            Shape::Date(DateForm::NumericShortYear | DateForm::Compact)
                if !labelled_as_a_date(text, whole.start)
                    && !self.is_birth_date(text, whole.start, whole.end, headers) =>
            {
                None
            }
            Shape::Date(form) => {
                let (date, order) = match form.parse(raw)? {
                    (date, Order::Either { .. }) if self.own_label_holds(text, whole.start, FRENCH_DATE_WORDS) => {
                        (date, Order::DayFirst)
                    }
                    read => read,
                };
                if !self.is_birth_date(text, whole.start, whole.end, headers) {
                    // From the first day of the range it closes, if one is
                    // written before it without its year.
                    let (start, first) =
                        dates::range_start(text, whole.start, form, date).unwrap_or((whole.start, date));
                    return Some(Confirmed::Date(FoundDate {
                        date: first,
                        through: form.through(date),
                        start,
                        end: whole.end,
                        order,
                    }));
                }
                match order {
                    // A birth month is no date of birth (no day), nor a
                    // date the document is about.
                    _ if form == DateForm::MonthYear => None,
                    // A birth date whose day and month cannot be told
                    // apart is still a birth date: reported as written.
                    Order::Either { .. } => {
                        let written = dates::ambiguous_numeric(raw)?;
                        Some(hit(EntityType::DateOfBirth, written, whole.start, whole.end, 0.8))
                    }
                    _ => Some(hit(
                        EntityType::DateOfBirth,
                        date.to_string(),
                        whole.start,
                        whole.end,
                        0.9,
                    )),
                }
            }
        };
        element.map(Confirmed::Element)
    }

    /// An IBAN candidate: the country's length taken from it and checked
    /// by mod 97. Written in lower case, it also needs "IBAN" near it: a
    /// hash or key in lower-case hex passes mod 97 once in 97.
    fn iban(&self, text: &str, whole: Range<usize>, headers: &HeaderMemo) -> Option<Hit> {
        let raw = &text[whole.clone()];
        let compact: String = raw
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let len = validate::iban_length(compact.get(..2)?)?;
        let candidate = compact.get(..len)?;
        if !validate::iban(candidate) {
            return None;
        }
        let end = whole.start + end_after_chars(raw, len);
        let typed = raw[..end - whole.start].bytes().any(|b| b.is_ascii_lowercase());
        if typed && !self.has_context(EntityType::Iban, text, whole.start, end, headers) {
            return None;
        }
        Some(hit(EntityType::Iban, candidate.to_string(), whole.start, end, 0.95))
    }

    fn card(&self, text: &str, whole: Range<usize>, headers: &HeaderMemo) -> Option<Hit> {
        if is_decimal_part(text, whole.start, whole.end) {
            return None;
        }
        let raw = &text[whole.clone()];
        let digits = validate::digits(raw);
        let shaped = validate::card_shaped(&digits);
        if shaped && validate::issued_range(&digits) {
            return self.issued_card(text, digits, whole, headers);
        }
        // A group written after a card is none of it: a 19-digit card's
        // last three digits are its own only when the sixteen before them
        // are no card (then they are its CVV), and a 12-digit card's
        // expiry month ("567567267974 05/27") is read on as a group.
        if let Some(at) = raw.rfind([' ', '-']) {
            let before = validate::digits(&raw[..at]);
            if validate::payment_card(&before) {
                return self.issued_card(text, before, whole.start..whole.start + at, headers);
            }
        }
        // An issuer missing from the tables (a private label's, a retired
        // range, a generator's made-up prefix) where the number's own label
        // says card: the data is a card number to whoever holds it.
        (shaped && self.own_label_says(EntityType::PaymentCard, text, whole.start))
            .then(|| hit(EntityType::PaymentCard, digits, whole.start, whole.end, 0.6))
    }

    /// The card number `digits` at `whole`, of an issuer's range. Twelve to
    /// fourteen digits written together are more often a barcode (UPC-A,
    /// EAN-13, GTIN-14), a ticket or a reference than a card (a Maestro's,
    /// a Diners Club's, a 13-digit Visa's, rare now): a card only where a
    /// card word says so.
    fn issued_card(&self, text: &str, digits: String, whole: Range<usize>, headers: &HeaderMemo) -> Option<Hit> {
        let together = digits.len() == whole.len();
        if digits.len() < 15
            && together
            && !self.has_context(EntityType::PaymentCard, text, whole.start, whole.end, headers)
        {
            return None;
        }
        Some(self.card_hit(text, digits, whole, headers))
    }

    /// A card number whose issuer is known, scored by the words near it.
    fn card_hit(&self, text: &str, digits: String, whole: Range<usize>, headers: &HeaderMemo) -> Hit {
        let score = if self.has_context(EntityType::PaymentCard, text, whole.start, whole.end, headers) {
            0.95
        } else {
            0.75
        };
        hit(EntityType::PaymentCard, digits, whole.start, whole.end, score)
    }

    /// Nine digits are a SIN, a BN or a US routing number only when a
    /// context word says which; consistent separators are required.
    fn nine_digits(&self, text: &str, whole: Range<usize>, headers: &HeaderMemo) -> Option<Hit> {
        let raw = &text[whole.clone()];
        let separators: Vec<char> = raw.chars().filter(|c| !c.is_ascii_digit()).collect();
        if separators.len() == 1 || separators.windows(2).any(|w| w[0] != w[1]) {
            return None;
        }
        let digits = validate::digits(raw);
        // What the number may be, by its check digits and the words near it.
        let may_be = [
            (EntityType::CaSin, validate::ca_sin(&digits), 0.9),
            (
                EntityType::UsAbaRouting,
                separators.is_empty() && validate::us_aba_routing(&digits),
                0.85,
            ),
            (
                EntityType::CaBusinessNumber,
                validate::ca_business_number_root(&digits),
                0.7,
            ),
        ]
        .into_iter()
        .filter(|&(kind, valid, _)| valid && self.has_context(kind, text, whole.start, whole.end, headers));
        // Its own label, where the words near it speak of more than one
        // ("SIN: ..." on the line over "Routing number: ...").
        // Written with dots, it is an amount (`130.692.544` in Europe)
        // unless its own label says what it is.
        let dotted = separators.first() == Some(&'.');
        let mut first = None;
        for (kind, _, score) in may_be {
            if self.own_label_says(kind, text, whole.start) {
                return Some(hit(kind, digits, whole.start, whole.end, score));
            }
            if !dotted {
                first.get_or_insert((kind, score));
            }
        }
        // Labelled an account's number ("US account: 106342400"), it is
        // none of them, whatever its neighbours' labels say.
        if self.own_label_holds(text, whole.start, ACCOUNT_WORDS) {
            return None;
        }
        let (kind, score) = first?;
        Some(hit(kind, digits, whole.start, whole.end, score))
    }

    /// A North American phone number: area code, exchange and line, after
    /// the country code 1 if written, with its extension if written on.
    fn nanp_phone(&self, text: &str, whole: Range<usize>, headers: &HeaderMemo) -> Option<Hit> {
        let raw = &text[whole.clone()];
        // The number, without its extension.
        let number_part = raw.split('x').next().unwrap_or(raw).trim_end();
        let digits = validate::digits(number_part);
        // Ten digits, after the country code 1 if written.
        let number = &digits[digits.len().checked_sub(10)?..];
        let value = || format!("+1{number}");
        // Ten digits together are any reference number unless labelled as
        // a phone's (by their own label or their column's), or written
        // after `+1`. Starting with 0, they are a
        // number dialled inside another country (France's `01 ...`), kept
        // as written: its country is not known.
        let labelled = || {
            self.own_label_says(EntityType::Phone, text, whole.start)
                || self.header_says(EntityType::Phone, text, whole.start, whole.end, headers)
        };
        if number_part.len() == 10 {
            let value = if number.starts_with('0') {
                number.to_string()
            } else {
                value()
            };
            return labelled().then(|| hit(EntityType::Phone, value, whole.start, whole.end, 0.7));
        }
        // So are the seven digits after the area code written together,
        // or the area code before a slash (`613 5550142`, `613/555-0142`):
        // any two numbers, unless so labelled.
        let seven_together = number_part.len() > 7 && {
            let (area, seven) = number_part.as_bytes().split_at(number_part.len() - 7);
            seven.iter().all(u8::is_ascii_digit) && !area.last().is_some_and(u8::is_ascii_digit)
        };
        if (seven_together || number_part.contains('/')) && !labelled() {
            return None;
        }
        // Area codes and exchanges never start with 0 or 1; a number whose
        // do is still written down as a phone's where a label says so
        // (made-up and mistyped numbers are a customer's data all the same).
        let (area, exchange) = (&number[..3], &number[3..6]);
        if !area.starts_with(['0', '1']) && !exchange.starts_with(['0', '1']) {
            Some(hit(EntityType::Phone, value(), whole.start, whole.end, 0.8))
        } else {
            self.has_context(EntityType::Phone, text, whole.start, whole.end, headers)
                .then(|| hit(EntityType::Phone, value(), whole.start, whole.end, 0.6))
        }
    }

    /// The first account-like number (7 to 12 digits) within reach after
    /// `from`, labelled or bare, and where it ends.
    fn account_after(&self, text: &str, from: usize) -> Option<(String, usize)> {
        let to = ceil_boundary(text, (from + ACCOUNT_AFTER_ROUTING).min(text.len()));
        let window = &text[from..to];
        // Labelled, with no other number between (a card's on the line
        // between is not the routed account's label's), nor more digits
        // after it ("Bank account: 001696044 323238107853" and "Bank
        // account: 030-10749-9475811865" hold a route of their own).
        if let Some(g) = self.bank_labels.account.captures(window).and_then(|c| c.get(1)) {
            let digits = validate::digits(g.as_str());
            let between = &window.as_bytes()[..g.start()];
            // (Read past the window: it may cut the number.)
            let more = text[from + g.end()..]
                .trim_start_matches([' ', '\t', '-'])
                .starts_with(|c: char| c.is_ascii_digit());
            if (7..=12).contains(&digits.len()) && !between.iter().any(u8::is_ascii_digit) && !more {
                return Some((digits, from + g.end()));
            }
        }
        // Bare, as on a cheque's MICR line: "⑆12345-003⑆ 1234567⑈", the
        // account number perhaps broken by MICR dashes (⑉).
        let bare = window.trim_start_matches([' ', '-', '\t', MICR_TRANSIT, MICR_ON_US]);
        let offset = window.len() - bare.len();
        let field_len: usize = bare
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == MICR_DASH)
            .map(char::len_utf8)
            .sum();
        let field = bare[..field_len].trim_end_matches(MICR_DASH);
        let digits = validate::digits(field);
        let next = text[from + offset + field.len()..].chars().next();
        ((7..=12).contains(&digits.len()) && !next.is_some_and(|c| c.is_ascii_alphanumeric()))
            .then(|| (digits, from + offset + field.len()))
    }

    /// A labelled institution number (its label at `label`, its digits at
    /// `number`) with labelled transit and account numbers near it
    /// ("Institution: 003 / Transit: 12345 / Account: 1234567"), as bank
    /// forms write them.
    pub(super) fn labelled_bank_fields(&self, text: &str, label: usize, number: Range<usize>) -> Option<Hit> {
        let institution = format!("{:0>3}", &text[number.clone()]);
        if !self.institutions.is_known(&institution) {
            return None;
        }
        let window_start = floor_boundary(text, label.saturating_sub(BANK_FIELD_SPAN));
        let window_end = ceil_boundary(text, (number.end + BANK_FIELD_SPAN).min(text.len()));
        let window = &text[window_start..window_end];
        // The nearest field that can be one: an "Account 003-12345-1234567"
        // on the line before holds a whole account, not this one's number.
        let nearest = |re: &Regex, fits: fn(&str) -> bool| {
            re.captures_iter(window)
                .filter_map(|c| c.get(1).or_else(|| c.get(2)))
                .filter(|g| fits(g.as_str()))
                .min_by_key(|g| (window_start + g.start()).abs_diff(label))
                .map(|g| (window_start + g.start()..window_start + g.end(), g.as_str()))
        };
        fn an_account(number: &str) -> bool {
            (7..=12).contains(&number.bytes().filter(u8::is_ascii_digit).count())
        }
        let (transit, transit_number) = nearest(&self.bank_labels.transit, |_| true)?;
        let (account, account_number) = nearest(&self.bank_labels.account, an_account)?;
        let account_digits = validate::digits(account_number);
        let start = label.min(transit.start).min(account.start);
        let end = number.end.max(transit.end).max(account.end);
        let value = format!("{institution}-{transit_number:0>5}-{account_digits}");
        Some(hit(EntityType::CaBankAccount, value, start, end, 0.9))
    }
}

/// Whether the digits at `start..end` are the fraction or the whole part
/// of a decimal number (`0.4645176252319109`, `4645176252319109.5`).
fn is_decimal_part(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    let before = start >= 2 && matches!(b[start - 1], b'.' | b',') && b[start - 2].is_ascii_digit();
    let after = b.get(end).is_some_and(|c| matches!(c, b'.' | b',')) && b.get(end + 1).is_some_and(u8::is_ascii_digit);
    before || after
}

/// The byte index just after the `n`th character of `s` that is not a
/// space or hyphen.
fn end_after_chars(s: &str, n: usize) -> usize {
    let mut seen = 0;
    for (i, c) in s.char_indices() {
        if !matches!(c, ' ' | '-') {
            seen += 1;
            if seen == n {
                return i + c.len_utf8();
            }
        }
    }
    s.len()
}

/// Words that number a version, as dots write one ("Version 1.2.2020",
/// "Release 3.1.2021"): not a date after them.
const VERSION_WORDS: &[&str] = &["version", "ver", "release", "build", "rev", "revision"];

/// Whether the word just before `start` (past spaces, a colon or a dot)
/// is one of `VERSION_WORDS`.
fn after_a_version_word(text: &str, start: usize) -> bool {
    let before = text[floor_boundary(text, start.saturating_sub(24))..start].trim_end_matches([' ', '\t', ':', '.']);
    let word = &before[before.trim_end_matches(|c: char| c.is_ascii_alphabetic()).len()..];
    VERSION_WORDS.iter().any(|version| word.eq_ignore_ascii_case(version))
}

/// Whether `start..end` is joined by a hyphen to more digits, or with
/// `letters_after` to a letter after it (`Ref 1984-03-12-001`, part
/// `514-555-0199-A`): a reference number, not a date or a phone number.
/// (A name before is no reference: `Invoice-2019-08-07.pdf` is dated.)
fn inside_a_reference(text: &str, start: usize, end: usize, letters_after: bool) -> bool {
    let bytes = text.as_bytes();
    let digit_at = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let more_after = digit_at(end + 1) || (letters_after && bytes.get(end + 1).is_some_and(u8::is_ascii_alphabetic));
    (bytes.get(end) == Some(&b'-') && more_after) || (start >= 2 && bytes[start - 1] == b'-' && digit_at(start - 2))
}
