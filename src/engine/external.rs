//! External placements: placing a person who has waited too long, and who is a hemtagning
//! candidate (`Person::in_external_placement` tells who lives in one).

use super::*;

impl Sim<'_> {
    /// `pid` has waited `placement_after_days` (timer drawn in `epoch`): placed externally if
    /// still waiting at home with no offer declined.
    pub(super) fn place_externally(&mut self, pid: u32, epoch: u32, t: SimTime) {
        let s = &self.m.scenario;
        let p = self.w.persons[pid as usize];
        if p.epoch != epoch || p.state != State::Queued || p.lives_external || p.declines != 0 {
            return;
        }
        self.dequeue(pid);
        self.external_change(pid, 1);
        self.rec().add(Slot::ExternalPlacements, 1.0);
        if s.external.placement_executes_decision {
            self.close_decision(pid, t);
            let pm = &mut self.w.persons[pid as usize];
            pm.state = State::External;
            let epoch = pm.epoch;
            let stay = sample(&s.stay, self.rng(Stream::Stays));
            self.w
                .events
                .push(t + stay, Ev::Exit { person: pid, epoch });
            if s.external.hemtagning {
                self.enqueue(pid, t);
            }
        } else {
            let p = &mut self.w.persons[pid as usize];
            p.lives_external = true;
            self.w.open[p.open_idx as usize].external = true;
            self.enqueue(pid, t);
        }
    }

    /// `p` is offered own places: the decision was executed externally, hemtagning is on, and
    /// the person has declined fewer hemtagning offers than allowed.
    pub(super) fn hemtagning_candidate(&self, p: &Person) -> bool {
        let ext = &self.m.scenario.external;
        p.state == State::External && ext.hemtagning && p.declines < ext.hemtagning_max_declines
    }
}
