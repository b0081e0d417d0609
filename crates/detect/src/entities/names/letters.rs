//! Names in letters: whom a letter greets ("Dear Marie Tremblay,", "Hi
//! Luc Gagnon,", "Dear Ms. Marie Tremblay:"), who signs it ("Regards," or
//! "Best regards" over "Jean Roy"), and a name after a courtesy title
//! anywhere ("Mr. Jean Roy" over an address) or after the word for the
//! part its person plays ("the file of customer David Wallace").

use super::labels::in_the_block_of;
use super::words::{self, post_nominal_follows};
use super::PersonNames;
use crate::entities::{ceil_boundary, with_folded, Hit};
use regex::Regex;

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
    "very truly yours",
    "yours very truly",
    "respectfully yours",
    "with best regards",
    "with kind regards",
    "kindest regards",
    "thanks and regards",
    "cordially",
    "sincèrement",
    "au plaisir",
    "bien amicalement",
];

/// The first words of a French letter's closing formula, a sentence of
/// its own ("Veuillez agréer, Madame, nos salutations distinguées."), the
/// signer's name under it.
const CLOSING_FORMULA_OPENINGS: &[&str] = &[
    "Veuillez ",
    "Je vous prie ",
    "Nous vous prions ",
    "Recevez",
    "Agréez",
    "Acceptez",
];

/// The words one of them closes on, one of which it holds.
const CLOSING_FORMULA_WORDS: &[&str] = &["salutations", "sentiments", "considération"];

/// How long a closing formula's line may be, in bytes.
const LONGEST_CLOSING_FORMULA: usize = 160;

/// How long a line of greeting or closing may be, in bytes.
const LETTER_LINE: usize = 96;

/// How long a line closing a letter may be, in bytes, indented.
const LONGEST_SIGN_OFF_LINE: usize = 32;

/// Courtesy titles between a salutation and the name (and a label and
/// the name: "Contact: Herr Jürgen Müller", as a German supplier writes
/// its contact).
const TITLES: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Mx.", "Dr.", "Prof.", "Mr", "Mrs", "Ms", "Mx", "Miss", "Dr", "M.", "Mme", "Mlle", "Madame",
    "Monsieur", "Herr", "Frau",
];

/// The courtesy titles a name is read after anywhere (`titled_names`):
/// not "Prof." or "Miss" ("Professor", "Mississauga" and such would each
/// be tried, and "Miss" opens sentences), and not "M.", a middle initial
/// as often as Monsieur (`MONSIEUR`).
const NAME_TITLES: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Mx.", "Dr.", "Mr", "Mrs", "Ms", "Dr", "Mme", "Mlle", "Madame", "Monsieur",
];

/// French "M." (Monsieur), read as a title only where it follows no
/// name's word and a known given name follows it (`titled_names`).
const MONSIEUR: &str = "M.";

/// Words for the part a person plays, a name read after them anywhere
/// (`role_names`) when both its words are known names ("please update
/// the file for customer David Wallace", "l'employée Marie Tremblay"),
/// and the words that say a name follows in a sentence ("my name is
/// Sarah Johnson", "je m'appelle Nathalie Boucher", "on behalf of ..."):
/// each word's stem, searched for, and the endings that make the word.
const ROLE_WORDS: &[(&str, &[&str])] = &[
    ("customer", &[""]),
    ("client", &["", "e"]),
    ("employ", &["ee", "é", "ée"]),
    ("applicant", &[""]),
    ("name is", &[""]),
    ("nom est", &[""]),
    ("appelle", &[""]),
    ("behalf of", &[""]),
];

/// Where the next byte of `bytes` from `from` that is no whitespace is.
fn next_words(bytes: &[u8], from: usize) -> Option<usize> {
    Some(from + bytes.get(from..)?.iter().position(|b| !b.is_ascii_whitespace())?)
}

