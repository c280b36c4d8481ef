//! The reported metrics: how each is computed for a period from one replication's months.
//!
//! docs/model.md ("What is reported and why") says why they are reported and docs/outputs.md
//! lists them (a test below keeps its table in step); this table is the single place that turns
//! engine records into the numbers in every output, so the CSV columns, the JSON and the printed
//! summary agree.

use crate::calendar::{Calendar, PeriodKind};
use crate::engine::outcome::{MonthRecord, Outcome, ProfileSlot, Slot};
use crate::lang::Lang;

/// How a metric is computed over the months of a period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum How {
    /// The value of a snapshot slot at the period's end.
    End(Slot),
    /// The sum of a slot over the months.
    Sum(Slot),
    /// Sum of the first slot over the sum of the second (NaN when the second is 0).
    Ratio(Slot, Slot),
    /// Sum of the first slot divided by the period's days (a time average).
    Average(Slot),
    /// Unexecuted decisions past the reporting limit, summed over the quarter ends in the period.
    IvoReports,
    /// 1 if nobody waited past the offer goal without an offer at any quarter end in the period.
    GoalOffer,
    /// 1 if occupancy over the period is at least the target.
    GoalOccupancy,
    /// Own places + external placements + expected fees, tkr.
    CostTotal,
    /// Training stays ended (own flat or the queue) per open training place-year.
    TrainingTurnover,
    /// Short-term places' own cost + the payments for stays without a place, tkr.
    CostShortTerm,
    /// A short-term metric: computed as the inner rule when the records have short-term places
    /// ([`Slot::ShortTermService`]), else NaN: it does not apply, and no output shows it.
    ShortTerm(&'static How),
}

/// A reported metric.
///
/// A metric about a goal has a goal-neutral [`id`](Metric::id) in the code and a name in the
/// outputs built from the configured goal ([`GoalValues::metric_name`]): `over_offer_goal` is
/// written `over_6_months` with a 6-month offer goal and `over_4_months` with a 4-month one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metric {
    /// What the code looks the metric up by ([`index`]); the same for every goal, never written.
    pub id: &'static str,
    /// The name in the outputs (CSV `metric` column, JSON key), with `{offer}` and `{report}`
    /// for the configured goals: use [`GoalValues::metric_name`].
    pub name_template: &'static str,
    /// Unit.
    pub unit: &'static str,
    /// What it is, with `{offer_months}`, `{report_months}` and `{target}` for the configured
    /// goals: use [`GoalValues::metric_description`].
    pub description_template: &'static str,
    /// How it is computed.
    pub how: How,
    /// A metric of training housing with a time limit: reported only for a scenario that has it
    /// ([`crate::model::Scenario::has_training_limit`]), so other outputs are unchanged.
    pub training: bool,
}

impl Metric {
    /// The values it can take, which its confidence interval keeps to.
    pub fn range(&self) -> crate::stats::Range {
        use crate::stats::Range;
        match self.how {
            How::GoalOffer | How::GoalOccupancy => Range::Indicator,
            _ if self.unit == "share" => Range::Share,
            _ => Range::NonNegative,
        }
    }

    /// Whether this is a metric of the short-term places, shown only for a scenario with them.
    pub fn is_short_term(&self) -> bool {
        matches!(self.how, How::ShortTerm(_))
    }
}

/// A short-term metric ([`How::ShortTerm`]).
const fn st(
    name: &'static str,
    unit: &'static str,
    description: &'static str,
    how: &'static How,
) -> Metric {
    m(name, unit, description, How::ShortTerm(how))
}

/// A metric whose name does not depend on a goal.
const fn m(name: &'static str, unit: &'static str, description: &'static str, how: How) -> Metric {
    g(name, name, unit, description, how)
}

/// A metric named after a goal: `id` in the code, `name` (a template) in the outputs.
const fn g(
    id: &'static str,
    name: &'static str,
    unit: &'static str,
    description: &'static str,
    how: How,
) -> Metric {
    Metric {
        id,
        name_template: name,
        unit,
        description_template: description,
        how,
        training: false,
    }
}

/// A metric of training housing with a time limit ([`Metric::training`]).
const fn t(name: &'static str, unit: &'static str, description: &'static str, how: How) -> Metric {
    Metric {
        training: true,
        ..m(name, unit, description, how)
    }
}

/// The configured goals, as the outputs name them: a metric name, a column or a label about a
/// goal is built from these values, so a planner with a 4-month offer goal never reads "over 6
/// months" (the shipped scenarios' 6 months, 3 months and 98 % give the names they always had).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GoalValues {
    /// The offer goal: an offer within this many calendar months of the decision
    /// (`goals.offer_within_months`).
    pub offer_goal: u32,
    /// The reporting limit: decisions unexecuted this many calendar months after the decision
    /// are reported to IVO (`goals.report_after_months`).
    pub report_limit: u32,
    /// The occupancy target, a share (`goals.occupancy_target`).
    pub occupancy_target: f64,
}

impl From<&crate::model::Goals> for GoalValues {
    fn from(g: &crate::model::Goals) -> Self {
        GoalValues {
            offer_goal: g.offer_within_months,
            report_limit: g.report_after_months,
            occupancy_target: g.occupancy_target,
        }
    }
}

/// `6 months`, `1 month`.
pub fn months_en(n: u32) -> String {
    if n == 1 {
        "1 month".to_owned()
    } else {
        format!("{n} months")
    }
}

impl GoalValues {
    /// The occupancy target in percent with as many decimals as it needs (at most two, a point
    /// as the decimal sign): `98` for 0.98, `97.5` for 0.975.
    pub fn target_percent(&self) -> String {
        let d = self.target_decimals();
        format!("{:.d$}", self.occupancy_target * 100.0)
    }

    /// How many decimals (0 to 2) the occupancy target needs in percent: 0 for 0.98, 1 for
    /// 0.975. Labels print the target with these, so 97.5 % is never rounded to 98 %.
    pub fn target_decimals(&self) -> usize {
        let p = self.occupancy_target * 100.0;
        (0..2)
            .find(|&d| {
                let f = 10f64.powi(d as i32);
                ((p * f).round() - p * f).abs() < 1e-6
            })
            .unwrap_or(2)
    }

