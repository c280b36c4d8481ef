//! Engine benchmarks (criterion, charts off).
//!
//! - `baseline_replication`: replications 1 to 100 of `scenarios/linkoping-baseline.toml`,
//!   loaded as `lss-sim run` loads it, on a reused workspace; throughput in events. (Distinct
//!   replications, as a run has them: see `common::run_block`.)
//! - `mmc_c500`: the engine configured as an M/M/c queue (c = 500, 97 % occupancy, mean stay one
//!   year) against a minimal special-purpose M/M/c loop (`benches/reference/mod.rs`), both over
//!   the same number of arrivals; throughput in arrivals, so the two rates sit side by side.
//! - `large_synthetic`: the baseline scaled to 10 and 100 times the units, places and
//!   applications, with a start queue of 500 and 5 000, in blocks of 100, 10 and 1 distinct
//!   replications (about 125 000 events each); throughput in events, to compare the cost per
//!   event across sizes.
//! - `aggregation`: adding 64 baseline rows to the block sums and histograms (as a run does,
//!   row by row; the next 64 of a pool of 1 024 each time), and computing the rows' values from
//!   an outcome; throughput in values.
//!
//! Run with `cargo bench --bench engine`; docs/performance.md has the figures.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use lss_sim::engine::{Model, Workspace, run_replication};

#[path = "common/mod.rs"]
mod common;

use common::{baseline, reference};

/// Arrivals per iteration of `mmc_c500` (about; the engine's exact count is used on both sides).
const MMC_ARRIVALS: u64 = 200_000;
/// Arrivals of the reference loop's check against Erlang C.
const SANITY_ARRIVALS: u64 = 4_000_000;

fn configure(c: &mut Criterion) -> Criterion {
    std::mem::take(c)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
}

fn baseline_replication(c: &mut Criterion) {
    let block = common::block_replications(1);
    let model = Model::new(baseline());
    let mut ws = Workspace::default();
    run_replication(&model, 0, &mut ws);
    let events = common::run_block(&model, block, &mut ws);
    let mut g = c.benchmark_group("baseline_replication");
    g.throughput(Throughput::Elements(events));
    g.bench_function("linkoping-baseline-100-replications", |b| {
        b.iter(|| common::run_block(&model, black_box(block), &mut ws))
    });
    g.finish();
}

fn mmc_c500(c: &mut Criterion) {
    let engine = common::EngineMmc::new(MMC_ARRIVALS);
    let q = engine.reference();
    let n = engine.arrivals;
    // Sanity, not timed: both sides simulate the queue they claim to. The mean wait over one
    // run scatters (over 20 seeds: 16 % sd at 200 000 arrivals, 5 % at 4 million), so the
    // reference loop is checked over 4 million arrivals within 15 %, and the engine over the
    // benchmark's run within 50 %.
    let erlang = common::erlang_c_mean_wait_days();
    let long = reference::run(&q, SANITY_ARRIVALS, 1);
    assert!(
        (long.mean_wait() / erlang - 1.0).abs() < 0.15,
        "the reference loop is not an M/M/c queue: mean wait {} days, Erlang C {erlang}",
        long.mean_wait()
    );
    let r = reference::run(&q, n, 1);
    let mut ws = Workspace::default();
    engine.run(&mut ws);
    let engine_wait = engine.mean_wait_days(&ws);
    eprintln!(
        "mmc_c500: {n} arrivals per iteration; engine {} events; mean wait (days): Erlang C {erlang:.2}, engine {engine_wait:.2}, reference {:.2} ({:.2} over {SANITY_ARRIVALS} arrivals; P(wait) {:.3}, Erlang C {:.3})",
        engine.events,
        r.mean_wait(),
        long.mean_wait(),
        long.p_wait(),
        common::queue().analytic(0.0).p_wait
    );
    assert_eq!(r.arrivals, n);
    assert!(
        (engine_wait / erlang - 1.0).abs() < 0.5,
        "the engine is not laid out as an M/M/c queue: mean wait {engine_wait} days, Erlang C {erlang}"
    );

    let mut g = c.benchmark_group("mmc_c500");
    // An engine iteration takes about 0.15 s: flat sampling keeps the group within its time.
    g.sampling_mode(SamplingMode::Flat);
    g.throughput(Throughput::Elements(n));
    g.bench_function("engine", |b| {
        b.iter(|| {
            engine.run(&mut ws);
            ws.outcome.events
        })
    });
    g.bench_function("reference", |b| {
        b.iter(|| reference::run(black_box(&q), n, 1).wait_sum)
    });
    g.finish();
}

