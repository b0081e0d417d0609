//! OLE compound files, the container of Office 97-2003: opened with the
//! `cfb` crate, then read by what they hold: a Word document (`doc`), a
//! PowerPoint presentation (`ppt`), an Excel workbook (read as an `.xls`),
//! or the file an OLE object inserted in a document holds (a packaged
//! attachment, an Acrobat document's PDF): that file is a document of its
//! own, as is each object embedded in a Word, Excel or PowerPoint
//! 97-2003 file.
//! Publisher and Works documents are read for their stories (`quill`).
//! A password-protected Office 2007+
//! file (an OLE file holding an `EncryptedPackage`), a rights-managed one
//! (`DRMContent`) and anything else (Visio, StarOffice) are named, not
//! scanned.

use crate::embedded::{Files, Taken};
use crate::output::Output;
use crate::{doc, ppt, propset, quill, visio};
use breachscope_core::{Origin, Segment};
use std::io::{Cursor, Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// An opened compound file held in memory.
pub(crate) type Compound<'b> = cfb::CompoundFile<Cursor<&'b [u8]>>;

/// What an OLE compound file holds.
enum Held {
    /// A document's text, what the document is, and what of its text
    /// could not be read.
    Text(&'static str, String, Option<String>),
    /// An Excel 97-2003 workbook.
    Workbook,
    /// A file held in it: its name and bytes.
    File(String, Vec<u8>),
}

/// Reads an OLE compound file: its text, or why not; a packaged file is
/// pushed to `children`.
pub(crate) fn read(bytes: &[u8], out: &mut Output<'_>, children: &mut Files) {
    match catch_unwind(AssertUnwindSafe(|| held(bytes))) {
        Ok(Ok(Held::Text(what, text, unread))) => {
            if text.trim().is_empty() {
                out.error(format!("{what} has no text: nothing scanned"));
            }
            if let Some(unread) = unread {
                out.error(unread);
            }
            out.segment(Segment::new(text, Origin::TextOffset(0)));
        }
        Ok(Ok(Held::Workbook)) => crate::sheet::read(bytes, crate::Kind::Xls, out),
        Ok(Ok(Held::File(name, data))) => children.push((name, data)),
        Ok(Err(why)) => out.error(why),
        Err(_) => out.error("OLE compound file crashed the reader: not scanned"),
    }
}

/// What the file holds.
fn held(bytes: &[u8]) -> Result<Held, String> {
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
        return Ok(Held::Text("Word document", doc::text(&mut file)?, None));
    }
    if file.is_stream("/PowerPoint Document") {
        return Ok(Held::Text("PowerPoint presentation", ppt::text(&mut file)?, None));
    }
    if file.is_stream("/Workbook") || file.is_stream("/Book") {
        return Ok(Held::Workbook);
    }
    if file.is_stream(visio::STREAM) {
        let (text, unread) = visio::text(&mut file)?;
        return Ok(Held::Text("Visio drawing", text, unread));
    }
    if let Some(quill) = quill::kind_of(&mut file) {
        let (text, unread) = quill::text(&mut file, quill)?;
        return Ok(Held::Text(quill.what(), text, unread));
    }
    if file.is_stream(NATIVE_STREAM) {
        let stream = read_stream(&mut file, NATIVE_STREAM)?;
        return native_file(&stream)
            .map(|(name, data)| Held::File(name, data.to_vec()))
            .ok_or_else(|| "OLE object whose native data cannot be read: not scanned".to_string());
    }
    // An embedded object (it has OLE's own stream) that keeps its file
    // whole in one stream: an Acrobat document's PDF. Publisher and Works
    // files have such a stream too, but are no embedded objects.
    if file.is_stream(OBJECT_STREAM) && file.is_stream(CONTENTS_STREAM) {
        return Ok(Held::File("CONTENTS".into(), read_stream(&mut file, CONTENTS_STREAM)?));
    }
    Err("OLE compound file that is neither a Word, PowerPoint or Excel document nor an object holding a file: unsupported format; not scanned".to_string())
}

/// The objects embedded in a compound file (a worksheet in a Word 97
/// document's `ObjectPool`, a document in an Excel 97 workbook's `MBD`
/// storages, a presentation's objects), each pushed to `children` to be
/// read as a document of its own: a Word, Excel or PowerPoint document as
/// a compound file of its own (`_1234567.xls`), an Office 2007 package as
/// it is kept (its `Package` stream), the file an object holds
/// (`native_file`, an Acrobat document's `CONTENTS`). Objects within
/// those are found when they are read. Within `embedded`'s bound; past
/// it, the file's errors say so. With them, the dates the file's summary
/// gives (`propset`): both from one opening of the file.
pub(crate) fn dates_and_objects(bytes: &[u8], out: &mut Output<'_>, children: &mut Files) {
    // A file that cannot be opened: its own reader has said why.
    let Ok(Ok(mut file)) = catch_unwind(|| cfb::CompoundFile::open(Cursor::new(bytes))) else {
        return;
    };
    if let Ok(dates) = catch_unwind(AssertUnwindSafe(|| propset::summary_dates(&mut file))) {
        out.meta_dates.extend(dates);
    }
    if let Ok(taken) = catch_unwind(AssertUnwindSafe(|| objects_in(&mut file, bytes.len() as u64))) {
        taken.finish(out, children);
    }
}

/// The objects `dates_and_objects` takes out of `file` (of `size`
/// bytes), and what was left.
fn objects_in(file: &mut Compound<'_>, size: u64) -> Taken {
    // A presentation keeps its objects in its own stream.
    if file.is_stream("/PowerPoint Document") {
        return crate::ppt::embedded_objects(file);
    }
    // Storages below the root that hold an object's own streams, not
    // within another (whose own objects are found when it is read).
    let mut storages: Vec<PathBuf> = Vec::new();
    let marked: Vec<PathBuf> = file
        .walk()
        .filter(|entry| entry.is_storage() && !entry.is_root())
        .map(|entry| entry.path().to_path_buf())
        .filter(|path| OBJECT_MARKS.iter().any(|mark| file.is_stream(path.join(mark))))
        .collect();
    for path in marked {
        if !storages.iter().any(|outer| path.starts_with(outer)) {
            storages.push(path);
        }
    }
    let mut taken = Taken::default();
    let count = taken.counted(storages.len());
    for storage in storages.iter().take(count) {
        if !taken.room_for_another() {
            break;
        }
        let name = storage
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        match object_in(file, storage, &name, size) {
            Ok(Some((file_name, data))) => taken.take(file_name, data),
            Ok(None) => {}
            Err(e) => taken.errors.push(format!("embedded object {name}: {e}")),
        }
    }
    taken
}

/// Streams of which one marks a storage as an embedded object.
const OBJECT_MARKS: [&str; 3] = ["\u{1}Ole", "\u{1}CompObj", "\u{1}Ole10Native"];

/// The file the object in `storage` (named `name`) holds, if of a kind
/// read here. `bound` caps each stream read.
pub(crate) fn object_in(
    file: &mut Compound<'_>,
    storage: &Path,
    name: &str,
    bound: u64,
) -> Result<Option<(String, Vec<u8>)>, String> {
    let stream = |file: &mut Compound<'_>, part: &str| -> Result<Vec<u8>, String> {
        stream_bytes(file, storage.join(part), bound).map_err(|e| format!("the {part} stream cannot be read ({e})"))
    };
    for (document, extension) in [
        ("WordDocument", "doc"),
        ("Workbook", "xls"),
        ("Book", "xls"),
        ("PowerPoint Document", "ppt"),
    ] {
        if file.is_stream(storage.join(document)) {
            return Ok(Some((
                format!("{name}.{extension}"),
                subtree_copy(file, storage, bound)?,
            )));
        }
    }
    if file.is_stream(storage.join("Package")) {
        return Ok(Some((name.to_string(), stream(file, "Package")?)));
    }
    if file.is_stream(storage.join("\u{1}Ole10Native")) {
        let native = stream(file, "\u{1}Ole10Native")?;
        let (file_name, data) = native_file(&native).ok_or("its native data cannot be read")?;
        return Ok(Some((file_name, data.to_vec())));
    }
    if file.is_stream(storage.join("\u{1}Ole")) && file.is_stream(storage.join("CONTENTS")) {
        return Ok(Some((name.to_string(), stream(file, "CONTENTS")?)));
    }
    Ok(None)
}

