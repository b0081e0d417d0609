//! Word-processing, presentation and drawing documents that are zips of
//! XML: docx, pptx and vsdx (Office Open XML), odt and odp (OpenDocument).
//! The text of
//! the body parts (an OpenDocument's embedded objects' too), paragraph by
//! paragraph, and the creation and change dates of the document's
//! properties; and the files embedded in an Office package.
//!
//! The XML parser never expands entities declared in a DTD, so an entity
//! bomb inside a document yields no text and no blow-up.

use crate::embedded::{Files, Taken, MAX_FILES};
use crate::output::Output;
use crate::sniff::Kind;
use crate::table::CellLabels;
use breachscope_core::{Origin, Segment};
use chrono::NaiveDate;
use quick_xml::events::Event;
use std::io::{Cursor, Read};

/// One XML part is refused above this many bytes uncompressed.
const MAX_PART: u64 = 128 << 20;

/// Reads a docx, pptx, vsdx, odt or odp document.
pub(crate) fn read(bytes: &[u8], kind: Kind, out: &mut Output<'_>) {
    let mut zip = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(z) => z,
        Err(e) => return out.error(format!("{} container is corrupt: {e}", kind.name())),
    };
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    if matches!(kind, Kind::Odt | Kind::Odp) && odf_encrypted(&mut zip) {
        return out.error(format!(
            "password-protected {}: content encrypted, not scanned",
            kind.name()
        ));
    }
    let (mut parts, properties): (Vec<String>, &[&str]) = match kind {
        Kind::Docx => {
            let extra = [
                "word/header",
                "word/footer",
                "word/footnotes",
                "word/endnotes",
                "word/comments",
                // A SmartArt graphic's text (an organization chart's
                // people) is kept in its data part, not the document's.
                "word/diagrams/data",
            ];
            let mut parts = vec!["word/document.xml".to_string()];
            parts.extend(
                names
                    .iter()
                    .filter(|n| extra.iter().any(|e| n.starts_with(e)) && n.ends_with(".xml"))
                    .cloned(),
            );
            (parts, &["docProps/core.xml"])
        }
        Kind::Pptx => {
            let mut slides: Vec<String> = names
                .iter()
                .filter(|n| {
                    let slide_part = ["ppt/slides/slide", "ppt/notesSlides/notesSlide", "ppt/diagrams/data"];
                    slide_part.iter().any(|part| n.starts_with(part)) && n.ends_with(".xml")
                })
                .cloned()
                .collect();
            // The slides, then their notes, then their SmartArt graphics'
            // text (kept in parts of their own).
            slides.sort_by_key(|n| (n.contains("notes"), n.contains("diagrams"), numbers_in(n)));
            (slides, &["docProps/core.xml"])
        }
        // A drawing's text is its shapes' on each page (a network's hosts
        // and addresses, an organization chart's people).
        Kind::Vsdx => {
            let mut pages: Vec<String> = names
                .iter()
                .filter(|n| n.starts_with("visio/pages/page") && n.ends_with(".xml"))
                .cloned()
                .collect();
            pages.sort_by_key(|n| numbers_in(n));
            (pages, &["docProps/core.xml"])
        }
        // An embedded object (a spreadsheet or chart in a text, a
        // formula) keeps its own content in a folder of the package.
        _ => {
            let objects = names
                .iter()
                .filter(|n| n.ends_with("/content.xml") && n.matches('/').count() == 1)
                .take(MAX_FILES)
                .cloned();
            (
                std::iter::once("content.xml".to_string()).chain(objects).collect(),
                &["meta.xml"],
            )
        }
    };
    parts.dedup();
    for part in &parts {
        match read_part(&mut zip, part) {
            Ok(Some(xml)) => match xml_text(&xml) {
                Ok(text) => out.segment(Segment::new(text, Origin::Part(part.clone()))),
                Err(e) => out.error(format!("{part}: {e}")),
            },
            Ok(None) if part == "word/document.xml" || part == "content.xml" => out.error(format!("{part} is missing")),
            Ok(None) => {}
            Err(e) => out.error(format!("{part}: {e}")),
        }
    }
    for part in properties {
        if let Ok(Some(xml)) = read_part(&mut zip, part) {
            out.meta_dates.extend(property_dates(&xml));
        }
    }
}

