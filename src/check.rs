//! Theory checks: the engine configured as textbook queues (docs/model.md, "Validation"),
//! compared with the formulas, and Little's law on any scenario.
//!
//! # Why these oracles
//! With every offer accepted at once and no investigation, lead time, turnaround or withdrawal,
//! one unit of c places serving the only profile is an M/M/c queue: decisions arrive as a
//! Poisson process of rate λ, stays are exponential with rate μ, and a decision waits for a
//! place exactly when all c are occupied. Erlang C then gives the long-run probability of
//! waiting, the mean wait and P(wait > t); with `external.placement_after_days = 0` and
//! `placement_executes_decision = true` whoever finds no place leaves for an external placement,
//! an M/M/c/c loss system whose blocking probability is Erlang B. The scenario is built here as
//! a [`Scenario`] value, the same type the TOML files become, and run by the normal engine
//! ([`crate::engine::run_replication`] through [`experiment::map_replications`]): there is no
//! separate simulator to be right by accident.
//!
//! # Time scale
//! An M/M/c queue is unchanged, apart from the unit of time, when λ and μ are multiplied by the
//! same factor k. The checks need millions of decisions per replication, which at real LSS rates
//! (tens a year) would take tens of thousands of simulated years; so the engine runs the queue
//! `k` times faster, over a ten-year measurement window of calendar months, and waits are
//! multiplied by `k` back into the user's days. Probabilities, queue lengths and occupancy do not
//! depend on `k`.
//!
//! # Statistics
//! Each replication starts with the unit's `occupied` at its stationary mean (and the queue at its
//! stationary mean length), runs a warm-up of at least five relaxation times whose months are
//! left out, and yields one ratio estimate per quantity (for example waited first offers / first
//! offers in the measured months). Replications are independent, so the mean over them has a
//! Student-t confidence interval; the verdict is PASS when the analytic value lies inside the
//! 99.9 % interval. The report also gives the *detectable bias*: the relative error that this run
//! would catch with 95 % power, `(t(0.9995, n-1) + 1.645) · se / analytic`.
//!
//! # Little's law
//! For any scenario and any window of whole months, on every sample path,
//! `∫ queue dt = Σ (end − decision) over decisions ended in the window + Δ Σ (t − decision) over
//! open decisions`, and the same on occupied places with residences. The engine records both
//! sides independently (time integrals in `advance`, sojourns at events), so the identity checks
//! the bookkeeping of every process that moves people in and out, in scenarios far from any
//! textbook queue, such as the Linköping baseline. [`little`] checks it per replication.

use std::fmt::Write as _;

use chrono::{Datelike, Months, NaiveDate};
use statrs::distribution::{ContinuousCDF, StudentsT};

use crate::engine::outcome::{MonthRecord, Slot};
use crate::engine::{Model, Workspace, run_replication};
use crate::error::{Error, Result};
use crate::experiment::{self, Settings};
use crate::lang::{Lang, number, percent, tr};
use crate::model::*;

/// Erlang B: the blocking probability of an M/M/c/c loss system with offered load `a` (= λ/μ).
///
/// By the recursion `B(0) = 1`, `B(k) = a B(k-1) / (k + a B(k-1))`, every term in [0, 1], so it
/// is stable for any `c` (c = 500 and beyond), unlike the factorial formula.
pub fn erlang_b(c: u32, a: f64) -> f64 {
    let mut b = 1.0;
    for k in 1..=c {
        b = a * b / (k as f64 + a * b);
    }
    b
}

/// Erlang C: the probability that an arrival waits in an M/M/c queue with offered load `a < c`,
/// from Erlang B: `C = B / (1 − ρ (1 − B))`, `ρ = a / c`.
pub fn erlang_c(c: u32, a: f64) -> f64 {
    let b = erlang_b(c, a);
    let rho = a / c as f64;
    b / (1.0 - rho * (1.0 - b))
}

/// A textbook queue in the user's units.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Queue {
    /// Places c.
    pub places: u32,
    /// Decisions per year, λ.
    pub arrivals_per_year: f64,
    /// Mean stay, years (1/μ).
    pub mean_stay_years: f64,
    /// Whether people who find no place go to an external placement (M/M/c/c) instead of waiting.
    pub loss: bool,
    /// Whether the loss system is the short-term places (`[short_term]` with one short-term unit
    /// of c places, requests at rate λ, exponential stays) instead of housing with external
    /// placements; implies `loss`.
    pub short_term: bool,
}

/// The formulas' values for a [`Queue`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Analytic {
    /// P(wait > 0) (Erlang C); 0 for a loss system.
    pub p_wait: f64,
    /// Mean wait, days.
    pub mean_wait_days: f64,
    /// P(wait > t).
    pub p_wait_over: f64,
    /// Mean number of unexecuted decisions (waiting), `λ · mean wait`.
    pub mean_queue: f64,
    /// Mean occupied places: `a` for M/M/c, `a (1 − B)` for the loss system.
    pub mean_occupied: f64,
    /// Blocking probability (Erlang B) for a loss system; NaN for M/M/c.
    pub blocking: f64,
}

impl Queue {
    /// Whether whoever finds no place leaves (M/M/c/c): housing with `loss`, or short-term places.
    pub fn is_loss(&self) -> bool {
        self.loss || self.short_term
    }

