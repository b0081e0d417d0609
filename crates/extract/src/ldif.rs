//! LDIF (RFC 2849): a directory's export (`ldapsearch`, `ldifde` from
//! Active Directory), the staff's or customers' accounts as an intruder
//! dumps them. Each entry becomes one segment of labelled lines as a form
//! writes them ("Full name: Olivia Harper", "Mobile: +1 613 555 0142"), the
//! directory's short attribute names (`cn`, `sn`, `l`) told in words so
//! that the detectors read them by their labels; its place is
//! `part:entry 3`.
//!
//! Read by hand: the syntax is a few rules (folded lines, `name: value`,
//! `name:: base64`), and a damaged export must still give every entry it
//! holds.

use crate::markup::field_label;
use crate::output::Output;
use base64::Engine;
use breachscope_core::{Origin, Segment};

/// Attributes that hold no one's data: structure, identifiers, binary
/// values, password hashes' metadata, counters.
const SKIPPED: &[&str] = &[
    "version",
    "objectclass",
    "objectcategory",
    "objectguid",
    "objectsid",
    "changetype",
    "add",
    "replace",
    "delete",
    "usercertificate",
    "jpegphoto",
    "thumbnailphoto",
    "usnchanged",
    "usncreated",
    "instancetype",
    "samaccounttype",
    "useraccountcontrol",
    "primarygroupid",
    "pwdlastset",
    "lastlogon",
    "lastlogontimestamp",
    "lastlogoff",
    "badpasswordtime",
    "badpwdcount",
    "logoncount",
    "accountexpires",
    "codepage",
    "countrycode",
    "dscorepropagationdata",
];

/// The words for the directory's short or run-together attribute names;
/// others are written apart by `field_label` (`employeeNumber` -> `employee
/// Number`).
const LABELS: &[(&str, &str)] = &[
    ("dn", "Distinguished name"),
    ("cn", "Name"),
    ("displayname", "Full name"),
    ("givenname", "Given name"),
    ("sn", "Surname"),
    ("mail", "Email"),
    ("proxyaddresses", "Email"),
    ("userprincipalname", "Account"),
    ("telephonenumber", "Telephone"),
    ("othertelephone", "Telephone"),
    ("homephone", "Home phone"),
    ("mobile", "Mobile"),
    ("facsimiletelephonenumber", "Fax"),
    ("ipphone", "Telephone"),
    ("postalcode", "Postal code"),
    ("streetaddress", "Address"),
    ("street", "Address"),
    ("postaladdress", "Address"),
    ("homepostaladdress", "Home address"),
    ("l", "City"),
    ("st", "Province"),
    ("c", "Country"),
    ("co", "Country"),
    ("o", "Organization"),
    ("ou", "Organizational unit"),
    ("uid", "User name"),
    ("samaccountname", "User name"),
    ("employeeid", "Employee number"),
    ("whencreated", "Created"),
    ("whenchanged", "Modified"),
];

/// How much of one entry's text is held before it is handed on in a
/// piece of its own (a hostile entry of millions of attributes).
const MAX_ENTRY_TEXT: usize = 1 << 20;

/// Reads every entry of an LDIF file.
pub(crate) fn read(bytes: &[u8], out: &mut Output<'_>) {
    if !out.wanted() {
        return;
    }
    let text = crate::text::decode(bytes);
    let mut entry = String::new();
    let mut count = 0usize;
    for_each_line(&text, |line| {
        let Some(line) = line else {
            if !entry.is_empty() {
                count += 1;
                hand_on(&mut entry, count, out);
            }
            return;
        };
        if let Some(written) = attribute_line(line) {
            entry.push_str(&written);
            entry.push('\n');
            if entry.len() > MAX_ENTRY_TEXT {
                hand_on(&mut entry, count + 1, out);
            }
        }
    });
    if !entry.is_empty() {
        hand_on(&mut entry, count + 1, out);
    }
}

/// Hands on the text of entry number `count`, if any.
fn hand_on(entry: &mut String, count: usize, out: &mut Output<'_>) {
    if !entry.is_empty() {
        out.segment(Segment::new(
            std::mem::take(entry),
            Origin::Part(format!("entry {count}")),
        ));
    }
}

/// Calls `each` with every unfolded line (a line that starts with one
/// space continues the one before), comments passed over, and `None` for
/// each blank line, which ends an entry.
fn for_each_line(text: &str, mut each: impl FnMut(Option<&str>)) {
    let mut line = String::new();
    let mut comment = false;
    for raw in text.lines() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(rest) = raw.strip_prefix(' ') {
            if !comment {
                line.push_str(rest);
            }
            continue;
        }
        if !line.is_empty() {
            each(Some(&line));
            line.clear();
        }
        comment = raw.starts_with('#');
        if raw.trim().is_empty() {
            each(None);
        } else if !comment {
            line.push_str(raw);
        }
    }
    if !line.is_empty() {
        each(Some(&line));
    }
}

