//! `lss-sim init DIR`: a new municipality's starting point, and the check that it has been
//! filled in.
//!
//! The folder gets a scenario file whose every field is explained (the defaults marked
//! `ASSUMPTION (EST)`), an empty unit register and start state (CSV, with one `# FILL IN` line
//! each, and the same two tables as Excel workbooks), and a README with what to fill in first.
//! The values only the municipality can give hold the text `FILL IN: ...`; [`check_filled`]
//! lists every one left, in every file of the scenario, so `validate` and `run` say at once what
//! is still missing instead of stopping at the first type error.
//!
//! With `--lang sv` the files are Swedish (`templates/init/sv/`): the comments, the README, the
//! tables' column headers (the Swedish names of [`crate::scenario::csvread::ALIASES`]) and the
//! marker, `FYLL I`; the scenario's keys are the file format's and stay as they are. The Swedish
//! CSV files are written as Swedish Excel saves "CSV UTF-8": a byte-order mark (without it Excel
//! reads the letters as Windows-1252), `;` between the fields and a decimal comma, so a
//! double-click opens them in columns with `å`, `ä`, `ö` intact.

use std::path::{Path, PathBuf};

use crate::error::{Error, Location, Result};
use crate::lang::Lang;

/// The marker of a value still to fill in, in the English files.
pub const MARKER: &str = "FILL IN";

/// The marker in the Swedish files.
pub const MARKER_SV: &str = "FYLL I";

/// Every marker [`check_filled`] looks for, whatever the language of the messages: a folder
/// written in one language may be checked in the other.
const MARKERS: [&str; 2] = [MARKER, MARKER_SV];

/// The files `init` writes in one language: (name, template), the CSV files' separator, the
/// workbooks' sheet name (`None`: rust_xlsxwriter's `Sheet1`), and whether the CSV files begin
/// with a byte-order mark.
struct Templates {
    files: [(&'static str, &'static str); 4],
    separator: char,
    sheet: Option<&'static str>,
    bom: bool,
}

const ENGLISH: Templates = Templates {
    files: [
        (
            "scenario.toml",
            include_str!("../templates/init/scenario.toml"),
        ),
        ("units.csv", include_str!("../templates/init/units.csv")),
        ("start.csv", include_str!("../templates/init/start.csv")),
        ("README.md", include_str!("../templates/init/README.md")),
    ],
    separator: ',',
    sheet: None,
    bom: false,
};

/// The README keeps its name in Swedish (not `LÄSMIG.md`): every message and page names it so,
/// and an ASCII name survives zip files and file shares that garble `Ä`.
const SWEDISH: Templates = Templates {
    files: [
        (
            "scenario.toml",
            include_str!("../templates/init/sv/scenario.toml"),
        ),
        ("units.csv", include_str!("../templates/init/sv/units.csv")),
        ("start.csv", include_str!("../templates/init/sv/start.csv")),
        ("README.md", include_str!("../templates/init/sv/README.md")),
    ],
    separator: ';',
    sheet: Some("Blad1"),
    bom: true,
};

impl Templates {
    fn of(lang: Lang) -> &'static Templates {
        match lang {
            Lang::En => &ENGLISH,
            Lang::Sv => &SWEDISH,
        }
    }
}

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

/// The files of a new scenario in `dir`, in `lang`: (path, bytes). The templates first, then a
/// workbook of each CSV table.
pub fn files(dir: &Path, lang: Lang) -> Result<Vec<(PathBuf, Vec<u8>)>> {
    let set = Templates::of(lang);
    let name = name_for(dir);
    // minijinja drops a template's last newline: it is put back below.
    let env = minijinja::Environment::new();
    let ctx = minijinja::context! { name => name };
    let mut files = Vec::new();
    let mut books = Vec::new();
    for (file, template) in &set.files {
        let mut text = env
            .render_str(template, &ctx)
            .map_err(|e| Error::Usage(format!("the template of {file} failed: {e}")))?;
        text.push('\n');
        if let Some(table) = file.strip_suffix(".csv") {
            books.push((dir.join(format!("{table}.xlsx")), workbook(&text, set)?));
            if set.bom {
                text.insert(0, '\u{feff}');
            }
        }
        files.push((dir.join(file), text.into_bytes()));
    }
    files.extend(books);
    Ok(files)
}

