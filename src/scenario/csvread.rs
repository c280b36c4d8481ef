//! Reading the tables a planner keeps in a spreadsheet: the unit register and the start state,
//! as CSV or as an Excel workbook (`.xlsx`, its first sheet: [`super::xlsx`]). CSV is read as
//! spreadsheets write it: UTF-8 with or without a byte-order mark, UTF-16 with one (Excel's
//! "Unicode text"), else Windows-1252 (Swedish Excel's "CSV (semikolonavgränsad)"); comma,
//! semicolon or tab separators (with `;` or tab a decimal comma is read); Windows line endings;
//! rows of nothing but separators and empty columns after the last named one ignored. Headers may
//! be the Swedish names of [`ALIASES`]. Every error names the file and the line and column (a
//! workbook: the sheet and the cell, `F7`).

use std::collections::HashMap;
use std::path::Path;

use super::xlsx;
use crate::error::{Error, Location, Result, Warning};

/// Other names accepted for the columns of the unit register and the start state, `(name,
/// column)`: the Swedish headers a planner's own sheet has. A header is matched ignoring case,
/// spaces as `_`; a name counts only in a table that has its column (`målgrupp` is the start
/// state's `profile`, `målgrupper` the register's `profiles`). docs/scenario.md lists them.
pub const ALIASES: &[(&str, &str)] = &[
    // Unit register
    ("boende_id", "id"),
    ("namn", "name"),
    ("stadsdel", "district"),
    ("område", "district"),
    ("typ", "kind"),
    ("boendeform", "kind"),
    ("målgrupper", "profiles"),
    ("målgrupp", "profiles"),
    ("platser", "places"),
    ("antal_platser", "places"),
    ("belagda", "occupied"),
    ("belagda_platser", "occupied"),
    ("öppnar", "opens"),
    ("öppningsdatum", "opens"),
    ("stänger", "closes"),
    ("stängningsdatum", "closes"),
    ("kostnad_per_plats_och_år_tkr", "cost_per_place_year_tkr"),
    ("kostnad_tkr_per_plats_och_år", "cost_per_place_year_tkr"),
    ("externa_först", "external_first"),
    ("hemtagning", "external_first"),
    ("förseningsrisk", "delay_probability"),
    ("tidsbegränsad", "time_limited"),
    // Start state
    ("person_id", "id"),
    ("målgrupp", "profile"),
    ("beslutsdatum", "decision_date"),
    ("tackat_nej", "declines"),
    ("avböjda_erbjudanden", "declines"),
    ("erbjuden_tidigare", "offered_before"),
    ("önskad_stadsdel", "preferred_district"),
    ("önskat_område", "preferred_district"),
];

/// One data row of a table, with its line number (a workbook: its row number) for messages.
pub struct Row<'a> {
    table: &'a Table,
    /// 1-based line number in the file (in a workbook, the sheet's row number).
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

