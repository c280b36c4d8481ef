//! Writing result files: each atomically (a temporary file in the same folder, then a rename),
//! `summary.json` last, so a folder with a `summary.json` holds a complete run.

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// The marker file of a complete run, written last.
pub const MARKER: &str = "summary.json";

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
            " (as seen from the folder)"
        } else {
            ""
        };
        return Err(Error::OutputConflict {
            path: dir.to_owned(),
            message: format!(
                "holds results of scenario `{scenario}` from {file}{seen_from}, not from {}; give the scenario its own `name`, or use --force to replace them, or --out to write elsewhere",
                source.display()
            ),
        });
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
}
