//! The reader's language: [`Lang`], the words and numbers of every printed text, and the
//! language of the messages (errors and warnings).
//!
//! Results functions take their [`Lang`] explicitly. Messages are made deep inside the library
//! (a bad cell of a register, a value out of range), far from the command line, so their language
//! is one process-wide setting, fixed once when the command line is read ([`set_messages`]) and
//! otherwise taken from the locale (`LC_ALL`, `LC_MESSAGES`, `LANG` starting with `sv`).
//! [`msg!`](crate::msg) picks a message's English or Swedish text by it.

use std::sync::OnceLock;

/// Language of printed text, charts, CSV headers and metric names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Swedish (svenska), with the words of the municipality's own documents.
    Sv,
}

impl Lang {
    /// The language of the locale: Swedish when the first of `LC_ALL`, `LC_MESSAGES` and `LANG`
    /// that is set (and not empty) starts with `sv` (`sv_SE.UTF-8`), else English.
    pub fn from_env() -> Lang {
        Lang::from_locale(|k| std::env::var(k).ok())
    }

    /// [`Lang::from_env`] with the variables read by `get`.
    pub fn from_locale(get: impl Fn(&str) -> Option<String>) -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| get(k))
            .find(|v| !v.is_empty());
        match locale {
            Some(v) if v.starts_with("sv") => Lang::Sv,
            _ => Lang::En,
        }
    }
}

static MESSAGES: OnceLock<Lang> = OnceLock::new();

/// Fixes the language of messages for the rest of the process (the command line's `--lang`).
/// Only the first call counts; before it, [`messages`] follows the locale.
pub fn set_messages(lang: Lang) {
    let _ = MESSAGES.set(lang);
}

/// The language of errors and warnings: `--lang` when given, else the locale's.
pub fn messages() -> Lang {
    *MESSAGES.get_or_init(Lang::from_env)
}

/// A message in the language of [`messages`]: `msg!("cannot read {}", "kan inte läsa {}", p)`,
/// the English text first; both are `format!` strings taking the same arguments.
#[macro_export]
macro_rules! msg {
    ($en:literal, $sv:literal $(, $arg:expr)* $(,)?) => {
        match $crate::lang::messages() {
            $crate::lang::Lang::En => format!($en $(, $arg)*),
            $crate::lang::Lang::Sv => format!($sv $(, $arg)*),
        }
    };
}

/// `s` with its decimal comma made a point (`0,8` -> `0.8`), when `s` is a number written with
/// one (digits, a comma, digits); `None` otherwise.
pub fn decimal_comma(s: &str) -> Option<String> {
    let s = s.trim();
    let (int, frac) = s.split_once(',')?;
    let digits = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit());
    (digits(int.strip_prefix(['-', '+']).unwrap_or(int)) && digits(frac))
        .then(|| format!("{int}.{frac}"))
}

/// The message for a command-line value `s` that is not a number: with a decimal comma
/// (`0,8`), what was meant.
pub fn not_a_number(s: &str) -> String {
    match decimal_comma(s) {
        Some(point) => crate::msg!(
            "`{s}` is not a number: did you mean {point}? decimals are written with a point",
            "`{s}` är inget tal: menade du {point}? decimaltal skrivs med punkt"
        ),
        None => crate::msg!("`{s}` is not a number", "`{s}` är inget tal"),
    }
}

/// `n` with its noun in the singular for 1 and the plural otherwise, thousands grouped: `1 unit`,
/// `1,200 units` (`1 plats`, `1 200 platser`).
pub fn counted(n: usize, lang: Lang, en: (&str, &str), sv: (&str, &str)) -> String {
    let (one, many) = match lang {
        Lang::En => en,
        Lang::Sv => sv,
    };
    format!(
        "{} {}",
        number(n as f64, 0, lang),
        if n == 1 { one } else { many }
    )
}

/// A yes-or-no cell of a CSV file: `true`/`false` in English, `ja`/`nej` in Swedish (what the
/// readers of registers accept back).
pub fn yes_no(b: bool, lang: Lang) -> &'static str {
    match (lang, b) {
        (Lang::En, true) => "true",
        (Lang::En, false) => "false",
        (Lang::Sv, true) => "ja",
        (Lang::Sv, false) => "nej",
    }
}

/// Picks the English or the Swedish text.
pub fn tr(lang: Lang, en: &'static str, sv: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Sv => sv,
    }
}

/// A number with `decimals` decimals and grouped thousands: `12,345.6` in English,
/// `12 345,6` in Swedish; a negative one with a true minus sign (`−1 500`), as typeset
/// numbers have.
pub fn number(v: f64, decimals: usize, lang: Lang) -> String {
    if !v.is_finite() {
        return "–".to_owned();
    }
    let out = unsigned(v, decimals, lang);
    if v < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("−{out}")
    } else {
        out
    }
}

/// The digits of `|v|` with grouped thousands and the language's decimal sign.
fn unsigned(v: f64, decimals: usize, lang: Lang) -> String {
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
    out
}

