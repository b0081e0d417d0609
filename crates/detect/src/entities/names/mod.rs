//! A person's name, found where a document says it is one: after a label
//! ("Applicant: Marie Tremblay", `labels`), in a letter's greeting and
//! closing or after a courtesy title (`letters`), beside the phone
//! number, address or card that is theirs (`nearby`); read in the forms
//! names are written in (`words`). Outside a personal label or title, a
//! name must open with a known given name or end with a known surname:
//! sheets label companies, products and totals "Name" too.

mod labels;
mod letters;
mod mailboxes;
mod nearby;

pub(crate) use mailboxes::is_own_mailbox;

use nearby::Under;
mod words;

use super::interleaved::Interleaved;
use super::{ceil_boundary, hit, with_folded, Hit};
use crate::fold::{fold_context, fold_words};
use breachscope_core::EntityType;
use foldhash::HashSet;
use regex::Regex;

/// Words that make a labelled "name" a company, department, role,
/// institution or place rather than a person (see the list's head).
const NOT_NAME_WORDS: &str = include_str!("../../../data/business_words.txt");

/// Legal forms a company's name ends with, as words without their dots
/// ("Inc.", "S.A.", "S.L.N.E", "S.Coop."): after a name, they make it a
/// company's ("Mateo Boada Cobos S.A.").
const LEGAL_FORMS: &[&str] = &[
    "inc",
    "incorporated",
    "ltd",
    "ltee",
    "limited",
    "llc",
    "llp",
    "lp",
    "plc",
    "corp",
    "corporation",
    "co",
    "cie",
    "company",
    "gmbh",
    "kg",
    "ag",
    "sa",
    "sas",
    "sarl",
    "srl",
    "spa",
    "sprl",
    "snc",
    "senc",
    "sencrl",
    "sl",
    "sll",
    "slne",
    "slu",
    "scoop",
    "scom",
    "sc",
    "scp",
    "sat",
    "bv",
    "nv",
    "pty",
    "ltda",
    "cia",
];

/// Whether `after`, what follows a name in its cell, opens with a legal
/// form, one space or a comma after the name ("Roy, Inc."): further away
/// (a fixed-width table's next column, "AB" for Alberta), it is another
/// value.
fn legal_form_opens(after: &str) -> bool {
    let after = [", ", ",", " "]
        .iter()
        .find_map(|gap| after.strip_prefix(gap))
        .unwrap_or(after);
    let word: String = after
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '.')
        .filter(|c| *c != '.')
        .take(16)
        .collect();
    !word.is_empty() && with_folded(&[&word], |word| LEGAL_FORMS.contains(&word))
}

const GIVEN_NAMES: &str = include_str!("../../../data/given_names.txt");

const SURNAMES: &str = include_str!("../../../data/surnames.txt");

const SURNAME_WORDS: &str = include_str!("../../../data/surname_words.txt");

/// The entries of a list of names, one per line (`#` opens a comment),
/// folded for lookup.
fn name_list(list: &str) -> HashSet<String> {
    list.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(fold_context)
        .collect()
}

/// Whether `name` holds a word of a business, department, role,
/// institution or place (`NOT_NAME_WORDS`), or its plural ("Burton
/// Hospitals", "Acme Services"; but "Banks" is a surname, and "Gass" no
/// plural of "gas"): then it is no person's.
pub(crate) fn has_business_word(name: &str) -> bool {
    static WORDS: std::sync::OnceLock<HashSet<String>> = std::sync::OnceLock::new();
    let words = WORDS.get_or_init(|| name_list(NOT_NAME_WORDS));
    fold_words(name).split_ascii_whitespace().any(|w| {
        let singular = w.strip_suffix('s').filter(|one| !one.ends_with('s'));
        words.contains(w) || (w != "banks" && singular.is_some_and(|one| words.contains(one)))
    })
}

/// A name after a generic label ("Name:", "Customer:"): a person's if its
/// given name is known; if not, it may still be one (see `unsure`).
#[derive(Debug)]
pub struct GenericName {
    /// The label, folded ("customer name").
    pub label: String,
    /// Where the value starts.
    pub at: usize,
    /// The name, when its given name is not known: a person's only if
    /// most other names under its label (a table's column, a list's field)
    /// are known ones.
    pub unsure: Option<Hit>,
}

