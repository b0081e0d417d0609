//! Facts shared by every stage of breachscope: the kinds of sensitive
//! element and of document, how a sensitive value is masked for display,
//! and how it is fingerprinted so that the same value links across files
//! without ever being stored.

pub mod class;
pub mod entity;
pub mod facts;
pub mod key;
pub mod mask;
pub mod segment;

pub use class::DocClass;
pub use entity::EntityType;
pub use facts::{CounterpartyLink, DateSource, EntityRecord, FileRecord};
pub use key::{CaseKey, Fingerprint, KeyError};
pub use mask::mask;
pub use segment::{Origin, Segment};
