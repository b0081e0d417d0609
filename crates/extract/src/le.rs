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

/// The moment a Windows FILETIME (100 ns ticks since 1601, as Outlook and
/// 7-Zip store times) names.
pub(crate) fn filetime(ticks: i64) -> Option<chrono::DateTime<chrono::Utc>> {
    /// The ticks between 1601-01-01 and 1970-01-01.
    const UNIX_EPOCH_TICKS: i64 = 116_444_736_000_000_000;
    let seconds = ticks.checked_sub(UNIX_EPOCH_TICKS)?.div_euclid(10_000_000);
    chrono::DateTime::from_timestamp(seconds, 0)
}
