//! How a person's name is written at the start of a value: capitalized
//! words (with Mc/Mac/O' and hyphenated forms: MacLeod, O'Brien,
//! Jean-Pierre), given name first, or surname first after a comma; or all
//! in capitals, as forms and cards print it (MARIE TREMBLAY).
//!
//! Read by hand rather than by regex: the letters of any script make a
//! regex's automaton large (a third of the program's start-up was spent
//! compiling three of them), and these few rules read as plainly in code.

use std::ops::Range;

/// Whether `c` may open a word of a name (an upper-case letter).
fn opens_word(c: char) -> bool {
    c.is_uppercase()
}

/// Whether `c` may follow in a word of a name (a lower-case letter or an
/// apostrophe).
fn continues_word(c: char) -> bool {
    c.is_lowercase() || is_apostrophe(c)
}

/// Whether `c` is an apostrophe: typed (`'`) or as a word processor
/// turns it (`’`, "O’Brien").
fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == TYPOGRAPHIC_APOSTROPHE
}

/// The apostrophe word processors write for a typed one.
const TYPOGRAPHIC_APOSTROPHE: char = '\u{2019}';

/// The length of one part of a word at the start of `s`: a capital and
/// one or more lower-case letters or apostrophes; not a possessive's
/// ("Baltimore's lab", "Jones' file").
fn part(s: &str) -> Option<usize> {
    let first = s.chars().next().filter(|&c| opens_word(c))?;
    let tail = &s[first.len_utf8()..];
    let mut rest = 0;
    for (at, c) in tail.char_indices() {
        if !continues_word(c) || (is_apostrophe(c) && possessive(&tail[at + c.len_utf8()..])) {
            break;
        }
        rest = at + c.len_utf8();
    }
    (rest > 0).then_some(first.len_utf8() + rest)
}

/// Whether `after`, what follows an apostrophe, makes it a possessive's:
/// no letter, or an `s` and then no letter.
fn possessive(after: &str) -> bool {
    let no_letter = |s: &str| !s.starts_with(char::is_alphabetic);
    no_letter(after) || after.strip_prefix('s').is_some_and(no_letter)
}

/// The length of a part after a hyphen written in lower case, as a
/// title-casing that capitalizes only a value's words leaves it
/// ("Jean-sébastien", "Marie-pier"): two or more lower-case letters.
fn lower_part(s: &str) -> Option<usize> {
    let len: usize = s.chars().take_while(|c| c.is_lowercase()).map(char::len_utf8).sum();
    (s[..len].chars().count() >= 2).then_some(len)
}

/// The length of the word of a name at the start of `s`: one part, and up
/// to two more, each right after the one before or after a hyphen
/// ("Mac"+"Leod", "Jean-Pierre", "Trudel-St-Laurent", "Jean-sébastien").
pub(super) fn word(s: &str) -> Option<usize> {
    let mut end = part(s)?;
    for _ in 0..2 {
        let tail = &s[end..];
        let next = match tail.strip_prefix('-') {
            Some(after) => part(after).or_else(|| lower_part(after)).map(|n| n + 1),
            None => part(tail),
        };
        let Some(next) = next else {
            break;
        };
        end += next;
    }
    Some(end)
}

/// The length of the name at the start of `s`: two or three words apart
/// by one space each ("Marie Tremblay", "Paul Allan Hill").
pub(super) fn full_name(s: &str) -> Option<usize> {
    name_of(s, word)
}

/// The particles that may join the words of a name, in lower case
/// ("Pierre de Lorimier", "Marie de la Fontaine", "Anne van der Berg").
const PARTICLES: &[&str] = &[
    "de", "du", "des", "la", "le", "d'", "d’", "van", "von", "der", "den", "da", "di", "del", "dos",
];

/// Words written after a name that are no part of it: generations and
/// degrees ("Marvin Hale Jr.", "Alan Smith PhD"; in capitals, see
/// `CAPITALS_NOT_SURNAMES`).
const SUFFIXES: &[&str] = &["Jr", "Jnr", "Sr", "Snr", "Ph", "Esq"];

