//! Canadian financial institution numbers, loaded from
//! `data/institutions.tsv`: the strongest check a bank account has, since
//! Canadian account numbers carry no check digit.

use foldhash::HashMap;

const INSTITUTIONS_TSV: &str = include_str!("../data/institutions.tsv");

/// The known institution numbers and their names.
#[derive(Debug)]
pub struct Institutions {
    names: HashMap<String, String>,
}

impl Institutions {
    /// Loads the built-in table.
    pub fn builtin() -> Institutions {
        let names = INSTITUTIONS_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once('\t'))
            .map(|(n, name)| (n.to_string(), name.to_string()))
            .collect();
        Institutions { names }
    }

    /// The institution's name, if the number is known.
    pub fn name(&self, number: &str) -> Option<&str> {
        self.names.get(number).map(String::as_str)
    }

    /// Whether the three-digit number is a known institution.
    pub fn is_known(&self, number: &str) -> bool {
        self.names.contains_key(number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_loads_with_big_six() {
        let table = Institutions::builtin();
        for n in ["001", "002", "003", "004", "006", "010", "815"] {
            assert!(table.is_known(n), "{n}");
        }
        assert_eq!(table.name("003"), Some("Royal Bank of Canada"));
        assert!(!table.is_known("999"));
        assert!(table
            .names
            .keys()
            .all(|k| k.len() == 3 && k.bytes().all(|b| b.is_ascii_digit())));
    }
}
