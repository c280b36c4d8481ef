//! The report's words: probabilities a reader may quote, and the summary in plain sentences,
//! generated from `summary.json`. Every sentence says only what its numbers show: a probability
//! is "0 %" only when no simulation met the goal, never because it was rounded down.

use crate::metrics::GoalValues;
use crate::report::Lang;
use crate::report::charts::SummaryFile;
use crate::report::charts::data::Period;
use crate::report::charts::text::{months, number, percent};

/// A probability as a reader may quote it: `0 %` and `100 %` only when exact; anything strictly
/// between is never rounded to them (`under 1 %`, `over 99 %`), else whole percent.
pub fn probability(p: f64, lang: Lang) -> String {
    if !p.is_finite() {
        return "–".to_owned();
    }
    if p <= 0.0 {
        return percent(0.0, 0, lang);
    }
    if p >= 1.0 {
        return percent(1.0, 0, lang);
    }
    if p < 0.01 {
        return format!("under {}", percent(0.01, 0, lang));
    }
    if p > 0.99 {
        let over = match lang {
            Lang::En => "over",
            Lang::Sv => "över",
        };
        return format!("{over} {}", percent(0.99, 0, lang));
    }
    percent(p, 0, lang)
}

/// Long words of the table headers with soft hyphens (U+00AD) where they may break: a browser
/// without a hyphenation dictionary would otherwise either widen the table past the page or
/// cut a word anywhere ("medelvärd e"). A word is matched whatever the case of its first letter.
const BREAKS: &[&str] = &[
    "belägg\u{ad}nings\u{ad}grad",
    "medel\u{ad}värde",
    "kvartals\u{ad}slut",
    "erbjud\u{ad}ande",
    "placer\u{ad}ingar",
    "mål\u{ad}gruppen",
    "percen\u{ad}tilen",
    "observer\u{ad}ades",
    "simuler\u{ad}ingar",
    "occu\u{ad}pancy",
    "place\u{ad}ments",
    "unexe\u{ad}cuted",
    "repli\u{ad}cations",
];

/// `text` with the soft hyphens of [`BREAKS`].
pub fn breakable(text: &str) -> String {
    let mut out = text.to_owned();
    for hyphenated in BREAKS {
        let plain: String = hyphenated.chars().filter(|&c| c != '\u{ad}').collect();
        let mut chars = plain.chars();
        let first = chars.next().unwrap_or_default();
        let capital: String = first.to_uppercase().chain(chars).collect();
        let mut hyphenated_capital = hyphenated.to_string();
        hyphenated_capital.replace_range(..first.len_utf8(), &first.to_uppercase().to_string());
        out = out
            .replace(&plain, hyphenated)
            .replace(&capital, &hyphenated_capital);
    }
    out
}

/// `a–b`, or `a` when both read the same.
pub fn span(a: String, b: String) -> String {
    if a == b { a } else { format!("{a}–{b}") }
}

/// The mean of `metric` in `p`, NaN when it has no value.
pub fn mean(p: &Period, metric: &str) -> f64 {
    p.get(metric).map_or(f64::NAN, |s| s.mean)
}

