//! From the JSON rendering of an event (`Event.System` + `Event.EventData`
//! as the evtx crate and EVTX-to-JSON tools write it, or flat Winlogbeat
//! and ECS records) to the normalized event.

use crate::{Event, Value};
use chrono::{DateTime, Utc};
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// The normalized event of one JSON record, or `None` if it is no event.
pub fn from_json(record: &Json, file: &str) -> Option<Event> {
    if let Some(event) = record.get("Event") {
        return Some(from_event_shape(event, file));
    }
    if record.get("winlog").is_some() {
        return Some(from_winlogbeat(record, file));
    }
    if record.get("EventID").is_some() || record.get("event_id").is_some() {
        return Some(from_flat(record, file));
    }
    None
}

fn text(v: &Json) -> Option<String> {
    match v {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        Json::Object(o) => o.get("#text").and_then(text),
        _ => None,
    }
}

fn attribute<'a>(v: &'a Json, name: &str) -> Option<&'a Json> {
    v.get("#attributes").and_then(|a| a.get(name)).or_else(|| v.get(name))
}

fn to_value(v: &Json) -> Value {
    match v {
        Json::Null => Value::Null,
        Json::Number(n) => n.as_f64().map_or(Value::Text(n.to_string()), Value::Number),
        Json::String(s) => Value::Text(s.clone()),
        Json::Bool(b) => Value::Text(b.to_string()),
        Json::Object(o) if o.contains_key("#text") => to_value(&o["#text"]),
        other => Value::Text(other.to_string()),
    }
}

fn timestamp(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&Utc))
        .ok()
        .or_else(|| s.parse::<DateTime<Utc>>().ok())
        .or_else(|| {
            chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f")
                .ok()
                .map(|n| n.and_utc())
        })
}

/// Adds the data fields of `EventData` / `UserData`: named children, or
/// `Data` lists of `{Name, #text}` or of bare values (`Data`, `Data1`...).
fn data_fields(data: &Json, fields: &mut BTreeMap<String, Value>) {
    let Json::Object(map) = data else { return };
    for (key, value) in map {
        if key == "#attributes" {
            continue;
        }
        match (key.as_str(), value) {
            ("Data", Json::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    match attribute(item, "Name").and_then(text) {
                        Some(name) => fields.insert(name, to_value(item.get("#text").unwrap_or(&Json::Null))),
                        None => fields.insert(if i == 0 { "Data".into() } else { format!("Data{i}") }, to_value(item)),
                    };
                }
            }
            ("Data", Json::Object(o)) if o.contains_key("#attributes") => {
                let name = attribute(value, "Name").and_then(text).unwrap_or_else(|| "Data".into());
                fields.insert(name, to_value(o.get("#text").unwrap_or(&Json::Null)));
            }
            // UserData wraps its fields in one more element.
            (_, Json::Object(inner)) if !inner.contains_key("#text") => data_fields(value, fields),
            _ => {
                fields.insert(key.clone(), to_value(value));
            }
        }
    }
}

/// The system part of an event, however its export names it.
struct System {
    event_id: u32,
    channel: String,
    computer: String,
    provider: String,
    record_id: u64,
    time: Option<String>,
}

fn number<T: std::str::FromStr + Default>(v: Option<&Json>) -> T {
    v.and_then(text).and_then(|t| t.parse().ok()).unwrap_or_default()
}

/// The event: the data fields, then the system fields under the names
/// Sigma uses (`EventID`, `Channel`, `Computer`, `Provider_Name`, ...)
/// where the data has no field of that name.
fn event(system: System, mut fields: BTreeMap<String, Value>, file: &str) -> Event {
    for (name, value) in [
        ("EventID", Value::Number(f64::from(system.event_id))),
        ("Channel", Value::Text(system.channel.clone())),
        ("Computer", Value::Text(system.computer.clone())),
        ("Provider_Name", Value::Text(system.provider.clone())),
        ("EventRecordID", Value::Number(system.record_id as f64)),
    ] {
        fields.entry(name.to_string()).or_insert(value);
    }
    Event {
        timestamp: system.time.as_deref().and_then(timestamp),
        computer: system.computer,
        channel: system.channel,
        provider: system.provider,
        event_id: system.event_id,
        record_id: system.record_id,
        fields,
        file: file.to_string(),
    }
}

fn from_event_shape(record: &Json, file: &str) -> Event {
    let system = record.get("System").cloned().unwrap_or(Json::Null);
    let mut fields = BTreeMap::new();
    for part in ["EventData", "UserData"] {
        if let Some(data) = record.get(part) {
            data_fields(data, &mut fields);
        }
    }
    for key in ["Level", "Task", "Opcode", "Keywords", "Version"] {
        if let Some(v) = system.get(key) {
            fields.entry(key.to_string()).or_insert_with(|| to_value(v));
        }
    }
    if let Some(security) = system
        .get("Security")
        .and_then(|s| attribute(s, "UserID"))
        .and_then(text)
    {
        fields.entry("UserID".into()).or_insert(Value::Text(security));
    }
    let parts = System {
        event_id: number(system.get("EventID")),
        channel: system.get("Channel").and_then(text).unwrap_or_default(),
        computer: system.get("Computer").and_then(text).unwrap_or_default(),
        provider: system
            .get("Provider")
            .and_then(|p| attribute(p, "Name"))
            .and_then(text)
            .unwrap_or_default(),
        record_id: number(system.get("EventRecordID")),
        time: system
            .get("TimeCreated")
            .and_then(|t| attribute(t, "SystemTime"))
            .and_then(text),
    };
    event(parts, fields, file)
}

