//! Names of people: after labels, in columns, in letters, over their
//! contact lines, in message headers.

use super::*;

#[test]
fn birth_dates_and_names() {
    assert!(has("Date of birth: 1984-03-12", "date_of_birth", "1984-03-12"));
    assert!(has("dob: 1984-03-12T00:00:00Z", "date_of_birth", "1984-03-12"));
    assert!(
        found("if you were born before January 2, 1936, or after 1990-01-01").is_empty(),
        "a rule's bound, not a birth date"
    );
    assert!(has("Né le 12 mars 1984", "date_of_birth", "1984-03-12"));
    assert!(has("Date de naissance : 12 mars 1984", "date_of_birth", "1984-03-12"));
    assert!(!has("Invoice date: 2022-01-28", "date_of_birth", "2022-01-28"));
    assert!(
        has("DOB: 03/04/1984", "date_of_birth", "03/04/1984"),
        "day and month unknown"
    );
    assert!(found("Shipped 03/04/2022").is_empty());
    assert!(
        !has("DOB: 04/03/1985\nSigned 04/28/2022", "date_of_birth", "2022-04-28"),
        "the label of the birth date before is not this date's"
    );
    assert!(has("D.O.B. 03-12-1984", "date_of_birth", "03/12/1984"));
    for labelled in [
        "DDN : 1984-03-12",
        "Birthday: 1984-03-12",
        "Né(e) le : 12 mars 1984",
        "Date naiss. : 1984-03-12",
        "date_of_birth: 1984-03-12",
    ] {
        assert!(has(labelled, "date_of_birth", "1984-03-12"), "{labelled}");
    }
    // A report laid out in columns: the header over the date says so.
    let report = "Name              SIN           Date of Birth\n\
                  Marie Tremblay    130 692 544   1984-03-12\n\
                  Luc Gagnon        193 456 787   1979-11-02\n";
    assert!(has(report, "date_of_birth", "1979-11-02"));
    // And the SIN of a row far below its header.
    let rows: String = (0..5).map(|_| "Someone Else      -             -\n").collect();
    let long = report.replacen("Marie", &format!("{rows}Marie"), 1);
    assert!(has(&long, "ca_sin", "130692544"));
    // Every row of a payroll export of hundreds, in fixed-width and
    // tab-separated text: each row's header is the table's.
    let sins = ["130692544", "193456787", "046454286"];
    let fixed = |cells: [&str; 3]| format!("{:<14}{:<14}{}\n", cells[0], cells[1], cells[2]);
    let tabbed = |cells: [&str; 3]| format!("{}\n", cells.join("\t"));
    for row_of in [&fixed as &dyn Fn([&str; 3]) -> String, &tabbed] {
        let mut table = format!("Employees\n{}", row_of(["Name", "SIN", "Date of Birth"]));
        for row in 0..300 {
            let sin = sins[row % 3];
            let sin = format!("{} {} {}", &sin[..3], &sin[3..6], &sin[6..]);
            let born = format!("19{:02}-03-12", row % 100);
            table.push_str(&row_of([&format!("Côté, {row:03}"), &sin, &born]));
        }
        let hits = EntityScanner::new().scan(&table).hits;
        let count = |kind: EntityType| hits.iter().filter(|h| h.kind == kind).count();
        // The third SIN starts with 0: no one's.
        assert_eq!(count(EntityType::CaSin), 200, "{table}");
        assert_eq!(count(EntityType::DateOfBirth), 300, "{table}");
    }
    assert!(found("Invoice date   Due date\n2022-01-28     2022-02-27").is_empty());
    assert!(has("Applicant: Marie Tremblay", "person_name", "Marie Tremblay"));
    assert!(!has(
        "Company name: Acme Industrial Inc",
        "person_name",
        "Acme Industrial"
    ));
    assert!(has("Contact: Jane Roe", "person_name", "Jane Roe"));
    // A table row: the cell before the label is not its qualifier.
    assert!(has(
        "Customer ID: C-1001\tFull Name: Marie Tremblay\tSIN: 130692544",
        "person_name",
        "Marie Tremblay"
    ));
    // A customer export's individuals, and its companies.
    assert!(has("Customer Name: Marie Tremblay", "person_name", "Marie Tremblay"));
    assert!(has("Nom du client : Luc Gagnon", "person_name", "Luc Gagnon"));
    for company in [
        "Customer name: Acme Industrial Supply",
        "Customer Name: Jean Coutu Pharmacy",
        "Customer: Paul's Auto Repair",
        "Client : Dupont et Fils",
        "Company name: Marie Tremblay Consulting",
        // A legal form after the name, written as a word or dotted.
        "Name: Mateo Boada Cobos S.A.",
        "Name: Jean Roy, Inc.",
        "Name: Mitchell PLC",
        "Name: Caspar KG",
        // A street in a "Name" column.
        "Name: Tyler Flats",
        "Name: Ronda de Mateo Almeida",
        // A firm named for a trade, or with a word firms take, after
        // a given name.
        "Customer: Victoria Station Pub",
        "Name: Georgia Pacific",
        "Customer: Sierra Summit",
        "Name: Jasmine Garden",
    ] {
        assert!(found(company).is_empty(), "{company}");
    }
    // A word firms take that is a surname too is none of theirs.
    assert!(has("Customer Name: Vickie Golden", "person_name", "Vickie Golden"));
    // Another column's value (Alberta) past a fixed-width gap is no
    // legal form.
    assert!(has("Name: Marie Tremblay     AB", "person_name", "Marie Tremblay"));
    assert!(has("Signed by: Michael MacLeod", "person_name", "Michael MacLeod"));
    assert!(has("Nom : Jean-Pierre O'Brien", "person_name", "Jean-Pierre O'Brien"));
    assert!(
        has("Nom : Jean-sébastien Wood", "person_name", "Jean-Sébastien Wood"),
        "a title-cased compound given name, capitalized as written elsewhere"
    );
    assert!(has("Contact: Pierre de Lorimier", "person_name", "Pierre de Lorimier"));
    assert!(found("Contact: Accounts Payable").is_empty());
    assert!(
        found("Name: Alder Hey Hospital").is_empty(),
        "a generic label needs a given name"
    );
    assert!(found("Name: Burton Hospitals").is_empty(), "a plural business word");
    assert!(has("Name: Joseph Banks", "person_name", "Joseph Banks"));
    // "Gass" is no plural of the business word "gas".
    assert!(has(
        "Contact: Sigi Gass\nEmail: sigi.gass@example.com",
        "person_name",
        "Sigi Gass"
    ));
    assert!(
        found("Name: Alder Hey Hospital").is_empty(),
        "a generic label needs a given name"
    );
    assert!(found("Name: Grand Total").is_empty());
    assert!(found("Name: George Eliot Hospital").is_empty(), "an institution");
    assert!(found("Name: Chelsea And Westminster").is_empty(), "an institution");
    assert!(
        has("Cardholder: Xiao Qing", "person_name", "Xiao Qing"),
        "a personal label is enough"
    );
}

#[test]
fn a_table_saved_one_cell_per_line_keeps_its_labels() {
    // A Word table as LibreOffice's "Text" export and docx2txt write it.
    let text = "Client list.\nPrénom\nNom\nNAS\nDate de naissance\n\
                Sébastien\nOuellet\n600 212 211\n26 Jul 1988\n\
                Kadence\nWexcombe\n130 692 544\n03 Mar 1961\n\
                Luc\nGagnon\n193 456 787\n12 Nov 1979\n";
    for (kind, value) in [
        ("ca_sin", "130692544"),
        ("ca_sin", "193456787"),
        ("date_of_birth", "1961-03-03"),
        ("person_name", "Kadence Wexcombe"),
        ("person_name", "Luc Gagnon"),
    ] {
        assert!(has(text, kind, value), "{kind} {value}: {:?}", found(text));
    }
    // A full name under a name label.
    let text = "Customer Name\nSocial Insurance Number\nCity\n\
                Marie Tremblay\n130 692 544\nToronto\nLuc Gagnon\n193 456 787\nOttawa\n";
    assert!(has(text, "ca_sin", "193456787"), "{:?}", found(text));
    assert!(has(text, "person_name", "Luc Gagnon"), "{:?}", found(text));
}

#[test]
fn given_name_and_surname_under_database_column_names() {
    assert!(has(
        "first_name: Kristen\tlast_name: Bailey\tsin: 519 661 169",
        "person_name",
        "Kristen Bailey"
    ));
    // A T4 slip's XML as the XML reader labels it: surname first, on
    // the line before.
    assert!(has(
        "snm: Okafor\ngvn_nm: Ngozi\ninit: A\nsin: 130692544\n",
        "person_name",
        "Ngozi Okafor"
    ));
    assert!(found("snm: Okafor\nsin: 130692544\n")
        .iter()
        .all(|h| h.0 != "person_name"));
    // Other exports' column names for the two parts.
    for (given, surname) in [
        ("fname", "lname"),
        ("FIRST_NM", "LAST_NM"),
        ("First", "Last"),
        ("Forename", "Surname"),
        ("name_first", "name_last"),
    ] {
        let row = format!("id: 7\t{given}: Marie\t{surname}: Tremblay\n");
        assert_eq!(found(&row), [("person_name".into(), "Marie Tremblay".into())], "{row}");
    }
}

