//! The one normalization of a document's text that the classifier and the
//! counterparty matcher share: Unicode compatibility decomposition, accents
//! dropped, lower case, and every run of non-alphanumerics turned into one
//! space. "Ltée, S.E.N.C." and "ltee s e n c" fold alike.

use std::ops::Range;
use std::sync::LazyLock;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Bytes tested at a time for being all ASCII.
const FOLD_BLOCK: usize = 64;

/// The fold of each character from U+0080 to U+00FF (the accented
/// letters of French and the other Western languages, the no-break space)
/// that folds to one ASCII byte, or 0: made once from the decomposition
/// itself, so that the text of a French document is folded by a lookup,
/// not by decomposing each of its accented letters.
static LATIN1: LazyLock<[u8; 128]> = LazyLock::new(|| {
    let mut table = [0; 128];
    for (code, slot) in (0x80u32..).zip(table.iter_mut()) {
        let c = char::from_u32(code).expect("U+0080 to U+00FF are characters");
        let mut folded = std::iter::once(c)
            .nfkd()
            .filter(|d| !is_combining_mark(*d))
            .flat_map(char::to_lowercase);
        if let (Some(d), None) = (folded.next(), folded.next()) {
            if d.is_ascii() {
                *slot = d as u8;
            }
        }
    }
    table
});

/// `c` lower-cased without its accent, when that is one ASCII byte and
/// `c` is below U+0100 (ASCII itself included).
pub fn fold_latin1(c: char) -> Option<u8> {
    match u32::from(c) {
        code @ 0..0x80 => Some((code as u8).to_ascii_lowercase()),
        code @ 0x80..0x100 => Some(LATIN1[code as usize - 0x80]).filter(|&b| b != 0),
        _ => None,
    }
}

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
            fold_char_into(c, out);
        }
    }
}

/// Appends the fold of one character (see `fold_chars_into`).
fn fold_char_into(c: char, out: &mut Vec<u8>) {
    if let Some(b) = fold_latin1(c) {
        out.push(if b.is_ascii_alphanumeric() { b } else { b' ' });
        return;
    }
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

/// The spans of `text` that `folded` spans of its `fold_chars_into`
/// output (in order, none inside another) were folded from: from the
/// character whose fold holds a span's first byte to the end of the one
/// whose fold holds its last.
pub fn unfolded_spans(text: &str, folded: &[Range<usize>]) -> Vec<Range<usize>> {
    // (Most texts name no listed individual: the text is not read then.)
    if folded.is_empty() || text.is_ascii() {
        return folded.to_vec();
    }
    let mut spans = Vec::with_capacity(folded.len());
    let mut wanted = folded.iter().filter(|span| !span.is_empty());
    let mut next = wanted.next();
    let mut start = None;
    // Where the fold of the current character starts, and its bytes.
    let (mut at, mut fold) = (0, Vec::with_capacity(8));
    for (offset, c) in text.char_indices() {
        let Some(span) = next else { break };
        fold.clear();
        fold_char_into(c, &mut fold);
        let ends = at + fold.len();
        if start.is_none() && span.start < ends {
            start = Some(offset);
        }
        if let Some(from) = start.filter(|_| span.end <= ends) {
            spans.push(from..offset + c.len_utf8());
            start = None;
            next = wanted.next();
        }
        at = ends;
    }
    spans
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
        if let Some(b) = fold_latin1(c) {
            out.push(char::from(b));
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
    fn folded_spans_lead_back_to_the_text_they_came_from() {
        let text = "Réf. ﬁle: Hélène Côté, Marie";
        let mut folded = Vec::new();
        fold_chars_into(text, &mut folded);
        let folded = String::from_utf8(folded).unwrap();
        let span_of = |word: &str| {
            let at = folded.find(word).unwrap();
            at..at + word.len()
        };
        let spans = unfolded_spans(text, &[span_of("file"), span_of("helene cote"), span_of("marie")]);
        let texts: Vec<&str> = spans.into_iter().map(|span| &text[span]).collect();
        assert_eq!(texts, ["ﬁle", "Hélène Côté", "Marie"]);
        let (name, ascii) = (6..9, "Marie Roy");
        assert_eq!(unfolded_spans(ascii, std::slice::from_ref(&name)), vec![name]);
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
    fn latin1_folds_by_lookup_as_by_decomposition() {
        for c in (0u32..0x100).filter_map(char::from_u32) {
            let by_definition: String = std::iter::once(c)
                .nfkd()
                .filter(|d| !is_combining_mark(*d))
                .flat_map(char::to_lowercase)
                .collect();
            match fold_latin1(c) {
                Some(b) => assert_eq!(by_definition, char::from(b).to_string(), "{c:?}"),
                None => assert!(by_definition.len() != 1 || !by_definition.is_ascii(), "{c:?}"),
            }
        }
        assert_eq!(fold_latin1('É'), Some(b'e'));
        assert_eq!(fold_latin1('\u{a0}'), Some(b' '));
        assert_eq!(fold_latin1('æ'), None);
        assert_eq!(fold_latin1('Œ'), None);
    }

    #[test]
    fn context_keeps_punctuation() {
        assert_eq!(fold_context("№ d'assurance SOCIALE"), "no d'assurance sociale");
    }
}
