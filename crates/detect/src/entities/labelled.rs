//! Elements found by their words rather than their digits: a BIC next to
//! "SWIFT" or "BIC", a person's name after a label and a colon
//! ("Applicant: Marie Tremblay"), a bank's number after its name; and the
//! quarters a report is about ("Q3 2021").

use super::name_words;
use super::{ceil_boundary, floor_boundary, hit, EntityScanner, Hit, CONTEXT_AFTER, CONTEXT_BEFORE};
use crate::dates::{self, FoundDate};
use crate::fold::{fold_context, fold_words};
use crate::validate;
use breachscope_core::EntityType;
use regex::{Captures, Regex};
use std::collections::HashSet;
use std::sync::OnceLock;

/// Words that make a labelled "name" a company, department, role,
/// institution or place rather than a person ("George Eliot Hospital").
/// Words that are surnames too (Hall, Park, Church) are not among them.
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
    "hospital",
    "hopital",
    "clinic",
    "clinique",
    "university",
    "universite",
    "college",
    "school",
    "ecole",
    "institute",
    "institut",
    "foundation",
    "fondation",
    "trust",
    "centre",
    "center",
    // Health and public bodies ("Kent Community Health", "Brent GP
    // Access"), whose first word may be a given name.
    "community",
    "health",
    "sante",
    "emergency",
    "urgence",
    "medical",
    "care",
    "gp",
    "access",
    "council",
    "county",
    "district",
    "regional",
    "national",
    "hotel",
    "street",
    "road",
    "avenue",
    // A business named for its owner ("Marie's Bakery", "Jean Coutu
    // Pharmacy") after a "Customer Name" label.
    "bakery",
    "boulangerie",
    "pharmacy",
    "pharmacie",
    "restaurant",
    "cafe",
    "consulting",
    "construction",
    "electric",
    "plumbing",
    "transport",
    "supply",
    "supplies",
    "solutions",
    "systems",
    "technologies",
    "industries",
    "holdings",
    "enterprises",
    "associates",
    "partners",
    "international",
    "canada",
    "store",
    "shop",
    "market",
    "garage",
    "motors",
    "farms",
    "design",
    "media",
    "auto",
    "repair",
    "sons",
    "fils",
    "brothers",
    "freres",
    // Capitalized inside a name, these join an institution's words
    // ("Chelsea And Westminster"); a person's name does not hold them.
    "and",
    "of",
    "the",
];

const GIVEN_NAMES: &str = include_str!("../../data/given_names.txt");

/// Generic labels a person's name may follow ("Name:"), folded; the
/// value must then start with a known given name.
const GENERIC_NAME_LABELS: &[&str] = &[
    "name",
    "nom",
    "contact",
    "customer",
    "client",
    "cliente",
    "nom du client",
    // Who signed, prepared or is to read a document: a person most often,
    // a department or a firm sometimes.
    "signed",
    "signature",
    "prepared by",
    "approved by",
    "authorized by",
    "authorised by",
    "submitted by",
    "requested by",
    "reviewed by",
    "attention",
    "attn",
    "au nom de",
    "prepare par",
    "approuve par",
    "autorise par",
    "demande par",
    "a l'attention de",
];

/// The label before the colon at `colon`, folded, its words apart as a
/// database's column names join them (`first_name`): its own phrase, not
/// the cell, field or line before it ("Customer ID: C-1001<TAB>Full Name:"
/// is no customer's name).
fn label_phrase(text: &str, colon: usize) -> String {
    let from = floor_boundary(text, colon.saturating_sub(40));
    let phrase = text[from..colon]
        .rfind([':', '\t', '\n', '\r', '|', ';', ','])
        .map_or(from, |i| from + i + 1);
    let folded = fold_context(text[phrase..colon].trim());
    if folded.contains('_') {
        folded.replace('_', " ")
    } else {
        folded
    }
}

