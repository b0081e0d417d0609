//! SQL dumps (mysqldump, phpMyAdmin, pg_dump's plain format, SQLite's
//! `.dump`, a database tool's script): a leaked database is as often a
//! dump as a database file. Each row of an `INSERT ... VALUES` and of a
//! `COPY ... FROM stdin` block is read as a sheet's row is, under its
//! table's column names (the statement's column list, or the table's
//! `CREATE TABLE` when the `INSERT` has none), located as `cell:TABLE!B4`;
//! every other statement, and the comments, are read as plain text.
//!
//! Read by hand, a byte at a time: an SQL parser (sqlparser) builds a
//! whole statement's tree, and mysqldump writes a table's rows as one
//! statement of megabytes; it also refuses the dialects it was not told
//! of and a dump cut short. Here one value is held at a time, any dump
//! streams whatever its size, and a damaged one gives what it holds.

use crate::output::Output;
use crate::table::Table;
use breachscope_core::{Origin, Segment};
use std::collections::HashMap;
use std::io::Read;

/// The longest value, statement text or `COPY` line held at once: the
/// rest of a longer one is handed on as plain text, in pieces of this
/// size, so that nothing is dropped and memory stays bounded (an
/// unclosed quote would otherwise hold the rest of the dump).
const MAX_PIECE: usize = 1 << 20;

/// The most bytes of one row held before its cells are handed on (a
/// hostile row of a million values is handed on in parts).
const MAX_ROW: usize = 4 << 20;

/// The most tables whose columns and row counts are kept, and the most
/// columns kept for one (MySQL allows 4,096): a hostile dump of millions
/// of `CREATE TABLE`s would otherwise grow memory with its size. Past
/// them, rows are read without labels.
const MAX_TABLES: usize = 100_000;
const MAX_COLUMNS: usize = 4096;

/// How many first bytes tell the dialect.
const HEAD: usize = 8192;

/// How many bytes are read at a time.
const BUFFER: usize = 1 << 16;

/// Reads the SQL dump `reader` into `out`: held whole (its text bound
/// applies), or `streamed` a row and a statement at a time.
pub(crate) fn read(reader: impl Read, streamed: bool, out: &mut Output<'_>) -> std::io::Result<()> {
    if !out.wanted() {
        return Ok(());
    }
    let mut bytes = Bytes::new(crate::text::Utf8Reader::new(reader));
    bytes.fill(HEAD)?;
    let backslash = escapes_with_backslash(bytes.head());
    Dump {
        bytes,
        streamed,
        backslash,
        columns: HashMap::new(),
        next_row: HashMap::new(),
        pending: None,
    }
    .statements(out)
}

/// Whether string literals escape with a backslash (`'O\'Brien'`), as
/// MySQL and MariaDB write them; standard SQL (PostgreSQL, SQLite, SQL
/// Server) doubles the quote only, and a backslash is a character.
fn escapes_with_backslash(head: &[u8]) -> bool {
    const MYSQL: &[&[u8]] = &[b"MySQL dump", b"MariaDB dump", b"phpMyAdmin", b"/*!", b"`"];
    MYSQL.iter().any(|marker| memchr::memmem::find(head, marker).is_some())
}

/// One lexical unit of a statement.
#[derive(Debug, PartialEq)]
enum Token {
    /// A keyword, a bare name, a number, `NULL`.
    Word(String),
    /// A string literal's content, unescaped.
    Str(String),
    /// A quoted name (`` `x` ``, `"x"`, `[x]`); MySQL's `"x"` is a string,
    /// so in a row it counts as one.
    Quoted(String),
    /// Any other character: `(`, `)`, `,`, `;`, `.`, ...
    Punct(u8),
    End,
}

impl Token {
    /// The keyword the token is, upper case (a word only).
    fn keyword(&self) -> Option<String> {
        match self {
            Token::Word(word) => Some(word.to_ascii_uppercase()),
            _ => None,
        }
    }

    fn is(&self, keyword: &str) -> bool {
        matches!(self, Token::Word(word) if word.eq_ignore_ascii_case(keyword))
    }
}

/// The dump being read.
struct Dump<R> {
    bytes: Bytes<R>,
    streamed: bool,
    backslash: bool,
    /// Column names by table, from `CREATE TABLE`.
    columns: HashMap<String, Vec<String>>,
    /// The next row's index by table, across statements.
    next_row: HashMap<String, u32>,
    /// A token read ahead.
    pending: Option<Token>,
}

impl<R: Read> Dump<R> {
    fn statements(mut self, out: &mut Output<'_>) -> std::io::Result<()> {
        loop {
            self.capture_next_statement()?;
            let first = self.token(out)?;
            let first_at = self.bytes.token_start;
            let data = match first.keyword().as_deref() {
                _ if first == Token::End => {
                    self.flush_text(out, None);
                    return Ok(());
                }
                Some("INSERT" | "REPLACE") => Some(Statement::Insert),
                Some("COPY") => Some(Statement::Copy),
                Some("CREATE") => self.creates_a_table(out)?.then_some(Statement::CreateTable),
                _ => None,
            };
            match data {
                Some(statement) => {
                    // Comments before it are text; the statement is data.
                    self.flush_text(out, Some(first_at));
                    self.bytes.capture = None;
                    match statement {
                        Statement::Insert => self.insert(out)?,
                        Statement::Copy => self.copy(out)?,
                        Statement::CreateTable => self.create_table(out)?,
                    }
                }
                None => {
                    // A `;` alone ends a statement of comments only.
                    if first != Token::Punct(b';') {
                        self.pending.get_or_insert(first);
                        self.skip_statement(out)?;
                    }
                    // Up to the next statement's first word, if read.
                    let until = self.pending.is_some().then_some(self.bytes.token_start);
                    self.flush_text(out, until);
                }
            }
        }
    }

