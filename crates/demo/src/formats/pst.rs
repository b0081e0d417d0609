//! Outlook stores (`.pst`), Unicode or ANSI, not encoded: a folder of
//! messages with their recipients, attachments and attached messages, and
//! a folder of contacts, laid out as MS-PST describes (header, node and
//! block B-trees, data trees, subnode lists, heaps, property contexts,
//! recipient tables, the map of named properties); and the offline stores
//! (`.ost`) of Outlook 2013 and later, in 4 KiB pages with their blocks
//! compressed, as libpff's documentation of the format describes them.
//! `Writer` is also the parts tests assemble damaged stores from.

use chrono::NaiveDate;
use std::io::Write;

/// A message of the store.
pub struct Message {
    /// The sender's address.
    pub from: String,
    /// The recipients' addresses.
    pub to: Vec<String>,
    pub subject: String,
    pub sent: NaiveDate,
    pub body: String,
    /// Attached files: name, bytes.
    pub attachments: Vec<(String, Vec<u8>)>,
    /// Attached messages (a message forwarded as an attachment).
    pub attached_messages: Vec<Message>,
}

/// A contact of the store's Contacts folder.
#[derive(Debug, Clone)]
pub struct Contact {
    pub given_name: String,
    pub surname: String,
    pub company: String,
    pub business_phone: String,
    pub email: String,
    pub city: String,
    pub postal_code: String,
}

impl Contact {
    /// The name it is filed under.
    pub fn name(&self) -> String {
        format!("{} {}", self.given_name, self.surname)
    }
}

/// A store with one folder, `folder`, holding `messages`; and each
/// message's path in the store, as readers show it
/// (`Inbox/Subject [0x200024].msg`).
pub fn build(folder: &str, messages: &[Message]) -> (Vec<u8>, Vec<String>) {
    let (bytes, paths, _) = write(Writer::default(), folder, messages, &[]);
    (bytes, paths)
}

/// The same store in the ANSI layout of Outlook 97 to 2002.
pub fn build_ansi(folder: &str, messages: &[Message]) -> (Vec<u8>, Vec<String>) {
    let (bytes, paths, _) = write(Writer::ansi(), folder, messages, &[]);
    (bytes, paths)
}

/// The same store as Outlook 2013 and later keep a mailbox offline: an
/// `.ost` of 4 KiB pages, its blocks compressed.
pub fn build_offline(folder: &str, messages: &[Message]) -> (Vec<u8>, Vec<String>) {
    let (bytes, paths, _) = write(Writer::offline(), folder, messages, &[]);
    (bytes, paths)
}

/// A store with `messages` in `folder` and `contacts` in a folder
/// "Contacts"; and the paths of each message and each contact.
pub fn build_with_contacts(
    folder: &str,
    messages: &[Message],
    contacts: &[Contact],
) -> (Vec<u8>, Vec<String>, Vec<String>) {
    write(Writer::default(), folder, messages, contacts)
}

fn write(
    mut w: Writer,
    folder: &str,
    messages: &[Message],
    contacts: &[Contact],
) -> (Vec<u8>, Vec<String>, Vec<String>) {
    let root = w.property_context(&[text(DISPLAY_NAME, "")], &mut Vec::new());
    let root = w.data(&root);
    w.node(ROOT_FOLDER, root, 0, ROOT_FOLDER);
    let inbox = w.property_context(&[text(DISPLAY_NAME, folder)], &mut Vec::new());
    let inbox = w.data(&inbox);
    w.node(FOLDER, inbox, 0, ROOT_FOLDER);
    let mut paths = Vec::new();
    for (i, m) in messages.iter().enumerate() {
        let nid = 0x20_0004 + 0x20 * i as u32;
        let (data, sub) = w.message(m);
        w.node(nid, data, sub, FOLDER);
        paths.push(format!("{folder}/{} [{nid:#x}].msg", m.subject));
    }
    let mut contact_paths = Vec::new();
    if !contacts.is_empty() {
        let folder = w.property_context(&[text(DISPLAY_NAME, "Contacts")], &mut Vec::new());
        let folder = w.data(&folder);
        w.node(CONTACTS, folder, 0, ROOT_FOLDER);
        // The named properties' map: one name, a contact's first e-mail
        // address (PSETID_Address, 0x8083), given the id 0x8000.
        let entry = [0x8083u32.to_le_bytes(), [6, 0, 0, 0]].concat();
        let props = [(0x0002, BINARY, ADDRESS_SET.to_vec()), (0x0003, BINARY, entry)];
        let map = w.property_context(&props, &mut Vec::new());
        let map = w.data(&map);
        w.node(NAME_TO_ID_MAP, map, 0, 0);
    }
    for (i, c) in contacts.iter().enumerate() {
        let nid = 0x40_0004 + 0x20 * i as u32;
        let props = [
            text(MESSAGE_CLASS, "IPM.Contact"),
            text(SUBJECT, &c.name()),
            text(DISPLAY_NAME, &c.name()),
            text(GIVEN_NAME, &c.given_name),
            text(SURNAME, &c.surname),
            text(COMPANY, &c.company),
            text(BUSINESS_PHONE, &c.business_phone),
            text(EMAIL_1, &c.email),
            text(CITY, &c.city),
            text(POSTAL_CODE, &c.postal_code),
        ];
        let contact = w.property_context(&props, &mut Vec::new());
        let data = w.data(&contact);
        w.node(nid, data, 0, CONTACTS);
        contact_paths.push(format!("Contacts/{} [{nid:#x}].msg", c.name()));
    }
    (w.finish(), paths, contact_paths)
}

