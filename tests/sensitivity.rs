//! `[uncertainty]` ranges and `lss-sim sensitivity`: bad ranges refused at their line, a
//! parameter that cannot reach an output has an effect of exactly 0, the tornado agrees with
//! Erlang C on an M/M/c queue, and the outputs are complete and independent of the thread count.

mod common;

use std::path::Path;

use common::{baseline, run, stderr};
use lss_sim::check::erlang_c;

/// An M/M/c queue as a scenario file: 50 places, mean stay 36.5 days (μ = 10 a year), λ = 400
/// decisions a year (ρ = 0.8), granted, offered, accepted and moved into at once; 40 residents at
/// the start, one year of warm-up. With `offer_within_months = 0` a first offer is late when it
/// comes after the day of the decision.
const MMC: &str = r#"name = "mmc"
seed = 7
replications = 400

[horizon]
start = 2019-01-01
end = 2021-12-31

[goals]
offer_within_months = 0
first_goal_year = 2020

[profiles]
mix = { all = 1.0 }
district_preference_probability = 0.0

[units]
registers = ["units.csv"]

[applications]
per_year = 400

[investigation]
duration = { dist = "fixed", days = 0 }
grant_probability = 1.0

[offers]
response = { dist = "fixed", days = 0 }
acceptance_probability = 1.0

[move_in]
lead = { dist = "fixed", days = 0 }

[stays]
length = { dist = "exponential", mean_days = 36.5 }

[vacancy]
turnaround = { dist = "fixed", days = 0 }

[queue]
withdrawal_rate_per_year = 0.0

[external]
cost_per_person_year_tkr = 1500

[uncertainty]
"applications.per_year" = { low = 350, high = 425 }
"external.cost_per_person_year_tkr" = { low = 1000, high = 3000 }
"#;

const MMC_UNITS: &str = "id,name,district,kind,profiles,places,occupied,opens,cost_per_place_year_tkr\nU,Unit,All,group,all,50,40,,1000\n";

fn mmc(dir: &Path) -> String {
    std::fs::write(dir.join("units.csv"), MMC_UNITS).unwrap();
    std::fs::write(dir.join("mmc.toml"), MMC).unwrap();
    dir.join("mmc.toml").display().to_string()
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).expect("written")).expect("JSON")
}

/// The tornado effect (mean and CI of the paired difference) in `sensitivity.json`.
fn effect(
    j: &serde_json::Value,
    parameter: &str,
    end: &str,
    year: i64,
    metric: &str,
) -> (f64, f64, f64) {
    let e = j["tornado"]["effects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["parameter"] == parameter
                && e["end"] == end
                && e["year"] == year
                && e["metric"] == metric
        })
        .unwrap_or_else(|| panic!("no effect of {parameter} {end} on {metric} in {year}"));
    let d = &e["difference"];
    let f = |k: &str| d[k].as_f64().unwrap();
    (f("mean"), f("ci_low"), f("ci_high"))
}

fn sensitivity(args: &[&str]) -> std::process::Output {
    let mut all = vec!["sensitivity"];
    all.extend_from_slice(args);
    run(&all)
}