    /// Offered load a = λ / μ.
    pub fn load(&self) -> f64 {
        self.arrivals_per_year * self.mean_stay_years
    }

    /// Occupancy ρ = a / c.
    pub fn occupancy(&self) -> f64 {
        self.load() / self.places as f64
    }

    /// The analytic values; `wait_days` is the t of P(wait > t).
    pub fn analytic(&self, wait_days: f64) -> Analytic {
        let (c, a) = (self.places, self.load());
        if self.is_loss() {
            let b = erlang_b(c, a);
            return Analytic {
                p_wait: 0.0,
                mean_wait_days: 0.0,
                p_wait_over: 0.0,
                mean_queue: 0.0,
                mean_occupied: a * (1.0 - b),
                blocking: b,
            };
        }
        let pw = erlang_c(c, a);
        let mu = 1.0 / (self.mean_stay_years * DAYS_PER_YEAR);
        let lambda = self.arrivals_per_year / DAYS_PER_YEAR;
        let drain = c as f64 * mu - lambda;
        let mean_wait_days = pw / drain;
        Analytic {
            p_wait: pw,
            mean_wait_days,
            p_wait_over: pw * (-drain * wait_days).exp(),
            mean_queue: lambda * mean_wait_days,
            mean_occupied: a,
            blocking: f64::NAN,
        }
    }

    /// Relaxation time in mean stays: `1 / (√c − √a)²` for the queue (the spectral gap of M/M/c
    /// near saturation), at least one stay (the occupied places).
    pub fn relaxation_stays(&self) -> f64 {
        if self.is_loss() {
            return 1.0;
        }
        let gap = ((self.places as f64).sqrt() - self.load().sqrt()).powi(2);
        (1.0 / gap).max(1.0)
    }

    fn check(&self) -> Result<()> {
        let ok = self.places >= 1
            && self.arrivals_per_year > 0.0
            && self.arrivals_per_year.is_finite()
            && self.mean_stay_years > 0.0
            && self.mean_stay_years.is_finite();
        if !ok {
            return Err(Error::Usage(crate::msg!(
                "the queue needs at least 1 place and positive, finite arrival rate and mean stay",
                "kön behöver minst 1 plats och en positiv, ändlig ankomstintensitet och medelvistelse"
            )));
        }
        if !self.is_loss() && self.occupancy() >= 1.0 {
            return Err(Error::Usage(crate::msg!(
                "occupancy λ/(cμ) = {:.4} must be below 1 for a queue to have a long run",
                "beläggningen λ/(cμ) = {:.4} måste vara under 1 för att kön ska ha ett långsiktigt läge",
                self.occupancy()
            )));
        }
        Ok(())
    }
}

/// How long and how often to simulate a [`Queue`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plan {
    /// Independent replications.
    pub replications: u32,
    /// Decisions per replication in the measured window (the warm-up comes on top).
    pub decisions_per_replication: f64,
    /// Base seed.
    pub seed: u64,
    /// Worker threads (0 = one per core); results do not depend on it.
    pub threads: usize,
}

/// Fewest events (waits, waits over t) over all replications for a probability or mean of them
/// to be checked.
pub const MIN_EVENTS: f64 = 1000.0;

/// Months in the measured window.
const WINDOW_MONTHS: u32 = 120;
/// Warm-up in relaxation times.
const WARMUP_RELAXATIONS: f64 = 5.0;
/// First day of every theory scenario (any date would do).
const EPOCH: NaiveDate = NaiveDate::from_ymd_opt(2001, 1, 1).expect("valid date");

/// A [`Queue`] laid out for the engine: the scenario, the time scale and the warm-up.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The scenario the engine runs.
    pub scenario: Scenario,
    /// Simulated days per user day: the engine's rates are `scale` times the user's.
    pub scale: f64,
    /// Months left out at the start.
    pub warmup_months: usize,
}

