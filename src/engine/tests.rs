//! Engine tests on hand-made scenarios small enough to work out by hand.

use super::outcome::Slot;
use super::*;
use crate::model::*;
use chrono::NaiveDate;

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// 2018-09-01 to 2018-12-31; no arrivals, nobody leaves, everything instant and accepted.
fn tiny(units: Vec<Unit>, people: Vec<StartPerson>) -> Scenario {
    Scenario {
        name: "tiny".into(),
        description: String::new(),
        seed: 1,
        replications: 1,
        start: date("2018-09-01"),
        end: date("2018-12-31"),
        goals: Goals {
            offer_within_months: 6,
            report_after_months: 3,
            occupancy_target: 0.98,
            first_goal_year: 2018,
        },
        profiles: vec!["ID".into(), "autism".into()],
        profile_mix: vec![0.5, 0.5],
        districts: vec!["A".into(), "B".into()],
        district_preference: 0.0,
        applications: Applications {
            per_year: vec![0.0],
            first_year: 2018,
        },
        investigation: Duration::Fixed { days: 0.0 },
        grant_probability: 1.0,
        under_investigation_at_start: 0,
        backlog_remaining: Duration::Fixed { days: 0.0 },
        offers: Offers {
            response: Duration::Fixed { days: 0.0 },
            acceptance: 1.0,
            acceptance_preferred_district: 1.0,
            acceptance_other_district: 1.0,
            acceptance_factor_per_decline: 1.0,
            withdraw_after_declines: None,
        },
        move_in: Duration::Fixed { days: 0.0 },
        stay: Duration::Fixed {
            days: f64::INFINITY,
        },
        turnaround: Duration::Fixed { days: 0.0 },
        withdrawal_per_day: 0.0,
        external: External {
            cost_per_person_year_tkr: 0.0,
            placement_after_days: None,
            placement_executes_decision: false,
            hemtagning: false,
            hemtagning_scope: HemtagningScope::NewUnits,
            hemtagning_acceptance: 1.0,
            hemtagning_max_declines: 2,
        },
        fee: None,
        construction: None,
        training: None,
        units,
        start_people: people,
        short_term: None,
        observations: Vec::new(),
        warnings: Vec::new(),
    }
}

fn unit(id: &str, profiles: u32, places: u32, occupied: u32) -> Unit {
    Unit {
        id: id.into(),
        name: id.into(),
        district: 0,
        kind: UnitKind::Group,
        profiles: ProfileSet(profiles),
        places,
        occupied_at_start: occupied,
        opens: None,
        closes: None,
        cost_per_place_year_tkr: 365.25,
        external_first: false,
        delay_probability: None,
        time_limited: false,
    }
}

fn person(id: &str, profile: ProfileId, decided: &str, status: StartStatus) -> StartPerson {
    StartPerson {
        id: id.into(),
        profile,
        preferred_district: None,
        decision: (date(decided) - date("2018-09-01")).num_days() as f64,
        declines: 0,
        offered_before: false,
        status,
    }
}

fn run(s: Scenario) -> (Model, Workspace) {
    let model = Model::new(s);
    let mut ws = Workspace {
        check_invariants: true,
        ..Workspace::default()
    };
    run_replication(&model, 0, &mut ws);
    (model, ws)
}

fn state_of(ws: &Workspace, pid: usize) -> State {
    ws.persons[pid].state
}

const ID: u32 = 1;
const AUTISM: u32 = 2;

#[test]
fn period_statistics_of_a_hand_made_run() {
    // One unit of 2 places, 1 occupied. One person decided 2018-01-01 is offered the vacant place
    // on day 0, answers after 14 days, moves in 30 days later (day 44 = 15 October).
    let mut s = tiny(
        vec![unit("u", ID, 2, 1)],
        vec![person("p", 0, "2018-01-01", StartStatus::Queued)],
    );
    s.offers.response = Duration::Fixed { days: 14.0 };
    s.move_in = Duration::Fixed { days: 30.0 };
    let (_, ws) = run(s);
    let sep = &ws.outcome.months[0];
    let oct = &ws.outcome.months[1];
    let wait = 243.0; // 2018-01-01 to 2018-09-01
    assert_eq!(sep.get(Slot::FirstOffers), 1.0);
    assert_eq!(sep.get(Slot::WaitFirstOfferSum), wait);
    assert_eq!(
        sep.get(Slot::FirstOffersLate),
        1.0,
        "243 days is past 6 months"
    );
    assert_eq!(sep.get(Slot::OccupiedDays), 30.0);
    assert_eq!(sep.get(Slot::OpenPlaceDays), 60.0);
    assert_eq!(sep.get(Slot::ReservedDays), 30.0);
    assert_eq!(sep.get(Slot::Queue), 1.0, "moving in is not yet executed");
    assert_eq!(sep.get(Slot::OverReportLimit), 1.0);
    assert_eq!(sep.get(Slot::OverOfferGoal), 1.0);
    assert_eq!(
        sep.get(Slot::OverOfferGoalNoOffer),
        0.0,
        "offered, so not waiting without an offer"
    );
    assert_eq!(oct.get(Slot::MoveIns), 1.0);
    assert_eq!(oct.get(Slot::WaitMoveInSum), wait + 44.0);
    assert_eq!(oct.get(Slot::OccupiedDays), 14.0 + 2.0 * 17.0);
    assert_eq!(oct.get(Slot::Queue), 0.0);
    assert_eq!(oct.get(Slot::QueueDays), 14.0);
    // Cost 365.25 tkr per place-year is 1 tkr per place-day.
    assert_eq!(sep.get(Slot::OwnCost), 60.0);
    // Per unit and year: 4 months of 2018.
    let [occ, open] = ws.outcome.unit_years[0];
    assert_eq!(open, 2.0 * 122.0);
    assert_eq!(occ, 30.0 + 14.0 + 2.0 * (17.0 + 30.0 + 31.0));
}

#[test]
fn a_place_goes_only_to_a_matching_profile() {
    // The vacant place serves autism only; the ID person waits, the autism person gets it.
    let s = tiny(
        vec![unit("a", AUTISM, 1, 0)],
        vec![
            person("id", 0, "2018-01-01", StartStatus::Queued),
            person("aut", 1, "2018-06-01", StartStatus::Queued),
        ],
    );
    let (_, ws) = run(s);
    assert_eq!(state_of(&ws, 0), State::Queued);
    assert_eq!(state_of(&ws, 1), State::Resident);
    assert_eq!(ws.outcome.months[3].get(Slot::OverOfferGoalNoOffer), 1.0);
}

