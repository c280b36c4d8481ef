//! Many replications of one or more scenarios, in parallel, streamed into [`Results`].
//!
//! The only place with threads. Replication `r` depends only on (scenario, seed, r). Each
//! replication's values (every metric of every period, every unit's occupancy) form a row; a
//! row is never kept, it is added to two streaming summaries per column:
//!
//! - the [`Moments`] (count, mean, squared deviations), a floating-point result that depends on
//!   the order of the values. The replications are cut into blocks of [`BLOCK`] in replication
//!   order; a worker takes the next block from a counter, sums it, and the block moments are
//!   merged in block order. The order is the same for any thread count, and so are the bits.
//! - a [`Histogram`] for the percentiles: counts, which add up the same in any order, so each
//!   worker keeps its own and they are added at the end.
//!
//! Memory is the histograms (their size is the range of the values), a few block moments and a
//! workspace per worker, never one value per replication: it does not grow with the number of
//! replications (docs/performance.md gives the figures).
//!
//! Several scenarios can run jointly ([`run_joint`]): replication `r` of each draws from the same
//! random streams (common random numbers), and the yearly differences from the first scenario
//! are accumulated replication by replication (paired differences, see [`crate::compare`]).
//!
//! A run can be stopped from outside (Ctrl-C): [`request_stop`] sets a flag that every worker
//! reads once per replication, a cheap relaxed load beside a replication's thousands of events.
//! The run then returns [`Error::Interrupted`] and its partial values are dropped: nothing is
//! reduced or written from an incomplete run.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use crate::calendar::PeriodKind;
use crate::engine::outcome::{Outcome, WAIT_BINS};
use crate::engine::{Model, Workspace, run_replication};
use crate::error::{Error, Result};
use crate::metrics::{
    METRICS, Metric, Observed, PROFILE_METRICS, PeriodRef, index, observed, observed_value,
    periods, profile_value, value,
};
use crate::model::{ProfileId, Scenario};
use crate::stats::{
    Histogram, Moments, Range, ShiftedSums, Summary, mid_rank_percentile, summarize,
};

/// Replications per block. Fixed, so that the merge order, and with it every bit of the
/// results, does not depend on the thread count; small, so that short runs still use every core.
pub const BLOCK: u64 = 64;

/// How to run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Number of replications.
    pub replications: u32,
    /// Base seed.
    pub seed: u64,
    /// Worker threads (0 = one per core).
    pub threads: usize,
}

/// A metric summarised for one period.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodStats {
    /// `month`, `quarter` or `year`.
    pub kind: PeriodKind,
    /// Label such as `2019`, `2019-Q2` or `2019-05`.
    pub period: String,
    /// Calendar year.
    pub year: i32,
    /// Summary per metric, in [`METRICS`] order (n = 0 when a metric does not apply).
    pub metrics: Vec<Summary>,
}

/// Occupancy of one unit in one year.
#[derive(Debug, Clone, Serialize)]
pub struct UnitYear {
    /// Unit index.
    pub unit: usize,
    /// Calendar year.
    pub year: i32,
    /// Open place-days in the year (the same in every replication unless openings are delayed: the mean).
    pub open_place_days: f64,
    /// Occupancy over replications in which the unit was open.
    pub occupancy: Summary,
}

/// The per-profile metrics ([`PROFILE_METRICS`]) of one target group in one quarter or year.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileStats {
    /// `quarter` or `year`.
    pub kind: PeriodKind,
    /// Label such as `2019` or `2019-Q2`.
    pub period: String,
    /// Calendar year.
    pub year: i32,
    /// Profile index (in the scenario's `profiles`).
    pub profile: usize,
    /// Summary per metric, in [`PROFILE_METRICS`] order (n = 0 when it does not apply).
    pub metrics: Vec<Summary>,
}

