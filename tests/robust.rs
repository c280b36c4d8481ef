//! The machine and the terminal as hostile as the input: absurd thread counts, two runs into one
//! folder at once, a closed pipe or a full disk on standard output, a write that fails in a new
//! folder. docs/hostile-input.md lists these cases.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::*;

/// Standard output as text.
fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn assert_no_panic(what: &str, o: &Output) {
    let err = stderr(o);
    assert_ne!(o.status.code(), Some(101), "{what} panicked: {err}");
    assert!(o.status.code().is_some(), "{what} died of a signal: {err}");
    assert!(!err.contains("panicked"), "{what}: {err}");
}

/// A command of each kind, writing (where it writes) into `out`, with its result file, and a
/// finished run's folder for `plot`.
fn every_command(c: &Case, out: &Path, plot_dir: &Path) -> Vec<(Vec<String>, Option<String>)> {
    let s = c.arg("s.toml");
    let other = c.path("other.toml");
    std::fs::write(
        &other,
        SCENARIO.replace("name = \"small\"", "name = \"other\""),
    )
    .unwrap();
    let out = out.to_str().unwrap().to_owned();
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        (
            args(&["run", &s, "-n", "3", "--out", &format!("{out}/run")]),
            Some(format!("{out}/run/summary.json")),
        ),
        (args(&["validate", &s]), None),
        (
            args(&["plot", plot_dir.to_str().unwrap()]),
            Some(format!("{}/chart-1-queue.svg", plot_dir.display())),
        ),
        (
            args(&[
                "compare",
                &s,
                other.to_str().unwrap(),
                "-n",
                "3",
                "--out",
                &format!("{out}/compare"),
            ]),
            Some(format!("{out}/compare/compare.json")),
        ),
        (
            args(&[
                "sweep",
                &s,
                "--vary",
                "applications.per_year=10,20",
                "-n",
                "3",
                "--out",
                &format!("{out}/sweep"),
            ]),
            Some(format!("{out}/sweep/sweep.json")),
        ),
        (
            args(&[
                "check",
                "erlang",
                "--places",
                "2",
                "--arrivals-per-year",
                "10",
                "--mean-stay-years",
                "0.1",
                "-n",
                "2",
                "--decisions",
                "200",
            ]),
            None,
        ),
        (args(&["bench", &s, "-n", "3"]), None),
    ]
}

// ---- Threads

#[test]
fn absurd_threads_are_refused_by_every_command() {
    let c = Case::new();
    let out = c.path("out");
    let limit = lss_sim::cli::thread_limit();
    let too_many = (limit + 1).to_string();
    for threads in ["1000000", "99999999999999999999999", too_many.as_str()] {
        for (mut args, _) in every_command(&c, &out, &c.path("no-such-run")) {
            if ["validate", "plot"].contains(&args[0].as_str()) {
                continue;
            }
            args.extend(["--threads".into(), threads.into()]);
            let started = Instant::now();
            let o = lss_sim().args(&args).output().unwrap();
            let err = stderr(&o);
            assert_no_panic(&args[0], &o);
            assert_eq!(o.status.code(), Some(2), "{}: {err}", args[0]);
            assert!(
                err.contains(&format!(
                    "{threads} threads is more than the limit of {limit} (4 for each of this machine's"
                )) && err.contains("leave out --threads for one per core"),
                "{}: {err}",
                args[0]
            );
            assert!(started.elapsed() < Duration::from_secs(5), "{}", args[0]);
            assert!(!out.exists(), "{} wrote {:?}", args[0], snapshot(&out));
        }
    }
    c.fails_with(
        "s.toml",
        &["-j", "many"],
        &["`many` is not a whole number of threads (0 for one per core, up to"],
    );
    // The limit itself, and 0 (one per core), run.
    for threads in [limit.to_string(), "0".into()] {
        let o = run_into(&c.arg("s.toml"), "2", &out, &["--force", "-j", &threads]);
        assert!(o.status.success(), "-j {threads}: {}", stderr(&o));
    }
}

// ---- Concurrent runs

