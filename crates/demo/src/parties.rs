//! The demo company's counterparties: business customers, suppliers (some
//! abroad), and a few individual customers, with the identifiers, domains
//! and contacts the master list gives.

use crate::doc::Lang;
use crate::ids::{self, BankAccount, Value};
use rand::seq::IndexedRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// How a supplier is paid.
#[derive(Debug, Clone)]
pub enum Banking {
    Canadian(BankAccount),
    European { iban: Value, bic: Value },
    American { routing: Value, account: String },
}

/// One counterparty.
#[derive(Debug, Clone)]
pub struct Party {
    pub id: String,
    /// Legal name as on the master list.
    pub name: String,
    /// `customer`, `supplier` or `individual`.
    pub kind: &'static str,
    pub lang: Lang,
    pub aliases: Vec<String>,
    pub domain: Option<String>,
    pub contact: String,
    pub contact_email: Value,
    pub phone: Value,
    pub postal: Value,
    pub city: &'static str,
    pub account_no: String,
    pub banking: Option<Banking>,
}

const FIRST_EN: &[&str] = &[
    "Jane", "Robert", "Emily", "Michael", "Sarah", "David", "Laura", "James", "Olivia", "Daniel", "Grace", "Thomas",
];
const FIRST_FR: &[&str] = &[
    "Marie",
    "Jean",
    "Sophie",
    "Luc",
    "Isabelle",
    "Pierre",
    "Chantal",
    "François",
    "Julie",
    "Mathieu",
    "Geneviève",
    "André",
];
const LAST_EN: &[&str] = &[
    "Roe",
    "Whitfield",
    "Harper",
    "Sinclair",
    "Donovan",
    "MacLeod",
    "Patel",
    "Kowalski",
    "Fraser",
    "Nakamura",
    "Okafor",
    "Lindqvist",
];
const LAST_FR: &[&str] = &[
    "Tremblay",
    "Gagnon",
    "Bouchard",
    "Côté",
    "Pelletier",
    "Lavoie",
    "Bélanger",
    "Lévesque",
    "Girard",
    "Bergeron",
    "Ouellet",
    "Paquette",
];
const STEMS_EN: &[&str] = &[
    "Northern Maple",
    "Pacific Coast",
    "Great Lakes",
    "Prairie Sky",
    "Atlantic Harbour",
    "Rocky Ridge",
    "Silver Birch",
    "Timberline",
    "Bluewater",
    "Iron Range",
    "Cedar Point",
    "Red River",
    "Golden Wheat",
    "Polar Star",
    "Granite Bay",
    "Evergreen Valley",
    "Summit Peak",
    "Clearwater",
    "Foxglove",
    "Hudson Strait",
];
const STEMS_FR: &[&str] = &[
    "Laurentien",
    "Boréal",
    "Saint-Laurent",
    "Mont-Royal",
    "Beauce",
    "Outaouais",
    "Gaspésie",
    "Mauricie",
    "Charlevoix",
    "Abitibi",
];
const TRADES: &[&str] = &[
    "Distribution",
    "Retail",
    "Electronics",
    "Supply",
    "Systems",
    "Logistics",
    "Appliances",
    "Components",
    "Industries",
    "Technologies",
];
const SUFFIX_EN: &[&str] = &["Inc.", "Ltd.", "Corp.", "Limited", "Co."];
const CITIES: &[&str] = &[
    "Toronto",
    "Mississauga",
    "Montréal",
    "Québec",
    "Vancouver",
    "Calgary",
    "Ottawa",
    "Winnipeg",
    "Halifax",
    "Laval",
];

fn slug(name: &str) -> String {
    crate::fold_ascii(name)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_lowercase()
}

/// A person's name in the language.
pub fn person_name(rng: &mut ChaCha8Rng, lang: Lang) -> String {
    let (first, last) = match lang {
        Lang::En => (FIRST_EN, LAST_EN),
        Lang::Fr => (FIRST_FR, LAST_FR),
    };
    format!(
        "{} {}",
        first.choose(rng).expect("names"),
        last.choose(rng).expect("names")
    )
}

