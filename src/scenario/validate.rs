//! Checks a merged scenario and builds the [`Scenario`] the engine runs.
//!
//! Defaults: a value left out means the idealised process (instant investigation granted with
//! probability 1, offers answered at once and always accepted, no lead time, no turnaround, no
//! withdrawal, no external placements, no fee, no delays), so a theory scenario is short and a
//! planning scenario states every assumption it makes.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::Loaded;
use super::csvread::{Row, Table};
use super::file::{DurationFile, ScenarioFile};
use super::plausible::{self, PLAUSIBLE};

use crate::error::{Error, Result, Warning};
use crate::model::*;

mod short_term;
mod training;

/// Largest number of replications accepted.
pub const MAX_REPLICATIONS: u32 = 10_000_000;
/// Longest horizon accepted, years.
pub const MAX_HORIZON_YEARS: i64 = 100;
/// Most applications per year accepted.
pub const MAX_APPLICATIONS_PER_YEAR: f64 = 1_000_000.0;
/// Most units in all registers together. Limits like this one protect the machine from a typo
/// (an extra zero or a pasted column): a run holds per-unit state and per-unit output.
pub const MAX_UNITS: usize = 100_000;
/// Most places in all units together.
pub const MAX_PLACES: u64 = 10_000_000;
/// Most applications under investigation at the start (`investigation.backlog`).
pub const MAX_BACKLOG: u32 = 1_000_000;
/// Hemtagning offers a person may decline before staying placed externally, unless the scenario
/// says otherwise: a municipality asks again once, not at every vacancy.
pub const DEFAULT_HEMTAGNING_MAX_DECLINES: u32 = 2;
/// Columns every unit register has.
const REGISTER_REQUIRED: &[&str] = &[
    "id",
    "name",
    "district",
    "kind",
    "profiles",
    "places",
    "cost_per_place_year_tkr",
];
/// Columns a unit register may have.
const REGISTER_OPTIONAL: &[&str] = &[
    "occupied",
    "opens",
    "closes",
    "external_first",
    "delay_probability",
    "time_limited",
];
/// Longest goal or fee period in months (`goals.*_months`, `fee.after_months`): the longest horizon.
pub const MAX_MONTHS: u32 = 12 * MAX_HORIZON_YEARS as u32;
/// Highest cost per place-year or per person-year, tkr (`cost_per_place_year_tkr`,
/// `external.cost_per_person_year_tkr`): a thousand times a real place. With the limits on
/// places, people and years, every cost sum stays a finite number (1e308 gave NaN costs).
pub const MAX_TKR_PER_YEAR: f64 = 1_000_000.0;
/// Highest expected fee per case and month, tkr (`fee.expected_tkr_per_month`): the largest fee
/// the law allows for a case (1 000 000 kr), every month.
pub const MAX_FEE_TKR_PER_MONTH: f64 = 1_000.0;
/// Longest duration, days (`days`, `mean_days`, `min_days`, `max_days`, `scale_days`,
/// `external.placement_after_days`): 1 000 years, ten times the longest horizon.
pub const MAX_DAYS: f64 = 365_250.0;
/// Largest coefficient of variation of a gamma or log-normal duration (`cv`): far past any
/// real spread; beyond about 1e154 its square is infinite and the draws are not numbers.
pub const MAX_CV: f64 = 100.0;
/// Smallest Weibull `shape`: the mean is then 3.6 million times the scale; a smaller shape
/// makes draws infinite.
pub const MIN_WEIBULL_SHAPE: f64 = 0.1;

