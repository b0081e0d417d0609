//! What format a document is, from its first bytes, then its name.

use std::io::{Read, Seek};

/// A document format breachscope reads (or knows it cannot).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Csv,
    Tsv,
    Json,
    Xml,
    Html,
    Markdown,
    Log,
    Rtf,
    Docx,
    Pptx,
    /// A Visio 2013+ drawing (`.vsdx`, `.vsdm`).
    Vsdx,
    /// An XPS or OpenXPS document (`.xps`, `.oxps`).
    Xps,
    Xlsx,
    /// Excel's binary workbook (`.xlsb`).
    Xlsb,
    Xls,
    Odt,
    Ods,
    Odp,
    Pdf,
    Eml,
    Mbox,
    Msg,
    Zip,
    /// A tar archive.
    Tar,
    /// A gzip-compressed file (a compressed tar among them).
    Gzip,
    /// An xz-compressed file (a compressed tar among them).
    Xz,
    /// A zstd-compressed file (a compressed tar among them).
    Zstd,
    /// An LZ4-compressed file (a compressed tar among them).
    Lz4,
    /// A 7-Zip archive.
    SevenZip,
    /// An SQLite database.
    Sqlite,
    /// An SQL dump (mysqldump, pg_dump, SQLite's `.dump`).
    Sql,
    /// Contact cards (vCard, `.vcf`).
    VCard,
    /// A calendar (iCalendar, `.ics`).
    Calendar,
    /// A directory's export (LDIF, `.ldif`, `.ldf`).
    Ldif,
    /// An EFT payment file in Payments Canada's Standard 005 (CPA-005).
    Cpa005,
    /// An ACH payment file in the NACHA format.
    Nacha,
    /// A bank or card statement downloaded as OFX (`.ofx`, `.qfx`, `.qbo`).
    Ofx,
    /// An ISO 20022 payment file or bank statement (pain, pacs, camt XML).
    Iso20022,
    /// A SWIFT MT940 or MT942 bank statement.
    Mt940,
    /// A PostgreSQL custom-format dump (`pg_dump -Fc`).
    PgDump,
    /// Excel's XML Spreadsheet 2003 (SpreadsheetML), `.xml` or `.xls`.
    SpreadsheetMl,
    /// Outlook's TNEF encapsulation (`winmail.dat`).
    Tnef,
    /// Word 97-2003 (`.doc`, `.dot`).
    Doc,
    /// PowerPoint 97-2003 (`.ppt`, `.pps`, `.pot`).
    Ppt,
    /// Microsoft Publisher (`.pub`).
    Publisher,
    /// Microsoft Works word processor (`.wps`).
    Works,
    /// Windows Write (`.wri`) or Word for DOS document.
    Write,
    /// WordPerfect 5.x or 6 to X9 document (`.wpd`, `.wp`, `.wp5`, `.wp6`).
    WordPerfect,
    /// Visio 2000 to 2010 drawing (`.vsd`, `.vss` stencil, `.vst` template).
    Vsd,
    /// A OneNote section (`.one`), or a notebook's table of contents
    /// (`.onetoc2`), as saved on a disk or downloaded from OneDrive.
    OneNote,
    /// Other OLE compound files.
    Ole,
    /// A picture: its text, if any, would need OCR.
    Image,
    /// An Outlook `.pst`/`.ost` mail store.
    MailStore,
    /// A RAR archive (RAR 4 or 5): its members listed, stored ones read.
    Rar,
    /// A database or database backup breachscope does not open (Access,
    /// pg_dump's custom format, SQL Server's `.bak`).
    Database,
    /// A symbolic link met in a folder: not followed (it may lead out of
    /// the evidence, or round in a loop).
    Link,
    /// A named pipe, socket or device met in a folder: not read.
    Special,
    Binary,
}