/// The counterparties of the demo company.
pub fn generate(rng: &mut ChaCha8Rng) -> Vec<Party> {
    let mut parties = Vec::new();
    let mut used = std::collections::HashSet::new();
    let mut individuals = Vec::new();
    for i in 0..8 {
        let lang = if rng.random_bool(0.4) { Lang::Fr } else { Lang::En };
        let mut name = person_name(rng, lang);
        while !used.insert(name.clone()) {
            name = person_name(rng, lang);
        }
        let local = slug(&name.replace(' ', "."));
        individuals.push(Party {
            id: format!("I-{:04}", 900 + i),
            name: name.clone(),
            kind: "individual",
            lang,
            aliases: Vec::new(),
            domain: None,
            contact: name.clone(),
            contact_email: ids::email(&format!("{local}{}", rng.random_range(10..99)), "mailbox.example"),
            phone: ids::phone(rng),
            postal: ids::postal_code(rng),
            city: CITIES.choose(rng).expect("cities"),
            account_no: format!("CU{}", 30000 + i),
            banking: None,
        });
    }
    for i in 0..30 {
        parties.push(business(rng, &mut used, format!("C-{:04}", 100 + i), "customer"));
    }
    for i in 0..20 {
        parties.push(business(rng, &mut used, format!("S-{:04}", 500 + i), "supplier"));
    }
    parties.extend(individuals);
    parties
}

fn business(
    rng: &mut ChaCha8Rng,
    used: &mut std::collections::HashSet<String>,
    id: String,
    kind: &'static str,
) -> Party {
    let lang = if rng.random_bool(0.3) { Lang::Fr } else { Lang::En };
    let (name, short) = loop {
        let trade = TRADES.choose(rng).expect("trades");
        let (name, short) = match lang {
            Lang::En => {
                let stem = STEMS_EN.choose(rng).expect("stems");
                (
                    format!("{stem} {trade} {}", SUFFIX_EN.choose(rng).expect("suffixes")),
                    format!("{stem} {trade}"),
                )
            }
            Lang::Fr => {
                let stem = STEMS_FR.choose(rng).expect("stems");
                let suffix = ["Ltée", "inc.", "S.E.N.C."].choose(rng).expect("suffixes");
                (
                    format!("Groupe {stem} {trade} {suffix}"),
                    format!("Groupe {stem} {trade}"),
                )
            }
        };
        if used.insert(short.clone()) {
            break (name, short);
        }
    };
    let domain = format!("{}.ca", slug(&short));
    let mut contact = person_name(rng, lang);
    while !used.insert(contact.clone()) {
        contact = person_name(rng, lang);
    }
    let local = slug(&contact.replace(' ', "."));
    let banking = (kind == "supplier").then(|| match rng.random_range(0..10) {
        0 | 1 => {
            let iban = ids::iban(rng);
            let country = iban.normalized[..2].to_string();
            Banking::European {
                bic: ids::bic(rng, &country),
                iban,
            }
        }
        2 => Banking::American {
            routing: ids::aba(rng),
            account: format!("{}", rng.random_range(10_000_000u64..999_999_999)),
        },
        _ => Banking::Canadian(BankAccount::random(rng)),
    });
    let prefix = if kind == "customer" { "CU" } else { "V" };
    Party {
        id,
        aliases: vec![short.clone()],
        name,
        kind,
        lang,
        domain: Some(domain.clone()),
        contact,
        contact_email: ids::email(&local, &domain),
        phone: ids::phone(rng),
        postal: ids::postal_code(rng),
        city: CITIES.choose(rng).expect("cities"),
        account_no: format!("{prefix}{}", rng.random_range(10000..99999)),
        banking,
    }
}

/// The master list CSV (`id,name,kind,aliases,domains,identifiers,contact`).
pub fn master_list(parties: &[Party]) -> String {
    let mut csv = String::from("id,name,kind,aliases,domains,identifiers,contact\n");
    for p in parties {
        let mut identifiers = vec![format!("customer_no:{}", p.account_no)];
        match &p.banking {
            Some(Banking::Canadian(b)) => identifiers.push(format!("bank:{}", b.normalized())),
            Some(Banking::European { iban, .. }) => identifiers.push(format!("iban:{}", iban.normalized)),
            Some(Banking::American { routing, .. }) => identifiers.push(format!("aba:{}", routing.normalized)),
            None => {}
        }
        let fields = [
            p.id.clone(),
            p.name.clone(),
            p.kind.to_string(),
            p.aliases.join(";"),
            p.domain.clone().unwrap_or_default(),
            identifiers.join(";"),
            format!("{} <{}>", p.contact, p.contact_email.shown),
        ];
        let quoted: Vec<String> = fields
            .iter()
            .map(|f| {
                if f.contains([',', '"']) {
                    format!("\"{}\"", f.replace('"', "\"\""))
                } else {
                    f.clone()
                }
            })
            .collect();
        csv.push_str(&quoted.join(","));
        csv.push('\n');
    }
    csv
}
