//! The short per-year summary printed after a run.

use std::fmt::Write;

use crate::calendar::PeriodKind;
use crate::experiment::Results;
use crate::lang::{Lang, months, number, percent, tr};
use crate::metrics::{GoalValues, PROFILE_METRICS, index};

/// The summary table as text, in `lang`: numbers with grouped thousands (`505,589`,
/// `505 589`), the IVO reports and the cost of each year as every command names them
/// (`IVO/year`, `cost tkr/year`).
pub fn summary(results: &Results, lang: Lang) -> String {
    let s = &results.model.scenario;
    let g = GoalValues::from(&s.goals);
    let t = |en: &'static str, sv: &'static str| tr(lang, en, sv);
    // The goals as the headers print them: `>6 mån`, `>= 98%` (`>= 98 %` in Swedish).
    let over = format!(">{} mån", g.offer_goal);
    let target = match lang {
        Lang::En => format!(">= {}%", g.target_percent()),
        Lang::Sv => format!(">= {} %", g.target_percent().replace('.', ",")),
    };
    let n1 = |v: f64| number(v, 1, lang);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} {}, {} {}, lss-sim {}",
        s.name,
        results.settings.replications,
        t("replications", "simuleringar"),
        t("seed", "slumpfrö"),
        results.settings.seed,
        super::VERSION
    );
    if !s.description.is_empty() {
        let _ = writeln!(out, "{}", s.description.trim());
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:<6} {:>15} {:>9} {:>9} {:>9} {:>10} {:>9} {:>9} {:>11}",
        t("year", "år"),
        t("queue p50", "kö p50"),
        over,
        t("P(none", "P(ingen"),
        "IVO",
        t("occupancy", "beläggning"),
        t("P(occ", "P(bel."),
        t("external", "externa"),
        t("cost tkr", "kostnad tkr"),
    );
    let _ = writeln!(
        out,
        "{:<6} {:>15} {:>9} {:>9} {:>9} {:>10} {:>9} {:>9} {:>11}",
        "",
        "[p5-p95]",
        t("at end", "vid slut"),
        format!("{over})"),
        per_year(lang),
        t("mean", "medel"),
        format!("{target})"),
        t("at end", "vid slut"),
        per_year(lang),
    );
    for p in results.stats.iter().filter(|p| p.kind == PeriodKind::Year) {
        let m = |id: &str| p.metrics[index(id)];
        let q = m("queue");
        let goal_year = p.year >= s.goals.first_goal_year;
        let mark = if goal_year { "" } else { "*" };
        let _ = writeln!(
            out,
            "{:<6} {:>15} {:>9} {:>9} {:>9} {:>10} {:>9} {:>9} {:>11}",
            format!("{}{mark}", p.year),
            format!(
                "{} [{}-{}]",
                number(q.p50, 0, lang),
                number(q.p5, 0, lang),
                number(q.p95, 0, lang)
            ),
            n1(m("over_offer_goal").mean),
            number(m("goal_offer_met").mean, 2, lang),
            n1(m("ivo_reports").mean),
            percent(m("occupancy").mean, 1, lang),
            number(m("goal_occupancy_met").mean, 2, lang),
            n1(m("external_placements").mean),
            number(m("cost_total_tkr").mean, 0, lang),
        );
    }
    profile_block(&mut out, results, &over, lang);
    short_term_block(&mut out, results, lang);
    let _ = writeln!(out);
    let (offer, report) = (months(g.offer_goal, lang), months(g.report_limit, lang));
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::En => format!(
                "queue: unexecuted decisions at year end; {over}: of them, waiting over {offer} with no offer (mean);"
            ),
            Lang::Sv => format!(
                "kö: ej verkställda beslut vid årets slut; {over}: av dem, väntar över {offer} utan erbjudande (medelvärde);"
            ),
        }
    );
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::En => format!(
                "P(none {over}): probability that nobody waits over {offer} without an offer at any quarter end;"
            ),
            Lang::Sv => format!(
                "P(ingen {over}): sannolikheten att ingen väntar över {offer} utan erbjudande vid något kvartalsskifte;"
            ),
        }
    );
    let _ = writeln!(out, "{};", ivo_year_note(report.as_str(), lang));
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::En => format!(
                "P(occ {target}): probability the year's occupancy reaches the target; cost tkr per year: own places + external placements + expected fees."
            ),
            Lang::Sv => format!(
                "P(bel. {target}): sannolikheten att årets beläggningsgrad når målet; kostnad tkr per år: egna platser + externa placeringar + väntade särskilda avgifter."
            ),
        }
    );
    if results
        .stats
        .iter()
        .any(|p| p.kind == PeriodKind::Year && p.year < s.goals.first_goal_year)
    {
        let first = s.goals.first_goal_year;
        let _ = writeln!(
            out,
            "{}",
            match lang {
                Lang::En => format!("* part year before the goal years ({first} on)."),
                Lang::Sv => format!("* del av år före målåren (från {first})."),
            }
        );
    }
    out
}

