//! Summaries of a metric over replications: mean, a 95 % confidence interval of the mean, and
//! percentiles.
//!
//! Percentiles are Hyndman-Fan type 7 (the default of R and numpy): linear interpolation between
//! order statistics, `h = (n - 1) p`. The confidence interval is Student's t with n - 1 degrees of
//! freedom, `mean ± t(0.975, n-1) · sd / √n`; with one replication it is the mean itself.
//!
//! A run does not keep every replication's values: it summarises the stream of them in memory
//! that does not grow with the number of replications. [`Moments`] keep the count, the mean and
//! the sum of squared deviations (merged with Chan's formula), and a [`Histogram`] of the values
//! gives the percentiles. Integer values (counts of people, reports, indicators) are kept exactly,
//! so their percentiles are exact; other values (shares, mean waits, costs) go to bins of width
//! [`LINEAR_WIDTH`] below 1 and of relative width [`RELATIVE_ACCURACY`] above, so their
//! percentiles are within 0.00005 or 0.024 % of the exact ones, far inside the Monte Carlo error
//! of a percentile.

use std::collections::BTreeMap;

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
    /// The summary of no values: n = 0 and NaN everywhere.
    pub fn empty() -> Summary {
        let nan = f64::NAN;
        Summary {
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
        }
    }

    /// Summarises the values that are not NaN; `scratch` is reused for sorting.
    pub fn of(values: impl Iterator<Item = f64>, scratch: &mut Vec<f64>) -> Summary {
        scratch.clear();
        scratch.extend(values.filter(|v| !v.is_nan()));
        let n = scratch.len();
        if n == 0 {
            return Summary::empty();
        }
        // Sum in a fixed order for reproducible bits.
        let mean = scratch.iter().sum::<f64>() / n as f64;
        let m2 = scratch.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>();
        scratch.sort_by(f64::total_cmp);
        let moments = Moments {
            n: n as u64,
            mean,
            m2,
        };
        Summary::from_moments(&moments, PERCENTILES.map(|p| quantile_sorted(scratch, p)))
    }

    /// The summary of values with these moments and percentiles (at [`PERCENTILES`]).
    pub fn from_moments(m: &Moments, percentiles: [f64; 5]) -> Summary {
        let n = m.n;
        if n == 0 {
            return Summary::empty();
        }
        // One value says nothing of the spread: no standard deviation and no interval (empty
        // cells and `null`s in the files), rather than an interval of width 0.
        let sd = if n > 1 {
            (m.m2 / (n - 1) as f64).sqrt()
        } else {
            f64::NAN
        };
        let half = if n > 1 {
            t975((n - 1) as f64) * sd / (n as f64).sqrt()
        } else {
            f64::NAN
        };
        let [p5, p25, p50, p75, p95] = percentiles;
        Summary {
            n: n as u32,
            mean: m.mean,
            sd,
            ci_low: m.mean - half,
            ci_high: m.mean + half,
            p5,
            p25,
            p50,
            p75,
            p95,
        }
    }
}

/// The values a metric can take, which the confidence interval of its mean keeps to: the
/// interval of a mean of 0/1 values or of shares never leaves 0..1, that of a count never goes
/// below 0 (a spreadsheet would read "-0.02 people" or "102 %").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Range {
    /// 1 when a goal is met, else 0: the mean is a probability, its interval Wilson's.
    Indicator,
    /// A share from 0 to 1 (occupancy): the t interval cut to 0..1.
    Share,
    /// A count, days, tkr: the t interval cut at 0.
    NonNegative,
}

