//! The node database of an Outlook store (MS-PST 2.2): its header, its two
//! B-trees (nodes, blocks), and the internal blocks that chain a node's
//! data and list its subnodes. Three layouts: ANSI (Outlook 97 to 2002),
//! Unicode, and the offline stores of Outlook 2013 and later (4 KiB pages,
//! blocks compressed with zlib), which MS-PST leaves out; their layout is
//! libpff's documentation of the format (`Personal Folder File (PFF)
//! format`, "64-bit 4k page").
//!
//! Read here, not through `outlook-pst`'s own walk, because that crate
//! follows the file's references without bounds: a page or block that
//! points back at itself recurses until the stack overflows, which no
//! `catch_unwind` catches. The crate only reads one data block, found here
//! (its offset and size from the block tree walked here), checking its
//! trailer and CRC and undoing the store's encoding, whose tables MS-PST
//! defines.

use crate::le::{u16_at, u32_at};
use outlook_pst::ndb::block::{Block, DataTree};
use outlook_pst::ndb::block_id::{AnsiBlockId, UnicodeBlockId};
use outlook_pst::ndb::block_ref::{AnsiBlockRef, UnicodeBlockRef};
use outlook_pst::ndb::byte_index::{AnsiByteIndex, UnicodeByteIndex};
use outlook_pst::ndb::header::NdbCryptMethod;
use outlook_pst::ndb::page::{AnsiBlockBTreeEntry, UnicodeBlockBTreeEntry};
use outlook_pst::{AnsiPstFile, PstReader, UnicodePstFile};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::io::{Read, Seek, SeekFrom};

/// Nodes listed from one store at most (one a message, four a folder:
/// a store holds a few hundred thousand).
const MAX_NODES: usize = 8_000_000;
/// Blocks listed from one store at most: a 50 GB store (Outlook's own
/// limit) of 8 KiB blocks has about 6.5 million; at about 40 bytes each
/// in the map, the bound keeps it near 320 MB.
const MAX_BLOCKS: usize = 8_000_000;
/// Highest level a B-tree page may have (MS-PST's bound; a store's
/// trees are a few levels deep).
const MAX_TREE_LEVEL: u8 = 8;
/// The trailer of a block of a 4 KiB-page store: its stored size, its
/// signature, CRC and id (as a Unicode store's), then two bytes unknown,
/// its size once inflated, four bytes unknown.
const TRAILER_4K: usize = 24;
/// A 4 KiB-page store's blocks start and end on 512-byte boundaries.
const BLOCK_UNIT_4K: usize = 512;
/// The bit of a block id that marks an internal block.
const INTERNAL: u64 = 0x2;

/// Where the kinds of store differ: the width of ids and offsets, and so
/// of every entry (ANSI, before Outlook 2003, against the others); the size
/// of pages and how blocks are stored (4 KiB pages, Outlook 2013's offline
/// stores, against the others).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    Ansi,
    Unicode,
    Unicode4k,
}

impl Layout {
    /// Bytes of a block id, a byte offset, and (padded) a node id in an entry.
    fn id(self) -> usize {
        match self {
            Layout::Ansi => 4,
            Layout::Unicode | Layout::Unicode4k => 8,
        }
    }

    fn read_id(self, bytes: &[u8], at: usize) -> Option<u64> {
        match self {
            Layout::Ansi => u32_at(bytes, at).map(u64::from),
            Layout::Unicode | Layout::Unicode4k => {
                Some(u64::from(u32_at(bytes, at)?) | (u64::from(u32_at(bytes, at + 4)?) << 32))
            }
        }
    }

    /// The largest data block outlook-pst reads (MS-PST 2.2.2.8.1): 8 KiB
    /// less its trailer.
    fn max_data_block(self) -> u16 {
        match self {
            Layout::Ansi => 8192 - 12,
            Layout::Unicode | Layout::Unicode4k => 8192 - 16,
        }
    }

    /// The size of a B-tree page.
    fn page(self) -> usize {
        match self {
            Layout::Ansi | Layout::Unicode => 512,
            Layout::Unicode4k => 4096,
        }
    }

    /// Where a page's entries end and its entry count, entry size and
    /// level sit.
    fn page_meta(self) -> usize {
        match self {
            Layout::Ansi => 496,
            Layout::Unicode => 488,
            Layout::Unicode4k => 4056,
        }
    }

