//! The bytes of `lss-sim sweep`: `sweep.csv`, `sweep.json` and the printed table, from the grid
//! [`Point`]s and the [`SweepInfo`]. Pure functions, like the run's tables in [`crate::report`].

use serde_json::json;

use crate::grid::{Goal, Point, cheapest};
use crate::metrics::{GoalValues, months_en};
use crate::report::{CsvDialect, PROVENANCE_COLUMNS, VERSION, csv_bytes, num, provenance_cells};

/// What a sweep's files, table and charts show besides its points.
#[derive(Debug, Clone)]
pub struct SweepInfo {
    /// Base scenario name.
    pub scenario: String,
    /// The varied parameters (one or two), each with its values, in grid order (the first is the
    /// outer loop).
    pub parameters: Vec<(String, Vec<String>)>,
    /// Replications per point.
    pub replications: u32,
    /// Seed of every point.
    pub seed: u64,
    /// The year whose goals are assessed.
    pub year: i32,
    /// The goal looked for.
    pub goal: Goal,
    /// The probability it must be met with.
    pub probability: f64,
    /// The base scenario's goals (a sweep cannot vary them), as the labels name them.
    pub goals: GoalValues,
}

/// A point in `sweep.json`, its figure about the offer goal named after `goals`
/// (`over_6_months`).
pub fn point_json(point: &Point, goals: &GoalValues) -> serde_json::Value {
    json!({
        "values": point.values,
        "p_offer": point.p_offer,
        "p_occupancy": point.p_occupancy,
        "ivo_reports": point.ivo_reports,
        goals.name("over_offer_goal"): point.over_offer_goal,
        "cost_tkr": point.cost_tkr,
    })
}

/// `sweep.csv`: one row per grid point, the parameter values and the point's figures.
pub fn csv(info: &SweepInfo, points: &[Point], dialect: CsvDialect) -> Vec<u8> {
    let d = dialect;
    let mut header: Vec<String> = PROVENANCE_COLUMNS.map(String::from).to_vec();
    header.extend(info.parameters.iter().map(|(path, _)| path.clone()));
    // The goals are the same at every point (a sweep cannot vary them): the columns and the
    // printed table name the base's.
    let goals = &info.goals;
    header.extend([
        goals.offer_goal_probability_name(),
        "p_occupancy_at_target".to_owned(),
        "ivo_reports".to_owned(),
        goals.name("over_offer_goal"),
        "cost_goal_years_tkr".to_owned(),
    ]);
    let rows = points
        .iter()
        .map(|p| {
            let mut row = provenance_cells(&info.scenario, info.seed, info.replications);
            row.extend(p.values.iter().cloned());
            row.extend(
                [
                    p.p_offer,
                    p.p_occupancy,
                    p.ivo_reports,
                    p.over_offer_goal,
                    p.cost_tkr,
                ]
                .iter()
                .map(|&x| num(x, d)),
            );
            row
        })
        .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    csv_bytes(&header, rows, d)
}

/// `sweep.json`: the settings, every point and the cheapest point meeting the goal.
pub fn json(info: &SweepInfo, points: &[Point]) -> Vec<u8> {
    let goals = &info.goals;
    let best = cheapest(points, info.goal, info.probability);
    let json = json!({
        "program": "lss-sim", "version": VERSION, "scenario": info.scenario, "seed": info.seed,
        "replications": info.replications, "common_random_numbers": true, "year": info.year,
        "parameters": info.parameters.iter().map(|(path, _)| path.clone()).collect::<Vec<_>>(),
        "goal": info.goal, "probability": info.probability,
        "points": points.iter().map(|p| point_json(p, goals)).collect::<Vec<_>>(),
        "cheapest": best.map(|p| point_json(p, goals)),
    });
    let mut json_bytes = serde_json::to_vec_pretty(&json).expect("serialisable");
    json_bytes.push(b'\n');
    json_bytes
}

/// The printed sweep (`lss-sim sweep` prints it, then where the results are): a line per point
/// and the cheapest point meeting the goal.
pub fn table(info: &SweepInfo, points: &[Point]) -> String {
    let goals = &info.goals;
    let year = info.year;
    let mut text = format!(
        "{} — sweep of {} points, {} replications each, seed {} (common random numbers)\n\n",
        info.scenario,
        points.len(),
        info.replications,
        info.seed
    );
    let names: Vec<String> = info
        .parameters
        .iter()
        .map(|(path, _)| path.clone())
        .collect();
    text += &format!(
        "{:<40} {:>10} {:>10} {:>9} {:>14}\n",
        names.join(" x "),
        format!("P(none>{}m)", goals.offer_goal),
        "P(occ)",
        "IVO",
        "cost tkr"
    );
    for p in points {
        text += &format!(
            "{:<40} {:>10.2} {:>10.2} {:>9.1} {:>14.0}\n",
            p.values.join(" x "),
            p.p_offer,
            p.p_occupancy,
            p.ivo_reports,
            p.cost_tkr
        );
    }
    let goal = match info.goal {
        Goal::Offer => format!(
            "nobody over {} at any quarter end",
            months_en(goals.offer_goal)
        ),
        Goal::Occupancy => "occupancy at target".to_owned(),
    };
    text += &match cheapest(points, info.goal, info.probability) {
        Some(b) => format!(
            "\ncheapest point with P({goal} in {year}) >= {}: {} at {:.0} tkr over the goal years\n",
            info.probability,
            b.values.join(" x "),
            b.cost_tkr
        ),
        None => format!(
            "\nno point reaches P({goal} in {year}) >= {}\n",
            info.probability
        ),
    };
    text
}