#[test]
fn a_form_s_next_field_on_the_same_line_is_no_part_of_the_name() {
    for (text, names) in [
        (
            "Signature: ______ Name: Marie Tremblay Date: 2022-03-01",
            &["Marie Tremblay"][..],
        ),
        (
            "Name: Marie Tremblay Phone: 416-555-0199 Email: mt@x.ca",
            &["Marie Tremblay"],
        ),
        (
            "Applicant: Zoltar Quennell SIN: 130 692 544 DOB: 1984-03-12",
            &["Zoltar Quennell"],
        ),
        (
            "Applicant: Zoltar Quennell Date of birth: 1984-03-12",
            &["Zoltar Quennell"],
        ),
        ("Name: Tremblay Phone: 416-555-0199", &[]),
        ("First Name: Marie Last Name: Tremblay", &["Marie Tremblay"]),
        (
            "First Name: Mary Ann Last Name: Da Silva City: Laval",
            &["Mary Ann Da Silva"],
        ),
        (
            "Last name: Tremblay First name: Marie DOB: 1984-03-12",
            &["Marie Tremblay"],
        ),
        ("Prénom : Marie Nom : Tremblay", &["Marie Tremblay"]),
    ] {
        assert_eq!(person_names(text), names, "{text}");
    }
}

#[test]
fn names_under_quoted_keys_and_in_quotes() {
    // A log line's JSON, a YAML export, a program's dump of a record.
    for (text, name) in [
        (
            "2022-03-01 INFO user={\"name\": \"Marie Tremblay\", \"email\": \"mt@example.ca\"}",
            "Marie Tremblay",
        ),
        (
            "customer:\n  name: \"Marie Tremblay\"\n  phone: \"416-555-0199\"\n",
            "Marie Tremblay",
        ),
        (
            "record = {'first_name': 'Zoltar', 'last_name': 'Quennell', 'dob': '1984-03-12'}",
            "Zoltar Quennell",
        ),
        ("{\"cardholder\": \"Zoltar Quennell\"}", "Zoltar Quennell"),
        ("Nom : « Marie Tremblay »", "Marie Tremblay"),
    ] {
        assert_eq!(person_names(text), [name], "{text}");
    }
}

#[test]
fn given_name_and_surname_under_qualified_labels() {
    // A shop's export: the billing and the shipping person, each
    // given name with the surname qualified as it is.
    let order = "order id: 1001\tbilling_first_name: Marie\tbilling_last_name: Tremblay\t\
                 shipping_first_name: Jean\tshipping_last_name: Roy\n";
    assert_eq!(person_names(order), ["Marie Tremblay", "Jean Roy"], "{order}");
    // Bilingual labels, as federal forms print them.
    for form in [
        "Family name / Nom de famille: Tremblay\nGiven name / Prénom: Marie\n",
        "Last Name / Nom: Tremblay\tFirst Name / Prénom: Marie\n",
    ] {
        assert_eq!(person_names(form), ["Marie Tremblay"], "{form}");
    }
    // French qualifies after the label.
    let form = "Prénom du conjoint : Luc\nNom du conjoint : Gagnon\n\
                Prénom de l'employé : Marie\tNom de famille de l'employé : Tremblay\n";
    assert_eq!(person_names(form), ["Luc Gagnon", "Marie Tremblay"], "{form}");
    // Else the unqualified surname beside it.
    let form = "Preferred First Name: Kwame\tLast Name: Mensah\n";
    assert!(has(form, "person_name", "Kwame Mensah"), "{:?}", found(form));
    // A role word before a field's label names nobody.
    let form = "Applicant First Name: Marie    Applicant Last Name: Tremblay\n\
                Co-Applicant First Name: Jean    Co-Applicant Last Name: Roy\nDate of Birth: 1984-03-12\n";
    assert_eq!(person_names(form), ["Marie Tremblay", "Jean Roy"], "{form}");
    // Nor before a column's label, a word processor's table as text.
    let table = "Employee First Name\tEmployee Last Name\tSIN\n\
                 Employee First Name: Marie\tEmployee Last Name: Tremblay\tSIN: 130 692 544\n";
    assert_eq!(person_names(table), ["Marie Tremblay"], "{table}");
}

#[test]
fn given_name_and_surname_columns_of_a_table_in_text() {
    for table in [
        // Fixed-width, tab-separated, Markdown.
        "FIRST NAME    LAST NAME     PHONE\nMarie         Tremblay      416-555-0199\n\
         Kwame         Mensah        514-555-0123\n",
        "The list:\nFirst Name\tLast Name\tPhone\nMarie\tTremblay\t416-555-0199\nKwame\tMensah\t514-555-0123\n",
        "| First Name | Last Name | Email |\n|---|---|---|\n| Marie | Tremblay | m@example.ca |\n\
         | Kwame | Mensah | k@example.com |\n",
    ] {
        assert_eq!(person_names(table), ["Marie Tremblay", "Kwame Mensah"], "{table}");
    }
    // A two-column form pasted as text, label and value apart by a tab.
    let form = "Customer details\nName\tMarie Tremblay\nEmail\tmt@example.ca\nCardholder\tZoltar Quennell\n";
    assert_eq!(person_names(form), ["Marie Tremblay", "Zoltar Quennell"], "{form}");
    assert!(names_nobody("Customer\tContact Name\nAcme Inc\tAccounts Payable\n"));
    // Or printed to text, label and value two spaces or more apart.
    let form = "INVOICE\nCustomer Name    Marie Tremblay\nAccount No       CU-1001\n\
                Cardholder Name  Zoltar Quennell    Expiry  04/27\n";
    assert_eq!(person_names(form), ["Marie Tremblay", "Zoltar Quennell"], "{form}");
    // A column's qualified label says a person as a field's does.
    let holders = "Cards:\nAccount\tCardholder Name\tExpiry\n1001\tZoltar Quennell\t04/27\n";
    assert_eq!(person_names(holders), ["Zoltar Quennell"], "{holders}");
    // A header's note in brackets.
    let noted = "Here:\nID\tName (Last, First)\tPhone\nE1\tTremblay, Marie\t416-555-0199\n";
    assert_eq!(person_names(noted), ["Marie Tremblay"], "{noted}");
    // A header row repeated over each page names nobody.
    let pages = "First Name\tLast Name\tPhone\nMarie\tTremblay\t416-555-0199\n\
                 First Name\tLast Name\tPhone\nKwame\tMensah\t514-555-0123\n";
    assert_eq!(person_names(pages), ["Marie Tremblay", "Kwame Mensah"], "{pages}");
    assert!(names_nobody("First Name: First Name\tLast Name: Last Name\n"));
    // But a surname that is a label's word too is a surname.
    for text in [
        "First Name: Vanessa\tLast Name: Holder\n",
        "Cardholder: Vanessa Holder\n",
    ] {
        assert_eq!(person_names(text), ["Vanessa Holder"], "{text}");
    }
    let pages = "ID\tFull Name\tPhone\n1\tZoltar Quennell\t416-555-0199\nID\tFull Name\tPhone\n";
    assert_eq!(person_names(pages), ["Zoltar Quennell"], "{pages}");
    assert!(names_nobody(
        "Applicant: Applicant Name\nCardholder name: Cardholder Name\n"
    ));
    // A blank form's placeholders.
    assert!(names_nobody(
        "Full name: First Last\nEmployee: Employee Name Here\nAccount holder: Your Name\n"
    ));
    // A row not lined up under the header: no name of one cell twice.
    let askew = "FIRST NAME  LAST NAME  PHONE\nJean-Philippe  Desrosiers-Lavoie  514-555-0123\n";
    assert!(names_nobody(askew), "{:?}", found(askew));
    let firms = "First Name\tLast Name\nAcme\tCorp\n";
    assert!(names_nobody(firms), "{:?}", found(firms));
}

