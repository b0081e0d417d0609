//! Names beside what is theirs: alone on a line over a phone number,
//! e-mail address or card number (a signature block, a contact card, a
//! card's face), or just before an address ("Marie Roy <mroy@...>") or a
//! phone number ("call Marie Roy at 613-555-0142").

use super::letters::letter_line;
use super::mailboxes::{is_own_mailbox, local_part_echoes};
use super::{words, PersonNames};
use crate::entities::Hit;
use crate::fold::{fold_context, fold_words};

/// What a name over an element belongs to.
pub(super) enum Under<'a> {
    /// A card number: its holder, with a known surname or given name.
    Card,
    /// A phone number: with a known given name.
    Phone,
    /// An e-mail address (its value): with a known given name, or a name
    /// whose own mailbox it is and echoes.
    Address(&'a str),
    /// A postal code, closing a mailing address: its addressee over the
    /// street's lines, with a known given name or surname.
    Postal,
}

/// The card brands a card's face prints over its holder's name, folded,
/// with the space before and after them (the line may go on: "VISA
/// Classic", "Mastercard World").
const CARD_BRANDS: &[&str] = &[
    " visa ",
    " mastercard ",
    " master card ",
    " american express ",
    " amex ",
    " discover ",
    " jcb ",
    " diners club ",
    " maestro ",
    " unionpay ",
    " union pay ",
];

/// The longest line over a card's holder read as its brand's.
const CARD_BRAND_LINE: usize = 48;

/// Whether the line that ends at `end` (its line break) in `text` is a
/// card's brand: it opens with one, and is short.
fn card_brand_line(text: &str, end: usize) -> bool {
    let Some(start) = letter_line(text.as_bytes(), end) else {
        return false;
    };
    let line = text[start..end].trim();
    line.len() <= CARD_BRAND_LINE && {
        let folded = fold_words(line);
        CARD_BRANDS.iter().any(|brand| folded.starts_with(brand))
    }
}

/// How far after a card number its expiry date or security code is
/// looked for (its line and the next).
const CARD_DETAILS_AFTER: usize = 64;

/// Whether the card number at `card` is followed, on its line or the
/// next, by what a card's face shows with it: an expiry date (`11/35`,
/// `11/2035`) or the word for its security code (CVV, CVC, CID), or
/// "exp"/"valid thru".
fn card_face_details(text: &str, card: usize) -> bool {
    let bytes = text.as_bytes();
    let after = &bytes[card..(card + CARD_DETAILS_AFTER).min(bytes.len())];
    let details = &after[..memchr::memchr_iter(b'\n', after).nth(1).unwrap_or(after.len())];
    let expiry = details.windows(5).enumerate().any(|(at, w)| {
        let month = matches!((w[0], w[1]), (b'0', b'1'..=b'9') | (b'1', b'0'..=b'2'));
        month
            && w[2] == b'/'
            && w[3].is_ascii_digit()
            && w[4].is_ascii_digit()
            && (at == 0 || !details[at - 1].is_ascii_digit())
    });
    expiry || {
        let folded = fold_words(&String::from_utf8_lossy(details));
        [" cvv", " cvc", " cid ", " exp ", " expiry", " expires", " valid thru"]
            .iter()
            .any(|word| folded.contains(word))
    }
}

/// How far into its line an element may sit for the lines over it to be
/// read, in bytes: a contact card's and a card's face's lines are short.
const ELEMENT_INTO_LINE: usize = 512;

/// How many lines over a card number, phone number or e-mail address the
/// name of whose it is may sit (name, title, company); over an address,
/// not counting a signature's labelled phone lines ("T: ...", "Cell:
/// ...").
const NAME_OVER_LINES: usize = 3;

/// How many labelled phone lines a walk up from an e-mail address passes
/// over without counting them.
const CONTACT_LINES_OVER: usize = 2;

/// The labels of a signature's or a contact card's phone lines, folded,
/// dots left out ("T: 416-555-0199", "Tél. : ...", "Cell: ..."): such a
/// labelled line is part of the block over an address, where a form's
/// field ends it.
const CONTACT_LINE_LABELS: &[&str] = &[
    "t",
    "tel",
    "phone",
    "ph",
    "p",
    "c",
    "cell",
    "cellulaire",
    "m",
    "mob",
    "mobile",
    "f",
    "fax",
    "telec",
    "o",
    "office",
    "bureau",
    "d",
    "direct",
    "toll free",
    "toll-free",
    "sans frais",
];

/// Whether a line of a block is a phone line labelled as such
/// (`CONTACT_LINE_LABELS`). Compared on the bytes, but for a label with
/// accents ("Tél."): the lines over every e-mail address of a record
/// are read.
fn is_contact_line(words: &str) -> bool {
    let Some(colon) = memchr::memchr(b':', words.as_bytes()) else {
        return false;
    };
    let label = words[..colon].trim_end().trim_end_matches('.');
    if label.len() > 16 {
        return false;
    }
    if label.is_ascii() {
        CONTACT_LINE_LABELS
            .iter()
            .any(|known| label.eq_ignore_ascii_case(known))
    } else {
        CONTACT_LINE_LABELS.contains(&fold_context(label).replace('.', "").as_str())
    }
}

