//! The store's map of named properties (MS-PST 2.4.7): properties such as
//! a contact's e-mail addresses have no fixed id, only a name (a property
//! set and a number), and each store gives them ids of its own, from
//! 0x8000.

use super::ltp::{self, Value};
use super::ndb::Store;
use crate::le::{u16_at, u32_at};

/// The map's node.
const NAME_TO_ID_MAP: u32 = 0x61;
/// Its properties: the property sets' GUIDs, and the names.
const GUID_STREAM: u16 = 0x0002;
const ENTRY_STREAM: u16 = 0x0003;
/// PSETID_Address, {00062004-0000-0000-C000-000000000046}, as stored.
const ADDRESS_SET: [u8; 16] = [
    0x04, 0x20, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46,
];
/// A contact's three e-mail addresses in that set (MS-OXOCNTC 2.2.1.2).
const EMAIL_ADDRESSES: [u32; 3] = [0x8083, 0x8093, 0x80a3];
/// Sets numbered before the stream's: PS_MAPI (1), PS_PUBLIC_STRINGS (2).
const FIRST_STREAM_SET: u16 = 3;

/// The ids this store gives a contact's e-mail addresses.
pub(super) fn contact_email_ids(store: &Store, max_bytes: u64) -> Vec<u16> {
    let Some(map) = store.nodes.iter().find(|n| n.nid == NAME_TO_ID_MAP) else {
        return Vec::new();
    };
    let (Ok(pages), Ok(subnodes)) = (store.node_data(map.data, max_bytes), store.subnodes(map.sub)) else {
        return Vec::new();
    };
    let mut props = ltp::properties(store, &pages, &subnodes, &[GUID_STREAM, ENTRY_STREAM], max_bytes);
    let (Some(Value::Bytes(guids)), Some(Value::Bytes(entries))) =
        (props.remove(&GUID_STREAM), props.remove(&ENTRY_STREAM))
    else {
        return Vec::new();
    };
    // Each entry: the number (or a name's offset), the set's index with
    // the name flag as its low bit, and the property's index from 0x8000.
    entries
        .chunks_exact(8)
        .filter_map(|entry| {
            let (number, set, index) = (u32_at(entry, 0)?, u16_at(entry, 4)?, u16_at(entry, 6)?);
            let named_by_number = set & 1 == 0;
            let set = (set >> 1).checked_sub(FIRST_STREAM_SET)? as usize;
            let guid = guids.get(16 * set..16 * set + 16)?;
            (named_by_number && guid == ADDRESS_SET && EMAIL_ADDRESSES.contains(&number))
                .then(|| 0x8000u16.checked_add(index))
                .flatten()
        })
        .collect()
}
