//! Reading the CSV tables a planner keeps in a spreadsheet: the unit register and the start
//! state. Both accept what spreadsheets write: a UTF-8 byte-order mark, Windows line endings,
//! comma or semicolon separators (semicolon files may use a decimal comma). Every error names the
//! file, the line and the column.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Error, Location, Result, Warning};

/// One data row of a CSV table, with its line number for messages.
pub struct Row<'a> {
    table: &'a Table,
    /// 1-based line number in the file.
    pub line: usize,
    fields: Vec<String>,
    replaced: Vec<Replaced>,
}

/// A cell replaced by a value from outside the file (a scenario variation, see
/// [`Row::replace`]).
struct Replaced {
    column: String,
    value: String,
    setting: String,
}

/// A CSV table read whole, with its header.
pub struct Table {
    /// The file, for messages.
    pub path: std::path::PathBuf,
    text: String,
    columns: HashMap<String, usize>,
    semicolon: bool,
    rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    /// Reads `path`; `required` columns must be in the header, `optional` may be; others are refused.
    pub fn read(path: &Path, required: &[&str], optional: &[&str]) -> Result<Table> {
        let bytes = std::fs::read(path).map_err(|source| Error::Read {
            path: path.to_owned(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let offset = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            Error::input(
                Location::at_offset(path, &text, offset),
                "the file is not UTF-8 text (save it as CSV UTF-8)",
            )
        })?;
        let text = text
            .strip_prefix('\u{feff}')
            .map(str::to_owned)
            .unwrap_or(text);
        // Comment lines (`#`) and blank lines are dropped before parsing; `lines` maps the
        // parser's line numbers back to the file's.
        let mut kept = String::with_capacity(text.len());
        let mut lines = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            kept.push_str(line);
            kept.push('\n');
            lines.push(i + 1);
        }
        let header_line = kept.lines().next().unwrap_or("");
        let semicolon = header_line.contains(';') && !header_line.contains(',');
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(if semicolon { b';' } else { b',' })
            .trim(csv::Trim::All)
            .flexible(false)
            .from_reader(kept.as_bytes());
        let physical = |l: u64| {
            lines
                .get((l as usize).saturating_sub(1))
                .copied()
                .unwrap_or(l as usize)
        };
        let header_at = lines.first().copied().unwrap_or(1);
        let headers = reader
            .headers()
            .map_err(|e| csv_error(path, &text, &e, &physical))?
            .clone();
        let mut columns = HashMap::new();
        for (i, h) in headers.iter().enumerate() {
            let name = h.to_owned();
            if !required.contains(&name.as_str()) && !optional.contains(&name.as_str()) {
                let mut all: Vec<&str> = required.iter().chain(optional).copied().collect();
                all.sort_unstable();
                return Err(Error::input(
                    Location::at_line(path, &text, header_at),
                    format!(
                        "unknown column `{name}`; the columns are: {}",
                        all.join(", ")
                    ),
                ));
            }
            if columns.insert(name.clone(), i).is_some() {
                return Err(Error::input(
                    Location::at_line(path, &text, header_at),
                    format!("column `{name}` appears twice"),
                ));
            }
        }
        if let Some(missing) = required.iter().find(|c| !columns.contains_key(**c)) {
            return Err(Error::input(
                Location::at_line(path, &text, header_at),
                format!("missing column `{missing}`"),
            ));
        }
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| csv_error(path, &text, &e, &physical))?;
            let line = record.position().map_or(0, |p| physical(p.line()));
            rows.push((line, record.iter().map(str::to_owned).collect()));
        }
        Ok(Table {
            path: path.to_owned(),
            text,
            columns,
            semicolon,
            rows,
        })
    }

    /// A table that is in no file, with `columns` and `rows` empty rows, named `label` in
    /// messages: its rows' cells are all set with [`Row::replace`] (new units of a variation).
    pub fn outside_files(label: &str, columns: &[&str], rows: usize) -> Table {
        Table {
            path: label.into(),
            text: String::new(),
            columns: columns
                .iter()
                .enumerate()
                .map(|(i, c)| ((*c).to_owned(), i))
                .collect(),
            semicolon: false,
            rows: (1..=rows)
                .map(|i| (i, vec![String::new(); columns.len()]))
                .collect(),
        }
    }

    /// The data rows.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows.iter().map(move |(line, fields)| Row {
            table: self,
            line: *line,
            fields: fields.clone(),
            replaced: Vec::new(),
        })
    }

    /// Location of a 1-based line, for messages about a whole row.
    pub fn location(&self, line: usize) -> Location {
        Location::at_line(&self.path, &self.text, line)
    }
}