/// One observation of the scenario held against the simulated distribution: the back-test.
#[derive(Debug, Clone)]
pub struct ObservationStats {
    /// The observation resolved against the metrics.
    pub observed: Observed,
    /// The observation as the scenario gives it.
    pub observation: crate::model::Observation,
    /// The simulated values over the replications.
    pub simulated: Summary,
    /// Replications whose value is below the observed one, and equal to it (a value that is not
    /// an integer: in the same fine bin, [`crate::stats::Histogram::rank`]).
    pub below: u64,
    /// See `below`.
    pub equal: u64,
    /// The observed value's mid-rank percentile in the simulated values, 0-100
    /// ([`mid_rank_percentile`]); NaN when no replication has a value.
    pub percentile: f64,
}

impl ObservationStats {
    /// Whether the observed value lies outside the simulated 5-95 % band (below the 5th
    /// percentile or above the 95th).
    pub fn outside(&self) -> bool {
        let s = &self.simulated;
        s.n > 0 && (self.observation.value < s.p5 || self.observation.value > s.p95)
    }
}

/// Everything a run produces, ready for the report layer.
#[derive(Debug, Clone)]
pub struct Results {
    /// The prepared scenario.
    pub model: Model,
    /// The settings used.
    pub settings: Settings,
    /// Periods in output order (months, quarters, years).
    pub periods: Vec<PeriodRef>,
    /// Per period, the summaries.
    pub stats: Vec<PeriodStats>,
    /// Per unit and year.
    pub units: Vec<UnitYear>,
    /// Per quarter and year (in period order), then per profile.
    pub profiles: Vec<ProfileStats>,
    /// Per year: first offers by wait, in bins of 15 days, summed over replications.
    pub wait_hist: Vec<Vec<u64>>,
    /// Events processed in all replications.
    pub events: u64,
    /// The ranged parameters drawn anew in every replication (`run --assumption-uncertainty`):
    /// the bands then show what is not known about the inputs as well as chance. Empty: chance
    /// only, every replication with the scenario's own values.
    pub assumptions: Vec<String>,
    /// The back-test: each of the scenario's observations against the simulated values (empty
    /// when the scenario has none).
    pub observations: Vec<ObservationStats>,
}

/// Draws a scenario's uncertain parameters for each replication
/// ([`crate::sensitivity::AssumptionDraws`]).
pub trait Draws: Sync {
    /// The scenario's model for `replication` of a run with `seed`, its parameters drawn from a
    /// stream of that (seed, replication) alone, so the draw does not depend on the thread count
    /// and two scenarios with the same ranges draw the same values.
    fn model(&self, seed: u64, replication: u64) -> Result<Model>;
    /// The paths of the parameters drawn.
    fn paths(&self) -> Vec<String>;
}

impl Results {
    /// The summary of `metric` (index in [`METRICS`]) over calendar year index `y`.
    pub fn yearly(&self, y: usize, metric: usize) -> &Summary {
        let first = self
            .stats
            .iter()
            .position(|p| p.kind == PeriodKind::Year)
            .expect("every run has years");
        &self.stats[first + y].metrics[metric]
    }
}

/// Scenarios run jointly with common random numbers.
#[derive(Debug, Clone)]
pub struct Joint {
    /// Each scenario's results, in the order given.
    pub results: Vec<Results>,
    /// Paired differences scenario − first scenario per replication, summarised:
    /// `[scenario][year][metric]` (all zero for the first scenario itself).
    pub differences: Vec<Vec<Vec<Summary>>>,
    /// Paired differences per target group, `[scenario][year][profile][metric]` in
    /// [`PROFILE_METRICS`] order (empty for a scenario with other profiles than the first).
    pub profile_differences: Vec<Vec<Vec<Vec<Summary>>>>,
}

/// Where one scenario's values sit in a replication's row of values.
#[derive(Debug, Clone)]
struct Columns {
    /// (period, metric) values, period-major.
    values: usize,
    /// Occupancy per (unit, year), unit-major; NaN when the unit was not open that year.
    units: usize,
    /// Per-profile metrics per (quarter or year, profile), period-major.
    profiles: usize,
    /// Yearly differences from the first scenario, year-major; only in joint runs.
    differences: Option<usize>,
    /// Yearly per-profile differences from the first scenario, (year, profile)-major; only in
    /// joint runs of scenarios with the first one's profiles.
    profile_differences: Option<usize>,
    /// The simulated values of the scenario's observations, after every other column of every
    /// scenario (so a scenario without observations has the row it always had).
    observations: usize,
}

