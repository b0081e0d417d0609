//! Host scope: status, containment, first and last actor activity, the
//! reasons, and what the host's telemetry covers.

use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// What a detection says happened on a host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActivityKind {
    /// A rule of high or critical level: execution by the actor.
    Execution,
    /// An indicator of compromise in the host's events.
    Indicator,
    /// A rule of lower level: worth a look, not proof.
    Suspicious,
}

/// One detection, reduced to what scoping needs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Activity {
    pub host: String,
    pub time: DateTime<Utc>,
    pub kind: ActivityKind,
    pub what: String,
    /// Accounts named by the event (user, subject, target), lower case.
    pub accounts: Vec<String>,
    /// Evidence file and record id.
    pub evidence: String,
}

/// A successful logon seen on a host.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Logon {
    pub host: String,
    pub time: DateTime<Utc>,
    pub account: String,
    /// Windows logon type (2 interactive, 3 network, 10 remote interactive).
    pub logon_type: u32,
    pub source: String,
    pub evidence: String,
}

/// What a host's logs cover: per channel, first and last event and count.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Telemetry {
    pub channels: BTreeMap<String, (DateTime<Utc>, DateTime<Utc>, u64)>,
}

impl Telemetry {
    /// Records an event of `channel` at `time`.
    pub fn add(&mut self, channel: &str, time: DateTime<Utc>) {
        let entry = self.channels.entry(channel.to_string()).or_insert((time, time, 0));
        entry.0 = entry.0.min(time);
        entry.1 = entry.1.max(time);
        entry.2 += 1;
    }

    /// Adds what another part of the same host's logs covers.
    pub fn merge(&mut self, other: Telemetry) {
        for (channel, (first, last, count)) in other.channels {
            let entry = self.channels.entry(channel).or_insert((first, last, 0));
            entry.0 = entry.0.min(first);
            entry.1 = entry.1.max(last);
            entry.2 += count;
        }
    }

    /// Whether some channel spans the whole window.
    fn covers(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> bool {
        self.channels
            .values()
            .any(|(first, last, _)| *first <= from && *last >= to)
    }
}

/// A host's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Compromised,
    Accessed,
    NoTelemetry,
    NoEvidence,
}

impl Status {
    /// The contract's name.
    pub fn name(self) -> &'static str {
        match self {
            Status::Compromised => "compromised",
            Status::Accessed => "accessed",
            Status::NoTelemetry => "no-telemetry",
            Status::NoEvidence => "no-evidence",
        }
    }

    /// What to do with a host in this state.
    pub fn containment(self) -> &'static str {
        match self {
            Status::Compromised => "isolate",
            Status::Accessed => "monitor",
            Status::NoTelemetry => "collect-more",
            Status::NoEvidence => "keep-running",
        }
    }
}

/// One host's scope.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HostScope {
    pub name: String,
    pub status: Status,
    pub containment: &'static str,
    pub first_seen: Option<DateTime<Utc>>,
    pub last_seen: Option<DateTime<Utc>>,
    pub reasons: Vec<String>,
    pub telemetry: Telemetry,
    /// Evidence behind the status (file#record).
    pub evidence: Vec<String>,
}

/// The scope of the whole case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scope {
    pub first_activity: Option<DateTime<Utc>>,
    pub last_activity: Option<DateTime<Utc>>,
    /// Accounts the actor used.
    pub accounts: Vec<String>,
    pub hosts: Vec<HostScope>,
}

/// Accounts that are the machine's own, never "the actor's".
const SYSTEM_ACCOUNTS: &[&str] = &["system", "local service", "network service", "anonymous logon", "-", ""];

fn is_personal(account: &str) -> bool {
    !SYSTEM_ACCOUNTS.contains(&account) && !account.ends_with('$')
}

