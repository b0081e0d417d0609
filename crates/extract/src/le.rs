//! Little-endian integers read from a byte slice, bounds-checked: the
//! binary formats read by hand (Word, PowerPoint, TNEF) are full of them.

/// A little-endian 16-bit value at `at`, if the bytes are there.
pub(crate) fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

/// A little-endian 32-bit value at `at`, if the bytes are there.
pub(crate) fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

/// The characters of little-endian UTF-16 `bytes` (an odd last byte
/// dropped), unpaired surrogates replaced.
pub(crate) fn utf16_chars(bytes: &[u8]) -> impl Iterator<Item = char> + '_ {
    let units = bytes.chunks_exact(2).map(|u| u16::from_le_bytes([u[0], u[1]]));
    char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
}
