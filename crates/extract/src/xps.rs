//! XPS and OpenXPS documents (`.xps`, `.oxps`): what Windows' "Microsoft
//! XPS Document Writer" printer saves, an invoice or a statement printed
//! to a file. A zip package whose fixed pages (`Documents/1/Pages/1.fpage`)
//! are XML: each run of text a `Glyphs` element, its characters in its
//! `UnicodeString` attribute, placed at `OriginX`, `OriginY` in a font of
//! `FontRenderingEmSize`. Each page is a segment of its own, its runs
//! joined in the order drawn: a run on the baseline of the one before and
//! to its right goes on its line (apart by a tab when far from it, a table's
//! next cell), any other starts a new line.
//!
//! No crate reads XPS's text; only the pages' `Glyphs` and the package's
//! core properties are read here, with quick-xml (which never expands a
//! DTD's entities), each part within `ooxml`'s part bound.

use crate::ooxml::{numbers_in, property_dates, read_part, xml_source};
use crate::output::Output;
use breachscope_core::{Origin, Segment};
use quick_xml::events::Event;
use std::io::Cursor;

/// Pages read at most.
const MAX_PAGES: usize = 10_000;
/// A character's advance, in ems, where the run does not give its own.
const AVERAGE_ADVANCE: f32 = 0.5;

/// Reads an XPS document's pages and dates.
pub(crate) fn read(bytes: &[u8], out: &mut Output<'_>) {
    let mut zip = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(z) => z,
        Err(e) => return out.error(format!("XPS container is corrupt: {e}")),
    };
    let mut pages: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .filter(|n| n.to_ascii_lowercase().ends_with(".fpage"))
        .collect();
    if pages.is_empty() {
        return out.error("XPS document has no page: nothing scanned".to_string());
    }
    // In the order the writer names them: document, then page.
    pages.sort_by_key(|name| numbers_in(name));
    if pages.len() > MAX_PAGES {
        out.error(format!(
            "XPS document has {} pages: the first {MAX_PAGES} scanned",
            pages.len()
        ));
        pages.truncate(MAX_PAGES);
    }
    let mut any_text = false;
    for (number, page) in (1..).zip(&pages) {
        match read_part(&mut zip, page) {
            Ok(Some(xml)) => match page_text(&xml) {
                Ok(text) => {
                    any_text |= !text.is_empty();
                    out.segment(Segment::new(text, Origin::Page(number)));
                }
                Err(e) => out.error(format!("{page}: {e}")),
            },
            Ok(None) => {}
            Err(e) => out.error(format!("{page}: {e}")),
        }
    }
    if !any_text {
        out.error(
            "XPS pages give no characters (glyphs drawn by number alone, or text drawn as shapes): nothing scanned"
                .to_string(),
        );
    }
    if let Ok(Some(xml)) = read_part(&mut zip, "docProps/core.xml") {
        out.meta_dates.extend(property_dates(&xml));
    }
}

/// A run of text drawn on a page.
struct Run {
    text: String,
    x: f32,
    y: f32,
    /// Its font size, in page units.
    em: f32,
    /// How wide it draws, in page units.
    width: f32,
}

/// The text of a fixed page.
fn page_text(xml: &[u8]) -> Result<String, String> {
    let source = xml_source(xml)?;
    let mut reader = quick_xml::Reader::from_str(&source);
    let mut text = String::new();
    let mut last: Option<Run> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Glyphs" => {
                let Some(run) = run_of(&e) else { continue };
                text.push_str(separator(last.as_ref(), &run));
                text.push_str(&run.text);
                last = Some(run);
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            // A damaged page keeps what was read before the damage.
            Err(e) if text.is_empty() => return Err(format!("XML error: {e}")),
            Err(_) => break,
        }
    }
    if last.is_some() {
        text.push('\n');
    }
    Ok(text)
}

