//! Where the case key lives when the user names none: beside the case
//! store, or in the working folder.

use breachscope_core::CaseKey;
use std::path::{Path, PathBuf};

/// The key file's name when breachscope chooses it.
pub const DEFAULT_KEY_NAME: &str = "breachscope.key";

/// Loads the case key from `explicit`, or from the default place next to
/// `db` (or the working folder), making it there if it does not exist. A
/// new key is announced on stderr: fingerprints only link under one key.
pub fn case_key(explicit: Option<&Path>, db: Option<&Path>) -> anyhow::Result<(CaseKey, PathBuf)> {
    let path = match (explicit, db) {
        (Some(path), _) => path.to_owned(),
        (None, Some(db)) => db.parent().unwrap_or(Path::new(".")).join(DEFAULT_KEY_NAME),
        (None, None) => PathBuf::from(DEFAULT_KEY_NAME),
    };
    let (key, created) = CaseKey::load_or_create(&path)?;
    if created {
        eprintln!(
            "breachscope: made a new case key at {} (mode 0600); keep it with the case: fingerprints only link under the same key",
            path.display()
        );
    }
    Ok((key, path))
}