/// Whether a period has per-profile figures: quarters and years.
fn per_profile(p: &PeriodRef) -> bool {
    p.kind != PeriodKind::Month
}

/// Values of one replication of `model`: every (period, metric), period-major, then occupancy
/// per (unit, year), then the per-profile metrics per (quarter or year, profile). `row` must
/// hold [`row_len`] values. Allocates nothing.
pub fn fill_values(model: &Model, out: &Outcome, periods: &[PeriodRef], row: &mut [f64]) {
    let cal = &model.calendar;
    let target = model.scenario.goals.occupancy_target;
    let mut i = 0;
    // The training metrics have no value (and no output) without training time limits.
    let training = model.scenario.has_training_limit();
    for p in periods {
        for m in METRICS {
            row[i] = if m.training && !training {
                f64::NAN
            } else {
                value(m, p, &out.months, cal, target)
            };
            i += 1;
        }
    }
    for &[occ, open] in &out.unit_years {
        row[i] = if open > 0.0 { occ / open } else { f64::NAN };
        i += 1;
    }
    let units = &model.scenario.units;
    // Looked up by name once, not for every (period, profile).
    let metrics: [&Metric; PROFILE_METRICS.len()] =
        std::array::from_fn(|k| &METRICS[index(PROFILE_METRICS[k])]);
    for p in periods.iter().filter(|p| per_profile(p)) {
        for profile in 0..out.profiles {
            let serves = |u: usize| units[u].profiles.contains(profile as ProfileId);
            for m in metrics {
                row[i] = profile_value(m, p, cal, out, profile, serves);
                i += 1;
            }
        }
    }
}

/// Values per replication of `model` ([`fill_values`]).
pub fn row_len(model: &Model, periods: &[PeriodRef]) -> usize {
    periods.len() * METRICS.len()
        + model.scenario.units.len() * model.years()
        + profile_columns(model, periods)
}

/// Per-profile values per replication of `model`.
fn profile_columns(model: &Model, periods: &[PeriodRef]) -> usize {
    periods.iter().filter(|p| per_profile(p)).count()
        * model.scenario.profiles.len()
        * PROFILE_METRICS.len()
}

/// What a block of replications (or a merged run of blocks) contributes, apart from the
/// histograms.
#[derive(Debug, Clone)]
struct Aggregate {
    /// Moments per column of the row.
    columns: Vec<Moments>,
    /// Per scenario and year: the wait histogram.
    wait_hist: Vec<Vec<[u64; WAIT_BINS]>>,
    /// Per scenario: events processed.
    events: Vec<u64>,
}

impl Aggregate {
    fn merge(&mut self, other: &Aggregate) {
        for (a, b) in self.columns.iter_mut().zip(&other.columns) {
            a.merge(b);
        }
        for (a, b) in self.wait_hist.iter_mut().zip(&other.wait_hist) {
            for (ya, yb) in a.iter_mut().zip(b) {
                for (x, y) in ya.iter_mut().zip(yb) {
                    *x += y;
                }
            }
        }
        for (a, b) in self.events.iter_mut().zip(&other.events) {
            *a += b;
        }
    }
}

/// Block moments that arrive in any order, merged in block order; and the workers' histograms.
struct Merger {
    next: u64,
    pending: BTreeMap<u64, Aggregate>,
    total: Option<Aggregate>,
    histograms: Vec<Vec<Histogram>>,
}

impl Merger {
    fn push(&mut self, block: u64, agg: Aggregate) {
        self.pending.insert(block, agg);
        while let Some(agg) = self.pending.remove(&self.next) {
            match &mut self.total {
                Some(t) => t.merge(&agg),
                None => self.total = Some(agg),
            }
            self.next += 1;
        }
    }
}

