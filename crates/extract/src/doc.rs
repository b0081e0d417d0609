//! Word 97-2003 documents (.doc) and Word 6/95's. The text of a .doc is
//! in its `WordDocument` stream, in pieces that the piece table (in the
//! `0Table` or `1Table` stream) lists: [MS-DOC] 2.4.1, "Retrieving Text".
//! Written by hand: no maintained crate reads .doc text. Every piece of
//! the document is read (body, footnotes, headers, comments, text boxes);
//! field instructions are dropped, their results kept. A table's rows
//! are lines of cells, each labelled by its column's heading: a row's
//! end is a paragraph that the paragraph properties say ends a row
//! (`row_ends`). Word 6/95 documents are read from their one run of
//! 8-bit text. An encrypted document and Word 6/95's fast-saved format
//! are reported, not guessed at.

use crate::le::{u16_at, u32_at};
use crate::ole::{read_stream, Compound};

/// `wIdent` of a Word 97-2003 document's file information block.
const WORD97_IDENT: u16 = 0xA5EC;
/// `wIdent` of a Word 6/95 document's.
const WORD6_IDENT: u16 = 0xA5DC;
/// Word 97 writes `nFib` 0xC1; Word 6 0x65 and Word 95 0x68.
const NFIB_WORD97: u16 = 0x00C0;
/// Index of `fcClx` among the FIB's offset/length pairs.
const CLX_PAIR: usize = 33;
/// Index of `fcPlcfBtePapx` (where the paragraph properties are).
const PAPX_PAIR: usize = 13;
/// The paragraph properties that end a table's row (`sprmPFTtp`) or a
/// nested table's (`sprmPFInnerTtp`), and the table definitions whose
/// operand's size takes two bytes (`sprmTDefTable`, `sprmTDefTable10`).
const SPRM_TTP: u16 = 0x2417;
const SPRM_INNER_TTP: u16 = 0x244C;
const SPRM_DEF_TABLES: [u16; 2] = [0xD608, 0xD606];
/// Properties too large for their page are in the `Data` stream, where
/// this property's operand points (`sprmPHugePapx`).
const SPRM_HUGE_PAPX: u16 = 0x6646;
/// The size of a page of formatted disk properties (`PapxFkp`).
const FKP_PAGE: usize = 512;

/// The text of the Word document in `file`.
pub(crate) fn text(file: &mut Compound<'_>) -> Result<String, String> {
    let word = read_stream(file, "/WordDocument")?;
    let fib = Fib::parse(&word).ok_or("Word document's header is damaged: not scanned")?;
    if fib.encrypted {
        return Err("encrypted Word document: not scanned".to_string());
    }
    if fib.n_fib < NFIB_WORD97 {
        return word6_text(&word, &fib);
    }
    let table_name = if fib.table_one { "/1Table" } else { "/0Table" };
    let table = read_stream(file, table_name)?;
    let pieces = piece_table(&table, fib.clx).ok_or("Word document's piece table is damaged: not scanned")?;
    // Absent when no paragraph's properties are too large for their page.
    let data = read_stream(file, "/Data").unwrap_or_default();
    let ends = fib
        .papx
        .map(|papx| row_ends(&word, &table, &data, papx))
        .unwrap_or_default();
    let mut raw = String::new();
    let mut row_marks = Vec::new();
    for piece in pieces {
        piece.append(&word, &ends, &mut raw, &mut row_marks);
    }
    Ok(crate::table::label_tab_rows(&clean(&raw, &row_marks)))
}

/// What the file information block at the start of `WordDocument` says.
struct Fib {
    n_fib: u16,
    encrypted: bool,
    /// Whether the table stream is `1Table` (else `0Table`).
    table_one: bool,
    /// Whether a Word 6/95 document is in the complex (fast-saved) format.
    complex: bool,
    /// Where the piece table is in the table stream: offset, length.
    clx: (usize, usize),
    /// Where the paragraph properties' index is in the table stream.
    papx: Option<(usize, usize)>,
    /// Word 6/95: where the text is in `WordDocument`.
    text_range: (usize, usize),
    /// The document's language id (Word 6/95 text is in its code page).
    language: u16,
}