    /// Captures the next statement's text from its start: from its first
    /// word if that was read already (it ended the statement before, in a
    /// script without `;`), else from its first byte after blanks.
    fn capture_next_statement(&mut self) -> std::io::Result<()> {
        match (&self.pending, &self.bytes.capture) {
            // The text read so far is the word's (`statements` kept it).
            (Some(_), Some(_)) => {}
            (Some(Token::Word(word)), None) => {
                self.bytes.capture = Some(Capture {
                    start: self.bytes.token_start,
                    text: word.as_bytes().to_vec(),
                })
            }
            _ => {
                while self.bytes.peek(0)?.is_some_and(|b| b.is_ascii_whitespace()) {
                    self.bytes.bump()?;
                }
                self.bytes.capture_from_here();
            }
        }
        Ok(())
    }

    /// After `CREATE`: whether a table is made (its modifiers read past).
    fn creates_a_table(&mut self, out: &mut Output<'_>) -> std::io::Result<bool> {
        loop {
            let token = self.token(out)?;
            match token.keyword().as_deref() {
                Some("TABLE") => return Ok(true),
                Some("TEMPORARY" | "TEMP" | "GLOBAL" | "LOCAL" | "UNLOGGED" | "OR" | "REPLACE") => {}
                _ => {
                    self.pending = Some(token);
                    return Ok(false);
                }
            }
        }
    }

    /// `CREATE TABLE [IF NOT EXISTS] name (column type ..., constraint ...)`:
    /// keeps the column names for the `INSERT`s without a list.
    fn create_table(&mut self, out: &mut Output<'_>) -> std::io::Result<()> {
        let mut token = self.token(out)?;
        while token.is("IF") || token.is("NOT") || token.is("EXISTS") {
            token = self.token(out)?;
        }
        let (name, next) = self.name(token, out)?;
        if next == Token::Punct(b'(') {
            let columns = self.column_definitions(out)?;
            if let Some(name) = name {
                if self.columns.len() < MAX_TABLES || self.columns.contains_key(&name) {
                    self.columns.insert(name, columns);
                }
            }
        } else {
            self.pending = Some(next);
        }
        self.skip_statement(out)
    }

