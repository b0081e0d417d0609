//! Files embedded in a PDF: the document's `EmbeddedFiles` name tree
//! (attachments, PDF portfolios) and file-attachment annotations on its
//! pages. Each becomes a document of its own, `file.pdf!name`, read by its
//! own reader, as a mail's attachments are: an invoice sent as a portfolio
//! is as much evidence as one sent as a zip.
//!
//! A PDF 2.0 "unencrypted wrapper" (Microsoft IRM protection, for one)
//! shows a cover page and carries the real document as an encrypted
//! payload: that is said, so the file is not taken as read.

use super::resolve;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashSet;

/// Levels of the name tree followed at most.
const MAX_TREE_DEPTH: u32 = 32;
/// Files taken from one PDF at most.
const MAX_FILES: usize = 1_000;

/// What a PDF carries besides its pages.
#[derive(Debug, Default)]
pub(super) struct Attachments {
    /// Each embedded file: its name and its bytes.
    pub files: Vec<(String, Vec<u8>)>,
    /// Embedded files that could not be taken out, and why.
    pub errors: Vec<String>,
    /// The kind of encrypted payload (`MicrosoftIRMServices`) when the
    /// document is a wrapper around one.
    pub encrypted_payload: Option<String>,
}

/// The embedded files of `document`, whose pages' annotations are
/// `annotations`.
pub(super) fn collect(document: &Document, annotations: &[&Dictionary]) -> Attachments {
    let mut found = Found {
        document,
        attachments: Attachments::default(),
        seen: HashSet::new(),
        nodes: HashSet::new(),
        truncated: false,
    };
    let embedded = document
        .catalog()
        .ok()
        .and_then(|catalog| dict(document, catalog.get(b"Names").ok()?))
        .and_then(|names| names.get(b"EmbeddedFiles").ok());
    if let Some(tree) = embedded {
        found.name_tree(tree, 0);
    }
    for annotation in annotations {
        if annotation.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"FileAttachment".as_slice()) {
            if let Ok(spec) = annotation.get(b"FS") {
                found.file_spec(spec);
            }
        }
    }
    found.attachments
}

struct Found<'d> {
    document: &'d Document,
    attachments: Attachments,
    /// Embedded file streams already taken (a file may be both in the
    /// name tree and on a page).
    seen: HashSet<ObjectId>,
    /// Name tree nodes already walked (a hostile tree loops).
    nodes: HashSet<ObjectId>,
    /// Whether files were left out over `MAX_FILES`.
    truncated: bool,
}

impl Found<'_> {
    /// Walks a name tree node: `Names` pairs at the leaves, `Kids` above;
    /// each node once.
    fn name_tree(&mut self, node: &Object, depth: u32) {
        if depth > MAX_TREE_DEPTH || node.as_reference().is_ok_and(|id| !self.nodes.insert(id)) {
            return;
        }
        let document = self.document;
        let Some(node) = dict(document, node) else {
            return;
        };
        if let Some(pairs) = node.get(b"Names").ok().and_then(|n| resolve(document, n)) {
            for pair in pairs.as_array().map(|a| a.chunks(2)).into_iter().flatten() {
                if let [_, spec] = pair {
                    self.file_spec(spec);
                }
            }
        }
        if let Some(kids) = node.get(b"Kids").ok().and_then(|k| resolve(document, k)) {
            for kid in kids.as_array().into_iter().flatten() {
                self.name_tree(kid, depth + 1);
            }
        }
    }

    /// Takes the file a file specification embeds.
    fn file_spec(&mut self, spec: &Object) {
        let document = self.document;
        let Some(spec) = dict(document, spec) else {
            return;
        };
        if let Some(payload) = dict(document, spec.get(b"EP").unwrap_or(&Object::Null)) {
            let kind = payload.get(b"Subtype").and_then(Object::as_name).unwrap_or(b"unnamed");
            self.attachments.encrypted_payload = Some(String::from_utf8_lossy(kind).into_owned());
        }
        let name = [b"UF".as_slice(), b"F"]
            .iter()
            .filter_map(|key| resolve(document, spec.get(key).ok()?))
            .find_map(|o| lopdf::decode_text_string(o).ok())
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| format!("attachment-{}", self.attachments.files.len() + 1));
        let Some(streams) = dict(document, spec.get(b"EF").unwrap_or(&Object::Null)) else {
            return;
        };
        let Some(reference) = [b"UF".as_slice(), b"F"]
            .iter()
            .find_map(|key| streams.get(key).ok()?.as_reference().ok())
        else {
            return;
        };
        if !self.seen.insert(reference) {
            return;
        }
        if self.attachments.files.len() >= MAX_FILES {
            if !self.truncated {
                self.truncated = true;
                self.attachments
                    .errors
                    .push(format!("more than {MAX_FILES} embedded files: the rest not read"));
            }
            return;
        }
        let content = document
            .get_object(reference)
            .and_then(Object::as_stream)
            .and_then(|stream| stream.get_plain_content());
        match content {
            Ok(bytes) => self.attachments.files.push((name, bytes)),
            Err(e) => self
                .attachments
                .errors
                .push(format!("embedded file {name} cannot be decoded ({e}): not scanned")),
        }
    }
}

