//! The facts an inventory establishes about one file: what it is, what
//! sensitive elements it holds, what kind of record it is, what dates it
//! is about and whose it is.

use crate::{DocClass, EntityType, Fingerprint};
use chrono::NaiveDate;

/// Where a file's dates came from, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    /// Dates written in the document's text.
    Text,
    /// The document's own metadata (properties, PDF info, e-mail Date).
    Metadata,
    /// The file system's or the archive entry's modification time.
    FileTime,
    /// A container's: the span of its members' dates.
    Members,
    /// No date at all.
    None,
}

impl DateSource {
    /// The name stored and reported.
    pub fn name(self) -> &'static str {
        match self {
            DateSource::Text => "text",
            DateSource::Metadata => "metadata",
            DateSource::FileTime => "file_time",
            DateSource::Members => "members",
            DateSource::None => "none",
        }
    }
}

/// One sensitive element of a file, all its occurrences together. Its
/// masked form is made where it is shown or stored (`masked`), so that a
/// file with a million elements holds each once.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityRecord {
    pub kind: EntityType,
    /// HMAC-SHA256 of the normalized value under the case key.
    pub fingerprint: Fingerprint,
    pub count: u32,
    /// Where it first occurs in the file.
    pub location: String,
    pub confidence: f32,
    /// The normalized value: held in memory for `--reveal`, never stored.
    pub value: String,
}

impl EntityRecord {
    /// The value as it may be shown: at most its last four characters.
    pub fn masked(&self) -> String {
        crate::mask(self.kind, &self.value)
    }
}

/// A counterparty a file belongs to, and how that was recognized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CounterpartyLink {
    pub id: String,
    pub how: Vec<String>,
}

/// Everything the inventory established about one file.
#[derive(Debug, Clone, PartialEq)]
pub struct FileRecord {
    /// Relative to the scanned root; `ARCHIVE!member` inside containers.
    pub path: String,
    /// The scanned root (the PATH argument) the file was found under.
    pub root: String,
    pub host: String,
    /// 0 for a file, 1 for a member of an archive or mail, and so on.
    pub depth: u32,
    pub size: u64,
    pub blake3: String,
    pub kind: String,
    pub class: DocClass,
    /// The cues that decided the class.
    pub class_cues: Vec<String>,
    pub dates: Option<(NaiveDate, NaiveDate)>,
    pub date_source: DateSource,
    pub entities: Vec<EntityRecord>,
    pub counterparties: Vec<CounterpartyLink>,
    /// Why the file, or part of it, was not scanned.
    pub errors: Vec<String>,
}

impl FileRecord {
    /// Whether some of the file could not be scanned.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }
}
