//! Renders documents to their formats on disk and records the truth.

use crate::doc::{Doc, Format, Truth};
use crate::formats::{docx, eml, pdf, pgdump, pst, xlsx, zipfile};
use std::path::Path;

/// Writes `bytes` to `path`, creating folders.
pub fn file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, bytes)
}

/// Renders a document to the bytes of its format, with its truth first
/// and then the truth of every document inside it (attachments, archive
/// members) under `NAME!member` paths.
pub fn render(doc: Doc) -> (Vec<u8>, Vec<Truth>) {
    let mut inner_truths = Vec::new();
    let mut render_inner = |child: Doc| {
        let (bytes, truths) = render(child);
        inner_truths.extend(truths.into_iter().map(|mut t| {
            t.path = format!("{}!{}", doc.name, t.path);
            t
        }));
        bytes
    };
    let bytes = match &doc.format {
        Format::Docx => docx::build(&doc.title, &doc.lines, doc.created),
        Format::Pdf => pdf::build(&doc.title, &doc.lines, doc.created),
        Format::Txt => doc.lines.join("\n").into_bytes(),
        Format::Csv => csv_text(&doc.table).into_bytes(),
        Format::Xlsx => {
            let rows: Vec<Vec<xlsx::Cell>> = doc
                .table
                .iter()
                .map(|r| r.iter().map(|c| xlsx::Cell::Text(c.clone())).collect())
                .collect();
            xlsx::build("Sheet1", &rows)
        }
        Format::Eml {
            from,
            to,
            subject,
            attachments,
        } => {
            let files: Vec<eml::Attachment> = attachments
                .iter()
                .cloned()
                .map(|a| {
                    let name = a.name.clone();
                    let mime = if name.ends_with(".csv") {
                        "text/csv"
                    } else {
                        "application/octet-stream"
                    };
                    eml::Attachment {
                        name,
                        mime: mime.into(),
                        bytes: render_inner(a),
                    }
                })
                .collect();
            eml::build(from, to, subject, doc.created, &doc.lines.join("\n"), &files)
        }
        Format::Zip(members) => zipfile::build(&render_members(members, &mut render_inner)),
        Format::Contact(c) => format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nN:{};{}\r\nFN:{}\r\nORG:{}\r\nTEL;TYPE=WORK:{}\r\nEMAIL:{}\r\nADR;TYPE=WORK:;;;{};;{};\r\nEND:VCARD\r\n",
            c.surname,
            c.given_name,
            c.name(),
            c.company,
            c.business_phone,
            c.email,
            c.city,
            c.postal_code
        )
        .into_bytes(),
        Format::Pst {
            folder,
            messages,
            contacts,
        } => {
            let (bytes, truths) = mailbox(folder, messages, contacts);
            inner_truths.extend(truths.into_iter().map(|mut t| {
                t.path = format!("{}!{}", doc.name, t.path);
                t
            }));
            bytes
        }
        Format::PgDump { database, tables } => pgdump::build(database, doc.created, tables, &[], pgdump::Compression::Zlib),
        Format::PdfWithFiles(files) => pdf::build_with_files(
            &doc.title,
            &doc.lines,
            doc.created,
            &render_members(files, &mut render_inner),
        ),
    };
    let mut truth = doc.truth;
    truth.path = doc.name;
    truth.bytes = bytes.len() as u64;
    let mut truths = vec![truth];
    truths.extend(inner_truths);
    (bytes, truths)
}

/// An Outlook store of one `folder` of `messages` (documents in `Eml`
/// format) and of `contacts` (in `Contact` format), and the truth of each
/// message, attachment and contact, under their paths in the store.
fn mailbox(folder: &str, messages: &[Doc], contacts: &[Doc]) -> (Vec<u8>, Vec<Truth>) {
    let mut truths = Vec::new();
    let mut attachment_truths = Vec::new();
    let mut written = Vec::new();
    for message in messages {
        let Format::Eml {
            from,
            to,
            subject,
            attachments,
        } = &message.format
        else {
            panic!("a store holds messages, not {}", message.name);
        };
        let mut files = Vec::new();
        let mut inner = Vec::new();
        for attachment in attachments.iter().cloned() {
            let name = attachment.name.clone();
            let (bytes, truths) = render(attachment);
            files.push((name, bytes));
            inner.push(truths);
        }
        let body = message.lines.join("\n");
        let mut truth = message.truth.clone();
        truth.bytes = body.len() as u64;
        truths.push(truth);
        attachment_truths.push(inner);
        written.push(pst::Message {
            from: from.clone(),
            to: vec![to.clone()],
            subject: subject.clone(),
            sent: message.created,
            body,
            attachments: files,
            attached_messages: Vec::new(),
        });
    }
    let cards: Vec<pst::Contact> = contacts
        .iter()
        .map(|c| match &c.format {
            Format::Contact(card) => card.clone(),
            _ => panic!("a store's contacts are contacts, not {}", c.name),
        })
        .collect();
    let (bytes, paths, contact_paths) = pst::build_with_contacts(folder, &written, &cards);
    let mut all = Vec::new();
    for (contact, path) in contacts.iter().zip(contact_paths) {
        let mut truth = contact.truth.clone();
        truth.path = path;
        all.push(truth);
    }
    for ((mut truth, inner), path) in truths.into_iter().zip(attachment_truths).zip(paths) {
        truth.path = path.clone();
        all.push(truth);
        all.extend(inner.into_iter().flatten().map(|mut t| {
            t.path = format!("{path}!{}", t.path);
            t
        }));
    }
    (bytes, all)
}

/// Each member's name and rendered bytes.
fn render_members(members: &[Doc], render: &mut impl FnMut(Doc) -> Vec<u8>) -> Vec<(String, Vec<u8>)> {
    members.iter().cloned().map(|m| (m.name.clone(), render(m))).collect()
}

fn csv_text(rows: &[Vec<String>]) -> String {
    rows.iter()
        .map(|r| {
            r.iter()
                .map(|c| {
                    if c.contains([',', '"', '\n']) {
                        format!("\"{}\"", c.replace('"', "\"\""))
                    } else {
                        c.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// Writes every document under `root` and returns the truth of each.
pub fn documents(root: &Path, docs: Vec<Doc>) -> std::io::Result<Vec<Truth>> {
    let mut all = Vec::new();
    for doc in docs {
        let (bytes, truths) = render(doc);
        file(&root.join(&truths[0].path), &bytes)?;
        all.extend(truths);
    }
    Ok(all)
}

/// The truth as JSON lines.
pub fn truth_jsonl(truth: &[Truth]) -> String {
    truth
        .iter()
        .map(|t| serde_json::to_string(t).unwrap_or_default() + "\n")
        .collect()
}
