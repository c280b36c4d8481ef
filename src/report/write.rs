//! Writing result files: each atomically (a temporary file in the same folder, then a rename),
//! `summary.json` last, so a folder with a `summary.json` holds a complete run.
//!
//! A command that writes into a folder first takes its [`OutputLock`], for the whole run: two
//! runs into one folder at once would otherwise both report success while one silently replaced
//! the other's results.

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// The marker file of a complete run, written last.
pub const MARKER: &str = "summary.json";

/// The lock file of an output folder: hidden, holding the process id of the run that writes
/// into the folder. Removed when that run ends; one left behind by a killed run is ignored.
pub const LOCK: &str = ".lss-sim.lock";

/// An output folder held for one run: an advisory lock on [`LOCK`] inside it (`flock` on Unix),
/// which the system releases when the process ends, however it ends.
///
/// Dropping it removes the lock file and then every folder that [`OutputLock::acquire`] created
/// and that is still empty: a run that failed or was interrupted in a new folder leaves nothing
/// behind, while a folder that existed before is never removed.
#[derive(Debug)]
pub struct OutputLock {
    /// The lock file, open and locked.
    file: Option<fs::File>,
    /// Its path.
    path: PathBuf,
    /// The folders created for the run, outermost first.
    created: Vec<PathBuf>,
}

impl OutputLock {
    /// Creates `dir` if needed and locks it, or says which run holds it. Never waits: a second
    /// run into a folder in use is refused at once.
    pub fn acquire(dir: &Path) -> Result<OutputLock> {
        if dir.exists() && !dir.is_dir() {
            return Err(Error::OutputConflict {
                path: dir.to_owned(),
                message: crate::msg!("exists and is not a folder", "finns och är ingen mapp"),
            });
        }
        let mut lock = OutputLock {
            file: None,
            path: dir.join(LOCK),
            created: create_dirs(dir)?,
        };
        // The previous holder removes the file as it ends: a lock taken on a file that is no
        // longer at the path locks nothing, so check the path still names it, and try again.
        for _ in 0..100 {
            let file = fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&lock.path)
                .map_err(|source| Error::Write {
                    path: lock.path.clone(),
                    source,
                })?;
            match file.try_lock() {
                Ok(()) => {}
                // A file system without locks (rare): run unlocked rather than not at all.
                Err(fs::TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => {}
                Err(fs::TryLockError::Error(source)) => {
                    return Err(Error::Write {
                        path: lock.path.clone(),
                        source,
                    });
                }
                Err(fs::TryLockError::WouldBlock) => {
                    let pid = fs::read_to_string(&lock.path).unwrap_or_default();
                    let pid = match pid.trim() {
                        p if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
                            crate::msg!(" (process {p})", " (process {p})")
                        }
                        _ => String::new(),
                    };
                    return Err(Error::OutputConflict {
                        path: dir.to_owned(),
                        message: crate::msg!(
                            "another lss-sim run{pid} is writing into this folder; wait until it ends, or use --out to write elsewhere",
                            "en annan körning av lss-sim{pid} skriver i den här mappen; vänta tills den är klar, eller skriv någon annanstans med --out"
                        ),
                    });
                }
            }
            if !same_file(&file, &lock.path) {
                continue;
            }
            // Only to name the holder in the message above: a failure to write it changes nothing.
            let _ = file.set_len(0);
            let _ = writeln!(&file, "{}", std::process::id());
            lock.file = Some(file);
            return Ok(lock);
        }
        Err(Error::OutputConflict {
            path: dir.to_owned(),
            message: crate::msg!(
                "cannot lock {LOCK}: other runs keep replacing it; try again",
                "kan inte låsa {LOCK}: andra körningar ersätter den hela tiden; försök igen"
            ),
        })
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still locked, so no other run can take a lock on a file about to vanish
        // without noticing (see `acquire`).
        if self.file.is_some() {
            let _ = fs::remove_file(&self.path);
        }
        self.file = None;
        for dir in self.created.iter().rev() {
            // Only an empty folder is removed: one holding results stays.
            let _ = fs::remove_dir(dir);
        }
    }
}

