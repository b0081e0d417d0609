//! PostgreSQL custom-format dumps (`pg_dump -Fc`, and pgAdmin's default
//! backup format): an ERP's or a CRM's database, as a backup file on a
//! share. Its table of contents names every table with the `COPY`
//! statement of its columns; its data blocks hold each table's rows as
//! `COPY` text, compressed with zlib (or LZ4 or zstd, from PostgreSQL 16). Each
//! table's rows go to the SQL dump reader as a plain dump's `COPY` block
//! does: under their column names, at `cell:customers!C4`; the
//! dump's database, tables and date come first.
//!
//! A directory-format dump (`pg_dump -Fd`) and a tar-format one (`-Ft`)
//! keep the same table of contents in `toc.dat`, naming each table's file
//! of rows (`3352.dat`, compressed in a directory as `3352.dat.gz`,
//! `.lz4` or `.zst`): the
//! table of contents is read as a custom dump's opening, and each table
//! file under the `COPY` statement it names (`table_files`).
//!
//! Read by hand after pg_dump's own reader (`pg_backup_archiver.c`,
//! `pg_backup_custom.c`, archive versions 1.10 to 1.16, PostgreSQL 8.4 to
//! 17): no crate reads the format. A table's data streams, one chunk at a
//! time, whatever its size.

use crate::output::Output;
use crate::tarball::Compression as FileCompression;
use breachscope_core::{Origin, Segment};
use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::sync::{Arc, Mutex};

/// The first bytes of every pg_dump archive.
pub(crate) const SIGNATURE: &[u8] = b"PGDMP";

/// The archive format of a custom dump (`archCustom`), in its header.
const CUSTOM_FORMAT: u8 = 1;

/// The archive formats whose table data is in files apart, in the header
/// of their `toc.dat`: 3 as pg_dump 15 writes both a directory's and a
/// tar's, 5 (`archDirectory`) as older ones may.
const FILES_FORMATS: [u8; 2] = [3, 5];

/// Archive versions read (`K_VERS_1_10` to `K_VERS_1_16`).
const VERSIONS: std::ops::RangeInclusive<u8> = 10..=16;

/// A data block of a table (`BLK_DATA`) or of large objects (`BLK_BLOBS`).
const TABLE_BLOCK: u8 = 1;
const BLOBS_BLOCK: u8 = 3;

/// Bounds on a hostile table of contents: entries, one string's bytes,
/// one compressed chunk's bytes.
const MAX_ENTRIES: i64 = 1_000_000;
const MAX_STRING: i64 = 64 << 20;
const MAX_CHUNK: i64 = 64 << 20;

/// Table names listed in the dump's opening form, at most.
const LISTED_TABLES: usize = 1000;

/// Whether the first bytes `head` open a custom-format dump, or a
/// directory or tar dump's table of contents.
pub(crate) fn looks_like(head: &[u8]) -> bool {
    head.starts_with(SIGNATURE)
        && head
            .get(10)
            .is_some_and(|f| *f == CUSTOM_FORMAT || FILES_FORMATS.contains(f))
}

/// The tables of a directory or tar dump's table of contents `toc`
/// (`toc.dat`): each table's file of rows (`3352.dat`) and the `COPY`
/// statement that heads them.
pub(crate) fn table_files(toc: impl Read) -> std::io::Result<Vec<(String, String)>> {
    let mut archive = Archive::open(toc)?;
    if archive.format == CUSTOM_FORMAT {
        return Err(invalid("a custom dump holds its tables' rows itself"));
    }
    archive.header()?;
    Ok(archive
        .contents()?
        .into_iter()
        .filter(|table| !table.file.is_empty())
        .map(|table| (table.file, table.copy))
        .collect())
}

/// The folder of an archive member `name` that is a dump's table of
/// contents (`backup/toc.dat`: `backup/`; `toc.dat`: none).
pub(crate) fn toc_folder(name: &str) -> Option<&str> {
    name.strip_suffix("toc.dat")
        .filter(|folder| folder.is_empty() || folder.ends_with('/'))
}

