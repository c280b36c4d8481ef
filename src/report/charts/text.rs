//! Words and numbers in the reader's language: every label goes through [`tr`], every number
//! through [`number`] or [`percent`], so a Swedish chart has Swedish words, a space as the
//! thousands separator and a decimal comma.

use crate::report::Lang;

/// Picks the English or the Swedish text.
pub fn tr(lang: Lang, en: &'static str, sv: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Sv => sv,
    }
}

/// A number with `decimals` decimals and grouped thousands: `12,345.6` in English,
/// `12 345,6` in Swedish.
pub fn number(v: f64, decimals: usize, lang: Lang) -> String {
    if !v.is_finite() {
        return "–".to_owned();
    }
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(i, f)| (i, f));
    let (group, point) = match lang {
        Lang::En => (',', '.'),
        Lang::Sv => (' ', ','),
    };
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    let negative = v < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0');
    if negative {
        // A true minus sign, as typeset numbers have.
        out.insert(0, '−');
    }
    out
}

/// A share as a percentage: `98.5%` in English, `98,5 %` in Swedish (the Swedish convention
/// puts a space before the sign).
pub fn percent(share: f64, decimals: usize, lang: Lang) -> String {
    let n = number(share * 100.0, decimals, lang);
    match lang {
        Lang::En => format!("{n}%"),
        Lang::Sv => format!("{n} %"),
    }
}

/// A span of calendar months, as the goals are set: `6 months` in English, `6 månader` in
/// Swedish (`1 month`, `1 månad`).
pub fn months(n: u32, lang: Lang) -> String {
    match (lang, n) {
        (Lang::En, 1) => "1 month".to_owned(),
        (Lang::En, n) => format!("{n} months"),
        (Lang::Sv, 1) => "1 månad".to_owned(),
        (Lang::Sv, n) => format!("{n} månader"),
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_numbers_have_spaces_and_commas() {
        assert_eq!(number(1234567.891, 1, Lang::Sv), "1 234 567,9");
        assert_eq!(number(1234567.891, 1, Lang::En), "1,234,567.9");
        assert_eq!(number(999.0, 0, Lang::Sv), "999");
        assert_eq!(number(-1500.0, 0, Lang::Sv), "−1 500");
        assert_eq!(number(-0.01, 1, Lang::En), "0.0");
        assert_eq!(percent(0.985, 1, Lang::Sv), "98,5 %");
        assert_eq!(percent(0.98, 0, Lang::En), "98%");
        assert_eq!(number(f64::NAN, 0, Lang::En), "–");
        assert_eq!(months(6, Lang::Sv), "6 månader");
        assert_eq!(months(1, Lang::En), "1 month");
    }
}