/// Node ids: the root folder, the messages' folder, the contacts' folder,
/// a message's recipient table.
const ROOT_FOLDER: u32 = 0x122;
const FOLDER: u32 = 0x8022;
const CONTACTS: u32 = 0x8042;
const NAME_TO_ID_MAP: u32 = 0x61;
/// PSETID_Address, as stored, and the id the map gives its e-mail address.
const ADDRESS_SET: [u8; 16] = [4, 0x20, 6, 0, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0x46];
const EMAIL_1: u16 = 0x8000;
const RECIPIENT_TABLE: u32 = 0x692;

/// Property ids (MS-OXPROPS) and types (MS-OXCDATA).
pub const SUBJECT: u16 = 0x0037;
pub const DISPLAY_NAME: u16 = 0x3001;
pub const ATTACH_DATA: u16 = 0x3701;
pub const ATTACH_METHOD: u16 = 0x3705;
pub const ATTACH_LONG_FILENAME: u16 = 0x3707;
const MESSAGE_CLASS: u16 = 0x001a;
const CLIENT_SUBMIT_TIME: u16 = 0x0039;
const SENDER_NAME: u16 = 0x0c1a;
const SENDER_ADDRESS: u16 = 0x0c1f;
const SENDER_SMTP_ADDRESS: u16 = 0x5d01;
const DISPLAY_TO: u16 = 0x0e04;
const DELIVERY_TIME: u16 = 0x0e06;
const BODY: u16 = 0x1000;
const RECIPIENT_TYPE: u16 = 0x0c15;
const EMAIL_ADDRESS: u16 = 0x3003;
const SMTP_ADDRESS: u16 = 0x39fe;
const GIVEN_NAME: u16 = 0x3a06;
const SURNAME: u16 = 0x3a11;
const COMPANY: u16 = 0x3a16;
const BUSINESS_PHONE: u16 = 0x3a08;
const CITY: u16 = 0x3a27;
const POSTAL_CODE: u16 = 0x3a2a;
const ROW_ID: u16 = 0x67f2;
const ROW_VERSION: u16 = 0x67f3;
pub const INTEGER_32: u16 = 0x0003;
pub const STRING: u16 = 0x001f;
pub const BINARY: u16 = 0x0102;
const TIME: u16 = 0x0040;
const OBJECT: u16 = 0x000d;
/// How an attachment is held (MS-OXCMSG 2.2.2.9): its bytes, or a message.
const BY_VALUE: u32 = 1;
const EMBEDDED_MESSAGE: u32 = 5;

/// A property: id, type, its value's bytes.
pub type Prop = (u16, u16, Vec<u8>);

/// A text property, stored as UTF-16.
pub fn text(id: u16, value: &str) -> Prop {
    (id, STRING, utf16(value))
}

/// A 32-bit integer property.
pub fn int(id: u16, value: u32) -> Prop {
    (id, INTEGER_32, value.to_le_bytes().to_vec())
}

