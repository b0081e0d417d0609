//! Progress on long work: a bar (files, bytes, rate, ETA) when stderr is a
//! terminal, nothing at all when it is piped.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// A byte-counting progress bar, hidden unless stderr is a terminal;
/// `total_bytes` is only worked out (it may walk the evidence) when the
/// bar is shown.
pub fn bytes_bar(what: &str, total_bytes: impl FnOnce() -> u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    }
    let bar = ProgressBar::new(total_bytes());
    let template = format!("{what} {{bar:30}} {{bytes}}/{{total_bytes}} {{binary_bytes_per_sec}} ETA {{eta}} {{msg}}");
    bar.set_style(ProgressStyle::with_template(&template).unwrap_or_else(|_| ProgressStyle::default_bar()));
    bar
}
