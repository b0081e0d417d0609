//! Document class from cue words (English and French), loaded from
//! `data/classes.tsv`. Every cue is found in one Aho-Corasick pass over the
//! folded text; a cue in the file name or the document's opening counts
//! thrice, in its title (its first words) six times. The class with the
//! highest score wins if it scores enough, and the cues that decided it
//! are kept so the decision can be explained.

use aho_corasick::{AhoCorasick, MatchKind};
use breachscope_core::DocClass;

const CLASSES_TSV: &str = include_str!("../data/classes.tsv");

/// How much of the folded document counts as its opening, in bytes.
pub const OPENING: usize = 300;
/// How much of the folded document counts as its title, in bytes: a
/// remittance advice lists the invoices it pays, and says what it is first.
pub const TITLE: usize = 40;
/// Below this score a document is `other`.
const MIN_SCORE: f32 = 6.0;

#[derive(Debug)]
struct Cue {
    class: DocClass,
    weight: f32,
    words: String,
}

/// Scores documents by cue words.
#[derive(Debug)]
pub struct Classifier {
    cues: Vec<Cue>,
    matcher: AhoCorasick,
}

/// Cue counts gathered over one document.
#[derive(Debug, Clone, Default)]
pub struct ClassTally {
    counts: Vec<u32>,
    /// 0 in the body, 1 in the opening (or the file name), 2 in the title.
    prominence: Vec<u8>,
}

/// A class and the cues that decided it.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub class: DocClass,
    pub score: f32,
    pub cues: Vec<String>,
}

impl Classifier {
    /// Loads the built-in cue list.
    pub fn builtin() -> Classifier {
        Classifier::parse(CLASSES_TSV).expect("built-in class cues parse")
    }

    /// Parses `class<TAB>weight<TAB>cue` lines.
    pub fn parse(tsv: &str) -> Result<Classifier, String> {
        let mut cues = Vec::new();
        for (n, line) in tsv.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let [class, weight, words] = fields[..] else {
                return Err(format!("class cues line {}: want class, weight, cue", n + 1));
            };
            let class: DocClass = class.parse().map_err(|e| format!("class cues line {}: {e}", n + 1))?;
            let weight: f32 = weight
                .parse()
                .map_err(|e| format!("class cues line {}: weight: {e}", n + 1))?;
            let folded = crate::fold::fold_words(words);
            if folded.trim() != words {
                return Err(format!("class cues line {}: cue {words:?} is not folded", n + 1));
            }
            cues.push(Cue {
                class,
                weight,
                words: folded,
            });
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            // Cues start with a space: there is nothing rare to prefilter on.
            .prefilter(false)
            .build(cues.iter().map(|c| c.words.as_str()))
            .map_err(|e| e.to_string())?;
        Ok(Classifier { cues, matcher })
    }

    /// A fresh tally for one document.
    pub fn tally(&self) -> ClassTally {
        ClassTally {
            counts: vec![0; self.cues.len()],
            prominence: vec![0; self.cues.len()],
        }
    }

    /// Counts the cues in `folded` (from `fold::fold_words`): those
    /// starting in its first `title` bytes are in the document's title,
    /// those in its first `opening` bytes in its opening.
    pub fn count(&self, tally: &mut ClassTally, folded: &str, opening: usize, title: usize) {
        for m in self.matcher.find_overlapping_iter(folded) {
            let i = m.pattern().as_usize();
            tally.counts[i] += 1;
            let place = if m.start() < title {
                2
            } else {
                u8::from(m.start() < opening)
            };
            tally.prominence[i] = tally.prominence[i].max(place);
        }
    }

