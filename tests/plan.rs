//! `lss-sim plan`: the planner's answer against exhaustive sweeps of the same choices, the
//! confirmation and the runnable scenario it writes, and bad plan files.

mod common;

use std::path::Path;

use common::{run, run_ok, stderr};

/// A one-profile scenario: one full unit of 6 places, about 4 applications a year; a unit of 6
/// more places in 2019 meets the offer goal of 2020 in about half the replications.
const SCENARIO: &str = "name = \"one\"\nseed = 7\nreplications = 40\n\n[horizon]\nstart = 2018-09-01\nend = 2020-12-31\n\n\
[goals]\nfirst_goal_year = 2019\n\n[profiles]\nmix = { ID = 1.0 }\n\n[units]\nregisters = [\"units.csv\"]\n\n\
[applications]\nper_year = 4\n\n[offers]\nacceptance_probability = 0.9\n\n[stays]\nexit_rate_per_year = 0.05\n\n\
[external]\ncost_per_person_year_tkr = 1500\nplacement_after_days = 120\n";

const UNITS: &str = "id,name,district,kind,profiles,places,occupied,opens,cost_per_place_year_tkr\n\
U1,Gruppbostad A,Ryd,group,ID,6,6,,1000\n";

const PLAN: &str = "[goals]\nfrom_year = 2020\noffer_probability = 0.4\n\n\
[search]\nfrom = \"2019-Q1\"\nto = \"2019-Q4\"\nreplications = 60\nconfirmation_replications = 200\n\n\
[[template]]\nid = \"T\"\nkind = \"group\"\nprofiles = [\"ID\"]\nplaces = 6\ncost_per_place_year_tkr = 1000\ndistrict = \"Ryd\"\n";

/// A second template for the enumerated menu: a smaller, cheaper service unit.
const SECOND: &str = "\n[[template]]\nid = \"S\"\nkind = \"service\"\nprofiles = [\"ID\"]\nplaces = 4\ncost_per_place_year_tkr = 900\ndistrict = \"Berga\"\n";

/// The same choices as register units that do not open unless the sweep gives them a date
/// (2099 is after the end: the unit stays out), in the order the planner adds them.
const SWEEP_UNITS_ONE: &str = "id,name,district,kind,profiles,places,opens,cost_per_place_year_tkr,external_first\n\
P1,group T,Ryd,group,ID,6,2099-01-01,1000,false\n";
const SWEEP_UNITS_TWO: &str = "id,name,district,kind,profiles,places,opens,cost_per_place_year_tkr,external_first\n\
P1,service S,Berga,service,ID,4,2099-01-01,900,false\nP2,group T,Ryd,group,ID,6,2099-01-01,1000,false\n";

const CHOICES: &str = "2019-01-01,2019-04-01,2019-07-01,2019-10-01,2099-01-01";

fn setup(dir: &Path, plan: &str, sweep_units: &str) {
    std::fs::write(dir.join("s.toml"), SCENARIO).unwrap();
    std::fs::write(dir.join("units.csv"), UNITS).unwrap();
    std::fs::write(dir.join("p.toml"), plan).unwrap();
    std::fs::write(dir.join("units-p.csv"), sweep_units).unwrap();
    std::fs::write(
        dir.join("sw.toml"),
        "extends = \"s.toml\"\n[units]\nregisters = [\"units.csv\", \"units-p.csv\"]\n",
    )
    .unwrap();
}

