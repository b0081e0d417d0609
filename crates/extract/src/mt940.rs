//! SWIFT MT940 and MT942 bank statements (`.sta`, `.940`, `.txt`): the
//! account statements banks send a company's treasury and ERP every day.
//! Each booking (`:61:`) is followed by its information to the account
//! owner (`:86:`), which holds who paid or was paid: in the German banks'
//! structured form (`?32MAX MUSTERMANN?31DE89...`), SEPA's tagged form
//! (`/NAME/.../IBAN/...`) or free text. Read as plain text those run
//! together; each booking is written here as a form ("Value date:",
//! "Amount:", "Counterparty name:", "Counterparty IBAN:", "Remittance
//! information:"), at `part:line 12`, and each statement's header as one
//! too. Read by hand: the layout is SWIFT's, and no crate reads it.

use crate::output::Output;
use breachscope_core::{Origin, Segment};

/// Whether the first bytes `head` open an MT940 or MT942 statement: its
/// reference, account and balance (or, for MT942, floor limit) fields.
pub(crate) fn looks_like(head: &[u8]) -> bool {
    let has_field = |tag: &[u8]| {
        head.starts_with(tag) || memchr::memmem::find_iter(head, tag).any(|at| matches!(head[at - 1], b'\n' | b'\r'))
    };
    has_field(b":20:") && has_field(b":25:") && (has_field(b":60F:") || has_field(b":60M:") || has_field(b":34F:"))
}

/// Reads every statement of an MT940 or MT942 file as forms.
pub(crate) fn read(bytes: &[u8], out: &mut Output<'_>) {
    if !out.wanted() {
        return;
    }
    let text = crate::text::decode(bytes);
    let mut titled = false;
    for (line, tag, value) in fields(&text) {
        let value = value.as_str();
        let form = match tag {
            "20" => Some(format!(
                "{}Transaction reference: {value}\n",
                if std::mem::replace(&mut titled, true) {
                    ""
                } else {
                    "Bank statement (SWIFT MT940)\n"
                }
            )),
            "25" => Some(account(value)),
            "28C" => Some(format!("Statement number: {value}\n")),
            "60F" | "60M" => Some(format!("Opening balance: {}\n", balance(value))),
            "62F" | "62M" => Some(format!("Closing balance: {}\n", balance(value))),
            "64" => Some(format!("Available balance: {}\n", balance(value))),
            "61" => Some(booking(value)),
            "86" => Some(information(value)),
            _ => None,
        };
        if let Some(form) = form {
            out.segment(Segment::new(form, Origin::Part(format!("line {line}"))));
        }
    }
}

/// The fields of the text, each with its first line's number, its tag
/// and its value (continuation lines joined by line breaks). SWIFT's
/// block wrapper (`{1:...}{4:` and `-}`) is left out.
fn fields(text: &str) -> Vec<(usize, &str, String)> {
    let mut fields: Vec<(usize, &str, String)> = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim_end();
        let tagged = line
            .strip_prefix(':')
            .and_then(|rest| rest.split_once(':'))
            .filter(|(tag, _)| (2..=3).contains(&tag.len()) && tag.bytes().all(|b| b.is_ascii_alphanumeric()));
        match tagged {
            Some((tag, value)) => fields.push((number + 1, tag, value.to_string())),
            None if line.starts_with('-') || line.starts_with('{') => {}
            None => {
                if let Some((_, _, value)) = fields.last_mut() {
                    value.push('\n');
                    value.push_str(line);
                }
            }
        }
    }
    fields
}

/// The account (`:25:`), its bank's BIC apart when it is written first
/// (`ROYCCAT2/1234567`).
fn account(value: &str) -> String {
    match value.split_once('/') {
        Some((bic, account))
            if matches!(bic.len(), 8 | 11)
                && bic.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                && bic.bytes().take(6).all(|b| b.is_ascii_uppercase()) =>
        {
            format!("Bank BIC: {bic}\nAccount: {account}\n")
        }
        _ => format!("Account: {value}\n"),
    }
}

/// A balance (`C220131CAD12345,67`) in words: credit or debit, date,
/// currency and amount.
fn balance(value: &str) -> String {
    let (Some(sign), Some(date), Some(currency), Some(amount)) =
        (value.get(..1), value.get(1..7), value.get(7..10), value.get(10..))
    else {
        return value.to_string();
    };
    let sign = if sign == "D" { "debit" } else { "credit" };
    format!("{sign} {currency} {amount} on {}", date_of(date))
}

