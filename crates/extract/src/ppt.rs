//! PowerPoint 97-2003 presentations (.ppt). The `PowerPoint Document`
//! stream is a tree of records, each with an 8-byte header (version and
//! instance, type, length; version 0xF marks a container whose children
//! follow it): [MS-PPT] 2.3.1. Text is in text atoms (16-bit
//! `TextCharsAtom`, 8-bit `TextBytesAtom`) on slides, notes, masters and
//! in shapes. Written by hand: no maintained crate reads .ppt text. Every
//! text atom in the stream is read, including the older copies a
//! fast-saved file keeps: what is in the file is what was exposed.

use crate::embedded::Taken;
use crate::le::{u16_at, u32_at};
use crate::ole::{read_stream, Compound};
use std::io::Read;

const TEXT_CHARS_ATOM: u16 = 0x0FA0;
const TEXT_BYTES_ATOM: u16 = 0x0FA8;
/// An embedded OLE object's storage.
const EX_OLE_OBJ_STG: u16 = 0x1011;
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

/// The atoms of `stream` in order, walked into each container: each
/// atom's instance, type and bytes (as many as the stream holds).
fn atoms(stream: &[u8]) -> impl Iterator<Item = (u16, u16, &[u8])> {
    let mut at = 0;
    std::iter::from_fn(move || loop {
        let (version, kind, len) = (u16_at(stream, at)?, u16_at(stream, at + 2)?, u32_at(stream, at + 4)?);
        let body = at + 8;
        if version & 0x000F == 0x000F {
            // A container: its children come next.
            at = body;
            continue;
        }
        let end = body.saturating_add(len as usize).min(stream.len());
        at = end;
        return Some((version >> 4, kind, &stream[body.min(end)..end]));
    })
}

/// The text of the text atoms of `stream`.
fn atoms_text(stream: &[u8]) -> Result<String, String> {
    let mut text = String::new();
    for (_, kind, bytes) in atoms(stream) {
        match kind {
            CRYPT_SESSION => return Err("encrypted PowerPoint presentation: not scanned".to_string()),
            TEXT_CHARS_ATOM => {
                push_paragraphs(&mut text, crate::le::utf16_chars(bytes));
            }
            TEXT_BYTES_ATOM => push_paragraphs(&mut text, bytes.iter().map(|&b| char::from(b))),
            _ => {}
        }
    }
    Ok(text)
}

/// The objects embedded in the presentation in `file` (`ExOleObjStg`
/// atoms: an OLE object's compound file, compressed with zlib after its
/// size when the atom's instance is 1), each as `ExOleObjStg{n}` with its
/// bytes, within `embedded`'s bound; and why any could not be read.
pub(crate) fn embedded_objects(file: &mut Compound<'_>) -> Taken {
    let mut taken = Taken::default();
    let Ok(stream) = read_stream(file, "/PowerPoint Document") else {
        return taken;
    };
    let atoms = atoms(&stream).filter(|(_, kind, _)| *kind == EX_OLE_OBJ_STG);
    for (n, (instance, _, bytes)) in atoms.enumerate() {
        if !taken.room_for_another() {
            break;
        }
        let name = format!("ExOleObjStg{}", n + 1);
        match object_bytes(instance, bytes, taken.bytes_left()) {
            Ok(data) => taken.take(name, data),
            Err(e) => taken.errors.push(format!("embedded object {name}: {e}")),
        }
    }
    taken
}

/// An `ExOleObjStg` atom's compound file: as stored (instance 0), or
/// inflated to the size that opens it (instance 1), at most `most` bytes.
fn object_bytes(instance: u16, atom: &[u8], most: u64) -> Result<Vec<u8>, String> {
    let size = if instance == 0 {
        atom.len() as u64
    } else {
        u64::from(u32_at(atom, 0).ok_or("truncated")?)
    };
    if size > most {
        return Err(format!(
            "{size} bytes, over what is left of the bound on embedded objects"
        ));
    }
    if instance == 0 {
        return Ok(atom.to_vec());
    }
    let mut data = Vec::new();
    flate2::read::ZlibDecoder::new(&atom[4..])
        .take(size)
        .read_to_end(&mut data)
        .map_err(|e| format!("does not inflate ({e})"))?;
    Ok(data)
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
    fn objects_embedded_in_a_presentation_are_taken_out() {
        use crate::ole::tests::with_streams;
        use crate::reader::tests::read_bytes;
        use crate::Limits;
        use std::io::Write;
        // An object holding a PDF, kept compressed (instance 1), and one
        // whose compressed bytes are no zlib stream.
        let day = chrono::NaiveDate::from_ymd_opt(2022, 1, 28).unwrap();
        let pdf = breachscope_demo::formats::pdf::build("Form", &["Transit 12345".to_string()], day);
        let object = with_streams(&[("/\u{1}Ole", vec![1, 0, 0, 2]), ("/CONTENTS", pdf)]);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(&object).unwrap();
        let compressed = [(object.len() as u32).to_le_bytes().to_vec(), z.finish().unwrap()].concat();
        let stream = [
            record(0x0010, EX_OLE_OBJ_STG, &compressed),
            record(0, TEXT_BYTES_ATOM, b"Our figures"),
            record(0x0010, EX_OLE_OBJ_STG, &[9, 0, 0, 0, 1, 2, 3]),
        ]
        .concat();
        let deck = with_streams(&[("/PowerPoint Document", stream)]);
        let docs = read_bytes("deck.ppt", &deck, &Limits::default()).docs;
        let paths: Vec<&str> = docs.iter().map(|d| d.0.path.as_str()).collect();
        assert_eq!(
            paths,
            ["deck.ppt", "deck.ppt!ExOleObjStg1", "deck.ppt!ExOleObjStg1!CONTENTS"]
        );
        assert!(docs[0].1.contains("Our figures"));
        assert!(
            docs[0].3[0].contains("ExOleObjStg2: does not inflate"),
            "{:?}",
            docs[0].3
        );
        assert!(docs[2].1.contains("Transit 12345"));
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
