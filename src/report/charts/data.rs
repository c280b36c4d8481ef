//! The typed form of `summary.json`, as far as the charts need it.
//!
//! Charts are drawn from this, never from [`crate::experiment::Results`], so that `lss-sim plot`
//! draws exactly what `lss-sim run` drew, from saved results and without simulating. Unknown
//! fields are ignored, so a newer `summary.json` with more in it still plots.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};

use crate::metrics::GoalValues;

fn nan() -> f64 {
    f64::NAN
}

/// JSON `null` (written for NaN) becomes NaN again.
fn nullable<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

/// `summary.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct SummaryFile {
    /// Version of lss-sim that wrote it.
    #[serde(default)]
    pub version: String,
    /// The scenario's name and horizon.
    pub scenario: ScenarioInfo,
    /// Base seed.
    pub seed: u64,
    /// Number of replications.
    pub replications: u32,
    /// The goals the outputs report against.
    pub goals: Goals,
    /// Calendar years (the first and last may be partial).
    pub years: Vec<Period>,
    /// Quarters.
    pub quarters: Vec<Period>,
    /// Months.
    pub months: Vec<Period>,
    /// Occupancy per unit and year.
    #[serde(default)]
    pub units: Vec<UnitYear>,
    /// Days from decision to first offer, binned, per year.
    pub wait_to_first_offer_histogram: WaitHistogram,
    /// Per target group (absent in files of earlier versions).
    #[serde(default)]
    pub profiles: Option<Profiles>,
    /// What the bands show, when not chance alone (`run --assumption-uncertainty`).
    #[serde(default)]
    pub bands: Option<Bands>,
    /// What was observed in reality (absent without observations): drawn as points.
    #[serde(default)]
    pub observations: Vec<ObservedPoint>,
}

/// One observation of `summary.json`, as far as the charts need it.
#[derive(Debug, Clone, Deserialize)]
pub struct ObservedPoint {
    /// The metric's name in the outputs.
    pub metric: String,
    /// A date `YYYY-MM-DD` or a period label (`2019`, `2018-Q4`, `2019-03`).
    pub at: String,
    /// The observed value.
    pub observed: f64,
}

/// The per-profile metrics of `summary.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct Profiles {
    /// Profile names, in the scenario's order.
    pub names: Vec<String>,
    /// Per year and profile (absent in files of earlier versions).
    #[serde(default)]
    pub years: Vec<ProfilePeriod>,
    /// Per quarter and profile.
    pub quarters: Vec<ProfilePeriod>,
}

/// One profile's metrics in one period.
#[derive(Debug, Clone, Deserialize)]
pub struct ProfilePeriod {
    /// Label such as `2019-Q1`.
    pub period: String,
    /// The profile.
    pub profile: String,
    /// Statistics by metric name in the outputs.
    pub metrics: BTreeMap<String, Stat>,
}

/// `bands` of `summary.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct Bands {
    /// `chance and assumptions`.
    pub kind: String,
    /// The parameters drawn in every replication.
    #[serde(default)]
    pub drawn_each_replication: Vec<String>,
}

/// The scenario's name and horizon.
#[derive(Debug, Clone, Deserialize)]
pub struct ScenarioInfo {
    /// Name.
    pub name: String,
    /// One-line description.
    #[serde(default)]
    pub description: String,
    /// First simulated day, `YYYY-MM-DD`.
    pub start: String,
    /// Last simulated day, `YYYY-MM-DD`.
    pub end: String,
}

/// Goals.
#[derive(Debug, Clone, Deserialize)]
pub struct Goals {
    /// An offer within this many months of the decision.
    pub offer_within_months: f64,
    /// Unexecuted decisions are reported to IVO after this many months.
    pub report_after_months: f64,
    /// Occupancy target, a share.
    pub occupancy_target: f64,
    /// First calendar year the goals apply to.
    pub first_goal_year: i32,
}

impl Goals {
    /// The goals as the labels name them.
    pub fn values(&self) -> GoalValues {
        GoalValues {
            offer_goal: self.offer_within_months.round().max(0.0) as u32,
            report_limit: self.report_after_months.round().max(0.0) as u32,
            occupancy_target: self.occupancy_target,
        }
    }
}

/// One period's statistics of every metric.
#[derive(Debug, Clone, Deserialize)]
pub struct Period {
    /// Label: `2019`, `2019-Q1` or `2019-01`.
    pub period: String,
    /// Calendar year.
    pub year: i32,
    /// Statistics by metric name in the outputs (see [`crate::metrics::METRICS`] and
    /// [`GoalValues::metric_name`]).
    pub metrics: BTreeMap<String, Stat>,
}

impl Period {
    /// The statistics of `metric`, if it has a value in this period.
    pub fn get(&self, metric: &str) -> Option<&Stat> {
        self.metrics.get(metric).filter(|s| s.n > 0)
    }
}

/// Statistics of one metric over the replications. NaN where `summary.json` has `null`.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Stat {
    /// Replications with a value.
    pub n: u64,
    /// Mean.
    #[serde(default = "nan", deserialize_with = "nullable")]
    pub mean: f64,
    /// Standard deviation.
    #[serde(default = "nan", deserialize_with = "nullable")]
    pub sd: f64,
    /// Lower end of the 95 % confidence interval of the mean.
    #[serde(default = "nan", deserialize_with = "nullable")]
    pub ci_low: f64,
    /// Upper end of the 95 % confidence interval of the mean.
    #[serde(default = "nan", deserialize_with = "nullable")]
    pub ci_high: f64,
    /// 5th percentile.
    #[serde(default = "nan", deserialize_with = "nullable")]
    pub p5: f64,
    /// 25th percentile.
    #[serde(default = "nan", deserialize_with = "nullable")]
    pub p25: f64,
    /// Median.
    #[serde(default = "nan", deserialize_with = "nullable")]
    pub p50: f64,
    /// 75th percentile.
    #[serde(default = "nan", deserialize_with = "nullable")]
    pub p75: f64,
    /// 95th percentile.
    #[serde(default = "nan", deserialize_with = "nullable")]
    pub p95: f64,
}

/// Occupancy of one unit in one year.
#[derive(Debug, Clone, Deserialize)]
pub struct UnitYear {
    /// Unit id from the register.
    pub unit_id: String,
    /// Unit name (absent in files written before lss-sim added it).
    #[serde(default)]
    pub name: Option<String>,
    /// Calendar year.
    pub year: i32,
    /// Occupancy (a share) over the replications.
    pub occupancy: Stat,
}

/// The wait-to-first-offer histogram.
#[derive(Debug, Clone, Deserialize)]
pub struct WaitHistogram {
    /// Width of a bin, days. The last bin also holds every longer wait.
    pub bin_days: f64,
    /// Counts per year, summed over the replications.
    pub years: Vec<WaitHistogramYear>,
}

/// One year of the histogram.
#[derive(Debug, Clone, Deserialize)]
pub struct WaitHistogramYear {
    /// Calendar year.
    pub year: i32,
    /// First offers per bin, summed over the replications.
    pub counts: Vec<u64>,
}

impl SummaryFile {
    /// Parses `summary.json`.
    pub fn from_json(bytes: &[u8]) -> serde_json::Result<Self> {
        serde_json::from_slice(bytes)
    }
}
