//! Names after a label: "Applicant: Marie Tremblay" (and after an
//! equals sign, a leader of dots, a dash), under a label alone on its
//! line or over the rule a label is under, listed after a label for
//! several people, and a message's correspondents ("From: Jean Roy
//! <...>"). Which labels say what is `vocabulary`'s; where a label ends
//! and its value starts, `separators`'; a given name and a surname
//! labelled apart, `parts`'; names in a table's columns, `tables`'.

use super::letters::{letter_line, past_title};
use super::mailboxes::{bracketed_address, is_own_mailbox, own_address_follows, spelled_by_an_address};
use super::{GenericName, PersonNames};
use crate::entities::{ceil_boundary, Hit};
use crate::fold::fold_context;
use foldhash::HashMap;
use separators::{
    folded_phrase, label_end, leader_ends, past_leader, past_quote, phrase_start, rule_before, without_note, DASH_ENDS,
    DASH_OPENING,
};
use tables::{fixed_width_cells, line_around};
use vocabulary::{
    ends_like_a_name_label, label_ending, letter_bit, part_qualifier, qualified_after, ADDRESS_LABELS,
    GIVEN_NAME_LABELS, INVOICE_PARTY_LABELS, PARTY_LABEL_ENDS, PARTY_LINE, PERSONAL_LABELS, PERSONAL_QUALIFIERS,
    SURNAME_LABELS,
};

mod parts;
mod separators;
mod tables;
mod vocabulary;

pub(super) use separators::follows_an_underscore;
pub(super) use vocabulary::{
    header_label_ends, label_ends, name_labels, surname_label_ends, LabelEnds, NAME_QUALIFIERS,
};

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
            // Then the correspondent's address, or nothing more, or a
            // comma before the next correspondent or a memo's title for
            // the name ("From: Linda Tremblay, Controller").
            let ends = |after: &str| {
                let after = after.trim_start_matches(['"', ' ']);
                after.is_empty() || after.starts_with(['<', '\r', ',']) || after.starts_with("[mailto:")
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
