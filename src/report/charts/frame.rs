//! What every chart shares, the run's charts and the compare and sweep charts alike: the
//! palette, the scale of a drawing, the header, the legend band, the axis type, and turning a
//! drawing into PNG or SVG bytes.

use std::ops::Range;

use image::ImageEncoder;
use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::prelude::*;

use super::text::{self, tr};
use super::{FONT, Format, height_for, layout, register_fonts};
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

/// Clears `root`, draws the title and the subtitle (each wrapped into as many lines as the width
/// needs, the subtitle at its ` · ` separators first), and splits the rest into the plot and a legend band tall enough for
/// the legend texts `legend` ([`legend_layout`]): `(plot, legend)`.
pub(super) fn header<DB: DrawingBackend>(
    pen: &Pen,
    root: &Area<DB>,
    title: &str,
    subtitle: String,
    legend: &[&str],
) -> DrawResult<(Area<DB>, Area<DB>), DB> {
    root.fill(&WHITE)?;
    let (w, h) = root.dim_in_pixel();
    let max = w as i32 - pen.px(80.0);
    let title_font = pen.bold(46.0);
    let titles = wrap(root, title, &title_font, max, ": ")?;
    let sub_font = pen.font(27.0).color(&GREY);
    let lines = wrap(root, &subtitle, &sub_font, max, " · ")?;
    let title_h = pen.px(58.0) * (titles.len().max(1) as i32 - 1);
    let head_h = pen.px(128.0) + title_h + pen.px(36.0) * (lines.len().max(1) as i32 - 1);
    for (i, line) in titles.into_iter().enumerate() {
        root.draw(&Text::new(
            line,
            (pen.px(40.0), pen.px(24.0) + pen.px(58.0) * i as i32),
            title_font.clone(),
        ))?;
    }
    for (i, line) in lines.into_iter().enumerate() {
        root.draw(&Text::new(
            line,
            (
                pen.px(40.0),
                pen.px(82.0) + title_h + pen.px(36.0) * i as i32,
            ),
            sub_font.clone(),
        ))?;
    }
    let (_, legend_h) = legend_layout(pen, root, legend)?;
    let (_, rest) = root.split_vertically(head_h);
    Ok(rest.split_vertically(h as i32 - head_h - legend_h))
}

/// `text` in lines no wider than `max` pixels: broken at `sep` first, then at spaces, and a word
/// wider than a line at its characters.
pub(super) fn wrap<DB: DrawingBackend>(
    area: &Area<DB>,
    text: &str,
    font: &TextStyle,
    max: i32,
    sep: &str,
) -> DrawResult<Vec<String>, DB> {
    let width = |t: &str| -> DrawResult<i32, DB> { Ok(area.estimate_text_size(t, font)?.0 as i32) };
    // The pieces no wider than a line.
    let mut pieces: Vec<(String, bool)> = Vec::new(); // (piece, joined to the previous by `sep`)
    for (i, part) in text.split(sep).enumerate() {
        if width(part)? <= max {
            pieces.push((part.to_owned(), i > 0));
            continue;
        }
        let mut line = String::new();
        let mut first = true;
        for word in part.split(' ') {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if width(&candidate)? <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                pieces.push((std::mem::take(&mut line), i > 0 && first));
                first = false;
            }
            // A word wider than a line: cut at its characters.
            let mut chunk = String::new();
            for c in word.chars() {
                let mut next = chunk.clone();
                next.push(c);
                if width(&next)? > max && !chunk.is_empty() {
                    pieces.push((std::mem::take(&mut chunk), i > 0 && first));
                    first = false;
                    next = c.to_string();
                }
                chunk = next;
            }
            line = chunk;
        }
        if !line.is_empty() {
            pieces.push((line, i > 0 && first));
        }
    }
    let mut lines: Vec<String> = Vec::new();
    for (piece, joined) in pieces {
        if let Some(last) = lines.last_mut() {
            let glue = if joined { sep } else { " " };
            let candidate = format!("{last}{glue}{piece}");
            if width(&candidate)? <= max {
                *last = candidate;
                continue;
            }
        }
        lines.push(piece);
    }
    Ok(lines)
}

/// Where a legend's items go: per item its top-left corner in the band and its lines of text,
/// and the band's height. Items run in rows from the left, wrapping at the right edge; an item
/// wider than a row is broken into lines.
pub(super) fn legend_layout<DB: DrawingBackend>(
    pen: &Pen,
    area: &Area<DB>,
    labels: &[&str],
) -> DrawResult<(Vec<(i32, i32, Vec<String>)>, i32), DB> {
    let (w, _) = area.dim_in_pixel();
    let font = pen.font(27.0);
    let (icon_w, gap, row_h, line_h) = (pen.px(60.0), pen.px(14.0), pen.px(46.0), pen.px(36.0));
    let left = pen.px(150.0);
    let right = w as i32 - pen.px(30.0);
    let (mut x, mut y, mut row) = (left, pen.px(12.0), row_h);
    let mut out = Vec::new();
    for text in labels {
        let lines = wrap(area, text, &font, right - left - icon_w - gap, ", ")?;
        let mut tw = 0;
        for l in &lines {
            tw = tw.max(area.estimate_text_size(l, &font)?.0 as i32);
        }
        let need = icon_w + gap + tw;
        if x > left && x + need > right {
            x = left;
            y += row;
            row = row_h;
        }
        row = row.max(row_h + line_h * (lines.len() as i32 - 1));
        out.push((x, y, lines));
        x += need + pen.px(44.0);
    }
    let height = if labels.is_empty() {
        pen.px(20.0)
    } else {
        y + row + pen.px(8.0)
    };
    Ok((out, height))
}

/// A legend band: items in rows, each an icon and its text, as [`legend_layout`] places them.
/// `icon(item, x0, x1, cy)` draws an item's icon between `x0` and `x1` around the height `cy`.
pub(super) fn legend<DB: DrawingBackend, I>(
    pen: &Pen,
    area: &Area<DB>,
    items: &[I],
    label: impl Fn(&I) -> &str,
    mut icon: impl FnMut(&I, i32, i32, i32) -> DrawResult<(), DB>,
) -> DrawResult<(), DB> {
    let labels: Vec<&str> = items.iter().map(&label).collect();
    let (placed, _) = legend_layout(pen, area, &labels)?;
    let font = pen.font(27.0);
    let (icon_w, gap, line_h) = (pen.px(60.0), pen.px(14.0), pen.px(36.0));
    for (it, (x, y, lines)) in items.iter().zip(placed) {
        icon(it, x, x + icon_w, y + pen.px(16.0))?;
        for (i, line) in lines.into_iter().enumerate() {
            area.draw(&Text::new(
                line,
                (x + icon_w + gap, y + line_h * i as i32),
                font.clone(),
            ))?;
        }
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
pub(super) fn encode(p: &impl Paint, format: Format, width: u32) -> Result<Vec<u8>> {
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
            if layout::recording() {
                let (recorder, texts) = layout::Recorder::new(size);
                p.paint(&recorder.into_drawing_area())
                    .map_err(|e| fail(e.to_string()))?;
                layout::keep(p.stem(), size, texts.take());
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
