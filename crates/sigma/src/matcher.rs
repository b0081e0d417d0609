//! One field condition of a Sigma selection, compiled: the field, its
//! modifiers applied to the values once, and a matcher per value.
//!
//! Strings match case-insensitively with Sigma's wildcards (`*`, `?`,
//! escaped by `\`); `contains`, `startswith`, `endswith` add the implied
//! wildcards; `re` (with `i`, `m`, `s`), `cidr`, `exists`, `gt`/`gte`/
//! `lt`/`lte`, `fieldref`, `base64`, `base64offset`, `utf16le`/`utf16be`/
//! `wide`, `windash`, `cased` and `all` are supported; `null` matches an
//! absent or empty field.

use base64::Engine;
use breachscope_events::{Event, Value};
use regex::Regex;
use std::net::IpAddr;
use yaml_rust2::Yaml;

/// How one value is compared with a field.
#[derive(Debug, Clone)]
enum Pattern {
    /// Whole value, lower-cased (or as is when cased).
    Equals(String),
    StartsWith(String),
    EndsWith(String),
    Contains(String),
    /// Wildcards in the middle: a compiled regex.
    Glob(Regex),
    Regex(Regex),
    Number(f64),
    Compare(Comparison, f64),
    Cidr(IpAddr, u8),
    Exists(bool),
    Null,
    FieldRef(String),
}

#[derive(Debug, Clone, Copy)]
enum Comparison {
    Gt,
    Gte,
    Lt,
    Lte,
}

/// A compiled field condition.
#[derive(Debug, Clone)]
pub struct FieldMatcher {
    /// The field name, or `None` for keywords (any field).
    pub field: Option<String>,
    patterns: Vec<Pattern>,
    all: bool,
    cased: bool,
}

/// Position of a string match the modifiers ask for.
#[derive(Clone, Copy, PartialEq)]
enum Anchor {
    Whole,
    Start,
    End,
    Anywhere,
}

