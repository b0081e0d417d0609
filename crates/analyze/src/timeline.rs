//! The timeline: detections and key events in time order, as CSV that
//! Timesketch imports (`message`, `datetime`, `timestamp_desc`, plus
//! fields) and as JSON lines.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// One line of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineEntry {
    pub time: DateTime<Utc>,
    pub host: String,
    pub what: String,
    /// The rule or indicator, or the event kind.
    pub source: String,
    pub level: String,
    /// Evidence file and record id.
    pub evidence: String,
}

/// Timesketch's CSV: `message,datetime,timestamp_desc,host,source,level,evidence`.
pub fn timeline_csv(entries: &[TimelineEntry]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record([
        "message",
        "datetime",
        "timestamp_desc",
        "host",
        "source",
        "level",
        "evidence",
    ]);
    for e in entries {
        let time = e.time.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let _ = writer.write_record([
            &e.what,
            &time,
            "Event Recorded",
            &e.host,
            &e.source,
            &e.level,
            &e.evidence,
        ]);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// One JSON object per line.
pub fn timeline_jsonl(entries: &[TimelineEntry]) -> String {
    entries
        .iter()
        .map(|e| serde_json::to_string(e).unwrap_or_default() + "\n")
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_timesketch_columns_and_quotes() {
        let entry = TimelineEntry {
            time: "2022-02-02T14:03:11Z".parse().unwrap(),
            host: "WS07".into(),
            what: "Office spawns \"powershell\", encoded".into(),
            source: "rule:6f0c".into(),
            level: "high".into(),
            evidence: "ws07.jsonl#101".into(),
        };
        let csv = timeline_csv(std::slice::from_ref(&entry));
        let mut lines = csv.lines();
        assert_eq!(
            lines.next(),
            Some("message,datetime,timestamp_desc,host,source,level,evidence")
        );
        assert_eq!(lines.next(), Some("\"Office spawns \"\"powershell\"\", encoded\",2022-02-02T14:03:11.000Z,Event Recorded,WS07,rule:6f0c,high,ws07.jsonl#101"));
        let json: serde_json::Value = serde_json::from_str(timeline_jsonl(&[entry]).trim()).unwrap();
        assert_eq!(json["host"], "WS07");
    }
}