impl Summary {
    /// This summary with its confidence interval kept within `range`. A summary of one value
    /// keeps its empty interval.
    pub fn within(mut self, range: Range) -> Summary {
        if self.n < 2 || self.ci_low.is_nan() {
            return self;
        }
        match range {
            Range::Indicator => {
                let n = f64::from(self.n);
                let (low, high) = crate::lang::wilson_interval((self.mean * n).round(), n);
                self.ci_low = low;
                self.ci_high = high;
            }
            Range::Share => {
                self.ci_low = self.ci_low.clamp(0.0, 1.0);
                self.ci_high = self.ci_high.clamp(0.0, 1.0);
            }
            Range::NonNegative => {
                self.ci_low = self.ci_low.max(0.0);
                self.ci_high = self.ci_high.max(0.0);
            }
        }
        self
    }
}

/// Mantissa bits that pick a bin within an octave above 1: 2 048 bins per doubling.
const MANTISSA_BITS: u32 = 11;

/// Largest relative error of a percentile of non-integer values of magnitude 1 or more: half a
/// bin of relative width 2^-11 over its lower end, 2^-12 (0.024 %).
pub const RELATIVE_ACCURACY: f64 = 1.0 / (1u64 << (MANTISSA_BITS + 1)) as f64;

/// Width of the bins of non-integer values of magnitude below 1: a percentile of such values
/// is within half of it (0.00005, a hundredth of a percentage point of a share).
pub const LINEAR_WIDTH: f64 = 1e-4;

/// Linear bins below 1.
const LINEAR_BINS: i64 = 10_000;

/// The bits of 1.0 above the bin's mantissa bits: the key of the first bin above 1.
const ONE_KEY: i64 = (0x3ff0_0000_0000_0000u64 >> (52 - MANTISSA_BITS)) as i64;

/// The bin of a finite, positive, non-integer magnitude `a`: linear below 1; above 1 the
/// exponent and the top mantissa bits of `a` (a floating-point number's bits increase with
/// it), so no logarithm is taken. Increasing in `a`.
#[inline]
fn bin(a: f64) -> i64 {
    if a < 1.0 {
        (a * LINEAR_BINS as f64) as i64
    } else {
        LINEAR_BINS + (a.to_bits() >> (52 - MANTISSA_BITS)) as i64 - ONE_KEY
    }
}

/// The point that stands for bin `k`: the middle of the bin.
fn bin_point(k: i64) -> f64 {
    if k < LINEAR_BINS {
        (k as f64 + 0.5) * LINEAR_WIDTH
    } else {
        let bits = ((k - LINEAR_BINS + ONE_KEY) as u64) << (52 - MANTISSA_BITS);
        f64::from_bits(bits | 1 << (51 - MANTISSA_BITS))
    }
}

/// The value that stands for `v` in a [`Histogram`]: `v` itself when it is an integer,
/// otherwise the point of its bin.
pub fn representative(v: f64) -> f64 {
    if is_integer(v) {
        return v + 0.0; // -0.0 and 0.0 are one value
    }
    v.signum() * bin_point(bin(v.abs()))
}

/// Whether `v` is an integer a histogram keeps exactly (magnitude below 10^15).
#[inline]
fn is_integer(v: f64) -> bool {
    // A conversion instruction, where `trunc` may be a library call.
    v.abs() < 1e15 && (v as i64) as f64 == v
}

/// Which of a [`Histogram`]'s count arrays a value goes to.
#[derive(Debug, Clone, Copy)]
enum Part {
    Ints,
    Positive,
    Negative,
}

/// The count array and key of a value that is not NaN: integers exactly, other values by the
/// bin of their magnitude.
#[inline]
fn place(v: f64) -> (Part, i64) {
    if is_integer(v) {
        (Part::Ints, v as i64)
    } else if v > 0.0 {
        (Part::Positive, bin(v))
    } else {
        (Part::Negative, bin(-v))
    }
}

/// Counts per integer key over a contiguous range of keys that grows as keys arrive.
///
/// A count is kept as its low byte in a dense array, plus its multiples of 256 in a small
/// ordered map for the few keys that reach 256. A byte per key instead of four keeps a run's
/// histograms four times smaller, so fewer of their reads miss the cache: adding a value is one
/// byte written, and only every 256th count of a key touches the map. The counts are exact.
#[derive(Debug, Clone, Default, PartialEq)]
struct Dense {
    offset: i64,
    /// Count modulo 256, per key from `offset`.
    low: Vec<u8>,
    /// Count / 256, for keys that have reached 256.
    high: BTreeMap<i64, u64>,
}

