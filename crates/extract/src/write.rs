//! Windows Write documents (`.wri`) and the Word for DOS documents of the
//! same format: a 128-byte header (`0xBE31`, or `0xBE32` when OLE objects
//! are embedded, then `0xAB00`), the text from byte 128 up to the offset
//! at byte 14 (`fcMac`) in the Windows code page, paragraphs ended by CR
//! LF, lines within one by a vertical tab. A picture is a paragraph of its
//! own whose bytes are the picture's, inline in the text: such
//! paragraphs (mostly control bytes, as no text is) are left out. No crate
//! reads the format; only the header and the text are read here.

use crate::le::u32_at;
use crate::output::Output;
use breachscope_core::{Origin, Segment};

/// Where the text starts, and where the header says it ends.
const TEXT_START: usize = 128;
const TEXT_END_AT: usize = 14;
/// A paragraph with more control bytes than one in this many is a
/// picture's or an object's data.
const BINARY_SHARE: usize = 20;

/// Whether `head` opens a Write (or Word for DOS) document.
pub(crate) fn is_write(head: &[u8]) -> bool {
    matches!(head.get(..6), Some([0x31 | 0x32, 0xBE, 0, 0, 0, 0xAB]))
}

/// Reads a Write document's text.
pub(crate) fn read(bytes: &[u8], out: &mut Output<'_>) {
    let end = u32_at(bytes, TEXT_END_AT).map_or(0, |e| e as usize);
    let Some(raw) = bytes.get(TEXT_START..end.max(TEXT_START)) else {
        return out.error("Write document's text runs past its end: not scanned".to_string());
    };
    let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(raw);
    let mut text = String::with_capacity(decoded.len());
    let mut pictures = 0;
    for paragraph in decoded.split("\r\n") {
        let control = paragraph
            .chars()
            .filter(|c| c.is_control() && !matches!(c, '\t' | '\u{b}' | '\u{c}' | '\r'))
            .count();
        if control * BINARY_SHARE > paragraph.chars().count() {
            pictures += 1;
            continue;
        }
        for c in paragraph.chars() {
            match c {
                '\u{b}' | '\u{c}' | '\r' => text.push('\n'),
                '\t' => text.push('\t'),
                c if c.is_control() => {}
                c => text.push(c),
            }
        }
        text.push('\n');
    }
    if text.trim().is_empty() {
        out.error("Write document has no text: nothing scanned".to_string());
    }
    if pictures > 0 {
        out.error(format!(
            "Write document: {pictures} paragraph(s) of picture or object data not scanned"
        ));
    }
    out.segment(Segment::new(text, Origin::TextOffset(TEXT_START as u64)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::tests::read_bytes;
    use crate::{Kind, Limits};

    /// A Write document of `text` (Windows-1252 bytes).
    fn document(text: &[u8]) -> Vec<u8> {
        let mut bytes = vec![0u8; TEXT_START];
        bytes[..6].copy_from_slice(&[0x31, 0xBE, 0, 0, 0, 0xAB]);
        bytes[TEXT_END_AT..TEXT_END_AT + 4].copy_from_slice(&((TEXT_START + text.len()) as u32).to_le_bytes());
        bytes.extend(text);
        // Property pages follow the text.
        bytes.extend([0xFF; 256]);
        bytes
    }

    #[test]
    fn a_write_document_s_paragraphs_are_read_and_its_pictures_left_out() {
        let mut text = b"Client:\tH\xe9l\xe8ne Gagnon\x0bSIN 130 692 544\r\n".to_vec();
        text.extend(b"\x01\x00\x09\x00\x00\x03\x00\x00\x00\x00\x05\x00\x00\x00\r\n");
        text.extend(b"Montr\xe9al\r\n");
        let docs = read_bytes("lettre.wri", &document(&text), &Limits::default()).docs;
        assert_eq!(docs[0].0.kind, Kind::Write);
        assert_eq!(
            docs[0].1.trim_end(),
            "Client:\tHélène Gagnon\nSIN 130 692 544\nMontréal"
        );
        assert_eq!(docs[0].3.len(), 1, "{:?}", docs[0].3);
        assert!(docs[0].3[0].contains("1 paragraph(s) of picture"));
        // Found by its header whatever its name.
        let docs = read_bytes("LETTRE.DOC", &document(b"Hello\r\n"), &Limits::default()).docs;
        assert_eq!(docs[0].0.kind, Kind::Write);
    }

    #[test]
    fn a_damaged_write_document_says_why() {
        let mut past_end = document(b"Hello\r\n");
        past_end[TEXT_END_AT..TEXT_END_AT + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        let docs = read_bytes("cut.wri", &past_end, &Limits::default()).docs;
        assert!(docs[0].3[0].contains("past its end"), "{:?}", docs[0].3);
        let empty = document(b"");
        let docs = read_bytes("empty.wri", &empty, &Limits::default()).docs;
        assert!(docs[0].3[0].contains("no text"), "{:?}", docs[0].3);
        // An end before the text's start is an empty text.
        let mut before = document(b"Hello\r\n");
        before[TEXT_END_AT..TEXT_END_AT + 4].copy_from_slice(&4u32.to_le_bytes());
        let docs = read_bytes("before.wri", &before, &Limits::default()).docs;
        assert!(docs[0].3[0].contains("no text"), "{:?}", docs[0].3);
    }
}
