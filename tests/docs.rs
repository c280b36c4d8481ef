//! The documentation's links and paths resolve: every relative link and image in README.md,
//! ARCHITECTURE.md and docs/ names a file or folder of the repository, every `#anchor` names a
//! heading of its page, and every repository path in backticks (`src/...`, `tests/...`,
//! `benches/...`, `examples/...`, `docs/...`, `scenarios/...`, `assets/...`) exists.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The Markdown pages checked: the two top-level pages and everything under docs/.
fn pages() -> Vec<PathBuf> {
    let mut out = vec![root().join("README.md"), root().join("ARCHITECTURE.md")];
    let mut dirs = vec![root().join("docs")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("docs/ is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The page's lines outside fenced code blocks, with their line numbers.
fn prose(text: &str) -> Vec<(usize, &str)> {
    let mut fenced = false;
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            if l.trim_start().starts_with("```") {
                fenced = !fenced;
                return false;
            }
            !fenced
        })
        .map(|(i, l)| (i + 1, l))
        .collect()
}

/// GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

fn anchors(page: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(page).unwrap_or_default();
    prose(&text)
        .into_iter()
        .filter_map(|(_, l)| l.strip_prefix('#'))
        .map(|l| slug(l.trim_start_matches('#')))
        .collect()
}

/// The targets of `](target)` in a line.
fn link_targets(line: &str) -> Vec<&str> {
    line.match_indices("](")
        .filter_map(|(i, _)| {
            let rest = &line[i + 2..];
            rest.find(')').map(|end| &rest[..end])
        })
        .collect()
}

/// Spans in backticks that are paths inside the repository.
fn repo_paths(line: &str) -> Vec<&str> {
    const TOP: [&str; 7] = [
        "src/",
        "tests/",
        "benches/",
        "examples/",
        "docs/",
        "scenarios/",
        "assets/",
    ];
    line.split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| TOP.iter().any(|t| s.starts_with(t)))
        .filter(|s| !s.contains(|c: char| c.is_whitespace() || "<>*[]".contains(c)))
        .collect()
}

#[test]
fn links_and_paths_in_the_docs_resolve() {
    let mut broken = Vec::new();
    for page in pages() {
        let text = std::fs::read_to_string(&page).expect("a page is readable");
        let dir = page.parent().expect("a page has a folder");
        let name = page
            .strip_prefix(root())
            .unwrap_or(&page)
            .display()
            .to_string();
        for (n, line) in prose(&text) {
            for target in link_targets(line) {
                if target.starts_with("http://") || target.starts_with("https://") {
                    continue;
                }
                let (file, anchor) = match target.split_once('#') {
                    Some((f, a)) => (f, Some(a)),
                    None => (target, None),
                };
                let resolved = if file.is_empty() {
                    page.clone()
                } else {
                    dir.join(file)
                };
                if !resolved.exists() {
                    broken.push(format!("{name}:{n}: link to {target}: no such file"));
                    continue;
                }
                if let Some(a) = anchor
                    && !anchors(&resolved).contains(a)
                {
                    broken.push(format!("{name}:{n}: link to {target}: no such heading"));
                }
            }
            for path in repo_paths(line) {
                if !root().join(path).exists() {
                    broken.push(format!("{name}:{n}: `{path}` does not exist"));
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "broken links or paths:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_slug_is_githubs() {
    assert_eq!(
        slug("Comparing plans: a worked example"),
        "comparing-plans-a-worked-example"
    );
    assert_eq!(
        slug("Charts of `compare` and sweep"),
        "charts-of-compare-and-sweep"
    );
    assert_eq!(
        slug("1. The engine as a textbook queue"),
        "1-the-engine-as-a-textbook-queue"
    );
}
