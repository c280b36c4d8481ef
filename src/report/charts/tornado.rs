//! Tornado charts of `lss-sim sensitivity`, in the style of the other charts (header, legend band,
//! embedded font, Okabe-Ito colours, words and numbers in the chosen language).
//!
//! One chart per key output in the last goal year: people over the offer goal at the year end,
//! the probability of meeting the offer goal, and the cost. Each ranged parameter is a row, the
//! largest swing on top; its two bars run from the base to the effect of the range's low end
//! (light blue) and of its high end (vermillion), with the 95 % interval of each paired difference
//! as a whisker. The vertical line is the base (no change).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::frame::{
    Area, GRID, INK, LIGHT_GRID, Paint, Pen, SKY, Ticks, VERMILLION, encode_all, header, legend,
};
use super::kit::{runs_subtitle, steps};
use super::text::parameter_name;
use crate::error::Result;
use crate::metrics::{METRICS, index};
use crate::report::Lang;
use crate::sensitivity::{End, Sensitivity};

/// The charts: (file stem, metric name, English title, Swedish title).
fn charts() -> [(&'static str, &'static str, &'static str, &'static str); 3] {
    [
        (
            "tornado-chart-1-over-goal",
            METRICS[index(crate::compare::KEY_METRICS[0])].id,
            "Which assumption moves the number of people over the offer goal",
            "Vilket antagande flyttar antalet personer över erbjudandemålet",
        ),
        (
            "tornado-chart-2-offer-goal",
            METRICS[index(crate::compare::KEY_METRICS[1])].id,
            "Which assumption moves the probability of meeting the offer goal",
            "Vilket antagande flyttar sannolikheten att nå erbjudandemålet",
        ),
        (
            "tornado-chart-3-cost",
            METRICS[index("cost_total_tkr")].id,
            "Which assumption moves the cost",
            "Vilket antagande flyttar kostnaden",
        ),
    ]
}

/// The chart titles, so tests can look for them.
pub fn titles(lang: Lang) -> Vec<&'static str> {
    charts()
        .iter()
        .map(|&(_, _, en, sv)| super::text::tr(lang, en, sv))
        .collect()
}

/// The tornado charts in both formats: (file name, bytes).
pub fn render(sens: &Sensitivity, lang: Lang, width: u32) -> Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    for (stem, metric, en, sv) in charts() {
        let d = Drawing {
            sens,
            lang,
            stem,
            metric,
            title: super::text::tr(lang, en, sv),
        };
        out.extend(encode_all(&d, width)?);
    }
    Ok(out)
}

struct Drawing<'a> {
    sens: &'a Sensitivity,
    lang: Lang,
    stem: &'static str,
    metric: &'static str,
    title: &'static str,
}

impl Paint for Drawing<'_> {
    fn stem(&self) -> String {
        self.stem.to_owned()
    }
    fn paint<DB: DrawingBackend>(&self, root: &Area<DB>) -> DrawResult<(), DB> {
        draw(root, self)
    }
}

