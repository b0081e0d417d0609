//! Counterparties (customers, suppliers, individuals) from the master list
//! CSV (`id,name,kind,aliases,domains,identifiers,contact`), and the
//! matcher that finds them in a document: names and aliases on word
//! boundaries whatever the case, accents, punctuation and legal suffix,
//! e-mail domains, and identifiers (bank accounts, customer numbers, ...).
//! All names go into one Aho-Corasick automaton, never a regex per name
//! (`names`).

mod names;

use crate::entities::{has_business_word, Hit};
use crate::fold::{fold_words, unfolded_spans};
use crate::validate;
use breachscope_core::EntityType;
use foldhash::HashMap;
use names::NameMatcher;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Legal-form words dropped from the end of a name before matching.
const LEGAL_SUFFIXES: &[&str] = &[
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "ltee",
    "limitee",
    "corp",
    "corporation",
    "co",
    "company",
    "cie",
    "llc",
    "llp",
    "lp",
    "plc",
    "ulc",
    "gmbh",
    "ag",
    "sa",
    "sas",
    "sarl",
    "srl",
    "bv",
    "nv",
    "senc",
    "s e n c",
    "sec",
    "s e c",
    "enr",
    "pty",
    "the",
];

/// Names shorter than this (after folding) are too ambiguous to match.
const MIN_NAME_LEN: usize = 4;

/// One counterparty from the master list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counterparty {
    pub id: String,
    pub name: String,
    /// `customer`, `supplier` or `individual`.
    pub kind: String,
}

/// Why the master list could not be used.
#[derive(Debug, thiserror::Error)]
pub enum CounterpartyError {
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

/// The kind a master list's `kind` cell names, in English or French, as
/// `customer`, `supplier` or `individual`; empty if the cell is.
fn party_kind(cell: &str) -> Option<&'static str> {
    Some(match fold_words(cell).trim() {
        "" => "",
        "customer" | "client" | "cliente" => "customer",
        "supplier" | "vendor" | "fournisseur" | "fournisseuse" => "supplier",
        "individual" | "person" | "particulier" | "particuliere" | "individu" => "individual",
        _ => return None,
    })
}

/// How a counterparty was recognized in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchReason {
    Name,
    Alias,
    Domain,
    Identifier,
    Contact,
}

impl MatchReason {
    /// A short word for reports.
    pub fn name(self) -> &'static str {
        match self {
            MatchReason::Name => "name",
            MatchReason::Alias => "alias",
            MatchReason::Domain => "domain",
            MatchReason::Identifier => "identifier",
            MatchReason::Contact => "contact",
        }
    }
}

/// What one needle of the automaton stands for.
#[derive(Debug, Clone)]
struct Pattern {
    /// The party's index in the list.
    party: usize,
    reason: MatchReason,
    /// A name or alias of one word of letters ("Bell", "Staples"): a
    /// common word as often, so it counts only where the text writes it
    /// as a name, with a capital. Its folded form, if ASCII letters only
    /// (else, "Québecor" or "V12345", it counts as any name).
    one_word: Option<String>,
    /// A name or alias of an individual, or a contact person's name, of
    /// two words or more: where it is found, the text names a person.
    person: bool,
}

/// What a text says of the master list's counterparties.
#[derive(Debug, Default)]
pub struct Named<'c> {
    /// Each counterparty named, and how (each way once).
    pub parties: Vec<(&'c Counterparty, MatchReason)>,
    /// Where an individual is named by a name or alias of two words or
    /// more ("Marie Tremblay", "TREMBLAY, Marie"), or a counterparty's
    /// contact person by name: the text's spans, in order.
    pub people: Vec<Range<usize>>,
}

/// The master list, compiled for matching.
#[derive(Debug, Clone, Default)]
pub struct Counterparties {
    parties: Vec<Counterparty>,
    /// For each automaton pattern: the party it names and why it matches.
    patterns: Vec<Pattern>,
    matcher: Option<NameMatcher>,
    /// Normalized identifier values (bank accounts, IBANs, e-mails, ...)
    /// that detected elements are compared with.
    identifiers: HashMap<String, (usize, MatchReason)>,
    /// E-mail domains, lower case.
    domains: HashMap<String, usize>,
}

