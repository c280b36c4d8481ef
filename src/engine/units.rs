//! Units opening and closing, and what a closing does to its residents and offers.

use super::*;

impl Sim<'_> {
    /// Unit `u` opens on its (possibly delayed) date; one delayed past its own closing date
    /// never opens.
    pub(super) fn unit_opens(&mut self, u: u32, t: SimTime) {
        if self.m.scenario.units[u as usize]
            .closes
            .is_none_or(|c| t < c)
        {
            self.open_unit(u, t, true);
        }
    }

    pub(super) fn open_unit(&mut self, u: u32, t: SimTime, offer: bool) {
        let unit = &self.m.scenario.units[u as usize];
        self.touch(u, t);
        self.w.units[u as usize].open = true;
        self.w.open_places += unit.places;
        self.w.vacant += unit.places;
        self.w.own_cost_rate += unit.places as f64 * unit.cost_per_place_year_tkr / DAYS_PER_YEAR;
        if unit.time_limited {
            self.w.training_places += unit.places;
        }
        for _ in 0..unit.places {
            if offer {
                self.place_ready(u, t);
            } else {
                // At the start, every unit is set up before anybody is offered a place.
                self.add_idle(u);
            }
        }
    }

    pub(super) fn close_unit(&mut self, u: u32, t: SimTime) {
        let s = &self.m.scenario;
        if !self.w.units[u as usize].open {
            return;
        }
        // Integrate up to the closing first: the unit's place-days are kept below.
        self.touch(u, t);
        let us = self.w.units[u as usize];
        if us.idle > 0 {
            self.remove_idle(u);
        }
        let places = us.places();
        self.w.open_places -= places;
        self.w.occupied -= us.occupied;
        self.w.reserved -= us.reserved;
        self.w.vacant -= us.not_ready + us.idle;
        self.w.idle -= us.idle;
        let unit = &s.units[u as usize];
        self.w.own_cost_rate -= unit.places as f64 * unit.cost_per_place_year_tkr / DAYS_PER_YEAR;
        self.w.units[u as usize] = UnitState {
            readied: us.readied,
            last: t,
            occupied_days: us.occupied_days,
            open_days: us.open_days,
            ..UnitState::default()
        };
        // Residents first: the vacant places elsewhere are theirs before the offers withdrawn
        // here go back to the queue (and may be offered those places).
        for residents in [true, false] {
            self.close_unit_pass(u, t, residents);
        }
    }

    /// One pass of [`Sim::close_unit`] over the people with a place in `u`: the residents, or
    /// the people holding an offer or moving in.
    fn close_unit_pass(&mut self, u: u32, t: SimTime, residents: bool) {
        let s = &self.m.scenario;
        for pid in 0..self.w.persons.len() as u32 {
            let p = self.w.persons[pid as usize];
            if p.unit != u || (p.state == State::Resident) != residents {
                continue;
            }
            match p.state {
                State::Resident => {
                    // Move to a vacant ready place that serves the person, in the preferred
                    // district (without one: the closing unit's) if there is one there, else in
                    // the unit listed first; with none, to an external placement.
                    let district = if p.district == u16::MAX {
                        self.m.unit_district[u as usize]
                    } else {
                        p.district
                    };
                    // Not into a time-limited training place: it is for trainees only.
                    let idle = &self.w.idle_units[p.profile as usize];
                    let permanent = |v: &&u32| !self.m.time_limited[**v as usize];
                    let target = idle
                        .iter()
                        .filter(permanent)
                        .find(|&&v| self.m.unit_district[v as usize] == district)
                        .or(idle.iter().find(permanent))
                        .copied();
                    if let Some(v) = target {
                        self.take_idle(v, t);
                        self.w.units[v as usize].occupied += 1;
                        self.w.occupied += 1;
                        self.w.vacant -= 1;
                        self.w.persons[pid as usize].unit = v;
                    } else {
                        // The stay goes on (its exit stays scheduled), now in an external
                        // placement that executes the decision; as a hemtagning candidate the
                        // person ranks by the closing date and has declined no offer yet.
                        self.end_residence(pid, t);
                        let pm = &mut self.w.persons[pid as usize];
                        pm.state = State::External;
                        pm.unit = NONE;
                        pm.decision = t;
                        pm.declines = 0;
                        self.external_change(pid, 1);
                        self.rec().add(Slot::ExternalPlacements, 1.0);
                        if s.external.hemtagning {
                            self.enqueue(pid, t);
                        }
                    }
                }
                State::Offered | State::MovingIn => {
                    let pm = &mut self.w.persons[pid as usize];
                    pm.unit = NONE;
                    pm.offer_seq = pm.offer_seq.wrapping_add(1);
                    pm.state = if pm.open_idx == NONE {
                        State::External
                    } else {
                        State::Queued
                    };
                    let (decision, epoch) = (pm.decision, pm.epoch);
                    // The placement timer passed over the person while the offer was pending:
                    // it is set again (at once if due), since a withdrawn offer is no decline.
                    if let Some(after) = s.external.placement_after_days
                        && pm.state == State::Queued
                        && decision + after <= t
                    {
                        self.w
                            .events
                            .push(t, Ev::PlaceExternally { person: pid, epoch });
                    }
                    self.enqueue(pid, t);
                }
                _ => {}
            }
        }
    }
}
