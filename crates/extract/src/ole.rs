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

/// The workbook stream of an Excel 97-2003 file, alone in a compound file
/// of its own written here, in memory, for calamine to read.
///
/// Why: calamine follows the sector chains of the file it is given without
/// checking them, and reads the directory's chain with no length bound: one
/// looping chain in a damaged or hostile `.xls` made it allocate until the
/// whole run was killed. `cfb` checks the chains as it opens the file (no
/// sector twice, none past the end), and the copy it writes has none that
/// loop; the stream is read no longer than the file itself.
pub(crate) fn workbook_copy(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut file =
        cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| format!("OLE compound file cannot be opened ({e})"))?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|name| file.is_stream(name))
        .ok_or("no Workbook stream: not an Excel 97-2003 workbook")?;
    let mut workbook = Vec::new();
    file.open_stream(name)
        .and_then(|stream| stream.take(bytes.len() as u64).read_to_end(&mut workbook))
        .map_err(|e| format!("the {} stream cannot be read ({e})", &name[1..]))?;
    let mut copy =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new())).map_err(|e| e.to_string())?;
    copy.create_stream(name)
        .and_then(|mut stream| stream.write_all(&workbook))
        .and_then(|()| copy.flush())
        .map_err(|e| format!("the workbook cannot be copied ({e})"))?;
    Ok(copy.into_inner().into_inner())
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
    fn a_workbook_copy_holds_the_workbook_stream_alone() {
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        file.create_stream("/Workbook")
            .unwrap()
            .write_all(b"BIFF records")
            .unwrap();
        file.create_stream("/\u{5}SummaryInformation").unwrap();
        file.flush().unwrap();
        let copy = workbook_copy(&file.into_inner().into_inner()).unwrap();
        let mut copy = cfb::CompoundFile::open(Cursor::new(copy)).unwrap();
        // Version 3 (512-byte sectors): calamine reads no root in version 4.
        assert_eq!(copy.version(), cfb::Version::V3);
        assert!(!copy.is_stream("/\u{5}SummaryInformation"));
        let mut workbook = Vec::new();
        copy.open_stream("/Workbook")
            .unwrap()
            .read_to_end(&mut workbook)
            .unwrap();
        assert_eq!(workbook, b"BIFF records");
        assert!(workbook_copy(&holding(&["/WordDocument"]))
            .unwrap_err()
            .contains("no Workbook"));
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
