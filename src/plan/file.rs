//! The plan file (`lss-sim plan BASE.toml PLAN.toml`): what it says ([`PlanFile`], every key
//! checked by `deny_unknown_fields`), and the checked [`Plan`] with every error located at the
//! file, line and column of the offending value, as the scenario's are.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, Location, Result, Warning};
use crate::model::Scenario;
use crate::scenario::{self, Loaded};

/// The raw plan file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    /// `[goals]`
    pub goals: GoalsFile,
    /// `[search]`
    pub search: SearchFile,
    /// `[[template]]`, the menu.
    #[serde(default)]
    pub template: Vec<TemplateFile>,
}

/// `[goals]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalsFile {
    /// First year the goals must hold in; every later year of the horizon too.
    pub from_year: Spanned<i64>,
    /// P(nobody over the offer goal without an offer at any quarter end of the year), at least.
    pub offer_probability: Spanned<f64>,
    /// P(occupancy at or above the scenario's target in the year), at least (optional).
    pub occupancy_probability: Option<Spanned<f64>>,
    /// Cap on the yearly cost of the new units' own places, tkr (optional).
    pub budget_tkr_per_year: Option<Spanned<f64>>,
    /// Largest share of short-term requests without a place, each goal year (optional).
    pub short_term_no_place_share: Option<Spanned<f64>>,
}

/// `[search]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchFile {
    /// First opening quarter, `2019-Q1`.
    pub from: Spanned<String>,
    /// Last opening quarter.
    pub to: Spanned<String>,
    /// Replications per evaluated schedule.
    pub replications: Option<Spanned<i64>>,
    /// Replications of the confirmation run.
    pub confirmation_replications: Option<Spanned<i64>>,
    /// Confirmation seed = scenario seed + this.
    pub confirmation_seed_offset: Option<Spanned<i64>>,
    /// Most new units a schedule may hold.
    pub max_units: Option<Spanned<i64>>,
}

/// One `[[template]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateFile {
    /// Unique id; names the new units (`PLAN-<id>-1`).
    pub id: Spanned<String>,
    /// Name in the register (default: the kind and id).
    pub name: Option<Spanned<String>>,
    /// `group`, `service`, `training` or `short-term`.
    pub kind: Spanned<String>,
    /// Profiles served.
    pub profiles: Spanned<Vec<String>>,
    /// Places.
    pub places: Spanned<i64>,
    /// Fewest places the local search may shrink a unit to (default: `places`, no shrinking).
    pub min_places: Option<Spanned<i64>>,
    /// Cost per place-year, tkr.
    pub cost_per_place_year_tkr: Spanned<f64>,
    /// District.
    pub district: Spanned<String>,
    /// Earliest opening date (default: the first quarter of the search).
    pub earliest: Option<Spanned<toml::value::Datetime>>,
    /// Most units of this template opening in one calendar year (default 1).
    pub max_per_year: Option<Spanned<i64>>,
    /// Probability that the opening is delayed (needs `[construction]` in the scenario).
    pub delay_probability: Option<Spanned<f64>>,
    /// Whether its places go first to people in external placements (default false).
    pub external_first: Option<Spanned<bool>>,
    /// A training unit with the time limit of the scenario's `[training]` section (default
    /// false): the register's `time_limited` column.
    pub time_limited: Option<Spanned<bool>>,
}

/// The checked `[goals]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Goals {
    /// First goal year.
    pub from_year: i32,
    /// Probability the offer goal must be met with, each goal year.
    pub offer_probability: f64,
    /// Probability the occupancy target must be met with, each goal year.
    pub occupancy_probability: Option<f64>,
    /// Cap on the new units' own-place cost per calendar year, tkr.
    pub budget_tkr_per_year: Option<f64>,
    /// Largest share of short-term requests that find no place, each goal year.
    pub short_term_no_place_share: Option<f64>,
}

/// A quarter of the decision grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Quarter {
    /// `2019-Q1`.
    pub label: String,
    /// Its first day: the opening date of a unit opened in it.
    pub start: NaiveDate,
}

/// The checked `[search]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    /// The opening quarters, in order.
    pub quarters: Vec<Quarter>,
    /// Replications per evaluated schedule.
    pub replications: u32,
    /// Replications of the confirmation run.
    pub confirmation_replications: u32,
    /// Added to the scenario's seed for the confirmation.
    pub confirmation_seed_offset: u64,
    /// Most new units in a schedule.
    pub max_units: usize,
}

