//! Valid synthetic identifiers: each passes the checks a real one would
//! (Luhn, mod 97, ABA checksum, known institution numbers), so the demo
//! exercises the validators and not just the patterns. None is real.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// A sensitive value as written in a document and in normalized form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    /// The contract's entity type name.
    pub kind: &'static str,
    /// As it appears in the document.
    pub shown: String,
    /// The normalized form the detector must report.
    pub normalized: String,
}

impl Value {
    fn new(kind: &'static str, shown: String, normalized: String) -> Value {
        Value {
            kind,
            shown,
            normalized,
        }
    }
}

/// Institutions the demo's counterparties bank with (all in the table).
const INSTITUTIONS: &[&str] = &["001", "002", "003", "004", "006", "010", "815", "614", "837"];

fn digits(rng: &mut ChaCha8Rng, n: usize) -> String {
    (0..n).map(|_| char::from(b'0' + rng.random_range(0..10u8))).collect()
}

/// Appends the Luhn check digit to `body`. (Written here, not taken from
/// the detectors' validator, so that the truth does not share their code.)
pub fn with_luhn(body: &str) -> String {
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

/// A Canadian SIN, written `NNN NNN NNN` or `NNN-NNN-NNN`.
pub fn sin(rng: &mut ChaCha8Rng) -> Value {
    let first = ['1', '2', '3', '4', '5', '6', '7', '9'][rng.random_range(0..8)];
    let n = with_luhn(&format!("{first}{}", digits(rng, 7)));
    let sep = if rng.random_bool(0.5) { " " } else { "-" };
    Value::new("ca_sin", format!("{}{sep}{}{sep}{}", &n[..3], &n[3..6], &n[6..]), n)
}

/// A payment card (Visa, Mastercard or Amex), grouped as printed.
pub fn card(rng: &mut ChaCha8Rng) -> Value {
    let (prefix, len) = match rng.random_range(0..3) {
        0 => (format!("4{}", digits(rng, 5)), 16),
        1 => (format!("5{}{}", rng.random_range(1..=5), digits(rng, 4)), 16),
        _ => (format!("3{}{}", ["4", "7"][rng.random_range(0..2)], digits(rng, 4)), 15),
    };
    let body = format!("{prefix}{}", digits(rng, len - 1 - prefix.len()));
    let n = with_luhn(&body);
    let shown = if len == 15 {
        format!("{} {} {}", &n[..4], &n[4..10], &n[10..])
    } else {
        format!("{} {} {} {}", &n[..4], &n[4..8], &n[8..12], &n[12..])
    };
    Value::new("payment_card", shown, n)
}

/// A Canadian bank account: institution, transit, account.
#[derive(Debug, Clone)]
pub struct BankAccount {
    pub institution: String,
    pub transit: String,
    pub account: String,
}

impl BankAccount {
    /// A random account at a known institution.
    pub fn random(rng: &mut ChaCha8Rng) -> BankAccount {
        let account_len = if rng.random_bool(0.8) { 7 } else { 12 };
        BankAccount {
            institution: INSTITUTIONS[rng.random_range(0..INSTITUTIONS.len())].to_string(),
            transit: format!("{}{}", rng.random_range(1..10), digits(rng, 4)),
            account: format!("{}{}", rng.random_range(1..10), digits(rng, account_len - 1)),
        }
    }

    /// The normalized form `III-TTTTT-ACCOUNT`.
    pub fn normalized(&self) -> String {
        format!("{}-{}-{}", self.institution, self.transit, self.account)
    }

    /// The value, shown in full form.
    pub fn value(&self) -> Value {
        Value::new("ca_bank_account", self.normalized(), self.normalized())
    }
}

/// A Canadian Business Number with a GST/HST program account.
pub fn business_number(rng: &mut ChaCha8Rng) -> Value {
    let root = with_luhn(&format!("{}{}", rng.random_range(1..10), digits(rng, 7)));
    Value::new("ca_business_number", format!("{root} RT0001"), format!("{root}RT0001"))
}

/// An IBAN for a European supplier, printed in groups of four.
pub fn iban(rng: &mut ChaCha8Rng) -> Value {
    let (country, bban) = match rng.random_range(0..3) {
        0 => ("DE", digits(rng, 18)),
        1 => ("FR", format!("{}{}", digits(rng, 10), digits(rng, 13))),
        _ => (
            "NL",
            format!(
                "{}{}",
                ["ABNA", "INGB", "RABO"][rng.random_range(0..3)],
                digits(rng, 10)
            ),
        ),
    };
    let numeric: String = format!("{bban}{country}00")
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                c.to_string()
            } else {
                (c as u32 - 'A' as u32 + 10).to_string()
            }
        })
        .collect();
    let remainder = numeric.bytes().fold(0u32, |r, b| (r * 10 + u32::from(b - b'0')) % 97);
    let compact = format!("{country}{:02}{bban}", 98 - remainder);
    let shown = compact
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    Value::new("iban", shown, compact)
}