#[test]
fn names_in_a_fixed_width_report_s_name_column() {
    let report = "CUSTOMER MASTER LISTING\n\n\
                  CUST NO   NAME                      PHONE\n\
                  --------  ------------------------  ------------\n\
                  CU10001   Marie Tremblay            514-555-0142\n\
                  CU10002   Luc Gagnon                438-555-0199\n";
    assert!(has(report, "person_name", "Marie Tremblay"));
    assert!(has(report, "person_name", "Luc Gagnon"));
    let companies = "VENDOR NO   COMPANY NAME         PHONE\nV-1         Marie Tremblay Inc   514-555-0142\n";
    assert!(
        found(companies).iter().all(|(kind, _)| kind != "person_name"),
        "a company's column"
    );
    let products = "SKU    NAME                  PRICE\nA-1    Projector PT-VMZ61    675.99\nA-2    Grand Total           675.99\n";
    assert!(
        found(products).iter().all(|(kind, _)| kind != "person_name"),
        "a column of products"
    );
    // Columns are characters: a town's accents take a byte more each.
    let accented = "VILLE             NOM         TELEPHONE\nÎle-Côté-Émard    Luc Gagnon  514-555-0142\n";
    assert!(has(accented, "person_name", "Luc Gagnon"));
    let holders = "ACCOUNT    CARDHOLDER          EXPIRY\n1001       Kadence Whitfield   04/27\n";
    assert!(
        has(holders, "person_name", "Kadence Whitfield"),
        "a personal header needs no known given name"
    );
    // A sheet's rows pasted as tab-separated cells.
    let pasted = "Here they are:\r\nCust no\tName\tPhone\r\nCU10001\tMarie Tremblay\t514-555-0142\r\n\
                  CU10002\t\t438-555-0199\r\nCU10003\tLuc Gagnon\t438-555-0100\r\n";
    assert!(has(pasted, "person_name", "Marie Tremblay"));
    assert!(has(pasted, "person_name", "Luc Gagnon"));
    let companies = "Vendor no\tCompany name\tPhone\nV-1\tMarie Tremblay Inc\t514-555-0142\n";
    assert!(found(companies).iter().all(|(kind, _)| kind != "person_name"));
    // A Markdown table, and a query's output as psql and mysql print it.
    for table in [
        "| Cust no | Name | Phone |\n|---|---|---|\n| CU10001 | Luc Gagnon | 438-555-0100 |\n",
        " cust_no | name       | phone\n---------+------------+--------------\n CU10001 | Luc Gagnon | 438-555-0100\n",
        "+---------+------------+\n| cust_no | name       |\n+---------+------------+\n| CU10001 | Luc Gagnon |\n",
    ] {
        assert!(has(table, "person_name", "Luc Gagnon"), "{table}");
    }
    let companies = "| Vendor no | Company name |\n|---|---|\n| V-1 | Marie Tremblay Inc |\n";
    assert!(found(companies).iter().all(|(kind, _)| kind != "person_name"));
}

#[test]
fn given_name_and_surname_in_columns_of_their_own() {
    // A customer export's row, as its reader labels it.
    assert!(has(
        "Customer ID: C-1\tFirst Name: Marie\tLast Name: Tremblay\tEmail: mt@example.ca",
        "person_name",
        "Marie Tremblay"
    ));
    assert!(has("ID: C-1\tNom: Gagnon\tPrénom: Luc", "person_name", "Luc Gagnon"));
    assert!(has(
        "First name: Jean-Pierre\nLast name: O'Brien\n",
        "person_name",
        "Jean-Pierre O'Brien"
    ));
    assert!(found("First Name: Marie\tCity: Laval").is_empty(), "a given name alone");
    assert!(found("First Name: Acme\tLast Name: Corp").is_empty(), "a business");
    // A given name and a middle name, a surname of two words; the
    // surname is no name of its own.
    for (text, name) in [
        ("Given Names: Aoife Siobhan\tSurname: Smith", "Aoife Siobhan Smith"),
        ("First Name: Mary Ann\nLast Name: Da Silva\n", "Mary Ann Da Silva"),
        ("First Name: Marie\tLast Name: de la Fontaine\n", "Marie de la Fontaine"),
        ("First Name: Marie A.\nLast Name: Tremblay\n", "Marie A. Tremblay"),
        ("Name: Tremblay, Marie A.\n", "Marie A. Tremblay"),
        ("Cardholder: MARIE A TREMBLAY\n", "Marie A Tremblay"),
        ("First Name: Pieter\tLast Name: van der Berg\n", "Pieter van der Berg"),
    ] {
        assert_eq!(found(text), [("person_name".to_string(), name.to_string())], "{text}");
    }
    assert!(found("Last Name: Da Silva\tCity: Laval").is_empty(), "a surname alone");
    assert!(found("Customer surname: Da Silva").is_empty(), "a surname alone");
    assert!(has("First & Last Name: Mary Silva", "person_name", "Mary Silva"));
    // Surname first, as lists write it: given name first in the value.
    assert!(has(
        "Name: Tremblay, Marie\tEmail: mt@example.ca",
        "person_name",
        "Marie Tremblay"
    ));
    assert!(has("Cardholder: Gagnon, Luc", "person_name", "Luc Gagnon"));
    assert!(found("Name: Montréal, Québec").is_empty(), "a place");
    // Its particles open a surname written first; a bank's records
    // print a middle initial after capitals without its dot.
    for (text, name) in [
        ("Nom : Van der Berg, Pieter\n", "Pieter Van der Berg"),
        ("Name: De Luca, Marco\n", "Marco De Luca"),
        ("Payee: MACDONALD, JOHN A\n", "John A Macdonald"),
    ] {
        assert_eq!(found(text), [("person_name".to_string(), name.to_string())], "{text}");
    }
}

#[test]
fn names_in_a_fixed_width_form_s_fields() {
    // A T4 slip's and a pay stub's fields, two spaces or more apart.
    let slip = "Last name: Nguyen    First name: Thi Minh    Initials: T\n";
    assert!(has(slip, "person_name", "Thi Minh Nguyen"), "{:?}", found(slip));
    let slip = "First name: Thi Minh    Last name: Nguyen\n";
    assert!(has(slip, "person_name", "Thi Minh Nguyen"), "{:?}", found(slip));
    let stub = "Employee: OKONKWO, Chidi          Employee ID: 004417\n";
    assert!(has(stub, "person_name", "Chidi Okonkwo"), "{:?}", found(stub));
    // One space is no field's end.
    assert!(names_nobody("First name: Thi Minh Initials\nLast name: Nguyen\n"));
    // A surname printed in capitals, before the given name.
    let fiche = "Nom : TREMBLAY   Prénom : Marie-Ève\n";
    assert!(has(fiche, "person_name", "Marie-Ève Tremblay"), "{:?}", found(fiche));
    let fiche = "Prénom : Marie\nNom de famille : DA SILVA\n";
    assert!(has(fiche, "person_name", "Marie Da Silva"), "{:?}", found(fiche));
}

#[test]
fn a_compound_given_name_and_two_surnames() {
    assert!(has(
        "Name: José María García López",
        "person_name",
        "José María García López"
    ));
    assert!(has(
        "Cc: Juan Carlos Pérez Gómez <jcpg@example.es>",
        "person_name",
        "Juan Carlos Pérez Gómez"
    ));
    // Three words whose second is no given name stay three.
    assert!(has(
        "Name: Marie Tremblay Roy\nPhone",
        "person_name",
        "Marie Tremblay Roy"
    ));
    // Nor past a business word: the name runs on into a firm's.
    assert!(names_nobody("Name: Marie Claude Tremblay Accounting"));
    // A form's next label, a firm's word, is none of the name's.
    assert_eq!(
        person_names("Name: Jean Ouellet Status: active\nName: Marie Tremblay Company: Acme"),
        ["Jean Ouellet", "Marie Tremblay"]
    );
    // A legal form after a comma: no run of words, no label.
    assert!(names_nobody("Contact: Marie Tremblay, Inc."));
    // Nor past "and" or "et" into a firm's words.
    assert!(names_nobody("Contact: Jack Henry and Associates"));
    assert!(names_nobody("Contact : Marie Tremblay et Associés"));
    assert_eq!(
        person_names("Contact: Marie Tremblay and Jean Ouellet"),
        ["Marie Tremblay", "Jean Ouellet"]
    );
}

#[test]
fn a_list_of_people_pairs_each_given_name_with_its_own_surname() {
    // Surnames first, on a row or a line each (French forms write
    // "Nom :" over "Prénom :"), or given names first.
    for list in [
        "Last Name: Tremblay  First Name: Marie  Last Name: Ouellet  First Name: Jean",
        "Surname: Tremblay\tGiven name: Marie\nSurname: Ouellet\tGiven name: Jean",
        "Last Name: Tremblay\nFirst Name: Marie\nLast Name: Ouellet\nFirst Name: Jean",
        "Nom : Tremblay\nPrénom : Marie\nNom : Ouellet\nPrénom : Jean",
        "First Name: Marie\nLast Name: Tremblay\nFirst Name: Jean\nLast Name: Ouellet",
        "First Name: Marie  Last Name: Tremblay  First Name: Jean  Last Name: Ouellet",
        "Last Name: Tremblay\nFirst Name: Marie\nPhone: 613-555-0142\n\nFirst Name: Jean\nLast Name: Ouellet",
    ] {
        let mut names = person_names(list);
        names.sort();
        assert_eq!(names, ["Jean Ouellet", "Marie Tremblay"], "{list}");
    }
}