/// A checked template of the menu.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    /// Id.
    pub id: String,
    /// Name in the register.
    pub name: String,
    /// Kind, as in the register.
    pub kind: String,
    /// Profiles served.
    pub profiles: Vec<String>,
    /// Places.
    pub places: u32,
    /// Fewest places when shrunk.
    pub min_places: u32,
    /// Cost per place-year as written (so the register says exactly what the plan file said).
    pub cost_text: String,
    /// Cost per place-year, tkr.
    pub cost_per_place_year_tkr: f64,
    /// District.
    pub district: String,
    /// Index of the first quarter it may open in.
    pub first_quarter: usize,
    /// Most units opening per calendar year.
    pub max_per_year: u32,
    /// Delay probability as written.
    pub delay_probability: Option<f64>,
    /// Whether its places go to external placements first.
    pub external_first: bool,
    /// A training unit with the scenario's time limit (`[training]`).
    pub time_limited: bool,
    /// Where the template starts in the plan file, for messages.
    pub location: Location,
}

/// A checked plan file.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The file.
    pub path: PathBuf,
    /// Goals.
    pub goals: Goals,
    /// Search settings.
    pub search: Search,
    /// The menu.
    pub templates: Vec<Template>,
    /// Legal but implausible values.
    pub warnings: Vec<Warning>,
}

/// The one-sided 95 % normal quantile of the Wilson lower bound.
pub const Z: f64 = 1.6448536269514722;

/// Most replications per evaluated schedule.
pub const MAX_SEARCH_REPLICATIONS: u32 = 100_000;

/// Most units of a schedule (`search.max_units`).
pub const MAX_UNITS: usize = 200;

/// Reads and checks the plan at `path` against the base scenario `base` (read as `loaded`);
/// `replications` (`-n`) replaces `search.replications`.
pub fn read(
    path: &Path,
    loaded: &Loaded,
    base: &Scenario,
    replications: Option<u32>,
) -> Result<Plan> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    let raw: PlanFile = toml::from_str(&text).map_err(|e| {
        let message = e.message().trim_end();
        match e.span() {
            Some(span) => Error::input(
                Location::at_offset(path, &text, span.start),
                scenario::plain_words_at(message, &text, span.start),
            ),
            None => Error::input(Location::file(path), scenario::plain_words(message)),
        }
    })?;
    check(path, &text, &raw, loaded, base, replications)
}