fn large_synthetic(c: &mut Criterion) {
    let base = baseline();
    let sizes = common::scaled_sizes(&base);
    let mut g = c.benchmark_group("large_synthetic");
    g.sampling_mode(SamplingMode::Flat);
    for (k, queue) in sizes {
        let s = common::scaled(&base, k, queue);
        let label = format!("{}units-{}queued", s.units.len(), queue);
        let places: u32 = s.units.iter().map(|u| u.places).sum();
        let model = Model::new(s);
        let block = common::block_replications(k);
        let mut ws = Workspace::default();
        run_replication(&model, 0, &mut ws);
        // A quick figure for the log (best of three); criterion's own figures follow.
        let mut events = 0;
        let best = (0..3)
            .map(|_| {
                let t = Instant::now();
                events = common::run_block(&model, block, &mut ws);
                t.elapsed()
            })
            .min()
            .expect("three runs");
        eprintln!(
            "large_synthetic x{k}: {} units, {places} places, {queue} queued at the start, {events} events in {block} replications, about {:.0} ns/event",
            model.scenario.units.len(),
            best.as_nanos() as f64 / events as f64
        );
        g.throughput(Throughput::Elements(events));
        g.bench_function(BenchmarkId::from_parameter(label), |b| {
            b.iter(|| common::run_block(&model, black_box(block), &mut ws))
        });
    }
    g.finish();
}

/// The aggregation step of a run. 1 024 baseline replications' rows (every metric of every
/// period and every unit-year) are computed once and added to histograms, which so reach the
/// range of a run of the scenario's default 1 000 replications. Each iteration then adds the
/// next 64 rows of the pool, cycling, to the block sums and the histograms, as the experiment's
/// workers do: like a real run, it meets counts that are not in cache (adding the same 64 rows
/// again and again would find them all there). Unlike a real run, whose row is still in cache
/// when it is summed, each iteration also reads 1.5 MB of rows from memory, in order. Throughput
/// in values.
fn aggregation(c: &mut Criterion) {
    use lss_sim::experiment::{fill_values, row_len, summarize_row};
    use lss_sim::metrics::periods;
    use lss_sim::stats::{Histogram, ShiftedSums};
    const ROWS: usize = 64;
    const POOL: usize = 1024;
    const _: () = assert!(POOL.is_multiple_of(ROWS));
    let model = Model::new(baseline());
    let periods = periods(&model.calendar);
    let width = row_len(&model, &periods);
    let mut ws = Workspace::default();
    let mut pool = vec![0.0; POOL * width];
    for (r, row) in pool.chunks_exact_mut(width).enumerate() {
        run_replication(&model, r as u64, &mut ws);
        fill_values(&model, &ws.outcome, &periods, row);
    }
    let mut hists = vec![Histogram::default(); width];
    let mut sums = vec![ShiftedSums::default(); width];
    for row in pool.chunks_exact(width) {
        summarize_row(row, &mut sums, &mut hists);
    }
    let mut g = c.benchmark_group("aggregation");
    g.throughput(Throughput::Elements((ROWS * width) as u64));
    let mut next = 0;
    g.bench_function("summarize_64_baseline_rows", |b| {
        b.iter(|| {
            sums.fill(ShiftedSums::default());
            let block = &pool[next * ROWS * width..(next + 1) * ROWS * width];
            next = (next + 1) % (POOL / ROWS);
            for row in block.chunks_exact(width) {
                summarize_row(row, &mut sums, &mut hists);
            }
            black_box(sums[0].moments().n)
        })
    });
    let mut rows = vec![0.0; ROWS * width];
    g.bench_function("fill_values_64_rows", |b| {
        b.iter(|| {
            for row in rows.chunks_exact_mut(width) {
                fill_values(&model, &ws.outcome, &periods, row);
            }
            black_box(rows[0])
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = configure(&mut Criterion::default());
    targets = baseline_replication, mmc_c500, large_synthetic, aggregation
}
criterion_main!(benches);
