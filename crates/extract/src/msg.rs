//! Outlook's `.msg` messages (MS-OXMSG): a compound file read through
//! msg_parser, its attachments documents of their own. An attachment
//! that is a message (a mail forwarded as an attachment) or an OLE
//! object keeps its data in a storage, which msg_parser does not read:
//! such a message becomes a `.msg` of its own, such an object the file
//! it holds.

use crate::embedded::{Files, Taken};
use crate::output::Output;
use breachscope_core::{Origin, Segment};
use chrono::NaiveDate;
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// The storage an attachment keeps its data in when that is a message
/// (attach method 5) or an OLE object (6): PidTagAttachDataObject.
const ATTACHED_STORAGE: &str = "__substg1.0_3701000D";
/// How an attachment's storage is named, before its number.
const ATTACHMENT_PREFIX: &str = "__attach_version1.0_#";
/// A message's fixed-size properties, after a header of
/// `MESSAGE_HEADER` bytes in a message file and of `EMBEDDED_HEADER` in
/// an embedded message (MS-OXMSG 2.4.1).
const PROPERTIES: &str = "__properties_version1.0";
const MESSAGE_HEADER: usize = 32;
const EMBEDDED_HEADER: usize = 24;
/// The named-property map, kept once at a message file's root and used
/// by its embedded messages too.
const NAMED_PROPERTIES: &str = "/__nameid_version1.0";
/// An attachment's names, the best first: its long file name, its 8.3
/// file name, its display name (each in UTF-16, or 8-bit).
const NAME_PROPERTIES: [&str; 3] = ["3707", "3704", "3001"];

/// Reads an Outlook `.msg` message through msg_parser; attachments (and
/// embedded messages and objects, see `attached_storages`) become
/// documents of their own.
pub(crate) fn read_outlook(bytes: &[u8], out: &mut Output<'_>, children: &mut Files) {
    // msg_parser reads a clean copy of the container (see `clean_copy`),
    // and indexes it directly: a hostile file must not take the run down
    // with it.
    // What an attachment keeps in a storage (an embedded message, an OLE
    // object) is left out: msg_parser would take its streams for the
    // message's own (see `attached_storages`). So is a stream whose name
    // is not ASCII, as every property stream's is: msg_parser slices
    // names by bytes, and panicked on a damaged one.
    let keep = |path: &str| path.is_ascii() && !path.contains(&format!("/{ATTACHED_STORAGE}/"));
    let copy = match crate::ole::clean_copy(bytes, keep, |_, _| Ok(())) {
        Ok(copy) => copy,
        Err(e) => return out.error(format!("Outlook .msg cannot be parsed: {e}")),
    };
    for why in copy.left_out {
        out.error(format!("{why}: left out of the message"));
    }
    let parsed = std::panic::catch_unwind(|| msg_parser::Outlook::from_slice(&copy.bytes));
    let message = match parsed {
        Ok(Ok(m)) => m,
        Ok(Err(e)) => return out.error(format!("Outlook .msg cannot be parsed: {e}")),
        Err(_) => return out.error("Outlook .msg crashed the parser: not scanned"),
    };
    let person = |p: &msg_parser::Person| {
        let (name, email) = (Some(p.name.as_str()), Some(p.email.as_str()));
        crate::mail::correspondent(name.filter(|n| !n.is_empty()), email.filter(|e| !e.is_empty())).unwrap_or_default()
    };
    // One line per correspondent, so that each name is read as one.
    let mut header = format!("From: {}\n", person(&message.sender));
    for (label, people) in [("To", &message.to), ("Cc", &message.cc), ("Bcc", &message.bcc)] {
        for someone in people {
            header.push_str(&format!("{label}: {}\n", person(someone)));
        }
    }
    // The sending date is metadata (below), not a date the text is about.
    header.push_str(&format!("Subject: {}\n", message.subject));
    out.segment(Segment::new(header, Origin::Part("headers".into())));
    let body = if !message.body.trim().is_empty() {
        message.body.clone()
    } else if !message.html.trim().is_empty() {
        crate::markup::strip(&message.html)
    } else {
        // Outlook's rich-text messages keep their body only as compressed
        // RTF.
        std::panic::catch_unwind(|| message.rtf_decompressed())
            .ok()
            .flatten()
            .map(|rtf| crate::rtf::text(&rtf))
            .unwrap_or_default()
    };
    out.segment(Segment::new(body, Origin::Part("body".into())));
    for date in [&message.client_submit_time, &message.creation_time] {
        if let Some(d) = date
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        {
            out.meta_dates.push(d);
            break;
        }
    }
    for (i, a) in message.attachments.iter().enumerate() {
        if a.payload_bytes.is_empty() {
            continue;
        }
        let name = [&a.long_file_name, &a.file_name, &a.display_name]
            .into_iter()
            .find(|n| !n.trim().is_empty())
            .cloned()
            .unwrap_or_else(|| format!("attachment-{}", i + 1));
        children.push((name, a.payload_bytes.clone()));
    }
    attached_storages(bytes, out, children);
}

