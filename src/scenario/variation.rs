//! Variations: a scenario changed by settings given outside its files (`lss-sim sweep --vary
//! KEY=VALUE`), the one way to make a variant of a scenario without writing a file.
//!
//! A variation changes the raw input before validation: a key of the scenario file is set in the
//! merged table ([`Loaded::varied`]), a field of a unit replaces the cell of the unit's register
//! row as the registers are read. Validation then runs once on the varied input, so a variant
//! passes exactly the checks a scenario file gets (limits, opening dates, the delay rule, every
//! profile served, residents at the start only in units open at the start, ...). An error about a
//! varied value is [`Error::Varied`]: it names the setting, not the line of the file whose value
//! the setting replaced.

use std::fmt;

use super::csvread::{Row, Table};
use super::{Loaded, locate};
use crate::error::{Error, Location, Result};

/// What a variation sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    /// A key of the scenario file, by its path of table names (`offers.response.days`).
    Scenario(Vec<String>),
    /// A new unit, given as its register row (`unit.<id>.new`, the value
    /// `places=6;profiles=autism;kind=group;...`): a unit built by a plan.
    NewUnit {
        /// The new unit's `id`, unique among the units.
        id: String,
    },
    /// A column of one unit's register row (`unit.<id>.places`).
    Unit {
        /// The unit's `id` in the registers.
        id: String,
        /// The column.
        field: UnitField,
    },
}

/// The register columns a variation can set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitField {
    /// `places`; 0 leaves the unit out of the registers (a register row must have 1 or more).
    Places,
    /// `opens`, a date.
    Opens,
}

impl UnitField {
    /// The register column.
    pub fn column(self) -> &'static str {
        match self {
            UnitField::Places => "places",
            UnitField::Opens => "opens",
        }
    }
}

impl Key {
    /// Parses a key of the scenario file (`applications.growth_per_year`), `unit.<id>.places`,
    /// `unit.<id>.opens` or `unit.<id>.new`.
    pub fn parse(path: &str) -> Result<Key> {
        if let Some(rest) = path.strip_prefix("unit.") {
            if let Some(id) = rest.strip_suffix(".new").filter(|id| !id.is_empty()) {
                return Ok(Key::NewUnit { id: id.to_owned() });
            }
            let field = match rest.rsplit_once('.') {
                Some((id, "places")) if !id.is_empty() => Some((id, UnitField::Places)),
                Some((id, "opens")) if !id.is_empty() => Some((id, UnitField::Opens)),
                _ => None,
            };
            let (id, field) = field.ok_or_else(|| {
                Error::Usage(crate::msg!(
                    "--vary {path}: a unit parameter is unit.<id>.places, unit.<id>.opens or unit.<id>.new",
                    "--vary {path}: en parameter för ett boende är unit.<id>.places, unit.<id>.opens eller unit.<id>.new"
                ))
            })?;
            return Ok(Key::Unit {
                id: id.to_owned(),
                field,
            });
        }
        let keys: Vec<String> = path.split('.').map(str::to_owned).collect();
        if keys.iter().any(String::is_empty) {
            return Err(Error::Usage(crate::msg!(
                "--vary `{path}`: not a key of the scenario file (table names joined by `.`, such as offers.acceptance_probability)",
                "--vary `{path}`: ingen nyckel i scenariofilen (tabellnamn förenade med `.`, som offers.acceptance_probability)"
            )));
        }
        Ok(Key::Scenario(keys))
    }

    /// Whether two keys set the same value, or one sets a part of the other's
    /// (`offers.response` and `offers.response.days`).
    pub fn overlaps(&self, other: &Key) -> bool {
        match (self, other) {
            (Key::Scenario(a), Key::Scenario(b)) => a.starts_with(b) || b.starts_with(a),
            (a, b) => a == b,
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Scenario(keys) => write!(f, "{}", keys.join(".")),
            Key::Unit { id, field } => write!(f, "unit.{id}.{}", field.column()),
            Key::NewUnit { id } => write!(f, "unit.{id}.new"),
        }
    }
}

