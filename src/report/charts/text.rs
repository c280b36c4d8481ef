//! Words and numbers in the reader's language: every label goes through [`tr`], every number
//! through [`number`] or [`percent`], so a Swedish chart has Swedish words, a space as the
//! thousands separator and a decimal comma.

use crate::report::Lang;

// The words and numbers are shared with the printed tables: one home, in `crate::lang`.
pub use crate::lang::{months, number, percent, tr};

/// Short month names, January first.
pub fn month_name(lang: Lang, month: u32) -> &'static str {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const SV: [&str; 12] = [
        "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
    ];
    let i = (month.clamp(1, 12) - 1) as usize;
    match lang {
        Lang::En => EN[i],
        Lang::Sv => SV[i],
    }
}
