//! Input that cannot be meant, and input that is legal but implausible, through the binary.
//!
//! A share typed as a percentage (`exit_rate_per_year = 4`) is refused with the share it
//! probably meant; a number past a limit (a cost of 1e308) is refused before it can make a NaN;
//! a value outside its plausible range runs, with a warning on standard error and in
//! `summary.json`. Extreme but accepted scenarios write only finite numbers. The tables in
//! docs/hostile-input.md list these cases.

mod common;
use common::*;

use std::path::Path;

/// `Case::new()` with `from` replaced by `to` in `file`.
fn case_with(file: &str, from: &str, to: &str) -> Case {
    let c = Case::new();
    c.edit(file, from, to);
    c
}

/// The small scenario with a `[queue]` section appended (line 24; its value on line 25).
fn with_queue(value: &str) -> Case {
    let c = Case::new();
    c.write(
        "s.toml",
        format!("{SCENARIO}\n[queue]\nwithdrawal_rate_per_year = {value}\n"),
    );
    c
}

// ---- Shares typed as percentages

#[test]
fn the_shares_of_the_issue_typed_as_percentages_are_refused_with_the_share() {
    case_with(
        "s.toml",
        "exit_rate_per_year = 0.05",
        "exit_rate_per_year = 4",
    )
    .fails(
        "s.toml",
        &[
            "s.toml:22:22",
            "`stays.exit_rate_per_year` = 4 must be a share between 0 and 1",
            "did you mean 0.04, that is 4 %?",
        ],
    );
    case_with(
        "s.toml",
        "per_year = 20",
        "per_year = 20\ngrowth_per_year = 2",
    )
    .fails(
        "s.toml",
        &[
            "s.toml:17:19",
            "`applications.growth_per_year` = 2 must be a share above -1 and at most 1",
            "did you mean 0.02, that is 2 %?",
        ],
    );
    with_queue("5").fails(
        "s.toml",
        &[
            "s.toml:25:28",
            "`queue.withdrawal_rate_per_year` = 5 must be a share between 0 and 1",
            "did you mean 0.05, that is 5 %?",
        ],
    );
    // A falling demand typed as a percentage.
    case_with(
        "s.toml",
        "per_year = 20",
        "per_year = 20\ngrowth_per_year = -4",
    )
    .fails("s.toml", &["did you mean -0.04, that is -4 %?"]);
}

#[test]
fn probabilities_typed_as_percentages_are_offered_the_share() {
    case_with(
        "s.toml",
        "acceptance_probability = 0.7",
        "acceptance_probability = 70",
    )
    .fails(
        "s.toml",
        &[
            "s.toml:19:26",
            "`offers.acceptance_probability` = 70 must be a probability between 0 and 1: did you mean 0.7, that is 70 %?",
        ],
    );
    case_with(
        "s.toml",
        "[stays]",
        "[goals]\noccupancy_target = 98\n\n[stays]",
    )
    .fails(
        "s.toml",
        &["`goals.occupancy_target` = 98 must be a probability between 0 and 1: did you mean 0.98, that is 98 %?"],
    );
    // 1.5 as a share would be 1.5 %: not a plausible acceptance, so no share is offered.
    let c = case_with(
        "s.toml",
        "acceptance_probability = 0.7",
        "acceptance_probability = 1.5",
    );
    c.fails("s.toml", &["must be a probability between 0 and 1"]);
    let o = run(&["validate", &c.arg("s.toml")]);
    assert!(!stderr(&o).contains("did you mean"), "{}", stderr(&o));
    // In a register: a unit's own delay probability.
    let c = Case::new();
    c.write(
        "units.csv",
        UNITS
            .replace(
                "cost_per_place_year_tkr\n",
                "cost_per_place_year_tkr,delay_probability\n",
            )
            .replace(",,950\n", ",,950,60\n")
            .replace(",,1000\n", ",,1000,\n"),
    );
    c.fails(
        "s.toml",
        &[
            "units.csv:3",
            "column 10 `delay_probability`: 60 must be a probability between 0 and 1: did you mean 0.6, that is 60 %?",
        ],
    );
    // A profile mix in percentages.
    case_with(
        "s.toml",
        "mix = { ID = 0.7, autism = 0.3 }",
        "mix = { ID = 70, autism = 30 }",
    )
    .fails(
        "s.toml",
        &["the shares in `profiles.mix` sum to 100, not 1: did you write percentages?"],
    );
}

