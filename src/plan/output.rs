//! What the planner reports: the confirmation run's figures, the files (`plan.csv`,
//! `plan-years.csv`, `frontier.csv`, the runnable scenario `plan-scenario.toml` with its
//! register `plan-units.csv`, the charts, `plan.json` last) and the printed summary. Pure: bytes
//! and text; the command writes them.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::Datelike;
use serde::Serialize;
use serde_json::json;

use super::{
    Eval, FrontierPoint, Outcome, Plan, Schedule, describe, named_units, unit_cells, wilson_lower,
};
use crate::experiment::Joint;
use crate::lang::{Lang, months, number, probability, signed, tr};
use crate::metrics::index;
use crate::report::table::per_year;
use crate::report::{self, CsvDialect, VERSION, write};
use crate::scenario::Loaded;

/// The name of the register of the chosen units.
pub const UNITS_FILE: &str = "plan-units.csv";
/// The name of the runnable scenario.
pub const SCENARIO_FILE: &str = "plan-scenario.toml";
/// The file whose presence marks a complete plan (written last).
pub const MARKER: &str = "plan.json";

/// One year of the confirmation run.
#[derive(Debug, Clone, Serialize)]
pub struct Year {
    /// Calendar year.
    pub year: i32,
    /// Whether the goals apply to it.
    pub goal_year: bool,
    /// New places opening in the year (planned dates).
    pub places_opened: u32,
    /// New places open at the end of the year (planned dates).
    pub places_open_at_end: u32,
    /// P(nobody over the offer goal without an offer at any quarter end), with the plan.
    pub p_offer: f64,
    /// Its one-sided 95 % Wilson lower bound.
    pub p_offer_lower: f64,
    /// P(occupancy at or above the target), with the plan.
    pub p_occupancy: f64,
    /// Its one-sided 95 % Wilson lower bound.
    pub p_occupancy_lower: f64,
    /// Expected total cost, tkr, with the plan.
    pub cost_tkr: f64,
    /// Expected people over the offer goal at the year's end, with the plan.
    pub over_goal_at_end: f64,
    /// P(offer goal) of the base.
    pub base_p_offer: f64,
    /// P(occupancy target) of the base.
    pub base_p_occupancy: f64,
    /// Expected total cost of the base, tkr.
    pub base_cost_tkr: f64,
    /// Paired cost difference plan − base, tkr: mean and 95 % interval.
    pub cost_difference_tkr: [f64; 3],
    /// Share of short-term requests that found no place (expected requests without a place /
    /// expected requests), with the plan; only with a short-term goal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short_term_no_place_share: Option<f64>,
}

/// The confirmation: the chosen schedule and the base on fresh replications.
#[derive(Debug, Clone, Serialize)]
pub struct Confirmation {
    /// Seed.
    pub seed: u64,
    /// Replications.
    pub replications: u32,
    /// Per year of the horizon.
    pub years: Vec<Year>,
    /// Whether every goal year meets each goal's probability (the estimate, as `run` reports it).
    pub meets: bool,
    /// Expected total cost over the plan years, tkr: plan, base.
    pub cost_tkr: f64,
    /// The base's.
    pub base_cost_tkr: f64,
}