/// A number for a message: as written for ordinary sizes, in exponent form for huge ones
/// (`1e308`, not 309 digits).
fn shown(v: f64) -> String {
    if v.abs() >= 1e15 {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// The end of a message about a share typed as a percentage (`4` for 4 %): the share, when it
/// is plausible for `key` (between 0 and 1 for an input without a range); else nothing.
pub(super) fn percent_hint(key: &str, v: f64) -> String {
    let share = v / 100.0;
    let fits = match plausible::range(key) {
        Some(r) => r.check(share).is_none(),
        None => (0.0..=1.0).contains(&share),
    };
    if v.abs() >= 1.0 && fits {
        crate::msg!(
            ": did you mean {}, that is {} %?",
            ": menade du {}, alltså {} %?",
            shown(share),
            v
        )
    } else {
        String::new()
    }
}

struct Ctx<'a> {
    loaded: &'a Loaded,
}

impl Ctx<'_> {
    /// An error about the value at `key`, located in the files, or naming the variation that
    /// set it.
    fn err(&self, key: &[&str], message: impl Into<String>) -> Error {
        self.loaded.error_at(key, message)
    }

    /// A file named at `key` that could not be read: the message points at the line that
    /// names it, not only at the missing file.
    fn unreadable(&self, key: &[&str], e: Error) -> Error {
        super::named_at(&self.loaded.layers, key, e)
    }

    fn prob(&self, key: &[&str], v: f64) -> Result<f64> {
        if !(0.0..=1.0).contains(&v) || v.is_nan() {
            let path = key.join(".");
            return Err(self.err(
                key,
                crate::msg!(
                    "`{}` = {} must be a probability between 0 and 1{}",
                    "`{}` = {} måste vara en sannolikhet mellan 0 och 1{}",
                    path,
                    shown(v),
                    percent_hint(&path, v)
                ),
            ));
        }
        Ok(v)
    }

    /// A share between 0 and 1 (`what` says of what): a value above 1 is refused with
    /// the share it probably meant, since 4 for 4 % would otherwise run and look valid.
    fn share(&self, key: &[&str], v: f64, what: &str) -> Result<f64> {
        let v = self.non_neg(key, v)?;
        if v > 1.0 {
            let path = key.join(".");
            return Err(self.err(
                key,
                crate::msg!(
                    "`{}` = {} must be a share between 0 and 1 ({}){}",
                    "`{}` = {} måste vara en andel mellan 0 och 1 ({}){}",
                    path,
                    shown(v),
                    what,
                    percent_hint(&path, v)
                ),
            ));
        }
        Ok(v)
    }

    /// A finite number of 0 or more, at most `max` (`unit` and why, for the message).
    fn at_most(&self, key: &[&str], v: f64, max: f64, unit: &str) -> Result<f64> {
        let v = self.non_neg(key, v)?;
        if v > max {
            return Err(self.err(
                key,
                crate::msg!(
                    "`{}` = {} is more than the limit of {} {}: lower it",
                    "`{}` = {} är mer än gränsen {} {}: sänk det",
                    key.join("."),
                    shown(v),
                    max,
                    unit
                ),
            ));
        }
        Ok(v)
    }

    fn non_neg(&self, key: &[&str], v: f64) -> Result<f64> {
        if v.is_nan() || v < 0.0 || !v.is_finite() {
            return Err(self.err(
                key,
                crate::msg!(
                    "`{}` = {} must be a finite number of 0 or more",
                    "`{}` = {} måste vara ett ändligt tal, 0 eller mer",
                    key.join("."),
                    v
                ),
            ));
        }
        Ok(v)
    }

    fn duration(&self, key: &[&str], d: &DurationFile) -> Result<Duration> {
        let path = key.join(".");
        let bad =
            |what: &str| Err(self.err(key, crate::msg!("`{path}`: {what}", "`{path}`: {what}")));
        // Limits first, so that a huge number is not called negative.
        let too_long = |name: &str, v: f64| {
            (v.is_finite() && v > MAX_DAYS).then(|| {
                crate::msg!(
                    "`{name}` = {} is more than the limit of {MAX_DAYS} days (1000 years): lower it",
                    "`{name}` = {} är mer än gränsen {MAX_DAYS} dagar (1000 år): sänk det",
                    shown(v)
                )
            })
        };
        let too_wide = |cv: f64| {
            (cv.is_finite() && cv > MAX_CV).then(|| {
                crate::msg!(
                    "`cv` = {} is more than the limit of {MAX_CV}: lower it (1 is the spread of an exponential)",
                    "`cv` = {} är mer än gränsen {MAX_CV}: sänk det (1 är spridningen hos en exponentialfördelning)",
                    shown(cv)
                )
            })
        };
        let past_limit = match *d {
            DurationFile::Fixed { days } => too_long("days", days),
            DurationFile::Exponential { mean_days } => too_long("mean_days", mean_days),
            DurationFile::Uniform { min_days, max_days } => {
                too_long("min_days", min_days).or_else(|| too_long("max_days", max_days))
            }
            DurationFile::Gamma { mean_days, cv } | DurationFile::LogNormal { mean_days, cv } => {
                too_long("mean_days", mean_days).or_else(|| too_wide(cv))
            }
            DurationFile::Weibull { shape, scale_days } => too_long("scale_days", scale_days)
                .or_else(|| {
                    (shape.is_finite() && shape > 0.0 && shape < MIN_WEIBULL_SHAPE).then(|| {
                        crate::msg!(
                            "`shape` = {shape} is less than the limit of {MIN_WEIBULL_SHAPE}: raise it (1 is an exponential)",
                            "`shape` = {shape} är mindre än gränsen {MIN_WEIBULL_SHAPE}: höj det (1 är en exponentialfördelning)"
                        )
                    })
                }),
        };
        if let Some(what) = past_limit {
            return bad(&what);
        }
        let ok = |v: f64| v.is_finite() && v >= 0.0;
        let pos = |v: f64| v.is_finite() && v > 0.0;
        Ok(match *d {
            DurationFile::Fixed { days } if ok(days) => Duration::Fixed { days },
            DurationFile::Fixed { .. } => {
                return bad(&crate::msg!(
                    "`days` must be 0 or more",
                    "`days` måste vara 0 eller mer"
                ));
            }
            DurationFile::Exponential { mean_days } if ok(mean_days) => {
                if mean_days == 0.0 {
                    Duration::Fixed { days: 0.0 }
                } else {
                    Duration::Exponential { mean_days }
                }
            }
            DurationFile::Exponential { .. } => {
                return bad(&crate::msg!(
                    "`mean_days` must be 0 or more",
                    "`mean_days` måste vara 0 eller mer"
                ));
            }
            DurationFile::Uniform { min_days, max_days }
                if ok(min_days) && ok(max_days) && min_days <= max_days =>
            {
                Duration::Uniform { min_days, max_days }
            }
            DurationFile::Uniform { .. } => {
                return bad(&crate::msg!(
                    "needs 0 <= `min_days` <= `max_days`",
                    "kräver 0 <= `min_days` <= `max_days`"
                ));
            }
            DurationFile::Gamma { mean_days, cv } if pos(mean_days) && pos(cv) => {
                Duration::Gamma { mean_days, cv }
            }
            DurationFile::Gamma { .. } => {
                return bad(&crate::msg!(
                    "`mean_days` and `cv` must be above 0",
                    "`mean_days` och `cv` måste vara större än 0"
                ));
            }
            DurationFile::LogNormal { mean_days, cv } if pos(mean_days) && pos(cv) => {
                Duration::LogNormal { mean_days, cv }
            }
            DurationFile::LogNormal { .. } => {
                return bad(&crate::msg!(
                    "`mean_days` and `cv` must be above 0",
                    "`mean_days` och `cv` måste vara större än 0"
                ));
            }
            DurationFile::Weibull { shape, scale_days } if pos(shape) && pos(scale_days) => {
                Duration::Weibull { shape, scale_days }
            }
            DurationFile::Weibull { .. } => {
                return bad(&crate::msg!(
                    "`shape` and `scale_days` must be above 0",
                    "`shape` och `scale_days` måste vara större än 0"
                ));
            }
        })
    }
}

