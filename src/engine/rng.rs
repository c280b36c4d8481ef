//! Random streams and sampling.
//!
//! Each replication draws from one independent stream per process ([`Stream`]), derived from
//! (seed, replication, process) by SplitMix64 hashing, never from a thread or a shared
//! generator. So results do not depend on the thread count, and two scenarios run with the same
//! seed use the same numbers for the same kind of draw (common random numbers).

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;

use crate::model::Duration;

/// The generator of every stream: PCG 128-bit MCG (fast, small state, portable by name).
pub type StreamRng = Pcg64Mcg;

/// Declares [`Stream`] and [`Stream::ALL`] from one list, so the two cannot drift apart.
macro_rules! streams {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// The processes that draw random numbers, one stream each. A stream's number (its
        /// place in this list) goes into its seed: add new streams at the end, so that the
        /// others keep their numbers.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[repr(usize)]
        pub enum Stream {
            $($(#[$doc])* $name,)*
        }

        impl Stream {
            /// Every stream, in the order of their numbers.
            pub const ALL: [Stream; STREAMS] = [$(Stream::$name,)*];
        }

        /// Number of streams.
        pub const STREAMS: usize = [$(stringify!($name),)*].len();
    };
}

streams! {
    /// Arrival times, profiles and district preferences of applications.
    Arrivals,
    /// Investigation times and grant decisions.
    Investigation,
    /// Offer response times and answers.
    Offers,
    /// Move-in lead times.
    MoveIn,
    /// Lengths of stay.
    Stays,
    /// Vacancy turnaround times.
    Turnaround,
    /// Queue withdrawal times.
    Withdrawal,
    /// Construction delays.
    Construction,
    /// Start state: backlog and residents already in place.
    Start,
    /// Profiles of residents at the start in units that serve several profiles.
    Residents,
    /// Training housing: who is eligible, the maximum stays, the end-of-stay outcomes and
    /// prolongations.
    Training,
    /// Short-term places: request times, target groups and stays, and the residual stays of
    /// the places occupied at the start.
    ShortTerm,
}

/// SplitMix64: the 64-bit output of the SplitMix generator whose state was `x` (the state then
/// moves on by the golden-ratio increment).
pub fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The generator for (seed, replication, stream).
pub fn stream(seed: u64, replication: u64, stream: Stream) -> StreamRng {
    let a = splitmix64(seed);
    let b = splitmix64(a ^ splitmix64(replication.wrapping_add(0x5851_F42D_4C95_7F2D)));
    let c = splitmix64(b ^ splitmix64(stream as u64 + 0x1405_7B7E_F767_814F));
    let d = splitmix64(c);
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&c.to_le_bytes());
    bytes[8..].copy_from_slice(&d.to_le_bytes());
    StreamRng::from_seed(bytes)
}

/// A uniform draw in [0, 1).
#[inline]
pub fn uniform<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    // 53 random bits.
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A Bernoulli draw.
#[inline]
pub fn chance<R: Rng + ?Sized>(rng: &mut R, p: f64) -> bool {
    uniform(rng) < p
}

/// A standard exponential draw (mean 1).
#[inline]
pub fn exp1<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    -(1.0 - uniform(rng)).ln()
}

/// A draw from a duration distribution, in days.
pub fn sample<R: Rng + ?Sized>(d: &Duration, rng: &mut R) -> f64 {
    use rand_distr::Distribution;
    match *d {
        Duration::Fixed { days } => days,
        Duration::Exponential { mean_days } => mean_days * exp1(rng),
        Duration::Uniform { min_days, max_days } => min_days + (max_days - min_days) * uniform(rng),
        Duration::Gamma { mean_days, cv } => {
            let shape = 1.0 / (cv * cv);
            rand_distr::Gamma::new(shape, mean_days / shape).map_or(mean_days, |g| g.sample(rng))
        }
        Duration::LogNormal { mean_days, cv } => {
            let s2 = (1.0 + cv * cv).ln();
            let mu = mean_days.ln() - 0.5 * s2;
            rand_distr::LogNormal::new(mu, s2.sqrt()).map_or(mean_days, |g| g.sample(rng))
        }
        Duration::Weibull { shape, scale_days } => scale_days * exp1(rng).powf(1.0 / shape),
    }
}

/// The time until the end of a stay already under way when it is observed: the stationary
/// residual (forward recurrence) time of `d`, with density S(x) / mean. It is drawn as a
/// length-biased stay (density x f(x) / mean, the stay that a random instant falls in) times a
/// uniform share of it. Exponential stays have no memory: the residual is a stay of its own, drawn
/// exactly as [`sample`] draws it.
pub fn sample_residual<R: Rng + ?Sized>(d: &Duration, rng: &mut R) -> f64 {
    use rand_distr::Distribution;
    let biased = match *d {
        Duration::Exponential { .. } => return sample(d, rng),
        Duration::Fixed { days } if !days.is_finite() => return days,
        Duration::Fixed { days } => days,
        Duration::Uniform { min_days, max_days } => {
            // Density proportional to x on [min, max]: the inverse of its distribution function.
            let (a2, b2) = (min_days * min_days, max_days * max_days);
            (a2 + (b2 - a2) * uniform(rng)).sqrt()
        }
        Duration::Gamma { mean_days, cv } => {
            // x f(x) of a gamma with shape k is a gamma with shape k + 1 and the same scale.
            let shape = 1.0 / (cv * cv);
            rand_distr::Gamma::new(shape + 1.0, mean_days / shape)
                .map_or(mean_days, |g| g.sample(rng))
        }
        Duration::LogNormal { mean_days, cv } => {
            // x f(x) of a log-normal (mu, s) is a log-normal (mu + s^2, s).
            let s2 = (1.0 + cv * cv).ln();
            let mu = mean_days.ln() - 0.5 * s2;
            rand_distr::LogNormal::new(mu + s2, s2.sqrt()).map_or(mean_days, |g| g.sample(rng))
        }
        Duration::Weibull { shape, scale_days } => {
            // With y = (x / scale)^shape, x f(x) becomes a gamma density in y with shape
            // 1 + 1 / shape.
            rand_distr::Gamma::new(1.0 + 1.0 / shape, 1.0)
                .map_or(scale_days, |g| scale_days * g.sample(rng).powf(1.0 / shape))
        }
    };
    biased * uniform(rng)
}