/// The compiled name finders and the given names.
#[derive(Debug)]
pub(super) struct PersonNames {
    /// `letters::NAME_TITLES` with the space after them, as they are
    /// written: a literal search.
    title_words: Regex,
    /// Searches for the words for a person's part (`letters::role_words`).
    role_words: Vec<memchr::memmem::Finder<'static>>,
    /// `labels::NAME_QUALIFIERS`, for lookup.
    name_qualifiers: HashSet<&'static str>,
    given_names: HashSet<String>,
    surnames: HashSet<String>,
    /// Surnames that are everyday words too: a name's last word only
    /// where its given name is known and a role's word is before it.
    surname_words: HashSet<String>,
    /// The last word of every name label ("by" of "signed by").
    label_ends: labels::LabelEnds,
    /// The last word of every surname's label.
    surname_label_ends: labels::LabelEnds,
    /// The last word of every label of a table's name columns.
    header_label_ends: labels::LabelEnds,
    /// Every name label, generic, personal or of a given name, longest
    /// first.
    name_labels: Vec<&'static str>,
    /// `letters::SIGN_OFFS`, indexed by length.
    sign_offs: Vec<Vec<&'static str>>,
}

impl PersonNames {
    /// Compiles the name finders and loads the given names.
    pub fn new() -> PersonNames {
        PersonNames {
            title_words: letters::title_words(),
            role_words: letters::role_words(),
            name_qualifiers: labels::NAME_QUALIFIERS.iter().copied().collect(),
            given_names: name_list(GIVEN_NAMES),
            surnames: name_list(SURNAMES),
            surname_words: name_list(SURNAME_WORDS),
            label_ends: labels::label_ends(),
            surname_label_ends: labels::surname_label_ends(),
            header_label_ends: labels::header_label_ends(),
            name_labels: labels::name_labels(),
            sign_offs: letters::sign_offs_by_length(),
        }
    }