/// The table files the archive member `name` names if it is a dump's
/// table of contents, `toc`: each by the member name it has beside it
/// (`backup/3352.dat`), with its `COPY` statement.
pub(crate) fn member_table_files(name: &str, toc: &[u8]) -> Vec<(String, String)> {
    let Some(folder) = toc_folder(name).filter(|_| looks_like(toc)) else {
        return Vec::new();
    };
    (table_files(toc).unwrap_or_default().into_iter())
        .map(|(file, copy)| (format!("{folder}{file}"), copy))
        .collect()
}

/// The largest table of contents read beside a directory dump's table
/// file (thousands of tables' definitions).
pub(crate) const MAX_TOC: u64 = 16 << 20;

/// If `name` may be a table file of a directory dump (`3352.dat`,
/// `folder/3352.dat.gz`): its name without its compression's suffix, and
/// how it is compressed, as that suffix says (`None`: not).
pub(crate) fn table_file_name(name: &str) -> Option<(&str, Option<FileCompression>)> {
    let (file, compression) = [
        (".gz", FileCompression::Gzip),
        (".zst", FileCompression::Zstd),
        (".lz4", FileCompression::Lz4),
    ]
    .into_iter()
    .find_map(|(suffix, compression)| Some((name.strip_suffix(suffix)?, Some(compression))))
    .unwrap_or((name, None));
    let number = file.rsplit('/').next()?.strip_suffix(".dat")?;
    (!number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())).then_some((file, compression))
}

/// If `path` is a table file of a directory dump on disk (`3352.dat`,
/// `3352.dat.gz`, beside the dump's `toc.dat`): the `COPY` statement
/// heading its rows, and how it is compressed.
pub(crate) fn directory_table(path: &std::path::Path) -> Option<(String, Option<FileCompression>)> {
    let (file, compression) = table_file_name(path.file_name()?.to_str()?)?;
    let copy = directory_tables(&path.with_file_name("toc.dat"))?.get(file)?.clone();
    Some((copy, compression))
}

/// A table of contents on disk, known by its path, size and time (a new
/// dump written in its place is read anew).
type TocKey = (std::path::PathBuf, u64, Option<std::time::SystemTime>);

/// The table files a dump's table of contents names, each with its
/// `COPY` statement.
type TableFiles = Arc<HashMap<String, String>>;

/// The table files of the directory dumps whose tables were read last,
/// by their `toc.dat`: a dump of thousands of tables (an ERP's) has its
/// table of contents, megabytes long, read once rather than once a table.
static READ_TOCS: Mutex<Vec<(TocKey, TableFiles)>> = Mutex::new(Vec::new());

/// How many dumps' tables of contents `READ_TOCS` keeps (one a thread
/// reading, and a few more).
const KEPT_TOCS: usize = 16;

/// The table files the directory dump's `toc` (a path) names, with the
/// `COPY` statement of each; `None` if it is no table of contents.
fn directory_tables(toc: &std::path::Path) -> Option<TableFiles> {
    let metadata = std::fs::metadata(toc).ok()?;
    if metadata.len() > MAX_TOC {
        return None;
    }
    let key = (toc.to_path_buf(), metadata.len(), metadata.modified().ok());
    let kept = || READ_TOCS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((_, tables)) = kept().iter().find(|(k, _)| *k == key) {
        return Some(tables.clone());
    }
    let bytes = std::fs::read(toc).ok().filter(|bytes| looks_like(bytes))?;
    let tables: TableFiles = Arc::new(table_files(bytes.as_slice()).ok()?.into_iter().collect());
    let mut kept = kept();
    if kept.len() >= KEPT_TOCS {
        kept.remove(0);
    }
    kept.push((key, tables.clone()));
    Some(tables)
}

