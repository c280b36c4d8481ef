//! `lss-sim sweep`: which parameters can be varied, and every grid point checked exactly as a
//! scenario file with the varied value would be.

mod common;

use common::*;

/// A register with a unit that opens later under the delay rule, for [`Case`].
const UNITS_WITH_DELAY: &str = "id,name,district,kind,profiles,places,occupied,opens,cost_per_place_year_tkr,delay_probability\n\
                                U1,Gruppbostad A,Ryd,group,ID|autism,5,4,,1000,\n\
                                U2,Servicebostad B,Berga,service,ID,10,10,,950,\n\
                                U3,Ny gruppbostad C,Ryd,group,ID,6,0,2019-03-01,1100,0.5\n";

/// The small case with [`UNITS_WITH_DELAY`] and the construction delay it needs.
fn case() -> Case {
    let c = Case::new();
    c.write("units.csv", UNITS_WITH_DELAY);
    let s = std::fs::read_to_string(c.path("s.toml")).unwrap();
    c.write(
        "s.toml",
        format!("{s}\n[construction]\ndelay = {{ dist = \"fixed\", days = 60 }}\n"),
    );
    c
}

/// `lss-sim sweep s.toml VARY... -n 4 -q --out sw` in the case's folder.
fn sweep(c: &Case, scenario: &str, vary: &[&str]) -> std::process::Output {
    let scenario = c.arg(scenario);
    let out = c.arg("sw");
    let mut args = vec!["sweep", &scenario, "-n", "4", "-q", "--out", &out];
    for v in vary {
        args.extend(["--vary", v]);
    }
    run(&args)
}

/// Expects exit 2 with one message holding every needle, and nothing written.
fn refused(c: &Case, vary: &[&str], needles: &[&str]) {
    let o = sweep(c, "s.toml", vary);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{vary:?} ran:\n{err}");
    for n in needles {
        assert!(err.contains(n), "{vary:?}: message lacks {n:?}:\n{err}");
    }
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!c.path("sw").exists(), "{vary:?}: nothing may be written");
}

#[test]
fn a_parameter_is_varied_once() {
    let c = case();
    refused(
        &c,
        &["unit.U1.places=6", "unit.U1.places=12"],
        &[
            "--vary unit.U1.places is given twice",
            "list all its values in one --vary, such as unit.U1.places=6,12",
        ],
    );
    refused(
        &c,
        &[
            "offers.acceptance_probability=0.5,0.6",
            "offers.acceptance_probability=0.9",
        ],
        &["--vary offers.acceptance_probability is given twice"],
    );
    // A distribution and its field are one parameter too.
    refused(
        &c,
        &["offers.response.days=7", "offers.response=7"],
        &["set the same value (one is part of the other)"],
    );
}

#[test]
fn the_horizon_and_what_the_sweep_fixes_cannot_be_varied() {
    let c = case();
    for (vary, why) in [
        (
            "horizon.end=2019-06-30,2019-12-31",
            "different horizons would compare cost",
        ),
        ("horizon.start=2018-10-01", "sweep each horizon on its own"),
        (
            "goals.first_goal_year=2019",
            "choose the assessed year with --year",
        ),
        ("seed=1,2", "choose it with --seed"),
        ("replications=10,100", "choose them with -n"),
    ] {
        let key = vary.split('=').next().unwrap();
        refused(
            &c,
            &[vary],
            &[&format!("--vary {key}: cannot be varied in a sweep"), why],
        );
    }
}

