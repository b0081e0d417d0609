//! The scanner's tests: the elements made of digits and of words,
//! dates, and bad input here; the names of people in `names`.

use super::*;

mod names;

fn found(text: &str) -> Vec<(String, String)> {
    EntityScanner::new()
        .scan(text)
        .hits
        .into_iter()
        .map(|h| (h.kind.name().to_string(), h.value))
        .collect()
}

fn has(text: &str, kind: &str, value: &str) -> bool {
    found(text).iter().any(|(k, v)| k == kind && v == value)
}

/// Whether `text` holds no person's name.
fn names_nobody(text: &str) -> bool {
    !found(text).iter().any(|(kind, _)| kind == "person_name")
}

/// The dates `text` is about, as found, in order.
fn dates(text: &str) -> Vec<String> {
    EntityScanner::new()
        .scan(text)
        .dates
        .iter()
        .map(|d| d.date.to_string())
        .collect()
}

/// The person names found in `text`, in the order they are found.
fn person_names(text: &str) -> Vec<String> {
    found(text)
        .into_iter()
        .filter_map(|(kind, value)| (kind == "person_name").then_some(value))
        .collect()
}

#[test]
fn hot_bytes_are_found_eight_at_a_time_as_one_at_a_time() {
    // Every byte value at every place of a block, among others that
    // are not hot (and, for a high bit's borrow, among bytes that are).
    for filler in [b'a', 0xff, 0x80, b'/', b':'] {
        for place in 0..HOT_BLOCK {
            for value in 0..=255u8 {
                let mut block = [filler; HOT_BLOCK];
                block[place] = value;
                block[(place + 37) % HOT_BLOCK] = if value % 2 == 0 { b'7' } else { filler };
                let hot: Vec<usize> = (0..HOT_BLOCK).filter(|&i| is_hot(block[i])).collect();
                if let (Some(&first), Some(&last)) = (hot.first(), hot.last()) {
                    assert_eq!(first_and_last_hot(&block), (first, last), "{block:?}");
                }
            }
        }
    }
    // A short last block, its tail past the last whole word.
    assert_eq!(first_and_last_hot(b"abcdefghij5"), (10, 10));
    assert_eq!(first_and_last_hot(b"a1cdefghij5x"), (1, 10));
}

#[test]
fn sin_needs_context_and_luhn() {
    assert!(has("SIN: 130 692 544", "ca_sin", "130692544"));
    assert!(
        has("ssn: 130 692 544", "ca_sin", "130692544"),
        "as generators and US-made forms label it"
    );
    assert!(found("SSN: 130-69-2544").is_empty(), "a US SSN's grouping");
    assert!(has("Soc. Ins. No.: 130 692 544", "ca_sin", "130692544"));
    assert!(has(
        "Numéro d'assurance sociale (NAS) : 130-692-544",
        "ca_sin",
        "130692544"
    ));
    assert!(found("Order 130692544 shipped").is_empty());
    assert!(found("SIN: 130 692 545").is_empty());
    assert!(found("SIN: 046 454 286").is_empty());
    assert!(found("SIN: 130-692 544").is_empty(), "mixed separators");
    assert!(has("SIN: 130.692.544", "ca_sin", "130692544"), "apart by dots");
    assert!(has("NAS : 130.692.544\nNom : Roy", "ca_sin", "130692544"));
    assert!(
        found("NAS de l'employé ci-dessus.\nMontant : 130.692.544 €").is_empty(),
        "dotted, a number is an amount unless its own label says otherwise"
    );
    assert!(found("SIN: 130.692 544").is_empty(), "mixed separators");
}

#[test]
fn cards() {
    assert!(has(
        "Visa 4556 7375 8689 9855 exp 04/25",
        "payment_card",
        "4556737586899855"
    ));
    assert!(has("Amex 3742 454554 00126", "payment_card", "374245455400126"));
    assert!(has("Diners 3600 666633 3344", "payment_card", "36006666333344"));
    assert!(has(
        "Visa 4000 0012 3456 7899 992",
        "payment_card",
        "4000001234567899992"
    ));
    assert!(
        has(
            "Visa 4556 7375 8689 9855 123 exp 04/25",
            "payment_card",
            "4556737586899855"
        ),
        "a card, then its CVV"
    );
    assert!(!has("Card 4111 1111 1111 1111", "payment_card", "4111111111111111"));
    assert!(has("Visa 4556.7375.8689.9855", "payment_card", "4556737586899855"));
    assert!(found("Ref 4556737586899856").is_empty());
    assert!(found("ratio 0.4556737586899855").is_empty(), "decimals are not cards");
}