    /// `template` with `{offer}` and `{report}` (the goals' months), `{offer_months}` and
    /// `{report_months}` (`6 months`, `1 month`) and `{target}` ([`Self::target_percent`]).
    pub fn fill(&self, template: &str) -> String {
        template
            .replace("{offer_months}", &months_en(self.offer_goal))
            .replace("{report_months}", &months_en(self.report_limit))
            .replace("{offer}", &self.offer_goal.to_string())
            .replace("{report}", &self.report_limit.to_string())
            .replace("{target}", &self.target_percent())
    }

    /// The name of `metric` in the outputs: `over_6_months` for `over_offer_goal` with a 6-month
    /// goal. With the reporting limit equal to the offer goal, the metric of the limit is
    /// `over_N_months_ivo`, since `over_N_months` names the offer goal's.
    pub fn metric_name(&self, metric: &Metric) -> String {
        let name = self.fill(metric.name_template);
        if metric.id == "over_report_limit" && self.report_limit == self.offer_goal {
            name + "_ivo"
        } else {
            name
        }
    }

    /// The name in the outputs of the metric with this [`id`](Metric::id).
    pub fn name(&self, id: &str) -> String {
        self.metric_name(&METRICS[index(id)])
    }

    /// The name of the probability of meeting the offer goal, in `summary.json` and the sweep's
    /// tables: `p_nobody_over_6_months`.
    pub fn offer_goal_probability_name(&self) -> String {
        self.fill("p_nobody_over_{offer}_months")
    }

    /// The description of `metric`, with the configured goals.
    pub fn metric_description(&self, metric: &Metric) -> String {
        self.fill(metric.description_template)
    }
}

/// The Swedish name template of each metric (by [`id`](Metric::id)), for `--lang sv`: the
/// CSV files' `mått` column. The same `{offer}` and `{report}` placeholders as the English.
const SWEDISH_NAMES: &[(&str, &str)] = &[
    ("queue", "kö"),
    ("queue_in_external_placement", "kö_i_extern_placering"),
    ("over_offer_goal", "över_{offer}_månader"),
    (
        "over_offer_goal_unexecuted",
        "över_{offer}_månader_ej_verkställda",
    ),
    ("over_report_limit", "över_{report}_månader"),
    ("ivo_reports", "ivo_rapporter"),
    ("goal_offer_met", "mål_erbjudande_nått"),
    ("occupancy", "beläggningsgrad"),
    ("goal_occupancy_met", "mål_beläggning_nått"),
    ("first_offers", "första_erbjudanden"),
    ("wait_to_first_offer_days", "dagar_till_första_erbjudande"),
    ("late_first_offer_share", "andel_sena_första_erbjudanden"),
    ("move_ins", "inflyttningar"),
    ("wait_to_move_in_days", "dagar_till_inflyttning"),
    ("applications", "ansökningar"),
    ("decisions", "beviljade_beslut"),
    ("rejections", "avslag"),
    ("offers", "erbjudanden"),
    ("declines", "tackat_nej"),
    ("withdrawals", "återtagna_ansökningar"),
    ("exits", "avflyttade"),
    ("hemtagningar", "hemtagningar"),
    ("new_external_placements", "nya_externa_placeringar"),
    ("external_placements", "externa_placeringar"),
    ("external_person_days", "externa_persondagar"),
    ("open_places", "öppna_platser"),
    ("occupied_places", "belagda_platser"),
    ("vacant_places", "lediga_platser"),
    ("vacant_place_days", "tomma_platsdagar"),
    ("mean_queue", "kö_medel"),
    ("mean_occupied_places", "belagda_platser_medel"),
    ("cost_own_places_tkr", "kostnad_egna_platser_tkr"),
    ("cost_external_tkr", "kostnad_externa_placeringar_tkr"),
    ("cost_fees_tkr", "kostnad_särskild_avgift_tkr"),
    ("cost_total_tkr", "kostnad_totalt_tkr"),
    ("training_places", "träningsplatser"),
    ("short_term_requests", "korttidsförfrågningar"),
    ("short_term_no_place", "korttid_utan_plats"),
    ("short_term_no_place_share", "andel_korttid_utan_plats"),
    ("short_term_occupancy", "beläggningsgrad_korttidsplatser"),
    ("short_term_places", "korttidsplatser"),
    ("short_term_mean_occupied", "medel_belagda_korttidsplatser"),
    ("short_term_no_place_days", "dagar_korttid_utan_plats"),
    ("cost_short_term_places_tkr", "kostnad_korttidsplatser_tkr"),
    (
        "cost_short_term_no_place_tkr",
        "kostnad_korttid_utan_plats_tkr",
    ),
    ("cost_short_term_tkr", "kostnad_korttid_tkr"),
    ("trainees", "i_träningsboende"),
    ("training_occupancy", "beläggningsgrad_träningsboende"),
    ("training_starts", "inflyttningar_träningsboende"),
    ("training_to_own_flat", "träning_till_egen_lägenhet"),
    ("training_to_queue", "träning_till_kön"),
    ("training_prolonged", "träning_förlängd"),
    ("training_turnover", "träning_omsättning"),
];

