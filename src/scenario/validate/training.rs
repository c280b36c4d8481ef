//! The checks of training housing with a time limit: the register's `time_limited` column and
//! the `[training]` section (docs/scenario.md, "Training housing").

use super::*;

/// Whether the register row of a unit of `kind` marks it `time_limited`, checked: only a
/// training unit may be, without residents at the start (their training start is unknown) and
/// without a closing date (its trainees would be left without an outcome).
pub(super) fn time_limited(
    row: &Row,
    kind: UnitKind,
    occupied: u32,
    closes: Option<NaiveDate>,
) -> Result<bool> {
    if row.flag("time_limited")? != Some(true) {
        return Ok(false);
    }
    if kind != UnitKind::Training {
        return Err(row.error(
            "time_limited",
            "only a training unit (kind = training) can have a time limit: set `time_limited` to false or the kind to training",
        ));
    }
    if occupied > 0 {
        return Err(row.error(
            "time_limited",
            format!("a time-limited training unit cannot have residents at the start ({occupied} occupied): when their training began is not known; set `occupied` to 0 or leave `time_limited` empty"),
        ));
    }
    if closes.is_some() {
        return Err(row.error(
            "closes",
            "a time-limited training unit cannot close within the horizon (its trainees would end without an outcome): leave `closes` empty",
        ));
    }
    Ok(true)
}

/// The `[training]` section, checked against the units; a section that no unit uses is a
/// warning, a time-limited unit without the section an error.
pub(super) fn training(
    ctx: &Ctx,
    raw: &ScenarioFile,
    units: &[Unit],
    warnings: &mut Vec<Warning>,
) -> Result<Option<Training>> {
    let limited = units.iter().find(|u| u.time_limited);
    let Some(t) = &raw.training else {
        if let Some(u) = limited {
            return Err(ctx.err(
                &["units", "registers"],
                format!("unit `{}` is `time_limited`, but the scenario has no `[training]` section with its `max_stay`, `eligible_share` and end-of-stay shares", u.id),
            ));
        }
        return Ok(None);
    };
    let key = |k: &'static str| ["training", k];
    let missing = |k: &str| ctx.err(&["training"], format!("`training.{k}` is missing"));
    let eligible_share = ctx.share(
        &key("eligible_share"),
        t.eligible_share.ok_or_else(|| missing("eligible_share"))?,
        "of new decisions eligible for a training place",
    )?;
    let max_stay = ctx.duration(
        &key("max_stay"),
        t.max_stay.as_ref().ok_or_else(|| missing("max_stay"))?,
    )?;
    if max_stay.mean() <= 0.0 {
        return Err(ctx.err(
            &key("max_stay"),
            "`training.max_stay` has a mean of 0 days: a training stay would end as it begins",
        ));
    }
    let names = ["own_flat_share", "permanent_share", "prolonged_share"];
    let given = [t.own_flat_share, t.permanent_share, t.prolonged_share];
    if given.iter().all(Option::is_none) {
        return Err(ctx.err(
            &["training"],
            "`training.own_flat_share`, `permanent_share` and `prolonged_share` are missing: what becomes of a trainee at the end of the stay (shares that sum to 1)",
        ));
    }
    let mut shares = [0.0; 3];
    for ((share, name), v) in shares.iter_mut().zip(names).zip(given) {
        *share = ctx.share(
            &key(name),
            v.unwrap_or(0.0),
            "of trainees at the end of a stay",
        )?;
    }
    let total: f64 = shares.iter().sum();
    if (total - 1.0).abs() > 1e-6 {
        return Err(ctx.err(
            &["training"],
            format!(
                "the end-of-stay shares `training.own_flat_share`, `permanent_share` and `prolonged_share` sum to {}, not 1",
                shown(total)
            ),
        ));
    }
    let prolongation = match &t.prolongation {
        Some(d) => ctx.duration(&key("prolongation"), d)?,
        None if shares[2] > 0.0 => {
            return Err(ctx.err(
                &["training"],
                "`training.prolongation` is missing: `prolonged_share` is above 0, and a prolonged stay needs its length",
            ));
        }
        None => Duration::Fixed { days: 0.0 },
    };
    if shares[2] > 0.0 && prolongation.mean() <= 0.0 {
        return Err(ctx.err(
            &key("prolongation"),
            "`training.prolongation` has a mean of 0 days: a prolonged stay would end again at once",
        ));
    }
    if shares[2] == 1.0 {
        return Err(ctx.err(
            &key("prolonged_share"),
            "`training.prolonged_share` = 1 prolongs every stay for ever: the training places would never turn over",
        ));
    }
    if limited.is_none() {
        warnings.push(Warning {
            location: ctx.loaded.located(&["training"]),
            message:
                "the `[training]` section has no effect: no unit in the registers is `time_limited`"
                    .into(),
        });
    }
    Ok(Some(Training {
        eligible_share,
        max_stay,
        outcome_shares: shares,
        prolongation,
    }))
}
