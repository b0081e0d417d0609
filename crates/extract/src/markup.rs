//! HTML and XML: the text between the tags, entities decoded, scripts and
//! styles dropped. Written by hand because it must be total over broken
//! markup (a tolerant tag stripper never fails), and an XML parser would
//! refuse the HTML and the malformed files evidence is full of.
//!
//! An XML document is most often data (a CRM's export, an API's dump):
//! there each field is written as the form line its tag makes it
//! (`<birthDate>1984-03-12</birthDate>` is "birth Date: 1984-03-12", an
//! attribute `name="Marie Roy"` is "name: Marie Roy"), each record's
//! fields a block of lines, so that the detectors read them by their
//! labels as they read a form. One too large to hold is read the same
//! way, a run of whole records at a time (`stream_data`).

use crate::output::Output;
use crate::sniff::Kind;
use crate::table::CellLabels;
use breachscope_core::{Origin, Segment};
use std::io::Read;

/// How much XML a streamed data document gathers before its records so
/// far are written and handed on, in bytes; at four times this, they are
/// handed on wherever the last element closed (a record larger than that
/// is read in parts).
const STREAMED_XML: usize = 1 << 20;

/// Reads the text of an HTML or XML document.
pub(crate) fn read(bytes: &[u8], kind: Kind, out: &mut Output<'_>) {
    if out.wanted() {
        let text = crate::text::decode(bytes);
        let text = if kind == Kind::Xml {
            strip_data(&text)
        } else {
            strip(&text)
        };
        out.segment(Segment::new(text, Origin::TextOffset(0)));
    }
}

/// Streams the fields of an XML document of data too large to hold, as
/// `strip_data` writes them: the XML read so far is written up to the
/// last record's end (where the fields' reading starts afresh), the rest
/// kept for the next read.
pub(crate) fn stream_data(reader: impl Read, out: &mut Output<'_>) -> std::io::Result<()> {
    let mut xml = String::new();
    let mut handed: u64 = 0;
    let mut hand_on = |xml: &mut String, out: &mut Output<'_>, cut: usize| {
        let text = strip_data(&xml[..cut]);
        xml.drain(..cut);
        hand_on_part(out, &mut handed, text);
    };
    crate::text::stream(reader, |chunk, _, skip| {
        xml.push_str(&chunk[skip..]);
        if xml.len() < STREAMED_XML {
            return;
        }
        let cut = last_record_end(&xml).or_else(|| (xml.len() >= 4 * STREAMED_XML).then(|| last_element_end(&xml)));
        if let Some(cut) = cut {
            hand_on(&mut xml, out, cut);
        }
    })?;
    let whole = xml.len();
    hand_on(&mut xml, out, whole);
    Ok(())
}

/// Streams the text of an HTML document too large to hold, as `strip`
/// writes it: a part at a time, each cut just after a tag, its tables'
/// headers still labelling their cells across parts. Text is handed on up
/// to the last line break before a cell still to be labelled, so that no
/// value is cut in two.
pub(crate) fn stream_html(reader: impl Read, out: &mut Output<'_>) -> std::io::Result<()> {
    let mut html = String::new();
    let mut text = String::new();
    let mut stripper = Stripper::new(false);
    let mut handed: u64 = 0;
    let mut hand_on = |text: &mut String, stripper: &mut Stripper, out: &mut Output<'_>, all: bool| {
        let settled = stripper.tables.pending_from().unwrap_or(text.len());
        let cut = if all {
            text.len()
        } else {
            match text[..settled].rfind('\n') {
                Some(line_end) => line_end + 1,
                // No line ends in a huge cell: cut anyway.
                None if settled >= 4 * STREAMED_XML => settled,
                None => return,
            }
        };
        let part: String = text.drain(..cut).collect();
        stripper.tables.rebase(cut);
        hand_on_part(out, &mut handed, part);
    };
    crate::text::stream(reader, |chunk, _, skip| {
        html.push_str(&chunk[skip..]);
        if html.len() < STREAMED_XML {
            return;
        }
        let cut = last_element_end(&html);
        stripper.strip(&html[..cut], &mut text);
        html.drain(..cut);
        hand_on(&mut text, &mut stripper, out, false);
    })?;
    stripper.strip(&html, &mut text);
    hand_on(&mut text, &mut stripper, out, true);
    Ok(())
}

