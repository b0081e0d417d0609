//! Tar archives and gzip-, xz-, zstd- and LZ4-compressed files (`.tar`,
//! `.tar.gz`/`.tgz`, `.gz`, `.tar.xz`/`.txz`, `.xz`, `.tar.zst`, `.zst`,
//! `.tar.lz4`, `.lz4`): the
//! backups and staging archives of Unix hosts. Read as a
//! stream, in memory, within the bounds zips have: member count, per-member
//! and total uncompressed bytes, the compression ratio of the whole, the
//! nesting depth. A compressed text file (a database dump, `.csv.gz`) is
//! streamed whole, inflated anew for each pass, and so is a text member
//! too large to hold, read once (`stream`). A compressed tar's members are shown under the
//! compressed file (`backup.tgz!home/ap/vendors.csv`), a compressed single
//! file under its name without `.gz`. Member names that climb out or are
//! absolute are reported and never resolved; links and devices are passed
//! over; nothing is written to disk.

use crate::archive::{archive_over_bound, member_over_bound, unsafe_member_name, RATIO_FLOOR, UNSAFE_NAME};
use crate::pgdump;
use crate::reader::{DocInfo, Reader};
use crate::sniff::{self, Kind};
use crate::stream::{self, Reopen, Source};
use chrono::NaiveDate;
use std::cell::Cell;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::rc::Rc;

/// Where a tar header says `ustar`.
const TAR_MAGIC: std::ops::Range<usize> = 257..262;

/// How a single compressed file (not an archive) is compressed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Compression {
    Gzip,
    /// xz (LZMA2), its decoder's dictionary within `XZ_MEMORY_LIMIT_KB`.
    Xz,
    /// Zstandard, one frame, its window within ruzstd's default bound
    /// (128 MiB), checked before it is allocated.
    Zstd,
    /// LZ4 frames one after another (a block 4 MiB at most), or the
    /// legacy format. lz4_flex takes input ending between two blocks for
    /// the frame's end: a file cut exactly there (or in a frame's last
    /// four bytes) reads as a shorter one, unsaid.
    Lz4,
}

/// The most memory an xz block's decoder may take, in KiB: `xz -9` uses a
/// 64 MiB dictionary.
const XZ_MEMORY_LIMIT_KB: u32 = 256 << 10;

impl Compression {
    fn name(self) -> &'static str {
        match self {
            Compression::Gzip => "gzip",
            Compression::Xz => "xz",
            Compression::Zstd => "zstd",
            Compression::Lz4 => "lz4",
        }
    }
}

/// A compressed file's decoder.
enum Decoder<R: Read> {
    Gzip(Box<flate2::read::MultiGzDecoder<R>>),
    Xz(Box<lzma_rust2::XzReader<R>>),
    Zstd(Box<ZstdFrames<R>>),
    Lz4(Box<Lz4Frames<R>>),
}

/// One zstd frame's decoder.
type ZstdFrame<R> = ruzstd::decoding::StreamingDecoder<BufReader<R>, ruzstd::decoding::FrameDecoder>;

/// A zstd file's frames one after another, as `zstd -T` and `pzstd` write
/// them: ruzstd decodes one frame, and what follows it would otherwise go
/// unread, unsaid.
struct ZstdFrames<R: Read> {
    /// `None` only while one frame is handed to the next.
    frame: Option<ZstdFrame<R>>,
}

impl<R: Read> ZstdFrames<R> {
    fn new(source: R) -> std::io::Result<ZstdFrames<R>> {
        let frame = ruzstd::decoding::StreamingDecoder::new(BufReader::new(source)).map_err(std::io::Error::other)?;
        Ok(ZstdFrames { frame: Some(frame) })
    }
}

impl<R: Read> Read for ZstdFrames<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            let Some(frame) = self.frame.as_mut() else {
                return Ok(0);
            };
            let n = frame.read(buf)?;
            if n > 0 || buf.is_empty() || frame.get_mut().fill_buf()?.is_empty() {
                return Ok(n);
            }
            // The frame ended before the file: the next one starts here.
            let (source, decoder) = self.frame.take().expect("a frame").into_parts();
            let next = ruzstd::decoding::StreamingDecoder::new_with_decoder(source, decoder);
            self.frame = Some(next.map_err(std::io::Error::other)?);
        }
    }
}

