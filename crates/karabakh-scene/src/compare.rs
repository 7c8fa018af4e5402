//! Two dates compared: the features that began or ended between them, and the ground that
//! changed hands, with its size. The window's compare mode and `render --compare` both list it.

use std::collections::BTreeMap;

use geo::{BooleanOps, GeodesicArea, Geometry, MultiPolygon};
use karabakh_data::{Dataset, Feature, HeldBy, Kind};
use karabakh_time::Day;

/// Ground smaller than this (km²) is slivers where two days' outlines were drawn differently,
/// not a change of hands.
pub const MIN_CHANGE_KM2: f64 = 1.0;

/// A feature and the day it began or ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dated {
    /// Index in the dataset's features.
    pub feature: usize,
    pub day: Day,
}

/// Ground held by one side on the first date and by another on the second.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HandChange {
    pub from: HeldBy,
    pub to: HeldBy,
    /// Geodesic area, km².
    pub km2: f64,
}

/// What changed between two dates; `before` is never after `after`.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub before: Day,
    pub after: Day,
    /// Features whose first day is after `before` and not after `after`, in date order.
    pub began: Vec<Dated>,
    /// Features whose last day is on or after `before` and before `after`, in date order.
    pub ended: Vec<Dated>,
    /// Largest first.
    pub changed_hands: Vec<HandChange>,
}

/// Compares the dataset on two days (in either order). Areas of control are not listed as
/// beginning or ending (they are redrawn at every change): their changes are `changed_hands`.
pub fn compare(dataset: &Dataset, a: Day, b: Day) -> Comparison {
    let (before, after) = if a <= b { (a, b) } else { (b, a) };
    let listed = |f: &Feature| f.kind != Kind::Control;
    let mut began = Vec::new();
    let mut ended = Vec::new();
    for (i, feature) in dataset.features.iter().enumerate() {
        if !listed(feature) {
            continue;
        }
        if let Some(first) = feature.validity.first_day()
            && first > before
            && first <= after
        {
            began.push(Dated {
                feature: i,
                day: first,
            });
        }
        if let Some(last) = feature.validity.last_day()
            && last >= before
            && last < after
        {
            ended.push(Dated {
                feature: i,
                day: last,
            });
        }
    }
    began.sort_by_key(|d| (d.day, d.feature));
    ended.sort_by_key(|d| (d.day, d.feature));
    Comparison {
        before,
        after,
        began,
        ended,
        changed_hands: changed_hands(dataset, before, after),
    }
}

/// The areas of control on a day, with their holder.
fn areas_on(dataset: &Dataset, day: Day) -> Vec<(HeldBy, MultiPolygon<f64>)> {
    dataset
        .features
        .iter()
        .filter(|f| f.kind == Kind::Control && f.visible_on(day))
        .filter_map(|f| {
            let area = match &f.geometry {
                Geometry::Polygon(p) => MultiPolygon(vec![p.clone()]),
                Geometry::MultiPolygon(m) => m.clone(),
                _ => return None,
            };
            Some((f.control?.held_by, area))
        })
        .collect()
}

fn changed_hands(dataset: &Dataset, before: Day, after: Day) -> Vec<HandChange> {
    let then = areas_on(dataset, before);
    let now = areas_on(dataset, after);
    let mut sums: BTreeMap<(HeldBy, HeldBy), f64> = BTreeMap::new();
    for (from, area_then) in &then {
        for (to, area_now) in &now {
            if from == to {
                continue;
            }
            // The overlay panics on some odd rings in others' files: such a pair is skipped
            // (and logged) rather than ending the program.
            let shared = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                area_then.intersection(area_now).geodesic_area_unsigned() / 1e6
            }));
            match shared {
                Ok(km2) => *sums.entry((*from, *to)).or_default() += km2,
                Err(_) => log::warn!("compare: the overlay of {from} and {to} areas failed"),
            }
        }
    }
    let mut changes: Vec<HandChange> = sums
        .into_iter()
        .filter(|&(_, km2)| km2 >= MIN_CHANGE_KM2)
        .map(|((from, to), km2)| HandChange { from, to, km2 })
        .collect();
    changes.sort_by(|a, b| b.km2.total_cmp(&a.km2));
    changes
}

impl Comparison {
    /// The comparison as lines a person reads: ground first, then what began and ended.
    pub fn lines(&self, dataset: &Dataset) -> Vec<String> {
        let mut lines = Vec::new();
        for c in &self.changed_hands {
            lines.push(format!(
                "{} km² from {} to {}",
                thousands(c.km2),
                c.from.label(),
                c.to.label()
            ));
        }
        let name = |d: &Dated| {
            dataset
                .features
                .get(d.feature)
                .map(|f| {
                    f.extra
                        .get("short_name")
                        .cloned()
                        .unwrap_or_else(|| f.names.display.clone())
                })
                .unwrap_or_default()
        };
        for d in &self.began {
            lines.push(format!("{}  began: {}", d.day, name(d)));
        }
        for d in &self.ended {
            lines.push(format!("{}  ended: {}", d.day, name(d)));
        }
        lines
    }
}

/// "3,412": a whole number with thousands separated, as the scale bar and legend write them.
pub fn thousands(value: f64) -> String {
    let digits = format!("{:.0}", value.max(0.0));
    let mut out = String::new();
    for (n, c) in digits.chars().enumerate() {
        if n > 0 && (digits.len() - n) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    #[test]
    fn the_2020_war_moves_ground_from_armenian_forces_to_azerbaijan() {
        let dataset = karabakh_data::load_embedded();
        let c = compare(&dataset, day("2020-12-02"), day("2020-09-26"));
        assert_eq!((c.before, c.after), (day("2020-09-26"), day("2020-12-02")));
        let taken = c
            .changed_hands
            .iter()
            .find(|h| h.from == HeldBy::ArmenianForces && h.to == HeldBy::Azerbaijan)
            .expect("ground changed hands");
        // The surrounding districts alone are several thousand km².
        assert!(taken.km2 > 3_000.0 && taken.km2 < 12_000.0, "{taken:?}");
        assert!(
            c.changed_hands
                .iter()
                .any(|h| h.to == HeldBy::RussianPeacekeepers)
        );
        let ids: Vec<&str> = c
            .began
            .iter()
            .map(|d| dataset.features[d.feature].id.as_str())
            .collect();
        assert!(ids.contains(&"event-2020-shusha"), "{ids:?}");
        assert!(ids.contains(&"peacekeepers-hq"), "{ids:?}");
        assert!(!ids.iter().any(|id| id.starts_with("control-")));
        let ended: Vec<&str> = c
            .ended
            .iter()
            .map(|d| dataset.features[d.feature].id.as_str())
            .collect();
        assert!(ended.contains(&"line-of-contact-1994-2020"), "{ended:?}");
        let lines = c.lines(&dataset);
        assert!(
            lines[0].contains("km² from Armenian forces to Azerbaijan"),
            "{lines:?}"
        );
    }

    #[test]
    fn one_day_against_itself_changes_nothing() {
        let dataset = karabakh_data::load_embedded();
        let c = compare(&dataset, day("2021-05-01"), day("2021-05-01"));
        assert!(c.began.is_empty() && c.ended.is_empty() && c.changed_hands.is_empty());
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(3412.4), "3,412");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(thousands(1_234_567.0), "1,234,567");
    }
}