/// A compound file of its own holding what `storage` of `file` holds, at
/// its root: an embedded document as a file of its kind.
fn subtree_copy(file: &mut Compound<'_>, storage: &Path, bound: u64) -> Result<Vec<u8>, String> {
    storages_copy(file, &[(storage, Path::new("/"))], bound, |_, _| {})
}

/// A compound file of its own holding, for each `(storage, place)` of
/// `parts`, what `storage` of `file` holds at `place` (the root, or a
/// storage made there), each stream as `mend` leaves it (by its path in
/// the copy). `bound` caps each stream read.
pub(crate) fn storages_copy(
    file: &mut Compound<'_>,
    parts: &[(&Path, &Path)],
    bound: u64,
    mend: impl Fn(&Path, &mut Vec<u8>),
) -> Result<Vec<u8>, String> {
    let mut copy =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new())).map_err(|e| e.to_string())?;
    // Each storage keeps its times (cfb would stamp a new one with the
    // time of the run, and the copy's hash would change from run to run).
    let mut times = Vec::new();
    for (storage, place) in parts {
        let entries: Vec<(PathBuf, Option<_>)> = file
            .walk_storage(storage)
            .map_err(|e| e.to_string())?
            .map(|entry| {
                (
                    entry.path().to_path_buf(),
                    entry.is_storage().then(|| (entry.created(), entry.modified())),
                )
            })
            .collect();
        for (path, storage_times) in entries {
            let inside = place.join(path.strip_prefix(storage).map_err(|e| e.to_string())?);
            if let Some(storage_times) = storage_times {
                if !copy.is_storage(&inside) {
                    copy.create_storage(&inside).map_err(|e| e.to_string())?;
                }
                times.push((inside, storage_times));
                continue;
            }
            let mut data =
                stream_bytes(file, &path, bound).map_err(|e| format!("{} cannot be read ({e})", path.display()))?;
            mend(&inside, &mut data);
            copy.create_stream(&inside)
                .and_then(|mut s| s.write_all(&data))
                .map_err(|e| e.to_string())?;
        }
    }
    for (path, (created, modified)) in times {
        copy.set_created_time(&path, created)
            .and_then(|_| copy.set_modified_time(&path, modified))
            .map_err(|e| e.to_string())?;
    }
    copy.flush().map_err(|e| e.to_string())?;
    Ok(copy.into_inner().into_inner())
}

