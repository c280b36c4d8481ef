//! `lss-sim init DIR`: a new municipality's starting point, and the check that it has been
//! filled in.
//!
//! The folder gets a scenario file whose every field is explained (the defaults marked
//! `ASSUMPTION (EST)`), an empty unit register and start state (CSV, with one `# FILL IN` line
//! each, and the same two tables as Excel workbooks), and a README with what to fill in first. The values only the municipality can give
//! hold the text `FILL IN: ...`; [`check_filled`] lists every one left, in every file of the
//! scenario, so `validate` and `run` say at once what is still missing instead of stopping at the
//! first type error.

use std::path::{Path, PathBuf};

use crate::error::{Error, Location, Result};

/// The marker of a value still to fill in.
pub const MARKER: &str = "FILL IN";

/// The files `init` writes: (name, template).
const FILES: [(&str, &str); 4] = [
    (
        "scenario.toml",
        include_str!("../templates/init/scenario.toml"),
    ),
    ("units.csv", include_str!("../templates/init/units.csv")),
    ("start.csv", include_str!("../templates/init/start.csv")),
    ("README.md", include_str!("../templates/init/README.md")),
];

/// A scenario name from the folder's name: letters, digits, `-`, `_` and `.`, others become `-`.
pub fn name_for(dir: &Path) -> String {
    let raw = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name: String = raw
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    let name = name.trim_matches(|c| c == '-' || c == '.').to_owned();
    if name.is_empty() {
        "new-municipality".to_owned()
    } else {
        name
    }
}

/// The files of a new scenario in `dir`: (path, bytes).
pub fn files(dir: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>> {
    let name = name_for(dir);
    // minijinja drops a template's last newline: it is put back below.
    let env = minijinja::Environment::new();
    let ctx = minijinja::context! { name => name };
    FILES
        .iter()
        .map(|(file, template)| {
            let mut text = env
                .render_str(template, &ctx)
                .map_err(|e| Error::Usage(format!("the template of {file} failed: {e}")))?;
            text.push('\n');
            Ok((dir.join(file), text.into_bytes()))
        })
        .collect::<Result<Vec<_>>>()
        .and_then(|mut files| {
            for table in ["units", "start"] {
                let csv = dir.join(format!("{table}.csv"));
                let text = files
                    .iter()
                    .find(|(p, _)| *p == csv)
                    .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
                    .unwrap_or_default();
                files.push((dir.join(format!("{table}.xlsx")), workbook(&text)?));
            }
            Ok(files)
        })
}

/// A CSV template as a workbook of one sheet: a `#` line in one cell, the header row in bold,
/// the creation date fixed so the same template gives the same bytes.
fn workbook(csv: &str) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};
    let build = || -> std::result::Result<Vec<u8>, XlsxError> {
        let mut book = Workbook::new();
        book.set_properties(
            &DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?),
        );
        let bold = Format::new().set_bold();
        let ws = book.add_worksheet();
        for (row, line) in csv.lines().enumerate() {
            let row = row as u32;
            if line.starts_with('#') {
                ws.write_string(row, 0, line)?;
                continue;
            }
            for (col, cell) in line.split(',').enumerate() {
                ws.write_string_with_format(row, col as u16, cell, &bold)?;
                ws.set_column_width(col as u16, 16)?;
            }
        }
        book.save_to_buffer()
    };
    build().map_err(|e| Error::Usage(format!("the workbook template failed: {e}")))
}

