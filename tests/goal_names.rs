//! Names that do not lie when a goal changes: with an offer goal of 4 months, a reporting limit
//! of 2 months and an occupancy target of 95 %, every output (CSV metric names, `summary.json`,
//! the printed summary, the charts' text, compare and sweep tables) names 4 months, 2 months and
//! 95 %, never the shipped 6 months, 3 months and 98 %. The shipped scenarios keep their names
//! (`over_6_months`, `chart-2-over-6-months`: see `cli.rs` and `charts.rs`).

use std::path::Path;

mod common;
use common::*;

/// The baseline's observations are left out: they name their source's own span (`over_6_months_unexecuted`
/// in the start state), which a variant's goals do not change (tests/observations.rs).
const GOALS: &str = "observation = []\n[goals]\noffer_within_months = 4\nreport_after_months = 2\noccupancy_target = 0.95\n";

/// Texts that would name a shipped goal where the configured one is meant. A match must not
/// follow a digit, so "36 months" is not "6 months".
const LIES: &[&str] = &[
    "6 month",
    "6-month",
    "6 mån",
    "6-mån",
    "over_6",
    "over-6",
    "3 month",
    "3 mån",
    "over_3",
    "98%",
    "98 %",
    "Target: 98",
    "Mål: 98",
];

/// The lies in `text`, each with what surrounds it.
fn lies(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for lie in LIES {
        for (i, _) in text.match_indices(lie) {
            let after_digit = text[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_digit());
            if !after_digit {
                let from = text[..i].char_indices().rev().nth(30).map_or(0, |(j, _)| j);
                let to = text[i..]
                    .char_indices()
                    .nth(lie.chars().count() + 30)
                    .map_or(text.len(), |(j, _)| i + j);
                found.push(format!("{lie:?} in …{}…", &text[from..to]));
            }
        }
    }
    found
}

