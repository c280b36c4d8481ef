//! `lss-sim report`: the HTML page for the committee, through the binary. The page's rendering
//! in a real browser (page count, width, the printed text) is in tests/report_browser.rs.

mod common;

use common::{baseline, run, run_into_ok, run_ok, stderr};

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn report_of_a_run_is_one_accessible_page_in_swedish() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("base");
    run_into_ok(&baseline(), "40", &out, &[]);
    let o = run_ok(&["report", out.to_str().unwrap(), "--lang", "sv"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("report.html"));
    let html = read(&out.join("report.html"));
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">"));
    for text in [
        "Sammanfattning",
        "40 simuleringar",
        "slumpfrö 20180831",
        "Målgrupper",
        "Scenariots antaganden",
        "Bilaga: metod och validering",
        "<th scope=\"col\">",
        "<th scope=\"row\">2019</th>",
        // The baseline's assumptions with their basis and range.
        "<th scope=\"row\">applications.per_year</th>",
        "30–70, triangulär",
        // Swedish numbers.
        "98,",
    ] {
        assert!(html.contains(text), "the page lacks {text:?}");
    }
    // The eight charts, inline, each with a role and a label; nothing fetched, nothing run.
    assert_eq!(html.matches("<svg role=\"img\" aria-label=\"").count(), 8);
    for bad in [
        "<script",
        "src=\"http",
        "href=\"http",
        "url(",
        "src=\"file:",
        "<link",
    ] {
        assert!(!html.contains(bad), "the page holds {bad:?}");
    }
    // The summary says what summary.json says: the goal is never met in a goal year.
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let never = summary["goals"]["by_year"]
        .as_array()
        .unwrap()
        .iter()
        .all(|y| y["p_nobody_over_6_months"] == 0.0);
    assert!(
        never,
        "the baseline misses the offer goal in every simulation"
    );
    assert!(html.contains("Målet om erbjudande inom 6 månader nås inte något målår (2019–2022)"));
}

