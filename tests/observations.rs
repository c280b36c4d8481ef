//! Observations, the back-test and `lss-sim calibrate`, through the binary: bad observations
//! refused at their line with what was probably meant, the back-test's table, JSON and printed
//! block, and calibration recovering known parameters.

mod common;

use common::{baseline_variant, run, run_into_ok, run_ok, stderr};

/// `lss-sim validate` on a variant of the baseline with `body`: its exit code and standard error.
fn validate(body: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = baseline_variant(dir.path(), "v.toml", body);
    let o = run(&["validate", path.to_str().unwrap()]);
    (o.status.code().unwrap_or(-1), stderr(&o))
}

fn observation(fields: &str) -> String {
    format!("name = \"v\"\n[[observation]]\n{fields}\n")
}

#[test]
fn bad_observations_are_refused_at_their_line_with_what_was_meant() {
    let cases: &[(&str, &str)] = &[
        (
            "metric = \"ocupancy\"\nperiod = \"2019\"\nvalue = 0.98",
            "`ocupancy` is not a metric: did you mean `occupancy`?",
        ),
        (
            "metric = \"queue\"\ndate = 2018-12-30\nvalue = 30",
            "counted at month ends and 2018-12-30 is not one: did you mean 2018-12-31?",
        ),
        (
            "metric = \"queue\"\ndate = 2023-01-31\nvalue = 30",
            "outside the horizon",
        ),
        (
            "metric = \"queue\"\ndate = 2018-12-31\nvalue = -3",
            "must be a finite number of 0 or more",
        ),
        (
            "metric = \"ivo_reports\"\nperiod = \"2018-Q5\"\nvalue = 36",
            "`2018-Q5` is not a period",
        ),
        (
            "metric = \"ivo_reports\"\nperiod = \"2018-11\"\nvalue = 36",
            "does not end a quarter",
        ),
        (
            "metric = \"U28419\"\nperiod = \"2019-Q2\"\nvalue = 200",
            "a median over a calendar year's first offers",
        ),
        (
            "metric = \"queue\"\ndate = 2018-12-31\nperiod = \"2018-Q4\"\nvalue = 30",
            "either `date` or `period`, not both",
        ),
        (
            "metric = \"decisions\"\ndate = 2018-08-31\nvalue = 3",
            "the start state, which fixes only the queue",
        ),
        ("metric = \"queue\"\nvalue = 3", "give `date`"),
    ];
    for (fields, message) in cases {
        let (code, err) = validate(&observation(fields));
        assert_eq!(code, 2, "{fields}: {err}");
        assert!(err.contains(message), "{fields}: {err}");
        assert!(err.contains("v.toml:"), "{fields}: not located: {err}");
    }
    // An unknown field of an observation is a typo.
    let (code, err) = validate(&observation(
        "metric = \"queue\"\ndate = 2018-12-31\nvalu = 3",
    ));
    assert_eq!(code, 2);
    assert!(err.contains("valu"), "{err}");
}

#[test]
fn an_observations_csv_is_read_like_a_spreadsheet_and_its_errors_name_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("obs.csv"),
        "metric;period;date;value;source\nivo_reports;2018-Q4;;36;IVO\nqueue;;2018-12-31;30,5;case system\n",
    )
    .unwrap();
    let ok = baseline_variant(
        dir.path(),
        "ok.toml",
        "name = \"v\"\nobservations = \"obs.csv\"\n",
    );
    let out = dir.path().join("out");
    run_into_ok(ok.to_str().unwrap(), "50", &out, &[]);
    let table = std::fs::read_to_string(out.join("observations.csv")).unwrap();
    // The baseline's five, then the file's two (the decimal comma read as 30.5).
    assert_eq!(table.lines().count(), 1 + 5 + 2, "{table}");
    assert!(
        table.contains(",queue,,2018-12-31,30.5,people,50,"),
        "{table}"
    );
    std::fs::write(
        dir.path().join("bad.csv"),
        "metric,period,value\nivo_reports,2018-Q4,36\nquene,2019,3\n",
    )
    .unwrap();
    let bad = baseline_variant(
        dir.path(),
        "bad.toml",
        "name = \"v\"\nobservations = \"bad.csv\"\n",
    );
    let o = run(&["validate", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("bad.csv:3"), "{err}");
    assert!(err.contains("did you mean `queue`?"), "{err}");
}

