//! WordPerfect documents, 5.x and 6 to X9 (`.wpd`, `.wp`, `.wp5`, `.wp6`,
//! and often `.doc`): the text of the document area. No Rust crate reads
//! the format (libwpd is C++), and text needs little of it: a 16-byte
//! header (`\xFFWPC`, where the document area starts, product 1 and file
//! type 10 for a WordPerfect document, the major version, an encryption
//! key), then a stream of characters and function codes. Functions are
//! skipped by their length (fixed by their code, or written after it);
//! the few that stand for a space, a tab or a line end become one.
//! Characters outside ASCII are written as WordPerfect's own: a byte of
//! 6.x's default international characters, or a character set and an
//! index; the multinational and typographic sets' letters and marks are
//! mapped here, others are left out.

use crate::le::{u16_at, u32_at};
use crate::output::Output;
use breachscope_core::{Origin, Segment};

/// The header's first bytes, whatever the version.
const MAGIC: &[u8] = b"\xFFWPC";
/// The header's product (WordPerfect) and file type (a document).
const WORDPERFECT_DOCUMENT: [u8; 2] = [1, 10];
/// The header's fields: where the document area starts, the major
/// version, the encryption key (0 when the document is not encrypted).
const AREA_AT: usize = 4;
const MAJOR_VERSION_AT: usize = 10;
const ENCRYPTION_AT: usize = 12;
/// The major versions read: 5.x's, and 6 to X9's.
const VERSION_5: u8 = 0;
const VERSION_6: u8 = 2;
/// How far a page number's text is looked for its end.
const MAX_PAGE_NUMBER: usize = 64;

/// Whether `head` opens a WordPerfect document.
pub(crate) fn is_wordperfect(head: &[u8]) -> bool {
    head.starts_with(MAGIC) && head.get(8..10) == Some(&WORDPERFECT_DOCUMENT[..])
}

/// Reads a WordPerfect document's text.
pub(crate) fn read(bytes: &[u8], out: &mut Output<'_>) {
    if u16_at(bytes, ENCRYPTION_AT).is_some_and(|key| key != 0) {
        return out.error("password-protected WordPerfect document: its text is encrypted, not scanned".to_string());
    }
    let start = u32_at(bytes, AREA_AT).unwrap_or(u32::MAX);
    let Some(area) = bytes.get(start as usize..).filter(|area| !area.is_empty()) else {
        return out.error("WordPerfect document's text starts past its end: not scanned".to_string());
    };
    let decoded = match bytes.get(MAJOR_VERSION_AT).copied().unwrap_or(u8::MAX) {
        VERSION_5 => decode(area, step_5),
        VERSION_6 => decode(area, step_6),
        other => {
            return out.error(format!(
                "WordPerfect document of major version {other} (only 5.x and 6 to X9 are read): not scanned"
            ))
        }
    };
    if decoded.damaged {
        out.error("WordPerfect document damaged: a function runs past its end; the text before it is kept".to_string());
    }
    if decoded.text.trim().is_empty() {
        return out.error("WordPerfect document has no text: nothing scanned".to_string());
    }
    out.segment(Segment::new(decoded.text, Origin::TextOffset(u64::from(start))));
}

/// A document area's text, and whether a function ran past its end.
#[derive(Default)]
struct Decoded {
    text: String,
    damaged: bool,
}

/// The text of a document area, read a code at a time by `step` (a
/// version's), and whether a function ran past the area's end.
fn decode(area: &[u8], step: fn(&[u8], u8, usize, &mut String) -> Option<usize>) -> Decoded {
    let mut decoded = Decoded::default();
    let mut at = 0;
    while let Some(&code) = area.get(at) {
        match step(area, code, at + 1, &mut decoded.text) {
            Some(next) => at = next,
            None => {
                decoded.damaged = true;
                break;
            }
        }
    }
    decoded.damaged |= at > area.len();
    decoded
}

