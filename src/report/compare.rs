//! The bytes of `lss-sim compare`: `compare.csv`, `compare.json` and the printed table, from a
//! [`Comparison`]. Pure functions, like the run's tables in [`crate::report`].

use serde_json::json;

use crate::compare::{Comparison, Figure, ProfileFigure};
use crate::lang::{Lang, months, number, percent, signed, tr};
use crate::report::table::{ivo_year_note, per_year};
use crate::report::{CsvDialect, VERSION, csv_bytes, num, provenance_cells, provenance_columns};

/// The printed comparison (`lss-sim compare` prints it), in `lang`: per year, each scenario's
/// key figures and its paired differences, the IVO reports and the cost per year as the run's
/// summary names them.
pub fn table(cmp: &Comparison, first_goal_year: i32, lang: Lang) -> String {
    use std::fmt::Write;
    let t = |en: &'static str, sv: &'static str| tr(lang, en, sv);
    let mut out = String::new();
    // The goals as the headers print them: `>6 mån`, `>= 98%`.
    let over = format!(">{} mån", cmp.goals.offer_goal);
    let target = match lang {
        Lang::En => format!(">= {}%", cmp.goals.target_percent()),
        Lang::Sv => format!(">= {} %", cmp.goals.target_percent().replace('.', ",")),
    };
    let ci = t("[95% CI]", "[95 % KI]");
    let _ = writeln!(
        out,
        "{}\n",
        match lang {
            Lang::En => format!(
                "compared with `{}` — {} replications, seed {} (common random numbers), lss-sim {VERSION}",
                cmp.scenarios[0], cmp.replications, cmp.seed
            ),
            Lang::Sv => format!(
                "jämfört med `{}` — {} simuleringar, slumpfrö {} (samma slumptal), lss-sim {VERSION}",
                cmp.scenarios[0], cmp.replications, cmp.seed
            ),
        }
    );
    let _ = writeln!(
        out,
        "{:<6} {:<22} {:>8} {:>22} {:>8} {:>9} {:>7} {:>9} {:>11} {:>24}",
        t("year", "år"),
        "scenario",
        over,
        format!("Δ {over} {ci}"),
        t("P(none", "P(ingen"),
        "IVO",
        t("occ.", "bel."),
        t("P(occ", "P(bel."),
        t("cost tkr", "kostnad tkr"),
        format!("Δ {} {ci}", t("cost tkr", "kostnad tkr")),
    );
    let _ = writeln!(
        out,
        "{:<6} {:<22} {:>8} {:>22} {:>8} {:>9} {:>7} {:>9} {:>11} {:>24}",
        "",
        "",
        t("at end", "vid slut"),
        "",
        format!("{over})"),
        per_year(lang),
        "",
        format!("{target})"),
        per_year(lang),
        per_year(lang),
    );
    let reference = t("reference", "referens");
    for &year in cmp.years.iter().filter(|&&y| y >= first_goal_year) {
        for s in &cmp.scenarios {
            let f = |m: &str| cmp.get(s, year, m).expect("computed");
            let over = f("over_offer_goal");
            let cost = f("cost_total_tkr");
            let delta = |x: &Figure, d: usize| {
                if s == &cmp.scenarios[0] {
                    reference.to_owned()
                } else if x.difference.ci_low.is_nan() {
                    // One replication: a difference, but no interval.
                    format!(
                        "{} {}",
                        signed(x.difference.mean, d, lang),
                        t("[no interval]", "[inget intervall]")
                    )
                } else {
                    let sep = t(", ", "; ");
                    format!(
                        "{} [{}{sep}{}]",
                        signed(x.difference.mean, d, lang),
                        signed(x.difference.ci_low, d, lang),
                        signed(x.difference.ci_high, d, lang)
                    )
                }
            };
            let name: String = s.chars().take(22).collect();
            let _ = writeln!(
                out,
                "{:<6} {:<22} {:>8} {:>22} {:>8} {:>9} {:>7} {:>9} {:>11} {:>24}",
                year,
                name,
                number(over.value.mean, 1, lang),
                delta(over, 1),
                number(f("goal_offer_met").value.mean, 2, lang),
                number(f("ivo_reports").value.mean, 1, lang),
                percent(f("occupancy").value.mean, 1, lang),
                number(f("goal_occupancy_met").value.mean, 2, lang),
                number(cost.value.mean, 0, lang),
                delta(cost, 0),
            );
        }
    }
    let report = months(cmp.goals.report_limit, lang);
    let _ = writeln!(out, "\n{}.", ivo_year_note(&report, lang));
    out
}

/// The first columns of the comparison tables: the provenance, whose scenario is the reference
/// (it sets the seed and replications), then the scenario and the year.
fn leading_columns(lang: Lang) -> Vec<&'static str> {
    let [_, seed, replications, version] = provenance_columns(lang);
    vec![
        tr(lang, "reference", "referens"),
        seed,
        replications,
        version,
        "scenario",
        tr(lang, "year", "år"),
    ]
}

/// The statistics columns of the comparison tables in `lang`, from `mean` on.
fn value_columns(lang: Lang, percentiles: bool) -> Vec<&'static str> {
    let t = |en, sv| tr(lang, en, sv);
    let mut c = vec![
        t("mean", "medelvärde"),
        t("ci_low", "ki_låg"),
        t("ci_high", "ki_hög"),
    ];
    if percentiles {
        c.extend(["p5", "p50", "p95"]);
    }
    c.extend([
        t("diff_mean", "skillnad_medelvärde"),
        t("diff_ci_low", "skillnad_ki_låg"),
        t("diff_ci_high", "skillnad_ki_hög"),
    ]);
    c
}

