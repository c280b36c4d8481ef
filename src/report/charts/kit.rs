//! The drawing toolkit both chart families use, the run's charts ([`super::draw`]) and the
//! compare and sweep charts ([`super::compare`]): legend icons and the legend band, the mesh
//! (grid, ticks, axis labels) and the dashed goal lines across a plot.

use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;

use super::frame::{Area, GRID, INK, LIGHT_GRID, Pen, Ticks, dashed_line, legend};
use crate::report::{Lang, VERSION};

/// What a legend entry shows before its text.
#[derive(Debug, Clone, Copy)]
pub(super) enum Icon {
    /// A line, solid or dashed.
    Line {
        color: RGBColor,
        width: f64,
        dashed: bool,
    },
    /// A line with a dot in its middle.
    LineMarker { color: RGBColor, width: f64 },
    /// A translucent band.
    Band { color: RGBColor, alpha: f64 },
    /// A translucent band with a line of the same colour through its middle.
    LineBand { color: RGBColor, alpha: f64 },
    /// A filled bar.
    Bar { color: RGBColor },
    /// A black whisker (an interval with end caps).
    Whisker,
    /// A small dot, or a triangle.
    Marker { color: RGBColor, triangle: bool },
    /// A scenario's marker: circle, triangle or square by `shape % 3` ([`marker_at`]).
    Shape { color: RGBColor, shape: usize },
    /// The outline of a box.
    Outline { color: RGBColor, width: f64 },
    /// A goal line: black, dashed ([`Pen::goal_style`]).
    Goal,
    /// Text only.
    None,
}

impl Icon {
    /// A filled bar.
    pub(super) fn bar(color: RGBColor) -> Icon {
        Icon::Bar { color }
    }
    /// A solid line 4 design pixels wide.
    pub(super) fn line(color: RGBColor) -> Icon {
        Icon::Line {
            color,
            width: 4.0,
            dashed: false,
        }
    }
    /// A scenario's marker ([`marker_at`]).
    pub(super) fn shape(color: RGBColor, shape: usize) -> Icon {
        Icon::Shape { color, shape }
    }
    /// The outline of a box.
    pub(super) fn outline(color: RGBColor, width: f64) -> Icon {
        Icon::Outline { color, width }
    }
}

/// A legend entry: its icon and text.
pub(super) type LegendItem = (Icon, String);

/// A legend entry.
pub(super) fn item(icon: Icon, label: impl Into<String>) -> LegendItem {
    (icon, label.into())
}

/// The legend band below a chart: its items in rows ([`legend`]).
pub(super) fn draw_legend<DB: DrawingBackend>(
    pen: &Pen,
    area: &Area<DB>,
    items: &[LegendItem],
) -> DrawResult<(), DB> {
    legend(
        pen,
        area,
        items,
        |(_, label)| label,
        |(icon, _), x0, x1, cy| draw_icon(pen, area, *icon, x0, x1, cy),
    )
}

