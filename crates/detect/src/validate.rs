//! Check-digit and structure validators for sensitive identifiers, as
//! ../shared/docs/IDENTIFIERS.md gives them. Each takes the digits (or
//! characters) already stripped of separators.

/// The runs of ASCII digits of a candidate, when there are exactly `N`
/// ("003-12345-1234567" has three).
pub fn digit_runs<const N: usize>(candidate: &str) -> Option<[&str; N]> {
    let mut runs = candidate
        .split(|c: char| !c.is_ascii_digit())
        .filter(|run| !run.is_empty());
    let mut out = [""; N];
    for slot in out.iter_mut() {
        *slot = runs.next()?;
    }
    runs.next().is_none().then_some(out)
}

/// The ASCII digits of `s`, in order: a candidate's value without its
/// separators. (Collected with its size known: collecting characters one
/// by one grew each string two or three times.)
pub fn digits(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    out.extend(s.chars().filter(char::is_ascii_digit));
    out
}

/// Luhn (mod 10) over ASCII digits.
pub fn luhn(digits: &str) -> bool {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
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
    sum.is_multiple_of(10)
}

/// A payment card number: issuer prefix and length per ISO/IEC 7812
/// tables, Luhn, and not a published test number or one repeated digit.
pub fn payment_card(digits: &str) -> bool {
    card_shaped(digits) && issued_range(digits)
}

/// A card number by its length and Luhn, whatever its issuer prefix: 12
/// to 19 digits, not one repeated digit nor a published test number.
pub fn card_shaped(digits: &str) -> bool {
    let bytes = digits.as_bytes();
    (12..=19).contains(&digits.len()) && luhn(digits) && !bytes.iter().all(|&b| b == bytes[0]) && !is_test_pan(digits)
}

/// Whether a card number's prefix and length are an issuer's.
pub fn issued_range(digits: &str) -> bool {
    let len = digits.len();
    let bytes = digits.as_bytes();
    let p = |n: usize| digits[..n].parse::<u32>().unwrap_or(0);
    let visa = bytes[0] == b'4' && matches!(len, 13 | 16 | 19);
    let mastercard = len == 16 && ((51..=55).contains(&p(2)) || (2221..=2720).contains(&p(4)));
    let amex = len == 15 && matches!(p(2), 34 | 37);
    let discover = (16..=19).contains(&len)
        && (p(4) == 6011 || (644..=649).contains(&p(3)) || p(2) == 65 || (622_126..=622_925).contains(&p(6)));
    let jcb = (16..=19).contains(&len) && (3528..=3589).contains(&p(4));
    let diners = len == 14 && ((300..=305).contains(&p(3)) || p(4) == 3095 || matches!(p(2), 36 | 38 | 39));
    let unionpay = (16..=19).contains(&len) && p(2) == 62;
    let maestro = (12..=19).contains(&len) && matches!(p(2), 50 | 56..=64 | 66..=69);
    visa || mastercard || amex || discover || jcb || diners || unionpay || maestro
}

fn is_test_pan(digits: &str) -> bool {
    const TEST_PANS: &[&str] = &[
        "4111111111111111",
        "4012888888881881",
        "4222222222222",
        "5555555555554444",
        "5105105105105100",
        "378282246310005",
        "371449635398431",
        "6011111111111117",
        "6011000990139424",
        "3530111333300000",
        "3566002020360505",
        "30569309025904",
        "38520000023237",
        "4242424242424242",
    ];
    TEST_PANS.contains(&digits)
}

/// A Canadian SIN: nine digits, Luhn, first digit a region that is issued
/// to individuals (not 0 or 8).
pub fn ca_sin(digits: &str) -> bool {
    digits.len() == 9 && !matches!(digits.as_bytes()[0], b'0' | b'8') && luhn(digits)
}

