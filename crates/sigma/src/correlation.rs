//! Sigma correlation rules (`event_count`, `value_count`, `temporal`):
//! matches of the rules they reference, grouped by fields, counted in a
//! sliding time window.

use crate::rule::Level;
use crate::yaml::{get, text, texts};
use std::collections::{BTreeMap, BTreeSet};
use yaml_rust2::Yaml;

/// What a correlation counts.
#[derive(Debug, Clone, PartialEq)]
pub enum CorrelationKind {
    EventCount,
    /// Distinct values of this field.
    ValueCount(String),
    /// Every referenced rule within the window.
    Temporal,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Gt,
    Gte,
    Lt,
    Lte,
    Eq,
}

/// A compiled correlation rule.
#[derive(Debug, Clone)]
pub struct Correlation {
    pub id: String,
    pub title: String,
    pub level: Level,
    pub tags: Vec<String>,
    pub kind: CorrelationKind,
    /// Names or ids of the rules it correlates.
    pub rules: Vec<String>,
    pub group_by: Vec<String>,
    /// Window length in seconds.
    pub timespan: i64,
    condition: Option<(Op, f64)>,
}

/// One referenced rule's match, reduced to what correlating needs.
#[derive(Debug, Clone)]
pub struct Occurrence {
    /// Seconds since the epoch.
    pub time: i64,
    /// Index into `Correlation::rules` of the rule that matched.
    pub rule: usize,
    /// The values of the group-by fields, joined.
    pub group: String,
    /// The counted field's value (value_count).
    pub value: Option<String>,
    /// Index of the match in the caller's list, for evidence.
    pub index: usize,
}

/// A window where the correlation holds.
#[derive(Debug, Clone, PartialEq)]
pub struct CorrelationHit {
    pub group: String,
    pub first: i64,
    pub last: i64,
    /// Matches (event_count, temporal) or distinct values (value_count).
    pub count: usize,
    /// Indices of the occurrences in the window.
    pub members: Vec<usize>,
}

fn timespan(text: &str) -> Result<i64, String> {
    let (number, unit) = text.trim().split_at(
        text.trim()
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.trim().len()),
    );
    let n: i64 = number
        .parse()
        .map_err(|_| format!("timespan {text:?} is not a duration"))?;
    let unit_seconds = match unit {
        "s" => 1,
        "m" | "" => 60,
        "h" => 3600,
        "d" => 86400,
        _ => return Err(format!("timespan {text:?} has an unknown unit")),
    };
    Ok(n * unit_seconds)
}

impl Correlation {
    /// Compiles a correlation document.
    pub(crate) fn compile(doc: &Yaml) -> Result<Correlation, String> {
        let title = get(doc, "title").and_then(text).ok_or("correlation has no title")?;
        let body = get(doc, "correlation").ok_or("no correlation section")?;
        let kind_name = get(body, "type").and_then(text).ok_or("correlation has no type")?;
        let condition_node = get(body, "condition");
        let condition = match condition_node {
            Some(Yaml::Hash(map)) => map
                .iter()
                .filter_map(|(k, v)| {
                    let op = match k.as_str()? {
                        "gt" => Op::Gt,
                        "gte" => Op::Gte,
                        "lt" => Op::Lt,
                        "lte" => Op::Lte,
                        "eq" => Op::Eq,
                        _ => return None,
                    };
                    Some((op, text(v)?.parse::<f64>().ok()?))
                })
                .next(),
            _ => None,
        };
        let kind = match kind_name.as_str() {
            "event_count" => CorrelationKind::EventCount,
            "value_count" => {
                let field = condition_node
                    .and_then(|c| get(c, "field"))
                    .and_then(text)
                    .ok_or("value_count needs condition.field")?;
                CorrelationKind::ValueCount(field)
            }
            "temporal" => CorrelationKind::Temporal,
            other => return Err(format!("correlation type {other} is not supported")),
        };
        if kind != CorrelationKind::Temporal && condition.is_none() {
            return Err("correlation has no usable condition".into());
        }
        let rules = texts(get(body, "rules"));
        if rules.is_empty() {
            return Err("correlation names no rules".into());
        }
        Ok(Correlation {
            id: get(doc, "id").and_then(text).unwrap_or_else(|| title.clone()),
            title,
            level: get(doc, "level")
                .and_then(text)
                .map_or(Level::Medium, |l| Level::parse(&l)),
            tags: texts(get(doc, "tags")),
            kind,
            rules,
            group_by: texts(get(body, "group-by")),
            timespan: timespan(
                &get(body, "timespan")
                    .and_then(text)
                    .ok_or("correlation has no timespan")?,
            )?,
            condition,
        })
    }

    fn holds(&self, value: usize) -> bool {
        let v = value as f64;
        match self.condition {
            Some((Op::Gt, n)) => v > n,
            Some((Op::Gte, n)) => v >= n,
            Some((Op::Lt, n)) => v < n,
            Some((Op::Lte, n)) => v <= n,
            Some((Op::Eq, n)) => v == n,
            None => false,
        }
    }

