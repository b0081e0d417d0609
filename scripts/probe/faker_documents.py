"""Writes documents full of Faker's person, contact and payment data, in the
layouts other producers use, with the truth of what each holds.

    faker_documents.py OUT_DIR TRUTH_JSON SEED

Faker is a generator our own demo does not share: its names, phone
formats, card prefixes and layouts are another producer's, so what the
inventory misses here it would miss on a case it has not seen. Layouts:

- forms:   "Label: value" lines, English or French, alone or in prose (txt)
- exports: a table of people under a header row (csv, xlsx, docx), given
           and surname in columns of their own or together
- profile: Faker's profile() and credit_card_full() as printed
- pdf:     a form as ReportLab (canvas, table) and fpdf2 (lines, cells)
           draw it
- kv:      a two-column form without a header (docx table, sheet)
- mail:    a message with a CSV attachment (eml, or zipped)
- names:   names from mimesis (another library's lists, six locales)
           after generic labels ("Name:", "Contact:"), in forms and in an
           export's "Name" column, half with an address that spells them

TRUTH_JSON lists, per file, the elements in DESIGN.md's value forms
(phones as their last ten digits).
"""

import csv
import io
import json
import os
import random
import sys
import zipfile
from email.message import EmailMessage

import docx
import openpyxl
from faker import Faker
from mimesis import Person
from mimesis.locales import Locale
from fpdf import FPDF
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

OUT, TRUTH_JSON, SEED = sys.argv[1], sys.argv[2], int(sys.argv[3])
random.seed(SEED)
Faker.seed(SEED)
EN, FR, US = Faker("en_CA"), Faker("fr_CA"), Faker("en_US")
IBANS = [Faker(l) for l in ("fr_FR", "de_DE", "nl_NL", "en_GB", "es_ES", "it_IT")]
os.makedirs(OUT, exist_ok=True)
TRUTH = []

LABELS = {
    "en": dict(name=["Name", "Customer", "Contact", "Full name", "Account holder", "Client name"],
               email=["Email", "E-mail", "Email address"],
               phone=["Phone", "Tel", "Telephone", "Cell", "Mobile", "Home phone"],
               sin=["SIN", "Social Insurance Number", "SIN #"],
               card=["Card number", "Credit card", "Card", "Visa/MC #"],
               iban=["IBAN"], bic=["SWIFT", "BIC", "SWIFT/BIC"],
               aba=["ABA routing number", "Routing number", "ABA"],
               dob=["Date of birth", "DOB", "Birth date"], bank=["Bank account"]),
    "fr": dict(name=["Nom", "Client", "Personne-ressource", "Nom complet", "Titulaire du compte"],
               email=["Courriel", "Adresse courriel"],
               phone=["Téléphone", "Tél.", "Cellulaire"],
               sin=["NAS", "Numéro d’assurance sociale", "Numéro d'assurance sociale"],
               card=["Numéro de carte", "Carte de crédit"],
               iban=["IBAN"], bic=["SWIFT", "BIC", "Code SWIFT"],
               aba=["Numéro d’acheminement ABA", "ABA"],
               dob=["Date de naissance", "Né le", "Née le"], bank=["Compte bancaire"]),
}
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]
INSTITUTIONS = ["001", "002", "003", "004", "006", "010", "016", "030", "815", "837"]


def digits(s):
    return "".join(c for c in s if c.isdigit())


def phone_truth(p):
    return digits(p.split("x")[0])[-10:]


def luhn(number):
    total = 0
    for i, d in enumerate(int(c) for c in reversed(number)):
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def sin():
    """A SIN as Faker writes one, issued to a person (not 0 or 8)."""
    while True:
        s = EN.ssn()
        if digits(s)[0] not in "08" and luhn(digits(s)):
            return s


