//! Holds breachscope's inventory to the generator's truth: per element
//! type precision and recall, class accuracy, counterparty attribution and
//! document dates. Used by the demo to show its answer is right, and by
//! the end-to-end tests to assert it.

use crate::Truth;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

/// What breachscope reported for one document.
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub class: String,
    /// `(type, normalized value)`.
    pub entities: BTreeSet<(String, String)>,
    pub counterparties: BTreeSet<String>,
    pub dates: Option<(String, String)>,
}

/// True and false positives and negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: u64,
    pub fp: u64,
    pub fn_: u64,
}

impl Counts {
    /// TP / (TP + FP); 1 when nothing was reported.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// TP / (TP + FN); 1 when nothing was there to find.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    fn add<T: Ord + Clone>(&mut self, truth: &BTreeSet<T>, found: &BTreeSet<T>) {
        self.tp += truth.intersection(found).count() as u64;
        self.fp += found.difference(truth).count() as u64;
        self.fn_ += truth.difference(found).count() as u64;
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// The comparison of a run with the truth.
#[derive(Debug, Clone, Default)]
pub struct Scorecard {
    pub by_type: BTreeMap<String, Counts>,
    pub classes_right: u64,
    pub documents: u64,
    pub counterparties: Counts,
    pub dates_right: u64,
    pub dated_documents: u64,
    /// Truth documents breachscope did not report at all.
    pub missing: Vec<String>,
    /// Wrong classes, as `path: truth -> found`.
    pub misclassified: Vec<String>,
}

impl Scorecard {
    /// Class accuracy.
    pub fn class_accuracy(&self) -> f64 {
        ratio(self.classes_right, self.documents)
    }

    /// Share of dated documents whose min and max dates are exact.
    pub fn date_accuracy(&self) -> f64 {
        ratio(self.dates_right, self.dated_documents)
    }

    /// A printable table.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{:<22} {:>6} {:>6} {:>6} {:>9} {:>7}",
            "element", "TP", "FP", "FN", "precision", "recall"
        );
        for (kind, c) in &self.by_type {
            let _ = writeln!(
                s,
                "{kind:<22} {:>6} {:>6} {:>6} {:>9.3} {:>7.3}",
                c.tp,
                c.fp,
                c.fn_,
                c.precision(),
                c.recall()
            );
        }
        let c = &self.counterparties;
        let _ = writeln!(
            s,
            "{:<22} {:>6} {:>6} {:>6} {:>9.3} {:>7.3}",
            "counterparties",
            c.tp,
            c.fp,
            c.fn_,
            c.precision(),
            c.recall()
        );
        let _ = writeln!(
            s,
            "class accuracy {:.3} ({}/{}), dates exact {:.3} ({}/{}), documents missing {}",
            self.class_accuracy(),
            self.classes_right,
            self.documents,
            self.date_accuracy(),
            self.dates_right,
            self.dated_documents,
            self.missing.len()
        );
        s
    }
}

/// Compares what was found (by document path) with the truth.
pub fn score(truth: &[Truth], found: &HashMap<String, Found>) -> Scorecard {
    let mut card = Scorecard::default();
    for t in truth {
        let Some(f) = found.get(&t.path) else {
            card.missing.push(t.path.clone());
            continue;
        };
        card.documents += 1;
        if f.class == t.class {
            card.classes_right += 1;
        } else {
            card.misclassified
                .push(format!("{}: {} -> {}", t.path, t.class, f.class));
        }
        let kinds: BTreeSet<&String> = t.entities.iter().chain(&f.entities).map(|(k, _)| k).collect();
        for kind in kinds {
            let of = |set: &BTreeSet<(String, String)>| {
                set.iter().filter(|(k, _)| k == kind).cloned().collect::<BTreeSet<_>>()
            };
            card.by_type
                .entry(kind.clone())
                .or_default()
                .add(&of(&t.entities), &of(&f.entities));
        }
        card.counterparties.add(&t.counterparties, &f.counterparties);
        if let (Some(first), Some(last)) = (t.dates.first(), t.dates.last()) {
            card.dated_documents += 1;
            if f.dates == Some((first.to_string(), last.to_string())) {
                card.dates_right += 1;
            }
        }
    }
    card
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_ratios() {
        let truth = Truth {
            path: "a.docx".into(),
            class: "invoice",
            entities: [
                ("email".to_string(), "a@b.ca".to_string()),
                ("phone".to_string(), "+14165550199".to_string()),
            ]
            .into(),
            counterparties: ["C-1".to_string()].into(),
            dates: ["2022-01-28".parse().unwrap()].into(),
            bytes: 1,
        };
        let found = Found {
            class: "invoice".into(),
            entities: [
                ("email".to_string(), "a@b.ca".to_string()),
                ("email".to_string(), "x@y.ca".to_string()),
            ]
            .into(),
            counterparties: ["C-1".to_string()].into(),
            dates: Some(("2022-01-28".into(), "2022-01-28".into())),
        };
        let card = score(&[truth], &HashMap::from([("a.docx".to_string(), found)]));
        assert_eq!(card.by_type["email"], Counts { tp: 1, fp: 1, fn_: 0 });
        assert_eq!(card.by_type["phone"], Counts { tp: 0, fp: 0, fn_: 1 });
        assert_eq!(card.by_type["phone"].recall(), 0.0);
        assert_eq!(card.class_accuracy(), 1.0);
        assert_eq!(card.date_accuracy(), 1.0);
        assert!(card.render().contains("email"));
    }
}
