//! Commercial records: purchase orders, agreements, promotions, customer
//! feedback, design records and roadmaps.

use super::{items, money, PRODUCTS};
use crate::company::Company;
use crate::doc::{Doc, Format, Lang};
use crate::ids;
use crate::parties::Party;
use chrono::{Duration, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// A purchase order the company placed with a supplier.
pub fn purchase_order(
    rng: &mut ChaCha8Rng,
    co: &Company,
    supplier: &Party,
    date: NaiveDate,
    number: u32,
    format: Format,
) -> Doc {
    let lang = supplier.lang;
    let year = chrono::Datelike::year(&date);
    let tabular = matches!(format, Format::Xlsx);
    let ext = format.extension();
    let title = if lang == Lang::Fr {
        "BON DE COMMANDE"
    } else {
        "PURCHASE ORDER"
    };
    let mut d = Doc::new(
        format!("Purchasing/{year}/PO-{year}-{number:05}.{ext}"),
        title,
        "purchase_order",
        lang,
        format,
        date,
    );
    let ordered = d.date(date, number as usize);
    let delivery = d.date(date + Duration::days(14), number as usize + 1);
    d.party(&supplier.id);
    if tabular {
        d.row(vec![title.to_string()]);
        d.row(
            [
                "PO number",
                "Order date",
                "Vendor",
                "Vendor no.",
                "Item",
                "Qty",
                "Unit price",
                "Requested delivery",
            ]
            .map(String::from)
            .to_vec(),
        );
        for _ in 0..rng.random_range(1..6) {
            let product = PRODUCTS[rng.random_range(0..PRODUCTS.len())];
            d.row(vec![
                format!("PO-{year}-{number:05}"),
                ordered.clone(),
                supplier.name.clone(),
                supplier.account_no.clone(),
                product.to_string(),
                rng.random_range(1..200).to_string(),
                money(f64::from(rng.random_range(20..900)), Lang::En),
                delivery.clone(),
            ]);
        }
        return d;
    }
    let sep = if lang == Lang::Fr { " : " } else { ": " };
    let labels = match lang {
        Lang::En => [
            "PO number",
            "Order date",
            "Vendor",
            "Requested delivery",
            "Ship to",
            "Buyer",
        ],
        Lang::Fr => [
            "Numéro de commande",
            "Date de commande",
            "Fournisseur",
            "Date de livraison",
            "Livrer à",
            "Acheteur",
        ],
    };
    d.line(title);
    d.line(co.name);
    d.line(format!("{}{sep}PO-{year}-{number:05}", labels[0]));
    d.line(format!("{}{sep}{ordered}", labels[1]));
    d.line(format!("{}{sep}{} ({})", labels[2], supplier.name, supplier.account_no));
    d.line(format!("{}{sep}{delivery}", labels[3]));
    d.line(format!("{}{sep}{}, {} {}", labels[4], co.name, co.street, co.city));
    d.line(format!("{}{sep}Procurement", labels[5]));
    d.field("Email", &co.payables);
    items(&mut d, rng);
    super::distractors(&mut d, rng);
    d
}

/// An agreement with a customer or supplier, signed by both.
pub fn agreement(rng: &mut ChaCha8Rng, co: &Company, party: &Party, date: NaiveDate, pdf: bool) -> Doc {
    let lang = party.lang;
    let kind = [
        "DISTRIBUTION AGREEMENT",
        "MASTER SUPPLY AGREEMENT",
        "NON-DISCLOSURE AGREEMENT",
    ][rng.random_range(0..3)];
    let title = if lang == Lang::Fr {
        "ENTENTE DE DISTRIBUTION"
    } else {
        kind
    };
    let format = if pdf { Format::Pdf } else { Format::Docx };
    let name = format!(
        "Legal/Agreements/{}-{}.{}",
        party.id,
        date.format("%Y"),
        if pdf { "pdf" } else { "docx" }
    );
    let mut d = Doc::new(name, title, "agreement", lang, format, date);
    d.party(&party.id);
    let signed = d.date(date, 1);
    let ends = d.date(date + Duration::days(3 * 365), 1);
    d.line(title);
    match lang {
        Lang::En => {
            d.line(format!(
                "This agreement is made on {signed} between {} (\"Demo Co.\") and {} (the \"Counterparty\").",
                co.name, party.name
            ));
            d.line("WHEREAS the parties wish to set out the terms of their commercial relationship;");
            d.line(format!(
                "Term and termination: this agreement remains in force until {ends} unless terminated earlier."
            ));
            d.line("Governing law: the laws of the Province of Ontario.");
            d.line("IN WITNESS WHEREOF the parties have signed this agreement.");
        }
        Lang::Fr => {
            d.line(format!(
                "La présente entente est conclue le {signed} entre {} (« Demo Co. ») et {} (le « Cocontractant »).",
                co.name, party.name
            ));
            d.line("ATTENDU QUE les parties souhaitent établir les modalités de leur relation commerciale;");
            d.line(format!(
                "Durée et résiliation : la présente entente demeure en vigueur jusqu'au {ends}."
            ));
            d.line("Droit applicable : les lois de la province de Québec.");
            d.line("EN FOI DE QUOI les parties ont signé la présente entente.");
        }
    }
    let signed_by = if lang == Lang::Fr { "Signé par" } else { "Signed by" };
    d.field(signed_by, &co.signer);
    d.field(signed_by, &ids::person(&party.contact));
    d.field(
        if lang == Lang::Fr { "Courriel" } else { "Email" },
        &party.contact_email,
    );
    d
}

/// A promotion program offered to a group of dealers.
pub fn promotion(rng: &mut ChaCha8Rng, dealers: &[&Party], date: NaiveDate, n: usize) -> Doc {
    let mut d = Doc::new(
        format!("Marketing/Promotions/promotion-{}-{n}.docx", date.format("%Y")),
        "Dealer promotion",
        "promotion",
        Lang::En,
        Format::Docx,
        date,
    );
    d.line("SPRING DEALER PROMOTION PROGRAM");
    let from = d.date(date, 1);
    let to = d.date(date + Duration::days(60), 1);
    d.line(format!("Valid from {from} to {to}."));
    d.line(format!(
        "Rebate: {}% on eligible products, co-op advertising funds available.",
        rng.random_range(3..12)
    ));
    d.line("Eligible dealers:");
    for dealer in dealers {
        d.line(format!("- {}", dealer.name)).party(&dealer.id);
    }
    d
}

/// A customer's feedback e-mail to customer service.
pub fn feedback(rng: &mut ChaCha8Rng, co: &Company, customer: &Party, date: NaiveDate) -> Doc {
    let lang = customer.lang;
    let subject = if lang == Lang::Fr {
        "Commentaires sur la livraison"
    } else {
        "Feedback on our recent delivery"
    };
    let format = Format::Eml {
        from: customer.contact_email.shown.clone(),
        to: co.service.shown.clone(),
        subject: subject.into(),
        attachments: Vec::new(),
    };
    let mut d = Doc::new(
        format!(
            "Customer Service/Feedback/feedback-{}-{}.eml",
            customer.id,
            date.format("%Y-%m-%d")
        ),
        subject,
        "feedback",
        lang,
        format,
        date,
    );
    d.has(&customer.contact_email).has(&co.service).party(&customer.id);
    let when = d.date(date - Duration::days(3), 1);
    let rating = rng.random_range(1..=5);
    match lang {
        Lang::En => {
            d.line("Hello,");
            d.line(format!(
                "Here is our feedback on the order delivered on {when}. Overall satisfaction: {rating}/5."
            ));
            d.line("Comments: the displays arrived well packed; the installation guide could be clearer.");
            d.line(format!("Regards, {}", customer.name));
        }
        Lang::Fr => {
            d.line("Bonjour,");
            d.line(format!(
                "Voici nos commentaires sur la commande livrée {when}. Satisfaction globale : {rating}/5."
            ));
            d.line(
                "Commentaires : les écrans sont arrivés en bon état; le guide d'installation pourrait être plus clair.",
            );
            d.line(format!("Cordialement, {}", customer.name));
        }
    }
    d.field("Contact", &ids::person(&customer.contact));
    d.field(if lang == Lang::Fr { "Tél." } else { "Phone" }, &customer.phone);
    d
}

/// A design review record for a customer's custom project.
pub fn design_record(rng: &mut ChaCha8Rng, customer: &Party, date: NaiveDate) -> Doc {
    let mut d = Doc::new(
        format!(
            "Engineering/Design/design-review-{}-{}.pdf",
            customer.id,
            date.format("%Y-%m")
        ),
        "Design review record",
        "design_record",
        Lang::En,
        Format::Pdf,
        date,
    );
    d.party(&customer.id);
    let when = d.date(date, 0);
    d.line("DESIGN REVIEW RECORD");
    d.line(format!("Project: custom kiosk display for {}", customer.name));
    d.line(format!("Review date: {when}"));
    d.line(format!(
        "Specification revision {}; enclosure drawing and bill of materials reviewed.",
        ["A", "B", "C"][rng.random_range(0..3)]
    ));
    d.line("Requirements: 1,500 nit panel, IP54 enclosure, firmware with remote management.");
    d.line("Actions: update tolerance on bracket; prototype build before the test plan sign-off.");
    d
}

/// The product roadmap for a year.
pub fn roadmap(date: NaiveDate, lang: Lang) -> Doc {
    let year = chrono::Datelike::year(&date);
    let title = if lang == Lang::Fr {
        format!("FEUILLE DE ROUTE PRODUITS {year}")
    } else {
        format!("PRODUCT ROADMAP {year}")
    };
    let mut d = Doc::new(
        format!(
            "Product/Roadmaps/roadmap-{year}-{}.docx",
            if lang == Lang::Fr { "fr" } else { "en" }
        ),
        title.clone(),
        "roadmap",
        lang,
        Format::Docx,
        date,
    );
    d.line(title);
    for (i, product) in PRODUCTS.iter().take(4).enumerate() {
        let launch = d.date(date + Duration::days(90 * i as i64 + 30), 1);
        let line = match lang {
            Lang::En => format!("Milestone {}: {product} refresh, launch {launch}", i + 1),
            Lang::Fr => format!("Jalon {} : renouvellement {product}, lancement {launch}", i + 1),
        };
        d.line(line);
    }
    d
}

/// The nightly backup of the CRM's database that IT keeps on the file
/// server (pg_dump's custom format): every customer account with its
/// contact, e-mail, phone and postal code. The CRM itself was never
/// reached; its backup on the share was.
pub fn crm_backup(customers: &[&Party], dumped: NaiveDate) -> Doc {
    let columns = ["account_no", "name", "contact", "email", "phone", "city", "postal_code"];
    let rows = customers
        .iter()
        .map(|c| {
            [
                c.account_no.as_str(),
                c.name.as_str(),
                c.contact.as_str(),
                c.contact_email.shown.as_str(),
                c.phone.shown.as_str(),
                c.city,
                c.postal.shown.as_str(),
            ]
            .map(|field| Some(field.to_string()))
            .to_vec()
        })
        .collect();
    let table = crate::formats::pgdump::Table {
        schema: "public".into(),
        name: "accounts".into(),
        columns: columns.map(String::from).to_vec(),
        rows,
    };
    let mut d = Doc::new(
        format!("IT/Backups/crm_{}.dump", dumped.format("%Y-%m-%d")),
        "CRM database backup",
        "other",
        Lang::En,
        Format::PgDump {
            database: "crm".into(),
            tables: vec![table],
        },
        dumped,
    );
    d.truth.dates.insert(dumped);
    for customer in customers {
        d.has(&customer.contact_email)
            .has(&customer.phone)
            .has(&customer.postal)
            .has(&ids::person(&customer.contact))
            .party(&customer.id);
    }
    d
}