#[test]
fn the_longest_wait_goes_first() {
    let s = tiny(
        vec![unit("u", ID, 1, 0)],
        vec![
            person("late", 0, "2018-06-01", StartStatus::Queued),
            person("early", 0, "2018-02-01", StartStatus::Queued),
            person("middle", 0, "2018-04-01", StartStatus::Queued),
        ],
    );
    let (_, ws) = run(s);
    assert_eq!(state_of(&ws, 1), State::Resident);
    assert_eq!(state_of(&ws, 0), State::Queued);
    assert_eq!(state_of(&ws, 2), State::Queued);
}

#[test]
fn new_units_serve_external_placements_first() {
    // A new unit with external_first opens on 2018-10-01; the person living externally gets it
    // although the person at home decided earlier. Without the priority, the earlier decision wins.
    let mut new_unit = unit("new", ID, 1, 0);
    new_unit.opens = Some(30.0);
    new_unit.external_first = true;
    let people = vec![
        person("home", 0, "2018-01-01", StartStatus::Queued),
        person("ext", 0, "2018-05-01", StartStatus::QueuedExternal),
    ];
    let (_, ws) = run(tiny(vec![new_unit.clone()], people.clone()));
    assert_eq!(
        (state_of(&ws, 0), state_of(&ws, 1)),
        (State::Queued, State::Resident)
    );
    assert_eq!(ws.outcome.months[1].get(Slot::Hemtagningar), 1.0);
    assert_eq!(ws.outcome.months[0].get(Slot::ExternalDays), 30.0);

    new_unit.external_first = false;
    let (_, ws) = run(tiny(vec![new_unit], people));
    assert_eq!(
        (state_of(&ws, 0), state_of(&ws, 1)),
        (State::Resident, State::Queued)
    );
}

#[test]
fn a_decline_keeps_the_decision_clock_running() {
    // The only place is declined (acceptance 0); the person stays in the queue, is not offered
    // the same unit again, and is reported as unexecuted past 3 and 6 months from the decision.
    let mut s = tiny(
        vec![unit("u", ID, 1, 0)],
        vec![person("p", 0, "2018-05-15", StartStatus::Queued)],
    );
    s.offers.acceptance = 0.0;
    s.offers.response = Duration::Fixed { days: 14.0 };
    let (_, ws) = run(s);
    let sep = &ws.outcome.months[0];
    assert_eq!(sep.get(Slot::Offers), 1.0);
    assert_eq!(sep.get(Slot::Declines), 1.0);
    assert_eq!(state_of(&ws, 0), State::Queued);
    let total_offers: f64 = ws.outcome.months.iter().map(|m| m.get(Slot::Offers)).sum();
    assert_eq!(total_offers, 1.0, "the declined unit is not offered again");
    // Decision 2018-05-15: past 3 months from 2018-08-15, past 6 months from 2018-11-15.
    assert_eq!(sep.get(Slot::OverReportLimit), 1.0);
    assert_eq!(ws.outcome.months[1].get(Slot::OverOfferGoal), 0.0);
    assert_eq!(ws.outcome.months[2].get(Slot::OverOfferGoal), 1.0);
    assert_eq!(
        ws.outcome.months[2].get(Slot::OverOfferGoalNoOffer),
        0.0,
        "offered once"
    );
    assert_eq!(sep.get(Slot::VacantReady), 1.0);
}

#[test]
fn a_unit_may_be_spared_the_construction_delay() {
    // Every opening is delayed 30 days, except where the register sets the unit's own
    // probability to 0 (a unit already built). Both open on day 10 as planned.
    let mut late = unit("late", ID, 1, 0);
    late.opens = Some(10.0);
    let mut built = late.clone();
    built.id = "built".into();
    built.delay_probability = Some(0.0);
    let mut s = tiny(vec![late, built], vec![]);
    s.construction = Some(Construction {
        delay_probability: 1.0,
        delay: Duration::Fixed { days: 30.0 },
    });
    let (_, ws) = run(s);
    // September: only `built`, from day 10 (20 place-days); October: both, `late` from day 40.
    assert_eq!(ws.outcome.months[0].get(Slot::OpenPlaceDays), 20.0);
    assert_eq!(ws.outcome.months[1].get(Slot::OpenPlaceDays), 31.0 + 21.0);
}

#[test]
fn a_declined_unit_is_offered_again_when_another_of_its_places_becomes_ready() {
    // Two idle places. `r` (preferring the unit's district) accepts one on day 14 and leaves on
    // day 59; `p` declines the other on day 14 and is not offered it again while it waits; the
    // place `r` freed is offered to `p` on day 59 (and declined again). Barring the unit for
    // good would leave one offer to `p`.
    let mut r = person("r", 0, "2018-04-01", StartStatus::Queued);
    r.preferred_district = Some(0);
    let mut s = tiny(
        vec![unit("u", ID, 2, 0)],
        vec![r, person("p", 0, "2018-05-15", StartStatus::Queued)],
    );
    s.offers.acceptance = 0.0;
    s.offers.response = Duration::Fixed { days: 14.0 };
    s.stay = Duration::Fixed { days: 45.0 };
    let (_, ws) = run(s);
    let offers: Vec<f64> = ws
        .outcome
        .months
        .iter()
        .map(|m| m.get(Slot::Offers))
        .collect();
    assert_eq!(
        offers,
        [2.0, 1.0, 0.0, 0.0],
        "both in September, then October (day 59)"
    );
    let declines: f64 = ws
        .outcome
        .months
        .iter()
        .map(|m| m.get(Slot::Declines))
        .sum();
    assert_eq!(declines, 2.0);
    assert_eq!(state_of(&ws, 1), State::Queued);
    // Both places wait, vacant and ready, for somebody else.
    assert_eq!(ws.outcome.months[3].get(Slot::VacantReady), 2.0);
}

#[test]
fn a_declined_place_does_not_come_back_when_the_next_person_declines_it() {
    // Two people decline the one place in turn; the first is not offered it again when the
    // second gives it back (no resident leaves), so it waits, idle, with two offers made.
    let mut s = tiny(
        vec![unit("u", ID, 1, 0)],
        vec![
            person("first", 0, "2018-03-01", StartStatus::Queued),
            person("second", 0, "2018-04-01", StartStatus::Queued),
        ],
    );
    s.offers.acceptance = 0.0;
    s.offers.response = Duration::Fixed { days: 7.0 };
    let (_, ws) = run(s);
    let offers: f64 = ws.outcome.months.iter().map(|m| m.get(Slot::Offers)).sum();
    assert_eq!(offers, 2.0);
    assert_eq!(ws.outcome.months[3].get(Slot::VacantReady), 1.0);
}

