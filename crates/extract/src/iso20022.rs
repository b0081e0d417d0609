//! ISO 20022 payment files and bank statements (XML): the payment runs an
//! accounts-payable system sends its bank (pain.001), the pre-authorized
//! debits it collects from customers (pain.008), interbank transfers and
//! returns (pacs.008, pacs.003, pacs.004), their status reports (pain.002,
//! pacs.002), and the statements and notifications the bank sends back
//! (camt.052, camt.053, camt.054).
//!
//! Every party in them comes with its bank and account, in elements named
//! by abbreviations: read as plain XML, a Canadian supplier's account is
//! "MmbId: 000412345" in one place and "Id: 5212345678" in another, which
//! no detector can tie together. Here each record (a transaction, a
//! payment batch, a statement entry) is written as a form: every party's
//! name, address, contact, identifiers, bank and account a block of
//! labelled lines ("Creditor name: ...", "Institution: 004",
//! "Transit: 12345", "Account: 5212345678"), at `part:CdtTrfTxInf 2`.
//!
//! Read with quick-xml a record at a time, so that a payroll run of any
//! size is held one transaction at a time. Elements are told by their local
//! names, whatever their prefix and version.

use crate::output::Output;
use crate::stream::ShortRuns;
use breachscope_core::{Origin, Segment};
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Read};

/// The namespace every ISO 20022 message is in, before its identifier
/// (`pain.001.001.03`).
const NAMESPACE: &str = "urn:iso:std:iso:20022:tech:xsd:";

/// Message elements (a `Document`'s child) and the message each opens, for
/// files written without their namespace.
const MESSAGES: &[(&str, &str)] = &[
    ("CstmrCdtTrfInitn", "pain.001"),
    ("CstmrPmtStsRpt", "pain.002"),
    ("CstmrDrctDbtInitn", "pain.008"),
    ("FIToFIPmtStsRpt", "pacs.002"),
    ("FIToFICstmrDrctDbt", "pacs.003"),
    ("PmtRtr", "pacs.004"),
    ("FIToFICstmrCdtTrf", "pacs.008"),
    ("BkToCstmrAcctRpt", "camt.052"),
    ("BkToCstmrStmt", "camt.053"),
    ("BkToCstmrDbtCdtNtfctn", "camt.054"),
];

/// Elements that each make a form of their own: a group header, a batch,
/// a transaction, a statement, an entry and its details.
const RECORDS: &[&str] = &[
    "GrpHdr",
    "PmtInf",
    "CdtTrfTxInf",
    "DrctDbtTxInf",
    "TxInf",
    "OrgnlGrpInfAndSts",
    "OrgnlPmtInfAndSts",
    "TxInfAndSts",
    "Stmt",
    "Rpt",
    "Ntfctn",
    "Ntry",
    "TxDtls",
];

/// What a role's element holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// A person or an organisation: name, address, contact, identifiers.
    Party,
    /// Its account.
    Account,
    /// Its bank.
    Agent,
}

/// The elements of a role, the role's name in the form, and what each holds.
const ROLES: &[(&str, &str, Part)] = &[
    ("Cdtr", "Creditor", Part::Party),
    ("CdtrAcct", "Creditor", Part::Account),
    ("CdtrAgt", "Creditor", Part::Agent),
    ("Dbtr", "Debtor", Part::Party),
    ("DbtrAcct", "Debtor", Part::Account),
    ("DbtrAgt", "Debtor", Part::Agent),
    ("UltmtCdtr", "Ultimate creditor", Part::Party),
    ("UltmtDbtr", "Ultimate debtor", Part::Party),
    ("InitgPty", "Initiating party", Part::Party),
    ("Invcr", "Invoicer", Part::Party),
    ("Invcee", "Invoicee", Part::Party),
    ("Acct", "Account", Part::Account),
    ("IntrmyAgt1", "Intermediary", Part::Agent),
    ("IntrmyAgt2", "Second intermediary", Part::Agent),
    ("IntrmyAgt3", "Third intermediary", Part::Agent),
    ("InstgAgt", "Instructing", Part::Agent),
    ("InstdAgt", "Instructed", Part::Agent),
];

/// Labels of the fields that are no party's, by element.
const FIELDS: &[(&str, &str)] = &[
    ("MsgId", "Message ID"),
    ("PmtInfId", "Payment information ID"),
    ("InstrId", "Instruction ID"),
    ("EndToEndId", "End-to-end ID"),
    ("TxId", "Transaction ID"),
    ("UETR", "UETR"),
    ("MndtId", "Mandate ID"),
    ("AcctSvcrRef", "Bank reference"),
    ("NtryRef", "Entry reference"),
    ("NbOfTxs", "Number of transactions"),
    ("CtrlSum", "Control sum"),
    ("CdtDbtInd", "Credit or debit"),
    ("Ustrd", "Remittance information"),
    ("AddtlRmtInf", "Remittance information"),
    ("AddtlNtryInf", "Additional information"),
    ("AddtlTxInf", "Additional information"),
    ("AddtlInf", "Additional information"),
    ("AddtlStmtInf", "Additional information"),
    ("GrpSts", "Status"),
    ("PmtInfSts", "Status"),
    ("TxSts", "Status"),
    ("Sts", "Status"),
    ("PmtMtd", "Payment method"),
    ("ChrgBr", "Charges borne by"),
    ("ElctrncSeqNb", "Statement number"),
    ("LglSeqNb", "Statement number"),
];

