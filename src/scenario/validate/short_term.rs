//! Checks of the short-term places (*korttidsplatser*): the register's `short-term` units and
//! the `[short_term]` section of the scenario file (a child of `validate`, sharing its checks).
//!
//! A short-term unit is a register row like any other (so a variation can change its places or
//! opening, and a plan can add one), but it becomes a [`ShortTermUnit`], never a housing
//! [`Unit`]: its places are never offered to the housing queue.

use super::*;

/// Whether a register `kind` (lower case) names a short-term unit.
pub(super) fn is_kind(kind: &str) -> bool {
    matches!(
        kind,
        "short-term" | "short_term" | "korttid" | "korttidsplats" | "korttidsplatser"
    )
}

/// A short-term unit from its register row, whose common columns the caller has checked.
/// The housing-only columns are refused: a short-term unit does not close within the horizon,
/// does not serve external placements first, and opens on its date (no construction delay).
pub(super) fn unit(
    row: &Row,
    id: String,
    profiles: ProfileSet,
    places: u32,
    occupied: u32,
    opens: Option<SimTime>,
    cost: f64,
) -> Result<ShortTermUnit> {
    if !row.str("closes").is_empty() {
        return Err(row.error(
            "closes",
            crate::msg!("a short-term unit cannot close within the horizon: leave `closes` empty (or the unit out of the register)", "en korttidsenhet kan inte stänga inom tidshorisonten: lämna `closes` tom (eller ta bort enheten ur registret)"),
        ));
    }
    if row.flag("external_first")? == Some(true) {
        return Err(row.error(
            "external_first",
            crate::msg!(
                "is for housing units: a short-term place is never offered to the housing queue",
                "gäller boenden: en korttidsplats erbjuds aldrig kön till boende"
            ),
        ));
    }
    if row.flag("time_limited")? == Some(true) {
        return Err(row.error(
            "time_limited",
            crate::msg!(
                "is for training units: a short-term stay has its own length (`short_term.stay`)",
                "gäller träningsboenden: en korttidsvistelse har sin egen längd (`short_term.stay`)"
            ),
        ));
    }
    if !row.str("delay_probability").is_empty() {
        return Err(row.error(
            "delay_probability",
            crate::msg!(
                "is for housing units: a short-term unit opens on its date",
                "gäller boenden: en korttidsenhet öppnar på sitt datum"
            ),
        ));
    }
    Ok(ShortTermUnit {
        id,
        name: row.text("name")?,
        district: row.text("district")?,
        profiles,
        places,
        occupied_at_start: occupied,
        opens,
        cost_per_place_year_tkr: cost,
    })
}

/// Most short-term requests a year of one target group, as for applications.
pub const MAX_REQUESTS_PER_YEAR: f64 = MAX_APPLICATIONS_PER_YEAR;
/// Highest payment per day of a stay without a place, tkr: a thousand times a hospital day.
pub const MAX_NO_PLACE_TKR_PER_DAY: f64 = 10_000.0;

/// The `[short_term]` section with the register's short-term `units`; `None` when the scenario
/// has neither. Units without the section are refused (nobody would request them).
pub(super) fn section(
    ctx: &Ctx,
    raw: &ScenarioFile,
    profiles: &[String],
    units: Vec<ShortTermUnit>,
) -> Result<Option<ShortTerm>> {
    let Some(f) = &raw.short_term else {
        if let Some(u) = units.first() {
            return Err(ctx.err(
                &["units", "registers"],
                crate::msg!(
                    "the unit registers hold the short-term unit `{}`, but the scenario has no `[short_term]` section with the requests it takes (`requests_per_year`, `stay`, `no_place_cost_per_day_tkr`)",
                    "boenderegistren innehåller korttidsenheten `{}`, men scenariot saknar avsnittet `[short_term]` med de förfrågningar den tar emot (`requests_per_year`, `stay`, `no_place_cost_per_day_tkr`)",
                    u.id
                ),
            ));
        }
        return Ok(None);
    };
    let key = ["short_term", "requests_per_year"];
    let by_profile = f.requests_per_year.as_ref().ok_or_else(|| {
        ctx.err(
            &["short_term"],
            crate::msg!("`short_term.requests_per_year` is missing (requests a year by target group, for example `{{ health = 12, ID_psychiatric = 10 }}`)", "`short_term.requests_per_year` saknas (förfrågningar per år per målgrupp, till exempel `{{ health = 12, ID_psychiatric = 10 }}`)"),
        )
    })?;
    let mut requests_per_year = vec![0.0; profiles.len()];
    for (name, &v) in by_profile {
        let at = ["short_term", "requests_per_year", name.as_str()];
        let i = profiles.iter().position(|p| p == name).ok_or_else(|| {
            ctx.err(
                &at,
                crate::msg!(
                    "`short_term.requests_per_year.{name}`: profile `{name}` is not in `profiles.mix` ({})",
                    "`short_term.requests_per_year.{name}`: målgruppen `{name}` finns inte i `profiles.mix` ({})",
                    profiles.join(", ")
                ),
            )
        })?;
        requests_per_year[i] = ctx.at_most(
            &at,
            v,
            MAX_REQUESTS_PER_YEAR,
            &crate::msg!("requests a year", "förfrågningar per år"),
        )?;
    }
    if requests_per_year.iter().all(|&r| r == 0.0) {
        return Err(ctx.err(
            &key,
            crate::msg!("`short_term.requests_per_year` names no request: give at least one target group a rate above 0, or leave `[short_term]` out", "`short_term.requests_per_year` anger ingen förfrågan: ge minst en målgrupp ett antal över 0, eller ta bort `[short_term]`"),
        ));
    }
    let stay = ctx.duration(
        &["short_term", "stay"],
        f.stay.as_ref().ok_or_else(|| {
            ctx.err(
                &["short_term"],
                crate::msg!("`short_term.stay` is missing (the length of a stay, for example `{{ dist = \"gamma\", mean_days = 21, cv = 0.8 }}`)", "`short_term.stay` saknas (en vistelses längd, till exempel `{{ dist = \"gamma\", mean_days = 21, cv = 0.8 }}`)"),
            )
        })?,
    )?;
    if stay.mean() <= 0.0 {
        return Err(ctx.err(
            &["short_term", "stay"],
            crate::msg!(
                "`short_term.stay` has a mean of 0 days: a stay must last",
                "`short_term.stay` har ett medelvärde på 0 dagar: en vistelse måste vara en tid"
            ),
        ));
    }
    let no_place_cost_per_day_tkr = ctx.at_most(
        &["short_term", "no_place_cost_per_day_tkr"],
        f.no_place_cost_per_day_tkr.ok_or_else(|| {
            ctx.err(
                &["short_term"],
                crate::msg!("`short_term.no_place_cost_per_day_tkr` is missing (tkr paid per day of a stay that finds no place; 0 if nothing is paid)", "`short_term.no_place_cost_per_day_tkr` saknas (tkr som betalas per dag av en vistelse som inte får någon plats; 0 om inget betalas)"),
            )
        })?,
        MAX_NO_PLACE_TKR_PER_DAY,
        &crate::msg!("tkr a day", "tkr per dag"),
    )?;
    Ok(Some(ShortTerm {
        requests_per_year,
        stay,
        no_place_cost_per_day_tkr,
        units,
    }))
}