/// The longest of `labels` (ordered longest first) that ends the folded
/// phrase `before` as whole words.
fn label_ending(before: &str, labels: &[&'static str]) -> Option<&'static str> {
    labels
        .iter()
        .find(|l| before.ends_with(**l) && !before[..before.len() - l.len()].ends_with(|c: char| c.is_alphanumeric()))
        .copied()
}

/// Whether the word before a colon can end a name label: a cheap test on
/// the raw bytes, before any folding. Words with non-ASCII letters
/// ("employé") go on to the full test.
fn ends_like_a_name_label(before: &[u8], label_ends: &[&str]) -> bool {
    let trimmed = before.trim_ascii_end();
    let start = trimmed
        .iter()
        .rposition(|b| !(b.is_ascii_alphabetic() || *b >= 0x80))
        .map_or(0, |p| p + 1);
    let word = &trimmed[start..];
    if word.iter().any(|b| *b >= 0x80) {
        return true;
    }
    // Words of another length are passed over without a comparison: a
    // colon is met every few dozen bytes of a record.
    label_ends
        .iter()
        .any(|last| last.len() == word.len() && word.eq_ignore_ascii_case(last.as_bytes()))
}

/// Words before a label that make it a company's, a file's or a
/// product's name rather than a person's ("Company name:"). Not
/// "customer" or "client": a customer export's "Customer Name" column
/// holds individuals' names as often as companies', and a company's is
/// told apart by its words (`NOT_NAME_WORDS`) and by not opening with a
/// given name.
const NAME_QUALIFIERS: &[&str] = &[
    "company",
    "business",
    "entreprise",
    "societe",
    "vendor",
    "supplier",
    "fournisseur",
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
    "co-applicant",
    "demandeur",
    "demanderesse",
    "cardholder",
    "card holder",
    "account holder",
    "titulaire",
    "titulaire du compte",
    "titulaire de la carte",
    "employee",
    "employe",
    "signed by",
    "signe par",
    // A company has a name, not a full name: "Full name of business"
    // is told by its qualifier (see `NAME_QUALIFIERS`).
    "full name",
    "first and last name",
    "nom complet",
    "nom et prenom",
    "prenom et nom",
    "contact person",
    "personne ressource",
    "personne-ressource",
    "patient",
    "guarantor",
    "garant",
    "spouse",
    "conjoint",
    "conjointe",
];

/// Words before a generic label that make it a person's ("Cardholder
/// name:", "Nom de l'employé :" reads "nom" after them in no language, so
/// only those before it count).
const PERSONAL_QUALIFIERS: &[&str] = &[
    "applicant",
    "cardholder",
    "holder",
    "employee",
    "patient",
    "guarantor",
    "spouse",
    "signatory",
];

/// Labels of a given name alone, folded: a person's name is the given
/// name with the surname labelled beside it in the same row, or on the
/// next line of a form ("First Name: Marie<TAB>Last Name: Tremblay").
const GIVEN_NAME_LABELS: &[&str] = &["first name", "firstname", "given name", "given names", "prenom"];

/// Labels of a surname alone, folded.
const SURNAME_LABELS: &[&str] = &[
    "last name",
    "lastname",
    "surname",
    "family name",
    "nom de famille",
    "nom",
];

/// Whether the colon at `colon` ends a message header line's label: the
/// line opens with it ("From:", "To:", "Cc:", "De :", "À :"). The name
/// before a correspondent's address there ("From: Jean Roy <jroy@...>",
/// "De : Tremblay, Marie") is a person's, given name known. A cheap test
/// on the raw bytes, before any folding: "to" and "de" end many a phrase.
fn opens_a_header_line(bytes: &[u8], colon: usize) -> bool {
    let from = colon.saturating_sub(8);
    let line = memchr::memrchr(b'\n', &bytes[from..colon]).map_or(from, |i| from + i + 1);
    if line == from && from > 0 {
        return false;
    }
    let label = bytes[line..colon].trim_ascii();
    [&b"from"[..], b"to", b"cc", b"de", "à".as_bytes(), "À".as_bytes()]
        .iter()
        .any(|header| label.eq_ignore_ascii_case(header))
}

/// Words that open a letter's line of greeting, the name after them
/// ("Dear Marie Tremblay,", "Bonjour Luc Gagnon,").
const SALUTATIONS: &[&str] = &[
    "Dear",
    "DEAR",
    "Cher",
    "Chère",
    "Bonjour",
    "Bonsoir",
    "Hello",
    "Hi",
    "Good morning",
    "Good afternoon",
];
/// How a letter closes, on a line of its own, the signer's name on the
/// next (ASCII case ignored, as `eq_ignore_ascii_case` does).
const SIGN_OFFS: &[&str] = &[
    "regards",
    "best regards",
    "kind regards",
    "warm regards",
    "sincerely",
    "yours sincerely",
    "sincerely yours",
    "yours truly",
    "thanks",
    "thank you",
    "many thanks",
    "with thanks",
    "best",
    "all the best",
    "best wishes",
    "cheers",
    "respectfully",
    "warmly",
    "take care",
    "amicalement",
    "avec mes salutations",
    "salutations cordiales",
    "cordialement",
    "bien cordialement",
    "salutations",
    "sincères salutations",
    "meilleures salutations",
    "salutations distinguées",
    "bien à vous",
    "merci",
];
/// How many lines over a card number, phone number or e-mail address the
/// name of whose it is may sit (name, title, company, phone).
const NAME_OVER_LINES: usize = 3;

/// How long a line of greeting or closing may be, in bytes.
const LETTER_LINE: usize = 96;
/// How long a line closing a letter may be, in bytes, indented.
const LONGEST_SIGN_OFF_LINE: usize = 32;

/// Courtesy titles between a salutation and the name.
const TITLES: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Mx.", "Dr.", "Prof.", "Mr", "Mrs", "Ms", "Mx", "Miss", "Dr", "M.", "Mme", "Mlle", "Madame",
    "Monsieur",
];

/// The courtesy titles a name is read after anywhere (`titled_names`):
/// those whose first letters open few other words (not "Prof.", "Miss",
/// "Madame": "Project", "Mississauga", "Madison" would each be tried),
/// and not "M.", a middle initial as often as Monsieur.
const NAME_TITLES: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Mx.", "Dr.", "Mr", "Mrs", "Ms", "Dr", "Mme", "Mlle",
];

/// Where the name a greeting `line` (trimmed at its start) opens with
/// starts in it: after the salutation and a courtesy title.
fn after_salutation(line: &str) -> Option<usize> {
    let rest = SALUTATIONS
        .iter()
        .find_map(|word| line.strip_prefix(word)?.strip_prefix([' ', '\t']))?
        .trim_start_matches([' ', '\t']);
    Some(line.len() - past_title(rest).len())
}

