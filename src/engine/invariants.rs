//! The conservation checks run after every event in tests (`Workspace::check_invariants`).

use super::*;

impl Sim<'_> {
    /// Checks the conservation invariants (docs/model.md, "Validation") at time `t`; panics on a
    /// breach.
    pub(super) fn check(&self, t: SimTime) {
        let w = &*self.w;
        let s = &self.m.scenario;
        assert!(t >= w.last - 1e-9, "time went backwards");
        self.check_short_term(t);
        let (mut occ, mut res, mut vac, mut open) = (0, 0, 0, 0);
        for (i, us) in w.units.iter().enumerate() {
            let expected = if us.open { s.units[i].places } else { 0 };
            assert_eq!(
                us.places(),
                expected,
                "unit {i}: occupied + reserved + not ready + idle != open places at t={t}"
            );
            occ += us.occupied;
            res += us.reserved;
            vac += us.not_ready + us.idle;
            open += expected;
        }
        assert_eq!(
            (occ, res, vac, open),
            (w.occupied, w.reserved, w.vacant, w.open_places),
            "totals at t={t}"
        );
        let mut per_unit_res = vec![0u32; w.units.len()];
        let mut per_unit_occ = vec![0u32; w.units.len()];
        let (mut ext, mut open_dec) = (0u32, 0usize);
        let mut ext_by_profile = vec![0u32; w.external_by_profile.len()];
        for (pid, p) in w.persons.iter().enumerate() {
            match p.state {
                State::Offered | State::MovingIn => per_unit_res[p.unit as usize] += 1,
                State::Resident => per_unit_occ[p.unit as usize] += 1,
                _ => {}
            }
            assert!(
                !p.lives_external
                    || matches!(p.state, State::Queued | State::Offered | State::MovingIn),
                "person {pid} in {:?} waits in an external placement",
                p.state
            );
            ext += p.in_external_placement() as u32;
            ext_by_profile[p.profile as usize] += p.in_external_placement() as u32;
            let unexecuted = matches!(p.state, State::Queued | State::Offered | State::MovingIn)
                && p.open_idx != NONE;
            assert_eq!(
                unexecuted,
                p.open_idx != NONE,
                "person {pid} in {:?} with open_idx {}",
                p.state,
                p.open_idx
            );
            open_dec += unexecuted as usize;
            let in_lists = w
                .cand
                .iter()
                .flatten()
                .filter(|e| e.1 == pid as u32)
                .count();
            let should = p.state == State::Queued || self.hemtagning_candidate(p);
            assert_eq!(
                in_lists, should as usize,
                "person {pid} in {:?} is in {in_lists} candidate lists",
                p.state
            );
        }
        for (i, us) in w.units.iter().enumerate() {
            assert_eq!(
                us.reserved, per_unit_res[i],
                "unit {i}: reserved places vs people holding offers"
            );
            assert_eq!(
                us.occupied, per_unit_occ[i],
                "unit {i}: occupied places vs residents"
            );
        }
        assert_eq!(ext, w.external, "people in external placements");
        assert_eq!(
            ext_by_profile, w.external_by_profile,
            "people in external placements per profile"
        );
        let since: f64 = w
            .persons
            .iter()
            .filter(|p| p.state == State::Resident)
            .map(|p| p.since)
            .sum();
        assert!(
            (since - w.resident_since_sum).abs() <= 1e-6 * (1.0 + since.abs()),
            "sum of move-in times of residents"
        );
        assert_eq!(open_dec, w.open.len(), "open decisions");
        for (i, d) in w.open.iter().enumerate() {
            let p = &w.persons[d.pid as usize];
            assert_eq!(
                p.open_idx as usize, i,
                "open decision {i} of person {}",
                d.pid
            );
            assert!(
                d.decision.total_cmp(&p.decision).is_eq()
                    && d.external == p.lives_external
                    && d.offered != p.first_offer.is_nan(),
                "open decision {i} out of step with person {}",
                d.pid
            );
        }
        assert_eq!(
            w.idle,
            w.units.iter().map(|u| u.idle).sum::<u32>(),
            "vacant ready places"
        );
        self.check_training(t);
        // An idle place has no eligible candidate.
        for (u, us) in w.units.iter().enumerate() {
            if us.idle > 0 {
                assert!(
                    self.best_candidate(u as u32).is_none(),
                    "unit {u} has an idle place and a candidate at t={t}"
                );
            }
        }
    }

    /// Training housing: every trainee is in training or has ended in exactly one outcome,
    /// and the counts and records agree with the people.
    fn check_training(&self, t: SimTime) {
        let w = &*self.w;
        let s = &self.m.scenario;
        let (mut in_training, mut own_flat, mut permanent) = (0u32, 0.0, 0.0);
        for (pid, p) in w.persons.iter().enumerate() {
            match p.training {
                TrainingState::No => {}
                TrainingState::Eligible => assert!(
                    matches!(
                        p.state,
                        State::Queued | State::Offered | State::MovingIn | State::Withdrawn
                    ),
                    "person {pid} eligible for training in {:?} at t={t}",
                    p.state
                ),
                TrainingState::InTraining => {
                    assert!(
                        p.state == State::Resident && self.m.time_limited[p.unit as usize],
                        "person {pid} in training is not a resident of a training unit at t={t}"
                    );
                    in_training += 1;
                }
                TrainingState::OwnFlat => {
                    assert_eq!(p.state, State::Exited, "person {pid} left for an own flat");
                    own_flat += 1.0;
                }
                TrainingState::Permanent => permanent += 1.0,
            }
            if p.state == State::Resident && self.m.time_limited[p.unit as usize] {
                assert_eq!(
                    p.training,
                    TrainingState::InTraining,
                    "person {pid} lives in a training place without training at t={t}"
                );
            }
        }
        assert_eq!(in_training, w.trainees, "people in training at t={t}");
        let places: u32 = (0..w.units.len())
            .filter(|&u| self.m.time_limited[u] && w.units[u].open)
            .map(|u| s.units[u].places)
            .sum();
        assert_eq!(places, w.training_places, "open training places at t={t}");
        let total = |slot| w.outcome.months.iter().map(|m| m.get(slot)).sum::<f64>();
        assert_eq!(
            total(Slot::TrainingStarts),
            in_training as f64 + own_flat + permanent,
            "every trainee is in training or ended in exactly one outcome at t={t}"
        );
        assert_eq!(
            total(Slot::TrainingOwnFlat),
            own_flat,
            "own-flat ends at t={t}"
        );
        assert_eq!(
            total(Slot::TrainingPermanent),
            permanent,
            "ends in the queue at t={t}"
        );
    }
}
