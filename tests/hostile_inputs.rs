//! End to end: hostile and broken evidence. Each file gets its own error,
//! memory stays bounded, nothing panics, and the good file beside them is
//! still scanned.

mod common;

use breachscope_demo::formats::{docx, pst, zipfile};
use common::{code, json_lines, run, stderr, stdout};
use serde_json::Value;
use std::path::Path;

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

fn scan(dir: &Path) -> Vec<Value> {
    let out = run(dir, &["inventory", "--jsonl", "--key-file", "k", "evidence"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    json_lines(&stdout(&out))
}

/// `len` bytes of deterministic junk (a multiplicative hash of the index,
/// its bits from `shift` on).
fn junk(len: u32, shift: u32) -> Vec<u8> {
    (0..len)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> shift) as u8)
        .collect()
}

fn errors_of<'a>(lines: &'a [Value], path: &str) -> Vec<&'a str> {
    let line = lines
        .iter()
        .find(|l| l["path"] == path)
        .unwrap_or_else(|| panic!("{path} not reported"));
    line["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect()
}

fn setup() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let evidence = dir.path().join("evidence");
    std::fs::create_dir_all(&evidence).unwrap();
    write(&evidence, "good.txt", b"Contact: ap@example.ca");
    (dir, evidence)
}

fn good_file_still_scanned(lines: &[Value]) {
    let good = lines
        .iter()
        .find(|l| l["path"] == "good.txt")
        .expect("good file reported");
    assert_eq!(good["entities"][0]["type"], "email");
}

#[test]
fn truncated_docx() {
    let (dir, evidence) = setup();
    let whole = docx::build(
        "x",
        &["SIN: 130 692 544".into()],
        chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap(),
    );
    write(&evidence, "cut.docx", &whole[..whole.len() / 2]);
    let lines = scan(dir.path());
    let errors = errors_of(&lines, "cut.docx");
    assert!(errors.iter().any(|e| e.contains("corrupt")), "{errors:?}");
    good_file_still_scanned(&lines);
}

#[test]
fn random_bytes_named_pdf() {
    let (dir, evidence) = setup();
    let junk = junk(4096, 13);
    write(&evidence, "report.pdf", &junk);
    let mut fake_pdf = b"%PDF-1.7\n".to_vec();
    fake_pdf.extend(&junk);
    write(&evidence, "broken.pdf", &fake_pdf);
    let lines = scan(dir.path());
    assert!(errors_of(&lines, "report.pdf")[0].contains(".pdf"));
    assert!(
        errors_of(&lines, "broken.pdf")[0].contains("PDF"),
        "{:?}",
        errors_of(&lines, "broken.pdf")
    );
    good_file_still_scanned(&lines);
}

#[test]
fn broken_office_97_files() {
    // Compound-file magic then junk, and a header with a FAT that claims
    // a billion sectors: each file its own error, nothing crashes.
    let (dir, evidence) = setup();
    let junk = junk(8192, 11);
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(&junk);
    write(&evidence, "memo.doc", &ole);
    write(&evidence, "deck.ppt", &ole);
    let mut huge = ole.clone();
    huge[0x2C..0x30].copy_from_slice(&1_000_000_000u32.to_le_bytes());
    write(&evidence, "huge.doc", &huge);
    let lines = scan(dir.path());
    for path in ["memo.doc", "deck.ppt", "huge.doc"] {
        let errors = errors_of(&lines, path);
        assert!(errors.iter().any(|e| e.contains("not scanned")), "{path}: {errors:?}");
        assert!(!errors.iter().any(|e| e.contains("crashed")), "{path}: {errors:?}");
    }
    good_file_still_scanned(&lines);
}

#[test]
fn xml_entity_expansion_in_docx() {
    let (dir, evidence) = setup();
    let mut xml = String::from("<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaaaaaaaa\">");
    for i in 1..12 {
        xml.push_str(&format!(
            "<!ENTITY a{i} \"{}\">",
            format!("&a{};", if i == 1 { String::new() } else { (i - 1).to_string() }).repeat(10)
        ));
    }
    xml.push_str("]><w:document xmlns:w=\"x\"><w:body><w:p><w:r><w:t>&a11;</w:t></w:r></w:p></w:body></w:document>");
    write(&evidence, "bomb.docx", &docx::from_document_xml(xml.as_bytes()));
    let lines = scan(dir.path());
    assert!(errors_of(&lines, "bomb.docx").iter().any(|e| e.contains("entit")));
    good_file_still_scanned(&lines);
}