impl Fib {
    fn parse(word: &[u8]) -> Option<Fib> {
        let ident = u16_at(word, 0)?;
        if ident != WORD97_IDENT && ident != WORD6_IDENT {
            return None;
        }
        let flags = u16_at(word, 0x0A)?;
        let n_fib = if ident == WORD6_IDENT { 0 } else { u16_at(word, 2)? };
        Some(Fib {
            n_fib,
            encrypted: flags & 0x0100 != 0 || flags & 0x8000 != 0,
            table_one: flags & 0x0200 != 0,
            complex: flags & 0x0004 != 0,
            clx: if n_fib >= NFIB_WORD97 {
                fib_pair(word, CLX_PAIR).unwrap_or((0, 0))
            } else {
                (0, 0)
            },
            papx: (n_fib >= NFIB_WORD97).then(|| fib_pair(word, PAPX_PAIR)).flatten(),
            text_range: (u32_at(word, 0x18)? as usize, u32_at(word, 0x1C)? as usize),
            language: u16_at(word, 6)?,
        })
    }
}

/// The offset/length pair `index` of a Word 97 document's FIB (its piece
/// table's, `CLX_PAIR`; its paragraph properties', `PAPX_PAIR`): after
/// the FIB's 32-byte base come counted arrays of 16-bit and 32-bit
/// values, then the pairs.
fn fib_pair(word: &[u8], index: usize) -> Option<(usize, usize)> {
    let mut at = 32;
    at += 2 + 2 * usize::from(u16_at(word, at)?);
    at += 2 + 4 * usize::from(u16_at(word, at)?);
    let pairs = usize::from(u16_at(word, at)?);
    if index >= pairs {
        return None;
    }
    let pair_at = at + 2 + 8 * index;
    Some((u32_at(word, pair_at)? as usize, u32_at(word, pair_at + 4)? as usize))
}

/// Where in `WordDocument` each paragraph that ends a table's row ends
/// (just past its mark), in order: [MS-DOC] 2.4.6, the paragraph
/// properties of each run of paragraphs (`PlcBtePapx` at `(offset,
/// length)` of the table stream, pointing to 512-byte pages of
/// `WordDocument`) hold `sprmPFTtp` for a row's end. Damaged properties
/// give fewer row ends, never an error: the text is read all the same.
fn row_ends(word: &[u8], table: &[u8], data: &[u8], (offset, length): (usize, usize)) -> Vec<usize> {
    let Some(plc) = offset.checked_add(length).and_then(|end| table.get(offset..end)) else {
        return Vec::new();
    };
    let pages = plc.len().saturating_sub(4) / 8;
    let mut ends = Vec::new();
    for i in 0..pages {
        let Some(pn) = u32_at(plc, 4 * (pages + 1) + 4 * i) else {
            break;
        };
        let at = (pn & 0x003F_FFFF) as usize * FKP_PAGE;
        if let Some(page) = word.get(at..at + FKP_PAGE) {
            fkp_row_ends(page, data, &mut ends);
        }
    }
    ends.sort_unstable();
    ends.dedup();
    ends
}

/// Adds to `ends` where each paragraph of one page of paragraph
/// properties (`PapxFkp`) that ends a row ends; `data` is the `Data`
/// stream, where properties too large for the page are.
fn fkp_row_ends(page: &[u8], data: &[u8], ends: &mut Vec<usize>) {
    let runs = usize::from(page[FKP_PAGE - 1]);
    for run in 0..runs {
        let bx = 4 * (runs + 1) + 13 * run;
        let (Some(&word_offset), Some(end)) = (page.get(bx), u32_at(page, 4 * (run + 1))) else {
            return;
        };
        let at = 2 * usize::from(word_offset);
        if word_offset == 0 || at >= FKP_PAGE - 1 {
            continue;
        }
        // Its size in words: 2cb - 1 bytes, or (cb = 0) 2cb' bytes.
        let (start, size) = match page[at] {
            0 => (at + 2, 2 * usize::from(*page.get(at + 1).unwrap_or(&0))),
            cb => (at + 1, 2 * usize::from(cb) - 1),
        };
        let Some(properties) = page.get(start..(start + size).min(FKP_PAGE)) else {
            continue;
        };
        // Past the style's index, the properties.
        if ends_a_row(properties.get(2..).unwrap_or(&[]), data) {
            ends.push(end as usize);
        }
    }
}

