//! `breachscope hunt`: event logs against Sigma rules and indicators.
//!
//! Event files are read in parallel (rayon), each by its format's reader;
//! every event is tried against the rules of its channel and event id and
//! against the indicators; detections go to one writer.

pub mod builtin;
mod detection;
pub mod scope;

use crate::cli::HuntArgs;
use anyhow::Context;
use breachscope_analyze::{Logon, Telemetry};
use breachscope_sigma::{CorrelationKind, Indicators, Occurrence, Ruleset};
use chrono::{DateTime, NaiveDate, Utc};
pub use detection::Detection;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Runs the `hunt` command.
pub fn run(args: HuntArgs) -> anyhow::Result<ExitCode> {
    let from = args.from.as_deref().map(parse_time).transpose().context("--from")?;
    let to = args.to.as_deref().map(parse_time).transpose().context("--to")?;
    let missing: Vec<String> = args
        .paths
        .iter()
        .chain(&args.sigma)
        .chain(&args.iocs)
        .filter(|p| !p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if !missing.is_empty() {
        anyhow::bail!("cannot read {}", missing.join(", "));
    }
    let (ruleset, skipped, files) = if args.sigma.is_empty() {
        let (set, skipped) = builtin::ruleset();
        (set, skipped, 0)
    } else {
        let loaded = Ruleset::load(&args.sigma);
        (loaded.ruleset, loaded.skipped, loaded.files)
    };
    let (indicators, ioc_problems) = Indicators::load(&args.iocs);
    report_rules(ruleset.len(), files, &skipped, indicators.len(), &ioc_problems);
    let outcome = collect(&args.paths, &ruleset, &indicators, from, to);
    let detections = outcome.detections;
    let mut out = std::io::BufWriter::new(crate::report_out::out());
    if args.jsonl {
        for d in &detections {
            writeln!(out, "{}", d.json())?;
        }
    } else {
        write!(
            out,
            "{}",
            detection::table(&detections, crate::report_out::is_terminal())
        )?;
    }
    out.flush()?;
    let hosts: Vec<String> = outcome.telemetry.keys().cloned().collect();
    let scope = breachscope_analyze::assess(
        &hosts,
        &outcome.telemetry,
        &scope::activities(&detections),
        &outcome.logons,
    );
    if !args.jsonl {
        write!(out, "\n{}", scope::table(&scope))?;
    }
    out.flush()?;
    if let Some(dir) = &args.out {
        scope::write_files(dir, &scope, &detections, &outcome.logons)?;
    }
    for p in &outcome.problems {
        eprintln!("breachscope: {}: {}", p.file, p.message);
    }
    eprintln!(
        "breachscope: {} event files, {} events, {} detections",
        outcome.files,
        outcome.events,
        detections.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// What a hunt over event files found.
pub struct HuntOutcome {
    pub detections: Vec<Detection>,
    /// What each host's logs cover, by host name.
    pub telemetry: BTreeMap<String, Telemetry>,
    /// Successful logons (4624), for scoping.
    pub logons: Vec<Logon>,
    pub problems: Vec<breachscope_events::ReadProblem>,
    pub files: usize,
    pub events: u64,
}

/// Reads every event file under `paths` in parallel and matches each event
/// in the time window against the rules and indicators.
pub fn collect(
    paths: &[PathBuf],
    ruleset: &Ruleset,
    indicators: &Indicators,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
) -> HuntOutcome {
    let files = event_files(paths);
    let bar = crate::progress::bytes_bar("hunting", || files.iter().map(|(_, size)| size).sum());
    let in_window = |e: &breachscope_events::Event| match e.timestamp {
        Some(t) => from.is_none_or(|f| t >= f) && to.is_none_or(|u| t < u),
        None => from.is_none() && to.is_none(),
    };
    let per_file: Vec<FileFindings> = files
        .par_iter()
        .map(|(path, size)| {
            let mut found = FileFindings::default();
            let problems = breachscope_events::read_events(path, &mut |event| {
                found.events += 1;
                if !in_window(&event) {
                    return;
                }
                let host = scope::host_name(&event.computer);
                if let Some(time) = event.timestamp {
                    found
                        .telemetry
                        .entry(host.clone())
                        .or_default()
                        .add(&event.channel, time);
                }
                if let Some(logon) = scope::logon(&event, &host) {
                    found.logons.push(logon);
                }
                for rule in ruleset.matching(&event) {
                    found.detections.push(Detection::from_rule(&event, rule));
                }
                for hit in indicators.matches(&event) {
                    found.detections.push(Detection::from_indicator(&event, &hit));
                }
            });
            found.problems = problems;
            bar.inc(*size);
            found
        })
        .collect();
    bar.finish_and_clear();
    let mut outcome = HuntOutcome {
        detections: Vec::new(),
        telemetry: BTreeMap::new(),
        logons: Vec::new(),
        problems: Vec::new(),
        files: files.len(),
        events: 0,
    };
    for f in per_file {
        outcome.detections.extend(f.detections);
        outcome.logons.extend(f.logons);
        outcome.problems.extend(f.problems);
        outcome.events += f.events;
        for (host, tele) in f.telemetry {
            outcome.telemetry.entry(host).or_default().merge(tele);
        }
    }
    let correlated = correlate(ruleset, &outcome.detections);
    outcome.detections.extend(correlated);
    outcome
        .detections
        .sort_by(|a, b| (a.timestamp, &a.computer, a.record_id).cmp(&(b.timestamp, &b.computer, b.record_id)));
    outcome
}

/// The detections of the correlation rules over the rules' detections.
fn correlate(ruleset: &Ruleset, detections: &[Detection]) -> Vec<Detection> {
    let mut out = Vec::new();
    for correlation in ruleset.correlations() {
        let occurrences: Vec<Occurrence> = detections
            .iter()
            .enumerate()
            .filter_map(|(index, d)| {
                let rule = correlation
                    .rules
                    .iter()
                    .position(|r| *r == d.rule_id || Some(r) == d.rule_name.as_ref())?;
                let value_of = |field: &str| match field {
                    "Computer" | "ComputerName" | "Hostname" => Some(d.computer.clone()),
                    _ => d.fields.get(field).and_then(|v| v.as_str()).map(str::to_string),
                };
                let group = correlation
                    .group_by
                    .iter()
                    .map(|f| value_of(f).unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join("\u{1f}");
                let value = match &correlation.kind {
                    CorrelationKind::ValueCount(field) => value_of(field),
                    _ => None,
                };
                Some(Occurrence {
                    time: d.timestamp?.timestamp(),
                    rule,
                    group,
                    value,
                    index,
                })
            })
            .collect();
        for hit in correlation.evaluate(&occurrences) {
            out.push(Detection::from_correlation(correlation, &hit, detections));
        }
    }
    out
}

#[derive(Default)]
struct FileFindings {
    detections: Vec<Detection>,
    telemetry: BTreeMap<String, Telemetry>,
    logons: Vec<Logon>,
    problems: Vec<breachscope_events::ReadProblem>,
    events: u64,
}

/// Says how many rules and indicators are in use, and why others are not.
fn report_rules(
    loaded: usize,
    files: usize,
    skipped: &[breachscope_sigma::RuleProblem],
    indicators: usize,
    ioc_problems: &[String],
) {
    let source = if files == 0 {
        "built in".to_string()
    } else {
        format!("from {files} files")
    };
    eprintln!(
        "breachscope: {loaded} Sigma rules loaded ({source}), {} skipped; {indicators} indicators",
        skipped.len()
    );
    let mut reasons: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for s in skipped {
        // Group by the reason's kind, not its particulars.
        let kind = s.reason.split(':').next().unwrap_or(&s.reason).to_string();
        *reasons.entry(kind).or_default() += 1;
    }
    for (reason, n) in reasons {
        eprintln!("  skipped {n}: {reason}");
    }
    for p in ioc_problems {
        eprintln!("  indicators: {p}");
    }
}

/// Event files (EVTX, JSON, JSONL) under the paths, with their sizes.
fn event_files(paths: &[PathBuf]) -> Vec<(PathBuf, u64)> {
    let mut files = Vec::new();
    for path in paths {
        for entry in walkdir::WalkDir::new(path).sort_by_file_name().into_iter().flatten() {
            let p = entry.path();
            let wanted = p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                let e = e.to_ascii_lowercase();
                e == "evtx" || e == "json" || e == "jsonl" || e == "ndjson"
            });
            if entry.file_type().is_file() && (wanted || entry.depth() == 0) {
                files.push((p.to_owned(), entry.metadata().map(|m| m.len()).unwrap_or(0)));
            }
        }
    }
    files
}

fn parse_time(text: &str) -> anyhow::Result<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .with_context(|| format!("{text:?} is neither RFC 3339 nor YYYY-MM-DD"))?;
    Ok(day.and_hms_opt(0, 0, 0).expect("midnight").and_utc())
}
