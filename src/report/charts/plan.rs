//! Charts of `lss-sim plan`, in the style of the others (header, plot, legend band, embedded
//! font, Okabe-Ito colours, goals black and dashed): (1) the places the plan opens per year,
//! stacked by the profiles the units serve; (2) the cost-probability frontier of the search,
//! every evaluated schedule as a dot, the chosen plan and the base marked.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::frame::{
    Area, BLUE, GREEN, GREY, INK, ORANGE, Paint, Pen, SKY, Ticks, VERMILLION, dashed_line,
    encode_all, header, legend, note,
};
use super::kit::{build, mesh, runs_subtitle, steps};
use super::text::tr;
use crate::error::Result;
use crate::report::Lang;

const PURPLE: RGBColor = RGBColor(204, 121, 167);
const YELLOW: RGBColor = RGBColor(240, 228, 66);
const COLORS: [RGBColor; 7] = [BLUE, ORANGE, GREEN, VERMILLION, SKY, PURPLE, YELLOW];

/// What the plan charts show.
#[derive(Debug, Clone)]
pub struct PlanChart {
    /// Base scenario name.
    pub scenario: String,
    /// Search seed and replications per schedule.
    pub seed: u64,
    /// Replications per schedule in the search.
    pub replications: u32,
    /// Years of the horizon.
    pub years: Vec<i32>,
    /// Places opened per year, by the profiles served (label, per year).
    pub places: Vec<(String, Vec<f64>)>,
    /// Every evaluated schedule: (cost over the plan years, lowest yearly P(offer goal)).
    pub evaluated: Vec<(f64, f64)>,
    /// The frontier: (cost, best P(offer goal), best P(occupancy target)).
    pub frontier: Vec<(f64, f64, f64)>,
    /// Whether the occupancy goal is part of the plan (its frontier is drawn then).
    pub occupancy_goal: Option<f64>,
    /// The chosen schedule: (cost, lowest yearly P(offer goal)), in the search.
    pub chosen: (f64, f64),
    /// The base: (cost, lowest yearly P(offer goal)).
    pub base: (f64, f64),
    /// The offer goal's probability.
    pub probability: f64,
    /// The plan years, for the cost axis: first and last.
    pub plan_years: (i32, i32),
}

/// The titles, so tests can look for them.
pub fn titles(lang: Lang) -> [&'static str; 2] {
    [
        tr(
            lang,
            "New places to open per year, by target group",
            "Nya platser att öppna per år, efter målgrupp",
        ),
        tr(
            lang,
            "Cost against the probability of meeting the goals: the search's frontier",
            "Kostnad mot sannolikheten att nå målen: sökningens front",
        ),
    ]
}

/// Both plan charts in both formats: (file name, bytes).
pub fn render_plan(info: &PlanChart, lang: Lang, width: u32) -> Result<Vec<(String, Vec<u8>)>> {
    let mut out = encode_all(
        &Drawing {
            info,
            lang,
            which: 0,
        },
        width,
    )?;
    out.extend(encode_all(
        &Drawing {
            info,
            lang,
            which: 1,
        },
        width,
    )?);
    Ok(out)
}

struct Drawing<'a> {
    info: &'a PlanChart,
    lang: Lang,
    which: usize,
}

impl Paint for Drawing<'_> {
    fn stem(&self) -> String {
        ["plan-chart-1-places", "plan-chart-2-frontier"][self.which].to_owned()
    }
    fn paint<DB: DrawingBackend>(&self, root: &Area<DB>) -> DrawResult<(), DB> {
        let ctx = Pen::new(root, self.lang);
        let i = self.info;
        let subtitle = runs_subtitle(
            &ctx,
            &i.scenario,
            i.replications,
            i.seed,
            ("schedule", "schema"),
        );
        // The legend first: the band is as tall as its items need.
        let items = if self.which == 0 {
            places_items(&ctx, i)
        } else {
            frontier_items(&ctx, i)
        };
        let texts: Vec<&str> = items.iter().map(|(_, t)| t.as_str()).collect();
        let (body, band) = header(&ctx, root, titles(self.lang)[self.which], subtitle, &texts)?;
        if self.which == 0 {
            places(&ctx, &body, i)?
        } else {
            frontier(&ctx, &body, i)?
        }
        legend(
            &ctx,
            &band,
            &items,
            |(_, l)| l,
            |(icon, _), x0, x1, cy| {
                match *icon {
                    Icon::Bar(c) => band.draw(&Rectangle::new(
                        [
                            (x0 + ctx.px(12.0), cy - ctx.px(15.0)),
                            (x1 - ctx.px(12.0), cy + ctx.px(15.0)),
                        ],
                        c.filled(),
                    ))?,
                    Icon::Line(c) => band.draw(&PathElement::new(
                        vec![(x0, cy), (x1, cy)],
                        c.stroke_width(ctx.pxu(4.0)),
                    ))?,
                    Icon::Dot(c, r) => {
                        band.draw(&Circle::new(((x0 + x1) / 2, cy), ctx.pxu(r), c.filled()))?
                    }
                    Icon::Square(c) => {
                        let r = ctx.px(10.0);
                        let m = (x0 + x1) / 2;
                        band.draw(&Rectangle::new(
                            [(m - r, cy - r), (m + r, cy + r)],
                            c.filled(),
                        ))?
                    }
                    Icon::Goal => dashed_line(&band, x0, x1, cy, ctx.goal_style())?,
                }
                Ok(())
            },
        )
    }
}

