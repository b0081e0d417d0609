//! Bank and card statements downloaded as OFX (`.ofx`, Quicken's `.qfx`,
//! QuickBooks' `.qbo`), as a bookkeeper keeps them to reconcile: the
//! company's accounts and cards, and every payee. OFX 1 is SGML whose
//! fields have no closing tag (`<ACCTID>1234567<ACCTTYPE>CHECKING`), OFX 2
//! the same in XML; read as text, a Canadian account's fields name
//! nothing the detectors know. Each aggregate's fields are written here as
//! a form ("Routing number: 000312345", "Account ID: 1234567", "Posted:
//! 2022-03-04", "Name: ..."), each transaction a block.
//!
//! Read by hand: the syntax is tags and text, and a damaged or cut
//! download must still give what it holds.

use crate::output::Output;
use breachscope_core::{Origin, Segment};
use chrono::NaiveDate;

/// The labels of OFX's fields; a field not listed keeps its tag.
const LABELS: &[(&str, &str)] = &[
    ("BRANCHID", "Transit"),
    ("ACCTID", "Account ID"),
    ("ACCTTYPE", "Account type"),
    ("NAME", "Name"),
    ("PAYEEID", "Payee ID"),
    ("MEMO", "Memo"),
    ("TRNAMT", "Amount"),
    ("TRNTYPE", "Type"),
    ("CHECKNUM", "Cheque number"),
    ("BALAMT", "Balance"),
    ("ORG", "Organization"),
    ("ADDR1", "Address"),
    ("ADDR2", "Address"),
    ("CITY", "City"),
    ("STATE", "Province"),
    ("POSTALCODE", "Postal code"),
    ("PHONE", "Phone"),
    ("EMAIL", "Email"),
    ("DTPOSTED", "Posted"),
    ("DTUSER", "Date"),
    ("DTSTART", "Statement start"),
    ("DTEND", "Statement end"),
    ("DTASOF", "As of"),
];

/// Fields that hold no one's data: protocol, identifiers, codes.
const SKIPPED: &[&str] = &[
    "CODE",
    "SEVERITY",
    "DTSERVER",
    "LANGUAGE",
    "FID",
    "TRNUID",
    "FITID",
    "CURDEF",
    "SIC",
    "INTU.BID",
    "INTU.USERID",
];

/// Aggregates whose end closes a block (a transaction, an account).
const BLOCKS: &[&str] = &[
    "STMTTRN",
    "BANKACCTFROM",
    "CCACCTFROM",
    "BANKACCTTO",
    "CCACCTTO",
    "PAYEE",
    "LEDGERBAL",
];

/// Whether `head` opens an OFX download: its SGML header or its XML
/// processing instruction.
pub(crate) fn looks_like(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head).trim_ascii_start();
    head.starts_with(b"OFXHEADER:")
        || (head.starts_with(b"<?xml") && memchr::memmem::find(&head[..head.len().min(512)], b"<?OFX").is_some())
}

/// Reads the fields of an OFX download.
pub(crate) fn read(bytes: &[u8], out: &mut Output<'_>) {
    if !out.wanted() {
        return;
    }
    let text = crate::text::decode(bytes);
    let body = text.find('<').map_or("", |at| &text[at..]);
    let mut form = String::from("Bank statement (OFX download)\n");
    for piece in body.split('<').skip(1) {
        let (tag, value) = piece.split_once('>').unwrap_or((piece, ""));
        let value = value.trim();
        if let Some(closed) = tag.strip_prefix('/') {
            if BLOCKS.contains(&closed.trim()) && !form.ends_with("\n\n") {
                form.push('\n');
            }
            continue;
        }
        let tag = tag.trim();
        if value.is_empty() || tag.starts_with(['?', '!']) || SKIPPED.contains(&tag) {
            continue;
        }
        let mut decoded = String::with_capacity(value.len());
        crate::markup::push_decoded(&mut decoded, value);
        let value = decoded;
        let label = LABELS.iter().find(|(t, _)| *t == tag).map_or(tag, |(_, label)| label);
        let line = match tag {
            // A Canadian bank's institution (`0003`), or a nine-digit route
            // (a US routing number, or Canada's EFT form `0IIITTTTT`).
            "BANKID" if value.len() == 9 => format!("Routing number: {value}"),
            "BANKID" => format!("Bank ID: {value}"),
            _ => match tag.starts_with("DT").then(|| ofx_date(&value)).flatten() {
                Some(date) => {
                    out.meta_dates.push(date);
                    format!("{label}: {date}")
                }
                None => format!("{label}: {value}"),
            },
        };
        form.push_str(&line);
        form.push('\n');
    }
    out.segment(Segment::new(form, Origin::TextOffset(0)));
}

/// An OFX date (`20220304`, `20220304120000.000[-5:EST]`): its day.
fn ofx_date(value: &str) -> Option<NaiveDate> {
    let digits = value.get(..8).filter(|d| d.bytes().all(|b| b.is_ascii_digit()))?;
    NaiveDate::parse_from_str(digits, "%Y%m%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::tests::Segments;

    fn read_text(ofx: &str) -> (String, Vec<NaiveDate>) {
        let mut sink = Segments::default();
        let mut out = Output::new(&mut sink, true, usize::MAX);
        read(ofx.as_bytes(), &mut out);
        let dates = std::mem::take(&mut out.meta_dates);
        drop(out);
        (sink.0.iter().map(|s| s.text.as_str()).collect(), dates)
    }

    #[test]
    fn an_sgml_download_is_a_form_each_transaction_a_block() {
        let ofx = "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>\
            <DTSERVER>20220305120000<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>CAD\
            <BANKACCTFROM><BANKID>0003<BRANCHID>12345<ACCTID>1234567<ACCTTYPE>CHECKING</BANKACCTFROM>\
            <BANKTRANLIST><DTSTART>20220201<DTEND>20220228120000.000[-5:EST]\
            <STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20220204<TRNAMT>-1250.00<FITID>9001<NAME>E-TRANSFER Anne Roy<MEMO>Rent &amp; fees</STMTTRN>\
            </BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>";
        assert!(looks_like(ofx.as_bytes()));
        let (text, dates) = read_text(ofx);
        assert_eq!(
            text,
            "Bank statement (OFX download)\nBank ID: 0003\nTransit: 12345\nAccount ID: 1234567\nAccount type: CHECKING\n\n\
             Statement start: 2022-02-01\nStatement end: 2022-02-28\nType: DEBIT\nPosted: 2022-02-04\nAmount: -1250.00\n\
             Name: E-TRANSFER Anne Roy\nMemo: Rent & fees\n\n"
        );
        assert_eq!(dates.len(), 3);
    }

    #[test]
    fn an_xml_download_and_damaged_ones() {
        let ofx = "<?xml version=\"1.0\"?>\n<?OFX OFXHEADER=\"200\" VERSION=\"220\"?>\n<OFX><BANKACCTFROM>\
            <BANKID>071000013</BANKID><ACCTID>123456789</ACCTID></BANKACCTFROM></OFX>";
        assert!(looks_like(ofx.as_bytes()));
        assert!(read_text(ofx)
            .0
            .contains("Routing number: 071000013\nAccount ID: 123456789\n"));
        assert!(!looks_like(b"<?xml version=\"1.0\"?><invoice/>"));
        for damaged in [
            "OFXHEADER:100\n<OFX><ACCTID>",
            "OFXHEADER:100\n<<<>>><DTPOSTED>2022",
            "OFXHEADER:100",
        ] {
            read_text(damaged);
        }
    }
}