fn check(
    path: &Path,
    text: &str,
    raw: &PlanFile,
    loaded: &Loaded,
    base: &Scenario,
    replications_option: Option<u32>,
) -> Result<Plan> {
    let at = |span: std::ops::Range<usize>| Location::at_offset(path, text, span.start);
    let err = |span: std::ops::Range<usize>, m: String| Error::input(at(span), m);
    let mut warnings = Vec::new();

    // [goals]
    let g = &raw.goals;
    let (first, last) = (base.start.year(), base.end.year());
    let from_year = *g.from_year.get_ref();
    if !(first as i64..=last as i64).contains(&from_year) {
        return Err(err(
            g.from_year.span(),
            crate::msg!(
                "`goals.from_year` = {from_year} is outside the scenario's horizon {} to {}: give a year from {first} to {last}",
                "`goals.from_year` = {from_year} ligger utanför scenariots tidshorisont {} till {}: ange ett år från {first} till {last}",
                base.start,
                base.end
            ),
        ));
    }
    let probability = |key: &str, v: &Spanned<f64>| -> Result<f64> {
        let x = *v.get_ref();
        if x > 1.0 && x <= 100.0 {
            return Err(err(
                v.span(),
                crate::msg!(
                    "`{key}` = {x} is above 1: a probability is a share from 0 to 1 (did you mean {}?)",
                    "`{key}` = {x} är över 1: en sannolikhet är en andel från 0 till 1 (menade du {}?)",
                    x / 100.0
                ),
            ));
        }
        if !(x > 0.0 && x < 1.0) {
            return Err(err(
                v.span(),
                crate::msg!(
                    "`{key}` = {x} must be above 0 and below 1 (no finite number of replications shows a probability of 1; 0.8 is common)",
                    "`{key}` = {x} måste vara över 0 och under 1 (inget ändligt antal simuleringar visar en sannolikhet på 1; `0.8` är vanligt)"
                ),
            ));
        }
        Ok(x)
    };
    let offer_probability = probability("goals.offer_probability", &g.offer_probability)?;
    let occupancy_probability = g
        .occupancy_probability
        .as_ref()
        .map(|v| probability("goals.occupancy_probability", v))
        .transpose()?;
    let budget_tkr_per_year = match &g.budget_tkr_per_year {
        Some(v) if !(v.get_ref().is_finite() && *v.get_ref() > 0.0) => {
            return Err(err(
                v.span(),
                crate::msg!(
                    "`goals.budget_tkr_per_year` = {} must be above 0 tkr (leave it out for no cap)",
                    "`goals.budget_tkr_per_year` = {} måste vara över 0 tkr (ta bort raden för ingen övre gräns)",
                    v.get_ref()
                ),
            ));
        }
        Some(v) => Some(*v.get_ref()),
        None => None,
    };
    let short_term_no_place_share = match &g.short_term_no_place_share {
        None => None,
        Some(v) if base.short_term.is_none() => {
            return Err(err(
                v.span(),
                crate::msg!(
                    "`goals.short_term_no_place_share`: the base scenario has no short-term places (no `[short_term]` section with the requests)",
                    "`goals.short_term_no_place_share`: basscenariot har inga korttidsplatser (inget avsnitt `[short_term]` med förfrågningarna)"
                ),
            ));
        }
        Some(v) => {
            let x = *v.get_ref();
            if !(x > 0.0 && x < 1.0) {
                return Err(err(
                    v.span(),
                    crate::msg!(
                        "`goals.short_term_no_place_share` = {x} must be a share above 0 and below 1{}",
                        "`goals.short_term_no_place_share` = {x} måste vara en andel över 0 och under 1{}",
                        if x > 1.0 && x <= 100.0 {
                            crate::msg!(" (did you mean {}?)", " (menade du {}?)", x / 100.0)
                        } else {
                            crate::msg!(
                                " (0.1: at most one request in ten finds no place)",
                                " (`0.1`: högst en förfrågan av tio får ingen plats)"
                            )
                        }
                    ),
                ));
            }
            Some(x)
        }
    };

    // [search]
    let s = &raw.search;
    let quarter = |v: &Spanned<String>, key: &str| -> Result<NaiveDate> {
        parse_quarter(v.get_ref()).ok_or_else(|| {
            err(
                v.span(),
                crate::msg!(
                    "`search.{key}` = {:?} is not a quarter: write YEAR-Qn, such as \"2019-Q1\"",
                    "`search.{key}` = {:?} är inte ett kvartal: skriv ÅR-Qn, till exempel \"2019-Q1\"",
                    v.get_ref()
                ),
            )
        })
    };
    let q_from = quarter(&s.from, "from")?;
    let q_to = quarter(&s.to, "to")?;
    if q_from <= base.start {
        return Err(err(
            s.from.span(),
            crate::msg!(
                "`search.from` = {:?} starts on {q_from}, not after the scenario's start {}: a new unit opens after the start (the first quarter that can be searched starts {})",
                "`search.from` = {:?} börjar {q_from}, inte efter scenariots start {}: ett nytt boende öppnar efter starten (det första kvartal som kan sökas börjar {})",
                s.from.get_ref(),
                base.start,
                first_quarter_after(base.start)
            ),
        ));
    }
    if q_to > base.end {
        return Err(err(
            s.to.span(),
            crate::msg!(
                "`search.to` = {:?} starts on {q_to}, after the scenario's end {}",
                "`search.to` = {:?} börjar {q_to}, efter scenariots slut {}",
                s.to.get_ref(),
                base.end
            ),
        ));
    }
    if q_to < q_from {
        return Err(err(
            s.to.span(),
            crate::msg!(
                "`search.to` = {:?} is before `search.from` = {:?}",
                "`search.to` = {:?} ligger före `search.from` = {:?}",
                s.to.get_ref(),
                s.from.get_ref()
            ),
        ));
    }
    let mut quarters = Vec::new();
    let mut d = q_from;
    while d <= q_to {
        quarters.push(Quarter {
            label: format!("{}-Q{}", d.year(), d.month0() / 3 + 1),
            start: d,
        });
        d = d
            .checked_add_months(chrono::Months::new(3))
            .expect("within the horizon");
    }
    let whole = |v: &Option<Spanned<i64>>, key: &str, default: i64, lo: i64, hi: i64| match v {
        None => Ok(default),
        Some(v) if (lo..=hi).contains(v.get_ref()) => Ok(*v.get_ref()),
        Some(v) => Err(err(
            v.span(),
            crate::msg!(
                "`{key}` = {} is outside the limit of {lo} to {hi}",
                "`{key}` = {} ligger utanför gränserna {lo} till {hi}",
                v.get_ref()
            ),
        )),
    };
    let replications = match replications_option {
        Some(n) if n > MAX_SEARCH_REPLICATIONS => {
            return Err(Error::Usage(crate::msg!(
                "-n {n}: at most {MAX_SEARCH_REPLICATIONS} replications per schedule of a plan",
                "-n {n}: högst {MAX_SEARCH_REPLICATIONS} simuleringar per schema i en plan"
            )));
        }
        Some(n) => n,
        None => whole(
            &s.replications,
            "search.replications",
            200,
            1,
            MAX_SEARCH_REPLICATIONS as i64,
        )? as u32,
    };
    let confirmation_replications = whole(
        &s.confirmation_replications,
        "search.confirmation_replications",
        1000,
        1,
        scenario::MAX_REPLICATIONS as i64,
    )? as u32;
    let offset = whole(
        &s.confirmation_seed_offset,
        "search.confirmation_seed_offset",
        1_000_003,
        1,
        i64::MAX,
    )? as u64;
    let max_units = whole(&s.max_units, "search.max_units", 50, 1, MAX_UNITS as i64)? as usize;
    // The best a schedule can show with these replications is every replication meeting the
    // goal: a Wilson lower bound of n / (n + z²).
    let best = replications as f64 / (replications as f64 + Z * Z);
    for (key, p) in [
        (
            "goals.offer_probability",
            Some((offer_probability, &g.offer_probability)),
        ),
        (
            "goals.occupancy_probability",
            occupancy_probability.zip(g.occupancy_probability.as_ref()),
        ),
    ] {
        if let Some((p, v)) = p
            && p > best
        {
            let need = (Z * Z * p / (1.0 - p)).ceil() as u64 + 1;
            let set = if replications_option.is_some() {
                crate::msg!("give -n", "ange -n")
            } else {
                crate::msg!(
                    "set `search.replications` to",
                    "sätt `search.replications` till"
                )
            };
            let best_sv = crate::lang::number(best, 3, crate::lang::Lang::Sv);
            return Err(err(
                v.span(),
                crate::msg!(
                    "`{key}` = {p} cannot be shown with {replications} replications per schedule: even if every replication met the goal, the lower 95 % bound would be {best:.3}; {set} at least {need}",
                    "`{key}` = {p} kan inte visas med {replications} simuleringar per schema: även om målet nåddes i varje simulering vore den nedre 95 %-gränsen {best_sv}; {set} minst {need}"
                ),
            ));
        }
    }

    // [[template]]
    if raw.template.is_empty() {
        return Err(Error::input(
            Location::file(path),
            crate::msg!(
                "the plan has no `[[template]]`: list what can be built (id, kind, profiles, places, cost_per_place_year_tkr, district)",
                "planen har ingen `[[template]]`: ange vad som kan byggas (`id`, `kind`, `profiles`, `places`, `cost_per_place_year_tkr`, `district`)"
            ),
        ));
    }
    let mut templates: Vec<Template> = Vec::new();
    for t in &raw.template {
        let id = t.id.get_ref().trim().to_owned();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(err(
                t.id.span(),
                crate::msg!(
                    "template `id` = {:?}: use letters, digits, `-` and `_` (it names the new units, PLAN-<id>-1, ...)",
                    "mallens `id` = {:?}: använd bokstäver, siffror, `-` och `_` (det namnger de nya boendena, PLAN-<id>-1, ...)",
                    t.id.get_ref()
                ),
            ));
        }
        if templates.iter().any(|e| e.id == id) {
            return Err(err(
                t.id.span(),
                crate::msg!(
                    "template `id` = {id:?} is used twice: give each template its own id",
                    "mallens `id` = {id:?} används två gånger: ge varje mall ett eget id"
                ),
            ));
        }
        let kind = t.kind.get_ref().trim().to_owned();
        if !["group", "service", "training", "short-term"].contains(&kind.as_str()) {
            return Err(err(
                t.kind.span(),
                crate::msg!(
                    "template `{id}`: `kind` = {kind:?} is not group (gruppbostad), service (servicebostad), training (träningsboende) or short-term (korttidsplats)",
                    "mallen `{id}`: `kind` = {kind:?} är inte `group` (gruppbostad), `service` (servicebostad), `training` (träningsboende) eller `short-term` (korttidsplats)"
                ),
            ));
        }
        let profiles: Vec<String> = t
            .profiles
            .get_ref()
            .iter()
            .map(|p| p.trim().to_owned())
            .collect();
        if profiles.is_empty() {
            return Err(err(
                t.profiles.span(),
                crate::msg!(
                    "template `{id}`: `profiles` is empty: name the profiles the unit serves",
                    "mallen `{id}`: `profiles` är tom: ange de målgrupper boendet tar emot"
                ),
            ));
        }
        for p in &profiles {
            if !base.profiles.contains(p) {
                return Err(err(
                    t.profiles.span(),
                    crate::msg!(
                        "template `{id}`: profile `{p}` is not in the scenario's `profiles.mix` ({})",
                        "mallen `{id}`: målgruppen `{p}` finns inte i scenariots `profiles.mix` ({})",
                        base.profiles.join(", ")
                    ),
                ));
            }
        }
        let places = *t.places.get_ref();
        if !(1..=scenario::MAX_PLACES as i64).contains(&places) {
            return Err(err(
                t.places.span(),
                crate::msg!(
                    "template `{id}`: `places` = {places} is outside the limit of 1 to {}",
                    "mallen `{id}`: `places` = {places} ligger utanför gränserna 1 till {}",
                    scenario::MAX_PLACES
                ),
            ));
        }
        let min_places = match &t.min_places {
            None => places,
            Some(v) if (1..=places).contains(v.get_ref()) => *v.get_ref(),
            Some(v) => {
                return Err(err(
                    v.span(),
                    crate::msg!(
                        "template `{id}`: `min_places` = {} must be from 1 to `places` = {places}",
                        "mallen `{id}`: `min_places` = {} måste vara från 1 till `places` = {places}",
                        v.get_ref()
                    ),
                ));
            }
        };
        let cost = *t.cost_per_place_year_tkr.get_ref();
        if !(cost.is_finite() && cost > 0.0) {
            return Err(err(
                t.cost_per_place_year_tkr.span(),
                crate::msg!(
                    "template `{id}`: `cost_per_place_year_tkr` = {cost} must be above 0 tkr",
                    "mallen `{id}`: `cost_per_place_year_tkr` = {cost} måste vara över 0 tkr"
                ),
            ));
        }
        let cost_text = &text[t.cost_per_place_year_tkr.span()];
        let district = t.district.get_ref().trim().to_owned();
        if district.is_empty() {
            return Err(err(
                t.district.span(),
                crate::msg!(
                    "template `{id}`: `district` is empty",
                    "mallen `{id}`: `district` är tom"
                ),
            ));
        }
        let first_quarter = match &t.earliest {
            None => 0,
            Some(v) => {
                let date = v
                    .get_ref()
                    .date
                    .filter(|_| v.get_ref().time.is_none())
                    .and_then(|d| NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32))
                    .ok_or_else(|| {
                        err(
                            v.span(),
                            crate::msg!(
                                "template `{id}`: `earliest` = {} is not a date (write 2019-07-01, without quotes)",
                                "mallen `{id}`: `earliest` = {} är inte ett datum (skriv 2019-07-01, utan citattecken)",
                                v.get_ref()
                            ),
                        )
                    })?;
                quarters.iter().position(|q| q.start >= date).ok_or_else(|| {
                    err(
                        v.span(),
                        crate::msg!(
                            "template `{id}`: `earliest` = {date} is after the last quarter of the search ({}), so it could never open",
                            "mallen `{id}`: `earliest` = {date} ligger efter sökningens sista kvartal ({}), så boendet skulle aldrig kunna öppna",
                            quarters.last().map_or("", |q| q.label.as_str())
                        ),
                    )
                })?
            }
        };
        let max_per_year =
            whole(&t.max_per_year, "max_per_year", 1, 1, 100).map_err(|e| match e {
                Error::Input { location, message } => Error::Input {
                    location,
                    message: crate::msg!("template `{id}`: {message}", "mallen `{id}`: {message}"),
                },
                e => e,
            })? as u32;
        let delay_probability = match &t.delay_probability {
            None => None,
            Some(v) if (0.0..=1.0).contains(v.get_ref()) => Some(*v.get_ref()),
            Some(v) => {
                return Err(err(
                    v.span(),
                    crate::msg!(
                        "template `{id}`: `delay_probability` = {} is not a probability from 0 to 1",
                        "mallen `{id}`: `delay_probability` = {} är inte en sannolikhet från 0 till 1",
                        v.get_ref()
                    ),
                ));
            }
        };
        let name = match &t.name {
            Some(n) => n.get_ref().trim().to_owned(),
            // A default name in the language of the run (`gruppbostad T` in Swedish).
            None => format!(
                "{} {id}",
                crate::report::kind_name(&kind, crate::lang::messages())
            ),
        };
        for (key, v, span) in [
            ("name", &name, t.name.as_ref().map(|n| n.span())),
            ("district", &district, Some(t.district.span())),
        ] {
            if v.contains(';') || v.contains('\n') {
                return Err(err(
                    span.unwrap_or(t.id.span()),
                    crate::msg!(
                        "template `{id}`: `{key}` = {v:?} holds a `;` or a line break: leave them out",
                        "mallen `{id}`: `{key}` = {v:?} innehåller `;` eller en radbrytning: ta bort dem"
                    ),
                ));
            }
        }
        let template = Template {
            id: id.clone(),
            name,
            kind,
            profiles,
            places: places as u32,
            min_places: min_places as u32,
            cost_text: cost_text.trim().to_owned(),
            cost_per_place_year_tkr: cost,
            district,
            first_quarter,
            max_per_year,
            delay_probability,
            external_first: t.external_first.as_ref().is_some_and(|b| *b.get_ref()),
            time_limited: t.time_limited.as_ref().is_some_and(|b| *b.get_ref()),
            location: at(t.id.span()),
        };
        // The template as a unit of the scenario, at its first quarter: every rule of the
        // register applies (a delay probability needs [construction], ...).
        let unit = super::unit_variation(&template, template.places, &quarters[first_quarter], 1);
        match scenario::validate_loaded(&loaded.varied(std::slice::from_ref(&unit))?) {
            Ok(s) => warnings.extend(
                s.warnings
                    .into_iter()
                    .filter(|w| !base.warnings.contains(w))
                    .map(|w| Warning {
                        location: template.location.clone(),
                        message: crate::msg!("template `{id}`: {}", "mallen `{id}`: {}", w.message),
                    }),
            ),
            // The base alone passed: whatever fails now is the template's.
            Err(Error::Varied { message, .. } | Error::Input { message, .. }) => {
                return Err(Error::input(
                    template.location.clone(),
                    crate::msg!("template `{id}`: {message}", "mallen `{id}`: {message}"),
                ));
            }
            Err(e) => return Err(e),
        }
        templates.push(template);
    }
    Ok(Plan {
        path: path.to_owned(),
        goals: Goals {
            from_year: from_year as i32,
            offer_probability,
            occupancy_probability,
            budget_tkr_per_year,
            short_term_no_place_share,
        },
        search: Search {
            quarters,
            replications,
            confirmation_replications,
            confirmation_seed_offset: offset,
            max_units,
        },
        templates,
        warnings,
    })
}

