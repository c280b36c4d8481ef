//! Turning results into bytes: CSV tables, JSON, the printed summary of a run (here and in
//! [`table`]), of a comparison ([`compare`]) and of a sweep ([`sweep`]), and the charts
//! ([`charts`]). Pure functions; the files are written at the edge by [`write::write_files`].

pub mod calibration;
pub mod charts;
pub mod compare;
pub mod html;
pub mod observations;
pub mod sensitivity;
pub mod sweep;
pub mod table;
pub mod write;
pub mod xlsx;

use std::path::Path;

use serde_json::json;

use crate::calendar::PeriodKind;
use crate::experiment::{PeriodStats, Results};
use crate::metrics::{GoalValues, METRICS, PROFILE_METRICS, index, unit_in};
use crate::stats::Summary;

/// `bands.kind` of a `summary.json` whose replications drew the uncertain parameters
/// (`run --assumption-uncertainty`); without the key, bands show chance alone.
pub const BANDS_WITH_ASSUMPTIONS: &str = "chance and assumptions";

/// The program version written into every output.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// CSV flavour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum CsvDialect {
    /// Comma separator, decimal point, UTF-8 without BOM.
    #[default]
    Plain,
    /// What Swedish Excel opens with a double-click: semicolon, decimal comma, UTF-8 with BOM.
    ExcelSv,
}

pub use crate::lang::Lang;

/// Formats a number for a file: empty for NaN, no decimals for whole numbers, else at most
/// six significant decimals; a decimal comma in the Swedish dialect.
pub fn num(v: f64, dialect: CsvDialect) -> String {
    if v.is_nan() {
        return String::new();
    }
    let s = if v == v.round() && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let digits = if v.abs() >= 100.0 { 2 } else { 6 };
        let s = format!("{v:.digits$}");
        let s = s.trim_end_matches('0').trim_end_matches('.').to_owned();
        if s == "-0" { "0".to_owned() } else { s }
    };
    match dialect {
        CsvDialect::Plain => s,
        CsvDialect::ExcelSv => s.replace('.', ","),
    }
}

