//! The capacity planner, `lss-sim plan BASE.toml PLAN.toml`: the cheapest schedule of new units
//! that meets the goals, found by a greedy search and a local search under common random
//! numbers, with a statistical guard and a confirmation on fresh replications.
//!
//! # The question
//!
//! The plan file ([`file`]) names the goals (the offer goal met with probability at least `p` in
//! every year from `goals.from_year` to the end of the horizon; optionally the occupancy target
//! with probability at least `q`; optionally a cap on the new units' own-place cost per year),
//! the menu of unit templates (kind, profiles, places, cost, district, earliest opening, how many
//! may open per year, delay probability) and the decision grid (opening quarters). A *schedule*
//! is a list of new units, each a template opening on the first day of a quarter of the grid,
//! with its places (a template's `places`, or fewer down to `min_places`).
//!
//! # Evaluating a schedule
//!
//! A schedule becomes a scenario only through [`Variation::new_unit`]: each new unit is a
//! register row in no file, validated exactly as a row of a register, so a schedule cannot break a
//! rule a file could not. Every schedule runs with the scenario's seed and the same replications,
//! so replication `r` of every schedule draws the same arrivals, stays and answers (common random
//! numbers): differences between schedules are the schedules' effect, not noise. Per
//! replication the planner reads three yearly figures exactly as every other output computes them
//! ([`crate::metrics::value`]): `goal_offer_met`, `goal_occupancy_met` and `cost_total_tkr`,
//! and the number of people over the offer goal without an offer at the goal years' quarter
//! ends (a smooth guide while every probability is still 0).
//!
//! The objective is the **expected total cost** over the plan years (from the earlier of the
//! first opening quarter's year and the first goal year, to the end of the horizon): own places,
//! external placements and expected fees as the model counts them, so a unit that brings people
//! home from dear external placements is credited for it.
//!
//! # The statistical guard
//!
//! A schedule *meets* a goal only when, in every goal year, the **one-sided 95 % Wilson score
//! lower bound** of the probability (`k` of `n` replications met it) is at least the goal's
//! probability. The budget cap is checked exactly, at the planned opening dates.
//!
//! # The search
//!
//! 1. Greedy marginal allocation. From the base (no new units), each step tries every addition
//!    (a template opening in a quarter of the grid, within its earliest date, its units per year
//!    and the budget) and every advance of a unit already chosen by one quarter, and takes the move
//!    with the largest gain per tkr: the gain is the drop in the shortfall (the sum over goal years
//!    of how far each lower bound is below its goal probability) plus a thousandth of the drop in
//!    people over the offer goal at the quarter ends; the tkr are the rise in expected total cost,
//!    at least a tenth of the rise in own-place cost. It stops when the schedule meets the goals,
//!    when no move gains, or at `search.max_units`.
//! 2. Local search. From the greedy schedule, it tries to remove a unit, shrink it by a place (to
//!    the template's `min_places`) or delay it by a quarter, and keeps the first move that still
//!    meets the goals at a lower expected cost; it repeats until no move does.
//! 3. Confirmation, or extension ([`confirm`]). The chosen schedule and the base run again with
//!    fresh replications (the search's seed plus `search.confirmation_seed_offset`,
//!    `search.confirmation_replications`). When the schedule misses a goal there, those
//!    replications join the evidence of every later evaluation, the greedy continues from the
//!    schedule until it meets the guard on the pooled evidence, and the result is confirmed on
//!    the next fresh seed (plus twice the offset, then three times), up to
//!    [`CONFIRMATION_ROUNDS`]. The last round is what is reported and written as the runnable
//!    scenario, confirmed or marked not confirmed.
//!
//! Every evaluated schedule is kept; when the goals cannot be met together (the occupancy target
//! against the offer goal), the frontier says so: for each evaluated cost, the best probability
//! of each goal reached at that cost or less.

pub mod file;
pub mod output;

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

pub use file::{Plan, Quarter, Template, read};

use crate::engine::outcome::Slot;
use crate::engine::{Model, run_replication};
use crate::error::{Error, Result};
use crate::experiment::{self, Settings};
use crate::lang::{Lang, tr};
use crate::metrics::{METRICS, PeriodRef, index, periods, value};
use crate::model::{DAYS_PER_YEAR, Scenario};
use crate::scenario::{self, Loaded, Variation};

/// One new unit of a schedule.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct NewUnit {
    /// Opening quarter, index in the grid.
    pub quarter: usize,
    /// Template, index in the menu.
    pub template: usize,
    /// Places.
    pub places: u32,
}

/// New units, sorted (by quarter, then template): one schedule has one form.
pub type Schedule = Vec<NewUnit>;

/// The id of the `n`th (1-based) new unit of template `t`.
pub fn unit_id(t: &Template, n: usize) -> String {
    format!("PLAN-{}-{n}", t.id)
}

