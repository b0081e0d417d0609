//! Sensitive elements in text: candidates found by pattern, then each
//! validated (check digits, issuer ranges, known institutions) and weighed
//! with the context words around it.
//!
//! Types whose bare form is too common to trust (a SIN, a US routing
//! number and a BN are all just nine digits; a BIC is eight capitals; a
//! date of birth is a date) are reported only with a context word nearby.
//! When candidates overlap, the more specific type wins.

use crate::context::ContextWords;
use crate::dates::{DateFinder, FoundDate};
use crate::fold::fold_context;
use crate::institutions::Institutions;
use crate::validate;
use breachscope_core::EntityType;
use regex::Regex;

/// A validated sensitive element in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub kind: EntityType,
    /// The normalized value (DESIGN.md's `value` form).
    pub value: String,
    pub start: usize,
    pub end: usize,
    /// 0 to 1: how sure the detector is.
    pub score: f32,
}

/// Words that make a labelled "name" a company, department or role rather
/// than a person.
const NOT_NAME_WORDS: &[&str] = &[
    "inc",
    "ltd",
    "ltee",
    "corp",
    "llc",
    "limited",
    "group",
    "groupe",
    "services",
    "bank",
    "banque",
    "accounts",
    "payable",
    "receivable",
    "customer",
    "service",
    "department",
    "team",
    "sales",
    "support",
    "procurement",
    "office",
    "manager",
    "comptes",
    "fournisseurs",
    "clients",
    "ventes",
    "achats",
    "direction",
];

const GIVEN_NAMES: &str = include_str!("../data/given_names.txt");

/// Generic labels a person's name may follow ("Name:"), folded; the
/// value must then start with a known given name.
const GENERIC_NAME_LABELS: &[&str] = &["name", "full name", "nom", "nom complet", "contact"];

/// Whether the word before a colon can end a name label: a cheap test on
/// the raw bytes, before any folding. Words with non-ASCII letters
/// ("employé") go on to the full test.
fn ends_like_a_name_label(before: &[u8]) -> bool {
    let trimmed = before.trim_ascii_end();
    let start = trimmed
        .iter()
        .rposition(|b| !(b.is_ascii_alphabetic() || *b >= 0x80))
        .map_or(0, |p| p + 1);
    let word = &trimmed[start..];
    if word.iter().any(|b| *b >= 0x80) {
        return true;
    }
    GENERIC_NAME_LABELS.iter().chain(PERSONAL_LABELS).any(|label| {
        let last = label.rsplit([' ', '-']).next().unwrap_or(label);
        word.eq_ignore_ascii_case(last.as_bytes())
    })
}

/// Words before a label that make it a company's, a file's or a
/// product's name rather than a person's ("Company name:").
const NAME_QUALIFIERS: &[&str] = &[
    "company",
    "business",
    "entreprise",
    "societe",
    "vendor",
    "supplier",
    "fournisseur",
    "customer",
    "client",
    "bank",
    "banque",
    "file",
    "fichier",
    "product",
    "produit",
    "project",
    "projet",
];

/// Labels that say the value is a person whatever the name looks like.
const PERSONAL_LABELS: &[&str] = &[
    "applicant",
    "demandeur",
    "demanderesse",
    "cardholder",
    "titulaire",
    "employee",
    "employe",
    "signed by",
    "signe par",
    "contact person",
    "personne ressource",
    "personne-ressource",
];

/// One word of a person's name: capitalized, with Mc/Mac/O' and
/// hyphenated forms (MacLeod, O'Brien, Jean-Pierre).
const NAME_WORD: &str = r"\p{Lu}[\p{Ll}']+(?:-?\p{Lu}[\p{Ll}']+)?";

/// How far before a candidate context words are looked for, in bytes.
const CONTEXT_BEFORE: usize = 80;
/// How far after a candidate context words are looked for, in bytes.
const CONTEXT_AFTER: usize = 24;
/// How far apart labelled bank fields may sit, in bytes.
const BANK_FIELD_SPAN: usize = 240;