/// A CSV table as bytes in the chosen dialect (BOM, `;` and decimal comma for `excel-sv`).
pub fn csv_bytes(header: &[&str], rows: Vec<Vec<String>>, dialect: CsvDialect) -> Vec<u8> {
    let mut out = Vec::new();
    if dialect == CsvDialect::ExcelSv {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    let mut w = csv::WriterBuilder::new()
        .delimiter(if dialect == CsvDialect::ExcelSv {
            b';'
        } else {
            b','
        })
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(header).expect("write to memory");
    for row in rows {
        w.write_record(&row).expect("write to memory");
    }
    w.into_inner().expect("flush to memory")
}

/// `table` (bytes of [`csv_bytes`] in `dialect`) with one more column, `name`, holding `value`
/// in every row: the `bands` column of a run with `--assumption-uncertainty`.
pub fn with_column(table: &[u8], name: &str, value: &str, dialect: CsvDialect) -> Vec<u8> {
    let text = table.strip_prefix("\u{feff}".as_bytes()).unwrap_or(table);
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(if dialect == CsvDialect::ExcelSv {
            b';'
        } else {
            b','
        })
        .from_reader(text);
    let mut records: Vec<Vec<String>> = r
        .records()
        .filter_map(|rec| rec.ok())
        .map(|rec| rec.iter().map(str::to_owned).collect())
        .collect();
    if records.is_empty() {
        return table.to_vec();
    }
    let mut header = records.remove(0);
    header.push(name.to_owned());
    for row in &mut records {
        row.push(value.to_owned());
    }
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    csv_bytes(&header, records, dialect)
}

/// The first columns of every CSV table of a run, a comparison or a sweep: what produced the
/// row (the scenario, its seed, the number of replications and the program version), so that
/// a table copied out of its folder still says where it came from.
pub const PROVENANCE_COLUMNS: [&str; 4] = ["scenario", "seed", "replications", "version"];

/// Swedish headers of [`PROVENANCE_COLUMNS`].
pub const PROVENANCE_COLUMNS_SV: [&str; 4] = ["scenario", "slumpfrö", "simuleringar", "version"];

/// The cells of [`PROVENANCE_COLUMNS`].
pub fn provenance_cells(scenario: &str, seed: u64, replications: u32) -> Vec<String> {
    vec![
        scenario.to_owned(),
        seed.to_string(),
        replications.to_string(),
        VERSION.to_owned(),
    ]
}

/// The columns of `plan.csv` after the provenance columns: (English, Swedish). The report reads
/// the file by them in either language.
pub const PLAN_COLUMNS: [(&str, &str); 10] = [
    ("unit", "boende"),
    ("template", "mall"),
    ("kind", "boendeform"),
    ("profiles", "målgrupper"),
    ("places", "platser"),
    ("opens", "öppnar"),
    ("quarter", "kvartal"),
    ("district", "område"),
    ("cost_per_place_year_tkr", "kostnad_per_platsår_tkr"),
    ("own_cost_per_full_year_tkr", "egen_kostnad_per_helt_år_tkr"),
];

/// The columns of `plan-years.csv` after the provenance columns: (English, Swedish), `{offer}`
/// the offer goal's months ([`GoalValues::fill`](crate::metrics::GoalValues::fill)).
pub const PLAN_YEARS_COLUMNS: [(&str, &str); 16] = [
    ("year", "år"),
    ("goal_year", "målår"),
    ("new_places_opened", "nya_platser_öppnade"),
    ("new_places_open_at_end", "nya_platser_öppna_vid_slut"),
    (
        "p_nobody_over_{offer}_months",
        "p_ingen_över_{offer}_månader",
    ),
    (
        "p_nobody_over_{offer}_months_lower95",
        "p_ingen_över_{offer}_månader_nedre95",
    ),
    ("p_occupancy_at_target", "p_beläggning_når_målet"),
    (
        "p_occupancy_at_target_lower95",
        "p_beläggning_når_målet_nedre95",
    ),
    ("cost_total_tkr", "kostnad_totalt_tkr"),
    (
        "over_{offer}_months_at_end",
        "över_{offer}_månader_vid_slut",
    ),
    (
        "base_p_nobody_over_{offer}_months",
        "utan_plan_p_ingen_över_{offer}_månader",
    ),
    (
        "base_p_occupancy_at_target",
        "utan_plan_p_beläggning_når_målet",
    ),
    ("base_cost_total_tkr", "utan_plan_kostnad_totalt_tkr"),
    ("cost_difference_tkr", "kostnad_skillnad_tkr"),
    ("cost_difference_ci_low", "kostnad_skillnad_ki_låg"),
    ("cost_difference_ci_high", "kostnad_skillnad_ki_hög"),
];

/// [`PROVENANCE_COLUMNS`] in `lang`.
pub fn provenance_columns(lang: Lang) -> [&'static str; 4] {
    match lang {
        Lang::En => PROVENANCE_COLUMNS,
        Lang::Sv => PROVENANCE_COLUMNS_SV,
    }
}

/// The provenance cells of a run.
fn run_provenance(results: &Results) -> Vec<String> {
    provenance_cells(
        &results.model.scenario.name,
        results.settings.seed,
        results.settings.replications,
    )
}

/// Columns of `yearly.csv`, `quarterly.csv` and `monthly.csv`.
pub const PERIOD_COLUMNS: &[&str] = &[
    "scenario",
    "seed",
    "replications",
    "version",
    "period",
    "year",
    "metric",
    "unit",
    "n",
    "mean",
    "ci_low",
    "ci_high",
    "sd",
    "p5",
    "p25",
    "p50",
    "p75",
    "p95",
];

/// Swedish column headers of the period tables, in the order of [`PERIOD_COLUMNS`].
pub const PERIOD_COLUMNS_SV: &[&str] = &[
    "scenario",
    "slumpfrö",
    "simuleringar",
    "version",
    "period",
    "år",
    "mått",
    "måttenhet",
    "n",
    "medelvärde",
    "ki_låg",
    "ki_hög",
    "sd",
    "p5",
    "p25",
    "p50",
    "p75",
    "p95",
];

fn summary_cells(s: &Summary, d: CsvDialect) -> Vec<String> {
    [
        s.mean, s.ci_low, s.ci_high, s.sd, s.p5, s.p25, s.p50, s.p75, s.p95,
    ]
    .iter()
    .map(|&v| num(v, d))
    .collect()
}

/// One of the period tables: one row per (period, metric) with a value.
/// `lang` picks the column headers ([`PERIOD_COLUMNS`] or [`PERIOD_COLUMNS_SV`]) and the
/// metrics' names and units (`över_6_månader`, `personer`); the numbers are the same in both.
pub fn period_csv(results: &Results, kind: PeriodKind, dialect: CsvDialect, lang: Lang) -> Vec<u8> {
    let provenance = run_provenance(results);
    let goals = GoalValues::from(&results.model.scenario.goals);
    let mut rows = Vec::new();
    for p in results.stats.iter().filter(|p| p.kind == kind) {
        for (m, s) in METRICS.iter().zip(&p.metrics) {
            if s.n == 0 {
                continue;
            }
            let mut row = provenance.clone();
            row.extend([
                p.period.clone(),
                p.year.to_string(),
                goals.metric_name_in(m, lang),
                unit_in(m.unit, lang).to_owned(),
                s.n.to_string(),
            ]);
            row.extend(summary_cells(s, dialect));
            rows.push(row);
        }
    }
    csv_bytes(
        if lang == Lang::Sv {
            PERIOD_COLUMNS_SV
        } else {
            PERIOD_COLUMNS
        },
        rows,
        dialect,
    )
}

/// The columns of `profiles.csv`: the period tables' columns ([`PERIOD_COLUMNS`], or
/// [`PERIOD_COLUMNS_SV`]) with `profile` (`målgrupp`) after `year`.
pub fn profile_columns(lang: Lang) -> Vec<&'static str> {
    let (period, profile) = match lang {
        Lang::Sv => (PERIOD_COLUMNS_SV, "målgrupp"),
        Lang::En => (PERIOD_COLUMNS, "profile"),
    };
    let at = PERIOD_COLUMNS
        .iter()
        .position(|c| *c == "year")
        .expect("the period tables have a year")
        + 1;
    let mut columns = period.to_vec();
    columns.insert(at, profile);
    columns
}

