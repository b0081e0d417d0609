//! ACH files in the NACHA format: the payment files a US bank takes from an
//! accounts-payable or payroll system, every payee with the routing number
//! and account the money goes to. Their 94-character records hold fields
//! run together (`622071000013123456789`), so read as plain text they
//! give no routing number; each entry is written here as a form
//! ("Receiver: ...", "ABA routing number: 071000013", "Account number: ...",
//! "Amount: ..."), its batch's company and dates with it, at `part:line 4`.
//!
//! Read by hand: the layout is NACHA's (a file header `1`, batches `5` of
//! entries `6` and their addenda `7`, controls `8` and `9`), and no crate
//! reads it.

use crate::fixed_width::{amount, dated, field, records};
use crate::output::Output;
use breachscope_core::{Origin, Segment};
use chrono::NaiveDate;

/// The length of a record.
const RECORD: usize = 94;

/// Whether `head` opens a NACHA file: a file header record (`1`, priority
/// `01`, record size `094`, blocking factor `10`, format code `1`).
pub(crate) fn looks_like(head: &[u8]) -> bool {
    head.starts_with(b"101") && head.get(34..40) == Some(b"094101".as_slice())
}

/// Reads every batch and entry of a NACHA file.
pub(crate) fn read(bytes: &[u8], out: &mut Output<'_>) {
    if !out.wanted() {
        return;
    }
    // The batch being read: its company's name, for its entries.
    let mut company = String::new();
    let text = crate::text::decode(bytes);
    for (number, record) in records(&text, RECORD).enumerate() {
        let record = record.as_slice();
        let field = |from: usize, to: usize| field(record, from, to);
        let mut dated_at = |from: usize, to: usize| {
            let raw = field(from, to);
            let date = date(&raw);
            dated(raw, date, out)
        };
        let text = match record.first() {
            Some('1') => {
                let created = dated_at(23, 29);
                format!(
                    "ACH payment file (NACHA) from {} to {}, created {created}\n",
                    field(63, 86),
                    field(40, 63),
                )
            }
            Some('5') => {
                let effective = dated_at(69, 75);
                company = field(4, 20);
                format!(
                    "Company: {company}\nCompany ID: {}\nEntry description: {}\nEffective date: {effective}\n",
                    field(40, 50),
                    field(53, 63),
                )
            }
            Some('6') => {
                let amount = amount(field(29, 39));
                format!(
                    "Receiver: {}\nABA routing number: {}\nAccount number: {}\nAmount: {amount}\nIndividual ID: {}\nCompany: {company}\n",
                    field(54, 76),
                    field(3, 12),
                    field(12, 29),
                    field(39, 54),
                )
            }
            Some('7') => format!("Payment information: {}\n", field(3, 83)),
            _ => continue,
        };
        out.segment(Segment::new(text, Origin::Part(format!("line {}", number + 1))));
    }
}

/// A date written `YYMMDD`.
fn date(field: &str) -> Option<NaiveDate> {
    if field.len() != 6 || !field.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| field[range].parse::<u32>().ok();
    NaiveDate::from_ymd_opt(2000 + number(0..2)? as i32, number(2..4)?, number(4..6)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::tests::Segments;

    /// A file of one batch of one entry and its addenda, each record a line.
    fn file() -> String {
        let records = [
            format!(
                "101 0710000131234567890220304{}A094101{:<23}{:<23}{:<8}",
                "1015", "BANK OF AMERICA", "DEMO CO CANADA INC", ""
            ),
            format!(
                "5220{:<16}{:<20}{:<10}CCD{:<10}{:<6}220307   1071000010000001",
                "DEMO CO CANADA", "", "1234567890", "SUPPLIERS", ""
            ),
            format!(
                "622{}{:<17}{:010}{:<15}{:<22}  1{:015}",
                "071000013", "123456789", 1_250_000, "V-1042", "LAKESHORE PARTS LLC", 71000010000001u64
            ),
            format!("705{:<80}00010000001", "INV 2022-0117 AND 2022-0118"),
            format!("{:9<94}", "8220"),
        ];
        records.map(|r| format!("{r:<94}\n")).concat()
    }

    #[test]
    fn each_entry_is_a_form_with_its_batch() {
        let file = file();
        assert!(looks_like(file.as_bytes()));
        let mut sink = Segments::default();
        let mut out = Output::new(&mut sink, true, usize::MAX);
        read(file.as_bytes(), &mut out);
        assert_eq!(
            out.meta_dates,
            [
                NaiveDate::from_ymd_opt(2022, 3, 4).unwrap(),
                NaiveDate::from_ymd_opt(2022, 3, 7).unwrap()
            ]
        );
        drop(out);
        let found: Vec<(String, &str)> = sink.0.iter().map(|s| (s.origin.locate(0), s.text.as_str())).collect();
        assert_eq!(found.len(), 4, "controls are no one's data");
        assert_eq!(
            found[0].1,
            "ACH payment file (NACHA) from DEMO CO CANADA INC to BANK OF AMERICA, created 2022-03-04\n"
        );
        assert_eq!(
            found[2],
            (
                "part:line 3".to_string(),
                "Receiver: LAKESHORE PARTS LLC\nABA routing number: 071000013\nAccount number: 123456789\n\
                 Amount: 12500.00\nIndividual ID: V-1042\nCompany: DEMO CO CANADA\n"
            )
        );
        assert_eq!(found[3].1, "Payment information: INV 2022-0117 AND 2022-0118\n");
        let docs =
            crate::reader::tests::read_bytes("pay.txt", file.replace('\n', "").as_bytes(), &crate::Limits::default())
                .docs;
        assert_eq!(
            docs[0].0.kind,
            crate::Kind::Nacha,
            "records run together, known by content"
        );
        assert!(docs[0].1.contains("ABA routing number: 071000013"));
    }

    #[test]
    fn other_text_and_damaged_files() {
        assert!(!looks_like(b"101 reasons to pay on time"));
        assert!(!looks_like(b""));
        let file = file();
        for cut in [95, 100, 200, 250, 300] {
            let mut sink = Segments::default();
            let mut out = Output::new(&mut sink, true, usize::MAX);
            read(&file.as_bytes()[..cut], &mut out);
        }
        assert_eq!(date("220230"), None);
        assert_eq!(date("2203"), None);
    }
}