/// Finds sensitive elements in text.
#[derive(Debug)]
pub struct EntityScanner {
    context: ContextWords,
    institutions: Institutions,
    dates: DateFinder,
    card: Regex,
    nine: Regex,
    business_number: Regex,
    bank_full: Regex,
    bank_delimited: Regex,
    bank_routing: Regex,
    label_institution: Regex,
    label_transit: Regex,
    label_account: Regex,
    iban: Regex,
    bic: Regex,
    email: Regex,
    phone_nanp: Regex,
    phone_intl: Regex,
    postal: Regex,
    /// A person's name at the start of a text.
    name_value: Regex,

    given_names: std::collections::HashSet<String>,
}

impl Default for EntityScanner {
    fn default() -> Self {
        EntityScanner::new()
    }
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("built-in pattern {pattern}: {e}"))
}

impl EntityScanner {
    /// Compiles every detector.
    pub fn new() -> EntityScanner {
        let b = r"(?-u:\b)";
        let label = r"\s*(?:no\.?|number|num[eé]ro|#|n°|nº)?\s*[:#]?\s*";
        EntityScanner {
            context: ContextWords::builtin(),
            institutions: Institutions::builtin(),
            dates: DateFinder::new(),
            card: re(&format!(
                r"{b}(?:\d{{4}}[ \-]?\d{{6}}[ \-]?\d{{5}}|\d{{4}}(?:[ \-]?\d{{4}}){{2}}[ \-]?\d{{2,7}}|\d{{12,19}}){b}"
            )),
            nine: re(&format!(r"{b}\d{{3}}[ \-]?\d{{3}}[ \-]?\d{{3}}{b}")),
            business_number: re(&format!(
                r"{b}(\d{{3}}[ ]?\d{{3}}[ ]?\d{{3}})[ \-]?(R[TPCMZR])[ \-]?(\d{{4}}){b}"
            )),
            bank_full: re(&format!(r"{b}(\d{{3}})[ \-](\d{{5}})[ \-](\d{{7,12}}){b}")),
            bank_delimited: re(&format!(r"{b}(\d{{3}})[,;\t|]\s*(\d{{5}})[,;\t|]\s*(\d{{7,12}}){b}")),
            bank_routing: re(&format!(r"{b}(?:0(\d{{3}})(\d{{5}})|(\d{{5}})-(\d{{3}})){b}")),
            label_institution: re(&format!(
                r"(?i)(?:{b}(?:institution|inst\.|bank|banque)|[eé]tablissement)(?:\s+(?:id|code))?{label}(\d{{3}}){b}"
            )),
            label_transit: re(&format!(r"(?i){b}(?:transit|branch|succursale){label}(\d{{5}}){b}")),
            label_account: re(&format!(
                r"(?i){b}(?:account|acct\.?|compte){label}(\d[\d \-]{{5,16}}\d){b}"
            )),
            iban: re(&format!(r"{b}[A-Z]{{2}}\d{{2}}(?:[ ]?[A-Z0-9]){{11,32}}{b}")),
            bic: re(&format!(r"{b}[A-Z]{{6}}[A-Z0-9]{{2}}(?:[A-Z0-9]{{3}})?{b}")),
            email: re(&format!(
                r"{b}[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{{2,24}}{b}"
            )),
            phone_nanp: re(&format!(
                r"(?:\+?1[ .\-]?)?(?:\((\d{{3}})\)[ ]?|{b}(\d{{3}})[ .\-])(\d{{3}})[ .\-](\d{{4}}){b}"
            )),
            phone_intl: re(&format!(r"\+([2-9]\d{{0,2}})((?:[ .\-]?\(?\d{{1,4}}\)?){{2,5}}){b}")),
            postal: re(&format!(r"{b}([A-Z]\d[A-Z])[ \-]?(\d[A-Z]\d){b}")),
            name_value: re(&format!(r"^{NAME_WORD}(?:[ ]{NAME_WORD}){{1,2}}")),
            given_names: GIVEN_NAMES
                .lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .map(fold_context)
                .collect(),
        }
    }

