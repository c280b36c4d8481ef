//! The scenario's assumptions for the report: every key of `scenario.resolved.toml` with its
//! value, the comment above it in the scenario's own files (its source, or `ASSUMPTION (EST)`),
//! and its `[uncertainty]` range.
//!
//! The resolved file holds the values but no comments (it is written from the merged table), so
//! the comments are read from the files of the `extends` chain that its first line names, the
//! user's file first: the file that sets a key explains it.

use std::collections::BTreeMap;

use crate::report::Lang;

/// The words that mark a value as an estimate in a scenario file's comment: the English
/// templates write `ASSUMPTION (EST)`, the Swedish `ANTAGANDE (EST)`.
pub const ESTIMATE_MARKERS: [&str; 2] = ["ASSUMPTION", "ANTAGANDE"];

/// One assumption.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// `section.key`.
    pub key: String,
    /// The value as the file writes it.
    pub value: String,
    /// The comment above the key, in one line; empty when the file has none.
    pub basis: String,
    /// Whether the comment marks the value as an assumption ([`ESTIMATE_MARKERS`] or `EST`); `None`
    /// without a comment.
    pub est: Option<bool>,
    /// The `[uncertainty]` ranges of the key or of its parts, in words.
    pub range: String,
}

/// The start of the first line of `scenario.resolved.toml` and the word before its files, in
/// English and Swedish: [`resolved_header`] writes them, [`chain`] reads them back.
const RESOLVED_BY: [(&str, &str); 2] = [
    ("# Resolved by lss-sim ", " from "),
    ("# Sammanställd av lss-sim ", " från "),
];

/// The first two lines of `scenario.resolved.toml` in `lang`: the version, the files of the
/// `extends` chain (root first) and the folder its paths are relative to.
pub fn resolved_header(lang: Lang, version: &str, files: &[String], relative_to: &str) -> String {
    let (by, from) = RESOLVED_BY[usize::from(lang == Lang::Sv)];
    let note = match lang {
        Lang::En => "# (`extends` merged; file paths relative to",
        Lang::Sv => "# (`extends` sammanfogade; sökvägar relativa till",
    };
    format!(
        "{by}{version}{from}{}\n{note} {relative_to})\n",
        files.join(" <- ")
    )
}