    /// Adds the names of `text` to `hits`, given the digit-made
    /// `elements` found in it; to `generic`, each name after a generic
    /// label (a table's column or a list's repeated field may vouch for
    /// those whose given name is not known).
    pub fn find(
        &self,
        text: &str,
        elements: &[Hit],
        tables: &[Interleaved],
        hits: &mut Vec<Hit>,
        generic: &mut Vec<GenericName>,
    ) {
        // Where a person's own identifiers are (a SIN, a birth date, a
        // card number: a customer's row of a card export): a name labelled
        // in their block of lines is a person's, whatever its given name.
        let mut personal: Vec<usize> = elements
            .iter()
            .filter(|e| e.is_a_persons_own())
            .map(|e| e.start)
            .collect();
        personal.sort_unstable();
        let mut addresses: Vec<&Hit> = elements.iter().filter(|e| e.kind == EntityType::Email).collect();
        addresses.sort_unstable_by_key(|e| e.start);
        self.labelled_names(text, &personal, &addresses, hits, generic);
        self.column_names(text, hits, generic);
        if memchr::memchr2(b'\t', b'|', text.as_bytes()).is_some() {
            self.delimited_column_names(text, hits, generic);
        }
        self.interleaved_column_names(text, tables, hits, generic);
        for element in elements {
            match element.kind {
                EntityType::PaymentCard => self.name_over(text, element.start, Under::Card, hits),
                EntityType::Phone => {
                    self.named_before_phone(text, element.start, hits);
                    self.name_over(text, element.start, Under::Phone, hits);
                }
                EntityType::CaPostalCode => self.name_over(text, element.start, Under::Postal, hits),
                EntityType::Email => {
                    self.named_beside_address(text, element.start, &element.value, hits);
                    self.name_over(text, element.start, Under::Address(&element.value), hits);
                }
                _ => {}
            }
        }
        // Each line is offered to the letters' and the invoices' tests in
        // one pass over the line breaks (a second cost 1.5% of the dense
        // records' instructions).
        let mut party = labels::PartyLines::new(&personal, &addresses);
        let mut line = 0;
        for line_break in memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len())) {
            self.letter_names(text, line, line_break, hits);
            self.party_label_line(text, line..line_break, &mut party, hits, generic);
            if labels::follows_an_underscore(text.as_bytes(), line) {
                self.name_over_rule(text, line..line_break, &mut party, hits, generic);
            }
            line = line_break + 1;
        }
        self.titled_names(text, hits);
        self.role_names(text, &personal, hits);
    }

    /// The person's name written at the start of `text[value]`, if what
    /// follows it passes `ends` and it has no business words in it; and
    /// whether it is known to be a name: it opens with a known given name
    /// or ends with a known surname. Every way a name is found
    /// (a label, a header line, a letter, a title, a contact line) ends
    /// here.
    fn name_at(
        &self,
        text: &str,
        value: std::ops::Range<usize>,
        ends: impl Fn(&str) -> bool,
        score: f32,
    ) -> Option<(Hit, bool)> {
        let at = value.start;
        let value = &text[value];
        let (mut name, mut span) = self.written_name(value)?;
        // A form's next field on the same line: its label's first word is
        // no part of the name ("Name: Marie Tremblay Date: ...").
        if words::next_label_follows(&value[span.end..]) {
            let last_word = span.start + value[span.clone()].rfind(' ')?;
            (name, span) = self.written_name(&value[..last_word])?;
        }
        let after = &value[span.end..];
        // Not a firm's, a site's or a department's, whose name goes on
        // past the person's ("Harold Wood Walk In Centre", "Jack Henry
        // and Associates").
        // (Words a colon follows are the next field's label: "Name: Jean
        // Ouellet Status: active", "Company: Acme".)
        let a_firm_runs_on = || {
            let run_on = words::run_on(after);
            (legal_form_opens(after) || has_business_word(run_on)) && !words::label_after(after, run_on)
        };
        if !ends(after)
            || !self.no_business_words(&name)
            || a_firm_runs_on()
            || has_business_word(words::run_on_after_and(after))
        {
            return None;
        }
        let known = self.opens_with_a_given_name(&name) || self.ends_with_a_surname(&name);
        Some((
            hit(EntityType::PersonName, name, at + span.start, at + span.end, score),
            known,
        ))
    }

    /// Records the person's name written at the start of `text[value]`
    /// (`name_at`), with `known_only` only if it is known to be a name (a
    /// known given name or surname); if not known, not if it is a label
    /// ("Full Name" under a "Full Name" header repeated over a page).
    /// Where the name recorded ends.
    fn name_in(
        &self,
        text: &str,
        value: std::ops::Range<usize>,
        ends: impl Fn(&str) -> bool,
        known_only: bool,
        score: f32,
        hits: &mut Vec<Hit>,
    ) -> Option<usize> {
        let (found, known) = self.name_at(text, value, ends, score)?;
        let recorded = known || !(known_only || Self::is_a_name_label(&found.value));
        let end = found.end;
        recorded.then(|| hits.push(found)).map(|()| end)
    }

    /// The person's name at the start of `value`, given name first, and
    /// the span it was read from: "Marie Tremblay", "Tremblay, Marie" as
    /// lists and address books write it, "Marie TREMBLAY" or "TREMBLAY
    /// Marie" as French forms do, or "MARIE TREMBLAY" as forms and cards
    /// print it (then capitalized, so that it links with the others);
    /// its apostrophes as typed, whatever a word processor made of them.
    fn written_name(&self, value: &str) -> Option<(String, std::ops::Range<usize>)> {
        type Span = std::ops::Range<usize>;
        let given_first = |(surname, given): (Span, Span)| {
            let name = format!("{} {}", &value[given.clone()], &value[surname.clone()]);
            (words::capital_after_hyphens(name), surname.start..given.end)
        };
        let as_written = |end: usize| (words::capital_after_hyphens(value[..end].to_string()), 0..end);
        let (name, span) = words::surname_first(value)
            .map(given_first)
            .or_else(|| {
                let (given, end) = words::capitals_surname(value)?;
                let surname = words::capitalized(&value[given + 1..end]);
                Some((format!("{} {surname}", &value[..given]), 0..end))
            })
            .or_else(|| {
                let (capitals, given) = words::capitals_then_given(value)?;
                let comma = value[capitals.end..].starts_with(',');
                let (capitals, rest) = (words::capitalized(&value[capitals]), &value[given.clone()]);
                // The words in capitals are the surname ("TREMBLAY Marie",
                // "COLE, Kenyatta"), unless they are a known given name
                // and the words after them, written after a space, are not
                // (a given name typed in capitals: "VICTOR Saez").
                let name = if !comma && self.is_given_name(&capitals) && !self.opens_with_a_given_name(rest) {
                    format!("{capitals} {rest}")
                } else {
                    format!("{rest} {capitals}")
                };
                Some((words::capital_after_hyphens(name), 0..given.end))
            })
            .or_else(|| {
                words::full_name(value)
                    .map(|end| self.past_a_second_surname(value, end))
                    .map(as_written)
            })
            .or_else(|| {
                let (name, span) = words::capitals_surname_first(value)
                    .map(given_first)
                    .or_else(|| words::capitals_name(value).map(as_written))?;
                Some((words::capitalized(&name), span))
            })?;
        Some((words::typed_apostrophes(name), span))
    }

    /// The name of a person the master list knows (an individual, a
    /// contact), as `text[span]` writes it, read as every name is (given
    /// name first, so that the two link); `None` where the text does not
    /// write it as a name (in lower case, inside an e-mail or web
    /// address) or it opens a firm's name ("Marie Tremblay Consulting",
    /// "Marie Tremblay, Inc.").
    pub fn listed_person(&self, text: &str, span: std::ops::Range<usize>) -> Option<String> {
        let (name, read) = self.written_name(&text[span.clone()])?;
        if read.len() != span.len() {
            return None;
        }
        let line = &text[span.end..];
        let line = &line[..ceil_boundary(line, line.find(['\n', '\r']).unwrap_or(line.len()).min(64))];
        // Read further only where another capitalized word follows.
        let goes_on = line
            .strip_prefix(' ')
            .is_some_and(|rest| rest.starts_with(char::is_uppercase));
        let firm = goes_on
            && self
                .written_name(&text[span.start..span.end + line.len()])
                .is_some_and(|(longer, _)| !self.no_business_words(&longer));
        (!firm && !legal_form_opens(line)).then_some(name)
    }

    /// Whether `name` may be a person's: no business, institution or place
    /// word in it.
    fn no_business_words(&self, name: &str) -> bool {
        !has_business_word(name)
    }

    /// Whether `name` opens with a known given name (sheets label
    /// companies, products and totals "Name" too); a compound given name
    /// with a known first part ("Agnès-Marguerite").
    fn opens_with_a_given_name(&self, name: &str) -> bool {
        self.is_given_name(name.split(' ').next().unwrap_or(""))
    }

    /// Whether `name` ends with a known surname: its words after the
    /// first ("Del Bianco"), its last two or its last ("Anne Marie
    /// Tremblay"), or a part of a double surname ("Lafontaine-Bélisle").
    fn ends_with_a_surname(&self, name: &str) -> bool {
        let Some((_, after_first)) = name.split_once(' ') else {
            return false;
        };
        let last_space = after_first.rfind(' ');
        let last = last_space.map_or(after_first, |at| &after_first[at + 1..]);
        let last_two = last_space.and_then(|at| after_first[..at].rfind(' ').map(|at| &after_first[at + 1..]));
        let (first_part, second_part) = last.split_once('-').unzip();
        [Some(after_first), last_two, Some(last), first_part, second_part]
            .into_iter()
            .flatten()
            .any(|surname| with_folded(&[surname], |folded| self.surnames.contains(folded)))
    }

    /// Whether `line` opens with a known given name or ends with a known
    /// surname: two lookups, before a line is read as a name.
    fn may_be_a_known_name(&self, line: &str) -> bool {
        self.opens_with_a_given_name(line)
            || line
                .rsplit(' ')
                .next()
                .is_some_and(|last| with_folded(&[last], |folded| self.surnames.contains(folded)))
    }

    /// Whether `word` is a known given name, or opens with one before a
    /// hyphen ("Marie-Soleil").
    fn is_given_name(&self, word: &str) -> bool {
        let known = |given: &str| {
            self.given_names.contains(given)
                || given
                    .split_once('-')
                    .is_some_and(|(first, _)| self.given_names.contains(first))
        };
        // Folded on the stack: the words over every phone number of a
        // record are looked up.
        with_folded(&[word], known)
    }

    /// `end`, the end of a name of three words at the start of `value`,
    /// past a fourth word when the second is a given name too: a compound
    /// given name and two surnames, as Spanish and Portuguese names are
    /// written ("José María García López"). Not past a business word.
    fn past_a_second_surname(&self, value: &str, end: usize) -> usize {
        let mut words = value[..end].split(' ');
        let (Some(_), Some(second), Some(_), None) = (words.next(), words.next(), words.next(), words.next()) else {
            return end;
        };
        if !self.is_given_name(second) {
            return end;
        }
        match value[end..].strip_prefix(' ').and_then(words::word) {
            Some(fourth) if self.no_business_words(&value[..end + 1 + fourth]) => end + 1 + fourth,
            _ => end,
        }
    }
}