/// Whether `line` (ending with a period) is a French letter's closing
/// formula.
fn is_a_closing_formula(line: &str) -> bool {
    let line = line.trim_start_matches([' ', '\t']);
    CLOSING_FORMULA_OPENINGS.iter().any(|opening| line.starts_with(opening))
        && CLOSING_FORMULA_WORDS.iter().any(|word| line.contains(word))
}

/// Whether a word opens at `at`: no letter or digit right before it.
fn opens_a_word(bytes: &[u8], at: usize) -> bool {
    at == 0 || !bytes[at - 1].is_ascii_alphanumeric()
}

/// Where the name a greeting `line` (trimmed at its start) opens with
/// starts in it: after the salutation and a courtesy title.
fn after_salutation(line: &str) -> Option<usize> {
    let rest = SALUTATIONS
        .iter()
        .find_map(|word| line.strip_prefix(word)?.strip_prefix([' ', '\t']))?
        .trim_start_matches([' ', '\t']);
    Some(line.len() - past_title(rest).len())
}

/// The letters every one of `TITLES` opens with.
const TITLE_OPENINGS: [char; 5] = ['M', 'D', 'P', 'H', 'F'];

/// `s` past the courtesy title it opens with, if any. (Every labelled
/// value is tested: most open with no title's first letter.)
pub(super) fn past_title(s: &str) -> &str {
    if !s.starts_with(TITLE_OPENINGS) {
        return s;
    }
    TITLES
        .iter()
        .find_map(|title| s.strip_prefix(title)?.strip_prefix(' '))
        .unwrap_or(s)
}

/// Where the line that ends at `end` starts, if it is no longer than a
/// letter's line may be.
pub(super) fn letter_line(bytes: &[u8], end: usize) -> Option<usize> {
    let from = end.saturating_sub(LETTER_LINE);
    memchr::memrchr(b'\n', &bytes[from..end])
        .map(|i| from + i + 1)
        .or((from == 0).then_some(0))
}

/// `SIGN_OFFS` by their length in bytes: a line is compared with those of
/// its length only (every short line of a record is tested).
pub(super) fn sign_offs_by_length() -> Vec<Vec<&'static str>> {
    let longest = SIGN_OFFS.iter().map(|s| s.len()).max().unwrap_or(0);
    let mut by_length = vec![Vec::new(); longest + 1];
    for sign_off in SIGN_OFFS {
        by_length[sign_off.len()].push(*sign_off);
    }
    by_length
}

/// `NAME_TITLES` and `MONSIEUR` with the space after them, as a literal
/// search.
pub(super) fn title_words() -> Regex {
    let titles: Vec<String> = NAME_TITLES
        .iter()
        .chain([&MONSIEUR])
        .map(|title| format!("{} ", regex::escape(title)))
        .collect();
    Regex::new(&titles.join("|")).expect("built-in pattern compiles")
}

/// A search for each stem of `ROLE_WORDS` past its first letter, so that
/// one search finds it in lower case and capitalized ("Customer David
/// Wallace called"): a few substring searches cost correspondence less
/// than one more literal search of all titles and roles together, whose
/// prefilter meets their first letters everywhere in English.
pub(super) fn role_words() -> Vec<memchr::memmem::Finder<'static>> {
    ROLE_WORDS
        .iter()
        .map(|(stem, _)| memchr::memmem::Finder::new(&stem.as_bytes()[1..]).into_owned())
        .collect()
}

/// Where the name after the role word whose stem is `ROLE_WORDS[word]`
/// and ends at `stem_end` starts: past one of its endings and a space.
fn past_role_word(text: &str, word: usize, stem_end: usize) -> Option<usize> {
    let rest = &text[stem_end..];
    ROLE_WORDS[word]
        .1
        .iter()
        .find_map(|ending| rest.strip_prefix(ending)?.strip_prefix(' '))
        .map(|name| text.len() - name.len())
}