/// Hands `text` on as the next part of a streamed document's text, the
/// parts before it `handed` bytes long.
fn hand_on_part(out: &mut Output<'_>, handed: &mut u64, text: String) {
    let length = text.len() as u64;
    out.chunk(&Segment::new(text, Origin::TextOffset(*handed)), 0);
    *handed += length;
}

/// Just after the last closing tag of `xml` that follows another closing
/// tag with only spaces between: the end of an element that holds
/// elements (a record, or a list of them), where no field is open.
fn last_record_end(xml: &str) -> Option<usize> {
    let bytes = xml.as_bytes();
    let mut before = bytes.len();
    while let Some(open) = memchr::memrchr(b'<', &bytes[..before]) {
        before = open;
        let previous = xml[..open].trim_end();
        let follows_a_closing_tag =
            previous.ends_with('>') && previous.rfind('<').is_some_and(|tag| previous[tag..].starts_with("</"));
        if bytes.get(open + 1) == Some(&b'/') && follows_a_closing_tag {
            return xml[open..].find('>').map(|close| open + close + 1);
        }
    }
    None
}

/// Just after the last `>` of `xml` (all of it if there is none): where a
/// record too large to wait for is cut.
fn last_element_end(xml: &str) -> usize {
    memchr::memrchr(b'>', xml.as_bytes()).map_or(xml.len(), |close| close + 1)
}

/// The text of markup: tags become spaces or line breaks, entities are
/// decoded, `<script>`/`<style>` content and comments are dropped.
pub fn strip(markup: &str) -> String {
    strip_as(markup, false)
}

/// The text of an XML document of data: each field a line labelled by its
/// tag or attribute's name, each record's fields a block.
pub fn strip_data(markup: &str) -> String {
    strip_as(markup, true)
}

/// `strip`, and with `fields`, `strip_data`.
fn strip_as(markup: &str, fields: bool) -> String {
    let mut out = String::with_capacity(markup.len() / 2);
    Stripper::new(fields).strip(markup, &mut out);
    out
}

/// Markup read in parts, each cut just after a tag (an HTML document too
/// large to hold): what reading keeps from one part to the next.
struct Stripper {
    /// Data document fields (`strip_data`) rather than a page's text.
    fields: bool,
    tables: CellLabels,
    state: FieldState,
    /// Inside a script or style element (its closing tag awaited, `</script`)
    /// or a comment (`-->`) that a part's end cut.
    skipping_to: Option<String>,
    /// How many preformatted blocks (`<pre>`, `<textarea>`) are open.
    preformatted: u32,
}

impl Stripper {
    fn new(fields: bool) -> Stripper {
        Stripper {
            fields,
            tables: CellLabels::default(),
            state: FieldState::default(),
            skipping_to: None,
            preformatted: 0,
        }
    }

