//! 7-Zip archives (`.7z`): where an actor on a Windows host gathers what
//! they take, and what backups are made of. Read with `sevenz-rust2`, in
//! memory, within the bounds zips have: member count, per-member and total
//! uncompressed bytes, the compression ratio of the whole, the nesting
//! depth; and the decoders' dictionaries and the header within
//! `MEMORY_LIMIT_KB`, which the crate checks before it allocates. LZMA,
//! LZMA2 (7-Zip's own methods) and stored members are read; another
//! method, or encryption, is reported with the members it leaves unread.
//! A text member too large to hold is streamed once. Names that climb out
//! or are absolute are reported, never resolved; nothing is written to
//! disk. A panic in the crate is caught and the archive reported.

use crate::archive::{archive_over_bound, member_over_bound, unsafe_member_name, RATIO_FLOOR, UNSAFE_NAME};
use crate::reader::Reader;
use crate::sniff::{self, Kind};
use crate::stream::{self, Source};
use chrono::NaiveDate;
use sevenz_rust2::{ArchiveEntry, ArchiveReader, EntryDecision, Password};
use std::collections::HashSet;
use std::io::{Read, Seek};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The first bytes of every 7z archive.
pub(crate) const SIGNATURE: &[u8] = b"7z\xbc\xaf\x27\x1c";

/// The most memory the header, or one decoder's dictionary, may take, in
/// KiB: 7-Zip's own "ultra" level uses 64 MiB dictionaries.
const MEMORY_LIMIT_KB: usize = 256 << 10;

/// Opens the 7z archive in `source`, or says why it cannot be.
pub(crate) fn open<R: Read + Seek>(source: R) -> Result<ArchiveReader<R>, String> {
    let opened = catch_unwind(AssertUnwindSafe(|| {
        ArchiveReader::new_with_memory_limit(source, Password::empty(), MEMORY_LIMIT_KB)
    }));
    match opened {
        Ok(Ok(archive)) => Ok(archive),
        Ok(Err(e)) if encrypted(&e) => {
            Err("encrypted 7-Zip archive (its names too): members were not scanned".to_string())
        }
        Ok(Err(e)) => Err(format!("7-Zip archive cannot be read: {}", not_read(&e))),
        Err(_) => Err("7-Zip archive's header crashed its reader: members were not scanned".to_string()),
    }
}

/// Whether `e` is 7-Zip's encryption: a password asked for, or the AES
/// method, which is not built in.
fn encrypted(e: &sevenz_rust2::Error) -> bool {
    match e {
        sevenz_rust2::Error::PasswordRequired => true,
        sevenz_rust2::Error::UnsupportedCompressionMethod(method) => method.starts_with("AES"),
        _ => false,
    }
}

/// What `e` left unread, in words.
fn not_read(e: &sevenz_rust2::Error) -> String {
    match e {
        sevenz_rust2::Error::UnsupportedCompressionMethod(method) => {
            format!("compressed with {method}, a method breachscope does not read")
        }
        e => format!("damaged ({e})"),
    }
}

/// Reads every file of the opened 7z archive, `compressed` bytes long,
/// shown as `display` at container depth `depth`.
pub(crate) fn walk<R: Read + Seek>(
    reader: &mut Reader<'_>,
    display: &str,
    mut archive: ArchiveReader<R>,
    compressed: u64,
    modified: Option<NaiveDate>,
    depth: u32,
) {
    // Files are read in parallel already, one thread each.
    archive.set_thread_count(1);
    let mut walk = Walk {
        display,
        modified,
        depth,
        // All of it may inflate to the ratio bound, and never past the
        // bound of an archive.
        cap: compressed
            .saturating_mul(reader.limits.max_ratio)
            .max(RATIO_FLOOR)
            .min(reader.limits.max_archive_bytes),
        total: 0,
        members: 0,
        seen: HashSet::new(),
        abandoned: None,
    };
    let walked = catch_unwind(AssertUnwindSafe(|| {
        archive.for_each_entries_with_decision(|entry, data| Ok(walk.entry(reader, entry, data)))
    }));
    let stopped = match walked {
        Ok(Ok(())) => walk.abandoned.take(),
        Ok(Err(e)) if encrypted(&e) => Some("encrypted member".to_string()),
        Ok(Err(e)) => Some(not_read(&e)),
        Err(_) => Some("the 7-Zip reader crashed".to_string()),
    };
    // What was not read is reported, never dropped: a block left for a
    // member over a bound holds the members after it.
    if let Some(why) = stopped {
        let unread: Vec<&ArchiveEntry> = archive
            .archive()
            .files
            .iter()
            .filter(|f| f.has_stream() && !f.is_directory() && !walk.seen.contains(f.name()))
            .collect();
        if unread.len() > reader.limits.max_members {
            let why = format!("{why}: {} members not scanned", unread.len());
            return report(reader, display, modified, depth, why);
        }
        for entry in unread {
            let shown = format!("{display}!{}", entry.name());
            let why = format!("{why}: not scanned");
            report(reader, &shown, member_date(entry).or(modified), depth, why);
        }
    }
}

