//! Charts of `lss-sim compare` and `lss-sim sweep`, in the style of the run charts: a header with
//! title and subtitle (scenarios, replications, seed), the plot, and a legend band below it; the
//! embedded font, the Okabe-Ito palette, goals drawn black and dashed, words and numbers in the
//! chosen language.
//!
//! Compare: (1) goal attainment per goal year, the scenarios' bars side by side; (2) the monthly
//! queue fans of every scenario overlaid; (3) mean cost over the goal years against the
//! probability of meeting the offer goal in the last goal year. Sweep: a heatmap of the
//! probability of meeting the goal with the cost in each cell for two parameters, or the
//! probability and the cost against the parameter for one; the cheapest point meeting the goal is
//! marked.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::frame::{
    Area, BLUE, GOAL, GREEN, GREY, INK, ORANGE, Paint, Pen, SKY, Ticks, VERMILLION, encode_all,
    header, mid_year_labels, note,
};
use super::kit::{
    Icon, build, draw_legend, hline, mesh, panel_heading, runs_subtitle, steps, vline,
};
use super::text::{parameter_name, tr};
use crate::calendar::PeriodKind;
use crate::compare::Comparison;
use crate::error::Result;
use crate::experiment::Results;
use crate::grid::{Goal, Point, cheapest};
use crate::metrics::{GoalValues, index};
pub use crate::report::sweep::SweepInfo;
use crate::report::{Lang, VERSION};
use crate::stats::Summary;
use plotters::style::FontTransform;

const PURPLE: RGBColor = RGBColor(204, 121, 167);
/// Scenario colours, reference first; shapes cycle too, so they differ in grey.
const SCENARIO_COLORS: [RGBColor; 6] = [BLUE, VERMILLION, GREEN, ORANGE, PURPLE, SKY];
/// The probability a plan should meet a goal with, drawn as a reference line.
const PLAN_PROBABILITY: f64 = 0.8;

/// One scenario's monthly queue: (fractional year at the end of the month, summary).
#[derive(Debug, Clone)]
pub struct QueueFan {
    /// Scenario name.
    pub scenario: String,
    /// Month ends as fractional years, and the queue over replications.
    pub months: Vec<(f64, Summary)>,
}

/// What the compare charts need beyond the [`Comparison`].
#[derive(Debug, Clone)]
pub struct CompareExtra {
    /// Per scenario, in the comparison's order, the monthly queue.
    pub queues: Vec<QueueFan>,
    /// First year the goals apply to (the reference's).
    pub first_goal_year: i32,
}

impl CompareExtra {
    /// Takes the monthly queues and the goals from the results of `lss-sim compare`.
    pub fn from_results(results: &[Results]) -> Self {
        let qi = index("queue");
        let queues = results
            .iter()
            .map(|r| QueueFan {
                scenario: r.model.scenario.name.clone(),
                months: r
                    .stats
                    .iter()
                    .filter(|p| p.kind == PeriodKind::Month)
                    .filter_map(|p| {
                        let m: u32 = p.period.split('-').nth(1)?.parse().ok()?;
                        Some((p.year as f64 + m as f64 / 12.0, p.metrics[qi]))
                    })
                    .collect(),
            })
            .collect();
        let goals = results.first().map(|r| &r.model.scenario.goals);
        CompareExtra {
            queues,
            first_goal_year: goals.map_or(i32::MIN, |g| g.first_goal_year),
        }
    }
}

/// The titles of the charts, naming the offer goal of `goals`, so tests can look for them.
pub fn titles(lang: Lang, goals: &GoalValues) -> [String; 4] {
    let n = goals.offer_goal;
    [
        tr(
            lang,
            "Goal attainment per year, scenarios side by side",
            "Måluppfyllelse per år, scenarierna sida vid sida",
        )
        .to_owned(),
        tr(
            lang,
            "Queue per month, scenarios overlaid",
            "Kö per månad, scenarierna ovanpå varandra",
        )
        .to_owned(),
        match lang {
            Lang::En => format!("Cost against the probability of meeting the {n}-month goal"),
            Lang::Sv => format!("Kostnad mot sannolikheten att nå {n}-månadersmålet"),
        },
        tr(
            lang,
            "Sweep: probability of meeting the goal, and cost",
            "Svep: sannolikhet att nå målet, och kostnad",
        )
        .to_owned(),
    ]
}

enum Job<'a> {
    Goals(&'a Comparison, &'a CompareExtra),
    Queue(&'a Comparison, &'a CompareExtra),
    Cost(&'a Comparison, &'a CompareExtra),
    Sweep(&'a SweepInfo, &'a [Point]),
}

