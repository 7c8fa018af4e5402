//! How important a town of the dossier is, for the order its label is placed in (the first
//! placed keeps its name where two compete): from the data, by its population (GeoNames', by
//! the town's `geonameid`) and by its role in the dossier (how many of the dossier's events
//! name it, in either usage).

use std::collections::HashMap;

use karabakh_data::basemap::Place;
use karabakh_data::{Dataset, Feature, Kind};

/// What an event naming a town weighs, in inhabitants: a town the story is about outranks a
/// larger one it passes by.
const PER_EVENT: u64 = 50_000;

/// Whether a town of `importance` is one of the region's major towns: named by several of
/// the dossier's events, or a city.
pub(super) fn is_major(importance: u64) -> bool {
    importance >= 3 * PER_EVENT
}

/// The importance of every town of `dataset` (by index); other features are not in it.
pub(super) fn town_importance(
    dataset: &Dataset,
    places: &[(Place, impl Sized)],
) -> HashMap<u32, u64> {
    let population: HashMap<u64, u64> = places
        .iter()
        .map(|(p, _)| (p.geonameid, p.population))
        .collect();
    let events: Vec<String> = dataset
        .features
        .iter()
        .filter(|f| f.kind == Kind::Event)
        .map(|f| {
            format!(
                "{} {}",
                f.names.display,
                f.description.as_deref().unwrap_or("")
            )
        })
        .collect();
    dataset
        .features
        .iter()
        .enumerate()
        .filter(|(_, f)| f.kind == Kind::Town)
        .map(|(i, town)| {
            let people = geonameid(town)
                .and_then(|id| population.get(&id))
                .copied()
                .unwrap_or(0);
            let names = names_of(town);
            let role = events
                .iter()
                .filter(|text| names.iter().any(|n| text.contains(n.as_str())))
                .count() as u64;
            (i as u32, people + role * PER_EVENT)
        })
        .collect()
}

fn geonameid(feature: &Feature) -> Option<u64> {
    let value = feature.extra.get("geonameid")?;
    value.trim().parse().ok()
}

/// A town's names in every usage given ("Stepanakert", "Khankendi"), each at least four
/// letters long (shorter ones would be found inside other words).
fn names_of(town: &Feature) -> Vec<String> {
    let mut names: Vec<String> = town.names.display.split(" / ").map(str::to_owned).collect();
    if let Some(usages) = &town.names.usages {
        names.extend(usages.hy.iter().chain(&usages.az).cloned());
    }
    names.retain(|n| n.chars().count() >= 4);
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use karabakh_data::basemap::Basemap;

    #[test]
    fn the_region_s_main_towns_outrank_the_villages_around_them() {
        let dataset = karabakh_data::load_embedded();
        let basemap = Basemap::embedded();
        let places: Vec<(Place, ())> = basemap.places.iter().map(|p| (p.clone(), ())).collect();
        let importance = town_importance(&dataset, &places);
        let of = |id: &str| {
            let i = dataset.feature_index(id).expect(id) as u32;
            importance.get(&i).copied().unwrap_or(0)
        };
        assert!(of("town-shusha") > of("town-karin-tak"), "{importance:?}");
        for village in ["town-karin-tak", "town-aghavno", "town-sus", "town-lisagor"] {
            assert!(of("town-stepanakert") > of(village), "{village}");
            assert!(of("town-shusha") > of(village), "{village}");
        }
        assert!(of("town-stepanakert") > 0 && of("town-goris") > 0);
        assert!(is_major(of("town-stepanakert")) && is_major(of("town-shusha")));
        assert!(!is_major(of("town-karin-tak")), "{importance:?}");
    }
}