impl Dense {
    #[inline]
    fn add(&mut self, key: i64, count: u64) {
        let mut i = key.wrapping_sub(self.offset) as usize;
        if i >= self.low.len() {
            self.grow(key);
            i = (key - self.offset) as usize;
        }
        let t = self.low[i] as u64 + count;
        self.low[i] = t as u8;
        if t > u8::MAX as u64 {
            self.carry(key, t >> 8);
        }
    }

    /// Starts fetching the count of `key` into the cache, if `key` is in the range (a hint to
    /// the processor on x86-64; nothing elsewhere).
    #[inline]
    fn prefetch(&self, key: i64) {
        let i = key.wrapping_sub(self.offset) as usize;
        if i < self.low.len() {
            #[cfg(target_arch = "x86_64")]
            {
                use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
                let at = self.low.as_ptr().wrapping_add(i).cast::<i8>();
                // SAFETY: `_mm_prefetch` needs SSE, which every x86-64 processor has; a prefetch
                // only moves a cache line (of memory this vector owns) and reads nothing.
                unsafe { _mm_prefetch::<_MM_HINT_T0>(at) };
            }
        }
    }

    /// Adds `multiples` of 256 to the count of `key`.
    #[cold]
    #[inline(never)]
    fn carry(&mut self, key: i64, multiples: u64) {
        *self.high.entry(key).or_insert(0) += multiples;
    }

    /// Widens the range to hold `key`, with an eighth of headroom on the side that grows (so
    /// widening costs O(1) per key, amortised) and no more: the range is the memory.
    #[cold]
    fn grow(&mut self, key: i64) {
        if self.low.is_empty() {
            self.offset = key;
            self.low = vec![0; 1];
        } else {
            let len = self.low.len() as i64;
            let pad = (len / 8).max(4);
            let (lo, hi) = if key < self.offset {
                (key - pad, self.offset + len)
            } else {
                (self.offset, key + 1 + pad)
            };
            let mut low = Vec::with_capacity((hi - lo) as usize);
            low.resize((self.offset - lo) as usize, 0);
            low.extend_from_slice(&self.low);
            low.resize((hi - lo) as usize, 0);
            self.low = low;
            self.offset = lo;
        }
    }

    fn merge(&mut self, other: &Dense) {
        for (key, c) in other.iter() {
            self.add(key, c);
        }
    }

    /// (key, count) of the non-empty keys, ascending.
    fn iter(&self) -> impl DoubleEndedIterator<Item = (i64, u64)> + '_ {
        self.low.iter().enumerate().filter_map(|(i, &c)| {
            let key = self.offset + i as i64;
            let high = self.high.get(&key).copied().unwrap_or(0);
            let n = c as u64 + (high << 8);
            (n > 0).then_some((key, n))
        })
    }

    /// Bytes held (the map's nodes estimated at 32 bytes an entry).
    fn heap_bytes(&self) -> usize {
        self.low.capacity() + 32 * self.high.len()
    }
}

/// A histogram of one quantity over replications, for its percentiles: exact counts per integer
/// value; other values in bins of width [`LINEAR_WIDTH`] below 1 in magnitude and of relative
/// width 2^-11 above (percentiles within [`RELATIVE_ACCURACY`]). Adding is O(1), merging is
/// exact (counts add), so the result does not depend on the order in which values or histograms
/// arrive. NaN values are left out.
///
/// Memory is the range of the values, not their number: integer keys from the smallest to the
/// largest seen, and bins from the smallest to the largest magnitude seen (a share in [0.9, 1]
/// takes 1 000 bins, a wait of 1 to 1 000 days about 20 000; a bin is a byte, see `Dense`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Histogram {
    ints: Dense,
    positive: Dense,
    negative: Dense,
    n: u64,
}

