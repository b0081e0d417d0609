//! A bound on the distinct values all documents itemize at once.
//!
//! A customer export itemizes up to a million values, a few hundred MB
//! until its record is written; eight of them on eight threads took 840 MB.
//! Memory must stay flat whatever the evidence and the number of threads,
//! yet exports that fit together should not take turns (one permit for
//! one document at a time made two threads take 7.7 s over eight exports
//! where this takes 5.0, for 60 MB more). So each
//! document itemizes `FREE_VALUES` on its own, and past them takes values
//! from the run's budget in steps, holding them until its record is
//! written. When the budget is spent, a document waits for values to come
//! back, except the one still scanning that holds the most: it goes on
//! past the budget (within the per-document cap), so that someone always
//! finishes. Nothing else is waited for while values are held (bytes of
//! evidence are taken only between documents, and the writer that returns
//! values waits for neither), so waiting cannot deadlock.

use std::collections::BTreeMap;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

/// Distinct values a document itemizes without taking from the budget
/// (nearly every document holds fewer): a few MB, so that every thread may
/// hold as many at once.
pub const FREE_VALUES: usize = 10_000;

/// Values taken from the budget at a time.
pub const STEP: usize = 4_096;

/// Values all documents together may hold past their free ones: at about
/// 270 bytes a value once its record is made, some 80 MB. The document
/// that goes on past it adds at most the per-document cap (a million
/// values, near 300 MB): eight exports on eight threads peak at 410 MB.
const BUDGET: usize = 300_000;

/// The budget's books.
#[derive(Debug, Default)]
struct Books {
    /// Values taken and not yet returned.
    held: usize,
    /// Documents still scanning that hold values: how many each.
    scanning: BTreeMap<u64, usize>,
    next_id: u64,
}

#[derive(Debug, Default)]
struct Shared {
    books: Mutex<Books>,
    returned: Condvar,
}

impl Shared {
    fn books(&self) -> MutexGuard<'_, Books> {
        self.books.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The run's budget of values held past the free ones.
#[derive(Debug)]
pub struct ItemizingGate {
    shared: Arc<Shared>,
    budget: usize,
}

impl Default for ItemizingGate {
    fn default() -> Self {
        ItemizingGate::with_budget(BUDGET)
    }
}

impl ItemizingGate {
    /// A gate over `budget` values.
    pub fn with_budget(budget: usize) -> ItemizingGate {
        ItemizingGate {
            shared: Arc::default(),
            budget,
        }
    }

    /// A permit for one document, holding nothing yet.
    pub fn permit(&self) -> ItemizingPermit {
        let id = {
            let mut books = self.shared.books();
            books.next_id += 1;
            books.next_id
        };
        ItemizingPermit {
            shared: Arc::clone(&self.shared),
            budget: self.budget,
            id,
            values: 0,
        }
    }
}

/// The values one document holds past its free ones; returned when
/// dropped (once the document's record is written).
#[derive(Debug)]
pub struct ItemizingPermit {
    shared: Arc<Shared>,
    budget: usize,
    id: u64,
    values: usize,
}

impl ItemizingPermit {
    /// Takes `n` more values, waiting while the budget is spent and some
    /// other document still scanning holds more.
    pub fn take(&mut self, n: usize) {
        let mut books = self.shared.books();
        books.scanning.insert(self.id, self.values);
        loop {
            let largest = books
                .scanning
                .iter()
                .max_by_key(|(id, values)| (**values, std::cmp::Reverse(**id)));
            let goes_on = largest.is_some_and(|(id, _)| *id == self.id);
            if books.held + n <= self.budget || goes_on {
                break;
            }
            books = self.shared.returned.wait(books).unwrap_or_else(PoisonError::into_inner);
        }
        books.held += n;
        self.values += n;
        books.scanning.insert(self.id, self.values);
    }

    /// The values held.
    pub fn values(&self) -> usize {
        self.values
    }

    /// The document has been scanned: it takes no more, and no longer
    /// counts among those that may go on past the budget.
    pub fn scanned(&mut self) {
        self.shared.books().scanning.remove(&self.id);
        self.shared.returned.notify_all();
    }
}

impl Drop for ItemizingPermit {
    fn drop(&mut self) {
        let mut books = self.shared.books();
        books.held -= self.values;
        books.scanning.remove(&self.id);
        drop(books);
        self.shared.returned.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;
    use std::time::Duration;

    #[test]
    fn documents_that_fit_together_do_not_wait() {
        let gate = ItemizingGate::with_budget(100);
        let (mut a, mut b) = (gate.permit(), gate.permit());
        a.take(50);
        b.take(50);
        assert_eq!(gate.shared.books().held, 100);
        drop((a, b));
        assert_eq!(gate.shared.books().held, 0);
    }

    #[test]
    fn past_the_budget_the_largest_goes_on_and_the_others_wait() {
        let gate = ItemizingGate::with_budget(100);
        let mut larger = gate.permit();
        larger.take(60);
        let mut smaller = gate.permit();
        smaller.take(40);
        // The budget is spent: the larger goes on, alone.
        larger.take(30);
        let (took, taken) = channel();
        let smaller = std::thread::scope(|scope| {
            let waiting = scope.spawn(move || {
                smaller.take(10);
                took.send(()).unwrap();
                smaller
            });
            assert!(
                taken.recv_timeout(Duration::from_millis(200)).is_err(),
                "the smaller went past the budget"
            );
            // Scanned, the larger no longer goes on before the others:
            // the smaller is now the largest still scanning.
            larger.scanned();
            taken
                .recv_timeout(Duration::from_secs(10))
                .expect("the largest still scanning goes on");
            waiting.join().unwrap()
        });
        drop(larger);
        assert_eq!(gate.shared.books().held, 50);
        drop(smaller);
        assert_eq!(gate.shared.books().held, 0);
    }

    #[test]
    fn returned_values_let_a_waiting_document_go_on() {
        let gate = ItemizingGate::with_budget(100);
        let mut still_scanning = gate.permit();
        still_scanning.take(10);
        let mut written = gate.permit();
        written.take(90);
        let mut waiting = gate.permit();
        let (took, taken) = channel();
        std::thread::scope(|scope| {
            scope.spawn(|| {
                waiting.take(50);
                took.send(()).unwrap();
            });
            assert!(taken.recv_timeout(Duration::from_millis(200)).is_err());
            // Scanned but not yet written, its values still count; and
            // the one still scanning with more goes on before the waiter.
            written.scanned();
            assert!(taken.recv_timeout(Duration::from_millis(200)).is_err());
            drop(written);
            taken
                .recv_timeout(Duration::from_secs(10))
                .expect("the returned values go to the waiting document");
        });
        drop((still_scanning, waiting));
        assert_eq!(gate.shared.books().held, 0);
    }
}
