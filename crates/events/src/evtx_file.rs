//! Windows EVTX files through the `evtx` crate. A damaged chunk or record
//! is reported and skipped; the records around it still count.

use crate::normalize::from_json;
use crate::{Event, ReadProblem};
use std::path::Path;

/// Problems listed per file before they are only counted.
const LISTED: usize = 5;

/// Reads an EVTX file.
pub fn read_evtx(path: &Path, each: &mut dyn FnMut(Event)) -> Vec<ReadProblem> {
    let file = path.display().to_string();
    let problem = |message: String| ReadProblem {
        file: file.clone(),
        message,
    };
    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| -> Vec<ReadProblem> {
        let mut parser = match evtx::EvtxParser::from_path(path) {
            Ok(p) => p,
            Err(e) => return vec![problem(format!("not a readable EVTX file: {e}"))],
        };
        let mut problems = Vec::new();
        let mut bad = 0usize;
        for record in parser.records_json_value() {
            match record {
                Ok(record) => {
                    if let Some(event) = from_json(&record.data, &file) {
                        each(event);
                    }
                }
                Err(e) => {
                    bad += 1;
                    if bad <= LISTED {
                        problems.push(problem(format!("damaged record skipped: {e}")));
                    }
                }
            }
        }
        if bad > LISTED {
            problems.push(problem(format!("{} more damaged records skipped", bad - LISTED)));
        }
        problems
    }));
    parsed.unwrap_or_else(|_| {
        vec![problem(
            "the EVTX parser crashed on this file: the rest of it not read".into(),
        )]
    })
}
