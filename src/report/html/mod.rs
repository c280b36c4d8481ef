//! `lss-sim report`: one self-contained HTML page for the committee (*nämnden*), from the
//! results already in an output folder.
//!
//! [`Inputs::read`] reads the folder (the only I/O here); [`render`] is pure: it builds the
//! page's content (sentences, tables, figures, each text in English or Swedish) and hands it to
//! a minijinja template compiled into the binary (`templates/report.html`), which escapes every
//! text. The run's charts are drawn again from `summary.json` as inline SVG, as `plot` draws
//! them; the charts of `compare`, `plan` and `sensitivity` are the SVG files those commands
//! wrote, embedded as images (data URIs), so nothing in a folder can run as script in the page.
//!
//! Sections appear when their results are in the folder: the run (`summary.json`), a
//! comparison (`compare.json`), a plan (`plan.json`, `plan.csv`, `plan-years.csv`), a
//! sensitivity analysis (`sensitivity.json`) and a back-test (`observations.csv`, its columns
//! shown as they are).

pub mod assumptions;
pub mod words;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::report::charts::text::{months, number, percent};
use crate::report::charts::{self, Chart, SummaryFile};
use crate::report::{Lang, VERSION};
use words::{mean, probability};

/// The report's file name in the output folder.
pub const FILE: &str = "report.html";

/// The page template, compiled in.
const TEMPLATE: &str = include_str!("../../../templates/report.html");

/// Files larger than this are not read (a results folder holds nothing near it).
const MAX_FILE_BYTES: u64 = 64 << 20;

/// Rows of a table read from a CSV file, at most (a back-test of monthly observations over
/// decades stays under it).
const MAX_ROWS: usize = 400;

/// What the report is made of: the folder's result files by name, and the texts of the
/// scenario's own files (for the comments that explain its assumptions).
#[derive(Debug, Default)]
pub struct Inputs {
    /// The folder, as given.
    pub dir: PathBuf,
    /// `summary.json`, the JSON, CSV and SVG files and `scenario.resolved.toml`, by file name.
    pub files: BTreeMap<String, Vec<u8>>,
    /// The texts of the scenario files named in `scenario.resolved.toml`, root first; files that
    /// could not be read are left out.
    pub sources: Vec<String>,
    /// The scenario files that could not be read from the folder.
    pub missing_sources: Vec<String>,
}

impl Inputs {
    /// Reads the result files of `dir`.
    pub fn read(dir: &Path) -> Result<Inputs> {
        let entries = std::fs::read_dir(dir).map_err(|source| Error::Read {
            path: dir.to_owned(),
            source,
        })?;
        let mut files = BTreeMap::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let wanted = name == "scenario.resolved.toml"
                || [".json", ".csv", ".svg"].iter().any(|e| name.ends_with(e));
            let path = entry.path();
            let Ok(meta) = std::fs::metadata(&path) else {
                continue;
            };
            if !wanted || !meta.is_file() || meta.len() > MAX_FILE_BYTES || name.starts_with('.') {
                continue;
            }
            let bytes = std::fs::read(&path).map_err(|source| Error::Read { path, source })?;
            files.insert(name, bytes);
        }
        let mut inputs = Inputs {
            dir: dir.to_owned(),
            files,
            ..Inputs::default()
        };
        if let Some(resolved) = inputs.text("scenario.resolved.toml") {
            for f in assumptions::chain(&resolved) {
                match std::fs::read_to_string(dir.join(&f)) {
                    Ok(t) => inputs.sources.push(t),
                    Err(_) => inputs.missing_sources.push(f),
                }
            }
        }
        Ok(inputs)
    }

    fn text(&self, name: &str) -> Option<String> {
        self.files
            .get(name)
            .map(|b| String::from_utf8_lossy(b).into_owned())
    }

    fn json(&self, name: &str) -> Result<Option<Value>> {
        let Some(bytes) = self.files.get(name) else {
            return Ok(None);
        };
        serde_json::from_slice(bytes).map(Some).map_err(|e| {
            let path = self.dir.join(name);
            let text = String::from_utf8_lossy(bytes);
            Error::input(
                crate::error::Location::at_line(&path, &text, e.line()),
                crate::msg!(
                    "not a {name} of lss-sim: {e}",
                    "ingen {name} från lss-sim: {e}"
                ),
            )
        })
    }
}

/// A table cell.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// The text.
    pub text: String,
    /// A number: right-aligned.
    pub num: bool,
    /// The row's header (`<th scope="row">`).
    pub th: bool,
}

impl Cell {
    fn text(t: impl Into<String>) -> Cell {
        Cell {
            text: t.into(),
            num: false,
            th: false,
        }
    }
    /// A number: the spaces that group its digits (Swedish `12 345`) do not break.
    fn num(t: impl Into<String>) -> Cell {
        let t: String = t.into();
        let c: Vec<char> = t.chars().collect();
        let text = c
            .iter()
            .enumerate()
            .map(|(i, &ch)| {
                let digits = i > 0
                    && c[i - 1].is_ascii_digit()
                    && c.get(i + 1).is_some_and(|n| n.is_ascii_digit());
                if ch == ' ' && digits { '\u{a0}' } else { ch }
            })
            .collect::<String>();
        Cell {
            text,
            num: true,
            th: false,
        }
    }
    fn head(t: impl Into<String>) -> Cell {
        Cell {
            text: t.into(),
            num: false,
            th: true,
        }
    }
}

/// A table.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// The caption (`<caption>`).
    pub caption: String,
    /// Column headers (`<th scope="col">`).
    pub head: Vec<String>,
    /// Rows.
    pub rows: Vec<Vec<Cell>>,
    /// Notes under the table.
    pub notes: Vec<String>,
    /// Many columns: a smaller font.
    pub wide: bool,
    /// A CSS class for the column widths (`assumptions`), or empty.
    pub class: &'static str,
}

/// A chart with its caption.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    /// Inline SVG, drawn by lss-sim now (trusted).
    pub svg: Option<String>,
    /// A data URI of an SVG file of the folder, shown as an image.
    pub src: Option<String>,
    /// Text alternative.
    pub alt: String,
    /// The caption.
    pub caption: String,
}

/// A section of the page.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// Anchor.
    pub id: String,
    /// Heading.
    pub title: String,
    /// Paragraphs before the tables.
    pub intro: Vec<String>,
    /// Tables.
    pub tables: Vec<Table>,
    /// Figures.
    pub figures: Vec<Figure>,
    /// Starts a new printed page.
    pub page_break: bool,
}

impl Section {
    fn new(id: &str, title: String) -> Section {
        Section {
            id: id.to_owned(),
            title,
            intro: Vec::new(),
            tables: Vec::new(),
            figures: Vec::new(),
            page_break: false,
        }
    }
}