fn draw<DB: DrawingBackend>(root: &Area<DB>, d: &Drawing) -> DrawResult<(), DB> {
    let ctx = Pen::new(root, d.lang);
    let s = d.sens;
    let year = *s.years.last().expect("a goal year");
    let mi = s.metrics.iter().position(|m| *m == d.metric).unwrap_or(0);
    let base = s.base[s.years.len() - 1][mi];
    let share = METRICS[index(d.metric)].unit == "share";
    let show = |v: f64, signed: bool| {
        let text = if share {
            ctx.pct(v.abs(), 1)
        } else if v.abs() >= 100.0 {
            ctx.num(v.abs(), 0)
        } else {
            ctx.num(v.abs(), 1)
        };
        match (signed, v < 0.0) {
            (true, true) => format!("−{text}"),
            (true, false) => format!("+{text}"),
            _ => text,
        }
    };
    let subtitle = runs_subtitle(
        &ctx,
        &s.scenario,
        s.replications,
        s.seed,
        ("point", "punkt"),
    );
    let items = [
        (
            SKY,
            ctx.t("Low end of the range", "Intervallets lägsta värde"),
        ),
        (
            VERMILLION,
            ctx.t("High end of the range", "Intervallets högsta värde"),
        ),
        (
            INK,
            ctx.t(
                "95 % interval of the paired difference",
                "95 % intervall för den parvisa skillnaden",
            ),
        ),
    ];
    let texts: Vec<&str> = items.iter().map(|(_, t)| *t).collect();
    let (body, legend_area) = header(&ctx, root, d.title, subtitle, &texts)?;
    let order = s.ranking_for(year, d.metric);
    let n = order.len().max(1);
    // Every difference and interval end, for the axis.
    let mut lo: f64 = 0.0;
    let mut hi: f64 = 0.0;
    for &i in &order {
        for end in [End::Low, End::High] {
            if let Some(e) = s.effect(i, end, year, d.metric) {
                for v in [e.difference.mean, e.difference.ci_low, e.difference.ci_high] {
                    if v.is_finite() {
                        lo = lo.min(v);
                        hi = hi.max(v);
                    }
                }
            }
        }
    }
    let pad = ((hi - lo) * 0.08).max(if share { 0.01 } else { 0.5 });
    let (lo, hi) = (lo - pad, hi + pad);
    let ticks = steps(lo, hi, 8);
    let step = ticks.windows(2).map(|w| w[1] - w[0]).next().unwrap_or(1.0);
    let decimals_for = |step: f64| {
        if step >= 1.0 - 1e-9 {
            0
        } else if step >= 0.1 - 1e-9 {
            1
        } else {
            2
        }
    };
    let x_decimals = decimals_for(step);
    let pct_decimals = decimals_for(step * 100.0);
    let x = Ticks::new(lo..hi, ticks, Vec::new());
    // Row 0 (the largest swing) at the top.
    let y = Ticks::new(
        -0.6..n as f64 - 0.4,
        (0..n).map(|i| i as f64).collect(),
        Vec::new(),
    );
    // Each row names its parameter readably, with its range.
    let row_label = |i: usize| {
        let r = &s.ranges[i];
        format!(
            "{} {}–{}",
            parameter_name(&r.path, d.lang),
            ctx.num(r.low, decimals(r.low)),
            ctx.num(r.high, decimals(r.high))
        )
    };
    let label_font = ctx.font(22.0);
    let mut widest = 0;
    for &i in &order {
        widest = widest.max(body.estimate_text_size(&row_label(i), &label_font)?.0 as i32);
    }
    let label_area = (widest + ctx.px(40.0)).clamp(ctx.px(200.0), ctx.px(900.0));
    let mut chart = ChartBuilder::on(&body)
        .margin_top(ctx.px(16.0))
        .margin_right(ctx.px(60.0))
        .margin_left(ctx.px(20.0))
        .x_label_area_size(ctx.px(86.0))
        .y_label_area_size(label_area)
        .build_cartesian_2d(x, y)?;
    let label = |v: &f64| {
        let row = (n as f64 - 1.0 - v).round();
        if row < 0.0 {
            return String::new();
        }
        order
            .get(row as usize)
            .map_or(String::new(), |&i| row_label(i))
    };
    let x_fmt = |v: &f64| {
        let sign = if *v > 0.0 { "+" } else { "" };
        if share {
            format!("{sign}{}", ctx.pct(*v, pct_decimals))
        } else {
            format!("{sign}{}", ctx.num(*v, x_decimals))
        }
    };
    let x_desc = match d.lang {
        Lang::En => format!(
            "Change from the base value {} ({}, {year})",
            show(base, false),
            s.name(d.metric)
        ),
        Lang::Sv => format!(
            "Förändring från basvärdet {} ({}, {year})",
            show(base, false),
            s.name(d.metric)
        ),
    };
    chart
        .configure_mesh()
        .disable_y_mesh()
        .x_desc(x_desc)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&label)
        .label_style(label_font.clone())
        .axis_desc_style(ctx.font(27.0))
        .bold_line_style(GRID.stroke_width(ctx.pxu(1.0)))
        .light_line_style(LIGHT_GRID.stroke_width(ctx.pxu(1.0)))
        .axis_style(INK.stroke_width(ctx.pxu(2.0)))
        .set_all_tick_mark_size(ctx.px(8.0))
        .draw()?;
    let half = 0.36;
    for (row, &i) in order.iter().enumerate() {
        let yc = (n - 1 - row) as f64;
        for (end, color, yo) in [
            (End::Low, SKY, half / 2.0),
            (End::High, VERMILLION, -half / 2.0),
        ] {
            let Some(e) = s.effect(i, end, year, d.metric) else {
                continue;
            };
            let m = e.difference.mean;
            if !m.is_finite() {
                continue;
            }
            let (y0, y1) = (yc + yo - half / 2.0, yc + yo + half / 2.0);
            chart.draw_series(std::iter::once(Rectangle::new(
                [(0.0_f64.min(m), y0), (0.0_f64.max(m), y1)],
                color.filled(),
            )))?;
            let (a, b) = (e.difference.ci_low, e.difference.ci_high);
            if a.is_finite() && b.is_finite() && b > a {
                let yy = yc + yo;
                let tick = half / 4.0;
                for path in [
                    vec![(a, yy), (b, yy)],
                    vec![(a, yy - tick), (a, yy + tick)],
                    vec![(b, yy - tick), (b, yy + tick)],
                ] {
                    chart.draw_series(std::iter::once(PathElement::new(
                        path,
                        INK.stroke_width(ctx.pxu(2.0)),
                    )))?;
                }
            }
        }
    }
    let r = chart.y_range();
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, r.start), (0.0, r.end)],
        INK.stroke_width(ctx.pxu(3.0)),
    )))?;
    if order.is_empty() {
        let style = ctx.font(30.0).pos(Pos::new(HPos::Center, VPos::Center));
        chart.draw_series(std::iter::once(Text::new(
            ctx.t("No ranged parameters", "Inga parametrar med intervall")
                .to_owned(),
            ((lo + hi) / 2.0, 0.0),
            style,
        )))?;
    }
    legend(
        &ctx,
        &legend_area,
        &items,
        |(_, label)| label,
        |&(c, _), x0, x1, cy| {
            if c == INK {
                legend_area.draw(&PathElement::new(
                    vec![(x0, cy), (x1, cy)],
                    INK.stroke_width(ctx.pxu(2.0)),
                ))?;
            } else {
                legend_area.draw(&Rectangle::new(
                    [
                        (x0 + ctx.px(8.0), cy - ctx.px(13.0)),
                        (x1 - ctx.px(8.0), cy + ctx.px(13.0)),
                    ],
                    c.filled(),
                ))?;
            }
            Ok(())
        },
    )
}

/// Decimals to show a range end with.
fn decimals(v: f64) -> usize {
    if v.fract() == 0.0 {
        0
    } else if (v * 100.0).fract().abs() < 1e-9 {
        2
    } else {
        3
    }
}