impl Counterparties {
    /// Compiles the master list read from `path` as `text` (decoded from
    /// whatever encoding it came in: see `breachscope_extract::decode_text`),
    /// its fields apart by commas, or by semicolons or tabs as spreadsheets
    /// in French and other locales export them.
    pub fn parse(path: &Path, text: &str) -> Result<Counterparties, CounterpartyError> {
        let invalid = |message: String| CounterpartyError::Invalid {
            path: path.to_owned(),
            message,
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter(text))
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| invalid(e.to_string()))?
            .iter()
            .map(|h| h.to_ascii_lowercase())
            .collect();
        let column = |name: &str| headers.iter().position(|h| h == name);
        let (Some(id_col), Some(name_col)) = (column("id"), column("name")) else {
            return Err(invalid(
                "needs columns id and name (id,name,kind,aliases,domains,identifiers,contact)".into(),
            ));
        };
        let mut rows = Vec::new();
        for (n, record) in reader.records().enumerate() {
            let record = record.map_err(|e| invalid(format!("row {}: {e}", n + 2)))?;
            let get = |col: Option<usize>| col.and_then(|c| record.get(c)).unwrap_or("").to_string();
            let kind = get(column("kind"));
            let kind = party_kind(&kind).ok_or_else(|| {
                invalid(format!(
                    "row {}: kind {kind:?} is none of customer, supplier, individual",
                    n + 2
                ))
            })?;
            rows.push(Row {
                id: get(Some(id_col)),
                name: get(Some(name_col)),
                kind: kind.to_string(),
                aliases: get(column("aliases")),
                domains: get(column("domains")),
                identifiers: get(column("identifiers")),
                contact: get(column("contact")),
            });
        }
        Counterparties::build(rows).map_err(invalid)
    }

    fn build(rows: Vec<Row>) -> Result<Counterparties, String> {
        let mut list = Counterparties::default();
        let mut needles: Vec<String> = Vec::new();
        for row in rows {
            if row.id.is_empty() {
                continue;
            }
            let index = list.parties.len();
            let individual = row.kind == "individual";
            let add = |needle: String, reason: MatchReason, needles: &mut Vec<String>, patterns: &mut Vec<Pattern>| {
                let needle = needle.trim();
                if needle.len() < MIN_NAME_LEN {
                    return;
                }
                let named = matches!(reason, MatchReason::Name | MatchReason::Alias);
                let word = needle.bytes().all(|b| b.is_ascii_alphabetic());
                let one_word = (named && word).then(|| needle.to_string());
                needles.push(format!(" {needle} "));
                patterns.push(Pattern {
                    party: index,
                    reason,
                    one_word,
                    person: needle.contains(' ') && (reason == MatchReason::Contact || (named && individual)),
                });
            };
            // A person is written surname first as often ("Tremblay, Marie").
            let add_reversed = |name: &str, reason, needles: &mut Vec<String>, patterns: &mut Vec<Pattern>| {
                if let Some(reversed) = surname_first(name) {
                    add(match_form(&reversed), reason, needles, patterns);
                }
            };
            for form in match_forms(&row.name) {
                add(form, MatchReason::Name, &mut needles, &mut list.patterns);
            }
            if individual {
                add_reversed(&row.name, MatchReason::Name, &mut needles, &mut list.patterns);
            }
            for form in split_list(&row.aliases).flat_map(match_forms) {
                add(form, MatchReason::Alias, &mut needles, &mut list.patterns);
            }
            for domain in split_list(&row.domains) {
                let domain = domain.trim_start_matches('@').to_ascii_lowercase();
                add(
                    fold_words(&domain),
                    MatchReason::Domain,
                    &mut needles,
                    &mut list.patterns,
                );
                list.domains.insert(domain, index);
            }
            for identifier in split_list(&row.identifiers) {
                let (kind, value) = identifier.split_once(':').unwrap_or(("", identifier));
                list.identifiers
                    .insert(normalize_identifier(kind, value), (index, MatchReason::Identifier));
                for form in identifier_forms(value) {
                    add(form, MatchReason::Identifier, &mut needles, &mut list.patterns);
                }
            }
            for part in split_list(&row.contact) {
                if let Some(email) = part
                    .split(|c: char| c == '<' || c == '>' || c.is_whitespace())
                    .find(|p| p.contains('@'))
                {
                    list.identifiers
                        .insert(email.to_ascii_lowercase(), (index, MatchReason::Contact));
                }
                // The contact's name, before the address: a person's
                // wherever it is written.
                if let Some(name) = contact_name(part) {
                    for form in match_forms(name) {
                        add(form, MatchReason::Contact, &mut needles, &mut list.patterns);
                    }
                    add_reversed(name, MatchReason::Contact, &mut needles, &mut list.patterns);
                }
            }
            list.parties.push(Counterparty {
                id: row.id,
                name: row.name,
                kind: row.kind,
            });
        }
        if !needles.is_empty() {
            list.matcher = Some(NameMatcher::new(&needles)?);
        }
        Ok(list)
    }

    /// The counterparties, in list order.
    pub fn parties(&self) -> &[Counterparty] {
        &self.parties
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.parties.is_empty()
    }

    /// Counterparties named in `text`, by name, alias, domain or
    /// identifier, whatever the case, accents and punctuation, and where
    /// it names individuals. `scratch` is working space, reused across
    /// calls.
    pub fn in_text(&self, text: &str, scratch: &mut Vec<u8>) -> Named<'_> {
        let Some(matcher) = &self.matcher else {
            return Named::default();
        };
        let mut found = Vec::new();
        let mut people = Vec::new();
        for (pattern, span) in matcher.find(text, scratch) {
            if self.patterns[pattern].person {
                people.push(span);
            }
            found.push(pattern);
        }
        // Each needle once: a one-word name is looked for written with a
        // capital over the whole text, not once per time it is met.
        found.sort_unstable();
        found.dedup();
        let parties = found
            .into_iter()
            .map(|pattern| &self.patterns[pattern])
            // A contact's name says a person, not whose record it is: a
            // namesake, or the contact writing for another firm, as often.
            .filter(|pattern| pattern.reason != MatchReason::Contact)
            .filter(|pattern| {
                pattern
                    .one_word
                    .as_deref()
                    .is_none_or(|word| written_as_a_name(text, word))
            })
            .map(|pattern| (&self.parties[pattern.party], pattern.reason))
            .collect();
        Named {
            parties,
            people: unfolded_spans(text, &people),
        }
    }

    /// The counterparties whose names or aliases a document's path holds
    /// (`Clients/Maple Ridge Supply/cheque.pdf`, `Tremblay_Marie_T4.pdf`):
    /// a file filed under a counterparty's folder, or named for it, is
    /// theirs too, whatever its content says (a scanned cheque, a
    /// password-protected statement). Looked for as in a text, each
    /// folder a line of it, underscores as spaces.
    pub fn in_path(&self, path: &str) -> Vec<&Counterparty> {
        let text: String = path
            .chars()
            .map(|c| match c {
                '/' | '\\' | '!' => '\n',
                '_' => ' ',
                c => c,
            })
            .collect();
        self.in_text(&text, &mut Vec::new())
            .parties
            .into_iter()
            .filter(|(_, reason)| matches!(reason, MatchReason::Name | MatchReason::Alias))
            .map(|(party, _)| party)
            .collect()
    }

    /// The counterparty a detected element belongs to, if any: a listed
    /// identifier, a contact address, or an address at a listed domain.
    pub fn for_element(&self, hit: &Hit) -> Option<(&Counterparty, MatchReason)> {
        if self.parties.is_empty() {
            return None;
        }
        let key = match hit.kind {
            EntityType::CaBusinessNumber => business_key(&hit.value),
            _ => hit.value.clone(),
        };
        if let Some(&(index, reason)) = self.identifiers.get(&key) {
            return Some((&self.parties[index], reason));
        }
        if hit.kind == EntityType::Email {
            let domain = hit.value.rsplit_once('@')?.1;
            let index = *self.domains.get(domain)?;
            return Some((&self.parties[index], MatchReason::Domain));
        }
        None
    }
}

