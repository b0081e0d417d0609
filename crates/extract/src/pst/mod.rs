//! Outlook stores (`.pst`, `.ost`): each message is a document of its
//! own, `mail.pst!Inbox/Subject [0x200024].msg`, read as an Outlook
//! message is (its correspondents, subject, body and dates; a contact's
//! fields as labelled lines), and each attachment a document under it,
//! read by its own reader. Messages are read one at a time, so a store of
//! gigabytes is read within the bounds.

mod ltp;
mod named;
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
const RECIPIENT_TABLE: u32 = 0x12;

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
    pub const RTF_COMPRESSED: u16 = 0x1009;
    pub const HTML: u16 = 0x1013;
    pub const RECIPIENT_TYPE: u16 = 0x0c15;
    pub const DISPLAY_NAME: u16 = 0x3001;
    pub const EMAIL_ADDRESS: u16 = 0x3003;
    pub const SMTP_ADDRESS: u16 = 0x39fe;
    pub const CREATION_TIME: u16 = 0x3007;
    pub const ATTACH_DATA: u16 = 0x3701;
    pub const ATTACH_FILENAME: u16 = 0x3704;
    pub const ATTACH_METHOD: u16 = 0x3705;
    pub const ATTACH_LONG_FILENAME: u16 = 0x3707;
    pub const ATTACH_PATHNAME: u16 = 0x3708;
    pub const ATTACH_LONG_PATHNAME: u16 = 0x370d;
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
    tag::RTF_COMPRESSED,
    tag::HTML,
    tag::CREATION_TIME,
];
/// A contact's (or any item's) fields about a person, read as labelled
/// lines: id, label (MS-OXOCNTC 2.2.1).
const PERSON_FIELDS: &[(u16, &str)] = &[
    (0x3a45, "Title"),
    (0x3a06, "Given name"),
    (0x3a44, "Middle name"),
    (0x3a11, "Surname"),
    (0x3a4f, "Nickname"),
    (0x3a16, "Company"),
    (0x3a17, "Job title"),
    (0x3a18, "Department"),
    (0x3a08, "Business phone"),
    (0x3a1b, "Business phone 2"),
    (0x3a09, "Home phone"),
    (0x3a2f, "Home phone 2"),
    (0x3a1c, "Mobile phone"),
    (0x3a1a, "Primary phone"),
    (0x3a24, "Business fax"),
    (0x3a25, "Home fax"),
    (0x3a29, "Street address"),
    (0x3a27, "City"),
    (0x3a28, "Province or state"),
    (0x3a2a, "Postal code"),
    (0x3a26, "Country"),
    (0x3a5d, "Home street address"),
    (0x3a59, "Home city"),
    (0x3a5c, "Home province or state"),
    (0x3a5b, "Home postal code"),
    (0x3a5a, "Home country"),
    (0x3a4e, "Manager"),
    (0x3a30, "Assistant"),
    (0x3a4d, "Gender"),
];
/// A contact's birthday (a time).
const BIRTHDAY: u16 = 0x3a42;

const ATTACHMENT_TAGS: &[u16] = &[
    tag::DISPLAY_NAME,
    tag::ATTACH_DATA,
    tag::ATTACH_FILENAME,
    tag::ATTACH_METHOD,
    tag::ATTACH_LONG_FILENAME,
    tag::ATTACH_PATHNAME,
    tag::ATTACH_LONG_PATHNAME,
];
const FOLDER_TAGS: &[u16] = &[tag::DISPLAY_NAME];
const RECIPIENT_TAGS: &[u16] = &[
    tag::RECIPIENT_TYPE,
    tag::DISPLAY_NAME,
    tag::EMAIL_ADDRESS,
    tag::SMTP_ADDRESS,
];