/// A metric's unit in `lang`: `people` is `personer` in Swedish.
pub fn unit_in(unit: &'static str, lang: Lang) -> &'static str {
    if lang == Lang::En {
        return unit;
    }
    match unit {
        "people" => "personer",
        "reports" => "rapporter",
        "share" => "andel",
        "days" => "dagar",
        "count" => "antal",
        "places" => "platser",
        "per place-year" => "per platsår",
        other => other,
    }
}

impl GoalValues {
    /// The name of `metric` in the outputs in `lang`: [`GoalValues::metric_name`] in English,
    /// the Swedish name (`över_6_månader`) in Swedish; a metric without a Swedish name keeps its
    /// English one (a test below requires one for each).
    pub fn metric_name_in(&self, metric: &Metric, lang: Lang) -> String {
        let sv = SWEDISH_NAMES
            .iter()
            .find(|(id, _)| *id == metric.id)
            .map(|(_, n)| *n);
        match (lang, sv) {
            (Lang::Sv, Some(template)) => {
                let name = self.fill(template);
                if metric.id == "over_report_limit" && self.report_limit == self.offer_goal {
                    name + "_ivo"
                } else {
                    name
                }
            }
            _ => self.metric_name(metric),
        }
    }

    /// [`GoalValues::metric_name_in`] of the metric with this [`id`](Metric::id).
    pub fn name_in(&self, id: &str, lang: Lang) -> String {
        self.metric_name_in(&METRICS[index(id)], lang)
    }
}

/// Every metric, in output order.
pub const METRICS: &[Metric] = &[
    m(
        "queue",
        "people",
        "people with a granted, unexecuted decision at period end (offered, moving in or placed externally while waiting included)",
        How::End(Slot::Queue),
    ),
    m(
        "queue_in_external_placement",
        "people",
        "of the queue, people living in an external placement while waiting",
        How::End(Slot::QueueExternal),
    ),
    g(
        "over_offer_goal",
        "over_{offer}_months",
        "people",
        "people in the queue at period end whose decision is older than the offer goal ({offer_months}) and who have had no offer",
        How::End(Slot::OverOfferGoalNoOffer),
    ),
    g(
        "over_offer_goal_unexecuted",
        "over_{offer}_months_unexecuted",
        "people",
        "people in the queue at period end whose decision is older than {offer_months}, offered or not",
        How::End(Slot::OverOfferGoal),
    ),
    g(
        "over_report_limit",
        "over_{report}_months",
        "people",
        "unexecuted decisions older than the reporting limit ({report_months}) at period end",
        How::End(Slot::OverReportLimit),
    ),
    m(
        "ivo_reports",
        "reports",
        "unexecuted decisions older than {report_months}, summed over the quarter ends in the period (what is reported to IVO)",
        How::IvoReports,
    ),
    m(
        "goal_offer_met",
        "share",
        "1 when nobody waits over {offer_months} without an offer at any quarter end in the period; its mean is the probability",
        How::GoalOffer,
    ),
    m(
        "occupancy",
        "share",
        "occupied place-days / open place-days (reserved places count as not occupied)",
        How::Ratio(Slot::OccupiedDays, Slot::OpenPlaceDays),
    ),
    m(
        "goal_occupancy_met",
        "share",
        "1 when occupancy reaches the target ({target} %); its mean is the probability",
        How::GoalOccupancy,
    ),
    m(
        "first_offers",
        "people",
        "first offers made in the period",
        How::Sum(Slot::FirstOffers),
    ),
    m(
        "wait_to_first_offer_days",
        "days",
        "mean days from decision to first offer, over first offers made in the period",
        How::Ratio(Slot::WaitFirstOfferSum, Slot::FirstOffers),
    ),
    m(
        "late_first_offer_share",
        "share",
        "share of the period's first offers made later than {offer_months} after the decision",
        How::Ratio(Slot::FirstOffersLate, Slot::FirstOffers),
    ),
    m(
        "move_ins",
        "people",
        "decisions executed by moving in (verkställda) in the period",
        How::Sum(Slot::MoveIns),
    ),
    m(
        "wait_to_move_in_days",
        "days",
        "mean days from decision to move-in, over the period's move-ins",
        How::Ratio(Slot::WaitMoveInSum, Slot::MoveIns),
    ),
    m(
        "applications",
        "count",
        "applications received",
        How::Sum(Slot::Applications),
    ),
    m(
        "decisions",
        "count",
        "applications granted",
        How::Sum(Slot::Decisions),
    ),
    m(
        "rejections",
        "count",
        "applications rejected",
        How::Sum(Slot::Rejections),
    ),
    m("offers", "count", "offers made", How::Sum(Slot::Offers)),
    m(
        "declines",
        "count",
        "offers declined",
        How::Sum(Slot::Declines),
    ),
    m(
        "withdrawals",
        "count",
        "people who left the queue without a place",
        How::Sum(Slot::Withdrawals),
    ),
    m(
        "exits",
        "count",
        "residents and externally placed people who left for good",
        How::Sum(Slot::Exits),
    ),
    m(
        "hemtagningar",
        "count",
        "people who moved from an external placement into an own place",
        How::Sum(Slot::Hemtagningar),
    ),
    m(
        "new_external_placements",
        "count",
        "people placed externally in the period",
        How::Sum(Slot::ExternalPlacements),
    ),
    m(
        "external_placements",
        "people",
        "people in external placements at period end (queued or with the decision executed there)",
        How::End(Slot::External),
    ),
    m(
        "external_person_days",
        "days",
        "person-days in external placements",
        How::Sum(Slot::ExternalDays),
    ),
    m(
        "open_places",
        "places",
        "open own places at period end",
        How::End(Slot::OpenPlaces),
    ),
    m(
        "occupied_places",
        "places",
        "occupied own places at period end",
        How::End(Slot::Occupied),
    ),
    m(
        "vacant_places",
        "places",
        "vacant places at period end (neither occupied nor reserved)",
        How::End(Slot::Vacant),
    ),
    m(
        "vacant_place_days",
        "days",
        "vacant place-days",
        How::Sum(Slot::VacantDays),
    ),
    m(
        "mean_queue",
        "people",
        "time-average of the queue over the period",
        How::Average(Slot::QueueDays),
    ),
    m(
        "mean_occupied_places",
        "places",
        "time-average of occupied places over the period",
        How::Average(Slot::OccupiedDays),
    ),
    m(
        "cost_own_places_tkr",
        "tkr",
        "open own place-days x cost per place-year / 365.25",
        How::Sum(Slot::OwnCost),
    ),
    m(
        "cost_external_tkr",
        "tkr",
        "external person-days x cost per person-year / 365.25",
        How::Sum(Slot::ExternalCost),
    ),
    m(
        "cost_fees_tkr",
        "tkr",
        "expected särskild avgift for decisions unexecuted past the fee limit",
        How::Sum(Slot::FeeCost),
    ),
    m(
        "cost_total_tkr",
        "tkr",
        "own places + external placements + expected fees",
        How::CostTotal,
    ),
    t(
        "training_places",
        "places",
        "open places in time-limited training units at period end",
        How::End(Slot::TrainingPlaces),
    ),
    t(
        "trainees",
        "people",
        "people in time-limited training places at period end",
        How::End(Slot::Trainees),
    ),
    t(
        "training_occupancy",
        "share",
        "occupied / open place-days of the time-limited training units",
        How::Ratio(Slot::TrainingOccupiedDays, Slot::TrainingPlaceDays),
    ),
    t(
        "training_starts",
        "count",
        "move-ins to time-limited training places",
        How::Sum(Slot::TrainingStarts),
    ),
    t(
        "training_to_own_flat",
        "count",
        "training stays ended with an own flat with less support (the person leaves housing demand)",
        How::Sum(Slot::TrainingOwnFlat),
    ),
    t(
        "training_to_queue",
        "count",
        "training stays ended with a new decision for a permanent place (the person joins the queue)",
        How::Sum(Slot::TrainingPermanent),
    ),
    t(
        "training_prolonged",
        "count",
        "training stays prolonged at their end",
        How::Sum(Slot::TrainingProlonged),
    ),
    t(
        "training_turnover",
        "per place-year",
        "training stays ended (own flat or queue) per open training place-year",
        How::TrainingTurnover,
    ),
    st(
        "short_term_requests",
        "count",
        "requests for a short-term place (korttidsplats)",
        &How::Sum(Slot::ShortTermRequests),
    ),
    st(
        "short_term_no_place",
        "count",
        "short-term requests that found no free place",
        &How::Sum(Slot::ShortTermNoPlace),
    ),
    st(
        "short_term_no_place_share",
        "share",
        "share of the period's short-term requests that found no free place (blocking)",
        &How::Ratio(Slot::ShortTermNoPlace, Slot::ShortTermRequests),
    ),
    st(
        "short_term_occupancy",
        "share",
        "occupied short-term place-days / open short-term place-days",
        &How::Ratio(Slot::ShortTermOccupiedDays, Slot::ShortTermOpenPlaceDays),
    ),
    st(
        "short_term_places",
        "places",
        "open short-term places at period end",
        &How::End(Slot::ShortTermOpenPlaces),
    ),
    st(
        "short_term_mean_occupied",
        "places",
        "time-average of occupied short-term places over the period",
        &How::Average(Slot::ShortTermOccupiedDays),
    ),
    st(
        "short_term_no_place_days",
        "days",
        "days of short-term stays that found no place (each paid per day)",
        &How::Sum(Slot::ShortTermNoPlaceDays),
    ),
    st(
        "cost_short_term_places_tkr",
        "tkr",
        "open short-term place-days x cost per place-year / 365.25",
        &How::Sum(Slot::ShortTermOwnCost),
    ),
    st(
        "cost_short_term_no_place_tkr",
        "tkr",
        "days of stays without a place x no_place_cost_per_day_tkr",
        &How::Sum(Slot::ShortTermNoPlaceCost),
    ),
    st(
        "cost_short_term_tkr",
        "tkr",
        "short-term places + payments for stays without a place (not in cost_total_tkr)",
        &How::CostShortTerm,
    ),
];

/// Index of a metric by its [`id`](Metric::id).
pub fn index(id: &str) -> usize {
    METRICS
        .iter()
        .position(|m| m.id == id)
        .unwrap_or_else(|| panic!("no metric {id}"))
}

/// A reporting period as month indices.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodRef {
    /// Kind.
    pub kind: PeriodKind,
    /// Label.
    pub label: String,
    /// Calendar year.
    pub year: i32,
    /// First month index.
    pub first: usize,
    /// Last month index (inclusive).
    pub last: usize,
    /// Length in days.
    pub days: f64,
}

