//! Text documents too large to hold, streamed: a file's or an archive
//! member's, whatever their size, a table row by row under its header and
//! plain text chunk by chunk, hashed as they pass. Memory stays that of
//! one chunk or row; nothing past the text bound is dropped, as it is for
//! documents held whole.

use crate::output::Output;
use crate::reader::{DocInfo, Reader};
use crate::sniff::{self, Kind};
use crate::{iso20022, json, markup, pgdump, sqldump, table, text};
use breachscope_core::{Origin, Segment};
use chrono::NaiveDate;
use std::io::{BufReader, Read, Seek, SeekFrom};

/// The longest line a delimited file streamed as a table may hold, in
/// bytes: a row is held whole while it is read.
const MAX_TABLE_LINE: u64 = 4 << 20;

/// A document's bytes, from its start, as often as needed: a table's
/// longest line is measured before its rows are read.
pub(crate) trait Reopen {
    fn reopen(&mut self) -> std::io::Result<Box<dyn Read + '_>>;
}

/// Where a streamed document's bytes come from.
pub(crate) enum Source<'s> {
    /// Read as often as needed (a file, a zip member, a gzip file).
    Reopen(&'s mut dyn Reopen),
    /// Read once (a tar member): a table's lines are not measured first,
    /// and one too long for a row stops its reading instead.
    Once(Box<dyn Read + 's>),
}

impl<R: Read + Seek> Reopen for BufReader<R> {
    fn reopen(&mut self) -> std::io::Result<Box<dyn Read + '_>> {
        self.seek(SeekFrom::Start(0))?;
        Ok(Box::new(self))
    }
}

/// Whether documents of `kind` are streamed when too large to hold
/// (XML by its fields, HTML by its text, SQL dumps by their rows).
pub(crate) fn streams(kind: Kind) -> bool {
    kind.is_plain_text() || matches!(kind, Kind::Html | Kind::Xml | Kind::Sql | Kind::Iso20022 | Kind::PgDump)
}

/// The kind of an archive member named `shown` whose first bytes are
/// `head`, if it is one that streams.
pub(crate) fn streamed_kind(shown: &str, head: &[u8]) -> Option<Kind> {
    Some(sniff::kind_of(shown, head, None)).filter(|kind| streams(*kind))
}

/// The document an archive member `shown` at container depth `depth`
/// makes, `size` bytes long, if its kind (by its name and first bytes
/// `head`) is one that streams.
pub(crate) fn streamed_member(
    shown: &str,
    head: &[u8],
    size: u64,
    modified: Option<NaiveDate>,
    depth: u32,
) -> Option<DocInfo> {
    Some(member(shown, streamed_kind(shown, head)?, size, modified, depth))
}

/// The document of kind `kind` an archive member `shown` at container
/// depth `depth` makes, `size` bytes long, hashed as it streams.
pub(crate) fn member(shown: &str, kind: Kind, size: u64, modified: Option<NaiveDate>, depth: u32) -> DocInfo {
    DocInfo {
        path: shown.to_string(),
        size,
        blake3: String::new(),
        kind,
        modified,
        depth: depth + 1,
    }
}

impl Reader<'_> {
    /// Streams the text document `info` (a kind that `streams`) from
    /// `source`, reading at most `cap` bytes of it; returns how many were
    /// read. A read that fails part way (a damaged archive member) keeps
    /// what was scanned and says where it stopped.
    pub(crate) fn stream_text(&mut self, info: DocInfo, cap: u64, source: Source<'_>) -> u64 {
        self.stream_as(info, cap, source, None)
    }

    /// Streams a directory or tar dump's file of one table's rows (kind
    /// `pgdump`) from `source` as `stream_text` does, under `copy`, the
    /// `COPY` statement its table of contents names. A document whose
    /// `info` has its hash already (a gzipped file, streamed inflated)
    /// keeps it.
    pub(crate) fn stream_pg_table(&mut self, info: DocInfo, cap: u64, source: Source<'_>, copy: &str) -> u64 {
        self.stream_as(info, cap, source, Some(copy))
    }

    /// `stream_text`, or with `pg_table`, `stream_pg_table`.
    fn stream_as(&mut self, info: DocInfo, cap: u64, source: Source<'_>, pg_table: Option<&str>) -> u64 {
        let kind = info.kind;
        let hashed = !info.blake3.is_empty();
        // A dump's table data may expand this far (a bound on a bomb).
        let max_expanded = info.size.saturating_mul(self.limits.max_ratio);
        let wanted = self.sink.begin(&info);
        let mut out = Output::new(self.sink, wanted, self.limits.max_text_bytes);
        let delimited = matches!(kind, Kind::Csv | Kind::Tsv);
        let read = (|| {
            let (table, bytes): (bool, Box<dyn Read + '_>) = match source {
                // A line too long for a row (a dump on one line) is read
                // as plain text instead.
                Source::Reopen(source) => {
                    let table = delimited && longest_line(source.reopen()?.take(cap))? <= MAX_TABLE_LINE;
                    (table, source.reopen()?)
                }
                Source::Once(bytes) if delimited => (
                    true,
                    Box::new(ShortRuns::new(
                        bytes,
                        b"\n",
                        MAX_TABLE_LINE,
                        "a line too long for a table's row:",
                    )),
                ),
                Source::Once(bytes) => (false, bytes),
            };
            read_hashed(bytes.take(cap.saturating_add(1)), &mut out, |reader, out| {
                if !out.wanted() {
                    Ok(())
                } else if let Some(copy) = pg_table {
                    pgdump::read_table_file(reader, copy, out)
                } else if table {
                    table::stream_delimited(reader, kind == Kind::Tsv, out)
                } else if kind == Kind::Json {
                    json::stream(reader, out)
                } else if kind == Kind::Xml {
                    markup::stream_data(reader, out)
                } else if kind == Kind::Html {
                    markup::stream_html(reader, out)
                } else if kind == Kind::Iso20022 {
                    iso20022::read(reader, out)
                } else if kind == Kind::PgDump {
                    pgdump::read(reader, max_expanded, out)
                } else if kind == Kind::Sql {
                    sqldump::read(reader, true, out)
                } else {
                    text::stream(reader, |chunk, offset, skip| {
                        out.chunk(&Segment::new(chunk, Origin::TextOffset(offset)), skip);
                    })
                }
            })
        })();
        // Cut short, its hash and size would be those of a part: those of
        // `info` stay.
        let read = match read {
            Ok((_, read)) if read > cap => {
                out.error(format!(
                    "expands past {} MiB (compression ratio or archive bound): the rest not scanned",
                    cap >> 20
                ));
                read
            }
            Ok((_, read)) if hashed => read,
            Ok((hash, read)) => {
                out.hashed(hash, read);
                read
            }
            Err(e) => {
                out.error(format!("read stopped part way ({e}): the rest not scanned"));
                0
            }
        };
        out.finish();
        read
    }
}

