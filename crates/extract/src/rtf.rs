//! RTF: the visible text of the document, and the objects embedded in it
//! (a worksheet, a packaged file). Written by hand: RTF text is a small
//! state machine (groups, control words, hex and Unicode escapes), and it
//! must be total over malformed input, skipping font tables, pictures and
//! other destinations that are not text.

use crate::embedded::{Files, Taken};
use crate::le::u32_at;
use crate::output::Output;
use breachscope_core::{Origin, Segment};
use encoding_rs::WINDOWS_1252;

/// Destinations whose content is not document text.
const SKIPPED: &[&str] = &[
    "fonttbl",
    "colortbl",
    "stylesheet",
    "info",
    "pict",
    "object",
    "themedata",
    "colorschememapping",
    "latentstyles",
    "datastore",
    "xmlnstbl",
    "listtable",
    "listoverridetable",
    "rsidtbl",
    "generator",
];

/// Reads the text of an RTF document, and the dates its information
/// group gives.
pub(crate) fn read(bytes: &[u8], out: &mut Output<'_>) {
    out.meta_dates.extend(info_dates(bytes));
    if out.wanted() {
        out.segment(Segment::new(text(bytes), Origin::TextOffset(0)));
    }
}

/// When the document was created and last revised, as its information
/// group says (`{\creatim\yr2022\mo1\dy28\hr10\min15}`, `\revtim`).
fn info_dates(bytes: &[u8]) -> Vec<chrono::NaiveDate> {
    let mut dates = Vec::new();
    for word in [&b"\\creatim"[..], b"\\revtim"] {
        for at in memchr::memmem::find_iter(bytes, word) {
            let (mut year, mut month, mut day) = (None, None, None);
            let mut i = at + 1;
            while bytes.get(i) == Some(&b'\\') || bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
                let (name, param, next) = control(bytes, i + usize::from(bytes[i] == b'\\'));
                match name.as_str() {
                    "yr" => year = param,
                    "mo" => month = param.and_then(|m| u32::try_from(m).ok()),
                    "dy" => day = param.and_then(|d| u32::try_from(d).ok()),
                    _ => {}
                }
                i = next;
            }
            if let Some(date) = chrono::NaiveDate::from_ymd_opt(year.unwrap_or(0), month.unwrap_or(0), day.unwrap_or(0))
            {
                dates.push(date);
            }
        }
    }
    dates
}

/// An OLE 1.0 object's format when it is linked, not embedded.
const LINKED: u32 = 1;
/// The objects embedded in an RTF document (`\objdata`, an OLE 1.0
/// object in hex), each pushed to `children` to be read as a document of
/// its own: the file a package holds under its own name, else the
/// object's data under its class's name (`Excel.Sheet.8`, a compound file
/// read by what it holds). Within `embedded`'s bound; past it, the
/// document's errors say so.
pub(crate) fn objects(bytes: &[u8], out: &mut Output<'_>, children: &mut Files) {
    let mut taken = Taken::default();
    for at in memchr::memmem::find_iter(bytes, b"\\objdata") {
        if !taken.room_for_another() {
            break;
        }
        // A byte past what is left, so that an object over it is said so.
        let most = usize::try_from(taken.bytes_left())
            .unwrap_or(usize::MAX)
            .saturating_add(1);
        let data = hex_run(&bytes[at + b"\\objdata".len()..], most);
        if data.len() == most {
            // Over what is left: the bound says so, and takes no more.
            taken.take("objdata".into(), data);
            break;
        }
        // A linked object holds no file, only where one was.
        if u32_at(&data, 4) == Some(LINKED) {
            continue;
        }
        match ole1_object(&data) {
            Some((name, object)) => taken.take(name, object.to_vec()),
            None => taken
                .errors
                .push("an embedded object that cannot be read: not scanned".into()),
        }
    }
    taken.finish(out, children);
}

/// The bytes written in hex at the start of `rtf` (white space between
/// digits allowed), up to `most` of them.
fn hex_run(rtf: &[u8], most: usize) -> Vec<u8> {
    let digits = rtf
        .iter()
        .filter(|b| !b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_hexdigit())
        .map(|&b| (b as char).to_digit(16).unwrap_or(0) as u8);
    let mut data = Vec::new();
    let mut high = None;
    for digit in digits {
        match high.take() {
            None => high = Some(digit),
            Some(h) => {
                if data.len() == most {
                    break;
                }
                data.push((h << 4) | digit);
            }
        }
    }
    data
}