#[test]
fn short_cards_written_together_need_a_card_word() {
    // A 13-digit Visa, a 12-digit Maestro and a 14-digit Diners Club
    // number, Luhn-valid: as often a barcode or a reference.
    for text in [
        "EAN\n4159881785042",
        "Ticket 567567267974 opened",
        "GTIN: 36006666333344",
    ] {
        assert!(found(text).is_empty(), "{text}");
    }
    assert!(has("Visa 4159881785042 exp 04/27", "payment_card", "4159881785042"));
    assert!(has(
        "Maestro\nMarie Roy\n567567267974 05/27",
        "payment_card",
        "567567267974"
    ));
    assert!(has("Carte : 36006666333344", "payment_card", "36006666333344"));
    // A card's expiry after it is no group of it.
    assert!(has("Visa\n4159881785042 04/27", "payment_card", "4159881785042"));
}

#[test]
fn cards_of_issuers_missing_from_the_tables_need_their_label() {
    // Luhn-valid, 35 then 14 digits (JCB's range is 3528 to 3589),
    // and a 12-digit number starting 0604.
    for (text, digits) in [
        ("Card: 3518 6484 3773 7062  exp 01/36", "3518648437737062"),
        ("Credit card: 3514990824090455", "3514990824090455"),
        ("Numéro de carte : 060477259646  exp 08/28", "060477259646"),
    ] {
        assert!(has(text, "payment_card", digits), "{text}");
    }
    assert!(found("Shipment 3518 6484 3773 7062").is_empty(), "unlabelled");
    assert!(
        found("Card: 3518 6484 3773 7063").is_empty(),
        "a label does not make a failed Luhn a card"
    );
}

#[test]
fn a_number_is_what_its_own_label_says() {
    let text = "SIN #: 305 307 118\nRouting number: 128346251\n";
    assert!(has(text, "ca_sin", "305307118"));
    assert!(has(text, "us_aba_routing", "128346251"), "{:?}", found(text));
    assert!(!has(text, "ca_sin", "128346251"), "the SIN's label is the line over");
}

#[test]
fn a_routing_number_takes_no_account_past_another_number() {
    let text = "Routing number: 035201654\nVisa/MC #: 30089774330358  exp 05/36\n\
                Bank account: 083708627 498208594820\n";
    let read = found(text);
    let has = |kind: &str, value: &str| read.iter().any(|(k, v)| k == kind && v == value);
    assert!(has("us_aba_routing", "035201654"), "{read:?}");
    assert!(has("payment_card", "30089774330358"), "{read:?}");
    assert!(has("ca_bank_account", "837-08627-498208594820"), "{read:?}");
    assert!(!read.iter().any(|(_, v)| v.starts_with("352-")), "{read:?}");
    // Nor the route on the next line, written with its own account.
    assert_eq!(
        found("Routing number: 032845628\nBank account: 001696044 323238107853\n"),
        [
            ("us_aba_routing".to_string(), "032845628".to_string()),
            ("ca_bank_account".to_string(), "016-96044-323238107853".to_string())
        ]
    );
    // However far the account's line is.
    let far = "Routing number: 070403556. Consequatur voluptate ut labore possimus aperiam.\n\
               Bank account: 004-26187-9562198. Laborum.";
    assert_eq!(
        found(far),
        [
            ("us_aba_routing".to_string(), "070403556".to_string()),
            ("ca_bank_account".to_string(), "004-26187-9562198".to_string())
        ]
    );
    assert_eq!(
        found("Routing number: 082812436\nBank account: 030-10749-9475811865\n"),
        [
            ("us_aba_routing".to_string(), "082812436".to_string()),
            ("ca_bank_account".to_string(), "030-10749-9475811865".to_string())
        ]
    );
}

