//! The drawing of each chart, generic over the plotters backend (bitmap or SVG).
//!
//! Layout, at the default 1600 px width (everything scales with the width): a header with the
//! title and a subtitle naming the scenario, replications and seed; the plot; a legend band at
//! the bottom, outside the plot, so it never hides data. Font sizes are chosen so that the
//! smallest text is about 8 pt when the PNG is scaled to the width of half an A4 page.

use std::ops::{Deref, Range};

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::Chart;
use super::data::{Period, Stat, SummaryFile};
use super::frame::{
    Area, BLUE, GREEN, GREY, GRID, INK, ORANGE, Pen, SKY, Ticks, VERMILLION, header,
    mid_year_labels, note,
};
use super::kit::{Icon, LegendItem, axis_break, draw_legend, hline, item, mesh, panel_heading};
use super::text;
use crate::metrics::GoalValues;
use crate::report::Lang;

type XY = Cartesian2d<Ticks, RangedCoordf64>;

/// Size and language of one drawing.
struct Ctx<'a> {
    s: &'a SummaryFile,
    pen: Pen,
}

impl Deref for Ctx<'_> {
    type Target = Pen;
    fn deref(&self) -> &Pen {
        &self.pen
    }
}

impl Ctx<'_> {
    /// The goals of the run, as the labels name them.
    fn goals(&self) -> GoalValues {
        self.s.goals.values()
    }
    /// The horizon as fractional years: start day to the end of the last month.
    fn horizon(&self) -> (f64, f64) {
        let start = date_x(&self.s.scenario.start).unwrap_or(2018.0);
        let end = self
            .s
            .months
            .last()
            .and_then(|m| period_x(&m.period))
            .unwrap_or(start + 1.0);
        (start, end.max(start + 1.0 / 12.0))
    }

    /// A year's label; a year the horizon covers only in part says which months.
    fn year_label(&self, year: i32) -> String {
        let (sy, sm) = ym(&self.s.scenario.start).unwrap_or((year, 1));
        let (ey, em) = ym(&self.s.scenario.end).unwrap_or((year, 12));
        let (from, to) = (
            if year == sy { sm } else { 1 },
            if year == ey { em } else { 12 },
        );
        if from == 1 && to == 12 {
            year.to_string()
        } else {
            format!(
                "{year} ({}–{})",
                text::month_name(self.lang, from),
                text::month_name(self.lang, to)
            )
        }
    }

    fn subtitle(&self) -> String {
        let s = self.s;
        let reps = self.num(s.replications as f64, 0);
        let text = match self.lang {
            Lang::En => format!(
                "Scenario {} · {} replications · seed {} · {} to {} · lss-sim {}",
                s.scenario.name, reps, s.seed, s.scenario.start, s.scenario.end, s.version
            ),
            Lang::Sv => format!(
                "Scenario {} · {} simuleringar · slumpfrö {} · {} till {} · lss-sim {}",
                s.scenario.name, reps, s.seed, s.scenario.start, s.scenario.end, s.version
            ),
        };
        match &s.bands {
            // Bands that hold the drawn assumptions too say so, in place of the horizon (the time
            // axis shows it) so that the line fits; chance-only charts are unchanged.
            Some(b) => format!(
                "{} · {} {}",
                match self.lang {
                    Lang::En => format!(
                        "Scenario {} · {} replications · seed {} · lss-sim {}",
                        s.scenario.name, reps, s.seed, s.version
                    ),
                    Lang::Sv => format!(
                        "Scenario {} · {} simuleringar · slumpfrö {} · lss-sim {}",
                        s.scenario.name, reps, s.seed, s.version
                    ),
                },
                self.t("bands: chance +", "band: slump +"),
                match self.lang {
                    Lang::En => format!("{} drawn assumptions", b.drawn_each_replication.len()),
                    Lang::Sv => format!("{} dragna antaganden", b.drawn_each_replication.len()),
                }
            ),
            None => text,
        }
    }
}

/// `YYYY-MM-DD` or `YYYY-MM` → (year, month).
fn ym(s: &str) -> Option<(i32, u32)> {
    let mut it = s.split('-');
    Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?))
}

/// A date `YYYY-MM-DD` as a fractional year (months of equal length: this is a drawing).
fn date_x(s: &str) -> Option<f64> {
    let (y, m) = ym(s)?;
    let d: f64 = s.split('-').nth(2)?.parse().ok()?;
    Some(y as f64 + (m as f64 - 1.0) / 12.0 + (d - 1.0) / 365.25)
}

/// The end of a period `2019-03` or `2019-Q1` as a fractional year.
fn period_x(p: &str) -> Option<f64> {
    let (y, rest) = p.split_once('-')?;
    let y: f64 = y.parse().ok()?;
    let months: f64 = match rest.strip_prefix('Q') {
        Some(q) => q.parse::<f64>().ok()? * 3.0,
        None => rest.parse().ok()?,
    };
    Some(y + months / 12.0)
}

/// The observations of `metric` as (x, value): a date at the end of its day, a period at its
/// end (a year at its middle, where a year chart puts it), clamped to the horizon's start so
/// the start state (the day before) shows at the left edge.
fn observed(ctx: &Ctx, metric: &str) -> Vec<(f64, f64)> {
    let x0 = ctx.horizon().0;
    ctx.s
        .observations
        .iter()
        .filter(|o| o.metric == metric && o.observed.is_finite())
        .filter_map(|o| {
            let x = if o.at.len() == 10 {
                date_x(&o.at)? + 1.0 / 365.25
            } else if o.at.len() == 4 {
                o.at.parse::<f64>().ok()?
            } else {
                period_x(&o.at)?
            };
            Some((x.max(x0), o.observed))
        })
        .collect()
}

/// Draws observed points as black triangles.
fn draw_observed<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, XY>,
    ctx: &Ctx,
    pts: &[(f64, f64)],
) -> DrawResult<(), DB> {
    chart.draw_series(
        pts.iter()
            .map(|&p| TriangleMarker::new(p, ctx.pxu(12.0), INK.filled())),
    )?;
    Ok(())
}

