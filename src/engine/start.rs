//! The start state: units open at the start with their residents, later openings and closings
//! scheduled, people queued or placed externally, and the applications under investigation.

use super::*;

impl Sim<'_> {
    pub(super) fn reset(&mut self, replication: u64) {
        let s = &self.m.scenario;
        let w = &mut *self.w;
        w.events.clear(self.m.horizon);
        w.persons.clear();
        w.units.clear();
        w.units.resize(s.units.len(), UnitState::default());
        let np = s.profiles.len();
        w.cand.resize_with(np * GROUPS, VecDeque::new);
        w.cand.iter_mut().for_each(VecDeque::clear);
        w.idle_units.resize_with(np, Vec::new);
        w.idle_units.iter_mut().for_each(Vec::clear);
        w.open.clear();
        w.bars.clear();
        w.free_bar = NONE;
        w.rngs.clear();
        for stream in Stream::ALL {
            w.rngs.push(rng::stream(s.seed, replication, stream));
        }
        w.last = 0.0;
        w.month = 0;
        w.occupied = 0;
        w.reserved = 0;
        w.vacant = 0;
        w.idle = 0;
        w.open_places = 0;
        w.own_cost_rate = 0.0;
        w.external = 0;
        w.external_by_profile.clear();
        w.external_by_profile.resize(s.profiles.len(), 0);
        w.trainees = 0;
        w.training_places = 0;
        w.fee_cases = 0;
        w.resident_since_sum = 0.0;
        w.next_arrival_segment = 0;
        w.outcome.reset(
            self.m.calendar.months.len(),
            s.units.len(),
            self.m.years(),
            s.profiles.len(),
        );
        self.start_state();
        self.short_term_start();
    }

    pub(super) fn new_person(&mut self, profile: ProfileId, district: u16, state: State) -> u32 {
        self.w.persons.push(Person {
            state,
            profile,
            district,
            granted: false,
            lives_external: false,
            fee_accruing: false,
            declines: 0,
            bars: NONE,
            unit: NONE,
            epoch: 0,
            offer_seq: 0,
            open_idx: NONE,
            decision: f64::NAN,
            first_offer: f64::NAN,
            since: 0.0,
            training: TrainingState::No,
        });
        (self.w.persons.len() - 1) as u32
    }

    pub(super) fn start_state(&mut self) {
        let m = self.m;
        let s = &m.scenario;
        // Units open at the start, with their residents; later openings and closings.
        for (i, u) in s.units.iter().enumerate() {
            let i32_ = i as u32;
            // Every unit draws its delay, open or not, so the draws line up across scenarios.
            let (delayed, d) = match &s.construction {
                Some(c) => {
                    let r = self.rng(Stream::Construction);
                    let delayed = chance(r, u.delay_probability_under(c));
                    (delayed, sample(&c.delay, r))
                }
                None => (false, 0.0),
            };
            match u.opens {
                None => {
                    self.open_unit(i32_, 0.0, false);
                    for _ in 0..u.occupied_at_start {
                        let pid = self.new_person(0, u16::MAX, State::Resident);
                        self.take_idle(i32_, 0.0);
                        self.w.units[i].occupied += 1;
                        self.w.vacant -= 1;
                        self.w.occupied += 1;
                        let served = &m.unit_profiles[i];
                        let mix = &m.resident_mix[i];
                        let profile = if mix.is_empty() {
                            served.first().copied().unwrap_or(0)
                        } else {
                            served[pick(mix, self.rng(Stream::Residents))]
                        };
                        let p = &mut self.w.persons[pid as usize];
                        p.unit = i32_;
                        p.profile = profile;
                        self.stay_under_way(pid);
                    }
                }
                Some(t) => {
                    let t = if delayed { t + d } else { t };
                    self.w.events.push(t, Ev::UnitOpen { unit: i32_ });
                }
            }
            if let Some(t) = u.closes {
                self.w.events.push(t, Ev::UnitClose { unit: i32_ });
            }
        }
        // People queued or placed externally at the start.
        for sp in &s.start_people {
            let state = if sp.status == StartStatus::External {
                State::External
            } else {
                State::Queued
            };
            let district = sp.preferred_district.unwrap_or(u16::MAX);
            let pid = self.new_person(sp.profile, district, state);
            {
                let p = &mut self.w.persons[pid as usize];
                p.granted = true;
                p.declines = sp.declines;
                p.decision = sp.decision;
                if sp.offered_before {
                    p.first_offer = sp.decision;
                }
            }
            match sp.status {
                StartStatus::External => {
                    self.external_change(pid, 1);
                    self.stay_under_way(pid);
                }
                StartStatus::Queued | StartStatus::QueuedExternal => {
                    if sp.status == StartStatus::QueuedExternal {
                        self.w.persons[pid as usize].lives_external = true;
                        self.external_change(pid, 1);
                    }
                    self.open_decision(pid, 0.0);
                }
            }
        }
        // Applications under investigation.
        for _ in 0..s.under_investigation_at_start {
            let r = &mut self.w.rngs[Stream::Start as usize];
            let (profile, district) = m.draw_applicant(r);
            let dur = sample(&s.backlog_remaining, r);
            self.investigate(profile, district, dur, Stream::Start);
        }
        // Start persons all join the queue first; then every vacant place is offered by the
        // allocation rule, so the longest wait goes first at the start too.
        for pid in 0..self.w.persons.len() as u32 {
            let p = self.w.persons[pid as usize];
            if p.state == State::Queued || self.hemtagning_candidate(&p) {
                self.insert_candidate(pid);
            }
        }
        for u in 0..s.units.len() as u32 {
            for _ in 0..self.w.units[u as usize].idle {
                self.take_idle(u, 0.0);
                self.place_ready(u, 0.0);
            }
        }
        self.schedule_next_arrival(0.0);
    }

    /// The exit of `pid`, who lives in a place (own or external) at the start: after the
    /// residual of a stay, since the stay is already under way (docs/model.md, "Moving in,
    /// stays and turnaround").
    fn stay_under_way(&mut self, pid: u32) {
        let stay = sample_residual(&self.m.scenario.stay, self.rng(Stream::Start));
        self.w.events.push(
            stay,
            Ev::Exit {
                person: pid,
                epoch: 0,
            },
        );
    }
}
