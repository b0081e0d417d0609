//! Payments Canada's Standard 005 files (CPA-005): the EFT files an
//! accounts-payable or payroll system writes for the bank, every supplier
//! or employee paid with the institution, transit and account the money
//! goes to. Their fields are fixed-width and run together (`0003123451234567`),
//! so read as plain text they give no bank account at all; each payment is
//! written here as a form ("Payee: ...", "Institution: 003", "Transit:
//! 12345", "Account: 1234567", "Amount: 12500.00", "Due date: 2022-03-07"),
//! at `part:record 2 item 3`.
//!
//! Read by hand: the layout is the standard's (1,464-character logical
//! records, a header `A`, credits `C` and debits `D` of up to six
//! 240-character payments, returns `E`/`F`, a trailer `Z`), and no crate
//! reads it.

use crate::fixed_width::{amount, dated, field, records};
use crate::output::Output;
use breachscope_core::{Origin, Segment};
use chrono::NaiveDate;

/// The length of a logical record.
const RECORD: usize = 1464;
/// Where a record's payments start, and the length of one.
const FIRST_PAYMENT: usize = 24;
const PAYMENT: usize = 240;

/// Whether `head` opens a Standard 005 file: a header record (`A`, its
/// count, the originator's ID, a file number and a creation date), and at
/// its 1,465th character (or after its line break) another record.
pub(crate) fn looks_like(head: &[u8]) -> bool {
    let numeric = |range: std::ops::Range<usize>| head.get(range).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let opens = head.first() == Some(&b'A') && numeric(1..10) && numeric(20..24) && numeric(24..30);
    if !opens {
        return false;
    }
    let next = records(&String::from_utf8_lossy(head), RECORD).nth(1);
    next.is_some_and(|record| matches!(record.first(), Some('C' | 'D' | 'E' | 'F' | 'Z')))
}

/// Reads every payment of a Standard 005 file.
pub(crate) fn read(bytes: &[u8], out: &mut Output<'_>) {
    if !out.wanted() {
        return;
    }
    let text = crate::text::decode(bytes);
    for (number, record) in records(&text, RECORD).enumerate() {
        let record = record.as_slice();
        match record.first() {
            Some('A') => {
                let raw = field(record, 24, 30);
                let created = julian_date(&raw);
                let created = dated(raw, created, out);
                let header = format!(
                    "EFT payment file (CPA-005), originator {}, file number {}, created {created}\n",
                    field(record, 10, 20),
                    field(record, 20, 24)
                );
                out.segment(Segment::new(header, Origin::Part(format!("record {}", number + 1))));
            }
            Some(kind @ ('C' | 'D' | 'E' | 'F')) => {
                let payments = record.get(FIRST_PAYMENT..).unwrap_or_default().chunks(PAYMENT);
                for (item, payment) in payments.enumerate() {
                    if let Some(form) = payment_form(payment, matches!(kind, 'C' | 'E')) {
                        let origin = Origin::Part(format!("record {} item {}", number + 1, item + 1));
                        out.segment(Segment::new(form, origin));
                    }
                }
            }
            _ => {}
        }
    }
}

/// One payment's fields as a form, or `None` for an empty slot (zeros and
/// blanks) or a slot cut short.
fn payment_form(payment: &[char], credit: bool) -> Option<String> {
    if payment.len() < 190 || payment.iter().all(|&c| c == '0' || c == ' ') {
        return None;
    }
    let field = |from: usize, to: usize| field(payment, from, to);
    let amount = amount(field(3, 13));
    let due = field(13, 19);
    let due = julian_date(&due).map_or(due, |date| date.to_string());
    let (payee, originator) = if credit { ("Payee", "Payor") } else { ("Payor", "Payee") };
    let mut form = format!(
        "{payee}: {}\nAmount: {amount}\nDue date: {due}\n{}{originator}: {}\nCross reference: {}\n",
        field(80, 110),
        bank_fields("", &field(19, 28), &field(28, 40)),
        field(110, 140),
        field(150, 169),
    );
    form.push_str(&bank_fields("Returns ", &field(169, 178), &field(178, 190)));
    Some(form)
}

/// An institution ID (`0IIITTTTT`) and an account as labelled fields, the
/// labels after `prefix`; nothing if the ID is not nine digits.
fn bank_fields(prefix: &str, id: &str, account: &str) -> String {
    if id.len() != 9 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return String::new();
    }
    format!(
        "{prefix}Institution: {}\n{prefix}Transit: {}\n{prefix}Account: {account}\n",
        &id[1..4],
        &id[4..9]
    )
}