/// Labels of dates, by the element that holds them (its own `Dt` or `DtTm`
/// child, or its text).
const DATES: &[(&str, &str)] = &[
    ("CreDtTm", "Created"),
    ("ReqdExctnDt", "Requested execution date"),
    ("ReqdColltnDt", "Requested collection date"),
    ("IntrBkSttlmDt", "Settlement date"),
    ("BookgDt", "Booking date"),
    ("ValDt", "Value date"),
    ("DtOfSgntr", "Mandate signed"),
    ("FrDtTm", "From"),
    ("ToDtTm", "To"),
    ("AccptncDtTm", "Accepted"),
];

/// Purpose codes (ExternalPurpose1Code) worth saying in words: whose money
/// it is tells whose account it is (a salary's payee is an employee).
const PURPOSES: &[(&str, &str)] = &[
    ("SALA", "salary"),
    ("PAYR", "payroll"),
    ("BONU", "bonus"),
    ("PENS", "pension"),
    ("BENE", "unemployment benefit"),
    ("SUPP", "supplier payment"),
    ("TRAD", "trade services"),
    ("TAXS", "tax payment"),
    ("RENT", "rent"),
    ("INTC", "intra-company payment"),
    ("DIVI", "dividend"),
    ("LOAN", "loan"),
    ("INSU", "insurance premium"),
    ("CASH", "cash management transfer"),
];

/// Schemes of a person's or organisation's identifiers (ExternalPersonIdentification1Code
/// and ExternalOrganisationIdentification1Code) and how a form labels them.
const ID_SCHEMES: &[(&str, &str)] = &[
    ("SOSE", "Social insurance number"),
    ("NIDN", "National identity number"),
    ("DRLC", "Driver's licence number"),
    ("CCPT", "Passport number"),
    ("CUST", "Customer number"),
    ("EMPL", "Employee number"),
    ("ARNU", "Alien registration number"),
    ("TXID", "Tax ID"),
    ("BANK", "Bank party ID"),
    ("DUNS", "DUNS number"),
];

/// Address lines, in the order a form writes them.
const ADDRESS: &[&str] = &[
    "AdrLine",
    "Dept",
    "SubDept",
    "BldgNb",
    "StrtNm",
    "BldgNm",
    "Flr",
    "PstBx",
    "Room",
    "TwnLctnNm",
    "DstrctNm",
    "TwnNm",
    "CtrySubDvsn",
    "Ctry",
];

/// The deepest nesting of elements followed; deeper ones are skipped.
const MAX_DEPTH: usize = 64;

/// A form is handed on once its text reaches this many bytes, so that a
/// hostile record with endless fields is read in parts.
const MAX_FORM: usize = 1 << 20;

/// The longest run of text or tag between `<` and `>` read, in bytes: a
/// longer one would be held whole by the parser.
const MAX_RUN: u64 = 4 << 20;

/// Whether the first bytes `head` open an ISO 20022 message.
pub(crate) fn looks_like(head: &[u8]) -> bool {
    let has = |needle: &[u8]| memchr::memmem::find(head, needle).is_some();
    has(NAMESPACE.as_bytes())
        || (has(b"Document")
            && MESSAGES
                .iter()
                .any(|(element, _)| has(format!("<{element}>").as_bytes())))
}

/// Reads every record of an ISO 20022 message from `source` (any
/// encoding) as forms. A file that stops being XML part way keeps what was
/// read before and says where.
pub(crate) fn read(source: impl Read, out: &mut Output<'_>) -> std::io::Result<()> {
    if !out.wanted() {
        return Ok(());
    }
    // The parser holds a text or a tag whole.
    let runs = ShortRuns::new(
        crate::text::Utf8Reader::new(source),
        b"<>",
        MAX_RUN,
        "a text or tag (between < and >) of",
    );
    let mut xml = quick_xml::Reader::from_reader(BufReader::with_capacity(1 << 16, runs));
    // Broken nesting is followed, not refused (see `Message::close`).
    xml.config_mut().check_end_names = false;
    let mut message = Message::default();
    let mut buffer = Vec::new();
    loop {
        let event = match xml.read_event_into(&mut buffer) {
            Ok(event) => event,
            Err(quick_xml::Error::Io(e)) => {
                message.finish(out);
                return Err(std::io::Error::new(e.kind(), e.to_string()));
            }
            Err(e) => {
                out.error(format!(
                    "ISO 20022 message: not XML at byte {} ({e}): the rest not read",
                    xml.error_position()
                ));
                break;
            }
        };
        match event {
            Event::Start(e) => message.open(&e, out),
            Event::End(e) => message.close(e.local_name().as_ref(), out),
            Event::Text(t) => message.text.push_str(&t.xml10_content()),
            Event::CData(t) => message.text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => crate::ooxml::push_reference(&mut message.text, &r),
            Event::Eof => break,
            _ => {}
        }
        buffer.clear();
    }
    message.finish(out);
    Ok(())
}

/// The message being read: the elements open, the forms open (the
/// document's own, then one per record element open), and what is known
/// of the message.
#[derive(Default)]
struct Message {
    /// Local names of the open elements, at most `MAX_DEPTH`.
    path: Vec<String>,
    /// Elements open past `MAX_DEPTH`.
    too_deep: usize,
    /// The forms open, each with where its record's element sits in
    /// `path` (`None` for the document's own form, fields outside any
    /// record).
    forms: Vec<(Option<usize>, Form)>,
    /// Text of the innermost element so far.
    text: String,
    /// The currency of the amount element open, if any.
    currency: Option<String>,
    /// The message's identifier (`pain.001.001.03`), from its namespace
    /// or its message element.
    id: Option<String>,
    /// Whether the title line was written.
    titled: bool,
    /// Records of each element met so far, to number them.
    counts: Vec<(String, usize)>,
}

