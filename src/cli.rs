//! The command line: what the user typed ([`Cli`]), and the commands that act on it.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use chrono::Datelike;
use clap::{Args, Parser, Subcommand};

use crate::calendar::PeriodKind;
use crate::error::{Error, Result};
use crate::experiment::{self, Settings};
use crate::model::Scenario;
use crate::report::{self, CsvDialect, write};
use crate::scenario;

mod swedish;

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
    /// Start a new municipality: a scenario with every field explained, an empty unit register
    /// and start state, and what to fill in first.
    Init(InitArgs),
    /// Re-draw the charts of a finished run from its summary.json, without simulating.
    Plot(PlotArgs),
    /// Write report.html, one page for the committee, from the results in an output folder.
    Report(ReportArgs),
    /// Compare scenarios against the first, with common random numbers.
    Compare(CompareArgs),
    /// Vary one or two parameters over a grid and find the cheapest point meeting a goal.
    Sweep(SweepArgs),
    /// Find the cheapest schedule of new units from a menu that meets the goals.
    Plan(PlanArgs),
    /// Which assumption moves the answer: a tornado of every `[uncertainty]` range, and Morris screening.
    Sensitivity(SensitivityArgs),
    /// Fit chosen parameters to the scenario's observations (ABC rejection, common random numbers).
    Calibrate(CalibrateArgs),
    /// Check the engine against queueing theory: Erlang C and B, and Little's law.
    Check(CheckArgs),
    /// Time a scenario on this machine: replications/s, events/s, speed-up, peak memory.
    Bench(BenchArgs),
}

/// `lss-sim bench`
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// The scenario file.
    pub scenario: PathBuf,
    /// Replications per timed run.
    #[arg(short = 'n', long, value_parser = parse_replications, default_value = "10000")]
    pub replications: u32,
    /// Threads of the parallel run (0, the default, is one per core; at most 4 per core, 256 in
    /// all); the first run uses one.
    #[arg(short = 'j', long, value_parser = parse_threads, default_value = "0")]
    pub threads: usize,
    /// Language of the report and messages: `en` or `sv` (default: the locale's).
    #[arg(long, value_enum, default_value_t = report::Lang::from_env())]
    pub lang: report::Lang,
}

/// `lss-sim sweep`
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// The base scenario.
    pub scenario: PathBuf,
    /// A parameter and its values: `PATH=V1,V2,...` or `PATH=START:STOP:STEP`; PATH is a key of
    /// the scenario file (`applications.growth_per_year`) or `unit.<id>.places` / `unit.<id>.opens`.
    /// Once or twice.
    #[arg(long = "vary", required = true, num_args = 1)]
    pub vary: Vec<String>,
    /// The year whose goals are assessed (default: the last goal year, the horizon's last).
    #[arg(long)]
    pub year: Option<i32>,
    /// The goal to meet.
    #[arg(long, value_enum, default_value_t = crate::grid::Goal::Offer)]
    pub goal: crate::grid::Goal,
    /// The probability with which the goal must be met.
    #[arg(long, default_value_t = 0.8, value_parser = parse_number)]
    pub probability: f64,
    /// Replications, seed, threads and output.
    #[command(flatten)]
    pub run: RunOptions,
}

/// `lss-sim plan`
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The base scenario.
    pub scenario: PathBuf,
    /// The plan file: goals, decision grid and the menu of unit templates (docs/plan.md).
    pub plan: PathBuf,
    /// Replications per evaluated schedule (-n, default: the plan's `search.replications`),
    /// seed of the search (default: the scenario's), threads and output (default:
    /// output/plan-SCENARIO).
    #[command(flatten)]
    pub run: RunOptions,
}

/// `lss-sim sensitivity`
#[derive(Debug, Args)]
pub struct SensitivityArgs {
    /// The scenario file; its `[uncertainty]` table names the ranges.
    pub scenario: PathBuf,
    /// Morris trajectories of the global analysis (0 = tornado only).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(0..=1000))]
    pub trajectories: u32,
    /// Replications of each Morris point (default: 100, or -n if smaller).
    #[arg(long, value_parser = parse_replications)]
    pub morris_replications: Option<u32>,
    /// A further output to analyse besides the key figures (a metric name of yearly.csv, such as
    /// wait_to_first_offer_days); may be repeated.
    #[arg(long = "metric")]
    pub metrics: Vec<String>,
    /// Replications (per point), seed, threads and output.
    #[command(flatten)]
    pub run: RunOptions,
}

/// `lss-sim calibrate`
#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// The scenario file; its observations are what the parameters are fitted to.
    pub scenario: PathBuf,
    /// A parameter to fit and its prior range, `PATH=LOW:HIGH` (PATH a numeric key of the
    /// scenario file, as for sweep --vary); repeat for each parameter.
    #[arg(long = "fit", required = true, num_args = 1)]
    pub fit: Vec<String>,
    /// Parameter draws from the priors.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(10..=1_000_000))]
    pub draws: u32,
    /// Replications per draw (the same for every draw: common random numbers).
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub per_draw: u32,
    /// The share of (draw, replication) pairs accepted (the ABC tolerance as a quantile).
    #[arg(long, default_value_t = 0.02, value_parser = parse_number)]
    pub accept: f64,
    /// Replications of the back-test before and after (-n, default: the scenario's), seed,
    /// threads and output (default: output/calibrate-SCENARIO).
    #[command(flatten)]
    pub run: RunOptions,
}

/// `lss-sim compare`
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The reference scenario, then the scenarios compared with it.
    #[arg(required = true, num_args = 2..)]
    pub scenarios: Vec<PathBuf>,
    /// Also compare per target group (profile): prints the last year's people over the offer
    /// goal per profile with paired differences, and writes compare-profiles.csv.
    #[arg(long)]
    pub by_profile: bool,
    /// Every scenario draws its `[uncertainty]` ranges anew in every replication; replication r
    /// draws the same value of a parameter with the same range in every scenario (common random
    /// numbers for the assumptions as for chance).
    #[arg(long)]
    pub assumption_uncertainty: bool,
    /// Replications, seed, threads and output.
    #[command(flatten)]
    pub run: RunOptions,
}

/// What `run`, `compare` and `sweep` share: how many replications, where the results go, how
/// they are written.
#[derive(Debug, Args)]
pub struct RunOptions {
    /// Number of replications (default: the scenario's; for compare, the reference's; for
    /// sweep, per point).
    #[arg(short = 'n', long, value_parser = parse_replications)]
    pub replications: Option<u32>,
    /// Base seed, the same for every scenario or point (default: the scenario's; for compare,
    /// the reference's).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads (0, the default, is one per core; at most 4 per core, 256 in all). Results
    /// do not depend on it.
    #[arg(short = 'j', long, value_parser = parse_threads, default_value = "0")]
    pub threads: usize,
    /// Output folder (default: output/SCENARIO for run, output/compare-REFERENCE for compare,
    /// output/COMMAND-SCENARIO for sweep, plan, sensitivity and calibrate).
    #[arg(short, long)]
    pub out: Option<PathBuf>,
    /// Replace earlier results in the output folder (run needs it only for results of another
    /// scenario, seed or replications; compare and sweep for any earlier results).
    #[arg(long)]
    pub force: bool,
    /// No progress bar and no summary table.
    #[arg(short, long)]
    pub quiet: bool,
    /// CSV flavour: `plain`, or `excel-sv` for Swedish Excel (semicolons, decimal commas, BOM).
    #[arg(long, value_enum, default_value_t = CsvDialect::Plain)]
    pub csv_dialect: CsvDialect,
    /// Language of the printed summary, the messages, the charts and the CSV headers and metric
    /// names: `en` or `sv` (default: Swedish when the locale is, LC_ALL/LC_MESSAGES/LANG `sv*`).
    #[arg(long, value_enum, default_value_t = report::Lang::from_env())]
    pub lang: report::Lang,
}

