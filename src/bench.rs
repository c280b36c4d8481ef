//! `lss-sim bench`: how fast a scenario runs on this machine.
//!
//! Runs the scenario's replications once on one thread and once on the requested number, and
//! reports replications and events per second, the time per replication, the speed-up and the
//! process's peak resident memory. Nothing is written: the results of a timing run are not kept.
//! The criterion benchmarks in `benches/` measure the engine's parts; this measures a user's
//! whole scenario, as `lss-sim run` would run it.

use std::fmt::Write;
use std::time::Instant;

use crate::error::Result;
use crate::experiment::{self, Settings};
use crate::model::Scenario;

/// One timed run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timing {
    /// Worker threads.
    pub threads: usize,
    /// Replications run.
    pub replications: u32,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Events processed.
    pub events: u64,
}

impl Timing {
    /// Replications per second.
    pub fn replications_per_second(&self) -> f64 {
        self.replications as f64 / self.seconds
    }

    /// Events per second.
    pub fn events_per_second(&self) -> f64 {
        self.events as f64 / self.seconds
    }

    /// Wall-clock time per replication, microseconds (with all threads at work).
    pub fn micros_per_replication(&self) -> f64 {
        1e6 * self.seconds / self.replications as f64
    }
}

/// What `lss-sim bench` measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Bench {
    /// Scenario name.
    pub scenario: String,
    /// On one thread.
    pub single: Timing,
    /// On the requested threads (absent when that is one).
    pub parallel: Option<Timing>,
    /// Peak resident memory of the process, bytes (Linux only).
    pub peak_memory: Option<u64>,
}

/// Times `replications` replications of `scenario` with `threads` workers.
pub fn time(scenario: &Scenario, replications: u32, threads: usize) -> Result<Timing> {
    let settings = Settings {
        replications,
        seed: scenario.seed,
        threads,
    };
    let start = Instant::now();
    let results = experiment::run(scenario, &settings, &|| {})?;
    Ok(Timing {
        threads,
        replications,
        seconds: start.elapsed().as_secs_f64(),
        events: results.events,
    })
}

/// Runs the benchmark: a short warm-up, one thread, then `threads` (0 = one per core).
pub fn bench(scenario: &Scenario, replications: u32, threads: usize) -> Result<Bench> {
    let threads = if threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        threads
    };
    time(scenario, replications.min(64), threads)?;
    let single = time(scenario, replications, 1)?;
    let parallel = if threads > 1 {
        Some(time(scenario, replications, threads)?)
    } else {
        None
    };
    Ok(Bench {
        scenario: scenario.name.clone(),
        single,
        parallel,
        peak_memory: peak_resident_bytes(),
    })
}

/// The process's peak resident set (`VmHWM` in `/proc/self/status`); `None` where there is no
/// such file.
pub fn peak_resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

impl Bench {
    /// The printed report.
    pub fn text(&self, lang: crate::lang::Lang) -> String {
        use crate::lang::{number, tr};
        let t = |en: &'static str, sv: &'static str| tr(lang, en, sv);
        let mut out = String::new();
        let _ = writeln!(
            out,
            "lss-sim bench `{}`: {} {}, lss-sim {}\n",
            self.scenario,
            self.single.replications,
            t("replications", "simuleringar"),
            crate::report::VERSION
        );
        let _ = writeln!(
            out,
            "{:>8} {:>10} {:>16} {:>14} {:>18}",
            t("threads", "trådar"),
            t("seconds", "sekunder"),
            t("replications/s", "simuleringar/s"),
            t("events/s", "händelser/s"),
            t("µs per replication", "µs per simulering")
        );
        // English keeps the plain numbers scripts read (`1627.8`, `7.432e5`); Swedish groups
        // thousands and writes a decimal comma.
        for th in std::iter::once(&self.single).chain(&self.parallel) {
            let _ = match lang {
                crate::lang::Lang::En => writeln!(
                    out,
                    "{:>8} {:>10.3} {:>16.0} {:>14.3e} {:>18.1}",
                    th.threads,
                    th.seconds,
                    th.replications_per_second(),
                    th.events_per_second(),
                    th.micros_per_replication()
                ),
                crate::lang::Lang::Sv => writeln!(
                    out,
                    "{:>8} {:>10} {:>16} {:>14} {:>18}",
                    th.threads,
                    number(th.seconds, 3, lang),
                    number(th.replications_per_second(), 0, lang),
                    number(th.events_per_second(), 0, lang),
                    number(th.micros_per_replication(), 1, lang)
                ),
            };
        }
        let per = self.single.events as f64 / self.single.replications as f64;
        let _ = writeln!(
            out,
            "\n{}: {}",
            t("events per replication", "händelser per simulering"),
            match lang {
                crate::lang::Lang::En => format!("{per:.0}"),
                crate::lang::Lang::Sv => number(per, 0, lang),
            }
        );
        if let Some(p) = &self.parallel {
            let _ = writeln!(
                out,
                "{} {} {}: {}",
                t("speed-up from 1 to", "uppsnabbning från 1 till"),
                p.threads,
                t("threads", "trådar"),
                number(self.single.seconds / p.seconds, 2, lang)
            );
        }
        let peak = t("peak resident memory", "största minnesanvändning");
        match self.peak_memory {
            Some(b) => {
                let mb = b as f64 / 1e6;
                let _ = match lang {
                    crate::lang::Lang::En => writeln!(out, "{peak}: {mb:.1} MB"),
                    crate::lang::Lang::Sv => writeln!(out, "{peak}: {} MB", number(mb, 1, lang)),
                };
            }
            None => {
                let _ = writeln!(
                    out,
                    "{peak}: {}",
                    t(
                        "not available on this system",
                        "inte tillgänglig på detta system"
                    )
                );
            }
        }
        out
    }
}