/// The stream of an OLE object that holds its data in the OLE 1.0 way.
const NATIVE_STREAM: &str = "/\u{1}Ole10Native";
/// The stream of an OLE object that holds its file whole.
const CONTENTS_STREAM: &str = "/CONTENTS";
/// The stream every embedded OLE object has (MS-OLEDS 2.3.3).
const OBJECT_STREAM: &str = "/\u{1}Ole";

/// The file an `Ole10Native` stream holds, and its name: a file the
/// Packager wrapped (`packaged_file`), else the object's own data after
/// its size (a Paintbrush picture's bitmap), named after the stream.
fn native_file(stream: &[u8]) -> Option<(String, &[u8])> {
    if let Some(packaged) = packaged_file(stream) {
        return Some(packaged);
    }
    let size = usize::try_from(crate::le::u32_at(stream, 0)?).ok()?;
    Some(("Ole10Native".into(), stream.get(4..4usize.checked_add(size)?)?))
}

/// The file an `Ole10Native` stream packages, and its name: after the
/// stream's size and two bytes, the file's label, its source path and
/// (past eight bytes) its temporary path, each ended by a zero byte, then
/// the file's size and its bytes (MS-OLEDS 2.3.6 and the Packager's
/// layout).
/// The name is the source path's last part, else the label.
pub(crate) fn packaged_file(stream: &[u8]) -> Option<(String, &[u8])> {
    fn string(bytes: &[u8], at: usize) -> Option<(&[u8], usize)> {
        let end = at + memchr::memchr(0, bytes.get(at..)?)?;
        Some((&bytes[at..end], end + 1))
    }
    // The two bytes are 2 in a package (an object's own data follows the
    // size directly).
    if crate::le::u16_at(stream, 4)? != 2 {
        return None;
    }
    let (label, at) = string(stream, 6)?;
    let (source, at) = string(stream, at)?;
    let (_, at) = string(stream, at.checked_add(8)?)?;
    let size = usize::try_from(crate::le::u32_at(stream, at)?).ok()?;
    let data = stream.get(at + 4..(at + 4).checked_add(size)?)?;
    let source = String::from_utf8_lossy(source);
    let name = source.rsplit(['\\', '/']).next().filter(|n| !n.is_empty());
    let name = name.map_or_else(|| String::from_utf8_lossy(label).into_owned(), str::to_string);
    Some((name, data))
}

/// The bytes of the stream `name` (`/WordDocument`).
pub(crate) fn read_stream(file: &mut Compound<'_>, name: &str) -> Result<Vec<u8>, String> {
    stream_bytes(file, name, u64::MAX)
        .map_err(|e| format!("the {} stream cannot be read ({e}): not scanned", &name[1..]))
}