/// Whether the last word of `words` opens with a capital letter (or a
/// letter beyond ASCII).
fn last_word_is_capitalized(words: &str) -> bool {
    let bytes = words.as_bytes();
    let start = bytes
        .iter()
        .rposition(|b| !b.is_ascii_alphabetic() && *b < 0x80)
        .map_or(0, |i| i + 1);
    bytes.get(start).is_some_and(|b| b.is_ascii_uppercase() || *b >= 0x80)
}

/// What sets a title apart after a name on its line.
const TITLE_APART: [&str; 4] = [" | ", " - ", " – ", " — "];

/// The words of `line` before a title set apart (`TITLE_APART`), or all
/// of them. Found by the marks' bytes (a bar, a hyphen, a dash's first
/// byte), then compared: every line over a record's phone numbers and
/// postal codes is read.
fn before_a_title(line: &str) -> &str {
    memchr::memchr3_iter(b'|', b'-', 0xE2, line.as_bytes())
        .find_map(|at| {
            let start = at.checked_sub(1)?;
            let rest = line.get(start..)?;
            TITLE_APART.iter().any(|apart| rest.starts_with(apart)).then_some(start)
        })
        .map_or(line, |start| &line[..start])
}

/// How many over a postal code: an addressee, a company, a street, a
/// suite and a city (the code on a line of its own).
const NAME_OVER_ADDRESS_LINES: usize = 4;

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

impl PersonNames {
    /// The person's name alone on a line over the line of `element` (a
    /// card number, a phone number, an e-mail address, a postal code), the
    /// nearest of the few lines over it, in its block: a card's face and
    /// the records copied from it ("Janet Brown" over "4560 8656 9070 2931
    /// 02/28"), a signature block ("Jean Roy" over "Accounts Payable" and
    /// "Tel: ..."), a contact card, a mailing
    /// address ("Marie Tremblay" over "123 Main St" and "Toronto ON M4B
    /// 1B3": lines with figures are passed over). Printed in capitals or
    /// not; with a known given name, as a title or a company may sit there
    /// too; over a card or an address, with a known surname too (a card's
    /// face holds its brand, bank and holder, and the last two are told
    /// apart by their words); over its own mailbox when the mailbox echoes
    /// it, whatever its names ("Kadence Bahringer" over
    /// "kb1961@example.com"; not "Accounts Payable" over "ap@...", nor
    /// "United States" over "azure@..."); and on a card's face, between
    /// its brand and its number, whatever its names ("Mastercard" over
    /// "Diamond Banks" over "5459 ...").
    pub(super) fn name_over(&self, text: &str, element: usize, under: Under<'_>, hits: &mut Vec<Hit>) {
        let bytes = text.as_bytes();
        // (Searched back a bounded way: one long line of phone numbers
        // made this quadratic.)
        let reach = element.saturating_sub(ELEMENT_INTO_LINE);
        let Some(mut line) = memchr::memrchr(b'\n', &bytes[reach..element])
            .map(|i| reach + i + 1)
            .or((reach == 0).then_some(0))
        else {
            return;
        };
        let lines_over = match under {
            Under::Postal => NAME_OVER_ADDRESS_LINES,
            _ => NAME_OVER_LINES,
        };
        let (mut lines_up, mut contact_lines) = (0, 0);
        while lines_up < lines_over {
            let Some(over_end) = line.checked_sub(1) else {
                return;
            };
            let Some(over) = letter_line(bytes, over_end) else {
                return;
            };
            let words = text[over..over_end].trim();
            // A blank line ends the block; a form's labelled field is no
            // part of one (and its name, labelled, is read elsewhere), but
            // a signature's labelled phone over its address is, and is not
            // counted.
            if words.is_empty() {
                return;
            }
            if words.contains(':') {
                let mailbox = matches!(under, Under::Address(_));
                if !mailbox || contact_lines == CONTACT_LINES_OVER || !is_contact_line(words) {
                    return;
                }
                contact_lines += 1;
                line = over;
                continue;
            }
            // The name, before a title set apart by a bar or a dash, as
            // signatures write it ("Jean Roy | Accounts Payable").
            let name_words = before_a_title(words);
            // Looked up only for a line that could be a name: the lines
            // over every phone number and postal code of a record are read.
            let worth_reading = || match under {
                Under::Card | Under::Address(_) => true,
                Under::Phone => self.opens_with_a_given_name(name_words),
                Under::Postal => self.may_be_a_known_name(name_words),
            };
            if could_be_a_name(name_words) && worth_reading() {
                let name_at = over_end - text[over..over_end].trim_start().len();
                let ends = |after: &str| after.trim().is_empty() || words::title_follows(after);
                if let Some((found, known)) = self.name_at(text, name_at..over_end, ends, 0.7) {
                    let vouched = match under {
                        Under::Card => {
                            known
                                || (lines_up == 0
                                    && over.checked_sub(1).is_some_and(|end| card_brand_line(text, end))
                                    && card_face_details(text, element))
                        }
                        Under::Phone | Under::Postal => known,
                        Under::Address(address) => {
                            (known && self.opens_with_a_given_name(&found.value))
                                || (is_own_mailbox(address, &found.value) && local_part_echoes(address, &found.value))
                        }
                    };
                    if vouched {
                        hits.push(found);
                        return;
                    }
                }
            }
            line = over;
            lines_up += 1;
        }
    }

