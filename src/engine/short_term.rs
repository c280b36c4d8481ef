//! Short-term places (*korttidsplatser*): a small service of its own beside the housing.
//!
//! Requests arrive as one Poisson process per target group (superposed: one stream of requests
//! whose profile is drawn in proportion to the rates). A request takes a free place in the open
//! short-term unit with the lowest register number that serves its profile; if none is free it
//! finds no place (a loss system: no queue), and the municipality pays
//! `no_place_cost_per_day_tkr` for every day of the stay it would have had (for example to the
//! region, for a discharge-ready patient who stays in hospital). Every request draws its stay,
//! placed or not, so two scenarios with different places see the same requests and stays
//! (common random numbers), and all of it comes from the stream [`Stream::ShortTerm`], so the
//! housing draws do not move.
//!
//! Short-term units live only here ([`ShortTermState`]): the housing allocation never sees them,
//! and a short-term request never looks at a housing unit.

use super::*;
use crate::model::ShortTerm;

/// What the replications read: the scenario's short-term demand, prepared once.
#[derive(Debug, Clone, Default)]
pub(super) struct Prepared {
    /// Requests per day, all target groups together (0 without short-term places).
    pub(super) rate_per_day: f64,
    /// Share of the requests per profile (sums to 1).
    pub(super) mix: Vec<f64>,
}

impl Prepared {
    pub(super) fn new(s: &Scenario) -> Prepared {
        let Some(st) = &s.short_term else {
            return Prepared::default();
        };
        let total: f64 = st.requests_per_year.iter().sum();
        Prepared {
            rate_per_day: total / DAYS_PER_YEAR,
            mix: st.requests_per_year.iter().map(|r| r / total).collect(),
        }
    }
}

/// A short-term unit's state.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct ShortTermUnitState {
    pub(super) open: bool,
    pub(super) occupied: u32,
}

/// The short-term places of a replication, in the [`Workspace`].
#[derive(Debug, Clone, Default)]
pub(super) struct ShortTermState {
    pub(super) units: Vec<ShortTermUnitState>,
    /// Occupied short-term places (the sum of the units').
    pub(super) occupied: u32,
    /// Places of open short-term units.
    pub(super) open_places: u32,
    /// Stays under way that found no place (paid per day).
    pub(super) no_place: u32,
    /// Cost of the open places, tkr a day.
    pub(super) cost_rate: f64,
    /// Requests so far, and how they went: placed, no place; stays ended of each (conservation).
    pub(super) requests: u64,
    pub(super) placed: u64,
    pub(super) refused: u64,
    pub(super) placed_ended: u64,
    pub(super) refused_ended: u64,
    /// Places occupied at the start (their stays end like the others, but were no request).
    pub(super) at_start: u64,
}

impl ShortTermState {
    /// Adds the time integrals of `dt` days to the month's record.
    pub(super) fn integrate(&self, st: &ShortTerm, rec: &mut outcome::MonthRecord, dt: f64) {
        rec.add(Slot::ShortTermOccupiedDays, self.occupied as f64 * dt);
        rec.add(Slot::ShortTermOpenPlaceDays, self.open_places as f64 * dt);
        rec.add(Slot::ShortTermNoPlaceDays, self.no_place as f64 * dt);
        rec.add(Slot::ShortTermOwnCost, self.cost_rate * dt);
        rec.add(
            Slot::ShortTermNoPlaceCost,
            self.no_place as f64 * dt * st.no_place_cost_per_day_tkr,
        );
    }

    /// The month-end counts.
    pub(super) fn close_month(&self, rec: &mut outcome::MonthRecord) {
        rec.set(Slot::ShortTermOccupied, self.occupied as f64);
        rec.set(Slot::ShortTermOpenPlaces, self.open_places as f64);
    }
}