impl RunOptions {
    /// The experiment's settings: the options, or the scenario's own replications and seed.
    fn settings(&self, scenario: &Scenario) -> Settings {
        Settings {
            replications: self.replications.unwrap_or(scenario.replications),
            seed: self.seed.unwrap_or(scenario.seed),
            threads: self.threads,
        }
    }

    /// The output folder: `--out`, or `output/DEFAULT`.
    fn out_dir(&self, default: &str) -> PathBuf {
        self.out
            .clone()
            .unwrap_or_else(|| Path::new("output").join(default))
    }

    /// A spinner counting replications, for a run whose total is not known in advance (the
    /// planner's search), on a terminal and unless quiet.
    fn spinner(&self, label: &str) -> indicatif::ProgressBar {
        if self.quiet || !std::io::stderr().is_terminal() {
            return indicatif::ProgressBar::hidden();
        }
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template(&crate::msg!(
                "{{spinner}} {{msg}}: {{pos}} replications, {{per_sec}}, {{elapsed}}",
                "{{spinner}} {{msg}}: {{pos}} simuleringar, {{per_sec}}, {{elapsed}}"
            ))
            .expect("valid template"),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        bar.set_message(label.to_owned());
        bar
    }

    /// A progress bar over `total` replications named `label`, on a terminal and unless quiet.
    fn progress(&self, total: u64, label: &str) -> indicatif::ProgressBar {
        if self.quiet || !std::io::stderr().is_terminal() {
            return indicatif::ProgressBar::hidden();
        }
        let bar = indicatif::ProgressBar::new(total);
        bar.set_style(
            indicatif::ProgressStyle::with_template(&crate::msg!(
                "{{spinner}} {{msg}} [{{bar:30}}] {{pos}}/{{len}} replications, {{rate}}, eta {{eta}}",
                "{{spinner}} {{msg}} [{{bar:30}}] {{pos}}/{{len}} simuleringar, {{rate}}, kvar {{eta}}"
            ))
            .expect("valid template")
            // Whole replications per second (indicatif's own `per_sec` shows four decimals).
            .with_key(
                "rate",
                |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0}/s", state.per_sec());
                },
            )
            .progress_chars("=> "),
        );
        bar.set_message(label.to_owned());
        bar
    }
}

/// `lss-sim run`
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    /// Replications, seed, threads and output.
    #[command(flatten)]
    pub run: RunOptions,
    /// Width of the charts in pixels (height is 5/8 of it).
    #[arg(long, default_value_t = report::charts::DEFAULT_WIDTH)]
    pub width: u32,
    /// Draw the `[uncertainty]` ranges anew in every replication, so the bands show what is not
    /// known about the inputs as well as chance (each output says so).
    #[arg(long)]
    pub assumption_uncertainty: bool,
}

/// `lss-sim plot`
#[derive(Debug, Args)]
pub struct PlotArgs {
    /// A folder written by `lss-sim run` (it holds summary.json).
    pub output_dir: PathBuf,
    /// Language of the charts and messages: `en` or `sv` (default: the locale's).
    #[arg(long, value_enum, default_value_t = report::Lang::from_env())]
    pub lang: report::Lang,
    /// Width of the charts in pixels (height is 5/8 of it).
    #[arg(long, default_value_t = report::charts::DEFAULT_WIDTH)]
    pub width: u32,
}

/// `lss-sim init`
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The new folder (it must not exist, or be empty).
    pub dir: PathBuf,
    /// Language of the files written and of what is printed: `en` or `sv` (default: the
    /// locale's).
    #[arg(long, value_enum, default_value_t = report::Lang::from_env())]
    pub lang: report::Lang,
}

/// `lss-sim report`
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// A folder of results: of `run` (summary.json), `compare`, `plan` or `sensitivity`.
    pub output_dir: PathBuf,
    /// Language of the report: `en` or `sv` (default: the locale's).
    #[arg(long, value_enum, default_value_t = report::Lang::from_env())]
    pub lang: report::Lang,
}

/// `lss-sim validate`
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    /// Also print the scenario resolved (after `extends`) as TOML on standard output; the
    /// verdict then goes to standard error, so `> file.toml` saves the TOML alone.
    #[arg(long)]
    pub resolved: bool,
    /// Language of the verdict and messages: `en` or `sv` (default: the locale's).
    #[arg(long, value_enum, default_value_t = report::Lang::from_env())]
    pub lang: report::Lang,
}

/// Parses `--replications`: a whole number from 1 to [`scenario::MAX_REPLICATIONS`]. Clap's own
/// message for 10^12 would be "number too large to fit in target type", which says nothing of
/// the limit or what to type instead.
fn parse_replications(s: &str) -> std::result::Result<u32, String> {
    let max = scenario::MAX_REPLICATIONS;
    let digits = s.trim().replace('_', "");
    match digits.parse::<u64>() {
        Ok(n) if (1..=max as u64).contains(&n) => Ok(n as u32),
        Ok(0) => Err(crate::msg!(
            "0 replications is below the limit of 1 to {}: ask for at least 1 (1000 gives tight intervals)",
            "0 simuleringar är under gränsen 1 till {}: be om minst 1 (1000 ger snäva intervall)",
            max
        )),
        Ok(n) => Err(crate::msg!(
            "{} replications is outside the limit of 1 to {}: ask for fewer (1000 gives tight intervals)",
            "{} simuleringar är utanför gränsen 1 till {}: be om färre (1000 ger snäva intervall)",
            n,
            max
        )),
        Err(_) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
            Err(crate::msg!(
                "{} replications is far above the limit of {}: ask for fewer (1000 gives tight intervals)",
                "{} simuleringar är långt över gränsen {}: be om färre (1000 ger snäva intervall)",
                s,
                max
            ))
        }
        Err(_) => Err(crate::msg!(
            "`{}` is not a whole number of replications (1 to {})",
            "`{}` är inte ett helt antal simuleringar (1 till {})",
            s,
            max
        )),
    }
}

/// Parses a decimal number (`--probability`, `--accept`): finite, with a point; a decimal comma
/// (`0,8`) is refused with what was meant, where clap would only say "invalid float literal".
fn parse_number(s: &str) -> std::result::Result<f64, String> {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| crate::lang::not_a_number(s))
}

