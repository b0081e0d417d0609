//! Outlook's TNEF encapsulation (`winmail.dat`, MIME `application/ms-tnef`):
//! a message sent in rich text reaches other mail clients as this one
//! attachment, which holds the message's real attachments. Its stream is a
//! run of attributes ([MS-OXTNEF] 2.1.3: level, id, type, length, data,
//! checksum); the subject and the plain body are message attributes, and
//! each attachment is a run of attachment attributes opened by its
//! rendering data, named by its title and carrying its data. Written by
//! hand: the format is a flat list and no maintained crate reads it. A
//! body kept only in the message's MAPI properties (the usual case: the
//! message was written in rich text) is read from its compressed RTF.

use crate::le::{u16_at, u32_at};
use crate::output::Output;
use breachscope_core::{Origin, Segment};

/// The stream's first four bytes.
pub(crate) const SIGNATURE: [u8; 4] = [0x78, 0x9F, 0x3E, 0x22];

const LEVEL_ATTACHMENT: u8 = 2;
const ATT_SUBJECT: u16 = 0x8004;
const ATT_BODY: u16 = 0x800C;
const ATT_ATTACH_DATA: u16 = 0x800F;
const ATT_ATTACH_TITLE: u16 = 0x8010;
const ATT_ATTACH_REND_DATA: u16 = 0x9002;
const ATT_MAPI_PROPS: u16 = 0x9003;

/// Attachments taken from one stream at most.
const MAX_ATTACHMENTS: usize = 1_000;

/// Reads a TNEF stream; its attachments are pushed to `children`.
pub(crate) fn read(bytes: &[u8], out: &mut Output<'_>, children: &mut Vec<(String, Vec<u8>)>) {
    if !bytes.starts_with(&SIGNATURE) {
        return out.error("not a TNEF stream: not scanned");
    }
    let mut text = String::new();
    let mut body_seen = false;
    // The message's MAPI properties' rich-text body, if any.
    let mut rich_body: Option<Option<String>> = None;
    // Each attachment: its title (once seen) and its data (once seen).
    let mut attachments: Vec<(Option<String>, Option<Vec<u8>>)> = Vec::new();
    // After the signature, a 16-bit key.
    let mut at = 6;
    while at < bytes.len() {
        // Fewer bytes than an attribute's header (a line break a
        // transfer added) end the stream.
        let (Some(&level), Some(id), Some(length)) = (bytes.get(at), u16_at(bytes, at + 1), u32_at(bytes, at + 5))
        else {
            break;
        };
        let start = at + 9;
        let Some(data) = start.checked_add(length as usize).and_then(|end| bytes.get(start..end)) else {
            out.error("TNEF attribute runs past the end of the stream: the rest not read");
            break;
        };
        // Each attribute ends with a 16-bit checksum.
        at = start + data.len() + 2;
        match (level, id) {
            (LEVEL_ATTACHMENT, ATT_ATTACH_REND_DATA) => attachments.push((None, None)),
            (LEVEL_ATTACHMENT, ATT_ATTACH_TITLE) => {
                if let Some(last) = attachments.last_mut() {
                    last.0 = Some(c_string(data));
                }
            }
            (LEVEL_ATTACHMENT, ATT_ATTACH_DATA) => {
                if let Some(last) = attachments.last_mut() {
                    last.1 = Some(data.to_vec());
                }
            }
            (_, ATT_SUBJECT) => text.push_str(&format!("Subject: {}\n", c_string(data))),
            (_, ATT_BODY) => {
                body_seen = true;
                text.push_str(&c_string(data));
                text.push('\n');
            }
            (1, ATT_MAPI_PROPS) => rich_body = Some(properties_body(data)),
            _ => {}
        }
        if attachments.len() > MAX_ATTACHMENTS {
            out.error(format!("more than {MAX_ATTACHMENTS} attachments: the rest not read"));
            attachments.truncate(MAX_ATTACHMENTS);
            break;
        }
    }
    match rich_body {
        Some(Some(body)) if !body_seen => text.push_str(&body),
        Some(None) if !body_seen => out.error("TNEF message body in its MAPI properties cannot be read: not scanned"),
        _ => {}
    }
    out.segment(Segment::new(text, Origin::Part("winmail".into())));
    for (i, (title, data)) in attachments.into_iter().enumerate() {
        if let Some(data) = data {
            children.push((title.unwrap_or_else(|| format!("attachment-{}", i + 1)), data));
        }
    }
}