#[test]
fn an_acceptance_factor_above_1_is_refused() {
    // Each decline would make the next offer likelier to be accepted (the engine clamped the
    // product to 1): not meant.
    case_with(
        "s.toml",
        "acceptance_probability = 0.7",
        "acceptance_probability = 0.7\nacceptance_factor_per_decline = 1.2",
    )
    .fails(
        "s.toml",
        &[
            "s.toml:20:33",
            "`offers.acceptance_factor_per_decline` = 1.2 must be a share between 0 and 1 (each decline multiplies the acceptance probability by it",
        ],
    );
    case_with(
        "s.toml",
        "acceptance_probability = 0.7",
        "acceptance_probability = 0.7\nacceptance_factor_per_decline = 90",
    )
    .fails("s.toml", &["did you mean 0.9, that is 90 %?"]);
}

// ---- Limits against overflow

#[test]
fn a_cost_of_1e308_is_refused() {
    let c = case_with("units.csv", ",,950", ",,1e308");
    c.fails(
        "s.toml",
        &[
            "units.csv:3",
            "column 9 `cost_per_place_year_tkr`: `1e308` is more than the limit of 1000000 tkr per place-year: lower it",
        ],
    );
    for (body, needle) in [
        (
            "[external]\ncost_per_person_year_tkr = 1e308",
            "s.toml:25:28: `external.cost_per_person_year_tkr` = 1e308 is more than the limit of 1000000 tkr per person-year: lower it",
        ),
        (
            "[external]\nplacement_after_days = 1e308",
            "s.toml:25:24: `external.placement_after_days` = 1e308 is more than the limit of 365250 days",
        ),
        (
            "[fee]\nexpected_tkr_per_month = 1e308",
            "s.toml:25:26: `fee.expected_tkr_per_month` = 1e308 is more than the limit of 1000 tkr a month",
        ),
        (
            "[move_in]\nlead = { dist = \"exponential\", mean_days = 1e308 }",
            "s.toml:25:8: `move_in.lead`: `mean_days` = 1e308 is more than the limit of 365250 days (1000 years): lower it",
        ),
        (
            "[vacancy]\nturnaround = { dist = \"uniform\", min_days = 0, max_days = 400000 }",
            "`vacancy.turnaround`: `max_days` = 400000 is more than the limit of 365250 days",
        ),
        (
            "[investigation]\nduration = { dist = \"log_normal\", mean_days = 90, cv = 1e200 }",
            "`investigation.duration`: `cv` = 1e200 is more than the limit of 100: lower it",
        ),
        (
            "[investigation]\nduration = { dist = \"weibull\", shape = 0.01, scale_days = 90 }",
            "`investigation.duration`: `shape` = 0.01 is less than the limit of 0.1: raise it",
        ),
    ] {
        let c = Case::new();
        c.write("s.toml", format!("{SCENARIO}\n{body}\n"));
        c.fails("s.toml", &[needle]);
    }
}

// ---- Plausibility: legal values outside their range run with a warning

/// The warnings of `summary.json` in `out`, or none if the key is absent.
fn summary_warnings(out: &Path) -> Vec<serde_json::Value> {
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    summary
        .get("warnings")
        .map(|w| w.as_array().unwrap().clone())
        .unwrap_or_default()
}