def card():
    kind = random.choice(["visa", "mastercard", "amex", "discover", "jcb", "diners", "visa16", "visa19", "maestro"])
    n = EN.credit_card_number(card_type=kind)
    if random.random() < 0.5:
        if len(n) == 16:
            n = " ".join(n[i:i + 4] for i in range(0, 16, 4))
        elif len(n) == 15:
            n = f"{n[:4]} {n[4:10]} {n[10:]}"
    return n, digits(n)


def birth_date(fk, lang):
    d = fk.date_of_birth(minimum_age=18, maximum_age=90)
    forms = [d.isoformat(), f"{MONTHS_EN[d.month - 1]} {d.day}, {d.year}", f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}",
             f"{d.year}/{d.month:02}/{d.day:02}", f"{MONTHS_EN[d.month - 1][:3]} {d.day}, {d.year}"]
    if lang == "fr":
        forms += [f"{d.day} {MONTHS_FR[d.month - 1]} {d.year}"]
    return random.choice(forms), d.isoformat()


def contact(fk, kind):
    """A value of `kind` ("email", "phone", "sin") as Faker writes it, and
    its truth."""
    if kind == "email":
        v = fk.email()
        return v, ("email", v.lower())
    if kind == "phone":
        v = fk.phone_number()
        return v, ("phone", phone_truth(v))
    v = sin()
    return v, ("ca_sin", digits(v))


def record(path, entities):
    TRUTH.append(dict(path=path, entities=entities))


def forms(n):
    """Label: value lines, alone or each in a sentence."""
    for i in range(n):
        lang = random.choice(["en", "fr"])
        fk, labels = (EN, LABELS["en"]) if lang == "en" else (FR, LABELS["fr"])
        sep = " : " if lang == "fr" else ": "
        lines, truth = [], []
        for kind in random.sample(list(labels), k=random.randint(3, 8)):
            label = random.choice(labels[kind]) + sep
            if kind == "name":
                v = f"{fk.first_name()} {fk.last_name()}"
                truth.append(("person_name", v))
            elif kind in ("email", "phone", "sin"):
                v, t = contact(fk, kind)
                truth.append(t)
            elif kind == "card":
                v, d = card()
                v += f"  exp {EN.credit_card_expire()}"
                truth.append(("payment_card", d))
            elif kind == "iban":
                v = random.choice(IBANS).iban()
                truth.append(("iban", v))
                if random.random() < 0.5:
                    v = " ".join(v[j:j + 4] for j in range(0, len(v), 4))
            elif kind == "bic":
                v = EN.swift(length=random.choice([8, 11]))
                truth.append(("swift_bic", v))
            elif kind == "aba":
                v = US.aba()
                truth.append(("us_aba_routing", v))
            elif kind == "dob":
                v, d = birth_date(fk, lang)
                truth.append(("date_of_birth", d))
            else:
                inst, transit = random.choice(INSTITUTIONS), f"{random.randint(0, 99999):05}"
                account = "".join(random.choice("0123456789") for _ in range(random.choice([7, 8, 9, 10, 12])))
                truth.append(("ca_bank_account", f"{inst}-{transit}-{account}"))
                v = random.choice([f"{inst}-{transit}-{account}", f"0{inst}{transit} {account}"])
            lines.append(label + v)
        if random.random() < 0.5:
            text = " ".join(fk.sentence() for _ in range(3)) + "\n" + \
                "\n".join(f"{l}. {fk.sentence()}" for l in lines) + "\n" + fk.paragraph()
        else:
            text = "\n".join(lines)
        name = f"form-{i:04}.txt"
        with open(os.path.join(OUT, name), "w") as f:
            f.write(text + "\n")
        record(name, truth)


