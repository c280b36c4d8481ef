//! Which assumption moves the answer: a tornado (one at a time) and Morris screening (global).
//!
//! The ranged parameters of a scenario (its `[uncertainty]` table, [`scenario::ranges`]) are each
//! set to their low and their high end while the others keep the scenario's values; every such
//! point is a [`Variation`](crate::scenario::Variation) validated as a scenario file, and every
//! point runs the same replications with the same seed (common random numbers), so the paired
//! difference from the base scenario, replication by replication, is the parameter's effect and
//! its confidence interval holds only what is left of chance. A parameter that cannot change an
//! output has an effect of exactly 0.
//!
//! The tornado moves one parameter at a time and so misses interactions. The global analysis is
//! Morris's elementary-effects screening (Morris 1991) with the μ* measure of Campolongo,
//! Cariboni and Saltelli (2007): `r` trajectories through a grid of 4 levels of every range
//! (levels mapped through each range's distribution), each trajectory moving one parameter at a
//! time from a random start, so each parameter's effect is measured `r` times at different values
//! of all the others. μ* (the mean absolute effect) ranks the parameters; σ (the standard
//! deviation of the effects) is large where a parameter's effect depends on the other parameters
//! or on its own value (interactions or curvature). Effects are scaled to the whole range: an
//! effect is the change of the output per step, divided by the step as a share of the range.
//! The points of a trajectory run with common random numbers too.

use std::time::Instant;

use crate::calendar::PeriodKind;
use crate::compare::KEY_METRICS;
use crate::engine::{Model, Workspace, run_replication};
use crate::error::{Error, Result};
use crate::experiment::{Settings, map_replications};
use crate::metrics::{GoalValues, METRICS, PeriodRef, index, periods, value};
use crate::model::Scenario;
use crate::scenario::{self, Loaded, Range, Variation};
use crate::stats::{Moments, Summary, t975};

/// Levels of each range in the Morris grid (p = 4, the usual choice).
pub const MORRIS_LEVELS: u32 = 4;
/// Replications taken at once: the values of one chunk are kept, summed in replication order.
const CHUNK: u32 = 256;

/// How to run a sensitivity analysis.
#[derive(Debug, Clone)]
pub struct Options {
    /// Replications, seed and threads of every point.
    pub settings: Settings,
    /// Morris trajectories (0 = no global analysis).
    pub trajectories: u32,
    /// Replications of each Morris point (fewer than the tornado's: the points are many, and
    /// consecutive points of a trajectory share their random numbers).
    pub morris_replications: u32,
    /// Outputs beyond [`KEY_METRICS`] (metric names), reported after them.
    pub extra_metrics: Vec<String>,
}

impl Options {
    /// The metric indices reported: [`KEY_METRICS`], then the extra ones (each once), named as
    /// in the outputs of a scenario with `goals` (`over_6_months`) or by their id.
    pub fn metrics(&self, goals: &GoalValues) -> Result<Vec<usize>> {
        let mut out: Vec<usize> = KEY_METRICS.iter().map(|m| index(m)).collect();
        for name in &self.extra_metrics {
            let i = METRICS
                .iter()
                .position(|m| m.id == name || goals.metric_name(m) == *name)
                .ok_or_else(|| {
                    Error::Usage(crate::msg!(
                        "--metric {name}: no such metric; the metrics are: {}",
                        "--metric {name}: inget sådant mått; måtten är: {}",
                        METRICS
                            .iter()
                            .map(|m| goals.metric_name(m))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })?;
            if !out.contains(&i) {
                out.push(i);
            }
        }
        Ok(out)
    }
}

/// Low or high end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum End {
    /// The range's `low`.
    Low,
    /// The range's `high`.
    High,
}

impl End {
    /// `low` or `high`.
    pub fn name(self) -> &'static str {
        match self {
            End::Low => "low",
            End::High => "high",
        }
    }
}