/// The register cells of a new unit of template `t` with `places`, opening in `q`.
pub fn unit_cells(t: &Template, places: u32, q: &Quarter) -> Vec<(&'static str, String)> {
    let mut cells = vec![
        ("name", t.name.clone()),
        ("district", t.district.clone()),
        ("kind", t.kind.clone()),
        ("profiles", t.profiles.join("|")),
        ("places", places.to_string()),
        ("opens", q.start.to_string()),
        ("cost_per_place_year_tkr", t.cost_text.clone()),
        ("external_first", t.external_first.to_string()),
    ];
    if let Some(d) = t.delay_probability {
        cells.push(("delay_probability", d.to_string()));
    }
    if t.time_limited {
        cells.push(("time_limited", "true".to_owned()));
    }
    cells
}

/// The variation adding the `n`th unit of template `t`.
pub fn unit_variation(t: &Template, places: u32, q: &Quarter, n: usize) -> Variation {
    let cells = unit_cells(t, places, q);
    let cells: Vec<(&str, &str)> = cells.iter().map(|(c, v)| (*c, v.as_str())).collect();
    Variation::new_unit(&unit_id(t, n), &cells)
}

/// The schedule's units with their ids, in schedule order.
pub fn named_units<'a>(plan: &'a Plan, schedule: &'a Schedule) -> Vec<(String, &'a NewUnit)> {
    let mut counts = vec![0usize; plan.templates.len()];
    schedule
        .iter()
        .map(|u| {
            counts[u.template] += 1;
            (unit_id(&plan.templates[u.template], counts[u.template]), u)
        })
        .collect()
}

/// The base scenario with the schedule's units added, validated as a file would be.
pub fn scenario_of(loaded: &Loaded, plan: &Plan, schedule: &Schedule) -> Result<Scenario> {
    let variations: Vec<Variation> = named_units(plan, schedule)
        .into_iter()
        .map(|(id, u)| {
            let t = &plan.templates[u.template];
            let cells = unit_cells(t, u.places, &plan.search.quarters[u.quarter]);
            let cells: Vec<(&str, &str)> = cells.iter().map(|(c, v)| (*c, v.as_str())).collect();
            Variation::new_unit(&id, &cells)
        })
        .collect();
    scenario::validate_loaded(&loaded.varied(&variations)?).map_err(|e| match e {
        Error::Varied { message, .. } => Error::Usage(crate::msg!(
            "{}: the schedule {} breaks a rule of the scenario: {message}",
            "{}: schemat {} bryter mot en regel i scenariot: {message}",
            plan.path.display(),
            describe(plan, schedule, crate::lang::messages())
        )),
        e => e,
    })
}