    /// The column names of a table's definitions, up to its closing `)`.
    fn column_definitions(&mut self, out: &mut Output<'_>) -> std::io::Result<Vec<String>> {
        const NOT_COLUMNS: &[&str] = &[
            "PRIMARY",
            "KEY",
            "UNIQUE",
            "CONSTRAINT",
            "INDEX",
            "FOREIGN",
            "CHECK",
            "FULLTEXT",
            "SPATIAL",
            "EXCLUDE",
            "LIKE",
            "PERIOD",
        ];
        let (mut columns, mut depth, mut at_start) = (Vec::new(), 1u32, true);
        loop {
            let token = self.token(out)?;
            match token {
                Token::End | Token::Punct(b';') => {
                    self.pending = Some(token);
                    return Ok(columns);
                }
                Token::Punct(b'(') => depth += 1,
                Token::Punct(b')') => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(columns);
                    }
                }
                Token::Punct(b',') if depth == 1 => at_start = true,
                Token::Word(word) | Token::Quoted(word) if at_start => {
                    at_start = false;
                    let column = !NOT_COLUMNS.iter().any(|k| word.eq_ignore_ascii_case(k));
                    if column && columns.len() < MAX_COLUMNS {
                        columns.push(word);
                    }
                }
                _ => at_start = false,
            }
        }
    }

    /// `INSERT [modifiers] [INTO] name [(columns)] VALUES (...), (...)`:
    /// each row under its columns' names.
    fn insert(&mut self, out: &mut Output<'_>) -> std::io::Result<()> {
        const MODIFIERS: &[&str] = &[
            "INTO",
            "IGNORE",
            "LOW_PRIORITY",
            "DELAYED",
            "HIGH_PRIORITY",
            "OR",
            "REPLACE",
            "ABORT",
            "FAIL",
            "ROLLBACK",
        ];
        let mut token = self.token(out)?;
        while token.keyword().is_some_and(|k| MODIFIERS.contains(&k.as_str())) {
            token = self.token(out)?;
        }
        let (name, mut token) = self.name(token, out)?;
        let Some(name) = name else {
            self.pending = Some(token);
            return self.skip_statement(out);
        };
        let labels = if token == Token::Punct(b'(') {
            let labels = self.name_list(out)?;
            token = self.token(out)?;
            labels
        } else {
            self.columns.get(&name).cloned().unwrap_or_default()
        };
        if !(token.is("VALUES") || token.is("VALUE")) {
            self.pending = Some(token);
            return self.skip_statement(out);
        }
        let mut rows = Rows::new(&name, labels, self.streamed, self.first_row(&name));
        loop {
            match self.token(out)? {
                Token::Punct(b'(') => self.row(&mut rows, out)?,
                Token::Punct(b',') => {}
                other => {
                    self.pending = Some(other);
                    break;
                }
            }
        }
        let next_row = rows.finish(out);
        self.count_rows(name, next_row);
        // What follows the rows on their statement's last line (`;`,
        // `ON DUPLICATE KEY UPDATE`, `RETURNING`), or `GO`, ends it; a
        // word opening a new line opens the next statement, in a script
        // without `;`.
        match self.pending.take() {
            Some(token)
                if self.bytes.token_opens_line
                    && matches!(token, Token::Word(_))
                    && !["ON", "RETURNING", "GO"].iter().any(|k| token.is(k)) =>
            {
                self.pending = Some(token);
                Ok(())
            }
            token => {
                self.pending = token;
                self.skip_statement(out)
            }
        }
    }

    /// The values of one row, after its `(`, up to its `)`.
    fn row(&mut self, rows: &mut Rows, out: &mut Output<'_>) -> std::io::Result<()> {
        let index = rows.start_row();
        let (mut column, mut depth) = (0u32, 0u32);
        let mut value = Value::default();
        loop {
            let token = self.token(out)?;
            match token {
                Token::Punct(b')') if depth == 0 => break,
                Token::Punct(b',') if depth == 0 => {
                    rows.cell(index, column, value.take(), out);
                    column += 1;
                }
                Token::Punct(b'(') => depth += 1,
                Token::Punct(b')') => depth -= 1,
                // A row cut short: the statement ends with what it holds.
                Token::Punct(b';') | Token::End => {
                    self.pending = Some(token);
                    break;
                }
                Token::Str(text) | Token::Quoted(text) => value.strings.push(text),
                Token::Word(word) => value.words.push(word),
                Token::Punct(_) => {}
            }
        }
        rows.cell(index, column, value.take(), out);
        Ok(())
    }

    /// `COPY name [(columns)] FROM stdin;` and the lines of tab-separated
    /// values that follow, up to `\.`.
    fn copy(&mut self, out: &mut Output<'_>) -> std::io::Result<()> {
        let token = self.token(out)?;
        let (name, mut token) = self.name(token, out)?;
        let mut labels = Vec::new();
        if token == Token::Punct(b'(') {
            labels = self.name_list(out)?;
            token = self.token(out)?;
        }
        let mut from_stdin = false;
        while !matches!(token, Token::Punct(b';') | Token::End) {
            from_stdin |= token.is("STDIN");
            token = self.token(out)?;
        }
        let Some(name) = name.filter(|_| from_stdin) else {
            return Ok(());
        };
        // The data begins on the line after the statement.
        self.skip_line(out)?;
        let mut rows = Rows::new(&name, labels, self.streamed, self.first_row(&name));
        while let Some(line) = self.bytes.line()? {
            if line == b"\\." {
                break;
            }
            let index = rows.start_row();
            for (column, field) in line.split(|&b| b == b'\t').enumerate() {
                if field != b"\\N" {
                    rows.cell(index, column as u32, copy_unescape(field), out);
                }
            }
        }
        let next_row = rows.finish(out);
        self.count_rows(name, next_row);
        Ok(())
    }

    /// A table's name from `token` on (`schema.table`, quoted or not): its
    /// last part, and the token after it.
    fn name(&mut self, mut token: Token, out: &mut Output<'_>) -> std::io::Result<(Option<String>, Token)> {
        let mut name = None;
        loop {
            // A part ending with its dot (`public."t"`) goes on.
            let goes_on = match &token {
                Token::Word(word) => {
                    name = word.rsplit('.').find(|part| !part.is_empty()).map(str::to_string);
                    word.ends_with('.')
                }
                Token::Quoted(word) => {
                    name = Some(word.clone());
                    false
                }
                _ => return Ok((name, token)),
            };
            token = self.token(out)?;
            if goes_on {
                continue;
            }
            // The dot before the next part: a character of its own after
            // a quoted part, or the first of a bare word (`[dbo].Clients`).
            match token {
                Token::Punct(b'.') => token = self.token(out)?,
                Token::Word(ref word) if word.starts_with('.') => {
                    token = match word.trim_start_matches('.') {
                        "" => self.token(out)?,
                        rest => Token::Word(rest.to_string()),
                    }
                }
                _ => return Ok((name, token)),
            }
        }
    }

    /// The names of a column list, after its `(`, up to its `)`.
    fn name_list(&mut self, out: &mut Output<'_>) -> std::io::Result<Vec<String>> {
        let mut names = Vec::new();
        loop {
            match self.token(out)? {
                Token::Word(word) | Token::Quoted(word) | Token::Str(word) if names.len() < MAX_COLUMNS => {
                    names.push(word)
                }
                Token::Punct(b')') => return Ok(names),
                token @ (Token::Punct(b';') | Token::End) => {
                    self.pending = Some(token);
                    return Ok(names);
                }
                _ => {}
            }
        }
    }

    /// Reads to the statement's end: its `;`, a `GO` (SQL Server's
    /// scripts end batches so), the dump's end, or a line that opens a
    /// statement that fills or makes a table (scripts without `;`).
    fn skip_statement(&mut self, out: &mut Output<'_>) -> std::io::Result<()> {
        loop {
            let token = self.token(out)?;
            if matches!(token, Token::Punct(b';') | Token::End) || token.is("GO") {
                return Ok(());
            }
            if self.opens_a_line(&token) {
                self.pending = Some(token);
                return Ok(());
            }
        }
    }

    /// Whether `token`, the last read, opens its line and a statement
    /// read as data (`INSERT`, `COPY`, ...).
    fn opens_a_line(&self, token: &Token) -> bool {
        const OPENINGS: &[&str] = &["INSERT", "REPLACE", "COPY", "CREATE"];
        self.bytes.token_opens_line && OPENINGS.iter().any(|k| token.is(k))
    }

    /// Hands on the text captured since the statement began, up to
    /// `until` (all of it if `None`), if it holds more than blanks.
    fn flush_text(&mut self, out: &mut Output<'_>, until: Option<u64>) {
        let Some(capture) = self.bytes.capture.as_mut() else {
            return;
        };
        let end = until.map_or(capture.text.len(), |until| {
            (until.saturating_sub(capture.start) as usize).min(capture.text.len())
        });
        let text = &capture.text[..end];
        if text.iter().any(|b| !b.is_ascii_whitespace()) {
            let segment = Segment::new(String::from_utf8_lossy(text), Origin::TextOffset(capture.start));
            hand_on(segment, self.streamed, out);
        }
        capture.start += end as u64;
        capture.text.drain(..end);
    }

    /// The next token, comments skipped (a token read ahead first).
    fn token(&mut self, out: &mut Output<'_>) -> std::io::Result<Token> {
        if let Some(token) = self.pending.take() {
            return Ok(token);
        }
        loop {
            while self.bytes.peek(0)?.is_some_and(|b| b.is_ascii_whitespace()) {
                self.bump(out)?;
            }
            self.bytes.token_start = self.bytes.offset;
            self.bytes.token_opens_line = self.bytes.blank_line;
            let Some(b) = self.bytes.peek(0)? else {
                return Ok(Token::End);
            };
            let quote = |close, backslash| Some((close, backslash));
            let quoted = match b {
                b'-' if self.bytes.peek(1)? == Some(b'-') => None,
                b'#' => None,
                b'/' if self.bytes.peek(1)? == Some(b'*') => {
                    self.skip_block_comment(out)?;
                    continue;
                }
                b'\'' => quote(b'\'', self.backslash),
                b'"' | b'`' => quote(b, self.backslash && b == b'"'),
                b'[' => quote(b']', false),
                b'$' => {
                    if let Some(body) = self.dollar_quoted(out)? {
                        return Ok(Token::Str(body));
                    }
                    return self.word(out);
                }
                b if is_word_byte(b) => return self.word(out),
                _ => {
                    self.bump(out)?;
                    return Ok(Token::Punct(b));
                }
            };
            let Some((close, backslash)) = quoted else {
                self.skip_line(out)?;
                continue;
            };
            self.bump(out)?;
            let text = self.string(close, backslash, out)?;
            return Ok(if b == b'\'' {
                Token::Str(text)
            } else {
                Token::Quoted(text)
            });
        }
    }

    /// A word; one that prefixes a string (`N'...'`, `E'...'`, `X'...'`,
    /// `_utf8mb4'...'`) gives the string.
    fn word(&mut self, out: &mut Output<'_>) -> std::io::Result<Token> {
        let mut word = Vec::new();
        while let Some(b) = self.bytes.peek(0)? {
            if !is_word_byte(b) || word.len() >= MAX_PIECE {
                break;
            }
            word.push(b);
            self.bump(out)?;
        }
        let word = String::from_utf8_lossy(&word).into_owned();
        let prefix = word.len() == 1 && matches!(word.as_bytes()[0].to_ascii_uppercase(), b'N' | b'E' | b'X' | b'B')
            || word.starts_with('_');
        if prefix && self.bytes.peek(0)? == Some(b'\'') {
            self.bump(out)?;
            let escaped = self.backslash || word.eq_ignore_ascii_case("e");
            return Ok(Token::Str(self.string(b'\'', escaped, out)?));
        }
        Ok(Token::Word(word))
    }

    /// PostgreSQL's dollar-quoted string (`$$...$$`, `$tag$...$tag$`, a
    /// function's body), from its `$`: its content, or `None` (nothing
    /// read) if the `$` opens no tag.
    fn dollar_quoted(&mut self, out: &mut Output<'_>) -> std::io::Result<Option<String>> {
        let mut tag = vec![b'$'];
        loop {
            match self.bytes.peek(tag.len())? {
                Some(b'$') => break,
                Some(b) if b.is_ascii_alphanumeric() || b == b'_' => tag.push(b),
                _ => return Ok(None),
            }
        }
        tag.push(b'$');
        for _ in 0..tag.len() {
            self.bump(out)?;
        }
        let mut text: Vec<u8> = Vec::new();
        while let Some(b) = self.bump(out)? {
            text.push(b);
            if text.ends_with(&tag) {
                text.truncate(text.len() - tag.len());
                break;
            }
            if text.len() >= MAX_PIECE + tag.len() {
                self.spill(&mut text, tag.len(), out);
            }
        }
        Ok(Some(String::from_utf8_lossy(&text).into_owned()))
    }

    /// A quoted string's content, after its opening quote, up to `close`
    /// (doubled, it stands for itself); with `backslash`, `\` escapes the
    /// next character. A string longer than `MAX_PIECE` is text: in a
    /// statement read as text, captured with it; in a row, handed on in
    /// pieces of that size, its cell keeping the last.
    fn string(&mut self, close: u8, backslash: bool, out: &mut Output<'_>) -> std::io::Result<String> {
        let mut text = Vec::new();
        while let Some(b) = self.bump(out)? {
            let c = match b {
                _ if b == close => {
                    if self.bytes.peek(0)? != Some(close) {
                        break;
                    }
                    self.bump(out)?;
                    close
                }
                b'\\' if backslash => match self.bump(out)? {
                    Some(b'n') => b'\n',
                    Some(b't') => b'\t',
                    Some(b'r') => b'\r',
                    Some(b'0' | b'Z') => b' ',
                    Some(other) => other,
                    None => break,
                },
                _ => b,
            };
            text.push(c);
            if text.len() >= MAX_PIECE {
                self.spill(&mut text, 0, out);
            }
        }
        Ok(String::from_utf8_lossy(&text).into_owned())
    }

    /// Empties a string grown to `MAX_PIECE` but for its last `keep`
    /// bytes: in a statement read as text, its capture holds it already;
    /// in a row, the piece is handed on as text.
    fn spill(&mut self, text: &mut Vec<u8>, keep: usize, out: &mut Output<'_>) {
        let piece: Vec<u8> = text.drain(..text.len() - keep).collect();
        if self.bytes.capture.is_none() {
            let start = self.bytes.offset - (piece.len() + keep) as u64;
            let segment = Segment::new(String::from_utf8_lossy(&piece), Origin::TextOffset(start));
            hand_on(segment, self.streamed, out);
        }
    }

    /// Reads one byte; a capture grown to `MAX_PIECE` is handed on as
    /// text first (a statement read as text, or a comment, of any length).
    fn bump(&mut self, out: &mut Output<'_>) -> std::io::Result<Option<u8>> {
        if self.bytes.capture.as_ref().is_some_and(|c| c.text.len() >= MAX_PIECE) {
            self.flush_text(out, None);
        }
        self.bytes.bump()
    }

    /// Reads past the end of the line (a comment, the line a `COPY` ends).
    fn skip_line(&mut self, out: &mut Output<'_>) -> std::io::Result<()> {
        while let Some(b) = self.bump(out)? {
            if b == b'\n' {
                break;
            }
        }
        Ok(())
    }

    /// Reads past a `/* ... */` comment (MySQL's `/*!40101 SET ... */`
    /// settings among them), from its `/*`.
    fn skip_block_comment(&mut self, out: &mut Output<'_>) -> std::io::Result<()> {
        self.bump(out)?;
        self.bump(out)?;
        while let Some(b) = self.bump(out)? {
            if b == b'*' && self.bytes.peek(0)? == Some(b'/') {
                self.bump(out)?;
                break;
            }
        }
        Ok(())
    }

    /// Keeps the index of table `name`'s next row (for `MAX_TABLES`
    /// tables at most).
    fn count_rows(&mut self, name: String, next_row: u32) {
        if self.next_row.len() < MAX_TABLES || self.next_row.contains_key(&name) {
            self.next_row.insert(name, next_row);
        }
    }

    /// The index of the table's next row: after those of its earlier
    /// statements, or 1 (row 0 is its column names').
    fn first_row(&self, table: &str) -> u32 {
        self.next_row.get(table).copied().unwrap_or(1)
    }
}