    /// Writes the text of the next part of the markup, `markup`, to `out`.
    fn strip(&mut self, markup: &str, out: &mut String) {
        let fields = self.fields;
        let mut rest = markup;
        if let Some(end) = self.skipping_to.take() {
            match find_ignore_case(rest, &end) {
                Some(at) if end == "-->" => rest = &rest[at + 3..],
                Some(at) => rest = &rest[at..],
                None => {
                    self.skipping_to = Some(end);
                    return;
                }
            }
        }
        while let Some(open) = rest.find('<') {
            push_text(out, &rest[..open], fields, self.preformatted > 0);
            rest = &rest[open..];
            if let Some(after) = rest.strip_prefix("<!--") {
                rest = match after.find("-->") {
                    Some(end) => &after[end + 3..],
                    None => {
                        self.skipping_to = Some("-->".into());
                        ""
                    }
                };
                continue;
            }
            if let Some(after) = rest.strip_prefix("<![CDATA[") {
                let end = after.find("]]>").unwrap_or(after.len());
                out.push_str(&after[..end]);
                rest = after.get(end + 3..).unwrap_or("");
                continue;
            }
            // A tag left open runs to the end (its last character may be any).
            let (inside_end, close) = rest.find('>').map_or((rest.len(), rest.len()), |i| (i, i + 1));
            let closing = rest.starts_with("</");
            let tag = rest[1..inside_end].trim_start_matches('/').to_ascii_lowercase();
            let name: String = tag
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == ':')
                .collect();
            let raw_tag = &rest[1..inside_end];
            rest = &rest[close..];
            if fields {
                field_lines(out, &mut self.state, raw_tag, closing);
                continue;
            }
            if (name == "script" || name == "style") && !closing && !tag.ends_with('/') {
                let end_tag = format!("</{name}");
                rest = match find_ignore_case(rest, &end_tag) {
                    Some(at) => &rest[at..],
                    None => {
                        self.skipping_to = Some(end_tag);
                        ""
                    }
                };
                continue;
            }
            if matches!(name.as_str(), "pre" | "textarea" | "xmp" | "listing") && !tag.ends_with('/') {
                self.preformatted = if closing {
                    self.preformatted.saturating_sub(1)
                } else {
                    self.preformatted.saturating_add(1)
                };
            }
            let tables = &mut self.tables;
            // Cells and rows HTML leaves unclosed end where the next begins.
            match (name.as_str(), closing) {
                ("table", false) => tables.table_starts(),
                ("table", true) => tables.table_ends(out),
                ("tr", false) => tables.row_starts(out),
                ("tr", true) => tables.row_ends(out),
                ("td" | "th", false) => tables.cell_starts(out),
                ("td" | "th", true) => tables.cell_ends(out),
                _ => {}
            }
            let block = [
                "p", "br", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "title", "section",
            ];
            let local = name.rsplit(':').next().unwrap_or("");
            let separator = if block.contains(&local) {
                '\n'
            } else if local == "td" || local == "th" {
                // Cells apart, as in the other readers' tables: a name in one
                // does not run on into the next.
                '\t'
            } else {
                ' '
            };
            // A space the text ended with gives way to a line's or a
            // cell's end, and a cell's end to a line's.
            if (separator != ' ' && out.ends_with(' ')) || (separator == '\n' && out.ends_with('\t')) {
                out.pop();
            }
            if !out.ends_with(['\n', ' ', '\t']) && !out.is_empty() {
                out.push(separator);
            }
        }
        push_text(out, rest, fields, self.preformatted > 0);
    }
}

/// Writes the text between two tags. A data document's indentation is no
/// text; a page's white space is one space, as a browser shows it, and
/// none where a line or cell starts (a producer's indentation of its
/// tags, as LibreOffice's, would otherwise put blank lines between a
/// table's cells, and a given name's cell far from its surname's); a
/// preformatted block's is kept.
fn push_text(out: &mut String, text: &str, fields: bool, preformatted: bool) {
    if preformatted {
        push_decoded(out, text);
        return;
    }
    if text.trim().is_empty() {
        if !fields && !text.is_empty() && !out.is_empty() && !out.ends_with(['\n', ' ', '\t']) {
            out.push(' ');
        }
        return;
    }
    if fields {
        push_decoded(out, text);
        return;
    }
    if text.starts_with(|c: char| c.is_ascii_whitespace()) && !out.is_empty() && !out.ends_with(['\n', ' ', '\t']) {
        out.push(' ');
    }
    let mut words = text.split_ascii_whitespace();
    if let Some(first) = words.next() {
        let mut collapsed = String::with_capacity(text.len());
        collapsed.push_str(first);
        for word in words {
            collapsed.push(' ');
            collapsed.push_str(word);
        }
        if text.ends_with(|c: char| c.is_ascii_whitespace()) {
            collapsed.push(' ');
        }
        push_decoded(out, &collapsed);
    }
}

/// What reading a data document's fields keeps between its tags.
#[derive(Default)]
struct FieldState {
    /// Where the text of the element opened last starts in `out`, and its
    /// name: if it closes with nothing but text in it, it is a field.
    leaf: Option<(usize, String)>,
    /// The elements open, outermost first (up to `MAX_OPEN`).
    open: Vec<String>,
}

/// How many open elements are kept for their names (a hostile document
/// opens millions).
const MAX_OPEN: usize = 256;

/// Field names that say what they are only with their element's name
/// (`<CdtrAcct><Id><Othr><Id>1234567</Id>`, `<customer id="7">`).
const GENERIC_FIELDS: &[&str] = &["id", "value", "val", "number", "no", "code", "cd", "text", "txt"];

/// Elements that only wrap another and name nothing (ISO 20022's `Othr`).
const WRAPPERS: &[&str] = &["othr", "other"];