#[test]
fn report_gains_sections_for_a_comparison_and_a_back_test() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("base");
    // The baseline without its observations: no back-test until observations.csv appears.
    let plain = common::baseline_variant(dir.path(), "plain.toml", "observation = []\n");
    run_into_ok(plain.to_str().unwrap(), "20", &out, &[]);
    let before = read(&{
        run_ok(&["report", out.to_str().unwrap()]);
        out.join("report.html")
    });
    assert!(!before.contains("id=\"compare\"") && !before.contains("id=\"backtest\""));
    let no_expansion = common::repo("scenarios/no-expansion.toml");
    run_ok(&[
        "compare",
        &baseline(),
        no_expansion.to_str().unwrap(),
        "-n",
        "20",
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    std::fs::write(
        out.join("observations.csv"),
        "scenario,seed,replications,version,metric,kolada,at,observed,unit,n,sim_mean,sim_p5,sim_p50,sim_p95,percentile,outside_5_95,source,definition\n\
         linkoping-baseline,1,20,0.1.0,ivo_reports,,2018-Q4,36,reports,20,16.2,12,16,20,100,true,IVO via Sveriges Radio,unexecuted after 3 months\n",
    )
    .unwrap();
    run_ok(&["report", out.to_str().unwrap()]);
    let html = read(&out.join("report.html"));
    assert!(html.contains("<h1>LSS housing: linkoping-baseline</h1>"));
    assert!(html.contains("<html lang=\"en\">"));
    for text in [
        "id=\"compare\"",
        "no-expansion",
        "Δ cost, tkr [95 % CI]",
        "<img src=\"data:image&#x2f;svg+xml;base64,PHN2Zy",
        "id=\"backtest\"",
        "<th scope=\"col\">Observed</th>",
        "<th scope=\"col\">Percentile of the observed</th>",
        "<td class=\"num\">36</td>",
    ] {
        assert!(html.contains(text), "the page lacks {text:?}");
    }
}

#[test]
fn report_refuses_a_folder_without_results() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["report", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("holds no results of lss-sim"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("report.html").exists());
    let o = run(&["report", dir.path().to_str().unwrap(), "--lang", "sv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("innehåller inga resultat från lss-sim"),
        "{}",
        stderr(&o)
    );
    let missing = dir.path().join("nothing-here");
    let o = run(&["report", missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("not a folder of results"),
        "{}",
        stderr(&o)
    );
    assert!(!missing.exists(), "no folder is created");
    std::fs::write(dir.path().join("summary.json"), "{\"version\": 1,\n  oops").unwrap();
    let o = run(&["report", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("summary.json:"), "{}", stderr(&o));
}

/// The page's text as a reader sees it: entities of the template's escaping resolved, soft
/// hyphens removed.
fn page_text(path: &std::path::Path) -> String {
    read(path)
        .replace("&#x2f;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .replace(['\u{ad}'], "")
}

/// Issue 19: in a Swedish locale every section of the report is filled and in Swedish: the
/// assumptions explained (the Swedish `scenario.resolved.toml` and `ANTAGANDE (EST)`), the plan's
/// tables read from its Swedish CSV files, metrics in words, the sensitivity's base value, the
/// number of simulations in the appendix, the chart captions saying what the charts draw, no
/// footnote without its mark, and files by their names, not by paths from the output folder.
#[test]
fn report_in_a_swedish_locale_fills_every_section_in_swedish() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sv = |args: &[&str]| {
        let o = common::lss_sim()
            .env("LANG", "sv_SE.UTF-8")
            .args(args)
            .output()
            .unwrap();
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    };
    let out = |name: &str| d.join("ut").join(name).display().to_string();
    // The goals from the horizon's first year; an implausible withdrawal rate (a warning).
    let scenario = common::baseline_variant(
        d,
        "v.toml",
        "name = \"v\"\n[goals]\n# ANTAGANDE (EST): målen gäller från start.\nfirst_goal_year = 2018\n\n\
         [queue]\nwithdrawal_rate_per_year = 0.6\n",
    );
    let scenario = scenario.to_str().unwrap();
    sv(&["run", scenario, "-n", "10", "-q", "--out", &out("kor")]);
    sv(&["report", &out("kor")]);
    let run = page_text(&d.join("ut/kor/report.html"));
    for text in [
        "en källa, eller ANTAGANDE (EST) för en uppskattning",
        // The basis column is filled from the scenario's own files.
        "<td>EST</td><td>ANTAGANDE (EST): målen gäller från start.</td>",
        // The register of people by its file name.
        "<td>linkoping-2018-08-31.csv</td>",
        "<li>v.toml:",
        "(median och de mittersta 90 % av simuleringarna)",
        "körd 10 gånger",
    ] {
        assert!(run.contains(text), "the run's report lacks {text:?}");
    }
    for text in [
        "Före det första målåret",
        "../",
        "medelvärde och de mittersta 90 %",
    ] {
        assert!(!run.contains(text), "the run's report holds {text:?}");
    }

    let no_expansion = common::repo("scenarios/no-expansion.toml");
    sv(&[
        "compare",
        &baseline(),
        no_expansion.to_str().unwrap(),
        "-n",
        "10",
        "-q",
        "--out",
        &out("jmf"),
    ]);
    sv(&["report", &out("jmf")]);
    let compare = page_text(&d.join("ut/jmf/report.html"));
    assert!(
        compare.contains(
            "<th scope=\"col\">Personer som väntat över 6 månader utan erbjudande vid årets slut, medelvärde</th>"
        ),
        "{compare}"
    );
    assert!(compare.contains("körd 10 gånger"));
    assert!(!compare.contains("over_6_months") && !compare.contains("körd ? gånger"));

    sv(&[
        "sensitivity",
        &baseline(),
        "-n",
        "10",
        "--trajectories",
        "0",
        "-q",
        "--out",
        &out("kansl"),
    ]);
    sv(&["report", &out("kansl")]);
    let sens = page_text(&d.join("ut/kansl/report.html"));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("ut/kansl/sensitivity.json")).unwrap())
            .unwrap();
    let base = json["base"]["2022"]["over_6_months"].as_f64().unwrap();
    let base = format!("{base:.1}").replace('.', ",");
    assert!(
        sens.contains(&format!(
            "effekten på personer som väntat över 6 månader utan erbjudande vid årets slut 2022 (bas {base})"
        )),
        "{sens}"
    );
    assert!(sens.contains("körd 10 gånger"));

    let plan = common::repo("scenarios/plans/linkoping-2020.toml");
    sv(&[
        "plan",
        &baseline(),
        plan.to_str().unwrap(),
        "-n",
        "12",
        "-q",
        "--out",
        &out("plan"),
    ]);
    sv(&["report", &out("plan")]);
    let page = page_text(&d.join("ut/plan/report.html"));
    for text in [
        "<th scope=\"row\">PLAN-autism-6-1</th><td>gruppbostad</td>",
        "<th scope=\"row\">2022</th>",
        "körd 12 gånger",
    ] {
        assert!(page.contains(text), "the plan's report lacks {text:?}");
    }
}
