//! Ctrl-C (SIGINT) and SIGTERM during a real run: the binary stops, says what it stopped, exits
//! with 130 and leaves the output folder as it was (nothing new, no marker, no temporary file).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{baseline, lss_sim, repo, run_into_ok, snapshot};

/// Starts a run far too long to finish, sends `signal` after a while, and returns its output.
fn interrupted_run(out: &Path, signal: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "run".to_owned(),
        baseline(),
        "-n".into(),
        "5000000".into(),
        "-q".into(),
        "--out".into(),
        out.to_str().unwrap().into(),
    ];
    args.extend(extra.iter().map(|a| a.to_string()));
    interrupted(&args, signal)
}

/// Starts lss-sim with `args`, sends `signal` after a while, and returns its output.
fn interrupted(args: &[String], signal: &str) -> Output {
    let mut child = lss_sim()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the run ended before the signal"
    );
    let pid = child.id().to_string();
    let kill = Command::new("kill")
        .args([signal, &pid])
        .status()
        .expect("kill runs");
    assert!(kill.success());
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("lss-sim did not stop within 30 s of {signal}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn assert_interrupted(o: &Output) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(130), "{err}");
    assert!(
        err.contains("interrupted: scenario `linkoping-baseline` stopped after "),
        "{err}"
    );
    assert!(
        err.contains(" of 5000000 replications; nothing was written"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn sigint_stops_a_run_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("new");
    let o = interrupted_run(&out, "-INT", &[]);
    assert_interrupted(&o);
    assert!(!out.join("summary.json").exists());
    assert!(
        snapshot(&out).is_empty(),
        "files left behind: {:?}",
        snapshot(&out).keys()
    );
    assert!(
        snapshot(dir.path()).keys().all(|k| k == "new"),
        "{:?}",
        snapshot(dir.path()).keys()
    );
}

#[test]
fn sigterm_stops_a_run_and_previous_results_stay_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let out: PathBuf = dir.path().join("prev");
    run_into_ok(&baseline(), "5", &out, &[]);
    let before = snapshot(&out);
    assert!(before.contains_key("summary.json"));
    for (signal, name) in [("-TERM", "SIGTERM"), ("-INT", "SIGINT")] {
        // --force: the previous run has other replications; the interrupted run must still
        // leave it whole, marker included.
        let o = interrupted_run(&out, signal, &["--force"]);
        assert_interrupted(&o);
        assert!(
            before == snapshot(&out),
            "{name} changed the previous results: {:?}",
            snapshot(&out).keys()
        );
    }
}

#[test]
fn compare_sweep_and_bench_stop_on_sigint_and_write_nothing() {
    let faster = repo("scenarios/faster-expansion.toml")
        .display()
        .to_string();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let out = out.to_str().unwrap().to_owned();
    let commands: [Vec<String>; 3] = [
        vec![
            "compare".into(),
            baseline(),
            faster,
            "-n".into(),
            "5000000".into(),
        ],
        vec![
            "sweep".into(),
            baseline(),
            "--vary".into(),
            "applications.growth_per_year=0.01,0.02".into(),
            "-n".into(),
            "5000000".into(),
        ],
        vec!["bench".into(), baseline(), "-n".into(), "5000000".into()],
    ];
    for mut args in commands {
        if args[0] != "bench" {
            args.extend(["-q".into(), "--out".into(), out.clone()]);
        }
        let o = interrupted(&args, "-INT");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(130), "{}: {err}", args[0]);
        assert!(err.contains("interrupted: "), "{}: {err}", args[0]);
        assert!(!err.contains("panicked"), "{err}");
        assert!(
            snapshot(Path::new(&out)).is_empty(),
            "{} left files: {:?}",
            args[0],
            snapshot(Path::new(&out)).keys()
        );
    }
}
