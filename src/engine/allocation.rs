//! Allocation: candidate lists, matching a ready place with a person and a person with an idle
//! place, offers, decline bars and giving reserved places back.

use super::*;

impl Sim<'_> {
    pub(super) fn group_of(p: &Person) -> usize {
        match (p.state, p.lives_external) {
            (State::External, _) => EXECUTED_EXTERNAL,
            (_, true) => QUEUED_EXTERNAL,
            _ if p.training == TrainingState::Eligible => TRAINEE,
            _ => HOME,
        }
    }

    pub(super) fn eligible(&self, u: u32, group: usize) -> bool {
        let tiers = self.m.tiers[u as usize];
        (tiers[0] | tiers[1]) & (1 << group) != 0
    }

    /// Makes person `pid` a candidate: takes an idle matching place at once, or joins the queue.
    pub(super) fn enqueue(&mut self, pid: u32, t: SimTime) {
        let p = self.w.persons[pid as usize];
        let group = Self::group_of(&p);
        let list = &self.w.idle_units[p.profile as usize];
        let mut chosen = NONE;
        for &u in list {
            if barred(&self.w.bars, &p, u, &self.w.units[u as usize]) || !self.eligible(u, group) {
                continue;
            }
            if chosen == NONE {
                chosen = u;
            }
            if p.district == u16::MAX || self.m.unit_district[u as usize] == p.district {
                chosen = u;
                break;
            }
        }
        if chosen != NONE {
            self.take_idle(chosen, t);
            self.offer(pid, chosen, t);
            return;
        }
        self.insert_candidate(pid);
    }

    /// Puts `pid` in its candidate list, in (decision time, person) order.
    pub(super) fn insert_candidate(&mut self, pid: u32) {
        let p = self.w.persons[pid as usize];
        let list = &mut self.w.cand[p.profile as usize * GROUPS + Self::group_of(&p)];
        let key = (p.decision, pid);
        let before = |e: &Candidate| candidate_order(e, &key).is_lt();
        // A new decision is the latest: it joins at the back without a search.
        if list.back().is_none_or(before) {
            list.push_back(key);
            return;
        }
        let at = list.partition_point(before);
        list.insert(at, key);
    }

    pub(super) fn dequeue(&mut self, pid: u32) {
        let p = self.w.persons[pid as usize];
        let list = &mut self.w.cand[p.profile as usize * GROUPS + Self::group_of(&p)];
        // The person offered a place is mostly the longest waiting: the front.
        if list.front().is_some_and(|e| e.1 == pid) {
            list.pop_front();
            return;
        }
        let key = (p.decision, pid);
        let at = list.partition_point(|e| candidate_order(e, &key).is_lt());
        if list.get(at).is_some_and(|e| e.1 == pid) {
            list.remove(at);
        }
    }

    /// One idle ready place of `u` is taken (by an offer or a relocation).
    pub(super) fn take_idle(&mut self, u: u32, t: SimTime) {
        self.touch(u, t);
        let us = &mut self.w.units[u as usize];
        us.idle -= 1;
        self.w.idle -= 1;
        if us.idle == 0 {
            self.remove_idle(u);
        }
    }

    pub(super) fn remove_idle(&mut self, u: u32) {
        for &p in &self.m.unit_profiles[u as usize] {
            let list = &mut self.w.idle_units[p as usize];
            if let Ok(i) = list.binary_search(&u) {
                list.remove(i);
            }
        }
    }

    /// The best candidate for a place in `u`, or `None`.
    pub(super) fn best_candidate(&self, u: u32) -> Option<u32> {
        for tier in self.m.tiers[u as usize] {
            if tier == 0 {
                continue;
            }
            let mut best: Option<Candidate> = None;
            for &p in &self.m.unit_profiles[u as usize] {
                for g in 0..GROUPS {
                    if tier & (1 << g) == 0 {
                        continue;
                    }
                    let list = &self.w.cand[p as usize * GROUPS + g];
                    let us = &self.w.units[u as usize];
                    let eligible = |&&(_, pid): &&Candidate| {
                        !barred(&self.w.bars, &self.w.persons[pid as usize], u, us)
                    };
                    #[cfg(test)]
                    if self.w.serve_newest_first {
                        if let Some(&c) = list.iter().rev().find(eligible)
                            && best.is_none_or(|b| candidate_order(&c, &b).is_gt())
                        {
                            best = Some(c);
                        }
                        continue;
                    }
                    let head = list.iter().find(eligible);
                    if let Some(&c) = head
                        && best.is_none_or(|b| candidate_order(&c, &b).is_lt())
                    {
                        best = Some(c);
                    }
                }
            }
            if let Some((_, pid)) = best {
                return Some(pid);
            }
        }
        None
    }

    /// A vacant place of `u` becomes ready: offer it, or keep it idle.
    /// The caller has already removed it from whatever state it was in.
    pub(super) fn place_ready(&mut self, u: u32, t: SimTime) {
        self.touch(u, t);
        if let Some(pid) = self.best_candidate(u) {
            self.dequeue(pid);
            self.offer(pid, u, t);
        } else {
            self.add_idle(u);
        }
    }

    /// A place that a resident left is ready again after the turnaround: it lifts the bars of
    /// earlier declines at `u`, so it is offered, and so are idle places of `u` that a person no
    /// longer barred now matches.
    pub(super) fn vacancy_ready(&mut self, u: u32, t: SimTime) {
        self.w.units[u as usize].readied += 1;
        self.place_ready(u, t);
        while self.w.units[u as usize].idle > 0 {
            let Some(pid) = self.best_candidate(u) else {
                break;
            };
            self.take_idle(u, t);
            self.dequeue(pid);
            self.offer(pid, u, t);
        }
    }

    /// One place of `u` becomes vacant and ready with nobody to offer it to.
    pub(super) fn add_idle(&mut self, u: u32) {
        let us = &mut self.w.units[u as usize];
        us.idle += 1;
        self.w.idle += 1;
        if us.idle == 1 {
            for &p in &self.m.unit_profiles[u as usize] {
                let list = &mut self.w.idle_units[p as usize];
                if let Err(i) = list.binary_search(&u) {
                    list.insert(i, u);
                }
            }
        }
    }

    /// Offers a place of `u` (already taken out of idle/not-ready) to `pid`, who is not in a list.
    pub(super) fn offer(&mut self, pid: u32, u: u32, t: SimTime) {
        let s = &self.m.scenario;
        self.touch(u, t);
        self.w.units[u as usize].reserved += 1;
        self.w.reserved += 1;
        self.w.vacant -= 1;
        let p = &mut self.w.persons[pid as usize];
        let first = p.first_offer.is_nan() && p.state != State::External;
        // The offer goal's deadline lives with the open decision: a first offer has one (a
        // person without an open decision is placed externally, and `first` leaves them out).
        let mut deadline = SimTime::INFINITY;
        if first {
            p.first_offer = t;
            debug_assert_ne!(p.open_idx, NONE, "a first offer without an open decision");
            let d = &mut self.w.open[p.open_idx as usize];
            d.offered = true;
            deadline = d.deadline_goal;
        }
        let (decision, profile) = (p.decision, p.profile);
        p.state = State::Offered;
        p.unit = u;
        p.offer_seq = p.offer_seq.wrapping_add(1);
        let seq = p.offer_seq;
        self.rec().add(Slot::Offers, 1.0);
        if first {
            let wait = t - decision;
            let threshold = self.m.wait_threshold_days;
            let pr = self.prec(profile);
            pr.add(ProfileSlot::FirstOffers, 1.0);
            pr.add(ProfileSlot::WaitFirstOfferSum, wait);
            let rec = self.rec();
            rec.add(Slot::FirstOffers, 1.0);
            rec.add(Slot::WaitFirstOfferSum, wait);
            if t >= deadline {
                rec.add(Slot::FirstOffersLate, 1.0);
            }
            if wait > 0.0 {
                rec.add(Slot::FirstOffersWaited, 1.0);
            }
            if wait > threshold {
                rec.add(Slot::FirstOffersOverThreshold, 1.0);
            }
            let year =
                self.m.calendar.year_of_month[self.w.month.min(self.m.calendar.months.len() - 1)];
            let bin = ((wait / WAIT_BIN_DAYS) as usize).min(WAIT_BINS - 1);
            self.w.outcome.wait_hist[year][bin] += 1;
        }
        let d = sample(&s.offers.response, self.rng(Stream::Offers));
        self.w.events.push(
            t + d,
            Ev::Answer {
                person: pid,
                offer: seq,
            },
        );
    }

    /// Bars `pid` from unit `u` until its `readied` count moves on: updates the person's bar at
    /// `u`, or reuses one of theirs that has lifted, or takes a free slot of the arena.
    pub(super) fn bar(&mut self, pid: u32, u: u32) {
        let w = &mut *self.w;
        let readied = w.units[u as usize].readied;
        let mut reuse = NONE;
        let mut i = w.persons[pid as usize].bars;
        while i != NONE {
            let b = w.bars[i as usize];
            if b.unit == u {
                reuse = i;
                break;
            }
            if reuse == NONE && w.units[b.unit as usize].readied != b.readied {
                reuse = i;
            }
            i = b.next;
        }
        if reuse != NONE {
            let b = &mut w.bars[reuse as usize];
            b.unit = u;
            b.readied = readied;
            return;
        }
        let next = w.persons[pid as usize].bars;
        let bar = Bar {
            unit: u,
            readied,
            next,
        };
        let slot = if w.free_bar != NONE {
            let slot = w.free_bar;
            w.free_bar = w.bars[slot as usize].next;
            w.bars[slot as usize] = bar;
            slot
        } else {
            w.bars.push(bar);
            (w.bars.len() - 1) as u32
        };
        w.persons[pid as usize].bars = slot;
    }

    /// Gives the bars of `pid` back to the arena: the person is no longer a candidate.
    pub(super) fn clear_bars(&mut self, pid: u32) {
        let w = &mut *self.w;
        let head = w.persons[pid as usize].bars;
        if head == NONE {
            return;
        }
        let mut tail = head;
        while w.bars[tail as usize].next != NONE {
            tail = w.bars[tail as usize].next;
        }
        w.bars[tail as usize].next = w.free_bar;
        w.free_bar = head;
        w.persons[pid as usize].bars = NONE;
    }

    /// A reserved place of `u` is given back and offered again.
    pub(super) fn release_reserved(&mut self, u: u32, t: SimTime) {
        self.touch(u, t);
        self.w.units[u as usize].reserved -= 1;
        self.w.reserved -= 1;
        self.w.vacant += 1;
        self.place_ready(u, t);
    }
}
