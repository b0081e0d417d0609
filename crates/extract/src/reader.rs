//! The reader that dispatches each document to its format's reader,
//! descends into containers within the bounds, and reports every document,
//! readable or not, to the sink.

use crate::container::{Container, ContainerKind};
use crate::output::Output;
use crate::sniff::{self, Kind};
use crate::{
    cpa005, iso20022, json, ldif, mail, markup, msg, mt940, nacha, ofx, ole, onenote, ooxml, pdf, pgdump, pst, rtf,
    sheet, spreadsheetml, sqldump, sqlite, stream, table, text, tnef, vcard, wordperfect, write, xps, Limits,
    ReadBudget,
};
use breachscope_core::{Origin, Segment};
use chrono::NaiveDate;
use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;

/// One document's identity, given to the sink before its text.
#[derive(Debug, Clone)]
pub struct DocInfo {
    /// Display path: relative to the scanned root, `ARCHIVE!member` inside
    /// containers.
    pub path: String,
    pub size: u64,
    /// BLAKE3 of the document's bytes, lower-case hex.
    pub blake3: String,
    pub kind: Kind,
    /// The file's modification date (for a member, its archive entry's).
    pub modified: Option<NaiveDate>,
    /// 0 for a file, 1 for a member of it, and so on.
    pub depth: u32,
}

/// Receives documents as they are read. Calls come in the order
/// `begin`, `segment`..., `end` for each document; a container's members
/// follow its own `end`.
pub trait Sink {
    /// A document starts. Returning false skips its text (e.g. identical
    /// content was scanned already); a container's members are still read.
    fn begin(&mut self, info: &DocInfo) -> bool;
    /// A piece of the document's text; its first `skip` bytes repeat the
    /// previous piece (streamed text) and were seen already.
    fn segment(&mut self, segment: &Segment, skip: usize);
    /// The BLAKE3 and size of the document begun, when they are only
    /// known once its bytes were all read (a large text file is hashed as
    /// it streams, so that it is read once; a compressed one's size is
    /// only known inflated): they replace those of `begin`.
    fn hashed(&mut self, blake3: String, size: u64);
    /// The document ends, with its metadata dates and its problems.
    fn end(&mut self, meta_dates: Vec<NaiveDate>, errors: Vec<String>);
}

/// Reads the file at `path`, reported as `display`, and every document
/// inside it, holding large documents in memory within `budget` (shared
/// by every scanning thread).
pub fn read_path(path: &Path, display: &str, limits: &Limits, budget: &ReadBudget, sink: &mut dyn Sink) {
    let mut reader = Reader { limits, budget, sink };
    reader.file(path, display);
}

pub(crate) struct Reader<'a> {
    pub limits: &'a Limits,
    /// Taken from before a large document is read into memory.
    pub budget: &'a ReadBudget,
    pub sink: &'a mut dyn Sink,
}