/// One walk over an archive's members, in the order they are stored.
struct Walk<'d> {
    display: &'d str,
    modified: Option<NaiveDate>,
    depth: u32,
    /// Uncompressed bytes the whole may expand to.
    cap: u64,
    total: u64,
    members: usize,
    /// The names of the members read or reported.
    seen: HashSet<String>,
    /// Why the rest of a block, or of the archive, was left unread.
    abandoned: Option<String>,
}

impl Walk<'_> {
    /// Reads or reports one member, its bytes in `data`, and says whether
    /// to go on with its block.
    fn entry(&mut self, reader: &mut Reader<'_>, entry: &ArchiveEntry, data: &mut dyn Read) -> EntryDecision {
        if entry.is_directory() || !entry.has_stream() {
            return EntryDecision::Continue;
        }
        let limits = reader.limits.clone();
        self.members += 1;
        if self.members > limits.max_members {
            self.abandoned = Some(format!("archive has over {} members", limits.max_members));
            return EntryDecision::Stop;
        }
        let name = entry.name();
        self.seen.insert(name.to_string());
        let shown = format!("{}!{name}", self.display);
        let modified = member_date(entry).or(self.modified);
        let size = entry.size();
        let depth = self.depth;
        if self.total >= self.cap {
            self.seen.remove(name);
            self.abandoned = Some(if self.cap < limits.max_archive_bytes {
                format!(
                    "archive expands past {} MiB (compression ratio over {}:1)",
                    self.cap >> 20,
                    limits.max_ratio
                )
            } else {
                archive_over_bound(&limits)
            });
            return EntryDecision::Stop;
        }
        // Unread bytes of a member are decoded to be passed over, as far
        // as its declared size: past a bound, the block is left instead.
        let pass_over = |size: u64| {
            if size <= limits.max_member_bytes {
                EntryDecision::Continue
            } else {
                EntryDecision::SkipBlock
            }
        };
        if unsafe_member_name(name) {
            report(reader, &shown, modified, depth, UNSAFE_NAME.to_string());
            return pass_over(size);
        }
        let cap = self.cap - self.total;
        let mut head = Vec::new();
        if size > limits.max_in_memory && depth < limits.max_depth {
            if let Err(e) = data.take(sniff::HEAD as u64).read_to_end(&mut head) {
                return self.damaged(reader, &shown, modified, e);
            }
            // A database dump or a log of gigabytes: streamed whole.
            if let Some(info) = stream::streamed_member(&shown, &head, size, modified, depth) {
                let read = reader.stream_text(info, size.min(cap), Source::Once(Box::new(head.as_slice().chain(data))));
                self.total += read;
                return if read >= size {
                    EntryDecision::Continue
                } else {
                    self.left_after(name)
                };
            }
        }
        if size > limits.max_member_bytes {
            report(reader, &shown, modified, depth, member_over_bound(size, &limits));
            return self.left_after(name);
        }
        let cap = cap.min(limits.max_member_bytes);
        let budget = reader.budget;
        let _held = budget.hold(size.min(cap));
        let mut bytes = head;
        if let Err(e) = data.take(cap + 1 - bytes.len() as u64).read_to_end(&mut bytes) {
            return self.damaged(reader, &shown, modified, e);
        }
        self.total += bytes.len() as u64;
        if bytes.len() as u64 > cap {
            let why = format!(
                "member expands past {} MiB (compression ratio over {}:1, or a bound): not scanned",
                cap >> 20,
                limits.max_ratio
            );
            report(reader, &shown, modified, depth, why);
            return self.left_after(name);
        }
        reader.bytes(&shown, &bytes, modified, depth + 1);
        EntryDecision::Continue
    }

    /// A member that could not be decoded: reported, and its block left.
    fn damaged(
        &mut self,
        reader: &mut Reader<'_>,
        shown: &str,
        modified: Option<NaiveDate>,
        e: std::io::Error,
    ) -> EntryDecision {
        let why = format!("member cannot be decompressed ({e}): not scanned");
        report(reader, shown, modified, self.depth, why);
        self.abandoned = Some("its block could not be decompressed".to_string());
        EntryDecision::SkipBlock
    }

    /// Leaves the rest of the block after the member `name`, decoded only
    /// to be passed over otherwise.
    fn left_after(&mut self, name: &str) -> EntryDecision {
        self.abandoned = Some(format!("stored in one block after {name}, left unread with it"));
        EntryDecision::SkipBlock
    }
}

/// The day a member was last changed, if the archive says.
fn member_date(entry: &ArchiveEntry) -> Option<NaiveDate> {
    if !entry.has_last_modified_date {
        return None;
    }
    let ticks: u64 = entry.last_modified_date().into();
    // A time before 1970 is no file's.
    let time = crate::le::filetime(i64::try_from(ticks).ok()?)?;
    (time.timestamp() >= 0).then(|| time.date_naive())
}