/// Waits until `path` exists, for at most 30 s.
fn wait_for(path: &Path) {
    let started = Instant::now();
    while !path.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{} did not appear",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_second_run_into_a_folder_in_use_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("results");
    run_into_ok(&baseline(), "5", &out, &[]);
    let before = snapshot(&out);
    assert!(!before.contains_key(".lss-sim.lock"), "{:?}", before.keys());
    // A long run holds the folder (--force: it has other replications than the results there).
    let first = lss_sim()
        .args(["run", &baseline(), "-n", "5000000", "-q", "--force"])
        .arg("--out")
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lock = out.join(".lss-sim.lock");
    wait_for(&lock);
    let pid = first.id().to_string();
    let faster = repo("scenarios/faster-expansion.toml")
        .display()
        .to_string();
    let o = out.to_str().unwrap();
    let b = baseline();
    let seconds: [&[&str]; 4] = [
        // The same scenario, seed and replications as the results there: allowed but for the lock.
        &["run", &b, "-n", "5", "-q", "--out", o],
        &["compare", &b, &faster, "-n", "5", "-q", "--out", o],
        &[
            "sweep",
            &b,
            "--vary",
            "applications.growth_per_year=0.01,0.02",
            "-n",
            "5",
            "-q",
            "--out",
            o,
        ],
        &["plot", o],
    ];
    for args in seconds {
        let started = Instant::now();
        let second = run(args);
        let err = stderr(&second);
        assert_no_panic(args[0], &second);
        assert_eq!(second.status.code(), Some(2), "{}: {err}", args[0]);
        assert!(
            err.contains(&format!(
                "{o}: another lss-sim run (process {pid}) is writing into this folder; wait until it ends, or use --out to write elsewhere"
            )),
            "{}: {err}",
            args[0]
        );
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{} waited for the lock",
            args[0]
        );
    }
    // The first run still holds the folder, which holds only the previous results and the lock.
    let mut during = snapshot(&out);
    assert_eq!(
        during.remove(".lss-sim.lock"),
        Some(format!("{pid}\n").into_bytes())
    );
    assert!(before == during, "{:?}", during.keys());
    // Stopped, it writes nothing and leaves the previous results as they were, lock file gone.
    Command::new("kill").args(["-INT", &pid]).status().unwrap();
    let first = first.wait_with_output().unwrap();
    assert_eq!(first.status.code(), Some(130), "{}", stderr(&first));
    assert!(before == snapshot(&out), "{:?}", snapshot(&out).keys());
    // And the folder is free again.
    run_into_ok(&baseline(), "5", &out, &[]);
    assert!(before.keys().eq(snapshot(&out).keys()));
}

#[test]
fn a_lock_file_left_by_a_killed_run_is_ignored_and_removed() {
    let c = Case::new();
    // In a folder holding only the lock file: it holds no results to protect.
    let fresh = c.path("fresh");
    std::fs::create_dir(&fresh).unwrap();
    std::fs::write(fresh.join(".lss-sim.lock"), "999999999\n").unwrap();
    run_into_ok(&c.arg("s.toml"), "2", &fresh, &[]);
    assert!(fresh.join("summary.json").exists());
    assert!(!fresh.join(".lss-sim.lock").exists());
    // Beside previous results.
    std::fs::write(fresh.join(".lss-sim.lock"), "999999999\n").unwrap();
    run_into_ok(&c.arg("s.toml"), "2", &fresh, &[]);
    assert!(!fresh.join(".lss-sim.lock").exists());
}

// ---- Closed pipe and full disk

#[test]
fn a_closed_pipe_ends_every_command_quietly_with_its_results_written() {
    let c = Case::new();
    let plot_dir = c.runs();
    let out = c.path("out");
    for (args, result) in every_command(&c, &out, &plot_dir) {
        if let Some(r) = &result {
            let _ = std::fs::remove_file(r);
        }
        let mut child = lss_sim()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader is gone before the first line comes, as with `lss-sim ... | true`.
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        let err = stderr(&o);
        assert_no_panic(&args[0], &o);
        assert_eq!(o.status.code(), Some(0), "{}: {err}", args[0]);
        assert!(!err.contains("error"), "{}: {err}", args[0]);
        if let Some(r) = &result {
            assert!(Path::new(r).exists(), "{}: {r} not written", args[0]);
        }
    }
}