/// Builds the M/M/c (or M/M/c/c) scenario for `q`: one unit of `c` places serving the single
/// profile, applications at the scaled λ granted at once with probability 1, exponential stays,
/// every offer answered at once and accepted, no lead time, turnaround or withdrawal. The start
/// state puts the occupied places and the queue at their stationary means.
pub fn layout(q: &Queue, plan: &Plan) -> Layout {
    let window_years = WINDOW_MONTHS as f64 / 12.0;
    let lambda_sim = plan.decisions_per_replication / window_years;
    let scale = lambda_sim / q.arrivals_per_year;
    let stay_days = q.mean_stay_years * DAYS_PER_YEAR / scale;
    let warm_days = WARMUP_RELAXATIONS * q.relaxation_stays() * stay_days;
    let warmup_months = (warm_days / (DAYS_PER_YEAR / 12.0)).ceil().max(1.0) as usize;
    let months = WINDOW_MONTHS + warmup_months as u32;
    let end = EPOCH + Months::new(months) - chrono::Days::new(1);
    let an = q.analytic(0.0);
    let occupied = (an.mean_occupied.round() as u32).min(q.places);
    // Queued at the start, decided one mean inter-arrival time apart before the start (FIFO order).
    let queued = an.mean_queue.round() as usize;
    let gap = DAYS_PER_YEAR / lambda_sim;
    let start_people = (0..queued)
        .map(|i| StartPerson {
            id: format!("q{i}"),
            profile: 0,
            preferred_district: None,
            decision: -gap * (queued - i) as f64,
            declines: 0,
            offered_before: false,
            status: StartStatus::Queued,
        })
        .collect();
    let years = (EPOCH.year()..=end.year()).count();
    let stay = Duration::Exponential {
        mean_days: stay_days,
    };
    let mut scenario = Scenario {
        name: if q.short_term {
            "theory-short-term".into()
        } else if q.loss {
            "theory-mmcc".into()
        } else {
            "theory-mmc".into()
        },
        description: format!(
            "M/M/{}{}{}: λ = {} a year, mean stay {} years, run {scale:.6} times faster",
            q.places,
            if q.is_loss() { "/c" } else { "" },
            if q.short_term {
                " short-term places"
            } else {
                ""
            },
            q.arrivals_per_year,
            q.mean_stay_years
        ),
        seed: plan.seed,
        replications: plan.replications,
        start: EPOCH,
        end,
        goals: Goals {
            offer_within_months: 6,
            report_after_months: 3,
            occupancy_target: 0.98,
            first_goal_year: EPOCH.year(),
        },
        profiles: vec!["all".into()],
        profile_mix: vec![1.0],
        districts: vec!["all".into()],
        district_preference: 0.0,
        applications: Applications {
            per_year: vec![lambda_sim; years],
            first_year: EPOCH.year(),
        },
        investigation: Duration::Fixed { days: 0.0 },
        grant_probability: 1.0,
        under_investigation_at_start: 0,
        backlog_remaining: Duration::Fixed { days: 0.0 },
        offers: Offers {
            response: Duration::Fixed { days: 0.0 },
            acceptance: 1.0,
            acceptance_preferred_district: 1.0,
            acceptance_other_district: 1.0,
            acceptance_factor_per_decline: 1.0,
            withdraw_after_declines: None,
        },
        move_in: Duration::Fixed { days: 0.0 },
        stay,
        turnaround: Duration::Fixed { days: 0.0 },
        withdrawal_per_day: 0.0,
        external: External {
            cost_per_person_year_tkr: 0.0,
            placement_after_days: if q.loss { Some(0.0) } else { None },
            placement_executes_decision: q.loss,
            hemtagning: false,
            hemtagning_scope: HemtagningScope::NewUnits,
            hemtagning_acceptance: 1.0,
            hemtagning_max_declines: 2,
        },
        fee: None,
        construction: None,
        training: None,
        units: vec![Unit {
            id: "U".into(),
            name: "the unit".into(),
            district: 0,
            kind: UnitKind::Group,
            profiles: ProfileSet(1),
            places: q.places,
            occupied_at_start: occupied,
            opens: None,
            closes: None,
            cost_per_place_year_tkr: 0.0,
            external_first: false,
            delay_probability: None,
            time_limited: false,
        }],
        start_people: if q.loss { Vec::new() } else { start_people },
        short_term: None,
        observations: Vec::new(),
        warnings: Vec::new(),
    };
    if q.short_term {
        // The housing part idles (no applications, one empty place); the short-term places are
        // the queue: requests at the scaled λ, one unit of c places, occupied at its mean.
        scenario.applications.per_year = vec![0.0; years];
        scenario.units[0].places = 1;
        scenario.units[0].occupied_at_start = 0;
        scenario.external.placement_after_days = None;
        scenario.external.placement_executes_decision = false;
        scenario.short_term = Some(ShortTerm {
            requests_per_year: vec![lambda_sim],
            stay,
            no_place_cost_per_day_tkr: 0.0,
            units: vec![ShortTermUnit {
                id: "K".into(),
                name: "the short-term unit".into(),
                district: "all".into(),
                profiles: ProfileSet(1),
                places: q.places,
                occupied_at_start: occupied,
                opens: None,
                cost_per_place_year_tkr: 0.0,
            }],
        });
    }
    Layout {
        scenario,
        scale,
        warmup_months,
    }
}

/// One quantity: the replications' estimates against the analytic value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Replications.
    pub n: u32,
    /// Mean over replications.
    pub mean: f64,
    /// Standard error of the mean.
    pub se: f64,
    /// Lower end of the 99.9 % confidence interval.
    pub ci_low: f64,
    /// Upper end.
    pub ci_high: f64,
    /// The formula's value.
    pub analytic: f64,
}

/// Two-sided confidence level of the verdicts.
pub const CONFIDENCE: f64 = 0.999;
/// Power at which [`Estimate::detectable_bias`] is computed.
pub const POWER: f64 = 0.95;
/// The standard normal quantile at [`POWER`].
const Z_POWER: f64 = 1.644_853_626_951_472_2;

fn t_quantile(p: f64, df: f64) -> f64 {
    StudentsT::new(0.0, 1.0, df).map_or(f64::NAN, |t| t.inverse_cdf(p))
}

