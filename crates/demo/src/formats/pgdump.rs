//! PostgreSQL dumps as pg_dump 12 to 15 writes them (archive version
//! 1.14): a custom-format archive (`pg_dump -Fc`: a header, a table of
//! contents with each table's `COPY` statement, and each table's rows as
//! `COPY` text in chunks, deflated or not; large objects after them), or
//! a directory-format dump's files (`pg_dump -Fd`: the table of contents
//! as `toc.dat`, naming each table's file of rows, `3.dat`, gzipped or
//! not). pg_restore 15 restores what it writes. Compressed with LZ4, as
//! pg_dump 16 may (`--compress=lz4`), a dump is of archive version 1.15,
//! whose header names its compression by a byte, and its data are LZ4
//! frames (`3.dat.lz4` in a directory).

use chrono::{Datelike, NaiveDate};
use std::io::Write;

/// A table and its rows; `None` is SQL's NULL.
#[derive(Debug, Clone)]
pub struct Table {
    pub schema: String,
    pub name: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Option<String>>>,
}

/// How a dump's table data (and large objects) are compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None,
    /// zlib's default level in a custom dump, gzip in a directory's files.
    Zlib,
    /// LZ4 frames.
    Lz4,
}

impl Compression {
    /// `data` compressed as a custom dump's data block, or a directory
    /// dump's table file, holds it.
    fn apply(self, data: &[u8], directory: bool) -> Vec<u8> {
        match self {
            Compression::None => data.to_vec(),
            Compression::Zlib if directory => {
                let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
                z.write_all(data).expect("writing to memory");
                z.finish().expect("writing to memory")
            }
            Compression::Zlib => {
                let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
                z.write_all(data).expect("writing to memory");
                z.finish().expect("writing to memory")
            }
            Compression::Lz4 => {
                let mut lz4 = lz4_flex::frame::FrameEncoder::new(Vec::new());
                lz4.write_all(data).expect("writing to memory");
                lz4.finish().expect("writing to memory")
            }
        }
    }

    /// The suffix of a directory dump's table file so compressed.
    fn suffix(self) -> &'static str {
        match self {
            Compression::None => "",
            Compression::Zlib => ".gz",
            Compression::Lz4 => ".lz4",
        }
    }
}

/// The archive format byte of a custom dump, and of a directory dump's
/// table of contents as pg_dump 15 writes it (and pg_restore 15 wants it).
const CUSTOM_FORMAT: u8 = 1;
const DIRECTORY_FORMAT: u8 = 3;

/// The bytes of a custom-format dump of database `database` made on
/// `dumped`, holding `tables` and then `large_objects`, its data
/// compressed with `compression`.
pub fn build(
    database: &str,
    dumped: NaiveDate,
    tables: &[Table],
    large_objects: &[Vec<u8>],
    compression: Compression,
) -> Vec<u8> {
    let mut w = Writer::default();
    w.header(database, dumped, CUSTOM_FORMAT, compression);
    let blobs = !large_objects.is_empty();
    w.int(tables.len() as i64 + i64::from(blobs));
    for (id, table) in tables.iter().enumerate() {
        w.table_entry(id as i64 + 1, table);
        w.data_offset();
    }
    if blobs {
        w.entry(tables.len() as i64 + 1, "BLOBS", "BLOBS", "", "");
        w.data_offset();
    }
    for (id, table) in tables.iter().enumerate() {
        w.bytes.push(1);
        w.int(id as i64 + 1);
        w.chunks(&compression.apply(copy_rows(table).as_bytes(), false));
    }
    if blobs {
        w.bytes.push(3);
        w.int(tables.len() as i64 + 1);
        for (n, object) in large_objects.iter().enumerate() {
            w.int(16_384 + n as i64);
            w.chunks(&compression.apply(object, false));
        }
        w.int(0);
    }
    w.bytes
}

