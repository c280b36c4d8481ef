//! Layout of every chart: the run's eight, the compare charts with 2, 3 and 6 scenarios, the
//! sweep charts (one and two parameters), the plan and the tornado charts, each in English and
//! Swedish with long scenario and target-group names. No text may overlap another text, and none
//! may leave the canvas.
//!
//! The charts are drawn by the same functions `lss-sim` calls, with the layout hook on
//! (`report::charts::layout::record`): it keeps the box of every text drawn into the PNG, measured
//! with the embedded font's metrics as plotters' bitmap backend places it.

use std::path::Path;

use lss_sim::experiment::{self, Settings};
use lss_sim::grid::{Goal, Point};
use lss_sim::metrics::GoalValues;
use lss_sim::model::Scenario;
use lss_sim::report::Lang;
use lss_sim::report::charts::compare::{CompareExtra, SweepInfo, render_compare, render_sweep};
use lss_sim::report::charts::layout::{ChartText, record};
use lss_sim::report::charts::plan::{PlanChart, render_plan};
use lss_sim::report::charts::{DEFAULT_WIDTH, SummaryFile, render_all, tornado};

const LANGS: [Lang; 2] = [Lang::En, Lang::Sv];

/// Long names, as planners give their scenarios (a name is letters, digits, `-`, `_` and `.`: it
/// names the output folder).
const NAMES: [&str; 6] = [
    "linköping-baseline-2018-2022-som-beslutat-av-nämnden",
    "ingen-utbyggnad-endast-de-65-befintliga-boendena-till-2022",
    "snabbare-utbyggnad-med-tolv-nya-gruppbostadsplatser-2019",
    "hemtagning-av-externt-placerade-till-alla-boenden-60-procent",
    "fler-tackar-nej-till-erbjudanden-i-annan-stadsdel-än-önskad",
    "högre-inflöde-55-ansökningar-per-år-och-3-procents-ökning",
];
const FILES: [&str; 6] = [
    "linkoping-baseline",
    "no-expansion",
    "faster-expansion",
    "hemtagning",
    "higher-declines",
    "higher-inflow",
];

fn settings(replications: u32) -> Settings {
    Settings {
        replications,
        seed: 20180831,
        threads: 0,
    }
}

/// The shipped scenario `file`, renamed `name`.
fn scenario(file: &str, name: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("scenarios/{file}.toml"));
    let mut s = lss_sim::scenario::load(&path).expect("a shipped scenario loads");
    s.name = name.to_owned();
    s
}

/// Every problem of the drawn charts: texts off the canvas, pairs of overlapping texts.
fn problems(charts: &[ChartText], lang: Lang, what: &str) -> Vec<String> {
    let mut out = Vec::new();
    for c in charts {
        for t in c.outside() {
            out.push(format!(
                "{what} {lang:?} {}: `{}` leaves the {}×{} canvas at ({:.0}, {:.0})–({:.0}, {:.0})",
                c.chart, t.text, c.width, c.height, t.x0, t.y0, t.x1, t.y1
            ));
        }
        for (a, b) in c.overlapping() {
            out.push(format!(
                "{what} {lang:?} {}: `{}` ({:.0}, {:.0})–({:.0}, {:.0}) overlaps `{}` ({:.0}, {:.0})–({:.0}, {:.0})",
                c.chart, a.text, a.x0, a.y0, a.x1, a.y1, b.text, b.x0, b.y0, b.x1, b.y1
            ));
        }
    }
    out
}

/// Draws with the hook on and returns the problems found.
fn check(
    what: &str,
    lang: Lang,
    draw: impl FnOnce() -> lss_sim::error::Result<Vec<(String, Vec<u8>)>>,
) -> Vec<String> {
    let (files, charts) = record(draw);
    let files = files.expect("the charts draw");
    let pngs = files.iter().filter(|(n, _)| n.ends_with(".png")).count();
    assert_eq!(charts.len(), pngs, "{what}: every PNG recorded");
    assert!(
        charts.iter().all(|c| !c.texts.is_empty()),
        "{what}: every chart has text"
    );
    problems(&charts, lang, what)
}