/// One output in one year at one end of one range: the tornado's bar.
#[derive(Debug, Clone)]
pub struct Effect {
    /// Index into [`Sensitivity::ranges`].
    pub parameter: usize,
    /// Which end.
    pub end: End,
    /// Calendar year.
    pub year: i32,
    /// Metric name.
    pub metric: &'static str,
    /// Mean of the output at this end.
    pub mean: f64,
    /// Paired difference from the base over replications: mean and 95 % CI.
    pub difference: Summary,
}

/// Morris's measures for one parameter and output.
#[derive(Debug, Clone)]
pub struct MorrisEffect {
    /// Index into [`Sensitivity::ranges`].
    pub parameter: usize,
    /// Calendar year.
    pub year: i32,
    /// Metric name.
    pub metric: &'static str,
    /// μ*: mean absolute elementary effect (Campolongo et al. 2007), in output units over the
    /// whole range.
    pub mu_star: f64,
    /// μ: mean elementary effect (its sign says the direction, when all effects agree).
    pub mu: f64,
    /// σ: standard deviation of the elementary effects (interactions and curvature).
    pub sigma: f64,
}

/// The result of `lss-sim sensitivity`.
#[derive(Debug, Clone)]
pub struct Sensitivity {
    /// Scenario name.
    pub scenario: String,
    /// Seed of every point.
    pub seed: u64,
    /// Replications of every point.
    pub replications: u32,
    /// The ranges, in path order.
    pub ranges: Vec<Range>,
    /// The goal years reported.
    pub years: Vec<i32>,
    /// The outputs reported, by [`Metric::id`](crate::metrics::Metric::id): [`KEY_METRICS`],
    /// then any extra ones.
    pub metrics: Vec<&'static str>,
    /// Their names in the outputs, after the scenario's goals (`over_6_months`).
    pub names: Vec<String>,
    /// Base means, `[year][metric]`.
    pub base: Vec<Vec<f64>>,
    /// Tornado effects, parameter-major, then end, year, metric.
    pub tornado: Vec<Effect>,
    /// Morris effects, parameter-major, then year, metric (empty without trajectories).
    pub morris: Vec<MorrisEffect>,
    /// Morris trajectories run.
    pub trajectories: u32,
    /// Replications of each Morris point.
    pub morris_replications: u32,
    /// Seconds for the tornado and for the Morris points.
    pub seconds: (f64, f64),
    /// Worker threads used.
    pub threads: usize,
}

/// Prepares a validated scenario for the engine with `seed` (as a run does).
fn model(mut s: Scenario, seed: u64) -> Model {
    s.seed = seed;
    Model::new(s)
}

/// The scenario with `variations` applied and validated as a file.
pub fn variant(loaded: &Loaded, variations: &[Variation]) -> Result<Scenario> {
    scenario::validate_loaded(&loaded.varied(variations)?)
}

/// The goal years of a model (every year when none is a goal year).
fn goal_years(m: &Model) -> Vec<PeriodRef> {
    let first = m.scenario.goals.first_goal_year;
    let years: Vec<PeriodRef> = periods(&m.calendar)
        .into_iter()
        .filter(|p| p.kind == PeriodKind::Year)
        .collect();
    if years.iter().any(|p| p.year >= first) {
        years.into_iter().filter(|p| p.year >= first).collect()
    } else {
        years
    }
}

/// Per point, over replications: moments of each output and of its paired difference from the
/// point's reference, `[point][year * metrics + metric]`.
struct PointMoments {
    values: Vec<Vec<Moments>>,
    differences: Vec<Vec<Moments>>,
}

fn add(m: &mut Moments, v: f64) {
    if !v.is_nan() {
        m.merge(&Moments {
            n: 1,
            mean: v,
            m2: 0.0,
        });
    }
}