    /// Every sensitive element in `text`, in order of position.
    pub fn scan(&self, text: &str) -> Vec<Hit> {
        self.scan_with_dates(text).0
    }

    /// Every sensitive element in `text`, and every date in it, in order
    /// of position. Elements made of digits (and e-mail addresses) are
    /// only looked for in windows around the digits and `@`s, so that
    /// prose is not run through every pattern.
    pub fn scan_with_dates(&self, text: &str) -> (Vec<Hit>, Vec<FoundDate>) {
        let mut hits = Vec::new();
        let mut dates = Vec::new();
        for window in hot_windows(text) {
            let part = &text[window.clone()];
            let mut local = Vec::new();
            self.ibans(part, &mut local);
            self.bank_accounts(part, &mut local);
            self.cards(part, &mut local);
            self.business_numbers(part, &mut local);
            self.nine_digit_numbers(part, &mut local);
            self.emails(part, &mut local);
            self.phones(part, &mut local);
            self.postal_codes(part, &mut local);
            let found = self.dates.find(part);
            self.births(part, &found, &mut local);
            hits.extend(local.into_iter().map(|h| Hit {
                start: h.start + window.start,
                end: h.end + window.start,
                ..h
            }));
            dates.extend(found.into_iter().map(|d| FoundDate {
                start: d.start + window.start,
                end: d.end + window.start,
                ..d
            }));
        }
        if mentions_swift_or_bic(text) {
            self.bics(text, &mut hits);
        }
        if text.contains(':') {
            self.names(text, &mut hits);
        }
        (resolve_overlaps(hits), dates)
    }

    fn has_context(&self, kind: EntityType, text: &str, start: usize, end: usize) -> bool {
        let from = floor_boundary(text, start.saturating_sub(CONTEXT_BEFORE));
        let to = ceil_boundary(text, (end + CONTEXT_AFTER).min(text.len()));
        let before = fold_context(&text[from..start]);
        let after = fold_context(&text[end..to]);
        self.context.supports(kind, &before) || self.context.supports(kind, &after)
    }

    fn ibans(&self, text: &str, hits: &mut Vec<Hit>) {
        for m in self.iban.find_iter(text) {
            let compact: String = m.as_str().chars().filter(|c| *c != ' ').collect();
            let Some(len) = validate::iban_expected_length(&compact[..2]) else {
                continue;
            };
            if compact.len() < len {
                continue;
            }
            let candidate = &compact[..len];
            if validate::iban(candidate) {
                let end = end_after_chars(m.as_str(), len) + m.start();
                hits.push(hit(EntityType::Iban, candidate.to_string(), m.start(), end, 0.95));
            }
        }
    }

