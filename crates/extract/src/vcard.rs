//! Contact cards (vCard, `.vcf`: a phone's or a mail client's contacts
//! export) and calendars (iCalendar, `.ics`: meetings with their
//! attendees). Each card or event becomes one segment of labelled lines,
//! as a form writes them ("Full name: Marie Tremblay", "Date of birth:
//! 1984-03-12", "Attendee: Jean Roy <jroy@...>"), so that the detectors
//! read its fields by their labels; its place is `part:card 3`.
//!
//! Both formats write content lines (RFC 6350, RFC 5545): folded lines,
//! `NAME;PARAM=...:value`, backslash escapes, and in vCard 2.1
//! quoted-printable values. Read by hand: the syntax is these few rules,
//! and the crates that parse it build whole object models that refuse a
//! malformed file, where every readable card must still be read.

use crate::output::Output;
use breachscope_core::{Origin, Segment};

/// Properties that hold no one's data: structure, identifiers, pictures
/// and keys (base64), recurrence and time-zone rules.
const SKIPPED: &[&str] = &[
    "BEGIN",
    "END",
    "VERSION",
    "PRODID",
    "UID",
    "REV",
    "PHOTO",
    "LOGO",
    "SOUND",
    "KEY",
    "CALSCALE",
    "METHOD",
    "SEQUENCE",
    "TRANSP",
    "STATUS",
    "CLASS",
    "TZID",
    "TZOFFSETFROM",
    "TZOFFSETTO",
    "TZNAME",
    "RRULE",
    "EXDATE",
    "PRIORITY",
    "ACTION",
    "TRIGGER",
    "KIND",
    "SOURCE",
];

/// Components that hold no one's data (a calendar's time-zone rules:
/// their dates are the zone's, 1970 and the like).
const SKIPPED_COMPONENTS: &[&str] = &["VTIMEZONE"];

/// How much of one card's or event's text is held before it is handed on
/// in a piece of its own (a hostile card of millions of properties).
const MAX_CARD_TEXT: usize = 1 << 20;

/// Reads every card and calendar component of a vCard or iCalendar file.
pub(crate) fn read(bytes: &[u8], out: &mut Output<'_>) {
    if !out.wanted() {
        return;
    }
    let text = crate::text::decode(bytes);
    let mut card = Card::default();
    let mut count = 0;
    // How deep in a card or event (an event's alarm is part of it), and
    // whether the component is skipped.
    let mut depth = 0usize;
    let mut skipping = false;
    for_each_content_line(&text, |line| {
        let Some(property) = Property::parse(line) else {
            return;
        };
        let component = property.value.trim().to_ascii_uppercase();
        match property.name.as_str() {
            "BEGIN" | "END" if component == "VCALENDAR" => {}
            "BEGIN" => {
                if depth == 0 {
                    card = Card::default();
                    skipping = SKIPPED_COMPONENTS.contains(&component.as_str());
                }
                depth += 1;
            }
            "END" => {
                depth = depth.saturating_sub(1);
                if depth == 0 && !skipping {
                    count += 1;
                    out.segment(Segment::new(std::mem::take(&mut card).text(), part(&component, count)));
                }
            }
            _ if !skipping => {
                card.add(&property);
                if card.text.len() > MAX_CARD_TEXT {
                    let piece = std::mem::take(&mut card.text);
                    out.segment(Segment::new(piece, part("VCARD", count + 1)));
                }
            }
            _ => {}
        }
    });
    // A file cut short still gives the card it was in.
    if !skipping {
        out.segment(Segment::new(card.text(), part("VCARD", count + 1)));
    }
}

/// Where the `n`th card or event of a file is: `part:card 3`, `part:vevent 2`.
fn part(component: &str, n: usize) -> Origin {
    let name = if component == "VCARD" {
        "card".to_string()
    } else {
        component.to_ascii_lowercase()
    };
    Origin::Part(format!("{name} {n}"))
}

/// Calls `each` with every unfolded content line of a file, one held at a
/// time: a line that starts with a space or a tab continues the one
/// before, and a quoted-printable value that ends with `=` continues on
/// the next line. Empty lines are passed over.
fn for_each_content_line(text: &str, mut each: impl FnMut(&str)) {
    let mut line = String::new();
    let mut soft_break = false;
    for raw in text.lines() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if soft_break {
            line.push_str(raw);
        } else if raw.starts_with([' ', '\t']) && !line.is_empty() {
            line.push_str(&raw[1..]);
        } else {
            if !line.is_empty() {
                each(&line);
            }
            line.clear();
            line.push_str(raw);
        }
        soft_break = line.ends_with('=') && line.to_ascii_uppercase().contains("QUOTED-PRINTABLE");
        // A line continued past the card bound is handed on as it is.
        if line.len() > MAX_CARD_TEXT {
            each(&line);
            line.clear();
            soft_break = false;
        }
    }
    if !line.is_empty() {
        each(&line);
    }
}

