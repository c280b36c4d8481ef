//! The bytes of `lss-sim sweep`: `sweep.csv`, `sweep.json` and the printed table, from the grid
//! [`Point`]s and the [`SweepInfo`]. Pure functions, like the run's tables in [`crate::report`].

use serde_json::json;

use crate::grid::{Goal, Point, cheapest};
use crate::lang::{Lang, months, number, probability, tr, wilson_interval};
use crate::metrics::GoalValues;
use crate::report::{CsvDialect, VERSION, csv_bytes, num, provenance_cells, provenance_columns};

/// What a sweep's files, table and charts show besides its points.
#[derive(Debug, Clone)]
pub struct SweepInfo {
    /// Base scenario name.
    pub scenario: String,
    /// The varied parameters (one or two), each with its values, in grid order (the first is the
    /// outer loop).
    pub parameters: Vec<(String, Vec<String>)>,
    /// Replications per point.
    pub replications: u32,
    /// Seed of every point.
    pub seed: u64,
    /// The year whose goals are assessed (by default the last goal year).
    pub year: i32,
    /// The goal looked for.
    pub goal: Goal,
    /// The probability it must be met with.
    pub probability: f64,
    /// The base scenario's goals (a sweep cannot vary them), as the labels name them.
    pub goals: GoalValues,
    /// The first goal year: the cost of a point is summed from it to [`SweepInfo::last_year`].
    pub first_goal_year: i32,
    /// The horizon's last year.
    pub last_year: i32,
}

/// The 95 % Wilson interval of a point's probability `p` over `replications`.
fn interval(p: f64, replications: u32) -> (f64, f64) {
    let n = replications as f64;
    wilson_interval((p * n).round(), n)
}

/// The columns of a point's figures in `sweep.csv` and the keys of `sweep.json`, named as the
/// run's tables name the same quantities: the probabilities of the chosen year with their 95 %
/// Wilson intervals, its IVO reports (`ivo_reports`, the year's sum over its quarter ends), its
/// people over the offer goal at the end, and the cost summed over the goal years
/// (`cost_goal_years_tkr`, where the run's `cost_total_tkr` is one year's).
fn figure_names(goals: &GoalValues, lang: Lang) -> [String; 9] {
    let (p, occ, low, high, cost) = match lang {
        Lang::En => (
            goals.offer_goal_probability_name(),
            "p_occupancy_at_target",
            "ci_low",
            "ci_high",
            "cost_goal_years_tkr",
        ),
        Lang::Sv => (
            goals.fill("p_ingen_över_{offer}_månader"),
            "p_beläggning_når_målet",
            "ki_låg",
            "ki_hög",
            "kostnad_målåren_tkr",
        ),
    };
    [
        p.clone(),
        format!("{p}_{low}"),
        format!("{p}_{high}"),
        occ.to_owned(),
        format!("{occ}_{low}"),
        format!("{occ}_{high}"),
        goals.name_in("ivo_reports", lang),
        goals.name_in("over_offer_goal", lang),
        cost.to_owned(),
    ]
}

/// A point's figures in the order of [`figure_names`].
fn figures(point: &Point, replications: u32) -> [f64; 9] {
    let (ol, oh) = interval(point.p_offer, replications);
    let (cl, ch) = interval(point.p_occupancy, replications);
    [
        point.p_offer,
        ol,
        oh,
        point.p_occupancy,
        cl,
        ch,
        point.ivo_reports,
        point.over_offer_goal,
        point.cost_tkr,
    ]
}

/// A point in `sweep.json`: its values and its figures, named as the columns of `sweep.csv`
/// (`p_nobody_over_6_months`, `over_6_months`, ...).
pub fn point_json(point: &Point, goals: &GoalValues, replications: u32) -> serde_json::Value {
    let mut v = serde_json::Map::new();
    v.insert("values".into(), json!(point.values));
    for (name, x) in figure_names(goals, Lang::En)
        .into_iter()
        .zip(figures(point, replications))
    {
        v.insert(name, json!(x));
    }
    serde_json::Value::Object(v)
}

/// `sweep.csv`: one row per grid point, the parameter values and the point's figures; `lang`
/// picks the headers.
pub fn csv(info: &SweepInfo, points: &[Point], dialect: CsvDialect, lang: Lang) -> Vec<u8> {
    let d = dialect;
    let mut header: Vec<String> = provenance_columns(lang).map(String::from).to_vec();
    header.extend(info.parameters.iter().map(|(path, _)| path.clone()));
    // The goals are the same at every point (a sweep cannot vary them): the columns and the
    // printed table name the base's.
    header.extend(figure_names(&info.goals, lang));
    let rows = points
        .iter()
        .map(|p| {
            let mut row = provenance_cells(&info.scenario, info.seed, info.replications);
            row.extend(p.values.iter().cloned());
            row.extend(figures(p, info.replications).iter().map(|&x| num(x, d)));
            row
        })
        .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    csv_bytes(&header, rows, d)
}