impl Histogram {
    /// Adds one value (NaN is left out).
    #[inline]
    pub fn add(&mut self, v: f64) {
        if v.is_nan() {
            return;
        }
        self.n += 1;
        let (part, key) = place(v);
        self.part_mut(part).add(key, 1);
    }

    /// Asks the processor to start fetching the count that [`add`](Self::add)`(v)` will change,
    /// so that an add a few values later finds it in cache. Changes nothing.
    #[inline]
    pub fn prefetch(&self, v: f64) {
        if !v.is_nan() {
            let (part, key) = place(v);
            self.part(part).prefetch(key);
        }
    }

    fn part(&self, part: Part) -> &Dense {
        match part {
            Part::Ints => &self.ints,
            Part::Positive => &self.positive,
            Part::Negative => &self.negative,
        }
    }

    fn part_mut(&mut self, part: Part) -> &mut Dense {
        match part {
            Part::Ints => &mut self.ints,
            Part::Positive => &mut self.positive,
            Part::Negative => &mut self.negative,
        }
    }

    /// Adds every count of `other`.
    pub fn merge(&mut self, other: &Histogram) {
        self.ints.merge(&other.ints);
        self.positive.merge(&other.positive);
        self.negative.merge(&other.negative);
        self.n += other.n;
    }

    /// Values counted.
    pub fn count(&self) -> u64 {
        self.n
    }

    /// The values below `v` and equal to it, where a value that is not an integer is equal to
    /// `v` when it falls in the same bin ([`representative`]): the counts of a mid-rank
    /// percentile.
    pub fn rank(&self, v: f64) -> (u64, u64) {
        let r = representative(v);
        let (mut below, mut equal) = (0, 0);
        for (x, c) in self.ascending() {
            if x < r {
                below += c;
            } else if x == r {
                equal += c;
            } else {
                break;
            }
        }
        (below, equal)
    }

    /// Bytes of counts held.
    pub fn heap_bytes(&self) -> usize {
        self.ints.heap_bytes() + self.positive.heap_bytes() + self.negative.heap_bytes()
    }

    /// (value, count) in ascending order of value.
    fn ascending(&self) -> impl Iterator<Item = (f64, u64)> + '_ {
        let neg = self.negative.iter().rev().map(|(k, c)| (-bin_point(k), c));
        let ints = self.ints.iter().map(|(k, c)| (k as f64, c));
        let pos = self.positive.iter().map(|(k, c)| (bin_point(k), c));
        merge_sorted(merge_sorted(neg, ints), pos)
    }

    /// Type-7 quantiles at each of `ps`: exact for integer values, within [`LINEAR_WIDTH`] / 2
    /// or [`RELATIVE_ACCURACY`] for the others.
    pub fn quantiles<const N: usize>(&self, ps: [f64; N]) -> [f64; N] {
        let mut out = [f64::NAN; N];
        if self.n == 0 {
            return out;
        }
        // The order statistics needed: floor(h) and floor(h) + 1 for each p.
        let hs = ps.map(|p| (self.n - 1) as f64 * p);
        let mut want: Vec<(u64, f64)> = Vec::with_capacity(2 * N);
        for h in hs {
            let lo = h.floor() as u64;
            want.push((lo, f64::NAN));
            want.push(((lo + 1).min(self.n - 1), f64::NAN));
        }
        let mut order: Vec<usize> = (0..want.len()).collect();
        order.sort_by_key(|&i| want[i].0);
        let mut bins = self.ascending();
        let (mut seen, mut current) = (0u64, (f64::NAN, 0u64));
        for i in order {
            while want[i].0 >= seen {
                current = bins.next().expect("index below the count");
                seen += current.1;
            }
            want[i].1 = current.0;
        }
        for (j, h) in hs.iter().enumerate() {
            let (lo, hi) = (want[2 * j].1, want[2 * j + 1].1);
            out[j] = lo + (h - h.floor()) * (hi - lo);
        }
        out
    }
}

