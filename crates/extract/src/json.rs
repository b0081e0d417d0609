//! JSON and JSON Lines (an API's dump, a NoSQL export, a leak's
//! `users.json`): each value written as the form line its key makes it
//! ("first name: Marie", "social insurance number: 130 692 544", the
//! values of an array under the array's key), each object's fields a
//! block of lines, so that the detectors read them by their labels as
//! they read a form.
//!
//! Read by hand, a character at a time: a JSON parser builds the whole
//! tree (several times the file in memory) and refuses a file cut short
//! or a JSON Lines file, where this holds one key per level, never fails,
//! reads what a damaged file still holds, and streams a dump of any size
//! (its fields handed on a block at a time).

use crate::markup::field_label;
use crate::output::Output;
use breachscope_core::{Origin, Segment};
use std::io::Read;

/// How much of a streamed dump's fields are handed on at a time: at the
/// first record's end past this size, or past four times it whatever.
const STREAMED_SEGMENT: usize = 1 << 20;

/// How deep objects and arrays are followed: deeper ones are read as
/// part of the one at this depth (a hostile `[[[[...` of gigabytes would
/// otherwise hold a frame for each bracket).
const MAX_DEPTH: usize = 256;

/// The longest piece of a value held at once: a longer string (a
/// message's body, a picture in base64) or digit run is written in pieces
/// of this size under its key, so that memory stays bounded whatever the
/// file holds.
const MAX_PIECE: usize = 64 << 10;

/// Reads the fields of a JSON or JSON Lines document held whole.
pub(crate) fn read(bytes: &[u8], out: &mut Output<'_>) {
    if out.wanted() {
        let text = crate::text::decode(bytes);
        out.segment(Segment::new(fields(&text), Origin::TextOffset(0)));
    }
}

/// Streams the fields of a JSON or JSON Lines document too large to hold.
pub(crate) fn stream(reader: impl Read, out: &mut Output<'_>) -> std::io::Result<()> {
    let mut lexer = Fields::default();
    let mut handed: u64 = 0;
    let mut hand_on = |lexer: &mut Fields, out: &mut Output<'_>, whole: bool| {
        let ready = lexer.out.len() >= STREAMED_SEGMENT && lexer.out.ends_with("\n\n");
        if !lexer.out.is_empty() && (whole || ready || lexer.out.len() >= 4 * STREAMED_SEGMENT) {
            let text = std::mem::take(&mut lexer.out);
            let length = text.len() as u64;
            out.chunk(&Segment::new(text, Origin::TextOffset(handed)), 0);
            handed += length;
        }
    };
    crate::text::stream(reader, |chunk, _, skip| {
        for c in chunk[skip..].chars() {
            lexer.push(c);
        }
        hand_on(&mut lexer, out, false);
    })?;
    lexer.end();
    hand_on(&mut lexer, out, true);
    Ok(())
}

/// The fields of a JSON text, one `key: value` line each, an object's
/// lines a block.
pub fn fields(json: &str) -> String {
    let mut lexer = Fields::default();
    for c in json.chars() {
        lexer.push(c);
    }
    lexer.end();
    lexer.out
}

/// An open object or array, and the key its values are written under.
struct Frame {
    object: bool,
    key: Option<String>,
    /// For an object, whether a field of it was written (it ends a
    /// block then).
    wrote: bool,
}

/// Where the lexer is.
enum Lex {
    /// Between tokens.
    Between,
    /// In a string, with how much of an escape was read.
    Str(String, Escape),
    /// In a number.
    Number(String),
    /// After a string: a colon next makes it a key.
    AfterString(String),
}

/// How much of a backslash escape was read.
enum Escape {
    No,
    Backslash,
    /// `\u` and the hex digits so far; after a high surrogate's escape,
    /// that surrogate (its low half's `\u` must follow).
    Unicode(String, Option<u32>),
    /// A high surrogate read, its low half's backslash awaited, or its `u`.
    Low(u32, bool),
}

/// The fields written so far and the lexer's state.
struct Fields {
    out: String,
    frames: Vec<Frame>,
    /// Objects and arrays open past `MAX_DEPTH`, not followed.
    too_deep: usize,
    lex: Lex,
}

impl Default for Fields {
    fn default() -> Self {
        Fields {
            out: String::new(),
            frames: Vec::new(),
            too_deep: 0,
            lex: Lex::Between,
        }
    }
}