/// What the code of a 5.x document area just before `at` stands for,
/// written to `text`; where the next code is, or None when the area
/// ends first.
fn step_5(area: &[u8], code: u8, at: usize, text: &mut String) -> Option<usize> {
    match code {
        b'\n' | 0x0C | 0x8C | 0x99 => text.push('\n'),
        b'\t' => text.push('\t'),
        0x0B | b'\r' | 0x90..=0x95 | 0xA0 => text.push(' '),
        b' '..=b'~' => text.push(char::from(code)),
        0xA9..=0xAB => text.push('-'),
        0xC0 => return extended_character(area, at, text),
        // Fixed-length functions; a tab's or a margin's stands apart.
        0xC1..=0xCF => {
            const LENGTHS: [usize; 15] = [9, 11, 3, 3, 5, 6, 7, 4, 5, 6, 6, 8, 10, 10, 12];
            if code == 0xC1 {
                text.push('\t');
            }
            return Some(at + LENGTHS[usize::from(code - 0xC1)] - 1);
        }
        // Variable-length functions: a subcode, then the length of what
        // follows.
        0xD0..=0xFF => return Some(at + 3 + usize::from(u16_at(area, at + 1)?)),
        _ => {}
    }
    Some(at)
}

/// What the code of a 6 to X9 document area just before `at` stands
/// for, written to `text`; where the next code is, or None when the area
/// ends first.
fn step_6(area: &[u8], code: u8, at: usize, text: &mut String) -> Option<usize> {
    match code {
        0x01..=0x20 => text.push(DEFAULT_INTERNATIONAL[usize::from(code - 1)]),
        b'!'..=b'~' => text.push(char::from(code)),
        0x80 | 0x81 => text.push(' '),
        0x84 => text.push('-'),
        0x87 | 0x89 => text.push('\n'),
        // A page number's text, up to its end.
        0x8A => {
            let reach = &area[at..area.len().min(at + MAX_PAGE_NUMBER)];
            return Some(at + reach.iter().position(|&b| b == 0x8B).map_or(reach.len(), |i| i + 1));
        }
        0xC6 => text.push('\t'),
        0xB4..=0xCF => text.push('\n'),
        // Variable-length functions: a subgroup, then their whole length,
        // these four bytes included.
        0xD0..=0xEF => {
            let (&subgroup, length) = (area.get(at)?, u16_at(area, at + 1)?);
            if length < 4 {
                return None;
            }
            match (code, subgroup) {
                (0xD0, 1..=3 | 20..=22) | (0xD5, _) => text.push(' '),
                (0xD0, 10) | (0xE0, _) => text.push('\t'),
                (0xD0, 4..=19 | 23..=28) => text.push('\n'),
                _ => {}
            }
            return Some(at + usize::from(length) - 1);
        }
        0xF0 => return extended_character(area, at, text),
        // Fixed-length functions.
        0xF1..=0xFE => {
            const LENGTHS: [usize; 14] = [5, 3, 3, 3, 3, 4, 4, 4, 5, 5, 6, 6, 8, 8];
            return Some(at + LENGTHS[usize::from(code - 0xF1)] - 1);
        }
        _ => {}
    }
    Some(at)
}

/// WordPerfect 6's default international characters, written as the
/// bytes 0x01 to 0x20.
const DEFAULT_INTERNATIONAL: [char; 32] = [
    'å', 'Å', 'æ', 'Æ', 'ä', 'Ä', 'á', 'à', 'â', 'ã', 'Ã', 'ç', 'Ç', 'ë', 'é', 'É', 'è', 'ê', 'í', 'ñ', 'Ñ', 'ø', 'Ø',
    'õ', 'Õ', 'ö', 'Ö', 'ü', 'Ü', 'ú', 'ù', 'ß',
];

/// WordPerfect's character sets read: multinational (accented letters)
/// and typographic (quotes, dashes, currency signs).
const MULTINATIONAL: u8 = 1;
const TYPOGRAPHIC: u8 = 4;

/// The multinational set's letters from index 23 on, in pairs of capital
/// and small letter from index 26 (indexes 0 to 22 are diacritics alone).
const MULTINATIONAL_LETTERS: &str = "ßĸjÁáÂâÄäÀàÅåÆæÇçÉéÊêËëÈèÍíÎîÏïÌìÑñÓóÔôÖöÒòÚúÛûÜüÙùŸÿÃãĐđØøÕõÝýÐðÞþ";
const MULTINATIONAL_FIRST: u8 = 23;