/// The confirmation's figures from a joint run of the base and the chosen scenario.
pub fn confirmation(
    plan: &Plan,
    schedule: &Schedule,
    joint: &Joint,
    plan_years: &[i32],
) -> Confirmation {
    let (base, chosen) = (&joint.results[0], &joint.results[1]);
    let n = chosen.settings.replications;
    let lower = |p: f64| wilson_lower((p * n as f64).round() as u32, n);
    let (offer, occ, cost, over) = (
        index("goal_offer_met"),
        index("goal_occupancy_met"),
        index("cost_total_tkr"),
        index("over_offer_goal"),
    );
    let (st_cost, st_no, st_req) = (
        index("cost_short_term_tkr"),
        index("short_term_no_place"),
        index("short_term_requests"),
    );
    let mut open = 0;
    let years: Vec<Year> = chosen
        .model
        .calendar
        .years
        .iter()
        .enumerate()
        .map(|(yi, p)| {
            let opened: u32 = schedule
                .iter()
                .filter(|u| plan.search.quarters[u.quarter].start.year() == p.year)
                .map(|u| u.places)
                .sum();
            open += opened;
            let d = &joint.differences[1][yi][cost];
            // With short-term places the cost counts them and their payments too; the
            // interval of the sum adds the two half-widths (at least 95 %).
            let with_st = |r: &crate::experiment::Results, total: f64| {
                let st = r.yearly(yi, st_cost).mean;
                if st.is_nan() { total } else { total + st }
            };
            let dst = &joint.differences[1][yi][st_cost];
            let cost_difference_tkr = if chosen.yearly(yi, st_cost).n == 0 {
                [d.mean, d.ci_low, d.ci_high]
            } else {
                [
                    d.mean + dst.mean,
                    d.ci_low + dst.ci_low,
                    d.ci_high + dst.ci_high,
                ]
            };
            let short_term_no_place_share = plan.goals.short_term_no_place_share.map(|_| {
                let req = chosen.yearly(yi, st_req).mean;
                if req > 0.0 {
                    chosen.yearly(yi, st_no).mean / req
                } else {
                    0.0
                }
            });
            Year {
                year: p.year,
                goal_year: p.year >= plan.goals.from_year,
                places_opened: opened,
                places_open_at_end: open,
                p_offer: chosen.yearly(yi, offer).mean,
                p_offer_lower: lower(chosen.yearly(yi, offer).mean),
                p_occupancy: chosen.yearly(yi, occ).mean,
                p_occupancy_lower: lower(chosen.yearly(yi, occ).mean),
                cost_tkr: with_st(chosen, chosen.yearly(yi, cost).mean),
                over_goal_at_end: chosen.yearly(yi, over).mean,
                base_p_offer: base.yearly(yi, offer).mean,
                base_p_occupancy: base.yearly(yi, occ).mean,
                base_cost_tkr: with_st(base, base.yearly(yi, cost).mean),
                cost_difference_tkr,
                short_term_no_place_share,
            }
        })
        .collect();
    let goals = &plan.goals;
    let meets = years.iter().filter(|y| y.goal_year).all(|y| {
        y.p_offer >= goals.offer_probability
            && goals
                .occupancy_probability
                .is_none_or(|q| y.p_occupancy >= q)
            && goals
                .short_term_no_place_share
                .is_none_or(|x| y.short_term_no_place_share.is_some_and(|s| s <= x))
    });
    let sum = |f: &dyn Fn(&Year) -> f64| {
        years
            .iter()
            .filter(|y| plan_years.contains(&y.year))
            .map(f)
            .sum::<f64>()
    };
    Confirmation {
        seed: chosen.settings.seed,
        replications: n,
        meets,
        cost_tkr: sum(&|y| y.cost_tkr),
        base_cost_tkr: sum(&|y| y.base_cost_tkr),
        years,
    }
}

/// Everything the files and the summary are made from.
pub struct Report<'a> {
    /// The base as read.
    pub loaded: &'a Loaded,
    /// The base scenario's name.
    pub scenario: &'a str,
    /// The base file as given.
    pub scenario_file: &'a Path,
    /// The plan.
    pub plan: &'a Plan,
    /// The search's seed.
    pub seed: u64,
    /// The search.
    pub outcome: &'a Outcome,
    /// Every evaluated schedule.
    pub log: &'a [Eval],
    /// The frontier.
    pub frontier: &'a [FrontierPoint],
    /// The confirmation.
    pub confirmation: &'a Confirmation,
    /// Plan years and goal years.
    pub plan_years: &'a [i32],
    /// Goal years.
    pub goal_years: &'a [i32],
    /// The scenario's goals, which name the columns (`p_nobody_over_6_months`).
    pub names: crate::metrics::GoalValues,
}

