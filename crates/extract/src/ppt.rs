//! PowerPoint 97-2003 presentations (.ppt). The `PowerPoint Document`
//! stream is a tree of records, each with an 8-byte header (version and
//! instance, type, length; version 0xF marks a container whose children
//! follow it): [MS-PPT] 2.3.1. Text is in text atoms (16-bit
//! `TextCharsAtom`, 8-bit `TextBytesAtom`) on slides, notes, masters and
//! in shapes. Written by hand: no maintained crate reads .ppt text. Every
//! text atom in the stream is read, including the older copies a
//! fast-saved file keeps: what is in the file is what was exposed.

use crate::le::{u16_at, u32_at};
use crate::ole::{read_stream, Compound};

const TEXT_CHARS_ATOM: u16 = 0x0FA0;
const TEXT_BYTES_ATOM: u16 = 0x0FA8;
/// A presentation encrypted with a password.
const CRYPT_SESSION: u16 = 0x2F14;

/// The text of the presentation in `file`, one text atom a line.
pub(crate) fn text(file: &mut Compound<'_>) -> Result<String, String> {
    if file.is_stream("/EncryptedSummary") {
        return Err("encrypted PowerPoint presentation: not scanned".to_string());
    }
    let stream = read_stream(file, "/PowerPoint Document")?;
    atoms_text(&stream)
}

/// Walks the records of `stream` in order: into each container, over
/// each atom, taking the text atoms' text.
fn atoms_text(stream: &[u8]) -> Result<String, String> {
    let mut text = String::new();
    let mut at = 0;
    while let (Some(version), Some(kind), Some(len)) =
        (u16_at(stream, at), u16_at(stream, at + 2), u32_at(stream, at + 4))
    {
        let body = at + 8;
        if version & 0x000F == 0x000F {
            // A container: its children come next.
            at = body;
            continue;
        }
        let end = body.saturating_add(len as usize).min(stream.len());
        let bytes = &stream[body.min(end)..end];
        match kind {
            CRYPT_SESSION => return Err("encrypted PowerPoint presentation: not scanned".to_string()),
            TEXT_CHARS_ATOM => {
                push_paragraphs(&mut text, crate::le::utf16_chars(bytes));
            }
            TEXT_BYTES_ATOM => push_paragraphs(&mut text, bytes.iter().map(|&b| char::from(b))),
            _ => {}
        }
        at = end;
    }
    Ok(text)
}

/// Appends an atom's characters, its paragraph and line marks as line
/// breaks, and a line break after it.
fn push_paragraphs(text: &mut String, chars: impl Iterator<Item = char>) {
    for c in chars {
        match c {
            '\r' | '\u{0B}' => text.push('\n'),
            '\t' => text.push('\t'),
            c if c.is_control() => {}
            c => text.push(c),
        }
    }
    text.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(version: u16, kind: u16, body: &[u8]) -> Vec<u8> {
        let mut r = version.to_le_bytes().to_vec();
        r.extend(kind.to_le_bytes());
        r.extend((body.len() as u32).to_le_bytes());
        r.extend(body);
        r
    }

    fn utf16(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
    }

    #[test]
    fn text_atoms_in_nested_containers() {
        // A slide container holding a shape container holding the text,
        // an atom that is no text, and an 8-bit text atom after it.
        let inner = [
            record(0, TEXT_CHARS_ATOM, &utf16("Roadmap 2023\rLaunch — Q3")),
            record(0, 0x0FA1, &[1, 2, 3, 4]),
        ]
        .concat();
        let shape = record(0x000F, 0xF00D, &inner);
        let slide = record(0x000F, 0x03EE, &shape);
        let stream = [slide, record(0, TEXT_BYTES_ATOM, b"Contact: ap@example.ca")].concat();
        assert_eq!(
            atoms_text(&stream).unwrap(),
            "Roadmap 2023\nLaunch — Q3\nContact: ap@example.ca\n"
        );
    }

    #[test]
    fn damaged_records_end_the_walk_without_a_panic() {
        let mut stream = record(0, TEXT_BYTES_ATOM, b"kept");
        stream.extend(&record(0, TEXT_CHARS_ATOM, &utf16("cut short"))[..12]);
        assert_eq!(
            atoms_text(&stream).unwrap(),
            "kept\ncu\n",
            "what is there of a cut atom"
        );
        assert_eq!(atoms_text(&[0xff; 7]).unwrap(), "");
        let huge = record(0, TEXT_BYTES_ATOM, b"x")
            .into_iter()
            .enumerate()
            .map(|(i, b)| if (4..8).contains(&i) { 0xff } else { b })
            .collect::<Vec<u8>>();
        assert_eq!(atoms_text(&huge).unwrap(), "x\n");
        assert!(atoms_text(&record(0, CRYPT_SESSION, &[])).is_err());
    }
}
