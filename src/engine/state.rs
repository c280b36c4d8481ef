//! The state of a replication: people, units, decisions, candidate lists, decline bars and the
//! events, kept in a [`Workspace`] that is cleared and reused.

use super::*;

/// Candidate groups.
pub(super) const HOME: usize = 0;
pub(super) const QUEUED_EXTERNAL: usize = 1;
pub(super) const EXECUTED_EXTERNAL: usize = 2;
/// Eligible for a training place, waiting at home: served by other units as [`HOME`] is, and the
/// only group that time-limited training units serve.
pub(super) const TRAINEE: usize = 3;
pub(super) const GROUPS: usize = 4;

pub(super) const NONE: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum State {
    Investigating,
    Rejected,
    Queued,
    Offered,
    MovingIn,
    Resident,
    External,
    Withdrawn,
    Exited,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Person {
    pub(super) state: State,
    pub(super) profile: ProfileId,
    pub(super) district: u16,
    pub(super) granted: bool,
    /// Waits in an external placement with the decision open.
    pub(super) lives_external: bool,
    pub(super) fee_accruing: bool,
    pub(super) declines: u32,
    /// The first of the person's decline bars in [`Workspace::bars`], or `NONE`.
    pub(super) bars: u32,
    pub(super) unit: u32,
    /// Changes when a decision ends or a residence ends: invalidates timers.
    pub(super) epoch: u32,
    /// Changes with every offer: invalidates answers and move-ins of an earlier offer.
    pub(super) offer_seq: u32,
    pub(super) open_idx: u32,
    pub(super) decision: SimTime,
    pub(super) first_offer: SimTime,
    /// When the current residence began (0 for residents at the start).
    pub(super) since: SimTime,
    /// Training housing.
    pub(super) training: TrainingState,
}

impl Person {
    /// The decision was executed in an external placement, where the person lives: a hemtagning
    /// candidate, or holding a hemtagning offer (an offer without an open decision).
    pub(super) fn executed_externally(&self) -> bool {
        self.state == State::External
            || (matches!(self.state, State::Offered | State::MovingIn) && self.open_idx == NONE)
    }

    /// The person lives in an external placement: waiting there with the decision open
    /// (`lives_external`), or with the decision executed there.
    pub(super) fn in_external_placement(&self) -> bool {
        self.lives_external || self.executed_externally()
    }
}

/// Where a person stands with training housing (docs/model.md, "Training housing"): a trainee
/// ends in exactly one of `OwnFlat` and `Permanent`, or is still `InTraining`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TrainingState {
    /// Not eligible (the default).
    No,
    /// Eligible: waits for a training place (candidate group [`TRAINEE`]).
    Eligible,
    /// Lives in a time-limited training place.
    InTraining,
    /// Left training for an own flat.
    OwnFlat,
    /// Left training for the queue for a permanent place.
    Permanent,
}

/// An event of the model. Timers that can go stale carry the person's `offer` number or `epoch`
/// at scheduling; the process ignores them when it no longer matches.
#[derive(Debug, Clone, Copy)]
pub(super) enum Ev {
    /// The next application arrives.
    Application,
    /// An investigation ends in a decision (granted or rejected).
    Decision { person: u32 },
    /// A person answers an offer.
    Answer { person: u32, offer: u32 },
    /// A person who accepted an offer moves in.
    MoveIn { person: u32, offer: u32 },
    /// A stay ends (in an own place or an external placement that executed the decision).
    Exit { person: u32, epoch: u32 },
    /// A place that a resident left is ready again after its turnaround.
    PlaceReady { unit: u32 },
    /// A person with an open decision withdraws.
    Withdraw { person: u32, epoch: u32 },
    /// A person has waited long enough to be placed externally.
    PlaceExternally { person: u32, epoch: u32 },
    /// The expected fee starts to accrue for an open decision.
    FeeStart { person: u32, epoch: u32 },
    /// A unit opens.
    UnitOpen { unit: u32 },
    /// A unit closes.
    UnitClose { unit: u32 },
    /// A stay in a time-limited training place reaches its end (drawn in `epoch`).
    TrainingEnds { person: u32, epoch: u32 },
    /// The next request for a short-term place arrives.
    ShortTermRequest,
    /// A short-term stay ends: in short-term unit `unit`, or (`NONE`) one that found no place.
    ShortTermEnd { unit: u32 },
    /// A short-term unit opens.
    ShortTermOpen { unit: u32 },
}

/// A candidate in a list: (decision time, person).
pub(super) type Candidate = (SimTime, u32);

