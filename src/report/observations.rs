//! The back-test: each observation of the scenario against the simulated values, as
//! `observations.csv`, the `observations` list of `summary.json` and a block of the printed
//! summary. Written only for a scenario with observations, so every other run's outputs are
//! unchanged. docs/observations.md describes the columns.

use std::fmt::Write;

use serde_json::json;

use super::charts::text::{number, tr};
use super::{CsvDialect, Lang, csv_bytes, num, provenance_cells};
use crate::experiment::{ObservationStats, Results};

/// Columns of `observations.csv`.
pub const COLUMNS: &[&str] = &[
    "scenario",
    "seed",
    "replications",
    "version",
    "metric",
    "kolada",
    "at",
    "observed",
    "unit",
    "n",
    "sim_mean",
    "sim_p5",
    "sim_p50",
    "sim_p95",
    "percentile",
    "outside_5_95",
    "source",
    "definition",
];

/// Swedish headers of [`COLUMNS`], in the same order.
pub const COLUMNS_SV: &[&str] = &[
    "scenario",
    "slumpfrö",
    "simuleringar",
    "version",
    "mått",
    "kolada",
    "tidpunkt",
    "observerat",
    "måttenhet",
    "n",
    "sim_medelvärde",
    "sim_p5",
    "sim_p50",
    "sim_p95",
    "percentil",
    "utanför_5_95",
    "källa",
    "definition",
];

/// The rows of a back-test (without the provenance cells).
fn rows(obs: &[ObservationStats], d: CsvDialect, lang: Lang) -> Vec<Vec<String>> {
    obs.iter()
        .map(|o| {
            let s = &o.simulated;
            vec![
                o.observed.name_in(lang).to_owned(),
                o.observed.kolada.unwrap_or("").to_owned(),
                o.observation.at.text(),
                num(o.observation.value, d),
                crate::metrics::unit_in(o.observed.unit, lang).to_owned(),
                s.n.to_string(),
                num(s.mean, d),
                num(s.p5, d),
                num(s.p50, d),
                num(s.p95, d),
                num(o.percentile, d),
                crate::lang::yes_no(o.outside(), lang).to_owned(),
                o.observation.source.clone(),
                o.observation.definition.clone(),
            ]
        })
        .collect()
}

/// `observations.csv` of a back-test run with `seed` and `replications` of `scenario`.
pub fn csv_of(
    scenario: &str,
    seed: u64,
    replications: u32,
    obs: &[ObservationStats],
    dialect: CsvDialect,
    lang: Lang,
) -> Vec<u8> {
    let provenance = provenance_cells(scenario, seed, replications);
    let rows = rows(obs, dialect, lang)
        .into_iter()
        .map(|r| provenance.iter().cloned().chain(r).collect())
        .collect();
    csv_bytes(
        if lang == Lang::Sv {
            COLUMNS_SV
        } else {
            COLUMNS
        },
        rows,
        dialect,
    )
}

/// `observations.csv` of a run.
pub fn csv(results: &Results, dialect: CsvDialect, lang: Lang) -> Vec<u8> {
    csv_of(
        &results.model.scenario.name,
        results.settings.seed,
        results.settings.replications,
        &results.observations,
        dialect,
        lang,
    )
}

/// The `observations` list of `summary.json`.
pub fn json(obs: &[ObservationStats]) -> serde_json::Value {
    let f = |v: f64| {
        if v.is_nan() {
            serde_json::Value::Null
        } else {
            json!(v)
        }
    };
    obs.iter()
        .map(|o| {
            let s = &o.simulated;
            json!({
                "metric": o.observed.name,
                "kolada": o.observed.kolada,
                "at": o.observation.at.text(),
                "observed": o.observation.value,
                "unit": o.observed.unit,
                "source": o.observation.source,
                "definition": o.observation.definition,
                "simulated": super::summary_json_value(s),
                "below": o.below,
                "equal": o.equal,
                "percentile": f(o.percentile),
                "outside_5_95": o.outside(),
            })
        })
        .collect()
}

/// A value for the printed table: whole numbers without decimals, shares with three, others
/// with one.
fn shown(v: f64, lang: Lang) -> String {
    let d = if v.fract() == 0.0 {
        0
    } else if v.abs() < 1.0 {
        3
    } else {
        1
    };
    number(v, d, lang)
}

/// The printed back-test: one line per observation, its percentile and a flag outside the
/// simulated 5-95 % band; `title` heads it.
pub fn block_of(obs: &[ObservationStats], title: &str, lang: Lang) -> String {
    let mut out = String::new();
    if obs.is_empty() {
        return out;
    }
    let _ = writeln!(out, "\n{title}");
    let _ = writeln!(
        out,
        "{:<42} {:<11} {:>10} {:>24} {:>10}",
        tr(lang, "metric", "mått"),
        tr(lang, "at", "tidpunkt"),
        tr(lang, "observed", "observerat"),
        tr(lang, "simulated p50 [p5-p95]", "simulerat p50 [p5–p95]"),
        tr(lang, "percentile", "percentil"),
    );
    for o in obs {
        let s = &o.simulated;
        let name = match o.observed.kolada {
            Some(k) => format!("{} ({k})", o.observed.name_in(lang)),
            None => o.observed.name_in(lang).to_owned(),
        };
        let _ = writeln!(
            out,
            "{:<42} {:<11} {:>10} {:>24} {:>10}{}",
            name,
            o.observation.at.text(),
            shown(o.observation.value, lang),
            format!(
                "{} [{}–{}]",
                shown(s.p50, lang),
                shown(s.p5, lang),
                shown(s.p95, lang)
            ),
            number(o.percentile, 1, lang),
            if o.outside() {
                tr(lang, "  outside 5-95 %", "  utanför 5–95 %")
            } else {
                ""
            }
        );
    }
    let _ = writeln!(
        out,
        "{}",
        tr(
            lang,
            "percentile: where the observed value lies among the simulated futures (mid-rank; 50 = the middle).",
            "percentil: var det observerade värdet ligger bland de simulerade förloppen (mittrang; 50 = mitten)."
        )
    );
    out
}

/// The back-test block of a run's printed summary.
pub fn block(results: &Results, lang: Lang) -> String {
    let n = results.settings.replications as f64;
    let title = match lang {
        Lang::En => format!(
            "Back-test: what was observed against the simulation ({} replications)",
            number(n, 0, lang)
        ),
        Lang::Sv => format!(
            "Historisk kontroll: det observerade mot simuleringen ({} simuleringar)",
            number(n, 0, lang)
        ),
    };
    block_of(&results.observations, &title, lang)
}