impl Fields {
    /// Reads one more character.
    fn push(&mut self, c: char) {
        match std::mem::replace(&mut self.lex, Lex::Between) {
            Lex::Str(text, escape) => {
                self.lex = string_char(text, escape, c);
                if let Lex::Str(text, _) = &mut self.lex {
                    if text.len() >= MAX_PIECE {
                        let piece = std::mem::take(text);
                        self.write(&piece);
                    }
                }
            }
            Lex::Number(number) if number.len() >= MAX_PIECE => {
                self.write(&number);
                self.lex = Lex::Number(String::new());
                self.push(c);
            }
            Lex::Number(mut number) if c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E') => {
                number.push(c);
                self.lex = Lex::Number(number);
            }
            Lex::Number(number) => {
                self.write(&number);
                self.between(c);
            }
            Lex::AfterString(value) if c.is_whitespace() => self.lex = Lex::AfterString(value),
            Lex::AfterString(value) => {
                match self.frames.last_mut() {
                    // A string followed by a colon in an object is its key.
                    Some(frame) if c == ':' && frame.object => frame.key = Some(value),
                    _ => self.write(&value),
                }
                if c != ':' {
                    self.between(c);
                }
            }
            Lex::Between => self.between(c),
        }
    }

    /// Reads a character between tokens.
    fn between(&mut self, c: char) {
        match c {
            '{' | '[' if self.frames.len() >= MAX_DEPTH => self.too_deep += 1,
            '}' | ']' if self.too_deep > 0 => self.too_deep -= 1,
            '{' | '[' => {
                // An array's values are written under the key it sits at.
                let key = if c == '[' {
                    self.frames.last().and_then(|f| f.key.clone())
                } else {
                    None
                };
                self.frames.push(Frame {
                    object: c == '{',
                    key,
                    wrote: false,
                });
            }
            '}' | ']' => {
                if let Some(frame) = self.frames.pop() {
                    // A MongoDB type wrapper (`{"$date": ...}`) is part of
                    // its field, not a block of its own.
                    let wrapper = frame.key.as_deref().is_some_and(|key| key.starts_with('$'));
                    if wrapper && frame.wrote {
                        if let Some(object) = self.frames.iter_mut().rev().find(|f| f.object) {
                            object.wrote = true;
                        }
                    } else if frame.object && frame.wrote && !self.out.ends_with("\n\n") {
                        self.out.push('\n');
                    }
                }
            }
            '"' => self.lex = Lex::Str(String::new(), Escape::No),
            c if c == '-' || c.is_ascii_digit() => self.lex = Lex::Number(c.to_string()),
            // `true`, `false`, `null`, commas, colons and anything stray.
            _ => {}
        }
    }

    /// The text ends: a value it was in is written.
    fn end(&mut self) {
        match std::mem::replace(&mut self.lex, Lex::Between) {
            Lex::Str(value, _) | Lex::Number(value) | Lex::AfterString(value) => self.write(&value),
            Lex::Between => {}
        }
    }

    /// Writes one value under the key of the innermost open object or
    /// array; under a MongoDB export's type wrapper (`"birthDate": {"$date":
    /// ...}`), the key the wrapper sits at.
    fn write(&mut self, value: &str) {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        let innermost = self.frames.last().and_then(|frame| frame.key.as_deref());
        let key = match innermost {
            Some(key) if key.starts_with('$') => self
                .frames
                .iter()
                .rev()
                .filter_map(|frame| frame.key.as_deref())
                .find(|key| !key.starts_with('$')),
            key => key,
        };
        if let Some(key) = key {
            self.out.push_str(&field_label(key));
            self.out.push_str(": ");
        }
        // The block is its innermost object's.
        if let Some(object) = self.frames.iter_mut().rev().find(|f| f.object) {
            object.wrote = true;
        }
        // A value's line breaks would end its field's line.
        for (n, line) in value.lines().enumerate() {
            if n > 0 {
                self.out.push(' ');
            }
            self.out.push_str(line);
        }
        self.out.push('\n');
    }
}