#[test]
fn every_declined_unit_keeps_its_bar() {
    // One person, two units with an idle place each, every offer declined. They decline `a`,
    // then `b`; the bar at `a` still holds (no resident left `a`), so nothing more is offered.
    // Keeping only the last declined unit's bar would offer `a` and `b` in turn all year.
    let mut s = tiny(
        vec![unit("a", ID, 1, 0), unit("b", ID, 1, 0)],
        vec![person("p", 0, "2018-05-15", StartStatus::Queued)],
    );
    s.offers.acceptance = 0.0;
    s.offers.response = Duration::Fixed { days: 7.0 };
    let (_, ws) = run(s);
    let offers: f64 = ws.outcome.months.iter().map(|m| m.get(Slot::Offers)).sum();
    assert_eq!(offers, 2.0, "one offer in each unit");
    assert_eq!(state_of(&ws, 0), State::Queued);
    assert_eq!(ws.outcome.months[3].get(Slot::VacantReady), 2.0);
}

#[test]
fn withdrawal_after_the_configured_number_of_declines() {
    let mut s = tiny(
        vec![
            unit("a", ID, 1, 0),
            unit("b", ID, 1, 0),
            unit("c", ID, 1, 0),
        ],
        vec![person("p", 0, "2018-05-15", StartStatus::Queued)],
    );
    s.offers.acceptance = 0.0;
    s.offers.response = Duration::Fixed { days: 7.0 };
    s.offers.withdraw_after_declines = Some(2);
    let (_, ws) = run(s);
    let m = &ws.outcome.months[0];
    assert_eq!(
        (
            m.get(Slot::Offers),
            m.get(Slot::Declines),
            m.get(Slot::Withdrawals)
        ),
        (2.0, 2.0, 1.0)
    );
    assert_eq!(state_of(&ws, 0), State::Withdrawn);
    assert_eq!(m.get(Slot::Queue), 0.0);
}

#[test]
fn turnaround_delays_the_next_offer() {
    // `r` moves in at the start and leaves on day 10; the place is ready 30 days later and goes
    // to `p`.
    let mut s = tiny(
        vec![unit("u", ID, 1, 0)],
        vec![
            person("r", 0, "2018-07-01", StartStatus::Queued),
            person("p", 0, "2018-08-01", StartStatus::Queued),
        ],
    );
    s.stay = Duration::Fixed { days: 10.0 };
    s.turnaround = Duration::Fixed { days: 30.0 };
    let (_, ws) = run(s);
    let sep = &ws.outcome.months[0];
    assert_eq!(sep.get(Slot::Exits), 1.0);
    assert_eq!(sep.get(Slot::FirstOffers), 1.0, "r's");
    let oct = &ws.outcome.months[1];
    assert_eq!(oct.get(Slot::FirstOffers), 1.0);
    assert_eq!(
        oct.get(Slot::WaitFirstOfferSum),
        40.0 + 31.0,
        "decided 31 days before the start"
    );
    assert_eq!(sep.get(Slot::VacantDays), 20.0);
}

/// Unit a closes on 2018-10-01 (day 30) with 2 residents; unit b has 1 vacant place.
fn closing_unit_run() -> (Model, Workspace) {
    let mut a = unit("a", ID, 2, 2);
    a.closes = Some(30.0);
    let b = unit("b", ID, 2, 1);
    run(tiny(vec![a, b], vec![]))
}

#[test]
fn a_closing_unit_moves_its_residents() {
    // One resident moves to unit b's vacant place, the other to an external placement.
    let (_, ws) = closing_unit_run();
    let oct = &ws.outcome.months[1];
    assert_eq!(oct.get(Slot::OpenPlaces), 2.0);
    assert_eq!(oct.get(Slot::Occupied), 2.0);
    assert_eq!(oct.get(Slot::External), 1.0);
    assert_eq!(oct.get(Slot::ExternalPlacements), 1.0);
}

/// Per year, the units' occupied and open place-days add up to the months' totals.
fn assert_unit_place_days_add_up(model: &Model, ws: &Workspace) {
    let years = model.years();
    for y in 0..years {
        let (mut occ, mut open) = (0.0, 0.0);
        for (m, rec) in ws.outcome.months.iter().enumerate() {
            if model.calendar.year_of_month[m] == y {
                occ += rec.get(Slot::OccupiedDays);
                open += rec.get(Slot::OpenPlaceDays);
            }
        }
        let units = model.scenario.units.len();
        let unit_occ: f64 = (0..units)
            .map(|u| ws.outcome.unit_years[u * years + y][0])
            .sum();
        let unit_open: f64 = (0..units)
            .map(|u| ws.outcome.unit_years[u * years + y][1])
            .sum();
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()));
        assert!(
            close(unit_occ, occ),
            "year {y}: units {unit_occ} occupied place-days, months {occ}"
        );
        assert!(
            close(unit_open, open),
            "year {y}: units {unit_open} open place-days, months {open}"
        );
    }
}

#[test]
fn a_closing_unit_keeps_its_place_days_up_to_the_closing() {
    let (model, ws) = closing_unit_run();
    // Unit a: 2 residents and 2 open places from day 0 to day 30.
    assert_eq!(ws.outcome.unit_years[0], [60.0, 60.0]);
    assert_unit_place_days_add_up(&model, &ws);
}

#[test]
fn arrivals_follow_the_yearly_rate() {
    // 3650 applications a year for 122 days: about 1219 (Poisson, sd 35).
    let mut s = tiny(vec![unit("u", ID | AUTISM, 5000, 0)], vec![]);
    s.applications.per_year = vec![3652.5];
    s.grant_probability = 0.5;
    s.investigation = Duration::Exponential { mean_days: 20.0 };
    s.stay = Duration::Exponential { mean_days: 400.0 };
    let (_, ws) = run(s);
    let apps: f64 = ws
        .outcome
        .months
        .iter()
        .map(|m| m.get(Slot::Applications))
        .sum();
    assert!((apps - 1220.0).abs() < 4.0 * 35.0, "{apps} applications");
    let granted: f64 = ws
        .outcome
        .months
        .iter()
        .map(|m| m.get(Slot::Decisions))
        .sum();
    let rejected: f64 = ws
        .outcome
        .months
        .iter()
        .map(|m| m.get(Slot::Rejections))
        .sum();
    // Binomial(≈1200, 0.5): sd ≈ 17.
    assert!(
        (granted - rejected).abs() < 4.0 * 2.0 * 17.5,
        "{granted} granted, {rejected} rejected"
    );
}

