//! `lss-sim init`: a new municipality's folder, what `validate` says of it untouched, and that
//! filling in a few totals gives a scenario that runs.

mod common;

use common::{run, run_ok, stderr};

#[test]
fn init_then_fill_in_a_few_totals_gives_a_scenario_that_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("Exempelkommun");
    let o = run_ok(&["init", dir.to_str().unwrap(), "--lang", "en"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("fill in the values marked FILL IN"));
    for f in ["scenario.toml", "units.csv", "start.csv", "README.md"] {
        assert!(dir.join(f).is_file(), "{f} written");
    }
    let scenario = dir.join("scenario.toml");
    let text = std::fs::read_to_string(&scenario).unwrap();
    assert!(text.contains("name = \"Exempelkommun\""));
    assert!(
        text.matches("ASSUMPTION (EST)").count() >= 10,
        "defaults are marked"
    );

    // Untouched: every value still to fill in, each with its file and line; nothing run.
    let o = run(&["validate", scenario.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("6 values are still marked FILL IN"), "{err}");
    for what in [
        "scenario.toml:23: horizon.start:",
        "scenario.toml:25: horizon.end:",
        "applications.per_year:",
        "investigation.backlog:",
        "units.csv:1: the table:",
        "start.csv:1: the table:",
    ] {
        assert!(err.contains(what), "the message lacks {what:?}: {err}");
    }
    let out = tmp.path().join("out");
    let o = run(&[
        "run",
        scenario.to_str().unwrap(),
        "-n",
        "5",
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "run refuses it too");
    assert!(!out.join("summary.json").exists());

    // A second init into the folder is refused and changes nothing.
    let o = run(&["init", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not an empty folder"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&scenario).unwrap(), text);

    // The planner's totals.
    std::fs::write(&scenario, fill_totals(&text, "FILL IN")).unwrap();
    let keep_header = |f: &str, rows: &str| {
        let path = dir.join(f);
        let t = std::fs::read_to_string(&path).unwrap();
        let header = t.lines().find(|l| !l.starts_with('#')).unwrap().to_owned();
        std::fs::write(&path, format!("{header}\n{rows}")).unwrap();
    };
    keep_header(
        "units.csv",
        "U-1,Gruppbostad A,Centrum,group,ID|autism,5,5,,,1000,false\n\
         U-2,Servicebostad B,Söder,service,ID,10,9,,,900,false\n\
         U-3,Gruppbostad C,Norr,group,ID_psychiatric|health,6,6,,,1200,false\n\
         U-4,Ny gruppbostad,Centrum,group,autism|ID,5,0,2026-03-01,,1100,true\n",
    );
    keep_header(
        "start.csv",
        "P-1,queued,autism,2024-10-01,0,false,\nP-2,queued_external,health,2024-05-15,1,true,Norr\n",
    );
    let o = run(&["validate", scenario.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let verdict = String::from_utf8_lossy(&o.stdout);
    assert!(
        verdict.contains("valid — 4 units with 26 places"),
        "{verdict}"
    );
    run_ok(&[
        "run",
        scenario.to_str().unwrap(),
        "-n",
        "20",
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["replications"], 20);
    assert_eq!(summary["scenario"]["name"], "Exempelkommun");
}

/// The unit register and start state come as workbooks too: the same `# FILL IN` row and the
/// same header as the CSV files, so a planner who prefers Excel starts from the same table; in
/// Swedish (`FYLL I`, the Swedish headers) on a sheet named as Swedish Excel names it.
#[test]
fn init_writes_the_tables_as_workbooks_with_the_csv_headers() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let tmp = tempfile::tempdir().unwrap();
    for (lang, separator, marker, sheet_name) in [
        ("en", ",", "FILL IN", "Sheet1"),
        ("sv", ";", "FYLL I", "Blad1"),
    ] {
        let dir = tmp.path().join(lang);
        run_ok(&["init", dir.to_str().unwrap(), "--lang", lang]);
        for table in ["units", "start"] {
            let csv = std::fs::read_to_string(dir.join(format!("{table}.csv"))).unwrap();
            let csv = csv.trim_start_matches('\u{feff}');
            let mut book: Xlsx<_> = open_workbook(dir.join(format!("{table}.xlsx"))).unwrap();
            assert_eq!(book.sheet_names(), vec![sheet_name.to_owned()]);
            let sheet = book.worksheet_range_at(0).unwrap().unwrap();
            let rows: Vec<Vec<String>> = sheet
                .rows()
                .map(|r| {
                    r.iter()
                        .filter(|c| **c != Data::Empty)
                        .map(|c| c.to_string())
                        .collect()
                })
                .collect();
            let lines: Vec<&str> = csv.lines().collect();
            assert_eq!(rows.len(), lines.len(), "{table}: one row per CSV line");
            assert_eq!(
                rows[0],
                vec![lines[0].to_owned()],
                "{table}: the {marker} row in one cell"
            );
            assert!(rows[0][0].contains(marker));
            assert_eq!(
                rows[1].join(separator),
                lines[1],
                "{lang} {table}: the CSV's header"
            );
        }
    }
}

/// The lines of a scenario file that are not comments, with the marked values and the
/// description left out: the keys and the defaults, which are the same in either language.
fn keys_and_defaults(toml: &str) -> Vec<String> {
    toml.lines()
        .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
        .filter(|l| !l.contains("FILL IN") && !l.contains("FYLL I"))
        .filter(|l| !l.starts_with("description"))
        .map(str::to_owned)
        .collect()
}

/// `init --lang sv` writes Swedish files: comments, README, the tables' Swedish column headers
/// (`;`-separated, with a byte-order mark, as Swedish Excel saves "CSV UTF-8") and the marker
/// `FYLL I`. Untouched, `validate` refuses the folder listing each `FYLL I` with its file and
/// line, in Swedish and in English; filled in as a Swedish planner writes the tables (decimal
/// commas, `gruppbostad`, `nej`, `SANT`), it validates and runs.
#[test]
fn swedish_init_lists_its_fyll_i_values_and_runs_once_filled_in() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("Exempelkommun");
    let o = run_ok(&["init", dir.to_str().unwrap(), "--lang", "sv"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("märkta FYLL I"));
    let scenario = dir.join("scenario.toml");
    let text = std::fs::read_to_string(&scenario).unwrap();
    assert!(text.contains("name = \"Exempelkommun\""));
    assert!(
        text.matches("ANTAGANDE (EST)").count() >= 10,
        "defaults are marked"
    );
    for english in ["FILL IN", "ASSUMPTION"] {
        assert!(!text.contains(english), "{english} in the Swedish file");
    }
    // The same keys and defaults as the English file: only the words differ.
    let en = tmp.path().join("en").join("Exempelkommun");
    run_ok(&["init", en.to_str().unwrap()]);
    let english = std::fs::read_to_string(en.join("scenario.toml")).unwrap();
    assert_eq!(keys_and_defaults(&text), keys_and_defaults(&english));
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    assert!(readme.contains("FYLL I") && !readme.contains("FILL IN"));
    for table in ["units.csv", "start.csv"] {
        let bytes = std::fs::read(dir.join(table)).unwrap();
        assert!(bytes.starts_with("\u{feff}#".as_bytes()), "{table}: BOM");
        let header = String::from_utf8(bytes)
            .unwrap()
            .lines()
            .nth(1)
            .unwrap()
            .to_owned();
        assert!(header.contains(';') && !header.contains(','), "{header}");
    }

    // Untouched: every FYLL I value, each with its file and line, in Swedish.
    let o = run(&["validate", scenario.to_str().unwrap(), "--lang", "sv"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("6 värden är fortfarande märkta FYLL I"),
        "{err}"
    );
    let line = |key: &str| {
        1 + text
            .lines()
            .position(|l| l.starts_with(&format!("{key} = \"FYLL I")))
            .unwrap()
    };
    for what in [
        format!(
            "scenario.toml:{}: horizon.start: dagen efter",
            line("start")
        ),
        format!("scenario.toml:{}: horizon.end: planperiodens", line("end")),
        format!(
            "scenario.toml:{}: applications.per_year: nya ansökningar",
            line("per_year")
        ),
        format!(
            "scenario.toml:{}: investigation.backlog: ansökningar",
            line("backlog")
        ),
        "units.csv:1: tabellen: en rad per boende".to_owned(),
        "start.csv:1: tabellen: en rad per person".to_owned(),
    ] {
        assert!(err.contains(&what), "the message lacks {what:?}: {err}");
    }
    // Saved again by Swedish Excel as "CSV (semikolonavgränsad)", in Windows-1252 without a
    // byte-order mark, the table's FYLL I line is still listed.
    let units = std::fs::read_to_string(dir.join("units.csv")).unwrap();
    let (cp1252, _, unmappable) =
        encoding_rs::WINDOWS_1252.encode(units.trim_start_matches('\u{feff}'));
    assert!(!unmappable && std::str::from_utf8(&cp1252).is_err());
    std::fs::write(dir.join("units.csv"), &cp1252).unwrap();
    let o = run(&["validate", scenario.to_str().unwrap(), "--lang", "sv"]);
    assert!(
        stderr(&o).contains("units.csv:1: tabellen: en rad per boende (bostad med särskild"),
        "{}",
        stderr(&o)
    );
    std::fs::write(dir.join("units.csv"), units).unwrap();
    // In English the list is the same, naming the Swedish marker.
    let o = run(&["validate", scenario.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("6 values are still marked FYLL I"),
        "{}",
        stderr(&o)
    );
    // The workbooks instead of the CSV files: their FYLL I rows are listed too.
    let books = text
        .replace("[\"units.csv\"]", "[\"units.xlsx\"]")
        .replace("\"start.csv\"", "\"start.xlsx\"");
    std::fs::write(&scenario, &books).unwrap();
    let o = run(&["validate", scenario.to_str().unwrap(), "--lang", "sv"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    for what in [
        "6 värden är fortfarande märkta FYLL I",
        "units.xlsx: blad `Blad1`, rad 1: tabellen: en rad per boende",
        "start.xlsx: blad `Blad1`, rad 1: tabellen: en rad per person",
    ] {
        assert!(err.contains(what), "the message lacks {what:?}: {err}");
    }

    // The planner's totals, and the tables as Swedish Excel saves them.
    std::fs::write(&scenario, fill_totals(&text, "FYLL I")).unwrap();
    let keep_header = |f: &str, rows: &str| {
        let path = dir.join(f);
        let t = std::fs::read_to_string(&path).unwrap();
        let header = t.lines().find(|l| !l.starts_with("\u{feff}#")).unwrap();
        std::fs::write(&path, format!("\u{feff}{header}\n{rows}")).unwrap();
    };
    keep_header(
        "units.csv",
        "U-1;Gruppbostad A;Centrum;gruppbostad;ID|autism;5;5;;;1000;nej\n\
         U-2;Servicebostad B;Söder;servicebostad;ID;10;9;;;900,5;FALSKT\n\
         U-3;Gruppbostad C;Norr;gruppbostad;ID_psychiatric|health;6;6;;;1 200;nej\n\
         U-4;Ny gruppbostad;Centrum;gruppbostad;autism|ID;5;0;2026-03-01;;1100;SANT\n",
    );
    keep_header(
        "start.csv",
        "P-1;queued;autism;2024-10-01;0;nej;\nP-2;queued_external;health;2024-05-15;1;ja;Norr\n",
    );
    let o = run(&["validate", scenario.to_str().unwrap(), "--lang", "sv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let verdict = String::from_utf8_lossy(&o.stdout);
    assert!(
        verdict.contains("giltigt — 4 boenden med 26 platser, 4 målgrupper, 2 personer"),
        "{verdict}"
    );
    let out = tmp.path().join("out");
    run_ok(&[
        "run",
        scenario.to_str().unwrap(),
        "-n",
        "20",
        "-q",
        "--out",
        out.to_str().unwrap(),
        "--lang",
        "sv",
    ]);
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["replications"], 20);
    assert_eq!(summary["scenario"]["name"], "Exempelkommun");
}

/// A Swedish locale picks the Swedish files without `--lang`; an English one the English files.
#[test]
fn the_locale_picks_the_language_of_the_files() {
    let tmp = tempfile::tempdir().unwrap();
    for (locale, marker) in [("sv_SE.UTF-8", "FYLL I"), ("en_GB.UTF-8", "FILL IN")] {
        let dir = tmp.path().join(locale);
        let o = common::lss_sim()
            .args(["init", dir.to_str().unwrap()])
            .env("LANG", locale)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let text = std::fs::read_to_string(dir.join("scenario.toml")).unwrap();
        assert!(text.contains(&format!("= \"{marker}: ")), "{locale}");
    }
}

/// The scenario's `text` with the planner's four totals where `marker` (`FILL IN`, `FYLL I`)
/// stands.
fn fill_totals(text: &str, marker: &str) -> String {
    text.lines()
        .map(|l| match l.split_once(&format!(" = \"{marker}")) {
            Some(("start", _)) => "start = 2025-01-01".to_owned(),
            Some(("end", _)) => "end = 2027-12-31".to_owned(),
            Some(("per_year", _)) => "per_year = 30".to_owned(),
            Some(("backlog", _)) => "backlog = 8".to_owned(),
            _ => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The Swedish scenario shows every value to type with a decimal point, in its comments too
/// (`ANTAGANDE (EST): 0.65`): TOML refuses `0,65`. A decimal comma stays only in prose that
/// no one types (a multiplier: `1,5 gånger`).
#[test]
fn swedish_scenario_shows_values_to_type_with_a_point() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("Kommun");
    run_ok(&["init", dir.to_str().unwrap(), "--lang", "sv"]);
    let text = std::fs::read_to_string(dir.join("scenario.toml")).unwrap();
    for line in text.lines() {
        let b = line.as_bytes();
        let comma = (1..b.len().saturating_sub(1))
            .any(|i| b[i] == b',' && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit());
        assert!(
            !comma || line.contains("gånger") || line.contains("inte 0,65"),
            "a value with a decimal comma: {line}"
        );
    }
    assert!(text.contains("ANTAGANDE (EST): 0.65 (intervall 0.5-0.8)"));
}