/// One setting: a key and its value as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Variation {
    /// What is set.
    pub key: Key,
    /// The value as typed: a number, a date, `true`/`false` or a text.
    pub value: String,
}

impl Variation {
    /// The variation `path=value`.
    pub fn new(path: &str, value: &str) -> Result<Variation> {
        Ok(Variation {
            key: Key::parse(path)?,
            value: value.to_owned(),
        })
    }

    /// `KEY=VALUE`, as in messages.
    pub fn setting(&self) -> String {
        format!("{}={}", self.key, self.value)
    }

    fn error(&self, message: impl Into<String>) -> Error {
        Error::Varied {
            setting: self.setting(),
            message: message.into(),
        }
    }

    /// Whether an error about the value at `key` is about this variation: the key is the varied
    /// one or a table below the top level that holds it (`offers.response` for
    /// `offers.response.days`, a distribution's field).
    fn sets(&self, key: &[&str]) -> bool {
        match &self.key {
            Key::Scenario(path) => {
                (key.len() >= 2 || key.len() == path.len())
                    && key.len() <= path.len()
                    && path.iter().zip(key).all(|(a, b)| a.as_str() == *b)
            }
            Key::Unit { .. } | Key::NewUnit { .. } => false,
        }
    }

    /// A new unit from its register cells: `unit.<id>.new` with `cells` such as
    /// `[("places", "6"), ("profiles", "autism"), ("opens", "2020-01-01"), ...]`.
    pub fn new_unit(id: &str, cells: &[(&str, &str)]) -> Variation {
        Variation {
            key: Key::NewUnit { id: id.to_owned() },
            value: cells
                .iter()
                .map(|(c, v)| format!("{c}={v}"))
                .collect::<Vec<_>>()
                .join(";"),
        }
    }
}

/// A value as typed on the command line, as TOML would read it.
fn toml_value(raw: &str) -> toml::Value {
    if let Ok(i) = raw.parse::<i64>() {
        return toml::Value::Integer(i);
    }
    if let Ok(f) = raw.parse::<f64>() {
        return toml::Value::Float(f);
    }
    if let Ok(d) = raw.parse::<toml::value::Datetime>() {
        return toml::Value::Datetime(d);
    }
    match raw {
        "true" => toml::Value::Boolean(true),
        "false" => toml::Value::Boolean(false),
        _ => toml::Value::String(raw.to_owned()),
    }
}