#[test]
fn the_same_replication_gives_the_same_outcome_in_a_reused_workspace() {
    let mut s = tiny(
        vec![unit("u", ID | AUTISM, 10, 8)],
        vec![person("p", 0, "2018-01-01", StartStatus::Queued)],
    );
    s.applications.per_year = vec![40.0];
    s.stay = Duration::Exponential { mean_days: 200.0 };
    s.turnaround = Duration::Uniform {
        min_days: 5.0,
        max_days: 40.0,
    };
    s.offers.acceptance = 0.6;
    s.offers.response = Duration::Exponential { mean_days: 10.0 };
    let model = Model::new(s);
    let mut ws = Workspace::default();
    run_replication(&model, 3, &mut ws);
    let first = ws.outcome.clone();
    run_replication(&model, 4, &mut ws);
    let other = ws.outcome.clone();
    run_replication(&model, 3, &mut ws);
    assert_eq!(first, ws.outcome);
    assert_ne!(first, other);
}

/// The flows the months record balance the people (docs/model.md, "Validation": conservation):
/// every application is granted, rejected or still under investigation at the end, and every
/// decision open at the start or made since is executed by a move-in, withdrawn, or still open at
/// the end.
fn assert_flows_balance(model: &Model, ws: &Workspace, path: &std::path::Path) {
    let s = &model.scenario;
    let total = |slot| ws.outcome.months.iter().map(|m| m.get(slot)).sum::<f64>();
    let investigating = ws
        .persons
        .iter()
        .filter(|p| p.state == State::Investigating)
        .count() as f64;
    // A training stay that ends in the queue is a decision without an application.
    assert_eq!(
        total(Slot::Applications) + s.under_investigation_at_start as f64,
        total(Slot::Decisions) - total(Slot::TrainingPermanent)
            + total(Slot::Rejections)
            + investigating,
        "{}: applications",
        path.display()
    );
    // A placement that executes the decision ends it without a flow of its own.
    assert!(!s.external.placement_executes_decision);
    let open_at_start = s
        .start_people
        .iter()
        .filter(|p| p.status != StartStatus::External)
        .count() as f64;
    let open_at_end = ws.outcome.months.last().unwrap().get(Slot::Queue);
    assert_eq!(
        open_at_start + total(Slot::Decisions),
        total(Slot::MoveIns) + total(Slot::Withdrawals) + open_at_end,
        "{}: decisions",
        path.display()
    );
}

#[test]
fn every_shipped_scenario_keeps_the_invariants() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let s = crate::scenario::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let model = Model::new(s);
        let mut ws = Workspace {
            check_invariants: true,
            ..Workspace::default()
        };
        for r in 0..3 {
            run_replication(&model, r, &mut ws);
            let last = ws.outcome.months.last().unwrap();
            assert!(last.get(Slot::OpenPlaces) > 0.0);
            assert_unit_place_days_add_up(&model, &ws);
            assert_flows_balance(&model, &ws, &path);
            assert_profiles_add_up(&ws, &path);
        }
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} scenarios found");
}

/// Every month, the profiles' records add up to the month's totals.
fn assert_profiles_add_up(ws: &Workspace, path: &std::path::Path) {
    use super::outcome::ProfileSlot as P;
    let o = &ws.outcome;
    let pairs = [
        (P::Decisions, Slot::Decisions),
        (P::FirstOffers, Slot::FirstOffers),
        (P::WaitFirstOfferSum, Slot::WaitFirstOfferSum),
        (P::MoveIns, Slot::MoveIns),
        (P::Queue, Slot::Queue),
        (P::OverOfferGoalNoOffer, Slot::OverOfferGoalNoOffer),
        (P::OverReportLimit, Slot::OverReportLimit),
        (P::External, Slot::External),
    ];
    for (m, rec) in o.months.iter().enumerate() {
        let profiles = &o.profile_months[m * o.profiles..(m + 1) * o.profiles];
        for (ps, s) in pairs {
            let sum: f64 = profiles.iter().map(|p| p.get(ps)).sum();
            let total = rec.get(s);
            assert!(
                (sum - total).abs() <= 1e-9 * (1.0 + total.abs()),
                "{}: month {m}: {ps:?} of the profiles sum to {sum}, the total is {total}",
                path.display()
            );
        }
    }
}

/// A person whose decision was executed in an external placement, decided `decided`.
fn placed(id: &str, decided: &str) -> StartPerson {
    person(id, 0, decided, StartStatus::External)
}

#[test]
fn hemtagning_offers_end_after_the_allowed_declines() {
    // Four idle places and a person placed externally who declines every hemtagning offer:
    // offered twice (the default), then left in the placement for good.
    let units = ["a", "b", "c", "d"].map(|id| unit(id, ID, 1, 0)).to_vec();
    let mut s = tiny(units, vec![placed("e", "2018-01-01")]);
    s.external.hemtagning = true;
    s.external.hemtagning_scope = HemtagningScope::AllUnits;
    s.external.hemtagning_acceptance = 0.0;
    s.offers.response = Duration::Fixed { days: 7.0 };
    let (_, ws) = run(s.clone());
    let offers: f64 = ws.outcome.months.iter().map(|m| m.get(Slot::Offers)).sum();
    assert_eq!(offers, 2.0);
    assert_eq!(state_of(&ws, 0), State::External);
    s.external.hemtagning_max_declines = 3;
    let (_, ws) = run(s);
    let offers: f64 = ws.outcome.months.iter().map(|m| m.get(Slot::Offers)).sum();
    assert_eq!(offers, 3.0);
}

#[test]
fn the_factor_per_decline_does_not_touch_hemtagning_offers() {
    // One earlier decline and a factor of 0: a queue offer would be refused for sure; the
    // hemtagning offer is accepted with its own probability, 1.
    let mut e = placed("e", "2018-01-01");
    e.declines = 1;
    e.offered_before = true;
    let mut s = tiny(vec![unit("a", ID, 1, 0)], vec![e]);
    s.external.hemtagning = true;
    s.external.hemtagning_scope = HemtagningScope::AllUnits;
    s.offers.acceptance_factor_per_decline = 0.0;
    let (_, ws) = run(s);
    assert_eq!(state_of(&ws, 0), State::Resident);
}

