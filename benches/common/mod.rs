//! What the benchmarks and the examples share: the M/M/c queue of the speed comparison, laid
//! out for the engine and for the reference loop; the large synthetic scenario (the baseline
//! scaled); and blocks of replications.
//!
//! # The M/M/c queue
//!
//! c = 500 places at 97 % occupancy with a mean stay of one year (λ = 485 a year). The engine
//! runs it as `lss_sim::check` lays it out: one unit serving one profile, applications granted
//! at once, every offer accepted at once, exponential stays, time run faster by a constant
//! factor (see `lss_sim::check`). Both sides start with the places occupied and the queue at
//! their stationary means.
//!
//! # Matching the number of arrivals
//! The engine's run ends at a horizon, not after a count, and `check::layout` asks for the
//! decisions in its measured window (the warm-up comes on top). So [`EngineMmc::new`] sizes
//! the window so that the whole horizon holds about the target, runs replication 0 once and
//! counts its arrivals exactly (the applications recorded in every month of the outcome). The
//! benchmark and the example always run replication 0, which is deterministic, and give the
//! reference loop (and SimPy) exactly that count.
//!
//! Included with `#[path]` by `benches/engine.rs`, `examples/mmc_arrivals.rs` and
//! `examples/scaled_events.rs`.

#![allow(dead_code)] // Each includer uses a part.

use lss_sim::check::{self, Plan, Queue};
use lss_sim::engine::outcome::Slot;
use lss_sim::engine::{Model, Workspace, run_replication};
use lss_sim::model::{DAYS_PER_YEAR, Scenario, StartPerson, StartStatus};

#[path = "../reference/mod.rs"]
pub mod reference;

/// Places c.
pub const PLACES: u32 = 500;
/// Occupancy ρ = λ / (c μ).
pub const OCCUPANCY: f64 = 0.97;
/// Fewest arrivals [`EngineMmc::new`] accepts.
pub const MIN_ARRIVALS: u64 = 50_000;
/// Seed of the engine's streams (replication 0 of it is run).
pub const SEED: u64 = 20_180_831;

/// The queue: c = [`PLACES`], ρ = [`OCCUPANCY`], mean stay one year.
pub fn queue() -> Queue {
    check::mmc_case(PLACES, OCCUPANCY, 1, 1.0).queue
}

/// The engine configured as the queue, with its arrival count.
pub struct EngineMmc {
    /// The prepared scenario.
    pub model: Model,
    /// Simulated days per day of the queue (`check::Layout::scale`).
    pub scale: f64,
    /// Arrivals (applications) in replication 0.
    pub arrivals: u64,
    /// Events the engine processes in replication 0.
    pub events: u64,
    /// People queued at the start.
    pub queued_at_start: usize,
    /// Places occupied at the start.
    pub busy_at_start: u32,
}

impl EngineMmc {
    /// Lays the queue out so that one replication holds about `target` arrivals.
    pub fn new(target: u64) -> EngineMmc {
        let q = queue();
        let plan = |decisions: f64| Plan {
            replications: 1,
            decisions_per_replication: decisions,
            seed: SEED,
            threads: 1,
        };
        assert!(
            target >= MIN_ARRIVALS,
            "at least {MIN_ARRIVALS} arrivals: the warm-up alone holds about 21 000"
        );
        // The arrival rate is decisions / window, and the warm-up before the window lasts a
        // fixed number of mean stays, so it holds an almost fixed number of arrivals (about
        // 21 000 here): the window gets the rest. Rounding the warm-up to whole months moves
        // that number a little; a few rounds settle it.
        let mut decisions = target as f64;
        for _ in 0..4 {
            let lay = check::layout(&q, &plan(decisions));
            let months = Model::new(lay.scenario).calendar.months.len();
            let window = (months - lay.warmup_months) as f64;
            let warm_up = decisions * lay.warmup_months as f64 / window;
            decisions = (target as f64 - warm_up).max(target as f64 / 2.0);
        }
        let lay = check::layout(&q, &plan(decisions));
        let queued_at_start = lay.scenario.start_people.len();
        let busy_at_start = lay.scenario.units[0].occupied_at_start;
        let model = Model::new(lay.scenario);
        let mut ws = Workspace::default();
        run_replication(&model, 0, &mut ws);
        let arrivals = total(&ws, Slot::Applications) as u64;
        EngineMmc {
            model,
            scale: lay.scale,
            arrivals,
            events: ws.outcome.events,
            queued_at_start,
            busy_at_start,
        }
    }

    /// Runs replication 0 in `ws`.
    pub fn run(&self, ws: &mut Workspace) {
        run_replication(&self.model, 0, ws);
    }