impl Kind {
    /// The `kind` field of reports.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Text => "txt",
            Kind::Csv => "csv",
            Kind::Tsv => "tsv",
            Kind::Json => "json",
            Kind::Xml => "xml",
            Kind::Html => "html",
            Kind::Markdown => "md",
            Kind::Log => "log",
            Kind::Rtf => "rtf",
            Kind::Docx => "docx",
            Kind::Pptx => "pptx",
            Kind::Vsdx => "vsdx",
            Kind::Xps => "xps",
            Kind::Xlsx => "xlsx",
            Kind::Xlsb => "xlsb",
            Kind::Xls => "xls",
            Kind::Odt => "odt",
            Kind::Ods => "ods",
            Kind::Odp => "odp",
            Kind::Pdf => "pdf",
            Kind::Eml => "eml",
            Kind::Mbox => "mbox",
            Kind::Msg => "msg",
            Kind::Zip => "zip",
            Kind::Tar => "tar",
            Kind::Gzip => "gzip",
            Kind::Xz => "xz",
            Kind::Zstd => "zstd",
            Kind::Lz4 => "lz4",
            Kind::SevenZip => "7z",
            Kind::Sqlite => "sqlite",
            Kind::Sql => "sql",
            Kind::VCard => "vcf",
            Kind::Calendar => "ics",
            Kind::Ldif => "ldif",
            Kind::Cpa005 => "cpa005",
            Kind::Nacha => "nacha",
            Kind::Ofx => "ofx",
            Kind::Iso20022 => "iso20022",
            Kind::Mt940 => "mt940",
            Kind::PgDump => "pgdump",
            Kind::SpreadsheetMl => "xls-xml",
            Kind::Tnef => "tnef",
            Kind::Doc => "doc",
            Kind::Ppt => "ppt",
            Kind::Publisher => "pub",
            Kind::Works => "wps",
            Kind::Vsd => "vsd",
            Kind::OneNote => "one",
            Kind::Write => "wri",
            Kind::WordPerfect => "wpd",
            Kind::Ole => "ole",
            Kind::Image => "image",
            Kind::MailStore => "pst",
            Kind::Rar => "rar",
            Kind::Database => "database",
            Kind::Link => "link",
            Kind::Special => "special",
            Kind::Binary => "binary",
        }
    }

    /// Whether the format is one known by its first bytes that breachscope
    /// does not read (`unread_format`): reported with its reason, never
    /// read whole.
    pub fn is_known_unread(self) -> bool {
        matches!(self, Kind::Image | Kind::Database)
    }

    /// Whether the format only holds other documents (an archive, a
    /// compressed file, a mailbox or mail store), each recorded as its
    /// member: what it holds is its members'.
    pub fn holds_members_only(self) -> bool {
        crate::container::ContainerKind::of(self).is_some() || matches!(self, Kind::Mbox | Kind::MailStore)
    }

    /// Whether the format is read as (possibly streamed) plain text.
    pub fn is_plain_text(self) -> bool {
        matches!(
            self,
            Kind::Text | Kind::Json | Kind::Log | Kind::Markdown | Kind::Csv | Kind::Tsv
        )
    }
}