#[test]
fn a_start_resident_of_a_unit_for_several_profiles_has_a_profile_drawn_by_the_mix() {
    // Unit a serves ID and autism and closes on day 30; every application is autism, so its
    // residents are too, and they move to unit b, which serves only autism. Taking the first
    // profile by name (ID) would send them to external placements.
    let mut a = unit("a", ID | AUTISM, 2, 2);
    a.closes = Some(30.0);
    let b = unit("b", AUTISM, 2, 0);
    let mut s = tiny(vec![a, b], vec![]);
    s.profile_mix = vec![0.0, 1.0];
    let (_, ws) = run(s);
    let oct = &ws.outcome.months[1];
    assert_eq!(oct.get(Slot::Occupied), 2.0);
    assert_eq!(oct.get(Slot::External), 0.0);
}

/// Unit a closes on day 30 with `r`, who moved in at the start for a stay of 100 days, and no
/// other place is open: `r` is placed externally.
fn closing_without_a_place(hemtagning: bool) -> Scenario {
    let mut a = unit("a", ID, 1, 0);
    a.closes = Some(30.0);
    let mut s = tiny(
        vec![a],
        vec![person("r", 0, "2018-08-01", StartStatus::Queued)],
    );
    s.profile_mix = vec![1.0, 0.0];
    s.stay = Duration::Fixed { days: 100.0 };
    s.external.hemtagning = hemtagning;
    s
}

#[test]
fn a_resident_placed_externally_by_a_closing_keeps_the_stay() {
    let (_, ws) = run(closing_without_a_place(false));
    let exits: Vec<f64> = ws
        .outcome
        .months
        .iter()
        .map(|m| m.get(Slot::Exits))
        .collect();
    assert_eq!(exits, [0.0, 0.0, 0.0, 1.0], "day 100 is 2018-12-10");
    assert_eq!(ws.outcome.months[1].get(Slot::ExternalPlacements), 1.0);
}

#[test]
fn a_resident_placed_externally_by_a_closing_ranks_by_the_closing_date() {
    // A backlog case decided on day 40 is placed externally at once (executing the decision).
    // Unit n opens on day 60 with one place for external placements: it goes to `r` (ranked by
    // the closing, day 30) before the backlog case (day 40).
    let mut s = closing_without_a_place(true);
    let mut n = unit("n", ID, 1, 0);
    n.opens = Some(60.0);
    n.external_first = true;
    s.units.push(n);
    s.under_investigation_at_start = 1;
    s.backlog_remaining = Duration::Fixed { days: 40.0 };
    s.external.placement_after_days = Some(0.0);
    s.external.placement_executes_decision = true;
    let (_, ws) = run(s);
    assert_eq!(
        (state_of(&ws, 0), ws.persons[0].unit),
        (State::Resident, 1),
        "r lives in unit n"
    );
    assert_eq!(state_of(&ws, 1), State::External);
}

#[test]
fn a_first_offer_is_late_from_the_day_after_the_goal_date() {
    // Decided at noon on 2018-09-01 (day 0.5): the 6-month date is 2019-03-01 (day 181). The
    // only unit opens that day in the evening (day 181.75): in time, though more than 6 months
    // after the decision instant. Opening on 2019-03-02 (day 182) is late.
    let late_offers = |opens: f64| {
        let mut u = unit("u", ID, 1, 0);
        u.opens = Some(opens);
        let mut s = tiny(vec![u], vec![]);
        s.end = date("2019-03-31");
        s.applications.per_year = vec![0.0; 2];
        s.profile_mix = vec![1.0, 0.0];
        s.under_investigation_at_start = 1;
        s.backlog_remaining = Duration::Fixed { days: 0.5 };
        let (_, ws) = run(s);
        let first: f64 = ws
            .outcome
            .months
            .iter()
            .map(|m| m.get(Slot::FirstOffers))
            .sum();
        assert_eq!(first, 1.0);
        ws.outcome
            .months
            .iter()
            .map(|m| m.get(Slot::FirstOffersLate))
            .sum::<f64>()
    };
    assert_eq!(late_offers(181.75), 0.0);
    assert_eq!(late_offers(182.0), 1.0);
}

/// Exits per place and day of `s` (one unit of `places` places, all occupied at the start and
/// refilled at once from a long queue) over days `from..to`, over `reps` replications: their
/// mean and its standard error.
fn exits_per_place_day(s: &Scenario, from: usize, to: usize, reps: u64) -> (f64, f64) {
    let model = Model::new(s.clone());
    let mut ws = Workspace::default();
    let days: f64 = (from..to)
        .map(|m| model.calendar.months[m].end - model.calendar.months[m].start)
        .sum();
    let places = s.units[0].places as f64;
    let rates: Vec<f64> = (0..reps)
        .map(|r| {
            run_replication(&model, r, &mut ws);
            let exits: f64 = ws.outcome.months[from..to]
                .iter()
                .map(|m| m.get(Slot::Exits))
                .sum();
            exits / (places * days)
        })
        .collect();
    let mean = rates.iter().sum::<f64>() / reps as f64;
    let var = rates.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (reps - 1) as f64;
    (mean, (var / reps as f64).sqrt())
}

#[test]
fn start_residents_leave_at_the_equilibrium_rate_from_the_first_year() {
    // 441 residents in equilibrium with a mean stay of 2 000 days leave 441 / 2 000 a day (about
    // 80 a year) from the start, whatever the shape of the stays, when their remaining stays are
    // drawn from the residual distribution. Drawing a whole stay from the start gives almost no
    // exits in the first year for stays far from exponential.
    let queue: Vec<StartPerson> = (0..400)
        .map(|i| person(&format!("q{i}"), 0, "2018-08-01", StartStatus::Queued))
        .collect();
    let mut s = tiny(vec![unit("u", ID, 441, 441)], queue);
    s.end = date("2020-08-31");
    s.applications.per_year = vec![0.0; 3];
    let shapes = [
        Duration::Gamma {
            mean_days: 2000.0,
            cv: 0.3,
        },
        Duration::LogNormal {
            mean_days: 2000.0,
            cv: 0.3,
        },
        Duration::Weibull {
            shape: 4.0,
            scale_days: 2000.0 / statrs::function::gamma::gamma(1.25),
        },
    ];
    for stay in shapes {
        s.stay = stay;
        let expected = 1.0 / stay.mean();
        for (from, to) in [(0, 12), (12, 24)] {
            let (mean, se) = exits_per_place_day(&s, from, to, 200);
            // A 99.9 % interval of the mean (z = 3.29).
            assert!(
                (mean - expected).abs() <= 3.29 * se,
                "{stay:?}, months {from}..{to}: {mean:.3e} per place-day, expected {expected:.3e} \
                 (standard error {se:.1e})"
            );
        }
    }
}

