//! End to end: `hunt` on event exports the test writes, with the built-in
//! rules and indicators, and on the real attack samples when the corpus is
//! present.

mod common;

use common::{code, json_lines, run, stderr, stdout};
use std::path::PathBuf;

const EVENTS: &str = r##"{"Event":{"System":{"Provider":{"#attributes":{"Name":"Microsoft-Windows-Sysmon"}},"EventID":1,"EventRecordID":101,"Channel":"Microsoft-Windows-Sysmon/Operational","Computer":"WS07.demo.local","TimeCreated":{"#attributes":{"SystemTime":"2022-02-02T14:03:11Z"}}},"EventData":{"ParentImage":"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE","Image":"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe","CommandLine":"powershell -nop -w hidden -enc SQBFAFgA"}}}
{"Event":{"System":{"EventID":3,"EventRecordID":102,"Channel":"Microsoft-Windows-Sysmon/Operational","Computer":"WS07.demo.local","TimeCreated":{"#attributes":{"SystemTime":"2022-02-02T14:05:00Z"}}},"EventData":{"Image":"C:\\Windows\\System32\\rundll32.exe","DestinationIp":"203.0.113.50","DestinationPort":"443"}}}
{"Event":{"System":{"EventID":1,"EventRecordID":103,"Channel":"Microsoft-Windows-Sysmon/Operational","Computer":"WS07.demo.local","TimeCreated":{"#attributes":{"SystemTime":"2022-02-20T09:00:00Z"}}},"EventData":{"ParentImage":"C:\\Windows\\explorer.exe","Image":"C:\\Windows\\System32\\notepad.exe","CommandLine":"notepad"}}}
not json at all
"##;

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("logs")).unwrap();
    std::fs::write(dir.path().join("logs/ws07.jsonl"), EVENTS).unwrap();
    std::fs::write(
        dir.path().join("iocs.csv"),
        "type,value,note\nip,203.0.113.50,beacon C2\n",
    )
    .unwrap();
    dir
}

#[test]
fn detections_have_the_contract_fields() {
    let dir = setup();
    let out = run(dir.path(), &["hunt", "--jsonl", "--iocs", "iocs.csv", "logs"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let lines = json_lines(&stdout(&out));
    assert_eq!(lines.len(), 2, "{lines:?}");
    let phish = &lines[0];
    let mut keys: Vec<&str> = phish.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "channel",
            "computer",
            "event_id",
            "fields",
            "file",
            "level",
            "record_id",
            "rule_id",
            "rule_title",
            "tags",
            "timestamp"
        ]
    );
    assert_eq!(phish["rule_title"], "Office Application Spawns a Script Host or Shell");
    assert_eq!(phish["computer"], "WS07.demo.local");
    assert_eq!(phish["record_id"], 101);
    assert_eq!(phish["timestamp"], "2022-02-02T14:03:11.000Z");
    assert!(phish["file"].as_str().unwrap().ends_with("ws07.jsonl"));
    assert!(phish["fields"]["CommandLine"].as_str().unwrap().contains("-enc"));
    assert!(phish["tags"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t == "attack.t1566.001"));
    assert_eq!(lines[1]["rule_id"], "ioc:ip:203.0.113.50");
    assert!(
        stderr(&out).contains("1 lines are not events"),
        "the bad line is reported: {}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("16 Sigma rules loaded"), "{}", stderr(&out));
}

#[test]
fn time_window_and_missing_paths() {
    let dir = setup();
    let out = run(
        dir.path(),
        &[
            "hunt",
            "--jsonl",
            "--iocs",
            "iocs.csv",
            "--from",
            "2022-02-02T14:04:00Z",
            "--to",
            "2022-02-18",
            "logs",
        ],
    );
    let lines = json_lines(&stdout(&out));
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["rule_id"], "ioc:ip:203.0.113.50");
    let missing = run(dir.path(), &["hunt", "logs", "nope"]);
    assert_eq!(code(&missing), 1);
    assert!(stderr(&missing).contains("nope"));
    let bad_time = run(dir.path(), &["hunt", "--from", "yesterday", "logs"]);
    assert_eq!(code(&bad_time), 1);
}

#[test]
fn table_on_real_attack_samples() {
    let samples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/evtx-attack-samples");
    if !samples.exists() {
        println!("skipped: no corpus at ../shared/corpus/evtx-attack-samples");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["hunt", samples.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    for rule in [
        "Shadow Copies or Backups Deleted",
        "LSASS Memory Dump",
        "PsExec Remote Execution",
    ] {
        assert!(
            text.contains(rule),
            "the built-in rules find {rule} in the attack samples"
        );
    }
}
