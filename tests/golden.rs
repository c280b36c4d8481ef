//! Golden run: every output file of every shipped scenario, compared by SHA-256 digest with
//! `tests/golden/digests.txt`. A refactoring must leave them all byte-identical; a change that
//! is meant to move a figure (a model rule, a new output) updates the digests on purpose:
//!
//! ```text
//! LSS_SIM_BLESS=1 cargo test --test golden
//! ```
//!
//! and the commit says why the outputs changed. The runs use 50 replications with each
//! scenario's seed, written below `target/golden-run/` of the checkout, so that the paths the
//! outputs record (the scenario file as seen from the result folder) are the same on every
//! machine.

mod common;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Every file below `dir`, sorted, as paths relative to it.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("readable folder") {
            let path = entry.expect("folder entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(dir).expect("below dir").to_path_buf());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_output_of_every_shipped_scenario_matches_its_digest() {
    let root = common::repo("target/golden-run");
    let _ = fs::remove_dir_all(&root);
    let mut scenarios: Vec<PathBuf> = fs::read_dir(common::repo("scenarios"))
        .expect("scenarios folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    scenarios.sort();
    assert!(scenarios.len() >= 8, "the shipped scenarios");
    let mut digests = String::new();
    for sc in &scenarios {
        let name = sc.file_stem().expect("file name").to_str().expect("utf-8");
        let out = root.join(name);
        common::run_into_ok(sc.to_str().expect("utf-8"), "50", &out, &[]);
        for f in files(&out) {
            let bytes = fs::read(out.join(&f)).expect("readable output");
            let hex = Sha256::digest(&bytes)
                .iter()
                .fold(String::new(), |mut s, b| {
                    let _ = write!(s, "{b:02x}");
                    s
                });
            let _ = writeln!(digests, "{hex}  {name}/{}", f.display());
        }
    }
    let stored = common::repo("tests/golden/digests.txt");
    if std::env::var_os("LSS_SIM_BLESS").is_some() {
        fs::write(&stored, &digests).expect("digests written");
        return;
    }
    let expected = fs::read_to_string(&stored).expect("tests/golden/digests.txt");
    let changed: Vec<String> = expected
        .lines()
        .zip(digests.lines())
        .filter(|(a, b)| a != b)
        .map(|(a, b)| format!("  expected {a}\n  got      {b}"))
        .collect();
    assert!(
        changed.is_empty() && expected.lines().count() == digests.lines().count(),
        "outputs differ from the golden run ({} of {} files; LSS_SIM_BLESS=1 updates the digests \
         when the change is meant):\n{}",
        changed.len(),
        digests.lines().count(),
        changed.join("\n")
    );
}
