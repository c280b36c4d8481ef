//! Calendar periods (months, quarters, years) of a horizon, and calendar-month deadlines.
//!
//! The engine runs in continuous days since the start; reports are per calendar month, quarter
//! and year. A period is the part of its calendar month, quarter or year that lies inside the
//! horizon, so a horizon that starts on 1 September has a first "year" of four months.

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

use crate::model::SimTime;

/// Kind of reporting period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// Calendar month.
    Month,
    /// Calendar quarter.
    Quarter,
    /// Calendar year.
    Year,
}

/// One reporting period inside the horizon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Period {
    /// Label: `2019-03`, `2019-Q1` or `2019`.
    pub label: String,
    /// Calendar year.
    pub year: i32,
    /// Start, days since the scenario start.
    pub start: SimTime,
    /// End (exclusive), days since the scenario start.
    pub end: SimTime,
    /// The last day of the period, as a date.
    pub last_day: NaiveDate,
}

/// The periods of a horizon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calendar {
    /// Months in order.
    pub months: Vec<Period>,
    /// Quarters in order.
    pub quarters: Vec<Period>,
    /// Years in order.
    pub years: Vec<Period>,
    /// For each month, the index of its quarter.
    pub quarter_of_month: Vec<usize>,
    /// For each month, the index of its year.
    pub year_of_month: Vec<usize>,
}

impl Calendar {
    /// The calendar of the horizon `start..=end`.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Calendar {
        let day = |d: NaiveDate| (d - start).num_days() as f64;
        let stop = end.succ_opt().expect("end date in range");
        let mut cal = Calendar {
            months: Vec::new(),
            quarters: Vec::new(),
            years: Vec::new(),
            quarter_of_month: Vec::new(),
            year_of_month: Vec::new(),
        };
        let mut first = start.with_day(1).expect("day 1 exists");
        while first < stop {
            let next = first + Months::new(1);
            let (s, e) = (first.max(start), next.min(stop));
            let (y, m) = (first.year(), first.month());
            let q = (m - 1) / 3 + 1;
            let last_day = e.pred_opt().expect("in range");
            let mk = |label: String| Period {
                label,
                year: y,
                start: day(s),
                end: day(e),
                last_day,
            };
            cal.months.push(mk(format!("{y}-{m:02}")));
            let q_label = format!("{y}-Q{q}");
            if cal.quarters.last().map(|p| &p.label) != Some(&q_label) {
                cal.quarters.push(mk(q_label));
            } else {
                let p = cal.quarters.last_mut().expect("just checked");
                p.end = day(e);
                p.last_day = last_day;
            }
            if cal.years.last().map(|p| p.year) != Some(y) {
                cal.years.push(mk(y.to_string()));
            } else {
                let p = cal.years.last_mut().expect("just checked");
                p.end = day(e);
                p.last_day = last_day;
            }
            cal.quarter_of_month.push(cal.quarters.len() - 1);
            cal.year_of_month.push(cal.years.len() - 1);
            first = next;
        }
        cal
    }

    /// Whether month `m` is the last month of its quarter inside the horizon.
    pub fn month_ends_quarter(&self, m: usize) -> bool {
        self.quarter_of_month.get(m + 1) != Some(&self.quarter_of_month[m])
    }

    /// Whether month `m` is the last month of its year inside the horizon.
    pub fn month_ends_year(&self, m: usize) -> bool {
        self.year_of_month.get(m + 1) != Some(&self.year_of_month[m])
    }
}

/// The time `months` calendar months after the time `t` (days since `start`).
///
/// The date of `t` moves by whole calendar months (31 January + 1 month = 28 or 29 February,
/// as chrono clamps to the end of the month) and keeps the time of day of `t`.
pub fn add_months(start: NaiveDate, t: SimTime, months: u32) -> SimTime {
    let whole = t.floor();
    let date = start + chrono::Duration::days(whole as i64);
    let later = date + Months::new(months);
    (later - start).num_days() as f64 + (t - whole)
}

/// [`add_months`] without date arithmetic: the first day of every calendar month from 100 years
/// before `start` to 100 years after, as days since `start`. The engine computes two deadlines
/// per decision (three with a fee); with the table each is a division, a look-up and a clamp
/// instead of chrono's calendar arithmetic. Times outside the table fall back to
/// [`add_months`], so the result is always the same.
#[derive(Debug, Clone)]
pub struct MonthTable {
    start: NaiveDate,
    /// Day (since `start`) on which month `i` of the table begins; one more entry than months.
    starts: Vec<i64>,
}