/// Creates `dir` and its missing parents; returns the folders created, outermost first. On a
/// failure, removes them again.
fn create_dirs(dir: &Path) -> Result<Vec<PathBuf>> {
    let missing: Vec<&Path> = dir
        .ancestors()
        .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
        .collect();
    let mut created = Vec::new();
    for d in missing.into_iter().rev() {
        match fs::create_dir(d) {
            Ok(()) => created.push(d.to_owned()),
            // Made at the same moment by another run: not ours to remove.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && d.is_dir() => {}
            Err(source) => {
                for c in created.iter().rev() {
                    let _ = fs::remove_dir(c);
                }
                return Err(Error::Write {
                    path: d.to_owned(),
                    source,
                });
            }
        }
    }
    Ok(created)
}

/// Whether the open `file` is the file now at `path`.
#[cfg(unix)]
fn same_file(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
        _ => false,
    }
}

/// Whether the open `file` is the file now at `path` (elsewhere an open file cannot be removed).
#[cfg(not(unix))]
fn same_file(_file: &fs::File, path: &Path) -> bool {
    path.exists()
}

/// `path` as seen from the folder `dir`, which need not exist yet: relative when the two share
/// a folder (`../../scenarios/units/linkoping-2018.csv` from `output/linkoping-baseline`),
/// else absolute. `None` when `path` cannot be found.
///
/// The result files name the scenario and its registers this way, so a result folder keeps
/// pointing at them when the project is moved as a whole.
pub fn path_from(dir: &Path, path: &Path) -> Option<String> {
    let path = fs::canonicalize(path).ok()?;
    // The deepest folder of `dir` that exists, canonical, then the rest as written (with `.`
    // and `..` taken lexically, as the folder does not exist to resolve them).
    let mut base = PathBuf::new();
    for c in std::path::absolute(dir).ok()?.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                base.pop();
            }
            c => base.push(c),
        }
    }
    let mut rest = Vec::new();
    while !base.exists() {
        rest.push(base.file_name()?.to_owned());
        base.pop();
    }
    let mut base = fs::canonicalize(&base).ok()?;
    base.extend(rest.iter().rev());
    let rel = match pathdiff::diff_paths(&path, &base) {
        // Up to the root and down again: the two share no folder, and the absolute path reads better.
        Some(rel)
            if rel
                .components()
                .take_while(|c| c == &Component::ParentDir)
                .count()
                < base
                    .components()
                    .filter(|c| matches!(c, Component::Normal(_)))
                    .count() =>
        {
            rel
        }
        _ => path,
    };
    Some(rel.to_string_lossy().into_owned())
}

