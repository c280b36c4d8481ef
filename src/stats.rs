//! Summaries of a metric over replications: mean, a 95 % confidence interval of the mean, and
//! percentiles.
//!
//! Percentiles are Hyndman-Fan type 7 (the default of R and numpy): linear interpolation between
//! order statistics, `h = (n - 1) p`. The confidence interval is Student's t with n - 1 degrees of
//! freedom, `mean ± t(0.975, n-1) · sd / √n`; with one replication it is the mean itself.

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

/// The percentiles reported, as fractions.
pub const PERCENTILES: [f64; 5] = [0.05, 0.25, 0.50, 0.75, 0.95];

/// A metric summarised over replications.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    /// Replications with a value (a mean wait has none in a period without offers).
    pub n: u32,
    /// Mean.
    pub mean: f64,
    /// Sample standard deviation.
    pub sd: f64,
    /// Lower end of the 95 % confidence interval of the mean.
    pub ci_low: f64,
    /// Upper end.
    pub ci_high: f64,
    /// 5th percentile.
    pub p5: f64,
    /// 25th percentile.
    pub p25: f64,
    /// Median.
    pub p50: f64,
    /// 75th percentile.
    pub p75: f64,
    /// 95th percentile.
    pub p95: f64,
}

/// The 0.975 quantile of Student's t with `df` degrees of freedom.
pub fn t975(df: f64) -> f64 {
    StudentsT::new(0.0, 1.0, df).map_or(1.959_963_985, |t| t.inverse_cdf(0.975))
}

/// Type-7 quantile of sorted data.
pub fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

impl Summary {
    /// Summarises the values that are not NaN; `scratch` is reused for sorting.
    pub fn of(values: impl Iterator<Item = f64>, scratch: &mut Vec<f64>) -> Summary {
        scratch.clear();
        scratch.extend(values.filter(|v| !v.is_nan()));
        let n = scratch.len();
        if n == 0 {
            let nan = f64::NAN;
            return Summary {
                n: 0,
                mean: nan,
                sd: nan,
                ci_low: nan,
                ci_high: nan,
                p5: nan,
                p25: nan,
                p50: nan,
                p75: nan,
                p95: nan,
            };
        }
        // Sum in a fixed order for reproducible bits.
        let mean = scratch.iter().sum::<f64>() / n as f64;
        let sd = if n > 1 {
            (scratch.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1) as f64).sqrt()
        } else {
            0.0
        };
        let half = if n > 1 {
            t975((n - 1) as f64) * sd / (n as f64).sqrt()
        } else {
            0.0
        };
        scratch.sort_by(f64::total_cmp);
        let q = |p| quantile_sorted(scratch, p);
        Summary {
            n: n as u32,
            mean,
            sd,
            ci_low: mean - half,
            ci_high: mean + half,
            p5: q(0.05),
            p25: q(0.25),
            p50: q(0.50),
            p75: q(0.75),
            p95: q(0.95),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type7_quantiles_match_r() {
        // R: quantile(c(1, 2, 3, 4, 10), c(.05, .25, .5, .75, .95), type = 7)
        // 1.2 2.0 3.0 4.0 8.8
        let mut scratch = Vec::new();
        let s = Summary::of([4.0, 1.0, 10.0, 3.0, 2.0].into_iter(), &mut scratch);
        let got = [s.p5, s.p25, s.p50, s.p75, s.p95];
        let want = [1.2, 2.0, 3.0, 4.0, 8.8];
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-12, "{got:?}");
        }
        assert_eq!(s.mean, 4.0);
    }

    #[test]
    fn ci_uses_student_t() {
        assert!((t975(4.0) - 2.776_445).abs() < 1e-5);
        let mut scratch = Vec::new();
        let s = Summary::of([1.0, 2.0, 3.0, 4.0, 5.0].into_iter(), &mut scratch);
        // sd = 1.5811, half = 2.7764 * 1.5811 / sqrt(5) = 1.9632
        assert!((s.ci_high - 3.0 - 1.963_243).abs() < 1e-5, "{s:?}");
        assert!(s.ci_low <= s.mean && s.mean <= s.ci_high);
    }

    #[test]
    fn nan_values_are_left_out() {
        let mut scratch = Vec::new();
        let s = Summary::of([f64::NAN, 2.0, 4.0].into_iter(), &mut scratch);
        assert_eq!((s.n, s.mean), (2, 3.0));
        assert_eq!(Summary::of([f64::NAN].into_iter(), &mut scratch).n, 0);
    }
}
