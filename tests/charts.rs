//! Charts and Swedish CSV, tested through the binary: `lss-sim run` on a short baseline in both
//! languages, `lss-sim plot` re-drawing from the saved summary, and a Swedish-Excel reading of
//! an `excel-sv` CSV.
//!
//! The charts use only the font compiled into the binary (plotters is built without system-font
//! support), so these tests pass on a machine with no fonts installed, as CI is.

use std::path::Path;

use lss_sim::metrics::GoalValues;
use lss_sim::report::Lang;
use lss_sim::report::charts::{Chart, SummaryFile, height_for};

mod common;
use common::{baseline, run_into_ok, run_ok};

/// A 20-replication baseline run into `dir` with extra arguments.
fn run_baseline(dir: &Path, extra: &[&str]) {
    run_into_ok(&baseline(), "20", dir, extra);
}

/// All text of an SVG, after checking that it is well-formed XML.
fn svg_text(bytes: &[u8], name: &str) -> String {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{name}: not UTF-8: {e}"));
    let doc = roxmltree::Document::parse(text)
        .unwrap_or_else(|e| panic!("{name}: not well-formed XML: {e}"));
    assert_eq!(
        doc.root_element().tag_name().name(),
        "svg",
        "{name}: root is not <svg>"
    );
    doc.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The goals of the run in `dir`, from its `summary.json`: they name chart 2's file.
fn goals(dir: &Path) -> GoalValues {
    let bytes = std::fs::read(dir.join("summary.json")).expect("summary.json");
    SummaryFile::from_json(&bytes)
        .expect("parses")
        .goals
        .values()
}

fn lang_flag(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Sv => "sv",
    }
}

/// Checks every chart in `dir`: PNG size, SVG well-formed with the title, axis labels and goal.
fn check_charts(dir: &Path, lang: Lang, width: u32) {
    let goals = goals(dir);
    for chart in Chart::ALL {
        let stem = chart.file_stem(&goals);
        let stem = stem.as_str();
        let png = std::fs::read(dir.join(format!("{stem}.png")))
            .unwrap_or_else(|e| panic!("{stem}.png: {e}"));
        let img = image::load_from_memory_with_format(&png, image::ImageFormat::Png)
            .unwrap_or_else(|e| panic!("{stem}.png does not decode: {e}"));
        assert_eq!(
            (img.width(), img.height()),
            (width, height_for(width)),
            "{stem}.png size"
        );

        let svg = std::fs::read(dir.join(format!("{stem}.svg")))
            .unwrap_or_else(|e| panic!("{stem}.svg: {e}"));
        let text = svg_text(&svg, stem);
        let l = chart.labels(lang, &goals);
        for (what, label) in [
            ("title", &l.title),
            ("x axis", &l.x),
            ("y axis", &l.y),
            ("goal", &l.goal),
        ] {
            assert!(
                text.contains(label),
                "{stem}.svg ({lang:?}) lacks the {what} label {label:?}"
            );
        }
        assert!(
            text.contains("linkoping-baseline") && text.contains("20180831"),
            "{stem}.svg: subtitle lacks scenario or seed"
        );
    }
}