fn extension(name: &str) -> String {
    let base = name.rsplit(['/', '\\', '!']).next().unwrap_or(name);
    base.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// How many first bytes a document's kind is told from.
pub(crate) const HEAD: usize = 8192;

/// The kind of a document from its name and first bytes. `zip_names`
/// lists the entries when the bytes are a zip, to tell OOXML and ODF apart.
pub fn kind_of(name: &str, head: &[u8], zip_names: Option<&[String]>) -> Kind {
    let ext = extension(name);
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        let names = zip_names.unwrap_or(&[]);
        let has = |n: &str| names.iter().any(|x| x == n);
        if has("word/document.xml") {
            return Kind::Docx;
        }
        if has("xl/workbook.xml") {
            return Kind::Xlsx;
        }
        if has("xl/workbook.bin") {
            return Kind::Xlsb;
        }
        if has("ppt/presentation.xml") {
            return Kind::Pptx;
        }
        if has("visio/document.xml") {
            return Kind::Vsdx;
        }
        if names.iter().any(|n| n.to_ascii_lowercase().ends_with(".fpage")) {
            return Kind::Xps;
        }
        if has("content.xml") {
            return match ext.as_str() {
                "ods" | "ots" => Kind::Ods,
                "odp" | "otp" => Kind::Odp,
                _ => Kind::Odt,
            };
        }
        // A broken container keeps the kind its name gives, so that its
        // reader reports it as a corrupt docx, not as an odd zip.
        if names.is_empty() {
            match ext.as_str() {
                "docx" | "docm" => return Kind::Docx,
                "xlsx" | "xlsm" => return Kind::Xlsx,
                "xlsb" => return Kind::Xlsb,
                "pptx" | "pptm" => return Kind::Pptx,
                "vsdx" | "vsdm" => return Kind::Vsdx,
                "xps" | "oxps" => return Kind::Xps,
                "odt" => return Kind::Odt,
                "ods" => return Kind::Ods,
                "odp" => return Kind::Odp,
                _ => {}
            }
        }
        return Kind::Zip;
    }
    if head.starts_with(b"%PDF") || (head.len() > 4 && head[..head.len().min(1024)].windows(5).any(|w| w == b"%PDF-")) {
        return Kind::Pdf;
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return match ext.as_str() {
            "xls" | "xlt" => Kind::Xls,
            "msg" => Kind::Msg,
            "doc" | "dot" => Kind::Doc,
            "ppt" | "pps" | "pot" => Kind::Ppt,
            "pub" => Kind::Publisher,
            "wps" => Kind::Works,
            "vsd" | "vss" | "vst" => Kind::Vsd,
            _ => Kind::Ole,
        };
    }
    if head.starts_with(b"{\\rtf") {
        return Kind::Rtf;
    }
    if crate::onenote::is_onenote(head) {
        return Kind::OneNote;
    }
    if crate::write::is_write(head) {
        return Kind::Write;
    }
    if crate::wordperfect::is_wordperfect(head) {
        return Kind::WordPerfect;
    }
    if head.starts_with(b"\x1f\x8b\x08") {
        return Kind::Gzip;
    }
    if head.starts_with(b"\xfd7zXZ\0") {
        return Kind::Xz;
    }
    if head.starts_with(b"\x28\xb5\x2f\xfd") {
        return Kind::Zstd;
    }
    // An LZ4 frame, or the legacy format `lz4 -l` writes.
    if head.starts_with(b"\x04\x22\x4d\x18") || head.starts_with(b"\x02\x21\x4c\x18") {
        return Kind::Lz4;
    }
    if head.starts_with(&crate::tnef::SIGNATURE) {
        return Kind::Tnef;
    }
    if head.get(257..262) == Some(b"ustar".as_slice()) {
        return Kind::Tar;
    }
    if head.starts_with(crate::sevenz::SIGNATURE) {
        return Kind::SevenZip;
    }
    if head.starts_with(crate::rar::SIGNATURE_4) || head.starts_with(crate::rar::SIGNATURE_5) {
        return Kind::Rar;
    }
    if head.starts_with(crate::sqlite::SIGNATURE) {
        return Kind::Sqlite;
    }
    if crate::pgdump::looks_like(head) {
        return Kind::PgDump;
    }
    if let Some((kind, _)) = unread_format(head) {
        return kind;
    }
    if let Some(kind) = card_or_calendar(head) {
        return kind;
    }
    // Whatever its name: banks' files are `.xml`, `.txt` or numbered.
    if crate::iso20022::looks_like(head) {
        return Kind::Iso20022;
    }
    if crate::spreadsheetml::looks_like(head) {
        return Kind::SpreadsheetMl;
    }
    match ext.as_str() {
        "eml" => return Kind::Eml,
        "mbox" | "mbx" => return Kind::Mbox,
        "msg" => return Kind::Msg,
        "csv" => return Kind::Csv,
        "tsv" | "tab" => return Kind::Tsv,
        "json" | "jsonl" | "ndjson" => return Kind::Json,
        "xml" => return Kind::Xml,
        "html" | "htm" | "xhtml" => return Kind::Html,
        "md" | "markdown" => return Kind::Markdown,
        "log" => return Kind::Log,
        "sql" => return Kind::Sql,
        "rtf" => return Kind::Rtf,
        "vcf" | "vcard" => return Kind::VCard,
        "ics" | "ical" => return Kind::Calendar,
        "ldif" | "ldf" => return Kind::Ldif,
        "ofx" | "qfx" | "qbo" => return Kind::Ofx,
        _ => {}
    }
    if head.starts_with(b"From ") {
        return Kind::Mbox;
    }
    // A script saved as UTF-16 (SQL Server Management Studio's) is told
    // by its text.
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    let decoded = utf16.then(|| crate::text::decode(head));
    if looks_like_sql_dump(decoded.as_deref().map_or(head, str::as_bytes)) {
        return Kind::Sql;
    }
    if crate::cpa005::looks_like(head) {
        return Kind::Cpa005;
    }
    if crate::nacha::looks_like(head) {
        return Kind::Nacha;
    }
    if crate::mt940::looks_like(head) {
        return Kind::Mt940;
    }
    if crate::ofx::looks_like(head) {
        return Kind::Ofx;
    }
    if looks_like_ldif(head) {
        return Kind::Ldif;
    }
    if looks_like_mail(head) {
        return Kind::Eml;
    }
    if !crate::text::looks_textual(head) {
        return Kind::Binary;
    }
    let text = decoded.map_or_else(|| String::from_utf8_lossy(head), std::borrow::Cow::Owned);
    let whole = head.len() < HEAD;
    if looks_separated(&text, whole, '\t', 1) {
        Kind::Tsv
    } else if looks_separated(&text, whole, ',', 2) && header_cells_are_short(&text) {
        Kind::Csv
    } else {
        Kind::Text
    }
}

