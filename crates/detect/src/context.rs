//! Context words near a candidate, loaded from `data/context.tsv`.

use aho_corasick::AhoCorasick;
use breachscope_core::EntityType;

const CONTEXT_TSV: &str = include_str!("../data/context.tsv");

/// Context words per entity type, all matched in one pass over a window.
#[derive(Debug)]
pub struct ContextWords {
    matcher: AhoCorasick,
    /// The type each pattern of `matcher` supports.
    kinds: Vec<EntityType>,
}

impl ContextWords {
    /// Loads the built-in list.
    pub fn builtin() -> ContextWords {
        ContextWords::parse(CONTEXT_TSV).expect("built-in context list parses")
    }

    /// Parses `type<TAB>word` lines; `#` starts a comment.
    pub fn parse(tsv: &str) -> Result<ContextWords, String> {
        let mut words = Vec::new();
        let mut kinds = Vec::new();
        for (n, line) in tsv.lines().enumerate() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (kind, word) = line
                .split_once('\t')
                .ok_or_else(|| format!("context list line {}: no tab", n + 1))?;
            let kind: EntityType = kind.parse().map_err(|e| format!("context list line {}: {e}", n + 1))?;
            kinds.push(kind);
            words.push(word.to_string());
        }
        let matcher = AhoCorasick::new(&words).map_err(|e| format!("context list: {e}"))?;
        Ok(ContextWords { matcher, kinds })
    }

    /// Whether `window` (already folded by `fold_context`) holds a context
    /// word of `kind` as a whole word.
    pub fn supports(&self, kind: EntityType, window: &str) -> bool {
        let bytes = window.as_bytes();
        self.matcher
            .find_overlapping_iter(window)
            .any(|m| self.kinds[m.pattern().as_usize()] == kind && is_whole_word(bytes, m.start(), m.end()))
    }
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
            assert!(words.kinds.contains(&kind), "{kind} has no context words");
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