fn utf16(value: &str) -> Vec<u8> {
    value.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// Noon UTC of `day` as a FILETIME (100 ns ticks since 1601).
fn time(day: NaiveDate) -> Vec<u8> {
    let unix = day.and_hms_opt(12, 0, 0).expect("noon").and_utc().timestamp();
    ((unix + 11_644_473_600) * 10_000_000).to_le_bytes().to_vec()
}

/// Largest data block (MS-PST 2.2.2.8.1): 8 KiB less its trailer.
const MAX_BLOCK: usize = 8176;
/// Values larger than this are kept in a subnode, not the heap, so that a
/// node's heap stays one block.
const MAX_HEAP_VALUE: usize = 1024;
/// How a store is laid out.
#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Ids and offsets of 4 bytes.
    Ansi,
    /// Ids and offsets of 8 bytes.
    #[default]
    Unicode,
    /// Unicode's ids, 4 KiB pages, blocks compressed (Outlook 2013's
    /// offline stores).
    Offline,
}

/// The parts of a store: blocks and nodes, laid out by `finish`.
#[derive(Default)]
pub struct Writer {
    blocks: Vec<(u64, Vec<u8>)>,
    nodes: Vec<(u32, u64, u64, u32)>,
    next_block: u64,
    next_value: u32,
    layout: Layout,
    /// The store's encoding (MS-PST 2.2.2.6), for blocks given encoded.
    encoding: u8,
    /// Blocks of an offline store to store as given, not compressed, and
    /// the size their trailer says they inflate to.
    verbatim: Vec<(u64, u16)>,
}

impl Writer {
    /// A writer of an ANSI store.
    pub fn ansi() -> Writer {
        Writer {
            layout: Layout::Ansi,
            ..Writer::default()
        }
    }

    /// A writer of an offline store of 4 KiB pages.
    pub fn offline() -> Writer {
        Writer {
            layout: Layout::Offline,
            ..Writer::default()
        }
    }

    /// Says the store's data blocks are encoded with `encoding` (1:
    /// permutation, 2: cyclic); they must be given so.
    pub fn encoded(mut self, encoding: u8) -> Writer {
        self.encoding = encoding;
        self
    }

    /// Stores block `bid` of an offline store as given, not compressed,
    /// its trailer saying it inflates to `inflated` bytes (a test's
    /// damaged block, or one compressed by the test).
    pub fn verbatim_block(&mut self, bid: u64, bytes: Vec<u8>, inflated: u16) {
        self.verbatim.push((bid, inflated));
        self.block(bid, bytes);
    }

    /// Whether ids and offsets take 4 bytes.
    fn narrow_ids(&self) -> bool {
        self.layout == Layout::Ansi
    }

    /// An id or offset as the layout writes it.
    fn id(&self, value: u64) -> Vec<u8> {
        id_bytes(self.narrow_ids(), value)
    }

    /// A new block id, internal or not.
    fn block_id(&mut self, internal: bool) -> u64 {
        self.next_block += 1;
        (self.next_block << 2) | if internal { 2 } else { 0 }
    }

    /// Stores `bytes` as block `bid`, as given (a test's damaged block).
    pub fn block(&mut self, bid: u64, bytes: Vec<u8>) {
        self.blocks.push((bid, bytes));
    }

    /// Stores a node's data: one block, or blocks under an XBLOCK (and
    /// XXBLOCK) when longer; its block id.
    pub fn data(&mut self, bytes: &[u8]) -> u64 {
        if bytes.len() <= MAX_BLOCK {
            let bid = self.block_id(false);
            self.block(bid, bytes.to_vec());
            return bid;
        }
        let leaves: Vec<u64> = bytes
            .chunks(MAX_BLOCK)
            .map(|chunk| {
                let bid = self.block_id(false);
                self.block(bid, chunk.to_vec());
                bid
            })
            .collect();
        let tree = |w: &mut Writer, level: u8, ids: &[u64]| {
            let mut block = vec![1, level];
            block.extend((ids.len() as u16).to_le_bytes());
            block.extend((bytes.len() as u32).to_le_bytes());
            block.extend(ids.iter().flat_map(|&id| w.id(id)));
            let bid = w.block_id(true);
            w.block(bid, block);
            bid
        };
        // The block ids an XBLOCK lists at most.
        let per_block = (MAX_BLOCK - 8) / self.id(0).len();
        if leaves.len() <= per_block {
            return tree(self, 1, &leaves);
        }
        let xblocks: Vec<u64> = leaves.chunks(per_block).map(|ids| tree(self, 1, ids)).collect();
        tree(self, 2, &xblocks)
    }

