//! The master list's names, aliases, domains and identifiers found in a
//! document's text.
//!
//! Names are matched in folded text (`fold::fold_words`: lower case, no
//! accents, one space between words). Folding all of a document and
//! running an automaton over all of it cost three times the rest of the
//! scan, so the text is mapped without collapsing its spaces, and only
//! where a word opens like some needle's first word (its first four bytes
//! and its length: a bit in a small table, tested in a nanosecond) is the
//! folded text there rebuilt and the automaton run, anchored.

use crate::fold::fold_chars_into;
use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};
use std::ops::Range;

/// Up to this many needles, the automaton is a DFA (fastest); beyond,
/// the library picks a smaller one.
const MAX_DFA_NEEDLES: usize = 5_000;

/// Bits in the table of needle openings: 8 KiB, so it stays in the
/// first-level cache next to the text streaming through; with a few
/// thousand needles one word in ten passes it by chance.
const KEY_BITS: u32 = 16;

/// Needles (folded, `" word word "`) found where words start.
#[derive(Debug, Clone)]
pub(super) struct NameMatcher {
    /// Every needle, anchored, the longest at a place preferred.
    automaton: AhoCorasick,
    /// A bit set for the opening of each needle's first word.
    openings: Vec<u64>,
    /// The longest needle, in bytes.
    longest: usize,
    /// The shortest first word of a needle, up to 4 bytes: shorter words
    /// in the text are passed over without a look.
    shortest_opening: usize,
}

impl NameMatcher {
    /// Compiles `needles`, each folded, with one space before and after
    /// and at least four bytes between.
    pub fn new(needles: &[String]) -> Result<NameMatcher, String> {
        let mut openings = vec![0u64; 1 << (KEY_BITS - 6)];
        let mut shortest_opening = 4;
        for needle in needles {
            let word = needle.as_bytes()[1..].split(|&b| b == b' ').next().unwrap_or_default();
            shortest_opening = shortest_opening.min(word.len());
            let bit = slot(opening(word, word.len()));
            openings[bit / 64] |= 1 << (bit % 64);
        }
        let kind = (needles.len() <= MAX_DFA_NEEDLES).then_some(AhoCorasickKind::DFA);
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .kind(kind)
            .build(needles)
            .map_err(|e| e.to_string())?;
        Ok(NameMatcher {
            automaton,
            openings,
            longest: needles.iter().map(String::len).max().unwrap_or(0),
            shortest_opening: shortest_opening.max(1),
        })
    }

    /// The needles found in `text`, by index, in order: at each word the
    /// longest needle starting there, and none starting inside another
    /// found; each with the span of its words in `mapped`, `text` folded
    /// by `fold_chars_into` (scratch space, reused across calls).
    pub fn find(&self, text: &str, mapped: &mut Vec<u8>) -> Vec<(usize, Range<usize>)> {
        mapped.clear();
        fold_chars_into(text, mapped);
        let mut found = Vec::new();
        // The folded text from a word on, and where each of its bytes is
        // in `mapped` (`mapped.len()` for the space that ends the text).
        let mut window: Vec<u8> = Vec::with_capacity(self.longest + 1);
        let mut window_at: Vec<usize> = Vec::with_capacity(self.longest + 1);
        let mut resume = 0;
        for (start, len) in WordStarts::new(mapped, self.shortest_opening) {
            if start < resume || !self.may_open(&mapped[start..], len) {
                continue;
            }
            collapse_from(mapped, start, self.longest, &mut window, &mut window_at);
            let input = Input::new(&window).anchored(Anchored::Yes);
            if let Some(m) = self.automaton.find(input) {
                // Past the needle's leading space, up to its trailing one.
                let words = window_at[m.start() + 1]..window_at[m.end() - 2] + 1;
                found.push((m.pattern().as_usize(), words));
                // Words inside the match are not looked at again; the
                // space that ends it may open the next name.
                resume = window_at[m.end() - 1] + 1;
            }
        }
        found
    }

    /// Whether the word `len` bytes long (8 meaning 8 or more) at the
    /// start of `word` may open some needle.
    fn may_open(&self, word: &[u8], len: usize) -> bool {
        let bit = slot(opening(word, len));
        self.openings[bit / 64] & (1 << (bit % 64)) != 0
    }
}

/// Words this long or longer count as one length in an opening.
const LONG_WORD: usize = 8;

