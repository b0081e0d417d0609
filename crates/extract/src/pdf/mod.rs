//! PDF: the text layer page by page, its form fields' values (filled-in
//! widgets and XFA forms), the dates of the document's Info dictionary
//! and the files embedded in it, through lopdf (pure Rust). A
//! PDF that is encrypted, has no text layer (a scan) or will not parse is
//! reported as such; a panic in the parser is caught and reported for
//! that file alone.

mod annotations;
mod attachments;
mod cid_fonts;
mod page;
mod recover;
mod rows;
mod xfa;

use crate::output::Output;
use breachscope_core::{Origin, Segment};
use chrono::NaiveDate;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Pages read from one PDF at most.
const MAX_PAGES: usize = 10_000;
/// Bytes one deflated stream may inflate to.
const MAX_INFLATED_STREAM: u64 = 64 << 20;
/// Bytes all of a PDF's deflated streams may inflate to together.
const MAX_INFLATED_TOTAL: u64 = 256 << 20;

/// Reads a PDF; the files embedded in it are pushed to `children`.
pub(crate) fn read(bytes: &[u8], out: &mut Output<'_>, children: &mut Vec<(String, Vec<u8>)>) {
    // lopdf inflates streams without a bound: a 1 MB file can ask for
    // gigabytes. Every stream is first inflated into nothing, counting.
    if let Err(why) = within_inflation_bounds(bytes) {
        out.error(why);
        return;
    }
    let parsed = catch_unwind(AssertUnwindSafe(|| parse(bytes)));
    match parsed {
        Ok(Ok(pdf)) => {
            if pdf.decrypted {
                out.error(
                    "PDF encrypted with an empty password (restrictions only, anyone can open it): decrypted and read",
                );
            }
            out.meta_dates.extend(pdf.dates);
            let mut any_text = false;
            for (page, text) in pdf.pages {
                match text {
                    Ok(text) => {
                        any_text |= !text.trim().is_empty();
                        out.segment(Segment::new(text, Origin::Page(page)));
                    }
                    Err(e) => out.error(format!("page {page}: {e}")),
                }
            }
            if !pdf.unmapped.is_empty() {
                // Text there is, unread: no lenient scan of the streams.
                any_text = true;
                out.error(unmapped_text(&pdf.unmapped));
            }
            if let Some(values) = pdf.form_data {
                any_text = true;
                out.segment(Segment::new(values, Origin::Part("XFA form data".into())));
            }
            let attached = pdf.attachments;
            if let Some(kind) = attached.encrypted_payload {
                out.error(format!(
                    "PDF is a wrapper around an encrypted payload ({kind}, e.g. rights-managed): the document itself is encrypted, not scanned"
                ));
            } else if !any_text && attached.files.is_empty() && out.wanted() {
                // Pages that parse but show nothing may still hold strings
                // the page walk could not place (a damaged font, content
                // outside the page tree): the lenient scan reads them, but
                // not from a decrypted file, whose raw streams are ciphertext.
                recover(bytes, None, pdf.decrypted, out);
            }
            for error in attached.errors {
                out.error(error);
            }
            children.extend(attached.files);
        }
        Ok(Err(Refused::Encrypted)) => out.error("encrypted PDF: not scanned"),
        Ok(Err(Refused::Damaged(e))) => recover(bytes, Some(&e), false, out),
        Err(_) => recover(bytes, Some("the parser crashed"), false, out),
    }
}

/// What is said of the glyphs drawn in fonts whose codes nothing reads,
/// on the pages listed (the first five named).
fn unmapped_text(pages: &[(u32, usize)]) -> String {
    let glyphs: usize = pages.iter().map(|(_, n)| n).sum();
    let mut named: Vec<String> = pages.iter().take(5).map(|(page, _)| page.to_string()).collect();
    if pages.len() > named.len() {
        named.push(format!("and {} more", pages.len() - named.len()));
    }
    format!(
        "{glyphs} glyph(s) on page(s) {} drawn in fonts with no character map (a CJK font not embedded, a font program naming no characters): that text not scanned",
        named.join(", ")
    )
}