/// A schedule in words: `autism-6@2019-Q1 ID-8(6)@2019-Q3`.
pub fn describe(plan: &Plan, schedule: &Schedule, lang: Lang) -> String {
    if schedule.is_empty() {
        return tr(lang, "(no new units)", "(inga nya boenden)").into();
    }
    schedule
        .iter()
        .map(|u| {
            let t = &plan.templates[u.template];
            let places = if u.places == t.places {
                String::new()
            } else {
                format!("({})", u.places)
            };
            format!("{}{places}@{}", t.id, plan.search.quarters[u.quarter].label)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The one-sided 95 % Wilson score lower bound of a probability seen `k` times in `n`.
pub fn wilson_lower(k: u32, n: u32) -> f64 {
    if n == 0 {
        return 0.0;
    }
    let (n, z2) = (n as f64, file::Z * file::Z);
    let p = k as f64 / n;
    let centre = p + z2 / (2.0 * n);
    let half = file::Z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    ((centre - half) / (1.0 + z2 / n)).max(0.0)
}

/// The short-term requests of one goal year over replications: sums for the pooled share of
/// requests that found no place (no place / requests over all replications, a ratio estimator)
/// and its one-sided 95 % upper bound (delta method over replications).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct NoPlaceSums {
    /// Replications.
    pub n: f64,
    /// Sum of requests without a place.
    pub x: f64,
    /// Sum of requests.
    pub y: f64,
    /// Sum of the squares of requests without a place.
    pub xx: f64,
    /// Sum of the squares of requests.
    pub yy: f64,
    /// Sum of the products.
    pub xy: f64,
}

impl NoPlaceSums {
    /// Adds one replication's requests without a place (`x`) and requests (`y`).
    pub fn add(&mut self, x: f64, y: f64) {
        self.n += 1.0;
        self.x += x;
        self.y += y;
        self.xx += x * x;
        self.yy += y * y;
        self.xy += x * y;
    }
    /// The sums of two sets of replications.
    pub fn pooled(&self, o: &NoPlaceSums) -> NoPlaceSums {
        NoPlaceSums {
            n: self.n + o.n,
            x: self.x + o.x,
            y: self.y + o.y,
            xx: self.xx + o.xx,
            yy: self.yy + o.yy,
            xy: self.xy + o.xy,
        }
    }
    /// The share of requests that found no place (0 without requests).
    pub fn share(&self) -> f64 {
        if self.y > 0.0 { self.x / self.y } else { 0.0 }
    }
    /// Its one-sided 95 % upper bound: share + z · se, with se² = Σ (x − R y)² / (n (n − 1) ȳ²).
    /// With fewer than 2 replications, 1.
    pub fn upper(&self) -> f64 {
        if self.n < 2.0 || self.y <= 0.0 {
            return if self.y > 0.0 { 1.0 } else { 0.0 };
        }
        let r = self.share();
        let ss = (self.xx - 2.0 * r * self.xy + r * r * self.yy).max(0.0);
        let mean_y = self.y / self.n;
        let se = (ss / (self.n * (self.n - 1.0))).sqrt() / mean_y;
        (r + file::Z * se).min(1.0)
    }
}

/// A schedule's figures over one set of replications.
#[derive(Debug, Clone, Serialize)]
pub struct Eval {
    /// The schedule.
    pub schedule: Schedule,
    /// Replications.
    pub n: u32,
    /// Per goal year: replications meeting the offer goal.
    pub offer_met: Vec<u32>,
    /// Per goal year: replications meeting the occupancy target.
    pub occupancy_met: Vec<u32>,
    /// Expected total cost over the plan years, tkr.
    pub cost_tkr: f64,
    /// Expected people over the offer goal without an offer, summed over the goal years'
    /// quarter ends.
    pub over_goal: f64,
    /// The new units' own-place cost over the plan years at the planned dates, tkr.
    pub own_cost_tkr: f64,
    /// Per goal year: the short-term requests, when the plan has a short-term goal (else empty).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub short_term: Vec<NoPlaceSums>,
}

impl Eval {
    /// P(offer goal met) per goal year.
    pub fn p_offer(&self) -> Vec<f64> {
        self.offer_met
            .iter()
            .map(|&k| k as f64 / self.n as f64)
            .collect()
    }
    /// P(occupancy target met) per goal year.
    pub fn p_occupancy(&self) -> Vec<f64> {
        self.occupancy_met
            .iter()
            .map(|&k| k as f64 / self.n as f64)
            .collect()
    }
    /// The lowest yearly lower bound of the offer goal.
    pub fn offer_lower(&self) -> f64 {
        self.offer_met
            .iter()
            .map(|&k| wilson_lower(k, self.n))
            .fold(1.0, f64::min)
    }
    /// The lowest yearly lower bound of the occupancy target.
    pub fn occupancy_lower(&self) -> f64 {
        self.occupancy_met
            .iter()
            .map(|&k| wilson_lower(k, self.n))
            .fold(1.0, f64::min)
    }
    /// Sum over goal years of how far each lower bound falls short of its goal probability.
    pub fn shortfall(&self, goals: &file::Goals) -> f64 {
        let short = |met: &[u32], p: f64| {
            met.iter()
                .map(|&k| (p - wilson_lower(k, self.n)).max(0.0))
                .sum::<f64>()
        };
        short(&self.offer_met, goals.offer_probability)
            + goals
                .occupancy_probability
                .map_or(0.0, |q| short(&self.occupancy_met, q))
            + goals.short_term_no_place_share.map_or(0.0, |x| {
                self.short_term
                    .iter()
                    .map(|s| (s.upper() - x).max(0.0))
                    .sum::<f64>()
            })
    }
    /// The highest yearly upper bound of the short-term share without a place (0 without a
    /// short-term goal).
    pub fn short_term_upper(&self) -> f64 {
        self.short_term
            .iter()
            .map(NoPlaceSums::upper)
            .fold(0.0, f64::max)
    }
    /// The figures of two disjoint sets of replications of the same schedule, pooled.
    pub fn pooled(&self, other: &Eval) -> Eval {
        let n = self.n + other.n;
        let mean = |a: f64, b: f64| (a * self.n as f64 + b * other.n as f64) / n.max(1) as f64;
        let add = |a: &[u32], b: &[u32]| a.iter().zip(b).map(|(x, y)| x + y).collect();
        Eval {
            schedule: self.schedule.clone(),
            n,
            offer_met: add(&self.offer_met, &other.offer_met),
            occupancy_met: add(&self.occupancy_met, &other.occupancy_met),
            cost_tkr: mean(self.cost_tkr, other.cost_tkr),
            over_goal: mean(self.over_goal, other.over_goal),
            own_cost_tkr: self.own_cost_tkr,
            short_term: self
                .short_term
                .iter()
                .zip(&other.short_term)
                .map(|(a, b)| a.pooled(b))
                .collect(),
        }
    }
    /// Whether the schedule meets the goals under the guard.
    pub fn meets(&self, goals: &file::Goals) -> bool {
        self.offer_lower() >= goals.offer_probability
            && goals
                .occupancy_probability
                .is_none_or(|q| self.occupancy_lower() >= q)
            && goals
                .short_term_no_place_share
                .is_none_or(|x| self.short_term_upper() <= x)
    }
}

/// What stays the same for every schedule: the base, the plan, the years, the settings.
pub struct Evaluator<'a> {
    /// The base scenario as read.
    pub loaded: &'a Loaded,
    /// The base scenario.
    pub base: &'a Scenario,
    /// The plan.
    pub plan: &'a Plan,
    /// Seed of every schedule's replications.
    pub seed: u64,
    /// Worker threads.
    pub threads: usize,
    /// Called once per replication run.
    pub tick: &'a (dyn Fn() + Sync),
    /// Plan years (cost), as calendar years.
    pub plan_years: Vec<i32>,
    /// Goal years.
    pub goal_years: Vec<i32>,
    /// Further evidence: (seed, replications) of failed confirmations, pooled with the search's
    /// replications when the planner extends a schedule (see [`confirm_or_extend`]).
    pub evidence: Vec<(u64, u32)>,
    cache: HashMap<Schedule, Eval>,
    /// Every schedule evaluated by the search, in order.
    pub log: Vec<Eval>,
}

impl<'a> Evaluator<'a> {
    /// An evaluator of schedules of `plan` on `base`.
    pub fn new(
        loaded: &'a Loaded,
        base: &'a Scenario,
        plan: &'a Plan,
        seed: u64,
        threads: usize,
        tick: &'a (dyn Fn() + Sync),
    ) -> Self {
        let last = base.end.year();
        let first_quarter_year = plan.search.quarters[0].start.year();
        Evaluator {
            loaded,
            base,
            plan,
            seed,
            threads,
            tick,
            plan_years: (first_quarter_year.min(plan.goals.from_year)..=last).collect(),
            goal_years: (plan.goals.from_year..=last).collect(),
            evidence: Vec::new(),
            cache: HashMap::new(),
            log: Vec::new(),
        }
    }

    /// The own-place cost of the schedule's units in calendar year `year`, tkr, at the planned
    /// opening dates (a delay only lowers it).
    pub fn own_cost_in(&self, schedule: &Schedule, year: i32) -> f64 {
        let (from, to) = (
            NaiveDate::from_ymd_opt(year, 1, 1).expect("a year"),
            NaiveDate::from_ymd_opt(year + 1, 1, 1).expect("a year"),
        );
        let to = to.min(self.base.end.succ_opt().unwrap_or(self.base.end));
        schedule
            .iter()
            .map(|u| {
                let t = &self.plan.templates[u.template];
                let opens = self.plan.search.quarters[u.quarter].start.max(from);
                let days = (to - opens).num_days().max(0) as f64;
                days / DAYS_PER_YEAR * u.places as f64 * t.cost_per_place_year_tkr
            })
            .sum::<f64>()
            + 0.0
    }

    /// Whether the schedule keeps every template's units per year and the budget cap.
    pub fn allowed(&self, schedule: &Schedule) -> bool {
        let quarters = &self.plan.search.quarters;
        for (ti, t) in self.plan.templates.iter().enumerate() {
            let mut per_year: HashMap<i32, u32> = HashMap::new();
            for u in schedule.iter().filter(|u| u.template == ti) {
                if u.quarter < t.first_quarter {
                    return false;
                }
                *per_year
                    .entry(quarters[u.quarter].start.year())
                    .or_default() += 1;
            }
            if per_year.values().any(|&n| n > t.max_per_year) {
                return false;
            }
        }
        if schedule.len() > self.plan.search.max_units {
            return false;
        }
        match self.plan.goals.budget_tkr_per_year {
            Some(cap) => (self.base.start.year()..=self.base.end.year())
                .all(|y| self.own_cost_in(schedule, y) <= cap + 1e-9),
            None => true,
        }
    }

    /// The schedule's figures with the search's seed and replications, pooled with every block
    /// of [`Evaluator::evidence`] (cached).
    pub fn eval(&mut self, schedule: &Schedule) -> Result<Eval> {
        if let Some(e) = self.cache.get(schedule) {
            return Ok(e.clone());
        }
        let s = scenario_of(self.loaded, self.plan, schedule)?;
        let blocks: Vec<(u64, u32)> = std::iter::once((self.seed, self.plan.search.replications))
            .chain(self.evidence.iter().copied())
            .collect();
        let mut e: Option<Eval> = None;
        for (seed, replications) in blocks {
            let settings = Settings {
                replications,
                seed,
                threads: self.threads,
            };
            let b = self.measure(&s, &settings, schedule)?;
            e = Some(match e {
                None => b,
                Some(a) => a.pooled(&b),
            });
        }
        let mut e = e.expect("the search's block");
        e.schedule = schedule.clone();
        self.cache.insert(schedule.clone(), e.clone());
        self.log.push(e.clone());
        Ok(e)
    }

    /// Adds the replications of a failed confirmation to the evidence of every later
    /// evaluation; the figures evaluated so far no longer apply.
    pub fn add_evidence(&mut self, seed: u64, replications: u32) {
        self.evidence.push((seed, replications));
        self.cache.clear();
    }

    /// Runs scenario `s` (a schedule's) and reads the planner's figures per replication.
    fn measure(&self, s: &Scenario, settings: &Settings, schedule: &Schedule) -> Result<Eval> {
        let mut s = s.clone();
        s.seed = settings.seed;
        let model = Model::new(s);
        let all = periods(&model.calendar);
        let year = |y: i32| -> PeriodRef {
            all.iter()
                .find(|p| p.kind == crate::calendar::PeriodKind::Year && p.year == y)
                .expect("a year of the horizon")
                .clone()
        };
        let goal: Vec<PeriodRef> = self.goal_years.iter().map(|&y| year(y)).collect();
        let cost: Vec<PeriodRef> = self.plan_years.iter().map(|&y| year(y)).collect();
        let (m_offer, m_occ, m_cost) = (
            &METRICS[index("goal_offer_met")],
            &METRICS[index("goal_occupancy_met")],
            &METRICS[index("cost_total_tkr")],
        );
        // Short-term places and payments come out of the same budget: the objective counts
        // them (NaN, so 0, for a scenario without short-term places).
        let (m_st_cost, m_st_no, m_st_req) = (
            &METRICS[index("cost_short_term_tkr")],
            &METRICS[index("short_term_no_place")],
            &METRICS[index("short_term_requests")],
        );
        let st_goal = self.plan.goals.short_term_no_place_share.is_some();
        let target = model.scenario.goals.occupancy_target;
        let cal = &model.calendar;
        let tick = self.tick;
        let rows = experiment::map_replications(&model.scenario.name, settings, |r, ws| {
            run_replication(&model, r, ws);
            let months = &ws.outcome.months;
            let offer: Vec<bool> = goal
                .iter()
                .map(|p| value(m_offer, p, months, cal, target) == 1.0)
                .collect();
            let occ: Vec<bool> = goal
                .iter()
                .map(|p| value(m_occ, p, months, cal, target) == 1.0)
                .collect();
            let c: f64 = cost
                .iter()
                .map(|p| {
                    let st = value(m_st_cost, p, months, cal, target);
                    let housing = value(m_cost, p, months, cal, target);
                    if st.is_nan() { housing } else { housing + st }
                })
                .sum();
            let st: Vec<(f64, f64)> = if st_goal {
                goal.iter()
                    .map(|p| {
                        (
                            value(m_st_no, p, months, cal, target),
                            value(m_st_req, p, months, cal, target),
                        )
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let over: f64 = goal
                .iter()
                .flat_map(|p| p.first..=p.last)
                .filter(|&m| cal.month_ends_quarter(m))
                .map(|m| months[m].get(Slot::OverOfferGoalNoOffer))
                .sum();
            tick();
            (offer, occ, c, over, st)
        })?;
        let n = rows.len() as u32;
        // Replications meeting a goal per goal year; `met` picks the goal's flags of a row.
        let count = |met: fn(&ReplicationFigures) -> &Vec<bool>| {
            (0..goal.len())
                .map(|y| rows.iter().filter(|r| met(r)[y]).count() as u32)
                .collect::<Vec<u32>>()
        };
        Ok(Eval {
            schedule: schedule.clone(),
            n,
            offer_met: count(|r| &r.0),
            occupancy_met: count(|r| &r.1),
            cost_tkr: rows.iter().map(|r| r.2).sum::<f64>() / n as f64,
            over_goal: rows.iter().map(|r| r.3).sum::<f64>() / n as f64,
            own_cost_tkr: self
                .plan_years
                .iter()
                .map(|&y| self.own_cost_in(schedule, y))
                .sum::<f64>()
                + 0.0,
            short_term: if st_goal {
                (0..goal.len())
                    .map(|y| {
                        let mut s = NoPlaceSums::default();
                        for r in &rows {
                            s.add(r.4[y].0, r.4[y].1);
                        }
                        s
                    })
                    .collect()
            } else {
                Vec::new()
            },
        })
    }
}

/// Where the search ended.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// The base, no new units (search replications).
    pub base: Eval,
    /// The chosen schedule (search replications): the cheapest found that meets the goals, or,
    /// when none does, the one closest to them.
    pub chosen: Eval,
    /// Whether the chosen schedule meets the goals in the search.
    pub meets: bool,
    /// Greedy steps taken.
    pub greedy_steps: usize,
    /// Local-search moves kept.
    pub local_moves: usize,
    /// The confirmation rounds.
    pub rounds: Vec<Round>,
    /// Whether the last round confirmed the reported schedule.
    pub confirmed: bool,
    /// Why the rounds stopped early without a confirmation, if they did.
    pub note: Option<Note>,
}

/// Why the confirmation rounds stopped before the last one without a confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    /// The greedy found no schedule to extend the missed one to.
    NoExtension,
}

impl Note {
    /// The reason in words.
    pub fn text(self, lang: Lang) -> &'static str {
        match self {
            Note::NoExtension => tr(
                lang,
                "the greedy found no addition meeting the goals on the pooled evidence of the search and the failed confirmations",
                "den giriga sökningen fann inget tillägg som når målen på de sammanslagna simuleringarna från sökningen och de misslyckade bekräftelserna",
            ),
        }
    }
}

/// In English in the JSON outputs, as their other texts are.
impl Serialize for Note {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.text(Lang::En))
    }
}

