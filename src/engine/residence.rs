//! Residence: the end of a stay (exit) and the place's turnaround.

use super::*;

impl Sim<'_> {
    /// Records the end at `t` of the residence of `pid` (for Little's law on the places).
    pub(super) fn end_residence(&mut self, pid: u32, t: SimTime) {
        let since = self.w.persons[pid as usize].since;
        self.w.resident_since_sum -= since;
        self.rec().add(Slot::StayEndSum, t - since);
    }

    /// Resident `pid` leaves the place at `t`: the place goes into its turnaround.
    pub(super) fn leave_place(&mut self, pid: u32, t: SimTime) {
        let u = self.w.persons[pid as usize].unit;
        self.touch(u, t);
        let us = &mut self.w.units[u as usize];
        us.occupied -= 1;
        us.not_ready += 1;
        self.w.occupied -= 1;
        self.w.vacant += 1;
        self.end_residence(pid, t);
        let d = sample(&self.m.scenario.turnaround, self.rng(Stream::Turnaround));
        self.w.events.push(t + d, Ev::PlaceReady { unit: u });
    }

    /// The stay of `pid` drawn in epoch `epoch` ends, unless the person has moved on since.
    pub(super) fn exit(&mut self, pid: u32, epoch: u32, t: SimTime) {
        let p = self.w.persons[pid as usize];
        if p.epoch != epoch {
            return;
        }
        match p.state {
            State::Resident => self.leave_place(pid, t),
            State::External => {
                self.dequeue(pid);
                self.external_change(pid, -1);
            }
            State::Offered | State::MovingIn => {
                // A person placed externally leaves while a hemtagning offer is pending.
                self.external_change(pid, -1);
                self.release_reserved(p.unit, t);
            }
            _ => return,
        }
        self.rec().add(Slot::Exits, 1.0);
        self.clear_bars(pid);
        let pm = &mut self.w.persons[pid as usize];
        pm.state = State::Exited;
        pm.epoch += 1;
        pm.unit = NONE;
    }

    /// A place of `u` that a resident left is ready again after its turnaround (unless the unit
    /// closed meanwhile).
    pub(super) fn turnaround_done(&mut self, u: u32, t: SimTime) {
        let us = &self.w.units[u as usize];
        if us.open && us.not_ready > 0 {
            self.touch(u, t);
            self.w.units[u as usize].not_ready -= 1;
            self.vacancy_ready(u, t);
        }
    }
}