/// Whether every deflated stream of the file, and all of them together,
/// inflate within the bounds; the reason given when not.
fn within_inflation_bounds(bytes: &[u8]) -> Result<(), String> {
    let mut total = 0;
    for raw in recover::raw_streams(bytes) {
        let size = crate::inflate::inflated_size(raw, true, MAX_INFLATED_STREAM);
        total += size;
        if size > MAX_INFLATED_STREAM || total > MAX_INFLATED_TOTAL {
            return Err(format!(
                "PDF streams inflate past the bound of {} MiB per stream, {} MiB in all (a decompression bomb?): not scanned",
                MAX_INFLATED_STREAM >> 20,
                MAX_INFLATED_TOTAL >> 20
            ));
        }
    }
    Ok(())
}

struct ParsedPdf {
    pages: Vec<(u32, Result<String, String>)>,
    /// The pages with glyphs in fonts whose codes nothing reads, and how
    /// many.
    unmapped: Vec<(u32, usize)>,
    dates: Vec<NaiveDate>,
    attachments: attachments::Attachments,
    /// The values of its XFA form, as labelled lines.
    form_data: Option<String>,
    /// Encrypted with an empty user password (owner restrictions only),
    /// which opens it: lopdf decrypted it.
    decrypted: bool,
}

/// Why lopdf gave no document.
enum Refused {
    Encrypted,
    Damaged(String),
}

/// Reads the text of a PDF from its raw streams, leniently: one lopdf
/// cannot parse (`damaged` says why), or one whose pages show no text
/// (`damaged` is `None`). The raw streams of an encrypted file are
/// ciphertext: one lopdf `decrypted` has no text to recover, one it could
/// not open (a user password; or an `/Encrypt` its reader missed) is
/// reported as encrypted.
fn recover(bytes: &[u8], damaged: Option<&str>, decrypted: bool, out: &mut Output<'_>) {
    let encrypted = memchr::memmem::find(bytes, b"/Encrypt").is_some();
    if encrypted && !decrypted {
        return out.error("encrypted PDF: not scanned");
    }
    let text = if encrypted {
        String::new()
    } else {
        std::panic::catch_unwind(|| recover::text(bytes)).unwrap_or_default()
    };
    let recovered = !text.trim().is_empty();
    match (damaged, recovered) {
        (None, false) => out.error("PDF has no text layer (scanned image?): content not scanned, needs OCR"),
        (Some(why), false) => out.error(format!(
            "PDF cannot be parsed ({why}) and no text could be recovered: not scanned"
        )),
        (None, true) => out
            .error("PDF pages show no text where the parser looks: text recovered from its streams, may be incomplete"),
        (Some(why), true) => out.error(format!(
            "PDF structure damaged ({why}): text recovered from its streams, may be incomplete"
        )),
    }
    if recovered {
        out.segment(Segment::new(text, Origin::Page(0)));
    }
}

/// A page walked and not yet handed on: its number, its text and rows,
/// and its annotations' text.
type HeldPage = (u32, lopdf::Result<rows::PageText>, String);

