//! Uncertainty ranges: `[uncertainty]` in a scenario file says how far an assumption may be off.
//!
//! ```toml
//! [uncertainty]
//! "applications.per_year" = { low = 30, high = 70 }
//! "stays.exit_rate_per_year" = { low = 0.02, high = 0.07, dist = "triangular" }
//! ```
//!
//! Keys are paths of numeric keys of the scenario file, as for `sweep --vary`. A range is
//! `low < high` around the scenario's own value (`low <= value <= high`: the value is the best
//! guess, the range what it may be instead). A value outside its range is refused where the range
//! is used ([`ranges`]: `sensitivity`, `--assumption-uncertainty`) and a warning elsewhere
//! ([`range_warnings`]), so a variant that moves a value away from its parent's range still runs. `dist` is `uniform` (default) or `triangular`, whose `mode` defaults to
//! the scenario's value; it matters only where values are drawn (`run --assumption-uncertainty`,
//! the Morris screening), the tornado uses the two ends. Each end is applied to the scenario
//! through the variation API ([`Variation`]) and validated exactly as a file, so an end that would
//! make an invalid scenario is refused here, at the line of the range, not in the middle of a run.
//! Ranges are merged by `extends` one path at a time; a variant's range replaces the parent's
//! range of the same path whole.

use super::file::ScenarioFile;
use super::{Key, Loaded, Variation, locate, validate};
use crate::error::{Error, Result, Warning};

/// The distribution of a ranged value between its ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Dist {
    /// Every value between the ends equally likely.
    Uniform,
    /// Triangular from `low` to `high` with its peak at `mode`.
    Triangular {
        /// The most likely value.
        mode: f64,
    },
}

/// One ranged parameter, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Range {
    /// The key's path (`applications.per_year`).
    pub path: String,
    /// The scenario's own value.
    pub base: f64,
    /// Lowest plausible value.
    pub low: f64,
    /// Highest plausible value.
    pub high: f64,
    /// How values are drawn between the ends.
    pub dist: Dist,
    /// The key holds a whole number (`offers.withdraw_after_declines`): drawn values are rounded.
    pub whole: bool,
}

impl Range {
    /// The value at cumulative probability `u` in [0, 1) (the inverse of the distribution
    /// function), rounded to a whole number for a whole-number key.
    pub fn quantile(&self, u: f64) -> f64 {
        let (a, b) = (self.low, self.high);
        let x = match self.dist {
            Dist::Uniform => a + u * (b - a),
            Dist::Triangular { mode: c } => {
                let f = (c - a) / (b - a);
                if u < f {
                    a + (u * (b - a) * (c - a)).sqrt()
                } else {
                    b - ((1.0 - u) * (b - a) * (b - c)).sqrt()
                }
            }
        };
        let x = x.clamp(a, b);
        if self.whole { x.round() } else { x }
    }

    /// The variation that sets this key to `x`.
    pub fn variation(&self, x: f64) -> Variation {
        Variation {
            key: Key::Scenario(self.path.split('.').map(str::to_owned).collect()),
            value: value_text(x, self.whole),
        }
    }

    /// `uniform` or `triangular`.
    pub fn dist_name(&self) -> &'static str {
        match self.dist {
            Dist::Uniform => "uniform",
            Dist::Triangular { .. } => "triangular",
        }
    }

    /// [`Range::dist_name`] in the reader's language: `likformig`, `triangulär` in Swedish.
    pub fn dist_name_in(&self, lang: crate::lang::Lang) -> &'static str {
        match (lang, &self.dist) {
            (crate::lang::Lang::En, _) => self.dist_name(),
            (crate::lang::Lang::Sv, Dist::Uniform) => "likformig",
            (crate::lang::Lang::Sv, Dist::Triangular { .. }) => "triangulär",
        }
    }
}