/// The most worker threads `--threads` accepts on any machine.
pub const MAX_THREADS: usize = 256;

/// The most worker threads `--threads` accepts on this machine: 4 per core, at most
/// [`MAX_THREADS`]. Threads beyond the cores only wait for a core (each with its own workspace
/// and histograms), so more than this is a typo: `-j 1000` ran 60 times slower in 638 MB, and
/// `-j 1000000` aborted the process when the system had no more threads to give.
pub fn thread_limit() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.saturating_mul(4).min(MAX_THREADS)
}

/// Parses `--threads`: 0 (one per core) up to [`thread_limit`].
fn parse_threads(s: &str) -> std::result::Result<usize, String> {
    let max = thread_limit();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let digits = s.trim().replace('_', "");
    match digits.parse::<u64>() {
        Ok(n) if n <= max as u64 => Ok(n as usize),
        _ if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => Err(crate::msg!(
            "{} threads is more than the limit of {} (4 for each of this machine's {} cores, at most {}): ask for fewer, or leave out --threads for one per core",
            "{} trådar är fler än gränsen {} (4 för var och en av datorns {} kärnor, högst {}): be om färre, eller utelämna --threads för en per kärna",
            s,
            max,
            cores,
            MAX_THREADS
        )),
        _ => Err(crate::msg!(
            "`{}` is not a whole number of threads (0 for one per core, up to {})",
            "`{}` är inte ett helt antal trådar (0 för en per kärna, upp till {})",
            s,
            max
        )),
    }
}

/// Writes `text` to standard output and flushes it, so that a closed pipe or a full disk is an
/// [`Error::Stdout`] (on a closed pipe the binary then ends quietly) instead of the panic of
/// `print!`.
pub fn print_out(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(Error::Stdout)
}

/// `results in DIR` (`resultat i DIR`), the last line of a command that writes a folder.
fn results_in(out: &Path) -> String {
    crate::msg!("results in {}\n", "resultat i {}\n", out.display())
}

/// `warning: TEXT` (`varning: TEXT`), for standard error.
pub fn warning_line(text: &str) -> String {
    crate::msg!("warning: {}", "varning: {}", text)
}

/// Writes `line` to standard error; a failure is ignored, as there is nowhere left to report it.
pub fn print_err(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

impl Cli {
    /// The language the command was asked for (`--lang`, or the locale's).
    pub fn lang(&self) -> report::Lang {
        match &self.command {
            Command::Run(a) => a.run.lang,
            Command::Validate(a) => a.lang,
            Command::Plot(a) => a.lang,
            Command::Compare(a) => a.run.lang,
            Command::Sweep(a) => a.run.lang,
            Command::Plan(a) => a.run.lang,
            Command::Sensitivity(a) => a.run.lang,
            Command::Check(a) => a.lang,
            Command::Bench(a) => a.lang,
            Command::Calibrate(a) => a.run.lang,
            Command::Init(a) => a.lang,
            Command::Report(a) => a.lang,
        }
    }
}

/// The language of `--lang` in raw arguments (`--lang sv`, `--lang=sv`), for the messages of
/// the command-line parsing itself, before the arguments are parsed; `None` without it.
pub fn lang_in_args(args: &[std::ffi::OsString]) -> Option<report::Lang> {
    let value = args.iter().enumerate().find_map(|(i, a)| {
        let a = a.to_str()?;
        if a == "--lang" {
            args.get(i + 1).and_then(|v| v.to_str())
        } else {
            a.strip_prefix("--lang=")
        }
    })?;
    match value {
        "sv" => Some(report::Lang::Sv),
        "en" => Some(report::Lang::En),
        _ => None,
    }
}

/// Parses the command line (`args` with the program's name first), in the language of the
/// messages (`--lang`, else the locale): in Swedish, `--help` and clap's messages about the
/// syntax are Swedish too. Help and syntax errors exit here, as clap's own parsing does.
pub fn parse(args: &[std::ffi::OsString]) -> Cli {
    use clap::{CommandFactory, FromArgMatches};
    let lang = lang_in_args(args).unwrap_or_else(report::Lang::from_env);
    if lang == report::Lang::En {
        return Cli::parse_from(args);
    }
    let mut cmd = swedish::command(Cli::command());
    let matches = match cmd.try_get_matches_from_mut(args) {
        Ok(m) => m,
        Err(e) => swedish_exit(&e),
    };
    if let Some(("help", sub)) = matches.subcommand() {
        let mut target = &mut cmd;
        for name in sub.get_many::<String>("command").into_iter().flatten() {
            match target.find_subcommand_mut(name) {
                Some(s) => target = s,
                None => {
                    let _ = std::io::stderr()
                        .write_all(format!("fel: okänt kommando `{name}`\n").as_bytes());
                    std::process::exit(2);
                }
            }
        }
        let _ = target.print_help();
        std::process::exit(0);
    }
    match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => swedish_exit(&e),
    }
}

/// Prints clap's error `e` in Swedish (help and version as they are) and exits as clap would.
fn swedish_exit(e: &clap::Error) -> ! {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
        }
        _ => {
            let _ = std::io::stderr().write_all(swedish::message(e).as_bytes());
        }
    }
    std::process::exit(e.exit_code())
}

/// Runs the parsed command line. The language of the messages is fixed first.
pub fn run(cli: Cli) -> Result<()> {
    crate::lang::set_messages(cli.lang());
    match cli.command {
        Command::Run(args) => run_scenario(&args),
        Command::Validate(args) => validate(&args),
        Command::Init(args) => init(&args),
        Command::Plot(args) => plot(&args),
        Command::Report(args) => report_html(&args),
        Command::Compare(args) => compare(&args),
        Command::Sweep(args) => sweep(&args),
        Command::Plan(args) => plan(&args),
        Command::Sensitivity(args) => sensitivity(&args),
        Command::Calibrate(args) => calibrate(&args),
        Command::Check(args) => check(&args),
        Command::Bench(args) => {
            let s = scenario::load(&args.scenario)?;
            print_warnings([&s]);
            print_out(&crate::bench::bench(&s, args.replications, args.threads)?.text(args.lang))
        }
    }
}

