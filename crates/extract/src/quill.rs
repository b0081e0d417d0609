//! Microsoft Publisher and Works word processor documents: the text of
//! their stories, where they keep it in a Quill stream (as the Publisher,
//! Works 2000 and Works 7 samples read here do; a file without one stays
//! an OLE file of no supported format).
//!
//! Both keep their text in a "Quill" stream (`Quill/QuillSub/CONTENTS` in
//! a Publisher file, `CONTENTS` at a Works file's root): an eight-byte tag
//! (`CHNKINK `, `CHNKWKS `), the number of chunks at byte 12, then from
//! byte 32 one 24-byte directory entry per chunk (`0x18 0x00`, the chunk's
//! kind, three numbers, its storage type, its offset and length as
//! little-endian 32-bit numbers). The `TEXT` chunks hold the stories in
//! UTF-16LE, paragraphs ended by a carriage return. No maintained crate
//! reads either format; only that directory and the text are read here,
//! every offset checked against the stream.

use crate::le::{u16_at, u32_at, utf16_chars};
use crate::ole::{stream_bytes, Compound};

/// Where a Publisher file keeps its stories.
const PUBLISHER_STREAM: &str = "/Quill/QuillSub/CONTENTS";
/// Where a Works document keeps its text.
const WORKS_STREAM: &str = "/CONTENTS";
/// A Quill stream's first four bytes.
const TAG: &[u8] = b"CHNK";
/// Where the chunk directory starts, and the size of one entry.
const DIRECTORY: usize = 0x20;
const ENTRY: usize = 24;
/// Entries the directory's block (the stream's first 512 bytes) holds.
const MAX_ENTRIES: usize = (512 - DIRECTORY) / ENTRY;
/// The stream read at most: text chunks are a few kilobytes a page.
const MAX_STREAM: u64 = 64 << 20;

/// Which of the two a file is, by where its Quill stream is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quill {
    Publisher,
    Works,
}

impl Quill {
    /// What the document is, for messages.
    pub(crate) fn what(self) -> &'static str {
        match self {
            Quill::Publisher => "Publisher document",
            Quill::Works => "Works document",
        }
    }
}

/// Which Quill document `file` is, if it is one: a Quill stream where the
/// format keeps it, starting with its tag.
pub(crate) fn kind_of(file: &mut Compound<'_>) -> Option<Quill> {
    [(PUBLISHER_STREAM, Quill::Publisher), (WORKS_STREAM, Quill::Works)]
        .into_iter()
        .find(|(path, _)| {
            file.is_stream(path)
                && file.open_stream(path).is_ok_and(|mut s| {
                    let mut head = [0u8; 4];
                    std::io::Read::read_exact(&mut s, &mut head).is_ok() && head == TAG
                })
        })
        .map(|(_, kind)| kind)
}

/// The text of a Quill document's stories, in the order of its chunks,
/// and what of it could not be read.
pub(crate) fn text(file: &mut Compound<'_>, kind: Quill) -> Result<(String, Option<String>), String> {
    let path = match kind {
        Quill::Publisher => PUBLISHER_STREAM,
        Quill::Works => WORKS_STREAM,
    };
    let stream = stream_bytes(file, path, MAX_STREAM)
        .map_err(|e| format!("{} text stream cannot be read ({e}): not scanned", kind.what()))?;
    let text = stories(&stream).map_err(|why| format!("{} {why}: not scanned", kind.what()))?;
    let unread = listed(&stream) > MAX_ENTRIES;
    let note = unread.then(|| {
        format!(
            "{} lists more than {MAX_ENTRIES} chunks, past its first directory block: the text of the others not scanned",
            kind.what()
        )
    });
    Ok((text, note))
}

/// How many chunks a Quill stream's header says it has.
fn listed(stream: &[u8]) -> usize {
    u16_at(stream, 12).map_or(0, usize::from)
}

