//! XFA forms (Adobe's XML Forms Architecture), as many governments' and
//! banks' forms are made (direct deposit enrolments, tax and payroll
//! slips). A filled form keeps its values in the `datasets` packet of the
//! document's `/AcroForm /XFA`, as XML; a dynamic form's pages show only
//! "Please wait..." until a viewer that runs XFA renders them, so its
//! values are nowhere else. The packet is read as the XML reader reads
//! data: each field a line under its name ("Account Number: 5212345678").

use super::resolve;
use lopdf::{Document, Object};

/// The name of the packet that holds the form's values.
const DATASETS: &[u8] = b"datasets";

/// The values of `document`'s XFA form as labelled lines, if it has a
/// filled one. Its streams were measured against the inflation bounds
/// before the document was parsed.
pub(super) fn form_data(document: &Document) -> Option<String> {
    let form = resolve(document, document.catalog().ok()?.get(b"AcroForm").ok()?)?
        .as_dict()
        .ok()?;
    let xml = match resolve(document, form.get(b"XFA").ok()?)? {
        // The whole XDP document in one stream.
        Object::Stream(stream) => stream.get_plain_content().ok()?,
        // Its packets, each a name and a stream.
        Object::Array(packets) => packets.chunks(2).find_map(|packet| match packet {
            [Object::String(name, _), stream] if name.as_slice() == DATASETS => {
                resolve(document, stream)?.as_stream().ok()?.get_plain_content().ok()
            }
            _ => None,
        })?,
        _ => return None,
    };
    let xml = crate::text::decode(&xml);
    let text = crate::markup::strip_data(datasets(&xml)?);
    (!text.trim().is_empty()).then_some(text)
}

/// The `datasets` element of an XDP document (or the packet itself): the
/// form's values without its template, whose captions and scripts are no
/// one's data.
fn datasets(xml: &str) -> Option<&str> {
    let open = xml.find(":datasets").or_else(|| xml.find("<datasets"))?;
    let start = xml[..open + 1].rfind('<')?;
    let name_end = xml[start + 1..]
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .map_or(xml.len(), |i| start + 1 + i);
    let closing = format!("</{}>", &xml[start + 1..name_end]);
    let end = xml[start..]
        .rfind(&closing)
        .map_or(xml.len(), |i| start + i + closing.len());
    Some(&xml[start..end])
}

#[cfg(test)]
mod tests {
    use crate::reader::tests::read_bytes;
    use crate::Limits;
    use lopdf::{dictionary, Object, Stream, StringFormat};

    const DATASETS: &str = r#"<xfa:datasets xmlns:xfa="http://www.xfa.org/schema/xfa-data/1.0/"><xfa:data>
<form1><Supplier><LegalName>Maple Ridge Supply Ltd.</LegalName><InstitutionNumber>004</InstitutionNumber>
<TransitNumber>12345</TransitNumber><AccountNumber>5212345678</AccountNumber></Supplier>
<Signature><SignedBy>Marie Tremblay</SignedBy><Date>2022-01-17</Date></Signature></form1>
</xfa:data></xfa:datasets>"#;

    /// A dynamic XFA form: one page that only says to wait, and the form's
    /// packets, its data `as_packets` or in one XDP stream.
    fn xfa_form(as_packets: bool) -> Vec<u8> {
        let template = "<template xmlns=\"http://www.xfa.org/schema/xfa-template/3.3/\"><subform name=\"form1\">\
             <field name=\"AccountNumber\"><caption><value><text>Account number 0000000</text></value></caption></field>\
             </subform></template>";
        let name = |n: &str| Object::String(n.as_bytes().to_vec(), StringFormat::Literal);
        super::super::tests::lopdf_page(b"BT /F1 12 Tf 72 720 Td (Please wait...) Tj ET", |doc, _, catalog| {
            let xfa = if as_packets {
                let template = doc.add_object(Stream::new(dictionary! {}, template.as_bytes().to_vec()));
                let mut datasets = Stream::new(dictionary! {}, DATASETS.as_bytes().to_vec());
                datasets.compress().unwrap();
                let datasets = doc.add_object(datasets);
                Object::Array(vec![
                    name("template"),
                    template.into(),
                    name("datasets"),
                    datasets.into(),
                ])
            } else {
                let xdp = format!("<xdp:xdp xmlns:xdp=\"http://ns.adobe.com/xdp/\">{template}{DATASETS}</xdp:xdp>");
                doc.add_object(Stream::new(dictionary! {}, xdp.into_bytes())).into()
            };
            let form = doc.add_object(dictionary! { "Fields" => Vec::<Object>::new(), "XFA" => xfa });
            catalog.set("AcroForm", form);
        })
    }

    #[test]
    fn a_dynamic_form_s_values_are_read_from_its_datasets() {
        for as_packets in [true, false] {
            let docs = read_bytes("enrolment.pdf", &xfa_form(as_packets), &Limits::default()).docs;
            let (_, text, _, errors) = &docs[0];
            assert!(errors.is_empty(), "{errors:?}");
            assert!(text.contains("Please wait..."), "{text}");
            for line in [
                "Legal Name: Maple Ridge Supply Ltd.",
                "Institution Number: 004",
                "Transit Number: 12345",
                "Account Number: 5212345678",
                "Signed By: Marie Tremblay",
            ] {
                assert!(text.contains(line), "{line} in {text}");
            }
            assert!(
                !text.contains("0000000"),
                "the template's captions are not data: {text}"
            );
        }
    }

    #[test]
    fn datasets_are_found_whatever_their_prefix_and_not_past_their_end() {
        assert_eq!(
            super::datasets("<a/><datasets><x>1</x></datasets><b/>"),
            Some("<datasets><x>1</x></datasets>")
        );
        assert_eq!(
            super::datasets("<xfa:datasets a='1'><x>1</x></xfa:datasets>"),
            Some("<xfa:datasets a='1'><x>1</x></xfa:datasets>")
        );
        assert_eq!(
            super::datasets("<xfa:datasets><x>1</x>"),
            Some("<xfa:datasets><x>1</x>"),
            "cut short"
        );
        assert_eq!(super::datasets("<template/>"), None);
        assert_eq!(super::datasets(":datasets"), None);
    }
}
