//! The command line: what the user typed ([`Cli`]), and the commands that act on it.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use crate::calendar::PeriodKind;
use crate::error::{Error, Result};
use crate::experiment::{self, Settings};
use crate::report::{self, CsvDialect, write};
use crate::scenario;

/// Monte Carlo capacity planning for LSS housing (bostad med särskild service).
#[derive(Debug, Parser)]
#[command(name = "lss-sim", version, about, long_about = None)]
pub struct Cli {
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a scenario's replications and write its results.
    Run(RunArgs),
    /// Check a scenario and print it resolved (after `extends`).
    Validate(ValidateArgs),
    /// Re-draw the charts of a finished run from its summary.json, without simulating.
    Plot(PlotArgs),
}

/// `lss-sim run`
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    /// Number of replications (default: the scenario's).
    #[arg(short = 'n', long)]
    pub replications: Option<u32>,
    /// Base seed (default: the scenario's).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads (default: one per core). Results do not depend on it.
    #[arg(short = 'j', long, default_value_t = 0)]
    pub threads: usize,
    /// Output folder (default: output/<scenario name>).
    #[arg(short, long)]
    pub out: Option<PathBuf>,
    /// Replace results of another scenario or seed in the output folder.
    #[arg(long)]
    pub force: bool,
    /// No progress bar and no summary table.
    #[arg(short, long)]
    pub quiet: bool,
    /// CSV flavour: `plain`, or `excel-sv` for Swedish Excel (semicolons, decimal commas, BOM).
    #[arg(long, value_enum, default_value_t = CsvDialect::Plain)]
    pub csv_dialect: CsvDialect,
    /// Language of the charts and of the CSV column headers: `en` or `sv`.
    #[arg(long, value_enum, default_value_t = report::Lang::En)]
    pub lang: report::Lang,
    /// Width of the charts in pixels (height is 5/8 of it).
    #[arg(long, default_value_t = report::charts::DEFAULT_WIDTH)]
    pub width: u32,
}

/// `lss-sim plot`
#[derive(Debug, Args)]
pub struct PlotArgs {
    /// A folder written by `lss-sim run` (it holds summary.json).
    pub output_dir: PathBuf,
    /// Language of the charts: `en` or `sv`.
    #[arg(long, value_enum, default_value_t = report::Lang::En)]
    pub lang: report::Lang,
    /// Width of the charts in pixels (height is 5/8 of it).
    #[arg(long, default_value_t = report::charts::DEFAULT_WIDTH)]
    pub width: u32,
}

/// `lss-sim validate`
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Run(args) => run_scenario(&args),
        Command::Validate(args) => validate(&args.scenario),
        Command::Plot(args) => plot(&args),
    }
}

/// Re-draws the charts from `summary.json`; each file is replaced atomically.
fn plot(args: &PlotArgs) -> Result<()> {
    let path = args.output_dir.join(write::MARKER);
    let bytes = std::fs::read(&path).map_err(|source| Error::Read { path: path.clone(), source })?;
    let summary = report::charts::SummaryFile::from_json(&bytes).map_err(|e| {
        let text = String::from_utf8_lossy(&bytes);
        let loc = crate::error::Location::at_line(&path, &text, e.line());
        Error::input(loc, format!("not a summary.json of lss-sim: {e}"))
    })?;
    for (name, bytes) in report::charts::render_all(&summary, args.lang, args.width)? {
        write::write_atomic(&args.output_dir.join(name), &bytes)?;
    }
    Ok(())
}

fn validate(path: &Path) -> Result<()> {
    let loaded = scenario::read(path)?;
    let s = scenario::validate_loaded(&loaded)?;
    print!("{}", resolved_toml(&loaded, s.seed, s.replications));
    let places: u32 = s.units.iter().map(|u| u.places).sum();
    eprintln!(
        "{}: valid — {} units with {} places, {} profiles, {} people in the start state, {} to {}",
        path.display(),
        s.units.len(),
        places,
        s.profiles.len(),
        s.start_people.len(),
        s.start,
        s.end
    );
    Ok(())
}

/// The merged scenario as TOML, with the seed and replications actually used.
fn resolved_toml(loaded: &scenario::Loaded, seed: u64, replications: u32) -> String {
    let mut table = loaded.merged.clone();
    table.insert("seed".into(), toml::Value::Integer(seed as i64));
    table.insert("replications".into(), toml::Value::Integer(replications as i64));
    let chain: Vec<String> = loaded.layers.iter().map(|l| l.path.display().to_string()).collect();
    format!(
        "# Resolved by lss-sim {} from {}\n# (`extends` merged; paths relative to the folder lss-sim ran in)\n{}",
        report::VERSION,
        chain.join(" <- "),
        toml::to_string_pretty(&table).unwrap_or_default()
    )
}

fn run_scenario(args: &RunArgs) -> Result<()> {
    let loaded = scenario::read(&args.scenario)?;
    let s = scenario::validate_loaded(&loaded)?;
    let settings = Settings {
        replications: args.replications.unwrap_or(s.replications),
        seed: args.seed.unwrap_or(s.seed),
        threads: args.threads,
    };
    if settings.replications == 0 || settings.replications > scenario::MAX_REPLICATIONS {
        return Err(Error::Usage(format!(
            "--replications {} is outside 1 to {}",
            settings.replications,
            scenario::MAX_REPLICATIONS
        )));
    }
    let out = args.out.clone().unwrap_or_else(|| Path::new("output").join(&s.name));
    write::check_target(&out, &s.name, settings.seed, settings.replications, args.force)?;

    let bar = if args.quiet || !std::io::stderr().is_terminal() {
        indicatif::ProgressBar::hidden()
    } else {
        let bar = indicatif::ProgressBar::new(settings.replications as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} replications, {per_sec}, eta {eta}")
                .expect("valid template")
                .progress_chars("=> "),
        );
        bar.set_message(s.name.clone());
        bar
    };
    let started = std::time::Instant::now();
    let results = experiment::run(&s, &settings, &|| bar.inc(1))?;
    bar.finish_and_clear();
    let elapsed = started.elapsed();

    let d = args.csv_dialect;
    let mut files = vec![
        ("scenario.resolved.toml".to_owned(), resolved_toml(&loaded, settings.seed, settings.replications).into_bytes()),
        ("yearly.csv".to_owned(), report::period_csv(&results, PeriodKind::Year, d, args.lang)),
        ("quarterly.csv".to_owned(), report::period_csv(&results, PeriodKind::Quarter, d, args.lang)),
        ("monthly.csv".to_owned(), report::period_csv(&results, PeriodKind::Month, d, args.lang)),
        ("units.csv".to_owned(), report::units_csv(&results, d, args.lang)),
    ];
    // Charts are drawn from the summary.json bytes themselves, as `lss-sim plot` draws them.
    let summary = report::summary_json(&results);
    let parsed = report::charts::SummaryFile::from_json(&summary)
        .map_err(|e| Error::Chart { chart: "summary.json".into(), message: e.to_string() })?;
    files.extend(report::charts::render_all(&parsed, args.lang, args.width)?);
    files.push((write::MARKER.to_owned(), summary));
    write::write_files(&out, &files)?;
    if !args.quiet {
        print!("{}", report::table::summary(&results));
        println!(
            "\n{} replications in {:.1} s ({} events); results in {}",
            settings.replications,
            elapsed.as_secs_f64(),
            results.events,
            out.display()
        );
    }
    Ok(())
}
