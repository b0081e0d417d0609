//! One document's facts, gathered segment by segment: the detectors run
//! over each segment's text, the text is folded once for the classifier
//! and the counterparty matcher, and the results accumulate until
//! `finish` decides class, dates and counterparties for the document.

use crate::classify::{ClassTally, Classifier, OPENING, TITLE};
use crate::counterparty::Counterparties;
use crate::dates::{self, FoundDate, Order};
use crate::entities::{is_own_mailbox, overlaps_one_of, EntityScanner, Hit};
use crate::fold::fold_words;
use crate::gate::{ItemizingGate, ItemizingPermit, FREE_VALUES, STEP};
use crate::rows::{Pending, RowBlock};
use breachscope_core::{CaseKey, DocClass, EntityRecord, EntityType, Origin, Segment};
use chrono::NaiveDate;
use foldhash::{HashMap, HashMapExt};
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

/// Distinct values kept per document; beyond it elements are counted in
/// aggregate only, so a hostile file cannot grow memory without bound. A
/// value takes about 100 bytes here and as many in its file record: a
/// million (a customer export of a quarter of a million rows) is 200 MB.
const MAX_DISTINCT_VALUES: usize = 1_000_000;

/// Names a document holds waiting for their label's word (see
/// `LabelNames`); past them, such names are not kept.
const MAX_UNSURE_NAMES: usize = 100_000;

/// The names under a label vouch for its unknown given names when at
/// least this many open with a known given name...
const VOUCHING_NAMES: u32 = 5;
/// ...and they are at least three in five of its names.
const VOUCHING_SHARE: (u32, u32) = (3, 5);

/// How much of a document's folded text the classifier reads: a record's
/// kind shows in its first pages; past them, counting cues costs time and
/// changes nothing.
const CLASS_CUES_WITHIN: usize = 1 << 20;

/// How sure a name is that the master list says is an individual's.
const LISTED_PERSON_SCORE: f32 = 0.9;

/// Dates outside this range are not taken as document dates.
const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1980..=2049;

/// Every detector, compiled once and shared by all scanning threads.
#[derive(Debug)]
pub struct Detector {
    pub entities: EntityScanner,
    pub classifier: Classifier,
    pub counterparties: Counterparties,
    /// The case key that fingerprints each element.
    key: CaseKey,
    /// Bounds the values all documents itemize at once.
    gate: ItemizingGate,
}

impl Detector {
    /// Detectors with the built-in data and the given master list,
    /// fingerprinting under `key`.
    pub fn new(counterparties: Counterparties, key: CaseKey) -> Detector {
        Detector {
            entities: EntityScanner::new(),
            classifier: Classifier::builtin(),
            counterparties,
            key,
            gate: ItemizingGate::default(),
        }
    }

    /// Starts the facts of one document named `file_name`.
    pub fn begin(&self, file_name: &str) -> DocumentScan<'_> {
        let mut class = self.classifier.tally();
        let folded_name = fold_words(&file_name.replace(['_', '-', '.'], " "));
        self.classifier.count(&mut class, &folded_name, usize::MAX, 0);
        DocumentScan {
            detector: self,
            entities: HashMap::new(),
            distinct: 0,
            overflow: 0,
            class,
            folded_seen: 0,
            dates: DocumentDates::default(),
            parties: BTreeMap::new(),
            scratch: Vec::new(),
            permit: None,
            label_names: HashMap::new(),
            unsure_names: 0,
            rows: RowBlock::default(),
        }
    }
}

/// A document's facts, ready to report and store.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentFacts {
    /// Its elements, each fingerprinted, in order of type and value.
    pub entities: Vec<EntityRecord>,
    pub class: DocClass,
    pub class_cues: Vec<String>,
    /// The dates the text is about (birth dates excluded).
    pub text_dates: Option<(NaiveDate, NaiveDate)>,
    /// Counterparty ids with how each was recognized.
    pub counterparties: BTreeMap<String, BTreeSet<&'static str>>,
    /// Problems met while scanning (never holding a sensitive value).
    pub notes: Vec<String>,
}

/// One distinct value's occurrences so far.
#[derive(Debug)]
struct Tally {
    count: u32,
    score: f32,
    /// Where it first occurs.
    location: Box<str>,
}

/// The names after one generic label in a document (a table's column
/// header in one sheet, a list's repeated field): those that open with a
/// known given name, and those that do not (nobody's on their own:
/// sheets label products and totals "Name" too). A label whose names are
/// mostly known ones heads a list of people: its other names are
/// theirs too (a customer export's given names no list holds).
#[derive(Debug, Default)]
struct LabelNames {
    known: u32,
    unsure: Vec<(Hit, Box<str>)>,
}

impl LabelNames {
    /// Whether the label heads a list of people.
    fn vouches(&self) -> bool {
        let (part, whole) = VOUCHING_SHARE;
        let names = self.known as usize + self.unsure.len();
        self.known >= VOUCHING_NAMES && self.known as usize * whole as usize >= names * part as usize
    }
}

