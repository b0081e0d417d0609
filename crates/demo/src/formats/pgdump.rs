//! A PostgreSQL custom-format dump (`pg_dump -Fc`), as pg_dump 12 to 15
//! writes it (archive version 1.14): a header, a table of contents with
//! each table's `COPY` statement, and each table's rows as `COPY` text in
//! chunks, deflated or not; large objects after them. pg_restore 15
//! restores what it writes.

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

/// The bytes of a dump of database `database` made on `dumped`, holding
/// `tables` and then `large_objects`, its data deflated or not.
pub fn build(
    database: &str,
    dumped: NaiveDate,
    tables: &[Table],
    large_objects: &[Vec<u8>],
    deflated: bool,
) -> Vec<u8> {
    let mut w = Writer::default();
    w.bytes.extend_from_slice(b"PGDMP\x01\x0e\x00\x04\x08\x01");
    // The compression level: -1 is zlib's default, 0 none.
    w.int(if deflated { -1 } else { 0 });
    // struct tm: seconds, minutes, hours, day, month from 0, years from
    // 1900, daylight saving.
    for field in [
        0,
        30,
        16,
        dumped.day() as i64,
        dumped.month0() as i64,
        dumped.year() as i64 - 1900,
        0,
    ] {
        w.int(field);
    }
    for s in [database, "15.18", "15.18"] {
        w.string(Some(s));
    }
    let blobs = !large_objects.is_empty();
    w.int(tables.len() as i64 + i64::from(blobs));
    for (id, table) in tables.iter().enumerate() {
        let copy = format!(
            "COPY {}.{} ({}) FROM stdin;\n",
            table.schema,
            table.name,
            table.columns.join(", ")
        );
        w.entry(id as i64 + 1, &table.name, "TABLE DATA", &copy, &table.schema);
    }
    if blobs {
        w.entry(tables.len() as i64 + 1, "BLOBS", "BLOBS", "", "");
    }
    for (id, table) in tables.iter().enumerate() {
        w.bytes.push(1);
        w.int(id as i64 + 1);
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
        w.chunks(text.as_bytes(), deflated);
    }
    if blobs {
        w.bytes.push(3);
        w.int(tables.len() as i64 + 1);
        for (n, object) in large_objects.iter().enumerate() {
            w.int(16_384 + n as i64);
            w.chunks(object, deflated);
        }
        w.int(0);
    }
    w.bytes
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

    /// A table of contents entry with data (section 3, SECTION_DATA), no
    /// dependencies, its data's place not written (flag 1).
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
        self.bytes.push(1);
        self.bytes.extend_from_slice(&[0; 8]);
    }

    /// `data`, deflated or not, in chunks of at most 4 KiB, then a chunk
    /// of length 0.
    fn chunks(&mut self, data: &[u8], deflated: bool) {
        let data = if deflated {
            let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
            z.write_all(data).expect("writing to memory");
            z.finish().expect("writing to memory")
        } else {
            data.to_vec()
        };
        for chunk in data.chunks(4096) {
            self.int(chunk.len() as i64);
            self.bytes.extend_from_slice(chunk);
        }
        self.int(0);
    }
}