/// A value as a variation types it: a whole number without decimals, else the shortest text
/// that reads back as the same number.
pub fn value_text(x: f64, whole: bool) -> String {
    if whole {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:?}")
    }
}

/// Keys a range may not be put on, and why.
fn not_uncertain(keys: &[&str]) -> Option<String> {
    Some(match keys {
        ["horizon", ..] => crate::msg!(
            "the horizon is the span simulated, not an assumption",
            "tidshorisonten är den simulerade perioden, inget antagande"
        ),
        ["goals", ..] => crate::msg!(
            "a goal is what the municipality decides to aim for, not an assumption",
            "ett mål är vad kommunen beslutar att sikta på, inget antagande"
        ),
        ["seed"] => crate::msg!(
            "the seed picks the random numbers; every replication already differs",
            "slumpfröet väljer slumptalen; varje simulering skiljer sig redan"
        ),
        ["replications"] => crate::msg!(
            "the number of replications is how precise the answer is, not an assumption",
            "antalet simuleringar avgör hur precist svaret är, inget antagande"
        ),
        ["units", ..] | ["start", ..] | ["extends"] | ["name"] | ["description"] => crate::msg!(
            "it names files or labels, not a number",
            "den anger filer eller namn, inget tal"
        ),
        ["uncertainty", ..] => crate::msg!(
            "a range cannot be put on a range",
            "ett intervall kan inte läggas på ett intervall"
        ),
        ["observation", ..] | ["observations"] => crate::msg!(
            "an observation is what happened, not an assumption",
            "en observation är vad som hände, inget antagande"
        ),
        _ => return None,
    })
}

/// The ranges of a scenario (its `[uncertainty]` table, merged), each checked: a numeric key of
/// the scenario, `low < high`, the scenario's value between them, a known `dist` (and `mode`
/// between the ends), and each end valid when applied through [`Loaded::varied`]. In path order.
pub fn ranges(loaded: &Loaded) -> Result<Vec<Range>> {
    Ok(check(loaded, true)?.0)
}

/// The checks of [`ranges`] for a scenario that is run as its files say (`validate`, `run`,
/// `compare`): a value outside its range is a warning, not an error, since the range is used
/// only by `sensitivity` and `--assumption-uncertainty` (which refuse it), and a variant that
/// moves a value away from the baseline (`per_year = 60`) must still run.
pub fn range_warnings(loaded: &Loaded) -> Result<Vec<Warning>> {
    Ok(check(loaded, false)?.1)
}