fn parse(bytes: &[u8]) -> Result<ParsedPdf, Refused> {
    let document = lopdf::Document::load_mem(bytes).map_err(|e| Refused::Damaged(e.to_string()))?;
    if document.is_encrypted() {
        return Err(Refused::Encrypted);
    }
    let mut pages = Vec::new();
    // Each page's annotations, walked once: their text (for the pages
    // read), and the files attached to them (on every page).
    let mut page_annotations = Vec::new();
    // Rows of a table come out as tab-separated cells, labelled by their
    // header, on the pages after its own too.
    let mut tab_rows = crate::table::PagedTabRows::default();
    // The left edges of the columns of the table read last.
    let mut columns = Vec::new();
    // A page read is held until the next is: a row its end cut may go on there.
    let mut held: Option<HeldPage> = None;
    let mut fonts = page::Fonts::default();
    let mut unmapped = Vec::new();
    let mut hand_on = |held: Option<HeldPage>| {
        if let Some((number, text, annotations)) = held {
            if let Some(glyphs) = text.as_ref().ok().map(|page| page.unmapped_glyphs).filter(|&n| n > 0) {
                unmapped.push((number, glyphs));
            }
            let text = text.map(|mut page| {
                rows::fill_empty_cells(&mut page, &mut columns);
                tab_rows.label(&page.text) + &annotations
            });
            pages.push((number, text.map_err(|e| e.to_string())));
        }
    };
    for (index, (&number, &page_id)) in document.get_pages().iter().enumerate() {
        let annotated = annotations::of_page(&document, page_id);
        if index < MAX_PAGES {
            let mut text = page::text(&document, page_id, &mut fonts);
            if let (Some((_, Ok(before), _)), Ok(page)) = (&mut held, &mut text) {
                rows::join_cut_row(before, page);
            }
            hand_on(held.replace((number, text, annotations::text(&document, &annotated))));
        }
        page_annotations.extend(annotated);
    }
    hand_on(held);
    Ok(ParsedPdf {
        pages,
        unmapped,
        dates: info_dates(&document),
        attachments: attachments::collect(&document, &page_annotations),
        form_data: xfa::form_data(&document),
        decrypted: document.was_encrypted(),
    })
}

/// The object `object` is, or refers to.
fn resolve<'a>(document: &'a lopdf::Document, object: &'a lopdf::Object) -> Option<&'a lopdf::Object> {
    document.dereference(object).ok().map(|(_, o)| o)
}

fn info_dates(document: &lopdf::Document) -> Vec<NaiveDate> {
    let Ok(info) = document
        .trailer
        .get(b"Info")
        .and_then(|o| document.dereference(o))
        .and_then(|(_, o)| o.as_dict())
    else {
        return Vec::new();
    };
    [b"CreationDate".as_slice(), b"ModDate".as_slice()]
        .iter()
        .filter_map(|key| info.get(key).ok())
        .filter_map(|o| o.as_str().ok())
        .filter_map(pdf_date)
        .collect()
}

