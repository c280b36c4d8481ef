//! Short-term places (korttidsplatser) through the binary: the shipped variant reports them and
//! leaves the housing as it was, a scenario without them shows none of their metrics, the theory
//! check against Erlang B, sweeps over their places and demand, and the input that is refused
//! or warned about (docs/hostile-input.md, "Short-term places").

mod common;
use common::*;

use std::fs;

/// The shipped variant, as a command-line argument.
fn variant() -> String {
    repo("scenarios/short-term-places.toml")
        .display()
        .to_string()
}

/// The rows of a period table whose metric (7th column) is `metric`, from the 5th column on
/// (period, year, metric, unit, n and the statistics).
fn rows_of(csv: &str, metric: &str) -> Vec<String> {
    csv.lines()
        .filter(|l| l.split(',').nth(6) == Some(metric))
        .map(|l| l.split(',').skip(4).collect::<Vec<_>>().join(","))
        .collect()
}

/// The mean (10th column) of `metric` in `year` of a period table.
fn mean(csv: &str, metric: &str, year: &str) -> f64 {
    let line = csv
        .lines()
        .find(|l| {
            let c: Vec<&str> = l.split(',').collect();
            c.get(4) == Some(&year) && c.get(6) == Some(&metric)
        })
        .unwrap_or_else(|| panic!("no {metric} in {year}"));
    line.split(',').nth(9).unwrap().parse().unwrap()
}

#[test]
fn the_variant_reports_its_short_term_places_and_leaves_the_housing_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (st, base) = (dir.path().join("st"), dir.path().join("base"));
    run_into_ok(&variant(), "40", &st, &[]);
    run_into_ok(&baseline(), "40", &base, &[]);
    let st_yearly = fs::read_to_string(st.join("yearly.csv")).unwrap();
    let base_yearly = fs::read_to_string(base.join("yearly.csv")).unwrap();
    // Before 2020 there is no place: every request finds none and is paid per day.
    assert_eq!(mean(&st_yearly, "short_term_no_place_share", "2019"), 1.0);
    assert_eq!(mean(&st_yearly, "short_term_places", "2019"), 0.0);
    let paid_2019 = mean(&st_yearly, "cost_short_term_no_place_tkr", "2019");
    let days_2019 = mean(&st_yearly, "short_term_no_place_days", "2019");
    assert!((paid_2019 - 8.0 * days_2019).abs() < 0.01 * paid_2019);
    // From 2020, 3 + 3 places at 1 500 tkr: a share of the requests still finds none.
    assert_eq!(mean(&st_yearly, "short_term_places", "2021"), 6.0);
    let share = mean(&st_yearly, "short_term_no_place_share", "2021");
    assert!(share > 0.0 && share < 0.3, "{share}");
    let own = mean(&st_yearly, "cost_short_term_places_tkr", "2021");
    assert!((own - 6.0 * 1500.0 * 365.0 / 365.25).abs() < 0.01, "{own}");
    let occ = mean(&st_yearly, "short_term_occupancy", "2021");
    assert!(occ > 0.0 && occ < 1.0, "{occ}");
    // The housing draws from other streams: its counts are the baseline's, replication by
    // replication, so their summaries are equal.
    for metric in [
        "queue",
        "over_6_months",
        "applications",
        "decisions",
        "offers",
        "move_ins",
        "exits",
        "external_placements",
        "open_places",
    ] {
        assert_eq!(
            rows_of(&st_yearly, metric),
            rows_of(&base_yearly, metric),
            "{metric}"
        );
    }
    // Per target group: the two groups with requests, not the others.
    let profiles = fs::read_to_string(st.join("profiles.csv")).unwrap();
    let groups: Vec<&str> = profiles
        .lines()
        .filter(|l| l.contains(",short_term_requests,") && l.contains(",2021,2021,"))
        .map(|l| l.split(',').nth(6).unwrap())
        .collect();
    assert_eq!(groups, ["ID_psychiatric", "health", "all"]);
    let summary = fs::read_to_string(st.join("summary.json")).unwrap();
    assert!(summary.contains("\"short_term_no_place_share\""));
    assert!(summary.contains("\"cost_short_term_tkr\""));
    // The baseline has none of it, anywhere.
    for file in [
        "yearly.csv",
        "quarterly.csv",
        "monthly.csv",
        "profiles.csv",
        "summary.json",
    ] {
        let text = fs::read_to_string(base.join(file)).unwrap();
        assert!(!text.contains("short_term"), "{file} of the baseline");
    }
}

#[test]
fn validate_names_the_short_term_places() {
    // The verdict, on standard output.
    let verdict = |o: &std::process::Output| String::from_utf8_lossy(&o.stdout).into_owned();
    let o = run_ok(&["validate", &variant()]);
    assert!(
        verdict(&o).contains("67 units with 462 places (and 2 short-term units with 6 places)"),
        "{}",
        verdict(&o)
    );
    let o = run_ok(&["validate", &baseline()]);
    assert!(verdict(&o).contains("valid") && !verdict(&o).contains("short-term"));
}