/// `sweep.json`: the settings, every point and the cheapest point meeting the goal.
pub fn json(info: &SweepInfo, points: &[Point]) -> Vec<u8> {
    let goals = &info.goals;
    let n = info.replications;
    let best = cheapest(points, info.goal, info.probability);
    let json = json!({
        "program": "lss-sim", "version": VERSION, "scenario": info.scenario, "seed": info.seed,
        "replications": info.replications, "common_random_numbers": true, "year": info.year,
        "goal_years": [info.first_goal_year, info.last_year],
        "parameters": info.parameters.iter().map(|(path, _)| path.clone()).collect::<Vec<_>>(),
        "goal": info.goal, "probability": info.probability,
        "intervals": "95 % Wilson score intervals of the probabilities",
        "points": points.iter().map(|p| point_json(p, goals, n)).collect::<Vec<_>>(),
        "cheapest": best.map(|p| point_json(p, goals, n)),
    });
    let mut json_bytes = serde_json::to_vec_pretty(&json).expect("serialisable");
    json_bytes.push(b'\n');
    json_bytes
}

/// The printed sweep (`lss-sim sweep` prints it, then where the results are), in `lang`: a line
/// per point, each probability with its 95 % Wilson interval (the goal's with enough digits that
/// 0.795 never reads as a met 0.80), and the cheapest point meeting the goal.
pub fn table(info: &SweepInfo, points: &[Point], lang: Lang) -> String {
    let t = |en: &'static str, sv: &'static str| tr(lang, en, sv);
    let goals = &info.goals;
    let year = info.year;
    let goal_p = info.probability;
    let mut text = match lang {
        Lang::En => format!(
            "{} — sweep of {} points, {} replications each, seed {} (common random numbers)\n",
            info.scenario,
            points.len(),
            info.replications,
            info.seed
        ),
        Lang::Sv => format!(
            "{} — svep över {} punkter, {} simuleringar var, slumpfrö {} (samma slumptal)\n",
            info.scenario,
            points.len(),
            info.replications,
            info.seed
        ),
    };
    let offer = months(goals.offer_goal, lang);
    let goal = match (info.goal, lang) {
        (Goal::Offer, Lang::En) => {
            format!("nobody over {offer} without an offer at any quarter end of {year}")
        }
        (Goal::Offer, Lang::Sv) => {
            format!("ingen över {offer} utan erbjudande vid något kvartalsskifte {year}")
        }
        (Goal::Occupancy, Lang::En) => format!("occupancy at target in {year}"),
        (Goal::Occupancy, Lang::Sv) => format!("beläggningsgraden når målet {year}"),
    };
    let p_text = number(goal_p, 2, lang);
    text += &match lang {
        Lang::En => format!("goal: P({goal}) >= {p_text}\n\n"),
        Lang::Sv => format!("mål: P({goal}) >= {p_text}\n\n"),
    };
    let names: Vec<String> = info
        .parameters
        .iter()
        .map(|(path, _)| path.clone())
        .collect();
    let over = format!(">{} mån", goals.offer_goal);
    let target = match lang {
        Lang::En => format!(">= {}%", goals.target_percent()),
        Lang::Sv => format!(">= {} %", goals.target_percent().replace('.', ",")),
    };
    let cost_years = format!("{}–{}", info.first_goal_year, info.last_year);
    text += &format!(
        "{:<32} {:>22} {:>22} {:>9} {:>9} {:>14}\n",
        names.join(" x "),
        format!("P({} {over})", t("none", "ingen")),
        format!("P({} {target})", t("occ", "bel.")),
        "IVO",
        over,
        t("cost tkr", "kostnad tkr"),
    );
    text += &format!(
        "{:<32} {:>22} {:>22} {:>9} {:>9} {:>14}\n",
        "",
        format!("{year} {}", t("[95% CI]", "[95 % KI]")),
        format!("{year} {}", t("[95% CI]", "[95 % KI]")),
        format!("{} {year}", t("in", "år")),
        format!("{} {year}", t("end", "slut")),
        cost_years,
    );
    let with_interval = |p: f64, goal: Option<f64>| {
        let (lo, hi) = interval(p, info.replications);
        let shown = match goal {
            Some(g) => probability(p, g, lang),
            None => number(p, 2, lang),
        };
        format!("{shown} [{}-{}]", number(lo, 2, lang), number(hi, 2, lang))
    };
    let (offer_goal, occupancy_goal) = match info.goal {
        Goal::Offer => (Some(goal_p), None),
        Goal::Occupancy => (None, Some(goal_p)),
    };
    for p in points {
        text += &format!(
            "{:<32} {:>22} {:>22} {:>9} {:>9} {:>14}\n",
            p.values.join(" x "),
            with_interval(p.p_offer, offer_goal),
            with_interval(p.p_occupancy, occupancy_goal),
            number(p.ivo_reports, 1, lang),
            number(p.over_offer_goal, 1, lang),
            number(p.cost_tkr, 0, lang),
        );
    }
    text += &match (cheapest(points, info.goal, goal_p), lang) {
        (Some(b), Lang::En) => format!(
            "\ncheapest point with P({goal}) >= {p_text}: {} at {} tkr over {cost_years}\n",
            b.values.join(" x "),
            number(b.cost_tkr, 0, lang)
        ),
        (Some(b), Lang::Sv) => format!(
            "\nbilligaste punkt med P({goal}) >= {p_text}: {} för {} tkr under {cost_years}\n",
            b.values.join(" x "),
            number(b.cost_tkr, 0, lang)
        ),
        (None, Lang::En) => format!("\nno point reaches P({goal}) >= {p_text}\n"),
        (None, Lang::Sv) => format!("\ningen punkt når P({goal}) >= {p_text}\n"),
    };
    let report = months(goals.report_limit, lang);
    text += &format!("{}.\n", super::table::ivo_year_note(&report, lang));
    text
}
