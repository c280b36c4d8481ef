//! The binary as a user meets it: `lss-sim run` and `lss-sim validate`, good and bad input.

mod common;
use common::*;

const FILES: &[&str] = &[
    "summary.json",
    "yearly.csv",
    "quarterly.csv",
    "monthly.csv",
    "units.csv",
    "scenario.resolved.toml",
];

#[test]
fn a_short_baseline_run_writes_every_file_with_the_documented_columns() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("base");
    run_ok(&[
        "run",
        &baseline(),
        "-n",
        "12",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]);
    for f in FILES {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let header = |f: &str| {
        std::fs::read_to_string(out.join(f))
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_owned()
    };
    // Every table starts with what produced it: scenario, seed, replications, version.
    let period_header = "scenario,seed,replications,version,period,year,metric,unit,n,mean,ci_low,ci_high,sd,p5,p25,p50,p75,p95";
    for f in ["yearly.csv", "quarterly.csv", "monthly.csv"] {
        assert_eq!(header(f), period_header, "{f}");
    }
    assert_eq!(
        header("units.csv"),
        "scenario,seed,replications,version,unit_id,name,district,kind,places,year,open_place_days,n,occupancy_mean,ci_low,ci_high,p5,p25,p50,p75,p95"
    );
    let provenance = format!(
        "linkoping-baseline,20180831,12,{},",
        env!("CARGO_PKG_VERSION")
    );
    for f in &FILES[1..5] {
        let text = std::fs::read_to_string(out.join(f)).unwrap();
        assert!(
            text.lines().skip(1).all(|l| l.starts_with(&provenance)),
            "{f}: every row starts with {provenance}"
        );
    }
    let yearly = std::fs::read_to_string(out.join("yearly.csv")).unwrap();
    for metric in [
        "queue",
        "over_6_months",
        "ivo_reports",
        "occupancy",
        "goal_offer_met",
        "goal_occupancy_met",
        "external_placements",
        "cost_total_tkr",
    ] {
        for year in 2019..=2022 {
            let prefix = format!("{provenance}{year},{year},{metric},");
            assert!(
                yearly.lines().any(|l| l.starts_with(&prefix)),
                "no {metric} for {year}"
            );
        }
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(json["scenario"]["name"], "linkoping-baseline");
    assert_eq!(json["replications"], 12);
    assert_eq!(json["seed"], 20180831u64);
    assert_eq!(json["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(json["years"].as_array().unwrap().len(), 5);
    assert_eq!(json["months"].as_array().unwrap().len(), 52);
    let occ = &json["years"][1]["metrics"]["occupancy"];
    let (lo, mean, hi) = (
        occ["ci_low"].as_f64().unwrap(),
        occ["mean"].as_f64().unwrap(),
        occ["ci_high"].as_f64().unwrap(),
    );
    assert!(
        0.5 < mean && mean <= 1.0 && lo <= mean && mean <= hi,
        "{occ}"
    );
    let resolved = std::fs::read_to_string(out.join("scenario.resolved.toml")).unwrap();
    assert!(resolved.contains("replications = 12"));
}

#[test]
fn the_summary_is_printed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x");
    let o = run_ok(&[
        "run",
        &baseline(),
        "-n",
        "8",
        "--out",
        out.to_str().unwrap(),
    ]);
    let text = String::from_utf8(o.stdout.clone()).unwrap();
    assert!(
        text.contains("linkoping-baseline — 8 replications, seed 20180831"),
        "{text}"
    );
    for year in 2019..=2022 {
        assert!(
            text.lines().any(|l| l.starts_with(&year.to_string())),
            "no row for {year}:\n{text}"
        );
    }
}

#[test]
fn results_are_byte_identical_for_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut outputs = Vec::new();
    for threads in ["1", "2", "3"] {
        let out = dir.path().join(format!("t{threads}"));
        run_ok(&[
            "run",
            &baseline(),
            "-n",
            "24",
            "--quiet",
            "--threads",
            threads,
            "--out",
            out.to_str().unwrap(),
        ]);
        outputs.push(out);
    }
    for f in FILES {
        let a = std::fs::read(outputs[0].join(f)).unwrap();
        for other in &outputs[1..] {
            assert!(
                a == std::fs::read(other.join(f)).unwrap(),
                "{f} differs between thread counts"
            );
        }
    }
}

#[test]
fn a_different_seed_changes_the_results() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert!(
        run(&[
            "run",
            &baseline(),
            "-n",
            "6",
            "-q",
            "--out",
            a.to_str().unwrap()
        ])
        .status
        .success()
    );
    assert!(
        run(&[
            "run",
            &baseline(),
            "-n",
            "6",
            "-q",
            "--seed",
            "7",
            "--out",
            b.to_str().unwrap()
        ])
        .status
        .success()
    );
    assert_ne!(
        std::fs::read(a.join("yearly.csv")).unwrap(),
        std::fs::read(b.join("yearly.csv")).unwrap()
    );
}