/// The delimiter of a list whose header is the first line of `text`: the
/// one of comma, semicolon and tab it holds most of.
fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| (header.bytes().filter(|b| b == d).count(), *d == b','))
        .unwrap_or(b',')
}

struct Row {
    id: String,
    name: String,
    kind: String,
    aliases: String,
    domains: String,
    identifiers: String,
    contact: String,
}

fn split_list(field: &str) -> impl Iterator<Item = &str> {
    field.split([';', '|']).map(str::trim).filter(|s| !s.is_empty())
}

/// Whether `word` (folded, ASCII) is written in `text` as a name: as a
/// word of its own with a capital in it ("Bell", "BELL", "eBay"), not all
/// in lower case ("ring the bell").
fn written_as_a_name(text: &str, word: &str) -> bool {
    let (bytes, word) = (text.as_bytes(), word.as_bytes());
    let first = word[0];
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), bytes).any(|at| {
        let Some(found) = bytes.get(at..at + word.len()) else {
            return false;
        };
        let alone = |b: Option<&u8>| b.is_none_or(|b| !b.is_ascii_alphanumeric());
        found.eq_ignore_ascii_case(word)
            && found.iter().any(u8::is_ascii_uppercase)
            && alone(at.checked_sub(1).and_then(|i| bytes.get(i)))
            && alone(bytes.get(at + word.len()))
    })
}