/// The folders of an Office package that hold the files embedded in it.
const EMBEDDINGS: [&str; 4] = [
    "word/embeddings/",
    "ppt/embeddings/",
    "xl/embeddings/",
    "visio/embeddings/",
];

/// The files embedded in an Office package (a worksheet in a letter, a
/// workbook in a slide, an OLE object), each pushed to `children` under
/// its name to be read as a document of its own: their text is in the
/// package as much as the document's own. Within `embedded`'s bound; past
/// it, or where one cannot be read, the package's errors say so.
pub(crate) fn embedded_files(bytes: &[u8], out: &mut Output<'_>, children: &mut Files) {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return;
    };
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok())
        .filter(|n| EMBEDDINGS.iter().any(|folder| n.starts_with(folder)) && !n.ends_with('/'))
        .map(|n| n.into_owned())
        .collect();
    let mut taken = Taken::default();
    let count = taken.counted(names.len());
    for name in names.iter().take(count) {
        if !taken.room_for_another() {
            break;
        }
        match read_part(&mut zip, name) {
            Ok(Some(data)) => taken.take(name.rsplit('/').next().unwrap_or(name).to_string(), data),
            Ok(None) => {}
            Err(e) => taken.errors.push(format!("{name}: {e}")),
        }
    }
    taken.finish(out, children);
}

/// The numbers in a part's name, in order (`Documents/2/Pages/10.fpage`
/// is `[2, 10]`): parts named by number sort in their numbers' order.
pub(crate) fn numbers_in(name: &str) -> Vec<u32> {
    name.split(|c: char| !c.is_ascii_digit())
        .filter_map(|digits| digits.parse().ok())
        .collect()
}

/// The bytes of one part of a zip container, within the part bound.
pub(crate) fn read_part<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Option<Vec<u8>>, String> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    let mut data = Vec::new();
    file.take(MAX_PART + 1)
        .read_to_end(&mut data)
        .map_err(|e| e.to_string())?;
    if data.len() as u64 > MAX_PART {
        return Err(format!("part over {} MiB: not scanned", MAX_PART >> 20));
    }
    Ok(Some(data))
}

/// An XML part decoded as its bytes say, refused when it declares
/// entities (the parser never expands them, but their references would
/// be read as nothing).
pub(crate) fn xml_source(xml: &[u8]) -> Result<String, String> {
    let source = crate::text::decode(xml);
    if source.contains("<!ENTITY") {
        return Err(
            "declares XML entities (an entity-expansion bomb?): entities not expanded, part not scanned".into(),
        );
    }
    Ok(source)
}

/// The text of an XML document: paragraphs on their own lines, table
/// cells and tabs as tab characters, entity references resolved only when
/// predefined or numeric.
pub(crate) fn xml_text(xml: &[u8]) -> Result<String, String> {
    let source = xml_source(xml)?;
    let mut reader = quick_xml::Reader::from_str(&source);
    let mut text = String::new();
    // Word and PowerPoint (`tbl`, `tr`, `tc`) and OpenDocument (`table`,
    // `table-row`, `table-cell`) tables alike.
    let mut tables = CellLabels::default();
    let open = |name: &str, text: &mut String, tables: &mut CellLabels| match name {
        "tbl" | "table" => tables.table_starts(),
        "tr" | "table-row" => tables.row_starts(text),
        "tc" | "table-cell" => tables.cell_starts(text),
        "tab" => text.push('\t'),
        "br" | "cr" | "line-break" => text.push('\n'),
        "s" => text.push(' '),
        _ => {}
    };
    let close = |name: &str, text: &mut String, tables: &mut CellLabels| match name {
        "tbl" | "table" => tables.table_ends(text),
        // (`Text`: a Visio shape's text.)
        "p" | "h" | "Text" => text.push('\n'),
        // A row is a line, its cells apart by tabs: the line break that
        // ends a cell's last paragraph, and the tab after its last cell,
        // would split the row's fields into lines apart by blank ones.
        "tr" | "table-row" => {
            tables.row_ends(text);
            if text.ends_with('\t') {
                text.pop();
            }
            text.push('\n');
        }
        "tc" | "table-cell" => {
            let kept = text.trim_end_matches('\n').len();
            text.truncate(kept);
            tables.cell_ends(text);
            text.push('\t');
        }
        _ => {}
    };
    loop {
        match reader.read_event() {
            Ok(Event::Text(t)) => text.push_str(&t.xml10_content()),
            Ok(Event::CData(t)) => text.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) => push_reference(&mut text, &r),
            Ok(Event::Start(e)) => open(e.local_name().as_ref(), &mut text, &mut tables),
            Ok(Event::Empty(e)) => {
                let name = e.local_name();
                open(name.as_ref(), &mut text, &mut tables);
                close(name.as_ref(), &mut text, &mut tables);
            }
            Ok(Event::End(e)) => close(e.local_name().as_ref(), &mut text, &mut tables),
            Ok(Event::Eof) => return Ok(text),
            Ok(_) => {}
            Err(e) => {
                if text.trim().is_empty() {
                    return Err(format!("malformed XML: {e}"));
                }
                // Keep what was read before the damage.
                return Ok(text);
            }
        }
    }
}