/// Facts of one document in the making.
#[derive(Debug)]
pub struct DocumentScan<'d> {
    detector: &'d Detector,
    /// Elements by type, then by value (looked up without allocating; a
    /// customer export makes millions of lookups, hence foldhash).
    entities: HashMap<EntityType, HashMap<String, Tally>>,
    distinct: usize,
    overflow: u64,
    class: ClassTally,
    folded_seen: usize,
    /// The dates the text is about, so far.
    dates: DocumentDates,
    parties: BTreeMap<String, BTreeSet<&'static str>>,
    /// Working space of the counterparty matcher.
    scratch: Vec<u8>,
    /// The values taken past the `FREE_VALUES` ones, if any.
    permit: Option<ItemizingPermit>,
    /// The names after each generic label, by sheet (none outside a
    /// workbook) and label.
    label_names: HashMap<String, HashMap<String, LabelNames>>,
    unsure_names: usize,
    /// The sheet's rows read last, and the names waiting for one of them.
    rows: RowBlock,
}

/// A document's facts, and the permit for the values it itemized past its
/// free ones: returned when dropped, which should be once its record is
/// written.
#[derive(Debug)]
pub struct Finished {
    pub facts: DocumentFacts,
    pub permit: Option<ItemizingPermit>,
}

impl DocumentScan<'_> {
    /// Runs every detector over one segment; hits starting before byte
    /// `skip` are ignored (the overlap a streamed chunk repeats from the
    /// previous one).
    pub fn feed_text(&mut self, segment: &Segment, skip: usize) {
        let d = self.detector;
        let text = segment.text.as_str();
        let found = d.entities.scan(text);
        let unread = &text[skip.min(text.len())..];
        let mut named = d.counterparties.in_text(unread, &mut self.scratch);
        // The master list's individuals, where no element found holds
        // their name (the name read another way, an e-mail address).
        named
            .people
            .retain(|span| !overlaps_one_of(&found.hits, span.start + skip..span.end + skip));
        let people = listed_people(&d.entities, text, skip, &named.people);
        let row = match &segment.origin {
            Origin::Row { sheet, row, .. } => Some((sheet.as_str(), *row)),
            _ => None,
        };
        let left = match row {
            Some((sheet, row)) => self.rows.enter(sheet, row),
            None => self.rows.end(),
        };
        self.hand_to_labels(left);
        if row.is_some() {
            self.rows_vouch(&found.hits[..]);
        }
        for hit in found.hits.into_iter().filter(|h| h.start >= skip).chain(people) {
            if hit.kind == EntityType::DateOfBirth {
                // A birth date written day first says how the document's
                // other numeric dates read.
                if let Some(order) = dates::numeric_order(&text[hit.start..hit.end]) {
                    self.dates.vote(order);
                }
            }
            let start = hit.start;
            self.add(hit, || segment.origin.locate(start));
        }
        let sheet = segment.origin.sheet().unwrap_or("");
        for name in found.generic_names.into_iter().filter(|n| n.at >= skip) {
            let full = self.unsure_names >= MAX_UNSURE_NAMES;
            match name.unsure {
                None => self.names_under(sheet, name.label).known += 1,
                Some(_) if full => {}
                Some(unsure) => {
                    let location = segment.origin.locate(unsure.start).into_boxed_str();
                    match row {
                        // A sheet's row: the rows around it may vouch for it.
                        Some((_, row)) => {
                            let pending = Pending {
                                sheet: sheet.to_string(),
                                row,
                                label: name.label,
                                name: unsure,
                                location,
                            };
                            if let Some(vouched) = self.rows.hold(pending) {
                                self.add(vouched.name, || vouched.location.into_string());
                            }
                        }
                        None => {
                            self.names_under(sheet, name.label).unsure.push((unsure, location));
                            self.unsure_names += 1;
                        }
                    }
                }
            }
        }
        let plausible =
            |found: &FoundDate| found.start >= skip && PLAUSIBLE_YEARS.contains(&chrono::Datelike::year(&found.date));
        for found in found.dates.into_iter().filter(plausible) {
            self.dates.add(found);
        }
        for quarter in found.quarters.into_iter().filter(plausible) {
            self.dates.quarters.add(quarter.date, quarter.through);
        }
        // A document that names no day or month may name a period with a
        // year alone (its quarters are periods too); looked for in its
        // first pages, as its class is.
        if self.dates.names_no_day() && self.folded_seen < CLASS_CUES_WITHIN {
            for period in d.entities.periods(text, &found.windows).into_iter().filter(plausible) {
                self.dates.periods.add(period.date, period.through);
            }
        }
        if self.folded_seen < CLASS_CUES_WITHIN {
            // The classifier reads a document's first pages, folded.
            let budget = CLASS_CUES_WITHIN - self.folded_seen;
            let folded = fold_words(&unread[..floor_char_boundary(unread, budget.min(unread.len()))]);
            // A table's column labels say what fields it has, not what
            // record it is: only a title row (one cell) counts as opening.
            let table_row = matches!(&segment.origin, Origin::Row { cells, .. } if cells.len() > 1);
            let (opening, title) = if table_row {
                (0, 0)
            } else {
                (
                    OPENING.saturating_sub(self.folded_seen),
                    TITLE.saturating_sub(self.folded_seen),
                )
            };
            let cues = &folded[..floor_char_boundary(&folded, budget.min(folded.len()))];
            d.classifier.count(&mut self.class, cues, opening, title);
            self.folded_seen += folded.len();
        }
        for (party, reason) in named.parties {
            self.parties.entry(party.id.clone()).or_default().insert(reason.name());
        }
    }

    /// Tallies one element found at `location`, and the counterparty it
    /// may identify.
    fn add(&mut self, hit: Hit, location: impl FnOnce() -> String) {
        let d = self.detector;
        if let Some((party, reason)) = d.counterparties.for_element(&hit) {
            self.parties.entry(party.id.clone()).or_default().insert(reason.name());
        }
        // One lookup whether the value is new or seen: a customer
        // export's values are nearly all new, and its table too large
        // for the cache.
        match self.entities.entry(hit.kind).or_default().entry(hit.value) {
            Entry::Occupied(mut seen) => {
                let tally = seen.get_mut();
                tally.count += 1;
                tally.score = tally.score.max(hit.score);
            }
            Entry::Vacant(new) if self.distinct < MAX_DISTINCT_VALUES => {
                let taken = self.permit.as_ref().map_or(0, ItemizingPermit::values);
                if self.distinct >= FREE_VALUES + taken {
                    self.permit.get_or_insert_with(|| d.gate.permit()).take(STEP);
                }
                self.distinct += 1;
                new.insert(Tally {
                    count: 1,
                    score: hit.score,
                    location: location().into_boxed_str(),
                });
            }
            Entry::Vacant(_) => self.overflow += 1,
        }
    }

    /// Birth dates whose day and month the numbers left open (kept as
    /// written, `04/03/1985`), read in the order the document's other
    /// numeric dates settle (`28/04/1990` in the next row: day first).
    fn settle_birth_dates(&mut self, day_first: bool) {
        let Some(births) = self.entities.get_mut(&EntityType::DateOfBirth) else {
            return;
        };
        let open: Vec<String> = births.keys().filter(|value| value.contains('/')).cloned().collect();
        for written in open {
            let Some(date) = dates::settle_ambiguous(&written, day_first) else {
                continue;
            };
            let tally = births.remove(&written).expect("listed above");
            match births.entry(date.to_string()) {
                Entry::Occupied(mut seen) => {
                    let seen = seen.get_mut();
                    seen.count += tally.count;
                    seen.score = seen.score.max(tally.score);
                    self.distinct -= 1;
                }
                Entry::Vacant(new) => {
                    new.insert(tally);
                }
            }
        }
    }

    /// The current sheet row's SIN, birth date or card, or the mailbox of
    /// a name on the rows just before it, vouch for the names the rows
    /// hold (see `rows`).
    fn rows_vouch(&mut self, hits: &[Hit]) {
        let mut vouched = Vec::new();
        if hits.iter().any(Hit::is_a_persons_own) {
            vouched = self.rows.personal();
        }
        for email in hits.iter().filter(|h| h.kind == EntityType::Email) {
            vouched.extend(self.rows.mailbox(|name| is_own_mailbox(&email.value, name)));
        }
        for pending in vouched {
            self.add(pending.name, || pending.location.into_string());
        }
    }

    /// Names the sheet's rows did not vouch for: their labels' columns may.
    fn hand_to_labels(&mut self, left: Vec<Pending>) {
        for pending in left {
            if self.unsure_names >= MAX_UNSURE_NAMES {
                return;
            }
            self.names_under(&pending.sheet, pending.label)
                .unsure
                .push((pending.name, pending.location));
            self.unsure_names += 1;
        }
    }

    /// The names after `label` in `sheet`.
    fn names_under(&mut self, sheet: &str, label: String) -> &mut LabelNames {
        if !self.label_names.contains_key(sheet) {
            self.label_names.insert(sheet.to_string(), HashMap::new());
        }
        let labels = self.label_names.get_mut(sheet).expect("inserted above");
        labels.entry(label).or_default()
    }

    /// The document's facts, with the permit it may hold.
    pub fn finish(mut self) -> Finished {
        let left = self.rows.end();
        self.hand_to_labels(left);
        let vouched: Vec<(Hit, Box<str>)> = std::mem::take(&mut self.label_names)
            .into_values()
            .flat_map(HashMap::into_values)
            .filter(LabelNames::vouches)
            .flat_map(|column| column.unsure)
            .collect();
        for (name, location) in vouched {
            self.add(name, || location.into_string());
        }
        if let Some(day_first) = self.dates.day_first() {
            self.settle_birth_dates(day_first);
        }
        if let Some(permit) = &mut self.permit {
            permit.scanned();
        }
        let decision = self.detector.classifier.decide(&self.class);
        let key = &self.detector.key;
        // Sized at once: grown by doubling, a million elements' records
        // were held twice over while they moved to a larger block.
        let mut entities = Vec::with_capacity(self.distinct);
        for (kind, values) in self.entities {
            entities.extend(values.into_iter().map(|(value, tally)| EntityRecord {
                kind,
                fingerprint: key.fingerprint(&value),
                count: tally.count,
                location: tally.location.into_string(),
                confidence: tally.score,
                value,
            }));
        }
        // (kind, value) pairs are distinct: an unstable sort orders them alike.
        entities.sort_unstable_by(|a, b| (a.kind, &a.value).cmp(&(b.kind, &b.value)));
        let mut notes = Vec::new();
        if self.overflow > 0 {
            notes.push(format!(
                "more than {MAX_DISTINCT_VALUES} distinct sensitive values: {} further occurrences counted but not itemized",
                self.overflow
            ));
        }
        Finished {
            facts: DocumentFacts {
                entities,
                class: decision.class,
                class_cues: decision.cues,
                text_dates: self.dates.span(),
                counterparties: self.parties,
                notes,
            },
            permit: self.permit,
        }
    }
}