/// Checks every range; `strict`: a scenario value outside its range is an error, else a warning
/// (and the range is left out).
fn check(loaded: &Loaded, strict: bool) -> Result<(Vec<Range>, Vec<Warning>)> {
    let mut warnings = Vec::new();
    let Some(table) = loaded.merged.get("uncertainty") else {
        return Ok((Vec::new(), warnings));
    };
    let at = |path: &str, field: Option<&str>| {
        let mut key = vec!["uncertainty", path];
        key.extend(field);
        locate(&loaded.layers, &key)
    };
    let err = |path: &str, field: Option<&str>, m: String| Error::input(at(path, field), m);
    let table = table.as_table().ok_or_else(|| {
        Error::input(
            locate(&loaded.layers, &["uncertainty"]),
            crate::msg!(
                "`uncertainty` must be a table: [uncertainty] with lines such as \"applications.per_year\" = {{ low = 30, high = 70 }}",
                "`uncertainty` måste vara en tabell: [uncertainty] med rader som \"applications.per_year\" = {{ low = 30, high = 70 }}"
            ),
        )
    })?;
    let mut out = Vec::new();
    for (path, spec) in table {
        let shape = crate::msg!(
            "write `\"{path}\" = {{ low = ..., high = ... }}` (the path in quotes, optionally `dist = \"triangular\"`)",
            "skriv `\"{path}\" = {{ low = ..., high = ... }}` (sökvägen inom citattecken, valfritt `dist = \"triangular\"`)"
        );
        let spec = spec.as_table().ok_or_else(|| {
            err(
                path,
                None,
                crate::msg!(
                    "the range of `{path}` must be a table: {shape}",
                    "intervallet för `{path}` måste vara en tabell: {shape}"
                ),
            )
        })?;
        if !spec.contains_key("low")
            && !spec.contains_key("high")
            && spec.values().all(|v| v.is_table())
        {
            return Err(err(
                path,
                None,
                crate::msg!(
                    "`{path}` holds no `low` and `high`: a path of table names is written in quotes in [uncertainty], as `\"{path}.{}\" = {{ low = ..., high = ... }}`",
                    "`{path}` har inga `low` och `high`: en sökväg av tabellnamn skrivs inom citattecken i [uncertainty], som `\"{path}.{}\" = {{ low = ..., high = ... }}`",
                    spec.keys().next().map_or("KEY", String::as_str)
                ),
            ));
        }
        for field in spec.keys() {
            if !matches!(field.as_str(), "low" | "high" | "dist" | "mode") {
                return Err(err(
                    path,
                    Some(field),
                    crate::msg!(
                        "unknown field `{field}` in the range of `{path}`: a range has `low`, `high` and optionally `dist` (\"uniform\" or \"triangular\") and `mode`",
                        "okänt fält `{field}` i intervallet för `{path}`: ett intervall har `low`, `high` och valfritt `dist` (\"uniform\" eller \"triangular\") och `mode`"
                    ),
                ));
            }
        }
        let number = |field: &str| -> Result<f64> {
            let v = spec.get(field).ok_or_else(|| {
                err(
                    path,
                    None,
                    crate::msg!(
                        "the range of `{path}` has no `{field}`: {shape}",
                        "intervallet för `{path}` saknar `{field}`: {shape}"
                    ),
                )
            })?;
            let x = v
                .as_float()
                .or_else(|| v.as_integer().map(|i| i as f64))
                .ok_or_else(|| err(path, Some(field), crate::msg!("`{field}` of `{path}` must be a number (like 30 or 0.05, without quotes)", "`{field}` för `{path}` måste vara ett tal (som 30 eller 0.05, utan citattecken)")))?;
            if !x.is_finite() {
                return Err(err(
                    path,
                    Some(field),
                    crate::msg!(
                        "`{field}` = {x} of `{path}` must be a finite number",
                        "`{field}` = {x} för `{path}` måste vara ett ändligt tal"
                    ),
                ));
            }
            Ok(x)
        };
        let (low, high) = (number("low")?, number("high")?);
        let key = Key::parse(path).map_err(|_| {
            err(path, None, crate::msg!("`{path}` is not a key of the scenario file (table names joined by `.`, such as applications.per_year)", "`{path}` är ingen nyckel i scenariofilen (tabellnamn förenade med `.`, som applications.per_year)"))
        })?;
        let Key::Scenario(keys) = &key else {
            return Err(err(
                path,
                None,
                crate::msg!(
                    "`{path}`: only keys of the scenario file can have a range; a unit's places and opening are a plan, compare them with `lss-sim sweep --vary {path}=...`",
                    "`{path}`: bara nycklar i scenariofilen kan ha ett intervall; ett boendes platser och öppningsdatum är en plan, jämför dem med `lss-sim sweep --vary {path}=...`"
                ),
            ));
        };
        let names: Vec<&str> = keys.iter().map(String::as_str).collect();
        if let Some(why) = not_uncertain(&names) {
            return Err(err(
                path,
                None,
                crate::msg!(
                    "`{path}` cannot have a range: {why}",
                    "`{path}` kan inte ha ett intervall: {why}"
                ),
            ));
        }
        let mut value = Some(&loaded.merged);
        for k in &names[..names.len() - 1] {
            value = value.and_then(|t| t.get(*k)).and_then(|v| v.as_table());
        }
        let base = match value.and_then(|t| t.get(names[names.len() - 1])) {
            None => {
                return Err(err(
                    path,
                    None,
                    crate::msg!(
                        "`{path}` is not set in this scenario: a range needs a value of the scenario to vary around (check the spelling, or set `{path}` in the file)",
                        "`{path}` är inte satt i det här scenariot: ett intervall behöver ett värde i scenariot att variera kring (kontrollera stavningen, eller sätt `{path}` i filen)"
                    ),
                ));
            }
            Some(toml::Value::Integer(i)) => *i as f64,
            Some(toml::Value::Float(f)) => *f,
            Some(other) => {
                return Err(err(
                    path,
                    None,
                    crate::msg!(
                        "`{path}` is {} in this scenario, not a number: only numbers can have a range",
                        "`{path}` är {} i det här scenariot, inget tal: bara tal kan ha ett intervall",
                        crate::error::value_kind(other)
                    ),
                ));
            }
        };
        if low >= high {
            return Err(err(
                path,
                Some("low"),
                crate::msg!(
                    "the range of `{path}` needs `low` below `high` (low = {low}, high = {high}); to keep the value fixed, leave `{path}` out of [uncertainty]",
                    "intervallet för `{path}` kräver `low` under `high` (low = {low}, high = {high}); för att hålla värdet fast, utelämna `{path}` ur [uncertainty]"
                ),
            ));
        }
        if !(low..=high).contains(&base) {
            let message = crate::msg!(
                "the scenario's value of `{}`, {}, lies outside its range {} to {}: the range is around the best guess; give this scenario its own range in its [uncertainty] table",
                "scenariots värde för `{}`, {}, ligger utanför dess intervall {} till {}: intervallet ska omge den bästa gissningen; ge scenariot ett eget intervall i dess tabell [uncertainty]",
                path,
                base,
                low,
                high
            );
            if strict {
                return Err(err(path, None, message));
            }
            warnings.push(Warning {
                location: at(path, None),
                message: crate::msg!(
                    "{} (`lss-sim sensitivity` and `--assumption-uncertainty` refuse it; the run goes on)",
                    "{} (`lss-sim sensitivity` och `--assumption-uncertainty` vägrar det; körningen fortsätter)",
                    message
                ),
            });
            continue;
        }
        let whole = whole_key(&loaded.merged, &names);
        if whole {
            for (field, x) in [("low", low), ("high", high)] {
                if x.fract() != 0.0 {
                    return Err(err(
                        path,
                        Some(field),
                        crate::msg!(
                            "`{path}` is a whole number, so `{field}` = {x} must be one too",
                            "`{path}` är ett heltal, så `{field}` = {x} måste också vara det"
                        ),
                    ));
                }
            }
        }
        let dist = match spec.get("dist").map(|d| d.as_str()) {
            None | Some(Some("uniform")) => {
                if spec.contains_key("mode") {
                    return Err(err(
                        path,
                        Some("mode"),
                        crate::msg!(
                            "`mode` of `{path}` belongs to a triangular range: add `dist = \"triangular\"`, or leave `mode` out",
                            "`mode` för `{path}` hör till ett triangulärt intervall: lägg till `dist = \"triangular\"`, eller utelämna `mode`"
                        ),
                    ));
                }
                Dist::Uniform
            }
            Some(Some("triangular")) => {
                let mode = if spec.contains_key("mode") {
                    number("mode")?
                } else {
                    base
                };
                if !(low..=high).contains(&mode) {
                    return Err(err(
                        path,
                        Some("mode"),
                        crate::msg!(
                            "`mode` = {mode} of `{path}` lies outside its range {low} to {high}",
                            "`mode` = {mode} för `{path}` ligger utanför sitt intervall {low} till {high}"
                        ),
                    ));
                }
                Dist::Triangular { mode }
            }
            Some(other) => {
                let shown = other.map_or_else(
                    || crate::msg!("a non-text value", "ett värde som inte är text"),
                    |s| format!("\"{s}\""),
                );
                return Err(err(
                    path,
                    Some("dist"),
                    crate::msg!(
                        "`dist` = {shown} of `{path}` is not a distribution of a range: use \"uniform\" or \"triangular\"",
                        "`dist` = {shown} för `{path}` är ingen fördelning för ett intervall: använd \"uniform\" eller \"triangular\""
                    ),
                ));
            }
        };
        let range = Range {
            path: path.clone(),
            base,
            low,
            high,
            dist,
            whole,
        };
        let floated = with_floats(loaded, std::slice::from_ref(&range));
        for (field, x) in [("low", low), ("high", high)] {
            let v = range.variation(x);
            let varied = floated.varied(std::slice::from_ref(&v))?;
            if let Err(e) = validate::validate(&varied) {
                let why = match e {
                    Error::Varied { message, .. } => message,
                    Error::Input { message, .. } => message,
                    e => e.to_string(),
                };
                return Err(err(
                    path,
                    Some(field),
                    crate::msg!(
                        "`{field}` = {x} of `{path}` makes the scenario invalid: {why}",
                        "`{field}` = {x} för `{path}` gör scenariot ogiltigt: {why}"
                    ),
                ));
            }
        }
        out.push(range);
    }
    Ok((out, warnings))
}