/// The prepared scenarios of a run and the layout of a replication's row.
struct Plan<'a> {
    models: Vec<Model>,
    /// Per scenario: its observations resolved against the metrics.
    observed: Vec<Vec<Observed>>,
    /// Per scenario: its assumption draws, if each replication draws its parameters.
    draws: Vec<Option<&'a dyn Draws>>,
    seed: u64,
    periods: Vec<PeriodRef>,
    columns: Vec<Columns>,
    width: usize,
    years: usize,
    year_offset: usize,
    /// Quarters among the periods with per-profile columns (they come before the years).
    profile_quarters: usize,
}

impl<'a> Plan<'a> {
    fn new(scenarios: &[Scenario], draws: &[Option<&'a dyn Draws>], seed: u64) -> Result<Plan<'a>> {
        let models: Vec<Model> = scenarios
            .iter()
            .map(|s| {
                let mut s = s.clone();
                s.seed = seed;
                Model::new(s)
            })
            .collect();
        let periods = periods(&models[0].calendar);
        let years = models[0].years();
        let year_offset = periods
            .iter()
            .position(|p| p.kind == PeriodKind::Year)
            .unwrap_or(periods.len());
        let joint = models.len() > 1;
        // Per-profile paired differences only between scenarios with the same profiles.
        let profile_names = models[0].scenario.profiles.clone();
        let profile_diffs = years * profile_names.len() * PROFILE_METRICS.len();
        let profile_quarters = periods
            .iter()
            .filter(|p| p.kind == PeriodKind::Quarter)
            .count();
        let mut width = 0;
        let columns = models
            .iter()
            .map(|m| {
                let values = width;
                width += row_len(m, &periods);
                let units = values + periods.len() * METRICS.len();
                let profiles = units + m.scenario.units.len() * m.years();
                let differences = joint.then(|| {
                    width += years * METRICS.len();
                    width - years * METRICS.len()
                });
                let profile_differences =
                    (joint && m.scenario.profiles == profile_names).then(|| {
                        width += profile_diffs;
                        width - profile_diffs
                    });
                Columns {
                    values,
                    units,
                    profiles,
                    differences,
                    profile_differences,
                    observations: 0,
                }
            })
            .collect::<Vec<Columns>>();
        let observed = models
            .iter()
            .map(|m| observed(&m.scenario, &periods, &m.calendar))
            .collect::<Result<Vec<_>>>()?;
        let mut columns = columns;
        for (cols, o) in columns.iter_mut().zip(&observed) {
            cols.observations = width;
            width += o.len();
        }
        Ok(Plan {
            models,
            observed,
            draws: (0..scenarios.len())
                .map(|k| draws.get(k).copied().flatten())
                .collect(),
            seed,
            periods,
            columns,
            width,
            years,
            year_offset,
            profile_quarters,
        })
    }

    /// Runs replication `r` of every scenario into `row`; an error only from a scenario whose
    /// drawn parameters fail validation.
    fn replicate(
        &self,
        r: u64,
        ws: &mut Workspace,
        row: &mut [f64],
        agg: &mut Aggregate,
    ) -> Result<()> {
        let nm = METRICS.len();
        for (k, (model, cols)) in self.models.iter().zip(&self.columns).enumerate() {
            let drawn;
            let model = match self.draws[k] {
                Some(d) => {
                    drawn = d.model(self.seed, r)?;
                    &drawn
                }
                None => model,
            };
            run_replication(model, r, ws);
            let out = &ws.outcome;
            let end = cols.values + row_len(model, &self.periods);
            fill_values(model, out, &self.periods, &mut row[cols.values..end]);
            let target = model.scenario.goals.occupancy_target;
            for (j, o) in self.observed[k].iter().enumerate() {
                row[cols.observations + j] =
                    observed_value(o, &self.periods, out, &model.calendar, target);
            }
            for (y, h) in out.wait_hist.iter().enumerate() {
                for (total, &c) in agg.wait_hist[k][y].iter_mut().zip(h) {
                    *total += c as u64;
                }
            }
            agg.events[k] += out.events;
        }
        let reference = self.columns[0].values + self.year_offset * nm;
        for cols in &self.columns {
            if let Some(d) = cols.differences {
                let own = cols.values + self.year_offset * nm;
                for i in 0..self.years * nm {
                    row[d + i] = row[own + i] - row[reference + i];
                }
            }
        }
        // Per profile: the years' block of the per-profile columns (after the quarters').
        let np = self.models[0].scenario.profiles.len();
        let block = np * PROFILE_METRICS.len();
        let reference = self.columns[0].profiles + self.profile_quarters * block;
        for cols in &self.columns {
            if let Some(d) = cols.profile_differences {
                let own = cols.profiles + self.profile_quarters * block;
                for i in 0..self.years * block {
                    row[d + i] = row[own + i] - row[reference + i];
                }
            }
        }
        Ok(())
    }

    fn empty(&self) -> Aggregate {
        Aggregate {
            columns: Vec::new(),
            wait_hist: vec![vec![[0; WAIT_BINS]; self.years]; self.models.len()],
            events: vec![0; self.models.len()],
        }
    }
}

/// One worker's reusable memory.
struct Worker {
    ws: Workspace,
    /// The row of the current replication.
    row: Vec<f64>,
    /// Sums of the current block, per column.
    sums: Vec<ShiftedSums>,
    /// Every value this worker has seen, per column.
    histograms: Vec<Histogram>,
}

impl Worker {
    fn new(plan: &Plan) -> Worker {
        Worker {
            ws: Workspace::default(),
            row: vec![0.0; plan.width],
            sums: vec![ShiftedSums::default(); plan.width],
            histograms: vec![Histogram::default(); plan.width],
        }
    }

    /// Runs block `b` of replications `0..total`; `None` when a stop was requested.
    fn block(
        &mut self,
        plan: &Plan,
        b: u64,
        total: u64,
        tick: &(dyn Fn() + Sync),
    ) -> Result<Option<Aggregate>> {
        let first = b * BLOCK;
        let n = (total - first).min(BLOCK);
        let mut agg = plan.empty();
        self.sums.fill(ShiftedSums::default());
        for r in first..first + n {
            if stop_requested() {
                return Ok(None);
            }
            plan.replicate(r, &mut self.ws, &mut self.row, &mut agg)?;
            // Summarised at once, while the row is in cache: each column's sums still see the
            // block's values in replication order.
            summarize_row(&self.row, &mut self.sums, &mut self.histograms);
            tick();
        }
        agg.columns = self.sums.iter().map(ShiftedSums::moments).collect();
        Ok(Some(agg))
    }
}

/// How many columns ahead [`summarize_row`] prefetches a histogram count.
const AHEAD: usize = 16;

/// Adds one replication's `row` to the block sums and the histograms, column by column.
///
/// A run's histograms (megabytes) are far larger than the processor's level-2 cache, and each
/// value changes one count somewhere in its column's histogram: reading that count was the
/// largest single cost of a run. So the count of the value 16 columns on (`AHEAD`) is prefetched
/// before each add, and the reads overlap (docs/performance.md, "What is known about the
/// limits").
///
/// # Panics
/// If `sums` or `histograms` is not as long as `row`.
pub fn summarize_row(row: &[f64], sums: &mut [ShiftedSums], histograms: &mut [Histogram]) {
    assert_eq!(sums.len(), row.len(), "one block sum per column");
    assert_eq!(histograms.len(), row.len(), "one histogram per column");
    for i in 0..row.len() {
        if let (Some(&w), Some(h)) = (row.get(i + AHEAD), histograms.get(i + AHEAD)) {
            h.prefetch(w);
        }
        sums[i].add(row[i]);
        histograms[i].add(row[i]);
    }
}

/// Set when the user asks the running experiment to stop (the binary's Ctrl-C handler).
static STOP: AtomicBool = AtomicBool::new(false);

/// Asks a running experiment to stop after the replications in progress; [`run`] then returns
/// [`Error::Interrupted`]. Process-wide: meant for a signal handler in the binary.
pub fn request_stop() {
    STOP.store(true, Ordering::Relaxed);
}

/// Whether [`request_stop`] has been called.
pub fn stop_requested() -> bool {
    STOP.load(Ordering::Relaxed)
}

fn pool(threads: usize) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| {
            // The system's refusal (no memory for the stacks, too many threads) is an
            // `io::Error` under rayon's; the other kinds cannot happen for a pool of our own.
            let why = std::error::Error::source(&e)
                .and_then(|s| s.downcast_ref::<std::io::Error>())
                .map_or_else(|| e.to_string(), crate::error::io_text);
            Error::Usage(crate::msg!(
                "cannot start {threads} threads: {e}",
                "kan inte starta {threads} trådar: {why}"
            ))
        })
}

