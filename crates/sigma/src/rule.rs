//! A Sigma rule: its metadata, log source and compiled detection.

use crate::condition::{self, Condition};
use crate::logsource::Source;
use crate::matcher::FieldMatcher;
use crate::yaml::{get, text, texts};
use breachscope_events::{Event, Value};
use yaml_rust2::Yaml;

/// A rule's severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Informational,
    Low,
    Medium,
    High,
    Critical,
}

impl Level {
    pub(crate) fn parse(text: &str) -> Level {
        match text.to_ascii_lowercase().as_str() {
            "critical" => Level::Critical,
            "high" => Level::High,
            "medium" => Level::Medium,
            "low" => Level::Low,
            _ => Level::Informational,
        }
    }

    /// The level's name as Sigma writes it.
    pub fn name(self) -> &'static str {
        match self {
            Level::Informational => "informational",
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
            Level::Critical => "critical",
        }
    }
}

/// One selection: maps OR'd, the conditions of each map AND'd.
#[derive(Debug, Clone)]
struct Selection {
    maps: Vec<Vec<FieldMatcher>>,
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    /// The name correlation rules refer to it by, if it has one.
    pub name: Option<String>,
    pub title: String,
    pub level: Level,
    pub tags: Vec<String>,
    pub author: String,
    /// The rule file, for attribution (DRL 1.1 asks for it).
    pub source: String,
    pub(crate) sources: Vec<Source>,
    names: Vec<String>,
    selections: Vec<Selection>,
    condition: Condition,
    /// Literals one of which must appear in the event for the rule to
    /// match, if the detection implies such a set: checked for all rules
    /// at once by one Aho-Corasick pass per event.
    pub(crate) required: Option<Vec<String>>,
}

impl Rule {
    /// Compiles one rule document; `sources` are its mapped log sources.
    pub(crate) fn compile(doc: &Yaml, source: &str, sources: Vec<Source>) -> Result<Rule, String> {
        let title = get(doc, "title").and_then(text).ok_or("rule has no title")?;
        let id = get(doc, "id").and_then(text).unwrap_or_else(|| title.clone());
        let detection = get(doc, "detection").ok_or("rule has no detection")?;
        let Yaml::Hash(detection_map) = detection else {
            return Err("detection is not a mapping".into());
        };
        let mut names = Vec::new();
        let mut selections = Vec::new();
        for (key, value) in detection_map {
            let Some(name) = key.as_str() else { continue };
            if name == "condition" || name == "timeframe" {
                continue;
            }
            let selection = compile_selection(value).map_err(|e| format!("selection {name}: {e}"))?;
            names.push(name.to_string());
            selections.push(selection);
        }
        let conditions = texts(get(detection, "condition"));
        if conditions.is_empty() {
            return Err("detection has no condition".into());
        }
        let mut parsed = conditions
            .iter()
            .map(|c| condition::parse(c))
            .collect::<Result<Vec<_>, _>>()?;
        let condition = if parsed.len() == 1 {
            parsed.remove(0)
        } else {
            Condition::Or(parsed)
        };
        let mut referenced = Vec::new();
        condition.references(&mut referenced);
        for r in referenced {
            if !names.iter().any(|n| condition::glob_name(&r, n)) && r != "them" {
                return Err(format!("condition names {r}, which is no selection"));
            }
        }
        Ok(Rule {
            id,
            name: get(doc, "name").and_then(text),
            title,
            level: get(doc, "level")
                .and_then(text)
                .map_or(Level::Informational, |l| Level::parse(&l)),
            tags: texts(get(doc, "tags")),
            author: get(doc, "author").and_then(text).unwrap_or_default(),
            source: source.to_string(),
            sources,
            required: None,
            names,
            selections,
            condition,
        })
        .map(|mut rule: Rule| {
            rule.required = required(&rule.condition, &rule.names, &rule.selections);
            rule
        })
    }

    /// Whether the event satisfies the rule's detection.
    pub fn matches(&self, event: &Event, lookup: &dyn Fn(&Event, &str) -> Option<Value>) -> bool {
        self.condition.eval(&self.names, &mut |name| {
            self.names.iter().position(|n| n == name).is_some_and(|i| {
                self.selections[i]
                    .maps
                    .iter()
                    .any(|map| map.iter().all(|m| m.matches(event, lookup)))
            })
        })
    }
}

/// The shortest literal of a set, the measure of how selective it is.
fn strength(set: &[String]) -> usize {
    set.iter().map(String::len).min().unwrap_or(0)
}

/// What a selection requires: each map (OR'd) must require something; a
/// map (AND'd) requires what its most selective field requires.
fn selection_required(selection: &Selection) -> Option<Vec<String>> {
    let mut all = Vec::new();
    for map in &selection.maps {
        let best = map
            .iter()
            .filter_map(FieldMatcher::required_literals)
            .max_by_key(|set| strength(set))?;
        all.extend(best);
    }
    Some(all)
}

/// What a condition requires, if anything.
fn required(condition: &Condition, names: &[String], selections: &[Selection]) -> Option<Vec<String>> {
    let of = |name: &str| {
        names
            .iter()
            .position(|n| n == name)
            .and_then(|i| selection_required(&selections[i]))
    };
    let union = |items: Vec<Option<Vec<String>>>| -> Option<Vec<String>> {
        items.into_iter().try_fold(Vec::new(), |mut acc, x| {
            acc.extend(x?);
            Some(acc)
        })
    };
    let strongest = |items: Vec<Option<Vec<String>>>| items.into_iter().flatten().max_by_key(|set| strength(set));
    match condition {
        Condition::Selection(name) => of(name),
        Condition::Not(_) => None,
        Condition::And(items) => strongest(items.iter().map(|c| required(c, names, selections)).collect()),
        Condition::Or(items) => union(items.iter().map(|c| required(c, names, selections)).collect()),
        Condition::Quantified { all, pattern } => {
            let matching: Vec<Option<Vec<String>>> = names
                .iter()
                .filter(|n| condition::glob_name(pattern, n))
                .map(|n| of(n))
                .collect();
            if matching.is_empty() {
                None
            } else if *all {
                strongest(matching)
            } else {
                union(matching)
            }
        }
    }
}

fn compile_selection(value: &Yaml) -> Result<Selection, String> {
    match value {
        Yaml::Hash(map) => Ok(Selection {
            maps: vec![compile_map(map)?],
        }),
        Yaml::Array(items) if items.iter().all(|i| matches!(i, Yaml::Hash(_))) => {
            let maps = items
                .iter()
                .filter_map(|i| {
                    if let Yaml::Hash(m) = i {
                        Some(compile_map(m))
                    } else {
                        None
                    }
                })
                .collect::<Result<_, _>>()?;
            Ok(Selection { maps })
        }
        Yaml::Array(_) | Yaml::String(_) | Yaml::Integer(_) => Ok(Selection {
            maps: vec![vec![FieldMatcher::compile(None, value)?]],
        }),
        other => Err(format!("unsupported selection {other:?}")),
    }
}

fn compile_map(map: &yaml_rust2::yaml::Hash) -> Result<Vec<FieldMatcher>, String> {
    map.iter()
        .map(|(k, v)| {
            let key = k
                .as_str()
                .map(str::to_string)
                .or_else(|| text(k))
                .ok_or("field name is not text")?;
            FieldMatcher::compile(Some(&key), v)
        })
        .collect()
}
