//! Outlook stores (`.pst`, `.ost`): each message is a document of its
//! own, `mail.pst!Inbox/Subject [0x200024].msg`, read as an Outlook
//! message is (its correspondents, subject, body and dates), and each
//! attachment a document under it, read by its own reader. Messages are
//! read one at a time, so a store of gigabytes is read within the bounds.

mod ltp;
mod ndb;

use crate::output::Output;
use crate::reader::{child_name, DocInfo, Reader};
use crate::sniff::Kind;
use breachscope_core::{Origin, Segment};
use chrono::NaiveDate;
use ltp::Value;
use ndb::{node_type, Node, Store};
use std::collections::HashMap;
use std::io::{Read, Seek};

/// Node types (MS-PST 2.2.2.1).
const FOLDER: u32 = 0x02;
const MESSAGE: u32 = 0x04;
const ATTACHMENT: u32 = 0x05;

/// Message and attachment properties read (MS-OXPROPS).
mod tag {
    pub const SUBJECT: u16 = 0x0037;
    pub const CLIENT_SUBMIT_TIME: u16 = 0x0039;
    pub const SENDER_NAME: u16 = 0x0c1a;
    pub const SENDER_ADDRESS: u16 = 0x0c1f;
    pub const SENDER_SMTP_ADDRESS: u16 = 0x5d01;
    pub const DISPLAY_BCC: u16 = 0x0e02;
    pub const DISPLAY_CC: u16 = 0x0e03;
    pub const DISPLAY_TO: u16 = 0x0e04;
    pub const DELIVERY_TIME: u16 = 0x0e06;
    pub const BODY: u16 = 0x1000;
    pub const HTML: u16 = 0x1013;
    pub const DISPLAY_NAME: u16 = 0x3001;
    pub const CREATION_TIME: u16 = 0x3007;
    pub const ATTACH_DATA: u16 = 0x3701;
    pub const ATTACH_FILENAME: u16 = 0x3704;
    pub const ATTACH_METHOD: u16 = 0x3705;
    pub const ATTACH_LONG_FILENAME: u16 = 0x3707;
}

const MESSAGE_TAGS: &[u16] = &[
    tag::SUBJECT,
    tag::CLIENT_SUBMIT_TIME,
    tag::SENDER_NAME,
    tag::SENDER_ADDRESS,
    tag::SENDER_SMTP_ADDRESS,
    tag::DISPLAY_BCC,
    tag::DISPLAY_CC,
    tag::DISPLAY_TO,
    tag::DELIVERY_TIME,
    tag::BODY,
    tag::HTML,
    tag::CREATION_TIME,
];
const ATTACHMENT_TAGS: &[u16] = &[
    tag::DISPLAY_NAME,
    tag::ATTACH_DATA,
    tag::ATTACH_FILENAME,
    tag::ATTACH_METHOD,
    tag::ATTACH_LONG_FILENAME,
];
const FOLDER_TAGS: &[u16] = &[tag::DISPLAY_NAME];

/// An attachment's data is in its `ATTACH_DATA` (MS-OXCMSG 2.2.2.9).
const BY_VALUE: i64 = 1;
/// An attached message, an object of its own.
const EMBEDDED_MESSAGE: i64 = 5;
/// Folders above a message named in its path at most.
const MAX_FOLDER_DEPTH: usize = 32;
/// Characters of a subject kept in a message's path.
const MAX_SUBJECT_IN_PATH: usize = 80;