enum Icon {
    Bar(RGBColor),
    Line(RGBColor),
    Dot(RGBColor, f64),
    Square(RGBColor),
    Goal,
}

fn places<DB: DrawingBackend>(ctx: &Pen, area: &Area<DB>, i: &PlanChart) -> DrawResult<(), DB> {
    let totals: Vec<f64> = (0..i.years.len())
        .map(|y| i.places.iter().map(|(_, v)| v[y]).sum())
        .collect();
    let top = totals.iter().cloned().fold(0.0, f64::max).max(1.0) * 1.15;
    let first = *i.years.first().unwrap_or(&0) as f64;
    let last = *i.years.last().unwrap_or(&0) as f64;
    let x = Ticks::new(
        first - 0.6..last + 0.6,
        i.years.iter().map(|&y| y as f64).collect(),
        Vec::new(),
    );
    let mut chart = build(
        ctx,
        area,
        x,
        Ticks::new(0.0..top, steps(0.0, top, 6), Vec::new()),
        50.0,
    )?;
    let x_fmt = |x: &f64| format!("{}", x.round() as i32);
    let y_fmt = |y: &f64| ctx.num(*y, 0);
    mesh(
        ctx,
        &mut chart,
        ctx.t("Year of opening", "Öppningsår"),
        ctx.t("New places", "Nya platser"),
        &x_fmt,
        &y_fmt,
        0,
        None,
    )?;
    for (yi, &year) in i.years.iter().enumerate() {
        let mut base = 0.0;
        for (k, (_, v)) in i.places.iter().enumerate() {
            if v[yi] > 0.0 {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(year as f64 - 0.3, base), (year as f64 + 0.3, base + v[yi])],
                    COLORS[k % COLORS.len()].filled(),
                )))?;
                base += v[yi];
            }
        }
        let style = ctx.bold(27.0).pos(Pos::new(HPos::Center, VPos::Bottom));
        note(
            &mut chart,
            (year as f64, totals[yi]),
            (0, -ctx.px(6.0)),
            ctx.num(totals[yi], 0),
            style,
        )?;
    }
    Ok(())
}

fn places_items(ctx: &Pen, i: &PlanChart) -> Vec<(Icon, String)> {
    let mut items: Vec<(Icon, String)> = i
        .places
        .iter()
        .enumerate()
        .map(|(k, (l, _))| (Icon::Bar(COLORS[k % COLORS.len()]), l.clone()))
        .collect();
    if items.is_empty() {
        items.push((
            Icon::Bar(GREY),
            ctx.t("no new places needed", "inga nya platser behövs")
                .to_owned(),
        ));
    }
    items
}

