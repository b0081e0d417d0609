//! Names after a label and a colon: "Applicant: Marie Tremblay", a
//! given name and a surname labelled apart ("First Name: Marie",
//! "Last Name: Tremblay"), a message's correspondents ("From: Jean Roy
//! <...>").

use super::letters::{letter_line, past_title};
use super::mailboxes::{bracketed_address, is_own_mailbox, own_address_follows, spelled_by_an_address};
use super::{words, GenericName, PersonNames};
use crate::entities::interleaved::Interleaved;
use crate::entities::{ceil_boundary, columns, floor_boundary, hit, Hit};
use crate::fold::fold_context;
use breachscope_core::EntityType;
use foldhash::HashMap;

/// Generic labels a person's name may follow ("Name:"), folded; the
/// value must then start with a known given name or end with a known
/// surname.
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
    "soumis par",
    // A form's field for both, the name first ("Employee's name and
    // address: Marie Tremblay, 123 Main St").
    "name and address",
    "nom et adresse",
    // The parties of a payment, a lease, a loan or an account: a person
    // or a firm.
    "payee",
    "beneficiary",
    "beneficiaire",
    "remitter",
    "sender",
    "recipient",
    "owner",
    "director",
    "representant",
    "representante",
    "tenant",
    "landlord",
    "debtor",
    "subscriber",
    "name on account",
    "nom en lettres moulees",
    // Who at the firm deals with the party: on invoices and in a CRM's
    // exports.
    "referred by",
    "sales rep",
    "sales representative",
    "account manager",
    "account executive",
    "representant des ventes",
    "conseiller",
    "conseillere",
    // Lists of people: a meeting's, a message's, an account's.
    "contacts",
    "attendees",
    "participants",
    "beneficiaries",
    "beneficiaires",
    "recipients",
    "owners",
    "directors",
    "tenants",
];

/// Generic labels of a field too, an address's, that may open with the
/// name of whom it is ("Mailing address: Marie Tremblay, 123 Main St");
/// most often a street's words (no name's), and no table's name column.
const ADDRESS_LABELS: &[&str] = &[
    "address",
    "mailing address",
    "home address",
    "adresse",
    "adresse postale",
];

/// Generic labels too, of whom an invoice or an order is for: an
/// individual customer as often as a firm (told apart by its words, as a
/// customer is). The fields after them are the firm's (its contact's
/// address), not the party's own.
const INVOICE_PARTY_LABELS: &[&str] = &[
    "bill to",
    "billed to",
    "sold to",
    "ship to",
    "shipped to",
    "deliver to",
    "billing address",
    "shipping address",
    "delivery address",
    "facturer a",
    "facture a",
    "vendu a",
    "livrer a",
    "expedier a",
    "adresse de facturation",
    "adresse de livraison",
];

/// How long a line that is an invoice party's or an address's label
/// alone may be, in bytes ("Bill To" to "Adresse de facturation").
const PARTY_LINE: std::ops::RangeInclusive<usize> = 7..=24;

/// The first letters an invoice party's or an address's label may open
/// with, by the byte it ends with: a mask of `letter_bit`s, from
/// `INVOICE_PARTY_LABELS` and `ADDRESS_LABELS` in either case; any
/// letter for a label ending with a non-ASCII letter's byte ("à"). A
/// cheap test, every line of a text being offered
/// (`PersonNames::party_label_line`).
const PARTY_LABEL_ENDS: [u32; 256] = {
    let mut table = [0; 256];
    let mut byte = 0x80;
    while byte < 256 {
        table[byte] = u32::MAX;
        byte += 1;
    }
    let mut i = 0;
    while i < INVOICE_PARTY_LABELS.len() + ADDRESS_LABELS.len() {
        let label = if i < INVOICE_PARTY_LABELS.len() {
            INVOICE_PARTY_LABELS[i]
        } else {
            ADDRESS_LABELS[i - INVOICE_PARTY_LABELS.len()]
        }
        .as_bytes();
        let last = label[label.len() - 1];
        table[last as usize] |= letter_bit(label[0]);
        table[last.to_ascii_uppercase() as usize] |= letter_bit(label[0]);
        i += 1;
    }
    table
};

/// The bit of `byte`'s letter (either case) in a mask of first letters,
/// one for any other byte.
const fn letter_bit(byte: u8) -> u32 {
    let letter = byte.to_ascii_lowercase();
    if letter.is_ascii_lowercase() {
        1 << (letter - b'a')
    } else {
        1 << 26
    }
}

/// The label before the colon at `colon`, folded, its words apart as a
/// database's column names join them (`first_name`): its own phrase, not
/// the cell, field or line before it ("Customer ID: C-1001<TAB>Full Name:"
/// is no customer's name), and not before `from` if it falls within it
/// (the end of a value read on its line: "First Name: Marie Last Name:").
fn label_phrase(text: &str, colon: usize, from: usize) -> String {
    let end = label_end(text.as_bytes(), colon);
    let start = phrase_start(text, end);
    folded_phrase(&text[if (start..end).contains(&from) { from } else { start }..end])
}

/// Where the phrase before the colon at `colon` starts: past the cell,
/// field or line before it (a fixed-width form's fields are two spaces
/// apart: "Thi Minh    Last name:"), or past what opens a quoted key
/// (`{"name`, `record = {'first_name`), 40 bytes back at most.
fn phrase_start(text: &str, colon: usize) -> usize {
    let from = floor_boundary(text, colon.saturating_sub(40));
    let before = &text.as_bytes()[from..colon];
    // (By hand, one pass back: every colon of a record is read so.)
    let words_end = before.trim_ascii_end().len();
    (0..before.len())
        .rev()
        .find(|&i| {
            matches!(
                before[i],
                b':' | b'\t' | b'\n' | b'\r' | b'|' | b';' | b',' | b'{' | b'[' | b'=' | b'"'
            ) || (i < words_end && i > 0 && before[i] == b' ' && before[i - 1] == b' ')
        })
        .map_or(from, |i| from + i + 1)
}

/// The fewest underscores of a rule a signature or a field is written on.
const RULE_UNDERSCORES: usize = 5;

/// Whether the line before the one at `line_start` ends with an
/// underscore, before its line break: whether a rule may be over it. The
/// first test of every line of a text (see `PersonNames::find`), on one
/// byte or two.
#[inline(always)]
pub(super) fn follows_an_underscore(bytes: &[u8], line_start: usize) -> bool {
    let last = line_start.wrapping_sub(2);
    match bytes.get(last) {
        Some(b'_') => true,
        Some(b'\r') => bytes.get(last.wrapping_sub(1)) == Some(&b'_'),
        _ => false,
    }
}

/// Where the line before the one at `line_start` starts, if it is a rule:
/// underscores (`RULE_UNDERSCORES` at least), with spaces between the
/// rules of columns.
fn rule_before(bytes: &[u8], line_start: usize) -> Option<usize> {
    if !follows_an_underscore(bytes, line_start) {
        return None;
    }
    let line_break = line_start - 1;
    let end = line_break - usize::from(bytes[line_break - 1] == b'\r');
    let reach = end.saturating_sub(LINE_REACH);
    let start = memchr::memrchr(b'\n', &bytes[reach..end]).map_or(reach, |i| reach + i + 1);
    let rule = &bytes[start..end];
    let a_rule = rule.iter().filter(|&&b| b == b'_').count() >= RULE_UNDERSCORES
        && rule.iter().all(|b| matches!(b, b'_' | b' ' | b'\t'));
    a_rule.then_some(start)
}

/// How far back a note in brackets closing a label is looked for, in
/// bytes.
const LABEL_NOTE: usize = 48;

/// Where the label before the separator that ends at `mark` (a colon,
/// an equals sign, a leader's last dot, a dash's last byte) ends: before
/// the quote that closes a quoted key, as JSON, YAML and a program's dump
/// write one (`"name": `, `'first_name': `); before a note in brackets
/// that closes it, as forms explain a field ("Name (as it appears on
/// card):", "Full legal name (please print):"); else at the separator.
#[inline(always)]
fn label_end(bytes: &[u8], mark: usize) -> usize {
    let colon = match bytes.get(mark) {
        Some(b'.') => leader_start(bytes, mark),
        // A dash's last byte.
        Some(byte) if DASH_ENDS.contains(byte) => mark.saturating_sub(DASH_OPENING.len()),
        _ => mark,
    };
    let before = bytes[..colon].trim_ascii_end();
    match before.last() {
        Some(b'"' | b'\'') => before.len() - 1,
        Some(b')') => {
            let from = before.len().saturating_sub(LABEL_NOTE);
            memchr::memrchr2(b'(', b'\n', &before[from..before.len() - 1])
                .filter(|&at| before[from + at] == b'(')
                .map_or(colon, |at| from + at)
        }
        _ => colon,
    }
}