/// All periods of a calendar: months, then quarters, then years.
pub fn periods(cal: &Calendar) -> Vec<PeriodRef> {
    let mut out = Vec::new();
    let span = |of: &dyn Fn(usize) -> usize, i: usize| {
        let ms: Vec<usize> = (0..cal.months.len()).filter(|&m| of(m) == i).collect();
        (ms[0], *ms.last().expect("non-empty"))
    };
    for (i, p) in cal.months.iter().enumerate() {
        out.push(PeriodRef {
            kind: PeriodKind::Month,
            label: p.label.clone(),
            year: p.year,
            first: i,
            last: i,
            days: p.end - p.start,
        });
    }
    for (i, p) in cal.quarters.iter().enumerate() {
        let (first, last) = span(&|m| cal.quarter_of_month[m], i);
        out.push(PeriodRef {
            kind: PeriodKind::Quarter,
            label: p.label.clone(),
            year: p.year,
            first,
            last,
            days: p.end - p.start,
        });
    }
    for (i, p) in cal.years.iter().enumerate() {
        let (first, last) = span(&|m| cal.year_of_month[m], i);
        out.push(PeriodRef {
            kind: PeriodKind::Year,
            label: p.label.clone(),
            year: p.year,
            first,
            last,
            days: p.end - p.start,
        });
    }
    out
}

/// The value of `metric` over `period` for one replication's `months`.
pub fn value(
    metric: &Metric,
    period: &PeriodRef,
    months: &[MonthRecord],
    cal: &Calendar,
    occupancy_target: f64,
) -> f64 {
    value_of(metric, period, cal, occupancy_target, |m, s| {
        months[m].get(s)
    })
}

