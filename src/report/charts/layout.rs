//! Where the text of a chart lands: a test hook that records every text drawn with its box, so a
//! test can check that no label overlaps another and none leaves the canvas.
//!
//! [`record`] runs a closure (drawing charts with the ordinary `render_*` functions) with the
//! hook on for the calling thread: every chart drawn as PNG is then drawn a second time onto a
//! [`Recorder`], a backend that draws nothing and keeps each text's box. The box is the one the
//! bitmap backend fills: the advance width of the text (plotters' layout, the embedded font's
//! metrics through ab_glyph), the font's ascent and descent around the baseline plotters puts
//! half the font size below the top of the text, the anchor and the rotation applied as plotters'
//! bitmap backend applies them. Drawing without the hook is unchanged, byte for byte.

use std::cell::RefCell;
use std::rc::Rc;

use ab_glyph::{Font, FontRef, ScaleFont};
use plotters::prelude::*;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontStyle,
};

use super::{FONT_BOLD, FONT_REGULAR};

/// One text drawn, with its box in pixels (`x0 <= x < x1`, `y0 <= y < y1`).
#[derive(Debug, Clone, PartialEq)]
pub struct TextBox {
    /// The text.
    pub text: String,
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y1: f64,
}

impl TextBox {
    /// Whether the two boxes share an area (touching edges do not count).
    pub fn overlaps(&self, o: &TextBox) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
}

/// The texts of one chart as drawn.
#[derive(Debug, Clone)]
pub struct ChartText {
    /// The chart's file stem (`compare-chart-1-goals`).
    pub chart: String,
    /// Canvas width, pixels.
    pub width: u32,
    /// Canvas height, pixels.
    pub height: u32,
    /// Every non-empty text, in drawing order.
    pub texts: Vec<TextBox>,
}

impl ChartText {
    /// Texts whose box leaves the canvas.
    pub fn outside(&self) -> Vec<&TextBox> {
        let (w, h) = (self.width as f64, self.height as f64);
        self.texts
            .iter()
            .filter(|t| t.x0 < 0.0 || t.y0 < 0.0 || t.x1 > w || t.y1 > h)
            .collect()
    }

    /// Pairs of texts whose boxes overlap.
    pub fn overlapping(&self) -> Vec<(&TextBox, &TextBox)> {
        let mut out = Vec::new();
        for (i, a) in self.texts.iter().enumerate() {
            for b in &self.texts[i + 1..] {
                if a.overlaps(b) {
                    out.push((a, b));
                }
            }
        }
        out
    }
}

thread_local! {
    static RECORDING: RefCell<Option<Vec<ChartText>>> = const { RefCell::new(None) };
}

/// Runs `f` with the hook on: returns its result and the texts of every chart it drew as PNG.
pub fn record<T>(f: impl FnOnce() -> T) -> (T, Vec<ChartText>) {
    let before = RECORDING.with(|r| r.borrow_mut().replace(Vec::new()));
    let out = f();
    let texts = RECORDING.with(|r| std::mem::replace(&mut *r.borrow_mut(), before));
    (out, texts.unwrap_or_default())
}

/// Whether the hook is on for this thread.
pub(super) fn recording() -> bool {
    RECORDING.with(|r| r.borrow().is_some())
}

/// Keeps the texts of a chart drawn on a [`Recorder`].
pub(super) fn keep(chart: String, size: (u32, u32), texts: Vec<TextBox>) {
    RECORDING.with(|r| {
        if let Some(v) = r.borrow_mut().as_mut() {
            v.push(ChartText {
                chart,
                width: size.0,
                height: size.1,
                texts,
            });
        }
    });
}

/// A backend that draws nothing and keeps the box of every text.
pub(super) struct Recorder {
    size: (u32, u32),
    texts: Rc<RefCell<Vec<TextBox>>>,
}

impl Recorder {
    /// A recorder of `size` pixels, and the list it fills.
    pub(super) fn new(size: (u32, u32)) -> (Recorder, Rc<RefCell<Vec<TextBox>>>) {
        let texts = Rc::new(RefCell::new(Vec::new()));
        (
            Recorder {
                size,
                texts: texts.clone(),
            },
            texts,
        )
    }
}