impl Estimate {
    /// Summarises per-replication values against `analytic`.
    pub fn of(values: &[f64], analytic: f64) -> Estimate {
        let n = values.len();
        let mean = values.iter().sum::<f64>() / n as f64;
        let sd = if n > 1 {
            (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt()
        } else {
            f64::NAN
        };
        let se = sd / (n as f64).sqrt();
        let half = t_quantile(0.5 + CONFIDENCE / 2.0, (n - 1) as f64) * se;
        Estimate {
            n: n as u32,
            mean,
            se,
            ci_low: mean - half,
            ci_high: mean + half,
            analytic,
        }
    }

    /// (mean − analytic) / se.
    pub fn z(&self) -> f64 {
        (self.mean - self.analytic) / self.se
    }

    /// Whether the analytic value lies inside the 99.9 % confidence interval. A zero-width
    /// interval (every replication equal, e.g. no waits at all) passes only on exact equality
    /// within 1e-12.
    pub fn pass(&self) -> bool {
        if self.se == 0.0 {
            return (self.mean - self.analytic).abs() <= 1e-12 * self.analytic.abs().max(1.0);
        }
        self.ci_low <= self.analytic && self.analytic <= self.ci_high
    }

    /// The relative bias this run detects with 95 % power at the 99.9 % level:
    /// `(t(0.9995, n−1) + z(0.95)) · se / |analytic|`.
    pub fn detectable_bias(&self) -> f64 {
        let df = (self.n - 1) as f64;
        (t_quantile(0.5 + CONFIDENCE / 2.0, df) + Z_POWER) * self.se / self.analytic.abs()
    }
}

/// The result of checking one [`Queue`].
#[derive(Debug, Clone)]
pub struct QueueCheck {
    /// The queue.
    pub queue: Queue,
    /// The plan.
    pub plan: Plan,
    /// t of P(wait > t), days.
    pub wait_days: f64,
    /// Time scale used (see [`Layout::scale`]).
    pub scale: f64,
    /// Months of warm-up left out.
    pub warmup_months: usize,
    /// Named estimates, in report order.
    pub rows: Vec<(&'static str, Estimate)>,
    /// Quantities left out, and why.
    pub notes: Vec<String>,
    /// Decisions simulated in the measured windows, all replications.
    pub decisions: f64,
    /// Events processed, all replications.
    pub events: u64,
}

impl QueueCheck {
    /// Whether every estimate passes.
    pub fn pass(&self) -> bool {
        self.rows.iter().all(|(_, e)| e.pass())
    }

