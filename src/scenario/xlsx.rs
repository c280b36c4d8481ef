//! Reading a table from the first sheet of an Excel workbook (`.xlsx`, with calamine), for the
//! unit registers and the start state: the cells become the texts a CSV file would hold, so one
//! set of rules ([`super::csvread`]) reads both. A number cell becomes its shortest exact text
//! (`950.5`, `6`), a date cell `YYYY-MM-DD`, a yes/no cell `true`/`false`; an error cell
//! (`#DIV/0!`) is refused where it is. Every message names the file, the sheet and the cell.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, XlsxError};

use crate::error::{Error, Location, Result};

/// Whether `path` names a workbook (`.xlsx` or `.xlsm`, any case) rather than a CSV file.
pub fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"))
}

/// The first sheet of a workbook: its name, the column letter offset of its first used column,
/// and its non-empty rows (the sheet's 1-based row number, the cells' texts from that column on).
pub struct Sheet {
    /// The sheet's name, for messages.
    pub name: String,
    /// 0-based index of the first used column (0 = `A`).
    pub first_column: u32,
    /// The rows holding at least one cell, with their row numbers as Excel shows them.
    pub rows: Vec<(usize, Vec<String>)>,
}

/// The column letters of a 0-based column index: 0 is `A`, 25 `Z`, 26 `AA`.
pub fn column_name(mut index: u32) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

/// Reads the first sheet of the workbook at `path`.
pub fn read(path: &Path) -> Result<Sheet> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    let refuse = |message: String| Error::input(Location::file(path), message);
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
        let why = match e {
            XlsxError::Zip(_) => crate::msg!("it is no zip archive, as every .xlsx file is", "den är inget zip-arkiv, vilket varje .xlsx-fil är"),
            e => e.to_string(),
        };
        refuse(crate::msg!(
            "is not an Excel workbook ({why}): save the table from Excel as .xlsx, or as CSV under a name ending in .csv", "är ingen Excel-arbetsbok ({why}): spara tabellen från Excel som .xlsx, eller som CSV med ett namn som slutar på .csv"
        ))
    })?;
    let name = book.sheet_names().into_iter().next().ok_or_else(|| {
        refuse(crate::msg!(
            "the workbook holds no sheet: put the table on its first sheet",
            "arbetsboken har inget blad: lägg tabellen på dess första blad"
        ))
    })?;
    let range = match book.worksheet_range_at(0) {
        Some(Ok(range)) => range,
        Some(Err(e)) => {
            return Err(refuse(crate::msg!(
                "sheet `{name}` cannot be read: {e}",
                "bladet `{name}` kan inte läsas: {e}"
            )));
        }
        None => {
            return Err(refuse(crate::msg!(
                "the workbook holds no sheet: put the table on its first sheet",
                "arbetsboken har inget blad: lägg tabellen på dess första blad"
            )));
        }
    };
    let Some((first_row, first_column)) = range.start() else {
        return Err(refuse(crate::msg!(
            "sheet `{name}` is empty: the table must be on the workbook's first sheet, its header in the first row used",
            "bladet `{name}` är tomt: tabellen ska ligga på arbetsbokens första blad, med rubrikraden i den första använda raden"
        )));
    };
    let mut rows = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        let row = first_row as usize + i + 1;
        let mut texts = Vec::with_capacity(cells.len());
        for (j, cell) in cells.iter().enumerate() {
            texts.push(text(cell).map_err(|message| {
                refuse(crate::msg!(
                    "sheet `{name}`, cell {}{row}: {message}",
                    "blad `{name}`, cell {}{row}: {message}",
                    column_name(first_column + j as u32)
                ))
            })?);
        }
        if texts.iter().any(|t| !t.is_empty()) {
            rows.push((row, texts));
        }
    }
    Ok(Sheet {
        name,
        first_column,
        rows,
    })
}

/// A number as the shortest text that reads back as exactly it (`6`, `950.5`, `0.98`).
pub fn number_text(v: f64) -> String {
    if v == v.trunc() && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else if v.abs() >= 1e15 {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// The text of a cell, as a CSV file would hold it; an error cell is refused.
fn text(cell: &Data) -> std::result::Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Int(i) => i.to_string(),
        Data::Float(v) => number_text(*v),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) if d.is_datetime() => match d.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => t.date().to_string(),
            Some(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
            None => number_text(d.as_f64()),
        },
        // A duration (a cell formatted as [h]:mm) is its number of days.
        Data::DateTime(d) => number_text(d.as_f64()),
        Data::DateTimeIso(s) => s.strip_suffix("T00:00:00").unwrap_or(s).trim().to_owned(),
        Data::DurationIso(s) => s.trim().to_owned(),
        Data::Error(e) => {
            return Err(crate::msg!(
                "holds the Excel error `{e}`: correct the formula or clear the cell",
                "innehåller Excel-felet `{e}`: rätta formeln eller töm cellen"
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_as_excel_names_them() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(1), "B");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn numbers_become_their_shortest_exact_text() {
        assert_eq!(number_text(6.0), "6");
        assert_eq!(number_text(950.5), "950.5");
        assert_eq!(number_text(0.98), "0.98");
        assert_eq!(number_text(-3.0), "-3");
        assert_eq!(number_text(1e20), "1e20");
        assert_eq!(number_text(0.1 + 0.2), "0.30000000000000004");
    }
}
