//! Text drawn in a composite (Type0) font with the `Identity-H` or
//! `Identity-V` encoding, two bytes a glyph, when the font gives no
//! `/ToUnicode` CMap stream to say what each code stands for.
//!
//! lopdf then reads one byte a code, as a simple font's: a Czech
//! statement reads "3HQQtSURVWHGN\QD~WHFK" for "Peněžní prostředky" and a
//! Polish invoice "pBatno[ci" for "płatności", text that is neither
//! scanned for what it holds nor honest about it. What the codes stand
//! for is found as a PDF reader would find it:
//! - `/ToUnicode /Identity-H` (a name, as TCPDF writes it): each code is
//!   its character's own UCS-2 value;
//! - no `/ToUnicode` at all, a TrueType font embedded (`/FontFile2`):
//!   each code is a CID, mapped to a glyph by `/CIDToGIDMap`, and the
//!   font's own character map (its `cmap` table, read with ttf-parser)
//!   says which character the glyph draws;
//! - a predefined Unicode CMap (`UniJIS-UCS2-H`, `UniKS-UTF16-H`, ...):
//!   each code is its character's UTF-16 value;
//! - a predefined CMap of a legacy CJK encoding (`90ms-RKSJ-H` is
//!   Shift_JIS, `EUC-H` EUC-JP, `GBK-EUC-H` GBK, `ETen-B5-H` Big5,
//!   `KSCms-UHC-H` the Korean code page; `H`, JIS X 0208's row and cell
//!   bytes, EUC-JP less its high bits): its codes are that encoding's
//!   bytes, decoded with encoding_rs.
//!
//! Any other composite font without a ToUnicode CMap stream (a CJK font
//! not embedded, drawn through a character collection's CMap; a CFF font
//! program, whose glyphs name no character) draws codes nothing here can
//! read: its text is left out and counted, so that the file says what was
//! not scanned rather than yielding bytes read as another font's.

use super::resolve;
use encoding_rs::Encoding;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;

/// The characters of a font's codes.
pub(super) type CidMap = HashMap<u16, char>;

/// How the two-byte codes of a composite font become text.
pub(super) enum CidText {
    /// Each code is its character's UCS-2 value.
    Ucs2,
    /// Each code's character, from the embedded font's character map;
    /// codes of glyphs it maps to no character are dropped.
    Mapped(CidMap),
    /// Codes that are a legacy encoding's bytes; with their high bits
    /// cleared (JIS X 0208's row and cell) when `seven_bit`.
    Legacy {
        encoding: &'static Encoding,
        seven_bit: bool,
    },
    /// Codes no map here gives the characters of: left out, counted.
    Unmapped,
}

impl CidText {
    /// The text `bytes` draw (a last odd byte is no code).
    pub fn decode(&self, bytes: &[u8]) -> String {
        let codes = bytes.chunks_exact(2).map(|pair| u16::from_be_bytes([pair[0], pair[1]]));
        match self {
            CidText::Ucs2 => char::decode_utf16(codes)
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect(),
            CidText::Mapped(map) => codes.filter_map(|code| map.get(&code)).collect(),
            CidText::Legacy { encoding, seven_bit } => {
                let raised: Vec<u8>;
                let bytes = if *seven_bit {
                    raised = bytes.iter().map(|b| b | 0x80).collect();
                    &raised
                } else {
                    bytes
                };
                encoding.decode_without_bom_handling(bytes).0.into_owned()
            }
            CidText::Unmapped => String::new(),
        }
    }

    /// How many glyphs of `bytes` are left out unread.
    pub fn unmapped_glyphs(&self, bytes: &[u8]) -> usize {
        match self {
            CidText::Unmapped => bytes.len() / 2,
            _ => 0,
        }
    }
}