impl Job<'_> {
    fn stem(&self) -> &'static str {
        match self {
            Job::Goals(..) => "compare-chart-1-goals",
            Job::Queue(..) => "compare-chart-2-queue",
            Job::Cost(..) => "compare-chart-3-cost",
            Job::Sweep(..) => "sweep-chart",
        }
    }
}

/// The compare charts in both formats: (file name, bytes).
pub fn render_compare(
    cmp: &Comparison,
    extra: &CompareExtra,
    lang: Lang,
    width: u32,
) -> Result<Vec<(String, Vec<u8>)>> {
    let jobs = [
        Job::Goals(cmp, extra),
        Job::Queue(cmp, extra),
        Job::Cost(cmp, extra),
    ];
    render_jobs(&jobs, lang, width)
}

/// The sweep chart in both formats: (file name, bytes).
pub fn render_sweep(
    info: &SweepInfo,
    points: &[Point],
    lang: Lang,
    width: u32,
) -> Result<Vec<(String, Vec<u8>)>> {
    render_jobs(&[Job::Sweep(info, points)], lang, width)
}

fn render_jobs(jobs: &[Job], lang: Lang, width: u32) -> Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    for job in jobs {
        out.extend(encode_all(&Drawing { job, lang }, width)?);
    }
    Ok(out)
}

/// A job drawn in a language.
struct Drawing<'a> {
    job: &'a Job<'a>,
    lang: Lang,
}

impl Paint for Drawing<'_> {
    fn stem(&self) -> String {
        self.job.stem().to_owned()
    }
    fn paint<DB: DrawingBackend>(&self, root: &Area<DB>) -> DrawResult<(), DB> {
        draw(root, self.job, self.lang)
    }
}

impl Pen {
    /// The subtitle of a compare chart: the reference and how many scenarios (the legend names
    /// each), replications, seed, version.
    fn subtitle_compare(&self, cmp: &Comparison) -> String {
        let reps = self.num(cmp.replications as f64, 0);
        let reference = cmp.scenarios.first().map_or("", String::as_str);
        let n = cmp.scenarios.len();
        match self.lang {
            Lang::En => format!(
                "Reference {reference} · {n} scenarios, {reps} replications each · seed {} · common random numbers · lss-sim {VERSION}",
                cmp.seed,
            ),
            Lang::Sv => format!(
                "Referens {reference} · {n} scenarier, {reps} simuleringar vardera · slumpfrö {} · gemensamma slumptal · lss-sim {VERSION}",
                cmp.seed,
            ),
        }
    }
}

fn draw<DB: DrawingBackend>(root: &Area<DB>, job: &Job, lang: Lang) -> DrawResult<(), DB> {
    let ctx = Pen::new(root, lang);
    let goal_values = match job {
        Job::Goals(c, _) | Job::Queue(c, _) | Job::Cost(c, _) => &c.goals,
        Job::Sweep(i, _) => &i.goals,
    };
    let [t_goals, t_queue, t_cost, t_sweep] = titles(lang, goal_values);
    let (title, subtitle) = match job {
        Job::Goals(c, _) => (t_goals, ctx.subtitle_compare(c)),
        Job::Queue(c, _) => (t_queue, ctx.subtitle_compare(c)),
        Job::Cost(c, _) => (t_cost, ctx.subtitle_compare(c)),
        Job::Sweep(i, _) => (
            t_sweep,
            runs_subtitle(
                &ctx,
                &i.scenario,
                i.replications,
                i.seed,
                ("point", "punkt"),
            ),
        ),
    };
    // The legend first: the band is as tall as its items need.
    let items = match job {
        Job::Goals(c, _) => goals_items(&ctx, c),
        Job::Queue(c, _) => queue_items(&ctx, c),
        Job::Cost(c, e) => cost_items(&ctx, c, e),
        Job::Sweep(i, p) => sweep_items(&ctx, i, p),
    };
    let texts: Vec<&str> = items.iter().map(|(_, t)| t.as_str()).collect();
    let (body, legend) = header(&ctx, root, &title, subtitle, &texts)?;
    match job {
        Job::Goals(c, e) => goals(&ctx, &body, c, e)?,
        Job::Queue(c, e) => queue(&ctx, &body, c, e)?,
        Job::Cost(c, e) => cost(&ctx, &body, c, e)?,
        Job::Sweep(i, p) => sweep(&ctx, &body, i, p)?,
    }
    draw_legend(&ctx, &legend, &items)
}

