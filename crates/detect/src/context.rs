//! Context words near a candidate, loaded from `data/context.tsv`.

use breachscope_core::EntityType;
use std::collections::HashMap;

const CONTEXT_TSV: &str = include_str!("../data/context.tsv");

/// Context words per entity type.
#[derive(Debug)]
pub struct ContextWords {
    words: HashMap<EntityType, Vec<String>>,
}

impl ContextWords {
    /// Loads the built-in list.
    pub fn builtin() -> ContextWords {
        ContextWords::parse(CONTEXT_TSV).expect("built-in context list parses")
    }

    /// Parses `type<TAB>word` lines; `#` starts a comment.
    pub fn parse(tsv: &str) -> Result<ContextWords, String> {
        let mut words: HashMap<EntityType, Vec<String>> = HashMap::new();
        for (n, line) in tsv.lines().enumerate() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (kind, word) = line
                .split_once('\t')
                .ok_or_else(|| format!("context list line {}: no tab", n + 1))?;
            let kind: EntityType = kind.parse().map_err(|e| format!("context list line {}: {e}", n + 1))?;
            words.entry(kind).or_default().push(word.to_string());
        }
        Ok(ContextWords { words })
    }

    /// Whether `window` (already folded by `fold_context`) holds a context
    /// word of `kind` as a whole word.
    pub fn supports(&self, kind: EntityType, window: &str) -> bool {
        self.words
            .get(&kind)
            .is_some_and(|words| words.iter().any(|w| contains_word(window, w)))
    }
}

/// Whether `needle` occurs in `hay` with no letter or digit on either side.
pub fn contains_word(hay: &str, needle: &str) -> bool {
    let bytes = hay.as_bytes();
    hay.match_indices(needle).any(|(i, _)| {
        let before = i.checked_sub(1).map(|j| bytes[j]);
        let after = bytes.get(i + needle.len()).copied();
        !before.is_some_and(|b| b.is_ascii_alphanumeric()) && !after.is_some_and(|b| b.is_ascii_alphanumeric())
    })
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
            assert!(words.words.contains_key(&kind), "{kind} has no context words");
        }
    }

    #[test]
    fn whole_words_only() {
        let words = ContextWords::builtin();
        assert!(words.supports(EntityType::CaSin, "employee sin: "));
        assert!(words.supports(EntityType::CaSin, "no d'assurance sociale :"));
        assert!(!words.supports(EntityType::CaSin, "business since 1999"));
        assert!(!words.supports(EntityType::CaSin, "nasdaq listing"));
    }

    #[test]
    fn bad_lines_are_errors() {
        assert!(ContextWords::parse("ca_sin sin").is_err());
        assert!(ContextWords::parse("ssn\tsocial").is_err());
    }
}
