//! The discrete-event engine: one replication of the LSS housing model.
//!
//! [`run_replication`] is pure: it reads a [`Model`] (the scenario, prepared once), draws only
//! from the streams of its replication, and writes an [`Outcome`] into a reusable
//! [`Workspace`]. No threads, files or printing here; once a workspace is warm (after a
//! replication or two) nothing is allocated.
//!
//! # The rules, as docs/model.md states them
//! - People queue per profile in three groups: waiting at home, waiting in an external
//!   placement, and placed externally with the decision executed (hemtagning candidates).
//! - A place that becomes ready in unit *u* goes to the best candidate whose profile *u*
//!   serves and who holds no pending offer: the unit's priority tier first (units marked
//!   `external_first` serve the two external groups first), then the earliest decision, then
//!   the lowest person number. A person who declines an offer is not offered that unit again
//!   until a place that a resident left there is ready again (so the declined place goes to
//!   somebody else, or waits); every declined unit keeps its own bar. If nobody matches, the
//!   place stays vacant and ready.
//! - A person who becomes a candidate takes a vacant ready place at once if one matches, in a
//!   unit of their preferred district if there is one, else in the unit with the lowest number.
//! - A decline returns the person to the queue with the decision's clock running; after the
//!   configured number of declines the person withdraws.
//! - The external-placement policy places a person who has waited too long and has declined no
//!   offer; a person who declined an offer stays at home in the queue.
//! - A closing unit's residents move at once to vacant ready places that serve them in other
//!   units (the preferred district first, else the closing unit's), else to an external
//!   placement (decision executed, a hemtagning candidate ranked by the closing date); the stay
//!   goes on either way. Pending offers and move-ins in it are withdrawn without counting as
//!   declines.
//! - Hemtagning offers end after `hemtagning_max_declines` declines; the factor per decline does
//!   not apply to them.
//! - Deadlines are whole days (`Model::day_after_months`); residents at the start draw the
//!   residual of a stay ([`rng::sample_residual`]).
//!
//! `docs/model.md` states every rule for readers of the outputs.

mod accounting;
mod allocation;
mod answers;
mod demand;
mod external;
mod invariants;
pub mod outcome;
mod prepare;
pub mod queue;
mod residence;
pub mod rng;
mod short_term;
mod start;
mod state;
mod training;
mod units;

use std::collections::VecDeque;

use crate::calendar::{Calendar, MonthTable};
use crate::model::{DAYS_PER_YEAR, HemtagningScope, ProfileId, Scenario, SimTime, StartStatus};
use outcome::{Outcome, ProfileRecord, ProfileSlot, Slot, WAIT_BIN_DAYS, WAIT_BINS};
use queue::EventQueue;
use rng::{Stream, StreamRng, chance, exp1, pick, sample, sample_residual};

pub use prepare::Model;
pub use state::Workspace;
use state::*;

/// Runs replication `replication` of `model` in `ws`; the result is in `ws.outcome`.
pub fn run_replication(model: &Model, replication: u64, ws: &mut Workspace) {
    let mut sim = Sim { m: model, w: ws };
    sim.reset(replication);
    sim.run();
}

struct Sim<'a> {
    m: &'a Model,
    w: &'a mut Workspace,
}

impl Sim<'_> {
    fn rng(&mut self, s: Stream) -> &mut StreamRng {
        &mut self.w.rngs[s as usize]
    }

    fn run(&mut self) {
        let horizon = self.m.horizon;
        // The queue holds no event at or after the horizon (it drops them when scheduled).
        while let Some((t, ev)) = self.w.events.pop() {
            debug_assert!(t < horizon);
            self.advance(t);
            self.w.outcome.events += 1;
            self.handle(t, ev);
            if self.w.check_invariants {
                self.check(t);
            }
        }
        self.advance(horizon);
    }

    /// The table of contents of the model: each event kind calls its process, which ignores a
    /// timer gone stale.
    fn handle(&mut self, t: SimTime, ev: Ev) {
        match ev {
            Ev::Application => self.application(t),
            Ev::Decision { person } => self.decision(person, t),
            Ev::Answer { person, offer } => self.answer(person, offer, t),
            Ev::MoveIn { person, offer } => self.move_in(person, offer, t),
            Ev::Exit { person, epoch } => self.exit(person, epoch, t),
            Ev::PlaceReady { unit } => self.turnaround_done(unit, t),
            Ev::Withdraw { person, epoch } => self.withdrawal_due(person, epoch, t),
            Ev::PlaceExternally { person, epoch } => self.place_externally(person, epoch, t),
            Ev::FeeStart { person, epoch } => self.fee_starts(person, epoch),
            Ev::UnitOpen { unit } => self.unit_opens(unit, t),
            Ev::UnitClose { unit } => self.close_unit(unit, t),
            Ev::TrainingEnds { person, epoch } => self.training_ends(person, epoch, t),
            Ev::ShortTermRequest => self.short_term_request(t),
            Ev::ShortTermEnd { unit } => self.short_term_ends(unit),
            Ev::ShortTermOpen { unit } => self.short_term_opens(unit),
        }
    }
}

#[cfg(test)]
mod tests;
