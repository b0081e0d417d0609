//! `breachscope demo`: writes the synthetic demo case, runs breachscope
//! on it, and shows the answer held against the generator's truth.

use crate::cli::DemoArgs;
use crate::inventory::{self, ScanPlan};
use breachscope_demo::score::{score, Found};
use breachscope_store::Store;
use std::collections::HashMap;
use std::io::Write;
use std::process::ExitCode;

/// Runs the `demo` command.
pub fn run(args: DemoArgs) -> anyhow::Result<ExitCode> {
    let case = breachscope_demo::generate(&args.out, args.seed)?;
    eprintln!("breachscope: demo case written to {}", case.root.display());
    let out_dir = case.root.join("out");
    std::fs::create_dir_all(&out_dir)?;
    let db = out_dir.join("case.db");
    let (key, key_path) = crate::keyfile::case_key(None, Some(&db))?;
    let counterparties = inventory::load_counterparties(Some(&case.counterparties))?;
    let mut store = Store::open(&db)?;
    let paths = [case.share.clone()];
    let mut found: HashMap<String, Found> = HashMap::new();
    let plan = ScanPlan {
        paths: &paths,
        host: breachscope_demo::FILE_SERVER,
        counterparties: &counterparties,
        key: &key,
        store: Some(&mut store),
        parameters: serde_json::json!({"demo_seed": args.seed, "paths": paths}),
    };
    let outcome = inventory::scan(plan, |record| {
        found.insert(
            record.path.clone(),
            Found {
                class: record.class.name().to_string(),
                entities: record
                    .entities
                    .iter()
                    .map(|e| (e.kind.name().to_string(), e.value.clone()))
                    .collect(),
                counterparties: record.counterparties.iter().map(|c| c.id.clone()).collect(),
                dates: record.dates.map(|(a, b)| (a.to_string(), b.to_string())),
            },
        );
    })?;
    let mut out = crate::report_out::out();
    write!(
        out,
        "{}",
        outcome.summary.render(breachscope_demo::FILE_SERVER, &counterparties)
    )?;
    let card = score(&case.truth, &found);
    writeln!(
        out,
        "\nHeld against the generator's truth ({} documents):",
        case.truth.len()
    )?;
    write!(out, "{}", card.render())?;
    hunt_hosts(&case, &out_dir, &mut out)?;
    writeln!(
        out,
        "\nCase store: {}\nCase key:   {}",
        db.display(),
        key_path.display()
    )?;
    writeln!(out, "Timeline:   {}", out_dir.join("timeline.csv").display())?;
    Ok(ExitCode::SUCCESS)
}

/// Hunts every host's logs with the built-in rules and the case's intel,
/// scopes the hosts, and holds each status against the generator's.
fn hunt_hosts(case: &breachscope_demo::DemoCase, out_dir: &std::path::Path, out: &mut dyn Write) -> anyhow::Result<()> {
    let (ruleset, _) = crate::hunt::builtin::ruleset();
    let (indicators, _) = breachscope_sigma::Indicators::load(std::slice::from_ref(&case.iocs));
    let log_dirs: Vec<std::path::PathBuf> = case.host_logs.iter().filter_map(|(_, dir)| dir.clone()).collect();
    let outcome = crate::hunt::collect(&log_dirs, &ruleset, &indicators, None, None);
    let hosts: Vec<String> = case.host_logs.iter().map(|(name, _)| name.clone()).collect();
    let activities = crate::hunt::scope::activities(&outcome.detections);
    let scope = breachscope_analyze::assess(&hosts, &outcome.telemetry, &activities, &outcome.logons);
    crate::hunt::scope::write_files(out_dir, &scope, &outcome.detections, &outcome.logons)?;
    writeln!(
        out,
        "\nWhere the actor was ({} events, {} detections):",
        outcome.events,
        outcome.detections.len()
    )?;
    write!(out, "{}", crate::hunt::scope::table(&scope))?;
    let wrong: Vec<String> = breachscope_demo::logs::HOSTS
        .iter()
        .filter_map(|h| {
            let found = scope
                .hosts
                .iter()
                .find(|s| s.name == h.name)
                .map_or("missing", |s| s.status.name());
            (found != h.expected).then(|| format!("{} is {found}, the truth says {}", h.name, h.expected))
        })
        .collect();
    if wrong.is_empty() {
        writeln!(out, "Every host's status matches the generator's truth.")?;
    } else {
        writeln!(out, "Host statuses that differ from the truth: {}", wrong.join("; "))?;
    }
    Ok(())
}