fn csv_error(path: &Path, text: &str, e: &csv::Error, physical: &dyn Fn(u64) -> usize) -> Error {
    let line = e.position().map_or(1, |p| physical(p.line()));
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("this row has {len} fields but the header has {expected_len}")
        }
        _ => e.to_string(),
    };
    Error::input(Location::at_line(path, text, line), message)
}

impl Row<'_> {
    fn err(&self, column: &str, message: String) -> Error {
        if let Some(r) = self.replaced.iter().find(|r| r.column == column) {
            // The value is not the file's: name the setting that gave it, not the cell.
            return Error::Varied {
                setting: r.setting.clone(),
                message: format!("column `{column}`: {message}"),
            };
        }
        let (location, message) = self.at(column, message);
        Error::input(location, message)
    }

    /// Where `column` of this row is, and `message` prefixed with the column.
    fn at(&self, column: &str, message: String) -> (Location, String) {
        let mut loc = self.table.location(self.line);
        if let Some(&i) = self.table.columns.get(column) {
            // Column numbers count fields, as a spreadsheet shows them.
            loc.column = None;
            return (loc, format!("column {} `{column}`: {message}", i + 1));
        }
        (loc, format!("`{column}`: {message}"))
    }

    /// The file the row is in (for rows in no file, the label of their table).
    pub fn file(&self) -> &Path {
        &self.table.path
    }

    /// A warning about this row's `column`, located as [`Row::error`] locates an error.
    pub fn warning(&self, column: &str, message: impl Into<String>) -> Warning {
        if let Some(r) = self.replaced.iter().find(|r| r.column == column) {
            return Warning {
                location: Location::file(format!("--vary {}", r.setting)),
                message: format!("column `{column}`: {}", message.into()),
            };
        }
        let (location, message) = self.at(column, message.into());
        Warning { location, message }
    }

    /// Reads `value` instead of the cell of `column` (which the file need not have), given by
    /// `setting` (`unit.U1.places=6`), which errors about the value then name.
    pub fn replace(&mut self, column: &str, value: &str, setting: &str) {
        self.replaced.retain(|r| r.column != column);
        self.replaced.push(Replaced {
            column: column.to_owned(),
            value: value.to_owned(),
            setting: setting.to_owned(),
        });
    }

    /// The raw text of `column` (empty if the column is absent).
    pub fn str(&self, column: &str) -> &str {
        if let Some(r) = self.replaced.iter().find(|r| r.column == column) {
            return &r.value;
        }
        self.table
            .columns
            .get(column)
            .and_then(|&i| self.fields.get(i))
            .map_or("", String::as_str)
    }

    /// A required non-empty text.
    pub fn text(&self, column: &str) -> Result<String> {
        let s = self.str(column);
        if s.is_empty() {
            return Err(self.err(column, "is empty".into()));
        }
        Ok(s.to_owned())
    }

    /// An error about this row's `column`.
    pub fn error(&self, column: &str, message: impl Into<String>) -> Error {
        self.err(column, message.into())
    }

    /// An optional non-negative whole number.
    pub fn count(&self, column: &str) -> Result<Option<u32>> {
        let s = self.str(column);
        if s.is_empty() {
            return Ok(None);
        }
        s.parse::<u32>().map(Some).map_err(|_| {
            if s.bytes().all(|b| b.is_ascii_digit()) {
                self.err(column, format!("`{s}` is too large (at most {})", u32::MAX))
            } else {
                self.err(column, format!("`{s}` is not a whole number of 0 or more"))
            }
        })
    }

    /// An optional finite number; a decimal comma is accepted in semicolon files.
    pub fn number(&self, column: &str) -> Result<Option<f64>> {
        let s = self.str(column);
        if s.is_empty() {
            return Ok(None);
        }
        let cleaned: String = s
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
            .collect();
        let cleaned = if self.table.semicolon {
            cleaned.replace(',', ".")
        } else {
            cleaned
        };
        match cleaned.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Some(v)),
            _ => Err(self.err(column, format!("`{s}` is not a number"))),
        }
    }

    /// An optional date `YYYY-MM-DD`.
    pub fn date(&self, column: &str) -> Result<Option<chrono::NaiveDate>> {
        let s = self.str(column);
        if s.is_empty() {
            return Ok(None);
        }
        s.parse().map(Some).map_err(|_| {
            self.err(
                column,
                format!("`{s}` is not a date of the form YYYY-MM-DD"),
            )
        })
    }

    /// An optional yes/no value (`true`/`false`, `yes`/`no`, `ja`/`nej`, `1`/`0`).
    pub fn flag(&self, column: &str) -> Result<Option<bool>> {
        let s = self.str(column);
        match s.to_lowercase().as_str() {
            "" => Ok(None),
            "true" | "yes" | "ja" | "1" => Ok(Some(true)),
            "false" | "no" | "nej" | "0" => Ok(Some(false)),
            _ => Err(self.err(column, format!("`{s}` is not true or false"))),
        }
    }
}