def person_row(fk, columns, name_columns, dob_format):
    first, last = fk.first_name(), fk.last_name()
    row, truth = {}, [("person_name", f"{first} {last}")]
    if len(name_columns) == 2:
        row[name_columns[0]], row[name_columns[1]] = first, last
    else:
        row[name_columns[0]] = f"{first} {last}"
    for kind, header in columns.items():
        if kind in ("email", "phone", "sin"):
            v, t = contact(fk, kind)
            truth.append(t)
        elif kind == "dob":
            d = fk.date_of_birth(minimum_age=18, maximum_age=90)
            v = d.strftime(dob_format)
            truth.append(("date_of_birth", d.isoformat()))
        elif kind == "card":
            v = EN.credit_card_number(card_type=random.choice(["visa", "mastercard", "amex", "discover"]))
            truth.append(("payment_card", v))
        else:
            v = f"{fk.street_address()}, {fk.city()}"
        row[header] = v
    return row, truth


def exports(n):
    """People under a header row: csv, xlsx or a Word table."""
    name_headers = {"en": [("first_name", "last_name"), ("First Name", "Last Name"), ("Name",), ("Full Name",),
                           ("Customer Name",)],
                    "fr": [("Prénom", "Nom"), ("Nom complet",), ("Nom du client",)]}
    headers = {"en": dict(email=["Email", "email", "E-mail Address"], phone=["Phone", "phone_number", "Mobile"],
                          sin=["SIN", "Social Insurance Number", "sin"], dob=["Date of Birth", "DOB", "birthdate"],
                          card=["Credit Card", "Card Number", "credit_card_number"], address=["Address"]),
               "fr": dict(email=["Courriel"], phone=["Téléphone", "Cellulaire"], sin=["NAS"],
                          dob=["Date de naissance"], card=["Numéro de carte"], address=["Adresse"])}
    for i in range(n):
        lang = random.choice(["en", "fr"])
        fk = EN if lang == "en" else FR
        name_columns = random.choice(name_headers[lang])
        kinds = random.sample(list(headers[lang]), k=random.randint(2, 6))
        columns = {k: random.choice(headers[lang][k]) for k in kinds}
        dob_format = random.choice(["%Y-%m-%d", "%B %d, %Y", "%d %b %Y"])
        rows, truth = [], []
        for _ in range(random.randint(3, 12)):
            row, t = person_row(fk, columns, name_columns, dob_format)
            rows.append(row)
            truth += t
        header = list(rows[0])
        kind = random.choice(["csv", "xlsx", "docx"])
        name = f"export-{i:04}.{kind}"
        path = os.path.join(OUT, name)
        if kind == "csv":
            with open(path, "w", newline="") as f:
                w = csv.DictWriter(f, fieldnames=header)
                w.writeheader()
                w.writerows(rows)
        elif kind == "xlsx":
            wb = openpyxl.Workbook()
            ws = wb.active
            ws.append(header)
            for r in rows:
                ws.append([r[h] for h in header])
            wb.save(path)
        else:
            d = docx.Document()
            d.add_paragraph(fk.sentence())
            t = d.add_table(rows=1, cols=len(header))
            for j, h in enumerate(header):
                t.rows[0].cells[j].text = h
            for r in rows:
                cells = t.add_row().cells
                for j, h in enumerate(header):
                    cells[j].text = str(r[h])
            d.save(path)
        record(name, truth)


def profiles(n):
    """Faker's own composite records as printed."""
    for i in range(n):
        fk = random.choice([EN, FR])
        kind = random.choice(["profile", "card"])
        if kind == "profile":
            p = fk.profile()
            text = "\n".join(f"{k}: {v}" for k, v in p.items())
            truth = [("email", p["mail"].lower()), ("date_of_birth", p["birthdate"].isoformat())]
            # Faker's name() may carry a title or a suffix ("Dr.", "DDS"),
            # which a name's value does not keep.
            if len(p["name"].split()) == 2:
                truth.append(("person_name", p["name"]))
            if fk is EN:
                truth.append(("ca_sin", digits(p["ssn"])))
        else:
            text = EN.credit_card_full(card_type=random.choice(["visa", "mastercard", "amex"]))
            lines = text.splitlines()
            truth = [("payment_card", digits(lines[2].split()[0]))]
            if len(lines[1].split()) == 2:
                truth.append(("person_name", lines[1]))
        name = f"profile-{i:04}.txt"
        with open(os.path.join(OUT, name), "w") as f:
            f.write(text + "\n")
        record(name, truth)