/// The file an OLE 1.0 embedded object holds (MS-OLEDS 2.2.4): past its
/// version and format, its class, topic and item names (each a 32-bit
/// length, then the bytes), its native data's size and bytes. A package's
/// native data is the Packager's (its file, under its own name); any
/// other's is the object itself, named after its class.
fn ole1_object(object: &[u8]) -> Option<(String, &[u8])> {
    let mut at = 8;
    let mut names = Vec::new();
    for _ in 0..3 {
        let length = usize::try_from(u32_at(object, at)?).ok()?;
        let name = object.get(at + 4..(at + 4).checked_add(length)?)?;
        names.push(String::from_utf8_lossy(name.strip_suffix(&[0]).unwrap_or(name)).into_owned());
        at += 4 + length;
    }
    if names[0] == "Package" {
        if let Some(packaged) = crate::ole::packaged_file(&object[at..]) {
            return Some(packaged);
        }
    }
    let size = usize::try_from(u32_at(object, at)?).ok()?;
    let data = object.get(at + 4..(at + 4).checked_add(size)?)?;
    let class: String = names[0]
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    Some((if class.is_empty() { "object".into() } else { class }, data))
}

/// An Outlook compressed RTF body's header (MS-OXRTFCP 2.1.3.1): its
/// size less 4, the RTF's size, the kind of compression, a CRC.
const COMPRESSED_HEADER: usize = 16;
/// The kinds: LZFu ("LZFu") and stored ("MELA").
const LZFU: u32 = 0x7546_5a4c;
const STORED: u32 = 0x414c_454d;
/// Most RTF bytes one compressed byte can give: a control byte and its 8
/// references of 2 bytes give at most 8 runs of 17 bytes.
const MAX_EXPANSION: usize = 8;

/// The visible text of an Outlook compressed RTF body (a message's
/// `PidTagRtfCompressed`), if it holds one. The header's sizes are checked
/// against the bytes before the decoder (`compressed-rtf`) is given them:
/// it would take them on trust.
pub(crate) fn compressed_text(bytes: &[u8]) -> Option<String> {
    let (Some(size), Some(raw), Some(kind)) = (u32_at(bytes, 0), u32_at(bytes, 4), u32_at(bytes, 8)) else {
        return None;
    };
    let (size, raw) = (size as usize, raw as usize);
    if size.checked_add(4) != Some(bytes.len()) || bytes.len() < COMPRESSED_HEADER {
        return None;
    }
    let rtf = match kind {
        STORED => bytes
            .get(COMPRESSED_HEADER..COMPRESSED_HEADER.checked_add(raw)?)?
            .to_vec(),
        LZFU if raw <= bytes.len().saturating_mul(MAX_EXPANSION) => {
            let decoded = std::panic::catch_unwind(|| compressed_rtf::decompress_rtf(bytes))
                .ok()?
                .ok()?;
            // The decoder gives each RTF byte as a character.
            decoded.chars().map(|c| c as u8).collect()
        }
        _ => return None,
    };
    Some(text(&rtf))
}

/// The visible text of RTF bytes.
pub fn text(bytes: &[u8]) -> String {
    let mut out = String::new();
    // For each open group: whether its content is skipped.
    let mut skip_stack: Vec<bool> = vec![false];
    let mut skip_unicode_fallback = 0usize;
    let mut i = 0;
    let skipping = |stack: &Vec<bool>| *stack.last().unwrap_or(&false);
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'{' => {
                let inherited = skipping(&skip_stack);
                let starts_ignorable = bytes.get(i + 1..i + 3) == Some(b"\\*");
                skip_stack.push(inherited || starts_ignorable);
                i += 1;
            }
            b'}' => {
                if skip_stack.len() > 1 {
                    skip_stack.pop();
                }
                i += 1;
            }
            b'\\' => {
                let (word, param, next) = control(bytes, i + 1);
                i = next;
                match word.as_str() {
                    "\\" | "{" | "}" => emit(
                        &mut out,
                        &skip_stack,
                        &mut skip_unicode_fallback,
                        word.chars().next().unwrap_or(' '),
                    ),
                    "'" => {
                        let hex = bytes
                            .get(i..i + 2)
                            .and_then(|h| std::str::from_utf8(h).ok())
                            .and_then(|h| u8::from_str_radix(h, 16).ok());
                        if let Some(byte) = hex {
                            let c = windows_1252(byte);
                            emit(&mut out, &skip_stack, &mut skip_unicode_fallback, c);
                            i += 2;
                        }
                    }
                    "u" => {
                        if let Some(code) = param {
                            let code = if code < 0 { code + 65536 } else { code } as u32;
                            if !skipping(&skip_stack) {
                                out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                            }
                            skip_unicode_fallback = 1;
                        }
                    }
                    // A row's last cell is no tab before the row's end.
                    "row" if !skipping(&skip_stack) => {
                        if out.ends_with('\t') {
                            out.pop();
                        }
                        out.push('\n');
                    }
                    "par" | "line" | "sect" | "page" => push_plain(&mut out, &skip_stack, '\n'),
                    // A page's header or footer (`\header`, `\footerf`, ...)
                    // is text, as Word's are: a line of its own.
                    "header" | "headerl" | "headerr" | "headerf" | "footer" | "footerl" | "footerr" | "footerf" => {
                        push_plain(&mut out, &skip_stack, '\n')
                    }
                    "tab" | "cell" => push_plain(&mut out, &skip_stack, '\t'),
                    w if SKIPPED.contains(&w) => {
                        if let Some(top) = skip_stack.last_mut() {
                            *top = true;
                        }
                    }
                    _ => {}
                }
            }
            b'\r' | b'\n' => i += 1,
            _ => {
                let c = if b.is_ascii() { b as char } else { windows_1252(b) };
                emit(&mut out, &skip_stack, &mut skip_unicode_fallback, c);
                i += 1;
            }
        }
    }
    // A table's rows are lines of cells: under its header row, each cell
    // labelled by its column's heading.
    crate::table::label_tab_rows(&out)
}