impl Reader<'_> {
    fn file(&mut self, path: &Path, display: &str) {
        let unreadable = |reader: &mut Self, size: u64, e: std::io::Error| {
            reader.report_only(
                display,
                size,
                String::new(),
                Kind::Binary,
                None,
                0,
                format!("cannot read: {e}"),
            );
        };
        let metadata = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => return unreadable(self, 0, e),
        };
        let modified = metadata
            .modified()
            .ok()
            .map(|t| chrono::DateTime::<chrono::Utc>::from(t).date_naive());
        let size = metadata.len();
        if let Some((copy, compression)) = pgdump::directory_table(path) {
            if let Err(e) = self.pg_table_file(path, display, size, modified, &copy, compression) {
                unreadable(self, size, e);
            }
            return;
        }
        if size <= self.limits.max_in_memory {
            let _held = self.budget.hold(size);
            match std::fs::read(path) {
                Ok(bytes) => self.bytes(display, &bytes, modified, 0),
                Err(e) => unreadable(self, size, e),
            }
            return;
        }
        if let Err(e) = self.large_file(path, display, size, modified) {
            unreadable(self, size, e);
        }
    }

    /// A directory dump's table file on disk, its rows under `copy`.
    fn pg_table_file(
        &mut self,
        path: &Path,
        display: &str,
        size: u64,
        modified: Option<NaiveDate>,
        copy: &str,
        compression: Option<crate::tarball::Compression>,
    ) -> std::io::Result<()> {
        let info = DocInfo {
            path: display.to_string(),
            size,
            blake3: String::new(),
            kind: Kind::PgDump,
            modified,
            depth: 0,
        };
        let mut file = BufReader::new(File::open(path)?);
        self.pg_table(info, compression, u64::MAX, &mut file, copy)?;
        Ok(())
    }

    /// A directory dump's table file (on disk, or a zipped dump's
    /// member), `source`, its rows under `copy` and compressed as its name
    /// says: hashed as it is (at most `cap` bytes of it read), its rows
    /// read as they inflate, within the compression-ratio bound. Returns
    /// the bytes read.
    pub(crate) fn pg_table(
        &mut self,
        mut info: DocInfo,
        compression: Option<crate::tarball::Compression>,
        cap: u64,
        source: &mut dyn stream::Reopen,
        copy: &str,
    ) -> std::io::Result<u64> {
        let Some(compressed) = compression else {
            return Ok(self.stream_pg_table(info, cap, stream::Source::Reopen(source), copy));
        };
        let mut hasher = blake3::Hasher::new();
        let read = std::io::copy(&mut source.reopen()?.take(cap), &mut hasher)?;
        info.blake3 = hasher.finalize().to_hex().to_string();
        let rows: Box<dyn Read> = Box::new(crate::tarball::decompressed(compressed, source.reopen()?.take(cap))?);
        let expanded = read.saturating_mul(self.limits.max_ratio);
        self.stream_pg_table(info, expanded, stream::Source::Once(rows), copy);
        Ok(read)
    }

    /// A file too large to hold whole: zips are read member by member,
    /// text is streamed, formats that need the whole file are bounded.
    fn large_file(
        &mut self,
        path: &Path,
        display: &str,
        size: u64,
        modified: Option<NaiveDate>,
    ) -> std::io::Result<()> {
        let mut file = BufReader::new(File::open(path)?);
        let mut head = vec![0u8; sniff::HEAD];
        let n = file.read(&mut head)?;
        head.truncate(n);
        file.seek(SeekFrom::Start(0))?;
        let names = if head.starts_with(b"PK") {
            sniff::zip_names(&mut file)
        } else {
            Vec::new()
        };
        let kind = sniff::kind_of(display, &head, Some(&names));
        let mut info = DocInfo {
            path: display.to_string(),
            size,
            blake3: String::new(),
            kind,
            modified,
            depth: 0,
        };
        // Text is hashed as it streams.
        if stream::streams(kind) {
            self.stream_text(info, u64::MAX, stream::Source::Reopen(&mut file));
            return Ok(());
        }
        let unread = kind.is_known_unread();
        let container = ContainerKind::of(kind);
        let whole = container.is_none() && !matches!(kind, Kind::Mbox | Kind::MailStore) && !unread;
        if whole && size <= self.limits.max_whole_file {
            let _held = self.budget.hold(size);
            let bytes = std::fs::read(path)?;
            self.bytes(display, &bytes, modified, 0);
            return Ok(());
        }
        let mut hasher = blake3::Hasher::new();
        hasher.update_reader(File::open(path)?)?;
        info.blake3 = hasher.finalize().to_hex().to_string();
        let wanted = self.sink.begin(&info);
        file.seek(SeekFrom::Start(0))?;
        if let Some(container) = container {
            self.container(container, file, wanted, display, size, modified, 0);
            return Ok(());
        }
        if kind == Kind::MailStore {
            pst::read(self, file, wanted, display, modified, 0);
            return Ok(());
        }
        let mut out = Output::new(self.sink, wanted, self.limits.max_text_bytes);
        match kind {
            // A mail export of gigabytes: its messages one at a time.
            Kind::Mbox => {
                out.finish();
                mail::stream_mbox(BufReader::new(file), mail::MAX_STREAMED_MESSAGE, |number, message| {
                    let child = format!("{display}!message-{number}.eml");
                    match message {
                        Ok(bytes) => {
                            let _held = self.budget.hold(bytes.len() as u64);
                            self.bytes(&child, bytes, modified, 1)
                        }
                        Err(size) => self.report_only(
                            &child,
                            size,
                            String::new(),
                            Kind::Eml,
                            modified,
                            1,
                            format!(
                                "message of {} MiB, over the {} MiB bound for one message of an mbox: not scanned",
                                size >> 20,
                                mail::MAX_STREAMED_MESSAGE >> 20
                            ),
                        ),
                    }
                })?;
            }
            kind if kind.is_known_unread() => {
                out.error(unread_reason(&head));
                out.finish();
            }
            _ => {
                out.error(format!(
                    "{} file of {} MiB is over the {} MiB bound for formats read whole: not scanned",
                    kind.name(),
                    size >> 20,
                    self.limits.max_whole_file >> 20
                ));
                out.finish();
            }
        }
        Ok(())
    }

    /// Opens the container in `source` (its document begun, `wanted` as
    /// the sink said) and reads the documents it holds, or reports what
    /// is wrong with it.
    #[allow(clippy::too_many_arguments)]
    fn container<R: Read + Seek>(
        &mut self,
        container: ContainerKind,
        source: R,
        wanted: bool,
        display: &str,
        size: u64,
        modified: Option<NaiveDate>,
        depth: u32,
    ) {
        let mut out = Output::new(self.sink, wanted, self.limits.max_text_bytes);
        match Container::open(container, source) {
            Ok(opened) => {
                out.finish();
                opened.walk(self, display, size, modified, depth);
            }
            Err(error) => {
                out.error(error);
                out.finish();
            }
        }
    }

    /// Reports a document that could not be opened at all.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn report_only(
        &mut self,
        display: &str,
        size: u64,
        blake3: String,
        kind: Kind,
        modified: Option<NaiveDate>,
        depth: u32,
        error: String,
    ) {
        let info = DocInfo {
            path: display.to_string(),
            size,
            blake3,
            kind,
            modified,
            depth,
        };
        self.sink.begin(&info);
        self.sink.end(Vec::new(), vec![error]);
    }

    /// Reads a document held in memory, and the documents inside it.
    pub(crate) fn bytes(&mut self, display: &str, bytes: &[u8], modified: Option<NaiveDate>, depth: u32) {
        let names = if bytes.starts_with(b"PK") {
            sniff::zip_names(Cursor::new(bytes))
        } else {
            Vec::new()
        };
        let kind = sniff::kind_of(display, &bytes[..bytes.len().min(sniff::HEAD)], Some(&names));
        let blake3 = blake3::hash(bytes).to_hex().to_string();
        if depth > self.limits.max_depth {
            let error = format!(
                "nested {depth} deep, over the bound of {}: not opened",
                self.limits.max_depth
            );
            return self.report_only(display, bytes.len() as u64, blake3, kind, modified, depth, error);
        }
        let info = DocInfo {
            path: display.to_string(),
            size: bytes.len() as u64,
            blake3,
            kind,
            modified,
            depth,
        };
        let wanted = self.sink.begin(&info);
        if let Some(container) = ContainerKind::of(kind) {
            let size = bytes.len() as u64;
            return self.container(container, Cursor::new(bytes), wanted, display, size, modified, depth);
        }
        if kind == Kind::MailStore {
            // The store's reader keeps its source: a copy, within the
            // bound that let these bytes be held.
            return pst::read(self, Cursor::new(bytes.to_vec()), wanted, display, modified, depth);
        }
        let mut out = Output::new(self.sink, wanted, self.limits.max_text_bytes);
        let mut children: Vec<(String, Vec<u8>)> = Vec::new();
        match kind {
            Kind::Json => json::read(bytes, &mut out),
            Kind::Text | Kind::Log | Kind::Markdown => {
                if out.wanted() {
                    out.segment(Segment::new(text::decode(bytes), Origin::TextOffset(0)));
                }
            }
            Kind::Csv | Kind::Tsv => table::read_delimited(bytes, kind == Kind::Tsv, &mut out),
            Kind::Html | Kind::Xml => markup::read(bytes, kind, &mut out),
            Kind::Rtf => rtf::read(bytes, &mut out),
            Kind::Write => write::read(bytes, &mut out),
            Kind::WordPerfect => wordperfect::read(bytes, &mut out),
            Kind::Docx | Kind::Pptx | Kind::Vsdx | Kind::Odt | Kind::Odp => ooxml::read(bytes, kind, &mut out),
            Kind::Xps => xps::read(bytes, &mut out),
            Kind::OneNote => onenote::read(bytes, &mut out, &mut children),
            Kind::Xlsx | Kind::Xlsb | Kind::Xls | Kind::Ods => sheet::read(bytes, kind, &mut out),
            Kind::Pdf => pdf::read(bytes, &mut out, &mut children),
            Kind::Eml => mail::read_message(bytes, &mut out, &mut children),
            Kind::Mbox => mail::split_mbox(bytes, &mut out, &mut children),
            Kind::Msg => msg::read_outlook(bytes, &mut out, &mut children),
            Kind::Tnef => tnef::read(bytes, &mut out, &mut children),
            Kind::Doc | Kind::Ppt | Kind::Publisher | Kind::Works | Kind::Vsd | Kind::Ole => {
                ole::read(bytes, &mut out, &mut children)
            }
            Kind::Sqlite => sqlite::read(bytes, &mut out),
            Kind::Sql => {
                if let Err(e) = sqldump::read(bytes, false, &mut out) {
                    out.error(format!("SQL dump: {e}"));
                }
            }
            Kind::VCard | Kind::Calendar => vcard::read(bytes, &mut out),
            Kind::Ldif => ldif::read(bytes, &mut out),
            Kind::Cpa005 => cpa005::read(bytes, &mut out),
            Kind::Nacha => nacha::read(bytes, &mut out),
            Kind::Mt940 => mt940::read(bytes, &mut out),
            Kind::SpreadsheetMl => spreadsheetml::read(bytes, &mut out),
            Kind::PgDump => {
                let max_expanded = (bytes.len() as u64).saturating_mul(self.limits.max_ratio);
                if let Err(e) = pgdump::read(bytes, max_expanded, &mut out) {
                    out.error(format!("{e}: the rest not read"));
                }
            }
            Kind::Ofx => ofx::read(bytes, &mut out),
            Kind::Iso20022 => {
                if let Err(e) = iso20022::read(bytes, &mut out) {
                    out.error(format!("ISO 20022 message: {e}: the rest not read"));
                }
            }
            Kind::Image | Kind::Database => out.error(unread_reason(bytes)),
            Kind::Binary => out.error(binary_reason(display)),
            Kind::Link => out.error(format!("symbolic link: {LINK_NOT_FOLLOWED}")),
            Kind::Special => out.error("not a regular file: not read"),
            // Walked above.
            Kind::MailStore
            | Kind::Zip
            | Kind::SevenZip
            | Kind::Rar
            | Kind::Tar
            | Kind::Gzip
            | Kind::Xz
            | Kind::Zstd
            | Kind::Lz4 => {}
        }
        match kind {
            Kind::Docx | Kind::Pptx | Kind::Vsdx | Kind::Xlsx | Kind::Xlsb => {
                ooxml::embedded_files(bytes, &mut out, &mut children)
            }
            Kind::Doc | Kind::Xls | Kind::Ppt | Kind::Publisher | Kind::Works | Kind::Vsd | Kind::Ole => {
                ole::dates_and_objects(bytes, &mut out, &mut children)
            }
            Kind::Rtf => rtf::objects(bytes, &mut out, &mut children),
            _ => {}
        }
        out.finish();
        for (name, data) in children {
            self.bytes(&format!("{display}!{}", child_name(&name)), &data, modified, depth + 1);
        }
    }
}