#[test]
fn bank_accounts_in_every_form() {
    let want = "003-12345-1234567";
    assert!(has("Bank account: 003-12345-1234567", "ca_bank_account", want));
    assert!(
        has(
            "Numéro de transit : 30001 Institution : 815 Folio : 1234567",
            "ca_bank_account",
            "815-30001-1234567"
        ),
        "Desjardins calls the account a folio"
    );
    // And the transit its caisse's number; a form's note in brackets
    // after a label.
    for form in [
        "Caisse : 30001   Folio : 1234567   Institution : 815",
        "Numéro d'institution : 815\nNuméro de transit (caisse) : 30001\nNuméro de folio : 1234567",
        "Institution number (3 digits): 815\nTransit number (5 digits): 30001\nAccount number (7-12 digits): 1234567",
        // Leaders of dots, as a form printed to text draws them.
        "Transit No.......... 30001\nInstitution ......... 815\nAccount: . . . . . 1234567",
    ] {
        assert!(
            has(form, "ca_bank_account", "815-30001-1234567"),
            "{form}: {:?}",
            found(form)
        );
    }
    assert!(has("EFT routing 000312345 account 1234567", "ca_bank_account", want));
    assert!(has("FI: 003\tBranch: 12345\tAccount: 1234567", "ca_bank_account", want));
    assert!(has(
        "Institution: 0003\tTransit: 12345\tAccount: 1234567",
        "ca_bank_account",
        want
    ));
    // A spreadsheet's numbers stripped of their leading zeros, each a
    // cell of its own, in a row or a CSV line.
    assert!(has(
        "Name: Maple Ridge\tTransit: 12345\tInstitution: 3\tAccount: 1234567\tAmount: 1250.5",
        "ca_bank_account",
        want
    ));
    assert!(has(
        "Institution: 2\tTransit: 1530\tAccount: 98765432",
        "ca_bank_account",
        "002-01530-98765432"
    ));
    assert!(has(
        "Bank: 10,Branch: 12,Account: 1234567",
        "ca_bank_account",
        "010-00012-1234567"
    ));
    assert!(
        found("Bank: 3 branches\tTransit: 12345\tAccount: 1234567").is_empty(),
        "a count, not a cell of its own"
    );
    assert!(
        found("Institution: 003\tdelai de transit 3 jours\tAccount: 1234567").is_empty(),
        "a transit time"
    );
    assert!(
        found("Institution: 7\tTransit: 12345\tAccount: 1234567").is_empty(),
        "no institution 007"
    );
    assert!(
        has(
            "ABA routing number: 026009593\nAccount number: 987654321",
            "us_aba_routing",
            "026009593"
        ),
        "a US route whose digits read as a Canadian institution's (260)"
    );
    assert!(
        has(
            "Mmb Id: 000312345\n\nNm: Maple Ridge Supply Ltd.\n\nCdtr Acct Id: 1234567",
            "ca_bank_account",
            want
        ),
        "an ISO 20022 payment file's creditor, as its reader writes it"
    );
    assert!(has("Cheque 12345-003 1234567", "ca_bank_account", want));
    assert!(has(
        "Institution: 003\nTransit number: 12345\nAccount number: 1234567",
        "ca_bank_account",
        want
    ));
    assert!(has(
        "Numéro d'établissement : 003  Numéro de transit : 12345  Numéro de compte : 1234567",
        "ca_bank_account",
        want
    ));
    assert!(has("003,12345,1234567", "ca_bank_account", want));
    assert!(has("Transit 12345, Inst 003, Acct 1234567", "ca_bank_account", want));
    assert!(has(
        "Numéro de l'institution financière : 003\nNuméro de transit : 12345\nNuméro de compte : 1234567",
        "ca_bank_account",
        want
    ));
    assert!(has("Direct deposit: 003/12345/1234567", "ca_bank_account", want));
    // Columns lined up under their labels, as a form's text comes out.
    assert!(has(
        "Institution No.   Transit No.   Account No.\n003               12345         1234567",
        "ca_bank_account",
        want
    ));
    assert!(
        found("Qty   Item   Ref\n003   12345   1234567").is_empty(),
        "three columns of anything"
    );
    // The transit first, as a pre-authorized debit form asks for it.
    assert!(has(
        "Branch transit number   Institution number   Account number\n12345                   003                  1234567",
        "ca_bank_account",
        want
    ));
    assert!(has("Transit/Inst/Account: 12345/003/1234567", "ca_bank_account", want));
    for anything in ["Ref   Qty   Item\n12345   003   1234567", "12345,003,1234567"] {
        assert!(found(anything).is_empty(), "{anything:?}: {:?}", found(anything));
    }
    // A void cheque's MICR line: serial, transit-institution, account.
    assert!(has("⑈001234⑈ ⑆12345-003⑆ 1234567⑈", "ca_bank_account", want));
    assert!(has("⑆12345-003⑆123⑉4567⑈", "ca_bank_account", want));
    // The transit field's dash as the E-13B symbol, as the standard prints it.
    assert!(has(
        "⑈004512⑈ ⑆12345⑉003⑆ 1234567⑉8⑈",
        "ca_bank_account",
        "003-12345-12345678"
    ));
    assert!(found("999-12345-1234567").is_empty(), "unknown institution");
    // A whole account written on the line before is not this form's
    // account field: the nearest field that can be one is.
    assert!(has(
        "Account 003-12345-1234567\nBank: 004 Transit 00012 Acct 9876543210",
        "ca_bank_account",
        "004-00012-9876543210"
    ));
    // The institution's number after the bank's name.
    assert!(has(
        "Bank: Royal Bank of Canada (003)\nBranch transit: 12345\nAccount #: 1234567",
        "ca_bank_account",
        want
    ));
    assert!(
        !found("Bank: Royal Bank of Canada (003)\nPhone: 1-800-769-2511")
            .iter()
            .any(|(kind, _)| kind == "ca_bank_account"),
        "no transit or account labelled"
    );
}