/// The legend entry of the observed points, when the chart shows any of `metrics`.
fn observed_item(ctx: &Ctx, metrics: &[&str]) -> Option<LegendItem> {
    metrics
        .iter()
        .any(|m| !observed(ctx, m).is_empty())
        .then(|| {
            item(
                Icon::Marker {
                    color: INK,
                    triangle: true,
                },
                ctx.t("Observed", "Observerat"),
            )
        })
}

/// The top of a y axis that also shows the observed points.
fn with_observed(top: f64, pts: &[(f64, f64)]) -> f64 {
    pts.iter().map(|p| p.1 * 1.08).fold(top, f64::max)
}

/// (x, statistics) of `metric` over `periods`, skipping periods without a value.
fn stats(periods: &[Period], metric: &str) -> Vec<(f64, Stat)> {
    periods
        .iter()
        .filter_map(|p| Some((period_x(&p.period)?, *p.get(metric)?)))
        .collect()
}

fn finite_max(vals: impl Iterator<Item = f64>) -> f64 {
    vals.filter(|v| v.is_finite()).fold(0.0, f64::max)
}

/// Decimals for tick labels of an axis spanning `span`.
fn tick_decimals(span: f64) -> usize {
    if span <= 4.0 { 1 } else { 0 }
}

/// Draws the whole chart: header, plot, legend.
pub(super) fn chart<DB: DrawingBackend>(
    root: &Area<DB>,
    chart: Chart,
    s: &SummaryFile,
    lang: Lang,
) -> DrawResult<(), DB> {
    let ctx = Ctx {
        s,
        pen: Pen::new(root, lang),
    };
    let labels = chart.labels(lang, &s.goals.values());
    // The legend first: the band is as tall as its items need.
    let items = match chart {
        Chart::Queue => queue_items(&ctx),
        Chart::OverOfferGoal => over_offer_goal_items(&ctx),
        Chart::Occupancy => occupancy_items(&ctx),
        Chart::WaitToOffer => wait_to_offer_items(&ctx),
        Chart::External => external_items(&ctx),
        Chart::Cost => cost_items(&ctx),
        Chart::UnitOccupancy => unit_occupancy_items(&ctx),
        Chart::ByProfile => by_profile_items(&ctx),
    };
    let texts: Vec<&str> = items.iter().map(|(_, t)| t.as_str()).collect();
    let (body, legend) = header(&ctx, root, &labels.title, ctx.subtitle(), &texts)?;
    match chart {
        Chart::Queue => queue(&ctx, &body)?,
        Chart::OverOfferGoal => over_offer_goal(&ctx, &body)?,
        Chart::Occupancy => occupancy(&ctx, &body)?,
        Chart::WaitToOffer => wait_to_offer(&ctx, &body)?,
        Chart::External => external(&ctx, &body)?,
        Chart::Cost => cost(&ctx, &body)?,
        Chart::UnitOccupancy => unit_occupancy(&ctx, &body)?,
        Chart::ByProfile => by_profile(&ctx, &body)?,
    }
    draw_legend(&ctx, &legend, &items)
}

/// A chart over the horizon: x in fractional years, ticks and grid lines on 1 January, each year's
/// label in the middle of its year (so a value at the end of December reads as that year's, not
/// the next's); the part year at the start, which has no tick, has no label.
fn time_chart<'a, DB: DrawingBackend>(
    ctx: &Ctx,
    area: &'a Area<DB>,
    y: Range<f64>,
    x_desc: &str,
    y_desc: &str,
    y_fmt: &dyn Fn(&f64) -> String,
) -> DrawResult<ChartContext<'a, DB, XY>, DB> {
    let (x0, x1) = ctx.horizon();
    let x1 = x1 + 0.08;
    let years: Vec<f64> = ((x0.ceil() as i32)..=(x1.floor() as i32))
        .map(f64::from)
        .collect();
    let quarters: Vec<f64> = ((x0 * 4.0).ceil() as i32..=(x1 * 4.0).floor() as i32)
        .map(|q| q as f64 / 4.0)
        .collect();
    let mut chart = ChartBuilder::on(area)
        .margin_top(ctx.px(16.0))
        .margin_right(ctx.px(50.0))
        .margin_left(ctx.px(20.0))
        .x_label_area_size(ctx.px(86.0))
        .y_label_area_size(ctx.px(150.0))
        .build_cartesian_2d(Ticks::new(x0..x1, years, quarters), y)?;
    let (offset, x_fmt) = mid_year_labels(
        chart.plotting_area().dim_in_pixel().0,
        x0..x1,
        ctx.horizon().1,
    );
    let n = y_label_count(ctx, &chart);
    mesh(
        ctx,
        &mut chart,
        x_desc,
        y_desc,
        &x_fmt,
        y_fmt,
        offset,
        Some(n),
    )?;
    Ok(chart)
}

/// How many y labels a panel has room for: at most 8, one per 40 px (at 1600 px width) of its
/// height, so the labels of a short panel (a tall legend below it) never touch.
fn y_label_count<DB: DrawingBackend>(ctx: &Ctx, chart: &ChartContext<'_, DB, XY>) -> usize {
    let height = f64::from(chart.plotting_area().dim_in_pixel().1);
    ((height / ctx.px(40.0) as f64).floor() as usize).clamp(2, 8)
}

/// A chart with one category per calendar year of the results.
fn year_chart<'a, DB: DrawingBackend>(
    ctx: &Ctx,
    area: &'a Area<DB>,
    top_margin: f64,
    y: Range<f64>,
    x_desc: &str,
    y_desc: &str,
    y_fmt: &dyn Fn(&f64) -> String,
) -> DrawResult<ChartContext<'a, DB, XY>, DB> {
    let years: Vec<f64> = ctx.s.years.iter().map(|p| p.year as f64).collect();
    let (a, b) = (
        years.first().copied().unwrap_or(0.0),
        years.last().copied().unwrap_or(0.0),
    );
    let mut chart = ChartBuilder::on(area)
        .margin_top(ctx.px(top_margin))
        .margin_right(ctx.px(50.0))
        .margin_left(ctx.px(20.0))
        .x_label_area_size(ctx.px(86.0))
        .y_label_area_size(ctx.px(170.0))
        .build_cartesian_2d(Ticks::new(a - 0.6..b + 0.6, years, Vec::new()), y)?;
    let x_fmt = |x: &f64| ctx.year_label(x.round() as i32);
    let n = y_label_count(ctx, &chart);
    mesh(ctx, &mut chart, x_desc, y_desc, &x_fmt, y_fmt, 0, Some(n))?;
    Ok(chart)
}

