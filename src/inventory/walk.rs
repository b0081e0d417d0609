//! The files under the PATH arguments, each with the path it is reported
//! under: relative to the argument it was found under, or, for a file
//! argument, its name.

use std::path::{Path, PathBuf};

/// One file to scan.
#[derive(Debug, Clone)]
pub struct Evidence {
    pub path: PathBuf,
    /// How the file is reported (`Finance/2022/INV-1.docx`).
    pub display: String,
    /// The PATH argument it was found under.
    pub root: String,
    pub size: u64,
    /// What it is if not a regular file: listed, never opened.
    pub special: Option<Special>,
}

/// An entry of a folder that is not a regular file (nor a folder).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    /// A symbolic link: not followed (it may lead out of the evidence, or
    /// round in a loop).
    Link,
    /// A named pipe: reading it would wait for whoever writes to it.
    Fifo,
    /// A socket or a device: no file's content to read.
    Other,
}

impl Special {
    /// What `file_type` is, if not a regular file or a folder.
    fn of(file_type: std::fs::FileType) -> Option<Special> {
        #[cfg(unix)]
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_file() || file_type.is_dir() {
            None
        } else if file_type.is_symlink() {
            Some(Special::Link)
        } else {
            #[cfg(unix)]
            if file_type.is_fifo() {
                return Some(Special::Fifo);
            }
            Some(Special::Other)
        }
    }
}

/// Every regular file under `roots`, and every other entry met in their
/// folders (to be listed, not followed), lazily (memory does not grow with
/// the number of files), in a stable order; a root or folder that cannot
/// be read is an `Err` naming it.
pub fn files(roots: &[PathBuf]) -> impl Iterator<Item = Result<Evidence, String>> + Send + '_ {
    roots
        .iter()
        .flat_map(|root| -> Box<dyn Iterator<Item = Result<Evidence, String>> + Send> {
            let root_name = root.display().to_string();
            match std::fs::metadata(root) {
                Err(e) => Box::new(std::iter::once(Err(format!("{}: {e}", root.display())))),
                // A file given by name (a named pipe too: listed, not read).
                Ok(m) if !m.is_dir() => {
                    let display = root
                        .file_name()
                        .map_or_else(|| root_name.clone(), |n| n.to_string_lossy().into_owned());
                    Box::new(std::iter::once(Ok(Evidence {
                        path: root.clone(),
                        display,
                        root: root_name,
                        size: m.len(),
                        special: Special::of(m.file_type()),
                    })))
                }
                Ok(_) => Box::new(
                    walkdir::WalkDir::new(root)
                        .follow_links(false)
                        .sort_by_file_name()
                        .into_iter()
                        .filter_map(move |entry| match entry {
                            Ok(e) if !e.file_type().is_dir() => {
                                let special = Special::of(e.file_type());
                                let size = match special {
                                    None => e.metadata().map(|m| m.len()).unwrap_or(0),
                                    Some(_) => 0,
                                };
                                Some(Ok(Evidence {
                                    path: e.path().to_owned(),
                                    display: relative(root, e.path()),
                                    root: root_name.clone(),
                                    size,
                                    special,
                                }))
                            }
                            Ok(_) => None,
                            Err(e) => Some(Err(format!("{}: {e}", e.path().unwrap_or(root).display()))),
                        }),
                ),
            }
        })
}

/// How many bytes the files under `roots` hold, for progress.
pub fn total_bytes(roots: &[PathBuf]) -> u64 {
    files(roots).filter_map(Result::ok).map(|f| f.size).sum()
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_their_argument() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("Finance/2022")).unwrap();
        std::fs::write(dir.path().join("Finance/2022/INV-1.txt"), "x").unwrap();
        std::fs::write(dir.path().join("top.txt"), "y").unwrap();
        let single = dir.path().join("top.txt");
        let missing = dir.path().join("nope");
        let roots = [dir.path().to_owned(), single, missing];
        let (files, problems): (Vec<_>, Vec<_>) = files(&roots).partition(Result::is_ok);
        let files: Vec<Evidence> = files.into_iter().map(Result::unwrap).collect();
        let problems: Vec<String> = problems.into_iter().map(Result::unwrap_err).collect();
        assert_eq!(total_bytes(&roots), 3);
        let shown: Vec<&str> = files.iter().map(|f| f.display.as_str()).collect();
        assert_eq!(shown, ["Finance/2022/INV-1.txt", "top.txt", "top.txt"]);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("nope"));
    }

    #[cfg(unix)]
    #[test]
    fn links_in_folders_are_listed_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("share")).unwrap();
        std::fs::write(dir.path().join("share/a.txt"), "x").unwrap();
        std::os::unix::fs::symlink("..", dir.path().join("share/loop")).unwrap();
        std::os::unix::fs::symlink("/etc/hostname", dir.path().join("share/out")).unwrap();
        let found: Vec<(String, Option<Special>)> = files(&[dir.path().join("share")])
            .map(|f| f.map(|f| (f.display, f.special)).unwrap())
            .collect();
        let link = Some(Special::Link);
        let want = [("a.txt", None), ("loop", link), ("out", link)].map(|(p, l)| (p.to_string(), l));
        assert_eq!(found, want);
    }

    #[cfg(unix)]
    #[test]
    fn pipes_and_sockets_are_listed_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let _socket = std::os::unix::net::UnixListener::bind(dir.path().join("agent.sock")).unwrap();
        let fifo = std::process::Command::new("mkfifo")
            .arg(dir.path().join("pipe"))
            .status()
            .is_ok_and(|s| s.success());
        let found: Vec<(String, Option<Special>)> = files(&[dir.path().to_owned()])
            .map(|f| f.map(|f| (f.display, f.special)).unwrap())
            .collect();
        assert_eq!(found[0], ("agent.sock".to_string(), Some(Special::Other)));
        if fifo {
            assert_eq!(found[1], ("pipe".to_string(), Some(Special::Fifo)));
            let given: Vec<Option<Special>> = files(&[dir.path().join("pipe")]).map(|f| f.unwrap().special).collect();
            assert_eq!(given, [Some(Special::Fifo)], "a pipe given by name");
        } else {
            println!("mkfifo not found: the named pipe's case not run");
        }
    }
}
