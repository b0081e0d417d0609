//! HTML and XML: the text between the tags, entities decoded, scripts and
//! styles dropped. Written by hand because it must be total over broken
//! markup (a tolerant tag stripper never fails), and an XML parser would
//! refuse the HTML and the malformed files evidence is full of.

use crate::output::Output;
use crate::table::CellLabels;
use breachscope_core::{Origin, Segment};

/// Reads the text of an HTML or XML document.
pub(crate) fn read(bytes: &[u8], out: &mut Output<'_>) {
    if out.wanted() {
        let text = crate::text::decode(bytes);
        out.segment(Segment::new(strip(&text), Origin::TextOffset(0)));
    }
}

/// The text of markup: tags become spaces or line breaks, entities are
/// decoded, `<script>`/`<style>` content and comments are dropped.
pub fn strip(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len() / 2);
    let mut tables = CellLabels::default();
    let mut rest = markup;
    while let Some(open) = rest.find('<') {
        push_decoded(&mut out, &rest[..open]);
        rest = &rest[open..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        if let Some(after) = rest.strip_prefix("<![CDATA[") {
            let end = after.find("]]>").unwrap_or(after.len());
            out.push_str(&after[..end]);
            rest = after.get(end + 3..).unwrap_or("");
            continue;
        }
        let close = rest.find('>').map_or(rest.len(), |i| i + 1);
        let closing = rest.starts_with("</");
        let tag = rest[1..close.saturating_sub(1).max(1)]
            .trim_start_matches('/')
            .to_ascii_lowercase();
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == ':')
            .collect();
        rest = &rest[close..];
        if (name == "script" || name == "style") && !closing && !tag.ends_with('/') {
            let end_tag = format!("</{name}");
            rest = find_ignore_case(rest, &end_tag).map_or("", |i| &rest[i..]);
            continue;
        }
        // Cells and rows HTML leaves unclosed end where the next begins.
        match (name.as_str(), closing) {
            ("table", false) => tables.table_starts(),
            ("table", true) => tables.table_ends(&mut out),
            ("tr", false) => tables.row_starts(&mut out),
            ("tr", true) => tables.row_ends(&mut out),
            ("td" | "th", false) => tables.cell_starts(&mut out),
            ("td" | "th", true) => tables.cell_ends(&mut out),
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
        if !out.ends_with(['\n', ' ', '\t']) && !out.is_empty() {
            out.push(separator);
        }
    }
    push_decoded(&mut out, rest);
    out
}

fn find_ignore_case(hay: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    hay.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn push_decoded(out: &mut String, text: &str) {
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
        ] {
            strip(s);
        }
        assert_eq!(strip("<![CDATA[SIN 1]]>").trim(), "SIN 1");
    }
}