/// A band between two percentiles.
fn band<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, XY>,
    pts: &[(f64, Stat)],
    lo: fn(&Stat) -> f64,
    hi: fn(&Stat) -> f64,
    color: RGBColor,
    alpha: f64,
) -> DrawResult<(), DB> {
    let mut poly: Vec<(f64, f64)> = pts.iter().map(|(x, s)| (*x, hi(s))).collect();
    poly.extend(pts.iter().rev().map(|(x, s)| (*x, lo(s))));
    poly.retain(|p| p.1.is_finite());
    chart.draw_series(std::iter::once(Polygon::new(
        poly,
        color.mix(alpha).filled(),
    )))?;
    Ok(())
}

fn y_count_fmt<'a>(ctx: &'a Ctx, span: f64) -> impl Fn(&f64) -> String + 'a {
    let d = tick_decimals(span);
    move |y: &f64| ctx.num(*y, d)
}

fn fan_items(ctx: &Ctx, color: RGBColor, median: &str) -> Vec<LegendItem> {
    vec![
        item(
            Icon::Line {
                color,
                width: 4.0,
                dashed: false,
            },
            median,
        ),
        item(
            Icon::Band { color, alpha: 0.55 },
            ctx.t(
                "50 % of simulated futures (25th–75th percentile)",
                "50 % av simulerade förlopp (25:e–75:e percentilen)",
            ),
        ),
        item(
            Icon::Band { color, alpha: 0.18 },
            ctx.t("90 % (5th–95th percentile)", "90 % (5:e–95:e percentilen)"),
        ),
    ]
}

fn fan<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, XY>,
    ctx: &Ctx,
    pts: &[(f64, Stat)],
    color: RGBColor,
) -> DrawResult<(), DB> {
    band(chart, pts, |s| s.p5, |s| s.p95, color, 0.18)?;
    band(chart, pts, |s| s.p25, |s| s.p75, color, 0.45)?;
    chart.draw_series(LineSeries::new(
        pts.iter()
            .map(|(x, s)| (*x, s.p50))
            .filter(|p| p.1.is_finite()),
        color.stroke_width(ctx.pxu(4.0)),
    ))?;
    Ok(())
}

fn queue<DB: DrawingBackend>(ctx: &Ctx, area: &Area<DB>) -> DrawResult<(), DB> {
    let l = Chart::Queue.labels(ctx.lang, &ctx.goals());
    let pts = stats(&ctx.s.months, "queue");
    let seen = observed(ctx, "queue");
    let top = with_observed(
        finite_max(pts.iter().map(|(_, s)| s.p95)).max(5.0) * 1.08,
        &seen,
    );
    let fmt = y_count_fmt(ctx, top);
    let mut chart = time_chart(ctx, area, -top * 0.015..top, &l.x, &l.y, &fmt)?;
    fan(&mut chart, ctx, &pts, BLUE)?;
    hline(&mut chart, ctx, 0.0)?;
    draw_observed(&mut chart, ctx, &seen)?;
    Ok(())
}

fn queue_items(ctx: &Ctx) -> Vec<LegendItem> {
    let l = Chart::Queue.labels(ctx.lang, &ctx.goals());
    let mut items = fan_items(ctx, BLUE, ctx.t("Median queue", "Median, kö"));
    items.push(item(Icon::Goal, l.goal));
    items.extend(observed_item(ctx, &["queue"]));
    items
}

fn over_offer_goal<DB: DrawingBackend>(ctx: &Ctx, area: &Area<DB>) -> DrawResult<(), DB> {
    let g = ctx.goals();
    let l = Chart::OverOfferGoal.labels(ctx.lang, &g);
    let (upper, lower) = area.split_vertically(area.dim_in_pixel().1 / 2);
    // Each panel says what it counts in a heading: a rotated axis label as long would not fit.
    let upper = panel_heading(ctx, &upper, &l.y)?;
    let over = stats(&ctx.s.quarters, &g.name("over_offer_goal"));
    let seen_over = observed(ctx, &g.name("over_offer_goal"));
    let top = with_observed(
        finite_max(over.iter().map(|(_, s)| s.p95)).max(5.0) * 1.1,
        &seen_over,
    );
    let fmt = y_count_fmt(ctx, top);
    let people = ctx.t("People", "Personer");
    let mut chart = time_chart(ctx, &upper, -top * 0.02..top, "", people, &fmt)?;
    band(&mut chart, &over, |s| s.p5, |s| s.p95, VERMILLION, 0.18)?;
    chart.draw_series(LineSeries::new(
        over.iter().map(|(x, s)| (*x, s.p50)),
        VERMILLION.stroke_width(ctx.pxu(4.0)),
    ))?;
    chart.draw_series(
        over.iter()
            .map(|(x, s)| Circle::new((*x, s.p50), ctx.pxu(7.0), VERMILLION.filled())),
    )?;
    hline(&mut chart, ctx, 0.0)?;
    draw_observed(&mut chart, ctx, &seen_over)?;

    let lower = panel_heading(ctx, &lower, &ivo_heading(ctx))?;
    let ivo = stats(&ctx.s.quarters, "ivo_reports");
    let seen_ivo = observed(ctx, "ivo_reports");
    let top = with_observed(
        finite_max(ivo.iter().map(|(_, s)| s.p95)).max(5.0) * 1.1,
        &seen_ivo,
    );
    let fmt = y_count_fmt(ctx, top);
    let mut chart = time_chart(
        ctx,
        &lower,
        0.0..top,
        &l.x,
        ctx.t("Reports", "Rapporter"),
        &fmt,
    )?;
    let w = 0.07;
    chart.draw_series(
        ivo.iter()
            .map(|(x, s)| Rectangle::new([(x - w, 0.0), (x + w, s.mean)], ORANGE.filled())),
    )?;
    whiskers(&mut chart, ctx, &ivo, w * 0.6)?;
    draw_observed(&mut chart, ctx, &seen_ivo)?;
    Ok(())
}