#[test]
fn iban_bic_aba() {
    assert!(has(
        "IBAN: GB82 WEST 1234 5698 7654 32 EUR",
        "iban",
        "GB82WEST12345698765432"
    ));
    assert!(found("IBAN: GB82 WEST 1234 5698 7654 33").is_empty());
    // Typed into a web form, or grouped by hyphens.
    assert!(has(
        "iban: gb82 west 1234 5698 7654 32",
        "iban",
        "GB82WEST12345698765432"
    ));
    assert!(has(
        "IBAN DE89-3704-0044-0532-0130-00",
        "iban",
        "DE89370400440532013000"
    ));
    assert!(
        found("sha de89370400440532013000 ok").is_empty(),
        "lower case with no IBAN near: a hex key passes mod 97 once in 97"
    );
    assert!(has("SWIFT/BIC: DEUTDEFF500", "swift_bic", "DEUTDEFF500"));
    assert!(found("PURCHASE ORDER").is_empty());
    assert!(found("DEUTDEFF").is_empty(), "a BIC needs context");
    assert!(has("ABA routing 021000021", "us_aba_routing", "021000021"));
    assert!(found("Ref 021000021").is_empty());
    // An account's number that passes the routing checksum (one in
    // ten do) is no routing number, whatever the line above says.
    assert_eq!(
        found("ABA routing number: 097073684\nUS account: 106342400"),
        [("us_aba_routing".to_string(), "097073684".to_string())]
    );
    // A US cheque's MICR line opens with the routing number in transit symbols.
    assert!(has("⑆021000021⑆ 123456789⑈", "us_aba_routing", "021000021"));
}

#[test]
fn business_numbers() {
    assert!(has(
        "GST/HST: 123456782 RT0001",
        "ca_business_number",
        "123456782RT0001"
    ));
    assert!(has("BN 123456782RT0001", "ca_business_number", "123456782RT0001"));
    assert!(found("Ref 123456789 RT0001").is_empty());
}