/// The label of field `name` whose elements open around it are `owners`
/// (innermost last): a generic name (`Id`) with the nearest owner's that
/// says more ("Cdtr Acct Id", as ISO 20022 payment files write an
/// account; "customer id").
fn field_label_in<S: AsRef<str>>(name: &str, owners: &[S]) -> String {
    // Compared in place: this runs for every field of a dump.
    let says_little = |name: &str| {
        GENERIC_FIELDS
            .iter()
            .chain(WRAPPERS)
            .any(|word| name.eq_ignore_ascii_case(word))
    };
    if !says_little(name) {
        return field_label(name);
    }
    match owners.iter().map(AsRef::as_ref).rev().find(|owner| !says_little(owner)) {
        Some(owner) => format!("{} {}", field_label(owner), field_label(name)),
        None => field_label(name),
    }
}

/// In a data document, what a tag (`raw_tag`, between its angle
/// brackets) makes of the text: an opening tag writes its attributes as
/// fields and may open one; a closing tag right after its text labels
/// that text with its name, and one that closes a record ends its block.
fn field_lines(out: &mut String, state: &mut FieldState, raw_tag: &str, closing: bool) {
    let tag = raw_tag.trim_start_matches('/');
    let name_end = tag.find(|c: char| c.is_whitespace() || c == '/').unwrap_or(tag.len());
    let local = tag[..name_end].rsplit(':').next().unwrap_or("");
    if closing {
        if let Some(at) = state.open.iter().rposition(|open| open == local) {
            state.open.truncate(at);
        }
        match state.leaf.take() {
            Some((start, name)) if name == local && !out[start..].trim().is_empty() => {
                let text = out.split_off(start);
                out.push_str(&field_label_in(local, &state.open));
                out.push_str(": ");
                out.push_str(text.trim());
                out.push('\n');
            }
            // An element of elements: a record ends, its block with it.
            _ => {
                if !out.is_empty() && !out.ends_with("\n\n") {
                    out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
                }
            }
        }
        return;
    }
    if tag.starts_with(['?', '!']) || local.is_empty() {
        return;
    }
    let opens = !tag.ends_with('/');
    if opens && state.open.len() < MAX_OPEN {
        state.open.push(local.to_string());
    }
    for (key, value) in attributes(&tag[name_end..]) {
        out.push_str(&field_label_in(key, &[local]));
        out.push_str(": ");
        push_decoded(out, value);
        out.push('\n');
    }
    state.leaf = opens.then(|| (out.len(), local.to_string()));
}

/// The `key="value"` (or `'value'`) attributes of a tag's rest, namespace
/// declarations left out.
fn attributes(mut rest: &str) -> Vec<(&str, &str)> {
    let mut found = Vec::new();
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].trim().rsplit(char::is_whitespace).next().unwrap_or("");
        let after = rest[eq + 1..].trim_start();
        let Some(quote) = after.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            rest = &rest[eq + 1..];
            continue;
        };
        let Some(end) = after[1..].find(quote) else {
            break;
        };
        let key = key.rsplit(':').next().unwrap_or(key);
        if !key.is_empty() && !key.starts_with("xmlns") && !rest[..eq].contains("xmlns") {
            found.push((key, &after[1..1 + end]));
        }
        rest = &after[1 + end + 1..];
    }
    found
}

/// A field's name as a label: its words apart ("birthDate" -> "birth
/// Date", "first_name" -> "first name"), as a form would write them.
pub(crate) fn field_label(name: &str) -> String {
    let mut label = String::with_capacity(name.len() + 4);
    let mut previous: Option<char> = None;
    for c in name.chars() {
        match c {
            '_' | '-' | '.' => label.push(' '),
            c if c.is_uppercase() && previous.is_some_and(char::is_lowercase) => {
                label.push(' ');
                label.push(c);
            }
            c => label.push(c),
        }
        previous = Some(c);
    }
    // `_id` is "id".
    label.trim().to_string()
}

