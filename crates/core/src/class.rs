//! The kinds of business record the seed names.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A document class; its `name` is the `class` of DESIGN.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocClass {
    Invoice,
    PurchaseOrder,
    Agreement,
    Accounting,
    Billing,
    CreditApplication,
    Payment,
    BankingForm,
    Roadmap,
    Promotion,
    Feedback,
    DesignRecord,
    Other,
}

impl DocClass {
    /// Every class, in report order.
    pub const ALL: [DocClass; 13] = [
        DocClass::Invoice,
        DocClass::PurchaseOrder,
        DocClass::Agreement,
        DocClass::Accounting,
        DocClass::Billing,
        DocClass::CreditApplication,
        DocClass::Payment,
        DocClass::BankingForm,
        DocClass::Roadmap,
        DocClass::Promotion,
        DocClass::Feedback,
        DocClass::DesignRecord,
        DocClass::Other,
    ];

    /// The contract name of the class (`invoice`, `purchase_order`, ...).
    pub fn name(self) -> &'static str {
        match self {
            DocClass::Invoice => "invoice",
            DocClass::PurchaseOrder => "purchase_order",
            DocClass::Agreement => "agreement",
            DocClass::Accounting => "accounting",
            DocClass::Billing => "billing",
            DocClass::CreditApplication => "credit_application",
            DocClass::Payment => "payment",
            DocClass::BankingForm => "banking_form",
            DocClass::Roadmap => "roadmap",
            DocClass::Promotion => "promotion",
            DocClass::Feedback => "feedback",
            DocClass::DesignRecord => "design_record",
            DocClass::Other => "other",
        }
    }
}

impl fmt::Display for DocClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for DocClass {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DocClass::ALL
            .into_iter()
            .find(|c| c.name() == s)
            .ok_or_else(|| format!("unknown document class {s:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for c in DocClass::ALL {
            assert_eq!(c.name().parse::<DocClass>().unwrap(), c);
        }
        assert!("memo".parse::<DocClass>().is_err());
    }
}