/// `per year` (`per år`): the second header line of a yearly figure.
pub fn per_year(lang: Lang) -> &'static str {
    tr(lang, "per year", "per år")
}

/// The note under a table with the year's IVO reports; `report` is the reporting limit in words
/// (`3 months`).
pub fn ivo_year_note(report: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!(
            "IVO per year: decisions unexecuted after {report}, summed over the year's quarter ends (the reports to IVO in the year; a quarter's report is about a quarter of it)"
        ),
        Lang::Sv => format!(
            "IVO per år: beslut ej verkställda efter {report}, summerat över årets kvartalsskiften (årets rapporter till IVO; ett kvartals rapport är ungefär en fjärdedel)"
        ),
    }
}

/// The last year's figures per target group: where the shortage is.
fn profile_block(out: &mut String, results: &Results, over: &str, lang: Lang) {
    let t = |en: &'static str, sv: &'static str| tr(lang, en, sv);
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
    let _ = writeln!(out);
    let title = match lang {
        Lang::En => format!("{last} by target group (profile):"),
        Lang::Sv => format!("{last} per målgrupp:"),
    };
    let _ = writeln!(
        out,
        "{title:<31}{:>9} {:>9} {:>9} {:>9} {:>9} {:>10}",
        t("queue", "kö"),
        over,
        t("P(none", "P(ingen"),
        "IVO",
        t("wait to", "dagar till"),
        t("occupancy", "beläggning"),
    );
    let _ = writeln!(
        out,
        "{:<31}{:>9} {:>9} {:>9} {:>9} {:>9} {:>10}",
        "",
        t("mean", "medel"),
        t("at end", "vid slut"),
        format!("{over})"),
        per_year(lang),
        t("offer, d", "erbjudande"),
        t("of places", "av platser"),
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
            "  {:<29}{:>9} {:>9} {:>9} {:>9} {:>9} {:>10}",
            s.profiles[p.profile],
            number(m("queue").mean, 1, lang),
            number(m("over_offer_goal").mean, 1, lang),
            number(m("goal_offer_met").mean, 2, lang),
            number(m("ivo_reports").mean, 1, lang),
            if wait.n > 0 {
                number(wait.mean, 0, lang)
            } else {
                "-".to_owned()
            },
            percent(m("occupancy").mean, 1, lang),
        );
    }
}

/// The short-term places per year, for a scenario with them (none else: every other summary is
/// as it was): requests, the share that found no place, occupancy, and the cost of places and
/// payments (`cost_short_term_tkr`, not in the cost column above).
fn short_term_block(out: &mut String, results: &Results, lang: Lang) {
    if results.model.scenario.short_term.is_none() {
        return;
    }
    let t = |en: &'static str, sv: &'static str| tr(lang, en, sv);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:<31}{:>9} {:>9} {:>10} {:>11} {:>11}",
        t("short-term places:", "korttidsplatser:"),
        t("requests", "förfrågn."),
        t("no place", "utan plats"),
        t("occupancy", "beläggning"),
        t("payments", "betalningar"),
        t("cost tkr", "kostnad tkr"),
    );
    let _ = writeln!(
        out,
        "{:<31}{:>9} {:>9} {:>10} {:>11} {:>11}",
        "",
        t("mean", "medel"),
        t("share", "andel"),
        t("mean", "medel"),
        "tkr",
        per_year(lang),
    );
    for p in results.stats.iter().filter(|p| p.kind == PeriodKind::Year) {
        let m = |id: &str| p.metrics[index(id)];
        let occ = m("short_term_occupancy");
        let _ = writeln!(
            out,
            "  {:<29}{:>9} {:>9} {:>10} {:>11} {:>11}",
            p.year,
            number(m("short_term_requests").mean, 1, lang),
            percent(m("short_term_no_place_share").mean, 1, lang),
            if occ.n > 0 {
                percent(occ.mean, 1, lang)
            } else {
                "-".to_owned()
            },
            number(m("cost_short_term_no_place_tkr").mean, 0, lang),
            number(m("cost_short_term_tkr").mean, 0, lang),
        );
    }
}