#[test]
fn check_erlang_short_term_passes_against_erlang_b() {
    let o = run_ok(&[
        "check",
        "erlang",
        "--short-term",
        "--places",
        "3",
        "--arrivals-per-year",
        "2",
        "--mean-stay-years",
        "1",
        "-n",
        "4",
        "--decisions",
        "50000",
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("M/M/3/3 short-term places (Erlang B)"),
        "{out}"
    );
    assert!(
        out.contains("blocking (Erlang B)") && out.contains("PASS"),
        "{out}"
    );
    assert!(!out.contains("FAIL"), "{out}");
}

#[test]
fn a_sweep_varies_the_short_term_places_and_their_demand() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sweep");
    let o = run(&[
        "sweep",
        &variant(),
        "--vary",
        "unit.KTP-H.places=0,3",
        "--vary",
        "short_term.requests_per_year.health=12,48",
        "-n",
        "10",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("sweep.csv").exists());
    // A variant a file could not hold is refused, naming the setting.
    let o = run(&[
        "sweep",
        &variant(),
        "--vary",
        "short_term.requests_per_year.nobody=1,2",
        "-n",
        "10",
        "--out",
        dir.path().join("bad").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("profile `nobody` is not in `profiles.mix`"),
        "{}",
        stderr(&o)
    );
}

/// The small scenario with a short-term unit of 2 places for ID in its register and `section`
/// appended (`[short_term]` on line 23).
fn short_term_case(section: &str) -> Case {
    let c = Case::new();
    c.write(
        "units.csv",
        format!("{UNITS}K1,Korttid,Ryd,korttidsplats,ID,2,,,1500\n"),
    );
    c.write("s.toml", format!("{SCENARIO}{section}"));
    c
}

const SECTION: &str = "[short_term]\nrequests_per_year = { ID = 12 }\nstay = { dist = \"exponential\", mean_days = 21 }\nno_place_cost_per_day_tkr = 8\n";

#[test]
fn short_term_input_that_cannot_be_meant_is_refused_with_its_location() {
    // A short-term unit needs the demand it serves.
    short_term_case("").fails(
        "s.toml",
        &[
            "s.toml:13",
            "short-term unit `K1`",
            "no `[short_term]` section",
        ],
    );
    // A target group that is not a profile.
    short_term_case(&SECTION.replace("{ ID = 12 }", "{ ID = 12, IDD = 3 }")).fails(
        "s.toml",
        &[
            "s.toml:24",
            "profile `IDD` is not in `profiles.mix` (ID, autism)",
        ],
    );
    // No stay, no payment, no request.
    short_term_case(&SECTION.replace("stay = { dist = \"exponential\", mean_days = 21 }\n", ""))
        .fails("s.toml", &["`short_term.stay` is missing"]);
    short_term_case(&SECTION.replace("no_place_cost_per_day_tkr = 8\n", "")).fails(
        "s.toml",
        &["`short_term.no_place_cost_per_day_tkr` is missing"],
    );
    short_term_case(&SECTION.replace("{ ID = 12 }", "{ ID = 0 }"))
        .fails("s.toml", &["s.toml:24", "names no request"]);
    short_term_case(&SECTION.replace("mean_days = 21", "mean_days = 0"))
        .fails("s.toml", &["s.toml:25", "a stay must last"]);
    short_term_case(&SECTION.replace("= 8\n", "= -8\n")).fails(
        "s.toml",
        &["s.toml:26", "`short_term.no_place_cost_per_day_tkr` = -8"],
    );
    // Housing-only columns on a short-term row.
    let c = short_term_case(SECTION);
    c.write(
        "units.csv",
        format!(
            "id,name,district,kind,profiles,places,occupied,opens,closes,cost_per_place_year_tkr\n\
             U1,Gruppbostad A,Ryd,group,ID|autism,5,4,,,1000\n\
             K1,Korttid,Ryd,short-term,ID,2,,,2019-06-01,1500\n"
        ),
    );
    c.fails("s.toml", &["units.csv:3", "`closes`", "cannot close"]);
    // A kind nobody knows names the short-term kind too.
    let c = short_term_case(SECTION);
    c.edit("units.csv", "korttidsplats", "korttids");
    c.fails(
        "s.toml",
        &[
            "units.csv:4",
            "`korttids` is not a unit kind (group, service, training or short-term)",
        ],
    );
}

#[test]
fn a_payment_typed_in_kronor_runs_with_a_warning() {
    let c = short_term_case(&SECTION.replace("= 8\n", "= 8000\n"));
    let out = c.runs();
    let summary = fs::read_to_string(out.join("summary.json")).unwrap();
    assert!(
        summary.contains("`short_term.no_place_cost_per_day_tkr` = 8000 is outside the plausible range of 1 to 20 tkr a day"),
        "{summary}"
    );
    // The places and the demand run: short-term metrics for ID, none for autism.
    let profiles = fs::read_to_string(out.join("profiles.csv")).unwrap();
    assert!(profiles.contains(",ID,short_term_requests,"));
    assert!(!profiles.contains(",autism,short_term_requests,"));
}

/// A scenario whose housing needs nothing new (20 places, 10 occupied, 2 applications a year)
/// and whose 40 short-term requests a year of three weeks (an offered load of 2.3 places) have
/// no place yet.
const PLAN_BASE: &str = "name = \"stp\"\nseed = 7\nreplications = 40\n\n[horizon]\nstart = 2018-09-01\nend = 2020-12-31\n\n\
[goals]\nfirst_goal_year = 2019\n\n[profiles]\nmix = { ID = 1.0 }\n\n[units]\nregisters = [\"units.csv\"]\n\n\
[applications]\nper_year = 2\n\n[stays]\nexit_rate_per_year = 0.05\n\n\
[short_term]\nrequests_per_year = { ID = 40 }\nstay = { dist = \"exponential\", mean_days = 21 }\nno_place_cost_per_day_tkr = 8\n";

const PLAN_FILE: &str = "[goals]\nfrom_year = 2020\noffer_probability = 0.8\nshort_term_no_place_share = 0.2\n\n\
[search]\nfrom = \"2019-Q1\"\nto = \"2019-Q4\"\nreplications = 60\nconfirmation_replications = 200\n\n\
[[template]]\nid = \"K\"\nkind = \"short-term\"\nprofiles = [\"ID\"]\nplaces = 2\ncost_per_place_year_tkr = 1500\ndistrict = \"Ryd\"\nmax_per_year = 3\n";

#[test]
fn the_planner_builds_short_term_places_until_the_share_without_a_place_is_met() {
    let c = Case::new();
    c.write("s.toml", PLAN_BASE);
    c.write(
        "units.csv",
        "id,name,district,kind,profiles,places,occupied,opens,cost_per_place_year_tkr\nU1,Gruppbostad A,Ryd,group,ID,20,10,,1000\n",
    );
    c.write("p.toml", PLAN_FILE);
    let out = c.path("out");
    run_ok(&[
        "plan",
        &c.arg("s.toml"),
        &c.arg("p.toml"),
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    let plan: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("plan.json")).unwrap()).unwrap();
    // Erlang B: 2 places turn away 45 % of an offered load of 2.3, 4 places 12.8 %: the
    // cheapest schedule meeting 0.2 with the guard is two units of 2.
    let units = plan["chosen_units"].as_array().unwrap();
    assert_eq!(units.len(), 2, "{plan}");
    assert!(units.iter().all(|u| u["kind"] == "short-term"));
    assert_eq!(plan["goals"]["short_term_no_place_share"], 0.2);
    let years = plan["confirmation"]["years"].as_array().unwrap();
    let y2020 = years.iter().find(|y| y["year"] == 2020).unwrap();
    let share = y2020["short_term_no_place_share"].as_f64().unwrap();
    assert!((share - 0.128).abs() < 0.03, "{share}");
    assert_eq!(plan["confirmation"]["meets"], true);
    // The runnable scenario holds them as short-term units.
    let register = fs::read_to_string(out.join("plan-units.csv")).unwrap();
    assert_eq!(register.matches(",short-term,").count(), 2, "{register}");
    // A short-term goal needs short-term requests in the base.
    c.write("s2.toml", PLAN_BASE.split("[short_term]").next().unwrap());
    let o = run(&[
        "plan",
        &c.arg("s2.toml"),
        &c.arg("p.toml"),
        "-q",
        "--out",
        c.arg("out2").as_str(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("p.toml:4:29")
            && stderr(&o).contains("the base scenario has no short-term places"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_printed_summary_has_a_short_term_block_in_english_and_swedish_only_when_there_are_places() {
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name).display().to_string();
    let en = run_ok(&["run", &variant(), "-n", "20", "--out", &out("en")]);
    let en = String::from_utf8_lossy(&en.stdout).into_owned();
    assert!(
        en.contains("short-term places:") && en.contains("no place"),
        "{en}"
    );
    let sv = run_ok(&[
        "run",
        &variant(),
        "-n",
        "20",
        "--lang",
        "sv",
        "--out",
        &out("sv"),
    ]);
    let sv = String::from_utf8_lossy(&sv.stdout).into_owned();
    assert!(
        sv.contains("korttidsplatser:") && sv.contains("utan plats"),
        "{sv}"
    );
    assert!(
        sv.contains("100,0 %"),
        "every 2019 request finds no place: {sv}"
    );
    let base = run_ok(&["run", &baseline(), "-n", "20", "--out", &out("base")]);
    let base = String::from_utf8_lossy(&base.stdout).into_owned();
    assert!(!base.contains("short-term"), "{base}");
}