/// The kinds of statement read as data.
enum Statement {
    Insert,
    Copy,
    CreateTable,
}

/// Hands `segment` on, as a stream's chunk or within the text bound.
fn hand_on(segment: Segment, streamed: bool, out: &mut Output<'_>) {
    if streamed {
        out.chunk(&segment, 0);
    } else {
        out.segment(segment);
    }
}

/// Whether `b` may be part of a bare word: a name, a keyword, a number
/// (`-12.5e3`, `0x1F`), a cast (`::date`), or text in any script.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$' | b'.' | b'+' | b'-' | b':' | b'@') || b >= 0x80
}

/// One value of a row, as its tokens came.
#[derive(Default)]
struct Value {
    strings: Vec<String>,
    words: Vec<String>,
}

impl Value {
    /// The value's text: its strings (a function's arguments among them),
    /// else its words (a number), without `NULL`, casts or prefixes.
    fn take(&mut self) -> String {
        if self.strings.len() == 1 {
            self.words.clear();
            return self.strings.pop().unwrap_or_default();
        }
        let strings = std::mem::take(&mut self.strings);
        let words = std::mem::take(&mut self.words);
        if !strings.is_empty() {
            return strings.join(" ");
        }
        let words: Vec<String> = words
            .into_iter()
            .filter(|w| !w.eq_ignore_ascii_case("null") && !w.starts_with("::") && !w.starts_with('_'))
            .collect();
        words.join(" ")
    }
}