/// Two ascending (value, count) streams merged into one.
fn merge_sorted(
    a: impl Iterator<Item = (f64, u64)>,
    b: impl Iterator<Item = (f64, u64)>,
) -> impl Iterator<Item = (f64, u64)> {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) => {
            if x.0 <= y.0 {
                a.next()
            } else {
                b.next()
            }
        }
        (Some(_), None) => a.next(),
        (None, _) => b.next(),
    })
}

/// Count, mean and sum of squared deviations of a stream, mergeable (Chan et al.). Merging is a
/// floating-point computation: merge in a fixed order to get the same bits every time.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Moments {
    /// Values (NaN left out).
    pub n: u64,
    /// Mean.
    pub mean: f64,
    /// Sum of squared deviations from the mean.
    pub m2: f64,
}

impl Moments {
    /// Adds `other`, the values that come after this one's.
    pub fn merge(&mut self, other: &Moments) {
        if other.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *other;
            return;
        }
        let (na, nb) = (self.n as f64, other.n as f64);
        let n = na + nb;
        let delta = other.mean - self.mean;
        self.mean += delta * nb / n;
        self.m2 += other.m2 + delta * delta * na * nb / n;
        self.n += other.n;
    }
}

/// Sums of a short stream (a block of replications) around its first value, the cheapest way to
/// its [`Moments`] without keeping the values: one subtraction, two additions and a
/// multiplication per value. The shift keeps the sums small, so the squared deviations do not
/// cancel.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ShiftedSums {
    n: u64,
    shift: f64,
    s1: f64,
    s2: f64,
}

impl ShiftedSums {
    /// Adds one value (NaN is left out).
    #[inline]
    pub fn add(&mut self, v: f64) {
        if v.is_nan() {
            return;
        }
        if self.n == 0 {
            self.shift = v;
        }
        let d = v - self.shift;
        self.n += 1;
        self.s1 += d;
        self.s2 += d * d;
    }

    /// The moments of the values added.
    pub fn moments(&self) -> Moments {
        if self.n == 0 {
            return Moments::default();
        }
        let n = self.n as f64;
        let d = self.s1 / n;
        Moments {
            n: self.n,
            mean: self.shift + d,
            m2: (self.s2 - self.s1 * d).max(0.0),
        }
    }
}

/// The mid-rank percentile of a value among `n` values of which `below` are smaller and `equal`
/// equal to it: 100 (below + equal / 2) / n, so a value in the middle of a run of ties sits in
/// the middle of the run (Hazen's plotting position for a value that was drawn). NaN for n = 0.
pub fn mid_rank_percentile(below: u64, equal: u64, n: u64) -> f64 {
    if n == 0 {
        return f64::NAN;
    }
    100.0 * (below as f64 + equal as f64 / 2.0) / n as f64
}

/// The summary of a stream from its moments and histogram (which counted the same values).
pub fn summarize(m: &Moments, h: &Histogram) -> Summary {
    debug_assert_eq!(m.n, h.count());
    // One value is every percentile of itself; the histogram knows it only to its bin.
    let percentiles = if m.n == 1 {
        [m.mean; 5]
    } else {
        h.quantiles(PERCENTILES)
    };
    Summary::from_moments(m, percentiles)
}

#[cfg(test)]
mod tests {
    /// 1 success in 50: the t interval is [-0.020, 0.060]; Wilson's, by hand (z = 1.96):
    /// centre 0.02 + z²/100 = 0.058415, half z·sqrt(0.02·0.98/50 + z²/10 000) = 0.054604,
    /// divided by 1 + z²/50 = 1.076829: [0.003539, 0.104954]. A share near 1 is cut at 1, a
    /// count near 0 at 0.
    /// One value: every percentile is the value itself, not its histogram bin's estimate.
    #[test]
    fn one_value_is_each_of_its_percentiles() {
        let m = Moments {
            n: 1,
            mean: 18.766_304,
            m2: 0.0,
        };
        let mut h = Histogram::default();
        h.add(18.766_304);
        let s = summarize(&m, &h);
        assert_eq!([s.p5, s.p25, s.p50, s.p75, s.p95], [18.766_304; 5]);
    }

