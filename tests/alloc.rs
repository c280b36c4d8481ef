//! Heap use, measured with a counting allocator: a replication allocates nothing after warm-up,
//! and a run's memory does not grow with the number of replications.
//!
//! The allocator counts for the whole process, so this file holds a single test that does its
//! checks one after the other.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use lss_sim::engine::{Model, Workspace, run_replication};
use lss_sim::experiment::{self, Settings, fill_values, row_len};
use lss_sim::metrics::periods;

/// The system allocator, counting allocations and live bytes (and their peak).
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let live = LIVE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        grew(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        grew(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        if new_size > layout.size() {
            grew(new_size - layout.size());
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Peak live heap bytes during `f`, above what was live when it started.
fn peak_during(f: impl FnOnce()) -> usize {
    let start = LIVE.load(Ordering::Relaxed);
    PEAK.store(start, Ordering::Relaxed);
    f();
    PEAK.load(Ordering::Relaxed) - start
}

#[test]
fn replications_allocate_nothing_and_runs_do_not_grow_with_replications() {
    let load = |file: &str| {
        lss_sim::scenario::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).unwrap()
    };
    // The short-term places (their own process) allocate nothing either.
    {
        let short_term = load("scenarios/short-term-places.toml");
        let model = Model::new(short_term);
        let periods = periods(&model.calendar);
        let mut ws = Workspace::default();
        let mut row = vec![0.0; row_len(&model, &periods)];
        for r in 0..100 {
            run_replication(&model, r, &mut ws);
            fill_values(&model, &ws.outcome, &periods, &mut row);
        }
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        for r in 0..100 {
            run_replication(&model, r, &mut ws);
            fill_values(&model, &ws.outcome, &periods, &mut row);
        }
        let allocations = ALLOCATIONS.load(Ordering::Relaxed) - before;
        assert_eq!(
            allocations, 0,
            "100 replications of short-term-places.toml after warm-up allocated {allocations} times"
        );
    }

    let scenario = load("scenarios/linkoping-baseline.toml");

    // 1. After warm-up, a replication and the extraction of its values allocate nothing. The
    // workspace grows to the largest replication it has seen and then stays: warm it up on the
    // replications measured, then run them again. The training variant runs the training
    // process too (eligibility, time limits, ends in the queue).
    let training = lss_sim::scenario::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/training-2020.toml"),
    )
    .unwrap();
    let mut row = Vec::new();
    for scenario in [&scenario, &training] {
        let model = Model::new(scenario.clone());
        let periods = periods(&model.calendar);
        let mut ws = Workspace::default();
        row = vec![0.0; row_len(&model, &periods)];
        let replications = 0..300;
        for r in replications.clone() {
            run_replication(&model, r, &mut ws);
            fill_values(&model, &ws.outcome, &periods, &mut row);
        }
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        let mut events = 0;
        for r in replications {
            run_replication(&model, r, &mut ws);
            fill_values(&model, &ws.outcome, &periods, &mut row);
            events += ws.outcome.events;
        }
        let allocations = ALLOCATIONS.load(Ordering::Relaxed) - before;
        assert!(
            events > 100_000,
            "the replications did work: {events} events"
        );
        assert_eq!(
            allocations, 0,
            "300 replications of {} after warm-up allocated {allocations} times",
            scenario.name
        );
    }

    // 2. A run of 4 times the replications needs hardly more memory: the values are streamed
    // into summaries, not kept. Keeping them would cost 8 bytes per value per replication.
    let run = |replications| {
        let settings = Settings {
            replications,
            seed: 7,
            threads: 1,
        };
        peak_during(|| {
            experiment::run(&scenario, &settings, &|| {}).unwrap();
        })
    };
    let (small, large) = (2048, 8192);
    let peak_small = run(small);
    let peak_large = run(large);
    let kept_per_replication = 8 * row.len();
    let growth_per_replication =
        peak_large.saturating_sub(peak_small) as f64 / (large - small) as f64;
    eprintln!(
        "peak heap: {:.1} MB for {small} replications, {:.1} MB for {large}; {growth_per_replication:.0} bytes per extra replication (keeping the values: {kept_per_replication})",
        peak_small as f64 / 1e6,
        peak_large as f64 / 1e6
    );
    // The histograms of non-integer values widen as rarer, more extreme values arrive, ever more
    // slowly; everything else is fixed. A tenth of the cost of keeping the values bounds that.
    assert!(
        growth_per_replication < kept_per_replication as f64 / 10.0,
        "memory grows by {growth_per_replication:.0} bytes per replication"
    );
}