/// `s` past the courtesy title it opens with, if any.
fn past_title(s: &str) -> &str {
    TITLES
        .iter()
        .find_map(|title| s.strip_prefix(title)?.strip_prefix(' '))
        .unwrap_or(s)
}

/// Where the line that ends at `end` starts, if it is no longer than a
/// letter's line may be.
fn letter_line(bytes: &[u8], end: usize) -> Option<usize> {
    let from = end.saturating_sub(LETTER_LINE);
    memchr::memrchr(b'\n', &bytes[from..end])
        .map(|i| from + i + 1)
        .or((from == 0).then_some(0))
}

/// Whether a line's words could be a person's name alone: two to four
/// words of letters (a cheap test on the bytes, before a name is read:
/// the lines over every phone number of a record are tested).
fn could_be_a_name(words: &str) -> bool {
    let bytes = words.as_bytes();
    let spaces = bytes.iter().filter(|b| **b == b' ').count();
    bytes.len() <= 64
        && (1..=4).contains(&spaces)
        && bytes.first().is_some_and(|b| b.is_ascii_uppercase() || *b >= 0x80)
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphabetic() || matches!(b, b' ' | b'-' | b'\'' | b'.') || *b >= 0x80)
}

/// `SIGN_OFFS` by their length in bytes: a line is compared with those of
/// its length only (every short line of a record is tested).
fn sign_offs_by_length() -> Vec<Vec<&'static str>> {
    let longest = SIGN_OFFS.iter().map(|s| s.len()).max().unwrap_or(0);
    let mut by_length = vec![Vec::new(); longest + 1];
    for sign_off in SIGN_OFFS {
        by_length[sign_off.len()].push(*sign_off);
    }
    by_length
}

/// How many lines either side of a labelled name a form's block reaches...
const FORM_BLOCK_LINES: usize = 8;
/// ...and how many bytes: a form's fields are short lines.
const FORM_BLOCK_BYTES: usize = 1024;

/// Whether any of the places `at` (in order) is in the block of lines of
/// `bytes` that holds `place`: its own line and the lines around it up to
/// a blank one, `FORM_BLOCK_LINES` at most each way (a form's fields, one
/// to a line; a record's row). Only the nearest place each way is tested:
/// a block holds all the places between.
fn in_the_block_of(bytes: &[u8], place: usize, at: &[usize]) -> bool {
    let next = at.partition_point(|&a| a < place);
    let before = next.checked_sub(1).map(|i| at[i]);
    before
        .map(|a| (a, place))
        .into_iter()
        .chain(at.get(next).map(|&a| (place, a)))
        .any(|(from, to)| one_block(&bytes[from..to]))
}

/// Whether `between` (from one place to another) crosses no blank line
/// and at most `FORM_BLOCK_LINES` line breaks, within `FORM_BLOCK_BYTES`.
fn one_block(between: &[u8]) -> bool {
    if between.len() > FORM_BLOCK_BYTES {
        return false;
    }
    let mut breaks = memchr::memchr_iter(b'\n', between);
    let Some(mut last) = breaks.next() else {
        return true;
    };
    for (n, line_break) in breaks.enumerate() {
        if n + 1 >= FORM_BLOCK_LINES || between[last + 1..line_break].iter().all(u8::is_ascii_whitespace) {
            return false;
        }
        last = line_break;
    }
    true
}

/// The first match of `re` within `reach` of `text` (cut to character
/// boundaries) that holds the byte `at`. Only `reach` is read, the words
/// just before it included for the boundaries.
fn match_around<'t>(re: &Regex, text: &'t str, reach: std::ops::Range<usize>, at: usize) -> Option<Captures<'t>> {
    let to = ceil_boundary(text, reach.end.min(text.len()));
    let mut from = floor_boundary(text, reach.start);
    loop {
        let found = re.captures_at(&text[..to], from)?;
        let whole = found.get(0)?;
        if whole.start() > at {
            return None;
        }
        if at < whole.end() {
            return Some(found);
        }
        from = whole.end();
    }
}

/// Quarter `n` of `year`, written at `whole`, as the dates it speaks of.
fn quarter_date(year: i32, n: u32, whole: regex::Match<'_>) -> Option<FoundDate> {
    let (date, through) = dates::quarter(year, n)?;
    Some(FoundDate {
        date,
        through,
        start: whole.start(),
        end: whole.end(),
        order: dates::Order::Settled,
    })
}

/// How far before an institution's number in parentheses the bank's word
/// may sit: the name between them, and the label.
const BANK_NAME_REACH: usize = 80;

/// Whether the `(` at `at` opens three digits and closes (`(003)`, `( 003 )`).
fn opens_three_digits(bytes: &[u8], at: usize) -> bool {
    let past_spaces = |mut i: usize| {
        while bytes.get(i) == Some(&b' ') {
            i += 1;
        }
        i
    };
    let digits = past_spaces(at + 1);
    let close = past_spaces(digits + 3);
    bytes
        .get(digits..digits + 3)
        .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        && bytes.get(close) == Some(&b')')
}

/// A name after a generic label ("Name:", "Customer:"): a person's if its
/// given name is known; if not, it may still be one (see `unsure`).
#[derive(Debug)]
pub struct GenericName {
    /// The label, folded ("customer name").
    pub label: String,
    /// Where the value starts.
    pub at: usize,
    /// The name, when its given name is not known: a person's only if the
    /// other names under its label (a table's column, a list's field) are
    /// nearly all known ones.
    pub unsure: Option<Hit>,
}

