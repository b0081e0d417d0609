//! The properties of a store's node and the rows of its tables (MS-PST
//! 2.3): a node's data is a heap (2.3.1) whose user root is a B-tree
//! (2.3.2) of property records (2.3.3), or a table's description and rows
//! (2.3.4); each value is inline, in the heap, or in a subnode when large.

use super::ndb::{Blocks, Node, Store};
use crate::le::{u16_at, u32_at, utf16_chars};
use std::collections::{HashMap, HashSet};

/// Deepest property tree read (a node's tree is one level, two for a
/// very large table).
const MAX_TREE_LEVELS: u8 = 8;
/// A heap's signature byte, and its client's for a property context and
/// a table context.
const HEAP_SIGNATURE: u8 = 0xec;
const PROPERTY_CONTEXT: u8 = 0xbc;
const TABLE_CONTEXT: u8 = 0x7c;
const TREE_SIGNATURE: u8 = 0xb5;

/// A property's value, as breachscope uses it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    Text(String),
    Bytes(Vec<u8>),
    Integer(i64),
    /// An object (an attached message): the subnode holding it.
    Object(u32),
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
/// Its value is the id and size of the subnode holding it (MS-PST 2.3.3.5).
const OBJECT: u16 = 0x000d;

/// A node's heap with what its references may lead to: its subnodes
/// (large values) in the store, read within `max_bytes`.
struct Context<'a> {
    store: &'a Store,
    heap: Heap<'a>,
    subnodes: &'a HashMap<u32, Node>,
    max_bytes: u64,
}

impl Context<'_> {
    /// The value of type `kind` whose reference is `place`: the value
    /// itself for types of 4 bytes or less, else a heap item or a subnode.
    fn value(&self, kind: u16, place: u32) -> Option<Value> {
        let stored = || -> Option<Vec<u8>> {
            if place & 0x1f == 0 {
                return self.heap.item(place).map(<[u8]>::to_vec);
            }
            let node = self.subnodes.get(&place)?;
            let blocks = self.store.node_data(node.data, self.max_bytes).ok()?;
            Some(blocks.concat())
        };
        Some(match kind {
            INTEGER_16 => Value::Integer(i64::from(place as u16 as i16)),
            INTEGER_32 => Value::Integer(i64::from(place as i32)),
            TIME => Value::Integer(i64::from_le_bytes(stored()?.get(..8)?.try_into().ok()?)),
            STRING => Value::Text(utf16_chars(&stored()?).collect()),
            STRING_8 => Value::Text(crate::text::decode(&stored()?)),
            BINARY => Value::Bytes(stored()?),
            OBJECT => Value::Object(u32_at(&stored()?, 0)?),
            _ => return None,
        })
    }
}

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
    let Some(heap) = Heap::new(pages, PROPERTY_CONTEXT) else {
        return HashMap::new();
    };
    let records = heap.tree_records(heap.user_root(), 2, 6);
    let context = Context {
        store,
        heap,
        subnodes,
        max_bytes,
    };
    records
        .into_iter()
        .filter_map(|(key, data)| {
            let (id, kind, place) = (u16_at(key, 0)?, u16_at(data, 0)?, u32_at(data, 2)?);
            if !wanted.contains(&id) {
                return None;
            }
            Some((id, context.value(kind, place)?))
        })
        .collect()
}

/// Rows of a table read from one node at most.
const MAX_ROWS: usize = 100_000;

/// The rows of the table whose node data is `pages` (a table context,
/// MS-PST 2.3.4), each with the columns in `wanted` it has.
pub(super) fn table_rows(
    store: &Store,
    pages: &Blocks,
    subnodes: &HashMap<u32, Node>,
    wanted: &[u16],
    max_bytes: u64,
) -> Vec<HashMap<u16, Value>> {
    let Some(heap) = Heap::new(pages, TABLE_CONTEXT) else {
        return Vec::new();
    };
    let Some(info) = heap
        .item(heap.user_root())
        .filter(|i| i.first() == Some(&TABLE_CONTEXT))
    else {
        return Vec::new();
    };
    // Column count; where the 4-, 2- and 1-byte values end, and the
    // existence bitmap (the row's end); where the rows are.
    let columns = usize::from(info.get(1).copied().unwrap_or(0));
    let (Some(bitmap), Some(row_size), Some(rows_at)) = (u16_at(info, 6), u16_at(info, 8), u32_at(info, 14)) else {
        return Vec::new();
    };
    let (bitmap, row_size) = (usize::from(bitmap), usize::from(row_size));
    // Each wanted column: its id, type, offset, size and existence bit.
    let described: Vec<(u16, u16, usize, usize, usize)> = (0..columns)
        .filter_map(|i| {
            let at = 22 + 8 * i;
            let tag = u32_at(info, at)?;
            let (id, kind) = ((tag >> 16) as u16, tag as u16);
            let (offset, size, bit) = (u16_at(info, at + 4)?, *info.get(at + 6)?, *info.get(at + 7)?);
            wanted
                .contains(&id)
                .then_some((id, kind, usize::from(offset), usize::from(size), usize::from(bit)))
        })
        .collect();
    if row_size == 0 || bitmap > row_size || rows_at == 0 {
        return Vec::new();
    }
    let context = Context {
        store,
        heap,
        subnodes,
        max_bytes,
    };
    // The rows: a heap item, or a subnode whose blocks each hold whole rows.
    let row_blocks: Blocks = if rows_at & 0x1f == 0 {
        context
            .heap
            .item(rows_at)
            .map(|rows| vec![rows.to_vec()])
            .unwrap_or_default()
    } else {
        subnodes
            .get(&rows_at)
            .and_then(|node| store.node_data(node.data, max_bytes).ok())
            .unwrap_or_default()
    };
    row_blocks
        .iter()
        .flat_map(|block| block.chunks_exact(row_size))
        .take(MAX_ROWS)
        .map(|row| {
            described
                .iter()
                .filter(|&&(.., bit)| row.get(bitmap + bit / 8).is_some_and(|b| b & (0x80 >> (bit % 8)) != 0))
                .filter_map(|&(id, kind, offset, size, _)| {
                    let cell = row.get(offset..offset + size)?;
                    let place = match size {
                        1 => u32::from(cell[0]),
                        2 => u32::from(u16_at(cell, 0)?),
                        4 => u32_at(cell, 0)?,
                        _ => return None,
                    };
                    Some((id, context.value(kind, place)?))
                })
                .collect()
        })
        .collect()
}