fn share_axis(lo: f64, hi: f64, tenths: usize) -> Ticks {
    Ticks::new(
        lo..hi,
        (0..=10)
            .step_by(tenths)
            .map(|i| i as f64 / 10.0)
            .filter(|v| (lo..=hi).contains(v))
            .collect(),
        Vec::new(),
    )
}

fn value_axis(lo: f64, hi: f64) -> Ticks {
    Ticks::new(lo..hi, steps(lo, hi, 7), Vec::new())
}

fn mean_of(cmp: &Comparison, scenario: &str, year: i32, metric: &str) -> f64 {
    cmp.figures
        .iter()
        .find(|f| f.scenario == scenario && f.year == year && f.metric == metric)
        .map_or(f64::NAN, |f| f.value.mean)
}

fn goal_years(cmp: &Comparison, extra: &CompareExtra) -> Vec<i32> {
    let g: Vec<i32> = cmp
        .years
        .iter()
        .copied()
        .filter(|&y| y >= extra.first_goal_year)
        .collect();
    if g.is_empty() { cmp.years.clone() } else { g }
}

fn plan_label(ctx: &Pen) -> String {
    format!(
        "{} {}",
        ctx.t("Reference: probability", "Referens: sannolikhet"),
        ctx.pct(PLAN_PROBABILITY, 0)
    )
}

fn scenario_items(cmp: &Comparison, bars: bool) -> Vec<(Icon, String)> {
    cmp.scenarios
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let c = SCENARIO_COLORS[i % SCENARIO_COLORS.len()];
            (
                if bars {
                    Icon::bar(c)
                } else {
                    Icon::shape(c, i)
                },
                s.clone(),
            )
        })
        .collect()
}

/// How the value labels of bars fit: across, turned up (read from below), or not at all.
#[derive(Clone, Copy, PartialEq)]
enum BarLabels {
    Across,
    Up,
    Off,
}

fn goals<DB: DrawingBackend>(
    ctx: &Pen,
    area: &Area<DB>,
    cmp: &Comparison,
    extra: &CompareExtra,
) -> DrawResult<(), DB> {
    let years = goal_years(cmp, extra);
    // The panels one above the other, each as wide as the chart, so that the bars of six
    // scenarios over the goal years still hold their labels.
    let (upper, lower) = area.split_vertically(area.dim_in_pixel().1 / 2);
    let g = &cmp.goals;
    let occ = match ctx.lang {
        Lang::En => format!(
            "Probability that the occupancy reaches {} in the year",
            ctx.pct(g.occupancy_target, g.target_decimals())
        ),
        Lang::Sv => format!(
            "Sannolikhet att beläggningen når {} under året",
            ctx.pct(g.occupancy_target, g.target_decimals())
        ),
    };
    let offer = match ctx.lang {
        Lang::En => format!(
            "Probability that nobody has waited over {} without an offer at any quarter end of the year",
            ctx.months(g.offer_goal)
        ),
        Lang::Sv => format!(
            "Sannolikhet att ingen har väntat över {} utan erbjudande vid något kvartalsslut under året",
            ctx.months(g.offer_goal)
        ),
    };
    let panels = [
        (&upper, "goal_offer_met", offer, ""),
        (
            &lower,
            "goal_occupancy_met",
            occ,
            ctx.t("Goal year", "Målår"),
        ),
    ];
    let n = cmp.scenarios.len().max(1) as f64;
    let w = 0.8 / n;
    let label_font = ctx.font(21.0);
    let label_w = area.estimate_text_size(&ctx.pct(1.0, 0), &label_font)?.0 as f64;
    let label_h = ctx.px(21.0) as f64;
    let (x_lo, x_hi) = (
        years[0] as f64 - 0.6,
        *years.last().unwrap_or(&years[0]) as f64 + 0.6,
    );
    for (panel, metric, heading, x_desc) in panels {
        let panel = panel_heading(ctx, panel, &heading)?;
        let (pw, ph) = panel.dim_in_pixel();
        // The plot's size, from the margins and label areas of `build`.
        let plot_w = pw as f64 - ctx.px(20.0 + 30.0 + 190.0) as f64;
        let plot_h = (ph as f64 - ctx.px(16.0 + 86.0) as f64).max(1.0);
        let slot = plot_w / (x_hi - x_lo) * w;
        let labels = if label_w + ctx.px(6.0) as f64 <= slot {
            BarLabels::Across
        } else if label_h + ctx.px(6.0) as f64 <= slot {
            BarLabels::Up
        } else {
            BarLabels::Off
        };
        let room = match labels {
            BarLabels::Across => label_h,
            BarLabels::Up => label_w,
            BarLabels::Off => 0.0,
        } + ctx.px(12.0) as f64;
        // No labels where they would take more than a third of a short panel (a long legend).
        let (labels, room) = if room / plot_h > 0.3 {
            (BarLabels::Off, 0.0)
        } else {
            (labels, room)
        };
        // Headroom above 100 % for a label over a full bar: room = (top - 1) / top * plot_h.
        let top = (1.0 / (1.0 - room / plot_h)).max(1.05);
        let x = Ticks::new(
            x_lo..x_hi,
            years.iter().map(|&y| y as f64).collect(),
            Vec::new(),
        );
        // As many ticks as the panel's height holds apart (a long legend leaves it short).
        let tenths = [1, 2, 5]
            .into_iter()
            .find(|&t| plot_h / top * t as f64 / 10.0 >= ctx.px(36.0) as f64)
            .unwrap_or(10);
        let mut chart = build(ctx, &panel, x, share_axis(0.0, top, tenths), 30.0)?;
        let x_fmt = |x: &f64| format!("{}", x.round() as i32);
        let y_fmt = |y: &f64| ctx.pct(*y, 0);
        mesh(
            ctx,
            &mut chart,
            x_desc,
            ctx.t("Probability", "Sannolikhet"),
            &x_fmt,
            &y_fmt,
            0,
            None,
        )?;
        for &year in &years {
            for (i, s) in cmp.scenarios.iter().enumerate() {
                let p = mean_of(cmp, s, year, metric);
                if !p.is_finite() {
                    continue;
                }
                let x0 = year as f64 - 0.4 + w * i as f64;
                let c = SCENARIO_COLORS[i % SCENARIO_COLORS.len()];
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x0 + w * 0.06, 0.0), (x0 + w * 0.94, p)],
                    c.filled(),
                )))?;
                let style = match labels {
                    BarLabels::Across => label_font.pos(Pos::new(HPos::Center, VPos::Bottom)),
                    BarLabels::Up => label_font
                        .transform(FontTransform::Rotate270)
                        .pos(Pos::new(HPos::Left, VPos::Center)),
                    BarLabels::Off => continue,
                };
                note(
                    &mut chart,
                    (x0 + w / 2.0, p),
                    (0, -ctx.px(6.0)),
                    ctx.pct(p, 0),
                    style,
                )?;
            }
        }
        hline(&mut chart, ctx, PLAN_PROBABILITY)?;
    }
    Ok(())
}

