//! Analyzers read facts and write findings. `scope` says, host by host,
//! whether the actor was there (`compromised`, `accessed`), whether the
//! host's telemetry shows it was not (`no-evidence`) or cannot say
//! (`no-telemetry`), and what to do with it; `timeline` orders what
//! happened for Timesketch and for people.

pub mod scope;
pub mod timeline;

pub use scope::{assess, Activity, ActivityKind, HostScope, Logon, Scope, Status, Telemetry};
pub use timeline::{timeline_csv, timeline_jsonl, TimelineEntry};