/// The compiled word-made detectors.
#[derive(Debug)]
pub(super) struct Labelled {
    bic: regex_automata::meta::Regex,
    /// "SWIFT" and "BIC" as they are written: a BIC is only looked for
    /// near them. (A regex of literals runs on a SIMD searcher: here 30
    /// times faster than an Aho-Corasick automaton.)
    bic_words: Regex,
    /// `NAME_TITLES` with the space after them, as they are written: a
    /// literal search.
    title_words: Regex,
    /// "Bank", "Banque", "Institution" as they are written: an
    /// institution's number may follow the bank's name. Looked for only
    /// before a number in parentheses: searched for in the whole text,
    /// these literals made prose 5% slower.
    bank_words: Regex,
    /// A quarter and its year (`dates::QUARTER`).
    quarters: Regex,
    /// The words "quarter" and "trimestre", as they are written: looked
    /// for in the windows around digits (a literal search).
    quarter_words: regex_automata::meta::Regex,
    /// A quarter written in words and its year (`dates::WRITTEN_QUARTER`),
    /// compiled the first time "quarter" or "trimestre" is met: most runs
    /// never need it, and its letters of either case cost start-up 5M
    /// instructions.
    written_quarters: OnceLock<Regex>,
    /// An institution's number in parentheses, after the bank's name.
    institution_in_parentheses: Regex,
    /// `NOT_NAME_WORDS`, for lookup.
    not_name_words: HashSet<&'static str>,
    /// `NAME_QUALIFIERS`, for lookup.
    name_qualifiers: HashSet<&'static str>,
    given_names: HashSet<String>,
    /// The last word of every name label ("by" of "signed by").
    label_ends: Vec<&'static str>,
    /// Every name label, generic, personal or of a given name, longest
    /// first.
    name_labels: Vec<&'static str>,
    /// `SIGN_OFFS`, indexed by length.
    sign_offs: Vec<Vec<&'static str>>,
}

impl Labelled {
    /// Compiles the word-made detectors and loads the given names.
    pub fn new() -> Labelled {
        let re = |p: &str| Regex::new(p).expect("built-in pattern compiles");
        Labelled {
            bic: regex_automata::meta::Regex::new(r"(?-u:\b)[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?(?-u:\b)")
                .expect("built-in pattern compiles"),
            bic_words: re("SWIFT|Swift|swift|BIC|Bic|bic"),
            title_words: re(&NAME_TITLES
                .iter()
                .map(|title| format!("{} ", regex::escape(title)))
                .collect::<Vec<_>>()
                .join("|")),
            bank_words: re("BANK|Bank|bank|BANQUE|Banque|banque|INSTITUTION|Institution|institution"),
            quarters: re(dates::QUARTER),
            quarter_words: regex_automata::meta::Regex::new("uarter|UARTER|rimestre|RIMESTRE")
                .expect("built-in pattern compiles"),
            written_quarters: OnceLock::new(),
            institution_in_parentheses: re(r"^[^\n0-9(]{1,64}\(\s*([0-9]{3})\s*\)"),
            not_name_words: NOT_NAME_WORDS.iter().copied().collect(),
            name_qualifiers: NAME_QUALIFIERS.iter().copied().collect(),
            given_names: GIVEN_NAMES
                .lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .map(fold_context)
                .collect(),
            label_ends: GENERIC_NAME_LABELS
                .iter()
                .chain(PERSONAL_LABELS)
                .chain(GIVEN_NAME_LABELS)
                .map(|label| label.rsplit([' ', '-']).next().unwrap_or(label))
                .collect(),
            sign_offs: sign_offs_by_length(),
            name_labels: {
                let mut labels: Vec<&'static str> = [GENERIC_NAME_LABELS, PERSONAL_LABELS, GIVEN_NAME_LABELS].concat();
                labels.sort_by_key(|label| std::cmp::Reverse(label.len()));
                labels
            },
        }
    }

    /// Adds the BICs, the institutions after banks' names and the
    /// labelled names of `text` to `hits`, given the digit-made `elements`
    /// found in it; to `generic`, each name after a generic label (a
    /// table's column or a list's repeated field may vouch for those whose
    /// given name is not known).
    pub fn find(
        &self,
        scanner: &EntityScanner,
        text: &str,
        elements: &[Hit],
        hits: &mut Vec<Hit>,
        generic: &mut Vec<GenericName>,
    ) {
        self.bics(scanner, text, hits);
        if text.contains(':') {
            // Where a person's own identifiers are: a name labelled in
            // their block of lines is a person's, whatever its given name.
            let mut personal: Vec<usize> = elements
                .iter()
                .filter(|e| matches!(e.kind, EntityType::CaSin | EntityType::DateOfBirth))
                .map(|e| e.start)
                .collect();
            personal.sort_unstable();
            self.names(text, &personal, hits, generic);
        }
        for element in elements {
            match element.kind {
                EntityType::PaymentCard | EntityType::Phone => self.name_over(text, element.start, hits),
                EntityType::Email => {
                    self.named_beside_address(text, element.start, hits);
                    self.name_over(text, element.start, hits);
                }
                _ => {}
            }
        }
        self.letter_names(text, hits);
        self.titled_names(text, hits);
    }

