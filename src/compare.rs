//! Comparing scenarios with common random numbers.
//!
//! Every scenario runs with the reference's seed, so replication r of each draws the same
//! arrivals, investigations, stays, answers and delays from the same streams (the engine keeps one
//! stream per process). The difference between a scenario and the reference is then taken
//! replication by replication (a paired difference), and its confidence interval is much
//! narrower than the one of two independent runs: what is left is the plan's effect, not noise.

use crate::calendar::PeriodKind;
use crate::error::{Error, Result};
use crate::experiment::Joint;
use crate::metrics::{GoalValues, METRICS, index};
use crate::model::Scenario;
use crate::stats::Summary;

/// The key figures compared, per year (metric ids: [`crate::metrics::Metric::id`]).
pub const KEY_METRICS: &[&str] = &[
    "over_offer_goal",
    "goal_offer_met",
    "ivo_reports",
    "occupancy",
    "goal_occupancy_met",
    "external_placements",
    "cost_total_tkr",
];

/// One scenario's figure for one year and metric, and its paired difference from the reference.
#[derive(Debug, Clone)]
pub struct Figure {
    /// Scenario name.
    pub scenario: String,
    /// Calendar year.
    pub year: i32,
    /// Metric id ([`crate::metrics::Metric::id`]); the outputs name it with
    /// [`Comparison::goals`].
    pub metric: &'static str,
    /// The scenario's value over replications.
    pub value: Summary,
    /// Paired difference scenario − reference over replications (zero for the reference).
    pub difference: Summary,
}

/// A comparison of scenarios against the first (the reference).
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Scenario names, reference first.
    pub scenarios: Vec<String>,
    /// Years compared.
    pub years: Vec<i32>,
    /// Replications and seed shared by every scenario.
    pub replications: u32,
    /// The seed.
    pub seed: u64,
    /// The goals, the same for every scenario ([`check_comparable`]): the outputs name the
    /// metrics after them.
    pub goals: GoalValues,
    /// Figures, year-major, then scenario, then metric.
    pub figures: Vec<Figure>,
}

/// Checks that scenarios can be compared with the first (the reference): the same horizon, and
/// the same offer goal, reporting limit and occupancy target. A comparison's table, files and
/// charts have one column per figure, named after the goal ("over 6 months"), and a paired
/// difference between counts against different goals would be the goals' difference, not the
/// plans'; so scenarios with other goals are refused rather than labelled one by one.
pub fn check_comparable<'a>(scenarios: impl IntoIterator<Item = &'a Scenario>) -> Result<()> {
    let mut scenarios = scenarios.into_iter();
    let Some(rs) = scenarios.next() else {
        return Ok(());
    };
    for s in scenarios {
        if (s.start, s.end) != (rs.start, rs.end) {
            return Err(Error::Usage(crate::msg!(
                "the scenarios' horizons differ: `{}` runs {} to {}, `{}` runs {} to {}; compare scenarios over the same horizon",
                "scenariernas tidshorisonter skiljer sig: `{}` går från {} till {}, `{}` går från {} till {}; jämför scenarier över samma tidshorisont",
                rs.name,
                rs.start,
                rs.end,
                s.name,
                s.start,
                s.end
            )));
        }
        let goals = |s: &Scenario| {
            let g = &s.goals;
            format!(
                "offer_within_months = {}, report_after_months = {}, occupancy_target = {}",
                g.offer_within_months, g.report_after_months, g.occupancy_target
            )
        };
        if GoalValues::from(&s.goals) != GoalValues::from(&rs.goals) {
            return Err(Error::Usage(crate::msg!(
                "the scenarios' goals differ: `{}` has {}, `{}` has {}; a comparison measures plans against the same goals: give `{}` the reference's [goals], or compare it in a comparison of its own",
                "scenariernas mål skiljer sig: `{}` har {}, `{}` har {}; en jämförelse mäter planer mot samma mål: ge `{}` referensens `[goals]`, eller jämför det i en egen jämförelse",
                rs.name,
                goals(rs),
                s.name,
                goals(s),
                s.name
            )));
        }
    }
    Ok(())
}

/// Compares `joint.results[1..]` against `joint.results[0]`, which ran jointly with common
/// random numbers ([`crate::experiment::run_joint`]). All must share the horizon and the goals
/// ([`check_comparable`]).
pub fn compare(joint: &Joint) -> Result<Comparison> {
    let results = &joint.results;
    let reference = results.first().ok_or_else(|| {
        Error::Usage(crate::msg!(
            "compare needs at least two scenarios",
            "compare behöver minst två scenarier"
        ))
    })?;
    check_comparable(results.iter().map(|r| &r.model.scenario))?;
    let years: Vec<i32> = reference
        .model
        .calendar
        .years
        .iter()
        .map(|y| y.year)
        .collect();
    let mut figures = Vec::new();
    for (yi, &year) in years.iter().enumerate() {
        for (r, differences) in results.iter().zip(&joint.differences) {
            for &id in KEY_METRICS {
                let mi = index(id);
                figures.push(Figure {
                    scenario: r.model.scenario.name.clone(),
                    year,
                    metric: METRICS[mi].id,
                    value: *r.yearly(yi, mi),
                    difference: differences[yi][mi],
                });
            }
        }
    }
    Ok(Comparison {
        scenarios: results
            .iter()
            .map(|r| r.model.scenario.name.clone())
            .collect(),
        years,
        replications: reference.settings.replications,
        seed: reference.settings.seed,
        goals: GoalValues::from(&reference.model.scenario.goals),
        figures,
    })
}

