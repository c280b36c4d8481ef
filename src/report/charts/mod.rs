//! Charts for budget requests and the committee, drawn from a parsed `summary.json`.
//!
//! Every chart is a pure function of a [`SummaryFile`], a [`Lang`], a [`Format`] and a width,
//! returning bytes; `lss-sim run` writes them next to the CSV files and `lss-sim plot` re-draws
//! them from a saved `summary.json` without simulating. Drawing from the parsed file rather than
//! from the in-memory results is deliberate: the two commands cannot disagree.
//!
//! Fonts: plotters is built without system-font support (`ab_glyph` only), and DejaVu Sans
//! (Bitstream Vera licence, see `assets/DejaVuSans-LICENSE.txt`) is compiled into the binary and
//! registered as `sans-serif` before anything is drawn, so the charts look the same on a bare CI
//! machine as on a planner's laptop. SVG text names the `sans-serif` family, so a viewer uses its
//! own sans-serif font for the same layout.
//!
//! Colours: the Okabe-Ito palette, which stays distinguishable with the common colour-vision
//! deficiencies; every pair that must be told apart also differs in lightness, dash pattern or
//! marker shape, so the charts survive greyscale printing.

pub mod compare;
pub mod data;
mod draw;
mod frame;
mod kit;
pub mod layout;
pub mod plan;
pub mod text;
pub mod tornado;

use std::sync::Once;

use plotters::prelude::*;

pub use data::SummaryFile;

use crate::error::{Error, Result};
use crate::metrics::GoalValues;
use crate::report::Lang;

/// The font family name the embedded font is registered under.
pub const FONT: &str = "sans-serif";
static FONT_REGULAR: &[u8] = include_bytes!("../../../assets/DejaVuSans.ttf");
static FONT_BOLD: &[u8] = include_bytes!("../../../assets/DejaVuSans-Bold.ttf");

/// Default width of a chart, pixels: wide enough for a document page at print resolution.
pub const DEFAULT_WIDTH: u32 = 1600;
/// Narrowest width accepted; text is sized relative to the width, so narrower charts would only
/// be blurrier.
pub const MIN_WIDTH: u32 = 800;
/// Widest width accepted.
pub const MAX_WIDTH: u32 = 8000;

/// Registers the embedded font with plotters (once per process). Drawing calls it itself.
pub fn register_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let ok = plotters::style::register_font(FONT, FontStyle::Normal, FONT_REGULAR).is_ok()
            && plotters::style::register_font(FONT, FontStyle::Bold, FONT_BOLD).is_ok();
        assert!(ok, "the embedded font is a valid TrueType font");
    });
}

/// One of the charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
    /// Queue over time, monthly: median with 50 % and 90 % bands (a fan chart).
    Queue,
    /// People waiting over the offer goal at each quarter end, and the IVO reports per quarter.
    OverOfferGoal,
    /// Occupancy per year with its spread and the target line.
    Occupancy,
    /// Distribution of the days from decision to first offer, with the offer goal's line.
    WaitToOffer,
    /// External placements over time, and the moves from them to an own place.
    External,
    /// Cost per year in tkr, stacked: own places, external placements, expected fees.
    Cost,
    /// Occupancy per unit in the last year, sorted, so idle units stand out.
    UnitOccupancy,
    /// People over the offer goal without an offer per target group, per quarter.
    ByProfile,
}

/// The texts a reader looks for first: tests check that they are in the drawn chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    /// The title.
    pub title: String,
    /// The label of the (first panel's) horizontal axis.
    pub x: String,
    /// The label of the vertical axis, or for a chart of two panels (2 and 5) the heading of
    /// the first panel, whose axis names only the unit.
    pub y: String,
    /// The legend text of the goal.
    pub goal: String,
}

impl Chart {
    /// Every chart, in the order of the issue and of the file names.
    pub const ALL: [Chart; 8] = [
        Chart::Queue,
        Chart::OverOfferGoal,
        Chart::Occupancy,
        Chart::WaitToOffer,
        Chart::External,
        Chart::Cost,
        Chart::UnitOccupancy,
        Chart::ByProfile,
    ];

