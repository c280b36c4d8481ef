//! The bytes of `lss-sim sensitivity`: `sensitivity.csv`, `sensitivity.json` and the printed
//! ranking, from a [`Sensitivity`]. Pure functions, like the run's tables.

use crate::lang::{Lang, number, signed, tr};
use crate::metrics::GoalValues;
use crate::metrics::{METRICS, index};
use crate::report::{CsvDialect, VERSION, csv_bytes, num, provenance_cells, provenance_columns};
use crate::scenario;
use crate::sensitivity::{End, MORRIS_LEVELS, Sensitivity};

/// The name of the metric `id` of `s` in `lang`: its Swedish name from the scenario's `goals`
/// (`över_6_månader`), or the analysis's own name.
fn metric_name(s: &Sensitivity, id: &str, goals: &GoalValues, lang: Lang) -> String {
    match (lang, METRICS.iter().find(|m| m.id == id)) {
        (Lang::Sv, Some(m)) => goals.metric_name_in(m, lang),
        _ => s.name(id).to_owned(),
    }
}

/// The printed ranking, in `lang`; `goals` are the scenario's, which name the metrics.
pub fn table(s: &Sensitivity, goals: &GoalValues, lang: Lang) -> String {
    use std::fmt::Write;
    let t = |en: &'static str, sv: &'static str| tr(lang, en, sv);
    let (year, metric) = s.ranked_by();
    let mi = s.metrics.iter().position(|m| *m == metric).unwrap_or(0);
    let yi = s.years.len() - 1;
    let cost = s
        .metrics
        .iter()
        .position(|m| *m == METRICS[index("cost_total_tkr")].id);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::En => format!(
                "{} — sensitivity of {} ranged assumptions, {} replications per point, seed {} (common random numbers), lss-sim {VERSION}",
                s.scenario,
                s.ranges.len(),
                s.replications,
                s.seed
            ),
            Lang::Sv => format!(
                "{} — känslighet för {} antaganden med intervall, {} simuleringar per punkt, slumpfrö {} (samma slumptal), lss-sim {VERSION}",
                s.scenario,
                s.ranges.len(),
                s.replications,
                s.seed
            ),
        }
    );
    let base = number(s.base[yi][mi], 1, lang);
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::En => format!(
                "ranked by the effect on `{}` in {year} (base {base}); Δ = paired difference from the base [95% CI]\n",
                metric_name(s, metric, goals, lang)
            ),
            Lang::Sv => format!(
                "ordnat efter effekten på `{}` {year} (grundvärde {base}); Δ = parad skillnad mot grundscenariot [95 % KI]\n",
                metric_name(s, metric, goals, lang)
            ),
        }
    );
    let _ = writeln!(
        out,
        "{:>4} {:<42} {:>15} {:>24} {:>24} {:>14} {:>9} {:>9}",
        t("rank", "plats"),
        t("parameter (base)", "parameter (grundvärde)"),
        t("low .. high", "låg .. hög"),
        t("Δ at low", "Δ vid låg"),
        t("Δ at high", "Δ vid hög"),
        t("Δ cost tkr", "Δ kostnad tkr"),
        "Morris μ*",
        "σ"
    );
    for (rank, &i) in s.ranking().iter().enumerate() {
        let r = &s.ranges[i];
        let d = |end: End| {
            s.effect(i, end, year, metric).map_or(String::new(), |e| {
                let s = &e.difference;
                if s.ci_low.is_nan() {
                    signed(s.mean, 2, lang)
                } else {
                    format!(
                        "{} [{}{}{}]",
                        signed(s.mean, 2, lang),
                        signed(s.ci_low, 2, lang),
                        t(", ", "; "),
                        signed(s.ci_high, 2, lang)
                    )
                }
            })
        };
        let dcost = cost.map_or(String::new(), |c| {
            let lo = s
                .effect(i, End::Low, year, s.metrics[c])
                .map_or(f64::NAN, |e| e.difference.mean);
            let hi = s
                .effect(i, End::High, year, s.metrics[c])
                .map_or(f64::NAN, |e| e.difference.mean);
            format!("{}/{}", signed(lo, 0, lang), signed(hi, 0, lang))
        });
        let (mu_star, sigma) = s
            .morris_effect(i, year, metric)
            .map_or((String::new(), String::new()), |m| {
                (number(m.mu_star, 2, lang), number(m.sigma, 2, lang))
            });
        let name = format!("{} ({})", r.path, short(r.base));
        let _ = writeln!(
            out,
            "{:>4} {:<42} {:>15} {:>24} {:>24} {:>14} {:>9} {:>9}",
            rank + 1,
            name,
            format!("{} .. {}", short(r.low), short(r.high)),
            d(End::Low),
            d(End::High),
            dcost,
            mu_star,
            sigma
        );
    }
    if s.trajectories > 0 {
        let points = s.ranges.len() + 1;
        let _ = writeln!(
            out,
            "\n{}",
            match lang {
                Lang::En => format!(
                    "Morris screening: {} trajectories of {points} points ({MORRIS_LEVELS} levels), {} replications per point; μ* = mean |effect| over the whole range, σ = spread of the effects (interactions, curvature)",
                    s.trajectories, s.morris_replications,
                ),
                Lang::Sv => format!(
                    "Morris-sållning: {} banor med {points} punkter ({MORRIS_LEVELS} nivåer), {} simuleringar per punkt; μ* = medelvärdet av |effekten| över hela intervallet, σ = effekternas spridning (samspel, krökning)",
                    s.trajectories, s.morris_replications,
                ),
            }
        );
    }
    let points = 1 + 2 * s.ranges.len();
    let threads = if s.threads == 0 {
        rayon::current_num_threads()
    } else {
        s.threads
    };
    let (t0, t1) = (number(s.seconds.0, 1, lang), number(s.seconds.1, 1, lang));
    let morris = s.trajectories as usize * (s.ranges.len() + 1);
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::En => format!(
                "tornado: {points} points x {} replications in {t0} s; Morris: {morris} points in {t1} s ({threads} threads)",
                s.replications
            ),
            Lang::Sv => format!(
                "tornado: {points} punkter x {} simuleringar på {t0} s; Morris: {morris} punkter på {t1} s ({threads} trådar)",
                s.replications
            ),
        }
    );
    out
}