    /// The class the tally supports, with its deciding cues.
    pub fn decide(&self, tally: &ClassTally) -> Decision {
        let mut scores = [0f32; DocClass::ALL.len()];
        let mut contributions: Vec<(f32, usize)> = Vec::new();
        for (i, cue) in self.cues.iter().enumerate() {
            let count = tally.counts[i];
            if count == 0 {
                continue;
            }
            let repeat = 1.0 + (count - 1).min(4) as f32 * 0.25;
            let prominence = [1.0, 3.0, 6.0][usize::from(tally.prominence[i])];
            let score = cue.weight * repeat * prominence;
            scores[cue.class as usize] += score;
            contributions.push((score, i));
        }
        let (best, score) = scores
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))
            .map(|(i, s)| (DocClass::ALL[i], *s))
            .expect("classes exist");
        if score < MIN_SCORE {
            return Decision {
                class: DocClass::Other,
                score,
                cues: Vec::new(),
            };
        }
        contributions.sort_by(|a, b| b.0.total_cmp(&a.0));
        let cues = contributions
            .iter()
            .filter(|(_, i)| self.cues[*i].class == best)
            .take(5)
            .map(|(_, i)| {
                let cue = &self.cues[*i];
                let place = if tally.prominence[*i] > 0 { " (title)" } else { "" };
                format!("{}{place} x{}", cue.words.trim(), tally.counts[*i])
            })
            .collect();
        Decision {
            class: best,
            score,
            cues,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::fold_words;

    fn classify(name: &str, text: &str) -> DocClass {
        let c = Classifier::builtin();
        let mut tally = c.tally();
        c.count(&mut tally, &fold_words(name), usize::MAX, 0);
        c.count(&mut tally, &fold_words(text), OPENING, TITLE);
        c.decide(&tally).class
    }

    /// The class of a table's `rows` in a file named `name`: rows count as
    /// body, not opening (see `DocumentScan`).
    fn classify_table(name: &str, rows: &str) -> DocClass {
        let c = Classifier::builtin();
        let mut tally = c.tally();
        c.count(&mut tally, &fold_words(name), usize::MAX, 0);
        c.count(&mut tally, &fold_words(rows), 0, 0);
        c.decide(&tally).class
    }

    #[test]
    fn a_ledger_is_told_by_its_debit_and_credit_columns() {
        let rows = "Date\tAccount\tDescription\tDebit\tCredit\n2021-12-31\t4000 Sales\tAdjustment\t\t15000.00";
        assert_eq!(classify_table("gl.csv", rows), DocClass::Accounting);
        assert_eq!(
            classify("export.csv", "Account\tDebit\tAmount\nPre-authorized debit 2022"),
            DocClass::BankingForm
        );
    }

    #[test]
    fn a_payment_file_is_told_by_its_payee_column() {
        let rows =
            "Payee Name\tInstitution\tTransit\tAccount\tAmount\tDate\nJean Tremblay\t815\t30001\t0012345678\t88.10";
        assert_eq!(classify_table("export.csv", rows), DocClass::Payment);
    }

    #[test]
    fn builtin_cues_parse_and_cover_every_class() {
        let c = Classifier::builtin();
        for class in DocClass::ALL.iter().filter(|c| **c != DocClass::Other) {
            assert!(c.cues.iter().any(|cue| cue.class == *class), "{class} has no cue");
        }
    }

    #[test]
    fn classes_in_english_and_french() {
        assert_eq!(
            classify(
                "INV-10422.docx",
                "INVOICE\nBill to: Acme\nPurchase order: PO-1\nSubtotal"
            ),
            DocClass::Invoice
        );
        assert_eq!(
            classify("doc1.pdf", "FACTURE\nNuméro de facture : F-22\nFacturer à : Bolduc"),
            DocClass::Invoice
        );
        assert_eq!(
            classify("x.docx", "PURCHASE ORDER\nShip to: Plant 2\nBuyer: J. Roy"),
            DocClass::PurchaseOrder
        );
        assert_eq!(
            classify("x.docx", "BON DE COMMANDE\nLivrer à : Usine"),
            DocClass::PurchaseOrder
        );
        assert_eq!(
            classify("msa.pdf", "MASTER SERVICES AGREEMENT\nWhereas the parties..."),
            DocClass::Agreement
        );
        assert_eq!(
            classify("f.pdf", "Formulaire de dépôt direct\nNuméro de transit"),
            DocClass::BankingForm
        );
        assert_eq!(
            classify("a.docx", "Demande de crédit\nDemandeur : Marie"),
            DocClass::CreditApplication
        );
        assert_eq!(classify("notes.txt", "lunch on friday"), DocClass::Other);
    }

    #[test]
    fn the_title_outweighs_what_the_body_lists() {
        // A remittance advice names the invoices it pays.
        assert_eq!(
            classify(
                "a.pdf",
                "REMITTANCE ADVICE\nPayment reference 88123\nWe have paid the following invoices.\nInvoice INV-1 $200.00"
            ),
            DocClass::Payment
        );
        assert_eq!(
            classify("a.pdf", "INVOICE\nRemit to: Demo Co.\nPayment terms: net 30"),
            DocClass::Invoice
        );
        assert_eq!(
            classify(
                "flyer.pdf",
                "SPRING SALE! 20% off all printers\nLimited time offer, promo code SPRING20"
            ),
            DocClass::Promotion
        );
    }

    #[test]
    fn records_titled_in_the_words_other_producers_use() {
        let cases = [
            ("Balance Sheet\nAs at December 31, 2023\nAssets", DocClass::Accounting),
            ("ÉTATS FINANCIERS\nBilan au 31 décembre 2022", DocClass::Accounting),
            ("Payroll Register\nPay period ending 2023-06-15", DocClass::Accounting),
            (
                "STATEMENT OF REMUNERATION PAID\nT4 2021\nEmployment income 52000.00",
                DocClass::Accounting,
            ),
            // A T4 return's XML as the XML reader writes it.
            (
                "snm: Okafor\ngvn_nm: Ngozi\nsin: 130692544\nempt_incamt: 52000.00\n",
                DocClass::Accounting,
            ),
            (
                "MONTHLY STATEMENT\nOpening balance $1,200.00\nPayments received",
                DocClass::Billing,
            ),
            ("Relevé mensuel\nSolde d'ouverture 540,00 $", DocClass::Billing),
            (
                "RECEIPT\nReceived from: Prairie Sky\nAmount received: $4,200.00",
                DocClass::Payment,
            ),
            ("Remittance\nInvoices paid: INV-2201, INV-2205", DocClass::Payment),
            (
                "CREDIT CARD AUTHORIZATION FORM\nCardholder Name: Priya Raghunathan\n\
                 I authorize Demo Co. to charge my card for invoice INV-2021-00417.",
                DocClass::Payment,
            ),
            (
                "EARNINGS STATEMENT\nPay period: 2021-06-01 to 2021-06-15\nGross pay 2,884.62\nNet pay 2,285.10",
                DocClass::Accounting,
            ),
            ("Avis de virement\nRéférence : VIR-88123", DocClass::Payment),
            (
                "Vendor Setup Form\nBank details\nPlease attach a void cheque",
                DocClass::BankingForm,
            ),
            (
                "Pre-Authorized Debit (PAD) Agreement\nPayor's bank account",
                DocClass::BankingForm,
            ),
            (
                "Business Credit Account Application\nTrade references (3)",
                DocClass::CreditApplication,
            ),
            ("Demande de prêt\nRevenu mensuel", DocClass::CreditApplication),
            (
                "MEMORANDUM OF UNDERSTANDING\nResponsibilities of each party",
                DocClass::Agreement,
            ),
            ("Statement of Work #4\nDeliverables\nFees", DocClass::Agreement),
            (
                "Sales Order Confirmation\nCustomer PO: 7781\nShip via: Purolator",
                DocClass::PurchaseOrder,
            ),
            (
                "Plan produit 2023\nT1 : prototype\nT4 : mise en marché",
                DocClass::Roadmap,
            ),
            (
                "BLACK FRIDAY DEALS\nSave up to 40% on thermal printers",
                DocClass::Promotion,
            ),
            ("Customer Review\nWhat could we improve? Packaging.", DocClass::Feedback),
            (
                "Architecture Decision Record 012\nStatus: accepted",
                DocClass::DesignRecord,
            ),
            (
                "BILL\nLabour 4 h\nTotal due 480.00\nDue upon receipt",
                DocClass::Invoice,
            ),
            (
                "FINAL NOTICE\nYour account is 90 days past due.\nAmount owing: 1,245.00",
                DocClass::Billing,
            ),
            ("Rappel de paiement\nSolde impayé : 312,40 $", DocClass::Billing),
            (
                "VOID\nDemo Co.\nPay to the order of ________\n⑈001234⑈ ⑆12345-003⑆ 1234567⑈",
                DocClass::BankingForm,
            ),
            (
                "Authorization for Electronic Funds Transfer (EFT) - Supplier Payments\nBank: 003",
                DocClass::BankingForm,
            ),
            (
                "Form W-9\nRequest for Taxpayer Identification Number and Certification",
                DocClass::BankingForm,
            ),
        ];
        for (text, class) in cases {
            assert_eq!(classify("doc.txt", text), class, "{text}");
        }
    }

    #[test]
    fn common_words_in_a_body_do_not_decide() {
        // Words that name a record in a title are everyday words in prose.
        let text = format!(
            "Build notes\n{}\nThe reducer fetches map outputs for a given map only on the \
             receipt of such events, as the architecture requires; see the newsletter.",
            "The job tracker runs the tasks in turn. ".repeat(10)
        );
        assert_eq!(classify("notes.txt", &text), DocClass::Other);
    }

    #[test]
    fn decision_names_its_cues() {
        let c = Classifier::builtin();
        let mut tally = c.tally();
        c.count(
            &mut tally,
            &fold_words("Product roadmap 2022: milestones"),
            OPENING,
            TITLE,
        );
        let d = c.decide(&tally);
        assert_eq!(d.class, DocClass::Roadmap);
        assert!(
            d.cues.iter().any(|cue| cue.starts_with("roadmap (title)")),
            "{:?}",
            d.cues
        );
    }

    #[test]
    fn unfolded_cue_is_rejected() {
        assert!(Classifier::parse("invoice\t5\tFacture").is_err());
        assert!(Classifier::parse("memo\t5\tmemo").is_err());
    }
}