#[test]
fn a_printed_form_s_rows_of_labels_end_its_table_of_names() {
    // Label rows over value rows, on one grid: "Employer   Position"
    // is no one under "Last Name   First Name".
    let form = "Last Name          First Name         Middle Initial\n\
                Tremblay           Marie              A\n\
                Date of Birth      Social Insurance Number\n\
                1984-03-12         446 454 282\n\
                Employer           Position\n\
                Acme Corp          Analyst\n\
                Co-Applicant Last Name    Co-Applicant First Name\n\
                Ouellet                   Jean";
    assert_eq!(person_names(form), ["Marie Tremblay", "Jean Ouellet"], "{form}");
    // A table's rows go on past an initial and a line running on.
    let table = "LAST NAME       FIRST NAME      CITY\n\
                 Tremblay        Marie           Ottawa\n\
                 Ouellet         J.              Gatineau\n\
                 \x20                               Hull  sector\n\
                 Gagnon          Luc             Laval";
    assert_eq!(person_names(table), ["Marie Tremblay", "Luc Gagnon"], "{table}");
}

#[test]
fn names_over_the_rule_their_label_is_under() {
    // A signature block: the name typed over the rule, its label
    // under it, alone or as the first of columns.
    let block = "IN WITNESS WHEREOF the parties have signed.\n\n\
                 Marie Tremblay                      2022-01-14\n\
                 ______________________________      __________\n\
                 Print Name                          Date\n\n\
                 Zoltar Quennell\n\n\
                 ______________________________\r\n\
                 Name of Witness\n";
    assert_eq!(person_names(block), ["Marie Tremblay", "Zoltar Quennell"], "{block}");
    // A blank line to sign on; a firm's name; a total.
    for text in [
        "Signature\n______________________\nPrint Name",
        "Acme Corporation\n____________\nName of company",
        "Total\n_______\nName",
        "Zoltar Quennell\n_______\nDate",
        // A given name's label under its rule: no surname's label
        // is near it (its row, read back from the value over the
        // rule, ends before it: this crashed the reader).
        "Employee\nMarie\n______________\nFirst Name\n",
    ] {
        assert!(names_nobody(text), "{text}: {:?}", found(text));
    }
}

#[test]
fn names_that_open_an_address_field() {
    let form = "Mailing address: Marie Tremblay, 123 Main Street, Ottawa ON K1A 0B1\n\
                Adresse postale : Luc Gagnon, 45 rue Principale, Gatineau QC J8X 2K1\n\n\
                Home Address\nJean Ouellet\nApt 4, 12 Elm St\n\nAdresse\nPaul Roy\n3 rue Roy";
    assert_eq!(
        person_names(form),
        ["Marie Tremblay", "Luc Gagnon", "Jean Ouellet", "Paul Roy"]
    );
    // A street's words, even in a person's block beside a SIN; nor is
    // an address's column one of names.
    for text in [
        "SIN: 446 454 282\nAddress: Sherbrooke West\nHome address: Victoria Park Avenue",
        "Address: Simon Fraser University, Burnaby BC\nAddress: Suite 400, 123 Main St",
        // A place's name without the street under whom it is.
        "Address: Victoria Park\nMailing address: Grace Hospital, 300 Booth St",
        "ADDRESS             PHONE\nGordon Head Road    613-555-0142",
    ] {
        assert!(names_nobody(text), "{text}: {:?}", found(text));
    }
}

#[test]
fn names_in_fields_a_log_line_or_a_settings_file_writes() {
    let log = "2022-01-14T10:00:00Z INFO created customer_name=\"Marie Tremblay\" sin=446454282\n\
               2022-01-14T10:01:00Z INFO user=jtremblay name=Jean Ouellet status=ok\n\
               first_name = Luc\nlast_name = Gagnon\nx = a == b => c";
    assert_eq!(
        person_names(log),
        ["Marie Tremblay", "Jean Ouellet", "Luc Gagnon"],
        "{log}"
    );
    assert_eq!(
        person_names("first_name=Zoltar last_name=Quennell sin=446454282"),
        ["Zoltar Quennell"]
    );
}

#[test]
fn names_listed_after_a_label() {
    let list = "Witness: Marie Tremblay, Jean Ouellet and Luc Gagnon\nContact: Paul Roy; Sarah Connor";
    assert_eq!(
        person_names(list),
        [
            "Marie Tremblay",
            "Jean Ouellet",
            "Luc Gagnon",
            "Paul Roy",
            "Sarah Connor"
        ],
        "{list}"
    );
    // Under a label for several.
    let minutes = "Attendees: Marie Tremblay, Jean Ouellet\nWitnesses: Zoltar Quennell and Paul Roy\n\
                   Participants: 12\nDirectors: Acme Holdings Ltd.\nContacts: Sales Department";
    assert_eq!(
        person_names(minutes),
        ["Marie Tremblay", "Jean Ouellet", "Zoltar Quennell", "Paul Roy"],
        "{minutes}"
    );
    // What follows a name so and is no known name ends the list.
    for (text, first) in [
        ("Name: Marie Tremblay, 123 Main St", "Marie Tremblay"),
        ("Contact: Jean Ouellet, Sales Manager", "Jean Ouellet"),
        ("Contact: Robert Smith, Zoltar Quennell", "Robert Smith"),
        ("Applicant: Marie Tremblay and her spouse", "Marie Tremblay"),
    ] {
        assert_eq!(person_names(text), [first], "{text}");
    }
}

#[test]
fn names_after_a_dash_a_word_processor_set() {
    let list = "Contact \u{2013} Marie Tremblay\nAccount Manager \u{2014} Jean Ouellet\nName\u{2013}Luc Gagnon";
    assert_eq!(
        person_names(list),
        ["Marie Tremblay", "Jean Ouellet", "Luc Gagnon"],
        "{list}"
    );
    for text in [
        "Project name \u{2013} Phoenix Rollout",
        "Customer \u{2013} Acme Inc.",
        "Fiscal years 2020 \u{2013} 2021",
        "Prepared by \u{2014} Finance Department",
    ] {
        assert!(names_nobody(text), "{text}: {:?}", found(text));
    }
}

#[test]
fn names_after_a_leader_of_dots() {
    // A form or a report printed to text leads each label to its
    // value with dots, after a colon or instead of one.
    let form = "Employee Record\n\nName of employee .............. Marie Tremblay\n\
                Witness:....... Zoltar Quennell\nFirst name......... Jean\nLast name.......... Ouellet\n\
                Department.......... Finance";
    assert_eq!(
        person_names(form),
        ["Marie Tremblay", "Zoltar Quennell", "Jean Ouellet"],
        "{form}"
    );
    // A table of contents, a blank form, an ellipsis in prose.
    for text in [
        "Customer Names .......... 14\nContact us.......... www.example.com",
        "Name.......... Signature..........\nName...........Date...........",
        "Project Name......... Phoenix Rollout\nBank Name......... Royal Bank",
        "He said... Marie Tremblay was late.",
    ] {
        assert!(names_nobody(text), "{text}: {:?}", found(text));
    }
}

