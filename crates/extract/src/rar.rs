//! RAR archives (`.rar`, RAR 4 and RAR 5): WinRAR's, where an actor on a
//! Windows host often gathers what they take. No crate reads RAR in safe
//! Rust (its compression is RARLAB's own, and the C++ UnRAR would parse
//! hostile archives in C++), so the headers alone are read here by hand,
//! after RARLAB's published layouts (RAR 5.0's archive format, and RAR
//! 4's `technote.txt`): every member is listed under the archive with its
//! name, size and date, `staging.rar!Finance/payroll.xlsx`; a member
//! stored uncompressed (`rar -m0`) is read as any document, one
//! compressed is listed as not scanned with its reason, as are encrypted
//! and split members. An archive whose headers are encrypted (`rar -hp`)
//! cannot list its members, and says so.
//!
//! Each header's CRC is checked before it is believed; headers are
//! bounded in size, members in number, and stored bytes by the archive
//! bounds; nothing is written to disk.

use crate::archive::{archive_over_bound, member_over_bound, unsafe_member_name, UNSAFE_NAME};
use crate::le::{u16_at, u32_at};
use crate::reader::Reader;
use crate::sniff::Kind;
use chrono::NaiveDate;
use std::io::{Read, Seek, SeekFrom};

/// The first bytes of a RAR 4 archive (its marker block).
pub(crate) const SIGNATURE_4: &[u8] = b"Rar!\x1a\x07\x00";
/// The first bytes of a RAR 5 archive.
pub(crate) const SIGNATURE_5: &[u8] = b"Rar!\x1a\x07\x01\x00";

/// The largest header read: RAR 5 bounds its headers to 2 MiB, and RAR 4's
/// size field holds 64 KiB.
const MAX_HEADER: u64 = 2 << 20;

/// Why a compressed member is not read.
const COMPRESSED: &str =
    "RAR-compressed member: listed from the archive's headers, not decompressed (RAR's compression is not read here); not scanned";

/// Which layout the archive's headers follow.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Version {
    Rar4,
    Rar5,
}

/// A RAR archive opened: its layout known, its headers read as walked.
pub(crate) struct Archive<R> {
    source: R,
    version: Version,
}

/// Opens the RAR archive in `source`, or says why it cannot be.
pub(crate) fn open<R: Read + Seek>(mut source: R) -> Result<Archive<R>, String> {
    let mut head = [0u8; 8];
    let read = source
        .read(&mut head)
        .map_err(|e| format!("RAR archive cannot be read: {e}"))?;
    let version = if head[..read].starts_with(SIGNATURE_5) {
        Version::Rar5
    } else if head[..read].starts_with(SIGNATURE_4) {
        Version::Rar4
    } else {
        return Err("not a RAR archive of a known version".to_string());
    };
    Ok(Archive { source, version })
}

/// One member as its header describes it.
#[derive(Debug, Default, PartialEq)]
struct Member {
    name: String,
    unpacked: u64,
    /// Where its data starts in the archive, and how long it is.
    data_at: u64,
    packed: u64,
    modified: Option<NaiveDate>,
    directory: bool,
    /// Stored as it is (no compression).
    stored: bool,
    encrypted: bool,
    /// Part of it lies in another volume of a multi-volume archive.
    split: bool,
    /// A link (symbolic, hard, or a junction) to another file.
    link: bool,
}

/// What one header is.
#[derive(Debug, PartialEq)]
enum Header {
    Member(Member),
    /// The rest of the headers are encrypted.
    Encrypted,
    /// The archive's end.
    End,
    /// Another header (the archive's own, a comment, a service header).
    Other,
}

