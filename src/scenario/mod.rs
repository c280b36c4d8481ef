//! From files to a validated [`Scenario`]: reading TOML, following `extends`, merging, reading
//! the unit registers and the start state, and checking every value.
//!
//! Two stages, as the raw/checked split in the style guide: [`file::ScenarioFile`] is what one
//! file says (syntax, field names and types are checked per file, so errors point into the
//! right file); the merged result is then turned into a [`Scenario`] by `validate`, whose
//! errors are located by looking up the offending key in the files of the `extends` chain,
//! the child first.

pub mod csvread;
pub mod file;
mod observations;
pub mod plausible;
mod syntax;
mod uncertainty;
mod validate;
mod variation;
pub mod xlsx;

use std::path::{Path, PathBuf};

use crate::error::{Error, Location, Result};
use crate::model::Scenario;
use file::ScenarioFile;
pub(crate) use syntax::{plain_words, plain_words_at};

/// One file of an `extends` chain.
#[derive(Debug, Clone)]
pub struct Layer {
    /// The path as reached (relative paths joined to the folder of the file that named them).
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// Its parsed table, with relative paths already resolved.
    pub table: toml::Table,
}

/// A scenario as read from disk, before validation: the files of its chain and the merged table.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The chain, root first, the file named by the user last.
    pub layers: Vec<Layer>,
    /// The merged table (child settings override the parent's).
    pub merged: toml::Table,
    /// The variations applied by [`Loaded::varied`]: scenario keys are already in `merged`,
    /// unit fields are applied to the register rows as they are read.
    pub variations: Vec<Variation>,
}

pub use uncertainty::{Dist, Range, ranges, value_text, whole_key, with_floats};
pub use validate::{
    MAX_APPLICATIONS_PER_YEAR, MAX_BACKLOG, MAX_CV, MAX_DAYS, MAX_FEE_TKR_PER_MONTH,
    MAX_HORIZON_YEARS, MAX_MONTHS, MAX_PLACES, MAX_REPLICATIONS, MAX_TKR_PER_YEAR, MAX_UNITS,
    MIN_WEIBULL_SHAPE,
};
pub use variation::{Key, UnitField, Variation};

/// Reads, merges and validates the scenario at `path`.
pub fn load(path: &Path) -> Result<Scenario> {
    validate_loaded(&read(path)?)
}

/// Validates a scenario already read with [`read`]. A scenario as its files say (no
/// variations) also has its `[uncertainty]` ranges checked ([`ranges`]; a value outside its
/// range is a warning here); a variant's are not, since its varied value may lie outside the
/// range of the file it varies.
pub fn validate_loaded(loaded: &Loaded) -> Result<Scenario> {
    let mut s = validate::validate(loaded)?;
    if loaded.variations.is_empty() {
        s.warnings.extend(uncertainty::range_warnings(loaded)?);
    }
    Ok(s)
}

/// Reads the scenario at `path` and the files it extends, and merges them.
pub fn read(path: &Path) -> Result<Loaded> {
    let mut chain: Vec<Layer> = Vec::new();
    let mut seen: Vec<PathBuf> = Vec::new();
    let mut next = Some(path.to_owned());
    while let Some(path) = next.take() {
        // A file reached through `extends` that cannot be read: point at the `extends` line.
        let named_by = |source: std::io::Error| {
            let e = Error::Read {
                path: path.clone(),
                source,
            };
            match chain.last() {
                Some(from) => named_at(std::slice::from_ref(from), &["extends"], e),
                None => e,
            }
        };
        let canonical = std::fs::canonicalize(&path).map_err(named_by)?;
        if seen.contains(&canonical) {
            let mut names: Vec<PathBuf> = chain.iter().map(|l| l.path.clone()).collect();
            names.push(path);
            return Err(Error::ExtendsLoop { chain: names });
        }
        seen.push(canonical);
        let layer = read_layer(&path)?;
        next = layer
            .table
            .get("extends")
            .and_then(|v| v.as_str())
            .map(PathBuf::from);
        chain.push(layer);
    }
    chain.reverse();
    let mut merged = toml::Table::new();
    for layer in &chain {
        merge(&mut merged, &layer.table, &[]);
    }
    merged.remove("extends");
    Ok(Loaded {
        layers: chain,
        merged,
        variations: Vec::new(),
    })
}

fn read_layer(path: &Path) -> Result<Layer> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    // Syntax, unknown fields and types, checked against this file alone.
    if let Err(e) = toml::from_str::<ScenarioFile>(&text) {
        let message = e.message().trim_end();
        return Err(match e.span() {
            Some(span) => Error::input(
                Location::at_offset(path, &text, span.start),
                plain_words_at(message, &text, span.start),
            ),
            None => Error::input(Location::file(path), plain_words(message)),
        });
    }
    let mut table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        Error::input(Location::file(path), plain_words(e.message().trim_end()))
    })?;
    let dir = path.parent().unwrap_or(Path::new(""));
    map_file_paths(&mut table, |p| {
        Some(dir.join(p).to_string_lossy().into_owned())
    });
    Ok(Layer {
        path: path.to_owned(),
        text,
        table,
    })
}