fn goals_items(ctx: &Pen, cmp: &Comparison) -> Vec<(Icon, String)> {
    let mut items = scenario_items(cmp, true);
    items.push((Icon::Goal, plan_label(ctx)));
    items
}

fn queue<DB: DrawingBackend>(
    ctx: &Pen,
    area: &Area<DB>,
    _cmp: &Comparison,
    extra: &CompareExtra,
) -> DrawResult<(), DB> {
    let all = extra.queues.iter().flat_map(|q| q.months.iter());
    let (mut x0, mut x1, mut top) = (f64::INFINITY, f64::NEG_INFINITY, 5.0f64);
    for (x, s) in all {
        x0 = x0.min(*x);
        x1 = x1.max(*x);
        if s.p95.is_finite() {
            top = top.max(s.p95);
        }
    }
    if !x0.is_finite() {
        (x0, x1) = (0.0, 1.0);
    }
    let x0 = x0 - 1.0 / 12.0;
    let top = top * 1.08;
    let x = Ticks::new(
        x0..x1 + 0.08,
        ((x0.ceil() as i32)..=(x1.floor() as i32))
            .map(f64::from)
            .collect(),
        Vec::new(),
    );
    let mut chart = build(ctx, area, x, value_axis(-top * 0.015, top), 50.0)?;
    // As on the run's charts: each year's label in the middle of its year, none on the tick
    // that closes the last year.
    let (offset, x_fmt) =
        mid_year_labels(chart.plotting_area().dim_in_pixel().0, x0..x1 + 0.08, x1);
    let d = if top < 10.0 { 1 } else { 0 };
    let y_fmt = |y: &f64| ctx.num(*y, d);
    mesh(
        ctx,
        &mut chart,
        ctx.t("Date (end of month)", "Datum (vid månadens slut)"),
        ctx.t("People in the queue", "Personer i kö"),
        &x_fmt,
        &y_fmt,
        offset,
        None,
    )?;
    for (i, q) in extra.queues.iter().enumerate() {
        let c = SCENARIO_COLORS[i % SCENARIO_COLORS.len()];
        let pts: Vec<&(f64, Summary)> = q
            .months
            .iter()
            .filter(|(_, s)| s.p25.is_finite() && s.p75.is_finite())
            .collect();
        let mut poly: Vec<(f64, f64)> = pts.iter().map(|(x, s)| (*x, s.p75)).collect();
        poly.extend(pts.iter().rev().map(|(x, s)| (*x, s.p25)));
        chart.draw_series(std::iter::once(Polygon::new(poly, c.mix(0.22).filled())))?;
        for hi in [true, false] {
            let line = pts.iter().map(|(x, s)| (*x, if hi { s.p95 } else { s.p5 }));
            chart.draw_series(DashedLineSeries::new(
                line,
                ctx.px(10.0),
                ctx.px(8.0),
                c.stroke_width(ctx.pxu(1.5)),
            ))?;
        }
    }
    for (i, q) in extra.queues.iter().enumerate() {
        let c = SCENARIO_COLORS[i % SCENARIO_COLORS.len()];
        chart.draw_series(LineSeries::new(
            q.months
                .iter()
                .map(|(x, s)| (*x, s.p50))
                .filter(|p| p.1.is_finite()),
            c.stroke_width(ctx.pxu(4.0)),
        ))?;
    }
    hline(&mut chart, ctx, 0.0)?;
    let g = extra.first_goal_year as f64;
    if g > x0 && g < x1 {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(g, 0.0), (g, top)],
            GREY.stroke_width(ctx.pxu(2.0)),
        )))?;
        note(
            &mut chart,
            (g, top),
            (ctx.px(10.0), ctx.px(6.0)),
            format!(
                "{} {}",
                ctx.t("Goals apply from", "Målen gäller från"),
                extra.first_goal_year
            ),
            ctx.font(24.0),
        )?;
    }
    Ok(())
}

