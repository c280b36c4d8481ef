//! The variation API (`lss_sim::scenario::Variation`): a variant of a scenario is validated
//! exactly like a scenario file, and an error about a varied value names the variation.

mod common;

use lss_sim::error::Error;
use lss_sim::model::Scenario;
use lss_sim::scenario::{self, Variation};

fn baseline_with(variations: &[Variation]) -> Result<Scenario, Error> {
    let loaded = scenario::read(&common::repo("scenarios/linkoping-baseline.toml"))
        .expect("the baseline reads");
    scenario::validate_loaded(&loaded.varied(variations)?)
}

/// The message of a refused variant, checked to be about the variation `setting`.
fn refused(variations: &[Variation], setting_starts: &str) -> String {
    match baseline_with(variations) {
        Err(Error::Varied { setting, message }) => {
            assert!(
                setting.starts_with(setting_starts),
                "the error names `{setting}`, not `{setting_starts}`: {message}"
            );
            message
        }
        Err(e) => panic!("refused without naming the variation: {e}"),
        Ok(_) => panic!("{variations:?} was accepted"),
    }
}

fn new_unit(extra: &[(&str, &str)]) -> Variation {
    let mut cells = vec![
        ("name", "Nya Hagen"),
        ("district", "Centrum"),
        ("kind", "group"),
        ("profiles", "autism"),
        ("places", "6"),
        ("opens", "2020-07-01"),
        ("cost_per_place_year_tkr", "1100"),
    ];
    for &(c, v) in extra {
        cells.retain(|(k, _)| *k != c);
        cells.push((c, v));
    }
    Variation::new_unit("NEW-1", &cells)
}

#[test]
fn a_new_unit_from_its_register_cells_joins_the_units() {
    let base = baseline_with(&[]).unwrap();
    let s = baseline_with(&[new_unit(&[])]).unwrap();
    assert_eq!(s.units.len(), base.units.len() + 1);
    let u = s
        .units
        .iter()
        .find(|u| u.id == "NEW-1")
        .expect("the new unit");
    assert_eq!((u.places, u.occupied_at_start), (6, 0));
    assert_eq!(u.opens, Some(s.day_of("2020-07-01".parse().unwrap())));
    assert_eq!(u.cost_per_place_year_tkr, 1100.0);
}

#[test]
fn a_new_unit_that_breaks_a_register_rule_is_refused_with_the_variation_named() {
    let m = refused(&[new_unit(&[("places", "20000000")])], "unit.NEW-1.new=");
    assert!(m.contains("limit"), "{m}");
    let m = refused(&[new_unit(&[("profiles", "dementia")])], "unit.NEW-1.new=");
    assert!(m.contains("dementia"), "{m}");
    // A delay is for units that open later, not for one open at the start.
    let m = refused(
        &[new_unit(&[("opens", ""), ("delay_probability", "0.5")])],
        "unit.NEW-1.new=",
    );
    assert!(m.contains("open at the start"), "{m}");
    let m = refused(&[new_unit(&[("cost", "1")])], "unit.NEW-1.new=");
    assert!(m.contains("not a column"), "{m}");
    let m = refused(
        &[Variation::new_unit("LKP-101", &[("places", "6")])],
        "unit.LKP-101.new=",
    );
    assert!(m.contains("already used"), "{m}");
}

#[test]
fn a_variant_that_leaves_a_profile_unserved_is_refused() {
    // Every unit that serves `health` varied to 0 places.
    let base = baseline_with(&[]).unwrap();
    let health = base.profiles.iter().position(|p| p == "health").unwrap() as u8;
    let variations: Vec<Variation> = base
        .units
        .iter()
        .filter(|u| u.profiles.contains(health))
        .map(|u| Variation::new(&format!("unit.{}.places", u.id), "0").unwrap())
        .collect();
    assert!(!variations.is_empty());
    let e = baseline_with(&variations).unwrap_err().to_string();
    assert!(e.contains("health"), "{e}");
}

#[test]
fn a_profile_share_scales_the_others_so_the_mix_still_sums_to_one() {
    let base = baseline_with(&[]).unwrap();
    let s = baseline_with(&[Variation::new("profiles.mix.autism", "0.5").unwrap()]).unwrap();
    let share = |s: &Scenario, name: &str| {
        s.profile_mix[s.profiles.iter().position(|p| p == name).unwrap()]
    };
    assert!((share(&s, "autism") - 0.5).abs() < 1e-12);
    assert!((s.profile_mix.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    // The others keep their proportions: ID against health as in the baseline.
    let ratio = |s: &Scenario| share(s, "ID") / share(s, "health");
    assert!((ratio(&s) - ratio(&base)).abs() < 1e-9);
    let m = refused(
        &[Variation::new("profiles.mix.autism", "50").unwrap()],
        "profiles.mix.autism=",
    );
    assert!(m.contains("0.5"), "a share typed as a percentage: {m}");
}

#[test]
fn several_profile_shares_apply_together_in_any_order() {
    let share = |s: &Scenario, name: &str| {
        s.profile_mix[s.profiles.iter().position(|p| p == name).unwrap()]
    };
    let id = Variation::new("profiles.mix.ID", "0.5").unwrap();
    let autism = Variation::new("profiles.mix.autism", "0.3").unwrap();
    let a = baseline_with(&[id.clone(), autism.clone()]).unwrap();
    let b = baseline_with(&[autism, id]).unwrap();
    for s in [&a, &b] {
        assert!((share(s, "ID") - 0.5).abs() < 1e-12);
        assert!((share(s, "autism") - 0.3).abs() < 1e-12);
        assert!((s.profile_mix.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    }
    let m = refused(
        &[
            Variation::new("profiles.mix.ID", "0.7").unwrap(),
            Variation::new("profiles.mix.autism", "0.4").unwrap(),
        ],
        "profiles.mix.",
    );
    assert!(m.contains("more than 1"), "{m}");
}

#[test]
fn a_variation_of_a_file_a_table_or_a_whole_number_by_a_fraction_is_refused() {
    let m = refused(
        &[Variation::new("start.people", "start/other.csv").unwrap()],
        "start.people=",
    );
    assert!(m.contains("cannot be varied"), "{m}");
    let m = refused(
        &[Variation::new("offers.response", "7").unwrap()],
        "offers.response=",
    );
    assert!(m.contains("offers.response.days"), "{m}");
    let m = refused(
        &[Variation::new("investigation.backlog", "1.5").unwrap()],
        "investigation.backlog=",
    );
    assert!(m.contains("whole number"), "{m}");
}
