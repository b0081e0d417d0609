//! Visio 2000 to 2010 drawings (`.vsd`; Visio 2013's `.vsdx` is a package,
//! read in `ooxml`): the text of their shapes, their masters' included.
//!
//! The drawing is one stream, `VisioDocument`: "Visio (TM) Drawing", the
//! version at byte 0x1A (6 for Visio 2000 and 2002, 11 for 2003 to 2010),
//! and at 0x24 a pointer to the trailer. A pointer is 18 bytes: the
//! pointed stream's type, a word, its offset in `VisioDocument` and
//! length, and a format whose bit 1 says it is compressed (an LZ77 of a
//! 4 KiB window: a flag byte, then eight literals or two-byte references)
//! and whose high nibble says what it holds: 5, more pointers (a page's
//! shapes under its page, pages under the document); 8 or 0xD, a list of
//! chunks. A pointer stream gives at its start (past four bytes when
//! compressed) where its pointer count is; a chunk has a 19-byte header
//! (type, id, list, data length, level, a byte), its data, and a trailer
//! of 0, 4, 8 or 12 bytes the chunk's type and header tell; a text chunk
//! (type 0x0E) holds, past eight bytes, the shape's text: UTF-16LE from
//! version 11, the Windows code page before. Layout as libvisio reads it
//! (no maintained crate reads the format); only pointers, chunk headers
//! and text chunks are read here, every offset checked, each stream read
//! once, and what decompresses bounded.

use crate::le::{u16_at, u32_at, utf16_chars};
use crate::ole::{stream_bytes, Compound};
use crate::quill::push_story;
use std::borrow::Cow;
use std::collections::HashSet;

/// The stream a drawing lives in.
pub(crate) const STREAM: &str = "/VisioDocument";
/// How a drawing's stream starts.
const SIGNATURE: &[u8] = b"Visio (TM) Drawing";
/// Where the version and the trailer's pointer are.
const VERSION_AT: usize = 0x1A;
const TRAILER_AT: usize = 0x24;
/// A pointer's size.
const POINTER: usize = 18;
/// The chunk header's size, and the type of a text chunk.
const CHUNK_HEADER: usize = 19;
const TEXT_CHUNK: u32 = 0x0E;
/// A pointer stream of this type holds the colour table, not pointers.
const COLORS: u32 = 0x16;
/// Pointer streams nested deeper than this are not followed.
const MAX_DEPTH: u32 = 16;
/// The stream read at most.
const MAX_STREAM: u64 = 64 << 20;
/// The bytes of all the streams a drawing's pointers name, read (and
/// decompressed) at most: a real drawing's are a few times its stream,
/// while pointers to overlapping ranges could make a small file name
/// gigabytes.
const MAX_WALKED: usize = 128 << 20;

/// How the versions read here differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    /// Visio 2000 and 2002: text in the Windows code page.
    V6,
    /// Visio 2003 to 2010: text in UTF-16LE.
    V11,
}

/// The text of a drawing, and what of it could not be read.
pub(crate) fn text(file: &mut Compound<'_>) -> Result<(String, Option<String>), String> {
    let stream = stream_bytes(file, STREAM, MAX_STREAM)
        .map_err(|e| format!("Visio drawing stream cannot be read ({e}): not scanned"))?;
    drawing_text(&stream)
}

/// The text of the `VisioDocument` stream `stream`.
fn drawing_text(stream: &[u8]) -> Result<(String, Option<String>), String> {
    if !stream.starts_with(SIGNATURE) {
        return Err("Visio drawing stream has no Visio signature: not scanned".into());
    }
    let version = match stream.get(VERSION_AT) {
        Some(6) => Version::V6,
        Some(11) => Version::V11,
        Some(v) => {
            return Err(format!(
                "Visio drawing of version {v} (only Visio 2000 to 2010 drawings are read): not scanned"
            ))
        }
        None => return Err("Visio drawing stream is cut short: not scanned".into()),
    };
    let trailer = Pointer::at(stream, TRAILER_AT).ok_or("Visio drawing stream is cut short: not scanned")?;
    let mut walk = Walk {
        document: stream,
        version,
        text: String::new(),
        seen: HashSet::new(),
        room: MAX_WALKED,
        damaged: false,
        bounded: false,
    };
    walk.stream(trailer, 0);
    let note = if walk.bounded {
        Some(format!(
            "Visio drawing's streams come to more than {} MiB: the rest not scanned",
            MAX_WALKED >> 20
        ))
    } else if walk.damaged {
        Some("Visio drawing's streams point past its end: what they hold not scanned".into())
    } else {
        None
    };
    if walk.text.is_empty() && walk.damaged {
        return Err("Visio drawing's streams point past its end: not scanned".into());
    }
    Ok((walk.text, note))
}

