//! Sweeping one or two scenario parameters over a grid, with common random numbers.
//!
//! A parameter is named by its path in the scenario file (`applications.growth_per_year`) or, for
//! a unit of the register, `unit.<id>.places` and `unit.<id>.opens`. Values are a comma list
//! (`0.01,0.02,0.04`; dates `2019-04-01,2019-07-01`) or a range `start:stop:step` (`0:24:6`).
//! Every grid point is validated before anything runs, so a bad path or a value of the wrong type
//! is reported at once.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::experiment::Results;
use crate::metrics::index;
use crate::model::Scenario;
use crate::scenario::{self, Loaded};

/// One varied parameter and its values.
#[derive(Debug, Clone, PartialEq)]
pub struct Vary {
    /// The path as typed.
    pub path: String,
    /// The values as typed, in order.
    pub values: Vec<String>,
}

/// Parses `PATH=VALUES`.
pub fn parse_vary(spec: &str) -> Result<Vary> {
    let (path, values) = spec.split_once('=').ok_or_else(|| {
        Error::Usage(format!(
            "--vary `{spec}`: expected PATH=VALUES, such as applications.per_year=40,50,60"
        ))
    })?;
    let path = path.trim().to_owned();
    let values = values.trim();
    let parts: Vec<&str> = values.split(':').collect();
    let values: Vec<String> = if parts.len() == 3
        && !values.contains(',')
        && parts.iter().all(|p| p.parse::<f64>().is_ok())
    {
        let [a, b, step] =
            [parts[0], parts[1], parts[2]].map(|p| p.parse::<f64>().expect("checked"));
        if ![a, b, step].iter().all(|x| x.is_finite())
            || step <= 0.0
            || b < a
            || ((b - a) / step) > 1000.0
        {
            return Err(Error::Usage(format!(
                "--vary {path}: the range {values} needs start <= stop and a step above 0 (at most 1000 points)"
            )));
        }
        let whole = [parts[0], parts[1], parts[2]]
            .iter()
            .all(|p| p.parse::<i64>().is_ok());
        let n = ((b - a) / step + 1e-9).floor() as usize;
        (0..=n)
            .map(|i| {
                let v = a + step * i as f64;
                if whole {
                    format!("{}", v as i64)
                } else {
                    format!("{}", (v * 1e9).round() / 1e9)
                }
            })
            .collect()
    } else {
        values
            .split(',')
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect()
    };
    if values.is_empty() {
        return Err(Error::Usage(format!("--vary {path}: no values")));
    }
    Ok(Vary { path, values })
}

fn toml_value(raw: &str) -> toml::Value {
    if let Ok(i) = raw.parse::<i64>() {
        return toml::Value::Integer(i);
    }
    if let Ok(f) = raw.parse::<f64>() {
        return toml::Value::Float(f);
    }
    if let Ok(d) = raw.parse::<toml::value::Datetime>() {
        return toml::Value::Datetime(d);
    }
    match raw {
        "true" => toml::Value::Boolean(true),
        "false" => toml::Value::Boolean(false),
        _ => toml::Value::String(raw.to_owned()),
    }
}

/// Whether `message` is about a varied key: it names the key, or the table it is in below the
/// top level (`offers.response` for `offers.response.days`, a distribution's field).
fn names_a_varied_key(message: &str, settings: &[(&str, &str)]) -> bool {
    settings.iter().any(|(path, _)| {
        let keys: Vec<&str> = path.split('.').collect();
        (2..=keys.len()).any(|n| message.contains(&format!("`{}`", keys[..n].join("."))))
    })
}

