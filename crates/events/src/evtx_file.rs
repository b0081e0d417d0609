//! Windows EVTX files through the `evtx` crate. A damaged chunk or record
//! is reported and skipped; the records around it still count.

use crate::normalize::from_json;
use crate::{Event, ReadProblem};
use std::path::Path;

/// Problems listed per file before they are only counted.
const LISTED: usize = 5;
/// EVTX layout: a 4 KiB file header, then 64 KiB chunks.
const FILE_HEADER: u64 = 4096;
const CHUNK: u64 = 65536;

/// Chunks whose signature is not `ElfChnk`: the evtx crate skips them
/// without a word, so they are counted here to be reported.
fn damaged_chunks(path: &Path) -> std::io::Result<(u64, u64)> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    let chunks = len.saturating_sub(FILE_HEADER).div_ceil(CHUNK);
    let mut damaged = 0;
    for k in 0..chunks {
        let mut signature = [0u8; 8];
        file.seek(SeekFrom::Start(FILE_HEADER + k * CHUNK))?;
        let n = file.read(&mut signature)?;
        // A chunk of zeros is unused space at the end of the file, not damage.
        if n < 8 || (&signature != b"ElfChnk\0" && signature != [0u8; 8]) {
            damaged += 1;
        }
    }
    Ok((chunks, damaged))
}

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
        if let Ok((chunks, damaged)) = damaged_chunks(path) {
            if damaged > 0 {
                problems.push(problem(format!(
                    "{damaged} of {chunks} chunks damaged and skipped: their records are not read"
                )));
            }
        }
        problems
    }));
    parsed.unwrap_or_else(|_| {
        vec![problem(
            "the EVTX parser crashed on this file: the rest of it not read".into(),
        )]
    })
}
