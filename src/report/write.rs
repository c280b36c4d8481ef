//! Writing result files: each atomically (a temporary file in the same folder, then a rename),
//! `summary.json` last, so a folder with a `summary.json` holds a complete run.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The marker file of a complete run, written last.
pub const MARKER: &str = "summary.json";

/// Checks that `dir` may receive the results of `scenario` with `seed` and `replications`:
/// a folder holding another scenario's or seed's results needs `force`.
pub fn check_target(
    dir: &Path,
    scenario: &str,
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
            message: "exists and is not a folder".into(),
        });
    }
    let marker = dir.join(MARKER);
    let Ok(text) = fs::read_to_string(&marker) else {
        let entries = fs::read_dir(dir).map(|d| d.count()).unwrap_or(0);
        if entries == 0 {
            return Ok(());
        }
        return Err(Error::OutputConflict {
            path: dir.to_owned(),
            message: "the folder is not empty and holds no lss-sim results (no summary.json); use --force to write into it anyway".into(),
        });
    };
    let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let (name, s, r) = (
        v["scenario"]["name"].as_str(),
        v["seed"].as_u64(),
        v["replications"].as_u64(),
    );
    if name == Some(scenario) && s == Some(seed) && r == Some(replications as u64) {
        return Ok(());
    }
    Err(Error::OutputConflict {
        path: dir.to_owned(),
        message: format!(
            "holds results of scenario `{}` with seed {} and {} replications; use --force to replace them, or --out to write elsewhere",
            name.unwrap_or("?"),
            s.map_or("?".into(), |s| s.to_string()),
            r.map_or("?".into(), |r| r.to_string()),
        ),
    })
}

/// Writes `files` (name, bytes) into `dir`, each atomically, in order; the last is the marker.
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
    let marker = dir.join(MARKER);
    if marker.exists() {
        if let Err(source) = fs::remove_file(&marker) {
            for (t, _) in &staged {
                let _ = fs::remove_file(t);
            }
            return Err(Error::Write {
                path: marker,
                source,
            });
        }
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

/// Writes `files` into `dir`, each atomically, in order, without touching a run's marker.
pub fn write_files_in_order(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<Vec<PathBuf>> {
    fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_owned(),
        source,
    })?;
    let mut written = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(name);
        write_atomic(&path, bytes)?;
        written.push(path);
    }
    Ok(written)
}

/// Writes one file atomically: a temporary file beside it, synced, then renamed over it.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    result.map_err(|source| {
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
}