/// The heading of chart 2's IVO panel, naming the reporting limit.
fn ivo_heading(ctx: &Ctx) -> String {
    let limit = ctx.goals().report_limit;
    match ctx.lang {
        Lang::En => format!(
            "Reports to IVO per quarter: decisions not executed within {}",
            ctx.months(limit)
        ),
        Lang::Sv => format!(
            "Rapporter till IVO per kvartal: beslut som inte verkställts inom {}",
            ctx.months(limit)
        ),
    }
}

fn over_offer_goal_items(ctx: &Ctx) -> Vec<LegendItem> {
    let g = ctx.goals();
    let l = Chart::OverOfferGoal.labels(ctx.lang, &g);
    let seen = observed_item(ctx, &[&g.name("over_offer_goal"), "ivo_reports"]);
    let mut items = vec![
        item(
            Icon::LineMarker {
                color: VERMILLION,
                width: 4.0,
            },
            match ctx.lang {
                Lang::En => format!(
                    "Waiting > {} without an offer, median",
                    ctx.months(g.offer_goal)
                ),
                Lang::Sv => format!("Väntat > {} mån utan erbjudande, median", g.offer_goal),
            },
        ),
        item(
            Icon::Band {
                color: VERMILLION,
                alpha: 0.18,
            },
            ctx.t("90 % of simulated futures", "90 % av simulerade förlopp"),
        ),
        item(Icon::Goal, l.goal),
        item(
            Icon::Bar { color: ORANGE },
            ctx.t(
                "Reports to IVO per quarter, mean",
                "Rapporter till IVO per kvartal, medel",
            ),
        ),
        item(
            Icon::Whisker,
            ctx.t("5th–95th percentile", "5:e–95:e percentilen"),
        ),
    ];
    items.extend(seen);
    items
}

/// p5-p95 whiskers with caps `cap` wide (in x units).
fn whiskers<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, XY>,
    ctx: &Ctx,
    pts: &[(f64, Stat)],
    cap: f64,
) -> DrawResult<(), DB> {
    let st = INK.stroke_width(ctx.pxu(2.5));
    for (x, s) in pts {
        if !(s.p5.is_finite() && s.p95.is_finite()) {
            continue;
        }
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(*x, s.p5), (*x, s.p95)],
            st,
        )))?;
        for y in [s.p5, s.p95] {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(x - cap, y), (x + cap, y)],
                st,
            )))?;
        }
    }
    Ok(())
}

fn occupancy<DB: DrawingBackend>(ctx: &Ctx, area: &Area<DB>) -> DrawResult<(), DB> {
    let l = Chart::Occupancy.labels(ctx.lang, &ctx.goals());
    let target = ctx.s.goals.occupancy_target;
    let pts: Vec<(f64, Stat)> = ctx
        .s
        .years
        .iter()
        .filter_map(|p| Some((p.year as f64, *p.get("occupancy")?)))
        .collect();
    let seen = observed(ctx, "occupancy");
    let low = pts
        .iter()
        .map(|(_, s)| s.p5)
        .chain(seen.iter().map(|p| p.1))
        .filter(|v| v.is_finite())
        .fold(target, f64::min);
    // The axis ends at 100 % (occupancy cannot pass it) and starts near the lowest value, below
    // a break mark: the axis does not start at zero.
    let lo = ((low - 0.01) * 100.0).floor() / 100.0;
    let hi = 1.0;
    let below = lo - (hi - lo) * 0.05;
    let d = if 1.0 - lo < 0.1 { 1 } else { 0 };
    let fmt = |y: &f64| {
        if *y < lo - 1e-9 {
            String::new()
        } else {
            ctx.pct(*y, d)
        }
    };
    // The mean and the chance of reaching the target stand above the plot, in its top margin.
    let mut chart = year_chart(ctx, area, 96.0, below..hi, &l.x, &l.y, &fmt)?;
    axis_break(&mut chart, ctx, (below + lo) / 2.0)?;
    draw_observed(&mut chart, ctx, &seen)?;
    let w = 0.18;
    chart
        .draw_series(pts.iter().map(|(x, s)| {
            Rectangle::new([(x - w, s.p25), (x + w, s.p75)], SKY.mix(0.8).filled())
        }))?;
    whiskers(&mut chart, ctx, &pts, w * 0.5)?;
    chart.draw_series(
        pts.iter()
            .map(|(x, s)| Circle::new((*x, s.mean), ctx.pxu(10.0), BLUE.filled())),
    )?;
    hline(&mut chart, ctx, target)?;
    let goal_p: Vec<(f64, f64)> = ctx
        .s
        .years
        .iter()
        .filter_map(|p| Some((p.year as f64, p.get("goal_occupancy_met")?.mean)))
        .collect();
    for (x, s) in &pts {
        let p = goal_p.iter().find(|(gx, _)| gx == x).map(|g| g.1);
        let label = format!("{} {}", ctx.t("mean", "medel"), ctx.pct(s.mean, 1));
        note(
            &mut chart,
            (*x, hi),
            (0, -ctx.px(88.0)),
            label,
            ctx.bold(25.0).pos(Pos::new(HPos::Center, VPos::Top)),
        )?;
        if let Some(p) = p {
            let label = format!(
                "{} {}",
                ctx.t("target reached in", "målet nås i"),
                ctx.pct(p, 0)
            );
            note(
                &mut chart,
                (*x, hi),
                (0, -ctx.px(52.0)),
                label,
                ctx.font(24.0).pos(Pos::new(HPos::Center, VPos::Top)),
            )?;
        }
    }
    Ok(())
}