/// How `font`'s codes become text, if it is a composite font drawn
/// through a predefined Unicode or legacy CJK CMap (lopdf reads such a
/// CMap's name as a simple font's encoding, its ToUnicode stream unread),
/// or one without a ToUnicode CMap stream; `None` for every other font
/// (lopdf reads those).
pub(super) fn cid_text(document: &Document, font: &Dictionary) -> Option<CidText> {
    let named = |key: &[u8]| font.get(key).and_then(Object::as_name).ok();
    let identity = |name: Option<&[u8]>| matches!(name, Some(b"Identity-H" | b"Identity-V"));
    if named(b"Subtype") != Some(b"Type0") {
        return None;
    }
    let encoding = named(b"Encoding");
    if encoding.is_some_and(is_unicode_cmap) {
        return Some(CidText::Ucs2);
    }
    if let Some(legacy) = encoding.and_then(legacy_cmap) {
        return Some(legacy);
    }
    match font.get(b"ToUnicode") {
        Ok(Object::Name(name)) if identity(Some(name)) => return Some(CidText::Ucs2),
        Ok(_) => return None,
        Err(_) => {}
    }
    if !identity(encoding) {
        return Some(CidText::Unmapped);
    }
    Some(embedded_truetype_map(document, font).map_or(CidText::Unmapped, CidText::Mapped))
}

/// Whether `name` is one of the predefined CMaps whose codes are UTF-16
/// (`UniGB-UCS2-H`, `UniJIS-UTF16-V`, `UniJIS-UCS2-HW-H`, ...).
fn is_unicode_cmap(name: &[u8]) -> bool {
    let has = |part: &[u8]| name.windows(part.len()).any(|w| w == part);
    name.starts_with(b"Uni") && (has(b"-UCS2-") || has(b"-UTF16-"))
}

/// How the codes of the predefined CMap `name` decode, if it is one of a
/// legacy CJK encoding (its writing direction, `-H` or `-V`, aside).
fn legacy_cmap(name: &[u8]) -> Option<CidText> {
    let name = std::str::from_utf8(name).ok()?;
    let stem = match name {
        "H" | "V" => "",
        _ => name.strip_suffix("-H").or_else(|| name.strip_suffix("-V"))?,
    };
    let seven_bit = stem.is_empty();
    let encoding = if seven_bit || stem == "EUC" {
        encoding_rs::EUC_JP
    } else if stem.ends_with("-RKSJ") {
        encoding_rs::SHIFT_JIS
    } else if stem.starts_with("GBK2K") {
        encoding_rs::GB18030
    } else if stem.starts_with("GB") && stem.contains("EUC") {
        encoding_rs::GBK
    } else if stem.contains("B5") {
        encoding_rs::BIG5
    } else if stem.starts_with("KSC") {
        encoding_rs::EUC_KR
    } else {
        return None;
    };
    Some(CidText::Legacy { encoding, seven_bit })
}

/// The characters of an Identity-encoded composite font's CIDs, from its
/// embedded TrueType program's character map.
fn embedded_truetype_map(document: &Document, font: &Dictionary) -> Option<CidMap> {
    let descendant = descendant(document, font)?;
    if descendant.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"CIDFontType2") {
        return None;
    }
    let program = descendant
        .get(b"FontDescriptor")
        .ok()
        .and_then(|d| resolve(document, d))
        .and_then(|d| d.as_dict().ok())?
        .get(b"FontFile2")
        .ok()?
        .as_reference()
        .ok()?;
    embedded_map(document, program, descendant)
}

/// The descendant (CID) font of a composite font: the first of its
/// `/DescendantFonts`.
pub(super) fn descendant<'a>(document: &'a Document, font: &'a Dictionary) -> Option<&'a Dictionary> {
    font.get(b"DescendantFonts")
        .ok()
        .and_then(|d| resolve(document, d))
        .and_then(|d| d.as_array().ok())
        .and_then(|a| a.first())
        .and_then(|d| resolve(document, d))
        .and_then(|d| d.as_dict().ok())
}