/// Reads a directory or tar dump's file of one table's rows, `rows`,
/// headed by `copy`, its `COPY` statement in the table of contents.
pub(crate) fn read_table_file(rows: impl Read, copy: &str, out: &mut Output<'_>) -> std::io::Result<()> {
    crate::sqldump::read(Cursor::new(copy.as_bytes()).chain(rows), true, out)
}

/// Reads the custom-format dump `source`, decompressing at most
/// `max_expanded` bytes of table data (a bound on a decompression bomb).
pub(crate) fn read(source: impl Read, max_expanded: u64, out: &mut Output<'_>) -> std::io::Result<()> {
    if !out.wanted() {
        return Ok(());
    }
    let mut archive = Archive::open(source)?;
    let header = archive.header()?;
    if let Some(date) = header.created {
        out.meta_dates.push(date);
    }
    let tables = archive.contents()?;
    let format = if archive.format == CUSTOM_FORMAT {
        "custom format"
    } else {
        "directory or tar format: table of contents"
    };
    let mut opening = format!("PostgreSQL database dump (pg_dump {format}) of {}\n", header.database);
    if let Some(date) = header.created {
        opening.push_str(&format!("Dumped on {date} by pg_dump {}\n", header.dumped_by));
    }
    for table in tables.iter().take(LISTED_TABLES) {
        match table.file.as_str() {
            "" => opening.push_str(&format!("Table {}\n", table.name)),
            file => opening.push_str(&format!("Table {} (rows in {file})\n", table.name)),
        }
    }
    out.segment(Segment::new(opening, Origin::Part("table of contents".into())));
    if archive.format != CUSTOM_FORMAT {
        return Ok(());
    }
    let mut expanded: u64 = 0;
    let mut large_objects: u64 = 0;
    while let Some(kind) = archive.next_block()? {
        let id = archive.int()?;
        match kind {
            TABLE_BLOCK => match tables.iter().find(|t| t.id == id) {
                Some(table) => {
                    let left = max_expanded.saturating_sub(expanded);
                    expanded += archive.table_data(table, header.compression, left, out)?;
                    if expanded >= max_expanded {
                        out.error(format!(
                            "table data expands past {} MiB (a decompression bomb?): the rest not read",
                            max_expanded >> 20
                        ));
                        return Ok(());
                    }
                }
                None => archive.skip_chunks()?,
            },
            // Each large object: its OID, then its chunks; OID 0 ends them.
            BLOBS_BLOCK => {
                while archive.int()? != 0 {
                    archive.skip_chunks()?;
                    large_objects += 1;
                }
            }
            other => {
                out.error(format!(
                    "pg_dump archive: unknown data block type {other}: the rest not read"
                ));
                return Ok(());
            }
        }
    }
    if large_objects > 0 {
        out.error(format!(
            "{large_objects} large objects (files stored in the database) not read"
        ));
    }
    Ok(())
}

/// How the table data is compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compression {
    None,
    Zlib,
    Lz4,
    Zstd,
}

/// What the header says of the dump.
struct Header {
    compression: Compression,
    created: Option<chrono::NaiveDate>,
    database: String,
    dumped_by: String,
}

/// A table whose rows the dump holds: its data block's id, its name,
/// the `COPY` statement that heads its rows and, in a directory or tar
/// dump, the file that holds them.
struct TableData {
    id: i64,
    name: String,
    copy: String,
    file: String,
}

/// An archive being read front to back.
struct Archive<R> {
    source: R,
    format: u8,
    version: u8,
    int_size: usize,
    offset_size: usize,
}