fn find_ignore_case(hay: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    hay.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Appends `text` to `out` with its character references (`&amp;`,
/// `&#233;`) decoded.
pub(crate) fn push_decoded(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // Looked for in bytes: twelve bytes may end inside a character.
        let end = rest.as_bytes()[..rest.len().min(12)].iter().position(|&b| b == b';');
        let decoded = end.and_then(|end| decode_entity(&rest[1..end]).map(|c| (c, end + 1)));
        match decoded {
            Some((c, used)) => {
                out.push(c);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

fn decode_entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "eacute" => 'é',
        "egrave" => 'è',
        "agrave" => 'à',
        "ccedil" => 'ç',
        "ecirc" => 'ê',
        "ocirc" => 'ô',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_left_open_at_the_end_is_no_crash_whatever_its_last_character() {
        for cut in ["<customers\0€", "</customers\0\0€", "<a b='é", "<", "<é"] {
            strip(cut);
            strip_data(cut);
        }
        assert_eq!(
            strip_data("<sin>130 692 544</sin></customers€").trim(),
            "sin: 130 692 544"
        );
    }

    #[test]
    fn strips_tags_scripts_and_comments() {
        let html = "<html><head><style>p{}</style><script>var sin='x'</script></head><body><p>Num&eacute;ro&nbsp;de transit: 12345</p><!-- hidden --><p>A &amp; B &#233;</p></body>";
        let text = strip(html);
        assert!(text.contains("Numéro de transit: 12345"), "{text}");
        assert!(text.contains("A & B é"));
        assert!(!text.contains("var sin") && !text.contains("hidden") && !text.contains("p{}"));
    }

    #[test]
    fn table_cells_carry_their_header_labels_even_left_unclosed() {
        let html = "<table><tr><th>Employee name<th>Department<th>Social Insurance Number\
            <tr><td>Marie Tremblay<td><td>130 692 544</table><p>After";
        assert_eq!(
            strip(html),
            "Employee name\tDepartment\tSocial Insurance Number\nEmployee name: Marie Tremblay\tSocial Insurance Number: 130 692 544\nAfter"
        );
    }

    #[test]
    fn white_space_is_shown_as_a_browser_shows_it() {
        // LibreOffice indents its tags, its cells' text included.
        let html = "<table>\n\t<tr>\n\t\t<td><p>\n\t\t\tfirst_name</p>\n\t\t</td>\n\t\t<td>last_name</td>\n\t</tr>\n\t<tr>\n\t\t<td><p>\n\t\t\tAngela</p>\n\t\t</td>\n\t\t<td>Brown</td>\n\t</tr>\n</table>\n<p>Two\n   lines</p><pre>kept\n  as  is</pre>";
        assert_eq!(
            strip(html),
            "first_name\nlast_name\nfirst name: Angela\nlast name: Brown\nTwo lines\nkept\n  as  is "
        );
    }

    #[test]
    fn a_data_documents_fields_are_labelled_by_their_tags_records_apart() {
        let xml = "<?xml version=\"1.0\"?>\n<customers xmlns=\"urn:x\">\n  <customer id=\"7\" firstName=\"Sophie\">\n    \
                   <lastName>Martin</lastName>\n    <birthDate>1984-03-12</birthDate>\n    <ns:sin>130 692 544</ns:sin>\n    \
                   <note>A &amp; B</note><empty/>\n  </customer>\n  <customer><name>Luc Gagnon</name></customer>\n</customers>\n";
        assert_eq!(
            strip_data(xml),
            "customer id: 7\nfirst Name: Sophie\nlast Name: Martin\nbirth Date: 1984-03-12\nsin: 130 692 544\nnote: A & B\n\n\
             name: Luc Gagnon\n\n"
        );
        assert_eq!(field_label("social_insurance_number"), "social insurance number");
        assert_eq!(field_label("SIN"), "SIN");
        // A generic field's name goes with its owner's.
        assert_eq!(
            strip_data("<CdtTrfTxInf><CdtrAcct><Id><Othr><Id>1234567</Id></Othr></Id></CdtrAcct><Amt><InstdAmt Ccy=\"CAD\">12.00</InstdAmt></Amt></CdtTrfTxInf>"),
            "Cdtr Acct Id: 1234567\n\nCcy: CAD\nInstd Amt: 12.00\n\n"
        );
        // Mixed content keeps its text.
        assert!(strip_data("<a>text <b>bold</b> more</a>").contains("more"));
    }

    #[test]
    fn a_data_document_streamed_reads_as_one_held_whole() {
        let record = |n: usize| {
            format!(
                "  <customer id=\"{n}\">\n    <name>Marie Roy {n}</name>\n    <birthDate>1984-03-12</birthDate>\n  </customer>\n"
            )
        };
        let xml = format!(
            "<?xml version=\"1.0\"?>\n<customers>\n{}</customers>\n",
            (0..40_000).map(record).collect::<String>()
        );
        assert!(xml.len() > 2 * STREAMED_XML, "more than one read");
        let streamed = crate::reader::tests::streamed(Kind::Xml, xml.as_bytes(), |bytes, out| stream_data(bytes, out));
        // The test sink ends each segment with a line break of its own;
        // each but the last ends a record, so no record is cut in two.
        assert!(streamed.matches("\n\n\n").count() > 1, "more than one segment");
        assert_eq!(
            streamed.replace("\n\n\n", "\n\n").trim_end(),
            strip_data(&xml).trim_end()
        );
        assert_eq!(last_record_end("<a><b>x</b></a><a><b>y"), Some(15));
        assert_eq!(last_record_end("<b>x</b>"), None, "a field's end is no record's");
        assert_eq!(last_element_end("<a>text"), 3);
    }

    #[test]
    fn an_html_page_streamed_reads_as_one_held_whole() {
        // A report exported to HTML: one table under its header, rows left
        // unclosed as HTML may, a script and a comment cut by a part's end.
        let row = |n: usize| format!("<tr><td>Marie Roy {n}<td>130 692 544<td>{}\n", "x".repeat(n % 50));
        let rows: String = (0..30_000).map(row).collect();
        let script = format!("<script>var sin = '{}';</script>", "9".repeat(2 * STREAMED_XML));
        let comment = format!("<!-- {} -->", "c".repeat(2 * STREAMED_XML));
        let html = format!(
            "<html><body><h1>Employees</h1><table><tr><th>Employee name<th>Social Insurance Number<th>Note\n{rows}</table>\
             {script}<p>Between</p>{comment}<p>After &amp; all</p></body></html>"
        );
        assert!(html.len() > 4 * STREAMED_XML, "more than one read");
        let streamed =
            crate::reader::tests::streamed(Kind::Html, html.as_bytes(), |bytes, out| stream_html(bytes, out));
        // The test sink ends each segment with a line break of its own,
        // and segments end at a line's end.
        assert!(streamed.matches("\n\n").count() > 1, "more than one segment");
        let held = strip(&html);
        assert_eq!(
            streamed.replace("\n\n", "\n").trim_end(),
            held.replace("\n\n", "\n").trim_end()
        );
        assert!(held.contains("Employee name: Marie Roy 29999\tSocial Insurance Number: 130 692 544"));
        assert!(
            !held.contains("99999") && !held.contains("ccccc"),
            "script and comment dropped"
        );
        assert!(
            held.contains("Between\nAfter & all"),
            "text after the cut script and comment"
        );
    }

    #[test]
    fn a_streamed_dump_of_broken_markup_is_read_to_its_end() {
        // Past the size at which records are waited for, with no record's
        // end (or no tag's) to cut at: each is read whole, text kept.
        let size = 5 * STREAMED_XML;
        for (broken, text) in [("<", ""), ("</", ""), ("<a>x", "x"), ("x>", "x"), ("é<b>", "é")] {
            let xml = broken.repeat(size / broken.len());
            let streamed =
                crate::reader::tests::streamed(Kind::Xml, xml.as_bytes(), |bytes, out| stream_data(bytes, out));
            let kept = streamed.matches(text).count();
            assert!(text.is_empty() || kept == size / broken.len(), "{broken:?}: {kept}");
        }
    }

    #[test]
    fn broken_markup_is_total() {
        // Twelve bytes after the `&` end inside the é.
        assert_eq!(strip("a &abcdefghijé;"), "a &abcdefghijé;");
        for s in [
            "<",
            "<<>>",
            "<script>",
            "&#xFFFFFFFF;",
            "&",
            "<!--",
            "<![CDATA[x",
            "a < b & c > d",
            "<a b=\"c>",
            "<a b='>",
            "<a =\"x\" =>",
            "</>",
            "<é é=\"é\">é</é>",
        ] {
            strip(s);
            strip_data(s);
        }
        assert_eq!(strip("<![CDATA[SIN 1]]>").trim(), "SIN 1");
    }
}