#[test]
fn a_copy_of_a_scenario_that_kept_its_name_does_not_replace_its_results() {
    // The natural way to start a plan: copy the baseline, change a number, forget the name.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    run_into_ok(&baseline(), "5", &out, &[]);
    let before = snapshot(&out);
    let copy = baseline_variant(
        dir.path(),
        "my-plan.toml",
        "[applications]\nper_year = 70\n",
    );
    let o = run_into(copy.to_str().unwrap(), "5", &out, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    // The stored file is relative to the folder or absolute, depending on where the checkout is.
    assert!(
        err.contains("holds results of scenario `linkoping-baseline` from ")
            && err.contains("linkoping-baseline.toml")
            && err.contains(", not from ")
            && err.contains("my-plan.toml; give the scenario its own `name`"),
        "{err}"
    );
    assert!(before == snapshot(&out), "previous results changed");
    // The same file again replaces its own results, as before.
    run_into_ok(&baseline(), "5", &out, &[]);
}

#[test]
fn the_resolved_scenario_validates_from_another_folder() {
    let dir = tempfile::tempdir().unwrap();
    // A result folder inside the project, as `run` makes by default.
    let inside = tempfile::Builder::new()
        .prefix(".resolved-test")
        .tempdir_in(repo("output"))
        .unwrap();
    let out = inside.path();
    run_into_ok(&baseline(), "5", out, &[]);
    let resolved = std::fs::read_to_string(out.join("scenario.resolved.toml")).unwrap();
    // Inside the project: paths relative to the result folder.
    assert!(
        resolved.contains("\"../../scenarios/units/linkoping-2018.csv\""),
        "{resolved}"
    );
    // Validated from another folder, it finds its registers and start state.
    let o = lss_sim()
        .current_dir(dir.path())
        .args([
            "validate",
            out.join("scenario.resolved.toml").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let verdict = String::from_utf8_lossy(&o.stdout);
    assert!(verdict.contains("67 units with 462 places"), "{verdict}");
}

#[test]
fn a_folder_with_other_results_needs_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    run_into_ok(&baseline(), "5", &out, &[]);
    let before = std::fs::read(out.join("summary.json")).unwrap();
    let o = run_into(&baseline(), "5", &out, &["--seed", "99"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("holds results of scenario `linkoping-baseline` with seed 20180831"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        before,
        std::fs::read(out.join("summary.json")).unwrap(),
        "previous results untouched"
    );
    run_into_ok(&baseline(), "5", &out, &["--seed", "99", "--force"]);
}

#[test]
fn validate_prints_its_verdict_first_and_the_resolved_variant_when_asked() {
    let file = repo("scenarios/no-expansion.toml");
    let o = run_ok(&["validate", file.to_str().unwrap()]);
    let text = String::from_utf8(o.stdout.clone()).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("valid — 65 units with 450 places"), "{text}");
    let o = run_ok(&["validate", file.to_str().unwrap(), "--resolved"]);
    let text = String::from_utf8(o.stdout.clone()).unwrap();
    assert!(text.contains("name = \"no-expansion\""));
    // Inherited from the baseline through `extends`.
    assert!(text.contains("grant_probability = 0.65"), "{text}");
    assert!(!text.contains("planned-2019.csv"));
    assert!(
        stderr(&o).contains("valid — 65 units with 450 places"),
        "{}",
        stderr(&o)
    );
}

// ---- Bad input: each gets one clear message with file and line, a non-zero exit, no output.

#[test]
fn the_small_case_is_valid() {
    Case::new().runs();
}

#[test]
fn toml_syntax_error() {
    let c = Case::new();
    c.edit("s.toml", "per_year = 20", "per_year = = 20");
    c.fails("s.toml", &["s.toml:16:12", "per_year = = 20"]);
}

#[test]
fn unknown_or_misspelled_field() {
    let c = Case::new();
    c.edit("s.toml", "acceptance_probability", "aceptance_probability");
    c.fails(
        "s.toml",
        &[
            "s.toml:19:1",
            "unknown field `aceptance_probability`",
            "acceptance_probability",
        ],
    );
}

#[test]
fn wrong_type() {
    let c = Case::new();
    c.edit("s.toml", "per_year = 20", "per_year = \"twenty\"");
    c.fails(
        "s.toml",
        &[
            "s.toml:16:12",
            "invalid type: string \"twenty\", expected a number (like 45 or 0.65, without quotes)",
        ],
    );
    c.edit("s.toml", "per_year = \"twenty\"", "per_year = 20%");
    c.fails(
        "s.toml",
        &["s.toml:16:", "a number is written without a unit or `%`"],
    );
    c.edit("s.toml", "per_year = 20%", "per_year = 20");
    c.edit("s.toml", "seed = 3", "seed = -3");
    c.fails(
        "s.toml",
        &["s.toml:", "expected a whole number of 0 or more"],
    );
}

#[test]
fn probability_outside_0_1() {
    let c = Case::new();
    c.edit(
        "s.toml",
        "acceptance_probability = 0.7",
        "acceptance_probability = 1.4",
    );
    c.fails(
        "s.toml",
        &[
            "s.toml:19:26",
            "`offers.acceptance_probability` = 1.4 must be a probability between 0 and 1",
        ],
    );
}

#[test]
fn negative_rate() {
    let c = Case::new();
    c.edit(
        "s.toml",
        "exit_rate_per_year = 0.05",
        "exit_rate_per_year = -0.05",
    );
    c.fails(
        "s.toml",
        &[
            "s.toml:22:22",
            "`stays.exit_rate_per_year` = -0.05 must be a finite number of 0 or more",
        ],
    );
}

#[test]
fn negative_places_in_the_register() {
    let c = Case::new();
    c.edit("units.csv", "ID,10,10", "ID,-10,10");
    c.fails(
        "s.toml",
        &[
            "units.csv:3",
            "column 6 `places`: `-10` is not a whole number",
        ],
    );
}

#[test]
fn bad_value_in_a_register_row_names_the_row() {
    let c = Case::new();
    c.edit("units.csv", ",,950", ",,nine hundred");
    c.fails(
        "s.toml",
        &[
            "units.csv:3",
            "`cost_per_place_year_tkr`: `nine hundred` is not a number",
        ],
    );
}

#[test]
fn a_unit_closed_before_the_start() {
    let c = Case::new();
    c.write(
        "units.csv",
        "id,name,district,kind,profiles,places,occupied,closes,cost_per_place_year_tkr\n\
         U1,Gruppbostad A,Ryd,group,ID|autism,5,4,2018-06-30,1000\n",
    );
    c.fails(
        "s.toml",
        &[
            "units.csv:2",
            "the unit closes on 2018-06-30, not after the start of the horizon (2018-09-01)",
        ],
    );
}

#[test]
fn register_dates_after_the_horizon_are_plans_beyond_it() {
    // A real register holds a unit opening after the horizon and one whose lease ends after it:
    // both run; the first never opens within the horizon, the second never closes.
    let c = Case::new();
    c.write(
        "units.csv",
        "id,name,district,kind,profiles,places,occupied,opens,closes,cost_per_place_year_tkr\n\
         U1,Gruppbostad A,Ryd,group,ID|autism,5,4,,2030-06-30,1000\n\
         U2,Servicebostad B,Berga,service,ID,10,0,2025-01-01,,950\n",
    );
    let out = c.runs();
    let units = std::fs::read_to_string(out.join("units.csv")).unwrap();
    assert!(units.contains(",U1,"), "{units}");
    assert!(
        !units.contains(",U2,"),
        "a unit that never opens has no occupancy:\n{units}"
    );
}

#[test]
fn a_units_own_delay_probability() {
    let c = Case::new();
    let units = "id,name,district,kind,profiles,places,occupied,opens,delay_probability,cost_per_place_year_tkr\n\
                 U1,Gruppbostad A,Ryd,group,ID|autism,5,4,,,1000\n\
                 U2,Servicebostad B,Berga,service,ID,10,0,2019-03-01,0,950\n";
    c.write("units.csv", units);
    // Without a delay to draw, the column would do nothing: refused.
    c.fails(
        "s.toml",
        &[
            "s.toml",
            "gives unit `U2` a `delay_probability`, but the scenario has no `[construction]`",
        ],
    );
    c.edit(
        "s.toml",
        "[applications]",
        "[construction]\ndelay_probability = 1.0\ndelay = { dist = \"fixed\", days = 90 }\n\n[applications]",
    );
    // U2 is already built (probability 0): its open place-days are known in advance.
    let out = c.runs();
    let table = std::fs::read_to_string(out.join("units.csv")).unwrap();
    let u2 = table
        .lines()
        .find(|l| l.contains(",U2,") && l.contains(",2019,"));
    assert!(
        u2.is_some_and(|l| l.contains(",2019,3060,")),
        "U2 open 306 days x 10 places in 2019:\n{table}"
    );
    c.write("units.csv", units.replace(",0,950", ",1.5,950"));
    c.fails(
        "s.toml",
        &["units.csv:3", "1.5 must be a probability between 0 and 1"],
    );
}

#[test]
fn start_people_with_one_id_twice_or_a_decline_without_an_offer() {
    let c = Case::new();
    c.edit(
        "s.toml",
        "[applications]",
        "[start]\npeople = \"people.csv\"\n\n[applications]",
    );
    let people = "id,status,profile,decision_date,declines,offered_before\n\
                  P-001,queued,ID,2018-03-01,0,\n\
                  P-002,queued,ID,2018-04-01,1,\n";
    c.write("people.csv", people);
    c.runs();
    c.write(
        "people.csv",
        format!("{people}P-001,queued,autism,2018-05-01,0,\n"),
    );
    c.fails(
        "s.toml",
        &[
            "people.csv:4",
            "person id `P-001` is already used on line 2",
        ],
    );
    c.write("people.csv", people.replace("1,\n", "2,false\n"));
    c.fails(
        "s.toml",
        &[
            "people.csv:3",
            "is false, but the person has declined 2 offers: a decline needs an offer",
        ],
    );
}

#[test]
fn a_profile_no_unit_serves() {
    let c = Case::new();
    c.edit(
        "s.toml",
        "mix = { ID = 0.7, autism = 0.3 }",
        "mix = { ID = 0.6, autism = 0.3, health = 0.1 }",
    );
    c.fails("s.toml", &["s.toml:10:", "no unit serves profile `health`"]);
}

#[test]
fn a_missing_file() {
    let c = Case::new();
    c.fails("nothing.toml", &["cannot read", "nothing.toml"]);
    // A file named in a scenario: the message points at the line that names it.
    c.write("v.toml", "name = \"v\"\nextends = \"sx.toml\"\n");
    c.fails(
        "v.toml",
        &[
            "v.toml:2:1",
            "cannot read `",
            "sx.toml`, named by `extends`",
        ],
    );
    c.edit("s.toml", "units.csv", "unitz.csv");
    c.fails(
        "s.toml",
        &[
            "s.toml:",
            "cannot read `",
            "unitz.csv`, named by `units.registers`",
        ],
    );
}

#[test]
fn an_extends_loop() {
    let c = Case::new();
    c.write("a.toml", "extends = \"b.toml\"\nname = \"a\"\n");
    c.write("b.toml", "extends = \"a.toml\"\nname = \"b\"\n");
    c.fails(
        "a.toml",
        &["`extends` loop", "a.toml -> ", "b.toml -> ", "a.toml"],
    );
}

#[test]
fn an_error_in_a_variant_points_into_the_variant() {
    let c = Case::new();
    c.write(
        "v.toml",
        "extends = \"s.toml\"\nname = \"v\"\n\n[offers]\nacceptance_probability = -1\n",
    );
    c.fails("v.toml", &["v.toml:5:26", "must be a probability"]);
}

#[test]
fn a_variant_overrides_only_what_it_sets() {
    let c = Case::new();
    c.write(
        "v.toml",
        "extends = \"s.toml\"\nname = \"v\"\n\n[applications]\nper_year = 40\n",
    );
    let o = run_ok(&["validate", &c.arg("v.toml"), "--resolved"]);
    let text = String::from_utf8(o.stdout.clone()).unwrap();
    assert!(text.contains("per_year = 40"));
    assert!(text.contains("acceptance_probability = 0.7"));
}

// ---- compare

#[test]
fn comparing_a_scenario_with_itself_gives_zero_differences() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cmp");
    // The same scenario under another name (a comparison needs distinct names).
    let again = baseline_variant(dir.path(), "again.toml", "name = \"baseline-again\"\n");
    run_ok(&[
        "compare",
        &baseline(),
        again.to_str().unwrap(),
        "-n",
        "10",
        "--out",
        out.to_str().unwrap(),
    ]);
    let csv = std::fs::read_to_string(out.join("compare.csv")).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(
        &header[..5],
        &["reference", "seed", "replications", "version", "scenario"]
    );
    let diff = header.iter().position(|&h| h == "diff_mean").unwrap();
    assert_eq!(
        &header[diff..],
        &["diff_mean", "diff_ci_low", "diff_ci_high"]
    );
    let mut rows = 0;
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(
            &cells[..4],
            &[
                "linkoping-baseline",
                "20180831",
                "10",
                env!("CARGO_PKG_VERSION")
            ]
        );
        // diff_mean, diff_ci_low, diff_ci_high: exactly zero (every replication's difference is 0).
        if !cells[diff].is_empty() {
            assert_eq!(&cells[diff..], &["0", "0", "0"], "{line}");
            rows += 1;
        }
    }
    assert!(rows > 30, "{rows} rows");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("compare.json")).unwrap()).unwrap();
    assert_eq!(json["common_random_numbers"], true);
}