impl Sim<'_> {
    /// Resets the short-term places and schedules what the start state holds: the units open at
    /// the start (with residual stays for the places occupied), later openings, the first
    /// request. Marks every month (and each profile with requests) as having the service.
    pub(super) fn short_term_start(&mut self) {
        let m = self.m;
        let w = &mut *self.w;
        let sh = &mut w.short;
        sh.units.clear();
        sh.occupied = 0;
        sh.open_places = 0;
        sh.no_place = 0;
        sh.cost_rate = 0.0;
        sh.requests = 0;
        sh.placed = 0;
        sh.refused = 0;
        sh.placed_ended = 0;
        sh.refused_ended = 0;
        sh.at_start = 0;
        let Some(st) = &m.scenario.short_term else {
            return;
        };
        for rec in &mut w.outcome.months {
            rec.set(Slot::ShortTermService, 1.0);
        }
        let np = w.outcome.profiles;
        for (i, pr) in w.outcome.profile_months.iter_mut().enumerate() {
            if st.requests_per_year[i % np] > 0.0 {
                pr.set(ProfileSlot::ShortTermService, 1.0);
            }
        }
        sh.units
            .resize(st.units.len(), ShortTermUnitState::default());
        for (i, u) in st.units.iter().enumerate() {
            match u.opens {
                None => {
                    let us = &mut sh.units[i];
                    us.open = true;
                    us.occupied = u.occupied_at_start;
                    sh.occupied += u.occupied_at_start;
                    sh.open_places += u.places;
                    sh.cost_rate += u.places as f64 * u.cost_per_place_year_tkr / DAYS_PER_YEAR;
                    sh.at_start += u.occupied_at_start as u64;
                    let r = &mut w.rngs[Stream::ShortTerm as usize];
                    for _ in 0..u.occupied_at_start {
                        let end = sample_residual(&st.stay, r);
                        w.events.push(end, Ev::ShortTermEnd { unit: i as u32 });
                    }
                }
                Some(t) => w.events.push(t, Ev::ShortTermOpen { unit: i as u32 }),
            }
        }
        let r = &mut w.rngs[Stream::ShortTerm as usize];
        let first = exp1(r) / m.short.rate_per_day;
        w.events.push(first, Ev::ShortTermRequest);
    }

    /// A short-term unit opens: its places are free.
    pub(super) fn short_term_opens(&mut self, unit: u32) {
        let Some(st) = &self.m.scenario.short_term else {
            return;
        };
        let u = &st.units[unit as usize];
        let sh = &mut self.w.short;
        sh.units[unit as usize].open = true;
        sh.open_places += u.places;
        sh.cost_rate += u.places as f64 * u.cost_per_place_year_tkr / DAYS_PER_YEAR;
    }

    /// A request for a short-term place: its target group and stay are drawn, then it takes a
    /// free place that serves the group, or finds none; the next request is scheduled.
    pub(super) fn short_term_request(&mut self, t: SimTime) {
        let m = self.m;
        let Some(st) = &m.scenario.short_term else {
            return;
        };
        let w = &mut *self.w;
        let r = &mut w.rngs[Stream::ShortTerm as usize];
        let profile = pick(&m.short.mix, r) as ProfileId;
        let stay = sample(&st.stay, r);
        let next = t + exp1(r) / m.short.rate_per_day;
        let sh = &mut w.short;
        sh.requests += 1;
        let place =
            st.units.iter().zip(&sh.units).position(|(u, us)| {
                us.open && us.occupied < u.places && u.profiles.contains(profile)
            });
        let unit = match place {
            Some(i) => {
                sh.units[i].occupied += 1;
                sh.occupied += 1;
                sh.placed += 1;
                i as u32
            }
            None => {
                sh.no_place += 1;
                sh.refused += 1;
                NONE
            }
        };
        w.events.push(t + stay, Ev::ShortTermEnd { unit });
        w.events.push(next, Ev::ShortTermRequest);
        let o = &mut w.outcome;
        let month = w.month.min(o.months.len() - 1);
        o.months[month].add(Slot::ShortTermRequests, 1.0);
        let pr = &mut o.profile_months[month * o.profiles + profile as usize];
        pr.add(ProfileSlot::ShortTermRequests, 1.0);
        if unit == NONE {
            o.months[month].add(Slot::ShortTermNoPlace, 1.0);
            pr.add(ProfileSlot::ShortTermNoPlace, 1.0);
        }
    }

    /// A short-term stay ends: its place is free again, or (`unit == NONE`) the payments for a
    /// stay without a place stop.
    pub(super) fn short_term_ends(&mut self, unit: u32) {
        let sh = &mut self.w.short;
        if unit == NONE {
            sh.no_place -= 1;
            sh.refused_ended += 1;
        } else {
            sh.units[unit as usize].occupied -= 1;
            sh.occupied -= 1;
            sh.placed_ended += 1;
        }
    }

    /// The conservation of short-term places and requests (run after every event in tests).
    pub(super) fn check_short_term(&self, t: SimTime) {
        let sh = &self.w.short;
        let Some(st) = &self.m.scenario.short_term else {
            assert!(
                sh.units.is_empty() && sh.requests == 0 && sh.occupied == 0 && sh.no_place == 0,
                "short-term activity in a scenario without short-term places at t={t}"
            );
            return;
        };
        let (mut occ, mut open) = (0u32, 0u32);
        for (i, (u, us)) in st.units.iter().zip(&sh.units).enumerate() {
            assert!(
                us.occupied <= if us.open { u.places } else { 0 },
                "short-term unit {i}: {} occupied of {} places (open: {}) at t={t}",
                us.occupied,
                u.places,
                us.open
            );
            occ += us.occupied;
            open += if us.open { u.places } else { 0 };
        }
        assert_eq!(
            (occ, open),
            (sh.occupied, sh.open_places),
            "short-term totals at t={t}"
        );
        assert_eq!(
            sh.requests,
            sh.placed + sh.refused,
            "every short-term request is placed or finds no place, at t={t}"
        );
        assert_eq!(
            sh.placed + sh.at_start - sh.placed_ended,
            sh.occupied as u64,
            "short-term stays under way in places at t={t}"
        );
        assert_eq!(
            sh.refused - sh.refused_ended,
            sh.no_place as u64,
            "short-term stays under way without a place at t={t}"
        );
    }
}