/// Whether the paragraph properties `grpprl` (a run of `Prl`s) say the
/// paragraph ends a table's row; those too large for their page are
/// read in `data` (the `Data` stream), once.
fn ends_a_row(grpprl: &[u8], data: &[u8]) -> bool {
    let mut at = 0;
    while let Some(sprm) = u16_at(grpprl, at) {
        let operand = at + 2;
        if matches!(sprm, SPRM_TTP | SPRM_INNER_TTP) && grpprl.get(operand).is_some_and(|&v| v != 0) {
            return true;
        }
        if sprm == SPRM_HUGE_PAPX {
            // Its size, then the properties (style index excluded).
            let huge = u32_at(grpprl, operand)
                .map(|offset| offset as usize)
                .and_then(|offset| {
                    let size = usize::from(u16_at(data, offset)?);
                    data.get(offset + 2..(offset + 2).checked_add(size)?)
                });
            return huge.is_some_and(|properties| ends_a_row(properties, &[]));
        }
        // The operand's size by the sprm's kind (`spra`).
        let size = match sprm >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ if SPRM_DEF_TABLES.contains(&sprm) => match u16_at(grpprl, operand) {
                Some(cb) => 1 + usize::from(cb),
                None => return false,
            },
            _ => match grpprl.get(operand) {
                Some(&cb) => 1 + usize::from(cb),
                None => return false,
            },
        };
        at = operand + size;
    }
    false
}

/// Word 6/95: unless fast-saved, the text is one run of 8-bit characters.
fn word6_text(word: &[u8], fib: &Fib) -> Result<String, String> {
    if fib.complex {
        return Err("Word 6/95 document saved in its fast-save format: unsupported; not scanned".to_string());
    }
    let (from, to) = fib.text_range;
    let text = word
        .get(from..to.min(word.len()))
        .ok_or("Word 6/95 document's text range is damaged: not scanned")?;
    Ok(clean(&code_page(fib.language).decode_without_bom_handling(text).0, &[]))
}

/// The Windows code page of a language id's script (Word 6/95 stored
/// 8-bit text in it).
fn code_page(language: u16) -> &'static encoding_rs::Encoding {
    // The primary language is the low ten bits; Serbian and Bosnian
    // are written in either script.
    match language & 0x03FF {
        _ if matches!(language, 0x0C1A | 0x201A) => encoding_rs::WINDOWS_1251,
        0x02 | 0x19 | 0x22 | 0x23 => encoding_rs::WINDOWS_1251,
        0x05 | 0x0E | 0x15 | 0x18 | 0x1A | 0x1B | 0x1C | 0x24 => encoding_rs::WINDOWS_1250,
        0x08 => encoding_rs::WINDOWS_1253,
        0x1F => encoding_rs::WINDOWS_1254,
        0x0D => encoding_rs::WINDOWS_1255,
        0x01 => encoding_rs::WINDOWS_1256,
        0x25..=0x27 => encoding_rs::WINDOWS_1257,
        _ => encoding_rs::WINDOWS_1252,
    }
}

/// One piece of the document's text: where it is in `WordDocument`, how
/// many characters, and whether they are 8-bit (else UTF-16).
struct Piece {
    offset: usize,
    chars: usize,
    compressed: bool,
}

impl Piece {
    /// Appends the piece's characters; a piece reaching past the stream
    /// is cut where the stream ends. A cell mark that ends a paragraph
    /// ending at one of `row_ends` (in `WordDocument`) ends a row: where
    /// it is in `out` goes to `row_marks`.
    fn append(&self, word: &[u8], row_ends: &[usize], out: &mut String, row_marks: &mut Vec<usize>) {
        let width = if self.compressed { 1 } else { 2 };
        let Some(available) = word.len().checked_sub(self.offset) else {
            return;
        };
        let bytes = &word[self.offset..self.offset + (self.chars.saturating_mul(width)).min(available)];
        let mut mark = |out: &String, end: usize| {
            if row_ends.binary_search(&(self.offset + end)).is_ok() {
                row_marks.push(out.len());
            }
        };
        if self.compressed {
            // One byte a character: the cell marks are where their bytes are.
            let text = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0;
            let mut marks = memchr::memchr_iter(0x07, bytes).peekable();
            if marks.peek().is_none() || row_ends.is_empty() {
                out.push_str(&text);
                return;
            }
            for (byte, c) in text.chars().enumerate() {
                if c == '\u{7}' {
                    mark(out, byte + 1);
                }
                out.push(c);
            }
        } else {
            let mut units = 0;
            for c in crate::le::utf16_chars(bytes) {
                units += c.len_utf16();
                if c == '\u{7}' {
                    mark(out, 2 * units);
                }
                out.push(c);
            }
        }
    }
}