/// Draws `icon` between `x0` and `x1` around the height `cy`.
fn draw_icon<DB: DrawingBackend>(
    pen: &Pen,
    area: &Area<DB>,
    icon: Icon,
    x0: i32,
    x1: i32,
    cy: i32,
) -> DrawResult<(), DB> {
    match icon {
        Icon::Line {
            color,
            width,
            dashed,
        } => {
            let style = color.stroke_width(pen.pxu(width));
            if dashed {
                dashed_line(area, x0, x1, cy, style)?;
            } else {
                area.draw(&PathElement::new(vec![(x0, cy), (x1, cy)], style))?;
            }
        }
        Icon::LineMarker { color, width } => {
            area.draw(&PathElement::new(
                vec![(x0, cy), (x1, cy)],
                color.stroke_width(pen.pxu(width)),
            ))?;
            area.draw(&Circle::new(
                ((x0 + x1) / 2, cy),
                pen.pxu(7.0),
                color.filled(),
            ))?;
        }
        Icon::Band { color, alpha } => {
            area.draw(&Rectangle::new(
                [(x0, cy - pen.px(13.0)), (x1, cy + pen.px(13.0))],
                color.mix(alpha).filled(),
            ))?;
        }
        Icon::LineBand { color, alpha } => {
            area.draw(&Rectangle::new(
                [(x0, cy - pen.px(13.0)), (x1, cy + pen.px(13.0))],
                color.mix(alpha).filled(),
            ))?;
            area.draw(&PathElement::new(
                vec![(x0, cy), (x1, cy)],
                color.stroke_width(pen.pxu(4.0)),
            ))?;
        }
        Icon::Bar { color } => {
            area.draw(&Rectangle::new(
                [
                    (x0 + pen.px(12.0), cy - pen.px(15.0)),
                    (x1 - pen.px(12.0), cy + pen.px(15.0)),
                ],
                color.filled(),
            ))?;
        }
        Icon::Whisker => {
            let xm = (x0 + x1) / 2;
            let st = INK.stroke_width(pen.pxu(2.5));
            area.draw(&PathElement::new(
                vec![(xm, cy - pen.px(15.0)), (xm, cy + pen.px(15.0))],
                st,
            ))?;
            for yy in [cy - pen.px(15.0), cy + pen.px(15.0)] {
                area.draw(&PathElement::new(
                    vec![(xm - pen.px(8.0), yy), (xm + pen.px(8.0), yy)],
                    st,
                ))?;
            }
        }
        Icon::Marker { color, triangle } => {
            let c = ((x0 + x1) / 2, cy);
            if triangle {
                area.draw(&TriangleMarker::new(c, pen.pxu(10.0), color.filled()))?;
            } else {
                area.draw(&Circle::new(c, pen.pxu(8.0), color.filled()))?;
            }
        }
        Icon::Shape { color, shape } => marker_at(area, pen, ((x0 + x1) / 2, cy), color, shape)?,
        Icon::Outline { color, width } => area.draw(&Rectangle::new(
            [
                (x0 + pen.px(8.0), cy - pen.px(15.0)),
                (x1 - pen.px(8.0), cy + pen.px(15.0)),
            ],
            color.stroke_width(pen.pxu(width)),
        ))?,
        Icon::Goal => dashed_line(area, x0, x1, cy, pen.goal_style())?,
        Icon::None => {}
    }
    Ok(())
}

/// A scenario's marker at `c`: a circle, a triangle or a square by `shape % 3`, so scenarios
/// differ in grey too.
fn marker_at<DB: DrawingBackend>(
    area: &Area<DB>,
    pen: &Pen,
    c: (i32, i32),
    color: RGBColor,
    shape: usize,
) -> DrawResult<(), DB> {
    let r = pen.px(11.0);
    match shape % 3 {
        0 => area.draw(&Circle::new(c, r as u32, color.filled())),
        1 => area.draw(&TriangleMarker::new(c, r + pen.px(2.0), color.filled())),
        _ => area.draw(&Rectangle::new(
            [(c.0 - r, c.1 - r), (c.0 + r, c.1 + r)],
            color.filled(),
        )),
    }
}

/// The grid, ticks and axis labels; the x labels drawn `x_label_offset` pixels right of their
/// ticks (half a year on time axes, 0 elsewhere). `y_labels`: how many labels the y axis asks
/// for, with one light grid line between them (the run's charts); `None` leaves plotters'
/// defaults (the compare and sweep charts, whose y axes are [`Ticks`]).
#[allow(clippy::too_many_arguments)]
pub(super) fn mesh<DB: DrawingBackend, Y: Ranged<ValueType = f64> + ValueFormatter<f64>>(
    pen: &Pen,
    chart: &mut ChartContext<'_, DB, Cartesian2d<Ticks, Y>>,
    x_desc: &str,
    y_desc: &str,
    x_fmt: &dyn Fn(&f64) -> String,
    y_fmt: &dyn Fn(&f64) -> String,
    x_label_offset: i32,
    y_labels: Option<usize>,
) -> DrawResult<(), DB> {
    let mut mesh = chart.configure_mesh();
    mesh.x_label_offset(x_label_offset)
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_label_formatter(x_fmt)
        .y_label_formatter(y_fmt)
        .label_style(pen.font(27.0))
        .axis_desc_style(pen.font(29.0))
        .bold_line_style(GRID.stroke_width(pen.pxu(1.0)))
        .light_line_style(LIGHT_GRID.stroke_width(pen.pxu(1.0)))
        .axis_style(INK.stroke_width(pen.pxu(2.0)))
        .set_all_tick_mark_size(pen.px(8.0));
    if let Some(n) = y_labels {
        mesh.y_labels(n).y_max_light_lines(1);
    }
    mesh.draw()
}

