//! Validation: the engine against queueing theory (Erlang C, Erlang B, Little's law), property
//! tests over generated scenarios with the invariants checked after every event, determinism
//! across thread counts, and common random numbers. docs/validation.md explains every case.
//! The powered queueing-theory cases take a minute or more: they are `#[ignore]`d, so plain
//! `cargo test` stays quick, and CI runs them (`cargo test -- --include-ignored`).
//!
//! # Sample sizes
//! A case passes when the analytic value lies inside the 99.9 % Student-t interval over
//! independent replications (`lss_sim::check::Estimate::pass`). For a real relative bias of 2 %
//! to fail with 95 % power, the standard error must be at most
//! `0.02 / (t(0.9995) + z(0.95)) ≈ 0.02 / (3.29 + 1.645) = 0.41 %` of the value, which
//! `Estimate::detectable_bias() <= 0.02` asserts. The standard error falls as 1/√N with the
//! decisions simulated, N; pilot runs of 10 million decisions (20 replications) gave detectable
//! biases, for P(wait > 0) / mean wait:
//!
//! | c \ ρ | 0.80         | 0.95         | 0.98          |
//! |-------|--------------|--------------|---------------|
//! | 3     | 0.57 / 3.1 % | 0.55 / 9.2 % | 0.53 / 28 %   |
//! | 10    | 1.4 / 4.1 %  | 1.2 / 10 %   | 1.1 / 29 %    |
//! | 65    | 8.6 / 14 %   | 3.6 / 14 %   | 2.8 / 33 %    |
//! | 500   | (C = 1e-6)   | 17 / 30 %    | 10 / 47 %     |
//!
//! so the decisions needed for 2 % are `N = 10⁷ · (d / 2 %)²`: for P(wait > 0) at most 6 million
//! at c = 3 and 10, 32 million at c = 65, ρ = 0.95 and 20 million at ρ = 0.98, but 250 to 730
//! million at c = 500; for the mean wait 25 million at c = 3, ρ = 0.8 and 0.2 to 5.5 billion near
//! saturation (the wait of an M/M/c queue near ρ = 1 has a relaxation time of about
//! 4 / (1 − ρ)² decisions). At about 2.5 million decisions a second on two cores, the
//! suite powers P(wait > 0) at 2 % for c = 3, 10 and 65 at every occupancy except c = 65,
//! ρ = 0.8, the mean wait (and P(wait > t)) at c = 3, ρ = 0.8, and Erlang B at 10 and 65
//! places; the other cases (c = 500, the mean wait near saturation) must still contain the
//! analytic value in their interval, and their detectable bias is printed.

use std::path::Path;

use lss_sim::check::{self, Case, QueueCheck, rows};
use lss_sim::engine::outcome::Slot;
use lss_sim::engine::{Model, Workspace, run_replication};
use lss_sim::experiment::{self, Settings};
use lss_sim::metrics;
use lss_sim::model::*;
use proptest::prelude::*;

const SEED: u64 = 20240501;
/// The largest relative bias a powered quantity may leave undetected.
const POWER_TARGET: f64 = 0.02;

fn run(case: Case) -> QueueCheck {
    let c = check::run_case(&case, SEED, 0).expect("the check runs");
    eprintln!("{}", check::format_queue_check(&c, lss_sim::lang::Lang::En));
    assert!(
        c.pass(),
        "an analytic value is outside its 99.9 % interval:\n{}",
        check::format_queue_check(&c, lss_sim::lang::Lang::En)
    );
    c
}

fn powered(c: &QueueCheck, names: &[&str]) {
    for name in names {
        let e = c.get(name).unwrap_or_else(|| panic!("no row {name}"));
        assert!(
            e.detectable_bias() <= POWER_TARGET,
            "{name}: a bias of {:.2} % would go undetected; simulate more decisions\n{}",
            100.0 * e.detectable_bias(),
            check::format_queue_check(c, lss_sim::lang::Lang::En)
        );
    }
}

const M: f64 = 1_000_000.0;

#[test]
#[ignore = "long statistical check: cargo test -- --include-ignored"]
fn erlang_c_c3_rho080_wait_distribution_powered() {
    // 30 million decisions: mean wait and P(wait > t) detect 2 % (pilot: 3.1 % at 10 million).
    let c = run(check::mmc_case(3, 0.80, 40, 0.75 * M));
    powered(&c, &[rows::P_WAIT, rows::MEAN_WAIT, rows::P_WAIT_OVER]);
}