/// At most `bound` bytes of the stream at `path`: every stream read out
/// of a compound file is read here.
pub(crate) fn stream_bytes(file: &mut Compound<'_>, path: impl AsRef<Path>, bound: u64) -> std::io::Result<Vec<u8>> {
    let mut data = Vec::new();
    file.open_stream(path)?.take(bound).read_to_end(&mut data)?;
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
            let mut data = match stream_bytes(&mut file, &path, bytes.len() as u64) {
                Ok(data) => data,
                Err(e) => {
                    left_out.push(format!("the {path} stream cannot be read ({e})"));
                    continue;
                }
            };
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
pub(crate) mod tests {
    use super::*;
    use crate::reader::tests::read_bytes;
    use crate::Limits;

    /// A compound file holding these streams.
    pub(crate) fn with_streams(streams: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        for (name, data) in streams {
            file.create_stream(name).unwrap().write_all(data).unwrap();
        }
        file.flush().unwrap();
        file.into_inner().into_inner()
    }

    /// An `Ole10Native` stream packaging `data` as `label`, from `source`.
    fn package(label: &str, source: &str, data: &[u8]) -> Vec<u8> {
        let mut body = 2u16.to_le_bytes().to_vec();
        for part in [label, source] {
            body.extend(part.as_bytes());
            body.push(0);
        }
        body.extend([0, 0, 3, 0]);
        let temp = format!("C:\\Temp\\{label}\0");
        body.extend((temp.len() as u32).to_le_bytes());
        body.extend(temp.as_bytes());
        body.extend((data.len() as u32).to_le_bytes());
        body.extend(data);
        [(body.len() as u32).to_le_bytes().to_vec(), body].concat()
    }

    #[test]
    fn objects_embedded_in_a_compound_file_are_documents_of_their_own() {
        let csv = b"name,sin\nMarie Tremblay,130 692 544\n";
        let day = chrono::NaiveDate::from_ymd_opt(2022, 1, 28).unwrap();
        let pdf = breachscope_demo::formats::pdf::build("Form", &["Transit 12345".to_string()], day);
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        for storage in [
            "/ObjectPool",
            "/ObjectPool/_1",
            "/ObjectPool/_1/ObjectPool",
            "/ObjectPool/_1/ObjectPool/_3",
        ] {
            file.create_storage(storage).unwrap();
        }
        file.create_storage("/ObjectPool/_2").unwrap();
        file.create_storage("/MBD01").unwrap();
        let streams: [(&str, Vec<u8>); 7] = [
            ("/ObjectPool/_1/\u{1}Ole", vec![1, 0, 0, 2]),
            (
                "/ObjectPool/_1/\u{1}Ole10Native",
                package("payees.csv", "payees.csv", csv),
            ),
            ("/ObjectPool/_1/ObjectPool/_3/\u{1}Ole", vec![1, 0, 0, 2]),
            ("/ObjectPool/_2/\u{1}Ole", vec![1, 0, 0, 2]),
            ("/ObjectPool/_2/CONTENTS", pdf),
            ("/MBD01/\u{1}CompObj", vec![1, 0, 0, 2]),
            ("/MBD01/WordDocument", b"not a real document".to_vec()),
        ];
        for (name, data) in streams {
            file.create_stream(name).unwrap().write_all(&data).unwrap();
        }
        file.flush().unwrap();
        let bytes = file.into_inner().into_inner();
        let docs = read_bytes("report.bin", &bytes, &Limits::default()).docs;
        let paths: Vec<&str> = docs.iter().map(|d| d.0.path.as_str()).collect();
        // The nested one (_3) is its object's to give up, and holds nothing.
        assert_eq!(
            paths,
            [
                "report.bin",
                "report.bin!MBD01.doc",
                "report.bin!payees.csv",
                "report.bin!_2"
            ]
        );
        assert!(docs[2].1.contains("130 692 544"));
        assert!(docs[3].1.contains("Transit 12345"));
        // The document is a compound file of its own, its streams at the
        // root; the same bytes whenever it is taken out (its hash too).
        let taken = || {
            objects_in(
                &mut cfb::CompoundFile::open(Cursor::new(&bytes[..])).unwrap(),
                bytes.len() as u64,
            )
        };
        let document = taken().files[0].1.clone();
        std::thread::sleep(std::time::Duration::from_millis(5));
        assert_eq!(taken().files[0].1, document);
        let mut copy = cfb::CompoundFile::open(Cursor::new(&document[..])).unwrap();
        assert_eq!(read_stream(&mut copy, "/WordDocument").unwrap(), b"not a real document");
    }

    #[test]
    fn publisher_and_works_documents_give_their_stories() {
        use crate::quill::tests::{quill_stream, utf16};
        let story = utf16("Contact: Marie Tremblay\rSIN 130 692 544\r");
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        file.create_storage_all("/Quill/QuillSub").unwrap();
        let stream = quill_stream(b"CHNKINK ", &[(b"TEXT", story.clone())]);
        file.create_stream("/Quill/QuillSub/CONTENTS")
            .unwrap()
            .write_all(&stream)
            .unwrap();
        file.flush().unwrap();
        let publisher = file.into_inner().into_inner();
        let docs = read_bytes("brochure.pub", &publisher, &Limits::default()).docs;
        assert_eq!(docs[0].0.kind, crate::Kind::Publisher);
        assert_eq!(docs[0].1.trim_end(), "Contact: Marie Tremblay\nSIN 130 692 544");
        assert!(docs[0].3.is_empty(), "{docs:?}");

        // A Works document, its directory listing more chunks than its
        // first block holds: what is listed there is read, the rest said.
        let mut stream = quill_stream(b"CHNKWKS ", &[(b"TEXT", story)]);
        stream[12] = 25;
        let works = with_streams(&[("/\u{1}CompObj", vec![1, 0]), ("/CONTENTS", stream)]);
        let docs = read_bytes("letter.wps", &works, &Limits::default()).docs;
        assert_eq!(docs[0].0.kind, crate::Kind::Works);
        assert!(docs[0].1.contains("130 692 544"));
        assert_eq!(docs[0].3.len(), 1, "{docs:?}");
        assert!(docs[0].3[0].contains("more than 20 chunks"), "{docs:?}");

        // Its stream is no Quill stream: it is no Works document.
        let other = with_streams(&[("/CONTENTS", b"not a quill stream".to_vec())]);
        let docs = read_bytes("other.wps", &other, &Limits::default()).docs;
        assert!(docs[0].3[0].contains("unsupported format"), "{docs:?}");
    }

    #[test]
    fn the_file_an_ole_object_holds_is_a_document_of_its_own() {
        let csv = b"name,sin\nMarie Tremblay,130 692 544\n";
        let packaged = with_streams(&[(NATIVE_STREAM, package("payees.csv", "C:\\Users\\ap\\payees.csv", csv))]);
        let docs = read_bytes("oleObject1.bin", &packaged, &Limits::default()).docs;
        assert_eq!(docs[1].0.path, "oleObject1.bin!payees.csv");
        assert!(docs[1].1.contains("130 692 544"), "{:?}", docs[1].1);
        assert!(docs.iter().all(|d| d.3.is_empty()), "{docs:?}");
        // An Acrobat document keeps its PDF whole.
        let day = chrono::NaiveDate::from_ymd_opt(2022, 1, 28).unwrap();
        let pdf = breachscope_demo::formats::pdf::build("Form", &["Transit 12345".to_string()], day);
        let object = with_streams(&[(OBJECT_STREAM, vec![1, 0, 0, 2]), (CONTENTS_STREAM, pdf.clone())]);
        let docs = read_bytes("oleObject2.bin", &object, &Limits::default()).docs;
        assert_eq!(docs[1].0.path, "oleObject2.bin!CONTENTS");
        assert!(docs[1].1.contains("Transit 12345"));
        // Not so a Works document, no embedded object.
        let works = read_bytes("old.wps", &with_streams(&[(CONTENTS_STREAM, pdf)]), &Limits::default()).docs;
        assert_eq!(works.len(), 1);
        assert!(works[0].3[0].contains("unsupported format"), "{:?}", works[0].3);
        // An object's own native data (no package), then one whose sizes
        // run past the stream's end.
        let native = [4u32.to_le_bytes().to_vec(), b"BMxx".to_vec()].concat();
        let docs = read_bytes("o.bin", &with_streams(&[(NATIVE_STREAM, native)]), &Limits::default()).docs;
        assert_eq!(docs[1].0.path, "o.bin!Ole10Native");
        let mut cut = package("a.txt", "a.txt", b"SIN 130 692 544");
        cut.truncate(cut.len() - 4);
        let docs = read_bytes("o.bin", &with_streams(&[(NATIVE_STREAM, cut)]), &Limits::default()).docs;
        assert_eq!(docs.len(), 1);
        assert!(docs[0].3[0].contains("native data cannot be read"), "{:?}", docs[0].3);
    }

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
        let why = |bytes: &[u8]| held(bytes).err().expect("not read");
        assert!(why(b"\xD0\xCF\x11\xE0 not really").contains("cannot be opened"));
        assert!(why(&holding(&["/EncryptedPackage"])).contains("password-protected"));
        assert!(why(&holding(&["/WordDocument", "/\u{9}DRMContent"])).contains("rights-managed"));
        assert!(why(&holding(&["/Quill"])).contains("neither"));
    }
}