    /// A page's entry count, entry size and level.
    fn read_page_meta(self, page: &[u8]) -> Option<(usize, usize, u8)> {
        let meta = self.page_meta();
        match self {
            Layout::Ansi | Layout::Unicode => Some((
                usize::from(*page.get(meta)?),
                usize::from(*page.get(meta + 2)?),
                *page.get(meta + 3)?,
            )),
            Layout::Unicode4k => Some((
                usize::from(u16_at(page, meta)?),
                usize::from(*page.get(meta + 4)?),
                *page.get(meta + 5)?,
            )),
        }
    }

    /// Where a page's type sits (its trailer's first byte).
    fn page_type(self) -> usize {
        match self {
            Layout::Ansi => 500,
            Layout::Unicode => 496,
            Layout::Unicode4k => 4072,
        }
    }
}

/// One node of the store: a folder, a message, a table...
#[derive(Debug, Clone, Copy)]
pub(super) struct Node {
    pub nid: u32,
    pub data: u64,
    pub sub: u64,
    pub parent: u32,
}

/// The kind of a node, its id's low five bits (MS-PST 2.2.2.1).
pub(super) fn node_type(nid: u32) -> u32 {
    nid & 0x1f
}

/// A node's data: its blocks' bytes in order (a heap's pages are its
/// blocks, so they are kept apart).
pub(super) type Blocks = Vec<Vec<u8>>;

/// An opened store: its nodes, where its blocks are, and the reader.
pub(super) struct Store {
    layout: Layout,
    source: RefCell<Box<dyn PstReader>>,
    /// How the store encodes its data blocks.
    encoding: NdbCryptMethod,
    blocks: HashMap<u64, (u64, u16)>,
    pub nodes: Vec<Node>,
    /// What was left out while listing (over a bound, a bad page).
    pub problems: Vec<String>,
}

