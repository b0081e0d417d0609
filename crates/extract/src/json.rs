//! JSON and JSON Lines (an API's dump, a NoSQL export, a leak's
//! `users.json`): each value written as the form line its key makes it
//! ("first name: Marie", "social insurance number: 130 692 544", the
//! values of an array under the array's key), each object's fields a
//! block of lines, so that the detectors read them by their labels as
//! they read a form.
//!
//! Read by hand as a stream of tokens: a JSON parser builds the whole
//! tree (several times the file in memory) and refuses a file cut short
//! or a JSON Lines file, where this holds one key per level, never fails,
//! and reads what a damaged file still holds.

use crate::markup::field_label;
use crate::output::Output;
use breachscope_core::{Origin, Segment};

/// Reads the fields of a JSON or JSON Lines document.
pub(crate) fn read(bytes: &[u8], out: &mut Output<'_>) {
    if out.wanted() {
        let text = crate::text::decode(bytes);
        out.segment(Segment::new(fields(&text), Origin::TextOffset(0)));
    }
}

/// An open object or array, and the key its values are written under.
struct Frame {
    object: bool,
    key: Option<String>,
    /// For an object, whether a field of it was written (it ends a
    /// block then).
    wrote: bool,
}

/// The fields of a JSON text, one `key: value` line each, an object's
/// lines a block.
pub fn fields(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut frames: Vec<Frame> = Vec::new();
    let mut chars = json.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '{' | '[' => {
                // An array's values are written under the key it sits at.
                let key = if c == '[' {
                    frames.last().and_then(|f| f.key.clone())
                } else {
                    None
                };
                frames.push(Frame {
                    object: c == '{',
                    key,
                    wrote: false,
                });
            }
            '}' | ']' => {
                if let Some(frame) = frames.pop() {
                    if frame.object && frame.wrote && !out.ends_with("\n\n") {
                        out.push('\n');
                    }
                }
            }
            '"' => {
                let (value, end) = string_at(json, at + 1);
                while chars.peek().is_some_and(|&(i, _)| i < end) {
                    chars.next();
                }
                // A string followed by a colon in an object is its key.
                let rest = json[end..].trim_start();
                if rest.starts_with(':') && frames.last().is_some_and(|f| f.object) {
                    if let Some(frame) = frames.last_mut() {
                        frame.key = Some(value);
                    }
                } else {
                    write_field(&mut out, &mut frames, &value);
                }
            }
            c if c == '-' || c.is_ascii_digit() => {
                let end = json[at..]
                    .find(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E')))
                    .map_or(json.len(), |n| at + n);
                while chars.peek().is_some_and(|&(i, _)| i < end) {
                    chars.next();
                }
                write_field(&mut out, &mut frames, &json[at..end]);
            }
            // `true`, `false`, `null`, punctuation and anything stray.
            _ => {}
        }
    }
    out
}

/// Writes one value under the key of the innermost open object or array.
fn write_field(out: &mut String, frames: &mut [Frame], value: &str) {
    let value = value.trim();
    if value.is_empty() {
        return;
    }
    if let Some(key) = frames.last().and_then(|frame| frame.key.as_deref()) {
        out.push_str(&field_label(key));
        out.push_str(": ");
    }
    // The block is its innermost object's.
    if let Some(object) = frames.iter_mut().rev().find(|f| f.object) {
        object.wrote = true;
    }
    // A value's line breaks would end its field's line.
    for (n, line) in value.lines().enumerate() {
        if n > 0 {
            out.push(' ');
        }
        out.push_str(line);
    }
    out.push('\n');
}

/// The string whose text starts at byte `from` (after its opening
/// quote), escapes undone, and where it ends (after its closing quote, or
/// the text's end if it has none).
fn string_at(json: &str, from: usize) -> (String, usize) {
    let mut value = String::new();
    let mut chars = json[from..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return (value, from + i + 1),
            '\\' => match chars.next() {
                Some((_, 'n' | 'r' | 't')) => value.push(' '),
                Some((_, 'u')) => {
                    let hex: String = chars.by_ref().take(4).map(|(_, c)| c).collect();
                    let unit = u32::from_str_radix(&hex, 16).ok();
                    // A surrogate pair's halves are two escapes.
                    let decoded = match unit {
                        Some(high @ 0xD800..=0xDBFF) => {
                            let rest = &json[from..];
                            let next = chars.clone().next().map(|(j, _)| j).unwrap_or(rest.len());
                            let low = rest
                                .get(next..next + 6)
                                .and_then(|s| s.strip_prefix("\\u"))
                                .and_then(|h| u32::from_str_radix(h, 16).ok())
                                .filter(|low| (0xDC00..=0xDFFF).contains(low));
                            match low {
                                Some(low) => {
                                    chars.by_ref().take(6).for_each(drop);
                                    char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                                }
                                None => None,
                            }
                        }
                        Some(unit) => char::from_u32(unit),
                        None => None,
                    };
                    value.push(decoded.unwrap_or(char::REPLACEMENT_CHARACTER));
                }
                Some((_, 'b' | 'f')) => {}
                Some((_, escaped)) => value.push(escaped),
                None => break,
            },
            c => value.push(c),
        }
    }
    (value, json.len())
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
}
