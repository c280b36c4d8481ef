//! The short per-year summary printed after a run.

use std::fmt::Write;

use crate::calendar::PeriodKind;
use crate::experiment::Results;
use crate::metrics::{GoalValues, PROFILE_METRICS, index, months_en};

/// The summary table as text.
pub fn summary(results: &Results) -> String {
    let s = &results.model.scenario;
    let g = GoalValues::from(&s.goals);
    // The goals as the headers print them: `>6 mån`, `>= 98%`.
    let over = format!(">{} mån", g.offer_goal);
    let target = format!(">= {}%", g.target_percent());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} replications, seed {}, lss-sim {}",
        s.name,
        results.settings.replications,
        results.settings.seed,
        super::VERSION
    );
    if !s.description.is_empty() {
        let _ = writeln!(out, "{}", s.description.trim());
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:<6} {:>15} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>11}",
        "year",
        "queue p50",
        over,
        "P(none",
        "IVO per",
        "occupancy",
        "P(occ",
        "external",
        "cost tkr"
    );
    let _ = writeln!(
        out,
        "{:<6} {:>15} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>11}",
        "",
        "[p5-p95]",
        "at end",
        format!("{over})"),
        "quarter",
        "mean",
        format!("{target})"),
        "at end",
        "mean"
    );
    for p in results.stats.iter().filter(|p| p.kind == PeriodKind::Year) {
        let m = |id: &str| p.metrics[index(id)];
        let q = m("queue");
        let quarters = results
            .periods
            .iter()
            .filter(|r| r.kind == PeriodKind::Quarter && r.year == p.year)
            .count()
            .max(1);
        let goal_year = p.year >= s.goals.first_goal_year;
        let mark = if goal_year { "" } else { "*" };
        let _ = writeln!(
            out,
            "{:<6} {:>15} {:>9.1} {:>9} {:>9.1} {:>8.1}% {:>9} {:>9.1} {:>11.0}",
            format!("{}{mark}", p.year),
            format!("{:.0} [{:.0}-{:.0}]", q.p50, q.p5, q.p95),
            m("over_offer_goal").mean,
            format!("{:.2}", m("goal_offer_met").mean),
            m("ivo_reports").mean / quarters as f64,
            100.0 * m("occupancy").mean,
            format!("{:.2}", m("goal_occupancy_met").mean),
            m("external_placements").mean,
            m("cost_total_tkr").mean,
        );
    }
    profile_block(&mut out, results, &over);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "queue: unexecuted decisions at year end; {over}: of them, waiting over {} with no offer (mean);",
        months_en(g.offer_goal)
    );
    let _ = writeln!(
        out,
        "P(none {over}): probability that nobody waits over {} without an offer at any quarter end;",
        months_en(g.offer_goal)
    );
    let _ = writeln!(
        out,
        "IVO per quarter: decisions unexecuted after {} at a quarter end (mean); P(occ {target}): probability the year's occupancy reaches the target.",
        months_en(g.report_limit)
    );
    if results
        .stats
        .iter()
        .any(|p| p.kind == PeriodKind::Year && p.year < s.goals.first_goal_year)
    {
        let _ = writeln!(
            out,
            "* part year before the goal years ({} on).",
            s.goals.first_goal_year
        );
    }
    out
}

/// The last year's figures per target group: where the shortage is.
fn profile_block(out: &mut String, results: &Results, over: &str) {
    let s = &results.model.scenario;
    let Some(last) = results
        .profiles
        .iter()
        .filter(|p| p.kind == PeriodKind::Year)
        .map(|p| p.year)
        .max()
    else {
        return;
    };
    let quarters = results
        .periods
        .iter()
        .filter(|r| r.kind == PeriodKind::Quarter && r.year == last)
        .count()
        .max(1);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{last} by target group (profile): {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "queue", over, "P(none", "IVO per", "wait to", "occupancy"
    );
    let _ = writeln!(
        out,
        "{:<31}{:>9} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "",
        "mean",
        "at end",
        format!("{over})"),
        "quarter",
        "offer, d",
        "of places"
    );
    let col = |id: &str| {
        PROFILE_METRICS
            .iter()
            .position(|m| *m == id)
            .expect("a per-profile metric")
    };
    for p in results
        .profiles
        .iter()
        .filter(|p| p.kind == PeriodKind::Year && p.year == last)
    {
        let m = |id: &str| p.metrics[col(id)];
        let wait = m("wait_to_first_offer_days");
        let _ = writeln!(
            out,
            "  {:<29}{:>9.1} {:>9.1} {:>9} {:>9.1} {:>9} {:>8.1}%",
            s.profiles[p.profile],
            m("queue").mean,
            m("over_offer_goal").mean,
            format!("{:.2}", m("goal_offer_met").mean),
            m("ivo_reports").mean / quarters as f64,
            if wait.n > 0 {
                format!("{:.0}", wait.mean)
            } else {
                "-".to_owned()
            },
            100.0 * m("occupancy").mean,
        );
    }
}
