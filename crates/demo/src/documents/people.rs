//! Records about individuals: credit applications from individual
//! customers, holding the personal elements the seed warns about.

use crate::doc::{format_date, Doc, Format, Lang};
use crate::ids::{self, Value};
use crate::parties::Party;
use chrono::NaiveDate;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// A credit application from an individual customer.
pub fn credit_application(rng: &mut ChaCha8Rng, person: &Party, date: NaiveDate, pdf: bool) -> Doc {
    let lang = person.lang;
    let title = if lang == Lang::Fr {
        "DEMANDE DE CRÉDIT - PARTICULIER"
    } else {
        "CREDIT APPLICATION - INDIVIDUAL"
    };
    let format = if pdf { Format::Pdf } else { Format::Docx };
    let name = format!(
        "Credit/Applications/credit-application-{}.{}",
        person.id,
        if pdf { "pdf" } else { "docx" }
    );
    let mut d = Doc::new(name, title, "credit_application", lang, format, date);
    d.party(&person.id);
    let birth = NaiveDate::from_ymd_opt(
        rng.random_range(1950..2000),
        rng.random_range(1..13),
        rng.random_range(1..29),
    )
    .unwrap_or(date);
    let dob = Value {
        kind: "date_of_birth",
        shown: format_date(birth, lang, rng.random_range(0..2)),
        normalized: birth.to_string(),
    };
    let labels = match lang {
        Lang::En => [
            "Applicant",
            "Date of birth",
            "SIN",
            "Phone",
            "Email",
            "Card number",
            "Annual income",
            "Credit limit requested",
            "Date",
        ],
        Lang::Fr => [
            "Demandeur",
            "Date de naissance",
            "NAS",
            "Téléphone",
            "Courriel",
            "Numéro de carte",
            "Revenu annuel",
            "Limite de crédit demandée",
            "Date",
        ],
    };
    d.line(title);
    d.field(labels[0], &ids::person(&person.name));
    d.field(labels[1], &dob);
    d.field(labels[2], &ids::sin(rng));
    d.line(format!(
        "{} {} {}",
        rng.random_range(10..999),
        if lang == Lang::Fr {
            "rue des Érables"
        } else {
            "Elm Street"
        },
        person.city
    ));
    d.line(person.postal.shown.clone()).has(&person.postal);
    d.field(labels[3], &person.phone);
    d.field(labels[4], &person.contact_email);
    d.line(format!(
        "{} : City of {}",
        if lang == Lang::Fr { "Employeur" } else { "Employer" },
        person.city
    ));
    d.line(format!("{}: ${},000", labels[6], rng.random_range(35..180)));
    d.line(format!("{}: ${},000", labels[7], rng.random_range(2..25)));
    d.field(labels[5], &ids::card(rng));
    let signed = d.date(date, 0);
    d.line(format!("{}: {signed}", labels[8]));
    d.line(format!("Customer no.: {}", person.account_no));
    d
}