/// The external placement cost changes no draw of the engine, so under common random numbers
/// its effect on the queue figures is exactly 0 in every replication, while the cost moves.
#[test]
fn a_parameter_that_cannot_reach_an_output_has_an_effect_of_exactly_zero() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = sensitivity(&[
        &baseline(),
        "-n",
        "24",
        "--trajectories",
        "0",
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let j = json(&out.join("sensitivity.json"));
    let p = "external.cost_per_person_year_tkr";
    for year in [2019, 2022] {
        for metric in [
            "over_6_months",
            "goal_offer_met",
            "ivo_reports",
            "occupancy",
        ] {
            for end in ["low", "high"] {
                assert_eq!(
                    effect(&j, p, end, year, metric),
                    (0.0, 0.0, 0.0),
                    "{metric} {end} {year}"
                );
            }
        }
        let (low, _, _) = effect(&j, p, "low", year, "cost_total_tkr");
        let (high, _, _) = effect(&j, p, "high", year, "cost_total_tkr");
        assert!(low < 0.0 && high > 0.0, "the cost moves: {low} {high}");
    }
    // And a parameter that does reach the queue moves it.
    let (m, lo, _) = effect(&j, "applications.per_year", "high", 2022, "over_6_months");
    assert!(m > 0.0 && lo > 0.0, "{m}");
}

/// On an M/M/c queue the tornado's effect of the arrival rate on the share of first offers that
/// come after the day of the decision (P(wait > 0), up to the day) agrees with the change in
/// Erlang C between the same low, base and high rates, within the paired confidence interval.
#[test]
fn the_tornado_of_the_arrival_rate_agrees_with_erlang_c() {
    let dir = tempfile::tempdir().unwrap();
    let file = mmc(dir.path());
    let out = dir.path().join("out");
    let o = sensitivity(&[
        &file,
        "--trajectories",
        "0",
        "--metric",
        "late_first_offer_share",
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let j = json(&out.join("sensitivity.json"));
    // W > 0 is exponential with rate θ = cμ − λ (per day) in M/M/c; the offer is late when W is
    // longer than the rest of the decision's day, a uniform share V of a day: P = C E[e^(−θV)].
    let late = |lambda: f64| {
        let theta = (500.0 - lambda) / 365.0;
        erlang_c(50, lambda / 10.0) * (1.0 - (-theta).exp()) / theta
    };
    for (end, lambda) in [("low", 350.0), ("high", 425.0)] {
        let want = late(lambda) - late(400.0);
        let (m, lo, hi) = effect(
            &j,
            "applications.per_year",
            end,
            2021,
            "late_first_offer_share",
        );
        eprintln!("{end}: tornado {m:.4} [{lo:.4}, {hi:.4}], Erlang C {want:.4}");
        assert!(
            (lo..=hi).contains(&want),
            "{end}: Erlang C gives {want}, the tornado {m} [{lo}, {hi}]"
        );
        assert!(
            want.abs() > 3.0 * (hi - lo),
            "the effect is far larger than the interval"
        );
    }
}

/// The files, the printed ranking and the Morris measures; the same bytes for any thread count.
#[test]
fn sensitivity_writes_csv_json_and_tornado_charts_the_same_for_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let file = mmc(dir.path());
    let mut jsons = Vec::new();
    for (threads, lang) in [("1", "en"), ("2", "sv")] {
        let out = dir.path().join(format!("out{threads}"));
        let o = sensitivity(&[
            &file,
            "-n",
            "40",
            "--trajectories",
            "3",
            "-j",
            threads,
            "--lang",
            lang,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let text = String::from_utf8_lossy(&o.stdout);
        let (rank, header) = if lang == "en" {
            (
                "rank",
                "scenario,seed,replications,version,analysis,parameter,",
            )
        } else {
            (
                "plats",
                "scenario,slumpfrö,simuleringar,version,analys,parameter,",
            )
        };
        assert!(
            text.contains(rank) && text.contains("applications.per_year"),
            "{text}"
        );
        assert!(text.contains("Morris"), "{text}");
        let csv = std::fs::read_to_string(out.join("sensitivity.csv")).unwrap();
        assert!(csv.starts_with(header), "{csv}");
        assert!(csv.contains(",tornado,") && csv.contains(",morris,"));
        for stem in [
            "tornado-chart-1-over-goal",
            "tornado-chart-2-offer-goal",
            "tornado-chart-3-cost",
        ] {
            for ext in ["png", "svg"] {
                assert!(out.join(format!("{stem}.{ext}")).exists(), "{stem}.{ext}");
            }
        }
        let svg = std::fs::read_to_string(out.join("tornado-chart-1-over-goal.svg")).unwrap();
        let title = lss_sim::report::charts::tornado::titles(if lang == "en" {
            lss_sim::report::Lang::En
        } else {
            lss_sim::report::Lang::Sv
        })[0];
        assert!(svg.contains(title), "{lang} title in the chart");
        let j = json(&out.join("sensitivity.json"));
        assert_eq!(j["morris"]["trajectories"], 3);
        assert!(!j["morris"]["effects"].as_array().unwrap().is_empty());
        jsons.push(std::fs::read(out.join("sensitivity.json")).unwrap());
    }
    assert_eq!(
        jsons[0], jsons[1],
        "sensitivity.json depends on the thread count"
    );
}

/// A bad `[uncertainty]` entry is refused with the file, line and column of the range and a
/// message that says what to write, exit 2.
#[test]
fn bad_uncertainty_entries_are_refused_at_their_line() {
    let cases: &[(&str, &[&str])] = &[
        (
            r#""applications.per_year" = { low = 70, high = 30 }"#,
            &["needs `low` below `high`"],
        ),
        (
            r#""applications.per_yer" = { low = 30, high = 70 }"#,
            &["`applications.per_yer` is not set in this scenario"],
        ),
        (
            r#""external.hemtagning" = { low = 0, high = 1 }"#,
            &["is boolean in this scenario, not a number"],
        ),
        (
            r#""goals.occupancy_target" = { low = 0.9, high = 0.99 }"#,
            &["cannot have a range", "a goal"],
        ),
        (
            r#""unit.LKP-G01.places" = { low = 4, high = 6 }"#,
            &["only keys of the scenario file"],
        ),
        (
            r#""applications.per_year" = { lo = 30, high = 70 }"#,
            &["unknown field `lo`"],
        ),
        (
            r#""applications.per_year" = { low = 30, high = 70, dist = "normal" }"#,
            &["\"uniform\" or \"triangular\""],
        ),
        (
            r#""applications.per_year" = { low = 30, high = 70, dist = "triangular", mode = 80 }"#,
            &["`mode` = 80", "outside"],
        ),
        (
            r#""applications.per_year" = { low = 30, high = 70, mode = 45 }"#,
            &["belongs to a triangular range"],
        ),
        (
            r#""offers.withdraw_after_declines" = { low = 3.5, high = 6 }"#,
            &["whole number", "`low` = 3.5"],
        ),
        (
            r#""offers.acceptance_probability" = { low = 0.5, high = 1.2 }"#,
            &["`high` = 1.2 of `offers.acceptance_probability` makes the scenario invalid"],
        ),
        (
            r#""applications.per_year" = { low = "30", high = 70 }"#,
            &["`low` of `applications.per_year` must be a number"],
        ),
        (
            r#"applications.per_year = { low = 30, high = 70 }"#,
            &["in quotes"],
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, (line, needles)) in cases.iter().enumerate() {
        let file = common::baseline_variant(
            dir.path(),
            &format!("v{i}.toml"),
            &format!("name = \"v{i}\"\n\n[uncertainty]\n{line}\n"),
        );
        let o = run(&["validate", file.to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{line}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        let at = format!("v{i}.toml:5:");
        assert!(
            err.contains(&at),
            "{line}: the message names the line ({at}):\n{err}"
        );
        for n in *needles {
            assert!(err.contains(n), "{line}: message lacks {n:?}:\n{err}");
        }
    }
}

/// A variant's range replaces the parent's range of the same path whole (here: the baseline's
/// triangular range becomes a uniform one), and the other ranges are inherited.
#[test]
fn a_variant_replaces_a_range_whole_and_inherits_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let file = common::baseline_variant(
        dir.path(),
        "v.toml",
        "name = \"v\"\n\n[uncertainty]\n\"applications.per_year\" = { low = 40, high = 50 }\n",
    );
    let loaded = lss_sim::scenario::read(&file).unwrap();
    let ranges = lss_sim::scenario::ranges(&loaded).unwrap();
    let base = lss_sim::scenario::ranges(&lss_sim::scenario::read(Path::new(&baseline())).unwrap())
        .unwrap();
    assert_eq!(ranges.len(), base.len());
    let r = ranges
        .iter()
        .find(|r| r.path == "applications.per_year")
        .unwrap();
    assert_eq!(
        (r.low, r.high, r.dist),
        (40.0, 50.0, lss_sim::scenario::Dist::Uniform)
    );
    let b = base
        .iter()
        .find(|r| r.path == "applications.per_year")
        .unwrap();
    assert_eq!(b.dist, lss_sim::scenario::Dist::Triangular { mode: 45.0 });
}

/// A scenario without ranges gets a message saying what to add, exit 2, and nothing written.
#[test]
fn sensitivity_without_ranges_says_what_to_add() {
    let c = common::Case::new();
    let out = c.path("out");
    let o = sensitivity(&[&c.arg("s.toml"), "-q", "--out", out.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("no [uncertainty] table"), "{err}");
    assert!(!out.join("sensitivity.json").exists());
}

/// `run --assumption-uncertainty`: every replication draws the ranges, the same bytes for any
/// thread count; every output says which kind of band it shows, and the bands are wider than
/// chance alone. A chance-only run says nothing new in its files.
#[test]
fn assumption_uncertainty_widens_the_bands_and_every_output_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let base = baseline();
    let chance = dir.path().join("chance");
    common::run_into_ok(&base, "64", &chance, &[]);
    let mut drawn = Vec::new();
    for j in ["1", "2"] {
        let out = dir.path().join(format!("drawn{j}"));
        let o = run(&[
            "run",
            &base,
            "-n",
            "64",
            "-j",
            j,
            "--assumption-uncertainty",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(
            text.contains("bands and intervals: chance and assumptions (19 ranged parameters"),
            "{text}"
        );
        drawn.push(common::snapshot(&out));
    }
    assert_eq!(drawn[0], drawn[1], "the outputs depend on the thread count");
    let files = &drawn[0];
    for (name, bytes) in files {
        if name.ends_with(".csv") {
            let text = String::from_utf8_lossy(bytes);
            let header = text.lines().next().unwrap();
            assert!(header.ends_with(",bands"), "{name}: {header}");
            assert!(
                text.lines()
                    .nth(1)
                    .unwrap()
                    .ends_with(",chance and assumptions"),
                "{name}"
            );
        }
    }
    let chance_files = common::snapshot(&chance);
    assert!(!String::from_utf8_lossy(&chance_files["yearly.csv"]).contains("bands"));
    let sj: serde_json::Value = serde_json::from_slice(&files["summary.json"]).unwrap();
    assert_eq!(sj["bands"]["kind"], "chance and assumptions");
    assert_eq!(
        sj["bands"]["drawn_each_replication"]
            .as_array()
            .unwrap()
            .len(),
        19
    );
    let cj: serde_json::Value = serde_json::from_slice(&chance_files["summary.json"]).unwrap();
    assert!(cj.get("bands").is_none());
    let svg = String::from_utf8_lossy(&files["chart-1-queue.svg"]).into_owned();
    assert!(
        svg.contains("bands: chance + 19 drawn assumptions"),
        "chart subtitle"
    );
    // The 90 % band of people over the offer goal at the end of 2022.
    let band = |j: &serde_json::Value| {
        let y = j["years"]
            .as_array()
            .unwrap()
            .iter()
            .find(|y| y["year"] == 2022)
            .unwrap();
        let m = &y["metrics"]["over_6_months"];
        m["p95"].as_f64().unwrap() - m["p5"].as_f64().unwrap()
    };
    let (wide, narrow) = (band(&sj), band(&cj));
    assert!(
        wide > 1.5 * narrow,
        "with assumptions {wide}, chance alone {narrow}"
    );
}

/// `compare --assumption-uncertainty` keeps common random numbers for chance and for the drawn
/// parameters: a scenario compared with an exact copy of itself differs by exactly 0.
#[test]
fn compare_with_assumption_uncertainty_keeps_common_random_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let copy = common::baseline_variant(dir.path(), "copy.toml", "name = \"copy\"\n");
    let out = dir.path().join("cmp");
    let o = run(&[
        "compare",
        &baseline(),
        copy.to_str().unwrap(),
        "-n",
        "40",
        "--assumption-uncertainty",
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let j: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("compare.json")).unwrap()).unwrap();
    assert_eq!(j["bands"]["kind"], "chance and assumptions");
    let mut checked = 0;
    for f in j["figures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["scenario"] == "copy")
    {
        let d = &f["difference"];
        assert_eq!(d["mean"].as_f64(), Some(0.0), "{f}");
        checked += 1;
    }
    assert!(checked > 0);
    let csv = std::fs::read_to_string(out.join("compare.csv")).unwrap();
    assert!(csv.lines().next().unwrap().ends_with(",bands"));
}

/// A value outside its (inherited) range runs with a warning, as a variant that moves a value
/// must; `sensitivity`, which uses the range, refuses it at the line of the range.
#[test]
fn a_value_outside_its_range_is_a_warning_for_run_and_an_error_for_sensitivity() {
    let dir = tempfile::tempdir().unwrap();
    let file = common::baseline_variant(
        dir.path(),
        "v.toml",
        "name = \"v\"\n\n[applications]\nper_year = 80\n",
    );
    let o = run(&["validate", file.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let msg =
        "the scenario's value of `applications.per_year`, 80, lies outside its range 30 to 70";
    assert!(
        err.contains("warning: ") && err.contains(msg) && err.contains("linkoping-baseline.toml:"),
        "{err}"
    );
    let out = dir.path().join("out");
    let o = sensitivity(&[file.to_str().unwrap(), "-q", "--out", out.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("error: ") && err.contains(msg) && err.contains("linkoping-baseline.toml:"),
        "{err}"
    );
    assert!(!out.join("sensitivity.json").exists());
}