    fn bank_accounts(&self, text: &str, hits: &mut Vec<Hit>) {
        for pattern in [&self.bank_full, &self.bank_delimited] {
            for c in pattern.captures_iter(text) {
                let (inst, transit, account) = (&c[1], &c[2], &c[3]);
                let m = c.get(0).expect("match");
                if self.institutions.is_known(inst) {
                    let score = if self.has_context(EntityType::CaBankAccount, text, m.start(), m.end()) {
                        0.95
                    } else {
                        0.8
                    };
                    hits.push(hit(
                        EntityType::CaBankAccount,
                        format!("{inst}-{transit}-{account}"),
                        m.start(),
                        m.end(),
                        score,
                    ));
                }
            }
        }
        // A routing number (EFT 0IIITTTTT or cheque TTTTT-III) followed by
        // the account number it routes to.
        for c in self.bank_routing.captures_iter(text) {
            let (inst, transit) = match (c.get(1), c.get(2), c.get(3), c.get(4)) {
                (Some(i), Some(t), _, _) => (i.as_str(), t.as_str()),
                (_, _, Some(t), Some(i)) => (i.as_str(), t.as_str()),
                _ => continue,
            };
            if !self.institutions.is_known(inst) {
                continue;
            }
            let m = c.get(0).expect("match");
            if let Some((account, end)) = self.account_near(text, m.end()) {
                hits.push(hit(
                    EntityType::CaBankAccount,
                    format!("{inst}-{transit}-{account}"),
                    m.start(),
                    end,
                    0.9,
                ));
            }
        }
        // Labelled fields: institution, transit and account near each other.
        for inst in self.label_institution.captures_iter(text) {
            let number = inst.get(1).expect("group");
            if !self.institutions.is_known(number.as_str()) {
                continue;
            }
            let whole = inst.get(0).expect("match");
            let window_start = floor_boundary(text, whole.start().saturating_sub(BANK_FIELD_SPAN));
            let window_end = ceil_boundary(text, (whole.end() + BANK_FIELD_SPAN).min(text.len()));
            let window = &text[window_start..window_end];
            let nearest = |re: &Regex| {
                re.captures_iter(window)
                    .filter_map(|c| c.get(1))
                    .min_by_key(|g| (window_start + g.start()).abs_diff(whole.start()))
                    .map(|g| (window_start + g.start(), window_start + g.end(), g.as_str().to_string()))
            };
            let (Some(transit), Some(account)) = (nearest(&self.label_transit), nearest(&self.label_account)) else {
                continue;
            };
            let account_digits: String = account.2.chars().filter(char::is_ascii_digit).collect();
            if !(7..=12).contains(&account_digits.len()) {
                continue;
            }
            let start = whole.start().min(transit.0).min(account.0);
            let end = number.end().max(transit.1).max(account.1);
            hits.push(hit(
                EntityType::CaBankAccount,
                format!("{}-{}-{account_digits}", number.as_str(), transit.2),
                start,
                end,
                0.9,
            ));
        }
    }

    /// The first account-like number (7 to 12 digits) within reach after
    /// `from`, and where it ends.
    fn account_near(&self, text: &str, from: usize) -> Option<(String, usize)> {
        let to = ceil_boundary(text, (from + 80).min(text.len()));
        let window = &text[from..to];
        let re = &self.label_account;
        if let Some(c) = re.captures(window) {
            let g = c.get(1)?;
            let digits: String = g.as_str().chars().filter(char::is_ascii_digit).collect();
            if (7..=12).contains(&digits.len()) {
                return Some((digits, from + g.end()));
            }
        }
        let bare = window.trim_start_matches([' ', '-', '\t']);
        let offset = window.len() - bare.len();
        let digits: String = bare.chars().take_while(char::is_ascii_digit).collect();
        let next = bare[digits.len()..].chars().next();
        ((7..=12).contains(&digits.len()) && !next.is_some_and(|c| c.is_ascii_alphanumeric()))
            .then(|| (digits.clone(), from + offset + digits.len()))
    }

    fn cards(&self, text: &str, hits: &mut Vec<Hit>) {
        for m in self.card.find_iter(text) {
            if is_decimal_part(text, m.start(), m.end()) {
                continue;
            }
            let digits: String = m.as_str().chars().filter(char::is_ascii_digit).collect();
            if validate::payment_card(&digits) {
                let score = if self.has_context(EntityType::PaymentCard, text, m.start(), m.end()) {
                    0.95
                } else {
                    0.75
                };
                hits.push(hit(EntityType::PaymentCard, digits, m.start(), m.end(), score));
            }
        }
    }

    fn business_numbers(&self, text: &str, hits: &mut Vec<Hit>) {
        for c in self.business_number.captures_iter(text) {
            let root: String = c[1].chars().filter(char::is_ascii_digit).collect();
            if validate::ca_business_number_root(&root) {
                let m = c.get(0).expect("match");
                hits.push(hit(
                    EntityType::CaBusinessNumber,
                    format!("{root}{}{}", &c[2], &c[3]),
                    m.start(),
                    m.end(),
                    0.95,
                ));
            }
        }
    }

