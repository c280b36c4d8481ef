//! Observations: what happened in reality, given in the scenario (`[[observation]]`) or in a CSV
//! a planner pastes from the municipality's reports (`observations = "file.csv"`).
//!
//! ```toml
//! [[observation]]
//! metric = "ivo_reports"
//! period = "2018-Q4"
//! value = 36
//! source = "IVO via Sveriges Radio, December 2018"
//! definition = "decisions on housing for adults unexecuted and reported to IVO"
//! ```
//!
//! Here the form is checked (a value of 0 or more, a date or a period inside the horizon, a
//! metric named); the metric name and whether it can be observed at that date or over that period
//! are checked by [`crate::metrics::observed`], the one place that knows the metrics. Both kinds
//! are inherited through `extends` as every key is: a child's `[[observation]]` list replaces its
//! parent's whole, and so does its `observations` file; the two lists add up.

use std::path::Path;

use chrono::NaiveDate;

use super::Loaded;
use super::csvread::Table;
use super::file::ScenarioFile;
use crate::calendar::Calendar;
use crate::error::{Error, Location, Result};
use crate::model::{Observation, ObservedAt};

/// Columns of an observations CSV that must be there.
const REQUIRED: &[&str] = &["metric", "value"];
/// Columns it may have.
const OPTIONAL: &[&str] = &["date", "period", "source", "definition"];