/// Whether a text (its first bytes, `whole` when they are all of it) is a
/// table whose cells `separator` sets apart, whatever its name: Excel's
/// "Unicode Text" export (`.txt`, UTF-16), a database tool's, a CSV export
/// saved as `.txt`. Its first lines (twenty at most, `rows` at least
/// after the first) each hold the same number of separators, two or more,
/// outside quotes.
fn looks_separated(text: &str, whole: bool, separator: char, rows: usize) -> bool {
    let complete = if whole {
        text
    } else {
        text.rsplit_once('\n').map_or("", |(lines, _)| lines)
    };
    let mut lines = complete.lines().filter(|line| !line.trim().is_empty()).take(20);
    let Some(first) = lines.next() else {
        return false;
    };
    let count = |line: &str| {
        let mut quoted = false;
        line.chars()
            .filter(|&c| {
                quoted ^= c == '"';
                c == separator && !quoted
            })
            .count()
    };
    let cells = count(first);
    let mut seen = 0;
    for line in lines {
        if count(line) != cells {
            return false;
        }
        seen += 1;
    }
    cells >= 2 && seen >= rows
}

/// Whether the first line of `text` reads as a table's header, not a
/// sentence: it ends with no sentence's mark, and each of its
/// comma-separated cells is a label's length (four words at most).
fn header_cells_are_short(text: &str) -> bool {
    const HEADER_CELL: usize = 40;
    const HEADER_WORDS: usize = 4;
    text.lines().next().is_some_and(|header| {
        !header.trim_end().ends_with(['.', '!', '?'])
            && header.split(',').all(|cell| {
                let cell = cell.trim();
                cell.len() <= HEADER_CELL && cell.split_whitespace().count() <= HEADER_WORDS
            })
    })
}

