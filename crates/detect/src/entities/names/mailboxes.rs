//! What the e-mail addresses beside a name say of it: an address that
//! spells it ("ty.mcfadden@"), or a person's own address on the fields
//! after it (a customer record: "Name: Yaelle Gicquel", "Email:
//! client1270@..."), in angle brackets after it in a message header, or
//! under it in a contact block, makes the name a person's whatever its
//! given name.

use super::labels::{one_block, FORM_BLOCK_BYTES};
use crate::entities::Hit;
use crate::fold::fold_words;

/// Local parts of the shared mailboxes of a firm or a department,
/// English and French: an address made of these words only is nobody's own.
const ROLE_MAILBOX_WORDS: &[&str] = &[
    "info",
    "contact",
    "contactus",
    "sales",
    "ventes",
    "vente",
    "admin",
    "administration",
    "office",
    "bureau",
    "accounts",
    "accounting",
    "comptabilite",
    "compta",
    "ap",
    "ar",
    "payable",
    "payables",
    "receivable",
    "receivables",
    "billing",
    "invoice",
    "invoices",
    "facturation",
    "factures",
    "orders",
    "order",
    "commandes",
    "commande",
    "support",
    "service",
    "services",
    "help",
    "helpdesk",
    "hello",
    "bonjour",
    "noreply",
    "no",
    "reply",
    "donotreply",
    "reception",
    "accueil",
    "hr",
    "rh",
    "jobs",
    "careers",
    "emplois",
    "payroll",
    "paie",
    "finance",
    "purchasing",
    "achats",
    "procurement",
    "marketing",
    "team",
    "equipe",
    "general",
    "enquiries",
    "inquiries",
    "customer",
    "customers",
    "customerservice",
    "serviceclient",
    "clients",
    "webmaster",
    "postmaster",
    "security",
    "privacy",
    "legal",
    "shipping",
    "expedition",
    "returns",
    "retours",
    "press",
    "media",
    "news",
    "newsletter",
    "notifications",
    "alerts",
    "operations",
    "treasury",
    "tresorerie",
    "credit",
    "collections",
    "recouvrement",
    "mail",
    "courriel",
    "staff",
    "all",
    "board",
    "comptes",
    "compte",
    "fournisseurs",
    "fournisseur",
    "suppliers",
    "supplier",
    "vendors",
    "vendor",
    "paiements",
    "payments",
    "remittance",
];

/// How many line breaks past a labelled name its own address may be: on
/// its line ("Name: ...<TAB>Email: ..."), the next, or the one after (past
/// a phone's field).
const OWN_FIELDS_LINES: usize = 2;

/// Whether an e-mail address in the block of the label at `colon` spells
/// `name` (given name first): its local part holds the surname beside the
/// given name or its initial, apart or not (`ty.mcfadden`, `mcfadden_ty`,
/// `t.mcfadden`, `tmcfadden`, `nahel.le-bars`). Only a person's own
/// address does; a company's is a role's (`ap@`, `info@`). The given name
/// and surname written together (`mapleridge`) could be a company's
/// name run together, and do not count.
pub(super) fn spelled_by_an_address(bytes: &[u8], colon: usize, name: &str, addresses: &[&Hit]) -> bool {
    let words = name_words(name);
    let Some((given, rest)) = words.split_first() else {
        return false;
    };
    let given = given.as_str();
    let surname: Vec<&str> = rest.iter().map(String::as_str).collect();
    let surname_joined = surname.concat();
    if given.len() < 2 || surname_joined.len() < 2 {
        return false;
    }
    let initial = &given[..1];
    let spells = |local: &str| {
        let parts: Vec<&str> = local
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|p| !p.is_empty())
            .collect();
        let has_run = |run: &[&str]| parts.windows(run.len()).any(|w| w == run);
        let with = |first: &[&str], second: &[&str]| has_run(&[first, second].concat());
        with(&[given], &surname)
            || with(&surname, &[given])
            || with(&[initial], &surname)
            || with(&surname, &[initial])
            || parts
                .iter()
                .any(|p| *p == format!("{initial}{surname_joined}") || *p == format!("{surname_joined}{initial}"))
    };
    let from = addresses.partition_point(|a| a.start + FORM_BLOCK_BYTES < colon);
    addresses[from..]
        .iter()
        .take_while(|a| a.start <= colon + FORM_BLOCK_BYTES)
        .filter(|a| {
            let (first, last) = if a.start < colon {
                (a.start, colon)
            } else {
                (colon, a.start)
            };
            one_block(&bytes[first..last])
        })
        .any(|a| a.value.split('@').next().is_some_and(spells))
}