fn insert(schedule: &Schedule, u: NewUnit) -> Schedule {
    let mut s = schedule.clone();
    s.push(u);
    s.sort();
    s
}

fn replace(schedule: &Schedule, i: usize, u: Option<NewUnit>) -> Schedule {
    let mut s = schedule.clone();
    s.remove(i);
    if let Some(u) = u {
        s.push(u);
    }
    s.sort();
    s
}

/// The greedy marginal allocation from `current`: returns where it stopped and the steps taken.
/// At least `min_steps` steps are taken while a move gains, even past the goals.
pub fn greedy(ev: &mut Evaluator, mut current: Eval, min_steps: usize) -> Result<(Eval, usize)> {
    let plan = ev.plan;
    let goals = &plan.goals;
    let nq = plan.search.quarters.len();
    let mut greedy_steps = 0;
    while greedy_steps < min_steps || !current.meets(goals) {
        let mut moves: Vec<Schedule> = Vec::new();
        for (ti, t) in plan.templates.iter().enumerate() {
            // Additions at the template's first quarter and at the first quarter of each later
            // year: the local search's delays find the quarter within the year, at a quarter of
            // the cost of trying every quarter at every step.
            // (A menu small enough is tried at every quarter.)
            let every = plan.templates.len() * nq <= 32;
            let starts = (t.first_quarter..nq).filter(|&q| {
                every || q == t.first_quarter || plan.search.quarters[q].start.month() == 1
            });
            for q in starts {
                moves.push(insert(
                    &current.schedule,
                    NewUnit {
                        quarter: q,
                        template: ti,
                        places: t.places,
                    },
                ));
            }
        }
        for (i, u) in current.schedule.iter().enumerate() {
            if u.quarter > plan.templates[u.template].first_quarter {
                moves.push(replace(
                    &current.schedule,
                    i,
                    Some(NewUnit {
                        quarter: u.quarter - 1,
                        ..u.clone()
                    }),
                ));
            }
        }
        moves.sort();
        moves.dedup();
        let score = |e: &Eval, cur: &Eval| {
            let gain =
                cur.shortfall(goals) - e.shortfall(goals) + 1e-3 * (cur.over_goal - e.over_goal);
            let own = (e.own_cost_tkr - cur.own_cost_tkr).max(1.0);
            let tkr = (e.cost_tkr - cur.cost_tkr).max(0.1 * own);
            (gain, gain / tkr)
        };
        let mut best: Option<(f64, Eval)> = None;
        moves.retain(|m| ev.allowed(m));
        for m in moves {
            let e = ev.eval(&m)?;
            let (gain, ratio) = score(&e, &current);
            if gain > 1e-12 && best.as_ref().is_none_or(|(r, _)| ratio > *r) {
                best = Some((ratio, e));
            }
        }
        match best {
            Some((_, e)) => {
                current = e;
                greedy_steps += 1;
            }
            None => break,
        }
    }
    Ok((current, greedy_steps))
}