/// A table read whole, with its header.
pub struct Table {
    /// The file, for messages.
    pub path: std::path::PathBuf,
    /// The decoded text of a CSV file, for the snippets under messages (empty for a workbook).
    text: String,
    /// The column names (the canonical ones, not the aliases), each with its field index.
    columns: HashMap<String, usize>,
    /// The headers as the file writes them, by field index.
    headers: Vec<String>,
    /// Whether a decimal comma is read (a `;` or tab separated file, a workbook's text cells).
    decimal_comma: bool,
    /// A workbook's sheet name and the 0-based index of its first used column.
    sheet: Option<(String, u32)>,
    rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    /// Reads `path` (CSV, or a workbook when its name ends in `.xlsx` or `.xlsm`); `required`
    /// columns must be in the header, `optional` may be; others are refused.
    pub fn read(path: &Path, required: &[&str], optional: &[&str]) -> Result<Table> {
        if xlsx::is_workbook(path) {
            return Table::read_workbook(path, required, optional);
        }
        let bytes = std::fs::read(path).map_err(|source| Error::Read {
            path: path.to_owned(),
            source,
        })?;
        let text = decode(path, &bytes)?;
        // Comment lines (`#`), blank lines and lines of nothing but separators are dropped
        // before parsing; `lines` maps the parser's line numbers back to the file's.
        let header_line = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .unwrap_or("");
        let separator = separator(header_line);
        let mut kept = String::with_capacity(text.len());
        let mut lines = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let trimmed = line.trim();
            if trimmed.is_empty()
                || trimmed.starts_with('#')
                || trimmed
                    .bytes()
                    .all(|b| b == separator || b.is_ascii_whitespace())
            {
                continue;
            }
            kept.push_str(line);
            kept.push('\n');
            lines.push(i + 1);
        }
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(separator)
            .trim(csv::Trim::All)
            .has_headers(false)
            .flexible(true)
            .from_reader(kept.as_bytes());
        let physical = |l: u64| {
            lines
                .get((l as usize).saturating_sub(1))
                .copied()
                .unwrap_or(l as usize)
        };
        let mut table = Table {
            path: path.to_owned(),
            text: String::new(),
            columns: HashMap::new(),
            headers: Vec::new(),
            decimal_comma: separator != b',',
            sheet: None,
            rows: Vec::new(),
        };
        let mut records = reader.records();
        let header: Vec<String> = match records.next() {
            Some(h) => h
                .map_err(|e| csv_error(path, &text, &e, &physical))?
                .iter()
                .map(str::to_owned)
                .collect(),
            None => vec![String::new()],
        };
        table.text = text;
        let header_at = lines.first().copied().unwrap_or(1);
        table.set_header(header_at, header, required, optional)?;
        for record in records {
            let record = record.map_err(|e| csv_error(path, &table.text, &e, &physical))?;
            let line = record.position().map_or(0, |p| physical(p.line()));
            table.push_row(line, record.iter().map(str::to_owned).collect())?;
        }
        Ok(table)
    }

    /// [`Table::read`] for a workbook: its first sheet, rows whose first cell begins with `#`
    /// being comments.
    fn read_workbook(path: &Path, required: &[&str], optional: &[&str]) -> Result<Table> {
        let sheet = xlsx::read(path)?;
        let mut table = Table {
            path: path.to_owned(),
            text: String::new(),
            columns: HashMap::new(),
            headers: Vec::new(),
            // Numbers typed as text in a Swedish sheet have decimal commas; number cells are
            // read as numbers (their text has a decimal point).
            decimal_comma: true,
            sheet: Some((sheet.name, sheet.first_column)),
            rows: Vec::new(),
        };
        let mut rows = sheet.rows.into_iter().filter(|(_, cells)| {
            !cells
                .iter()
                .find(|c| !c.is_empty())
                .is_some_and(|c| c.starts_with('#'))
        });
        let (header_at, header) = rows.next().unwrap_or((1, vec![String::new()]));
        table.set_header(header_at, header, required, optional)?;
        for (line, cells) in rows {
            table.push_row(line, cells)?;
        }
        Ok(table)
    }

    /// Takes the header row (at `line`): empty names after the last named column are dropped,
    /// each other name is a column of `required` or `optional` or one of its [`ALIASES`].
    fn set_header(
        &mut self,
        line: usize,
        mut header: Vec<String>,
        required: &[&str],
        optional: &[&str],
    ) -> Result<()> {
        while header.last().is_some_and(|h| h.trim().is_empty()) {
            header.pop();
        }
        let allowed = |c: &str| required.contains(&c) || optional.contains(&c);
        for (i, h) in header.iter().enumerate() {
            let key = h.trim().to_lowercase().replace(' ', "_");
            let column = if allowed(&key) {
                Some(key.clone())
            } else {
                ALIASES
                    .iter()
                    .find(|(alias, column)| *alias == key && allowed(column))
                    .map(|(_, column)| (*column).to_owned())
            };
            let Some(column) = column else {
                let mut all: Vec<&str> = required.iter().chain(optional).copied().collect();
                if crate::lang::messages() == crate::lang::Lang::Sv {
                    // The Swedish names a planner types: the first alias of each column (`id` is
                    // a person in the start state, which has `profile`, else a unit).
                    let person = all.contains(&"profile");
                    for c in &mut all {
                        *c = match *c {
                            "id" if person => "person_id",
                            c => ALIASES
                                .iter()
                                .find(|(_, column)| *column == c)
                                .map_or(c, |(alias, _)| alias),
                        };
                    }
                }
                all.sort_unstable();
                let message = if h.trim().is_empty() {
                    crate::msg!(
                        "column {} has no name in the header, but columns after it have",
                        "kolumn {} saknar namn i rubrikraden, men kolumner efter den har namn",
                        i + 1
                    )
                } else {
                    crate::msg!(
                        "unknown column `{h}`; the columns are: {} (or their Swedish names, docs/scenario.md)",
                        "okänd kolumn `{h}`; kolumnerna är: `{}` (eller deras engelska namn, docs/scenario.md)",
                        all.join(match crate::lang::messages() {
                            crate::lang::Lang::En => ", ",
                            crate::lang::Lang::Sv => "`, `",
                        })
                    )
                };
                return Err(self.row_error(line, message));
            };
            if let Some(first) = self.columns.insert(column.clone(), i) {
                let message = if self.headers[first] == *h {
                    crate::msg!(
                        "column `{h}` appears twice",
                        "kolumnen `{h}` finns två gånger"
                    )
                } else {
                    crate::msg!(
                        "column `{column}` appears twice (as `{}` and `{h}`)",
                        "kolumnen `{column}` finns två gånger (som `{}` och `{h}`)",
                        self.headers[first]
                    )
                };
                return Err(self.row_error(line, message));
            }
            self.headers.push(h.clone());
        }
        if let Some(missing) = required.iter().find(|c| !self.columns.contains_key(**c)) {
            let swedish = ALIASES
                .iter()
                .find(|(_, c)| c == missing)
                .map(|(a, _)| crate::msg!(" (in Swedish `{a}`)", " (på svenska `{a}`)"))
                .unwrap_or_default();
            return Err(self.row_error(
                line,
                crate::msg!(
                    "missing column `{missing}`{swedish}",
                    "kolumnen `{missing}`{swedish} saknas"
                ),
            ));
        }
        Ok(())
    }

    /// Adds a data row: fields past the named columns must be empty (a spreadsheet's unused
    /// columns); a row with fewer fields than the header is refused.
    fn push_row(&mut self, line: usize, mut fields: Vec<String>) -> Result<()> {
        let n = self.headers.len();
        let used = fields
            .iter()
            .rposition(|f| !f.trim().is_empty())
            .map_or(0, |i| i + 1);
        if used > n {
            let message = match &self.sheet {
                Some((_, first)) => {
                    let at = n + fields[n..]
                        .iter()
                        .position(|f| !f.trim().is_empty())
                        .unwrap_or(0);
                    crate::msg!(
                        "cell {}{line} holds `{}` in a column without a name in the header",
                        "cell {}{line} innehåller `{}` i en kolumn utan namn i rubrikraden",
                        xlsx::column_name(first + at as u32),
                        fields[at]
                    )
                }
                None => crate::msg!(
                    "this row has {used} fields but the header has {n}",
                    "raden har {used} fält men rubrikraden har {n}"
                ),
            };
            return Err(self.row_error(line, message));
        }
        if fields.len() < n {
            return Err(self.row_error(
                line,
                crate::msg!(
                    "this row has {} fields but the header has {n}",
                    "raden har {} fält men rubrikraden har {n}",
                    fields.len()
                ),
            ));
        }
        fields.truncate(n);
        self.rows.push((line, fields));
        Ok(())
    }

    /// An error about the whole row at `line`.
    fn row_error(&self, line: usize, message: String) -> Error {
        match &self.sheet {
            Some((sheet, _)) => Error::input(
                Location::file(&self.path),
                crate::msg!(
                    "sheet `{sheet}`, row {line}: {message}",
                    "blad `{sheet}`, rad {line}: {message}"
                ),
            ),
            None => Error::input(self.location(line), message),
        }
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
            headers: columns.iter().map(|c| (*c).to_owned()).collect(),
            decimal_comma: false,
            sheet: None,
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

/// The separator of a CSV file, from its header line: the commonest of comma, semicolon and
/// tab (a tie goes to the comma, then the semicolon).
fn separator(header: &str) -> u8 {
    let count = |c: char| header.matches(c).count();
    let (comma, semicolon, tab) = (count(','), count(';'), count('\t'));
    if tab > comma && tab > semicolon {
        b'\t'
    } else if semicolon > comma {
        b';'
    } else {
        b','
    }
}

/// The text of a CSV file, its encoding detected: a byte-order mark says UTF-8 or UTF-16 (LE or
/// BE); without one, UTF-8 when the bytes are UTF-8, else Windows-1252, which any byte sequence
/// is. Refused: a workbook under a CSV name, bytes that are not text (NUL), and a file mixing
/// UTF-8 and Windows-1252 (a UTF-8 file edited by a Latin-1 tool), whose letters no reading
/// gets right.
pub(crate) fn decode(path: &Path, bytes: &[u8]) -> Result<String> {
    let at = |text: &str, offset: usize, message: String| {
        Error::input(Location::at_offset(path, text, offset), message)
    };
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(Error::input(
            Location::file(path),
            crate::msg!(
                "the file is an Excel workbook, not CSV text: name it .xlsx (it is read directly), or save it from Excel as CSV",
                "filen är en Excel-arbetsbok, inte CSV-text: ge den namnet .xlsx (den läses direkt), eller spara den från Excel som CSV"
            ),
        ));
    }
    let utf16 = if bytes.starts_with(&[0xFF, 0xFE]) {
        Some(encoding_rs::UTF_16LE)
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    };
    let text = if let Some(encoding) = utf16 {
        match encoding.decode_without_bom_handling_and_without_replacement(&bytes[2..]) {
            Some(text) => text.into_owned(),
            None => {
                let (text, _) = encoding.decode_without_bom_handling(&bytes[2..]);
                let offset = text.find('\u{fffd}').unwrap_or(0);
                return Err(at(
                    &text,
                    offset,
                    crate::msg!(
                        "the file begins as UTF-16 text but is not (save it as CSV UTF-8)",
                        "filen börjar som UTF-16-text men är det inte (spara den som CSV UTF-8)"
                    ),
                ));
            }
        }
    } else {
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match std::str::from_utf8(body) {
            Ok(text) => text.to_owned(),
            Err(e) => {
                let lossy = String::from_utf8_lossy(body);
                let utf8_letters = body.utf8_chunks().any(|chunk| !chunk.valid().is_ascii());
                if utf8_letters || body.len() < bytes.len() {
                    return Err(at(
                        &lossy,
                        e.valid_up_to(),
                        crate::msg!(
                            "the file mixes UTF-8 and Windows-1252 letters, so no reading gets them all right: save it again from the spreadsheet (as CSV UTF-8)",
                            "filen blandar bokstäver i UTF-8 och Windows-1252, så ingen läsning får alla rätt: spara den igen från kalkylprogrammet (som CSV UTF-8)"
                        ),
                    ));
                }
                let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(body);
                text.into_owned()
            }
        }
    };
    if let Some(offset) = text.find('\0') {
        return Err(at(
            &text,
            offset,
            crate::msg!(
                "the file holds NUL characters: it is not a text table (UTF-16 without its byte-order mark?); save it as CSV UTF-8",
                "filen innehåller NUL-tecken: den är ingen texttabell (UTF-16 utan sin byte-ordningsmarkering?); spara den som CSV UTF-8"
            ),
        ));
    }
    Ok(text)
}

