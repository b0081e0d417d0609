//! A set of rules loaded from files and folders, indexed so that an event
//! is only tried against the rules of its channel and event id.

use crate::correlation::Correlation;
use crate::logsource::Mappings;
use crate::rule::Rule;
use breachscope_events::{Event, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A rule file or rule that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleProblem {
    pub file: String,
    pub rule: Option<String>,
    pub reason: String,
}

/// Rules compiled and indexed.
#[derive(Debug)]
pub struct Ruleset {
    rules: Vec<Rule>,
    correlations: Vec<Correlation>,
    mappings: Mappings,
    /// Rules by (channel in lower case, event id).
    by_event: HashMap<(String, u32), Vec<usize>>,
    /// Rules reading every event of a channel.
    by_channel: HashMap<String, Vec<usize>>,
    /// Rules reading every Windows event.
    everywhere: Vec<usize>,
    /// Every rule's required literals in one automaton, and for each
    /// literal the rules it satisfies.
    literals: Option<aho_corasick::AhoCorasick>,
    literal_rules: Vec<Vec<usize>>,
}

/// The result of loading rules.
#[derive(Debug)]
pub struct Loaded {
    pub ruleset: Ruleset,
    /// Rules and files not used, with the reason.
    pub skipped: Vec<RuleProblem>,
    /// Rule files read.
    pub files: usize,
}

impl Ruleset {
    /// Loads every `.yml`/`.yaml` under `paths`.
    pub fn load(paths: &[PathBuf]) -> Loaded {
        let mut files = Vec::new();
        let mut skipped = Vec::new();
        for path in paths {
            collect(path, &mut files, &mut skipped);
        }
        files.sort();
        let mut builder = Builder::default();
        for file in &files {
            let shown = file.display().to_string();
            match std::fs::read_to_string(file) {
                Ok(text) => builder.add_text(&text, &shown, &mut skipped),
                Err(e) => skipped.push(RuleProblem {
                    file: shown,
                    rule: None,
                    reason: format!("cannot read: {e}"),
                }),
            }
        }
        let ruleset = builder.build(&mut skipped);
        Loaded {
            ruleset,
            skipped,
            files: files.len(),
        }
    }

    /// Rules from YAML text (one file's content), for tests and built-ins.
    pub fn from_text(text: &str, source: &str) -> (Ruleset, Vec<RuleProblem>) {
        let mut skipped = Vec::new();
        let mut builder = Builder::default();
        builder.add_text(text, source, &mut skipped);
        let ruleset = builder.build(&mut skipped);
        (ruleset, skipped)
    }

    /// How many rules are loaded.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether no rule is loaded.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Every rule.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Every correlation rule.
    pub fn correlations(&self) -> &[Correlation] {
        &self.correlations
    }

    /// The rules the event satisfies.
    pub fn matching<'a>(&'a self, event: &Event) -> Vec<&'a Rule> {
        let channel = event.channel.to_ascii_lowercase();
        let candidates = self
            .by_event
            .get(&(channel.clone(), event.event_id))
            .into_iter()
            .flatten()
            .chain(self.by_channel.get(&channel).into_iter().flatten())
            .chain(self.everywhere.iter());
        let lookup = |e: &Event, field: &str| -> Option<Value> {
            e.field(field).cloned().or_else(|| {
                self.mappings
                    .field(&e.channel, e.event_id, field)
                    .and_then(|f| e.field(f))
                    .cloned()
            })
        };
        let mut out = Vec::new();
        let mut possible: Option<Vec<bool>> = None;
        for &i in candidates {
            if self.rules[i].required.is_some() {
                // One pass over the event's values for every rule's literals.
                let possible = possible.get_or_insert_with(|| self.possible_rules(event));
                if !possible[i] {
                    continue;
                }
            }
            if self.rules[i].matches(event, &lookup) {
                out.push(&self.rules[i]);
            }
        }
        out
    }
}

impl Ruleset {
    /// For each rule, whether one of its required literals appears in the
    /// event's values (lower case), found in one Aho-Corasick pass.
    fn possible_rules(&self, event: &Event) -> Vec<bool> {
        // Without an automaton (it could not be built) nothing is ruled out.
        let Some(automaton) = &self.literals else {
            return vec![true; self.rules.len()];
        };
        let mut possible = vec![false; self.rules.len()];
        let mut haystack = String::new();
        for value in event.fields.values() {
            haystack.push_str(&value.as_text().to_lowercase());
            haystack.push('\n');
        }
        for found in automaton.find_overlapping_iter(&haystack) {
            for &rule in &self.literal_rules[found.pattern().as_usize()] {
                possible[rule] = true;
            }
        }
        possible
    }
}

fn collect(path: &Path, files: &mut Vec<PathBuf>, skipped: &mut Vec<RuleProblem>) {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => match std::fs::read_dir(path) {
            Ok(entries) => {
                for entry in entries.flatten() {
                    collect(&entry.path(), files, skipped);
                }
            }
            Err(e) => skipped.push(RuleProblem {
                file: path.display().to_string(),
                rule: None,
                reason: format!("cannot list: {e}"),
            }),
        },
        Ok(_) => {
            if path.extension().is_some_and(|e| e == "yml" || e == "yaml") {
                files.push(path.to_owned());
            }
        }
        Err(e) => skipped.push(RuleProblem {
            file: path.display().to_string(),
            rule: None,
            reason: format!("cannot read: {e}"),
        }),
    }
}