/// Scopes every host: `hosts` are all known hosts (with or without logs),
/// `telemetry` what each one's logs cover.
pub fn assess(
    hosts: &[String],
    telemetry: &BTreeMap<String, Telemetry>,
    activities: &[Activity],
    logons: &[Logon],
) -> Scope {
    let severe = |a: &&Activity| matches!(a.kind, ActivityKind::Execution | ActivityKind::Indicator);
    // Each account the actor used, from the first time it shows in their
    // activity: the account's own logons before then are its owner's.
    let mut compromised_since: BTreeMap<String, DateTime<Utc>> = BTreeMap::new();
    for a in activities.iter().filter(severe) {
        for account in a.accounts.iter().filter(|a| is_personal(a)) {
            let since = compromised_since.entry(account.clone()).or_insert(a.time);
            *since = (*since).min(a.time);
        }
    }
    let accounts: BTreeSet<String> = compromised_since.keys().cloned().collect();
    // Only logons from elsewhere are the actor's: a phished user keeps
    // logging on at their own desk.
    let actor_logons: Vec<&Logon> = logons
        .iter()
        .filter(|l| matches!(l.logon_type, 3 | 10))
        .filter(|l| compromised_since.get(&l.account).is_some_and(|since| l.time >= *since))
        .collect();
    let times = activities
        .iter()
        .filter(severe)
        .map(|a| a.time)
        .chain(actor_logons.iter().map(|l| l.time));
    let (first, last) = times.fold(
        (None, None),
        |(lo, hi): (Option<DateTime<Utc>>, Option<DateTime<Utc>>), t| {
            (Some(lo.map_or(t, |x| x.min(t))), Some(hi.map_or(t, |x| x.max(t))))
        },
    );
    let mut names: BTreeSet<String> = hosts.iter().cloned().collect();
    names.extend(activities.iter().map(|a| a.host.clone()));
    let empty = Telemetry::default();
    let scoped = names
        .into_iter()
        .map(|name| {
            let own: Vec<&Activity> = activities.iter().filter(|a| a.host == name && severe(a)).collect();
            let interactive: Vec<&&Logon> = actor_logons
                .iter()
                .filter(|l| l.host == name && l.logon_type == 10)
                .collect();
            let network: Vec<&&Logon> = actor_logons
                .iter()
                .filter(|l| l.host == name && l.logon_type != 10)
                .collect();
            let tele = telemetry.get(&name).unwrap_or(&empty);
            let mut reasons = Vec::new();
            let mut evidence = Vec::new();
            let mut seen: Vec<DateTime<Utc>> = Vec::new();
            for a in &own {
                reasons.push(format!("{} at {}", a.what, a.time.to_rfc3339()));
                evidence.push(a.evidence.clone());
                seen.push(a.time);
            }
            for l in interactive.iter().chain(network.iter()) {
                reasons.push(format!(
                    "logon type {} by {} from {} at {}",
                    l.logon_type,
                    l.account,
                    l.source,
                    l.time.to_rfc3339()
                ));
                evidence.push(l.evidence.clone());
                seen.push(l.time);
            }
            let status = if !own.is_empty() || !interactive.is_empty() {
                Status::Compromised
            } else if !network.is_empty() {
                Status::Accessed
            } else {
                match (first, last) {
                    (Some(from), Some(to)) if tele.covers(from, to) => {
                        reasons.push(format!(
                            "its logs cover the actor's window ({} to {}) and show no actor activity",
                            from.to_rfc3339(),
                            to.to_rfc3339()
                        ));
                        Status::NoEvidence
                    }
                    (Some(from), Some(to)) => {
                        reasons.push(missing_telemetry(tele, from, to));
                        Status::NoTelemetry
                    }
                    _ if tele.channels.is_empty() => {
                        reasons.push("no logs collected".into());
                        Status::NoTelemetry
                    }
                    _ => {
                        reasons.push("no actor activity anywhere in the case".into());
                        Status::NoEvidence
                    }
                }
            };
            // Keep reasons readable: the first dozen, then a count.
            if reasons.len() > 12 {
                let more = reasons.len() - 12;
                reasons.truncate(12);
                reasons.push(format!("and {more} more"));
            }
            evidence.truncate(50);
            HostScope {
                name,
                status,
                containment: status.containment(),
                first_seen: seen.iter().min().copied(),
                last_seen: seen.iter().max().copied(),
                reasons,
                telemetry: tele.clone(),
                evidence,
            }
        })
        .collect();
    Scope {
        first_activity: first,
        last_activity: last,
        accounts: accounts.into_iter().collect(),
        hosts: scoped,
    }
}