#[test]
fn names_after_labels_that_say_a_person_whatever_the_given_name() {
    for text in [
        "Account holder: Zoltar Quennell",
        "Titulaire du compte : Zoltar Quennell",
        "Cardholder name: Zoltar Quennell",
        "Full name: Zoltar Quennell",
        "Nom et prénom : Zoltar Quennell",
        "First and last name: Zoltar Quennell",
        "Borrower: Zoltar Quennell",
        "Co-emprunteur : Zoltar Quennell",
        "Insured: Zoltar Quennell",
        "Member name: Zoltar Quennell",
        // A note in brackets explaining the field.
        "Full name (please print): Zoltar Quennell",
        "Cardholder name (as it appears on card): Zoltar Quennell",
        // Witnesses, signatories, next of kin, emergency contacts.
        "Witness: Zoltar Quennell",
        "Authorized signatory: Zoltar Quennell",
        "Parent/Guardian: Zoltar Quennell",
        "Emergency contact: Zoltar Quennell",
        "Personne à contacter : Zoltar Quennell",
        "Name on card: Zoltar Quennell",
        "Father's name: Zoltar Quennell",
        "Employee's name and address: Zoltar Quennell, 123 Main St, Toronto ON M4B 1B3",
    ] {
        assert!(has(text, "person_name", "Zoltar Quennell"), "{text}");
    }
    assert!(
        names_nobody("Name: Zoltar Quennell"),
        "an unknown given name after a generic label"
    );
    // A payment's, a lease's or an account's party: a person or a
    // firm, so a known name.
    for label in [
        "Payee",
        "Beneficiary",
        "Bénéficiaire",
        "Sender",
        "Tenant",
        "Name on account",
        "Sales rep",
        "Account manager",
        "Représentant des ventes",
    ] {
        assert!(
            has(&format!("{label}: Marie Tremblay"), "person_name", "Marie Tremblay"),
            "{label}"
        );
        assert!(names_nobody(&format!("{label}: Zoltar Quennell")), "{label}");
        assert!(names_nobody(&format!("{label}: Tremblay Plumbing Inc.")), "{label}");
    }
    assert!(
        has(
            "Name: Zoltar Quennell\tSIN: 130 692 544\nName: Acme Widgets\tDate of birth: 1980-01-02",
            "person_name",
            "Zoltar Quennell"
        ),
        "a SIN on the name's line says a person"
    );
    assert!(
        has(
            "Name: Zoltar Quennell\nPhone: 613-555-0142\r\nSIN: 130 692 544\n",
            "person_name",
            "Zoltar Quennell"
        ),
        "a SIN among the form's fields says a person"
    );
    assert!(
        has(
            "Date of birth: 1980-01-02\nName: Zoltar Quennell",
            "person_name",
            "Zoltar Quennell"
        ),
        "before the name too"
    );
    assert!(
        has(
            "Customer Name: Zoltar Quennell\tCard Number: 4560865690702931\tAddress: 1 Main St\n",
            "person_name",
            "Zoltar Quennell"
        ),
        "a card number in a customer's row says its holder"
    );
    assert!(
        names_nobody("Name: Zoltar Quennell\n\nSIN: 130 692 544"),
        "another block's SIN says nothing"
    );
    assert!(
        names_nobody(&format!(
            "Name: Zoltar Quennell\n{}SIN: 130 692 544",
            "Note: x\n".repeat(9)
        )),
        "nor a SIN many lines away"
    );
    assert!(has("Nom complet : Henriette Séguin", "person_name", "Henriette Séguin"));
    for (text, name) in [
        ("Prepared by: Luc Gagnon, CPA", "Luc Gagnon"),
        ("Attention: Mr. Robert Smith", "Robert Smith"),
        ("À l'attention de : Mme Sylvie Bouchard", "Sylvie Bouchard"),
        ("Contact: Herr Jürgen Müller, +49 221 12345-678", "Jürgen Müller"),
        ("Signed: Marie Tremblay", "Marie Tremblay"),
        // Who did what a ticket or a register logs.
        (
            "Ticket 44902 | Raised by: Karim Haddad | Order #SO-118911",
            "Karim Haddad",
        ),
        ("Received by: Luc Gagnon", "Luc Gagnon"),
        ("Saisi par : Sylvie Bouchard", "Sylvie Bouchard"),
        ("Witnessed by: Zoltar Quennell", "Zoltar Quennell"),
    ] {
        assert!(has(text, "person_name", name), "{text}");
    }
    assert!(names_nobody("Approved by: Finance Department"));
    assert!(names_nobody("Processed by: Payroll Services"));
    assert!(names_nobody("Attention: Accounts Payable"));
}

#[test]
fn an_address_beside_a_generic_label_s_name_may_say_a_person() {
    // One that spells the name, anywhere in its block.
    for text in [
        "Name: Zoltar Quennell\nCity: Laval\nEmail: zoltar.quennell@example.com\n",
        "Contact: Zoltar Quennell\nEmail: zquennell@example.com\n",
        "Email: quennell_zoltar@example.com\nName: Zoltar Quennell\n",
    ] {
        assert!(has(text, "person_name", "Zoltar Quennell"), "{text}");
    }
    // A person's own on the fields that follow the name, whatever it spells.
    for text in [
        "CUSTOMER RECORD\nName: Zoltar Quennell\nEmail: client1270@example.com\nCity: Toronto\n",
        "Nom du client : Zoltar Quennell\nTél. : 514-555-0142\nCourriel : zq1961@videotron.ca\n",
        "Name: Zoltar Quennell\nEmail: ap1331@example.com\n",
        "Name: Zoltar Quennell\tEmail: client8600@example.com\tCity: Laval\n",
    ] {
        assert!(has(text, "person_name", "Zoltar Quennell"), "{text}");
    }
    for text in [
        // A shared mailbox, or one at the firm's own domain.
        "Name: Zoltar Quennell\nEmail: info@example.com\n",
        "Contact: Maple Ridge\nEmail: comptes.fournisseurs@example.ca\n",
        "Name: Maple Ridge\nEmail: olivia@mapleridge.ca\n",
        "Name: Maple Ridge\nEmail: mapleridge@gmail.com\n",
        // Another block's, or fields further on.
        "Name: Zoltar Quennell\n\nEmail: client1270@example.com\n",
        "Name: Zoltar Quennell\nCity: Laval\nProvince: QC\nCountry: CA\nEmail: client1270@example.com\n",
        // The address after an invoice's party is its contact's.
        "Bill to: Northern Lights\nEmail: osmith@example.ca\n",
        // A numbered shared mailbox.
        "Name: Zoltar Quennell\nEmail: sales77@hotmail.com\n",
        // A firm's name: a trade's word, or a word firms are named with.
        "Name: Blue Mountain Coffee\nEmail: jane1@example.ca\n",
        "Name: Riverside Grill\nEmail: mike.t@gmail.com\n",
        "Name: Zoltar Salons\nEmail: zq1961@videotron.ca\n",
        "Name: Golden Dragon\nEmail: jane1@example.ca\n",
        "From: Golden Dragon <jane1@example.ca>\n",
        "Golden Dragon\ngd1961@example.ca\n",
    ] {
        assert!(names_nobody(text), "{text}");
    }
}

#[test]
fn a_cardholder_over_the_card_number() {
    let card = "VISA 16 digit\nJanet Brown\n4560865690702931 02/28\nCVC: 375\n";
    assert!(has(card, "person_name", "Janet Brown"), "{:?}", found(card));
    let printed = "JANET BROWN\r\n  4556 7375 8689 9855\r\n";
    assert!(has(printed, "person_name", "Janet Brown"), "{:?}", found(printed));
    assert!(
        names_nobody("Monthly Statement\n4556 7375 8689 9855"),
        "a title is no name"
    );
    assert!(
        names_nobody("Janet Brown paid with\n4556 7375 8689 9855"),
        "a sentence is no name line"
    );
    // A given name not listed over a card: its surname is.
    let card = "Mastercard\nAutumn Richards\n5289438939676550 03/28\nCVV: 039\n";
    assert!(has(card, "person_name", "Autumn Richards"), "{:?}", found(card));
    assert!(names_nobody(
        "Visa Infinite\nRoyal Bank of Canada\n4556 7375 8689 9855 01/29\n"
    ));
    assert!(
        names_nobody("Kadence Wexcombe\n4556 7375 8689 9855"),
        "neither name known"
    );
    // Between its brand and its number on a card's face, whatever its
    // names; not a heading over the number, nor a name further up.
    for brand in ["Mastercard", "VISA Classic", "American Express"] {
        let card = format!("{brand}\nDiamond Banks\n5459 0490 8014 9547 11/35\nCVV: 765\n");
        assert!(has(&card, "person_name", "Diamond Banks"), "{:?}", found(&card));
    }
    // Its expiry or security code on the next line will do.
    for details in ["Exp. 11/2035", "CVC 765"] {
        let card = format!("Visa\nDiamond Banks\n5459 0490 8014 9547\n{details}\n");
        assert!(has(&card, "person_name", "Diamond Banks"), "{:?}", found(&card));
    }
    for nobody in [
        "Visa\nPayment Details\n5459 0490 8014 9547 11/35\n",
        "VISA\nExpiry Date\n5459 0490 8014 9547 11/35\n",
        "Mastercard\nAccount Number\n5459 0490 8014 9547\n",
        "AMEX\nAmount Due\n3782 822463 10005\n",
        "Mastercard\nKadence Wexcombe\nPlatinum Rewards\n5459 0490 8014 9547 11/35\n",
        "Paid by Visa last month\nKadence Wexcombe\n5459 0490 8014 9547\n",
        // Neither expiry nor security code: no card's face.
        "Visa\nDiamond Banks\n5459 0490 8014 9547\n",
        "Visa\nCash Back\n5459 0490 8014 9547 total 12.50\n",
    ] {
        assert!(names_nobody(nobody), "{nobody:?}");
    }
}