/// `2019-Q1` as the quarter's first day.
pub fn parse_quarter(s: &str) -> Option<NaiveDate> {
    let (y, q) = s.trim().split_once("-Q")?;
    let y: i32 = y.parse().ok()?;
    let q: u32 = q.parse().ok()?;
    if !(1..=4).contains(&q) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, 3 * (q - 1) + 1, 1)
}

/// The first quarter starting after `d`, as `YEAR-Qn`.
fn first_quarter_after(d: NaiveDate) -> String {
    let mut y = d.year();
    let mut q = d.month0() / 3 + 2;
    if q > 4 {
        q = 1;
        y += 1;
    }
    format!("{y}-Q{q}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_parse() {
        assert_eq!(
            parse_quarter("2019-Q3"),
            NaiveDate::from_ymd_opt(2019, 7, 1)
        );
        assert_eq!(parse_quarter("2019-Q5"), None);
        assert_eq!(parse_quarter("2019Q1"), None);
        assert_eq!(
            first_quarter_after(NaiveDate::from_ymd_opt(2018, 9, 1).unwrap()),
            "2018-Q4"
        );
        assert_eq!(
            first_quarter_after(NaiveDate::from_ymd_opt(2018, 12, 1).unwrap()),
            "2019-Q1"
        );
    }
}
