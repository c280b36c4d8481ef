//! The validated scenario: everything the engine needs, checked, in engine units.
//!
//! A [`Scenario`] is built only by [`crate::scenario::load`] (or by code that constructs it
//! directly, such as the theory checks). Times are days since the scenario start
//! ([`SimTime`]); rates are per day; money is tkr. The engine never sees a file path or a raw
//! value.

use chrono::NaiveDate;
use serde::Serialize;

/// Days in a year, for converting rates per year and costs per year into per-day values.
pub const DAYS_PER_YEAR: f64 = 365.25;

/// Width of a bin of the wait-to-first-offer histogram, days (the engine records it, the
/// reports name it).
pub const WAIT_BIN_DAYS: f64 = 15.0;
/// Number of bins of that histogram; the last one also holds every longer wait.
pub const WAIT_BINS: usize = 72;

/// Simulation time: days (fractional) since the scenario start date, 00:00.
pub type SimTime = f64;

/// Index of a profile (target group) in [`Scenario::profiles`].
pub type ProfileId = u8;

/// Index of a district in [`Scenario::districts`].
pub type DistrictId = u16;

/// Most profiles a scenario may define (profile sets are bit masks).
pub const MAX_PROFILES: usize = 32;

/// A set of profiles as a bit mask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct ProfileSet(pub u32);

impl ProfileSet {
    /// Whether the set holds profile `p`.
    pub fn contains(self, p: ProfileId) -> bool {
        self.0 & (1 << p) != 0
    }
    /// The profiles in the set, in index order.
    pub fn iter(self) -> impl Iterator<Item = ProfileId> {
        (0..MAX_PROFILES as u8).filter(move |&p| self.contains(p))
    }
}

/// A random duration in days.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "dist", rename_all = "snake_case")]
pub enum Duration {
    /// Always the same.
    Fixed {
        /// Days.
        days: f64,
    },
    /// Exponential with the given mean.
    Exponential {
        /// Mean in days.
        mean_days: f64,
    },
    /// Uniform on [min, max].
    Uniform {
        /// Shortest, days.
        min_days: f64,
        /// Longest, days.
        max_days: f64,
    },
    /// Gamma with the given mean and coefficient of variation (sd / mean).
    Gamma {
        /// Mean in days.
        mean_days: f64,
        /// Coefficient of variation.
        cv: f64,
    },
    /// Log-normal with the given mean and coefficient of variation.
    LogNormal {
        /// Mean in days.
        mean_days: f64,
        /// Coefficient of variation.
        cv: f64,
    },
    /// Weibull with a shape and a scale.
    Weibull {
        /// Shape k (1 = exponential; above 1, exits grow likelier with the length of stay).
        shape: f64,
        /// Scale in days.
        scale_days: f64,
    },
}

impl Duration {
    /// The mean in days.
    pub fn mean(&self) -> f64 {
        match *self {
            Duration::Fixed { days } => days,
            Duration::Exponential { mean_days } => mean_days,
            Duration::Uniform { min_days, max_days } => 0.5 * (min_days + max_days),
            Duration::Gamma { mean_days, .. } | Duration::LogNormal { mean_days, .. } => mean_days,
            Duration::Weibull { shape, scale_days } => {
                scale_days * statrs::function::gamma::gamma(1.0 + 1.0 / shape)
            }
        }
    }
}

/// Kind of housing unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// *Gruppbostad*: group home, staffed around the clock.
    Group,
    /// *Servicebostad*: flats around a common staff base.
    Service,
    /// *Träningsboende*: training housing.
    Training,
}

