//! Event log readers: Windows EVTX files (through the `evtx` crate, the
//! parser Hayabusa and Chainsaw use) and JSON/JSONL exports (the
//! `Event.System`/`Event.EventData` shape of EVTX-to-JSON tools and
//! Velociraptor, and flat Winlogbeat/ECS records), detected per file, into
//! one normalized event. A corrupt file or chunk is reported and skipped;
//! the records before it still count.

mod event;
mod evtx_file;
mod json_file;
mod normalize;

pub use event::{Event, Value};
pub use evtx_file::read_evtx;
pub use json_file::read_json;
pub use normalize::from_json;

use std::path::Path;

/// A problem with one event file, named and explained; the run goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadProblem {
    pub file: String,
    pub message: String,
}

/// Reads every event of the file at `path` (EVTX or JSON/JSONL), calling
/// `each` with each, and returns the problems met.
pub fn read_events(path: &Path, each: &mut dyn FnMut(Event)) -> Vec<ReadProblem> {
    let mut head = [0u8; 8];
    let is_evtx = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .map(|_| &head == b"ElfFile\0")
        .unwrap_or(false);
    if is_evtx {
        read_evtx(path, each)
    } else {
        read_json(path, each)
    }
}
