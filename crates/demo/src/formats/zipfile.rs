//! Zip archives built in memory.

use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

/// A zip of `(name, bytes)` members, deflated.
pub fn build(members: &[(String, Vec<u8>)]) -> Vec<u8> {
    build_with(members, CompressionMethod::Deflated)
}

/// A zip of `(name, bytes)` members stored without compression.
pub fn build_stored(members: &[(String, Vec<u8>)]) -> Vec<u8> {
    build_with(members, CompressionMethod::Stored)
}

fn build_with(members: &[(String, Vec<u8>)], method: CompressionMethod) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(method)
        .last_modified_time(zip::DateTime::from_date_and_time(2022, 2, 1, 9, 0, 0).unwrap_or_default());
    for (name, bytes) in members {
        writer.start_file(name.as_str(), options).expect("in-memory zip entry");
        writer.write_all(bytes).expect("in-memory write");
    }
    writer.finish().expect("in-memory zip").into_inner()
}