/// The summary: a few sentences on the offer goal, the queue, the reports to IVO, occupancy,
/// external placements and cost, from the goal years and the last year of `s`.
pub fn summary(s: &SummaryFile, lang: Lang) -> Vec<String> {
    let g: GoalValues = s.goals.values();
    let first_goal = s.goals.first_goal_year;
    let goal_years: Vec<&Period> = s.years.iter().filter(|p| p.year >= first_goal).collect();
    let Some(last) = s.years.last() else {
        return Vec::new();
    };
    let m = months(g.offer_goal, lang);
    let r = months(g.report_limit, lang);
    let n = number(s.replications as f64, 0, lang);
    let over = g.name("over_offer_goal");
    let mut out = Vec::new();

    // The offer goal.
    match (goal_years.first(), goal_years.last()) {
        (Some(a), Some(b)) => {
            let years = span(a.year.to_string(), b.year.to_string());
            let ps: Vec<f64> = goal_years.iter().map(|p| mean(p, "goal_offer_met")).collect();
            out.push(if ps.iter().all(|&p| p == 0.0) {
                match lang {
                    Lang::En => format!(
                        "The goal of an offer within {m} is not met in any goal year ({years}): in each of these years, every one of the {n} simulations has someone waiting over {m} without an offer at one or more quarter ends (probability {}).",
                        probability(0.0, lang)
                    ),
                    Lang::Sv => format!(
                        "Målet om erbjudande inom {m} nås inte något målår ({years}): varje år har var och en av de {n} simuleringarna någon som väntat över {m} utan erbjudande vid minst ett kvartalsslut (sannolikhet {}).",
                        probability(0.0, lang)
                    ),
                }
            } else if ps.iter().all(|&p| p == 1.0) {
                match lang {
                    Lang::En => format!(
                        "The goal of an offer within {m} is met in every goal year ({years}) in all {n} simulations: nobody waits over {m} without an offer at any quarter end (probability {}).",
                        probability(1.0, lang)
                    ),
                    Lang::Sv => format!(
                        "Målet om erbjudande inom {m} nås varje målår ({years}) i alla {n} simuleringar: ingen väntar över {m} utan erbjudande vid något kvartalsslut (sannolikhet {}).",
                        probability(1.0, lang)
                    ),
                }
            } else {
                let list = goal_years
                    .iter()
                    .zip(&ps)
                    .map(|(p, &v)| format!("{} {}", probability(v, lang), p.year))
                    .collect::<Vec<_>>()
                    .join(", ");
                match lang {
                    Lang::En => format!(
                        "The probability that the goal of an offer within {m} holds all year (nobody waiting over {m} without an offer at any quarter end) is {list}."
                    ),
                    Lang::Sv => format!(
                        "Sannolikheten att målet om erbjudande inom {m} håller hela året (ingen har väntat över {m} utan erbjudande vid något kvartalsslut) är {list}."
                    ),
                }
            });
        }
        _ => out.push(match lang {
            Lang::En => format!(
                "The horizon ends before the first goal year, {first_goal}: no year is assessed against the goals."
            ),
            Lang::Sv => format!(
                "Perioden slutar före det första målåret, {first_goal}: inget år bedöms mot målen."
            ),
        }),
    }

    // The queue.
    let q = |p: &Period, f: fn(&crate::report::charts::data::Stat) -> f64| {
        p.get("queue").map_or(f64::NAN, f)
    };
    let (p5, p50, p95) = (q(last, |s| s.p5), q(last, |s| s.p50), q(last, |s| s.p95));
    if p50.is_finite() {
        let at_last = number(p50, 0, lang);
        let band = (number(p5, 0, lang), number(p95, 0, lang));
        let ly = last.year;
        out.push(match goal_years.first().filter(|f| f.year != ly) {
            Some(f) => {
                let at_first = number(q(f, |s| s.p50), 0, lang);
                let fy = f.year;
                match lang {
                    Lang::En => format!(
                        "The queue at year end (the median of the simulations) is {at_first} people in {fy} and {at_last} in {ly}; in {ly} the middle 90 % of the simulations range from {} to {}.",
                        band.0, band.1
                    ),
                    Lang::Sv => format!(
                        "Kön vid årets slut (medianen av simuleringarna) är {at_first} personer {fy} och {at_last} personer {ly}; {ly} ligger de mittersta 90 % av simuleringarna mellan {} och {}.",
                        band.0, band.1
                    ),
                }
            }
            None => match lang {
                Lang::En => format!(
                    "The queue at the end of {ly} (the median of the simulations) is {at_last} people; the middle 90 % of the simulations range from {} to {}.",
                    band.0, band.1
                ),
                Lang::Sv => format!(
                    "Kön vid slutet av {ly} (medianen av simuleringarna) är {at_last} personer; de mittersta 90 % av simuleringarna ligger mellan {} och {}.",
                    band.0, band.1
                ),
            },
        });
    }

    // People over the offer goal and the reports to IVO in the last year.
    if let Some(o) = last.get(&over) {
        let x = number(o.mean, 1, lang);
        let ci = span(number(o.ci_low, 1, lang), number(o.ci_high, 1, lang));
        let ivo = number(mean(last, "ivo_reports"), 1, lang);
        let ly = last.year;
        out.push(match lang {
            Lang::En => format!(
                "At the end of {ly}, on average {x} people have waited over {m} without an offer (95 % confidence interval of the mean {ci}); over the year's quarter ends, {ivo} decisions unexecuted after {r} are reported to IVO (mean)."
            ),
            Lang::Sv => format!(
                "Vid slutet av {ly} har i medelvärde {x} personer väntat över {m} utan erbjudande (95 % konfidensintervall för medelvärdet {ci}); vid årets kvartalsslut rapporteras {ivo} beslut som inte verkställts inom {r} till IVO (medelvärde)."
            ),
        });
    }

    // Occupancy in the goal years.
    let occ: Vec<(f64, f64)> = goal_years
        .iter()
        .map(|p| (mean(p, "goal_occupancy_met"), mean(p, "occupancy")))
        .filter(|(a, b)| a.is_finite() && b.is_finite())
        .collect();
    if !occ.is_empty() {
        let target = percent(g.occupancy_target, g.target_decimals(), lang);
        let lo = occ.iter().map(|o| o.1).fold(f64::INFINITY, f64::min);
        let hi = occ.iter().map(|o| o.1).fold(f64::NEG_INFINITY, f64::max);
        let means = span(percent(lo, 1, lang), percent(hi, 1, lang));
        let pmin = occ.iter().map(|o| o.0).fold(f64::INFINITY, f64::min);
        let pmax = occ.iter().map(|o| o.0).fold(f64::NEG_INFINITY, f64::max);
        out.push(if pmin == 1.0 {
            match lang {
                Lang::En => format!(
                    "Occupancy reaches the {target} target in every goal year in all simulations (mean occupancy {means})."
                ),
                Lang::Sv => format!(
                    "Beläggningsgraden når målet {target} varje målår i alla simuleringar (medelvärde {means})."
                ),
            }
        } else if pmax == 0.0 {
            match lang {
                Lang::En => format!(
                    "Occupancy does not reach the {target} target in any goal year in any simulation (mean occupancy {means})."
                ),
                Lang::Sv => format!(
                    "Beläggningsgraden når inte målet {target} något målår i någon simulering (medelvärde {means})."
                ),
            }
        } else {
            let ps = span(probability(pmin, lang), probability(pmax, lang));
            match lang {
                Lang::En => format!(
                    "The probability that occupancy reaches the {target} target is {ps} in the goal years (mean occupancy {means})."
                ),
                Lang::Sv => format!(
                    "Sannolikheten att beläggningsgraden når målet {target} är {ps} under målåren (medelvärde {means})."
                ),
            }
        });
    }

    // External placements and cost in the last year.
    let ext = mean(last, "external_placements");
    let cost = mean(last, "cost_total_tkr");
    if ext.is_finite() && cost.is_finite() {
        let ly = last.year;
        let (e, c) = (number(ext, 1, lang), number(cost, 0, lang));
        out.push(match lang {
            Lang::En => format!(
                "At the end of {ly}, {e} people live in external placements (mean); the year's total cost (own places, external placements and expected fees) is {c} tkr (mean)."
            ),
            Lang::Sv => format!(
                "Vid slutet av {ly} bor {e} personer i externa placeringar (medelvärde); årets totala kostnad (egna platser, externa placeringar och förväntade särskilda avgifter) är {c} tkr (medelvärde)."
            ),
        });
    }

    out.push(match (&s.bands, lang) {
        (Some(_), Lang::En) => "The ranges show chance and what is not known about the assumptions: every simulation drew the ranged assumptions anew.".to_owned(),
        (Some(_), Lang::Sv) => "Intervallen visar både slumpen och osäkerheten i antagandena: varje simulering drog de osäkra antagandena på nytt.".to_owned(),
        (None, Lang::En) => "The ranges show chance alone: every simulation uses the scenario's assumptions as they are; the sensitivity analysis shows which assumption matters most.".to_owned(),
        (None, Lang::Sv) => "Intervallen visar enbart slumpen: varje simulering använder scenariots antaganden som de är; känslighetsanalysen visar vilket antagande som betyder mest.".to_owned(),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probabilities_are_never_rounded_to_certainty() {
        assert_eq!(probability(0.0, Lang::En), "0%");
        assert_eq!(probability(0.001, Lang::En), "under 1%");
        assert_eq!(probability(0.004, Lang::Sv), "under 1 %");
        assert_eq!(probability(0.5, Lang::Sv), "50 %");
        assert_eq!(probability(0.999, Lang::Sv), "över 99 %");
        assert_eq!(probability(1.0, Lang::En), "100%");
    }
}
