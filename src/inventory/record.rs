//! Turns what the readers report for one evidence file into file records:
//! runs the detectors over each document's segments, decides its dates,
//! masks and fingerprints its elements. Identical content (same BLAKE3) is
//! scanned once per run and its facts reused.

use breachscope_core::{CounterpartyLink, DateSource, DocClass, FileRecord, Segment};
use breachscope_detect::{Detector, DocumentFacts, DocumentScan, ItemizingPermit};
use breachscope_extract::{DocInfo, Kind, Sink};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Bytes of facts remembered for reuse: a bound, so that memory stays flat
/// however many files the evidence holds. (Kept small: the cache's many
/// small, long-lived allocations pin about three times their size in the
/// allocator's heaps.)
const DEDUP_BUDGET: usize = 32 << 20;

/// Facts of already scanned content, shared by all scanning threads.
#[derive(Default)]
pub struct SeenContent {
    facts: Mutex<(HashMap<String, Arc<DocumentFacts>>, usize)>,
}

/// How much memory a document's facts take once remembered, allocator
/// overhead included: the small allocations of a small document (its
/// strings, the nodes of its counterparty map) cost more than their bytes,
/// and an estimate by bytes alone let the cache grow to three times its
/// budget.
fn footprint(facts: &DocumentFacts) -> usize {
    use std::mem::size_of;
    // A heap allocation of `len` bytes, as glibc's malloc rounds it.
    let heap = |len: usize| (len + 8).div_ceil(16).max(2) * 16;
    let text = |s: &str| size_of::<String>() + heap(s.len());
    let entities: usize = facts
        .entities
        .iter()
        .map(|e| size_of::<breachscope_core::EntityRecord>() + heap(e.value.len()) + heap(e.location.len()))
        .sum();
    let cues: usize = facts.class_cues.iter().map(|c| text(c)).sum();
    let notes: usize = facts.notes.iter().map(|n| text(n)).sum();
    // A B-tree node holds up to eleven entries; each party's set of reasons
    // is a node of its own.
    const BTREE_NODE: usize = 512;
    let parties: usize = facts.counterparties.keys().map(|id| text(id) + BTREE_NODE / 2).sum();
    let maps = if facts.counterparties.is_empty() { 0 } else { BTREE_NODE };
    // The cache's key (a BLAKE3 in hex), its slot and the shared box.
    const BLAKE3_HEX: usize = 64;
    let entry = size_of::<String>() + heap(BLAKE3_HEX) + 2 * size_of::<usize>() + heap(size_of::<DocumentFacts>() + 16);
    entry + heap(entities) + heap(cues) + notes + parties + maps
}

impl SeenContent {
    fn get(&self, hash: &str) -> Option<Arc<DocumentFacts>> {
        self.facts.lock().ok()?.0.get(hash).cloned()
    }

    fn put(&self, hash: &str, facts: &DocumentFacts) {
        let size = footprint(facts) + hash.len();
        if let Ok(mut guard) = self.facts.lock() {
            let (map, used) = &mut *guard;
            if *used + size <= DEDUP_BUDGET {
                *used += size;
                map.insert(hash.to_string(), Arc::new(facts.clone()));
            }
        }
    }
}

/// What every file record of a run shares.
pub struct RunContext<'a> {
    pub detector: &'a Detector,
    pub host: &'a str,
    pub seen: &'a SeenContent,
}

/// Records a thread holds before handing them on.
const HAND_OVER: usize = 32;
/// Elements a thread holds before handing its records on: a customer
/// export's record is handed on at once, not kept until 31 more files
/// are done.
const HAND_OVER_ELEMENTS: usize = 20_000;

/// Whether records held are enough to hand on.
pub fn ready_to_hand_over(records: &[FileRecord]) -> bool {
    records.len() >= HAND_OVER || records.iter().map(|r| r.entities.len()).sum::<usize>() >= HAND_OVER_ELEMENTS
}

/// Where records go: to the writer, in batches, with the permit a
/// document held to itemize its many values (returned once written).
pub type HandOver<'s> = dyn Fn(Vec<FileRecord>, Option<ItemizingPermit>) + Sync + 's;