impl Store {
    /// Opens the store in `source`: checks its header and walks both
    /// trees, bounded.
    pub fn open<R: Read + Seek + 'static>(mut source: R) -> Result<Store, String> {
        let mut header = [0u8; 580];
        source
            .read_exact(&mut header)
            .map_err(|_| "truncated header".to_string())?;
        if &header[..4] != b"!BDN" {
            return Err("not an Outlook store".into());
        }
        let version = u16_at(&header, 10).unwrap_or(0);
        let layout = match version {
            14 | 15 => Layout::Ansi,
            23 => Layout::Unicode,
            36 => Layout::Unicode4k,
            v => return Err(format!("store version {v}: unsupported format")),
        };
        // The root: where the node and block trees start (MS-PST 2.2.2.5).
        let (nbt, bbt, crypt) = match layout {
            Layout::Ansi => (188, 196, 461),
            Layout::Unicode | Layout::Unicode4k => (224, 240, 513),
        };
        let encoding = NdbCryptMethod::try_from(header[crypt]).map_err(|_| "unknown encoding".to_string())?;
        let nbt = layout.read_id(&header, nbt).unwrap_or(0);
        let bbt = layout.read_id(&header, bbt).unwrap_or(0);
        let mut store_nodes = Vec::new();
        let mut blocks = HashMap::new();
        let mut problems = Vec::new();
        let mut walk = TreeWalk {
            source: &mut source,
            layout,
            seen: HashSet::new(),
        };
        walk.tree(bbt, 0x80, &mut |entry| {
            if blocks.len() >= MAX_BLOCKS {
                return false;
            }
            let at = layout.id();
            if let (Some(bid), Some(ib), Some(cb)) = (
                layout.read_id(entry, 0),
                layout.read_id(entry, at),
                u16_at(entry, 2 * at),
            ) {
                blocks.insert(bid & !1, (ib, cb));
            }
            true
        })
        .map_err(|e| format!("block tree: {e}"))?;
        if blocks.len() >= MAX_BLOCKS {
            problems.push(format!("more than {MAX_BLOCKS} blocks: the rest were not listed"));
        }
        walk.tree(nbt, 0x81, &mut |entry| {
            if store_nodes.len() >= MAX_NODES {
                return false;
            }
            let id = layout.id();
            if let (Some(nid), Some(data), Some(sub), Some(parent)) = (
                u32_at(entry, 0),
                layout.read_id(entry, id),
                layout.read_id(entry, 2 * id),
                u32_at(entry, 3 * id),
            ) {
                store_nodes.push(Node { nid, data, sub, parent });
            }
            true
        })
        .map_err(|e| format!("node tree: {e}"))?;
        if store_nodes.len() >= MAX_NODES {
            problems.push(format!("more than {MAX_NODES} nodes: the rest were not read"));
        }
        Ok(Store {
            layout,
            source: RefCell::new(Box::new(source)),
            encoding,
            blocks,
            nodes: store_nodes,
            problems,
        })
    }

    /// The bytes of the block `bid` as stored (internal blocks are not
    /// encoded), within its size; a 4 KiB-page store's inflated.
    fn raw_block(&self, bid: u64) -> Result<Vec<u8>, String> {
        let &(ib, cb) = self
            .blocks
            .get(&(bid & !1))
            .ok_or_else(|| format!("block {bid:#x} missing"))?;
        if self.layout == Layout::Unicode4k {
            return self.block_4k(bid, ib, cb);
        }
        let mut bytes = vec![0u8; usize::from(cb)];
        let mut reader = self.source.borrow_mut();
        reader.seek(SeekFrom::Start(ib)).map_err(|e| e.to_string())?;
        reader.read_exact(&mut bytes).map_err(|e| e.to_string())?;
        Ok(bytes)
    }

    /// A block of a 4 KiB-page store: its `cb` bytes at `ib`, then its
    /// trailer at the end of the 512-byte units that hold both; inflated
    /// (zlib) when the trailer gives another size once inflated. Bounded:
    /// a block inflates to 64 KiB at most (its size is 16 bits).
    fn block_4k(&self, bid: u64, ib: u64, cb: u16) -> Result<Vec<u8>, String> {
        let stored = usize::from(cb);
        let mut bytes = vec![0u8; (stored + TRAILER_4K).div_ceil(BLOCK_UNIT_4K) * BLOCK_UNIT_4K];
        {
            let mut reader = self.source.borrow_mut();
            reader.seek(SeekFrom::Start(ib)).map_err(|e| e.to_string())?;
            reader
                .read_exact(&mut bytes)
                .map_err(|_| format!("block {bid:#x} is past the end"))?;
        }
        let trailer = &bytes[bytes.len() - TRAILER_4K..];
        if u16_at(trailer, 0) != Some(cb) {
            return Err(format!("block {bid:#x}: its trailer gives another size"));
        }
        let inflated = usize::from(u16_at(trailer, 18).unwrap_or(0));
        bytes.truncate(stored);
        if inflated == 0 || inflated == stored {
            return Ok(bytes);
        }
        let mut data = Vec::with_capacity(inflated);
        flate2::read::ZlibDecoder::new(&bytes[..])
            .take(inflated as u64 + 1)
            .read_to_end(&mut data)
            .map_err(|e| format!("block {bid:#x} does not inflate: {e}"))?;
        if data.len() != inflated {
            return Err(format!("block {bid:#x} inflates to another size than its trailer's"));
        }
        Ok(data)
    }

    /// A data block's bytes, decoded.
    fn data_block(&self, bid: u64) -> Result<Vec<u8>, String> {
        if self.layout == Layout::Unicode4k {
            return self.decoded(bid, self.raw_block(bid)?);
        }
        let &(ib, cb) = self
            .blocks
            .get(&(bid & !1))
            .ok_or_else(|| format!("block {bid:#x} missing"))?;
        // Checked here: `outlook-pst` asserts it, and would panic.
        let most = self.layout.max_data_block();
        if cb > most {
            return Err(format!("block {bid:#x} of {cb} bytes, over a block's {most}"));
        }
        let mut reader = self.source.borrow_mut();
        let read = if self.layout != Layout::Ansi {
            let place = UnicodeBlockRef::new(UnicodeBlockId::from(bid), UnicodeByteIndex::new(ib));
            let entry = UnicodeBlockBTreeEntry::new(place, cb);
            DataTree::<UnicodePstFile>::read(&mut *reader, self.encoding, &entry).map(|tree| match tree {
                DataTree::Leaf(block) => Some(block.data().to_vec()),
                DataTree::Intermediate(_) => None,
            })
        } else {
            let place = AnsiBlockRef::new(AnsiBlockId::from(bid as u32), AnsiByteIndex::new(ib as u32));
            let entry = AnsiBlockBTreeEntry::new(place, cb);
            DataTree::<AnsiPstFile>::read(&mut *reader, self.encoding, &entry).map(|tree| match tree {
                DataTree::Leaf(block) => Some(block.data().to_vec()),
                DataTree::Intermediate(_) => None,
            })
        };
        read.map_err(|e| format!("block {bid:#x}: {e}"))?
            .ok_or_else(|| format!("block {bid:#x} is no data block"))
    }

    /// `data`, block `bid` of a 4 KiB-page store inflated, decoded as the
    /// store's encoding says. outlook-pst undoes MS-PST's encodings but
    /// reads only a 512-byte-page store's blocks, so the data is handed to
    /// it as one (with a trailer made here): whole, or in pieces of its
    /// largest block where the encoding is byte for byte (permutation).
    /// The cyclic encoding runs over a whole block: a larger one is not
    /// decoded.
    fn decoded(&self, bid: u64, data: Vec<u8>) -> Result<Vec<u8>, String> {
        let most = usize::from(Layout::Unicode.max_data_block());
        match self.encoding {
            NdbCryptMethod::None => Ok(data),
            _ if data.is_empty() => Ok(data),
            NdbCryptMethod::Permute => {
                let pieces: Result<Vec<Vec<u8>>, String> = data
                    .chunks(most)
                    .map(|piece| decode_as_a_block(piece, bid, self.encoding))
                    .collect();
                Ok(pieces?.concat())
            }
            NdbCryptMethod::Cyclic if data.len() <= most => decode_as_a_block(&data, bid, self.encoding),
            NdbCryptMethod::Cyclic => Err(format!(
                "block {bid:#x}: {} bytes in the cyclic encoding, over the {most} it can be decoded in",
                data.len()
            )),
        }
    }

    /// The data of a node whose data block is `bid`: one block, or the
    /// blocks an XBLOCK or XXBLOCK lists (MS-PST 2.2.2.8.3.2), at most
    /// `max_bytes` in all.
    pub fn node_data(&self, bid: u64, max_bytes: u64) -> Result<Blocks, String> {
        if bid == 0 {
            return Ok(Vec::new());
        }
        let mut leaves = Leaves {
            ids: Vec::new(),
            bytes: 0,
            max_bytes,
        };
        self.data_tree(bid, 2, &mut leaves)?;
        leaves.ids.into_iter().map(|leaf| self.data_block(leaf)).collect()
    }

    /// Lists the data blocks under `bid`, an XXBLOCK holding XBLOCKs
    /// holding data blocks: each level strictly below the one over it.
    fn data_tree(&self, bid: u64, max_level: u8, leaves: &mut Leaves) -> Result<(), String> {
        if bid & INTERNAL == 0 {
            let size = self.blocks.get(&(bid & !1)).map_or(0, |&(_, cb)| u64::from(cb));
            // Counted as a block's least (blocks listed many times over
            // must not be listed for ever).
            leaves.bytes += size.max(MIN_COUNTED_BLOCK);
            if leaves.bytes > leaves.max_bytes {
                return Err(format!("over {} MiB of data, over the bound", leaves.max_bytes >> 20));
            }
            leaves.ids.push(bid);
            return Ok(());
        }
        let block = self.raw_block(bid)?;
        let (kind, level, count) = (block.first(), block.get(1).copied().unwrap_or(0), u16_at(&block, 2));
        if kind != Some(&1) || level == 0 || level > max_level {
            return Err(format!("block {bid:#x} is no data tree of level {max_level} or less"));
        }
        let id = self.layout.id();
        for i in 0..usize::from(count.unwrap_or(0)) {
            let child = self.layout.read_id(&block, 8 + i * id).ok_or("truncated data tree")?;
            if level == 1 && child & INTERNAL != 0 {
                return Err("a data tree's leaf is not a data block".into());
            }
            self.data_tree(child, level - 1, leaves)?;
        }
        Ok(())
    }

    /// The subnodes of a node whose subnode block is `bid` (an SLBLOCK, or
    /// an SIBLOCK of SLBLOCKs: MS-PST 2.2.2.8.3.3), by node id.
    pub fn subnodes(&self, bid: u64) -> Result<HashMap<u32, Node>, String> {
        let mut found = HashMap::new();
        if bid != 0 {
            self.subnode_block(bid, 1, &mut found)?;
        }
        Ok(found)
    }

    fn subnode_block(&self, bid: u64, max_level: u8, found: &mut HashMap<u32, Node>) -> Result<(), String> {
        let block = self.raw_block(bid)?;
        let (kind, level, count) = (block.first(), block.get(1).copied().unwrap_or(0), u16_at(&block, 2));
        if kind != Some(&2) || level > max_level {
            return Err(format!("block {bid:#x} is no subnode list"));
        }
        let id = self.layout.id();
        // The entries follow 4 bytes of padding in a Unicode store.
        let first = if self.layout == Layout::Ansi { 4 } else { 8 };
        let width = if level == 0 { 3 * id } else { 2 * id };
        for i in 0..usize::from(count.unwrap_or(0)) {
            let at = first + i * width;
            let nid = u32_at(&block, at).ok_or("truncated subnode list")?;
            let data = self.layout.read_id(&block, at + id).ok_or("truncated subnode list")?;
            if level == 1 {
                self.subnode_block(data, 0, found)?;
                continue;
            }
            let sub = self
                .layout
                .read_id(&block, at + 2 * id)
                .ok_or("truncated subnode list")?;
            found.insert(
                nid,
                Node {
                    nid,
                    data,
                    sub,
                    parent: 0,
                },
            );
        }
        Ok(())
    }
}

