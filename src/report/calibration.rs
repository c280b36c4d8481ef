//! The bytes of `lss-sim calibrate`: `calibration.csv` (the accepted draws), `calibration.json`,
//! the calibrated scenario file and the printed summary (en/sv).

use std::fmt::Write;

use serde_json::json;

use super::charts::text::{number, tr};
use super::{CsvDialect, Lang, csv_bytes, num, provenance_cells};
use crate::calibrate::Calibration;
use crate::experiment::ObservationStats;

/// `calibration.csv`: one row per accepted draw (a draw with at least one replication among the
/// accepted pairs): its number, its weight (the share of its replications accepted), its smallest
/// distance and its parameter values, one column per fitted path.
pub fn csv(c: &Calibration, dialect: CsvDialect, lang: Lang) -> Vec<u8> {
    let provenance = provenance_cells(&c.scenario, c.options.seed, c.options.per_draw);
    let mut header: Vec<String> = super::PROVENANCE_COLUMNS
        .iter()
        .map(|s| s.to_string())
        .collect();
    if lang == Lang::Sv {
        header = super::PROVENANCE_COLUMNS_SV
            .iter()
            .map(|s| s.to_string())
            .collect();
    }
    header.extend(
        [
            tr(lang, "draw", "dragning"),
            tr(lang, "weight", "vikt"),
            tr(lang, "best_distance", "minsta_avstånd"),
        ]
        .map(str::to_owned),
    );
    header.extend(c.fits.iter().map(|f| f.range.path.clone()));
    let k = c.options.per_draw as f64;
    let rows = c
        .draws
        .iter()
        .enumerate()
        .filter(|(_, d)| d.accepted > 0)
        .map(|(i, d)| {
            let mut row = provenance.clone();
            row.push(i.to_string());
            row.push(num(d.accepted as f64 / k, dialect));
            row.push(num(d.best, dialect));
            row.extend(d.values.iter().map(|&v| num(v, dialect)));
            row
        })
        .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    csv_bytes(&header, rows, dialect)
}

/// `calibration.json`: the method, the settings, each parameter's prior and posterior, the
/// observations' scales and the back-test before and after. Written last.
pub fn json(
    c: &Calibration,
    before: &[ObservationStats],
    after: &[ObservationStats],
    scenario_file: &str,
) -> Vec<u8> {
    let f = |v: f64| {
        if v.is_finite() {
            json!(v)
        } else {
            serde_json::Value::Null
        }
    };
    let params: Vec<serde_json::Value> = c
        .fits
        .iter()
        .zip(&c.posterior)
        .map(|(fit, p)| {
            json!({
                "path": fit.range.path, "scenario_value": fit.range.base,
                "prior": { "dist": "uniform", "low": fit.range.low, "high": fit.range.high },
                "posterior": { "p5": f(p.p5), "median": f(p.p50), "p95": f(p.p95) },
            })
        })
        .collect();
    let scales: Vec<serde_json::Value> = before
        .iter()
        .zip(&c.scales)
        .map(|(o, &s)| json!({ "metric": o.observed.name, "at": o.observation.at.text(), "scale": f(s), "in_distance": s.is_finite() }))
        .collect();
    let v = json!({
        "program": "lss-sim",
        "version": super::VERSION,
        "scenario": c.scenario,
        "calibrated_scenario": scenario_file,
        "method": "ABC rejection: uniform priors, every draw runs the same replications (common random numbers), distance = root mean square of (simulated - observed) / scale over the observations that vary, the ceil(accept x pairs) closest (draw, replication) pairs accepted (pairs at equal distances in draw order), tolerance = the distance of the last pair accepted, a draw weighted by its accepted replications",
        "seed": c.options.seed,
        "draws": c.options.draws,
        "replications_per_draw": c.options.per_draw,
        "accept": c.options.accept,
        "tolerance": f(c.epsilon),
        "accepted_pairs": c.accepted(),
        "accepted_share": c.accepted_share(),
        "accepted_draws": c.draws.iter().filter(|d| d.accepted > 0).count(),
        "seconds": c.seconds,
        "parameters": params,
        "observation_scales": scales,
        "back_test_before": super::observations::json(before),
        "back_test_after": super::observations::json(after),
    });
    let mut bytes = serde_json::to_vec_pretty(&v).expect("serialisable");
    bytes.push(b'\n');
    bytes
}

