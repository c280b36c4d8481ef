//! Hostile input through the binary: absurd sizes, NaN and infinities, spreadsheet registers,
//! write failures. Each bad input gets one message that says where and what, exit code 2, and
//! leaves the output folder as it was. The table in docs/hostile-input.md lists these cases.
//!
//! A file of its own (not tests/cli.rs) so it can grow without colliding with edits there; both
//! break the small scenario of `common::Case` one edit at a time.

use std::process::Command;

mod common;
use common::*;

// ---- Limits

#[test]
fn absurd_replications_on_the_command_line() {
    let c = Case::new();
    c.fails_with(
        "s.toml",
        &["-n", "1000000000000"],
        &[
            "1000000000000 replications is outside the limit of 1 to 10000000",
            "ask for fewer",
        ],
    );
    c.fails_with(
        "s.toml",
        &["-n", "99999999999999999999999"],
        &["far above the limit of 10000000"],
    );
    c.fails_with(
        "s.toml",
        &["-n", "0"],
        &[
            "0 replications is below the limit of 1 to 10000000",
            "ask for at least 1",
        ],
    );
    c.fails_with(
        "s.toml",
        &["-n", "many"],
        &["`many` is not a whole number of replications (1 to 10000000)"],
    );
}

#[test]
fn absurd_replications_in_the_scenario() {
    let c = Case::new();
    c.edit("s.toml", "replications = 4", "replications = 1000000000000");
    c.fails(
        "s.toml",
        &[
            "s.toml:3:16",
            "`replications` = 1000000000000 must be between 1 and 10000000",
            "lower it",
        ],
    );
    c.edit(
        "s.toml",
        "replications = 1000000000000",
        "replications = 20000000",
    );
    c.fails(
        "s.toml",
        &[
            "s.toml:3:16",
            "`replications` = 20000000 must be between 1 and 10000000",
            "lower it",
        ],
    );
}

#[test]
fn a_500_year_horizon() {
    let c = Case::new();
    c.edit("s.toml", "end = 2019-12-31", "end = 2518-12-31");
    c.fails(
        "s.toml",
        &[
            "s.toml:7:7",
            "spans 501 calendar years, more than the limit of 100",
            "set an earlier `horizon.end`",
        ],
    );
}

#[test]
fn a_billion_applications_a_year() {
    let c = Case::new();
    c.edit("s.toml", "per_year = 20", "per_year = 1e9");
    c.fails(
        "s.toml",
        &[
            "s.toml",
            "1000000000 applications a year is more than the limit of 1000000",
            "lower `applications.per_year`",
        ],
    );
    // Growth that compounds past the limit within the horizon.
    c.edit(
        "s.toml",
        "per_year = 1e9",
        "per_year = 900000\ngrowth_per_year = 0.5",
    );
    c.fails(
        "s.toml",
        &["1350000 applications a year is more than the limit of 1000000"],
    );
}

#[test]
fn absurd_units_and_places() {
    let c = Case::new();
    c.edit("units.csv", "ID,10,10", "ID,20000000,10");
    c.fails(
        "s.toml",
        &[
            "s.toml:13:13",
            "2 units with 20000005 places, more than the limit of 100000 units or 10000000 places",
        ],
    );
    c.edit("units.csv", "ID,20000000,10", "ID,99999999999,10");
    c.fails(
        "s.toml",
        &[
            "units.csv:3",
            "column 6 `places`: `99999999999` is too large",
        ],
    );
    let mut many = String::from(UNITS);
    for i in 0..100_001 {
        many.push_str(&format!("M{i},Gruppbostad,Ryd,group,ID,1,0,,1000\n"));
    }
    c.write("units.csv", many.as_bytes());
    c.fails(
        "s.toml",
        &["100003 units", "more than the limit of 100000 units"],
    );
    // District numbers would wrap past 65 534 names (and the last means "no preference").
    let mut districts = String::from(UNITS);
    for i in 0..65_535 {
        districts.push_str(&format!(
            "D{i},Gruppbostad,Stadsdel {i},group,ID,1,0,,1000\n"
        ));
    }
    c.write("units.csv", districts.as_bytes());
    c.fails("s.toml", &["districts, more than the limit of 65534"]);
}

