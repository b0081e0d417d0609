//! The case store: one SQLite file per case holding the facts, their
//! provenance (evidence file, location, hash) and the runs that produced
//! them. WAL mode; each batch of facts is one transaction; re-scanning a
//! file replaces its facts instead of duplicating them. Raw sensitive
//! values are never stored: only masks and keyed fingerprints.

mod migrations;

use breachscope_core::FileRecord;
use rusqlite::{params, Connection, OptionalExtension};
use std::path::{Path, PathBuf};

/// Why the store could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("case store {path}")]
    Sqlite { path: PathBuf, source: rusqlite::Error },
    #[error("case store {path} was made by a newer breachscope (schema {found}, this one knows {known})")]
    TooNew { path: PathBuf, found: i64, known: i64 },
    #[error(
        "case store {path} holds fingerprints made under another case key; use that key (--key-file) or another store"
    )]
    KeyMismatch { path: PathBuf },
}

/// An open case store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// What `key_check` compares: a fingerprint of a fixed text under the key.
pub const KEY_CHECK_TEXT: &str = "breachscope case key check";

impl Store {
    /// Opens (creating if need be) the store at `path` and brings its
    /// schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let sqlite = |source| StoreError::Sqlite {
            path: path.to_owned(),
            source,
        };
        let mut conn = Connection::open(path).map_err(sqlite)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(sqlite)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(sqlite)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(sqlite)?;
        conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(sqlite)?;
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(sqlite)?;
        let known = migrations::MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::TooNew {
                path: path.to_owned(),
                found: version,
                known,
            });
        }
        for (i, sql) in migrations::MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = conn.transaction().map_err(sqlite)?;
            tx.execute_batch(sql).map_err(sqlite)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64).map_err(sqlite)?;
            tx.commit().map_err(sqlite)?;
        }
        Ok(Store {
            conn,
            path: path.to_owned(),
        })
    }

    fn sqlite(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    /// Records the key check on first use; refuses a store made under a
    /// different key, whose fingerprints would not link.
    pub fn check_key(&self, key_check: &str) -> Result<(), StoreError> {
        let found: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'key_check'", [], |r| r.get(0))
            .optional()
            .map_err(|e| self.sqlite(e))?;
        match found {
            Some(existing) if existing != key_check => Err(StoreError::KeyMismatch {
                path: self.path.clone(),
            }),
            Some(_) => Ok(()),
            None => {
                self.conn
                    .execute("INSERT INTO meta (key, value) VALUES ('key_check', ?1)", [key_check])
                    .map_err(|e| self.sqlite(e))?;
                Ok(())
            }
        }
    }

    /// Starts a run of `command` with its parameters (JSON); returns its id.
    pub fn begin_run(&self, command: &str, parameters: &serde_json::Value) -> Result<i64, StoreError> {
        self.conn
            .execute(
                "INSERT INTO runs (command, started, tool_version, parameters) VALUES (?1, ?2, ?3, ?4)",
                params![command, now(), env!("CARGO_PKG_VERSION"), parameters.to_string()],
            )
            .map_err(|e| self.sqlite(e))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Ends a run with its totals.
    pub fn finish_run(&self, run: i64, files: u64, errors: u64) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE runs SET finished = ?1, files = ?2, errors = ?3 WHERE id = ?4",
                params![now(), files as i64, errors as i64, run],
            )
            .map_err(|e| self.sqlite(e))?;
        Ok(())
    }

    /// Records the counterparty master list.
    pub fn put_counterparties<'a>(
        &mut self,
        parties: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction().map_err(|e| StoreError::Sqlite {
            path: self.path.clone(),
            source: e,
        })?;
        {
            let mut insert = tx
                .prepare("INSERT INTO counterparties (id, name, kind) VALUES (?1, ?2, ?3) ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind")
                .map_err(|e| StoreError::Sqlite { path: self.path.clone(), source: e })?;
            for (id, name, kind) in parties {
                insert
                    .execute(params![id, name, kind])
                    .map_err(|e| StoreError::Sqlite {
                        path: self.path.clone(),
                        source: e,
                    })?;
            }
        }
        tx.commit().map_err(|e| self.sqlite(e))
    }

    /// Writes a batch of file records in one transaction. A file already
    /// in the store (same host and path) has its facts replaced.
    pub fn put_files(&mut self, run: i64, records: &[FileRecord]) -> Result<(), StoreError> {
        let path = self.path.clone();
        let sqlite = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(sqlite)?;
        {
            let mut upsert = tx
                .prepare(
                    "INSERT INTO files (host, path, root, size, blake3, kind, class, class_cues, date_min, date_max, date_source, errors, run_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                     ON CONFLICT(host, path) DO UPDATE SET root = excluded.root, size = excluded.size, blake3 = excluded.blake3,
                        kind = excluded.kind, class = excluded.class, class_cues = excluded.class_cues, date_min = excluded.date_min,
                        date_max = excluded.date_max, date_source = excluded.date_source, errors = excluded.errors, run_id = excluded.run_id
                     RETURNING id",
                )
                .map_err(sqlite)?;
            let mut clear_entities = tx.prepare("DELETE FROM entities WHERE file_id = ?1").map_err(sqlite)?;
            let mut clear_links = tx
                .prepare("DELETE FROM file_counterparties WHERE file_id = ?1")
                .map_err(sqlite)?;
            let mut entity = tx
                .prepare("INSERT INTO entities (file_id, type, masked, fingerprint, count, location, confidence) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                .map_err(sqlite)?;
            let mut link = tx
                .prepare("INSERT INTO file_counterparties (file_id, counterparty_id, how) VALUES (?1, ?2, ?3)")
                .map_err(sqlite)?;
            for r in records {
                let (min, max) = r
                    .dates
                    .map_or((None, None), |(a, b)| (Some(a.to_string()), Some(b.to_string())));
                let id: i64 = upsert
                    .query_row(
                        params![
                            r.host,
                            r.path,
                            r.root,
                            r.size as i64,
                            r.blake3,
                            r.kind,
                            r.class.name(),
                            serde_json::to_string(&r.class_cues).unwrap_or_default(),
                            min,
                            max,
                            r.date_source.name(),
                            serde_json::to_string(&r.errors).unwrap_or_default(),
                            run
                        ],
                        |row| row.get(0),
                    )
                    .map_err(sqlite)?;
                clear_entities.execute([id]).map_err(sqlite)?;
                clear_links.execute([id]).map_err(sqlite)?;
                for e in &r.entities {
                    entity
                        .execute(params![
                            id,
                            e.kind.name(),
                            e.masked(),
                            e.fingerprint.to_string(),
                            e.count,
                            e.location,
                            f64::from(e.confidence)
                        ])
                        .map_err(sqlite)?;
                }
                for c in &r.counterparties {
                    link.execute(params![id, c.id, serde_json::to_string(&c.how).unwrap_or_default()])
                        .map_err(sqlite)?;
                }
            }
        }
        tx.commit().map_err(sqlite)
    }

    /// The underlying connection, for analyzers and tests that query facts.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use breachscope_core::{CounterpartyLink, DateSource, DocClass, EntityRecord, EntityType, Fingerprint};
    use chrono::NaiveDate;

    fn record(path: &str, entities: usize) -> FileRecord {
        FileRecord {
            path: path.into(),
            root: "share".into(),
            host: "FS01".into(),
            depth: 0,
            size: 10,
            blake3: "ab".repeat(32),
            kind: "docx".into(),
            class: DocClass::Invoice,
            class_cues: vec!["invoice (title) x1".into()],
            dates: NaiveDate::from_ymd_opt(2022, 1, 28).map(|d| (d, d)),
            date_source: DateSource::Text,
            entities: (0..entities)
                .map(|i| EntityRecord {
                    kind: EntityType::Email,
                    fingerprint: Fingerprint([i as u8; 32]),
                    count: 1,
                    location: "offset:0".into(),
                    confidence: 0.9,
                    value: "secret@x.ca".into(),
                })
                .collect(),
            counterparties: vec![CounterpartyLink {
                id: "C-1".into(),
                how: vec!["name".into()],
            }],
            errors: vec![],
        }
    }

    /// A store in a folder of its own, removed with everything SQLite
    /// made beside the file (its -wal and -shm) when the folder is dropped.
    fn temp_store() -> (Store, PathBuf, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("case.db");
        (Store::open(&path).unwrap(), path, dir)
    }

    fn count(store: &Store, table: &str) -> i64 {
        store
            .connection()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn rescanning_replaces_instead_of_duplicating() {
        let (mut store, path, _dir) = temp_store();
        let run = store
            .begin_run("inventory", &serde_json::json!({"paths": ["share"]}))
            .unwrap();
        store
            .put_files(run, &[record("a.docx", 3), record("b.docx", 1)])
            .unwrap();
        store.put_files(run, &[record("a.docx", 2)]).unwrap();
        assert_eq!(count(&store, "files"), 2);
        assert_eq!(count(&store, "entities"), 3);
        assert_eq!(count(&store, "file_counterparties"), 2);
        store.finish_run(run, 2, 0).unwrap();
        let mode: String = store
            .connection()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        drop(store);
        let reopened = Store::open(&path).unwrap();
        assert_eq!(
            count(&reopened, "files"),
            2,
            "facts survive a reopen and no migration reruns"
        );
        let raw: i64 = reopened
            .connection()
            .query_row(
                "SELECT count(*) FROM entities WHERE masked LIKE '%secret%' OR fingerprint LIKE '%secret%'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(raw, 0, "raw values are never stored");
    }

    #[test]
    fn another_key_is_refused() {
        let (store, _path, _dir) = temp_store();
        store.check_key("aaa").unwrap();
        store.check_key("aaa").unwrap();
        assert!(matches!(store.check_key("bbb"), Err(StoreError::KeyMismatch { .. })));
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let (store, path, _dir) = temp_store();
        store.connection().pragma_update(None, "user_version", 99).unwrap();
        drop(store);
        assert!(matches!(Store::open(&path), Err(StoreError::TooNew { found: 99, .. })));
    }

    #[test]
    fn junk_file_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("junk.db");
        std::fs::write(&path, vec![0x5a; 8192]).unwrap();
        assert!(Store::open(&path).is_err());
    }
}