#[test]
fn a_decimal_comma_cost_runs_with_a_warning_naming_the_file_line_value_and_range() {
    let c = Case::new();
    // `1,100` meant as one thousand one hundred, in a semicolon file: 1.1 tkr per place-year.
    c.write(
        "units.csv",
        "id;name;district;kind;profiles;places;occupied;opens;cost_per_place_year_tkr\n\
         U1;Gruppbostad A;Ryd;group;ID|autism;5;4;;1000\n\
         U2;Servicebostad B;Berga;service;ID;10;10;;1,100\n",
    );
    let out = c.path("ok");
    let o = run_into(&c.arg("s.toml"), "4", &out, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let warning = "units.csv:3: column 9 `cost_per_place_year_tkr`: `1,100`, read as 1.1, is outside the plausible range of 300 to 3000 tkr a year";
    assert!(err.contains(&format!("warning: {}", c.arg(""))), "{err}");
    assert!(err.contains(warning), "{err}");
    assert_eq!(err.matches("warning:").count(), 1, "{err}");
    let warnings = summary_warnings(&out);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = &warnings[0];
    assert_eq!(
        w["file"], "../units.csv",
        "named as seen from the result folder"
    );
    assert_eq!(w["line"], 3);
    assert!(
        w["message"]
            .as_str()
            .unwrap()
            .contains("`1,100`, read as 1.1, is outside the plausible range of 300 to 3000"),
        "{w}"
    );
    // `validate` says it too.
    let o = run(&["validate", &c.arg("s.toml")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains(warning), "{}", stderr(&o));
}

#[test]
fn implausible_settings_in_the_scenario_warn_at_their_line() {
    let c = Case::new();
    c.write(
        "s.toml",
        format!(
            "{SCENARIO}\n[vacancy]\nturnaround = {{ dist = \"uniform\", min_days = 300, max_days = 500 }}\n\n\
             [queue]\nwithdrawal_rate_per_year = 0.6\n"
        ),
    );
    let out = c.path("ok");
    let o = run_into(&c.arg("s.toml"), "4", &out, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    for needle in [
        ":25:14: `vacancy.turnaround` has a mean of 400 days, which is outside the plausible range of 1 to 180 days: check it (the run goes on)",
        ":28:28: `queue.withdrawal_rate_per_year` = 0.6 is outside the plausible range of 0 to 0.3 a year",
    ] {
        let line = format!("warning: {}{needle}", c.arg("s.toml"));
        assert!(err.contains(&line), "{line}\n{err}");
    }
    let warnings = summary_warnings(&out);
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert_eq!(warnings[0]["file"], "../s.toml");
    assert_eq!(
        (&warnings[0]["line"], &warnings[0]["column"]),
        (&25.into(), &14.into())
    );
}

#[test]
fn a_warning_of_a_parent_file_points_into_the_parent() {
    let dir = tempfile::tempdir().unwrap();
    let v = baseline_variant(dir.path(), "v.toml", "[applications]\nper_year = 4500\n");
    let o = run(&["validate", v.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("v.toml:3:12: `applications.per_year` = 4500 is outside the plausible range of 1 to 500 applications a year"),
        "{err}"
    );
}

#[test]
fn a_sweep_point_outside_the_range_warns_once() {
    let c = Case::new();
    let o = run(&[
        "sweep",
        &c.arg("s.toml"),
        "--vary",
        "applications.per_year=20,900",
        "-n",
        "2",
        "-q",
        "--out",
        c.path("sw").to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert_eq!(
        err.matches("`applications.per_year` = 900 is outside the plausible range")
            .count(),
        1,
        "{err}"
    );
}

#[test]
fn the_shipped_scenarios_have_no_warnings() {
    let dir = repo("scenarios");
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "toml") {
            let o = run(&["validate", path.to_str().unwrap()]);
            assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
            assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
            n += 1;
        }
    }
    assert!(n >= 8, "{n} scenarios");
    // And a run without warnings has no `warnings` key (summary.json as before).
    let c = Case::new();
    assert!(
        !std::fs::read_to_string(c.runs().join("summary.json"))
            .unwrap()
            .contains("\"warnings\"")
    );
}

// ---- Extreme but accepted scenarios write only finite numbers

/// Every number of every CSV and JSON file in `out` is finite, and no statistic of a row with
/// at least two replications is missing (a NaN is written as an empty cell or `null`).
fn assert_all_finite(out: &Path, label: &str) {
    let mut files = 0;
    for e in std::fs::read_dir(out).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".csv") {
            files += 1;
            let text = std::fs::read_to_string(&path).unwrap();
            let mut lines = text.lines();
            let header: Vec<&str> = lines.next().unwrap().split(',').collect();
            let n_at = header.iter().position(|h| *h == "n").unwrap();
            for line in lines {
                let cells: Vec<&str> = line.split(',').collect();
                for (h, cell) in header.iter().zip(&cells) {
                    let lower = cell.to_lowercase();
                    assert!(
                        !lower.contains("nan") || *h == "name",
                        "{label}: {name}: `{h}` = {cell}: {line}"
                    );
                    assert!(
                        !lower.contains("inf") || *h == "name",
                        "{label}: {name}: `{h}` = {cell}: {line}"
                    );
                    if let Ok(v) = cell.parse::<f64>() {
                        assert!(v.is_finite(), "{label}: {name}: {line}");
                    }
                }
                let n: u64 = cells[n_at].parse().unwrap();
                if n >= 2 {
                    for (h, cell) in header.iter().zip(&cells).skip(n_at + 1) {
                        assert!(
                            !cell.is_empty(),
                            "{label}: {name}: `{h}` empty with n = {n}: {line}"
                        );
                    }
                }
            }
        } else if name.ends_with(".json") {
            files += 1;
            let v: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            no_missing_numbers(&v, &format!("{label}: {name}"));
        }
    }
    assert!(files >= 5, "{label}: {files} files");
}

/// serde_json writes NaN and infinities as `null`: a `null` is allowed only where a value may
/// be missing (a statistic of fewer than two replications, a warning without a column).
fn no_missing_numbers(v: &serde_json::Value, at: &str) {
    match v {
        serde_json::Value::Object(map) => {
            let few = map.get("n").and_then(|n| n.as_u64()).is_some_and(|n| n < 2);
            for (k, x) in map {
                if x.is_null() {
                    assert!(few || k == "column", "{at}.{k} is null");
                }
                no_missing_numbers(x, &format!("{at}.{k}"));
            }
        }
        serde_json::Value::Array(list) => {
            for (i, x) in list.iter().enumerate() {
                no_missing_numbers(x, &format!("{at}[{i}]"));
            }
        }
        _ => {}
    }
}

#[test]
fn extreme_accepted_scenarios_write_only_finite_numbers() {
    // (what, edits of s.toml, edits of units.csv)
    type Edits<'a> = &'a [(&'a str, &'a str)];
    let cases: &[(&str, Edits, Edits)] = &[
        (
            "every cost at its limit, for 100 years",
            &[(
                "end = 2019-12-31",
                "end = 2118-12-31\n\n[external]\ncost_per_person_year_tkr = 1000000\n\
                 placement_after_days = 0\n\n[fee]\nafter_months = 0\nexpected_tkr_per_month = 1000",
            )],
            &[(",,1000\n", ",,1000000\n"), (",,950", ",,1000000")],
        ),
        (
            "every duration at its limit",
            &[(
                "[stays]\nexit_rate_per_year = 0.05",
                "[stays]\nlength = { dist = \"weibull\", shape = 0.1, scale_days = 365250 }\n\n\
                 [investigation]\nduration = { dist = \"log_normal\", mean_days = 365250, cv = 100 }\n\
                 backlog = 50\nbacklog_remaining = { dist = \"gamma\", mean_days = 365250, cv = 100 }\n\n\
                 [move_in]\nlead = { dist = \"uniform\", min_days = 365250, max_days = 365250 }\n\n\
                 [vacancy]\nturnaround = { dist = \"exponential\", mean_days = 365250 }\n\n\
                 [external]\ncost_per_person_year_tkr = 1000000\nplacement_after_days = 365250",
            )],
            &[],
        ),
        (
            "every share at its limit",
            &[(
                "[stays]\nexit_rate_per_year = 0.05",
                "[stays]\nexit_rate_per_year = 1\n\n[queue]\nwithdrawal_rate_per_year = 1\n\n\
                 [investigation]\ngrant_probability = 1",
            )],
            &[],
        ),
        (
            "applications doubling every year, nobody accepts, nobody leaves",
            &[
                ("per_year = 20", "per_year = 1000\ngrowth_per_year = 1"),
                ("acceptance_probability = 0.7", "acceptance_probability = 0"),
                ("exit_rate_per_year = 0.05", "exit_rate_per_year = 0"),
            ],
            &[],
        ),
        (
            "a tiny exit rate, acceptance gone after one decline",
            &[
                ("exit_rate_per_year = 0.05", "exit_rate_per_year = 1e-300"),
                (
                    "acceptance_probability = 0.7",
                    "acceptance_probability = 0.5\nacceptance_factor_per_decline = 0",
                ),
            ],
            &[],
        ),
        (
            "no applications at all",
            &[("per_year = 20", "by_year = { \"2018\" = 0, \"2019\" = 0 }")],
            &[],
        ),
        (
            "the most applications a year, for a month",
            &[
                ("end = 2019-12-31", "end = 2018-09-30"),
                ("per_year = 20", "per_year = 1000000"),
            ],
            &[],
        ),
    ];
    for (label, scenario, units) in cases {
        let c = Case::new();
        for (from, to) in *scenario {
            c.edit("s.toml", from, to);
        }
        for (from, to) in *units {
            c.edit("units.csv", from, to);
        }
        let out = c.path("out");
        let o = run_into(&c.arg("s.toml"), "3", &out, &[]);
        assert!(o.status.success(), "{label}: {}", stderr(&o));
        assert_all_finite(&out, label);
    }
}

/// A number written as on paper in a scenario or plan file: the error says first what to type.
#[test]
fn numbers_written_as_on_paper_are_refused_with_what_to_type() {
    let dir = tempfile::tempdir().unwrap();
    for (body, hint) in [
        (
            "[investigation]\ngrant_probability = 0,65\n",
            ":4:22: decimals are written with a point: 0.65, not 0,65 (unexpected key or value",
        ),
        (
            "[external]\ncost_per_person_year_tkr = 1 500\n",
            ":4:28: write 1500 without a space (string values must be quoted, expected literal string)",
        ),
        (
            "[investigation]\ngrant_probability = 65%\n",
            ":4:21: a number is written without a unit or `%`: a share as 0.65, not 65% (string values",
        ),
    ] {
        let f = baseline_variant(dir.path(), "paper.toml", &format!("name = \"p\"\n{body}"));
        let o = run(&["validate", f.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{body}");
        let err = stderr(&o);
        assert!(err.contains(hint), "{body}: {err}");
        // The quoted-string hint comes at most once, and never after a number that is no share.
        assert!(err.matches("without a unit").count() <= 1, "{err}");
        assert!(
            body.contains('%') || !err.contains("without a unit"),
            "{err}"
        );
    }
    // A plan file: the same words.
    let plan = std::fs::read_to_string(repo("scenarios/plans/linkoping-2020.toml")).unwrap();
    let p = dir.path().join("plan.toml");
    std::fs::write(
        &p,
        plan.replacen("offer_probability = 0.8", "offer_probability = 0,8", 1),
    )
    .unwrap();
    let o = run(&["plan", &baseline(), p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("decimals are written with a point: 0.8, not 0,8"),
        "{}",
        stderr(&o)
    );
}

/// A decimal comma on the command line is refused with the number meant.
#[test]
fn decimal_commas_on_the_command_line_say_what_was_meant() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    let out = out.to_str().unwrap();
    let base = baseline();
    for (args, part) in [
        (
            vec![
                "sweep",
                &base,
                "--vary",
                "offers.acceptance_probability=0.7",
                "--probability",
                "0,8",
            ],
            "`0,8` is not a number: did you mean 0.8? decimals are written with a point",
        ),
        (
            vec![
                "calibrate",
                &base,
                "--fit",
                "investigation.grant_probability=0.4:0.9",
                "--accept",
                "0,1",
            ],
            "`0,1` is not a number: did you mean 0.1? decimals are written with a point",
        ),
        (
            vec![
                "calibrate",
                &base,
                "--fit",
                "investigation.grant_probability=0,4:1,0",
                "--out",
                out,
            ],
            "`0,4` is not a number: did you mean 0.4? decimals are written with a point",
        ),
        (
            vec![
                "sweep",
                &base,
                "--vary",
                "offers.acceptance_probability=0,7",
                "-n",
                "2",
                "--out",
                out,
            ],
            "=7: `offers.acceptance_probability` = 7 must be a probability between 0 and 1 (the values of a list are separated by commas and decimals are written with a point, such as 0.6,0.7)",
        ),
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(part), "{args:?}: {}", stderr(&o));
    }
    // A list of whole numbers that is refused gets no hint about decimals.
    let o = run(&[
        "sweep",
        &base,
        "--vary",
        "offers.acceptance_probability=2",
        "-n",
        "2",
        "--out",
        out,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).contains("decimals"), "{}", stderr(&o));
}

/// validate's verdict counts a single unit, place or profile in the singular.
#[test]
fn validate_counts_one_in_the_singular() {
    let c = Case::new();
    c.edit(
        "units.csv",
        "U2,Servicebostad B,Berga,service,ID,10,10,,950\n",
        "",
    );
    c.edit("units.csv", "5,4,,1000", "1,0,,1000");
    c.edit(
        "s.toml",
        "mix = { ID = 0.7, autism = 0.3 }",
        "mix = { ID = 1.0 }",
    );
    c.edit("units.csv", "ID|autism", "ID");
    let o = run(&["validate", c.path("s.toml").to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("valid — 1 unit with 1 place, 1 profile, 0 people in the start state"),
        "{out}"
    );
}