/// An LZ4 file's frames one after another, as `cat` joins them: lz4_flex
/// ends its output at each frame's end, and decodes the next frame when
/// read again.
struct Lz4Frames<R: Read>(lz4_flex::frame::FrameDecoder<BufReader<R>>);

impl<R: Read> Read for Lz4Frames<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            let n = self.0.read(buf)?;
            if n > 0 || buf.is_empty() || self.0.get_mut().fill_buf()?.is_empty() {
                return Ok(n);
            }
        }
    }
}

impl<R: Read> Decoder<R> {
    /// A decoder of `source`; zstd's reads the frame header at once.
    fn new(compression: Compression, source: R) -> std::io::Result<Decoder<R>> {
        Ok(match compression {
            Compression::Gzip => Decoder::Gzip(Box::new(flate2::read::MultiGzDecoder::new(source))),
            Compression::Xz => Decoder::Xz(Box::new(lzma_rust2::XzReader::new_mem_limit(
                source,
                true,
                XZ_MEMORY_LIMIT_KB,
            ))),
            Compression::Zstd => Decoder::Zstd(Box::new(ZstdFrames::new(source)?)),
            Compression::Lz4 => Decoder::Lz4(Box::new(Lz4Frames(lz4_flex::frame::FrameDecoder::new(BufReader::new(
                source,
            ))))),
        })
    }

    /// The name the compressed file had, where its format keeps it (a
    /// gzip header may).
    fn stored_name(&self) -> Option<String> {
        match self {
            Decoder::Gzip(gzip) => gzip
                .header()
                .and_then(|h| h.filename())
                .map(|n| String::from_utf8_lossy(n).into_owned()),
            Decoder::Xz(_) | Decoder::Zstd(_) | Decoder::Lz4(_) => None,
        }
    }
}

impl<R: Read> Read for Decoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Decoder::Gzip(gzip) => gzip.read(buf),
            Decoder::Xz(xz) => xz.read(buf),
            Decoder::Zstd(zstd) => zstd.read(buf),
            Decoder::Lz4(lz4) => lz4.read(buf),
        }
    }
}

/// `source`, a file compressed with `compression`, read decompressed
/// (zstd's frame header read at once).
pub(crate) fn decompressed<R: Read>(compression: Compression, source: R) -> std::io::Result<impl Read> {
    Decoder::new(compression, source)
}

/// A compressed file, decompressed anew each time it is read.
struct Decompressed<'s, R>(&'s mut R, Compression);

impl<R: Read + Seek> Reopen for Decompressed<'_, R> {
    fn reopen(&mut self) -> std::io::Result<Box<dyn Read + '_>> {
        self.0.seek(SeekFrom::Start(0))?;
        Ok(Box::new(Decoder::new(self.1, &mut *self.0)?))
    }
}

/// Reads the `compression`-compressed `source`, `compressed` bytes long,
/// shown as `display` at container depth `depth`.
pub(crate) fn decompress<R: Read + Seek>(
    reader: &mut Reader<'_>,
    display: &str,
    mut source: R,
    compression: Compression,
    compressed: u64,
    modified: Option<NaiveDate>,
    depth: u32,
) {
    let limits = reader.limits.clone();
    let format = compression.name();
    // All of it may inflate to the ratio bound, and never past the bound
    // of an archive.
    let cap = compressed
        .saturating_mul(limits.max_ratio)
        .max(RATIO_FLOOR)
        .min(limits.max_archive_bytes);
    let mut head = Vec::new();
    let decoded = Decoder::new(compression, &mut source);
    let read_head = decoded.and_then(|mut decoder| {
        (&mut decoder).take(sniff::HEAD as u64).read_to_end(&mut head)?;
        Ok(decoder)
    });
    let decoder = match read_head {
        Ok(decoder) => decoder,
        Err(e) => {
            let why = format!("{format} stream cannot be decompressed: {e}");
            return report(reader, display, modified, depth, why);
        }
    };
    let stored_name = decoder.stored_name();
    if head.get(TAR_MAGIC) == Some(b"ustar".as_slice()) {
        let whole = head.as_slice().chain(decoder);
        let read = Rc::new(Cell::new(0));
        let stream = Counted {
            inner: whole.take(cap),
            read: read.clone(),
        };
        walk_tar(reader, display, stream, modified, depth);
        if read.get() >= cap {
            let why = format!(
                "compressed tar expands past {} MiB (compression ratio over {}:1, or the archive bound): the rest not read",
                cap >> 20,
                limits.max_ratio
            );
            report(reader, display, modified, depth, why);
        }
        return;
    }
    let name = stored_name.unwrap_or_else(|| inner_name(display));
    let shown = format!("{display}!{name}");
    // A database dump of gigabytes (`customers.csv.gz`): streamed whole.
    if let Some(kind) = stream::streamed_kind(&shown, &head).filter(|_| depth < limits.max_depth) {
        let info = DocInfo {
            path: shown,
            size: 0,
            blake3: String::new(),
            kind,
            modified,
            depth: depth + 1,
        };
        reader.stream_text(info, cap, Source::Reopen(&mut Decompressed(&mut source, compression)));
        return;
    }
    let whole = head.as_slice().chain(decoder);
    let member_cap = cap.min(limits.max_member_bytes);
    let mut data = Vec::new();
    if let Err(e) = whole.take(member_cap + 1).read_to_end(&mut data) {
        return report(
            reader,
            &shown,
            modified,
            depth,
            format!("{format} stream cannot be decompressed: {e}"),
        );
    }
    if data.len() as u64 > member_cap {
        let why = format!(
            "expands past {} MiB (compression ratio over {}:1, or the member bound): not scanned",
            member_cap >> 20,
            limits.max_ratio
        );
        return report(reader, &shown, modified, depth, why);
    }
    let _held = reader.budget.hold(data.len() as u64);
    reader.bytes(&shown, &data, modified, depth + 1);
}