    /// File name without the extension: the same in both languages, so `plot --lang` replaces
    /// the charts of the other language. Chart 2 is named after the offer goal
    /// (`chart-2-over-6-months`).
    pub fn file_stem(self, goals: &GoalValues) -> String {
        match self {
            Chart::Queue => "chart-1-queue",
            Chart::OverOfferGoal => return format!("chart-2-over-{}-months", goals.offer_goal),
            Chart::Occupancy => "chart-3-occupancy",
            Chart::WaitToOffer => "chart-4-wait-to-offer",
            Chart::External => "chart-5-external",
            Chart::Cost => "chart-6-cost",
            Chart::UnitOccupancy => "chart-7-unit-occupancy",
            Chart::ByProfile => "chart-8-by-target-group",
        }
        .to_owned()
    }

    /// Title, axis labels and goal label in `lang`, naming the configured `goals`.
    pub fn labels(self, lang: Lang, goals: &GoalValues) -> Labels {
        let t = |en, sv| text::tr(lang, en, sv).to_owned();
        let months = text::months(goals.offer_goal, lang);
        let target = format!(
            "{} {}",
            t("Target:", "Mål:"),
            text::percent(goals.occupancy_target, goals.target_decimals(), lang)
        );
        match self {
            Chart::Queue => Labels {
                title: t(
                    "Queue for supported housing (LSS 9 § 9), month by month",
                    "Kö till bostad med särskild service (LSS 9 § 9), per månad",
                ),
                x: t("Date (end of month)", "Datum (vid månadens slut)"),
                y: t("People in the queue", "Personer i kö"),
                goal: t(
                    "Goal (balance): 0 people without a place",
                    "Mål (balans): 0 personer utan plats",
                ),
            },
            Chart::OverOfferGoal => Labels {
                title: match lang {
                    Lang::En => format!("Waiting over {months}, and reports to IVO, per quarter"),
                    Lang::Sv => {
                        format!("Väntat över {months}, och rapporter till IVO, per kvartal")
                    }
                },
                x: t("Date (end of quarter)", "Datum (vid kvartalets slut)"),
                y: match lang {
                    Lang::En => {
                        format!(
                            "People waiting over {months} without an offer, at each quarter end"
                        )
                    }
                    Lang::Sv => {
                        format!(
                            "Personer som väntat över {months} utan erbjudande, vid varje kvartalsslut"
                        )
                    }
                },
                goal: match lang {
                    Lang::En => format!("Goal: nobody waits over {months} (0)"),
                    Lang::Sv => format!("Mål: ingen väntar över {months} (0)"),
                },
            },
            Chart::Occupancy => Labels {
                title: t("Occupancy per year", "Beläggningsgrad per år"),
                x: t("Year", "År"),
                y: t(
                    "Occupancy (occupied / open place-days)",
                    "Beläggningsgrad (belagda / öppna platsdagar)",
                ),
                goal: target,
            },
            Chart::WaitToOffer => Labels {
                title: t(
                    "Waiting time from decision to first offer",
                    "Väntetid från beslut till första erbjudande",
                ),
                x: t(
                    "Months from decision to first offer",
                    "Månader från beslut till första erbjudande",
                ),
                y: t(
                    "Share of first offers (%)",
                    "Andel av första erbjudandena (%)",
                ),
                goal: match lang {
                    Lang::En => format!("Goal: offer within {months}"),
                    Lang::Sv => format!("Mål: erbjudande inom {months}"),
                },
            },
            Chart::External => Labels {
                title: t(
                    "External placements, and moves from them to an own place",
                    "Externa placeringar, och flyttar därifrån till egen plats",
                ),
                // The time axis is shared; its label is the lower (quarterly) panel's.
                x: t("Date (end of quarter)", "Datum (vid kvartalets slut)"),
                y: t(
                    "People in an external placement at each month end",
                    "Personer i extern placering vid varje månadsslut",
                ),
                goal: t(
                    "Level at start (goal: lower)",
                    "Nivå vid start (mål: lägre)",
                ),
            },
            Chart::ByProfile => Labels {
                title: match lang {
                    Lang::En => format!("Waiting over {months} without an offer, by target group"),
                    Lang::Sv => format!("Väntat över {months} utan erbjudande, per målgrupp"),
                },
                x: t("Date (end of quarter)", "Datum (vid kvartalets slut)"),
                y: t("People (mean)", "Personer (medel)"),
                goal: match lang {
                    Lang::En => format!("Goal: nobody waits over {months} (0)"),
                    Lang::Sv => format!("Mål: ingen väntar över {months} (0)"),
                },
            },
            Chart::Cost => Labels {
                title: t("Cost per year (tkr)", "Kostnad per år (tkr)"),
                x: t("Year", "År"),
                y: t("Cost (tkr per year)", "Kostnad (tkr per år)"),
                goal: t(
                    "Expected fees, särskild avgift (goal: 0)",
                    "Förväntade särskilda avgifter (mål: 0)",
                ),
            },
            Chart::UnitOccupancy => Labels {
                title: t(
                    "Occupancy per housing unit, sorted",
                    "Beläggningsgrad per boende, sorterat",
                ),
                x: t(
                    "Housing units ranked by mean occupancy",
                    "Boenden i ordning efter medelbeläggning",
                ),
                y: t("Occupancy", "Beläggningsgrad"),
                goal: target,
            },
        }
    }
}

