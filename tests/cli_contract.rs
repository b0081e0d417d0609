//! End to end: exit codes, argument handling and paths as the contract
//! gives them.

mod common;

use common::{code, json_lines, run, stderr, stdout};

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(code(&run(dir.path(), &["inventory"])), 2, "PATH is required");
    assert_eq!(code(&run(dir.path(), &["no-such-command"])), 2);
    assert_eq!(code(&run(dir.path(), &["inventory", "--bogus", "x"])), 2);
}

#[test]
fn a_missing_path_is_named_and_exits_1_after_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "Email: jane.roe@example.ca").unwrap();
    let out = run(dir.path(), &["inventory", "--jsonl", "notes.txt", "missing-folder"]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("missing-folder"), "{}", stderr(&out));
    let lines = json_lines(&stdout(&out));
    assert_eq!(lines.len(), 1, "the readable path is still scanned");
    assert_eq!(lines[0]["path"], "notes.txt", "a file argument is reported by its name");
}

#[test]
fn an_unreadable_counterparty_list_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "x").unwrap();
    let out = run(dir.path(), &["inventory", "--counterparties", "nope.csv", "a.txt"]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("nope.csv"));
}

#[test]
fn a_master_list_exported_by_a_french_spreadsheet_is_read() {
    // Excel in French writes a CSV with semicolons, in Windows-1252.
    let dir = tempfile::tempdir().unwrap();
    let mut list = b"id;name;kind;aliases;domains;identifiers;contact\r\n".to_vec();
    list.extend_from_slice(b"C-0001;Soci\xe9t\xe9 G\xe9n\xe9rale Qu\xe9bec inc.;client;;;;\r\n");
    std::fs::write(dir.path().join("clients.csv"), list).unwrap();
    std::fs::write(dir.path().join("a.txt"), "Facturer à : Société Générale Québec").unwrap();
    let out = run(
        dir.path(),
        &["inventory", "--jsonl", "--counterparties", "clients.csv", "a.txt"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        json_lines(&stdout(&out))[0]["counterparties"],
        serde_json::json!(["C-0001"])
    );
}

#[test]
fn a_file_filed_under_a_counterparty_s_folder_or_named_for_it_is_theirs() {
    let dir = tempfile::tempdir().unwrap();
    let list = "id,name,kind,aliases,domains,identifiers,contact\n\
                S-0001,Maple Ridge Supply Ltd.,supplier,,,,\n\
                I-0002,Marie Tremblay,individual,,,,\n";
    std::fs::write(dir.path().join("parties.csv"), list).unwrap();
    let share = dir.path().join("share");
    for folder in ["Fournisseurs/Maple Ridge Supply", "Clients/Tremblay, Marie", "Misc"] {
        std::fs::create_dir_all(share.join(folder)).unwrap();
    }
    // Nothing in the files names anyone: a scanned cheque's text layer, a note.
    std::fs::write(share.join("Fournisseurs/Maple Ridge Supply/cheque.txt"), "scan").unwrap();
    std::fs::write(share.join("Clients/Tremblay, Marie/id.txt"), "scan").unwrap();
    std::fs::write(share.join("Misc/Marie_Tremblay_T4_2022.txt"), "scan").unwrap();
    std::fs::write(share.join("Misc/notes.txt"), "scan").unwrap();
    let out = run(
        dir.path(),
        &["inventory", "--jsonl", "--counterparties", "parties.csv", "share"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let parties: std::collections::BTreeMap<String, serde_json::Value> = json_lines(&stdout(&out))
        .into_iter()
        .map(|line| {
            (
                line["path"].as_str().unwrap().to_string(),
                line["counterparties"].clone(),
            )
        })
        .collect();
    assert_eq!(
        parties["Fournisseurs/Maple Ridge Supply/cheque.txt"],
        serde_json::json!(["S-0001"])
    );
    assert_eq!(parties["Clients/Tremblay, Marie/id.txt"], serde_json::json!(["I-0002"]));
    assert_eq!(
        parties["Misc/Marie_Tremblay_T4_2022.txt"],
        serde_json::json!(["I-0002"])
    );
    assert_eq!(parties["Misc/notes.txt"], serde_json::json!([]));
}

#[test]
fn an_individual_of_the_master_list_named_in_a_document_is_a_person_name_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let list = "id,name,kind,aliases,domains,identifiers,contact\n\
                C-0001,Jean Coutu,customer,,,,\n\
                I-0002,Kenyatta Cole,individual,,,,\n";
    std::fs::write(dir.path().join("parties.csv"), list).unwrap();
    // Nothing but the list says either name is a person's.
    std::fs::write(
        dir.path().join("a.txt"),
        "Please call COLE, Kenyatta about the order for Jean Coutu.",
    )
    .unwrap();
    let out = run(
        dir.path(),
        &[
            "inventory",
            "--jsonl",
            "--reveal",
            "--counterparties",
            "parties.csv",
            "a.txt",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let line = &json_lines(&stdout(&out))[0];
    assert_eq!(line["counterparties"], serde_json::json!(["C-0001", "I-0002"]));
    let names: Vec<&serde_json::Value> = line["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == "person_name")
        .collect();
    assert_eq!(names.len(), 1, "{line}");
    assert_eq!(names[0]["value"], "Kenyatta Cole");
}

#[test]
fn an_archive_is_about_the_dates_its_members_are_about() {
    use breachscope_demo::formats::zipfile;
    let dir = tempfile::tempdir().unwrap();
    let member = |name: &str, text: &str| (name.to_string(), text.as_bytes().to_vec());
    let inner = zipfile::build(&[member("c.txt", "Statement date: 2018-01-02")]);
    let outer = zipfile::build(&[
        member("a.txt", "Invoice date: 2019-03-04"),
        ("old.zip".to_string(), inner),
        member("b.txt", "Invoice date: 2020-05-06"),
        // Undated: its entry's time (1 Feb 2022) says nothing of what the
        // archive holds while other members say.
        member("notes.txt", "see attached"),
    ]);
    std::fs::write(dir.path().join("staged.zip"), outer).unwrap();
    // Its members dated by nothing but their entries' time (1 Feb 2022).
    std::fs::write(
        dir.path().join("undated.zip"),
        zipfile::build(&[member("n.txt", "notes")]),
    )
    .unwrap();
    std::fs::write(dir.path().join("empty.zip"), zipfile::build(&[])).unwrap();
    let out = run(dir.path(), &["inventory", "--jsonl", "."]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let dates: std::collections::BTreeMap<String, (String, String)> = json_lines(&stdout(&out))
        .into_iter()
        .map(|line| {
            let day = |end: &str| line["dates"][end].as_str().unwrap_or_default().to_string();
            (line["path"].as_str().unwrap().to_string(), (day("min"), day("max")))
        })
        .collect();
    let span = |min: &str, max: &str| (min.to_string(), max.to_string());
    assert_eq!(dates["staged.zip!old.zip"], span("2018-01-02", "2018-01-02"));
    assert_eq!(dates["staged.zip"], span("2018-01-02", "2020-05-06"));
    assert_eq!(dates["undated.zip"], span("2022-02-01", "2022-02-01"));
    // No member: the archive's own file time.
    let modified = std::fs::metadata(dir.path().join("empty.zip"))
        .unwrap()
        .modified()
        .unwrap();
    let day = chrono::DateTime::<chrono::Utc>::from(modified).date_naive().to_string();
    assert_eq!(dates["empty.zip"], span(&day, &day));
}

#[test]
fn folder_paths_are_relative_and_values_revealed_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("share/HR");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("emp.txt"), "Employee SIN: 130 692 544").unwrap();
    let key = dir.path().join("k");
    std::fs::write(&key, "fixed test key\n").unwrap();
    let out = run(
        dir.path(),
        &["inventory", "--jsonl", "--reveal", "--key-file", "k", "share"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let lines = json_lines(&stdout(&out));
    assert_eq!(lines[0]["path"], "HR/emp.txt");
    let sin = &lines[0]["entities"][0];
    assert_eq!(sin["type"], "ca_sin");
    assert_eq!(sin["value"], "130692544");
    assert_eq!(sin["masked"], "*****2544");
    // HMAC-SHA256("fixed test key", "130692544"): the key file's content
    // with trailing white space removed is the key.
    let expected = breachscope_core::CaseKey::from_secret(b"fixed test key").fingerprint("130692544");
    assert_eq!(sin["fingerprint"], expected.to_string());
}

#[test]
fn a_text_element_is_located_by_its_byte_offset_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Réf. employé — SIN: 130 692 544\n";
    std::fs::write(dir.path().join("hr.txt"), text).unwrap();
    let out = run(dir.path(), &["inventory", "--db", "case.db", "hr.txt"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let store = breachscope_store::Store::open(&dir.path().join("case.db")).unwrap();
    let location: String = store
        .connection()
        .query_row("SELECT location FROM entities WHERE type = 'ca_sin'", [], |r| r.get(0))
        .unwrap();
    let offset: usize = location.strip_prefix("offset:").unwrap().parse().unwrap();
    assert!(text.as_bytes()[offset..].starts_with(b"130 692 544"), "{location}");
}