impl<R: Read> Archive<R> {
    /// Reads the signature and the sizes the rest is written in.
    fn open(mut source: R) -> std::io::Result<Archive<R>> {
        let mut start = [0u8; 11];
        source.read_exact(&mut start)?;
        let [_, _, _, _, _, major, minor, _, int_size, offset_size, format] = start;
        if !start.starts_with(SIGNATURE) || (format != CUSTOM_FORMAT && !FILES_FORMATS.contains(&format)) {
            return Err(invalid("not a pg_dump archive"));
        }
        if major != 1 || !VERSIONS.contains(&minor) {
            return Err(invalid(&format!("archive version {major}.{minor} not read")));
        }
        if !(1..=8).contains(&int_size) || !(1..=8).contains(&offset_size) {
            return Err(invalid("integer sizes out of range"));
        }
        Ok(Archive {
            source,
            format,
            version: minor,
            int_size: usize::from(int_size),
            offset_size: usize::from(offset_size),
        })
    }

    fn byte(&mut self) -> std::io::Result<u8> {
        let mut b = [0u8];
        self.source.read_exact(&mut b)?;
        Ok(b[0])
    }

    /// An integer: a sign byte, then its magnitude in `int_size` bytes,
    /// least significant first.
    fn int(&mut self) -> std::io::Result<i64> {
        let negative = self.byte()? != 0;
        let mut value: i64 = 0;
        for at in 0..self.int_size {
            value |= i64::from(self.byte()?) << (8 * at);
        }
        Ok(if negative { -value } else { value })
    }

    /// A string: its length, then its bytes; a negative length is none.
    fn string(&mut self) -> std::io::Result<Option<String>> {
        let length = self.int()?;
        if length < 0 {
            return Ok(None);
        }
        if length > MAX_STRING {
            return Err(invalid("a string of the table of contents is too long"));
        }
        let mut bytes = vec![0u8; length as usize];
        self.source.read_exact(&mut bytes)?;
        Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
    }

    fn text(&mut self) -> std::io::Result<String> {
        Ok(self.string()?.unwrap_or_default())
    }

    /// The rest of the header: compression, creation date, names.
    fn header(&mut self) -> std::io::Result<Header> {
        let compression = if self.version >= 15 {
            match self.byte()? {
                0 => Compression::None,
                1 => Compression::Zlib,
                2 => Compression::Lz4,
                3 => Compression::Zstd,
                other => return Err(invalid(&format!("compression {other} unknown"))),
            }
        } else if self.int()? == 0 {
            Compression::None
        } else {
            Compression::Zlib
        };
        // struct tm: seconds, minutes, hours, day, month from 0, years
        // from 1900, daylight saving.
        let mut tm = [0i64; 7];
        for field in &mut tm {
            *field = self.int()?;
        }
        let created = u32::try_from(tm[4] + 1).ok().and_then(|month| {
            let day = u32::try_from(tm[3]).ok()?;
            chrono::NaiveDate::from_ymd_opt(i32::try_from(tm[5] + 1900).ok()?, month, day)
        });
        let database = self.text()?;
        let _server = self.text()?;
        let dumped_by = self.text()?;
        Ok(Header {
            compression,
            created,
            database,
            dumped_by,
        })
    }

    /// The table of contents: the tables whose rows the dump holds.
    fn contents(&mut self) -> std::io::Result<Vec<TableData>> {
        let count = self.int()?;
        if !(0..=MAX_ENTRIES).contains(&count) {
            return Err(invalid("table of contents out of range"));
        }
        let mut tables = Vec::new();
        for _ in 0..count {
            let id = self.int()?;
            let _had_dumper = self.int()?;
            let _table_oid = self.string()?;
            let _oid = self.string()?;
            let tag = self.text()?;
            let description = self.text()?;
            let _section = self.int()?;
            let _definition = self.string()?;
            let _drop = self.string()?;
            let copy = self.text()?;
            let namespace = self.text()?;
            let _tablespace = self.string()?;
            if self.version >= 14 {
                let _access_method = self.string()?;
            }
            if self.version >= 16 {
                let _relation_kind = self.int()?;
            }
            let _owner = self.string()?;
            let _with_oids = self.string()?;
            // Dependencies, until an empty string.
            while self.string()?.is_some() {}
            // Where its data is: the custom format's offset (a flag and
            // the offset), or the name of the file holding it.
            let file = if self.format == CUSTOM_FORMAT {
                self.byte()?;
                for _ in 0..self.offset_size {
                    self.byte()?;
                }
                String::new()
            } else {
                self.text()?
            };
            if matches!(description.as_str(), "TABLE DATA" | "MATERIALIZED VIEW DATA") && !copy.is_empty() {
                let name = if namespace.is_empty() {
                    tag
                } else {
                    format!("{namespace}.{tag}")
                };
                tables.push(TableData { id, name, copy, file });
            }
        }
        Ok(tables)
    }