/// Runs every grid point with common random numbers and reports the goals and cost per point.
fn sweep(args: &SweepArgs) -> Result<()> {
    use crate::sweep::{apply, parse_varies, point};
    let loaded = scenario::read(&args.scenario)?;
    let base = scenario::validate_loaded(&loaded)?;
    let varies = parse_varies(&args.vary)?;
    if !(0.0..=1.0).contains(&args.probability) {
        return Err(Error::Usage(crate::msg!(
            "--probability {} must be between 0 and 1",
            "--probability {} måste vara mellan 0 och 1",
            args.probability
        )));
    }
    let year = args.year.unwrap_or(base.end.year());
    if !(base.start.year()..=base.end.year()).contains(&year) {
        return Err(Error::Usage(crate::msg!(
            "--year {} is outside the horizon {} to {}",
            "--year {} ligger utanför tidshorisonten {} till {}",
            year,
            base.start,
            base.end
        )));
    }
    // The grid, every point validated before anything runs.
    let mut grid: Vec<Vec<String>> = vec![vec![]];
    for v in &varies {
        grid = grid
            .into_iter()
            .flat_map(|g| {
                v.values
                    .iter()
                    .map(move |x| [g.clone(), vec![x.clone()]].concat())
            })
            .collect();
    }
    let scenarios = grid
        .iter()
        .map(|values| {
            let settings: Vec<(&str, &str)> = varies
                .iter()
                .zip(values)
                .map(|(v, x)| (v.path.as_str(), x.as_str()))
                .collect();
            apply(&loaded, &settings)
        })
        .collect::<Result<Vec<_>>>()
        .map_err(|e| crate::sweep::comma_hint(e, &args.vary))?;
    print_warnings(std::iter::once(&base).chain(&scenarios));
    let settings = args.run.settings(&base);
    let out = args.run.out_dir(&format!("sweep-{}", base.name));
    let _lock = write::OutputLock::acquire(&out)?;
    if !args.run.force && out.join("sweep.json").exists() {
        return Err(Error::OutputConflict {
            path: out,
            message: crate::msg!(
                "holds an earlier sweep; use --force to replace it, or --out to write elsewhere",
                "innehåller ett tidigare svep; ersätt det med --force, eller skriv någon annanstans med --out"
            ),
        });
    }
    let bar = args.run.progress(
        settings.replications as u64 * scenarios.len() as u64,
        &format!("sweep {}", base.name),
    );
    let mut points = Vec::new();
    for (values, s) in grid.into_iter().zip(&scenarios) {
        let r = experiment::run(s, &settings, &|| bar.inc(1))?;
        points.push(point(values, &r, year)?);
    }
    bar.finish_and_clear();
    let info = report::sweep::SweepInfo {
        scenario: base.name.clone(),
        parameters: varies
            .iter()
            .map(|v| (v.path.clone(), v.values.clone()))
            .collect(),
        replications: settings.replications,
        seed: settings.seed,
        year,
        goal: args.goal,
        probability: args.probability,
        // The goals are the same at every point (a sweep cannot vary them): the outputs name
        // the base's.
        goals: crate::metrics::GoalValues::from(&base.goals),
        first_goal_year: base.goals.first_goal_year,
        last_year: base.end.year(),
    };
    let mut files = vec![(
        "sweep.csv".to_owned(),
        report::sweep::csv(&info, &points, args.run.csv_dialect, args.run.lang),
    )];
    files.extend(report::charts::compare::render_sweep(
        &info,
        &points,
        args.run.lang,
        report::charts::DEFAULT_WIDTH,
    )?);
    // Last: its presence marks the folder as holding a complete sweep.
    files.push((
        report::xlsx::FILE.to_owned(),
        report::xlsx::workbook(&files, args.run.csv_dialect, args.run.lang)?,
    ));
    files.push(("sweep.json".to_owned(), report::sweep::json(&info, &points)));
    write::write_files(&out, &files)?;
    if args.run.quiet {
        return Ok(());
    }
    let mut text = report::sweep::table(&info, &points, args.run.lang);
    text += &results_in(&out);
    print_out(&text)
}

/// Searches the cheapest schedule of the plan's menu meeting its goals, confirms it on fresh
/// replications and writes the plan, the runnable scenario and the charts.
fn plan(args: &PlanArgs) -> Result<()> {
    use crate::plan::{self, Evaluator, output};
    let loaded = scenario::read(&args.scenario)?;
    let base = scenario::validate_loaded(&loaded)?;
    let the_plan = plan::file::read(&args.plan, &loaded, &base, args.run.replications)?;
    print_warnings([&base]);
    for w in &the_plan.warnings {
        print_err(&warning_line(&w.to_string()));
    }
    let seed = args.run.seed.unwrap_or(base.seed);
    let out = args.run.out_dir(&format!("plan-{}", base.name));
    let _lock = write::OutputLock::acquire(&out)?;
    if !args.run.force && out.join(output::MARKER).exists() {
        return Err(Error::OutputConflict {
            path: out,
            message: crate::msg!(
                "holds an earlier plan; use --force to replace it, or --out to write elsewhere",
                "innehåller en tidigare plan; ersätt den med --force, eller skriv någon annanstans med --out"
            ),
        });
    }
    let bar = args.run.spinner(&format!("plan {}", base.name));
    let started = std::time::Instant::now();
    let tick = || bar.inc(1);
    let mut ev = Evaluator::new(&loaded, &base, &the_plan, seed, args.run.threads, &tick);
    let mut outcome = plan::search(&mut ev)?;
    let confirmation = plan::confirm(&mut ev, &mut outcome, &base, &tick)?;
    bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    let frontier = plan::frontier(&the_plan, &ev.log);
    let report = output::Report {
        loaded: &loaded,
        scenario: &base.name,
        scenario_file: &args.scenario,
        plan: &the_plan,
        seed,
        outcome: &outcome,
        log: &ev.log,
        frontier: &frontier,
        confirmation: &confirmation,
        plan_years: &ev.plan_years,
        goal_years: &ev.goal_years,
        names: crate::metrics::GoalValues::from(&base.goals),
    };
    let d = args.run.csv_dialect;
    let mut files = vec![
        ("plan.csv".to_owned(), report.plan_csv(d, args.run.lang)),
        (
            "plan-years.csv".to_owned(),
            report.years_csv(d, args.run.lang),
        ),
        (
            "frontier.csv".to_owned(),
            report.frontier_csv(d, args.run.lang),
        ),
        (
            output::SCENARIO_FILE.to_owned(),
            report.scenario_toml(&out, args.run.lang).into_bytes(),
        ),
    ];
    if let Some(units) = report.units_register(args.run.lang) {
        files.push((output::UNITS_FILE.to_owned(), units));
    }
    files.extend(report::charts::plan::render_plan(
        &report.chart(),
        args.run.lang,
        report::charts::DEFAULT_WIDTH,
    )?);
    // Last: its presence marks the folder as holding a complete plan.
    files.push((output::MARKER.to_owned(), report.json()));
    write::write_files(&out, &files)?;
    if args.run.quiet {
        return Ok(());
    }
    print_out(&report.summary(seconds, &out, args.run.lang))
}

