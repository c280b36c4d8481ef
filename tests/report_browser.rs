//! The report in a real browser: headless Chromium prints the baseline's report to PDF (A4) and
//! takes a PNG of it; the test counts the pages, checks that provenance is on every page, that
//! the Swedish text is in the printed PDF, and that no element is wider than the page.
//!
//! `#[ignore]` keeps plain `cargo test` fast; CI runs it (`cargo test -- --include-ignored`).
//! It needs Chromium and poppler-utils (`apt-get install -y chromium poppler-utils` on Debian,
//! which `.ci/run` does when they are missing): without them it fails and says so.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{baseline, run_into_ok, run_ok};

/// Width in CSS pixels of the window the width check and the screenshot use. An A4 page's printed
/// text is 688 px wide (210 mm less the report's 2 x 14 mm margins, at 96 px per inch); the
/// screen layout in this window has 655 px (1.5 rem padding) for 11 pt text, against 688 px for
/// 10 pt in print, so what fits here fits on paper.
const PAGE_WIDTH_PX: u32 = 703;

/// A program on the PATH, or a failure saying how to install it.
fn tool(names: &[&str], package: &str) -> PathBuf {
    for name in names {
        if let Some(p) = std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|d| d.join(name))
                .find(|p| p.is_file())
        }) {
            return p;
        }
    }
    panic!(
        "{} is not installed: the report's browser test needs it. On Debian or Ubuntu, as root: \
         apt-get update && apt-get install -y --no-install-recommends chromium poppler-utils \
         (package {package}); .ci/run does this when it is missing",
        names[0]
    );
}

fn chromium() -> PathBuf {
    tool(&["chromium", "chromium-browser"], "chromium")
}

/// Runs headless Chromium with a fresh profile in `dir` and `args`; its standard output.
fn headless(dir: &Path, args: &[String]) -> String {
    let profile = dir.join(format!("profile-{}", args.len()));
    let o = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("chromium starts");
    assert!(
        o.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn url(path: &Path) -> String {
    format!("file://{}", path.canonicalize().unwrap().display())
}

/// The number of pages of a PDF (`pdfinfo`).
fn pages(pdf: &Path) -> usize {
    let o = Command::new(tool(&["pdfinfo"], "poppler-utils"))
        .arg(pdf)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&o.stdout);
    assert!(info.contains("A4"), "not printed on A4: {info}");
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo says no page count: {info}"))
}

/// The text of a PDF (`pdftotext`), pages separated by form feeds.
fn text(pdf: &Path) -> String {
    let o = Command::new(tool(&["pdftotext"], "poppler-utils"))
        .args([pdf.as_os_str(), "-".as_ref()])
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A script that, once the page has loaded, appends its verdict: `FITS`, or `OVERFLOW` and
/// the elements that reach past the right edge of the window.
const CHECK_WIDTH: &str = r#"<script>
window.addEventListener('load', function () {
  var w = document.documentElement.clientWidth, bad = [];
  document.querySelectorAll('body *').forEach(function (e) {
    var r = e.getBoundingClientRect();
    if (r.width > 0 && (r.right > w + 0.5 || r.left < -0.5))
      bad.push(e.tagName + (e.id ? '#' + e.id : '') + ' ' + Math.round(r.left) + '-' + Math.round(r.right));
  });
  if (document.documentElement.scrollWidth > w) bad.unshift('page ' + document.documentElement.scrollWidth);
  var p = document.createElement('pre');
  p.textContent = 'VERDICT width=' + w + ' ' + (bad.length ? 'OVERFLOW ' + bad.slice(0, 12).join('; ') : 'FITS') + ' END';
  document.body.appendChild(p);
});
</script>"#;

/// The verdict of [`CHECK_WIDTH`] on a copy of `html` with `extra` added to its body.
fn width_verdict(dir: &Path, html: &str, name: &str, extra: &str) -> String {
    let copy = dir.join(name);
    std::fs::write(
        &copy,
        html.replace("</body>", &format!("{extra}{CHECK_WIDTH}</body>")),
    )
    .unwrap();
    let dom = headless(
        dir,
        &[
            format!("--window-size={PAGE_WIDTH_PX},1000"),
            "--virtual-time-budget=10000".into(),
            "--dump-dom".into(),
            url(&copy),
        ],
    );
    let start = dom
        .rfind("VERDICT")
        .unwrap_or_else(|| panic!("the check script left no verdict"));
    dom[start..]
        .split(" END")
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[test]
#[ignore = "needs headless Chromium and poppler-utils; CI runs it with --include-ignored"]
fn report_prints_to_a4_in_a_real_browser() {
    chromium();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("base");
    run_into_ok(&baseline(), "200", &out, &[]);
    for (lang, words) in [
        (
            "sv",
            &[
                "Sammanfattning",
                "simuleringar",
                "målgrupp",
                "Målen år för år",
                "Scenariots antaganden",
                "beläggningsgrad",
            ][..],
        ),
        (
            "en",
            &[
                "Summary",
                "simulations",
                "target group",
                "The goals year by year",
            ][..],
        ),
    ] {
        run_ok(&["report", out.to_str().unwrap(), "--lang", lang]);
        let html = std::fs::read_to_string(out.join("report.html")).unwrap();

        // Printed to PDF: a handful of A4 pages, provenance on each, the words of the language.
        let pdf = dir.path().join(format!("report-{lang}.pdf"));
        headless(
            dir.path(),
            &[
                format!("--print-to-pdf={}", pdf.display()),
                url(&out.join("report.html")),
            ],
        );
        let n = pages(&pdf);
        assert!((6..=30).contains(&n), "{lang}: {n} pages");
        let printed = text(&pdf);
        let seed = if lang == "sv" {
            "slumpfrö 20180831"
        } else {
            "seed 20180831"
        };
        let per_page: Vec<&str> = printed
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        assert_eq!(per_page.len(), n, "{lang}: one text per page");
        for (i, page) in per_page.iter().enumerate() {
            assert!(
                page.contains(seed),
                "{lang}: page {} lacks the provenance",
                i + 1
            );
        }
        for w in words {
            assert!(
                printed.to_lowercase().contains(&w.to_lowercase()),
                "{lang}: the PDF lacks {w:?}"
            );
        }

        // Nothing wider than the page; the check itself sees an element that is.
        assert_eq!(
            width_verdict(dir.path(), &html, &format!("check-{lang}.html"), ""),
            format!("VERDICT width={} FITS", PAGE_WIDTH_PX),
            "{lang}"
        );
        let wide = width_verdict(
            dir.path(),
            &html,
            "check-wide.html",
            "<div style=\"width: 2000px\">wide</div>",
        );
        assert!(
            wide.contains("OVERFLOW"),
            "the width check missed a wide table: {wide}"
        );

        // A PNG of the first screen at the page's width.
        let png = dir.path().join(format!("report-{lang}.png"));
        headless(
            dir.path(),
            &[
                format!("--window-size={PAGE_WIDTH_PX},1000"),
                format!("--screenshot={}", png.display()),
                url(&out.join("report.html")),
            ],
        );
        let bytes = std::fs::read(&png).unwrap();
        assert_eq!(&bytes[1..4], b"PNG");
        let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        assert_eq!(width, PAGE_WIDTH_PX, "{lang}: the screenshot's width");
        assert!(
            bytes.len() > 20_000,
            "{lang}: a blank screenshot ({} bytes)",
            bytes.len()
        );
    }
}