/// Reads every regular file of the tar in `source`, shown under
/// `display` at container depth `depth`.
pub(crate) fn walk_tar<R: Read>(
    reader: &mut Reader<'_>,
    display: &str,
    source: R,
    modified: Option<NaiveDate>,
    depth: u32,
) {
    let limits = reader.limits.clone();
    let mut archive = tar::Archive::new(source);
    let entries = match archive.entries() {
        Ok(entries) => entries,
        Err(e) => {
            return report(
                reader,
                display,
                modified,
                depth,
                format!("tar archive cannot be read: {e}"),
            )
        }
    };
    let (mut members, mut total) = (0usize, 0u64);
    // A tar-format pg_dump's table files, by member name, with the `COPY`
    // statement its `toc.dat` (its first member) gives each.
    let mut pg_tables: HashMap<String, String> = HashMap::new();
    for entry in entries {
        let mut entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let why = format!("tar archive damaged after {members} members ({e}): the rest not read");
                return report(reader, display, modified, depth, why);
            }
        };
        if !entry.header().entry_type().is_file() {
            continue;
        }
        members += 1;
        if members > limits.max_members {
            let why = format!("archive has over {} members: the rest not read", limits.max_members);
            return report(reader, display, modified, depth, why);
        }
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let shown = format!("{display}!{name}");
        let member_modified = entry
            .header()
            .mtime()
            .ok()
            .and_then(|t| chrono::DateTime::from_timestamp(i64::try_from(t).ok()?, 0))
            .map(|t| t.date_naive())
            .or(modified);
        let size = entry.size();
        if unsafe_member_name(&name) {
            report(reader, &shown, member_modified, depth, UNSAFE_NAME.to_string());
            continue;
        }
        if total.saturating_add(size) > limits.max_archive_bytes {
            return report(reader, &shown, member_modified, depth, archive_over_bound(&limits));
        }
        if let Some(copy) = pg_tables.remove(&name) {
            let info = stream::member(&shown, Kind::PgDump, size, member_modified, depth);
            total += reader.stream_pg_table(info, size, Source::Once(Box::new(&mut entry)), &copy);
            continue;
        }
        let mut head = Vec::new();
        if size > limits.max_in_memory && depth < limits.max_depth {
            if let Err(e) = (&mut entry).take(sniff::HEAD as u64).read_to_end(&mut head) {
                let why = format!("tar archive damaged in this member ({e}): the rest not read");
                return report(reader, &shown, member_modified, depth, why);
            }
            // A database dump or a log of gigabytes: streamed whole.
            if let Some(info) = stream::streamed_member(&shown, &head, size, member_modified, depth) {
                let bytes = Box::new(head.as_slice().chain(&mut entry));
                total += reader.stream_text(info, size, Source::Once(bytes));
                continue;
            }
        }
        if size > limits.max_member_bytes {
            report(reader, &shown, member_modified, depth, member_over_bound(size, &limits));
            continue;
        }
        let budget = reader.budget;
        let _held = budget.hold(size);
        let mut data = head;
        if let Err(e) = (&mut entry).take(size).read_to_end(&mut data) {
            let why = format!("tar archive damaged in this member ({e}): the rest not read");
            return report(reader, &shown, member_modified, depth, why);
        }
        total += data.len() as u64;
        pg_tables.extend(pgdump::member_table_files(&name, &data));
        reader.bytes(&shown, &data, member_modified, depth + 1);
    }
}