    #[test]
    fn intervals_keep_to_the_range_of_the_values() {
        let mut scratch = Vec::new();
        let one_in_50 = Summary::of((0..50).map(|i| f64::from(u8::from(i == 0))), &mut scratch);
        assert!(one_in_50.ci_low < 0.0, "{one_in_50:?}");
        let w = one_in_50.within(Range::Indicator);
        assert!(
            (w.ci_low - 0.003_539).abs() < 1e-5 && (w.ci_high - 0.104_954).abs() < 1e-5,
            "{w:?}"
        );
        assert_eq!(w.mean, one_in_50.mean);
        let share = Summary::of([0.97, 1.0, 1.0, 0.99].into_iter(), &mut scratch);
        assert!(share.ci_high > 1.0);
        assert_eq!(share.within(Range::Share).ci_high, 1.0);
        let count = Summary::of([0.0, 0.0, 0.0, 2.0].into_iter(), &mut scratch);
        assert!(count.ci_low < 0.0);
        assert_eq!(count.within(Range::NonNegative).ci_low, 0.0);
        // One value: no interval, whatever the range.
        let single = Summary::of([1.0].into_iter(), &mut scratch);
        assert!(single.within(Range::Indicator).ci_low.is_nan());
    }

    use super::*;
    use proptest::strategy::Strategy;

    /// Worked by hand: of 1, 2, 2, 2, 5 the value 2 has 1 below and 3 equal, so its mid-rank
    /// percentile is 100 (1 + 1.5) / 5 = 50; 0 is below all (0), 9 above all (100), 5 at
    /// 100 (4 + 0.5) / 5 = 90; a non-integer value is ranked by its bin.
    #[test]
    fn mid_rank_percentiles_by_hand() {
        let mut h = Histogram::default();
        for v in [1.0, 2.0, 2.0, 2.0, 5.0] {
            h.add(v);
        }
        let p = |v: f64| {
            let (b, e) = h.rank(v);
            mid_rank_percentile(b, e, h.count())
        };
        assert_eq!(h.rank(2.0), (1, 3));
        assert_eq!(p(2.0), 50.0);
        assert_eq!(p(0.0), 0.0);
        assert_eq!(p(9.0), 100.0);
        assert_eq!(p(5.0), 90.0);
        assert_eq!(p(3.5), 80.0);
        let mut s = Histogram::default();
        for v in [0.97, 0.98, 0.98, 0.99] {
            s.add(v);
        }
        assert_eq!(s.rank(0.98), (1, 2));
        assert_eq!(s.rank(0.985), (3, 0));
        assert!(mid_rank_percentile(0, 0, 0).is_nan());
    }