#[test]
fn an_offer_withdrawn_by_a_closing_does_not_spare_the_external_placement() {
    // `p` has waited long enough to be placed externally on day 0, but holds an offer in unit a
    // then (answered on day 60). Unit a closes on day 30 and withdraws the offer, which is no
    // decline: `p` is placed externally that day.
    let mut a = unit("a", ID, 1, 0);
    a.closes = Some(30.0);
    let mut s = tiny(
        vec![a],
        vec![person("p", 0, "2018-08-01", StartStatus::Queued)],
    );
    s.offers.response = Duration::Fixed { days: 60.0 };
    s.external.placement_after_days = Some(20.0);
    let (_, ws) = run(s);
    assert_eq!(ws.outcome.months[0].get(Slot::ExternalPlacements), 0.0);
    assert_eq!(ws.outcome.months[1].get(Slot::ExternalPlacements), 1.0);
    assert_eq!(ws.outcome.months[1].get(Slot::External), 1.0);
}

#[test]
fn a_closing_moves_its_residents_before_it_withdraws_its_offers() {
    // Unit a (2 places) closes on day 30; unit c opens the day before with 1 place and nobody
    // to offer it to. `q` and a backlog case decided on day 1 are offered a's places; with
    // answers after 50 days on average, at the closing each is a resident or still holds the
    // offer. c's place goes to a resident; only when both are residents does one of them go to
    // an external placement. Re-queueing an offer holder first would give it c's place.
    let mut a = unit("a", ID, 2, 0);
    a.closes = Some(30.0);
    let mut c = unit("c", ID, 1, 0);
    c.opens = Some(29.0);
    let mut s = tiny(
        vec![a, c],
        vec![person("q", 0, "2018-08-01", StartStatus::Queued)],
    );
    s.profile_mix = vec![1.0, 0.0];
    s.under_investigation_at_start = 1;
    s.backlog_remaining = Duration::Fixed { days: 1.0 };
    s.offers.response = Duration::Exponential { mean_days: 50.0 };
    let model = Model::new(s);
    let mut ws = Workspace {
        check_invariants: true,
        ..Workspace::default()
    };
    let mut cases = [0; 2];
    for r in 0..200 {
        run_replication(&model, r, &mut ws);
        let residents = ws.outcome.months[0].get(Slot::Occupied);
        let placed = ws.outcome.months[1].get(Slot::ExternalPlacements);
        assert_eq!(
            placed,
            f64::from(residents == 2.0),
            "replication {r}: {residents} residents at the closing"
        );
        cases[(residents == 1.0) as usize] += 1;
    }
    assert!(cases[1] > 20, "a resident and an offer holder: {cases:?}");
}

// ---- Training housing with a time limit

/// One eligible decision on day 0 (the backlog of one, profile ID), a time-limited training
/// unit of 1 place and a full group home of 1 place, both for ID; the training stay lasts
/// 30 days; at its end `shares` (own flat, permanent place, prolonged); prolongations 40 days.
fn training_run(shares: [f64; 3]) -> (Model, Workspace) {
    let mut training = unit("t", ID, 1, 0);
    training.kind = UnitKind::Training;
    training.time_limited = true;
    let mut s = tiny(vec![unit("g", ID, 1, 1), training], vec![]);
    s.profile_mix = vec![1.0, 0.0];
    s.under_investigation_at_start = 1;
    s.training = Some(Training {
        eligible_share: 1.0,
        max_stay: Duration::Fixed { days: 30.0 },
        outcome_shares: shares,
        prolongation: Duration::Fixed { days: 40.0 },
    });
    run(s)
}

/// The months' values of a slot: September to December 2018.
fn by_month(ws: &Workspace, slot: Slot) -> Vec<f64> {
    ws.outcome.months.iter().map(|m| m.get(slot)).collect()
}

#[test]
fn a_training_stay_ends_at_its_time_limit_in_an_own_flat() {
    // Decided, offered, accepted and moved in on day 0; the stay ends on day 30 (1 October)
    // in an own flat: an exit, the place ready again at once and nobody left to train.
    let (_, ws) = training_run([1.0, 0.0, 0.0]);
    let trainee = 1; // person 0 is the resident of the group home
    assert_eq!(by_month(&ws, Slot::TrainingStarts), [1.0, 0.0, 0.0, 0.0]);
    assert_eq!(by_month(&ws, Slot::MoveIns), [1.0, 0.0, 0.0, 0.0]);
    assert_eq!(by_month(&ws, Slot::TrainingOwnFlat), [0.0, 1.0, 0.0, 0.0]);
    assert_eq!(by_month(&ws, Slot::Exits), [0.0, 1.0, 0.0, 0.0]);
    assert_eq!(by_month(&ws, Slot::Trainees), [1.0, 0.0, 0.0, 0.0]);
    assert_eq!(by_month(&ws, Slot::TrainingPlaces), [1.0; 4]);
    assert_eq!(
        by_month(&ws, Slot::TrainingOccupiedDays),
        [30.0, 0.0, 0.0, 0.0]
    );
    assert_eq!(
        by_month(&ws, Slot::TrainingPlaceDays),
        [30.0, 31.0, 30.0, 31.0]
    );
    assert_eq!(by_month(&ws, Slot::Queue), [0.0; 4]);
    assert_eq!(state_of(&ws, trainee), State::Exited);
    assert_eq!(ws.persons[trainee].training, TrainingState::OwnFlat);
}