    /// The estimate named `name`.
    pub fn get(&self, name: &str) -> Option<&Estimate> {
        self.rows.iter().find(|(n, _)| *n == name).map(|(_, e)| e)
    }
}

/// Names of the rows of a [`QueueCheck`].
pub mod rows {
    /// P(wait > 0).
    pub const P_WAIT: &str = "P(wait > 0)";
    /// Mean wait, days.
    pub const MEAN_WAIT: &str = "mean wait, days";
    /// P(wait > t).
    pub const P_WAIT_OVER: &str = "P(wait > t)";
    /// Mean queue.
    pub const MEAN_QUEUE: &str = "mean queue";
    /// Mean occupied places.
    pub const MEAN_OCCUPIED: &str = "mean occupied";
    /// Little on the queue: decision rate × mean wait to move-in, against the mean queue.
    pub const LITTLE_QUEUE: &str = "Little: λ·W / L (queue)";
    /// Little on the places: move-in rate × mean stay, against the mean occupied places.
    pub const LITTLE_PLACES: &str = "Little: λ·S / L (places)";
    /// Blocking probability.
    pub const BLOCKING: &str = "blocking (Erlang B)";
}

fn window_sum(months: &[MonthRecord], s: Slot) -> f64 {
    months.iter().map(|m| m.get(s)).sum()
}

/// Simulates `q` as planned and compares with the formulas; `wait_days` is the t of P(wait > t).
#[allow(clippy::needless_range_loop)]
pub fn check_queue(q: &Queue, plan: &Plan, wait_days: f64) -> Result<QueueCheck> {
    q.check()?;
    if plan.replications < 2 {
        return Err(Error::Usage(crate::msg!(
            "a confidence interval needs at least 2 replications",
            "ett konfidensintervall behöver minst 2 simuleringar"
        )));
    }
    let lay = layout(q, plan);
    let mut model = Model::new(lay.scenario.clone());
    model.wait_threshold_days = wait_days / lay.scale;
    let warm = lay.warmup_months;
    let window_days = model.horizon - model.calendar.months[warm].start;
    let stay_days = q.mean_stay_years * DAYS_PER_YEAR / lay.scale;
    let settings = Settings {
        replications: plan.replications,
        seed: plan.seed,
        threads: plan.threads,
    };
    // Per replication: [p_wait, mean_wait, p_over, queue, occupied, little_q, little_p, blocking, decisions, events]
    let reps =
        experiment::map_replications(&lay.scenario.name, &settings, |r, ws: &mut Workspace| {
            run_replication(&model, r, ws);
            let ms = &ws.outcome.months[warm..];
            let sum = |s| window_sum(ms, s);
            if q.short_term {
                // Requests in place of decisions, placed requests in place of move-ins.
                let requests = sum(Slot::ShortTermRequests);
                let refused = sum(Slot::ShortTermNoPlace);
                let occupied = sum(Slot::ShortTermOccupiedDays) / window_days;
                let nan = f64::NAN;
                return [
                    nan,
                    nan,
                    nan,
                    nan,
                    occupied,
                    nan,
                    (requests - refused) / window_days * stay_days / occupied,
                    refused / requests,
                    requests,
                    ws.outcome.events as f64,
                    nan,
                    nan,
                ];
            }
            let fo = sum(Slot::FirstOffers);
            let decisions = sum(Slot::Decisions);
            let queue = sum(Slot::QueueDays) / window_days;
            let occupied = sum(Slot::OccupiedDays) / window_days;
            let move_ins = sum(Slot::MoveIns);
            let little_q = if queue > 0.0 {
                decisions / window_days * (sum(Slot::WaitMoveInSum) / move_ins) / queue
            } else {
                f64::NAN
            };
            [
                sum(Slot::FirstOffersWaited) / fo,
                sum(Slot::WaitFirstOfferSum) / fo * lay.scale,
                sum(Slot::FirstOffersOverThreshold) / fo,
                queue,
                occupied,
                little_q,
                move_ins / window_days * stay_days / occupied,
                sum(Slot::ExternalPlacements) / decisions,
                decisions,
                ws.outcome.events as f64,
                sum(Slot::FirstOffersWaited),
                sum(Slot::FirstOffersOverThreshold),
            ]
        })?;
    let col = |i: usize| reps.iter().map(|r| r[i]).collect::<Vec<f64>>();
    let an = q.analytic(wait_days);
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    if q.is_loss() {
        rows.push((rows::BLOCKING, Estimate::of(&col(7), an.blocking)));
        rows.push((rows::MEAN_OCCUPIED, Estimate::of(&col(4), an.mean_occupied)));
        rows.push((rows::LITTLE_PLACES, Estimate::of(&col(6), 1.0)));
    } else {
        // A ratio of rare events is far from normal over replications (most see none), so its
        // t interval means nothing: leave such rows out and say so.
        let waited: f64 = col(10).iter().sum();
        let over: f64 = col(11).iter().sum();
        if waited >= MIN_EVENTS {
            rows.push((rows::P_WAIT, Estimate::of(&col(0), an.p_wait)));
            rows.push((rows::MEAN_WAIT, Estimate::of(&col(1), an.mean_wait_days)));
            rows.push((rows::MEAN_QUEUE, Estimate::of(&col(3), an.mean_queue)));
        } else {
            notes.push(crate::msg!(
                "{:.0} decisions waited (Erlang C: {:.2e}): too few for P(wait > 0), the mean wait and the mean queue",
                "{:.0} beslut fick vänta (Erlang C: {:.2e}): för få för P(väntan > 0), medelväntan och medelkön",
                waited,
                an.p_wait
            ));
        }
        if over >= MIN_EVENTS {
            rows.push((rows::P_WAIT_OVER, Estimate::of(&col(2), an.p_wait_over)));
        } else {
            notes.push(crate::msg!(
                "{:.0} decisions waited over t: too few for P(wait > t)",
                "{:.0} beslut väntade längre än t: för få för P(väntan > t)",
                over
            ));
        }
        rows.push((rows::MEAN_OCCUPIED, Estimate::of(&col(4), an.mean_occupied)));
        let lq = col(5);
        if lq.iter().all(|v| v.is_finite()) {
            rows.push((rows::LITTLE_QUEUE, Estimate::of(&lq, 1.0)));
        }
        rows.push((rows::LITTLE_PLACES, Estimate::of(&col(6), 1.0)));
    }
    Ok(QueueCheck {
        queue: *q,
        plan: *plan,
        wait_days,
        scale: lay.scale,
        warmup_months: warm,
        rows,
        notes,
        decisions: col(8).iter().sum(),
        events: col(9).iter().sum::<f64>() as u64,
    })
}

/// Formats a check as a table: simulated mean, 99.9 % interval, analytic, z, detectable bias, verdict.
pub fn format_queue_check(c: &QueueCheck, lang: Lang) -> String {
    let t = |en: &'static str, sv: &'static str| tr(lang, en, sv);
    let q = &c.queue;
    let mut out = String::new();
    let kind = if q.short_term {
        format!(
            "M/M/{0}/{0} {1} (Erlang B)",
            q.places,
            t("short-term places", "korttidsplatser")
        )
    } else if q.loss {
        format!("M/M/{0}/{0} (Erlang B)", q.places)
    } else {
        format!("M/M/{} (Erlang C)", q.places)
    };
    let wait = if q.is_loss() {
        String::new()
    } else {
        format!(", t = {} {}", c.wait_days, t("days", "dagar"))
    };
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::En => format!(
                "{kind}: λ = {} a year, mean stay {} years, load a = {:.4}, occupancy ρ = {:.4}{wait}",
                q.arrivals_per_year,
                q.mean_stay_years,
                q.load(),
                q.occupancy(),
            ),
            Lang::Sv => format!(
                "{kind}: λ = {} per år, medelvistelse {} år, belastning a = {}, beläggning ρ = {}{wait}",
                number(q.arrivals_per_year, 1, lang),
                number(q.mean_stay_years, 1, lang),
                number(q.load(), 4, lang),
                number(q.occupancy(), 4, lang),
            ),
        }
    );
    // Whole numbers with thousands grouped (`40 809 händelser`), and the time scale with the
    // decimals that matter (`6 250`, `105`, `9,5`).
    let counted = |n: f64, en, sv| crate::lang::counted(n as usize, lang, en, sv);
    let scale_decimals = if c.scale >= 100.0 {
        0
    } else if c.scale >= 10.0 {
        1
    } else {
        2
    };
    let replications = counted(
        c.plan.replications as f64,
        ("replication", "replications"),
        ("simulering", "simuleringar"),
    );
    let per_replication = counted(
        c.plan.decisions_per_replication as f64,
        ("decision", "decisions"),
        ("beslut", "beslut"),
    );
    let warmup = counted(
        c.warmup_months as f64,
        ("month", "months"),
        ("månad", "månader"),
    );
    let scale = number(c.scale, scale_decimals, lang);
    let decisions = counted(
        c.decisions as f64,
        ("decision", "decisions"),
        ("beslut", "beslut"),
    );
    let events = counted(
        c.events as f64,
        ("event", "events"),
        ("händelse", "händelser"),
    );
    let seed = c.plan.seed;
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::En => format!(
                "  {replications} x {per_replication} (seed {seed}), warm-up {warmup} left out, run {scale} times faster; {decisions}, {events}"
            ),
            Lang::Sv => format!(
                "  {replications} x {per_replication} (slumpfrö {seed}), uppvärmning {warmup} bortlämnad, körd {scale} gånger snabbare; {decisions}, {events}"
            ),
        }
    );
    let _ = writeln!(
        out,
        "  {:<26} {:>12} {:>27} {:>12} {:>7} {:>10}  {}",
        t("quantity", "storhet"),
        t("simulated", "simulerat"),
        t("99.9 % interval", "99,9 %-intervall"),
        t("analytic", "analytiskt"),
        "z",
        t("detects", "upptäcker"),
        t("verdict", "utfall")
    );
    for (name, e) in &c.rows {
        let name = match lang {
            Lang::En => name.to_string(),
            Lang::Sv => row_name_sv(name).to_owned(),
        };
        let f6 = |v: f64| match lang {
            Lang::En => format!("{v:.6}"),
            Lang::Sv => format!("{v:.6}").replace('.', ","),
        };
        let _ = writeln!(
            out,
            "  {:<26} {:>12} [{:>12}{} {:>12}] {:>12} {:>7} {:>10}  {}",
            name,
            f6(e.mean),
            f6(e.ci_low),
            t(",", ";"),
            f6(e.ci_high),
            f6(e.analytic),
            match lang {
                Lang::En => format!("{:.2}", e.z()),
                Lang::Sv => number(e.z(), 2, lang),
            },
            percent(e.detectable_bias(), 2, lang),
            match (e.pass(), lang) {
                (true, Lang::En) => "PASS",
                (false, Lang::En) => "FAIL",
                (true, Lang::Sv) => "GODKÄND",
                (false, Lang::Sv) => "UNDERKÄND",
            }
        );
    }
    for n in &c.notes {
        let _ = writeln!(out, "  {}: {n}", t("not checked", "inte kontrollerat"));
    }
    out
}

