//! SQLite databases: an application's own store (a point-of-sale or CRM
//! system's customers, orders, cards on file), as found on a device.
//! Every table is read as a sheet is, a row at a time under its column
//! names (`email: jr@example.ca`), located as `cell:TABLE!B4`.
//!
//! The database is opened in memory from the bytes read (never from the
//! evidence file, which SQLite would lock and might journal), read-only,
//! in defensive mode and without trusting its schema (no function of the
//! evidence's views or triggers runs); only tables are read, never views.
//! SQLite checks every page it reads: a damaged or hostile database gives
//! an error, and the tables before it stay read.

use crate::output::Output;
use crate::table::Table;
use rusqlite::config::DbConfig;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, MAIN_DB};

/// The first bytes of every SQLite 3 database.
pub(crate) const SIGNATURE: &[u8] = b"SQLite format 3\0";

/// Reads every table of the database in `bytes` into `out`.
pub(crate) fn read(bytes: &[u8], out: &mut Output<'_>) {
    if !out.wanted() {
        return;
    }
    let db = match open(bytes) {
        Ok(db) => db,
        Err(e) => return out.error(format!("SQLite database cannot be opened: {e}")),
    };
    let names = match table_names(&db) {
        Ok(names) => names,
        Err(e) => return out.error(format!("SQLite database's schema cannot be read: {e}")),
    };
    for name in names {
        if out.full() {
            break;
        }
        if let Err(e) = read_table(&db, &name, out) {
            out.error(format!("SQLite table {name} cannot be read: {e}"));
        }
    }
}

/// The database in `bytes`, opened in memory, read-only, defensively.
fn open(bytes: &[u8]) -> rusqlite::Result<Connection> {
    let mut db = Connection::open_in_memory()?;
    db.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    db.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    // A database in WAL mode (its header's read and write versions 2)
    // would look for its log beside it: read as the legacy format, from
    // a copy of the header only.
    let mut header = [0u8; 20];
    let head = bytes.len().min(header.len());
    header[..head].copy_from_slice(&bytes[..head]);
    for version in header.iter_mut().skip(18) {
        if *version == 2 {
            *version = 1;
        }
    }
    let patched = std::io::Read::chain(&header[..head], &bytes[head..]);
    db.deserialize_read_exact(MAIN_DB, patched, bytes.len(), true)?;
    db.pragma_update(None, "cell_size_check", true)?;
    Ok(db)
}

/// The tables of the database, in the order they were made, SQLite's own
/// left out.
fn table_names(db: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut statement = db.prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
    )?;
    let names = statement.query_map([], |row| row.get(0))?;
    names.collect()
}

/// Reads the table `name` into `out`: its column names as the header row,
/// then its rows.
fn read_table(db: &Connection, name: &str, out: &mut Output<'_>) -> rusqlite::Result<()> {
    let mut statement = db.prepare(&format!("SELECT * FROM \"{}\"", name.replace('"', "\"\"")))?;
    let columns = statement.column_count();
    let labels = column_names(db, name, columns)?;
    // Row 0 is the column names', as a sheet's first row would be.
    let mut table = Table::with_header(name, labels);
    let mut rows = statement.query([])?;
    let mut index = 1u32;
    while let Some(row) = rows.next()? {
        if out.full() {
            break;
        }
        for column in 0..columns {
            if let Some(text) = cell_text(row.get_ref(column)?) {
                table.cell(index, column as u32, text, out);
            }
        }
        index = index.saturating_add(1);
    }
    table.finish(out);
    Ok(())
}