    /// Lists `subnodes` (node id, data, subnodes) in a subnode block; its
    /// id, or 0 when there are none.
    pub fn subnodes(&mut self, subnodes: &mut [(u32, u64, u64)]) -> u64 {
        if subnodes.is_empty() {
            return 0;
        }
        subnodes.sort_by_key(|s| s.0);
        let mut block = vec![2, 0];
        block.extend((subnodes.len() as u16).to_le_bytes());
        if !self.narrow_ids() {
            block.extend([0; 4]);
        }
        for &(nid, data, sub) in subnodes.iter() {
            block.extend(self.id(u64::from(nid)));
            block.extend(self.id(data));
            block.extend(self.id(sub));
        }
        let bid = self.block_id(true);
        self.block(bid, block);
        bid
    }

    /// Adds a node to the store.
    pub fn node(&mut self, nid: u32, data: u64, sub: u64, parent: u32) {
        self.nodes.push((nid, data, sub, parent));
    }

    /// A value's reference: inline (4 bytes or less), in the heap as item
    /// `items.len() + 1`, or in a new subnode added to `subnodes`.
    fn place(
        &mut self,
        kind: u16,
        value: &[u8],
        items: &mut Vec<Vec<u8>>,
        subnodes: &mut Vec<(u32, u64, u64)>,
    ) -> [u8; 4] {
        if kind == INTEGER_32 {
            return value.try_into().expect("four bytes");
        }
        if value.len() > MAX_HEAP_VALUE {
            self.next_value += 1;
            let nid = (self.next_value << 5) | 0x1f;
            let data = self.data(value);
            subnodes.push((nid, data, 0));
            return nid.to_le_bytes();
        }
        items.push(value.to_vec());
        hid(items.len()).to_le_bytes()
    }

    /// A property context (MS-PST 2.3.3) of `props`, large values put in
    /// `subnodes`.
    pub fn property_context(&mut self, props: &[Prop], subnodes: &mut Vec<(u32, u64, u64)>) -> Vec<u8> {
        let mut props = props.to_vec();
        props.sort_by_key(|p| p.0);
        // Items: 1 the tree's header, 2 its records, then the values.
        let mut items = vec![Vec::new(), Vec::new()];
        let mut records = Vec::new();
        for (id, kind, value) in &props {
            records.extend(id.to_le_bytes());
            records.extend(kind.to_le_bytes());
            records.extend(self.place(*kind, value, &mut items, subnodes));
        }
        items[0] = tree_header(2, 6, 2);
        items[1] = records;
        heap(0xbc, &items)
    }

    /// A message's data and subnode blocks: its properties, recipient
    /// table, attached files and attached messages.
    fn message(&mut self, m: &Message) -> (u64, u64) {
        let mut subnodes = vec![(RECIPIENT_TABLE, self.recipient_table(&m.to), 0)];
        let mut attachment_nid = (0..).map(|k: u32| 0x25 + 0x20 * k);
        for (name, bytes) in &m.attachments {
            let mut own = Vec::new();
            let props = [
                int(ATTACH_METHOD, BY_VALUE),
                text(ATTACH_LONG_FILENAME, name),
                (ATTACH_DATA, BINARY, bytes.clone()),
            ];
            let attachment = self.property_context(&props, &mut own);
            let data = self.data(&attachment);
            let sub = self.subnodes(&mut own);
            subnodes.push((attachment_nid.next().expect("endless"), data, sub));
        }
        for attached in &m.attached_messages {
            // The attached message is a subnode of its attachment, named
            // by the attachment's data (MS-PST 2.3.3.5: its id and size).
            let (data, sub) = self.message(attached);
            let nid: u32 = 0x20_0004;
            let mut own = vec![(nid, data, sub)];
            let object = [nid.to_le_bytes(), 0u32.to_le_bytes()].concat();
            let props = [
                int(ATTACH_METHOD, EMBEDDED_MESSAGE),
                text(DISPLAY_NAME, &attached.subject),
                (ATTACH_DATA, OBJECT, object),
            ];
            let attachment = self.property_context(&props, &mut own);
            let data = self.data(&attachment);
            let sub = self.subnodes(&mut own);
            subnodes.push((attachment_nid.next().expect("endless"), data, sub));
        }
        let sent = time(m.sent);
        let props = [
            text(MESSAGE_CLASS, "IPM.Note"),
            text(SUBJECT, &m.subject),
            text(SENDER_NAME, &m.from),
            text(SENDER_ADDRESS, &m.from),
            text(SENDER_SMTP_ADDRESS, &m.from),
            text(DISPLAY_TO, &m.to.join("; ")),
            text(BODY, &m.body),
            (CLIENT_SUBMIT_TIME, TIME, sent.clone()),
            (DELIVERY_TIME, TIME, sent),
        ];
        let message = self.property_context(&props, &mut subnodes);
        let data = self.data(&message);
        (data, self.subnodes(&mut subnodes))
    }