/// Formats known by their first bytes that breachscope does not read:
/// their kind, and their name for the reason given.
pub fn unread_format(head: &[u8]) -> Option<(Kind, &'static str)> {
    const MAGIC: &[(&[u8], Kind, &str)] = &[
        (b"\x89PNG\r\n\x1a\n", Kind::Image, "PNG"),
        (b"\xff\xd8\xff", Kind::Image, "JPEG"),
        (b"GIF87a", Kind::Image, "GIF"),
        (b"GIF89a", Kind::Image, "GIF"),
        (b"II*\0", Kind::Image, "TIFF"),
        (b"MM\0*", Kind::Image, "TIFF"),
        (b"!BDN", Kind::MailStore, "Outlook .pst/.ost mail store"),
    ];
    if let Some((_, kind, name)) = MAGIC.iter().find(|(magic, _, _)| head.starts_with(magic)) {
        return Some((*kind, name));
    }
    let at = |range: std::ops::Range<usize>| head.get(range);
    if head.starts_with(b"RIFF") && at(8..12) == Some(b"WEBP") {
        return Some((Kind::Image, "WebP"));
    }
    if at(4..8) == Some(b"ftyp") && matches!(at(8..12), Some(b"heic" | b"heix" | b"mif1" | b"avif")) {
        return Some((Kind::Image, "HEIF"));
    }
    if matches!(at(4..19), Some(b"Standard Jet DB" | b"Standard ACE DB")) {
        return Some((Kind::Database, "Microsoft Access database"));
    }
    // Short magic words that a text could open with: binary after them.
    let binary = || !crate::text::looks_textual(head);
    if head.starts_with(b"PGDMP") && binary() {
        return Some((Kind::Database, "PostgreSQL archive of a format not known"));
    }
    if head.starts_with(b"TAPE") && binary() {
        return Some((Kind::Database, "SQL Server backup (.bak, Microsoft Tape Format)"));
    }
    // A Windows bitmap (a scanner's or Paint's): its four reserved bytes
    // are zero and its header's size is one of the versions' sizes.
    let header_size = head.get(14..18).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]));
    if head.starts_with(b"BM")
        && at(6..10) == Some(&[0; 4])
        && matches!(header_size, Some(12 | 40 | 52 | 56 | 64 | 108 | 124))
    {
        return Some((Kind::Image, "BMP"));
    }
    None
}

/// A vCard or iCalendar file by its first line (after a byte-order mark
/// or blank lines).
fn card_or_calendar(head: &[u8]) -> Option<Kind> {
    let start = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head).trim_ascii_start();
    let opens = |line: &[u8]| start.get(..line.len()).is_some_and(|s| s.eq_ignore_ascii_case(line));
    if opens(b"BEGIN:VCARD") {
        Some(Kind::VCard)
    } else if opens(b"BEGIN:VCALENDAR") {
        Some(Kind::Calendar)
    } else {
        None
    }
}

/// An SQL dump by its first line (after a byte-order mark, blank lines
/// or a line of dashes): a dump tool's banner, or a statement that makes or fills a
/// table.
fn looks_like_sql_dump(head: &[u8]) -> bool {
    const OPENINGS: &[&[u8]] = &[
        b"-- MySQL dump",
        b"-- MariaDB dump",
        b"-- phpMyAdmin SQL Dump",
        b"-- PostgreSQL database dump",
        b"/*!40",
        b"PRAGMA foreign_keys",
        b"BEGIN TRANSACTION;",
        b"CREATE TABLE",
        b"INSERT INTO",
        // SQL Server Management Studio's scripts.
        b"USE [",
        b"SET ANSI_NULLS",
        b"SET IDENTITY_INSERT",
        b"/****** Object:",
    ];
    // pg_dump opens with a comment line of dashes alone.
    first_line_opens_with(head, |line| line.iter().all(|&b| b == b'-'), OPENINGS)
}

/// An LDIF export by its first line past comments: its version, or its
/// first entry's name.
fn looks_like_ldif(head: &[u8]) -> bool {
    first_line_opens_with(head, |line| line.starts_with(b"#"), &[b"version: 1", b"dn:"])
}