    /// Nine digits are a SIN, a BN or a US routing number only when a
    /// context word says which; consistent separators are required.
    fn nine_digit_numbers(&self, text: &str, hits: &mut Vec<Hit>) {
        for m in self.nine.find_iter(text) {
            let raw = m.as_str();
            let separators: Vec<char> = raw.chars().filter(|c| !c.is_ascii_digit()).collect();
            if separators.len() == 1 || separators.windows(2).any(|w| w[0] != w[1]) {
                continue;
            }
            let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
            let near = |kind| self.has_context(kind, text, m.start(), m.end());
            if validate::ca_sin(&digits) && near(EntityType::CaSin) {
                hits.push(hit(EntityType::CaSin, digits, m.start(), m.end(), 0.9));
            } else if separators.is_empty() && validate::us_aba_routing(&digits) && near(EntityType::UsAbaRouting) {
                hits.push(hit(EntityType::UsAbaRouting, digits, m.start(), m.end(), 0.85));
            } else if validate::ca_business_number_root(&digits) && near(EntityType::CaBusinessNumber) {
                hits.push(hit(EntityType::CaBusinessNumber, digits, m.start(), m.end(), 0.7));
            }
        }
    }

    fn emails(&self, text: &str, hits: &mut Vec<Hit>) {
        for m in self.email.find_iter(text) {
            hits.push(hit(
                EntityType::Email,
                m.as_str().to_lowercase(),
                m.start(),
                m.end(),
                0.95,
            ));
        }
    }

    fn phones(&self, text: &str, hits: &mut Vec<Hit>) {
        for c in self.phone_nanp.captures_iter(text) {
            let area = c.get(1).or(c.get(2)).expect("area code").as_str();
            let (exchange, line) = (&c[3], &c[4]);
            if area.starts_with(['0', '1']) || exchange.starts_with(['0', '1']) {
                continue;
            }
            let m = c.get(0).expect("match");
            hits.push(hit(
                EntityType::Phone,
                format!("+1{area}{exchange}{line}"),
                m.start(),
                m.end(),
                0.8,
            ));
        }
        for c in self.phone_intl.captures_iter(text) {
            // "+44 (0)1628 ..." : the (0) is dialled only from inside the country.
            let digits: String = c[0]
                .replacen("(0)", "", 1)
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            if (8..=15).contains(&digits.len()) {
                let m = c.get(0).expect("match");
                hits.push(hit(EntityType::Phone, format!("+{digits}"), m.start(), m.end(), 0.7));
            }
        }
    }

    fn postal_codes(&self, text: &str, hits: &mut Vec<Hit>) {
        for c in self.postal.captures_iter(text) {
            let compact = format!("{}{}", &c[1], &c[2]);
            if validate::ca_postal_code(&compact) {
                let m = c.get(0).expect("match");
                hits.push(hit(
                    EntityType::CaPostalCode,
                    format!("{} {}", &c[1], &c[2]),
                    m.start(),
                    m.end(),
                    0.8,
                ));
            }
        }
    }

    fn bics(&self, text: &str, hits: &mut Vec<Hit>) {
        for m in self.bic.find_iter(text) {
            if validate::swift_bic(m.as_str()) && self.has_context(EntityType::SwiftBic, text, m.start(), m.end()) {
                hits.push(hit(
                    EntityType::SwiftBic,
                    m.as_str().to_string(),
                    m.start(),
                    m.end(),
                    0.9,
                ));
            }
        }
    }

    fn births(&self, text: &str, dates: &[FoundDate], hits: &mut Vec<Hit>) {
        for found in dates {
            if self.is_birth_date(text, found.start, found.end) {
                hits.push(hit(
                    EntityType::DateOfBirth,
                    found.date.to_string(),
                    found.start,
                    found.end,
                    0.9,
                ));
            }
        }
    }

