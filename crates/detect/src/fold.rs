//! The one normalization of a document's text that the classifier and the
//! counterparty matcher share: Unicode compatibility decomposition, accents
//! dropped, lower case, and every run of non-alphanumerics turned into one
//! space. "Ltée, S.E.N.C." and "ltee s e n c" fold alike.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Each ASCII byte folded: letters lower-cased, digits kept, anything
/// else 0 (a separator).
const ASCII_FOLD: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            table[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// Folds `text` into space-separated lower-case words without accents,
/// with one leading and one trailing space so that a pattern `" word "`
/// matches on word boundaries.
pub fn fold_words(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len() + 2);
    out.push(b' ');
    let mut space = true;
    let mut i = 0;
    while i < bytes.len() {
        // The common case, one ASCII byte at a time through a table: a
        // letter or digit comes out lower-cased, anything else as one
        // space for the whole run.
        while let Some(&b) = bytes.get(i).filter(|b| b.is_ascii()) {
            let folded = ASCII_FOLD[b as usize];
            if folded != 0 {
                out.push(folded);
                space = false;
            } else if !space {
                out.push(b' ');
                space = true;
            }
            i += 1;
        }
        if i == bytes.len() {
            break;
        }
        let c = text[i..].chars().next().expect("a char starts at a non-ASCII boundary");
        i += c.len_utf8();
        for d in std::iter::once(c).nfkd().filter(|d| !is_combining_mark(*d)) {
            if d.is_alphanumeric() {
                let mut buf = [0u8; 4];
                for lower in d.to_lowercase() {
                    out.extend_from_slice(lower.encode_utf8(&mut buf).as_bytes());
                }
                space = false;
            } else if !space {
                out.push(b' ');
                space = true;
            }
        }
    }
    if !space {
        out.push(b' ');
    }
    String::from_utf8(out).expect("built from whole characters")
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

    /// Character by character, the definition the ASCII fast path must keep.
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
    fn ascii_runs_fold_as_characters_do() {
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
