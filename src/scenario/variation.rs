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

use super::csvread::Row;
use super::{Loaded, locate};
use crate::error::{Error, Result};

/// What a variation sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    /// A key of the scenario file, by its path of table names (`offers.response.days`).
    Scenario(Vec<String>),
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
    /// Parses a key of the scenario file (`applications.growth_per_year`) or `unit.<id>.places`,
    /// `unit.<id>.opens`.
    pub fn parse(path: &str) -> Result<Key> {
        if let Some(rest) = path.strip_prefix("unit.") {
            let field = match rest.rsplit_once('.') {
                Some((id, "places")) if !id.is_empty() => Some((id, UnitField::Places)),
                Some((id, "opens")) if !id.is_empty() => Some((id, UnitField::Opens)),
                _ => None,
            };
            let (id, field) = field.ok_or_else(|| {
                Error::Usage(format!(
                    "--vary {path}: a unit parameter is unit.<id>.places or unit.<id>.opens"
                ))
            })?;
            return Ok(Key::Unit {
                id: id.to_owned(),
                field,
            });
        }
        let keys: Vec<String> = path.split('.').map(str::to_owned).collect();
        if keys.iter().any(String::is_empty) {
            return Err(Error::Usage(format!(
                "--vary `{path}`: not a key of the scenario file (table names joined by `.`, such as offers.acceptance_probability)"
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
            Key::Unit { .. } => false,
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
                return Err(v.error(format!(
                    "`{}` is already set by {}",
                    v.key,
                    earlier.setting()
                )));
            }
            if let Key::Scenario(keys) = &v.key {
                let mut table = &mut loaded.merged;
                for key in &keys[..keys.len() - 1] {
                    let entry = table
                        .entry(key.clone())
                        .or_insert_with(|| toml::Value::Table(toml::Table::new()));
                    table = entry
                        .as_table_mut()
                        .ok_or_else(|| v.error(format!("`{key}` is a value, not a table")))?;
                }
                let last = &keys[keys.len() - 1];
                // A whole number where the file has a float is still a float.
                let new = match (table.get(last), toml_value(&v.value)) {
                    (Some(toml::Value::Float(_)), toml::Value::Integer(i)) => {
                        toml::Value::Float(i as f64)
                    }
                    (_, new) => new,
                };
                table.insert(last.clone(), new);
            }
            loaded.variations.push(v.clone());
        }
        Ok(loaded)
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
            if let Key::Unit { id, .. } = &v.key {
                if !known(id) {
                    return Err(v.error(format!("no unit `{id}` in the registers")));
                }
            }
        }
        Ok(())
    }
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