/// Whether an OpenDocument package is password-protected: its manifest
/// gives the encryption of its parts.
pub(crate) fn odf_encrypted<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>) -> bool {
    read_part(zip, "META-INF/manifest.xml")
        .ok()
        .flatten()
        .is_some_and(|manifest| manifest.windows(15).any(|w| w == b"encryption-data"))
}

/// Appends the character an entity reference stands for, when it is
/// numeric or predefined: declared entities are never expanded.
pub(crate) fn push_reference(text: &mut String, reference: &quick_xml::events::BytesRef<'_>) {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        text.push(c);
        return;
    }
    match reference.as_ref() {
        "amp" => text.push('&'),
        "lt" => text.push('<'),
        "gt" => text.push('>'),
        "quot" => text.push('"'),
        "apos" => text.push('\''),
        _ => {}
    }
}

/// Creation and modification dates in a properties part (`docProps/core.xml`
/// or ODF `meta.xml`).
pub(crate) fn property_dates(xml: &[u8]) -> Vec<NaiveDate> {
    let source = crate::text::decode(xml);
    let mut reader = quick_xml::Reader::from_str(&source);
    let mut dates = Vec::new();
    let mut inside = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                inside = matches!(
                    e.local_name().as_ref(),
                    "created" | "modified" | "creation-date" | "date"
                );
            }
            Ok(Event::Text(t)) if inside => {
                if let Some(date) = t
                    .xml10_content()
                    .get(..10)
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                {
                    dates.push(date);
                }
            }
            Ok(Event::End(_)) => inside = false,
            Ok(Event::Eof) | Err(_) => return dates,
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::tests::read_bytes;
    use crate::Limits;
    use breachscope_demo::formats::{docx, xlsx};

    #[test]
    fn an_opendocument_s_embedded_objects_are_read_with_it() {
        let content = |text: &str| {
            format!(
                r#"<office:document-content xmlns:office="o" xmlns:text="t"><office:body><text:p>{text}</text:p></office:body></office:document-content>"#
            )
            .into_bytes()
        };
        let odt = breachscope_demo::formats::zipfile::build(&[
            ("mimetype".into(), b"application/vnd.oasis.opendocument.text".to_vec()),
            ("content.xml".into(), content("Our payees:")),
            ("Object 1/content.xml".into(), content("Marie Tremblay 130 692 544")),
            ("Object 1/styles.xml".into(), content("not read")),
        ]);
        let docs = read_bytes("letter.odt", &odt, &Limits::default()).docs;
        assert_eq!(docs.len(), 1);
        assert!(
            docs[0].1.contains("Our payees:") && docs[0].1.contains("130 692 544"),
            "{:?}",
            docs[0].1
        );
        assert!(!docs[0].1.contains("not read"));
    }

    #[test]
    fn files_embedded_in_a_package_are_documents_of_their_own() {
        let sheet = xlsx::build(
            "Payees",
            &[
                vec![xlsx::Cell::Text("Name".into()), xlsx::Cell::Text("SIN".into())],
                vec![
                    xlsx::Cell::Text("Marie Tremblay".into()),
                    xlsx::Cell::Text("130 692 544".into()),
                ],
            ],
        );
        let day = chrono::NaiveDate::from_ymd_opt(2022, 1, 28).unwrap();
        let letter = docx::build("Note", &["See the sheet below.".to_string()], day);
        let built = docx::build_with_embedded(
            "Letter",
            &["Our payees, as asked.".to_string()],
            day,
            &[
                ("Microsoft_Excel_Worksheet.xlsx".to_string(), sheet),
                ("Document1.docx".to_string(), letter),
            ],
        );
        let docs = read_bytes("letter.docx", &built, &Limits::default()).docs;
        let paths: Vec<&str> = docs.iter().map(|d| d.0.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "letter.docx",
                "letter.docx!Microsoft_Excel_Worksheet.xlsx",
                "letter.docx!Document1.docx"
            ]
        );
        assert!(docs[1].1.contains("130 692 544"), "{:?}", docs[1].1);
        assert!(docs[2].1.contains("See the sheet below."));
        assert!(docs.iter().all(|d| d.3.is_empty()), "{docs:?}");
        // Bounded in number.
        let many: Vec<(String, Vec<u8>)> = (0..300).map(|i| (format!("n{i}.txt"), b"x".to_vec())).collect();
        let built = docx::build_with_embedded("Many", &[], day, &many);
        let docs = read_bytes("many.docx", &built, &Limits::default()).docs;
        assert_eq!(docs.len(), 1 + MAX_FILES);
        assert!(docs[0].3[0].contains("300 embedded files"), "{:?}", docs[0].3);
    }

    #[test]
    fn paragraphs_tabs_and_references() {
        let xml = br#"<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>Transit</w:t><w:tab/><w:t>12345 &amp; &#233;</w:t></w:r></w:p><w:p><w:r><w:t>SIN</w:t></w:r></w:p></w:body></w:document>"#;
        assert_eq!(xml_text(xml).unwrap(), "Transit\t12345 & é\nSIN\n");
    }

    #[test]
    fn cells_under_a_header_row_carry_its_labels() {
        let cell = |t: &str| format!("<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>");
        let row = |cells: &[&str]| format!("<w:tr>{}</w:tr>", cells.iter().map(|c| cell(c)).collect::<String>());
        let xml = format!(
            r#"<w:document xmlns:w="x"><w:body><w:tbl>{}{}</w:tbl><w:tbl>{}</w:tbl></w:body></w:document>"#,
            row(&["Employee name", "Department", "Social Insurance Number"]),
            row(&["Marie Tremblay", "", "130 692 544"]),
            row(&["Total", "42"]),
        );
        let text = xml_text(xml.as_bytes()).unwrap();
        // A row a line, its cells apart by tabs; the empty cell stays
        // empty, unlabelled; a table whose first row is no header is left
        // as it is.
        assert_eq!(
            text,
            "Employee name\tDepartment\tSocial Insurance Number\n\
             Employee name: Marie Tremblay\t\tSocial Insurance Number: 130 692 544\n\
             Total\t42\n"
        );
    }

    #[test]
    fn entity_bomb_is_not_expanded() {
        let mut xml = String::from("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for i in 1..10 {
            xml.push_str(&format!(
                "<!ENTITY lol{i} \"{}\">",
                format!("&lol{};", i - 1).repeat(10)
            ));
        }
        xml.push_str("]><w:document><w:p><w:t>&lol9;</w:t></w:p></w:document>");
        let error = xml_text(xml.as_bytes()).unwrap_err();
        assert!(error.contains("entity"), "{error}");
    }

    #[test]
    fn malformed_xml_is_an_error_or_partial_text() {
        assert!(xml_text(b"<a><b></a>").unwrap_or_default().len() < 4);
        assert_eq!(xml_text(b"<w:p><w:t>kept</w:t></w:p><broken").unwrap(), "kept\n");
    }

    #[test]
    fn smartart_text_is_read_with_the_document_s() {
        use std::io::Write;
        let person = |name: &str, title: &str| {
            format!(
                r#"<dgm:pt modelId="{{{name}}}"><dgm:t><a:bodyPr/><a:p><a:r><a:t>{name}</a:t></a:r></a:p><a:p><a:r><a:t>{title}</a:t></a:r></a:p></dgm:t></dgm:pt>"#
            )
        };
        let data = format!(
            r#"<dgm:dataModel xmlns:dgm="d" xmlns:a="a"><dgm:ptLst><dgm:pt modelId="0" type="doc"><dgm:t><a:p/></dgm:t></dgm:pt>{}{}</dgm:ptLst></dgm:dataModel>"#,
            person("Marie Tremblay", "Directrice"),
            person("Jean Ouellet", "Comptable")
        );
        let package = |parts: &[(&str, &str)]| {
            let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
            for (name, xml) in parts {
                zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
                zip.write_all(xml.as_bytes()).unwrap();
            }
            zip.finish().unwrap().into_inner()
        };
        let paragraph = |t: &str| {
            format!(r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:body></w:document>"#)
        };
        let slide = |t: &str| format!(r#"<p:sld xmlns:p="p" xmlns:a="a"><a:p><a:r><a:t>{t}</a:t></a:r></a:p></p:sld>"#);
        for (name, parts) in [
            (
                "org.docx",
                vec![
                    ("word/document.xml", paragraph("Organigramme")),
                    ("word/diagrams/data1.xml", data.clone()),
                ],
            ),
            (
                "org.pptx",
                vec![
                    ("ppt/presentation.xml", "<p:presentation xmlns:p=\"p\"/>".to_string()),
                    ("ppt/slides/slide1.xml", slide("Organigramme")),
                    ("ppt/diagrams/data1.xml", data.clone()),
                    ("ppt/slides/slide2.xml", slide("Questions")),
                ],
            ),
        ] {
            let parts: Vec<(&str, &str)> = parts.iter().map(|(n, x)| (*n, x.as_str())).collect();
            let docs = read_bytes(name, &package(&parts), &Limits::default()).docs;
            let text = docs[0].1.as_str();
            assert!(text.starts_with("Organigramme\n"), "{name}: {text:?}");
            assert!(
                text.contains("Marie Tremblay\nDirectrice\nJean Ouellet\nComptable\n"),
                "{name}: {text:?}"
            );
        }
    }

    #[test]
    fn a_visio_drawing_gives_its_pages_shapes_text_in_order() {
        use std::io::Write;
        let page = |text: &str| {
            format!(
                r#"<PageContents xmlns="http://schemas.microsoft.com/office/visio/2012/main"><Shapes><Shape ID="1"><Cell N="PinX" V="1"/><Text><cp IX="0"/>{text}</Text></Shape><Shape ID="2"><Text>FS01</Text></Shape></Shapes></PageContents>"#
            )
        };
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for (name, data) in [
            ("visio/document.xml", "<VisioDocument/>".to_string()),
            ("visio/pages/page10.xml", page("Contact: Jean Roy")),
            ("visio/pages/page2.xml", page("Contact: Marie Tremblay 416-555-0142")),
            (
                "docProps/core.xml",
                r#"<cp:coreProperties xmlns:cp="c" xmlns:dcterms="d"><dcterms:created>2021-05-04T10:00:00Z</dcterms:created></cp:coreProperties>"#.to_string(),
            ),
        ] {
            zip.start_file(name, options).unwrap();
            zip.write_all(data.as_bytes()).unwrap();
        }
        let bytes = zip.finish().unwrap().into_inner();
        let docs = read_bytes("network.vsdx", &bytes, &Limits::default()).docs;
        assert_eq!(docs.len(), 1, "{docs:?}");
        assert_eq!(docs[0].0.kind, Kind::Vsdx);
        assert_eq!(
            docs[0].1.trim_end(),
            "Contact: Marie Tremblay 416-555-0142\nFS01\n\nContact: Jean Roy\nFS01"
        );
        assert_eq!(docs[0].2, [NaiveDate::from_ymd_opt(2021, 5, 4).unwrap()]);
        assert!(docs[0].3.is_empty(), "{docs:?}");
    }

    #[test]
    fn property_dates_are_read() {
        let xml = br#"<cp:coreProperties><dcterms:created>2021-11-03T09:00:00Z</dcterms:created><dcterms:modified>2022-01-28T10:00:00Z</dcterms:modified><dc:title>2019-01-01</dc:title></cp:coreProperties>"#;
        let dates: Vec<String> = property_dates(xml).iter().map(|d| d.to_string()).collect();
        assert_eq!(dates, ["2021-11-03", "2022-01-28"]);
    }
}