fn plan(dir: &Path) -> serde_json::Value {
    let out = dir.join("out");
    run_ok(&[
        "plan",
        dir.join("s.toml").to_str().unwrap(),
        dir.join("p.toml").to_str().unwrap(),
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    serde_json::from_slice(&std::fs::read(out.join("plan.json")).unwrap()).unwrap()
}

/// The one-sided 95 % Wilson lower bound, as docs/plan.md defines the guard.
fn wilson_lower(k: f64, n: f64) -> f64 {
    let z: f64 = 1.6448536269514722;
    let p = k / n;
    let centre = p + z * z / (2.0 * n);
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
    ((centre - half) / (1.0 + z * z / n)).max(0.0)
}

/// The sweep's points: (values, P(offer goal), cost over the goal years).
fn sweep(dir: &Path, varies: &[&str]) -> Vec<(Vec<String>, f64, f64)> {
    let out = dir.join("sweep");
    let mut args = vec![
        "sweep".to_owned(),
        dir.join("sw.toml").display().to_string(),
        "--year".into(),
        "2020".into(),
        "-n".into(),
        "60".into(),
        "-q".into(),
        "--out".into(),
        out.display().to_string(),
    ];
    for v in varies {
        args.push("--vary".into());
        args.push(v.to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run_ok(&args);
    let text = std::fs::read_to_string(out.join("sweep.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (p, c) = (col("p_nobody_over_6_months"), col("cost_goal_years_tkr"));
    lines
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            (
                cells[4..4 + varies.len()]
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
                cells[p].parse().unwrap(),
                cells[c].parse().unwrap(),
            )
        })
        .collect()
}

/// The cheapest sweep point whose P(offer goal) clears 0.4 under the planner's guard.
fn cheapest(points: &[(Vec<String>, f64, f64)]) -> &(Vec<String>, f64, f64) {
    points
        .iter()
        .filter(|(_, p, _)| wilson_lower((p * 60.0).round(), 60.0) >= 0.4)
        .min_by(|a, b| a.2.total_cmp(&b.2))
        .expect("some point meets the goal")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn one_template_the_planner_picks_the_cheapest_point_of_an_exhaustive_sweep() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path(), PLAN, SWEEP_UNITS_ONE);
    let json = plan(dir.path());
    let points = sweep(dir.path(), &[&format!("unit.P1.opens={CHOICES}")]);
    let best = cheapest(&points);
    let chosen = &json["search"]["chosen"];
    let opens: Vec<&str> = json["chosen_units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["opens"].as_str().unwrap())
        .collect();
    let want: Vec<&str> = best
        .0
        .iter()
        .map(String::as_str)
        .filter(|d| !d.starts_with("2099"))
        .collect();
    assert_eq!(opens, want, "planner {chosen} against sweep {points:?}");
    let cost = chosen["cost_plan_years_tkr"].as_f64().unwrap();
    assert!(
        close(cost, best.2),
        "cost {cost} against the sweep's {}",
        best.2
    );
    assert!(json["search"]["meets_goals"].as_bool().unwrap());
}

#[test]
fn an_enumerable_menu_the_planner_costs_no_more_than_the_cheapest_schedule_meeting_the_goal() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path(), &format!("{PLAN}{SECOND}"), SWEEP_UNITS_TWO);
    let json = plan(dir.path());
    // Every schedule of the menu: each template opens in one of the 4 quarters or not at all.
    let points = sweep(
        dir.path(),
        &[
            &format!("unit.P1.opens={CHOICES}"),
            &format!("unit.P2.opens={CHOICES}"),
        ],
    );
    assert_eq!(points.len(), 25);
    let best = cheapest(&points);
    let cost = json["search"]["chosen"]["cost_plan_years_tkr"]
        .as_f64()
        .unwrap();
    assert!(json["search"]["meets_goals"].as_bool().unwrap());
    assert!(
        cost <= best.2 + 1e-6 * best.2.abs(),
        "planner {} at {cost} tkr, enumeration {:?} at {} tkr",
        json["search"]["chosen"]["schedule"],
        best.0,
        best.2
    );
}

#[test]
fn the_confirmation_meets_the_goal_and_the_written_scenario_reproduces_it() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path(), PLAN, SWEEP_UNITS_ONE);
    let json = plan(dir.path());
    let c = &json["confirmation"];
    assert!(c["meets"].as_bool().unwrap(), "{c}");
    assert_eq!(c["replications"].as_u64(), Some(200));
    assert_ne!(
        c["seed"].as_u64(),
        json["seed"].as_u64(),
        "fresh replications"
    );
    let y2020 = c["years"]
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["year"] == 2020)
        .unwrap();
    let p = y2020["p_offer"].as_f64().unwrap();
    assert!(p >= 0.4, "confirmation P = {p}");
    // The written scenario is valid and `run` on it gives the confirmation's figures.
    let out = dir.path().join("out");
    let scenario = out.join("plan-scenario.toml");
    run_ok(&["validate", scenario.to_str().unwrap()]);
    let run_out = dir.path().join("run");
    run_ok(&[
        "run",
        scenario.to_str().unwrap(),
        "-q",
        "--out",
        run_out.to_str().unwrap(),
    ]);
    let yearly = std::fs::read_to_string(run_out.join("yearly.csv")).unwrap();
    let line = yearly
        .lines()
        .find(|l| l.contains(",2020,2020,goal_offer_met,"))
        .unwrap();
    let cells: Vec<&str> = line.split(',').collect();
    assert_eq!(cells[2], "200", "{line}");
    let mean: f64 = cells[9].parse().unwrap();
    assert!(close(mean, p), "run gives {mean}, the confirmation {p}");
    // Every CSV begins with the provenance columns.
    for f in ["plan.csv", "plan-years.csv", "frontier.csv"] {
        let text = std::fs::read_to_string(out.join(f)).unwrap();
        assert!(
            text.starts_with("scenario,seed,replications,version,"),
            "{f}"
        );
    }
    for f in ["plan-chart-1-places", "plan-chart-2-frontier"] {
        assert!(out.join(format!("{f}.png")).exists() && out.join(format!("{f}.svg")).exists());
    }
}

