//! Bounds that keep hostile evidence (zip bombs, deep nesting, huge
//! files) from exhausting memory or time.

/// Bounds on what one evidence file may make the readers do.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Containers nested deeper than this are reported, not opened.
    pub max_depth: u32,
    /// Members read from one archive at most.
    pub max_members: usize,
    /// Uncompressed bytes read from one archive, all members together.
    pub max_archive_bytes: u64,
    /// Uncompressed bytes of one member held in memory (a text member too
    /// large to hold is streamed instead, within the other bounds).
    pub max_member_bytes: u64,
    /// Uncompressed to compressed ratio above which a member is a bomb.
    pub max_ratio: u64,
    /// Files up to this size are read whole; larger text is streamed.
    pub max_in_memory: u64,
    /// Formats that must be parsed whole (PDF, mail) are refused above this.
    pub max_whole_file: u64,
    /// Text kept from one document; the rest is reported as not scanned.
    pub max_text_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 8,
            max_members: 200_000,
            max_archive_bytes: 16 << 30,
            max_member_bytes: 256 << 20,
            max_ratio: 250,
            max_in_memory: 32 << 20,
            max_whole_file: 256 << 20,
            max_text_bytes: 64 << 20,
        }
    }
}
