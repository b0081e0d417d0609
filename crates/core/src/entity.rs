//! The kinds of sensitive element breachscope finds.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A kind of sensitive element; its `name` is the `type` of DESIGN.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityType {
    PaymentCard,
    CaSin,
    CaBankAccount,
    Iban,
    SwiftBic,
    UsAbaRouting,
    Email,
    Phone,
    CaPostalCode,
    DateOfBirth,
    PersonName,
    CaBusinessNumber,
}

impl EntityType {
    /// Every type, in report order.
    pub const ALL: [EntityType; 12] = [
        EntityType::PaymentCard,
        EntityType::CaSin,
        EntityType::CaBankAccount,
        EntityType::Iban,
        EntityType::SwiftBic,
        EntityType::UsAbaRouting,
        EntityType::Email,
        EntityType::Phone,
        EntityType::CaPostalCode,
        EntityType::DateOfBirth,
        EntityType::PersonName,
        EntityType::CaBusinessNumber,
    ];

    /// The contract name of the type (`payment_card`, `ca_sin`, ...).
    pub fn name(self) -> &'static str {
        match self {
            EntityType::PaymentCard => "payment_card",
            EntityType::CaSin => "ca_sin",
            EntityType::CaBankAccount => "ca_bank_account",
            EntityType::Iban => "iban",
            EntityType::SwiftBic => "swift_bic",
            EntityType::UsAbaRouting => "us_aba_routing",
            EntityType::Email => "email",
            EntityType::Phone => "phone",
            EntityType::CaPostalCode => "ca_postal_code",
            EntityType::DateOfBirth => "date_of_birth",
            EntityType::PersonName => "person_name",
            EntityType::CaBusinessNumber => "ca_business_number",
        }
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for EntityType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EntityType::ALL
            .into_iter()
            .find(|t| t.name() == s)
            .ok_or_else(|| format!("unknown entity type {s:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for t in EntityType::ALL {
            assert_eq!(t.name().parse::<EntityType>().unwrap(), t);
            assert_eq!(serde_json_name(t), t.name());
        }
        assert!("ssn".parse::<EntityType>().is_err());
    }

    fn serde_json_name(t: EntityType) -> String {
        // serde's rename must agree with `name()`: the JSON contract uses both.
        format!("{t:?}")
            .chars()
            .enumerate()
            .flat_map(|(i, c)| {
                let lower = c.to_ascii_lowercase();
                if c.is_ascii_uppercase() && i > 0 {
                    vec!['_', lower]
                } else {
                    vec![lower]
                }
            })
            .collect()
    }
}
