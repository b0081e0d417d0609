//! `breachscope demo`: writes the synthetic demo case, runs breachscope
//! on it, and shows the answer held against the generator's truth.

use crate::cli::DemoArgs;
use crate::inventory::{self, ScanPlan};
use breachscope_demo::score::{score, Found};
use breachscope_store::Store;
use std::collections::HashMap;
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
    print!(
        "{}",
        outcome.summary.render(breachscope_demo::FILE_SERVER, &counterparties)
    );
    let card = score(&case.truth, &found);
    println!("\nHeld against the generator's truth ({} documents):", case.truth.len());
    print!("{}", card.render());
    println!("\nCase store: {}\nCase key:   {}", db.display(), key_path.display());
    Ok(ExitCode::SUCCESS)
}
