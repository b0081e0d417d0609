//! End to end: a 300 MB file on a single line is streamed: its elements
//! are found at both ends and the process's peak memory stays far below
//! the file's size; XML and SQL dumps too large to hold are streamed by
//! their fields and rows. (Alone in their test binary so the children's peak RSS is
//! theirs: the larger of the two is measured.)

mod common;

use common::{code, json_lines, peak_child_rss_bytes, run, stderr, stdout};
use std::io::Write;

const SIZE: usize = 300 << 20;

#[test]
fn a_300_mb_single_line_file_streams_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dump.txt");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    file.write_all(b"head SIN: 130 692 544 ").unwrap();
    let filler = b"lorem ipsum dolor sit amet ".repeat(4096);
    let mut written = 22;
    while written < SIZE {
        file.write_all(&filler).unwrap();
        written += filler.len();
    }
    file.write_all(b" tail Email: jane.roe@example.ca").unwrap();
    file.flush().unwrap();
    drop(file);
    let out = run(
        dir.path(),
        &["inventory", "--jsonl", "--reveal", "--key-file", "k", "dump.txt"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let lines = json_lines(&stdout(&out));
    let kinds: Vec<&str> = lines[0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"ca_sin") && kinds.contains(&"email"), "{kinds:?}");
    let peak = peak_child_rss_bytes();
    println!("peak RSS of the scan: {} MiB for a {} MiB file", peak >> 20, SIZE >> 20);
    assert!(peak < 200 << 20, "peak RSS {} MiB", peak >> 20);
}

#[test]
fn an_xml_dump_too_large_to_hold_is_read_by_its_fields() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("customers.xml");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    file.write_all(b"<?xml version=\"1.0\"?>\n<customers>\n").unwrap();
    // Past the 32 MiB held in memory.
    for i in 0..260_000 {
        write!(
            file,
            "  <customer id=\"{i}\">\n    <fullName>Marie Tremblay</fullName>\n    \
             <birthDate>1984-03-12</birthDate>\n    <sin>130 692 544</sin>\n  </customer>\n"
        )
        .unwrap();
    }
    file.write_all(b"</customers>\n").unwrap();
    file.flush().unwrap();
    drop(file);
    assert!(std::fs::metadata(&path).unwrap().len() > 33 << 20);
    let out = run(
        dir.path(),
        &["inventory", "--jsonl", "--reveal", "--key-file", "k", "customers.xml"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let lines = json_lines(&stdout(&out));
    assert_eq!(
        lines[0]["errors"],
        serde_json::json!([]),
        "read by its fields, not as plain text"
    );
    let values: Vec<(&str, &str)> = lines[0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["type"].as_str().unwrap(), e["value"].as_str().unwrap()))
        .collect();
    for want in [
        ("person_name", "Marie Tremblay"),
        ("date_of_birth", "1984-03-12"),
        ("ca_sin", "130692544"),
    ] {
        assert!(values.contains(&want), "{want:?} in {values:?}");
    }
}

#[test]
fn an_sql_dump_too_large_to_hold_is_read_by_its_rows() {
    const ROWS: usize = 330_000;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crm.sql");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    file.write_all(
        b"-- MySQL dump 10.13\nCREATE TABLE `customers` (\n  `id` int NOT NULL,\n  `full_name` varchar(64),\n  \
          `date_of_birth` date,\n  `sin` char(9),\n  `email` varchar(255),\n  `note` text,\n  PRIMARY KEY (`id`)\n);\n",
    )
    .unwrap();
    // mysqldump's extended inserts: many rows to a statement.
    for statement in 0..ROWS / 500 {
        file.write_all(b"INSERT INTO `customers` VALUES ").unwrap();
        for row in 0..500 {
            let i = statement * 500 + row;
            let comma = if row > 0 { "," } else { "" };
            write!(
                file,
                "{comma}({i},'Marie O\\'Neil','1984-03-12','130692544','mon@example.ca','Called about the invoice, will pay next week')"
            )
            .unwrap();
        }
        file.write_all(b";\n").unwrap();
    }
    file.flush().unwrap();
    drop(file);
    assert!(std::fs::metadata(&path).unwrap().len() > 33 << 20);
    let out = run(
        dir.path(),
        &["inventory", "--jsonl", "--reveal", "--key-file", "k", "crm.sql"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let lines = json_lines(&stdout(&out));
    assert_eq!(
        (lines[0]["kind"].as_str(), &lines[0]["errors"]),
        (Some("sql"), &serde_json::json!([]))
    );
    let entities = lines[0]["entities"].as_array().unwrap();
    let found = |kind: &str, value: &str| {
        entities
            .iter()
            .find(|e| e["type"] == kind && e["value"] == value)
            .map(|e| e["count"].as_u64().unwrap())
    };
    // A bare nine digits is a SIN by its column's name alone.
    assert_eq!(found("ca_sin", "130692544"), Some(ROWS as u64));
    assert_eq!(found("date_of_birth", "1984-03-12"), Some(ROWS as u64));
    assert_eq!(found("person_name", "Marie O'Neil"), Some(ROWS as u64));
    assert_eq!(
        found("email", "mon@example.ca"),
        Some(ROWS as u64),
        "every row read once"
    );
}
