//! The discrete-event engine: one replication of the LSS housing model.
//!
//! [`run_replication`] is pure: it reads a [`Model`] (the scenario, prepared once), draws only
//! from the streams of its replication, and writes an [`Outcome`] into a reusable
//! [`Workspace`]. No threads, files or printing here; once a workspace is warm (after a
//! replication or two) nothing is allocated.
//!
//! # The rules, as the README states them for planners
//! - People queue per profile in three groups: waiting at home, waiting in an external
//!   placement, and placed externally with the decision executed (hemtagning candidates).
//! - A place that becomes ready in unit *u* goes to the best candidate whose profile *u*
//!   serves and who holds no pending offer: the unit's priority tier first (units marked
//!   `external_first` serve the two external groups first), then the earliest decision, then
//!   the lowest person number. A person who declines an offer is not offered that unit again
//!   until a place that a resident left there is ready again (so the declined place goes to
//!   somebody else, or waits); every declined unit keeps its own bar. If nobody matches, the
//!   place stays vacant and ready.
//! - A person who becomes a candidate takes a vacant ready place at once if one matches, in a
//!   unit of their preferred district if there is one, else in the unit with the lowest number.
//! - A decline returns the person to the queue with the decision's clock running; after the
//!   configured number of declines the person withdraws.
//! - The external-placement policy places a person who has waited too long and has declined no
//!   offer; a person who declined an offer stays at home in the queue.
//! - A closing unit's residents move at once to vacant ready places that serve them in other
//!   units (the preferred district first, else the closing unit's), else to an external
//!   placement (decision executed, a hemtagning candidate ranked by the closing date); the stay
//!   goes on either way. Pending offers and move-ins in it are withdrawn without counting as
//!   declines.
//! - Hemtagning offers end after `hemtagning_max_declines` declines; the factor per decline does
//!   not apply to them.
//! - Deadlines are whole days (`Model::day_after_months`); residents at the start draw the
//!   residual of a stay ([`rng::sample_residual`]).
//!
//! `docs/model.md` states every rule for readers of the outputs.

pub mod outcome;
pub mod queue;
pub mod rng;

use std::collections::VecDeque;

use crate::calendar::{Calendar, MonthTable};
use crate::model::{DAYS_PER_YEAR, HemtagningScope, ProfileId, Scenario, SimTime, StartStatus};
use outcome::{Outcome, Slot, WAIT_BIN_DAYS, WAIT_BINS};
use queue::EventQueue;
use rng::{STREAMS, Stream, StreamRng, chance, exp1, pick, sample, sample_residual};

/// Candidate groups.
const HOME: usize = 0;
const QUEUED_EXTERNAL: usize = 1;
const EXECUTED_EXTERNAL: usize = 2;
const GROUPS: usize = 3;

const NONE: u32 = u32::MAX;

/// The scenario prepared for the engine: derived tables computed once per experiment.
#[derive(Debug, Clone)]
pub struct Model {
    /// The scenario.
    pub scenario: Scenario,
    /// Its calendar.
    pub calendar: Calendar,
    /// End of the horizon, days.
    pub horizon: SimTime,
    /// Arrival-rate segments: (end time, applications per day).
    arrival_segments: Vec<(SimTime, f64)>,
    /// Per unit: priority tiers as bit masks of candidate groups, best first.
    tiers: Vec<[u8; 2]>,
    /// Per unit: the profiles it serves.
    unit_profiles: Vec<Vec<ProfileId>>,
    /// Per unit serving several profiles: the application mix over them, scaled to sum to 1 (a
    /// resident at the start has an unknown profile, drawn from it); empty for one profile.
    resident_mix: Vec<Vec<f64>>,
    /// Per unit: its district (a compact copy: the scenario's unit records are large and cold).
    unit_district: Vec<u16>,
    /// Weights of districts for a preferred district (in proportion to places).
    district_weights: Vec<f64>,
    /// Per month: end time.
    month_ends: Vec<SimTime>,
    /// Calendar-month deadlines.
    month_table: MonthTable,
    /// First offers made more than this many days after the decision are counted in
    /// [`Slot::FirstOffersOverThreshold`]; infinite (nothing counted) unless a theory check sets it.
    pub wait_threshold_days: SimTime,
}

impl Model {
    /// Prepares a scenario.
    pub fn new(scenario: Scenario) -> Model {
        let calendar = Calendar::new(scenario.start, scenario.end);
        let horizon = scenario.horizon_days();
        let arrival_segments = calendar
            .years
            .iter()
            .map(|y| {
                let i = (y.year - scenario.applications.first_year) as usize;
                (y.end, scenario.applications.per_year[i] / DAYS_PER_YEAR)
            })
            .collect();
        let ext = &scenario.external;
        let tiers = scenario
            .units
            .iter()
            .map(|u| {
                let hem = if ext.hemtagning {
                    1 << EXECUTED_EXTERNAL
                } else {
                    0
                };
                if u.external_first {
                    [(1 << QUEUED_EXTERNAL) | hem, 1 << HOME]
                } else {
                    let later = if ext.hemtagning_scope == HemtagningScope::AllUnits {
                        hem
                    } else {
                        0
                    };
                    [(1 << HOME) | (1 << QUEUED_EXTERNAL), later]
                }
            })
            .collect();
        let unit_profiles = scenario
            .units
            .iter()
            .map(|u| u.profiles.iter().collect())
            .collect();
        let resident_mix = scenario
            .units
            .iter()
            .map(|u| {
                let served: Vec<f64> = u
                    .profiles
                    .iter()
                    .map(|p| scenario.profile_mix[p as usize])
                    .collect();
                let total: f64 = served.iter().sum();
                match served.len() {
                    0 | 1 => Vec::new(),
                    n if total <= 0.0 => vec![1.0 / n as f64; n],
                    _ => served.iter().map(|w| w / total).collect(),
                }
            })
            .collect();
        let unit_district = scenario.units.iter().map(|u| u.district).collect();
        let mut district_weights = vec![0.0; scenario.districts.len()];
        for u in &scenario.units {
            district_weights[u.district as usize] += u.places as f64;
        }
        let total: f64 = district_weights.iter().sum();
        district_weights.iter_mut().for_each(|w| *w /= total);
        let month_ends = calendar.months.iter().map(|m| m.end).collect();
        let scenario_start = scenario.start;
        Model {
            scenario,
            calendar,
            horizon,
            arrival_segments,
            tiers,
            unit_profiles,
            resident_mix,
            unit_district,
            district_weights,
            month_ends,
            month_table: MonthTable::new(scenario_start),
            wait_threshold_days: f64::INFINITY,
        }
    }

