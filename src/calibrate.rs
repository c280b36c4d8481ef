//! `lss-sim calibrate`: fits chosen parameters of a scenario to its observations by approximate
//! Bayesian computation (ABC rejection; Pritchard et al. 1999, Beaumont et al. 2002).
//!
//! Each parameter `PATH=LOW:HIGH` has a uniform prior on its range. `draws` parameter vectors are
//! drawn from the priors (each value from a stream of its own, from (seed, draw, path), so the draws
//! do not depend on the thread count); each draw is a set of [`Variation`]s validated exactly as a
//! scenario file. Every draw runs the same `per_draw` replications, `0..per_draw` with the same seed
//! (common random numbers): the k-th simulated future of every draw sees the same random streams,
//! so two draws differ by their parameters, not by their luck. Each (draw, replication) pair is a
//! simulated data set; its distance to the observations is the root mean square of the
//! standardised differences `(simulated - observed) / scale`, where an observation's scale is the
//! spread of its simulated values over all pairs (the median absolute deviation times 1.4826, or
//! the standard deviation where that is 0; Prangle 2017 on scaling ABC summaries). An observation
//! that is the same in every pair (the start state) cannot inform the fit and is left out of the
//! distance. The `ceil(accept * pairs)` closest pairs are accepted (ties in draw order, see
//! [`accept_closest`]), and a draw's weight is the number of its replications among them: the
//! accepted pairs are an ABC rejection sample of the posterior, whose parameter values are the
//! draws weighted so.
//!
//! With `per_draw` replications per draw this is ABC with several pseudo-data sets per parameter
//! value (an unbiased estimate of the ABC likelihood at each draw); with common random numbers the
//! estimate at every draw uses the same `per_draw` futures, which removes the noise between draws,
//! at the price of a small bias when `per_draw` is small. docs/observations.md gives the recovery
//! test and the measured times.

use std::time::Instant;

use crate::engine::{Model, run_replication};
use crate::error::{Error, Result};
use crate::experiment::{Settings, map_replications};
use crate::metrics::{Observed, observed, observed_value, periods};
use crate::model::Scenario;
use crate::scenario::{self, Key, Loaded, Range, Variation};
use crate::sensitivity::assumption_u;

/// One fitted parameter: a numeric key of the scenario file and its prior range.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// The range (uniform prior), with the scenario's own value as `base`.
    pub range: Range,
}

