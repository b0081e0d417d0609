//! Mail: RFC 5322 messages (`.eml`) through mail-parser, and mbox files
//! split into their messages (Outlook's `.msg` is `msg`'s). A message's headers and bodies are its text;
//! its attachments (and attached messages) become documents of their own,
//! `mail.eml!attachment.pdf`, read by their own readers.

use crate::output::Output;
use breachscope_core::{Origin, Segment};
use chrono::NaiveDate;
use mail_parser::{Address, MessageParser, MimeHeaders};

/// Reads one message; its attachments are pushed to `children`.
pub(crate) fn read_message(bytes: &[u8], out: &mut Output<'_>, children: &mut Vec<(String, Vec<u8>)>) {
    let Some(message) = MessageParser::default().parse(bytes) else {
        return out.error("not a parsable e-mail message");
    };
    if let Some(date) = message.date() {
        if let Some(d) = NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into()) {
            out.meta_dates.push(d);
        }
    }
    // One line per correspondent, so that each name is read as one; a
    // sent message's blind copies too (its sender's copy keeps them).
    let mut header = String::new();
    let correspondents = [
        ("From", message.from()),
        ("To", message.to()),
        ("Cc", message.cc()),
        ("Bcc", message.bcc()),
    ];
    for (label, address) in correspondents {
        for correspondent in address.into_iter().flat_map(addresses) {
            header.push_str(&format!("{label}: {correspondent}\n"));
        }
    }
    if let Some(subject) = message.subject() {
        header.push_str(&format!("Subject: {subject}\n"));
    }
    // The sending date is metadata (above), not a date the text is about;
    // but a message saved as text from Outlook ("From:", "Sent:", "To:",
    // "Subject:") has no Date header, and its "Sent:" line, text like the
    // rest of the file, is what says when.
    if message.date().is_none() {
        if let Some(sent) = message.header_raw("Sent").and_then(|sent| sent.lines().next()) {
            header.push_str(&format!("Sent: {}\n", sent.trim()));
        }
    }
    out.segment(Segment::new(header, Origin::Part("headers".into())));
    let text_count = message.text_bodies().count();
    for (i, part) in message.text_bodies().enumerate() {
        let body = match part.text_contents() {
            Some(text) if part.is_text_html() => crate::markup::strip(text),
            Some(text) => text.to_string(),
            None => continue,
        };
        let name = if text_count > 1 {
            format!("body {}", i + 1)
        } else {
            "body".to_string()
        };
        out.segment(Segment::new(body, Origin::Part(name)));
    }
    for (i, part) in message.attachments().enumerate() {
        let name = part.attachment_name().map(str::to_string).unwrap_or_else(|| {
            if part.is_message() {
                format!("message-{}.eml", i + 1)
            } else {
                format!("attachment-{}", i + 1)
            }
        });
        children.push((name, part.contents().to_vec()));
    }
}

/// Each correspondent of a header field, as `Name <address>`.
fn addresses(address: &Address<'_>) -> Vec<String> {
    address
        .iter()
        .filter_map(|a| correspondent(a.name(), a.address()))
        .collect()
}

/// A correspondent as a message's header line gives one, `Name <address>`,
/// or whichever of the two is known.
pub(crate) fn correspondent(name: Option<&str>, address: Option<&str>) -> Option<String> {
    match (name, address) {
        (Some(name), Some(address)) => Some(format!("{name} <{address}>")),
        (Some(one), None) | (None, Some(one)) => Some(one.to_string()),
        (None, None) => None,
    }
}

/// Splits an mbox held whole into its messages (`box.mbox!message-N.eml`),
/// as `stream_mbox` does one too large to hold.
pub(crate) fn split_mbox(bytes: &[u8], out: &mut Output<'_>, children: &mut Vec<(String, Vec<u8>)>) {
    let mut over = Vec::new();
    let split = stream_mbox(bytes, MAX_STREAMED_MESSAGE, |number, message| match message {
        Ok(message) => children.push((format!("message-{number}.eml"), message.to_vec())),
        Err(size) => over.push((number, size)),
    });
    if split.is_err() || (children.is_empty() && over.is_empty()) {
        return out.error("mbox has no \"From \" separator lines");
    }
    for (number, size) in over {
        out.error(format!(
            "message {number} of {} MiB, over the {} MiB bound for one message of an mbox: not scanned",
            size >> 20,
            MAX_STREAMED_MESSAGE >> 20
        ));
    }
}

/// Appends an mbox line to a message, a quoted `>From ` unquoted once.
fn push_unescaped(line: &[u8], out: &mut Vec<u8>) {
    let quotes = line.iter().position(|b| *b != b'>').unwrap_or(line.len());
    if quotes > 0 && line[quotes..].starts_with(b"From ") {
        out.extend_from_slice(&line[1..]);
    } else {
        out.extend_from_slice(line);
    }
}

/// The largest message taken from an mbox too large to hold: a mail
/// with its attachments, base64-encoded.
pub(crate) const MAX_STREAMED_MESSAGE: usize = 64 << 20;

