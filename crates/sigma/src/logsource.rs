//! Which events a rule reads: its log source mapped to Windows channels
//! and event ids (`data/logsources.tsv`), and Sigma field names mapped to
//! the names other sources use for them (`data/fieldmap.tsv`).

use std::collections::HashMap;

const LOGSOURCES_TSV: &str = include_str!("../data/logsources.tsv");
const FIELDMAP_TSV: &str = include_str!("../data/fieldmap.tsv");

/// Where a rule's events come from: a channel and its event ids (`None`
/// for every id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub channel: String,
    pub event_ids: Option<Vec<u32>>,
}

/// The built-in log source and field mappings.
#[derive(Debug)]
pub struct Mappings {
    sources: HashMap<(String, String), Vec<Source>>,
    fields: HashMap<(String, u32, String), String>,
}

impl Mappings {
    /// Loads the built-in tables.
    pub fn builtin() -> Mappings {
        let rows = |tsv: &'static str| {
            tsv.lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .map(|l| l.split('\t').collect::<Vec<_>>())
        };
        let mut sources: HashMap<(String, String), Vec<Source>> = HashMap::new();
        for row in rows(LOGSOURCES_TSV) {
            let [_product, kind, name, channel, ids] = row[..] else {
                continue;
            };
            let event_ids = (ids != "*").then(|| ids.split(',').filter_map(|i| i.trim().parse().ok()).collect());
            sources
                .entry((kind.to_string(), name.to_string()))
                .or_default()
                .push(Source {
                    channel: channel.to_string(),
                    event_ids,
                });
        }
        let mut fields = HashMap::new();
        for row in rows(FIELDMAP_TSV) {
            let [channel, id, sigma, event] = row[..] else { continue };
            if let Ok(id) = id.parse() {
                fields.insert(
                    (channel.to_ascii_lowercase(), id, sigma.to_ascii_lowercase()),
                    event.to_string(),
                );
            }
        }
        Mappings { sources, fields }
    }

    /// The sources a rule's log source reads, `Some(vec![])` meaning every
    /// Windows event, or `Err` with why breachscope cannot read it.
    pub fn sources(
        &self,
        product: Option<&str>,
        category: Option<&str>,
        service: Option<&str>,
    ) -> Result<Vec<Source>, String> {
        if let Some(product) = product {
            if !product.eq_ignore_ascii_case("windows") {
                return Err(format!(
                    "log source product {product} is not read by breachscope (Windows event logs only)"
                ));
            }
        }
        let lookup = |kind: &str, name: &str| self.sources.get(&(kind.to_string(), name.to_ascii_lowercase()));
        match (category, service) {
            (Some(category), _) => lookup("category", category)
                .cloned()
                .ok_or_else(|| format!("log source category {category} is not mapped")),
            (None, Some(service)) => lookup("service", service)
                .cloned()
                .ok_or_else(|| format!("log source service {service} is not mapped")),
            (None, None) if product.is_some() => Ok(Vec::new()),
            (None, None) => Err("rule has no log source".into()),
        }
    }

    /// The event field a Sigma field stands for in this channel and event.
    pub fn field(&self, channel: &str, event_id: u32, sigma_field: &str) -> Option<&str> {
        self.fields
            .get(&(channel.to_ascii_lowercase(), event_id, sigma_field.to_ascii_lowercase()))
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn process_creation_reads_sysmon_and_security() {
        let m = Mappings::builtin();
        let sources = m.sources(Some("windows"), Some("process_creation"), None).unwrap();
        assert!(sources.contains(&Source {
            channel: "Security".into(),
            event_ids: Some(vec![4688])
        }));
        assert!(sources
            .iter()
            .any(|s| s.channel == "Microsoft-Windows-Sysmon/Operational"));
        assert_eq!(m.field("Security", 4688, "image"), Some("NewProcessName"));
        assert!(m.sources(Some("linux"), Some("process_creation"), None).is_err());
        assert!(m.sources(Some("windows"), Some("no_such_category"), None).is_err());
        assert_eq!(m.sources(Some("windows"), None, None).unwrap(), vec![]);
    }
}