/// Where a stream is in `VisioDocument`, and what it holds.
#[derive(Debug, Clone, Copy)]
struct Pointer {
    kind: u32,
    offset: u32,
    length: u32,
    format: u16,
}

impl Pointer {
    /// The pointer at `at` in `bytes`.
    fn at(bytes: &[u8], at: usize) -> Option<Pointer> {
        Some(Pointer {
            kind: u32_at(bytes, at)?,
            offset: u32_at(bytes, at + 8)?,
            length: u32_at(bytes, at + 12)?,
            format: u16_at(bytes, at + 16)?,
        })
    }

    fn compressed(self) -> bool {
        self.format & 2 != 0
    }
}

/// A walk of a drawing's streams.
struct Walk<'a> {
    document: &'a [u8],
    version: Version,
    text: String,
    /// The streams read (offset and length), each once however many
    /// pointers name it.
    seen: HashSet<(u32, u32)>,
    /// The bytes that may still be read (`MAX_WALKED` in all).
    room: usize,
    /// A pointer or a chunk lay past the end of its stream.
    damaged: bool,
    /// Reading stopped at `MAX_WALKED`.
    bounded: bool,
}

impl Walk<'_> {
    /// Reads the stream `pointer` names.
    fn stream(&mut self, pointer: Pointer, depth: u32) {
        if depth > MAX_DEPTH || pointer.kind == 0 || !self.seen.insert((pointer.offset, pointer.length)) {
            return;
        }
        let (start, length) = (pointer.offset as usize, pointer.length as usize);
        let Some(raw) = start.checked_add(length).and_then(|end| self.document.get(start..end)) else {
            self.damaged = true;
            return;
        };
        let (data, shift) = if pointer.compressed() {
            (Cow::Owned(decompress(raw, self.room)), 4)
        } else {
            (Cow::Borrowed(&raw[..raw.len().min(self.room)]), 0)
        };
        if data.len() == self.room && !data.is_empty() {
            self.bounded = true;
        }
        self.room -= data.len();
        match pointer.format >> 4 {
            0x5 if pointer.kind != COLORS => self.pointers(&data, shift, depth),
            0x8 | 0xD => self.chunks(&data),
            _ => {}
        }
    }

    /// Follows the pointers of a pointer stream, `data`, whose header
    /// starts at `shift`.
    fn pointers(&mut self, data: &[u8], shift: usize, depth: u32) {
        let count_at = u32_at(data, shift).and_then(|at| (at as usize).checked_add(shift)?.checked_sub(4));
        let Some((count_at, count)) = count_at.and_then(|at| Some((at, u32_at(data, at + 4)?))) else {
            self.damaged = true;
            return;
        };
        for i in 0..count as usize {
            let Some(pointer) = Pointer::at(data, count_at + 12 + i * POINTER) else {
                self.damaged = true;
                return;
            };
            self.stream(pointer, depth + 1);
        }
    }

    /// Reads the text chunks of a list of chunks.
    fn chunks(&mut self, data: &[u8]) {
        let mut at = 0;
        loop {
            // Chunks may be apart by zeros.
            let Some(skip) = data.get(at..).and_then(|rest| rest.iter().position(|&b| b != 0)) else {
                return;
            };
            at += skip;
            let Some(header) = data.get(at..at + CHUNK_HEADER) else {
                return;
            };
            let kind = u32_at(header, 0).unwrap_or(0);
            let length = u32_at(header, 12).unwrap_or(0) as usize;
            let body = at + CHUNK_HEADER;
            let Some(chunk) = body.checked_add(length).and_then(|end| data.get(body..end)) else {
                self.damaged = true;
                return;
            };
            if kind == TEXT_CHUNK {
                self.push_text(chunk.get(8..).unwrap_or_default());
            }
            at = body + length + self.trailer(header);
        }
    }

    /// Appends a text chunk's text, a line at least.
    fn push_text(&mut self, bytes: &[u8]) {
        match self.version {
            Version::V11 => push_story(&mut self.text, utf16_chars(bytes)),
            Version::V6 => {
                let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
                push_story(&mut self.text, text.chars());
            }
        }
    }

    /// The size of the trailer after the chunk whose header is `header`:
    /// not written down by the format, but known by chunk type and header
    /// (as libvisio finds it).
    fn trailer(&self, header: &[u8]) -> usize {
        let kind = u32_at(header, 0).unwrap_or(0);
        let list = u32_at(header, 8).unwrap_or(0);
        let level = u16_at(header, 16).unwrap_or(0);
        let unknown = header[18];
        if matches!(kind, 0x1F | 0xC9) || (self.version == Version::V11 && matches!(kind, 0x2D | 0xD1)) {
            return 0;
        }
        match self.version {
            Version::V6 => {
                let listed = matches!(kind, 0x0D | 0x2C | 0x64..=0x73 | 0x76);
                if list != 0 || listed {
                    8
                } else {
                    0
                }
            }
            Version::V11 => {
                let mut trailer = 0;
                if list != 0 || matches!(kind, 0x2C | 0x65 | 0x66 | 0x69 | 0x6A | 0x6B | 0x70 | 0x71) {
                    trailer += 8;
                }
                if list != 0
                    || (level == 2 && unknown == 0x55)
                    || (level == 2 && unknown == 0x54 && kind == 0xAA)
                    || (level == 3 && unknown != 0x50 && unknown != 0x54)
                {
                    trailer += 4;
                }
                let trailed = [
                    0x64, 0x65, 0x66, 0x69, 0x6A, 0x6B, 0x6F, 0x71, 0x92, 0xA9, 0xB4, 0xB6, 0xB9, 0xC7,
                ];
                if trailed.contains(&kind) && trailer != 12 && trailer != 4 {
                    trailer += 4;
                }
                trailer
            }
        }
    }
}