/// The text elements of an SVG, one a line.
fn svg_text(path: &Path) -> String {
    let svg = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `metric` column of a period table.
fn metric_names(csv: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(csv).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = header.iter().position(|h| *h == "metric").unwrap();
    let mut names: Vec<String> = lines
        .map(|l| l.split(',').nth(col).unwrap().to_owned())
        .collect();
    names.dedup();
    names
}

#[test]
fn a_run_names_the_configured_goals_in_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = baseline_variant(dir.path(), "goals.toml", GOALS);
    let out = dir.path().join("out");
    let o = run_ok(&[
        "run",
        scenario.to_str().unwrap(),
        "-n",
        "8",
        "--out",
        out.to_str().unwrap(),
    ]);

    // The printed summary.
    let printed = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        lies(&printed).is_empty(),
        "{:#?}\n{printed}",
        lies(&printed)
    );
    for want in [
        ">4 mån",
        ">4 mån)",
        ">= 95%)",
        "waiting over 4 months with no offer",
        "unexecuted after 2 months",
        "P(occ >= 95%)",
    ] {
        assert!(printed.contains(want), "no {want:?} in\n{printed}");
    }

    // The CSV tables: the metrics are named after the goals.
    for f in ["yearly.csv", "quarterly.csv", "monthly.csv"] {
        let names = metric_names(&out.join(f));
        for want in ["over_4_months", "over_4_months_unexecuted", "over_2_months"] {
            assert!(
                names.iter().any(|n| n == want),
                "{f}: no {want} in {names:?}"
            );
        }
        let text = names.join("\n");
        assert!(lies(&text).is_empty(), "{f}: {:#?}", lies(&text));
    }

    // summary.json: the goals, the metric names, keys and descriptions.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(json["goals"]["offer_within_months"], 4);
    assert_eq!(json["goals"]["report_after_months"], 2);
    assert_eq!(json["goals"]["occupancy_target"], 0.95);
    let by_year = json["goals"]["by_year"][0].as_object().unwrap();
    assert!(
        by_year.contains_key("p_nobody_over_4_months"),
        "{by_year:?}"
    );
    let year = json["years"][1]["metrics"].as_object().unwrap();
    assert!(year.contains_key("over_4_months") && year.contains_key("over_2_months"));
    let words: Vec<String> = json["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| format!("{} {}", m["name"], m["description"]))
        .chain(year.keys().cloned())
        .chain(by_year.keys().cloned())
        .collect();
    let words = words.join("\n");
    assert!(lies(&words).is_empty(), "summary.json: {:#?}", lies(&words));
    for want in ["(4 months)", "(2 months)", "target (95 %)"] {
        assert!(words.contains(want), "summary.json: no {want:?}");
    }

    // The charts, drawn by `run` in English and re-drawn by `plot` in Swedish.
    let wants_en = [
        (
            "chart-2-over-4-months",
            "Waiting over 4 months, and reports to IVO, per quarter",
        ),
        (
            "chart-2-over-4-months",
            "People waiting over 4 months without an offer",
        ),
        (
            "chart-2-over-4-months",
            "Goal: nobody waits over 4 months (0)",
        ),
        (
            "chart-2-over-4-months",
            "Reports to IVO per quarter: decisions not executed within 2 months",
        ),
        ("chart-3-occupancy", "Target: 95%"),
        ("chart-4-wait-to-offer", "Goal: offer within 4 months"),
        ("chart-4-wait-to-offer", "Later than 4 months:"),
        ("chart-7-unit-occupancy", "Target: 95%"),
        (
            "chart-8-by-target-group",
            "Waiting over 4 months without an offer, by target group",
        ),
    ];
    let wants_sv = [
        (
            "chart-2-over-4-months",
            "Väntat över 4 månader, och rapporter till IVO, per kvartal",
        ),
        (
            "chart-2-over-4-months",
            "Rapporter till IVO per kvartal: beslut som inte verkställts inom 2 månader",
        ),
        ("chart-3-occupancy", "Mål: 95 %"),
        ("chart-4-wait-to-offer", "Erbjudande senare än 4 månader"),
        (
            "chart-8-by-target-group",
            "Väntat över 4 månader utan erbjudande, per målgrupp",
        ),
    ];
    for (lang, wants) in [("en", &wants_en[..]), ("sv", &wants_sv[..])] {
        if lang == "sv" {
            run_ok(&["plot", out.to_str().unwrap(), "--lang", "sv"]);
        }
        let svgs: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "svg"))
            .collect();
        assert_eq!(svgs.len(), 8, "{svgs:?}");
        for svg in &svgs {
            let text = svg_text(svg);
            assert!(
                lies(&text).is_empty(),
                "{} ({lang}): {:#?}",
                svg.display(),
                lies(&text)
            );
        }
        for (stem, want) in wants {
            let text = svg_text(&out.join(format!("{stem}.svg")));
            assert!(
                text.contains(want),
                "{stem}.svg ({lang}): no {want:?} in\n{text}"
            );
        }
    }
    assert!(!out.join("chart-2-over-6-months.png").exists());
}