#[test]
fn absurd_months_and_backlog() {
    let c = Case::new();
    c.edit(
        "s.toml",
        "[profiles]",
        "[goals]\noffer_within_months = 4000000000\n\n[profiles]",
    );
    c.fails(
        "s.toml",
        &[
            "s.toml:10:23",
            "`goals.offer_within_months` = 4000000000 is more than the limit of 1200 months",
        ],
    );
    let c = Case::new();
    c.edit(
        "s.toml",
        "[offers]",
        "[investigation]\nbacklog = 4000000000\n\n[offers]",
    );
    c.fails(
        "s.toml",
        &[
            "s.toml:19:11",
            "`investigation.backlog` = 4000000000 is more than the limit of 1000000",
        ],
    );
}

// ---- NaN and infinities: valid TOML floats, refused with the location of the value.

#[test]
fn nan_and_infinity_in_the_scenario() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "acceptance_probability = 0.7",
            "acceptance_probability = nan",
            "s.toml:19:26",
        ),
        (
            "acceptance_probability = 0.7",
            "acceptance_probability = +inf",
            "s.toml:19:26",
        ),
        (
            "exit_rate_per_year = 0.05",
            "exit_rate_per_year = inf",
            "s.toml:22:22",
        ),
        (
            "exit_rate_per_year = 0.05",
            "exit_rate_per_year = -nan",
            "s.toml:22:22",
        ),
        ("per_year = 20", "per_year = nan", "s.toml:16:12"),
        (
            "per_year = 20",
            "per_year = 20\ngrowth_per_year = -inf",
            "s.toml:17:19",
        ),
        (
            "mix = { ID = 0.7, autism = 0.3 }",
            "mix = { ID = nan, autism = 0.3 }",
            "s.toml:10:",
        ),
        (
            "[stays]",
            "[move_in]\nlead = { dist = \"exponential\", mean_days = inf }\n\n[stays]",
            "s.toml:22:",
        ),
        (
            "[stays]",
            "[goals]\noccupancy_target = nan\n\n[stays]",
            "s.toml:22:",
        ),
    ];
    for (from, to, at) in cases {
        let c = Case::new();
        c.edit("s.toml", from, to);
        c.fails("s.toml", &[at]);
    }
}

#[test]
fn nan_and_infinity_in_a_register() {
    for bad in ["NaN", "nan", "inf", "-inf", "Infinity", "1e999"] {
        let c = Case::new();
        c.edit("units.csv", ",,950", &format!(",,{bad}"));
        c.fails(
            "s.toml",
            &[
                "units.csv:3",
                &format!("column 9 `cost_per_place_year_tkr`: `{bad}` is not a number"),
            ],
        );
    }
    for bad in ["NaN", "inf"] {
        let c = Case::new();
        c.edit("units.csv", "ID,10,10", &format!("ID,{bad},10"));
        c.fails(
            "s.toml",
            &[
                "units.csv:3",
                &format!("column 6 `places`: `{bad}` is not a whole number"),
            ],
        );
    }
}

// ---- Unit registers from spreadsheets

#[test]
fn a_swedish_excel_register_is_read_and_its_names_survive() {
    let c = Case::new();
    // What Excel in Swedish writes as "CSV UTF-8": a BOM, CRLF, semicolons, decimal commas.
    let text = "id;name;district;kind;profiles;places;occupied;opens;cost_per_place_year_tkr\r\n\
                # a comment line\r\n\
                U1;Gruppbostad Åbylund;Skäggetorp;gruppbostad;ID|autism;5;4;;1 012,5\r\n\
                U2;Servicebostad Öst;Ånestad;service;ID;10;10;;950,25\r\n";
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(text.as_bytes());
    c.write("units.csv", &bytes);
    let out = c.runs();
    let units = std::fs::read_to_string(out.join("units.csv")).unwrap();
    for name in [
        "Gruppbostad Åbylund",
        "Skäggetorp",
        "Servicebostad Öst",
        "Ånestad",
    ] {
        assert!(units.contains(name), "{name} lost:\n{units}");
    }
    let resolved = std::fs::read_to_string(out.join("summary.json")).unwrap();
    assert!(
        !resolved.contains('\u{fffd}'),
        "a replacement character in summary.json"
    );
}

