//! A sweep's grid points and the goal it looks for: what [`crate::sweep`] computes and
//! [`crate::report`] writes and draws, below both so that neither imports the other.

use serde::Serialize;

/// The goal a sweep looks for the cheapest way to meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Goal {
    /// Nobody over the offer goal without an offer at any quarter end of the year.
    Offer,
    /// Occupancy at or above the target.
    Occupancy,
}

/// One grid point's figures.
#[derive(Debug, Clone)]
pub struct Point {
    /// The parameter values of this point, as typed.
    pub values: Vec<String>,
    /// P(goal_offer_met) in the chosen year.
    pub p_offer: f64,
    /// P(goal_occupancy_met) in the chosen year.
    pub p_occupancy: f64,
    /// Expected IVO reports in the chosen year.
    pub ivo_reports: f64,
    /// Expected people over the offer goal without an offer at the end of the chosen year.
    pub over_offer_goal: f64,
    /// Expected total cost over the goal years, tkr.
    pub cost_tkr: f64,
}

/// The cheapest point that meets `goal` with at least probability `p`.
pub fn cheapest(points: &[Point], goal: Goal, p: f64) -> Option<&Point> {
    points
        .iter()
        .filter(|pt| match goal {
            Goal::Offer => pt.p_offer >= p,
            Goal::Occupancy => pt.p_occupancy >= p,
        })
        .min_by(|a, b| a.cost_tkr.total_cmp(&b.cost_tkr))
}