/// One content line: its name (upper case, without a group prefix), its
/// parameters and its value, unescaped.
struct Property {
    name: String,
    params: Vec<(String, String)>,
    value: String,
}

impl Property {
    fn parse(line: &str) -> Option<Property> {
        let (head, raw_value) = split_unquoted(line, ':')?;
        let mut parts = head.split(';');
        let name = parts.next()?.rsplit('.').next()?.trim().to_ascii_uppercase();
        if name.is_empty() {
            return None;
        }
        let params: Vec<(String, String)> = parts
            .map(|param| match param.split_once('=') {
                Some((key, value)) => (key.trim().to_ascii_uppercase(), value.trim_matches('"').to_string()),
                // vCard 2.1 writes some parameters bare ("TEL;WORK;QUOTED-PRINTABLE").
                None => ("TYPE".to_string(), param.trim().to_string()),
            })
            .collect();
        let quoted_printable = params
            .iter()
            .any(|(_, value)| value.eq_ignore_ascii_case("QUOTED-PRINTABLE"));
        let value = if quoted_printable {
            quoted_printable_text(raw_value)
        } else {
            raw_value.to_string()
        };
        Some(Property { name, params, value })
    }

    fn param(&self, key: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// `line` split at the first `separator` outside double quotes (a
/// parameter may quote a colon: `CN="Roy: Jean"`).
fn split_unquoted(line: &str, separator: char) -> Option<(&str, &str)> {
    let mut quoted = false;
    for (at, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            c if c == separator && !quoted => return Some((&line[..at], &line[at + 1..])),
            _ => {}
        }
    }
    None
}

/// A quoted-printable value decoded (`=C3=A9` is `é`, a soft break `=`
/// at a line's end joins it to the next), read as UTF-8.
fn quoted_printable_text(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = |i: usize| bytes.get(i).and_then(|b| (*b as char).to_digit(16));
        match (bytes[at], hex(at + 1), hex(at + 2)) {
            (b'=', Some(high), Some(low)) => {
                decoded.push((high * 16 + low) as u8);
                at += 3;
            }
            (b'=', _, _) => at += 1,
            (b, _, _) => {
                decoded.push(b);
                at += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

/// A value's backslash escapes undone (`\,` `\;` `\n` `\\`).
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match (c, chars.clone().next()) {
            ('\\', Some('n' | 'N')) => {
                out.push(' ');
                chars.next();
            }
            ('\\', Some(escaped)) => {
                out.push(escaped);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// The components of a structured value (`N`, `ADR`, `ORG`), in their
/// places (empty ones too), each unescaped as a value is.
fn components(value: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut part = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            // An escape is kept whole for `unescape`: `\;` splits nothing.
            '\\' => {
                part.push(c);
                part.extend(chars.next());
            }
            ';' => parts.push(unescape(&std::mem::take(&mut part))),
            _ => part.push(c),
        }
    }
    parts.push(unescape(&part));
    parts
}

/// A date or date-time in basic form (`19840312`, `20220302T140000Z`)
/// written as ISO 8601 (`1984-03-12`); other forms as they are.
fn iso_date(value: &str) -> String {
    let date = value.split('T').next().unwrap_or(value);
    if date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit()) {
        format!("{}-{}-{}", &date[..4], &date[4..6], &date[6..])
    } else {
        date.to_string()
    }
}

/// One card's or event's labelled lines in the making.
#[derive(Default)]
struct Card {
    /// Its lines so far, each ended by a line break.
    text: String,
    /// Its `N` (family, given), written only if it has no `FN`.
    structured_name: Option<(String, String)>,
    full_name: bool,
}

impl Card {
    fn add(&mut self, property: &Property) {
        let name = property.name.as_str();
        if SKIPPED.contains(&name) || property.value.trim().is_empty() {
            return;
        }
        let value = &property.value;
        let line = match name {
            "FN" => {
                self.full_name = true;
                format!("Full name: {}", unescape(value))
            }
            "N" => {
                let parts = components(value);
                let part = |i: usize| parts.get(i).map_or("", |p| p.trim()).to_string();
                self.structured_name = Some((part(0), part(1)));
                return;
            }
            "BDAY" => format!("Date of birth: {}", iso_date(value)),
            "TEL" => format!("Phone: {}", value.trim_start_matches("tel:")),
            "EMAIL" => format!("Email: {}", value.trim_start_matches("mailto:")),
            "ADR" | "ORG" => {
                let label = if name == "ADR" { "Address" } else { "Organization" };
                let parts: Vec<String> = components(value).into_iter().filter(|p| !p.trim().is_empty()).collect();
                format!("{label}: {}", parts.join(", "))
            }
            "ORGANIZER" | "ATTENDEE" => {
                let address = value.trim_start_matches("mailto:").trim_start_matches("MAILTO:");
                let label = if name == "ORGANIZER" { "Organizer" } else { "Attendee" };
                match property.param("CN") {
                    Some(person) => format!("{label}: {person} <{address}>"),
                    None => format!("{label}: {address}"),
                }
            }
            "DTSTART" | "DTEND" | "DUE" | "DTSTAMP" | "CREATED" | "LAST-MODIFIED" | "ANNIVERSARY" => {
                format!("{}: {}", date_label(name), iso_date(value))
            }
            "SUMMARY" => format!("Subject: {}", unescape(value)),
            _ => format!("{}: {}", title_case(name), unescape(value)),
        };
        self.text.push_str(&line);
        self.text.push('\n');
    }

    /// The card's text, its structured name written if it has no full one.
    fn text(self) -> String {
        let text = self.text.trim_end_matches('\n');
        match (self.structured_name, self.full_name) {
            (Some((family, given)), false) if text.is_empty() => format!("First name: {given}\tLast name: {family}"),
            (Some((family, given)), false) => format!("First name: {given}\tLast name: {family}\n{text}"),
            _ => text.to_string(),
        }
    }
}

/// How a date property is labelled.
fn date_label(name: &str) -> &'static str {
    match name {
        "DTSTART" => "Start",
        "DTEND" => "End",
        "DUE" => "Due",
        "ANNIVERSARY" => "Anniversary",
        "CREATED" => "Created",
        _ => "Modified",
    }
}

/// A property's name as a label: `NOTE` -> `Note`, `X-SKYPE` -> `X-skype`.
fn title_case(name: &str) -> String {
    let mut label = name.to_ascii_lowercase();
    if let Some(first) = label.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    label
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::{DocInfo, Sink};

    /// Keeps each segment's place and text.
    #[derive(Default)]
    struct Segments(Vec<(String, String)>);

    impl Sink for Segments {
        fn begin(&mut self, _: &DocInfo) -> bool {
            true
        }
        fn segment(&mut self, segment: &Segment, _: usize) {
            self.0.push((segment.origin.locate(0), segment.text.clone()));
        }
        fn hashed(&mut self, _: String, _: u64) {}
        fn end(&mut self, _: Vec<chrono::NaiveDate>, _: Vec<String>) {}
    }

    /// The segments of a vCard or iCalendar file holding `text`, with
    /// where each sits.
    fn segments(_name: &str, text: &str) -> Vec<(String, String)> {
        let mut sink = Segments::default();
        let mut out = Output::new(&mut sink, true, usize::MAX);
        read(text.as_bytes(), &mut out);
        out.finish();
        sink.0
    }

    #[test]
    fn a_contact_card_reads_as_a_form() {
        let vcf = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Tremblay;Marie;;Mme;\r\nFN:Marie Tremblay\r\nORG:Boréal \
                   Électrique Ltée\r\nTEL;TYPE=WORK,VOICE:(514) 555-0199\r\nitem1.EMAIL;TYPE=INTERNET:marie.tremblay@\r\n \
                   borealelec.ca\r\nADR;TYPE=WORK:;;100 rue Principale;Montréal;QC;H2X 1Y4;Canada\r\nBDAY:19840312\r\n\
                   NOTE:Prefers e-mail\\, not phone\r\nPHOTO;ENCODING=b:iVBORw0KGgo=\r\nEND:VCARD\r\n";
        let read = segments("contacts.vcf", vcf);
        assert_eq!(read.len(), 1);
        let (place, text) = &read[0];
        assert_eq!(place, "part:card 1");
        for line in [
            "Full name: Marie Tremblay",
            "Organization: Boréal Électrique Ltée",
            "Phone: (514) 555-0199",
            "Email: marie.tremblay@borealelec.ca",
            "Address: 100 rue Principale, Montréal, QC, H2X 1Y4, Canada",
            "Date of birth: 1984-03-12",
            "Note: Prefers e-mail, not phone",
        ] {
            assert!(text.lines().any(|l| l == line), "{line:?} in {text:?}");
        }
        assert!(!text.contains("iVBOR"), "pictures are not text");
        assert!(!text.contains("First name"), "the full name is enough");
    }

    #[test]
    fn an_old_card_without_a_full_name_and_quoted_printable() {
        let vcf = "BEGIN:VCARD\nVERSION:2.1\nN:Gagnon;Luc\nTEL;CELL:+1-416-555-0101\n\
                   NOTE;ENCODING=QUOTED-PRINTABLE:Rencontr=C3=A9 =C3=A0 Montr=C3=A9al,=\n le 3 mars\nEND:VCARD\n\
                   BEGIN:VCARD\nFN:Sophie Martin\n";
        let read = segments("old.vcf", vcf);
        assert_eq!(read.len(), 2, "{read:?}");
        assert!(
            read[0].1.starts_with("First name: Luc\tLast name: Gagnon"),
            "{:?}",
            read[0].1
        );
        assert!(
            read[0].1.contains("Note: Rencontré à Montréal, le 3 mars"),
            "{:?}",
            read[0].1
        );
        assert_eq!(
            read[1],
            ("part:card 2".to_string(), "Full name: Sophie Martin".to_string())
        );
    }

    #[test]
    fn a_calendars_events_name_their_attendees_and_dates() {
        let ics = "BEGIN:VCALENDAR\nPRODID:-//x//y\nBEGIN:VEVENT\nDTSTART:20220302T140000Z\n\
                   SUMMARY:Call about invoice INV-2291\nORGANIZER;CN=Jean Roy:mailto:jroy@democo.ca\n\
                   ATTENDEE;ROLE=REQ-PARTICIPANT;CN=\"Tremblay, Marie\":mailto:mt@example.ca\nEND:VEVENT\nEND:VCALENDAR\n";
        let read = segments("meeting.ics", ics);
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].0, "part:vevent 1");
        assert_eq!(
            read[0].1,
            "Start: 2022-03-02\nSubject: Call about invoice INV-2291\nOrganizer: Jean Roy <jroy@democo.ca>\n\
             Attendee: Tremblay, Marie <mt@example.ca>"
        );
    }