    /// A recipient table (MS-PST 2.3.4, the columns readers need) of
    /// `addresses`, all To: its node's data block.
    fn recipient_table(&mut self, addresses: &[String]) -> u64 {
        // Columns: (tag, offset in the row, size, existence bit).
        const COLUMNS: [(u16, u16, u16, u8); 6] = [
            (ROW_ID, INTEGER_32, 0, 0),
            (ROW_VERSION, INTEGER_32, 4, 1),
            (RECIPIENT_TYPE, INTEGER_32, 8, 2),
            (DISPLAY_NAME, STRING, 12, 3),
            (EMAIL_ADDRESS, STRING, 16, 4),
            (SMTP_ADDRESS, STRING, 20, 5),
        ];
        const ROW: usize = 25;
        // Items: 1 the table's header, 2 the row index's header, 3 its
        // records, 4 the rows, then the texts.
        let mut items = vec![Vec::new(); 4];
        let mut rows = Vec::new();
        for (i, address) in addresses.iter().enumerate() {
            let text = utf16(address);
            rows.extend((i as u32 + 1).to_le_bytes());
            rows.extend(0u32.to_le_bytes());
            rows.extend(1u32.to_le_bytes());
            for _ in 0..3 {
                items.push(text.clone());
                rows.extend(hid(items.len()).to_le_bytes());
            }
            rows.push(0xfc);
            items[2].extend((i as u32 + 1).to_le_bytes());
            items[2].extend((i as u32).to_le_bytes());
        }
        debug_assert_eq!(rows.len(), addresses.len() * ROW);
        let mut info = vec![0x7c, COLUMNS.len() as u8];
        for end in [24u16, 24, 24, ROW as u16] {
            info.extend(end.to_le_bytes());
        }
        info.extend(hid(2).to_le_bytes());
        info.extend(if rows.is_empty() { 0 } else { hid(4) }.to_le_bytes());
        info.extend(0u32.to_le_bytes());
        for (id, kind, offset, bit) in COLUMNS {
            info.extend(((u32::from(id) << 16) | u32::from(kind)).to_le_bytes());
            info.extend(offset.to_le_bytes());
            info.extend([4, bit]);
        }
        items[0] = info;
        items[1] = tree_header(4, 4, 3);
        items[3] = rows;
        let table = heap(0x7c, &items);
        self.data(&table)
    }

    /// The store: header, blocks, and the two B-trees over them.
    pub fn finish(self) -> Vec<u8> {
        let layout = self.layout;
        let ansi = layout == Layout::Ansi;
        let id = |value: u64| id_bytes(ansi, value);
        let mut file = vec![0u8; 0x4400];
        let mut block_entries = Vec::new();
        let mut blocks = self.blocks;
        blocks.sort_by_key(|b| b.0);
        for (bid, data) in &blocks {
            let ib = file.len() as u64;
            let stored = if layout == Layout::Offline {
                let verbatim = self.verbatim.iter().find(|(b, _)| b == bid).map(|&(_, size)| size);
                offline_block(&mut file, *bid, data, verbatim)
            } else {
                block(&mut file, *bid, data, ansi)
            };
            let size = (stored as u16).to_le_bytes();
            let padding: &[u8] = if ansi { &[1, 0] } else { &[1, 0, 0, 0, 0, 0] };
            block_entries.push([&id(*bid)[..], &id(ib), &size, padding].concat());
        }
        let mut nodes = self.nodes;
        nodes.sort_by_key(|n| n.0);
        let node_entries: Vec<Vec<u8>> = nodes
            .iter()
            .map(|&(nid, data, sub, parent)| {
                let padding: &[u8] = if ansi { &[] } else { &[0; 4] };
                [
                    &id(u64::from(nid))[..],
                    &id(data),
                    &id(sub),
                    &parent.to_le_bytes(),
                    padding,
                ]
                .concat()
            })
            .collect();
        let nbt = tree(&mut file, node_entries, 0x81, layout);
        let bbt = tree(&mut file, block_entries, 0x80, layout);
        let eof = file.len() as u64;
        let header = &mut file[..580];
        header[..4].copy_from_slice(b"!BDN");
        let (client, version) = match layout {
            Layout::Ansi => (b"SM", 14u16),
            Layout::Unicode => (b"SM", 23),
            Layout::Offline => (b"SO", 36),
        };
        header[8..10].copy_from_slice(client);
        header[10..12].copy_from_slice(&version.to_le_bytes());
        header[12..14].copy_from_slice(&19u16.to_le_bytes());
        header[14] = 1;
        header[15] = 1;
        // The root (MS-PST 2.2.2.5): the file's end, where each tree starts.
        let (root, sentinel) = if ansi { (164, 460) } else { (180, 512) };
        let w = id(0).len();
        header[root + 4..root + 4 + w].copy_from_slice(&id(eof));
        let trees = root + 4 + 4 * w;
        header[trees + w..trees + 2 * w].copy_from_slice(&id(nbt));
        header[trees + 3 * w..trees + 4 * w].copy_from_slice(&id(bbt));
        header[trees + 4 * w] = 2;
        header[sentinel] = 0x80;
        header[sentinel + 1] = self.encoding;
        let partial = crc(&header[8..479]);
        header[4..8].copy_from_slice(&partial.to_le_bytes());
        if !ansi {
            let full = crc(&header[8..524]);
            header[524..528].copy_from_slice(&full.to_le_bytes());
        }
        file
    }
}

