//! `breachscope`: scope a ransomware breach from the evidence a responder
//! holds. See README.md and ../shared/docs/DESIGN.md for the contract.

mod cli;
mod demo;
mod hunt;
mod inventory;
mod keyfile;
mod progress;
mod report_out;

use clap::Parser;
use std::process::ExitCode;

/// mimalloc rather than the system's malloc: scanning makes millions of
/// small, short-lived allocations on several threads, which mimalloc
/// serves faster (a 300,000-row customer export: 1.4 s with glibc's
/// malloc, 0.8 s) and gives back better (eight of them on two threads
/// peaked at 500 MB with glibc's, 380 MB).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Transparent huge pages off for this process. A 2 MiB page is faulted
/// in, zeroed, whole, and the allocator's returned pages come back 2 MiB at
/// a time: with them a 300,000-row export peaked at 164 MB and spent a
/// quarter of its time in the kernel zeroing pages; without them, 121 MB
/// (eight exports on eight threads: 444 MB, now 364; plain text up to 10%
/// more CPU, a fair price under a memory bound that heavy evidence tests).
/// Set before the first large allocations, whatever the system's default.
fn without_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl(PR_SET_THP_DISABLE) takes integers only and reads or
    // writes none of this process's memory.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn main() -> ExitCode {
    without_huge_pages();
    // Readers run third-party parsers under catch_unwind; a panic there is
    // reported against its file. Say so in one line, without the panic's
    // message (it could quote evidence) or a backtrace.
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("breachscope: a reader failed{at}; its file is reported as not scanned");
    }));
    let cli = cli::Cli::parse();
    report_out::claim();
    let result = match cli.command {
        cli::Command::Inventory(args) => inventory::run(args),
        cli::Command::Hunt(args) => hunt::run(args),
        cli::Command::Demo(args) => demo::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("breachscope: {e:#}");
            ExitCode::from(1)
        }
    }
}