#[test]
fn bad_plan_files_are_refused_with_their_line_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path(), PLAN, SWEEP_UNITS_ONE);
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "offer_probability = 0.4",
            "offer_probabilty = 0.4",
            &["p.toml:3:1", "unknown field `offer_probabilty`"],
        ),
        (
            "offer_probability = 0.4",
            "offer_probability = 80",
            &["p.toml:3:21", "did you mean 0.8"],
        ),
        (
            "from = \"2019-Q1\"",
            "from = \"2019Q1\"",
            &["p.toml:6:8", "not a quarter"],
        ),
        (
            "from = \"2019-Q1\"",
            "from = \"2018-Q3\"",
            &["p.toml:6:8", "after the scenario's start"],
        ),
        (
            "from_year = 2020",
            "from_year = 2030",
            &["p.toml:2:13", "outside the scenario's horizon"],
        ),
        (
            "profiles = [\"ID\"]",
            "profiles = [\"autism\"]",
            &[
                "p.toml:14:12",
                "profile `autism` is not in the scenario's `profiles.mix`",
            ],
        ),
        (
            "kind = \"group\"",
            "kind = \"gruppbostad\"",
            &["p.toml:13:8", "is not group"],
        ),
        (
            "places = 6",
            "places = 6\ndelay_probability = 0.5",
            &["p.toml:12:6", "template `T`", "[construction]"],
        ),
        (
            "replications = 60",
            "replications = 1",
            &["p.toml:3:21", "cannot be shown with 1 replications"],
        ),
        (
            "[[template]]",
            "[[templat]]",
            &["p.toml:", "unknown field `templat`"],
        ),
    ];
    for (from, to, needles) in cases {
        let text = PLAN.replacen(from, to, 1);
        assert_ne!(text, PLAN, "{from}");
        std::fs::write(dir.path().join("p.toml"), &text).unwrap();
        let out = dir.path().join("out");
        let o = run(&[
            "plan",
            dir.path().join("s.toml").to_str().unwrap(),
            dir.path().join("p.toml").to_str().unwrap(),
            "-q",
            "--out",
            out.to_str().unwrap(),
        ]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{to}: {err}");
        for n in *needles {
            assert!(err.contains(n), "{to}: message lacks {n:?}:\n{err}");
        }
        assert!(!err.contains("panicked"), "{err}");
        assert!(!out.exists(), "{to}: nothing is written");
    }
}