    /// Whether the date at `start..end` is labelled as a date of birth.
    /// Only the words just before it count, so that a birth date and a
    /// signature date on one line stay apart.
    pub fn is_birth_date(&self, text: &str, start: usize, _end: usize) -> bool {
        let from = floor_boundary(text, start.saturating_sub(32));
        let before = fold_context(&text[from..start]);
        self.context.supports(EntityType::DateOfBirth, &before)
    }

    /// Names written after a label and a colon ("Applicant: Marie
    /// Tremblay"). Colons are found with memchr and only their
    /// neighbourhood is read, so prose costs next to nothing.
    fn names(&self, text: &str, hits: &mut Vec<Hit>) {
        let bytes = text.as_bytes();
        for colon in memchr::memchr_iter(b':', bytes) {
            if !ends_like_a_name_label(&bytes[colon.saturating_sub(24)..colon]) {
                continue;
            }
            let from = floor_boundary(text, colon.saturating_sub(40));
            let before = fold_context(text[from..colon].trim_end());
            let label = GENERIC_NAME_LABELS
                .iter()
                .chain(PERSONAL_LABELS)
                .filter(|l| before.ends_with(*l))
                .filter(|l| !before[..before.len() - l.len()].ends_with(|c: char| c.is_alphanumeric()))
                .max_by_key(|l| l.len());
            let Some(label) = label else { continue };
            let qualifier = &before[..before.len() - label.len()];
            if NAME_QUALIFIERS
                .iter()
                .any(|w| crate::context::contains_word(qualifier, w))
            {
                continue;
            }
            let after = colon + 1;
            let end = ceil_boundary(text, (after + 96).min(text.len()));
            let rest = &text[after..end];
            let skipped = rest.len() - rest.trim_start().len();
            let Some(name) = self.name_value.find(&rest[skipped..]) else {
                continue;
            };
            let folded = crate::fold::fold_words(name.as_str());
            if NOT_NAME_WORDS.iter().any(|w| folded.contains(&format!(" {w} "))) {
                continue;
            }
            // After a generic label ("Name:", "Contact:") the first word
            // must be a known given name: sheets label companies, products
            // and totals "Name" too.
            let first = fold_context(name.as_str().split(' ').next().unwrap_or(""));
            if !PERSONAL_LABELS.contains(label) && !self.given_names.contains(&first) {
                continue;
            }
            let start = after + skipped + name.start();
            hits.push(hit(
                EntityType::PersonName,
                name.as_str().to_string(),
                start,
                start + name.len(),
                0.7,
            ));
        }
    }
}

/// Whether a text mentions SWIFT or BIC at all (SIMD substring search: a
/// BIC is only reported next to one of these words).
fn mentions_swift_or_bic(text: &str) -> bool {
    ["SWIFT", "swift", "Swift", "BIC", "bic", "Bic"]
        .iter()
        .any(|w| memchr::memmem::find(text.as_bytes(), w.as_bytes()).is_some())
}

/// How far around a digit or `@` the digit-made detectors look: the
/// longest element (an IBAN) plus the reach of context words and of
/// labelled bank fields.
const WINDOW_PAD: usize = BANK_FIELD_SPAN + 32;

/// The byte ranges of `text` within `WINDOW_PAD` of a digit or `@`,
/// merged, on character boundaries.
fn hot_windows(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let hot = |b: u8| b.wrapping_sub(b'0') < 10 || b == b'@';
    let mut windows: Vec<std::ops::Range<usize>> = Vec::new();
    // Blocks without a digit or `@` (most of prose) are skipped whole; the
    // test over a block has no early exit, so it vectorizes.
    for (block_index, block) in bytes.chunks(64).enumerate() {
        if !block.iter().fold(false, |any, &b| any | hot(b)) {
            continue;
        }
        for (k, &b) in block.iter().enumerate() {
            if !hot(b) {
                continue;
            }
            let i = block_index * 64 + k;
            let from = i.saturating_sub(WINDOW_PAD);
            let to = (i + WINDOW_PAD).min(text.len());
            match windows.last_mut() {
                Some(last) if from <= last.end => last.end = to,
                _ => windows.push(from..to),
            }
        }
    }
    windows
        .into_iter()
        .map(|w| floor_boundary(text, w.start)..ceil_boundary(text, w.end))
        .collect()
}