/// A SWIFT/BIC code in the IBAN's country.
pub fn bic(rng: &mut ChaCha8Rng, country: &str) -> Value {
    let bank: String = (0..4).map(|_| char::from(b'A' + rng.random_range(0..26u8))).collect();
    let code = format!(
        "{bank}{country}{}{}",
        char::from(b'A' + rng.random_range(0..26u8)),
        rng.random_range(1..10)
    );
    Value::new("swift_bic", code.clone(), code)
}

/// A US ABA routing number.
pub fn aba(rng: &mut ChaCha8Rng) -> Value {
    let prefix = format!(
        "{:02}",
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 21, 26, 31][rng.random_range(0..14)]
    );
    let body = format!("{prefix}{}", digits(rng, 6));
    let d: Vec<u32> = body.bytes().map(|b| u32::from(b - b'0')).collect();
    let partial = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5]);
    let check = (10 - partial % 10) % 10;
    let n = format!("{body}{check}");
    Value::new("us_aba_routing", n.clone(), n)
}

/// A North American phone number in one of the usual layouts.
pub fn phone(rng: &mut ChaCha8Rng) -> Value {
    let area = ["416", "514", "604", "613", "905", "438", "403", "819"][rng.random_range(0..8)];
    let exchange = format!("{}{}", rng.random_range(2..10), digits(rng, 2));
    let line = digits(rng, 4);
    let shown = match rng.random_range(0..3) {
        0 => format!("({area}) {exchange}-{line}"),
        1 => format!("{area}-{exchange}-{line}"),
        _ => format!("+1 {area} {exchange} {line}"),
    };
    Value::new("phone", shown, format!("+1{area}{exchange}{line}"))
}

/// A Canadian postal code.
pub fn postal_code(rng: &mut ChaCha8Rng) -> Value {
    const FIRST: &[u8] = b"ABCEGHJKLMNPRSTVXY";
    const LETTER: &[u8] = b"ABCEGHJKLMNPRSTVWXYZ";
    let l = |rng: &mut ChaCha8Rng, set: &[u8]| char::from(set[rng.random_range(0..set.len())]);
    let code = format!(
        "{}{}{} {}{}{}",
        l(rng, FIRST),
        rng.random_range(0..10),
        l(rng, LETTER),
        rng.random_range(0..10),
        l(rng, LETTER),
        rng.random_range(0..10)
    );
    Value::new("ca_postal_code", code.clone(), code)
}

/// An e-mail address.
pub fn email(local: &str, domain: &str) -> Value {
    let address = format!("{local}@{domain}");
    Value::new("email", address.clone(), address.to_lowercase())
}

/// A person's name as written.
pub fn person(name: &str) -> Value {
    Value::new("person_name", name.to_string(), name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn luhn_digit() {
        assert_eq!(with_luhn("7992739871"), "79927398713");
        assert_eq!(with_luhn("13069254"), "130692544");
    }

    #[test]
    fn iban_checks_out() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for _ in 0..50 {
            let v = iban(&mut rng);
            let rearranged = format!("{}{}", &v.normalized[4..], &v.normalized[..4]);
            let remainder = rearranged.chars().fold(0u32, |r, c| {
                let n = c.to_digit(36).unwrap();
                if n >= 10 {
                    (r * 100 + n) % 97
                } else {
                    (r * 10 + n) % 97
                }
            });
            assert_eq!(remainder, 1, "{}", v.normalized);
        }
    }
}
