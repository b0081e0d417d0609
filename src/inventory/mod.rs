//! `breachscope inventory`: what data sits on a device, and whose it is.
//!
//! Files are scanned in parallel (rayon), each by the reader for its
//! format; the records go over a bounded channel to one writer thread that
//! prints them and writes the case store in batched transactions.

mod record;
mod report;
mod walk;

use crate::cli::InventoryArgs;
use anyhow::Context;
use breachscope_core::{CaseKey, FileRecord};
use breachscope_detect::{Counterparties, Detector, ItemizingPermit};
use breachscope_extract::{Kind, Limits, ReadBudget, LINK_NOT_FOLLOWED};
use breachscope_store::{Store, KEY_CHECK_TEXT};
use rayon::prelude::*;
use record::{HandOver, RecordSink, RunContext, SeenContent};
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::sync_channel;
use walk::Special;

pub use report::{write_json_line, Summary};

/// Records written to the store per transaction.
const BATCH: usize = 512;
/// Elements written to the store per transaction at most: a batch of
/// customer exports would otherwise hold hundreds of megabytes.
const BATCH_ELEMENTS: usize = 100_000;
/// Batches in flight between the scanners and the writer.
const CHANNEL_DEPTH: usize = 16;

/// What one inventory run scans and where its facts go.
pub struct ScanPlan<'a> {
    pub paths: &'a [PathBuf],
    pub host: &'a str,
    pub counterparties: &'a Counterparties,
    pub key: &'a CaseKey,
    pub store: Option<&'a mut Store>,
    pub parameters: serde_json::Value,
}

/// How a scan went.
pub struct ScanOutcome {
    pub summary: Summary,
    /// PATH arguments (or folders under them) that could not be read.
    pub unreadable_roots: Vec<String>,
}

/// Runs the `inventory` command.
pub fn run(args: InventoryArgs) -> anyhow::Result<ExitCode> {
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build_global()
            .context("thread pool")?;
    }
    let counterparties = load_counterparties(args.counterparties.as_deref())?;
    let (key, _) = crate::keyfile::case_key(args.key_file.as_deref(), args.db.as_deref())?;
    let mut store = args.db.as_deref().map(Store::open).transpose()?;
    let parameters = serde_json::json!({
        "paths": args.paths,
        "host": args.host,
        "counterparties": args.counterparties,
        "key_file": args.key_file,
    });
    let mut out = std::io::BufWriter::new(crate::report_out::out());
    let mut broken_pipe = false;
    let plan = ScanPlan {
        paths: &args.paths,
        host: &args.host,
        counterparties: &counterparties,
        key: &key,
        store: store.as_mut(),
        parameters,
    };
    let (jsonl, reveal) = (args.jsonl, args.reveal);
    let outcome = scan(plan, |record| {
        if jsonl && !broken_pipe {
            broken_pipe = write_json_line(&mut out, record, reveal).is_err();
        }
    })?;
    if !args.jsonl {
        let _ = write!(out, "{}", outcome.summary.render(&args.host, &counterparties));
        if let Some(db) = &args.db {
            let _ = writeln!(out, "\nFacts written to the case store {}", db.display());
        }
    }
    let _ = out.flush();
    for problem in &outcome.unreadable_roots {
        eprintln!("breachscope: cannot read {problem}");
    }
    Ok(if outcome.unreadable_roots.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Loads the master list, or an empty one. It is decoded as evidence text
/// is (a spreadsheet's export may be UTF-8, UTF-16 or Windows-1252).
pub fn load_counterparties(path: Option<&Path>) -> anyhow::Result<Counterparties> {
    let Some(path) = path else {
        return Ok(Counterparties::default());
    };
    let bytes = std::fs::read(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    Ok(Counterparties::parse(path, &breachscope_extract::decode_text(&bytes))?)
}

/// Scans every file of the plan, calling `each` with every record in the
/// writer thread, and writes the store if there is one.
pub fn scan(plan: ScanPlan<'_>, mut each: impl FnMut(&FileRecord) + Send) -> anyhow::Result<ScanOutcome> {
    let unreadable_roots = std::sync::Mutex::new(Vec::new());
    let detector = Detector::new(plan.counterparties.clone(), plan.key.clone());
    let seen = SeenContent::default();
    let context = RunContext {
        detector: &detector,
        host: plan.host,
        seen: &seen,
    };
    let limits = Limits::default();
    let budget = ReadBudget::default();
    let bar = crate::progress::bytes_bar("scanning", || walk::total_bytes(plan.paths));
    let mut store = plan.store;
    let run_id = match store.as_deref_mut() {
        Some(store) => {
            store.check_key(&plan.key.fingerprint(KEY_CHECK_TEXT).to_string())?;
            store.put_counterparties(
                plan.counterparties
                    .parties()
                    .iter()
                    .map(|p| (p.id.as_str(), p.name.as_str(), p.kind.as_str())),
            )?;
            Some(store.begin_run("inventory", &plan.parameters)?)
        }
        None => None,
    };
    let (sender, receiver) = sync_channel::<(Vec<FileRecord>, Option<ItemizingPermit>)>(CHANNEL_DEPTH);
    let summary = std::thread::scope(|scope| -> anyhow::Result<Summary> {
        let writer = scope.spawn(move || -> anyhow::Result<Summary> {
            let mut summary = Summary::default();
            // Records wait here only for the store's next transaction.
            let mut batch = Vec::new();
            let mut batch_elements = 0;
            for (records, permit) in receiver {
                for record in records {
                    each(&record);
                    summary.add(&record);
                    if run_id.is_some() {
                        batch_elements += record.entities.len();
                        batch.push(record);
                    }
                }
                if batch.len() >= BATCH || batch_elements >= BATCH_ELEMENTS {
                    if let (Some(store), Some(run)) = (store.as_deref_mut(), run_id) {
                        store.put_files(run, &batch)?;
                    }
                    batch.clear();
                    batch_elements = 0;
                }
                // The next document may itemize many values now this one's
                // are written (a store batch holds at most BATCH_ELEMENTS).
                drop(permit);
            }
            if let (Some(store), Some(run)) = (store, run_id) {
                store.put_files(run, &batch)?;
                store.finish_run(run, summary.files, summary.with_errors)?;
            }
            Ok(summary)
        });
        // Each worker hands records over in batches: one hand-over per file
        // woke the writer for every file, and the wake-ups cost more than
        // the writing.
        let send = |records: Vec<FileRecord>, permit: Option<ItemizingPermit>| {
            // A closed channel means the writer failed; its error is reported.
            let _ = sender.send((records, permit));
        };
        let hand_over: &HandOver<'_> = &send;
        walk::files(plan.paths)
            .par_bridge()
            .fold(Vec::new, |mut pending, file| {
                match file {
                    Ok(file) => {
                        pending.extend(scan_file(&context, &limits, &budget, &file, hand_over));
                        bar.inc(file.size);
                        if record::ready_to_hand_over(&pending) {
                            send(std::mem::take(&mut pending), None);
                        }
                    }
                    Err(problem) => unreadable_roots.lock().expect("not poisoned").push(problem),
                }
                pending
            })
            .for_each(|pending| send(pending, None));
        drop(sender);
        writer
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("the writer thread crashed")))
    })?;
    bar.finish_and_clear();
    let mut unreadable_roots = unreadable_roots.into_inner().unwrap_or_default();
    unreadable_roots.sort();
    Ok(ScanOutcome {
        summary,
        unreadable_roots,
    })
}