#[test]
fn contact_elements() {
    assert!(has(
        "Write to Jane.Doe@Example.CA today",
        "email",
        "jane.doe@example.ca"
    ));
    assert!(has("Tel: (416) 555-0199", "phone", "+14165550199"));
    assert!(has("Phone: 613-555-0199x1234", "phone", "+16135550199"));
    assert!(has("Tél. : +1 514-555-0123", "phone", "+15145550123"));
    assert!(has("Phone +44 20 7946 0958", "phone", "+442079460958"));
    assert!(has("Tel +44 (0)1628 876500", "phone", "+441628876500"));
    assert!(found("Total 100.555.1234").is_empty(), "area codes never start with 1");
    assert!(has("Tel: (808) 125-5591 x747", "phone", "+18081255591"), "labelled");
    // The seven digits together, or the area code before a slash:
    // a phone's only where labelled so.
    assert!(has("Tel: 613 5550142", "phone", "+16135550142"));
    assert!(has("Fax 613/555-0142", "phone", "+16135550142"));
    assert!(has("Cell: (613)5550142", "phone", "+16135550142"));
    assert!(has("Call +1 6135550142", "phone", "+16135550142"));
    for anything in ["Lot 613 5550142", "Ratio 613/555-0142", "Ref 100.5550142"] {
        assert!(found(anything).is_empty(), "{anything:?}: {:?}", found(anything));
    }
    assert!(has("Home phone: 1-666-080-8709", "phone", "+16660808709"));
    assert!(
        has("Téléphone : 001-281-374-1040", "phone", "+12813741040"),
        "dialled from abroad"
    );
    assert!(has("Téléphone : 6415613072", "phone", "+16415613072"));
    assert!(
        has("Téléphone :\n\t6415613072\n", "phone", "+16415613072"),
        "a table's cell under its label's"
    );
    assert!(found("Total:\n\t6415613072\n").is_empty());
    assert!(has("call +16135550142 now", "phone", "+16135550142"));
    assert!(found("Order 6415613072").is_empty(), "ten digits alone are a reference");
    // Under their column's label in a table laid out as text.
    assert!(has("Name\tPhone\nMarie Roy\t6415613072\n", "phone", "+16415613072"));
    assert!(found("Name\tOrder ID\nMarie Roy\t6415613072\n")
        .iter()
        .all(|(k, _)| k != "phone"));
    assert!(
        has("Téléphone : 0106473728", "phone", "0106473728"),
        "a national number of another country, kept as written"
    );
    assert!(has("Téléphone : 01 23 45 67 89", "phone", "0123456789"), "in pairs");
    assert!(has("Tél. 04.72.10.20.30", "phone", "0472102030"));
    assert!(found("Lots : 01 23 45 67 89").is_empty(), "pairs alone are any numbers");
    assert!(
        found("Tel: 613-555-0142, order 6415613072")
            .iter()
            .all(|(_, v)| v != "+16415613072"),
        "a phone label over another number is not its own"
    );
    assert!(has("Ottawa ON K1A 0B1", "ca_postal_code", "K1A 0B1"));
    assert!(found("Ottawa ON D1A 0B1").is_empty());
    assert!(
        has("h2x 1y4,montreal", "ca_postal_code", "H2X 1Y4"),
        "as typed in a web form"
    );
    assert!(found("ref K1a 0b1").is_empty(), "mixed case is no postal code");
    assert!(found("color: #C0C0C0; border: a0a0a0").is_empty(), "colours");
    assert!(
        has("Postal code: k1a0b1", "ca_postal_code", "K1A 0B1"),
        "typed together in lower case, under its label"
    );
    assert!(has("Code postal : h3z2y7", "ca_postal_code", "H3Z 2Y7"));
}

