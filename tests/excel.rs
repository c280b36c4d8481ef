//! Excel as it is: unit registers and start states saved by Excel (Windows-1252 "CSV
//! (semikolonavgränsad)", UTF-16 "Unicode text", `.xlsx` workbooks, Swedish headers, `SANT`,
//! rows of separators) read as their plain CSV twins, and `results.xlsx` read back with
//! calamine. Every file is made here, byte by byte or with rust_xlsxwriter.
//!
//! A register read right gives exactly the results of its plain UTF-8 twin: the tests compare
//! the yearly table and the units table byte for byte, so a misread number, date or flag shows.

mod common;

use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use common::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// The plain register: UTF-8, commas, English headers, `true`/`false`, decimal points. U3 opens
/// after the start and takes people home from external placements first (`external_first`), so
/// a misread date or flag changes the results.
const PLAIN: &str = "id,name,district,kind,profiles,places,occupied,opens,cost_per_place_year_tkr,external_first\n\
                     U1,Gruppbostad Åbylund,Skäggetorp,group,ID|autism,5,4,,1012.5,false\n\
                     U2,Servicebostad Öst,Ånestad,service,ID,10,10,,950,false\n\
                     U3,Nya Hagen,Ryd,group,autism|ID,6,,2019-03-01,1100.25,true\n";

/// The plain start state.
const PEOPLE: &str = "id,status,profile,decision_date,declines,offered_before\n\
                      P-1,queued,ID,2018-03-01,0,false\n\
                      P-2,queued_external,autism,2018-05-15,1,true\n\
                      P-3,queued,ID,2018-07-02,0,true\n";

/// A case whose scenario places people externally and takes them home (so `external_first`
/// matters) and reads `units` as its register and `people` as its start state.
fn case(units: &str, people: &str) -> Case {
    let c = Case::new();
    c.write(
        "s.toml",
        SCENARIO
            .replace("[\"units.csv\"]", &format!("[\"{units}\"]"))
            .replace("replications = 4", "replications = 40")
            .replace(
                "[applications]",
                &format!(
                    "[start]\npeople = \"{people}\"\n\n[external]\ncost_per_person_year_tkr = 1500\nplacement_after_days = 60\nplacement_executes_decision = true\nhemtagning = true\n\n[applications]"
                ),
            ),
    );
    c.write("plain.csv", PLAIN);
    c.write("people.csv", PEOPLE);
    c
}

/// The yearly and units tables of a run of `c`'s scenario.
fn tables(c: &Case, out: &str) -> (String, String) {
    let out = c.path(out);
    let o = run(&[
        "run",
        &c.arg("s.toml"),
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let read = |f: &str| std::fs::read_to_string(out.join(f)).unwrap();
    (read("yearly.csv"), read("units.csv"))
}

/// Runs the register `file` holding `bytes` (and the start state `people`) and checks that the
/// results are those of the plain twins.
fn reads_as_plain(file: &str, bytes: &[u8], people: &str) {
    let plain = case("plain.csv", "people.csv");
    let expected = tables(&plain, "out");
    assert!(expected.1.contains("Gruppbostad Åbylund"), "{}", expected.1);
    let c = case(file, people);
    c.write(file, bytes);
    let got = tables(&c, "out");
    assert_eq!(
        got.0, expected.0,
        "yearly.csv of {file} differs from its plain twin"
    );
    assert_eq!(
        got.1, expected.1,
        "units.csv of {file} differs from its plain twin"
    );
}

#[test]
fn a_windows_1252_register_reads_as_its_utf8_twin() {
    // "CSV (semikolonavgränsad)" from a Swedish Windows: one byte per letter (å = 0xE5).
    let text = PLAIN.replace(',', ";").replace('.', ",");
    let text = text.replace('\n', "\r\n");
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable);
    assert!(bytes.contains(&0xC5) && bytes.contains(&0xE4) && bytes.contains(&0xD6));
    assert!(std::str::from_utf8(&bytes).is_err(), "not UTF-8");
    reads_as_plain("units.csv", &bytes, "people.csv");
}

#[test]
fn a_utf16_unicode_text_register_with_tabs_reads_as_its_twin() {
    // Excel's "Unicode text": UTF-16 LE with a byte-order mark, tab separated, decimal commas.
    let text = PLAIN
        .replace(',', "\t")
        .replace('.', ",")
        .replace('\n', "\r\n");
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    reads_as_plain("units.txt", &bytes, "people.csv");
    // Big-endian too.
    let mut bytes = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        bytes.extend(u.to_be_bytes());
    }
    reads_as_plain("units.txt", &bytes, "people.csv");
}

