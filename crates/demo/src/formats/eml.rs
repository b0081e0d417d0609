//! E-mail messages (RFC 5322), with attachments as base64 MIME parts.

use chrono::NaiveDate;

/// An attachment: file name, MIME type, bytes.
pub struct Attachment {
    pub name: String,
    pub mime: String,
    pub bytes: Vec<u8>,
}

/// A message from `from` to `to` sent on `date`, with a plain-text body.
pub fn build(from: &str, to: &str, subject: &str, date: NaiveDate, body: &str, attachments: &[Attachment]) -> Vec<u8> {
    let date = date.format("%a, %d %b %Y 10:15:00 -0500");
    let mut m = format!("From: {from}\r\nTo: {to}\r\nSubject: {}\r\nDate: {date}\r\nMessage-ID: <{}@demo.example>\r\nMIME-Version: 1.0\r\n", encode_header(subject), subject.len() * 7919 + body.len());
    if attachments.is_empty() {
        m.push_str("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        m.push_str(&body.replace('\n', "\r\n"));
        m.push_str("\r\n");
        return m.into_bytes();
    }
    let boundary = "=_breachscope_demo_boundary";
    m.push_str(&format!(
        "Content-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n"
    ));
    m.push_str(&format!(
        "--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{}\r\n",
        body.replace('\n', "\r\n")
    ));
    for a in attachments {
        m.push_str(&format!(
            "--{boundary}\r\nContent-Type: {}; name=\"{}\"\r\nContent-Disposition: attachment; filename=\"{}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n",
            a.mime, a.name, a.name
        ));
        for chunk in base64(&a.bytes).as_bytes().chunks(76) {
            m.push_str(std::str::from_utf8(chunk).unwrap_or_default());
            m.push_str("\r\n");
        }
    }
    m.push_str(&format!("--{boundary}--\r\n"));
    m.into_bytes()
}

/// RFC 2047 encoding for non-ASCII header text.
fn encode_header(text: &str) -> String {
    if text.is_ascii() {
        text.to_string()
    } else {
        format!("=?utf-8?B?{}?=", base64(text.as_bytes()))
    }
}

fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
