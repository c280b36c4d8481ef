//! Many replications of a scenario, in parallel, reduced to [`Results`].
//!
//! The only place with threads. Replication `r` depends only on (scenario, seed, r); the values
//! of each replication are collected in replication order and reduced sequentially, so the
//! results are identical, bit for bit, for any thread count.
//!
//! A run can be stopped from outside (Ctrl-C): [`request_stop`] sets a flag that every worker
//! reads once per replication, a cheap relaxed load beside a replication's thousands of events.
//! The run then returns [`Error::Interrupted`] and its partial values are dropped: nothing is
//! reduced or written from an incomplete run.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use crate::calendar::PeriodKind;
use crate::engine::outcome::WAIT_BINS;
use crate::engine::{Model, Workspace, run_replication};
use crate::error::{Error, Result};
use crate::metrics::{METRICS, PeriodRef, periods, value};
use crate::model::Scenario;
use crate::stats::Summary;

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

/// What one replication contributes.
#[derive(Debug, Clone)]
pub struct RepValues {
    /// Value of every (period, metric), period-major.
    pub values: Vec<f64>,
    /// Occupancy per (unit, year), unit-major; NaN when the unit was not open that year.
    pub unit_occupancy: Vec<f64>,
    /// Wait-to-first-offer histogram per year.
    pub wait_hist: Vec<[u32; WAIT_BINS]>,
    /// Events processed.
    pub events: u64,
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
    /// Per year: first offers by wait, in bins of 15 days, summed over replications.
    pub wait_hist: Vec<Vec<u64>>,
    /// Events processed in all replications.
    pub events: u64,
    /// The raw per-replication values of the yearly metrics, `[year][metric][replication]`,
    /// for comparisons and charts.
    pub yearly_values: Vec<Vec<Vec<f64>>>,
}

/// Runs one replication and derives its values.
pub fn replicate(model: &Model, r: u64, ws: &mut Workspace, periods: &[PeriodRef]) -> RepValues {
    run_replication(model, r, ws);
    let out = &ws.outcome;
    let cal = &model.calendar;
    let target = model.scenario.goals.occupancy_target;
    let mut values = Vec::with_capacity(periods.len() * METRICS.len());
    for p in periods {
        for m in METRICS {
            values.push(value(m, p, &out.months, cal, target));
        }
    }
    let unit_occupancy = out
        .unit_years
        .iter()
        .map(|&[occ, open]| if open > 0.0 { occ / open } else { f64::NAN })
        .collect();
    RepValues {
        values,
        unit_occupancy,
        wait_hist: out.wait_hist.clone(),
        events: out.events,
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

/// Runs the experiment; `tick` is called once per finished replication (for a progress bar).
/// Returns [`Error::Interrupted`] if [`request_stop`] is called before all replications finish.
pub fn run(scenario: &Scenario, settings: &Settings, tick: &(dyn Fn() + Sync)) -> Result<Results> {
    let mut scenario = scenario.clone();
    scenario.seed = settings.seed;
    let model = Model::new(scenario);
    let periods = periods(&model.calendar);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.threads)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {} threads: {e}", settings.threads)))?;
    let done = AtomicU64::new(0);
    // `None` once a stop is requested: collecting into an `Option` ends the loop early.
    let reps: Option<Vec<RepValues>> = pool.install(|| {
        (0..settings.replications as u64)
            .into_par_iter()
            .map_init(Workspace::default, |ws, r| {
                if stop_requested() {
                    return None;
                }
                let v = replicate(&model, r, ws, &periods);
                done.fetch_add(1, Ordering::Relaxed);
                tick();
                Some(v)
            })
            .collect()
    });
    let Some(reps) = reps else {
        return Err(Error::Interrupted {
            scenario: model.scenario.name.clone(),
            done: done.into_inner(),
            total: settings.replications as u64,
        });
    };
    Ok(reduce(model, settings.clone(), periods, &reps))
}

/// Reduces per-replication values, in replication order.
pub fn reduce(
    model: Model,
    settings: Settings,
    periods: Vec<PeriodRef>,
    reps: &[RepValues],
) -> Results {
    let nm = METRICS.len();
    let mut scratch = Vec::with_capacity(reps.len());
    let stats = periods
        .iter()
        .enumerate()
        .map(|(pi, p)| PeriodStats {
            kind: p.kind,
            period: p.label.clone(),
            year: p.year,
            metrics: (0..nm)
                .map(|mi| Summary::of(reps.iter().map(|r| r.values[pi * nm + mi]), &mut scratch))
                .collect(),
        })
        .collect();
    let years = model.years();
    let mut units = Vec::new();
    for u in 0..model.scenario.units.len() {
        for y in 0..years {
            let i = u * years + y;
            let occupancy = Summary::of(reps.iter().map(|r| r.unit_occupancy[i]), &mut scratch);
            units.push(UnitYear {
                unit: u,
                year: model.calendar.years[y].year,
                open_place_days: f64::NAN,
                occupancy,
            });
        }
    }
    let mut wait_hist = vec![vec![0u64; WAIT_BINS]; years];
    for r in reps {
        for (y, h) in r.wait_hist.iter().enumerate() {
            for (b, &c) in h.iter().enumerate() {
                wait_hist[y][b] += c as u64;
            }
        }
    }
    let year_offset = periods
        .iter()
        .position(|p| p.kind == PeriodKind::Year)
        .unwrap_or(periods.len());
    let yearly_values = (0..years)
        .map(|y| {
            (0..nm)
                .map(|mi| {
                    reps.iter()
                        .map(|r| r.values[(year_offset + y) * nm + mi])
                        .collect()
                })
                .collect()
        })
        .collect();
    let events = reps.iter().map(|r| r.events).sum();
    let mut results = Results {
        model,
        settings,
        periods,
        stats,
        units,
        wait_hist,
        events,
        yearly_values,
    };
    fill_open_days(&mut results);
    results
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
        uy.open_place_days = if s.construction.is_some() && unit.opens.is_some() {
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
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.threads)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {} threads: {e}", settings.threads)))?;
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