fn queue_items(ctx: &Pen, cmp: &Comparison) -> Vec<(Icon, String)> {
    // Each scenario's band in its own colour, with its median line through it.
    let mut items: Vec<(Icon, String)> = cmp
        .scenarios
        .iter()
        .enumerate()
        .map(|(i, s)| {
            (
                Icon::LineBand {
                    color: SCENARIO_COLORS[i % SCENARIO_COLORS.len()],
                    alpha: 0.22,
                },
                format!(
                    "{s}: {}",
                    ctx.t(
                        "median, band 25th–75th percentile",
                        "median, band 25:e–75:e percentilen"
                    )
                ),
            )
        })
        .collect();
    items.push((
        Icon::Line {
            color: GREY,
            width: 1.5,
            dashed: true,
        },
        ctx.t(
            "Dashed, in each colour: 5th and 95th percentile",
            "Streckat, i varje färg: 5:e och 95:e percentilen",
        )
        .to_owned(),
    ));
    items.push((
        Icon::Goal,
        ctx.t(
            "Goal (balance): 0 people without a place",
            "Mål (balans): 0 personer utan plats",
        )
        .to_owned(),
    ));
    items
}

/// Per scenario: (P(offer goal) in the last goal year, mean total cost over the goal years), and
/// the goal years.
fn cost_points(cmp: &Comparison, extra: &CompareExtra) -> (Vec<i32>, Vec<(f64, f64)>) {
    let years = goal_years(cmp, extra);
    let last = *years.last().unwrap_or(&0);
    let pts = cmp
        .scenarios
        .iter()
        .map(|s| {
            (
                mean_of(cmp, s, last, "goal_offer_met"),
                years
                    .iter()
                    .map(|&y| mean_of(cmp, s, y, "cost_total_tkr"))
                    .sum::<f64>(),
            )
        })
        .collect();
    (years, pts)
}