/// Reads the store in `source` (its document begun, `wanted` as the sink
/// said), then each of its messages and their attachments.
pub(crate) fn read<R: Read + Seek + 'static>(
    reader: &mut Reader<'_>,
    source: R,
    wanted: bool,
    display: &str,
    modified: Option<NaiveDate>,
    depth: u32,
) {
    let mut out = Output::new(reader.sink, wanted, reader.limits.max_text_bytes);
    let store = match guarded(|| Store::open(source)) {
        Ok(store) => store,
        Err(e) => {
            out.error(format!("Outlook store cannot be read: {e}"));
            return out.finish();
        }
    };
    for problem in &store.problems {
        out.error(problem.clone());
    }
    out.finish();
    let max_bytes = reader.limits.max_in_memory;
    let folders = guarded(|| Ok(folders(&store, max_bytes))).unwrap_or_default();
    for node in store.nodes.iter().filter(|n| node_type(n.nid) == MESSAGE) {
        match guarded(|| Message::read(&store, node, max_bytes)) {
            Ok(message) => message.report(reader, &store, display, &folders, modified, depth + 1),
            Err(why) => {
                let path = format!("{display}!{}", message_path(&folders, node, None));
                let why = format!("message cannot be read: {why}");
                reader.report_only(&path, 0, String::new(), Kind::Msg, modified, depth + 1, why);
            }
        }
    }
}

/// Runs a read of the store, a panic in it (on a store no check here
/// foresaw) being an error like any other.
fn guarded<T>(read: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read))
        .unwrap_or_else(|_| Err("the store's reader crashed on it".into()))
}

/// A folder: its display name and the folder it is in.
struct Folder {
    name: String,
    parent: u32,
}

/// The store's folders, by node id.
fn folders(store: &Store, max_bytes: u64) -> HashMap<u32, Folder> {
    store
        .nodes
        .iter()
        .filter(|n| node_type(n.nid) == FOLDER)
        .filter_map(|n| {
            let pages = store.node_data(n.data, max_bytes).ok()?;
            let subnodes = store.subnodes(n.sub).unwrap_or_default();
            match ltp::properties(store, &pages, &subnodes, FOLDER_TAGS, max_bytes).remove(&tag::DISPLAY_NAME) {
                Some(Value::Text(name)) => Some((n.nid, Folder { name, parent: n.parent })),
                _ => None,
            }
        })
        .collect()
}

/// Where a message shows: its folders from the top, its subject and its
/// node id (which finds it in the store again, and keeps two messages of
/// one subject apart).
fn message_path(folders: &HashMap<u32, Folder>, message: &Node, subject: Option<&str>) -> String {
    let mut names = Vec::new();
    let mut at = message.parent;
    while names.len() < MAX_FOLDER_DEPTH {
        let Some(folder) = folders.get(&at) else { break };
        if !folder.name.trim().is_empty() {
            names.push(child_name(&folder.name));
        }
        if folder.parent == at {
            break;
        }
        at = folder.parent;
    }
    names.reverse();
    let subject = subject
        .map(subject_text)
        .filter(|s| !s.trim().is_empty())
        .map(|s| child_name(&s.chars().take(MAX_SUBJECT_IN_PATH).collect::<String>()))
        .unwrap_or_else(|| "message".into());
    names.push(format!("{subject} [{:#x}].msg", message.nid));
    names.join("/")
}

/// A subject as written: a stored subject may open with a mark (0x01)
/// and the length of its prefix ("RE: "), which are not part of it.
fn subject_text(stored: &str) -> String {
    match stored.strip_prefix('\u{1}') {
        Some(rest) => rest.chars().skip(1).collect(),
        None => stored.to_string(),
    }
}

/// A message as read from the store: nothing is reported until all of
/// it was read.
struct Message<'n> {
    node: &'n Node,
    props: HashMap<u16, Value>,
    /// BLAKE3 and size of its properties' bytes: the message's identity.
    blake3: String,
    size: u64,
    /// Its attachments' nodes, each read when its turn comes, so that
    /// one is held at a time.
    attachments: Vec<Node>,
}