#[test]
fn zip_bomb_is_stopped_by_the_ratio_bound() {
    let (dir, evidence) = setup();
    let zeros = vec![0u8; 64 << 20];
    write(
        &evidence,
        "bomb.zip",
        &zipfile::build(&[
            ("zeros.txt".into(), zeros),
            ("fine.txt".into(), b"SIN: 130 692 544".to_vec()),
        ]),
    );
    let lines = scan(dir.path());
    let errors = errors_of(&lines, "bomb.zip!zeros.txt");
    assert!(errors.iter().any(|e| e.contains("ratio")), "{errors:?}");
    let fine = lines
        .iter()
        .find(|l| l["path"] == "bomb.zip!fine.txt")
        .expect("the next member is read");
    assert_eq!(fine["entities"][0]["type"], "ca_sin");
    good_file_still_scanned(&lines);
}

#[test]
fn pdf_decompression_bomb_is_refused_before_it_is_inflated() {
    let (dir, evidence) = setup();
    // A page whose content stream inflates to 300 MiB (about 300 KB on disk).
    let mut deflated = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut deflated, &vec![b' '; 300 << 20]).unwrap();
    let compressed = deflated.finish().unwrap();
    let mut pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R >> endobj\n4 0 obj << /Filter /FlateDecode >>\nstream\n".to_vec();
    pdf.extend(compressed);
    pdf.extend(b"\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    write(&evidence, "bomb.pdf", &pdf);
    let lines = scan(dir.path());
    let errors = errors_of(&lines, "bomb.pdf");
    assert!(errors.iter().any(|e| e.contains("decompression bomb")), "{errors:?}");
    good_file_still_scanned(&lines);
}

#[test]
fn twelve_deep_nested_zip() {
    let (dir, evidence) = setup();
    let mut inner = zipfile::build(&[("secret.txt".into(), b"SIN: 130 692 544".to_vec())]);
    for level in (1..12).rev() {
        inner = zipfile::build(&[(format!("level{level}.zip"), inner)]);
    }
    write(&evidence, "nested.zip", &inner);
    let lines = scan(dir.path());
    let deep: Vec<&Value> = lines
        .iter()
        .filter(|l| l["path"].as_str().unwrap().starts_with("nested.zip"))
        .collect();
    assert!(deep.len() >= 9, "levels within the bound are opened");
    let stopped = deep
        .iter()
        .find(|l| !l["errors"].as_array().unwrap().is_empty())
        .expect("the bound is reported");
    assert!(stopped["errors"][0].as_str().unwrap().contains("over the bound"));
    assert!(!lines
        .iter()
        .any(|l| l["path"].as_str().unwrap().ends_with("secret.txt") && l["errors"].as_array().unwrap().is_empty()));
    good_file_still_scanned(&lines);
}

#[test]
fn traversal_and_absolute_member_names() {
    let (dir, evidence) = setup();
    let zip = zipfile::build(&[
        ("../../etc/cron.d/evil".into(), b"x".to_vec()),
        ("/abs/path.txt".into(), b"y".to_vec()),
        ("ok/inside.txt".into(), b"Email: a@b.ca".to_vec()),
    ]);
    write(&evidence, "trav.zip", &zip);
    let lines = scan(dir.path());
    for bad in ["trav.zip!../../etc/cron.d/evil", "trav.zip!/abs/path.txt"] {
        assert!(errors_of(&lines, bad)[0].contains("unsafe member name"), "{bad}");
    }
    assert!(errors_of(&lines, "trav.zip!ok/inside.txt").is_empty());
    assert!(
        !dir.path().join("etc").exists() && !Path::new("/abs/path.txt").exists(),
        "nothing is written"
    );
    good_file_still_scanned(&lines);
}

#[test]
fn a_zip_entry_whose_header_is_damaged_is_listed_with_why() {
    let (dir, evidence) = setup();
    let mut zip = zipfile::build_stored(&[
        ("kept.txt".into(), b"Email: a@b.ca".to_vec()),
        ("lost.txt".into(), b"SIN: 130 692 544".to_vec()),
    ]);
    // The second entry's local header signature overwritten; the central
    // directory still lists it.
    let second = zip.windows(4).skip(1).position(|w| w == b"PK\x03\x04").unwrap() + 1;
    zip[second..second + 4].copy_from_slice(b"JUNK");
    write(&evidence, "damaged.zip", &zip);
    let lines = scan(dir.path());
    let errors = errors_of(&lines, "damaged.zip!#1");
    assert!(errors[0].starts_with("archive entry cannot be read"), "{errors:?}");
    assert!(errors_of(&lines, "damaged.zip!kept.txt").is_empty());
    good_file_still_scanned(&lines);
}