/// The text of every `TEXT` chunk listed in a Quill stream's directory.
fn stories(stream: &[u8]) -> Result<String, String> {
    if !stream.starts_with(TAG) || stream.len() < DIRECTORY {
        return Err("text stream has no chunk directory".into());
    }
    let count = listed(stream).min(MAX_ENTRIES);
    let mut text = String::new();
    let mut cut_short = false;
    for i in 0..count {
        let at = DIRECTORY + i * ENTRY;
        let Some(entry) = stream.get(at..at + ENTRY) else {
            cut_short = true;
            break;
        };
        if entry[..2] != [0x18, 0] || &entry[12..16] != b"TEXT" {
            continue;
        }
        let chunk = u32_at(entry, 16)
            .zip(u32_at(entry, 20))
            .and_then(|(offset, length)| stream.get(offset as usize..(offset as usize).checked_add(length as usize)?));
        let Some(chunk) = chunk else {
            cut_short = true;
            continue;
        };
        push_story(&mut text, utf16_chars(chunk));
    }
    if cut_short && text.is_empty() {
        return Err("text chunk lies past the end of its stream".into());
    }
    Ok(text)
}

/// Appends a story's text (a Quill chunk's, a Visio shape's): paragraph
/// and line ends as new lines, other control characters (field marks) as
/// spaces, and a line break at its end.
pub(crate) fn push_story(text: &mut String, chars: impl Iterator<Item = char>) {
    for c in chars {
        match c {
            '\r' | '\n' | '\u{b}' | '\u{c}' => text.push('\n'),
            '\t' => text.push('\t'),
            '\0' => {}
            c if c.is_control() => text.push(' '),
            c => text.push(c),
        }
    }
    if !text.ends_with('\n') {
        text.push('\n');
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A Quill stream tagged `tag` whose chunks are `chunks` (kind, bytes),
    /// each listed in the directory and stored from byte 512 on.
    pub(crate) fn quill_stream(tag: &[u8; 8], chunks: &[(&[u8; 4], Vec<u8>)]) -> Vec<u8> {
        let mut stream = tag.to_vec();
        stream.extend([4, 0, 7, 0]);
        stream.extend((chunks.len() as u16).to_le_bytes());
        stream.resize(DIRECTORY, 0);
        let mut body: Vec<u8> = Vec::new();
        for (kind, bytes) in chunks {
            stream.extend([0x18, 0]);
            stream.extend(*kind);
            stream.extend([0, 0, 1, 0, 0, 0]);
            stream.extend(*kind);
            stream.extend((512 + body.len() as u32).to_le_bytes());
            stream.extend((bytes.len() as u32).to_le_bytes());
            body.extend(bytes);
        }
        stream.resize(512, 0);
        stream.extend(body);
        stream
    }

    /// `text` as a story chunk stores it.
    pub(crate) fn utf16(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    #[test]
    fn the_text_chunks_are_read_and_the_others_skipped() {
        let stream = quill_stream(
            b"CHNKINK ",
            &[
                (
                    b"TEXT",
                    utf16("Phone: (425) 555-0187\rEmail: l.baker@contoso.com\u{b}Gallery\t\u{13}x\r"),
                ),
                (b"STSH", vec![0x41; 30]),
                (b"TEXT", utf16("Second story")),
            ],
        );
        assert_eq!(
            stories(&stream).unwrap(),
            "Phone: (425) 555-0187\nEmail: l.baker@contoso.com\nGallery\t x\nSecond story\n"
        );
    }

    #[test]
    fn a_broken_directory_is_an_error_never_a_panic() {
        assert!(stories(b"CHNKINK").is_err());
        assert!(stories(b"XXXXINK \x04\x00\x07\x00\x01\x00").is_err());
        // A chunk said to lie past the stream's end, and a count past the
        // directory's end.
        let mut stream = quill_stream(b"CHNKWKS ", &[(b"TEXT", utf16("Hello"))]);
        stream.truncate(515);
        assert!(stories(&stream).is_err());
        let mut stream = quill_stream(b"CHNKWKS ", &[(b"TEXT", utf16("Hello"))]);
        stream[12] = 0xff;
        stream[13] = 0xff;
        assert_eq!(stories(&stream).unwrap(), "Hello\n");
        // An odd length and a lone surrogate.
        let mut odd = utf16("Hi");
        odd.extend([0x00, 0xd8, 0x41]);
        let stream = quill_stream(b"CHNKWKS ", &[(b"TEXT", odd)]);
        assert_eq!(stories(&stream).unwrap(), "Hi\u{fffd}\n");
    }
}