/// Decompresses a stream: a flag byte, then for each of its bits from
/// the lowest a literal byte (bit set) or a two-byte reference into the
/// last 4 KiB written (twelve bits of position, four of length less
/// three), at most `room` bytes out.
fn decompress(raw: &[u8], room: usize) -> Vec<u8> {
    let mut window = [0u8; 4096];
    let mut out = Vec::with_capacity((raw.len() * 2).min(room));
    let mut pos = 0usize;
    let mut at = 0;
    while at + 1 < raw.len() {
        let flags = raw[at];
        at += 1;
        for bit in 0..8 {
            if at >= raw.len() || out.len() >= room {
                return out;
            }
            if flags & (1 << bit) != 0 {
                window[pos & 4095] = raw[at];
                out.push(raw[at]);
                at += 1;
                pos += 1;
                continue;
            }
            let Some(&[low, high]) = raw.get(at..at + 2) else {
                return out;
            };
            at += 2;
            let length = usize::from(high & 15) + 3;
            let position = usize::from(high & 0xF0) << 4 | usize::from(low);
            // Positions count from 18 bytes into the window, as they
            // were in the compressor's ring buffer.
            let from = if position > 4078 {
                position - 4078
            } else {
                position + 18
            };
            for j in 0..length.min(room - out.len()) {
                let b = window[(from + j) & 4095];
                window[(pos + j) & 4095] = b;
                out.push(b);
            }
            pos += length;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ole::tests::with_streams;
    use crate::reader::tests::read_bytes;

    /// `data` as the compressor would write it with no reference: eight
    /// literals after each flag byte.
    fn literals(data: &[u8]) -> Vec<u8> {
        data.chunks(8)
            .flat_map(|eight| std::iter::once(0xFF).chain(eight.iter().copied()))
            .collect()
    }

    /// A 19-byte chunk header, its data and `trailer` bytes of trailer.
    fn chunk(kind: u32, level: u16, unknown: u8, data: &[u8], trailer: usize) -> Vec<u8> {
        let mut c = kind.to_le_bytes().to_vec();
        c.extend(7u32.to_le_bytes());
        c.extend(0u32.to_le_bytes());
        c.extend((data.len() as u32).to_le_bytes());
        c.extend(level.to_le_bytes());
        c.push(unknown);
        c.extend(data);
        c.extend(std::iter::repeat_n(0xEE, trailer));
        c
    }

    /// A text chunk of `text` as `version` writes it.
    fn text_chunk(version: u8, text: &str) -> Vec<u8> {
        let mut data = vec![0xAB; 8];
        if version == 11 {
            data.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        } else {
            data.extend(encoding_rs::WINDOWS_1252.encode(text).0.iter());
        }
        chunk(TEXT_CHUNK, 2, 0x50, &data, 0)
    }

    /// A pointer's 18 bytes.
    fn pointer(kind: u32, offset: usize, length: usize, format: u16) -> Vec<u8> {
        let mut p = kind.to_le_bytes().to_vec();
        p.extend(0u32.to_le_bytes());
        p.extend((offset as u32).to_le_bytes());
        p.extend((length as u32).to_le_bytes());
        p.extend(format.to_le_bytes());
        p
    }

    /// A pointer stream's bytes (past the four bytes of a compressed
    /// one's header, when `shift` is 4) listing `pointers`.
    fn pointer_stream(shift: usize, pointers: &[Vec<u8>]) -> Vec<u8> {
        let mut s = vec![0u8; shift];
        s.extend(8u32.to_le_bytes());
        s.extend(0u32.to_le_bytes()); // the order list's length
        s.extend((pointers.len() as u32).to_le_bytes());
        s.extend(0u32.to_le_bytes());
        pointers.iter().for_each(|p| s.extend(p));
        s
    }

    /// A `VisioDocument` stream of `version`: the trailer, compressed,
    /// points to a page's pointer stream, which points to two lists of
    /// chunks, one of them compressed, holding `pages`' text chunks after
    /// a shape list chunk (whose 12-byte trailer must be skipped).
    fn drawing(version: u8, pages: [&str; 2]) -> Vec<u8> {
        let mut stream = SIGNATURE.to_vec();
        stream.resize(0x40, 0);
        stream[VERSION_AT] = version;
        let shape_list = chunk(0x65, 2, 0x50, &[1, 2, 3, 4], if version == 11 { 12 } else { 8 });
        let list = |text: &str| [shape_list.clone(), text_chunk(version, text)].concat();
        let first = list(pages[0]);
        let second = literals(&list(pages[1]));
        let first_at = stream.len();
        stream.extend(&first);
        let second_at = stream.len();
        stream.extend(&second);
        let page = pointer_stream(
            0,
            &[
                pointer(0x48, first_at, first.len(), 0xD0),
                pointer(0, 0, 0, 0),
                pointer(0x48, second_at, second.len(), 0xD2),
            ],
        );
        let page_at = stream.len();
        stream.extend(&page);
        let trailer = literals(&pointer_stream(4, &[pointer(0x15, page_at, page.len(), 0x50)]));
        let trailer_at = stream.len();
        stream.extend(&trailer);
        stream[TRAILER_AT..TRAILER_AT + POINTER].copy_from_slice(&pointer(0x14, trailer_at, trailer.len(), 0x52));
        stream
    }

    /// The documents read from a compound file holding `stream` as its
    /// `VisioDocument`, named `name`.
    fn read(name: &str, stream: Vec<u8>) -> Vec<(crate::DocInfo, String, Vec<chrono::NaiveDate>, Vec<String>)> {
        read_bytes(name, &with_streams(&[(STREAM, stream)]), &crate::Limits::default()).docs
    }

    #[test]
    fn a_drawing_s_shapes_are_read_in_both_versions() {
        let docs = read(
            "network.vsd",
            drawing(11, ["Account 003-12345-1234567", "Contact: Marie Tremblay"]),
        );
        assert_eq!(docs[0].0.kind, crate::Kind::Vsd);
        assert_eq!(
            docs[0].1.trim_end(),
            "Account 003-12345-1234567\nContact: Marie Tremblay"
        );
        assert!(docs[0].3.is_empty(), "{:?}", docs[0].3);
        let docs = read("plan.vsd", drawing(6, ["Montréal", "Ligne 2"]));
        assert_eq!(docs[0].1.trim_end(), "Montréal\nLigne 2");
    }

    #[test]
    fn references_copy_from_the_window_even_over_what_they_write() {
        // "abc", then six bytes from where "abc" starts: they overlap
        // what the copy writes, as a run does.
        let raw = [0b0000_0111, b'a', b'b', b'c', 0xEE, 0xF3];
        assert_eq!(decompress(&raw, 100), b"abcabcabc");
        assert_eq!(decompress(&raw, 5), b"abcab", "bounded");
        assert_eq!(decompress(&[0x00, 0xEE], 100), b"", "a reference cut short");
    }

    #[test]
    fn other_versions_and_damaged_drawings_say_why_without_a_panic() {
        let mut old = drawing(11, ["a", "b"]);
        old[VERSION_AT] = 5;
        assert!(read("old.vsd", old)[0].3[0].contains("version 5"));
        // Cut anywhere: a shorter stream reads what it still holds, or
        // says why not.
        let whole = drawing(11, ["Account 003-12345-1234567", "b"]);
        for cut in 0..whole.len() {
            let docs = read("cut.vsd", whole[..cut].to_vec());
            let errors = &docs[0].3;
            assert!(
                errors.iter().all(|e| !e.contains("crashed")),
                "cut at {cut}: {errors:?}"
            );
            assert!(
                !docs[0].1.is_empty() || !errors.is_empty(),
                "cut at {cut}: nothing said"
            );
        }
        // Each byte overwritten in turn (pointers, counts, lengths).
        let mut state = 0x9e37_79b9_u32;
        for at in 0..whole.len() {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            let mut mutant = whole.clone();
            mutant[at] = (state >> 24) as u8;
            let errors = &read("mutant.vsd", mutant)[0].3;
            assert!(errors.iter().all(|e| !e.contains("crashed")), "byte {at}: {errors:?}");
        }
    }

    #[test]
    fn a_pointer_stream_that_points_to_itself_is_read_once() {
        let mut stream = SIGNATURE.to_vec();
        stream.resize(0x40, 0);
        stream[VERSION_AT] = 11;
        let text = chunk(TEXT_CHUNK, 2, 0x50, &[&[0u8; 8][..], &utf16("Loop")].concat(), 0);
        let text_at = stream.len();
        stream.extend(&text);
        // A pointer stream of two pointers: to the text, and to itself.
        let at = stream.len();
        let length = pointer_stream(0, &[]).len() + 2 * POINTER;
        let own = pointer_stream(
            0,
            &[
                pointer(0x48, text_at, text.len(), 0xD0),
                pointer(0x15, at, length, 0x50),
            ],
        );
        stream.extend(&own);
        stream[TRAILER_AT..TRAILER_AT + POINTER].copy_from_slice(&pointer(0x14, at, length, 0x50));
        assert_eq!(drawing_text(&stream).unwrap().0, "Loop\n");
    }

    #[test]
    fn pointers_to_overlapping_ranges_are_read_within_the_bound() {
        // 300 lists of chunks, each the same megabyte but for its length:
        // 300 MiB to walk from a 1 MiB stream.
        let mut stream = SIGNATURE.to_vec();
        stream.resize(0x40, 0);
        stream[VERSION_AT] = 11;
        let region = stream.len();
        stream.resize(region + (1 << 20), 0);
        let pointers: Vec<Vec<u8>> = (0..300).map(|i| pointer(0x48, region, (1 << 20) - i, 0xD0)).collect();
        let list = pointer_stream(0, &pointers);
        let at = stream.len();
        stream.extend(&list);
        stream[TRAILER_AT..TRAILER_AT + POINTER].copy_from_slice(&pointer(0x14, at, list.len(), 0x50));
        let (text, note) = drawing_text(&stream).unwrap();
        assert!(text.is_empty());
        assert!(note.unwrap().contains("more than 128 MiB"));
    }

    fn utf16(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }
}