/// Reports `display`, a member of a container at `depth`, as not read.
fn report(reader: &mut Reader<'_>, display: &str, modified: Option<NaiveDate>, depth: u32, why: String) {
    reader.report_only(display, 0, String::new(), Kind::Binary, modified, depth + 1, why);
}

/// The name a compressed single file had: the container's name without
/// `.gz`, `.xz`, `.zst` or `.lz4` (`.tgz`, `.txz` and `.tzst` are `.tar`).
fn inner_name(display: &str) -> String {
    let name = display.rsplit(['/', '!']).next().unwrap_or(display);
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".tgz") || lower.ends_with(".txz") {
        format!("{}.tar", &name[..name.len() - 4])
    } else if lower.ends_with(".tzst") {
        format!("{}.tar", &name[..name.len() - 5])
    } else if (lower.ends_with(".gz") || lower.ends_with(".xz")) && name.len() > 3 {
        name[..name.len() - 3].to_string()
    } else if (lower.ends_with(".zst") || lower.ends_with(".lz4")) && name.len() > 4 {
        name[..name.len() - 4].to_string()
    } else {
        format!("{name}.content")
    }
}

/// A reader that counts what it hands on.
struct Counted<R> {
    inner: R,
    read: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::tests::read_bytes;
    use crate::Limits;
    use flate2::write::GzEncoder;
    use std::io::Write;

    fn tar_of(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut builder = tar::Builder::new(Vec::new());
        for (name, data) in members {
            let mut header = tar::Header::new_gnu();
            header.set_size(data.len() as u64);
            header.set_mode(0o644);
            header.set_mtime(1_643_328_000); // 2022-01-28
            header.set_entry_type(tar::EntryType::Regular);
            // Written raw, so that hostile names stay as they are.
            let bytes = name.as_bytes();
            header.as_old_mut().name[..bytes.len()].copy_from_slice(bytes);
            header.set_cksum();
            builder.append(&header, *data).unwrap();
        }
        builder.into_inner().unwrap()
    }

    /// A dump of 501 rows under its header, whose last row holds an
    /// element: found only if the dump is read to its end.
    fn dump_csv() -> Vec<u8> {
        let mut csv = b"Email,SIN\n".to_vec();
        for i in 0..500 {
            csv.extend(format!("c{i}@example.ca,000 000 000\n").bytes());
        }
        csv.extend(b"jane@example.ca,046 454 286\n");
        csv
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn a_compressed_tar_shows_its_members_under_it() {
        let tar = tar_of(&[
            (
                "home/ap/vendors.csv",
                b"Institution,Transit,Account\n003,12345,1234567\n",
            ),
            ("../../etc/cron.d/x", b"* * * * * root sh"),
            ("/etc/shadow", b"root:x"),
        ]);
        let docs = read_bytes("backup.tgz", &gzip(&tar), &Limits::default()).docs;
        let paths: Vec<&str> = docs.iter().map(|d| d.0.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "backup.tgz",
                "backup.tgz!home/ap/vendors.csv",
                "backup.tgz!../../etc/cron.d/x",
                "backup.tgz!/etc/shadow"
            ]
        );
        assert!(docs[1].1.contains("1234567"));
        assert_eq!(docs[1].0.modified.map(|d| d.to_string()).as_deref(), Some("2022-01-28"));
        assert!(docs[2].3[0].contains("unsafe member name"), "{:?}", docs[2].3);
        assert!(docs[3].3[0].contains("unsafe member name"), "{:?}", docs[3].3);
        // The same tar uncompressed.
        let docs = read_bytes("backup.tar", &tar, &Limits::default()).docs;
        assert_eq!(docs[1].0.path, "backup.tar!home/ap/vendors.csv");
    }