/// The tornado and Morris screening of a scenario's ranges, written and ranked.
fn sensitivity(args: &SensitivityArgs) -> Result<()> {
    let loaded = scenario::read(&args.scenario)?;
    let base = scenario::validate_loaded(&loaded)?;
    print_warnings([&base]);
    let settings = args.run.settings(&base);
    let out = args.run.out_dir(&format!("sensitivity-{}", base.name));
    let _lock = write::OutputLock::acquire(&out)?;
    if !args.run.force && out.join("sensitivity.json").exists() {
        return Err(Error::OutputConflict {
            path: out,
            message: crate::msg!(
                "holds an earlier sensitivity analysis; use --force to replace it, or --out to write elsewhere",
                "innehåller en tidigare känslighetsanalys; ersätt den med --force, eller skriv någon annanstans med --out"
            ),
        });
    }
    let k = scenario::ranges(&loaded)?.len() as u64;
    let morris_replications = args
        .morris_replications
        .unwrap_or(settings.replications.min(100));
    let points = settings.replications as u64 * (1 + 2 * k)
        + morris_replications as u64 * args.trajectories as u64 * (k + 1);
    let bar = args
        .run
        .progress(points, &format!("sensitivity {}", base.name));
    let options = crate::sensitivity::Options {
        settings,
        trajectories: args.trajectories,
        morris_replications,
        extra_metrics: args.metrics.clone(),
    };
    options.metrics(&crate::metrics::GoalValues::from(&base.goals))?;
    let sens = crate::sensitivity::analyse(&loaded, &options, &|| bar.inc(1))?;
    bar.finish_and_clear();
    let mut files = vec![(
        "sensitivity.csv".to_owned(),
        report::sensitivity::csv(
            &sens,
            &crate::metrics::GoalValues::from(&base.goals),
            args.run.csv_dialect,
            args.run.lang,
        ),
    )];
    files.extend(report::charts::tornado::render(
        &sens,
        args.run.lang,
        report::charts::DEFAULT_WIDTH,
    )?);
    // Last: its presence marks the folder as holding a complete analysis.
    files.push((
        "sensitivity.json".to_owned(),
        report::sensitivity::json(&sens),
    ));
    write::write_files(&out, &files)?;
    if args.run.quiet {
        return Ok(());
    }
    print_out(&format!(
        "{}{}",
        report::sensitivity::table(
            &sens,
            &crate::metrics::GoalValues::from(&base.goals),
            args.run.lang
        ),
        results_in(&out)
    ))
}

/// Fits the chosen parameters to the scenario's observations, and writes the accepted draws, the
/// calibrated scenario and the back-test before and after.
fn calibrate(args: &CalibrateArgs) -> Result<()> {
    use crate::calibrate::{self, Options};
    let started = std::time::Instant::now();
    let loaded = scenario::read(&args.scenario)?;
    let base = scenario::validate_loaded(&loaded)?;
    crate::metrics::check_observations(&base)?;
    print_warnings([&base]);
    let fits = args
        .fit
        .iter()
        .map(|f| calibrate::parse_fit(&loaded, f))
        .collect::<Result<Vec<_>>>()?;
    let settings = args.run.settings(&base);
    let out = args.run.out_dir(&format!("calibrate-{}", base.name));
    let _lock = write::OutputLock::acquire(&out)?;
    if !args.run.force && out.join("calibration.json").exists() {
        return Err(Error::OutputConflict {
            path: out,
            message: crate::msg!(
                "holds an earlier calibration; use --force to replace it, or --out to write elsewhere",
                "innehåller en tidigare kalibrering; ersätt den med --force, eller skriv någon annanstans med --out"
            ),
        });
    }
    let options = Options {
        draws: args.draws,
        per_draw: args.per_draw,
        accept: args.accept,
        seed: settings.seed,
        threads: settings.threads,
    };
    let total = args.draws as u64 * args.per_draw as u64 + 2 * settings.replications as u64;
    let bar = args
        .run
        .progress(total, &format!("calibrate {}", base.name));
    let per_draw = args.per_draw as u64;
    let c = calibrate::calibrate(&loaded, &fits, &options, &|| bar.inc(per_draw))?;
    let fitted = calibrate::calibrated(&loaded, &c)?;
    let before = experiment::run(&base, &settings, &|| bar.inc(1))?;
    let after = experiment::run(&fitted, &settings, &|| bar.inc(1))?;
    bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    let d = args.run.csv_dialect;
    let lang = args.run.lang;
    let extends = write::path_from(&out, &args.scenario)
        .unwrap_or_else(|| args.scenario.display().to_string());
    let ranged = scenario::ranges(&loaded).unwrap_or_default();
    let scenario_file = format!("{}-calibrated.toml", base.name);
    let obs_csv = |r: &experiment::Results| {
        report::observations::csv_of(
            &r.model.scenario.name,
            settings.seed,
            settings.replications,
            &r.observations,
            d,
            lang,
        )
    };
    let files = vec![
        (
            "calibration.csv".to_owned(),
            report::calibration::csv(&c, d, lang),
        ),
        (
            scenario_file.clone(),
            report::calibration::scenario_toml(
                &c,
                &extends,
                &ranged,
                &loaded.merged,
                args.run.lang,
            )
            .into_bytes(),
        ),
        ("observations-before.csv".to_owned(), obs_csv(&before)),
        ("observations-after.csv".to_owned(), obs_csv(&after)),
        // Last: its presence marks the folder as holding a complete calibration.
        (
            "calibration.json".to_owned(),
            report::calibration::json(
                &c,
                &before.observations,
                &after.observations,
                &scenario_file,
            ),
        ),
    ];
    write::write_files(&out, &files)?;
    if args.run.quiet {
        return Ok(());
    }
    let (draws_s, all_s) = (
        crate::lang::number(c.seconds, 1, lang),
        crate::lang::number(seconds, 1, lang),
    );
    let timing = crate::msg!(
        "{} draws x {} replications in {} s; back-test before and after, {} replications each; {} s in all\n",
        "{} dragningar x {} simuleringar på {} s; historisk kontroll före och efter, {} simuleringar vardera; {} s totalt\n",
        args.draws,
        args.per_draw,
        draws_s,
        settings.replications,
        all_s
    );
    print_out(&format!(
        "{}{timing}{}",
        report::calibration::table(&c, &before.observations, &after.observations, lang),
        results_in(&out)
    ))
}