/// The character of each CID of the TrueType font program `program`,
/// drawn as `descendant` (a CIDFontType2 dictionary) says.
fn embedded_map(document: &Document, program: ObjectId, descendant: &Dictionary) -> Option<CidMap> {
    let stream = document.get_object(program).ok()?.as_stream().ok()?;
    let bytes = stream
        .decompressed_content()
        .ok()
        .unwrap_or_else(|| stream.content.clone());
    let glyphs = glyph_characters(&bytes)?;
    let cid_to_gid = match descendant.get(b"CIDToGIDMap").ok().and_then(|m| resolve(document, m)) {
        Some(Object::Stream(map)) => Some(map.decompressed_content().ok().unwrap_or_else(|| map.content.clone())),
        _ => None,
    };
    let Some(cid_to_gid) = cid_to_gid else {
        // `/Identity`, or no map: a CID is its glyph's number.
        return Some(glyphs);
    };
    let map = cid_to_gid
        .chunks_exact(2)
        .enumerate()
        .filter_map(|(cid, gid)| {
            let c = glyphs.get(&u16::from_be_bytes([gid[0], gid[1]]))?;
            Some((u16::try_from(cid).ok()?, *c))
        })
        .collect();
    Some(map)
}

/// The character each glyph of a TrueType font draws, from the Unicode
/// subtables of its `cmap` table (a glyph drawn for several characters,
/// as a space and a no-break space, is the first's). Only the Basic
/// Multilingual Plane is looked up, one character at a time: a table's
/// own ranges may claim billions of codes (ttf-parser's `codepoints`
/// would walk them all), and no element is written outside it.
fn glyph_characters(font: &[u8]) -> Option<CidMap> {
    let face = ttf_parser::RawFace::parse(font, 0).ok()?;
    let cmap = ttf_parser::cmap::Table::parse(face.table(ttf_parser::Tag::from_bytes(b"cmap"))?)?;
    let mut glyphs = CidMap::new();
    for subtable in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
        for c in ('\0'..='\u{FFFF}').filter(|c| !c.is_control()) {
            if let Some(glyph) = subtable.glyph_index(u32::from(c)).filter(|g| g.0 != 0) {
                glyphs.entry(glyph.0).or_insert(c);
            }
        }
    }
    (!glyphs.is_empty()).then_some(glyphs)
}

#[cfg(test)]
mod tests {
    use lopdf::{dictionary, Object, Stream};

    /// A TrueType font program of one table, `cmap`, whose format 4
    /// subtable (Windows, Unicode BMP) maps each of `chars` to the glyph
    /// numbered after it (1, 2, ...).
    fn font_program(chars: &[char]) -> Vec<u8> {
        let mut codes: Vec<(u16, u16)> = chars
            .iter()
            .enumerate()
            .map(|(i, c)| (*c as u16, i as u16 + 1))
            .collect();
        codes.sort_unstable();
        codes.push((0xFFFF, 0));
        let seg_count = codes.len() as u16;
        let be = |v: &mut Vec<u8>, x: u16| v.extend(x.to_be_bytes());
        let mut sub = Vec::new();
        for x in [4, 16 + 8 * seg_count, 0, 2 * seg_count, 2, 0, 0] {
            be(&mut sub, x);
        }
        codes.iter().for_each(|(c, _)| be(&mut sub, *c));
        be(&mut sub, 0);
        codes.iter().for_each(|(c, _)| be(&mut sub, *c));
        // One code a segment: its glyph is the code plus the delta.
        codes
            .iter()
            .for_each(|(c, g)| be(&mut sub, if *c == 0xFFFF { 1 } else { g.wrapping_sub(*c) }));
        codes.iter().for_each(|_| be(&mut sub, 0));
        let mut cmap = vec![0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12];
        cmap.extend(sub);
        let mut font = vec![0, 1, 0, 0, 0, 1, 0, 16, 0, 0, 0, 0];
        font.extend(b"cmap");
        font.extend([0, 0, 0, 0, 0, 0, 0, 28]);
        font.extend((cmap.len() as u32).to_be_bytes());
        font.extend(cmap);
        font
    }

    /// The text of a page drawing `glyphs` (two bytes a code) in a
    /// composite font without a ToUnicode map, whose embedded program is
    /// `program` and whose CIDs are mapped to glyphs by `cid_to_gid`;
    /// and the problems met reading it.
    fn drawn(program: Vec<u8>, cid_to_gid: Option<Vec<u8>>, codes: &[u16]) -> (String, Vec<String>) {
        let font = Composite {
            encoding: "Identity-H",
            descendant: "CIDFontType2",
            program_key: "FontFile2",
        };
        let shown: Vec<u8> = codes.iter().flat_map(|c| c.to_be_bytes()).collect();
        drawn_in(font, program, cid_to_gid, &shown)
    }