fn occupancy_items(ctx: &Ctx) -> Vec<LegendItem> {
    let l = Chart::Occupancy.labels(ctx.lang, &ctx.goals());
    vec![
        item(
            Icon::Marker {
                color: BLUE,
                triangle: false,
            },
            ctx.t(
                "Mean over the simulated futures",
                "Medel över simulerade förlopp",
            ),
        ),
        item(
            Icon::Band {
                color: SKY,
                alpha: 0.8,
            },
            ctx.t("25th–75th percentile", "25:e–75:e percentilen"),
        ),
        item(
            Icon::Whisker,
            ctx.t("5th–95th percentile", "5:e–95:e percentilen"),
        ),
        item(Icon::Goal, l.goal),
        item(
            Icon::None,
            ctx.t(
                "Target reached in: share of simulated futures",
                "Målet nås i: andel av simulerade förlopp",
            ),
        ),
    ]
    .into_iter()
    .chain(observed_item(ctx, &["occupancy"]))
    .collect()
}

fn wait_to_offer<DB: DrawingBackend>(ctx: &Ctx, area: &Area<DB>) -> DrawResult<(), DB> {
    let g = ctx.goals();
    let l = Chart::WaitToOffer.labels(ctx.lang, &g);
    let h = &ctx.s.wait_to_first_offer_histogram;
    let bins = h.years.iter().map(|y| y.counts.len()).max().unwrap_or(0);
    let mut counts = vec![0u64; bins];
    for y in &h.years {
        for (c, v) in counts.iter_mut().zip(&y.counts) {
            *c += v;
        }
    }
    let total: u64 = counts.iter().sum();
    let month = 365.25 / 12.0;
    let goal_m = ctx.s.goals.offer_within_months;
    let goal_days = goal_m * month;
    // Share over the goal, from the bins; the bin the goal falls in is split linearly.
    let over: f64 = counts
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let (a, b) = (i as f64 * h.bin_days, (i + 1) as f64 * h.bin_days);
            let part = if i + 1 == bins {
                if a >= goal_days {
                    1.0
                } else {
                    (b - goal_days).max(0.0) / h.bin_days
                }
            } else {
                ((b - goal_days) / h.bin_days).clamp(0.0, 1.0)
            };
            c as f64 * part
        })
        .sum::<f64>()
        / (total.max(1) as f64);
    let last = counts.iter().rposition(|&c| c > 0).unwrap_or(0);
    let x_max = (((last + 1) as f64 * h.bin_days / month).max(goal_m + 3.0) / 3.0).ceil() * 3.0;
    let shares: Vec<f64> = counts
        .iter()
        .map(|&c| c as f64 / total.max(1) as f64)
        .collect();
    let top = shares.iter().copied().fold(0.0, f64::max).max(0.01) * 1.25;
    let keys: Vec<f64> = (0..=(x_max as i32)).step_by(3).map(f64::from).collect();
    let mut chart = ChartBuilder::on(area)
        .margin_top(ctx.px(16.0))
        .margin_right(ctx.px(50.0))
        .margin_left(ctx.px(20.0))
        .x_label_area_size(ctx.px(86.0))
        .y_label_area_size(ctx.px(150.0))
        .build_cartesian_2d(Ticks::new(0.0..x_max, keys, Vec::new()), 0.0..top)?;
    let x_fmt = |x: &f64| ctx.num(*x, 0);
    let y_fmt = |y: &f64| ctx.num(*y * 100.0, if top < 0.05 { 1 } else { 0 });
    mesh(ctx, &mut chart, &l.x, &l.y, &x_fmt, &y_fmt, 0, Some(8))?;
    chart.draw_series(
        shares
            .iter()
            .enumerate()
            .filter(|(_, s)| **s > 0.0)
            .map(|(i, &s)| {
                let (a, b) = (
                    i as f64 * h.bin_days / month,
                    (i + 1) as f64 * h.bin_days / month,
                );
                let late = (a + b) / 2.0 > goal_m;
                let color = if late { VERMILLION } else { SKY };
                Rectangle::new([(a, 0.0), (b, s)], color.filled())
            }),
    )?;
    // Thin white gaps between the bars, so they read as a histogram in grey too.
    chart.draw_series(
        shares
            .iter()
            .enumerate()
            .filter(|(_, s)| **s > 0.0)
            .map(|(i, &s)| {
                let (a, b) = (
                    i as f64 * h.bin_days / month,
                    (i + 1) as f64 * h.bin_days / month,
                );
                Rectangle::new([(a, 0.0), (b, s)], WHITE.stroke_width(ctx.pxu(1.5)))
            }),
    )?;
    chart.draw_series(DashedLineSeries::new(
        vec![(goal_m, 0.0), (goal_m, top)],
        ctx.px(22.0),
        ctx.px(12.0),
        ctx.goal_style(),
    ))?;
    let years = match (h.years.first(), h.years.last()) {
        (Some(a), Some(b)) if a.year != b.year => format!("{}–{}", a.year, b.year),
        (Some(a), _) => a.year.to_string(),
        _ => String::new(),
    };
    let mut lines = vec![
        format!(
            "{} {}",
            match ctx.lang {
                Lang::En => format!("Later than {}:", ctx.months(g.offer_goal)),
                Lang::Sv => format!("Senare än {}:", ctx.months(g.offer_goal)),
            },
            ctx.pct(over, 1)
        ),
        format!(
            "{} {years}",
            ctx.t("of all first offers made", "av alla första erbjudanden")
        ),
        format!(
            "({} {} {})",
            ctx.t("on average", "i medel"),
            ctx.num(total as f64 / ctx.s.replications.max(1) as f64, 0),
            ctx.t("per simulated future", "per simulerat förlopp")
        ),
    ];
    if counts.last().is_some_and(|&c| c > 0) {
        let m = (bins - 1) as f64 * h.bin_days / month;
        lines.push(format!(
            "{} {} {}",
            ctx.t("Last bar: waits of", "Sista stapeln: väntan"),
            ctx.num(m, 0),
            ctx.t("months or more", "månader eller mer")
        ));
    }
    for (i, line) in lines.into_iter().enumerate() {
        let font = if i == 0 {
            ctx.bold(30.0)
        } else {
            ctx.font(26.0)
        };
        note(
            &mut chart,
            (goal_m, top),
            (ctx.px(24.0), ctx.px(20.0 + 40.0 * i as f64)),
            line,
            font,
        )?;
    }
    Ok(())
}

