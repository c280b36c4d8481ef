//! Results per target group (profile): `profiles.csv` and the `profiles` section of
//! `summary.json`.

mod common;

use std::collections::BTreeMap;

use common::{baseline, run_into_ok};

/// The additive per-profile metrics: their profile means sum to the total's mean.
const ADDITIVE: &[&str] = &[
    "queue",
    "over_6_months",
    "ivo_reports",
    "first_offers",
    "decisions",
    "move_ins",
    "external_placements",
];

#[test]
fn per_profile_figures_add_up_to_the_totals() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    run_into_ok(&baseline(), "40", &out, &[]);
    let text = std::fs::read_to_string(out.join("profiles.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (period, profile, metric, mean) =
        (col("period"), col("profile"), col("metric"), col("mean"));
    // (period, metric) -> (sum over profiles, total, profiles seen)
    let mut sums: BTreeMap<(String, String), (f64, Option<f64>, usize)> = BTreeMap::new();
    let mut profiles = std::collections::BTreeSet::new();
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        if !ADDITIVE.contains(&f[metric]) {
            continue;
        }
        let v: f64 = f[mean].parse().unwrap();
        let e = sums
            .entry((f[period].to_owned(), f[metric].to_owned()))
            .or_insert((0.0, None, 0));
        if f[profile] == "all" {
            e.1 = Some(v);
        } else {
            e.0 += v;
            e.2 += 1;
            profiles.insert(f[profile].to_owned());
        }
    }
    assert_eq!(
        profiles.into_iter().collect::<Vec<_>>(),
        ["ID", "ID_psychiatric", "autism", "health"]
    );
    assert!(sums.len() >= 20 * ADDITIVE.len(), "years and quarters");
    for ((p, m), (sum, total, n)) in sums {
        let total = total.unwrap_or_else(|| panic!("{p} {m}: no `all` row"));
        assert_eq!(n, 4, "{p} {m}: every profile");
        // The CSV rounds each mean to 6 significant digits.
        assert!(
            (sum - total).abs() <= 1e-4 * (1.0 + total.abs()),
            "{p} {m}: the profiles sum to {sum}, the total is {total}"
        );
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let years = json["profiles"]["years"].as_array().unwrap();
    assert_eq!(years.len(), 5 * 4, "5 years of 4 profiles");
    assert!(years[0]["metrics"]["over_6_months"]["mean"].is_number());
}

/// The CSV rows of `file` as maps from column to cell.
fn rows(file: &std::path::Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(file).unwrap();
    let mut lines = text.lines();
    let header: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
    lines
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(l.split(',').map(String::from))
                .collect()
        })
        .collect()
}

#[test]
fn compare_by_profile_splits_the_paired_difference_among_the_profiles() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c");
    let other = common::repo("scenarios/no-expansion.toml");
    let args = |extra: &[&str]| {
        let mut a = vec![
            "compare".to_owned(),
            baseline(),
            other.display().to_string(),
            "-n".into(),
            "30".into(),
            "--out".into(),
            out.display().to_string(),
            "--force".into(),
        ];
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let plain = args(&[]);
    common::run_ok(&plain.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(
        !out.join("compare-profiles.csv").exists(),
        "only when asked"
    );
    let by = args(&["--by-profile"]);
    let o = common::run_ok(&by.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(String::from_utf8_lossy(&o.stdout).contains("by target group"));
    let total: f64 = rows(&out.join("compare.csv"))
        .iter()
        .find(|r| {
            r["scenario"] == "no-expansion" && r["year"] == "2022" && r["metric"] == "over_6_months"
        })
        .unwrap()["diff_mean"]
        .parse()
        .unwrap();
    let split: Vec<f64> = rows(&out.join("compare-profiles.csv"))
        .iter()
        .filter(|r| {
            r["scenario"] == "no-expansion" && r["year"] == "2022" && r["metric"] == "over_6_months"
        })
        .map(|r| r["diff_mean"].parse().unwrap())
        .collect();
    assert_eq!(split.len(), 4, "one row per profile");
    let sum: f64 = split.iter().sum();
    assert!(
        (sum - total).abs() <= 1e-4 * (1.0 + total.abs()),
        "the profiles' differences sum to {sum}, the total's is {total}"
    );
    assert!(total > 0.0, "no expansion leaves more people waiting");
}