/// The opening of a word `len` bytes long at the start of `word`: its
/// first four bytes (all of it if shorter) and its length up to
/// `LONG_WORD`, so that "supplier" does not pass for "supply".
fn opening(word: &[u8], len: usize) -> u64 {
    const KEEP: [u32; 5] = [0, 0xff, 0xffff, 0xff_ffff, 0xffff_ffff];
    let four = match word.get(..4) {
        Some(four) => four.try_into().expect("four bytes"),
        None => {
            let mut four = [0u8; 4];
            for (to, from) in four.iter_mut().zip(word) {
                *to = *from;
            }
            four
        }
    };
    u64::from(u32::from_le_bytes(four) & KEEP[len.min(4)]) | (len.min(LONG_WORD) as u64) << 32
}

/// An opening's bit in the table of openings (Fibonacci hashing).
fn slot(opening: u64) -> usize {
    (opening.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - KEY_BITS)) as usize
}

/// Fills `window` with a space and the folded text from the word at
/// `start` (runs of spaces collapsed), at least `len` bytes of it or up
/// to the end of the text, which counts as a space; `at` gets where each
/// byte is in `mapped`.
fn collapse_from(mapped: &[u8], start: usize, len: usize, window: &mut Vec<u8>, at: &mut Vec<usize>) {
    window.clear();
    at.clear();
    window.push(b' ');
    at.push(start.saturating_sub(1));
    let mut i = start;
    while window.len() < len && i < mapped.len() {
        let c = mapped[i];
        if !(c == b' ' && window.last() == Some(&b' ')) {
            window.push(c);
            at.push(i);
        }
        i += 1;
    }
    if i == mapped.len() && window.last() != Some(&b' ') {
        window.push(b' ');
        at.push(mapped.len());
    }
}

/// Where words of at least a given length start in mapped text: a byte
/// other than a space, first in the text or after a space. Written by
/// hand because it is most of the cost of matching names: eight bytes are
/// tested at a time in a register (SWAR), 64 at a time make a bit mask in
/// which short words are dropped by shifts, and only the set bits are
/// visited.
struct WordStarts<'a> {
    mapped: &'a [u8],
    /// Words shorter than this (1 to 4 bytes) are passed over.
    min_len: usize,
    /// Offset of the block whose starts are in `starts`.
    base: usize,
    /// Starts left in the current block, one bit per byte.
    starts: u64,
    /// The spaces of the block and of the 8 bytes after it.
    spaces: u128,
    /// Whether the byte before the next block is a space (or the text
    /// has not begun).
    after_space: bool,
}

impl<'a> WordStarts<'a> {
    fn new(mapped: &'a [u8], min_len: usize) -> WordStarts<'a> {
        let mut words = WordStarts {
            mapped,
            min_len: min_len.clamp(1, 4),
            base: 0,
            starts: 0,
            spaces: 0,
            after_space: true,
        };
        words.load(0);
        words
    }

    /// Computes the starts of the 64-byte block at `base`.
    fn load(&mut self, base: usize) {
        self.base = base;
        // The block's spaces, and the 8 bytes after it (past the end of
        // the text, spaces), which say where its last words end.
        let spaces = u128::from(self.spaces_at(base)) | u128::from(self.eight_spaces_at(base + 64)) << 64;
        let block = spaces as u64;
        let mut starts = !block & ((block << 1) | u64::from(self.after_space));
        for shift in 1..self.min_len {
            starts &= !((spaces >> shift) as u64);
        }
        self.starts = starts;
        self.spaces = spaces;
        self.after_space = block >> 63 == 1;
    }

    /// One bit per byte of the 64 from `at`: set for a space or past the
    /// end of the text.
    fn spaces_at(&self, at: usize) -> u64 {
        let bytes = self.mapped.get(at..).unwrap_or_default();
        let mut padded = [b' '; 64];
        let block = match bytes.get(..64) {
            Some(block) => block,
            None => {
                padded[..bytes.len()].copy_from_slice(bytes);
                &padded[..]
            }
        };
        let mut spaces = 0u64;
        for (k, eight) in block.chunks_exact(8).enumerate() {
            let eight = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
            spaces |= space_bits(eight) << (8 * k);
        }
        spaces
    }

    /// `spaces_at` for 8 bytes only.
    fn eight_spaces_at(&self, at: usize) -> u64 {
        let eight = match self.mapped.get(at..at + 8) {
            Some(eight) => eight.try_into().expect("eight bytes"),
            None => {
                let mut padded = [b' '; 8];
                for (p, &b) in padded.iter_mut().zip(self.mapped.get(at..).unwrap_or_default()) {
                    *p = b;
                }
                padded
            }
        };
        space_bits(u64::from_le_bytes(eight))
    }
}

impl Iterator for WordStarts<'_> {
    /// Where a word starts, and its length up to `LONG_WORD`.
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        while self.starts == 0 {
            if self.base + 64 >= self.mapped.len() {
                return None;
            }
            self.load(self.base + 64);
        }
        let bit = self.starts.trailing_zeros();
        self.starts &= self.starts - 1;
        // The bits after a start in the block reach at least 8 bytes on.
        let len = ((self.spaces >> bit) as u64).trailing_zeros() as usize;
        Some((self.base + bit as usize, len.min(LONG_WORD)))
    }
}

