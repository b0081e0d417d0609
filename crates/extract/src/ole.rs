//! OLE compound files, the container of Office 97-2003: opened with the
//! `cfb` crate, then read by what they hold: a Word document (`doc`), a
//! PowerPoint presentation (`ppt`). A password-protected Office 2007+
//! file (an OLE file holding an `EncryptedPackage`), a rights-managed one
//! (`DRMContent`) and anything else (Publisher, Visio, Works) are named,
//! not scanned.

use crate::output::Output;
use crate::{doc, ppt};
use breachscope_core::{Origin, Segment};
use std::io::{Cursor, Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// An opened compound file held in memory.
pub(crate) type Compound<'b> = cfb::CompoundFile<Cursor<&'b [u8]>>;

/// Reads an OLE compound file: its text, or why not.
pub(crate) fn read(bytes: &[u8], out: &mut Output<'_>) {
    match catch_unwind(AssertUnwindSafe(|| text(bytes))) {
        Ok(Ok((what, text))) => {
            if text.trim().is_empty() {
                out.error(format!("{what} has no text: nothing scanned"));
            }
            out.segment(Segment::new(text, Origin::TextOffset(0)));
        }
        Ok(Err(why)) => out.error(why),
        Err(_) => out.error("OLE compound file crashed the reader: not scanned"),
    }
}

/// What the file is, and its text.
fn text(bytes: &[u8]) -> Result<(&'static str, String), String> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| format!("OLE compound file cannot be opened ({e}): not scanned"))?;
    if file.is_stream("/EncryptedPackage") {
        return Err("password-protected Office document (an encrypted OOXML package): not scanned".to_string());
    }
    // A rights-managed (IRM) document shows a notice; its content is the
    // encrypted DRMContent stream.
    if file.is_stream("/\u{9}DRMContent") {
        return Err("rights-managed (IRM) Office document: its content is encrypted, not scanned".to_string());
    }
    if file.is_stream("/WordDocument") {
        return Ok(("Word document", doc::text(&mut file)?));
    }
    if file.is_stream("/PowerPoint Document") {
        return Ok(("PowerPoint presentation", ppt::text(&mut file)?));
    }
    Err("OLE compound file that is neither a Word document nor a PowerPoint presentation: unsupported format; not scanned".to_string())
}

/// The bytes of the stream `name` (`/WordDocument`).
pub(crate) fn read_stream(file: &mut Compound<'_>, name: &str) -> Result<Vec<u8>, String> {
    let mut data = Vec::new();
    file.open_stream(name)
        .and_then(|mut stream| stream.read_to_end(&mut data))
        .map_err(|e| format!("the {} stream cannot be read ({e}): not scanned", &name[1..]))?;
    Ok(data)
}

/// A copy of the compound file `bytes`, written here in memory, holding
/// its storages and the streams `keep` accepts by path, each as `mend`
/// leaves it (made safe in place, or the file refused): what calamine
/// (`.xls`) and msg_parser (`.msg`) are given to parse, never the file
/// itself.
///
/// Why: both parse the container by hand and trust it. calamine follows
/// sector chains without checking them and reads the directory's chain
/// with no length bound (a looping chain in one damaged `.xls` made it
/// allocate until the whole run was killed); msg_parser allocates each
/// stream at the size its directory entry claims (up to 4 GiB from a
/// 70 KB `.msg`). `cfb` checks the chains as it opens the file (no sector
/// twice, none past the end) and reads each stream no further than its
/// chain; the copy it writes is consistent, no larger than the streams
/// kept, and in version 3 (512-byte sectors), which calamine reads.
///
/// Streams not kept are never read, and one kept that cannot be read (its
/// chain shorter than its size) is left out and named: a damaged macro
/// stream made a workbook's cells unreadable.
pub(crate) fn clean_copy(
    bytes: &[u8],
    keep: impl Fn(&str) -> bool,
    mend: impl Fn(&str, &mut Vec<u8>) -> Result<(), String>,
) -> Result<CleanCopy, String> {
    let mut file =
        cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| format!("OLE compound file cannot be opened ({e})"))?;
    let entries: Vec<(String, bool)> = file
        .walk()
        .filter(|entry| !entry.is_root())
        .map(|entry| (entry.path().to_string_lossy().into_owned(), entry.is_storage()))
        .collect();
    let mut copy =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new())).map_err(|e| e.to_string())?;
    let copied = |e: std::io::Error| format!("OLE compound file cannot be copied ({e})");
    let mut left_out = Vec::new();
    for (path, is_storage) in entries {
        if is_storage {
            copy.create_storage(&path).map_err(copied)?;
        } else if keep(&path) {
            let mut data = Vec::new();
            let read = file
                .open_stream(&path)
                .and_then(|stream| stream.take(bytes.len() as u64).read_to_end(&mut data));
            if let Err(e) = read {
                left_out.push(format!("the {path} stream cannot be read ({e})"));
                continue;
            }
            mend(&path, &mut data)?;
            copy.create_stream(&path)
                .and_then(|mut stream| stream.write_all(&data))
                .map_err(copied)?;
        }
    }
    copy.flush().map_err(copied)?;
    Ok(CleanCopy {
        bytes: copy.into_inner().into_inner(),
        left_out,
    })
}