/// Runs the greedy and the local search.
pub fn search(ev: &mut Evaluator) -> Result<Outcome> {
    let plan = ev.plan;
    let goals = &plan.goals;
    let nq = plan.search.quarters.len();
    let base = ev.eval(&Vec::new())?;
    // 1. Greedy marginal allocation.
    let (mut current, greedy_steps) = greedy(ev, base.clone(), 0)?;
    let meets = current.meets(goals);
    // 2. Local search: remove, shrink or delay while the goals hold and the cost falls.
    let mut local_moves = 0;
    if meets {
        'improve: loop {
            let s = current.schedule.clone();
            // Dearest units first: removing or delaying them saves most.
            let mut order: Vec<usize> = (0..s.len()).collect();
            order.sort_by(|&a, &b| {
                let cost = |u: &NewUnit| {
                    u.places as f64 * plan.templates[u.template].cost_per_place_year_tkr
                };
                cost(&s[b]).total_cmp(&cost(&s[a])).then(a.cmp(&b))
            });
            for i in order {
                let u = &s[i];
                let t = &plan.templates[u.template];
                let mut moves = vec![replace(&s, i, None)];
                if u.places > t.min_places {
                    moves.push(replace(
                        &s,
                        i,
                        Some(NewUnit {
                            places: u.places - 1,
                            ..u.clone()
                        }),
                    ));
                }
                if plan.templates.len() * nq <= 32 {
                    // A small menu: every other quarter, not only the next.
                    for q in t.first_quarter..nq {
                        if q != u.quarter && q != u.quarter + 1 {
                            moves.push(replace(
                                &s,
                                i,
                                Some(NewUnit {
                                    quarter: q,
                                    ..u.clone()
                                }),
                            ));
                        }
                    }
                }
                if u.quarter + 1 < nq {
                    moves.push(replace(
                        &s,
                        i,
                        Some(NewUnit {
                            quarter: u.quarter + 1,
                            ..u.clone()
                        }),
                    ));
                }
                moves.retain(|m| ev.allowed(m));
                for m in moves {
                    let e = ev.eval(&m)?;
                    if e.meets(goals) && e.cost_tkr < current.cost_tkr - 1e-9 {
                        current = e;
                        local_moves += 1;
                        continue 'improve;
                    }
                }
            }
            break;
        }
    }
    Ok(Outcome {
        base,
        chosen: current,
        meets,
        greedy_steps,
        local_moves,
        rounds: Vec::new(),
        confirmed: false,
        note: None,
    })
}