    /// Mean wait from decision to a place in the last run in `ws`, in days of the queue.
    pub fn mean_wait_days(&self, ws: &Workspace) -> f64 {
        total(ws, Slot::WaitFirstOfferSum) / total(ws, Slot::FirstOffers) * self.scale
    }

    /// The same queue and start state for the reference loop, in days.
    pub fn reference(&self) -> reference::Mmc {
        let q = queue();
        reference::Mmc {
            places: q.places,
            arrivals_per_day: q.arrivals_per_year / DAYS_PER_YEAR,
            mean_stay_days: q.mean_stay_years * DAYS_PER_YEAR,
            busy_at_start: self.busy_at_start,
            queued_at_start: self.queued_at_start,
        }
    }
}

/// Mean wait by Erlang C, days.
pub fn erlang_c_mean_wait_days() -> f64 {
    queue().analytic(0.0).mean_wait_days
}

fn total(ws: &Workspace, slot: Slot) -> f64 {
    ws.outcome.months.iter().map(|m| m.get(slot)).sum()
}

/// The Linköping baseline, loaded as `lss-sim run` loads it.
pub fn baseline() -> Scenario {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/linkoping-baseline.toml");
    lss_sim::scenario::load(&path).expect("the baseline scenario loads")
}

/// The sizes of the large synthetic scenario: (copies of the baseline, people queued at the
/// start): the baseline itself (its own start queue), 10 times with 500 queued and 100 times
/// with 5 000.
pub fn scaled_sizes(base: &Scenario) -> [(u32, usize); 3] {
    [(1, queued_at_start(base).count()), (10, 500), (100, 5_000)]
}

/// The people of `base` queued at the start (at home or in an external placement).
fn queued_at_start(base: &Scenario) -> impl Iterator<Item = &StartPerson> + Clone {
    base.start_people
        .iter()
        .filter(|p| p.status != StartStatus::External)
}

/// The baseline scaled `k` times: every unit copied `k` times (same district, profiles, places
/// and start occupancy), applications and the investigation backlog times `k`, people placed
/// externally at the start times `k`, and `queue` people queued at the start (the baseline's
/// queued people, cycled). Occupancy stays close to the baseline's.
pub fn scaled(base: &Scenario, k: u32, queue: usize) -> Scenario {
    let mut s = base.clone();
    s.name = format!("{}-x{k}", base.name);
    s.units = (0..k)
        .flat_map(|copy| {
            base.units.iter().map(move |u| {
                let mut u = u.clone();
                u.id = format!("{}-{copy}", u.id);
                u
            })
        })
        .collect();
    s.applications.per_year = base
        .applications
        .per_year
        .iter()
        .map(|r| r * k as f64)
        .collect();
    s.under_investigation_at_start = base.under_investigation_at_start * k;
    let queued: Vec<&StartPerson> = queued_at_start(base).collect();
    let external = base
        .start_people
        .iter()
        .filter(|p| p.status == StartStatus::External);
    let mut people: Vec<StartPerson> = (0..queue)
        .map(|i| {
            let mut p = queued[i % queued.len()].clone();
            p.id = format!("{}-{i}", p.id);
            p
        })
        .collect();
    for copy in 0..k {
        people.extend(external.clone().map(|p| {
            let mut p = p.clone();
            p.id = format!("{}-{copy}", p.id);
            p
        }));
    }
    s.start_people = people;
    s
}

/// Runs replications `1..=n` of `model` on `ws` and returns the events they processed.
///
/// The baseline and the large synthetic benchmarks time such a block, about 125 000 events,
/// rather than one short replication: a replication run again and again takes the same branches
/// in the same order, and the processor learns it. At ×1 one replication repeated 100 times ran
/// at 83 ns per event where replications 1 to 100 took 116 ns (`examples/scaled_events.rs` with
/// and without `--repeat`, alternating runs); at the block's length repeating makes no
/// measurable difference (docs/performance.md, "How to measure each figure").
pub fn run_block(model: &Model, n: u64, ws: &mut Workspace) -> u64 {
    (1..=n)
        .map(|r| {
            run_replication(model, r, ws);
            ws.outcome.events
        })
        .sum()
}

/// Runs replication 1 of `model` `n` times on `ws` and returns the events processed: the way
/// the benchmarks measured before they ran [`run_block`], kept to show the difference.
pub fn run_repeated(model: &Model, n: u64, ws: &mut Workspace) -> u64 {
    (0..n)
        .map(|_| {
            run_replication(model, 1, ws);
            ws.outcome.events
        })
        .sum()
}

/// Replications per block of the large synthetic scenario at `copies` times the baseline:
/// 100 / `copies` (at least one), so every size runs about 125 000 events.
pub fn block_replications(copies: u32) -> u64 {
    (100 / u64::from(copies)).max(1)
}