/// The scenario with `path` set to `value`, validated.
pub fn apply(loaded: &Loaded, settings: &[(&str, &str)]) -> Result<Scenario> {
    let mut loaded = loaded.clone();
    let mut unit_edits = Vec::new();
    for &(path, value) in settings {
        if let Some(rest) = path.strip_prefix("unit.") {
            let (id, field) = rest.rsplit_once('.').ok_or_else(|| {
                Error::Usage(format!(
                    "--vary {path}: a unit parameter is unit.<id>.places or unit.<id>.opens"
                ))
            })?;
            unit_edits.push((
                id.to_owned(),
                field.to_owned(),
                value.to_owned(),
                path.to_owned(),
            ));
            continue;
        }
        let keys: Vec<&str> = path.split('.').collect();
        let mut table = &mut loaded.merged;
        for key in &keys[..keys.len() - 1] {
            let entry = table
                .entry(key.to_string())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            table = entry.as_table_mut().ok_or_else(|| {
                Error::Usage(format!("--vary {path}: `{key}` is a value, not a table"))
            })?;
        }
        let last = keys[keys.len() - 1];
        let new = toml_value(value);
        // A whole number where the file has a float is still a float.
        let new = match (table.get(last), new) {
            (Some(toml::Value::Float(_)), toml::Value::Integer(i)) => toml::Value::Float(i as f64),
            (_, v) => v,
        };
        table.insert(last.to_owned(), new);
    }
    let mut s = scenario::validate_loaded(&loaded).map_err(|e| {
        // A message about a varied key: its value came from the command line, so the line of
        // the file the key is in would point at the value the sweep replaced.
        let e = match e {
            Error::Input { message, .. } if names_a_varied_key(&message, settings) => message,
            e => e.to_string(),
        };
        Error::Usage(format!(
            "--vary {}: {e}",
            settings
                .iter()
                .map(|(p, v)| format!("{p}={v}"))
                .collect::<Vec<_>>()
                .join(" ")
        ))
    })?;
    // A unit swept to 0 places is removed after every edit (its opening date may be swept too).
    let mut remove = Vec::new();
    for (id, field, value, path) in unit_edits {
        let i = s.units.iter().position(|u| u.id == id).ok_or_else(|| {
            Error::Usage(format!("--vary {path}: no unit `{id}` in the registers"))
        })?;
        match field.as_str() {
            "places" => {
                let places: u32 = value.parse().map_err(|_| {
                    Error::Usage(format!(
                        "--vary {path}: `{value}` is not a whole number of places"
                    ))
                })?;
                if places == 0 {
                    remove.push(i);
                } else {
                    let u = &mut s.units[i];
                    u.occupied_at_start = u.occupied_at_start.min(places);
                    u.places = places;
                }
            }
            "opens" => {
                let d: chrono::NaiveDate = value.parse().map_err(|_| {
                    Error::Usage(format!("--vary {path}: `{value}` is not a date YYYY-MM-DD"))
                })?;
                // A date after the end is allowed, as in the register: the unit does not open
                // within the horizon.
                let t = s.day_of(d);
                let u = &mut s.units[i];
                if u.occupied_at_start > 0 && t > 0.0 {
                    return Err(Error::Usage(format!(
                        "--vary {path}: unit `{id}` has residents at the start and cannot open later"
                    )));
                }
                u.opens = if t <= 0.0 { None } else { Some(t) };
            }
            other => {
                return Err(Error::Usage(format!(
                    "--vary {path}: `{other}` cannot be varied; use places or opens"
                )));
            }
        }
    }
    remove.sort_unstable();
    for i in remove.into_iter().rev() {
        s.units.remove(i);
    }
    Ok(s)
}

/// The goal a sweep looks for the cheapest way to meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Goal {
    /// Nobody over 6 months without an offer at any quarter end of the year.
    Offer,
    /// Occupancy at or above the target.
    Occupancy,
}

/// One grid point's figures.
#[derive(Debug, Clone, Serialize)]
pub struct Point {
    /// The parameter values of this point, as typed.
    pub values: Vec<String>,
    /// P(goal_offer_met) in the chosen year.
    pub p_offer: f64,
    /// P(goal_occupancy_met) in the chosen year.
    pub p_occupancy: f64,
    /// Expected IVO reports in the chosen year.
    pub ivo_reports: f64,
    /// Expected people over 6 months at the end of the chosen year.
    pub over_6_months: f64,
    /// Expected total cost over the goal years, tkr.
    pub cost_tkr: f64,
}

/// Figures of one grid point from its results.
pub fn point(values: Vec<String>, r: &Results, year: i32) -> Result<Point> {
    let y = r
        .model
        .calendar
        .years
        .iter()
        .position(|p| p.year == year)
        .ok_or_else(|| Error::Usage(format!("--year {year} is outside the horizon")))?;
    let mean = |yi: usize, name: &str| r.yearly(yi, index(name)).mean;
    let first = r.model.scenario.goals.first_goal_year;
    let cost_tkr = r
        .model
        .calendar
        .years
        .iter()
        .enumerate()
        .filter(|(_, p)| p.year >= first)
        .map(|(yi, _)| mean(yi, "cost_total_tkr"))
        .sum();
    Ok(Point {
        values,
        p_offer: mean(y, "goal_offer_met"),
        p_occupancy: mean(y, "goal_occupancy_met"),
        ivo_reports: mean(y, "ivo_reports"),
        over_6_months: mean(y, "over_6_months"),
        cost_tkr,
    })
}

/// The cheapest point that meets `goal` with at least probability `p`.
pub fn cheapest(points: &[Point], goal: Goal, p: f64) -> Option<&Point> {
    points
        .iter()
        .filter(|pt| match goal {
            Goal::Offer => pt.p_offer >= p,
            Goal::Occupancy => pt.p_occupancy >= p,
        })
        .min_by(|a, b| a.cost_tkr.total_cmp(&b.cost_tkr))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_lists_or_ranges() {
        assert_eq!(
            parse_vary("unit.X.places=0:24:6").unwrap().values,
            ["0", "6", "12", "18", "24"]
        );
        assert_eq!(
            parse_vary("applications.growth_per_year=0.01:0.04:0.01")
                .unwrap()
                .values,
            ["0.01", "0.02", "0.03", "0.04"]
        );
        assert_eq!(
            parse_vary("unit.X.opens=2019-01-01,2019-04-01")
                .unwrap()
                .values,
            ["2019-01-01", "2019-04-01"]
        );
        assert!(parse_vary("no-equals").is_err());
        assert!(parse_vary("a.b=5:1:1").is_err());
    }
}