#[test]
fn rows_of_separators_and_empty_columns_are_ignored() {
    // Excel writes the used range: empty columns after the table and rows that were formatted.
    let mut text = String::new();
    for line in PLAIN.replace(',', ";").replace('.', ",").lines() {
        text += &format!("{line};;;\r\n");
    }
    text += ";;;;;;;;;;;;;\r\n;;;;;;;;;;;;;\r\n";
    reads_as_plain("units.csv", text.as_bytes(), "people.csv");
}

#[test]
fn sant_falskt_and_swedish_headers_read_as_their_twin() {
    let swedish = PLAIN
        .replace(
            "id,name,district,kind,profiles,places,occupied,opens,cost_per_place_year_tkr,external_first",
            "Boende_id,Namn,Stadsdel,Typ,Målgrupper,Platser,Belagda,Öppnar,Kostnad per plats och år tkr,Hemtagning",
        )
        .replace(",true\n", ",SANT\n")
        .replace(",false\n", ",FALSKT\n");
    let people = PEOPLE
        .replace(
            "id,status,profile,decision_date,declines,offered_before",
            "person_id,status,målgrupp,beslutsdatum,tackat_nej,erbjuden_tidigare",
        )
        .replace(",true\n", ",sant\n")
        .replace(",false\n", ",falskt\n");
    let plain = case("plain.csv", "people.csv");
    let expected = tables(&plain, "out");
    let c = case("units.csv", "folk.csv");
    c.write("units.csv", swedish);
    c.write("folk.csv", people);
    assert_eq!(tables(&c, "out"), expected);
}

/// Writes `rows` (cells as text, numbers, dates or yes/no as their column needs) into the first
/// sheet of a new workbook, the header from row `first_row` and column B on.
fn workbook(path: &Path, header: &[&str], rows: &[Vec<Cell>]) {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let ws = book.add_worksheet();
    ws.set_name("Boenden").unwrap();
    // A title above the table and an empty column A, as planners' sheets have.
    ws.write_string(0, 1, "# Boenden 2018").unwrap();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(2, 1 + c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        let r = 3 + r as u32;
        for (c, cell) in row.iter().enumerate() {
            let c = 1 + c as u16;
            match cell {
                Cell::Text(s) => ws.write_string(r, c, *s).map(|_| ()),
                Cell::Number(v) => ws.write_number(r, c, *v).map(|_| ()),
                Cell::Date(y, m, d) => ws
                    .write_datetime_with_format(
                        r,
                        c,
                        ExcelDateTime::from_ymd(*y, *m, *d).unwrap(),
                        &date,
                    )
                    .map(|_| ()),
                Cell::Bool(b) => ws.write_boolean(r, c, *b).map(|_| ()),
                Cell::Empty => Ok(()),
            }
            .unwrap();
        }
    }
    book.save(path).unwrap();
}

