//! The large synthetic scenario of the benchmarks at one size, for counting the work per event.
//!
//! `cargo run --release --example scaled_events -- COPIES [REPLICATIONS] [--repeat]`: the
//! Linköping baseline copied COPIES times (1, 10 or 100: 67, 670 or 6 700 units, see
//! `benches/common/mod.rs`), one warm-up replication, then a block of REPLICATIONS more (default
//! 100 / COPIES, at least 1, so every size runs about the same number of events) on the same
//! workspace: replications 1, 2, ... as the benchmarks run them, or with `--repeat` replication 1
//! that many times (to show what repeating one replication does to the timing). Prints one JSON
//! line: units, places, people queued at the start, replications, events and the wall time per
//! event.
//!
//! The block runs inside [`measured`], so a profiler can count it alone: `benches/events.sh`
//! runs this under callgrind and prints instructions and cache misses per event at the three
//! sizes.

use std::time::Instant;

use lss_sim::engine::{Model, Workspace, run_replication};

#[path = "../benches/common/mod.rs"]
mod common;

/// The measured block (see [`common::run_block`]); a function of its own for callgrind.
#[inline(never)]
fn measured(model: &Model, n: u64, repeat: bool, ws: &mut Workspace) -> u64 {
    if repeat {
        common::run_repeated(model, n, ws)
    } else {
        common::run_block(model, n, ws)
    }
}

fn usage() -> ! {
    eprintln!(
        "usage: scaled_events COPIES [REPLICATIONS] [--repeat]   (COPIES one of 1, 10, 100; REPLICATIONS at least 1)"
    );
    std::process::exit(2);
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let repeat = args.iter().any(|a| a == "--repeat");
    args.retain(|a| a != "--repeat");
    let base = common::baseline();
    let sizes = common::scaled_sizes(&base);
    let copies: u32 = match args.first().map(|a| a.parse()) {
        Some(Ok(k)) => k,
        _ => usage(),
    };
    let Some(&(_, queued)) = sizes.iter().find(|s| s.0 == copies) else {
        usage()
    };
    let replications: u64 = match args.get(1).map(|a| a.parse()) {
        None => common::block_replications(copies),
        Some(Ok(n)) if n > 0 => n,
        Some(_) => usage(),
    };
    if args.len() > 2 {
        usage();
    }
    let model = Model::new(common::scaled(&base, copies, queued));
    let mut ws = Workspace::default();
    run_replication(&model, 0, &mut ws);
    let t = Instant::now();
    let events = measured(&model, replications, repeat, &mut ws);
    let secs = t.elapsed().as_secs_f64();
    let places: u32 = model.scenario.units.iter().map(|u| u.places).sum();
    println!(
        "{{\"copies\": {copies}, \"units\": {}, \"places\": {places}, \"queued_at_start\": {queued}, \"replications\": {replications}, \"repeat\": {repeat}, \"events\": {events}, \"ns_per_event\": {:.1}}}",
        model.scenario.units.len(),
        secs * 1e9 / events as f64
    );
}