/// Replaces every file path in a scenario table (`extends`, `units.registers`, `start.people`,
/// `observations`)
/// by what `f` makes of it; a path `f` gives `None` for stays as it is.
pub fn map_file_paths(table: &mut toml::Table, mut f: impl FnMut(&str) -> Option<String>) {
    let mut one = |v: &mut toml::Value| {
        if let toml::Value::String(s) = v
            && let Some(new) = f(s)
        {
            *s = new;
        }
    };
    if let Some(v) = table.get_mut("extends") {
        one(v);
    }
    if let Some(toml::Value::Array(list)) =
        table.get_mut("units").and_then(|u| u.get_mut("registers"))
    {
        list.iter_mut().for_each(&mut one);
    }
    if let Some(v) = table.get_mut("start").and_then(|s| s.get_mut("people")) {
        one(v);
    }
    if let Some(v) = table.get_mut("observations") {
        one(v);
    }
}

/// A file named at `key` of `layers` that could not be read ([`Error::Read`]): the message
/// points at the line that names it, not only at the missing file. Other errors pass.
pub fn named_at(layers: &[Layer], key: &[&str], e: Error) -> Error {
    match e {
        Error::Read { path, source } => Error::input(
            locate(layers, key),
            crate::msg!(
                "cannot read `{}`, named by `{}`: {}",
                "kan inte läsa `{}`, som `{}` anger: {}",
                path.display(),
                key.join("."),
                crate::error::io_text(&source)
            ),
        ),
        e => e,
    }
}

/// Tables that a variant replaces whole instead of merging key by key.
fn replaced_whole(path: &[&str], child: &toml::Table) -> bool {
    child.contains_key("dist")
        || matches!(
            path,
            ["profiles", "mix"] | ["applications", "by_year"] | ["uncertainty", _]
        )
}

/// Deep merge of `child` into `base`: tables merge key by key, everything else is replaced.
fn merge(base: &mut toml::Table, child: &toml::Table, path: &[&str]) {
    for (key, value) in child {
        let mut sub: Vec<&str> = path.to_vec();
        sub.push(key);
        match (base.get_mut(key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(c)) if !replaced_whole(&sub, c) => {
                merge(b, c, &sub)
            }
            _ => {
                base.insert(key.clone(), value.clone());
            }
        }
    }
}

/// Finds where `key_path` is set: in the last file of the chain that sets it.
pub fn locate(layers: &[Layer], key_path: &[&str]) -> Location {
    for layer in layers.iter().rev() {
        if let Some(offset) = find_key(&layer.text, key_path) {
            return Location::at_offset(&layer.path, &layer.text, offset);
        }
    }
    // Not set anywhere (a required value is missing): name the file the user gave.
    let file = layers.last().map(|l| l.path.clone()).unwrap_or_default();
    Location::file(file)
}

/// Byte offset of the value of `key_path` in a TOML text, if the text sets it.
fn find_key(text: &str, key_path: &[&str]) -> Option<usize> {
    use toml::de::{DeTable, DeValue};
    let root = DeTable::parse(text).ok()?;
    let mut table: &DeTable<'_> = root.get_ref();
    for (i, key) in key_path.iter().enumerate() {
        let (_, value) = table.iter().find(|(k, _)| k.get_ref().as_ref() == *key)?;
        if i + 1 == key_path.len() {
            return Some(value.span().start);
        }
        match value.get_ref() {
            DeValue::Table(t) => table = t,
            // `[[observation]]`: the next key is the index of the table in the array.
            DeValue::Array(items) if i + 1 < key_path.len() => {
                let Some(item) = key_path[i + 1]
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| items.get(n))
                else {
                    return Some(value.span().start);
                };
                match item.get_ref() {
                    DeValue::Table(t) if i + 2 < key_path.len() => {
                        return find_in(t, &key_path[i + 2..]).or(Some(item.span().start));
                    }
                    _ => return Some(item.span().start),
                }
            }
            _ => return Some(value.span().start),
        }
    }
    None
}

/// Byte offset of the value of `key_path` in a table of a parsed TOML text.
fn find_in(table: &toml::de::DeTable<'_>, key_path: &[&str]) -> Option<usize> {
    let (_, value) = table
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == key_path[0])?;
    if key_path.len() == 1 {
        return Some(value.span().start);
    }
    match value.get_ref() {
        toml::de::DeValue::Table(t) => find_in(t, &key_path[1..]).or(Some(value.span().start)),
        _ => Some(value.span().start),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_overrides_scalars_and_replaces_distributions_whole() {
        let mut base: toml::Table = toml::from_str(
            "a = 1\n[offers]\nacceptance_probability = 0.7\nresponse = { dist = \"fixed\", days = 14 }\n",
        )
        .unwrap();
        let child: toml::Table =
            toml::from_str("[offers]\nresponse = { dist = \"exponential\", mean_days = 10 }\n")
                .unwrap();
        merge(&mut base, &child, &[]);
        let offers = base["offers"].as_table().unwrap();
        assert_eq!(offers["acceptance_probability"].as_float(), Some(0.7));
        let response = offers["response"].as_table().unwrap();
        assert_eq!(
            response.len(),
            2,
            "distribution replaced whole: {response:?}"
        );
        assert_eq!(response["mean_days"].as_integer(), Some(10));
    }

    #[test]
    fn keys_are_located_in_the_text() {
        let text = "name = \"x\"\n\n[offers]\nacceptance_probability = 1.5\n";
        let at = find_key(text, &["offers", "acceptance_probability"]).unwrap();
        let loc = Location::at_offset("f.toml", text, at);
        assert_eq!((loc.line, loc.column), (Some(4), Some(26)));
        assert!(find_key(text, &["offers", "response"]).is_none());
    }
}
