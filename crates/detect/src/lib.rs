//! Detectors over the text of one document: sensitive elements, document
//! class, document dates and counterparties. Text is folded once per
//! segment and shared by the classifier and the counterparty matcher.

pub mod classify;
pub mod context;
pub mod counterparty;
pub mod dates;
pub mod entities;
pub mod fold;
pub mod gate;
pub mod institutions;
pub mod periods;
mod rows;
pub mod scan;
pub mod validate;

pub use classify::Classifier;
pub use counterparty::{Counterparties, CounterpartyError};
pub use entities::EntityScanner;
pub use gate::ItemizingPermit;
pub use scan::{Detector, DocumentFacts, DocumentScan, Finished};