/// [`value`] over any monthly records: `get(month, slot)` reads a slot of a month (NaN where
/// the records do not hold it).
fn value_of(
    metric: &Metric,
    period: &PeriodRef,
    cal: &Calendar,
    occupancy_target: f64,
    get: impl Fn(usize, Slot) -> f64,
) -> f64 {
    let how = match metric.how {
        How::ShortTerm(inner) if get(period.last, Slot::ShortTermService) == 1.0 => *inner,
        How::ShortTerm(_) => return f64::NAN,
        how => how,
    };
    let months = period.first..=period.last;
    let sum = |s: Slot| months.clone().map(|m| get(m, s)).sum::<f64>();
    let quarter_ends = || (period.first..=period.last).filter(|&m| cal.month_ends_quarter(m));
    let not_a_quarter_end =
        period.kind == PeriodKind::Month && !cal.month_ends_quarter(period.first);
    match how {
        How::End(s) => get(period.last, s),
        How::Sum(s) => sum(s),
        How::Ratio(a, b) => {
            let d = sum(b);
            if d > 0.0 { sum(a) / d } else { f64::NAN }
        }
        How::Average(s) => sum(s) / period.days,
        How::IvoReports => {
            if not_a_quarter_end {
                f64::NAN
            } else {
                quarter_ends().map(|m| get(m, Slot::OverReportLimit)).sum()
            }
        }
        How::GoalOffer => {
            if not_a_quarter_end {
                f64::NAN
            } else {
                quarter_ends().all(|m| get(m, Slot::OverOfferGoalNoOffer) == 0.0) as u8 as f64
            }
        }
        How::GoalOccupancy => {
            let d = sum(Slot::OpenPlaceDays);
            if d > 0.0 {
                (sum(Slot::OccupiedDays) / d >= occupancy_target) as u8 as f64
            } else {
                f64::NAN
            }
        }
        How::CostTotal => sum(Slot::OwnCost) + sum(Slot::ExternalCost) + sum(Slot::FeeCost),
        How::TrainingTurnover => {
            let d = sum(Slot::TrainingPlaceDays);
            if d > 0.0 {
                (sum(Slot::TrainingOwnFlat) + sum(Slot::TrainingPermanent)) / d
                    * crate::model::DAYS_PER_YEAR
            } else {
                f64::NAN
            }
        }
        How::CostShortTerm => sum(Slot::ShortTermOwnCost) + sum(Slot::ShortTermNoPlaceCost),
        // Unwrapped above (a short-term rule never wraps another).
        How::ShortTerm(_) => f64::NAN,
    }
}

/// The metrics reported per target group (profile), by id, in output order. Each is computed
/// as its total is, from the profile's own records; `occupancy` is the occupancy of the places
/// that serve the profile (a unit serving several profiles counts for each), per year.
pub const PROFILE_METRICS: &[&str] = &[
    "queue",
    "over_offer_goal",
    "ivo_reports",
    "goal_offer_met",
    "first_offers",
    "wait_to_first_offer_days",
    "decisions",
    "move_ins",
    "external_placements",
    "occupancy",
    "short_term_requests",
    "short_term_no_place_share",
];

/// The profile slot that holds what `slot` holds for the total, if a profile records it.
fn profile_slot(slot: Slot) -> Option<ProfileSlot> {
    Some(match slot {
        Slot::Decisions => ProfileSlot::Decisions,
        Slot::FirstOffers => ProfileSlot::FirstOffers,
        Slot::WaitFirstOfferSum => ProfileSlot::WaitFirstOfferSum,
        Slot::MoveIns => ProfileSlot::MoveIns,
        Slot::Queue => ProfileSlot::Queue,
        Slot::OverOfferGoalNoOffer => ProfileSlot::OverOfferGoalNoOffer,
        Slot::OverReportLimit => ProfileSlot::OverReportLimit,
        Slot::External => ProfileSlot::External,
        Slot::ShortTermService => ProfileSlot::ShortTermService,
        Slot::ShortTermRequests => ProfileSlot::ShortTermRequests,
        Slot::ShortTermNoPlace => ProfileSlot::ShortTermNoPlace,
        _ => return None,
    })
}

/// The value of a per-profile metric (one of [`PROFILE_METRICS`], looked up once by the caller)
/// for `profile` over `period`, from one replication's outcome: its profile records, and for
/// occupancy its place-days per unit and year, with `serves(unit)` telling the units that serve
/// the profile. Occupancy is NaN except for a calendar year.
pub fn profile_value(
    metric: &Metric,
    period: &PeriodRef,
    cal: &Calendar,
    out: &Outcome,
    profile: usize,
    serves: impl Fn(usize) -> bool,
) -> f64 {
    let unit_years = &out.unit_years;
    if metric.id == "occupancy" {
        if period.kind != PeriodKind::Year {
            return f64::NAN;
        }
        let years = cal.years.len();
        let y = cal.year_of_month[period.first];
        let (mut occ, mut open) = (0.0, 0.0);
        for (u, uy) in unit_years.chunks(years).enumerate() {
            if serves(u) {
                occ += uy[y][0];
                open += uy[y][1];
            }
        }
        return if open > 0.0 { occ / open } else { f64::NAN };
    }
    value_of(metric, period, cal, f64::NAN, |m, s| {
        profile_slot(s).map_or(f64::NAN, |ps| {
            out.profile_months[m * out.profiles + profile].get(ps)
        })
    })
}

/// The name of the median days from decision to first offer in a year, a metric only
/// observations use (the runs report the mean, `wait_to_first_offer_days`).
pub const MEDIAN_WAIT: &str = "wait_to_first_offer_median_days";

/// [`MEDIAN_WAIT`] in Swedish outputs.
pub const MEDIAN_WAIT_SV: &str = "väntan_till_första_erbjudande_median_dagar";

/// Kolada's key figures that a simulated metric matches, with the metric's name: U28418 (mean)
/// and U28419 (median) days from decision to the first offered move-in date, LSS 9 § 9 housing.
/// docs/observations.md says where the definitions differ.
pub const KOLADA: &[(&str, &str)] = &[
    ("U28418", "wait_to_first_offer_days"),
    ("U28419", MEDIAN_WAIT),
];

/// What an observation is held against.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Observable {
    /// A metric of [`METRICS`], by index.
    Metric(usize),
    /// The median days from decision to first offer over a year's first offers, from the
    /// replication's histogram of waits (bins of [`crate::model::WAIT_BIN_DAYS`] days,
    /// interpolated linearly within the bin that holds the middle offer).
    MedianWait,
}