struct Builder {
    rules: Vec<Rule>,
    correlations: Vec<Correlation>,
    /// Parsed once for the whole load, then kept by the ruleset.
    mappings: Mappings,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            rules: Vec::new(),
            correlations: Vec::new(),
            mappings: Mappings::builtin(),
        }
    }
}

impl Builder {
    fn add_text(&mut self, text: &str, source: &str, skipped: &mut Vec<RuleProblem>) {
        let docs = match yaml_rust2::YamlLoader::load_from_str(text) {
            Ok(d) => d,
            Err(e) => {
                skipped.push(RuleProblem {
                    file: source.into(),
                    rule: None,
                    reason: format!("not valid YAML: {e}"),
                });
                return;
            }
        };
        for doc in &docs {
            let id = crate::yaml::get(doc, "id").and_then(crate::yaml::text);
            let problem = |reason: String| RuleProblem {
                file: source.into(),
                rule: id.clone(),
                reason,
            };
            if crate::yaml::get(doc, "correlation").is_some() {
                match Correlation::compile(doc) {
                    Ok(c) => self.correlations.push(c),
                    Err(reason) => skipped.push(problem(reason)),
                }
                continue;
            }
            if crate::yaml::get(doc, "action").is_some() {
                skipped.push(problem(
                    "multi-document rule collections (action:) are not supported".into(),
                ));
                continue;
            }
            let logsource = crate::yaml::get(doc, "logsource");
            let field = |k: &str| {
                logsource
                    .and_then(|l| crate::yaml::get(l, k))
                    .and_then(crate::yaml::text)
            };
            let sources = match self.mappings.sources(
                field("product").as_deref(),
                field("category").as_deref(),
                field("service").as_deref(),
            ) {
                Ok(s) => s,
                Err(reason) => {
                    skipped.push(problem(reason));
                    continue;
                }
            };
            match Rule::compile(doc, source, sources) {
                Ok(rule) => self.rules.push(rule),
                Err(reason) => skipped.push(problem(reason)),
            }
        }
    }