/// A scenario's figure for one target group, with its paired difference from the reference.
#[derive(Debug, Clone)]
pub struct ProfileFigure {
    /// Scenario name.
    pub scenario: String,
    /// Calendar year.
    pub year: i32,
    /// The target group (profile).
    pub profile: String,
    /// Metric id, one of [`crate::metrics::PROFILE_METRICS`].
    pub metric: &'static str,
    /// The scenario's value over replications.
    pub value: Summary,
    /// Paired difference scenario − reference over replications.
    pub difference: Summary,
}

/// The per-profile figures of the scenarios that have the reference's profiles, year-major,
/// then scenario, profile and metric (`lss-sim compare --by-profile`).
pub fn by_profile(joint: &Joint) -> Vec<ProfileFigure> {
    let mut figures = Vec::new();
    let Some(reference) = joint.results.first() else {
        return figures;
    };
    let names = &reference.model.scenario.profiles;
    for (yi, y) in reference.model.calendar.years.iter().enumerate() {
        for (r, diffs) in joint.results.iter().zip(&joint.profile_differences) {
            if diffs.is_empty() {
                continue;
            }
            for (pi, name) in names.iter().enumerate() {
                let stats = r
                    .profiles
                    .iter()
                    .find(|p| p.kind == PeriodKind::Year && p.year == y.year && p.profile == pi);
                for (mi, &metric) in crate::metrics::PROFILE_METRICS.iter().enumerate() {
                    figures.push(ProfileFigure {
                        scenario: r.model.scenario.name.clone(),
                        year: y.year,
                        profile: name.clone(),
                        metric,
                        value: stats.map_or_else(Summary::empty, |s| s.metrics[mi]),
                        difference: diffs[yi][pi][mi],
                    });
                }
            }
        }
    }
    figures
}

impl Comparison {
    /// The figure of metric `id` ([`crate::metrics::Metric::id`]).
    pub fn get(&self, scenario: &str, year: i32, metric: &str) -> Option<&Figure> {
        self.figures
            .iter()
            .find(|f| f.scenario == scenario && f.year == year && f.metric == metric)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::{Settings, run, run_joint};

    fn load(name: &str) -> crate::model::Scenario {
        crate::scenario::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("scenarios")
                .join(name),
        )
        .unwrap()
    }

    /// Common random numbers make the interval of a difference narrower than independent runs.
    /// Baseline against the faster expansion, people over 6 months at the end of 2020 (the year
    /// the faster plan's second step opens): the paired half-width against the half-width of two
    /// independent samples (Welch), both from 400 replications.
    #[test]
    fn common_random_numbers_narrow_the_interval_of_a_difference() {
        let settings = Settings {
            replications: 400,
            seed: 20180831,
            threads: 0,
        };
        let joint = run_joint(
            &[
                load("linkoping-baseline.toml"),
                load("faster-expansion.toml"),
            ],
            &settings,
            &|| {},
        )
        .unwrap();
        let independent = Settings {
            seed: 777,
            ..settings.clone()
        };
        let fast_indep = run(&load("faster-expansion.toml"), &independent, &|| {}).unwrap();
        let base = &joint.results[0];
        let y = base
            .model
            .calendar
            .years
            .iter()
            .position(|p| p.year == 2020)
            .unwrap();
        let m = index("over_offer_goal");
        let paired = joint.differences[1][y][m];
        let half_paired = (paired.ci_high - paired.ci_low) / 2.0;
        let (a, b) = (base.yearly(y, m), fast_indep.yearly(y, m));
        let n = settings.replications as f64;
        let half_indep =
            crate::stats::t975(2.0 * n - 2.0) * (a.sd * a.sd / n + b.sd * b.sd / n).sqrt();
        let ratio = half_paired / half_indep;
        eprintln!(
            "CI half-width, over_6_months 2020: paired {half_paired:.3}, independent {half_indep:.3}, ratio {ratio:.3}"
        );
        assert!(
            ratio < 0.7,
            "common random numbers should narrow the interval: ratio {ratio}"
        );
        // And the effect itself is visible: the faster plan has fewer people over 6 months.
        assert!(paired.ci_high < 0.0, "{paired:?}");
        // The reference's difference from itself is exactly zero.
        let own = joint.differences[0][y][m];
        assert_eq!((own.mean, own.sd, own.p5, own.p95), (0.0, 0.0, 0.0, 0.0));
    }
}