/// Generations, degrees and professional titles written after a person's
/// name, dots left out ("Jr.", "Ph.D.", "M.D.", "P.Eng."): a firm's name
/// never ends with one (a numeral may: "Maple Ventures III").
const POST_NOMINALS: &[&str] = &[
    "Jr", "Jnr", "Sr", "Snr", "PhD", "MD", "DDS", "DMD", "DVM", "RN", "CPA", "MBA", "Esq", "PEng",
];

/// Whether `after`, the text right after a name, opens with a
/// generation, degree or professional title (after a space or a comma
/// and a space: "Margaret Drolet MD", "Alan Smith, Ph.D.").
pub(super) fn post_nominal_follows(after: &str) -> bool {
    let Some(rest) = after.strip_prefix(", ").or_else(|| after.strip_prefix(' ')) else {
        return false;
    };
    let len = rest
        .find(|c: char| !(c.is_ascii_alphabetic() || c == '.'))
        .unwrap_or(rest.len());
    let token: String = rest[..len].chars().filter(|c| *c != '.').collect();
    POST_NOMINALS.contains(&token.as_str())
}

/// The length of the name at the start of `s`, two or three words read
/// by `word` apart by one space each, with up to two particles or middle
/// initials before a word after the first.
fn name_of(s: &str, word: fn(&str) -> Option<usize>) -> Option<usize> {
    let mut end = word(s)?;
    let mut words = 1;
    while words < 3 {
        let Some(rest) = s[end..].strip_prefix(' ') else {
            break;
        };
        let particles = particles_before_a_word(rest);
        let Some(next) = word(&rest[particles..]) else {
            break;
        };
        if particles == 0 && SUFFIXES.contains(&&rest[..next]) {
            break;
        }
        end += 1 + particles + next;
        words += 1;
    }
    (words >= 2).then_some(end)
}

/// The length of the particles and middle initials (at most two, each
/// with the space after it, or `d'` joined: "de la ", "A. ") at the start
/// of `s`.
fn particles_before_a_word(s: &str) -> usize {
    leading(s, |rest| particle(rest).or_else(|| initial(rest)))
}

/// The length of the particles alone (at most two) at the start of `s`:
/// a surname's own ("de la Fontaine", "van der Berg").
fn particles_only(s: &str) -> usize {
    leading(s, particle)
}

/// The length of at most two of what `one` finds, one after the other,
/// at the start of `s`.
fn leading(s: &str, one: impl Fn(&str) -> Option<usize>) -> usize {
    let mut at = 0;
    for _ in 0..2 {
        match one(&s[at..]) {
            Some(len) => at += len,
            None => break,
        }
    }
    at
}

/// The length of the particle at the start of `s`, with the space after
/// it (or `d'` joined).
fn particle(s: &str) -> Option<usize> {
    particle_as(s, |head, particle| head == particle)
}

/// The length of the particle at the start of `s` that `same` says is
/// one of `PARTICLES`, with the space after it (or `d'` joined).
fn particle_as(s: &str, same: impl Fn(&str, &str) -> bool) -> Option<usize> {
    let particle = PARTICLES.iter().find(|p| {
        s.get(..p.len()).is_some_and(|head| same(head, p))
            && (p.ends_with(is_apostrophe) || s[p.len()..].starts_with(' '))
    })?;
    Some(particle.len() + usize::from(!particle.ends_with(is_apostrophe)))
}

/// The length of a middle initial and the space after it ("A. ", or "A "
/// as a card prints it: "MARIE A TREMBLAY") at the start of `s`.
fn initial(s: &str) -> Option<usize> {
    let letter = s.chars().next().filter(|c| c.is_uppercase())?;
    let rest = &s[letter.len_utf8()..];
    let dot = usize::from(rest.starts_with('.'));
    rest[dot..].starts_with(' ').then_some(letter.len_utf8() + dot + 1)
}

