//! The schema of the case store, as an ordered list of migrations. The
//! number applied is kept in SQLite's `user_version`; a store made by an
//! older breachscope is brought forward on open, never rebuilt.

/// Each entry upgrades the schema by one version.
pub const MIGRATIONS: &[&str] = &[
    // 1: inventory facts with provenance.
    r#"
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE runs (
        id           INTEGER PRIMARY KEY,
        command      TEXT NOT NULL,
        started      TEXT NOT NULL,
        finished     TEXT,
        tool_version TEXT NOT NULL,
        parameters   TEXT NOT NULL,   -- JSON: the run's arguments
        files        INTEGER,
        errors       INTEGER
    );
    CREATE TABLE files (
        id          INTEGER PRIMARY KEY,
        host        TEXT NOT NULL,
        path        TEXT NOT NULL,    -- relative to root; ARCHIVE!member inside containers
        root        TEXT NOT NULL,    -- the evidence path it was found under
        size        INTEGER NOT NULL,
        blake3      TEXT NOT NULL,
        kind        TEXT NOT NULL,
        class       TEXT NOT NULL,
        class_cues  TEXT NOT NULL,    -- JSON list: why the class
        date_min    TEXT,
        date_max    TEXT,
        date_source TEXT NOT NULL,    -- text | metadata | file_time | members | none
        errors      TEXT NOT NULL,    -- JSON list: what could not be scanned
        run_id      INTEGER NOT NULL REFERENCES runs(id),
        UNIQUE (host, path)
    );
    CREATE INDEX files_blake3 ON files(blake3);
    CREATE TABLE entities (
        id          INTEGER PRIMARY KEY,
        file_id     INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        type        TEXT NOT NULL,
        masked      TEXT NOT NULL,
        fingerprint TEXT NOT NULL,    -- HMAC-SHA256 of the normalized value, case key
        count       INTEGER NOT NULL,
        location    TEXT NOT NULL,    -- offset:N | cell:Sheet!B4 | page:N | part:NAME
        confidence  REAL NOT NULL,
        UNIQUE (file_id, type, fingerprint)
    );
    CREATE INDEX entities_fingerprint ON entities(fingerprint);
    CREATE TABLE counterparties (
        id   TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL
    );
    CREATE TABLE file_counterparties (
        file_id         INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        counterparty_id TEXT NOT NULL,
        how             TEXT NOT NULL, -- JSON list: name, alias, domain, identifier, contact
        PRIMARY KEY (file_id, counterparty_id)
    );
    "#,
];