    /// The person whose name is written just before their e-mail address
    /// (at `address`) in angle brackets or parentheses, as address lists
    /// and contact lines write them anywhere ("Copy Jean Roy <jroy@...>
    /// and Marie Tremblay (mt@...)"), or whose own address it is and
    /// echoes it, as a mail program's quote of a reply's sender ("On Tue,
    /// Mar 1, 2022 at 9:14 AM Kadence Bahringer <kbahringer@...> wrote:").
    /// `value` is the address.
    pub(super) fn named_beside_address(&self, text: &str, address: usize, value: &str, hits: &mut Vec<Hit>) {
        let bytes = text.as_bytes();
        let Some(open) = address.checked_sub(1).filter(|&i| matches!(bytes[i], b'<' | b'(')) else {
            return;
        };
        let before = text[..open].trim_end();
        // A display name in quotes, as mail programs write it ("Luc
        // Gagnon" <lgagnon@...>), or in guillemets.
        let name_end = before
            .strip_suffix(['"', '\u{201d}', '\u{bb}'])
            .map_or(before, str::trim_end)
            .len();
        let own = |name: &str| is_own_mailbox(value, name) && local_part_echoes(value, name);
        if let Some(found) = self.named_just_before(text, name_end, own) {
            hits.push(found);
        }
    }

    /// The person whose name is written just before their phone number
    /// (at `phone`) in running text or on a list's line: "please call
    /// Geneviève Roy at 1-800-555-0199", "joindre Luc Gagnon au 514 555
    /// 0147", "Marie Tremblay (514-555-0199)", "Jean Roy, 613-555-0142",
    /// "Marie Tremblay<TAB>514-555-0199".
    pub(super) fn named_before_phone(&self, text: &str, phone: usize, hits: &mut Vec<Hit>) {
        let before = &text[..phone];
        let apart = before.trim_end_matches([' ', '\t']);
        let words = [" at", " au"]
            .iter()
            .find_map(|word| apart.strip_suffix(word))
            .or_else(|| apart.strip_suffix(['(', ',', '-', '\u{2013}']))
            .or((apart.len() < before.len()).then_some(apart));
        // (A name's last word opens with a capital: most phone numbers
        // follow a label or a small word, and are passed over here.)
        let Some(words) = words.filter(|words| last_word_is_capitalized(words.trim_end())) else {
            return;
        };
        if let Some(found) = self.named_just_before(text, words.trim_end().len(), |_| false) {
            hits.push(found);
        }
    }

    /// The person named by the last two to four words before `name_end`
    /// (within the line and the list's item): the most of them with a
    /// known given name first ("Copy Jean Roy" is Jean Roy), or the last
    /// two known by their surname; else the fewest whose name `own` says
    /// is theirs.
    fn named_just_before(&self, text: &str, name_end: usize, own: impl Fn(&str) -> bool) -> Option<Hit> {
        let bytes = text.as_bytes();
        // Where the last four words start, nearest last, within the line
        // and the list's item.
        let mut starts = Vec::with_capacity(4);
        let mut at = name_end;
        while starts.len() < 4 && at > 0 && name_end - at < 64 {
            let mut word_start = bytes[..at]
                .iter()
                .rposition(|b| b.is_ascii_whitespace() || matches!(b, b',' | b';' | b':' | b'"' | b'(' | b'>'))
                .map_or(0, |i| i + 1);
            if let Some(quote) = text[word_start..at]
                .chars()
                .next()
                .filter(|c| matches!(c, '\u{201c}' | '\u{ab}'))
            {
                word_start += quote.len_utf8();
            }
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
        // The most words a known name takes; else the fewest its owner's
        // mailbox echoes (an echo of "Roy" is no echo of "Copy Jean Roy").
        let mut owned = None;
        for (nearest, &start) in starts.iter().enumerate().rev() {
            let Some((found, known)) = self.name_at(text, start..name_end, ends, 0.7) else {
                continue;
            };
            if known && (nearest == 1 || self.opens_with_a_given_name(&found.value)) {
                return Some(found);
            }
            if own(&found.value) {
                owned = Some(found);
            }
        }
        owned
    }
}