/// When the simulated value is taken.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ObservedWhen {
    /// The start state (the day before the horizon): the same in every replication.
    Start(f64),
    /// A period of [`periods`], by index.
    Period(usize),
}

/// An observation resolved against the metrics: what to compute in each replication.
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    /// What.
    pub what: Observable,
    /// When.
    pub when: ObservedWhen,
    /// The metric's name in the outputs (`ivo_reports`, `over_6_months`).
    pub name: String,
    /// The same name in Swedish outputs (`ivo_rapporter`, `över_6_månader`).
    pub name_sv: String,
    /// The Kolada id the metric matches, if any.
    pub kolada: Option<&'static str>,
    /// The unit.
    pub unit: &'static str,
}

impl Observed {
    /// The metric's name in the outputs in `lang`.
    pub fn name_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.name,
            Lang::Sv => &self.name_sv,
        }
    }
}

/// Levenshtein distance, for "did you mean".
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + (ca != cb) as usize).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// People of the start state of `s` in the queue whose decision is older than `months` calendar
/// months (offered or not), as the engine counts at a month end (the deadline strictly before the
/// end of the day before the horizon).
fn over_at_start(s: &crate::model::Scenario, months: u32) -> f64 {
    s.start_people
        .iter()
        .filter(|p| p.status != crate::model::StartStatus::External)
        .filter(|p| crate::calendar::add_months(s.start, p.decision, months) < 0.0)
        .count() as f64
}

/// The value of a metric in the start state of `s` (the day before the horizon), for the
/// metrics the start state fixes: the queue and its parts, external placements, and the places.
fn start_value(id: &str, s: &crate::model::Scenario) -> Option<f64> {
    use crate::model::StartStatus::{External, QueuedExternal};
    let queued = || s.start_people.iter().filter(|p| p.status != External);
    // Older than `months` calendar months at the start, as the engine counts at a month end
    // (the deadline strictly before the end of the day).
    let over = |months: u32| {
        move |p: &&crate::model::StartPerson| {
            crate::calendar::add_months(s.start, p.decision, months) < 0.0
        }
    };
    let open = || s.units.iter().filter(|u| u.opens.is_none());
    Some(match id {
        "queue" => queued().count() as f64,
        "queue_in_external_placement" => {
            queued().filter(|p| p.status == QueuedExternal).count() as f64
        }
        "external_placements" => s
            .start_people
            .iter()
            .filter(|p| matches!(p.status, QueuedExternal | External))
            .count() as f64,
        "over_offer_goal_unexecuted" => over_at_start(s, s.goals.offer_within_months),
        "over_offer_goal" => queued()
            .filter(over(s.goals.offer_within_months))
            .filter(|p| !p.offered_before)
            .count() as f64,
        "over_report_limit" => queued().filter(over(s.goals.report_after_months)).count() as f64,
        "open_places" => open().map(|u| u.places as f64).sum(),
        "occupied_places" => open().map(|u| u.occupied_at_start as f64).sum(),
        "vacant_places" => open()
            .map(|u| (u.places - u.occupied_at_start) as f64)
            .sum(),
        _ => return None,
    })
}