    /// The windows where the correlation holds, per group; windows of one
    /// group do not overlap.
    pub fn evaluate(&self, occurrences: &[Occurrence]) -> Vec<CorrelationHit> {
        let mut groups: BTreeMap<&str, Vec<&Occurrence>> = BTreeMap::new();
        for o in occurrences {
            groups.entry(o.group.as_str()).or_default().push(o);
        }
        let mut hits = Vec::new();
        for (group, mut items) in groups {
            items.sort_by_key(|o| o.time);
            let mut start = 0;
            while start < items.len() {
                let window_end = items[start].time + self.timespan;
                let window: Vec<&&Occurrence> = items[start..].iter().take_while(|o| o.time <= window_end).collect();
                let count = match &self.kind {
                    CorrelationKind::EventCount => window.len(),
                    CorrelationKind::ValueCount(_) => window
                        .iter()
                        .filter_map(|o| o.value.as_deref())
                        .collect::<BTreeSet<_>>()
                        .len(),
                    CorrelationKind::Temporal => window.iter().map(|o| o.rule).collect::<BTreeSet<_>>().len(),
                };
                let holds = match self.kind {
                    CorrelationKind::Temporal => count == self.rules.len(),
                    _ => self.holds(count),
                };
                if holds {
                    hits.push(CorrelationHit {
                        group: group.to_string(),
                        first: window[0].time,
                        last: window[window.len() - 1].time,
                        count,
                        members: window.iter().map(|o| o.index).collect(),
                    });
                    start += window.len();
                } else {
                    start += 1;
                }
            }
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yaml_rust2::YamlLoader;

    fn compile(text: &str) -> Correlation {
        Correlation::compile(&YamlLoader::load_from_str(text).unwrap()[0]).unwrap()
    }

    fn occ(time: i64, rule: usize, group: &str, value: &str) -> Occurrence {
        Occurrence {
            time,
            rule,
            group: group.into(),
            value: Some(value.into()),
            index: time as usize,
        }
    }

    #[test]
    fn event_count_in_a_sliding_window() {
        let c = compile("title: many\ncorrelation:\n  type: event_count\n  rules: [base]\n  group-by: [Computer]\n  timespan: 1m\n  condition: {gte: 3}\n");
        assert_eq!(c.timespan, 60);
        let occurrences = vec![
            occ(0, 0, "FS01", "a"),
            occ(30, 0, "FS01", "b"),
            occ(59, 0, "FS01", "c"),
            occ(200, 0, "FS01", "d"),
            occ(10, 0, "WS07", "e"),
        ];
        let hits = c.evaluate(&occurrences);
        assert_eq!(hits.len(), 1);
        assert_eq!(
            (hits[0].group.as_str(), hits[0].count, hits[0].first, hits[0].last),
            ("FS01", 3, 0, 59)
        );
    }

    #[test]
    fn value_count_and_temporal() {
        let v = compile("title: spray\ncorrelation:\n  type: value_count\n  rules: [failed_logon]\n  group-by: [IpAddress]\n  timespan: 10m\n  condition: {gt: 2, field: TargetUserName}\n");
        let same_user = vec![occ(0, 0, "ip", "a"), occ(1, 0, "ip", "a"), occ(2, 0, "ip", "a")];
        assert!(v.evaluate(&same_user).is_empty());
        let spray = vec![occ(0, 0, "ip", "a"), occ(1, 0, "ip", "b"), occ(2, 0, "ip", "c")];
        assert_eq!(v.evaluate(&spray).len(), 1);
        let t = compile(
            "title: chain\ncorrelation:\n  type: temporal\n  rules: [a, b]\n  group-by: [Computer]\n  timespan: 5m\n",
        );
        assert!(t.evaluate(&[occ(0, 0, "h", "x")]).is_empty());
        assert_eq!(t.evaluate(&[occ(0, 0, "h", "x"), occ(100, 1, "h", "y")]).len(), 1);
        assert!(t.evaluate(&[occ(0, 0, "h", "x"), occ(1000, 1, "h", "y")]).is_empty());
    }

    #[test]
    fn bad_correlations_are_errors() {
        let doc = |t: &str| Correlation::compile(&YamlLoader::load_from_str(t).unwrap()[0]);
        assert!(
            doc("title: x\ncorrelation: {type: event_count, rules: [a], timespan: 1m}").is_err(),
            "no condition"
        );
        assert!(
            doc("title: x\ncorrelation: {type: value_count, rules: [a], timespan: 1m, condition: {gt: 1}}").is_err(),
            "no field"
        );
        assert!(
            doc("title: x\ncorrelation: {type: event_count, rules: [a], timespan: 1w, condition: {gt: 1}}").is_err()
        );
        assert!(doc("title: x\ncorrelation: {type: ordered_magic, rules: [a], timespan: 1m}").is_err());
    }
}