impl Report<'_> {
    fn prov(&self, seed: u64, n: u32) -> Vec<String> {
        report::provenance_cells(self.scenario, seed, n)
    }

    /// Profiles label of a template, as the chart and tables group places.
    fn profiles_of(&self, template: usize) -> String {
        self.plan.templates[template].profiles.join("|")
    }

    /// `plan.csv`: one row per new unit of the chosen schedule.
    pub fn plan_csv(&self, d: CsvDialect, lang: Lang) -> Vec<u8> {
        let mut header: Vec<&str> = report::provenance_columns(lang).to_vec();
        header.extend(
            report::PLAN_COLUMNS
                .iter()
                .map(|&(en, sv)| tr(lang, en, sv)),
        );
        let c = self.confirmation;
        let rows = named_units(self.plan, &self.outcome.chosen.schedule)
            .into_iter()
            .map(|(id, u)| {
                let t = &self.plan.templates[u.template];
                let q = &self.plan.search.quarters[u.quarter];
                let mut row = self.prov(c.seed, c.replications);
                row.extend([
                    id,
                    t.id.clone(),
                    report::kind_name(&t.kind, lang).to_owned(),
                    self.profiles_of(u.template),
                    u.places.to_string(),
                    q.start.to_string(),
                    q.label.clone(),
                    t.district.clone(),
                    report::num(t.cost_per_place_year_tkr, d),
                    report::num(t.cost_per_place_year_tkr * u.places as f64, d),
                ]);
                row
            })
            .collect();
        report::csv_bytes(&header, rows, d)
    }

    /// `plan-years.csv`: the confirmation per year.
    pub fn years_csv(&self, d: CsvDialect, lang: Lang) -> Vec<u8> {
        let header: Vec<String> = report::provenance_columns(lang)
            .iter()
            .map(|c| c.to_string())
            .chain(
                report::PLAN_YEARS_COLUMNS
                    .iter()
                    .map(|&(en, sv)| self.names.fill(tr(lang, en, sv))),
            )
            .collect();
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let c = self.confirmation;
        let rows = c
            .years
            .iter()
            .map(|y| {
                let mut row = self.prov(c.seed, c.replications);
                row.push(y.year.to_string());
                row.push(match (lang, y.goal_year) {
                    (Lang::Sv, true) => "ja".to_owned(),
                    (Lang::Sv, false) => "nej".to_owned(),
                    (Lang::En, g) => g.to_string(),
                });
                row.push(y.places_opened.to_string());
                row.push(y.places_open_at_end.to_string());
                row.extend(
                    [
                        y.p_offer,
                        y.p_offer_lower,
                        y.p_occupancy,
                        y.p_occupancy_lower,
                        y.cost_tkr,
                        y.over_goal_at_end,
                        y.base_p_offer,
                        y.base_p_occupancy,
                        y.base_cost_tkr,
                        y.cost_difference_tkr[0],
                        y.cost_difference_tkr[1],
                        y.cost_difference_tkr[2],
                    ]
                    .iter()
                    .map(|&x| report::num(x, d)),
                );
                row
            })
            .collect();
        report::csv_bytes(&header, rows, d)
    }

    /// `frontier.csv`: the cost-probability frontier of the search.
    pub fn frontier_csv(&self, d: CsvDialect, lang: Lang) -> Vec<u8> {
        let t = |en: &'static str, sv: &'static str| tr(lang, en, sv);
        let best = self.names.fill(t(
            "best_p_nobody_over_{offer}_months",
            "bästa_p_ingen_över_{offer}_månader",
        ));
        let mut header: Vec<&str> = report::provenance_columns(lang).to_vec();
        header.extend([
            t("cost_plan_years_tkr", "kostnad_planåren_tkr"),
            best.as_str(),
            t("best_p_occupancy_at_target", "bästa_p_beläggning_når_målet"),
            t("schedule", "schema"),
        ]);
        let rows = self
            .frontier
            .iter()
            .map(|f| {
                let mut row = self.prov(self.seed, self.plan.search.replications);
                row.extend([
                    report::num(f.cost_tkr, d),
                    report::num(f.p_offer, d),
                    report::num(f.p_occupancy, d),
                    f.schedule.clone(),
                ]);
                row
            })
            .collect();
        report::csv_bytes(&header, rows, d)
    }

    /// The register of the chosen units, `None` for an empty schedule.
    pub fn units_register(&self, lang: Lang) -> Option<Vec<u8>> {
        let units = named_units(self.plan, &self.outcome.chosen.schedule);
        if units.is_empty() {
            return None;
        }
        let cells_of = |u: &crate::plan::NewUnit| -> BTreeMap<&'static str, String> {
            let t = &self.plan.templates[u.template];
            unit_cells(t, u.places, &self.plan.search.quarters[u.quarter])
                .into_iter()
                .collect()
        };
        let mut header = vec![
            "id",
            "name",
            "district",
            "kind",
            "profiles",
            "places",
            "opens",
            "cost_per_place_year_tkr",
            "external_first",
        ];
        // The columns only some templates set, present when a chosen unit sets them.
        for optional in ["delay_probability", "time_limited"] {
            if units
                .iter()
                .any(|(_, u)| cells_of(u).contains_key(optional))
            {
                header.push(optional);
            }
        }
        let rows = units
            .into_iter()
            .map(|(id, u)| {
                let cells = cells_of(u);
                let mut row = vec![id];
                row.extend(header[1..].iter().map(|&c| {
                    let v = cells.get(c).cloned().unwrap_or_default();
                    match (c, v.as_str()) {
                        ("kind", _) => report::kind_name(&v, lang).to_owned(),
                        // `ja`/`nej` in Swedish, which the register reader accepts back.
                        ("external_first" | "time_limited", "true" | "false") => {
                            crate::lang::yes_no(v == "true", lang).to_owned()
                        }
                        _ => v,
                    }
                }));
                row
            })
            .collect();
        // In Swedish the register's Swedish headers, which the register reader accepts
        // (scenario::csvread::ALIASES), so the file reads as a planner's own sheet.
        let header: Vec<&str> = header
            .into_iter()
            .map(|c| match (lang, c) {
                (Lang::En, c) => c,
                (Lang::Sv, "id") => "boende_id",
                (Lang::Sv, "name") => "namn",
                (Lang::Sv, "district") => "stadsdel",
                (Lang::Sv, "kind") => "boendeform",
                (Lang::Sv, "profiles") => "målgrupper",
                (Lang::Sv, "places") => "platser",
                (Lang::Sv, "opens") => "öppnar",
                (Lang::Sv, "cost_per_place_year_tkr") => "kostnad_per_plats_och_år_tkr",
                (Lang::Sv, "external_first") => "externa_först",
                (Lang::Sv, "delay_probability") => "förseningsrisk",
                (Lang::Sv, "time_limited") => "tidsbegränsad",
                (Lang::Sv, c) => c,
            })
            .collect();
        let (path, seed, n) = (
            self.plan.path.display(),
            self.confirmation.seed,
            self.confirmation.replications,
        );
        let mark = self.unconfirmed_mark(lang);
        let scenario = &self.scenario;
        let mut bytes = match lang {
            Lang::En => format!(
                "# New units of the plan chosen by lss-sim plan {VERSION} from {path} for scenario {scenario} (seed {seed}, {n} replications){mark}.\r\n"
            ),
            Lang::Sv => format!(
                "# Nya boenden i planen som lss-sim plan {VERSION} valde ur {path} för scenariot {scenario} (slumpfrö {seed}, {n} simuleringar){mark}.\r\n"
            ),
        }
        .into_bytes();
        bytes.extend(report::csv_bytes(&header, rows, CsvDialect::Plain));
        Some(bytes)
    }

    /// The runnable scenario: the base extended with the chosen units, with the confirmation's
    /// seed and replications, so that `lss-sim run` on it gives the confirmation's figures.
    pub fn scenario_toml(&self, out: &Path, lang: Lang) -> String {
        let from = |p: &Path| write::path_from(out, p).unwrap_or_else(|| p.display().to_string());
        let mut registers: Vec<String> = self
            .loaded
            .merged
            .get("units")
            .and_then(|u| u.get("registers"))
            .and_then(|r| r.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str())
                    .map(|p| from(Path::new(p)))
                    .collect()
            })
            .unwrap_or_default();
        let schedule = &self.outcome.chosen.schedule;
        if !schedule.is_empty() {
            registers.push(UNITS_FILE.to_owned());
        }
        let mut t = toml::Table::new();
        t.insert("extends".into(), from(self.scenario_file).into());
        t.insert("name".into(), format!("{}-plan", self.scenario).into());
        t.insert(
            "description".into(),
            format!(
                "{}{}{}: {}",
                self.scenario,
                tr(
                    lang,
                    " with the plan chosen by lss-sim plan",
                    " med planen som lss-sim plan valde"
                ),
                self.unconfirmed_mark(lang),
                describe(self.plan, schedule, lang)
            )
            .into(),
        );
        t.insert(
            "seed".into(),
            toml::Value::Integer(self.confirmation.seed as i64),
        );
        t.insert(
            "replications".into(),
            toml::Value::Integer(self.confirmation.replications as i64),
        );
        let mut units = toml::Table::new();
        units.insert(
            "registers".into(),
            toml::Value::Array(registers.into_iter().map(toml::Value::from).collect()),
        );
        t.insert("units".into(), toml::Value::Table(units));
        let (path, mark) = (self.plan.path.display(), self.unconfirmed_mark(lang));
        let toml = toml::to_string_pretty(&t).unwrap_or_default();
        match lang {
            Lang::En => format!(
                "# Written by lss-sim plan {VERSION} from {path}: the base scenario with the chosen new units{mark}\n# (paths relative to this file). Seed and replications are the confirmation's, so\n# `lss-sim run` on this file gives the confirmation's figures.\n{toml}"
            ),
            Lang::Sv => format!(
                "# Skriven av lss-sim plan {VERSION} ur {path}: grundscenariot med de valda nya boendena{mark}\n# (sökvägar från den här filen). Slumpfrö och antal simuleringar är bekräftelsens, så\n# `lss-sim run` på den här filen ger bekräftelsens siffror.\n{toml}"
            ),
        }
    }

    /// Places opened per year, grouped by the profiles served: `(label, places per year)`.
    pub fn places_by_profile(&self) -> (Vec<i32>, Vec<(String, Vec<f64>)>) {
        let years: Vec<i32> = self.confirmation.years.iter().map(|y| y.year).collect();
        let mut groups: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        for u in &self.outcome.chosen.schedule {
            let y = self.plan.search.quarters[u.quarter].start.year();
            let row = groups
                .entry(self.profiles_of(u.template))
                .or_insert_with(|| vec![0.0; years.len()]);
            if let Some(i) = years.iter().position(|&x| x == y) {
                row[i] += u.places as f64;
            }
        }
        (years, groups.into_iter().collect())
    }

    /// What the charts show.
    pub fn chart(&self) -> crate::report::charts::plan::PlanChart {
        let min = |v: Vec<f64>| v.into_iter().fold(1.0, f64::min);
        let (years, places) = self.places_by_profile();
        crate::report::charts::plan::PlanChart {
            scenario: self.scenario.to_owned(),
            seed: self.seed,
            replications: self.plan.search.replications,
            years,
            places,
            evaluated: self
                .log
                .iter()
                .map(|e| (e.cost_tkr, min(e.p_offer())))
                .collect(),
            frontier: self
                .frontier
                .iter()
                .map(|f| (f.cost_tkr, f.p_offer, f.p_occupancy))
                .collect(),
            occupancy_goal: self.plan.goals.occupancy_probability,
            chosen: (
                self.outcome.chosen.cost_tkr,
                min(self.outcome.chosen.p_offer()),
            ),
            base: (self.outcome.base.cost_tkr, min(self.outcome.base.p_offer())),
            probability: self.plan.goals.offer_probability,
            plan_years: (
                *self.plan_years.first().unwrap_or(&0),
                *self.plan_years.last().unwrap_or(&0),
            ),
        }
    }

    /// `plan.json`.
    pub fn json(&self) -> Vec<u8> {
        let o = self.outcome;
        let p_name = self.names.offer_goal_probability_name();
        let figures = |e: &Eval| {
            let mut f = json!({
                "schedule": describe(self.plan, &e.schedule, Lang::En),
                "replications": e.n,
                p_name.clone(): e.p_offer(),
                format!("{p_name}_lower95"): e.offer_met.iter().map(|&k| wilson_lower(k, e.n)).collect::<Vec<_>>(),
                "p_occupancy_at_target": e.p_occupancy(),
                "p_occupancy_at_target_lower95": e.occupancy_met.iter().map(|&k| wilson_lower(k, e.n)).collect::<Vec<_>>(),
                "cost_plan_years_tkr": e.cost_tkr,
                "own_cost_new_units_plan_years_tkr": e.own_cost_tkr,
            });
            // Only with a short-term goal, so every other plan.json is as it was.
            if !e.short_term.is_empty() {
                f["short_term_no_place_share"] = e
                    .short_term
                    .iter()
                    .map(|s| s.share())
                    .collect::<Vec<_>>()
                    .into();
                f["short_term_no_place_share_upper95"] = e
                    .short_term
                    .iter()
                    .map(|s| s.upper())
                    .collect::<Vec<_>>()
                    .into();
            }
            f
        };
        let units: Vec<_> = named_units(self.plan, &o.chosen.schedule)
            .into_iter()
            .map(|(id, u)| {
                let t = &self.plan.templates[u.template];
                json!({
                    "unit": id, "template": t.id, "kind": t.kind, "profiles": t.profiles,
                    "places": u.places, "opens": self.plan.search.quarters[u.quarter].start.to_string(),
                    "district": t.district, "cost_per_place_year_tkr": t.cost_per_place_year_tkr,
                })
            })
            .collect();
        let g = &self.plan.goals;
        let mut v = json!({
            "program": "lss-sim", "version": VERSION,
            "scenario": self.scenario,
            "plan_file": self.plan.path.display().to_string(),
            "seed": self.seed,
            "replications": self.plan.search.replications,
            "common_random_numbers": true,
            "guard": "one-sided 95 % Wilson score lower bound of each goal-year probability",
            "goals": {
                "from_year": g.from_year, "offer_probability": g.offer_probability,
                "occupancy_probability": g.occupancy_probability,
                "budget_tkr_per_year": g.budget_tkr_per_year,
            },
            "goal_years": self.goal_years,
            "plan_years": self.plan_years,
            "quarters": self.plan.search.quarters.iter().map(|q| q.label.clone()).collect::<Vec<_>>(),
            "templates": self.plan.templates.iter().map(|t| json!({
                "id": t.id, "kind": t.kind, "profiles": t.profiles, "places": t.places,
                "min_places": t.min_places, "cost_per_place_year_tkr": t.cost_per_place_year_tkr,
                "district": t.district, "earliest_quarter": self.plan.search.quarters[t.first_quarter].label,
                "max_per_year": t.max_per_year, "delay_probability": t.delay_probability,
            })).collect::<Vec<_>>(),
            "search": {
                "schedules_evaluated": self.log.len(),
                "greedy_steps": o.greedy_steps,
                "local_moves": o.local_moves,
                "meets_goals": o.meets,
                "base": figures(&o.base),
                "chosen": figures(&o.chosen),
            },
            "chosen_units": units,
            "confirmed": o.confirmed,
            "confirmation_rounds": o.rounds.iter().map(|r| json!({
                "round": r.round, "seed": r.seed, "replications": self.plan.search.confirmation_replications,
                "schedule": describe(self.plan, &r.schedule, Lang::En), "added_greedy_steps": r.added_steps,
                "confirmed": r.confirmed, "p_offer_lowest_goal_year": r.p_offer_lowest,
            })).collect::<Vec<_>>(),
            "confirmation_note": o.note,
            "confirmation": self.confirmation,
            "conflict": self.conflict(Lang::En),
            "frontier": self.frontier,
            "files": {"scenario": SCENARIO_FILE, "units": UNITS_FILE},
        });
        if let Some(x) = g.short_term_no_place_share {
            v["goals"]["short_term_no_place_share"] = x.into();
        }
        let mut bytes = serde_json::to_vec_pretty(&v).expect("serialisable");
        bytes.push(b'\n');
        bytes
    }

    /// When the search found no schedule meeting the goals: why, in words (in `lang`).
    pub fn conflict(&self, lang: Lang) -> Option<String> {
        let o = self.outcome;
        if o.meets {
            return None;
        }
        let sv = lang == Lang::Sv;
        let g = &self.plan.goals;
        let best_offer = self.frontier.iter().map(|f| f.p_offer).fold(0.0, f64::max);
        let (best, goal) = (
            probability(best_offer, g.offer_probability, lang),
            number(g.offer_probability, 2, lang),
        );
        let offer = months(self.names.offer_goal, lang);
        let mut why = if sv {
            format!(
                "inget schema ur menyn når målen med angiven sannolikhet: bästa lägsta årliga P(ingen över {offer}) är {best} (mål {goal})"
            )
        } else {
            format!(
                "no schedule of the menu meets the goals with the stated probability: the best lowest-yearly P(nobody over {offer}) reached is {best} (goal {goal})"
            )
        };
        if let Some(q) = g.occupancy_probability {
            let best_occ = self
                .frontier
                .iter()
                .map(|f| f.p_occupancy)
                .fold(0.0, f64::max);
            // Among schedules meeting the offer goal's bound, the best occupancy.
            let offer_ok: Vec<&Eval> = self
                .log
                .iter()
                .filter(|e| e.offer_lower() >= g.offer_probability)
                .collect();
            let (best, goal) = (probability(best_occ, q, lang), number(q, 2, lang));
            why += &if sv {
                format!("; bästa P(beläggningsgraden når målet) är {best} (mål {goal})")
            } else {
                format!("; the best P(occupancy at target) is {best} (goal {goal})")
            };
            if !offer_ok.is_empty() {
                let occ = offer_ok
                    .iter()
                    .map(|e| e.p_occupancy().into_iter().fold(1.0, f64::min))
                    .fold(0.0, f64::max);
                let occ = probability(occ, q, lang);
                why += &if sv {
                    format!(
                        "; målen står mot varandra: de scheman som når erbjudandemålet når P(beläggningsgraden når målet) {occ} som bäst (se fronten)"
                    )
                } else {
                    format!(
                        "; the goals conflict: the schedules that meet the offer goal reach P(occupancy at target) {occ} at best (see the frontier)"
                    )
                };
            }
        } else if self.outcome.chosen.schedule.len() >= self.plan.search.max_units {
            let max = self.plan.search.max_units;
            why += &if sv {
                format!("; sökningen stannade vid search.max_units = {max}")
            } else {
                format!("; the search stopped at search.max_units = {max}")
            };
        } else {
            why += tr(
                lang,
                "; more or earlier units of the menu would be needed (a larger max_per_year, earlier `earliest`, or a higher budget)",
                "; fler eller tidigare boenden ur menyn skulle behövas (större max_per_year, tidigare `earliest` eller högre budget)",
            );
        }
        Some(why)
    }

    /// The confirmation rounds in words, ending with the verdict (in `lang`).
    pub fn rounds_text(&self, lang: Lang) -> String {
        let o = self.outcome;
        let sv = lang == Lang::Sv;
        let goal = self.plan.goals.offer_probability;
        let mut t = if sv {
            format!(
                "bekräftelseomgångar: {} av högst {}\n",
                o.rounds.len(),
                super::CONFIRMATION_ROUNDS
            )
        } else {
            format!(
                "confirmation rounds: {} of at most {}\n",
                o.rounds.len(),
                super::CONFIRMATION_ROUNDS
            )
        };
        let n = self.plan.search.confirmation_replications;
        for r in &o.rounds {
            let p = probability(r.p_offer_lowest, goal, lang);
            t += &if sv {
                format!(
                    "  omgång {}: slumpfrö {}, {n} simuleringar{}: lägsta P under målåren {p}, {}\n",
                    r.round,
                    r.seed,
                    if r.added_steps > 0 {
                        format!(
                            ", efter {} {} till på de sammanslagna simuleringarna",
                            r.added_steps,
                            if r.added_steps == 1 {
                                "girigt steg"
                            } else {
                                "giriga steg"
                            }
                        )
                    } else {
                        String::new()
                    },
                    if r.confirmed { "bekräftad" } else { "missad" }
                )
            } else {
                format!(
                    "  round {}: seed {}, {n} replications{}: lowest goal-year P {p}, {}\n",
                    r.round,
                    r.seed,
                    if r.added_steps > 0 {
                        format!(
                            ", after {} more greedy step(s) on the pooled evidence",
                            r.added_steps
                        )
                    } else {
                        String::new()
                    },
                    if r.confirmed { "confirmed" } else { "missed" }
                )
            };
        }
        let rounds = o.rounds.len();
        let note = o
            .note
            .map_or(String::new(), |n| format!(" ({})", n.text(lang)));
        t += &match (o.confirmed, sv) {
            (true, false) => format!(
                "confirmed: the plan meets the goals in every goal year on the fresh replications of round {rounds}\n"
            ),
            (true, true) => format!(
                "bekräftad: planen når målen varje målår i de nya simuleringarna i omgång {rounds}\n"
            ),
            (false, false) => format!(
                "NOT confirmed: no plan was confirmed within {rounds} round(s){note}; the outputs hold the last plan tried, marked unconfirmed\n"
            ),
            (false, true) => format!(
                "INTE bekräftad: ingen plan bekräftades på {rounds} omgång(ar){note}; utdata visar den sista planen som prövades, märkt obekräftad\n"
            ),
        };
        t
    }

    /// ` (NOT confirmed)` for a plan no confirmation round confirmed.
    fn unconfirmed_mark(&self, lang: Lang) -> &'static str {
        if self.outcome.confirmed {
            ""
        } else {
            tr(lang, " (NOT confirmed)", " (INTE bekräftad)")
        }
    }

    /// The printed summary, in `lang`: each goal year's probabilities with their one-sided
    /// 95 % Wilson lower bound, printed with enough digits that 0.795 never reads as a met 0.80.
    pub fn summary(&self, seconds: f64, out: &Path, lang: Lang) -> String {
        let c = self.confirmation;
        let o = self.outcome;
        let g = &self.plan.goals;
        let sv = lang == Lang::Sv;
        let tx = |en: &'static str, sv: &'static str| tr(lang, en, sv);
        let occ_goal = g.occupancy_probability.map_or(String::new(), |q| {
            let q = number(q, 2, lang);
            if sv {
                format!(", beläggningsmålet med P >= {q}")
            } else {
                format!(", occupancy target with P >= {q}")
            }
        });
        let budget = g.budget_tkr_per_year.map_or(String::new(), |b| {
            let b = number(b, 0, lang);
            if sv {
                format!(", nya boenden högst {b} tkr per år")
            } else {
                format!(", new units at most {b} tkr a year")
            }
        });
        let budget = budget
            + &g.short_term_no_place_share.map_or(String::new(), |x| {
                let x = number(x, 2, lang);
                if sv {
                    format!(", korttidsförfrågningar utan plats högst {x}")
                } else {
                    format!(", short-term requests without a place at most {x}")
                }
            });
        let p_goal = number(g.offer_probability, 2, lang);
        let mut t = if sv {
            format!(
                "{} — plan {}: målen från {} med P >= {p_goal}{occ_goal}{budget}\nsökning: {} scheman prövade ({} giriga steg, {} lokala byten), {} simuleringar var, slumpfrö {} (samma slumptal); ett mål räknas som nått när den ensidiga 95 %-iga Wilson-gränsen nedåt når det\n\n",
                self.scenario,
                self.plan.path.display(),
                g.from_year,
                self.log.len(),
                o.greedy_steps,
                o.local_moves,
                self.plan.search.replications,
                self.seed
            )
        } else {
            format!(
                "{} — plan {}: goals from {} with P >= {p_goal}{occ_goal}{budget}\nsearch: {} schedules evaluated ({} greedy steps, {} local moves), {} replications each, seed {} (common random numbers); a goal counts as met when the one-sided 95 % Wilson lower bound clears it\n\n",
                self.scenario,
                self.plan.path.display(),
                g.from_year,
                self.log.len(),
                o.greedy_steps,
                o.local_moves,
                self.plan.search.replications,
                self.seed
            )
        };
        let units = named_units(self.plan, &o.chosen.schedule);
        if units.is_empty() {
            t += tx("chosen: no new units\n", "valt: inga nya boenden\n");
        } else {
            let places = o.chosen.schedule.iter().map(|u| u.places).sum::<u32>();
            t += &if sv {
                format!("valt: {} nya boenden, {places} platser\n", units.len())
            } else {
                format!("chosen: {} new units, {places} places\n", units.len())
            };
            for (id, u) in &units {
                let tp = &self.plan.templates[u.template];
                t += &format!(
                    "  {:<20} {:<8} {:<22} {:>3} {}  {} {}  {:<14} {:>7} {}\n",
                    id,
                    report::kind_name(&tp.kind, lang),
                    tp.profiles.join("|"),
                    u.places,
                    tx("places", "platser"),
                    tx("opens", "öppnar"),
                    self.plan.search.quarters[u.quarter].start,
                    tp.district,
                    number(tp.cost_per_place_year_tkr, 0, lang),
                    tx("tkr/place-year", "tkr/platsår"),
                );
            }
        }
        t += &if sv {
            format!(
                "\nbekräftelse: {} nya simuleringar, slumpfrö {}\n",
                c.replications, c.seed
            )
        } else {
            format!(
                "\nconfirmation: {} fresh replications, seed {}\n",
                c.replications, c.seed
            )
        };
        let over = format!(">{} mån", self.names.offer_goal);
        t += &format!(
            "{:<6} {:>7} {:>7} {:>12} {:>9} {:>9} {:>12} {:>12} {:>26}\n",
            tx("year", "år"),
            tx("opened", "öppnade"),
            tx("open", "öppna"),
            format!("P({} {over})", tx("none", "ingen")),
            tx("lower95", "nedre95"),
            tx("P(occ)", "P(bel.)"),
            tx("cost tkr", "kostnad tkr"),
            tx("base cost", "utan plan"),
            tx("Δ cost [95% CI]", "Δ kostnad [95 % KI]"),
        );
        t += &format!(
            "{:<6} {:>7} {:>7} {:>12} {:>9} {:>9} {:>12} {:>12} {:>26}\n",
            "",
            "",
            "",
            "",
            "",
            "",
            per_year(lang),
            per_year(lang),
            per_year(lang),
        );
        let occ_p = g.occupancy_probability.unwrap_or(g.offer_probability);
        for y in &c.years {
            let [d, lo, hi] = y.cost_difference_tkr;
            let sep = tx(", ", "; ");
            t += &format!(
                "{:<6} {:>7} {:>7} {:>12} {:>9} {:>9} {:>12} {:>12} {:>26}{}\n",
                y.year,
                y.places_opened,
                y.places_open_at_end,
                probability(y.p_offer, g.offer_probability, lang),
                probability(y.p_offer_lower, g.offer_probability, lang),
                match g.occupancy_probability {
                    Some(_) => probability(y.p_occupancy, occ_p, lang),
                    None => number(y.p_occupancy, 2, lang),
                },
                number(y.cost_tkr, 0, lang),
                number(y.base_cost_tkr, 0, lang),
                format!(
                    "{} [{}{sep}{}]",
                    signed(d, 0, lang),
                    signed(lo, 0, lang),
                    signed(hi, 0, lang)
                ),
                if y.goal_year {
                    ""
                } else {
                    tx("  (not a goal year)", "  (inte ett målår)")
                }
            );
        }
        if let Some(x) = g.short_term_no_place_share {
            let shares: Vec<String> = c
                .years
                .iter()
                .filter_map(|y| {
                    y.short_term_no_place_share
                        .map(|s| format!("{} {}", y.year, number(s, 3, lang)))
                })
                .collect();
            let x = number(x, 2, lang);
            t += &if sv {
                format!(
                    "korttidsförfrågningar utan plats (målet högst {x} under målåren): {}\n",
                    shares.join(", ")
                )
            } else {
                format!(
                    "short-term requests without a place (goal at most {x} in the goal years): {}\n",
                    shares.join(", ")
                )
            };
        }
        let (first, last) = (
            self.plan_years.first().unwrap_or(&0),
            self.plan_years.last().unwrap_or(&0),
        );
        let (with, without, diff) = (
            number(c.cost_tkr, 0, lang),
            number(c.base_cost_tkr, 0, lang),
            signed(c.cost_tkr - c.base_cost_tkr, 0, lang),
        );
        t += &if sv {
            format!(
                "\nväntad total kostnad {first}–{last}: {with} tkr med planen, {without} tkr utan ({diff} tkr)\n"
            )
        } else {
            format!(
                "\nexpected total cost {first}–{last}: {with} tkr with the plan, {without} tkr without ({diff} tkr)\n"
            )
        };
        if o.meets {
            t += &self.rounds_text(lang);
        }
        if let Some(why) = self.conflict(lang) {
            t += &format!("{why}\n");
        }
        t += &if sv {
            format!(
                "sökning och bekräftelse tog {} s; resultat i {}\n",
                number(seconds, 1, lang),
                out.display()
            )
        } else {
            format!(
                "search and confirmation took {seconds:.1} s; results in {}\n",
                out.display()
            )
        };
        t
    }
}