fn csv_error(path: &Path, text: &str, e: &csv::Error, physical: &dyn Fn(u64) -> usize) -> Error {
    let line = e.position().map_or(1, |p| physical(p.line()));
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            crate::msg!(
                "this row has {len} fields but the header has {expected_len}",
                "raden har {len} fält men rubrikraden har {expected_len}"
            )
        }
        _ => e.to_string(),
    };
    Error::input(Location::at_line(path, text, line), message)
}

/// Excel's serial day numbers accepted as dates: 1950-01-01 to 2199-12-31. A number outside is
/// far likelier a typo (`2019`) than a date (1905-07-11).
const SERIAL_DAYS: std::ops::RangeInclusive<i64> = 18_264..=109_573;

/// A date cell's text: `YYYY-MM-DD` (with a midnight time, as a spreadsheet may add), or an
/// Excel serial day number within [`SERIAL_DAYS`].
fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    let day = ["", " 00:00", " 00:00:00", "T00:00:00"]
        .iter()
        .find_map(|suffix| s.strip_suffix(suffix).filter(|d| d.len() == 10))
        .unwrap_or(s);
    if let Ok(d) = day.parse() {
        return Some(d);
    }
    let serial: i64 = s.parse().ok().filter(|n| SERIAL_DAYS.contains(n))?;
    // Day 0 is 1899-12-30 in Excel's 1900 system (which counts a 29 February 1900 that was not).
    chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?
        .checked_add_days(chrono::Days::new(serial as u64))
}

