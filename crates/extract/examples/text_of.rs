//! Prints the text the readers make of each file given, segment by
//! segment with its origin: what the detectors see, for checking a reader
//! against a producer's documents (`cargo run -p breachscope-extract
//! --example text_of -- FILE...`). Prints evidence text: for test data.

use breachscope_core::Segment;
use breachscope_extract::{read_path, DocInfo, Limits, ReadBudget, Sink};
use chrono::NaiveDate;
use std::path::Path;

/// Prints what it is given.
struct Print;

impl Sink for Print {
    fn begin(&mut self, info: &DocInfo) -> bool {
        println!("=== {} ({:?}, {} bytes)", info.path, info.kind, info.size);
        true
    }

    fn segment(&mut self, segment: &Segment, skip: usize) {
        println!("--- {:?}", segment.origin);
        println!("{}", &segment.text[skip.min(segment.text.len())..]);
    }

    fn hashed(&mut self, _blake3: String, _size: u64) {}

    fn end(&mut self, meta_dates: Vec<NaiveDate>, errors: Vec<String>) {
        println!("--- dates {meta_dates:?} errors {errors:?}");
    }
}

fn main() {
    let limits = Limits::default();
    let budget = ReadBudget::new(1 << 30);
    for path in std::env::args().skip(1) {
        read_path(Path::new(&path), &path, &limits, &budget, &mut Print);
    }
}
