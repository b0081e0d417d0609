//! Text a PDF page carries outside its content stream: comments and notes
//! (an annotation's `Contents`) and filled-in form fields (a widget's
//! value, under its field name). A filled direct-deposit form keeps the
//! account number only there; a reviewer's note may hold anything.

use super::resolve;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// Levels of a form field's parents followed at most for its name and
/// value (a hostile file loops).
const MAX_FIELD_DEPTH: usize = 8;

/// The annotations of page `page_id`, inline or by reference.
pub(super) fn of_page(document: &Document, page_id: ObjectId) -> Vec<&Dictionary> {
    let annotations = document
        .get_dictionary(page_id)
        .ok()
        .and_then(|page| resolve(document, page.get(b"Annots").ok()?))
        .and_then(|annots| annots.as_array().ok());
    annotations
        .into_iter()
        .flatten()
        .filter_map(|a| resolve(document, a)?.as_dict().ok())
        .collect()
}

/// The text of a page's `annotations`, a line each: a comment's text, a
/// form field's `name: value`. Pop-ups repeat their parent's text and are
/// left out.
pub(super) fn text(document: &Document, annotations: &[&Dictionary]) -> String {
    let mut text = String::new();
    for &annotation in annotations {
        let line = match annotation.get(b"Subtype").and_then(Object::as_name).ok() {
            Some(b"Popup") => None,
            Some(b"Widget") => field_line(document, annotation),
            _ => string(document, annotation, b"Contents"),
        };
        if let Some(line) = line.filter(|l| !l.trim().is_empty()) {
            text.push_str(&line);
            text.push('\n');
        }
    }
    text
}

/// A form field's `name: value`, each looked for on the widget and then
/// its parents (a field's widgets share their parent's name and value).
fn field_line(document: &Document, widget: &Dictionary) -> Option<String> {
    let inherited = |key: &[u8]| {
        let mut node = Some(widget);
        for _ in 0..MAX_FIELD_DEPTH {
            let current = node?;
            if let Some(found) = string(document, current, key) {
                return Some(found);
            }
            node = current
                .get(b"Parent")
                .ok()
                .and_then(|p| resolve(document, p)?.as_dict().ok());
        }
        None
    };
    let value = inherited(b"V")?;
    Some(match inherited(b"TU").or_else(|| inherited(b"T")) {
        Some(name) => format!("{name}: {value}"),
        None => value,
    })
}

/// A text string (or a name, as check boxes' values are) under `key`.
fn string(document: &Document, dict: &Dictionary, key: &[u8]) -> Option<String> {
    let object = resolve(document, dict.get(key).ok()?)?;
    if let Ok(name) = object.as_name() {
        return Some(String::from_utf8_lossy(name).into_owned());
    }
    lopdf::decode_text_string(object).ok()
}

#[cfg(test)]
mod tests {
    use crate::reader::tests::read_bytes;
    use crate::Limits;
    use lopdf::{dictionary, Document, Object, StringFormat};

    fn text(s: &str) -> Object {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    }

    /// A one-page PDF with no text of its own and the given annotations.
    fn page_with(annotations: impl FnOnce(&mut Document) -> Vec<Object>) -> Vec<u8> {
        super::super::tests::lopdf_page(b"q Q", |doc, page, _| {
            let annots = annotations(doc);
            page.set("Annots", annots);
        })
    }

    #[test]
    fn comments_and_filled_form_fields_are_text() {
        let pdf = page_with(|doc| {
            let field = doc.add_object(dictionary! { "T" => text("Account number"), "V" => text("1234567") });
            vec![
                Object::Dictionary(
                    dictionary! { "Subtype" => "Text", "Contents" => text("Call Jane: SIN 130 692 544") },
                ),
                Object::Dictionary(
                    dictionary! { "Subtype" => "Popup", "Contents" => text("Call Jane: SIN 130 692 544") },
                ),
                doc.add_object(dictionary! { "Subtype" => "Widget", "Parent" => field })
                    .into(),
                Object::Dictionary(dictionary! { "Subtype" => "Widget", "T" => text("Transit"), "V" => text("12345") }),
                Object::Dictionary(dictionary! { "Subtype" => "Widget", "T" => text("Empty") }),
            ]
        });
        let docs = read_bytes("form.pdf", &pdf, &Limits::default()).docs;
        assert_eq!(
            docs[0].1.trim_end(),
            "Call Jane: SIN 130 692 544\nAccount number: 1234567\nTransit: 12345"
        );
        assert!(docs[0].3.is_empty(), "a page with notes has text: {:?}", docs[0].3);
    }

    #[test]
    fn a_field_whose_parents_loop_ends() {
        let pdf = page_with(|doc| {
            let a = doc.new_object_id();
            let b = doc.add_object(dictionary! { "Parent" => a });
            doc.objects.insert(a, Object::Dictionary(dictionary! { "Parent" => b }));
            vec![Object::Dictionary(dictionary! { "Subtype" => "Widget", "Parent" => a })]
        });
        let docs = read_bytes("loop.pdf", &pdf, &Limits::default()).docs;
        assert!(docs[0].1.trim().is_empty());
    }
}
