//! One document at a time may itemize many distinct values.
//!
//! A customer export itemizes up to a million values, a few hundred MB
//! until its record is written; eight of them on eight threads took 840 MB.
//! Memory must stay flat whatever the evidence and the number of threads,
//! so past a small allowance a document waits for the run's one permit and
//! holds it until its record is written. Waiting cannot deadlock: a holder
//! never waits for another permit (one document per thread at a time, and
//! the writer that releases permits never waits for one).

use std::sync::{Arc, Condvar, Mutex, PoisonError};

/// Distinct values a document itemizes without a permit: a few MB, so that
/// every thread may hold as many at once.
pub const FREE_VALUES: usize = 20_000;

/// Whether the permit is out, and the signal that it came back.
#[derive(Debug, Default)]
struct Permits {
    taken: Mutex<bool>,
    returned: Condvar,
}

/// The run's permit to itemize more than `FREE_VALUES` values.
#[derive(Debug, Default)]
pub struct ItemizingGate {
    permits: Arc<Permits>,
}

impl ItemizingGate {
    /// Blocks until the permit is free, then takes it.
    pub fn wait_for_permit(&self) -> ItemizingPermit {
        let permits = &self.permits;
        let mut taken = permits.taken.lock().unwrap_or_else(PoisonError::into_inner);
        while *taken {
            taken = permits.returned.wait(taken).unwrap_or_else(PoisonError::into_inner);
        }
        *taken = true;
        ItemizingPermit {
            permits: Arc::clone(permits),
        }
    }
}

/// Leave to itemize past `FREE_VALUES`; returned when dropped (once the
/// document's record is written).
#[derive(Debug)]
pub struct ItemizingPermit {
    permits: Arc<Permits>,
}

impl Drop for ItemizingPermit {
    fn drop(&mut self) {
        *self.permits.taken.lock().unwrap_or_else(PoisonError::into_inner) = false;
        self.permits.returned.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;
    use std::time::Duration;

    #[test]
    fn a_second_document_waits_until_the_first_permit_is_returned() {
        let gate = ItemizingGate::default();
        let first = gate.wait_for_permit();
        let (took, taken) = channel();
        std::thread::scope(|scope| {
            scope.spawn(|| {
                let _second = gate.wait_for_permit();
                took.send(()).unwrap();
            });
            assert!(
                taken.recv_timeout(Duration::from_millis(200)).is_err(),
                "the permit was given twice"
            );
            drop(first);
            taken
                .recv_timeout(Duration::from_secs(10))
                .expect("the returned permit goes to the waiting document");
        });
        // Returned again by the second holder: free for the next one.
        drop(gate.wait_for_permit());
    }
}