    /// The names written after a courtesy title anywhere ("Mr. Jean Roy"
    /// over a letter's address, "we met Ms. Kadence Whitfield"): the title
    /// says a person, whatever the given name. A surname alone ("Mr.
    /// Roy") is no name.
    fn titled_names(&self, text: &str, hits: &mut Vec<Hit>) {
        let bytes = text.as_bytes();
        for title in self.title_words.find_iter(text) {
            let opens_a_word = title.start() == 0 || !bytes[title.start() - 1].is_ascii_alphanumeric();
            if !opens_a_word {
                continue;
            }
            let end = ceil_boundary(text, (title.end() + 96).min(text.len()));
            if let Some((found, _)) = self.name_at(text, title.end()..end, |_| true, 0.7) {
                hits.push(found);
            }
        }
    }

    /// The names a letter greets ("Dear Marie Tremblay,"; with a colon, see
    /// `names`) and is signed with ("Regards,\nJean Roy", or "Regards"
    /// alone on its line, as e-mails write it): known given names only, as
    /// after a generic label ("Dear Valued Customer" is nobody). Lines are
    /// found by a vectorized search for line breaks; a record's lines are
    /// passed over by their last byte or their length.
    fn letter_names(&self, text: &str, hits: &mut Vec<Hit>) {
        let bytes = text.as_bytes();
        let mut start = 0;
        for line_break in memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len())) {
            let line = start;
            start = line_break + 1;
            // (Trimming ASCII whitespace keeps the end on a character boundary.)
            let end = line + bytes[line..line_break].trim_ascii_end().len();
            if end == line || end - line > LETTER_LINE {
                continue;
            }
            let comma = bytes[end - 1] == b',';
            if comma && self.greeting(text, line, end - 1, hits) {
                continue;
            }
            if !comma && end - line > LONGEST_SIGN_OFF_LINE {
                continue;
            }
            if !self.is_a_sign_off(&bytes[line..end]) {
                continue;
            }
            // The signer's name opens the next line that has words.
            let Some(name_at) = bytes
                .get(start..)
                .and_then(|rest| rest.iter().position(|b| !b.is_ascii_whitespace()))
            else {
                continue;
            };
            let name_at = start + name_at;
            let line_end = memchr::memchr(b'\n', &bytes[name_at..]).map_or(text.len(), |i| name_at + i);
            self.name_closing(text, name_at, line_end, hits);
        }
    }

    /// Whether `line` closes a letter on its own ("Best regards,").
    fn is_a_sign_off(&self, line: &[u8]) -> bool {
        // Most lines are told apart by their first letter and length.
        let line = line.trim_ascii_start();
        let opens_one = |b: &u8| {
            matches!(
                b | 0x20,
                b'a' | b'b' | b'c' | b'k' | b'm' | b'r' | b's' | b't' | b'w' | b'y'
            )
        };
        if !line.first().is_some_and(opens_one) {
            return false;
        }
        // A sentence ("Thank you.") ends with a period; a sign-off does not.
        let words_end = line
            .iter()
            .rposition(|b| !matches!(b, b' ' | b'\t' | b'\r' | b',' | b'!'))
            .map_or(0, |i| i + 1);
        let words = &line[..words_end];
        self.sign_offs
            .get(words.len())
            .is_some_and(|same_length| same_length.iter().any(|s| words.eq_ignore_ascii_case(s.as_bytes())))
    }

    /// The person's name written at the start of `text[value]`, if what
    /// follows it passes `ends` and it has no business words in it; and
    /// whether it opens with a known given name.
    fn name_at(
        &self,
        text: &str,
        value: std::ops::Range<usize>,
        ends: impl Fn(&str) -> bool,
        score: f32,
    ) -> Option<(Hit, bool)> {
        let at = value.start;
        let value = &text[value];
        let (name, span) = self.written_name(value)?;
        if !ends(&value[span.end..]) || !self.no_business_words(&name) {
            return None;
        }
        let known = self.opens_with_a_given_name(&name);
        Some((
            hit(EntityType::PersonName, name, at + span.start, at + span.end, score),
            known,
        ))
    }

    /// Records the person's name written at the start of `text[value]`
    /// (`name_at`), with `given_name_known` only if it opens with a known
    /// given name. Every way a name is found (a label, a header line, a
    /// letter) ends here.
    fn name_in(
        &self,
        text: &str,
        value: std::ops::Range<usize>,
        ends: impl Fn(&str) -> bool,
        given_name_known: bool,
        score: f32,
        hits: &mut Vec<Hit>,
    ) {
        if let Some((found, known)) = self.name_at(text, value, ends, score) {
            if known || !given_name_known {
                hits.push(found);
            }
        }
    }

    /// The person's name alone on a line over the line of `element` (a
    /// card number, a phone number, an e-mail address), the nearest of
    /// the `NAME_OVER_LINES` lines over it, in its block: a card's face
    /// and the records copied from it ("Janet Brown" over "4560 8656 9070
    /// 2931 02/28"), a signature block ("Jean Roy" over "Accounts Payable"
    /// and "Tel: ..."), a contact card. Printed in capitals or not; with a
    /// known given name, as a title or a company may sit there too.
    fn name_over(&self, text: &str, element: usize, hits: &mut Vec<Hit>) {
        let bytes = text.as_bytes();
        let mut line = memchr::memrchr(b'\n', &bytes[..element]).map_or(0, |i| i + 1);
        for _ in 0..NAME_OVER_LINES {
            let Some(over_end) = line.checked_sub(1) else {
                return;
            };
            let Some(over) = letter_line(bytes, over_end) else {
                return;
            };
            let words = text[over..over_end].trim();
            // A blank line ends the block; a form's labelled field is no
            // part of one (and its name, labelled, is read elsewhere).
            if words.is_empty() || words.contains(':') {
                return;
            }
            if could_be_a_name(words) && self.opens_with_a_given_name(words) {
                let name_at = over_end - text[over..over_end].trim_start().len();
                let ends = |after: &str| after.trim().is_empty();
                if let Some((found, true)) = self.name_at(text, name_at..over_end, ends, 0.7) {
                    hits.push(found);
                    return;
                }
            }
            line = over;
        }
    }

    /// The person whose name is written just before their e-mail address
    /// (at `address`) in angle brackets or parentheses, as address lists
    /// and contact lines write them anywhere ("Copy Jean Roy <jroy@...>
    /// and Marie Tremblay (mt@...)"): the last two or three words before
    /// it, with a known given name ("Accounts Payable <ap@...>" is nobody).
    fn named_beside_address(&self, text: &str, address: usize, hits: &mut Vec<Hit>) {
        let bytes = text.as_bytes();
        let Some(open) = address.checked_sub(1).filter(|&i| matches!(bytes[i], b'<' | b'(')) else {
            return;
        };
        let name_end = bytes[..open].trim_ascii_end().len();
        // Where the last four words start, nearest last, within the line
        // and the list's item.
        let mut starts = Vec::with_capacity(4);
        let mut at = name_end;
        while starts.len() < 4 && at > 0 && name_end - at < 64 {
            let word_start = bytes[..at]
                .iter()
                .rposition(|b| b.is_ascii_whitespace() || matches!(b, b',' | b';' | b':' | b'"' | b'(' | b'>'))
                .map_or(0, |i| i + 1);
            if word_start == at || !text.is_char_boundary(word_start) {
                break;
            }
            starts.push(word_start);
            if word_start == 0 || bytes[word_start - 1] != b' ' {
                break;
            }
            at = word_start - 1;
        }
        let ends = |after: &str| after.is_empty();
        for &start in starts.iter().rev() {
            if let Some((found, true)) = self.name_at(text, start..name_end, ends, 0.7) {
                hits.push(found);
                return;
            }
        }
    }

    /// The name the greeting on `text[line..end]` holds, before its comma
    /// or colon ("Dear Marie Tremblay,", and "Dear Marie Tremblay:" as a
    /// North American business letter writes it); whether the line is a
    /// greeting.
    fn greeting(&self, text: &str, line: usize, end: usize, hits: &mut Vec<Hit>) -> bool {
        let trimmed = text[line..end].trim_start_matches([' ', '\t']);
        let Some(skip) = after_salutation(trimmed) else {
            return false;
        };
        self.name_closing(text, end - trimmed.len() + skip, end, hits);
        true
    }

    /// The person's name at `at`, if it ends its greeting or its line
    /// (which ends at `line_end`; a title may follow a signer's name after
    /// a comma).
    fn name_closing(&self, text: &str, at: usize, line_end: usize, hits: &mut Vec<Hit>) {
        let ends = |after: &str| {
            let after = after.trim_start_matches([' ', '\t']);
            after.is_empty() || after.starts_with([',', ':', ';', '!', '\r'])
        };
        self.name_in(text, at..line_end, ends, true, 0.6, hits);
    }

    /// Eight or eleven capitals that are a valid BIC, next to a word that
    /// says so: only the reach of context words around "SWIFT" and "BIC"
    /// is searched.
    fn bics(&self, scanner: &EntityScanner, text: &str, hits: &mut Vec<Hit>) {
        const BIC_LEN: usize = 11;
        let mut windows: Vec<std::ops::Range<usize>> = Vec::new();
        for word in self.bic_words.find_iter(text) {
            let from = word.start().saturating_sub(CONTEXT_AFTER + BIC_LEN + 1);
            let to = (word.end() + CONTEXT_BEFORE + BIC_LEN + 1).min(text.len());
            match windows.last_mut() {
                Some(window) if from <= window.end => window.end = to,
                _ => windows.push(from..to),
            }
        }
        for window in windows {
            let window = floor_boundary(text, window.start)..ceil_boundary(text, window.end);
            for m in self.bic.find_iter(regex_automata::Input::new(text).range(window)) {
                let code = &text[m.range()];
                if validate::swift_bic(code) && scanner.has_context(EntityType::SwiftBic, text, m.start(), m.end()) {
                    hits.push(hit(EntityType::SwiftBic, code.to_string(), m.start(), m.end(), 0.9));
                }
            }
        }
    }

    /// What words say near the digits of `window` (a window of `text`
    /// around digits): a bank's institution number after its name, added
    /// to `hits`, and the quarters named with their year ("Q3 2021",
    /// "2021-Q4"), added to `dates`. Both come with digits, so prose far
    /// from any is never read for them.
    pub fn near_digits(
        &self,
        scanner: &EntityScanner,
        text: &str,
        window: std::ops::Range<usize>,
        hits: &mut Vec<Hit>,
        dates: &mut Vec<FoundDate>,
    ) {
        for word in self
            .quarter_words
            .find_iter(regex_automata::Input::new(text).range(window.clone()))
        {
            dates.extend(self.written_quarter_around(text, word.start()));
        }
        let bytes = text.as_bytes();
        for at in memchr::memchr2_iter(b'Q', b'(', &bytes[window.clone()]) {
            let at = window.start + at;
            if bytes[at] == b'Q' {
                if matches!(bytes.get(at + 1), Some(b'1'..=b'4')) {
                    dates.extend(self.quarter_around(text, at));
                }
            } else if opens_three_digits(bytes, at) {
                // The bank's word on the same line before it, within the
                // reach of a name.
                let reach = at.saturating_sub(BANK_NAME_REACH);
                let line = memchr::memrchr(b'\n', &bytes[reach..at]).map_or(reach, |i| reach + i + 1);
                let line = ceil_boundary(text, line);
                if let Some(word) = self.bank_words.find_iter(&text[line..at]).last() {
                    self.institution_after_bank_name(scanner, text, line + word.start()..line + word.end(), hits);
                }
            }
        }
    }

    /// The quarter and year written around the `Q` at `q`, as the dates
    /// they speak of.
    fn quarter_around(&self, text: &str, q: usize) -> Option<FoundDate> {
        // "FY2021-" is the most a year written first takes, "Q3-FY 2021"
        // the most a year written after: the search reads no further (a
        // `Q3` that is no quarter, inside a BIC, once sent it to the text's
        // end).
        let found = match_around(&self.quarters, text, q.saturating_sub(7)..q + 11, q)?;
        let number = |i: usize| found.get(i).and_then(|m| m.as_str().parse::<i32>().ok());
        let (n, year) = match (number(1), number(2)) {
            (Some(n), Some(year)) => (n, year),
            _ => (number(4)?, number(3)?),
        };
        quarter_date(year, u32::try_from(n).ok()?, found.get(0)?)
    }

    /// The quarter written in words around the word at `word` ("third
    /// quarter of 2021": `word` is inside "quarter"), as the dates it
    /// speaks of.
    fn written_quarter_around(&self, text: &str, word: usize) -> Option<FoundDate> {
        // "quatrième " before the word, " de 2021" after it, with room for
        // spaces.
        let written_quarters = self
            .written_quarters
            .get_or_init(|| Regex::new(dates::WRITTEN_QUARTER).expect("built-in pattern compiles"));
        let found = match_around(written_quarters, text, word.saturating_sub(24)..word + 32, word)?;
        let n = dates::quarter_of_ordinal(found.get(1)?.as_str())?;
        quarter_date(found.get(2)?.as_str().parse().ok()?, n, found.get(0)?)
    }

    /// A bank's institution number in parentheses after its name, the
    /// bank's `word` ("Bank: Royal Bank of Canada (003)"), with its transit
    /// and account labelled near it: the labelled fields of a form, found
    /// from the bank's word (a shape reaching from the label over the name
    /// cost every text 3%).
    fn institution_after_bank_name(
        &self,
        scanner: &EntityScanner,
        text: &str,
        word: std::ops::Range<usize>,
        hits: &mut Vec<Hit>,
    ) {
        let Some(number) = self
            .institution_in_parentheses
            .captures(&text[word.end..])
            .and_then(|c| c.get(1))
        else {
            return;
        };
        let number = word.end + number.start()..word.end + number.end();
        hits.extend(scanner.labelled_bank_fields(text, word.start, number));
    }

    /// The person's name at the start of `value`, given name first, and
    /// the span it was read from: "Marie Tremblay", "Tremblay, Marie" as
    /// lists and address books write it, or "MARIE TREMBLAY" as forms and
    /// cards print it (then capitalized, so that it links with the others).
    fn written_name(&self, value: &str) -> Option<(String, std::ops::Range<usize>)> {
        type Span = std::ops::Range<usize>;
        let given_first = |(surname, given): (Span, Span)| {
            let name = format!("{} {}", &value[given.clone()], &value[surname.clone()]);
            (name_words::capital_after_hyphens(name), surname.start..given.end)
        };
        let as_written = |end: usize| (name_words::capital_after_hyphens(value[..end].to_string()), 0..end);
        if let Some(name) = name_words::surname_first(value)
            .map(given_first)
            .or_else(|| name_words::full_name(value).map(as_written))
        {
            return Some(name);
        }
        let (name, span) = name_words::capitals_surname_first(value)
            .map(given_first)
            .or_else(|| name_words::capitals_name(value).map(as_written))?;
        Some((name_words::capitalized(&name), span))
    }

    /// The correspondent's name at `at`, the start of a header line's
    /// value, given name first whichever way it is written.
    fn correspondent(&self, text: &str, at: usize, hits: &mut Vec<Hit>) {
        let end = ceil_boundary(text, (at + 96).min(text.len()));
        let rest = &text[at..end];
        let skipped = rest.len() - rest.trim_start_matches([' ', '\t', '"']).len();
        // Then the correspondent's address, or nothing more.
        let ends = |after: &str| {
            let after = after.trim_start_matches(['"', ' ']);
            after.is_empty() || after.starts_with(['<', '\r', '\n'])
        };
        self.name_in(text, at + skipped..end, ends, true, 0.7, hits);
    }

    /// Whether `name` may be a person's: no business, institution or place
    /// word in it.
    fn no_business_words(&self, name: &str) -> bool {
        !fold_words(name)
            .split_ascii_whitespace()
            .any(|w| self.not_name_words.contains(w))
    }

    /// Whether `name` opens with a known given name (sheets label
    /// companies, products and totals "Name" too); a compound given name
    /// with a known first part ("Agnès-Marguerite").
    fn opens_with_a_given_name(&self, name: &str) -> bool {
        let first_word = name.split(' ').next().unwrap_or("");
        let known = |given: &str| {
            self.given_names.contains(given)
                || given
                    .split_once('-')
                    .is_some_and(|(first, _)| self.given_names.contains(first))
        };
        // An ASCII word is folded on the stack: the words over every phone
        // number of a record are looked up.
        let mut folded = [0u8; 32];
        match folded.get_mut(..first_word.len()) {
            Some(slot) if first_word.is_ascii() => {
                for (to, from) in slot.iter_mut().zip(first_word.bytes()) {
                    *to = from.to_ascii_lowercase();
                }
                known(std::str::from_utf8(slot).expect("ASCII"))
            }
            _ => known(&fold_context(first_word)),
        }
    }

    /// A given name labelled alone at `at` (a value's start), with the
    /// surname labelled beside it in its row or on the next line.
    fn given_and_surname(&self, text: &str, at: usize, hits: &mut Vec<Hit>) {
        let Some((given, given_at)) = self.one_name_word(text, at) else {
            return;
        };
        let bytes = text.as_bytes();
        let row_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        let row_end = memchr::memchr(b'\n', &bytes[at..]).map_or(text.len(), |i| at + i);
        let next_end =
            memchr::memchr(b'\n', &bytes[(row_end + 1).min(text.len())..]).map_or(text.len(), |i| row_end + 1 + i);
        let reach = &bytes[row_start..next_end.min(row_start + 2048)];
        let surname = memchr::memchr_iter(b':', reach).find_map(|colon| {
            let colon = row_start + colon;
            SURNAME_LABELS
                .contains(&label_phrase(text, colon).as_str())
                .then(|| self.one_name_word(text, colon + 1))
                .flatten()
        });
        let Some((surname, _)) = surname else {
            return;
        };
        // The label says it is a given name: it need not be a known one.
        let name = format!("{given} {surname}");
        if self.no_business_words(&name) {
            hits.push(hit(EntityType::PersonName, name, given_at, given_at + given.len(), 0.7));
        }
    }

    /// The one word of a name that is the value at `at`, and where it is.
    fn one_name_word<'t>(&self, text: &'t str, at: usize) -> Option<(&'t str, usize)> {
        let end = ceil_boundary(text, (at + 64).min(text.len()));
        let rest = &text[at..end];
        let skipped = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let word = name_words::lone_word(&rest[skipped..])?;
        Some((&text[at + skipped..at + skipped + word], at + skipped))
    }

    /// Names written after a label and a colon ("Applicant: Marie
    /// Tremblay"). Colons are found with memchr and only their
    /// neighbourhood is read, so prose costs next to nothing.
    fn names(&self, text: &str, personal: &[usize], hits: &mut Vec<Hit>, generic: &mut Vec<GenericName>) {
        let bytes = text.as_bytes();
        for colon in memchr::memchr_iter(b':', bytes) {
            if opens_a_header_line(bytes, colon) {
                self.correspondent(text, colon + 1, hits);
                continue;
            }
            // A greeting that ends with a colon, alone on its line.
            if matches!(bytes.get(colon + 1), None | Some(b'\n' | b'\r'))
                && letter_line(bytes, colon).is_some_and(|line| self.greeting(text, line, colon, hits))
            {
                continue;
            }
            if !ends_like_a_name_label(&bytes[colon.saturating_sub(24)..colon], &self.label_ends) {
                continue;
            }
            let before = label_phrase(text, colon);
            // The longest label that ends the phrase says what it is
            // ("Nom et prénom" is a whole name, "First name" a given name).
            let Some(label) = label_ending(&before, &self.name_labels) else {
                continue;
            };
            if GIVEN_NAME_LABELS.contains(&label) {
                self.given_and_surname(text, colon + 1, hits);
                continue;
            }
            let qualifier = &before[..before.len() - label.len()];
            let mut qualifier_words = qualifier.split(|c: char| !c.is_alphanumeric());
            if qualifier_words.clone().any(|word| self.name_qualifiers.contains(word)) {
                continue;
            }
            let after = colon + 1;
            let end = ceil_boundary(text, (after + 96).min(text.len()));
            let rest = &text[after..end];
            // Past spaces and a courtesy title ("Attention: Mr. Robert Smith").
            let skipped = rest.len() - past_title(rest.trim_start()).len();
            // After a generic label ("Name:", "Contact:") the name must open
            // with a known given name; a personal label is enough, and so is
            // a SIN or birth date in the name's block of lines (a customer
            // export's row, a form's fields): companies have neither.
            let value = after + skipped..end;
            if PERSONAL_LABELS.contains(&label)
                || qualifier_words.any(|word| PERSONAL_QUALIFIERS.contains(&word))
                || in_the_block_of(bytes, colon, personal)
            {
                self.name_in(text, value, |_| true, false, 0.7, hits);
            } else if let Some((found, known)) = self.name_at(text, value, |_| true, 0.7) {
                let unsure = if known {
                    hits.push(found);
                    None
                } else {
                    Some(found)
                };
                generic.push(GenericName {
                    label: before,
                    at: after,
                    unsure,
                });
            }
        }
    }
}