/// A date written `0YYDDD` (the year in the century and the day in the
/// year), as the standard writes them.
fn julian_date(field: &str) -> Option<NaiveDate> {
    let digits = field
        .strip_prefix('0')
        .filter(|d| d.len() == 5 && d.bytes().all(|b| b.is_ascii_digit()))?;
    let year: i32 = digits[..2].parse().ok()?;
    let day: u32 = digits[2..].parse().ok()?;
    NaiveDate::from_yo_opt(2000 + year, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::tests::segments_of;

    /// A payment slot of 240 characters.
    fn payment(amount_cents: u64, due: &str, id: &str, account: &str, payee: &str) -> String {
        let slot = format!(
            "450{amount_cents:010}{due}{id}{account:<12}{trace:<22}   {short:<15}{payee:<30}{long:<30}{user:<10}{xref:<19}{rid}{racct:<12}",
            trace = "000112233445566778899",
            short = "DEMO CO",
            long = "DEMO CO CANADA INC",
            user = "",
            xref = "INV-2022-0117",
            rid = "000300011",
            racct = "7654321",
        );
        format!("{slot:<240}")
    }

    /// A file of a header, one credit record holding `payments` (the rest
    /// of its six slots zeros) and a trailer, one record a line.
    fn file(payments: &[String]) -> String {
        let header = format!("{:<1464}", "A000000001DEMOCO0001000102206600120");
        let mut credit = format!("C000000002DEMOCO00010001{}", payments.concat());
        while credit.len() < 1464 {
            credit.push('0');
        }
        let trailer = format!("{:<1464}", "Z000000003DEMOCO0001");
        format!("{header}\r\n{credit}\r\n{trailer}\r\n")
    }

    fn forms(bytes: &[u8]) -> Vec<(String, String)> {
        segments_of(|out| read(bytes, out))
    }

    #[test]
    fn each_payment_is_a_form_of_its_fields() {
        let file = file(&[
            payment(1_250_000, "022066", "000312345", "1234567", "MAPLE RIDGE SUPPLY LTD"),
            payment(9_999, "022067", "081530091", "98765432", "ANNE ROY"),
        ]);
        assert!(looks_like(file.as_bytes()));
        let found = forms(file.as_bytes());
        assert_eq!(found.len(), 3, "a header, and no payments for empty slots");
        assert_eq!(
            found[0],
            (
                "part:record 1".to_string(),
                "EFT payment file (CPA-005), originator DEMOCO0001, file number 0001, created 2022-03-07\n".to_string()
            )
        );
        assert_eq!(found[1].0, "part:record 2 item 1");
        assert_eq!(
            found[1].1,
            "Payee: MAPLE RIDGE SUPPLY LTD\nAmount: 12500.00\nDue date: 2022-03-07\nInstitution: 003\n\
             Transit: 12345\nAccount: 1234567\nPayor: DEMO CO CANADA INC\nCross reference: INV-2022-0117\n\
             Returns Institution: 003\nReturns Transit: 00011\nReturns Account: 7654321\n"
        );
        assert!(found[2]
            .1
            .starts_with("Payee: ANNE ROY\nAmount: 99.99\nDue date: 2022-03-08\nInstitution: 815\n"));
        // A payee's accented name in UTF-8 shifts no field after it.
        let accented = file.replace("MAPLE RIDGE SUPPLY LTD", &format!("{:<22}", "ÉPICERIE LÉVIS LTÉE"));
        assert_eq!(accented.len(), file.len() + 3, "three two-byte letters");
        let found_accented = forms(accented.as_bytes());
        assert!(found_accented[1].1.starts_with("Payee: ÉPICERIE LÉVIS LTÉE\n"));
        assert_eq!(found_accented[2], found[2], "the next payment's fields in place");
        // Records run together, without line breaks, read the same.
        assert_eq!(forms(file.replace("\r\n", "").as_bytes()), found);
        // Known by its content, whatever its name.
        let docs = crate::reader::tests::read_bytes("EFT_0304.txt", file.as_bytes(), &crate::Limits::default()).docs;
        assert_eq!(docs[0].0.kind, crate::Kind::Cpa005);
    }

    #[test]
    fn other_text_and_damaged_files() {
        assert!(!looks_like(b"A000000001 short header\nC..."));
        assert!(!looks_like(b"Accounts payable notes\nClosed 2022"));
        assert!(!looks_like(b""));
        // Cut short in a payment, random bytes: what is whole is read.
        let file = file(&[payment(100, "022066", "000312345", "1234567", "A B")]);
        assert_eq!(forms(&file.as_bytes()[..1464 + 2 + 24 + 200]).len(), 2);
        assert_eq!(forms(&file.as_bytes()[..1464 + 2 + 24 + 100]).len(), 1);
        forms(&[0xff; 5000]);
        assert_eq!(julian_date("022366"), None, "no 366th day in 2022");
        assert_eq!(julian_date("024366"), NaiveDate::from_ymd_opt(2024, 12, 31));
    }
}