/// Runs every scenario with the reference's seed and replications, and compares them.
fn compare(args: &CompareArgs) -> Result<()> {
    let loaded = args
        .scenarios
        .iter()
        .map(|p| scenario::read(p))
        .collect::<Result<Vec<_>>>()?;
    let scenarios = loaded
        .iter()
        .map(scenario::validate_loaded)
        .collect::<Result<Vec<_>>>()?;
    let draws = loaded
        .iter()
        .filter(|_| args.assumption_uncertainty)
        .map(crate::sensitivity::AssumptionDraws::new)
        .collect::<Result<Vec<_>>>()?;
    print_warnings(&scenarios);
    // Every output (table, files, charts) tells the scenarios apart by name.
    for (j, s) in scenarios.iter().enumerate() {
        if let Some(i) = scenarios[..j].iter().position(|e| e.name == s.name) {
            return Err(Error::Usage(crate::msg!(
                "{} and {} both name their scenario `{}`; give each scenario in a comparison its own `name`",
                "{} och {} kallar båda sitt scenario `{}`; ge varje scenario i en jämförelse ett eget `name`",
                args.scenarios[i].display(),
                args.scenarios[j].display(),
                s.name
            )));
        }
    }
    let reference = &scenarios[0];
    let settings = args.run.settings(reference);
    crate::compare::check_comparable(&scenarios)?;
    let out = args.run.out_dir(&format!("compare-{}", reference.name));
    let _lock = write::OutputLock::acquire(&out)?;
    if !args.run.force && out.join("compare.json").exists() {
        return Err(Error::OutputConflict {
            path: out,
            message: crate::msg!(
                "holds an earlier comparison; use --force to replace it, or --out to write elsewhere",
                "innehåller en tidigare jämförelse; ersätt den med --force, eller skriv någon annanstans med --out"
            ),
        });
    }
    let total = settings.replications as u64 * scenarios.len() as u64;
    let bar = args
        .run
        .progress(total, &format!("compare {}", reference.name));
    let draws: Vec<Option<&dyn experiment::Draws>> = draws
        .iter()
        .map(|d| Some(d as &dyn experiment::Draws))
        .collect();
    let joint = experiment::run_joint_drawn(&scenarios, &draws, &settings, &|| bar.inc(1))?;
    bar.finish_and_clear();
    let cmp = crate::compare::compare(&joint)?;
    let mut files = vec![(
        "compare.csv".to_owned(),
        report::compare::csv(&cmp, args.run.csv_dialect, args.run.lang),
    )];
    let profile_figures = if args.by_profile {
        crate::compare::by_profile(&joint)
    } else {
        Vec::new()
    };
    if args.by_profile {
        files.push((
            "compare-profiles.csv".to_owned(),
            report::compare::profiles_csv(
                &cmp,
                &profile_figures,
                args.run.csv_dialect,
                args.run.lang,
            ),
        ));
    }
    let extra = report::charts::compare::CompareExtra::from_results(&joint.results);
    files.extend(report::charts::compare::render_compare(
        &cmp,
        &extra,
        args.run.lang,
        report::charts::DEFAULT_WIDTH,
    )?);
    let mut json = report::compare::json(&cmp);
    let mut bands = String::new();
    if args.assumption_uncertainty {
        // The comparison's files say that its intervals hold the drawn assumptions too.
        files[0].1 = report::with_column(
            &files[0].1,
            "bands",
            report::BANDS_WITH_ASSUMPTIONS,
            args.run.csv_dialect,
        );
        let mut v: serde_json::Value = serde_json::from_slice(&json).expect("our own JSON");
        v["bands"] = serde_json::json!({
            "kind": report::BANDS_WITH_ASSUMPTIONS,
            "note": "every replication of every scenario draws its [uncertainty] ranges; a parameter with the same range draws the same value in replication r of each scenario (common random numbers for the assumptions too)",
        });
        json = serde_json::to_vec_pretty(&v).expect("serialisable");
        json.push(b'\n');
        bands = crate::msg!(
            "values and differences: chance and assumptions (each scenario's [uncertainty] ranges drawn in every replication, the same draws for the same ranges)\n",
            "värden och skillnader: slumpen och antagandena (varje scenarios intervall i [uncertainty] dras i varje simulering, samma dragningar för samma intervall)\n"
        );
    }
    files.push((
        report::xlsx::FILE.to_owned(),
        report::xlsx::workbook(&files, args.run.csv_dialect, args.run.lang)?,
    ));
    // Last: its presence marks the folder as holding a complete comparison.
    files.push(("compare.json".to_owned(), json));
    write::write_files(&out, &files)?;
    if args.run.quiet {
        return Ok(());
    }
    let by_profile = if args.by_profile {
        report::compare::profiles_table(&cmp, &profile_figures, args.run.lang)
    } else {
        String::new()
    };
    print_out(&format!(
        "{}{bands}{by_profile}\n{}",
        report::compare::table(&cmp, reference.goals.first_goal_year, args.run.lang),
        results_in(&out)
    ))
}

/// Writes `report.html` into the folder, atomically, from the results there.
fn report_html(args: &ReportArgs) -> Result<()> {
    let dir = &args.output_dir;
    if !dir.is_dir() {
        return Err(Error::Read {
            path: dir.clone(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                crate::msg!(
                    "not a folder of results (give the folder that `lss-sim run` wrote, such as output/linkoping-baseline)",
                    "inte en mapp med resultat (ange mappen som `lss-sim run` skrev, till exempel output/linkoping-baseline)"
                ),
            ),
        });
    }
    // Held against a run writing into the folder while the report reads it.
    let _lock = write::OutputLock::acquire(dir)?;
    let inputs = report::html::Inputs::read(dir)?;
    let bytes = report::html::render(&inputs, args.lang)?;
    let path = dir.join(report::html::FILE);
    write::write_atomic(&path, &bytes)?;
    print_out(&match args.lang {
        report::Lang::En => format!(
            "report written to {} ({} kB)\n",
            path.display(),
            bytes.len().div_ceil(1000)
        ),
        report::Lang::Sv => format!(
            "rapporten är skriven till {} ({} kB)\n",
            path.display(),
            bytes.len().div_ceil(1000)
        ),
    })
}

/// Re-draws the charts from `summary.json`; each file is replaced atomically.
fn plot(args: &PlotArgs) -> Result<()> {
    // Held against a run writing into the folder; a missing folder fails below, on its summary.json.
    let _lock = args
        .output_dir
        .is_dir()
        .then(|| write::OutputLock::acquire(&args.output_dir))
        .transpose()?;
    let path = args.output_dir.join(write::MARKER);
    let bytes = std::fs::read(&path).map_err(|source| Error::Read {
        path: path.clone(),
        source,
    })?;
    let summary = report::charts::SummaryFile::from_json(&bytes).map_err(|e| {
        let text = String::from_utf8_lossy(&bytes);
        let loc = crate::error::Location::at_line(&path, &text, e.line());
        Error::input(
            loc,
            crate::msg!(
                "not a summary.json of lss-sim: {e}",
                "ingen summary.json från lss-sim: {e}"
            ),
        )
    })?;
    let files = report::charts::render_all(&summary, args.lang, args.width)?;
    for (name, bytes) in &files {
        write::write_atomic(&args.output_dir.join(name), bytes)?;
    }
    print_out(&format!(
        "{}",
        match args.lang {
            report::Lang::En => format!(
                "{} chart files (English, {} px wide) drawn in {}\n",
                files.len(),
                args.width,
                args.output_dir.display()
            ),
            report::Lang::Sv => format!(
                "{} diagramfiler (svenska, {} px breda) ritade i {}\n",
                files.len(),
                args.width,
                args.output_dir.display()
            ),
        }
    ))
}

/// Writes a new municipality's scenario folder and says what to fill in.
fn init(args: &InitArgs) -> Result<()> {
    let written = crate::init::init(&args.dir, args.lang)?;
    let list: String = written
        .iter()
        .map(|p| format!("  {}\n", p.display()))
        .collect();
    let scenario = args.dir.join("scenario.toml");
    print_out(&match args.lang {
        report::Lang::En => format!(
            "a new scenario in {}:\n{list}fill in the values marked FILL IN (README.md there lists them), then run `lss-sim validate {}`\n",
            args.dir.display(),
            scenario.display()
        ),
        report::Lang::Sv => format!(
            "ett nytt scenario i {}:\n{list}fyll i värdena märkta FYLL I (de räknas upp i README.md i samma mapp) och kör sedan `lss-sim validate {}`\n",
            args.dir.display(),
            scenario.display()
        ),
    })
}

