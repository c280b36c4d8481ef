//! The raw scenario file: exactly what a TOML file says, before any check of values.
//!
//! Every field is optional here so that a variant can `extends` another and set only what
//! differs; `validate` then requires what must be there after merging. Unknown fields
//! are refused (`deny_unknown_fields`) so a typo is an error, not a silently ignored setting.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::value::Datetime;

/// A scenario file as written.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Another scenario file (path relative to this one) whose settings this one starts from.
    pub extends: Option<String>,
    /// Scenario name; names the output folder.
    pub name: Option<String>,
    /// Free text shown in outputs.
    pub description: Option<String>,
    /// Base seed of the random streams.
    pub seed: Option<u64>,
    /// Default number of replications. Read as a u64 so that 10^12 gets the message about the
    /// limit instead of serde's "expected u32".
    pub replications: Option<u64>,
    /// Horizon.
    pub horizon: Option<HorizonFile>,
    /// Goals.
    pub goals: Option<GoalsFile>,
    /// Profiles.
    pub profiles: Option<ProfilesFile>,
    /// Unit registers.
    pub units: Option<UnitsFile>,
    /// Applications.
    pub applications: Option<ApplicationsFile>,
    /// Investigation.
    pub investigation: Option<InvestigationFile>,
    /// Offers.
    pub offers: Option<OffersFile>,
    /// Move-in.
    pub move_in: Option<MoveInFile>,
    /// Length of stay.
    pub stays: Option<StaysFile>,
    /// Vacancy turnaround.
    pub vacancy: Option<VacancyFile>,
    /// Queue withdrawal.
    pub queue: Option<QueueFile>,
    /// External placements and hemtagning.
    pub external: Option<ExternalFile>,
    /// Expected fee (*särskild avgift*).
    pub fee: Option<FeeFile>,
    /// Construction delays.
    pub construction: Option<ConstructionFile>,
    /// Start state.
    pub start: Option<StartFile>,
    /// The time limit of training units (*träningsboende*) marked `time_limited`.
    pub training: Option<TrainingFile>,
    /// Short-term places (*korttidsplatser*).
    pub short_term: Option<ShortTermFile>,
    /// Uncertainty ranges of numeric keys, by path (`"applications.per_year" = { low = 30,
    /// high = 70 }`); checked by [`super::uncertainty::ranges`], which gives the messages.
    pub uncertainty: Option<BTreeMap<String, toml::Value>>,
    /// Values observed in reality (`[[observation]]`), for the back-test and `calibrate`.
    pub observation: Option<Vec<ObservationFile>>,
    /// A CSV of observations (path relative to this file): columns `metric`, `value`, and
    /// `date` or `period`, optionally `source` and `definition`.
    pub observations: Option<String>,
}

/// One `[[observation]]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ObservationFile {
    /// The metric, by its name in the outputs (`queue`, `ivo_reports`, `over_6_months`, ...)
    /// or a Kolada id (`U28418`, `U28419`).
    pub metric: Option<String>,
    /// The day it was counted (end of that day): a month end, or the day before the start.
    pub date: Option<Datetime>,
    /// The period it covers: `2019`, `2018-Q4` or `2019-03`.
    pub period: Option<String>,
    /// The value.
    pub value: Option<f64>,
    /// Where the figure comes from.
    pub source: Option<String>,
    /// What the source counts.
    pub definition: Option<String>,
}

/// `[horizon]`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HorizonFile {
    /// First day simulated (a TOML date, e.g. `2018-09-01`).
    pub start: Option<Datetime>,
    /// Last day simulated, inclusive.
    pub end: Option<Datetime>,
}

/// `[goals]`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GoalsFile {
    /// Offer within this many calendar months of the decision (default 6).
    pub offer_within_months: Option<u32>,
    /// Decisions unexecuted after this many months are reported to IVO (default 3).
    pub report_after_months: Option<u32>,
    /// Occupancy target as a share (default 0.98).
    pub occupancy_target: Option<f64>,
    /// First calendar year the goals apply to (default: the first full year).
    pub first_goal_year: Option<i32>,
}

/// `[profiles]`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProfilesFile {
    /// Share of new applications per profile; must sum to 1. Replaced whole by a variant.
    pub mix: Option<BTreeMap<String, f64>>,
    /// Probability that a new applicant prefers a district.
    pub district_preference_probability: Option<f64>,
}

/// `[units]`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct UnitsFile {
    /// Unit-register CSV files (paths relative to the scenario file that names them).
    pub registers: Option<Vec<String>>,
}

/// `[applications]`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicationsFile {
    /// Applications per year in the first calendar year of the horizon.
    pub per_year: Option<f64>,
    /// Yearly growth of `per_year` (0.02 = 2 % a year), compounding per calendar year.
    pub growth_per_year: Option<f64>,
    /// Applications per year for each calendar year (`"2019" = 45`); instead of `per_year`.
    pub by_year: Option<BTreeMap<String, f64>>,
}