#[test]
fn a_comparison_refuses_two_scenarios_of_one_name() {
    // A copy of the baseline with a new inflow but the old name: the table, the charts and the
    // files tell scenarios apart by name, so the comparison refuses before running.
    let dir = tempfile::tempdir().unwrap();
    let copy = baseline_variant(
        dir.path(),
        "my-plan.toml",
        "[applications]\nper_year = 70\n",
    );
    let out = dir.path().join("cmp");
    let o = run(&[
        "compare",
        &baseline(),
        copy.to_str().unwrap(),
        "-n",
        "4",
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("my-plan.toml both name their scenario `linkoping-baseline`"),
        "{err}"
    );
    assert!(!out.exists(), "nothing may be written");
}

#[test]
fn comparing_expansions_shows_the_effect_with_a_paired_interval() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cmp");
    let none = repo("scenarios/no-expansion.toml").display().to_string();
    let o = run_ok(&[
        "compare",
        &none,
        &baseline(),
        "-n",
        "40",
        "--out",
        out.to_str().unwrap(),
    ]);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("compared with `no-expansion` — 40 replications"),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("compare.json")).unwrap()).unwrap();
    let fig = json["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["scenario"] == "linkoping-baseline"
                && f["year"] == 2022
                && f["metric"] == "over_6_months"
        })
        .unwrap();
    // 12 more places leave fewer people waiting over 6 months, and the paired interval says so.
    assert!(
        fig["difference"]["ci_high"].as_f64().unwrap() < 0.0,
        "{fig}"
    );
}

