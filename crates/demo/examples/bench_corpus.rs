//! Writes the benchmark corpus: `plain.txt` (demo document text, repeated
//! with new seeds up to the size asked: dense with sensitive elements),
//! `letters.txt` (the same size of correspondence: sentences, most with a
//! number, amount, date or reference, an e-mail address or phone number
//! now and then), `prose.txt` (running prose with an element every few
//! kilobytes), `mailbox.pst` (an Outlook store of half that size:
//! messages of correspondence, a customer list attached to every fifth)
//! and `mixed/` (whole demo file servers in their real formats, seed after
//! seed, up to the size asked).
//!
//! cargo run --release -p breachscope-demo --example bench_corpus -- OUT PLAIN_MB MIXED_MB

use rand::{Rng, SeedableRng};
use std::io::Write;
use std::path::PathBuf;

/// Words of business correspondence.
const WORDS: &str = "the parties agree that the supplier shall deliver the goods described in the schedule within the time agreed and that the customer shall inspect every shipment and report any defect in writing before payment falls due under the terms of this agreement which remain in force until either party ends it by notice we thank you for your order please find enclosed our statement of account as discussed with your team";

/// What most sentences of a letter carry: clause numbers, amounts, dates,
/// quantities, references.
const FIGURES: &[&str] = &[
    "under clause 4.2",
    "a fee of $1,250.00",
    "on March 3, 2022",
    "within 30 days",
    "(section 12)",
    "of 15% per annum",
    "before 2023-06-30",
    "at 10:30 a.m.",
    "invoice INV-2021-0042",
    "per unit of 24",
    "le 5 juillet 2021",
    "order PO-88387",
];

/// `size` bytes of correspondence.
fn letters(size: u64) -> String {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let words: Vec<&str> = WORDS.split(' ').collect();
    let mut text = String::new();
    let mut n = 0;
    while (text.len() as u64) < size {
        let mut sentence: Vec<String> = (0..rng.random_range(12..30))
            .map(|_| words[rng.random_range(0..words.len())].to_string())
            .collect();
        if rng.random_bool(0.6) {
            let at = rng.random_range(0..sentence.len());
            sentence.insert(at, FIGURES[rng.random_range(0..FIGURES.len())].to_string());
        }
        n += 1;
        if n % 50 == 0 {
            sentence.push(format!(
                "write to jane.roe{n}@example.ca or call 416-555-{:04}",
                n % 10_000
            ));
        }
        let sentence = sentence.join(" ");
        let mut chars = sentence.chars();
        let first = chars.next().map(|c| c.to_ascii_uppercase()).unwrap_or(' ');
        text.push(first);
        text.push_str(chars.as_str());
        text.push_str(if n % 8 == 0 { ".\n\n" } else { ". " });
    }
    text
}

/// An Outlook store of about `size` bytes: messages of correspondence
/// (4 KiB each), every fifth with a customer list attached.
fn mailbox(size: u64) -> Vec<u8> {
    use breachscope_demo::formats::pst::{build, Message};
    let text = letters(size);
    let day = chrono::NaiveDate::from_ymd_opt(2021, 6, 1).expect("a day");
    let messages: Vec<Message> = text
        .as_bytes()
        .chunks(4096)
        .enumerate()
        .map(|(i, body)| Message {
            from: format!("client{}@example.ca", i % 500),
            to: vec!["ar@democo.ca".into()],
            subject: format!("Re: statement {i}"),
            sent: day + chrono::Duration::days(i as i64 % 300),
            body: String::from_utf8_lossy(body).into_owned(),
            attachments: if i % 5 == 0 {
                let rows: String = (0..40)
                    .map(|r| format!("CU{i}{r},Customer {r},c{r}@example.ca,416-555-{:04}\n", r * 7))
                    .collect();
                vec![(
                    format!("customers-{i}.csv"),
                    format!("id,name,email,phone\n{rows}").into_bytes(),
                )]
            } else {
                Vec::new()
            },
            attached_messages: Vec::new(),
        })
        .collect();
    build("Inbox", &messages).0
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, out, plain_mb, mixed_mb] = &args[..] else {
        eprintln!("usage: bench_corpus OUT PLAIN_MB MIXED_MB");
        std::process::exit(2);
    };
    let out = PathBuf::from(out);
    let mb = |s: &str| s.parse::<u64>().expect("a size in MB") << 20;
    std::fs::create_dir_all(&out)?;
    let mut plain = std::io::BufWriter::new(std::fs::File::create(out.join("plain.txt"))?);
    let (mut written, mut seed) = (0u64, 1u64);
    while written < mb(plain_mb) {
        let text = breachscope_demo::plain_text(seed);
        plain.write_all(text.as_bytes())?;
        written += text.len() as u64;
        seed += 1;
    }
    plain.flush()?;
    std::fs::write(out.join("letters.txt"), letters(mb(plain_mb)))?;
    std::fs::write(out.join("mailbox.pst"), mailbox(mb(plain_mb) / 2))?;
    let mut prose = std::io::BufWriter::new(std::fs::File::create(out.join("prose.txt"))?);
    let words: Vec<&str> = "the parties agree that the supplier shall deliver the goods described in the schedule within the time agreed and that the customer shall inspect every shipment and report any defect in writing before payment falls due under the terms of this agreement which remain in force until either party ends it by notice".split(' ').collect();
    let (mut written, mut n) = (0u64, 0usize);
    while written < mb(plain_mb) {
        let mut paragraph: String = (0..600)
            .map(|i| words[(n * 7 + i * 13) % words.len()])
            .collect::<Vec<_>>()
            .join(" ");
        if n % 2 == 0 {
            paragraph.push_str(&format!(" Contact: jane.roe{n}@example.ca"));
        }
        paragraph.push_str("\n\n");
        prose.write_all(paragraph.as_bytes())?;
        written += paragraph.len() as u64;
        n += 1;
    }
    prose.flush()?;
    let (mut size, mut seed) = (0u64, 1u64);
    while size < mb(mixed_mb) {
        let case = breachscope_demo::generate(&out.join("mixed").join(format!("case-{seed:04}")), seed)?;
        // Documents only: the event-log exports and the truth are not what
        // the inventory is measured on.
        for dir in case
            .host_logs
            .iter()
            .filter_map(|(_, dir)| dir.as_ref())
            .chain([&case.root.join("truth")])
        {
            std::fs::remove_dir_all(dir)?;
        }
        size += case
            .truth
            .iter()
            .filter(|t| !t.path.contains('!'))
            .map(|t| t.bytes)
            .sum::<u64>();
        seed += 1;
    }
    println!(
        "plain.txt {} MB; mixed/ {} MB in {} cases",
        written >> 20,
        size >> 20,
        seed - 1
    );
    Ok(())
}