/// Why a symbolic link met in a folder is listed, not scanned.
pub const LINK_NOT_FOLLOWED: &str =
    "not followed (it may lead out of the evidence); what it points to is scanned only where the evidence holds it";

/// Longest name shown for an attachment or embedded file, in characters.
const MAX_CHILD_NAME: usize = 255;

/// An attachment's or embedded file's name as its path shows it: the `!`
/// that separates containers and the slashes of a path replaced, control
/// characters too, and at most `MAX_CHILD_NAME` characters. Names come
/// from the evidence: they are only ever shown, never opened.
pub(crate) fn child_name(raw: &str) -> String {
    let name: String = raw
        .trim()
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '!' | '/' | '\\') {
                '_'
            } else {
                c
            }
        })
        .take(MAX_CHILD_NAME)
        .collect();
    if name.is_empty() {
        "unnamed".to_string()
    } else {
        name
    }
}

/// Why a format known by its first bytes (`head`) was not read.
fn unread_reason(head: &[u8]) -> String {
    match sniff::unread_format(head) {
        Some((Kind::Image, name)) => {
            format!("{name} image: its text would need OCR, which breachscope does not do; not scanned")
        }
        Some((Kind::Database, name)) => {
            format!("{name}: unsupported format; not scanned (export its tables as SQL or CSV to scan them)")
        }
        Some((_, name)) => format!("{name} archive: unsupported format; its members were not scanned"),
        None => "unsupported format: not scanned".to_string(),
    }
}