/// The scenario's observations resolved against the metrics, in the scenario's order, for the
/// `periods` of its calendar `cal`. An unknown metric is refused with the closest name; a metric
/// at a date it is not recorded at (a snapshot between month ends, a flow at a date, the median
/// over less than a year) is refused with what to write instead. Each error points at the
/// observation.
pub fn observed(
    s: &crate::model::Scenario,
    periods: &[PeriodRef],
    cal: &Calendar,
) -> crate::error::Result<Vec<Observed>> {
    use crate::error::Error;
    use crate::model::ObservedAt;
    let goals = GoalValues::from(&s.goals);
    let mut out = Vec::new();
    for o in &s.observations {
        let err = |m: String| Error::input(o.location.clone(), m);
        let written = o.metric.as_str();
        let kolada = KOLADA
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(written))
            .map(|&(_, name)| name);
        let name = kolada.unwrap_or(written);
        // A source's own span (`over_6_months_unexecuted`) in the start state keeps its meaning
        // when a variant sets another offer goal: counted from the start state for that span.
        if let ObservedAt::Date(d) = &o.at
            && Some(*d) == s.start.pred_opt()
            && let Some(n) = name
                .strip_prefix("over_")
                .and_then(|r| r.strip_suffix("_months_unexecuted"))
                .and_then(|n| n.parse::<u32>().ok())
        {
            out.push(Observed {
                what: Observable::Metric(index("over_offer_goal_unexecuted")),
                when: ObservedWhen::Start(over_at_start(s, n)),
                name: name.to_owned(),
                name_sv: format!("över_{n}_månader_ej_verkställda"),
                kolada: None,
                unit: "people",
            });
            continue;
        }
        let what = if name == MEDIAN_WAIT {
            Observable::MedianWait
        } else if let Some(i) = METRICS
            .iter()
            .position(|m| goals.metric_name(m) == name || m.id == name)
        {
            Observable::Metric(i)
        } else {
            let mut names: Vec<String> = METRICS.iter().map(|m| goals.metric_name(m)).collect();
            names.push(MEDIAN_WAIT.to_owned());
            names.extend(KOLADA.iter().map(|(k, _)| k.to_string()));
            let closest = names
                .iter()
                .min_by_key(|n| edit_distance(&n.to_lowercase(), &written.to_lowercase()))
                .cloned()
                .unwrap_or_default();
            return Err(err(crate::msg!(
                "`{written}` is not a metric: did you mean `{closest}`? (the metrics are the names of yearly.csv, {MEDIAN_WAIT}, U28418 and U28419; docs/observations.md)",
                "`{written}` är inget mått: menade du `{closest}`? (måtten är namnen i yearly.csv, {MEDIAN_WAIT}, U28418 och U28419; docs/observations.md)"
            )));
        };
        let (id, out_name, unit, how) = match what {
            Observable::Metric(i) => {
                let m = &METRICS[i];
                (m.id, goals.metric_name(m), m.unit, Some(m.how))
            }
            Observable::MedianWait => (MEDIAN_WAIT, MEDIAN_WAIT.to_owned(), "days", None),
        };
        let name_sv = match what {
            Observable::Metric(i) => goals.metric_name_in(&METRICS[i], Lang::Sv),
            Observable::MedianWait => MEDIAN_WAIT_SV.to_owned(),
        };
        let find = |kind: PeriodKind, label: &str| {
            periods
                .iter()
                .position(|p| p.kind == kind && p.label == label)
        };
        let when = match &o.at {
            ObservedAt::Date(d) if Some(*d) == s.start.pred_opt() => match start_value(id, s) {
                Some(v) => ObservedWhen::Start(v),
                None => {
                    return Err(err(crate::msg!(
                        "{d} is the start state, which fixes only the queue (and its parts queue_in_external_placement, {}, {}, {}), external_placements and the places; `{out_name}` happens in the horizon: observe it over a period",
                        "{d} är startläget, som bara fastställer kön (och dess delar queue_in_external_placement, {}, {}, {}), external_placements och platserna; `{out_name}` sker inom tidshorisonten: observera det över en period",
                        goals.name("over_offer_goal"),
                        goals.name("over_offer_goal_unexecuted"),
                        goals.name("over_report_limit"),
                    )));
                }
            },
            ObservedAt::Date(d) => {
                let month = cal.months.iter().position(|m| m.last_day == *d);
                let end_of = cal
                    .months
                    .iter()
                    .find(|m| m.last_day >= *d)
                    .map(|m| m.last_day)
                    .unwrap_or(*d);
                match (month, how) {
                    (Some(m), Some(How::End(_))) => ObservedWhen::Period(
                        find(PeriodKind::Month, &cal.months[m].label).expect("a month"),
                    ),
                    (Some(m), Some(How::IvoReports)) if cal.month_ends_quarter(m) => {
                        let q = &cal.quarters[cal.quarter_of_month[m]].label;
                        ObservedWhen::Period(find(PeriodKind::Quarter, q).expect("a quarter"))
                    }
                    (None, Some(How::End(_))) => {
                        return Err(err(crate::msg!(
                            "`{out_name}` is counted at month ends and {d} is not one: did you mean {end_of}?",
                            "`{out_name}` räknas vid månadsslut och {d} är inget: menade du {end_of}?"
                        )));
                    }
                    (_, Some(How::IvoReports)) => {
                        return Err(err(crate::msg!(
                            "`{out_name}` is counted at quarter ends and {d} is not one: give the quarter, such as period = \"{}\"",
                            "`{out_name}` räknas vid kvartalsslut och {d} är inget: ange kvartalet, som period = \"{}\"",
                            cal.months.iter().find(|m| m.last_day >= *d).map_or(
                                String::new(),
                                |m| {
                                    let i = cal
                                        .months
                                        .iter()
                                        .position(|x| x.label == m.label)
                                        .unwrap_or(0);
                                    cal.quarters[cal.quarter_of_month[i]].label.clone()
                                }
                            )
                        )));
                    }
                    _ => {
                        return Err(err(crate::msg!(
                            "`{out_name}` is counted over a period, not at a date: give `period` (a year such as {}, a quarter or a month) instead of `date`",
                            "`{out_name}` räknas över en period, inte vid ett datum: ange `period` (ett år som {}, ett kvartal eller en månad) i stället för `date`",
                            d.format("%Y")
                        )));
                    }
                }
            }
            ObservedAt::Period(label) => {
                let i = periods
                    .iter()
                    .position(|p| p.label == *label)
                    .ok_or_else(|| {
                        err(crate::msg!(
                            "`{label}` is not a period of the horizon",
                            "`{label}` är ingen period inom tidshorisonten"
                        ))
                    })?;
                let p = &periods[i];
                let not_quarter_end =
                    p.kind == PeriodKind::Month && !cal.month_ends_quarter(p.first);
                if matches!(how, Some(How::IvoReports | How::GoalOffer)) && not_quarter_end {
                    return Err(err(crate::msg!(
                        "`{out_name}` is counted at quarter ends, and the month {label} does not end a quarter: give a quarter or a year",
                        "`{out_name}` räknas vid kvartalsslut, och månaden {label} avslutar inget kvartal: ange ett kvartal eller ett år"
                    )));
                }
                if what == Observable::MedianWait && p.kind != PeriodKind::Year {
                    return Err(err(crate::msg!(
                        "`{out_name}` is a median over a calendar year's first offers: give a year, such as period = \"{}\"",
                        "`{out_name}` är en median över ett kalenderårs första erbjudanden: ange ett år, som period = \"{}\"",
                        p.year
                    )));
                }
                ObservedWhen::Period(i)
            }
        };
        out.push(Observed {
            what,
            when,
            kolada: KOLADA.iter().find(|(_, n)| *n == out_name).map(|&(k, _)| k),
            name: out_name,
            name_sv,
            unit,
        });
    }
    Ok(out)
}

/// Checks the observations of `s` ([`observed`] on its own calendar): what `validate` runs; a
/// run resolves them again with its periods.
pub fn check_observations(s: &crate::model::Scenario) -> crate::error::Result<()> {
    let cal = Calendar::new(s.start, s.end);
    observed(s, &periods(&cal), &cal).map(|_| ())
}

/// The median of binned values: `counts` per bin of `width`, the middle value interpolated
/// linearly within its bin (the grouped-data median); NaN without values.
pub fn binned_median(counts: &[u32], width: f64) -> f64 {
    let n: u64 = counts.iter().map(|&c| c as u64).sum();
    if n == 0 {
        return f64::NAN;
    }
    let half = n as f64 / 2.0;
    let mut below = 0.0;
    for (k, &c) in counts.iter().enumerate() {
        let c = c as f64;
        if c > 0.0 && below + c >= half {
            return (k as f64 + (half - below) / c) * width;
        }
        below += c;
    }
    counts.len() as f64 * width
}

