//! `results.xlsx`: the CSV tables of a run (or a comparison, or a sweep) in one Excel workbook,
//! a sheet per table, so that no locale can garble them: a number is a number cell whatever the
//! reader's decimal separator, a date (`2019-07-01`, a month `2019-07`) a date cell.
//!
//! The workbook is made from the bytes of the CSV tables themselves, so its sheets cannot say
//! anything the tables do not: the same rows, the same headers (in the language of the run), the
//! same figures. A cell becomes a number only when the number's text reads back exactly as the
//! cell (a seed past 2^53 stays text), and never in the columns that hold names ([`LABELS`]: a
//! unit id `101` is an id). The creation date is fixed, so a run gives the same bytes every time.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use crate::error::{Error, Result};
use crate::report::{
    CsvDialect, Lang, PERIOD_COLUMNS, PERIOD_COLUMNS_SV, UNIT_COLUMNS, UNIT_COLUMNS_SV, num,
    profile_columns,
};

/// The workbook's file name.
pub const FILE: &str = "results.xlsx";

/// The sheet of each table: its CSV file, its English and its Swedish sheet name. A table not
/// listed is named after its file.
const SHEETS: &[(&str, &str, &str)] = &[
    ("yearly.csv", "yearly", "per år"),
    ("quarterly.csv", "quarterly", "per kvartal"),
    ("monthly.csv", "monthly", "per månad"),
    ("units.csv", "units", "boenden"),
    ("profiles.csv", "profiles", "målgrupper"),
    ("compare.csv", "compare", "jämförelse"),
    (
        "compare-profiles.csv",
        "compare-profiles",
        "jämförelse per målgrupp",
    ),
    ("sweep.csv", "sweep", "varianter"),
];

/// The columns that hold names (English headers), written as text whatever they hold; their
/// Swedish headers are those at the same place of the run's tables.
pub const LABELS: &[&str] = &[
    "scenario",
    "reference",
    "version",
    "metric",
    "unit",
    "unit_id",
    "name",
    "district",
    "kind",
    "profile",
    "bands",
];

/// The fixed creation date written into the workbook (Excel would write the time of saving).
const CREATED: (u16, u8, u8) = (2000, 1, 1);

/// Whether the column headed `header` (English or Swedish) holds names.
fn is_label(header: &str) -> bool {
    if LABELS.contains(&header) {
        return true;
    }
    let profiles = (profile_columns(Lang::En), profile_columns(Lang::Sv));
    [
        (PERIOD_COLUMNS, PERIOD_COLUMNS_SV),
        (UNIT_COLUMNS, UNIT_COLUMNS_SV),
        (&profiles.0[..], &profiles.1[..]),
    ]
    .iter()
    .any(|(en, sv)| {
        en.iter()
            .zip(sv.iter())
            .any(|(e, s)| *s == header && LABELS.contains(e))
    })
}

/// The workbook of the CSV tables among `files` (name, bytes in `dialect`), in their order; its
/// sheets named in `lang`.
pub fn workbook(files: &[(String, Vec<u8>)], dialect: CsvDialect, lang: Lang) -> Result<Vec<u8>> {
    build(files, dialect, lang).map_err(|e| Error::Write {
        path: FILE.into(),
        source: std::io::Error::other(e.to_string()),
    })
}

fn build(
    files: &[(String, Vec<u8>)],
    dialect: CsvDialect,
    lang: Lang,
) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let (y, m, d) = CREATED;
    book.set_properties(
        &DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(y, m, d)?),
    );
    let formats = Formats {
        header: Format::new().set_bold(),
        day: Format::new().set_num_format("yyyy-mm-dd"),
        month: Format::new().set_num_format("yyyy-mm"),
    };
    for (name, bytes) in files.iter().filter(|(n, _)| n.ends_with(".csv")) {
        let sheet = SHEETS
            .iter()
            .find(|(file, _, _)| file == name)
            .map(|(_, en, sv)| if lang == Lang::Sv { *sv } else { *en })
            .unwrap_or_else(|| name.trim_end_matches(".csv"));
        let ws = book.add_worksheet();
        ws.set_name(sheet)?;
        write_table(ws, bytes, dialect, &formats)?;
    }
    book.save_to_buffer()
}