/// A message's body as text, as HTML and as compressed RTF
/// (`PidTagBody`, `PidTagHtml`, `PidTagRtfCompressed`).
const BODY: u16 = 0x1000;
const HTML: u16 = 0x1013;
const RTF_COMPRESSED: u16 = 0x1009;
/// Properties read from one list at most.
const MAX_PROPERTIES: u32 = 100_000;

/// The body a MAPI property list holds: as text, else as HTML, else as
/// compressed RTF.
fn properties_body(list: &[u8]) -> Option<String> {
    let text = match property(list, BODY) {
        Some((0x001f, utf16)) => crate::le::utf16_chars(utf16).take_while(|&c| c != '\0').collect(),
        Some((_, bytes)) => c_string(bytes),
        None => String::new(),
    };
    if !text.trim().is_empty() {
        return Some(text);
    }
    if let Some((kind, html)) = property(list, HTML) {
        let html = match kind {
            0x001f => crate::le::utf16_chars(html).collect(),
            _ => crate::text::decode(html),
        };
        return Some(crate::markup::strip(&html));
    }
    crate::rtf::compressed_text(property(list, RTF_COMPRESSED)?.1)
}

/// The type and value of the single-valued property `id` in a MAPI property list
/// ([MS-OXTNEF] 2.1.3.4: a count, then each property's type, id, name
/// when named, and value, padded to 4 bytes). The list is read in order
/// up to the property, so a type it does not know ends the search.
fn property(list: &[u8], id: u16) -> Option<(u16, &[u8])> {
    let padded = |n: usize| n.checked_add(3).map(|n| n & !3);
    let count = u32_at(list, 0)?.min(MAX_PROPERTIES);
    let mut at = 4;
    for _ in 0..count {
        let (kind, this) = (u16_at(list, at)?, u16_at(list, at + 2)?);
        at += 4;
        if this >= 0x8000 {
            // A named property: its set's GUID, then a number or a name.
            let name_kind = u32_at(list, at + 16)?;
            at += 20;
            at += match name_kind {
                0 => 4,
                _ => 4 + padded(u32_at(list, at)? as usize)?,
            };
        }
        let multiple = kind & 0x1000 != 0;
        let values = if multiple {
            at += 4;
            u32_at(list, at - 4)? as usize
        } else {
            1
        };
        let fixed: Option<usize> = match kind & !0x1000 {
            0x0002 | 0x0003 | 0x0004 | 0x000a | 0x000b => Some(4),
            0x0005 | 0x0006 | 0x0007 | 0x0014 | 0x0040 => Some(8),
            0x0048 => Some(16),
            0x000d | 0x001e | 0x001f | 0x0102 => None,
            _ => return None,
        };
        if let Some(size) = fixed {
            at = at.checked_add(size.checked_mul(values)?)?;
            continue;
        }
        // Variable-size values: a count (single values too), then each
        // value's length and bytes.
        let values = if multiple { values } else { u32_at(list, at)? as usize };
        if !multiple {
            at += 4;
        }
        for _ in 0..values.min(MAX_PROPERTIES as usize) {
            let length = u32_at(list, at)? as usize;
            let value = list.get(at + 4..(at + 4).checked_add(length)?)?;
            if this == id && !multiple {
                return Some((kind, value));
            }
            at = at.checked_add(4 + padded(length)?)?;
        }
    }
    None
}