#[test]
fn compare_refuses_scenarios_with_different_horizons() {
    let c = Case::new();
    c.write(
        "later.toml",
        "extends = \"s.toml\"\nname = \"later\"\n[horizon]\nend = 2020-12-31\n",
    );
    let out = c.path("cmp");
    let o = run(&[
        "compare",
        &c.arg("s.toml"),
        &c.arg("later.toml"),
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("horizons differ"), "{}", stderr(&o));
    assert!(!out.exists());
}

// ---- sweep

#[test]
fn a_sweep_runs_every_point_and_names_the_cheapest() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sw");
    let o = run_ok(&[
        "sweep",
        &baseline(),
        "--vary",
        "unit.LKP-101.places=0:12:6",
        "--vary",
        "unit.LKP-101.opens=2019-01-01,2019-07-01",
        "--goal",
        "occupancy",
        "--year",
        "2020",
        "-n",
        "8",
        "--out",
        out.to_str().unwrap(),
    ]);
    let csv = std::fs::read_to_string(out.join("sweep.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 6, "{csv}");
    assert!(csv.starts_with(
        "scenario,seed,replications,version,unit.LKP-101.places,unit.LKP-101.opens,p_nobody_over_6_months"
    ));
    let provenance = format!(
        "linkoping-baseline,20180831,8,{},",
        env!("CARGO_PKG_VERSION")
    );
    assert!(
        csv.lines().skip(1).all(|l| l.starts_with(&provenance)),
        "{csv}"
    );
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("cheapest point with P(occupancy at target in 2020) >= 0.8"),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("sweep.json")).unwrap()).unwrap();
    assert_eq!(json["points"].as_array().unwrap().len(), 6);
}