impl Loaded {
    /// This scenario with `variations` applied, to be validated with
    /// [`validate_loaded`](super::validate_loaded). Keys of the scenario file are set now; unit
    /// fields when the registers are read. Two variations of the same key, or of a key and a
    /// part of it, are refused.
    pub fn varied(&self, variations: &[Variation]) -> Result<Loaded> {
        let mut loaded = self.clone();
        for v in variations {
            if let Some(earlier) = loaded.variations.iter().find(|e| e.key.overlaps(&v.key)) {
                return Err(v.error(crate::msg!(
                    "`{}` is already set by {}",
                    "`{}` är redan satt av {}",
                    v.key,
                    earlier.setting()
                )));
            }
            if share_of(&v.key).is_some() {
                // Applied together below.
            } else if let Key::Scenario(keys) = &v.key {
                if FILE_KEYS.contains(&keys.join(".").as_str()) {
                    return Err(v.error(crate::msg!(
                        "a file named by the scenario cannot be varied: write a variant file that \
                         `extends` the scenario instead",
                        "en fil som scenariot anger kan inte varieras: skriv i stället en variantfil \
                         som gör `extends` på scenariot"
                    )));
                }
                let mut table = &mut loaded.merged;
                for key in &keys[..keys.len() - 1] {
                    let entry = table
                        .entry(key.clone())
                        .or_insert_with(|| toml::Value::Table(toml::Table::new()));
                    table = entry.as_table_mut().ok_or_else(|| {
                        v.error(crate::msg!(
                            "`{key}` is a value, not a table",
                            "`{key}` är ett värde, ingen tabell"
                        ))
                    })?;
                }
                let last = &keys[keys.len() - 1];
                // A whole number where the file has a float is still a float.
                let new = match (table.get(last), toml_value(&v.value)) {
                    (Some(toml::Value::Float(_)), toml::Value::Integer(i)) => {
                        toml::Value::Float(i as f64)
                    }
                    (Some(toml::Value::Table(fields)), _) => {
                        // Its own fields that hold numbers, as the example (not `dist`).
                        let numeric: Vec<String> = fields
                            .iter()
                            .filter(|(_, f)| f.is_integer() || f.is_float())
                            .map(|(k, _)| format!("`{}.{k}`", v.key))
                            .collect();
                        let such_as = if numeric.is_empty() {
                            String::new()
                        } else {
                            crate::msg!(", such as {}", ", som {}", numeric.join(", "))
                        };
                        return Err(v.error(crate::msg!(
                            "`{}` is a table (a distribution or a list of settings): vary one of \
                             its fields{such_as}",
                            "`{}` är en tabell (en fördelning eller en lista med inställningar): variera ett av \
                             dess fält{such_as}",
                            v.key
                        )));
                    }
                    (Some(toml::Value::Integer(_)), toml::Value::Float(_)) => {
                        return Err(v.error(crate::msg!(
                            "`{}` is not a whole number",
                            "`{}` är inget heltal",
                            v.value
                        )));
                    }
                    (_, new) => new,
                };
                table.insert(last.clone(), new);
            }
            loaded.variations.push(v.clone());
        }
        let shares: Vec<(String, &Variation)> = variations
            .iter()
            .filter_map(|v| share_of(&v.key).map(|name| (name, v)))
            .collect();
        set_shares(&mut loaded.merged, &shares)?;
        Ok(loaded)
    }

    /// The table of the new units of the variations, as register rows in no file.
    pub(super) fn new_units_table(&self, columns: &[&str]) -> Table {
        let n = self
            .variations
            .iter()
            .filter(|v| matches!(v.key, Key::NewUnit { .. }))
            .count();
        Table::outside_files(
            &crate::msg!("(new units of the variation)", "(variationens nya boenden)"),
            columns,
            n,
        )
    }