/// A difference with its sign, for the printed tables: `+6,344`, `-1,641` (`+6 344`, `-1 641`
/// in Swedish); a value that rounds to zero is `+0`. An ASCII hyphen, so that a table can be
/// searched and pasted as plain text.
pub fn signed(v: f64, decimals: usize, lang: Lang) -> String {
    if !v.is_finite() {
        return "–".to_owned();
    }
    let out = unsigned(v, decimals, lang);
    if v < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("-{out}")
    } else {
        format!("+{out}")
    }
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

/// A probability a decision rests on, next to the `goal` it is held against: two decimals, or
/// as many more (up to six) as it takes for the printed value to fall on the same side of the
/// goal as the value itself, so that 0.795 against 0.80 is printed `0.795`, never `0.80`. Past
/// six decimals it is cut towards the safe side (down when below the goal).
pub fn probability(p: f64, goal: f64, lang: Lang) -> String {
    if !p.is_finite() {
        return "–".to_owned();
    }
    for d in 2..=6 {
        let shown = format!("{p:.d$}").parse::<f64>().unwrap_or(p);
        if (shown >= goal) == (p >= goal) {
            return number(p, d, lang);
        }
    }
    let f = 1e6;
    let cut = if p < goal {
        (p * f).floor() / f
    } else {
        (p * f).ceil() / f
    };
    number(cut, 6, lang)
}

/// The two-sided 95 % Wilson score interval of a probability seen `k` times in `n` trials
/// (`(NaN, NaN)` for no trials): the uncertainty of an estimated probability of meeting a goal.
pub fn wilson_interval(k: f64, n: f64) -> (f64, f64) {
    if n <= 0.0 {
        return (f64::NAN, f64::NAN);
    }
    let z = 1.959_963_984_540_054_f64;
    let (p, z2) = (k / n, z * z);
    let centre = p + z2 / (2.0 * n);
    let half = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    let d = 1.0 + z2 / n;
    (
        ((centre - half) / d).max(0.0),
        ((centre + half) / d).min(1.0),
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_take_the_singular_for_one_and_group_thousands() {
        let (en, sv) = (("unit", "units"), ("plats", "platser"));
        assert_eq!(counted(1, Lang::En, en, sv), "1 unit");
        assert_eq!(counted(1200, Lang::En, en, sv), "1,200 units");
        assert_eq!(counted(1200, Lang::Sv, en, sv), "1 200 platser");
    }

    #[test]
    fn numbers_have_grouped_thousands() {
        assert_eq!(number(1234567.891, 1, Lang::Sv), "1 234 567,9");
        assert_eq!(number(1234567.891, 1, Lang::En), "1,234,567.9");
        assert_eq!(number(999.0, 0, Lang::Sv), "999");
        assert_eq!(number(-1500.0, 0, Lang::Sv), "−1 500");
        assert_eq!(number(-0.01, 1, Lang::En), "0.0");
        assert_eq!(signed(-1641.2, 0, Lang::En), "-1,641");
        assert_eq!(signed(6344.0, 0, Lang::Sv), "+6 344");
        assert_eq!(signed(-0.04, 1, Lang::En), "+0.0");
        assert_eq!(percent(0.985, 1, Lang::Sv), "98,5 %");
        assert_eq!(number(f64::NAN, 0, Lang::En), "–");
    }

    /// 0.795 against a goal of 0.80 must never read as a met 0.80.
    #[test]
    fn a_probability_below_its_goal_never_rounds_up_to_it() {
        assert_eq!(probability(0.795, 0.8, Lang::En), "0.795");
        assert_eq!(probability(0.7999, 0.8, Lang::En), "0.7999");
        assert_eq!(probability(0.7999999999, 0.8, Lang::En), "0.799999");
        assert_eq!(probability(0.795, 0.8, Lang::Sv), "0,795");
        assert_eq!(probability(0.85, 0.8, Lang::En), "0.85");
        assert_eq!(probability(0.8, 0.8, Lang::En), "0.80");
        assert_eq!(probability(0.7, 0.8, Lang::En), "0.70");
        // A value just above a goal with three decimals is not shown below it.
        assert_eq!(probability(0.8051, 0.805, Lang::En), "0.81");
        assert_eq!(probability(0.8049, 0.805, Lang::En), "0.80");
    }

    /// Against R's `prop.test(80, 100, correct = FALSE)$conf.int`: 0.7112, 0.8666.
    #[test]
    fn wilson_interval_matches_r() {
        let (lo, hi) = wilson_interval(80.0, 100.0);
        assert!(
            (lo - 0.7112).abs() < 1e-4 && (hi - 0.8666).abs() < 1e-4,
            "{lo} {hi}"
        );
        assert_eq!(wilson_interval(20.0, 20.0).1, 1.0);
    }

    #[test]
    fn the_locale_picks_swedish() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(Lang::from_locale(env(&[("LANG", "sv_SE.UTF-8")])), Lang::Sv);
        assert_eq!(
            Lang::from_locale(env(&[("LC_ALL", "C"), ("LANG", "sv_SE.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_locale(env(&[("LC_ALL", ""), ("LC_MESSAGES", "sv_FI")])),
            Lang::Sv
        );
        assert_eq!(Lang::from_locale(env(&[])), Lang::En);
    }
}
