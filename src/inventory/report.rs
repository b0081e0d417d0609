//! What `inventory` prints: one JSON line per file (`--jsonl`, the
//! contract of DESIGN.md) or a readable summary.

use breachscope_core::{DateSource, DocClass, EntityRecord, EntityType, FileRecord};
use breachscope_detect::Counterparties;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::Write;

/// Distinct values counted per element type; beyond it the summary says
/// "at least", so that memory stays flat however large the evidence.
const DISTINCT_COUNTED: usize = 1_000_000;

/// Unreadable files listed one by one in the summary; the rest are counted.
const LISTED_PROBLEMS: usize = 50;

/// Writes the contract's JSON line for one file. `value` only when
/// `reveal`. The line is serialized straight to `out`: a file may hold a
/// million elements.
pub fn write_json_line(out: &mut impl Write, record: &FileRecord, reveal: bool) -> std::io::Result<()> {
    let line = JsonLine {
        path: &record.path,
        host: &record.host,
        size: record.size,
        blake3: &record.blake3,
        kind: &record.kind,
        class: record.class.name(),
        dates: JsonDates {
            min: record.dates.map(|(a, _)| a.to_string()),
            max: record.dates.map(|(_, b)| b.to_string()),
        },
        entities: JsonEntities {
            entities: &record.entities,
            reveal,
        },
        counterparties: record.counterparties.iter().map(|c| c.id.as_str()).collect(),
        errors: &record.errors,
    };
    serde_json::to_writer(&mut *out, &line)?;
    out.write_all(b"\n")
}

/// DESIGN.md's line, field by field in its order.
#[derive(Serialize)]
struct JsonLine<'a> {
    path: &'a str,
    host: &'a str,
    size: u64,
    blake3: &'a str,
    kind: &'a str,
    class: &'a str,
    dates: JsonDates,
    entities: JsonEntities<'a>,
    counterparties: Vec<&'a str>,
    errors: &'a [String],
}

#[derive(Serialize)]
struct JsonDates {
    min: Option<String>,
    max: Option<String>,
}

/// A file's elements, each masked and its fingerprint spelled out as it
/// is written.
struct JsonEntities<'a> {
    entities: &'a [EntityRecord],
    reveal: bool,
}

impl Serialize for JsonEntities<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.entities.iter().map(|e| JsonEntity {
            kind: e.kind.name(),
            masked: e.masked(),
            fingerprint: e.fingerprint.to_string(),
            count: e.count,
            value: self.reveal.then_some(e.value.as_str()),
        }))
    }
}

#[derive(Serialize)]
struct JsonEntity<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    masked: String,
    fingerprint: String,
    count: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a str>,
}

#[derive(Default)]
struct ElementTotals {
    files: u64,
    occurrences: u64,
    /// The first 8 bytes of each distinct fingerprint, up to a bound.
    distinct: foldhash::HashSet<u64>,
    /// More distinct values were seen than are counted one by one.
    distinct_capped: bool,
}

/// Totals over a run, for the readable summary.
#[derive(Default)]
pub struct Summary {
    pub files: u64,
    pub bytes: u64,
    pub with_errors: u64,
    by_class: BTreeMap<DocClass, u64>,
    by_kind: BTreeMap<String, u64>,
    elements: BTreeMap<EntityType, ElementTotals>,
    parties: HashMap<String, u64>,
    problems: Vec<(String, String)>,
    first_date: Option<chrono::NaiveDate>,
    last_date: Option<chrono::NaiveDate>,
}

impl Summary {
    /// Adds one file's record.
    pub fn add(&mut self, r: &FileRecord) {
        self.files += 1;
        if r.depth == 0 {
            self.bytes += r.size;
        }
        *self.by_class.entry(r.class).or_default() += 1;
        *self.by_kind.entry(r.kind.clone()).or_default() += 1;
        // A file counts once for each type it holds, however many values.
        let mut types_counted: Vec<EntityType> = Vec::new();
        for e in &r.entities {
            let totals = self.elements.entry(e.kind).or_default();
            if !types_counted.contains(&e.kind) {
                types_counted.push(e.kind);
                totals.files += 1;
            }
            totals.occurrences += u64::from(e.count);
            if totals.distinct.len() < DISTINCT_COUNTED {
                totals.distinct.insert(e.fingerprint.prefix());
            } else {
                totals.distinct_capped = true;
            }
        }
        for c in &r.counterparties {
            *self.parties.entry(c.id.clone()).or_default() += 1;
        }
        if r.has_errors() {
            self.with_errors += 1;
            if self.problems.len() < LISTED_PROBLEMS {
                self.problems
                    .push((format!("{}:{}", r.host, r.path), r.errors.join("; ")));
            }
        }
        let about = matches!(r.date_source, DateSource::Text | DateSource::Metadata);
        if let (Some((a, b)), true) = (r.dates, about) {
            self.first_date = Some(self.first_date.map_or(a, |d| d.min(a)));
            self.last_date = Some(self.last_date.map_or(b, |d| d.max(b)));
        }
    }

