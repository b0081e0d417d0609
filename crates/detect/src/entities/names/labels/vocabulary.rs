//! The labels a person's name is written after, folded, and what each
//! says of the value: a person's or a firm's, a given name's or a
//! surname's, and the quick tests of the words before a colon.

/// Generic labels a person's name may follow ("Name:"), folded; the
/// value must then start with a known given name or end with a known
/// surname.
pub(super) const GENERIC_NAME_LABELS: &[&str] = &[
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
    // Who did what a record logs: a ticket's, a register's, a form's
    // office-use box.
    "raised by",
    "reported by",
    "created by",
    "entered by",
    "completed by",
    "received by",
    "checked by",
    "verified by",
    "recorded by",
    "processed by",
    "handled by",
    "updated by",
    "modified by",
    "saisi par",
    "cree par",
    "verifie par",
    "recu par",
    "rempli par",
    "complete par",
    "traite par",
    "signale par",
    "modifie par",
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
pub(super) const ADDRESS_LABELS: &[&str] = &[
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
pub(super) const INVOICE_PARTY_LABELS: &[&str] = &[
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
pub(super) const PARTY_LINE: std::ops::RangeInclusive<usize> = 7..=24;

/// The first letters an invoice party's or an address's label may open
/// with, by the byte it ends with: a mask of `letter_bit`s, from
/// `INVOICE_PARTY_LABELS` and `ADDRESS_LABELS` in either case; any
/// letter for a label ending with a non-ASCII letter's byte ("à"). A
/// cheap test, every line of a text being offered
/// (`PersonNames::party_label_line`).
pub(super) const PARTY_LABEL_ENDS: [u32; 256] = {
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
pub(super) const fn letter_bit(byte: u8) -> u32 {
    let letter = byte.to_ascii_lowercase();
    if letter.is_ascii_lowercase() {
        1 << (letter - b'a')
    } else {
        1 << 26
    }
}

/// The longest of `labels` (ordered longest first) that ends the folded
/// phrase `before` as whole words.
pub(super) fn label_ending(before: &str, labels: &[&'static str]) -> Option<&'static str> {
    labels
        .iter()
        .find(|l| before.ends_with(**l) && !before[..before.len() - l.len()].ends_with(|c: char| c.is_alphanumeric()))
        .copied()
}

/// Whether the word before a colon can end a name label: a cheap test on
/// the raw bytes, before any folding. Words with non-ASCII letters
/// ("employé") go on to the full test.
pub(super) fn ends_like_a_name_label(before: &[u8], label_ends: &LabelEnds) -> bool {
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
pub(in crate::entities::names) struct LabelEnds(Vec<Vec<&'static str>>);

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
pub(in crate::entities::names) const NAME_QUALIFIERS: &[&str] = &[
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
pub(super) const PERSONAL_LABELS: &[&str] = &[
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
    "witnessed by",
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
pub(super) const PERSONAL_QUALIFIERS: &[&str] = &[
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
pub(super) const GIVEN_NAME_LABELS: &[&str] = &[
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
pub(super) const SURNAME_LABELS: &[&str] = &[
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
pub(super) fn part_qualifier<'p>(phrase: &'p str, labels: &[&str]) -> Option<&'p str> {
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
pub(super) fn qualified_after<'p>(phrase: &'p str, label: &str) -> Option<&'p str> {
    let after = phrase.strip_prefix(label)?.strip_prefix(' ')?;
    ["de ", "du ", "des ", "d'"]
        .iter()
        .any(|preposition| after.starts_with(preposition))
        .then_some(after)
}

/// The last word of every name label: a colon is passed over unless the
/// word before it is one.
pub(in crate::entities::names) fn label_ends() -> LabelEnds {
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
pub(in crate::entities::names) fn surname_label_ends() -> LabelEnds {
    LabelEnds::of(SURNAME_LABELS.iter())
}

/// The last word of every label a table's header names people by, whole
/// or in parts, as `label_ends`.
pub(in crate::entities::names) fn header_label_ends() -> LabelEnds {
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
pub(in crate::entities::names) fn name_labels() -> Vec<&'static str> {
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
}
