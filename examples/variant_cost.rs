//! What a variant of a scenario costs to prepare, beside what its replications cost to run: the
//! baseline with one new unit (`Variation::new_unit`), applied to the raw scenario, validated
//! (registers and start state read again) and prepared for the engine (`Model::new`), against
//! 1 000 replications of it on one thread.
//!
//! `cargo run --release --example variant_cost -- [VARIANTS]` (default 200).

use std::path::Path;
use std::time::Instant;

use lss_sim::engine::{Model, Workspace, run_replication};
use lss_sim::scenario::{self, Variation};

fn main() {
    let variants: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let loaded = scenario::read(Path::new("scenarios/linkoping-baseline.toml"))
        .expect("run from the repository root");
    let variant = |i: usize| {
        let places = (4 + i % 8).to_string();
        Variation::new_unit(
            "NEW-1",
            &[
                ("name", "Ny enhet"),
                ("district", "Centrum"),
                ("kind", "group"),
                ("profiles", "autism"),
                ("places", &places),
                ("opens", "2020-07-01"),
                ("cost_per_place_year_tkr", "1100"),
            ],
        )
    };
    let t = Instant::now();
    let mut model = None;
    for i in 0..variants {
        let s = scenario::validate_loaded(&loaded.varied(&[variant(i)]).expect("a variation"))
            .expect("a valid variant");
        model = Some(Model::new(s));
    }
    let prepare = t.elapsed().as_secs_f64() / variants as f64;
    let model = model.expect("at least one variant");
    let mut ws = Workspace::default();
    run_replication(&model, 0, &mut ws);
    let reps = 1000;
    let t = Instant::now();
    for r in 0..reps {
        run_replication(&model, r, &mut ws);
    }
    let run = t.elapsed().as_secs_f64();
    println!(
        "prepare one variant: {:.0} µs; {reps} replications on one thread: {:.0} ms; ratio {:.4}",
        prepare * 1e6,
        run * 1e3,
        prepare / run
    );
}