    /// The next data block's type, or `None` at the end of the dump.
    fn next_block(&mut self) -> std::io::Result<Option<u8>> {
        let mut b = [0u8];
        loop {
            match self.source.read(&mut b) {
                Ok(0) => return Ok(None),
                Ok(_) => return Ok(Some(b[0])),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Reads one table's rows, at most `left` bytes of them
    /// decompressed; returns how many bytes they came to.
    fn table_data(
        &mut self,
        table: &TableData,
        compression: Compression,
        left: u64,
        out: &mut Output<'_>,
    ) -> std::io::Result<u64> {
        let mut chunks = Chunks {
            archive: self,
            left: 0,
            done: false,
        };
        let expanded = {
            let rows: Box<dyn Read + '_> = match compression {
                Compression::None => Box::new(&mut chunks),
                Compression::Zlib => Box::new(flate2::read::ZlibDecoder::new(&mut chunks)),
                Compression::Zstd => {
                    Box::new(ruzstd::decoding::StreamingDecoder::new(&mut chunks).map_err(std::io::Error::other)?)
                }
                // Each data block an LZ4 frame (pg_dump's compress_lz4.c).
                Compression::Lz4 => Box::new(lz4_flex::frame::FrameDecoder::new(&mut chunks)),
            };
            let mut counted = Counted {
                inner: rows.take(left),
                read: 0,
            };
            crate::sqldump::read(Cursor::new(table.copy.as_bytes()).chain(&mut counted), true, out)?;
            counted.read
        };
        chunks.drain()?;
        Ok(expanded)
    }

    /// Passes over a data block's chunks.
    fn skip_chunks(&mut self) -> std::io::Result<()> {
        Chunks {
            archive: self,
            left: 0,
            done: false,
        }
        .drain()
    }
}

/// A data block's chunks, each a length and its bytes until a length of
/// zero, read as one stream.
struct Chunks<'a, R> {
    archive: &'a mut Archive<R>,
    left: usize,
    done: bool,
}

impl<R: Read> Chunks<'_, R> {
    /// Reads to the block's end.
    fn drain(&mut self) -> std::io::Result<()> {
        std::io::copy(self, &mut std::io::sink()).map(|_| ())
    }
}

impl<R: Read> Read for Chunks<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.left == 0 {
            if self.done {
                return Ok(0);
            }
            let length = self.archive.int()?;
            if !(0..=MAX_CHUNK).contains(&length) {
                return Err(invalid("a data chunk's length out of range"));
            }
            if length == 0 {
                self.done = true;
            }
            self.left = length as usize;
        }
        let want = buf.len().min(self.left);
        let n = self.archive.source.read(&mut buf[..want])?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        self.left -= n;
        Ok(n)
    }
}