/// The names of the master list's people (individuals, contacts) in `text[skip..]`
/// (`people`, their spans from `skip`) as person names, where the text
/// writes them as names: the list says they are people, whatever words
/// are around them. Made one at a time, as they are tallied.
fn listed_people<'t>(
    entities: &'t EntityScanner,
    text: &'t str,
    skip: usize,
    people: &'t [Range<usize>],
) -> impl Iterator<Item = Hit> + 't {
    people.iter().filter_map(move |span| {
        let (start, end) = (span.start + skip, span.end + skip);
        Some(Hit {
            kind: EntityType::PersonName,
            value: entities.listed_person(text, start..end)?,
            start,
            end,
            score: LISTED_PERSON_SCORE,
        })
    })
}

/// The first and last days a document's dates speak of, its numeric
/// dates' order settled by the document: `03/04/2022` is read as the
/// document's other numeric dates are written (day first if one says
/// `28/01/2022`), or, when none says, as both its readings.
#[derive(Debug, Default)]
struct DocumentDates {
    /// The dates whose reading is not in question.
    settled: Span,
    /// Numeric dates that read day first, and month first.
    day_first_votes: u32,
    month_first_votes: u32,
    /// The dates whose order is open, read day first and month first.
    day_first: Span,
    month_first: Span,
    /// The quarters named: beside the days and months if any is named,
    /// else beside the other periods.
    quarters: Span,
    /// The periods named with a year alone, read while no day or month
    /// is (see `periods`): the document's dates only if none is.
    periods: Span,
}