/// Checks that `dir` may receive the results of `scenario` (read from the file `source`) with
/// `seed` and `replications`: a folder holding another scenario's, another scenario file's or
/// another seed's results needs `force`.
pub fn check_target(
    dir: &Path,
    scenario: &str,
    source: &Path,
    seed: u64,
    replications: u32,
    force: bool,
) -> Result<()> {
    if force || !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        return Err(Error::OutputConflict {
            path: dir.to_owned(),
            message: crate::msg!("exists and is not a folder", "finns och är ingen mapp"),
        });
    }
    let marker = dir.join(MARKER);
    let Ok(text) = fs::read_to_string(&marker) else {
        // The run's own lock file, or one left by a killed run, is no one's results.
        let entries = fs::read_dir(dir)
            .map(|d| d.flatten().filter(|e| e.file_name() != LOCK).count())
            .unwrap_or(0);
        if entries == 0 {
            return Ok(());
        }
        return Err(Error::OutputConflict {
            path: dir.to_owned(),
            message: crate::msg!(
                "the folder is not empty and holds no lss-sim results (no summary.json); use --force to write into it anyway",
                "mappen är inte tom och innehåller inga resultat från lss-sim (ingen summary.json); skriv i den ändå med --force"
            ),
        });
    };
    let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let (name, s, r) = (
        v["scenario"]["name"].as_str(),
        v["seed"].as_u64(),
        v["replications"].as_u64(),
    );
    if name == Some(scenario) && s == Some(seed) && r == Some(replications as u64) {
        // A copy of a scenario file that kept the name: the same name, another file. (Results
        // written before the file was recorded have no `file` and pass on the name alone.)
        let Some(file) = v["scenario"]["file"].as_str() else {
            return Ok(());
        };
        let same = fs::canonicalize(dir.join(file))
            .ok()
            .zip(fs::canonicalize(source).ok())
            .is_some_and(|(a, b)| a == b);
        if same {
            return Ok(());
        }
        let seen_from = if Path::new(file).is_relative() {
            crate::msg!(" (as seen from the folder)", " (sett från mappen)")
        } else {
            String::new()
        };
        return Err(Error::OutputConflict {
            path: dir.to_owned(),
            message: crate::msg!(
                "holds results of scenario `{scenario}` from {file}{seen_from}, not from {}; give the scenario its own `name`, or use --force to replace them, or --out to write elsewhere",
                "innehåller resultat av scenariot `{scenario}` från {file}{seen_from}, inte från {}; ge scenariot ett eget `name`, ersätt dem med --force, eller skriv någon annanstans med --out",
                source.display()
            ),
        });
    }
    Err(Error::OutputConflict {
        path: dir.to_owned(),
        message: crate::msg!(
            "holds results of scenario `{}` with seed {} and {} replications; use --force to replace them, or --out to write elsewhere",
            "innehåller resultat av scenariot `{}` med slumpfrö {} och {} simuleringar; ersätt dem med --force, eller skriv någon annanstans med --out",
            name.unwrap_or("?"),
            s.map_or("?".into(), |s| s.to_string()),
            r.map_or("?".into(), |r| r.to_string()),
        ),
    })
}

/// Writes `files` (name, bytes) into `dir`, each atomically, in order; the last is the marker
/// ([`MARKER`] for a run, `compare.json` or `sweep.json`), whose presence says the folder holds
/// complete results.
///
/// In two steps, so a write failure (a full disk, a read-only folder) leaves the previous results
/// whole: first every file goes to a temporary name beside its target and is synced; if any of
/// these fails, the temporary files are removed and nothing else has changed. Only then is the
/// old marker removed and each file renamed over its target, the marker last.
pub fn write_files(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<Vec<PathBuf>> {
    fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_owned(),
        source,
    })?;
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let path = dir.join(name);
        let tmp = temp_path(&path);
        if let Err(source) = write_synced(&tmp, bytes) {
            let _ = fs::remove_file(&tmp);
            for (t, _) in &staged {
                let _ = fs::remove_file(t);
            }
            return Err(Error::Write { path, source });
        }
        staged.push((tmp, path));
    }
    // A stale marker would make a half-replaced folder look complete: remove it first.
    let marker = staged.last().map(|(_, path)| path.clone());
    if let Some(marker) = marker.filter(|m| m.exists())
        && let Err(source) = fs::remove_file(&marker)
    {
        for (t, _) in &staged {
            let _ = fs::remove_file(t);
        }
        return Err(Error::Write {
            path: marker,
            source,
        });
    }
    let mut written = Vec::new();
    for (i, (tmp, path)) in staged.iter().enumerate() {
        if let Err(source) = fs::rename(tmp, path) {
            for (t, _) in &staged[i..] {
                let _ = fs::remove_file(t);
            }
            return Err(Error::Write {
                path: path.clone(),
                source,
            });
        }
        written.push(path.clone());
    }
    Ok(written)
}

/// The temporary name of `path` while it is written: hidden, beside it, unique to this process.
fn temp_path(path: &Path) -> PathBuf {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.join(format!(".{name}.tmp-{}", std::process::id()))
}

