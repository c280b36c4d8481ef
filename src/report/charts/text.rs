//! Words and numbers in the reader's language: every label goes through [`tr`], every number
//! through [`number`] or [`percent`], so a Swedish chart has Swedish words, a space as the
//! thousands separator and a decimal comma.

use crate::report::Lang;

// The words and numbers are shared with the printed tables: one home, in `crate::lang`.
pub use crate::lang::{months, number, percent, tr};

/// Short month names, January first.
pub fn month_name(lang: Lang, month: u32) -> &'static str {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const SV: [&str; 12] = [
        "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
    ];
    let i = (month.clamp(1, 12) - 1) as usize;
    match lang {
        Lang::En => EN[i],
        Lang::Sv => SV[i],
    }
}

/// The readable name of a varied parameter (`sweep --vary`, `[uncertainty]`): `Places in
/// LKP-101` / `Platser i LKP-101` for `unit.LKP-101.places`, `Applications per year` /
/// `Ansökningar per år` for `applications.per_year`. A key without a name here is shown as it is.
pub fn parameter_name(path: &str, lang: Lang) -> String {
    if let Some(rest) = path.strip_prefix("unit.") {
        let named = |id: &str, en: &str, sv: &str| match lang {
            Lang::En => format!("{en} {id}"),
            Lang::Sv => format!("{sv} {id}"),
        };
        if let Some(id) = rest.strip_suffix(".places") {
            return named(id, "Places in", "Platser i");
        }
        if let Some(id) = rest.strip_suffix(".opens") {
            return named(id, "Opening date of", "Öppningsdatum för");
        }
        if let Some(id) = rest.strip_suffix(".new") {
            return named(id, "New unit", "Nytt boende");
        }
    }
    if let Some(profile) = path.strip_prefix("profiles.mix.") {
        return match lang {
            Lang::En => format!("Share of applicants in target group {profile}"),
            Lang::Sv => format!("Andel sökande i målgruppen {profile}"),
        };
    }
    if let Some(year) = path.strip_prefix("applications.by_year.") {
        return match lang {
            Lang::En => format!("Applications in {year}"),
            Lang::Sv => format!("Ansökningar {year}"),
        };
    }
    // A random duration's field after the duration's own name.
    for (field, en, sv) in [
        ("mean_days", "mean days", "medel, dagar"),
        ("days", "days", "dagar"),
        ("min_days", "shortest, days", "kortast, dagar"),
        ("max_days", "longest, days", "längst, dagar"),
        ("cv", "coefficient of variation", "variationskoefficient"),
    ] {
        if let Some(key) = path.strip_suffix(&format!(".{field}"))
            && let Some((den, dsv)) = duration_name(key)
        {
            return match lang {
                Lang::En => format!("{den} ({en})"),
                Lang::Sv => format!("{dsv} ({sv})"),
            };
        }
    }
    const NAMES: [(&str, &str, &str); 19] = [
        (
            "applications.per_year",
            "Applications per year",
            "Ansökningar per år",
        ),
        (
            "applications.growth_per_year",
            "Growth of applications per year",
            "Ökning av ansökningarna per år",
        ),
        (
            "investigation.grant_probability",
            "Share of applications granted",
            "Andel beviljade ansökningar",
        ),
        (
            "investigation.backlog",
            "Applications not yet investigated at the start",
            "Outredda ansökningar vid start",
        ),
        (
            "offers.acceptance_probability",
            "Probability an offer is accepted",
            "Sannolikhet att ett erbjudande antas",
        ),
        (
            "offers.acceptance_preferred_district",
            "Acceptance, preferred district",
            "Antar erbjudande, önskad stadsdel",
        ),
        (
            "offers.acceptance_other_district",
            "Acceptance, other district",
            "Antar erbjudande, annan stadsdel",
        ),
        (
            "offers.acceptance_factor_per_decline",
            "Acceptance factor per earlier decline",
            "Faktor för att anta per tidigare nej",
        ),
        (
            "offers.withdraw_after_declines",
            "Declines before the application is withdrawn",
            "Nej före återkallad ansökan",
        ),
        (
            "profiles.district_preference_probability",
            "Share preferring a district",
            "Andel som önskar en stadsdel",
        ),
        (
            "stays.exit_rate_per_year",
            "Residents leaving per year (share)",
            "Boende som flyttar ut per år (andel)",
        ),
        (
            "queue.withdrawal_rate_per_year",
            "Withdrawals from the queue per year (share)",
            "Återtagna ansökningar per år (andel)",
        ),
        (
            "external.cost_per_person_year_tkr",
            "External placement, tkr per person and year",
            "Extern placering, tkr per person och år",
        ),
        (
            "external.placement_after_days",
            "Days before an external placement",
            "Dagar före extern placering",
        ),
        (
            "external.hemtagning_acceptance_probability",
            "Probability a hemtagning offer is accepted",
            "Sannolikhet att en hemtagning antas",
        ),
        (
            "external.hemtagning_max_declines",
            "Hemtagning offers declined at most",
            "Högst antal nej till hemtagning",
        ),
        (
            "fee.after_months",
            "Months before the fee",
            "Månader före särskild avgift",
        ),
        (
            "fee.expected_tkr_per_month",
            "Expected fee, tkr per month",
            "Förväntad särskild avgift, tkr per månad",
        ),
        (
            "construction.delay_probability",
            "Probability a new unit opens late",
            "Sannolikhet att ett nytt boende blir försenat",
        ),
    ];
    NAMES.iter().find(|(key, _, _)| *key == path).map_or_else(
        || path.to_owned(),
        |&(_, en, sv)| tr(lang, en, sv).to_owned(),
    )
}

/// The name of a random duration of the scenario file, in English and Swedish.
fn duration_name(key: &str) -> Option<(&'static str, &'static str)> {
    Some(match key {
        "investigation.duration" => ("Investigation", "Utredning"),
        "investigation.backlog_remaining" => (
            "Investigation left of the backlog",
            "Återstående utredning, outredda",
        ),
        "offers.response" => ("Answer to an offer", "Svar på erbjudande"),
        "move_in.lead" => ("Time to move in", "Tid till inflyttning"),
        "stays.length" => ("Length of stay", "Vistelsens längd"),
        "vacancy.turnaround" => ("Turnaround of a place", "Tid att iordningställa en plats"),
        "construction.delay" => ("Delay of a new unit", "Försening av nytt boende"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_have_readable_names_in_both_languages() {
        assert_eq!(
            parameter_name("unit.LKP-101.places", Lang::En),
            "Places in LKP-101"
        );
        assert_eq!(
            parameter_name("unit.LKP-101.places", Lang::Sv),
            "Platser i LKP-101"
        );
        assert_eq!(
            parameter_name("unit.LKP-101.opens", Lang::Sv),
            "Öppningsdatum för LKP-101"
        );
        assert_eq!(
            parameter_name("applications.per_year", Lang::Sv),
            "Ansökningar per år"
        );
        assert_eq!(
            parameter_name("offers.response.days", Lang::En),
            "Answer to an offer (days)"
        );
        assert_eq!(parameter_name("no.such.key", Lang::En), "no.such.key");
    }
}