/// The first and last of some days.
#[derive(Debug, Default, Clone, Copy)]
struct Span(Option<(NaiveDate, NaiveDate)>);

impl Span {
    fn add(&mut self, first: NaiveDate, last: NaiveDate) {
        let (low, high) = self.0.get_or_insert((first, last));
        *low = (*low).min(first);
        *high = (*high).max(last);
    }

    /// How many days it covers.
    fn days(self) -> Option<i64> {
        self.0.map(|(first, last)| (last - first).num_days())
    }

    fn join(mut self, other: Span) -> Span {
        if let Some((first, last)) = other.0 {
            self.add(first, last);
        }
        self
    }
}

impl DocumentDates {
    fn add(&mut self, found: FoundDate) {
        if let Order::Either { month_first } = found.order {
            self.day_first.add(found.date, found.through);
            self.month_first.add(month_first, month_first);
            return;
        }
        self.vote(found.order);
        self.settled.add(found.date, found.through);
    }

    /// Counts how a numeric date of the document (a birth date's too) was
    /// written: day first, or month first.
    fn vote(&mut self, order: Order) {
        match order {
            Order::DayFirst => self.day_first_votes += 1,
            Order::MonthFirst => self.month_first_votes += 1,
            Order::Settled | Order::Either { .. } => {}
        }
    }

    /// Whether the document writes its numeric dates day first (true) or
    /// month first (false), if its dates say.
    fn day_first(&self) -> Option<bool> {
        match self.day_first_votes.cmp(&self.month_first_votes) {
            std::cmp::Ordering::Greater => Some(true),
            std::cmp::Ordering::Less => Some(false),
            std::cmp::Ordering::Equal => None,
        }
    }

    /// Whether no day or month is known yet.
    fn names_no_day(&self) -> bool {
        self.settled.0.is_none() && self.day_first.0.is_none() && self.month_first.0.is_none()
    }

    /// The first and last days the document is about: of the days,
    /// months and quarters it names, or, naming no day or month, of the
    /// periods it names ("Q3 2023", "H1 2024", "Roadmap 2023-2025").
    fn span(&self) -> Option<(NaiveDate, NaiveDate)> {
        if self.names_no_day() {
            return self.quarters.join(self.periods).0;
        }
        self.days_span()
    }