/// A sink that makes the file records of one evidence file, handing them
/// on in batches as it goes, so that an archive's members are not all
/// held until its end.
pub struct RecordSink<'s, 'a> {
    run: &'a RunContext<'a>,
    root: String,
    current: Option<(DocInfo, Current<'a>)>,
    /// Records not handed on yet.
    records: Vec<FileRecord>,
    /// The containers whose members are being read, the innermost last:
    /// each is complete (and dated by its members) once a record outside
    /// it comes, or the evidence file ends.
    open_containers: Vec<OpenContainer>,
    hand_over: &'s HandOver<'s>,
}

enum Current<'a> {
    Scanning(Box<DocumentScan<'a>>),
    Reused(Arc<DocumentFacts>),
}

impl<'s, 'a> RecordSink<'s, 'a> {
    /// Records for files found under `root`, handed to `hand_over`.
    pub fn new(run: &'a RunContext<'a>, root: &str, hand_over: &'s HandOver<'s>) -> RecordSink<'s, 'a> {
        RecordSink {
            run,
            root: root.to_string(),
            current: None,
            records: Vec::new(),
            open_containers: Vec::new(),
            hand_over,
        }
    }

    /// The records not handed on yet, those of the containers still open
    /// included: the evidence file has been read.
    pub fn into_records(mut self) -> Vec<FileRecord> {
        while let Some(container) = self.open_containers.pop() {
            self.complete(container.dated());
        }
        self.records
    }

    /// Takes a document's record: a container's waits for its members.
    fn add(&mut self, record: FileRecord, container: bool) {
        while self
            .open_containers
            .last()
            .is_some_and(|open| !holds(&open.record, &record))
        {
            let container = self.open_containers.pop().expect("one is open");
            self.complete(container.dated());
        }
        if container {
            self.open_containers.push(OpenContainer {
                record,
                content: None,
                file_times: None,
            });
        } else {
            self.complete(record);
        }
    }

    /// A record complete: the containers it is in hold what its dates
    /// are about.
    fn complete(&mut self, record: FileRecord) {
        if let Some(dates) = record.dates {
            for container in &mut self.open_containers {
                let span = match record.date_source {
                    DateSource::FileTime => &mut container.file_times,
                    _ => &mut container.content,
                };
                *span = Some(span.map_or(dates, |(min, max)| (min.min(dates.0), max.max(dates.1))));
            }
        }
        self.records.push(record);
    }
}

/// A container whose members are being read, and the dates they are
/// about so far.
struct OpenContainer {
    record: FileRecord,
    /// The span of its members' dates from their text or metadata (or
    /// from their own members').
    content: Option<(NaiveDate, NaiveDate)>,
    /// The span of its members' file times.
    file_times: Option<(NaiveDate, NaiveDate)>,
}

impl OpenContainer {
    /// Its record, dated as its members are: those dated by their content
    /// say what it holds; else their file times; with no member, its own.
    fn dated(self) -> FileRecord {
        let mut record = self.record;
        if let Some(span) = self.content {
            (record.dates, record.date_source) = (Some(span), DateSource::Members);
        } else if let Some(span) = self.file_times {
            (record.dates, record.date_source) = (Some(span), DateSource::FileTime);
        }
        record
    }
}

/// Whether the container `open` holds the document of `record`.
fn holds(open: &FileRecord, record: &FileRecord) -> bool {
    record
        .path
        .strip_prefix(open.path.as_str())
        .is_some_and(|rest| rest.starts_with('!'))
}

impl RecordSink<'_, '_> {
    /// Records a file that was not scanned (its reader crashed, it is a
    /// link not followed) with why: it is listed, not cleared.
    pub fn report_unscanned(&mut self, display: &str, size: u64, kind: Kind, why: &str) {
        let info = DocInfo {
            path: display.to_string(),
            size,
            blake3: String::new(),
            kind,
            modified: None,
            depth: 0,
        };
        self.begin(&info);
        self.end(Vec::new(), vec![why.to_string()]);
    }
}

impl Sink for RecordSink<'_, '_> {
    fn begin(&mut self, info: &DocInfo) -> bool {
        let name = info.path.rsplit(['/', '!']).next().unwrap_or(&info.path);
        let current = match self.run.seen.get(&info.blake3) {
            Some(facts) => Current::Reused(facts),
            None => Current::Scanning(Box::new(self.run.detector.begin(name))),
        };
        let wanted = matches!(current, Current::Scanning(_));
        self.current = Some((info.clone(), current));
        wanted
    }