/// `piece` (of 1 to 8,176 bytes) of the data block `bid`, decoded by
/// outlook-pst from `encoding` as a Unicode store's block holding it.
fn decode_as_a_block(piece: &[u8], bid: u64, encoding: NdbCryptMethod) -> Result<Vec<u8>, String> {
    const TRAILER: usize = 16;
    let size = u16::try_from(piece.len()).map_err(|_| "a piece over 64 KiB".to_string())?;
    let mut block = piece.to_vec();
    block.resize((piece.len() + TRAILER).div_ceil(64) * 64 - TRAILER, 0);
    block.extend(size.to_le_bytes());
    block.extend(0u16.to_le_bytes());
    block.extend(ms_pst_crc(piece).to_le_bytes());
    block.extend(bid.to_le_bytes());
    let place = UnicodeBlockRef::new(UnicodeBlockId::from(bid), UnicodeByteIndex::new(0));
    let entry = UnicodeBlockBTreeEntry::new(place, size);
    match DataTree::<UnicodePstFile>::read(&mut std::io::Cursor::new(block), encoding, &entry) {
        Ok(DataTree::Leaf(block)) => Ok(block.data().to_vec()),
        Ok(DataTree::Intermediate(_)) => Err(format!("block {bid:#x} is no data block")),
        Err(e) => Err(format!("block {bid:#x}: {e}")),
    }
}