/// A booking (`:61:`): value date, entry date, credit or debit, amount,
/// transaction type, the customer's and the bank's references.
fn booking(value: &str) -> String {
    let (first, details) = value.split_once('\n').unwrap_or((value, ""));
    let Some(value_date) = first.get(..6).filter(|d| d.bytes().all(|b| b.is_ascii_digit())) else {
        return format!("Booking: {value}\n");
    };
    let mut rest = &first[6..];
    // The entry date (MMDD) is optional.
    if rest.len() >= 4 && rest.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
        rest = &rest[4..];
    }
    let mark_len = if rest.starts_with("RC") || rest.starts_with("RD") {
        2
    } else {
        1
    };
    let (mark, rest) = match (rest.get(..mark_len), rest.get(mark_len..)) {
        (Some(mark), Some(rest)) => (mark, rest),
        _ => ("", rest),
    };
    // A funds code letter may follow the mark.
    let rest = rest.strip_prefix(|c: char| c.is_ascii_alphabetic()).unwrap_or(rest);
    let amount_len = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ','))
        .unwrap_or(rest.len());
    let (amount, rest) = rest.split_at(amount_len);
    let kind_len = rest.char_indices().nth(4).map_or(rest.len(), |(at, _)| at);
    let (kind, rest) = rest.split_at(kind_len);
    let (reference, bank_reference) = rest.split_once("//").unwrap_or((rest, ""));
    let direction = match mark {
        "C" => "credit",
        "D" => "debit",
        "RC" => "reversal of credit",
        "RD" => "reversal of debit",
        other => other,
    };
    let mut form = format!(
        "Value date: {}\nCredit or debit: {direction}\nAmount: {amount}\nTransaction type: {kind}\nReference: {reference}\n",
        date_of(value_date)
    );
    if !bank_reference.is_empty() {
        form.push_str(&format!("Bank reference: {bank_reference}\n"));
    }
    if !details.trim().is_empty() {
        form.push_str(&format!("Details: {}\n", details.replace('\n', " ")));
    }
    form
}

/// The information to the account owner (`:86:`): the German banks'
/// structured subfields, SEPA's tags, or free text.
fn information(value: &str) -> String {
    let joined: String = value.lines().collect();
    if joined.get(3..4) == Some("?") || joined.starts_with('?') {
        return subfields(&joined);
    }
    if joined.contains("/NAME/") || joined.contains("/IBAN/") || joined.contains("/REMI/") {
        return tags(&joined);
    }
    format!("Information to account owner: {}\n", value.replace('\n', " "))
}

/// German structured information: `?NN` subfields after a three-digit
/// transaction code.
fn subfields(joined: &str) -> String {
    let mut form = String::new();
    let mut remittance = Vec::new();
    let mut name = Vec::new();
    for field in joined.split('?').skip(1) {
        let (Some(code), Some(text)) = (field.get(..2), field.get(2..)) else {
            continue;
        };
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        match code {
            "00" => form.push_str(&format!("Posting text: {text}\n")),
            _ if ("20"..="29").contains(&code) || ("60"..="63").contains(&code) => remittance.push(text),
            "30" => form.push_str(&format!("Counterparty BIC: {text}\n")),
            "31" => form.push_str(&format!("Counterparty account: {text}\n")),
            "32" | "33" => name.push(text),
            _ => {}
        }
    }
    if !name.is_empty() {
        form.push_str(&format!("Counterparty name: {}\n", name.concat()));
    }
    if !remittance.is_empty() {
        form.push_str(&format!("Remittance information: {}\n", remittance.concat()));
    }
    form
}

/// SEPA's tagged information (`/EREF/.../IBAN/.../NAME/...`).
fn tags(joined: &str) -> String {
    const TAGS: &[(&str, &str)] = &[
        ("EREF", "End-to-end reference"),
        ("KREF", "Customer reference"),
        ("MREF", "Mandate reference"),
        ("CRED", "Creditor ID"),
        ("IBAN", "Counterparty account"),
        ("BIC", "Counterparty BIC"),
        ("NAME", "Counterparty name"),
        ("REMI", "Remittance information"),
        ("PURP", "Purpose"),
        ("ORDP", "Ordering party"),
        ("BENM", "Beneficiary"),
    ];
    let mut form = String::new();
    let mut rest = joined;
    while let Some(open) = rest.find('/') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('/') else {
            break;
        };
        let tag = &after[..close];
        let value_and_more = &after[close + 1..];
        // The value runs to the next known tag.
        let end = TAGS
            .iter()
            .filter_map(|(t, _)| value_and_more.find(&format!("/{t}/")))
            .min()
            .unwrap_or(value_and_more.len());
        match TAGS.iter().find(|(t, _)| *t == tag) {
            Some((_, label)) => {
                let value = value_and_more[..end].trim();
                if !value.is_empty() {
                    form.push_str(&format!("{label}: {value}\n"));
                }
                rest = &value_and_more[end..];
            }
            None => rest = after,
        }
    }
    if form.is_empty() {
        format!("Information to account owner: {joined}\n")
    } else {
        form
    }
}