/// `loaded` with the value of every ranged key that takes fractions written as a float
/// (`per_year = 45` becomes 45.0): a variation refuses a fraction where the file has a whole
/// number, and a range of such a key takes fractions. The value and the scenario are the same.
pub fn with_floats(loaded: &Loaded, ranges: &[Range]) -> Loaded {
    let mut out = loaded.clone();
    for r in ranges.iter().filter(|r| !r.whole) {
        let keys: Vec<&str> = r.path.split('.').collect();
        let mut table = Some(&mut out.merged);
        for k in &keys[..keys.len() - 1] {
            table = table
                .and_then(|t| t.get_mut(*k))
                .and_then(|v| v.as_table_mut());
        }
        if let Some(v) = table.and_then(|t| t.get_mut(keys[keys.len() - 1]))
            && let toml::Value::Integer(i) = *v
        {
            *v = toml::Value::Float(i as f64);
        }
    }
    out
}

/// Whether the key at `keys` holds a whole number: the scenario file refuses 0.5 there.
pub fn whole_key(merged: &toml::Table, keys: &[&str]) -> bool {
    let mut t = merged.clone();
    let mut table = &mut t;
    for k in &keys[..keys.len() - 1] {
        match table.get_mut(*k).and_then(|v| v.as_table_mut()) {
            Some(sub) => table = sub,
            None => return false,
        }
    }
    table.insert(keys[keys.len() - 1].to_owned(), toml::Value::Float(0.5));
    toml::Value::Table(t).try_into::<ScenarioFile>().is_err()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_cover_the_range() {
        let mut r = Range {
            path: "a.b".into(),
            base: 45.0,
            low: 30.0,
            high: 70.0,
            dist: Dist::Uniform,
            whole: false,
        };
        assert_eq!(r.quantile(0.0), 30.0);
        assert_eq!(r.quantile(0.5), 50.0);
        r.dist = Dist::Triangular { mode: 45.0 };
        assert_eq!(r.quantile(0.0), 30.0);
        // The mode sits at F = (45 - 30) / 40.
        assert!((r.quantile(15.0 / 40.0) - 45.0).abs() < 1e-12);
        assert!((r.quantile(1.0 - 1e-15) - 70.0).abs() < 1e-6);
        r.whole = true;
        assert_eq!(r.quantile(0.51).fract(), 0.0);
        assert_eq!(value_text(0.1 + 0.2, false), "0.30000000000000004");
        assert_eq!(value_text(30.0, false), "30.0");
    }
}