/// Index drawn from weights that sum to 1 (the last index takes any rounding remainder).
pub fn pick<R: Rng + ?Sized>(weights: &[f64], rng: &mut R) -> usize {
    let mut u = uniform(rng);
    for (i, &w) in weights.iter().enumerate() {
        if u < w {
            return i;
        }
        u -= w;
    }
    weights.len() - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_differ_by_seed_replication_and_process_and_repeat() {
        let mut a = stream(1, 0, Stream::Arrivals);
        let mut b = stream(1, 0, Stream::Arrivals);
        assert_eq!(a.next_u64(), b.next_u64());
        let firsts: Vec<u64> = [
            stream(1, 0, Stream::Offers).next_u64(),
            stream(1, 1, Stream::Arrivals).next_u64(),
            stream(2, 0, Stream::Arrivals).next_u64(),
            stream(1, 0, Stream::Arrivals).next_u64(),
        ]
        .to_vec();
        for i in 0..firsts.len() {
            for j in i + 1..firsts.len() {
                assert_ne!(firsts[i], firsts[j]);
            }
        }
    }

    #[test]
    fn duration_means_match_within_their_standard_error() {
        let mut rng = stream(7, 0, Stream::Stays);
        let cases = [
            Duration::Exponential { mean_days: 30.0 },
            Duration::Uniform {
                min_days: 14.0,
                max_days: 46.0,
            },
            Duration::Gamma {
                mean_days: 30.0,
                cv: 0.5,
            },
            Duration::LogNormal {
                mean_days: 30.0,
                cv: 0.8,
            },
            Duration::Weibull {
                shape: 1.5,
                scale_days: 30.0,
            },
        ];
        let n = 200_000;
        for d in cases {
            let xs: Vec<f64> = (0..n).map(|_| sample(&d, &mut rng)).collect();
            let mean = xs.iter().sum::<f64>() / n as f64;
            let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
            let se = (var / n as f64).sqrt();
            // 4.4 standard errors: a false alarm about once in 100 000 per case.
            assert!(
                (mean - d.mean()).abs() < 4.4 * se,
                "{d:?}: mean {mean} vs {}",
                d.mean()
            );
        }
    }

    #[test]
    fn residual_means_are_the_renewal_theory_means() {
        // The stationary residual of a stay X has mean E[X^2] / (2 E[X]) = mean (1 + cv^2) / 2.
        let mut rng = stream(7, 0, Stream::Start);
        let half = |mean: f64, cv: f64| mean * (1.0 + cv * cv) / 2.0;
        let weibull_cv = |k: f64| {
            use statrs::function::gamma::gamma;
            (gamma(1.0 + 2.0 / k) / gamma(1.0 + 1.0 / k).powi(2) - 1.0).sqrt()
        };
        let cases = [
            (Duration::Fixed { days: 30.0 }, 15.0),
            (Duration::Exponential { mean_days: 30.0 }, 30.0),
            (
                Duration::Uniform {
                    min_days: 14.0,
                    max_days: 46.0,
                },
                // E[X^2] / (2 E[X]) with E[X^2] = (a^2 + ab + b^2) / 3.
                (14.0f64.powi(2) + 14.0 * 46.0 + 46.0f64.powi(2)) / 3.0 / 60.0,
            ),
            (
                Duration::Gamma {
                    mean_days: 30.0,
                    cv: 0.5,
                },
                half(30.0, 0.5),
            ),
            (
                Duration::LogNormal {
                    mean_days: 30.0,
                    cv: 0.8,
                },
                half(30.0, 0.8),
            ),
            (
                Duration::Weibull {
                    shape: 1.5,
                    scale_days: 30.0,
                },
                half(
                    Duration::Weibull {
                        shape: 1.5,
                        scale_days: 30.0,
                    }
                    .mean(),
                    weibull_cv(1.5),
                ),
            ),
        ];
        let n = 200_000;
        for (d, expected) in cases {
            let xs: Vec<f64> = (0..n).map(|_| sample_residual(&d, &mut rng)).collect();
            let mean = xs.iter().sum::<f64>() / n as f64;
            let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
            let se = (var / n as f64).sqrt();
            // 4.4 standard errors: a false alarm about once in 100 000 per case.
            assert!(
                (mean - expected).abs() < 4.4 * se,
                "{d:?}: residual mean {mean} vs {expected}"
            );
        }
    }
}
