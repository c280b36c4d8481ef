//! Training housing with a time limit through the binary: the `[training]` section and the
//! register's `time_limited` column checked like every input (docs/hostile-input.md, "Training
//! housing"), the training metrics written only for a scenario that has the time limit, and the
//! section varied by a sweep through the same checks.

mod common;
use common::*;

/// A register with a time-limited training unit of 4 places for ID opening 2019-01-01.
const UNITS: &str = "id,name,district,kind,profiles,places,occupied,opens,cost_per_place_year_tkr,time_limited\n\
                     U1,Gruppbostad A,Ryd,group,ID|autism,5,4,,1000,\n\
                     U2,Servicebostad B,Berga,service,ID,10,10,,950,\n\
                     T1,Träningsboende C,Ryd,training,ID,4,0,2019-01-01,1100,true\n";

/// The `[training]` section of the case (lines 24-30 of `s.toml`).
const TRAINING: &str = "\n[training]\neligible_share = 0.5\nmax_stay = { dist = \"fixed\", days = 200 }\nown_flat_share = 0.5\npermanent_share = 0.4\nprolonged_share = 0.1\nprolongation = { dist = \"fixed\", days = 60 }\n";

/// The small case with a time-limited training unit and its `[training]` section.
fn case() -> Case {
    let c = Case::new();
    c.write("units.csv", UNITS);
    c.write("s.toml", format!("{SCENARIO}{TRAINING}"));
    c
}

fn summary(dir: &std::path::Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("summary.json")).unwrap()).unwrap()
}

fn metric_names(v: &serde_json::Value) -> Vec<String> {
    v["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_training_metrics_are_written_only_with_a_time_limit() {
    let c = case();
    let with = summary(&c.runs());
    let names = metric_names(&with);
    for m in [
        "training_places",
        "trainees",
        "training_to_own_flat",
        "training_to_queue",
    ] {
        assert!(names.iter().any(|n| n == m), "{m} missing: {names:?}");
    }
    let year = &with["years"][1]["metrics"];
    assert_eq!(year["training_places"]["mean"], 4.0, "{year}");
    assert!(year["training_starts"]["mean"].as_f64().unwrap() > 0.0);
    // The same unit without its time limit: the register column is false, the section warns
    // that it does nothing, and no training metric is written.
    let c = case();
    c.edit("units.csv", "1100,true", "1100,false");
    let without = summary(&c.runs());
    assert!(
        metric_names(&without)
            .iter()
            .all(|n| !n.starts_with("train") && n != "trainees"),
        "{:?}",
        metric_names(&without)
    );
    assert!(
        without["warnings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("no unit in the registers is `time_limited`"),
        "{}",
        without["warnings"]
    );
}

#[test]
fn shares_typed_as_percentages_are_refused_with_the_share() {
    let c = case();
    c.edit("s.toml", "eligible_share = 0.5", "eligible_share = 15");
    c.fails(
        "s.toml",
        &[
            "s.toml:25:18",
            "`training.eligible_share` = 15 must be a share between 0 and 1",
            "did you mean 0.15, that is 15 %?",
        ],
    );
    let c = case();
    c.edit("s.toml", "own_flat_share = 0.5", "own_flat_share = 50");
    c.fails(
        "s.toml",
        &["s.toml:27:18", "did you mean 0.5, that is 50 %?"],
    );
}

#[test]
fn end_of_stay_shares_must_sum_to_1() {
    let c = case();
    c.edit("s.toml", "permanent_share = 0.4", "permanent_share = 0.3");
    c.fails(
        "s.toml",
        &[
            "s.toml:24:1",
            "`training.own_flat_share`, `permanent_share` and `prolonged_share` sum to 0.9, not 1",
        ],
    );
    let c = case();
    c.edit(
        "s.toml",
        "prolongation = { dist = \"fixed\", days = 60 }",
        "",
    );
    c.fails("s.toml", &["`training.prolongation` is missing"]);
}

#[test]
fn a_time_limit_needs_a_training_unit_without_residents_and_the_section() {
    let c = case();
    c.edit(
        "units.csv",
        "T1,Träningsboende C,Ryd,training",
        "T1,Träningsboende C,Ryd,group",
    );
    c.fails(
        "s.toml",
        &[
            "units.csv:4: column 10 `time_limited`",
            "only a training unit",
        ],
    );
    let c = case();
    c.edit("units.csv", "ID,4,0,2019-01-01", "ID,4,2,");
    c.fails(
        "s.toml",
        &["cannot have residents at the start (2 occupied)"],
    );
    let c = case();
    c.write("s.toml", SCENARIO);
    c.fails(
        "s.toml",
        &["unit `T1` is `time_limited`, but the scenario has no `[training]` section"],
    );
}

#[test]
fn a_sweep_varies_the_training_section_through_the_same_checks() {
    let c = case();
    let out = c.arg("sw");
    let s = c.arg("s.toml");
    let o = run(&[
        "sweep",
        &s,
        "-n",
        "4",
        "-q",
        "--out",
        &out,
        "--vary",
        "training.eligible_share=0.2,0.8",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&[
        "sweep",
        &s,
        "-n",
        "4",
        "-q",
        "--out",
        &out,
        "--force",
        "--vary",
        "training.own_flat_share=0.5,0.6",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("training.own_flat_share=0.6")
            && stderr(&o).contains("sum to 1.1, not 1"),
        "{}",
        stderr(&o)
    );
}
