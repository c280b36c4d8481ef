//! Plausible ranges of the numbers a planner writes: legal values outside them still run, with a
//! warning naming the file, the line, the value and the range.
//!
//! The hard limits (what is refused) live beside the checks in `validate.rs`; these ranges are
//! softer: what a Swedish municipality's LSS housing can plausibly look like, wide enough for a
//! small or a large municipality and for what-if scenarios, narrow enough to catch a value typed
//! in the wrong unit (a percentage for a share, days for months, kr for tkr, a decimal comma read
//! as a point: `1,100` tkr is 1.1 in a semicolon register). Each range widens the domain's
//! default range for the value; docs/hostile-input.md lists them with their basis ("Plausible
//! ranges"), and a unit test checks that the list there matches this table.

/// A plausible range of one input.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plausible {
    /// The input: a key of the scenario file (`vacancy.turnaround`: the mean of the distribution),
    /// or a column of a CSV file (`cost_per_place_year_tkr`).
    pub key: &'static str,
    /// Lowest plausible value.
    pub low: f64,
    /// Highest plausible value.
    pub high: f64,
    /// The unit, as the warning says it (`days`, `tkr a year`; empty for a share).
    pub unit: &'static str,
}

const fn p(key: &'static str, low: f64, high: f64, unit: &'static str) -> Plausible {
    Plausible {
        key,
        low,
        high,
        unit,
    }
}

/// Every plausible range, one row per input. Inputs not listed (seed, replications, dates,
/// `goals.first_goal_year`, the profile mix, the district-preference and delay probabilities,
/// `occupied`) are plausible anywhere within their limits.
pub const PLAUSIBLE: &[Plausible] = &[
    p("goals.offer_within_months", 1.0, 24.0, "months"),
    p("goals.report_after_months", 1.0, 12.0, "months"),
    p("goals.occupancy_target", 0.8, 1.0, ""),
    p("applications.per_year", 1.0, 500.0, "applications a year"),
    p("applications.by_year", 1.0, 500.0, "applications a year"),
    p("applications.growth_per_year", -0.05, 0.1, "a year"),
    p("investigation.duration", 14.0, 365.0, "days"),
    p("investigation.grant_probability", 0.3, 1.0, ""),
    p("investigation.backlog", 0.0, 500.0, "applications"),
    p("investigation.backlog_remaining", 0.0, 365.0, "days"),
    p("offers.response", 1.0, 90.0, "days"),
    p("offers.acceptance_probability", 0.2, 1.0, ""),
    p("offers.acceptance_preferred_district", 0.2, 1.0, ""),
    p("offers.acceptance_other_district", 0.2, 1.0, ""),
    p("offers.acceptance_factor_per_decline", 0.3, 1.0, ""),
    p("offers.withdraw_after_declines", 0.0, 10.0, "declines"),
    p("move_in.lead", 1.0, 180.0, "days"),
    p("stays.exit_rate_per_year", 0.01, 0.5, "a year"),
    p("stays.length", 730.0, 36525.0, "days"),
    p("vacancy.turnaround", 1.0, 180.0, "days"),
    p("queue.withdrawal_rate_per_year", 0.0, 0.3, "a year"),
    p(
        "external.cost_per_person_year_tkr",
        300.0,
        5000.0,
        "tkr a year",
    ),
    p("external.placement_after_days", 0.0, 1825.0, "days"),
    p("external.hemtagning_acceptance_probability", 0.2, 1.0, ""),
    p("fee.after_months", 3.0, 36.0, "months"),
    p("fee.expected_tkr_per_month", 0.0, 100.0, "tkr a month"),
    p("construction.delay", 0.0, 1095.0, "days"),
    p("training.eligible_share", 0.02, 0.6, ""),
    p("training.max_stay", 180.0, 1826.0, "days"),
    p("training.prolonged_share", 0.0, 0.5, ""),
    p("training.prolongation", 30.0, 730.0, "days"),
    p(
        "short_term.requests_per_year",
        0.0,
        200.0,
        "requests a year",
    ),
    p("short_term.stay", 1.0, 120.0, "days"),
    p(
        "short_term.no_place_cost_per_day_tkr",
        1.0,
        20.0,
        "tkr a day",
    ),
    p("places", 1.0, 40.0, "places"),
    p("cost_per_place_year_tkr", 300.0, 3000.0, "tkr a year"),
    p("declines", 0.0, 10.0, "declines"),
];

/// The range of `key`, if it has one.
pub fn range(key: &str) -> Option<&'static Plausible> {
    PLAUSIBLE.iter().find(|p| p.key == key)
}

impl Plausible {
    /// `None` when `v` is plausible, else the end of the warning: `outside the plausible range
    /// of 300 to 3000 tkr a year: check it (the run goes on)`.
    pub fn check(&self, v: f64) -> Option<String> {
        if (self.low..=self.high).contains(&v) {
            return None;
        }
        let unit = if self.unit.is_empty() {
            String::new()
        } else {
            format!(" {}", unit_sv(self.unit))
        };
        Some(crate::msg!(
            "outside the plausible range of {} to {}{}: check it (the run goes on)",
            "utanför det rimliga intervallet {} till {}{}: kontrollera det (körningen fortsätter)",
            self.low,
            self.high,
            unit
        ))
    }
}

/// A range's unit in the language of the messages (`tkr a year` is `tkr per år`).
fn unit_sv(unit: &'static str) -> &'static str {
    if crate::lang::messages() == crate::lang::Lang::En {
        return unit;
    }
    match unit {
        "months" => "månader",
        "applications a year" => "ansökningar per år",
        "a year" => "per år",
        "days" => "dagar",
        "applications" => "ansökningar",
        "declines" => "nej tack",
        "tkr a year" => "tkr per år",
        "tkr a month" => "tkr per månad",
        "places" => "platser",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_range_is_ordered_and_named_once() {
        for (i, p) in PLAUSIBLE.iter().enumerate() {
            assert!(p.low <= p.high, "{p:?}");
            assert!(
                PLAUSIBLE[..i].iter().all(|q| q.key != p.key),
                "{} twice",
                p.key
            );
        }
    }

    /// The table in docs/hostile-input.md is this table: same keys, same numbers, same order.
    #[test]
    fn the_docs_list_these_ranges() {
        let docs = include_str!("../../docs/hostile-input.md");
        let section = docs
            .split("## Plausible ranges")
            .nth(1)
            .expect("docs/hostile-input.md has a section `## Plausible ranges`");
        let rows: Vec<(String, String, String)> = section
            .lines()
            .skip_while(|l| !l.starts_with("| input | plausible |"))
            .skip(2)
            .take_while(|l| l.starts_with('|'))
            .map(|l| {
                let cells: Vec<&str> = l.split('|').map(str::trim).collect();
                (
                    cells[1].to_owned(),
                    cells[2].to_owned(),
                    cells[3].to_owned(),
                )
            })
            .collect();
        let expected: Vec<(String, String, String)> = PLAUSIBLE
            .iter()
            .map(|p| {
                (
                    format!("`{}`", p.key),
                    format!("{} to {}", p.low, p.high),
                    p.unit.to_owned(),
                )
            })
            .collect();
        assert_eq!(rows, expected);
    }
}