#[test]
fn compare_and_sweep_name_the_configured_goals() {
    let dir = tempfile::tempdir().unwrap();
    let a = baseline_variant(
        dir.path(),
        "a.toml",
        &format!("name = \"goals-a\"\n{GOALS}"),
    );
    let b = baseline_variant(
        dir.path(),
        "b.toml",
        &format!("name = \"goals-b\"\napplications.growth_per_year = 0.04\n{GOALS}"),
    );
    let out = dir.path().join("cmp");
    let o = run_ok(&[
        "compare",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "-n",
        "6",
        "--out",
        out.to_str().unwrap(),
    ]);
    let printed = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(lies(&printed).is_empty(), "{:#?}", lies(&printed));
    assert!(
        printed.contains("Δ >4 mån [95% CI]") && printed.contains(">= 95%)"),
        "{printed}"
    );
    let csv = std::fs::read_to_string(out.join("compare.csv")).unwrap();
    assert!(csv.contains(",over_4_months,"), "{csv}");
    let json = std::fs::read_to_string(out.join("compare.json")).unwrap();
    assert!(json.contains("\"metric\": \"over_4_months\""));
    for stem in ["compare-chart-1-goals", "compare-chart-3-cost"] {
        let text = svg_text(&out.join(format!("{stem}.svg")));
        assert!(lies(&text).is_empty(), "{stem}: {:#?}", lies(&text));
    }
    let text = svg_text(&out.join("compare-chart-3-cost.svg"));
    assert!(text.contains("meeting the 4-month goal"), "{text}");
    let text = svg_text(&out.join("compare-chart-1-goals.svg"));
    assert!(
        text.contains("Probability that the occupancy reaches 95% in the year"),
        "{text}"
    );
    assert!(
        text.contains("nobody has waited over 4 months without an offer at any quarter end"),
        "{text}"
    );

    let out = dir.path().join("sweep");
    let o = run_ok(&[
        "sweep",
        a.to_str().unwrap(),
        "--vary",
        "unit.LKP-101.places=0,6",
        "-n",
        "4",
        "--out",
        out.to_str().unwrap(),
    ]);
    let printed = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(lies(&printed).is_empty(), "{:#?}", lies(&printed));
    assert!(printed.contains("P(none >4 mån)") && printed.contains("nobody over 4 months"));
    let csv = std::fs::read_to_string(out.join("sweep.csv")).unwrap();
    assert!(
        csv.lines().next().unwrap().ends_with(
            ",p_nobody_over_4_months,p_nobody_over_4_months_ci_low,p_nobody_over_4_months_ci_high,\
             p_occupancy_at_target,p_occupancy_at_target_ci_low,p_occupancy_at_target_ci_high,\
             ivo_reports,over_4_months,cost_goal_years_tkr"
        ),
        "{csv}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("sweep.json")).unwrap()).unwrap();
    assert!(json["points"][0]["over_4_months"].is_number(), "{json}");
    let text = svg_text(&out.join("sweep-chart.svg"));
    assert!(lies(&text).is_empty(), "sweep chart: {:#?}", lies(&text));
    assert!(text.contains("nobody over 4 months"), "{text}");
}

/// With the reporting limit equal to the offer goal, the two metrics still have their own names.
#[test]
fn a_reporting_limit_equal_to_the_offer_goal_keeps_two_names() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = baseline_variant(
        dir.path(),
        "same.toml",
        "[goals]\noffer_within_months = 3\nreport_after_months = 3\n",
    );
    let out = dir.path().join("out");
    run_into_ok(scenario.to_str().unwrap(), "4", &out, &[]);
    let names = metric_names(&out.join("yearly.csv"));
    // Each once a year, as `queue`.
    let years = names.iter().filter(|n| *n == "queue").count();
    assert!(years > 1);
    for want in [
        "over_3_months",
        "over_3_months_unexecuted",
        "over_3_months_ivo",
    ] {
        let count = names.iter().filter(|n| *n == want).count();
        assert_eq!(count, years, "{want} in {names:?}");
    }
}

#[test]
fn compare_refuses_scenarios_with_other_goals() {
    let dir = tempfile::tempdir().unwrap();
    let other = baseline_variant(
        dir.path(),
        "other.toml",
        &format!("name = \"goals-4\"\n{GOALS}"),
    );
    let out = dir.path().join("cmp");
    let o = run(&[
        "compare",
        &baseline(),
        other.to_str().unwrap(),
        "-n",
        "4",
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    for want in [
        "the scenarios' goals differ",
        "`linkoping-baseline` has offer_within_months = 6, report_after_months = 3, occupancy_target = 0.98",
        "`goals-4` has offer_within_months = 4, report_after_months = 2, occupancy_target = 0.95",
    ] {
        assert!(err.contains(want), "no {want:?} in\n{err}");
    }
    assert!(!out.exists(), "nothing may be written");
}

#[test]
fn a_sweep_refuses_to_vary_a_goal() {
    let dir = tempfile::tempdir().unwrap();
    for vary in [
        "goals.offer_within_months=4,6",
        "goals.report_after_months=2,3",
        "goals.occupancy_target=0.95,0.98",
    ] {
        let out = dir.path().join("sweep");
        let o = run(&[
            "sweep",
            &baseline(),
            "--vary",
            vary,
            "-n",
            "4",
            "--out",
            out.to_str().unwrap(),
        ]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{vary}: {err}");
        assert!(
            err.contains(
                "cannot be varied in a sweep: the goal is what every point is measured against"
            ),
            "{vary}: {err}"
        );
        assert!(!out.exists(), "nothing may be written");
    }
}