#[test]
fn the_back_test_gives_percentiles_flags_and_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let path = baseline_variant(
        dir.path(),
        "v.toml",
        &observation(
            "metric = \"ivo_reports\"\nperiod = \"2019-Q4\"\nvalue = 0\nsource = \"test\"",
        ),
    );
    let out = dir.path().join("out");
    let o = run_ok(&[
        "run",
        path.to_str().unwrap(),
        "-n",
        "64",
        "--out",
        out.to_str().unwrap(),
    ]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("Back-test"), "{text}");
    assert!(text.contains("outside 5-95 %"), "{text}");
    // A child's [[observation]] list replaces the baseline's: one row.
    let table = std::fs::read_to_string(out.join("observations.csv")).unwrap();
    assert_eq!(table.lines().count(), 2, "{table}");
    let row: Vec<&str> = table.lines().nth(1).unwrap().split(',').collect();
    // No replication has fewer than 0 reports: the percentile is half the share that has 0.
    assert_eq!(row[4], "ivo_reports");
    assert_eq!(row[15], "true", "{table}");
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let o0 = &summary["observations"][0];
    assert_eq!(o0["below"], 0);
    let equal = o0["equal"].as_f64().unwrap();
    assert_eq!(
        o0["percentile"].as_f64().unwrap(),
        100.0 * equal / 2.0 / 64.0
    );
    // Swedish: the printed block, the headers and the Excel dialect.
    let sv = dir.path().join("sv");
    let o = run_ok(&[
        "run",
        path.to_str().unwrap(),
        "-n",
        "64",
        "--out",
        sv.to_str().unwrap(),
        "--lang",
        "sv",
        "--csv-dialect",
        "excel-sv",
    ]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("Historisk kontroll"), "{text}");
    assert!(text.contains("utanför 5–95 %"), "{text}");
    let table = String::from_utf8(std::fs::read(sv.join("observations.csv")).unwrap()).unwrap();
    assert!(table.contains("mått;kolada;tidpunkt;observerat"), "{table}");
}

#[test]
fn the_baselines_start_state_matches_its_sources() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run_into_ok(&common::baseline(), "32", &out, &[]);
    let table = std::fs::read_to_string(out.join("observations.csv")).unwrap();
    for metric in [
        "queue",
        "over_6_months_unexecuted",
        "queue_in_external_placement",
        "vacant_places",
    ] {
        let row = table
            .lines()
            .find(|l| l.contains(&format!(",{metric},,2018-08-31,")))
            .unwrap_or_else(|| panic!("{metric} in {table}"));
        // The same in every replication and equal to the source: the 50th percentile.
        assert!(row.contains(",50,false,"), "{row}");
    }
    // A variant with a 4-month offer goal still counts the source's 6 months in the start state.
    let v = baseline_variant(
        dir.path(),
        "four.toml",
        "name = \"four\"\n[goals]\noffer_within_months = 4\n",
    );
    let out = dir.path().join("four");
    run_into_ok(v.to_str().unwrap(), "8", &out, &[]);
    let table = std::fs::read_to_string(out.join("observations.csv")).unwrap();
    assert!(
        table.contains(",over_6_months_unexecuted,,2018-08-31,10,people,8,10,10,10,10,50,false,"),
        "{table}"
    );
}

/// Recovery: the observations are simulated from the baseline with known parameters (55
/// applications a year, the backlog decided within 40 days): the medians of a run of that scenario
/// on another seed. Calibrating from wide ranges puts each true value inside its reported 5-95 %
/// range, narrower than the prior.
#[test]
fn calibration_recovers_known_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let truth = baseline_variant(
        dir.path(),
        "truth.toml",
        "name = \"truth\"\nseed = 99\n[applications]\nper_year = 55.0\n[investigation.backlog_remaining]\ndist = \"uniform\"\nmin_days = 0\nmax_days = 40.0\n",
    );
    let out = dir.path().join("truth-out");
    run_into_ok(truth.to_str().unwrap(), "400", &out, &[]);
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let median = |periods: &str, period: &str, metric: &str| {
        summary[periods]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["period"] == period)
            .unwrap()["metrics"][metric]["p50"]
            .as_f64()
            .unwrap()
    };
    let observed = [
        (
            "ivo_reports",
            "2018-Q4",
            median("quarters", "2018-Q4", "ivo_reports"),
        ),
        ("decisions", "2019", median("years", "2019", "decisions")),
        ("decisions", "2020", median("years", "2020", "decisions")),
        ("decisions", "2021", median("years", "2021", "decisions")),
    ];
    let mut body = String::from("name = \"fit\"\n");
    for (metric, period, value) in observed {
        body += &format!(
            "[[observation]]\nmetric = \"{metric}\"\nperiod = \"{period}\"\nvalue = {value}\n"
        );
    }
    let fit = baseline_variant(dir.path(), "fit.toml", &body);
    let cal = dir.path().join("cal");
    run_ok(&[
        "calibrate",
        fit.to_str().unwrap(),
        "--fit",
        "applications.per_year=25:90",
        "--fit",
        "investigation.backlog_remaining.max_days=5:200",
        "--draws",
        "400",
        "--per-draw",
        "10",
        "--accept",
        "0.03",
        "-n",
        "50",
        "-q",
        "--out",
        cal.to_str().unwrap(),
    ]);
    let c: serde_json::Value =
        serde_json::from_slice(&std::fs::read(cal.join("calibration.json")).unwrap()).unwrap();
    for (i, truth) in [(0, 55.0), (1, 40.0)] {
        let p = &c["parameters"][i]["posterior"];
        let (lo, hi) = (p["p5"].as_f64().unwrap(), p["p95"].as_f64().unwrap());
        assert!(
            lo <= truth && truth <= hi,
            "{}: {truth} outside [{lo}, {hi}]",
            c["parameters"][i]["path"]
        );
        // And narrower than the prior: the observations informed the fit.
        let prior = &c["parameters"][i]["prior"];
        let width = prior["high"].as_f64().unwrap() - prior["low"].as_f64().unwrap();
        assert!(
            hi - lo < 0.8 * width,
            "{}: [{lo}, {hi}] hardly narrower than the prior",
            c["parameters"][i]["path"]
        );
    }
    // The calibrated scenario runs as written.
    let file = cal.join("fit-calibrated.toml");
    run_ok(&["validate", file.to_str().unwrap()]);
    assert!(cal.join("calibration.csv").exists());
    assert!(cal.join("observations-before.csv").exists());
    assert!(cal.join("observations-after.csv").exists());
}

