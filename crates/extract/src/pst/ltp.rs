//! The properties of a store's node (MS-PST 2.3): its data is a heap
//! (2.3.1) whose user root is a B-tree (2.3.2) of property records (2.3.3),
//! each a value in the heap, inline, or in a subnode when large.

use super::ndb::{Blocks, Node, Store};
use crate::le::{u16_at, u32_at, utf16_chars};
use std::collections::{HashMap, HashSet};

/// Deepest property tree read (a node's tree is one level, two for a
/// very large table).
const MAX_TREE_LEVELS: u8 = 8;
/// A heap's signature byte, and its client's for a property context.
const HEAP_SIGNATURE: u8 = 0xec;
const PROPERTY_CONTEXT: u8 = 0xbc;
const TREE_SIGNATURE: u8 = 0xb5;

/// A property's value, as breachscope uses it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    Text(String),
    Bytes(Vec<u8>),
    Integer(i64),
}

/// The node's heap: its blocks, each a page of items.
struct Heap<'b> {
    pages: &'b Blocks,
}

impl<'b> Heap<'b> {
    /// The heap over `pages`, if the first says it is one, for `client`.
    fn new(pages: &'b Blocks, client: u8) -> Option<Heap<'b>> {
        let first = pages.first()?;
        (first.get(2) == Some(&HEAP_SIGNATURE) && first.get(3) == Some(&client)).then_some(Heap { pages })
    }

    /// The heap's user root: its tree's header.
    fn user_root(&self) -> u32 {
        u32_at(&self.pages[0], 4).unwrap_or(0)
    }

    /// The item `hid` names: its page (high 16 bits) and its 1-based index
    /// in that page's allocation map (bits 5 to 15).
    fn item(&self, hid: u32) -> Option<&'b [u8]> {
        if hid & 0x1f != 0 {
            return None;
        }
        let page = self.pages.get((hid >> 16) as usize)?;
        let index = ((hid >> 5) & 0x7ff) as usize;
        let map = usize::from(u16_at(page, 0)?);
        let allocated = usize::from(u16_at(page, map)?);
        if index == 0 || index > allocated {
            return None;
        }
        let start = usize::from(u16_at(page, map + 4 + 2 * (index - 1))?);
        let end = usize::from(u16_at(page, map + 4 + 2 * index)?);
        page.get(start..end)
    }

    /// The records of the tree whose header is the item `header`: each
    /// key and data, of `key` and `data` bytes. Each item is read once,
    /// however the tree points.
    fn tree_records(&self, header: u32, key: usize, data: usize) -> Vec<(&'b [u8], &'b [u8])> {
        let Some(head) = self.item(header) else {
            return Vec::new();
        };
        if head.first() != Some(&TREE_SIGNATURE)
            || head.get(1).map(|&k| usize::from(k)) != Some(key)
            || head.get(2).map(|&d| usize::from(d)) != Some(data)
        {
            return Vec::new();
        }
        let levels = head.get(3).copied().unwrap_or(0).min(MAX_TREE_LEVELS);
        let mut seen = HashSet::new();
        let mut level_items: Vec<u32> = u32_at(head, 4).filter(|&root| root != 0).into_iter().collect();
        for _ in 0..levels {
            let mut next = Vec::new();
            for hid in level_items.into_iter().filter(|&hid| seen.insert(hid)) {
                let Some(item) = self.item(hid) else { continue };
                next.extend(item.chunks_exact(key + 4).filter_map(|entry| u32_at(entry, key)));
            }
            level_items = next;
        }
        level_items
            .into_iter()
            .filter(|&hid| seen.insert(hid))
            .filter_map(|hid| self.item(hid))
            .flat_map(|item| item.chunks_exact(key + data))
            .map(|record| record.split_at(key))
            .collect()
    }
}

/// Property types (MS-OXCDATA 2.11.1) breachscope reads.
const INTEGER_16: u16 = 0x0002;
const INTEGER_32: u16 = 0x0003;
const TIME: u16 = 0x0040;
const STRING_8: u16 = 0x001e;
const STRING: u16 = 0x001f;
const BINARY: u16 = 0x0102;

/// The properties of the node whose data is `pages` (a property
/// context), with its `subnodes` holding large values, for the ids in
/// `wanted` only. Values too large (over `max_bytes`) or unreadable are
/// left out.
pub(super) fn properties(
    store: &Store,
    pages: &Blocks,
    subnodes: &HashMap<u32, Node>,
    wanted: &[u16],
    max_bytes: u64,
) -> HashMap<u16, Value> {
    let mut found = HashMap::new();
    let Some(heap) = Heap::new(pages, PROPERTY_CONTEXT) else {
        return found;
    };
    for (key, data) in heap.tree_records(heap.user_root(), 2, 6) {
        let (Some(id), Some(kind), Some(place)) = (u16_at(key, 0), u16_at(data, 0), u32_at(data, 2)) else {
            continue;
        };
        if !wanted.contains(&id) {
            continue;
        }
        let stored = || -> Option<Vec<u8>> {
            if place & 0x1f == 0 {
                return heap.item(place).map(<[u8]>::to_vec);
            }
            let node = subnodes.get(&place)?;
            store.node_data(node.data, max_bytes).ok().map(|blocks| blocks.concat())
        };
        let value = match kind {
            INTEGER_16 => Value::Integer(i64::from(place as u16 as i16)),
            INTEGER_32 => Value::Integer(i64::from(place as i32)),
            TIME => match stored().and_then(|b| Some(i64::from_le_bytes(b.get(..8)?.try_into().ok()?))) {
                Some(filetime) => Value::Integer(filetime),
                None => continue,
            },
            STRING => match stored() {
                Some(bytes) => Value::Text(utf16_chars(&bytes).collect()),
                None => continue,
            },
            STRING_8 => match stored() {
                Some(bytes) => Value::Text(crate::text::decode(&bytes)),
                None => continue,
            },
            BINARY => match stored() {
                Some(bytes) => Value::Bytes(bytes),
                None => continue,
            },
            _ => continue,
        };
        found.insert(id, value);
    }
    found
}