/// One bit per byte of `eight` (lowest byte first): set where the byte
/// is a space. Exact for every byte value: the high bit of a byte of
/// `!(((t & 0x7f..) + 0x7f..) | t | 0x7f..)` is set only where `t` is 0.
fn space_bits(eight: u64) -> u64 {
    const SPACES: u64 = 0x2020_2020_2020_2020;
    const LOW_SEVEN: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let t = eight ^ SPACES;
    let zero_high_bits = !(((t & LOW_SEVEN).wrapping_add(LOW_SEVEN)) | t | LOW_SEVEN);
    // Gathers the eight high bits into the low byte.
    (zero_high_bits >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn space_bits_are_exact_for_every_byte() {
        for b in 0..=255u8 {
            let eight = u64::from_le_bytes([b, b' ', 0, b, 0x80, b' ', 0xa0, b]);
            let want: u64 = [b, b' ', 0, b, 0x80, b' ', 0xa0, b]
                .iter()
                .enumerate()
                .map(|(k, &x)| u64::from(x == b' ') << k)
                .sum();
            assert_eq!(space_bits(eight), want, "byte {b}");
        }
    }

    #[test]
    fn word_starts_as_defined() {
        let texts = [
            "",
            " ",
            "a",
            "ab cd",
            "  lead and trail  ",
            &"word ".repeat(40),
            &format!("{}x y", " ".repeat(63)),
            &format!("{}x", "y".repeat(64)),
            &format!("{}abc defg hi", "z ".repeat(29)),
            &format!("{}abcd", "z ".repeat(30)),
        ];
        for text in texts {
            let bytes = text.as_bytes();
            let want: Vec<usize> = (0..bytes.len())
                .filter(|&i| bytes[i] != b' ' && (i == 0 || bytes[i - 1] == b' '))
                .collect();
            for min_len in 1..=4 {
                let want: Vec<(usize, usize)> = want
                    .iter()
                    .map(|&i| (i, bytes[i..].iter().take_while(|&&b| b != b' ').count()))
                    .filter(|&(_, len)| len >= min_len)
                    .map(|(i, len)| (i, len.min(LONG_WORD)))
                    .collect();
                let found: Vec<(usize, usize)> = WordStarts::new(bytes, min_len).collect();
                assert_eq!(found, want, "{text:?}, words of {min_len} bytes or more");
            }
        }
    }

    #[test]
    fn an_opening_is_the_first_four_bytes_and_the_length_of_a_word() {
        assert_eq!(opening(b"le", 2), opening(b"le groupe", 2));
        assert_ne!(opening(b"supply", 6), opening(b"supplier", 8));
        assert_eq!(opening(b"components", 8), opening(b"componentry", 8));
    }

    #[test]
    fn the_longest_name_at_a_word_and_none_inside_it() {
        let needles: Vec<String> = [" bank of montreal ", " montreal ", " acme ", " acme corp "]
            .map(String::from)
            .to_vec();
        let matcher = NameMatcher::new(&needles).unwrap();
        let mut scratch = Vec::new();
        let mut found = |text: &str| -> Vec<usize> {
            let found = matcher.find(text, &mut scratch);
            found.into_iter().map(|(pattern, _)| pattern).collect()
        };
        assert_eq!(found("Bank of   Montreal, Acme"), [0, 2]);
        assert_eq!(found("ACME Corp. and Montreal"), [3, 1]);
        // A longer name that does not end on a word gives way to a shorter one.
        assert_eq!(found("acme corporation"), [2]);
        assert!(found("acmecorp montrealer").is_empty());
        // Across the 64-byte blocks the words are found in, and at the end.
        for pad in 55..70 {
            let text = format!("{}Bank of\n\tMontreal", "x".repeat(pad));
            assert_eq!(found(&text), [1], "not inside a word");
            let text = format!("{} Bank of\n\tMontreal", "x".repeat(pad));
            assert_eq!(found(&text), [0], "{pad}");
        }
        // Each with the span of its words, their spaces as written.
        let text = "Paid: Bank of   Montreal.";
        assert_eq!(matcher.find(text, &mut scratch), [(0, 6..24)]);
    }
}