    /// The first instant of the day after the date `months` calendar months after the day of
    /// `t`: a deadline in whole days. An offer made on that date is in time, one made on the next
    /// day is late, and a decision counts as older than `months` at the end of a later day.
    fn day_after_months(&self, t: SimTime, months: u32) -> SimTime {
        self.month_table.add(t.floor(), months) + 1.0
    }

    /// Number of calendar years in the horizon.
    pub fn years(&self) -> usize {
        self.calendar.years.len()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Investigating,
    Rejected,
    Queued,
    Offered,
    MovingIn,
    Resident,
    External,
    Withdrawn,
    Exited,
}

#[derive(Debug, Clone, Copy)]
struct Person {
    state: State,
    profile: ProfileId,
    district: u16,
    granted: bool,
    lives_external: bool,
    fee_accruing: bool,
    declines: u32,
    /// The first of the person's decline bars in [`Workspace::bars`], or `NONE`.
    bars: u32,
    unit: u32,
    /// Changes when a decision ends or a residence ends: invalidates timers.
    epoch: u32,
    /// Changes with every offer: invalidates answers and move-ins of an earlier offer.
    offer_seq: u32,
    open_idx: u32,
    decision: SimTime,
    first_offer: SimTime,
    /// When the current residence began (0 for residents at the start).
    since: SimTime,
}

#[derive(Debug, Clone, Copy)]
enum Ev {
    Application,
    Decision(u32),
    Answer(u32, u32),
    MoveIn(u32, u32),
    Exit(u32, u32),
    PlaceReady(u32),
    Withdraw(u32, u32),
    PlaceExternally(u32, u32),
    FeeStart(u32, u32),
    UnitOpen(u32),
    UnitClose(u32),
}

/// A candidate in a list: (decision time, person).
type Candidate = (SimTime, u32);

/// The order of candidate lists: the earliest decision first, then the lowest person number.
fn candidate_order(a: &Candidate, b: &Candidate) -> std::cmp::Ordering {
    a.0.total_cmp(&b.0).then(a.1.cmp(&b.1))
}

/// An unexecuted decision as the month-end count reads it: kept in one compact array beside the
/// person records, so that the count does not visit every queued person's record. Its two
/// calendar deadlines are kept only here; `decision`, `external` and `offered` mirror the
/// person's record (the invariant checker compares them).
#[derive(Debug, Clone, Copy)]
struct OpenDecision {
    decision: SimTime,
    deadline_goal: SimTime,
    deadline_report: SimTime,
    pid: u32,
    /// The person waits in an external placement.
    external: bool,
    /// The person has had a first offer.
    offered: bool,
}

#[derive(Debug, Clone, Copy, Default)]
struct UnitState {
    open: bool,
    occupied: u32,
    reserved: u32,
    not_ready: u32,
    idle: u32,
    /// Places left by residents that have become ready again so far (`vacancy_ready`): a
    /// decline bars the person from the unit until this count moves on.
    readied: u32,
    last: SimTime,
    occupied_days: f64,
    open_days: f64,
}

impl UnitState {
    fn places(&self) -> u32 {
        self.occupied + self.reserved + self.not_ready + self.idle
    }
}

/// A decline's bar: the person who declined an offer in `unit` is not offered it again while
/// the unit's [`UnitState::readied`] count is still `readied`. A person's bars form a list
/// through `next`, in one arena per workspace, so a decline allocates nothing once warm.
#[derive(Debug, Clone, Copy)]
struct Bar {
    unit: u32,
    readied: u32,
    next: u32,
}

/// Whether `p` is barred from unit `u` (state `us`) by a decline there.
fn barred(bars: &[Bar], p: &Person, u: u32, us: &UnitState) -> bool {
    let mut i = p.bars;
    while i != NONE {
        let b = bars[i as usize];
        if b.unit == u {
            return b.readied == us.readied;
        }
        i = b.next;
    }
    false
}

/// Reusable per-worker memory of the engine. Build one per thread; it is cleared, never rebuilt.
#[derive(Debug, Default)]
pub struct Workspace {
    events: EventQueue<Ev>,
    persons: Vec<Person>,
    units: Vec<UnitState>,
    /// Candidates per (profile, group): sorted by (decision time, person). A ring buffer: new
    /// decisions join at the back and offers mostly go to the front, both without shifting.
    cand: Vec<VecDeque<Candidate>>,
    /// Per profile: units with an idle ready place that serve it, sorted.
    idle_units: Vec<Vec<u32>>,
    /// Unexecuted decisions; `Person::open_idx` points here.
    open: Vec<OpenDecision>,
    /// The decline bars of every person (`Person::bars` heads a list), and the first free slot.
    bars: Vec<Bar>,
    free_bar: u32,
    rngs: Vec<StreamRng>,
    /// Time-weighted state since `last`.
    last: SimTime,
    month: usize,
    occupied: u32,
    reserved: u32,
    vacant: u32,
    /// Vacant ready places nobody has been offered (the sum of the units' `idle`).
    idle: u32,
    open_places: u32,
    own_cost_rate: f64,
    external: u32,
    fee_cases: u32,
    /// Sum of `since` over residents (so the sum of their days in the place is `occupied * t - this`).
    resident_since_sum: f64,
    next_arrival_segment: usize,
    /// Test-only fault injection: serve the newest decision first (a deliberately broken engine
    /// that the theory checks must catch).
    #[cfg(test)]
    pub(crate) serve_newest_first: bool,
    /// When set, the invariants are checked after every event (tests switch this on).
    pub check_invariants: bool,
    /// The outcome of the last replication.
    pub outcome: Outcome,
}

/// Runs replication `replication` of `model` in `ws`; the result is in `ws.outcome`.
pub fn run_replication(model: &Model, replication: u64, ws: &mut Workspace) {
    let mut sim = Sim { m: model, w: ws };
    sim.reset(replication);
    sim.run();
}

struct Sim<'a> {
    m: &'a Model,
    w: &'a mut Workspace,
}