/// Reads every member of the opened archive, shown as `display` at
/// container depth `depth`.
pub(crate) fn walk<R: Read + Seek>(
    reader: &mut Reader<'_>,
    display: &str,
    mut archive: Archive<R>,
    modified: Option<NaiveDate>,
    depth: u32,
) {
    let limits = reader.limits.clone();
    let report = |reader: &mut Reader<'_>, shown: &str, size: u64, date: Option<NaiveDate>, why: String| {
        reader.report_only(
            shown,
            size,
            String::new(),
            Kind::Binary,
            date.or(modified),
            depth + 1,
            why,
        );
    };
    let mut at = match archive.version {
        Version::Rar4 => SIGNATURE_4.len() as u64,
        Version::Rar5 => SIGNATURE_5.len() as u64,
    };
    let (mut members, mut total) = (0usize, 0u64);
    loop {
        let read = match archive.version {
            Version::Rar4 => rar4_header(&mut archive.source, at),
            Version::Rar5 => rar5_header(&mut archive.source, at),
        };
        let (header, next) = match read {
            Ok(Some(read)) => read,
            // Its end without an end header: RAR 4 may omit it, after its
            // members; else the archive was cut short.
            Ok(None) if archive.version == Version::Rar4 && members > 0 => return,
            Ok(None) => {
                let why = format!("RAR archive cut short after {members} members (no end header): the rest not read");
                return report(reader, &format!("{display}!"), 0, None, why);
            }
            Err(why) => {
                let why = format!("RAR archive damaged after {members} members ({why}): the rest not read");
                return report(reader, &format!("{display}!"), 0, None, why);
            }
        };
        at = next;
        let member = match header {
            Header::Member(member) if !member.directory => member,
            Header::Member(_) | Header::Other => continue,
            Header::End => return,
            Header::Encrypted => {
                let why = "RAR archive with encrypted headers (a password hides even the names): members not listed, not scanned";
                return report(reader, &format!("{display}!"), 0, None, why.to_string());
            }
        };
        members += 1;
        if members > limits.max_members {
            let why = format!("archive has over {} members: the rest not read", limits.max_members);
            return report(reader, &format!("{display}!"), 0, None, why);
        }
        let shown = format!("{display}!{}", member.name);
        if member.link {
            let why = format!("link within the archive: {}", crate::reader::LINK_NOT_FOLLOWED);
            let date = member.modified.or(modified);
            reader.report_only(&shown, 0, String::new(), Kind::Link, date, depth + 1, why);
            continue;
        }
        let why = if unsafe_member_name(&member.name) {
            UNSAFE_NAME.to_string()
        } else if member.encrypted {
            "encrypted member: not scanned".to_string()
        } else if member.split {
            "member split across the volumes of a multi-volume archive: not scanned".to_string()
        } else if !member.stored {
            COMPRESSED.to_string()
        } else if member.packed != member.unpacked {
            "stored member whose sizes disagree (damaged): not scanned".to_string()
        } else if member.packed > limits.max_member_bytes {
            member_over_bound(member.packed, &limits)
        } else if total.saturating_add(member.packed) > limits.max_archive_bytes {
            return report(
                reader,
                &shown,
                member.unpacked,
                member.modified,
                archive_over_bound(&limits),
            );
        } else {
            match stored_data(&mut archive.source, &member) {
                Ok(data) => {
                    total += data.len() as u64;
                    let _held = reader.budget.hold(data.len() as u64);
                    reader.bytes(&shown, &data, member.modified.or(modified), depth + 1);
                    continue;
                }
                Err(e) => format!("stored member cannot be read ({e}): not scanned"),
            }
        };
        report(reader, &shown, member.unpacked, member.modified, why);
    }
}

/// The bytes of a stored member.
fn stored_data<R: Read + Seek>(source: &mut R, member: &Member) -> Result<Vec<u8>, String> {
    let data = bytes_at(source, member.data_at, member.packed)?;
    if (data.len() as u64) < member.packed {
        return Err("the archive ends within it".into());
    }
    Ok(data)
}

/// Up to `length` bytes of `source` from `at` (fewer at its end).
fn bytes_at<R: Read + Seek>(source: &mut R, at: u64, length: u64) -> Result<Vec<u8>, String> {
    source.seek(SeekFrom::Start(at)).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    source.take(length).read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    Ok(bytes)
}

/// A RAR 5 variable-length integer at `*at` of `bytes` (seven bits a byte,
/// least significant first, the high bit saying another follows), `*at`
/// moved past it.
fn vint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..70).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u64::from(byte & 0x7f).checked_shl(shift)?;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