/// An 8-bit string as TNEF stores it, up to its terminating NUL.
fn c_string(data: &[u8]) -> String {
    let end = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(&data[..end])
        .0
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attribute(level: u8, id: u16, data: &[u8]) -> Vec<u8> {
        let mut a = vec![level];
        a.extend(id.to_le_bytes());
        a.extend(6u16.to_le_bytes()); // the type: bytes
        a.extend((data.len() as u32).to_le_bytes());
        a.extend(data);
        let checksum = data.iter().fold(0u16, |sum, &b| sum.wrapping_add(u16::from(b)));
        a.extend(checksum.to_le_bytes());
        a
    }

    fn winmail(attributes: &[Vec<u8>]) -> Vec<u8> {
        let mut stream = SIGNATURE.to_vec();
        stream.extend(0x1234u16.to_le_bytes());
        for a in attributes {
            stream.extend(a);
        }
        stream
    }

    #[test]
    fn the_attachments_inside_become_documents() {
        let stream = winmail(&[
            attribute(1, ATT_SUBJECT, b"Banking update\0"),
            attribute(1, ATT_BODY, b"New account attached.\0"),
            attribute(2, ATT_ATTACH_REND_DATA, &[0; 14]),
            attribute(2, ATT_ATTACH_TITLE, b"bank.csv\0"),
            attribute(2, ATT_ATTACH_DATA, b"Institution,Transit,Account\n003,12345,1234567\n"),
            attribute(2, ATT_ATTACH_REND_DATA, &[0; 14]),
            attribute(2, ATT_ATTACH_DATA, b"no title"),
        ]);
        let docs = crate::reader::tests::read_bytes("winmail.dat", &stream, &crate::Limits::default()).docs;
        let paths: Vec<&str> = docs.iter().map(|d| d.0.path.as_str()).collect();
        assert_eq!(
            paths,
            ["winmail.dat", "winmail.dat!bank.csv", "winmail.dat!attachment-2"]
        );
        assert!(docs[0].1.contains("Subject: Banking update") && docs[0].1.contains("New account attached."));
        assert!(docs[1].1.contains("1234567"));
        assert!(docs[0].3.is_empty(), "{:?}", docs[0].3);
    }

    /// A MAPI property list of a named number property, a string, and
    /// the compressed RTF of `rtf`.
    fn properties(rtf: &str) -> Vec<u8> {
        let mut list = 3u32.to_le_bytes().to_vec();
        list.extend([0x03, 0x00, 0x01, 0x80]);
        list.extend([0x11; 16]);
        list.extend(0u32.to_le_bytes());
        list.extend(0x8233u32.to_le_bytes());
        list.extend(7u32.to_le_bytes());
        list.extend([0x1e, 0x00, 0x37, 0x00]);
        list.extend(1u32.to_le_bytes());
        list.extend(5u32.to_le_bytes());
        list.extend(b"Hi!\0\0\0\0\0");
        let compressed = compressed_rtf::compress_rtf(rtf).unwrap();
        list.extend([0x02, 0x01, 0x09, 0x10]);
        list.extend(1u32.to_le_bytes());
        list.extend((compressed.len() as u32).to_le_bytes());
        list.extend(&compressed);
        list.resize(list.len().div_ceil(4) * 4, 0);
        list
    }

    #[test]
    fn a_rich_text_body_is_read_from_the_message_properties() {
        let rtf = r"{\rtf1\ansi Please use transit 12345, institution 003.\par}";
        let stream = winmail(&[
            attribute(1, ATT_SUBJECT, b"Banking update\0"),
            attribute(1, ATT_MAPI_PROPS, &properties(rtf)),
        ]);
        let docs = crate::reader::tests::read_bytes("winmail.dat", &stream, &crate::Limits::default()).docs;
        assert!(
            docs[0].1.contains("Please use transit 12345, institution 003."),
            "{}",
            docs[0].1
        );
        assert!(docs[0].3.is_empty(), "{:?}", docs[0].3);
        // Cut anywhere, the list gives the whole body or none, never a panic.
        let list = properties(rtf);
        let whole = property(&list, RTF_COMPRESSED).unwrap();
        for end in 0..list.len() {
            assert!(property(&list[..end], RTF_COMPRESSED).is_none_or(|body| body == whole));
            properties_body(&list[..end]);
        }
    }

    #[test]
    fn a_cut_stream_keeps_what_came_before_and_says_so() {
        let mut stream = winmail(&[attribute(1, ATT_BODY, b"kept\0")]);
        stream.extend(&attribute(2, ATT_ATTACH_DATA, &[7; 100])[..20]);
        let docs = crate::reader::tests::read_bytes("winmail.dat", &stream, &crate::Limits::default()).docs;
        assert!(docs[0].1.contains("kept"));
        assert!(docs[0].3[0].contains("past the end"), "{:?}", docs[0].3);
        let mut huge = winmail(&[]);
        huge.extend([1, 0x0C, 0x80, 6, 0, 0xff, 0xff, 0xff, 0xff]);
        let docs = crate::reader::tests::read_bytes("winmail.dat", &huge, &crate::Limits::default()).docs;
        assert!(docs[0].3[0].contains("past the end"), "{:?}", docs[0].3);
    }
}
