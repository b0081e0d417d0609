//! Finance records: invoices, statements of account, payment registers,
//! general-ledger extracts, supplier banking forms and banking updates.

use super::{items, money};
use crate::company::Company;
use crate::doc::{Doc, Format, Lang};
use crate::ids;
use crate::parties::{Banking, Party};
use chrono::{Duration, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// An invoice the company issued to a customer.
pub fn invoice(
    rng: &mut ChaCha8Rng,
    co: &Company,
    customer: &Party,
    date: NaiveDate,
    number: u32,
    format: Format,
) -> Doc {
    let lang = customer.lang;
    let year = chrono::Datelike::year(&date);
    let ext = format.extension();
    let (title, labels) = match lang {
        Lang::En => (
            "INVOICE",
            [
                "Invoice number",
                "Invoice date",
                "Due date",
                "Bill to",
                "Customer no.",
                "Your purchase order",
                "GST/HST registration",
            ],
        ),
        Lang::Fr => (
            "FACTURE",
            [
                "Numéro de facture",
                "Date de facture",
                "Date d'échéance",
                "Facturer à",
                "No de client",
                "Votre bon de commande",
                "No de TPS/TVH",
            ],
        ),
    };
    let mut d = Doc::new(
        format!("Finance/Invoices/{year}/INV-{year}-{number:05}.{ext}"),
        title,
        "invoice",
        lang,
        format,
        date,
    );
    let sep = if lang == Lang::Fr { " : " } else { ": " };
    d.line(title);
    letterhead(&mut d, co);
    d.field(labels[6], &co.business_number);
    d.line(format!("{}{sep}INV-{year}-{number:05}", labels[0]));
    let issued = d.date(date, number as usize);
    d.line(format!("{}{sep}{issued}", labels[1]));
    let due = d.date(date + Duration::days(30), number as usize + 1);
    d.line(format!("{}{sep}{due}", labels[2]));
    d.line(format!("{}{sep}{}", labels[3], display_name(customer, number)));
    d.party(&customer.id);
    d.line(format!("{} {}", customer.city, customer.postal.shown))
        .has(&customer.postal);
    d.field("Contact", &ids::person(&customer.contact));
    d.field("Email", &customer.contact_email);
    d.line(format!("{}{sep}{}", labels[4], customer.account_no));
    d.line(format!("{}{sep}PO-{}", labels[5], rng.random_range(10000..99999)));
    let subtotal = items(&mut d, rng);
    super::distractors(&mut d, rng);
    let tax = subtotal * 0.13;
    let (sub, hst, total, remit) = match lang {
        Lang::En => ("Subtotal", "HST 13%", "Total amount due", "Please remit payment to"),
        Lang::Fr => (
            "Sous-total",
            "TVH 13 %",
            "Montant total dû",
            "Veuillez remettre votre paiement à",
        ),
    };
    d.line(format!("{sub}{sep}{}", money(subtotal, lang)));
    d.line(format!("{hst}{sep}{}", money(tax, lang)));
    d.line(format!("{total}{sep}{}", money(subtotal + tax, lang)));
    d.line(format!("{remit} {}", co.name));
    d.field("Email", &co.receivables);
    d
}

/// The name a customer appears under on a given document: legal name,
/// trade name, or shouted in capitals.
fn display_name(p: &Party, n: u32) -> String {
    match n % 3 {
        0 => p.name.clone(),
        1 => p.aliases.first().cloned().unwrap_or_else(|| p.name.clone()),
        _ => p.name.to_uppercase(),
    }
}

fn letterhead(d: &mut Doc, co: &Company) {
    d.line(co.name);
    d.line(format!("{}, {} {}", co.street, co.city, co.postal.shown))
        .has(&co.postal);
    let label = if d.lang == Lang::Fr { "Tél." } else { "Tel" };
    d.field(label, &co.phone);
}

/// A monthly statement of account to a customer.
pub fn statement(rng: &mut ChaCha8Rng, co: &Company, customer: &Party, date: NaiveDate, n: u32) -> Doc {
    let lang = customer.lang;
    let title = if lang == Lang::Fr {
        "RELEVÉ DE COMPTE"
    } else {
        "STATEMENT OF ACCOUNT"
    };
    let mut d = Doc::new(
        format!(
            "Billing/Statements/{}/statement-{}-{}.pdf",
            date.format("%Y"),
            customer.id,
            date.format("%Y-%m")
        ),
        title,
        "billing",
        lang,
        Format::Pdf,
        date,
    );
    d.line(title);
    letterhead(&mut d, co);
    let sep = if lang == Lang::Fr { " : " } else { ": " };
    let when = d.date(date, n as usize);
    d.line(format!(
        "{}{sep}{when}",
        if lang == Lang::Fr {
            "Date du relevé"
        } else {
            "Statement date"
        }
    ));
    d.line(format!(
        "{}{sep}{}",
        if lang == Lang::Fr { "Client" } else { "Customer" },
        customer.name
    ))
    .party(&customer.id);
    d.line(format!(
        "{}{sep}{}",
        if lang == Lang::Fr {
            "No de client"
        } else {
            "Customer no."
        },
        customer.account_no
    ));
    let previous = f64::from(rng.random_range(0..20000));
    d.line(format!(
        "{}{sep}{}",
        if lang == Lang::Fr {
            "Solde précédent"
        } else {
            "Previous balance"
        },
        money(previous, lang)
    ));
    for i in 0..rng.random_range(1..4) {
        let on = date - Duration::days(25 - i * 7);
        let shown = d.date(on, i as usize);
        let amount = f64::from(rng.random_range(500..9000));
        d.line(format!(
            "{shown}\tINV-{}-{:05}\t{}",
            chrono::Datelike::year(&on),
            rng.random_range(100..999),
            money(amount, lang)
        ));
    }
    d.line(if lang == Lang::Fr {
        "Frais courants et solde à payer"
    } else {
        "Current charges and balance forward"
    });
    super::distractors(&mut d, rng);
    d.field("Email", &co.receivables);
    d
}

/// A month's EFT payment register: the suppliers paid and where to.
pub fn payment_register(rng: &mut ChaCha8Rng, suppliers: &[&Party], month: NaiveDate, csv: bool) -> Doc {
    let format = if csv { Format::Csv } else { Format::Xlsx };
    let name = format!(
        "Finance/Payments/payments_{}.{}",
        month.format("%Y-%m"),
        if csv { "csv" } else { "xlsx" }
    );
    let mut d = Doc::new(name, "EFT payment register", "payment", Lang::En, format, month);
    if !csv {
        d.row(vec!["EFT payment register".into()]);
    }
    d.row(
        [
            "Payment date",
            "Vendor no.",
            "Vendor",
            "Invoice",
            "Amount",
            "Bank account",
        ]
        .map(String::from)
        .to_vec(),
    );
    for (i, s) in suppliers.iter().enumerate() {
        let day = month + Duration::days(rng.random_range(0..27));
        let shown = d.date(day, 0);
        let account = match &s.banking {
            Some(Banking::Canadian(b)) => {
                d.has(&b.value());
                b.normalized()
            }
            Some(Banking::European { iban, .. }) => {
                d.has(iban);
                iban.shown.clone()
            }
            Some(Banking::American { account, .. }) => format!("US wire {account}"),
            None => String::new(),
        };
        d.party(&s.id);
        let amount = money(f64::from(rng.random_range(800..60000)) + 0.25, Lang::En);
        d.row(vec![
            shown,
            s.account_no.clone(),
            s.name.clone(),
            format!("SI-{}", 7000 + i),
            amount,
            account,
        ]);
    }
    d
}

/// The EFT file of a month's payment run as the accounts-payable system
/// writes it for the bank: Payments Canada's Standard 005 (CPA-005),
/// 1,464-character records of up to six payments each, its fields run
/// together. Its Canadian-banked suppliers only (`None` if there are
/// none); amounts and dates follow from the run, so that no draw of the
/// generator changes.
pub fn eft_file(co: &Company, suppliers: &[&Party], month: NaiveDate, run: u32) -> Option<Doc> {
    let paid: Vec<(&Party, &ids::BankAccount)> = suppliers
        .iter()
        .filter_map(|s| match &s.banking {
            Some(Banking::Canadian(b)) => Some((*s, b)),
            _ => None,
        })
        .collect();
    if paid.is_empty() {
        return None;
    }
    let name = format!("Finance/Payments/EFT/cpa005_{}.txt", month.format("%Y-%m"));
    let mut d = Doc::new(name, "EFT payment file", "payment", Lang::En, Format::Txt, month);
    let created = month + Duration::days(20);
    let due = created + Duration::days(3);
    d.truth.dates.extend([created, due]);
    let julian = |date: NaiveDate| format!("0{}", date.format("%y%j"));
    let originator = "DEMOCO0001";
    let file_number = format!("{:04}", run + 1);
    d.line(format!(
        "{:<1464}",
        format!("A000000001{originator}{file_number}{}00120", julian(created))
    ));
    let long_name = co.name.to_uppercase();
    for (record, payments) in paid.chunks(6).enumerate() {
        let mut line = format!("C{:09}{originator}{file_number}", record + 2);
        for (i, (supplier, bank)) in payments.iter().enumerate() {
            d.has(&bank.value());
            d.party(&supplier.id);
            let cents = 100_000 * (i as u64 + 1) + 25;
            let payee: String = supplier.name.to_uppercase().chars().take(30).collect();
            let segment = format!(
                "450{cents:010}{}0{}{}{:<12}{:0<22}   {:<15}{payee:<30}{long_name:<30}{:<10}{:<19}",
                julian(due),
                bank.institution,
                bank.transit,
                bank.account,
                "",
                "DEMO CO",
                "",
                format!("SI-{}", 7000 + i),
            );
            line.push_str(&format!("{segment:<240}"));
        }
        d.line(format!("{line:0<1464}"));
    }
    d.line(format!(
        "{:<1464}",
        format!("Z{:09}{originator}{file_number}", paid.len().div_ceil(6) + 2)
    ));
    Some(d)
}

/// The payment file of a month's run once the bank takes ISO 20022
/// (pain.001), as Canadian banks moved their EFT files to it: every
/// supplier paid however it is banked (a Canadian account by its
/// institution and transit, a European one by IBAN and BIC, an American
/// one by its ABA routing number), each a transaction with its address
/// and its accounts-payable contact. Amounts and dates follow from the
/// run, so that no draw of the generator changes.
pub fn credit_transfer_file(co: &Company, suppliers: &[&Party], month: NaiveDate, run: u32) -> Doc {
    let name = format!("Finance/Payments/ISO20022/pain001_{}.xml", month.format("%Y-%m"));
    let mut d = Doc::new(name, "ISO 20022 payment run", "payment", Lang::En, Format::Txt, month);
    let created = month + Duration::days(20);
    let due = created + Duration::days(3);
    d.truth.dates.extend([created, due]);
    let mut transactions = Vec::new();
    let mut total: u64 = 0;
    let mut count = 0;
    for (i, supplier) in suppliers.iter().enumerate() {
        let Some(banking) = &supplier.banking else {
            continue;
        };
        let (agent, account, address, currency) = match banking {
            Banking::Canadian(b) => {
                d.has(&b.value()).has(&supplier.postal);
                (
                    format!(
                        "<ClrSysMmbId><ClrSysId><Cd>CACPA</Cd></ClrSysId><MmbId>0{}{}</MmbId></ClrSysMmbId>",
                        b.institution, b.transit
                    ),
                    format!("<Othr><Id>{}</Id></Othr>", b.account),
                    format!(
                        "<PstlAdr><PstCd>{}</PstCd><TwnNm>{}</TwnNm><Ctry>CA</Ctry></PstlAdr>",
                        supplier.postal.shown,
                        crate::formats::xml_escape(supplier.city)
                    ),
                    "CAD",
                )
            }
            Banking::European { iban, bic } => {
                d.has(iban).has(bic);
                let account = format!("<IBAN>{}</IBAN>", iban.normalized);
                (format!("<BIC>{}</BIC>", bic.shown), account, String::new(), "EUR")
            }
            Banking::American { routing, account } => {
                d.has(routing);
                (
                    format!(
                        "<ClrSysMmbId><ClrSysId><Cd>USABA</Cd></ClrSysId><MmbId>{}</MmbId></ClrSysMmbId>",
                        routing.normalized
                    ),
                    format!("<Othr><Id>{account}</Id></Othr>"),
                    String::new(),
                    "USD",
                )
            }
        };
        d.has(&supplier.contact_email).party(&supplier.id);
        let cents = 100_000 * (i as u64 + 1) + 25;
        total += cents;
        count += 1;
        let invoice = format!("SI-{}", 7000 + i);
        let amount = format!("{}.{:02}", cents / 100, cents % 100);
        let creditor = crate::formats::xml_escape(&supplier.name);
        let email = &supplier.contact_email.shown;
        for line in [
            "      <CdtTrfTxInf>".to_string(),
            format!("        <PmtId><InstrId>{run:02}-{i:03}</InstrId><EndToEndId>{invoice}</EndToEndId></PmtId>"),
            format!("        <Amt><InstdAmt Ccy=\"{currency}\">{amount}</InstdAmt></Amt>"),
            format!("        <CdtrAgt><FinInstnId>{agent}</FinInstnId></CdtrAgt>"),
            format!(
                "        <Cdtr><Nm>{creditor}</Nm>{address}<CtctDtls><EmailAdr>{email}</EmailAdr></CtctDtls></Cdtr>"
            ),
            format!("        <CdtrAcct><Id>{account}</Id></CdtrAcct>"),
            format!("        <RmtInf><Ustrd>Invoice {invoice}</Ustrd></RmtInf>"),
            "      </CdtTrfTxInf>".to_string(),
        ] {
            transactions.push(line);
        }
    }
    let company = crate::formats::xml_escape(co.name);
    d.line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    d.line("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\">");
    d.line("  <CstmrCdtTrfInitn>");
    d.line(format!(
        "    <GrpHdr><MsgId>DEMOCO-{run:04}</MsgId><CreDtTm>{created}T16:30:00</CreDtTm><NbOfTxs>{count}</NbOfTxs>\
         <CtrlSum>{}.{:02}</CtrlSum><InitgPty><Nm>{company}</Nm></InitgPty></GrpHdr>",
        total / 100,
        total % 100
    ));
    d.line(format!(
        "    <PmtInf><PmtInfId>RUN-{run:04}</PmtInfId><PmtMtd>TRF</PmtMtd><ReqdExctnDt>{due}</ReqdExctnDt>\
         <Dbtr><Nm>{company}</Nm></Dbtr>"
    ));
    d.lines.extend(transactions);
    d.line("    </PmtInf>\n  </CstmrCdtTrfInitn>\n</Document>");
    d
}

/// A payment run's summary PDF with the run's payment file embedded in
/// it, as banks' portals export them.
pub fn payment_run_summary(mut register: Doc, month: NaiveDate) -> Doc {
    let file_name = register.name.rsplit('/').next().unwrap_or_default().to_string();
    register.name = file_name.clone();
    let mut d = Doc::new(
        format!("Finance/Payments/payment-run_{}.pdf", month.format("%Y-%m")),
        "Payment run summary",
        "payment",
        Lang::En,
        Format::Pdf,
        month,
    );
    d.line("PAYMENT RUN SUMMARY");
    let when = d.date(month, 0);
    d.line(format!("EFT payment run of {when}"));
    d.line(format!("The payment file is attached: {file_name}"));
    d.format = Format::PdfWithFiles(vec![register]);
    d
}

/// A month's general-ledger extract.
pub fn ledger(rng: &mut ChaCha8Rng, suppliers: &[&Party], month: NaiveDate) -> Doc {
    let mut d = Doc::new(
        format!("Accounting/GL/general-ledger-{}.xlsx", month.format("%Y-%m")),
        "General ledger",
        "accounting",
        Lang::En,
        Format::Xlsx,
        month,
    );
    d.row(vec![format!("General ledger extract {}", month.format("%Y-%m"))]);
    d.row(
        ["Date", "GL account", "Description", "Debit", "Credit"]
            .map(String::from)
            .to_vec(),
    );
    for i in 0..rng.random_range(8..20) {
        let day = month + Duration::days(rng.random_range(0..27));
        let shown = d.date(day, 0);
        let amount = money(f64::from(rng.random_range(100..50000)), Lang::En);
        let (account, description) = match i % 4 {
            0 => ("4000 Sales", "Sales journal entry".to_string()),
            1 => ("5100 Freight", "Freight accrual".to_string()),
            2 => ("1200 Accounts receivable", "Customer receipts batch".to_string()),
            _ => {
                let s = suppliers[rng.random_range(0..suppliers.len())];
                d.party(&s.id);
                ("2100 Accounts payable", format!("AP invoice {}", s.name))
            }
        };
        let (debit, credit) = if i % 2 == 0 {
            (amount, String::new())
        } else {
            (String::new(), amount)
        };
        d.row(vec![shown, account.to_string(), description, debit, credit]);
    }
    d
}

/// A supplier's direct deposit (EFT) enrolment form.
pub fn banking_form(co: &Company, supplier: &Party, date: NaiveDate, pdf: bool) -> Doc {
    let lang = supplier.lang;
    let format = if pdf { Format::Pdf } else { Format::Docx };
    let title = match lang {
        Lang::En => "SUPPLIER DIRECT DEPOSIT (EFT) ENROLMENT FORM",
        Lang::Fr => "FORMULAIRE D'ADHÉSION AU DÉPÔT DIRECT DES FOURNISSEURS",
    };
    let name = format!(
        "Finance/Banking/Supplier banking/{}-direct-deposit.{}",
        supplier.id,
        if pdf { "pdf" } else { "docx" }
    );
    let mut d = Doc::new(name, title, "banking_form", lang, format, date);
    d.line(title);
    d.line(co.name);
    let sep = if lang == Lang::Fr { " : " } else { ": " };
    let labels = match lang {
        Lang::En => [
            "Supplier name",
            "Vendor no.",
            "Institution number",
            "Transit number",
            "Account number",
            "Effective date",
            "Signed by",
        ],
        Lang::Fr => [
            "Nom du fournisseur",
            "No de fournisseur",
            "Numéro d'établissement",
            "Numéro de transit",
            "Numéro de compte",
            "Date d'entrée en vigueur",
            "Signé par",
        ],
    };
    d.line(format!("{}{sep}{}", labels[0], supplier.name))
        .party(&supplier.id);
    d.line(format!("{}{sep}{}", labels[1], supplier.account_no));
    d.line(format!("{} {}", supplier.city, supplier.postal.shown))
        .has(&supplier.postal);
    d.field("Contact", &ids::person(&supplier.contact));
    d.field(if lang == Lang::Fr { "Téléphone" } else { "Phone" }, &supplier.phone);
    d.field(
        if lang == Lang::Fr { "Courriel" } else { "Email" },
        &supplier.contact_email,
    );
    match &supplier.banking {
        Some(Banking::Canadian(b)) => {
            d.line(format!("{}{sep}{}", labels[2], b.institution));
            d.line(format!("{}{sep}{}", labels[3], b.transit));
            d.line(format!("{}{sep}{}", labels[4], b.account));
            d.has(&b.value());
        }
        Some(Banking::European { iban, bic }) => {
            d.field("IBAN", iban);
            d.field("SWIFT/BIC", bic);
        }
        Some(Banking::American { routing, account }) => {
            d.field("ABA routing number", routing);
            d.line(format!("US account{sep}{account}"));
        }
        None => {}
    }
    let effective = d.date(date, 1);
    d.line(format!("{}{sep}{effective}", labels[5]));
    d.field(labels[6], &ids::person(&supplier.contact));
    d
}

/// A supplier's e-mail asking for its banking details to be updated, with
/// the new details attached as a CSV.
pub fn banking_update(co: &Company, supplier: &Party, account: &ids::BankAccount, date: NaiveDate) -> Doc {
    let mut attachment = Doc::new(
        "direct-deposit-details.csv",
        "direct deposit details",
        "banking_form",
        Lang::En,
        Format::Csv,
        date,
    );
    attachment.row(
        ["Supplier", "Institution", "Transit", "Account"]
            .map(String::from)
            .to_vec(),
    );
    attachment.row(vec![
        supplier.name.clone(),
        account.institution.clone(),
        account.transit.clone(),
        account.account.clone(),
    ]);
    attachment.has(&account.value()).party(&supplier.id);
    let format = Format::Eml {
        from: supplier.contact_email.shown.clone(),
        to: co.payables.shown.clone(),
        subject: "Updated banking information for direct deposit".into(),
        attachments: vec![attachment],
    };
    let mut d = Doc::new(
        format!("Mail/AP/banking-update-{}.eml", supplier.id),
        "banking update",
        "banking_form",
        Lang::En,
        format,
        date,
    );
    d.has(&supplier.contact_email).has(&co.payables).party(&supplier.id);
    let when = d.date(date, 1);
    d.line("Hello Accounts Payable,");
    d.line(format!(
        "Please update our banking information for direct deposit, effective {when}. The new details are attached."
    ));
    d.line(format!("Supplier: {}", supplier.name));
    d.field("Contact", &ids::person(&supplier.contact));
    d.field("Phone", &supplier.phone);
    d
}

/// A party's contact person as a contact card: accounts payable files its
/// suppliers' in Outlook, sales exports its customers' as vCards.
pub fn contact_card(party: &Party) -> Doc {
    let (given_name, surname) = party.contact.split_once(' ').unwrap_or((&party.contact, ""));
    let card = crate::formats::pst::Contact {
        given_name: given_name.into(),
        surname: surname.into(),
        company: party.name.clone(),
        business_phone: party.phone.shown.clone(),
        email: party.contact_email.shown.clone(),
        city: party.city.into(),
        postal_code: party.postal.shown.clone(),
    };
    let mut d = Doc::new(
        format!("{}.vcf", party.id),
        card.name(),
        "other",
        party.lang,
        Format::Contact(card),
        chrono::NaiveDate::from_ymd_opt(2020, 1, 6).expect("a day"),
    );
    d.has(&ids::person(&party.contact))
        .has(&party.contact_email)
        .has(&party.phone)
        .has(&party.postal)
        .party(&party.id);
    d
}