/// The files of the chain as the first line of `scenario.resolved.toml` names them
/// (`# Resolved by lss-sim V from A <- B`, or its Swedish form), root first.
pub fn chain(resolved: &str) -> Vec<String> {
    let first = resolved.lines().next().unwrap_or_default();
    RESOLVED_BY
        .iter()
        .find_map(|(by, from)| first.strip_prefix(by)?.split_once(from))
        .map(|(_, files)| {
            files
                .split(" <- ")
                .map(|f| f.trim().to_owned())
                .filter(|f| !f.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// The comment block right above each key of a scenario file, by `section.key` (top-level keys
/// by their name): consecutive `#` lines, ended by a blank or any other line.
pub fn comments(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut block: Vec<&str> = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if let Some(c) = t.strip_prefix('#') {
            block.push(c.trim());
            continue;
        }
        if t.starts_with('[') {
            section = t
                .trim_start_matches('[')
                .split(']')
                .next()
                .unwrap_or_default()
                .trim()
                .to_owned();
        } else if let Some((k, _)) = t.split_once('=') {
            let key = k.trim().trim_matches('"').to_owned();
            if !key.is_empty() {
                let path = if section.is_empty() {
                    key
                } else {
                    format!("{section}.{key}")
                };
                out.push((path, block.join(" ")));
            }
        }
        block.clear();
    }
    out
}

/// A value as a reader would write it: strings bare, numbers with the language's decimal sign,
/// tables as `key = value` lists.
pub fn show(v: &toml::Value, lang: Lang) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => {
            let s = f.to_string();
            match lang {
                Lang::En => s,
                Lang::Sv => s.replace('.', ","),
            }
        }
        toml::Value::Boolean(b) => match (lang, b) {
            (Lang::En, b) => b.to_string(),
            (Lang::Sv, true) => "ja".to_owned(),
            (Lang::Sv, false) => "nej".to_owned(),
        },
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::Array(a) => a
            .iter()
            .map(|x| show(x, lang))
            .collect::<Vec<_>>()
            .join("; "),
        toml::Value::Table(t) => t
            .iter()
            .map(|(k, x)| format!("{k} = {}", show(x, lang)))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The assumptions of the resolved scenario `resolved`, explained by the comments of `sources`
/// (the chain's file texts, root first; missing files left out).
pub fn rows(resolved: &toml::Table, sources: &[String], lang: Lang) -> Vec<Row> {
    let notes: Vec<BTreeMap<String, String>> = sources
        .iter()
        .rev()
        .map(|t| comments(t).into_iter().collect())
        .collect();
    // Rows in the order of the files (root first), then any key no file names.
    let mut order: BTreeMap<String, usize> = BTreeMap::new();
    for (path, _) in sources.iter().flat_map(|t| comments(t)) {
        let next = order.len();
        order.entry(path).or_insert(next);
    }
    let ranges: Vec<(String, String)> = resolved
        .get("uncertainty")
        .and_then(toml::Value::as_table)
        .map(|u| {
            u.iter()
                .map(|(path, r)| (path.clone(), range_text(r, lang)))
                .collect()
        })
        .unwrap_or_default();
    let mut out = Vec::new();
    let mut push = |key: String, value: &toml::Value| {
        // The file that sets the key explains it (the user's file first).
        let note = notes.iter().find_map(|n| n.get(&key));
        let basis = note.cloned().unwrap_or_default();
        let est = note.filter(|b| !b.is_empty()).map(|b| {
            ESTIMATE_MARKERS.iter().any(|m| b.contains(m))
                || b.split(|c: char| !c.is_alphanumeric()).any(|w| w == "EST")
        });
        let range = ranges
            .iter()
            .filter(|(p, _)| *p == key || p.starts_with(&format!("{key}.")))
            .map(|(p, r)| {
                if *p == key {
                    r.clone()
                } else {
                    format!("{}: {r}", &p[key.len() + 1..])
                }
            })
            .collect::<Vec<_>>()
            .join("; ");
        out.push(Row {
            key,
            value: show(value, lang),
            basis,
            est,
            range,
        });
    };
    for (k, v) in resolved {
        match v {
            toml::Value::Table(t) if k != "uncertainty" => {
                for (k2, v2) in t {
                    push(format!("{k}.{k2}"), v2);
                }
            }
            toml::Value::Table(_) => {}
            _ if ["name", "description", "seed", "replications"].contains(&k.as_str()) => {}
            _ => push(k.clone(), v),
        }
    }
    out.sort_by_key(|r| order.get(&r.key).copied().unwrap_or(usize::MAX));
    out
}

/// An `[uncertainty]` entry in words: `30–70, triangular`.
fn range_text(r: &toml::Value, lang: Lang) -> String {
    let get = |k: &str| r.get(k).map(|v| show(v, lang)).unwrap_or_default();
    let dist = match (r.get("dist").and_then(toml::Value::as_str), lang) {
        (Some("triangular"), Lang::En) => "triangular",
        (Some("triangular"), Lang::Sv) => "triangulär",
        (_, Lang::En) => "uniform",
        (_, Lang::Sv) => "likformig",
    };
    format!("{}–{}, {dist}", get("low"), get("high"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_belong_to_the_key_below_them() {
        let text = "name = \"x\"\n\n[applications]\n# New applications a year.\n# ASSUMPTION (EST): a guess.\nper_year = 45\ngrowth_per_year = 0.02\n\n[uncertainty]\n\"applications.per_year\" = { low = 30, high = 70, dist = \"triangular\" }\n";
        let c: BTreeMap<String, String> = comments(text).into_iter().collect();
        assert_eq!(
            c["applications.per_year"],
            "New applications a year. ASSUMPTION (EST): a guess."
        );
        assert_eq!(c["applications.growth_per_year"], "");
        let table: toml::Table = toml::from_str(text).unwrap();
        let rows = rows(&table, &[text.to_owned()], Lang::Sv);
        let per_year = rows
            .iter()
            .find(|r| r.key == "applications.per_year")
            .unwrap();
        assert_eq!(per_year.est, Some(true));
        let sv = "[applications]\n# ANTAGANDE: en gissning.\nper_year = 45\n";
        let table: toml::Table = toml::from_str(sv).unwrap();
        assert_eq!(
            super::rows(&table, &[sv.to_owned()], Lang::Sv)[0].est,
            Some(true)
        );
        assert_eq!(per_year.range, "30–70, triangulär");
        assert_eq!(rows[0].key, "applications.per_year", "in the file's order");
        let growth = rows
            .iter()
            .find(|r| r.key == "applications.growth_per_year")
            .unwrap();
        assert_eq!((growth.value.as_str(), growth.est), ("0,02", None));
        assert_eq!(
            chain("# Resolved by lss-sim 0.1.0 from ../a.toml <- b.toml\n"),
            vec!["../a.toml", "b.toml"]
        );
        for lang in [Lang::En, Lang::Sv] {
            let files = ["../a från b.toml".to_owned(), "c.toml".to_owned()];
            let header = resolved_header(lang, "0.1.0", &files, "x");
            assert_eq!(chain(&header), files, "{header}");
        }
    }
}