    /// The readable summary.
    pub fn render(&self, host: &str, parties: &Counterparties) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "breachscope inventory of {host}: {} documents in {} of files",
            self.files,
            human_bytes(self.bytes)
        );
        let _ = writeln!(
            s,
            "  fully scanned: {}, not or partly scanned: {}",
            self.files - self.with_errors,
            self.with_errors
        );
        let _ = writeln!(s, "\nRecord kinds                 files");
        for (class, n) in &self.by_class {
            let _ = writeln!(s, "  {:<26} {n:>5}", class.name());
        }
        let _ = writeln!(s, "\nFile kinds                   files");
        for (kind, n) in &self.by_kind {
            let _ = writeln!(s, "  {kind:<26} {n:>5}");
        }
        let _ = writeln!(s, "\nSensitive elements           files  occurrences  distinct");
        if self.elements.is_empty() {
            let _ = writeln!(s, "  (none found)");
        }
        for (kind, t) in &self.elements {
            let distinct = format!("{}{}", if t.distinct_capped { ">=" } else { "" }, t.distinct.len());
            let _ = writeln!(
                s,
                "  {:<26} {:>5}  {:>11}  {distinct:>8}",
                kind.name(),
                t.files,
                t.occurrences
            );
        }
        match (self.first_date, self.last_date) {
            (Some(a), Some(b)) => {
                let _ = writeln!(s, "\nDates the documents are about: {a} to {b}");
            }
            _ => {
                let _ = writeln!(s, "\nNo document dates found");
            }
        }
        if !self.parties.is_empty() {
            let mut top: Vec<(&String, &u64)> = self.parties.iter().collect();
            top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let rows: Vec<(String, &u64)> = top
                .into_iter()
                .take(15)
                .map(|(id, n)| {
                    let party = parties.parties().iter().find(|p| &p.id == id);
                    (
                        party.map_or_else(|| id.clone(), |p| format!("{id} {} ({})", p.name, p.kind)),
                        n,
                    )
                })
                .collect();
            // One column for the counts, however long the names.
            let width = rows
                .iter()
                .map(|(label, _)| label.chars().count())
                .max()
                .unwrap_or(0)
                .max(26);
            let heading = format!("Top counterparties ({} found)", self.parties.len());
            let _ = writeln!(s, "\n{heading:<w$}   files", w = width + 2);
            for (label, n) in rows {
                let _ = writeln!(s, "  {label:<width$} {n:>7}");
            }
        }
        if !self.problems.is_empty() {
            let _ = writeln!(s, "\nNot or partly scanned (what was not scanned is not cleared):");
            for (path, why) in &self.problems {
                let _ = writeln!(s, "  {path}: {why}");
            }
            if self.with_errors as usize > self.problems.len() {
                let _ = writeln!(
                    s,
                    "  ... and {} more (see --jsonl or the case store)",
                    self.with_errors as usize - self.problems.len()
                );
            }
        }
        s
    }
}

fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use breachscope_core::{CounterpartyLink, Fingerprint};

    fn json_line(record: &FileRecord, reveal: bool) -> String {
        let mut out = Vec::new();
        write_json_line(&mut out, record, reveal).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn record(reveal_value: &str) -> FileRecord {
        FileRecord {
            path: "Finance/INV-1.docx".into(),
            root: "share".into(),
            host: "FS01".into(),
            depth: 0,
            size: 100,
            blake3: "0".repeat(64),
            kind: "docx".into(),
            class: DocClass::Invoice,
            class_cues: vec![],
            dates: None,
            date_source: DateSource::None,
            entities: vec![EntityRecord {
                kind: EntityType::CaSin,
                fingerprint: Fingerprint([0xff; 32]),
                count: 2,
                location: "offset:5".into(),
                confidence: 0.9,
                value: reveal_value.into(),
            }],
            counterparties: vec![CounterpartyLink {
                id: "C-1".into(),
                how: vec!["name".into()],
            }],
            errors: vec![],
        }
    }

    #[test]
    fn json_line_has_exactly_the_contract_fields() {
        let text = json_line(&record("130692544"), false);
        assert!(!text.contains("130692544"));
        assert!(text.ends_with('\n') && text.lines().count() == 1);
        let line: serde_json::Value = serde_json::from_str(&text).unwrap();
        let keys: Vec<&String> = line.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "path",
                "host",
                "size",
                "blake3",
                "kind",
                "class",
                "dates",
                "entities",
                "counterparties",
                "errors"
            ]
        );
        let entity = line["entities"][0].as_object().unwrap();
        assert_eq!(
            entity.keys().collect::<Vec<_>>(),
            ["type", "masked", "fingerprint", "count"]
        );
        assert_eq!(line["entities"][0]["masked"], "*****2544");
        assert_eq!(line["entities"][0]["fingerprint"], "f".repeat(64));
        assert_eq!(line["dates"], serde_json::json!({"min": null, "max": null}));
    }

    #[test]
    fn reveal_adds_value() {
        let line: serde_json::Value = serde_json::from_str(&json_line(&record("130692544"), true)).unwrap();
        assert_eq!(line["entities"][0]["value"], "130692544");
    }

    #[test]
    fn summary_counts_and_never_prints_values() {
        let mut summary = Summary::default();
        summary.add(&record("130692544"));
        let text = summary.render("FS01", &Counterparties::default());
        assert!(text.contains("ca_sin"));
        assert!(text.contains("invoice"));
        assert!(!text.contains("130692544"));
    }

    #[test]
    fn a_file_counts_once_per_type_however_many_values() {
        let mut two_sins = record("130692544");
        let mut second = two_sins.entities[0].clone();
        second.fingerprint = Fingerprint([0xee; 32]);
        two_sins.entities.push(second);
        let mut summary = Summary::default();
        summary.add(&two_sins);
        summary.add(&record("130692544"));
        let text = summary.render("FS01", &Counterparties::default());
        let row = text.lines().find(|l| l.trim_start().starts_with("ca_sin")).unwrap();
        let numbers: Vec<&str> = row.split_whitespace().skip(1).collect();
        assert_eq!(numbers, ["2", "6", "2"], "files, occurrences, distinct: {row}");
    }
}