/// A random duration as written: `{ dist = "exponential", mean_days = 90 }`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(tag = "dist", rename_all = "snake_case", deny_unknown_fields)]
pub enum DurationFile {
    /// `{ dist = "fixed", days = 14 }`
    Fixed {
        /// Days.
        days: f64,
    },
    /// `{ dist = "exponential", mean_days = 90 }`
    Exponential {
        /// Mean, days.
        mean_days: f64,
    },
    /// `{ dist = "uniform", min_days = 14, max_days = 46 }`
    Uniform {
        /// Shortest, days.
        min_days: f64,
        /// Longest, days.
        max_days: f64,
    },
    /// `{ dist = "gamma", mean_days = 30, cv = 0.5 }`
    Gamma {
        /// Mean, days.
        mean_days: f64,
        /// Coefficient of variation.
        cv: f64,
    },
    /// `{ dist = "log_normal", mean_days = 30, cv = 0.5 }`
    LogNormal {
        /// Mean, days.
        mean_days: f64,
        /// Coefficient of variation.
        cv: f64,
    },
    /// `{ dist = "weibull", shape = 1.2, scale_days = 9000 }`
    Weibull {
        /// Shape.
        shape: f64,
        /// Scale, days.
        scale_days: f64,
    },
}

/// `[investigation]`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InvestigationFile {
    /// Time from application to decision.
    pub duration: Option<DurationFile>,
    /// Probability that the application is granted.
    pub grant_probability: Option<f64>,
    /// Applications under investigation at the start.
    pub backlog: Option<u32>,
    /// Remaining investigation time of the backlog (default: `duration`).
    pub backlog_remaining: Option<DurationFile>,
}

/// `[offers]`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OffersFile {
    /// Time from offer to answer.
    pub response: Option<DurationFile>,
    /// Probability of accepting an offer.
    pub acceptance_probability: Option<f64>,
    /// Probability of accepting a unit in the preferred district (default: `acceptance_probability`).
    pub acceptance_preferred_district: Option<f64>,
    /// Probability of accepting a unit elsewhere, for one who prefers a district (default: `acceptance_probability`).
    pub acceptance_other_district: Option<f64>,
    /// Each earlier decline multiplies the acceptance probability by this (default 1).
    pub acceptance_factor_per_decline: Option<f64>,
    /// Withdraw after this many declines (0 or absent = never).
    pub withdraw_after_declines: Option<u32>,
}

/// `[move_in]`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MoveInFile {
    /// Lead time from acceptance to move-in.
    pub lead: Option<DurationFile>,
}

/// `[stays]`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StaysFile {
    /// Share of residents leaving per year (exponential stays).
    pub exit_rate_per_year: Option<f64>,
    /// A length-of-stay distribution instead of `exit_rate_per_year`.
    pub length: Option<DurationFile>,
}

/// `[vacancy]`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VacancyFile {
    /// Time from move-out until the place can be offered.
    pub turnaround: Option<DurationFile>,
}

/// `[queue]`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct QueueFile {
    /// Share of queued people leaving the queue per year.
    pub withdrawal_rate_per_year: Option<f64>,
}

/// `[external]`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalFile {
    /// Cost of one person in an external placement, tkr per year.
    pub cost_per_person_year_tkr: Option<f64>,
    /// Place a queued person externally after this many days of waiting (absent = never).
    pub placement_after_days: Option<f64>,
    /// Whether that placement executes the decision (default false).
    pub placement_executes_decision: Option<bool>,
    /// Offer own places to people placed externally (default false).
    pub hemtagning: Option<bool>,
    /// `"new_units"` or `"all_units"` (default `"new_units"`).
    pub hemtagning_scope: Option<String>,
    /// Probability of accepting a hemtagning offer.
    pub hemtagning_acceptance_probability: Option<f64>,
    /// Hemtagning offers a person may decline before staying placed externally (default 2).
    pub hemtagning_max_declines: Option<u32>,
}

/// `[fee]`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FeeFile {
    /// Months after the decision when the expected fee starts to accrue.
    pub after_months: Option<u32>,
    /// Expected fee per unexecuted case and month past that point, tkr.
    pub expected_tkr_per_month: Option<f64>,
}

/// `[construction]`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ConstructionFile {
    /// Probability that a unit opening after the start is delayed.
    pub delay_probability: Option<f64>,
    /// The delay when it is.
    pub delay: Option<DurationFile>,
}

/// `[training]`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingFile {
    /// Share of new decisions eligible for a training place (of the profiles an open
    /// time-limited training unit serves).
    pub eligible_share: Option<f64>,
    /// The maximum stay, from move-in.
    pub max_stay: Option<DurationFile>,
    /// At the end of a stay: share moving to an own flat with less support.
    pub own_flat_share: Option<f64>,
    /// At the end of a stay: share joining the queue for a permanent place.
    pub permanent_share: Option<f64>,
    /// At the end of a stay: share whose stay is prolonged.
    pub prolonged_share: Option<f64>,
    /// How much longer a prolonged stay lasts.
    pub prolongation: Option<DurationFile>,
}

/// `[start]`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StartFile {
    /// CSV of people queued or placed externally at the start.
    pub people: Option<String>,
}

/// `[short_term]`: the demand for short-term places (the places are `short-term` units in the
/// registers).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ShortTermFile {
    /// Requests per year by target group (`{ health = 12, ID_psychiatric = 10 }`), Poisson.
    pub requests_per_year: Option<BTreeMap<String, f64>>,
    /// Length of a stay.
    pub stay: Option<DurationFile>,
    /// Paid per day of a stay that finds no place, tkr.
    pub no_place_cost_per_day_tkr: Option<f64>,
}