/// The folded forms a listed identifier is looked for in, whatever marks
/// part its letters and digits: as listed, its parts joined, and its
/// letters apart from its digits ("CU10001" is also written "CU-10001",
/// "003-12345-1234567" also "003123451234567").
fn identifier_forms(value: &str) -> std::collections::BTreeSet<String> {
    let listed = fold_words(value);
    let joined: String = listed.split_whitespace().collect();
    let mut apart = String::with_capacity(joined.len() + 4);
    for c in joined.chars() {
        let switches = apart
            .chars()
            .last()
            .is_some_and(|last| last.is_ascii_digit() != c.is_ascii_digit());
        if switches {
            apart.push(' ');
        }
        apart.push(c);
    }
    [listed, joined, apart].into_iter().collect()
}

/// The folded forms a name is matched in: as written, and with `&`
/// written out as "and" and "et" or the other way round ("Johnson &
/// Johnson" is also "Johnson and Johnson"; folding drops the `&` itself),
/// each also without its apostrophes ("O'Brien" is typed "OBrien" where
/// systems refuse quotes); each also without a leading article ("Les
/// Entreprises Côté" is "Entreprises Côté" on an invoice) and with its
/// initials together ("A.B.C. Distribution" is "ABC Distribution"); and
/// all of those with their usual abbreviations written out or their words
/// abbreviated ("St-Laurent" is "Saint-Laurent", "Intl" "International":
/// `ABBREVIATED`).
fn match_forms(name: &str) -> std::collections::BTreeSet<String> {
    let mut written = vec![name.to_string()];
    if name.contains(['\'', '\u{2019}']) {
        written.push(name.replace(['\'', '\u{2019}'], ""));
    }
    if name.contains('&') {
        written.extend([" and ", " et "].map(|word| name.replace('&', word)));
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    if words
        .iter()
        .any(|w| w.eq_ignore_ascii_case("and") || w.eq_ignore_ascii_case("et"))
    {
        let ampersand = words.iter().map(|w| {
            if w.eq_ignore_ascii_case("and") || w.eq_ignore_ascii_case("et") {
                "&"
            } else {
                w
            }
        });
        written.push(ampersand.collect::<Vec<_>>().join(" "));
    }
    let mut forms: std::collections::BTreeSet<String> = written.iter().map(|name| match_form(name)).collect();
    let variants: Vec<String> = forms
        .iter()
        .flat_map(|form| {
            let initials = initials_together(form);
            [without_article(form), without_article(&initials), Some(initials)]
        })
        .flatten()
        .collect();
    forms.extend(variants);
    let abbreviated: Vec<String> = forms.iter().flat_map(|form| abbreviations_otherwise(form)).collect();
    forms.extend(abbreviated);
    forms
}

/// Words firms' names are written in full or abbreviated, folded, each
/// with its abbreviation: Quebec's place names ("St-Laurent" is
/// "Saint-Laurent"), and the words that banks' and ledgers' truncated
/// payee fields shorten ("ACME INTL MFG" is "Acme International
/// Manufacturing"). An abbreviation is written out as the first word
/// listed with it.
const ABBREVIATED: &[(&str, &str)] = &[
    ("saint", "st"),
    ("sainte", "ste"),
    ("international", "intl"),
    ("manufacturing", "mfg"),
    ("services", "svcs"),
    ("service", "svc"),
    ("distribution", "distr"),
    ("technologies", "tech"),
    ("technology", "tech"),
    ("industries", "inds"),
    ("associates", "assoc"),
    ("brothers", "bros"),
    ("compagnie", "cie"),
    ("department", "dept"),
];

/// A folded name with every word of `ABBREVIATED` abbreviated, and with
/// every abbreviation written out: those that differ from it.
fn abbreviations_otherwise(form: &str) -> impl Iterator<Item = String> + '_ {
    let rewritten = |word_for: fn(&str) -> Option<&'static str>| {
        let words: Vec<&str> = form.split(' ').map(|word| word_for(word).unwrap_or(word)).collect();
        Some(words.join(" ")).filter(|rewritten| rewritten != form)
    };
    let abbreviated = rewritten(|word| {
        ABBREVIATED
            .iter()
            .find(|(full, _)| *full == word)
            .map(|(_, short)| *short)
    });
    let written_out = rewritten(|word| {
        ABBREVIATED
            .iter()
            .find(|(_, short)| *short == word)
            .map(|(full, _)| *full)
    });
    abbreviated.into_iter().chain(written_out)
}

