//! Sweeping one or two scenario parameters over a grid, with common random numbers.
//!
//! A parameter is named by its path in the scenario file (`applications.growth_per_year`) or, for
//! a unit of the register, `unit.<id>.places` and `unit.<id>.opens`. Values are a comma list
//! (`0.01,0.02,0.04`; dates `2019-04-01,2019-07-01`) or a range `start:stop:step` (`0:24:6`).
//! Every grid point is a [`Variation`] of the base scenario, validated as a scenario file before
//! anything runs, so a bad path, a value of the wrong type or a point that breaks a rule of the
//! files is reported at once. A parameter is varied once, and not the horizon, the goals (the
//! offer goal, reporting limit, occupancy target and first goal year), the seed or the
//! replications: the points would not be comparable, and the outputs name one set of goals.

use crate::error::{Error, Result};
use crate::experiment::Results;
use crate::metrics::index;
use crate::model::Scenario;
use crate::scenario::{self, Key, Loaded, Variation};

pub use crate::grid::{Goal, Point, cheapest};

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
        Error::Usage(crate::msg!(
            "--vary `{spec}`: expected PATH=VALUES, such as applications.per_year=40,50,60",
            "--vary `{spec}`: väntade SÖKVÄG=VÄRDEN, som applications.per_year=40,50,60"
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
            return Err(Error::Usage(crate::msg!(
                "--vary {path}: the range {values} needs start <= stop and a step above 0 (at most 1000 points)",
                "--vary {path}: intervallet {values} kräver start <= slut och ett steg över 0 (högst 1000 punkter)"
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
        return Err(Error::Usage(crate::msg!(
            "--vary {path}: no values",
            "--vary {path}: inga värden"
        )));
    }
    Ok(Vary { path, values })
}

/// `e`, the refusal of a grid point, with a hint when a `--vary` in `specs` lists its values
/// like decimals written with a comma (`offers.acceptance_probability=0,7` is the two values 0
/// and 7).
pub fn comma_hint(e: Error, specs: &[String]) -> Error {
    let commas = specs.iter().any(|spec| {
        spec.split_once('=').is_some_and(|(_, values)| {
            let b = values.as_bytes();
            (1..b.len().saturating_sub(1))
                .any(|i| b[i] == b',' && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit())
        })
    });
    if !commas {
        return e;
    }
    let hint = crate::msg!(
        " (the values of a list are separated by commas and decimals are written with a point, such as 0.6,0.7)",
        " (en listas värden skiljs åt med kommatecken och decimaltal skrivs med punkt, som 0.6,0.7)"
    );
    match e {
        Error::Varied { setting, message } => Error::Varied {
            setting,
            message: message + &hint,
        },
        Error::Usage(message) => Error::Usage(message + &hint),
        e => e,
    }
}

/// Parses the `--vary` options of a sweep: one or two, each parameter once, none that would make
/// the points incomparable.
pub fn parse_varies(specs: &[String]) -> Result<Vec<Vary>> {
    let varies = specs
        .iter()
        .map(|v| parse_vary(v))
        .collect::<Result<Vec<_>>>()?;
    if varies.len() > 2 {
        return Err(Error::Usage(crate::msg!(
            "--vary can be given once or twice",
            "--vary kan anges en eller två gånger"
        )));
    }
    let keys = varies
        .iter()
        .map(|v| Key::parse(&v.path))
        .collect::<Result<Vec<_>>>()?;
    for (v, key) in varies.iter().zip(&keys) {
        if let Some(why) = fixed_for_a_sweep(key) {
            return Err(Error::Usage(crate::msg!(
                "--vary {}: cannot be varied in a sweep: {why}",
                "--vary `{}`: kan inte varieras i ett svep: {why}",
                v.path
            )));
        }
    }
    if let [a, b] = &varies[..] {
        if keys[0] == keys[1] {
            return Err(Error::Usage(crate::msg!(
                "--vary {} is given twice: a sweep varies a parameter once; list all its values in one --vary, such as {}={}",
                "--vary {} anges två gånger: ett svep varierar en parameter en gång; lista alla dess värden i en --vary, som {}={}",
                b.path,
                a.path,
                [&a.values[..], &b.values[..]].concat().join(",")
            )));
        }
        if keys[0].overlaps(&keys[1]) {
            return Err(Error::Usage(crate::msg!(
                "--vary {} and --vary {} set the same value (one is part of the other): vary one of them",
                "--vary {} och --vary {} sätter samma värde (det ena är en del av det andra): variera ett av dem",
                a.path,
                b.path
            )));
        }
    }
    Ok(varies)
}

/// Why a key of the scenario file cannot be varied in a sweep, if it cannot: the points would
/// not be comparable, or the sweep would ignore the value.
fn fixed_for_a_sweep(key: &Key) -> Option<String> {
    let Key::Scenario(keys) = key else {
        return None;
    };
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    Some(match keys[..] {
        ["horizon", ..] => crate::msg!(
            "points with different horizons would compare cost and goals over different spans of years; sweep each horizon on its own (a scenario file with `extends` and its own [horizon])",
            "punkter med olika tidshorisonter skulle jämföra kostnad och mål över olika antal år; svep varje tidshorisont för sig (en scenariofil med `extends` och en egen `[horizon]`)"
        ),
        [
            "goals",
            "offer_within_months" | "report_after_months" | "occupancy_target",
        ] => crate::msg!(
            "the goal is what every point is measured against, and the sweep's columns and charts are named after it (\"over 6 months\", \"98 %\"); sweep the plan, and each goal in a sweep of its own (a scenario file with `extends` and its own [goals])",
            "målet är det som varje punkt mäts mot, och svepets kolumner och diagram är namngivna efter det (\"över 6 månader\", \"98 %\"); svep planen, och varje mål i ett eget svep (en scenariofil med `extends` och egna `[goals]`)"
        ),
        ["goals", "first_goal_year"] => crate::msg!(
            "each point's cost is summed over the goal years, so points with different first goal years would compare cost over different spans; choose the assessed year with --year",
            "varje punkts kostnad summeras över målåren, så punkter med olika första målår skulle jämföra kostnad över olika antal år; välj det bedömda året med --year"
        ),
        ["seed"] => crate::msg!(
            "every point runs with the same seed (common random numbers); choose it with --seed",
            "varje punkt körs med samma slumpfrö (gemensamma slumptal); välj det med --seed"
        ),
        ["replications"] => crate::msg!(
            "every point runs the same replications; choose them with -n",
            "varje punkt körs med samma simuleringar; välj antalet med -n"
        ),
        ["name"] => crate::msg!(
            "the name labels the output, not the model",
            "namnet märker resultaten, inte modellen"
        ),
        ["extends"] => crate::msg!(
            "the files are read before the sweep; write a scenario file with `extends` and sweep that",
            "filerna läses före svepet; skriv en scenariofil med `extends` och svep den"
        ),
        _ => return None,
    })
}

/// The scenario at one grid point: the `(PATH, VALUE)` settings applied to the raw input and
/// validated once, exactly as a scenario file is (see [`Variation`]).
pub fn apply(loaded: &Loaded, settings: &[(&str, &str)]) -> Result<Scenario> {
    let variations = settings
        .iter()
        .map(|&(path, value)| Variation::new(path, value))
        .collect::<Result<Vec<_>>>()?;
    scenario::validate_loaded(&loaded.varied(&variations)?).map_err(|e| match e {
        // About a varied value: the message names its setting.
        e @ Error::Varied { .. } => e,
        // A rule of the files broken at this point (a limit, a profile no unit serves any more):
        // the file's message, with the point.
        e => Error::Usage(crate::msg!(
            "--vary {}: {e}",
            "--vary {}: {e}",
            settings
                .iter()
                .map(|(p, v)| format!("{p}={v}"))
                .collect::<Vec<_>>()
                .join(" ")
        )),
    })
}

/// Figures of one grid point from its results.
pub fn point(values: Vec<String>, r: &Results, year: i32) -> Result<Point> {
    let y = r
        .model
        .calendar
        .years
        .iter()
        .position(|p| p.year == year)
        .ok_or_else(|| {
            Error::Usage(crate::msg!(
                "--year {year} is outside the horizon",
                "--year {year} ligger utanför tidshorisonten"
            ))
        })?;
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
        over_offer_goal: mean(y, "over_offer_goal"),
        cost_tkr,
    })
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