#[test]
fn a_training_place_goes_only_to_an_eligible_person() {
    // Two decisions on day 0; a vacant place in the group home and a vacant training place.
    let mut training = unit("t", ID, 1, 0);
    training.kind = UnitKind::Training;
    training.time_limited = true;
    let mut s = tiny(vec![unit("g", ID, 2, 1), training], vec![]);
    s.profile_mix = vec![1.0, 0.0];
    s.under_investigation_at_start = 2;
    s.training = Some(Training {
        eligible_share: 0.0,
        max_stay: Duration::Fixed { days: 30.0 },
        outcome_shares: [1.0, 0.0, 0.0],
        prolongation: Duration::Fixed { days: 40.0 },
    });
    let (_, ws) = run(s.clone());
    // Nobody eligible: one person takes the group home's vacancy, the other waits; the training
    // place stays vacant.
    assert_eq!(by_month(&ws, Slot::TrainingStarts), [0.0; 4]);
    assert_eq!(by_month(&ws, Slot::MoveIns), [1.0, 0.0, 0.0, 0.0]);
    assert_eq!(by_month(&ws, Slot::Queue), [1.0; 4]);
    // Everyone eligible: an eligible person takes the first place that matches (the group
    // home, listed first), the other the training place; nobody waits.
    s.training.as_mut().unwrap().eligible_share = 1.0;
    let (_, ws) = run(s);
    assert_eq!(by_month(&ws, Slot::TrainingStarts), [1.0, 0.0, 0.0, 0.0]);
    assert_eq!(by_month(&ws, Slot::MoveIns), [2.0, 0.0, 0.0, 0.0]);
    assert_eq!(by_month(&ws, Slot::Queue), [0.0; 4]);
    assert_eq!(
        ws.persons[2].training,
        TrainingState::OwnFlat,
        "trained 30 days"
    );
    assert_eq!(ws.persons[1].training, TrainingState::No, "housed for good");
}

#[test]
fn a_training_stay_ending_in_a_permanent_place_joins_the_queue_with_a_new_decision() {
    // On day 30 the trainee leaves the training place and gets a new decision dated day 30:
    // a decision of October, in the queue (the group home is full) at every month end from
    // October; its clock runs from day 30 (1 October), so at the end of 31 December (day 122)
    // it is 92 days old and not yet past the reporting limit (1 January).
    let (model, ws) = training_run([0.0, 1.0, 0.0]);
    let trainee = 1;
    assert_eq!(by_month(&ws, Slot::TrainingPermanent), [0.0, 1.0, 0.0, 0.0]);
    assert_eq!(by_month(&ws, Slot::Decisions), [1.0, 1.0, 0.0, 0.0]);
    assert_eq!(by_month(&ws, Slot::Exits), [0.0; 4]);
    assert_eq!(by_month(&ws, Slot::Queue), [0.0, 1.0, 1.0, 1.0]);
    assert_eq!(by_month(&ws, Slot::OverReportLimit), [0.0; 4]);
    assert_eq!(by_month(&ws, Slot::QueueAgeSum)[3], 122.0 - 30.0);
    assert_eq!(by_month(&ws, Slot::Trainees), [1.0, 0.0, 0.0, 0.0]);
    assert_eq!(state_of(&ws, trainee), State::Queued);
    assert_eq!(ws.persons[trainee].decision, 30.0);
    assert_eq!(ws.persons[trainee].training, TrainingState::Permanent);
    // The training place is vacant and ready again, with nobody eligible to take it.
    assert_eq!(ws.units[1].idle, 1);
    assert_eq!(model.calendar.months.len(), 4);
}

#[test]
fn a_prolonged_training_stay_ends_again_after_the_prolongation() {
    // Always prolonged by 40 days: the stay reaches its end on days 30, 70 and 110 (October,
    // November, December) and the trainee is still in training at the end of the horizon.
    let (_, ws) = training_run([0.0, 0.0, 1.0]);
    assert_eq!(by_month(&ws, Slot::TrainingProlonged), [0.0, 1.0, 1.0, 1.0]);
    assert_eq!(by_month(&ws, Slot::Trainees), [1.0; 4]);
    assert_eq!(
        by_month(&ws, Slot::TrainingOccupiedDays),
        [30.0, 31.0, 30.0, 31.0]
    );
    assert_eq!(by_month(&ws, Slot::TrainingOwnFlat), [0.0; 4]);
    assert_eq!(by_month(&ws, Slot::TrainingPermanent), [0.0; 4]);
}

#[test]
fn end_of_stay_outcomes_follow_their_shares() {
    // 40 % own flat, 40 % permanent place, 20 % prolonged, over many replications of a stay
    // ending on day 30: the first end's outcome is a draw with these probabilities. With n
    // stays, a share's standard error is sqrt(p (1 - p) / n); 4.4 of them is a false alarm
    // about once in 100 000.
    let mut training = unit("t", ID, 1, 0);
    training.kind = UnitKind::Training;
    training.time_limited = true;
    let mut s = tiny(vec![unit("g", ID, 1, 1), training], vec![]);
    s.profile_mix = vec![1.0, 0.0];
    s.under_investigation_at_start = 1;
    s.training = Some(Training {
        eligible_share: 1.0,
        max_stay: Duration::Fixed { days: 30.0 },
        outcome_shares: [0.4, 0.4, 0.2],
        prolongation: Duration::Fixed { days: 1000.0 },
    });
    let model = Model::new(s);
    let mut ws = Workspace::default();
    let n = 4000;
    let mut counts = [0.0; 3];
    for r in 0..n {
        run_replication(&model, r, &mut ws);
        let oct = &ws.outcome.months[1];
        counts[0] += oct.get(Slot::TrainingOwnFlat);
        counts[1] += oct.get(Slot::TrainingPermanent);
        counts[2] += oct.get(Slot::TrainingProlonged);
    }
    assert_eq!(counts.iter().sum::<f64>(), n as f64, "one outcome per stay");
    for (c, p) in counts.iter().zip([0.4, 0.4, 0.2]) {
        let se = (p * (1.0 - p) / n as f64).sqrt();
        assert!((c / n as f64 - p).abs() < 4.4 * se, "{c} of {n} vs {p}");
    }
}

#[test]
fn a_closing_unit_does_not_move_its_residents_into_a_training_place() {
    // Unit a closes on day 30 with its resident; the only vacant place is a time-limited
    // training place: the resident is placed externally and the training place stays vacant.
    let mut s = closing_without_a_place(false);
    let mut training = unit("t", ID, 1, 0);
    training.kind = UnitKind::Training;
    training.time_limited = true;
    s.units.push(training);
    s.training = Some(Training {
        eligible_share: 1.0,
        max_stay: Duration::Fixed { days: 30.0 },
        outcome_shares: [1.0, 0.0, 0.0],
        prolongation: Duration::Fixed { days: 40.0 },
    });
    let (_, ws) = run(s);
    assert_eq!(ws.outcome.months[1].get(Slot::ExternalPlacements), 1.0);
    assert_eq!(by_month(&ws, Slot::TrainingStarts), [0.0; 4]);
    assert_eq!(ws.units[1].idle, 1);
}