/// One more character `c` of a string read so far as `text`, in the
/// middle of `escape`.
fn string_char(mut text: String, escape: Escape, c: char) -> Lex {
    let escape = match (escape, c) {
        (Escape::No, '"') => return Lex::AfterString(text),
        (Escape::No, '\\') => Escape::Backslash,
        (Escape::No, c) => {
            text.push(c);
            Escape::No
        }
        (Escape::Backslash, 'u') => Escape::Unicode(String::new(), None),
        (Escape::Backslash, 'n' | 'r' | 't') => {
            text.push(' ');
            Escape::No
        }
        (Escape::Backslash, 'b' | 'f') => Escape::No,
        (Escape::Backslash, c) => {
            text.push(c);
            Escape::No
        }
        (Escape::Unicode(mut hex, high), c) if c.is_ascii_hexdigit() => {
            hex.push(c);
            if hex.len() < 4 {
                Escape::Unicode(hex, high)
            } else {
                let unit = u32::from_str_radix(&hex, 16).unwrap_or(0xFFFD);
                match (high, unit) {
                    (None, 0xD800..=0xDBFF) => Escape::Low(unit, false),
                    (Some(high), 0xDC00..=0xDFFF) => {
                        text.extend(char::from_u32(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00)));
                        Escape::No
                    }
                    (_, unit) => {
                        text.push(char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER));
                        Escape::No
                    }
                }
            }
        }
        (Escape::Low(high, false), '\\') => Escape::Low(high, true),
        (Escape::Low(high, true), 'u') => Escape::Unicode(String::new(), Some(high)),
        // A broken escape: what it held is lost, the character is read.
        (_, c) => {
            text.push(char::REPLACEMENT_CHARACTER);
            return string_char(text, Escape::No, c);
        }
    };
    Lex::Str(text, escape)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_value_is_a_line_labelled_by_its_key_each_object_a_block() {
        let json = r#"[{"id": 1, "name": "Marie Tremblay", "sin": 130692544, "active": true, "phones": ["416-555-0142", "514-555-0199"],
            "address": {"postal_code": "H2X 1Y4"}},
            {"fullName": "Luc \"Lucky\" Gagnon", "note": "line\nbreak \u00e9\ud83d\ude00", "dob": null}]"#;
        assert_eq!(
            fields(json),
            "id: 1\nname: Marie Tremblay\nsin: 130692544\nphones: 416-555-0142\nphones: 514-555-0199\n\
             postal code: H2X 1Y4\n\n\
             full Name: Luc \"Lucky\" Gagnon\nnote: line break é😀\n\n"
        );
    }

    #[test]
    fn a_mongodb_exports_type_wrappers_keep_their_fields_key() {
        let json = r#"{"_id":{"$oid":"5f1d"},"birthDate":{"$date":"1985-03-04T00:00:00Z"},"n":{"$numberLong":"7"}}"#;
        assert_eq!(fields(json), "id: 5f1d\nbirth Date: 1985-03-04T00:00:00Z\nn: 7\n\n");
    }

    #[test]
    fn json_lines_are_records_one_after_another() {
        let jsonl = "{\"email\":\"a@x.ca\"}\n{\"email\":\"b@x.ca\"}\n";
        assert_eq!(fields(jsonl), "email: a@x.ca\n\nemail: b@x.ca\n\n");
    }

    #[test]
    fn damaged_json_gives_what_it_holds() {
        assert_eq!(
            fields(r#"{"sin": "130 692 544", "name": "Marie"#),
            "sin: 130 692 544\nname: Marie\n"
        );
        assert_eq!(fields(r#"["\ud83dx", "\uZZ"]"#), "\u{fffd}x\n\u{fffd}ZZ\n");
        for text in [
            "",
            "{",
            "}}]]",
            "\"",
            "\"\\",
            "\"\\u12",
            "\"\\ud83d\\u",
            "{\"a\":",
            "-",
            "1e",
            "é:\"é\"",
        ] {
            fields(text);
        }
    }

    #[test]
    fn hostile_nesting_and_endless_values_hold_bounded_memory() {
        let deep = format!(
            "{}\"sin\": \"130 692 544\"{}",
            "[{\"a\":".repeat(100_000),
            "}]".repeat(100_000)
        );
        let mut lexer = Fields::default();
        for c in deep.chars() {
            lexer.push(c);
            assert!(lexer.frames.len() <= MAX_DEPTH);
        }
        lexer.end();
        assert!(lexer.out.contains("130 692 544"), "what is deeper is read all the same");
        let endless = format!("{{\"body\": \"{}SIN 130 692 544", "x".repeat(3 * MAX_PIECE));
        let mut lexer = Fields::default();
        for c in endless.chars() {
            lexer.push(c);
            if let Lex::Str(text, _) = &lexer.lex {
                assert!(text.len() <= MAX_PIECE);
            }
        }
        lexer.end();
        assert!(
            lexer.out.ends_with("\nbody: SIN 130 692 544\n"),
            "the last piece under its key"
        );
        let digits = "9".repeat(3 * MAX_PIECE);
        assert_eq!(
            fields(&digits).len(),
            digits.len() + 3,
            "written in pieces, a line each"
        );
    }

    #[test]
    fn a_dump_streams_a_block_at_a_time_as_it_reads_whole() {
        let record = r#"{"name":"Marie Tremblay","sin":"130 692 544","note":"caf\u00e9"}"#;
        let dump = format!("[{}]", vec![record; 60_000].join(",\n"));
        let whole = fields(&dump);
        let streamed = crate::reader::tests::streamed(crate::sniff::Kind::Json, dump.as_bytes(), |bytes, out| {
            stream(bytes, out)
        });
        assert!(whole.len() > 2 * STREAMED_SEGMENT, "more than one segment");
        // The test sink ends each segment with a line break of its own.
        let streamed = streamed.replace("\n\n\n", "\n\n");
        let first_difference = streamed.bytes().zip(whole.bytes()).position(|(a, b)| a != b);
        assert!(
            streamed.len() == whole.len() && first_difference.is_none(),
            "streamed {} bytes, whole {}, first difference at {first_difference:?}",
            streamed.len(),
            whole.len()
        );
    }
}