#[test]
fn names_printed_in_capitals() {
    assert!(has("Cardholder: MARIE TREMBLAY", "person_name", "Marie Tremblay"));
    assert!(has(
        "Name: JEAN-PIERRE O'BRIEN\tSIN: 130 692 544",
        "person_name",
        "Jean-Pierre O'Brien"
    ));
    assert!(has("From: JEAN ROY <jroy@democo.ca>", "person_name", "Jean Roy"));
    assert!(has(
        "Name: TREMBLAY, MARIE\tDOB: 1984-03-12",
        "person_name",
        "Marie Tremblay"
    ));
    // French forms write the surname alone in capitals.
    assert!(has("Nom : Marie TREMBLAY\n", "person_name", "Marie Tremblay"));
    assert!(has(
        "Demandeur : Jean-Pierre LE BLANC\tNAS : 130 692 544",
        "person_name",
        "Jean-Pierre Le Blanc"
    ));
    assert!(names_nobody("Contact: Marie CPA\n"), "a credential");
    // Or first, as administrative lists do, the given names after it.
    assert!(has("Nom : TREMBLAY Marie\n", "person_name", "Marie Tremblay"));
    assert!(has("Nom : TREMBLAY, Marie\n", "person_name", "Marie Tremblay"));
    assert!(has(
        "Client : LE BLANC Jean-Pierre\tNAS : 130 692 544",
        "person_name",
        "Jean-Pierre Le Blanc"
    ));
    // A given name typed in capitals before an unknown surname.
    assert!(has(
        "Nom: VICTOR Saez\nEmail: victor.saez@example.com\n",
        "person_name",
        "Victor Saez"
    ));
    for nobody in [
        "Name: ACME INDUSTRIAL SUPPLY",
        "Name: Acme INDUSTRIES",
        "Name: ACME Supplies",
        "Contact: CPA Marie",
        "Nom : TREMBLAY Marie et fils",
        "Contact: ACCOUNTS PAYABLE",
        "Name: TOTAL AMOUNT DUE",
        "Customer Name: JEAN COUTU PHARMACY",
    ] {
        assert!(names_nobody(nobody), "{nobody:?}");
    }
}

#[test]
fn whom_an_invoice_is_billed_or_shipped_to_is_a_person_when_named_as_one() {
    assert!(has(
        "INVOICE\nBill to: Marie Tremblay\n",
        "person_name",
        "Marie Tremblay"
    ));
    assert!(has("Facturer à : Luc Gagnon\n", "person_name", "Luc Gagnon"));
    assert!(has("Ship to: Jean Roy\n", "person_name", "Jean Roy"));
    for firm in [
        "Bill to: PRAIRIE SKY SUPPLY INC.\n",
        "Facturer à : Groupe Laurentien Components\n",
        "Sold to: Maple Ridge Supply\n",
    ] {
        assert!(names_nobody(firm), "{firm:?}");
    }
    assert!(has(
        "Shipping address: Marie Tremblay, 12 Main St\n",
        "person_name",
        "Marie Tremblay"
    ));
}

#[test]
fn an_invoice_party_s_label_alone_on_its_line_over_the_name() {
    // As PDFs of invoices lay them out: the label in a box's head.
    for (text, name) in [
        ("INVOICE\nBill To\nMarie Tremblay\n123 Main St\n", "Marie Tremblay"),
        ("Shipping Address \r\nLuc Gagnon\r\n12 rue Principale\r\n", "Luc Gagnon"),
        ("Adresse de livraison\n\nJean-François Côté\n", "Jean-François Côté"),
        ("FACTURER À\nSophie Martin\n", "Sophie Martin"),
        ("Sold to\nAnushrut Singh\n3/64, Vishwas Khand\n", "Anushrut Singh"),
    ] {
        assert!(has(text, "person_name", name), "{text:?}: {:?}", found(text));
    }
    for nobody in [
        "Bill To\nPrairie Sky Supply Inc.\n",
        "Ship to\n123 Main St\n",
        "Please ship to\nMarie Tremblay\n",
        "Bill To Marie Tremblay\n",
    ] {
        assert!(names_nobody(nobody), "{nobody:?}: {:?}", found(nobody));
    }
}

#[test]
fn a_name_under_a_label_repeated_over_records_is_found_where_each_is() {
    let record = "INVOICE\nBill to: Marie Tremblay\nPhone: 416-555-0142\n\n";
    let text = record.repeat(3) + "Bill to: Marie Tremblay Group\n";
    let starts: Vec<usize> = EntityScanner::new()
        .scan(&text)
        .hits
        .into_iter()
        .filter(|h| h.kind == EntityType::PersonName)
        .map(|h| {
            assert_eq!(&text[h.start..h.end], "Marie Tremblay");
            h.start
        })
        .collect();
    let expected: Vec<usize> = text.match_indices("Marie Tremblay\n").map(|(at, _)| at).collect();
    assert_eq!(starts, expected, "each record's own, the group's not");
}

#[test]
fn a_known_surname_makes_a_labelled_name_a_person_s() {
    assert!(has("Name: Leontyne Tremblay\n", "person_name", "Leontyne Tremblay"));
    assert!(has("Contact: Zelda Del Rosario\n", "person_name", "Zelda Del Rosario"));
    assert!(has(
        "Nom du client : Oxana Marie Lavoie\n",
        "person_name",
        "Oxana Marie Lavoie"
    ));
    assert!(names_nobody("Name: Kadence Wexcombe\n"), "neither name known");
    assert!(has(
        "Name: Kadence Wexcombe-Gagnon\n",
        "person_name",
        "Kadence Wexcombe-Gagnon"
    ));
    assert!(names_nobody("Name: Kadence Wexcombe-Zorbin\n"));
    for business in [
        "Name: Quincaillerie Roy\n",
        "Client: Gagnon Roofing\n",
        "Name: Dépanneur Côté\n",
    ] {
        assert!(names_nobody(business), "{business:?}");
    }
}

#[test]
fn a_name_that_runs_on_into_a_business_word_is_a_firm_s_or_a_site_s() {
    for site in [
        "Name: Harold Wood Walk In Centre\n",
        "Name\tHarold Wood Walk-In-Centre\n",
        "Contact: Jean Paul Tremblay Accounting Dept\n",
    ] {
        assert!(names_nobody(site), "{site:?}");
    }
    assert!(has("Name: Harold Wood  Toronto ON\n", "person_name", "Harold Wood"));
    assert!(has("Name: Harold Wood, Manager\n", "person_name", "Harold Wood"));
    assert!(has("Name: Harold Wood of Toronto\n", "person_name", "Harold Wood"));
}

#[test]
fn names_with_a_word_processor_s_apostrophe_are_typed_ones() {
    assert!(has("Name: Marie O’Brien\n", "person_name", "Marie O'Brien"));
    assert!(has("Dear Luc d’Amours,\n", "person_name", "Luc d'Amours"));
    assert!(has("Cardholder: SEAN O’NEIL", "person_name", "Sean O'Neil"));
}

#[test]
fn a_name_after_the_word_for_its_person_s_part_is_one_when_known() {
    let text = "Please update the file for customer David Wallace.\nSIN: 130 692 544";
    assert!(has(text, "person_name", "David Wallace"));
    // Words that say a name follows in a sentence.
    for (text, name) in [
        (
            "Hello, my name is Sarah Johnson and I am writing about my account.",
            "Sarah Johnson",
        ),
        (
            "Bonjour, je m'appelle Nathalie Boucher et je vous écris.",
            "Nathalie Boucher",
        ),
        ("Mon nom est Nathalie Boucher.", "Nathalie Boucher"),
        ("This letter is sent on behalf of Sarah Johnson.", "Sarah Johnson"),
    ] {
        assert_eq!(person_names(text), [name], "{text}");
    }
    for text in [
        "The file name is Annual Report.docx",
        "on behalf of Acme Industrial Supply",
        "My name is on the lease.",
    ] {
        assert!(names_nobody(text), "{text}: {:?}", found(text));
    }
    assert!(has(
        "l'employée Marie Tremblay a signé",
        "person_name",
        "Marie Tremblay"
    ));
    assert!(has(
        "la cliente Marie Tremblay a appelé",
        "person_name",
        "Marie Tremblay"
    ));
    assert!(has("l'employé Jean Roy", "person_name", "Jean Roy"));
    assert!(names_nobody("the employer Jean Roy and the clientele Marie Tremblay"));
    // Generations and degrees after the name are no part of it.
    assert!(has("for customer Kathy Hale DDS.", "person_name", "Kathy Hale"));
    assert!(has("for customer Marvin Hale Jr. today", "person_name", "Marvin Hale"));
    assert!(has("our client Alan Smith PhD said", "person_name", "Alan Smith"));
    // A company, a team, a name of neither known word, a column's
    // heading.
    assert!(names_nobody("the invoice of client Maple Ridge Supply is due"));
    assert!(names_nobody("please call customer Service Team today"));
    assert!(names_nobody("for customer Kadence Wexcombe."));
    assert!(names_nobody("Employee Grant Amount\tDate\n"));
    assert!(names_nobody("The customer Tim Hortons ordered 40 terminals."));
    assert!(names_nobody("the customer Grace Period ends Friday"));
    assert!(has("for customer Karen Thomas.", "person_name", "Karen Thomas"));
    assert!(has("Customer David Wallace called.", "person_name", "David Wallace"));
    assert!(names_nobody("Customer Grace Period\tClient Victoria Street\n"));
    // A surname that is an everyday word too, after a known given name.
    assert!(has("for customer Chad Brown MD.", "person_name", "Chad Brown"));
    assert!(has("la cliente Sophie Gravel a appelé", "person_name", "Sophie Gravel"));
    assert!(names_nobody("our customer Victoria Hall hosts the gala"));
    assert!(names_nobody("for customer Kadence Brown."));
    // A surname no list holds, when a title only a person has follows.
    assert!(has(
        "for customer Margaret Drolet MD.",
        "person_name",
        "Margaret Drolet"
    ));
    assert!(has(
        "for customer John Dodson, Ph.D., today",
        "person_name",
        "John Dodson"
    ));
    assert!(has(
        "l'employé Jean Gicquel, P.Eng. a signé",
        "person_name",
        "Jean Gicquel"
    ));
    // Or when the person's own identifiers are in its block of lines.
    for text in [
        "Please update the file for customer John Dodson.\nSIN: 123 408 718\nCard: 4497585203308806",
        "Card 4497585203308806 belongs to client Wendy Quennell.",
        // Whatever the given name.
        "Please update the file for customer Misty Evans.\nSIN: 342 079 548",
    ] {
        let name = ["Wendy Quennell", "Misty Evans", "John Dodson"]
            .into_iter()
            .find(|name| text.contains(name))
            .unwrap();
        assert!(has(text, "person_name", name), "{text}");
    }
    assert!(names_nobody(
        "Please update the file for customer Maple Ridge Supply.\nSIN: 342 079 548"
    ));
    assert!(names_nobody(
        "for customer John Dodson.\n\nSIN: 123 408 718 belongs to another record"
    ));
    assert!(names_nobody("for customer John Dodson."));
    assert!(names_nobody("for customer John Dodson MDF panels"));
    assert!(names_nobody("The customer Tim Hortons III ordered 40 terminals."));
}

