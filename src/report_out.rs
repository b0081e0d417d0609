//! Standard output belongs to the report alone. A third-party parser has
//! been caught printing to it: onenote_parser `println!`s a malformed
//! structure (its bytes, read from the evidence, included) before it
//! returns the error, which broke `--jsonl`'s one object a line and could
//! print evidence. At start, after the command line is read (so that
//! `--help` still prints), standard output's descriptor is kept for the
//! report and descriptor 1 is pointed at /dev/null: whatever else writes
//! to it writes nowhere.

use std::fs::File;
use std::io::{IsTerminal, Write};
use std::sync::OnceLock;

/// Standard output as it was at start, once claimed.
static REPORT: OnceLock<File> = OnceLock::new();

/// Keeps standard output for the report (see the module's doc). If it
/// cannot (no standard output, no /dev/null), the report writes to
/// standard output as it is.
pub fn claim() {
    #[cfg(unix)]
    {
        use std::os::fd::{AsFd, AsRawFd};
        let Ok(kept) = std::io::stdout().as_fd().try_clone_to_owned() else {
            return;
        };
        let Ok(null) = File::options().write(true).open("/dev/null") else {
            return;
        };
        std::io::stdout().flush().ok();
        // SAFETY: dup2 takes two descriptors this process holds open and
        // touches none of its memory; descriptor 1 stays valid (now
        // /dev/null's), so the standard library's handle on it stays sound.
        if unsafe { libc::dup2(null.as_raw_fd(), libc::STDOUT_FILENO) } == -1 {
            return;
        }
        let _ = REPORT.set(File::from(kept));
    }
}

/// Where the report is written.
pub fn out() -> Box<dyn Write + Send> {
    match REPORT.get() {
        Some(report) => Box::new(report),
        None => Box::new(std::io::stdout()),
    }
}

/// Whether the report goes to a terminal.
pub fn is_terminal() -> bool {
    REPORT
        .get()
        .map_or_else(|| std::io::stdout().is_terminal(), IsTerminal::is_terminal)
}