impl Message {
    fn open(&mut self, e: &BytesStart<'_>, out: &mut Output<'_>) {
        self.text.clear();
        if self.path.len() >= MAX_DEPTH {
            self.too_deep += 1;
            return;
        }
        let name = e.local_name().as_ref().to_string();
        self.currency = None;
        for attribute in e.attributes().flatten() {
            let key = attribute.key.as_ref();
            let Ok(value) = attribute.normalized_value(quick_xml::XmlVersion::Implicit1_0) else {
                continue;
            };
            if key.starts_with("xmlns") {
                if let Some(id) = value.strip_prefix(NAMESPACE) {
                    if self.id.is_none() && !id.starts_with("head.") {
                        self.id = Some(id.to_string());
                    }
                }
            } else if attribute.key.local_name().as_ref() == "Ccy" {
                self.currency = Some(value.into_owned());
            }
        }
        if self.id.is_none() {
            if let Some((_, family)) = MESSAGES.iter().find(|(element, _)| *element == name) {
                self.id = Some(family.to_string());
            }
        }
        if RECORDS.contains(&name.as_str()) {
            // What the enclosing record holds so far comes first (a
            // batch's debtor before its transactions).
            self.flush(out);
            let number = match self.counts.iter_mut().find(|(n, _)| *n == name) {
                Some((_, count)) => {
                    *count += 1;
                    *count
                }
                None => {
                    self.counts.push((name.clone(), 1));
                    1
                }
            };
            self.forms
                .push((Some(self.path.len()), Form::new(format!("{name} {number}"))));
        }
        self.path.push(name);
    }

    /// Closes the element `name` with the text it held; an end tag that
    /// matches no open element is ignored, one that skips open elements
    /// closes them too.
    fn close(&mut self, name: &str, out: &mut Output<'_>) {
        if self.too_deep > 0 {
            self.too_deep -= 1;
            self.text.clear();
            return;
        }
        let Some(at) = self.path.iter().rposition(|open| open == name) else {
            return;
        };
        let text = std::mem::take(&mut self.text);
        let value = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !value.is_empty() && at + 1 == self.path.len() {
            if self.forms.is_empty() {
                self.forms.push((None, Form::new("Document".to_string())));
            }
            let (element, form) = self.forms.last_mut().expect("a form is open");
            // The path from below the record's element down to this one.
            let record = element.map_or(0, |element| element + 1);
            if record <= at {
                form.field(&self.path[record..=at], &value, self.currency.take().as_deref());
            }
            if form.size >= MAX_FORM {
                self.flush(out);
            }
        }
        while self
            .forms
            .last()
            .is_some_and(|(element, _)| element.is_some_and(|e| e >= at))
        {
            self.flush(out);
            self.forms.pop();
        }
        self.path.truncate(at);
    }

    /// Hands on the innermost form's fields so far, as one segment.
    fn flush(&mut self, out: &mut Output<'_>) {
        let Some((_, form)) = self.forms.last_mut() else {
            return;
        };
        if form.is_empty() {
            return;
        }
        let mut text = String::new();
        if !self.titled {
            self.titled = true;
            text.push_str(&title(self.id.as_deref()));
        }
        form.write(&mut text);
        out.segment(Segment::new(text, Origin::Part(form.place.clone())));
    }

    /// Hands on every form still open (a file cut short).
    fn finish(&mut self, out: &mut Output<'_>) {
        while !self.forms.is_empty() {
            self.flush(out);
            self.forms.pop();
        }
    }
}

/// The first line of a message's first form: what the message is, in
/// words the classifier knows, and its identifier.
fn title(id: Option<&str>) -> String {
    let family = id.map(|id| id.get(..8).unwrap_or(id));
    let what = match family {
        Some("pain.001") => "Payment run: customer credit transfer initiation",
        Some("pain.002") => "Payment run status report",
        Some("pain.008") => "Payment batch: pre-authorized debits (customer direct debit initiation)",
        Some("pacs.002") => "Payment status report",
        Some("pacs.003") => "Payment batch: interbank direct debits",
        Some("pacs.004") => "Payment return",
        Some("pacs.008") => "Wire transfer: interbank customer credit transfer",
        Some("camt.052") => "Bank statement: account report",
        Some("camt.053") => "Bank statement",
        Some("camt.054") => "Payment advice: debit and credit notification",
        _ => "Bank message",
    };
    match id {
        Some(id) => format!("{what} (ISO 20022 {id})\n"),
        None => format!("{what} (ISO 20022)\n"),
    }
}

/// One record's fields in the making.
struct Form {
    /// Where the record is: its element and number (`CdtTrfTxInf 2`).
    place: String,
    /// Fields that are no party's, in order.
    lines: Vec<String>,
    /// Its parties, in the order met.
    parties: Vec<Party>,
    /// Bytes of text held, about.
    size: usize,
}

impl Form {
    fn new(place: String) -> Form {
        Form {
            place,
            lines: Vec::new(),
            parties: Vec::new(),
            size: 0,
        }
    }

    fn is_empty(&self) -> bool {
        self.lines.is_empty() && self.parties.is_empty()
    }