/// The names of the `count` columns `SELECT *` gives of the table `name`,
/// as stored, invalid UTF-8 replaced. Read from the table's description,
/// as rusqlite's own `column_names` panics on a name that is not UTF-8 (a
/// damaged schema); numbered when the description does not match.
fn column_names(db: &Connection, name: &str, count: usize) -> rusqlite::Result<Vec<String>> {
    // Hidden columns (1: a virtual table's) are not in `SELECT *`.
    let mut statement = db.prepare("SELECT name FROM pragma_table_xinfo(?1) WHERE hidden != 1 ORDER BY cid")?;
    let names: Vec<String> = statement
        .query_map([name], |row| {
            Ok(match row.get_ref(0)? {
                ValueRef::Text(text) => String::from_utf8_lossy(text).into_owned(),
                _ => String::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    if names.len() == count {
        return Ok(names);
    }
    Ok((1..=count).map(|n| format!("column {n}")).collect())
}

/// A value as text: numbers written out, text as stored (invalid UTF-8
/// replaced), a blob only when it is text; nothing for NULL.
fn cell_text(value: ValueRef<'_>) -> Option<String> {
    match value {
        ValueRef::Null => None,
        ValueRef::Integer(n) => Some(n.to_string()),
        ValueRef::Real(x) => Some(x.to_string()),
        ValueRef::Text(text) => Some(String::from_utf8_lossy(text).into_owned()),
        ValueRef::Blob(blob) => std::str::from_utf8(blob).ok().map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::tests::read_bytes;
    use crate::{Kind, Limits};

    /// A database made by SQLite, its bytes as a file would hold them.
    fn database(sql: &str) -> Vec<u8> {
        let db = Connection::open_in_memory().unwrap();
        db.execute_batch(sql).unwrap();
        db.serialize(MAIN_DB).unwrap().to_vec()
    }

    #[test]
    fn tables_are_read_row_by_row_under_their_column_names() {
        let bytes = database(
            "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, sin INTEGER, card TEXT, note BLOB);
             INSERT INTO customers VALUES (1, 'Marie Tremblay', 130692544, '4556 7375 8689 9855', CAST('VIP' AS BLOB));
             INSERT INTO customers VALUES (2, NULL, NULL, NULL, x'00ff');
             CREATE TABLE \"odd \"\"name\" (phone TEXT);
             INSERT INTO \"odd \"\"name\" VALUES ('613-555-0142');
             CREATE VIEW everyone AS SELECT name FROM customers;",
        );
        let docs = read_bytes("pos.sqlite", &bytes, &Limits::default()).docs;
        assert_eq!(docs[0].0.kind, Kind::Sqlite);
        let text = &docs[0].1;
        assert!(
            text.starts_with(
                "id: 1\tname: Marie Tremblay\tsin: 130692544\tcard: 4556 7375 8689 9855\tnote: VIP\nid: 2\n"
            ),
            "{text:?}"
        );
        assert!(text.contains("phone: 613-555-0142"), "{text:?}");
        assert_eq!(
            text.matches("Marie Tremblay").count(),
            1,
            "a view is not read: {text:?}"
        );
        assert!(docs[0].3.is_empty(), "{:?}", docs[0].3);
    }

    #[test]
    fn a_database_in_wal_mode_is_read_from_its_own_bytes() {
        let mut bytes =
            database("CREATE TABLE t (email TEXT, sin TEXT); INSERT INTO t VALUES ('a@b.ca', '130 692 544');");
        // As SQLite leaves the file of a database in WAL mode.
        bytes[18] = 2;
        bytes[19] = 2;
        let docs = read_bytes("crm.db", &bytes, &Limits::default()).docs;
        assert!(docs[0].1.contains("email: a@b.ca\tsin: 130 692 544"), "{docs:?}");
    }

    #[test]
    fn a_column_name_that_is_not_utf8_is_read_not_a_crash() {
        let mut bytes = database("CREATE TABLE t (zzsin TEXT); INSERT INTO t VALUES ('130 692 544');");
        // The schema's text names the column in bytes that are not UTF-8.
        let at = bytes.windows(5).position(|w| w == b"zzsin").unwrap();
        bytes[at..at + 2].copy_from_slice(b"\xff\xfe");
        let docs = read_bytes("pos.db", &bytes, &Limits::default()).docs;
        assert!(
            docs[0].1.contains("\u{fffd}\u{fffd}sin: 130 692 544"),
            "{:?}",
            docs[0].1
        );
        assert!(docs[0].3.is_empty(), "{:?}", docs[0].3);
    }

    #[test]
    fn damaged_databases_are_errors_not_panics() {
        let bytes = database(
            "CREATE TABLE t (a TEXT);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
             INSERT INTO t SELECT printf('row %d SIN 130 692 544', i) FROM n;",
        );
        for cut in [16, 100, 4096, bytes.len() / 2, bytes.len() - 1] {
            let docs = read_bytes("cut.db", &bytes[..cut], &Limits::default()).docs;
            assert_eq!(docs.len(), 1, "cut at {cut}");
        }
        let mut state: u32 = 7;
        for _ in 0..300 {
            let mut bad = bytes.clone();
            for _ in 0..8 {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let at = state as usize % bad.len();
                bad[at] ^= (state >> 16) as u8 | 1;
            }
            let _ = read_bytes("flipped.db", &bad, &Limits::default());
        }
    }
}
