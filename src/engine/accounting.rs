//! Accounting: time integrals (place-days, person-days, costs) brought up to each event and split
//! at month ends, and the month-end counts.

use super::*;

impl Sim<'_> {
    /// Moves the clock to `t`, closing every month that ends on the way.
    pub(super) fn advance(&mut self, t: SimTime) {
        while self.w.month < self.m.month_ends.len() && self.m.month_ends[self.w.month] <= t {
            let end = self.m.month_ends[self.w.month];
            self.integrate(end);
            self.close_month(end);
            self.w.month += 1;
        }
        if self.w.month < self.m.month_ends.len() {
            self.integrate(t);
        }
    }

    pub(super) fn integrate(&mut self, t: SimTime) {
        let w = &mut *self.w;
        let dt = t - w.last;
        if dt <= 0.0 {
            return;
        }
        let s = &self.m.scenario;
        let rec = &mut w.outcome.months[w.month];
        rec.add(Slot::OccupiedDays, w.occupied as f64 * dt);
        rec.add(Slot::OpenPlaceDays, w.open_places as f64 * dt);
        rec.add(Slot::ReservedDays, w.reserved as f64 * dt);
        rec.add(Slot::VacantDays, w.vacant as f64 * dt);
        rec.add(Slot::ExternalDays, w.external as f64 * dt);
        rec.add(Slot::QueueDays, w.open.len() as f64 * dt);
        rec.add(Slot::TrainingPlaceDays, w.training_places as f64 * dt);
        rec.add(Slot::TrainingOccupiedDays, w.trainees as f64 * dt);
        rec.add(Slot::OwnCost, w.own_cost_rate * dt);
        rec.add(
            Slot::ExternalCost,
            w.external as f64 * dt * s.external.cost_per_person_year_tkr / DAYS_PER_YEAR,
        );
        if let Some(fee) = &s.fee {
            rec.add(
                Slot::FeeCost,
                w.fee_cases as f64 * dt * fee.expected_tkr_per_month * 12.0 / DAYS_PER_YEAR,
            );
        }
        if let Some(st) = &s.short_term {
            w.short.integrate(st, rec, dt);
        }
        w.last = t;
    }

    pub(super) fn close_month(&mut self, end: SimTime) {
        let m = self.m;
        let w = &mut *self.w;
        let (mut over_goal, mut over_goal_no_offer, mut over_limit, mut queue_ext) =
            (0u32, 0u32, 0u32, 0u32);
        let mut age_sum = 0.0;
        let np = w.outcome.profiles;
        let month = w.month;
        let profiles = &mut w.outcome.profile_months[month * np..(month + 1) * np];
        for (pr, &ext) in profiles.iter_mut().zip(&w.external_by_profile) {
            pr.set(ProfileSlot::Queue, 0.0);
            pr.set(ProfileSlot::OverOfferGoalNoOffer, 0.0);
            pr.set(ProfileSlot::OverReportLimit, 0.0);
            pr.set(ProfileSlot::External, ext as f64);
        }
        for d in &w.open {
            age_sum += end - d.decision;
            queue_ext += d.external as u32;
            let over = end > d.deadline_report;
            over_limit += over as u32;
            let late = end > d.deadline_goal;
            over_goal += late as u32;
            over_goal_no_offer += (late && !d.offered) as u32;
            let pr = &mut profiles[d.profile as usize];
            pr.add(ProfileSlot::Queue, 1.0);
            pr.add(
                ProfileSlot::OverOfferGoalNoOffer,
                (late && !d.offered) as u32 as f64,
            );
            pr.add(ProfileSlot::OverReportLimit, over as u32 as f64);
        }
        let rec = &mut w.outcome.months[w.month];
        rec.set(Slot::Queue, w.open.len() as f64);
        rec.set(Slot::QueueExternal, queue_ext as f64);
        rec.set(Slot::OverOfferGoalNoOffer, over_goal_no_offer as f64);
        rec.set(Slot::OverOfferGoal, over_goal as f64);
        rec.set(Slot::OverReportLimit, over_limit as f64);
        rec.set(Slot::Vacant, w.vacant as f64);
        rec.set(Slot::VacantReady, w.idle as f64);
        rec.set(Slot::External, w.external as f64);
        rec.set(Slot::Occupied, w.occupied as f64);
        rec.set(Slot::OpenPlaces, w.open_places as f64);
        rec.set(Slot::QueueAgeSum, age_sum);
        rec.set(Slot::TrainingPlaces, w.training_places as f64);
        rec.set(Slot::Trainees, w.trainees as f64);
        if m.scenario.short_term.is_some() {
            w.short.close_month(rec);
        }
        rec.set(
            Slot::StayAgeSum,
            w.occupied as f64 * end - w.resident_since_sum,
        );
        if m.calendar.month_ends_year(w.month) {
            let year = m.calendar.year_of_month[w.month];
            let years = m.years();
            for (i, u) in w.units.iter_mut().enumerate() {
                let dt = end - u.last;
                if u.open {
                    u.occupied_days += u.occupied as f64 * dt;
                    u.open_days += u.places() as f64 * dt;
                }
                u.last = end;
                w.outcome.unit_years[i * years + year] = [u.occupied_days, u.open_days];
                u.occupied_days = 0.0;
                u.open_days = 0.0;
            }
        }
    }

    /// Brings unit `u`'s place-day integrals up to `t` before its counts change.
    pub(super) fn touch(&mut self, u: u32, t: SimTime) {
        let us = &mut self.w.units[u as usize];
        // Several changes at one time (an exit, the place offered again, the answer) integrate once.
        if us.last == t {
            return;
        }
        if us.open {
            let dt = t - us.last;
            us.occupied_days += us.occupied as f64 * dt;
            us.open_days += us.places() as f64 * dt;
        }
        us.last = t;
    }

    pub(super) fn rec(&mut self) -> &mut outcome::MonthRecord {
        let m = self.w.month.min(self.w.outcome.months.len() - 1);
        &mut self.w.outcome.months[m]
    }

    /// The current month's record of `profile`.
    pub(super) fn prec(&mut self, profile: ProfileId) -> &mut ProfileRecord {
        let o = &mut self.w.outcome;
        let m = self.w.month.min(o.months.len() - 1);
        &mut o.profile_months[m * o.profiles + profile as usize]
    }

    /// A person of `pid`'s profile enters (`+1`) or leaves (`-1`) an external placement.
    pub(super) fn external_change(&mut self, pid: u32, delta: i32) {
        let p = self.w.persons[pid as usize].profile as usize;
        self.w.external = self.w.external.wrapping_add_signed(delta);
        self.w.external_by_profile[p] = self.w.external_by_profile[p].wrapping_add_signed(delta);
    }
}