/// Appends block `bid` of an ANSI or Unicode store: its data, padded so
/// that its trailer ends on a 64-byte boundary, and the trailer; the
/// size the block tree gives it.
fn block(file: &mut Vec<u8>, bid: u64, data: &[u8], ansi: bool) -> usize {
    let trailer = if ansi { 12 } else { 16 };
    let ib = file.len();
    file.extend(data);
    file.resize(ib + (data.len() + trailer).div_ceil(64) * 64 - trailer, 0);
    file.extend((data.len() as u16).to_le_bytes());
    file.extend(0u16.to_le_bytes());
    // The block's CRC and id: in that order in a Unicode store, the
    // other way in an ANSI one.
    let (sum, bid_bytes) = (crc(data).to_le_bytes(), id_bytes(ansi, bid));
    if ansi {
        file.extend(&bid_bytes);
        file.extend(sum);
    } else {
        file.extend(sum);
        file.extend(&bid_bytes);
    }
    data.len()
}

/// Appends block `bid` of an offline store: its data compressed (zlib)
/// when that makes it smaller, or as given with the inflated size
/// `verbatim` gives; padded so that its trailer of 24 bytes ends on a
/// 512-byte boundary, then the trailer (the stored size, a signature, the
/// CRC of what is stored, the id, two bytes, the size inflated, four
/// bytes); the size the block tree gives it.
fn offline_block(file: &mut Vec<u8>, bid: u64, data: &[u8], verbatim: Option<u16>) -> usize {
    const TRAILER: usize = 24;
    let compressed = verbatim.is_none().then(|| {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(data).expect("writes to memory");
        z.finish().expect("writes to memory")
    });
    let stored = compressed.as_deref().filter(|c| c.len() < data.len()).unwrap_or(data);
    let inflated = verbatim.unwrap_or(data.len() as u16);
    let ib = file.len();
    file.extend(stored);
    file.resize(ib + (stored.len() + TRAILER).div_ceil(512) * 512 - TRAILER, 0);
    file.extend((stored.len() as u16).to_le_bytes());
    file.extend(0u16.to_le_bytes());
    file.extend(crc(stored).to_le_bytes());
    file.extend(bid.to_le_bytes());
    file.extend(0u16.to_le_bytes());
    file.extend(inflated.to_le_bytes());
    file.extend(0u32.to_le_bytes());
    stored.len()
}

/// `value` in 4 bytes (ANSI) or 8 (Unicode).
fn id_bytes(ansi: bool, value: u64) -> Vec<u8> {
    if ansi {
        (value as u32).to_le_bytes().to_vec()
    } else {
        value.to_le_bytes().to_vec()
    }
}

/// The id of the heap's `index`th item (1-based) in its first page.
fn hid(index: usize) -> u32 {
    (index as u32) << 5
}

