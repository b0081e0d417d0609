//! How far deflated data inflates, counted without keeping it: the guard
//! run before parsers (lopdf, calamine) that inflate without a bound.
//!
//! One decompressor per thread, reset between streams: making one per
//! stream (flate2's readers) fragmented the allocator so that peak memory
//! grew by 200 MB over the mixed benchmark corpus.

use flate2::{Decompress, FlushDecompress, Status};
use std::cell::RefCell;

/// Bytes inflated at a time into a scratch buffer that is thrown away.
const SCRATCH: usize = 32 << 10;

thread_local! {
    /// This thread's decompressors: zlib-wrapped (PDF's FlateDecode) and raw
    /// deflate (zip members).
    static INFLATERS: RefCell<(Decompress, Decompress)> =
        RefCell::new((Decompress::new(true), Decompress::new(false)));
}

/// How many bytes `deflated` inflates to, counting no further than just
/// past `bound`. Data that is not deflated (or breaks off) counts what it
/// gave until then.
pub(crate) fn inflated_size(deflated: &[u8], zlib_header: bool, bound: u64) -> u64 {
    INFLATERS.with(|inflaters| {
        let mut inflaters = inflaters.borrow_mut();
        let inflater = if zlib_header {
            &mut inflaters.0
        } else {
            &mut inflaters.1
        };
        inflater.reset(zlib_header);
        let mut scratch = [0u8; SCRATCH];
        let mut input = deflated;
        loop {
            let (read, written) = (inflater.total_in(), inflater.total_out());
            let status = inflater.decompress(input, &mut scratch, FlushDecompress::None);
            let consumed = (inflater.total_in() - read) as usize;
            let progressed = consumed > 0 || inflater.total_out() > written;
            input = &input[consumed.min(input.len())..];
            match status {
                Ok(Status::Ok | Status::BufError) if progressed && inflater.total_out() <= bound => {}
                _ => return inflater.total_out(),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn counts_what_a_stream_inflates_to_and_stops_past_the_bound() {
        let small = zlib(b"BT (Hello) Tj ET");
        assert_eq!(inflated_size(&small, true, 1 << 20), 16);
        let big = zlib(&vec![b' '; 4 << 20]);
        let counted = inflated_size(&big, true, 1 << 20);
        assert!(counted > 1 << 20 && counted <= (1 << 20) + SCRATCH as u64, "{counted}");
        // The same decompressor serves the next stream afresh.
        assert_eq!(inflated_size(&small, true, 1 << 20), 16);
    }

    #[test]
    fn data_that_is_not_deflated_or_breaks_off_counts_what_it_gave() {
        assert_eq!(inflated_size(b"BT (plain text) Tj ET", true, 1 << 20), 0);
        assert_eq!(inflated_size(b"", false, 1 << 20), 0);
        let whole = zlib(&vec![b'x'; 100_000]);
        let cut = inflated_size(&whole[..whole.len() / 2], true, 1 << 20);
        assert!(cut < 100_000, "{cut}");
        let mut raw = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        raw.write_all(&[7u8; 5000]).unwrap();
        assert_eq!(inflated_size(&raw.finish().unwrap(), false, 1 << 20), 5000);
    }
}