    /// Takes the text `value` of the element at `path` (from the record's
    /// element down), of an amount in `currency` if it is one.
    fn field(&mut self, path: &[String], value: &str, currency: Option<&str>) {
        self.size += value.len() + 32;
        let role = path
            .iter()
            .enumerate()
            .find_map(|(i, element)| ROLES.iter().find(|(name, ..)| name == element).map(|role| (i, role)));
        let Some((at, &(_, role, part))) = role else {
            self.lines.extend(other_field(path, value, currency));
            return;
        };
        let mut rest = &path[at + 1..];
        let mut part = part;
        // An account's owner and servicer are its role's party and bank.
        if part == Part::Account {
            match rest.first().map(String::as_str) {
                Some("Ownr") => (part, rest) = (Part::Party, &rest[1..]),
                Some("Svcr") => (part, rest) = (Part::Agent, &rest[1..]),
                _ => {}
            }
        }
        // Newer statements wrap a party in `Pty`, a bank in `FinInstnId`.
        if rest.first().is_some_and(|e| e == "Pty" || e == "FinInstnId") {
            rest = &rest[1..];
        }
        let party = match self.parties.iter().position(|p| p.role == role) {
            Some(i) => &mut self.parties[i],
            None => {
                self.parties.push(Party::new(role));
                self.parties.last_mut().expect("just pushed")
            }
        };
        let rest: Vec<&str> = rest.iter().map(String::as_str).collect();
        match part {
            Part::Party => party.party_field(&rest, value),
            Part::Account => party.account_field(&rest, value),
            Part::Agent => party.bank_field(&rest, value),
        }
    }

    /// Writes the form: its own fields, then each party's block.
    fn write(&mut self, text: &mut String) {
        for line in self.lines.drain(..) {
            text.push_str(&line);
            text.push('\n');
        }
        for party in self.parties.drain(..) {
            party.write(text);
        }
        self.size = 0;
    }
}