/// The length of one word of capitals at the start of `s`: two or more
/// capital letters, with apostrophes and hyphens inside ("TREMBLAY",
/// "O'BRIEN", "JEAN-PIERRE").
fn capitals_word(s: &str) -> Option<usize> {
    let mut letters = 0;
    let mut end = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let joins =
            (is_apostrophe(c) || c == '-') && letters > 0 && chars.peek().is_some_and(|&(_, next)| next.is_uppercase());
        if c.is_uppercase() {
            letters += 1;
            end = at + c.len_utf8();
        } else if !joins {
            break;
        }
    }
    (letters >= 2 && !s[end..].starts_with(|c: char| c.is_alphanumeric())).then_some(end)
}

/// The length of a name written in capitals at the start of `s`, as forms
/// and cards print it ("MARIE TREMBLAY"): two or three words of capitals
/// apart by one space each.
pub(super) fn capitals_name(s: &str) -> Option<usize> {
    name_of(s, capitals_word)
}

/// Words of capitals that follow a given name without being a surname:
/// credentials, generations, roles and provinces ("Marie CPA", "Kathy
/// Bullock DDS", "Marvin Hale II", "Paul ON").
const CAPITALS_NOT_SURNAMES: &[&str] = &[
    "AB", "ADT", "AM", "AST", "BC", "CA", "CAN", "CDT", "CEO", "CFA", "CFO", "CGA", "CMA", "COO", "CPA", "CST", "CTO",
    "DDS", "DMD", "DO", "DVM", "EDT", "ESQ", "EST", "GMT", "HR", "ID", "II", "III", "INC", "IT", "IV", "JR", "KC",
    "LLB", "LLC", "LTD", "MB", "MBA", "MD", "MDT", "MST", "NB", "NDT", "NL", "NP", "NS", "NST", "NT", "NU", "ON",
    "PDT", "PE", "PEI", "PHD", "PM", "PST", "QC", "RN", "SK", "SR", "TBD", "UK", "US", "USA", "UTC", "VP", "YT",
];

/// A name written given names first, then the surname in capitals, as
/// French forms and letters write it ("Marie TREMBLAY", "Jean-Pierre LE
/// BLANC", "Anne Marie DE LA FONTAINE"), at the start of `s`: where its
/// given names end, and where it ends. One or two given names; a surname
/// of up to three words of capitals, its last not a credential or a
/// province.
pub(super) fn capitals_surname(s: &str) -> Option<(usize, usize)> {
    let first = word(s)?;
    let second = s[first..].strip_prefix(' ').and_then(word).map(|n| first + 1 + n);
    [second, Some(first)].into_iter().flatten().find_map(|given| {
        let mut end = given;
        let mut last = None;
        for _ in 0..3 {
            let Some(n) = s[end..].strip_prefix(' ').and_then(capitals_word) else {
                break;
            };
            last = Some(end + 1..end + 1 + n);
            end += 1 + n;
        }
        let last = last?;
        (!CAPITALS_NOT_SURNAMES.contains(&&s[last])).then_some((given, end))
    })
}