/// Most confirmation rounds: the first confirmation and up to two extensions.
pub const CONFIRMATION_ROUNDS: usize = 3;

/// One confirmation round: a schedule run on fresh replications.
#[derive(Debug, Clone, Serialize)]
pub struct Round {
    /// 1-based.
    pub round: usize,
    /// Seed of the round's replications: the search's seed plus `round` ×
    /// `search.confirmation_seed_offset`, never a seed whose replications chose the schedule.
    pub seed: u64,
    /// The schedule confirmed.
    pub schedule: Schedule,
    /// Greedy steps taken from the previous round's schedule (0 in the first round).
    pub added_steps: usize,
    /// Whether every goal year met each goal's probability on the round's replications.
    pub confirmed: bool,
    /// The lowest goal-year P(offer goal) on the round's replications.
    pub p_offer_lowest: f64,
}

/// The seed of confirmation round `round` (1-based).
pub fn confirmation_seed(seed: u64, offset: u64, round: usize) -> u64 {
    seed.wrapping_add(offset.wrapping_mul(round as u64))
}

/// How the confirm-or-extend loop ended.
pub struct Rounds<T> {
    /// Every round, in order.
    pub rounds: Vec<Round>,
    /// The last round's confirmation.
    pub last: T,
    /// Why the loop stopped before the last round without a confirmation, if it did.
    pub note: Option<Note>,
}

