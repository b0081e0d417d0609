//! Plain text in whatever encoding it came: UTF-8, UTF-16 with or without
//! a byte-order mark, or Windows-1252. The encoding is detected from the
//! bytes, never assumed, and large files are decoded as a stream.

use encoding_rs::{Decoder, Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use std::io::Read;

/// How many bytes are read and decoded at a time when streaming.
const STREAM_CHUNK: usize = 1 << 20;
/// How much of the previous chunk is repeated at the start of the next,
/// so an element cut by a chunk boundary is still found whole.
pub const STREAM_OVERLAP: usize = 256;

/// The encoding of `head`, the first bytes of a text (`complete` when
/// they are the whole text).
pub fn detect(head: &[u8], complete: bool) -> &'static Encoding {
    if let Some((encoding, _)) = Encoding::for_bom(head) {
        return encoding;
    }
    if let Some(utf16) = utf16_without_bom(head) {
        return utf16;
    }
    match std::str::from_utf8(head) {
        Ok(_) => UTF_8,
        // A multi-byte character cut at the end of the sample is still UTF-8.
        Err(e) if e.error_len().is_none() && !complete => UTF_8,
        Err(_) => WINDOWS_1252,
    }
}

/// UTF-16 text without a BOM shows NULs in every other byte.
fn utf16_without_bom(head: &[u8]) -> Option<&'static Encoding> {
    let sample = &head[..head.len().min(4096) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd = sample.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    if odd * 10 >= pairs * 7 && even * 10 <= pairs {
        Some(UTF_16LE)
    } else if even * 10 >= pairs * 7 && odd * 10 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Whether `head` reads as text in some encoding rather than binary data.
pub fn looks_textual(head: &[u8]) -> bool {
    if head.is_empty() {
        return true;
    }
    if Encoding::for_bom(head).is_some() || utf16_without_bom(head).is_some() {
        return true;
    }
    let sample = &head[..head.len().min(8192)];
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    control * 100 <= sample.len()
}

/// Decodes a whole text held in memory.
pub fn decode(bytes: &[u8]) -> String {
    let (text, _, _) = detect(bytes, true).decode(bytes);
    text.into_owned()
}

/// A text read and decoded a chunk at a time: the encoding is detected
/// from the first chunk, and a character cut by a chunk's end is kept for
/// the next.
struct ChunkDecoder<R> {
    inner: R,
    decoder: Option<Decoder>,
    raw: Vec<u8>,
    done: bool,
}

impl<R: Read> ChunkDecoder<R> {
    fn new(inner: R) -> ChunkDecoder<R> {
        ChunkDecoder {
            inner,
            decoder: None,
            raw: vec![0; STREAM_CHUNK],
            done: false,
        }
    }

    /// Appends the next chunk's text to `text`; false once the text has
    /// ended (this chunk was the last).
    fn next_into(&mut self, text: &mut String) -> std::io::Result<bool> {
        if self.done {
            return Ok(false);
        }
        let n = read_full(&mut self.inner, &mut self.raw)?;
        let last = n < self.raw.len();
        let raw = &self.raw[..n];
        let decoder = self.decoder.get_or_insert_with(|| detect(raw, last).new_decoder());
        text.reserve(decoder.max_utf8_buffer_length(n).unwrap_or(n * 3));
        let (_, _, _) = decoder.decode_to_string(raw, text, last);
        self.done = last;
        Ok(!last)
    }
}

/// Decodes a text from a reader chunk by chunk, calling `each` with the
/// chunk's text, its byte offset in the whole decoded text, and how
/// many leading bytes repeat the previous chunk. Memory stays bounded by
/// the chunk size whatever the file's size or line length.
pub fn stream<R: Read>(reader: R, mut each: impl FnMut(&str, u64, usize)) -> std::io::Result<()> {
    let mut chunks = ChunkDecoder::new(reader);
    let mut text = String::new();
    let mut offset: u64 = 0;
    loop {
        let skip = text.len();
        let more = chunks.next_into(&mut text)?;
        if text.len() > skip || (!more && offset == 0) {
            each(&text, offset, skip);
        }
        if !more {
            return Ok(());
        }
        let mut cut = text.len().saturating_sub(STREAM_OVERLAP);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        offset += cut as u64;
        text.drain(..cut);
    }
}

/// A reader of text in any encoding that gives it as UTF-8: the encoding
/// is detected from the first chunk, as `stream` does, and the text
/// decoded as it is read (for parsers that take a `Read`, such as csv).
pub struct Utf8Reader<R> {
    chunks: ChunkDecoder<R>,
    /// Decoded text not yet handed out: `decoded[at..]`.
    decoded: String,
    at: usize,
}

impl<R: Read> Utf8Reader<R> {
    pub fn new(inner: R) -> Utf8Reader<R> {
        Utf8Reader {
            chunks: ChunkDecoder::new(inner),
            decoded: String::new(),
            at: 0,
        }
    }
}

impl<R: Read> Read for Utf8Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.decoded.len() {
            self.decoded.clear();
            self.at = 0;
            if !self.chunks.next_into(&mut self.decoded)? && self.decoded.is_empty() {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.decoded.len() - self.at);
        buf[..n].copy_from_slice(&self.decoded.as_bytes()[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

fn read_full<R: Read>(reader: &mut R, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_utf8_reader_decodes_any_encoding_across_its_chunks() {
        let read = |bytes: &[u8]| {
            let mut text = String::new();
            Utf8Reader::new(bytes).read_to_string(&mut text).unwrap();
            text
        };
        assert_eq!(read(b"Montr\xe9al"), "Montréal");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Québec".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(read(&utf16), "Québec");
        // A character cut by a chunk's end is decoded whole.
        let long = format!("a{}", "é".repeat(STREAM_CHUNK));
        assert_eq!(read(long.as_bytes()), long);
        assert_eq!(read(b""), "");
    }

    #[test]
    fn detects_encodings() {
        assert_eq!(detect("café".as_bytes(), true), UTF_8);
        assert_eq!(detect(b"caf\xe9 cr\xe8me", true), WINDOWS_1252);
        assert_eq!(decode(b"caf\xe9"), "café");
        let utf16: Vec<u8> = "Numéro de transit".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(detect(&utf16, true), UTF_16LE);
        assert_eq!(decode(&utf16), "Numéro de transit");
        let mut with_bom = vec![0xFE, 0xFF];
        with_bom.extend("SIN".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&with_bom), "SIN");
        assert_eq!(detect(&"é".as_bytes()[..1], false), UTF_8, "cut multi-byte char");
    }

    #[test]
    fn textual_or_binary() {
        assert!(looks_textual(b"hello\tworld\n"));
        assert!(!looks_textual(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 0x7f, 0x10, 0x11]));
    }

    #[test]
    fn streams_long_lines_with_overlap() {
        let line = "x".repeat(STREAM_CHUNK + 100) + " a@b.ca";
        let mut pieces = Vec::new();
        stream(line.as_bytes(), |text, offset, skip| {
            pieces.push((text.len(), offset, skip, text.ends_with("a@b.ca")))
        })
        .unwrap();
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces[0].2, 0);
        assert_eq!(pieces[1].2, STREAM_OVERLAP);
        assert_eq!(pieces[1].1, (STREAM_CHUNK - STREAM_OVERLAP) as u64);
        assert!(pieces[1].3);
    }
}