/// Parses `PATH=LOW:HIGH` against the scenario `loaded`: a numeric key the scenario sets, two
/// finite ends with LOW < HIGH, each end valid when applied to the scenario (validated as a file).
pub fn parse_fit(loaded: &Loaded, text: &str) -> Result<Fit> {
    let usage = |m: String| Error::Usage(format!("--fit {text}: {m}"));
    let (path, range) = text.split_once('=').ok_or_else(|| {
        usage(crate::msg!(
            "write PATH=LOW:HIGH, such as investigation.grant_probability=0.5:0.9",
            "skriv SÖKVÄG=LÅG:HÖG, som investigation.grant_probability=0.5:0.9"
        ))
    })?;
    let (low, high) = range.split_once(':').ok_or_else(|| {
        usage(crate::msg!(
            "the range is LOW:HIGH, such as 0.5:0.9",
            "intervallet skrivs LÅG:HÖG, som 0.5:0.9"
        ))
    })?;
    let number = |s: &str| {
        s.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| usage(crate::lang::not_a_number(s.trim())))
    };
    let (low, high) = (number(low)?, number(high)?);
    if low >= high {
        return Err(usage(crate::msg!(
            "LOW ({low}) must be below HIGH ({high})",
            "LÅG ({low}) måste vara mindre än HÖG ({high})"
        )));
    }
    let path = path.trim();
    let keys = match Key::parse(path).map_err(|_| {
        usage(crate::msg!(
            "`{path}` is not a key of the scenario file",
            "`{path}` är ingen nyckel i scenariofilen"
        ))
    })? {
        Key::Scenario(keys) => keys,
        _ => {
            return Err(usage(crate::msg!(
                "only keys of the scenario file can be fitted (a unit's places or opening is a plan, not an unknown)",
                "bara nycklar i scenariofilen kan anpassas (ett boendes platser eller öppningsdatum är en plan, inte en okänd storhet)"
            )));
        }
    };
    let names: Vec<&str> = keys.iter().map(String::as_str).collect();
    if matches!(
        names[0],
        "horizon"
            | "goals"
            | "seed"
            | "replications"
            | "observation"
            | "observations"
            | "uncertainty"
            | "units"
            | "start"
    ) {
        return Err(usage(crate::msg!(
            "`{path}` is not an assumption a fit can move",
            "`{path}` är inget antagande som en anpassning kan flytta"
        )));
    }
    let mut table = Some(&loaded.merged);
    for k in &names[..names.len() - 1] {
        table = table.and_then(|t| t.get(*k)).and_then(|v| v.as_table());
    }
    let base = match table.and_then(|t| t.get(names[names.len() - 1])) {
        Some(toml::Value::Integer(i)) => *i as f64,
        Some(toml::Value::Float(f)) => *f,
        Some(other) => {
            return Err(usage(crate::msg!(
                "`{path}` is {} in this scenario, not a number",
                "`{path}` är {} i det här scenariot, inget tal",
                crate::error::value_kind(other)
            )));
        }
        None => {
            return Err(usage(crate::msg!(
                "`{path}` is not set in this scenario: a fit varies a value the scenario sets (check the spelling)",
                "`{path}` är inte satt i det här scenariot: en anpassning varierar ett värde som scenariot sätter (kontrollera stavningen)"
            )));
        }
    };
    let whole = scenario::whole_key(&loaded.merged, &names);
    if whole && (low.fract() != 0.0 || high.fract() != 0.0) {
        return Err(usage(crate::msg!(
            "`{path}` is a whole number, so LOW and HIGH must be too",
            "`{path}` är ett heltal, så LÅG och HÖG måste också vara det"
        )));
    }
    let range = Range {
        path: path.to_owned(),
        base,
        low,
        high,
        dist: scenario::Dist::Uniform,
        whole,
    };
    let floated = scenario::with_floats(loaded, std::slice::from_ref(&range));
    for x in [low, high] {
        let v = range.variation(x);
        scenario::validate_loaded(&floated.varied(std::slice::from_ref(&v))?).map_err(|e| {
            usage(crate::msg!(
                "{x} makes the scenario invalid: {e}",
                "{x} gör scenariot ogiltigt: {e}"
            ))
        })?;
    }
    Ok(Fit { range })
}

/// How to calibrate.
#[derive(Debug, Clone)]
pub struct Options {
    /// Parameter draws from the priors.
    pub draws: u32,
    /// Replications (simulated data sets) per draw, the same for every draw.
    pub per_draw: u32,
    /// The share of (draw, replication) pairs accepted: the `ceil(accept * pairs)` closest.
    pub accept: f64,
    /// Seed of the draws and of the replications.
    pub seed: u64,
    /// Worker threads (0 = one per core); the result does not depend on it.
    pub threads: usize,
}

/// A parameter's posterior: weighted percentiles of the accepted draws.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Posterior {
    /// 5th percentile.
    pub p5: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
}

/// One draw.
#[derive(Debug, Clone)]
pub struct Draw {
    /// The parameter values, in the order of the fits.
    pub values: Vec<f64>,
    /// Its replications among the accepted pairs.
    pub accepted: u32,
    /// The smallest distance among its replications.
    pub best: f64,
}

/// The result of a calibration.
#[derive(Debug, Clone)]
pub struct Calibration {
    /// Scenario name.
    pub scenario: String,
    /// The fitted parameters.
    pub fits: Vec<Fit>,
    /// The settings.
    pub options: Options,
    /// Every draw.
    pub draws: Vec<Draw>,
    /// Per observation: its scale in the distance; NaN when left out (the same in every pair).
    pub scales: Vec<f64>,
    /// The tolerance: the distance of the last pair accepted.
    pub epsilon: f64,
    /// Per fit: the posterior.
    pub posterior: Vec<Posterior>,
    /// Seconds for the draws.
    pub seconds: f64,
}

impl Calibration {
    /// The variations that set each fitted parameter to its posterior median.
    pub fn variations(&self) -> Vec<Variation> {
        self.fits
            .iter()
            .zip(&self.posterior)
            .map(|(f, p)| {
                f.range
                    .variation(if f.range.whole { p.p50.round() } else { p.p50 })
            })
            .collect()
    }

    /// Accepted (draw, replication) pairs.
    pub fn accepted(&self) -> u64 {
        self.draws.iter().map(|d| d.accepted as u64).sum()
    }