/// Confirm or extend: `confirm(schedule, seed)` runs a schedule on fresh replications and says
/// whether it meets the goals (and its lowest goal-year P(offer goal)); when it does not, `extend(schedule, seed)` continues the greedy
/// from it with that round's replications added to the evidence (so the seed is spent) and gives
/// the extended schedule and its steps, or `None` when no extension meets the goals. At most
/// `seeds.len()` rounds, each on its own seed.
pub fn confirm_or_extend<T>(
    first: Schedule,
    seeds: &[u64],
    mut confirm: impl FnMut(&Schedule, u64) -> Result<(bool, f64, T)>,
    mut extend: impl FnMut(&Schedule, u64) -> Result<Option<(Schedule, usize)>>,
) -> Result<Rounds<T>> {
    let (mut schedule, mut added_steps) = (first, 0);
    let mut rounds = Vec::new();
    for (i, &seed) in seeds.iter().enumerate() {
        let (confirmed, p_offer_lowest, last) = confirm(&schedule, seed)?;
        rounds.push(Round {
            round: i + 1,
            seed,
            schedule: schedule.clone(),
            added_steps,
            confirmed,
            p_offer_lowest,
        });
        if confirmed || i + 1 == seeds.len() {
            return Ok(Rounds {
                rounds,
                last,
                note: None,
            });
        }
        match extend(&schedule, seed)? {
            Some((s, steps)) => (schedule, added_steps) = (s, steps),
            None => {
                return Ok(Rounds {
                    rounds,
                    last,
                    note: Some(Note::NoExtension),
                });
            }
        }
    }
    unreachable!("at least one round")
}

/// Confirms the search's choice on fresh replications, jointly with the base; when the
/// confirmation misses, pools its replications with the search's, continues the greedy from the
/// schedule and confirms again on a new seed, up to [`CONFIRMATION_ROUNDS`] rounds. Updates
/// `outcome` (the reported schedule, its rounds) and gives the last round's confirmation.
pub fn confirm(
    ev: &mut Evaluator,
    outcome: &mut Outcome,
    base: &Scenario,
    tick: &(dyn Fn() + Sync),
) -> Result<output::Confirmation> {
    let plan = ev.plan;
    let (loaded, threads, plan_years) = (ev.loaded, ev.threads, ev.plan_years.clone());
    let n = plan.search.confirmation_replications;
    let seeds: Vec<u64> = (1..=CONFIRMATION_ROUNDS)
        .map(|k| confirmation_seed(ev.seed, plan.search.confirmation_seed_offset, k))
        .collect();
    // A schedule that did not meet the goals in the search is confirmed once, not extended.
    let seeds = if outcome.meets {
        &seeds[..]
    } else {
        &seeds[..1]
    };
    let mut extended: Option<Eval> = None;
    let r = confirm_or_extend(
        outcome.chosen.schedule.clone(),
        seeds,
        |schedule, seed| {
            let chosen = scenario_of(loaded, plan, schedule)?;
            let settings = Settings {
                replications: n,
                seed,
                threads,
            };
            let joint = experiment::run_joint(&[base.clone(), chosen], &settings, tick)?;
            let c = output::confirmation(plan, schedule, &joint, &plan_years);
            let lowest = c
                .years
                .iter()
                .filter(|y| y.goal_year)
                .map(|y| y.p_offer)
                .fold(1.0, f64::min);
            Ok((c.meets, lowest, c))
        },
        |schedule, seed| {
            ev.add_evidence(seed, n);
            let current = ev.eval(schedule)?;
            // Past the goals if need be: the same schedule is never confirmed on another seed.
            let min_steps = usize::from(current.meets(&plan.goals));
            let (e, steps) = greedy(ev, current, min_steps)?;
            if !e.meets(&plan.goals) || e.schedule == *schedule {
                return Ok(None);
            }
            let s = e.schedule.clone();
            extended = Some(e);
            Ok(Some((s, steps)))
        },
    )?;
    if let Some(e) = extended {
        outcome.chosen = e;
    }
    outcome.confirmed = r.rounds.last().is_some_and(|x| x.confirmed);
    outcome.rounds = r.rounds;
    outcome.note = r.note;
    Ok(r.last)
}