/// Runs replications `0..settings.replications` of every model, with common random numbers, and
/// accumulates each output and its difference from `reference[point]` in replication order (so
/// the result does not depend on the thread count). `tick` is called per point-replication.
fn run_points(
    models: &[Model],
    reference: &[usize],
    metrics: &[usize],
    settings: &Settings,
    tick: &(dyn Fn() + Sync),
) -> Result<PointMoments> {
    let years = goal_years(&models[0]);
    let width = years.len() * metrics.len();
    let mut out = PointMoments {
        values: vec![vec![Moments::default(); width]; models.len()],
        differences: vec![vec![Moments::default(); width]; models.len()],
    };
    let mut first = 0;
    while first < settings.replications {
        let n = CHUNK.min(settings.replications - first);
        let chunk = Settings {
            replications: n,
            ..settings.clone()
        };
        let rows = map_replications("sensitivity", &chunk, |r, ws: &mut Workspace| {
            let mut row = Vec::with_capacity(models.len() * width);
            for m in models {
                run_replication(m, first as u64 + r, ws);
                let target = m.scenario.goals.occupancy_target;
                for p in &years {
                    for &mi in metrics {
                        row.push(value(
                            &METRICS[mi],
                            p,
                            &ws.outcome.months,
                            &m.calendar,
                            target,
                        ));
                    }
                }
                tick();
            }
            row
        })
        .map_err(|e| match e {
            Error::Interrupted { scenario, done, .. } => Error::Interrupted {
                scenario,
                done: first as u64 + done,
                total: settings.replications as u64,
            },
            e => e,
        })?;
        for row in rows {
            for (p, &rf) in reference.iter().enumerate() {
                for j in 0..width {
                    let v = row[p * width + j];
                    add(&mut out.values[p][j], v);
                    add(&mut out.differences[p][j], v - row[rf * width + j]);
                }
            }
        }
        first += n;
    }
    Ok(out)
}

/// Mean and 95 % CI (Student t) from moments; no interval from one value. A difference that is
/// 0 in every replication has the interval [0, 0].
fn summary(m: &Moments) -> Summary {
    let mut s = Summary::empty();
    if m.n == 0 {
        return s;
    }
    s.n = m.n as u32;
    s.mean = m.mean;
    if m.n > 1 {
        let sd = (m.m2 / (m.n - 1) as f64).sqrt();
        let half = t975((m.n - 1) as f64) * sd / (m.n as f64).sqrt();
        s.sd = sd;
        s.ci_low = m.mean - half;
        s.ci_high = m.mean + half;
    }
    s
}

/// A small deterministic generator (SplitMix64, Steele et al. 2014) for the Morris design and the
/// assumption draws: portable, and seeded from named values, never from a shared state.
#[derive(Debug, Clone)]
pub struct SplitMix(u64);

impl SplitMix {
    /// A generator from a seed.
    pub fn new(seed: u64) -> SplitMix {
        SplitMix(seed)
    }
    /// The next 64 bits.
    pub fn next_u64(&mut self) -> u64 {
        let z = crate::engine::rng::splitmix64(self.0);
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z
    }
    /// A uniform number in [0, 1), 53 bits.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// A whole number below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_f64() * n as f64) as usize % n.max(1)
    }
}