/// How long the run of bytes since the last delimiter is, as bytes pass.
#[derive(Default)]
struct RunLength {
    current: u64,
}

impl RunLength {
    /// Takes the next bytes read: the longest run among them, with what
    /// came before of the first. `delimiters` are one or two bytes.
    fn feed(&mut self, bytes: &[u8], delimiters: &[u8]) -> u64 {
        let (mut longest, mut last) = (0, 0);
        let mut end_run = |at: usize| {
            longest = longest.max(self.current + (at - last) as u64);
            self.current = 0;
            last = at + 1;
        };
        match delimiters {
            [one] => memchr::memchr_iter(*one, bytes).for_each(&mut end_run),
            [one, two, ..] => memchr::memchr2_iter(*one, *two, bytes).for_each(&mut end_run),
            [] => {}
        }
        self.current += (bytes.len() - last) as u64;
        longest.max(self.current)
    }
}

/// The length of the longest line of `source`.
fn longest_line(mut source: impl Read) -> std::io::Result<u64> {
    let mut buf = vec![0u8; 1 << 20];
    let (mut lines, mut longest) = (RunLength::default(), 0);
    loop {
        let n = source.read(&mut buf)?;
        if n == 0 {
            return Ok(longest);
        }
        longest = longest.max(lines.feed(&buf[..n], b"\n"));
    }
}

/// Reads `source` with `read`, hashing it as it passes (the rest too,
/// when `read` stops early): its BLAKE3 and length.
fn read_hashed<R: Read>(
    source: R,
    out: &mut Output<'_>,
    read: impl FnOnce(&mut Hashing<R>, &mut Output<'_>) -> std::io::Result<()>,
) -> std::io::Result<(String, u64)> {
    let mut hashing = Hashing {
        inner: source,
        hasher: blake3::Hasher::new(),
        read: 0,
    };
    read(&mut hashing, out)?;
    std::io::copy(&mut hashing, &mut std::io::sink())?;
    Ok((hashing.hasher.finalize().to_hex().to_string(), hashing.read))
}

/// A reader that refuses a run of more than `max` bytes between its
/// `delimiters` (one or two bytes), naming it `what`: a table read once
/// (a line longer than a row may be), a parser that holds a run whole
/// (XML's text between `<` and `>`).
pub(crate) struct ShortRuns<R> {
    inner: R,
    run: RunLength,
    delimiters: &'static [u8],
    max: u64,
    what: &'static str,
}

impl<R> ShortRuns<R> {
    pub(crate) fn new(inner: R, delimiters: &'static [u8], max: u64, what: &'static str) -> ShortRuns<R> {
        ShortRuns {
            inner,
            run: RunLength::default(),
            delimiters,
            max,
            what,
        }
    }
}

impl<R: Read> Read for ShortRuns<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if self.run.feed(&buf[..n], self.delimiters) > self.max {
            return Err(std::io::Error::other(format!(
                "{} over {} MiB",
                self.what,
                self.max >> 20
            )));
        }
        Ok(n)
    }
}

/// A reader that hashes and counts the bytes passing through it.
struct Hashing<R> {
    inner: R,
    hasher: blake3::Hasher,
    read: u64,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.read += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_line_is_measured_across_reads() {
        let mut text = vec![b'a'; 3 << 20];
        text.extend_from_slice(b"\nshort\n");
        text.extend_from_slice(&vec![b'b'; 1 << 20]);
        assert_eq!(longest_line(std::io::Cursor::new(&text)).unwrap(), 3 << 20);
        assert_eq!(longest_line(std::io::Cursor::new(b"")).unwrap(), 0);
    }
}