/// A row of a queue check in Swedish.
fn row_name_sv(name: &str) -> &str {
    match name {
        rows::P_WAIT => "P(väntan > 0)",
        rows::MEAN_WAIT => "medelväntan, dagar",
        rows::P_WAIT_OVER => "P(väntan > t)",
        rows::MEAN_QUEUE => "medelkö",
        rows::MEAN_OCCUPIED => "medel belagda",
        rows::LITTLE_QUEUE => "Little: λ·W / L (kö)",
        rows::LITTLE_PLACES => "Little: λ·S / L (platser)",
        rows::BLOCKING => "spärr (Erlang B)",
        other => other,
    }
}

/// One replication's sample-path Little's law, over the whole horizon.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LittleRep {
    /// ∫ queue dt, person-days (time integral).
    pub queue_integral: f64,
    /// The same from sojourns: Σ (end − decision) of ended decisions + Σ ages at the end − Σ ages at the start.
    pub queue_sojourns: f64,
    /// ∫ occupied dt, place-days.
    pub occupied_integral: f64,
    /// The same from residences: Σ days of ended residences + Σ days of current residences at the end.
    pub occupied_sojourns: f64,
    /// Naive Little on the queue over the horizon: decisions per day × mean wait to move-in.
    pub naive_queue: f64,
    /// Time-average queue.
    pub mean_queue: f64,
}

impl LittleRep {
    /// Largest relative discrepancy of the two identities.
    pub fn error(&self) -> f64 {
        let rel = |a: f64, b: f64| (a - b).abs() / a.abs().max(b.abs()).max(1.0);
        rel(self.queue_integral, self.queue_sojourns)
            .max(rel(self.occupied_integral, self.occupied_sojourns))
    }
}

/// Relative discrepancy allowed in the sample-path identities: they are exact in real numbers,
/// so only rounding remains (sums of about 10⁶ terms of 10⁴ days in double precision).
pub const LITTLE_TOLERANCE: f64 = 1e-9;

/// Checks Little's law on the queue and on the occupied places, per replication, for any scenario.
pub fn little(scenario: &Scenario, settings: &Settings) -> Result<Vec<LittleRep>> {
    let mut s = scenario.clone();
    s.seed = settings.seed;
    let model = Model::new(s);
    let s = &model.scenario;
    // Ages at the start of the decisions queued at the start (their decision dates are before it).
    let age0: f64 = s
        .start_people
        .iter()
        .filter(|p| p.status != StartStatus::External)
        .map(|p| -p.decision)
        .sum();
    let horizon = model.horizon;
    experiment::map_replications(&model.scenario.name, settings, |r, ws| {
        run_replication(&model, r, ws);
        let ms = &ws.outcome.months;
        let sum = |sl| window_sum(ms, sl);
        let last = ms.last().expect("a month");
        let move_ins = sum(Slot::MoveIns);
        LittleRep {
            queue_integral: sum(Slot::QueueDays),
            queue_sojourns: sum(Slot::QueueLeaveSum) + last.get(Slot::QueueAgeSum) - age0,
            occupied_integral: sum(Slot::OccupiedDays),
            occupied_sojourns: sum(Slot::StayEndSum) + last.get(Slot::StayAgeSum),
            naive_queue: if move_ins > 0.0 {
                sum(Slot::Decisions) / horizon * sum(Slot::WaitMoveInSum) / move_ins
            } else {
                0.0
            },
            mean_queue: sum(Slot::QueueDays) / horizon,
        }
    })
}