/// The bytes of the dashes (en and em, U+2013 and U+2014) a label is set
/// apart from its value with, as a word processor makes one of a typed
/// hyphen ("Contact – Marie Tremblay"; not a hyphen, which is in every
/// date and phone number of a record): their first two, and the last of
/// each.
const DASH_OPENING: &[u8] = b"\xE2\x80";
const DASH_ENDS: [u8; 2] = [0x93, 0x94];

/// The fewest dots of a leader: the row of dots that leads a label to its
/// value where a form or a report is printed to text ("Name ..........
/// Marie Tremblay").
const LEADER_DOTS: usize = 3;

/// Where the run of dots (and single spaces between dots) that ends with
/// the dot at `last` starts.
fn leader_start(bytes: &[u8], last: usize) -> usize {
    let mut start = last;
    while start > 0 {
        match bytes[start - 1] {
            b'.' => start -= 1,
            b' ' if start >= 2 && bytes[start - 2] == b'.' => start -= 2,
            _ => break,
        }
    }
    start
}

/// The last dot of each leader in `bytes` (a run of at least
/// `LEADER_DOTS` dots, or of dots one space apart past its first two),
/// once per run.
fn leader_ends(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    // (Leaders one space apart from their first dot, ". . . .", are not
    // looked for: ". ." is at every sentence's end, and finding them
    // would cost as much again as finding these.)
    let mut run_end = 0;
    memchr::memmem::find_iter(bytes, b"..").filter_map(move |first| {
        if first < run_end {
            return None;
        }
        let (mut last, mut dots) = (first, 1);
        loop {
            match (bytes.get(last + 1), bytes.get(last + 2)) {
                (Some(b'.'), _) => last += 1,
                (Some(b' '), Some(b'.')) => last += 2,
                _ => break,
            }
            dots += 1;
        }
        run_end = last + 1;
        (dots >= LEADER_DOTS).then_some(last)
    })
}

/// Where each field's label in `bytes[range]` ends (see `is_label_mark`),
/// in order; none in an empty or a reversed range (a value read over a
/// rule starts its line: the row before it ends before it).
fn label_marks(bytes: &[u8], range: std::ops::Range<usize>) -> impl DoubleEndedIterator<Item = usize> + '_ {
    memchr::memchr3_iter(b':', b'=', b'.', bytes.get(range.clone()).unwrap_or_default())
        .map(move |mark| range.start + mark)
        .filter(|&mark| is_label_mark(bytes, mark))
}

/// Whether the byte at `at` ends a field's label: a colon, an equals sign
/// (`first_name=Marie`, as logs and settings write a field), or a
/// leader's last dot.
fn is_label_mark(bytes: &[u8], at: usize) -> bool {
    match bytes[at] {
        b':' | b'=' => true,
        b'.' => {
            let run_goes_on = matches!(
                (bytes.get(at + 1), bytes.get(at + 2)),
                (Some(b'.'), _) | (Some(b' '), Some(b'.'))
            );
            !run_goes_on
                && bytes[leader_start(bytes, at)..at]
                    .iter()
                    .filter(|&&b| b == b'.')
                    .count()
                    >= LEADER_DOTS - 1
        }
        _ => false,
    }
}

/// `value` past the leader of dots that opens it, if any ("Name:
/// ........ Marie Tremblay"), and the spaces after it.
fn past_leader(value: &str) -> &str {
    let rest = value.trim_start_matches(['.', ' ']);
    let dots = value[..value.len() - rest.len()].bytes().filter(|&b| b == b'.').count();
    if dots >= LEADER_DOTS {
        rest.trim_start_matches('\t')
    } else {
        value
    }
}

/// `value` past the quote that opens a quoted value (`"Marie Tremblay"`,
/// `'Marie'`, « Marie Tremblay »), and the spaces after it.
fn past_quote(value: &str) -> &str {
    value
        .strip_prefix(['"', '\'', '“', '«'])
        .map_or(value, |quoted| quoted.trim_start_matches(' '))
}

/// The text of a field's value at `at` (past spaces and a quote, 64 bytes
/// at most) and where it starts.
fn field_value(text: &str, at: usize) -> (&str, usize) {
    let end = ceil_boundary(text, (at + 64).min(text.len()));
    let rest = &text[at..end];
    let start = at + rest.len() - past_quote(past_leader(rest.trim_start_matches([' ', '\t']))).len();
    (&text[start..end], start)
}

/// A header cell (trimmed) without the note in brackets that closes it
/// ("Name (Last, First)"): its label.
#[inline]
fn without_note(cell: &str) -> &str {
    if !cell.ends_with(')') {
        return cell;
    }
    cell[..label_end(cell.as_bytes(), cell.len())].trim_end()
}

/// A label's phrase folded, its words apart (a quoted key's opening
/// quote dropped; of a bilingual label, its last alternative).
fn folded_phrase(phrase: &str) -> String {
    let folded = fold_context(last_alternative(phrase).trim_start_matches(['\'', '"']));
    if folded.contains('_') {
        folded.replace('_', " ")
    } else {
        folded
    }
}

/// The last of a bilingual label's alternatives, as Canadian forms write
/// them ("Given name / Prénom", "Nom / Name"), or the whole label.
fn last_alternative(label: &str) -> &str {
    label.rsplit('/').next().unwrap_or(label).trim()
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
fn ends_like_a_name_label(before: &[u8], label_ends: &LabelEnds) -> bool {
    let trimmed = before.trim_ascii_end();
    let start = trimmed
        .iter()
        .rposition(|b| !(b.is_ascii_alphabetic() || *b >= 0x80))
        .map_or(0, |p| p + 1);
    let word = &trimmed[start..];
    if word.iter().any(|b| *b >= 0x80) {
        return true;
    }
    label_ends.holds(word)
}

/// The last words of some labels ("by" of "signed by"), once each, by
/// length and first letter: the word before a colon is compared only with
/// those of its length and first letter (a colon is met every few dozen
/// bytes of a record).
#[derive(Debug)]
pub(super) struct LabelEnds(Vec<Vec<&'static str>>);

/// How many places one length has: one per letter, one for the rest.
const FIRST_BYTES: usize = 27;

/// The place of the words of length `len` whose first byte is `first`.
fn place(len: usize, first: u8) -> usize {
    let letter = first.to_ascii_lowercase();
    len * FIRST_BYTES
        + if letter.is_ascii_lowercase() {
            usize::from(letter - b'a')
        } else {
            FIRST_BYTES - 1
        }
}

impl LabelEnds {
    /// The last words of `labels`.
    fn of<'l>(labels: impl Iterator<Item = &'l &'static str>) -> LabelEnds {
        let mut places: Vec<Vec<&'static str>> = Vec::new();
        for label in labels {
            let last = label.rsplit([' ', '-', '/']).next().unwrap_or(label);
            let at = place(last.len(), last.as_bytes()[0]);
            if places.len() <= at {
                places.resize(at + 1, Vec::new());
            }
            if !places[at].contains(&last) {
                places[at].push(last);
            }
        }
        LabelEnds(places)
    }

    /// Whether `word` is one of the last words, whatever its case.
    fn holds(&self, word: &[u8]) -> bool {
        let Some(&first) = word.first() else {
            return false;
        };
        self.0
            .get(place(word.len(), first))
            .is_some_and(|words| words.iter().any(|last| word.eq_ignore_ascii_case(last.as_bytes())))
    }
}

/// Words before a label that make it a company's, a file's or a
/// product's name rather than a person's ("Company name:"). Not
/// "customer" or "client": a customer export's "Customer Name" column
/// holds individuals' names as often as companies', and a company's is
/// told apart by its words (`NOT_NAME_WORDS`) and by not opening with a
/// given name.
pub(super) const NAME_QUALIFIERS: &[&str] = &[
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
    "borrower",
    "co-borrower",
    "emprunteur",
    "emprunteuse",
    "co-emprunteur",
    "co-demandeur",
    "insured",
    "policyholder",
    "policy holder",
    "assure",
    "assuree",
    "holder",
    "name on card",
    "witness",
    "temoin",
    "signatory",
    "authorized signatory",
    "signataire",
    "next of kin",
    "guardian",
    "tuteur",
    "tutrice",
    "dependant",
    "dependent",
    "personne a contacter",
    "sole proprietor",
    // The same, listing several ("Witnesses: Marie Tremblay, Jean
    // Ouellet").
    "witnesses",
    "temoins",
    "signatories",
    "signataires",
    "applicants",
    "borrowers",
    "dependants",
    "dependents",
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
    "borrower",
    "insured",
    "member",
    "student",
    "emergency",
    "father",
    "mother",
    "parent",
    "guardian",
    "child",
    "witness",
];

/// Labels of a given name alone, folded: a person's name is the given
/// name with the surname labelled beside it in the same row, or on the
/// next or the previous line of a form ("First Name: Marie<TAB>Last Name:
/// Tremblay"). The abbreviations are those of the CRA's XML slips (T4,
/// T4A, T5: `<snm>` and `<gvn_nm>`, surname first), which employers file
/// for every employee and which hold their SIN.
///
/// A database's and an export's column names are among them, their
/// words apart: `fname`, `FIRST_NM`, "First" over "Last", `name_first`.
const GIVEN_NAME_LABELS: &[&str] = &[
    "first name",
    "firstname",
    "first",
    "fname",
    "first nm",
    "given name",
    "given names",
    "forename",
    "forenames",
    "prenom",
    "gvn nm",
];

/// Labels of a surname alone, folded.
const SURNAME_LABELS: &[&str] = &[
    "last name",
    "lastname",
    "last",
    "lname",
    "last nm",
    "surname",
    "family name",
    "nom de famille",
    "nom",
    "snm",
];

/// What qualifies a given name's or a surname's label, if the folded
/// label phrase `phrase` ends with one of `labels` as whole words and
/// labels that part of a name alone: "billing" of "Billing Last Name",
/// "" of "Last Name"; none for "First and last name", "First & Last
/// Name" or "First Last Name". A row's given name is paired with the
/// surname qualified as it is (a shop's export holds the billing and the
/// shipping person's).
fn part_qualifier<'p>(phrase: &'p str, labels: &[&str]) -> Option<&'p str> {
    let before = |label: &&str| {
        let before = phrase.strip_suffix(label)?;
        if before.is_empty() {
            return Some(before);
        }
        let qualifier = before.strip_suffix(' ')?;
        (!matches!(qualifier.rsplit(' ').next(), Some("and" | "et" | "&" | "first"))).then_some(qualifier)
    };
    labels
        .iter()
        .find_map(before)
        .or_else(|| labels.iter().find_map(|label| qualified_after(phrase, label)))
}