#[test]
fn a_report_is_about_the_quarters_it_names() {
    let scanner = EntityScanner::new();
    let spans = |text: &str| -> Vec<(String, String)> {
        scanner
            .scan(text)
            .quarters
            .iter()
            .map(|d| (d.date.to_string(), d.through.to_string()))
            .collect()
    };
    assert_eq!(spans("Q3 2021 results"), [("2021-07-01".into(), "2021-09-30".into())]);
    // A quarter is no day: the days are apart.
    let found = scanner.scan("Roadmap 2021-Q4, then invoice 2022-01-15");
    assert_eq!(
        spans("Roadmap 2021-Q4, then invoice 2022-01-15"),
        [("2021-10-01".into(), "2021-12-31".into())]
    );
    assert_eq!(
        found.dates.iter().map(|d| d.date.to_string()).collect::<Vec<_>>(),
        ["2022-01-15"]
    );
    assert_eq!(spans("FY2022 Q1"), [("2022-01-01".into(), "2022-03-31".into())]);
    assert_eq!(
        spans("Q3 FY2023 promotion"),
        [("2023-07-01".into(), "2023-09-30".into())]
    );
    assert_eq!(spans("Q4-FY 2023"), [("2023-10-01".into(), "2023-12-31".into())]);
    assert_eq!(
        spans("BIC KCXKNLQ3, then Q3-2021 results"),
        [("2021-07-01".into(), "2021-09-30".into())]
    );
    // Written in words, in English and French.
    for (written, first) in [
        ("Results for the third quarter of 2021.", "2021-07-01"),
        ("3rd Quarter 2021 review", "2021-07-01"),
        ("Rapport du 3e trimestre 2021", "2021-07-01"),
        ("premier trimestre de 2022 et deuxième trimestre 2022", "2022-01-01"),
        ("FOURTH QUARTER, 2020", "2020-10-01"),
    ] {
        assert_eq!(spans(written).first().map(|s| s.0.as_str()), Some(first), "{written}");
    }
    assert_eq!(
        spans("premier trimestre de 2022 et deuxième trimestre 2022"),
        [
            ("2022-01-01".to_string(), "2022-03-31".to_string()),
            ("2022-04-01".to_string(), "2022-06-30".to_string())
        ]
    );
    for no_quarter in [
        "Q5 2021",
        "SQ3 2021 model",
        "Q3 was good in 2021",
        "Q3 21",
        "Q3-20215",
        "a quarter of 2021's sales",
        "x3rd quarter 2021",
    ] {
        assert!(spans(no_quarter).is_empty(), "{no_quarter}");
    }
}

#[test]
fn a_date_or_phone_joined_by_a_hyphen_to_more_is_a_reference() {
    assert!(dates("Ref 1984-03-12-001").is_empty());
    assert!(dates("Lot 7-2019-08-07").is_empty());
    assert_eq!(dates("From 2023-05-14 - 2023-06-01."), ["2023-05-14", "2023-06-01"]);
    assert_eq!(dates("Paid 2023-06-01-"), ["2023-06-01"]);
    assert_eq!(dates("Invoice-2019-08-07.pdf"), ["2019-08-07"]);
    assert!(found("Part number 514-555-0199-A, lot 7-514-555-0199").is_empty());
    assert!(has("Call 514-555-0199 - ask for Marc", "phone", "+15145550199"));
}

#[test]
fn a_version_written_with_dots_is_no_date() {
    for text in ["Version 1.2.2020", "Release: 3.1.2021", "Rev. 2.11.2019"] {
        assert!(dates(text).is_empty(), "{text}: {:?}", dates(text));
    }
    assert_eq!(dates("Signé le 1.2.2020"), ["2020-02-01"]);
    assert_eq!(dates("Version of 2020-02-01"), ["2020-02-01"]);
    assert_eq!(
        dates("Дата: 1.2.2020"),
        ["2020-02-01"],
        "a word of letters beyond ASCII"
    );
}

#[test]
fn a_range_s_first_day_shares_the_year_of_its_last() {
    let spans = |text: &str| -> Vec<(String, String)> {
        EntityScanner::new()
            .scan(text)
            .dates
            .iter()
            .map(|d| (d.date.to_string(), d.through.to_string()))
            .collect()
    };
    let first_quarter = [("2023-01-01".to_string(), "2023-03-31".to_string())];
    for text in [
        "Statement period: Jan 1 - Mar 31, 2023",
        "from January 1 through March 31, 2023",
        "Période : du 1er janvier au 31 mars 2023",
        "Period: 1 January \u{2013} 31 March 2023",
        "Sales, January to March 2023",
        "Q1: Jan.-Mar. 2023",
    ] {
        assert_eq!(spans(text), first_quarter, "{text}");
    }
    assert_eq!(
        spans("Billing period Dec 15 - Jan 14, 2024"),
        [("2023-12-15".to_string(), "2024-01-14".to_string())],
        "a later month is the year before's"
    );
    // No range: a number or a word before the date is none of its days.
    for (text, day) in [
        ("Invoice 20 - March 31, 2023", "2023-03-31"),
        ("Ref 45 - March 31, 2023", "2023-03-31"),
        ("Signed and returned to March 31, 2023", "2023-03-31"),
        ("Lot 7 to March 31, 2023", "2023-03-31"),
        ("Payroll 1 - 15 March 2023", "2023-03-15"),
    ] {
        assert_eq!(spans(text)[0].0, day, "{text}");
    }
}