    /// The first and last of the days and months named. With no numeric
    /// date to settle the order, the reading that keeps the document's
    /// other dates closest together is taken (a document writes its dates
    /// one way: "March 4, 2022" beside "03/04/2022" makes it the 4th of
    /// March), and both when neither does.
    fn days_span(&self) -> Option<(NaiveDate, NaiveDate)> {
        let settled = self.settled.join(self.quarters);
        let (day_first, month_first) = (settled.join(self.day_first), settled.join(self.month_first));
        match self.day_first() {
            Some(true) => day_first.0,
            Some(false) => month_first.0,
            None => match (day_first.days(), month_first.days()) {
                (Some(a), Some(b)) if settled.0.is_some() && a != b => {
                    if a < b {
                        day_first.0
                    } else {
                        month_first.0
                    }
                }
                _ => day_first.join(month_first).0,
            },
        }
    }
}

/// The largest character boundary of `s` at or before `i`.
fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_gathers_facts_across_segments() {
        let detector = Detector::new(Counterparties::default(), CaseKey::from_secret(b"test"));
        let mut doc = detector.begin("INV-10422.docx");
        doc.feed_text(
            &Segment::new("INVOICE\nInvoice date: 2022-01-28\nBill to: Acme", Origin::Page(1)),
            0,
        );
        doc.feed_text(
            &Segment::new(
                "Pay to account 003-12345-1234567 by 2022-02-27.\nSIN: 130 692 544",
                Origin::Page(2),
            ),
            0,
        );
        doc.feed_text(
            &Segment::new("Again 003-12345-1234567. Date of birth: 1984-03-12", Origin::Page(3)),
            0,
        );
        let facts = doc.finish().facts;
        assert_eq!(facts.class, DocClass::Invoice);
        assert!(!facts.class_cues.is_empty());
        assert_eq!(
            facts.text_dates.map(|(a, b)| (a.to_string(), b.to_string())),
            Some(("2022-01-28".into(), "2022-02-27".into()))
        );
        let bank = facts
            .entities
            .iter()
            .find(|e| e.kind == EntityType::CaBankAccount)
            .unwrap();
        assert_eq!((bank.count, bank.location.as_str()), (2, "page:2"));
        assert!(facts.entities.iter().any(|e| e.kind == EntityType::CaSin));
        assert!(facts
            .entities
            .iter()
            .any(|e| e.kind == EntityType::DateOfBirth && e.value == "1984-03-12"));
    }

    /// The first and last days a document of `pages` is about.
    fn dates_of(detector: &Detector, pages: &[&str]) -> Option<(String, String)> {
        let mut doc = detector.begin("a.txt");
        for (page, text) in pages.iter().enumerate() {
            doc.feed_text(&Segment::new(*text, Origin::Page(page as u32 + 1)), 0);
        }
        doc.finish()
            .facts
            .text_dates
            .map(|(a, b)| (a.to_string(), b.to_string()))
    }

    #[test]
    fn a_documents_numeric_dates_are_read_in_its_order() {
        let detector = Detector::new(Counterparties::default(), CaseKey::from_secret(b"test"));
        let span = |text: &str| dates_of(&detector, &[text]);
        let dates = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        // Another date says day first, or month first.
        assert_eq!(
            span("Invoice date: 03/04/2022\nDue: 28/04/2022"),
            dates("2022-04-03", "2022-04-28")
        );
        assert_eq!(
            span("Invoice date: 03/04/2022\nDue: 04/28/2022"),
            dates("2022-03-04", "2022-04-28")
        );
        // None says: both readings.
        assert_eq!(span("Dated 03/04/2022."), dates("2022-03-04", "2022-04-03"));
        // Another date in words or ISO order: the reading nearest to it.
        assert_eq!(
            span("Invoice date: March 4, 2022\nShip date: 03/04/2022"),
            dates("2022-03-04", "2022-03-04")
        );
        assert_eq!(
            span("Dated 03/04/2022, paid 2022-04-05."),
            dates("2022-04-03", "2022-04-05")
        );
        // A label in French says day first, for the document's other dates too.
        assert_eq!(
            span("Date de facture : 03/04/2022\nÉchéance : 05/04/2022\nRef 06/07/2022"),
            dates("2022-04-03", "2022-07-06")
        );
    }

    #[test]
    fn a_two_digit_year_or_a_compact_date_counts_only_where_labelled_as_a_date() {
        let detector = Detector::new(Counterparties::default(), CaseKey::from_secret(b"test"));
        let span = |text: &str| dates_of(&detector, &[text]);
        let dates = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(
            span("Invoice date: 03/14/22\nDate d'échéance : 14.04.22"),
            dates("2022-03-14", "2022-04-14")
        );
        assert_eq!(span("Ratio 12/10/15, part 3.4.22, order 20220128"), None);
        assert_eq!(span("Date: 20220128"), dates("2022-01-28", "2022-01-28"));
        let mut doc = detector.begin("a.txt");
        doc.feed_text(&Segment::new("D.O.B.: 03/14/85\nDOB 19850304", Origin::Page(1)), 0);
        let births: Vec<String> = doc
            .finish()
            .facts
            .entities
            .into_iter()
            .filter(|e| e.kind == EntityType::DateOfBirth)
            .map(|e| e.value)
            .collect();
        assert_eq!(births, ["1985-03-04", "1985-03-14"]);
    }

    /// The person's names a sheet of `rows` holds, each row's cells
    /// labelled by the header as the readers label them, in `sheets`.
    fn names_in_rows(sheets: &[(&str, &[&str])]) -> Vec<(String, String)> {
        let detector = Detector::new(Counterparties::default(), CaseKey::from_secret(b"test"));
        let mut doc = detector.begin("export.xlsx");
        for (sheet, names) in sheets {
            for (i, name) in names.iter().enumerate() {
                let text = format!("ID: {i}\tName: {name}");
                let cells = vec![(0, 0), (text.find("Name").unwrap(), 1)];
                let row = Origin::Row {
                    sheet: sheet.to_string(),
                    row: i as u32 + 2,
                    cells,
                };
                doc.feed_text(&Segment::new(text, row), 0);
            }
        }
        doc.finish()
            .facts
            .entities
            .into_iter()
            .filter(|e| e.kind == EntityType::PersonName)
            .map(|e| (e.value, e.location))
            .collect()
    }

    #[test]
    fn a_column_of_peoples_names_vouches_for_its_unknown_given_names() {
        let known = ["Marie Tremblay", "John Smith", "Luc Gagnon", "Sarah Lee", "David Roy"];
        let people: Vec<&str> = known.iter().chain(&["Kadence Wexcombe"]).copied().collect();
        let found = names_in_rows(&[("Customers", &people)]);
        assert_eq!(found.len(), 6, "{found:?}");
        assert!(found.contains(&("Kadence Wexcombe".into(), "cell:Customers!B7".into())));
        // Too few known names to say what the column lists.
        let found = names_in_rows(&[("Customers", &["Marie Tremblay", "Kadence Wexcombe", "Misty Abernathy"])]);
        assert_eq!(found, [("Marie Tremblay".to_string(), "cell:Customers!B2".to_string())]);
        // A column of anything with a few people in it vouches for nothing.
        let mixed = [
            "Grand Total",
            "Row Labels",
            "Summer Sale",
            "Decrease Cost",
            "Marie Tremblay",
            "John Smith",
            "Luc Gagnon",
            "Sarah Lee",
            "David Roy",
        ];
        let found = names_in_rows(&[("Report", &mixed)]);
        assert_eq!(found.len(), 5, "{found:?}");
        // Another sheet's column is another column.
        let found = names_in_rows(&[("Customers", &known), ("Notes", &["Kadence Wexcombe"])]);
        assert_eq!(found.len(), 5, "{found:?}");
        // A list's repeated field vouches as a column does (a Word or PDF
        // table, records one after another); another label is another list.
        let detector = Detector::new(Counterparties::default(), CaseKey::from_secret(b"test"));
        let names_in = |text: &str| {
            let mut doc = detector.begin("a.txt");
            doc.feed_text(&Segment::new(text, Origin::Page(1)), 0);
            let facts = doc.finish().facts;
            facts
                .entities
                .iter()
                .filter(|e| e.kind == EntityType::PersonName)
                .count()
        };
        let list: String = people.iter().map(|name| format!("Name: {name}\n\n")).collect();
        assert_eq!(names_in(&list), 6);
        assert_eq!(names_in(&list.replace("Name: Kadence", "Contact: Kadence")), 5);
        // Alone, it is a person's when a mailbox of its own follows it.
        assert_eq!(names_in("Name: Kadence Wexcombe\nEmail: info@example.com"), 0);
        assert_eq!(names_in("Name: Kadence Wexcombe\nEmail: kw@example.com"), 1);
    }

    #[test]
    fn the_master_lists_individuals_are_people_wherever_they_are_named() {
        let list = "id,name,kind\nI-1,Kenyatta Cole,individual\nI-2,Hélène Côté,individual\nC-1,Jean Coutu,customer\n";
        let list = Counterparties::parse(std::path::Path::new("list.csv"), list).unwrap();
        let detector = Detector::new(list, CaseKey::from_secret(b"test"));
        let names = |text: &str| -> Vec<(String, u32, String)> {
            let mut doc = detector.begin("a.txt");
            // The chunk's first bytes repeat the previous chunk's last.
            doc.feed_text(
                &Segment::new(format!("Kenyatta Cole {text}"), Origin::TextOffset(100)),
                14,
            );
            let mut names: Vec<_> = doc
                .finish()
                .facts
                .entities
                .into_iter()
                .filter(|e| e.kind == EntityType::PersonName)
                .map(|e| (e.value, e.count, e.location))
                .collect();
            names.sort();
            names
        };
        let found = |name: &str, count, at| (name.to_string(), count, format!("offset:{at}"));
        // With no other sign of a person: the list says they are one.
        assert_eq!(names("Please call Kenyatta Cole."), [found("Kenyatta Cole", 1, 126)]);
        // Surname first, in capitals, with its accents or without: the
        // same people.
        assert_eq!(
            names("COLE, Kenyatta. Re: Helene COTE"),
            [found("Helene Cote", 1, 134), found("Kenyatta Cole", 1, 114)]
        );
        assert_eq!(names("Re: Hélène Côté"), [found("Hélène Côté", 1, 118)]);
        // Not an e-mail address, a firm named after them, a customer.
        assert_eq!(
            names("kenyatta.cole@example.com Kenyatta Cole Consulting Jean Coutu"),
            []
        );
        assert_eq!(names("Kenyatta Cole, Inc."), []);
        // Where a name is read another way too, it counts once.
        assert_eq!(names("Applicant: Kenyatta Cole"), [found("Kenyatta Cole", 1, 125)]);
    }

    #[test]
    fn a_sheets_form_rows_vouch_for_its_name_as_a_texts_lines_do() {
        let detector = Detector::new(Counterparties::default(), CaseKey::from_secret(b"test"));
        let names = |rows: &[(&str, u32, &str)]| -> Vec<(String, String)> {
            let mut doc = detector.begin("form.xlsx");
            for &(sheet, row, text) in rows {
                let origin = Origin::Row {
                    sheet: sheet.into(),
                    row,
                    cells: vec![(0, 0), (text.find('\t').map_or(0, |t| t + 1), 1)],
                };
                doc.feed_text(&Segment::new(text, origin), 0);
            }
            let facts = doc.finish().facts;
            facts
                .entities
                .into_iter()
                .filter(|e| e.kind == EntityType::PersonName)
                .map(|e| (e.value, e.location))
                .collect()
        };
        let found = |name: &str, at: &str| vec![(name.to_string(), at.to_string())];
        // A SIN or birth date on a row of the block, after the name or before.
        assert_eq!(
            names(&[
                ("Form", 3, "Name\tName: Misty Ward"),
                ("Form", 4, "SIN\tSIN: 130 692 544")
            ]),
            found("Misty Ward", "cell:Form!B3")
        );
        assert_eq!(
            names(&[
                ("Form", 3, "Date of birth\tDate of birth: 1980-05-17"),
                ("Form", 4, "Name\tName: Misty Ward")
            ]),
            found("Misty Ward", "cell:Form!B4")
        );
        // The name's own mailbox on the next row.
        assert_eq!(
            names(&[
                ("Form", 1, "Name\tName: Misty Ward"),
                ("Form", 2, "Email\tEmail: misty.ward@example.com")
            ]),
            found("Misty Ward", "cell:Form!B1")
        );
        // Not past a blank row, in another sheet, or nine rows away.
        assert!(names(&[
            ("Form", 1, "Name\tName: Misty Ward"),
            ("Form", 3, "SIN\tSIN: 130 692 544")
        ])
        .is_empty());
        assert!(names(&[("A", 1, "Name\tName: Misty Ward"), ("B", 2, "SIN\tSIN: 130 692 544")]).is_empty());
        let far: Vec<(&str, u32, &str)> = std::iter::once(("Form", 1, "Name\tName: Misty Ward"))
            .chain((2..=9).map(|row| ("Form", row, "Note\tNote: n/a")))
            .chain(std::iter::once(("Form", 10, "SIN\tSIN: 130 692 544")))
            .collect();
        assert!(names(&far).is_empty());
    }

    #[test]
    fn a_counterpartys_contact_is_a_person_but_says_nothing_of_whose_record() {
        let list = "id,name,kind,aliases,domains,identifiers,contact\n\
                    C-1,Bolduc & Fils,customer,,,,Zoltar Quennell <zq@bolducfils.ca>\n\
                    S-1,Northern Packaging,supplier,,,,Accounts Payable <ap@np.ca>; Ngozi Adeyemi\n";
        let list = Counterparties::parse(std::path::Path::new("list.csv"), list).unwrap();
        let detector = Detector::new(list, CaseKey::from_secret(b"test"));
        let facts = |text: &str| {
            let mut doc = detector.begin("a.txt");
            doc.feed_text(&Segment::new(text, Origin::Page(1)), 0);
            let facts = doc.finish().facts;
            let names: Vec<String> = facts
                .entities
                .into_iter()
                .filter(|e| e.kind == EntityType::PersonName)
                .map(|e| e.value)
                .collect();
            let parties: Vec<String> = facts.counterparties.into_keys().collect();
            (names, parties)
        };
        assert_eq!(
            facts("Please call Zoltar Quennell."),
            (vec!["Zoltar Quennell".into()], vec![])
        );
        assert_eq!(
            facts("QUENNELL, Zoltar called"),
            (vec!["Zoltar Quennell".into()], vec![])
        );
        assert_eq!(
            facts("Met Ngozi Adeyemi today."),
            (vec!["Ngozi Adeyemi".into()], vec![])
        );
        // A department is no person; the firm's name links as ever.
        assert_eq!(facts("Accounts Payable, Bolduc & Fils"), (vec![], vec!["C-1".into()]));
    }

    #[test]
    fn a_document_naming_no_day_is_about_the_periods_it_names() {
        let detector = Detector::new(Counterparties::default(), CaseKey::from_secret(b"test"));
        let span = |pages: &[&str]| dates_of(&detector, pages);
        let dates = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(
            span(&["Product Roadmap 2023-2025", "FY2024: launch POS terminal TX-5000"]),
            dates("2023-01-01", "2025-12-31")
        );
        assert_eq!(span(&["Spring 2024 promotion"]), dates("2024-03-01", "2024-05-31"));
        // A quarter is a period as a half or a span of years is, not a day.
        assert_eq!(
            span(&["Product Roadmap 2023-2025\nQ3 2023: new POS line\nH1 2024: cloud sync"]),
            dates("2023-01-01", "2025-12-31")
        );
        assert_eq!(
            span(&["Q3 2023: new POS line\nH1 2024"]),
            dates("2023-07-01", "2024-06-30")
        );
        // Beside a day, a quarter still counts, and a coarser period not.
        assert_eq!(
            span(&["Q3 2021 results, FY2021\nIssued 2021-10-05"]),
            dates("2021-07-01", "2021-10-05")
        );
        // A day named anywhere in the document is what it is about.
        assert_eq!(
            span(&["Spring 2024 promotion", "Valid until April 30, 2024."]),
            dates("2024-04-30", "2024-04-30")
        );
        assert_eq!(
            span(&["Invoice date: 2022-01-28\n© 2019-2024 Demo Co."]),
            dates("2022-01-28", "2022-01-28")
        );
        assert_eq!(span(&["Order 2000 units"]), None);
    }

    #[test]
    fn a_birth_dates_order_is_settled_by_the_documents_other_dates() {
        let detector = Detector::new(Counterparties::default(), CaseKey::from_secret(b"test"));
        let births = |pages: &[&str]| -> Vec<String> {
            let mut doc = detector.begin("a.txt");
            for text in pages {
                doc.feed_text(&Segment::new(*text, Origin::Page(1)), 0);
            }
            let facts = doc.finish().facts;
            facts
                .entities
                .into_iter()
                .filter(|e| e.kind == EntityType::DateOfBirth)
                .map(|e| e.value)
                .collect()
        };
        assert_eq!(
            births(&["DOB: 04/03/1985", "DOB: 28/04/1990"]),
            ["1985-03-04", "1990-04-28"],
            "another birth date written day first"
        );
        assert_eq!(
            births(&["DOB: 04/03/1985\nSigned 04/28/2022"]),
            ["1985-04-03"],
            "a date of the document written month first"
        );
        assert_eq!(
            births(&["DOB: 04/03/1985", "Date of birth: 1985-03-04", "DOB: 28/04/1990"]),
            ["1985-03-04", "1990-04-28"],
            "read, it is the same person's birth date as the one written in full"
        );
        assert_eq!(births(&["DOB: 04/03/1985"]), ["04/03/1985"], "nothing says: as written");
        // French writes day first.
        assert_eq!(births(&["Date de naissance : 04/03/1985"]), ["1985-03-04"]);
        assert_eq!(births(&["Né(e) le : 04/03/1985"]), ["1985-03-04"]);
        assert_eq!(
            births(&["DOB: 04/03/1985\nFait à Montréal le 05/06/2022"]),
            ["1985-03-04"],
            "a date of the document labelled in French"
        );
    }

    #[test]
    fn overlap_is_not_counted_twice() {
        let detector = Detector::new(Counterparties::default(), CaseKey::from_secret(b"test"));
        let mut doc = detector.begin("a.txt");
        doc.feed_text(&Segment::new("mail a@b.ca", Origin::TextOffset(0)), 0);
        doc.feed_text(&Segment::new("a@b.ca and c@d.ca", Origin::TextOffset(5)), 6);
        let facts = doc.finish().facts;
        let counts: Vec<u32> = facts.entities.iter().map(|e| e.count).collect();
        assert_eq!(counts, [1, 1]);
    }

    #[test]
    fn a_customer_export_is_itemized_whole() {
        // More distinct values than the former cap of 50,000: every one is
        // listed, with its own fingerprint.
        let detector = Detector::new(Counterparties::default(), CaseKey::from_secret(b"test"));
        let mut doc = detector.begin("customers.csv");
        let rows: String = (0..60_000).map(|i| format!("CU{i}, user{i}@example.ca\n")).collect();
        doc.feed_text(&Segment::new(rows, Origin::TextOffset(0)), 0);
        let facts = doc.finish().facts;
        assert!(facts.notes.is_empty(), "{:?}", facts.notes);
        assert_eq!(facts.entities.len(), 60_000);
        let distinct: std::collections::HashSet<_> = facts.entities.iter().map(|e| e.fingerprint).collect();
        assert_eq!(distinct.len(), 60_000);
    }
}