/// What the template receives.
#[derive(Debug, Serialize)]
struct Page {
    lang: &'static str,
    title: String,
    subtitle: String,
    provenance: String,
    /// [`Page::provenance`] as a CSS string, for the printed page header.
    provenance_css: String,
    page_css: String,
    summary_title: String,
    summary: Vec<String>,
    warnings_title: String,
    warnings: Vec<String>,
    toc_title: String,
    sections: Vec<Section>,
    footer: String,
}

fn t(lang: Lang, en: &str, sv: &str) -> String {
    match lang {
        Lang::En => en,
        Lang::Sv => sv,
    }
    .to_owned()
}

/// Renders the report of `inputs` in `lang`: the bytes of `report.html`.
pub fn render(inputs: &Inputs, lang: Lang) -> Result<Vec<u8>> {
    let summary = match inputs.files.get(crate::report::write::MARKER) {
        Some(bytes) => Some(SummaryFile::from_json(bytes).map_err(|e| {
            let path = inputs.dir.join(crate::report::write::MARKER);
            let text = String::from_utf8_lossy(bytes);
            Error::input(
                crate::error::Location::at_line(&path, &text, e.line()),
                crate::msg!(
                    "not a summary.json of lss-sim: {e}",
                    "ingen summary.json från lss-sim: {e}"
                ),
            )
        })?),
        None => None,
    };
    let summary_raw = inputs.json(crate::report::write::MARKER)?;
    let compare = inputs.json("compare.json")?;
    let plan = inputs.json("plan.json")?;
    let sensitivity = inputs.json("sensitivity.json")?;
    let observations = inputs.files.get("observations.csv");
    if summary.is_none()
        && compare.is_none()
        && plan.is_none()
        && sensitivity.is_none()
        && observations.is_none()
    {
        return Err(Error::Usage(crate::msg!(
            "{} holds no results of lss-sim (summary.json, compare.json, plan.json, sensitivity.json or observations.csv): run `lss-sim run SCENARIO --out {}` first",
            "{} innehåller inga resultat från lss-sim (summary.json, compare.json, plan.json, sensitivity.json eller observations.csv): kör först `lss-sim run SCENARIO --out {}`",
            inputs.dir.display(),
            inputs.dir.display()
        )));
    }

    // Provenance: the run's, else the first other result's.
    let (scenario, seed, replications, version) = match &summary {
        Some(s) => (
            s.scenario.name.clone(),
            s.seed,
            s.replications as u64,
            s.version.clone(),
        ),
        None => {
            let v = [&compare, &plan, &sensitivity]
                .into_iter()
                .flatten()
                .next()
                .cloned()
                .unwrap_or_default();
            let scenario = v
                .get("reference")
                .or_else(|| v.get("scenario"))
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_owned();
            (
                scenario,
                v["seed"].as_u64().unwrap_or_default(),
                v["replications"].as_u64().unwrap_or_default(),
                v["version"].as_str().unwrap_or("?").to_owned(),
            )
        }
    };
    let provenance = match lang {
        Lang::En => format!(
            "Scenario {scenario} · seed {seed} · {} simulations · lss-sim {version}",
            number(replications as f64, 0, lang)
        ),
        Lang::Sv => format!(
            "Scenario {scenario} · slumpfrö {seed} · {} simuleringar · lss-sim {version}",
            number(replications as f64, 0, lang)
        ),
    };

    let mut sections = Vec::new();
    let mut summary_text = Vec::new();
    let mut warnings = Vec::new();
    let mut subtitle = String::new();
    if let Some(s) = &summary {
        summary_text = words::summary(s, lang);
        subtitle = format!(
            "{} · {} {} – {}",
            s.scenario.description,
            t(lang, "simulated", "simulerat"),
            s.scenario.start,
            s.scenario.end
        );
        if let Some(ws) = summary_raw
            .as_ref()
            .and_then(|v| v.get("warnings"))
            .and_then(Value::as_array)
        {
            for w in ws {
                warnings.push(format!(
                    "{}:{}: {}",
                    file_name(w["file"].as_str().unwrap_or_default()),
                    w["line"],
                    w["message"].as_str().unwrap_or_default()
                ));
            }
        }
        sections.push(goal_section(s, lang));
        sections.push(chart_section(s, lang)?);
        if let Some(sec) = profile_section(s, lang) {
            sections.push(sec);
        }
    }
    if let Some(resolved) = inputs.text("scenario.resolved.toml") {
        sections.push(assumption_section(inputs, &resolved, lang));
    }
    if let Some(c) = &compare {
        sections.push(compare_section(c, inputs, lang));
    }
    if let Some(p) = &plan {
        sections.push(plan_section(p, inputs, lang));
    }
    if let Some(v) = &sensitivity {
        sections.push(sensitivity_section(v, inputs, lang));
    }
    if let Some(bytes) = observations {
        sections.push(backtest_section(bytes, inputs, lang));
    }
    sections.push(appendix(lang, replications));

    let title = match lang {
        Lang::En => format!("LSS housing: {scenario}"),
        Lang::Sv => format!("Bostad med särskild service (9 § 9 LSS): {scenario}"),
    };
    let footer = match lang {
        Lang::En => format!(
            "Made by lss-sim {VERSION} (`lss-sim report`) from the results in the folder {}.",
            inputs.dir.display()
        ),
        Lang::Sv => format!(
            "Skapad av lss-sim {VERSION} (`lss-sim report`) från resultaten i mappen {}.",
            inputs.dir.display()
        ),
    };
    let page = Page {
        lang: match lang {
            Lang::En => "en",
            Lang::Sv => "sv",
        },
        provenance_css: css_string(&provenance),
        page_css: css_string(&t(lang, "Page ", "Sida ")),
        provenance,
        title,
        subtitle,
        summary_title: t(lang, "Summary", "Sammanfattning"),
        summary: summary_text,
        warnings_title: t(
            lang,
            "Warnings about the scenario",
            "Varningar om scenariot",
        ),
        warnings,
        toc_title: t(lang, "Contents", "Innehåll"),
        sections,
        footer,
    };
    let mut env = minijinja::Environment::new();
    let fail = |e: minijinja::Error| {
        Error::Usage(crate::msg!(
            "the report's template failed: {e}",
            "rapportens mall misslyckades: {e}"
        ))
    };
    env.add_filter("breakable", |s: String| words::breakable(&s));
    env.add_template("report.html", TEMPLATE).map_err(fail)?;
    let html = env
        .get_template("report.html")
        .and_then(|tpl| tpl.render(minijinja::value::Serde(&page)))
        .map_err(fail)?;
    Ok(html.into_bytes())
}

