//! The one normalization of a document's text that the classifier and the
//! counterparty matcher share: Unicode compatibility decomposition, accents
//! dropped, lower case, and every run of non-alphanumerics turned into one
//! space. "Ltée, S.E.N.C." and "ltee s e n c" fold alike.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Folds `text` into space-separated lower-case words without accents,
/// with one leading and one trailing space so that a pattern `" word "`
/// matches on word boundaries.
pub fn fold_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    let push = |c: char, out: &mut String| {
        if c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                out.push(lower);
            }
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    };
    for c in text.chars() {
        if c.is_ascii() {
            push(c, &mut out);
        } else {
            for d in std::iter::once(c).nfkd() {
                if !is_combining_mark(d) {
                    push(d, &mut out);
                }
            }
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
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

    #[test]
    fn context_keeps_punctuation() {
        assert_eq!(fold_context("№ d'assurance SOCIALE"), "no d'assurance sociale");
    }
}
