//! The bound on the files one document gives up to be read as documents
//! of their own (the files embedded in an Office package, the objects in
//! a compound file, a presentation or an RTF document): how many, and
//! their bytes in all. Past it, the document's errors say what was left.

use crate::output::Output;

/// Files taken out of a document: name and bytes.
pub(crate) type Files = Vec<(String, Vec<u8>)>;

/// The most files taken out of one document.
pub(crate) const MAX_FILES: usize = 256;
/// The most bytes taken out of one document's files, in all.
pub(crate) const MAX_BYTES: u64 = 128 << 20;

/// The files taken out of one document so far, and what was left.
#[derive(Default)]
pub(crate) struct Taken {
    pub files: Files,
    /// Why a file could not be taken, or what the bound left.
    pub errors: Vec<String>,
    bytes: u64,
    /// Whether the bound is met: no more files are taken.
    full: bool,
}

impl Taken {
    /// How many of `found` files (all known at once) to take: all, or the
    /// first `MAX_FILES`, the rest said left.
    pub fn counted(&mut self, found: usize) -> usize {
        if found > MAX_FILES {
            self.errors.push(format!(
                "{found} embedded files: the first {MAX_FILES} read, the rest not"
            ));
        }
        found.min(MAX_FILES)
    }

    /// Whether another file may be taken: not past `MAX_FILES` (said once),
    /// nor once the bytes in all met the bound.
    pub fn room_for_another(&mut self) -> bool {
        if !self.full && self.files.len() == MAX_FILES {
            self.full = true;
            self.errors
                .push(format!("more than {MAX_FILES} embedded files: the rest not read"));
        }
        !self.full
    }

    /// The bytes the next file may have.
    pub fn bytes_left(&self) -> u64 {
        MAX_BYTES.saturating_sub(self.bytes)
    }

    /// Takes `data` as `name`, unless it passes the bytes in all: then
    /// says so, and takes no more.
    pub fn take(&mut self, name: String, data: Vec<u8>) {
        self.bytes += data.len() as u64;
        if self.bytes > MAX_BYTES {
            self.full = true;
            self.errors.push(format!(
                "embedded files over {} MiB in all: {name} and the rest not read",
                MAX_BYTES >> 20
            ));
            return;
        }
        self.files.push((name, data));
    }

    /// Hands the files to `children`, to be read after the document, and
    /// the errors to the document's.
    pub fn finish(self, out: &mut Output<'_>, children: &mut Files) {
        for error in self.errors {
            out.error(error);
        }
        children.extend(self.files);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_taken_within_the_bound() {
        let mut taken = Taken::default();
        assert_eq!(taken.counted(300), MAX_FILES);
        for n in 0..MAX_FILES {
            assert!(taken.room_for_another());
            taken.take(format!("f{n}"), vec![0; 1]);
        }
        assert!(!taken.room_for_another());
        assert_eq!(taken.errors.len(), 2, "{:?}", taken.errors);
        let mut taken = Taken::default();
        taken.take("big".into(), vec![0; 1 << 20]);
        assert_eq!(taken.bytes_left(), MAX_BYTES - (1 << 20));
        taken.take("bigger".into(), vec![0; MAX_BYTES as usize]);
        assert!(!taken.room_for_another());
        assert_eq!(taken.files.len(), 1);
        assert!(taken.errors[0].contains("bigger and the rest"));
        assert_eq!(taken.bytes_left(), 0);
    }
}