/// The profile column's value for the totals.
pub const ALL_PROFILES: &str = "all";

/// [`ALL_PROFILES`] in `lang` (`alla`).
pub fn all_profiles(lang: Lang) -> &'static str {
    crate::lang::tr(lang, ALL_PROFILES, "alla")
}

/// `profiles.csv`: the per-profile metrics ([`PROFILE_METRICS`]) per quarter and year and per
/// target group, each period's rows followed by the same metrics for all profiles together
/// (`all`, the figures of the period tables). `lang` picks the column headers.
pub fn profiles_csv(results: &Results, dialect: CsvDialect, lang: Lang) -> Vec<u8> {
    let provenance = run_provenance(results);
    let goals = GoalValues::from(&results.model.scenario.goals);
    let names = &results.model.scenario.profiles;
    let mut rows = Vec::new();
    let mut push = |p: &PeriodStats, profile: &str, id: &str, s: &Summary| {
        if s.n == 0 {
            return;
        }
        let m = &METRICS[index(id)];
        let mut row = provenance.clone();
        row.extend([
            p.period.clone(),
            p.year.to_string(),
            profile.to_owned(),
            goals.metric_name_in(m, lang),
            unit_in(m.unit, lang).to_owned(),
            s.n.to_string(),
        ]);
        row.extend(summary_cells(s, dialect));
        rows.push(row);
    };
    for p in results.stats.iter().filter(|p| p.kind != PeriodKind::Month) {
        for ps in results
            .profiles
            .iter()
            .filter(|ps| ps.kind == p.kind && ps.period == p.period)
        {
            for (id, s) in PROFILE_METRICS.iter().zip(&ps.metrics) {
                push(p, &names[ps.profile], id, s);
            }
        }
        for id in PROFILE_METRICS {
            push(p, all_profiles(lang), id, &p.metrics[index(id)]);
        }
    }
    csv_bytes(&profile_columns(lang), rows, dialect)
}

/// Columns of `units.csv`.
pub const UNIT_COLUMNS: &[&str] = &[
    "scenario",
    "seed",
    "replications",
    "version",
    "unit_id",
    "name",
    "district",
    "kind",
    "places",
    "year",
    "open_place_days",
    "n",
    "occupancy_mean",
    "ci_low",
    "ci_high",
    "p5",
    "p25",
    "p50",
    "p75",
    "p95",
];

/// Swedish column headers of `units.csv`, in the order of [`UNIT_COLUMNS`].
pub const UNIT_COLUMNS_SV: &[&str] = &[
    "scenario",
    "slumpfrö",
    "simuleringar",
    "version",
    "boende_id",
    "namn",
    "område",
    "boendeform",
    "platser",
    "år",
    "öppna_platsdagar",
    "n",
    "beläggningsgrad_medelvärde",
    "ki_låg",
    "ki_hög",
    "p5",
    "p25",
    "p50",
    "p75",
    "p95",
];

