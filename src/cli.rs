//! The command line, as DESIGN.md's contract gives it.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Scope a ransomware breach: where the actor was, what was taken, what
/// data that was and whose, each answer traced to evidence.
#[derive(Debug, Parser)]
#[command(name = "breachscope", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Content scan of files, folders and archives: sensitive elements,
    /// record kinds, dates and counterparties, file by file.
    Inventory(InventoryArgs),
    /// Event logs (.evtx, .json/.jsonl exports, folders) against Sigma
    /// rules and indicators: where the actor was, and when.
    Hunt(HuntArgs),
    /// Writes the synthetic demo case and runs breachscope on it.
    Demo(DemoArgs),
}

#[derive(Debug, Args)]
pub struct HuntArgs {
    /// Event log files and folders.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Sigma rule files or folders (default: breachscope's own ransomware rules).
    #[arg(long, value_name = "PATH")]
    pub sigma: Vec<PathBuf>,
    /// Indicator files: CSV (type,value[,note]) or STIX 2.1 bundles.
    #[arg(long, value_name = "FILE")]
    pub iocs: Vec<PathBuf>,
    /// One JSON line per detection on stdout.
    #[arg(long)]
    pub jsonl: bool,
    /// Only events at or after this time (RFC 3339 or YYYY-MM-DD).
    #[arg(long, value_name = "T")]
    pub from: Option<String>,
    /// Only events before this time (RFC 3339 or YYYY-MM-DD).
    #[arg(long, value_name = "T")]
    pub to: Option<String>,
    /// Also write timeline.csv (Timesketch), timeline.jsonl and scope.json here.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InventoryArgs {
    /// Files, folders and archives to scan.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The device the files come from.
    #[arg(long, value_name = "NAME", default_value = "unknown")]
    pub host: String,
    /// Customer/supplier master list (id,name,kind,aliases,domains,identifiers,contact).
    #[arg(long, value_name = "FILE")]
    pub counterparties: Option<PathBuf>,
    /// One JSON line per file on stdout.
    #[arg(long)]
    pub jsonl: bool,
    /// Include the normalized sensitive values (`value`) in the output.
    #[arg(long)]
    pub reveal: bool,
    /// Case store (SQLite) to write the facts into.
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// Case key for fingerprints; made (mode 0600) when it does not exist.
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    /// Scanning threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where to write the demo case.
    #[arg(long, value_name = "DIR", default_value = "demo-out")]
    pub out: PathBuf,
    /// Seed of the generator; the same seed gives the same case.
    #[arg(long, default_value_t = 2022)]
    pub seed: u64,
}