/// What qualifies the label `label` after it, as French does ("du
/// conjoint" of "Prénom du conjoint", "de l'employé" of "Nom de famille
/// de l'employé"), if the folded phrase `phrase` opens with it so.
fn qualified_after<'p>(phrase: &'p str, label: &str) -> Option<&'p str> {
    let after = phrase.strip_prefix(label)?.strip_prefix(' ')?;
    ["de ", "du ", "des ", "d'"]
        .iter()
        .any(|preposition| after.starts_with(preposition))
        .then_some(after)
}

/// A message header line read for correspondents, in bytes at most, and
/// the correspondents read from one line at most.
const MAX_HEADER_LINE: usize = 2048;
const MAX_CORRESPONDENTS: usize = 64;

/// Whether the colon at `colon` ends a message header line's label: the
/// line opens with it ("From:", "To:", "Cc:", "Bcc:", "De :", "À :",
/// "Cci :"; and a calendar event's "Organizer:" and "Attendee:", as its
/// reader writes them). The name before a correspondent's address there
/// ("From: Jean Roy <jroy@...>", "De : Tremblay, Marie") is a person's,
/// given name known or its own mailbox after it. A cheap test on the raw
/// bytes, before any folding: "to" and "de" end many a phrase.
fn opens_a_header_line(bytes: &[u8], colon: usize) -> bool {
    let from = colon.saturating_sub(10);
    let line = memchr::memrchr(b'\n', &bytes[from..colon]).map_or(from, |i| from + i + 1);
    if line == from && from > 0 {
        return false;
    }
    let label = bytes[line..colon].trim_ascii();
    [
        &b"from"[..],
        b"to",
        b"cc",
        b"bcc",
        b"de",
        "à".as_bytes(),
        "À".as_bytes(),
        b"cci",
        b"organizer",
        b"attendee",
    ]
    .iter()
    .any(|header| label.eq_ignore_ascii_case(header))
}

/// A name label found in a text.
struct NameLabel {
    /// Where it ends: its separator's last byte (see `label_end`), the
    /// line break after a label alone on its line, or the end of a label
    /// under a rule.
    end: usize,
    /// Where its value is read from: past its colon or its line, or on
    /// the line over the rule it is under.
    value: usize,
    /// Its whole phrase, folded ("customer name").
    phrase: String,
    /// The name label the phrase ends with ("name").
    label: &'static str,
    /// That label's kind.
    kind: LabelKind,
}

/// What a name label says of the value after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LabelKind {
    /// A given name's alone (`GIVEN_NAME_LABELS`).
    GivenName,
    /// A person's whatever the name (`PERSONAL_LABELS`).
    Personal,
    /// An invoice's party's (`INVOICE_PARTY_LABELS`).
    InvoiceParty,
    /// An address's (`ADDRESS_LABELS`).
    Address,
    /// A person's or a firm's (`GENERIC_NAME_LABELS`).
    Generic,
}

impl LabelKind {
    /// The kind of `label`, one of the name labels: told once for each
    /// phrase (see `PersonNames::label_of`), not at each value.
    fn of(label: &str) -> LabelKind {
        let kinds = [
            (GIVEN_NAME_LABELS, LabelKind::GivenName),
            (PERSONAL_LABELS, LabelKind::Personal),
            (INVOICE_PARTY_LABELS, LabelKind::InvoiceParty),
            (ADDRESS_LABELS, LabelKind::Address),
        ];
        kinds
            .iter()
            .find(|(labels, _)| labels.contains(&label))
            .map_or(LabelKind::Generic, |(_, kind)| *kind)
    }
}

/// What is known of a text's elements around its labels.
#[derive(Clone, Copy)]
struct Around<'e> {
    /// Where a person's own identifiers are (see `PersonNames::find`).
    personal: &'e [usize],
    /// The text's e-mail addresses, in order.
    addresses: &'e [&'e Hit],
}

/// What the lines of one text offered to `PersonNames::party_label_line`
/// share: the labels read, and what is known around them.
pub(super) struct PartyLines<'t, 'e> {
    memo: LabelMemo<'t>,
    around: Around<'e>,
}

impl<'e> PartyLines<'_, 'e> {
    /// For a text whose person's own identifiers are at `personal` and
    /// whose e-mail addresses are `addresses` (in order).
    pub(super) fn new(personal: &'e [usize], addresses: &'e [&'e Hit]) -> Self {
        PartyLines {
            memo: LabelMemo::default(),
            around: Around { personal, addresses },
        }
    }
}

/// What one text's labels and the names after them were read as: a
/// record's labels repeat over its many copies, and so do their values
/// ("Bill to: PRAIRIE SKY SUPPLY INC." on every invoice to that
/// customer); folding a label and reading a name are the costliest steps
/// of a labelled value.
#[derive(Default)]
struct LabelMemo<'t> {
    /// By the label's phrase: it folded, the name label it ends with and
    /// that label's kind.
    labels: HashMap<&'t str, Option<(String, &'static str, LabelKind)>>,
    /// By the value's line: the name it opens with, and whether known.
    read: HashMap<&'t str, Option<(Hit, bool)>>,
}

/// Phrases and lines kept in a `LabelMemo` at most, each; past them it
/// starts anew.
const MEMO_LINES: usize = 4096;

impl<'t> LabelMemo<'t> {
    /// What `fold` makes of the label phrase `phrase`, folded once for
    /// each phrase's text.
    fn label(
        &mut self,
        phrase: &'t str,
        fold: impl FnOnce(&str) -> Option<(String, &'static str, LabelKind)>,
    ) -> Option<(String, &'static str, LabelKind)> {
        remembered(&mut self.labels, phrase, || fold(phrase))
    }

    /// What `read` finds in `text[value]` up to its line's end (a name
    /// never runs past it), read once for each line's text; the hit
    /// placed where this value is.
    fn name_at(
        &mut self,
        text: &'t str,
        value: std::ops::Range<usize>,
        read: impl FnOnce(std::ops::Range<usize>) -> Option<(Hit, bool)>,
    ) -> Option<(Hit, bool)> {
        let line_end = memchr::memchr(b'\n', &text.as_bytes()[value.clone()]).map_or(value.end, |i| value.start + i);
        let shifted = |found: Option<(Hit, bool)>, to: fn(usize, usize) -> usize| {
            found.map(|(mut hit, known)| {
                hit.start = to(hit.start, value.start);
                hit.end = to(hit.end, value.start);
                (hit, known)
            })
        };
        let line = &text[value.start..line_end];
        let relative = remembered(&mut self.read, line, || {
            shifted(read(value.start..line_end), |at, start| at - start)
        });
        shifted(relative, |at, start| at + start)
    }
}

/// The value `map` holds for `key`, or what `compute` gives, then kept
/// (the map starts anew past `MEMO_LINES` keys).
fn remembered<'t, V: Clone>(map: &mut HashMap<&'t str, V>, key: &'t str, compute: impl FnOnce() -> V) -> V {
    if let Some(known) = map.get(key) {
        return known.clone();
    }
    let value = compute();
    if map.len() >= MEMO_LINES {
        map.clear();
    }
    map.insert(key, value.clone());
    value
}