/// Runs the experiment; `tick` is called once per finished replication (for a progress bar).
/// Returns [`Error::Interrupted`] if [`request_stop`] is called before all replications finish.
pub fn run(scenario: &Scenario, settings: &Settings, tick: &(dyn Fn() + Sync)) -> Result<Results> {
    let mut joint = run_joint(std::slice::from_ref(scenario), settings, tick)?;
    Ok(joint.results.pop().expect("one scenario"))
}

/// Runs every scenario with the same seed, replication by replication, and accumulates the
/// paired yearly differences from the first. The scenarios must share the horizon (the caller
/// checks it and names the files). `tick` is called once per scenario-replication.
pub fn run_joint(
    scenarios: &[Scenario],
    settings: &Settings,
    tick: &(dyn Fn() + Sync),
) -> Result<Joint> {
    run_joint_drawn(scenarios, &[], settings, tick)
}

/// [`run_joint`] where scenario `k` with `draws[k]` set draws its uncertain parameters anew in
/// every replication (a model prepared per replication); the others run as their files say.
pub fn run_joint_drawn(
    scenarios: &[Scenario],
    draws: &[Option<&dyn Draws>],
    settings: &Settings,
    tick: &(dyn Fn() + Sync),
) -> Result<Joint> {
    assert!(!scenarios.is_empty(), "a run needs a scenario");
    let plan = Plan::new(scenarios, draws, settings.seed)?;
    let failed: Mutex<Option<Error>> = Mutex::new(None);
    let pool = pool(settings.threads)?;
    let total = settings.replications as u64;
    let blocks = total.div_ceil(BLOCK);
    let next = AtomicU64::new(0);
    let done = AtomicU64::new(0);
    let stopped = AtomicBool::new(false);
    let merger = Mutex::new(Merger {
        next: 0,
        pending: BTreeMap::new(),
        total: None,
        histograms: Vec::new(),
    });
    let counted = || {
        done.fetch_add(1, Ordering::Relaxed);
        tick();
    };
    pool.scope(|s| {
        for _ in 0..pool.current_num_threads() {
            s.spawn(|_| {
                let mut worker = Worker::new(&plan);
                loop {
                    let b = next.fetch_add(1, Ordering::Relaxed);
                    if b >= blocks || stopped.load(Ordering::Relaxed) {
                        break;
                    }
                    match worker.block(&plan, b, total, &counted) {
                        Ok(Some(agg)) => merger.lock().expect("no worker panics").push(b, agg),
                        Ok(None) => {
                            stopped.store(true, Ordering::Relaxed);
                            break;
                        }
                        Err(e) => {
                            failed.lock().expect("no worker panics").get_or_insert(e);
                            stopped.store(true, Ordering::Relaxed);
                            break;
                        }
                    }
                }
                merger
                    .lock()
                    .expect("no worker panics")
                    .histograms
                    .push(worker.histograms);
            });
        }
    });
    if let Some(e) = failed.into_inner().expect("no worker panics") {
        return Err(e);
    }
    if stopped.into_inner() {
        return Err(Error::Interrupted {
            scenario: plan.models[0].scenario.name.clone(),
            done: done.into_inner() / scenarios.len() as u64,
            total,
        });
    }
    let merger = merger.into_inner().expect("no worker panics");
    let agg = merger.total.unwrap_or_else(|| plan.empty());
    // Counts add up the same in any order: the workers' histograms in the order they finished.
    let mut all = merger.histograms.into_iter();
    let mut histograms = all.next().expect("one worker at least");
    for h in all {
        for (total, h) in histograms.iter_mut().zip(&h) {
            total.merge(h);
        }
    }
    Ok(finish(plan, settings, agg, &histograms))
}