/// The rows of one table from one statement, handed on as a sheet's.
struct Rows {
    name: String,
    labels: Vec<String>,
    streamed: bool,
    table: Table,
    /// The next row's index.
    next: u32,
    /// The bytes of the row being read held.
    held: usize,
}

impl Rows {
    /// Rows of table `name` under `labels`, the first of index `first`.
    fn new(name: &str, labels: Vec<String>, streamed: bool, first: u32) -> Rows {
        Rows {
            name: name.to_string(),
            table: Table::with_header(name, labels.clone()).in_stream(streamed),
            labels,
            streamed,
            next: first,
            held: 0,
        }
    }

    /// Begins a row: its index.
    fn start_row(&mut self) -> u32 {
        self.held = 0;
        self.next = self.next.saturating_add(1);
        self.next - 1
    }

    /// Takes a cell of row `index`; a row past `MAX_ROW` is handed on in
    /// parts.
    fn cell(&mut self, index: u32, column: u32, value: String, out: &mut Output<'_>) {
        self.held += value.len();
        if self.held > MAX_ROW {
            let fresh = Table::with_header(&self.name, self.labels.clone()).in_stream(self.streamed);
            std::mem::replace(&mut self.table, fresh).finish(out);
            self.held = value.len();
        }
        self.table.cell(index, column, value, out);
    }