/// A reader that counts the bytes passing through it.
struct Counted<R> {
    inner: R,
    read: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

fn invalid(why: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, format!("pg_dump archive: {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sniff::Kind;
    use crate::table::tests::Segments;
    use breachscope_demo::formats::pgdump::{build, build_directory, Compression as Compressed, Table};
    use chrono::NaiveDate;

    fn table(schema: &str, name: &str, columns: &[&str], rows: &[&[&str]]) -> Table {
        Table {
            schema: schema.into(),
            name: name.into(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|f| (*f != "NULL").then(|| f.to_string())).collect())
                .collect(),
        }
    }

    fn customers() -> Table {
        table(
            "public",
            "customers",
            &["id", "name", "sin", "institution", "transit", "account", "note"],
            &[
                &[
                    "1",
                    "Marie Tremblay",
                    "130 692 544",
                    "003",
                    "12345",
                    "1234567",
                    "tab\tand \\ backslash",
                ],
                &["2", "Luc Gagnon", "NULL", "010", "81530", "98765432", "Montr\u{e9}al"],
            ],
        )
    }

    fn dumped() -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, 1, 21).unwrap()
    }

    fn read_dump(bytes: &[u8], max_expanded: u64) -> (Vec<(String, String)>, Vec<String>, Vec<NaiveDate>) {
        let mut sink = Segments::default();
        let mut out = Output::new(&mut sink, true, usize::MAX);
        if let Err(e) = read(bytes, max_expanded, &mut out) {
            out.error(e.to_string());
        }
        let (errors, dates) = (out.errors.clone(), out.meta_dates.clone());
        drop(out);
        let segments = sink.0.iter().map(|s| (s.origin.locate(0), s.text.clone())).collect();
        (segments, errors, dates)
    }

    #[test]
    fn each_table_s_rows_are_read_under_their_columns() {
        let suppliers = table(
            "sales",
            "suppliers",
            &["code", "legal_name", "iban"],
            &[&["S1", "Maple Ridge Supply Ltd.", "DE89370400440532013000"]],
        );
        for compression in [Compressed::Zlib, Compressed::None, Compressed::Lz4] {
            let bytes = build("erp", dumped(), &[customers(), suppliers.clone()], &[], compression);
            assert!(looks_like(&bytes));
            let (segments, errors, dates) = read_dump(&bytes, u64::MAX);
            assert!(errors.is_empty(), "{errors:?}");
            assert_eq!(dates, [dumped()]);
            assert_eq!(
                segments[0].1,
                "PostgreSQL database dump (pg_dump custom format) of erp\nDumped on 2022-01-21 by pg_dump 15.18\n\
                 Table public.customers\nTable sales.suppliers\n"
            );
            let text: String = segments.iter().map(|(_, t)| t.as_str()).collect();
            assert!(
                text.contains(
                    "name: Marie Tremblay\tsin: 130 692 544\tinstitution: 003\ttransit: 12345\taccount: 1234567"
                ),
                "{text}"
            );
            assert!(
                text.contains("note: tab\tand \\ backslash"),
                "escapes undone once: {text}"
            );
            assert!(text.contains("note: Montréal"), "{text}");
            assert!(
                text.contains("legal name: Maple Ridge Supply Ltd.\tiban: DE89370400440532013000"),
                "{text}"
            );
            assert!(
                segments.iter().any(|(place, _)| place.starts_with("cell:customers!")),
                "{segments:?}"
            );
        }
    }

    #[test]
    fn large_objects_and_bombs_are_said() {
        let objects = [b"%PDF-1.4 a scan".to_vec(), b"second".to_vec()];
        let bytes = build("erp", dumped(), &[customers()], &objects, Compressed::Zlib);
        let (segments, errors, _) = read_dump(&bytes, u64::MAX);
        assert!(segments.len() > 1);
        assert_eq!(errors, ["2 large objects (files stored in the database) not read"]);
        let (_, errors, _) = read_dump(&bytes, 40);
        assert!(errors[0].contains("expands past"), "{errors:?}");
    }

    #[test]
    fn damaged_and_foreign_archives_are_errors_not_panics() {
        let lz4 = build("erp", dumped(), &[customers()], &[b"blob".to_vec()], Compressed::Lz4);
        let bytes = build("erp", dumped(), &[customers()], &[b"blob".to_vec()], Compressed::Zlib);
        for bytes in [&lz4, &bytes] {
            for cut in 0..bytes.len() {
                read_dump(&bytes[..cut], u64::MAX);
            }
            for at in (0..bytes.len()).step_by(7) {
                for value in [0x00, 0x7f, 0xff] {
                    let mut mutated = bytes.clone();
                    mutated[at] = value;
                    read_dump(&mutated, 1 << 20);
                }
            }
        }
        let mut newer = bytes.clone();
        newer[6] = 99;
        assert!(read_dump(&newer, u64::MAX).1[0].contains("archive version 1.99 not read"));
        // Read as a directory dump's table of contents, a custom dump's
        // entries are damaged ones; an archive format not known is
        // listed as a database.
        let mut toc = bytes.clone();
        toc[10] = 5;
        let docs = crate::reader::tests::read_bytes("toc.dat", &toc, &crate::Limits::default()).docs;
        assert_eq!(docs[0].0.kind, crate::Kind::PgDump);
        assert!(!docs[0].3.is_empty(), "an error, not a panic");
        toc[10] = 7;
        let docs = crate::reader::tests::read_bytes("toc.dat", &toc, &crate::Limits::default()).docs;
        assert_eq!(docs[0].0.kind, crate::Kind::Database);
        let docs = crate::reader::tests::read_bytes("erp.backup", &bytes, &crate::Limits::default()).docs;
        assert_eq!(docs[0].0.kind, crate::Kind::PgDump);
        assert!(docs[0].1.contains("Marie Tremblay"));
    }

    #[test]
    fn a_dump_over_the_in_memory_bound_streams() {
        let rows: Vec<[String; 3]> = (0..3000)
            .map(|i| [i.to_string(), "Marie Tremblay".to_string(), "130 692 544".to_string()])
            .collect();
        let rows: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
        let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        let bytes = build(
            "erp",
            dumped(),
            &[table("public", "clients", &["id", "name", "sin"], &rows)],
            &[],
            Compressed::None,
        );
        let sink = crate::reader::tests::read_large("erp.dump", &bytes);
        let (info, text, _, errors) = &sink.docs[0];
        assert_eq!(info.kind, crate::Kind::PgDump);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(text.matches("sin: 130 692 544").count(), 3000);
    }

    /// The documents `read_path` makes of `path`: path, kind, text, errors.
    fn read_on_disk(path: &std::path::Path) -> Vec<(String, Kind, String, Vec<String>)> {
        let mut sink = crate::reader::tests::Collect::default();
        let limits = crate::Limits::default();
        crate::reader::read_path(path, "dump", &limits, &crate::ReadBudget::default(), &mut sink);
        sink.docs
            .into_iter()
            .map(|(info, text, _, errors)| (info.path, info.kind, text, errors))
            .collect()
    }

    #[test]
    fn a_directory_dump_s_table_files_are_read_under_their_columns() {
        for (compression, file) in [
            (Compressed::None, "1.dat"),
            (Compressed::Zlib, "1.dat.gz"),
            (Compressed::Lz4, "1.dat.lz4"),
        ] {
            let dir = std::env::temp_dir().join(format!("breachscope-pgdir-{}-{file}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            for (name, bytes) in build_directory("crm", dumped(), &[customers()], compression) {
                std::fs::write(dir.join(name), bytes).unwrap();
            }
            let docs = read_on_disk(&dir.join(file));
            let (_, kind, text, errors) = &docs[0];
            assert_eq!(*kind, Kind::PgDump);
            assert!(errors.is_empty(), "{errors:?}");
            assert!(text.contains("name: Marie Tremblay"), "{text}");
            assert!(text.contains("sin: 130 692 544"), "{text}");
            let docs = read_on_disk(&dir.join("toc.dat"));
            assert_eq!(docs[0].1, Kind::PgDump);
            assert!(
                docs[0].2.contains("Table public.customers (rows in 1.dat)"),
                "{}",
                docs[0].2
            );
            // A table file the table of contents does not name, or beside
            // a damaged one, is read as what it looks like.
            std::fs::write(dir.join("7.dat"), "1\tMarie Tremblay\n").unwrap();
            assert_ne!(read_on_disk(&dir.join("7.dat"))[0].1, Kind::PgDump);
            std::fs::write(dir.join("toc.dat"), &b"PGDMP\x01\x0e\0\x04\x08\x03\x01"[..]).unwrap();
            assert_ne!(read_on_disk(&dir.join(file))[0].1, Kind::PgDump);
            std::fs::remove_dir_all(&dir).unwrap();
        }
    }

    #[test]
    fn a_tar_dump_s_table_files_are_read_under_their_columns() {
        let mut tar = tar::Builder::new(Vec::new());
        for (name, bytes) in build_directory("crm", dumped(), &[customers()], Compressed::None) {
            let mut header = tar::Header::new_gnu();
            header.set_size(bytes.len() as u64);
            header.set_mode(0o600);
            header.set_cksum();
            tar.append_data(&mut header, format!("backup/{name}"), bytes.as_slice())
                .unwrap();
        }
        let tar = tar.into_inner().unwrap();
        let docs = crate::reader::tests::read_bytes("crm.tar", &tar, &crate::Limits::default()).docs;
        let table = docs
            .iter()
            .find(|d| d.0.path == "crm.tar!backup/1.dat")
            .expect("the table file");
        assert_eq!(table.0.kind, Kind::PgDump);
        assert!(table.1.contains("name: Luc Gagnon"), "{}", table.1);
        assert!(table.1.contains("account: 98765432"), "{}", table.1);
        assert_eq!(table.0.blake3.len(), 64);
    }

    #[test]
    fn a_zipped_directory_dump_s_table_files_are_read_whatever_their_order() {
        use std::io::Write;
        // Its table of contents last, as `zip -r` may store it.
        let mut files = build_directory("crm", dumped(), &[customers()], Compressed::Zlib);
        files.rotate_left(1);
        assert_eq!(files.last().unwrap().0, "toc.dat");
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in &files {
            zip.start_file(format!("backup/{name}"), zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(bytes).unwrap();
        }
        let zip = zip.finish().unwrap().into_inner();
        let docs = crate::reader::tests::read_bytes("crm.zip", &zip, &crate::Limits::default()).docs;
        let table = docs
            .iter()
            .find(|d| d.0.path == "crm.zip!backup/1.dat.gz")
            .expect("the table file");
        assert_eq!(table.0.kind, Kind::PgDump);
        assert!(table.1.contains("name: Luc Gagnon"), "{}", table.1);
        assert!(table.1.contains("sin: 130 692 544"), "{}", table.1);
        // Hashed as it is stored: gzipped.
        let stored = &files.iter().find(|(name, _)| name == "1.dat.gz").unwrap().1;
        assert_eq!(table.0.blake3, blake3::hash(stored).to_hex().to_string());
        // Beside no table of contents, the same file is only a gzip file.
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("1.dat.gz", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(stored).unwrap();
        let zip = zip.finish().unwrap().into_inner();
        let docs = crate::reader::tests::read_bytes("crm.zip", &zip, &crate::Limits::default()).docs;
        assert!(docs.iter().all(|d| d.0.kind != Kind::PgDump), "{docs:?}");
    }

    #[test]
    fn a_damaged_table_of_contents_lists_no_table_files() {
        let toc = &build_directory("crm", dumped(), &[customers()], Compressed::None)[0].1;
        assert_eq!(table_files(toc.as_slice()).unwrap().len(), 1);
        for cut in 0..toc.len() {
            let _ = table_files(&toc[..cut]);
        }
        assert!(table_files(build("crm", dumped(), &[customers()], &[], Compressed::None).as_slice()).is_err());
    }
}