    fn build(mut self, skipped: &mut Vec<RuleProblem>) -> Ruleset {
        // A correlation must refer to loaded rules, by name or id.
        let known: std::collections::HashSet<&str> = self
            .rules
            .iter()
            .flat_map(|r| std::iter::once(r.id.as_str()).chain(r.name.as_deref()))
            .collect();
        let (usable, unusable): (Vec<Correlation>, Vec<Correlation>) = std::mem::take(&mut self.correlations)
            .into_iter()
            .partition(|c| c.rules.iter().all(|r| known.contains(r.as_str())));
        for c in unusable {
            let missing: Vec<&String> = c.rules.iter().filter(|r| !known.contains(r.as_str())).collect();
            skipped.push(RuleProblem {
                file: String::new(),
                rule: Some(c.id.clone()),
                reason: format!("correlation refers to rules not loaded: {missing:?}"),
            });
        }
        let mut by_event: HashMap<(String, u32), Vec<usize>> = HashMap::new();
        let mut by_channel: HashMap<String, Vec<usize>> = HashMap::new();
        let mut everywhere = Vec::new();
        for (i, rule) in self.rules.iter().enumerate() {
            if rule.sources.is_empty() {
                everywhere.push(i);
            }
            for source in &rule.sources {
                let channel = source.channel.to_ascii_lowercase();
                // Each list holds a rule once, and a rule reading a whole
                // channel is not also listed under its event ids, so an
                // event's candidates never repeat.
                let whole_channel = rule
                    .sources
                    .iter()
                    .any(|s| s.event_ids.is_none() && s.channel.eq_ignore_ascii_case(&channel));
                match &source.event_ids {
                    Some(_) if whole_channel => {}
                    Some(ids) => {
                        for id in ids {
                            let list = by_event.entry((channel.clone(), *id)).or_default();
                            if list.last() != Some(&i) {
                                list.push(i);
                            }
                        }
                    }
                    None => {
                        let list = by_channel.entry(channel).or_default();
                        if list.last() != Some(&i) {
                            list.push(i);
                        }
                    }
                }
            }
        }
        let mut literal_ids: HashMap<String, usize> = HashMap::new();
        let mut literal_rules: Vec<Vec<usize>> = Vec::new();
        for (i, rule) in self.rules.iter().enumerate() {
            for literal in rule.required.iter().flatten() {
                let id = *literal_ids.entry(literal.clone()).or_insert_with(|| {
                    literal_rules.push(Vec::new());
                    literal_rules.len() - 1
                });
                literal_rules[id].push(i);
            }
        }
        let mut patterns: Vec<(&String, &usize)> = literal_ids.iter().collect();
        patterns.sort_by_key(|(_, id)| **id);
        let literals = (!patterns.is_empty())
            .then(|| aho_corasick::AhoCorasick::new(patterns.iter().map(|(l, _)| l.as_str())).ok())
            .flatten();
        Ruleset {
            literals,
            literal_rules,
            rules: self.rules,
            correlations: usable,
            mappings: self.mappings,
            by_event,
            by_channel,
            everywhere,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: &str = r#"
title: Whoami by a script host
id: 11111111-2222-3333-4444-555555555555
level: high
tags: [attack.discovery, attack.t1033]
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Image|endswith: '\whoami.exe'
  filter:
    ParentImage|endswith: '\explorer.exe'
  condition: selection and not filter
"#;

    fn event(channel: &str, id: u32, fields: &[(&str, &str)]) -> Event {
        Event::with_fields(channel, id, fields)
    }

    #[test]
    fn rules_apply_to_their_log_source_only() {
        let (set, skipped) = Ruleset::from_text(RULE, "r.yml");
        assert!(skipped.is_empty(), "{skipped:?}");
        let sysmon = event(
            "Microsoft-Windows-Sysmon/Operational",
            1,
            &[
                ("Image", "C:\\Windows\\System32\\whoami.exe"),
                ("ParentImage", "C:\\x\\wscript.exe"),
            ],
        );
        assert_eq!(set.matching(&sysmon).len(), 1);
        let security = event(
            "Security",
            4688,
            &[
                ("NewProcessName", "C:\\Windows\\System32\\whoami.exe"),
                ("ParentProcessName", "C:\\w\\cscript.exe"),
            ],
        );
        assert_eq!(set.matching(&security).len(), 1, "4688 field names are mapped");
        let filtered = event(
            "Microsoft-Windows-Sysmon/Operational",
            1,
            &[("Image", "C:\\whoami.exe"), ("ParentImage", "C:\\explorer.exe")],
        );
        assert!(set.matching(&filtered).is_empty());
        let other_channel = event("System", 1, &[("Image", "C:\\whoami.exe")]);
        assert!(set.matching(&other_channel).is_empty());
    }

    #[test]
    fn required_literals_prune_without_changing_results() {
        let (set, _) = Ruleset::from_text(RULE, "r.yml");
        assert_eq!(set.rules()[0].required, Some(vec!["\\whoami.exe".to_string()]));
        let loose = "title: big files\nlogsource: {product: windows, category: file_event}\ndetection:\n  a: {Size|gt: 5}\n  b: {TargetFilename|contains: secret}\n  condition: a or b\n";
        let (set, _) = Ruleset::from_text(loose, "r.yml");
        assert_eq!(
            set.rules()[0].required,
            None,
            "one branch has no literal: nothing can be ruled out"
        );
        let big = Event::with_fields(
            "Microsoft-Windows-Sysmon/Operational",
            11,
            &[("Size", "10"), ("TargetFilename", "x")],
        );
        assert_eq!(set.matching(&big).len(), 1);
        let both = "title: t\nlogsource: {product: windows, category: file_event}\ndetection:\n  a: {TargetFilename|endswith: '.conti'}\n  b: {Image|contains: [locker, crypt]}\n  condition: a and b\n";
        let (set, _) = Ruleset::from_text(both, "r.yml");
        assert_eq!(
            set.rules()[0].required,
            Some(vec![".conti".to_string()]),
            "the most selective branch of an and"
        );
        let hit = Event::with_fields(
            "Microsoft-Windows-Sysmon/Operational",
            11,
            &[("TargetFilename", "a.docx.CONTI"), ("Image", "C:\\locker.exe")],
        );
        let miss = Event::with_fields(
            "Microsoft-Windows-Sysmon/Operational",
            11,
            &[("TargetFilename", "a.docx"), ("Image", "C:\\locker.exe")],
        );
        assert_eq!(set.matching(&hit).len(), 1);
        assert!(set.matching(&miss).is_empty());
    }

    #[test]
    fn unusable_rules_are_listed_with_reasons() {
        let text = "title: x\nlogsource: {product: linux, category: process_creation}\ndetection: {sel: {a: b}, condition: sel}\n---\ntitle: y\nlogsource: {product: windows}\ndetection: {sel: {a|expand: b}, condition: sel}\n---\ntitle: z\ncorrelation: {type: event_count}\n---\ntitle: w\nlogsource: {product: windows}\ndetection: {sel: {a: b}, condition: missing}\n";
        let (set, skipped) = Ruleset::from_text(text, "bad.yml");
        assert!(set.is_empty());
        let reasons: Vec<&str> = skipped.iter().map(|p| p.reason.as_str()).collect();
        assert_eq!(reasons.len(), 4, "{reasons:?}");
        assert!(reasons[0].contains("linux"));
        assert!(reasons[1].contains("expand"));
        assert!(reasons[2].contains("correlation"), "a correlation without its fields");
        assert!(reasons[3].contains("missing"));
        let (_, skipped) = Ruleset::from_text("title: [unclosed", "broken.yml");
        assert!(skipped[0].reason.contains("YAML"));
    }
}