#[test]
fn every_chart_in_both_languages() {
    let tmp = tempfile::tempdir().expect("temp dir");
    for lang in [Lang::En, Lang::Sv] {
        let dir = tmp.path().join(lang_flag(lang));
        run_baseline(&dir, &["--lang", lang_flag(lang)]);
        check_charts(&dir, lang, 1600);
    }
    let sv = |stem: &str| {
        svg_text(
            &std::fs::read(tmp.path().join("sv").join(format!("{stem}.svg"))).expect("svg"),
            stem,
        )
    };
    let en = |stem: &str| {
        svg_text(
            &std::fs::read(tmp.path().join("en").join(format!("{stem}.svg"))).expect("svg"),
            stem,
        )
    };
    // The words of the glossary, not only whatever `labels` says.
    assert!(sv("chart-1-queue").contains("Kö till bostad med särskild service"));
    assert!(sv("chart-3-occupancy").contains("Beläggningsgrad"));
    assert!(sv("chart-4-wait-to-offer").contains("Väntetid"));
    assert!(sv("chart-5-external").contains("Externa placeringar"));
    assert!(sv("chart-6-cost").contains("Kostnad (tkr per år)"));
    assert!(sv("chart-2-over-6-months").contains("simuleringar"));
    // Swedish numbers: a space between thousands and a decimal comma; English: comma and point.
    let cost_sv = sv("chart-6-cost");
    assert!(
        has_number(&cost_sv, ' ', " tkr"),
        "no `123 456 tkr` in the Swedish cost chart:\n{cost_sv}"
    );
    assert!(
        has_number(&en("chart-6-cost"), ',', " tkr"),
        "no `123,456 tkr` in the English cost chart"
    );
    assert!(
        sv("chart-3-occupancy").contains(",0 %") || sv("chart-3-occupancy").contains(",5 %"),
        "no decimal comma in Swedish percentages"
    );
    assert!(en("chart-3-occupancy").contains(".0%") || en("chart-3-occupancy").contains(".5%"));
    assert!(!en("chart-1-queue").contains("Kö"));
    // Time axes label each year in the middle of its span: the run ends on 2022-12-31, so the
    // tick there (1 January 2023) has no label, and a December value does not read as 2023's.
    for stem in ["chart-1-queue", "chart-2-over-6-months", "chart-5-external"] {
        let labels: Vec<String> = en(stem).lines().map(str::to_owned).collect();
        for year in ["2019", "2020", "2021", "2022"] {
            assert!(labels.iter().any(|l| l == year), "{stem}: no {year} label");
        }
        assert!(!labels.iter().any(|l| l == "2023"), "{stem}: a 2023 label");
    }
}

/// Whether `text` holds a number of at least 1 000 written with `sep` as thousands separator and
/// followed by `suffix`.
fn has_number(text: &str, sep: char, suffix: &str) -> bool {
    text.lines().any(|l| {
        let Some(n) = l.strip_suffix(suffix) else {
            return false;
        };
        let parts: Vec<&str> = n.split(sep).collect();
        parts.len() >= 2
            && parts[0].len() <= 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
            && parts[1..].iter().all(|p| p.len() == 3)
    })
}

#[test]
fn plot_redraws_from_the_summary_without_simulating() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("run");
    run_baseline(&dir, &[]);
    let summary = std::fs::read(dir.join("summary.json")).expect("summary");
    for chart in Chart::ALL {
        std::fs::remove_file(dir.join(format!("{}.png", chart.file_stem(&goals(&dir)))))
            .expect("remove");
    }
    let o = run_ok(&[
        "plot",
        dir.to_str().expect("utf-8"),
        "--lang",
        "sv",
        "--width",
        "2000",
    ]);
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(
        said.contains("16 diagramfiler (svenska, 2000 px breda) ritade i"),
        "{said}"
    );
    check_charts(&dir, Lang::Sv, 2000);
    assert_eq!(
        std::fs::read(dir.join("summary.json")).expect("summary"),
        summary,
        "plot must not touch summary.json"
    );
    // The same summary gives the same chart bytes: plotting is a pure function of the file.
    let again = tmp.path().join("again");
    std::fs::create_dir(&again).expect("mkdir");
    std::fs::write(again.join("summary.json"), &summary).expect("copy");
    run_ok(&[
        "plot",
        again.to_str().expect("utf-8"),
        "--lang",
        "sv",
        "--width",
        "2000",
    ]);
    for chart in Chart::ALL {
        let name = format!("{}.svg", chart.file_stem(&goals(&dir)));
        assert_eq!(
            std::fs::read(dir.join(&name)).expect("a"),
            std::fs::read(again.join(&name)).expect("b"),
            "{name} differs"
        );
    }
}

/// A cell as Swedish Excel reads it: a number when it parses with a decimal comma (and has no
/// decimal point, which Swedish Excel would take for text or a date), else text.
#[derive(Debug, PartialEq)]
enum Cell {
    Number(f64),
    Text(String),
}