#[test]
fn a_full_disk_on_standard_output_is_an_error_for_every_command() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let c = Case::new();
    let plot_dir = c.runs();
    let out = c.path("out");
    for (args, result) in every_command(&c, &out, &plot_dir) {
        let full = std::fs::File::options()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let o = lss_sim()
            .args(&args)
            .stdout(Stdio::from(full))
            .output()
            .unwrap();
        let err = stderr(&o);
        assert_no_panic(&args[0], &o);
        assert_eq!(o.status.code(), Some(2), "{}: {err}", args[0]);
        assert!(
            err.contains(
                "error: cannot write to standard output: No space left on device (os error 28)"
            ),
            "{}: {err}",
            args[0]
        );
        // The results come first, whole: only the printed table is lost.
        if let Some(r) = &result {
            assert!(Path::new(r).exists(), "{}: {r} not written", args[0]);
        }
    }
    // Quiet runs print nothing, so they do not fail.
    let full = std::fs::File::options()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let o = lss_sim()
        .args(["run", &c.arg("s.toml"), "-q", "--out"])
        .arg(c.path("quiet"))
        .stdout(Stdio::from(full))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
}

// ---- Write failures

/// Runs lss-sim with `args` and files limited to 1 KB, as a full disk: writing more fails with
/// "File too large" (EFBIG; SIGXFSZ is ignored, as its default would kill the process). Works
/// as root, which permissions do not stop.
#[cfg(unix)]
fn run_on_a_full_disk(args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 2; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_lss-sim"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
#[cfg(unix)]
fn a_failed_write_removes_the_folders_the_run_created_and_no_other() {
    let dir = tempfile::tempdir().unwrap();
    let b = baseline();
    let faster = repo("scenarios/faster-expansion.toml")
        .display()
        .to_string();
    // New folders, two levels deep.
    let new = dir.path().join("new");
    let out = new.join("sub");
    let o = out.to_str().unwrap();
    let cases: [(&[&str], &str); 3] = [
        (
            &["run", &b, "-n", "2", "-q", "--out", o],
            "scenario.resolved.toml",
        ),
        (
            &["compare", &b, &faster, "-n", "2", "-q", "--out", o],
            "compare.csv",
        ),
        (
            &[
                "sweep",
                &b,
                "--vary",
                "applications.growth_per_year=0.01,0.02",
                "-n",
                "2",
                "-q",
                "--out",
                o,
            ],
            // sweep.csv is smaller than the limit.
            "sweep-chart.png",
        ),
    ];
    for (args, file) in cases {
        let r = run_on_a_full_disk(args);
        let err = stderr(&r);
        assert_no_panic(args[0], &r);
        assert_eq!(r.status.code(), Some(2), "{}: {err}", args[0]);
        assert!(
            err.contains(&format!(
                "cannot write {}: File too large (os error 27)",
                out.join(file).display()
            )),
            "{}: {err}",
            args[0]
        );
        assert!(
            !new.exists(),
            "{} left {:?}",
            args[0],
            snapshot(dir.path()).keys()
        );
    }
    // A folder that was there before stays, empty as it was.
    std::fs::create_dir(&new).unwrap();
    let r = run_on_a_full_disk(&["run", &b, "-n", "2", "-q", "--out", new.to_str().unwrap()]);
    assert_eq!(r.status.code(), Some(2), "{}", stderr(&r));
    assert!(new.is_dir());
    assert!(snapshot(&new).is_empty(), "{:?}", snapshot(&new).keys());
    // And a folder with previous results keeps them byte-identical.
    let prev = dir.path().join("prev");
    run_into_ok(&b, "2", &prev, &[]);
    let before = snapshot(&prev);
    let p = prev.to_str().unwrap();
    let r = run_on_a_full_disk(&["run", &b, "-n", "3", "-q", "--force", "--out", p]);
    assert_eq!(r.status.code(), Some(2), "{}", stderr(&r));
    assert!(before == snapshot(&prev), "{:?}", snapshot(&prev).keys());
}