/// Leading articles dropped from a name, English and French, folded.
const ARTICLES: [&str; 5] = [" the ", " les ", " le ", " la ", " l "];

/// A folded name (`" word word "`) without its leading article, if it has
/// one and at least two words follow it ("The Bay" stays whole: "Bay" is
/// too common a word to be a name alone).
fn without_article(form: &str) -> Option<String> {
    let rest = ARTICLES.iter().find_map(|article| form.strip_prefix(article))?;
    rest.trim_end().contains(' ').then(|| format!(" {rest}"))
}

/// A folded name with its runs of one-letter words joined (" a b c
/// distribution " -> " abc distribution ").
fn initials_together(form: &str) -> String {
    let mut out = String::with_capacity(form.len());
    let mut previous_single = false;
    for word in form.split(' ').filter(|w| !w.is_empty()) {
        let single = word.len() == 1;
        if !(single && previous_single) {
            out.push(' ');
        }
        out.push_str(word);
        previous_single = single;
    }
    out.push(' ');
    out
}

/// A person's name of two or three words written surname first
/// ("Marie Tremblay" -> "Tremblay Marie": folding drops the comma).
fn surname_first(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let (surname, given) = words.split_last()?;
    (2..=3)
        .contains(&words.len())
        .then(|| format!("{surname} {}", given.join(" ")))
}