fn excel_sv_cell(s: &str) -> Cell {
    if !s.contains('.')
        && let Ok(v) = s.replace(',', ".").parse::<f64>()
    {
        return Cell::Number(v);
    }
    Cell::Text(s.to_owned())
}

fn plain_cell(s: &str) -> Cell {
    match s.parse::<f64>() {
        Ok(v) => Cell::Number(v),
        Err(_) => Cell::Text(s.to_owned()),
    }
}

/// Reads `bytes` as Swedish Excel does on a double-click: UTF-8 only when there is a BOM, the
/// list separator `;`, the decimal comma.
fn read_as_swedish_excel(bytes: &[u8]) -> Vec<Vec<Cell>> {
    let body = bytes
        .strip_prefix("\u{feff}".as_bytes())
        .expect("a UTF-8 byte order mark, or Excel reads the file as ANSI");
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(body);
    r.records()
        .map(|rec| {
            rec.expect("a CSV record")
                .iter()
                .map(excel_sv_cell)
                .collect()
        })
        .collect()
}

fn read_plain(bytes: &[u8]) -> Vec<Vec<Cell>> {
    assert!(
        !bytes.starts_with("\u{feff}".as_bytes()),
        "plain CSV has no BOM"
    );
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes);
    r.records()
        .map(|rec| rec.expect("a CSV record").iter().map(plain_cell).collect())
        .collect()
}

#[test]
fn excel_sv_csv_reads_in_swedish_excel_and_round_trips() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (plain, excel) = (tmp.path().join("plain"), tmp.path().join("excel"));
    // Both in Swedish, so that the text cells (metric names, units, kinds) agree too.
    run_baseline(&plain, &["--lang", "sv"]);
    run_baseline(&excel, &["--csv-dialect", "excel-sv", "--lang", "sv"]);
    for name in ["yearly.csv", "quarterly.csv", "monthly.csv", "units.csv"] {
        let p = std::fs::read(plain.join(name)).expect("plain csv");
        let e = std::fs::read(excel.join(name)).expect("excel csv");
        let (p, e) = (read_plain(&p), read_as_swedish_excel(&e));
        assert_eq!(p.len(), e.len(), "{name}: row count");
        // Headers: Swedish in both, as many columns.
        assert_eq!(
            p[0].len(),
            e[0].len(),
            "{name}: a `;` split gives every column"
        );
        assert_eq!(p[0][0], Cell::Text("scenario".into()));
        let header: Vec<String> = e[0]
            .iter()
            .map(|c| match c {
                Cell::Text(t) => t.clone(),
                Cell::Number(v) => v.to_string(),
            })
            .collect();
        assert!(
            header.iter().any(|h| h == "år"),
            "{name}: Swedish header expected, got {header:?}"
        );
        let mut numbers = 0;
        for (row, (pr, er)) in p.iter().zip(&e).enumerate().skip(1) {
            assert_eq!(pr.len(), er.len(), "{name}: row {row} column count");
            for (col, (a, b)) in pr.iter().zip(er).enumerate() {
                assert_eq!(
                    a, b,
                    "{name}: row {row}, column {col}: plain {a:?}, Swedish Excel reads {b:?}"
                );
                numbers += matches!(a, Cell::Number(v) if v.fract() != 0.0) as usize;
            }
        }
        assert!(numbers > 0, "{name}: no decimal numbers were compared");
    }
}

#[test]
fn english_csv_headers_are_the_documented_ones() {
    let tmp = tempfile::tempdir().expect("temp dir");
    run_baseline(tmp.path(), &[]);
    let first = |name: &str| {
        std::fs::read_to_string(tmp.path().join(name))
            .expect("csv")
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        first("yearly.csv"),
        "scenario,seed,replications,version,period,year,metric,unit,n,mean,ci_low,ci_high,sd,p5,p25,p50,p75,p95"
    );
    assert_eq!(
        first("units.csv"),
        "scenario,seed,replications,version,unit_id,name,district,kind,places,year,open_place_days,n,occupancy_mean,ci_low,ci_high,p5,p25,p50,p75,p95"
    );
}
