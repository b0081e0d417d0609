//! Context words near a candidate, loaded from `data/context.tsv`.

use aho_corasick::{AhoCorasick, Input, MatchKind};
use breachscope_core::EntityType;

const CONTEXT_TSV: &str = include_str!("../data/context.tsv");

/// Context words per entity type, one matcher per type: a window is read
/// for the words of the type weighed only, and a leftmost search can skip
/// ahead to the bytes that open one (an overlapping search over every
/// type's words took ten times as long).
#[derive(Debug)]
pub struct ContextWords {
    by_kind: Vec<(EntityType, AhoCorasick)>,
}

impl ContextWords {
    /// Loads the built-in list.
    pub fn builtin() -> ContextWords {
        ContextWords::parse(CONTEXT_TSV).expect("built-in context list parses")
    }

    /// Parses `type<TAB>word` lines; `#` starts a comment. A word of
    /// several is also known as a program names a field: `date_of_birth`,
    /// and `dateOfBirth` (folded `dateofbirth`), the latter only when long
    /// enough not to be some other word ("ne le" is not "nele").
    pub fn parse(tsv: &str) -> Result<ContextWords, String> {
        let mut words: Vec<(EntityType, Vec<String>)> = Vec::new();
        for (n, line) in tsv.lines().enumerate() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (kind, word) = line
                .split_once('\t')
                .ok_or_else(|| format!("context list line {}: no tab", n + 1))?;
            let kind: EntityType = kind.parse().map_err(|e| format!("context list line {}: {e}", n + 1))?;
            let forms = identifier_forms(word).into_iter().chain([word.to_string()]);
            match words.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, list)) => list.extend(forms),
                None => words.push((kind, forms.collect())),
            }
        }
        let by_kind = words
            .into_iter()
            .map(|(kind, list)| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(list)
                    .map(|matcher| (kind, matcher))
                    .map_err(|e| format!("context list: {e}"))
            })
            .collect::<Result<_, _>>()?;
        Ok(ContextWords { by_kind })
    }

    /// Whether `window` (already folded by `fold_context`) holds a context
    /// word of `kind` as a whole word. After a match that is part of a
    /// longer word, the search goes on from the match's next byte, so a
    /// word inside it still counts ("nas" in "banas nas").
    pub fn supports(&self, kind: EntityType, window: &str) -> bool {
        let Some((_, matcher)) = self.by_kind.iter().find(|(k, _)| *k == kind) else {
            return false;
        };
        let bytes = window.as_bytes();
        let mut from = 0;
        while let Some(m) = matcher.find(Input::new(window).range(from..)) {
            if is_whole_word(bytes, m.start(), m.end()) {
                return true;
            }
            from = m.start() + 1;
        }
        false
    }
}

/// The forms a program gives a context word of several (`date of birth`):
/// joined by underscores, and written together if that makes eight
/// letters or more; none for a word alone or with other punctuation.
fn identifier_forms(word: &str) -> Vec<String> {
    if !word.contains(' ') || !word.bytes().all(|b| b.is_ascii_lowercase() || b == b' ') {
        return Vec::new();
    }
    let parts: Vec<&str> = word.split_whitespace().collect();
    let together = parts.concat();
    let mut forms = vec![parts.join("_")];
    if together.len() >= 8 {
        forms.push(together);
    }
    forms
}

/// Whether `hay[start..end]` has no letter or digit on either side.
fn is_whole_word(hay: &[u8], start: usize, end: usize) -> bool {
    let before = start.checked_sub(1).map(|j| hay[j]);
    let after = hay.get(end).copied();
    !before.is_some_and(|b| b.is_ascii_alphanumeric()) && !after.is_some_and(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_list_covers_required_types() {
        let words = ContextWords::builtin();
        for kind in [
            EntityType::CaSin,
            EntityType::UsAbaRouting,
            EntityType::SwiftBic,
            EntityType::DateOfBirth,
        ] {
            assert!(
                words.by_kind.iter().any(|(k, _)| *k == kind),
                "{kind} has no context words"
            );
        }
    }

    #[test]
    fn words_as_programs_name_fields() {
        let words = ContextWords::builtin();
        for (kind, label) in [
            (EntityType::DateOfBirth, "  date_of_birth: "),
            (EntityType::DateOfBirth, "\"dateofbirth\":\""),
            (EntityType::CaSin, "social_insurance="),
            (EntityType::CaPostalCode, "postalcode:"),
        ] {
            assert!(words.supports(kind, label), "{label}");
        }
        assert!(
            !words.supports(EntityType::DateOfBirth, "nele "),
            "too short to stand alone"
        );
        assert_eq!(identifier_forms("ne le"), ["ne_le"]);
        assert_eq!(identifier_forms("numero d'entreprise"), Vec::<String>::new());
        assert_eq!(identifier_forms("dob"), Vec::<String>::new());
    }

    #[test]
    fn whole_words_only() {
        let words = ContextWords::builtin();
        assert!(words.supports(EntityType::CaSin, "employee sin: "));
        assert!(words.supports(EntityType::CaSin, "no d'assurance sociale :"));
        assert!(!words.supports(EntityType::CaSin, "business since 1999"));
        assert!(!words.supports(EntityType::CaSin, "nasdaq listing"));
        assert!(
            words.supports(EntityType::CaSin, "banas nas"),
            "a word after a longer one"
        );
        assert!(
            words.supports(EntityType::CaSin, "xsin sin"),
            "a word inside a match's reach"
        );
        assert!(
            !words.supports(EntityType::SwiftBic, "employee sin: "),
            "another type's word"
        );
    }

    #[test]
    fn bad_lines_are_errors() {
        assert!(ContextWords::parse("ca_sin sin").is_err());
        assert!(ContextWords::parse("ssn\tsocial").is_err());
    }
}