fn wait_to_offer_items(ctx: &Ctx) -> Vec<LegendItem> {
    let g = ctx.goals();
    let l = Chart::WaitToOffer.labels(ctx.lang, &g);
    vec![
        item(
            Icon::Bar { color: SKY },
            match ctx.lang {
                Lang::En => format!("Offer within {}", ctx.months(g.offer_goal)),
                Lang::Sv => format!("Erbjudande inom {}", ctx.months(g.offer_goal)),
            },
        ),
        item(
            Icon::Bar { color: VERMILLION },
            match ctx.lang {
                Lang::En => format!("Offer later than {}", ctx.months(g.offer_goal)),
                Lang::Sv => format!("Erbjudande senare än {}", ctx.months(g.offer_goal)),
            },
        ),
        item(Icon::Goal, l.goal),
    ]
}

fn external<DB: DrawingBackend>(ctx: &Ctx, area: &Area<DB>) -> DrawResult<(), DB> {
    let l = Chart::External.labels(ctx.lang, &ctx.goals());
    let (upper, lower) = area.split_vertically(area.dim_in_pixel().1 * 55 / 100);
    let upper = panel_heading(ctx, &upper, &l.y)?;
    let pts = stats(&ctx.s.months, "external_placements");
    let seen = observed(ctx, "external_placements");
    let top = with_observed(
        finite_max(pts.iter().map(|(_, s)| s.p95)).max(5.0) * 1.1,
        &seen,
    );
    let fmt = y_count_fmt(ctx, top);
    let people = ctx.t("People", "Personer");
    let mut chart = time_chart(ctx, &upper, 0.0..top, "", people, &fmt)?;
    fan(&mut chart, ctx, &pts, BLUE)?;
    if let Some((_, s)) = pts.first() {
        hline(&mut chart, ctx, s.p50)?;
    }
    draw_observed(&mut chart, ctx, &seen)?;
    let lower = panel_heading(
        ctx,
        &lower,
        ctx.t(
            "Per quarter: mean over the simulated futures",
            "Per kvartal: medel över simulerade förlopp",
        ),
    )?;
    let (home, new) = external_flows(ctx);
    let top = finite_max(home.iter().chain(&new).map(|(_, s)| s.mean)).max(1.0) * 1.15;
    let fmt = y_count_fmt(ctx, top);
    let mut chart = time_chart(
        ctx,
        &lower,
        0.0..top,
        &l.x,
        ctx.t("People", "Personer"),
        &fmt,
    )?;
    let w = 0.07;
    // A series that is zero throughout is not drawn (and has no legend entry).
    if drawn(&home) {
        chart.draw_series(
            home.iter()
                .map(|(x, s)| Rectangle::new([(x - w, 0.0), (*x, s.mean)], GREEN.filled())),
        )?;
    }
    if drawn(&new) {
        chart.draw_series(
            new.iter()
                .map(|(x, s)| Rectangle::new([(*x, 0.0), (x + w, s.mean)], ORANGE.filled())),
        )?;
    }
    Ok(())
}

/// Per quarter: moves from an external placement to an own place, new external placements.
fn external_flows(ctx: &Ctx) -> (Vec<(f64, Stat)>, Vec<(f64, Stat)>) {
    (
        stats(&ctx.s.quarters, "hemtagningar"),
        stats(&ctx.s.quarters, "new_external_placements"),
    )
}

/// Whether a series of means has anything to draw.
fn drawn(pts: &[(f64, Stat)]) -> bool {
    pts.iter().any(|(_, s)| s.mean > 0.0)
}

fn external_items(ctx: &Ctx) -> Vec<LegendItem> {
    let l = Chart::External.labels(ctx.lang, &ctx.goals());
    let mut items = fan_items(
        ctx,
        BLUE,
        ctx.t("Externally placed, median", "Externt placerade, median"),
    );
    items.push(item(Icon::Goal, l.goal));
    let (home, new) = external_flows(ctx);
    // The metric counts every move from an external placement into an own place: people
    // brought home (hemtagning, when the scenario has it) and people placed externally while
    // they waited who then got their place.
    if drawn(&home) {
        items.push(item(
            Icon::Bar { color: GREEN },
            ctx.t(
                "Moved from an external placement to an own place",
                "Flyttat från extern placering till egen plats",
            ),
        ));
    }
    if drawn(&new) {
        items.push(item(
            Icon::Bar { color: ORANGE },
            ctx.t("New external placements", "Nya externa placeringar"),
        ));
    }
    items.extend(observed_item(ctx, &["external_placements"]));
    items
}

/// People over the offer goal without an offer at each quarter end, one line per target group
/// (the mean over replications): where the shortage is.
fn by_profile<DB: DrawingBackend>(ctx: &Ctx, area: &Area<DB>) -> DrawResult<(), DB> {
    let g = ctx.goals();
    let l = Chart::ByProfile.labels(ctx.lang, &g);
    let series = profile_series(ctx);
    let top = finite_max(series.iter().flat_map(|(_, pts)| pts.iter().map(|p| p.1))).max(5.0) * 1.1;
    let fmt = y_count_fmt(ctx, top);
    let mut chart = time_chart(ctx, area, -top * 0.02..top, &l.x, &l.y, &fmt)?;
    for (i, (_, pts)) in series.iter().enumerate() {
        let color = PROFILE_COLORS[i % PROFILE_COLORS.len()];
        chart.draw_series(LineSeries::new(
            pts.iter().copied(),
            color.stroke_width(ctx.pxu(4.0)),
        ))?;
        chart.draw_series(
            pts.iter()
                .map(|&(x, y)| Circle::new((x, y), ctx.pxu(6.0), color.filled())),
        )?;
    }
    hline(&mut chart, ctx, 0.0)
}

const PROFILE_COLORS: [RGBColor; 6] = [BLUE, VERMILLION, GREEN, ORANGE, SKY, GREY];