/// Turns the merged accumulators into results.
fn finish(plan: Plan<'_>, settings: &Settings, agg: Aggregate, histograms: &[Histogram]) -> Joint {
    let nm = METRICS.len();
    let profile_ranges: Vec<Range> = PROFILE_METRICS
        .iter()
        .map(|id| METRICS[index(id)].range())
        .collect();
    let summary = |c: usize| {
        agg.columns
            .get(c)
            .map_or_else(Summary::empty, |m| summarize(m, &histograms[c]))
    };
    let mut results = Vec::new();
    let mut differences = Vec::new();
    let mut profile_differences = Vec::new();
    let assumptions: Vec<Vec<String>> = plan
        .draws
        .iter()
        .map(|d| d.map(|d| d.paths()).unwrap_or_default())
        .collect();
    for (k, (model, cols)) in plan.models.into_iter().zip(&plan.columns).enumerate() {
        let stats = plan
            .periods
            .iter()
            .enumerate()
            .map(|(pi, p)| PeriodStats {
                kind: p.kind,
                period: p.label.clone(),
                year: p.year,
                metrics: (0..nm)
                    .map(|mi| summary(cols.values + pi * nm + mi).within(METRICS[mi].range()))
                    .collect(),
            })
            .collect();
        let years = model.years();
        let mut units = Vec::new();
        for u in 0..model.scenario.units.len() {
            for y in 0..years {
                units.push(UnitYear {
                    unit: u,
                    year: model.calendar.years[y].year,
                    open_place_days: f64::NAN,
                    occupancy: summary(cols.units + u * years + y).within(Range::Share),
                });
            }
        }
        let np = model.scenario.profiles.len();
        let npm = PROFILE_METRICS.len();
        let mut profiles = Vec::new();
        for (k, p) in plan.periods.iter().filter(|p| per_profile(p)).enumerate() {
            for profile in 0..np {
                let base = cols.profiles + (k * np + profile) * npm;
                profiles.push(ProfileStats {
                    kind: p.kind,
                    period: p.label.clone(),
                    year: p.year,
                    profile,
                    metrics: (0..npm)
                        .map(|mi| summary(base + mi).within(profile_ranges[mi]))
                        .collect(),
                });
            }
        }
        profile_differences.push(match cols.profile_differences {
            Some(d) => (0..years)
                .map(|y| {
                    (0..np)
                        .map(|p| {
                            let base = d + (y * np + p) * npm;
                            (0..npm).map(|mi| summary(base + mi)).collect()
                        })
                        .collect()
                })
                .collect(),
            None => Vec::new(),
        });
        differences.push(match cols.differences {
            Some(d) => (0..years)
                .map(|y| (0..nm).map(|mi| summary(d + y * nm + mi)).collect())
                .collect(),
            None => Vec::new(),
        });
        let observations = plan.observed[k]
            .iter()
            .zip(&model.scenario.observations)
            .enumerate()
            .map(|(j, (o, obs))| {
                let c = cols.observations + j;
                let (below, equal) = histograms[c].rank(obs.value);
                ObservationStats {
                    observed: o.clone(),
                    observation: obs.clone(),
                    simulated: summary(c),
                    below,
                    equal,
                    percentile: mid_rank_percentile(below, equal, histograms[c].count()),
                }
            })
            .collect();
        let mut r = Results {
            model,
            settings: settings.clone(),
            periods: plan.periods.clone(),
            stats,
            units,
            profiles,
            wait_hist: agg.wait_hist[k].iter().map(|h| h.to_vec()).collect(),
            events: agg.events[k],
            assumptions: assumptions[k].clone(),
            observations,
        };
        fill_open_days(&mut r);
        results.push(r);
    }
    Joint {
        results,
        differences,
        profile_differences,
    }
}

