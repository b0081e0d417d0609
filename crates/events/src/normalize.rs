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

fn from_event_shape(event: &Json, file: &str) -> Event {
    let system = event.get("System").cloned().unwrap_or(Json::Null);
    let mut fields = BTreeMap::new();
    if let Some(data) = event.get("EventData") {
        data_fields(data, &mut fields);
    }
    if let Some(data) = event.get("UserData") {
        data_fields(data, &mut fields);
    }
    let event_id = system
        .get("EventID")
        .and_then(text)
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let channel = system.get("Channel").and_then(text).unwrap_or_default();
    let computer = system.get("Computer").and_then(text).unwrap_or_default();
    let provider = system
        .get("Provider")
        .and_then(|p| attribute(p, "Name"))
        .and_then(text)
        .unwrap_or_default();
    let record_id = system
        .get("EventRecordID")
        .and_then(text)
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let time = system
        .get("TimeCreated")
        .and_then(|t| attribute(t, "SystemTime"))
        .and_then(text);
    for (name, value) in [
        ("EventID", Value::Number(f64::from(event_id))),
        ("Channel", Value::Text(channel.clone())),
        ("Computer", Value::Text(computer.clone())),
        ("Provider_Name", Value::Text(provider.clone())),
        ("EventRecordID", Value::Number(record_id as f64)),
    ] {
        fields.entry(name.to_string()).or_insert(value);
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
    Event {
        timestamp: time.as_deref().and_then(timestamp),
        computer,
        channel,
        provider,
        event_id,
        record_id,
        fields,
        file: file.to_string(),
    }
}

fn from_winlogbeat(record: &Json, file: &str) -> Event {
    let winlog = &record["winlog"];
    let mut fields = BTreeMap::new();
    if let Some(data) = winlog.get("event_data") {
        data_fields(data, &mut fields);
    }
    if let Some(data) = winlog.get("user_data") {
        data_fields(data, &mut fields);
    }
    let event_id = winlog
        .get("event_id")
        .and_then(text)
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let channel = winlog.get("channel").and_then(text).unwrap_or_default();
    let computer = winlog.get("computer_name").and_then(text).unwrap_or_default();
    let provider = winlog.get("provider_name").and_then(text).unwrap_or_default();
    let record_id = winlog
        .get("record_id")
        .and_then(text)
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    for (name, value) in [
        ("EventID", Value::Number(f64::from(event_id))),
        ("Channel", Value::Text(channel.clone())),
        ("Computer", Value::Text(computer.clone())),
        ("Provider_Name", Value::Text(provider.clone())),
    ] {
        fields.entry(name.to_string()).or_insert(value);
    }
    let time = record.get("@timestamp").and_then(text);
    Event {
        timestamp: time.as_deref().and_then(timestamp),
        computer,
        channel,
        provider,
        event_id,
        record_id,
        fields,
        file: file.to_string(),
    }
}

/// A flat record: every key a field (`EventID`, `Channel`, `Computer`,
/// `TimeCreated`/`timestamp`, data fields beside them).
fn from_flat(record: &Json, file: &str) -> Event {
    let mut fields = BTreeMap::new();
    data_fields(record, &mut fields);
    let get = |names: &[&str]| names.iter().find_map(|n| record.get(*n)).and_then(text);
    let event_id = get(&["EventID", "event_id"]).and_then(|t| t.parse().ok()).unwrap_or(0);
    let channel = get(&["Channel", "channel"]).unwrap_or_default();
    let computer = get(&["Computer", "computer", "Hostname", "host"]).unwrap_or_default();
    let provider = get(&["Provider_Name", "Provider", "provider"]).unwrap_or_default();
    let record_id = get(&["EventRecordID", "record_id"])
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let time = get(&["TimeCreated", "SystemTime", "timestamp", "@timestamp", "UtcTime"]);
    Event {
        timestamp: time.as_deref().and_then(timestamp),
        computer,
        channel,
        provider,
        event_id,
        record_id,
        fields,
        file: file.to_string(),
    }
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