/// Whether the first line of `head` (after a byte-order mark) that is
/// neither blank nor passed over by `skip` opens with one of `openings`,
/// in any case.
fn first_line_opens_with(head: &[u8], skip: impl Fn(&[u8]) -> bool, openings: &[&[u8]]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let mut lines = head.split(|&b| b == b'\n').map(<[u8]>::trim_ascii);
    let first = lines.find(|line| !line.is_empty() && !skip(line));
    first.is_some_and(|line| {
        openings.iter().any(|opening| {
            line.get(..opening.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(opening))
        })
    })
}

/// Whether a text opens as a mail message: three of its first twenty
/// lines are a message's headers, and it names an address or carries a
/// header only mail has. A memo's "To: All Finance Staff", "From:",
/// "Date:" head is no message: read as a message, its date and its
/// "Re:" line would be lost with the headers the mail parser drops.
fn looks_like_mail(head: &[u8]) -> bool {
    let start = String::from_utf8_lossy(&head[..head.len().min(2048)]).to_ascii_lowercase();
    let headers = [
        "from:",
        "to:",
        "subject:",
        "date:",
        "received:",
        "message-id:",
        "mime-version:",
    ];
    let only_mail = [
        "received:",
        "message-id:",
        "mime-version:",
        "content-type:",
        "return-path:",
    ];
    let lines: Vec<&str> = start.lines().take(20).collect();
    let is_one_of = |line: &str, names: &[&str]| names.iter().any(|name| line.starts_with(name));
    let addressed =
        |line: &&str| (is_one_of(line, &["from:", "to:", "cc:"]) && line.contains('@')) || is_one_of(line, &only_mail);
    lines.iter().filter(|line| is_one_of(line, &headers)).count() >= 3 && lines.iter().any(addressed)
}

