//! Display masks for sensitive values.
//!
//! A mask keeps the shape of the value (separators stay) and at most its
//! last four letters or digits; everything else becomes `*`. The one
//! exception is a Canadian bank account, whose institution number names the
//! bank (public knowledge a notice needs) and is kept, as in DESIGN.md's
//! `003-*****-***4512`. A person's name is masked as any value is, to its
//! last four letters at most (`***** ****blay`).

use crate::EntityType;

/// Masks a normalized value of the given type for display.
pub fn mask(kind: EntityType, value: &str) -> String {
    match kind {
        EntityType::CaBankAccount => mask_bank_account(value),
        _ => mask_keep_last(value, 4),
    }
}

fn mask_keep_last(value: &str, keep: usize) -> String {
    let significant = value.chars().filter(|c| c.is_alphanumeric()).count();
    // Never show the whole value: short values keep at most half.
    let keep = keep.min(significant / 2);
    // A mask is never longer than its value: sized once (a customer
    // export masks a million values).
    let mut masked = String::with_capacity(value.len());
    let mut seen = 0;
    for c in value.chars() {
        if c.is_alphanumeric() {
            seen += 1;
            masked.push(if seen + keep > significant { c } else { '*' });
        } else {
            masked.push(c);
        }
    }
    masked
}

fn mask_bank_account(value: &str) -> String {
    match value.split_once('-') {
        Some((institution, rest)) if institution.len() == 3 => {
            format!("{institution}-{}", mask_keep_last(rest, 4))
        }
        _ => mask_keep_last(value, 4),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bank_account_keeps_institution_and_last_four() {
        assert_eq!(
            mask(EntityType::CaBankAccount, "003-12345-0004512"),
            "003-*****-***4512"
        );
    }

    #[test]
    fn card_keeps_last_four() {
        assert_eq!(mask(EntityType::PaymentCard, "4556737586899855"), "************9855");
    }

    #[test]
    fn email_keeps_separators_and_last_four() {
        let m = mask(EntityType::Email, "jane.doe@acme.ca");
        assert_eq!(m, "****.***@**me.ca");
        assert!(!m.contains("jane"));
    }

    #[test]
    fn short_values_keep_at_most_half() {
        assert_eq!(mask(EntityType::CaPostalCode, "K1A 0B1"), "*** 0B1");
        assert_eq!(mask(EntityType::Email, "a@b.ca"), "*@*.ca");
    }

    #[test]
    fn names_keep_at_most_their_last_four_letters() {
        assert_eq!(mask(EntityType::PersonName, "Marie Tremblay"), "***** ****blay");
        assert_eq!(mask(EntityType::PersonName, "Li Wei"), "** *ei");
    }
}