/// The typographic set's marks kept (index, mark): bullets, quotes,
/// dashes, guillemets, currency and legal signs.
const TYPOGRAPHIC_MARKS: [(u8, char); 21] = [
    (3, '•'),
    (5, '¶'),
    (6, '§'),
    (9, '«'),
    (10, '»'),
    (11, '£'),
    (12, '¥'),
    (19, '¢'),
    (22, '®'),
    (23, '©'),
    (27, '‛'),
    (28, '’'),
    (29, '‘'),
    (30, '‟'),
    (31, '”'),
    (32, '“'),
    (33, '–'),
    (34, '—'),
    (56, '…'),
    (57, '$'),
    (72, '€'),
];

/// Appends the extended character whose index and set follow its code
/// (then the code again) at `at`; where the next code is, or None when
/// the area ends first.
fn extended_character(area: &[u8], at: usize, text: &mut String) -> Option<usize> {
    let &[index, set, _] = area.get(at..)?.first_chunk::<3>()?;
    push_extended(text, set, index);
    Some(at + 3)
}

/// Appends the character `index` of WordPerfect's character set `set`,
/// when it is one mapped here.
fn push_extended(text: &mut String, set: u8, index: u8) {
    let mapped = match set {
        0 => (b' '..=b'~').contains(&index).then_some(char::from(index)),
        MULTINATIONAL => index
            .checked_sub(MULTINATIONAL_FIRST)
            .and_then(|i| MULTINATIONAL_LETTERS.chars().nth(usize::from(i))),
        TYPOGRAPHIC => TYPOGRAPHIC_MARKS.iter().find(|(i, _)| *i == index).map(|(_, c)| *c),
        _ => None,
    };
    text.extend(mapped);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::tests::read_bytes;
    use crate::{Kind, Limits};

    /// A WordPerfect document of major version `major` whose document
    /// area is `area`, after a header and a prefix area.
    fn document(major: u8, area: &[u8]) -> Vec<u8> {
        let mut bytes = b"\xFFWPC".to_vec();
        bytes.extend(32u32.to_le_bytes());
        bytes.extend([1, 10, major, 0, 0, 0]);
        bytes.resize(32, 0);
        bytes.extend(area);
        bytes
    }

    fn text_of(name: &str, bytes: &[u8]) -> (String, Vec<String>) {
        let docs = read_bytes(name, bytes, &Limits::default()).docs;
        assert_eq!(docs[0].0.kind, Kind::WordPerfect);
        (docs[0].1.trim_end().to_string(), docs[0].3.clone())
    }

    #[test]
    fn the_multinational_set_maps_letters_in_pairs() {
        let mut text = String::new();
        for index in [23, 26, 27, 40, 41, 46, 47, 60, 61, 89, 90, 3] {
            push_extended(&mut text, MULTINATIONAL, index);
        }
        assert_eq!(text, "ßÁáÉéÈèÔôþ");
        assert_eq!(MULTINATIONAL_LETTERS.chars().count(), 67);
    }

    #[test]
    fn a_wordperfect_6_document_s_text() {
        let mut area = Vec::new();
        // A paragraph style's variable-length function, with a byte that
        // would be a character inside it.
        area.extend([0xD4, 0x1C, 0x0A, 0x00, b'X', 0x00, 0x0A, 0x00, 0x1C, 0xD4]);
        area.extend(b"Client:");
        area.extend([0x80]);
        // "Hélène" with é as a default international character and è as
        // the multinational set's, an attribute between.
        area.extend([b'H', 0x0F, b'l', 0xF0, 47, 1, 0xF0, b'n', b'e', 0xF2, 0x0C, 0xF2, 0x80]);
        area.extend(b"Gagnon");
        // A hard return (end-of-line group).
        area.extend([0xD0, 0x04, 0x08, 0x00, 0x08, 0x00, 0x04, 0xD0]);
        area.extend(b"SIN");
        area.extend([0x80]);
        area.extend(b"130");
        area.extend([0x80]);
        area.extend(b"692");
        area.extend([0x81]);
        area.extend(b"544");
        area.extend([0xCC]);
        area.extend(b"Qu");
        area.extend([0x0F]);
        area.extend(b"bec,");
        area.extend([0x80, 0x8A, b'1', b'2', 0x8B]);
        area.extend([0xF0, 32, 4, 0xF0]);
        area.extend(b"Merci");
        area.extend([0xF0, 31, 4, 0xF0]);
        let (text, errors) = text_of("lettre.wpd", &document(VERSION_6, &area));
        assert_eq!(text, "Client: Hélène Gagnon\nSIN 130 692 544\nQuébec, “Merci”");
        assert!(errors.is_empty(), "{errors:?}");
        // Found by its header whatever its name.
        let (text, _) = text_of("LETTRE.DOC", &document(VERSION_6, b"Hello"));
        assert_eq!(text, "Hello");
    }

    #[test]
    fn a_wordperfect_5_document_s_text() {
        let mut area = b"Client: H".to_vec();
        area.extend([0xC0, 41, 1, 0xC0]);
        area.extend(b"l");
        area.extend([0xC0, 47, 1, 0xC0]);
        area.extend(b"ne Gagnon");
        // A tab (fixed length), bold on (fixed length).
        area.extend([0xC1, 0, 0, 0, 0, 0, 0, 0, 0xC1]);
        area.extend([0xC3, 0x0C, 0xC3]);
        area.extend(b"SIN 130 692 544\n");
        // A variable-length function holding text that is not the body's.
        area.extend([0xD1, 0x01, 0x06, 0x00, b'Y', b'Y', 0x06, 0x00, 0x01, 0xD1]);
        area.extend(b"Montr");
        area.extend([0xC0, 41, 1, 0xC0]);
        area.extend(b"al\r\n");
        let (text, errors) = text_of("lettre.wp", &document(VERSION_5, &area));
        assert_eq!(text, "Client: Hélène Gagnon\tSIN 130 692 544\nMontréal \n".trim_end());
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn a_damaged_or_encrypted_wordperfect_document_says_why() {
        let mut encrypted = document(VERSION_6, b"Hello");
        encrypted[ENCRYPTION_AT] = 0x5A;
        assert!(text_of("secret.wpd", &encrypted).1[0].contains("password-protected"));
        let mut past_end = document(VERSION_6, b"Hello");
        past_end[AREA_AT..AREA_AT + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(text_of("cut.wpd", &past_end).1[0].contains("past its end"));
        assert!(text_of("old.wpd", &document(1, b"Hello")).1[0].contains("major version 1"));
        // A function whose length runs past the end: the text before it
        // is kept.
        let (text, errors) = text_of("cut6.wpd", &document(VERSION_6, b"Hello\xD0\x04\xFF\xFF"));
        assert_eq!(text, "Hello");
        assert!(errors[0].contains("damaged"), "{errors:?}");
        let (text, errors) = text_of("cut5.wp", &document(VERSION_5, b"Hello\xC0\x29"));
        assert_eq!(text, "Hello");
        assert!(errors[0].contains("damaged"), "{errors:?}");
        // A length too short to hold itself.
        let (_, errors) = text_of("short.wpd", &document(VERSION_6, b"Hello\xD0\x04\x02\x00World"));
        assert!(errors[0].contains("damaged"), "{errors:?}");
        assert!(text_of("empty.wpd", &document(VERSION_6, b"\xCC\xCC")).1[0].contains("no text"));
    }

    #[test]
    fn random_bytes_after_a_header_do_not_panic() {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for length in 0..400 {
            let area: Vec<u8> = (0..length)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state as u8
                })
                .collect();
            for major in [VERSION_5, VERSION_6] {
                let _ = read_bytes("random.wpd", &document(major, &area), &Limits::default());
            }
        }
    }

    #[test]
    fn the_corpus_wordperfect_documents_are_read() {
        for (name, phrase) in [("testWordPerfect.wpd", "test"), ("testWordPerfect_5_1.wp", "the")] {
            let Some(bytes) = crate::reader::tests::corpus_file(&format!("apache-tika/miscoffice/{name}")) else {
                continue;
            };
            let (text, errors) = text_of(name, &bytes);
            assert!(text.contains(phrase), "{name}: {text}");
            assert!(errors.is_empty(), "{name}: {errors:?}");
        }
    }
}
