//! `lss-sim init`: a new municipality's folder, what `validate` says of it untouched, and that
//! filling in a few totals gives a scenario that runs.

mod common;

use common::{run, run_ok, stderr};

#[test]
fn init_then_fill_in_a_few_totals_gives_a_scenario_that_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("Exempelkommun");
    let o = run_ok(&["init", dir.to_str().unwrap(), "--lang", "sv"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("fyll i"));
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
        "start:",
        "end:",
        "per_year:",
        "backlog:",
        "units.csv:1",
        "start.csv:1",
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
    let filled = text
        .lines()
        .map(|l| match l.split_once(" = \"FILL IN") {
            Some(("start", _)) => "start = 2025-01-01".to_owned(),
            Some(("end", _)) => "end = 2027-12-31".to_owned(),
            Some(("per_year", _)) => "per_year = 30".to_owned(),
            Some(("backlog", _)) => "backlog = 8".to_owned(),
            _ => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&scenario, filled).unwrap();
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
/// same header as the CSV files, so a planner who prefers Excel starts from the same table.
#[test]
fn init_writes_the_tables_as_workbooks_with_the_csv_headers() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("kommun");
    run_ok(&["init", dir.to_str().unwrap()]);
    for table in ["units", "start"] {
        let csv = std::fs::read_to_string(dir.join(format!("{table}.csv"))).unwrap();
        let mut book: Xlsx<_> = open_workbook(dir.join(format!("{table}.xlsx"))).unwrap();
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
            "{table}: the FILL IN row in one cell"
        );
        assert!(rows[0][0].contains("FILL IN"));
        assert_eq!(rows[1].join(","), lines[1], "{table}: the CSV's header");
    }
}
