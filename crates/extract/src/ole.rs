//! OLE compound files, the container of Office 97-2003: opened with the
//! `cfb` crate, then read by what they hold: a Word document (`doc`), a
//! PowerPoint presentation (`ppt`). A password-protected Office 2007+
//! file (an OLE file holding an `EncryptedPackage`), a rights-managed one
//! (`DRMContent`) and anything else (Publisher, Visio, Works) are named,
//! not scanned.

use crate::output::Output;
use crate::{doc, ppt};
use breachscope_core::{Origin, Segment};
use std::io::{Cursor, Read};
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
    fn what_is_not_read_says_what_it_is() {
        let why = |bytes: &[u8]| text(bytes).unwrap_err();
        assert!(why(b"\xD0\xCF\x11\xE0 not really").contains("cannot be opened"));
        assert!(why(&holding(&["/EncryptedPackage"])).contains("password-protected"));
        assert!(why(&holding(&["/WordDocument", "/\u{9}DRMContent"])).contains("rights-managed"));
        assert!(why(&holding(&["/Quill"])).contains("neither"));
    }
}