    #[test]
    fn counts_past_a_byte_carry_exactly_through_adds_and_merges() {
        let mut a = Histogram::default();
        let mut b = Histogram::default();
        for _ in 0..600 {
            a.add(3.0);
        }
        for _ in 0..300 {
            a.add(5.0);
            b.add(3.0);
        }
        b.add(2.5);
        a.merge(&b);
        let ints: Vec<(i64, u64)> = a.ints.iter().collect();
        assert_eq!(ints, [(3, 900), (5, 300)]);
        assert_eq!(a.count(), 1201);
        let merged: u64 = a.ascending().map(|(_, c)| c).sum();
        assert_eq!(merged, 1201);
        // 900 threes then 300 fives: the median is 3, the 0.9 quantile 5, the minimum 2.5.
        assert_eq!(
            a.quantiles([0.0, 0.5, 0.9]),
            [representative(2.5), 3.0, 5.0]
        );
        // A carried count survives the range growing to the left, and merges across ranges.
        let mut c = Histogram::default();
        for _ in 0..512 {
            c.add(100.0);
        }
        c.add(-50.0);
        a.merge(&c);
        let ints: Vec<(i64, u64)> = a.ints.iter().collect();
        assert_eq!(ints, [(-50, 1), (3, 900), (5, 300), (100, 512)]);
    }

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
        // One value: a mean and percentiles, but no spread and no interval.
        let one = Summary::of([7.0].into_iter(), &mut scratch);
        assert_eq!((one.n, one.mean, one.p50), (1, 7.0, 7.0));
        assert!(
            one.sd.is_nan() && one.ci_low.is_nan() && one.ci_high.is_nan(),
            "{one:?}"
        );
    }

    #[test]
    fn nan_values_are_left_out() {
        let mut scratch = Vec::new();
        let s = Summary::of([f64::NAN, 2.0, 4.0].into_iter(), &mut scratch);
        assert_eq!((s.n, s.mean), (2, 3.0));
        assert_eq!(Summary::of([f64::NAN].into_iter(), &mut scratch).n, 0);
    }

    /// Splits `values` into blocks at `cuts`: moments per block merged in order, one histogram
    /// per block merged in reverse order (order must not matter to a histogram).
    fn streamed(values: &[f64], cuts: &[usize]) -> Summary {
        let mut bounds: Vec<usize> = cuts.iter().map(|c| c % (values.len() + 1)).collect();
        bounds.extend([0, values.len()]);
        bounds.sort_unstable();
        let mut moments = Moments::default();
        let mut hists = Vec::new();
        for w in bounds.windows(2) {
            let mut sums = ShiftedSums::default();
            let mut h = Histogram::default();
            for &v in &values[w[0]..w[1]] {
                sums.add(v);
                h.add(v);
            }
            moments.merge(&sums.moments());
            hists.push(h);
        }
        let mut hist = Histogram::default();
        for h in hists.iter().rev() {
            hist.merge(h);
        }
        summarize(&moments, &hist)
    }

    /// The stated accuracy of the type-7 quantile p of `values`: it interpolates between two
    /// order statistics, each binned within half a linear bin or the relative accuracy.
    fn tolerance(values: &[f64], p: f64) -> f64 {
        let mut sorted: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
        sorted.sort_by(f64::total_cmp);
        let h = (sorted.len() - 1) as f64 * p;
        let (lo, hi) = (sorted[h.floor() as usize], sorted[h.ceil() as usize]);
        RELATIVE_ACCURACY * lo.abs().max(hi.abs()) + LINEAR_WIDTH / 2.0 + 1e-12
    }

    /// Equal to rounding, or both undefined (the sd of a single value).
    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a.is_nan() && b.is_nan()) || (a - b).abs() <= rel * a.abs().max(b.abs()) + 1e-12
    }

    proptest::proptest! {
        /// Integer values (counts): the streamed percentiles are exactly those of all values, and
        /// the mean and sd agree to rounding, however the stream is cut into blocks.
        #[test]
        fn integer_values_stream_exactly(
            values in proptest::collection::vec(-50i32..500, 1..400),
            cuts in proptest::collection::vec(0usize..400, 0..6),
        ) {
            let values: Vec<f64> = values.into_iter().map(f64::from).collect();
            let streamed = streamed(&values, &cuts);
            let exact = Summary::of(values.iter().copied(), &mut Vec::new());
            proptest::prop_assert_eq!(streamed.n, exact.n);
            proptest::prop_assert_eq!(
                [streamed.p5, streamed.p25, streamed.p50, streamed.p75, streamed.p95],
                [exact.p5, exact.p25, exact.p50, exact.p75, exact.p95]
            );
            proptest::prop_assert!(close(streamed.mean, exact.mean, 1e-12));
            proptest::prop_assert!(close(streamed.sd, exact.sd, 1e-9));
        }

        /// Non-integer values (shares, waits, costs): percentiles within the stated relative
        /// accuracy; NaN left out as `Summary::of` does.
        #[test]
        fn real_values_stream_within_the_stated_accuracy(
            values in proptest::collection::vec(
                proptest::prop_oneof![1e-3f64..1e6, proptest::strategy::Just(f64::NAN)],
                1..400,
            ),
            cuts in proptest::collection::vec(0usize..400, 0..6),
        ) {
            let streamed = streamed(&values, &cuts);
            let exact = Summary::of(values.iter().copied(), &mut Vec::new());
            proptest::prop_assert_eq!(streamed.n, exact.n);
            if exact.n > 0 {
                for (p, s, e) in [
                    (0.05, streamed.p5, exact.p5),
                    (0.25, streamed.p25, exact.p25),
                    (0.50, streamed.p50, exact.p50),
                    (0.75, streamed.p75, exact.p75),
                    (0.95, streamed.p95, exact.p95),
                ] {
                    let tol = tolerance(&values, p);
                    proptest::prop_assert!((s - e).abs() <= tol, "p{}: {} vs {} (tolerance {})", p, s, e, tol);
                }
                proptest::prop_assert!(close(streamed.mean, exact.mean, 1e-12));
            }
        }
    }

    proptest::proptest! {
        /// Mixed signs, integers and fractions (paired differences): every percentile within the
        /// stated accuracy of the largest magnitude, the count and mean as exact ones.
        #[test]
        fn mixed_values_stream_within_the_stated_accuracy(
            values in proptest::collection::vec(
                proptest::prop_oneof![
                    -1e4f64..1e4,
                    (-300i32..300).prop_map(f64::from),
                    proptest::strategy::Just(0.0),
                ],
                1..300,
            ),
            cuts in proptest::collection::vec(0usize..300, 0..4),
        ) {
            let streamed = streamed(&values, &cuts);
            let exact = Summary::of(values.iter().copied(), &mut Vec::new());
            let scale = values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            proptest::prop_assert_eq!(streamed.n, exact.n);
            for (p, s, e) in [
                (0.05, streamed.p5, exact.p5),
                (0.50, streamed.p50, exact.p50),
                (0.95, streamed.p95, exact.p95),
            ] {
                let tol = tolerance(&values, p);
                proptest::prop_assert!((s - e).abs() <= tol, "p{}: {} vs {} (tolerance {})", p, s, e, tol);
            }
            proptest::prop_assert!((streamed.mean - exact.mean).abs() <= 1e-9 * scale.max(1.0));
            proptest::prop_assert!(
                (streamed.sd.is_nan() && exact.sd.is_nan())
                    || (streamed.sd - exact.sd).abs() <= 1e-9 * scale.max(1.0)
            );
        }
    }

    #[test]
    fn representatives_keep_integers_and_bound_the_error_of_the_rest() {
        for v in [0.0, -0.0, 1.0, -3.0, 1e14] {
            assert_eq!(representative(v), v + 0.0);
        }
        for v in [1.5, 123.456, -2.5, 1e9 + 0.5] {
            let r = representative(v);
            assert!(close(r, v, RELATIVE_ACCURACY), "{v} -> {r}");
            assert_ne!(r, v);
        }
        for v in [0.98765, 1e-7, -0.5, 0.00015] {
            let r = representative(v);
            assert!((r - v).abs() <= LINEAR_WIDTH / 2.0, "{v} -> {r}");
        }
        // Many values, few bins: memory is the range, not the count.
        let mut h = Histogram::default();
        for i in 0..100_000 {
            h.add(0.95 + 0.05 * i as f64 / 1e5);
        }
        assert_eq!(h.count(), 100_000);
        // 0.05 / 0.0001 = 500 bins of a byte (twice that while a vector grows).
        assert!(h.heap_bytes() <= 1024, "{}", h.heap_bytes());
    }
}