/// A Canadian Business Number's nine-digit root: Luhn.
pub fn ca_business_number_root(digits: &str) -> bool {
    digits.len() == 9 && digits.as_bytes()[0] != b'0' && luhn(digits)
}

/// The CRA program identifiers a BN program account can carry.
pub const BN_PROGRAMS: &[&str] = &["RT", "RP", "RC", "RM", "RZ", "RR"];

/// A US ABA routing number: prefix ranges and the 3-7-1 checksum.
pub fn us_aba_routing(digits: &str) -> bool {
    if digits.len() != 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let d: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
    let prefix = d[0] * 10 + d[1];
    let prefix_ok = matches!(prefix, 0..=12 | 21..=32 | 61..=72 | 80);
    let sum = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8]);
    prefix_ok && sum.is_multiple_of(10) && digits != "000000000"
}

/// IBAN length per country (ISO 13616 registry).
pub fn iban_length(country: &str) -> Option<usize> {
    const LENGTHS: &[(&str, usize)] = &[
        ("AD", 24),
        ("AE", 23),
        ("AL", 28),
        ("AT", 20),
        ("AZ", 28),
        ("BA", 20),
        ("BE", 16),
        ("BG", 22),
        ("BH", 22),
        ("BR", 29),
        ("BY", 28),
        ("CH", 21),
        ("CR", 22),
        ("CY", 28),
        ("CZ", 24),
        ("DE", 22),
        ("DK", 18),
        ("DO", 28),
        ("EE", 20),
        ("EG", 29),
        ("ES", 24),
        ("FI", 18),
        ("FO", 18),
        ("FR", 27),
        ("GB", 22),
        ("GE", 22),
        ("GI", 23),
        ("GL", 18),
        ("GR", 27),
        ("GT", 28),
        ("HR", 21),
        ("HU", 28),
        ("IE", 22),
        ("IL", 23),
        ("IQ", 23),
        ("IS", 26),
        ("IT", 27),
        ("JO", 30),
        ("KW", 30),
        ("KZ", 20),
        ("LB", 28),
        ("LC", 32),
        ("LI", 21),
        ("LT", 20),
        ("LU", 20),
        ("LV", 21),
        ("MC", 27),
        ("MD", 24),
        ("ME", 22),
        ("MK", 19),
        ("MR", 27),
        ("MT", 31),
        ("MU", 30),
        ("NL", 18),
        ("NO", 15),
        ("PK", 24),
        ("PL", 28),
        ("PS", 29),
        ("PT", 25),
        ("QA", 29),
        ("RO", 24),
        ("RS", 22),
        ("SA", 24),
        ("SC", 31),
        ("SE", 24),
        ("SI", 19),
        ("SK", 24),
        ("SM", 27),
        ("ST", 25),
        ("SV", 28),
        ("TL", 23),
        ("TN", 24),
        ("TR", 26),
        ("UA", 29),
        ("VA", 22),
        ("VG", 24),
        ("XK", 20),
    ];
    LENGTHS.iter().find(|(c, _)| *c == country).map(|&(_, n)| n)
}

/// An IBAN (upper case, no spaces): country length and ISO 7064 mod 97-10.
pub fn iban(compact: &str) -> bool {
    let bytes = compact.as_bytes();
    if bytes.len() < 15 || !bytes.iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
        return false;
    }
    if iban_length(&compact[..2]) != Some(bytes.len()) || !bytes[2].is_ascii_digit() || !bytes[3].is_ascii_digit() {
        return false;
    }
    let mut remainder: u32 = 0;
    for &b in bytes[4..].iter().chain(&bytes[..4]) {
        let value = if b.is_ascii_digit() {
            u32::from(b - b'0')
        } else {
            u32::from(b - b'A') + 10
        };
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    remainder == 1
}

/// ISO 3166 alpha-2 country codes, for BIC validation.
const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW";

/// Whether `code` is an ISO 3166 alpha-2 country code.
pub fn is_country(code: &str) -> bool {
    code.len() == 2 && COUNTRIES.split(' ').any(|c| c == code)
}