    /// A content stream showing the string `shown` in the font `/F2`.
    fn showing(shown: &[u8]) -> Vec<u8> {
        let hex: String = shown.iter().map(|b| format!("{b:02x}")).collect();
        format!("BT /F2 10 Tf 72 720 Td <{hex}> Tj ET").into_bytes()
    }

    /// `text` as UTF-16 code units, big-endian.
    fn utf16_be(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(|c| c.to_be_bytes()).collect()
    }

    /// How a composite font of a test page is made: its encoding (a CMap's
    /// name), its descendant's subtype, and the key of its font program.
    struct Composite {
        encoding: &'static str,
        descendant: &'static str,
        program_key: &'static str,
    }

    /// The text of a page showing the string `shown` in the composite
    /// font `font` without a ToUnicode map, whose program is `program`;
    /// and the problems met reading it.
    fn drawn_in(font: Composite, program: Vec<u8>, cid_to_gid: Option<Vec<u8>>, shown: &[u8]) -> (String, Vec<String>) {
        let pdf = super::super::tests::lopdf_page(&showing(shown), |doc, page, _| {
            let file = doc.add_object(Stream::new(dictionary! {}, program));
            let descriptor = doc.add_object(dictionary! { "Type" => "FontDescriptor", font.program_key => file });
            let mut descendant = dictionary! {
                "Type" => "Font", "Subtype" => font.descendant, "BaseFont" => "Subset",
                "FontDescriptor" => descriptor,
            };
            match cid_to_gid {
                Some(map) => descendant.set("CIDToGIDMap", doc.add_object(Stream::new(dictionary! {}, map))),
                None => descendant.set("CIDToGIDMap", "Identity"),
            }
            let descendant = doc.add_object(descendant);
            let font = doc.add_object(dictionary! {
                "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Subset",
                "Encoding" => font.encoding, "DescendantFonts" => vec![Object::from(descendant)],
            });
            page.set("Resources", dictionary! { "Font" => dictionary! { "F2" => font } });
        });
        let docs = crate::reader::tests::read_bytes("relevé.pdf", &pdf, &crate::Limits::default()).docs;
        (docs[0].1.trim_end().to_string(), docs[0].3.clone())
    }

    #[test]
    fn glyphs_are_read_through_the_embedded_font_s_character_map() {
        let text = "Peněžní SIN 130 692 544";
        let chars: Vec<char> = {
            let mut c: Vec<char> = text.chars().collect();
            c.sort_unstable();
            c.dedup();
            c
        };
        let glyph = |c: char| chars.iter().position(|x| *x == c).unwrap() as u16 + 1;
        let glyphs: Vec<u16> = text.chars().map(glyph).collect();
        assert_eq!(drawn(font_program(&chars), None, &glyphs).0, text);
        // CIDs mapped to glyphs by a map of their own: CID n draws glyph
        // `glyphs[n]`.
        let map: Vec<u8> = glyphs.iter().flat_map(|g| g.to_be_bytes()).collect();
        let cids: Vec<u16> = (0..glyphs.len() as u16).collect();
        assert_eq!(drawn(font_program(&chars), Some(map), &cids).0, text);
    }

    #[test]
    fn a_predefined_unicode_cmap_s_codes_are_their_characters() {
        let text = "東京 SIN 130 692 544 𝐀";
        let shown = utf16_be(text);
        for encoding in ["UniJIS-UCS2-H", "UniJIS-UTF16-V", "UniKS-UCS2-H"] {
            let font = Composite {
                encoding,
                descendant: "CIDFontType0",
                program_key: "FontFile3",
            };
            let (read, errors) = drawn_in(font, Vec::new(), None, &shown);
            assert_eq!(read, text, "{encoding}");
            assert!(errors.is_empty(), "{errors:?}");
        }
    }