#[test]
fn a_candidate_that_fails_gives_way_to_the_next_shape_at_its_place() {
    // 021000021 is first an EFT routing number (institution 210, not a
    // Canadian bank), then nine digits: a US routing number by context.
    assert!(has("ABA: 021000021", "us_aba_routing", "021000021"));
    // A batch number shaped like a routing number, with no account.
    assert!(found("batch 000312345-05; transit 3 days").is_empty());
    // After a failed candidate the search goes on inside it.
    assert!(has("ref 8548775328961958 SIN 130 692 544", "ca_sin", "130692544"));
}

#[test]
fn a_bic_is_looked_for_only_within_reach_of_its_label() {
    assert!(has("SWIFT code of the bank: DEUTDEFF500", "swift_bic", "DEUTDEFF500"));
    let far = format!("SWIFT{}DEUTDEFF500", " ".repeat(200));
    assert!(found(&far).is_empty());
}

#[test]
fn elements_at_the_edges_of_text_and_of_digit_windows() {
    assert!(has("130 692 544 is my SIN", "ca_sin", "130692544"));
    let long = format!("{}jane@example.ca", "word ".repeat(400));
    assert!(has(&long, "email", "jane@example.ca"));
    let local = "a".repeat(60);
    assert!(has(
        &format!("{local}@example.ca"),
        "email",
        &format!("{local}@example.ca")
    ));
}

#[test]
fn an_address_near_figures_is_found_whole() {
    let text = "Ref 12 and 34, mail firstname.lastname.department.accounts@example.ca";
    assert!(has(text, "email", "firstname.lastname.department.accounts@example.ca"));
}

#[test]
fn random_text_of_candidate_pieces_does_not_panic() {
    // Pieces that make and break every shape, in random order: the
    // second pass slices candidates by their shape, so any mismatch
    // between a shape and its reading would panic here.
    let pieces = [
        "0",
        "1",
        "3",
        "9",
        "00",
        "003",
        "12345",
        "1234567",
        " ",
        "-",
        ".",
        "/",
        ",",
        "\t",
        "(",
        ")",
        "+1 ",
        "+44 ",
        "@",
        "a",
        "Z",
        "RT",
        "GB82",
        "K1A",
        "0B1",
        "SIN ",
        "IBAN ",
        "BIC ",
        "DOB: ",
        "janvier ",
        "Sept. ",
        "1er ",
        "⑆",
        "⑈",
        "⑉",
        "é",
        "Institution: ",
        "Transit: ",
        "Account: ",
        "Name: ",
        "Jane ",
        "Dear ",
        "Regards,\n",
        ",\r\n",
        "Tremblay",
        "3rd quarter ",
        "troisième trimestre de ",
        "<",
        "\n",
        "Best",
        "Hi ",
        "Marie-pier ",
        "FY",
        "H1 ",
        "2023",
        "–",
        "été ",
        "Roadmap ",
        "Van ",
        "De ",
        "d’",
        " at ",
        " au ",
        "my name is ",
        "m'appelle ",
        "behalf of ",
        "Herr ",
        "MACDONALD, JOHN A",
        "613-555-0142",
        "Raised by: ",
    ];
    let scanner = EntityScanner::new();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    let mut longest = 0;
    for _ in 0..20_000 {
        let text: String = (0..next() % 80).map(|_| pieces[next() % pieces.len()]).collect();
        longest = longest.max(text.len());
        let found = scanner.scan(&text);
        scanner.periods(&text, &found.windows);
    }
    assert!(longest > 200, "the texts are varied");
}

#[test]
fn hostile_text_does_not_panic() {
    let scanner = EntityScanner::new();
    for text in [
        "",
        "é",
        "SIN:",
        "003-",
        "\u{0}\u{ffff}",
        &"9".repeat(10_000),
        "Institution: 003 é",
    ] {
        scanner.scan(text);
    }
}