/// The name of the file at `path` without its folders. The result files name a scenario's files
/// by their paths from the output folder (`../../start.csv`), which mean nothing to a reader of
/// the report, wherever it is opened; the planner knows the files by their names, which the
/// scenario's own files use.
fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map_or_else(|| path.to_owned(), |n| n.to_string_lossy().into_owned())
}

/// `text` as a CSS string literal in which every character but letters, digits and spaces is
/// escaped, so it is safe inside a `<style>` element.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == ' ' {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", c as u32));
        }
    }
    out.push('"');
    out
}

/// Base64 of `bytes` (RFC 4648, with padding), for data URIs.
fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The SVG files of the folder whose names start with `prefix`, as figures (images from data
/// URIs); the alternative text is the chart's own title (its first text).
fn folder_figures(inputs: &Inputs, prefix: &str, lang: Lang) -> Vec<Figure> {
    inputs
        .files
        .iter()
        .filter(|(name, _)| name.starts_with(prefix) && name.ends_with(".svg"))
        .map(|(name, bytes)| {
            let text = String::from_utf8_lossy(bytes);
            let title = svg_title(&text).unwrap_or_else(|| name.clone());
            Figure {
                svg: None,
                src: Some(format!("data:image/svg+xml;base64,{}", base64(bytes))),
                alt: match lang {
                    Lang::En => format!("Chart: {title}"),
                    Lang::Sv => format!("Diagram: {title}"),
                },
                caption: format!("{title} ({name})"),
            }
        })
        .collect()
}

/// The first text of an SVG drawing, unescaped.
fn svg_title(svg: &str) -> Option<String> {
    let start = svg.find("<text")?;
    let rest = &svg[start..];
    let open = rest.find('>')? + 1;
    let close = rest.find("</text>")?;
    let raw = rest.get(open..close)?;
    let t = raw
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    (!t.trim().is_empty()).then(|| t.trim().to_owned())
}

/// The goal table: one row per year.
fn goal_section(s: &SummaryFile, lang: Lang) -> Section {
    let g = s.goals.values();
    let m = months(g.offer_goal, lang);
    let over = g.name("over_offer_goal");
    let target = percent(g.occupancy_target, g.target_decimals(), lang);
    let mut sec = Section::new(
        "goals",
        t(lang, "The goals year by year", "Målen år för år"),
    );
    let head = match lang {
        Lang::En => vec![
            "Year".to_owned(),
            "Queue at year end, median [5–95 %]".to_owned(),
            format!("Over {m} without an offer at year end, mean"),
            format!("P(nobody over {m} at any quarter end)"),
            "IVO reports over the year's quarter ends, mean".to_owned(),
            "Occupancy, mean".to_owned(),
            format!("P(occupancy ≥ {target})"),
            "External placements at year end, mean".to_owned(),
            "Cost, tkr, mean".to_owned(),
        ],
        Lang::Sv => vec![
            "År".to_owned(),
            "Kö vid årets slut, median [5–95 %]".to_owned(),
            format!("Väntat över {m} utan erbjudande vid årets slut, medelvärde"),
            format!("P(ingen över {m} vid något kvartalsslut)"),
            "Rapporter till IVO vid årets kvartalsslut, medelvärde".to_owned(),
            "Beläggningsgrad, medelvärde".to_owned(),
            format!("P(beläggningsgrad ≥ {target})"),
            "Externa placeringar vid årets slut, medelvärde".to_owned(),
            "Kostnad, tkr, medelvärde".to_owned(),
        ],
    };
    let first = s.goals.first_goal_year;
    let rows = s
        .years
        .iter()
        .map(|p| {
            let q = p.get("queue");
            let queue = q.map_or("–".to_owned(), |q| {
                format!(
                    "{} [{}–{}]",
                    number(q.p50, 0, lang),
                    number(q.p5, 0, lang),
                    number(q.p95, 0, lang)
                )
            });
            let year = if p.year < first {
                format!("{}*", p.year)
            } else {
                p.year.to_string()
            };
            vec![
                Cell::head(year),
                Cell::num(queue),
                Cell::num(number(mean(p, &over), 1, lang)),
                Cell::num(probability(mean(p, "goal_offer_met"), lang)),
                Cell::num(number(mean(p, "ivo_reports"), 1, lang)),
                Cell::num(percent(mean(p, "occupancy"), 1, lang)),
                Cell::num(probability(mean(p, "goal_occupancy_met"), lang)),
                Cell::num(number(mean(p, "external_placements"), 1, lang)),
                Cell::num(number(mean(p, "cost_total_tkr"), 0, lang)),
            ]
        })
        .collect();
    let n = number(s.replications as f64, 0, lang);
    let mut notes = match lang {
        Lang::En => vec![
            format!(
                "* Before the first goal year ({first}); the first and last years may be part years of the horizon {} – {}.",
                s.scenario.start, s.scenario.end
            ),
            format!(
                "Means and shares are over the {n} simulations; P(…) is the share of simulations in which the goal holds; [5–95 %] is the range of the middle 90 % of the simulations."
            ),
        ],
        Lang::Sv => vec![
            format!(
                "* Före det första målåret ({first}); första och sista året kan vara delar av perioden {} – {}.",
                s.scenario.start, s.scenario.end
            ),
            format!(
                "Medelvärden och andelar är över de {n} simuleringarna; P(…) är andelen simuleringar där målet nås; [5–95 %] är spannet för de mittersta 90 % av simuleringarna."
            ),
        ],
    };
    // The footnote of the asterisk only where a year has it.
    if !s.years.iter().any(|p| p.year < first) {
        notes.remove(0);
    }
    sec.tables.push(Table {
        caption: match lang {
            Lang::En => format!("Goals per year: an offer within {m}, reports to IVO, occupancy {target}, external placements and cost"),
            Lang::Sv => format!("Målen per år: erbjudande inom {m}, rapporter till IVO, beläggningsgrad {target}, externa placeringar och kostnad"),
        },
        head,
        rows,
        notes,
        wide: true,
        class: "",
    });
    sec
}

/// Caption of a run chart: how to read it.
fn caption(chart: Chart, lang: Lang, m: &str) -> String {
    match (chart, lang) {
        (Chart::Queue, Lang::En) => "The queue at each month's end: the line is the median of the simulations, the dark band holds the middle 50 % and the light band the middle 90 %.".to_owned(),
        (Chart::Queue, Lang::Sv) => "Kön vid varje månads slut: linjen är medianen av simuleringarna, det mörka bandet rymmer de mittersta 50 % och det ljusa de mittersta 90 %.".to_owned(),
        (Chart::OverOfferGoal, Lang::En) => format!("People waiting over {m} without an offer at each quarter end (median and middle 90 % of the simulations), and decisions reported to IVO per quarter (mean, with the 5th–95th percentile)."),
        (Chart::OverOfferGoal, Lang::Sv) => format!("Personer som väntat över {m} utan erbjudande vid varje kvartalsslut (median och de mittersta 90 % av simuleringarna), och beslut som rapporteras till IVO per kvartal (medelvärde, med 5:e–95:e percentilen)."),
        (Chart::Occupancy, Lang::En) => "Occupancy per year (occupied over open place-days) with its spread over the simulations, against the target line.".to_owned(),
        (Chart::Occupancy, Lang::Sv) => "Beläggningsgrad per år (belagda genom öppna platsdagar) med spridningen över simuleringarna, mot mållinjen.".to_owned(),
        (Chart::WaitToOffer, Lang::En) => format!("How long people wait from decision to first offer, per year, against the goal of an offer within {m}."),
        (Chart::WaitToOffer, Lang::Sv) => format!("Hur länge personer väntar från beslut till första erbjudande, per år, mot målet om erbjudande inom {m}."),
        (Chart::External, Lang::En) => "People in external placements (bought places) at each month's end, and people brought home (hemtagning).".to_owned(),
        (Chart::External, Lang::Sv) => "Personer i externa placeringar (köpta platser) vid varje månads slut, och hemtagningar.".to_owned(),
        (Chart::Cost, Lang::En) => "Cost per year in tkr: own places, external placements and expected fees (särskild avgift), mean of the simulations.".to_owned(),
        (Chart::Cost, Lang::Sv) => "Kostnad per år i tkr: egna platser, externa placeringar och förväntade särskilda avgifter, medelvärde av simuleringarna.".to_owned(),
        (Chart::UnitOccupancy, Lang::En) => "Occupancy of each housing unit in the last year, sorted: units far below the others have places that suit nobody in the queue.".to_owned(),
        (Chart::UnitOccupancy, Lang::Sv) => "Beläggningsgrad per boende sista året, sorterat: boenden långt under de andra har platser som inte passar någon i kön.".to_owned(),
        (Chart::ByProfile, Lang::En) => format!("People waiting over {m} without an offer, per target group, at each quarter end (mean)."),
        (Chart::ByProfile, Lang::Sv) => format!("Personer som väntat över {m} utan erbjudande, per målgrupp, vid varje kvartalsslut (medelvärde)."),
    }
}

/// The run's eight charts, inline.
fn chart_section(s: &SummaryFile, lang: Lang) -> Result<Section> {
    let g = s.goals.values();
    let m = months(g.offer_goal, lang);
    let mut sec = Section::new("charts", t(lang, "Charts", "Diagram"));
    sec.page_break = true;
    for (chart, svg) in charts::render_svgs(s, lang)? {
        let l = chart.labels(lang, &g);
        let cap = caption(chart, lang, &m);
        let alt = match lang {
            Lang::En => format!("{}. {} against {}. {cap}", l.title, l.y, l.x),
            Lang::Sv => format!("{}. {} mot {}. {cap}", l.title, l.y, l.x),
        };
        sec.figures.push(Figure {
            svg: Some(accessible_svg(&svg, &alt)),
            src: None,
            alt,
            caption: format!("{}. {cap}", l.title),
        });
    }
    Ok(sec)
}

/// `svg` with `role="img"` and `aria-label` on its root element (the page's CSS scales it to
/// the page by its view box).
fn accessible_svg(svg: &str, alt: &str) -> String {
    let escaped = alt
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let body = svg.trim_start_matches(|c| c != '<');
    let body = body.strip_prefix("<?xml").map_or(body, |rest| {
        rest.split_once("?>").map_or(rest, |(_, r)| r.trim_start())
    });
    match body.strip_prefix("<svg") {
        Some(rest) => format!("<svg role=\"img\" aria-label=\"{escaped}\"{rest}"),
        None => body.to_owned(),
    }
}

/// The target groups in the last year.
fn profile_section(s: &SummaryFile, lang: Lang) -> Option<Section> {
    let profiles = s.profiles.as_ref()?;
    let last = s.years.last()?.year;
    let g = s.goals.values();
    let m = months(g.offer_goal, lang);
    let over = g.name("over_offer_goal");
    let rows: Vec<Vec<Cell>> = profiles
        .names
        .iter()
        .filter_map(|name| {
            let p = profiles
                .years
                .iter()
                .find(|p| p.period == last.to_string() && &p.profile == name)?;
            let get = |k: &str| {
                p.metrics
                    .get(k)
                    .filter(|s| s.n > 0)
                    .map_or(f64::NAN, |s| s.mean)
            };
            Some(vec![
                Cell::head(name.clone()),
                Cell::num(number(get("queue"), 1, lang)),
                Cell::num(number(get(&over), 1, lang)),
                Cell::num(probability(get("goal_offer_met"), lang)),
                Cell::num(number(get("ivo_reports"), 1, lang)),
                Cell::num(number(get("wait_to_first_offer_days"), 0, lang)),
                Cell::num(number(get("external_placements"), 1, lang)),
                Cell::num(percent(get("occupancy"), 1, lang)),
            ])
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    let mut sec = Section::new("profiles", t(lang, "Target groups", "Målgrupper"));
    let head = match lang {
        Lang::En => vec![
            "Target group".to_owned(),
            "Queue at year end, mean".to_owned(),
            format!("Over {m} without an offer, mean"),
            format!("P(nobody over {m})"),
            "IVO reports, mean".to_owned(),
            "Days from decision to first offer, mean".to_owned(),
            "External placements, mean".to_owned(),
            "Occupancy of the places serving the group".to_owned(),
        ],
        Lang::Sv => vec![
            "Målgrupp".to_owned(),
            "Kö vid årets slut, medelvärde".to_owned(),
            format!("Väntat över {m} utan erbjudande, medelvärde"),
            format!("P(ingen över {m})"),
            "Rapporter till IVO, medelvärde".to_owned(),
            "Dagar från beslut till första erbjudande, medelvärde".to_owned(),
            "Externa placeringar, medelvärde".to_owned(),
            "Beläggningsgrad på platserna för målgruppen".to_owned(),
        ],
    };
    sec.tables.push(Table {
        caption: match lang {
            Lang::En => format!("Target groups in {last}"),
            Lang::Sv => format!("Målgrupper {last}"),
        },
        head,
        rows,
        notes: vec![t(
            lang,
            "A unit that serves several target groups counts in the occupancy of each.",
            "Ett boende som tar emot flera målgrupper räknas i varje målgrupps beläggningsgrad.",
        )],
        wide: true,
        class: "",
    });
    Some(sec)
}

/// The scenario's assumptions: value, basis (source or EST) and range.
fn assumption_section(inputs: &Inputs, resolved: &str, lang: Lang) -> Section {
    let mut sec = Section::new(
        "assumptions",
        t(lang, "The scenario's assumptions", "Scenariots antaganden"),
    );
    sec.page_break = true;
    let table: toml::Table = match toml::from_str(resolved) {
        Ok(mut t) => {
            crate::scenario::map_file_paths(&mut t, |p| Some(file_name(p)));
            t
        }
        Err(e) => {
            sec.intro.push(format!("scenario.resolved.toml: {e}"));
            return sec;
        }
    };
    sec.intro.push(t(
        lang,
        "Every value the scenario sets, with the explanation written above it in the scenario file: a source, or ASSUMPTION (EST) for an estimate with no published figure behind it, and the range over which the sensitivity analysis varies it.",
        "Varje värde som scenariot anger, med förklaringen som står ovanför det i scenariofilen: en källa, eller ANTAGANDE (EST) för en uppskattning utan publicerad siffra bakom, och det intervall som känslighetsanalysen varierar det inom.",
    ));
    if !inputs.missing_sources.is_empty() {
        sec.intro.push(match lang {
            Lang::En => format!(
                "The scenario's files ({}) cannot be read from the folder, so the basis column is empty.",
                inputs.missing_sources.join(", ")
            ),
            Lang::Sv => format!(
                "Scenariots filer ({}) går inte att läsa från mappen, så kolumnen med underlag är tom.",
                inputs.missing_sources.join(", ")
            ),
        });
    }
    let rows = assumptions::rows(&table, &inputs.sources, lang)
        .into_iter()
        .map(|r| {
            let kind = match (r.est, lang) {
                (Some(true), _) => "EST".to_owned(),
                (Some(false), Lang::En) => "source".to_owned(),
                (Some(false), Lang::Sv) => "källa".to_owned(),
                (None, Lang::En) => "not stated".to_owned(),
                (None, Lang::Sv) => "ej angivet".to_owned(),
            };
            vec![
                Cell::head(r.key),
                Cell::text(r.value),
                Cell::text(kind),
                Cell::text(r.basis),
                Cell::text(if r.range.is_empty() {
                    "–".to_owned()
                } else {
                    r.range
                }),
            ]
        })
        .collect();
    sec.tables.push(Table {
        caption: t(lang, "Assumptions", "Antaganden"),
        head: match lang {
            Lang::En => [
                "Key",
                "Value",
                "Basis",
                "Explanation in the scenario file",
                "Range [uncertainty]",
            ],
            Lang::Sv => [
                "Nyckel",
                "Värde",
                "Underlag",
                "Förklaring i scenariofilen",
                "Intervall [uncertainty]",
            ],
        }
        .map(str::to_owned)
        .to_vec(),
        rows,
        notes: Vec::new(),
        wide: true,
        class: "assumptions",
    });
    sec
}

/// A number of a JSON value, NaN when absent.
fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}

/// `+1.2 [+0.8, +1.6]`.
fn difference(d: &Value, decimals: usize, lang: Lang) -> String {
    let sign = |x: f64| {
        let s = number(x, decimals, lang);
        if x > 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
            format!("+{s}")
        } else {
            s
        }
    };
    format!(
        "{} [{}, {}]",
        sign(f(&d["mean"])),
        sign(f(&d["ci_low"])),
        sign(f(&d["ci_high"]))
    )
}

/// A metric of the outputs (`compare.json`, `sensitivity.json`) in words, as the run's tables
/// name it: `over_6_months` is the people waiting over 6 months without an offer at year end.
/// Other names stay as they are.
fn metric_words(name: &str, lang: Lang) -> String {
    let n = name
        .strip_prefix("over_")
        .and_then(|r| r.strip_suffix("_months"))
        .and_then(|n| n.parse::<u32>().ok());
    match (n, lang) {
        (Some(n), Lang::En) => format!(
            "people waiting over {} without an offer at year end",
            months(n, lang)
        ),
        (Some(n), Lang::Sv) => format!(
            "personer som väntat över {} utan erbjudande vid årets slut",
            months(n, lang)
        ),
        (None, _) => name.to_owned(),
    }
}

/// `text` with its first letter a capital.
fn capital(text: &str) -> String {
    let mut c = text.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// A comparison of scenarios (`compare.json`).
fn compare_section(c: &Value, inputs: &Inputs, lang: Lang) -> Section {
    let mut sec = Section::new(
        "compare",
        t(lang, "Comparison of scenarios", "Jämförelse av scenarier"),
    );
    sec.page_break = true;
    let reference = c["reference"].as_str().unwrap_or("?");
    let empty = Vec::new();
    let figures = c["figures"].as_array().unwrap_or(&empty);
    // The offer goal's metric is the only `over_N_months` of the comparison.
    let over = figures
        .iter()
        .filter_map(|x| x["metric"].as_str())
        .find(|m| m.starts_with("over_"))
        .unwrap_or("over_6_months")
        .to_owned();
    let get = |scenario: &str, year: i64, metric: &str| {
        figures.iter().find(|x| {
            x["scenario"] == scenario && x["year"].as_i64() == Some(year) && x["metric"] == metric
        })
    };
    sec.intro.push(match lang {
        Lang::En => format!("Each scenario against the reference {reference}, run with the same seed and common random numbers: a difference is the plan's effect, with its 95 % confidence interval (paired by simulation)."),
        Lang::Sv => format!("Varje scenario mot referensen {reference}, körda med samma slumpfrö och gemensamma slumptal: en skillnad är planens effekt, med sitt 95 % konfidensintervall (parat per simulering)."),
    });
    let mut years: Vec<i64> = figures.iter().filter_map(|x| x["year"].as_i64()).collect();
    years.dedup();
    years.sort_unstable();
    years.dedup();
    let scenarios: Vec<&str> = c["scenarios"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let over_words = capital(&metric_words(&over, lang));
    let mut rows = Vec::new();
    for &y in &years {
        for &s in &scenarios {
            let cell = |metric: &str, show: &dyn Fn(&Value) -> String| {
                get(s, y, metric).map_or("–".to_owned(), show)
            };
            let is_ref = s == reference;
            let diff = |metric: &str, decimals: usize| {
                if is_ref {
                    t(lang, "reference", "referens")
                } else {
                    cell(metric, &|x| difference(&x["difference"], decimals, lang))
                }
            };
            rows.push(vec![
                Cell::head(y.to_string()),
                Cell::text(s),
                Cell::num(cell(&over, &|x| number(f(&x["mean"]), 1, lang))),
                Cell::num(diff(&over, 1)),
                Cell::num(cell("goal_offer_met", &|x| {
                    probability(f(&x["mean"]), lang)
                })),
                Cell::num(cell("occupancy", &|x| percent(f(&x["mean"]), 1, lang))),
                Cell::num(cell("cost_total_tkr", &|x| number(f(&x["mean"]), 0, lang))),
                Cell::num(diff("cost_total_tkr", 0)),
            ]);
        }
    }
    sec.tables.push(Table {
        caption: t(lang, "Scenarios per year", "Scenarier per år"),
        head: match lang {
            Lang::En => vec![
                "Year".to_owned(),
                "Scenario".to_owned(),
                format!("{over_words}, mean"),
                "Δ waiting over the offer goal [95 % CI]".to_owned(),
                "P(offer goal all year)".to_owned(),
                "Occupancy".to_owned(),
                "Cost, tkr".to_owned(),
                "Δ cost, tkr [95 % CI]".to_owned(),
            ],
            Lang::Sv => vec![
                "År".to_owned(),
                "Scenario".to_owned(),
                format!("{over_words}, medelvärde"),
                "Δ väntat över erbjudandemålet [95 % KI]".to_owned(),
                "P(erbjudandemålet hela året)".to_owned(),
                "Beläggningsgrad".to_owned(),
                "Kostnad, tkr".to_owned(),
                "Δ kostnad, tkr [95 % KI]".to_owned(),
            ],
        },
        rows,
        notes: vec![seed_note(
            &c["seed"],
            &c["replications"],
            &t(lang, "scenario", "scenario"),
            lang,
        )],
        wide: true,
        class: "",
    });
    sec.figures = folder_figures(inputs, "compare-chart", lang);
    sec
}

/// Columns of a CSV table with their headers in each language: (column, English, Swedish).
type Columns<'a> = &'a [(&'a str, &'a str, &'a str)];

/// A CSV file of the folder as a table: the `columns` named (all but the provenance columns
/// when empty), at most [`MAX_ROWS`] rows. Numbers get the language's decimal sign.
fn csv_table(bytes: &[u8], caption: String, columns: Columns, lang: Lang) -> Table {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.contains(';') && !first.contains(',') {
        b';'
    } else {
        b','
    };
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut records = r.records().filter_map(|x| x.ok());
    let header: Vec<String> = records
        .next()
        .map(|h| h.iter().map(str::to_owned).collect())
        .unwrap_or_default();
    let picked: Vec<(usize, String)> = if columns.is_empty() {
        header
            .iter()
            .enumerate()
            .filter(|(_, h)| !crate::report::PROVENANCE_COLUMNS.contains(&h.as_str()))
            .map(|(i, h)| (i, h.clone()))
            .collect()
    } else {
        columns
            .iter()
            .filter_map(|(c, en, sv)| {
                let i = header.iter().position(|h| h == c)?;
                Some((i, t(lang, en, sv)))
            })
            .collect()
    };
    let mut rows = Vec::new();
    let mut more = 0;
    for rec in records {
        if rows.len() == MAX_ROWS {
            more += 1;
            continue;
        }
        rows.push(
            picked
                .iter()
                .enumerate()
                .map(|(k, (i, _))| {
                    let v = rec.get(*i).unwrap_or_default();
                    let numeric = v.parse::<f64>().is_ok();
                    let text = if numeric && lang == Lang::Sv {
                        v.replace('.', ",")
                    } else {
                        v.to_owned()
                    };
                    match (k, numeric) {
                        (0, _) => Cell::head(text),
                        (_, true) => Cell::num(text),
                        _ => Cell::text(text),
                    }
                })
                .collect(),
        );
    }
    let mut notes = Vec::new();
    if more > 0 {
        notes.push(match lang {
            Lang::En => format!("{more} more rows are in the file."),
            Lang::Sv => format!("Ytterligare {more} rader finns i filen."),
        });
    }
    Table {
        caption,
        wide: picked.len() > 6,
        class: "",
        head: picked.into_iter().map(|(_, h)| h).collect(),
        rows,
        notes,
    }
}

/// A plan (`plan.json`, `plan.csv`, `plan-years.csv`).
fn plan_section(p: &Value, inputs: &Inputs, lang: Lang) -> Section {
    let mut sec = Section::new(
        "plan",
        t(lang, "Plan: what to build", "Plan: vad som behöver byggas"),
    );
    sec.page_break = true;
    let g = &p["goals"];
    let units = p["chosen_units"].as_array().map_or(0, Vec::len);
    let places: u64 = p["chosen_units"]
        .as_array()
        .map(|a| a.iter().filter_map(|u| u["places"].as_u64()).sum())
        .unwrap_or(0);
    let confirmed = p["confirmed"].as_bool();
    sec.intro.push(match lang {
        Lang::En => format!(
            "The cheapest schedule of new units found for the goal (an offer within the goal with probability {} in every year from {}): {units} units with {places} places. {}",
            g["offer_probability"], g["from_year"],
            match confirmed { Some(true) => "Confirmed on fresh simulations with a new seed.", Some(false) => "Not confirmed on fresh simulations: read the years table with care.", None => "" }
        ),
        Lang::Sv => format!(
            "Den billigaste planen av nya boenden som hittades för målet (erbjudande inom målet med sannolikhet {} varje år från {}): {units} boenden med {places} platser. {}",
            g["offer_probability"], g["from_year"],
            match confirmed { Some(true) => "Bekräftad i nya simuleringar med nytt slumpfrö.", Some(false) => "Inte bekräftad i nya simuleringar: läs tabellen per år med försiktighet.", None => "" }
        ),
    });
    if let Some(b) = inputs.files.get("plan.csv") {
        let b = english_names(b, &crate::report::PLAN_COLUMNS);
        sec.tables.push(csv_table(
            &b,
            t(lang, "New units", "Nya boenden"),
            &[
                ("unit", "Unit", "Boende"),
                ("kind", "Kind", "Typ"),
                ("profiles", "Target groups", "Målgrupper"),
                ("places", "Places", "Platser"),
                ("opens", "Opens", "Öppnar"),
                ("district", "District", "Område"),
                (
                    "cost_per_place_year_tkr",
                    "Cost per place-year, tkr",
                    "Kostnad per platsår, tkr",
                ),
            ],
            lang,
        ));
    }
    if let Some(b) = inputs.files.get("plan-years.csv") {
        let b = english_names(b, &crate::report::PLAN_YEARS_COLUMNS);
        let header = String::from_utf8_lossy(&b);
        let p_offer = header
            .split([',', ';', '\n'])
            .find(|h| h.starts_with("p_nobody_over_") && !h.ends_with("lower95"))
            .unwrap_or("p_nobody_over_6_months")
            .trim()
            .to_owned();
        let lower = format!("{p_offer}_lower95");
        let base = format!("base_{p_offer}");
        sec.tables.push(csv_table(
            &b,
            t(
                lang,
                "The plan per year (confirmation)",
                "Planen per år (bekräftelse)",
            ),
            &[
                ("year", "Year", "År"),
                (
                    "new_places_opened",
                    "New places opened",
                    "Nya platser öppnade",
                ),
                (
                    "new_places_open_at_end",
                    "New places open at year end",
                    "Nya platser öppna vid årets slut",
                ),
                (&p_offer, "P(offer goal), plan", "P(erbjudandemålet), plan"),
                (&lower, "Lower 95 % bound", "Nedre 95 %-gräns"),
                (&base, "P(offer goal), base", "P(erbjudandemålet), bas"),
                (
                    "p_occupancy_at_target",
                    "P(occupancy target), plan",
                    "P(beläggningsmålet), plan",
                ),
                ("cost_difference_tkr", "Extra cost, tkr", "Merkostnad, tkr"),
            ],
            lang,
        ));
    }
    sec.figures = folder_figures(inputs, "plan-chart", lang);
    sec
}

/// A sensitivity analysis (`sensitivity.json`): the tornado of the ranked year and metric.
fn sensitivity_section(v: &Value, inputs: &Inputs, lang: Lang) -> Section {
    let mut sec = Section::new(
        "sensitivity",
        t(lang, "Sensitivity analysis", "Känslighetsanalys"),
    );
    sec.page_break = true;
    let year = v["ranking"]["year"].as_i64().unwrap_or_default();
    let metric = v["ranking"]["metric"].as_str().unwrap_or_default();
    let base = f(&v["base"][year.to_string()][metric]);
    let words = metric_words(metric, lang);
    sec.intro.push(match lang {
        Lang::En => format!("Each assumption's range at its low and its high end, one at a time, with common random numbers: the effect on {words} in {year} (base {}), with its 95 % confidence interval, largest first.", number(base, 1, lang)),
        Lang::Sv => format!("Varje antagandes intervall vid dess låga och höga ände, ett i taget, med gemensamma slumptal: effekten på {words} {year} (bas {}), med 95 % konfidensintervall, störst först.", number(base, 1, lang)),
    });
    let empty = Vec::new();
    let effects = v["tornado"]["effects"].as_array().unwrap_or(&empty);
    let params = v["parameters"].as_array().unwrap_or(&empty);
    let ranking = v["ranking"]["parameters"].as_array().unwrap_or(&empty);
    let rows = ranking
        .iter()
        .filter_map(Value::as_str)
        .map(|path| {
            let effect = |end: &str| {
                effects
                    .iter()
                    .find(|e| {
                        e["parameter"] == path
                            && e["end"] == end
                            && e["year"].as_i64() == Some(year)
                            && e["metric"] == metric
                    })
                    .map_or("–".to_owned(), |e| difference(&e["difference"], 1, lang))
            };
            let p = params.iter().find(|p| p["path"] == path);
            let range = p.map_or("–".to_owned(), |p| {
                let n = |x: &Value| {
                    let s = x.to_string();
                    if lang == Lang::Sv {
                        s.replace('.', ",")
                    } else {
                        s
                    }
                };
                format!("{}–{} ({})", n(&p["low"]), n(&p["high"]), n(&p["base"]))
            });
            vec![
                Cell::head(path),
                Cell::num(range),
                Cell::num(effect("low")),
                Cell::num(effect("high")),
            ]
        })
        .collect();
    sec.tables.push(Table {
        caption: match lang {
            Lang::En => format!("Tornado: effect on {words} in {year}"),
            Lang::Sv => format!("Tornado: effekt på {words} {year}"),
        },
        head: match lang {
            Lang::En => [
                "Assumption",
                "Range (scenario's value)",
                "Effect at the low end [95 % CI]",
                "Effect at the high end [95 % CI]",
            ],
            Lang::Sv => [
                "Antagande",
                "Intervall (scenariots värde)",
                "Effekt vid låga änden [95 % KI]",
                "Effekt vid höga änden [95 % KI]",
            ],
        }
        .map(str::to_owned)
        .to_vec(),
        rows,
        notes: vec![seed_note(
            &v["seed"],
            &v["replications"],
            &t(lang, "point", "punkt"),
            lang,
        )],
        wide: false,
        class: "",
    });
    sec.figures = folder_figures(inputs, "tornado-chart", lang);
    sec
}

/// A back-test: `observations.csv` (written in either language), one row per observation: the
/// observed value against the simulated median and 5-95 % band, its percentile and source.
fn backtest_section(bytes: &[u8], inputs: &Inputs, lang: Lang) -> Section {
    let mut sec = Section::new(
        "backtest",
        t(
            lang,
            "Back-test against observations",
            "Efterhandstest mot observationer",
        ),
    );
    sec.page_break = true;
    sec.intro.push(t(
        lang,
        "What was observed, next to what the simulations gave (observations.csv). The percentile says where the observed value lies among the simulations (50 = the middle); below 5 or above 95 it lies outside the band of 90 % of the simulations.",
        "Vad som observerades, bredvid vad simuleringarna gav (observations.csv). Percentilen säger var det observerade värdet ligger bland simuleringarna (50 = mitten); under 5 eller över 95 ligger det utanför bandet för 90 % av simuleringarna.",
    ));
    let bytes = english_header(
        bytes,
        crate::report::observations::COLUMNS_SV,
        crate::report::observations::COLUMNS,
    );
    sec.tables.push(csv_table(
        &bytes,
        t(
            lang,
            "Observations and simulation",
            "Observationer och simulering",
        ),
        &[
            ("metric", "Metric", "Mått"),
            ("at", "At", "Tidpunkt"),
            ("observed", "Observed", "Observerat"),
            ("sim_p50", "Simulated median", "Simulerad median"),
            ("sim_p5", "5th percentile", "5:e percentilen"),
            ("sim_p95", "95th percentile", "95:e percentilen"),
            (
                "percentile",
                "Percentile of the observed",
                "Det observerades percentil",
            ),
            ("source", "Source", "Källa"),
        ],
        lang,
    ));
    sec.figures = folder_figures(inputs, "backtest", lang);
    sec
}

/// `bytes` of a CSV file with its header's `from` names (a Swedish header) replaced by the
/// `to` names at the same positions; other files unchanged.
fn english_header(bytes: &[u8], from: &[&str], to: &[&str]) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let body = text.trim_start_matches('\u{feff}');
    let (first, rest) = body.split_once('\n').unwrap_or((body, ""));
    let delimiter = if first.contains(';') && !first.contains(',') {
        ';'
    } else {
        ','
    };
    let header: Vec<&str> = first.trim_end_matches('\r').split(delimiter).collect();
    if header.as_slice() != from {
        return bytes.to_vec();
    }
    format!("{}\n{rest}", to.join(&delimiter.to_string())).into_bytes()
}

/// `bytes` of a CSV file with each header cell that is the Swedish name of one of `names`
/// (English, Swedish; `{offer}` stands for a number of months) replaced by its English name, so
/// a file written with `--lang sv` reads by the English names; other cells unchanged.
fn english_names(bytes: &[u8], names: &[(&str, &str)]) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let body = text.trim_start_matches('\u{feff}');
    let (first, rest) = body.split_once('\n').unwrap_or((body, ""));
    let delimiter = if first.contains(';') && !first.contains(',') {
        ';'
    } else {
        ','
    };
    // The months of `{offer}` in `cell` when it is `template`.
    let matches = |template: &str, cell: &str| -> Option<String> {
        match template.split_once("{offer}") {
            None => (template == cell).then(String::new),
            Some((pre, post)) => {
                let n = cell.strip_prefix(pre)?.strip_suffix(post)?;
                (!n.is_empty() && n.chars().all(|c| c.is_ascii_digit())).then(|| n.to_owned())
            }
        }
    };
    let header: Vec<String> = first
        .trim_end_matches('\r')
        .split(delimiter)
        .map(|cell| {
            names
                .iter()
                .find_map(|(en, sv)| Some(en.replace("{offer}", &matches(sv, cell)?)))
                .unwrap_or_else(|| cell.to_owned())
        })
        .collect();
    format!("{}\n{rest}", header.join(&delimiter.to_string())).into_bytes()
}

/// The appendix on method and validation.
/// `replications` is the run's, or that of the comparison, plan or sensitivity analysis.
fn appendix(lang: Lang, replications: u64) -> Section {
    let mut sec = Section::new(
        "method",
        t(
            lang,
            "Appendix: method and validation",
            "Bilaga: metod och validering",
        ),
    );
    sec.page_break = true;
    let n = if replications > 0 {
        number(replications as f64, 0, lang)
    } else {
        "?".to_owned()
    };
    sec.intro = match lang {
        Lang::En => vec![
            format!("The results come from a discrete-event model of the housing units, the queue and the people in it, run {n} times with independent random numbers (Monte Carlo simulations). Every figure is therefore a distribution: the report gives its mean, the 95 % confidence interval of the mean (Student's t), percentiles (Hyndman–Fan type 7, as R and numpy) and the probability that a goal is met (the share of simulations in which it holds)."),
            "The model: applications arrive at a yearly rate and are investigated and granted with a probability; the decision date starts every clock. A place that becomes ready goes to the person who has waited longest among those the unit serves. An offer may be declined; the person keeps waiting with the clock running. Moving in takes a lead time, residents leave after a random stay, and an emptied place needs a turnaround before the next offer. Queued people may withdraw, wait in a bought external placement, or come home (hemtagning).".to_owned(),
            "The goals: an offer within the offer goal counts from the decision date in calendar months; a decision unexecuted after the reporting limit at a quarter end is a report to IVO; occupancy is occupied over open place-days, and reserved places count as not occupied.".to_owned(),
            "Validation: the engine is checked against queueing theory (Erlang C and Erlang B for M/M/c queues, Little's law on every scenario: `lss-sim check`), by invariants checked after every event in the tests (every place and person accounted for), and by golden files that keep the shipped scenarios' results byte-identical. The same scenario and seed give the same results on any machine and for any number of threads.".to_owned(),
            "Comparisons, plans and sensitivity analyses use common random numbers: simulation r of each variant uses the same random numbers for the same kinds of draws, so a difference is the effect of the change and not of chance. The full reference is in the project's docs/model.md and docs/validation.md.".to_owned(),
        ],
        Lang::Sv => vec![
            format!("Resultaten kommer från en händelsestyrd modell av boendena, kön och personerna i den, körd {n} gånger med oberoende slumptal (Monte Carlo-simuleringar). Varje siffra är därför en fördelning: rapporten visar medelvärdet, 95 % konfidensintervall för medelvärdet (Students t), percentiler (Hyndman–Fan typ 7, som R och numpy) och sannolikheten att ett mål nås (andelen simuleringar där det håller)."),
            "Modellen: ansökningar kommer in i en takt per år, utreds och beviljas med en sannolikhet; beslutsdatumet startar alla klockor. En plats som blir ledig går till den som väntat längst bland dem boendet tar emot. Ett erbjudande kan tackas nej till; personen väntar vidare och klockan går. Inflyttning tar en ledtid, boende flyttar efter en slumpmässig boendetid och en tömd plats behöver iordningställas före nästa erbjudande. Personer i kö kan återta ansökan, vänta i en köpt extern placering eller tas hem (hemtagning).".to_owned(),
            "Målen: erbjudande inom målet räknas från beslutsdatum i kalendermånader; ett beslut som inte verkställts inom rapporteringsgränsen vid ett kvartalsslut är en rapport till IVO; beläggningsgrad är belagda genom öppna platsdagar, och reserverade platser räknas som inte belagda.".to_owned(),
            "Validering: motorn kontrolleras mot köteori (Erlang C och Erlang B för M/M/c-köer, Littles lag på varje scenario: `lss-sim check`), med invarianter som kontrolleras efter varje händelse i testerna (varje plats och person redovisad) och med referensfiler som håller de medföljande scenariernas resultat byte för byte oförändrade. Samma scenario och slumpfrö ger samma resultat på alla datorer och för alla antal trådar.".to_owned(),
            "Jämförelser, planer och känslighetsanalyser använder gemensamma slumptal: simulering r av varje variant använder samma slumptal för samma slags dragningar, så en skillnad är ändringens effekt och inte slumpens. Hela beskrivningen finns i projektets docs/model.md och docs/validation.md.".to_owned(),
        ],
    };
    sec
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn css_strings_cannot_close_the_style_element() {
        let s = css_string("a\"</style><script>");
        assert!(!s[1..s.len() - 1].contains(['"', '<', '>']), "{s}");
    }

    #[test]
    fn charts_get_a_role_and_a_label() {
        let s = accessible_svg("<svg width=\"10\" viewBox=\"0 0 10 10\"></svg>", "A \"b\"");
        assert!(
            s.starts_with("<svg role=\"img\" aria-label=\"A &quot;b&quot;\" width"),
            "{s}"
        );
    }
}

/// The note under a table of simulated figures: `Seed S, N simulations per PER.`
fn seed_note(
    seed: &serde_json::Value,
    replications: &serde_json::Value,
    per: &str,
    lang: Lang,
) -> String {
    match lang {
        Lang::En => format!("Seed {seed}, {replications} simulations per {per}."),
        Lang::Sv => format!("Slumpfrö {seed}, {replications} simuleringar per {per}."),
    }
}