/// Ascent and descent of the embedded font, as shares of the font size plotters asks for
/// (ab_glyph's scale is the height from descent to ascent).
fn metrics(style: FontStyle) -> (f64, f64) {
    let bytes = if matches!(style, FontStyle::Bold) {
        FONT_BOLD
    } else {
        FONT_REGULAR
    };
    let font = FontRef::try_from_slice(bytes).expect("the embedded font is valid");
    let s = font.as_scaled(1000.0);
    (s.ascent() as f64 / 1000.0, -s.descent() as f64 / 1000.0)
}

#[derive(Debug)]
pub(super) struct Never;

impl std::fmt::Display for Never {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("no error")
    }
}

impl std::error::Error for Never {}

impl DrawingBackend for Recorder {
    type ErrorType = Never;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Never>> {
        Ok(())
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<Never>> {
        Ok(())
    }
    fn draw_pixel(
        &mut self,
        _: BackendCoord,
        _: BackendColor,
    ) -> Result<(), DrawingErrorKind<Never>> {
        Ok(())
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        _: BackendCoord,
        _: BackendCoord,
        _: &S,
    ) -> Result<(), DrawingErrorKind<Never>> {
        Ok(())
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        _: BackendCoord,
        _: BackendCoord,
        _: &S,
        _: bool,
    ) -> Result<(), DrawingErrorKind<Never>> {
        Ok(())
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        _: I,
        _: &S,
    ) -> Result<(), DrawingErrorKind<Never>> {
        Ok(())
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        _: BackendCoord,
        _: u32,
        _: &S,
        _: bool,
    ) -> Result<(), DrawingErrorKind<Never>> {
        Ok(())
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        _: I,
        _: &S,
    ) -> Result<(), DrawingErrorKind<Never>> {
        Ok(())
    }
    fn blit_bitmap(
        &mut self,
        _: BackendCoord,
        _: (u32, u32),
        _: &[u8],
    ) -> Result<(), DrawingErrorKind<Never>> {
        Ok(())
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Never>> {
        if style.color().alpha == 0.0 || text.trim().is_empty() {
            return Ok(());
        }
        let Ok(((min_x, min_y), (max_x, max_y))) = style.layout_box(text) else {
            return Ok(());
        };
        // As plotters-backend's `draw_text` places the text.
        let (w, h) = (max_x - min_x, max_y - min_y);
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -w,
            HPos::Center => -w / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -h / 2,
            VPos::Bottom => -h,
        };
        let size = style.size();
        let (ascent, descent) = metrics(style.style());
        // plotters' ab_glyph font puts the baseline half the size below the top of the text.
        let baseline = dy as f64 + size / 2.0;
        let (lx0, lx1) = (dx as f64, (dx + w) as f64);
        let (ly0, ly1) = (baseline - ascent * size, baseline + descent * size);
        let t = style.transform();
        let corners = [(lx0, ly0), (lx1, ly0), (lx0, ly1), (lx1, ly1)].map(|(x, y)| {
            // The transform maps integer pixels; scaled by 1000 to keep the fractions.
            let (a, b) = t.transform((x * 1000.0) as i32, (y * 1000.0) as i32);
            (
                pos.0 as f64 + a as f64 / 1000.0,
                pos.1 as f64 + b as f64 / 1000.0,
            )
        });
        let fold = |f: fn(f64, f64) -> f64, init: f64, pick: fn(&(f64, f64)) -> f64| {
            corners.iter().map(pick).fold(init, f)
        };
        self.texts.borrow_mut().push(TextBox {
            text: text.to_owned(),
            x0: fold(f64::min, f64::INFINITY, |c| c.0),
            y0: fold(f64::min, f64::INFINITY, |c| c.1),
            x1: fold(f64::max, f64::NEG_INFINITY, |c| c.0),
            y1: fold(f64::max, f64::NEG_INFINITY, |c| c.1),
        });
        Ok(())
    }
}
