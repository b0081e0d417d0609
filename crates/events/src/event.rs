//! The normalized event every reader produces and every rule reads.

use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// A field's value: text, or a number kept as such for comparisons.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    /// A field present without a value.
    Null,
}

impl Value {
    /// The value as text (numbers without a trailing `.0`).
    pub fn as_text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Value::Text(s) => std::borrow::Cow::Borrowed(s),
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => std::borrow::Cow::Owned((*n as i64).to_string()),
            Value::Number(n) => std::borrow::Cow::Owned(n.to_string()),
            Value::Null => std::borrow::Cow::Borrowed(""),
        }
    }

    /// The value as a number, if it reads as one.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            Value::Text(s) => s.trim().parse().ok(),
            Value::Null => None,
        }
    }
}

/// One event, with its provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// When it happened, UTC.
    pub timestamp: Option<DateTime<Utc>>,
    pub computer: String,
    pub channel: String,
    pub provider: String,
    pub event_id: u32,
    pub record_id: u64,
    /// The event's data fields and its system fields (`EventID`,
    /// `Channel`, `Computer`, `Provider_Name`, ...), by name.
    pub fields: BTreeMap<String, Value>,
    /// The evidence file it was read from.
    pub file: String,
}

impl Event {
    /// An event of `channel` and `event_id` with the given text fields and
    /// no provenance (for rules' test events and callers that build one).
    pub fn with_fields(channel: &str, event_id: u32, fields: &[(&str, &str)]) -> Event {
        Event {
            timestamp: None,
            computer: String::new(),
            channel: channel.to_string(),
            provider: String::new(),
            event_id,
            record_id: 0,
            fields: fields
                .iter()
                .map(|(k, v)| (k.to_string(), Value::Text(v.to_string())))
                .collect(),
            file: String::new(),
        }
    }

    /// A field by name: exactly as named, else regardless of case, else
    /// regardless of spaces (Defender writes `Threat Name`, rules say
    /// `ThreatName`).
    pub fn field(&self, name: &str) -> Option<&Value> {
        self.fields.get(name).or_else(|| {
            self.fields
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name) || (k.contains(' ') && same_without_spaces(k, name)))
                .map(|(_, v)| v)
        })
    }
}

fn same_without_spaces(a: &str, b: &str) -> bool {
    let mut a = a.chars().filter(|c| *c != ' ');
    let mut b = b.chars().filter(|c| *c != ' ');
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x.eq_ignore_ascii_case(&y) => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_match_regardless_of_case_and_spaces() {
        let event = Event {
            timestamp: None,
            computer: String::new(),
            channel: String::new(),
            provider: String::new(),
            event_id: 1119,
            record_id: 1,
            fields: [("Threat Name".to_string(), Value::Text("EICAR".into()))]
                .into_iter()
                .collect(),
            file: String::new(),
        };
        assert!(event.field("ThreatName").is_some());
        assert!(event.field("threat name").is_some());
        assert!(event.field("Threat").is_none());
    }
}
