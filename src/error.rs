//! Typed errors of the library.
//!
//! Every error that comes from a user's file carries a [`Location`]: the file, and the line and
//! column where there is one, so the message can point at the exact spot. The binary prints the
//! error with its location and a snippet of the offending line and exits non-zero; the library
//! never prints.

use std::fmt;
use std::path::PathBuf;

/// Where in a user's file something is wrong. Lines and columns are 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, as the user named it (or as reached through `extends`).
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// The text of the offending line, for a snippet under the message.
    pub snippet: Option<String>,
}

impl Location {
    /// A location that names only the file.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Location {
            file: file.into(),
            line: None,
            column: None,
            snippet: None,
        }
    }

    /// A location at a byte offset of `text`, the contents of `file`.
    pub fn at_offset(file: impl Into<PathBuf>, text: &str, offset: usize) -> Self {
        let offset = offset.min(text.len());
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..offset].chars().count() + 1;
        let snippet = text[line_start..].lines().next().map(str::to_owned);
        Location {
            file: file.into(),
            line: Some(line),
            column: Some(column),
            snippet,
        }
    }

    /// A location at a 1-based line of `text` (for CSV rows), without a column.
    pub fn at_line(file: impl Into<PathBuf>, text: &str, line: usize) -> Self {
        let snippet = text.lines().nth(line.saturating_sub(1)).map(str::to_owned);
        Location {
            file: file.into(),
            line: Some(line),
            column: None,
            snippet,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// All errors of lss-sim. Their text is in the language of the messages
/// ([`crate::lang::messages`]: `--lang`, or the locale).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read.
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A file could not be written.
    Write {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A scenario or unit-register file says something wrong: bad syntax, an unknown field, a
    /// wrong type or a value out of range.
    Input {
        /// Where.
        location: Location,
        /// What is wrong, in the user's terms.
        message: String,
    },
    /// `extends` chains that come back to a file already in the chain.
    ExtendsLoop {
        /// The files in the loop, in the order they were reached; the last repeats an earlier one.
        chain: Vec<PathBuf>,
    },
    /// The output folder holds results that this run would overwrite without `--force`.
    OutputConflict {
        /// The folder.
        path: PathBuf,
        /// What is there.
        message: String,
    },
    /// A chart could not be drawn or encoded.
    Chart {
        /// The chart's file name, without the extension.
        chart: String,
        /// What went wrong.
        message: String,
    },
    /// A command-line value that is not valid for the scenario.
    Usage(String),
    /// A value set by a [`Variation`](crate::scenario::Variation) (`--vary KEY=VALUE`) that the
    /// scenario's rules refuse: the message names the setting, not the line of the file whose
    /// value it replaced.
    Varied {
        /// `KEY=VALUE` as given.
        setting: String,
        /// What is wrong, in the user's terms.
        message: String,
    },
    /// Standard output could not be written: a closed pipe (`lss-sim run ... | head`) or a full
    /// disk (`> /dev/full`). Comes after the result files are written. The binary ends quietly
    /// with success on a closed pipe ([`Error::is_broken_pipe`]), as ripgrep does.
    Stdout(std::io::Error),
    /// The run was stopped (Ctrl-C or SIGTERM) before all replications finished; nothing was
    /// written. Not a fault of the input: the binary exits with 130, as a shell expects.
    Interrupted {
        /// The scenario's name.
        scenario: String,
        /// Replications finished when the run stopped.
        done: u64,
        /// Replications asked for.
        total: u64,
    },
}

/// An operating-system error in the language of the messages: the system's own text in English,
/// the common kinds in Swedish (the system's text, with its error number, otherwise).
pub fn io_text(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    if crate::lang::messages() == crate::lang::Lang::En {
        return e.to_string();
    }
    let sv = match e.kind() {
        NotFound => "filen eller mappen finns inte",
        PermissionDenied => "åtkomst nekad",
        AlreadyExists => "finns redan",
        BrokenPipe => "röret stängdes",
        StorageFull => "disken är full",
        IsADirectory => "är en mapp",
        NotADirectory => "är inte en mapp",
        InvalidData => "ogiltiga data (inte UTF-8?)",
        WouldBlock => "resursen är tillfälligt otillgänglig",
        OutOfMemory => "minnet räcker inte",
        _ => return format!("systemfel {}", e.raw_os_error().unwrap_or(0)),
    };
    sv.to_owned()
}

/// The kind of a TOML value in the language of the messages: `string` (`en text`) where a number
/// was wanted.
pub fn value_kind(v: &toml::Value) -> &'static str {
    let sv = crate::lang::messages() == crate::lang::Lang::Sv;
    match (v, sv) {
        (toml::Value::String(_), true) => "en text",
        (toml::Value::Boolean(_), true) => "ett sanningsvärde",
        (toml::Value::Datetime(_), true) => "ett datum",
        (toml::Value::Array(_), true) => "en lista",
        (toml::Value::Table(_), true) => "en tabell",
        (toml::Value::Integer(_) | toml::Value::Float(_), true) => "ett tal",
        (v, false) => v.type_str(),
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Error::Read { path, source } => crate::msg!(
                "cannot read {}: {}",
                "kan inte läsa {}: {}",
                path.display(),
                io_text(source)
            ),
            Error::Write { path, source } => crate::msg!(
                "cannot write {}: {}",
                "kan inte skriva {}: {}",
                path.display(),
                io_text(source)
            ),
            Error::Input { location, message } => format!("{location}: {message}"),
            Error::ExtendsLoop { chain } => crate::msg!(
                "{}: `extends` loop: {}",
                "{}: `extends` i en slinga: {}",
                chain
                    .first()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
                chain
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(" -> ")
            ),
            Error::OutputConflict { path, message } => format!("{}: {message}", path.display()),
            Error::Chart { chart, message } => {
                crate::msg!("cannot draw {}: {}", "kan inte rita {}: {}", chart, message)
            }
            Error::Usage(message) => message.clone(),
            Error::Varied { setting, message } => format!("--vary {setting}: {message}"),
            Error::Stdout(e) => crate::msg!(
                "cannot write to standard output: {}",
                "kan inte skriva till standard ut: {}",
                io_text(e)
            ),
            Error::Interrupted {
                scenario,
                done,
                total,
            } => crate::msg!(
                "interrupted: scenario `{}` stopped after {} of {} replications; nothing was written",
                "avbrutet: scenariot `{}` stoppades efter {} av {} simuleringar; inget skrevs",
                scenario,
                done,
                total
            ),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Read { source, .. } | Error::Write { source, .. } => Some(source),
            Error::Stdout(e) => Some(e),
            _ => None,
        }
    }
}