/// `tiny` with short-term places: one short-term unit of `places` places serving ID, stays of
/// exactly 30 days, 8 tkr a day for a stay without a place, 1 tkr a day per place; requests so
/// rare that none arrives by itself within the horizon (the tests place them).
fn with_short_term(places: u32) -> Scenario {
    let mut s = tiny(vec![unit("u", ID, 1, 1)], vec![]);
    s.short_term = Some(ShortTerm {
        requests_per_year: vec![1e-9, 0.0],
        stay: Duration::Fixed { days: 30.0 },
        no_place_cost_per_day_tkr: 8.0,
        units: vec![ShortTermUnit {
            id: "k".into(),
            name: "k".into(),
            district: "A".into(),
            profiles: ProfileSet(ID),
            places,
            occupied_at_start: 0,
            opens: None,
            cost_per_place_year_tkr: DAYS_PER_YEAR,
        }],
    });
    s
}

/// Runs `s` with short-term requests at the given days (and none other), invariants checked.
fn run_requests(s: Scenario, at: &[SimTime]) -> Workspace {
    let model = Model::new(s);
    let mut ws = Workspace {
        check_invariants: true,
        ..Workspace::default()
    };
    let mut sim = Sim {
        m: &model,
        w: &mut ws,
    };
    sim.reset(0);
    for &t in at {
        sim.w.events.push(t, Ev::ShortTermRequest);
    }
    sim.run();
    ws
}

#[test]
fn two_overlapping_requests_for_one_short_term_place_one_finds_none_and_is_paid_per_day() {
    // Day 10 (11 September) takes the place until day 40; day 20 finds it occupied: its 30 days
    // (10 in September, 20 in October) are paid at 8 tkr a day, 240 tkr.
    let ws = run_requests(with_short_term(1), &[10.0, 20.0]);
    let m = &ws.outcome.months;
    let (sep, oct, nov) = (&m[0], &m[1], &m[2]);
    assert_eq!(sep.get(Slot::ShortTermRequests), 2.0);
    assert_eq!(sep.get(Slot::ShortTermNoPlace), 1.0);
    assert_eq!(sep.get(Slot::ShortTermOccupiedDays), 20.0);
    assert_eq!(oct.get(Slot::ShortTermOccupiedDays), 10.0);
    assert_eq!(sep.get(Slot::ShortTermNoPlaceDays), 10.0);
    assert_eq!(oct.get(Slot::ShortTermNoPlaceDays), 20.0);
    assert_eq!(sep.get(Slot::ShortTermNoPlaceCost), 80.0);
    assert_eq!(oct.get(Slot::ShortTermNoPlaceCost), 160.0);
    assert_eq!(nov.get(Slot::ShortTermNoPlaceCost), 0.0);
    assert_eq!(sep.get(Slot::ShortTermOpenPlaceDays), 30.0);
    assert_eq!(sep.get(Slot::ShortTermOwnCost), 30.0);
    assert_eq!(sep.get(Slot::ShortTermOccupied), 1.0);
    assert_eq!(oct.get(Slot::ShortTermOccupied), 0.0);
    // The housing place is untouched.
    assert_eq!(sep.get(Slot::OccupiedDays), 30.0);
    assert_eq!(sep.get(Slot::OpenPlaces), 1.0);
    // Per target group: ID asked twice, once without a place; autism has no requests, so its
    // short-term metrics do not apply.
    let np = ws.outcome.profiles;
    let id = &ws.outcome.profile_months[0];
    let autism = &ws.outcome.profile_months[1];
    assert_eq!(np, 2);
    assert_eq!(id.get(ProfileSlot::ShortTermRequests), 2.0);
    assert_eq!(id.get(ProfileSlot::ShortTermNoPlace), 1.0);
    assert_eq!(id.get(ProfileSlot::ShortTermService), 1.0);
    assert_eq!(autism.get(ProfileSlot::ShortTermService), 0.0);
    // The year's metrics.
    let model = Model::new(with_short_term(1));
    let periods = crate::metrics::periods(&model.calendar);
    let year = periods.iter().find(|p| p.label == "2018").unwrap();
    let v = |id: &str| {
        crate::metrics::value(
            &crate::metrics::METRICS[crate::metrics::index(id)],
            year,
            m,
            &model.calendar,
            0.98,
        )
    };
    assert_eq!(v("short_term_requests"), 2.0);
    assert_eq!(v("short_term_no_place_share"), 0.5);
    assert_eq!(v("cost_short_term_no_place_tkr"), 30.0 * 8.0);
    assert_eq!(v("short_term_occupancy"), 30.0 / 122.0);
    assert_eq!(v("cost_short_term_tkr"), 122.0 + 240.0);
}

#[test]
fn a_second_short_term_place_takes_the_second_request_and_nothing_is_paid() {
    let ws = run_requests(with_short_term(2), &[10.0, 20.0]);
    let sep = &ws.outcome.months[0];
    assert_eq!(sep.get(Slot::ShortTermNoPlace), 0.0);
    assert_eq!(sep.get(Slot::ShortTermOccupiedDays), 30.0);
    let total: f64 = ws
        .outcome
        .months
        .iter()
        .map(|m| m.get(Slot::ShortTermNoPlaceCost))
        .sum();
    assert_eq!(total, 0.0);
}

#[test]
fn a_short_term_place_opening_later_refuses_requests_before_it_opens() {
    let mut s = with_short_term(1);
    s.short_term.as_mut().unwrap().units[0].opens = Some(30.0);
    let ws = run_requests(s, &[10.0, 45.0]);
    let (sep, oct) = (&ws.outcome.months[0], &ws.outcome.months[1]);
    assert_eq!(sep.get(Slot::ShortTermNoPlace), 1.0);
    assert_eq!(oct.get(Slot::ShortTermNoPlace), 0.0);
    assert_eq!(sep.get(Slot::ShortTermOpenPlaceDays), 0.0);
    assert_eq!(oct.get(Slot::ShortTermOpenPlaceDays), 31.0);
    assert_eq!(oct.get(Slot::ShortTermOccupiedDays), 61.0 - 45.0);
}

#[test]
fn a_scenario_without_short_term_places_records_no_short_term_service() {
    let (model, ws) = run(tiny(vec![unit("u", ID, 1, 1)], vec![]));
    assert!(
        ws.outcome
            .months
            .iter()
            .all(|m| m.get(Slot::ShortTermService) == 0.0)
    );
    let periods = crate::metrics::periods(&model.calendar);
    for p in &periods {
        for m in crate::metrics::METRICS.iter().filter(|m| m.is_short_term()) {
            let v = crate::metrics::value(m, p, &ws.outcome.months, &model.calendar, 0.98);
            assert!(v.is_nan(), "{} in {}: {v}", m.id, p.label);
        }
    }
}