/// The pieces listed by the `Clx` at `(offset, length)` of the table
/// stream: property runs (`Prc`, tag 1) are skipped, then the piece table
/// (`Pcdt`, tag 2) gives n+1 character positions and n descriptors.
fn piece_table(table: &[u8], (offset, length): (usize, usize)) -> Option<Vec<Piece>> {
    let clx = table.get(offset..offset.checked_add(length)?)?;
    let mut at = 0;
    while *clx.get(at)? == 1 {
        let size = usize::from(u16_at(clx, at + 1)?);
        at += 3 + size;
    }
    if *clx.get(at)? != 2 {
        return None;
    }
    let size = u32_at(clx, at + 1)? as usize;
    let plc = clx.get(at + 5..(at + 5).checked_add(size)?)?;
    let count = plc.len().checked_sub(4)? / 12;
    let positions = |i: usize| u32_at(plc, 4 * i).map(|p| p as usize);
    let mut pieces = Vec::with_capacity(count);
    for i in 0..count {
        let (start, end) = (positions(i)?, positions(i + 1)?);
        let descriptor = 4 * (count + 1) + 8 * i;
        let fc = u32_at(plc, descriptor + 2)?;
        let compressed = fc & 0x4000_0000 != 0;
        let fc = (fc & 0x3FFF_FFFF) as usize;
        pieces.push(Piece {
            offset: if compressed { fc / 2 } else { fc },
            chars: end.saturating_sub(start),
            compressed,
        });
    }
    Some(pieces)
}