/// A heading over a panel of a chart: `text`, bold, at the top left of `area`; returns the
/// rest of the area, below it.
pub(super) fn panel_heading<DB: DrawingBackend>(
    pen: &Pen,
    area: &Area<DB>,
    text: &str,
) -> DrawResult<Area<DB>, DB> {
    area.draw(&Text::new(
        text.to_owned(),
        (pen.px(40.0), pen.px(8.0)),
        pen.bold(27.0),
    ))?;
    Ok(area.split_vertically(pen.px(46.0)).1)
}

/// The mark of a broken axis: two slanted strokes across the vertical axis at `y`, for an axis
/// that does not start at zero.
pub(super) fn axis_break<
    DB: DrawingBackend,
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    pen: &Pen,
    y: f64,
) -> DrawResult<(), DB> {
    let x = chart.x_range().start;
    let (a, g, s) = (pen.px(14.0), pen.px(5.0), pen.px(5.0));
    chart.draw_series(std::iter::once(
        EmptyElement::at((x, y)) + Rectangle::new([(-a, -g), (a, g)], WHITE.filled()),
    ))?;
    for dy in [-g, g] {
        chart.draw_series(std::iter::once(
            EmptyElement::at((x, y))
                + PathElement::new(
                    vec![(-a, dy + s), (a, dy - s)],
                    INK.stroke_width(pen.pxu(2.5)),
                ),
        ))?;
    }
    Ok(())
}

/// A goal line across the plot at height `y`.
pub(super) fn hline<DB: DrawingBackend, Y: Ranged<ValueType = f64>>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<Ticks, Y>>,
    pen: &Pen,
    y: f64,
) -> DrawResult<(), DB> {
    let r = chart.x_range();
    chart.draw_series(DashedLineSeries::new(
        vec![(r.start, y), (r.end, y)],
        pen.px(22.0),
        pen.px(12.0),
        pen.goal_style(),
    ))?;
    Ok(())
}

/// A goal line across the plot at `x`.
pub(super) fn vline<DB: DrawingBackend, Y: Ranged<ValueType = f64>>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<Ticks, Y>>,
    pen: &Pen,
    x: f64,
) -> DrawResult<(), DB> {
    let r = chart.y_range();
    chart.draw_series(DashedLineSeries::new(
        vec![(x, r.start), (x, r.end)],
        pen.px(22.0),
        pen.px(12.0),
        pen.goal_style(),
    ))?;
    Ok(())
}

/// A chart on `area` with [`Ticks`] axes and the toolkit's margins (`right`: the right margin in
/// base pixels).
pub(super) fn build<'a, DB: DrawingBackend>(
    pen: &Pen,
    area: &'a Area<DB>,
    x: Ticks,
    y: Ticks,
    right: f64,
) -> DrawResult<ChartContext<'a, DB, Cartesian2d<Ticks, Ticks>>, DB> {
    ChartBuilder::on(area)
        .margin_top(pen.px(16.0))
        .margin_right(pen.px(right))
        .margin_left(pen.px(20.0))
        .x_label_area_size(pen.px(86.0))
        .y_label_area_size(pen.px(190.0))
        .build_cartesian_2d(x, y)
}

/// Round tick values over `lo..hi`, about `n` of them (1, 2, 2.5 or 5 times a power of ten
/// apart); a tick within rounding of zero is 0.
pub(super) fn steps(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    let span = (hi - lo).max(1e-9);
    let raw = span / n as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let mut v = (lo / step).ceil() * step;
    let mut out = Vec::new();
    while v <= hi + 1e-9 {
        out.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
        v += step;
    }
    out
}

/// The subtitle of a chart over many runs of one scenario with common random numbers (a sweep,
/// a plan's search, a tornado): `per` names what each run is, in English and Swedish ("point",
/// "punkt").
pub(super) fn runs_subtitle(
    pen: &Pen,
    scenario: &str,
    replications: u32,
    seed: u64,
    per: (&str, &str),
) -> String {
    let reps = pen.num(replications as f64, 0);
    match pen.lang {
        Lang::En => format!(
            "Scenario {scenario} · {reps} replications per {} · seed {seed} · common random numbers · lss-sim {VERSION}",
            per.0
        ),
        Lang::Sv => format!(
            "Scenario {scenario} · {reps} simuleringar per {} · slumpfrö {seed} · gemensamma slumptal · lss-sim {VERSION}",
            per.1
        ),
    }
}