/// Whether a street's address follows a name (`after` it), on its line
/// past a comma or on the next: a number within its first words ("123
/// Main St", "Apt 4, 12 rue Principale", "PO Box 1234"), as an address's
/// field holds one under whom it is.
fn street_follows(after: &str) -> bool {
    let street = after.trim_start_matches([' ', '\t', ',', '\r', '\n']);
    after.len() > street.len()
        && street
            .bytes()
            .take(24)
            .take_while(|&b| b != b'\n')
            .any(|b| b.is_ascii_digit())
}

/// A name `found` after a generic `label` (its value at `at`): a person's
/// now if its given name is `known`, else unsure until the label's other
/// names vouch for it (see `GenericName`).
fn under_generic_label(
    found: Hit,
    known: bool,
    label: String,
    at: usize,
    hits: &mut Vec<Hit>,
    generic: &mut Vec<GenericName>,
) {
    let unsure = if known {
        hits.push(found);
        None
    } else {
        Some(found)
    };
    generic.push(GenericName { label, at, unsure });
}

/// The longest line of a fixed-width table looked at for names.
const COLUMN_LINE: usize = 512;

/// How many lines either side of a labelled name a form's block reaches...
const FORM_BLOCK_LINES: usize = 8;

/// ...and how many bytes: a form's fields are short lines.
pub(super) const FORM_BLOCK_BYTES: usize = 1024;

/// Whether any of the places `at` (in order) is in the block of lines of
/// `bytes` that holds `place`: its own line and the lines around it up to
/// a blank one, `FORM_BLOCK_LINES` at most each way (a form's fields, one
/// to a line; a record's row). Only the nearest place each way is tested:
/// a block holds all the places between.
pub(super) fn in_the_block_of(bytes: &[u8], place: usize, at: &[usize]) -> bool {
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
pub(super) fn one_block(between: &[u8]) -> bool {
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

/// What sets apart the names of a list after a label, longest first.
const LIST_SEPARATORS: [&str; 7] = [", and ", ", et ", "; ", ", ", " and ", " et ", " & "];

/// How many names a label's list holds at most past its first.
const LISTED_NAMES: usize = 8;

/// How far from a given name's field its row's and the rows' around it
/// bounds are looked for, in bytes: a form's row is short.
const ROW_REACH: usize = 2048;

/// The cells of a fixed-width table's `line` (apart by two spaces or
/// more), trimmed, each with its bytes in `line`.
fn fixed_width_cells(line: &str) -> impl Iterator<Item = (&str, std::ops::Range<usize>)> {
    let mut at = 0;
    line.split("  ").map(move |cell| {
        let start = at + (cell.len() - cell.trim_start().len());
        at += cell.len() + 2;
        let trimmed = cell.trim();
        (trimmed, start..start + trimmed.len())
    })
}

/// The bytes in its text of the value of cell `column` of `row` (which
/// starts at `row_start`), its cells apart by `separator`: trimmed, if
/// not empty.
fn delimited_cell(row: &str, row_start: usize, separator: char, column: usize) -> Option<std::ops::Range<usize>> {
    let trimmed = row.split(separator).nth(column)?.trim();
    let start = row_start + (trimmed.as_ptr() as usize - row.as_ptr() as usize);
    (!trimmed.is_empty()).then_some(start..start + trimmed.len())
}

/// Whether a table's header cell can be a label of names, whole or in
/// parts (`label_ends` the last words of those labels): a few words, no
/// digit, the last one a label's. A cheap test on its bytes.
fn could_head_names(cell: &str, label_ends: &LabelEnds) -> bool {
    !cell.is_empty()
        && cell.len() <= 40
        && !cell.bytes().any(|b| b.is_ascii_digit())
        && ends_like_a_name_label(cell.as_bytes(), label_ends)
}

/// The label of a column of whole names, and whether it says a person
/// ("CARDHOLDER", "Cardholder Name", "Student name") or may head firms'
/// names too ("NAME", "Customer").
#[derive(Debug, Clone, Copy)]
struct ColumnLabel {
    label: &'static str,
    personal: bool,
}

/// The name columns of a table's header (see `PersonNames::name_columns`),
/// each known by its place (its cell's index, or its characters).
enum NameColumns<C> {
    /// A column of whole names, and its label.
    Whole(ColumnLabel, C),
    /// Columns of given names and of surnames: pairs of the two.
    Parts(Vec<(C, C)>),
}

impl<C> NameColumns<C> {
    /// The same columns, each known by what `place` makes of its place.
    fn map<D>(self, place: impl Fn(C) -> D) -> NameColumns<D> {
        match self {
            NameColumns::Whole(label, at) => NameColumns::Whole(label, place(at)),
            NameColumns::Parts(pairs) => NameColumns::Parts(
                pairs
                    .into_iter()
                    .map(|(given, surname)| (place(given), place(surname)))
                    .collect(),
            ),
        }
    }
}

/// How far either side of a place its line's bounds are looked for, in
/// bytes: past any table's line (`COLUMN_LINE`).
const LINE_REACH: usize = COLUMN_LINE + 1;

/// Where the line holding `at` starts, and where it ends (its line
/// break, or the text's end), each looked for within `LINE_REACH`: a
/// line longer than that gets bounds that make it longer than any
/// table's, which the callers pass over (the bound keeps each search
/// local, however long the text's lines).
#[inline]
fn line_around(text: &str, at: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let reach = at.saturating_sub(LINE_REACH);
    let start = match memchr::memrchr(b'\n', &bytes[reach..at]) {
        Some(i) => reach + i + 1,
        None => floor_boundary(text, reach),
    };
    let limit = (at + LINE_REACH).min(bytes.len());
    let end = match memchr::memchr(b'\n', &bytes[at..limit]) {
        Some(i) => at + i,
        None => ceil_boundary(text, limit),
    };
    (start, end)
}

/// The last word of every name label: a colon is passed over unless the
/// word before it is one.
pub(super) fn label_ends() -> LabelEnds {
    LabelEnds::of(
        GENERIC_NAME_LABELS
            .iter()
            .chain(ADDRESS_LABELS)
            .chain(INVOICE_PARTY_LABELS)
            .chain(PERSONAL_LABELS)
            .chain(GIVEN_NAME_LABELS),
    )
}

/// The last word of every surname's label, as `label_ends`: a row's
/// colons are tried for its surname only where the word before one is.
pub(super) fn surname_label_ends() -> LabelEnds {
    LabelEnds::of(SURNAME_LABELS.iter())
}

/// The last word of every label a table's header names people by, whole
/// or in parts, as `label_ends`.
pub(super) fn header_label_ends() -> LabelEnds {
    LabelEnds::of(
        GENERIC_NAME_LABELS
            .iter()
            .chain(INVOICE_PARTY_LABELS)
            .chain(PERSONAL_LABELS)
            .chain(GIVEN_NAME_LABELS)
            .chain(SURNAME_LABELS),
    )
}

/// Every name label, generic, personal or of a given name, longest first.
pub(super) fn name_labels() -> Vec<&'static str> {
    let mut labels: Vec<&'static str> = [
        GENERIC_NAME_LABELS,
        ADDRESS_LABELS,
        INVOICE_PARTY_LABELS,
        PERSONAL_LABELS,
        GIVEN_NAME_LABELS,
    ]
    .concat();
    labels.sort_by_key(|label| std::cmp::Reverse(label.len()));
    labels
}

