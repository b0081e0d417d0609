// Throwaway timing harness (not committed).
use breachscope_detect::entities::EntityScanner;
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let scanner = EntityScanner::new();
    let mut best = f64::MAX;
    let mut n = 0;
    for _ in 0..5 {
        let t = Instant::now();
        n = 0;
        let mut at = 0;
        while at < text.len() {
            let mut end = (at + (1 << 20)).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            let found = scanner.scan(&text[at..end]);
            n += found.hits.len() + found.dates.len();
            at = end;
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "{n} found, best {:.1} ms, {:.1} MB/s",
        best * 1e3,
        text.len() as f64 / best / 1e6
    );
}
