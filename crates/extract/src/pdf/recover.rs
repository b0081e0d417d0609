//! Text from a PDF whose structure lopdf refuses (damaged cross-reference
//! tables are common in leaked and carved files): every stream is inflated
//! if it can be, and the text-showing operators in it are read. Written by
//! hand because no PDF crate offers a repair mode; what it finds is marked
//! as recovered, and may be incomplete.

use encoding_rs::WINDOWS_1252;
use std::io::Read;

/// Bytes one inflated stream may grow to.
const MAX_STREAM: u64 = 16 << 20;

/// The text recovered from the streams of a damaged PDF.
pub(crate) fn text(bytes: &[u8]) -> String {
    let mut text = String::new();
    for raw in raw_streams(bytes) {
        let mut inflated = Vec::new();
        let content = match flate2::read::ZlibDecoder::new(raw)
            .take(MAX_STREAM)
            .read_to_end(&mut inflated)
        {
            Ok(_) if !inflated.is_empty() => &inflated[..],
            _ => raw,
        };
        show_text(content, &mut text);
    }
    text
}

/// The bytes between every `stream` keyword and its `endstream` (or the
/// end of the file), found without the cross-reference table: every stream
/// a reader could decode, however the file lies about its lengths.
pub(crate) fn raw_streams(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = bytes.get(at..).and_then(|rest| find(rest, b"stream")).map(|i| at + i)?;
        let mut body = start + b"stream".len();
        if bytes.get(body) == Some(&b'\r') {
            body += 1;
        }
        if bytes.get(body) == Some(&b'\n') {
            body += 1;
        }
        let end = find(&bytes[body..], b"endstream").map_or(bytes.len(), |i| body + i);
        at = (end + b"endstream".len()).max(start + 1);
        Some(&bytes[body..end])
    })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Reads the strings shown by `Tj`, `TJ`, `'` and `"` in a content stream,
/// breaking lines at `Td`, `TD`, `T*`, `Tm` and `ET`.
fn show_text(content: &[u8], text: &mut String) {
    let mut pending: Vec<Vec<u8>> = Vec::new();
    let mut i = 0;
    while i < content.len() {
        match content[i] {
            b'(' => {
                let (string, next) = literal(content, i + 1);
                pending.push(string);
                i = next;
            }
            b'%' => {
                while i < content.len() && content[i] != b'\n' {
                    i += 1;
                }
            }
            c if c.is_ascii_alphabetic() || c == b'\'' || c == b'"' || c == b'*' => {
                let start = i;
                while i < content.len() && (content[i].is_ascii_alphanumeric() || b"'\"*".contains(&content[i])) {
                    i += 1;
                }
                match &content[start..i] {
                    b"Tj" | b"TJ" | b"'" | b"\"" => {
                        for s in pending.drain(..) {
                            text.push_str(&WINDOWS_1252.decode_without_bom_handling(&s).0);
                        }
                    }
                    b"Td" | b"TD" | b"T*" | b"Tm" | b"ET" => {
                        if !text.is_empty() && !text.ends_with('\n') {
                            text.push('\n');
                        }
                        pending.clear();
                    }
                    _ => pending.clear(),
                }
            }
            _ => i += 1,
        }
    }
}

/// A literal string starting after its `(`: escapes resolved, nested
/// parentheses balanced. Returns it and the index after its `)`.
fn literal(content: &[u8], mut i: usize) -> (Vec<u8>, usize) {
    let mut out = Vec::new();
    let mut depth = 1;
    while i < content.len() {
        let c = content[i];
        i += 1;
        match c {
            b'\\' => {
                let Some(&e) = content.get(i) else { break };
                i += 1;
                match e {
                    b'n' => out.push(b'\n'),
                    b'r' => out.push(b'\r'),
                    b't' => out.push(b'\t'),
                    b'0'..=b'7' => {
                        let mut value = u32::from(e - b'0');
                        for _ in 0..2 {
                            match content.get(i) {
                                Some(&d @ b'0'..=b'7') => {
                                    value = value * 8 + u32::from(d - b'0');
                                    i += 1;
                                }
                                _ => break,
                            }
                        }
                        out.push(value as u8);
                    }
                    b'\n' | b'\r' => {}
                    other => out.push(other),
                }
            }
            b'(' => {
                depth += 1;
                out.push(c);
            }
            b')' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    (out, i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_text_from_plain_and_deflated_streams() {
        let content = b"BT /F1 10 Tf 50 700 Td (SIN: 130 692 544) Tj T* [(Num) -20 (\\351ro)] TJ ET";
        let mut pdf = b"%PDF-1.4\n1 0 obj << /Length 99 >> stream\n".to_vec();
        pdf.extend(content);
        pdf.extend(b"\nendstream endobj\n");
        let mut deflated = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut deflated, b"BT (Transit: 12345) Tj ET").unwrap();
        pdf.extend(b"2 0 obj << /Filter /FlateDecode >> stream\n");
        pdf.extend(deflated.finish().unwrap());
        pdf.extend(b"\nendstream endobj\ntrailer broken");
        let text = text(&pdf);
        assert!(text.contains("SIN: 130 692 544\nNuméro"), "{text:?}");
        assert!(text.contains("Transit: 12345"), "{text:?}");
    }

    #[test]
    fn hostile_bytes_are_total() {
        for junk in [
            &b"stream"[..],
            b"stream\n(",
            b"stream\n(\\",
            b"(((((",
            b"stream\nendstream",
            b"\\777",
        ] {
            text(junk);
        }
    }
}