/// Pushes to `children` what each attachment of the message file `bytes`
/// keeps in a storage: an embedded message as a message file of its own
/// (`Invoice query.msg`, its own attachments found when it is read), an
/// OLE object as the file it holds (`ole::object_in`). Within the bound of
/// `embedded`; past it, the message's errors say so.
fn attached_storages(bytes: &[u8], out: &mut Output<'_>, children: &mut Files) {
    let taken = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| storages_taken(bytes)));
    // A file that cannot be opened: `read_outlook` has said why.
    if let Ok(Some(taken)) = taken {
        taken.finish(out, children);
    }
}

/// The files `attached_storages` takes out, and what was left.
fn storages_taken(bytes: &[u8]) -> Option<Taken> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    // The message's own attachments only: an embedded message's are
    // found when it is read.
    let storages: Vec<PathBuf> = file
        .walk()
        .filter(|entry| entry.is_storage() && entry.name() == ATTACHED_STORAGE)
        .map(|entry| entry.path().to_path_buf())
        .filter(|path| path.parent().is_some_and(is_attachment))
        .collect();
    let mut taken = Taken::default();
    let count = taken.counted(storages.len());
    let bound = bytes.len() as u64;
    for (i, storage) in storages.iter().take(count).enumerate() {
        if !taken.room_for_another() {
            break;
        }
        let attachment = storage.parent().unwrap_or(Path::new("/"));
        let name = attachment_name(&mut file, attachment).unwrap_or_else(|| format!("attachment-{}", i + 1));
        let found = if file.is_stream(storage.join(PROPERTIES)) {
            embedded_message(&mut file, storage, bound).map(|message| Some((message_file_name(&name), message)))
        } else {
            crate::ole::object_in(&mut file, storage, &name, bound)
        };
        match found {
            Ok(Some((file_name, data))) => taken.take(file_name, data),
            Ok(None) => taken
                .errors
                .push(format!("attachment {name}: an OLE object of a kind not read")),
            Err(e) => taken.errors.push(format!("attachment {name}: {e}")),
        }
    }
    Some(taken)
}

/// Whether `path` is one of a message file's attachments' storages.
fn is_attachment(path: &Path) -> bool {
    path.parent() == Some(Path::new("/"))
        && path
            .file_name()
            .is_some_and(|name| name.to_string_lossy().starts_with(ATTACHMENT_PREFIX))
}

/// The attachment's name (`NAME_PROPERTIES`), if it has one.
fn attachment_name(file: &mut crate::ole::Compound<'_>, attachment: &Path) -> Option<String> {
    let mut read = |stream: String| crate::ole::stream_bytes(file, attachment.join(stream), 4096).ok();
    NAME_PROPERTIES.iter().find_map(|id| {
        let name = if let Some(utf16) = read(format!("__substg1.0_{id}001F")) {
            let units: Vec<u16> = utf16
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        } else {
            // 8-bit, in the sender's code page: the ASCII of a name is read alike.
            String::from_utf8_lossy(&read(format!("__substg1.0_{id}001E"))?).into_owned()
        };
        let name = name.trim_end_matches('\0').trim();
        (!name.is_empty()).then(|| name.to_string())
    })
}

/// The file name of an embedded message named `name` (its subject, most
/// often).
fn message_file_name(name: &str) -> String {
    if name.to_ascii_lowercase().ends_with(".msg") {
        name.to_string()
    } else {
        format!("{name}.msg")
    }
}

