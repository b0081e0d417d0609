//! A bound on the evidence bytes all scanning threads hold in memory at
//! once.
//!
//! Formats parsed whole (PDF, Office, mail) are read into memory up to
//! `Limits::max_whole_file`, and archive members up to
//! `Limits::max_member_bytes`: each bound is sound for one file, but two
//! zips holding a 150 MB member each took 860 MB on two threads. Before a
//! thread reads a large document into memory it takes its size from the
//! run's budget, waiting while other threads hold the rest.
//!
//! Waiting cannot deadlock: a thread waits only while it holds nothing
//! (a container's members are taken on top of the container without
//! waiting), and bytes are only taken between documents, never while one
//! is being scanned, so a thread holding values of the itemizing budget
//! (`breachscope_detect::gate`) never waits here.

use std::cell::Cell;
use std::sync::{Condvar, Mutex, PoisonError};

/// Documents smaller than this are read without asking: every thread may
/// hold one.
const FREE_BYTES: u64 = 1 << 20;

thread_local! {
    /// Bytes this thread holds from a budget.
    static HELD: Cell<u64> = const { Cell::new(0) };
}

/// The run's budget of evidence bytes held in memory.
#[derive(Debug)]
pub struct ReadBudget {
    total: u64,
    used: Mutex<u64>,
    returned: Condvar,
}

impl Default for ReadBudget {
    /// 128 MiB: parsed, a document takes two to three times its size, so
    /// all threads together stay near 400 MB whatever their number.
    fn default() -> Self {
        ReadBudget::new(128 << 20)
    }
}

impl ReadBudget {
    /// A budget of `total` bytes.
    pub fn new(total: u64) -> ReadBudget {
        ReadBudget {
            total,
            used: Mutex::new(0),
            returned: Condvar::new(),
        }
    }

    /// Takes `bytes` for a document about to be read: at once if it is
    /// small or this thread already holds some (a container's member),
    /// else once the budget has room (a document larger than the whole
    /// budget waits until it is alone).
    pub fn hold(&self, bytes: u64) -> Held<'_> {
        if bytes < FREE_BYTES {
            return Held { budget: self, bytes: 0 };
        }
        let mut used = self.used.lock().unwrap_or_else(PoisonError::into_inner);
        if HELD.get() == 0 {
            while *used > 0 && *used + bytes > self.total {
                used = self.returned.wait(used).unwrap_or_else(PoisonError::into_inner);
            }
        }
        *used += bytes;
        HELD.set(HELD.get() + bytes);
        Held { budget: self, bytes }
    }
}

/// Bytes taken from a budget, returned when dropped.
#[derive(Debug)]
pub struct Held<'b> {
    budget: &'b ReadBudget,
    bytes: u64,
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        if self.bytes == 0 {
            return;
        }
        HELD.set(HELD.get() - self.bytes);
        let mut used = self.budget.used.lock().unwrap_or_else(PoisonError::into_inner);
        *used -= self.bytes;
        self.budget.returned.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;
    use std::time::Duration;

    const MB: u64 = 1 << 20;

    #[test]
    fn a_thread_waits_while_others_hold_the_budget() {
        let budget = ReadBudget::new(10 * MB);
        let first = budget.hold(8 * MB);
        // Small documents and a container's members do not wait.
        drop(budget.hold(MB / 2));
        drop(budget.hold(4 * MB));
        let (took, taken) = channel();
        std::thread::scope(|scope| {
            scope.spawn(|| {
                let _second = budget.hold(4 * MB);
                took.send(()).unwrap();
            });
            assert!(
                taken.recv_timeout(Duration::from_millis(200)).is_err(),
                "the budget was overdrawn"
            );
            drop(first);
            taken
                .recv_timeout(Duration::from_secs(10))
                .expect("returned bytes go to the waiting thread");
        });
        assert_eq!(*budget.used.lock().unwrap(), 0);
    }

    #[test]
    fn a_document_larger_than_the_budget_is_read_alone() {
        let budget = ReadBudget::new(10 * MB);
        let alone = budget.hold(50 * MB);
        drop(alone);
        assert_eq!(*budget.used.lock().unwrap(), 0);
        assert_eq!(HELD.get(), 0);
    }
}