    /// Hands on the last row; the index of the table's next row.
    fn finish(self, out: &mut Output<'_>) -> u32 {
        self.table.finish(out);
        self.next
    }
}

/// A `COPY` field with its escapes (`\t`, `\n`, `\\`, octal `\101`)
/// turned back into characters.
fn copy_unescape(field: &[u8]) -> String {
    if !field.contains(&b'\\') {
        return String::from_utf8_lossy(field).into_owned();
    }
    let mut text = Vec::with_capacity(field.len());
    let mut rest = field.iter().copied().peekable();
    while let Some(b) = rest.next() {
        if b != b'\\' {
            text.push(b);
            continue;
        }
        match rest.next() {
            Some(b'n') => text.push(b'\n'),
            Some(b't') => text.push(b'\t'),
            Some(b'r') => text.push(b'\r'),
            Some(d @ b'0'..=b'7') => {
                let mut code = u32::from(d - b'0');
                for _ in 0..2 {
                    match rest.peek() {
                        Some(&o @ b'0'..=b'7') => {
                            code = code * 8 + u32::from(o - b'0');
                            rest.next();
                        }
                        _ => break,
                    }
                }
                text.push(u8::try_from(code).unwrap_or(b' '));
            }
            Some(other) => text.push(other),
            None => {}
        }
    }
    String::from_utf8_lossy(&text).into_owned()
}

/// Text captured as it is read, for a statement handed on as text.
struct Capture {
    /// Where the captured text starts in the dump.
    start: u64,
    text: Vec<u8>,
}

/// The dump's bytes, read through a buffer, with the offset of the next
/// one and, while a statement may be text, the bytes read since it began.
struct Bytes<R> {
    inner: R,
    /// Bytes read, `buf[at..end]` not yet taken.
    buf: Box<[u8]>,
    at: usize,
    end: usize,
    offset: u64,
    /// Where the last token began.
    token_start: u64,
    /// Whether only blanks were read since the last line break (or the
    /// dump's start), and so whether the last token opened its line.
    blank_line: bool,
    token_opens_line: bool,
    capture: Option<Capture>,
}

impl<R: Read> Bytes<R> {
    fn new(inner: R) -> Bytes<R> {
        Bytes {
            inner,
            buf: vec![0; BUFFER].into_boxed_slice(),
            at: 0,
            end: 0,
            offset: 0,
            token_start: 0,
            blank_line: true,
            token_opens_line: true,
            capture: None,
        }
    }

    /// Reads until `n` bytes (at most `BUFFER`) are held unread, or the
    /// dump ends.
    #[inline]
    fn fill(&mut self, n: usize) -> std::io::Result<()> {
        if self.end - self.at >= n {
            return Ok(());
        }
        self.refill(n)
    }

