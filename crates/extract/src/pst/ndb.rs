//! The node database of an Outlook store (MS-PST 2.2): its header, its two
//! B-trees (nodes, blocks), and the internal blocks that chain a node's
//! data and list its subnodes.
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
const PAGE: usize = 512;
/// The bit of a block id that marks an internal block.
const INTERNAL: u64 = 0x2;

/// Where the two kinds of store (ANSI, before Outlook 2003; Unicode)
/// differ: the width of ids and offsets, and so of every entry.
#[derive(Debug, Clone, Copy)]
struct Layout {
    unicode: bool,
}

impl Layout {
    /// Bytes of a block id, a byte offset, and (padded) a node id in an entry.
    fn id(self) -> usize {
        if self.unicode {
            8
        } else {
            4
        }
    }

    fn read_id(self, bytes: &[u8], at: usize) -> Option<u64> {
        if self.unicode {
            Some(u64::from(u32_at(bytes, at)?) | (u64::from(u32_at(bytes, at + 4)?) << 32))
        } else {
            u32_at(bytes, at).map(u64::from)
        }
    }

    /// The largest data block (MS-PST 2.2.2.8.1): 8 KiB less its trailer.
    fn max_data_block(self) -> u16 {
        if self.unicode {
            8192 - 16
        } else {
            8192 - 12
        }
    }

    /// Where a page's entry count, entry size and level sit.
    fn page_meta(self) -> usize {
        if self.unicode {
            488
        } else {
            496
        }
    }

    /// Where a page's type sits (its trailer's first byte).
    fn page_type(self) -> usize {
        if self.unicode {
            496
        } else {
            500
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
            14 | 15 => Layout { unicode: false },
            23 => Layout { unicode: true },
            36 => return Err("Outlook 2013 offline store (4 KiB pages): unsupported format".into()),
            v => return Err(format!("store version {v}: unsupported format")),
        };
        // The root: where the node and block trees start (MS-PST 2.2.2.5).
        let (nbt, bbt, crypt) = if layout.unicode {
            (224, 240, 513)
        } else {
            (188, 196, 461)
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
    /// encoded), within its size.
    fn raw_block(&self, bid: u64) -> Result<Vec<u8>, String> {
        let &(ib, cb) = self
            .blocks
            .get(&(bid & !1))
            .ok_or_else(|| format!("block {bid:#x} missing"))?;
        let mut bytes = vec![0u8; usize::from(cb)];
        let mut reader = self.source.borrow_mut();
        reader.seek(SeekFrom::Start(ib)).map_err(|e| e.to_string())?;
        reader.read_exact(&mut bytes).map_err(|e| e.to_string())?;
        Ok(bytes)
    }

    /// A data block's bytes, decoded.
    fn data_block(&self, bid: u64) -> Result<Vec<u8>, String> {
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
        let read = if self.layout.unicode {
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
        let first = if self.layout.unicode { 8 } else { 4 };
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
        let mut page = [0u8; PAGE];
        self.source.seek(SeekFrom::Start(ib)).map_err(|e| e.to_string())?;
        self.source
            .read_exact(&mut page)
            .map_err(|_| format!("page at {ib} is past the end"))?;
        let layout = self.layout;
        if page[layout.page_type()] != ptype {
            return Err(format!("page at {ib} is not a tree page"));
        }
        let meta = layout.page_meta();
        let (count, width, level) = (usize::from(page[meta]), usize::from(page[meta + 2]), page[meta + 3]);
        if level > max_level || width == 0 || count * width > meta {
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