impl<'n> Message<'n> {
    fn read(store: &Store, node: &'n Node, max_bytes: u64) -> Result<Message<'n>, String> {
        let pages = store.node_data(node.data, max_bytes)?;
        let subnodes = store.subnodes(node.sub)?;
        let props = ltp::properties(store, &pages, &subnodes, MESSAGE_TAGS, max_bytes);
        let mut hasher = blake3::Hasher::new();
        for page in &pages {
            hasher.update(page);
        }
        let mut attachments: Vec<Node> = subnodes
            .into_values()
            .filter(|n| node_type(n.nid) == ATTACHMENT)
            .collect();
        attachments.sort_by_key(|n| n.nid);
        Ok(Message {
            node,
            props,
            blake3: hasher.finalize().to_hex().to_string(),
            size: pages.iter().map(|p| p.len() as u64).sum(),
            attachments,
        })
    }

    /// Reports the message, in the store shown as `display`, then reads
    /// and reports its attachments.
    fn report(
        mut self,
        reader: &mut Reader<'_>,
        store: &Store,
        display: &str,
        folders: &HashMap<u32, Folder>,
        modified: Option<NaiveDate>,
        depth: u32,
    ) {
        let subject = match self.props.get(&tag::SUBJECT) {
            Some(Value::Text(subject)) => Some(subject.as_str()),
            _ => None,
        };
        let path = format!("{display}!{}", message_path(folders, self.node, subject));
        let info = DocInfo {
            path: path.clone(),
            size: self.size,
            blake3: self.blake3,
            kind: Kind::Msg,
            modified,
            depth,
        };
        let wanted = reader.sink.begin(&info);
        let mut out = Output::new(reader.sink, wanted, reader.limits.max_text_bytes);
        out.segment(Segment::new(header(&self.props), Origin::Part("headers".into())));
        let body = match (self.props.remove(&tag::BODY), self.props.remove(&tag::HTML)) {
            (Some(Value::Text(body)), _) if !body.trim().is_empty() => body,
            (_, Some(Value::Bytes(html))) => crate::markup::strip(&crate::text::decode(&html)),
            (_, Some(Value::Text(html))) => crate::markup::strip(&html),
            _ => String::new(),
        };
        if !body.is_empty() {
            out.segment(Segment::new(body, Origin::Part("body".into())));
        }
        for time in [tag::CLIENT_SUBMIT_TIME, tag::DELIVERY_TIME, tag::CREATION_TIME] {
            if let Some(date) = self.props.get(&time).and_then(filetime_date) {
                out.meta_dates.push(date);
                break;
            }
        }
        out.finish();
        let max_bytes = reader.limits.max_in_memory;
        for (i, attachment) in self.attachments.iter().enumerate() {
            match guarded(|| attachment_data(store, attachment, max_bytes)) {
                Ok(Some((name, data))) => {
                    reader.bytes(&format!("{path}!{}", child_name(&name)), &data, modified, depth + 1)
                }
                Ok(None) => {}
                Err(why) => {
                    let child = format!("{path}!attachment-{}", i + 1);
                    let why = format!("attachment cannot be read: {why}");
                    reader.report_only(&child, 0, String::new(), Kind::Binary, modified, depth + 1, why);
                }
            }
        }
    }
}

/// The message's correspondents and subject, a line each, as an Outlook
/// message's are read (the sending date is metadata, not text).
fn header(props: &HashMap<u16, Value>) -> String {
    let text = |id: u16| match props.get(&id) {
        Some(Value::Text(t)) if !t.trim().is_empty() => Some(t.as_str()),
        _ => None,
    };
    let mut header = String::new();
    let address = text(tag::SENDER_SMTP_ADDRESS).or(text(tag::SENDER_ADDRESS).filter(|a| a.contains('@')));
    match (text(tag::SENDER_NAME), address) {
        (Some(name), Some(address)) => header.push_str(&format!("From: {name} <{address}>\n")),
        (Some(one), None) | (None, Some(one)) => header.push_str(&format!("From: {one}\n")),
        (None, None) => {}
    }
    // The display lists name each correspondent, apart by semicolons.
    for (label, id) in [
        ("To", tag::DISPLAY_TO),
        ("Cc", tag::DISPLAY_CC),
        ("Bcc", tag::DISPLAY_BCC),
    ] {
        for someone in text(id).into_iter().flat_map(|list| list.split(';')) {
            if !someone.trim().is_empty() {
                header.push_str(&format!("{label}: {}\n", someone.trim()));
            }
        }
    }
    if let Some(subject) = text(tag::SUBJECT) {
        header.push_str(&format!("Subject: {}\n", subject_text(subject)));
    }
    header
}

/// The day of a FILETIME (100 ns ticks since 1601).
fn filetime_date(value: &Value) -> Option<NaiveDate> {
    let Value::Integer(ticks) = value else { return None };
    const TICKS_TO_UNIX: i64 = 116_444_736_000_000_000;
    let seconds = ticks.checked_sub(TICKS_TO_UNIX)? / 10_000_000;
    chrono::DateTime::from_timestamp(seconds, 0).map(|t| t.date_naive())
}

/// An attachment's name and bytes, if it holds them (an attached message
/// or a link to a file is said so).
fn attachment_data(store: &Store, node: &Node, max_bytes: u64) -> Result<Option<(String, Vec<u8>)>, String> {
    let pages = store.node_data(node.data, max_bytes)?;
    let subnodes = store.subnodes(node.sub)?;
    let mut props = ltp::properties(store, &pages, &subnodes, ATTACHMENT_TAGS, max_bytes);
    let method = match props.get(&tag::ATTACH_METHOD) {
        Some(Value::Integer(m)) => *m,
        _ => BY_VALUE,
    };
    if method == EMBEDDED_MESSAGE {
        return Err("an attached message: not read".into());
    }
    let name = [tag::ATTACH_LONG_FILENAME, tag::ATTACH_FILENAME, tag::DISPLAY_NAME]
        .into_iter()
        .find_map(|id| match props.remove(&id) {
            Some(Value::Text(name)) if !name.trim().is_empty() => Some(name),
            _ => None,
        })
        .unwrap_or_else(|| format!("attachment-{:#x}", node.nid));
    match props.remove(&tag::ATTACH_DATA) {
        Some(Value::Bytes(data)) => Ok(Some((name, data))),
        _ if method == BY_VALUE => Err(format!("{name}: its data cannot be read or is over the bound")),
        _ => Ok(None),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::reader::tests::read_bytes;
    use crate::Limits;

    /// MS-PST's CRC (5.3): CRC-32's polynomial, from 0, not inverted.
    fn crc(bytes: &[u8]) -> u32 {
        let mut crc = 0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        crc
    }

    /// A property of a test store: id, type and its value's bytes (held
    /// in the heap unless the type is 4 bytes or less).
    pub(crate) type Prop = (u16, u16, Vec<u8>);

    pub(crate) fn text(id: u16, value: &str) -> Prop {
        (id, 0x001f, value.encode_utf16().flat_map(u16::to_le_bytes).collect())
    }

    /// A property context: a one-page heap whose user root is the tree of
    /// `props` (MS-PST 2.3.1 to 2.3.3).
    pub(crate) fn property_context(props: &[Prop]) -> Vec<u8> {
        let mut props = props.to_vec();
        props.sort_by_key(|p| p.0);
        let hid = |index: usize| (index as u32) << 5;
        // Items: 1 the tree's header, 2 its records, then each value held.
        let mut items: Vec<Vec<u8>> = vec![Vec::new(), Vec::new()];
        let mut records = Vec::new();
        for (id, kind, value) in &props {
            records.extend(id.to_le_bytes());
            records.extend(kind.to_le_bytes());
            if matches!(kind, 0x0002 | 0x0003 | 0x000b) {
                let mut inline = value.clone();
                inline.resize(4, 0);
                records.extend(inline);
            } else {
                items.push(value.clone());
                records.extend(hid(items.len()).to_le_bytes());
            }
        }
        items[0] = [&[0xb5, 2, 6, 0][..], &hid(2).to_le_bytes()].concat();
        items[1] = records;
        let mut page = vec![0u8; 12];
        page[2] = 0xec;
        page[3] = 0xbc;
        page[4..8].copy_from_slice(&hid(1).to_le_bytes());
        let mut offsets = vec![12u16];
        for item in &items {
            page.extend(item);
            offsets.push(page.len() as u16);
        }
        if page.len() % 2 == 1 {
            page.push(0);
        }
        let map = page.len() as u16;
        page[0..2].copy_from_slice(&map.to_le_bytes());
        page.extend((items.len() as u16).to_le_bytes());
        page.extend(0u16.to_le_bytes());
        for offset in offsets {
            page.extend(offset.to_le_bytes());
        }
        page
    }

    /// A subnode list (SLBLOCK) of (node id, data block) pairs.
    pub(crate) fn subnode_list(entries: &[(u32, u64)]) -> Vec<u8> {
        let mut block = vec![0x02, 0];
        block.extend((entries.len() as u16).to_le_bytes());
        block.extend([0; 4]);
        for &(nid, data) in entries {
            block.extend(u64::from(nid).to_le_bytes());
            block.extend(data.to_le_bytes());
            block.extend(0u64.to_le_bytes());
        }
        block
    }

    /// A Unicode store, not encoded, holding `blocks` (id, bytes) and the
    /// `nodes` (id, data block, subnode block, parent) that use them.
    pub(crate) fn store(blocks: &[(u64, Vec<u8>)], nodes: &[(u32, u64, u64, u32)]) -> Vec<u8> {
        let mut file = vec![0u8; 0x4400];
        let mut block_entries = Vec::new();
        for (bid, data) in blocks {
            let ib = file.len() as u64;
            file.extend(data);
            let padded = (data.len() + 16).div_ceil(64) * 64;
            file.resize(ib as usize + padded - 16, 0);
            file.extend((data.len() as u16).to_le_bytes());
            file.extend(0u16.to_le_bytes());
            file.extend(crc(data).to_le_bytes());
            file.extend(bid.to_le_bytes());
            block_entries.push(
                [
                    &bid.to_le_bytes()[..],
                    &ib.to_le_bytes(),
                    &(data.len() as u16).to_le_bytes(),
                    &[1, 0, 0, 0, 0, 0],
                ]
                .concat(),
            );
        }
        let node_entries: Vec<Vec<u8>> = nodes
            .iter()
            .map(|&(nid, data, sub, parent)| {
                [
                    &u64::from(nid).to_le_bytes()[..],
                    &data.to_le_bytes(),
                    &sub.to_le_bytes(),
                    &parent.to_le_bytes(),
                    &[0; 4],
                ]
                .concat()
            })
            .collect();
        let mut page = |entries: &[Vec<u8>], ptype: u8, width: u8| -> u64 {
            let ib = file.len().div_ceil(512) as u64 * 512;
            file.resize(ib as usize, 0);
            let mut bytes = vec![0u8; 512];
            for (i, entry) in entries.iter().enumerate() {
                bytes[i * width as usize..i * width as usize + entry.len()].copy_from_slice(entry);
            }
            bytes[488] = entries.len() as u8;
            bytes[489] = (488 / width as usize) as u8;
            bytes[490] = width;
            bytes[496] = ptype;
            bytes[497] = ptype;
            let sum = crc(&bytes[..496]);
            bytes[500..504].copy_from_slice(&sum.to_le_bytes());
            file.extend(bytes);
            ib
        };
        let nbt = page(&node_entries, 0x81, 32);
        let bbt = page(&block_entries, 0x80, 24);
        let eof = file.len() as u64;
        let header = &mut file[..580];
        header[..4].copy_from_slice(b"!BDN");
        header[8..10].copy_from_slice(b"SM");
        header[10..12].copy_from_slice(&23u16.to_le_bytes());
        header[12..14].copy_from_slice(&19u16.to_le_bytes());
        header[14] = 1;
        header[15] = 1;
        header[184..192].copy_from_slice(&eof.to_le_bytes());
        header[224..232].copy_from_slice(&nbt.to_le_bytes());
        header[240..248].copy_from_slice(&bbt.to_le_bytes());
        header[248] = 2;
        header[512] = 0x80;
        let partial = crc(&header[8..479]);
        header[4..8].copy_from_slice(&partial.to_le_bytes());
        let full = crc(&header[8..524]);
        header[524..528].copy_from_slice(&full.to_le_bytes());
        file
    }

    /// A store with one folder, "Inbox", holding one message with one
    /// attachment.
    pub(crate) fn one_message_store(subject: &str, body: &str, attachment: (&str, &[u8])) -> Vec<u8> {
        let folder = property_context(&[text(0x3001, "Inbox")]);
        // 15 March 2022, 14:00 UTC, as a FILETIME.
        let delivered = (132_917_832_000_000_000i64).to_le_bytes().to_vec();
        let message = property_context(&[
            text(0x0037, subject),
            text(0x0c1a, "Marie Tremblay"),
            text(0x5d01, "marie.tremblay@example.ca"),
            text(0x0e04, "Accounts Payable; Jean Roy"),
            text(0x1000, body),
            (0x0e06, 0x0040, delivered),
        ]);
        let attached = property_context(&[
            (0x3705, 0x0003, 1u32.to_le_bytes().to_vec()),
            text(0x3707, attachment.0),
            (0x3701, 0x0102, attachment.1.to_vec()),
        ]);
        store(
            &[
                (4, folder),
                (8, message),
                (12, attached),
                (0x12, subnode_list(&[(0x25, 12)])),
            ],
            &[(0x122, 4, 0, 0x122), (0x200024, 8, 0x12, 0x122)],
        )
    }

    #[test]
    fn each_message_is_a_document_and_each_attachment_one_under_it() {
        let csv = b"name,sin\nJean Roy,046 454 286\n";
        let pst = one_message_store("RE: banking details", "Please update our account.", ("payees.csv", csv));
        let read = read_bytes("mail.pst", &pst, &Limits::default());
        let paths: Vec<&str> = read.docs.iter().map(|d| d.0.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "mail.pst",
                "mail.pst!Inbox/RE: banking details [0x200024].msg",
                "mail.pst!Inbox/RE: banking details [0x200024].msg!payees.csv",
            ]
        );
        let (store, message, attachment) = (&read.docs[0], &read.docs[1], &read.docs[2]);
        assert!(store.3.is_empty(), "{:?}", store.3);
        assert!(message.3.is_empty(), "{:?}", message.3);
        assert!(
            message.1.contains("From: Marie Tremblay <marie.tremblay@example.ca>\n"),
            "{}",
            message.1
        );
        assert!(
            message.1.contains("To: Accounts Payable\nTo: Jean Roy\n"),
            "{}",
            message.1
        );
        assert!(message.1.contains("Subject: RE: banking details\n"));
        assert!(message.1.contains("Please update our account."));
        assert_eq!(message.2, [chrono::NaiveDate::from_ymd_opt(2022, 3, 15).unwrap()]);
        assert!(attachment.1.contains("046 454 286"), "{}", attachment.1);
    }

    /// The store's (only) message document, or what stopped the store.
    fn errors_of(pst: &[u8]) -> Vec<String> {
        let read = read_bytes("mail.pst", pst, &Limits::default());
        read.docs.into_iter().flat_map(|d| d.3).collect()
    }

    fn root_page(pst: &[u8], at: usize) -> usize {
        u64::from_le_bytes(pst[at..at + 8].try_into().unwrap()) as usize
    }

    #[test]
    fn a_tree_page_that_points_back_at_itself_stops_the_store_not_the_run() {
        let mut pst = one_message_store("s", "b", ("a.txt", b"a"));
        for root in [240, 224] {
            let mut looped = pst.clone();
            let page = root_page(&looped, root);
            // An intermediate page whose one entry is itself.
            looped[page..page + 24].fill(0);
            looped[page + 16..page + 24].copy_from_slice(&(page as u64).to_le_bytes());
            looped[page + 488] = 1;
            looped[page + 491] = 1;
            let errors = errors_of(&looped);
            assert!(errors.iter().any(|e| e.contains("reached twice")), "{errors:?}");
        }
        // A page claiming more entries than it holds.
        let page = root_page(&pst, 240);
        pst[page + 490] = 200;
        assert!(errors_of(&pst).iter().any(|e| e.contains("malformed")));
    }

    #[test]
    fn data_and_subnode_blocks_that_point_back_at_themselves_are_said_so() {
        let message = property_context(&[text(0x0037, "looped")]);
        // An XBLOCK (0x16) listing itself, and an SIBLOCK (0x1a) listing itself.
        let xblock = [&[1u8, 1, 1, 0, 16, 0, 0, 0][..], &0x16u64.to_le_bytes()].concat();
        let siblock = [
            &[2u8, 1, 1, 0, 0, 0, 0, 0][..],
            &0x25u64.to_le_bytes(),
            &0x1au64.to_le_bytes(),
        ]
        .concat();
        let pst = store(
            &[(8, message), (0x16, xblock), (0x1a, siblock)],
            &[(0x200024, 0x16, 0, 0x122), (0x200044, 8, 0x1a, 0x122)],
        );
        let read = read_bytes("mail.pst", &pst, &Limits::default());
        assert_eq!(read.docs.len(), 3);
        for message in &read.docs[1..] {
            assert!(
                message.3.iter().any(|e| e.contains("message cannot be read")),
                "{:?}",
                message.3
            );
        }
    }

    #[test]
    fn truncated_and_mangled_stores_are_reported_without_a_crash() {
        let pst = one_message_store("RE: banking details", "body", ("payees.csv", b"a,b\n1,2\n"));
        for cut in [8, 600, 0x4400, pst.len() - 300] {
            let read = read_bytes("mail.pst", &pst[..cut], &Limits::default());
            assert!(!read.docs.is_empty());
        }
        // Every byte past the header changed in turn, a few values each.
        let mut seed = 0x2545_f491_u32;
        for _ in 0..3000 {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let mut mangled = pst.clone();
            let at = 0x4400 + seed as usize % (pst.len() - 0x4400);
            mangled[at] = (seed >> 24) as u8;
            let read = read_bytes("mail.pst", &mangled, &Limits::default());
            assert!(!read.docs.is_empty());
        }
    }

    #[test]
    fn an_attached_message_is_named_not_dropped() {
        let message = property_context(&[text(0x0037, "FW: contract")]);
        let attached = property_context(&[(0x3705, 0x0003, 5u32.to_le_bytes().to_vec()), text(0x3001, "contract")]);
        let pst = store(
            &[(8, message), (12, attached), (0x12, subnode_list(&[(0x25, 12)]))],
            &[(0x200024, 8, 0x12, 0x122)],
        );
        let read = read_bytes("mail.pst", &pst, &Limits::default());
        let last = read.docs.last().unwrap();
        assert_eq!(last.0.path, "mail.pst!FW: contract [0x200024].msg!attachment-1");
        assert_eq!(last.3, ["attachment cannot be read: an attached message: not read"]);
    }

    #[test]
    fn a_store_too_large_to_hold_is_read_from_its_file() {
        let pst = one_message_store("RE: banking details", "Please update our account.", ("a.txt", b"a"));
        let path = std::env::temp_dir().join(format!("breachscope-{}-large.pst", std::process::id()));
        std::fs::write(&path, &pst).unwrap();
        let limits = Limits {
            max_in_memory: 1024,
            ..Limits::default()
        };
        let mut sink = crate::reader::tests::Collect::default();
        crate::read_path(&path, "large.pst", &limits, &crate::ReadBudget::default(), &mut sink);
        std::fs::remove_file(&path).unwrap();
        let paths: Vec<&str> = sink.docs.iter().map(|d| d.0.path.as_str()).collect();
        assert_eq!(paths[1], "large.pst!Inbox/RE: banking details [0x200024].msg");
        assert_eq!(sink.docs[0].0.blake3, blake3::hash(&pst).to_hex().to_string());
        assert!(sink.docs[1].1.contains("Please update our account."));
    }

    #[test]
    fn a_store_of_another_version_says_which() {
        let mut pst = one_message_store("s", "b", ("a.txt", b"a"));
        pst[10] = 36;
        assert!(errors_of(&pst).iter().any(|e| e.contains("4 KiB pages")));
        assert!(errors_of(b"!BDN").iter().any(|e| e.contains("truncated header")));
    }
}
