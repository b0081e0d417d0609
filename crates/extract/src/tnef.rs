//! Outlook's TNEF encapsulation (`winmail.dat`, MIME `application/ms-tnef`):
//! a message sent in rich text reaches other mail clients as this one
//! attachment, which holds the message's real attachments. Its stream is a
//! run of attributes ([MS-OXTNEF] 2.1.3: level, id, type, length, data,
//! checksum); the subject and the plain body are message attributes, and
//! each attachment is a run of attachment attributes opened by its
//! rendering data, named by its title and carrying its data. Written by
//! hand: the format is a flat list and no maintained crate reads it. A
//! body kept only in the MAPI properties (compressed RTF) is not read, and
//! that is said.

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
    let (mut body_seen, mut rich_properties) = (false, false);
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
            (1, ATT_MAPI_PROPS) => rich_properties = true,
            _ => {}
        }
        if attachments.len() > MAX_ATTACHMENTS {
            out.error(format!("more than {MAX_ATTACHMENTS} attachments: the rest not read"));
            attachments.truncate(MAX_ATTACHMENTS);
            break;
        }
    }
    if rich_properties && !body_seen {
        out.error("TNEF message body kept in its MAPI properties (rich text): not scanned; its attachments are");
    }
    out.segment(Segment::new(text, Origin::Part("winmail".into())));
    for (i, (title, data)) in attachments.into_iter().enumerate() {
        if let Some(data) = data {
            children.push((title.unwrap_or_else(|| format!("attachment-{}", i + 1)), data));
        }
    }
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
