//! The charts of `lss-sim compare` and `lss-sim sweep`: every file is written in both formats,
//! the PNGs decode at the documented size and the SVGs are well-formed with the title in the
//! chosen language.

use std::path::Path;

mod common;
use common::{repo, run_ok};

/// Checks `<dir>/<stem>.png` and `<dir>/<stem>.svg`; the SVG must contain `title`.
fn check_chart(dir: &Path, stem: &str, title: &str) {
    let png = std::fs::read(dir.join(format!("{stem}.png")))
        .unwrap_or_else(|e| panic!("{stem}.png: {e}"));
    let img = image::load_from_memory_with_format(&png, image::ImageFormat::Png)
        .unwrap_or_else(|e| panic!("{stem}.png does not decode: {e}"));
    assert_eq!((img.width(), img.height()), (1600, 1000), "{stem}.png size");
    let svg = std::fs::read_to_string(dir.join(format!("{stem}.svg")))
        .unwrap_or_else(|e| panic!("{stem}.svg: {e}"));
    let doc = roxmltree::Document::parse(&svg)
        .unwrap_or_else(|e| panic!("{stem}.svg: not well-formed XML: {e}"));
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        texts.iter().any(|t| t.contains(title)),
        "{stem}.svg lacks the title `{title}`; texts: {texts:?}"
    );
}

#[test]
fn compare_writes_three_charts_in_english_and_swedish() {
    let base = repo("scenarios/linkoping-baseline.toml");
    let none = repo("scenarios/no-expansion.toml");
    for (lang, titles) in [
        (
            "en",
            [
                "Goal attainment per year",
                "Queue per month, scenarios overlaid",
                "Cost against the probability of meeting the 6-month goal",
            ],
        ),
        (
            "sv",
            [
                "Måluppfyllelse per år",
                "Kö per månad, scenarierna ovanpå varandra",
                "Kostnad mot sannolikheten att nå 6-månadersmålet",
            ],
        ),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().to_str().expect("utf-8 path");
        run_ok(&[
            "compare",
            base.to_str().unwrap(),
            none.to_str().unwrap(),
            "-n",
            "10",
            "--quiet",
            "--lang",
            lang,
            "--out",
            out,
        ]);
        for (stem, title) in [
            "compare-chart-1-goals",
            "compare-chart-2-queue",
            "compare-chart-3-cost",
        ]
        .into_iter()
        .zip(titles)
        {
            check_chart(dir.path(), stem, title);
        }
        let svg = std::fs::read_to_string(dir.path().join("compare-chart-1-goals.svg")).unwrap();
        assert!(
            svg.contains("linkoping-baseline") && svg.contains("no-expansion"),
            "the scenarios are named"
        );
        // The queue's time axis labels each year in the middle of its year: the runs end on
        // 2022-12-31, so no `2023` label at the last month.
        let svg = std::fs::read_to_string(dir.path().join("compare-chart-2-queue.svg")).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let labels: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .map(str::trim)
            .collect();
        assert!(
            labels.contains(&"2022") && !labels.contains(&"2023"),
            "year labels: {labels:?}"
        );
    }
}

#[test]
fn a_two_parameter_sweep_draws_a_heatmap_and_a_one_parameter_sweep_a_line_chart() {
    let base = repo("scenarios/linkoping-baseline.toml");
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().to_str().expect("utf-8 path");
    run_ok(&[
        "sweep",
        base.to_str().unwrap(),
        "--vary",
        "unit.LKP-101.places=0:12:6",
        "--vary",
        "unit.LKP-101.opens=2019-01-01,2019-07-01",
        "-n",
        "10",
        "--quiet",
        "--lang",
        "sv",
        "--out",
        out,
    ]);
    check_chart(
        dir.path(),
        "sweep-chart",
        "Svep: sannolikhet att nå målet, och kostnad",
    );
    let svg = std::fs::read_to_string(dir.path().join("sweep-chart.svg")).unwrap();
    assert!(
        svg.contains("2019-07-01")
            && svg.contains("Platser i LKP-101")
            && svg.contains("Öppningsdatum för LKP-101")
            && !svg.contains("unit.LKP-101"),
        "both parameters label the axes by their Swedish names"
    );
    assert!(svg.contains(" tkr"), "the cost is printed in the cells");

    // One parameter, and a probability every point meets, so the cheapest point is named.
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().to_str().expect("utf-8 path");
    run_ok(&[
        "sweep",
        base.to_str().unwrap(),
        "--vary",
        "unit.LKP-101.places=0:12:6",
        "--probability",
        "0",
        "-n",
        "10",
        "--quiet",
        "--out",
        out,
    ]);
    check_chart(
        dir.path(),
        "sweep-chart",
        "Sweep: probability of meeting the goal, and cost",
    );
    let svg = std::fs::read_to_string(dir.path().join("sweep-chart.svg")).unwrap();
    assert!(
        svg.contains("Cheapest point meeting the goal"),
        "the cheapest point is named"
    );
}