impl Sim<'_> {
    fn rng(&mut self, s: Stream) -> &mut StreamRng {
        &mut self.w.rngs[s as usize]
    }

    fn reset(&mut self, replication: u64) {
        let s = &self.m.scenario;
        let w = &mut *self.w;
        w.events.clear(self.m.horizon);
        w.persons.clear();
        w.units.clear();
        w.units.resize(s.units.len(), UnitState::default());
        let np = s.profiles.len();
        w.cand.resize_with(np * GROUPS, VecDeque::new);
        w.cand.iter_mut().for_each(VecDeque::clear);
        w.idle_units.resize_with(np, Vec::new);
        w.idle_units.iter_mut().for_each(Vec::clear);
        w.open.clear();
        w.bars.clear();
        w.free_bar = NONE;
        w.rngs.clear();
        for stream in STREAM_ORDER {
            w.rngs.push(rng::stream(s.seed, replication, stream));
        }
        w.last = 0.0;
        w.month = 0;
        w.occupied = 0;
        w.reserved = 0;
        w.vacant = 0;
        w.idle = 0;
        w.open_places = 0;
        w.own_cost_rate = 0.0;
        w.external = 0;
        w.fee_cases = 0;
        w.resident_since_sum = 0.0;
        w.next_arrival_segment = 0;
        w.outcome
            .reset(self.m.calendar.months.len(), s.units.len(), self.m.years());
        self.start_state();
    }

    fn new_person(&mut self, profile: ProfileId, district: u16, state: State) -> u32 {
        self.w.persons.push(Person {
            state,
            profile,
            district,
            granted: false,
            lives_external: false,
            fee_accruing: false,
            declines: 0,
            bars: NONE,
            unit: NONE,
            epoch: 0,
            offer_seq: 0,
            open_idx: NONE,
            decision: f64::NAN,
            first_offer: f64::NAN,
            since: 0.0,
        });
        (self.w.persons.len() - 1) as u32
    }

    fn start_state(&mut self) {
        let m = self.m;
        let s = &m.scenario;
        // Units open at the start, with their residents; later openings and closings.
        for (i, u) in s.units.iter().enumerate() {
            let i32_ = i as u32;
            // Every unit draws its delay, open or not, so the draws line up across scenarios.
            let (delayed, d) = match &s.construction {
                Some(c) => {
                    let r = self.rng(Stream::Construction);
                    let delayed = chance(r, u.delay_probability_under(c));
                    (delayed, sample(&c.delay, r))
                }
                None => (false, 0.0),
            };
            match u.opens {
                None => {
                    self.open_unit(i32_, 0.0, false);
                    for _ in 0..u.occupied_at_start {
                        let pid = self.new_person(0, u16::MAX, State::Resident);
                        self.take_idle(i32_, 0.0);
                        self.w.units[i].occupied += 1;
                        self.w.vacant -= 1;
                        self.w.occupied += 1;
                        let served = &m.unit_profiles[i];
                        let mix = &m.resident_mix[i];
                        let profile = if mix.is_empty() {
                            served.first().copied().unwrap_or(0)
                        } else {
                            served[pick(mix, self.rng(Stream::Residents))]
                        };
                        let p = &mut self.w.persons[pid as usize];
                        p.unit = i32_;
                        p.profile = profile;
                        let stay = sample_residual(&s.stay, self.rng(Stream::Start));
                        self.w.events.push(stay, Ev::Exit(pid, 0));
                    }
                }
                Some(t) => {
                    let t = if delayed { t + d } else { t };
                    self.w.events.push(t, Ev::UnitOpen(i32_));
                }
            }
            if let Some(t) = u.closes {
                self.w.events.push(t, Ev::UnitClose(i32_));
            }
        }
        // People queued or placed externally at the start.
        for sp in &s.start_people {
            let state = if sp.status == StartStatus::External {
                State::External
            } else {
                State::Queued
            };
            let district = sp.preferred_district.unwrap_or(u16::MAX);
            let pid = self.new_person(sp.profile, district, state);
            {
                let p = &mut self.w.persons[pid as usize];
                p.granted = true;
                p.declines = sp.declines;
                p.decision = sp.decision;
                if sp.offered_before {
                    p.first_offer = sp.decision;
                }
            }
            match sp.status {
                StartStatus::External => {
                    self.w.external += 1;
                    let stay = sample_residual(&s.stay, self.rng(Stream::Start));
                    self.w.events.push(stay, Ev::Exit(pid, 0));
                }
                StartStatus::Queued | StartStatus::QueuedExternal => {
                    if sp.status == StartStatus::QueuedExternal {
                        self.w.persons[pid as usize].lives_external = true;
                        self.w.external += 1;
                    }
                    self.open_decision(pid, 0.0);
                }
            }
        }
        // Applications under investigation.
        for _ in 0..s.under_investigation_at_start {
            let r = self.rng(Stream::Start);
            let profile = pick(&s.profile_mix, r) as ProfileId;
            let district = if chance(r, s.district_preference) {
                pick(&m.district_weights, r) as u16
            } else {
                u16::MAX
            };
            let dur = sample(&s.backlog_remaining, r);
            let granted = chance(r, s.grant_probability);
            let pid = self.new_person(profile, district, State::Investigating);
            self.w.persons[pid as usize].granted = granted;
            self.w.events.push(dur, Ev::Decision(pid));
        }
        // Start persons all join the queue first; then every vacant place is offered by the
        // allocation rule, so the longest wait goes first at the start too.
        for pid in 0..self.w.persons.len() as u32 {
            let p = self.w.persons[pid as usize];
            let candidate = p.state == State::Queued
                || (p.state == State::External
                    && s.external.hemtagning
                    && p.declines < s.external.hemtagning_max_declines);
            if candidate {
                self.insert_candidate(pid);
            }
        }
        for u in 0..s.units.len() as u32 {
            for _ in 0..self.w.units[u as usize].idle {
                self.take_idle(u, 0.0);
                self.place_ready(u, 0.0);
            }
        }
        self.schedule_next_arrival(0.0);
    }

    fn schedule_next_arrival(&mut self, from: SimTime) {
        let mut e = exp1(self.rng(Stream::Arrivals));
        let mut t = from;
        while let Some(&(end, rate)) = self.m.arrival_segments.get(self.w.next_arrival_segment) {
            if rate > 0.0 && rate * (end - t) > e {
                self.w.events.push(t + e / rate, Ev::Application);
                return;
            }
            e -= rate * (end - t);
            t = end;
            self.w.next_arrival_segment += 1;
        }
    }

    fn run(&mut self) {
        let horizon = self.m.horizon;
        // The queue holds no event at or after the horizon (it drops them when scheduled).
        while let Some((t, ev)) = self.w.events.pop() {
            debug_assert!(t < horizon);
            self.advance(t);
            self.w.outcome.events += 1;
            self.handle(t, ev);
            if self.w.check_invariants {
                self.check(t);
            }
        }
        self.advance(horizon);
    }

    /// Moves the clock to `t`, closing every month that ends on the way.
    fn advance(&mut self, t: SimTime) {
        while self.w.month < self.m.month_ends.len() && self.m.month_ends[self.w.month] <= t {
            let end = self.m.month_ends[self.w.month];
            self.integrate(end);
            self.close_month(end);
            self.w.month += 1;
        }
        if self.w.month < self.m.month_ends.len() {
            self.integrate(t);
        }
    }

    fn integrate(&mut self, t: SimTime) {
        let w = &mut *self.w;
        let dt = t - w.last;
        if dt <= 0.0 {
            return;
        }
        let s = &self.m.scenario;
        let rec = &mut w.outcome.months[w.month];
        rec.add(Slot::OccupiedDays, w.occupied as f64 * dt);
        rec.add(Slot::OpenPlaceDays, w.open_places as f64 * dt);
        rec.add(Slot::ReservedDays, w.reserved as f64 * dt);
        rec.add(Slot::VacantDays, w.vacant as f64 * dt);
        rec.add(Slot::ExternalDays, w.external as f64 * dt);
        rec.add(Slot::QueueDays, w.open.len() as f64 * dt);
        rec.add(Slot::OwnCost, w.own_cost_rate * dt);
        rec.add(
            Slot::ExternalCost,
            w.external as f64 * dt * s.external.cost_per_person_year_tkr / DAYS_PER_YEAR,
        );
        if let Some(fee) = &s.fee {
            rec.add(
                Slot::FeeCost,
                w.fee_cases as f64 * dt * fee.expected_tkr_per_month * 12.0 / DAYS_PER_YEAR,
            );
        }
        w.last = t;
    }

    fn close_month(&mut self, end: SimTime) {
        let m = self.m;
        let w = &mut *self.w;
        let (mut over6, mut over6_no_offer, mut over3, mut queue_ext) = (0u32, 0u32, 0u32, 0u32);
        let mut age_sum = 0.0;
        for d in &w.open {
            age_sum += end - d.decision;
            queue_ext += d.external as u32;
            over3 += (end > d.deadline_report) as u32;
            let late = end > d.deadline_goal;
            over6 += late as u32;
            over6_no_offer += (late && !d.offered) as u32;
        }
        let rec = &mut w.outcome.months[w.month];
        rec.set(Slot::Queue, w.open.len() as f64);
        rec.set(Slot::QueueExternal, queue_ext as f64);
        rec.set(Slot::Over6NoOffer, over6_no_offer as f64);
        rec.set(Slot::Over6, over6 as f64);
        rec.set(Slot::Over3, over3 as f64);
        rec.set(Slot::Vacant, w.vacant as f64);
        rec.set(Slot::VacantReady, w.idle as f64);
        rec.set(Slot::External, w.external as f64);
        rec.set(Slot::Occupied, w.occupied as f64);
        rec.set(Slot::OpenPlaces, w.open_places as f64);
        rec.set(Slot::QueueAgeSum, age_sum);
        rec.set(
            Slot::StayAgeSum,
            w.occupied as f64 * end - w.resident_since_sum,
        );
        if m.calendar.month_ends_year(w.month) {
            let year = m.calendar.year_of_month[w.month];
            let years = m.years();
            for (i, u) in w.units.iter_mut().enumerate() {
                let dt = end - u.last;
                if u.open {
                    u.occupied_days += u.occupied as f64 * dt;
                    u.open_days += u.places() as f64 * dt;
                }
                u.last = end;
                w.outcome.unit_years[i * years + year] = [u.occupied_days, u.open_days];
                u.occupied_days = 0.0;
                u.open_days = 0.0;
            }
        }
    }

    /// Brings unit `u`'s place-day integrals up to `t` before its counts change.
    fn touch(&mut self, u: u32, t: SimTime) {
        let us = &mut self.w.units[u as usize];
        // Several changes at one time (an exit, the place offered again, the answer) integrate once.
        if us.last == t {
            return;
        }
        if us.open {
            let dt = t - us.last;
            us.occupied_days += us.occupied as f64 * dt;
            us.open_days += us.places() as f64 * dt;
        }
        us.last = t;
    }

    fn rec(&mut self) -> &mut outcome::MonthRecord {
        let m = self.w.month.min(self.w.outcome.months.len() - 1);
        &mut self.w.outcome.months[m]
    }

    fn handle(&mut self, t: SimTime, ev: Ev) {
        match ev {
            Ev::Application => self.application(t),
            Ev::Decision(pid) => self.decision(pid, t),
            Ev::Answer(pid, seq) => {
                let p = self.w.persons[pid as usize];
                if p.state == State::Offered && p.offer_seq == seq {
                    self.answer(pid, t);
                }
            }
            Ev::MoveIn(pid, seq) => {
                let p = self.w.persons[pid as usize];
                if p.state == State::MovingIn && p.offer_seq == seq {
                    self.move_in(pid, t);
                }
            }
            Ev::Exit(pid, epoch) => {
                let p = self.w.persons[pid as usize];
                if p.epoch == epoch {
                    self.exit(pid, t);
                }
            }
            Ev::PlaceReady(u) => {
                let us = &mut self.w.units[u as usize];
                if us.open && us.not_ready > 0 {
                    self.touch(u, t);
                    self.w.units[u as usize].not_ready -= 1;
                    self.vacancy_ready(u, t);
                }
            }
            Ev::Withdraw(pid, epoch) => {
                let p = self.w.persons[pid as usize];
                if p.epoch == epoch && p.open_idx != NONE {
                    self.withdraw(pid, t);
                }
            }
            Ev::PlaceExternally(pid, epoch) => {
                let p = self.w.persons[pid as usize];
                if p.epoch == epoch
                    && p.state == State::Queued
                    && !p.lives_external
                    && p.declines == 0
                {
                    self.place_externally(pid, t);
                }
            }
            Ev::FeeStart(pid, epoch) => {
                let p = &mut self.w.persons[pid as usize];
                if p.epoch == epoch && p.open_idx != NONE && !p.fee_accruing {
                    p.fee_accruing = true;
                    self.w.fee_cases += 1;
                }
            }
            Ev::UnitOpen(u) => {
                // A unit delayed past its own closing date never opens.
                if self.m.scenario.units[u as usize]
                    .closes
                    .is_none_or(|c| t < c)
                {
                    self.open_unit(u, t, true);
                }
            }
            Ev::UnitClose(u) => self.close_unit(u, t),
        }
    }

    fn application(&mut self, t: SimTime) {
        let m = self.m;
        let s = &m.scenario;
        self.rec().add(Slot::Applications, 1.0);
        let r = &mut self.w.rngs[Stream::Arrivals as usize];
        let profile = pick(&s.profile_mix, r) as ProfileId;
        let district = if chance(r, s.district_preference) {
            pick(&m.district_weights, r) as u16
        } else {
            u16::MAX
        };
        let r = &mut self.w.rngs[Stream::Investigation as usize];
        let dur = sample(&s.investigation, r);
        let granted = chance(r, s.grant_probability);
        let pid = self.new_person(profile, district, State::Investigating);
        self.w.persons[pid as usize].granted = granted;
        self.w.events.push(t + dur, Ev::Decision(pid));
        self.schedule_next_arrival(t);
    }

    fn decision(&mut self, pid: u32, t: SimTime) {
        if !self.w.persons[pid as usize].granted {
            self.w.persons[pid as usize].state = State::Rejected;
            self.rec().add(Slot::Rejections, 1.0);
            return;
        }
        self.rec().add(Slot::Decisions, 1.0);
        let p = &mut self.w.persons[pid as usize];
        p.state = State::Queued;
        p.decision = t;
        self.open_decision(pid, t);
        self.enqueue(pid, t);
    }

    /// Registers an unexecuted decision and its timers (deadlines, withdrawal, placement, fee).
    fn open_decision(&mut self, pid: u32, now: SimTime) {
        let m = self.m;
        let s = &m.scenario;
        let w = &mut *self.w;
        let p = &mut w.persons[pid as usize];
        p.open_idx = w.open.len() as u32;
        w.open.push(OpenDecision {
            decision: p.decision,
            deadline_goal: m.day_after_months(p.decision, s.goals.offer_within_months),
            deadline_report: m.day_after_months(p.decision, s.goals.report_after_months),
            pid,
            external: p.lives_external,
            offered: !p.first_offer.is_nan(),
        });
        let (decision, epoch) = (p.decision, p.epoch);
        if s.withdrawal_per_day > 0.0 {
            let d = exp1(&mut w.rngs[Stream::Withdrawal as usize]) / s.withdrawal_per_day;
            w.events.push(now + d, Ev::Withdraw(pid, epoch));
        }
        if let Some(after) = s.external.placement_after_days {
            w.events
                .push((decision + after).max(now), Ev::PlaceExternally(pid, epoch));
        }
        if let Some(fee) = &s.fee {
            let at = m.day_after_months(decision, fee.after_months);
            w.events.push(at.max(now), Ev::FeeStart(pid, epoch));
        }
    }

    /// Records the end at `t` of the residence of `pid` (for Little's law on the places).
    fn end_residence(&mut self, pid: u32, t: SimTime) {
        let since = self.w.persons[pid as usize].since;
        self.w.resident_since_sum -= since;
        self.rec().add(Slot::StayEndSum, t - since);
    }

    /// Ends an unexecuted decision at `t` (executed, withdrawn or placed with execution).
    fn close_decision(&mut self, pid: u32, t: SimTime) {
        let decision = self.w.persons[pid as usize].decision;
        self.rec().add(Slot::QueueLeaveSum, t - decision);
        let w = &mut *self.w;
        let p = &mut w.persons[pid as usize];
        let idx = p.open_idx as usize;
        p.open_idx = NONE;
        p.epoch += 1;
        if p.fee_accruing {
            p.fee_accruing = false;
            w.fee_cases -= 1;
        }
        w.open.swap_remove(idx);
        if idx < w.open.len() {
            let moved = w.open[idx].pid;
            w.persons[moved as usize].open_idx = idx as u32;
        }
    }

    fn group_of(p: &Person) -> usize {
        match (p.state, p.lives_external) {
            (State::External, _) => EXECUTED_EXTERNAL,
            (_, true) => QUEUED_EXTERNAL,
            _ => HOME,
        }
    }

    fn eligible(&self, u: u32, group: usize) -> bool {
        let tiers = self.m.tiers[u as usize];
        (tiers[0] | tiers[1]) & (1 << group) != 0
    }

    /// Makes person `pid` a candidate: takes an idle matching place at once, or joins the queue.
    fn enqueue(&mut self, pid: u32, t: SimTime) {
        let p = self.w.persons[pid as usize];
        let group = Self::group_of(&p);
        let list = &self.w.idle_units[p.profile as usize];
        let mut chosen = NONE;
        for &u in list {
            if barred(&self.w.bars, &p, u, &self.w.units[u as usize]) || !self.eligible(u, group) {
                continue;
            }
            if chosen == NONE {
                chosen = u;
            }
            if p.district == u16::MAX || self.m.unit_district[u as usize] == p.district {
                chosen = u;
                break;
            }
        }
        if chosen != NONE {
            self.take_idle(chosen, t);
            self.offer(pid, chosen, t);
            return;
        }
        self.insert_candidate(pid);
    }

    /// Puts `pid` in its candidate list, in (decision time, person) order.
    fn insert_candidate(&mut self, pid: u32) {
        let p = self.w.persons[pid as usize];
        let list = &mut self.w.cand[p.profile as usize * GROUPS + Self::group_of(&p)];
        let key = (p.decision, pid);
        let before = |e: &Candidate| candidate_order(e, &key).is_lt();
        // A new decision is the latest: it joins at the back without a search.
        if list.back().is_none_or(before) {
            list.push_back(key);
            return;
        }
        let at = list.partition_point(before);
        list.insert(at, key);
    }

    fn dequeue(&mut self, pid: u32) {
        let p = self.w.persons[pid as usize];
        let list = &mut self.w.cand[p.profile as usize * GROUPS + Self::group_of(&p)];
        // The person offered a place is mostly the longest waiting: the front.
        if list.front().is_some_and(|e| e.1 == pid) {
            list.pop_front();
            return;
        }
        let key = (p.decision, pid);
        let at = list.partition_point(|e| candidate_order(e, &key).is_lt());
        if list.get(at).is_some_and(|e| e.1 == pid) {
            list.remove(at);
        }
    }

    /// One idle ready place of `u` is taken (by an offer or a relocation).
    fn take_idle(&mut self, u: u32, t: SimTime) {
        self.touch(u, t);
        let us = &mut self.w.units[u as usize];
        us.idle -= 1;
        self.w.idle -= 1;
        if us.idle == 0 {
            self.remove_idle(u);
        }
    }

    fn remove_idle(&mut self, u: u32) {
        for &p in &self.m.unit_profiles[u as usize] {
            let list = &mut self.w.idle_units[p as usize];
            if let Ok(i) = list.binary_search(&u) {
                list.remove(i);
            }
        }
    }

    /// The best candidate for a place in `u`, or `None`.
    fn best_candidate(&self, u: u32) -> Option<u32> {
        for tier in self.m.tiers[u as usize] {
            if tier == 0 {
                continue;
            }
            let mut best: Option<Candidate> = None;
            for &p in &self.m.unit_profiles[u as usize] {
                for g in 0..GROUPS {
                    if tier & (1 << g) == 0 {
                        continue;
                    }
                    let list = &self.w.cand[p as usize * GROUPS + g];
                    let us = &self.w.units[u as usize];
                    let eligible = |&&(_, pid): &&Candidate| {
                        !barred(&self.w.bars, &self.w.persons[pid as usize], u, us)
                    };
                    #[cfg(test)]
                    if self.w.serve_newest_first {
                        if let Some(&c) = list.iter().rev().find(eligible) {
                            if best.is_none_or(|b| candidate_order(&c, &b).is_gt()) {
                                best = Some(c);
                            }
                        }
                        continue;
                    }
                    let head = list.iter().find(eligible);
                    if let Some(&c) = head {
                        if best.is_none_or(|b| candidate_order(&c, &b).is_lt()) {
                            best = Some(c);
                        }
                    }
                }
            }
            if let Some((_, pid)) = best {
                return Some(pid);
            }
        }
        None
    }

    /// A vacant place of `u` becomes ready: offer it, or keep it idle.
    /// The caller has already removed it from whatever state it was in.
    fn place_ready(&mut self, u: u32, t: SimTime) {
        self.touch(u, t);
        if let Some(pid) = self.best_candidate(u) {
            self.dequeue(pid);
            self.offer(pid, u, t);
        } else {
            self.add_idle(u);
        }
    }

    /// A place that a resident left is ready again after the turnaround: it lifts the bars of
    /// earlier declines at `u`, so it is offered, and so are idle places of `u` that a person no
    /// longer barred now matches.
    fn vacancy_ready(&mut self, u: u32, t: SimTime) {
        self.w.units[u as usize].readied += 1;
        self.place_ready(u, t);
        while self.w.units[u as usize].idle > 0 {
            let Some(pid) = self.best_candidate(u) else {
                break;
            };
            self.take_idle(u, t);
            self.dequeue(pid);
            self.offer(pid, u, t);
        }
    }

    /// One place of `u` becomes vacant and ready with nobody to offer it to.
    fn add_idle(&mut self, u: u32) {
        let us = &mut self.w.units[u as usize];
        us.idle += 1;
        self.w.idle += 1;
        if us.idle == 1 {
            for &p in &self.m.unit_profiles[u as usize] {
                let list = &mut self.w.idle_units[p as usize];
                if let Err(i) = list.binary_search(&u) {
                    list.insert(i, u);
                }
            }
        }
    }

    /// Offers a place of `u` (already taken out of idle/not-ready) to `pid`, who is not in a list.
    fn offer(&mut self, pid: u32, u: u32, t: SimTime) {
        let s = &self.m.scenario;
        self.touch(u, t);
        self.w.units[u as usize].reserved += 1;
        self.w.reserved += 1;
        self.w.vacant -= 1;
        let p = &mut self.w.persons[pid as usize];
        let first = p.first_offer.is_nan() && p.state != State::External;
        // The offer goal's deadline lives with the open decision: a first offer has one (a
        // person without an open decision is placed externally, and `first` leaves them out).
        let mut deadline = SimTime::INFINITY;
        if first {
            p.first_offer = t;
            debug_assert_ne!(p.open_idx, NONE, "a first offer without an open decision");
            let d = &mut self.w.open[p.open_idx as usize];
            d.offered = true;
            deadline = d.deadline_goal;
        }
        let decision = p.decision;
        p.state = State::Offered;
        p.unit = u;
        p.offer_seq = p.offer_seq.wrapping_add(1);
        let seq = p.offer_seq;
        self.rec().add(Slot::Offers, 1.0);
        if first {
            let wait = t - decision;
            let threshold = self.m.wait_threshold_days;
            let rec = self.rec();
            rec.add(Slot::FirstOffers, 1.0);
            rec.add(Slot::WaitFirstOfferSum, wait);
            if t >= deadline {
                rec.add(Slot::FirstOffersLate, 1.0);
            }
            if wait > 0.0 {
                rec.add(Slot::FirstOffersWaited, 1.0);
            }
            if wait > threshold {
                rec.add(Slot::FirstOffersOverThreshold, 1.0);
            }
            let year =
                self.m.calendar.year_of_month[self.w.month.min(self.m.calendar.months.len() - 1)];
            let bin = ((wait / WAIT_BIN_DAYS) as usize).min(WAIT_BINS - 1);
            self.w.outcome.wait_hist[year][bin] += 1;
        }
        let d = sample(&s.offers.response, self.rng(Stream::Offers));
        self.w.events.push(t + d, Ev::Answer(pid, seq));
    }

    fn answer(&mut self, pid: u32, t: SimTime) {
        let s = &self.m.scenario;
        let p = self.w.persons[pid as usize];
        let u = p.unit;
        let was_external = p.open_idx == NONE;
        let base = if was_external {
            s.external.hemtagning_acceptance
        } else if p.district == u16::MAX {
            s.offers.acceptance
        } else if self.m.unit_district[u as usize] == p.district {
            s.offers.acceptance_preferred_district
        } else {
            s.offers.acceptance_other_district
        };
        // The factor per decline describes the queue; a hemtagning offer is accepted with its
        // own probability however often the person declined before.
        let factor = if was_external {
            1.0
        } else {
            s.offers
                .acceptance_factor_per_decline
                .powi(p.declines as i32)
        };
        let prob = (base * factor).clamp(0.0, 1.0);
        let accept = chance(self.rng(Stream::Offers), prob);
        if accept {
            let lead = sample(&s.move_in, self.rng(Stream::MoveIn));
            self.w.persons[pid as usize].state = State::MovingIn;
            self.w.events.push(t + lead, Ev::MoveIn(pid, p.offer_seq));
            return;
        }
        self.rec().add(Slot::Declines, 1.0);
        let pm = &mut self.w.persons[pid as usize];
        pm.declines += 1;
        pm.state = if was_external {
            State::External
        } else {
            State::Queued
        };
        pm.unit = NONE;
        let declines = pm.declines;
        // Barred from the unit, so that the place given back here (in `release_reserved` below)
        // goes to somebody else or waits, until a resident's place in the unit is ready again
        // (`vacancy_ready`); earlier bars elsewhere stay.
        self.bar(pid, u);
        self.release_reserved(u, t);
        if was_external {
            // After the last hemtagning offer it may decline, the person stays placed
            // externally until the placement ends.
            if declines < s.external.hemtagning_max_declines {
                self.enqueue(pid, t);
            }
        } else if s
            .offers
            .withdraw_after_declines
            .is_some_and(|n| declines >= n)
        {
            self.withdraw(pid, t);
        } else {
            self.enqueue(pid, t);
        }
    }

    /// Bars `pid` from unit `u` until its `readied` count moves on: updates the person's bar at
    /// `u`, or reuses one of theirs that has lifted, or takes a free slot of the arena.
    fn bar(&mut self, pid: u32, u: u32) {
        let w = &mut *self.w;
        let readied = w.units[u as usize].readied;
        let mut reuse = NONE;
        let mut i = w.persons[pid as usize].bars;
        while i != NONE {
            let b = w.bars[i as usize];
            if b.unit == u {
                reuse = i;
                break;
            }
            if reuse == NONE && w.units[b.unit as usize].readied != b.readied {
                reuse = i;
            }
            i = b.next;
        }
        if reuse != NONE {
            let b = &mut w.bars[reuse as usize];
            b.unit = u;
            b.readied = readied;
            return;
        }
        let next = w.persons[pid as usize].bars;
        let bar = Bar {
            unit: u,
            readied,
            next,
        };
        let slot = if w.free_bar != NONE {
            let slot = w.free_bar;
            w.free_bar = w.bars[slot as usize].next;
            w.bars[slot as usize] = bar;
            slot
        } else {
            w.bars.push(bar);
            (w.bars.len() - 1) as u32
        };
        w.persons[pid as usize].bars = slot;
    }

    /// Gives the bars of `pid` back to the arena: the person is no longer a candidate.
    fn clear_bars(&mut self, pid: u32) {
        let w = &mut *self.w;
        let head = w.persons[pid as usize].bars;
        if head == NONE {
            return;
        }
        let mut tail = head;
        while w.bars[tail as usize].next != NONE {
            tail = w.bars[tail as usize].next;
        }
        w.bars[tail as usize].next = w.free_bar;
        w.free_bar = head;
        w.persons[pid as usize].bars = NONE;
    }

    /// A reserved place of `u` is given back and offered again.
    fn release_reserved(&mut self, u: u32, t: SimTime) {
        self.touch(u, t);
        self.w.units[u as usize].reserved -= 1;
        self.w.reserved -= 1;
        self.w.vacant += 1;
        self.place_ready(u, t);
    }

    fn move_in(&mut self, pid: u32, t: SimTime) {
        let s = &self.m.scenario;
        let p = self.w.persons[pid as usize];
        let u = p.unit;
        self.touch(u, t);
        let us = &mut self.w.units[u as usize];
        us.reserved -= 1;
        us.occupied += 1;
        self.w.reserved -= 1;
        self.w.occupied += 1;
        if p.lives_external || p.state == State::External || p.open_idx == NONE {
            self.w.external -= 1;
            self.rec().add(Slot::Hemtagningar, 1.0);
        }
        if p.open_idx != NONE {
            let rec = self.rec();
            rec.add(Slot::MoveIns, 1.0);
            rec.add(Slot::WaitMoveInSum, t - p.decision);
            self.close_decision(pid, t);
        } else {
            self.w.persons[pid as usize].epoch += 1;
        }
        self.clear_bars(pid);
        let pm = &mut self.w.persons[pid as usize];
        pm.state = State::Resident;
        pm.lives_external = false;
        pm.since = t;
        self.w.resident_since_sum += t;
        let epoch = pm.epoch;
        let stay = sample(&s.stay, self.rng(Stream::Stays));
        self.w.events.push(t + stay, Ev::Exit(pid, epoch));
    }

    fn exit(&mut self, pid: u32, t: SimTime) {
        let s = &self.m.scenario;
        let p = self.w.persons[pid as usize];
        match p.state {
            State::Resident => {
                let u = p.unit;
                self.touch(u, t);
                let us = &mut self.w.units[u as usize];
                us.occupied -= 1;
                us.not_ready += 1;
                self.w.occupied -= 1;
                self.w.vacant += 1;
                self.end_residence(pid, t);
                let d = sample(&s.turnaround, self.rng(Stream::Turnaround));
                self.w.events.push(t + d, Ev::PlaceReady(u));
            }
            State::External => {
                self.dequeue(pid);
                self.w.external -= 1;
            }
            State::Offered | State::MovingIn => {
                // A person placed externally leaves while a hemtagning offer is pending.
                self.w.external -= 1;
                self.release_reserved(p.unit, t);
            }
            _ => return,
        }
        self.rec().add(Slot::Exits, 1.0);
        self.clear_bars(pid);
        let pm = &mut self.w.persons[pid as usize];
        pm.state = State::Exited;
        pm.epoch += 1;
        pm.unit = NONE;
    }

    fn withdraw(&mut self, pid: u32, t: SimTime) {
        let p = self.w.persons[pid as usize];
        match p.state {
            State::Queued => self.dequeue(pid),
            State::Offered | State::MovingIn => {
                self.w.persons[pid as usize].state = State::Withdrawn;
                self.release_reserved(p.unit, t);
            }
            // Already out of the queue by a decline that reached the limit.
            _ => {}
        }
        if p.lives_external {
            self.w.external -= 1;
        }
        self.rec().add(Slot::Withdrawals, 1.0);
        self.close_decision(pid, t);
        self.clear_bars(pid);
        let pm = &mut self.w.persons[pid as usize];
        pm.state = State::Withdrawn;
        pm.lives_external = false;
        pm.unit = NONE;
    }

    fn place_externally(&mut self, pid: u32, t: SimTime) {
        let s = &self.m.scenario;
        self.dequeue(pid);
        self.w.external += 1;
        self.rec().add(Slot::ExternalPlacements, 1.0);
        if s.external.placement_executes_decision {
            self.close_decision(pid, t);
            let pm = &mut self.w.persons[pid as usize];
            pm.state = State::External;
            let epoch = pm.epoch;
            let stay = sample(&s.stay, self.rng(Stream::Stays));
            self.w.events.push(t + stay, Ev::Exit(pid, epoch));
            if s.external.hemtagning {
                self.enqueue(pid, t);
            }
        } else {
            let p = &mut self.w.persons[pid as usize];
            p.lives_external = true;
            self.w.open[p.open_idx as usize].external = true;
            self.enqueue(pid, t);
        }
    }

    fn open_unit(&mut self, u: u32, t: SimTime, offer: bool) {
        let unit = &self.m.scenario.units[u as usize];
        self.touch(u, t);
        self.w.units[u as usize].open = true;
        self.w.open_places += unit.places;
        self.w.vacant += unit.places;
        self.w.own_cost_rate += unit.places as f64 * unit.cost_per_place_year_tkr / DAYS_PER_YEAR;
        for _ in 0..unit.places {
            if offer {
                self.place_ready(u, t);
            } else {
                // At the start, every unit is set up before anybody is offered a place.
                self.add_idle(u);
            }
        }
    }

    fn close_unit(&mut self, u: u32, t: SimTime) {
        let s = &self.m.scenario;
        if !self.w.units[u as usize].open {
            return;
        }
        // Integrate up to the closing first: the unit's place-days are kept below.
        self.touch(u, t);
        let us = self.w.units[u as usize];
        if us.idle > 0 {
            self.remove_idle(u);
        }
        let places = us.places();
        self.w.open_places -= places;
        self.w.occupied -= us.occupied;
        self.w.reserved -= us.reserved;
        self.w.vacant -= us.not_ready + us.idle;
        self.w.idle -= us.idle;
        let unit = &s.units[u as usize];
        self.w.own_cost_rate -= unit.places as f64 * unit.cost_per_place_year_tkr / DAYS_PER_YEAR;
        self.w.units[u as usize] = UnitState {
            readied: us.readied,
            last: t,
            occupied_days: us.occupied_days,
            open_days: us.open_days,
            ..UnitState::default()
        };
        for pid in 0..self.w.persons.len() as u32 {
            let p = self.w.persons[pid as usize];
            if p.unit != u {
                continue;
            }
            match p.state {
                State::Resident => {
                    // Move to a vacant ready place that serves the person, in the preferred
                    // district (without one: the closing unit's) if there is one there, else in
                    // the unit listed first; with none, to an external placement.
                    let district = if p.district == u16::MAX {
                        self.m.unit_district[u as usize]
                    } else {
                        p.district
                    };
                    let idle = &self.w.idle_units[p.profile as usize];
                    let target = idle
                        .iter()
                        .find(|&&v| self.m.unit_district[v as usize] == district)
                        .or(idle.first())
                        .copied();
                    if let Some(v) = target {
                        self.take_idle(v, t);
                        self.w.units[v as usize].occupied += 1;
                        self.w.occupied += 1;
                        self.w.vacant -= 1;
                        self.w.persons[pid as usize].unit = v;
                    } else {
                        // The stay goes on (its exit stays scheduled), now in an external
                        // placement that executes the decision; as a hemtagning candidate the
                        // person ranks by the closing date and has declined no offer yet.
                        self.end_residence(pid, t);
                        let pm = &mut self.w.persons[pid as usize];
                        pm.state = State::External;
                        pm.unit = NONE;
                        pm.decision = t;
                        pm.declines = 0;
                        self.w.external += 1;
                        self.rec().add(Slot::ExternalPlacements, 1.0);
                        if s.external.hemtagning {
                            self.enqueue(pid, t);
                        }
                    }
                }
                State::Offered | State::MovingIn => {
                    let pm = &mut self.w.persons[pid as usize];
                    pm.unit = NONE;
                    pm.offer_seq = pm.offer_seq.wrapping_add(1);
                    pm.state = if pm.open_idx == NONE {
                        State::External
                    } else {
                        State::Queued
                    };
                    self.enqueue(pid, t);
                }
                _ => {}
            }
        }
    }

    /// Checks the invariants of MODEL.md §7 (conservation) at time `t`; panics on a breach.
    fn check(&self, t: SimTime) {
        let w = &*self.w;
        let s = &self.m.scenario;
        assert!(t >= w.last - 1e-9, "time went backwards");
        let (mut occ, mut res, mut vac, mut open) = (0, 0, 0, 0);
        for (i, us) in w.units.iter().enumerate() {
            let expected = if us.open { s.units[i].places } else { 0 };
            assert_eq!(
                us.places(),
                expected,
                "unit {i}: occupied + reserved + not ready + idle != open places at t={t}"
            );
            occ += us.occupied;
            res += us.reserved;
            vac += us.not_ready + us.idle;
            open += expected;
        }
        assert_eq!(
            (occ, res, vac, open),
            (w.occupied, w.reserved, w.vacant, w.open_places),
            "totals at t={t}"
        );
        let mut per_unit_res = vec![0u32; w.units.len()];
        let mut per_unit_occ = vec![0u32; w.units.len()];
        let (mut ext, mut open_dec) = (0u32, 0usize);
        for (pid, p) in w.persons.iter().enumerate() {
            match p.state {
                State::Offered | State::MovingIn => per_unit_res[p.unit as usize] += 1,
                State::Resident => per_unit_occ[p.unit as usize] += 1,
                _ => {}
            }
            let external_now = p.state == State::External
                || (p.lives_external
                    && matches!(p.state, State::Queued | State::Offered | State::MovingIn))
                || (matches!(p.state, State::Offered | State::MovingIn) && p.open_idx == NONE);
            ext += external_now as u32;
            let unexecuted = matches!(p.state, State::Queued | State::Offered | State::MovingIn)
                && p.open_idx != NONE;
            assert_eq!(
                unexecuted,
                p.open_idx != NONE,
                "person {pid} in {:?} with open_idx {}",
                p.state,
                p.open_idx
            );
            open_dec += unexecuted as usize;
            let in_lists = w
                .cand
                .iter()
                .flatten()
                .filter(|e| e.1 == pid as u32)
                .count();
            let should = p.state == State::Queued
                || (p.state == State::External
                    && s.external.hemtagning
                    && p.declines < s.external.hemtagning_max_declines);
            assert_eq!(
                in_lists, should as usize,
                "person {pid} in {:?} is in {in_lists} candidate lists",
                p.state
            );
        }
        for (i, us) in w.units.iter().enumerate() {
            assert_eq!(
                us.reserved, per_unit_res[i],
                "unit {i}: reserved places vs people holding offers"
            );
            assert_eq!(
                us.occupied, per_unit_occ[i],
                "unit {i}: occupied places vs residents"
            );
        }
        assert_eq!(ext, w.external, "people in external placements");
        let since: f64 = w
            .persons
            .iter()
            .filter(|p| p.state == State::Resident)
            .map(|p| p.since)
            .sum();
        assert!(
            (since - w.resident_since_sum).abs() <= 1e-6 * (1.0 + since.abs()),
            "sum of move-in times of residents"
        );
        assert_eq!(open_dec, w.open.len(), "open decisions");
        for (i, d) in w.open.iter().enumerate() {
            let p = &w.persons[d.pid as usize];
            assert_eq!(
                p.open_idx as usize, i,
                "open decision {i} of person {}",
                d.pid
            );
            assert!(
                d.decision.total_cmp(&p.decision).is_eq()
                    && d.external == p.lives_external
                    && d.offered != p.first_offer.is_nan(),
                "open decision {i} out of step with person {}",
                d.pid
            );
        }
        assert_eq!(
            w.idle,
            w.units.iter().map(|u| u.idle).sum::<u32>(),
            "vacant ready places"
        );
        // An idle place has no eligible candidate.
        for (u, us) in w.units.iter().enumerate() {
            if us.idle > 0 {
                assert!(
                    self.best_candidate(u as u32).is_none(),
                    "unit {u} has an idle place and a candidate at t={t}"
                );
            }
        }
    }
}

const STREAM_ORDER: [Stream; STREAMS] = [
    Stream::Arrivals,
    Stream::Investigation,
    Stream::Offers,
    Stream::MoveIn,
    Stream::Stays,
    Stream::Turnaround,
    Stream::Withdrawal,
    Stream::Construction,
    Stream::Start,
    Stream::Residents,
];

#[cfg(test)]
mod tests;