#[test]
#[ignore = "long statistical check: cargo test -- --include-ignored"]
fn erlang_c_c3_rho095_and_098() {
    for rho in [0.95, 0.98] {
        let c = run(check::mmc_case(3, rho, 20, 0.3 * M));
        powered(&c, &[rows::P_WAIT]);
    }
}

#[test]
#[ignore = "long statistical check: cargo test -- --include-ignored"]
fn erlang_c_c10_rho080_095_098() {
    for rho in [0.80, 0.95, 0.98] {
        let c = run(check::mmc_case(10, rho, 20, 0.3 * M));
        powered(&c, &[rows::P_WAIT]);
    }
}

#[test]
fn erlang_c_c65_rho080() {
    // P(wait > 0) = 0.054: 2 % would need 190 million decisions; checked, not powered.
    run(check::mmc_case(65, 0.80, 20, 0.3 * M));
}

#[test]
#[ignore = "long statistical check: cargo test -- --include-ignored"]
fn erlang_c_c65_rho095_powered() {
    let c = run(check::mmc_case(65, 0.95, 35, M));
    powered(&c, &[rows::P_WAIT]);
}

#[test]
#[ignore = "long statistical check: cargo test -- --include-ignored"]
fn erlang_c_c65_rho098_powered() {
    let c = run(check::mmc_case(65, 0.98, 25, M));
    powered(&c, &[rows::P_WAIT]);
}

#[test]
#[ignore = "long statistical check: cargo test -- --include-ignored"]
fn erlang_c_c500_rho095_and_098() {
    // c = 500 runs and agrees; 2 % power would need 250-730 million decisions (module docs).
    for rho in [0.95, 0.98] {
        run(check::mmc_case(500, rho, 20, 0.3 * M));
    }
}

#[test]
#[ignore = "long statistical check: cargo test -- --include-ignored"]
fn erlang_b_10_and_65_places_powered() {
    let c = run(check::loss_case(10, 8.0, 20, 0.5 * M));
    powered(&c, &[rows::BLOCKING]);
    let c = run(check::loss_case(65, 60.0, 20, M));
    powered(&c, &[rows::BLOCKING]);
}

/// Erlang B through the short-term places (their own service, not the housing queue): a quick
/// case in plain `cargo test`.
#[test]
fn erlang_b_short_term_3_places() {
    let c = run(check::short_term_case(3, 2.0, 8, 100_000.0));
    assert!(c.get(rows::BLOCKING).is_some() && c.get(rows::MEAN_OCCUPIED).is_some());
}

#[test]
#[ignore = "long statistical check: cargo test -- --include-ignored"]
fn erlang_b_short_term_3_and_10_places_powered() {
    let c = run(check::short_term_case(3, 2.0, 20, 0.5 * M));
    powered(&c, &[rows::BLOCKING]);
    let c = run(check::short_term_case(10, 8.0, 20, 0.5 * M));
    powered(&c, &[rows::BLOCKING]);
}

fn scenario(path: &str) -> Scenario {
    lss_sim::scenario::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .expect("the scenario loads")
}

#[test]
fn littles_law_on_the_baseline_and_its_variants() {
    for name in [
        "linkoping-baseline",
        "hemtagning",
        "planned-delayed",
        "higher-declines",
        "faster-expansion",
    ] {
        let s = scenario(&format!("scenarios/{name}.toml"));
        let settings = Settings {
            replications: 100,
            seed: s.seed,
            threads: 0,
        };
        let reps = check::little(&s, &settings).unwrap();
        let worst = reps.iter().map(|r| r.error()).fold(0.0, f64::max);
        assert!(
            worst <= check::LITTLE_TOLERANCE,
            "{name}: {}",
            check::format_little(name, &reps, lss_sim::lang::Lang::En)
        );
        assert!(
            reps.iter()
                .all(|r| r.queue_integral > 0.0 && r.occupied_integral > 0.0)
        );
    }
}

// ---- Determinism and common random numbers ----