#[test]
fn a_latin1_register_is_read_and_its_names_survive() {
    let c = Case::new();
    // "Skäggetorp" in Latin-1 (Windows-1252): ä is the single byte 0xE4.
    let mut bytes =
        b"id,name,district,kind,profiles,places,occupied,opens,cost_per_place_year_tkr\n\
                      U1,Gruppbostad A,Ryd,group,ID|autism,5,4,,1000\n\
                      U2,Servicebostad B,Sk"
            .to_vec();
    bytes.extend([0xE4]);
    bytes.extend(b"ggetorp,service,ID,10,10,,950\n");
    c.write("units.csv", &bytes);
    let out = c.runs();
    let units = std::fs::read_to_string(out.join("units.csv")).unwrap();
    assert!(units.contains(",Skäggetorp,"), "{units}");
}

#[test]
fn duplicate_unit_ids_name_both_rows() {
    let c = Case::new();
    c.edit("units.csv", "U2,", "U1,");
    c.fails(
        "s.toml",
        &[
            "units.csv:3",
            "unit id `U1` is already used at",
            "units.csv:2",
        ],
    );
    // Across two registers.
    let c = Case::new();
    c.write("more.csv", b"id,name,district,kind,profiles,places,cost_per_place_year_tkr\nU2,Ny,Ryd,group,ID,4,1000\n");
    c.edit("s.toml", "[\"units.csv\"]", "[\"units.csv\", \"more.csv\"]");
    c.fails(
        "s.toml",
        &[
            "more.csv:2",
            "unit id `U2` is already used at",
            "units.csv:3",
        ],
    );
}

#[test]
fn a_ragged_row_and_an_unknown_column() {
    let c = Case::new();
    c.edit("units.csv", ",,950", ",,950,extra");
    c.fails(
        "s.toml",
        &["units.csv:3", "this row has 10 fields but the header has 9"],
    );
    let c = Case::new();
    c.edit("units.csv", "cost_per_place_year_tkr", "kostnad");
    c.fails("s.toml", &["units.csv:1", "unknown column `kostnad`"]);
}

// ---- Write failures

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.starts_with(b"0"))
        .unwrap_or(false)
}

#[test]
fn an_unwritable_output_gives_the_path_and_keeps_previous_results() {
    let c = Case::new();
    let prev = c.runs();
    let before = snapshot(&prev);
    assert!(before.contains_key("summary.json"));
    let s = c.path("s.toml");
    if !running_as_root() {
        // A read-only folder holding a previous run of the same scenario.
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&prev, std::fs::Permissions::from_mode(0o555)).unwrap();
        let o = run(&[
            "run",
            s.to_str().unwrap(),
            "-q",
            "--seed",
            "3",
            "-n",
            "4",
            "--out",
            prev.to_str().unwrap(),
        ]);
        std::fs::set_permissions(&prev, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(
            stderr(&o).contains(&format!("cannot write {}", prev.display())),
            "{}",
            stderr(&o)
        );
        assert!(before == snapshot(&prev), "previous results changed");
    }
    // As root, permissions do not stop writes: a path whose parent is a regular file cannot be
    // written by anyone (as a full disk, it fails when the folder or a file is created).
    let blocker = c.path("not-a-folder");
    std::fs::write(&blocker, b"a file").unwrap();
    let out = blocker.join("sub");
    let o = run(&[
        "run",
        s.to_str().unwrap(),
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("cannot write {}", out.display())),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(std::fs::read(&blocker).unwrap(), b"a file");
    assert!(before == snapshot(&prev), "previous results changed");
}

#[test]
fn an_output_path_that_is_a_file_is_refused() {
    let c = Case::new();
    let file = c.path("results");
    std::fs::write(&file, b"keep me").unwrap();
    let o = run(&[
        "run",
        &c.arg("s.toml"),
        "-q",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("exists and is not a folder"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"keep me");
}

#[test]
fn the_baseline_still_runs() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b");
    run_ok(&[
        "run",
        &baseline(),
        "-n",
        "3",
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
}