/// Image format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// PNG, for documents and slides.
    Png,
    /// SVG, for print.
    Svg,
}

impl Format {
    /// Both formats.
    pub const ALL: [Format; 2] = [Format::Png, Format::Svg];

    /// File extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
        }
    }
}

/// Height of a chart `width` pixels wide (16:10, which fits half an A4 page with its caption).
pub fn height_for(width: u32) -> u32 {
    width * 5 / 8
}

/// One of the run's charts, ready to draw.
struct RunChart<'a> {
    chart: Chart,
    summary: &'a SummaryFile,
    lang: Lang,
}

impl frame::Paint for RunChart<'_> {
    fn stem(&self) -> String {
        self.chart.file_stem(&self.summary.goals.values())
    }
    fn paint<DB: DrawingBackend>(&self, root: &frame::Area<DB>) -> DrawResult<(), DB> {
        draw::chart(root, self.chart, self.summary, self.lang)
    }
}

/// Every chart in both formats, `width` pixels wide: (file name, bytes), in the order of
/// [`Chart::ALL`], PNG then SVG.
pub fn render_all(summary: &SummaryFile, lang: Lang, width: u32) -> Result<Vec<(String, Vec<u8>)>> {
    if !(MIN_WIDTH..=MAX_WIDTH).contains(&width) {
        return Err(Error::Usage(crate::msg!(
            "--width {width} is outside {MIN_WIDTH} to {MAX_WIDTH} pixels",
            "--width {width} ligger utanför {MIN_WIDTH} till {MAX_WIDTH} bildpunkter"
        )));
    }
    let mut out = Vec::new();
    for chart in Chart::ALL {
        let drawing = RunChart {
            chart,
            summary,
            lang,
        };
        out.extend(frame::encode_all(&drawing, width)?);
    }
    Ok(out)
}

/// Every chart of the run as SVG text, [`DEFAULT_WIDTH`] wide (the view box scales it): what
/// `lss-sim report` puts inline in its HTML page, drawn from the same `summary.json` as the files.
pub fn render_svgs(summary: &SummaryFile, lang: Lang) -> Result<Vec<(Chart, String)>> {
    Chart::ALL
        .into_iter()
        .map(|chart| {
            let drawing = RunChart {
                chart,
                summary,
                lang,
            };
            let bytes = frame::encode(&drawing, Format::Svg, DEFAULT_WIDTH)?;
            Ok((chart, String::from_utf8_lossy(&bytes).into_owned()))
        })
        .collect()
}