/// The entry names of a zip, for `kind_of`; empty when it will not open.
pub fn zip_names<R: Read + Seek>(reader: R) -> Vec<String> {
    zip::ZipArchive::new(reader)
        .map(|z| {
            z.file_names()
                .take(10_000)
                .filter_map(|n| n.ok().map(|n| n.into_owned()))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_mail_stores_and_other_archives_are_known_by_their_magic() {
        assert_eq!(kind_of("scan.pdf", b"\x89PNG\r\n\x1a\n....", None), Kind::Image);
        assert_eq!(kind_of("cheque.jpg", b"\xff\xd8\xff\xe0..JFIF", None), Kind::Image);
        assert_eq!(kind_of("id.heic", b"\0\0\0\x18ftypheic", None), Kind::Image);
        let bitmap = [
            &b"BM"[..],
            &[0x36, 0x10, 0, 0],
            &[0; 4],
            &[0x36, 0, 0, 0],
            &[40, 0, 0, 0],
            &[0; 8],
        ]
        .concat();
        assert_eq!(kind_of("cheque.bmp", &bitmap, None), Kind::Image);
        assert_ne!(kind_of("notes.txt", b"BMW 320i, lease 36 months\n", None), Kind::Image);
        assert_eq!(kind_of("mail.pst", b"!BDN\x01\x02", None), Kind::MailStore);
        let section = b"\xe4\x52\x5c\x7b\x8c\xd8\xa7\x4d\xae\xb1\x53\x78\xd0\x29\x96\xd3";
        assert_eq!(kind_of("Meeting notes", section, None), Kind::OneNote);
        assert_ne!(kind_of("notes.one", b"one small step", None), Kind::OneNote);
        assert_eq!(
            kind_of("crm.mdb", b"\0\x01\0\0Standard Jet DB\0\x01", None),
            Kind::Database
        );
        assert_eq!(
            kind_of("crm.accdb", b"\0\x01\0\0Standard ACE DB\0\x02", None),
            Kind::Database
        );
        assert_eq!(
            kind_of("crm.dump", b"PGDMP\x01\x0e\0\x04\x08\x01\x01\0\0\0", None),
            Kind::PgDump
        );
        for format in [b'\x03', b'\x05'] {
            let head = [&b"PGDMP\x01\x0e\0\x04\x08"[..], &[format], b"\x01\0\0\0"].concat();
            assert_eq!(
                kind_of("toc.dat", &head, None),
                Kind::PgDump,
                "a directory or tar dump's table of contents"
            );
        }
        assert_eq!(
            kind_of("x.dump", b"PGDMP\x01\x0e\0\x04\x08\x07\x01\0\0\0", None),
            Kind::Database,
            "an archive format not known"
        );
        assert_eq!(
            kind_of("crm.bak", b"TAPE\0\0\0\0\x80\x01\0\x0e\x05\x02\0\0", None),
            Kind::Database
        );
        assert_eq!(kind_of("list.txt", b"TAPE LIBRARY INVENTORY\n", None), Kind::Text);
        // A table written with tabs, as Excel's "Unicode Text" export.
        let table = "Nom\tNAS\tCourriel\r\nMarie Tremblay\t130 692 544\tm@example.ca\r\n";
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(table.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(kind_of("clients.txt", &utf16, None), Kind::Tsv);
        assert_eq!(kind_of("clients", table.as_bytes(), None), Kind::Tsv);
        assert_eq!(
            kind_of(
                "main.c",
                b"int main() {\n\tint a;\n\t\tif (a)\t{\n\treturn 0;\n}\n",
                None
            ),
            Kind::Text,
            "indentation is no table"
        );
        assert_eq!(
            kind_of("note.txt", b"one\ttwo\tthree\n", None),
            Kind::Text,
            "a line alone"
        );
        assert_eq!(kind_of("backup.7z", b"7z\xbc\xaf\x27\x1c\0\x04", None), Kind::SevenZip);
        assert_eq!(kind_of("staging.rar", b"Rar!\x1a\x07\x01\0", None), Kind::Rar);
        assert_eq!(kind_of("old.rar", b"Rar!\x1a\x07\0\xcf", None), Kind::Rar);
        assert_eq!(unread_format(b"Dear customer"), None);
        let mut tar = vec![0u8; 512];
        tar[257..262].copy_from_slice(b"ustar");
        assert_eq!(kind_of("backup.bin", &tar, None), Kind::Tar);
        assert_eq!(kind_of("logs.1", b"\x1f\x8b\x08\0", None), Kind::Gzip);
    }

    #[test]
    fn magic_beats_extension() {
        assert_eq!(kind_of("x.txt", b"%PDF-1.4\n", None), Kind::Pdf);
        assert_eq!(kind_of("report.pdf", &[0u8, 159, 146, 150, 1, 2], None), Kind::Binary);
        assert_eq!(
            kind_of("a.docx", b"PK\x03\x04", Some(&["word/document.xml".into()])),
            Kind::Docx
        );
        assert_eq!(
            kind_of("a.xlsx", b"PK\x03\x04", Some(&["xl/workbook.xml".into()])),
            Kind::Xlsx
        );
        assert_eq!(
            kind_of("a.xlsx", b"PK\x03\x04", Some(&["xl/workbook.bin".into()])),
            Kind::Xlsb
        );
        assert_eq!(
            kind_of("a.docx", b"PK\x03\x04", Some(&[])),
            Kind::Docx,
            "broken docx stays a docx"
        );
        assert_eq!(kind_of("a.zip", b"PK\x03\x04", Some(&["x.txt".into()])), Kind::Zip);
        assert_eq!(
            kind_of("a.ods", b"PK\x03\x04", Some(&["content.xml".into()])),
            Kind::Ods
        );
        assert_eq!(kind_of("old.xls", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1], None), Kind::Xls);
        assert_eq!(kind_of("x", b"{\\rtf1\\ansi", None), Kind::Rtf);
        assert_eq!(
            kind_of("x.txt", b"\xef\xbb\xbfbegin:vcard\r\nVERSION:3.0", None),
            Kind::VCard
        );
        assert_eq!(kind_of("export", b"\r\nBEGIN:VCALENDAR\r\n", None), Kind::Calendar);
        assert_eq!(kind_of("contacts.vcf", b"", None), Kind::VCard);
    }

    #[test]
    fn names_and_content() {
        assert_eq!(kind_of("data.CSV", b"a,b\n1,2\n", None), Kind::Csv);
        assert_eq!(kind_of("zip.zip!inner/notes", b"plain words\n", None), Kind::Text);
        assert_eq!(
            kind_of("noext", b"From: a@b.ca\nTo: c@d.ca\nSubject: hi\n\nbody", None),
            Kind::Eml
        );
        let memo = b"MEMORANDUM\nTo: All Finance Staff\nFrom: Linda Osei-Bonsu\nDate: February 2, 2024\nRe: x\n";
        assert_eq!(kind_of("memo.txt", memo, None), Kind::Text, "a memo is no message");
        assert_eq!(
            kind_of(
                "saved.txt",
                b"From: Jean Roy\nSent: Monday\nTo: Marie Roy <mr@d.ca>\nSubject: x\n",
                None
            ),
            Kind::Eml,
            "a message Outlook saved as text"
        );
        // A CSV export saved as text; not prose with commas.
        let export = "Employee ID,Full Name,Department\nE1001,Olivia Chen,Finance\nE1002,\"Roy, Jean\",IT\n";
        assert_eq!(kind_of("export.txt", export.as_bytes(), None), Kind::Csv);
        assert_eq!(
            kind_of("note.txt", b"Apples, pears, plums.\nOne, two, three.\n", None),
            Kind::Text,
            "one row is no table"
        );
        let sentences = "Dear Marie, thank you, and see you soon, as agreed with the whole team.\n".repeat(3);
        assert_eq!(
            kind_of("letter.txt", sentences.as_bytes(), None),
            Kind::Text,
            "a sentence is no header"
        );
        assert_eq!(kind_of("box", b"From a@b Mon Jan 1\nFrom: a@b\n", None), Kind::Mbox);
    }

    #[test]
    fn sql_dumps_by_name_banner_or_first_statement() {
        assert_eq!(kind_of("crm.SQL", b"", None), Kind::Sql);
        assert_eq!(kind_of("backup.txt", b"-- MySQL dump 10.13\n", None), Kind::Sql);
        assert_eq!(
            kind_of("backup", b"\xef\xbb\xbf\n--\n-- PostgreSQL database dump\n", None),
            Kind::Sql
        );
        assert_eq!(kind_of("dump", b"PRAGMA foreign_keys=OFF;\n", None), Kind::Sql);
        assert_eq!(kind_of("rows.txt", b"insert into t values (1);\n", None), Kind::Sql);
        assert_eq!(
            kind_of("notes.txt", b"We will insert into the binder.\n", None),
            Kind::Text
        );
        assert_eq!(kind_of("notes.txt", b"-- notes\n", None), Kind::Text);
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "SET ANSI_NULLS ON\r\nGO\r\nINSERT [dbo].[T]"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        assert_eq!(
            kind_of("script.txt", &utf16, None),
            Kind::Sql,
            "UTF-16, as SSMS saves it"
        );
    }

    #[test]
    fn directory_exports_by_name_or_first_line() {
        assert_eq!(kind_of("ad.ldf", b"", None), Kind::Ldif);
        assert_eq!(
            kind_of("export", b"# ldapsearch\n\nversion: 1\n\ndn: cn=a\n", None),
            Kind::Ldif
        );
        assert_eq!(
            kind_of("users.txt", b"dn: CN=Olivia Harper,OU=Staff\n", None),
            Kind::Ldif
        );
        assert_eq!(kind_of("notes.txt", b"version 1 of the plan\n", None), Kind::Text);
    }
}