fn assert_clean(found: Vec<String>) {
    assert!(
        found.is_empty(),
        "{} layout problems:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn the_run_charts_keep_their_texts_apart_and_on_the_canvas() {
    let mut found = Vec::new();
    for (file, name) in [(FILES[0], NAMES[0]), (FILES[3], NAMES[3])] {
        let s = scenario(file, name);
        let results = experiment::run(&s, &settings(20), &|| ()).expect("runs");
        let json = lss_sim::report::summary_json(&results, None, None);
        let summary = SummaryFile::from_json(&json).expect("our own summary.json");
        for lang in LANGS {
            found.extend(check(&format!("run {file}"), lang, || {
                render_all(&summary, lang, DEFAULT_WIDTH)
            }));
        }
    }
    assert_clean(found);
}

#[test]
fn the_compare_charts_with_two_three_and_six_scenarios_keep_their_texts_apart() {
    let scenarios: Vec<Scenario> = FILES
        .iter()
        .zip(NAMES)
        .map(|(f, n)| scenario(f, n))
        .collect();
    let mut found = Vec::new();
    // A comparison has two scenarios at least (`compare` asks for two).
    for k in [2, 3, 6] {
        let joint =
            experiment::run_joint(&scenarios[..k], &settings(20), &|| ()).expect("runs jointly");
        let cmp = lss_sim::compare::compare(&joint).expect("compares");
        let extra = CompareExtra::from_results(&joint.results);
        for lang in LANGS {
            found.extend(check(&format!("compare of {k}"), lang, || {
                render_compare(&cmp, &extra, lang, DEFAULT_WIDTH)
            }));
        }
    }
    assert_clean(found);
}

fn goals() -> GoalValues {
    GoalValues {
        offer_goal: 6,
        report_limit: 3,
        occupancy_target: 0.98,
    }
}

fn point(values: Vec<String>, p: f64, cost: f64) -> Point {
    Point {
        values,
        p_offer: p,
        p_occupancy: 1.0 - p / 2.0,
        ivo_reports: 40.0 * (1.0 - p),
        over_offer_goal: 30.0 * (1.0 - p),
        cost_tkr: cost,
    }
}

#[test]
fn the_sweep_charts_keep_their_texts_apart() {
    let places: Vec<String> = (0..=12).step_by(2).map(|v| v.to_string()).collect();
    let opens: Vec<String> = ["2019-01-01", "2019-07-01", "2020-01-01", "2020-07-01"]
        .map(str::to_owned)
        .to_vec();
    let info = |parameters: Vec<(String, Vec<String>)>, probability| SweepInfo {
        scenario: NAMES[0].to_owned(),
        parameters,
        replications: 200,
        seed: 20180831,
        year: 2022,
        goal: Goal::Offer,
        probability,
        goals: goals(),
        first_goal_year: 2019,
        last_year: 2022,
    };
    let one = info(
        vec![("unit.LKP-101.places".to_owned(), places.clone())],
        0.8,
    );
    let one_points: Vec<Point> = places
        .iter()
        .enumerate()
        .map(|(i, v)| {
            point(
                vec![v.clone()],
                i as f64 / 6.0,
                2_150_000.0 + 9_000.0 * i as f64,
            )
        })
        .collect();
    let two = info(
        vec![
            ("unit.LKP-101.places".to_owned(), places.clone()),
            ("unit.LKP-101.opens".to_owned(), opens.clone()),
        ],
        0.5,
    );
    let mut two_points = Vec::new();
    for (i, v) in places.iter().enumerate() {
        for (j, o) in opens.iter().enumerate() {
            let p = (i as f64 / 6.0 - j as f64 / 8.0).clamp(0.0, 1.0);
            two_points.push(point(
                vec![v.clone(), o.clone()],
                p,
                2_150_000.0 + 9_000.0 * i as f64 - 1_000.0 * j as f64,
            ));
        }
    }
    let mut found = Vec::new();
    for lang in LANGS {
        found.extend(check("sweep of one", lang, || {
            render_sweep(&one, &one_points, lang, DEFAULT_WIDTH)
        }));
        found.extend(check("sweep of two", lang, || {
            render_sweep(&two, &two_points, lang, DEFAULT_WIDTH)
        }));
    }
    assert_clean(found);
}

#[test]
fn the_plan_and_tornado_charts_keep_their_texts_apart() {
    let plan = PlanChart {
        scenario: NAMES[0].to_owned(),
        seed: 20180831,
        replications: 100,
        years: (2018..=2022).collect(),
        places: vec![
            (
                "Gruppbostad för personer med autism och utmanande beteende".to_owned(),
                vec![0.0, 6.0, 6.0, 0.0, 5.0],
            ),
            (
                "Servicebostad för personer med lindrig utvecklingsstörning".to_owned(),
                vec![0.0, 0.0, 12.0, 6.0, 0.0],
            ),
            (
                "Gruppbostad med omvårdnadsinriktning".to_owned(),
                vec![0.0, 0.0, 0.0, 6.0, 6.0],
            ),
        ],
        evaluated: (0..60)
            .map(|i| {
                (
                    2_000_000.0 + 5_000.0 * i as f64,
                    (i as f64 / 60.0).powf(0.7),
                )
            })
            .collect(),
        frontier: vec![
            (2_000_000.0, 0.1, 0.9),
            (2_100_000.0, 0.6, 0.95),
            (2_250_000.0, 0.85, 0.97),
        ],
        occupancy_goal: Some(0.98),
        chosen: (2_250_000.0, 0.85),
        base: (2_000_000.0, 0.1),
        probability: 0.8,
        plan_years: (2019, 2022),
    };
    let loaded = lss_sim::scenario::read(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/linkoping-baseline.toml"),
    )
    .expect("the baseline reads");
    let options = lss_sim::sensitivity::Options {
        settings: settings(10),
        trajectories: 0,
        morris_replications: 0,
        extra_metrics: Vec::new(),
    };
    let mut sens = lss_sim::sensitivity::analyse(&loaded, &options, &|| ()).expect("analyses");
    sens.scenario = NAMES[0].to_owned();
    let mut found = Vec::new();
    for lang in LANGS {
        found.extend(check("plan", lang, || {
            render_plan(&plan, lang, DEFAULT_WIDTH)
        }));
        found.extend(check("tornado", lang, || {
            tornado::render(&sens, lang, DEFAULT_WIDTH)
        }));
    }
    assert_clean(found);
}

/// The hook itself: a text that leaves the canvas and two that overlap are found.
#[test]
fn the_checks_find_overlaps_and_texts_off_the_canvas() {
    use lss_sim::report::charts::layout::TextBox;
    let b = |text: &str, x0, y0, x1, y1| TextBox {
        text: text.to_owned(),
        x0,
        y0,
        x1,
        y1,
    };
    let c = ChartText {
        chart: "c".to_owned(),
        width: 100,
        height: 50,
        texts: vec![
            b("a", 0.0, 0.0, 30.0, 10.0),
            b("b", 29.0, 5.0, 60.0, 15.0),
            b("c", 60.0, 5.0, 90.0, 15.0),
            b("d", 80.0, 40.0, 101.0, 50.0),
        ],
    };
    let pairs: Vec<(&str, &str)> = c
        .overlapping()
        .iter()
        .map(|(a, b)| (a.text.as_str(), b.text.as_str()))
        .collect();
    assert_eq!(pairs, vec![("a", "b")], "touching edges are not an overlap");
    let off: Vec<&str> = c.outside().iter().map(|t| t.text.as_str()).collect();
    assert_eq!(off, vec!["d"]);
}
