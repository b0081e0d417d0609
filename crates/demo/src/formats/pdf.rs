//! PDF documents with a text layer: Helvetica, WinAnsi encoding, one line
//! per text row, 50 rows a page, and an Info dictionary with the creation
//! date. Written by hand: a text-only PDF is a few objects, and no PDF
//! writer crate is needed for it.

use chrono::NaiveDate;

const LINES_PER_PAGE: usize = 50;

/// A PDF of `lines`, created on `created`.
pub fn build(title: &str, lines: &[String], created: NaiveDate) -> Vec<u8> {
    build_with_files(title, lines, created, &[])
}

/// A PDF of `lines` with `files` (name, bytes) embedded in it, listed in
/// the catalog's `EmbeddedFiles` name tree.
pub fn build_with_files(title: &str, lines: &[String], created: NaiveDate, files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let pages: Vec<&[String]> = if lines.is_empty() {
        vec![&[][..]]
    } else {
        lines.chunks(LINES_PER_PAGE).collect()
    };
    // Objects: 1 catalog, 2 pages, 3 font, 4 info, then per page: page,
    // content; then per file: file specification, embedded file.
    let mut objects: Vec<Vec<u8>> = Vec::new();
    let kids: Vec<String> = (0..pages.len()).map(|i| format!("{} 0 R", 5 + 2 * i)).collect();
    let first_file = 5 + 2 * pages.len();
    let mut catalog = b"<< /Type /Catalog /Pages 2 0 R".to_vec();
    if !files.is_empty() {
        catalog.extend(b" /Names << /EmbeddedFiles << /Names [");
        for (i, (name, _)) in files.iter().enumerate() {
            catalog.extend(pdf_string(name));
            catalog.extend(format!(" {} 0 R ", first_file + 2 * i).into_bytes());
        }
        catalog.extend(b"] >> >>");
    }
    catalog.extend(b" >>");
    objects.push(catalog);
    objects.push(format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), pages.len()).into_bytes());
    objects.push(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec());
    let stamp = created.format("%Y%m%d").to_string();
    let mut info = b"<< /Title ".to_vec();
    info.extend(pdf_string(title));
    info.extend(
        format!(" /Producer (breachscope demo) /CreationDate (D:{stamp}090000Z) /ModDate (D:{stamp}090000Z) >>")
            .into_bytes(),
    );
    objects.push(info);
    for (i, page) in pages.iter().enumerate() {
        let mut content = b"BT /F1 10 Tf 12 TL 50 790 Td\n".to_vec();
        for line in page.iter() {
            content.extend(pdf_string(line));
            content.extend(b" Tj T*\n");
        }
        content.extend(b"ET");
        objects.push(format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>", 6 + 2 * i).into_bytes());
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend(content);
        stream.extend(b"\nendstream");
        objects.push(stream);
    }
    for (i, (name, bytes)) in files.iter().enumerate() {
        let mut spec = b"<< /Type /Filespec /F ".to_vec();
        spec.extend(pdf_string(name));
        spec.extend(format!(" /EF << /F {} 0 R >> >>", first_file + 2 * i + 1).into_bytes());
        objects.push(spec);
        let mut stream = format!("<< /Type /EmbeddedFile /Length {} >>\nstream\n", bytes.len()).into_bytes();
        stream.extend(bytes);
        stream.extend(b"\nendstream");
        objects.push(stream);
    }
    let mut pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n", i + 1).into_bytes());
        pdf.extend(object);
        pdf.extend(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for offset in offsets {
        pdf.extend(format!("{offset:010} 00000 n \n").into_bytes());
    }
    pdf.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info 4 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .into_bytes(),
    );
    pdf
}

/// A PDF literal string in WinAnsi: parentheses and backslashes escaped,
/// non-ASCII as octal escapes.
fn pdf_string(text: &str) -> Vec<u8> {
    let mut out = b"(".to_vec();
    for c in text.chars() {
        match c {
            '(' | ')' | '\\' => {
                out.push(b'\\');
                out.push(c as u8);
            }
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c as u8),
            c => {
                let byte = winansi(c).unwrap_or(b'?');
                out.extend(format!("\\{byte:03o}").into_bytes());
            }
        }
    }
    out.push(b')');
    out
}

fn winansi(c: char) -> Option<u8> {
    let code = c as u32;
    if (0xA0..=0xFF).contains(&code) {
        return Some(code as u8);
    }
    match c {
        '’' => Some(0x92),
        '‘' => Some(0x91),
        '“' => Some(0x93),
        '”' => Some(0x94),
        '–' => Some(0x96),
        '—' => Some(0x97),
        '€' => Some(0x80),
        _ => None,
    }
}