/// A B-tree's header (MS-PST 2.3.2.1), one level, its records in item
/// `records`.
fn tree_header(key: u8, data: u8, records: usize) -> Vec<u8> {
    [&[0xb5, key, data, 0][..], &hid(records).to_le_bytes()].concat()
}

/// A one-page heap (MS-PST 2.3.1) for `client` of `items`, the first its
/// user root.
fn heap(client: u8, items: &[Vec<u8>]) -> Vec<u8> {
    let mut page = vec![0u8; 12];
    page[2] = 0xec;
    page[3] = client;
    page[4..8].copy_from_slice(&hid(1).to_le_bytes());
    let mut offsets = vec![12u16];
    for item in items {
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
    page.extend(offsets.iter().flat_map(|o| o.to_le_bytes()));
    assert!(page.len() <= MAX_BLOCK, "a heap of one block");
    page
}

/// Appends the B-tree of `entries` (sorted by key, their first id) of
/// page type `ptype`, leaves first, then the levels over them; the root
/// page's offset.
fn tree(file: &mut Vec<u8>, mut entries: Vec<Vec<u8>>, ptype: u8, layout: Layout) -> u64 {
    let ansi = layout == Layout::Ansi;
    let w = id_bytes(ansi, 0).len();
    let area = page_area(layout);
    let mut level = 0;
    loop {
        let width = entries.first().map_or(3 * w, Vec::len);
        let mut above = Vec::new();
        for chunk in entries.chunks(area / width) {
            let ib = page(file, chunk, ptype, level, layout);
            let key = chunk.first().map_or(vec![0; w], |e| e[..w].to_vec());
            // An intermediate entry: the first key below, then the page's id and offset.
            above.push([key, id_bytes(ansi, ib / 512), id_bytes(ansi, ib)].concat());
        }
        if above.len() <= 1 {
            let root = &above[0][2 * w..3 * w];
            return root.iter().rev().fold(0, |ib, &b| (ib << 8) | u64::from(b));
        }
        entries = above;
        level += 1;
    }
}

/// The bytes of a B-tree page that hold its entries.
fn page_area(layout: Layout) -> usize {
    match layout {
        Layout::Ansi => 496,
        Layout::Unicode => 488,
        Layout::Offline => 4056,
    }
}

/// Appends one B-tree page of `entries` at `level`; its offset.
fn page(file: &mut Vec<u8>, entries: &[Vec<u8>], ptype: u8, level: u8, layout: Layout) -> u64 {
    let size = if layout == Layout::Offline { 4096 } else { 512 };
    let ib = file.len().div_ceil(size) * size;
    file.resize(ib, 0);
    let area = page_area(layout);
    let width = entries.first().map_or(24, Vec::len);
    let mut page = vec![0u8; size];
    for (i, entry) in entries.iter().enumerate() {
        page[i * width..(i + 1) * width].copy_from_slice(entry);
    }
    // Entry count, most entries, entry size, level: a byte each, but the
    // counts take two in a page of 4 KiB.
    if layout == Layout::Offline {
        page[area..area + 2].copy_from_slice(&(entries.len() as u16).to_le_bytes());
        page[area + 2..area + 4].copy_from_slice(&((area / width) as u16).to_le_bytes());
        page[area + 4] = width as u8;
        page[area + 5] = level;
    } else {
        page[area] = entries.len() as u8;
        page[area + 1] = (area / width) as u8;
        page[area + 2] = width as u8;
        page[area + 3] = level;
    }
    // The trailer: type twice, signature, then CRC and id (Unicode) or
    // id and CRC (ANSI), the CRC over what precedes it.
    let trailer = match layout {
        Layout::Ansi => 500,
        Layout::Unicode => 496,
        Layout::Offline => 4072,
    };
    page[trailer] = ptype;
    page[trailer + 1] = ptype;
    let sum = crc(&page[..trailer]).to_le_bytes();
    let page_id = id_bytes(layout == Layout::Ansi, ib as u64 / 512);
    if layout == Layout::Ansi {
        page[504..508].copy_from_slice(&page_id);
        page[508..512].copy_from_slice(&sum);
    } else {
        page[trailer + 4..trailer + 8].copy_from_slice(&sum);
        page[trailer + 8..trailer + 16].copy_from_slice(&page_id);
    }
    file.extend(page);
    ib as u64
}

/// MS-PST's CRC (5.3): CRC-32's polynomial, from 0, not inverted; MS-OXRTFCP's
/// compressed RTF uses it too.
pub fn crc(bytes: &[u8]) -> u32 {
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