/// Creates `path` with `bytes` and syncs it to disk.
fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = fs::File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Writes one file atomically: a temporary file beside it, synced, then renamed over it.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = temp_path(path);
    write_synced(&tmp, bytes)
        .and_then(|()| fs::rename(&tmp, path))
        .map_err(|source| {
            let _ = fs::remove_file(&tmp);
            Error::Write {
                path: path.to_owned(),
                source,
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_given_as_seen_from_a_folder_that_need_not_exist() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir_all(d.join("scenarios/units")).unwrap();
        fs::write(d.join("scenarios/units/u.csv"), "x").unwrap();
        // Through a `..` and a folder not yet made.
        let out = d.join("scenarios/../output/new");
        assert_eq!(
            path_from(&out, &d.join("scenarios/units/u.csv")).as_deref(),
            Some("../../scenarios/units/u.csv")
        );
        assert_eq!(
            path_from(&d.join("scenarios"), &d.join("scenarios/units/u.csv")).as_deref(),
            Some("units/u.csv")
        );
        assert_eq!(path_from(&out, &d.join("scenarios/missing.csv")), None);
        // `..` inside the part that does not exist yet.
        assert_eq!(
            path_from(&d.join("new/../output"), &d.join("scenarios/units/u.csv")).as_deref(),
            Some("../scenarios/units/u.csv")
        );
    }

    /// A failure half-way (here: the fourth file cannot be created) leaves the previous files,
    /// marker included, as they were, and no temporary file behind.
    #[test]
    fn a_failed_write_leaves_the_previous_results_whole() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let old: Vec<(String, Vec<u8>)> = vec![
            ("a.csv".into(), b"old a".to_vec()),
            (MARKER.into(), b"{}".to_vec()),
        ];
        write_files(d, &old).unwrap();
        let new: Vec<(String, Vec<u8>)> = vec![
            ("a.csv".into(), b"new a".to_vec()),
            ("b.csv".into(), b"new b".to_vec()),
            ("no-such-folder/c.csv".into(), b"c".to_vec()),
            (MARKER.into(), b"{\"new\": 1}".to_vec()),
        ];
        let e = write_files(d, &new).unwrap_err();
        assert!(e.to_string().contains("no-such-folder/c.csv"), "{e}");
        let mut names: Vec<String> = fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["a.csv", MARKER]);
        assert_eq!(fs::read(d.join("a.csv")).unwrap(), b"old a");
        assert_eq!(fs::read(d.join(MARKER)).unwrap(), b"{}");
    }

    /// A second lock on a folder in use is refused at once and names the holder; dropping the
    /// lock removes its file and the folders it created, but never a folder that was there or
    /// one that holds files.
    #[test]
    fn a_folder_is_locked_once_and_only_its_new_empty_folders_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("a/b");
        let lock = OutputLock::acquire(&out).unwrap();
        assert!(out.join(LOCK).exists());
        let e = OutputLock::acquire(&out).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "{}: another lss-sim run (process {}) is writing into this folder; wait until it ends, or use --out to write elsewhere",
                out.display(),
                std::process::id()
            )
        );
        assert!(out.join(LOCK).exists(), "the refused lock removed the file");
        drop(lock);
        assert!(!dir.path().join("a").exists());
        // A folder that existed stays; one given results stays, without the lock file.
        let lock = OutputLock::acquire(dir.path()).unwrap();
        drop(lock);
        assert!(dir.path().is_dir());
        let lock = OutputLock::acquire(&out).unwrap();
        write_files(&out, &[(MARKER.into(), b"{}".to_vec())]).unwrap();
        drop(lock);
        let names: Vec<_> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [MARKER]);
        // A path below a file cannot be created and names the folder.
        fs::write(dir.path().join("f"), "x").unwrap();
        let e = OutputLock::acquire(&dir.path().join("f/sub")).unwrap_err();
        assert!(
            e.to_string().starts_with(&format!(
                "cannot write {}",
                dir.path().join("f/sub").display()
            )),
            "{e}"
        );
    }
}
