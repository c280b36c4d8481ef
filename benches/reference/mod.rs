//! A minimal special-purpose M/M/c event loop: the yardstick for the engine's speed.
//!
//! It knows nothing but one M/M/c queue: a binary heap of departure times (the busy places), a
//! FIFO line of arrival times, exponential interarrival and service times from
//! `rand_distr::Exp` drawn from one `Pcg64Mcg`. It records the wait of everyone who gets a place
//! so that the loop does real work and its result can be checked against Erlang C. Nothing
//! else: no calendar, no records per month, no event list of its own kinds. The engine runs the
//! same queue through its general machinery (`lss_sim::check::layout`); the ratio of the two
//! speeds is the cost of that generality.
//!
//! Included with `#[path]` by `benches/engine.rs` and `examples/mmc_arrivals.rs`.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use rand::SeedableRng;
use rand_distr::{Distribution, Exp};
use rand_pcg::Pcg64Mcg;

/// One M/M/c queue and its start state, in days.
#[derive(Debug, Clone, Copy)]
pub struct Mmc {
    /// Places c.
    pub places: u32,
    /// Arrivals per day, λ.
    pub arrivals_per_day: f64,
    /// Mean stay, days (1/μ).
    pub mean_stay_days: f64,
    /// Places occupied at the start (stays exponential, so their remaining stays are too).
    pub busy_at_start: u32,
    /// People waiting at the start, arrived one mean interarrival time apart before time 0.
    pub queued_at_start: usize,
}

/// What [`run`] measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MmcResult {
    /// Arrivals processed.
    pub arrivals: u64,
    /// People who got a place (arrivals and people queued at the start).
    pub served: u64,
    /// Of those, how many waited at all.
    pub waited: u64,
    /// Sum of their waits, days.
    pub wait_sum: f64,
    /// Time of the last arrival, days.
    pub end: f64,
}

impl MmcResult {
    /// Mean wait from arrival to a place, days.
    pub fn mean_wait(&self) -> f64 {
        self.wait_sum / self.served as f64
    }

    /// Share of the served who waited.
    pub fn p_wait(&self) -> f64 {
        self.waited as f64 / self.served as f64
    }
}

/// Times are non-negative, so the bits of an `f64` order like the number itself: the heap keys
/// on the `u64` bits and needs no float comparison.
#[inline]
fn key(t: f64) -> Reverse<u64> {
    debug_assert!(t >= 0.0);
    Reverse(t.to_bits())
}

/// Runs `q` until `arrivals` people have arrived (the run stops at the last arrival) and returns
/// the waits of those who got a place on the way.
pub fn run(q: &Mmc, arrivals: u64, seed: u64) -> MmcResult {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let interarrival = Exp::new(q.arrivals_per_day).expect("positive rate");
    let stay = Exp::new(1.0 / q.mean_stay_days).expect("positive mean");
    let c = q.places as usize;
    let mut busy: BinaryHeap<Reverse<u64>> = BinaryHeap::with_capacity(c);
    let mut line: VecDeque<f64> = VecDeque::new();
    for _ in 0..q.busy_at_start.min(q.places) {
        busy.push(key(stay.sample(&mut rng)));
    }
    let gap = 1.0 / q.arrivals_per_day;
    for i in 0..q.queued_at_start {
        line.push_back(-gap * (q.queued_at_start - i) as f64);
    }
    let mut r = MmcResult {
        arrivals: 0,
        served: 0,
        waited: 0,
        wait_sum: 0.0,
        end: 0.0,
    };
    // As in the engine's start state: free places go at once to the people queued at the start.
    while busy.len() < c {
        let Some(a) = line.pop_front() else { break };
        r.served += 1;
        r.waited += 1;
        r.wait_sum -= a;
        busy.push(key(stay.sample(&mut rng)));
    }
    let mut next_arrival = interarrival.sample(&mut rng);
    while r.arrivals < arrivals {
        let departure = busy.peek().map_or(f64::INFINITY, |k| f64::from_bits(k.0));
        if departure < next_arrival {
            // A place frees: the longest waiter takes it, else it stays free.
            let t = departure;
            busy.pop();
            if let Some(a) = line.pop_front() {
                r.served += 1;
                r.waited += 1;
                r.wait_sum += t - a;
                busy.push(key(t + stay.sample(&mut rng)));
            }
        } else {
            let t = next_arrival;
            r.arrivals += 1;
            r.end = t;
            if busy.len() < c && line.is_empty() {
                r.served += 1;
                busy.push(key(t + stay.sample(&mut rng)));
            } else {
                line.push_back(t);
            }
            next_arrival = t + interarrival.sample(&mut rng);
        }
    }
    r
}