/// The order of candidate lists: the earliest decision first, then the lowest person number.
pub(super) fn candidate_order(a: &Candidate, b: &Candidate) -> std::cmp::Ordering {
    a.0.total_cmp(&b.0).then(a.1.cmp(&b.1))
}

/// An unexecuted decision as the month-end count reads it: kept in one compact array beside the
/// person records, so that the count does not visit every queued person's record. Its two
/// calendar deadlines are kept only here; `decision`, `external` and `offered` mirror the
/// person's record (the invariant checker compares them).
#[derive(Debug, Clone, Copy)]
pub(super) struct OpenDecision {
    pub(super) decision: SimTime,
    pub(super) deadline_goal: SimTime,
    pub(super) deadline_report: SimTime,
    pub(super) pid: u32,
    /// The person's profile.
    pub(super) profile: ProfileId,
    /// The person waits in an external placement.
    pub(super) external: bool,
    /// The person has had a first offer.
    pub(super) offered: bool,
}

#[derive(Debug, Clone, Copy, Default)]
pub(super) struct UnitState {
    pub(super) open: bool,
    pub(super) occupied: u32,
    pub(super) reserved: u32,
    pub(super) not_ready: u32,
    pub(super) idle: u32,
    /// Places left by residents that have become ready again so far (`vacancy_ready`): a
    /// decline bars the person from the unit until this count moves on.
    pub(super) readied: u32,
    pub(super) last: SimTime,
    pub(super) occupied_days: f64,
    pub(super) open_days: f64,
}

impl UnitState {
    pub(super) fn places(&self) -> u32 {
        self.occupied + self.reserved + self.not_ready + self.idle
    }
}

/// A decline's bar: the person who declined an offer in `unit` is not offered it again while
/// the unit's [`UnitState::readied`] count is still `readied`. A person's bars form a list
/// through `next`, in one arena per workspace, so a decline allocates nothing once warm.
#[derive(Debug, Clone, Copy)]
pub(super) struct Bar {
    pub(super) unit: u32,
    pub(super) readied: u32,
    pub(super) next: u32,
}

/// Whether `p` is barred from unit `u` (state `us`) by a decline there.
pub(super) fn barred(bars: &[Bar], p: &Person, u: u32, us: &UnitState) -> bool {
    let mut i = p.bars;
    while i != NONE {
        let b = bars[i as usize];
        if b.unit == u {
            return b.readied == us.readied;
        }
        i = b.next;
    }
    false
}

/// Reusable per-worker memory of the engine. Build one per thread; it is cleared, never rebuilt.
#[derive(Debug, Default)]
pub struct Workspace {
    pub(super) events: EventQueue<Ev>,
    pub(super) persons: Vec<Person>,
    pub(super) units: Vec<UnitState>,
    /// Candidates per (profile, group): sorted by (decision time, person). A ring buffer: new
    /// decisions join at the back and offers mostly go to the front, both without shifting.
    pub(super) cand: Vec<VecDeque<Candidate>>,
    /// Per profile: units with an idle ready place that serve it, sorted.
    pub(super) idle_units: Vec<Vec<u32>>,
    /// Unexecuted decisions; `Person::open_idx` points here.
    pub(super) open: Vec<OpenDecision>,
    /// The decline bars of every person (`Person::bars` heads a list), and the first free slot.
    pub(super) bars: Vec<Bar>,
    pub(super) free_bar: u32,
    pub(super) rngs: Vec<StreamRng>,
    /// Time-weighted state since `last`.
    pub(super) last: SimTime,
    pub(super) month: usize,
    pub(super) occupied: u32,
    pub(super) reserved: u32,
    pub(super) vacant: u32,
    /// Vacant ready places nobody has been offered (the sum of the units' `idle`).
    pub(super) idle: u32,
    pub(super) open_places: u32,
    pub(super) own_cost_rate: f64,
    pub(super) external: u32,
    /// People in external placements per profile (they sum to `external`).
    pub(super) external_by_profile: Vec<u32>,
    /// People in time-limited training places, and the open places of those units.
    pub(super) trainees: u32,
    pub(super) training_places: u32,
    pub(super) fee_cases: u32,
    /// Sum of `since` over residents (so the sum of their days in the place is `occupied * t - this`).
    pub(super) resident_since_sum: f64,
    pub(super) next_arrival_segment: usize,
    /// The short-term places ([`super::short_term`]).
    pub(super) short: super::short_term::ShortTermState,
    /// Test-only fault injection: serve the newest decision first (a deliberately broken engine
    /// that the theory checks must catch).
    #[cfg(test)]
    pub(crate) serve_newest_first: bool,
    /// When set, the invariants are checked after every event (tests switch this on).
    pub check_invariants: bool,
    /// The outcome of the last replication.
    pub outcome: Outcome,
}
