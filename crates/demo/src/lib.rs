//! The demo case: a deterministic, seeded company shaped like the seed's
//! (../shared/seed/): a file server holding years of invoices, purchase
//! orders, agreements, banking forms, payment registers, credit
//! applications, roadmaps and design records in real formats, English and
//! French, plus the customer/supplier master list and the ground truth
//! that tests hold breachscope to. It is the project's fixture factory too.

pub mod company;
pub mod doc;
pub mod documents;
pub mod formats;
pub mod ids;
pub mod logs;
pub mod parties;
pub mod score;
mod write;

use chrono::{Duration, NaiveDate};
use doc::{Doc, Format, Lang};
use documents::{commercial, finance, people};
use parties::{Banking, Party};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::path::{Path, PathBuf};

pub use doc::Truth;

/// Where the generator put the demo case.
#[derive(Debug, Clone)]
pub struct DemoCase {
    pub root: PathBuf,
    /// The file server's share, as scanned.
    pub share: PathBuf,
    pub counterparties: PathBuf,
    pub truth: Vec<Truth>,
    /// Each host's log folder (`None` for a host without logs).
    pub host_logs: Vec<(String, Option<PathBuf>)>,
    /// The intel's indicator file.
    pub iocs: PathBuf,
}

/// The file server's host name.
pub const FILE_SERVER: &str = "FS01";

/// Writes the demo case under `root` from `seed`.
pub fn generate(root: &Path, seed: u64) -> std::io::Result<DemoCase> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let co = company::Company::generate(&mut rng);
    let parties = parties::generate(&mut rng);
    let docs = file_server(&mut rng, &co, &parties);
    let share = root.join("hosts").join(FILE_SERVER).join("share");
    let truth = write::documents(&share, docs)?;
    let counterparties = root.join("crm").join("counterparties.csv");
    write::file(&counterparties, parties::master_list(&parties).as_bytes())?;
    write::file(
        &root.join("truth").join("fs01-files.jsonl"),
        write::truth_jsonl(&truth).as_bytes(),
    )?;
    write::file(&root.join("case.toml"), case_toml().as_bytes())?;
    for (host, name, bytes) in logs::event_logs() {
        write::file(&root.join("hosts").join(host).join("logs").join(name), &bytes)?;
    }
    let host_logs = logs::HOSTS
        .iter()
        .map(|h| {
            let dir = root.join("hosts").join(h.name).join("logs");
            (h.name.to_string(), dir.exists().then_some(dir))
        })
        .collect();
    let iocs = root.join("intel").join("iocs.csv");
    write::file(&iocs, logs::indicators_csv().as_bytes())?;
    let expected: serde_json::Map<String, serde_json::Value> = logs::HOSTS
        .iter()
        .map(|h| (h.name.to_string(), serde_json::Value::from(h.expected)))
        .collect();
    write::file(
        &root.join("truth").join("hosts.json"),
        serde_json::to_string_pretty(&expected)?.as_bytes(),
    )?;
    Ok(DemoCase {
        root: root.to_owned(),
        share,
        counterparties,
        truth,
        host_logs,
        iocs,
    })
}