/// An attribute's line as a form writes it, or `None` for one that holds
/// no one's data (or no text).
fn attribute_line(line: &str) -> Option<String> {
    let (name, value) = line.split_once(':')?;
    // Options after the name (`cn;lang-fr`) are not part of it.
    let name = name.split(';').next().unwrap_or(name).trim();
    let lower = name.to_ascii_lowercase();
    if SKIPPED.contains(&lower.as_str()) || name.is_empty() || name == "-" {
        return None;
    }
    let value = if let Some(encoded) = value.strip_prefix(':') {
        let bytes = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
        String::from_utf8(bytes).ok()?
    } else {
        // A value by reference (`:< file:///...`) is shown, never opened.
        value.strip_prefix('<').unwrap_or(value).trim().to_string()
    };
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    let label = LABELS
        .iter()
        .find(|(attribute, _)| *attribute == lower)
        .map_or_else(|| field_label(name), |(_, label)| label.to_string());
    let value = match lower.as_str() {
        // `SMTP:jroy@example.ca`, `smtp:` for the other addresses.
        "proxyaddresses" => value.split_once(':').map_or(value, |(_, address)| address).to_string(),
        "whencreated" | "whenchanged" => generalized_time(value),
        _ => value.to_string(),
    };
    Some(format!("{label}: {value}"))
}

/// A directory's time (`20220304153000.0Z`) as an ISO date, or as written
/// if it is not one.
fn generalized_time(value: &str) -> String {
    match value.get(..8) {
        Some(date) if date.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{}-{}-{}", &date[..4], &date[4..6], &date[6..8])
        }
        _ => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::tests::Segments;

    fn entries(ldif: &str) -> Vec<(String, String)> {
        let mut sink = Segments::default();
        let mut out = Output::new(&mut sink, true, usize::MAX);
        read(ldif.as_bytes(), &mut out);
        drop(out);
        sink.0.iter().map(|s| (s.origin.locate(0), s.text.clone())).collect()
    }

    #[test]
    fn each_entry_is_a_form_of_its_attributes_in_words() {
        let ldif = "version: 1\n# exported 2022-03-04\n\n\
            dn: CN=Olivia Harper,OU=Staff,DC=democo,DC=ca\nobjectClass: user\ncn: Olivia Harper\n\
            sn: Harper\ngivenName: Olivia\nmail: olivia.harper@democo.ca\n\
            proxyAddresses: SMTP:oh@democo.ca\ntelephoneNumber: +1 613 555 0142\n\
            l: Ottawa\npostalCode: K1A 0B1\nemployeeNumber: 130692544\nwhenCreated: 20220304153000.0Z\n\
            objectGUID:: 3q2+7wAAAAAAAAAAAAAAAA==\n\n\
            dn: uid=jroy,ou=People,dc=democo,dc=ca\ndisplayName:: SsOpcsO0bWUgUm95\ndescription: Client depuis\n  2019\n";
        let found = entries(ldif);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0, "part:entry 1");
        assert_eq!(
            found[0].1,
            "Distinguished name: CN=Olivia Harper,OU=Staff,DC=democo,DC=ca\nName: Olivia Harper\n\
             Surname: Harper\nGiven name: Olivia\nEmail: olivia.harper@democo.ca\nEmail: oh@democo.ca\n\
             Telephone: +1 613 555 0142\nCity: Ottawa\nPostal code: K1A 0B1\nemployee Number: 130692544\n\
             Created: 2022-03-04\n",
            "binary values and structure left out"
        );
        assert_eq!(
            found[1],
            (
                "part:entry 2".to_string(),
                "Distinguished name: uid=jroy,ou=People,dc=democo,dc=ca\nFull name: Jérôme Roy\n\
                 description: Client depuis 2019\n"
                    .to_string()
            ),
            "base64 text decoded, folded lines joined"
        );
    }

    #[test]
    fn damaged_and_hostile_exports_give_what_they_hold() {
        let ldif = "dn: cn=a\ncn:: !!!not base64\nmail\n: no name\n-\nmail: a@b.ca";
        assert_eq!(
            entries(ldif),
            [(
                "part:entry 1".to_string(),
                "Distinguished name: cn=a\nEmail: a@b.ca\n".to_string()
            )]
        );
        let huge = format!("dn: cn=x\n{}", "description: SIN 130 692 544\n".repeat(100_000));
        let found = entries(&huge);
        assert!(found.len() >= 2 && found.iter().all(|(_, text)| text.len() <= MAX_ENTRY_TEXT + 64));
        assert!(entries("").is_empty());
    }
}