fn date(ctx: &Ctx, key: &[&str], v: Option<toml::value::Datetime>) -> Result<NaiveDate> {
    let v = v.ok_or_else(|| {
        ctx.err(
            key,
            crate::msg!(
                "`{}` is missing (a date such as 2018-09-01)",
                "`{}` saknas (ett datum som 2018-09-01)",
                key.join(".")
            ),
        )
    })?;
    match (v.date, v.time) {
        (Some(d), None) => NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32)
            .ok_or_else(|| {
                ctx.err(
                    key,
                    crate::msg!("`{v}` is not a valid date", "`{v}` är inget giltigt datum"),
                )
            }),
        _ => Err(ctx.err(
            key,
            crate::msg!(
                "`{}` = {v} must be a date without a time, such as 2018-09-01",
                "`{}` = {v} måste vara ett datum utan klockslag, som 2018-09-01",
                key.join(".")
            ),
        )),
    }
}

/// Validates a loaded scenario.
pub fn validate(loaded: &Loaded) -> Result<Scenario> {
    let ctx = Ctx { loaded };
    let raw: ScenarioFile = toml::Value::Table(loaded.merged.clone())
        .try_into()
        .map_err(|e: toml::de::Error| ctx.err(&[], super::plain_words(e.message().trim_end())))?;

    let name = raw
        .name
        .clone()
        .ok_or_else(|| ctx.err(&["name"], crate::msg!("`name` is missing", "`name` saknas")))?;
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        || name.starts_with('.')
    {
        return Err(ctx.err(&["name"], crate::msg!("`name` = {name:?} must be letters, digits, `-`, `_` or `.`, and not begin with `.` (it names the output folder)", "`name` = {name:?} får bara innehålla bokstäver, siffror, `-`, `_` eller `.` och inte börja med `.` (det blir namnet på utdatamappen)")));
    }
    let replications = raw.replications.unwrap_or(1000);
    if replications == 0 || replications > MAX_REPLICATIONS as u64 {
        return Err(ctx.err(&["replications"], crate::msg!("`replications` = {replications} must be between 1 and {MAX_REPLICATIONS}: {} it (1000 gives tight intervals)", "`replications` = {replications} måste vara mellan 1 och {MAX_REPLICATIONS}: {} det (1000 ger snäva intervall)", if replications == 0 { crate::lang::tr(crate::lang::messages(), "raise", "höj") } else { crate::lang::tr(crate::lang::messages(), "lower", "sänk") })));
    }

    // Horizon
    let horizon = raw.horizon.clone().unwrap_or_default();
    let start = date(&ctx, &["horizon", "start"], horizon.start)?;
    let end = date(&ctx, &["horizon", "end"], horizon.end)?;
    if end < start {
        return Err(ctx.err(
            &["horizon", "end"],
            crate::msg!(
                "the horizon ends ({end}) before it starts ({start})",
                "tidshorisonten slutar ({end}) innan den börjar ({start})"
            ),
        ));
    }
    if end.year() as i64 - start.year() as i64 > MAX_HORIZON_YEARS {
        return Err(ctx.err(&["horizon", "end"], crate::msg!("the horizon {start} to {end} spans {} calendar years, more than the limit of {MAX_HORIZON_YEARS}: set an earlier `horizon.end`", "tidshorisonten {start} till {end} omfattar {} kalenderår, mer än gränsen {MAX_HORIZON_YEARS}: ange ett tidigare `horizon.end`", end.year() as i64 - start.year() as i64 + 1)));
    }

    // Goals
    let g = raw.goals.clone().unwrap_or_default();
    let first_full_year = if start.ordinal() == 1 {
        start.year()
    } else {
        (start.year() + 1).min(end.year())
    };
    let goals = Goals {
        offer_within_months: g.offer_within_months.unwrap_or(6),
        report_after_months: g.report_after_months.unwrap_or(3),
        occupancy_target: ctx.prob(
            &["goals", "occupancy_target"],
            g.occupancy_target.unwrap_or(0.98),
        )?,
        first_goal_year: g.first_goal_year.unwrap_or(first_full_year),
    };
    for (key, months) in [
        ("offer_within_months", goals.offer_within_months),
        ("report_after_months", goals.report_after_months),
    ] {
        if months > MAX_MONTHS {
            return Err(ctx.err(&["goals", key], crate::msg!("`goals.{key}` = {months} is more than the limit of {MAX_MONTHS} months (the longest horizon): lower it", "`goals.{key}` = {months} är mer än gränsen {MAX_MONTHS} månader (den längsta tidshorisonten): sänk det")));
        }
    }
    if !(start.year()..=end.year()).contains(&goals.first_goal_year) {
        return Err(ctx.err(
            &["goals", "first_goal_year"],
            crate::msg!(
                "`goals.first_goal_year` = {} is outside the horizon {}-{}",
                "`goals.first_goal_year` = {} ligger utanför tidshorisonten {}-{}",
                goals.first_goal_year,
                start.year(),
                end.year()
            ),
        ));
    }

    // Profiles
    let p = raw.profiles.clone().unwrap_or_default();
    let mix = p.mix.clone().ok_or_else(|| {
        ctx.err(
            &["profiles", "mix"],
            crate::msg!(
                "`profiles.mix` is missing (for example `mix = {{ ID = 0.6, autism = 0.4 }}`)",
                "`profiles.mix` saknas (till exempel `mix = {{ ID = 0.6, autism = 0.4 }}`)"
            ),
        )
    })?;
    if mix.is_empty() || mix.len() > MAX_PROFILES {
        return Err(ctx.err(
            &["profiles", "mix"],
            crate::msg!(
                "`profiles.mix` needs 1 to {MAX_PROFILES} profiles",
                "`profiles.mix` behöver 1 till {MAX_PROFILES} målgrupper"
            ),
        ));
    }
    let mut profiles = Vec::new();
    let mut profile_mix = Vec::new();
    for (name, &share) in &mix {
        ctx.non_neg(&["profiles", "mix", name], share)?;
        profiles.push(name.clone());
        profile_mix.push(share);
    }
    let total: f64 = profile_mix.iter().sum();
    if (total - 1.0).abs() > 1e-6 {
        let hint = if (total - 100.0).abs() <= 1e-4 {
            crate::msg!(
                ": did you write percentages? Write shares that sum to 1 (0.6 for 60 %)",
                ": skrev du procent? Skriv andelar som summerar till 1 (0.6 för 60 %)"
            )
        } else {
            String::new()
        };
        return Err(ctx.err(
            &["profiles", "mix"],
            crate::msg!(
                "the shares in `profiles.mix` sum to {}, not 1{hint}",
                "andelarna i `profiles.mix` summerar till {}, inte 1{hint}",
                shown(total)
            ),
        ));
    }
    let district_preference = ctx.prob(
        &["profiles", "district_preference_probability"],
        p.district_preference_probability.unwrap_or(0.0),
    )?;

    let day = |d: NaiveDate| (d - start).num_days() as f64;

    // Units
    let registers = raw
        .units
        .as_ref()
        .and_then(|u| u.registers.clone())
        .ok_or_else(|| {
            ctx.err(
                &["units", "registers"],
                crate::msg!(
                    "`units.registers` is missing (a list of unit-register CSV files)",
                    "`units.registers` saknas (en lista med CSV-filer med boenderegister)"
                ),
            )
        })?;
    if registers.is_empty() {
        return Err(ctx.err(
            &["units", "registers"],
            crate::msg!("`units.registers` is empty", "`units.registers` är tom"),
        ));
    }
    let mut districts: Vec<String> = Vec::new();
    let district_id = |name: &str, districts: &mut Vec<String>| -> DistrictId {
        if let Some(i) = districts.iter().position(|d| d == name) {
            i as DistrictId
        } else {
            districts.push(name.to_owned());
            (districts.len() - 1) as DistrictId
        }
    };
    let mut units = Vec::new();
    let mut short_term_units = Vec::new();
    let mut warnings = Vec::new();
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut tables = Vec::new();
    for reg in &registers {
        tables.push(
            Table::read(Path::new(reg), REGISTER_REQUIRED, REGISTER_OPTIONAL)
                .map_err(|e| ctx.unreadable(&["units", "registers"], e))?,
        );
    }
    // New units of a variation are read as register rows that are in no file.
    let columns: Vec<&str> = REGISTER_REQUIRED
        .iter()
        .chain(REGISTER_OPTIONAL)
        .copied()
        .collect();
    let added = loaded.new_units_table(&columns);
    let new_rows = loaded.new_unit_rows(&added, &columns)?;
    for mut row in tables.iter().flat_map(Table::rows).chain(new_rows) {
        let id = row.text("id")?;
        if let Some(place) = ids.get(&id) {
            return Err(row.error(
                "id",
                crate::msg!(
                    "unit id `{id}` is already used at {place}",
                    "boende-id `{id}` används redan på {place}"
                ),
            ));
        }
        ids.insert(id.clone(), row.place());
        if !loaded.vary_row(&id, &mut row) {
            continue; // varied to 0 places: the unit is left out
        }
        let kind_text = row.str("kind").to_lowercase();
        let is_short_term = short_term::is_kind(&kind_text);
        let kind = match kind_text.as_str() {
            "group" | "gruppbostad" => UnitKind::Group,
            "service" | "servicebostad" => UnitKind::Service,
            "training" | "träningsboende" => UnitKind::Training,
            // A short-term unit gets its own record below; this kind is not used for it.
            _ if is_short_term => UnitKind::Training,
            other => {
                return Err(row.error(
                    "kind",
                    crate::msg!(
                        "`{other}` is not a unit kind (group, service, training or short-term)",
                        "`{other}` är ingen boendetyp (gruppbostad, servicebostad, träningsboende eller korttidsplats)"
                    ),
                ));
            }
        };
        let mut set = ProfileSet::default();
        for prof in row
            .str("profiles")
            .split(['|', '+'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            match profiles.iter().position(|p| p == prof) {
                Some(i) => set.0 |= 1 << i,
                None => {
                    return Err(row.error(
                        "profiles",
                        crate::msg!(
                            "profile `{prof}` is not in `profiles.mix` ({})",
                            "målgruppen `{prof}` finns inte i `profiles.mix` ({})",
                            profiles.join(", ")
                        ),
                    ));
                }
            }
        }
        if set.0 == 0 {
            return Err(row.error(
                "profiles",
                crate::msg!(
                    "names no profile (separate several with `|`)",
                    "anger ingen målgrupp (skilj flera åt med `|`)"
                ),
            ));
        }
        let places = row
            .count("places")?
            .ok_or_else(|| row.error("places", crate::msg!("is empty", "är tom")))?;
        if places == 0 {
            return Err(row.error(
                "places",
                crate::msg!("must be at least 1", "måste vara minst 1"),
            ));
        }
        let opens = row.date("opens")?;
        let closes = row.date("closes")?;
        let open_at_start = opens.is_none_or(|d| d <= start);
        // Dates past the end are real plans (a lease that ends in 2030): the unit opens or
        // closes after the horizon, so not within it. A unit closed by the start has no
        // place in the register.
        if let Some(c) = closes.filter(|&c| c <= start) {
            return Err(row.error(
                    "closes",
                    crate::msg!("the unit closes on {c}, not after the start of the horizon ({start}): leave it out of the register", "boendet stänger {c}, inte efter tidshorisontens start ({start}): ta bort det ur registret"),
                ));
        }
        if let (Some(o), Some(c)) = (opens, closes)
            && c <= o
        {
            return Err(row.error(
                "closes",
                crate::msg!(
                    "the unit closes ({c}) before it opens ({o})",
                    "boendet stänger ({c}) innan det öppnar ({o})"
                ),
            ));
        }
        let occupied = match row.count("occupied")? {
            Some(n) if n > places => {
                return Err(row.error(
                    "occupied",
                    crate::msg!(
                        "{n} occupied is more than the {places} places",
                        "{n} belagda är fler än de {places} platserna"
                    ),
                ));
            }
            Some(n) if n > 0 && !open_at_start => {
                return Err(row.error(
                    "occupied",
                    crate::msg!(
                        "a unit that opens after the start cannot have residents at the start",
                        "ett boende som öppnar efter starten kan inte ha boende vid starten"
                    ),
                ));
            }
            Some(n) => n,
            // A short-term unit starts empty unless the register says otherwise.
            None if open_at_start && !is_short_term => places,
            None => 0,
        };
        let cost = row.number("cost_per_place_year_tkr")?.ok_or_else(|| {
            row.error("cost_per_place_year_tkr", crate::msg!("is empty", "är tom"))
        })?;
        if cost < 0.0 {
            return Err(row.error(
                "cost_per_place_year_tkr",
                crate::msg!("must be 0 or more", "måste vara 0 eller mer"),
            ));
        }
        if cost > MAX_TKR_PER_YEAR {
            return Err(row.error(
                    "cost_per_place_year_tkr",
                    crate::msg!(
                        "`{}` is more than the limit of {MAX_TKR_PER_YEAR} tkr per place-year: lower it",
                        "`{}` är mer än gränsen {MAX_TKR_PER_YEAR} tkr per platsår: sänk det",
                        row.str("cost_per_place_year_tkr")
                    ),
                ));
        }
        plausible_cell(&row, "places", places as f64, &mut warnings);
        plausible_cell(&row, "cost_per_place_year_tkr", cost, &mut warnings);
        if is_short_term {
            short_term_units.push(short_term::unit(
                &row,
                id,
                set,
                places,
                occupied,
                if open_at_start { None } else { opens.map(day) },
                cost,
            )?);
            continue;
        }
        let district = district_id(&row.text("district")?, &mut districts);
        units.push(Unit {
            id,
            name: row.text("name")?,
            district,
            kind,
            profiles: set,
            places,
            occupied_at_start: occupied,
            opens: if open_at_start { None } else { opens.map(day) },
            closes: closes.map(day),
            cost_per_place_year_tkr: cost,
            external_first: row.flag("external_first")?.unwrap_or(false),
            time_limited: training::time_limited(&row, kind, occupied, closes)?,
            delay_probability: match row.number("delay_probability")? {
                Some(p) if !(0.0..=1.0).contains(&p) => {
                    return Err(row.error(
                        "delay_probability",
                        crate::msg!(
                            "{} must be a probability between 0 and 1{}",
                            "{} måste vara en sannolikhet mellan 0 och 1{}",
                            shown(p),
                            percent_hint("delay_probability", p)
                        ),
                    ));
                }
                Some(_) if open_at_start => {
                    return Err(row.error(
                        "delay_probability",
                        crate::msg!(
                            "the unit is open at the start: a delay is for units that open later",
                            "boendet är öppet vid starten: en försening gäller boenden som öppnar senare"
                        ),
                    ));
                }
                p => p,
            },
        });
    }
    loaded.check_varied_units(|id| ids.contains_key(id))?;
    // District numbers are 16 bits, and the largest means "no preference".
    if districts.len() >= DistrictId::MAX as usize {
        return Err(loaded.units_error(
            &["units", "registers"],
            crate::msg!(
                "the unit registers name {} districts, more than the limit of {}: check the `district` column",
                "boenderegistren anger {} områden, fler än gränsen {}: kontrollera kolumnen `district`",
                districts.len(),
                DistrictId::MAX - 1
            ),
        ));
    }
    if units.is_empty() {
        return Err(ctx.err(
            &["units", "registers"],
            crate::msg!(
                "the unit registers hold no unit",
                "boenderegistren innehåller inget boende"
            ),
        ));
    }
    let total_places: u64 = units.iter().map(|u| u.places as u64).sum();
    if units.len() > MAX_UNITS || total_places > MAX_PLACES {
        return Err(loaded.units_error(&["units", "registers"], crate::msg!(
            "the unit registers hold {} units with {total_places} places, more than the limit of {MAX_UNITS} units or {MAX_PLACES} places: check the registers for a wrong or repeated file or an extra digit in `places`",
            "boenderegistren innehåller {} boenden med {total_places} platser, fler än gränsen {MAX_UNITS} boenden eller {MAX_PLACES} platser: kontrollera registren efter en felaktig eller upprepad fil eller en extra siffra i `places`",
            units.len()
        )));
    }
    for (i, name) in profiles.iter().enumerate() {
        if !units.iter().any(|u| u.profiles.contains(i as ProfileId)) {
            return Err(loaded.units_error(&["profiles", "mix", name], crate::msg!("no unit serves profile `{name}`: add it to a unit's `profiles` in the register or remove it from `profiles.mix`", "inget boende tar emot målgruppen `{name}`: lägg till den i ett boendes `profiles` i registret eller ta bort den ur `profiles.mix`")));
        }
    }

    // Applications
    let a = raw.applications.clone().unwrap_or_default();
    let years: Vec<i32> = (start.year()..=end.year()).collect();
    let per_year = match (&a.by_year, a.per_year) {
        (Some(_), Some(_)) => return Err(ctx.err(&["applications", "by_year"], crate::msg!("set either `applications.per_year` (with `growth_per_year`) or `applications.by_year`, not both", "ange antingen `applications.per_year` (med `growth_per_year`) eller `applications.by_year`, inte båda"))),
        (None, None) => return Err(ctx.err(&["applications"], crate::msg!("`applications.per_year` or `applications.by_year` is missing", "`applications.per_year` eller `applications.by_year` saknas"))),
        (None, Some(rate)) => {
            ctx.non_neg(&["applications", "per_year"], rate)?;
            let growth = a.growth_per_year.unwrap_or(0.0);
            if growth.is_nan() || growth <= -1.0 || growth > 1.0 {
                return Err(ctx.err(&["applications", "growth_per_year"], crate::msg!("`applications.growth_per_year` = {} must be a share above -1 and at most 1 (1 doubles the applications every year){}", "`applications.growth_per_year` = {} måste vara en andel över -1 och högst 1 (1 fördubblar ansökningarna varje år){}", shown(growth), percent_hint("applications.growth_per_year", growth))));
            }
            years.iter().map(|&y| rate * (1.0 + growth).powi(y - start.year())).collect::<Vec<_>>()
        }
        (Some(by_year), None) => {
            if a.growth_per_year.is_some() {
                return Err(ctx.err(&["applications", "growth_per_year"], crate::msg!("`growth_per_year` goes with `per_year`, not with `by_year`", "`growth_per_year` hör till `per_year`, inte till `by_year`")));
            }
            let mut rates: BTreeMap<i32, f64> = BTreeMap::new();
            for (k, &v) in by_year {
                let y: i32 = k.parse().map_err(|_| ctx.err(&["applications", "by_year", k], crate::msg!("`{k}` is not a year", "`{k}` är inget år")))?;
                if !years.contains(&y) {
                    return Err(ctx.err(&["applications", "by_year", k], crate::msg!("year {y} is outside the horizon", "året {y} ligger utanför tidshorisonten")));
                }
                rates.insert(y, ctx.non_neg(&["applications", "by_year", k], v)?);
            }
            if let Some(missing) = years.iter().find(|y| !rates.contains_key(y)) {
                return Err(ctx.err(&["applications", "by_year"], crate::msg!("`applications.by_year` has no rate for {missing}", "`applications.by_year` saknar ett antal för {missing}")));
            }
            rates.into_values().collect()
        }
    };
    if let Some(r) = per_year.iter().find(|&&r| r > MAX_APPLICATIONS_PER_YEAR) {
        return Err(ctx.err(&["applications"], crate::msg!("{r:.0} applications a year is more than the limit of {MAX_APPLICATIONS_PER_YEAR:.0}: lower `applications.per_year`, `growth_per_year` or `by_year`", "{r:.0} ansökningar per år är fler än gränsen {MAX_APPLICATIONS_PER_YEAR:.0}: sänk `applications.per_year`, `growth_per_year` eller `by_year`")));
    }

    // Investigation
    let inv = raw.investigation.clone().unwrap_or_default();
    let investigation = match &inv.duration {
        Some(d) => ctx.duration(&["investigation", "duration"], d)?,
        None => Duration::Fixed { days: 0.0 },
    };
    let backlog_remaining = match &inv.backlog_remaining {
        Some(d) => ctx.duration(&["investigation", "backlog_remaining"], d)?,
        None => investigation,
    };
    if let Some(n) = inv.backlog.filter(|&n| n > MAX_BACKLOG) {
        return Err(ctx.err(
            &["investigation", "backlog"],
            crate::msg!(
                "`investigation.backlog` = {n} is more than the limit of {MAX_BACKLOG}: lower it",
                "`investigation.backlog` = {n} är mer än gränsen {MAX_BACKLOG}: sänk det"
            ),
        ));
    }

    // Offers
    let o = raw.offers.clone().unwrap_or_default();
    let acceptance = ctx.prob(
        &["offers", "acceptance_probability"],
        o.acceptance_probability.unwrap_or(1.0),
    )?;
    let offers = Offers {
        response: match &o.response {
            Some(d) => ctx.duration(&["offers", "response"], d)?,
            None => Duration::Fixed { days: 0.0 },
        },
        acceptance,
        acceptance_preferred_district: ctx.prob(
            &["offers", "acceptance_preferred_district"],
            o.acceptance_preferred_district.unwrap_or(acceptance),
        )?,
        acceptance_other_district: ctx.prob(
            &["offers", "acceptance_other_district"],
            o.acceptance_other_district.unwrap_or(acceptance),
        )?,
        // Above 1 each decline would make the next offer likelier to be accepted, which no
        // scenario means (and the engine would clamp the product to 1): refused.
        acceptance_factor_per_decline: ctx.share(
            &["offers", "acceptance_factor_per_decline"],
            o.acceptance_factor_per_decline.unwrap_or(1.0),
            &crate::msg!("each decline multiplies the acceptance probability by it; 1 = declines change nothing", "varje nej tack multiplicerar sannolikheten att tacka ja med den; 1 = nej tack ändrar ingenting"),
        )?,
        withdraw_after_declines: o.withdraw_after_declines.filter(|&n| n > 0),
    };

    let move_in = match raw.move_in.as_ref().and_then(|m| m.lead.as_ref()) {
        Some(d) => ctx.duration(&["move_in", "lead"], d)?,
        None => Duration::Fixed { days: 0.0 },
    };
    let s = raw.stays.clone().unwrap_or_default();
    let stay = match (s.exit_rate_per_year, &s.length) {
        (Some(_), Some(_)) => {
            return Err(ctx.err(
                &["stays", "length"],
                crate::msg!(
                    "set either `stays.exit_rate_per_year` or `stays.length`, not both",
                    "ange antingen `stays.exit_rate_per_year` eller `stays.length`, inte båda"
                ),
            ));
        }
        (None, None) => {
            return Err(ctx.err(
                &["stays"],
                crate::msg!(
                    "`stays.exit_rate_per_year` or `stays.length` is missing",
                    "`stays.exit_rate_per_year` eller `stays.length` saknas"
                ),
            ));
        }
        (Some(rate), None) => {
            let rate = ctx.share(
                &["stays", "exit_rate_per_year"],
                rate,
                &crate::msg!("of residents leaving per year; for stays shorter than a year set `stays.length`", "av de boende som flyttar per år; för vistelser kortare än ett år, ange `stays.length`"),
            )?;
            if rate == 0.0 {
                Duration::Fixed {
                    days: f64::INFINITY,
                }
            } else {
                Duration::Exponential {
                    mean_days: DAYS_PER_YEAR / rate,
                }
            }
        }
        (None, Some(d)) => ctx.duration(&["stays", "length"], d)?,
    };
    let turnaround = match raw.vacancy.as_ref().and_then(|v| v.turnaround.as_ref()) {
        Some(d) => ctx.duration(&["vacancy", "turnaround"], d)?,
        None => Duration::Fixed { days: 0.0 },
    };
    let withdrawal = ctx.share(
        &["queue", "withdrawal_rate_per_year"],
        raw.queue
            .as_ref()
            .and_then(|q| q.withdrawal_rate_per_year)
            .unwrap_or(0.0),
        &crate::msg!(
            "of queued people leaving the queue per year",
            "av de köande som lämnar kön per år"
        ),
    )?;

    // External
    let e = raw.external.clone().unwrap_or_default();
    let external = External {
        cost_per_person_year_tkr: ctx.at_most(
            &["external", "cost_per_person_year_tkr"],
            e.cost_per_person_year_tkr.unwrap_or(0.0),
            MAX_TKR_PER_YEAR,
            &crate::msg!("tkr per person-year", "tkr per personår"),
        )?,
        placement_after_days: match e.placement_after_days {
            Some(d) => Some(ctx.at_most(
                &["external", "placement_after_days"],
                d,
                MAX_DAYS,
                &crate::msg!("days (1000 years)", "dagar (1000 år)"),
            )?),
            None => None,
        },
        placement_executes_decision: e.placement_executes_decision.unwrap_or(false),
        hemtagning: e.hemtagning.unwrap_or(false),
        hemtagning_scope: match e.hemtagning_scope.as_deref().unwrap_or("new_units") {
            "new_units" => HemtagningScope::NewUnits,
            "all_units" => HemtagningScope::AllUnits,
            other => {
                return Err(ctx.err(
                    &["external", "hemtagning_scope"],
                    crate::msg!(
                        "`{other}` is not a scope: use \"new_units\" or \"all_units\"",
                        "`{other}` är inget omfång: använd \"new_units\" eller \"all_units\""
                    ),
                ));
            }
        },
        hemtagning_acceptance: ctx.prob(
            &["external", "hemtagning_acceptance_probability"],
            e.hemtagning_acceptance_probability.unwrap_or(acceptance),
        )?,
        hemtagning_max_declines: match e.hemtagning_max_declines {
            Some(0) => {
                return Err(ctx.err(
                    &["external", "hemtagning_max_declines"],
                    crate::msg!(
                        "`external.hemtagning_max_declines` = 0 would make no hemtagning offer: \
                         set `hemtagning = false` instead, or allow at least 1 decline",
                        "`external.hemtagning_max_declines` = 0 skulle inte ge något erbjudande om hemtagning: \
                         ange `hemtagning = false` i stället, eller tillåt minst 1 nej tack"
                    ),
                ));
            }
            Some(n) => n,
            None => DEFAULT_HEMTAGNING_MAX_DECLINES,
        },
    };

    if let Some(m) = raw
        .fee
        .as_ref()
        .and_then(|f| f.after_months)
        .filter(|&m| m > MAX_MONTHS)
    {
        return Err(ctx.err(&["fee", "after_months"], crate::msg!("`fee.after_months` = {m} is more than the limit of {MAX_MONTHS} months (the longest horizon): lower it", "`fee.after_months` = {m} är mer än gränsen {MAX_MONTHS} månader (den längsta tidshorisonten): sänk det")));
    }
    let fee = match &raw.fee {
        None => None,
        Some(f) => Some(Fee {
            after_months: f.after_months.unwrap_or(goals.offer_within_months),
            expected_tkr_per_month: ctx.at_most(
                &["fee", "expected_tkr_per_month"],
                f.expected_tkr_per_month.ok_or_else(|| {
                    ctx.err(
                        &["fee"],
                        crate::msg!(
                            "`fee.expected_tkr_per_month` is missing",
                            "`fee.expected_tkr_per_month` saknas"
                        ),
                    )
                })?,
                MAX_FEE_TKR_PER_MONTH,
                &crate::msg!(
                    "tkr a month (the largest fee the law allows for a case, every month)",
                    "tkr per månad (den största avgift lagen tillåter för ett ärende, varje månad)"
                ),
            )?,
        }),
    };
    let construction = match &raw.construction {
        None => None,
        Some(c) => Some(Construction {
            delay_probability: ctx.prob(
                &["construction", "delay_probability"],
                c.delay_probability.unwrap_or(1.0),
            )?,
            delay: ctx.duration(
                &["construction", "delay"],
                c.delay.as_ref().ok_or_else(|| {
                    ctx.err(
                        &["construction"],
                        crate::msg!(
                            "`construction.delay` is missing",
                            "`construction.delay` saknas"
                        ),
                    )
                })?,
            )?,
        }),
    };
    if construction.is_none()
        && let Some(u) = units.iter().find(|u| u.delay_probability.is_some())
    {
        return Err(ctx.err(
                &["construction"],
                crate::msg!(
                    "the unit register gives unit `{}` a `delay_probability`, but the scenario has no `[construction]` section with the `delay` it would draw",
                    "boenderegistret ger boendet `{}` en `delay_probability`, men scenariot saknar avsnittet `[construction]` med den `delay` som ska lottas",
                    u.id
                ),
            ));
    }

    // Start state
    let mut start_people = Vec::new();
    if let Some(people) = raw.start.as_ref().and_then(|s| s.people.as_ref()) {
        let table = Table::read(
            Path::new(people),
            &["id", "status", "profile", "decision_date"],
            &["declines", "offered_before", "preferred_district"],
        )
        .map_err(|e| ctx.unreadable(&["start", "people"], e))?;
        let mut lines: HashMap<String, String> = HashMap::new();
        for row in table.rows() {
            let id = row.text("id")?;
            if let Some(line) = lines.insert(id.clone(), row.line_name()) {
                return Err(row.error(
                    "id",
                    crate::msg!(
                        "person id `{id}` is already used on {line}",
                        "person-id `{id}` används redan på {line}"
                    ),
                ));
            }
            let status = match row.str("status").to_lowercase().as_str() {
                "queued" => StartStatus::Queued,
                "queued_external" => StartStatus::QueuedExternal,
                "external" => StartStatus::External,
                other => {
                    return Err(row.error(
                        "status",
                        crate::msg!(
                            "`{other}` is not a status (queued, queued_external or external)",
                            "`{other}` är ingen status (queued, queued_external eller external)"
                        ),
                    ));
                }
            };
            let prof = row.text("profile")?;
            let profile = profiles.iter().position(|p| *p == prof).ok_or_else(|| {
                row.error(
                    "profile",
                    crate::msg!(
                        "profile `{prof}` is not in `profiles.mix` ({})",
                        "målgruppen `{prof}` finns inte i `profiles.mix` ({})",
                        profiles.join(", ")
                    ),
                )
            })? as ProfileId;
            let decision = row
                .date("decision_date")?
                .ok_or_else(|| row.error("decision_date", crate::msg!("is empty", "är tom")))?;
            if decision >= start {
                return Err(row.error(
                    "decision_date",
                    crate::msg!(
                        "{decision} is not before the start of the horizon ({start})",
                        "{decision} ligger inte före tidshorisontens start ({start})"
                    ),
                ));
            }
            let preferred_district = match row.str("preferred_district") {
                "" => None,
                d => Some(districts.iter().position(|x| x == d).ok_or_else(|| {
                    row.error(
                        "preferred_district",
                        crate::msg!(
                            "no unit is in district `{d}`",
                            "inget boende ligger i området `{d}`"
                        ),
                    )
                })? as DistrictId),
            };
            let declines = row.count("declines")?.unwrap_or(0);
            plausible_cell(&row, "declines", declines as f64, &mut warnings);
            let offered_before = row.flag("offered_before")?;
            if declines > 0 && offered_before == Some(false) {
                // What the user wrote (`nej`, `false`, `0`), in the Swedish message.
                let raw = row.str("offered_before").trim();
                return Err(row.error(
                    "offered_before",
                    crate::msg!("is false, but the person has declined {declines} offers: a decline needs an offer", "är `{raw}`, men personen har tackat nej till {declines} erbjudanden: ett nej tack kräver ett erbjudande"),
                ));
            }
            start_people.push(StartPerson {
                id,
                profile,
                preferred_district,
                decision: day(decision),
                declines,
                offered_before: offered_before.unwrap_or(declines > 0),
                status,
            });
        }
    }

    let training = training::training(&ctx, &raw, &units, &mut warnings)?;
    let short_term = short_term::section(&ctx, &raw, &profiles, short_term_units)?;
    warnings.extend(plausible_settings(&ctx)?);
    let observations = super::observations::read(loaded, &raw, start, end)?;

    Ok(Scenario {
        name,
        description: raw.description.clone().unwrap_or_default(),
        seed: raw.seed.unwrap_or(1),
        replications: replications as u32,
        start,
        end,
        goals,
        profiles,
        profile_mix,
        districts,
        district_preference,
        applications: Applications {
            per_year,
            first_year: start.year(),
        },
        investigation,
        grant_probability: ctx.prob(
            &["investigation", "grant_probability"],
            inv.grant_probability.unwrap_or(1.0),
        )?,
        under_investigation_at_start: inv.backlog.unwrap_or(0),
        backlog_remaining,
        offers,
        move_in,
        stay,
        turnaround,
        withdrawal_per_day: withdrawal / DAYS_PER_YEAR,
        external,
        fee,
        construction,
        training,
        units,
        start_people,
        short_term,
        observations,
        warnings,
    })
}

/// A warning if the number `v` in `column` of `row` is outside its plausible range; the text
/// of the cell is quoted when it reads differently (`1,100` read as 1.1 with a decimal comma).
fn plausible_cell(row: &Row, column: &str, v: f64, warnings: &mut Vec<Warning>) {
    let Some(outside) = plausible::range(column).and_then(|r| r.check(v)) else {
        return;
    };
    let text = row.str(column);
    let value = if text == v.to_string() {
        text.to_owned()
    } else {
        crate::msg!("`{}`, read as {},", "`{}`, läst som {},", text, shown(v))
    };
    warnings.push(row.warning(column, crate::msg!("{} is {}", "{} är {}", value, outside)));
}

/// Warnings for the values the scenario files set outside their plausible ranges
/// ([`PLAUSIBLE`]), located where they are set. Only what the files set is checked: a default
/// is the idealised process (no turnaround, offers answered at once), not a typo. A distribution
/// is judged by its mean.
fn plausible_settings(ctx: &Ctx) -> Result<Vec<Warning>> {
    let mut warnings = Vec::new();
    let mut check = |key: &[&str], what: String, v: f64, range: &plausible::Plausible| {
        if let Some(outside) = range.check(v) {
            warnings.push(Warning {
                location: ctx.loaded.located(key),
                message: crate::msg!("{} is {}", "{} är {}", what, outside),
            });
        }
    };
    for range in PLAUSIBLE {
        let key: Vec<&str> = range.key.split('.').collect();
        if key.len() < 2 {
            continue; // a column of a CSV file, checked row by row
        }
        let mut value = ctx.loaded.merged.get(key[0]);
        for k in &key[1..] {
            value = value.and_then(|v| v.get(k));
        }
        let number = |v: &toml::Value| v.as_float().or(v.as_integer().map(|i| i as f64));
        match value {
            None => {}
            Some(toml::Value::Table(by_year))
                if matches!(
                    range.key,
                    "applications.by_year" | "short_term.requests_per_year"
                ) =>
            {
                for (year, v) in by_year {
                    if let Some(v) = number(v) {
                        let mut at = key.clone();
                        at.push(year);
                        check(
                            &at,
                            format!("`{}.{year}` = {}", range.key, shown(v)),
                            v,
                            range,
                        );
                    }
                }
            }
            Some(t @ toml::Value::Table(_)) => {
                let Ok(d) = t.clone().try_into::<DurationFile>() else {
                    continue;
                };
                let mean = ctx.duration(&key, &d)?.mean();
                check(
                    &key,
                    crate::msg!(
                        "`{}` has a mean of {} days, which",
                        "`{}` har medelvärdet {} dagar, vilket",
                        range.key,
                        shown(mean)
                    ),
                    mean,
                    range,
                );
            }
            Some(v) => {
                if let Some(v) = number(v) {
                    check(&key, format!("`{}` = {}", range.key, shown(v)), v, range);
                }
            }
        }
    }
    Ok(warnings)
}
