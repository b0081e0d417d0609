//! The per-case key and keyed fingerprints.
//!
//! A fingerprint is HMAC-SHA256 of the normalized value under the case key,
//! in lower-case hex. The key is the content of the key file with trailing
//! white space removed; a new key is 32 random bytes written as 64 hex
//! characters, with mode 0600.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a case key could not be had.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("key file {path}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("key file {path} is empty")]
    Empty { path: PathBuf },
    #[error("no randomness to make a key: {0}")]
    Random(String),
}

/// The secret that keys fingerprints for one case.
#[derive(Clone)]
pub struct CaseKey {
    /// HMAC-SHA256 keyed with the secret, before any message: cloned for
    /// each value, so that the key's two blocks are hashed once, not once
    /// per value (half the hashing of a short value).
    keyed: Hmac<Sha256>,
}

impl std::fmt::Debug for CaseKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CaseKey(..)")
    }
}

impl CaseKey {
    /// A key from raw secret bytes.
    pub fn from_secret(secret: &[u8]) -> CaseKey {
        CaseKey {
            keyed: Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key size"),
        }
    }

    /// Reads the key from `path`.
    pub fn load(path: &Path) -> Result<CaseKey, KeyError> {
        let bytes = fs::read(path).map_err(|source| KeyError::Io {
            path: path.to_owned(),
            source,
        })?;
        let end = bytes
            .iter()
            .rposition(|b| !b.is_ascii_whitespace())
            .map_or(0, |i| i + 1);
        if end == 0 {
            return Err(KeyError::Empty { path: path.to_owned() });
        }
        Ok(CaseKey::from_secret(&bytes[..end]))
    }

    /// Reads the key from `path`, or makes a new one there (mode 0600) when
    /// the file does not exist. Returns the key and whether it was created.
    pub fn load_or_create(path: &Path) -> Result<(CaseKey, bool), KeyError> {
        if path.exists() {
            return CaseKey::load(path).map(|k| (k, false));
        }
        let mut raw = [0u8; 32];
        getrandom::fill(&mut raw).map_err(|e| KeyError::Random(e.to_string()))?;
        let hex = to_hex(&raw);
        let io = |source| KeyError::Io {
            path: path.to_owned(),
            source,
        };
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(path).map_err(io)?;
        file.write_all(hex.as_bytes()).map_err(io)?;
        file.write_all(b"\n").map_err(io)?;
        Ok((CaseKey::from_secret(hex.as_bytes()), true))
    }

    /// HMAC-SHA256 of `normalized` under this key.
    pub fn fingerprint(&self, normalized: &str) -> Fingerprint {
        let mut mac = self.keyed.clone();
        mac.update(normalized.as_bytes());
        Fingerprint(mac.finalize().into_bytes().into())
    }
}

/// A value's HMAC-SHA256 under the case key: 32 bytes, shown as lower-case
/// hex. Held as bytes, since a file may hold a million of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint(pub [u8; 32]);

impl Fingerprint {
    /// Its first eight bytes as a number: enough to count distinct values.
    pub fn prefix(&self) -> u64 {
        let mut first = [0u8; 8];
        first.copy_from_slice(&self.0[..8]);
        u64::from_be_bytes(first)
    }
}

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut hex = [0u8; 64];
        for (pair, byte) in hex.chunks_exact_mut(2).zip(self.0) {
            pair[0] = DIGITS[usize::from(byte >> 4)];
            pair[1] = DIGITS[usize::from(byte & 0x0f)];
        }
        f.write_str(std::str::from_utf8(&hex).expect("hex digits are ASCII"))
    }
}

fn to_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4231_case_2() {
        // RFC 4231 test case 2: key "Jefe".
        let key = CaseKey::from_secret(b"Jefe");
        let fingerprint = key.fingerprint("what do ya want for nothing?");
        assert_eq!(
            fingerprint.to_string(),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(fingerprint.prefix(), 0x5bdc_c146_bf60_754e);
    }

    #[test]
    fn created_key_is_private_and_reloads() {
        let dir = std::env::temp_dir().join(format!("bs-key-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("case.key");
        let _ = fs::remove_file(&path);
        let (made, created) = CaseKey::load_or_create(&path).unwrap();
        assert!(created);
        let (again, created) = CaseKey::load_or_create(&path).unwrap();
        assert!(!created);
        assert_eq!(made.fingerprint("x"), again.fingerprint("x"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn empty_key_file_is_an_error() {
        let path = std::env::temp_dir().join(format!("bs-empty-key-{}", std::process::id()));
        fs::write(&path, "  \n").unwrap();
        assert!(matches!(CaseKey::load(&path), Err(KeyError::Empty { .. })));
        fs::remove_file(&path).unwrap();
    }
}