#[test]
fn encrypted_zip_entry() {
    let (dir, evidence) = setup();
    let mut zip = zipfile::build_stored(&[("locked.txt".into(), b"SIN: 130 692 544".to_vec())]);
    // Set the "encrypted" flag in the local and central headers.
    zip[6] |= 1;
    let central = zip.windows(4).position(|w| w == [0x50, 0x4b, 0x01, 0x02]).unwrap();
    zip[central + 8] |= 1;
    write(&evidence, "locked.zip", &zip);
    let lines = scan(dir.path());
    assert!(errors_of(&lines, "locked.zip!locked.txt")[0].contains("encrypted"));
    good_file_still_scanned(&lines);
}

#[test]
fn large_exports_side_by_side_and_in_one_zip_are_itemized_whole() {
    // Customer exports scanned at once, two threads, and two in one zip:
    // every value of each is itemized.
    let (dir, evidence) = setup();
    let export = |prefix: &str| -> Vec<u8> {
        (0..55_000)
            .map(|i| format!("{prefix}{i}@example.ca\n"))
            .collect::<String>()
            .into_bytes()
    };
    write(&evidence, "customers.csv", &export("c"));
    write(&evidence, "suppliers.csv", &export("s"));
    let both = zipfile::build(&[("a.csv".to_string(), export("za")), ("b.csv".to_string(), export("zb"))]);
    write(&evidence, "exports.zip", &both);
    let out = run(
        dir.path(),
        &["inventory", "--jsonl", "--threads", "2", "--key-file", "k", "evidence"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let lines = json_lines(&stdout(&out));
    for path in [
        "customers.csv",
        "suppliers.csv",
        "exports.zip!a.csv",
        "exports.zip!b.csv",
    ] {
        let line = lines.iter().find(|l| l["path"] == path).expect(path);
        assert_eq!(line["entities"].as_array().unwrap().len(), 55_000, "{path}");
        assert_eq!(line["errors"], serde_json::json!([]), "{path}");
    }
    good_file_still_scanned(&lines);
}

#[test]
fn outlook_offline_store_whole_and_cut_short() {
    let (dir, evidence) = setup();
    let message = pst::Message {
        from: "marie.tremblay@example.ca".into(),
        to: vec!["ap@democo.ca".into()],
        subject: "RE: banking details".into(),
        sent: chrono::NaiveDate::from_ymd_opt(2022, 2, 3).unwrap(),
        body: "Please update our deposit account.\nSIN: 130 692 544\n".repeat(200),
        attachments: vec![(
            "payees.csv".into(),
            b"name,card\nJean Roy,4556 7375 8689 9855\n".to_vec(),
        )],
        attached_messages: Vec::new(),
    };
    let (ost, _) = pst::build_offline("Inbox", &[message]);
    write(&evidence, "outlook.ost", &ost);
    write(&evidence, "cut.ost", &ost[..ost.len() / 2]);
    let out = run(
        dir.path(),
        &["inventory", "--jsonl", "--reveal", "--key-file", "k", "evidence"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    let lines = json_lines(&stdout(&out));
    let values = |path: &str| -> Vec<String> {
        let line = lines
            .iter()
            .find(|l| l["path"] == path)
            .unwrap_or_else(|| panic!("{path}: {lines:?}"));
        let entities = line["entities"].as_array().unwrap();
        entities
            .iter()
            .map(|e| e["value"].as_str().unwrap().to_string())
            .collect()
    };
    let message = "outlook.ost!Inbox/RE: banking details [0x200004].msg";
    assert!(values(message).contains(&"130692544".to_string()));
    assert!(values(&format!("{message}!payees.csv")).contains(&"4556737586899855".to_string()));
    assert!(errors_of(&lines, "outlook.ost").is_empty());
    // Half a store: its trees are past its end.
    assert!(!errors_of(&lines, "cut.ost").is_empty());
    good_file_still_scanned(&lines);
}