/// The RAR 5 header at `at`, and where the next starts; `None` at the
/// archive's end.
fn rar5_header<R: Read + Seek>(source: &mut R, at: u64) -> Result<Option<(Header, u64)>, String> {
    // The CRC, then the header's size (a vint of four bytes at most).
    let start = bytes_at(source, at, 8)?;
    if start.is_empty() {
        return Ok(None);
    }
    let mut cursor = 4;
    let size = vint(&start, &mut cursor).ok_or("a header cut short")?;
    if size == 0 || size > MAX_HEADER {
        return Err(format!("a header of {size} bytes"));
    }
    let header = bytes_at(source, at + 4, cursor as u64 - 4 + size)?;
    if (header.len() as u64) < cursor as u64 - 4 + size {
        return Err("a header cut short".into());
    }
    if crc32fast::hash(&header) != u32_at(&start, 0).unwrap_or_default() {
        return Err("a header whose CRC does not match".into());
    }
    let fields = &header[cursor - 4..];
    let mut at_field = 0;
    let field = |at_field: &mut usize| vint(fields, at_field).ok_or("a header's field cut short");
    let kind = field(&mut at_field)?;
    let flags = field(&mut at_field)?;
    let extra = if flags & 0x0001 != 0 { field(&mut at_field)? } else { 0 };
    let data = if flags & 0x0002 != 0 { field(&mut at_field)? } else { 0 };
    let data_at = at + 4 + header.len() as u64;
    let next = data_at.checked_add(data).ok_or("a data size past any file")?;
    let header = match kind {
        2 => {
            let extra_at = fields
                .len()
                .checked_sub(extra as usize)
                .ok_or("an extra area past its header")?;
            let mut member = rar5_member(&fields[at_field..extra_at], &fields[extra_at..])
                .ok_or("a file header's fields cut short")?;
            member.data_at = data_at;
            member.packed = data;
            member.split = flags & 0x0018 != 0;
            Header::Member(member)
        }
        4 => Header::Encrypted,
        5 => Header::End,
        _ => Header::Other,
    };
    Ok(Some((header, next)))
}

/// A RAR 5 file header's own fields, then its extra area's records.
fn rar5_member(fields: &[u8], extra: &[u8]) -> Option<Member> {
    let mut at = 0;
    let file_flags = vint(fields, &mut at)?;
    let unpacked = vint(fields, &mut at)?;
    let _attributes = vint(fields, &mut at)?;
    let mut modified = None;
    if file_flags & 0x0002 != 0 {
        modified = unix_date(u32_at(fields, at)?.into());
        at += 4;
    }
    if file_flags & 0x0004 != 0 {
        at += 4;
    }
    let compression = vint(fields, &mut at)?;
    let _host = vint(fields, &mut at)?;
    let name_length = usize::try_from(vint(fields, &mut at)?).ok()?;
    let name = fields.get(at..at.checked_add(name_length)?)?;
    let mut member = Member {
        name: String::from_utf8_lossy(name).into_owned(),
        unpacked,
        modified,
        directory: file_flags & 0x0001 != 0,
        stored: (compression >> 7) & 0x7 == 0,
        ..Member::default()
    };
    // Extra records: each its size (from its type on), type and data.
    let mut at = 0;
    while at < extra.len() {
        let size = usize::try_from(vint(extra, &mut at)?).ok()?;
        let record = extra.get(at..at.checked_add(size)?)?;
        at += size;
        let mut field = 0;
        match vint(record, &mut field)? {
            0x01 => member.encrypted = true,
            0x05 => member.link = true,
            0x03 => member.modified = rar5_modified(&record[field..]).or(member.modified),
            _ => {}
        }
    }
    Some(member)
}

/// The modification date of a RAR 5 file time record: its flags, then
/// the times they say are there, the modification time first (as Unix
/// seconds, or as Windows' 100-nanosecond ticks from 1601).
fn rar5_modified(record: &[u8]) -> Option<NaiveDate> {
    let mut at = 0;
    let flags = vint(record, &mut at)?;
    if flags & 0x0002 == 0 {
        return None;
    }
    if flags & 0x0001 != 0 {
        unix_date(u32_at(record, at)?.into())
    } else {
        let ticks = u64::from(u32_at(record, at)?) | u64::from(u32_at(record, at + 4)?) << 32;
        unix_date((ticks / 10_000_000) as i64 - 11_644_473_600)
    }
}

/// The date of a Unix time.
fn unix_date(seconds: i64) -> Option<NaiveDate> {
    chrono::DateTime::from_timestamp(seconds, 0).map(|t| t.date_naive())
}