/// A housing unit (*boende*).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unit {
    /// The id in the unit register.
    pub id: String,
    /// Name.
    pub name: String,
    /// District (index into [`Scenario::districts`]).
    pub district: DistrictId,
    /// Kind.
    pub kind: UnitKind,
    /// Profiles (target groups) it serves.
    pub profiles: ProfileSet,
    /// Number of places.
    pub places: u32,
    /// Places occupied at the start (only for units open at the start).
    pub occupied_at_start: u32,
    /// Planned opening, days since start; `None` = open at the start.
    pub opens: Option<SimTime>,
    /// Closing, days since start; `None` = stays open.
    pub closes: Option<SimTime>,
    /// Cost per place-year, tkr (charged for every open place-day, occupied or not).
    pub cost_per_place_year_tkr: f64,
    /// Whether its places go first to people in external placements (new units).
    pub external_first: bool,
    /// This unit's probability of a delayed opening, in place of
    /// [`Construction::delay_probability`] (0 for a unit already built); `None` = the scenario's.
    pub delay_probability: Option<f64>,
    /// A training unit whose stays have the time limit of [`Scenario::training`] (the register's
    /// `time_limited`); false for every other unit.
    pub time_limited: bool,
}

impl Unit {
    /// The probability that this unit opens late under `construction`: its own, else the
    /// scenario's.
    pub fn delay_probability_under(&self, construction: &Construction) -> f64 {
        self.delay_probability
            .unwrap_or(construction.delay_probability)
    }
}

/// A short-term unit (*korttidsplats*, register kind `short-term`): places for stays of days to
/// weeks, a service of their own. Its places are never offered to the housing queue, and housing
/// units never take a short-term request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShortTermUnit {
    /// The id in the unit register.
    pub id: String,
    /// Name.
    pub name: String,
    /// District, as the register names it (not one of the housing districts that a housing
    /// applicant may prefer).
    pub district: String,
    /// Profiles (target groups) whose requests it takes.
    pub profiles: ProfileSet,
    /// Number of places.
    pub places: u32,
    /// Places occupied at the start (only for units open at the start).
    pub occupied_at_start: u32,
    /// Opening, days since start; `None` = open at the start.
    pub opens: Option<SimTime>,
    /// Cost per place-year, tkr (charged for every open place-day, occupied or not).
    pub cost_per_place_year_tkr: f64,
}

/// The short-term places (`[short_term]` and the register's `short-term` units): requests
/// arrive as a Poisson process per target group, a request takes a free place that serves its
/// profile or finds none (a loss system: no queue), and a request without a place costs a
/// payment per day of the stay it would have had.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShortTerm {
    /// Requests per year per profile, indexed by [`ProfileId`] (0 for a profile without).
    pub requests_per_year: Vec<f64>,
    /// Length of a stay.
    pub stay: Duration,
    /// Paid per day of a stay that found no place, tkr (for example to the region for a
    /// discharge-ready patient who stays in hospital).
    pub no_place_cost_per_day_tkr: f64,
    /// The short-term units, in register order.
    pub units: Vec<ShortTermUnit>,
}

/// Who gets the people of a closing unit, and related allocation policies, are fixed rules
/// documented in docs/model.md; the choices a planner may disagree with are here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HemtagningScope {
    /// Only units marked `external_first` offer places to people placed externally.
    NewUnits,
    /// Every unit does, after its queued candidates (and first at `external_first` units).
    AllUnits,
}

/// Where applications come from: a rate per calendar year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Applications {
    /// Applications per year for each calendar year of the horizon, first year first.
    pub per_year: Vec<f64>,
    /// The first calendar year of `per_year`.
    pub first_year: i32,
}

/// How offers are answered.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Offers {
    /// Time from offer to answer.
    pub response: Duration,
    /// Probability of accepting, for a person with no preferred district.
    pub acceptance: f64,
    /// Probability of accepting a unit in the person's preferred district.
    pub acceptance_preferred_district: f64,
    /// Probability of accepting a unit outside the person's preferred district.
    pub acceptance_other_district: f64,
    /// Each earlier decline multiplies the acceptance probability by this (0 to 1).
    pub acceptance_factor_per_decline: f64,
    /// After this many declines the person withdraws the application; `None` = never.
    pub withdraw_after_declines: Option<u32>,
}

