//! Word documents (docx): paragraphs, with core properties dates.

use super::xml_escape;
use chrono::NaiveDate;

/// A docx whose body is `paragraphs` (a tab in a paragraph becomes a Word
/// tab), created and modified on `created`.
pub fn build(title: &str, paragraphs: &[String], created: NaiveDate) -> Vec<u8> {
    build_with_embedded(title, paragraphs, created, &[])
}

/// The same docx with `embedded` files (name, bytes) in its
/// `word/embeddings/` folder, as Word keeps a worksheet or another
/// document inserted as an object.
pub fn build_with_embedded(
    title: &str,
    paragraphs: &[String],
    created: NaiveDate,
    embedded: &[(String, Vec<u8>)],
) -> Vec<u8> {
    let mut body = String::new();
    for p in paragraphs {
        body.push_str("<w:p><w:r>");
        for (i, piece) in p.split('\t').enumerate() {
            if i > 0 {
                body.push_str("<w:tab/>");
            }
            body.push_str(&format!("<w:t xml:space=\"preserve\">{}</w:t>", xml_escape(piece)));
        }
        body.push_str("</w:r></w:p>");
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let stamp = format!("{created}T09:00:00Z");
    let core = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>"#,
        xml_escape(title)
    );
    let embedded = embedded
        .iter()
        .map(|(name, bytes)| (format!("word/embeddings/{name}"), bytes.clone()));
    package(document.into_bytes(), core.into_bytes(), embedded)
}

/// A docx from a raw `word/document.xml` (for hostile-input tests).
pub fn from_document_xml(document: &[u8]) -> Vec<u8> {
    package(document.to_vec(), Vec::new(), std::iter::empty())
}

fn package(document: Vec<u8>, core: Vec<u8>, parts: impl Iterator<Item = (String, Vec<u8>)>) -> Vec<u8> {
    let content_types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;
    let mut members = vec![
        ("[Content_Types].xml".to_string(), content_types.as_bytes().to_vec()),
        ("_rels/.rels".to_string(), rels.as_bytes().to_vec()),
        ("word/document.xml".to_string(), document),
    ];
    if !core.is_empty() {
        members.push(("docProps/core.xml".to_string(), core));
    }
    members.extend(parts);
    super::zipfile::build(&members)
}