/// FNV-1a of a text: a stable number for a parameter's path.
pub fn path_hash(path: &str) -> u64 {
    path.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The cumulative probability at which replication `r` of a run with `seed` draws the parameter
/// at `path`: from a stream of its own, derived from (seed, replication, path), so a draw does not
/// depend on the thread count, on the other ranged parameters, or on the scenario (two scenarios
/// with the same range draw the same value: common random numbers for the assumptions too).
pub fn assumption_u(seed: u64, replication: u64, path: &str) -> f64 {
    let mut g = SplitMix::new(seed ^ 0x5EED_A55E_0000_0000);
    let a = g.next_u64();
    let mut g = SplitMix::new(a ^ replication.wrapping_mul(0xD1B5_4A32_D192_ED03));
    let b = g.next_u64();
    SplitMix::new(b ^ path_hash(path)).next_f64()
}

/// Runs the tornado and, with trajectories, the Morris screening of the scenario `loaded`.
pub fn analyse(
    loaded: &Loaded,
    options: &Options,
    tick: &(dyn Fn() + Sync),
) -> Result<Sensitivity> {
    let base = scenario::validate_loaded(loaded)?;
    let ranges = scenario::ranges(loaded)?;
    if ranges.is_empty() {
        let file = loaded
            .layers
            .last()
            .map(|l| l.path.display().to_string())
            .unwrap_or_default();
        return Err(Error::Usage(crate::msg!(
            "{file}: the scenario has no [uncertainty] table, so there is nothing to vary; add ranges such as\n[uncertainty]\n\"applications.per_year\" = {{ low = 30, high = 70 }}",
            "{file}: scenariot har ingen tabell `[uncertainty]`, så det finns inget att variera; lägg till intervall som\n[uncertainty]\n\"applications.per_year\" = {{ low = 30, high = 70 }}"
        )));
    }
    // Ranged keys written as whole numbers take fractions (`per_year = 45`).
    let loaded = &scenario::with_floats(loaded, &ranges);
    let settings = &options.settings;
    let seed = settings.seed;
    // The tornado: base, then each range's low and high.
    let mut models = vec![model(base.clone(), seed)];
    for r in &ranges {
        for x in [r.low, r.high] {
            models.push(model(variant(loaded, &[r.variation(x)])?, seed));
        }
    }
    let years: Vec<i32> = goal_years(&models[0]).iter().map(|p| p.year).collect();
    let goals = GoalValues::from(&base.goals);
    let metrics = options.metrics(&goals)?;
    let nm = metrics.len();
    let started = Instant::now();
    let reference = vec![0; models.len()];
    let pm = run_points(&models, &reference, &metrics, settings, tick)?;
    let t_tornado = started.elapsed().as_secs_f64();
    let base_means: Vec<Vec<f64>> = (0..years.len())
        .map(|y| (0..nm).map(|m| pm.values[0][y * nm + m].mean).collect())
        .collect();
    let mut tornado = Vec::new();
    for (i, _) in ranges.iter().enumerate() {
        for (e, end) in [End::Low, End::High].into_iter().enumerate() {
            let p = 1 + 2 * i + e;
            for (y, &year) in years.iter().enumerate() {
                for (m, &mi) in metrics.iter().enumerate() {
                    let j = y * nm + m;
                    tornado.push(Effect {
                        parameter: i,
                        end,
                        year,
                        metric: METRICS[mi].id,
                        mean: summary(&pm.values[p][j]).mean,
                        difference: summary(&pm.differences[p][j]),
                    });
                }
            }
        }
    }
    let started = Instant::now();
    let morris = if options.trajectories > 0 {
        morris(loaded, &ranges, options, &metrics, &years, tick)?
    } else {
        Vec::new()
    };
    let t_morris = started.elapsed().as_secs_f64();
    Ok(Sensitivity {
        scenario: base.name.clone(),
        seed,
        replications: settings.replications,
        ranges,
        years,
        metrics: metrics.iter().map(|&m| METRICS[m].id).collect(),
        names: metrics
            .iter()
            .map(|&m| goals.metric_name(&METRICS[m]))
            .collect(),
        base: base_means,
        tornado,
        morris,
        trajectories: options.trajectories,
        morris_replications: options.morris_replications,
        seconds: (t_tornado, t_morris),
        threads: settings.threads,
    })
}

/// One Morris trajectory: its k + 1 points (levels in [0, 1] per parameter) and, per step, the
/// parameter moved and the signed step.
pub type Trajectory = (Vec<Vec<f64>>, Vec<(usize, f64)>);

/// The Morris design: `trajectories` paths of k + 1 points, levels in [0, 1].
pub fn morris_design(k: usize, trajectories: u32, seed: u64) -> Vec<Trajectory> {
    let p = MORRIS_LEVELS as f64;
    let delta = p / (2.0 * (p - 1.0));
    let mut g = SplitMix::new(seed ^ 0x0A0B_2B15_1991_2007);
    (0..trajectories)
        .map(|_| {
            let mut x: Vec<f64> = (0..k)
                .map(|_| g.below(MORRIS_LEVELS as usize) as f64 / (p - 1.0))
                .collect();
            // A random order of the parameters (Fisher-Yates).
            let mut order: Vec<usize> = (0..k).collect();
            for i in (1..k).rev() {
                order.swap(i, g.below(i + 1));
            }
            let mut points = vec![x.clone()];
            let mut steps = Vec::new();
            for &i in &order {
                let step = if x[i] + delta <= 1.0 + 1e-12 {
                    delta
                } else {
                    -delta
                };
                x[i] = (x[i] + step).clamp(0.0, 1.0);
                points.push(x.clone());
                steps.push((i, step));
            }
            (points, steps)
        })
        .collect()
}

fn morris(
    loaded: &Loaded,
    ranges: &[Range],
    options: &Options,
    metrics: &[usize],
    years: &[i32],
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<MorrisEffect>> {
    let settings = &Settings {
        replications: options.morris_replications,
        ..options.settings.clone()
    };
    let k = ranges.len();
    let design = morris_design(k, options.trajectories, settings.seed);
    let mut models = Vec::new();
    let mut reference = Vec::new();
    for (points, _) in &design {
        let start = models.len();
        for (j, x) in points.iter().enumerate() {
            let variations: Vec<Variation> = ranges
                .iter()
                .zip(x)
                .map(|(r, &u)| r.variation(r.quantile(u)))
                .collect();
            models.push(model(variant(loaded, &variations)?, settings.seed));
            reference.push(if j == 0 { start } else { start + j - 1 });
        }
    }
    let pm = run_points(&models, &reference, metrics, settings, tick)?;
    let nm = metrics.len();
    let width = years.len() * nm;
    // Elementary effects per parameter and output.
    let mut ee: Vec<Vec<Vec<f64>>> = vec![vec![Vec::new(); width]; k];
    let mut at = 0;
    for (points, steps) in &design {
        for (s, &(i, step)) in steps.iter().enumerate() {
            let p = at + s + 1;
            for (j, list) in ee[i].iter_mut().enumerate() {
                list.push(pm.differences[p][j].mean / step);
            }
        }
        at += points.len();
    }
    let mut out = Vec::new();
    for (i, per) in ee.iter().enumerate() {
        for (y, &year) in years.iter().enumerate() {
            for (m, &mi) in metrics.iter().enumerate() {
                let e = &per[y * nm + m];
                let e: Vec<f64> = e.iter().copied().filter(|v| v.is_finite()).collect();
                let n = e.len() as f64;
                let (mu, mu_star, sigma) = if e.is_empty() {
                    (f64::NAN, f64::NAN, f64::NAN)
                } else {
                    let mu = e.iter().sum::<f64>() / n;
                    let mu_star = e.iter().map(|v| v.abs()).sum::<f64>() / n;
                    let sigma = if e.len() > 1 {
                        (e.iter().map(|v| (v - mu).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
                    } else {
                        f64::NAN
                    };
                    (mu, mu_star, sigma)
                };
                out.push(MorrisEffect {
                    parameter: i,
                    year,
                    metric: METRICS[mi].id,
                    mu_star,
                    mu,
                    sigma,
                });
            }
        }
    }
    Ok(out)
}

impl Sensitivity {
    /// The name in the outputs of the metric with this id.
    pub fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.metrics
            .iter()
            .position(|m| *m == id)
            .map_or(id, |i| self.names[i].as_str())
    }

    /// The tornado effect of a parameter's end (metric by id) on an output in a year.
    pub fn effect(&self, parameter: usize, end: End, year: i32, metric: &str) -> Option<&Effect> {
        self.tornado.iter().find(|e| {
            e.parameter == parameter && e.end == end && e.year == year && e.metric == metric
        })
    }

    /// The Morris measures of a parameter on an output in a year.
    pub fn morris_effect(
        &self,
        parameter: usize,
        year: i32,
        metric: &str,
    ) -> Option<&MorrisEffect> {
        self.morris
            .iter()
            .find(|e| e.parameter == parameter && e.year == year && e.metric == metric)
    }

    /// The year and output the ranking is by: the last goal year, people over the offer goal.
    pub fn ranked_by(&self) -> (i32, &'static str) {
        (*self.years.last().expect("a year"), self.metrics[0])
    }

    /// The swing of a parameter on an output in a year: the larger of the absolute effects of its
    /// two ends.
    pub fn swing(&self, parameter: usize, year: i32, metric: &str) -> f64 {
        [End::Low, End::High]
            .iter()
            .filter_map(|&e| self.effect(parameter, e, year, metric))
            .map(|e| e.difference.mean.abs())
            .fold(0.0, f64::max)
    }

    /// Parameter indices by their swing on (`year`, `metric`), largest first; ties by path.
    pub fn ranking_for(&self, year: i32, metric: &str) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.ranges.len()).collect();
        order.sort_by(|&a, &b| {
            self.swing(b, year, metric)
                .total_cmp(&self.swing(a, year, metric))
                .then(a.cmp(&b))
        });
        order
    }

    /// Parameter indices ranked by [`Sensitivity::ranked_by`].
    pub fn ranking(&self) -> Vec<usize> {
        let (year, metric) = self.ranked_by();
        self.ranking_for(year, metric)
    }
}

/// The draws of `run --assumption-uncertainty` and `compare --assumption-uncertainty`: in every
/// replication each ranged parameter takes the value at [`assumption_u`] of its range's
/// distribution, the variant is validated as a file would be and prepared for the engine.
///
/// Preparing costs about as much as a replication of the baseline (docs/sensitivity.md gives the
/// measured figures): the simplest correct design, since the engine takes one prepared model per
/// scenario and the drawn values change the prepared tables.
#[derive(Debug, Clone)]
pub struct AssumptionDraws {
    loaded: Loaded,
    ranges: Vec<Range>,
}

impl AssumptionDraws {
    /// The draws of the scenario `loaded` (its ranges checked); an error when it has none.
    pub fn new(loaded: &Loaded) -> Result<AssumptionDraws> {
        let ranges = scenario::ranges(loaded)?;
        if ranges.is_empty() {
            let file = loaded
                .layers
                .last()
                .map(|l| l.path.display().to_string())
                .unwrap_or_default();
            return Err(Error::Usage(crate::msg!(
                "{file}: --assumption-uncertainty needs ranges to draw from, and the scenario has no [uncertainty] table; add ranges such as\n[uncertainty]\n\"applications.per_year\" = {{ low = 30, high = 70 }}",
                "{file}: --assumption-uncertainty behöver intervall att dra ur, och scenariot har ingen tabell `[uncertainty]`; lägg till intervall som\n[uncertainty]\n\"applications.per_year\" = {{ low = 30, high = 70 }}"
            )));
        }
        Ok(AssumptionDraws {
            loaded: scenario::with_floats(loaded, &ranges),
            ranges,
        })
    }

    /// The ranges drawn.
    pub fn ranges(&self) -> &[Range] {
        &self.ranges
    }

    /// The variations of replication `replication` of a run with `seed`.
    pub fn variations(&self, seed: u64, replication: u64) -> Vec<Variation> {
        self.ranges
            .iter()
            .map(|r| r.variation(r.quantile(assumption_u(seed, replication, &r.path))))
            .collect()
    }
}

impl crate::experiment::Draws for AssumptionDraws {
    fn model(&self, seed: u64, replication: u64) -> Result<Model> {
        let s = variant(&self.loaded, &self.variations(seed, replication)).map_err(|e| {
            Error::Usage(crate::msg!(
                "replication {replication}: the drawn values make the scenario invalid: {e}",
                "simulering {replication}: de dragna värdena gör scenariot ogiltigt: {e}"
            ))
        })?;
        Ok(model(s, seed))
    }

    fn paths(&self) -> Vec<String> {
        self.ranges.iter().map(|r| r.path.clone()).collect()
    }
}