/// The person's name in a master list's contact ("Marc Bolduc
/// <marc@bolducfils.qc.ca>", "Marc Bolduc"): two to four words of letters
/// (hyphens, apostrophes and initials' periods too), not an address, nor
/// a department's name ("Accounts Payable <ap@...>").
fn contact_name(contact: &str) -> Option<&str> {
    let name = contact.split('<').next()?.trim().trim_matches(['"', '\'']).trim();
    let words = name.split_whitespace().count();
    let letters = name
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '’' | '.'));
    ((2..=4).contains(&words) && letters && !has_business_word(name)).then_some(name)
}

/// The folded form a name is matched in: legal suffixes dropped.
fn match_form(name: &str) -> String {
    let mut folded = fold_words(name);
    loop {
        let trimmed = folded.trim_end();
        let Some(suffix) = LEGAL_SUFFIXES.iter().find(|s| trimmed.ends_with(&format!(" {s}"))) else {
            break;
        };
        let keep = trimmed.len() - suffix.len();
        if keep <= 1 {
            break;
        }
        folded = format!("{} ", &trimmed[..keep].trim_end());
    }
    folded
}

/// The key a business number is listed and looked up by: its nine
/// digits, which name the business whatever program account follows
/// (RT0001 for GST/HST, RP0001 for payroll), apart from other nine-digit
/// numbers (a SIN's).
fn business_key(number: &str) -> String {
    format!("bn:{}", number.get(..9).unwrap_or(number))
}

