//! Zip archives, nested ones too, read member by member in memory within
//! bounds on depth, member count, total and per-member uncompressed bytes
//! and compression ratio. A text member too large to hold is streamed
//! whole instead, decompressed anew for each pass (`stream`). Member
//! names that climb out (`..`) or are absolute are reported and never
//! resolved; nothing is written to disk.

use crate::reader::Reader;
use crate::sniff::{self, Kind};
use crate::stream::{self, Reopen, Source};
use crate::Limits;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::io::{Read, Seek};

/// Below this many uncompressed bytes no ratio is suspicious.
pub(crate) const RATIO_FLOOR: u64 = 1 << 20;

/// What is said of a member whose name is unsafe.
pub(crate) const UNSAFE_NAME: &str =
    "unsafe member name (absolute or climbing with ..): reported, never resolved; not scanned";

/// What is said of a member larger than `limits` allow.
pub(crate) fn member_over_bound(size: u64, limits: &Limits) -> String {
    format!(
        "member of {} MiB is over the {} MiB bound: not scanned",
        size >> 20,
        limits.max_member_bytes >> 20
    )
}

/// What is said where an archive passes its bound of uncompressed bytes.
pub(crate) fn archive_over_bound(limits: &Limits) -> String {
    format!(
        "archive over {} GiB uncompressed: the rest not read",
        limits.max_archive_bytes >> 30
    )
}

/// Whether a member's name is absolute or climbs out with `..`: such a
/// name is reported, never resolved.
pub(crate) fn unsafe_member_name(name: &str) -> bool {
    name.starts_with(['/', '\\'])
        || name.split(['/', '\\']).any(|part| part == "..")
        || name.as_bytes().get(1) == Some(&b':')
}

/// Opens the zip in `source`, or says why it cannot be.
pub(crate) fn open<R: Read + Seek>(source: R) -> Result<zip::ZipArchive<R>, String> {
    zip::ZipArchive::new(source).map_err(|e| format!("zip archive cannot be opened: {e}"))
}

/// Reads every member of an opened zip, shown as `display`, at container
/// depth `depth`.
pub(crate) fn walk<R: Read + Seek>(
    reader: &mut Reader<'_>,
    display: &str,
    mut zip: zip::ZipArchive<R>,
    modified: Option<NaiveDate>,
    depth: u32,
) {
    let limits = reader.limits.clone();
    let mut total: u64 = 0;
    let pg_tables = pg_dump_tables(&mut zip, &limits);
    for index in 0..zip.len() {
        if index >= limits.max_members {
            let error = format!(
                "archive has {} members, over the bound of {}: the rest not read",
                zip.len(),
                limits.max_members
            );
            reader.report_only(
                &format!("{display}!"),
                0,
                String::new(),
                Kind::Zip,
                modified,
                depth + 1,
                error,
            );
            break;
        }
        let member = member_name(&mut zip, index);
        let shown = format!("{display}!{}", member.name);
        let report = |reader: &mut Reader<'_>, error: String| {
            reader.report_only(
                &shown,
                member.size,
                String::new(),
                Kind::Binary,
                member.modified.or(modified),
                depth + 1,
                error,
            )
        };
        if member.is_dir {
            continue;
        }
        if let Some(why) = &member.refused {
            report(reader, why.clone());
            continue;
        }
        if member.encrypted {
            report(reader, "encrypted member: not scanned".into());
            continue;
        }
        if total >= limits.max_archive_bytes {
            report(reader, archive_over_bound(&limits));
            break;
        }
        // The declared size may lie: read at most what the bounds allow.
        let ratio_cap = member.compressed.saturating_mul(limits.max_ratio).max(RATIO_FLOOR);
        let pg_table = crate::pgdump::table_file_name(&member.name)
            .and_then(|(file, compression)| Some((pg_tables.get(file)?, compression)));
        if let Some((copy, compression)) = pg_table {
            let info = stream::member(&shown, Kind::PgDump, member.size, member.modified.or(modified), depth);
            let cap = ratio_cap.min(limits.max_archive_bytes - total);
            match reader.pg_table(info, compression, cap, &mut ZipMember { zip: &mut zip, index }, copy) {
                Ok(read) => total += read,
                Err(e) => report(reader, format!("member cannot be read: {e}")),
            }
            continue;
        }
        // A leaked dump's CSV of gigabytes: streamed whole, as it would be
        // on disk, within the ratio and archive bounds only.
        if member.size > limits.max_in_memory && depth < limits.max_depth {
            let head = member_head(&mut zip, index).unwrap_or_default();
            if let Some(info) = stream::streamed_member(&shown, &head, member.size, member.modified.or(modified), depth)
            {
                let cap = ratio_cap.min(limits.max_archive_bytes - total);
                total += reader.stream_text(info, cap, Source::Reopen(&mut ZipMember { zip: &mut zip, index }));
                continue;
            }
        }
        if member.size > limits.max_member_bytes {
            report(reader, member_over_bound(member.size, &limits));
            continue;
        }
        let cap = limits
            .max_member_bytes
            .min(ratio_cap)
            .min(limits.max_archive_bytes - total);
        let budget = reader.budget;
        let _held = budget.hold(member.size.min(cap));
        let mut data = Vec::new();
        let read = match zip.by_index(index) {
            Ok(file) => file.take(cap + 1).read_to_end(&mut data),
            Err(e) => {
                report(reader, format!("member cannot be read: {e}"));
                continue;
            }
        };
        if let Err(e) = read {
            report(reader, format!("member cannot be decompressed: {e}"));
            continue;
        }
        total += data.len() as u64;
        if data.len() as u64 > cap {
            let why = if cap == ratio_cap {
                format!("compression ratio over {}:1 (zip bomb?)", limits.max_ratio)
            } else {
                "size over the bound".to_string()
            };
            report(
                reader,
                format!("member expands past {} MiB, {why}: not scanned", cap >> 20),
            );
            continue;
        }
        // More than the member declared (within the bounds): held too.
        let _more = budget.hold((data.len() as u64).saturating_sub(member.size));
        reader.bytes(&shown, &data, member.modified.or(modified), depth + 1);
    }
}