impl Row<'_> {
    fn err(&self, column: &str, message: String) -> Error {
        if let Some(r) = self.replaced.iter().find(|r| r.column == column) {
            // The value is not the file's: name the setting that gave it, not the cell.
            return Error::Varied {
                setting: r.setting.clone(),
                message: crate::msg!(
                    "column `{column}`: {message}",
                    "kolumnen `{column}`: {message}"
                ),
            };
        }
        let (location, message) = self.at(column, message);
        Error::input(location, message)
    }

    /// Where `column` of this row is, and `message` prefixed with the column (as the file
    /// names it: `column 6 `platser``, in a workbook `sheet `Blad1`, cell F7 `platser``).
    fn at(&self, column: &str, message: String) -> (Location, String) {
        let index = self.table.columns.get(column).copied();
        let header = index.map_or(column, |i| self.table.headers[i].as_str());
        if let Some((sheet, first)) = &self.table.sheet {
            let loc = Location::file(&self.table.path);
            return match index {
                Some(i) => (
                    loc,
                    crate::msg!(
                        "sheet `{sheet}`, cell {}{} `{header}`: {message}",
                        "blad `{sheet}`, cell {}{} `{header}`: {message}",
                        xlsx::column_name(first + i as u32),
                        self.line
                    ),
                ),
                None => (
                    loc,
                    crate::msg!(
                        "sheet `{sheet}`, row {}, `{column}`: {message}",
                        "blad `{sheet}`, rad {}, `{column}`: {message}",
                        self.line
                    ),
                ),
            };
        }
        let mut loc = self.table.location(self.line);
        if let Some(i) = index {
            // Column numbers count fields, as a spreadsheet shows them.
            loc.column = None;
            return (
                loc,
                crate::msg!(
                    "column {} `{header}`: {message}",
                    "kolumn {} `{header}`: {message}",
                    i + 1
                ),
            );
        }
        (loc, format!("`{column}`: {message}"))
    }

    /// Where the row is, for a message about another row: `units.csv:3`, or for a workbook
    /// `units.xlsx, sheet `Blad1`, row 3`.
    pub fn place(&self) -> String {
        match &self.table.sheet {
            Some((sheet, _)) => crate::msg!(
                "{}, sheet `{sheet}`, row {}",
                "{}, blad `{sheet}`, rad {}",
                self.table.path.display(),
                self.line
            ),
            None => format!("{}:{}", self.table.path.display(), self.line),
        }
    }

    /// The row's line in its file, `line 3` (in a workbook `row 3`).
    pub fn line_name(&self) -> String {
        match self.table.sheet {
            Some(_) => crate::msg!("row {}", "rad {}", self.line),
            None => crate::msg!("line {}", "rad {}", self.line),
        }
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
                message: crate::msg!(
                    "column `{column}`: {}",
                    "kolumnen `{column}`: {}",
                    message.into()
                ),
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
            return Err(self.err(column, crate::msg!("is empty", "är tom").into()));
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
                self.err(
                    column,
                    crate::msg!(
                        "`{s}` is too large (at most {})",
                        "`{s}` är för stort (högst {})",
                        u32::MAX
                    ),
                )
            } else {
                self.err(
                    column,
                    crate::msg!(
                        "`{s}` is not a whole number of 0 or more",
                        "`{s}` är inget heltal på 0 eller mer"
                    ),
                )
            }
        })
    }

    /// An optional finite number; a decimal comma is accepted in `;` and tab separated files
    /// and in a workbook's text cells.
    pub fn number(&self, column: &str) -> Result<Option<f64>> {
        let s = self.str(column);
        if s.is_empty() {
            return Ok(None);
        }
        let cleaned: String = s
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
            .collect();
        let cleaned = if self.table.decimal_comma {
            cleaned.replace(',', ".")
        } else {
            cleaned
        };
        match cleaned.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Some(v)),
            _ => Err(self.err(
                column,
                crate::msg!("`{s}` is not a number", "`{s}` är inget tal"),
            )),
        }
    }

    /// An optional date `YYYY-MM-DD` (a workbook's date cell is one), or an Excel serial day
    /// number from 1950 to 2199 (a date cell formatted as a number).
    pub fn date(&self, column: &str) -> Result<Option<chrono::NaiveDate>> {
        let s = self.str(column);
        if s.is_empty() {
            return Ok(None);
        }
        parse_date(s).map(Some).ok_or_else(|| {
            self.err(
                column,
                crate::msg!(
                    "`{s}` is not a date of the form YYYY-MM-DD",
                    "`{s}` är inget datum på formen ÅÅÅÅ-MM-DD"
                ),
            )
        })
    }

    /// An optional yes/no value (`true`/`false`, `yes`/`no`, `ja`/`nej`, `sant`/`falskt` as
    /// Swedish Excel writes its TRUE and FALSE, `1`/`0`), in any case.
    pub fn flag(&self, column: &str) -> Result<Option<bool>> {
        let s = self.str(column);
        match s.to_lowercase().as_str() {
            "" => Ok(None),
            "true" | "yes" | "ja" | "sant" | "1" => Ok(Some(true)),
            "false" | "no" | "nej" | "falskt" | "0" => Ok(Some(false)),
            _ => Err(self.err(
                column,
                crate::msg!(
                    "`{s}` is not true or false",
                    "`{s}` är varken sant eller falskt"
                ),
            )),
        }
    }
}