/// Splits an mbox too large to hold as it is read, calling `each` with
/// every message's number (from 1) and bytes, or with the size of one
/// over `max_message` bytes (dropped as it is read). Lines are read at
/// most a message's bound at a time, so no line holds more.
pub(crate) fn stream_mbox(
    mut reader: impl std::io::BufRead,
    max_message: usize,
    mut each: impl FnMut(usize, Result<&[u8], u64>),
) -> std::io::Result<()> {
    use std::io::{BufRead, Read};
    let (mut message, mut line) = (Vec::new(), Vec::new());
    // The current message's number (0 before the first separator), and
    // its size when it is over the bound.
    let (mut number, mut over) = (0usize, None::<u64>);
    let mut at_line_start = true;
    let mut emit = |number: usize, message: &mut Vec<u8>, over: &mut Option<u64>| {
        if number > 0 {
            each(number, over.take().map_or(Ok(message.as_slice()), Err));
        }
        message.clear();
    };
    loop {
        line.clear();
        let read = (&mut reader)
            .take(max_message as u64 + 1)
            .read_until(b'\n', &mut line)?;
        if read == 0 {
            break;
        }
        let separator = at_line_start && line.starts_with(b"From ");
        at_line_start = line.ends_with(b"\n");
        if separator {
            emit(number, &mut message, &mut over);
            number += 1;
        } else if let Some(size) = over.as_mut() {
            *size += read as u64;
        } else if number > 0 && message.len() + read > max_message {
            over = Some((message.len() + read) as u64);
            message = Vec::new();
        } else if number > 0 {
            push_unescaped(&line, &mut message);
        }
    }
    emit(number, &mut message, &mut over);
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_correspondent_is_a_header_line_of_its_own() {
        let eml = b"From: \"Tremblay, Marie\" <marie@client.ca>\r\nTo: Jean Roy <jroy@demo.ca>, ap@demo.ca\r\n\
                    Bcc: Zoltar Quennell <zq@example.ca>\r\nSubject: x\r\n\r\nbody\r\n";
        let docs = crate::reader::tests::read_bytes("m.eml", eml, &crate::Limits::default()).docs;
        assert!(
            docs[0].1.starts_with(
                "From: Tremblay, Marie <marie@client.ca>\nTo: Jean Roy <jroy@demo.ca>\nTo: ap@demo.ca\n\
                 Bcc: Zoltar Quennell <zq@example.ca>\n"
            ),
            "{:?}",
            docs[0].1
        );
    }

    #[test]
    fn a_message_saved_as_text_keeps_the_line_that_says_when_it_was_sent() {
        let saved = b"From: Priya Raghunathan <priya.r@demo-co.ca>\r\nSent: Tuesday, March 5, 2024 9:14 AM\r\n\
                      To: Accounts Payable <ap@demo-co.ca>\r\nSubject: RE: banking details\r\n\r\nHi team,\r\n";
        let docs = crate::reader::tests::read_bytes("saved.txt", saved, &crate::Limits::default()).docs;
        assert!(
            docs[0].1.contains("Sent: Tuesday, March 5, 2024 9:14 AM\n"),
            "{:?}",
            docs[0].1
        );
        // With a Date header, the sending date stays metadata alone.
        let dated = b"From: a@b.ca\r\nDate: Fri, 28 Jan 2022 10:00:00 -0500\r\nSent: Friday, January 28, 2022\r\n\
                      To: c@d.ca\r\nSubject: x\r\n\r\nbody\r\n";
        let docs = crate::reader::tests::read_bytes("m.eml", dated, &crate::Limits::default()).docs;
        assert!(!docs[0].1.contains("2022"), "{:?}", docs[0].1);
        assert_eq!(docs[0].2[0].to_string(), "2022-01-28");
    }

    #[test]
    fn an_mbox_streams_message_by_message_within_a_bound() {
        let mbox = b"preamble\nFrom a@b Mon Jan 3 2022\nSubject: one\n\n>From the start\n\
                     From c@d Tue Jan 4 2022\nSubject: two\n\n0123456789012345678901234567890123456789\n\
                     From e@f Wed Jan 5 2022\nSubject: three\n";
        let mut messages = Vec::new();
        super::stream_mbox(&mbox[..], 40, |n, message| {
            messages.push((n, message.map(|m| String::from_utf8_lossy(m).into_owned())));
        })
        .unwrap();
        assert_eq!(
            messages,
            [
                (1, Ok("Subject: one\n\nFrom the start\n".to_string())),
                (2, Err(55)),
                (3, Ok("Subject: three\n".to_string())),
            ]
        );
    }

    #[test]
    fn mbox_splits_and_unescapes() {
        let mbox = b"From a@b Mon Jan 3 2022\nSubject: one\n\n>From the start\nFrom c@d Tue Jan 4 2022\nSubject: two\n\nbody\n";
        let docs = crate::reader::tests::read_bytes("box.mbox", mbox, &crate::Limits::default()).docs;
        let paths: Vec<&str> = docs.iter().map(|d| d.0.path.as_str()).collect();
        assert_eq!(paths, ["box.mbox", "box.mbox!message-1.eml", "box.mbox!message-2.eml"]);
        assert!(docs[1].1.contains("Subject: one"));
        assert!(docs[1].1.contains("From the start") && !docs[1].1.contains(">From"));
    }

    #[test]
    fn attachments_become_documents() {
        let eml = b"From: Jane <jane@acme.ca>\r\nTo: ap@demo.ca\r\nSubject: Banking\r\nDate: Fri, 28 Jan 2022 10:00:00 -0500\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--XX\r\nContent-Type: text/csv\r\nContent-Disposition: attachment; filename=\"bank.csv\"\r\n\r\nInstitution,Transit,Account\r\n003,12345,1234567\r\n--XX--\r\n";
        let docs = crate::reader::tests::read_bytes("m.eml", eml, &crate::Limits::default()).docs;
        assert_eq!(docs.len(), 2);
        assert!(docs[0].1.contains("jane@acme.ca") && docs[0].1.contains("See attached."));
        assert_eq!(docs[0].2[0].to_string(), "2022-01-28");
        assert!(
            !docs[0].1.contains("2022"),
            "the sending date is metadata, not text: {}",
            docs[0].1
        );
        assert_eq!(docs[1].0.path, "m.eml!bank.csv");
        assert!(docs[1].1.contains("Transit: 12345"), "{}", docs[1].1);
    }
}