/// RAR 4 block types.
const RAR4_MAIN: u8 = 0x73;
const RAR4_FILE: u8 = 0x74;
const RAR4_END: u8 = 0x7b;

/// The RAR 4 block at `at`, and where the next starts; `None` at the
/// archive's end.
fn rar4_header<R: Read + Seek>(source: &mut R, at: u64) -> Result<Option<(Header, u64)>, String> {
    // CRC (2), type (1), flags (2), size (2), and the size of what
    // follows the block (4) when flag 0x8000 says so.
    let start = bytes_at(source, at, 11)?;
    if start.is_empty() {
        return Ok(None);
    }
    let (Some(crc), Some(&kind), Some(flags), Some(size)) =
        (u16_at(&start, 0), start.get(2), u16_at(&start, 3), u16_at(&start, 5))
    else {
        return Err("a block header cut short".into());
    };
    if size < 7 {
        return Err(format!("a block header of {size} bytes"));
    }
    let header = bytes_at(source, at, size.into())?;
    if header.len() < usize::from(size) {
        return Err("a block header cut short".into());
    }
    if crc32fast::hash(&header[2..]) as u16 != crc {
        return Err("a block header whose CRC does not match".into());
    }
    let added = if flags & 0x8000 != 0 {
        u64::from(u32_at(&header, 7).ok_or("a block header cut short")?)
    } else {
        0
    };
    let data_at = at + u64::from(size);
    let header = match kind {
        RAR4_MAIN if flags & 0x0080 != 0 => Header::Encrypted,
        RAR4_FILE => {
            let mut member = rar4_member(&header, flags).ok_or("a file header's fields cut short")?;
            member.data_at = data_at;
            let next = data_at.checked_add(member.packed).ok_or("a data size past any file")?;
            return Ok(Some((Header::Member(member), next)));
        }
        RAR4_END => Header::End,
        _ => Header::Other,
    };
    Ok(Some((header, data_at + added)))
}

/// A RAR 4 file header (`header`, its flags `flags`): packed and unpacked
/// sizes (their high halves after the attributes when flag 0x100 says so),
/// host, CRC, DOS date and time, version, method (0x30: stored), the
/// name's length, attributes, then the name.
fn rar4_member(header: &[u8], flags: u16) -> Option<Member> {
    let (mut packed, mut unpacked) = (u64::from(u32_at(header, 7)?), u64::from(u32_at(header, 11)?));
    let dos_time = u32_at(header, 20)?;
    let method = *header.get(25)?;
    let name_length = usize::from(u16_at(header, 26)?);
    let mut at = 32;
    if flags & 0x0100 != 0 {
        packed |= u64::from(u32_at(header, at)?) << 32;
        unpacked |= u64::from(u32_at(header, at + 4)?) << 32;
        at += 8;
    }
    let name = header.get(at..at + name_length)?;
    Some(Member {
        name: rar4_name(name, flags & 0x0200 != 0),
        unpacked,
        packed,
        modified: dos_date(dos_time),
        directory: flags & 0x00e0 == 0x00e0,
        stored: method == 0x30,
        encrypted: flags & 0x0004 != 0,
        split: flags & 0x0003 != 0,
        ..Member::default()
    })
}

/// The date of an MS-DOS date and time (the date in the high half).
fn dos_date(dos: u32) -> Option<NaiveDate> {
    let date = dos >> 16;
    NaiveDate::from_ymd_opt(1980 + (date >> 9) as i32, (date >> 5) & 0x0f, date & 0x1f)
}

/// A RAR 4 member's name, its folders apart by `/` (RAR 4 keeps
/// Windows' `\`): in the OEM code page, or, when `unicode`, in UTF-8, or
/// after a zero byte in RAR's own compact UTF-16 form.
fn rar4_name(name: &[u8], unicode: bool) -> String {
    let name = match memchr::memchr(0, name) {
        Some(zero) if unicode => decode_unicode_name(&name[..zero], &name[zero + 1..]),
        None if unicode => String::from_utf8_lossy(name).into_owned(),
        _ => oem_name(name.split(|b| *b == 0).next().unwrap_or(name)),
    };
    name.replace('\\', "/")
}