/// An identifier from the master list in the normalized form detectors
/// give their values, so the two compare equal.
fn normalize_identifier(kind: &str, value: &str) -> String {
    let digits = validate::digits(value);
    match kind.trim().to_ascii_lowercase().as_str() {
        "bank" | "ca_bank_account" if digits.len() >= 15 => {
            format!("{}-{}-{}", &digits[..3], &digits[3..8], &digits[8..])
        }
        "iban" | "swift" | "swift_bic" | "bic" => value
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase(),
        "email" => value.trim().to_ascii_lowercase(),
        "sin" | "ca_sin" | "card" | "payment_card" | "aba" | "us_aba_routing" => digits,
        // A GST/HST or payroll account is the business number with a
        // program account: any of them names the business.
        "bn" | "ca_business_number" | "gst" | "hst" | "gst_hst" | "gst/hst" | "tps" | "tvh" | "tps/tvh" | "rt" => {
            business_key(&digits)
        }
        _ => value.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = "id,name,kind,aliases,domains,identifiers,contact
C-0042,Acme Industrial Supply Inc.,customer,Acme Supply;AIS,acme-industrial.ca,bank:003-12345-1234567;customer_no:CU12345,Jane Roe <jane.roe@acmemail.com>
S-0007,Boulangerie Côté Ltée,supplier,,cote.qc.ca,gst:123456782 RT 0001,
I-0001,Marie Tremblay,individual,,,sin:130 692 544,
S-0009,Johnson & Johnson Supply Co.,supplier,Dupont et Fils,,,
S-0010,O'Brien Hardware Ltd.,supplier,,,,
S-0011,Les Entreprises Gagnon S.E.N.C.,supplier,,,,
C-0050,A.B.C. Distribution Inc.,customer,Bell;v20931,,,
";

    fn list() -> Counterparties {
        load(LIST).unwrap()
    }

    fn ids(list: &Counterparties, text: &str) -> Vec<String> {
        let mut ids: Vec<String> = list
            .in_text(text, &mut Vec::new())
            .parties
            .into_iter()
            .map(|(p, _)| p.id.clone())
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    #[test]
    fn names_match_whatever_case_accents_and_suffix() {
        let list = list();
        assert_eq!(ids(&list, "Bill to: ACME INDUSTRIAL SUPPLY, INC."), ["C-0042"]);
        assert_eq!(ids(&list, "Fournisseur : Boulangerie Cote (S.E.N.C.)"), ["S-0007"]);
        assert_eq!(ids(&list, "BOULANGERIE CÔTÉ LTÉE"), ["S-0007"]);
        assert_eq!(ids(&list, "Boulangerie\u{a0}Co\u{302}te\u{301}"), ["S-0007"]);
        assert_eq!(ids(&list, "Acme Supply Ltd"), ["C-0042"]);
        assert_eq!(ids(&list, "Applicant: Marie Tremblay"), ["I-0001"]);
        assert_eq!(ids(&list, "Client: TREMBLAY, Marie"), ["I-0001"], "surname first");
        assert!(ids(&list, "Acmeindustrial supplyer").is_empty());
        assert!(ids(&list, "AIS").is_empty(), "three-letter alias is too short to trust");
        // "&" is "and" or "et", and the other way round.
        assert_eq!(ids(&list, "Shipped by Johnson and Johnson Supply Company"), ["S-0009"]);
        assert_eq!(ids(&list, "JOHNSON ET JOHNSON SUPPLY"), ["S-0009"]);
        assert_eq!(ids(&list, "Paid to Dupont & Fils"), ["S-0009"]);
        // With its apostrophe, straight or curly, or without.
        assert_eq!(ids(&list, "Vendor: O\u{2019}Brien Hardware"), ["S-0010"]);
        assert_eq!(ids(&list, "Vendor: OBRIEN HARDWARE LTD"), ["S-0010"]);
        assert!(ids(&list, "Brien Hardware").is_empty());
    }

    #[test]
    fn a_list_apart_by_semicolons_or_tabs_is_read_so() {
        for list in [
            "\u{feff}id;name;kind\nS-1;Dupont, Fils et Cie;fournisseur\n",
            "id\tname\tkind\nS-1\tDupont, Fils et Cie\tsupplier\n",
        ] {
            let list = load(list).unwrap();
            assert_eq!(ids(&list, "Payé à Dupont, Fils et Cie"), ["S-1"], "{list:?}");
        }
        assert_eq!(delimiter("id,name,kind,aliases;domains"), b',');
        assert_eq!(delimiter(""), b',');
    }

    #[test]
    fn names_match_without_their_article_and_with_their_initials_together() {
        let list = list();
        assert_eq!(ids(&list, "Vendor: Entreprises Gagnon"), ["S-0011"]);
        assert_eq!(ids(&list, "LES ENTREPRISES GAGNON SENC"), ["S-0011"]);
        assert!(ids(&list, "Gagnon").is_empty(), "one word is left of it");
        assert_eq!(ids(&list, "Customer: ABC Distribution"), ["C-0050"]);
        assert_eq!(ids(&list, "Customer: A.B.C. Distribution Inc."), ["C-0050"]);
        assert!(ids(&list, "The ABC of distribution").is_empty());
    }

    #[test]
    fn saint_and_sainte_match_abbreviated_or_written_out() {
        let list = load(
            "id,name,kind\nS-1,Quincaillerie Saint-Laurent S.E.N.C.,supplier\nC-1,Aliments Ste-Julie Inc.,customer\n",
        )
        .unwrap();
        assert_eq!(ids(&list, "Fournisseur : Quincaillerie St-Laurent SENC"), ["S-1"]);
        assert_eq!(ids(&list, "QUINCAILLERIE ST LAURENT"), ["S-1"]);
        assert_eq!(ids(&list, "Client : Les Aliments Sainte-Julie"), ["C-1"]);
        assert!(ids(&list, "Quincaillerie Laurent").is_empty());
    }

    #[test]
    fn names_match_with_their_words_abbreviated_as_payee_fields_write_them() {
        let list = load(
            "id,name,kind\nS-1,Acme International Manufacturing Corp.,supplier\nC-1,Northern Maple Intl Services Ltd.,customer\n",
        )
        .unwrap();
        assert_eq!(ids(&list, "EFT PAYEE ACME INTL MFG CORP"), ["S-1"]);
        assert_eq!(ids(&list, "Northern Maple International Services"), ["C-1"]);
        assert_eq!(ids(&list, "NORTHERN MAPLE INTL SVCS"), ["C-1"]);
        assert!(ids(&list, "Acme Intl").is_empty());
    }

    #[test]
    fn a_name_of_one_word_counts_only_written_as_a_name() {
        let list = list();
        assert_eq!(ids(&list, "Paid to Bell for the phone lines"), ["C-0050"]);
        assert_eq!(ids(&list, "BELL - monthly"), ["C-0050"]);
        assert!(ids(&list, "We ring the bell at noon.").is_empty());
        assert!(ids(&list, "the bell rang; Bellwether was late").is_empty());
        // Identifiers are one word too, and count however written, as
        // does a one-word alias that is no word ("v20931").
        assert_eq!(ids(&list, "customer no. cu12345"), ["C-0042"]);
        assert_eq!(ids(&list, "vendor v20931"), ["C-0050"]);
    }

    #[test]
    fn identifiers_and_domains() {
        let list = list();
        assert_eq!(ids(&list, "Customer no. CU12345"), ["C-0042"]);
        assert_eq!(ids(&list, "see www.acme-industrial.ca"), ["C-0042"]);
        let hit = |kind, value: &str| Hit {
            kind,
            value: value.into(),
            start: 0,
            end: 0,
            score: 1.0,
        };
        let bank = list.for_element(&hit(EntityType::CaBankAccount, "003-12345-1234567"));
        assert_eq!(
            bank.map(|(p, r)| (p.id.as_str(), r)),
            Some(("C-0042", MatchReason::Identifier))
        );
        let mail = list.for_element(&hit(EntityType::Email, "ap@acme-industrial.ca"));
        assert_eq!(mail.map(|(p, _)| p.id.as_str()), Some("C-0042"));
        let contact = list.for_element(&hit(EntityType::Email, "jane.roe@acmemail.com"));
        assert_eq!(
            contact.map(|(p, r)| (p.id.as_str(), r)),
            Some(("C-0042", MatchReason::Contact))
        );
        let sin = list.for_element(&hit(EntityType::CaSin, "130692544"));
        assert_eq!(sin.map(|(p, _)| p.id.as_str()), Some("I-0001"));
        // A business number listed as a GST/HST number names the business
        // whatever program account the text writes; a SIN of the same
        // digits is no business's.
        for number in ["123456782RT0001", "123456782RP0001"] {
            let bn = list.for_element(&hit(EntityType::CaBusinessNumber, number));
            assert_eq!(bn.map(|(p, _)| p.id.as_str()), Some("S-0007"), "{number}");
        }
        assert!(list.for_element(&hit(EntityType::CaSin, "123456782")).is_none());
        // An identifier whatever marks part its letters and digits.
        for written in ["Customer no. CU-12345", "Client CU 12345", "Acct 003123451234567"] {
            assert_eq!(ids(&list, written), ["C-0042"], "{written}");
        }
        assert!(list.for_element(&hit(EntityType::Email, "x@other.ca")).is_none());
    }

    /// What parsing a master list of `csv` says.
    fn load(csv: &str) -> Result<Counterparties, String> {
        Counterparties::parse(Path::new("parties.csv"), csv).map_err(|e| e.to_string())
    }

    #[test]
    fn a_list_without_id_or_name_is_refused() {
        let err = load("code,label\n1,x\n").unwrap_err();
        assert!(err.contains("needs columns id and name"), "{err}");
    }

    #[test]
    fn kinds_are_read_in_english_and_french_and_others_refused_by_row() {
        let list = load("id,name,kind\nC-1,Acme,Client\nS-1,Boreal,Fournisseur\nI-1,Marie Roy,individual\nX-1,Nord,\n")
            .unwrap();
        let kinds: Vec<&str> = list.parties.iter().map(|p| p.kind.as_str()).collect();
        assert_eq!(kinds, ["customer", "supplier", "individual", ""]);
        let err = load("id,name,kind\nC-1,Acme,customer\nC-2,Boreal,alien\n").unwrap_err();
        assert!(err.contains("row 3") && err.contains("alien"), "{err}");
    }
}
