//! Answers to offers (accept or decline) and moving in.

use super::*;

impl Sim<'_> {
    /// The answer to offer number `offer` of `pid`, if it is still pending.
    pub(super) fn answer(&mut self, pid: u32, offer: u32, t: SimTime) {
        let s = &self.m.scenario;
        let p = self.w.persons[pid as usize];
        if p.state != State::Offered || p.offer_seq != offer {
            return;
        }
        let u = p.unit;
        let was_external = p.executed_externally();
        let base = if was_external {
            s.external.hemtagning_acceptance
        } else if p.district == u16::MAX {
            s.offers.acceptance
        } else if self.m.unit_district[u as usize] == p.district {
            s.offers.acceptance_preferred_district
        } else {
            s.offers.acceptance_other_district
        };
        // The factor per decline describes the queue; a hemtagning offer is accepted with its
        // own probability however often the person declined before.
        let factor = if was_external {
            1.0
        } else {
            s.offers
                .acceptance_factor_per_decline
                .powi(p.declines as i32)
        };
        let prob = (base * factor).clamp(0.0, 1.0);
        let accept = chance(self.rng(Stream::Offers), prob);
        if accept {
            let lead = sample(&s.move_in, self.rng(Stream::MoveIn));
            self.w.persons[pid as usize].state = State::MovingIn;
            self.w.events.push(
                t + lead,
                Ev::MoveIn {
                    person: pid,
                    offer: p.offer_seq,
                },
            );
            return;
        }
        self.rec().add(Slot::Declines, 1.0);
        let pm = &mut self.w.persons[pid as usize];
        pm.declines += 1;
        pm.state = if was_external {
            State::External
        } else {
            State::Queued
        };
        pm.unit = NONE;
        let declines = pm.declines;
        // Barred from the unit, so that the place given back here (in `release_reserved` below)
        // goes to somebody else or waits, until a resident's place in the unit is ready again
        // (`vacancy_ready`); earlier bars elsewhere stay.
        self.bar(pid, u);
        self.release_reserved(u, t);
        if was_external {
            // After the last hemtagning offer it may decline, the person stays placed
            // externally until the placement ends.
            if self.hemtagning_candidate(&self.w.persons[pid as usize]) {
                self.enqueue(pid, t);
            }
        } else if s
            .offers
            .withdraw_after_declines
            .is_some_and(|n| declines >= n)
        {
            self.withdraw(pid, t);
        } else {
            self.enqueue(pid, t);
        }
    }

    /// `pid` moves in after accepting offer number `offer`, unless it was withdrawn meanwhile.
    pub(super) fn move_in(&mut self, pid: u32, offer: u32, t: SimTime) {
        let s = &self.m.scenario;
        let p = self.w.persons[pid as usize];
        if p.state != State::MovingIn || p.offer_seq != offer {
            return;
        }
        let u = p.unit;
        self.touch(u, t);
        let us = &mut self.w.units[u as usize];
        us.reserved -= 1;
        us.occupied += 1;
        self.w.reserved -= 1;
        self.w.occupied += 1;
        if p.in_external_placement() {
            self.external_change(pid, -1);
            self.rec().add(Slot::Hemtagningar, 1.0);
        }
        if p.open_idx != NONE {
            self.prec(p.profile).add(ProfileSlot::MoveIns, 1.0);
            let rec = self.rec();
            rec.add(Slot::MoveIns, 1.0);
            rec.add(Slot::WaitMoveInSum, t - p.decision);
            self.close_decision(pid, t);
        } else {
            self.w.persons[pid as usize].epoch += 1;
        }
        self.clear_bars(pid);
        let pm = &mut self.w.persons[pid as usize];
        pm.state = State::Resident;
        pm.lives_external = false;
        pm.since = t;
        self.w.resident_since_sum += t;
        let epoch = pm.epoch;
        if self.training_move_in(pid, u, t) {
            return;
        }
        let stay = sample(&s.stay, self.rng(Stream::Stays));
        self.w
            .events
            .push(t + stay, Ev::Exit { person: pid, epoch });
    }
}