    fn segment(&mut self, segment: &Segment, skip: usize) {
        if let Some((_, Current::Scanning(scan))) = &mut self.current {
            scan.feed_text(segment, skip);
        }
    }

    fn hashed(&mut self, blake3: String, size: u64) {
        if let Some((info, _)) = &mut self.current {
            info.blake3 = blake3;
            info.size = size;
        }
    }

    fn end(&mut self, meta_dates: Vec<NaiveDate>, mut errors: Vec<String>) {
        let Some((info, current)) = self.current.take() else {
            return;
        };
        let (facts, permit) = match current {
            Current::Scanning(scan) => {
                let finished = scan.finish();
                if errors.is_empty() && !info.blake3.is_empty() {
                    self.run.seen.put(&info.blake3, &finished.facts);
                }
                (finished.facts, finished.permit)
            }
            Current::Reused(facts) => (Arc::unwrap_or_clone(facts), None),
        };
        let DocumentFacts {
            entities,
            class,
            class_cues,
            text_dates,
            counterparties,
            notes,
        } = facts;
        errors.extend(notes);
        let (dates, date_source) = decide_dates(text_dates, &meta_dates, info.modified);
        // A container's members are the records; the container is none.
        let container = info.kind.holds_members_only();
        let (class, class_cues) = if container {
            (
                DocClass::Other,
                vec!["container: its members are classified".to_string()],
            )
        } else {
            (class, class_cues)
        };
        let mut counterparties = counterparties;
        for party in self.run.detector.counterparties.in_path(&info.path) {
            counterparties.entry(party.id.clone()).or_default().insert("path");
        }
        let counterparties = counterparties
            .into_iter()
            .map(|(id, how)| CounterpartyLink {
                id,
                how: how.iter().map(|h| h.to_string()).collect(),
            })
            .collect();
        self.add(
            FileRecord {
                path: info.path,
                root: self.root.clone(),
                host: self.run.host.to_string(),
                depth: info.depth,
                size: info.size,
                blake3: info.blake3,
                kind: info.kind.name().to_string(),
                class,
                class_cues,
                dates,
                date_source,
                entities,
                counterparties,
                errors,
            },
            container,
        );
        if permit.is_some() || ready_to_hand_over(&self.records) {
            (self.hand_over)(std::mem::take(&mut self.records), permit);
        }
    }
}

/// A document's dates: those its text is about; failing that, its
/// metadata's; failing that, the file time.
fn decide_dates(
    text: Option<(NaiveDate, NaiveDate)>,
    meta: &[NaiveDate],
    modified: Option<NaiveDate>,
) -> (Option<(NaiveDate, NaiveDate)>, DateSource) {
    if let Some(range) = text {
        return (Some(range), DateSource::Text);
    }
    if let (Some(min), Some(max)) = (meta.iter().min(), meta.iter().max()) {
        return (Some((*min, *max)), DateSource::Metadata);
    }
    match modified {
        Some(d) => (Some((d, d)), DateSource::FileTime),
        None => (None, DateSource::None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn text_dates_beat_metadata_beat_file_time() {
        let text = Some((day("2021-11-03"), day("2022-01-28")));
        assert_eq!(
            decide_dates(text, &[day("2023-01-01")], Some(day("2024-01-01"))).1,
            DateSource::Text
        );
        let (range, source) = decide_dates(None, &[day("2022-02-01"), day("2021-12-01")], Some(day("2024-01-01")));
        assert_eq!(
            (range, source),
            (Some((day("2021-12-01"), day("2022-02-01"))), DateSource::Metadata)
        );
        assert_eq!(decide_dates(None, &[], Some(day("2024-01-01"))).1, DateSource::FileTime);
        assert_eq!(decide_dates(None, &[], None), (None, DateSource::None));
    }
}