/// What goes between the run drawn before and `run`: nothing before the
/// first; a space on the same baseline further right, a tab when more
/// than two ems from the end of the one before; else a line break.
fn separator(last: Option<&Run>, run: &Run) -> &'static str {
    let Some(last) = last else { return "" };
    let same_line = (run.y - last.y).abs() <= last.em.max(run.em) * 0.3;
    let end = last.x + last.width;
    if !same_line || run.x < end - last.em {
        "\n"
    } else if run.x > end + 2.0 * last.em {
        "\t"
    } else {
        " "
    }
}

/// The run a `Glyphs` element draws, if it gives its characters.
fn run_of(element: &quick_xml::events::BytesStart<'_>) -> Option<Run> {
    let mut run = Run {
        text: String::new(),
        x: 0.0,
        y: 0.0,
        em: 12.0,
        width: 0.0,
    };
    let mut advances: Option<Vec<Option<f32>>> = None;
    for attribute in element.attributes().flatten() {
        let Ok(value) = attribute.normalized_value(quick_xml::XmlVersion::Implicit1_0) else {
            continue;
        };
        // A place or size that is no number is left at its default: the
        // text is kept all the same.
        let number = |default: f32| {
            value
                .trim()
                .parse::<f32>()
                .ok()
                .filter(|n| n.is_finite())
                .unwrap_or(default)
        };
        match attribute.key.local_name().as_ref() {
            // `{}` opens a string that itself starts with a brace.
            "UnicodeString" => run.text = value.strip_prefix("{}").unwrap_or(&value).to_string(),
            "OriginX" => run.x = number(run.x),
            "OriginY" => run.y = number(run.y),
            "FontRenderingEmSize" => run.em = number(run.em).abs(),
            "Indices" => advances = Some(index_advances(&value)),
            _ => {}
        }
    }
    // Control characters would break the page's lines and cells.
    run.text.retain(|c| !c.is_control());
    if run.text.trim().is_empty() {
        return None;
    }
    // Each character's advance where `Indices` gives it (hundredths of
    // an em), the average elsewhere.
    let given = advances.unwrap_or_default();
    let ems: f32 = (0..run.text.chars().count())
        .map(|i| given.get(i).copied().flatten().map_or(AVERAGE_ADVANCE, |a| a / 100.0))
        .sum();
    run.width = ems * run.em;
    Some(run)
}