#[test]
fn a_point_is_checked_as_its_register_row_would_be() {
    let c = case();
    for (vary, needles) in [
        // Above the limit on places.
        (
            "unit.U2.places=20000000",
            &["unit.U2.places=20000000:", "more than the limit of"][..],
        ),
        // The only unit serving `autism` left out: people with that profile could never be offered a place.
        (
            "unit.U1.places=0",
            &["unit.U1.places=0:", "no unit serves profile `autism`"][..],
        ),
        // Fewer places than the register's residents.
        (
            "unit.U2.places=6",
            &["unit.U2.places=6:", "10 occupied is more than the 6 places"][..],
        ),
        // Opened at the start, with a construction delay drawn for it.
        (
            "unit.U3.opens=2018-09-01",
            &[
                "unit.U3.opens=2018-09-01:",
                "a delay is for units that open later",
            ][..],
        ),
        // Residents at the start in a unit that opens later.
        (
            "unit.U2.opens=2019-01-01",
            &[
                "unit.U2.opens=2019-01-01:",
                "cannot have residents at the start",
            ][..],
        ),
        // A value the register would refuse, named by its setting, not by a line of the file.
        (
            "unit.U3.opens=2019-02-30",
            &["error: --vary unit.U3.opens=2019-02-30: column `opens`: `2019-02-30` is not a date"]
                [..],
        ),
        (
            "unit.U3.places=six",
            &["error: --vary unit.U3.places=six: column `places`: `six` is not a whole number"][..],
        ),
        (
            "unit.U9.places=3",
            &["--vary unit.U9.places=3: no unit `U9` in the registers"][..],
        ),
    ] {
        refused(&c, &["applications.per_year=20,30", vary], needles);
    }
}

/// The figures of a sweep's only point, without the varied parameter's column.
fn figures(c: &Case, scenario: &str, vary: &str) -> Vec<String> {
    let o = sweep(c, scenario, &[vary]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = std::fs::read_to_string(c.path("sw").join("sweep.csv")).unwrap();
    std::fs::remove_dir_all(c.path("sw")).unwrap();
    let row: Vec<String> = csv
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .map(String::from)
        .collect();
    [&row[..4], &row[5..]].concat()
}

#[test]
fn a_varied_unit_runs_as_the_register_with_that_value() {
    let c = case();
    // The scenario with the register changed by hand, swept over a value it already has.
    c.write(
        "units-edited.csv",
        UNITS_WITH_DELAY
            .replace("ID|autism,5,4,,1000", "ID|autism,7,4,,1000")
            .replace("ID,6,0,2019-03-01", "ID,6,0,2019-06-01"),
    );
    let s = std::fs::read_to_string(c.path("s.toml")).unwrap();
    c.write("edited.toml", s.replace("units.csv", "units-edited.csv"));
    let by_hand = figures(&c, "edited.toml", "applications.per_year=20");
    let o = sweep(
        &c,
        "s.toml",
        &["unit.U1.places=7", "unit.U3.opens=2019-06-01"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = std::fs::read_to_string(c.path("sw").join("sweep.csv")).unwrap();
    let row: Vec<String> = csv
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .map(String::from)
        .collect();
    std::fs::remove_dir_all(c.path("sw")).unwrap();
    assert_eq!(&row[4..6], ["7", "2019-06-01"]);
    assert_eq!([&row[..4], &row[6..]].concat(), by_hand);
    // A unit left out with 0 places runs as the register without its row.
    c.write(
        "units-edited.csv",
        UNITS_WITH_DELAY.replace(
            "U3,Ny gruppbostad C,Ryd,group,ID,6,0,2019-03-01,1100,0.5\n",
            "",
        ),
    );
    assert_eq!(
        figures(&c, "s.toml", "unit.U3.places=0"),
        figures(&c, "edited.toml", "applications.per_year=20")
    );
}

/// A table cannot be swept; the message names the table's own numeric fields to vary instead
/// (the target-group mix's profiles, a distribution's parameters), never one it does not have.
#[test]
fn a_table_is_refused_with_its_own_fields_as_the_example() {
    let c = case();
    refused(
        &c,
        &["profiles.mix=0.5,0.6"],
        &["`profiles.mix` is a table", "`profiles.mix.ID`"],
    );
    let err = stderr(&sweep(&c, "s.toml", &["profiles.mix=0.5,0.6"]));
    assert!(!err.contains(".days"), "{err}");
}