/// Formats the Little's-law check of a scenario.
pub fn format_little(name: &str, reps: &[LittleRep], lang: Lang) -> String {
    let n = reps.len() as f64;
    let mean = |f: &dyn Fn(&LittleRep) -> f64| reps.iter().map(f).sum::<f64>() / n;
    let worst = reps.iter().map(LittleRep::error).fold(0.0, f64::max);
    let ok = worst <= LITTLE_TOLERANCE;
    let mut out = String::new();
    let n1 = |v: f64| match lang {
        Lang::En => format!("{v:.1}"),
        Lang::Sv => number(v, 1, lang),
    };
    let n2 = |v: f64| match lang {
        Lang::En => format!("{v:.2}"),
        Lang::Sv => number(v, 2, lang),
    };
    let (q, qs, o, os) = (
        n1(mean(&|r| r.queue_integral)),
        n1(mean(&|r| r.queue_sojourns)),
        n1(mean(&|r| r.occupied_integral)),
        n1(mean(&|r| r.occupied_sojourns)),
    );
    let (naive, mq) = (n2(mean(&|r| r.naive_queue)), n2(mean(&|r| r.mean_queue)));
    let reps = reps.len();
    let text = match lang {
        Lang::En => format!(
            "Little's law on {name}, {reps} replications, whole horizon (sample-path form, exact up to rounding):\n\
             \x20 queue:  ∫ queue dt = {q} person-days; from sojourns {qs}\n\
             \x20 places: ∫ occupied dt = {o} place-days; from residences {os}\n\
             \x20 largest relative discrepancy {worst:.2e} (allowed {LITTLE_TOLERANCE:.0e})  {}\n\
             \x20 (the naive λ·W with W = mean wait to move-in gives {naive} against a mean queue of {mq}: start state, withdrawals and decisions still open at the end are what the boundary terms account for)\n",
            if ok { "PASS" } else { "FAIL" }
        ),
        Lang::Sv => format!(
            "Littles lag för {name}, {reps} simuleringar, hela tidshorisonten (stigform, exakt så när som på avrundning):\n\
             \x20 kö:      ∫ kö dt = {q} persondagar; från vistelser {qs}\n\
             \x20 platser: ∫ belagda dt = {o} platsdagar; från boendetider {os}\n\
             \x20 största relativa avvikelse {} (tillåtet {})  {}\n\
             \x20 (det naiva λ·W med W = medelväntan till inflyttning ger {naive} mot en medelkö på {mq}: starttillståndet, återtagna ansökningar och beslut som är öppna vid slutet är vad randtermerna står för)\n",
            format!("{worst:.2e}").replace('.', ","),
            format!("{LITTLE_TOLERANCE:.0e}"),
            if ok { "GODKÄND" } else { "UNDERKÄND" }
        ),
    };
    out.push_str(&text);
    out
}

/// One case of the fixed set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Case {
    /// The queue.
    pub queue: Queue,
    /// t of P(wait > t), days.
    pub wait_days: f64,
    /// Replications.
    pub replications: u32,
    /// Decisions per replication in the measured window.
    pub decisions_per_replication: f64,
}

/// An M/M/c case at occupancy `rho` with mean stay one year; t of P(wait > t) is the analytic
/// mean wait rounded to a day (at least one day).
pub fn mmc_case(c: u32, rho: f64, replications: u32, decisions_per_replication: f64) -> Case {
    let queue = Queue {
        places: c,
        arrivals_per_year: rho * c as f64,
        mean_stay_years: 1.0,
        loss: false,
        short_term: false,
    };
    let wait_days = queue.analytic(0.0).mean_wait_days.round().max(1.0);
    Case {
        queue,
        wait_days,
        replications,
        decisions_per_replication,
    }
}

/// An M/M/c/c case with offered load `a`, mean stay one year.
pub fn loss_case(c: u32, a: f64, replications: u32, decisions_per_replication: f64) -> Case {
    Case {
        queue: Queue {
            places: c,
            arrivals_per_year: a,
            mean_stay_years: 1.0,
            loss: true,
            short_term: false,
        },
        wait_days: 0.0,
        replications,
        decisions_per_replication,
    }
}

/// A loss case through the short-term places: `c` short-term places, offered load `a`, mean
/// stay one year (the time scale makes it days to weeks in the engine; only the load matters).
pub fn short_term_case(c: u32, a: f64, replications: u32, requests_per_replication: f64) -> Case {
    Case {
        queue: Queue {
            places: c,
            arrivals_per_year: a,
            mean_stay_years: 1.0,
            loss: true,
            short_term: true,
        },
        wait_days: 0.0,
        replications,
        decisions_per_replication: requests_per_replication,
    }
}