/// Word's control characters turned into text: paragraph and line marks
/// into line breaks, table cell marks into tabs (a row's end, at
/// `row_marks` in `raw`, into a line break); field instructions
/// (between the field's begin and separator marks) dropped, its result
/// kept; anchors of pictures, notes and objects dropped.
fn clean(raw: &str, row_marks: &[usize]) -> String {
    let mut out = String::with_capacity(raw.len());
    // For each open field, whether its instruction is still being read.
    let mut fields: Vec<bool> = Vec::new();
    for (at, c) in raw.char_indices() {
        match c {
            '\u{13}' => fields.push(true),
            '\u{14}' => {
                if let Some(instruction) = fields.last_mut() {
                    *instruction = false;
                }
            }
            '\u{15}' => {
                fields.pop();
            }
            // Inside any field's instruction, a nested field's result too.
            _ if fields.contains(&true) => {}
            '\r' | '\u{0B}' | '\u{0C}' => out.push('\n'),
            // A row's end: its last cell is no tab before it.
            '\u{07}' if row_marks.binary_search(&at).is_ok() => {
                if out.ends_with('\t') {
                    out.pop();
                }
                out.push('\n');
            }
            '\u{07}' => out.push('\t'),
            '\u{1E}' => out.push('-'),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    #[test]
    fn control_characters_and_fields() {
        let raw = "Name:\u{7}Jane Roe\u{7}\rSee \u{13} HYPERLINK \"http://x\" \u{14}our site\u{15} or\u{b}call\u{1}";
        assert_eq!(clean(raw, &[]), "Name:\tJane Roe\t\nSee our site or\ncall");
        // A field inside a field's instruction is dropped with it.
        assert_eq!(clean("a\u{13}IF \u{13}X\u{14}y\u{15}\u{14}b\u{15}c", &[]), "abc");
        // A row's end mark ends its line.
        assert_eq!(clean("a\u{7}b\u{7}\u{7}c", &[4]), "a\tb\nc");
    }

    #[test]
    fn a_piece_table_lists_8_bit_and_16_bit_pieces() {
        // One property run to skip, then two pieces: "Hi " compressed at
        // byte 100, "€5" in UTF-16 at byte 200.
        let mut clx = vec![1u8, 2, 0, 0xAA, 0xBB, 2];
        let mut plc = Vec::new();
        for cp in [0u32, 3, 5] {
            plc.extend(cp.to_le_bytes());
        }
        for fc in [0x4000_0000u32 | 200, 200] {
            plc.extend([0, 0]);
            plc.extend(fc.to_le_bytes());
            plc.extend([0, 0]);
        }
        clx.extend((plc.len() as u32).to_le_bytes());
        clx.extend(&plc);
        let mut table = vec![0u8; 10];
        table.extend(&clx);
        let pieces = piece_table(&table, (10, clx.len())).unwrap();
        let mut word = vec![0u8; 300];
        word[100..103].copy_from_slice(b"Hi ");
        word[200..204].copy_from_slice(&[0xAC, 0x20, b'5', 0]);
        let mut text = String::new();
        for piece in &pieces {
            piece.append(&word, &[], &mut text, &mut Vec::new());
        }
        assert_eq!(text, "Hi €5");
    }

    /// A Word 97 document as Word lays it out: a FIB, then the text as
    /// one 16-bit piece; the piece table in `1Table`. `flags` are the
    /// FIB's (0x0200: the table is `1Table`; 0x0100: encrypted).
    fn word97(text: &str, flags: u16) -> Vec<u8> {
        word97_with_rows(text, flags, &[])
    }

    /// `word97`, its paragraphs ending just past the characters at
    /// `row_ends` ending table rows (`sprmPFTtp`, after a table
    /// definition), as one page of paragraph properties says.
    fn word97_with_rows(text: &str, flags: u16, row_ends: &[usize]) -> Vec<u8> {
        const TEXT_AT: usize = 1024;
        let units: Vec<u16> = text.encode_utf16().collect();
        let mut plc = Vec::new();
        plc.extend(0u32.to_le_bytes());
        plc.extend((units.len() as u32).to_le_bytes());
        plc.extend([0, 0]);
        plc.extend((TEXT_AT as u32).to_le_bytes());
        plc.extend([0, 0]);
        let mut clx = vec![2u8];
        clx.extend((plc.len() as u32).to_le_bytes());
        clx.extend(plc);
        let mut word = vec![0u8; TEXT_AT];
        word[0..2].copy_from_slice(&WORD97_IDENT.to_le_bytes());
        word[2..4].copy_from_slice(&0x00C1u16.to_le_bytes());
        word[0x0A..0x0C].copy_from_slice(&flags.to_le_bytes());
        // 14 16-bit values, 22 32-bit values, then 93 offset/length pairs.
        word[32..34].copy_from_slice(&14u16.to_le_bytes());
        word[62..64].copy_from_slice(&22u16.to_le_bytes());
        word[152..154].copy_from_slice(&93u16.to_le_bytes());
        let clx_pair = 154 + 8 * CLX_PAIR;
        word[clx_pair + 4..clx_pair + 8].copy_from_slice(&(clx.len() as u32).to_le_bytes());
        word.extend(units.iter().flat_map(|u| u.to_le_bytes()));
        let mut table = clx;
        if !row_ends.is_empty() {
            // One page of properties after the text: a run per row, each
            // ending past its row's mark, all with the same properties.
            let pn = word.len().div_ceil(FKP_PAGE);
            word.resize(pn * FKP_PAGE, 0);
            let mut page = vec![0u8; FKP_PAGE];
            let runs = row_ends.len();
            let fc = |unit: usize| (TEXT_AT + 2 * unit) as u32;
            let bounds: Vec<u32> = std::iter::once(fc(0))
                .chain(row_ends.iter().map(|&u| fc(u + 1)))
                .collect();
            for (i, b) in bounds.iter().enumerate() {
                page[4 * i..4 * i + 4].copy_from_slice(&b.to_le_bytes());
            }
            for run in 0..runs {
                page[4 * (runs + 1) + 13 * run] = 200;
            }
            // Style 0; sprmTDefTable (cb 5: four more bytes); sprmPFTtp 1.
            let papx = [7u8, 0, 0, 0x08, 0xD6, 5, 0, 1, 2, 3, 4, 0x17, 0x24, 1];
            page[400..400 + papx.len()].copy_from_slice(&papx);
            page[FKP_PAGE - 1] = runs as u8;
            word.extend(page);
            let plc_at = table.len();
            for value in [bounds[0], bounds[runs], pn as u32] {
                table.extend(value.to_le_bytes());
            }
            let papx_pair = 154 + 8 * PAPX_PAIR;
            word[papx_pair..papx_pair + 4].copy_from_slice(&(plc_at as u32).to_le_bytes());
            word[papx_pair + 4..papx_pair + 8].copy_from_slice(&12u32.to_le_bytes());
        }
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        std::io::Write::write_all(&mut file.create_stream("/WordDocument").unwrap(), &word).unwrap();
        std::io::Write::write_all(&mut file.create_stream("/1Table").unwrap(), &table).unwrap();
        file.flush().unwrap();
        file.into_inner().into_inner()
    }

    #[test]
    fn a_word_97_document_is_read() {
        let doc = word97(
            "Direct deposit\rInstitution:\u{7}003\u{7}\rNAS : 130 692 544 — Côté",
            0x0200,
        );
        let docs = crate::reader::tests::read_bytes("form.doc", &doc, &crate::Limits::default()).docs;
        assert_eq!(docs[0].0.kind, crate::Kind::Doc);
        assert_eq!(
            docs[0].1.trim_end(),
            "Direct deposit\nInstitution:\t003\t\nNAS : 130 692 544 — Côté"
        );
        assert!(docs[0].3.is_empty(), "{:?}", docs[0].3);
        // The same bytes under another name are still read as what they are.
        let docs = crate::reader::tests::read_bytes("form.bin", &doc, &crate::Limits::default()).docs;
        assert!(docs[0].1.contains("130 692 544"));
    }

    #[test]
    fn a_table_s_rows_are_lines_of_cells_under_their_headings() {
        let text = "Clients\rNom complet\u{7}NAS\u{7}Courriel\u{7}\u{7}Renée Lessard\u{7}130 692 544\u{7}rl@example.com\u{7}\u{7}\
                    Luc Gagnon\u{7}\u{7}lg@example.com\u{7}\u{7}Fin";
        let marks: Vec<usize> = text
            .encode_utf16()
            .enumerate()
            .filter(|(_, u)| *u == 7)
            .map(|(i, _)| i)
            .collect();
        // Each row's fourth mark ends it (the third row's second cell is empty).
        let row_ends: Vec<usize> = marks.iter().skip(3).step_by(4).copied().collect();
        let doc = word97_with_rows(text, 0x0200, &row_ends);
        let docs = crate::reader::tests::read_bytes("clients.doc", &doc, &crate::Limits::default()).docs;
        assert!(docs[0].3.is_empty(), "{:?}", docs[0].3);
        assert_eq!(
            docs[0].1.trim_end(),
            "Clients\nNom complet\tNAS\tCourriel\nNom complet: Renée Lessard\tNAS: 130 692 544\tCourriel: rl@example.com\n\
             Nom complet: Luc Gagnon\t\tCourriel: lg@example.com\nFin"
        );
        // Damaged properties give fewer row ends, never a panic.
        let pn = doc.len();
        for at in (0..pn).step_by(3) {
            let mut mangled = doc.clone();
            mangled[at] ^= 0xA5;
            crate::reader::tests::read_bytes("clients.doc", &mangled, &crate::Limits::default());
        }
        assert!(
            !ends_a_row(&[0x08, 0xD6, 0xff, 0xff], &[]),
            "a table definition past the end"
        );
        assert!(!ends_a_row(&[0x17], &[]));
        // Properties too large for their page, in the `Data` stream.
        let data = [9u8, 9, 3, 0, 0x17, 0x24, 1];
        assert!(ends_a_row(&[0x46, 0x66, 2, 0, 0, 0], &data));
        assert!(
            !ends_a_row(&[0x46, 0x66, 200, 0, 0, 0], &data),
            "pointing past the stream"
        );
    }

    #[test]
    fn an_encrypted_word_document_is_reported() {
        let doc = word97("secret", 0x0200 | 0x0100);
        let docs = crate::reader::tests::read_bytes("locked.doc", &doc, &crate::Limits::default()).docs;
        assert_eq!(docs[0].3, ["encrypted Word document: not scanned"]);
        assert!(docs[0].1.is_empty());
    }

    #[test]
    fn damaged_input_is_an_error_not_a_panic() {
        assert!(piece_table(&[2, 0xff, 0xff, 0xff, 0xff], (0, 5)).is_none());
        assert!(piece_table(&[1, 0xff, 0xff], (0, 3)).is_none());
        assert!(piece_table(&[], (7, 1 << 30)).is_none());
        assert!(Fib::parse(&[0xEC, 0xA5]).is_none());
        // A piece claiming more than the stream holds is cut, not read past.
        let piece = Piece {
            offset: 2,
            chars: usize::MAX / 2,
            compressed: false,
        };
        let mut out = String::new();
        piece.append(b"\0\0a\0b\0", &[], &mut out, &mut Vec::new());
        assert_eq!(out, "ab");
    }
}
