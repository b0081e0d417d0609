//! JSON event exports: one JSON document per line (JSONL), or one JSON
//! array of records, or one record.

use crate::normalize::from_json;
use crate::{Event, ReadProblem};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Lines longer than this are reported, not parsed.
const MAX_LINE: usize = 16 << 20;

/// Reads a JSON or JSONL export.
pub fn read_json(path: &Path, each: &mut dyn FnMut(Event)) -> Vec<ReadProblem> {
    let file = path.display().to_string();
    let problem = |message: String| ReadProblem {
        file: file.clone(),
        message,
    };
    let handle = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return vec![problem(format!("cannot read: {e}"))],
    };
    let mut reader = BufReader::new(handle);
    let first = match reader.fill_buf() {
        Ok(buf) => buf.iter().find(|b| !b.is_ascii_whitespace()).copied(),
        Err(e) => return vec![problem(format!("cannot read: {e}"))],
    };
    let mut problems = Vec::new();
    if first == Some(b'[') {
        // A whole array: parsed as a stream of values would need the whole
        // file anyway; arrays come from small exports.
        let mut text = String::new();
        if let Err(e) = reader.take(1 << 30).read_to_string(&mut text) {
            return vec![problem(format!("cannot read: {e}"))];
        }
        match serde_json::from_str::<Vec<serde_json::Value>>(&text) {
            Ok(records) => records.iter().filter_map(|r| from_json(r, &file)).for_each(&mut *each),
            Err(e) => problems.push(problem(format!("not a JSON array of events: {e}"))),
        }
        return problems;
    }
    let mut skipped = 0usize;
    let mut first_error = None;
    let mut line = Vec::new();
    let mut number = 0usize;
    loop {
        line.clear();
        number += 1;
        match (&mut reader).take(MAX_LINE as u64 + 1).read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) if line.len() > MAX_LINE => {
                problems.push(problem(format!(
                    "line {number} is over {} MiB: the rest of the file not read",
                    MAX_LINE >> 20
                )));
                break;
            }
            Ok(_) => {}
            Err(e) => {
                problems.push(problem(format!("read error at line {number}: {e}")));
                break;
            }
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<serde_json::Value>(&line) {
            Ok(record) => match from_json(&record, &file) {
                Some(event) => each(event),
                None => skipped += 1,
            },
            Err(e) => {
                skipped += 1;
                first_error.get_or_insert_with(|| format!("line {number}: {e}"));
            }
        }
    }
    if skipped > 0 {
        let why = first_error.map(|e| format!(" (first: {e})")).unwrap_or_default();
        problems.push(problem(format!("{skipped} lines are not events and were skipped{why}")));
    }
    problems
}