fn dict<'a>(document: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    resolve(document, object)?.as_dict().ok()
}

#[cfg(test)]
mod tests {
    use crate::reader::tests::read_bytes;
    use crate::Limits;
    use breachscope_demo::formats::pdf;
    use chrono::NaiveDate;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2021, 4, 1).unwrap()
    }

    /// `pdf` with `from` replaced by `to` padded to its length, so that
    /// the cross-reference table stays right.
    fn patched(pdf: &[u8], from: &str, to: &str) -> Vec<u8> {
        assert!(to.len() <= from.len());
        let at = pdf
            .windows(from.len())
            .position(|w| w == from.as_bytes())
            .expect("found");
        let mut out = pdf.to_vec();
        out[at..at + from.len()].copy_from_slice(format!("{to:<width$}", width = from.len()).as_bytes());
        out
    }

    #[test]
    fn embedded_files_become_documents_of_their_own() {
        let csv = b"Institution,Transit,Account\n003,12345,1234567\n".to_vec();
        let built = pdf::build_with_files(
            "Run",
            &["PAYMENT RUN SUMMARY".to_string()],
            day(),
            &[("payments.csv".to_string(), csv)],
        );
        let docs = read_bytes("run.pdf", &built, &Limits::default()).docs;
        let paths: Vec<&str> = docs.iter().map(|d| d.0.path.as_str()).collect();
        assert_eq!(paths, ["run.pdf", "run.pdf!payments.csv"]);
        assert!(docs[0].1.contains("PAYMENT RUN SUMMARY"));
        assert!(docs[1].1.contains("1234567"), "{:?}", docs[1].1);
        assert!(docs.iter().all(|d| d.3.is_empty()), "{docs:?}");
    }

    #[test]
    fn a_wrapper_around_an_encrypted_payload_is_not_taken_as_read() {
        let name = format!("payload{}.pdf", "x".repeat(60));
        let built = pdf::build_with_files(
            "Protected",
            &["This document is protected by rights management.".to_string()],
            day(),
            &[(name.clone(), b"%PDF-1.7 (encrypted bytes)".to_vec())],
        );
        let wrapper = patched(
            &built,
            &format!("/F ({name})"),
            "/F (p.pdf) /EP << /Type /EncryptedPayload /Subtype /MicrosoftIRMServices >>",
        );
        let docs = read_bytes("memo.pdf", &wrapper, &Limits::default()).docs;
        assert!(
            docs[0]
                .3
                .iter()
                .any(|e| e.contains("encrypted payload (MicrosoftIRMServices")),
            "{:?}",
            docs[0].3
        );
        assert_eq!(docs[1].0.path, "memo.pdf!p.pdf");
    }

    #[test]
    fn a_name_tree_that_loops_is_walked_once() {
        let built = pdf::build_with_files(
            "Loop",
            &["x".to_string()],
            day(),
            &[("a.txt".to_string(), b"a".to_vec())],
        );
        // Object 7 is the file specification: it becomes a node whose
        // kids are itself, three times over, and the catalog points to it.
        let looped = patched(&built, "/Names [(a.txt) 7 0 R ]", "/Kids [7 0 R]");
        let looped = patched(&looped, "<< /Type /Filespec /F (a.txt)", "<< /Kids [7 0 R 7 0 R 7 0 R]");
        let docs = read_bytes("loop.pdf", &looped, &Limits::default()).docs;
        assert_eq!(docs.len(), 1, "{docs:?}");
    }
}
