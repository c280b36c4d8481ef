//! What every chart shares, the run's charts and the compare and sweep charts alike: the
//! palette, the scale of a drawing, the header, the legend band, the axis type, and turning a
//! drawing into PNG or SVG bytes.

use std::ops::Range;

use image::ImageEncoder;
use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::prelude::*;

use super::text::{self, tr};
use super::{FONT, Format, height_for, register_fonts};
use crate::error::{Error, Result};
use crate::report::Lang;

// Okabe-Ito colours (safe for colour-blind readers), ink and grid greys.
pub(super) const BLUE: RGBColor = RGBColor(0, 114, 178);
pub(super) const SKY: RGBColor = RGBColor(86, 180, 233);
pub(super) const ORANGE: RGBColor = RGBColor(230, 159, 0);
pub(super) const VERMILLION: RGBColor = RGBColor(213, 94, 0);
pub(super) const GREEN: RGBColor = RGBColor(0, 158, 115);
pub(super) const INK: RGBColor = RGBColor(20, 20, 20);
pub(super) const GREY: RGBColor = RGBColor(80, 80, 80);
pub(super) const GRID: RGBColor = RGBColor(200, 200, 200);
pub(super) const LIGHT_GRID: RGBColor = RGBColor(235, 235, 235);
/// Goal lines: black, dashed.
pub(super) const GOAL: RGBColor = RGBColor(0, 0, 0);

pub(super) type Area<DB> = DrawingArea<DB, Shift>;

/// Width of the design, pixels: every length below is given at this width and scaled.
const DESIGN_WIDTH: f64 = 1600.0;

/// The scale and language of one drawing.
pub(super) struct Pen {
    pub(super) lang: Lang,
    /// Pixels per design pixel.
    k: f64,
}

impl Pen {
    /// The pen for a drawing on `root`.
    pub(super) fn new<DB: DrawingBackend>(root: &Area<DB>, lang: Lang) -> Pen {
        Pen {
            lang,
            k: root.dim_in_pixel().0 as f64 / DESIGN_WIDTH,
        }
    }
    pub(super) fn px(&self, v: f64) -> i32 {
        (v * self.k).round() as i32
    }
    pub(super) fn pxu(&self, v: f64) -> u32 {
        self.px(v).max(1) as u32
    }
    pub(super) fn font(&self, size: f64) -> TextStyle<'static> {
        (FONT, size * self.k).into_font().color(&INK)
    }
    pub(super) fn bold(&self, size: f64) -> TextStyle<'static> {
        (FONT, size * self.k, FontStyle::Bold)
            .into_font()
            .color(&INK)
    }
    pub(super) fn t(&self, en: &'static str, sv: &'static str) -> &'static str {
        tr(self.lang, en, sv)
    }
    pub(super) fn num(&self, v: f64, decimals: usize) -> String {
        text::number(v, decimals, self.lang)
    }
    pub(super) fn pct(&self, v: f64, decimals: usize) -> String {
        text::percent(v, decimals, self.lang)
    }
    pub(super) fn months(&self, n: u32) -> String {
        text::months(n, self.lang)
    }
    pub(super) fn goal_style(&self) -> ShapeStyle {
        GOAL.stroke_width(self.pxu(3.5))
    }
}

/// Clears `root`, draws the title and subtitle, and splits the rest into the plot and a legend
/// band of `legend_rows` rows: `(plot, legend)`.
pub(super) fn header<DB: DrawingBackend>(
    pen: &Pen,
    root: &Area<DB>,
    title: &str,
    subtitle: String,
    legend_rows: f64,
) -> DrawResult<(Area<DB>, Area<DB>), DB> {
    root.fill(&WHITE)?;
    let (_, h) = root.dim_in_pixel();
    let (head, rest) = root.split_vertically(pen.px(128.0));
    head.draw(&Text::new(
        title.to_owned(),
        (pen.px(40.0), pen.px(24.0)),
        pen.bold(46.0),
    ))?;
    head.draw(&Text::new(
        subtitle,
        (pen.px(40.0), pen.px(82.0)),
        pen.font(27.0).color(&GREY),
    ))?;
    let legend_h = pen.px(20.0 + 46.0 * legend_rows);
    Ok(rest.split_vertically(h as i32 - pen.px(128.0) - legend_h))
}

/// A legend band: items in rows, each an icon and its text, wrapping at the right edge.
/// `icon(item, x0, x1, cy)` draws an item's icon between `x0` and `x1` around the height `cy`.
pub(super) fn legend<DB: DrawingBackend, I>(
    pen: &Pen,
    area: &Area<DB>,
    items: &[I],
    label: impl Fn(&I) -> &str,
    mut icon: impl FnMut(&I, i32, i32, i32) -> DrawResult<(), DB>,
) -> DrawResult<(), DB> {
    let (w, _) = area.dim_in_pixel();
    let font = pen.font(27.0);
    let (icon_w, gap, row_h) = (pen.px(60.0), pen.px(14.0), pen.px(46.0));
    let left = pen.px(150.0);
    let (mut x, mut y) = (left, pen.px(12.0));
    for it in items {
        let text = label(it);
        let (tw, _) = area.estimate_text_size(text, &font)?;
        let need = icon_w + gap + tw as i32;
        if x > left && x + need > w as i32 - pen.px(30.0) {
            x = left;
            y += row_h;
        }
        icon(it, x, x + icon_w, y + pen.px(16.0))?;
        area.draw(&Text::new(
            text.to_owned(),
            (x + icon_w + gap, y),
            font.clone(),
        ))?;
        x += need + pen.px(44.0);
    }
    Ok(())
}