/// A CSV template as a workbook of one sheet: a `#` line in one cell, the header row in bold,
/// the creation date fixed so the same template gives the same bytes.
fn workbook(csv: &str, set: &Templates) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};
    let build = || -> std::result::Result<Vec<u8>, XlsxError> {
        let mut book = Workbook::new();
        book.set_properties(
            &DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?),
        );
        let bold = Format::new().set_bold();
        let ws = book.add_worksheet();
        if let Some(sheet) = set.sheet {
            ws.set_name(sheet)?;
        }
        for (row, line) in csv.lines().enumerate() {
            let row = row as u32;
            if line.starts_with('#') {
                ws.write_string(row, 0, line)?;
                continue;
            }
            for (col, cell) in line.split(set.separator).enumerate() {
                ws.write_string_with_format(row, col as u16, cell, &bold)?;
                ws.set_column_width(col as u16, 16)?;
            }
        }
        book.save_to_buffer()
    };
    build().map_err(|e| Error::Usage(format!("the workbook template failed: {e}")))
}

/// Writes the new scenario, in `lang`, into `dir`, which must not exist or be empty; the paths
/// written.
pub fn init(dir: &Path, lang: Lang) -> Result<Vec<PathBuf>> {
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
    let files = files(dir, lang)?;
    for (path, bytes) in &files {
        crate::report::write::write_atomic(path, bytes)?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// A file of the scenario as [`check_filled`] reads it.
enum Text {
    /// A scenario file (only its values count: its comments may name the marker).
    Toml(String),
    /// A CSV table, decoded as the scenario's reader decodes it (the marker is a comment line).
    Csv(String),
    /// A workbook's first sheet (the marker is a comment row).
    Sheet(crate::scenario::xlsx::Sheet),
}

/// The marker in `text` and what follows it (`start = "FILL IN: the day ..."` gives `FILL IN`
/// and `the day ...`); `None` without a marker.
fn marked(text: &str) -> Option<(&'static str, &str)> {
    MARKERS.iter().find_map(|m| {
        let (_, rest) = text.split_once(m)?;
        Some((
            *m,
            rest.trim_start_matches(':').trim().trim_end_matches('"'),
        ))
    })
}

/// Every line still marked [`MARKER`] or [`MARKER_SV`] in the files of the scenario at `path`
/// (its `extends` chain, unit registers and start state, CSV or workbooks), as one error naming
/// each file and line; `Ok` when none is left. It reads the files as text, before the scenario
/// is parsed, so a `FILL IN` where a number or a date belongs is listed with the others rather
/// than reported as a type error. Files that cannot be read or parsed are left to the scenario's
/// own checks.
pub fn check_filled(path: &Path) -> Result<()> {
    use crate::scenario::{csvread, xlsx};
    let mut files: Vec<(PathBuf, Text)> = Vec::new();
    let mut next = Some(path.to_path_buf());
    let mut seen = 0;
    while let Some(file) = next.take() {
        seen += 1;
        if seen > 32
            || files
                .iter()
                .any(|(p, t)| *p == file && matches!(t, Text::Toml(_)))
        {
            break;
        }
        let Ok(text) = std::fs::read_to_string(&file) else {
            break;
        };
        let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
        if let Ok(table) = toml::from_str::<toml::Table>(&text) {
            // The tables, relative to the file that names them.
            let tables: Vec<&str> = [("units", "registers"), ("start", "people")]
                .iter()
                .filter_map(|(s, k)| table.get(*s)?.get(*k))
                .flat_map(|v| match v {
                    toml::Value::String(s) => vec![s.as_str()],
                    toml::Value::Array(a) => a.iter().filter_map(toml::Value::as_str).collect(),
                    _ => Vec::new(),
                })
                .collect();
            for p in tables {
                let path = dir.join(p);
                let read = if xlsx::is_workbook(&path) {
                    xlsx::read(&path).ok().map(Text::Sheet)
                } else {
                    std::fs::read(&path)
                        .ok()
                        .and_then(|bytes| csvread::decode(&path, &bytes).ok())
                        .map(Text::Csv)
                };
                if let Some(read) = read {
                    files.push((path, read));
                }
            }
            next = table
                .get("extends")
                .and_then(toml::Value::as_str)
                .map(|e| dir.join(e));
        }
        files.push((file, Text::Toml(text)));
    }
    let the_table = || crate::msg!("the table", "tabellen");
    // (where, what to put, the marker)
    let mut left: Vec<(Location, String, &str)> = Vec::new();
    for (path, text) in &files {
        let (text, toml) = match text {
            Text::Toml(text) => (text, true),
            Text::Csv(text) => (text, false),
            Text::Sheet(sheet) => {
                for (row, cells) in &sheet.rows {
                    let Some((marker, what)) = cells.iter().find_map(|c| marked(c)) else {
                        continue;
                    };
                    left.push((
                        Location::file(path),
                        crate::msg!(
                            "sheet `{}`, row {}: {}: {}",
                            "blad `{}`, rad {}: {}: {}",
                            sheet.name,
                            row,
                            the_table(),
                            what
                        ),
                        marker,
                    ));
                }
                continue;
            }
        };
        // The table a scenario file's line is in, so a key is named by its path (`horizon.end`).
        let mut section = String::new();
        for (i, line) in text.lines().enumerate() {
            let trimmed = line.trim_start();
            if toml && trimmed.starts_with('#') {
                continue;
            }
            if toml && trimmed.starts_with('[') {
                let end = trimmed.find(']').unwrap_or(trimmed.len());
                section = trimmed[..end].trim_matches(['[', ' ']).to_owned();
            }
            let Some((marker, what)) = marked(line) else {
                continue;
            };
            let key = line
                .split_once('=')
                .map(|(k, _)| k.trim())
                .filter(|k| toml && !k.starts_with('#'))
                .map_or_else(the_table, |k| match section.as_str() {
                    "" => k.to_owned(),
                    s => format!("{s}.{k}"),
                });
            left.push((
                Location::at_line(path, text, i + 1),
                format!("{key}: {what}"),
                marker,
            ));
        }
    }
    let Some((first, _, _)) = left.first().cloned() else {
        return Ok(());
    };
    let list = left
        .iter()
        .map(|(loc, what, _)| format!("\n  {loc}: {what}"))
        .collect::<String>();
    let marker = MARKERS
        .iter()
        .filter(|m| left.iter().any(|(_, _, l)| l == *m))
        .copied()
        .collect::<Vec<_>>()
        .join(&crate::msg!(" or ", " eller "));
    Err(Error::input(
        first,
        if left.len() == 1 {
            crate::msg!(
                "the scenario is not filled in yet: 1 value is still marked {} (README.md of `lss-sim init` says what each is):{}",
                "scenariot är inte ifyllt än: 1 värde är fortfarande märkt {} (README.md från `lss-sim init` säger vad som ska stå):{}",
                marker,
                list
            )
        } else {
            crate::msg!(
                "the scenario is not filled in yet: {} values are still marked {} (README.md of `lss-sim init` says what each is):{}",
                "scenariot är inte ifyllt än: {} värden är fortfarande märkta {} (README.md från `lss-sim init` säger vad som ska stå):{}",
                left.len(),
                marker,
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

    #[test]
    fn both_markers_are_found_with_what_to_put() {
        assert_eq!(
            marked("end = \"FYLL I: sista dagen\""),
            Some((MARKER_SV, "sista dagen"))
        );
        assert_eq!(marked("# FILL IN: one row"), Some((MARKER, "one row")));
        assert_eq!(marked("end = 2029-12-31"), None);
    }

    /// The Swedish templates have the English ones' files, and their tables' headers are
    /// columns the readers know (by a Swedish name).
    #[test]
    fn the_swedish_tables_have_swedish_headers_the_readers_accept() {
        use crate::scenario::csvread::ALIASES;
        let names = |t: &Templates| t.files.map(|(f, _)| f);
        assert_eq!(names(&ENGLISH), names(&SWEDISH));
        for (file, text) in SWEDISH.files.iter().filter(|(f, _)| f.ends_with(".csv")) {
            let header = text.lines().find(|l| !l.starts_with('#')).unwrap();
            for h in header.split(SWEDISH.separator) {
                assert!(
                    h == "status" || ALIASES.iter().any(|(a, _)| *a == h),
                    "{file}: `{h}` is no Swedish column name"
                );
            }
        }
    }
}