    #[test]
    fn a_predefined_cmap_is_read_beside_a_to_unicode_stream() {
        // lopdf read the CMap's name as a simple encoding and the stream
        // not at all: the text was lost.
        let text = "東京 130 692 544";
        let pdf = super::super::tests::lopdf_page(&showing(&utf16_be(text)), |doc, page, _| {
            let cmap = doc.add_object(Stream::new(dictionary! {}, b"begincmap endcmap".to_vec()));
            let font = doc.add_object(dictionary! {
                "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "HeiseiKakuGo-W5",
                "Encoding" => "UniJIS-UCS2-H", "ToUnicode" => cmap,
            });
            page.set("Resources", dictionary! { "Font" => dictionary! { "F2" => font } });
        });
        let docs = crate::reader::tests::read_bytes("kanpo.pdf", &pdf, &crate::Limits::default()).docs;
        assert_eq!(docs[0].1.trim_end(), text);
    }

    #[test]
    fn a_legacy_cjk_cmap_s_codes_are_its_encoding_s_bytes() {
        let text = "東京 SIN 130 692 544";
        for (encoding, charset) in [
            ("90ms-RKSJ-H", encoding_rs::SHIFT_JIS),
            ("EUC-V", encoding_rs::EUC_JP),
            ("GBK-EUC-H", encoding_rs::GBK),
            ("ETenms-B5-H", encoding_rs::BIG5),
            ("KSCms-UHC-H", encoding_rs::EUC_KR),
        ] {
            let font = Composite {
                encoding,
                descendant: "CIDFontType0",
                program_key: "FontFile3",
            };
            let (read, errors) = drawn_in(font, Vec::new(), None, &charset.encode(text).0);
            assert_eq!(read, text, "{encoding}");
            assert!(errors.is_empty(), "{errors:?}");
        }
        // JIS X 0208's row and cell: EUC-JP's bytes less their high bits.
        let euc = encoding_rs::EUC_JP.encode("東京").0;
        let row_cell: Vec<u8> = euc.iter().map(|b| b & 0x7F).collect();
        let font = Composite {
            encoding: "H",
            descendant: "CIDFontType0",
            program_key: "FontFile3",
        };
        assert_eq!(drawn_in(font, Vec::new(), None, &row_cell).0, "東京");
    }

    #[test]
    fn codes_no_map_reads_are_left_out_and_said() {
        // A CFF program (its glyphs name no character), and a CJK font
        // drawn through a CMap of no encoding read here (JIS X 0212's):
        // read one byte a code, as lopdf would, they gave text of other
        // characters.
        for encoding in ["Identity-H", "Hojo-H"] {
            let font = Composite {
                encoding,
                descendant: "CIDFontType0",
                program_key: "FontFile3",
            };
            let (text, errors) = drawn_in(font, vec![0xAB; 64], None, &[0, 0x41, 0, 0x42, 0x30, 0x42]);
            assert_eq!(text, "", "{encoding}");
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert!(
                errors[0].starts_with("3 glyph(s) on page(s) 1 drawn in fonts with no character map"),
                "{errors:?}"
            );
        }
    }

    #[test]
    fn a_damaged_font_program_or_map_is_no_character_map() {
        // Its text left out and said (no character from a map), and no
        // crash.
        let mut truncated = font_program(&['a', 'b']);
        truncated.truncate(40);
        let damaged = [
            Vec::new(),
            b"\x00\x01\x00\x00\xff\xff".to_vec(),
            vec![0xAB; 300],
            truncated,
        ];
        for program in damaged {
            let (text, errors) = drawn(program, None, &[1, 2]);
            assert_eq!(text, "");
            assert!(errors[0].contains("no character map"), "{errors:?}");
        }
        // Each of its bytes overwritten in turn (its counts, offsets and
        // segment ends among them).
        let program = font_program(&['a', 'b', 'é']);
        let mut state = 0x2545_f491_u32;
        for at in 0..program.len() {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            let mut mutant = program.clone();
            mutant[at] = (state >> 24) as u8;
            let (_, errors) = drawn(mutant, None, &[1, 2, 3]);
            assert!(errors.iter().all(|e| !e.contains("crashed")), "byte {at}: {errors:?}");
        }
        // A map of CIDs cut in the middle of a glyph's number maps the
        // CIDs before the cut.
        let (text, errors) = drawn(font_program(&['a', 'b']), Some(vec![0, 2, 0]), &[0, 1]);
        assert_eq!((text.as_str(), errors.len()), ("b", 0));
    }
}