/// The calibrated scenario file: it `extends` the original (`extends`, as seen from the output
/// folder), sets each fitted parameter to its posterior median and, where the original has an
/// `[uncertainty]` range for a fitted path, narrows it to the posterior's 5-95 %.
///
/// A fitted field of a distribution (`investigation.backlog_remaining.max_days`) is written with
/// the whole distribution from `merged` (the original, merged), since a file gives a distribution
/// whole.
pub fn scenario_toml(
    c: &Calibration,
    extends: &str,
    ranged: &[crate::scenario::Range],
    merged: &toml::Table,
    lang: Lang,
) -> String {
    let mut table = toml::Table::new();
    table.insert("extends".into(), toml::Value::String(extends.to_owned()));
    table.insert(
        "name".into(),
        toml::Value::String(format!("{}-calibrated", c.scenario)),
    );
    let mut uncertainty = toml::Table::new();
    for (fit, p) in c.fits.iter().zip(&c.posterior) {
        let keys: Vec<&str> = fit.range.path.split('.').collect();
        let mut t = &mut table;
        let mut original = Some(merged);
        for k in &keys[..keys.len() - 1] {
            original = original.and_then(|o| o.get(*k)).and_then(|v| v.as_table());
            let whole = original.filter(|o| o.contains_key("dist")).cloned();
            t = t
                .entry(k.to_string())
                .or_insert_with(|| toml::Value::Table(whole.unwrap_or_default()))
                .as_table_mut()
                .expect("a table");
        }
        let value = if fit.range.whole {
            toml::Value::Integer(p.p50.round() as i64)
        } else {
            toml::Value::Float(p.p50)
        };
        t.insert(keys[keys.len() - 1].to_owned(), value);
        if let Some(r) = ranged.iter().find(|r| r.path == fit.range.path)
            && p.p5 < p.p95
        {
            let mut range = toml::Table::new();
            let end = |x: f64| {
                if fit.range.whole {
                    toml::Value::Integer(x.round() as i64)
                } else {
                    toml::Value::Float(x)
                }
            };
            range.insert("low".into(), end(p.p5));
            range.insert("high".into(), end(p.p95));
            range.insert("dist".into(), toml::Value::String(r.dist_name().to_owned()));
            uncertainty.insert(fit.range.path.clone(), toml::Value::Table(range));
        }
    }
    if !uncertainty.is_empty() {
        table.insert("uncertainty".into(), toml::Value::Table(uncertainty));
    }
    let header = match lang {
        Lang::En => format!(
            "# Calibrated by lss-sim {} calibrate: ABC rejection, {} draws x {} replications (seed {}), \
             {} accepted pairs.\n# Each fitted value is its posterior median; [uncertainty] ranges of fitted \
             values are narrowed to the posterior's 5-95 %.\n",
            super::VERSION,
            c.options.draws,
            c.options.per_draw,
            c.options.seed,
            c.accepted(),
        ),
        Lang::Sv => format!(
            "# Kalibrerad av lss-sim {} calibrate: ABC-förkastelse, {} dragningar x {} simuleringar \
             (slumpfrö {}), {} accepterade par.\n# Varje anpassat värde är aposteriorifördelningens \
             median; intervallen i [uncertainty] för anpassade värden är avsmalnade till \
             aposteriorifördelningens 5-95 %.\n",
            super::VERSION,
            c.options.draws,
            c.options.per_draw,
            c.options.seed,
            c.accepted(),
        ),
    };
    format!(
        "{header}{}",
        toml::to_string_pretty(&table).unwrap_or_default()
    )
}

/// A value for the printed tables: three significant decimals below 1, one below 100, none above.
fn shown(v: f64, lang: Lang) -> String {
    let d = if v.abs() < 1.0 {
        3
    } else if v.abs() < 100.0 {
        1
    } else {
        0
    };
    number(v, d, lang)
}

/// The printed summary: the parameters' prior and posterior, and each observation's percentile
/// before and after.
pub fn table(
    c: &Calibration,
    before: &[ObservationStats],
    after: &[ObservationStats],
    lang: Lang,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {}",
        c.scenario,
        match lang {
            Lang::En => format!(
                "calibrated to {} observations: {} draws x {} replications (common random numbers), {} accepted ({} %)",
                before.len(),
                number(c.options.draws as f64, 0, lang),
                c.options.per_draw,
                number(c.accepted() as f64, 0, lang),
                number(100.0 * c.accepted_share(), 1, lang)
            ),
            Lang::Sv => format!(
                "kalibrerat mot {} observationer: {} dragningar x {} simuleringar (gemensamma slumptal), {} accepterade ({} %)",
                before.len(),
                number(c.options.draws as f64, 0, lang),
                c.options.per_draw,
                number(c.accepted() as f64, 0, lang),
                number(100.0 * c.accepted_share(), 1, lang)
            ),
        }
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:<44} {:>10} {:>17} {:>26}",
        tr(lang, "parameter", "parameter"),
        tr(lang, "scenario", "scenario"),
        tr(lang, "prior range", "intervall före"),
        tr(lang, "posterior median [p5-p95]", "efter: median [p5–p95]"),
    );
    for (f, p) in c.fits.iter().zip(&c.posterior) {
        let r = &f.range;
        let _ = writeln!(
            out,
            "{:<44} {:>10} {:>17} {:>26}",
            r.path,
            shown(r.base, lang),
            format!("{}–{}", shown(r.low, lang), shown(r.high, lang)),
            format!(
                "{} [{}–{}]",
                shown(p.p50, lang),
                shown(p.p5, lang),
                shown(p.p95, lang)
            ),
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:<42} {:<11} {:>10} {:>21} {:>21}",
        tr(lang, "observation", "observation"),
        tr(lang, "at", "tidpunkt"),
        tr(lang, "observed", "observerat"),
        tr(lang, "before: p50, pct", "före: p50, pct"),
        tr(lang, "after: p50, pct", "efter: p50, pct"),
    );
    for (b, a) in before.iter().zip(after) {
        let cell = |o: &ObservationStats| {
            format!(
                "{}, {}{}",
                shown(o.simulated.p50, lang),
                number(o.percentile, 1, lang),
                if o.outside() { "*" } else { " " }
            )
        };
        let _ = writeln!(
            out,
            "{:<42} {:<11} {:>10} {:>21} {:>21}",
            b.observed.name_in(lang),
            b.observation.at.text(),
            shown(b.observation.value, lang),
            cell(b),
            cell(a),
        );
    }
    let _ = writeln!(
        out,
        "{}",
        tr(
            lang,
            "pct: the observed value's percentile among the simulated futures; * outside the 5-95 % band.",
            "pct: det observerade värdets percentil bland de simulerade förloppen; * utanför 5–95 %-bandet."
        )
    );
    out
}
