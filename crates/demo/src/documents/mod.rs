//! The records on the demo company's file server, by the kinds the seed
//! names. Each template writes a document and the truth about it.

pub mod commercial;
pub mod finance;
pub mod people;

use crate::doc::{Doc, Lang};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Money as written in the language.
pub fn money(amount: f64, lang: Lang) -> String {
    let cents = (amount * 100.0).round() as i64;
    let (whole, frac) = (cents / 100, cents % 100);
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(if lang == Lang::Fr { '\u{a0}' } else { ',' });
        }
        grouped.push(c);
    }
    match lang {
        Lang::En => format!("${grouped}.{frac:02}"),
        Lang::Fr => format!("{grouped},{frac:02} $"),
    }
}

/// Product lines the demo company sells.
pub const PRODUCTS: &[&str] = &[
    "55in 4K commercial display",
    "POS terminal TX-4410",
    "Rugged tablet FZ-G2",
    "Network camera WV-S1136",
    "Projector PT-VMZ61",
    "Thermal printer KX-P3200",
    "Conference speakerphone KX-HDV430",
    "Mounting kit MK-22",
];

/// A line-item table (quantity, description, unit price, amount), added
/// as tab-separated lines; returns the subtotal.
pub fn items(doc: &mut Doc, rng: &mut ChaCha8Rng) -> f64 {
    let header = match doc.lang {
        Lang::En => "Qty\tDescription\tUnit price\tAmount",
        Lang::Fr => "Qté\tDescription\tPrix unitaire\tMontant",
    };
    doc.line(header);
    let mut subtotal = 0.0;
    for _ in 0..rng.random_range(1..5) {
        let qty = rng.random_range(1..40);
        let price = f64::from(rng.random_range(40..2400)) + 0.99;
        let amount = f64::from(qty) * price;
        subtotal += amount;
        let product = PRODUCTS[rng.random_range(0..PRODUCTS.len())];
        let line = format!(
            "{qty}\t{product}\t{}\t{}",
            money(price, doc.lang),
            money(amount, doc.lang)
        );
        doc.line(line);
    }
    subtotal
}

/// Lines that look like sensitive elements and are not: order references,
/// serial numbers that fail Luhn, carrier tracking numbers, batch codes
/// shaped like a routing number, "transit" in another sense. The truth
/// holds none of them, so they test the detectors' precision.
pub fn distractors(doc: &mut Doc, rng: &mut ChaCha8Rng) {
    let digits = |rng: &mut ChaCha8Rng, n: usize| {
        (0..n)
            .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
            .collect::<String>()
    };
    let not_luhn = |rng: &mut ChaCha8Rng, n: usize| {
        let valid = crate::ids::with_luhn(&format!("{}{}", rng.random_range(1..10), digits(rng, n - 2)));
        let last = valid.as_bytes()[n - 1] - b'0';
        format!("{}{}", &valid[..n - 1], (last + 1) % 10)
    };
    let serial = not_luhn(rng, 16);
    let reference = not_luhn(rng, 12);
    let (order, batch) = (digits(rng, 9), digits(rng, 2));
    let tracking = format!("1Z{}{}", rng.random_range(100_000..999_999), digits(rng, 10));
    match doc.lang {
        Lang::En => {
            doc.line(format!("Order ref {order}; serial no. {serial}; reference {reference}"));
            doc.line(format!(
                "Shipment tracking {tracking}, batch 000312345-{batch}; transit time 3 business days"
            ));
        }
        Lang::Fr => {
            doc.line(format!(
                "Réf. commande {order}; no de série {serial}; référence {reference}"
            ));
            doc.line(format!(
                "Suivi {tracking}, lot 000312345-{batch}; délai de transit 3 jours ouvrables"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_formats() {
        assert_eq!(money(1234567.5, Lang::En), "$1,234,567.50");
        assert_eq!(money(1234.5, Lang::Fr), "1\u{a0}234,50 $");
        assert_eq!(money(12.0, Lang::En), "$12.00");
    }
}