/// Open place-days per unit and year are the same in every replication without construction
/// delays; with delays they vary, and the mean is reported. Computed from the calendar and the
/// unit's planned dates when there is no delay.
fn fill_open_days(results: &mut Results) {
    let s = &results.model.scenario;
    for uy in &mut results.units {
        let unit = &s.units[uy.unit];
        let y = results
            .model
            .calendar
            .years
            .iter()
            .find(|p| p.year == uy.year)
            .expect("year in calendar");
        let open_from = unit.opens.unwrap_or(0.0).max(y.start);
        let open_to = unit.closes.unwrap_or(f64::INFINITY).min(y.end);
        let may_be_delayed = s
            .construction
            .as_ref()
            .is_some_and(|c| unit.delay_probability_under(c) > 0.0);
        uy.open_place_days = if may_be_delayed && unit.opens.is_some() {
            f64::NAN
        } else {
            (open_to - open_from).max(0.0) * unit.places as f64
        };
    }
}

/// Calls `f(replication, workspace)` for replications `0..settings.replications` on
/// `settings.threads` workers (a workspace per worker, reused) and returns the values in
/// replication order, so they do not depend on the thread count. `f` runs the replication and
/// extracts what it needs: the theory checks ([`crate::check`]) read engine records that the
/// reported metrics do not carry. `what` names the job in the error of an interrupted run.
pub fn map_replications<T: Send>(
    what: &str,
    settings: &Settings,
    f: impl Fn(u64, &mut Workspace) -> T + Sync,
) -> Result<Vec<T>> {
    let pool = pool(settings.threads)?;
    let done = AtomicU64::new(0);
    let values: Option<Vec<T>> = pool.install(|| {
        (0..settings.replications as u64)
            .into_par_iter()
            .map_init(Workspace::default, |ws, r| {
                if stop_requested() {
                    return None;
                }
                let v = f(r, ws);
                done.fetch_add(1, Ordering::Relaxed);
                Some(v)
            })
            .collect()
    });
    values.ok_or_else(|| Error::Interrupted {
        scenario: what.to_owned(),
        done: done.into_inner(),
        total: settings.replications as u64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows shorter than, as long as and longer than the prefetch distance give the same sums
    /// and histograms as adding each value in turn.
    #[test]
    fn summing_rows_adds_every_value_once_in_order() {
        for width in [0, 1, AHEAD - 1, AHEAD, AHEAD + 1, 3 * AHEAD + 5] {
            let mut sums = vec![ShiftedSums::default(); width];
            let mut hists = vec![Histogram::default(); width];
            let mut want_sums = sums.clone();
            let mut want_hists = hists.clone();
            for r in 0..5 {
                let row: Vec<f64> = (0..width)
                    .map(|c| match (r + c) % 4 {
                        0 => (r * c) as f64,
                        1 => 0.1 * (r + 1) as f64 + c as f64,
                        2 => -1.5 * c as f64,
                        _ => f64::NAN,
                    })
                    .collect();
                summarize_row(&row, &mut sums, &mut hists);
                for (c, &v) in row.iter().enumerate() {
                    want_sums[c].add(v);
                    want_hists[c].add(v);
                }
            }
            assert_eq!(hists, want_hists, "width {width}");
            for (got, want) in sums.iter().zip(&want_sums) {
                assert_eq!(got.moments(), want.moments(), "width {width}");
            }
        }
    }

    #[test]
    #[should_panic(expected = "one histogram per column")]
    fn summing_a_row_needs_a_histogram_per_column() {
        let mut sums = vec![ShiftedSums::default(); 3];
        let mut hists = vec![Histogram::default(); 2];
        summarize_row(&[1.0, 2.0, 3.0], &mut sums, &mut hists);
    }
}