#[test]
fn a_sweep_refuses_a_bad_path_or_value_before_running() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sw");
    for (vary, needle) in [
        (
            "offers.acceptance_probabilty=0.5",
            "unknown field `acceptance_probabilty`",
        ),
        ("applications.per_year=abc", "invalid type"),
        ("unit.NOPE.places=6", "no unit `NOPE`"),
        // The value is the command line's: no line of the base file is named for it.
        (
            "offers.acceptance_probability=1.5",
            "--vary offers.acceptance_probability=1.5: `offers.acceptance_probability` = 1.5 must be a probability",
        ),
        (
            "offers.response.days=-1",
            "--vary offers.response.days=-1: `offers.response`: `days` must be 0 or more",
        ),
    ] {
        let o = run(&[
            "sweep",
            &baseline(),
            "--vary",
            vary,
            "-n",
            "3",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2), "{vary}");
        assert!(stderr(&o).contains(needle), "{vary}: {}", stderr(&o));
        assert!(!out.exists());
    }
}

// ---- bench

#[test]
fn bench_times_one_thread_and_many_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let o = lss_sim()
        .current_dir(dir.path())
        .args(["bench", &baseline(), "-n", "128", "-j", "2"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    for want in [
        "128 replications",
        "replications/s",
        "events/s",
        "µs per replication",
        "speed-up from 1 to 2 threads",
        "peak resident memory",
    ] {
        assert!(text.contains(want), "missing `{want}` in\n{text}");
    }
    // Two timed rows, one per thread count, each with a positive rate.
    let rows: Vec<Vec<f64>> = text
        .lines()
        .filter_map(|l| {
            let v: Vec<f64> = l
                .split_whitespace()
                .map(|w| w.parse::<f64>())
                .collect::<Result<_, _>>()
                .ok()?;
            (v.len() == 5).then_some(v)
        })
        .collect();
    assert_eq!(rows.len(), 2, "{text}");
    assert_eq!((rows[0][0], rows[1][0]), (1.0, 2.0));
    assert!(rows.iter().all(|r| r[1] > 0.0 && r[2] > 0.0 && r[3] > 0.0));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// No confidence interval in the period tables leaves the values its metric can take: a goal
/// met (0 or 1) and a share stay within 0..1, a count at or above 0. 50 replications of the
/// baseline: in 2018 the occupancy goal is met in most but not all of them, where the t
/// interval ran past 1; the monthly external placements and short queues run near 0.
#[test]
fn intervals_stay_within_what_the_metric_can_take() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b");
    run_into_ok(&baseline(), "50", &out, &[]);
    let mut checked = 0;
    for file in ["yearly.csv", "quarterly.csv", "monthly.csv"] {
        let text = std::fs::read_to_string(out.join(file)).unwrap();
        let mut rows = text.lines();
        let header: Vec<&str> = rows.next().unwrap().split(',').collect();
        let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
        let (unit, mean, low, high) = (col("unit"), col("mean"), col("ci_low"), col("ci_high"));
        for row in rows {
            let cells: Vec<&str> = row.split(',').collect();
            let (Ok(m), Ok(l), Ok(h)) = (
                cells[mean].parse::<f64>(),
                cells[low].parse::<f64>(),
                cells[high].parse::<f64>(),
            ) else {
                continue;
            };
            assert!(l >= 0.0 && l <= m + 1e-9 && m <= h + 1e-9, "{file}: {row}");
            if cells[unit] == "share" {
                assert!(h <= 1.0, "{file}: {row}");
            }
            checked += 1;
        }
    }
    assert!(checked > 1000, "{checked} intervals");
}

/// `--help` of a command sharing the run options names the right default folder and what
/// `--threads 0` means.
#[test]
fn help_names_the_default_folder_of_each_command() {
    let o = run_ok(&["plan", "--help"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("output/COMMAND-SCENARIO for sweep, plan, sensitivity and calibrate"),
        "{text}"
    );
    assert!(text.contains("0, the default, is one per core"), "{text}");
}
