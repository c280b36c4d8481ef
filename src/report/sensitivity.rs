//! The bytes of `lss-sim sensitivity`: `sensitivity.csv`, `sensitivity.json` and the printed
//! ranking, from a [`Sensitivity`]. Pure functions, like the run's tables.

use crate::metrics::{METRICS, index};
use crate::report::{CsvDialect, PROVENANCE_COLUMNS, VERSION, csv_bytes, num, provenance_cells};
use crate::scenario;
use crate::sensitivity::{End, MORRIS_LEVELS, Sensitivity};

/// The printed ranking.
pub fn table(s: &Sensitivity) -> String {
    use std::fmt::Write;
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
        "{} — sensitivity of {} ranged assumptions, {} replications per point, seed {} (common random numbers), lss-sim {VERSION}",
        s.scenario,
        s.ranges.len(),
        s.replications,
        s.seed
    );
    let _ = writeln!(
        out,
        "ranked by the effect on `{}` in {year} (base {:.1}); Δ = paired difference from the base [95% CI]\n",
        s.name(metric),
        s.base[yi][mi]
    );
    let _ = writeln!(
        out,
        "{:>4} {:<42} {:>15} {:>24} {:>24} {:>12} {:>9} {:>9}",
        "rank",
        "parameter (base)",
        "low .. high",
        "Δ at low",
        "Δ at high",
        "Δ cost tkr",
        "Morris μ*",
        "σ"
    );
    for (rank, &i) in s.ranking().iter().enumerate() {
        let r = &s.ranges[i];
        let d = |end: End| {
            s.effect(i, end, year, metric).map_or(String::new(), |e| {
                let s = &e.difference;
                if s.ci_low.is_nan() {
                    format!("{:+.2}", s.mean)
                } else {
                    format!("{:+.2} [{:+.2}, {:+.2}]", s.mean, s.ci_low, s.ci_high)
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
            format!("{lo:+.0}/{hi:+.0}")
        });
        let (mu_star, sigma) = s
            .morris_effect(i, year, metric)
            .map_or((String::new(), String::new()), |m| {
                (format!("{:.2}", m.mu_star), format!("{:.2}", m.sigma))
            });
        let name = format!("{} ({})", r.path, short(r.base));
        let _ = writeln!(
            out,
            "{:>4} {:<42} {:>15} {:>24} {:>24} {:>12} {:>9} {:>9}",
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
        let _ = writeln!(
            out,
            "\nMorris screening: {} trajectories of {} points ({} levels), {} replications per point; μ* = mean |effect| over the whole range, σ = spread of the effects (interactions, curvature)",
            s.trajectories,
            s.ranges.len() + 1,
            MORRIS_LEVELS,
            s.morris_replications,
        );
    }
    let points = 1 + 2 * s.ranges.len();
    let _ = writeln!(
        out,
        "tornado: {points} points x {} replications in {:.1} s; Morris: {} points in {:.1} s ({} threads)",
        s.replications,
        s.seconds.0,
        s.trajectories as usize * (s.ranges.len() + 1),
        s.seconds.1,
        if s.threads == 0 {
            rayon::current_num_threads().to_string()
        } else {
            s.threads.to_string()
        }
    );
    out
}

/// `sensitivity.csv`: one row per tornado bar and per Morris measure.
pub fn csv(s: &Sensitivity, dialect: CsvDialect) -> Vec<u8> {
    let mut header: Vec<&str> = PROVENANCE_COLUMNS.to_vec();
    header.extend([
        "analysis",
        "parameter",
        "base",
        "low",
        "high",
        "dist",
        "end",
        "value",
        "year",
        "metric",
        "base_mean",
        "mean",
        "diff_mean",
        "diff_ci_low",
        "diff_ci_high",
        "mu_star",
        "mu",
        "sigma",
        "rank",
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
            r.dist_name().to_owned(),
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
            e.end.name().to_owned(),
            n(x),
            e.year.to_string(),
            s.name(e.metric).to_owned(),
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
            s.name(e.metric).to_owned(),
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
                .map(|(m, name)| (name.to_string(), nan(s.base[y][m])))
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