impl PersonNames {
    /// The name a letter greets on the line from `line` to `line_break`
    /// ("Dear Marie Tremblay,"; with a colon, see `names`), or is signed
    /// with under it ("Regards,\nJean Roy", "Regards" alone on its line,
    /// as e-mails write it, or a French closing formula's sentence,
    /// "Veuillez agréer, Madame, nos salutations distinguées."): known
    /// names only, as after a generic label ("Dear Valued Customer" is
    /// nobody). Every line of a text is offered (see `PersonNames::find`):
    /// a record's lines are passed over by their last byte or their length.
    pub(super) fn letter_names(&self, text: &str, line: usize, line_break: usize, hits: &mut Vec<Hit>) {
        let bytes = text.as_bytes();
        let start = line_break + 1;
        // (Trimming ASCII whitespace keeps the end on a character boundary.)
        let end = line + bytes[line..line_break].trim_ascii_end().len();
        if end == line || end - line > LONGEST_CLOSING_FORMULA {
            return;
        }
        if end - line > LETTER_LINE && bytes[end - 1] != b'.' {
            return;
        }
        let comma = bytes[end - 1] == b',';
        if comma && self.greeting(text, line, end - 1, hits) {
            return;
        }
        let closes = if comma || end - line <= LONGEST_SIGN_OFF_LINE {
            self.is_a_sign_off(&bytes[line..end])
        } else {
            bytes[end - 1] == b'.' && is_a_closing_formula(&text[line..end])
        };
        if !closes {
            return;
        }
        // The signer's name opens the next line that has words, past an
        // e-mail's signature delimiter ("-- "), and past the "/s/" of a
        // signature typed for a document filed electronically.
        let Some(mut name_at) = next_words(bytes, start) else {
            return;
        };
        let delimiter_alone = bytes[name_at..].starts_with(b"--")
            && bytes[name_at + 2..]
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .any(|&b| b == b'\n');
        if delimiter_alone {
            let Some(past_delimiter) = next_words(bytes, name_at + 2) else {
                return;
            };
            name_at = past_delimiter;
        }
        if bytes[name_at..].starts_with(b"/s/ ") {
            name_at += b"/s/ ".len();
        }
        let line_end = memchr::memchr(b'\n', &bytes[name_at..]).map_or(text.len(), |i| name_at + i);
        self.name_closing(text, name_at, line_end, hits);
    }

    /// The names written after a courtesy title anywhere ("Mr. Jean Roy"
    /// over a letter's address, "we met Ms. Kadence Whitfield"): the title
    /// says a person, whatever the given name. A surname alone ("Mr.
    /// Roy") is no name.
    pub(super) fn titled_names(&self, text: &str, hits: &mut Vec<Hit>) {
        let bytes = text.as_bytes();
        for title in self.title_words.find_iter(text) {
            if !opens_a_word(bytes, title.start()) {
                continue;
            }
            // "à M. Jean Côté", "Client : M. Jean Côté"; in "John M. Smith"
            // (after a name's word) it is an initial.
            let monsieur = title.as_str().trim_end() == MONSIEUR;
            let before = &text[..title.start()];
            let after_a_name = || {
                before.ends_with(char::is_alphanumeric)
                    || (before.trim_end_matches([' ', '\t']).rsplit([' ', '\t', '\n']).next())
                        .is_some_and(|word| word.starts_with(char::is_uppercase))
            };
            if monsieur && after_a_name() {
                continue;
            }
            let end = ceil_boundary(text, (title.end() + 96).min(text.len()));
            match self.name_at(text, title.end()..end, |_| true, 0.7) {
                Some((found, known)) if known || !monsieur => hits.push(found),
                _ => {}
            }
        }
    }