fn windows_1252(byte: u8) -> char {
    let bytes = [byte];
    let (decoded, _) = WINDOWS_1252.decode_without_bom_handling(&bytes);
    decoded.chars().next().unwrap_or(' ')
}

fn emit(out: &mut String, stack: &[bool], fallback: &mut usize, c: char) {
    if *fallback > 0 {
        *fallback -= 1;
        return;
    }
    if !stack.last().copied().unwrap_or(false) {
        out.push(c);
    }
}

fn push_plain(out: &mut String, stack: &[bool], c: char) {
    if !stack.last().copied().unwrap_or(false) {
        out.push(c);
    }
}

/// Parses a control word or symbol starting at `i` (after the backslash):
/// its name, numeric parameter, and the index after it.
fn control(bytes: &[u8], mut i: usize) -> (String, Option<i32>, usize) {
    let Some(&first) = bytes.get(i) else {
        return (String::new(), None, i);
    };
    if !first.is_ascii_alphabetic() {
        return ((first as char).to_string(), None, i + 1);
    }
    let start = i;
    while i < bytes.len() && bytes[i].is_ascii_alphabetic() && i - start < 32 {
        i += 1;
    }
    let word = String::from_utf8_lossy(&bytes[start..i]).into_owned();
    let number_start = i;
    if bytes.get(i) == Some(&b'-') {
        i += 1;
    }
    while i < bytes.len() && bytes[i].is_ascii_digit() && i - number_start < 10 {
        i += 1;
    }
    let param = std::str::from_utf8(&bytes[number_start..i])
        .ok()
        .and_then(|n| n.parse().ok());
    if bytes.get(i) == Some(&b' ') {
        i += 1;
    }
    (word, param, i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_text_only() {
        let rtf = br"{\rtf1\ansi{\fonttbl{\f0 Arial;}}{\*\generator Word;}\f0 Num\'e9ro de transit\tab 12345\par SIN: 130 692 544\par caf\u233?\par}";
        let text = text(rtf);
        assert_eq!(text, "Numéro de transit\t12345\nSIN: 130 692 544\ncafé\n");
    }

    #[test]
    fn headers_and_footers_are_text() {
        let rtf = br"{\rtf1\ansi\headery720{\header \pard Tremblay Inc.}{\footerf \pard Tel. 416-555-0142\par}\pard Body\par}";
        assert_eq!(text(rtf), "\nTremblay Inc.\nTel. 416-555-0142\nBody\n");
    }

    #[test]
    fn outlook_compressed_bodies_are_read_and_their_sizes_checked() {
        let rtf = r"{\rtf1\ansi\deff0{\fonttbl{\f0 Arial;}}\f0 Transit 12345, institution 003, account 1234567.\par Merci, Dorothée\par}";
        let compressed = compressed_rtf::compress_rtf(rtf).unwrap();
        assert_eq!(
            compressed_text(&compressed).unwrap(),
            "Transit 12345, institution 003, account 1234567.\nMerci, Dorothée\n"
        );
        let stored = compressed_rtf::encode_rtf(rtf).unwrap();
        assert_eq!(compressed_text(&stored), compressed_text(&compressed));
        // A raw size the data cannot hold, a size that is not the data's,
        // a cut body, a stored body claiming more than it holds: nothing,
        // and no allocation of what the header claims.
        let mut huge = compressed.clone();
        huge[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        let mut stored_huge = stored.clone();
        stored_huge[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        for bad in [
            &huge[..],
            &compressed[..compressed.len() - 1],
            &stored_huge,
            &compressed[..10],
            b"",
        ] {
            assert_eq!(compressed_text(bad), None);
        }
        // Every byte of the body changed in turn, its CRC made right so
        // that the decoder reads it: never a panic.
        for at in 16..compressed.len() {
            for flip in [0x01, 0x5a, 0xff] {
                let mut mangled = compressed.clone();
                mangled[at] ^= flip;
                let sum = breachscope_demo::formats::pst::crc(&mangled[16..]);
                mangled[12..16].copy_from_slice(&sum.to_le_bytes());
                compressed_text(&mangled);
            }
        }
    }

    #[test]
    fn a_table_s_cells_are_labelled_by_their_column_s_heading() {
        let row = |cells: &[&str]| {
            let cells: String = cells.iter().map(|c| format!("\\pard\\intbl {c}\\cell ")).collect();
            format!("\\trowd\\cellx1000\\cellx2000\\cellx3000 {cells}\\row ")
        };
        let rtf = format!(
            "{{\\rtf1\\ansi Clients\\par {}{}{}\\pard Fin\\par}}",
            row(&["Nom complet", "NAS", "Courriel"]),
            row(&["Ren\\'e9e Lessard", "130 692 544", "rl@example.com"]),
            row(&["Luc Gagnon", "", "lg@example.com"]),
        );
        assert_eq!(
            text(rtf.as_bytes()),
            "Clients\nNom complet\tNAS\tCourriel\nNom complet: Renée Lessard\tNAS: 130 692 544\tCourriel: rl@example.com\n\
             Nom complet: Luc Gagnon\t\tCourriel: lg@example.com\nFin\n"
        );
    }

    #[test]
    fn embedded_objects_are_taken_out() {
        use crate::reader::tests::read_bytes;
        use crate::Limits;
        // An OLE 1.0 object: version, format, class, topic, item, data.
        let object = |class: &str, native: &[u8]| {
            let mut bytes = [0x0501u32.to_le_bytes(), 2u32.to_le_bytes()].concat();
            for name in [class, "", ""] {
                bytes.extend((name.len() as u32 + 1).to_le_bytes());
                bytes.extend(name.as_bytes());
                bytes.push(0);
            }
            bytes.extend((native.len() as u32).to_le_bytes());
            bytes.extend(native);
            bytes
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<Vec<_>>()
                .chunks(32)
                .map(|c| c.concat())
                .collect::<Vec<_>>()
                .join("\r\n")
        };
        let csv = b"name,sin\nMarie Tremblay,130 692 544\n";
        let mut package = 2u16.to_le_bytes().to_vec();
        package.extend(b"payees.csv\0C:\\payees.csv\0\0\0\x03\0");
        package.extend(4u32.to_le_bytes());
        package.extend(b"C:\\\0");
        package.extend((csv.len() as u32).to_le_bytes());
        package.extend(csv);
        let rtf = format!(
            "{{\\rtf1 See attached.\\par{{\\object\\objemb{{\\*\\objclass Package}}{{\\*\\objdata {}}}}}\
             {{\\object\\objemb{{\\*\\objdata {}}}}}{{\\object{{\\*\\objdata 0102zz}}}}\
             {{\\object\\objautlink{{\\*\\objdata 0105000001000000}}}}}}",
            object("Package", &package),
            object("Excel.Sheet.8", b"SIN 193 456 787")
        );
        let docs = read_bytes("memo.rtf", rtf.as_bytes(), &Limits::default()).docs;
        let paths: Vec<&str> = docs.iter().map(|d| d.0.path.as_str()).collect();
        assert_eq!(paths, ["memo.rtf", "memo.rtf!payees.csv", "memo.rtf!Excel.Sheet.8"]);
        assert_eq!(docs[0].1.trim(), "See attached.");
        assert!(docs[1].1.contains("130 692 544"), "{:?}", docs[1].1);
        // The third, two bytes of hex, is said unreadable; the fourth, a
        // link, holds nothing.
        assert_eq!(docs[0].3.len(), 1);
        assert!(docs[0].3[0].contains("cannot be read"), "{:?}", docs[0].3);
    }

    #[test]
    fn the_information_group_s_dates_are_read() {
        let rtf = br"{\rtf1{\info{\title Minutes}{\creatim\yr2004\mo3\dy1\hr9\min5}{\revtim\yr2004\mo3\dy2}{\printim\yr2030\mo1\dy1}}Hello\par}";
        let dates: Vec<String> = info_dates(rtf).iter().map(|d| d.to_string()).collect();
        assert_eq!(dates, ["2004-03-01", "2004-03-02"]);
        assert_eq!(text(rtf).trim(), "Hello");
        // Unset, cut short, or no date at all.
        assert!(info_dates(br"{\creatim\yr0\mo0\dy0}{\revtim\yr2004\mo13\dy1}").is_empty());
        assert!(info_dates(br"{\creatim\yr2004\mo").is_empty());
        assert!(info_dates(br"\creatim").is_empty());
    }

    #[test]
    fn malformed_is_total() {
        for bad in [&b"{\\"[..], b"}}}{{{", b"\\'zz", b"\\u", b"\\u-99999999999", b"{\\*"] {
            text(bad);
        }
    }
}