/// A name in RAR 4's compact UTF-16 form (`encoded`), whose characters
/// may be copied from its OEM form (`oem`): a high byte shared by the
/// name's characters, then, two bits of a flag byte per run, a low byte
/// alone, a low byte under the high byte, a whole character, or a run of
/// the OEM name's characters (each plus a correction under the high
/// byte, or as they are).
fn decode_unicode_name(oem: &[u8], encoded: &[u8]) -> String {
    let Some((&high, mut rest)) = encoded.split_first() else {
        return oem_name(oem);
    };
    let high = u16::from(high) << 8;
    let mut name: Vec<u16> = Vec::new();
    let (mut flags, mut flag_bits) = (0u8, 0);
    let take = |rest: &mut &[u8]| -> Option<u8> {
        let (&byte, after) = rest.split_first()?;
        *rest = after;
        Some(byte)
    };
    // A name is at most 64 KiB long: so is its decoding.
    while !rest.is_empty() && name.len() < 1 << 16 {
        if flag_bits == 0 {
            let Some(byte) = take(&mut rest) else { break };
            (flags, flag_bits) = (byte, 8);
        }
        let op = flags >> 6;
        (flags, flag_bits) = (flags << 2, flag_bits - 2);
        let decoded = match op {
            0 => take(&mut rest).map(|low| name.push(u16::from(low))),
            1 => take(&mut rest).map(|low| name.push(high | u16::from(low))),
            2 => take(&mut rest)
                .zip(take(&mut rest))
                .map(|(low, top)| name.push(u16::from_le_bytes([low, top]))),
            _ => take(&mut rest).and_then(|length| {
                let correction = if length & 0x80 != 0 {
                    Some(take(&mut rest)?)
                } else {
                    None
                };
                for _ in 0..(length & 0x7f) + 2 {
                    let &byte = oem.get(name.len())?;
                    name.push(match correction {
                        Some(correction) => high | u16::from(byte.wrapping_add(correction)),
                        None => u16::from(byte),
                    });
                }
                Some(())
            }),
        };
        if decoded.is_none() {
            break;
        }
    }
    String::from_utf16_lossy(&name)
}

