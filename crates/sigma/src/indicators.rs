//! Threat-intelligence indicators (file hashes, IP addresses, domain
//! names, URLs, file names) from CSV (`type,value[,note]`) or STIX 2.1
//! bundles, matched against the event fields that carry them.

use breachscope_events::Event;
use regex::Regex;
use std::collections::HashMap;
use std::path::Path;

/// A kind of indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndicatorKind {
    Hash,
    Ip,
    Domain,
    Url,
    FileName,
}

impl IndicatorKind {
    fn parse(text: &str) -> Option<IndicatorKind> {
        Some(match text.trim().to_ascii_lowercase().as_str() {
            "md5" | "sha1" | "sha256" | "sha-1" | "sha-256" | "hash" | "imphash" => IndicatorKind::Hash,
            "ip" | "ipv4" | "ipv6" | "ipv4-addr" | "ipv6-addr" | "ip-dst" | "ip-src" => IndicatorKind::Ip,
            "domain" | "domain-name" | "hostname" | "fqdn" => IndicatorKind::Domain,
            "url" | "uri" => IndicatorKind::Url,
            "filename" | "file" | "file-name" | "file:name" => IndicatorKind::FileName,
            _ => return None,
        })
    }

    /// The name shown in detections.
    pub fn name(self) -> &'static str {
        match self {
            IndicatorKind::Hash => "hash",
            IndicatorKind::Ip => "ip",
            IndicatorKind::Domain => "domain",
            IndicatorKind::Url => "url",
            IndicatorKind::FileName => "filename",
        }
    }

    /// The event fields an indicator of this kind can appear in.
    fn fields(self) -> &'static [&'static str] {
        match self {
            IndicatorKind::Hash => &[
                "Hashes", "Hash", "MD5", "SHA1", "SHA256", "Imphash", "sha256", "md5", "sha1",
            ],
            IndicatorKind::Ip => &[
                "DestinationIp",
                "SourceIp",
                "IpAddress",
                "ClientAddress",
                "DestAddress",
                "SourceAddress",
                "RemoteAddress",
            ],
            IndicatorKind::Domain => &[
                "QueryName",
                "DestinationHostname",
                "CommandLine",
                "Url",
                "TargetFilename",
            ],
            IndicatorKind::Url => &["Url", "CommandLine", "ScriptBlockText", "Payload"],
            IndicatorKind::FileName => &[
                "Image",
                "TargetFilename",
                "OriginalFileName",
                "ImageLoaded",
                "NewProcessName",
                "ServiceFileName",
                "ImagePath",
            ],
        }
    }
}

/// One indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    pub kind: IndicatorKind,
    /// Lower case.
    pub value: String,
    pub note: String,
    /// The intel file it came from.
    pub source: String,
}

/// An indicator found in an event field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorHit<'a> {
    pub indicator: &'a Indicator,
    pub field: String,
}

/// Loaded indicators, by kind.
#[derive(Debug, Default)]
pub struct Indicators {
    by_kind: HashMap<IndicatorKind, Vec<Indicator>>,
}

impl Indicators {
    /// Loads CSV and STIX 2.1 files; returns problems per file.
    pub fn load(paths: &[std::path::PathBuf]) -> (Indicators, Vec<String>) {
        let mut set = Indicators::default();
        let mut problems = Vec::new();
        for path in paths {
            match std::fs::read_to_string(path) {
                Ok(text) if text.trim_start().starts_with('{') => set.add_stix(&text, path, &mut problems),
                Ok(text) => set.add_csv(&text, path, &mut problems),
                Err(e) => problems.push(format!("{}: cannot read: {e}", path.display())),
            }
        }
        (set, problems)
    }

    /// How many indicators are loaded.
    pub fn len(&self) -> usize {
        self.by_kind.values().map(Vec::len).sum()
    }