impl FieldMatcher {
    /// Compiles `field|mod|mod: values`.
    pub fn compile(key: Option<&str>, values: &Yaml) -> Result<FieldMatcher, String> {
        let mut parts = key.unwrap_or("").split('|');
        let field = parts.next().filter(|f| !f.is_empty()).map(str::to_string);
        let modifiers: Vec<String> = parts.map(|m| m.to_ascii_lowercase()).collect();
        let has = |m: &str| modifiers.iter().any(|x| x == m);
        for m in &modifiers {
            let known = [
                "contains",
                "startswith",
                "endswith",
                "all",
                "re",
                "i",
                "m",
                "s",
                "base64",
                "base64offset",
                "utf16le",
                "utf16be",
                "utf16",
                "wide",
                "windash",
                "cidr",
                "exists",
                "gt",
                "gte",
                "lt",
                "lte",
                "fieldref",
                "cased",
            ];
            if !known.contains(&m.as_str()) {
                return Err(format!("modifier |{m} is not supported"));
            }
        }
        let anchor = if has("contains") || field.is_none() {
            Anchor::Anywhere
        } else if has("startswith") {
            Anchor::Start
        } else if has("endswith") {
            Anchor::End
        } else {
            Anchor::Whole
        };
        let cased = has("cased");
        let raw: Vec<&Yaml> = match values {
            Yaml::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        let mut patterns = Vec::new();
        for value in raw {
            if has("exists") {
                patterns.push(Pattern::Exists(
                    matches!(value, Yaml::Boolean(true)) || value.as_str() == Some("true"),
                ));
                continue;
            }
            if matches!(value, Yaml::Null) {
                patterns.push(Pattern::Null);
                continue;
            }
            let text = crate::yaml::text(value).ok_or_else(|| format!("value {value:?} is not a scalar"))?;
            if has("fieldref") {
                patterns.push(Pattern::FieldRef(text));
                continue;
            }
            if let Some(op) = ["gt", "gte", "lt", "lte"].iter().find(|m| has(m)) {
                let number: f64 = text
                    .parse()
                    .map_err(|_| format!("|{op} needs a number, not {text:?}"))?;
                let op = match *op {
                    "gt" => Comparison::Gt,
                    "gte" => Comparison::Gte,
                    "lt" => Comparison::Lt,
                    _ => Comparison::Lte,
                };
                patterns.push(Pattern::Compare(op, number));
                continue;
            }
            if has("cidr") {
                let (ip, bits) = parse_cidr(&text)?;
                patterns.push(Pattern::Cidr(ip, bits));
                continue;
            }
            if has("re") {
                let flags: String = ["i", "m", "s"].iter().filter(|f| has(f)).copied().collect();
                let pattern = if flags.is_empty() {
                    text
                } else {
                    format!("(?{flags}){text}")
                };
                let re = regex::RegexBuilder::new(&pattern)
                    .size_limit(1 << 22)
                    .build()
                    .map_err(|e| format!("|re pattern does not compile: {e}"))?;
                patterns.push(Pattern::Regex(re));
                continue;
            }
            if matches!(value, Yaml::Integer(_) | Yaml::Real(_)) && anchor == Anchor::Whole && !has("base64") {
                patterns.push(Pattern::Number(text.parse().unwrap_or(f64::NAN)));
            }
            for variant in transform(&text, &modifiers)? {
                patterns.push(string_pattern(&variant, anchor, cased)?);
            }
        }
        Ok(FieldMatcher {
            field,
            patterns,
            all: has("all"),
            cased,
        })
    }

    /// Whether the event satisfies this condition.
    pub fn matches(&self, event: &Event, lookup: &dyn Fn(&Event, &str) -> Option<Value>) -> bool {
        let Some(field) = &self.field else {
            // Keywords: any value of the event, each folded once.
            let prepared: Vec<(&Value, String)> = event.fields.values().map(|v| (v, self.prepare(v))).collect();
            let check = |p: &Pattern| {
                prepared
                    .iter()
                    .any(|(v, hay)| self.value_matches(p, Some(v), hay, event, lookup))
            };
            return if self.all {
                self.patterns.iter().all(check)
            } else {
                self.patterns.iter().any(check)
            };
        };
        let value = lookup(event, field);
        // The value is folded once for every pattern, not once per pattern.
        let hay = value.as_ref().map(|v| self.prepare(v)).unwrap_or_default();
        let check = |p: &Pattern| self.value_matches(p, value.as_ref(), &hay, event, lookup);
        if self.all {
            self.patterns.iter().all(check)
        } else {
            self.patterns.iter().any(check)
        }
    }

    /// Literals one of which must appear (lower case) in some value of an
    /// event this condition holds for; `None` when no such set exists
    /// (numbers, regexes, absent fields, case-sensitive matching...).
    pub fn required_literals(&self) -> Option<Vec<String>> {
        if self.cased || self.patterns.is_empty() {
            return None;
        }
        let literal = |p: &Pattern| match p {
            Pattern::Equals(s) | Pattern::StartsWith(s) | Pattern::EndsWith(s) | Pattern::Contains(s)
                if !s.is_empty() =>
            {
                Some(s.clone())
            }
            _ => None,
        };
        if self.all {
            // Every value must match: any one of them is required.
            return self
                .patterns
                .iter()
                .filter_map(literal)
                .max_by_key(String::len)
                .map(|l| vec![l]);
        }
        self.patterns.iter().map(literal).collect()
    }

    /// A value as string patterns compare it: lower case unless `cased`.
    fn prepare(&self, value: &Value) -> String {
        let text = value.as_text();
        if self.cased {
            text.into_owned()
        } else {
            text.to_lowercase()
        }
    }

    fn value_matches(
        &self,
        pattern: &Pattern,
        value: Option<&Value>,
        hay: &str,
        event: &Event,
        lookup: &dyn Fn(&Event, &str) -> Option<Value>,
    ) -> bool {
        match pattern {
            Pattern::Exists(want) => value.is_some() == *want,
            Pattern::Null => value.is_none_or(|v| v.as_text().is_empty()),
            Pattern::FieldRef(other) => match (value, lookup(event, other)) {
                (Some(a), Some(b)) => a.as_text().eq_ignore_ascii_case(&b.as_text()),
                _ => false,
            },
            Pattern::Number(n) => value.and_then(Value::as_number).is_some_and(|v| v == *n),
            Pattern::Compare(op, n) => value.and_then(Value::as_number).is_some_and(|v| match op {
                Comparison::Gt => v > *n,
                Comparison::Gte => v >= *n,
                Comparison::Lt => v < *n,
                Comparison::Lte => v <= *n,
            }),
            Pattern::Cidr(net, bits) => value
                .and_then(|v| v.as_text().trim().parse::<IpAddr>().ok())
                .is_some_and(|ip| in_network(ip, *net, *bits)),
            Pattern::Regex(re) => value.is_some_and(|v| re.is_match(&v.as_text())),
            string => {
                if value.is_none() {
                    return false;
                }
                match string {
                    Pattern::Equals(s) => hay == s,
                    Pattern::StartsWith(s) => hay.starts_with(s.as_str()),
                    Pattern::EndsWith(s) => hay.ends_with(s.as_str()),
                    Pattern::Contains(s) => hay.contains(s.as_str()),
                    Pattern::Glob(re) => re.is_match(hay),
                    _ => false,
                }
            }
        }
    }
}

/// The value variants the encoding modifiers ask for, in order:
/// `windash`, then `utf16*`/`wide`, then `base64`/`base64offset`.
fn transform(text: &str, modifiers: &[String]) -> Result<Vec<String>, String> {
    let has = |m: &str| modifiers.iter().any(|x| x == m);
    let mut variants = vec![text.to_string()];
    if has("windash") {
        variants = variants.iter().flat_map(|v| windash(v)).collect();
    }
    let encode = |v: &str| -> Vec<u8> {
        if has("utf16le") || has("wide") || has("utf16") {
            v.encode_utf16().flat_map(u16::to_le_bytes).collect()
        } else if has("utf16be") {
            v.encode_utf16().flat_map(u16::to_be_bytes).collect()
        } else {
            v.as_bytes().to_vec()
        }
    };
    let b64 = base64::engine::general_purpose::STANDARD;
    if has("base64") {
        variants = variants
            .iter()
            .map(|v| escape_wildcards(&b64.encode(encode(v))))
            .collect();
    } else if has("base64offset") {
        variants = variants
            .iter()
            .flat_map(|v| {
                let bytes = encode(v);
                (0..3)
                    .map(|shift| {
                        let mut padded = vec![0u8; shift];
                        padded.extend(&bytes);
                        let encoded = b64.encode(&padded);
                        let start = [0, 2, 3][shift];
                        let end = encoded.len() - [0, 3, 2][(bytes.len() + shift) % 3];
                        escape_wildcards(encoded.get(start..end.max(start)).unwrap_or(""))
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
    }
    Ok(variants)
}

/// Base64 text is literal: its characters are not wildcards.
fn escape_wildcards(s: &str) -> String {
    s.replace('\\', "\\\\").replace('*', "\\*").replace('?', "\\?")
}

/// Windows accepts `/`, `-` and dash look-alikes before a flag: every `-`
/// or `/` that starts a word becomes each of them.
fn windash(value: &str) -> Vec<String> {
    const DASHES: [char; 5] = ['-', '/', '\u{2013}', '\u{2014}', '\u{2015}'];
    let positions: Vec<usize> = value
        .char_indices()
        .filter(|&(i, c)| (c == '-' || c == '/') && (i == 0 || value[..i].ends_with(char::is_whitespace)))
        .map(|(i, _)| i)
        .collect();
    if positions.is_empty() {
        return vec![value.to_string()];
    }
    // Each flag varies alike, as command lines are written.
    DASHES
        .iter()
        .map(|dash| {
            value
                .char_indices()
                .map(|(i, c)| if positions.contains(&i) { *dash } else { c })
                .collect()
        })
        .collect()
}

/// A matcher for a Sigma string with wildcards, anchored as asked.
fn string_pattern(value: &str, anchor: Anchor, cased: bool) -> Result<Pattern, String> {
    // Split into literal pieces and wildcards, honouring `\` escapes.
    let mut literal = String::new();
    let mut has_question = false;
    let mut chars = value.chars().peekable();
    let mut tokens: Vec<Token> = Vec::new();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.peek() {
                Some('*') | Some('?') | Some('\\') => literal.push(chars.next().unwrap_or('\\')),
                _ => literal.push('\\'),
            },
            '*' | '?' => {
                if !literal.is_empty() {
                    tokens.push(Token::Literal(std::mem::take(&mut literal)));
                }
                if c == '?' {
                    has_question = true;
                }
                tokens.push(if c == '*' { Token::Star } else { Token::One });
            }
            _ => literal.push(c),
        }
    }
    if !literal.is_empty() {
        tokens.push(Token::Literal(literal));
    }
    let fold = |s: &str| if cased { s.to_string() } else { s.to_lowercase() };
    let (lead_star, trail_star) = (
        matches!(tokens.first(), Some(Token::Star)),
        matches!(tokens.last(), Some(Token::Star)),
    );
    let starts = anchor == Anchor::Start || anchor == Anchor::Whole;
    let ends = anchor == Anchor::End || anchor == Anchor::Whole;
    let inner: Vec<&Token> = tokens.iter().filter(|t| !matches!(t, Token::Star)).collect();
    let simple = !has_question && inner.len() <= 1 && tokens.iter().filter(|t| matches!(t, Token::Star)).count() <= 2;
    if simple {
        let text = match inner.first() {
            Some(Token::Literal(s)) => fold(s),
            _ => String::new(),
        };
        let anchored_start = starts && !lead_star;
        let anchored_end = ends && !trail_star;
        return Ok(match (anchored_start, anchored_end) {
            (true, true) => Pattern::Equals(text),
            (true, false) => Pattern::StartsWith(text),
            (false, true) => Pattern::EndsWith(text),
            (false, false) => Pattern::Contains(text),
        });
    }
    let mut re = String::from("(?s)");
    if starts {
        re.push('^');
    }
    for t in &tokens {
        match t {
            Token::Literal(s) => re.push_str(&regex::escape(&fold(s))),
            Token::Star => re.push_str(".*"),
            Token::One => re.push('.'),
        }
    }
    if ends {
        re.push('$');
    }
    Regex::new(&re)
        .map(Pattern::Glob)
        .map_err(|e| format!("wildcard value does not compile: {e}"))
}

#[derive(Debug)]
enum Token {
    Literal(String),
    Star,
    One,
}

fn parse_cidr(text: &str) -> Result<(IpAddr, u8), String> {
    let (ip, bits) = text.split_once('/').unwrap_or((text, ""));
    let ip: IpAddr = ip
        .trim()
        .parse()
        .map_err(|_| format!("|cidr value {text:?} is not a network"))?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    let bits: u8 = if bits.is_empty() {
        max
    } else {
        bits.parse()
            .map_err(|_| format!("|cidr value {text:?} has a bad prefix"))?
    };
    if bits > max {
        return Err(format!("|cidr value {text:?} has a bad prefix"));
    }
    Ok((ip, bits))
}

fn in_network(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(b)) => {
            let mask = if bits == 0 {
                0
            } else {
                u32::MAX << (32 - u32::from(bits))
            };
            u32::from(a) & mask == u32::from(b) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(b)) => {
            let mask = if bits == 0 {
                0
            } else {
                u128::MAX << (128 - u32::from(bits))
            };
            u128::from(a) & mask == u128::from(b) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(fields: &[(&str, &str)]) -> Event {
        Event::with_fields("x", 1, fields)
    }

    fn check(key: &str, value: Yaml, fields: &[(&str, &str)]) -> bool {
        let m = FieldMatcher::compile(Some(key), &value).unwrap();
        m.matches(&event(fields), &|e, f| e.field(f).cloned())
    }

    fn s(v: &str) -> Yaml {
        Yaml::String(v.into())
    }

    #[test]
    fn equality_is_case_insensitive_with_wildcards() {
        assert!(check(
            "Image",
            s("C:\\Windows\\System32\\CMD.exe"),
            &[("Image", "c:\\windows\\system32\\cmd.exe")]
        ));
        assert!(check("Image", s("*\\cmd.exe"), &[("Image", "C:\\Windows\\cmd.exe")]));
        // `\\*` is a backslash then a wildcard; `\*` alone is a literal star.
        assert!(check(
            "Image",
            s("C:\\\\*\\cmd.?xe"),
            &[("Image", "C:\\Windows\\cmd.exe")]
        ));
        assert!(!check(
            "Image",
            s("C:\\*\\cmd.exe"),
            &[("Image", "C:\\Windows\\cmd.exe")]
        ));
        assert!(
            !check("Image", s("cmd.exe"), &[("Image", "C:\\cmd.exe")]),
            "no implied wildcards"
        );
        assert!(check("Cmd", s("a\\*b"), &[("Cmd", "a*b")]), "escaped star is literal");
        assert!(!check("Cmd", s("a\\*b"), &[("Cmd", "axxb")]));
        assert!(check("Image|cased", s("CMD"), &[("Image", "CMD")]));
        assert!(!check("Image|cased", s("CMD"), &[("Image", "cmd")]));
    }

    #[test]
    fn position_modifiers_lists_and_all() {
        assert!(check(
            "CommandLine|contains",
            s("WHOAMI"),
            &[("CommandLine", "cmd /c whoami /all")]
        ));
        assert!(check(
            "CommandLine|startswith",
            s("cmd"),
            &[("CommandLine", "cmd /c x")]
        ));
        assert!(check(
            "CommandLine|endswith",
            s("/all"),
            &[("CommandLine", "whoami /all")]
        ));
        let list = Yaml::Array(vec![s("nltest"), s("adfind")]);
        assert!(check(
            "CommandLine|contains",
            list.clone(),
            &[("CommandLine", "adfind -f x")]
        ));
        assert!(!check(
            "CommandLine|contains|all",
            list,
            &[("CommandLine", "adfind -f x")]
        ));
    }

    #[test]
    fn regex_numbers_cidr_exists_null_fieldref() {
        assert!(check(
            "CommandLine|re",
            s("^cmd.*whoami$"),
            &[("CommandLine", "cmd /c whoami")]
        ));
        assert!(
            !check("CommandLine|re", s("^CMD"), &[("CommandLine", "cmd")]),
            "re is case-sensitive"
        );
        assert!(check("CommandLine|re|i", s("^CMD"), &[("CommandLine", "cmd")]));
        assert!(check("LogonType", Yaml::Integer(3), &[("LogonType", "3")]));
        assert!(check("Size|gt", Yaml::Integer(1000), &[("Size", "1024")]));
        assert!(!check("Size|lte", Yaml::Integer(1000), &[("Size", "1024")]));
        assert!(check(
            "DestinationIp|cidr",
            s("10.0.0.0/8"),
            &[("DestinationIp", "10.20.5.11")]
        ));
        assert!(!check(
            "DestinationIp|cidr",
            s("10.0.0.0/8"),
            &[("DestinationIp", "192.168.1.1")]
        ));
        assert!(check(
            "DestinationIp|cidr",
            s("fe80::/10"),
            &[("DestinationIp", "fe80::1")]
        ));
        assert!(check("Hashes|exists", Yaml::Boolean(true), &[("Hashes", "x")]));
        assert!(check("Hashes|exists", Yaml::Boolean(false), &[("Image", "x")]));
        assert!(check("Hashes", Yaml::Null, &[("Image", "x")]));
        assert!(check("Hashes", Yaml::Null, &[("Hashes", "")]));
        assert!(check(
            "TargetUserName|fieldref",
            s("SubjectUserName"),
            &[("TargetUserName", "Bob"), ("SubjectUserName", "bob")]
        ));
    }

    #[test]
    fn encodings() {
        // "whoami" in base64 is d2hvYW1p.
        assert!(check(
            "CommandLine|base64|contains",
            s("whoami"),
            &[("CommandLine", "powershell -enc d2hvYW1p")]
        ));
        // base64offset finds the text at any alignment inside a larger encoding.
        let encoded = base64::engine::general_purpose::STANDARD.encode(b"xx whoami yy");
        assert!(check(
            "CommandLine|base64offset|contains",
            s("whoami"),
            &[("CommandLine", &encoded)]
        ));
        let wide = base64::engine::general_purpose::STANDARD.encode(
            "IEX (New-Object"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<u8>>(),
        );
        assert!(check(
            "CommandLine|wide|base64offset|contains",
            s("IEX"),
            &[("CommandLine", &wide)]
        ));
        assert!(check(
            "CommandLine|windash|contains",
            s(" -enc "),
            &[("CommandLine", "powershell /enc x")]
        ));
        assert!(check(
            "CommandLine|windash|contains",
            s(" -enc "),
            &[("CommandLine", "powershell \u{2013}enc x")]
        ));
    }

    #[test]
    fn unsupported_modifiers_are_errors() {
        assert!(FieldMatcher::compile(Some("Image|expand"), &s("%x%")).is_err());
        assert!(FieldMatcher::compile(Some("Image|re"), &s("(")).is_err());
        assert!(FieldMatcher::compile(Some("Ip|cidr"), &s("10.0.0.0/99")).is_err());
    }
}