#[test]
fn letters_name_whom_they_greet_and_who_signs() {
    assert!(has("Dear Marie Tremblay,\nThank you.", "person_name", "Marie Tremblay"));
    assert!(has("Dear Mr. Jean Roy,\r\nWe write", "person_name", "Jean Roy"));
    assert!(has("Bonjour Luc Gagnon,", "person_name", "Luc Gagnon"));
    assert!(has("Hi Luc Gagnon,\n", "person_name", "Luc Gagnon"));
    assert!(has(
        "Good morning Ms. Sylvie Bouchard,",
        "person_name",
        "Sylvie Bouchard"
    ));
    assert!(names_nobody("Hi team,\nHighlights Marie Tremblay,"));
    assert!(
        has(
            "Re: your account\nDear Ms. Marie Tremblay:\nThank you.",
            "person_name",
            "Marie Tremblay"
        ),
        "a business letter's colon"
    );
    // Past an e-mail's signature delimiter, and a typed signature's "/s/".
    for text in [
        "Thanks,\n-- \nLuc Gagnon\nDemo Co.",
        "Thanks,\n--\nLuc Gagnon",
        "Yours truly,\n\n/s/ Luc Gagnon\nController",
    ] {
        assert_eq!(person_names(text), ["Luc Gagnon"], "{text}");
    }
    assert!(names_nobody("Thanks,\n--Luc Gagnon"), "no delimiter alone on its line");
    assert!(names_nobody("Dear Valued Customer:\n"));
    assert!(names_nobody("Dear Sir or Madam:\n"));
    // A signer's title after a bar or a dash, as e-mail signatures put it.
    for signed in [
        "Thank you,\n\nJean Roy | Accounts Payable\n",
        "Regards,\nJean Roy - Directeur des ventes\n",
        "Cordialement,\nJean Roy – Comptabilité\n",
    ] {
        assert!(
            has(signed, "person_name", "Jean Roy"),
            "{signed:?}: {:?}",
            found(signed)
        );
    }
    assert!(has(
        "Thank you.\n\nBest regards,\nJean Roy\nAccounts, Demo Co.",
        "person_name",
        "Jean Roy"
    ));
    assert!(has(
        "Cordialement,\r\nMarie Tremblay, CPA\r\n",
        "person_name",
        "Marie Tremblay"
    ));
    // Without the comma, as e-mails often close; and other closings.
    for signed in [
        "Thanks for the quick turnaround.\n\nBest regards\nJean Roy",
        "Best\r\nJean Roy\r\nDemo Co.",
        "Cheers,\nJean Roy",
        "Cordialement\n\n  Jean Roy",
        "Avec mes salutations,\nJean Roy",
        "Very truly yours,\n\nJean Roy\nController",
        // A French letter's closing formula, a sentence of its own.
        "Veuillez agréer, Madame, nos salutations distinguées.\n\nJean Roy\nDirecteur du crédit",
        "Je vous prie d'agréer, Monsieur le Directeur, l'expression de mes sentiments les meilleurs.\nJean Roy",
    ] {
        assert!(has(signed, "person_name", "Jean Roy"), "{signed:?}");
    }
    for nobody in [
        "Dear Valued Customer,",
        "Dear Marie Tremblay Consulting team, hello",
        "Regards,\nAccounts Payable",
        "Best regards.\nJean Roy",
        "Best value\nJean Roy",
        "Kind regards to Jean Roy\n",
        "Sincerely yours, Jean Roy",
        "Hellos Marie Tremblay,",
        "Veuillez agréer ce bon de commande.\nJean Roy",
        "Nous vous prions de payer la facture.\nJean Roy",
    ] {
        assert!(names_nobody(nobody), "{nobody:?}");
    }
}

#[test]
fn a_name_after_a_courtesy_title() {
    let letter =
        "Mr. Zoltar Quennell\nGroupe Laurentien\n100 rue Principale\n\nWe met Mme Sylvie Bouchard and Dr Luc Gagnon.";
    for name in ["Zoltar Quennell", "Sylvie Bouchard", "Luc Gagnon"] {
        assert!(has(letter, "person_name", name), "{name}: {:?}", found(letter));
    }
    // French "M." (Monsieur), before a known given name.
    for (text, name) in [
        ("Envoyé à M. Jean-François Côté, directeur", "Jean-François Côté"),
        ("Client : M. Luc Gagnon\n", "Luc Gagnon"),
        ("M. Pierre Lavoie\n12 rue Principale", "Pierre Lavoie"),
        // Spelled out, whatever the names.
        (
            "Madame Geneviève Tremblay-Côté\n1234, rue Sherbrooke",
            "Geneviève Tremblay-Côté",
        ),
        ("Monsieur Zoltar Quennell\n", "Zoltar Quennell"),
    ] {
        assert!(has(text, "person_name", name), "{text}: {:?}", found(text));
    }
    for nobody in [
        "Dear Mr. Roy,",
        "Mr. Clean",
        "John M. Smith signed",
        "Payé par Jean M. Smith",
        "MMr. Big Deal Inc.",
        "ATM. Main Street",
        "M. Service Client",
        "Madame la Présidente a signé",
        "Monsieur le Directeur,",
        "Madame, Monsieur,",
        "Visite chez Madame Tussauds",
        "Monsieur Muffler Inc. a facturé",
        "Montréal, Madison and Monday",
    ] {
        assert!(names_nobody(nobody), "{nobody:?}");
    }
}

#[test]
fn a_name_over_its_contact_lines() {
    let signature = "Thanks for your help.\n\nJean Roy\r\nAccounts Payable Manager\r\nDemo Co. Canada Inc.\r\nTel: 416-555-0142\r\n";
    assert!(has(signature, "person_name", "Jean Roy"), "{:?}", found(signature));
    let card = "MARIE TREMBLAY\nmarie.tremblay@example.ca\n(514) 555-0199";
    assert!(has(card, "person_name", "Marie Tremblay"), "{:?}", found(card));
    let signature = "Jean Roy | Accounts Payable\nDemo Co. Canada Inc.\nTel: 416-555-0142\n";
    assert!(has(signature, "person_name", "Jean Roy"), "{:?}", found(signature));
    assert!(names_nobody("Accounts Payable | Jean\nTel: 416-555-0142\n"));
    for nobody in [
        "Accounts Payable\nTel: 416-555-0142",
        "Jean Roy called about\nTel: 416-555-0142",
        "Jean Roy\n\nTel: 416-555-0142",
        "Jean Roy\nline one\nline two\nline three\nTel: 416-555-0142",
    ] {
        assert!(names_nobody(nobody), "{nobody:?}");
    }
    // A name no list holds, over its own mailbox; not a firm's or a
    // department's over theirs.
    let contact = "Regards,\n\nKadence Bahringer\nSales Director\nkb1961@example.com\n";
    assert!(has(contact, "person_name", "Kadence Bahringer"), "{:?}", found(contact));
    let contact = "Jaqueline O'Conner\nPurchasing Lead\njo1119@example.com\n";
    assert!(
        has(contact, "person_name", "Jaqueline O'Conner"),
        "{:?}",
        found(contact)
    );
    for nobody in [
        "Accounts Receivable\nar@example.com",
        "Maple Ridge\njdoe@mapleridge.ca",
        "Kadence Bahringer\n613-555-0142",
        "Azure Interior\n4557 De Silva St\nUnited States\n(870)-931-0505\nazure.interior24@example.com",
    ] {
        assert!(names_nobody(nobody), "{nobody:?}");
    }
}