#[test]
fn calibration_refuses_what_it_cannot_fit() {
    let dir = tempfile::tempdir().unwrap();
    let none = baseline_variant(dir.path(), "none.toml", "name = \"v\"\nobservation = []\n");
    let o = run(&[
        "calibrate",
        none.to_str().unwrap(),
        "--fit",
        "applications.per_year=30:70",
        "-q",
        "--out",
        dir.path().join("a").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no observations to calibrate to"),
        "{}",
        stderr(&o)
    );
    let base = common::baseline();
    for (fit, message) in [
        ("applications.per_year=70:30", "must be below HIGH"),
        ("applications.per_yer=30:70", "is not set in this scenario"),
        (
            "investigation.grant_probability=0.5:1.5",
            "makes the scenario invalid",
        ),
        ("applications.per_year", "PATH=LOW:HIGH"),
    ] {
        let o = run(&[
            "calibrate",
            &base,
            "--fit",
            fit,
            "-q",
            "--out",
            dir.path().join("b").to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2), "{fit}");
        assert!(stderr(&o).contains(message), "{fit}: {}", stderr(&o));
    }
}

/// The baseline's one informative observation is a count (36 IVO reports), so many (draw,
/// replication) pairs lie at the same distance: 50 draws x 5 replications with `--accept 0.02`
/// accept exactly ceil(0.02 x 250) = 5 pairs, and the summary line, `calibration.json`,
/// `calibration.csv` and the calibrated file's header say 5 (accepting every pair tied at the
/// tolerance took 15 here, while the line printed the 2.0 % asked for).
#[test]
fn calibration_accepts_exactly_the_share_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let cal = dir.path().join("cal");
    let o = run_ok(&[
        "calibrate",
        &common::baseline(),
        "--fit",
        "investigation.backlog_remaining.max_days=10:180",
        "--draws",
        "50",
        "--per-draw",
        "5",
        "--accept",
        "0.02",
        "-n",
        "5",
        "--out",
        cal.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("50 draws x 5 replications (common random numbers), 5 accepted (2.0 %)"),
        "{stdout}"
    );
    let c: serde_json::Value =
        serde_json::from_slice(&std::fs::read(cal.join("calibration.json")).unwrap()).unwrap();
    assert_eq!(c["accepted_pairs"], 5, "{c}");
    assert_eq!(c["accepted_share"], 0.02, "{c}");
    // The weights of the accepted draws (each the share of its 5 replications) sum to 5 pairs.
    let csv = std::fs::read_to_string(cal.join("calibration.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let weight = reader.headers().unwrap().iter().position(|h| h == "weight");
    let weight = weight.expect("a weight column");
    let pairs: f64 = reader
        .records()
        .map(|r| r.unwrap()[weight].parse::<f64>().unwrap() * 5.0)
        .sum();
    assert!((pairs - 5.0).abs() < 1e-9, "{pairs} pairs in\n{csv}");
    assert_eq!(
        c["accepted_draws"].as_u64().unwrap() as usize,
        csv.lines().count() - 1,
        "{csv}"
    );
    let toml = std::fs::read_to_string(cal.join("linkoping-baseline-calibrated.toml")).unwrap();
    assert!(toml.contains(", 5 accepted pairs."), "{toml}");
}