    fn xz(data: &[u8]) -> Vec<u8> {
        let mut writer = lzma_rust2::XzWriter::new(Vec::new(), lzma_rust2::XzOptions::with_preset(6)).unwrap();
        writer.write_all(data).unwrap();
        writer.finish().unwrap()
    }

    /// Checks that a tar and a CSV compressed by `compress` (files named
    /// with `extension`) read as gzipped ones do, and that cut short (by
    /// `cut_at_end` bytes at the least) they are errors, never panics.
    fn reads_as_gzipped_ones(compress: impl Fn(&[u8]) -> Vec<u8>, extension: &str, kind: Kind, cut_at_end: usize) {
        let tar = tar_of(&[(
            "home/ap/vendors.csv",
            b"Institution,Transit,Account\n003,12345,1234567\n",
        )]);
        let name = format!("backup.tar.{extension}");
        let docs = read_bytes(&name, &compress(&tar), &Limits::default()).docs;
        assert_eq!(docs[0].0.kind, kind);
        assert_eq!(docs[1].0.path, format!("{name}!home/ap/vendors.csv"));
        assert!(docs[1].1.contains("Account: 1234567"), "{:?}", docs[1].1);
        let name = format!("export.csv.{extension}");
        let docs = read_bytes(&name, &compress(b"email\njane@example.ca\n"), &Limits::default()).docs;
        assert_eq!(docs[1].0.path, format!("{name}!export.csv"));
        assert!(docs[1].1.contains("jane@example.ca"), "{:?}", docs[1].1);
        let whole = compress(&tar);
        for cut in [6, 12, 40, whole.len() / 2, whole.len() - cut_at_end] {
            let docs = read_bytes("cut.tar.compressed", &whole[..cut], &Limits::default()).docs;
            assert!(
                docs.iter().any(|d| !d.3.is_empty()),
                "{extension} cut at {cut}: {docs:?}"
            );
        }
    }

    #[test]
    fn xz_compressed_tars_and_files_are_read_as_gzipped_ones() {
        reads_as_gzipped_ones(xz, "xz", Kind::Xz, 1);
        // A dump past the text bound streams, decompressed anew per pass.
        let csv = dump_csv();
        let limits = Limits {
            max_text_bytes: 1024,
            ..Limits::default()
        };
        let docs = read_bytes("dump.csv.xz", &xz(&csv), &limits).docs;
        assert_eq!(docs[1].0.blake3, blake3::hash(&csv).to_hex().to_string());
        assert!(docs[1].1.ends_with("Email: jane@example.ca\tSIN: 046 454 286\n"));
        assert_eq!(inner_name("x/backup.TXZ"), "backup.tar");
    }

    #[test]
    fn lz4_compressed_tars_and_files_are_read_as_gzipped_ones() {
        let lz4 = |data: &[u8]| {
            let mut encoder = lz4_flex::frame::FrameEncoder::new(Vec::new());
            encoder.write_all(data).unwrap();
            encoder.finish().unwrap()
        };
        // Cut in its end mark (four bytes), a frame reads as whole.
        reads_as_gzipped_ones(lz4, "lz4", Kind::Lz4, 5);
        // Frames one after another, as `cat a.lz4 b.lz4` makes: all read.
        let frames = [lz4(b"email\nfirst@example.ca\n"), lz4(b"\nsecond@example.ca\n")].concat();
        let docs = read_bytes("export.csv.lz4", &frames, &Limits::default()).docs;
        assert!(docs[1].1.contains("second@example.ca"), "{:?}", docs[1].1);
        assert_eq!(inner_name("x/backup.tar.lz4"), "backup.tar");
        // The legacy format (`lz4 -l`): a magic number, then blocks each
        // after its length.
        let block = lz4_flex::block::compress(b"email\nlegacy@example.ca\n");
        let legacy = [
            &[0x02, 0x21, 0x4c, 0x18][..],
            &(block.len() as u32).to_le_bytes(),
            &block,
        ]
        .concat();
        let docs = read_bytes("old.csv.lz4", &legacy, &Limits::default()).docs;
        assert!(docs[1].1.contains("legacy@example.ca"), "{docs:?}");
    }