#[test]
fn a_name_over_its_mailing_address() {
    for (text, name) in [
        (
            "INVOICE\nMarie Tremblay\n123 Main St\nToronto ON M4B 1B3\n",
            "Marie Tremblay",
        ),
        (
            "Anushrut Singh\n45 King St W, Suite 200\nToronto, ON M5H 1J8\n",
            "Anushrut Singh",
        ),
        // An attention line over the firm's address; the postal code
        // on a line of its own.
        (
            "Luc Gagnon\nAcme Supply Inc.\n12 rue Principale\nGatineau QC\nJ8X 2K3\n",
            "Luc Gagnon",
        ),
        ("JEAN ROY\n77 BAY ST\nTORONTO ON M4B 1B3\n", "Jean Roy"),
    ] {
        assert!(has(text, "person_name", name), "{text:?}: {:?}", found(text));
    }
    for nobody in [
        "Acme Supply Inc.\n123 Main St\nToronto ON M4B 1B3\n",
        "Head Office\n123 Main St\nToronto ON M4B 1B3\n",
        "Kadence Wexcombe\n77 Bay Street\nToronto ON M4B 1B3\n",
        "Marie Tremblay\n\n123 Main St\nToronto ON M4B 1B3\n",
        "Ship to: Acme Inc.\n123 Main St\nToronto ON M4B 1B3\n",
    ] {
        assert!(names_nobody(nobody), "{nobody:?}: {:?}", found(nobody));
    }
}

#[test]
fn a_signature_s_name_over_its_phone_and_mailbox() {
    let signature =
        "Thanks,\n\n--\nZoltar Quennell\nSenior Accountant\nAcme Inc.\nT: 416-555-0199\nzquennell@acme.ca\n";
    assert_eq!(person_names(signature), ["Zoltar Quennell"], "{signature}");
    // A form's field ends the block.
    let form = "Zoltar Quennell\nAccount: 1001\nzquennell@acme.ca\n";
    assert!(names_nobody(form), "{:?}", found(form));
}

#[test]
fn names_written_before_their_addresses() {
    let text = "Please copy Jean Tremblay <jt@example.ca> and Marie Roy (mroy@example.ca).\n\
                Cc: Luc Gagnon <lg@example.ca>; Sophie Martin <sm@example.ca>";
    for name in ["Marie Roy", "Luc Gagnon", "Sophie Martin"] {
        assert!(has(text, "person_name", name), "{name}: {:?}", found(text));
    }
    assert!(has(
        "Contact: Dr. Jean Tremblay (jt@example.ca)",
        "person_name",
        "Jean Tremblay"
    ));
    assert!(names_nobody("Write to Accounts Payable <ap@democo.ca>."));
    // A name no list holds: before its own mailbox that echoes it, as
    // the header's correspondents are read.
    assert_eq!(
        person_names("Copy Zoltar Quennell <zq@example.ca>"),
        ["Zoltar Quennell"]
    );
    // Its mailbox echoes the surname of a known name, not the word before.
    assert_eq!(person_names("Copy Jean Roy <jroy@example.ca>"), ["Jean Roy"]);
    assert!(names_nobody("Zoltar Quennell <info@example.ca>"), "a shared mailbox");
    assert!(
        names_nobody("Zoltar Quennell <billing@example.ca>"),
        "no echo of the name"
    );
    // In quotes, as mail programs write a display name.
    let text = "Copie : \"Luc Gagnon\" <lg@example.fr>, \u{201c}Marie Roy\u{201d} <mr@example.fr>, \
                \u{ab} Sophie Martin \u{bb} <sm@example.fr>";
    for name in ["Luc Gagnon", "Marie Roy", "Sophie Martin"] {
        assert!(has(text, "person_name", name), "{name}: {:?}", found(text));
    }
    assert!(names_nobody("Write to \"Accounts Payable\" <ap@democo.ca>."));
}

#[test]
fn names_written_before_their_phone_numbers() {
    for (text, name) in [
        (
            "Please call Geneviève Roy at 1-800-555-0199 ext 4411 before the 27th.",
            "Geneviève Roy",
        ),
        ("Veuillez joindre Luc Gagnon au 514 555 0147.", "Luc Gagnon"),
        ("Ask for Marie Tremblay (514-555-0199).", "Marie Tremblay"),
        ("Contacts: Jean Roy, 613-555-0142", "Jean Roy"),
        ("Sophie Martin\t(418) 555-0110\tQuébec", "Sophie Martin"),
    ] {
        assert_eq!(person_names(text), [name], "{text}");
    }
    for text in [
        "Call us at 1-800-555-0199.",
        "Call Customer Service at 1-800-555-0199.",
        "Fax: 514-555-0100",
        "Zoltar Quennell at 514-555-0100",
    ] {
        assert!(names_nobody(text), "{text}: {:?}", found(text));
    }
}

#[test]
fn correspondents_named_in_message_headers() {
    assert!(has("From: Jean Roy <jroy@democo.ca>", "person_name", "Jean Roy"));
    // A memo's head: the name, then its title after a comma.
    assert_eq!(
        person_names("MEMORANDUM\nTo: All Finance Staff\nFrom: Linda Tremblay, Controller\nDate: February 2, 2024\n"),
        ["Linda Tremblay"]
    );
    assert_eq!(person_names("To: Jean Roy, Accounts Payable"), ["Jean Roy"]);
    assert!(has(
        "Subject: x\nTo: Tremblay, Marie <marie@client.ca>",
        "person_name",
        "Marie Tremblay"
    ));
    assert!(has(
        "-----Original Message-----\nDe : Marie Tremblay\nEnvoyé : 3 mars",
        "person_name",
        "Marie Tremblay"
    ));
    assert!(!has(
        "Cc: Accounts Payable <ap@democo.ca>",
        "person_name",
        "Accounts Payable"
    ));
    // Not a header: a field of a form, or a word that is no given name.
    assert!(!has(
        "Bill to: Jane Okafor Consulting",
        "person_name",
        "Jane Okafor Consulting"
    ));
    assert!(names_nobody("From: Granite Bay <sales@granite.ca>"));
    // Blind copies, and a calendar event's people as its reader writes
    // them: their own mailbox says a person whatever the given name.
    for line in [
        "Bcc: Zoltar Quennell <zq@example.ca>",
        "Organizer: Zoltar Quennell <zoltar.quennell@example.ca>",
        "Start: 2022-03-07\nAttendee: Zoltar Quennell <zq@example.ca>",
    ] {
        assert!(has(line, "person_name", "Zoltar Quennell"), "{line}");
    }
    assert!(names_nobody("Attendee: Sales Team <sales@democo.ca>"));
    assert!(names_nobody("We met the Organizer: Acme Events Inc."));
    // Every recipient of a list apart by semicolons, as Outlook writes
    // a forwarded message's headers.
    let forwarded = "Please see below.\n\n-----Original Message-----\nFrom: Jean Roy\n\
                     To: Marie Tremblay; Gagnon, Luc; Accounts Payable; \"Roy, Sylvie\" <sr@x.ca>\nSubject: x";
    for name in ["Jean Roy", "Marie Tremblay", "Luc Gagnon", "Sylvie Roy"] {
        assert!(has(forwarded, "person_name", name), "{name}: {:?}", found(forwarded));
    }
    assert!(!has(forwarded, "person_name", "Accounts Payable"));
    let many = format!("To: {}Jean Roy\n", "x; ".repeat(5000));
    assert!(names_nobody(&many), "a line's correspondents are read up to a bound");
    // A name no list holds, before its own mailbox.
    for header in [
        "From: Kadence Bahringer <kb1961@example.com>",
        "To: \"Bahringer, Kadence\" <KBahringer@Example.COM>",
        // As a mail program quotes the sender of the message replied to.
        "On Tue, Mar 1, 2022 at 9:14 AM Kadence Bahringer <kbahringer@example.com> wrote:",
        "Le mar. 1 mars 2022, à 09 h 14, Kadence Bahringer <kbahringer@example.com> a écrit :",
        // As Outlook quotes it.
        "-----Original Message-----\nFrom: Kadence Bahringer [mailto:kbahringer@example.com]\nSent: Monday",
    ] {
        assert!(has(header, "person_name", "Kadence Bahringer"), "{header}");
    }
    assert_eq!(
        person_names("On Tue, Mar 1, 2022 at 9:14 AM Marie Tremblay <mt@example.ca> wrote:"),
        ["Marie Tremblay"],
        "the hour's AM is no surname in capitals"
    );
    assert!(names_nobody("Sent 9:14 AM Maple Ridge <orders@mapleridge.ca> wrote:"));
    for header in [
        "From: Maple Ridge <orders@example.com>",
        "From: Maple Ridge <jdoe@mapleridge.ca>",
        "From: Maple Ridge <mapleridge@gmail.com>",
        "From: Board Members <board@example.org>",
        "From: Kadence Bahringer",
        "From: Kadence Bahringer <not an address>",
    ] {
        assert!(names_nobody(header), "{header}");
    }
}