/// The edge: units of one place, a goal probability of 0.7 in 2020 and 2021 and 20 search
/// replications (seed 1). The search's choice misses on the first fresh replications; the greedy
/// continues on the pooled evidence and the second round, on a new seed, confirms.
#[test]
fn a_choice_missing_its_confirmation_is_extended_and_confirmed_on_a_new_seed() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = SCENARIO.replace("end = 2020-12-31", "end = 2021-12-31");
    let plan_text = PLAN
        .replace("offer_probability = 0.4", "offer_probability = 0.7")
        .replace("to = \"2019-Q4\"", "to = \"2020-Q4\"")
        .replace("replications = 60", "replications = 20")
        .replace("places = 6", "places = 1\nmax_per_year = 12");
    setup(dir.path(), &plan_text, SWEEP_UNITS_ONE);
    std::fs::write(dir.path().join("s.toml"), scenario).unwrap();
    let out = dir.path().join("out");
    let o = run_ok(&[
        "plan",
        dir.path().join("s.toml").to_str().unwrap(),
        dir.path().join("p.toml").to_str().unwrap(),
        "--seed",
        "1",
        "--out",
        out.to_str().unwrap(),
    ]);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("plan.json")).unwrap()).unwrap();
    let rounds = json["confirmation_rounds"].as_array().expect("rounds");
    assert_eq!(rounds.len(), 2, "{rounds:?}");
    assert_eq!(rounds[0]["confirmed"], false);
    assert_eq!(rounds[1]["confirmed"], true);
    let seeds: Vec<u64> = rounds.iter().map(|r| r["seed"].as_u64().unwrap()).collect();
    assert_eq!(
        seeds,
        [1 + 1_000_003, 1 + 2 * 1_000_003],
        "a new seed per round"
    );
    assert_ne!(rounds[0]["schedule"], rounds[1]["schedule"]);
    assert!(rounds[1]["added_greedy_steps"].as_u64().unwrap() >= 1);
    assert_eq!(json["confirmed"], true);
    // What is reported is the second round: its seed, its schedule, its probabilities.
    let c = &json["confirmation"];
    assert_eq!(c["seed"].as_u64(), Some(seeds[1]));
    assert!(c["meets"].as_bool().unwrap());
    for y in c["years"].as_array().unwrap() {
        if y["goal_year"] == true {
            assert!(y["p_offer"].as_f64().unwrap() >= 0.7, "{y}");
        }
    }
    let units = json["chosen_units"].as_array().unwrap().len();
    assert_eq!(
        units,
        rounds[1]["schedule"].as_str().unwrap().split(' ').count()
    );
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("confirmation rounds: 2 of at most 3"),
        "{text}"
    );
    assert!(
        text.contains("round 1: seed 1000004, 200 replications: lowest goal-year P"),
        "{text}"
    );
    assert!(
        text.contains("confirmed: the plan meets the goals"),
        "{text}"
    );
}

/// A training template with the time limit: refused on a scenario without `[training]` (the
/// register's own rule, found at the template), and on one with it the chosen units keep the
/// limit in plan-units.csv, so the written plan scenario runs what the plan ran.
#[test]
fn a_time_limited_training_template_is_checked_and_kept_in_the_register() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("training.toml");
    std::fs::write(
        &plan,
        "[goals]\nfrom_year = 2021\noffer_probability = 0.5\n\
         [search]\nfrom = \"2019-Q1\"\nto = \"2020-Q4\"\nreplications = 20\nconfirmation_replications = 40\n\
         [[template]]\nid = \"train-6\"\nkind = \"training\"\nprofiles = [\"ID\"]\nplaces = 6\n\
         cost_per_place_year_tkr = 1000\ndistrict = \"Berga\"\ntime_limited = true\n",
    )
    .unwrap();
    let repo = |p: &str| common::repo(p).to_str().unwrap().to_owned();
    let out = dir.path().join("out");
    let o = run(&[
        "plan",
        &repo("scenarios/linkoping-baseline.toml"),
        plan.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("training.toml:10") && err.contains("[training]"),
        "{err}"
    );
    run_ok(&[
        "plan",
        &repo("scenarios/training-2020.toml"),
        plan.to_str().unwrap(),
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    let units = std::fs::read_to_string(out.join("plan-units.csv")).unwrap();
    let mut lines = units.lines().skip(1);
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = header
        .iter()
        .position(|c| *c == "time_limited")
        .expect("the column");
    for row in lines {
        assert_eq!(row.split(',').nth(col), Some("true"), "{row}");
    }
}
