//! A detection: an event a rule or an indicator fired on, with the rule
//! and the event's provenance, as JSON (the contract of DESIGN.md) or as a
//! row of the terminal table.

use breachscope_events::Event;
use breachscope_sigma::{Correlation, CorrelationHit, IndicatorHit, Rule};
use chrono::{DateTime, Utc};
use serde_json::json;
use std::fmt::Write as _;

/// One detection.
#[derive(Debug, Clone)]
pub struct Detection {
    pub timestamp: Option<DateTime<Utc>>,
    pub computer: String,
    pub channel: String,
    pub event_id: u32,
    pub record_id: u64,
    pub rule_id: String,
    /// The rule's `name`, which correlation rules may refer to it by.
    pub rule_name: Option<String>,
    pub rule_title: String,
    pub level: String,
    pub tags: Vec<String>,
    pub file: String,
    pub fields: serde_json::Map<String, serde_json::Value>,
}

fn fields(event: &Event) -> serde_json::Map<String, serde_json::Value> {
    event
        .fields
        .iter()
        .map(|(k, v)| (k.clone(), json!(v.as_text())))
        .collect()
}

impl Detection {
    /// A detection of `event` by the rule `rule_id` (its provenance and
    /// fields taken from the event).
    fn of_event(event: &Event, rule_id: String, rule_title: String, level: &str, tags: Vec<String>) -> Detection {
        Detection {
            timestamp: event.timestamp,
            computer: event.computer.clone(),
            channel: event.channel.clone(),
            event_id: event.event_id,
            record_id: event.record_id,
            rule_id,
            rule_name: None,
            rule_title,
            level: level.to_string(),
            tags,
            file: event.file.clone(),
            fields: fields(event),
        }
    }

    /// A rule's detection.
    pub fn from_rule(event: &Event, rule: &Rule) -> Detection {
        let mut d = Detection::of_event(
            event,
            rule.id.clone(),
            rule.title.clone(),
            rule.level.name(),
            rule.tags.clone(),
        );
        d.rule_name = rule.name.clone();
        d
    }

    /// An indicator's detection.
    pub fn from_indicator(event: &Event, hit: &IndicatorHit<'_>) -> Detection {
        let i = hit.indicator;
        let note = if i.note.is_empty() {
            String::new()
        } else {
            format!(" ({})", i.note)
        };
        let title = format!("Indicator {} {} in {}{note}", i.kind.name(), i.value, hit.field);
        let tags = vec!["ioc".into(), format!("ioc.source:{}", i.source)];
        Detection::of_event(event, format!("ioc:{}:{}", i.kind.name(), i.value), title, "high", tags)
    }

    /// A correlation's detection: the window's first match carries the
    /// provenance; the fields say the group, the count and every record.
    pub fn from_correlation(correlation: &Correlation, hit: &CorrelationHit, matches: &[Detection]) -> Detection {
        let first = &matches[hit.members[0]];
        let mut fields = serde_json::Map::new();
        for (name, value) in correlation.group_by.iter().zip(hit.group.split('\u{1f}')) {
            fields.insert(name.clone(), json!(value));
        }
        fields.insert("count".into(), json!(hit.count));
        let time = |s: i64| DateTime::from_timestamp(s, 0).map(|t| t.to_rfc3339());
        fields.insert("first".into(), json!(time(hit.first)));
        fields.insert("last".into(), json!(time(hit.last)));
        let records: Vec<String> = hit
            .members
            .iter()
            .map(|&i| format!("{}#{}", matches[i].file, matches[i].record_id))
            .take(100)
            .collect();
        fields.insert("records".into(), json!(records));
        Detection {
            timestamp: first.timestamp,
            computer: first.computer.clone(),
            channel: first.channel.clone(),
            event_id: first.event_id,
            record_id: first.record_id,
            rule_id: correlation.id.clone(),
            rule_name: None,
            rule_title: correlation.title.clone(),
            level: correlation.level.name().to_string(),
            tags: correlation.tags.clone(),
            file: first.file.clone(),
            fields,
        }
    }

    /// The contract's JSON line.
    pub fn json(&self) -> serde_json::Value {
        json!({
            "timestamp": self.timestamp.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
            "computer": self.computer,
            "channel": self.channel,
            "event_id": self.event_id,
            "record_id": self.record_id,
            "rule_id": self.rule_id,
            "rule_title": self.rule_title,
            "level": self.level,
            "tags": self.tags,
            "file": self.file,
            "fields": self.fields,
        })
    }

    /// The fields worth a glance in a table row.
    fn key_fields(&self) -> String {
        const KEYS: &[&str] = &[
            "CommandLine",
            "Image",
            "NewProcessName",
            "TargetFilename",
            "PipeName",
            "ImagePath",
            "ServiceName",
            "TargetUserName",
            "IpAddress",
            "DestinationIp",
            "QueryName",
            "TargetImage",
        ];
        KEYS.iter()
            .filter_map(|k| {
                self.fields
                    .get(*k)
                    .and_then(|v| v.as_str())
                    .filter(|v| !v.is_empty())
                    .map(|v| format!("{k}={v}"))
            })
            .take(2)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The readable table: time, computer, rule, level, key fields.
pub fn table(detections: &[Detection], terminal: bool) -> String {
    let width = if terminal { 80 } else { 400 };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<24} {:<20} {:<9} {:<48} key fields",
        "time (UTC)", "computer", "level", "rule"
    );
    for d in detections {
        let time = d
            .timestamp
            .map_or_else(|| "-".into(), |t| t.format("%Y-%m-%d %H:%M:%S").to_string());
        let mut keys = d.key_fields();
        if keys.chars().count() > width {
            keys = keys.chars().take(width).collect::<String>() + "…";
        }
        let title: String = d.rule_title.chars().take(48).collect();
        let _ = writeln!(s, "{time:<24} {:<20} {:<9} {title:<48} {keys}", d.computer, d.level);
    }
    s
}