impl PersonNames {
    /// Names written after a label and a colon ("Applicant: Marie
    /// Tremblay"), an equals sign (`customer_name="Marie Tremblay"`, as a
    /// log line writes a field), a leader of dots ("Applicant ........
    /// Marie Tremblay") or a dash ("Contact – Marie Tremblay"). These are
    /// found with memchr and only their neighbourhood is read, so prose
    /// costs next to nothing.
    pub(super) fn labelled_names(
        &self,
        text: &str,
        personal: &[usize],
        addresses: &[&Hit],
        hits: &mut Vec<Hit>,
        generic: &mut Vec<GenericName>,
    ) {
        let bytes = text.as_bytes();
        let mut memo = LabelMemo::default();
        let around = Around { personal, addresses };
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
            self.labelled_field(text, colon, &mut memo, &around, hits, generic);
        }
        // (Equals signs and dashes in one pass: a dash ends with one of
        // two bytes, each a pass as costly as the equals signs'.)
        let equals_or_dashes = memchr::memchr3_iter(b'=', DASH_ENDS[0], DASH_ENDS[1], bytes)
            .filter(|&at| bytes[at] == b'=' || bytes[..at].ends_with(DASH_OPENING));
        for mark in equals_or_dashes.chain(leader_ends(bytes)) {
            self.labelled_field(text, mark, &mut memo, &around, hits, generic);
        }
    }

    /// The name after the field's label that ends where its separator
    /// (see `label_end`) at `mark` does, if it is a name's.
    #[inline(always)]
    fn labelled_field<'t>(
        &self,
        text: &'t str,
        mark: usize,
        memo: &mut LabelMemo<'t>,
        around: &Around,
        hits: &mut Vec<Hit>,
        generic: &mut Vec<GenericName>,
    ) {
        let bytes = text.as_bytes();
        let end = label_end(bytes, mark);
        if !ends_like_a_name_label(&bytes[end.saturating_sub(24)..end], &self.label_ends) {
            return;
        }
        let phrase = &text[phrase_start(text, end)..end];
        let Some((before, label, kind)) = self.label_of(phrase, memo) else {
            return;
        };
        let label = NameLabel {
            end: mark,
            value: mark + 1,
            phrase: before,
            label,
            kind,
        };
        self.name_after_label(text, label, memo, around, hits, generic);
    }

    /// The name under the line `text[line..line_end]` if that line is an
    /// invoice party's or an address's label alone, as PDFs and forms lay
    /// them out without a colon ("Ship To", "Mailing Address", then
    /// "Marie Tremblay" over her address): read as after "Ship To:".
    /// Every line of a text is offered (see `PersonNames::find`): most
    /// fail the first tests on their bytes.
    pub(super) fn party_label_line<'t>(
        &self,
        text: &'t str,
        line: std::ops::Range<usize>,
        party: &mut PartyLines<'t, '_>,
        hits: &mut Vec<Hit>,
        generic: &mut Vec<GenericName>,
    ) {
        let words = text.as_bytes()[line.clone()].trim_ascii();
        // (The text's last line has no name under it.)
        if line.end >= text.len()
            || !PARTY_LINE.contains(&words.len())
            || !words[0].is_ascii_uppercase()
            || PARTY_LABEL_ENDS[usize::from(words[words.len() - 1])] & letter_bit(words[0]) == 0
            || !ends_like_a_name_label(words, &self.label_ends)
        {
            return;
        }
        let Some((before, label, kind)) =
            self.label_of(&text[line.clone()], &mut party.memo)
                .filter(|(before, label, kind)| {
                    matches!(kind, LabelKind::InvoiceParty | LabelKind::Address) && before == label
                })
        else {
            return;
        };
        let label = NameLabel {
            end: line.end,
            value: line.end + 1,
            phrase: before,
            label,
            kind,
        };
        self.name_after_label(text, label, &mut party.memo, &party.around, hits, generic);
    }

    /// The name on the line over a rule that a name's label is under,
    /// as a signature block lays them out ("Marie Tremblay", a line of
    /// underscores, "Print Name"; the first of columns, "Name   Date"):
    /// read as after "Print Name:". Offered the lines after one that ends
    /// with an underscore (see `follows_an_underscore`).
    pub(super) fn name_over_rule<'t>(
        &self,
        text: &'t str,
        line: std::ops::Range<usize>,
        party: &mut PartyLines<'t, '_>,
        hits: &mut Vec<Hit>,
        generic: &mut Vec<GenericName>,
    ) {
        let bytes = text.as_bytes();
        let Some(rule_start) = rule_before(bytes, line.start) else {
            return;
        };
        let first_cell = fixed_width_cells(&text[line.clone()]).find(|(cell, _)| !cell.is_empty());
        let Some((cell, at)) = first_cell.filter(|(cell, _)| cell.len() <= 40 && cell.starts_with(char::is_uppercase))
        else {
            return;
        };
        let cell = without_note(cell);
        if !ends_like_a_name_label(cell.as_bytes(), &self.label_ends) {
            return;
        }
        let Some((before, label, kind)) = self.label_of(cell, &mut party.memo) else {
            return;
        };
        // The line over the rule, past a blank one.
        let Some(mut value) = rule_start
            .checked_sub(1)
            .map(|line_break| line_around(text, line_break).0)
        else {
            return;
        };
        if bytes[value..rule_start].trim_ascii().is_empty() {
            value = line_around(text, value.saturating_sub(1)).0;
        }
        let label = NameLabel {
            end: line.start + at.end,
            value,
            phrase: before,
            label,
            kind,
        };
        self.name_after_label(text, label, &mut party.memo, &party.around, hits, generic);
    }

    /// The label phrase `phrase` folded, the longest name label it ends
    /// with ("Nom et prénom" is a whole name's, "First name" a given
    /// name's) and that label's kind, if any: folded once for each
    /// phrase's text.
    fn label_of<'t>(&self, phrase: &'t str, memo: &mut LabelMemo<'t>) -> Option<(String, &'static str, LabelKind)> {
        memo.label(phrase, |phrase| {
            let before = folded_phrase(phrase);
            let label = label_ending(&before, &self.name_labels)?;
            Some((before, label, LabelKind::of(label)))
        })
    }

    /// The name after the name label `label`.
    fn name_after_label<'t>(
        &self,
        text: &'t str,
        label: NameLabel,
        memo: &mut LabelMemo<'t>,
        around: &Around,
        hits: &mut Vec<Hit>,
        generic: &mut Vec<GenericName>,
    ) {
        let NameLabel {
            end: colon,
            value: after,
            phrase: before,
            label,
            kind,
        } = label;
        let Around { personal, addresses } = *around;
        let bytes = text.as_bytes();
        let given = if kind == LabelKind::GivenName {
            Some(before[..before.len() - label.len()].trim_end())
        } else {
            // "Prénom du conjoint": the label the phrase ends with is the
            // qualifier's.
            qualified_after(&before, "prenom")
        };
        if let Some(qualifier) = given {
            self.given_and_surname(text, after, qualifier, hits);
            return;
        }
        // A surname's words ("Last Name: Da Silva") are no name of
        // their own: the given name's label takes them (French "Nom"
        // most often labels a whole name, and "First and last name"
        // is one). A name label alone is no surname's.
        if before.len() > label.len()
            && SURNAME_LABELS
                .iter()
                .any(|surname| *surname != "nom" && part_qualifier(&before, &[surname]).is_some())
        {
            return;
        }
        let qualifier = &before[..before.len() - label.len()];
        let mut qualifier_words = qualifier.split(|c: char| !c.is_alphanumeric());
        if qualifier_words.clone().any(|word| self.name_qualifiers.contains(word)) {
            return;
        }
        let end = ceil_boundary(text, (after + 96).min(text.len()));
        let rest = &text[after..end];
        // Past spaces, a quote and a courtesy title ("Attention: Mr.
        // Robert Smith").
        let skipped = rest.len() - past_title(past_quote(past_leader(rest.trim_start()))).len();
        // After a generic label ("Name:", "Contact:") the name must open
        // with a known given name or end with a known surname; a
        // personal label is enough, and so is a SIN, birth date or card
        // number in the name's block of lines (a customer export's row,
        // a form's fields): a firm has no SIN or birth date, and a card
        // beside a customer's name is its holder's. Not after an
        // address's label: its words are a street's most often, a
        // person's own or not ("Address: Sherbrooke West").
        let value = after + skipped..end;
        let says_a_person = kind == LabelKind::Personal
            || qualifier_words.any(|word| PERSONAL_QUALIFIERS.contains(&word))
            || in_the_block_of(bytes, colon, personal);
        let an_address = kind == LabelKind::Address;
        // (An address's label's name is read afresh: it must have the
        // street after it, past its line.)
        let read = if an_address {
            self.name_at(text, value, street_follows, 0.7)
        } else if says_a_person {
            if let Some(end) = self.name_in(text, value, |_| true, false, 0.7, hits) {
                self.names_listed_after(text, end, hits);
            }
            return;
        } else {
            memo.name_at(text, value, |value| self.name_at(text, value, |_| true, 0.7))
        };
        if let Some((found, known)) = read {
            // An address in its block that spells the name makes it a
            // person's whatever the given name; so does a person's own
            // address on the fields that follow it, but not after an
            // invoice's party (the firm's contact's, most often).
            let known = known
                || spelled_by_an_address(bytes, colon, &found.value, addresses)
                || (kind != LabelKind::InvoiceParty && own_address_follows(bytes, &found, addresses));
            let end = found.end;
            under_generic_label(found, known, before, after, hits, generic);
            if known {
                self.names_listed_after(text, end, hits);
            }
        }
    }

    /// The names listed after the one a label's value opens with, on its
    /// line ("Witness: Marie Tremblay, Jean Ouellet and Luc Gagnon"), the
    /// name before ending at `end`: each apart from the one before as
    /// `LIST_SEPARATORS` set them, and known to be a name (a firm, a
    /// street or a title may follow a name so).
    fn names_listed_after(&self, text: &str, mut end: usize, hits: &mut Vec<Hit>) {
        for _ in 0..LISTED_NAMES {
            let rest = &text[end..ceil_boundary(text, (end + 96).min(text.len()))];
            let Some(item) = LIST_SEPARATORS
                .iter()
                .find_map(|separator| rest.strip_prefix(separator))
            else {
                return;
            };
            let start = end + rest.len() - item.len();
            match self.name_at(text, start..start + item.len(), |_| true, 0.7) {
                Some((found, true)) => {
                    end = found.end;
                    hits.push(found);
                }
                _ => return,
            }
        }
    }

    /// The names in the name column of a fixed-width table (a report
    /// printed to text: "NAME" over "Marie Tremblay", cells apart by two
    /// spaces or more), each as the value of its header's label would be
    /// after a colon: a generic header's names are a person's when they
    /// open with a known given name or end with a known surname, or when
    /// its column vouches for them.
    pub(super) fn column_names(&self, text: &str, hits: &mut Vec<Hit>, generic: &mut Vec<GenericName>) {
        // Only lines with two spaces in a row are read: a header is one,
        // and so is each row under it.
        let bytes = text.as_bytes();
        let mut from = 0;
        while let Some(found) = columns::two_spaces(&bytes[from..]) {
            let (start, mut end) = line_around(text, from + found);
            from = end;
            let line = text[start..end].trim_end_matches('\r');
            if line.len() > COLUMN_LINE {
                continue;
            }
            // (Columns are characters: a report lines up characters, and
            // an "é" takes two bytes.)
            let Some(header) = self.name_columns(fixed_width_cells(line)) else {
                continue;
            };
            // A form's field printed to text: "Customer Name    Marie Tremblay".
            if let NameColumns::Whole(label, ref cell) = header {
                let value = fixed_width_cells(line)
                    .find(|(value, at)| !value.is_empty() && at.start > cell.end)
                    .map(|(_, at)| start + at.start..start + at.end);
                if self.field_beside_label(text, label, value, hits, generic) {
                    continue;
                }
            }
            let header = header.map(|cell| columns::char_columns(line, cell));
            // The rows under it, while they are laid out in columns and
            // are the table's (a printed form's next row of labels is the
            // next header's: it is read again as one).
            while end < bytes.len() {
                let (row_start, row_end) = line_around(text, end + 1);
                let row = text[row_start..row_end].trim_end_matches('\r');
                if row.len() > COLUMN_LINE || !columns::in_columns(row) {
                    break;
                }
                let cell = |columns: &std::ops::Range<usize>| {
                    let cell = columns::cell_under(row, columns.clone())?;
                    let start = row_start + (cell.as_ptr() as usize - row.as_ptr() as usize);
                    Some(start..start + cell.len())
                };
                if !self.names_in_row(text, &header, cell, hits, generic) {
                    break;
                }
                end = row_end;
            }
            from = end;
        }
    }

    /// The names in the name column of a table of tab-separated cells (a
    /// sheet's rows pasted into a message or a text file) or of cells
    /// apart by bars (a Markdown table, a database client's output), as
    /// `column_names` reads a fixed-width table's. Only lines with a tab
    /// or a bar are looked at, and a header has no digit: the rest of a
    /// text, an invoice's lines, is passed over at once.
    pub(super) fn delimited_column_names(&self, text: &str, hits: &mut Vec<Hit>, generic: &mut Vec<GenericName>) {
        let bytes = text.as_bytes();
        let mut from = 0;
        while let Some(separator) = memchr::memchr2(b'\t', b'|', &bytes[from..]) {
            let (start, mut end) = line_around(text, from + separator);
            from = end;
            let line = text[start..end].trim_end_matches('\r');
            if line.len() > COLUMN_LINE || line.bytes().any(|b| b.is_ascii_digit()) {
                continue;
            }
            let Some(separator) = columns::cell_separator(line) else {
                continue;
            };
            let Some(header) = self.name_columns(line.split(separator).map(str::trim).zip(0..)) else {
                continue;
            };
            // A two-column form's field pasted as text: "Name<TAB>Marie
            // Tremblay".
            if let NameColumns::Whole(label, 0) = header {
                let value = delimited_cell(line, start, separator, 1);
                let two_cells = separator == '\t' && line.split(separator).count() == 2;
                if two_cells && self.field_beside_label(text, label, value, hits, generic) {
                    continue;
                }
            }
            // The rows under it, while they are rows of cells (past the
            // rule under the header).
            while end < bytes.len() {
                let (row_start, row_end) = line_around(text, end + 1);
                let row = text[row_start..row_end].trim_end_matches('\r');
                let rule = columns::is_rule(row);
                if row.len() > COLUMN_LINE || !(rule || row.contains(separator)) {
                    break;
                }
                end = row_end;
                if rule {
                    continue;
                }
                let cell = |&column: &usize| delimited_cell(row, row_start, separator, column);
                // (An export's rows go on whatever one holds.)
                self.names_in_row(text, &header, cell, hits, generic);
            }
            from = end;
        }
    }

    /// The names in the name columns of `tables`, tables written one cell
    /// per line (see `interleaved`): each line of such a column a cell.
    pub(super) fn interleaved_column_names(
        &self,
        text: &str,
        tables: &[Interleaved],
        hits: &mut Vec<Hit>,
        generic: &mut Vec<GenericName>,
    ) {
        for table in tables {
            // Given names and surnames in columns of their own.
            let headers = table.columns().map(|(header, _)| text[header].trim()).zip(0..);
            if let Some(NameColumns::Parts(pairs)) = self.name_columns(headers) {
                for (given, surname) in pairs {
                    for (given_at, surname_at) in table.pairs(given, surname) {
                        self.name_of_parts(text, given_at, surname_at, hits);
                    }
                }
                continue;
            }
            for (header, lines) in table.columns() {
                let Some(label) = self.name_label_cell(text[header].trim()) else {
                    continue;
                };
                for line in lines {
                    let (_, end) = line_around(text, line);
                    let cell = text[line..end].trim_end();
                    let start = line + (cell.len() - cell.trim_start().len());
                    if start < line + cell.len() {
                        self.column_cell(text, label, start..line + cell.len(), hits, generic);
                    }
                }
            }
        }
    }

    /// A cell of a table's name column under the header `label`: a
    /// personal label's names are a person's; a generic one's as after
    /// a colon (see `under_generic_label`).
    fn column_cell(
        &self,
        text: &str,
        label: ColumnLabel,
        value: std::ops::Range<usize>,
        hits: &mut Vec<Hit>,
        generic: &mut Vec<GenericName>,
    ) {
        let cell_start = value.start;
        if label.personal {
            self.name_in(text, value, str::is_empty, false, 0.6, hits);
        } else if let Some((found, known)) = self.name_at(text, value, str::is_empty, 0.6) {
            under_generic_label(found, known, label.label.to_string(), cell_start, hits, generic);
        }
    }

    /// The name columns a table's header `cells` (each with its place)
    /// head, if any: its given names' and surnames' columns, each given
    /// name's paired with the surname's qualified as it is, else with the
    /// unqualified one ("First Name" with "Last Name",
    /// "billing_first_name" with "billing_last_name": see
    /// `part_qualifier`); without them, its first column of whole names
    /// ("CUSTOMER NAME", "NOM"; not "COMPANY NAME"). Each cell is read
    /// once, and only folded if its last word ends a label.
    fn name_columns<'c, C: Clone>(&self, cells: impl Iterator<Item = (&'c str, C)>) -> Option<NameColumns<C>> {
        let mut whole = None;
        let mut given = Vec::new();
        let mut surnames = Vec::new();
        for (cell, place) in cells {
            let cell = without_note(cell);
            if !could_head_names(cell, &self.header_label_ends) {
                continue;
            }
            let folded = fold_context(last_alternative(cell));
            let phrase = folded.replace('_', " ");
            if let Some(qualifier) = part_qualifier(&phrase, GIVEN_NAME_LABELS) {
                given.push((qualifier.to_string(), place.clone()));
            } else if let Some(qualifier) = part_qualifier(&phrase, SURNAME_LABELS) {
                surnames.push((qualifier.to_string(), place.clone()));
            }
            if whole.is_none() {
                whole = self.whole_name_label(&folded).map(|label| (label, place));
            }
        }
        let pairs: Vec<(C, C)> = given
            .into_iter()
            .filter_map(|(qualifier, place)| {
                let (_, surname) = surnames
                    .iter()
                    .find(|(q, _)| *q == qualifier)
                    .or_else(|| surnames.iter().find(|(q, _)| q.is_empty()))?;
                Some((place, surname.clone()))
            })
            .collect();
        if pairs.is_empty() {
            whole.map(|(label, place)| NameColumns::Whole(label, place))
        } else {
            Some(NameColumns::Parts(pairs))
        }
    }

    /// The name in a form's field pasted or printed as text, the `value`
    /// cell after its name label's (`label`): read as a cell under that
    /// label, unless a label too (a table header's next column). Whether
    /// a name was read so: then the line is a form's field, and the lines
    /// under it its next fields, not a table's rows.
    fn field_beside_label(
        &self,
        text: &str,
        label: ColumnLabel,
        value: Option<std::ops::Range<usize>>,
        hits: &mut Vec<Hit>,
        generic: &mut Vec<GenericName>,
    ) -> bool {
        let Some(value) = value.filter(|v| !could_head_names(&text[v.clone()], &self.header_label_ends)) else {
            return false;
        };
        let read = (hits.len(), generic.len());
        self.column_cell(text, label, value, hits, generic);
        (hits.len(), generic.len()) != read
    }

    /// The names in one row of a table under `header`, its cells found by
    /// `cell` (the value's bytes in `text`, from a header cell's place);
    /// and whether the row is one of the table's: not if its cells under a
    /// given name's and a surname's columns are filled but name nobody,
    /// as a printed form's next row of labels ("Employer   Position"
    /// under "Last Name   First Name") or a note under a table.
    fn names_in_row<C>(
        &self,
        text: &str,
        header: &NameColumns<C>,
        cell: impl Fn(&C) -> Option<std::ops::Range<usize>>,
        hits: &mut Vec<Hit>,
        generic: &mut Vec<GenericName>,
    ) -> bool {
        match header {
            NameColumns::Whole(label, place) => {
                if let Some(value) = cell(place) {
                    self.column_cell(text, *label, value, hits, generic);
                }
                true
            }
            NameColumns::Parts(pairs) => {
                let mut read = pairs.is_empty();
                for (given, surname) in pairs {
                    // (A row not lined up under its header may put one
                    // cell under both.)
                    match (cell(given), cell(surname)) {
                        (Some(given), Some(surname)) if given != surname => {
                            // (A lone initial is no name to read, nor a label.)
                            let an_initial = text[given.clone()].trim().trim_end_matches('.').chars().count() == 1;
                            read |= self.name_of_parts(text, given.start, surname.start, hits) || an_initial;
                        }
                        // Empty cells, a line running on from the row above.
                        _ => read = true,
                    }
                }
                read
            }
        }
    }

    /// Whether the words `value` are a name's label rather than a name:
    /// they end with the word for a name ("First Name", "Full Name",
    /// "Cardholder Name", "Nom"), or are a part's label whole ("Surname",
    /// "Last"). Not words a label ends with that surnames are too
    /// ("Vanessa Holder", "Ann Client").
    pub(super) fn is_a_name_label(value: &str) -> bool {
        let folded = fold_context(value).replace('_', " ");
        let last = folded.rsplit(' ').next().unwrap_or_default();
        matches!(last, "name" | "names" | "nom" | "noms")
            || GIVEN_NAME_LABELS.contains(&folded.as_str())
            || SURNAME_LABELS.contains(&folded.as_str())
    }

    /// The person named by a given name's cell at `given` and a surname's
    /// at `surname`, the cells of one row under their columns' labels.
    /// Whether the two cells read as a name's parts.
    fn name_of_parts(&self, text: &str, given: usize, surname: usize, hits: &mut Vec<Hit>) -> bool {
        let (Some(given), Some((surname, _))) = (self.name_field(text, given), self.name_field(text, surname)) else {
            return false;
        };
        self.given_name_and_surname(given, &surname, hits)
    }

    /// The name label a header's cell is, if it is one ("CUSTOMER NAME",
    /// "NOM"; not "COMPANY NAME", nor a given name's label alone).
    fn name_label_cell(&self, cell: &str) -> Option<ColumnLabel> {
        let cell = without_note(cell);
        could_head_names(cell, &self.label_ends)
            .then(|| self.whole_name_label(&fold_context(last_alternative(cell))))
            .flatten()
    }

    /// The name label the folded header cell `folded` is, if it labels
    /// whole names (see `name_label_cell`).
    fn whole_name_label(&self, folded: &str) -> Option<ColumnLabel> {
        let label = label_ending(folded, &self.name_labels)?;
        let qualifier = &folded[..folded.len() - label.len()];
        let mut qualifier_words = qualifier.split(|c: char| !c.is_alphanumeric());
        let qualified = qualifier_words.clone().any(|word| self.name_qualifiers.contains(word));
        let kind = LabelKind::of(label);
        let personal = kind == LabelKind::Personal || qualifier_words.any(|word| PERSONAL_QUALIFIERS.contains(&word));
        let a_name_column = !matches!(kind, LabelKind::GivenName | LabelKind::Address);
        (a_name_column && !qualified && qualifier.split_whitespace().count() <= 1)
            .then_some(ColumnLabel { label, personal })
    }

    /// A given name labelled alone at `at` (a value's start), its label
    /// qualified by `qualifier`, with the surname labelled after it in its
    /// row or on the next line, else before it in its row or on the line
    /// before: the surname qualified alike ("Shipping First Name" and
    /// "Shipping Last Name"), else one unqualified.
    fn given_and_surname(&self, text: &str, at: usize, qualifier: &str, hits: &mut Vec<Hit>) {
        let Some(given) = self.labelled_name_field(text, at) else {
            return;
        };
        let bytes = text.as_bytes();
        // Each line's bound looked for within `ROW_REACH` (one long line
        // of such fields made this quadratic).
        let start_of = |at: usize| {
            let reach = at.saturating_sub(ROW_REACH);
            memchr::memrchr(b'\n', &bytes[reach..at]).map_or(reach, |i| reach + i + 1)
        };
        let end_of = |at: usize| {
            let reach = (at + ROW_REACH).min(text.len());
            memchr::memchr(b'\n', &bytes[at..reach]).map_or(reach, |i| at + i)
        };
        let row_start = start_of(at);
        let row_end = end_of(at);
        let next_end = end_of((row_end + 1).min(text.len()));
        let previous_start = start_of(row_start.saturating_sub(1));
        // The surname among the labels' ends `marks` yields (colons,
        // equals signs, leaders), up to another given name's label
        // (another person's fields): the first whose label's qualifier is
        // the given name's, else the first unqualified.
        let surname_in = |marks: &mut dyn Iterator<Item = usize>| {
            let mut unqualified = None;
            for colon in marks {
                // (A qualified label may end with its qualifier's word:
                // "Nom du conjoint". Those are few: each colon is read.)
                let end = label_end(bytes, colon);
                if qualifier.is_empty()
                    && !ends_like_a_name_label(&bytes[end.saturating_sub(24)..end], &self.surname_label_ends)
                {
                    continue;
                }
                // (Its phrase starts past the given name's value, on a line
                // of fields one space apart: "First Name: Marie Last Name:".)
                let phrase = label_phrase(text, colon, given.1.end);
                match part_qualifier(&phrase, SURNAME_LABELS) {
                    Some(q) if q == qualifier => return self.labelled_name_field(text, colon + 1),
                    Some("") if unqualified.is_none() => unqualified = Some(colon),
                    Some(_) => {}
                    None if part_qualifier(&phrase, GIVEN_NAME_LABELS).is_some() => break,
                    None => {}
                }
            }
            unqualified.and_then(|colon| self.labelled_name_field(text, colon + 1))
        };
        let forward = |from: usize, to: usize| label_marks(bytes, from..to.min(from + ROW_REACH));
        let backward = |from: usize, to: usize| label_marks(bytes, from.max(to.saturating_sub(ROW_REACH))..to).rev();
        // After the given name on its row and on the next line; else
        // before it on its row, then on the line before, nearest first
        // (one long line of such fields is read field by field, not from
        // its start each time). Before it first where the layout puts
        // surnames first: else a list of people would pair each given
        // name with the next person's surname.
        let mark = at.saturating_sub(1);
        let ahead = || surname_in(&mut forward(given.1.end, next_end));
        let behind = || {
            surname_in(&mut backward(row_start, mark)).or_else(|| surname_in(&mut backward(previous_start, row_start)))
        };
        let surname = if self.surname_comes_first(text, mark, given.1.end, row_start..row_end) {
            behind().or_else(ahead)
        } else {
            ahead().or_else(behind)
        };
        let Some((surname, _)) = surname else {
            return;
        };
        self.given_name_and_surname(given, &surname, hits);
    }

    /// Whether a surname's label comes before a given name's in the
    /// layout of the given name whose label ends at `mark` (its value
    /// ending at `value_end`, on the row `row`): as the first part's
    /// label says, of its row if it holds another ("Last Name: Tremblay
    /// First Name: Marie"), else of its block of lines (one field a line,
    /// as French forms write "Nom :" over "Prénom :").
    fn surname_comes_first(&self, text: &str, mark: usize, value_end: usize, row: std::ops::Range<usize>) -> bool {
        let bytes = text.as_bytes();
        // Whether the first part's label in `from..to` is a surname's.
        let first_part = |from: usize, to: usize| {
            label_marks(bytes, from..to).find_map(|mark| {
                let end = label_end(bytes, mark);
                if !ends_like_a_name_label(&bytes[end.saturating_sub(24)..end], &self.header_label_ends) {
                    return None;
                }
                let phrase = label_phrase(text, mark, from);
                match part_qualifier(&phrase, GIVEN_NAME_LABELS) {
                    Some(_) => Some(false),
                    None => part_qualifier(&phrase, SURNAME_LABELS).map(|_| true),
                }
            })
        };
        if let Some(surname_first) = first_part(row.start, mark) {
            return surname_first;
        }
        // Leading its row of fields.
        if first_part(value_end, row.end).is_some() {
            return false;
        }
        let reach = row.start.saturating_sub(ROW_REACH);
        let block_start = [&b"\n\n"[..], b"\n\r\n"]
            .iter()
            .filter_map(|blank| memchr::memmem::rfind(&bytes[reach..row.start], blank))
            .max()
            .map_or(reach, |i| reach + i + 1);
        first_part(block_start, mark).unwrap_or(false)
    }

    /// The person named by a given name's field (its value and where it
    /// is) and a surname's: the labels say it is a given name, so it need
    /// not be a known one; but neither part is a label. Whether it is one.
    fn given_name_and_surname(
        &self,
        (given, at): (String, std::ops::Range<usize>),
        surname: &str,
        hits: &mut Vec<Hit>,
    ) -> bool {
        let name = format!("{given} {surname}");
        // A header row repeated over a table's page is no person
        // ("First Name: First Name").
        let a_name = self.no_business_words(&name) && !Self::is_a_name_label(&given) && !Self::is_a_name_label(surname);
        if a_name {
            hits.push(hit(EntityType::PersonName, name, at.start, at.end, 0.7));
        }
        a_name
    }

    /// The one or two words of a name that are the value at `at` (a
    /// given name and a middle name, a surname of two words), capitalized
    /// if printed in capitals ("Nom : TREMBLAY"), and where they are.
    fn name_field(&self, text: &str, at: usize) -> Option<(String, std::ops::Range<usize>)> {
        let (value, start) = field_value(text, at);
        if let Some(len) = words::lone_words(value) {
            return Some((value[..len].to_string(), start..start + len));
        }
        let len = words::capitals_lone_words(value)?;
        Some((words::capitalized(&value[..len]), start..start + len))
    }

    /// `name_field` after a label's colon, where the next field's label
    /// may follow on the same line one space apart.
    fn labelled_name_field(&self, text: &str, at: usize) -> Option<(String, std::ops::Range<usize>)> {
        self.name_field(text, at).or_else(|| {
            let (value, start) = field_value(text, at);
            let len = self.words_before_next_label(value)?;
            Some((value[..len].to_string(), start..start + len))
        })
    }

    /// The length of the one or two words of a name that open `value`
    /// when the label of the form's next field follows them on the line,
    /// one space apart ("Marie Last Name: Tremblay", "Mary Ann Last Name:
    /// ...", "Marie DOB: ...", "Marie last_name=Tremblay"): the words
    /// before the longest name label that ends at the next colon (or
    /// equals sign), else before its last word.
    fn words_before_next_label(&self, value: &str) -> Option<usize> {
        let line = &value[..value.find(['\n', '\r']).unwrap_or(value.len())];
        let colon = line.find([':', '='])?;
        // Where each word before the colon starts.
        let bytes = line.as_bytes();
        let starts: Vec<usize> = (0..colon)
            .filter(|&at| bytes[at] != b' ' && (at == 0 || bytes[at - 1] == b' '))
            .collect();
        let label_words = |k: usize| folded_phrase(&line[starts[k]..colon]);
        // (The name labels hold the given names' own.)
        let is_a_label = |phrase: &str| SURNAME_LABELS.contains(&phrase) || self.name_labels.contains(&phrase);
        let last = starts.len().checked_sub(1)?;
        let k = (1..=last.min(2))
            .find(|&k| is_a_label(&label_words(k)))
            .or_else(|| (1..=2).contains(&last).then_some(last))?;
        let end = line[..starts[k]].trim_end().len();
        // Each of its words a name's.
        line[..end]
            .split(' ')
            .all(|word| words::word(word) == Some(word.len()))
            .then_some(end)
    }

    /// The correspondents' names on a header line from `at`, the start of
    /// its value, given name first whichever way each is written: one, or
    /// each of a list apart by semicolons as Outlook writes recipients
    /// ("To: Marie Tremblay; Roy, Jean").
    fn correspondent(&self, text: &str, at: usize, hits: &mut Vec<Hit>) {
        let bytes = text.as_bytes();
        let line_end = ceil_boundary(text, (at + MAX_HEADER_LINE).min(text.len()));
        let line_end = memchr::memchr(b'\n', &bytes[at..line_end]).map_or(line_end, |i| at + i);
        let mut start = at;
        for _ in 0..MAX_CORRESPONDENTS {
            let item_end = memchr::memchr(b';', &bytes[start..line_end]).map_or(line_end, |i| start + i);
            let item = &text[start..item_end];
            let skipped = item.len() - item.trim_start_matches([' ', '\t', '"']).len();
            // Then the correspondent's address, or nothing more.
            let ends = |after: &str| {
                let after = after.trim_start_matches(['"', ' ']);
                after.is_empty() || after.starts_with(['<', '\r']) || after.starts_with("[mailto:")
            };
            // A known name, or one whose own mailbox follows it.
            if let Some((found, known)) = self.name_at(text, start + skipped..item_end, ends, 0.7) {
                let own =
                    || bracketed_address(&text[found.end..item_end]).is_some_and(|a| is_own_mailbox(&a, &found.value));
                if known || own() {
                    hits.push(found);
                }
            }
            if item_end == line_end {
                break;
            }
            start = item_end + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_test_knows_every_label_s_last_word() {
        let labels = name_labels();
        // (An address's label heads no column of names.)
        let headers: Vec<&str> = labels
            .iter()
            .chain(SURNAME_LABELS)
            .filter(|label| !ADDRESS_LABELS.contains(label))
            .copied()
            .collect();
        for (ends, labels) in [
            (surname_label_ends(), SURNAME_LABELS),
            (label_ends(), labels.as_slice()),
            (header_label_ends(), headers.as_slice()),
        ] {
            for label in labels {
                let written = format!("Client {} ", label.to_uppercase());
                assert!(ends_like_a_name_label(written.as_bytes(), &ends), "{label}");
            }
            assert!(!ends_like_a_name_label(b"Phone ", &ends));
        }
    }

    #[test]
    fn leaders_are_found_once_each_at_their_last_dot() {
        let text = "Name....... Marie\nTel. 555\nNom .. . . Jean\nEnd..\n...";
        let ends: Vec<usize> = leader_ends(text.as_bytes()).collect();
        let last = |of: &str| text.find(of).unwrap() + of.len() - 1;
        assert_eq!(ends, [last("Name......."), last("Nom .. . ."), text.len() - 1]);
        assert_eq!(
            label_end(text.as_bytes(), ends[0]),
            4,
            "the label ends where its leader starts"
        );
        assert!(is_label_mark(text.as_bytes(), ends[1]));
        assert!(!is_label_mark(text.as_bytes(), last("Tel.")));
        assert!(!is_label_mark(text.as_bytes(), last("End..")), "two dots are no leader");
        assert_eq!(past_leader("........ Marie"), "Marie");
        assert_eq!(past_leader(".. Marie"), ".. Marie");
    }

    #[test]
    fn a_label_s_phrase_is_its_own_field_s() {
        let text = "Thi Minh    Last name: Nguyen";
        assert_eq!(label_phrase(text, text.find(':').unwrap(), 0), "last name");
        let text = "Customer ID: C-1001\tFull Name: Marie";
        assert_eq!(label_phrase(text, text.rfind(':').unwrap(), 0), "full name");
        let text = "Nom du client : Marie";
        assert_eq!(label_phrase(text, text.find(':').unwrap(), 0), "nom du client");
    }
}