/// The observations of a scenario with horizon `start..=end`, checked for form.
pub(super) fn read(
    loaded: &Loaded,
    raw: &ScenarioFile,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Vec<Observation>> {
    let cal = Calendar::new(start, end);
    let mut out = Vec::new();
    for (i, o) in raw.observation.iter().flatten().enumerate() {
        let n = i.to_string();
        let at = |field: &str| loaded.located(&["observation", &n, field]);
        let whole = || loaded.located(&["observation", &n]);
        let err = |loc: Location, m: String| {
            Error::input(
                loc,
                crate::msg!("[[observation]] {}: {m}", "[[observation]] {}: {m}", i + 1),
            )
        };
        let metric = o
            .metric
            .clone()
            .filter(|m| !m.trim().is_empty())
            .ok_or_else(|| {
                err(
                    whole(),
                    crate::msg!(
                        "`metric` is missing (such as metric = \"queue\")",
                        "`metric` saknas (som metric = \"queue\")"
                    ),
                )
            })?;
        let value = o
            .value
            .ok_or_else(|| err(whole(), crate::msg!("`value` is missing", "`value` saknas")))?;
        let date = match o.date {
            None => None,
            Some(d) => match (d.date, d.time) {
                (Some(x), None) => Some(
                    NaiveDate::from_ymd_opt(x.year as i32, x.month as u32, x.day as u32)
                        .ok_or_else(|| {
                            err(
                                at("date"),
                                crate::msg!(
                                    "`{d}` is not a valid date",
                                    "`{d}` är inget giltigt datum"
                                ),
                            )
                        })?,
                ),
                _ => {
                    return Err(err(
                        at("date"),
                        crate::msg!(
                            "`date` = {d} must be a date without a time, such as 2018-12-31",
                            "`date` = {d} måste vara ett datum utan klockslag, som 2018-12-31"
                        ),
                    ));
                }
            },
        };
        let when = when(&cal, start, date, o.period.as_deref()).map_err(|m| {
            let loc = if o.period.is_some() {
                at("period")
            } else if date.is_some() {
                at("date")
            } else {
                whole()
            };
            err(loc, m)
        })?;
        check_value(value).map_err(|m| err(at("value"), m))?;
        out.push(Observation {
            metric: metric.trim().to_owned(),
            at: when,
            value,
            source: o.source.clone().unwrap_or_default(),
            definition: o.definition.clone().unwrap_or_default(),
            location: at("metric"),
        });
    }
    if let Some(file) = &raw.observations {
        let table = Table::read(Path::new(file), REQUIRED, OPTIONAL)
            .map_err(|e| super::named_at(&loaded.layers, &["observations"], e))?;
        for row in table.rows() {
            let metric = row.text("metric")?;
            let value = row
                .number("value")?
                .ok_or_else(|| row.error("value", crate::msg!("is empty", "är tom")))?;
            check_value(value).map_err(|m| row.error("value", m))?;
            let date = row.date("date")?;
            let period = Some(row.str("period")).filter(|p| !p.is_empty());
            let when = when(&cal, start, date, period)
                .map_err(|m| row.error(if period.is_some() { "period" } else { "date" }, m))?;
            out.push(Observation {
                metric: metric.trim().to_owned(),
                at: when,
                value,
                source: row.str("source").to_owned(),
                definition: row.str("definition").to_owned(),
                location: row.warning("metric", "").location,
            });
        }
    }
    Ok(out)
}

/// A value a count, share, days or tkr can take.
fn check_value(v: f64) -> std::result::Result<(), String> {
    if !v.is_finite() || v < 0.0 {
        return Err(crate::msg!(
            "`value` = {v} must be a finite number of 0 or more (a count, share, days or tkr)",
            "`value` = {v} måste vara ett ändligt tal, 0 eller mer (ett antal, en andel, dagar eller tkr)"
        ));
    }
    Ok(())
}

/// When an observation was made: a date inside the horizon or the day before it starts (the
/// start state), or the label of a month, quarter or year of the horizon.
fn when(
    cal: &Calendar,
    start: NaiveDate,
    date: Option<NaiveDate>,
    period: Option<&str>,
) -> std::result::Result<ObservedAt, String> {
    let last = cal.months.last().map(|m| m.last_day).unwrap_or(start);
    match (date, period) {
        (Some(_), Some(_)) => Err(crate::msg!(
            "give either `date` or `period`, not both",
            "ange antingen `date` eller `period`, inte båda"
        )),
        (None, None) => Err(crate::msg!(
            "give `date` (the day it was counted, such as 2018-12-31) or `period` (2019, 2018-Q4 or 2019-03)",
            "ange `date` (dagen det räknades, som 2018-12-31) eller `period` (2019, 2018-Q4 eller 2019-03)"
        )),
        (Some(d), None) => {
            let before = start.pred_opt().unwrap_or(start);
            if d < before || d > last {
                return Err(crate::msg!(
                    "the date {d} is outside the horizon ({before}, the start state, to {last})",
                    "datumet {d} ligger utanför tidshorisonten ({before}, startläget, till {last})"
                ));
            }
            Ok(ObservedAt::Date(d))
        }
        (None, Some(p)) => {
            let p = p.trim();
            let known = cal
                .months
                .iter()
                .chain(&cal.quarters)
                .chain(&cal.years)
                .any(|x| x.label == p);
            if known {
                return Ok(ObservedAt::Period(p.to_owned()));
            }
            let form = p.len() == 4 && p.parse::<i32>().is_ok()
                || p.len() == 7
                    && p[..4].parse::<i32>().is_ok()
                    && (p[5..].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
                        && &p[4..5] == "-"
                        || &p[4..6] == "-Q" && matches!(&p[6..], "1" | "2" | "3" | "4"));
            Err(if form {
                crate::msg!(
                    "the period `{p}` is outside the horizon ({} to {})",
                    "perioden `{p}` ligger utanför tidshorisonten ({} till {})",
                    cal.months
                        .first()
                        .map_or(String::new(), |m| m.label.clone()),
                    cal.months.last().map_or(String::new(), |m| m.label.clone())
                )
            } else {
                crate::msg!(
                    "`{p}` is not a period: write a year (2019), a quarter (2018-Q4) or a month (2019-03)",
                    "`{p}` är ingen period: skriv ett år (2019), ett kvartal (2018-Q4) eller en månad (2019-03)"
                )
            })
        }
    }
}