/// A SWIFT/BIC code: 4 letters bank, a real country, 2 alphanumerics
/// location, optional 3 alphanumerics branch.
pub fn swift_bic(code: &str) -> bool {
    let b = code.as_bytes();
    (b.len() == 8 || b.len() == 11)
        && b[..4].iter().all(u8::is_ascii_uppercase)
        && is_country(&code[4..6])
        && b[6..].iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// A Canadian postal code (`A1A 1A1`, letters D F I O Q U never used, W Z
/// never first).
pub fn ca_postal_code(compact: &str) -> bool {
    let b = compact.as_bytes();
    if b.len() != 6 {
        return false;
    }
    let letter = |c: u8| c.is_ascii_uppercase() && !b"DFIOQU".contains(&c);
    letter(b[0])
        && !b"WZ".contains(&b[0])
        && b[1].is_ascii_digit()
        && letter(b[2])
        && b[3].is_ascii_digit()
        && letter(b[4])
        && b[5].is_ascii_digit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_vectors() {
        assert!(luhn("79927398713"));
        assert!(!luhn("79927398710"));
        assert!(!luhn(""));
        assert!(!luhn("12a4"));
    }

    #[test]
    fn cards_by_network() {
        assert!(payment_card("4556737586899855")); // Visa 16
        assert!(payment_card("5425233430109903")); // Mastercard 51-55
        assert!(payment_card("2223000048410010")); // Mastercard 2-series
        assert!(payment_card("374245455400126")); // Amex
        assert!(payment_card("6011000991300009")); // Discover
        assert!(!payment_card("4556737586899856")); // Luhn off by one
        assert!(!payment_card("9556737586899855")); // no such issuer
        assert!(!payment_card("4111111111111111")); // published test PAN
        assert!(!payment_card("0000000000000000"));
        assert!(!payment_card("37424545540012")); // Amex one digit short
    }

    #[test]
    fn sin_vectors() {
        assert!(ca_sin("130692544")); // CRA's published example
        assert!(!ca_sin("046454286")); // Luhn-valid but region 0
        assert!(!ca_sin("130692545"));
        assert!(!ca_sin("813069254"));
    }

    #[test]
    fn aba_vectors() {
        assert!(us_aba_routing("011000015")); // Federal Reserve Bank Boston
        assert!(us_aba_routing("021000021")); // JPMorgan Chase
        assert!(!us_aba_routing("021000022"));
        assert!(!us_aba_routing("131000021")); // prefix 13 unused
        assert!(!us_aba_routing("000000000"));
    }

    #[test]
    fn iban_vectors() {
        assert!(iban("GB82WEST12345698765432"));
        assert!(iban("DE89370400440532013000"));
        assert!(iban("FR1420041010050500013M02606"));
        assert!(!iban("GB82WEST12345698765433"));
        assert!(!iban("GB82WEST1234569876543")); // wrong length
        assert!(!iban("CA82WEST12345698765432")); // Canada issues none
    }

    #[test]
    fn bic_vectors() {
        assert!(swift_bic("DEUTDEFF"));
        assert!(swift_bic("ROYCCAT2"));
        assert!(swift_bic("DEUTDEFF500"));
        assert!(!swift_bic("PURCHASE")); // "HA" is no country
        assert!(!swift_bic("DEUTDEF"));
    }

    #[test]
    fn postal_vectors() {
        assert!(ca_postal_code("K1A0B1"));
        assert!(ca_postal_code("H3Z2Y7"));
        assert!(!ca_postal_code("D1A0B1")); // D never used
        assert!(!ca_postal_code("W1A0B1")); // W never first
        assert!(!ca_postal_code("K1A0B"));
    }

    #[test]
    fn bn_root() {
        assert!(ca_business_number_root("123456782"));
        assert!(!ca_business_number_root("123456789"));
    }
}
