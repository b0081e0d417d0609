//! A demo document in the making: its text (lines or a table), the format
//! it is written in, and the truth about it that tests compare against:
//! class, sensitive values, counterparties and the dates it is about.

use crate::ids::Value;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeSet;

/// The format a document is written in.
#[derive(Debug, Clone)]
pub enum Format {
    Docx,
    Pdf,
    Xlsx,
    Csv,
    Txt,
    /// An e-mail: sender, recipient, subject, attached documents.
    Eml {
        from: String,
        to: String,
        subject: String,
        attachments: Vec<Doc>,
    },
    /// A zip archive of documents, each stored under its name.
    Zip(Vec<Doc>),
    /// An Outlook store: one folder of messages (documents in `Eml`
    /// format, their attachments with them) and a folder of contacts
    /// (documents in `Contact` format).
    Pst {
        folder: String,
        messages: Vec<Doc>,
        contacts: Vec<Doc>,
    },
    /// A contact: in a store, an item of its Contacts folder; on its own,
    /// a vCard.
    Contact(crate::formats::pst::Contact),
    /// A PDF with documents embedded in it, each under its name.
    PdfWithFiles(Vec<Doc>),
    /// A PostgreSQL custom-format dump of a database's tables.
    PgDump {
        database: String,
        tables: Vec<crate::formats::pgdump::Table>,
    },
}

impl Format {
    /// The file extension documents of this format carry.
    pub fn extension(&self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Pdf | Format::PdfWithFiles(_) => "pdf",
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
            Format::Txt => "txt",
            Format::Eml { .. } => "eml",
            Format::Zip(_) => "zip",
            Format::Pst { .. } => "pst",
            Format::Contact(_) => "vcf",
            Format::PgDump { .. } => "dump",
        }
    }
}

/// The language a document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Fr,
}

/// What a document truly holds, as the generator wrote it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Truth {
    pub path: String,
    pub class: &'static str,
    pub entities: BTreeSet<(String, String)>,
    pub counterparties: BTreeSet<String>,
    pub dates: BTreeSet<NaiveDate>,
    pub bytes: u64,
}

/// A document being written.
#[derive(Debug, Clone)]
pub struct Doc {
    pub name: String,
    pub title: String,
    pub lang: Lang,
    pub lines: Vec<String>,
    pub table: Vec<Vec<String>>,
    pub format: Format,
    pub created: NaiveDate,
    pub truth: Truth,
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

impl Doc {
    /// A new document of `class`.
    pub fn new(
        name: impl Into<String>,
        title: impl Into<String>,
        class: &'static str,
        lang: Lang,
        format: Format,
        created: NaiveDate,
    ) -> Doc {
        Doc {
            name: name.into(),
            title: title.into(),
            lang,
            lines: Vec::new(),
            table: Vec::new(),
            format,
            created,
            truth: Truth {
                class,
                ..Truth::default()
            },
        }
    }

    /// Adds a line of text.
    pub fn line(&mut self, text: impl Into<String>) -> &mut Doc {
        self.lines.push(text.into());
        self
    }

    /// Adds `label: value` and records the value.
    pub fn field(&mut self, label: &str, value: &Value) -> &mut Doc {
        let separator = if self.lang == Lang::Fr { " : " } else { ": " };
        self.lines.push(format!("{label}{separator}{}", value.shown));
        self.has(value)
    }

    /// Records a value the text holds.
    pub fn has(&mut self, value: &Value) -> &mut Doc {
        self.truth
            .entities
            .insert((value.kind.to_string(), value.normalized.clone()));
        self
    }

    /// Records a counterparty the document belongs to.
    pub fn party(&mut self, id: &str) -> &mut Doc {
        self.truth.counterparties.insert(id.to_string());
        self
    }

    /// Writes a date in the document's language and records it as a date
    /// the document is about.
    pub fn date(&mut self, date: NaiveDate, style: usize) -> String {
        self.truth.dates.insert(date);
        format_date(date, self.lang, style)
    }

    /// Adds a table row (xlsx and csv documents).
    pub fn row(&mut self, cells: Vec<String>) -> &mut Doc {
        self.table.push(cells);
        self
    }
}

/// A date as people write it: ISO, or long form in the language.
pub fn format_date(date: NaiveDate, lang: Lang, style: usize) -> String {
    use chrono::Datelike;
    let (d, m, y) = (date.day(), date.month0() as usize, date.year());
    match (style % 3, lang) {
        (0, _) => date.format("%Y-%m-%d").to_string(),
        (1, Lang::En) => format!("{} {d}, {y}", MONTHS_EN[m]),
        (1, Lang::Fr) => format!(
            "{} {} {y}",
            if d == 1 { "1er".to_string() } else { d.to_string() },
            MONTHS_FR[m]
        ),
        (_, Lang::En) => format!("{d} {} {y}", &MONTHS_EN[m][..3]),
        (_, Lang::Fr) => format!("le {d} {} {y}", MONTHS_FR[m]),
    }
}
