//! The containers whose members are documents of their own (zips, 7z, RAR
//! and tar archives, gzip-, xz-, zstd- and LZ4-compressed files): opened from a file
//! or from bytes alike, then walked by their format's reader.

use crate::reader::Reader;
use crate::sniff::Kind;
use crate::tarball::Compression;
use crate::{archive, rar, sevenz, tarball};
use chrono::NaiveDate;
use std::io::{Read, Seek};

/// A kind of container.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ContainerKind {
    Zip,
    SevenZip,
    Rar,
    Tar,
    /// A single compressed file (a `.tar.gz`'s tar is found inside).
    Compressed(Compression),
}

impl ContainerKind {
    /// The container a document of `kind` is, if it is one.
    pub fn of(kind: Kind) -> Option<ContainerKind> {
        Some(match kind {
            Kind::Zip => ContainerKind::Zip,
            Kind::SevenZip => ContainerKind::SevenZip,
            Kind::Rar => ContainerKind::Rar,
            Kind::Tar => ContainerKind::Tar,
            Kind::Gzip => ContainerKind::Compressed(Compression::Gzip),
            Kind::Xz => ContainerKind::Compressed(Compression::Xz),
            Kind::Zstd => ContainerKind::Compressed(Compression::Zstd),
            Kind::Lz4 => ContainerKind::Compressed(Compression::Lz4),
            _ => return None,
        })
    }
}

/// A container opened, ready to walk.
pub(crate) enum Container<R: Read + Seek> {
    Zip(zip::ZipArchive<R>),
    SevenZip(Box<sevenz_rust2::ArchiveReader<R>>),
    Rar(rar::Archive<R>),
    Tar(R),
    Compressed(R, Compression),
}

impl<R: Read + Seek> Container<R> {
    /// Opens `source` as a container of `kind`; what is wrong with it if
    /// it cannot be opened (a tar or a compressed file is only read as it
    /// is walked).
    pub fn open(kind: ContainerKind, source: R) -> Result<Container<R>, String> {
        match kind {
            ContainerKind::Zip => archive::open(source).map(Container::Zip),
            ContainerKind::SevenZip => sevenz::open(source).map(|archive| Container::SevenZip(Box::new(archive))),
            ContainerKind::Rar => rar::open(source).map(Container::Rar),
            ContainerKind::Tar => Ok(Container::Tar(source)),
            ContainerKind::Compressed(compression) => Ok(Container::Compressed(source, compression)),
        }
    }

    /// Reads every document the container holds: it is `size` bytes long
    /// and shown as `display`, at container depth `depth`.
    pub fn walk(self, reader: &mut Reader<'_>, display: &str, size: u64, modified: Option<NaiveDate>, depth: u32) {
        match self {
            Container::Zip(zip) => archive::walk(reader, display, zip, modified, depth),
            Container::SevenZip(archive) => sevenz::walk(reader, display, *archive, size, modified, depth),
            Container::Rar(archive) => rar::walk(reader, display, archive, modified, depth),
            Container::Tar(source) => tarball::walk_tar(reader, display, source, modified, depth),
            Container::Compressed(source, compression) => {
                tarball::decompress(reader, display, source, compression, size, modified, depth)
            }
        }
    }
}
