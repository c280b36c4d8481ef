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
            crate::msg!("only a training unit (kind = training) can have a time limit: set `time_limited` to false or the kind to training", "bara ett träningsboende (kind = training) kan vara tidsbegränsat: sätt `time_limited` till false eller typen till training"),
        ));
    }
    if occupied > 0 {
        return Err(row.error(
            "time_limited",
            crate::msg!("a time-limited training unit cannot have residents at the start ({occupied} occupied): when their training began is not known; set `occupied` to 0 or leave `time_limited` empty", "ett tidsbegränsat träningsboende kan inte ha boende vid starten ({occupied} belagda): när deras träning började är okänt; sätt `occupied` till 0 eller lämna `time_limited` tom"),
        ));
    }
    if closes.is_some() {
        return Err(row.error(
            "closes",
            crate::msg!("a time-limited training unit cannot close within the horizon (its trainees would end without an outcome): leave `closes` empty", "ett tidsbegränsat träningsboende kan inte stänga inom tidshorisonten (de som tränar där skulle sluta utan utfall): lämna `closes` tom"),
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
                crate::msg!("unit `{}` is `time_limited`, but the scenario has no `[training]` section with its `max_stay`, `eligible_share` and end-of-stay shares", "boendet `{}` är `time_limited`, men scenariot saknar avsnittet `[training]` med dess `max_stay`, `eligible_share` och andelar vid vistelsens slut", u.id),
            ));
        }
        return Ok(None);
    };
    let key = |k: &'static str| ["training", k];
    let missing = |k: &str| {
        ctx.err(
            &["training"],
            crate::msg!("`training.{k}` is missing", "`training.{k}` saknas"),
        )
    };
    let eligible_share = ctx.share(
        &key("eligible_share"),
        t.eligible_share.ok_or_else(|| missing("eligible_share"))?,
        &crate::msg!(
            "of new decisions eligible for a training place",
            "av nya beslut som kan få en träningsplats"
        ),
    )?;
    let max_stay = ctx.duration(
        &key("max_stay"),
        t.max_stay.as_ref().ok_or_else(|| missing("max_stay"))?,
    )?;
    if max_stay.mean() <= 0.0 {
        return Err(ctx.err(
            &key("max_stay"),
            crate::msg!("`training.max_stay` has a mean of 0 days: a training stay would end as it begins", "`training.max_stay` har ett medelvärde på 0 dagar: en träningsvistelse skulle sluta när den börjar"),
        ));
    }
    let names = ["own_flat_share", "permanent_share", "prolonged_share"];
    let given = [t.own_flat_share, t.permanent_share, t.prolonged_share];
    if given.iter().all(Option::is_none) {
        return Err(ctx.err(
            &["training"],
            crate::msg!("`training.own_flat_share`, `permanent_share` and `prolonged_share` are missing: what becomes of a trainee at the end of the stay (shares that sum to 1)", "`training.own_flat_share`, `permanent_share` och `prolonged_share` saknas: vad som händer med den som tränar när vistelsen slutar (andelar som summerar till 1)"),
        ));
    }
    let mut shares = [0.0; 3];
    for ((share, name), v) in shares.iter_mut().zip(names).zip(given) {
        *share = ctx.share(
            &key(name),
            v.unwrap_or(0.0),
            &crate::msg!(
                "of trainees at the end of a stay",
                "av dem som tränar, vid vistelsens slut"
            ),
        )?;
    }
    let total: f64 = shares.iter().sum();
    if (total - 1.0).abs() > 1e-6 {
        return Err(ctx.err(
            &["training"],
            crate::msg!(
                "the end-of-stay shares `training.own_flat_share`, `permanent_share` and `prolonged_share` sum to {}, not 1",
                "andelarna vid vistelsens slut `training.own_flat_share`, `permanent_share` och `prolonged_share` summerar till {}, inte 1",
                shown(total)
            ),
        ));
    }
    let prolongation = match &t.prolongation {
        Some(d) => ctx.duration(&key("prolongation"), d)?,
        None if shares[2] > 0.0 => {
            return Err(ctx.err(
                &["training"],
                crate::msg!("`training.prolongation` is missing: `prolonged_share` is above 0, and a prolonged stay needs its length", "`training.prolongation` saknas: `prolonged_share` är över 0, och en förlängd vistelse behöver sin längd"),
            ));
        }
        None => Duration::Fixed { days: 0.0 },
    };
    if shares[2] > 0.0 && prolongation.mean() <= 0.0 {
        return Err(ctx.err(
            &key("prolongation"),
            crate::msg!("`training.prolongation` has a mean of 0 days: a prolonged stay would end again at once", "`training.prolongation` har ett medelvärde på 0 dagar: en förlängd vistelse skulle sluta direkt igen"),
        ));
    }
    if shares[2] == 1.0 {
        return Err(ctx.err(
            &key("prolonged_share"),
            crate::msg!("`training.prolonged_share` = 1 prolongs every stay for ever: the training places would never turn over", "`training.prolonged_share` = 1 förlänger varje vistelse för alltid: träningsplatserna skulle aldrig bli lediga"),
        ));
    }
    if limited.is_none() {
        warnings.push(Warning {
            location: ctx.loaded.located(&["training"]),
            message: crate::msg!(
                "the `[training]` section has no effect: no unit in the registers is `time_limited`",
                "avsnittet `[training]` har ingen verkan: inget boende i registren är `time_limited`"
            ),
        });
    }
    Ok(Some(Training {
        eligible_share,
        max_stay,
        outcome_shares: shares,
        prolongation,
    }))
}