/// The files of a directory-format dump of `database` made on `dumped`,
/// holding `tables`, by name: `toc.dat`, then each table's rows in
/// `<id>.dat`, or `<id>.dat.gz` or `<id>.dat.lz4` as `compression` says.
pub fn build_directory(
    database: &str,
    dumped: NaiveDate,
    tables: &[Table],
    compression: Compression,
) -> Vec<(String, Vec<u8>)> {
    let mut w = Writer::default();
    w.header(database, dumped, DIRECTORY_FORMAT, compression);
    w.int(tables.len() as i64);
    let mut files = Vec::new();
    for (id, table) in tables.iter().enumerate() {
        let file = format!("{}.dat", id + 1);
        w.table_entry(id as i64 + 1, table);
        w.string(Some(&file));
        let rows = compression.apply(copy_rows(table).as_bytes(), true);
        files.push((format!("{file}{}", compression.suffix()), rows));
    }
    files.insert(0, ("toc.dat".to_string(), w.bytes));
    files
}

/// The `COPY` statement that heads `table`'s rows.
fn copy_statement(table: &Table) -> String {
    format!(
        "COPY {}.{} ({}) FROM stdin;\n",
        table.schema,
        table.name,
        table.columns.join(", ")
    )
}

/// `table`'s rows as `COPY` text, ended as pg_dump ends them.
fn copy_rows(table: &Table) -> String {
    let mut text = String::new();
    for row in &table.rows {
        let fields: Vec<String> = row
            .iter()
            .map(|field| field.as_deref().map_or_else(|| "\\N".to_string(), copy_escape))
            .collect();
        text.push_str(&fields.join("\t"));
        text.push('\n');
    }
    text.push_str("\\.\n\n\n");
    text
}

/// A field as `COPY` text writes it: its backslashes, tabs and line
/// breaks escaped.
fn copy_escape(field: &str) -> String {
    field
        .replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

#[derive(Default)]
struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    /// The signature, archive version 1.14 (1.15 for LZ4), integer and
    /// offset sizes, `format`, compression (zlib's default level or none;
    /// in 1.15 a byte naming the algorithm), the date and the names.
    fn header(&mut self, database: &str, dumped: NaiveDate, format: u8, compression: Compression) {
        let version = if compression == Compression::Lz4 { 0x0f } else { 0x0e };
        self.bytes
            .extend_from_slice(&[b'P', b'G', b'D', b'M', b'P', 1, version, 0, 4, 8]);
        self.bytes.push(format);
        match compression {
            Compression::Lz4 => self.bytes.push(2),
            Compression::Zlib => self.int(-1),
            Compression::None => self.int(0),
        }
        // struct tm: seconds, minutes, hours, day, month from 0, years
        // from 1900, daylight saving.
        for field in [
            0,
            30,
            16,
            dumped.day() as i64,
            dumped.month0() as i64,
            dumped.year() as i64 - 1900,
            0,
        ] {
            self.int(field);
        }
        for s in [database, "15.18", "15.18"] {
            self.string(Some(s));
        }
    }

    /// A sign byte, then four bytes of magnitude, least significant first.
    fn int(&mut self, value: i64) {
        self.bytes.push(u8::from(value < 0));
        self.bytes
            .extend_from_slice(&(value.unsigned_abs() as u32).to_le_bytes());
    }

    /// Its length, then its bytes; `None` is a length of -1.
    fn string(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.int(s.len() as i64);
                self.bytes.extend_from_slice(s.as_bytes());
            }
            None => self.int(-1),
        }
    }

    /// A table of contents entry with data (section 3, SECTION_DATA) and
    /// no dependencies, but for where its data is (`data_offset`, or a
    /// directory dump's file name).
    fn entry(&mut self, id: i64, tag: &str, description: &str, copy: &str, schema: &str) {
        self.int(id);
        self.int(1);
        for s in ["0", "0", tag, description] {
            self.string(Some(s));
        }
        self.int(3);
        for s in ["", "", copy, schema, "", "", "postgres", "false"] {
            self.string(Some(s));
        }
        self.string(None);
    }

    /// The entry of `table`'s data, numbered `id`.
    fn table_entry(&mut self, id: i64, table: &Table) {
        self.entry(id, &table.name, "TABLE DATA", &copy_statement(table), &table.schema);
    }

    /// A custom dump's data offset, not written (flag 1).
    fn data_offset(&mut self) {
        self.bytes.push(1);
        self.bytes.extend_from_slice(&[0; 8]);
    }

    /// `data` (compressed already) in chunks of at most 4 KiB, then a
    /// chunk of length 0.
    fn chunks(&mut self, data: &[u8]) {
        for chunk in data.chunks(4096) {
            self.int(chunk.len() as i64);
            self.bytes.extend_from_slice(chunk);
        }
        self.int(0);
    }
}