fn cost<DB: DrawingBackend>(
    ctx: &Pen,
    area: &Area<DB>,
    cmp: &Comparison,
    extra: &CompareExtra,
) -> DrawResult<(), DB> {
    let (years, pts) = cost_points(cmp, extra);
    let last = *years.last().unwrap_or(&0);
    let hi = pts
        .iter()
        .map(|p| p.1)
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    // The cost axis starts at zero: a difference of a few per cent looks as small as it is. The
    // figures themselves stand in the legend.
    let hi = if hi > 0.0 { hi * 1.12 } else { 1.0 };
    let mut chart = build(
        ctx,
        area,
        share_axis(-0.05, 1.05, 1),
        value_axis(0.0, hi),
        50.0,
    )?;
    let x_fmt = |x: &f64| ctx.pct(*x, 0);
    let y_fmt = |y: &f64| ctx.num(*y, 0);
    let span = if years.len() > 1 {
        format!("{}–{}", years[0], last)
    } else {
        last.to_string()
    };
    let x_desc = match ctx.lang {
        Lang::En => format!(
            "P(nobody over {} at any quarter end) in {last}",
            ctx.months(cmp.goals.offer_goal)
        ),
        Lang::Sv => format!(
            "P(ingen över {} mån vid något kvartalsslut) år {last}",
            cmp.goals.offer_goal
        ),
    };
    let y_desc = format!(
        "{} {span} (tkr)",
        ctx.t("Mean total cost", "Medelkostnad totalt")
    );
    mesh(ctx, &mut chart, &x_desc, &y_desc, &x_fmt, &y_fmt, 0, None)?;
    vline(&mut chart, ctx, PLAN_PROBABILITY)?;
    for (i, &(p, c)) in pts.iter().enumerate() {
        if !(p.is_finite() && c.is_finite()) {
            continue;
        }
        let color = SCENARIO_COLORS[i % SCENARIO_COLORS.len()];
        let r = ctx.px(12.0);
        match i % 3 {
            0 => chart.draw_series(std::iter::once(
                EmptyElement::at((p, c)) + Circle::new((0, 0), r as u32, color.filled()),
            ))?,
            1 => chart.draw_series(std::iter::once(
                EmptyElement::at((p, c))
                    + TriangleMarker::new((0, 0), r + ctx.px(2.0), color.filled()),
            ))?,
            _ => chart.draw_series(std::iter::once(
                EmptyElement::at((p, c)) + Rectangle::new([(-r, -r), (r, r)], color.filled()),
            ))?,
        };
    }
    Ok(())
}

fn cost_items(ctx: &Pen, cmp: &Comparison, extra: &CompareExtra) -> Vec<(Icon, String)> {
    let (_, pts) = cost_points(cmp, extra);
    let mut items: Vec<(Icon, String)> = scenario_items(cmp, false)
        .into_iter()
        .zip(&pts)
        .map(|((icon, s), &(p, c))| {
            (
                icon,
                format!("{s}: {} tkr, P {}", ctx.num(c, 0), ctx.pct(p, 0)),
            )
        })
        .collect();
    items.push((Icon::Goal, plan_label(ctx)));
    items
}

/// The texts of a sweep chart: the probability's name, the goal's rule and the cheapest point.
struct SweepTexts {
    p_desc: String,
    meets: String,
    cheapest: String,
}

fn sweep_texts(ctx: &Pen, info: &SweepInfo, points: &[Point]) -> SweepTexts {
    let best = cheapest(points, info.goal, info.probability);
    let goal_name = match (info.goal, ctx.lang) {
        (Goal::Offer, Lang::En) => format!("nobody over {}", ctx.months(info.goals.offer_goal)),
        (Goal::Offer, Lang::Sv) => format!("ingen över {} mån", info.goals.offer_goal),
        (Goal::Occupancy, _) => ctx
            .t("occupancy at target", "beläggning vid målet")
            .to_owned(),
    };
    SweepTexts {
        p_desc: format!("P({goal_name}, {})", info.year),
        meets: format!(
            "{} {}",
            ctx.t("Meets the goal: P ≥", "Når målet: P ≥"),
            ctx.pct(info.probability, 0),
        ),
        cheapest: match best {
            Some(b) => format!(
                "{}: {} ({} tkr)",
                ctx.t(
                    "Cheapest point meeting the goal",
                    "Billigaste punkten som når målet"
                ),
                b.values.join(" × "),
                ctx.num(b.cost_tkr, 0)
            ),
            None => ctx
                .t("No point meets the goal", "Ingen punkt når målet")
                .to_owned(),
        },
    }
}

fn sweep_items(ctx: &Pen, info: &SweepInfo, points: &[Point]) -> Vec<(Icon, String)> {
    let t = sweep_texts(ctx, info, points);
    let found = cheapest(points, info.goal, info.probability).is_some();
    // The cheapest point's mark only when a point is marked.
    let mark = |width| {
        if found {
            Icon::outline(VERMILLION, width)
        } else {
            Icon::None
        }
    };
    if info.parameters.len() == 2 {
        let mut items: Vec<(Icon, String)> = [0.0, 0.5, 1.0]
            .iter()
            .map(|&p| (Icon::bar(heat(p)), ctx.pct(p, 0)))
            .collect();
        items[0].1 = format!("{}: {}", t.p_desc, items[0].1);
        items.push((
            Icon::outline(GOAL, 3.0),
            format!("{} {}", t.meets, ctx.t("(framed)", "(ram)")),
        ));
        items.push((mark(8.0), t.cheapest));
        return items;
    }
    vec![
        (Icon::line(BLUE), t.p_desc),
        (
            Icon::line(ORANGE),
            ctx.t(
                "Cost over the goal years (tkr)",
                "Kostnad under målåren (tkr)",
            )
            .to_owned(),
        ),
        (Icon::Goal, t.meets),
        (mark(5.0), t.cheapest),
    ]
}

