//! Training housing with a time limit (*träningsboende*): who is eligible, the maximum stay,
//! and what the end of a stay leads to: an own flat, the queue for a permanent place, or a
//! prolonged stay (docs/model.md, "Training housing").
//!
//! Only units marked `time_limited` are training places in this sense; they serve only the
//! candidate group [`TRAINEE`] (set up in `prepare.rs`), which the other units serve as they
//! serve people waiting at home: an eligible person takes the first place offered, training
//! or permanent, and nobody else is offered a training place. Every draw is from [`Stream::Training`], so
//! a scenario without time-limited units draws nothing from it and its other streams keep
//! their numbers.

use super::*;
use crate::model::TrainingOutcome;

impl Sim<'_> {
    /// A new decision of `pid` is eligible for training with `training.eligible_share`, when a
    /// time-limited training unit serves the person's profile (open or opening later). An
    /// eligible person waits like anyone else and may also be offered a training place.
    pub(super) fn training_eligibility(&mut self, pid: u32) {
        let Some(tr) = &self.m.scenario.training else {
            return;
        };
        let profile = self.w.persons[pid as usize].profile;
        let served = self
            .m
            .training_units
            .iter()
            .any(|&u| self.m.scenario.units[u as usize].profiles.contains(profile));
        if served && chance(self.rng(Stream::Training), tr.eligible_share) {
            self.w.persons[pid as usize].training = TrainingState::Eligible;
        }
    }

    /// `pid` has moved into a place of `u` at `t`: in a time-limited training unit the
    /// training starts (and this returns true: the stay is the training's); elsewhere an
    /// eligible person (moved in from an external placement) is no longer eligible.
    pub(super) fn training_move_in(&mut self, pid: u32, u: u32, t: SimTime) -> bool {
        if self.m.time_limited[u as usize] {
            self.training_starts(pid, t);
            return true;
        }
        let p = &mut self.w.persons[pid as usize];
        if p.training == TrainingState::Eligible {
            p.training = TrainingState::No;
        }
        false
    }

    /// `pid` has moved into a time-limited training place at `t` (the move-in executed the
    /// decision): the stay ends after the maximum stay, drawn now.
    fn training_starts(&mut self, pid: u32, t: SimTime) {
        let Some(tr) = &self.m.scenario.training else {
            return;
        };
        self.rec().add(Slot::TrainingStarts, 1.0);
        self.w.trainees += 1;
        let p = &mut self.w.persons[pid as usize];
        p.training = TrainingState::InTraining;
        let epoch = p.epoch;
        let stay = sample(&tr.max_stay, self.rng(Stream::Training));
        self.w
            .events
            .push(t + stay, Ev::TrainingEnds { person: pid, epoch });
    }

    /// The stay of trainee `pid` (drawn in `epoch`) reaches its end: by the configured shares,
    /// an own flat (the stay ends for good), a permanent place (a new decision at `t`, in the
    /// queue from `t` like any decision; the training place is left) or a prolongation.
    pub(super) fn training_ends(&mut self, pid: u32, epoch: u32, t: SimTime) {
        let Some(tr) = &self.m.scenario.training else {
            return;
        };
        let p = self.w.persons[pid as usize];
        if p.epoch != epoch || p.state != State::Resident || p.training != TrainingState::InTraining
        {
            return;
        }
        let outcome = TrainingOutcome::ALL[pick(&tr.outcome_shares, self.rng(Stream::Training))];
        match outcome {
            TrainingOutcome::Prolonged => {
                self.rec().add(Slot::TrainingProlonged, 1.0);
                let more = sample(&tr.prolongation, self.rng(Stream::Training));
                self.w
                    .events
                    .push(t + more, Ev::TrainingEnds { person: pid, epoch });
            }
            TrainingOutcome::OwnFlat => {
                self.rec().add(Slot::TrainingOwnFlat, 1.0);
                self.w.trainees -= 1;
                self.w.persons[pid as usize].training = TrainingState::OwnFlat;
                // An exit like any other: the place goes into its turnaround.
                self.exit(pid, epoch, t);
            }
            TrainingOutcome::Permanent => {
                self.rec().add(Slot::TrainingPermanent, 1.0);
                self.w.trainees -= 1;
                self.leave_place(pid, t);
                let profile = p.profile;
                self.rec().add(Slot::Decisions, 1.0);
                self.prec(profile).add(ProfileSlot::Decisions, 1.0);
                let pm = &mut self.w.persons[pid as usize];
                pm.training = TrainingState::Permanent;
                pm.state = State::Queued;
                pm.unit = NONE;
                pm.epoch += 1;
                pm.decision = t;
                pm.first_offer = f64::NAN;
                pm.declines = 0;
                self.open_decision(pid, t);
                self.enqueue(pid, t);
            }
        }
    }
}