    /// The names written after the word for their person's part ("the
    /// file for customer David Wallace"): a company ("customer Tim
    /// Hortons") or a column's heading ("Employee Grant Amount") may
    /// open with a given name too, so its last word must be a known
    /// surname or given name ("Karen Thomas"), or a surname that is an
    /// everyday word too ("Chad Brown"), or a title only a person has
    /// follows it ("Margaret Drolet MD"); or, whatever its words, the
    /// person's own identifiers (at `personal`: a SIN, a birth date, a
    /// card number) are in its block of lines ("customer Misty
    /// Evans.\nSIN: ..."). Words a colon follows, or ending as a name's
    /// label does, are a label's.
    pub(super) fn role_names(&self, text: &str, personal: &[usize], hits: &mut Vec<Hit>) {
        let bytes = text.as_bytes();
        for (word, finder) in self.role_words.iter().enumerate() {
            let first = ROLE_WORDS[word].0.as_bytes()[0];
            for past_first in finder.find_iter(bytes) {
                let Some(at) = past_first.checked_sub(1) else {
                    continue;
                };
                if bytes[at].to_ascii_lowercase() != first || !opens_a_word(bytes, at) {
                    continue;
                }
                let Some(start) = past_role_word(text, word, past_first + finder.needle().len()) else {
                    continue;
                };
                if !bytes.get(start).is_some_and(|b| b.is_ascii_uppercase() || *b >= 0x80) {
                    continue;
                }
                let end = ceil_boundary(text, (start + 96).min(text.len()));
                let Some((found, _)) = self.name_at(text, start..end, |_| true, 0.7) else {
                    continue;
                };
                // A field's label, not a name: "Applicant First Name: Marie",
                // "Employee Last Name" heading a column.
                if text[found.end..].trim_start_matches(' ').starts_with(':') || Self::is_a_name_label(&found.value) {
                    continue;
                }
                let last = found.value.rsplit(' ').next().unwrap_or_default();
                let known = self.opens_with_a_given_name(&found.value)
                    && (self.ends_with_a_surname(&found.value)
                        || self.is_given_name(last)
                        || with_folded(&[last], |last| self.surname_words.contains(last))
                        || post_nominal_follows(&text[found.end..]));
                // A firm has no SIN, birth date or card: with one in its
                // block, the name is a person's whatever its given name.
                if known || (in_the_block_of(bytes, found.start, personal) && self.no_business_words(&found.value)) {
                    hits.push(found);
                }
            }
        }
    }

    /// Whether `line` closes a letter on its own ("Best regards,").
    fn is_a_sign_off(&self, line: &[u8]) -> bool {
        // Most lines are told apart by their first letter and length.
        let line = line.trim_ascii_start();
        let opens_one = |b: &u8| {
            matches!(
                b | 0x20,
                b'a' | b'b' | b'c' | b'k' | b'm' | b'r' | b's' | b't' | b'v' | b'w' | b'y'
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

    /// The name the greeting on `text[line..end]` holds, before its comma
    /// or colon ("Dear Marie Tremblay,", and "Dear Marie Tremblay:" as a
    /// North American business letter writes it); whether the line is a
    /// greeting.
    pub(super) fn greeting(&self, text: &str, line: usize, end: usize, hits: &mut Vec<Hit>) -> bool {
        let trimmed = text[line..end].trim_start_matches([' ', '\t']);
        let Some(skip) = after_salutation(trimmed) else {
            return false;
        };
        self.name_closing(text, end - trimmed.len() + skip, end, hits);
        true
    }

    /// The person's name at `at`, if it ends its greeting or its line
    /// (which ends at `line_end`; a title may follow a signer's name after
    /// a comma, a bar, a slash or a dash: "Jean Roy | Accounts Payable").
    fn name_closing(&self, text: &str, at: usize, line_end: usize, hits: &mut Vec<Hit>) {
        let ends = |after: &str| {
            let rest = after.trim_start_matches([' ', '\t']);
            rest.is_empty() || rest.starts_with([',', ':', ';', '!', '\r']) || words::title_follows(after)
        };
        self.name_in(text, at..line_end, ends, true, 0.6, hits);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_is_passed_over_and_every_title_opens_as_the_quick_test_says() {
        assert!(TITLES.iter().all(|title| title.starts_with(TITLE_OPENINGS)));
        assert_eq!(past_title("Mme Marie Roy"), "Marie Roy");
        assert_eq!(past_title("Prof. Jean Roy"), "Jean Roy");
        assert_eq!(past_title("Marie Roy"), "Marie Roy");
        assert_eq!(past_title("Jean Roy"), "Jean Roy");
    }
}