    #[test]
    fn time_zone_rules_are_no_ones_and_an_alarm_is_its_events() {
        let ics = "BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nTZID:America/Toronto\nBEGIN:STANDARD\nDTSTART:19701101T020000\n\
                   END:STANDARD\nEND:VTIMEZONE\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20220302\nBEGIN:VALARM\n\
                   DESCRIPTION:Reminder\nEND:VALARM\nLOCATION:Montréal\nEND:VEVENT\nEND:VCALENDAR";
        assert_eq!(
            segments("x.ics", ics),
            [(
                "part:vevent 1".to_string(),
                "Start: 2022-03-02\nDescription: Reminder\nLocation: Montréal".to_string()
            )]
        );
    }

    #[test]
    fn a_hostile_card_is_read_in_bounded_pieces() {
        let many = format!(
            "BEGIN:VCARD\n{}FN:Marie Tremblay\nEND:VCARD\n",
            "NOTE:x\n".repeat(300_000)
        );
        let read = segments("many.vcf", &many);
        assert!(read.len() >= 2, "handed on in pieces");
        assert!(read.iter().all(|(_, text)| text.len() <= MAX_CARD_TEXT + 64));
        assert!(read
            .last()
            .is_some_and(|(_, text)| text.ends_with("Full name: Marie Tremblay")));
        assert!(segments("blank.vcf", &"\n".repeat(1_000_000)).is_empty());
    }

    #[test]
    fn hostile_cards_do_not_panic() {
        for text in [
            "",
            "BEGIN:VCARD",
            "END:VCARD\nEND:VCARD",
            ":\n;;;:\nN\nN:;\nBDAY:\nADR:\\",
            "FN;ENCODING=QUOTED-PRINTABLE:=\n=F\n=ZZ=C3",
            "ATTENDEE;CN=\"unclosed:mailto:x\nBEGIN:VCARD\n é:é\n\t",
        ] {
            segments("x.vcf", text);
        }
    }
}