impl Error {
    /// An input error at `location`.
    pub fn input(location: Location, message: impl Into<String>) -> Self {
        Error::Input {
            location,
            message: message.into(),
        }
    }

    /// Whether this is a write to a closed pipe on standard output: the reader wants no more
    /// (`| head`, `| true`), which is not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Stdout(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }

    /// The snippet of the offending line, if there is one, with a caret under the column.
    pub fn snippet(&self) -> Option<String> {
        let Error::Input { location, .. } = self else {
            return None;
        };
        let text = location.snippet.as_ref()?;
        let line = location.line?;
        let gutter = line.to_string().len();
        let mut out = format!("{:gutter$} |\n{line} | {text}\n", "");
        if let Some(col) = location.column {
            out.push_str(&format!("{:gutter$} | {:>width$}", "", "^", width = col));
        } else {
            out.push_str(&format!("{:gutter$} |", ""));
        }
        Some(out)
    }
}

/// A value that is legal but outside its plausible range: the run goes on, and the warning is
/// printed (standard error) and recorded (`summary.json`). Located like an [`Error::Input`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where the value is set.
    pub location: Location,
    /// What is odd about it, in the user's terms.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Results of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = "a = 1\nbb = 2\n";
        let loc = Location::at_offset("x.toml", text, 11);
        assert_eq!((loc.line, loc.column), (Some(2), Some(6)));
        assert_eq!(loc.snippet.as_deref(), Some("bb = 2"));
        assert_eq!(loc.to_string(), "x.toml:2:6");
    }
}