fn missing_telemetry(tele: &Telemetry, from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    if tele.channels.is_empty() {
        return format!(
            "no logs collected for the actor's window ({} to {}): not cleared",
            from.to_rfc3339(),
            to.to_rfc3339()
        );
    }
    let spans: Vec<String> = tele
        .channels
        .iter()
        .map(|(channel, (a, b, _))| format!("{channel} {} to {}", a.format("%Y-%m-%d"), b.format("%Y-%m-%d")))
        .collect();
    format!(
        "logs do not cover the actor's window ({} to {}): {}; not cleared",
        from.format("%Y-%m-%d %H:%M"),
        to.format("%Y-%m-%d %H:%M"),
        spans.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn activity(host: &str, time: &str, account: &str) -> Activity {
        Activity {
            host: host.into(),
            time: t(time),
            kind: ActivityKind::Execution,
            what: "rule".into(),
            accounts: vec![account.into()],
            evidence: "f#1".into(),
        }
    }

    fn telemetry(from: &str, to: &str) -> Telemetry {
        let mut tele = Telemetry::default();
        tele.add("Security", t(from));
        tele.add("Security", t(to));
        tele
    }

    #[test]
    fn statuses_follow_the_evidence() {
        let hosts: Vec<String> = ["WS07", "DC01", "BKP01", "ERP01", "WS03", "WS12"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut tele = BTreeMap::new();
        for h in ["WS07", "DC01", "BKP01", "ERP01"] {
            tele.insert(h.to_string(), telemetry("2022-01-20T00:00:00Z", "2022-02-28T00:00:00Z"));
        }
        tele.insert("WS03".into(), telemetry("2022-01-20T00:00:00Z", "2022-01-31T00:00:00Z"));
        let activities = vec![
            activity("WS07", "2022-02-02T14:00:00Z", "jroe"),
            activity("WS07", "2022-02-16T10:00:00Z", "system"),
        ];
        let logons = vec![
            Logon {
                host: "DC01".into(),
                time: t("2022-02-05T10:00:00Z"),
                account: "jroe".into(),
                logon_type: 10,
                source: "10.20.8.51".into(),
                evidence: "dc#9".into(),
            },
            Logon {
                host: "BKP01".into(),
                time: t("2022-02-09T10:00:00Z"),
                account: "jroe".into(),
                logon_type: 3,
                source: "10.20.8.51".into(),
                evidence: "b#2".into(),
            },
            Logon {
                host: "ERP01".into(),
                time: t("2022-02-09T10:00:00Z"),
                account: "erp_svc".into(),
                logon_type: 3,
                source: "10.20.9.9".into(),
                evidence: "e#3".into(),
            },
            Logon {
                host: "ERP01".into(),
                time: t("2022-01-25T10:00:00Z"),
                account: "jroe".into(),
                logon_type: 3,
                source: "10.20.8.51".into(),
                evidence: "e#1".into(),
            },
        ];
        let scope = assess(&hosts, &tele, &activities, &logons);
        let status: BTreeMap<&str, &str> = scope.hosts.iter().map(|h| (h.name.as_str(), h.status.name())).collect();
        assert_eq!(status["WS07"], "compromised");
        assert_eq!(
            status["DC01"], "compromised",
            "remote interactive logon with the actor's account"
        );
        assert_eq!(status["BKP01"], "accessed");
        assert_eq!(
            status["ERP01"], "no-evidence",
            "the account's logons before its compromise are its owner's"
        );
        assert_eq!(status["WS03"], "no-telemetry", "logs end before the window");
        assert_eq!(status["WS12"], "no-telemetry", "a host without logs is never clean");
        assert_eq!(scope.accounts, ["jroe"]);
        assert_eq!(scope.first_activity, Some(t("2022-02-02T14:00:00Z")));
        assert_eq!(scope.last_activity, Some(t("2022-02-16T10:00:00Z")));
        let ws03 = scope.hosts.iter().find(|h| h.name == "WS03").unwrap();
        assert!(
            ws03.reasons[0].contains("Security 2022-01-20 to 2022-01-31"),
            "{:?}",
            ws03.reasons
        );
        assert_eq!(ws03.containment, "collect-more");
    }
}