/// Years the table reaches on either side of the start.
const TABLE_YEARS: i32 = 100;

impl MonthTable {
    /// The table around `start`.
    pub fn new(start: NaiveDate) -> MonthTable {
        let first = NaiveDate::from_ymd_opt(start.year() - TABLE_YEARS, 1, 1).expect("valid date");
        let months = 2 * TABLE_YEARS as u32 * 12 + 1;
        let starts = (0..=months)
            .map(|i| (first + Months::new(i) - start).num_days())
            .collect();
        MonthTable { start, starts }
    }

    /// The time `months` calendar months after `t`, as [`add_months`] computes it.
    pub fn add(&self, t: SimTime, months: u32) -> SimTime {
        // Far outside the table (and NaN or infinite): chrono's arithmetic decides.
        if t.is_nan() || t.abs() >= 1e15 {
            return add_months(self.start, t, months);
        }
        // `floor` without the library call it is on baseline x86-64: truncate, then step down
        // for a negative non-integer.
        let mut day = t as i64;
        if day as f64 > t {
            day -= 1;
        }
        let whole = day as f64;
        let n = self.starts.len() - 1;
        // The month holding `day`: estimated from the mean month length, then corrected.
        let guess = ((day - self.starts[0]) as f64 * (1.0 / 30.436_875)) as i64;
        if guess < 0 || guess as usize >= n {
            return add_months(self.start, t, months);
        }
        let mut i = guess as usize;
        while i > 0 && self.starts[i] > day {
            i -= 1;
        }
        while i + 1 < n && self.starts[i + 1] <= day {
            i += 1;
        }
        let j = i + months as usize;
        if self.starts[i] > day || j >= n {
            return add_months(self.start, t, months);
        }
        let day_of_month = day - self.starts[i];
        let last_day_of_month = self.starts[j + 1] - self.starts[j] - 1;
        (self.starts[j] + day_of_month.min(last_day_of_month)) as f64 + (t - whole)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The table gives exactly what chrono's calendar arithmetic gives, anywhere in it and
        /// past its ends.
        #[test]
        fn the_month_table_agrees_with_chrono(
            day in -40_000i64..40_000,
            fraction in 0.0f64..1.0,
            months in 0u32..60,
            start in 0i64..3_000,
        ) {
            let start = d("2010-01-01") + chrono::Duration::days(start);
            let table = MonthTable::new(start);
            let t = day as f64 + fraction;
            proptest::prop_assert_eq!(table.add(t, months), add_months(start, t, months));
        }
    }

    #[test]
    fn the_month_table_clamps_to_the_end_of_the_month() {
        let start = d("2018-09-01");
        let table = MonthTable::new(start);
        let t = (d("2019-08-31") - start).num_days() as f64 + 0.25;
        assert_eq!(
            table.add(t, 6),
            (d("2020-02-29") - start).num_days() as f64 + 0.25
        );
        let far = (d("1850-03-31") - start).num_days() as f64;
        assert_eq!(table.add(far, 1), add_months(start, far, 1));
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn linkoping_horizon_has_52_months_18_quarters_5_years() {
        let cal = Calendar::new(d("2018-09-01"), d("2022-12-31"));
        assert_eq!(cal.months.len(), 52);
        assert_eq!(cal.quarters.len(), 18);
        assert_eq!(cal.years.len(), 5);
        assert_eq!(cal.months[0].label, "2018-09");
        assert_eq!(cal.quarters[0].label, "2018-Q3");
        assert_eq!(cal.quarters[0].end, 30.0);
        assert_eq!(cal.years[0].end, 122.0);
        assert_eq!(
            cal.years[4].end,
            (d("2023-01-01") - d("2018-09-01")).num_days() as f64
        );
        assert!(cal.month_ends_quarter(0));
        assert!(!cal.month_ends_quarter(1));
        assert!(cal.month_ends_year(3));
    }

    #[test]
    fn months_are_calendar_months() {
        let start = d("2018-09-01");
        // 2018-03-31 + 6 months = 2018-09-30
        let t = (d("2018-03-31") - start).num_days() as f64 + 0.5;
        let six = add_months(start, t, 6);
        assert_eq!(six, (d("2018-09-30") - start).num_days() as f64 + 0.5);
        // 2019-08-31 + 6 months = 2020-02-29 (leap year, clamped)
        let t = (d("2019-08-31") - start).num_days() as f64;
        assert_eq!(
            add_months(start, t, 6),
            (d("2020-02-29") - start).num_days() as f64
        );
    }
}
