//! Broken event files: each is reported with its reason, nothing panics,
//! and the good records around a bad one still count.

use breachscope_events::read_events;
use std::io::Write;

fn file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::File::create(&path).unwrap().write_all(bytes).unwrap();
    (dir, path)
}

fn read(path: &std::path::Path) -> (usize, Vec<String>) {
    let mut events = 0;
    let problems = read_events(path, &mut |_| events += 1);
    (events, problems.into_iter().map(|p| p.message).collect())
}

#[test]
fn junk_with_an_evtx_header() {
    let mut bytes = b"ElfFile\0".to_vec();
    bytes.extend((0..70_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8));
    let (_dir, path) = file("junk.evtx", &bytes);
    let (events, problems) = read(&path);
    assert_eq!(events, 0);
    assert!(!problems.is_empty(), "the damage is reported");
}

#[test]
fn random_bytes_and_empty_files() {
    let (_dir, path) = file("random.json", &[0xff, 0xfe, 0x00, 0x13, 0x37, b'\n', b'{']);
    let (events, problems) = read(&path);
    assert_eq!(events, 0);
    assert!(problems[0].contains("not events"), "{problems:?}");
    let (_dir2, empty) = file("empty.jsonl", b"");
    assert_eq!(read(&empty), (0, vec![]));
}

#[test]
fn a_bad_line_does_not_hide_the_good_ones() {
    let good =
        r#"{"Event":{"System":{"EventID":4624,"Channel":"Security","Computer":"DC01"},"EventData":{"LogonType":3}}}"#;
    let text = format!("{good}\n{{broken\n{good}\n[1,2,3]\n");
    let (_dir, path) = file("mixed.jsonl", text.as_bytes());
    let (events, problems) = read(&path);
    assert_eq!(events, 2);
    assert!(problems[0].contains("2 lines are not events"), "{problems:?}");
}

#[test]
fn a_broken_json_array_is_reported() {
    let (_dir, path) = file("array.json", b"[{\"Event\": {\"System\": {\"EventID\": 1}}}, {broken");
    let (events, problems) = read(&path);
    assert_eq!(events, 0);
    assert!(problems[0].contains("not a JSON array"), "{problems:?}");
}

#[test]
fn a_missing_file_is_reported() {
    let (events, problems) = read(std::path::Path::new("/nonexistent/breachscope/x.evtx"));
    assert_eq!(events, 0);
    assert!(problems[0].contains("cannot read"), "{problems:?}");
}