/// External placements and hemtagning.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct External {
    /// Cost of one person in an external placement, tkr per year (charged per day).
    pub cost_per_person_year_tkr: f64,
    /// Place a queued person externally when the wait since decision exceeds this; `None` = never.
    pub placement_after_days: Option<f64>,
    /// Whether such a placement executes the decision (the person leaves the queue for good,
    /// as in a loss system) instead of housing the person while the decision stays unexecuted.
    pub placement_executes_decision: bool,
    /// Whether own places are offered to people whose decision was executed externally.
    pub hemtagning: bool,
    /// Which units make hemtagning offers.
    pub hemtagning_scope: HemtagningScope,
    /// Probability that a person placed externally (decision executed) accepts a hemtagning offer.
    pub hemtagning_acceptance: f64,
    /// After this many declined hemtagning offers the person stays placed externally: no more
    /// offers until the placement ends.
    pub hemtagning_max_declines: u32,
}

/// The *särskild avgift* expected for unexecuted decisions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fee {
    /// The fee starts to accrue this many calendar months after the decision.
    pub after_months: u32,
    /// Expected fee per case and month of delay past that point, tkr (probability of a fee
    /// times its size per month).
    pub expected_tkr_per_month: f64,
}

/// Random delays of new units.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Construction {
    /// Probability that a unit opening after the start is delayed.
    pub delay_probability: f64,
    /// The delay when it is.
    pub delay: Duration,
}

/// Training housing with a time limit (*träningsboende*): who is eligible, how long a stay
/// lasts, and what becomes of the trainee at its end (docs/model.md, "Training housing").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Training {
    /// Share of new decisions, of a profile that an open time-limited training unit serves,
    /// that are eligible: they wait for a training place instead of a permanent one.
    pub eligible_share: f64,
    /// The maximum stay, from move-in.
    pub max_stay: Duration,
    /// At the end of a stay, the probabilities of [`TrainingOutcome::ALL`], in that order
    /// (own flat, permanent place, prolonged); they sum to 1.
    pub outcome_shares: [f64; 3],
    /// How much longer a prolonged stay lasts (drawn again at each prolongation).
    pub prolongation: Duration,
}

/// What the end of a training stay leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrainingOutcome {
    /// An own flat with less support: the person leaves housing demand.
    OwnFlat,
    /// A permanent place: a new decision, in the queue from the end of the stay.
    Permanent,
    /// The stay is prolonged.
    Prolonged,
}

impl TrainingOutcome {
    /// The outcomes in the order of [`Training::outcome_shares`].
    pub const ALL: [TrainingOutcome; 3] = [
        TrainingOutcome::OwnFlat,
        TrainingOutcome::Permanent,
        TrainingOutcome::Prolonged,
    ];
}

/// When an observation was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ObservedAt {
    /// At the end of a day inside the horizon, or on the day before it starts (the start state).
    Date(NaiveDate),
    /// Over a period of the horizon, by its label (`2019`, `2018-Q4`, `2019-03`).
    Period(String),
}

/// A value observed in reality, as the scenario gives it (checked: a finite value of 0 or more,
/// a date or period inside the horizon). Its metric name is resolved by
/// [`crate::metrics::observed`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observation {
    /// The metric as written (`queue`, `ivo_reports`, `U28419`, ...).
    pub metric: String,
    /// When.
    pub at: ObservedAt,
    /// The observed value, in the metric's unit.
    pub value: f64,
    /// Where the figure comes from.
    pub source: String,
    /// What the source counts, in its own words (a caveat of definition).
    pub definition: String,
    /// Where it is written, for messages.
    #[serde(skip)]
    pub location: crate::error::Location,
}

impl ObservedAt {
    /// `2018-12-31` or `2018-Q4`, as written in the outputs.
    pub fn text(&self) -> String {
        match self {
            ObservedAt::Date(d) => d.to_string(),
            ObservedAt::Period(p) => p.clone(),
        }
    }
}

/// A person in the start state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StartPerson {
    /// Id in the start-state file.
    pub id: String,
    /// Profile.
    pub profile: ProfileId,
    /// Preferred district, if any.
    pub preferred_district: Option<DistrictId>,
    /// Decision date, days since start (negative: before the start).
    pub decision: SimTime,
    /// Offers declined before the start.
    pub declines: u32,
    /// Whether the person has had an offer before the start (declined or not).
    pub offered_before: bool,
    /// Where the person is.
    pub status: StartStatus,
}

