//! Demand: applications, investigation and decisions, the timers of an open decision, and
//! withdrawal from the queue.

use super::*;

impl Sim<'_> {
    pub(super) fn application(&mut self, t: SimTime) {
        let m = self.m;
        let s = &m.scenario;
        self.rec().add(Slot::Applications, 1.0);
        let (profile, district) = m.draw_applicant(&mut self.w.rngs[Stream::Arrivals as usize]);
        let r = &mut self.w.rngs[Stream::Investigation as usize];
        let dur = sample(&s.investigation, r);
        self.investigate(profile, district, t + dur, Stream::Investigation);
        self.schedule_next_arrival(t);
    }

    /// A new applicant under investigation until `decided`, granted or not by a draw from
    /// `stream`.
    pub(super) fn investigate(
        &mut self,
        profile: ProfileId,
        district: u16,
        decided: SimTime,
        stream: Stream,
    ) {
        let p = self.m.scenario.grant_probability;
        let granted = chance(self.rng(stream), p);
        let pid = self.new_person(profile, district, State::Investigating);
        self.w.persons[pid as usize].granted = granted;
        self.w.events.push(decided, Ev::Decision { person: pid });
    }

    pub(super) fn schedule_next_arrival(&mut self, from: SimTime) {
        let mut e = exp1(self.rng(Stream::Arrivals));
        let mut t = from;
        while let Some(&(end, rate)) = self.m.arrival_segments.get(self.w.next_arrival_segment) {
            if rate > 0.0 && rate * (end - t) > e {
                self.w.events.push(t + e / rate, Ev::Application);
                return;
            }
            e -= rate * (end - t);
            t = end;
            self.w.next_arrival_segment += 1;
        }
    }

    pub(super) fn decision(&mut self, pid: u32, t: SimTime) {
        if !self.w.persons[pid as usize].granted {
            self.w.persons[pid as usize].state = State::Rejected;
            self.rec().add(Slot::Rejections, 1.0);
            return;
        }
        self.rec().add(Slot::Decisions, 1.0);
        let profile = self.w.persons[pid as usize].profile;
        self.prec(profile).add(ProfileSlot::Decisions, 1.0);
        let p = &mut self.w.persons[pid as usize];
        p.state = State::Queued;
        p.decision = t;
        self.open_decision(pid, t);
        self.training_eligibility(pid);
        self.enqueue(pid, t);
    }

    /// Registers an unexecuted decision and its timers (deadlines, withdrawal, placement, fee).
    pub(super) fn open_decision(&mut self, pid: u32, now: SimTime) {
        let m = self.m;
        let s = &m.scenario;
        let w = &mut *self.w;
        let p = &mut w.persons[pid as usize];
        p.open_idx = w.open.len() as u32;
        w.open.push(OpenDecision {
            decision: p.decision,
            deadline_goal: m.day_after_months(p.decision, s.goals.offer_within_months),
            deadline_report: m.day_after_months(p.decision, s.goals.report_after_months),
            pid,
            profile: p.profile,
            external: p.lives_external,
            offered: !p.first_offer.is_nan(),
        });
        let (decision, epoch) = (p.decision, p.epoch);
        if s.withdrawal_per_day > 0.0 {
            let d = exp1(&mut w.rngs[Stream::Withdrawal as usize]) / s.withdrawal_per_day;
            w.events.push(now + d, Ev::Withdraw { person: pid, epoch });
        }
        if let Some(after) = s.external.placement_after_days {
            w.events.push(
                (decision + after).max(now),
                Ev::PlaceExternally { person: pid, epoch },
            );
        }
        if let Some(fee) = &s.fee {
            let at = m.day_after_months(decision, fee.after_months);
            w.events
                .push(at.max(now), Ev::FeeStart { person: pid, epoch });
        }
    }

    /// Ends an unexecuted decision at `t` (executed, withdrawn or placed with execution).
    pub(super) fn close_decision(&mut self, pid: u32, t: SimTime) {
        let decision = self.w.persons[pid as usize].decision;
        self.rec().add(Slot::QueueLeaveSum, t - decision);
        let w = &mut *self.w;
        let p = &mut w.persons[pid as usize];
        let idx = p.open_idx as usize;
        p.open_idx = NONE;
        p.epoch += 1;
        if p.fee_accruing {
            p.fee_accruing = false;
            w.fee_cases -= 1;
        }
        w.open.swap_remove(idx);
        if idx < w.open.len() {
            let moved = w.open[idx].pid;
            w.persons[moved as usize].open_idx = idx as u32;
        }
    }

    /// The withdrawal timer of `pid`'s decision (drawn in `epoch`) runs out.
    pub(super) fn withdrawal_due(&mut self, pid: u32, epoch: u32, t: SimTime) {
        let p = self.w.persons[pid as usize];
        if p.epoch == epoch && p.open_idx != NONE {
            self.withdraw(pid, t);
        }
    }

    /// The expected fee starts to accrue for `pid`'s decision (opened in `epoch`), if still open.
    pub(super) fn fee_starts(&mut self, pid: u32, epoch: u32) {
        let p = &mut self.w.persons[pid as usize];
        if p.epoch == epoch && p.open_idx != NONE && !p.fee_accruing {
            p.fee_accruing = true;
            self.w.fee_cases += 1;
        }
    }

    /// `pid` withdraws: the decision closes, and a reserved place is given back.
    pub(super) fn withdraw(&mut self, pid: u32, t: SimTime) {
        let p = self.w.persons[pid as usize];
        match p.state {
            State::Queued => self.dequeue(pid),
            State::Offered | State::MovingIn => {
                self.w.persons[pid as usize].state = State::Withdrawn;
                self.release_reserved(p.unit, t);
            }
            // Already out of the queue by a decline that reached the limit.
            _ => {}
        }
        if p.lives_external {
            self.external_change(pid, -1);
        }
        self.rec().add(Slot::Withdrawals, 1.0);
        self.close_decision(pid, t);
        self.clear_bars(pid);
        let pm = &mut self.w.persons[pid as usize];
        pm.state = State::Withdrawn;
        pm.lives_external = false;
        pm.unit = NONE;
    }
}