/// Whether the digits at `start..end` are the fraction or the whole part
/// of a decimal number (`0.4645176252319109`, `4645176252319109.5`).
fn is_decimal_part(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    let before = start >= 2 && matches!(b[start - 1], b'.' | b',') && b[start - 2].is_ascii_digit();
    let after = b.get(end).is_some_and(|c| matches!(c, b'.' | b',')) && b.get(end + 1).is_some_and(u8::is_ascii_digit);
    before || after
}

fn hit(kind: EntityType, value: String, start: usize, end: usize, score: f32) -> Hit {
    Hit {
        kind,
        value,
        start,
        end,
        score,
    }
}

/// Keeps, among overlapping hits, the one found by the more specific
/// detector (the order `scan` runs them in), then orders by position.
/// Kept spans live in an ordered map, so each check is a lookup, not a
/// pass over everything kept.
fn resolve_overlaps(hits: Vec<Hit>) -> Vec<Hit> {
    let mut spans: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
    for h in hits {
        let before = spans
            .range(..=h.start)
            .next_back()
            .is_some_and(|(_, &end)| end > h.start);
        let after = spans.range(h.start..h.end.max(h.start + 1)).next().is_some();
        if !before && !after {
            spans.insert(h.start, h.end);
            kept.push(h);
        }
    }
    kept.sort_by_key(|h| h.start);
    kept
}

