//! The scenario prepared once per experiment: the tables every replication reads.

use super::*;

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
    pub(super) arrival_segments: Vec<(SimTime, f64)>,
    /// Per unit: priority tiers as bit masks of candidate groups, best first.
    pub(super) tiers: Vec<[u8; 2]>,
    /// Per unit: the profiles it serves.
    pub(super) unit_profiles: Vec<Vec<ProfileId>>,
    /// Per unit serving several profiles: the application mix over them, scaled to sum to 1 (a
    /// resident at the start has an unknown profile, drawn from it); empty for one profile.
    pub(super) resident_mix: Vec<Vec<f64>>,
    /// Per unit: whether its stays have the training time limit (docs/model.md, "Training
    /// housing"); the time-limited units, in register order.
    pub(super) time_limited: Vec<bool>,
    pub(super) training_units: Vec<u32>,
    /// Per unit: its district (a compact copy: the scenario's unit records are large and cold).
    pub(super) unit_district: Vec<u16>,
    /// Weights of districts for a preferred district (in proportion to places).
    pub(super) district_weights: Vec<f64>,
    /// Per month: end time.
    pub(super) month_ends: Vec<SimTime>,
    /// Calendar-month deadlines.
    pub(super) month_table: MonthTable,
    /// First offers made more than this many days after the decision are counted in
    /// [`Slot::FirstOffersOverThreshold`]; infinite (nothing counted) unless a theory check sets it.
    pub wait_threshold_days: SimTime,
    /// The short-term demand, prepared.
    pub(super) short: super::short_term::Prepared,
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
                // People eligible for training wait at home like everyone else, and only they
                // may be offered a time-limited training place (docs/model.md, "Training
                // housing").
                let home = (1 << HOME) | (1 << TRAINEE);
                if u.time_limited {
                    [1 << TRAINEE, 0]
                } else if u.external_first {
                    [(1 << QUEUED_EXTERNAL) | hem, home]
                } else {
                    let later = if ext.hemtagning_scope == HemtagningScope::AllUnits {
                        hem
                    } else {
                        0
                    };
                    [home | (1 << QUEUED_EXTERNAL), later]
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
        let time_limited: Vec<bool> = scenario.units.iter().map(|u| u.time_limited).collect();
        let training_units = (0..scenario.units.len() as u32)
            .filter(|&u| time_limited[u as usize])
            .collect();
        let mut district_weights = vec![0.0; scenario.districts.len()];
        for u in &scenario.units {
            district_weights[u.district as usize] += u.places as f64;
        }
        let total: f64 = district_weights.iter().sum();
        district_weights.iter_mut().for_each(|w| *w /= total);
        let month_ends = calendar.months.iter().map(|m| m.end).collect();
        let scenario_start = scenario.start;
        let short = super::short_term::Prepared::new(&scenario);
        Model {
            scenario,
            calendar,
            horizon,
            arrival_segments,
            tiers,
            unit_profiles,
            resident_mix,
            time_limited,
            training_units,
            unit_district,
            district_weights,
            month_ends,
            month_table: MonthTable::new(scenario_start),
            wait_threshold_days: f64::INFINITY,
            short,
        }
    }

    /// The first instant of the day after the date `months` calendar months after the day of
    /// `t`: a deadline in whole days. An offer made on that date is in time, one made on the next
    /// day is late, and a decision counts as older than `months` at the end of a later day.
    pub(super) fn day_after_months(&self, t: SimTime, months: u32) -> SimTime {
        self.month_table.add(t.floor(), months) + 1.0
    }

    /// A new applicant's profile (from the mix) and preferred district (with the preference
    /// probability, in proportion to the places; `u16::MAX` for none), drawn from `r`.
    pub(super) fn draw_applicant(&self, r: &mut StreamRng) -> (ProfileId, u16) {
        let s = &self.scenario;
        let profile = pick(&s.profile_mix, r) as ProfileId;
        let district = if chance(r, s.district_preference) {
            pick(&self.district_weights, r) as u16
        } else {
            u16::MAX
        };
        (profile, district)
    }

    /// Number of calendar years in the horizon.
    pub fn years(&self) -> usize {
        self.calendar.years.len()
    }
}