/// `sensitivity.csv`: one row per tornado bar and per Morris measure.
pub fn csv(s: &Sensitivity, goals: &GoalValues, dialect: CsvDialect, lang: Lang) -> Vec<u8> {
    let mut header: Vec<&str> = provenance_columns(lang).to_vec();
    let t = |en: &'static str, sv: &'static str| tr(lang, en, sv);
    header.extend([
        t("analysis", "analys"),
        "parameter",
        t("base", "grundvärde"),
        t("low", "låg"),
        t("high", "hög"),
        t("dist", "fördelning"),
        t("end", "ände"),
        t("value", "värde"),
        t("year", "år"),
        t("metric", "mått"),
        t("base_mean", "grundvärde_medelvärde"),
        t("mean", "medelvärde"),
        t("diff_mean", "skillnad_medelvärde"),
        t("diff_ci_low", "skillnad_ki_låg"),
        t("diff_ci_high", "skillnad_ki_hög"),
        "mu_star",
        "mu",
        "sigma",
        t("rank", "plats"),
    ]);
    let ranking = s.ranking();
    let rank = |i: usize| ranking.iter().position(|&r| r == i).map_or(0, |p| p + 1);
    let n = |x: f64| num(x, dialect);
    let base_of = |year: i32, metric: &str| {
        let y = s.years.iter().position(|&v| v == year);
        let m = s.metrics.iter().position(|&v| v == metric);
        y.zip(m).map_or(f64::NAN, |(y, m)| s.base[y][m])
    };
    let mut rows = Vec::new();
    let head = |i: usize| {
        let r = &s.ranges[i];
        let mut row = provenance_cells(&s.scenario, s.seed, s.replications);
        row.extend([
            String::new(),
            r.path.clone(),
            n(r.base),
            n(r.low),
            n(r.high),
            r.dist_name_in(lang).to_owned(),
        ]);
        row
    };
    for e in &s.tornado {
        let r = &s.ranges[e.parameter];
        let mut row = head(e.parameter);
        row[4] = "tornado".into();
        let x = match e.end {
            End::Low => r.low,
            End::High => r.high,
        };
        row.extend([
            match (lang, e.end) {
                (Lang::Sv, End::Low) => "låg".to_owned(),
                (Lang::Sv, End::High) => "hög".to_owned(),
                (Lang::En, end) => end.name().to_owned(),
            },
            n(x),
            e.year.to_string(),
            metric_name(s, e.metric, goals, lang),
        ]);
        row.extend(
            [
                base_of(e.year, e.metric),
                e.mean,
                e.difference.mean,
                e.difference.ci_low,
                e.difference.ci_high,
            ]
            .map(n),
        );
        row.extend([
            String::new(),
            String::new(),
            String::new(),
            rank(e.parameter).to_string(),
        ]);
        rows.push(row);
    }
    for e in &s.morris {
        let mut row = head(e.parameter);
        row[2] = s.morris_replications.to_string();
        row[4] = "morris".into();
        row.extend([
            String::new(),
            String::new(),
            e.year.to_string(),
            metric_name(s, e.metric, goals, lang),
        ]);
        row.extend([
            n(base_of(e.year, e.metric)),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
        row.extend([e.mu_star, e.mu, e.sigma].map(n));
        row.push(rank(e.parameter).to_string());
        rows.push(row);
    }
    csv_bytes(&header, rows, dialect)
}

/// `sensitivity.json`.
pub fn json(s: &Sensitivity) -> Vec<u8> {
    let nan = |x: f64| {
        if x.is_finite() {
            serde_json::json!(x)
        } else {
            serde_json::Value::Null
        }
    };
    let (year, metric) = s.ranked_by();
    let parameters: Vec<serde_json::Value> = s
        .ranges
        .iter()
        .map(|r| serde_json::json!({"path": r.path, "base": r.base, "low": r.low, "high": r.high, "dist": r.dist_name(),
            "mode": match r.dist { scenario::Dist::Triangular { mode } => serde_json::json!(mode), scenario::Dist::Uniform => serde_json::Value::Null },
            "whole_number": r.whole}))
        .collect();
    let base: serde_json::Value = s
        .years
        .iter()
        .enumerate()
        .map(|(y, year)| {
            let per: serde_json::Map<String, serde_json::Value> = s
                .metrics
                .iter()
                .enumerate()
                // By the metric's name in the outputs, as `ranking` and `tornado` name it.
                .map(|(m, id)| (s.name(id).to_owned(), nan(s.base[y][m])))
                .collect();
            (year.to_string(), serde_json::Value::Object(per))
        })
        .collect::<serde_json::Map<_, _>>()
        .into();
    let tornado: Vec<serde_json::Value> = s
        .tornado
        .iter()
        .map(|e| {
            let r = &s.ranges[e.parameter];
            serde_json::json!({"parameter": r.path, "end": e.end.name(),
                "value": match e.end { End::Low => r.low, End::High => r.high },
                "year": e.year, "metric": s.name(e.metric), "mean": nan(e.mean),
                "difference": {"mean": nan(e.difference.mean), "ci_low": nan(e.difference.ci_low), "ci_high": nan(e.difference.ci_high)}})
        })
        .collect();
    let morris: Vec<serde_json::Value> = s
        .morris
        .iter()
        .map(|e| serde_json::json!({"parameter": s.ranges[e.parameter].path, "year": e.year, "metric": s.name(e.metric),
            "mu_star": nan(e.mu_star), "mu": nan(e.mu), "sigma": nan(e.sigma)}))
        .collect();
    let v = serde_json::json!({
        "program": "lss-sim",
        "version": VERSION,
        "scenario": s.scenario,
        "seed": s.seed,
        "replications": s.replications,
        "common_random_numbers": true,
        "years": s.years,
        "metrics": s.names,
        "parameters": parameters,
        "base": base,
        "ranking": {"year": year, "metric": s.name(metric),
            "by": "the larger absolute tornado effect of the two ends",
            "parameters": s.ranking().iter().map(|&i| s.ranges[i].path.clone()).collect::<Vec<_>>()},
        "tornado": {
            "method": "one at a time: each range's low and high end with the others at the scenario's values; difference = end minus base, paired by replication; 95 % CI of the mean difference (Student t)",
            "effects": tornado,
        },
        "morris": {
            "method": "elementary effects (Morris 1991) with mu_star (Campolongo, Cariboni and Saltelli 2007); effects scaled to the whole range",
            "trajectories": s.trajectories,
            "levels": MORRIS_LEVELS,
            "replications_per_point": s.morris_replications,
            "effects": morris,
        },
    });
    let mut bytes = serde_json::to_vec_pretty(&v).expect("serialisable");
    bytes.push(b'\n');
    bytes
}

/// A parameter value, short: no trailing zeros.
fn short(x: f64) -> String {
    num(x, CsvDialect::Plain)
}