/// Occupancy per unit and year; `lang` picks the column headers.
pub fn units_csv(results: &Results, dialect: CsvDialect, lang: Lang) -> Vec<u8> {
    let s = &results.model.scenario;
    let provenance = run_provenance(results);
    let mut rows = Vec::new();
    for uy in &results.units {
        let u = &s.units[uy.unit];
        let o = &uy.occupancy;
        if o.n == 0 {
            continue;
        }
        let kind = serde_json::to_value(u.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let kind = kind_name(&kind, lang).to_owned();
        let mut row = provenance.clone();
        row.extend([
            u.id.clone(),
            u.name.clone(),
            s.districts[u.district as usize].clone(),
            kind,
            u.places.to_string(),
            uy.year.to_string(),
            num(uy.open_place_days, dialect),
            o.n.to_string(),
        ]);
        row.extend(
            [
                o.mean, o.ci_low, o.ci_high, o.p5, o.p25, o.p50, o.p75, o.p95,
            ]
            .iter()
            .map(|&v| num(v, dialect)),
        );
        rows.push(row);
    }
    csv_bytes(
        if lang == Lang::Sv {
            UNIT_COLUMNS_SV
        } else {
            UNIT_COLUMNS
        },
        rows,
        dialect,
    )
}

pub(crate) fn summary_json_value(s: &Summary) -> serde_json::Value {
    let f = |v: f64| {
        if v.is_nan() {
            serde_json::Value::Null
        } else {
            json!(v)
        }
    };
    json!({
        "n": s.n, "mean": f(s.mean), "sd": f(s.sd), "ci_low": f(s.ci_low), "ci_high": f(s.ci_high),
        "p5": f(s.p5), "p25": f(s.p25), "p50": f(s.p50), "p75": f(s.p75), "p95": f(s.p95),
    })
}

/// `summary.json`: every metric for every period, the goals, the units and the provenance.
/// `source` is the scenario file as seen from the result folder `out` ([`write::path_from`]),
/// when the results go to one. The scenario's warnings (values outside their plausible range)
/// are listed under `warnings`, their files as seen from `out`; the key is left out when there
/// are none.
pub fn summary_json(results: &Results, source: Option<&str>, out: Option<&Path>) -> Vec<u8> {
    let s = &results.model.scenario;
    let names = GoalValues::from(&s.goals);
    let periods = |kind: PeriodKind| -> Vec<serde_json::Value> {
        results
            .stats
            .iter()
            .filter(|p| p.kind == kind)
            .map(|p| {
                let metrics: serde_json::Map<String, serde_json::Value> = METRICS
                    .iter()
                    .zip(&p.metrics)
                    .filter(|(_, s)| s.n > 0)
                    .map(|(m, s)| (names.metric_name(m), summary_json_value(s)))
                    .collect();
                json!({ "period": p.period, "year": p.year, "metrics": metrics })
            })
            .collect()
    };
    let goals: Vec<serde_json::Value> = results
        .stats
        .iter()
        .filter(|p| p.kind == PeriodKind::Year && p.year >= s.goals.first_goal_year)
        .map(|p| {
            let get = |id: &str| p.metrics[index(id)].mean;
            json!({
                "year": p.year,
                names.offer_goal_probability_name(): get("goal_offer_met"),
                "p_occupancy_at_target": get("goal_occupancy_met"),
                "ivo_reports": get("ivo_reports"),
                "cost_total_tkr": get("cost_total_tkr"),
            })
        })
        .collect();
    let units: Vec<serde_json::Value> = results
        .units
        .iter()
        .filter(|u| u.occupancy.n > 0)
        .map(|u| json!({ "unit_id": s.units[u.unit].id, "name": s.units[u.unit].name, "year": u.year, "occupancy": summary_json_value(&u.occupancy) }))
        .collect();
    // The short-term metrics are listed only for a scenario with short-term places, so every
    // other scenario's summary is as it was.
    let has_short_term = s.short_term.is_some();
    let metrics: Vec<serde_json::Value> = METRICS
        .iter()
        .filter(|m| !m.training || s.has_training_limit())
        .filter(|m| has_short_term || !m.is_short_term())
        .map(|m| json!({ "name": names.metric_name(m), "unit": m.unit, "description": names.metric_description(m) }))
        .collect();
    let hist: Vec<serde_json::Value> = results
        .model
        .calendar
        .years
        .iter()
        .zip(&results.wait_hist)
        .map(|(y, h)| json!({ "year": y.year, "counts": h }))
        .collect();
    let warnings: Vec<serde_json::Value> = s
        .warnings
        .iter()
        .map(|w| {
            let l = &w.location;
            let file = out
                .and_then(|out| write::path_from(out, &l.file))
                .unwrap_or_else(|| l.file.display().to_string());
            json!({ "file": file, "line": l.line, "column": l.column, "message": w.message })
        })
        .collect();
    // Per target group: per year and quarter, the per-profile metrics of each profile.
    let by_profile = |kind: PeriodKind| -> Vec<serde_json::Value> {
        results
            .profiles
            .iter()
            .filter(|p| p.kind == kind)
            .map(|p| {
                let metrics: serde_json::Map<String, serde_json::Value> = PROFILE_METRICS
                    .iter()
                    .zip(&p.metrics)
                    .filter(|(_, s)| s.n > 0)
                    .map(|(id, s)| (names.name(id), summary_json_value(s)))
                    .collect();
                json!({ "period": p.period, "year": p.year, "profile": s.profiles[p.profile], "metrics": metrics })
            })
            .collect()
    };
    let profiles = json!({
        "names": s.profiles,
        "metrics": PROFILE_METRICS
            .iter()
            .filter(|id| has_short_term || !METRICS[index(id)].is_short_term())
            .map(|id| names.name(id))
            .collect::<Vec<_>>(),
        "years": by_profile(PeriodKind::Year),
        "quarters": by_profile(PeriodKind::Quarter),
    });
    let mut v = json!({
        "program": "lss-sim",
        "version": VERSION,
        "scenario": { "name": s.name, "file": source, "description": s.description, "start": s.start.to_string(), "end": s.end.to_string() },
        "seed": results.settings.seed,
        "replications": results.settings.replications,
        "events": results.events,
        "statistics": {
            "mean_ci": "95 % confidence interval of the mean, Student t with n - 1 degrees of freedom",
            "percentiles": "Hyndman-Fan type 7 (R and numpy default)",
        },
        "goals": {
            "offer_within_months": s.goals.offer_within_months,
            "report_after_months": s.goals.report_after_months,
            "occupancy_target": s.goals.occupancy_target,
            "first_goal_year": s.goals.first_goal_year,
            "by_year": goals,
        },
        "metrics": metrics,
        "years": periods(PeriodKind::Year),
        "quarters": periods(PeriodKind::Quarter),
        "months": periods(PeriodKind::Month),
        "units": units,
        "profiles": profiles,
        "wait_to_first_offer_histogram": { "bin_days": crate::model::WAIT_BIN_DAYS, "years": hist },
    });
    if !warnings.is_empty() {
        v["warnings"] = warnings.into();
    }
    // Only for a scenario with observations, so other summaries stay as they were.
    if !results.observations.is_empty() {
        v["observations"] = observations::json(&results.observations);
    }
    // Only with `--assumption-uncertainty`, so a chance-only summary stays as it was.
    if !results.assumptions.is_empty() {
        v["bands"] = json!({
            "kind": BANDS_WITH_ASSUMPTIONS,
            "drawn_each_replication": results.assumptions,
            "note": "every replication draws the ranged parameters of [uncertainty] from their ranges: intervals and percentiles show what is not known about these inputs as well as chance",
        });
    }
    let mut bytes = serde_json::to_vec_pretty(&v).expect("serialisable");
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_localised() {
        assert_eq!(num(3.0, CsvDialect::Plain), "3");
        assert_eq!(num(0.981234567, CsvDialect::Plain), "0.981235");
        assert_eq!(num(0.981234567, CsvDialect::ExcelSv), "0,981235");
        assert_eq!(num(123456.789, CsvDialect::Plain), "123456.79");
        assert_eq!(num(f64::NAN, CsvDialect::Plain), "");
        assert_eq!(num(-0.0000001, CsvDialect::Plain), "0");
    }

    #[test]
    fn every_run_table_begins_with_its_provenance() {
        for (columns, provenance) in [
            (PERIOD_COLUMNS, PROVENANCE_COLUMNS),
            (UNIT_COLUMNS, PROVENANCE_COLUMNS),
            (PERIOD_COLUMNS_SV, PROVENANCE_COLUMNS_SV),
            (UNIT_COLUMNS_SV, PROVENANCE_COLUMNS_SV),
        ] {
            assert_eq!(&columns[..4], &provenance, "{columns:?}");
        }
        assert_eq!(PERIOD_COLUMNS.len(), PERIOD_COLUMNS_SV.len());
        assert_eq!(UNIT_COLUMNS.len(), UNIT_COLUMNS_SV.len());
    }
}

/// A unit kind's name in `lang`: the register's key (`group`) in English, the planner's word
/// (`gruppbostad`) in Swedish.
pub fn kind_name(key: &str, lang: Lang) -> &str {
    match (lang, key) {
        (Lang::Sv, "group") => "gruppbostad",
        (Lang::Sv, "service") => "servicebostad",
        (Lang::Sv, "training") => "träningsboende",
        (Lang::Sv, "short-term" | "short_term") => "korttidsplats",
        (_, key) => key,
    }
}