def pdfs(n):
    """A form as ReportLab and fpdf2 draw it."""
    for i in range(n):
        lang = random.choice(["en", "fr"])
        fk = EN if lang == "en" else FR
        name, email, phone, s = f"{fk.first_name()} {fk.last_name()}", fk.email(), fk.phone_number(), sin()
        number = EN.credit_card_number(card_type=random.choice(["visa", "mastercard", "amex"]))
        iban = random.choice(IBANS).iban()
        born = fk.date_of_birth(minimum_age=20, maximum_age=80)
        labels = (["Name", "Email", "Phone", "SIN", "Card number", "IBAN", "Date of birth"] if lang == "en" else
                  ["Nom", "Courriel", "Téléphone", "NAS", "Numéro de carte", "IBAN", "Date de naissance"])
        values = [name, email, phone, s, number, iban, born.isoformat()]
        truth = [("person_name", name), ("email", email.lower()), ("phone", phone_truth(phone)),
                 ("ca_sin", digits(s)), ("payment_card", number), ("iban", iban),
                 ("date_of_birth", born.isoformat())]
        style = random.choice(["canvas", "table", "fpdf-lines", "fpdf-cells"])
        file = f"pdf-{i:04}-{style}.pdf"
        path = os.path.join(OUT, file)
        if style == "canvas":
            c = canvas.Canvas(path, pagesize=letter)
            c.drawString(72, 750, fk.sentence())
            for row, (label, value) in enumerate(zip(labels, values)):
                c.drawString(72, 720 - 18 * row, f"{label}:")
                c.drawString(220, 720 - 18 * row, value)
            c.save()
        elif style == "table":
            doc = SimpleDocTemplate(path)
            doc.build([Paragraph(fk.sentence(), getSampleStyleSheet()["Normal"]),
                       Table([[label, value] for label, value in zip(labels, values)])])
        else:
            pdf = FPDF()
            pdf.add_page()
            pdf.set_font("helvetica", size=11)
            for label, value in zip(labels, values):
                if style == "fpdf-lines":
                    pdf.cell(0, 8, f"{label}: {value}", new_x="LMARGIN", new_y="NEXT")
                else:
                    pdf.cell(50, 8, label, border=1)
                    pdf.cell(100, 8, value, border=1, new_x="LMARGIN", new_y="NEXT")
            pdf.output(path)
        record(file, truth)


def key_value(n):
    """A two-column form with no header row: a Word table or a sheet."""
    for i in range(n):
        lang = random.choice(["en", "fr"])
        fk = EN if lang == "en" else FR
        name, email, phone = f"{fk.first_name()} {fk.last_name()}", fk.email(), fk.phone_number()
        labels = ["Name", "Email", "Phone"] if lang == "en" else ["Nom", "Courriel", "Téléphone"]
        if random.random() < 0.5:
            labels = [f"{label}:" for label in labels]
        truth = [("person_name", name), ("email", email.lower()), ("phone", phone_truth(phone))]
        if random.random() < 0.5:
            d = docx.Document()
            d.add_paragraph(fk.sentence())
            t = d.add_table(rows=0, cols=2)
            for label, value in zip(labels, [name, email, phone]):
                cells = t.add_row().cells
                cells[0].text, cells[1].text = label, value
            file = f"kv-{i:04}.docx"
            d.save(os.path.join(OUT, file))
        else:
            wb = openpyxl.Workbook()
            for label, value in zip(labels, [name, email, phone]):
                wb.active.append([label, value])
            file = f"kv-{i:04}.xlsx"
            wb.save(os.path.join(OUT, file))
        record(file, truth)