/// Where a person of the start state is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StartStatus {
    /// In the queue, living at home.
    Queued,
    /// In the queue, living in an external placement while waiting.
    QueuedExternal,
    /// Decision executed in an external placement (a hemtagning candidate).
    External,
}

/// The goals the outputs are measured against.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Goals {
    /// Offer within this many calendar months of the decision.
    pub offer_within_months: u32,
    /// Report decisions unexecuted after this many calendar months (IVO).
    pub report_after_months: u32,
    /// Occupancy target (share).
    pub occupancy_target: f64,
    /// First calendar year the goals apply to.
    pub first_goal_year: i32,
}

/// A validated scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    /// Name (used for the output folder).
    pub name: String,
    /// Free text.
    pub description: String,
    /// Base seed of the random streams.
    pub seed: u64,
    /// Default number of replications.
    pub replications: u32,
    /// First day simulated.
    pub start: NaiveDate,
    /// Last day simulated (inclusive).
    pub end: NaiveDate,
    /// The goals.
    pub goals: Goals,
    /// Profile names, indexed by [`ProfileId`].
    pub profiles: Vec<String>,
    /// Probability of each profile for a new application (sums to 1).
    pub profile_mix: Vec<f64>,
    /// District names, indexed by [`DistrictId`].
    pub districts: Vec<String>,
    /// Probability that a new applicant prefers a district; the district is then drawn in
    /// proportion to the places in it.
    pub district_preference: f64,
    /// Applications per year.
    pub applications: Applications,
    /// Investigation time.
    pub investigation: Duration,
    /// Probability that an application is granted.
    pub grant_probability: f64,
    /// Applications under investigation at the start.
    pub under_investigation_at_start: u32,
    /// Remaining investigation time of those.
    pub backlog_remaining: Duration,
    /// Offers.
    pub offers: Offers,
    /// Move-in lead time after an accepted offer.
    pub move_in: Duration,
    /// Length of stay of a resident (also of a person in an executed external placement).
    pub stay: Duration,
    /// Time from a move-out until the place can be offered again.
    pub turnaround: Duration,
    /// Rate at which queued people leave the queue, per day.
    pub withdrawal_per_day: f64,
    /// External placements and hemtagning.
    pub external: External,
    /// Expected fee; `None` = no fee in the cost.
    pub fee: Option<Fee>,
    /// Construction delays; `None` = units open on time.
    pub construction: Option<Construction>,
    /// The time limit of training units marked `time_limited`; `None` = no `[training]`.
    pub training: Option<Training>,
    /// Units.
    pub units: Vec<Unit>,
    /// People in the queue or placed externally at the start.
    pub start_people: Vec<StartPerson>,
    /// The short-term places (*korttidsplatser*), a service of their own; `None` = the scenario
    /// has none (no `[short_term]` section): their metrics do not apply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short_term: Option<ShortTerm>,
    /// What was observed in reality, to hold the simulation against (`[[observation]]` and
    /// `observations = "file.csv"`); the metric names are resolved by
    /// [`crate::metrics::observed`], which owns the names.
    pub observations: Vec<Observation>,
    /// Values outside their plausible range, in the order validation met them (empty for a
    /// scenario built in code). They do not change the run; they are printed and recorded.
    #[serde(skip)]
    pub warnings: Vec<crate::error::Warning>,
}

impl Scenario {
    /// Length of the horizon in days.
    pub fn horizon_days(&self) -> f64 {
        (self.end - self.start).num_days() as f64 + 1.0
    }

    /// Whether training stays have a time limit: a `[training]` section and a unit marked
    /// `time_limited`. Only then are the training metrics reported.
    pub fn has_training_limit(&self) -> bool {
        self.training.is_some() && self.units.iter().any(|u| u.time_limited)
    }

    /// Days from the start to `date` (00:00).
    pub fn day_of(&self, date: NaiveDate) -> SimTime {
        (date - self.start).num_days() as f64
    }
}