/// MS-PST's CRC (5.3): CRC-32's, from 0 and not inverted at the end,
/// where crc32fast inverts at both ends.
fn ms_pst_crc(bytes: &[u8]) -> u32 {
    let mut hasher = crc32fast::Hasher::new_with_initial(!0);
    hasher.update(bytes);
    !hasher.finalize()
}

/// The data blocks of a node found so far, and their bytes against the
/// bound.
struct Leaves {
    ids: Vec<u64>,
    bytes: u64,
    max_bytes: u64,
}

/// The least a data block counts against a node's bound.
const MIN_COUNTED_BLOCK: u64 = 64;

/// A walk over one of the store's B-trees, each page read once.
struct TreeWalk<'s, R> {
    source: &'s mut R,
    layout: Layout,
    seen: HashSet<u64>,
}

impl<R: Read + Seek> TreeWalk<'_, R> {
    /// Calls `leaf` with each leaf entry of the tree whose root page is
    /// at `ib`, of page type `ptype`, until it returns false. Each page's
    /// children must be one level below it, and no page is read twice:
    /// the walk ends whatever the file says.
    fn tree(&mut self, ib: u64, ptype: u8, leaf: &mut dyn FnMut(&[u8]) -> bool) -> Result<(), String> {
        self.page(ib, ptype, MAX_TREE_LEVEL, leaf).map(|_| ())
    }

    fn page(&mut self, ib: u64, ptype: u8, max_level: u8, leaf: &mut dyn FnMut(&[u8]) -> bool) -> Result<bool, String> {
        if !self.seen.insert(ib) {
            return Err(format!("page at {ib} is reached twice"));
        }
        let layout = self.layout;
        let mut page = vec![0u8; layout.page()];
        self.source.seek(SeekFrom::Start(ib)).map_err(|e| e.to_string())?;
        self.source
            .read_exact(&mut page)
            .map_err(|_| format!("page at {ib} is past the end"))?;
        if page[layout.page_type()] != ptype {
            return Err(format!("page at {ib} is not a tree page"));
        }
        let (count, width, level) = layout.read_page_meta(&page).ok_or("short page")?;
        if level > max_level || width == 0 || count * width > layout.page_meta() {
            return Err(format!("page at {ib} is malformed"));
        }
        for entry in page[..count * width].chunks_exact(width) {
            if level == 0 {
                if !leaf(entry) {
                    return Ok(false);
                }
                continue;
            }
            // An intermediate entry: a key, then the child page's id and offset.
            let child = layout.read_id(entry, 2 * layout.id()).ok_or("short entry")?;
            if !self.page(child, ptype, level - 1, leaf)? {
                return Ok(false);
            }
        }
        Ok(true)
    }
}
