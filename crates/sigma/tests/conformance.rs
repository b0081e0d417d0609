//! SigmaHQ's own regression oracle (../shared/corpus/sigma/regression_data):
//! each info.yml names a rule and an EVTX file on which it must fire. At
//! least 98% of them must pass with the rules of the corpus; the failures
//! are printed. Skips, saying why, when the corpus is absent.

use breachscope_sigma::Ruleset;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use yaml_rust2::{Yaml, YamlLoader};

fn corpus() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("BREACHSCOPE_CORPUS").map(PathBuf::from),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")),
    ];
    candidates
        .into_iter()
        .flatten()
        .map(|c| c.join("sigma"))
        .find(|p| p.join("regression_data").is_dir())
}

fn info_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            info_files(&path, out);
        } else if path.file_name().is_some_and(|n| n == "info.yml") {
            out.push(path);
        }
    }
}

fn str_at<'a>(doc: &'a Yaml, keys: &[&str]) -> Option<&'a str> {
    keys.iter()
        .try_fold(doc, |node, key| {
            if let Ok(index) = key.parse::<usize>() {
                node.as_vec()?.get(index)
            } else {
                node.as_hash()?.get(&Yaml::String((*key).into()))
            }
        })?
        .as_str()
}

#[test]
fn sigma_regression_oracle() {
    let Some(sigma) = corpus() else {
        println!("skipped: no corpus at ../shared/corpus/sigma (set BREACHSCOPE_CORPUS)");
        return;
    };
    let rule_dirs: Vec<PathBuf> = ["rules", "rules-emerging-threats", "rules-threat-hunting", "rules-dfir"]
        .iter()
        .map(|d| sigma.join(d))
        .filter(|d| d.exists())
        .collect();
    let loaded = Ruleset::load(&rule_dirs);
    println!(
        "rules: {} loaded from {} files, {} skipped",
        loaded.ruleset.len(),
        loaded.files,
        loaded.skipped.len()
    );
    let by_id: HashMap<&str, &breachscope_sigma::Rule> =
        loaded.ruleset.rules().iter().map(|r| (r.id.as_str(), r)).collect();
    let skipped: HashMap<&str, &str> = loaded
        .skipped
        .iter()
        .filter_map(|p| p.rule.as_deref().map(|id| (id, p.reason.as_str())))
        .collect();
    let mut infos = Vec::new();
    info_files(&sigma.join("regression_data"), &mut infos);
    infos.sort();
    let (mut passed, mut failed) = (0usize, Vec::new());
    for info in &infos {
        let text = std::fs::read_to_string(info).unwrap();
        let doc = &YamlLoader::load_from_str(&text).unwrap()[0];
        let id = str_at(doc, &["rule_metadata", "0", "id"])
            .unwrap_or_default()
            .to_string();
        let title = str_at(doc, &["rule_metadata", "0", "title"]).unwrap_or_default();
        let Some(evtx) = str_at(doc, &["regression_tests_info", "0", "path"]) else {
            continue;
        };
        let Some(rule) = by_id.get(id.as_str()) else {
            let why = skipped
                .get(id.as_str())
                .copied()
                .unwrap_or("rule not found in the corpus");
            failed.push(format!("{id} {title}: not loaded: {why}"));
            continue;
        };
        let mut fired = false;
        let mut events = 0;
        let problems = breachscope_events::read_events(&sigma.join(evtx), &mut |event| {
            events += 1;
            if !fired && loaded.ruleset.matching(&event).iter().any(|r| r.id == rule.id) {
                fired = true;
            }
        });
        if fired {
            passed += 1;
        } else {
            failed.push(format!("{id} {title}: did not fire on {events} events {problems:?}"));
        }
    }
    let total = passed + failed.len();
    println!("regression tests: {passed}/{total} pass");
    for f in &failed {
        println!("  FAIL {f}");
    }
    assert!(total > 0);
    assert!(
        passed * 100 >= total * 98,
        "{passed}/{total} pass; the failures are listed above"
    );
}