    #[cold]
    fn refill(&mut self, n: usize) -> std::io::Result<()> {
        self.buf.copy_within(self.at..self.end, 0);
        self.end -= self.at;
        self.at = 0;
        while self.end < n.min(BUFFER) {
            match self.inner.read(&mut self.buf[self.end..]) {
                Ok(0) => break,
                Ok(read) => self.end += read,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// The bytes held unread (the dump's head, before any is read).
    fn head(&self) -> &[u8] {
        &self.buf[self.at..self.end]
    }

    /// The byte `ahead` bytes on, unread.
    fn peek(&mut self, ahead: usize) -> std::io::Result<Option<u8>> {
        self.fill(ahead + 1)?;
        Ok((self.at + ahead < self.end).then(|| self.buf[self.at + ahead]))
    }

    /// Reads one byte, capturing it if a capture is on.
    fn bump(&mut self) -> std::io::Result<Option<u8>> {
        let Some(b) = self.peek(0)? else {
            return Ok(None);
        };
        self.at += 1;
        self.offset += 1;
        self.blank_line = b == b'\n' || (self.blank_line && b.is_ascii_whitespace());
        if let Some(capture) = self.capture.as_mut() {
            capture.text.push(b);
        }
        Ok(Some(b))
    }

    /// Begins capturing at the next byte.
    fn capture_from_here(&mut self) {
        self.capture = Some(Capture {
            start: self.offset,
            text: Vec::new(),
        });
    }

    /// The next line, without its line break (`None` at the dump's end);
    /// past `MAX_PIECE` bytes, a line is cut there and goes on as the next.
    fn line(&mut self) -> std::io::Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        loop {
            match self.bump()? {
                None if line.is_empty() => return Ok(None),
                None | Some(b'\n') => break,
                Some(b) => line.push(b),
            }
            if line.len() >= MAX_PIECE {
                break;
            }
        }
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        Ok(Some(line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::tests::Segments;

    /// Each segment of the dump `sql` as `(where, text)`, held whole or
    /// streamed.
    fn segments(sql: &str, streamed: bool) -> Vec<(String, String)> {
        let mut sink = Segments::default();
        let mut out = Output::new(&mut sink, true, usize::MAX);
        read(sql.as_bytes(), streamed, &mut out).unwrap();
        drop(out);
        sink.0.iter().map(|s| (s.origin.locate(0), s.text.clone())).collect()
    }

    fn texts(sql: &str) -> Vec<String> {
        segments(sql, false).into_iter().map(|(_, text)| text).collect()
    }

    #[test]
    fn mysqldump_rows_are_read_under_the_columns_of_their_table() {
        let sql = "-- MySQL dump 10.13  Distrib 8.0.36\n\
            /*!40101 SET NAMES utf8mb4 */;\n\
            DROP TABLE IF EXISTS `customers`;\n\
            CREATE TABLE `customers` (\n  `id` int NOT NULL AUTO_INCREMENT,\n  `full_name` varchar(64) DEFAULT NULL,\n  \
            `sin` char(9) DEFAULT NULL COMMENT 'social, insurance',\n  `balance` decimal(10,2),\n  PRIMARY KEY (`id`),\n  \
            KEY `ix` (`sin`)\n) ENGINE=InnoDB;\n\
            INSERT INTO `customers` VALUES (1,'Sean O\\'Brien','130692544',12.50),(2,'Anne \\\"Roy\\\"\\\\','193456787',NULL);\n\
            INSERT INTO `customers` VALUES (3,_utf8mb4'Zoé',NULL,-3.5);\n";
        let found = segments(sql, false);
        let rows: Vec<(&str, &str)> = found.iter().map(|(at, text)| (at.as_str(), text.as_str())).collect();
        assert_eq!(
            rows,
            [
                (
                    "offset:0",
                    "-- MySQL dump 10.13  Distrib 8.0.36\n/*!40101 SET NAMES utf8mb4 */;"
                ),
                ("offset:67", "DROP TABLE IF EXISTS `customers`;"),
                (
                    "cell:customers!A2",
                    "id: 1\tfull name: Sean O'Brien\tsin: 130692544\tbalance: 12.50"
                ),
                ("cell:customers!A3", "id: 2\tfull name: Anne \"Roy\"\\\tsin: 193456787"),
                ("cell:customers!A4", "id: 3\tfull name: Zoé\tbalance: -3.5"),
            ]
        );
        assert_eq!(found, segments(sql, true), "streamed as held whole");
    }

    #[test]
    fn pg_dump_copy_blocks_and_inserts_with_their_columns() {
        let sql = "--\n-- PostgreSQL database dump\n--\nSET standard_conforming_strings = on;\n\
            COPY public.payees (payee_id, name, transit, note) FROM stdin;\n\
            10\tMaple Ridge\t12345\t\\N\n\
            11\tNordique\\tInc.\t30091\tC:\\\\pay\\101\n\
            \\.\n\
            INSERT INTO public.payees (payee_id, name, note) VALUES (12, 'C:\\dir', E'it\\'s'), (13, 'x''y', '2021-01-01'::date);\n";
        let rows: Vec<String> = texts(sql).into_iter().skip(1).collect();
        assert_eq!(
            rows,
            [
                "payee id: 10\tname: Maple Ridge\ttransit: 12345",
                "payee id: 11\tname: Nordique\tInc.\ttransit: 30091\tnote: C:\\payA",
                "payee id: 12\tname: C:\\dir\tnote: it's",
                "payee id: 13\tname: x'y\tnote: 2021-01-01",
            ]
        );
        assert_eq!(
            segments(sql, false)[4].0,
            "cell:payees!A5",
            "rows of one table go on across statements"
        );
    }

    #[test]
    fn sqlite_and_sql_server_scripts() {
        let sqlite = "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n\
            CREATE TABLE \"cards\" (id INTEGER PRIMARY KEY, \"holder\" TEXT, pan TEXT, CONSTRAINT c CHECK (id > 0));\n\
            INSERT INTO \"cards\" VALUES(1,'Marie Tremblay','4539578763621486');\nCOMMIT;\n";
        assert!(texts(sqlite).contains(&"id: 1\tholder: Marie Tremblay\tpan: 4539578763621486".to_string()));
        let server =
            "SET ANSI_NULLS ON\nGO\nINSERT [dbo].[Clients] ([Id], [Courriel]) VALUES (1, N'luc@example.ca')\nGO\n";
        assert_eq!(
            texts(server),
            ["SET ANSI_NULLS ON\nGO", "Id: 1\tCourriel: luc@example.ca"]
        );
    }

    #[test]
    fn a_script_without_semicolons_has_a_statement_per_line() {
        let sql =
            "INSERT INTO [Clients] ([Nom]) VALUES (N'Luc Roy')\nINSERT INTO [Clients] ([Nom]) VALUES (N'Anne Roy')\n\
            SET IDENTITY_INSERT [Clients] OFF\nINSERT INTO Clients SELECT 1\n";
        assert_eq!(
            texts(sql),
            ["Nom: Luc Roy", "Nom: Anne Roy", "SET IDENTITY_INSERT [Clients] OFF\n"]
        );
    }

    #[test]
    fn a_dump_is_read_as_such_from_its_name_or_first_line() {
        let limits = crate::Limits::default();
        let docs =
            crate::reader::tests::read_bytes("crm.sql", b"INSERT INTO t (sin) VALUES ('130692544');", &limits).docs;
        assert_eq!(
            (docs[0].0.kind, docs[0].1.as_str()),
            (crate::Kind::Sql, "sin: 130692544\n")
        );
    }

    #[test]
    fn other_statements_are_text_at_their_place() {
        let sql = "CREATE TABLE t (a int);\nUPDATE users SET email = 'lg@example.ca' -- fixed\nWHERE id = 3;\nINSERT INTO t SELECT 1;";
        let found = segments(sql, false);
        assert_eq!(
            found,
            [(
                "offset:24".to_string(),
                "UPDATE users SET email = 'lg@example.ca' -- fixed\nWHERE id = 3;".to_string()
            )]
        );
    }

    #[test]
    fn hostile_dumps_give_what_they_hold_in_bounded_pieces() {
        // An unclosed quote in a row: the rest is text, in pieces.
        let unclosed = format!("INSERT INTO t VALUES (1,'{}", "SIN 130 692 544 ".repeat(200_000));
        let found = segments(&unclosed, true);
        assert!(found.iter().all(|(_, text)| text.len() <= MAX_PIECE));
        let total: usize = found.iter().map(|(_, text)| text.len()).sum();
        assert!(
            total >= 200_000 * 16 - MAX_PIECE,
            "nothing dropped but the last piece's cell"
        );
        // An unclosed quote in a statement read as text, a comment of megabytes.
        for sql in [
            format!("UPDATE t SET a = '{}", "x".repeat(3 << 20)),
            format!("-- {}", "y".repeat(3 << 20)),
            format!("/* {}", "z".repeat(3 << 20)),
        ] {
            let found = segments(&sql, true);
            assert!(found.iter().all(|(_, text)| text.len() <= MAX_PIECE));
            assert_eq!(found.iter().map(|(_, text)| text.len()).sum::<usize>(), sql.len());
        }
        // A row of millions of values is handed on in parts.
        let wide = format!("INSERT INTO t VALUES ({}1);", "130692544,".repeat(1_000_000));
        let found = segments(&wide, true);
        assert!(found.len() >= 2 && found.iter().all(|(_, text)| text.len() <= 2 * MAX_ROW));
        // Tables and columns past what is kept: rows still read, unlabelled.
        let many = format!(
            "CREATE TABLE w ({});\nINSERT INTO w VALUES (1);\nINSERT INTO t ({}) VALUES (1);",
            (0..5000).map(|i| format!("c{i} int")).collect::<Vec<_>>().join(","),
            (0..5000).map(|i| format!("c{i}")).collect::<Vec<_>>().join(",")
        );
        let texts: Vec<String> = segments(&many, true).into_iter().map(|(_, text)| text).collect();
        assert_eq!(texts, ["c0: 1", "c0: 1"]);
        // Deep parentheses, cut statements, random bytes: no panic.
        for sql in [
            format!("INSERT INTO t VALUES ({}", "(".repeat(100_000)),
            "INSERT INTO".to_string(),
            "INSERT INTO t (a, b".to_string(),
            "COPY t (a) FROM stdin;".to_string(),
            "CREATE TABLE".to_string(),
            "INSERT INTO t VALUES (1, 'a'), (".to_string(),
            "'''\\\\`[\"".to_string(),
        ] {
            segments(&sql, false);
            segments(&sql, true);
        }
        let mut seed = 7u64;
        let random: Vec<u8> = (0..100_000)
            .map(|_| {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                b"(),;'\"`[]\\-/*#\n\t aINSERTVALUES0123"[(seed >> 33) as usize % 34]
            })
            .collect();
        let mut sink = Segments::default();
        let mut out = Output::new(&mut sink, true, usize::MAX);
        read(random.as_slice(), true, &mut out).unwrap();
    }
}
