//! The one normalization of a document's text that the classifier and the
//! counterparty matcher share: Unicode compatibility decomposition, accents
//! dropped, lower case, and every run of non-alphanumerics turned into one
//! space. "Ltée, S.E.N.C." and "ltee s e n c" fold alike.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Bytes tested at a time for being all ASCII.
const FOLD_BLOCK: usize = 64;

/// Folds `text` into space-separated lower-case words without accents,
/// with one leading and one trailing space so that a pattern `" word "`
/// matches on word boundaries.
pub fn fold_words(text: &str) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(text.len() + 2);
    out.push(b' ');
    fold_chars_into(text, &mut out);
    // Runs of spaces are collapsed once, at the end: a separate pass
    // costs less than a test on every byte of the mapping.
    out.dedup_by(|next, kept| *next == b' ' && *kept == b' ');
    if out.last() != Some(&b' ') {
        out.push(b' ');
    }
    String::from_utf8(out).expect("built from whole characters")
}

/// Appends `text` folded character by character, with a space for each
/// character that is neither letter nor digit: `fold_words` before its
/// runs of spaces are collapsed.
pub fn fold_chars_into(text: &str, out: &mut Vec<u8>) {
    let bytes = text.as_bytes();
    out.reserve(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        // Blocks of ASCII are mapped byte for byte (a loop without
        // branches, which vectorizes).
        let block = &bytes[i..(i + FOLD_BLOCK).min(bytes.len())];
        if block.iter().fold(0, |high, &b| high | b) < 0x80 {
            out.extend(block.iter().map(|&b| fold_ascii(b)));
            i += block.len();
            continue;
        }
        let end = (i + FOLD_BLOCK).min(bytes.len());
        while i < end {
            let b = bytes[i];
            if b.is_ascii() {
                out.push(fold_ascii(b));
                i += 1;
                continue;
            }
            let c = text[i..].chars().next().expect("a char starts at a non-ASCII boundary");
            i += c.len_utf8();
            for d in std::iter::once(c).nfkd().filter(|d| !is_combining_mark(*d)) {
                if d.is_alphanumeric() {
                    let mut buf = [0u8; 4];
                    for lower in d.to_lowercase() {
                        out.extend_from_slice(lower.encode_utf8(&mut buf).as_bytes());
                    }
                } else {
                    out.push(b' ');
                }
            }
        }
    }
}

/// An ASCII letter or digit lower-cased; anything else a space.
fn fold_ascii(b: u8) -> u8 {
    let upper = b.wrapping_sub(b'A') < 26;
    let alphanumeric = upper || b.wrapping_sub(b'a') < 26 || b.wrapping_sub(b'0') < 10;
    if alphanumeric {
        b | (u8::from(upper) << 5)
    } else {
        b' '
    }
}

/// Lower-cases and drops accents but keeps punctuation and spacing: for
/// looking up context words near a candidate.
pub fn fold_context(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            for d in std::iter::once(c).nfkd() {
                if !is_combining_mark(d) {
                    out.extend(d.to_lowercase());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_and_punctuation() {
        assert_eq!(fold_words("Ltée, S.E.N.C."), " ltee s e n c ");
        assert_eq!(fold_words("Numéro de TRANSIT:"), " numero de transit ");
        assert_eq!(fold_words(""), " ");
        assert_eq!(fold_words("ﬁn"), " fin "); // NFKD splits the ligature
    }

    /// Character by character, the definition the block fast path must keep.
    fn fold_by_definition(text: &str) -> String {
        let mut out = String::from(" ");
        for d in text.nfkd().filter(|d| !is_combining_mark(*d)) {
            if d.is_alphanumeric() {
                out.extend(d.to_lowercase());
            } else if !out.ends_with(' ') {
                out.push(' ');
            }
        }
        if !out.ends_with(' ') {
            out.push(' ');
        }
        out
    }

    #[test]
    fn ascii_blocks_fold_as_characters_do() {
        let pieces = ["Acme, Inc.", "  ", "Ltée", "--", "X9", "\t\n", "Œuvre", "é", "ok"];
        for n in 0..200 {
            let text: String = (0..n).map(|k| pieces[(k * 7 + n) % pieces.len()]).collect();
            assert_eq!(fold_words(&text), fold_by_definition(&text), "{text:?}");
        }
    }

    #[test]
    fn context_keeps_punctuation() {
        assert_eq!(fold_context("№ d'assurance SOCIALE"), "no d'assurance sociale");
    }
}