/// The cell formats of a sheet.
struct Formats {
    header: Format,
    day: Format,
    month: Format,
}

/// Writes the CSV table `bytes` into `ws`: the header row in bold and frozen, each cell as a
/// number, a date or a text.
fn write_table(
    ws: &mut Worksheet,
    bytes: &[u8],
    dialect: CsvDialect,
    formats: &Formats,
) -> std::result::Result<(), XlsxError> {
    let text = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(if dialect == CsvDialect::ExcelSv {
            b';'
        } else {
            b','
        })
        .from_reader(text);
    let mut labels = Vec::new();
    for (r, record) in reader.records().filter_map(|r| r.ok()).enumerate() {
        let row = r as u32;
        for (c, cell) in record.iter().enumerate() {
            let col = c as u16;
            if r == 0 {
                labels.push(is_label(cell));
                ws.write_string_with_format(row, col, cell, &formats.header)?;
                continue;
            }
            if cell.is_empty() {
                continue;
            }
            if !labels.get(c).copied().unwrap_or(true) {
                if let Some(v) = number(cell, dialect) {
                    ws.write_number(row, col, v)?;
                    continue;
                }
                if let Some((date, month)) = date(cell) {
                    let format = if month { &formats.month } else { &formats.day };
                    ws.write_datetime_with_format(row, col, &date, format)?;
                    continue;
                }
            }
            ws.write_string(row, col, cell)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofit();
    Ok(())
}

/// The number a cell holds, when its text is exactly the number as the tables write it.
fn number(cell: &str, dialect: CsvDialect) -> Option<f64> {
    let text = match dialect {
        CsvDialect::ExcelSv => cell.replace(',', "."),
        CsvDialect::Plain => cell.to_owned(),
    };
    let v: f64 = text.parse().ok().filter(|v: &f64| v.is_finite())?;
    (num(v, dialect) == cell).then_some(v)
}

/// The date a cell holds: `YYYY-MM-DD`, or a month `YYYY-MM` (its first day; `true`), from 1900
/// on as Excel counts dates.
fn date(cell: &str) -> Option<(ExcelDateTime, bool)> {
    let b = cell.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let (month, day) = match b.len() {
        7 if digits(0..4) && b[4] == b'-' && digits(5..7) => (true, 1),
        10 if digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10) => {
            (false, cell[8..10].parse().ok()?)
        }
        _ => return None,
    };
    let year: u16 = cell[0..4].parse().ok()?;
    let m: u8 = cell[5..7].parse().ok()?;
    chrono::NaiveDate::from_ymd_opt(year.into(), m.into(), day.into())?;
    ExcelDateTime::from_ymd(year, m, day)
        .ok()
        .map(|d| (d, month))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_numbers_only_when_they_read_back_exactly() {
        assert_eq!(number("12", CsvDialect::Plain), Some(12.0));
        assert_eq!(number("0.981235", CsvDialect::Plain), Some(0.981235));
        assert_eq!(number("0,981235", CsvDialect::ExcelSv), Some(0.981235));
        assert_eq!(number("0.5", CsvDialect::ExcelSv), None);
        assert_eq!(number("007", CsvDialect::Plain), None);
        assert_eq!(number("18446744073709551615", CsvDialect::Plain), None);
        assert_eq!(number("NaN", CsvDialect::Plain), None);
        assert_eq!(number("2019-Q1", CsvDialect::Plain), None);
    }

    #[test]
    fn dates_and_months_are_dates() {
        assert!(matches!(date("2019-07-01"), Some((_, false))));
        assert!(matches!(date("2019-07"), Some((_, true))));
        assert!(date("2019-13").is_none());
        assert!(date("2019-02-30").is_none());
        assert!(date("2019-Q1").is_none());
        assert!(date("1850-01-01").is_none());
    }

    #[test]
    fn names_are_labels_in_both_languages() {
        for h in [
            "unit_id",
            "boende_id",
            "name",
            "namn",
            "metric",
            "mått",
            "målgrupp",
        ] {
            assert!(is_label(h), "{h}");
        }
        for h in ["mean", "medel", "year", "år", "places", "platser", "period"] {
            assert!(!is_label(h), "{h}");
        }
    }
}