fn frontier<DB: DrawingBackend>(ctx: &Pen, area: &Area<DB>, i: &PlanChart) -> DrawResult<(), DB> {
    let costs: Vec<f64> = i
        .evaluated
        .iter()
        .map(|p| p.0)
        .chain([i.chosen.0, i.base.0])
        .filter(|c| c.is_finite())
        .collect();
    let lo = costs.iter().cloned().fold(f64::INFINITY, f64::min);
    let hi = costs.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) };
    let pad = ((hi - lo) * 0.06).max(hi.abs() * 0.01).max(1.0);
    let (lo, hi) = (lo - pad, hi + pad);
    let x = Ticks::new(lo..hi, steps(lo, hi, 6), Vec::new());
    let y = Ticks::new(
        -0.05..1.08,
        (0..=10).map(|k| k as f64 / 10.0).collect(),
        Vec::new(),
    );
    let mut chart = build(ctx, area, x, y, 50.0)?;
    let x_fmt = |x: &f64| ctx.num(*x, 0);
    let y_fmt = |y: &f64| ctx.pct(*y, 0);
    let x_desc = format!(
        "{} {}–{} (tkr)",
        ctx.t("Expected total cost", "Förväntad total kostnad"),
        i.plan_years.0,
        i.plan_years.1
    );
    mesh(
        ctx,
        &mut chart,
        &x_desc,
        ctx.t(
            "Lowest yearly probability over the goal years",
            "Lägsta årliga sannolikhet under målåren",
        ),
        &x_fmt,
        &y_fmt,
        0,
        None,
    )?;
    chart.draw_series(
        i.evaluated
            .iter()
            .map(|&(c, p)| Circle::new((c, p), ctx.pxu(5.0), GREY.mix(0.45).filled())),
    )?;
    let step_line = |pick: fn(&(f64, f64, f64)) -> f64| {
        let mut pts = Vec::new();
        for (k, f) in i.frontier.iter().enumerate() {
            if k > 0 {
                pts.push((f.0, pick(&i.frontier[k - 1])));
            }
            pts.push((f.0, pick(f)));
        }
        if let Some(f) = i.frontier.last() {
            pts.push((hi, pick(f)));
        }
        pts
    };
    chart.draw_series(LineSeries::new(
        step_line(|f| f.1),
        BLUE.stroke_width(ctx.pxu(4.0)),
    ))?;
    if i.occupancy_goal.is_some() {
        chart.draw_series(LineSeries::new(
            step_line(|f| f.2),
            GREEN.stroke_width(ctx.pxu(4.0)),
        ))?;
    }
    let r = chart.x_range();
    chart.draw_series(DashedLineSeries::new(
        vec![(r.start, i.probability), (r.end, i.probability)],
        ctx.px(22.0),
        ctx.px(12.0),
        ctx.goal_style(),
    ))?;
    let sq = ctx.px(11.0);
    chart.draw_series(std::iter::once(
        EmptyElement::at(i.base) + Rectangle::new([(-sq, -sq), (sq, sq)], INK.filled()),
    ))?;
    chart.draw_series(std::iter::once(
        EmptyElement::at(i.chosen) + Circle::new((0, 0), ctx.pxu(15.0), VERMILLION.filled()),
    ))?;
    let right = i.chosen.0 > (lo + hi) / 2.0;
    note(
        &mut chart,
        i.chosen,
        (
            if right { -ctx.px(24.0) } else { ctx.px(24.0) },
            ctx.px(22.0),
        ),
        format!(
            "{}: {} tkr, {}",
            ctx.t("chosen plan", "valt schema"),
            ctx.num(i.chosen.0, 0),
            ctx.pct(i.chosen.1, 0)
        ),
        ctx.bold(25.0).pos(Pos::new(
            if right { HPos::Right } else { HPos::Left },
            VPos::Top,
        )),
    )?;
    Ok(())
}

fn frontier_items(ctx: &Pen, i: &PlanChart) -> Vec<(Icon, String)> {
    let mut items = vec![
        (
            Icon::Dot(GREY, 7.0),
            ctx.t("evaluated schedule", "provat schema").to_owned(),
        ),
        (
            Icon::Line(BLUE),
            ctx.t("best P(nobody over 6 months)", "bästa P(ingen över 6 mån)")
                .to_owned(),
        ),
    ];
    if i.occupancy_goal.is_some() {
        items.push((
            Icon::Line(GREEN),
            ctx.t(
                "best P(occupancy at target)",
                "bästa P(beläggning vid målet)",
            )
            .to_owned(),
        ));
    }
    items.push((
        Icon::Dot(VERMILLION, 12.0),
        ctx.t("chosen plan", "valt schema").to_owned(),
    ));
    items.push((
        Icon::Square(INK),
        ctx.t("no new units", "inga nya enheter").to_owned(),
    ));
    items.push((
        Icon::Goal,
        format!(
            "{} {}",
            ctx.t("goal probability", "målets sannolikhet"),
            ctx.pct(i.probability, 0)
        ),
    ));
    items
}