/// A cell of [`workbook`].
enum Cell {
    Text(&'static str),
    Number(f64),
    Date(u16, u8, u8),
    Bool(bool),
    Empty,
}

fn register_rows() -> Vec<Vec<Cell>> {
    use Cell::*;
    vec![
        vec![
            Text("U1"),
            Text("Gruppbostad Åbylund"),
            Text("Skäggetorp"),
            Text("group"),
            Text("ID|autism"),
            Number(5.0),
            Number(4.0),
            Empty,
            Number(1012.5),
            Bool(false),
        ],
        vec![
            Text("U2"),
            Text("Servicebostad Öst"),
            Text("Ånestad"),
            Text("service"),
            Text("ID"),
            Number(10.0),
            Number(10.0),
            Empty,
            Number(950.0),
            Bool(false),
        ],
        vec![
            Text("U3"),
            Text("Nya Hagen"),
            Text("Ryd"),
            Text("group"),
            Text("autism|ID"),
            Number(6.0),
            Empty,
            Date(2019, 3, 1),
            Number(1100.25),
            Bool(true),
        ],
    ]
}

const REGISTER_HEADER: &[&str] = &[
    "id",
    "name",
    "district",
    "kind",
    "profiles",
    "places",
    "occupied",
    "opens",
    "cost_per_place_year_tkr",
    "external_first",
];

#[test]
fn an_xlsx_register_and_start_state_read_as_their_twins() {
    let plain = case("plain.csv", "people.csv");
    let expected = tables(&plain, "out");
    let c = case("units.xlsx", "people.xlsx");
    workbook(&c.path("units.xlsx"), REGISTER_HEADER, &register_rows());
    // The start state in Swedish, its decision dates as Excel serial numbers (a date column
    // formatted as a number) and as date cells, `offered_before` as text and as yes/no cells.
    use Cell::*;
    workbook(
        &c.path("people.xlsx"),
        &[
            "id",
            "status",
            "målgrupp",
            "beslutsdatum",
            "declines",
            "offered_before",
        ],
        &[
            vec![
                Text("P-1"),
                Text("queued"),
                Text("ID"),
                Number(43160.0),
                Number(0.0),
                Text("FALSKT"),
            ],
            vec![
                Text("P-2"),
                Text("queued_external"),
                Text("autism"),
                Date(2018, 5, 15),
                Number(1.0),
                Bool(true),
            ],
            vec![
                Text("P-3"),
                Text("queued"),
                Text("ID"),
                Text("2018-07-02"),
                Number(0.0),
                Text("SANT"),
            ],
        ],
    );
    assert_eq!(tables(&c, "out"), expected);
}

#[test]
fn bad_workbooks_are_refused_where_they_are_wrong() {
    let c = case("units.xlsx", "people.csv");
    // A CSV file named .xlsx.
    c.write("units.xlsx", PLAIN);
    c.fails("s.toml", &["units.xlsx", "is not an Excel workbook"]);
    // A workbook whose only sheet is empty.
    Workbook::new().save(c.path("units.xlsx")).unwrap();
    c.fails("s.toml", &["units.xlsx", "sheet `Sheet1` is empty"]);
    // A workbook with no sheet at all (its sheet list emptied).
    workbook(&c.path("units.xlsx"), REGISTER_HEADER, &register_rows());
    c.write(
        "units.xlsx",
        without_sheets(&std::fs::read(c.path("units.xlsx")).unwrap()),
    );
    c.fails("s.toml", &["units.xlsx", "the workbook holds no sheet"]);
    // A date where the places are: the cell is named (column G, as the table starts in B).
    let mut rows = register_rows();
    rows[1][5] = Cell::Date(2019, 1, 1);
    workbook(&c.path("units.xlsx"), REGISTER_HEADER, &rows);
    c.fails(
        "s.toml",
        &["units.xlsx: sheet `Boenden`, cell G5 `places`: `2019-01-01` is not a whole number"],
    );
    // A text where a date is, and a year typed as a number in a date column.
    let mut rows = register_rows();
    rows[2][7] = Cell::Text("mars 2019");
    workbook(&c.path("units.xlsx"), REGISTER_HEADER, &rows);
    c.fails(
        "s.toml",
        &["sheet `Boenden`, cell I6 `opens`: `mars 2019` is not a date of the form YYYY-MM-DD"],
    );
    let mut rows = register_rows();
    rows[2][7] = Cell::Number(2019.0);
    workbook(&c.path("units.xlsx"), REGISTER_HEADER, &rows);
    c.fails("s.toml", &["cell I6 `opens`: `2019` is not a date"]);
    // A cell holding an Excel error (the file's XML edited: rust_xlsxwriter writes none).
    let mut rows = register_rows();
    rows[1][8] = Cell::Number(12345.678);
    workbook(&c.path("units.xlsx"), REGISTER_HEADER, &rows);
    let bytes = edit_part(
        &std::fs::read(c.path("units.xlsx")).unwrap(),
        "xl/worksheets/sheet1.xml",
        |xml| {
            assert!(
                xml.contains("<c r=\"J5\"") && xml.contains("<v>12345.678</v>"),
                "{xml}"
            );
            xml.replace("<c r=\"J5\"", "<c r=\"J5\" t=\"e\"")
                .replace("<v>12345.678</v>", "<v>#DIV/0!</v>")
        },
    );
    c.write("units.xlsx", bytes);
    c.fails(
        "s.toml",
        &["units.xlsx: sheet `Boenden`, cell J5: holds the Excel error `#DIV/0!`"],
    );
    // A value right of the table, in a column without a header name.
    let mut rows = register_rows();
    rows[0].extend([Cell::Empty, Cell::Text("x")]);
    workbook(&c.path("units.xlsx"), REGISTER_HEADER, &rows);
    c.fails(
        "s.toml",
        &["sheet `Boenden`, row 4: cell M4 holds `x` in a column without a name in the header"],
    );
    // A workbook named .csv.
    workbook(&c.path("units.xlsx"), REGISTER_HEADER, &register_rows());
    std::fs::copy(c.path("units.xlsx"), c.path("plain.csv")).unwrap();
    let c2 = case("plain.csv", "people.csv");
    std::fs::copy(c.path("units.xlsx"), c2.path("plain.csv")).unwrap();
    c2.fails(
        "s.toml",
        &[
            "plain.csv",
            "is an Excel workbook, not CSV text: name it .xlsx",
        ],
    );
}

/// An xlsx file (a zip archive) with the sheet list of its workbook part emptied.
fn without_sheets(xlsx: &[u8]) -> Vec<u8> {
    edit_part(xlsx, "xl/workbook.xml", |s| {
        let (a, rest) = s.split_once("<sheets>").unwrap();
        let (_, b) = rest.split_once("</sheets>").unwrap();
        format!("{a}<sheets/>{b}")
    })
}

/// An xlsx file (a zip archive) with its XML part `part` changed by `edit`.
fn edit_part(xlsx: &[u8], part: &str, edit: impl Fn(&str) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut text = Vec::new();
        f.read_to_end(&mut text).unwrap();
        if name == part {
            text = edit(&String::from_utf8(text).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&text).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn a_file_mixing_utf8_and_windows_1252_is_refused_at_its_line() {
    let c = case("units.csv", "people.csv");
    let mut bytes = PLAIN
        .lines()
        .take(2)
        .collect::<Vec<_>>()
        .join("\n")
        .into_bytes();
    // Line 3 in Windows-1252 (Ö = 0xD6) after UTF-8 on line 2.
    bytes.extend(b"\nU2,Servicebostad \xD6st,Berga,service,ID,10,10,,950,false\n");
    c.write("units.csv", &bytes);
    c.fails("s.toml", &["units.csv:3:", "mixes UTF-8 and Windows-1252"]);
}

// ---- results.xlsx

/// The cells of sheet `name` of the workbook at `path`.
fn sheet(path: &Path, name: &str) -> calamine::Range<Data> {
    let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    book.worksheet_range(name).unwrap()
}

#[test]
fn results_xlsx_holds_every_table_as_numbers_and_dates() {
    let c = Case::new();
    for (lang, dialect, sheets) in [
        (
            "en",
            "plain",
            ["yearly", "quarterly", "monthly", "units", "profiles"],
        ),
        (
            "sv",
            "excel-sv",
            [
                "per år",
                "per kvartal",
                "per månad",
                "boenden",
                "målgrupper",
            ],
        ),
    ] {
        let out = c.path(&format!("out-{lang}"));
        run_ok(&[
            "run",
            &c.arg("s.toml"),
            "-q",
            "--out",
            out.to_str().unwrap(),
            "--lang",
            lang,
            "--csv-dialect",
            dialect,
        ]);
        let path = out.join("results.xlsx");
        let book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
        assert_eq!(book.sheet_names(), sheets, "{lang}");
        for (csv, name) in [
            "yearly.csv",
            "quarterly.csv",
            "monthly.csv",
            "units.csv",
            "profiles.csv",
        ]
        .iter()
        .zip(sheets)
        {
            let bytes = std::fs::read(out.join(csv)).unwrap();
            let text = String::from_utf8(bytes).unwrap();
            let text = text.trim_start_matches('\u{feff}');
            let sep = if dialect == "plain" { ',' } else { ';' };
            let range = sheet(&path, name);
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(range.height(), lines.len(), "{name}: a row per CSV line");
            // The header in the run's language, cell for cell.
            let header: Vec<String> = range
                .rows()
                .next()
                .unwrap()
                .iter()
                .map(|d| d.to_string())
                .collect();
            let csv_header: Vec<&str> = lines[0].split(sep).collect();
            assert_eq!(header, csv_header, "{name}");
            // Every number of the table is a number cell of the same value (decimal comma or
            // not), every date or month a date cell.
            let mut numbers = 0;
            for (line, row) in lines[1..].iter().zip(range.rows().skip(1)) {
                for (field, cell) in line.split(sep).zip(row) {
                    let as_number = field.replace(',', ".").parse::<f64>().ok();
                    match cell {
                        Data::Float(v) => {
                            assert_eq!(Some(*v), as_number, "{name}: {field}");
                            numbers += 1;
                        }
                        Data::Int(v) => {
                            assert_eq!(Some(*v as f64), as_number, "{name}: {field}");
                            numbers += 1;
                        }
                        Data::DateTime(d) => {
                            let day = d.as_datetime().unwrap().date().to_string();
                            assert!(day.starts_with(field), "{name}: {field} read as {day}");
                        }
                        Data::String(s) => {
                            assert_eq!(s, field, "{name}");
                            assert!(as_number.is_none(), "{name}: the number {field} is text");
                        }
                        Data::Empty => assert_eq!(field, "", "{name}"),
                        other => panic!("{name}: {other:?}"),
                    }
                }
            }
            assert!(numbers > 0, "{name}");
        }
        // The monthly period is a date, the unit ids are text.
        let monthly = sheet(&path, sheets[2]);
        assert!(
            matches!(monthly.get((1, 4)), Some(Data::DateTime(_))),
            "{:?}",
            monthly.get((1, 4))
        );
        let units = sheet(&path, sheets[3]);
        assert!(matches!(units.get((1, 4)), Some(Data::String(_))));
        assert!(
            matches!(units.get((1, 8)), Some(Data::Float(_))),
            "places are numbers"
        );
    }
}

#[test]
fn results_xlsx_is_the_same_bytes_on_every_run() {
    let c = Case::new();
    let a = c.path("a");
    let b = c.path("b");
    run_ok(&[
        "run",
        &c.arg("s.toml"),
        "-q",
        "--out",
        a.to_str().unwrap(),
        "-j",
        "1",
    ]);
    run_ok(&[
        "run",
        &c.arg("s.toml"),
        "-q",
        "--out",
        b.to_str().unwrap(),
        "-j",
        "3",
    ]);
    let read = |d: &Path| std::fs::read(d.join("results.xlsx")).unwrap();
    assert_eq!(read(&a), read(&b));
}

#[test]
fn compare_and_sweep_write_their_tables_as_workbooks_too() {
    let c = Case::new();
    c.write(
        "s2.toml",
        SCENARIO
            .replace("name = \"small\"", "name = \"other\"")
            .replace("per_year = 20", "per_year = 25"),
    );
    let out = c.path("cmp");
    run_ok(&[
        "compare",
        &c.arg("s.toml"),
        &c.arg("s2.toml"),
        "-n",
        "8",
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    let range = sheet(&out.join("results.xlsx"), "compare");
    let text = std::fs::read_to_string(out.join("compare.csv")).unwrap();
    assert_eq!(range.height(), text.lines().count());
    assert!(
        range
            .rows()
            .skip(1)
            .any(|r| r.iter().any(|d| matches!(d, Data::Float(_))))
    );
    c.write(
        "units.csv",
        format!("{UNITS}U3,Nytt,Ryd,group,ID,4,,2019-03-01,1000\n"),
    );
    let out = c.path("sweep");
    run_ok(&[
        "sweep",
        &c.arg("s.toml"),
        "--vary",
        "unit.U3.opens=2019-01-01,2019-06-01",
        "-n",
        "4",
        "-q",
        "--out",
        out.to_str().unwrap(),
        "--lang",
        "sv",
    ]);
    let range = sheet(&out.join("results.xlsx"), "varianter");
    assert_eq!(range.height(), 3);
    // The varied opening dates are dates.
    let column = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .position(|d| *d == "unit.U3.opens")
        .unwrap();
    assert!(
        matches!(range.get((1, column)), Some(Data::DateTime(_))),
        "{:?}",
        range.get((1, column))
    );
}