/// A dashed line from `x0` to `x1` at height `y`, as legends show goal lines.
pub(super) fn dashed_line<DB: DrawingBackend>(
    area: &Area<DB>,
    x0: i32,
    x1: i32,
    y: i32,
    style: ShapeStyle,
) -> DrawResult<(), DB> {
    let seg = (x1 - x0) / 5;
    for i in [0, 2, 4] {
        area.draw(&PathElement::new(
            vec![(x0 + i * seg, y), (x0 + (i + 1) * seg, y)],
            style,
        ))?;
    }
    Ok(())
}

/// A horizontal or vertical axis over `f64` with ticks where we put them (1 January, each year,
/// each rank) rather than where plotters' "nice numbers" would fall. (plotters' own
/// `WithKeyPoints` over `f64` has no label formatter, so it cannot take a mesh.)
pub(super) struct Ticks {
    range: Range<f64>,
    bold: Vec<f64>,
    light: Vec<f64>,
}

impl Ticks {
    /// An axis over `range` with labelled ticks at `bold` and light grid lines at `light`.
    pub(super) fn new(range: Range<f64>, bold: Vec<f64>, light: Vec<f64>) -> Self {
        Ticks { range, bold, light }
    }
}

impl Ranged for Ticks {
    type ValueType = f64;
    type FormatOption = DefaultFormatting;

    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        let span = self.range.end - self.range.start;
        if span == 0.0 {
            return (limit.0 + limit.1) / 2;
        }
        limit.0 + ((v - self.range.start) / span * (limit.1 - limit.0) as f64).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            self.light.clone()
        } else {
            self.bold.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.range.clone()
    }
}

/// Year labels for a time axis with ticks on 1 January: the label offset in pixels (half a year
/// on a plot `width_px` wide over `x_range`), so each year's name stands in the middle of its
/// year, and the formatter, which leaves out a tick whose year ends after `end` (the tick that
/// closes the last year).
pub(super) fn mid_year_labels(
    width_px: u32,
    x_range: Range<f64>,
    end: f64,
) -> (i32, impl Fn(&f64) -> String) {
    let half_year = width_px as f64 / (x_range.end - x_range.start) / 2.0;
    let label = move |x: &f64| {
        if *x + 0.5 < end {
            format!("{}", x.round() as i32)
        } else {
            String::new()
        }
    };
    (half_year.round() as i32, label)
}

/// Text at a data point of `chart`, shifted by `offset` pixels.
pub(super) fn note<DB: DrawingBackend, CT: CoordTranslate<From = (f64, f64)>>(
    chart: &mut ChartContext<'_, DB, CT>,
    at: (f64, f64),
    offset: (i32, i32),
    text: String,
    style: TextStyle<'static>,
) -> DrawResult<(), DB> {
    chart.draw_series(std::iter::once(
        EmptyElement::at(at) + Text::new(text, offset, style),
    ))?;
    Ok(())
}

/// A drawing that can be made on any plotters backend.
pub(super) trait Paint {
    /// The file stem: of the files, and for errors.
    fn stem(&self) -> String;
    /// Draws on `root`.
    fn paint<DB: DrawingBackend>(&self, root: &Area<DB>) -> DrawResult<(), DB>;
}

/// Draws `p` `width` pixels wide in every format: (file name, bytes), PNG then SVG.
pub(super) fn encode_all(p: &impl Paint, width: u32) -> Result<Vec<(String, Vec<u8>)>> {
    Format::ALL
        .into_iter()
        .map(|format| {
            let name = format!("{}.{}", p.stem(), format.extension());
            Ok((name, encode(p, format, width)?))
        })
        .collect()
}

/// Draws `p` `width` pixels wide as PNG or SVG bytes.
fn encode(p: &impl Paint, format: Format, width: u32) -> Result<Vec<u8>> {
    register_fonts();
    let fail = |message: String| Error::Chart {
        chart: p.stem(),
        message,
    };
    let size = (width, height_for(width));
    match format {
        Format::Png => {
            let mut rgb = vec![0u8; size.0 as usize * size.1 as usize * 3];
            {
                let root = BitMapBackend::with_buffer(&mut rgb, size).into_drawing_area();
                p.paint(&root).map_err(|e| fail(e.to_string()))?;
                root.present().map_err(|e| fail(e.to_string()))?;
            }
            let mut png = Vec::new();
            image::codecs::png::PngEncoder::new(&mut png)
                .write_image(&rgb, size.0, size.1, image::ExtendedColorType::Rgb8)
                .map_err(|e| fail(e.to_string()))?;
            Ok(png)
        }
        Format::Svg => {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
                p.paint(&root).map_err(|e| fail(e.to_string()))?;
                root.present().map_err(|e| fail(e.to_string()))?;
            }
            Ok(svg.into_bytes())
        }
    }
}