/// The message embedded in `storage` as a message file of its own: its
/// storage at the root, with the named-property map of the file holding
/// it, and its fixed-size properties' header grown to a message file's.
fn embedded_message(file: &mut crate::ole::Compound<'_>, storage: &Path, bound: u64) -> Result<Vec<u8>, String> {
    let named = Path::new(NAMED_PROPERTIES);
    let mut parts = vec![(storage, Path::new("/"))];
    if file.is_storage(named) {
        parts.push((named, named));
    }
    let properties = Path::new("/").join(PROPERTIES);
    crate::ole::storages_copy(file, &parts, bound, |path, data| {
        if path == properties && data.len() >= EMBEDDED_HEADER {
            data.splice(EMBEDDED_HEADER..EMBEDDED_HEADER, [0; MESSAGE_HEADER - EMBEDDED_HEADER]);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal Outlook message: subject and plain body as MAPI property
    /// streams (UTF-16), in a compound file.
    fn outlook_message(subject: &str, body: &str) -> Vec<u8> {
        use std::io::Write;
        let utf16 = |s: &str| s.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>();
        let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
        file.create_stream("/__properties_version1.0")
            .unwrap()
            .write_all(&[0; 32])
            .unwrap();
        file.create_stream("/__substg1.0_0037001F")
            .unwrap()
            .write_all(&utf16(subject))
            .unwrap();
        file.create_stream("/__substg1.0_1000001F")
            .unwrap()
            .write_all(&utf16(body))
            .unwrap();
        file.flush().unwrap();
        file.into_inner().into_inner()
    }

    #[test]
    fn an_outlook_message_is_read_from_a_clean_copy_of_its_container() {
        let msg = outlook_message("Payroll", "Employee SIN 046 454 286");
        let docs = crate::reader::tests::read_bytes("m.msg", &msg, &crate::Limits::default()).docs;
        let text = &docs[0].1;
        assert!(
            text.contains("Subject: Payroll") && text.contains("046 454 286"),
            "{text}"
        );
        assert!(docs[0].3.is_empty(), "{:?}", docs[0].3);
    }

    #[test]
    fn a_stream_claiming_more_than_the_file_holds_is_an_error_not_an_allocation() {
        let mut msg = outlook_message("Payroll", "Employee SIN 046 454 286");
        // The body's directory entry (its name in UTF-16, the size 0x78
        // bytes in) claims 2 GiB: msg_parser allocated what it claimed.
        let name: Vec<u8> = "__substg1.0_1000001F"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let entry = msg.windows(name.len()).position(|w| w == name.as_slice()).unwrap();
        msg[entry + 0x78..entry + 0x80].copy_from_slice(&0x7FFF_0000u64.to_le_bytes());
        let docs = crate::reader::tests::read_bytes("m.msg", &msg, &crate::Limits::default()).docs;
        assert!(
            docs[0].3[0].contains("__substg1.0_1000001F stream cannot be read"),
            "{:?}",
            docs[0].3
        );
    }

    /// Writes into `file` at `storage` a message's properties: a header
    /// of `header` bytes, then each `(property, UTF-16 text)` stream.
    fn write_message(
        file: &mut cfb::CompoundFile<std::io::Cursor<Vec<u8>>>,
        storage: &str,
        header: usize,
        texts: &[(&str, &str)],
    ) {
        use std::io::Write;
        let utf16 = |s: &str| s.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>();
        file.create_stream(format!("{storage}/__properties_version1.0"))
            .unwrap()
            .write_all(&vec![0; header])
            .unwrap();
        for (property, text) in texts {
            file.create_stream(format!("{storage}/__substg1.0_{property}"))
                .unwrap()
                .write_all(&utf16(text))
                .unwrap();
        }
    }

    #[test]
    fn a_stream_named_out_of_the_format_is_passed_over() {
        let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
        // msg_parser cut this name inside its third character, and panicked.
        write_message(
            &mut file,
            "",
            32,
            &[("1000001F", "Employee SIN 046 454 286"), ("0C1F\u{8330}01F", "x")],
        );
        file.flush().unwrap();
        let bytes = file.into_inner().into_inner();
        let docs = crate::reader::tests::read_bytes("m.msg", &bytes, &crate::Limits::default()).docs;
        assert!(docs[0].1.contains("046 454 286"), "{:?}", docs[0]);
        assert!(docs[0].3.is_empty(), "{:?}", docs[0].3);
    }

    #[test]
    fn a_forwarded_message_and_an_object_attached_are_documents_of_their_own() {
        use std::io::Write;
        let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
        write_message(
            &mut file,
            "",
            32,
            &[("0037001F", "Fwd: banking"), ("1000001F", "See the form attached.")],
        );
        // A message attached (method 5), with an attachment of its own.
        let forwarded = "/__attach_version1.0_#00000000";
        file.create_storage(forwarded).unwrap();
        write_message(&mut file, forwarded, 8, &[("3001001F", "Supplier banking form")]);
        let inner = format!("{forwarded}/{ATTACHED_STORAGE}");
        file.create_storage(&inner).unwrap();
        write_message(
            &mut file,
            &inner,
            24,
            &[
                ("0037001F", "Banking form"),
                ("1000001F", "Transit 12345, institution 003, account 1234567"),
            ],
        );
        let inner_attachment = format!("{inner}/__attach_version1.0_#00000000");
        file.create_storage(&inner_attachment).unwrap();
        write_message(&mut file, &inner_attachment, 8, &[("3707001F", "payees.csv")]);
        file.create_stream(format!("{inner_attachment}/__substg1.0_37010102"))
            .unwrap()
            .write_all(b"name,sin\nMarie Tremblay,046 454 286\n")
            .unwrap();
        // An OLE object (method 6): a packaged text file.
        let object = "/__attach_version1.0_#00000001";
        file.create_storage(object).unwrap();
        write_message(&mut file, object, 8, &[("3001001F", "Package")]);
        file.create_storage(format!("{object}/{ATTACHED_STORAGE}")).unwrap();
        let note = b"Card 4539 1488 0343 6467";
        let mut package = 2u16.to_le_bytes().to_vec();
        package.extend(b"note.txt\0C:\\note.txt\0\0\0\x03\0\x0a\0\0\0C:\\t.txt\0");
        package.extend((note.len() as u32).to_le_bytes());
        package.extend(note);
        let native = [(package.len() as u32).to_le_bytes().to_vec(), package].concat();
        file.create_stream(format!("{object}/{ATTACHED_STORAGE}/\u{1}Ole10Native"))
            .unwrap()
            .write_all(&native)
            .unwrap();
        file.create_storage(NAMED_PROPERTIES).unwrap();
        file.flush().unwrap();
        let bytes = file.into_inner().into_inner();

        let docs = crate::reader::tests::read_bytes("fwd.msg", &bytes, &crate::Limits::default()).docs;
        let paths: Vec<&str> = docs.iter().map(|d| d.0.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "fwd.msg",
                "fwd.msg!Supplier banking form.msg",
                "fwd.msg!Supplier banking form.msg!payees.csv",
                "fwd.msg!note.txt"
            ]
        );
        for doc in &docs {
            assert!(doc.3.is_empty(), "{}: {:?}", doc.0.path, doc.3);
        }
        // Each text is its own message's: none taken for the outer one's.
        assert!(
            docs[0].1.contains("See the form attached.") && !docs[0].1.contains("Transit"),
            "{}",
            docs[0].1
        );
        assert!(
            docs[1].1.contains("Subject: Banking form") && docs[1].1.contains("Transit 12345"),
            "{}",
            docs[1].1
        );
        assert!(docs[2].1.contains("046 454 286"));
        assert!(docs[3].1.contains("4539 1488 0343 6467"));
        // The embedded message's property header is a message file's.
        let mut source = cfb::CompoundFile::open(std::io::Cursor::new(&bytes[..])).unwrap();
        let copy = embedded_message(&mut source, Path::new(&inner), 1 << 20).unwrap();
        let mut copy = cfb::CompoundFile::open(std::io::Cursor::new(&copy[..])).unwrap();
        assert_eq!(
            crate::ole::read_stream(&mut copy, "/__properties_version1.0")
                .unwrap()
                .len(),
            32
        );
        assert!(copy.is_storage(NAMED_PROPERTIES));
    }
}