/// The advance of each glyph an `Indices` attribute lists
/// (`index,advance,u,v;...`), where it gives one.
fn index_advances(indices: &str) -> Vec<Option<f32>> {
    indices
        .split(';')
        .map(|glyph| {
            let advance = glyph.split(',').nth(1)?.trim();
            advance.parse::<f32>().ok().filter(|a| a.is_finite())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::tests::read_bytes;
    use crate::{Kind, Limits};
    use std::io::Write;

    /// A `Glyphs` element drawing `text` at `(x, y)` in a 12-unit font.
    fn glyphs(x: u32, y: u32, text: &str) -> String {
        format!(
            r##"<Glyphs Fill="#ff000000" FontUri="/Resources/f.odttf" FontRenderingEmSize="12" OriginX="{x}" OriginY="{y}" UnicodeString="{text}" />"##
        )
    }

    /// An XPS package of these parts.
    fn package(parts: &[(&str, String)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in parts {
            zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            zip.write_all(data.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn page(body: &str) -> String {
        format!(
            r#"<FixedPage xmlns="http://schemas.microsoft.com/xps/2005/06" Width="816" Height="1056"><Canvas>{body}</Canvas></FixedPage>"#
        )
    }

    #[test]
    fn an_xps_document_s_pages_are_read_in_order_with_their_lines_and_cells() {
        let first = page(
            &[
                glyphs(96, 100, "INVOICE"),
                // A label and its value drawn as two runs on one line.
                glyphs(96, 120, "Bill to:"),
                glyphs(146, 120, "Marie Tremblay"),
                // A table's cells, far apart on one baseline.
                glyphs(96, 160, "SIN"),
                glyphs(300, 160, "Email"),
                glyphs(96, 180, "130 692 544"),
                glyphs(300, 180, "{}{marie}@example.ca"),
            ]
            .concat(),
        );
        let docs = read_bytes(
            "statement.xps",
            &package(&[
                ("FixedDocSeq.fdseq", "<FixedDocumentSequence/>".into()),
                ("Documents/1/Pages/10.fpage", page(&glyphs(96, 100, "Page ten"))),
                ("Documents/1/Pages/2.fpage", page(&glyphs(96, 100, "Page two"))),
                ("Documents/1/Pages/1.fpage", first),
                (
                    "docProps/core.xml",
                    r#"<cp:coreProperties xmlns:cp="c" xmlns:dcterms="d"><dcterms:created>2019-03-04T10:00:00Z</dcterms:created></cp:coreProperties>"#.into(),
                ),
            ]),
            &Limits::default(),
        )
        .docs;
        assert_eq!(docs.len(), 1, "{docs:?}");
        assert_eq!(docs[0].0.kind, Kind::Xps);
        assert_eq!(
            docs[0].1.trim_end(),
            "INVOICE\nBill to: Marie Tremblay\nSIN\tEmail\n130 692 544\t{marie}@example.ca\n\nPage two\n\nPage ten"
        );
        assert_eq!(docs[0].2, [chrono::NaiveDate::from_ymd_opt(2019, 3, 4).unwrap()]);
        assert!(docs[0].3.is_empty(), "{:?}", docs[0].3);
    }

    #[test]
    fn advances_given_by_the_run_place_the_next_one() {
        // "Total" drawn with wide advances (200 hundredths of an em a
        // glyph: 120 units) ends at 216, so a run at 230 is its line's
        // next word, not a cell far from it.
        let wide = r#"<Glyphs FontRenderingEmSize="12" OriginX="96" OriginY="100" Indices=",200;,200;,200;,200;,200" UnicodeString="Total"/>"#;
        assert_eq!(
            page_text(page(&(wide.to_string() + &glyphs(230, 100, "due"))).as_bytes()).unwrap(),
            "Total due\n"
        );
        assert_eq!(index_advances("(1:2)36,57.5;;12"), [Some(57.5), None, None]);
    }

    #[test]
    fn damaged_or_hostile_pages_say_why_without_a_panic() {
        // Pages whose glyphs give no characters; a broken package named
        // as XPS.
        let numbers_only = page(r#"<Glyphs OriginX="1" OriginY="2" Indices="43;72;72"/>"#);
        let docs = read_bytes(
            "scan.xps",
            &package(&[("Documents/1/Pages/1.fpage", numbers_only)]),
            &Limits::default(),
        )
        .docs;
        assert_eq!(docs[0].0.kind, Kind::Xps);
        assert!(docs[0].3[0].contains("no characters"), "{:?}", docs[0].3);
        let docs = read_bytes("broken.xps", b"PK\x03\x04 broken", &Limits::default()).docs;
        assert_eq!(docs[0].0.kind, Kind::Xps);
        assert!(docs[0].3[0].contains("corrupt"), "{:?}", docs[0].3);
        // An entity bomb, a page cut short, odd numbers and attributes.
        let bomb = r#"<!DOCTYPE p [<!ENTITY a "aaaa">]><FixedPage><Glyphs UnicodeString="&a;"/></FixedPage>"#;
        assert!(page_text(bomb.as_bytes()).unwrap_err().contains("entit"));
        let cut = "<FixedPage>".to_string() + &glyphs(96, 100, "Kept line") + "<Glyphs OriginX=";
        assert_eq!(page_text(cut.as_bytes()).unwrap(), "Kept line\n");
        let odd = r#"<FixedPage><Glyphs OriginX="NaN" OriginY="1e40" UnicodeString="a"/><Glyphs OriginX="inf" UnicodeString="b&#x0A;c"/><Glyphs Indices=";;,,,;" UnicodeString="d"/><Glyphs/></FixedPage>"#;
        assert_eq!(page_text(odd.as_bytes()).unwrap(), "a bc d\n");
    }
}