/// Writes the new scenario into `dir`, which must not exist or be empty; the paths written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.exists() {
        let empty = dir.is_dir()
            && std::fs::read_dir(dir)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
        if !empty {
            return Err(Error::OutputConflict {
                path: dir.to_owned(),
                message: crate::msg!(
                    "exists and is not an empty folder: init writes a new scenario only into a new or empty folder, so nothing of yours is replaced; name another folder",
                    "finns och är inte en tom mapp: init skriver ett nytt scenario bara i en ny eller tom mapp, så att inget av ditt ersätts; ange en annan mapp"
                ),
            });
        }
    }
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_owned(),
        source,
    })?;
    let files = files(dir)?;
    for (path, bytes) in &files {
        crate::report::write::write_atomic(path, bytes)?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// Every line still marked [`MARKER`] in the files of the scenario at `path` (its `extends`
/// chain, unit registers and start state), as one error naming each file and line; `Ok` when
/// none is left. It reads the files as text, before the scenario is parsed, so a `FILL IN` where
/// a number or a date belongs is listed with the others rather than reported as a type error.
/// Files that cannot be read or parsed are left to the scenario's own checks.
pub fn check_filled(path: &Path) -> Result<()> {
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let mut next = Some(path.to_path_buf());
    while let Some(file) = next.take() {
        if files.len() > 32 || files.iter().any(|(p, _)| *p == file) {
            break;
        }
        let Ok(text) = std::fs::read_to_string(&file) else {
            break;
        };
        let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
        if let Ok(table) = toml::from_str::<toml::Table>(&text) {
            // The CSV files, relative to the file that names them.
            let csv: Vec<&str> = [("units", "registers"), ("start", "people")]
                .iter()
                .filter_map(|(s, k)| table.get(*s)?.get(*k))
                .flat_map(|v| match v {
                    toml::Value::String(s) => vec![s.as_str()],
                    toml::Value::Array(a) => a.iter().filter_map(toml::Value::as_str).collect(),
                    _ => Vec::new(),
                })
                .collect();
            for p in csv {
                let path = dir.join(p);
                if let Ok(t) = std::fs::read_to_string(&path) {
                    files.push((path, t));
                }
            }
            next = table
                .get("extends")
                .and_then(toml::Value::as_str)
                .map(|e| dir.join(e));
        }
        files.push((file, text));
    }
    let mut left: Vec<(Location, String)> = Vec::new();
    for (path, text) in &files {
        // In the scenario files only values count (their comments may name the marker); in
        // the CSV files, the marker is a comment line.
        let toml = path.extension().is_some_and(|e| e == "toml");
        for (i, line) in text.lines().enumerate() {
            if line.contains(MARKER) && !(toml && line.trim_start().starts_with('#')) {
                let what = line
                    .split_once(MARKER)
                    .map(|(_, rest)| rest.trim_start_matches(':').trim())
                    .unwrap_or_default();
                let key = line
                    .split_once('=')
                    .map(|(k, _)| k.trim().to_owned())
                    .filter(|k| !k.starts_with('#'))
                    .unwrap_or_else(|| "the table".to_owned());
                let what = what.trim_end_matches('"');
                left.push((
                    Location::at_line(path, text, i + 1),
                    format!("{key}: {what}"),
                ));
            }
        }
    }
    let Some((first, _)) = left.first().cloned() else {
        return Ok(());
    };
    let list = left
        .iter()
        .map(|(loc, what)| format!("\n  {loc}: {what}"))
        .collect::<String>();
    Err(Error::input(
        first,
        if left.len() == 1 {
            crate::msg!(
                "the scenario is not filled in yet: 1 value is still marked {} (README.md of `lss-sim init` says what each is):{}",
                "scenariot är inte ifyllt än: 1 värde är fortfarande märkt {} (README.md från `lss-sim init` säger vad som ska stå):{}",
                MARKER,
                list
            )
        } else {
            crate::msg!(
                "the scenario is not filled in yet: {} values are still marked {} (README.md of `lss-sim init` says what each is):{}",
                "scenariot är inte ifyllt än: {} värden är fortfarande märkta {} (README.md från `lss-sim init` säger vad som ska stå):{}",
                left.len(),
                MARKER,
                list
            )
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_folder() {
        assert_eq!(
            name_for(Path::new("/tmp/Norrköping 2025")),
            "Norrköping-2025"
        );
        assert_eq!(name_for(Path::new("/")), "new-municipality");
    }
}