/// The one-line verdict first; the resolved TOML only with `--resolved`.
fn validate(args: &ValidateArgs) -> Result<()> {
    let path = &args.scenario;
    crate::init::check_filled(path)?;
    let loaded = scenario::read(path)?;
    let s = scenario::validate_loaded(&loaded)?;
    crate::metrics::check_observations(&s)?;
    let places: u32 = s.units.iter().map(|u| u.places).sum();
    let warnings = match s.warnings.len() {
        0 => String::new(),
        1 => crate::msg!("; 1 warning", "; 1 varning"),
        n => crate::msg!("; {} warnings", "; {} varningar", n),
    };
    // Only a scenario with short-term places says so, so every other message is as it was.
    let lang = crate::lang::messages();
    let count = |n: usize, en, sv| crate::lang::counted(n, lang, en, sv);
    let places_of = |n: u32| count(n as usize, ("place", "places"), ("plats", "platser"));
    let short_term = s.short_term.as_ref().map_or(String::new(), |st| {
        crate::msg!(
            " (and {} with {})",
            " (och {} med {})",
            count(
                st.units.len(),
                ("short-term unit", "short-term units"),
                ("korttidsenhet", "korttidsenheter")
            ),
            places_of(st.units.iter().map(|u| u.places).sum::<u32>())
        )
    });
    let verdict = crate::msg!(
        "{}: valid — {} with {}{}, {}, {} in the start state, {} to {}{}",
        "{}: giltigt — {} med {}{}, {}, {} i starttillståndet, {} till {}{}",
        path.display(),
        count(s.units.len(), ("unit", "units"), ("boende", "boenden")),
        places_of(places),
        short_term,
        count(
            s.profiles.len(),
            ("profile", "profiles"),
            ("målgrupp", "målgrupper")
        ),
        count(
            s.start_people.len(),
            ("person", "people"),
            ("person", "personer")
        ),
        s.start,
        s.end,
        warnings
    );
    if args.resolved {
        print_err(&verdict);
        print_warnings([&s]);
        print_out(&resolved_toml(
            &loaded,
            Path::new("."),
            s.seed,
            s.replications,
        ))
    } else {
        print_out(&format!("{verdict}\n"))?;
        print_warnings([&s]);
        Ok(())
    }
}

/// The merged scenario as TOML, with the seed and replications actually used, and its file
/// paths as seen from the folder `out` (the result folder, or `.` for `validate`), so that it
/// runs as it is when saved there.
fn resolved_toml(loaded: &scenario::Loaded, out: &Path, seed: u64, replications: u32) -> String {
    let mut table = loaded.merged.clone();
    scenario::map_file_paths(&mut table, |p| write::path_from(out, Path::new(p)));
    table.insert("seed".into(), toml::Value::Integer(seed as i64));
    table.insert(
        "replications".into(),
        toml::Value::Integer(replications as i64),
    );
    let chain: Vec<String> = loaded
        .layers
        .iter()
        .map(|l| write::path_from(out, &l.path).unwrap_or_else(|| l.path.display().to_string()))
        .collect();
    let relative_to = if out == Path::new(".") {
        crate::msg!("the folder lss-sim ran in", "mappen som lss-sim kördes i")
    } else {
        crate::msg!("the folder of this file", "mappen där denna fil ligger")
    };
    format!(
        "{}{}",
        report::html::assumptions::resolved_header(
            crate::lang::messages(),
            report::VERSION,
            &chain,
            &relative_to
        ),
        toml::to_string_pretty(&table).unwrap_or_default()
    )
}

/// Prints the scenarios' warnings (values outside their plausible range) on standard error,
/// each once: sweep points and compared variants share most of their files.
fn print_warnings<'a>(scenarios: impl IntoIterator<Item = &'a Scenario>) {
    let mut seen = std::collections::HashSet::new();
    for w in scenarios.into_iter().flat_map(|s| &s.warnings) {
        if seen.insert(w.to_string()) {
            print_err(&warning_line(&w.to_string()));
        }
    }
}

fn run_scenario(args: &RunArgs) -> Result<()> {
    crate::init::check_filled(&args.scenario)?;
    let loaded = scenario::read(&args.scenario)?;
    let s = scenario::validate_loaded(&loaded)?;
    print_warnings([&s]);
    let settings = args.run.settings(&s);
    let out = args.run.out_dir(&s.name);
    let _lock = write::OutputLock::acquire(&out)?;
    write::check_target(
        &out,
        &s.name,
        &args.scenario,
        settings.seed,
        settings.replications,
        args.run.force,
    )?;

    let draws = args
        .assumption_uncertainty
        .then(|| crate::sensitivity::AssumptionDraws::new(&loaded))
        .transpose()?;
    let bar = args.run.progress(settings.replications as u64, &s.name);
    let started = std::time::Instant::now();
    let results = match &draws {
        Some(d) => {
            let d: &dyn experiment::Draws = d;
            let mut joint = experiment::run_joint_drawn(
                std::slice::from_ref(&s),
                &[Some(d)],
                &settings,
                &|| bar.inc(1),
            )?;
            joint.results.pop().expect("one scenario")
        }
        None => experiment::run(&s, &settings, &|| bar.inc(1))?,
    };
    bar.finish_and_clear();
    let elapsed = started.elapsed();

    let d = args.run.csv_dialect;
    let mut files = vec![
        (
            "scenario.resolved.toml".to_owned(),
            resolved_toml(&loaded, &out, settings.seed, settings.replications).into_bytes(),
        ),
        (
            "yearly.csv".to_owned(),
            report::period_csv(&results, PeriodKind::Year, d, args.run.lang),
        ),
        (
            "quarterly.csv".to_owned(),
            report::period_csv(&results, PeriodKind::Quarter, d, args.run.lang),
        ),
        (
            "monthly.csv".to_owned(),
            report::period_csv(&results, PeriodKind::Month, d, args.run.lang),
        ),
        (
            "units.csv".to_owned(),
            report::units_csv(&results, d, args.run.lang),
        ),
        (
            "profiles.csv".to_owned(),
            report::profiles_csv(&results, d, args.run.lang),
        ),
    ];
    if !results.observations.is_empty() {
        files.push((
            "observations.csv".to_owned(),
            report::observations::csv(&results, d, args.run.lang),
        ));
    }
    // Charts are drawn from the summary.json bytes themselves, as `lss-sim plot` draws them.
    let source = write::path_from(&out, &args.scenario);
    let summary = report::summary_json(&results, source.as_deref(), Some(&out));
    let parsed = report::charts::SummaryFile::from_json(&summary).map_err(|e| Error::Chart {
        chart: "summary.json".into(),
        message: e.to_string(),
    })?;
    files.extend(report::charts::render_all(
        &parsed,
        args.run.lang,
        args.width,
    )?);
    if let Some(draws) = &draws {
        let d = args.run.csv_dialect;
        // Every table says which kind of band it holds.
        for (name, bytes) in files.iter_mut() {
            if name.ends_with(".csv") {
                *bytes = report::with_column(bytes, "bands", report::BANDS_WITH_ASSUMPTIONS, d);
            } else if name == "scenario.resolved.toml" {
                let note = format!(
                    "# Run with --assumption-uncertainty: every replication drew the {} ranges of [uncertainty].\n",
                    draws.ranges().len()
                );
                bytes.splice(0..0, note.into_bytes());
            }
        }
    }
    // The tables once more as one workbook, bands column included.
    files.push((
        report::xlsx::FILE.to_owned(),
        report::xlsx::workbook(&files, args.run.csv_dialect, args.run.lang)?,
    ));
    files.push((write::MARKER.to_owned(), summary));
    write::write_files(&out, &files)?;
    if args.run.quiet {
        return Ok(());
    }
    let bands = match &draws {
        Some(d) => crate::msg!(
            "bands and intervals: chance and assumptions ({} ranged parameters drawn in every replication from [uncertainty])\n",
            "band och intervall: slumpen och antagandena ({} parametrar med intervall dras i varje simulering ur [uncertainty])\n",
            d.ranges().len()
        ),
        None => crate::msg!(
            "bands and intervals: chance alone (the scenario's values in every replication; --assumption-uncertainty draws the [uncertainty] ranges too)\n",
            "band och intervall: bara slumpen (scenariots värden i varje simulering; --assumption-uncertainty drar även intervallen i [uncertainty])\n"
        ),
    };
    let lang = args.run.lang;
    let seconds = match lang {
        report::Lang::En => format!("{:.1}", elapsed.as_secs_f64()),
        report::Lang::Sv => crate::lang::number(elapsed.as_secs_f64(), 1, lang),
    };
    print_out(&format!(
        "{}{}{bands}\n{}",
        report::table::summary(&results, lang),
        report::observations::block(&results, lang),
        crate::msg!(
            "{} replications in {} s ({} events); results in {}\n",
            "{} simuleringar på {} s ({} händelser); resultat i {}\n",
            settings.replications,
            seconds,
            crate::lang::number(results.events as f64, 0, lang),
            out.display()
        )
    ))
}