fn sweep<DB: DrawingBackend>(
    ctx: &Pen,
    area: &Area<DB>,
    info: &SweepInfo,
    points: &[Point],
) -> DrawResult<(), DB> {
    let p_of = |pt: &Point| match info.goal {
        Goal::Offer => pt.p_offer,
        Goal::Occupancy => pt.p_occupancy,
    };
    let best = cheapest(points, info.goal, info.probability);
    if info.parameters.len() == 2 {
        let (p1, v1) = &info.parameters[0];
        let (p2, v2) = &info.parameters[1];
        let (p1, p2) = (parameter_name(p1, ctx.lang), parameter_name(p2, ctx.lang));
        let (n1, n2) = (v1.len(), v2.len());
        let x = Ticks::new(
            -0.5..n1 as f64 - 0.5,
            (0..n1).map(|i| i as f64).collect(),
            Vec::new(),
        );
        let y = Ticks::new(
            -0.5..n2 as f64 - 0.5,
            (0..n2).map(|i| i as f64).collect(),
            Vec::new(),
        );
        let mut chart = build(ctx, area, x, y, 50.0)?;
        // What fits in a cell: the probability, and the cost below it if there is room.
        let (cw, ch) = chart.plotting_area().dim_in_pixel();
        let (cell_w, cell_h) = (cw as i32 / n1.max(1) as i32, ch as i32 / n2.max(1) as i32);
        let fits = |t: &str, f: &TextStyle| -> DrawResult<bool, DB> {
            Ok(area.estimate_text_size(t, f)?.0 as i32 + ctx.px(12.0) <= cell_w)
        };
        let x_fmt = |x: &f64| v1.get(x.round() as usize).cloned().unwrap_or_default();
        let y_fmt = |y: &f64| v2.get(y.round() as usize).cloned().unwrap_or_default();
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc(p1.as_str())
            .y_desc(p2.as_str())
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .label_style(ctx.font(25.0))
            .axis_desc_style(ctx.font(29.0))
            .axis_style(INK.stroke_width(ctx.pxu(2.0)))
            .set_all_tick_mark_size(ctx.px(8.0))
            .draw()?;
        for (k, pt) in points.iter().enumerate() {
            let (i, j) = ((k / n2) as f64, (k % n2) as f64);
            let p = p_of(pt);
            let fill = heat(p);
            chart.draw_series(std::iter::once(Rectangle::new(
                [(i - 0.5, j - 0.5), (i + 0.5, j + 0.5)],
                fill.filled(),
            )))?;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(i - 0.5, j - 0.5), (i + 0.5, j + 0.5)],
                WHITE.stroke_width(ctx.pxu(2.0)),
            )))?;
            let ink: &'static RGBColor = if p.is_finite() && p > 0.55 {
                &WHITE
            } else {
                &INK
            };
            let c = Pos::new(HPos::Center, VPos::Center);
            let (p_text, p_font) = (format!("P {}", ctx.pct(p, 0)), ctx.bold(27.0));
            let (c_text, c_font) = (format!("{} tkr", ctx.num(pt.cost_tkr, 0)), ctx.font(23.0));
            let both = cell_h >= ctx.px(84.0) && fits(&c_text, &c_font)?;
            if fits(&p_text, &p_font)? && cell_h >= ctx.px(40.0) {
                note(
                    &mut chart,
                    (i, j),
                    (0, if both { -ctx.px(18.0) } else { 0 }),
                    p_text,
                    p_font.color(ink).pos(c),
                )?;
            }
            if both {
                note(
                    &mut chart,
                    (i, j),
                    (0, ctx.px(18.0)),
                    c_text,
                    c_font.color(ink).pos(c),
                )?;
            }
        }
        for (k, pt) in points.iter().enumerate() {
            let (i, j) = ((k / n2) as f64, (k % n2) as f64);
            let d = 0.44;
            if p_of(pt) >= info.probability {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(i - d, j - d), (i + d, j + d)],
                    GOAL.stroke_width(ctx.pxu(3.0)),
                )))?;
            }
            if best.is_some_and(|b| std::ptr::eq(b, pt)) {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(i - d, j - d), (i + d, j + d)],
                    VERMILLION.stroke_width(ctx.pxu(8.0)),
                )))?;
            }
        }
        return Ok(());
    }
    let (p1, v1) = info.parameters.first().cloned().unwrap_or_default();
    let p1 = parameter_name(&p1, ctx.lang);
    let n = v1.len().max(1);
    let (upper, lower) = area.split_vertically(area.dim_in_pixel().1 / 2);
    let x = || {
        Ticks::new(
            -0.3..n as f64 - 0.7,
            (0..n).map(|i| i as f64).collect(),
            Vec::new(),
        )
    };
    let x_fmt = |x: &f64| v1.get(x.round() as usize).cloned().unwrap_or_default();
    let mut top = build(ctx, &upper, x(), share_axis(0.0, 1.05, 2), 50.0)?;
    let y_fmt = |y: &f64| ctx.pct(*y, 0);
    mesh(
        ctx,
        &mut top,
        "",
        ctx.t("P(goal met)", "P(målet nås)"),
        &x_fmt,
        &y_fmt,
        0,
        None,
    )?;
    hline(&mut top, ctx, info.probability)?;
    top.draw_series(LineSeries::new(
        points.iter().enumerate().map(|(i, p)| (i as f64, p_of(p))),
        BLUE.stroke_width(ctx.pxu(4.0)),
    ))?;
    top.draw_series(
        points
            .iter()
            .enumerate()
            .map(|(i, p)| Circle::new((i as f64, p_of(p)), ctx.pxu(8.0), BLUE.filled())),
    )?;
    let costs: Vec<f64> = points
        .iter()
        .map(|p| p.cost_tkr)
        .filter(|c| c.is_finite())
        .collect();
    let (lo, hi) = costs
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    let (lo, hi) = if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) };
    // The cost axis starts at zero, as on the compare chart.
    let hi = if hi > 0.0 { hi * 1.12 } else { 1.0 };
    let _ = lo;
    let mut bottom = build(ctx, &lower, x(), value_axis(0.0, hi), 50.0)?;
    let c_fmt = |y: &f64| ctx.num(*y, 0);
    mesh(
        ctx,
        &mut bottom,
        &p1,
        ctx.t("Cost (tkr)", "Kostnad (tkr)"),
        &x_fmt,
        &c_fmt,
        0,
        None,
    )?;
    bottom.draw_series(LineSeries::new(
        points
            .iter()
            .enumerate()
            .map(|(i, p)| (i as f64, p.cost_tkr)),
        ORANGE.stroke_width(ctx.pxu(4.0)),
    ))?;
    bottom.draw_series(points.iter().enumerate().map(|(i, p)| {
        TriangleMarker::new(
            (i as f64, p.cost_tkr),
            ctx.pxu(11.0) as i32,
            ORANGE.filled(),
        )
    }))?;
    if let Some(b) = best
        && let Some(i) = points.iter().position(|p| std::ptr::eq(p, b))
    {
        let i = i as f64;
        top.draw_series(std::iter::once(Circle::new(
            (i, p_of(b)),
            ctx.pxu(18.0),
            VERMILLION.stroke_width(ctx.pxu(5.0)),
        )))?;
        bottom.draw_series(std::iter::once(Circle::new(
            (i, b.cost_tkr),
            ctx.pxu(18.0),
            VERMILLION.stroke_width(ctx.pxu(5.0)),
        )))?;
        let style = ctx.bold(25.0).pos(Pos::new(HPos::Center, VPos::Bottom));
        note(
            &mut bottom,
            (i, b.cost_tkr),
            (0, -ctx.px(26.0)),
            ctx.t("cheapest meeting the goal", "billigast som når målet")
                .to_owned(),
            style,
        )?;
    }
    Ok(())
}

/// Light yellow-green to dark blue (viridis-like, sequential; reads in grey as light to dark).
fn heat(p: f64) -> RGBColor {
    if !p.is_finite() {
        return RGBColor(220, 220, 220);
    }
    let stops = [
        (253.0, 231.0, 37.0),
        (94.0, 201.0, 98.0),
        (33.0, 145.0, 140.0),
        (59.0, 82.0, 139.0),
        (68.0, 1.0, 84.0),
    ];
    let t = p.clamp(0.0, 1.0) * (stops.len() - 1) as f64;
    let i = (t.floor() as usize).min(stops.len() - 2);
    let f = t - i as f64;
    let (a, b) = (stops[i], stops[i + 1]);
    let mix = |x: f64, y: f64| (x + (y - x) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}