/// The table files of the pg_dump directories in a zip (a dump's folder
/// zipped whole), by member name without its compression's suffix: the
/// `COPY` statement its folder's `toc.dat` gives each. A zip's members
/// come in any order, so the tables of contents are read first.
fn pg_dump_tables<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, limits: &Limits) -> HashMap<String, String> {
    let mut tables = HashMap::new();
    let tocs: Vec<usize> = (zip.file_names())
        .filter_map(Result::ok)
        .filter(|name| crate::pgdump::toc_folder(name).is_some())
        .filter_map(|name| zip.index_for_name(&name))
        .filter(|&index| index < limits.max_members)
        .collect();
    for index in tocs {
        let member = member_name(zip, index);
        if member.refused.is_some() || member.encrypted || member.size > crate::pgdump::MAX_TOC {
            continue;
        }
        let mut toc = Vec::new();
        let read = zip
            .by_index(index)
            .and_then(|file| Ok(file.take(crate::pgdump::MAX_TOC).read_to_end(&mut toc)?));
        if read.is_ok() {
            tables.extend(crate::pgdump::member_table_files(&member.name, &toc));
        }
    }
    tables
}

/// The first bytes of a member, by which its kind is told.
fn member_head<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, index: usize) -> Option<Vec<u8>> {
    let mut head = Vec::new();
    zip.by_index(index)
        .ok()?
        .take(sniff::HEAD as u64)
        .read_to_end(&mut head)
        .ok()?;
    Some(head)
}

/// One member of a zip, decompressed anew each time it is read.
struct ZipMember<'z, R> {
    zip: &'z mut zip::ZipArchive<R>,
    index: usize,
}

impl<R: Read + Seek> Reopen for ZipMember<'_, R> {
    fn reopen(&mut self) -> std::io::Result<Box<dyn Read + '_>> {
        Ok(Box::new(self.zip.by_index(self.index)?))
    }
}

struct MemberName {
    name: String,
    size: u64,
    compressed: u64,
    is_dir: bool,
    encrypted: bool,
    /// Why it is not read whatever it holds: its name is unsafe, or its
    /// entry cannot be read.
    refused: Option<String>,
    modified: Option<NaiveDate>,
}

/// The first day a zip entry's (MS-DOS) time can say: what tools write
/// when they keep no time (reproducible builds, some libraries), so it
/// says nothing of the member.
const DOS_EPOCH: NaiveDate = NaiveDate::from_ymd_opt(1980, 1, 1).expect("a date");

fn member_name<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, index: usize) -> MemberName {
    match zip.by_index_raw(index) {
        Ok(file) => {
            let name = file.name().map_or_else(
                |_| String::from_utf8_lossy(file.name_raw()).into_owned(),
                |n| n.into_owned(),
            );
            let refused =
                (file.enclosed_name().is_none() || unsafe_member_name(&name)).then(|| UNSAFE_NAME.to_string());
            let modified = file
                .last_modified()
                .and_then(|t| NaiveDate::from_ymd_opt(t.year().into(), t.month().into(), t.day().into()))
                .filter(|day| *day != DOS_EPOCH);
            MemberName {
                name,
                size: file.size(),
                compressed: file.compressed_size(),
                is_dir: file.is_dir(),
                encrypted: file.encrypted(),
                refused,
                modified,
            }
        }
        Err(e) => MemberName {
            name: format!("#{index}"),
            size: 0,
            compressed: 0,
            is_dir: false,
            encrypted: false,
            refused: Some(format!("archive entry cannot be read: {e}")),
            modified: None,
        },
    }
}