/// A PDF date string (`D:YYYYMMDDHHmmSS...`).
fn pdf_date(raw: &[u8]) -> Option<NaiveDate> {
    let text = std::str::from_utf8(raw).ok()?;
    let digits = text.strip_prefix("D:").unwrap_or(text);
    NaiveDate::parse_from_str(digits.get(..8)?, "%Y%m%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates() {
        assert_eq!(pdf_date(b"D:20220128101500-05'00'").unwrap().to_string(), "2022-01-28");
        assert!(pdf_date(b"D:2022").is_none());
        assert!(pdf_date(b"\xff\xfe").is_none());
    }

    #[test]
    fn junk_is_an_error_not_a_panic() {
        assert!(parse(b"%PDF-1.4\n garbage").is_err());
        assert!(parse(&[0x25, 0x50, 0x44, 0x46, 0xff, 0x00, 0x13]).is_err());
    }

    #[test]
    fn damaged_pdf_text_is_recovered_and_flagged() {
        let pdf = b"%PDF-1.4\n1 0 obj << >> stream\nBT (Email: jane@example.ca) Tj ET\nendstream endobj\nxref garbage";
        let docs = crate::reader::tests::read_bytes("d.pdf", pdf, &crate::Limits::default()).docs;
        assert!(docs[0].1.contains("jane@example.ca"));
        assert!(docs[0].3[0].contains("recovered"), "{:?}", docs[0].3);
    }

    /// A one-page PDF made with lopdf, drawn by `content` (Helvetica as
    /// F1); `build` adds what it needs to the page's dictionary and the
    /// catalog's.
    pub(super) fn lopdf_page(
        content: &[u8],
        build: impl FnOnce(&mut lopdf::Document, &mut lopdf::Dictionary, &mut lopdf::Dictionary),
    ) -> Vec<u8> {
        lopdf_pages(&[content], build)
    }

    /// A PDF made with lopdf, a page drawn by each of `contents`
    /// (Helvetica as F1); `build` adds what it needs to the first page's
    /// dictionary and the catalog's.
    fn lopdf_pages(
        contents: &[&[u8]],
        build: impl FnOnce(&mut lopdf::Document, &mut lopdf::Dictionary, &mut lopdf::Dictionary),
    ) -> Vec<u8> {
        use lopdf::{dictionary, Object, Stream};
        let mut doc = lopdf::Document::with_version("1.7");
        let pages = doc.new_object_id();
        let font = doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" });
        let mut catalog = dictionary! { "Type" => "Catalog", "Pages" => pages };
        let mut build = Some(build);
        let mut kids: Vec<Object> = Vec::new();
        for content in contents {
            let content = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
            let mut page = dictionary! {
                "Type" => "Page", "Parent" => pages, "Contents" => content,
                "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
                "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            };
            if let Some(build) = build.take() {
                build(&mut doc, &mut page, &mut catalog);
            }
            kids.push(doc.add_object(page).into());
        }
        let count = kids.len() as i64;
        doc.objects.insert(
            pages,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
        );
        let catalog = doc.add_object(catalog);
        doc.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        bytes
    }

    /// The documents read from a one-page PDF drawn by `content`.
    fn page_docs(name: &str, content: &str) -> Vec<(crate::DocInfo, String, Vec<chrono::NaiveDate>, Vec<String>)> {
        crate::reader::tests::read_bytes(name, &one_page(b"1", content.as_bytes()), &crate::Limits::default()).docs
    }

    /// A one-page PDF: `extra` in the page's dictionary, `content` its
    /// uncompressed content stream, Helvetica as F1.
    fn one_page(extra: &[u8], content: &[u8]) -> Vec<u8> {
        let mut page =
            b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R /X ".to_vec();
        page.extend(extra);
        page.extend(b" >>");
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend(content);
        stream.extend(b"\nendstream");
        let objects: [&[u8]; 5] = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            &page,
            &stream,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ];
        let mut pdf = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, object) in objects.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend(format!("{} 0 obj\n", i + 1).as_bytes());
            pdf.extend(*object);
            pdf.extend(b"\nendobj\n");
        }
        let xref = pdf.len();
        pdf.extend(b"xref\n0 6\n0000000000 65535 f \n");
        for offset in offsets {
            pdf.extend(format!("{offset:010} 00000 n \n").as_bytes());
        }
        pdf.extend(format!("trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes());
        pdf
    }

    /// A line of text drawn at `(x, y)` in Helvetica 10.
    fn text_line(x: u32, y: u32, text: &str) -> String {
        format!("BT /F1 10 Tf {x} {y} Td ({text}) Tj ET\n")
    }

    /// A cell's lines drawn one under the other from `top`, as a word
    /// processor draws a cell whose text wraps.
    fn cell_lines(x: u32, top: u32, lines: &[&str]) -> String {
        (lines.iter().enumerate())
            .map(|(i, line)| text_line(x, top - 12 * i as u32, line))
            .collect()
    }

    /// The text read from a PDF whose pages `contents` draw.
    fn pages_text(contents: &[&str]) -> String {
        let contents: Vec<&[u8]> = contents.iter().map(|c| c.as_bytes()).collect();
        let pdf = lopdf_pages(&contents, |_, _, _| {});
        let docs = crate::reader::tests::read_bytes("clients.pdf", &pdf, &crate::Limits::default()).docs;
        docs.iter().map(|d| d.1.as_str()).collect()
    }

    #[test]
    fn a_table_drawn_cell_by_cell_with_wrapped_lines_keeps_its_rows() {
        // As LibreOffice prints a Word table whose cells wrap: a row's
        // cells one after the other, each with its lines, under a
        // paragraph at the same left edge.
        let (line, cell) = (text_line, cell_lines);
        let mut content = line(50, 740, "Clients of the month");
        content += &(cell(50, 720, &["Full ", "name"])
            + &cell(150, 720, &["SIN"])
            + &cell(250, 720, &["E-mail"])
            + &cell(350, 720, &["Address"])
            + &cell(450, 720, &["Phone"]));
        // A narrow column's address wraps to more lines than a first
        // cell may; a phone number wraps before its hyphen.
        let address = [
            "1 rue ", "des ", "Erables ", "Suite ", "400, ", "Saint-", "Lambert ", "Ouest",
        ];
        content += &(cell(50, 690, &["Marie ", "Tremblay"])
            + &cell(150, 690, &["130 692 ", "544"])
            + &cell(250, 690, &["moniquete", "ssier@exa", "mple.com"])
            + &cell(350, 690, &address)
            + &cell(450, 690, &["(751)975", "-9170"]));
        content += &(cell(50, 590, &["Luc Gagnon"])
            + &cell(150, 590, &["046 454 286"])
            + &cell(250, 590, &["lg@x.ca"])
            + &cell(350, 590, &["2 rue Roy"])
            + &cell(450, 590, &["514-555-0199"]));
        content += &line(50, 540, "Signed");
        content += &line(50, 528, "The manager");
        let docs = page_docs("clients.pdf", &content);
        assert_eq!(
            docs[0].1.trim_end(),
            "Clients of the month\nFull name\tSIN\tE-mail\tAddress\tPhone\n\
             Full name: Marie Tremblay\tSIN: 130 692 544\tE-mail: moniquetessier@example.com\t\
             Address: 1 rue des Erables Suite 400, Saint-Lambert Ouest\tPhone: (751)975-9170\n\
             Full name: Luc Gagnon\tSIN: 046 454 286\tE-mail: lg@x.ca\tAddress: 2 rue Roy\tPhone: 514-555-0199\n\
             Signed\nThe manager"
        );
        // A column of text beside another is no table's cell: its lines
        // stay lines.
        let column = |x: u32| {
            cell(
                x,
                700,
                &["one", "two", "three", "four", "five", "six", "seven", "eight"],
            )
        };
        let docs = page_docs("columns.pdf", &(column(50) + &column(300)));
        assert_eq!(docs[0].1.trim_end().matches('\n').count(), 15, "{:?}", docs[0].1);
    }

    #[test]
    fn a_row_a_page_end_cut_is_joined_back_by_column() {
        // As LibreOffice breaks a row across pages: the cells that go on
        // open the next page, each under its column.
        let cell = cell_lines;
        let row = |top: u32, cells: [&[&str]; 4]| -> String {
            (0..4).map(|i| cell(50 + 100 * i as u32, top, cells[i])).collect()
        };
        let first = row(720, [&["Name"], &["SIN"], &["E-mail"], &["Born"]])
            + &row(
                700,
                [
                    &["Marie Tremblay"],
                    &["130 692 544"],
                    &["mt@example.ca"],
                    &["1970-01-02"],
                ],
            )
            + &row(60, [&["Jean "], &["046 454 "], &["jgagnon"], &["1980-03-04"]]);
        // The name and the SIN go on; the address too, after a word.
        let second = cell(50, 750, &["Gagnon"])
            + &cell(150, 750, &["286"])
            + &cell(250, 750, &["@example.ca"])
            + &row(730, [&["Luc Roy"], &[""], &["lr@example.ca"], &["1990-05-06"]]);
        let text = pages_text(&[&first, &second]);
        assert!(
            text.contains("Name: Jean Gagnon\tSIN: 046 454 286\tE-mail: jgagnon@example.ca\tBorn: 1980-03-04"),
            "{text}"
        );
        // The next row leaves its SIN empty: its later cells stay under
        // their headings.
        assert!(
            text.contains("Name: Luc Roy\t\tE-mail: lr@example.ca\tBorn: 1990-05-06"),
            "{text}"
        );
        // A row on the next page that leaves a cell empty stays a row of
        // its own when no cell of the row before was cut.
        let first = row(720, [&["Name"], &["SIN"], &["E-mail"], &["Born"]])
            + &row(
                60,
                [&["Jean Gagnon"], &["046 454 286"], &["jg@example.ca"], &["1980-03-04"]],
            );
        let second =
            cell(50, 750, &["Luc Roy"]) + &cell(250, 750, &["lr@example.ca"]) + &cell(350, 750, &["1990-05-06"]);
        let text = pages_text(&[&first, &second]);
        assert!(text.contains("E-mail: jg@example.ca\tBorn: 1980-03-04"), "{text}");
        assert!(
            text.contains("Name: Luc Roy\t\tE-mail: lr@example.ca\tBorn: 1990-05-06"),
            "{text}"
        );
        // One cell alone goes on: the next page opens with its lines.
        let first = row(720, [&["Name"], &["SIN"], &["E-mail"], &["Phone"]])
            + &row(
                60,
                [&["Jean Gagnon"], &["046 454 286"], &["jg@example.ca"], &["514-555-"]],
            );
        let second =
            cell(350, 750, &["0199"]) + &row(730, [&["Luc Roy"], &["193 456 787"], &["lr@x.ca"], &["418-555-0100"]]);
        let text = pages_text(&[&first, &second]);
        assert!(text.contains("E-mail: jg@example.ca\tPhone: 514-555-0199\n"), "{text}");
        assert!(text.contains("Name: Luc Roy\tSIN: 193 456 787"), "{text}");
        // Every cell goes on: most of the row's were seen cut.
        let header = row(720, [&["Name"], &["SIN"], &["E-mail"], &["Phone"]]);
        let first = header.clone() + &row(60, [&["Jean "], &["046 454 "], &["jg@exa"], &["514-555-"]]);
        let second = row(750, [&["Gagnon"], &["286"], &["mple.ca"], &["0199"]]);
        let text = pages_text(&[&first, &second]);
        assert!(
            text.contains("Name: Jean Gagnon\tSIN: 046 454 286\tE-mail: jg@example.ca\tPhone: 514-555-0199"),
            "{text}"
        );
        // A space a typist left after a name is no cut: the next page's
        // row stays its own.
        let first = header
            + &row(
                60,
                [&["Jean Gagnon "], &["046 454 286"], &["jg@x.ca"], &["514-555-0199"]],
            );
        let second = row(750, [&["Luc Roy"], &["193 456 787"], &["lr@x.ca"], &["418-555-0100"]]);
        let text = pages_text(&[&first, &second]);
        assert!(text.contains("Name: Luc Roy\tSIN: 193 456 787"), "{text}");
        assert!(text.contains("SIN: 046 454 286\t"), "{text}");
    }

    #[test]
    fn a_table_s_cells_placed_one_by_one_keep_their_rows_and_labels() {
        // Each cell in its own text block, as word processors write
        // tables: the cells of a row share a baseline.
        let cell = |x: u32, y: u32, text: &str| format!("BT /F1 10 Tf {x} {y} Td ({text}) Tj ET\n");
        let mut content = cell(50, 700, "Employee name") + &cell(250, 700, "Department") + &cell(400, 700, "SIN");
        for (row, (name, sin)) in [
            ("Marie Tremblay", "130 692 544"),
            ("Luc Gagnon", "193 456 787"),
            ("Ann Lee", "046 454 286"),
        ]
        .iter()
        .enumerate()
        {
            let y = 680 - 20 * row as u32;
            content += &(cell(50, y, name) + &cell(250, y, "Shipping and receiving") + &cell(400, y, sin));
        }
        let docs = page_docs("staff.pdf", &content);
        let text = &docs[0].1;
        assert!(
            text.contains("Employee name\tDepartment\tSIN\nEmployee name: Marie Tremblay\tDepartment: Shipping and receiving\tSIN: 130 692 544\n"),
            "{text:?}"
        );
        // The third row too, far below the header.
        assert!(text.contains("SIN: 046 454 286"), "{text:?}");
        // Lines placed apart still break, words on a line still join.
        let lines = "BT /F1 10 Tf 50 700 Td (Invoice) Tj 60 0 Td (number) Tj ET\nBT 50 680 Td (Total) Tj ET";
        let docs = page_docs("lines.pdf", lines);
        assert_eq!(docs[0].1.trim_end(), "Invoice number\nTotal");
    }

    #[test]
    fn strings_that_end_with_a_line_move_still_sit_in_their_row() {
        // ReportLab ends each string drawn with T*, then draws the row's
        // next cell; a form laid out as label and value.
        let cell = |x: u32, y: u32, text: &str| format!("BT /F1 10 Tf 12 TL 1 0 0 1 {x} {y} Tm ({text}) Tj T* ET\n");
        let content = cell(72, 720, "Nom")
            + &cell(220, 720, "Jeanne Lemay")
            + &cell(72, 702, "NAS")
            + &cell(220, 702, "130 692 544");
        let docs = page_docs("form.pdf", &content);
        assert_eq!(docs[0].1.trim_end(), "Nom\tNom: Jeanne Lemay\nNAS\tNAS: 130 692 544");
        // Lines a T* moves between, in one block, still break.
        let lines = "BT /F1 10 Tf 12 TL 72 720 Td (Invoice) Tj T* (Total) Tj ET";
        let docs = page_docs("lines.pdf", lines);
        assert_eq!(docs[0].1.trim_end(), "Invoice\nTotal");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        // lopdf 0.38 parsed nested arrays and dictionaries by recursion: a
        // few hundred KB of `[` overflowed the stack and aborted the run.
        let deep_array = [vec![b'['; 200_000], vec![b']'; 200_000]].concat();
        let deep_dict = b"<< /A ".repeat(100_000);
        let text = b"BT /F1 12 Tf 72 712 Td (SIN 130 692 544) Tj ET";
        for extra in [&deep_array, &deep_dict] {
            let docs =
                crate::reader::tests::read_bytes("deep.pdf", &one_page(extra, text), &crate::Limits::default()).docs;
            assert!(docs[0].3.iter().all(|e| !e.contains("crashed")), "{:?}", docs[0].3);
        }
        // In the page's content, the strings before the nesting are still
        // read, by the lenient scan, and flagged.
        let content = [&text[..text.len() - 2], &deep_array, b" TJ ET"].concat();
        let docs =
            crate::reader::tests::read_bytes("deep.pdf", &one_page(b"1", &content), &crate::Limits::default()).docs;
        assert!(docs[0].1.contains("130 692 544"), "{:?}", docs[0].3);
        assert!(docs[0].3.iter().any(|e| e.contains("recovered")), "{:?}", docs[0].3);
    }

    #[test]
    fn a_decompression_bomb_is_refused_before_it_is_inflated() {
        // 100 MiB of spaces deflate to about 100 KB.
        let mut deflated = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let spaces = vec![b' '; 1 << 20];
        for _ in 0..100 {
            std::io::Write::write_all(&mut deflated, &spaces).unwrap();
        }
        let mut pdf =
            b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n4 0 obj << /Filter /FlateDecode >>\nstream\n".to_vec();
        pdf.extend(deflated.finish().unwrap());
        pdf.extend(b"\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
        let docs = crate::reader::tests::read_bytes("bomb.pdf", &pdf, &crate::Limits::default()).docs;
        assert!(docs[0].3[0].contains("decompression bomb"), "{:?}", docs[0].3);
        assert!(within_inflation_bounds(b"%PDF-1.4\nstream\nBT (x) Tj ET\nendstream").is_ok());
    }

    #[test]
    fn a_composite_font_whose_codes_are_their_own_characters_reads_whole() {
        // As TCPDF writes Polish and Czech text: two bytes a character,
        // `/ToUnicode /Identity-H` instead of a CMap stream.
        let pdf = lopdf_page(
            b"BT /F2 10 Tf 72 720 Td <0050014200610074006e006f015b0107> Tj ET",
            |doc, page, _| {
                use lopdf::dictionary;
                let font = doc.add_object(dictionary! {
                    "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "LiberationSans",
                    "Encoding" => "Identity-H", "ToUnicode" => "Identity-H",
                });
                page.set("Resources", dictionary! { "Font" => dictionary! { "F2" => font } });
            },
        );
        let docs = crate::reader::tests::read_bytes("faktura.pdf", &pdf, &crate::Limits::default()).docs;
        assert_eq!(docs[0].1.trim_end(), "Płatność");
    }
}
