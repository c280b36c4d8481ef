//! Helpers shared by the integration tests that run the binary. Each test file uses a part of
//! them, hence `dead_code` allowed.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary under test, in an English locale whatever the machine's (a Swedish locale makes
/// Swedish the default language: tests/swedish.rs sets it where it wants it).
pub fn lss_sim() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lss-sim"));
    c.env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    c
}

/// A path in the repository.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The Linköping baseline scenario, as a command-line argument.
pub fn baseline() -> String {
    repo("scenarios/linkoping-baseline.toml")
        .display()
        .to_string()
}

/// Runs the binary with `args`.
pub fn run(args: &[&str]) -> Output {
    lss_sim().args(args).output().expect("the binary runs")
}

/// Runs the binary with `args` and checks that it succeeded.
pub fn run_ok(args: &[&str]) -> Output {
    let o = run(args);
    assert!(
        o.status.success(),
        "lss-sim {args:?} failed: {}",
        stderr(&o)
    );
    o
}

/// `lss-sim run SCENARIO -n N -q --out OUT EXTRA...`: the short run most tests make.
pub fn run_into(scenario: &str, n: &str, out: &Path, extra: &[&str]) -> Output {
    let out = out.to_str().expect("utf-8 path");
    let mut args = vec!["run", scenario, "-n", n, "-q", "--out", out];
    args.extend_from_slice(extra);
    run(&args)
}

/// [`run_into`], checked to succeed.
pub fn run_into_ok(scenario: &str, n: &str, out: &Path, extra: &[&str]) -> Output {
    let o = run_into(scenario, n, out, extra);
    assert!(
        o.status.success(),
        "lss-sim run {scenario} failed: {}",
        stderr(&o)
    );
    o
}

/// A scenario `file` in `dir` that extends the baseline with the TOML `body` (a copy of it as a
/// planner would start one).
pub fn baseline_variant(dir: &Path, file: &str, body: &str) -> PathBuf {
    let path = dir.join(file);
    std::fs::write(&path, format!("extends = {:?}\n{body}", baseline())).unwrap();
    path
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file in `dir` (names and bytes), hidden temporary files included; empty if `dir` does
/// not exist.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .map(|e| e.unwrap())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap_or_default(),
            )
        })
        .collect()
}

/// A unit register for [`Case`].
pub const UNITS: &str = "id,name,district,kind,profiles,places,occupied,opens,cost_per_place_year_tkr\n\
                         U1,Gruppbostad A,Ryd,group,ID|autism,5,4,,1000\n\
                         U2,Servicebostad B,Berga,service,ID,10,10,,950\n";

/// A small valid scenario for [`Case`].
pub const SCENARIO: &str = "name = \"small\"\nseed = 3\nreplications = 4\n\n[horizon]\nstart = 2018-09-01\nend = 2019-12-31\n\n\
                            [profiles]\nmix = { ID = 0.7, autism = 0.3 }\n\n[units]\nregisters = [\"units.csv\"]\n\n\
                            [applications]\nper_year = 20\n\n[offers]\nacceptance_probability = 0.7\n\n[stays]\nexit_rate_per_year = 0.05\n";

/// A temporary folder with a valid small scenario `s.toml` and its register `units.csv`, to be
/// broken one edit at a time.
pub struct Case {
    pub dir: tempfile::TempDir,
}

impl Case {
    /// The folder with [`SCENARIO`] and [`UNITS`].
    pub fn new() -> Case {
        let c = Case {
            dir: tempfile::tempdir().unwrap(),
        };
        c.write("units.csv", UNITS);
        c.write("s.toml", SCENARIO);
        c
    }

    /// Writes a file of the case.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) {
        std::fs::write(self.dir.path().join(name), bytes).unwrap();
    }

    /// Replaces the first `from` in a file by `to` (which must be there).
    pub fn edit(&self, name: &str, from: &str, to: &str) {
        let text = std::fs::read_to_string(self.dir.path().join(name)).unwrap();
        assert!(text.contains(from), "{from:?} not in {name}");
        self.write(name, text.replacen(from, to, 1));
    }

    /// A file of the case.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A file of the case, as a command-line argument.
    pub fn arg(&self, name: &str) -> String {
        self.path(name).display().to_string()
    }

    /// Runs `scenario` (with `extra` arguments) and expects exit 2 with every `needle` in one
    /// message, no panic, and nothing written.
    pub fn fails_with(&self, scenario: &str, extra: &[&str], needles: &[&str]) {
        let out = self.arg("out");
        let scenario = self.arg(scenario);
        let mut args = vec!["run", &scenario, "-q", "--out", &out];
        args.extend(extra);
        let o = run(&args);
        let err = stderr(&o);
        assert_eq!(
            o.status.code(),
            Some(2),
            "expected exit 2 for {needles:?}:\n{err}"
        );
        for n in needles {
            assert!(err.contains(n), "message lacks {n:?}:\n{err}");
        }
        assert_eq!(err.matches("error:").count(), 1, "one message:\n{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(
            !Path::new(&out).exists(),
            "nothing may be written on bad input"
        );
    }

    /// [`Case::fails_with`] without extra arguments.
    pub fn fails(&self, scenario: &str, needles: &[&str]) {
        self.fails_with(scenario, &[], needles);
    }

    /// Runs `s.toml` and expects success; returns the output folder.
    pub fn runs(&self) -> PathBuf {
        let out = self.path("ok");
        let o = run(&[
            "run",
            &self.arg("s.toml"),
            "-q",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        out
    }
}