/// The byte index just after the `n`th non-space character of `s`.
fn end_after_chars(s: &str, n: usize) -> usize {
    let mut seen = 0;
    for (i, c) in s.char_indices() {
        if c != ' ' {
            seen += 1;
            if seen == n {
                return i + c.len_utf8();
            }
        }
    }
    s.len()
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, String)> {
        EntityScanner::new()
            .scan(text)
            .into_iter()
            .map(|h| (h.kind.name().to_string(), h.value))
            .collect()
    }

    fn has(text: &str, kind: &str, value: &str) -> bool {
        found(text).iter().any(|(k, v)| k == kind && v == value)
    }

    #[test]
    fn sin_needs_context_and_luhn() {
        assert!(has("SIN: 130 692 544", "ca_sin", "130692544"));
        assert!(has(
            "Numéro d'assurance sociale (NAS) : 130-692-544",
            "ca_sin",
            "130692544"
        ));
        assert!(found("Order 130692544 shipped").is_empty());
        assert!(found("SIN: 130 692 545").is_empty());
        assert!(found("SIN: 046 454 286").is_empty());
        assert!(found("SIN: 130-692 544").is_empty(), "mixed separators");
    }

    #[test]
    fn cards() {
        assert!(has(
            "Visa 4556 7375 8689 9855 exp 04/25",
            "payment_card",
            "4556737586899855"
        ));
        assert!(has("Amex 3742 454554 00126", "payment_card", "374245455400126"));
        assert!(!has("Card 4111 1111 1111 1111", "payment_card", "4111111111111111"));
        assert!(found("Ref 4556737586899856").is_empty());
        assert!(found("ratio 0.4556737586899855").is_empty(), "decimals are not cards");
    }

    #[test]
    fn bank_accounts_in_every_form() {
        let want = "003-12345-1234567";
        assert!(has("Bank account: 003-12345-1234567", "ca_bank_account", want));
        assert!(has("EFT routing 000312345 account 1234567", "ca_bank_account", want));
        assert!(has("Cheque 12345-003 1234567", "ca_bank_account", want));
        assert!(has(
            "Institution: 003\nTransit number: 12345\nAccount number: 1234567",
            "ca_bank_account",
            want
        ));
        assert!(has(
            "Numéro d'établissement : 003  Numéro de transit : 12345  Numéro de compte : 1234567",
            "ca_bank_account",
            want
        ));
        assert!(has("003,12345,1234567", "ca_bank_account", want));
        assert!(found("999-12345-1234567").is_empty(), "unknown institution");
    }

    #[test]
    fn iban_bic_aba() {
        assert!(has(
            "IBAN: GB82 WEST 1234 5698 7654 32 EUR",
            "iban",
            "GB82WEST12345698765432"
        ));
        assert!(found("IBAN: GB82 WEST 1234 5698 7654 33").is_empty());
        assert!(has("SWIFT/BIC: DEUTDEFF500", "swift_bic", "DEUTDEFF500"));
        assert!(found("PURCHASE ORDER").is_empty());
        assert!(found("DEUTDEFF").is_empty(), "a BIC needs context");
        assert!(has("ABA routing 021000021", "us_aba_routing", "021000021"));
        assert!(found("Ref 021000021").is_empty());
    }

    #[test]
    fn business_numbers() {
        assert!(has(
            "GST/HST: 123456782 RT0001",
            "ca_business_number",
            "123456782RT0001"
        ));
        assert!(has("BN 123456782RT0001", "ca_business_number", "123456782RT0001"));
        assert!(found("Ref 123456789 RT0001").is_empty());
    }

    #[test]
    fn contact_elements() {
        assert!(has(
            "Write to Jane.Doe@Example.CA today",
            "email",
            "jane.doe@example.ca"
        ));
        assert!(has("Tel: (416) 555-0199", "phone", "+14165550199"));
        assert!(has("Tél. : +1 514-555-0123", "phone", "+15145550123"));
        assert!(has("Phone +44 20 7946 0958", "phone", "+442079460958"));
        assert!(has("Tel +44 (0)1628 876500", "phone", "+441628876500"));
        assert!(found("Total 100.555.1234").is_empty(), "area codes never start with 1");
        assert!(has("Ottawa ON K1A 0B1", "ca_postal_code", "K1A 0B1"));
        assert!(found("Ottawa ON D1A 0B1").is_empty());
    }

    #[test]
    fn birth_dates_and_names() {
        assert!(has("Date of birth: 1984-03-12", "date_of_birth", "1984-03-12"));
        assert!(has("Date de naissance : 12 mars 1984", "date_of_birth", "1984-03-12"));
        assert!(!has("Invoice date: 2022-01-28", "date_of_birth", "2022-01-28"));
        assert!(has("Applicant: Marie Tremblay", "person_name", "Marie Tremblay"));
        assert!(!has(
            "Company name: Acme Industrial Inc",
            "person_name",
            "Acme Industrial"
        ));
        assert!(has("Contact: Jane Roe", "person_name", "Jane Roe"));
        assert!(has("Signed by: Michael MacLeod", "person_name", "Michael MacLeod"));
        assert!(has("Nom : Jean-Pierre O'Brien", "person_name", "Jean-Pierre O'Brien"));
        assert!(found("Contact: Accounts Payable").is_empty());
        assert!(
            found("Name: Alder Hey Hospital").is_empty(),
            "a generic label needs a given name"
        );
        assert!(found("Name: Grand Total").is_empty());
        assert!(
            has("Cardholder: Xiao Qing", "person_name", "Xiao Qing"),
            "a personal label is enough"
        );
    }

    #[test]
    fn hostile_text_does_not_panic() {
        let scanner = EntityScanner::new();
        for text in [
            "",
            "é",
            "SIN:",
            "003-",
            "\u{0}\u{ffff}",
            &"9".repeat(10_000),
            "Institution: 003 é",
        ] {
            scanner.scan(text);
        }
    }
}