/// `lss-sim check`: without a subcommand, the fixed set of theory cases.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// One queue or one scenario (default: the fixed set of cases).
    #[command(subcommand)]
    pub what: Option<CheckWhat>,
    /// Base seed.
    #[arg(long, default_value_t = 1, global = true)]
    pub seed: u64,
    /// Worker threads (0, the default, is one per core; at most 4 per core, 256 in all). Results
    /// do not depend on it.
    #[arg(short = 'j', long, value_parser = parse_threads, default_value = "0", global = true)]
    pub threads: usize,
    /// Language of the report and messages: `en` or `sv` (default: the locale's).
    #[arg(long, value_enum, default_value_t = report::Lang::from_env(), global = true)]
    pub lang: report::Lang,
}

/// What `lss-sim check` checks.
#[derive(Debug, Subcommand)]
pub enum CheckWhat {
    /// One M/M/c queue against Erlang C (or, with --loss, M/M/c/c against Erlang B).
    Erlang(ErlangArgs),
    /// Little's law on the queue and the occupied places of a scenario, per replication.
    Little(LittleArgs),
}

/// `lss-sim check erlang`
#[derive(Debug, Args)]
pub struct ErlangArgs {
    /// Places c.
    #[arg(long)]
    pub places: u32,
    /// Decisions per year, λ.
    #[arg(long)]
    pub arrivals_per_year: f64,
    /// Mean stay in years, 1/μ.
    #[arg(long)]
    pub mean_stay_years: f64,
    /// t of P(wait > t), days (default: the analytic mean wait, rounded).
    #[arg(long)]
    pub wait_days: Option<f64>,
    /// Independent replications.
    #[arg(short = 'n', long, default_value_t = 20)]
    pub replications: u32,
    /// Decisions per replication after the warm-up.
    #[arg(long, default_value_t = 200_000.0)]
    pub decisions: f64,
    /// People who find no place go to an external placement (M/M/c/c, Erlang B).
    #[arg(long)]
    pub loss: bool,
    /// The loss system of the short-term places instead: c short-term places, requests at
    /// λ, exponential stays (M/M/c/c, Erlang B).
    #[arg(long)]
    pub short_term: bool,
}

/// `lss-sim check little`
#[derive(Debug, Args)]
pub struct LittleArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    /// Number of replications.
    #[arg(short = 'n', long, default_value_t = 100)]
    pub replications: u32,
}

fn check(args: &CheckArgs) -> Result<()> {
    use crate::check;
    let (mut failed, mut total) = (0, 0);
    let mut report = |ok: bool, text: String| {
        total += 1;
        failed += !ok as usize;
        print_out(&format!("{text}\n"))
    };
    match &args.what {
        Some(CheckWhat::Erlang(e)) => {
            let queue = check::Queue {
                places: e.places,
                arrivals_per_year: e.arrivals_per_year,
                mean_stay_years: e.mean_stay_years,
                loss: e.loss,
                short_term: e.short_term,
            };
            let wait_days = e
                .wait_days
                .unwrap_or_else(|| queue.analytic(0.0).mean_wait_days.round().max(1.0));
            let plan = check::Plan {
                replications: e.replications,
                decisions_per_replication: e.decisions,
                seed: args.seed,
                threads: args.threads,
            };
            let c = check::check_queue(&queue, &plan, wait_days)?;
            report(c.pass(), check::format_queue_check(&c, args.lang))?;
        }
        Some(CheckWhat::Little(l)) => {
            let s = scenario::load(&l.scenario)?;
            print_warnings([&s]);
            let settings = Settings {
                replications: l.replications,
                seed: args.seed,
                threads: args.threads,
            };
            let reps = check::little(&s, &settings)?;
            let ok = reps.iter().all(|r| r.error() <= check::LITTLE_TOLERANCE);
            report(ok, check::format_little(&s.name, &reps, args.lang))?;
        }
        None => {
            for case in check::default_cases() {
                let c = check::run_case(&case, args.seed, args.threads)?;
                report(c.pass(), check::format_queue_check(&c, args.lang))?;
            }
        }
    }
    if failed > 0 && total == 1 {
        return Err(Error::Usage(crate::msg!(
            "the check failed (a quantity's analytic value is outside its 99.9 % interval)",
            "kontrollen underkänd (en storhets analytiska värde ligger utanför dess 99,9 %-intervall)"
        )));
    }
    if failed > 0 {
        return Err(Error::Usage(crate::msg!(
            "{} of {} checks failed (a quantity's analytic value is outside its 99.9 % interval)",
            "{} av {} kontroller underkända (en storhets analytiska värde ligger utanför dess 99,9 %-intervall)",
            failed,
            total
        )));
    }
    print_out(&if total == 1 {
        crate::msg!("the check passed\n", "kontrollen godkänd\n")
    } else {
        crate::msg!(
            "all {} checks passed\n",
            "alla {} kontroller godkända\n",
            total
        )
    })
}