#[test]
fn results_are_identical_for_1_2_and_4_threads_and_when_run_twice() {
    let s = scenario("scenarios/linkoping-baseline.toml");
    let bytes = |threads| {
        let settings = Settings {
            replications: 24,
            seed: 5,
            threads,
        };
        lss_sim::report::summary_json(&experiment::run(&s, &settings, &|| {}).unwrap(), None, None)
    };
    let one = bytes(1);
    assert_eq!(one, bytes(2));
    assert_eq!(one, bytes(4));
    assert_eq!(one, bytes(4), "a second run gives the same bytes");
    let check = |threads| {
        let c = check::run_case(&check::mmc_case(10, 0.9, 6, 20_000.0), 3, threads).unwrap();
        check::format_queue_check(&c, lss_sim::lang::Lang::En)
    };
    assert_eq!(check(1), check(4));
}

#[test]
fn adding_capacity_leaves_the_applications_of_each_replication_unchanged() {
    let base = scenario("scenarios/linkoping-baseline.toml");
    let mut more = base.clone();
    let mut extra = more.units[0].clone();
    extra.id = "EXTRA".into();
    extra.places = 20;
    extra.occupied_at_start = 0;
    more.units.push(extra);
    more.units[1].places += 3;
    let settings = Settings {
        replications: 30,
        seed: 11,
        threads: 0,
    };
    // Run jointly: the differences more − base are accumulated replication by replication.
    let joint = experiment::run_joint(&[base, more], &settings, &|| {}).unwrap();
    let (a, b) = (&joint.results[0], &joint.results[1]);
    let apps = metrics::index("applications");
    let decisions = metrics::index("decisions");
    let years = a.model.years();
    for y in 0..years {
        for (name, m) in [("applications", apps), ("decisions", decisions)] {
            // Mean 0 and sd 0: the difference is 0 in every replication.
            let d = joint.differences[1][y][m];
            assert_eq!(
                (d.n, d.mean, d.sd),
                (30, 0.0, 0.0),
                "year {y}: {name} per replication"
            );
            assert!(a.yearly(y, m).mean > 0.0);
        }
    }
    // And the extra places are used: the queue is shorter on average.
    let q = metrics::index("mean_queue");
    assert!(b.yearly(years - 1, q).mean < a.yearly(years - 1, q).mean);
}

// ---- Property tests over generated scenarios ----