/// Why binary content was not scanned, naming a format its name claims.
fn binary_reason(display: &str) -> String {
    let name = display.rsplit(['/', '!']).next().unwrap_or(display);
    match name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()) {
        Some(ext) if !ext.is_empty() && ext.len() <= 5 => {
            format!("content does not match its .{ext} name and is no supported format: not scanned")
        }
        _ => "binary content of no supported format: not scanned".to_string(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A sink that keeps everything, for tests.
    #[derive(Default)]
    pub(crate) struct Collect {
        pub docs: Vec<(DocInfo, String, Vec<NaiveDate>, Vec<String>)>,
    }

    impl Sink for Collect {
        fn begin(&mut self, info: &DocInfo) -> bool {
            self.docs.push((info.clone(), String::new(), Vec::new(), Vec::new()));
            true
        }
        fn segment(&mut self, segment: &Segment, skip: usize) {
            let doc = self.docs.last_mut().expect("begun");
            doc.1.push_str(&segment.text[skip..]);
            doc.1.push('\n');
        }
        fn hashed(&mut self, blake3: String, size: u64) {
            let info = &mut self.docs.last_mut().expect("begun").0;
            (info.blake3, info.size) = (blake3, size);
        }
        fn end(&mut self, meta_dates: Vec<NaiveDate>, errors: Vec<String>) {
            let doc = self.docs.last_mut().expect("begun");
            doc.2 = meta_dates;
            doc.3 = errors;
        }
    }

    /// The text a streaming reader (`read`) makes of `bytes`, a document
    /// of `kind`, as the sink receives it: each segment followed by a line
    /// break.
    pub(crate) fn streamed(
        kind: Kind,
        bytes: &[u8],
        read: impl FnOnce(&[u8], &mut Output<'_>) -> std::io::Result<()>,
    ) -> String {
        let mut sink = Collect::default();
        let info = DocInfo {
            path: format!("dump.{}", kind.name()),
            size: bytes.len() as u64,
            blake3: String::new(),
            kind,
            modified: None,
            depth: 0,
        };
        sink.begin(&info);
        let mut out = Output::new(&mut sink, true, usize::MAX);
        read(bytes, &mut out).unwrap();
        out.finish();
        sink.docs.remove(0).1
    }

    /// The bytes of `relative` (under `documents/`) in the shared public
    /// corpus (`../shared/corpus`, or `BREACHSCOPE_CORPUS`), for formats
    /// no free tool here writes; None, saying so, when it is absent.
    pub(crate) fn corpus_file(relative: &str) -> Option<Vec<u8>> {
        let corpus = std::env::var_os("BREACHSCOPE_CORPUS")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
        let path = corpus.join("documents").join(relative);
        let bytes = std::fs::read(&path);
        if bytes.is_err() {
            println!("skipped: no corpus file at {}", path.display());
        }
        bytes.ok()
    }

    pub(crate) fn read_bytes(name: &str, bytes: &[u8], limits: &Limits) -> Collect {
        let mut sink = Collect::default();
        Reader {
            limits,
            budget: &ReadBudget::default(),
            sink: &mut sink,
        }
        .bytes(name, bytes, None, 0);
        sink
    }

    #[test]
    fn child_names_are_shown_safely() {
        assert_eq!(child_name("bank.csv"), "bank.csv");
        assert_eq!(child_name("files/../a!b\\c\n.pdf"), "files_.._a_b_c_.pdf");
        assert_eq!(child_name("  "), "unnamed");
        assert_eq!(child_name(&"x".repeat(10_000)).len(), MAX_CHILD_NAME);
    }

    #[test]
    fn text_document_is_read_whole() {
        let docs = read_bytes("notes.txt", "SIN: 130 692 544".as_bytes(), &Limits::default()).docs;
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].0.kind, Kind::Text);
        assert!(docs[0].1.contains("130 692 544"));
        assert_eq!(docs[0].0.blake3.len(), 64);
    }

    #[test]
    fn unsupported_and_binary_are_reported_with_reasons() {
        let docs = read_bytes(
            "x.pdf",
            &[0x00, 0x9f, 0x92, 0x96, 0x01, 0x02, 0x03, 0x04],
            &Limits::default(),
        )
        .docs;
        assert_eq!(docs[0].0.kind, Kind::Binary);
        assert!(docs[0].3[0].contains("not scanned"), "{:?}", docs[0].3);
        let docs = read_bytes("x.msg", &[0xD0, 0xCF, 0x11, 0xE0, 1, 2, 3], &Limits::default()).docs;
        assert!(docs[0].3[0].contains(".msg"), "{:?}", docs[0].3);
    }

    /// `bytes` read from a file named `name`, as one too large to hold
    /// (over a 1 KiB bound).
    pub(crate) fn read_large(name: &str, bytes: &[u8]) -> Collect {
        let path = std::env::temp_dir().join(format!("breachscope-{}-{name}", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        let limits = Limits {
            max_in_memory: 1024,
            ..Limits::default()
        };
        let mut sink = Collect::default();
        read_path(&path, name, &limits, &ReadBudget::default(), &mut sink);
        std::fs::remove_file(&path).unwrap();
        sink
    }

    #[test]
    fn a_large_text_file_is_read_once_and_hashed_as_it_streams() {
        let text = "Contact: jane@example.ca\n".repeat(2_000);
        let sink = read_large("big.txt", text.as_bytes());
        let (info, streamed, _, errors) = &sink.docs[0];
        assert_eq!(info.blake3, blake3::hash(text.as_bytes()).to_hex().to_string());
        assert!(errors.is_empty(), "{errors:?}");
        assert!(streamed.contains("jane@example.ca"));
    }

    #[test]
    fn a_large_csv_streams_with_its_header_labels_to_the_last_row() {
        // Windows-1252, as Excel writes CSV, and over two decoding chunks.
        let mut csv = b"Nom;NAS;Ville\n".to_vec();
        for _ in 0..60_000 {
            csv.extend(b"Luc Gagnon;130 692 544;Montr\xe9al\n");
        }
        csv.extend(b"Marie Tremblay;046 454 286;Qu\xe9bec\n");
        let sink = read_large("export.csv", &csv);
        let (info, text, _, errors) = &sink.docs[0];
        assert_eq!(info.blake3, blake3::hash(&csv).to_hex().to_string());
        assert!(errors.is_empty(), "{errors:?}");
        assert!(
            text.ends_with("Nom: Marie Tremblay\tNAS: 046 454 286\tVille: Québec\n"),
            "{:?}",
            &text[text.len() - 80..]
        );
    }

    /// A zip of `members`, deflated.
    fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in members {
            zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            std::io::Write::write_all(&mut zip, bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn a_text_member_too_large_to_hold_is_streamed_whole() {
        // Held whole, a member's text stopped at the text bound; streamed,
        // the header labels the last row too.
        let mut csv = b"Nom;NAS\n".to_vec();
        for i in 0..200 {
            csv.extend(format!("Client {i};000 000 000\n").bytes());
        }
        csv.extend(b"Marie Tremblay;046 454 286\n");
        let sink = read_large("dump.zip", &zip_of(&[("export.csv", &csv)]));
        let (info, text, _, errors) = &sink.docs[1];
        assert_eq!(info.path, "dump.zip!export.csv");
        assert_eq!((info.kind, info.depth), (Kind::Csv, 1));
        assert_eq!(info.blake3, blake3::hash(&csv).to_hex().to_string());
        assert!(errors.is_empty(), "{errors:?}");
        assert!(text.ends_with("Nom: Marie Tremblay\tNAS: 046 454 286\n"), "{text:?}");
    }

    #[test]
    fn a_streamed_member_stops_at_the_ratio_bound_and_a_damaged_one_where_it_breaks() {
        let bomb = vec![b'a'; 4 << 20];
        let sink = read_large("bomb.zip", &zip_of(&[("a.txt", &bomb)]));
        let errors = &sink.docs[1].3;
        assert!(errors[0].contains("expands past 1 MiB"), "{errors:?}");

        // Damaged past the first chunk streamed: what came before is kept.
        let text: Vec<u8> = (0..400_000u32)
            .flat_map(|i| format!("line {i} of the letter\n").into_bytes())
            .collect();
        let mut damaged = zip_of(&[("letter.txt", &text)]);
        let middle = damaged.len() * 3 / 4;
        for byte in &mut damaged[middle..middle + 64] {
            *byte = !*byte;
        }
        let sink = read_large("damaged.zip", &damaged);
        let (info, text, _, errors) = &sink.docs[1];
        assert_eq!(info.path, "damaged.zip!letter.txt");
        assert!(text.starts_with("line 0 of the letter"), "{:?}", &text[..40]);
        assert!(errors.iter().any(|e| e.contains("read stopped part way")), "{errors:?}");
    }

    #[test]
    fn pictures_and_unread_containers_say_why_they_were_not_scanned() {
        let limits = Limits::default();
        let png = read_bytes("void-cheque.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", &limits);
        assert_eq!(png.docs[0].0.kind, Kind::Image);
        assert!(png.docs[0].3[0].contains("OCR"), "{:?}", png.docs[0].3);
        let pst = read_bytes("mail.pst", b"!BDN\x00\x00\x00\x00", &limits);
        assert_eq!(pst.docs[0].0.kind, Kind::MailStore);
        assert!(pst.docs[0].3[0].contains("truncated header"), "{:?}", pst.docs[0].3);
        let rar = read_bytes("backup.rar", b"Rar!\x1a\x07\x01\0", &limits);
        assert!(rar.docs[1].3[0].contains("cut short"), "{:?}", rar.docs);
        let access = read_bytes("crm.accdb", b"\0\x01\0\0Standard ACE DB\0\x02\0\0", &limits);
        let why =
            "Microsoft Access database: unsupported format; not scanned (export its tables as SQL or CSV to scan them)";
        assert_eq!(access.docs[0].3, [why]);
        // Past the in-memory bound, said so without being read whole.
        let mut large = b"\0\x01\0\0Standard Jet DB\0".to_vec();
        large.resize(4096, 0);
        let access = read_large("big.mdb", &large);
        assert_eq!(
            (access.docs[0].0.kind, &access.docs[0].3[..]),
            (Kind::Database, &[why.to_string()][..])
        );
        assert_eq!(access.docs[0].0.blake3.len(), 64, "hashed as it is read");
    }
}