/// One point of the frontier: at this cost or less, the best probabilities the search reached.
#[derive(Debug, Clone, Serialize)]
pub struct FrontierPoint {
    /// Expected total cost over the plan years, tkr.
    pub cost_tkr: f64,
    /// Best lowest-yearly P(offer goal) at this cost or less.
    pub p_offer: f64,
    /// Best lowest-yearly P(occupancy target) at this cost or less.
    pub p_occupancy: f64,
    /// The schedule reaching the best P(offer goal) at this cost or less.
    pub schedule: String,
}

/// The frontier of every evaluated schedule: sorted by cost, the running best of each goal's
/// lowest yearly probability; a point only where one of them improves.
pub fn frontier(plan: &Plan, log: &[Eval]) -> Vec<FrontierPoint> {
    let mut evals: Vec<&Eval> = log.iter().collect();
    evals.sort_by(|a, b| a.cost_tkr.total_cmp(&b.cost_tkr));
    let min = |v: Vec<f64>| v.into_iter().fold(1.0, f64::min);
    let mut out: Vec<FrontierPoint> = Vec::new();
    let (mut best_offer, mut best_occ) = (-1.0, -1.0);
    let mut best_schedule = String::new();
    for e in evals {
        let (po, pc) = (min(e.p_offer()), min(e.p_occupancy()));
        if po > best_offer || pc > best_occ {
            if po > best_offer {
                best_offer = po;
                best_schedule = describe(plan, &e.schedule, Lang::En);
            }
            best_occ = f64::max(best_occ, pc);
            out.push(FrontierPoint {
                cost_tkr: e.cost_tkr,
                p_offer: best_offer,
                p_occupancy: best_occ,
                schedule: best_schedule.clone(),
            });
        }
    }
    out
}

/// One replication's figures for the planner: offer goal met per goal year, occupancy target
/// met per goal year, the cost over the plan years (tkr), people over the offer goal, and per
/// goal year the short-term requests without a place and all requests (only with a short-term
/// goal).
type ReplicationFigures = (Vec<bool>, Vec<bool>, f64, f64, Vec<(f64, f64)>);

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(quarter: usize) -> NewUnit {
        NewUnit {
            quarter,
            template: 0,
            places: 1,
        }
    }

    /// A stub evaluator: a schedule is confirmed when it has `needed` units; each extension
    /// adds one unit. Gives the rounds and the seeds the extensions spent.
    fn stub(needed: usize, extend_to: Option<usize>) -> (Rounds<usize>, Vec<u64>) {
        let seeds: Vec<u64> = (1..=CONFIRMATION_ROUNDS)
            .map(|k| confirmation_seed(7, 1_000_003, k))
            .collect();
        let mut spent = Vec::new();
        let r = confirm_or_extend(
            vec![unit(0)],
            &seeds,
            |s, _| Ok((s.len() >= needed, 0.5, s.len())),
            |s, seed| {
                spent.push(seed);
                let mut s = s.clone();
                s.push(unit(s.len()));
                Ok(extend_to.is_none_or(|m| s.len() <= m).then_some((s, 1)))
            },
        )
        .unwrap();
        (r, spent)
    }

    #[test]
    fn a_missed_confirmation_is_extended_and_confirmed_on_a_new_seed() {
        let (r, spent) = stub(2, None);
        let seeds: Vec<u64> = r.rounds.iter().map(|x| x.seed).collect();
        assert_eq!(seeds, [1_000_010, 2_000_013]);
        assert_eq!(
            spent,
            [1_000_010],
            "the failed round's seed is spent on the extension"
        );
        assert!(!r.rounds[0].confirmed && r.rounds[1].confirmed);
        assert_eq!(
            (r.rounds[1].schedule.len(), r.rounds[1].added_steps),
            (2, 1)
        );
        assert_eq!(r.last, 2, "the last round's confirmation is reported");
        assert!(r.note.is_none());
    }

    #[test]
    fn confirmation_stops_at_the_round_limit_or_when_no_extension_meets_the_goals() {
        let (r, spent) = stub(10, None);
        assert_eq!(r.rounds.len(), CONFIRMATION_ROUNDS);
        assert!(r.rounds.iter().all(|x| !x.confirmed));
        // Every round on its own seed, none the search's (7), and the last one never spent.
        let mut seeds: Vec<u64> = r.rounds.iter().map(|x| x.seed).collect();
        assert_eq!(spent, seeds[..CONFIRMATION_ROUNDS - 1]);
        seeds.push(7);
        seeds.sort();
        seeds.dedup();
        assert_eq!(seeds.len(), CONFIRMATION_ROUNDS + 1);
        assert!(r.note.is_none());
        let (r, _) = stub(10, Some(1));
        assert_eq!(r.rounds.len(), 1);
        assert!(r.note.is_some());
    }

    /// Against R's `prop.test(k, n, correct = FALSE, alternative = "greater")$conf.int[1]`.
    #[test]
    fn wilson_lower_bound() {
        assert!((wilson_lower(80, 100) - 0.7267).abs() < 1e-4);
        assert!((wilson_lower(100, 100) - 0.9737).abs() < 1e-4);
        assert_eq!(wilson_lower(0, 100), 0.0);
        assert!((wilson_lower(9, 10) - 0.6523).abs() < 1e-4);
    }
}