fn date(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn duration() -> impl Strategy<Value = Duration> {
    prop_oneof![
        (0.0..60.0f64).prop_map(|days| Duration::Fixed { days }),
        (0.0..90.0f64).prop_map(|mean_days| Duration::Exponential { mean_days }),
        (0.0..30.0f64, 0.0..60.0f64).prop_map(|(a, b)| Duration::Uniform {
            min_days: a,
            max_days: a + b
        }),
        (1.0..90.0f64, 0.1..2.0f64).prop_map(|(mean_days, cv)| Duration::Gamma { mean_days, cv }),
        (1.0..90.0f64, 0.1..2.0f64)
            .prop_map(|(mean_days, cv)| Duration::LogNormal { mean_days, cv }),
    ]
}

fn stay() -> impl Strategy<Value = Duration> {
    prop_oneof![
        (30.0..3000.0f64).prop_map(|mean_days| Duration::Exponential { mean_days }),
        (0.5..3.0f64, 100.0..3000.0f64)
            .prop_map(|(shape, scale_days)| Duration::Weibull { shape, scale_days }),
        Just(Duration::Fixed {
            days: f64::INFINITY
        }),
    ]
}

/// A unit: profiles (non-empty mask of `np` profiles), places, occupied, open/close offsets.
fn unit_strategy(np: u32, horizon: f64) -> impl Strategy<Value = Unit> {
    (
        1u32..(1 << np),
        1u32..12,
        0.0..1.0f64,
        prop::option::of(1.0..horizon),
        prop::option::of(1.0..horizon),
        0u16..3,
        any::<bool>(),
    )
        .prop_map(
            move |(mask, places, occ, opens, closes, district, external_first)| {
                let closes = match (opens, closes) {
                    (Some(o), Some(c)) if c <= o => None,
                    (_, c) => c,
                };
                Unit {
                    id: String::new(),
                    name: String::new(),
                    district,
                    kind: UnitKind::Group,
                    profiles: ProfileSet(mask),
                    places,
                    occupied_at_start: if opens.is_some() {
                        0
                    } else {
                        (occ * places as f64) as u32
                    },
                    opens: opens.map(f64::floor),
                    closes: closes.map(f64::floor),
                    cost_per_place_year_tkr: 1000.0,
                    external_first,
                    delay_probability: None,
                    time_limited: false,
                }
            },
        )
}

fn scenario_strategy() -> impl Strategy<Value = Scenario> {
    let horizon = 731.0; // 2019-01-01 to 2020-12-31
    (1u32..4)
        .prop_flat_map(move |np| {
            let units = prop::collection::vec(unit_strategy(np, horizon), 1..5);
            let people = prop::collection::vec(
                (
                    0..np,
                    -800.0..-1.0f64,
                    0u32..3,
                    0u8..3,
                    prop::option::of(0u16..3),
                ),
                0..12,
            );
            let probs = (
                0.3..1.0f64,
                0.0..1.0f64,
                0.0..1.0f64,
                0.0..1.0f64,
                0.5..1.2f64,
                0.0..1.0f64,
            );
            let flags = (
                prop::option::of(0.0..400.0f64),
                any::<bool>(),
                any::<bool>(),
                any::<bool>(),
                prop::option::of(1u32..4),
                0.0..0.3f64,
            );
            let durations = (
                duration(),
                duration(),
                duration(),
                duration(),
                stay(),
                prop::option::of((0.0..1.0f64, duration())),
            );
            (
                Just(np),
                units,
                people,
                probs,
                flags,
                durations,
                0.0..120.0f64,
                0u32..8,
                any::<u64>(),
            )
        })
        .prop_map(
            move |(np, mut units, people, probs, flags, durs, rate, backlog, seed)| {
                // Every profile must be served by some unit (as validation requires).
                units[0].profiles = ProfileSet((1 << np) - 1);
                for (i, u) in units.iter_mut().enumerate() {
                    u.id = format!("U{i}");
                    u.name = u.id.clone();
                }
                let (acceptance, pref, other, grant, factor, district_preference) = probs;
                let (
                    placement_after_days,
                    executes,
                    hemtagning,
                    all_units,
                    withdraw_after_declines,
                    withdrawal,
                ) = flags;
                let (investigation, response, lead, turnaround, stay, construction) = durs;
                let start_people = people
                    .into_iter()
                    .enumerate()
                    .map(
                        |(i, (profile, decision, declines, status, district))| StartPerson {
                            id: format!("p{i}"),
                            profile: profile as ProfileId,
                            preferred_district: district,
                            decision: decision.floor(),
                            declines,
                            offered_before: declines > 0,
                            status: [
                                StartStatus::Queued,
                                StartStatus::QueuedExternal,
                                StartStatus::External,
                            ][status as usize],
                        },
                    )
                    .collect();
                Scenario {
                    name: "generated".into(),
                    description: String::new(),
                    seed,
                    replications: 3,
                    start: date(2019, 1, 1),
                    end: date(2020, 12, 31),
                    goals: Goals {
                        offer_within_months: 6,
                        report_after_months: 3,
                        occupancy_target: 0.98,
                        first_goal_year: 2019,
                    },
                    profiles: (0..np).map(|p| format!("P{p}")).collect(),
                    profile_mix: vec![1.0 / np as f64; np as usize],
                    districts: vec!["A".into(), "B".into(), "C".into()],
                    district_preference,
                    applications: Applications {
                        per_year: vec![rate, rate * 1.1],
                        first_year: 2019,
                    },
                    investigation,
                    grant_probability: grant,
                    under_investigation_at_start: backlog,
                    backlog_remaining: investigation,
                    offers: Offers {
                        response,
                        acceptance,
                        acceptance_preferred_district: pref,
                        acceptance_other_district: other,
                        acceptance_factor_per_decline: factor,
                        withdraw_after_declines,
                    },
                    move_in: lead,
                    stay,
                    turnaround,
                    withdrawal_per_day: withdrawal / DAYS_PER_YEAR,
                    external: External {
                        cost_per_person_year_tkr: 1500.0,
                        placement_after_days,
                        placement_executes_decision: executes,
                        hemtagning,
                        hemtagning_scope: if all_units {
                            HemtagningScope::AllUnits
                        } else {
                            HemtagningScope::NewUnits
                        },
                        hemtagning_acceptance: 0.5,
                        hemtagning_max_declines: 2,
                    },
                    fee: Some(Fee {
                        after_months: 6,
                        expected_tkr_per_month: 9.0,
                    }),
                    construction: construction.map(|(p, delay)| Construction {
                        delay_probability: p,
                        delay,
                    }),
                    training: None,
                    // Every other scenario has short-term places (their own process): units
                    // shaped like its first housing units, open at the start or later, and
                    // requests from each profile.
                    short_term: (seed % 2 == 0).then(|| ShortTerm {
                        requests_per_year: (0..np).map(|p| (rate + 1.0) / (p + 1) as f64).collect(),
                        stay: lead,
                        no_place_cost_per_day_tkr: 8.0,
                        units: units
                            .iter()
                            .take(2)
                            .map(|u| ShortTermUnit {
                                id: format!("K{}", u.id),
                                name: u.name.clone(),
                                district: "D".into(),
                                profiles: u.profiles,
                                places: u.places,
                                occupied_at_start: u.occupied_at_start,
                                opens: u.opens,
                                cost_per_place_year_tkr: 1500.0,
                            })
                            .collect(),
                    }),
                    units,
                    start_people,
                    observations: Vec::new(),
                    warnings: Vec::new(),
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// No panic with the invariants checked after every event; counts and integrals never
    /// negative; occupancy within [0, 1]; Little's law holds on every path.
    #[test]
    fn generated_scenarios_keep_the_invariants(s in scenario_strategy()) {
        let model = Model::new(s);
        let mut ws = Workspace::default();
        ws.check_invariants = true;
        for r in 0..2 {
            run_replication(&model, r, &mut ws);
            for (m, rec) in ws.outcome.months.iter().enumerate() {
                for (i, v) in rec.0.iter().enumerate() {
                    prop_assert!(*v >= -1e-6 && v.is_finite(), "month {m}, slot {i}: {v}");
                }
                let (occ, open) = (rec.get(Slot::OccupiedDays), rec.get(Slot::OpenPlaceDays));
                prop_assert!(occ <= open + 1e-6, "month {m}: occupied {occ} > open {open} place-days");
                prop_assert!(rec.get(Slot::Occupied) <= rec.get(Slot::OpenPlaces));
                prop_assert!(rec.get(Slot::FirstOffersWaited) <= rec.get(Slot::FirstOffers));
            }
            for &[occ, open] in &ws.outcome.unit_years {
                prop_assert!(occ >= -1e-6 && occ <= open + 1e-6, "unit-year occupied {occ} of {open}");
            }
        }
        let settings = Settings { replications: 2, seed: model.scenario.seed, threads: 1 };
        let reps = check::little(&model.scenario, &settings).unwrap();
        for r in &reps {
            prop_assert!(r.error() <= 1e-9, "Little: {r:?}");
        }
    }

    /// Summaries over replications: percentiles ordered, the interval contains the mean (none
    /// for a single value), occupancy within [0, 1].
    #[test]
    fn generated_scenarios_summarise_consistently(s in scenario_strategy()) {
        let settings = Settings { replications: 5, seed: s.seed, threads: 1 };
        let res = experiment::run(&s, &settings, &|| {}).unwrap();
        let occ = metrics::index("occupancy");
        for p in &res.stats {
            for (mi, m) in p.metrics.iter().enumerate() {
                if m.n == 0 {
                    continue;
                }
                prop_assert!(m.p5 <= m.p25 && m.p25 <= m.p50 && m.p50 <= m.p75 && m.p75 <= m.p95, "{} {}: {m:?}", p.period, metrics::METRICS[mi].id);
                // One value (a wait in a period with one offer) has no interval.
                prop_assert!(
                    (m.n == 1 && m.ci_low.is_nan() && m.ci_high.is_nan())
                        || (m.ci_low <= m.mean + 1e-9 && m.mean <= m.ci_high + 1e-9),
                    "{m:?}"
                );
                if mi == occ {
                    prop_assert!(m.p5 >= 0.0 && m.p95 <= 1.0 + 1e-12, "occupancy {m:?}");
                }
            }
        }
        for u in &res.units {
            if u.occupancy.n > 0 {
                prop_assert!(u.occupancy.p5 >= 0.0 && u.occupancy.p95 <= 1.0 + 1e-12);
            }
        }
    }
}