    /// The rows of `table` (from [`Loaded::new_units_table`]), each cell set from its variation,
    /// so that every message about it names the variation.
    pub(super) fn new_unit_rows<'a>(
        &self,
        table: &'a Table,
        columns: &[&str],
    ) -> Result<Vec<Row<'a>>> {
        let new_units = self.variations.iter().filter_map(|v| match &v.key {
            Key::NewUnit { id } => Some((v, id)),
            _ => None,
        });
        let mut rows = Vec::new();
        for ((v, id), mut row) in new_units.zip(table.rows()) {
            let setting = v.setting();
            for &c in columns {
                row.replace(c, "", &setting);
            }
            row.replace("id", id, &setting);
            let mut given: Vec<&str> = Vec::new();
            for cell in v.value.split(';').map(str::trim).filter(|c| !c.is_empty()) {
                let (column, value) = cell.split_once('=').ok_or_else(|| {
                    v.error(crate::msg!(
                        "`{cell}` is not COLUMN=VALUE (such as places=6)",
                        "`{cell}` är inte KOLUMN=VÄRDE (som places=6)"
                    ))
                })?;
                let column = column.trim();
                if column == "id" || !columns.contains(&column) {
                    return Err(v.error(crate::msg!(
                        "`{column}` is not a column of a new unit; the columns are: {}",
                        "`{column}` är ingen kolumn för ett nytt boende; kolumnerna är: {}",
                        columns[1..].join(", ")
                    )));
                }
                if given.contains(&column) {
                    return Err(v.error(crate::msg!(
                        "`{column}` is given twice",
                        "`{column}` anges två gånger"
                    )));
                }
                given.push(column);
                row.replace(column, value.trim(), &setting);
            }
            rows.push(row);
        }
        Ok(rows)
    }

    /// An error about the units as a whole (their number, a profile none serves), found at
    /// `key`: when variations changed units, it names them, since the files alone pass.
    pub(super) fn units_error(&self, key: &[&str], message: impl Into<String>) -> Error {
        let settings: Vec<String> = self
            .variations
            .iter()
            .filter(|v| matches!(v.key, Key::Unit { .. } | Key::NewUnit { .. }))
            .map(Variation::setting)
            .collect();
        if settings.is_empty() {
            self.error_at(key, message)
        } else {
            Error::Varied {
                setting: settings.join(" "),
                message: message.into(),
            }
        }
    }

    /// Where the value at `key` comes from, for a warning: the variation that set it
    /// (`--vary KEY=VALUE`), or its place in the files of the chain.
    pub(super) fn located(&self, key: &[&str]) -> Location {
        match self.variations.iter().find(|v| v.sets(key)) {
            Some(v) => Location::file(format!("--vary {}", v.setting())),
            None => locate(&self.layers, key),
        }
    }

    /// An error about the value at `key`: [`Error::Varied`] when a variation set it, otherwise
    /// an input error where the files of the chain set it.
    pub(super) fn error_at(&self, key: &[&str], message: impl Into<String>) -> Error {
        match self.variations.iter().find(|v| v.sets(key)) {
            Some(v) => v.error(message),
            None => Error::input(locate(&self.layers, key), message),
        }
    }

    /// Applies the unit variations to the register row of unit `id`: their values replace the
    /// row's cells. False when they leave the unit out (0 places).
    pub(super) fn vary_row(&self, id: &str, row: &mut Row) -> bool {
        for v in &self.variations {
            if let Key::Unit { id: unit, field } = &v.key {
                if unit != id {
                    continue;
                }
                if *field == UnitField::Places && v.value.parse::<u32>() == Ok(0) {
                    return false;
                }
                row.replace(field.column(), &v.value, &v.setting());
            }
        }
        true
    }

    /// Refuses a unit variation whose unit is in no register (`known` says which ids are).
    pub(super) fn check_varied_units(&self, known: impl Fn(&str) -> bool) -> Result<()> {
        for v in &self.variations {
            if let Key::Unit { id, .. } = &v.key
                && !known(id)
            {
                return Err(v.error(crate::msg!(
                    "no unit `{id}` in the registers",
                    "inget boende `{id}` i registren"
                )));
            }
        }
        Ok(())
    }
}

/// The scenario keys that name files: a variation cannot set them (a path would be read from
/// the working directory, not from the scenario's folder).
const FILE_KEYS: &[&str] = &["extends", "units.registers", "start.people", "observations"];

/// The profile whose share `key` sets (`profiles.mix.<name>`), if it does.
fn share_of(key: &Key) -> Option<String> {
    match key {
        Key::Scenario(keys) if keys.len() == 3 && keys[0] == "profiles" && keys[1] == "mix" => {
            Some(keys[2].clone())
        }
        _ => None,
    }
}