/// The demo file server's documents as plain text (titles, lines, table
/// rows), for throughput measurements on text alone.
pub fn plain_text(seed: u64) -> String {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let co = company::Company::generate(&mut rng);
    let parties = parties::generate(&mut rng);
    let mut text = String::new();
    for doc in file_server(&mut rng, &co, &parties) {
        let attachments: Vec<&Doc> = match &doc.format {
            Format::Eml { attachments, .. } => attachments.iter().collect(),
            Format::Zip(members) | Format::PdfWithFiles(members) => members.iter().collect(),
            Format::Pst { messages, .. } => messages
                .iter()
                .flat_map(|m| match &m.format {
                    Format::Eml { attachments, .. } => std::iter::once(m).chain(attachments).collect(),
                    _ => vec![m],
                })
                .collect(),
            _ => Vec::new(),
        };
        for d in std::iter::once(&doc).chain(attachments) {
            text.push_str(&d.title);
            text.push('\n');
            for line in d
                .lines
                .iter()
                .chain(d.table.iter().map(|r| r.join(", ")).collect::<Vec<_>>().iter())
            {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    text
}

fn case_toml() -> String {
    let mut toml = String::from(
        "[case]\nname = \"Demo Co. Canada\"\ntimezone = \"America/Toronto\"\n\n[intel]\nsigma = []\niocs = [\"intel/iocs.csv\"]\n",
    );
    for h in logs::HOSTS {
        toml.push_str(&format!(
            "\n[[hosts]]\nname = \"{}\"\nrole = \"{}\"\naddresses = [\"{}\"]\n",
            h.name, h.role, h.address
        ));
        if h.name != "WS12" {
            toml.push_str(&format!("logs = [\"hosts/{}/logs\"]\n", h.name));
        }
        if h.name == FILE_SERVER {
            toml.push_str(&format!("files = [\"hosts/{FILE_SERVER}/share\"]\n"));
        }
    }
    toml.push_str("\n[counterparties]\npath = \"crm/counterparties.csv\"\n");
    toml
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid demo date")
}

/// A random day between `from` and `to`.
fn between(rng: &mut ChaCha8Rng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    from + Duration::days(rng.random_range(0..=(to - from).num_days()))
}

/// Every document on the file server.
fn file_server(rng: &mut ChaCha8Rng, co: &company::Company, parties: &[Party]) -> Vec<Doc> {
    let of_kind = |kind: &str| parties.iter().filter(|p| p.kind == kind).collect::<Vec<_>>();
    let (customers, suppliers, individuals) = (of_kind("customer"), of_kind("supplier"), of_kind("individual"));
    let (start, end) = (day(2019, 1, 7), day(2022, 2, 1));
    let mut docs = Vec::new();
    let mut archived = Vec::new();
    for n in 1..=140u32 {
        let customer = customers.choose(rng).expect("customers");
        let date = between(rng, start, end);
        let format = if n % 2 == 0 { Format::Pdf } else { Format::Docx };
        let invoice = finance::invoice(rng, co, customer, date, n, format);
        // Invoices of 2019 were archived into one zip.
        if chrono::Datelike::year(&date) == 2019 && matches!(invoice.format, Format::Docx) {
            archived.push(invoice);
        } else {
            docs.push(invoice);
        }
    }
    for invoice in &mut archived {
        // Stored in the zip under its year folder: 2019/INV-2019-00001.docx.
        invoice.name = invoice.name.trim_start_matches("Finance/Invoices/").to_string();
    }
    docs.push(Doc::new(
        "Archive/Invoices-2019.zip",
        "archive",
        "other",
        Lang::En,
        Format::Zip(archived),
        day(2020, 1, 15),
    ));
    for n in 1..=50u32 {
        let supplier = suppliers.choose(rng).expect("suppliers");
        let format = [Format::Docx, Format::Xlsx, Format::Pdf][n as usize % 3].clone();
        let date = between(rng, start, end);
        docs.push(commercial::purchase_order(rng, co, supplier, date, n, format));
    }
    for (i, party) in customers
        .iter()
        .step_by(3)
        .chain(suppliers.iter().step_by(4))
        .enumerate()
    {
        let date = between(rng, start, end);
        docs.push(commercial::agreement(rng, co, party, date, i % 2 == 0));
    }
    for (i, supplier) in suppliers.iter().enumerate() {
        docs.push(finance::banking_form(
            co,
            supplier,
            between(rng, start, end),
            i % 2 == 1,
        ));
    }
    let mut banking_updates = Vec::new();
    for (i, supplier) in suppliers
        .iter()
        .filter(|s| matches!(s.banking, Some(Banking::Canadian(_))))
        .take(4)
        .enumerate()
    {
        let account = ids::BankAccount::random(rng);
        banking_updates.push(finance::banking_update(
            co,
            supplier,
            &account,
            between(rng, day(2021, 1, 1), end) + Duration::days(i as i64),
        ));
    }
    // Accounts payable keeps its mail, and its suppliers' contacts, in
    // an Outlook store.
    let contacts = suppliers.iter().map(|s| finance::contact_card(s)).collect();
    docs.push(Doc::new(
        "Mail/AP/payables.pst",
        "mailbox",
        "other",
        Lang::En,
        Format::Pst {
            folder: "Inbox".into(),
            messages: banking_updates,
            contacts,
        },
        day(2022, 2, 1),
    ));
    let mut month = day(2021, 1, 1);
    for i in 0..13 {
        let paid: Vec<&Party> = suppliers.choose_multiple(rng, 6).copied().collect();
        let register = finance::payment_register(rng, &paid, month, i % 2 == 0);
        // Every fourth run's file came as an attachment to the bank's
        // summary PDF.
        docs.push(if i % 4 == 3 {
            finance::payment_run_summary(register, month)
        } else {
            register
        });
        // From 2022 the bank takes the run as ISO 20022.
        if month < day(2022, 1, 1) {
            docs.extend(finance::eft_file(co, &paid, month, i));
        } else {
            docs.push(finance::credit_transfer_file(co, &paid, month, i));
        }
        docs.push(finance::ledger(rng, &suppliers, month));
        month += Duration::days(32);
        month = month - Duration::days(i64::from(chrono::Datelike::day(&month)) - 1);
    }
    for (i, customer) in customers.iter().take(20).enumerate() {
        let date = between(rng, day(2020, 1, 1), end);
        docs.push(finance::statement(rng, co, customer, date, i as u32));
    }
    for (i, person) in individuals.iter().enumerate() {
        let date = between(rng, start, end);
        docs.push(people::credit_application(rng, person, date, i % 2 == 0));
    }
    for year in [2021, 2022] {
        docs.push(commercial::roadmap(day(year, 1, 10), Lang::En));
    }
    docs.push(commercial::roadmap(day(2022, 1, 12), Lang::Fr));
    for n in 0..6 {
        let dealers: Vec<&Party> = customers.choose_multiple(rng, 4).copied().collect();
        let date = between(rng, start, end);
        docs.push(commercial::promotion(rng, &dealers, date, n));
    }
    for customer in customers.choose_multiple(rng, 15) {
        let date = between(rng, start, end);
        docs.push(commercial::feedback(rng, co, customer, date));
    }
    for customer in customers.choose_multiple(rng, 10) {
        let date = between(rng, start, end);
        docs.push(commercial::design_record(rng, customer, date));
    }
    // IT's nightly backup of the CRM's database lands on the share.
    docs.push(commercial::crm_backup(&customers, day(2022, 1, 31)));
    // Sales exports its first customers' contacts as vCards.
    for customer in customers.iter().take(5) {
        let mut card = finance::contact_card(customer);
        card.name = format!("Sales/Contacts/{}", card.name);
        docs.push(card);
    }
    docs
}

/// ASCII letters for a name (accents dropped), for domains and addresses.
pub(crate) fn fold_ascii(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            c => c,
        })
        .collect()
}
