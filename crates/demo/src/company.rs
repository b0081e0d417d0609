//! The demo company itself: its letterhead details appear on every record
//! it issues, and count as sensitive elements like any other.

use crate::ids::{self, Value};
use rand_chacha::ChaCha8Rng;

/// The company whose breach the demo tells.
#[derive(Debug, Clone)]
pub struct Company {
    pub name: &'static str,
    pub street: &'static str,
    pub city: &'static str,
    pub postal: Value,
    pub phone: Value,
    pub receivables: Value,
    pub payables: Value,
    pub service: Value,
    pub business_number: Value,
    /// The officer who signs agreements.
    pub signer: Value,
}

impl Company {
    /// The company, its numbers drawn from `rng`.
    pub fn generate(rng: &mut ChaCha8Rng) -> Company {
        Company {
            name: "Demo Co. Canada Inc.",
            street: "5770 Ambler Drive",
            city: "Mississauga ON",
            postal: ids::postal_code(rng),
            phone: ids::phone(rng),
            receivables: ids::email("ar", "democo.ca"),
            payables: ids::email("ap", "democo.ca"),
            service: ids::email("service", "democo.ca"),
            business_number: ids::business_number(rng),
            signer: ids::person("Alex Morgan"),
        }
    }
}
