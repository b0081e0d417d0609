//! From detections and logon events to the analyzers' inputs, and the
//! scope as a table and as files (timeline.csv for Timesketch,
//! timeline.jsonl, scope.json).

use super::Detection;
use breachscope_analyze::{timeline_csv, timeline_jsonl, Activity, ActivityKind, Logon, Scope, TimelineEntry};
use breachscope_events::Event;
use std::fmt::Write as _;
use std::path::Path;

/// The host an event's `Computer` names: its first label, upper case
/// (`fs01.demo.local` is `FS01`).
pub fn host_name(computer: &str) -> String {
    computer.split('.').next().unwrap_or(computer).to_ascii_uppercase()
}

/// An account as compared across hosts: lower case, without its domain.
fn account(name: &str) -> String {
    name.rsplit(['\\', '@'])
        .find(|s| !s.is_empty() && !s.contains('.'))
        .unwrap_or(name)
        .trim()
        .to_ascii_lowercase()
}

/// A successful logon (Security 4624), if the event is one.
pub fn logon(event: &Event, host: &str) -> Option<Logon> {
    if event.event_id != 4624 || !event.channel.eq_ignore_ascii_case("security") {
        return None;
    }
    let target = event.field("TargetUserName")?.as_text().to_string();
    Some(Logon {
        host: host.to_string(),
        time: event.timestamp?,
        account: account(&target),
        logon_type: event.field("LogonType").and_then(|v| v.as_number()).unwrap_or(0.0) as u32,
        source: event
            .field("IpAddress")
            .map(|v| v.as_text().to_string())
            .unwrap_or_default(),
        evidence: format!("{}#{}", event.file, event.record_id),
    })
}

/// The detections as the scope analyzer reads them.
pub fn activities(detections: &[Detection]) -> Vec<Activity> {
    detections
        .iter()
        .filter_map(|d| {
            let kind = if d.rule_id.starts_with("ioc:") {
                ActivityKind::Indicator
            } else if matches!(d.level.as_str(), "high" | "critical") {
                ActivityKind::Execution
            } else {
                ActivityKind::Suspicious
            };
            let accounts = ["User", "SubjectUserName", "TargetUserName"]
                .iter()
                .filter_map(|f| d.fields.get(*f).and_then(|v| v.as_str()))
                .map(account)
                .collect();
            Some(Activity {
                host: host_name(&d.computer),
                time: d.timestamp?,
                kind,
                what: d.rule_title.clone(),
                accounts,
                evidence: format!("{}#{}", d.file, d.record_id),
            })
        })
        .collect()
}

/// The scope as a table.
pub fn table(scope: &Scope) -> String {
    let mut s = String::new();
    let window = match (scope.first_activity, scope.last_activity) {
        (Some(a), Some(b)) => format!("{} to {}", a.to_rfc3339(), b.to_rfc3339()),
        _ => "no actor activity found".into(),
    };
    let _ = writeln!(s, "Actor window: {window}");
    if !scope.accounts.is_empty() {
        let _ = writeln!(s, "Accounts used by the actor: {}", scope.accounts.join(", "));
    }
    let _ = writeln!(
        s,
        "{:<16} {:<13} {:<13} {:<21} {:<21} reason",
        "host", "status", "containment", "first seen", "last seen"
    );
    for h in &scope.hosts {
        let time = |t: Option<chrono::DateTime<chrono::Utc>>| {
            t.map_or_else(|| "-".to_string(), |t| t.format("%Y-%m-%d %H:%M").to_string())
        };
        let reason = h.reasons.first().cloned().unwrap_or_default();
        let _ = writeln!(
            s,
            "{:<16} {:<13} {:<13} {:<21} {:<21} {reason}",
            h.name,
            h.status.name(),
            h.containment,
            time(h.first_seen),
            time(h.last_seen)
        );
    }
    s
}

/// The timeline: every detection and every logon by the actor's accounts.
pub fn timeline(scope: &Scope, detections: &[Detection], logons: &[Logon]) -> Vec<TimelineEntry> {
    let mut entries: Vec<TimelineEntry> = detections
        .iter()
        .filter_map(|d| {
            Some(TimelineEntry {
                time: d.timestamp?,
                host: host_name(&d.computer),
                what: d.rule_title.clone(),
                source: d.rule_id.clone(),
                level: d.level.clone(),
                evidence: format!("{}#{}", d.file, d.record_id),
            })
        })
        .collect();
    entries.extend(
        logons
            .iter()
            .filter(|l| scope.accounts.contains(&l.account))
            .map(|l| TimelineEntry {
                time: l.time,
                host: l.host.clone(),
                what: format!("logon type {} by {} from {}", l.logon_type, l.account, l.source),
                source: "Security/4624".into(),
                level: "high".into(),
                evidence: l.evidence.clone(),
            }),
    );
    entries.sort_by(|a, b| (a.time, &a.host).cmp(&(b.time, &b.host)));
    entries
}

/// Writes timeline.csv, timeline.jsonl and scope.json into `dir`.
pub fn write_files(dir: &Path, scope: &Scope, detections: &[Detection], logons: &[Logon]) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    let entries = timeline(scope, detections, logons);
    std::fs::write(dir.join("timeline.csv"), timeline_csv(&entries))?;
    std::fs::write(dir.join("timeline.jsonl"), timeline_jsonl(&entries))?;
    std::fs::write(dir.join("scope.json"), serde_json::to_string_pretty(scope)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_accounts() {
        assert_eq!(host_name("fs01.demo.local"), "FS01");
        assert_eq!(host_name("WS07"), "WS07");
        assert_eq!(account("DEMO\\JRoe"), "jroe");
        assert_eq!(account("jroe@demo.local"), "jroe");
        assert_eq!(account("SYSTEM"), "system");
    }
}