fn from_winlogbeat(record: &Json, file: &str) -> Event {
    let winlog = &record["winlog"];
    let mut fields = BTreeMap::new();
    for part in ["event_data", "user_data"] {
        if let Some(data) = winlog.get(part) {
            data_fields(data, &mut fields);
        }
    }
    let parts = System {
        event_id: number(winlog.get("event_id")),
        channel: winlog.get("channel").and_then(text).unwrap_or_default(),
        computer: winlog.get("computer_name").and_then(text).unwrap_or_default(),
        provider: winlog.get("provider_name").and_then(text).unwrap_or_default(),
        record_id: number(winlog.get("record_id")),
        time: record.get("@timestamp").and_then(text),
    };
    event(parts, fields, file)
}

/// A flat record: every key a field (`EventID`, `Channel`, `Computer`,
/// `TimeCreated`/`timestamp`, data fields beside them).
fn from_flat(record: &Json, file: &str) -> Event {
    let mut fields = BTreeMap::new();
    data_fields(record, &mut fields);
    let get = |names: &[&str]| names.iter().find_map(|n| record.get(*n));
    let parts = System {
        event_id: number(get(&["EventID", "event_id"])),
        channel: get(&["Channel", "channel"]).and_then(text).unwrap_or_default(),
        computer: get(&["Computer", "computer", "Hostname", "host"])
            .and_then(text)
            .unwrap_or_default(),
        provider: get(&["Provider_Name", "Provider", "provider"])
            .and_then(text)
            .unwrap_or_default(),
        record_id: number(get(&["EventRecordID", "record_id"])),
        time: get(&["TimeCreated", "SystemTime", "timestamp", "@timestamp", "UtcTime"]).and_then(text),
    };
    event(parts, fields, file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn evtx_json_shape() {
        let record = json!({"Event": {"System": {
            "Provider": {"#attributes": {"Name": "Microsoft-Windows-Sysmon"}},
            "EventID": 1, "EventRecordID": 42, "Channel": "Microsoft-Windows-Sysmon/Operational",
            "Computer": "WS01.demo.local", "TimeCreated": {"#attributes": {"SystemTime": "2022-02-02T14:03:11.123Z"}}},
            "EventData": {"Image": "C:\\Windows\\System32\\cmd.exe", "CommandLine": "cmd /c whoami"}}});
        let e = from_json(&record, "a.evtx").unwrap();
        assert_eq!(
            (e.event_id, e.record_id, e.computer.as_str()),
            (1, 42, "WS01.demo.local")
        );
        assert_eq!(e.provider, "Microsoft-Windows-Sysmon");
        assert_eq!(e.field("commandline").unwrap().as_text(), "cmd /c whoami");
        assert_eq!(e.field("EventID").unwrap().as_text(), "1");
        assert_eq!(e.timestamp.unwrap().to_rfc3339(), "2022-02-02T14:03:11.123+00:00");
    }

    #[test]
    fn data_lists_and_qualified_event_ids() {
        let record = json!({"Event": {"System": {"EventID": {"#attributes": {"Qualifiers": 16384}, "#text": 7045}, "Channel": "System"},
            "EventData": {"Data": [{"#attributes": {"Name": "ServiceName"}, "#text": "evil"}, {"#attributes": {"Name": "ImagePath"}, "#text": "%COMSPEC% /c"}]}}});
        let e = from_json(&record, "s.json").unwrap();
        assert_eq!(e.event_id, 7045);
        assert_eq!(e.field("ServiceName").unwrap().as_text(), "evil");
        let unnamed = json!({"Event": {"System": {"EventID": 4104}, "EventData": {"Data": ["a", "b"]}}});
        let e = from_json(&unnamed, "u.json").unwrap();
        assert_eq!(e.field("Data1").unwrap().as_text(), "b");
    }

    #[test]
    fn winlogbeat_and_flat() {
        let beat = json!({"@timestamp": "2022-02-03T10:00:00Z", "winlog": {"channel": "Security", "event_id": 4624,
            "computer_name": "DC01", "record_id": 9, "event_data": {"TargetUserName": "admin", "LogonType": "3"}}});
        let e = from_json(&beat, "b.json").unwrap();
        assert_eq!(
            (e.event_id, e.channel.as_str(), e.computer.as_str()),
            (4624, "Security", "DC01")
        );
        assert_eq!(e.field("LogonType").unwrap().as_number(), Some(3.0));
        let flat = json!({"EventID": 4688, "Channel": "Security", "Computer": "WS02", "TimeCreated": "2022-02-03 10:00:00", "NewProcessName": "C:\\x.exe"});
        let e = from_json(&flat, "f.json").unwrap();
        assert_eq!(e.event_id, 4688);
        assert!(e.timestamp.is_some());
        assert!(from_json(&json!({"hello": 1}), "x").is_none());
    }
}