/// Reports `display`, a member of a container at `depth`, as not read.
fn report(reader: &mut Reader<'_>, display: &str, modified: Option<NaiveDate>, depth: u32, why: String) {
    reader.report_only(display, 0, String::new(), Kind::Binary, modified, depth + 1, why);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::tests::read_bytes;
    use crate::Limits;
    use sevenz_rust2::{ArchiveWriter, SourceReader};
    use std::io::Cursor;

    /// A 7z archive of `members`, one block each, or all in one solid
    /// block.
    fn seven_zip(members: &[(&str, &[u8])], solid: bool) -> Vec<u8> {
        let mut writer = ArchiveWriter::new(Cursor::new(Vec::new())).unwrap();
        if solid {
            let entries = members.iter().map(|(name, _)| ArchiveEntry::new_file(name)).collect();
            let readers = members.iter().map(|(_, data)| SourceReader::from(*data)).collect();
            writer.push_archive_entries(entries, readers).unwrap();
        } else {
            for (name, data) in members {
                writer
                    .push_archive_entry(ArchiveEntry::new_file(name), Some(*data))
                    .unwrap();
            }
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn members_are_read_in_memory_under_the_archive() {
        let inner = seven_zip(&[("sin.txt", b"SIN: 130 692 544")], false);
        for solid in [false, true] {
            let archive = seven_zip(
                &[
                    ("staging/vendors.csv", b"name,SIN\nMarie Tremblay,130 692 544\n"),
                    ("staging/notes.txt", b"Card 4556 7375 8689 9855"),
                    ("staging/inner.7z", &inner),
                ],
                solid,
            );
            let docs = read_bytes("loot.7z", &archive, &Limits::default()).docs;
            let paths: Vec<&str> = docs.iter().map(|d| d.0.path.as_str()).collect();
            assert_eq!(
                paths,
                [
                    "loot.7z",
                    "loot.7z!staging/vendors.csv",
                    "loot.7z!staging/notes.txt",
                    "loot.7z!staging/inner.7z",
                    "loot.7z!staging/inner.7z!sin.txt"
                ],
                "solid: {solid}"
            );
            assert_eq!(docs[0].0.kind, Kind::SevenZip);
            assert!(docs[1].1.contains("SIN: 130 692 544"), "{:?}", docs[1].1);
            assert!(docs[4].1.contains("130 692 544"));
            assert!(docs.iter().all(|d| d.3.is_empty()), "{:?}", docs);
        }
    }

    #[test]
    fn unsafe_names_and_members_over_a_bound_are_reported_with_what_they_leave() {
        let big = vec![b'a'; 4096];
        let archive = seven_zip(
            &[
                ("../escape.txt", b"x"),
                ("big.txt", &big),
                ("after.txt", b"SIN: 130 692 544"),
            ],
            true,
        );
        let limits = Limits {
            max_member_bytes: 1024,
            ..Limits::default()
        };
        let docs = read_bytes("loot.7z", &archive, &limits).docs;
        let said = |path: &str| {
            docs.iter()
                .find(|d| d.0.path == path)
                .map(|d| d.3.join("; "))
                .unwrap_or_else(|| panic!("{path} not reported: {docs:?}"))
        };
        assert!(said("loot.7z!../escape.txt").contains("unsafe member name"));
        assert!(said("loot.7z!big.txt").contains("over the 0 MiB bound"));
        assert!(
            said("loot.7z!after.txt").contains("left unread"),
            "{}",
            said("loot.7z!after.txt")
        );
    }

    #[test]
    fn a_bomb_is_stopped_at_the_ratio() {
        // 8 MiB of one byte packs to a few KiB: past 250:1 and the 1 MiB floor.
        let bomb = vec![0u8; 8 << 20];
        let archive = seven_zip(&[("zeros.bin", &bomb), ("next.txt", b"hello")], false);
        let docs = read_bytes("bomb.7z", &archive, &Limits::default()).docs;
        let zeros = docs.iter().find(|d| d.0.path == "bomb.7z!zeros.bin").expect("reported");
        assert!(zeros.3.join(" ").contains("compression ratio"), "{:?}", zeros.3);
        assert!(docs.iter().any(|d| d.0.path == "bomb.7z!next.txt"), "{docs:?}");
    }

    #[test]
    fn damaged_and_foreign_archives_are_errors_not_panics() {
        let archive = seven_zip(&[("a.txt", b"SIN: 130 692 544"), ("b.txt", b"more")], true);
        for cut in [6, 12, 32, archive.len() / 2, archive.len() - 1] {
            let docs = read_bytes("cut.7z", &archive[..cut], &Limits::default()).docs;
            assert!(!docs[0].3.is_empty() || docs.len() > 1, "cut at {cut}: {docs:?}");
        }
        // Every byte of the header flipped in turn: an error or a reading,
        // never a panic past the guard.
        for at in 0..archive.len() {
            let mut bad = archive.clone();
            bad[at] ^= 0xff;
            let _ = read_bytes("flipped.7z", &bad, &Limits::default());
        }
    }
}