/// A name in the OEM code page DOS and the Windows console use: ASCII,
/// and the accented letters code pages 437 and 850 share (French's among
/// them); another byte is shown as U+FFFD.
fn oem_name(name: &[u8]) -> String {
    const LETTERS: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ";
    name.iter()
        .map(|&b| match b {
            0..=0x7f => char::from(b),
            0x80..=0x9a => LETTERS.chars().nth(usize::from(b - 0x80)).unwrap_or('\u{fffd}'),
            _ => '\u{fffd}',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::tests::read_bytes;
    use crate::Limits;

    /// A RAR 5 vint.
    fn vint_of(mut value: u64) -> Vec<u8> {
        let mut bytes = Vec::new();
        loop {
            let byte = (value & 0x7f) as u8;
            value >>= 7;
            if value == 0 {
                bytes.push(byte);
                return bytes;
            }
            bytes.push(byte | 0x80);
        }
    }

    /// A RAR 5 header of `kind` with `fields`, `extra` and `data`.
    fn rar5_block(kind: u64, fields: &[u8], extra: &[u8], data: &[u8]) -> Vec<u8> {
        let mut flags = 0;
        let mut sizes = Vec::new();
        if !extra.is_empty() {
            flags |= 1;
            sizes.extend(vint_of(extra.len() as u64));
        }
        if !data.is_empty() {
            flags |= 2;
            sizes.extend(vint_of(data.len() as u64));
        }
        let body = [vint_of(kind), vint_of(flags), sizes, fields.to_vec(), extra.to_vec()].concat();
        let header = [vint_of(body.len() as u64), body].concat();
        [crc32fast::hash(&header).to_le_bytes().to_vec(), header, data.to_vec()].concat()
    }

    /// A RAR 5 file header and data: stored, or said compressed (its data
    /// then as given), encrypted or not, modified on 28 January 2022.
    fn rar5_file(name: &str, data: &[u8], stored: bool, encrypted: bool) -> Vec<u8> {
        let method: u64 = if stored { 0 } else { 3 << 7 };
        let fields = [
            vint_of(0x0002),
            vint_of(data.len() as u64),
            vint_of(0x20),
            1_643_328_000u32.to_le_bytes().to_vec(),
            vint_of(method),
            vint_of(0),
            vint_of(name.len() as u64),
            name.as_bytes().to_vec(),
        ]
        .concat();
        // An encryption record: its type, then (unread here) its data.
        let extra = if encrypted {
            [vint_of(3), vint_of(1), vec![0, 0]].concat()
        } else {
            Vec::new()
        };
        rar5_block(2, &fields, &extra, data)
    }

    fn rar5(blocks: &[Vec<u8>]) -> Vec<u8> {
        let main = rar5_block(1, &vint_of(0), &[], &[]);
        let end = rar5_block(5, &vint_of(0), &[], &[]);
        [SIGNATURE_5.to_vec(), main, blocks.concat(), end].concat()
    }

    #[test]
    fn a_rar5_archive_lists_every_member_and_reads_those_stored() {
        let archive = rar5(&[
            rar5_file(
                "Finance/payees.csv",
                b"name,sin\nMarie Tremblay,046 454 286\n",
                true,
                false,
            ),
            rar5_file("Finance/payroll.xlsx", b"\x11\x22 compressed bytes", false, false),
            rar5_file("HR/sins.txt", b"046 454 286", true, true),
            rar5_file("../../evil.txt", b"x", true, false),
            // A hard link: a redirection record (type 5), no data.
            rar5_block(
                2,
                &[
                    vint_of(0),
                    vint_of(33),
                    vint_of(0x20),
                    vint_of(0),
                    vint_of(0),
                    vint_of(8),
                    b"link.txt".to_vec(),
                ]
                .concat(),
                &[vint_of(3), vint_of(5), vint_of(4), vint_of(0)].concat(),
                &[],
            ),
        ]);
        let docs = read_bytes("staging.rar", &archive, &Limits::default()).docs;
        let paths: Vec<&str> = docs.iter().map(|d| d.0.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "staging.rar",
                "staging.rar!Finance/payees.csv",
                "staging.rar!Finance/payroll.xlsx",
                "staging.rar!HR/sins.txt",
                "staging.rar!../../evil.txt",
                "staging.rar!link.txt"
            ]
        );
        assert_eq!(docs[0].0.kind, Kind::Rar);
        assert!(docs[0].3.is_empty(), "{:?}", docs[0].3);
        assert!(
            docs[1].1.contains("046 454 286") && docs[1].3.is_empty(),
            "{:?}",
            docs[1]
        );
        assert_eq!(docs[1].0.modified, NaiveDate::from_ymd_opt(2022, 1, 28));
        assert!(docs[2].3[0].contains("not decompressed"), "{:?}", docs[2].3);
        assert_eq!(docs[2].0.size, 19);
        assert_eq!(docs[2].0.modified, NaiveDate::from_ymd_opt(2022, 1, 28));
        assert!(docs[3].3[0].contains("encrypted member"), "{:?}", docs[3].3);
        assert!(docs[4].3[0].contains("unsafe member name"), "{:?}", docs[4].3);
        assert_eq!(docs[5].0.kind, Kind::Link);
        assert!(docs[5].3[0].contains("not followed"), "{:?}", docs[5].3);
    }

    #[test]
    fn a_rar5_archive_with_encrypted_headers_says_it_cannot_list() {
        let encryption = rar5_block(4, &[0, 15, 0], &[], &[]);
        let archive = [SIGNATURE_5.to_vec(), encryption, vec![0xAB; 64]].concat();
        let docs = read_bytes("x.rar", &archive, &Limits::default()).docs;
        assert_eq!(docs[1].0.path, "x.rar!");
        assert!(docs[1].3[0].contains("encrypted headers"), "{:?}", docs[1].3);
    }

    /// A RAR 4 block: CRC, type, flags, size, then `fields`.
    fn rar4_block(kind: u8, flags: u16, fields: &[u8]) -> Vec<u8> {
        let size = (7 + fields.len()) as u16;
        let covered = [&[kind][..], &flags.to_le_bytes(), &size.to_le_bytes(), fields].concat();
        [&(crc32fast::hash(&covered) as u16).to_le_bytes()[..], &covered].concat()
    }

    /// A RAR 4 file block and its data, named `name` (flags as given).
    fn rar4_file(name: &[u8], flags: u16, data: &[u8], method: u8) -> Vec<u8> {
        // 28 January 2022, 10:00, as MS-DOS writes it.
        let dos = (42u32 << 25) | (1 << 21) | (28 << 16) | (10 << 11);
        let fields = [
            &(data.len() as u32).to_le_bytes()[..],
            &(data.len() as u32).to_le_bytes(),
            &[2],
            &crc32fast::hash(data).to_le_bytes(),
            &dos.to_le_bytes(),
            &[29, method],
            &(name.len() as u16).to_le_bytes(),
            &0x20u32.to_le_bytes(),
            name,
        ]
        .concat();
        [rar4_block(RAR4_FILE, 0x8000 | flags, &fields), data.to_vec()].concat()
    }

    #[test]
    fn a_rar4_archive_lists_every_member_and_reads_those_stored() {
        let archive = [
            SIGNATURE_4.to_vec(),
            rar4_block(RAR4_MAIN, 0, &[0; 6]),
            rar4_file(
                b"Fournisseurs\\d\x82p\x93ts.txt",
                0,
                b"Transit 12345, institution 003, compte 1234567",
                0x30,
            ),
            rar4_file("Clients/Café.csv".as_bytes(), 0x0200, b"compressed", 0x33),
            rar4_block(RAR4_END, 0x4000, &[]),
        ]
        .concat();
        let docs = read_bytes("old.rar", &archive, &Limits::default()).docs;
        let paths: Vec<&str> = docs.iter().map(|d| d.0.path.as_str()).collect();
        assert_eq!(
            paths,
            ["old.rar", "old.rar!Fournisseurs/dépôts.txt", "old.rar!Clients/Café.csv"]
        );
        assert!(docs[1].1.contains("1234567"), "{:?}", docs[1]);
        assert_eq!(docs[1].0.modified, NaiveDate::from_ymd_opt(2022, 1, 28));
        assert!(docs[2].3[0].contains("not decompressed"), "{:?}", docs[2].3);
        // Encrypted headers, after the main block says so.
        let hidden = [
            SIGNATURE_4.to_vec(),
            rar4_block(RAR4_MAIN, 0x0080, &[0; 6]),
            vec![7; 40],
        ]
        .concat();
        let docs = read_bytes("hidden.rar", &hidden, &Limits::default()).docs;
        assert!(docs[1].3[0].contains("encrypted headers"), "{:?}", docs[1].3);
    }

    #[test]
    fn rar4_unicode_names_decode_each_run() {
        // Bytes as they are, then a run of the OEM name's characters.
        let encoded = [0x00, 0x00, b'C', b'a', b'f', 0xE9, 0xC0, 0x02];
        assert_eq!(decode_unicode_name(b"Caf\x82.txt", &encoded), "Café.txt");
        // Under a high byte (Cyrillic), and a whole character.
        let encoded = [0x04, 0x58, 0x1F, 0x40, 0x14, 0x30];
        assert_eq!(decode_unicode_name(b"??.txt", &encoded), "Пр\u{3014}");
        // Damaged: runs past the OEM name, or cut short, end the name.
        let _ = decode_unicode_name(b"", &[0x00, 0xFF, 0x7F]);
        let _ = decode_unicode_name(b"abc", &[0x00, 0x80]);
    }

    #[test]
    fn damaged_archives_are_errors_never_panics() {
        let archive = rar5(&[rar5_file("a.txt", b"046 454 286", true, false)]);
        for cut in 0..archive.len() {
            let _ = read_bytes("cut.rar", &archive[..cut], &Limits::default());
        }
        let mut crc = archive.clone();
        crc[SIGNATURE_5.len() + 20] ^= 0xFF;
        let docs = read_bytes("bad.rar", &crc, &Limits::default()).docs;
        assert!(docs.iter().any(|d| d.3.iter().any(|e| e.contains("CRC"))), "{docs:?}");
        for at in 0..archive.len() {
            for value in [0x00, 0x7f, 0x80, 0xff] {
                let mut mutated = archive.clone();
                mutated[at] = value;
                let _ = read_bytes("m.rar", &mutated, &Limits::default());
            }
        }
    }
}