    #[test]
    fn zstd_compressed_tars_and_files_are_read_as_gzipped_ones() {
        let zstd = |data: &[u8]| ruzstd::encoding::compress_to_vec(data, ruzstd::encoding::CompressionLevel::Fastest);
        reads_as_gzipped_ones(zstd, "zst", Kind::Zstd, 1);
        // Frames one after another, as zstd -T writes them: all read.
        let frames = [zstd(b"email\nfirst@example.ca\n"), zstd(b"\nsecond@example.ca\n")].concat();
        let docs = read_bytes("export.csv.zst", &frames, &Limits::default()).docs;
        assert!(docs[1].1.contains("second@example.ca"), "{:?}", docs[1].1);
        assert_eq!(inner_name("x/backup.tzst"), "backup.tar");
    }

    #[test]
    fn a_compressed_file_is_read_under_its_own_name() {
        let docs = read_bytes("export.csv.gz", &gzip(b"email\njane@example.ca\n"), &Limits::default()).docs;
        assert_eq!(docs[1].0.path, "export.csv.gz!export.csv");
        assert!(docs[1].1.contains("jane@example.ca"));
    }

    #[test]
    fn a_compressed_dump_is_streamed_whole_past_the_text_bound() {
        let csv = dump_csv();
        let limits = Limits {
            max_text_bytes: 1024,
            ..Limits::default()
        };
        let docs = read_bytes("dump.csv.gz", &gzip(&csv), &limits).docs;
        let (info, text, _, errors) = &docs[1];
        assert_eq!((info.path.as_str(), info.kind), ("dump.csv.gz!dump.csv", Kind::Csv));
        assert_eq!(info.size, csv.len() as u64);
        assert_eq!(info.blake3, blake3::hash(&csv).to_hex().to_string());
        assert!(errors.is_empty(), "{errors:?}");
        assert!(text.ends_with("Email: jane@example.ca\tSIN: 046 454 286\n"), "{text:?}");
    }

    #[test]
    fn a_large_text_member_of_a_tar_is_streamed_whole() {
        let csv = dump_csv();
        let mut one_line = b"Email,SIN\n".to_vec();
        one_line.extend(vec![b'x'; 5 << 20]);
        let tar = tar_of(&[
            ("dump/customers.csv", &csv),
            ("dump/one-line.csv", &one_line),
            ("dump/after.txt", b"SIN: 046 454 286"),
        ]);
        let limits = Limits {
            max_in_memory: 1024,
            max_text_bytes: 1024,
            ..Limits::default()
        };
        let docs = read_bytes("backup.tar", &tar, &limits).docs;
        let (info, text, _, errors) = &docs[1];
        assert_eq!(
            (info.path.as_str(), info.kind),
            ("backup.tar!dump/customers.csv", Kind::Csv)
        );
        assert_eq!(info.blake3, blake3::hash(&csv).to_hex().to_string());
        assert!(errors.is_empty(), "{errors:?}");
        assert!(text.ends_with("Email: jane@example.ca\tSIN: 046 454 286\n"), "{text:?}");
        // Read once, a table's line too long for a row stops its reading;
        // the next member is read.
        let (info, _, _, errors) = &docs[2];
        assert_eq!(info.path, "backup.tar!dump/one-line.csv");
        assert!(errors[0].contains("too long for a table's row"), "{errors:?}");
        assert_eq!(docs[3].0.path, "backup.tar!dump/after.txt");
        assert!(docs[3].1.contains("046 454 286"));
    }

    #[test]
    fn bombs_and_junk_are_reported() {
        // 300 MiB of zeros in about 300 KB: past the ratio bound.
        let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..300 {
            encoder.write_all(&zeros).unwrap();
        }
        let bomb = encoder.finish().unwrap();
        let docs = read_bytes("big.log.gz", &bomb, &Limits::default()).docs;
        assert!(docs[1].3[0].contains("expands past"), "{:?}", docs[1].3);
        let docs = read_bytes(
            "junk.gz",
            b"\x1f\x8b\x08\0 not a gzip stream at all",
            &Limits::default(),
        )
        .docs;
        assert!(docs[1].3[0].contains("cannot be decompressed"), "{:?}", docs[1].3);
        let mut cut = gzip(&tar_of(&[("a.txt", &[b'a'; 5000])]));
        cut.truncate(cut.len() / 2);
        let docs = read_bytes("cut.tgz", &cut, &Limits::default()).docs;
        assert!(docs.iter().any(|d| !d.3.is_empty()), "{docs:?}");
        assert_eq!(inner_name("x/backup.TGZ"), "backup.tar");
    }
}