/// The line a field that is no party's makes, if any.
fn other_field(path: &[String], value: &str, currency: Option<&str>) -> Option<String> {
    let leaf = path.last()?.as_str();
    let parent = path.len().checked_sub(2).map(|i| path[i].as_str());
    let label_of = |table: &[(&str, &'static str)], element: &str| {
        table.iter().find(|(name, _)| *name == element).map(|(_, label)| *label)
    };
    // A date is its element's, or its parent's when it is `Dt`/`DtTm`.
    let dated = if matches!(leaf, "Dt" | "DtTm") {
        parent
    } else {
        Some(leaf)
    };
    if let Some(label) = dated.and_then(|element| label_of(DATES, element)) {
        return Some(format!("{label}: {value}"));
    }
    if let Some(currency) = currency {
        return Some(format!("Amount: {value} {currency}"));
    }
    if leaf == "Cd" && matches!(parent, Some("Purp" | "CtgyPurp")) {
        return Some(match label_of(PURPOSES, value) {
            Some(meaning) => format!("Purpose: {value} ({meaning})"),
            None => format!("Purpose: {value}"),
        });
    }
    if leaf == "Nb" && parent == Some("RfrdDocInf") {
        return Some(format!("Referred document: {value}"));
    }
    if leaf == "Ref" && parent == Some("CdtrRefInf") {
        return Some(format!("Creditor reference: {value}"));
    }
    Some(match label_of(FIELDS, leaf) {
        Some(label) => format!("{label}: {value}"),
        None => format!("{leaf}: {value}"),
    })
}

/// One role's party, bank and account, as a record gives them.
struct Party {
    role: &'static str,
    /// Its name, and whether its identification says it is a person.
    name: Option<String>,
    private: bool,
    address: Vec<(usize, String)>,
    /// Contact, birth and other lines, labelled.
    details: Vec<String>,
    /// Identifiers, each with its scheme's code once known.
    ids: Vec<(String, Option<String>)>,
    /// Lines of its bank (name, BIC, branch), labelled.
    bank: Vec<String>,
    /// The clearing system of its bank's member ID, and the ID.
    clearing: Option<String>,
    member: Option<String>,
    /// Account numbers other than IBANs, IBANs, and other account lines.
    accounts: Vec<String>,
    ibans: Vec<String>,
    account_lines: Vec<String>,
}

impl Party {
    fn new(role: &'static str) -> Party {
        Party {
            role,
            name: None,
            private: false,
            address: Vec::new(),
            details: Vec::new(),
            ids: Vec::new(),
            bank: Vec::new(),
            clearing: None,
            member: None,
            accounts: Vec::new(),
            ibans: Vec::new(),
            account_lines: Vec::new(),
        }
    }

    /// A field of the party itself, at `rest` below its role's element.
    fn party_field(&mut self, rest: &[&str], value: &str) {
        let Some(&leaf) = rest.last() else {
            return;
        };
        let scheme = rest.len() >= 2 && rest[rest.len() - 2] == "SchmeNm";
        if rest.contains(&"PrvtId") {
            self.private = true;
        }
        match leaf {
            "Nm" if rest.len() == 1 => self.name = Some(value.to_string()),
            "PstCd" => self.details.push(format!("Postal code: {value}")),
            _ if rest.contains(&"PstlAdr") => {
                if let Some(order) = ADDRESS.iter().position(|part| *part == leaf) {
                    self.address.push((order, value.to_string()));
                }
            }
            "EmailAdr" => self.details.push(format!("E-mail: {value}")),
            "PhneNb" | "MobNb" => self.details.push(format!("Phone: {value}")),
            "FaxNb" => self.details.push(format!("Fax: {value}")),
            "Nm" if rest.contains(&"CtctDtls") => self.details.push(format!("Contact name: {value}")),
            "BirthDt" => self.details.push(format!("Date of birth: {value}")),
            "CityOfBirth" | "PrvcOfBirth" | "CtryOfBirth" => self.details.push(format!("Place of birth: {value}")),
            "AnyBIC" | "BICOrBEI" => self.details.push(format!("BIC: {value}")),
            "LEI" => self.details.push(format!("LEI: {value}")),
            "Cd" | "Prtry" if scheme => {
                if let Some((_, code)) = self.ids.last_mut() {
                    *code = Some(value.to_string());
                }
            }
            "Id" if rest.contains(&"Othr") => self.ids.push((value.to_string(), None)),
            "CtryOfRes" => self.details.push(format!("Country of residence: {value}")),
            _ => self.details.push(format!("{leaf}: {value}")),
        }
    }

    /// A field of the party's account, at `rest` below its element.
    fn account_field(&mut self, rest: &[&str], value: &str) {
        match rest {
            [.., "IBAN"] => self.ibans.push(value.to_string()),
            ["Id", "Othr", "Id"] => self.accounts.push(value.to_string()),
            ["Nm"] => self.account_lines.push(format!("Account name: {value}")),
            [.., "Prxy", "Id"] => self.account_lines.push(format!("Account proxy: {value}")),
            _ => {}
        }
    }

    /// A field of the party's bank, at `rest` below its element.
    fn bank_field(&mut self, rest: &[&str], value: &str) {
        let role = self.role;
        match rest {
            [.., "BIC" | "BICFI"] => self.bank.push(format!("BIC: {value}")),
            ["ClrSysMmbId", "ClrSysId", "Cd" | "Prtry"] => self.clearing = Some(value.to_string()),
            ["ClrSysMmbId", "MmbId"] => self.member = Some(value.to_string()),
            ["Nm"] => self.bank.push(format!("{role} bank name: {value}")),
            ["BrnchId", "Id"] => self.bank.push(format!("Branch ID: {value}")),
            ["LEI"] => self.bank.push(format!("LEI: {value}")),
            [.., "PstlAdr", _] => self.bank.push(format!("{role} bank address: {value}")),
            [.., "Othr", "Id"] => self.bank.push(format!("Bank ID: {value}")),
            _ => {}
        }
    }

    /// Writes the party's block: who, their details, then their bank and
    /// account together, so that an institution, a transit and an account
    /// read as one Canadian account.
    fn write(mut self, text: &mut String) {
        use std::fmt::Write;
        let role = self.role;
        if let Some(name) = &self.name {
            // A name labelled "full name" is a person's whatever its given
            // name; only a party identified as a person gets that label.
            let label = if self.private { "full name" } else { "name" };
            let _ = writeln!(text, "{role} {label}: {name}");
        }
        if !self.address.is_empty() {
            self.address.sort_by_key(|(order, _)| *order);
            let parts: Vec<&str> = self.address.iter().map(|(_, part)| part.as_str()).collect();
            let _ = writeln!(text, "{role} address: {}", parts.join(", "));
        }
        for line in &self.details {
            let _ = writeln!(text, "{line}");
        }
        for (id, scheme) in &self.ids {
            let label = scheme
                .as_deref()
                .and_then(|code| ID_SCHEMES.iter().find(|(c, _)| *c == code))
                .map_or(
                    if self.private { "Personal ID" } else { "Organisation ID" },
                    |(_, label)| label,
                );
            let _ = writeln!(text, "{label}: {id}");
        }
        for line in &self.bank {
            let _ = writeln!(text, "{line}");
        }
        let canadian = self
            .member
            .as_deref()
            .and_then(|id| canadian_routing(id, self.clearing.as_deref()));
        match (&canadian, &self.member) {
            (Some((institution, transit)), _) => {
                let _ = write!(text, "Institution: {institution}\nTransit: {transit}\n");
            }
            (None, Some(member)) if self.clearing.as_deref() == Some("USABA") => {
                let _ = writeln!(text, "ABA routing number: {member}");
            }
            (None, Some(member)) => match &self.clearing {
                Some(code) => {
                    let _ = writeln!(text, "Clearing system member ID ({code}): {member}");
                }
                None => {
                    let _ = writeln!(text, "Clearing system member ID: {member}");
                }
            },
            (None, None) => {}
        }
        let account_label = if canadian.is_some() {
            "Account"
        } else {
            "Account number"
        };
        for account in &self.accounts {
            let _ = writeln!(text, "{account_label}: {account}");
        }
        for iban in &self.ibans {
            let _ = writeln!(text, "IBAN: {iban}");
        }
        for line in &self.account_lines {
            let _ = writeln!(text, "{line}");
        }
    }
}

/// A Canadian bank's institution and transit numbers from its member ID
/// in Payments Canada's clearing system (`CACPA`): `0IIITTTTT`, as the
/// EFT routing number writes them. An ID of that form with no clearing
/// system named is read so too.
fn canadian_routing(id: &str, clearing: Option<&str>) -> Option<(String, String)> {
    let digits = id.strip_prefix("CACPA").unwrap_or(id);
    let canadian = clearing == Some("CACPA") || (clearing.is_none() && digits.starts_with('0'));
    if !canadian || digits.len() != 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((digits[1..4].to_string(), digits[4..9].to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::tests::Segments;

    /// A supplier payment run: a Canadian supplier paid by EFT, a person
    /// abroad by IBAN, and an American one by ABA routing number.
    pub(crate) const PAYMENT_RUN: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03">
  <CstmrCdtTrfInitn>
    <GrpHdr><MsgId>PAY-2022-0131</MsgId><CreDtTm>2022-01-31T10:15:00</CreDtTm><NbOfTxs>3</NbOfTxs>
      <InitgPty><Nm>Demo Co. Canada Inc.</Nm></InitgPty></GrpHdr>
    <PmtInf><PmtInfId>RUN-0131</PmtInfId><PmtMtd>TRF</PmtMtd><ReqdExctnDt>2022-02-01</ReqdExctnDt>
      <Dbtr><Nm>Demo Co. Canada Inc.</Nm></Dbtr>
      <DbtrAcct><Id><Othr><Id>1234567</Id></Othr></Id></DbtrAcct>
      <DbtrAgt><FinInstnId><ClrSysMmbId><ClrSysId><Cd>CACPA</Cd></ClrSysId><MmbId>000300012</MmbId></ClrSysMmbId></FinInstnId></DbtrAgt>
      <CdtTrfTxInf><PmtId><EndToEndId>INV-4411</EndToEndId></PmtId><Amt><InstdAmt Ccy="CAD">10230.50</InstdAmt></Amt>
        <CdtrAgt><FinInstnId><ClrSysMmbId><MmbId>000412345</MmbId></ClrSysMmbId></FinInstnId></CdtrAgt>
        <Cdtr><Nm>Maple Ridge Supply Ltd.</Nm><PstlAdr><StrtNm>12 King St W</StrtNm><PstCd>M5H 1A1</PstCd><TwnNm>Toronto</TwnNm><Ctry>CA</Ctry></PstlAdr></Cdtr>
        <CdtrAcct><Id><Othr><Id>5212345678</Id></Othr></Id></CdtrAcct>
        <Purp><Cd>SUPP</Cd></Purp>
        <RmtInf><Ustrd>Invoice INV-4411 &amp; credit note</Ustrd></RmtInf>
      </CdtTrfTxInf>
      <CdtTrfTxInf><PmtId><EndToEndId>INV-4412</EndToEndId></PmtId><Amt><InstdAmt Ccy="EUR">5000.00</InstdAmt></Amt>
        <CdtrAgt><FinInstnId><BIC>DEUTDEFF</BIC></FinInstnId></CdtrAgt>
        <Cdtr><Nm>Marie Tremblay</Nm><Id><PrvtId><DtAndPlcOfBirth><BirthDt>1984-03-12</BirthDt><CityOfBirth>Lyon</CityOfBirth><CtryOfBirth>FR</CtryOfBirth></DtAndPlcOfBirth></PrvtId></Id></Cdtr>
        <CdtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></CdtrAcct>
      </CdtTrfTxInf>
      <CdtTrfTxInf><PmtId><EndToEndId>INV-4413</EndToEndId></PmtId><Amt><InstdAmt Ccy="USD">812.00</InstdAmt></Amt>
        <CdtrAgt><FinInstnId><ClrSysMmbId><ClrSysId><Cd>USABA</Cd></ClrSysId><MmbId>021000021</MmbId></ClrSysMmbId></FinInstnId></CdtrAgt>
        <Cdtr><Nm>Lakeshore Parts LLC</Nm><CtctDtls><EmailAdr>ap@lakeshoreparts.com</EmailAdr></CtctDtls></Cdtr>
        <CdtrAcct><Id><Othr><Id>4400123987</Id></Othr></Id></CdtrAcct>
      </CdtTrfTxInf>
    </PmtInf>
  </CstmrCdtTrfInitn>
</Document>
"#;

    fn forms(xml: &[u8]) -> (Vec<(String, String)>, Vec<String>) {
        let mut sink = Segments::default();
        let mut out = Output::new(&mut sink, true, usize::MAX);
        read(xml, &mut out).unwrap();
        let errors = out.errors.clone();
        drop(out);
        let forms = sink.0.iter().map(|s| (s.origin.locate(0), s.text.clone())).collect();
        (forms, errors)
    }

    /// Where each form is.
    fn places(found: &[(String, String)]) -> Vec<&str> {
        found.iter().map(|(place, _)| place.as_str()).collect()
    }

    #[test]
    fn each_record_is_a_form_and_each_party_a_block() {
        assert!(looks_like(PAYMENT_RUN.as_bytes()));
        let (found, errors) = forms(PAYMENT_RUN.as_bytes());
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            places(&found),
            [
                "part:GrpHdr 1",
                "part:PmtInf 1",
                "part:CdtTrfTxInf 1",
                "part:CdtTrfTxInf 2",
                "part:CdtTrfTxInf 3"
            ]
        );
        assert_eq!(
            found[0].1,
            "Payment run: customer credit transfer initiation (ISO 20022 pain.001.001.03)\n\
             Message ID: PAY-2022-0131\nCreated: 2022-01-31T10:15:00\nNumber of transactions: 3\n\
             Initiating party name: Demo Co. Canada Inc.\n"
        );
        assert_eq!(
            found[1].1,
            "Payment information ID: RUN-0131\nPayment method: TRF\nRequested execution date: 2022-02-01\n\
             Debtor name: Demo Co. Canada Inc.\nInstitution: 003\nTransit: 00012\nAccount: 1234567\n"
        );
        assert_eq!(
            found[2].1,
            "End-to-end ID: INV-4411\nAmount: 10230.50 CAD\nPurpose: SUPP (supplier payment)\n\
             Remittance information: Invoice INV-4411 & credit note\n\
             Creditor name: Maple Ridge Supply Ltd.\nCreditor address: 12 King St W, Toronto, CA\n\
             Postal code: M5H 1A1\nInstitution: 004\nTransit: 12345\nAccount: 5212345678\n"
        );
        assert_eq!(
            found[3].1,
            "End-to-end ID: INV-4412\nAmount: 5000.00 EUR\nCreditor full name: Marie Tremblay\n\
             Date of birth: 1984-03-12\nPlace of birth: Lyon\nPlace of birth: FR\nBIC: DEUTDEFF\n\
             IBAN: DE89370400440532013000\n"
        );
        assert_eq!(
            found[4].1,
            "End-to-end ID: INV-4413\nAmount: 812.00 USD\nCreditor name: Lakeshore Parts LLC\n\
             E-mail: ap@lakeshoreparts.com\nABA routing number: 021000021\nAccount number: 4400123987\n"
        );
    }

    /// A bank statement as newer versions write it (camt.053.001.08, a
    /// prefix on every element): the account with its owner and bank, and
    /// an entry whose related parties are wrapped in `Pty`.
    const STATEMENT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ns:Document xmlns:ns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
 <ns:BkToCstmrStmt>
  <ns:GrpHdr><ns:MsgId>STMT-2022-02</ns:MsgId><ns:CreDtTm>2022-02-28T23:00:00</ns:CreDtTm></ns:GrpHdr>
  <ns:Stmt><ns:Id>2022-02</ns:Id><ns:ElctrncSeqNb>2</ns:ElctrncSeqNb>
   <ns:FrToDt><ns:FrDtTm>2022-02-01T00:00:00</ns:FrDtTm><ns:ToDtTm>2022-02-28T23:59:59</ns:ToDtTm></ns:FrToDt>
   <ns:Acct><ns:Id><ns:Othr><ns:Id>1234567</ns:Id></ns:Othr></ns:Id><ns:Ccy>CAD</ns:Ccy>
    <ns:Ownr><ns:Nm>Demo Co. Canada Inc.</ns:Nm></ns:Ownr>
    <ns:Svcr><ns:FinInstnId><ns:BICFI>ROYCCAT2</ns:BICFI><ns:ClrSysMmbId><ns:ClrSysId><ns:Cd>CACPA</ns:Cd></ns:ClrSysId><ns:MmbId>000300012</ns:MmbId></ns:ClrSysMmbId></ns:FinInstnId></ns:Svcr></ns:Acct>
   <ns:Ntry><ns:Amt Ccy="CAD">2500.00</ns:Amt><ns:CdtDbtInd>CRDT</ns:CdtDbtInd>
    <ns:BookgDt><ns:Dt>2022-02-14</ns:Dt></ns:BookgDt><ns:ValDt><ns:Dt>2022-02-14</ns:Dt></ns:ValDt>
    <ns:NtryDtls><ns:TxDtls><ns:Refs><ns:EndToEndId>CU41698-0214</ns:EndToEndId></ns:Refs>
     <ns:RltdPties><ns:Dbtr><ns:Pty><ns:Nm>Olivia Harper</ns:Nm><ns:CtctDtls><ns:PhneNb>+1-416-555-0142</ns:PhneNb></ns:CtctDtls></ns:Pty></ns:Dbtr>
      <ns:DbtrAcct><ns:Id><ns:Othr><ns:Id>98765432</ns:Id></ns:Othr></ns:Id></ns:DbtrAcct></ns:RltdPties>
     <ns:RltdAgts><ns:DbtrAgt><ns:FinInstnId><ns:ClrSysMmbId><ns:ClrSysId><ns:Cd>CACPA</ns:Cd></ns:ClrSysId><ns:MmbId>000281530</ns:MmbId></ns:ClrSysMmbId></ns:FinInstnId></ns:DbtrAgt></ns:RltdAgts>
     <ns:RmtInf><ns:Ustrd>Customer CU41698 invoice INV-2021-00004</ns:Ustrd></ns:RmtInf>
    </ns:TxDtls></ns:NtryDtls>
    <ns:AddtlNtryInf>EFT CREDIT</ns:AddtlNtryInf>
   </ns:Ntry>
  </ns:Stmt>
 </ns:BkToCstmrStmt>
</ns:Document>
"#;

    #[test]
    fn a_statement_gives_its_account_and_each_entry_its_parties() {
        let (found, errors) = forms(STATEMENT.as_bytes());
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            places(&found),
            [
                "part:GrpHdr 1",
                "part:Stmt 1",
                "part:Ntry 1",
                "part:TxDtls 1",
                "part:Ntry 1"
            ],
            "an entry's fields before its details, and those after them after"
        );
        assert!(found[0].1.starts_with("Bank statement (ISO 20022 camt.053.001.08)\n"));
        assert_eq!(
            found[1].1,
            "Id: 2022-02\nStatement number: 2\nFrom: 2022-02-01T00:00:00\nTo: 2022-02-28T23:59:59\n\
             Account name: Demo Co. Canada Inc.\nBIC: ROYCCAT2\nInstitution: 003\nTransit: 00012\nAccount: 1234567\n"
        );
        assert_eq!(
            found[3].1,
            "End-to-end ID: CU41698-0214\nRemittance information: Customer CU41698 invoice INV-2021-00004\n\
             Debtor name: Olivia Harper\nPhone: +1-416-555-0142\nInstitution: 002\nTransit: 81530\nAccount: 98765432\n"
        );
        assert_eq!(
            found[2].1,
            "Amount: 2500.00 CAD\nCredit or debit: CRDT\nBooking date: 2022-02-14\nValue date: 2022-02-14\n"
        );
        assert_eq!(found[4].1, "Additional information: EFT CREDIT\n");
    }

    #[test]
    fn direct_debits_give_each_customer_their_account_and_identifiers() {
        let debits = r#"<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"><CstmrDrctDbtInitn>
<PmtInf><PmtInfId>PAD-03</PmtInfId><ReqdColltnDt>2022-03-01</ReqdColltnDt><Cdtr><Nm>Demo Co. Canada Inc.</Nm></Cdtr>
<DrctDbtTxInf><PmtId><EndToEndId>PAD-03-001</EndToEndId></PmtId><InstdAmt Ccy="CAD">89.99</InstdAmt>
<DrctDbtTx><MndtRltdInf><MndtId>M-7781</MndtId><DtOfSgntr>2021-11-02</DtOfSgntr></MndtRltdInf></DrctDbtTx>
<DbtrAgt><FinInstnId><ClrSysMmbId><MmbId>001012345</MmbId></ClrSysMmbId></FinInstnId></DbtrAgt>
<Dbtr><Nm>Ngozi Okafor</Nm><Id><PrvtId><Othr><Id>130692544</Id><SchmeNm><Cd>SOSE</Cd></SchmeNm></Othr></PrvtId></Id></Dbtr>
<DbtrAcct><Id><Othr><Id>0042213</Id></Othr></Id></DbtrAcct></DrctDbtTxInf></PmtInf></CstmrDrctDbtInitn></Document>"#;
        let (found, errors) = forms(debits.as_bytes());
        assert!(errors.is_empty(), "{errors:?}");
        assert!(found[0].1.starts_with("Payment batch: pre-authorized debits"));
        assert!(found[0]
            .1
            .contains("Requested collection date: 2022-03-01\nCreditor name: Demo Co. Canada Inc.\n"));
        assert_eq!(
            found[1].1,
            "End-to-end ID: PAD-03-001\nAmount: 89.99 CAD\nMandate ID: M-7781\nMandate signed: 2021-11-02\n\
             Debtor full name: Ngozi Okafor\nSocial insurance number: 130692544\n\
             Institution: 010\nTransit: 12345\nAccount: 0042213\n"
        );
    }

    #[test]
    fn known_by_content_whatever_the_name_and_streamed_when_large() {
        use crate::reader::tests::{read_bytes, read_large};
        let docs = read_bytes("PAY0131.txt", PAYMENT_RUN.as_bytes(), &crate::Limits::default()).docs;
        assert_eq!(docs[0].0.kind, crate::Kind::Iso20022);
        assert!(docs[0]
            .1
            .contains("Institution: 004\nTransit: 12345\nAccount: 5212345678\n"));
        // Without its namespace, by its message element.
        let bare = PAYMENT_RUN.replace(r#" xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03""#, "");
        let docs = read_bytes("run.xml", bare.as_bytes(), &crate::Limits::default()).docs;
        assert_eq!(docs[0].0.kind, crate::Kind::Iso20022);
        assert!(docs[0]
            .1
            .starts_with("Payment run: customer credit transfer initiation (ISO 20022 pain.001)\n"));
        assert!(!looks_like(
            b"<?xml version=\"1.0\"?><Document><Body>invoice</Body></Document>"
        ));
        // A payroll run over the in-memory bound is read as it streams, in
        // Windows-1252 as some banks' files are.
        let transaction = PAYMENT_RUN
            .split("<CdtTrfTxInf>")
            .nth(1)
            .and_then(|t| t.split("</CdtTrfTxInf>").next())
            .unwrap();
        let many = format!("<CdtTrfTxInf>{transaction}</CdtTrfTxInf>").repeat(50);
        let large = PAYMENT_RUN
            .replacen("<CdtTrfTxInf>", &format!("{many}<CdtTrfTxInf>"), 1)
            .replace("Toronto", "Montr\u{e9}al");
        let (large, _, _) = encoding_rs::WINDOWS_1252.encode(&large);
        let sink = read_large("run.xml", &large);
        let (info, text, _, errors) = &sink.docs[0];
        assert_eq!(info.kind, crate::Kind::Iso20022);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(text.matches("Account: 5212345678\n").count(), 51);
        assert!(text.contains("Creditor address: 12 King St W, Montréal, CA\n"));
        assert_eq!(info.blake3, blake3::hash(&large).to_hex().to_string());
    }

    #[test]
    fn damaged_and_hostile_messages_keep_what_was_read() {
        // Cut short inside a transaction: what was read is kept.
        let cut = &PAYMENT_RUN[..PAYMENT_RUN.find("<CdtrAcct>").unwrap()];
        let (found, _) = forms(cut.as_bytes());
        assert_eq!(found.len(), 3);
        assert!(found[2].1.contains("Creditor name: Maple Ridge Supply Ltd.\n"));
        // Not XML part way: said, and the forms before it kept.
        let broken = PAYMENT_RUN.replacen("<PmtInf>", "<PmtInf><!-- ", 1);
        let (found, errors) = forms(broken.as_bytes());
        assert_eq!(found.len(), 1);
        assert!(
            errors[0].starts_with("ISO 20022 message: not XML at byte"),
            "{errors:?}"
        );
        // End tags out of order close what they skip; a stray one is ignored.
        let tangled = PAYMENT_RUN.replacen("</Nm></Cdtr>", "</Cdtr></Nm></Zz>", 1);
        let (found, _) = forms(tangled.as_bytes());
        assert!(found[2].1.contains("Creditor name: Maple Ridge Supply Ltd.\n"));
        // Declared entities are never expanded; deep nesting is bounded.
        let bomb = format!(
            "<!DOCTYPE d [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>\
             <Document xmlns=\"{NAMESPACE}pain.001.001.03\"><GrpHdr><MsgId>&b;&amp;1</MsgId>{}{}</GrpHdr></Document>",
            "<X>".repeat(100_000),
            "</X>".repeat(100_000)
        );
        let (found, errors) = forms(bomb.as_bytes());
        assert!(errors.is_empty(), "{errors:?}");
        assert!(found[0].1.ends_with("Message ID: &1\n"), "{found:?}");
        // A text of more than the run bound is refused before it is held.
        let long = format!(
            "<Document xmlns=\"{NAMESPACE}pain.001.001.03\"><GrpHdr><MsgId>{}",
            "9".repeat(MAX_RUN as usize + 1)
        );
        let mut sink = Segments::default();
        let mut out = Output::new(&mut sink, true, usize::MAX);
        let error = read(long.as_bytes(), &mut out).unwrap_err();
        assert!(error.to_string().contains("over 4 MiB"), "{error}");
        // Every single-byte change of a message: no panic.
        let bytes = PAYMENT_RUN.as_bytes();
        for at in (0..bytes.len()).step_by(3) {
            for value in [b'<', b'>', b'/', 0xFF, b'&', b'"'] {
                let mut mutated = bytes.to_vec();
                mutated[at] = value;
                let mut sink = Segments::default();
                let mut out = Output::new(&mut sink, true, usize::MAX);
                let _ = read(mutated.as_slice(), &mut out);
            }
        }
    }
}