/// A compound file copied by `clean_copy`.
pub(crate) struct CleanCopy {
    pub bytes: Vec<u8>,
    /// Why each stream kept but unreadable was left out.
    pub left_out: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A compound file holding empty streams of these names.
    fn holding(streams: &[&str]) -> Vec<u8> {
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        for name in streams {
            file.create_stream(name).unwrap();
        }
        file.flush().unwrap();
        file.into_inner().into_inner()
    }

    #[test]
    fn a_clean_copy_holds_the_streams_kept_at_their_real_length() {
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        file.create_stream("/Workbook")
            .unwrap()
            .write_all(b"BIFF records")
            .unwrap();
        file.create_stream("/\u{5}SummaryInformation").unwrap();
        file.create_storage("/__attach_version1.0_#00000000").unwrap();
        file.create_stream("/__attach_version1.0_#00000000/__substg1.0_3707001F")
            .unwrap()
            .write_all(b"n\0a\0m\0e\0")
            .unwrap();
        file.flush().unwrap();
        let bytes = file.into_inner().into_inner();
        let copy = clean_copy(&bytes, |path| !path.contains("Summary"), |_, _| Ok(())).unwrap();
        assert!(copy.left_out.is_empty());
        let mut copy = cfb::CompoundFile::open(Cursor::new(copy.bytes)).unwrap();
        // Version 3 (512-byte sectors): calamine finds no root in version 4.
        assert_eq!(copy.version(), cfb::Version::V3);
        assert!(!copy.is_stream("/\u{5}SummaryInformation"));
        let mut read = |path: &str| {
            let mut data = Vec::new();
            copy.open_stream(path).unwrap().read_to_end(&mut data).unwrap();
            data
        };
        assert_eq!(read("/Workbook"), b"BIFF records");
        assert_eq!(
            read("/__attach_version1.0_#00000000/__substg1.0_3707001F"),
            b"n\0a\0m\0e\0"
        );
    }

    #[test]
    fn a_damaged_stream_is_left_out_and_named_or_never_read() {
        let mut file = cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new())).unwrap();
        file.create_stream("/Workbook")
            .unwrap()
            .write_all(b"BIFF records")
            .unwrap();
        file.create_stream("/VBA").unwrap().write_all(&[7; 9000]).unwrap();
        file.flush().unwrap();
        let mut bytes = file.into_inner().into_inner();
        // The macro stream's directory entry claims more than its chain.
        let name: Vec<u8> = "VBA".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let entry = bytes.windows(name.len()).position(|w| w == name).unwrap();
        bytes[entry + 120..entry + 128].copy_from_slice(&20_000u64.to_le_bytes());

        let copy = clean_copy(&bytes, |path| path == "/Workbook", |_, _| Ok(())).unwrap();
        assert!(copy.left_out.is_empty(), "{:?}", copy.left_out);
        let copy = clean_copy(&bytes, |_| true, |_, _| Ok(())).unwrap();
        assert_eq!(copy.left_out.len(), 1);
        assert!(copy.left_out[0].contains("/VBA"), "{:?}", copy.left_out);
        let copy = cfb::CompoundFile::open(Cursor::new(copy.bytes)).unwrap();
        assert!(copy.is_stream("/Workbook") && !copy.is_stream("/VBA"));
    }

    #[test]
    fn what_is_not_read_says_what_it_is() {
        let why = |bytes: &[u8]| text(bytes).unwrap_err();
        assert!(why(b"\xD0\xCF\x11\xE0 not really").contains("cannot be opened"));
        assert!(why(&holding(&["/EncryptedPackage"])).contains("password-protected"));
        assert!(why(&holding(&["/WordDocument", "/\u{9}DRMContent"])).contains("rights-managed"));
        assert!(why(&holding(&["/Quill"])).contains("neither"));
    }
}