fn by_profile_items(ctx: &Ctx) -> Vec<LegendItem> {
    let l = Chart::ByProfile.labels(ctx.lang, &ctx.goals());
    let mut items: Vec<LegendItem> = profile_series(ctx)
        .iter()
        .enumerate()
        .map(|(i, (name, _))| item(Icon::line(PROFILE_COLORS[i % PROFILE_COLORS.len()]), *name))
        .collect();
    items.push(item(Icon::Goal, l.goal));
    items
}

/// Per target group, the mean number over the offer goal at each quarter end.
fn profile_series<'a>(ctx: &Ctx<'a>) -> Vec<(&'a str, Vec<(f64, f64)>)> {
    let metric = ctx.goals().name("over_offer_goal");
    ctx.s
        .profiles
        .as_ref()
        .map(|pr| {
            pr.names
                .iter()
                .map(|name| {
                    let pts = pr
                        .quarters
                        .iter()
                        .filter(|p| &p.profile == name)
                        .filter_map(|p| {
                            let s = p.metrics.get(&metric).filter(|s| s.n > 0)?;
                            Some((period_x(&p.period)?, s.mean))
                        })
                        .collect();
                    (name.as_str(), pts)
                })
                .collect()
        })
        .unwrap_or_default()
}

fn cost<DB: DrawingBackend>(ctx: &Ctx, area: &Area<DB>) -> DrawResult<(), DB> {
    let l = Chart::Cost.labels(ctx.lang, &ctx.goals());
    let mean = |p: &Period, m: &str| p.get(m).map_or(0.0, |s| s.mean).max(0.0);
    let rows: Vec<(f64, [f64; 3])> = ctx
        .s
        .years
        .iter()
        .map(|p| {
            (
                p.year as f64,
                [
                    mean(p, "cost_own_places_tkr"),
                    mean(p, "cost_external_tkr"),
                    mean(p, "cost_fees_tkr"),
                ],
            )
        })
        .collect();
    let top = finite_max(rows.iter().map(|(_, c)| c.iter().sum())).max(1.0) * 1.18;
    let fmt = |y: &f64| ctx.num(*y, 0);
    let mut chart = year_chart(ctx, area, 16.0, 0.0..top, &l.x, &l.y, &fmt)?;
    let w = 0.3;
    let colors = [BLUE, ORANGE, VERMILLION];
    for (x, c) in &rows {
        let mut base = 0.0;
        for (v, color) in c.iter().zip(colors) {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x - w, base), (x + w, base + v)],
                color.filled(),
            )))?;
            base += v;
        }
        // White edges between the parts, so the stack reads in grey too.
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x - w, c[0]), (x + w, c[0])],
            WHITE.stroke_width(ctx.pxu(3.0)),
        )))?;
        let lines = [
            (format!("{} tkr", ctx.num(base, 0)), ctx.bold(26.0)),
            (
                format!("{} {}", ctx.t("external", "externt"), ctx.num(c[1], 0)),
                ctx.font(23.0),
            ),
            (
                format!("{} {}", ctx.t("fees", "avgifter"), ctx.num(c[2], 0)),
                ctx.font(23.0),
            ),
        ];
        for (i, (t, f)) in lines.into_iter().enumerate() {
            let dy = -ctx.px(104.0) + ctx.px(34.0) * i as i32;
            note(
                &mut chart,
                (*x, base),
                (0, dy),
                t,
                f.pos(Pos::new(HPos::Center, VPos::Top)),
            )?;
        }
    }
    Ok(())
}

fn cost_items(ctx: &Ctx) -> Vec<LegendItem> {
    let l = Chart::Cost.labels(ctx.lang, &ctx.goals());
    vec![
        item(
            Icon::Bar { color: BLUE },
            ctx.t("Own places", "Egna platser"),
        ),
        item(
            Icon::Bar { color: ORANGE },
            ctx.t("External placements", "Externa placeringar"),
        ),
        item(Icon::Bar { color: VERMILLION }, l.goal),
    ]
}