/// The records of one evidence file not yet handed over (those of an
/// archive go to `hand_over` in batches as they are made). A crash in a
/// reader is caught and reported against the file; the run goes on.
fn scan_file(
    context: &RunContext<'_>,
    limits: &Limits,
    budget: &ReadBudget,
    file: &walk::Evidence,
    hand_over: &HandOver<'_>,
) -> Vec<FileRecord> {
    let mut sink = RecordSink::new(context, &file.root, hand_over);
    let unread = match file.special {
        Some(Special::Link) => {
            // Where it points, as the evidence holds it: shown, never opened
            // (control characters replaced, as in any name from the evidence).
            let target = std::fs::read_link(&file.path).map_or_else(
                |e| format!("? ({e})"),
                |t| t.display().to_string().replace(char::is_control, "_"),
            );
            Some((Kind::Link, format!("symbolic link to {target}: {LINK_NOT_FOLLOWED}")))
        }
        Some(Special::Fifo) => Some((
            Kind::Special,
            "named pipe (FIFO): not read (reading it would wait for whoever writes to it)".to_string(),
        )),
        Some(Special::Other) => Some((Kind::Special, "socket or device, not a file: nothing read".to_string())),
        None => None,
    };
    if let Some((kind, why)) = unread {
        sink.report_unscanned(&file.display, 0, kind, &why);
        return sink.into_records();
    }
    let crashed = catch_unwind(AssertUnwindSafe(|| {
        breachscope_extract::read_path(&file.path, &file.display, limits, budget, &mut sink);
    }))
    .is_err();
    let mut records = sink.into_records();
    if crashed {
        let mut crash = RecordSink::new(context, &file.root, hand_over);
        crash.report_unscanned(
            &file.display,
            file.size,
            Kind::Binary,
            "the reader crashed on this file: not scanned",
        );
        records.extend(crash.into_records());
    }
    records
}
