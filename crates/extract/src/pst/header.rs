//! An offline store (`.ost`) as a personal one: the two differ in their
//! header's client mark ("SO" against "SM"), which `outlook-pst` insists
//! on, and in nothing it reads. The store's reader is given the header
//! as a `.pst`'s, its CRCs made right, in memory: the evidence is never
//! written.

use std::io::{Read, Seek, SeekFrom};

/// Where the client mark is, and the header's two CRCs with the bytes
/// each covers (MS-PST 2.2.2.6): the ANSI header has only the first.
const CLIENT_MARK: std::ops::Range<usize> = 8..10;
const PARTIAL_CRC: (usize, std::ops::Range<usize>) = (4, 8..479);
const FULL_CRC: (usize, std::ops::Range<usize>) = (524, 8..524);
/// The header's bytes given as a personal store's.
pub(super) const HEADER: usize = 580;

/// A store's bytes, its header shown as a personal store's.
pub(super) struct AsPersonal<R> {
    source: R,
    header: [u8; HEADER],
    at: u64,
}

impl<R: Read + Seek> AsPersonal<R> {
    /// `source`, whose first bytes are `header`, as a personal store; a
    /// personal store's header stays as it is.
    pub fn new(source: R, mut header: [u8; HEADER], unicode: bool) -> AsPersonal<R> {
        if &header[CLIENT_MARK] == b"SO" {
            header[CLIENT_MARK].copy_from_slice(b"SM");
            let mut crcs = vec![PARTIAL_CRC];
            if unicode {
                crcs.push(FULL_CRC);
            }
            for (at, covered) in crcs {
                let sum = crc(&header[covered]);
                header[at..at + 4].copy_from_slice(&sum.to_le_bytes());
            }
        }
        AsPersonal { source, header, at: 0 }
    }
}

impl<R: Read> Read for AsPersonal<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.source.read(buf)?;
        // The header's bytes among those read are the patched ones.
        if let Ok(start) = usize::try_from(self.at) {
            if start < HEADER {
                let end = (start + n).min(HEADER);
                buf[..end - start].copy_from_slice(&self.header[start..end]);
            }
        }
        self.at += n as u64;
        Ok(n)
    }
}

impl<R: Seek> Seek for AsPersonal<R> {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        self.at = self.source.seek(to)?;
        Ok(self.at)
    }
}

/// MS-PST's CRC (5.3): the reflected CRC-32 from 0, not inverted, which is
/// crc32fast's from all ones, inverted.
fn crc(bytes: &[u8]) -> u32 {
    let mut hasher = crc32fast::Hasher::new_with_initial(u32::MAX);
    hasher.update(bytes);
    !hasher.finalize()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crc_is_ms_pst_s() {
        let bytes = b"123456789";
        assert_eq!(crc(bytes), breachscope_demo::formats::pst::crc(bytes));
    }
}