/// The fixed set run by `lss-sim check` without arguments: c from 1 to 500, occupancies up to
/// 0.98, loss systems of 10, 65 and 500 places, and short-term places of 3 and 10 (Erlang B
/// through the short-term service); 10 million decisions (or requests) each (20 replications of
/// 500 000), about 40 s in release mode on two cores. docs/validation.md explains the sizes.
pub fn default_cases() -> Vec<Case> {
    let n = 500_000.0;
    vec![
        mmc_case(1, 0.5, 20, n),
        mmc_case(3, 0.8, 20, n),
        mmc_case(10, 0.95, 20, n),
        mmc_case(65, 0.98, 20, n),
        mmc_case(500, 0.95, 20, n),
        mmc_case(500, 0.98, 20, n),
        loss_case(10, 8.0, 20, n),
        loss_case(65, 60.0, 20, n),
        loss_case(500, 480.0, 20, n),
        short_term_case(3, 2.0, 20, n),
        short_term_case(10, 8.0, 20, n),
    ]
}

/// Runs a [`Case`].
pub fn run_case(case: &Case, seed: u64, threads: usize) -> Result<QueueCheck> {
    let plan = Plan {
        replications: case.replications,
        decisions_per_replication: case.decisions_per_replication,
        seed,
        threads,
    };
    check_queue(&case.queue, &plan, case.wait_days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erlang_b_matches_tables_and_is_stable_at_large_c() {
        // Erlang B tables: B(1, 1) = 0.5, B(2, 1) = 0.2, B(10, 5) = 0.018385.
        assert!((erlang_b(1, 1.0) - 0.5).abs() < 1e-12);
        assert!((erlang_b(2, 1.0) - 0.2).abs() < 1e-12);
        assert!((erlang_b(10, 5.0) - 0.018_384_8).abs() < 1e-6);
        let b = erlang_b(500, 490.0);
        assert!(b.is_finite() && b > 0.0 && b < 1.0, "{b}");
        let c = erlang_c(500, 490.0);
        assert!(c.is_finite() && c > b && c < 1.0, "{c}");
    }

    #[test]
    fn erlang_c_matches_closed_forms() {
        // M/M/1: C = ρ. M/M/2: C = 2ρ² / (1 + ρ).
        assert!((erlang_c(1, 0.7) - 0.7).abs() < 1e-12);
        let rho: f64 = 0.6;
        assert!((erlang_c(2, 2.0 * rho) - 2.0 * rho * rho / (1.0 + rho)).abs() < 1e-12);
    }

    #[test]
    fn the_layout_is_an_mmc_queue() {
        let q = Queue {
            places: 10,
            arrivals_per_year: 9.5,
            mean_stay_years: 1.0,
            loss: false,
            short_term: false,
        };
        let plan = Plan {
            replications: 2,
            decisions_per_replication: 1000.0,
            seed: 1,
            threads: 1,
        };
        let lay = layout(&q, &plan);
        let s = &lay.scenario;
        assert_eq!(s.units.len(), 1);
        assert_eq!(s.units[0].places, 10);
        assert!((lay.scale - 1000.0 / 10.0 / 9.5).abs() < 1e-9);
        assert_eq!(s.applications.per_year[0], 100.0);
        assert_eq!(s.stay.mean(), DAYS_PER_YEAR / lay.scale);
        assert!(s.external.placement_after_days.is_none());
    }

    /// A deliberately broken engine that serves the newest decision first must fail the check.
    /// LIFO leaves P(wait > 0) and the mean wait unchanged (any work-conserving order that does
    /// not look at stays does), but it stretches the tail: P(wait > t) for t near the mean wait
    /// drops well below Erlang C's value, so that row fails.
    #[test]
    fn serving_the_newest_first_is_caught() {
        let case = mmc_case(3, 0.8, 8, 20_000.0);
        let plan = Plan {
            replications: case.replications,
            decisions_per_replication: case.decisions_per_replication,
            seed: 7,
            threads: 1,
        };
        let lay = layout(&case.queue, &plan);
        let mut model = Model::new(lay.scenario.clone());
        model.wait_threshold_days = case.wait_days / lay.scale;
        let an = case.queue.analytic(case.wait_days);
        let p_over = |newest: bool| {
            let mut v = Vec::new();
            let mut ws = Workspace::default();
            ws.serve_newest_first = newest;
            for r in 0..plan.replications as u64 {
                run_replication(&model, r, &mut ws);
                let ms = &ws.outcome.months[lay.warmup_months..];
                v.push(
                    window_sum(ms, Slot::FirstOffersOverThreshold)
                        / window_sum(ms, Slot::FirstOffers),
                );
            }
            Estimate::of(&v, an.p_wait_over)
        };
        let fifo = p_over(false);
        let lifo = p_over(true);
        eprintln!(
            "P(wait > {} days), Erlang C {:.4}: oldest first {:.4} ± {:.4}, newest first {:.4} ± {:.4}",
            case.wait_days, an.p_wait_over, fifo.mean, fifo.se, lifo.mean, lifo.se
        );
        assert!(fifo.pass(), "the correct engine passes: {fifo:?}");
        assert!(!lifo.pass(), "the broken engine must fail: {lifo:?}");
    }
}
