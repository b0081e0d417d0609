//! What a reader hands on for one document: its segments (within the text
//! bound), the dates its metadata gives, and the problems met.

use crate::reader::Sink;
use breachscope_core::Segment;
use chrono::NaiveDate;

/// One document's output in the making.
pub struct Output<'s> {
    sink: &'s mut dyn Sink,
    wanted: bool,
    text_bytes: usize,
    limit: usize,
    pub meta_dates: Vec<NaiveDate>,
    pub errors: Vec<String>,
}

impl<'s> Output<'s> {
    /// Output to `sink`; `wanted` false drops the text (already scanned).
    pub fn new(sink: &'s mut dyn Sink, wanted: bool, limit: usize) -> Output<'s> {
        Output {
            sink,
            wanted,
            text_bytes: 0,
            limit,
            meta_dates: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// Whether the text is wanted at all.
    pub fn wanted(&self) -> bool {
        self.wanted
    }

    /// Hands on a streamed chunk whose first `skip` bytes repeat the last
    /// one. Streams hold one chunk at a time, so no text bound applies.
    pub fn chunk(&mut self, segment: &Segment, skip: usize) {
        if self.wanted {
            self.sink.segment(segment, skip);
        }
    }

    /// Hands on a segment unless the document's text bound is reached.
    pub fn segment(&mut self, mut segment: Segment) {
        if !self.wanted || segment.text.is_empty() || self.text_bytes >= self.limit {
            return;
        }
        let room = self.limit - self.text_bytes;
        if segment.text.len() > room {
            let mut cut = room;
            while !segment.text.is_char_boundary(cut) {
                cut -= 1;
            }
            segment.text.truncate(cut);
            self.errors
                .push(format!("text over {} MiB: the rest was not scanned", self.limit >> 20));
        }
        self.text_bytes += segment.text.len();
        self.sink.segment(&segment, 0);
    }

    /// Whether the document's text bound is reached: more would be dropped.
    pub fn full(&self) -> bool {
        self.text_bytes >= self.limit
    }

    /// Records a problem with the document.
    pub fn error(&mut self, message: impl Into<String>) {
        self.errors.push(message.into());
    }

    /// Gives the document's BLAKE3 and size, known only once it was all
    /// read.
    pub fn hashed(&mut self, blake3: String, size: u64) {
        self.sink.hashed(blake3, size);
    }

    /// Ends the document.
    pub fn finish(self) {
        self.sink.end(self.meta_dates, self.errors);
    }
}