/// Whether the first e-mail address after `name` (found after a generic
/// label) sits on its own fields, on its line or within the next
/// `OWN_FIELDS_LINES`, in its block, and is the name's own mailbox (see
/// `is_own_mailbox`). A product, a project or a firm under "Name:" has no
/// such address.
pub(super) fn own_address_follows(bytes: &[u8], name: &Hit, addresses: &[&Hit]) -> bool {
    let next = addresses.partition_point(|a| a.start < name.end);
    let Some(address) = addresses.get(next) else {
        return false;
    };
    let between = &bytes[name.end..address.start];
    if between.len() > FORM_BLOCK_BYTES
        || memchr::memchr_iter(b'\n', between).count() > OWN_FIELDS_LINES
        || !one_block(between)
    {
        return false;
    }
    is_own_mailbox(&address.value, &name.value)
}

/// Whether `address` (in lower case) may be the own mailbox of the
/// person named `name`: no shared mailbox (`info@`,
/// `comptes.fournisseurs@`), at no domain that holds one of the name's
/// words (`jdoe@mapleridge.ca` beside "Maple Ridge" is the firm's). One
/// whose local part runs the name's words together
/// (`mapleridge@gmail.com`) is a firm's as often as a person's, and says
/// nothing (as in `spelled_by_an_address`).
pub(crate) fn is_own_mailbox(address: &str, name: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    // A role's mailbox numbered (`sales2@`, `info.1@`) is still shared;
    // not `ap1331@`, a person's initials as often as accounts payable.
    let role = |part: &str| {
        let word = part.trim_end_matches(|c: char| c.is_ascii_digit());
        ROLE_MAILBOX_WORDS.contains(&word) && (word.len() == part.len() || word.len() >= 4)
    };
    let shared = local
        .split(['.', '_', '-', '+'])
        .all(|part| part.is_empty() || role(part));
    let words = name_words(name);
    let run_together = words.concat();
    let host = domain.rsplit_once('.').map_or(domain, |(host, _)| host);
    let names_run_together = run_together.len() >= 4 && local.contains(&run_together);
    let firms_domain = words.iter().any(|word| word.len() >= 3 && host.contains(word));
    !(shared || names_run_together || firms_domain)
}

/// Whether the local part of `address` echoes `name`: opens with its
/// initials (`kb1961@` for Kadence Bahringer) or holds one of its words of
/// three letters or more (`bahringer.k@`). A name over an address in a
/// contact block is its owner's only then: a place or a firm's line may
/// sit over a mailbox too ("United States" over `azure.interior@`).
pub(super) fn local_part_echoes(address: &str, name: &str) -> bool {
    let local: String = address
        .split('@')
        .next()
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_alphabetic)
        .collect();
    // One initial a written word: "O'Conner" is one.
    let initials: String = name
        .split_whitespace()
        .filter_map(|word| name_words(word).first()?.chars().next())
        .collect();
    let words = name_words(name);
    (initials.len() >= 2 && local.starts_with(&initials)) || words.iter().any(|w| w.len() >= 3 && local.contains(w))
}

/// The words of `name`, folded as an address writes them (no accents, no
/// case, no apostrophes).
fn name_words(name: &str) -> Vec<String> {
    fold_words(name)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The address in angle brackets a correspondent's name is followed by
/// (`"Marie Tremblay" <MTremblay@example.ca>`), or as Outlook quotes a
/// message's sender in a reply (`Marie Tremblay [mailto:MTremblay@...]`),
/// in lower case.
pub(super) fn bracketed_address(after: &str) -> Option<String> {
    let after = after.trim_start_matches(['"', ' ']);
    let (address, _) = match after.strip_prefix('<') {
        Some(angled) => angled.split_once('>')?,
        None => after.strip_prefix("[mailto:")?.split_once(']')?,
    };
    let plausible = address.len() <= 254 && address.contains('@') && !address.contains(char::is_whitespace);
    plausible.then(|| address.to_ascii_lowercase())
}