/// A date written `YYMMDD`, as ISO 8601 where it is one.
fn date_of(yymmdd: &str) -> String {
    let parsed = (|| {
        let year: i32 = yymmdd.get(..2)?.parse().ok()?;
        let month: u32 = yymmdd.get(2..4)?.parse().ok()?;
        let day: u32 = yymmdd.get(4..6)?.parse().ok()?;
        chrono::NaiveDate::from_ymd_opt(if year < 80 { 2000 + year } else { 1900 + year }, month, day)
    })();
    parsed.map_or_else(|| yymmdd.to_string(), |date| date.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::tests::segments_of;

    const STATEMENT: &str = "{1:F01ROYCCAT2AXXX0000000000}{2:O9400000220228ROYCCAT2AXXX00000000002202282359N}{4:\r
:20:STMT2202280001\r
:25:ROYCCAT2/1234567\r
:28C:00059/001\r
:60F:C220227CAD12345,67\r
:61:2202280228C2500,00NTRFCU41698-0214//BR2202281234\r
:86:166?00SEPA-GUTSCHRIFT?20EREF+INV-2021-00004?21SVWZ+Rechnung 4?30COBADEFFXXX\r
?31DE89370400440532013000?32MARIE TREMBLAY?33\r
:61:220228D812,00NMSCINV-4413\r
:86:/EREF/INV-4413/IBAN/FR1420041010050500013M02606/BIC/PSSTFRPPPAR/NAME/Luc Gagnon/REMI/Invoice INV-4413\r
:61:220228C99,99NTRFNONREF\r
:86:EFT CREDIT OLIVIA HARPER\r
REF 0214\r
:62F:C220228CAD14033,66\r
-}";

    fn forms(bytes: &[u8]) -> Vec<(String, String)> {
        segments_of(|out| read(bytes, out))
    }

    #[test]
    fn each_booking_is_a_form_with_who_paid() {
        assert!(looks_like(STATEMENT.as_bytes()));
        let found = forms(STATEMENT.as_bytes());
        let text: Vec<&str> = found.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(found[0].0, "part:line 2");
        assert_eq!(
            text[0],
            "Bank statement (SWIFT MT940)\nTransaction reference: STMT2202280001\n"
        );
        assert_eq!(text[1], "Bank BIC: ROYCCAT2\nAccount: 1234567\n");
        assert_eq!(text[3], "Opening balance: credit CAD 12345,67 on 2022-02-27\n");
        assert_eq!(
            text[4],
            "Value date: 2022-02-28\nCredit or debit: credit\nAmount: 2500,00\nTransaction type: NTRF\n\
             Reference: CU41698-0214\nBank reference: BR2202281234\n"
        );
        assert_eq!(
            text[5],
            "Posting text: SEPA-GUTSCHRIFT\nCounterparty BIC: COBADEFFXXX\nCounterparty account: DE89370400440532013000\n\
             Counterparty name: MARIE TREMBLAY\nRemittance information: EREF+INV-2021-00004SVWZ+Rechnung 4\n"
        );
        assert!(text[6]
            .starts_with("Value date: 2022-02-28\nCredit or debit: debit\nAmount: 812,00\nTransaction type: NMSC\n"));
        assert_eq!(
            text[7],
            "End-to-end reference: INV-4413\nCounterparty account: FR1420041010050500013M02606\n\
             Counterparty BIC: PSSTFRPPPAR\nCounterparty name: Luc Gagnon\nRemittance information: Invoice INV-4413\n"
        );
        assert_eq!(
            text[9],
            "Information to account owner: EFT CREDIT OLIVIA HARPER REF 0214\n"
        );
        assert_eq!(text[10], "Closing balance: credit CAD 14033,66 on 2022-02-28\n");
        assert_eq!(found.len(), 11);
        // Known by its content whatever its name.
        let docs =
            crate::reader::tests::read_bytes("RBC_0228.txt", STATEMENT.as_bytes(), &crate::Limits::default()).docs;
        assert_eq!(docs[0].0.kind, crate::Kind::Mt940);
    }

    #[test]
    fn other_text_and_damaged_statements() {
        assert!(!looks_like(b"Meeting notes\n:20: minutes\n"));
        assert!(!looks_like(b"ratio 1:20:25 at :60F:"));
        // Fields cut short, dates that are none, tags with nothing: no panic.
        for cut in 0..STATEMENT.len() {
            if STATEMENT.is_char_boundary(cut) {
                forms(&STATEMENT.as_bytes()[..cut]);
            }
        }
        let odd = ":20:X\n:25:Y\n:60F:C99\n:61:2213\n:61:229999C1\n:86:?\n:86:?3\n:86:/NAME/\n:86://\n";
        let found = forms(odd.as_bytes());
        assert!(found.iter().any(|(_, t)| t.contains("Opening balance: C99")));
        assert!(found.iter().any(|(_, t)| t.contains("Booking: 2213")));
    }
}
