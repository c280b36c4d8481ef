//! Golden run: every output file of every shipped scenario, of one `plot --lang sv`, of a
//! `compare` (in English and Swedish) and of two `sweep`s (one and two parameters), compared by SHA-256 digest with
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

/// A path as a command-line argument.
fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Appends the SHA-256 digest of every file below `out` to `digests`, named `name/FILE`.
fn digest_files(out: &Path, name: &str, digests: &mut String) {
    for f in files(out) {
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
        digest_files(&out, name, &mut digests);
    }
    // The charts in Swedish, re-drawn from the baseline's summary.json.
    let sv = root.join("linkoping-baseline-plot-sv");
    fs::create_dir_all(&sv).expect("folder");
    let base_out = root.join("linkoping-baseline");
    for f in files(&base_out) {
        fs::copy(base_out.join(&f), sv.join(&f)).expect("copied");
    }
    common::run_ok(&["plot", path(&sv), "--lang", "sv"]);
    digest_files(&sv, "linkoping-baseline-plot-sv", &mut digests);
    // A comparison (its tables and charts), in English and in Swedish.
    let scenario = |name: &str| common::repo(&format!("scenarios/{name}.toml"));
    let (base, no, faster) = (
        scenario("linkoping-baseline"),
        scenario("no-expansion"),
        scenario("faster-expansion"),
    );
    for (name, n, lang) in [("compare", "50", "en"), ("compare-sv", "20", "sv")] {
        let out = root.join(name);
        common::run_ok(&[
            "compare",
            path(&base),
            path(&no),
            path(&faster),
            "-n",
            n,
            "-q",
            "--lang",
            lang,
            "--out",
            path(&out),
        ]);
        digest_files(&out, name, &mut digests);
    }
    // Sweeps over one parameter (line charts) and over two (heat maps).
    let sweeps: [(&str, &str, &[&str]); 2] = [
        ("sweep", "20", &["--vary", "unit.LKP-101.places=0,6,12"]),
        (
            "sweep-2d",
            "10",
            &[
                "--vary",
                "unit.LKP-101.places=0,6",
                "--vary",
                "applications.per_year=40,50",
            ],
        ),
    ];
    for (name, n, vary) in sweeps {
        let out = root.join(name);
        let mut args = vec!["sweep", path(&base), "-n", n, "-q", "--out", path(&out)];
        args.extend_from_slice(vary);
        common::run_ok(&args);
        digest_files(&out, name, &mut digests);
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