/// The simulated value of an observation in one replication (`out`); allocates nothing.
pub fn observed_value(
    o: &Observed,
    periods: &[PeriodRef],
    out: &Outcome,
    cal: &Calendar,
    occupancy_target: f64,
) -> f64 {
    match (o.when, o.what) {
        (ObservedWhen::Start(v), _) => v,
        (ObservedWhen::Period(i), Observable::Metric(m)) => {
            value(&METRICS[m], &periods[i], &out.months, cal, occupancy_target)
        }
        (ObservedWhen::Period(i), Observable::MedianWait) => {
            let y = cal.year_of_month[periods[i].first];
            binned_median(&out.wait_hist[y], crate::model::WAIT_BIN_DAYS)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: GoalValues = GoalValues {
        offer_goal: 6,
        report_limit: 3,
        occupancy_target: 0.98,
    };

    #[test]
    fn the_shipped_goals_give_the_names_the_outputs_always_had() {
        let names: Vec<String> = METRICS.iter().map(|m| SHIPPED.metric_name(m)).collect();
        assert_eq!(
            names[..7],
            [
                "queue",
                "queue_in_external_placement",
                "over_6_months",
                "over_6_months_unexecuted",
                "over_3_months",
                "ivo_reports",
                "goal_offer_met"
            ]
        );
        assert_eq!(
            SHIPPED.metric_description(&METRICS[index("goal_occupancy_met")]),
            "1 when occupancy reaches the target (98 %); its mean is the probability"
        );
        assert_eq!(
            SHIPPED.metric_description(&METRICS[index("over_offer_goal")]),
            "people in the queue at period end whose decision is older than the offer goal (6 months) and who have had no offer"
        );
    }

    #[test]
    fn names_and_descriptions_follow_the_configured_goals() {
        let g = GoalValues {
            offer_goal: 4,
            report_limit: 1,
            occupancy_target: 0.975,
        };
        assert_eq!(g.name("over_offer_goal"), "over_4_months");
        assert_eq!(
            g.name("over_offer_goal_unexecuted"),
            "over_4_months_unexecuted"
        );
        assert_eq!(g.name("over_report_limit"), "over_1_months");
        assert_eq!(g.target_percent(), "97.5");
        for m in METRICS {
            let d = g.metric_description(m);
            assert!(
                !d.contains('{') && !d.contains("6 months") && !d.contains("98"),
                "{d}"
            );
        }
        assert!(
            g.metric_description(&METRICS[index("over_report_limit")])
                .contains("(1 month)")
        );
        let percents = [
            (0.95, "95"),
            (0.9, "90"),
            (0.99, "99"),
            (0.985, "98.5"),
            (0.9725, "97.25"),
        ];
        for (target, text) in percents {
            let g = GoalValues {
                occupancy_target: target,
                ..SHIPPED
            };
            assert_eq!(g.target_percent(), text);
        }
    }

    /// Every pair of goals in the legal range gives every metric its own name, also when the
    /// reporting limit equals the offer goal.
    #[test]
    fn metric_names_are_unique_for_any_goals() {
        for offer_goal in 1..=60 {
            for report_limit in 1..=60 {
                let g = GoalValues {
                    offer_goal,
                    report_limit,
                    occupancy_target: 0.98,
                };
                let mut names: Vec<String> = METRICS.iter().map(|m| g.metric_name(m)).collect();
                names.sort();
                names.dedup();
                assert_eq!(names.len(), METRICS.len(), "{g:?}");
            }
        }
        let g = GoalValues {
            offer_goal: 3,
            report_limit: 3,
            occupancy_target: 0.98,
        };
        assert_eq!(g.name("over_offer_goal"), "over_3_months");
        assert_eq!(g.name("over_report_limit"), "over_3_months_ivo");
    }

    /// Every metric has a Swedish name, unique for any goals, and a Swedish unit.
    #[test]
    fn every_metric_has_a_swedish_name() {
        for (offer_goal, report_limit) in [(6, 3), (3, 3), (4, 1)] {
            let g = GoalValues {
                offer_goal,
                report_limit,
                occupancy_target: 0.98,
            };
            let mut names: Vec<String> = METRICS
                .iter()
                .map(|m| g.metric_name_in(m, Lang::Sv))
                .collect();
            for (m, n) in METRICS.iter().zip(&names) {
                assert!(
                    SWEDISH_NAMES.iter().any(|(id, _)| *id == m.id),
                    "{} has no Swedish name",
                    m.id
                );
                assert!(!n.contains("months") && !n.contains("over"), "{n}");
            }
            names.sort();
            names.dedup();
            assert_eq!(names.len(), METRICS.len());
        }
        assert_eq!(
            SHIPPED.name_in("over_offer_goal", Lang::Sv),
            "över_6_månader"
        );
        assert_eq!(unit_in("people", Lang::Sv), "personer");
    }

    /// The metrics table of docs/outputs.md is this table: the same names (of the shipped goals)
    /// with the same units, in output order (a row may list several metrics, with one unit for
    /// all or one unit each).
    #[test]
    fn the_docs_list_these_metrics() {
        let docs = include_str!("../docs/outputs.md");
        let section = docs
            .split("\n## Metrics\n")
            .nth(1)
            .expect("docs/outputs.md has a section `## Metrics`");
        let mut listed: Vec<(String, String)> = Vec::new();
        for line in section
            .lines()
            .skip_while(|l| !l.starts_with("| metric | unit |"))
            .skip(2)
            .take_while(|l| l.starts_with('|'))
        {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let names: Vec<&str> = cells[1].split(", ").map(|n| n.trim_matches('`')).collect();
            let units: Vec<&str> = cells[2].split(", ").collect();
            assert!(
                units.len() == 1 || units.len() == names.len(),
                "docs/outputs.md: {} units for {} metrics in `{line}`",
                units.len(),
                names.len()
            );
            for (i, name) in names.iter().enumerate() {
                let unit = units[if units.len() == 1 { 0 } else { i }];
                listed.push((name.to_string(), unit.to_owned()));
            }
        }
        let expected: Vec<(String, String)> = METRICS
            .iter()
            .map(|m| (SHIPPED.metric_name(m), m.unit.to_owned()))
            .collect();
        assert_eq!(
            listed, expected,
            "docs/outputs.md's metrics table and METRICS differ"
        );
    }
}
