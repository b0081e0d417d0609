//! End to end: many customer exports on many threads. Each is itemized
//! whole, and memory does not grow with the number of threads: past a
//! small allowance documents take values from one budget, and wait when
//! it is spent. (Alone in its test binary so the child's peak RSS is its
//! own.)

mod common;

use common::{code, json_lines, peak_child_rss_bytes, run, stderr, stdout};

const EXPORTS: usize = 8;
const ROWS: usize = 120_000;

#[test]
fn eight_exports_on_eight_threads_are_itemized_whole_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let evidence = dir.path().join("evidence");
    std::fs::create_dir_all(&evidence).unwrap();
    for export in 0..EXPORTS {
        let rows: String = std::iter::once("id,email\n".to_string())
            .chain((0..ROWS).map(|i| format!("C{i},c{export}.{i}@example.ca\n")))
            .collect();
        std::fs::write(evidence.join(format!("export-{export}.csv")), rows).unwrap();
    }
    let threads = EXPORTS.to_string();
    let out = run(
        dir.path(),
        &[
            "inventory",
            "--jsonl",
            "--threads",
            &threads,
            "--key-file",
            "k",
            "evidence",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let lines = json_lines(&stdout(&out));
    assert_eq!(lines.len(), EXPORTS);
    for line in &lines {
        assert_eq!(line["entities"].as_array().unwrap().len(), ROWS, "{}", line["path"]);
        assert_eq!(line["errors"], serde_json::json!([]), "{}", line["path"]);
    }
    // Every export itemized at once: about 305 MiB; within the budget, 210.
    let peak = peak_child_rss_bytes();
    println!("peak RSS of the scan: {} MiB", peak >> 20);
    assert!(peak < 255 << 20, "peak RSS {} MiB", peak >> 20);
}