    /// Whether none is loaded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn push(&mut self, kind: IndicatorKind, value: &str, note: &str, source: &Path) {
        let value = value.trim().trim_matches('"').to_ascii_lowercase();
        if !value.is_empty() {
            self.by_kind.entry(kind).or_default().push(Indicator {
                kind,
                value,
                note: note.trim().to_string(),
                source: source.display().to_string(),
            });
        }
    }

    fn add_csv(&mut self, text: &str, path: &Path, problems: &mut Vec<String>) {
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || (n == 0 && line.to_ascii_lowercase().starts_with("type,")) {
                continue;
            }
            let mut parts = line.splitn(3, ',');
            let (kind, value, note) = (
                parts.next().unwrap_or(""),
                parts.next().unwrap_or(""),
                parts.next().unwrap_or(""),
            );
            match IndicatorKind::parse(kind) {
                Some(kind) => self.push(kind, value, note, path),
                None => problems.push(format!(
                    "{} line {}: unknown indicator type {kind:?}",
                    path.display(),
                    n + 1
                )),
            }
        }
    }

    fn add_stix(&mut self, text: &str, path: &Path, problems: &mut Vec<String>) {
        let bundle: serde_json::Value = match serde_json::from_str(text) {
            Ok(b) => b,
            Err(e) => return problems.push(format!("{}: not a STIX bundle: {e}", path.display())),
        };
        let comparison = Regex::new(r"([a-z0-9\-]+):([A-Za-z0-9_.'\-]+)\s*=\s*'((?:[^'\\]|\\.)*)'")
            .expect("STIX comparison pattern");
        for object in bundle.get("objects").and_then(|o| o.as_array()).into_iter().flatten() {
            if object.get("type").and_then(|t| t.as_str()) != Some("indicator") {
                continue;
            }
            let name = object.get("name").and_then(|n| n.as_str()).unwrap_or("");
            let Some(pattern) = object.get("pattern").and_then(|p| p.as_str()) else {
                continue;
            };
            let mut found = false;
            for c in comparison.captures_iter(pattern) {
                let (object_type, property, value) = (&c[1], &c[2], &c[3]);
                let kind = match (object_type, property) {
                    ("file", p) if p.starts_with("hashes") => Some(IndicatorKind::Hash),
                    ("file", "name") => Some(IndicatorKind::FileName),
                    ("ipv4-addr" | "ipv6-addr", "value") => Some(IndicatorKind::Ip),
                    ("domain-name", "value") => Some(IndicatorKind::Domain),
                    ("url", "value") => Some(IndicatorKind::Url),
                    _ => None,
                };
                if let Some(kind) = kind {
                    self.push(kind, &value.replace("\\'", "'"), name, path);
                    found = true;
                }
            }
            if !found {
                problems.push(format!(
                    "{}: indicator pattern not supported: {pattern}",
                    path.display()
                ));
            }
        }
    }

    /// The indicators the event carries.
    pub fn matches<'a>(&'a self, event: &Event) -> Vec<IndicatorHit<'a>> {
        let mut hits = Vec::new();
        for (kind, indicators) in &self.by_kind {
            for field in kind.fields() {
                let Some(value) = event.field(field) else { continue };
                let text = value.as_text().to_ascii_lowercase();
                for indicator in indicators {
                    let hit = match kind {
                        IndicatorKind::Ip => text.trim() == indicator.value,
                        IndicatorKind::FileName => text.rsplit(['\\', '/']).next() == Some(indicator.value.as_str()),
                        IndicatorKind::Domain => {
                            text == indicator.value
                                || text.ends_with(&format!(".{}", indicator.value))
                                || (field == &"CommandLine" && text.contains(&indicator.value))
                        }
                        IndicatorKind::Hash | IndicatorKind::Url => text.contains(&indicator.value),
                    };
                    if hit {
                        hits.push(IndicatorHit {
                            indicator,
                            field: field.to_string(),
                        });
                    }
                }
            }
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(fields: &[(&str, &str)]) -> Event {
        Event::with_fields("Microsoft-Windows-Sysmon/Operational", 3, fields)
    }

    #[test]
    fn csv_and_stix_indicators_match_their_fields() {
        let dir = std::env::temp_dir().join(format!("bs-ioc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("iocs.csv"),
            "type,value,note\nip,203.0.113.50,beacon C2\ndomain,evil.example,staging\nbogus,x\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("bundle.json"),
            r#"{"type":"bundle","objects":[{"type":"indicator","name":"rclone","pattern":"[file:hashes.'SHA-256' = 'AABBCC']"},{"type":"indicator","name":"n","pattern":"[file:name = 'svchost32.exe']"},{"type":"indicator","pattern":"[process:pid = 4]"}]}"#,
        )
        .unwrap();
        let (set, problems) =
            Indicators::load(&[dir.join("iocs.csv"), dir.join("bundle.json"), dir.join("missing.csv")]);
        assert_eq!(set.len(), 4);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert_eq!(set.matches(&event(&[("DestinationIp", "203.0.113.50")])).len(), 1);
        assert_eq!(set.matches(&event(&[("QueryName", "cdn.evil.example")])).len(), 1);
        assert!(set.matches(&event(&[("QueryName", "notevil.example")])).is_empty());
        assert_eq!(set.matches(&event(&[("Hashes", "SHA256=AABBCC,MD5=00")])).len(), 1);
        assert_eq!(
            set.matches(&event(&[("Image", "C:\\ProgramData\\svchost32.exe")]))
                .len(),
            1
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