/// A name written in capitals, as names are written elsewhere: each word
/// capitalized, and after an apostrophe or a hyphen ("O'BRIEN" ->
/// "O'Brien", "JEAN-PIERRE" -> "Jean-Pierre"), so that both forms
/// fingerprint alike.
pub(super) fn capitalized(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut opens = true;
    for c in name.chars() {
        if opens {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
        opens = c == ' ' || c == '-' || is_apostrophe(c);
    }
    out
}

/// A name as read by `full_name` or `surname_first`, with the parts after
/// hyphens that a title-casing left in lower case capitalized
/// ("Jean-sébastien" -> "Jean-Sébastien"), so that it fingerprints as
/// the name written elsewhere.
pub(super) fn capital_after_hyphens(name: String) -> String {
    if !name.contains('-') {
        return name;
    }
    let mut out = String::with_capacity(name.len());
    let mut after_hyphen = false;
    for c in name.chars() {
        if after_hyphen {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        after_hyphen = c == '-';
    }
    out
}

/// `name` with a word processor's apostrophes as typed ("O’Brien" ->
/// "O'Brien"), so that it fingerprints as the name typed elsewhere.
pub(super) fn typed_apostrophes(name: String) -> String {
    if name.contains(TYPOGRAPHIC_APOSTROPHE) {
        name.replace(TYPOGRAPHIC_APOSTROPHE, "'")
    } else {
        name
    }
}

/// The length of the one or two words of a name that are the whole value
/// at the start of `s` (after them the value's end, `ends_the_value`): a
/// given-name field's given and middle names ("Mary Ann", "Aoife
/// Siobhan"), a surname field's two words ("Da Silva") or its particles
/// and word ("de la Fontaine", "van der Berg").
pub(super) fn lone_words(s: &str) -> Option<usize> {
    lone_words_of(s, word)
}

/// `lone_words` in capitals ("TREMBLAY", "DA SILVA"), as forms print a
/// surname's field.
pub(super) fn capitals_lone_words(s: &str) -> Option<usize> {
    lone_words_of(s, capitals_word).filter(|&end| !s[..end].split(' ').any(|w| CAPITALS_NOT_SURNAMES.contains(&w)))
}

/// `lone_words`, its words read by `word`.
fn lone_words_of(s: &str, word: fn(&str) -> Option<usize>) -> Option<usize> {
    // A surname's particles before its first word.
    let particles = particles_only(s);
    let first = particles + word(&s[particles..])?;
    let value_end = |end: usize| past_a_middle_initial(s, end, ends_the_value);
    s[first..]
        .strip_prefix(' ')
        .and_then(word)
        .and_then(|second| value_end(first + 1 + second))
        .or_else(|| value_end(first))
}

/// Where the value whose name words end at `end` in `s` ends, as `ends`
/// says: there, or past a middle initial after them ("Marie A.",
/// "Tremblay, Marie A."; after words in capitals, its dot may be left
/// out, as a bank's or a card's records print one: "MACDONALD, JOHN A").
fn past_a_middle_initial(s: &str, end: usize, ends: impl Fn(&str) -> bool) -> Option<usize> {
    if ends(&s[end..]) {
        return Some(end);
    }
    let rest = s[end..].strip_prefix(' ')?;
    let letter = rest.chars().next().filter(|c| c.is_uppercase())?;
    let in_capitals = s[..end]
        .rsplit(' ')
        .next()
        .is_some_and(|last| capitals_word(last) == Some(last.len()));
    let dot = match rest[letter.len_utf8()..].strip_prefix('.') {
        Some(_) => 1,
        None if in_capitals => 0,
        None => return None,
    };
    let end = end + 1 + letter.len_utf8() + dot;
    ends(&s[end..]).then_some(end)
}

/// The words that run on after a name as a proper noun's do: what
/// follows it after one space or a hyphen, words that open with a capital
/// (or `&`) apart by one space or a hyphen, up to the first that does not
/// or a mark other than an apostrophe or a dot ("In Centre" after "Harold
/// Wood Walk": a site's name, not a person's; not "of Toronto").
pub(super) fn run_on(after: &str) -> &str {
    let Some(rest) = after.strip_prefix([' ', '-']) else {
        return "";
    };
    let mut opens_a_word = true;
    for (at, c) in rest.char_indices() {
        let goes_on = if opens_a_word {
            c.is_uppercase() || c == '&'
        } else {
            c.is_alphanumeric() || c == '.' || c == ' ' || c == '-' || is_apostrophe(c)
        };
        if !goes_on {
            return rest[..at].trim_end_matches([' ', '-']);
        }
        opens_a_word = c == ' ' || c == '-';
    }
    rest.trim_end_matches([' ', '-'])
}

/// Whether the words `run` (a slice of `after`, as `run_on` gives them)
/// are a form's next label: a colon or an equals sign follows them.
pub(super) fn label_after(after: &str, run: &str) -> bool {
    // (An empty run may be no slice of `after`.)
    let Some(start) = (run.as_ptr() as usize)
        .checked_sub(after.as_ptr() as usize)
        .filter(|_| !run.is_empty())
    else {
        return false;
    };
    after
        .get(start + run.len()..)
        .is_some_and(|rest| rest.trim_start_matches(' ').starts_with([':', '=']))
}

/// The words that run on after "and" or "et" after a name (`after`), as
/// `run_on` reads them: a firm's name goes on so ("Jack Henry and
/// Associates", "Tremblay et Fils"), as it does after "&".
pub(super) fn run_on_after_and(after: &str) -> &str {
    ["and", "et"]
        .iter()
        .find_map(|and| after.strip_prefix(' ')?.strip_prefix(and))
        .map_or("", run_on)
}

/// Whether `after`, what follows a person's name on its line, opens with
/// a mark that sets a title apart: a bar, a slash or a dash ("Jean Roy |
/// Accounts Payable", "Jean Roy - Directeur", "Jean Roy – Comptabilité").
pub(super) fn title_follows(after: &str) -> bool {
    let after = after.trim_start_matches([' ', '\t']);
    after.starts_with(['|', '/', '–', '—']) || after.starts_with("- ")
}

/// Whether `after`, what follows a value's words, ends the value: two
/// spaces (a fixed-width form's next field: "First name: Thi Minh
/// Initials: T"), or only spaces, then the text's end, a tab, line
/// break, `|`, `;`, `,` or a closing quote (`"Marie Tremblay"`,
/// `'Marie'`: an apostrophe with no letter after it).
fn ends_the_value(after: &str) -> bool {
    value_ends(after, &['\t', '\r', '\n', '|', ';', ',', '"', '”', '»'])
        || after
            .trim_start_matches(' ')
            .strip_prefix(['\'', '’'])
            .is_some_and(|rest| !rest.starts_with(char::is_alphabetic))
}

/// Whether `after` ends a value whose ends are `ends`: two spaces, or
/// only spaces then the text's end or one of `ends`.
fn value_ends(after: &str, ends: &[char]) -> bool {
    if after.starts_with("  ") {
        return true;
    }
    let after = after.trim_start_matches(' ');
    after.is_empty() || after.starts_with(ends)
}

/// Whether the label of a form's next field on the same line follows a
/// name's words (`after` them), its first word read as the name's last:
/// a colon (or an equals sign, as a log line writes a field) right after
/// them ("Marie Tremblay Date: ...", "Marie Tremblay Status=ok"), or
/// words in small letters then a colon ("Marie Tremblay Date of birth:
/// ..."; a log's key in small letters is no name's word: "Marie Tremblay
/// status=ok").
pub(super) fn next_label_follows(after: &str) -> bool {
    let after = after.trim_start_matches(' ');
    if after.starts_with([':', '=']) {
        return true;
    }
    if !after.starts_with(char::is_lowercase) {
        return false;
    }
    for (at, c) in after.char_indices().take_while(|(at, _)| *at <= 32) {
        match c {
            ':' => return at > 0,
            c if c.is_alphabetic() || c == ' ' => {}
            _ => return false,
        }
    }
    false
}

/// A name written surname first at the start of `s` ("Tremblay, Marie",
/// "O'Brien, Jean Paul"), which is the whole value: the surname's span
/// and the given names'.
pub(super) fn surname_first(s: &str) -> Option<(Range<usize>, Range<usize>)> {
    surname_first_of(s, word)
}

/// `surname_first` in capitals ("TREMBLAY, MARIE").
pub(super) fn capitals_surname_first(s: &str) -> Option<(Range<usize>, Range<usize>)> {
    surname_first_of(s, capitals_word)
}

/// A name written as French administrative lists and forms write it,
/// surname first in capitals, then the given names ("TREMBLAY Marie",
/// "LE BLANC Jean-Pierre", "TREMBLAY, Marie"), which is the whole value:
/// the span of its words in capitals (one or two) and of the given names
/// (one or two).
pub(super) fn capitals_then_given(s: &str) -> Option<(Range<usize>, Range<usize>)> {
    let mut capitals = capitals_word(s)?;
    if let Some(n) = s[capitals..].strip_prefix(' ').and_then(capitals_word) {
        capitals += 1 + n;
    }
    if s[..capitals].split(' ').any(|w| CAPITALS_NOT_SURNAMES.contains(&w)) {
        return None;
    }
    let after = &s[capitals..];
    let given_at = capitals + [", ", " "].iter().find(|apart| after.starts_with(*apart))?.len();
    let given = given_names_ending(s, given_at, word, &['\t', '\r', '\n', '|', ';', '<', '"', ','])?;
    Some((0..capitals, given_at..given_at + given))
}

/// The length of the one or two given names, read by `word`, at
/// `given_at` in `s` that end the value (`value_ends`). Two if the value
/// ends after them, else one.
fn given_names_ending(s: &str, given_at: usize, word: fn(&str) -> Option<usize>, ends: &[char]) -> Option<usize> {
    let first = word(&s[given_at..])?;
    let second = s[given_at + first..]
        .strip_prefix(' ')
        .and_then(word)
        .map(|n| first + 1 + n);
    let ends_value = |given: usize| {
        past_a_middle_initial(s, given_at + given, |after| value_ends(after, ends)).map(|end| end - given_at)
    };
    second.and_then(ends_value).or_else(|| ends_value(first))
}

/// A name written surname first at the start of `s`, its words read by
/// `word`: the surname's span and the given names'. The surname may open
/// with its particles, in the case of its words ("Van der Berg, Pieter",
/// "De Luca, Marco", "de la Fontaine, Marie", "VAN DER BERG, PIETER"),
/// as many as make the rest a name.
fn surname_first_of(s: &str, word: fn(&str) -> Option<usize>) -> Option<(Range<usize>, Range<usize>)> {
    let first = opening_particle(s);
    let second = first.and_then(|first| Some(first + opening_particle(&s[first..])?));
    [second, first, Some(0)].into_iter().flatten().find_map(|particles| {
        let surname = particles + word(&s[particles..])?;
        let given_at = surname + s[surname..].strip_prefix(", ").map(|_| 2)?;
        // (A closing quote is one of the ends: `"Tremblay, Marie"`.)
        let given = given_names_ending(s, given_at, word, &['\t', '\r', '\n', '|', ';', '<', '"'])?;
        Some((0..surname, given_at..given_at + given))
    })
}

/// The length of the particle at the start of `s` in any case, with the
/// space after it (or `d'` joined): a particle that opens a surname
/// written first ("Van", "DE", "d'").
fn opening_particle(s: &str) -> Option<usize> {
    // (Every particle opens with one of these: a name is read often.)
    if !matches!(s.as_bytes().first(), Some(b'd' | b'D' | b'l' | b'L' | b'v' | b'V')) {
        return None;
    }
    particle_as(s, |head, particle| head.eq_ignore_ascii_case(particle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    /// The regexes these functions replace: the definition they keep, for
    /// text whose capitals and small letters are those of `\p{Lu}` and
    /// `\p{Ll}`.
    const WORD: &str = r"\p{Lu}[\p{Ll}'’]+(?:-?\p{Lu}[\p{Ll}'’]+|-\p{Ll}{2,}){0,2}";
    /// Up to two particles before a name's later word.
    const PARTICLES_RE: &str = r"(?:(?:(?:de|du|des|la|le|van|von|der|den|da|di|del|dos)[ ]|d['’]|\p{Lu}\.?[ ]){0,2})";
    /// Up to two particles alone, before a surname's first word.
    const PARTICLES_ONLY_RE: &str = r"(?:(?:(?:de|du|des|la|le|van|von|der|den|da|di|del|dos)[ ]|d['’]){0,2})";

    #[test]
    fn names_are_read_as_the_regexes_read_them() {
        let full = Regex::new(&format!(r"^{WORD}(?:[ ]{PARTICLES_RE}{WORD}){{1,2}}")).unwrap();
        let lone = Regex::new(&format!(
            r#"^(?P<name>{PARTICLES_ONLY_RE}{WORD}(?:[ ]{WORD})?(?:[ ]\p{{Lu}}\.)?)(?:[ ]{{2}}|[ ]*(?:[\t\r\n|;,"”»]|['’](?:\P{{L}}|$)|$))"#
        ))
        .unwrap();
        let reversed = Regex::new(&format!(
            r#"^(?P<surname>(?:(?i:de|du|des|la|le|van|von|der|den|da|di|del|dos)[ ]|(?i:d)['’]){{0,2}}{WORD}), (?P<given>{WORD}(?:[ ]{WORD})?(?:[ ]\p{{Lu}}\.)?)(?:[ ]{{2}}|"?[ ]*(?:[\t\r\n|;<"]|$))"#
        ))
        .unwrap();
        let pieces = [
            "Marie", "Tremblay", "Mac", "Leod", "O'", "Brien", "Jean", "-Pierre", "-St", "-", "'", "-pier", "sé", "é",
            "É", "Élise", "x", "de ", "la ", "d'", "d’", "’", "O’", "van", "Van ", "De ", "D'", "A. ", ".", "X", "Ab",
            " ", "  ", ", ", ",", "\t", "\n", "|", ";", "<", "\"", "a", "7",
        ];
        let mut state: u64 = 0x853c_49e6_748f_ea9b;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize
        };
        for _ in 0..20_000 {
            let s: String = (0..next() % 9).map(|_| pieces[next() % pieces.len()]).collect();
            if s.char_indices()
                .any(|(at, c)| is_apostrophe(c) && possessive(&s[at + c.len_utf8()..]))
            {
                // A possessive's apostrophe ends a word; the regexes
                // cannot say so (see `possessives_are_not_names`).
                continue;
            }
            assert_eq!(full_name(&s), full.find(&s).map(|m| m.end()), "full name of {s:?}");
            let lone_by_regex = lone.captures(&s).map(|c| c.name("name").unwrap().end());
            assert_eq!(lone_words(&s), lone_by_regex, "lone words of {s:?}");
            let by_regex = reversed
                .captures(&s)
                .map(|c| (c.name("surname").unwrap().range(), c.name("given").unwrap().range()));
            assert_eq!(surname_first(&s), by_regex, "surname first in {s:?}");
        }
    }

    #[test]
    fn the_written_forms_of_names() {
        assert_eq!(full_name("Jean-Pierre O'Brien, CPA"), Some(19));
        assert_eq!(full_name("Michael MacLeod"), Some(15));
        assert_eq!(full_name("Alain Trudel-St-Laurent"), Some(23));
        assert_eq!(full_name("Marie-pier Acevedo"), Some(18), "a title-cased compound");
        assert_eq!(capital_after_hyphens("Marie-pier Acevedo".into()), "Marie-Pier Acevedo");
        assert_eq!(
            capital_after_hyphens("Jean-Pierre O'Brien".into()),
            "Jean-Pierre O'Brien"
        );
        assert_eq!(full_name("Marie"), None);
        assert_eq!(full_name("Pierre de Lorimier"), Some(18));
        assert_eq!(full_name("Marie de la Fontaine\t"), Some(20));
        assert_eq!(full_name("Luc d'Amours"), Some(12));
        assert_eq!(full_name("Marie de"), None);
        assert_eq!(full_name("John A. Macdonald"), Some(17));
        assert_eq!(full_name("Marie T. "), None);
        assert_eq!(lone_words("Marie\tTremblay"), Some(5));
        assert_eq!(lone_words("Mary Ann\tSmith"), Some(8));
        assert_eq!(lone_words("Marie \tTremblay"), Some(5));
        assert_eq!(lone_words("Mary Ann Lee"), None, "three words");
        assert_eq!(lone_words("Thi Minh    Initials: T"), Some(8), "a form's next field");
        assert_eq!(lone_words("Mary ann"), None);
        assert_eq!(surname_first("Tremblay, Marie\t"), Some((0..8, 10..15)));
        assert_eq!(surname_first("Montréal, Québec 2022"), None);
        // A surname's particles open it when it is written first.
        assert_eq!(surname_first("Van der Berg, Pieter"), Some((0..12, 14..20)));
        assert_eq!(surname_first("De Luca, Marco"), Some((0..7, 9..14)));
        assert_eq!(surname_first("de la Fontaine, Marie"), Some((0..14, 16..21)));
        assert_eq!(
            surname_first("Van, Pieter"),
            Some((0..3, 5..11)),
            "a particle's word alone"
        );
        assert_eq!(
            surname_first("De La, Marie"),
            Some((0..5, 7..12)),
            "as many as make a name"
        );
        assert_eq!(surname_first("Jean Tremblay, Marie"), None, "no other word opens it");
        assert!(
            PARTICLES
                .iter()
                .all(|p| opening_particle(&format!("{p} Berg")).is_some()),
            "the quick test knows every particle's first letter"
        );
    }

    #[test]
    fn the_words_that_run_on_after_a_name() {
        assert_eq!(run_on(" In Centre\tY03082"), "In Centre");
        assert_eq!(run_on("-In-Centre"), "In-Centre");
        assert_eq!(run_on(" St. John's & Sons (est. 1990)"), "St. John's & Sons");
        assert_eq!(run_on(" of Toronto"), "", "a word in lower case ends the proper noun");
        assert_eq!(run_on(" and Dr Luc Gagnon."), "");
        assert_eq!(
            run_on("  Toronto ON"),
            "",
            "two spaces: a fixed-width table's next column"
        );
        assert_eq!(run_on(", Manager"), "", "a comma ends the name's phrase");
        assert_eq!(run_on(" Sales\nAccounting"), "Sales");
        assert_eq!(run_on(""), "");
    }

    #[test]
    fn possessives_are_not_names() {
        assert_eq!(full_name("David Baltimore's lab"), Some(15));
        assert_eq!(full_name("David Baltimore’s lab"), Some(15));
        assert_eq!(full_name("Anne Jones' file"), Some(10));
        assert_eq!(full_name("Anne O'Brien's file"), Some(12));
        assert_eq!(full_name("Anne O'Sullivan"), Some(15));
        assert_eq!(full_name("Luc d’Amours"), Some(14));
    }

    #[test]
    fn names_written_in_capitals() {
        assert_eq!(capitals_name("MARIE TREMBLAY\t"), Some(14));
        assert_eq!(capitals_name("JEAN-PIERRE O'BRIEN, CPA"), Some(19));
        assert_eq!(capitals_name("ÉLISE GAGNON"), Some(13));
        assert_eq!(capitals_name("MARIE"), None, "one word");
        assert_eq!(capitals_name("MARIE TREMBLAYs"), None, "a word runs on");
        assert_eq!(capitals_name("MARIE Tremblay"), None);
        assert_eq!(capitals_name("A B"), None, "initials");
        assert_eq!(capitals_name("O'- X"), None);
        assert_eq!(capitals_surname("Marie TREMBLAY\t"), Some((5, 14)));
        assert_eq!(capitals_surname("Jean-Pierre LE BLANC"), Some((11, 20)));
        assert_eq!(capitals_surname("Anne Marie DE LA FONTAINE, notaire"), Some((10, 25)));
        assert_eq!(capitals_surname("Marie O’BRIEN"), Some((5, 15)));
        assert_eq!(capitals_surname("Marie Tremblay"), None);
        assert_eq!(capitals_surname("Marie CPA"), None, "a credential");
        assert_eq!(capitals_surname("Paul T"), None, "an initial");
        assert_eq!(capitals_surname("MARIE TREMBLAY"), None);
        assert_eq!(capitals_surname_first("TREMBLAY, MARIE\t"), Some((0..8, 10..15)));
        assert_eq!(capitals_surname_first("Tremblay, Marie"), None);
        assert_eq!(capitals_surname_first("VAN DER BERG, PIETER"), Some((0..12, 14..20)));
        // A middle initial after capitals, its dot left out.
        assert_eq!(capitals_surname_first("MACDONALD, JOHN A"), Some((0..9, 11..17)));
        assert_eq!(capitals_surname_first("MACDONALD, JOHN A\t"), Some((0..9, 11..17)));
        assert_eq!(
            surname_first("Macdonald, John A"),
            None,
            "after small letters, it needs its dot"
        );
        assert_eq!(capitalized("JEAN-PIERRE O'BRIEN"), "Jean-Pierre O'Brien");
        assert_eq!(capitalized("ÉLISE GAGNON"), "Élise Gagnon");
    }
}
