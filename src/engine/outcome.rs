//! What one replication records: one [`MonthRecord`] per calendar month of the horizon, and
//! occupied and open place-days per unit and year.

/// How a slot of a month record combines into longer periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotKind {
    /// A count of events in the month: sums.
    Flow,
    /// A time integral over the month (place-days, tkr): sums.
    Integral,
    /// A state at the month's end: a longer period takes its last month's value.
    Snapshot,
}

macro_rules! slots {
    ($( $name:ident : $kind:ident, $doc:literal; )*) => {
        /// A field of a [`MonthRecord`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[repr(usize)]
        pub enum Slot { $( #[doc = $doc] $name, )* }

        /// Every slot, in index order.
        pub const SLOTS: &[Slot] = &[ $( Slot::$name, )* ];

        impl Slot {
            /// How it combines over months.
            pub fn kind(self) -> SlotKind {
                match self { $( Slot::$name => SlotKind::$kind, )* }
            }
        }
    };
}

slots! {
    Applications: Flow, "Applications received.";
    Decisions: Flow, "Applications granted (decisions).";
    Rejections: Flow, "Applications rejected.";
    Offers: Flow, "Offers made.";
    FirstOffers: Flow, "First offers made to a decision.";
    FirstOffersLate: Flow, "First offers made later than the offer goal after the decision.";
    WaitFirstOfferSum: Flow, "Sum of days from decision to first offer, over first offers.";
    Declines: Flow, "Offers declined.";
    Withdrawals: Flow, "People who left the queue without a place.";
    MoveIns: Flow, "Decisions executed by a move-in to an own place.";
    WaitMoveInSum: Flow, "Sum of days from decision to move-in, over move-ins.";
    Exits: Flow, "Residents (and people placed externally) who left for good.";
    Hemtagningar: Flow, "Move-ins of people from an external placement.";
    ExternalPlacements: Flow, "New external placements.";
    OccupiedDays: Integral, "Occupied place-days.";
    OpenPlaceDays: Integral, "Open place-days.";
    ReservedDays: Integral, "Reserved place-days (offer pending or moving in).";
    VacantDays: Integral, "Vacant place-days (neither occupied nor reserved).";
    ExternalDays: Integral, "Person-days in external placements.";
    QueueDays: Integral, "Person-days with an unexecuted decision.";
    OwnCost: Integral, "Cost of open own places, tkr.";
    ExternalCost: Integral, "Cost of external placements, tkr.";
    FeeCost: Integral, "Expected fees for unexecuted decisions, tkr.";
    Queue: Snapshot, "Unexecuted decisions at month end.";
    QueueExternal: Snapshot, "Of them, people living in an external placement.";
    OverOfferGoalNoOffer: Snapshot, "Unexecuted decisions past the offer goal with no offer yet.";
    OverOfferGoal: Snapshot, "Unexecuted decisions past the offer goal, offered or not.";
    OverReportLimit: Snapshot, "Unexecuted decisions past the reporting limit (IVO).";
    Vacant: Snapshot, "Vacant places (ready or not).";
    VacantReady: Snapshot, "Vacant places ready to be offered.";
    External: Snapshot, "People in external placements.";
    Occupied: Snapshot, "Occupied places.";
    OpenPlaces: Snapshot, "Open places.";
    FirstOffersWaited: Flow, "First offers made after a wait (not at the instant of the decision).";
    FirstOffersOverThreshold: Flow, "First offers made more than the model's `wait_threshold_days` after the decision.";
    QueueLeaveSum: Flow, "Sum of days from decision to its end, over decisions ended in the month (move-in, withdrawal, executed placement).";
    QueueAgeSum: Snapshot, "Sum of days since the decision over unexecuted decisions at month end.";
    StayEndSum: Flow, "Sum of days in the place over residences ended in the month (residents at the start: days since the start).";
    StayAgeSum: Snapshot, "Sum of days in the place over residents at month end (residents at the start: days since the start).";
    TrainingStarts: Flow, "Move-ins to a time-limited training place.";
    TrainingOwnFlat: Flow, "Training stays ended with an own flat (the person leaves housing demand).";
    TrainingPermanent: Flow, "Training stays ended with a new decision for a permanent place (the person joins the queue).";
    TrainingProlonged: Flow, "Training stays prolonged at their end.";
    TrainingPlaceDays: Integral, "Open time-limited training place-days.";
    TrainingOccupiedDays: Integral, "Occupied time-limited training place-days.";
    TrainingPlaces: Snapshot, "Open time-limited training places at month end.";
    Trainees: Snapshot, "People in a time-limited training place at month end.";
    ShortTermService: Snapshot, "1 when the scenario has short-term places (`[short_term]`), else 0: their metrics apply only then.";
    ShortTermRequests: Flow, "Requests for a short-term place.";
    ShortTermNoPlace: Flow, "Short-term requests that found no free place.";
    ShortTermOccupiedDays: Integral, "Occupied short-term place-days.";
    ShortTermOpenPlaceDays: Integral, "Open short-term place-days.";
    ShortTermNoPlaceDays: Integral, "Days of short-term stays that found no place (paid per day).";
    ShortTermOwnCost: Integral, "Cost of open short-term places, tkr.";
    ShortTermNoPlaceCost: Integral, "Payments for the days of stays that found no place, tkr.";
    ShortTermOccupied: Snapshot, "Occupied short-term places.";
    ShortTermOpenPlaces: Snapshot, "Open short-term places.";
}

/// Number of slots.
pub const N_SLOTS: usize = SLOTS.len();

/// One month of one replication.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MonthRecord(pub [f64; N_SLOTS]);

impl Default for MonthRecord {
    fn default() -> Self {
        MonthRecord([0.0; N_SLOTS])
    }
}

impl MonthRecord {
    /// The value of a slot.
    #[inline]
    pub fn get(&self, s: Slot) -> f64 {
        self.0[s as usize]
    }
    /// Adds to a slot.
    #[inline]
    pub fn add(&mut self, s: Slot, v: f64) {
        self.0[s as usize] += v;
    }
    /// Sets a slot.
    #[inline]
    pub fn set(&mut self, s: Slot, v: f64) {
        self.0[s as usize] = v;
    }
}

/// A field of a [`ProfileRecord`]: what one target group (profile) records in a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub enum ProfileSlot {
    /// Decisions granted (flow).
    Decisions,
    /// First offers made (flow).
    FirstOffers,
    /// Sum of days from decision to first offer, over first offers (flow).
    WaitFirstOfferSum,
    /// Decisions executed by a move-in to an own place (flow).
    MoveIns,
    /// Unexecuted decisions at month end (snapshot).
    Queue,
    /// Of them, past the offer goal with no offer yet (snapshot).
    OverOfferGoalNoOffer,
    /// Of them, past the reporting limit (snapshot).
    OverReportLimit,
    /// People in external placements at month end (snapshot).
    External,
    /// 1 when the profile has short-term requests (snapshot): their metrics apply only then.
    ShortTermService,
    /// Requests for a short-term place (flow).
    ShortTermRequests,
    /// Of them, requests that found no place (flow).
    ShortTermNoPlace,
}

/// Number of profile slots.
pub const N_PROFILE_SLOTS: usize = 11;

/// One month of one profile in one replication.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ProfileRecord(pub [f64; N_PROFILE_SLOTS]);

impl ProfileRecord {
    /// The value of a slot.
    #[inline]
    pub fn get(&self, s: ProfileSlot) -> f64 {
        self.0[s as usize]
    }
    /// Adds to a slot.
    #[inline]
    pub fn add(&mut self, s: ProfileSlot, v: f64) {
        self.0[s as usize] += v;
    }
    /// Sets a slot.
    #[inline]
    pub fn set(&mut self, s: ProfileSlot, v: f64) {
        self.0[s as usize] = v;
    }
}

pub use crate::model::{WAIT_BIN_DAYS, WAIT_BINS};

/// Everything one replication records.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// One record per month of the horizon.
    pub months: Vec<MonthRecord>,
    /// Per unit and year: [occupied place-days, open place-days], index `unit * years + year`.
    pub unit_years: Vec<[f64; 2]>,
    /// Per year: histogram of days from decision to first offer (bins of [`WAIT_BIN_DAYS`]).
    pub wait_hist: Vec<[u32; WAIT_BINS]>,
    /// Number of profiles (target groups).
    pub profiles: usize,
    /// Per month and profile, index `month * profiles + profile`.
    pub profile_months: Vec<ProfileRecord>,
    /// Number of events processed.
    pub events: u64,
}

impl Outcome {
    /// Resets to `months` months, `units` units, `years` years and `profiles` profiles, all
    /// zero, keeping memory.
    pub fn reset(&mut self, months: usize, units: usize, years: usize, profiles: usize) {
        self.months.clear();
        self.months.resize(months, MonthRecord::default());
        self.unit_years.clear();
        self.unit_years.resize(units * years, [0.0; 2]);
        self.wait_hist.clear();
        self.wait_hist.resize(years, [0; WAIT_BINS]);
        self.profiles = profiles;
        self.profile_months.clear();
        self.profile_months
            .resize(months * profiles, ProfileRecord::default());
        self.events = 0;
    }
}
