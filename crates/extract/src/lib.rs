//! Evidence readers: the text and metadata of files, folders' files,
//! archive members and mail attachments, one reader per format.
//!
//! A reader knows nothing of the case. It reports each document (a file,
//! or `ARCHIVE!member`) to a [`Sink`]: `begin` with its identity, its text
//! as [`Segment`]s, then `end` with the dates its metadata gives and the
//! problems met. A document that cannot be read is still reported, with
//! the reason: in a breach, what was not scanned must be said.
//!
//! Everything is read in memory or streamed; nothing is ever written.

mod archive;
mod biff;
mod budget;
mod container;
mod cpa005;
mod doc;
mod embedded;
mod fixed_width;
mod inflate;
mod iso20022;
mod json;
mod ldif;
mod le;
mod limits;
mod mail;
mod markup;
mod msg;
mod mt940;
mod nacha;
mod ods;
mod ofx;
mod ole;
mod onenote;
mod ooxml;
mod output;
mod pdf;
mod pgdump;
mod ppt;
mod propset;
mod pst;
mod quill;
mod rar;
mod reader;
mod rtf;
mod sevenz;
mod sheet;
mod sniff;
mod spreadsheetml;
mod sqldump;
mod sqlite;
mod stream;
mod table;
mod tarball;
mod text;
mod tnef;
mod vcard;
mod visio;
mod wordperfect;
mod write;
mod xps;

pub use budget::ReadBudget;
pub use limits::Limits;
pub use reader::{read_path, DocInfo, Sink, LINK_NOT_FOLLOWED};
pub use sniff::Kind;
/// Decodes text in whatever encoding it came (UTF-8, UTF-16, Windows-1252:
/// detected, never assumed): for the case's own inputs, such as a master
/// list exported from a spreadsheet.
pub use text::decode as decode_text;