/// Sets the shares of the varied profiles in `profiles.mix` and scales the other shares in
/// proportion, so the mix still sums to 1. All share variations apply together, so their order
/// does not matter and none rescales another; varied shares above 1 in sum are refused.
fn set_shares(merged: &mut toml::Table, shares: &[(String, &Variation)]) -> Result<()> {
    let Some(&(_, first)) = shares.first() else {
        return Ok(());
    };
    let mut set = Vec::new();
    for (name, v) in shares {
        let share = v
            .value
            .parse::<f64>()
            .ok()
            .filter(|s| (0.0..=1.0).contains(s))
            .ok_or_else(|| {
                let hint = v.value.parse::<f64>().map_or(String::new(), |x| {
                    super::validate::percent_hint("profiles.mix", x)
                });
                v.error(crate::msg!(
                    "`{}` is not a share from 0 to 1{hint}",
                    "`{}` är ingen andel från 0 till 1{hint}",
                    v.value
                ))
            })?;
        set.push((name.as_str(), share, *v));
    }
    let mix = merged
        .get_mut("profiles")
        .and_then(|p| p.as_table_mut())
        .and_then(|p| p.get_mut("mix"))
        .and_then(|m| m.as_table_mut())
        .ok_or_else(|| {
            first.error(crate::msg!(
                "the scenario has no `profiles.mix`",
                "scenariot saknar `profiles.mix`"
            ))
        })?;
    let value = |x: &toml::Value| x.as_float().or_else(|| x.as_integer().map(|i| i as f64));
    for (name, _, v) in &set {
        if mix.get(*name).and_then(value).is_none() {
            return Err(v.error(crate::msg!(
                "`{name}` is not a profile of `profiles.mix` ({})",
                "`{name}` är ingen målgrupp i `profiles.mix` ({})",
                mix.keys().cloned().collect::<Vec<_>>().join(", ")
            )));
        }
    }
    let varied: f64 = set.iter().map(|(_, share, _)| share).sum();
    let all = || {
        set.iter()
            .map(|(_, _, v)| v.setting())
            .collect::<Vec<_>>()
            .join(" ")
    };
    if varied > 1.0 + 1e-9 {
        return Err(Error::Varied {
            setting: all(),
            message: crate::msg!(
                "the varied shares sum to {varied}, more than 1",
                "de varierade andelarna summerar till {varied}, mer än 1"
            ),
        });
    }
    let others: f64 = mix
        .iter()
        .filter(|(k, _)| !set.iter().any(|(n, _, _)| n == k))
        .map(|(_, x)| value(x).unwrap_or(0.0))
        .sum();
    if others <= 0.0 && varied < 1.0 - 1e-9 {
        return Err(Error::Varied {
            setting: all(),
            message: crate::msg!(
                "the other profiles have no share to scale: set `profiles.mix` whole",
                "de andra målgrupperna har ingen andel att skala: ange hela `profiles.mix`"
            ),
        });
    }
    let scale = if others > 0.0 {
        (1.0 - varied) / others
    } else {
        0.0
    };
    for (k, x) in mix.iter_mut() {
        let s = match set.iter().find(|(n, _, _)| n == k) {
            Some((_, share, _)) => *share,
            None => value(x).unwrap_or(0.0) * scale,
        };
        *x = toml::Value::Float(s);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_and_overlap() {
        let k = |p: &str| Key::parse(p).unwrap();
        assert_eq!(
            k("unit.LKP.1.places"),
            Key::Unit {
                id: "LKP.1".into(),
                field: UnitField::Places
            }
        );
        assert_eq!(k("unit.LKP.1.opens").to_string(), "unit.LKP.1.opens");
        assert!(Key::parse("unit.X.cost").is_err());
        assert!(Key::parse("unit.places").is_err());
        assert!(Key::parse("offers..days").is_err());
        assert!(k("offers.response").overlaps(&k("offers.response.days")));
        assert!(k("offers.response.days").overlaps(&k("offers.response")));
        assert!(!k("offers.response").overlaps(&k("offers.response_days")));
        assert!(k("unit.X.places").overlaps(&k("unit.X.places")));
        assert!(!k("unit.X.places").overlaps(&k("unit.X.opens")));
    }

    #[test]
    fn an_error_is_about_a_variation_at_its_key_or_a_table_holding_it() {
        let v = Variation::new("offers.response.days", "-1").unwrap();
        assert!(v.sets(&["offers", "response", "days"]));
        assert!(v.sets(&["offers", "response"]));
        assert!(
            !v.sets(&["offers"]),
            "a top-level table holds other keys too"
        );
        assert!(!v.sets(&["offers", "acceptance_probability"]));
        assert!(Variation::new("seed", "3").unwrap().sets(&["seed"]));
    }
}