/// An attachment's data is in its `ATTACH_DATA` (MS-OXCMSG 2.2.2.9).
const BY_VALUE: i64 = 1;
/// An attached message, an object of its own.
const EMBEDDED_MESSAGE: i64 = 5;
/// An OLE object embedded in a rich-text body.
const OLE: i64 = 6;
/// Attached by reference: a path to a file outside the store, or (7) a
/// link to one in the cloud.
const BY_REFERENCE: [i64; 4] = [2, 3, 4, 7];
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
    let emails: Vec<u16> = guarded(|| Ok(named::contact_email_ids(&store, max_bytes))).unwrap_or_default();
    let opened = Opened {
        folders: guarded(|| Ok(folders(&store, max_bytes))).unwrap_or_default(),
        message_tags: MESSAGE_TAGS
            .iter()
            .copied()
            .chain(PERSON_FIELDS.iter().map(|f| f.0))
            .chain([BIRTHDAY])
            .chain(emails.iter().copied())
            .collect(),
        emails,
        store,
    };
    let folders = &opened.folders;
    for node in opened.store.nodes.iter().filter(|n| node_type(n.nid) == MESSAGE) {
        match guarded(|| Message::read(&opened, node, max_bytes)) {
            Ok(message) => message.report(reader, &opened, display, modified, depth + 1),
            Err(why) => {
                let path = format!("{display}!{}", message_path(folders, node, None));
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

/// A store opened, with what its messages are read against: its folders
/// and the ids it gives named properties.
struct Opened {
    store: Store,
    folders: HashMap<u32, Folder>,
    /// The ids of a contact's e-mail addresses.
    emails: Vec<u16>,
    /// The properties read of each message: a message's, a contact's,
    /// and its e-mail addresses.
    message_tags: Vec<u16>,
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
    // However the folders point at each other (nameless ones in a loop too).
    for _ in 0..MAX_FOLDER_DEPTH {
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
    /// Its recipient table's rows.
    recipients: Vec<HashMap<u16, Value>>,
    /// BLAKE3 and size of its properties' bytes: the message's identity.
    blake3: String,
    size: u64,
    /// Its attachments' nodes, each read when its turn comes, so that
    /// one is held at a time.
    attachments: Vec<Node>,
}

impl<'n> Message<'n> {
    /// Reads the message `node` of the store.
    fn read(opened: &Opened, node: &'n Node, max_bytes: u64) -> Result<Message<'n>, String> {
        let store = &opened.store;
        let pages = store.node_data(node.data, max_bytes)?;
        let subnodes = store.subnodes(node.sub)?;

        let props = ltp::properties(store, &pages, &subnodes, &opened.message_tags, max_bytes);
        let mut hasher = blake3::Hasher::new();
        for page in &pages {
            hasher.update(page);
        }
        let recipients = match subnodes.values().find(|n| node_type(n.nid) == RECIPIENT_TABLE) {
            Some(table) => {
                let pages = store.node_data(table.data, max_bytes)?;
                let own = store.subnodes(table.sub)?;
                ltp::table_rows(store, &pages, &own, RECIPIENT_TAGS, max_bytes)
            }
            None => Vec::new(),
        };
        let mut attachments: Vec<Node> = subnodes
            .into_values()
            .filter(|n| node_type(n.nid) == ATTACHMENT)
            .collect();
        attachments.sort_by_key(|n| n.nid);
        Ok(Message {
            node,
            props,
            recipients,
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
        opened: &Opened,
        display: &str,
        modified: Option<NaiveDate>,
        depth: u32,
    ) {
        let store = &opened.store;
        let subject = match self.props.get(&tag::SUBJECT) {
            Some(Value::Text(subject)) => Some(subject.as_str()),
            _ => None,
        };
        let path = format!("{display}!{}", message_path(&opened.folders, self.node, subject));
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
        let header = header(&self.props, &self.recipients);
        out.segment(Segment::new(header, Origin::Part("headers".into())));
        let fields = person_fields(&self.props, &opened.emails);
        if !fields.is_empty() {
            out.segment(Segment::new(fields, Origin::Part("fields".into())));
        }
        let body = match (self.props.remove(&tag::BODY), self.props.remove(&tag::HTML)) {
            (Some(Value::Text(body)), _) if !body.trim().is_empty() => body,
            (_, Some(Value::Bytes(html))) => crate::markup::strip(&crate::text::decode(&html)),
            (_, Some(Value::Text(html))) => crate::markup::strip(&html),
            // Written in rich text, its body is only compressed RTF.
            _ => match self.props.remove(&tag::RTF_COMPRESSED) {
                Some(Value::Bytes(rtf)) => crate::rtf::compressed_text(&rtf).unwrap_or_default(),
                _ => String::new(),
            },
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
            let unread = |reader: &mut Reader<'_>, why: String| {
                let child = format!("{path}!attachment-{}", i + 1);
                let why = format!("attachment cannot be read: {why}");
                reader.report_only(&child, 0, String::new(), Kind::Binary, modified, depth + 1, why);
            };
            match guarded(|| attachment_data(store, attachment, max_bytes)) {
                Ok(Attached::File(name, data)) => {
                    reader.bytes(&format!("{path}!{}", child_name(&name)), &data, modified, depth + 1)
                }
                Ok(Attached::Message(_)) if depth >= reader.limits.max_depth => {
                    let bound = reader.limits.max_depth;
                    unread(
                        reader,
                        format!("an attached message nested over the bound of {bound}: not opened"),
                    );
                }
                Ok(Attached::Message(node)) => match guarded(|| Message::read(opened, &node, max_bytes)) {
                    Ok(message) => message.report(reader, opened, &path, modified, depth + 1),
                    Err(why) => unread(reader, why),
                },
                Ok(Attached::Nothing) => {}
                Err(why) => unread(reader, why),
            }
        }
    }
}

/// The message's correspondents and subject, a line each, as an Outlook
/// message's are read (the sending date is metadata, not text). The
/// recipients are its recipient table's, with their addresses; failing
/// it, its display lists' names.
fn header(props: &HashMap<u16, Value>, recipients: &[HashMap<u16, Value>]) -> String {
    let mut header = String::new();
    let sender = correspondent(
        text(props, tag::SENDER_NAME),
        text(props, tag::SENDER_SMTP_ADDRESS).or(text(props, tag::SENDER_ADDRESS)),
    );
    if let Some(sender) = sender {
        header.push_str(&format!("From: {sender}\n"));
    }
    const LABELS: [(&str, u16, i64); 3] = [
        ("To", tag::DISPLAY_TO, 1),
        ("Cc", tag::DISPLAY_CC, 2),
        ("Bcc", tag::DISPLAY_BCC, 3),
    ];
    for (label, list, kind) in LABELS {
        if recipients.is_empty() {
            // The display lists name each correspondent, apart by semicolons.
            for someone in text(props, list).into_iter().flat_map(|list| list.split(';')) {
                if !someone.trim().is_empty() {
                    header.push_str(&format!("{label}: {}\n", someone.trim()));
                }
            }
            continue;
        }
        for row in recipients
            .iter()
            .filter(|r| r.get(&tag::RECIPIENT_TYPE) == Some(&Value::Integer(kind)))
        {
            let address = text(row, tag::SMTP_ADDRESS).or(text(row, tag::EMAIL_ADDRESS));
            if let Some(someone) = correspondent(text(row, tag::DISPLAY_NAME), address) {
                header.push_str(&format!("{label}: {someone}\n"));
            }
        }
    }
    if let Some(subject) = text(props, tag::SUBJECT) {
        header.push_str(&format!("Subject: {}\n", subject_text(subject)));
    }
    header
}

/// A contact's fields about its person, a labelled line each ("Given
/// name: Marie", "Date of birth: 1984-03-12"), so that they are read
/// under their labels; its e-mail addresses are the properties `emails`.
fn person_fields(props: &HashMap<u16, Value>, emails: &[u16]) -> String {
    let mut lines = String::new();
    for &(id, label) in PERSON_FIELDS {
        if let Some(value) = text(props, id) {
            lines.push_str(&format!("{label}: {value}\n"));
        }
    }
    for address in emails.iter().filter_map(|&id| text(props, id)) {
        lines.push_str(&format!("E-mail: {address}\n"));
    }
    if let Some(day) = props.get(&BIRTHDAY).and_then(birthday) {
        lines.push_str(&format!("Date of birth: {day}\n"));
    }
    lines
}

/// A birthday's day: Outlook keeps midnight of the day where it was
/// entered, in UTC, so a time past noon is the next day's midnight east
/// of Greenwich.
fn birthday(value: &Value) -> Option<NaiveDate> {
    let Value::Integer(ticks) = value else { return None };
    let time = crate::le::filetime(*ticks)?;
    let day = time.date_naive();
    Some(if chrono::Timelike::hour(&time) >= 12 {
        day.succ_opt()?
    } else {
        day
    })
}

/// A text property, if set and not blank.
fn text(props: &HashMap<u16, Value>, id: u16) -> Option<&str> {
    match props.get(&id) {
        Some(Value::Text(t)) if !t.trim().is_empty() => Some(t.trim()),
        _ => None,
    }
}

/// A correspondent as `Name <address>`, or whichever is known. An address
/// that is not an Internet one (an Exchange `/O=...` path) is left out,
/// and a name that only repeats the address.
fn correspondent(name: Option<&str>, address: Option<&str>) -> Option<String> {
    let address = address.filter(|a| a.contains('@'));
    let name = name.filter(|n| address.is_none_or(|a| !n.eq_ignore_ascii_case(a)));
    crate::mail::correspondent(name, address)
}

/// The day of a FILETIME.
fn filetime_date(value: &Value) -> Option<NaiveDate> {
    let Value::Integer(ticks) = value else { return None };
    crate::le::filetime(*ticks).map(|t| t.date_naive())
}

/// What an attachment holds.
enum Attached {
    /// A file: its name and bytes.
    File(String, Vec<u8>),
    /// A message, the subnode of the attachment holding it.
    Message(Node),
    /// Nothing (an attachment of a method no Outlook writes).
    Nothing,
}

/// What the attachment `node` holds.
fn attachment_data(store: &Store, node: &Node, max_bytes: u64) -> Result<Attached, String> {
    let pages = store.node_data(node.data, max_bytes)?;
    let subnodes = store.subnodes(node.sub)?;
    let mut props = ltp::properties(store, &pages, &subnodes, ATTACHMENT_TAGS, max_bytes);
    let method = match props.get(&tag::ATTACH_METHOD) {
        Some(Value::Integer(m)) => *m,
        _ => BY_VALUE,
    };
    if method == OLE {
        return Err("an OLE object embedded in the message: not read".into());
    }
    if BY_REFERENCE.contains(&method) {
        // Named by where it points, so that the file can be looked for.
        let path = [tag::ATTACH_LONG_PATHNAME, tag::ATTACH_PATHNAME]
            .into_iter()
            .find_map(|id| text(&props, id).map(str::to_string))
            .unwrap_or_else(|| "a path not given".into());
        return Err(format!("attached by reference to {path}: the file is not in the store"));
    }
    if method == EMBEDDED_MESSAGE {
        return match props.remove(&tag::ATTACH_DATA) {
            Some(Value::Object(nid)) => subnodes
                .get(&nid)
                .copied()
                .map(Attached::Message)
                .ok_or_else(|| "its attached message is missing".to_string()),
            _ => Err("its attached message cannot be found".into()),
        };
    }
    let name = [tag::ATTACH_LONG_FILENAME, tag::ATTACH_FILENAME, tag::DISPLAY_NAME]
        .into_iter()
        .find_map(|id| match props.remove(&id) {
            Some(Value::Text(name)) if !name.trim().is_empty() => Some(name),
            _ => None,
        })
        .unwrap_or_else(|| format!("attachment-{:#x}", node.nid));
    match props.remove(&tag::ATTACH_DATA) {
        Some(Value::Bytes(data)) => Ok(Attached::File(name, data)),
        _ if method == BY_VALUE => Err(format!("{name}: its data cannot be read or is over the bound")),
        _ => Ok(Attached::Nothing),
    }
}

#[cfg(test)]
mod tests {
    use crate::reader::tests::read_bytes;
    use crate::Limits;
    use breachscope_demo::formats::pst::{self, int, text, Message, Writer};
    use chrono::NaiveDate;

    fn message(subject: &str, body: &str, attachments: Vec<(String, Vec<u8>)>) -> Message {
        Message {
            from: "marie.tremblay@example.ca".into(),
            to: vec!["ap@democo.ca".into(), "jean.roy@democo.ca".into()],
            subject: subject.into(),
            sent: NaiveDate::from_ymd_opt(2022, 3, 15).unwrap(),
            body: body.into(),
            attachments,
            attached_messages: Vec::new(),
        }
    }

    #[test]
    fn each_message_is_a_document_and_each_attachment_one_under_it() {
        // A body of three blocks and an attachment over a heap's share:
        // both kept in subnodes, as Outlook keeps them.
        let body = format!(
            "{}\nPlease update our account. SIN 046 454 286",
            "Hello.\n".repeat(3000)
        );
        let csv = format!("name,sin\n{}Jean Roy,130 692 544\n", "Someone,none\n".repeat(200));
        let m = message(
            "RE: banking details",
            &body,
            vec![("payees.csv".into(), csv.into_bytes())],
        );
        let (bytes, paths) = pst::build("Inbox", &[m]);
        let read = read_bytes("mail.pst", &bytes, &Limits::default());
        let shown: Vec<&str> = read.docs.iter().map(|d| d.0.path.as_str()).collect();
        let message_path = format!("mail.pst!{}", paths[0]);
        assert_eq!(message_path, "mail.pst!Inbox/RE: banking details [0x200004].msg");
        assert_eq!(
            shown,
            ["mail.pst", &message_path, &format!("{message_path}!payees.csv")]
        );
        let (store, message, attachment) = (&read.docs[0], &read.docs[1], &read.docs[2]);
        assert!(store.3.is_empty(), "{:?}", store.3);
        assert!(message.3.is_empty(), "{:?}", message.3);
        let header =
            "From: marie.tremblay@example.ca\nTo: ap@democo.ca\nTo: jean.roy@democo.ca\nSubject: RE: banking details\n";
        assert!(message.1.starts_with(header), "{}", &message.1[..200]);
        assert!(message.1.contains("SIN 046 454 286"));
        assert_eq!(message.2, [NaiveDate::from_ymd_opt(2022, 3, 15).unwrap()]);
        assert!(attachment.1.contains("130 692 544"), "{}", attachment.1);
    }

    #[test]
    fn an_ansi_store_reads_as_a_unicode_one() {
        let attachment = (
            "payees.csv".to_string(),
            b"name,sin\nJean Roy,130 692 544\n".repeat(100),
        );
        let m = || {
            message(
                "RE: banking details",
                &"Hello.\n".repeat(3000),
                vec![attachment.clone()],
            )
        };
        let read = |bytes: Vec<u8>| read_bytes("mail.pst", &bytes, &Limits::default()).docs;
        let (unicode, ansi) = (
            read(pst::build("Inbox", &[m()]).0),
            read(pst::build_ansi("Inbox", &[m()]).0),
        );
        assert_eq!(ansi.len(), 3);
        for (a, u) in ansi.iter().zip(&unicode).skip(1) {
            assert_eq!((&a.0.path, &a.1, &a.2, &a.3), (&u.0.path, &u.1, &u.2, &u.3));
        }
    }

    #[test]
    fn an_offline_store_of_4_kib_pages_reads_as_a_store_of_512_byte_ones() {
        // Enough messages for both trees to take more than one 4 KiB page,
        // bodies over a block (three of them, each compressed) and an
        // attachment in a subnode.
        let attachment = (
            "payees.csv".to_string(),
            b"name,sin\nJean Roy,130 692 544\n".repeat(400),
        );
        let messages: Vec<Message> = (0..300)
            .map(|i| {
                message(
                    &format!("RE: banking details {i}"),
                    &format!("{}SIN 046 454 286 for {i}", "Hello.\n".repeat(3000)),
                    vec![attachment.clone()],
                )
            })
            .collect();
        let read = |bytes: Vec<u8>| read_bytes("mail.pst", &bytes, &Limits::default()).docs;
        let (offline, paths) = pst::build_offline("Inbox", &messages);
        assert_eq!(u16::from_le_bytes([offline[10], offline[11]]), 36);
        let (offline, unicode) = (read(offline), read(pst::build("Inbox", &messages).0));
        assert!(offline[0].3.is_empty(), "{:?}", offline[0].3);
        assert_eq!(offline.len(), 601);
        assert_eq!(offline[1].0.path, format!("mail.pst!{}", paths[0]));
        for (o, u) in offline.iter().zip(&unicode).skip(1) {
            assert_eq!((&o.0.path, &o.1, &o.2, &o.3), (&u.0.path, &u.1, &u.2, &u.3));
        }
        assert!(offline[600].1.contains("130 692 544"));
    }

    #[test]
    fn an_offline_store_s_encoded_blocks_are_decoded() {
        // A message's properties, permuted as MS-PST's "compressible
        // encryption" does (by outlook-pst's writer), then compressed.
        let mut w = Writer::offline().encoded(1);
        let pc = w.property_context(
            &[text(0x0037, "Encoded"), text(0x1000, "Transit 12345.")],
            &mut Vec::new(),
        );
        let encoded = permuted(&pc);
        assert_ne!(encoded, pc);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut z, &encoded).unwrap();
        w.verbatim_block(4, z.finish().unwrap(), pc.len() as u16);
        w.node(0x200024, 4, 0, 0x122);
        let read = read_bytes("mail.ost", &w.finish(), &Limits::default());
        assert!(read.docs[1].3.is_empty(), "{:?}", read.docs[1].3);
        assert!(read.docs[1].1.contains("Transit 12345."), "{}", read.docs[1].1);
    }

    /// `data` as MS-PST's permutation encodes it: written by outlook-pst
    /// as a Unicode store's data block, and taken back from its bytes.
    fn permuted(data: &[u8]) -> Vec<u8> {
        use outlook_pst::ndb::block::{DataTree, UnicodeBlockTrailer, UnicodeDataBlock};
        use outlook_pst::ndb::block_id::UnicodeBlockId;
        use outlook_pst::ndb::block_ref::UnicodeBlockRef;
        use outlook_pst::ndb::byte_index::UnicodeByteIndex;
        use outlook_pst::ndb::header::NdbCryptMethod;
        use outlook_pst::ndb::page::UnicodeBlockBTreeEntry;
        let trailer = UnicodeBlockTrailer::new(data.len() as u16, 0, 0, UnicodeBlockId::from(4)).unwrap();
        let block = UnicodeDataBlock::new(NdbCryptMethod::Permute, data.to_vec(), trailer).unwrap();
        let entry = UnicodeBlockBTreeEntry::new(
            UnicodeBlockRef::new(UnicodeBlockId::from(4), UnicodeByteIndex::new(0)),
            data.len() as u16,
        );
        let mut out = std::io::Cursor::new(Vec::new());
        DataTree::<outlook_pst::UnicodePstFile>::Leaf(Box::new(block))
            .write(&mut out, &entry)
            .unwrap();
        out.into_inner()[..data.len()].to_vec()
    }

    #[test]
    fn an_offline_store_s_damaged_blocks_are_said_so() {
        let mut w = Writer::offline();
        let pc = w.property_context(&[text(0x0037, "Fine")], &mut Vec::new());
        let data = w.data(&pc);
        w.node(0x200024, data, 0, 0x122);
        // Said to inflate, but no zlib stream; said to inflate to more
        // than it does.
        w.verbatim_block(0x14, b"not compressed at all".to_vec(), 500);
        w.node(0x200044, 0x14, 0, 0x122);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut z, &pc).unwrap();
        w.verbatim_block(0x18, z.finish().unwrap(), pc.len() as u16 + 9);
        w.node(0x200064, 0x18, 0, 0x122);
        let read = read_bytes("mail.ost", &w.finish(), &Limits::default());
        assert!(read.docs[1].3.is_empty(), "{:?}", read.docs[1].3);
        assert!(read.docs[2].3[0].contains("does not inflate"), "{:?}", read.docs[2].3);
        assert!(read.docs[3].3[0].contains("another size"), "{:?}", read.docs[3].3);
    }

    #[test]
    fn a_body_kept_only_as_compressed_rtf_is_read() {
        let rtf = compressed_rtf::compress_rtf(r"{\rtf1\ansi Pay to transit 12345, institution 003.\par}").unwrap();
        let mut w = Writer::default();
        let mut subnodes = Vec::new();
        let pc = w.property_context(&[text(0x0037, "Rich"), (0x1009, pst::BINARY, rtf)], &mut subnodes);
        let data = w.data(&pc);
        let sub = w.subnodes(&mut subnodes);
        w.node(0x200024, data, sub, 0x8022);
        let read = read_bytes("mail.pst", &w.finish(), &Limits::default());
        assert!(
            read.docs[1].1.contains("Pay to transit 12345, institution 003."),
            "{}",
            read.docs[1].1
        );
    }

    #[test]
    fn contacts_are_read_field_by_field_under_their_labels() {
        let contact = pst::Contact {
            given_name: "Dorothée".into(),
            surname: "Fréchette".into(),
            company: "Prairie Sky Supply Inc.".into(),
            business_phone: "613-555-0142".into(),
            email: "dfrechette@prairiesky.ca".into(),
            city: "Ottawa".into(),
            postal_code: "K1A 0B1".into(),
        };
        let (bytes, _, paths) = pst::build_with_contacts("Inbox", &[], &[contact]);
        let read = read_bytes("mail.pst", &bytes, &Limits::default());
        let doc = read
            .docs
            .iter()
            .find(|d| d.0.path == format!("mail.pst!{}", paths[0]))
            .unwrap();
        assert_eq!(paths[0], "Contacts/Dorothée Fréchette [0x400004].msg");
        for line in [
            "Given name: Dorothée\n",
            "Surname: Fréchette\n",
            "Business phone: 613-555-0142\n",
            "Postal code: K1A 0B1\n",
        ] {
            assert!(doc.1.contains(line), "{line:?} in {}", doc.1);
        }
        // A birthday is midnight where it was entered: 05:00 UTC in
        // Toronto, 22:00 UTC the day before in Paris.
        for (utc, day) in [
            ("1984-03-12T05:00:00Z", "1984-03-12"),
            ("1984-03-11T22:00:00Z", "1984-03-12"),
        ] {
            let unix = chrono::DateTime::parse_from_rfc3339(utc).unwrap().timestamp();
            let ticks = ((unix + 11_644_473_600) * 10_000_000).to_le_bytes().to_vec();
            let mut w = Writer::default();
            let pc = w.property_context(&[text(0x0037, "Marie Roy"), (0x3a42, 0x0040, ticks)], &mut Vec::new());
            let data = w.data(&pc);
            w.node(0x200024, data, 0, 0x8022);
            let read = read_bytes("mail.pst", &w.finish(), &Limits::default());
            assert!(
                read.docs[1].1.contains(&format!("Date of birth: {day}\n")),
                "{}",
                read.docs[1].1
            );
        }
    }

    #[test]
    fn without_a_recipient_table_the_display_lists_name_the_recipients() {
        let mut w = Writer::default();
        let props = [text(0x0037, "Minutes"), text(0x0e04, "Accounts Payable; Jean Roy")];
        let pc = w.property_context(&props, &mut Vec::new());
        let data = w.data(&pc);
        w.node(0x200024, data, 0, 0x8022);
        let read = read_bytes("mail.pst", &w.finish(), &Limits::default());
        assert_eq!(
            read.docs[1].1,
            "To: Accounts Payable\nTo: Jean Roy\nSubject: Minutes\n\n"
        );
    }

    /// Every error reported on the store and its documents.
    fn errors_of(pst: &[u8]) -> Vec<String> {
        let read = read_bytes("mail.pst", pst, &Limits::default());
        read.docs.into_iter().flat_map(|d| d.3).collect()
    }

    fn root_page(pst: &[u8], at: usize) -> usize {
        u64::from_le_bytes(pst[at..at + 8].try_into().unwrap()) as usize
    }

    #[test]
    fn a_tree_page_that_points_back_at_itself_stops_the_store_not_the_run() {
        let (mut pst, _) = pst::build("Inbox", &[message("s", "b", Vec::new())]);
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
    fn folders_that_are_each_other_s_parents_end_the_path_not_the_run() {
        let mut w = Writer::default();
        for (nid, parent, name) in [
            (0x8022, 0x8042, ""),
            (0x8042, 0x8022, ""),
            (0x8062, 0x8082, "Inbox"),
            (0x8082, 0x8062, "Old"),
        ] {
            let pc = w.property_context(&[text(0x3001, name)], &mut Vec::new());
            let data = w.data(&pc);
            w.node(nid, data, 0, parent);
        }
        for (nid, parent) in [(0x200024, 0x8022), (0x200044, 0x8062)] {
            let pc = w.property_context(&[text(0x0037, "Looped")], &mut Vec::new());
            let data = w.data(&pc);
            w.node(nid, data, 0, parent);
        }
        let read = read_bytes("mail.pst", &w.finish(), &Limits::default());
        assert_eq!(read.docs[1].0.path, "mail.pst!Looped [0x200024].msg");
        assert!(
            read.docs[2].0.path.ends_with("/Old/Inbox/Looped [0x200044].msg"),
            "{}",
            read.docs[2].0.path
        );
    }

    #[test]
    fn a_data_tree_listing_one_block_over_and_over_stops_at_the_bound() {
        let mut w = Writer::default();
        let pc = w.property_context(&[text(0x0037, "Repeated")], &mut Vec::new());
        w.block(4, pc);
        let list = |child: u64| {
            let mut block = vec![1, 0, 0xe8, 0x03, 0, 0, 0, 0];
            block.extend(std::iter::repeat_n(child.to_le_bytes(), 1000).flatten());
            block
        };
        let mut xblock = list(4);
        xblock[1] = 1;
        let mut xxblock = list(0x16);
        xxblock[1] = 2;
        w.block(0x16, xblock);
        w.block(0x1a, xxblock);
        w.node(0x200024, 0x1a, 0, 0x122);
        let read = read_bytes("mail.pst", &w.finish(), &Limits::default());
        assert!(read.docs[1].3[0].contains("over the bound"), "{:?}", read.docs[1].3);
    }

    #[test]
    fn a_block_larger_than_a_block_may_be_is_said_so() {
        let mut w = Writer::default();
        w.block(4, vec![0; 9000]);
        w.node(0x200024, 4, 0, 0x122);
        let read = read_bytes("mail.pst", &w.finish(), &Limits::default());
        assert!(read.docs[1].3[0].contains("9000 bytes, over"), "{:?}", read.docs[1].3);
    }

    #[test]
    fn data_and_subnode_blocks_that_point_back_at_themselves_are_said_so() {
        let mut w = Writer::default();
        let pc = w.property_context(&[text(0x0037, "looped")], &mut Vec::new());
        let data = w.data(&pc);
        // An XBLOCK (0x16) listing itself, and an SIBLOCK (0x1a) listing itself.
        w.block(
            0x16,
            [&[1u8, 1, 1, 0, 16, 0, 0, 0][..], &0x16u64.to_le_bytes()].concat(),
        );
        let siblock = [
            &[2u8, 1, 1, 0, 0, 0, 0, 0][..],
            &0x25u64.to_le_bytes(),
            &0x1au64.to_le_bytes(),
        ]
        .concat();
        w.block(0x1a, siblock);
        w.node(0x200024, 0x16, 0, 0x122);
        w.node(0x200044, data, 0x1a, 0x122);
        let read = read_bytes("mail.pst", &w.finish(), &Limits::default());
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
        let attachment = ("payees.csv".to_string(), b"a,b\n1,2\n".repeat(200));
        let (pst, _) = pst::build("Inbox", &[message("RE: banking details", "body", vec![attachment])]);
        for cut in [8, 600, 0x4400, pst.len() - 300] {
            let read = read_bytes("mail.pst", &pst[..cut], &Limits::default());
            assert!(!read.docs.is_empty());
        }
        // Bytes past the header changed one at a time.
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
    fn an_attached_message_is_a_document_under_its_message() {
        let mut forwarded = message("Banking details", "Transit 12345, institution 003.", Vec::new());
        forwarded.attachments = vec![("void-cheque.txt".into(), b"Account 1234567".to_vec())];
        let mut outer = message("FW: Banking details", "See the message attached.", Vec::new());
        outer.attached_messages = vec![forwarded];
        let (bytes, paths) = pst::build("Inbox", &[outer]);
        let read = read_bytes("mail.pst", &bytes, &Limits::default());
        let outer_path = format!("mail.pst!{}", paths[0]);
        let inner_path = format!("{outer_path}!Banking details [0x200004].msg");
        let shown: Vec<&str> = read.docs.iter().map(|d| d.0.path.as_str()).collect();
        assert_eq!(
            shown,
            [
                "mail.pst",
                &outer_path,
                &inner_path,
                &format!("{inner_path}!void-cheque.txt")
            ]
        );
        assert!(read.docs[2].1.contains("Transit 12345"), "{}", read.docs[2].1);
        assert_eq!(read.docs[2].0.depth, 2);
        assert!(read.docs.iter().all(|d| d.3.is_empty()));
    }

    #[test]
    fn an_attachment_whose_message_is_missing_is_named_not_dropped() {
        let mut w = Writer::default();
        let attached = w.property_context(&[int(0x3705, 5), text(0x3001, "contract")], &mut Vec::new());
        let attached = w.data(&attached);
        let mut subnodes = vec![(0x25, attached, 0)];
        let pc = w.property_context(&[text(0x0037, "FW: contract")], &mut subnodes);
        let data = w.data(&pc);
        let sub = w.subnodes(&mut subnodes);
        w.node(0x200024, data, sub, 0x122);
        let read = read_bytes("mail.pst", &w.finish(), &Limits::default());
        let last = read.docs.last().unwrap();
        assert_eq!(last.0.path, "mail.pst!FW: contract [0x200024].msg!attachment-1");
        assert_eq!(
            last.3,
            ["attachment cannot be read: its attached message cannot be found"]
        );
    }

    #[test]
    fn attachments_not_held_in_the_store_say_where_they_are() {
        let mut w = Writer::default();
        let linked = w.property_context(
            &[int(0x3705, 2), text(0x370d, r"\\fs01\ap\vendors.xlsx")],
            &mut Vec::new(),
        );
        let linked = w.data(&linked);
        let ole = w.property_context(&[int(0x3705, 6)], &mut Vec::new());
        let ole = w.data(&ole);
        let mut subnodes = vec![(0x25, linked, 0), (0x45, ole, 0)];
        let pc = w.property_context(&[text(0x0037, "Vendors")], &mut subnodes);
        let data = w.data(&pc);
        let sub = w.subnodes(&mut subnodes);
        w.node(0x200024, data, sub, 0x122);
        let read = read_bytes("mail.pst", &w.finish(), &Limits::default());
        let errors: Vec<&str> = read.docs[2..].iter().map(|d| d.3[0].as_str()).collect();
        assert_eq!(
            errors,
            [
                r"attachment cannot be read: attached by reference to \\fs01\ap\vendors.xlsx: the file is not in the store",
                "attachment cannot be read: an OLE object embedded in the message: not read",
            ]
        );
    }

    #[test]
    fn a_store_too_large_to_hold_is_read_from_its_file() {
        let (pst, paths) = pst::build(
            "Inbox",
            &[message("RE: banking details", "Please update our account.", Vec::new())],
        );
        let path = std::env::temp_dir().join(format!("breachscope-{}-large.pst", std::process::id()));
        std::fs::write(&path, &pst).unwrap();
        let limits = Limits {
            max_in_memory: 1024,
            ..Limits::default()
        };
        let mut sink = crate::reader::tests::Collect::default();
        crate::read_path(&path, "large.pst", &limits, &crate::ReadBudget::default(), &mut sink);
        std::fs::remove_file(&path).unwrap();
        assert_eq!(sink.docs[1].0.path, format!("large.pst!{}", paths[0]));
        assert_eq!(sink.docs[0].0.blake3, blake3::hash(&pst).to_hex().to_string());
        assert!(sink.docs[1].1.contains("Please update our account."));
    }

    #[test]
    fn an_offline_store_reads_as_a_personal_one() {
        let (mut ost, paths) = pst::build("Inbox", &[message("RE: banking details", "Transit 12345.", Vec::new())]);
        ost[8..10].copy_from_slice(b"SO");
        let partial = pst::crc(&ost[8..479]);
        ost[4..8].copy_from_slice(&partial.to_le_bytes());
        let full = pst::crc(&ost[8..524]);
        ost[524..528].copy_from_slice(&full.to_le_bytes());
        let read = read_bytes("mail.ost", &ost, &Limits::default());
        assert!(read.docs[0].3.is_empty(), "{:?}", read.docs[0].3);
        assert_eq!(read.docs[1].0.path, format!("mail.ost!{}", paths[0]));
        assert!(read.docs[1].1.contains("Transit 12345."));
    }

    #[test]
    fn a_store_of_another_version_says_which() {
        let (mut pst, _) = pst::build("Inbox", &[]);
        pst[10] = 37;
        assert!(errors_of(&pst).iter().any(|e| e.contains("store version 37")));
        assert!(errors_of(b"!BDN").iter().any(|e| e.contains("truncated header")));
    }
}
