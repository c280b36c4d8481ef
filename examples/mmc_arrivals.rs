//! The engine as an M/M/c queue (c = 500, 97 % occupancy, mean stay one year), single threaded,
//! over about N arrivals, and the minimal reference loop over exactly the same number; prints one
//! JSON line per side: arrivals, wall seconds, arrivals per second and the mean wait in days.
//!
//! `cargo run --release --example mmc_arrivals -- [ARRIVALS]` (default 200 000). The engine's run
//! ends at a horizon, so its count is only about ARRIVALS; the reference loop takes its exact
//! count (see `benches/common/mod.rs`). Each side is timed three times after a warm-up run and
//! the median is printed. `benches/peer/run.sh` puts these lines beside SimPy's.

use std::time::Instant;

use lss_sim::engine::Workspace;

#[path = "../benches/common/mod.rs"]
mod common;

use common::reference;

const REPEATS: usize = 3;

fn median_seconds(mut run: impl FnMut()) -> f64 {
    let mut s: Vec<f64> = (0..REPEATS)
        .map(|_| {
            let t = Instant::now();
            run();
            t.elapsed().as_secs_f64()
        })
        .collect();
    s.sort_by(f64::total_cmp);
    s[REPEATS / 2]
}

fn line(sim: &str, arrivals: u64, seconds: f64, mean_wait_days: f64) -> String {
    format!(
        "{{\"sim\": \"{sim}\", \"arrivals\": {arrivals}, \"seconds\": {seconds:.6}, \"arrivals_per_second\": {:.1}, \"mean_wait_days\": {mean_wait_days:.4}}}",
        arrivals as f64 / seconds
    )
}

fn main() {
    let target = match std::env::args().nth(1) {
        None => 200_000,
        Some(a) => match a.replace('_', "").parse::<u64>() {
            Ok(n) if n >= common::MIN_ARRIVALS => n,
            _ => {
                eprintln!(
                    "usage: mmc_arrivals [ARRIVALS]   (a whole number of at least {}; default 200000)",
                    common::MIN_ARRIVALS
                );
                std::process::exit(2);
            }
        },
    };
    // Laying out the engine runs replication 0 once: that is the engine's warm-up.
    let engine = common::EngineMmc::new(target);
    let n = engine.arrivals;
    let mut ws = Workspace::default();
    let secs = median_seconds(|| engine.run(&mut ws));
    println!(
        "{}",
        line("lss-sim engine", n, secs, engine.mean_wait_days(&ws))
    );

    let q = engine.reference();
    let mut r = reference::run(&q, n, 1);
    let secs = median_seconds(|| r = reference::run(&q, n, 1));
    assert_eq!(r.arrivals, n);
    println!("{}", line("reference loop", n, secs, r.mean_wait()));
    eprintln!(
        "c = {}, occupancy {}, {} places occupied and {} queued at the start; engine {} events; Erlang C: P(wait) {:.4}, mean wait {:.4} days; reference P(wait) {:.4}",
        common::PLACES,
        common::OCCUPANCY,
        engine.busy_at_start,
        engine.queued_at_start,
        engine.events,
        common::queue().analytic(0.0).p_wait,
        common::erlang_c_mean_wait_days(),
        r.p_wait()
    );
}