def mail(n):
    """A message between two people about a customer, with a CSV of
    clients attached; some zipped."""
    for i in range(n):
        fk = random.choice([EN, FR])
        sender, s_email = f"{fk.first_name()} {fk.last_name()}", fk.email()
        to, t_email = f"{fk.first_name()} {fk.last_name()}", fk.email()
        m = EmailMessage()
        m["From"], m["To"] = f"{sender} <{s_email}>", f"{to} <{t_email}>"
        m["Subject"], m["Date"] = fk.sentence(nb_words=4), "Mon, 14 Mar 2022 10:00:00 -0400"
        s, number = sin(), EN.credit_card_number(card_type="visa")
        # The customer as Faker writes a name: a title or a generation or
        # degree now and then, which are no part of it.
        customer = f"{fk.first_name()} {fk.last_name()}"
        written = random.choice(["{}", "{}", "{}", "Dr. {}", "{} Jr.", "{} MD", "{} PhD"]).format(customer)
        body = (f"Hello {to.split()[0]},\n\nPlease update the file for customer {written}.\n"
                f"SIN: {s}\nCard: {number}\n\nRegards,\n{sender}\n")
        truth = [("person_name", sender), ("person_name", to), ("person_name", customer),
                 ("email", s_email.lower()), ("email", t_email.lower()), ("ca_sin", digits(s)),
                 ("payment_card", number)]
        m.set_content(body)
        if random.random() < 0.5:
            m.add_alternative("<html><body><p>" + body.replace("\n", "<br>") + "</p></body></html>", subtype="html")
        rows = []
        for _ in range(3):
            person, email, phone = f"{fk.first_name()} {fk.last_name()}", fk.email(), fk.phone_number()
            rows.append([person, email, phone])
            truth += [("person_name", person), ("email", email.lower()), ("phone", phone_truth(phone))]
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["Name", "Email", "Phone"])
        writer.writerows(rows)
        m.add_attachment(buffer.getvalue().encode(), maintype="text", subtype="csv", filename="clients.csv")
        if random.random() < 0.4:
            file = f"mail-{i:04}.zip"
            with zipfile.ZipFile(os.path.join(OUT, file), "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr(f"mail/{i:04}.eml", bytes(m))
        else:
            file = f"mail-{i:04}.eml"
            with open(os.path.join(OUT, file), "wb") as f:
                f.write(bytes(m))
        record(file, truth)


def names(n):
    """Names from mimesis's lists after generic labels: a form per person
    and an export of thirty per locale. Half the people have an address
    that spells their name, half a mailbox that does not."""
    people = []
    for locale in (Locale.EN_CA, Locale.FR, Locale.EN, Locale.ES, Locale.DE, Locale.IT):
        person = Person(locale, seed=SEED)
        for _ in range(n):
            given, surname = person.first_name(), person.last_name()
            if not (given[:1].isupper() and surname[:1].isupper() and given.isalpha()):
                continue
            spelled = random.random() < 0.5
            local = f"{given}.{surname}".lower() if spelled else f"client{random.randint(1000, 9999)}"
            local = "".join(c for c in local if c.isascii() and (c.isalnum() or c == "."))
            people.append((f"{given} {surname}", f"{local}@example.com"))
    for i, (name, email) in enumerate(people):
        label = random.choice(["Name", "Customer name", "Contact", "Client", "Nom", "Nom du client"])
        file = f"names-{i:04}.txt"
        with open(os.path.join(OUT, file), "w") as f:
            f.write(f"CUSTOMER RECORD\n{label}: {name}\nEmail: {email}\nCity: Toronto\n")
        record(file, [("person_name", name), ("email", email)])
    for k in range(0, len(people), 30):
        rows = people[k:k + 30]
        file = f"names-export-{k:04}.csv"
        with open(os.path.join(OUT, file), "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["Name", "Email", "City"])
            writer.writerows([name, email, "Toronto"] for name, email in rows)
        record(file, [t for name, email in rows for t in (("person_name", name), ("email", email))])


forms(400)
exports(150)
profiles(200)
pdfs(120)
key_value(80)
mail(60)
names(60)
with open(TRUTH_JSON, "w") as f:
    json.dump(TRUTH, f)