/// `compare.csv`: one row per (year, scenario, metric); `lang` picks the headers and the
/// metrics' names.
pub fn csv(cmp: &Comparison, dialect: CsvDialect, lang: Lang) -> Vec<u8> {
    let mut header = leading_columns(lang);
    header.extend([tr(lang, "metric", "mått"), "n"]);
    header.extend(value_columns(lang, true));
    let rows = cmp
        .figures
        .iter()
        .map(|f| {
            let (v, d) = (&f.value, &f.difference);
            let mut row = provenance_cells(&cmp.scenarios[0], cmp.seed, cmp.replications);
            row.extend([
                f.scenario.clone(),
                f.year.to_string(),
                cmp.goals.name_in(f.metric, lang),
                v.n.to_string(),
            ]);
            row.extend(
                [
                    v.mean, v.ci_low, v.ci_high, v.p5, v.p50, v.p95, d.mean, d.ci_low, d.ci_high,
                ]
                .iter()
                .map(|&x| num(x, dialect)),
            );
            row
        })
        .collect();
    csv_bytes(&header, rows, dialect)
}

/// `compare.json`.
pub fn json(cmp: &Comparison) -> Vec<u8> {
    let nan = |x: f64| {
        if x.is_nan() {
            serde_json::Value::Null
        } else {
            json!(x)
        }
    };
    let figures: Vec<serde_json::Value> = cmp
        .figures
        .iter()
        .map(|f| {
            json!({
                "scenario": f.scenario, "year": f.year, "metric": cmp.goals.name(f.metric),
                "mean": nan(f.value.mean), "ci_low": nan(f.value.ci_low), "ci_high": nan(f.value.ci_high),
                "p5": nan(f.value.p5), "p50": nan(f.value.p50), "p95": nan(f.value.p95),
                "difference": { "mean": nan(f.difference.mean), "ci_low": nan(f.difference.ci_low), "ci_high": nan(f.difference.ci_high) },
            })
        })
        .collect();
    let v = json!({
        "program": "lss-sim",
        "version": VERSION,
        "reference": cmp.scenarios[0],
        "scenarios": cmp.scenarios,
        "seed": cmp.seed,
        "replications": cmp.replications,
        "common_random_numbers": true,
        "difference": "scenario minus reference, paired by replication; 95 % CI of the mean difference (Student t)",
        "figures": figures,
    });
    let mut bytes = serde_json::to_vec_pretty(&v).expect("serialisable");
    bytes.push(b'\n');
    bytes
}

/// `compare-profiles.csv` (`--by-profile`): per year, scenario, target group and per-profile
/// metric, the value and its paired difference from the reference.
pub fn profiles_csv(
    cmp: &Comparison,
    figures: &[ProfileFigure],
    dialect: CsvDialect,
    lang: Lang,
) -> Vec<u8> {
    let mut header = leading_columns(lang);
    header.extend([
        tr(lang, "profile", "målgrupp"),
        tr(lang, "metric", "mått"),
        "n",
    ]);
    header.extend(value_columns(lang, false));
    let rows = figures
        .iter()
        .filter(|f| f.value.n > 0)
        .map(|f| {
            let (v, d) = (&f.value, &f.difference);
            let mut row = provenance_cells(&cmp.scenarios[0], cmp.seed, cmp.replications);
            row.extend([
                f.scenario.clone(),
                f.year.to_string(),
                f.profile.clone(),
                cmp.goals.name_in(f.metric, lang),
                v.n.to_string(),
            ]);
            row.extend(
                [v.mean, v.ci_low, v.ci_high, d.mean, d.ci_low, d.ci_high]
                    .iter()
                    .map(|&x| num(x, dialect)),
            );
            row
        })
        .collect();
    csv_bytes(&header, rows, dialect)
}

/// The printed per-profile block (`--by-profile`), in `lang`: in the last year, each scenario's
/// people over the offer goal per target group, with the paired difference from the reference.
pub fn profiles_table(cmp: &Comparison, figures: &[ProfileFigure], lang: Lang) -> String {
    use std::fmt::Write;
    let t = |en: &'static str, sv: &'static str| tr(lang, en, sv);
    let mut out = String::new();
    let Some(&year) = cmp.years.last() else {
        return out;
    };
    let metric = "over_offer_goal";
    let over = months(cmp.goals.offer_goal, lang);
    let _ = writeln!(
        out,
        "\n{}",
        match lang {
            Lang::En => format!(
                "{year} by target group: people over {over} without an offer at year end (mean), difference from {} [95% CI]",
                cmp.scenarios[0]
            ),
            Lang::Sv => format!(
                "{year} per målgrupp: personer över {over} utan erbjudande vid årets slut (medelvärde), skillnad mot {} [95 % KI]",
                cmp.scenarios[0]
            ),
        }
    );
    let _ = writeln!(
        out,
        "{:<24} {:<16} {:>8} {:>26}",
        "scenario",
        t("profile", "målgrupp"),
        t("mean", "medel"),
        t("difference", "skillnad")
    );
    for f in figures
        .iter()
        .filter(|f| f.year == year && f.metric == metric && f.value.n > 0)
    {
        let d = &f.difference;
        let diff = if f.scenario == cmp.scenarios[0] {
            t("reference", "referens").to_owned()
        } else {
            format!(
                "{} [{}{}{}]",
                signed(d.mean, 1, lang),
                signed(d.ci_low, 1, lang),
                t(", ", "; "),
                signed(d.ci_high, 1, lang)
            )
        };
        let _ = writeln!(
            out,
            "{:<24} {:<16} {:>8} {:>26}",
            f.scenario,
            f.profile,
            number(f.value.mean, 1, lang),
            diff
        );
    }
    out
}