fn unit_occupancy<DB: DrawingBackend>(ctx: &Ctx, area: &Area<DB>) -> DrawResult<(), DB> {
    let l = Chart::UnitOccupancy.labels(ctx.lang, &ctx.goals());
    let target = ctx.s.goals.occupancy_target;
    let (year, units) = ranked_units(ctx);
    let n = units.len().max(1) as f64;
    let low = units
        .iter()
        .map(|u| u.occupancy.p5)
        .filter(|v| v.is_finite())
        .fold(target, f64::min);
    // The box naming the lowest units fills the bottom right of the plot up to `BOX` of its
    // height: the axis starts low enough that every whisker ends above the box, and the lowest
    // units' numbers below their whiskers fit.
    const BOX: f64 = 0.42;
    let floor_5 = |v: f64| ((v * 20.0).floor() / 20.0).max(0.0);
    let hi = 1.0;
    let mut lo = floor_5(low - 0.02);
    if lo + BOX * (hi - lo) > low - 0.005 {
        // lo + BOX (hi - lo) <= low - 0.005.
        lo = floor_5((low - 0.005 - BOX * hi) / (1.0 - BOX));
    }
    let lowest_p5 = units
        .iter()
        .take(5)
        .map(|u| u.occupancy.p5)
        .filter(|v| v.is_finite())
        .fold(hi, f64::min);
    if lowest_p5 - lo < 0.12 * (hi - lo) {
        lo = floor_5(lo - 0.05);
    }
    // The axis does not start at zero: a break mark below its lowest tick.
    let below = lo - (hi - lo) * 0.04;
    let step = if n > 40.0 { 10 } else { 5 };
    let keys: Vec<f64> = std::iter::once(1)
        .chain((step..=units.len()).step_by(step))
        .map(|k| k as f64)
        .collect();
    let mut chart = ChartBuilder::on(area)
        .margin_top(ctx.px(16.0))
        .margin_right(ctx.px(50.0))
        .margin_left(ctx.px(20.0))
        .x_label_area_size(ctx.px(86.0))
        .y_label_area_size(ctx.px(150.0))
        .build_cartesian_2d(Ticks::new(0.3..n + 0.7, keys, Vec::new()), below..hi)?;
    let x_desc = match ctx.lang {
        Lang::En => format!(
            "{} in {}, lowest first (every unit by name: units.csv)",
            l.x,
            ctx.year_label(year)
        ),
        Lang::Sv => format!(
            "{} {}, lägst först (alla boenden med namn: units.csv)",
            l.x,
            ctx.year_label(year)
        ),
    };
    let d = if 1.0 - lo < 0.1 { 1 } else { 0 };
    let x_fmt = |x: &f64| format!("{}", x.round() as i32);
    let y_fmt = |y: &f64| {
        if *y < lo - 1e-9 {
            String::new()
        } else {
            ctx.pct(*y, d)
        }
    };
    mesh(ctx, &mut chart, &x_desc, &l.y, &x_fmt, &y_fmt, 0, Some(8))?;
    axis_break(&mut chart, ctx, (below + lo) / 2.0)?;
    let pts: Vec<(f64, Stat)> = units
        .iter()
        .enumerate()
        .map(|(i, u)| ((i + 1) as f64, u.occupancy))
        .collect();
    for (x, s) in &pts {
        if s.p5.is_finite() && s.p95.is_finite() {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(*x, s.p5), (*x, s.p95)],
                GREY.stroke_width(ctx.pxu(2.0)),
            )))?;
        }
    }
    hline(&mut chart, ctx, target)?;
    for (x, s) in &pts {
        if s.mean < target {
            chart.draw_series(std::iter::once(TriangleMarker::new(
                (*x, s.mean),
                ctx.pxu(11.0),
                VERMILLION.filled(),
            )))?;
        } else {
            chart.draw_series(std::iter::once(Circle::new(
                (*x, s.mean),
                ctx.pxu(8.0),
                BLUE.filled(),
            )))?;
        }
    }
    // Name the lowest units, where a planner looks first: their rank under their whiskers, and
    // the box with their names, at the bottom right.
    let below_five: Vec<_> = units.iter().take(5).collect();
    if below_five.is_empty() {
        return Ok(());
    }
    for (x, s) in pts.iter().take(5) {
        let at = if s.p5.is_finite() { s.p5 } else { s.mean };
        note(
            &mut chart,
            (*x, at),
            (0, ctx.px(6.0)),
            format!("{}", x.round() as i32),
            ctx.bold(22.0).pos(Pos::new(HPos::Center, VPos::Top)),
        )?;
    }
    let head = format!(
        "{} ({})",
        ctx.t("Lowest mean occupancy", "Lägst medelbeläggning"),
        ctx.year_label(year)
    );
    let lines: Vec<String> = below_five
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let name = u.name.clone().unwrap_or_else(|| u.unit_id.clone());
            format!("{}. {} — {}", i + 1, name, ctx.pct(u.occupancy.mean, 1))
        })
        .collect();
    let mut bw = area.estimate_text_size(&head, &ctx.bold(26.0))?.0 as i32;
    for line in &lines {
        bw = bw.max(area.estimate_text_size(line, &ctx.font(25.0))?.0 as i32);
    }
    let (pad, row) = (ctx.px(16.0), ctx.px(38.0));
    let bh = row * lines.len() as i32 + ctx.px(40.0);
    // Anchored at the plot's right end, at BOX of its height.
    let at = (n + 0.7, lo + (hi - lo) * BOX);
    let x0 = -ctx.px(30.0) - bw - 2 * pad;
    let corners = [(x0, -ctx.px(14.0) - pad), (-ctx.px(30.0), bh)];
    chart.draw_series(std::iter::once(
        EmptyElement::at(at) + Rectangle::new(corners, WHITE.mix(0.92).filled()),
    ))?;
    chart.draw_series(std::iter::once(
        EmptyElement::at(at) + Rectangle::new(corners, GRID.stroke_width(ctx.pxu(1.5))),
    ))?;
    note(&mut chart, at, (x0 + pad, -pad), head, ctx.bold(26.0))?;
    for (i, line) in lines.into_iter().enumerate() {
        note(
            &mut chart,
            at,
            (x0 + pad, row * (i as i32 + 1) - pad / 2),
            line,
            ctx.font(25.0),
        )?;
    }
    Ok(())
}

/// The year of chart 7 (the last) and its units with a mean occupancy, lowest first.
fn ranked_units<'a>(ctx: &Ctx<'a>) -> (i32, Vec<&'a super::data::UnitYear>) {
    let year = ctx.s.units.iter().map(|u| u.year).max().unwrap_or(0);
    let mut units: Vec<_> = ctx
        .s
        .units
        .iter()
        .filter(|u| u.year == year && u.occupancy.mean.is_finite())
        .collect();
    units.sort_by(|a, b| {
        a.occupancy
            .mean
            .total_cmp(&b.occupancy.mean)
            .then_with(|| a.unit_id.cmp(&b.unit_id))
    });
    (year, units)
}

fn unit_occupancy_items(ctx: &Ctx) -> Vec<LegendItem> {
    let l = Chart::UnitOccupancy.labels(ctx.lang, &ctx.goals());
    let target = ctx.s.goals.occupancy_target;
    let (_, units) = ranked_units(ctx);
    let mut items = Vec::new();
    // Only the markers drawn have a legend entry.
    if units.iter().any(|u| u.occupancy.mean >= target) {
        items.push(item(
            Icon::Marker {
                color: BLUE,
                triangle: false,
            },
            ctx.t("Mean, at or above target", "Medel, på eller över målet"),
        ));
    }
    if units.iter().any(|u| u.occupancy.mean < target) {
        items.push(item(
            Icon::Marker {
                color: VERMILLION,
                triangle: true,
            },
            ctx.t("Mean, below target", "Medel, under målet"),
        ));
    }
    items.push(item(
        Icon::Line {
            color: GREY,
            width: 2.0,
            dashed: false,
        },
        ctx.t("5th–95th percentile", "5:e–95:e percentilen"),
    ));
    items.push(item(Icon::Goal, l.goal));
    items
}