    /// The share of all (draw, replication) pairs accepted, as realised (the `--accept` share
    /// rounded up to whole pairs).
    pub fn accepted_share(&self) -> f64 {
        let pairs: u64 = self.draws.len() as u64 * self.options.per_draw as u64;
        if pairs == 0 {
            return 0.0;
        }
        self.accepted() as f64 / pairs as f64
    }
}

/// The value at cumulative weight share `p` of `(value, weight)` pairs (the smallest value whose
/// cumulative weight reaches `p` of the total; linear between neighbours that straddle it).
pub fn weighted_quantile(pairs: &mut [(f64, f64)], p: f64) -> f64 {
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: f64 = pairs.iter().map(|x| x.1).sum();
    if total <= 0.0 {
        return f64::NAN;
    }
    let target = p * total;
    let mut cum = 0.0;
    for &(v, w) in pairs.iter() {
        cum += w;
        if cum >= target - 1e-12 * total {
            return v;
        }
    }
    pairs.last().map_or(f64::NAN, |x| x.0)
}

/// Median absolute deviation times 1.4826 (the standard deviation of a normal), or the sample
/// standard deviation when that is 0, of the finite values.
fn scale(values: &mut Vec<f64>) -> f64 {
    values.retain(|v| v.is_finite());
    if values.len() < 2 {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let med = crate::stats::quantile_sorted(values, 0.5);
    let mut dev: Vec<f64> = values.iter().map(|v| (v - med).abs()).collect();
    dev.sort_by(f64::total_cmp);
    let mad = 1.4826 * crate::stats::quantile_sorted(&dev, 0.5);
    if mad > 0.0 {
        return mad;
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
}

/// The rejection step: of all (draw, replication) pairs, `distances[draw][replication]`, accepts
/// exactly the `ceil(accept * pairs)` closest (at least one). Pairs at the same distance are
/// taken in draw order, then replication order, as R's `abc` package does: with integer counts
/// as observations many pairs tie at the tolerance, and accepting every one of them would accept
/// far more than the share asked for. The draws are independent draws from the priors, so their
/// order says nothing about their parameters: the tie-break keeps the sample unbiased, and
/// deterministic for any thread count. Returns the tolerance (the distance of the last pair
/// accepted) and, per draw, its accepted replications.
fn accept_closest(distances: &[Vec<f64>], accept: f64) -> (f64, Vec<u32>) {
    let mut pairs: Vec<(f64, usize)> = distances
        .iter()
        .enumerate()
        .flat_map(|(d, ds)| ds.iter().map(move |&x| (x, d)))
        .collect();
    let mut accepted = vec![0u32; distances.len()];
    if pairs.is_empty() {
        return (f64::NAN, accepted);
    }
    // Stable: pairs at equal distances keep their (draw, replication) order.
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let take = ((accept * pairs.len() as f64).ceil() as usize).clamp(1, pairs.len());
    for &(_, d) in &pairs[..take] {
        accepted[d] += 1;
    }
    (pairs[take - 1].0, accepted)
}

/// Runs the calibration of the scenario `loaded` (with observations) for `fits`. `tick` is called
/// once per finished draw.
pub fn calibrate(
    loaded: &Loaded,
    fits: &[Fit],
    options: &Options,
    tick: &(dyn Fn() + Sync),
) -> Result<Calibration> {
    let base = scenario::validate_loaded(loaded)?;
    if base.observations.is_empty() {
        return Err(Error::Usage(crate::msg!(
            "{}: the scenario has no observations to calibrate to; add [[observation]] tables or `observations = \"file.csv\"` (docs/observations.md)",
            "{}: scenariot har inga observationer att kalibrera mot; lägg till tabeller [[observation]] eller `observations = \"file.csv\"` (docs/observations.md)",
            loaded
                .layers
                .last()
                .map(|l| l.path.display().to_string())
                .unwrap_or_default()
        )));
    }
    if fits.is_empty() {
        return Err(Error::Usage(crate::msg!(
            "calibrate needs at least one --fit PATH=LOW:HIGH",
            "calibrate behöver minst en --fit SÖKVÄG=LÅG:HÖG"
        )));
    }
    for (i, f) in fits.iter().enumerate() {
        if let Some(g) = fits[..i].iter().find(|g| {
            Key::parse(&g.range.path)
                .ok()
                .zip(Key::parse(&f.range.path).ok())
                .is_some_and(|(a, b)| a.overlaps(&b))
        }) {
            return Err(Error::Usage(crate::msg!(
                "--fit {} overlaps --fit {}",
                "--fit {} överlappar --fit {}",
                f.range.path,
                g.range.path
            )));
        }
    }
    if !(options.accept > 0.0 && options.accept <= 1.0) {
        return Err(Error::Usage(crate::msg!(
            "--accept {} must be a share above 0 and at most 1",
            "--accept {} måste vara en andel över 0 och högst 1",
            options.accept
        )));
    }
    let ranges: Vec<Range> = fits.iter().map(|f| f.range.clone()).collect();
    let floated = scenario::with_floats(loaded, &ranges);
    let cal = crate::calendar::Calendar::new(base.start, base.end);
    let periods = periods(&cal);
    let obs: Vec<Observed> = observed(&base, &periods, &cal)?;
    let j = obs.len();
    let k = options.per_draw as usize;
    let values = |d: u64| -> Vec<f64> {
        ranges
            .iter()
            .map(|r| {
                let u = assumption_u(options.seed ^ 0xCA11_B8A7_E000_0000, d, &r.path);
                let x = r.low + u * (r.high - r.low);
                if r.whole { x.round() } else { x }
            })
            .collect()
    };
    let settings = Settings {
        replications: options.draws,
        seed: options.seed,
        threads: options.threads,
    };
    let started = Instant::now();
    // Per draw: the observations' simulated values, replication-major.
    let sims: Vec<Result<Vec<f64>>> = map_replications("calibrate", &settings, |d, ws| {
        let vals = values(d);
        let variations: Vec<Variation> = ranges
            .iter()
            .zip(&vals)
            .map(|(r, &x)| r.variation(x))
            .collect();
        let s: Scenario = match scenario::validate_loaded(&floated.varied(&variations)?) {
            Ok(s) => s,
            Err(e) => {
                let set: Vec<String> = variations.iter().map(Variation::setting).collect();
                return Err(Error::Usage(crate::msg!(
                    "draw {d} ({}) makes the scenario invalid: {e}",
                    "dragning {d} ({}) gör scenariot ogiltigt: {e}",
                    set.join(" ")
                )));
            }
        };
        let mut s = s;
        s.seed = options.seed;
        let model = Model::new(s);
        let target = model.scenario.goals.occupancy_target;
        let mut out = Vec::with_capacity(k * j);
        for r in 0..k as u64 {
            run_replication(&model, r, ws);
            for o in &obs {
                out.push(observed_value(
                    o,
                    &periods,
                    &ws.outcome,
                    &model.calendar,
                    target,
                ));
            }
        }
        tick();
        Ok(out)
    })?;
    let sims: Vec<Vec<f64>> = sims.into_iter().collect::<Result<_>>()?;
    let seconds = started.elapsed().as_secs_f64();
    // Scales over every (draw, replication) pair.
    let scales: Vec<f64> = (0..j)
        .map(|o| {
            let mut v: Vec<f64> = sims
                .iter()
                .flat_map(|s| s.iter().skip(o).step_by(j).copied())
                .collect();
            let sc = scale(&mut v);
            if sc > 0.0 { sc } else { f64::NAN }
        })
        .collect();
    let observed_values: Vec<f64> = base.observations.iter().map(|o| o.value).collect();
    let used = scales.iter().filter(|s| s.is_finite()).count();
    if used == 0 {
        return Err(Error::Usage(crate::msg!(
            "no observation varies between the draws (the start state is the same in every draw): nothing to fit; observe something inside the horizon",
            "ingen observation varierar mellan dragningarna (startläget är detsamma i varje dragning): inget att anpassa; observera något inom tidshorisonten"
        )));
    }
    let distance = |row: &[f64]| -> f64 {
        let mut sum = 0.0;
        for ((v, o), s) in row.iter().zip(&observed_values).zip(&scales) {
            if s.is_finite() {
                let z = (v - o) / s;
                if !z.is_finite() {
                    return f64::INFINITY;
                }
                sum += z * z;
            }
        }
        (sum / used as f64).sqrt()
    };
    let distances: Vec<Vec<f64>> = sims
        .iter()
        .map(|s| s.chunks(j).map(distance).collect())
        .collect();
    let (epsilon, accepted) = accept_closest(&distances, options.accept);
    let draws: Vec<Draw> = distances
        .iter()
        .zip(accepted)
        .enumerate()
        .map(|(d, (ds, accepted))| Draw {
            values: values(d as u64),
            accepted,
            best: ds.iter().copied().fold(f64::INFINITY, f64::min),
        })
        .collect();
    let posterior = (0..fits.len())
        .map(|p| {
            let mut pairs: Vec<(f64, f64)> = draws
                .iter()
                .filter(|d| d.accepted > 0)
                .map(|d| (d.values[p], d.accepted as f64))
                .collect();
            Posterior {
                p5: weighted_quantile(&mut pairs, 0.05),
                p50: weighted_quantile(&mut pairs, 0.5),
                p95: weighted_quantile(&mut pairs, 0.95),
            }
        })
        .collect();
    Ok(Calibration {
        scenario: base.name.clone(),
        fits: fits.to_vec(),
        options: options.clone(),
        draws,
        scales,
        epsilon,
        posterior,
        seconds,
    })
}

/// The calibrated scenario: `loaded` with each fitted parameter at its posterior median,
/// validated as a file.
pub fn calibrated(loaded: &Loaded, c: &Calibration) -> Result<Scenario> {
    let ranges: Vec<Range> = c.fits.iter().map(|f| f.range.clone()).collect();
    let floated = scenario::with_floats(loaded, &ranges);
    scenario::validate_loaded(&floated.varied(&c.variations())?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Worked by hand: values 1, 2, 3, 4 with weights 1, 1, 1, 1: the median is the smallest
    /// value whose cumulative weight reaches 2 of 4, that is 2; the 5th percentile 1, the 95th 4.
    /// With weights 0, 0, 1, 3 the median is 4 (3 of 4 at 4).
    #[test]
    fn weighted_quantiles_by_hand() {
        let mut p = vec![(3.0, 1.0), (1.0, 1.0), (4.0, 1.0), (2.0, 1.0)];
        assert_eq!(weighted_quantile(&mut p, 0.5), 2.0);
        assert_eq!(weighted_quantile(&mut p, 0.05), 1.0);
        assert_eq!(weighted_quantile(&mut p, 0.95), 4.0);
        let mut p = vec![(1.0, 0.0), (2.0, 0.0), (3.0, 1.0), (4.0, 3.0)];
        assert_eq!(weighted_quantile(&mut p, 0.5), 4.0);
        assert_eq!(weighted_quantile(&mut p, 0.2), 3.0);
        assert!(weighted_quantile(&mut [], 0.5).is_nan());
    }

    /// Six pairs, a share of 0.5: the 3 closest. Four pairs tie at distance 1 across the 3rd place:
    /// the first in (draw, replication) order is taken, so draw 0 keeps both its pairs, draw 1
    /// one, draw 2 none (accepting every pair within the tolerance would take 5 of the 6).
    #[test]
    fn exactly_the_share_is_accepted_ties_in_draw_order() {
        let d = vec![vec![1.0, 0.0], vec![1.0, 1.0], vec![2.0, 1.0]];
        assert_eq!(accept_closest(&d, 0.5), (1.0, vec![2, 1, 0]));
        // ceil(0.2 x 6) = 2: the 0 and the first 1.
        assert_eq!(accept_closest(&d, 0.2), (1.0, vec![2, 0, 0]));
        // At least one pair; all of them at 1.
        assert_eq!(accept_closest(&d, 1e-9), (0.0, vec![1, 0, 0]));
        assert_eq!(accept_closest(&d, 1.0), (2.0, vec![2, 2, 2]));
        // Infinite distances (a non-finite simulated value) come last.
        let d = vec![vec![f64::INFINITY, 3.0], vec![3.0, 0.5]];
        assert_eq!(accept_closest(&d, 0.75), (3.0, vec![1, 2]));
    }

    #[test]
    fn scale_is_the_mad_or_the_sd() {
        // 1 2 3 4 100: median 3, deviations 2 1 0 1 97, MAD 1.
        let mut v = vec![1.0, 2.0, 3.0, 4.0, 100.0];
        assert!((scale(&mut v) - 1.4826).abs() < 1e-12);
        // 5 5 5 9: MAD 0, sd of (5,5,5,9) = 2.
        let mut v = vec![5.0, 5.0, 5.0, 9.0];
        assert!((scale(&mut v) - 2.0).abs() < 1e-12);
        assert_eq!(scale(&mut vec![7.0, 7.0]), 0.0);
    }
}
