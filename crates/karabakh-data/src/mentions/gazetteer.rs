//! The gazetteer: every name of every place the dossier can point at, folded, with the places
//! each name may mean. The places are the dossier's named features (towns, countries, the
//! region, rivers, lakes, the corridor, the Hakari bridge) and the basemap's GeoNames towns;
//! a GeoNames town near a feature of the same name is that feature, not a second place.

use geo::Point;
use rustc_hash::FxHashMap;

use karabakh_time::{PartialDate, Validity};

use super::fold::fold_name;
use super::names::{ALIASES, WEAK_PLACE_NAMES};
use crate::model::{Dataset, Feature, Kind};

/// A GeoNames town of the basemap, with its country (which the map's `Place` leaves out).
#[derive(Clone, Debug, PartialEq)]
pub struct Town {
    pub name: String,
    pub geonameid: u64,
    /// ISO country code ("AM", "AZ").
    pub country: String,
    pub position: Point<f64>,
}

impl Town {
    /// The basemap's towns, as built into the binary.
    pub fn of_basemap() -> Vec<Town> {
        let Ok(collection) = crate::basemap::PLACES.parse::<geojson::FeatureCollection>() else {
            log::error!("basemap places: not a GeoJSON feature collection");
            return Vec::new();
        };
        collection
            .features
            .iter()
            .filter_map(Town::of_feature)
            .collect()
    }

    fn of_feature(feature: &geojson::Feature) -> Option<Town> {
        let geojson::GeometryValue::Point { coordinates } = &feature.geometry.as_ref()?.value
        else {
            return None;
        };
        let [x, y, ..] = coordinates.as_slice() else {
            return None;
        };
        let text = |key| feature.property(key).and_then(|v| v.as_str());
        Some(Town {
            name: text("name")?.to_owned(),
            geonameid: feature.property("geonameid")?.as_u64()?,
            country: text("cc").unwrap_or("?").to_owned(),
            position: Point::new(*x, *y),
        })
    }
}

/// A place a name may mean.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// The feature's id, or `geonames:<id>` for a basemap town without a feature of its own.
    pub id: String,
    /// The feature's name, or the town's with its country ("Martuni (GeoNames town, AM)").
    pub label: String,
    /// When it existed (features only; a basemap town always does).
    pub validity: Option<Validity>,
    /// Where a basemap town lies, to offer it as a new point feature.
    pub position: Option<Point<f64>>,
}

impl Candidate {
    /// Whether this is a feature of the dossier (not a basemap town).
    pub fn is_feature(&self) -> bool {
        self.position.is_none()
    }

    /// Whether it existed at some time within `date`.
    pub fn existed_within(&self, date: PartialDate) -> bool {
        let Some(validity) = &self.validity else {
            return true;
        };
        let starts = validity
            .from()
            .is_none_or(|f| f.first_day() <= date.last_day());
        let ends = validity
            .to()
            .is_none_or(|t| t.last_day() >= date.first_day());
        starts && ends
    }
}

/// The script a name is written in, which decides the case endings it may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    Latin,
    Cyrillic,
    Armenian,
}

impl Script {
    fn of(name: &str) -> Script {
        match name.chars().find(|c| c.is_alphabetic()) {
            Some('\u{0400}'..='\u{04FF}') => Script::Cyrillic,
            Some('\u{0530}'..='\u{058F}') => Script::Armenian,
            _ => Script::Latin,
        }
    }
}

/// A folded name and what it may mean.
#[derive(Clone, Debug)]
pub struct Entry {
    pub pattern: String,
    pub script: Script,
    /// A Russian stem ("шуш" of "Шуша"): found only with a case ending.
    pub stem: bool,
    /// A name that is often not a place: found only on strong evidence.
    pub weak: bool,
    /// Only basemap towns: their names in a text must be capitalised.
    pub capital: bool,
    /// Indices into the gazetteer's candidates.
    pub candidates: Vec<usize>,
}

/// The names and places, before the matcher is built.
#[derive(Default)]
pub struct Names {
    pub candidates: Vec<Candidate>,
    pub entries: Vec<Entry>,
    by_pattern: FxHashMap<(String, bool), usize>,
}

/// Kinds whose data names are place names (not descriptions, as an event's are).
fn is_named_place(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Country | Kind::Lake | Kind::River | Kind::Region | Kind::Town | Kind::Place
    )
}

/// A feature's own names: each usage, each script, and the display name's parts.
fn feature_names(feature: &Feature) -> Vec<&str> {
    let display = feature.names.display.as_str();
    let display = display.split(" (").next().unwrap_or(display);
    let mut names: Vec<&str> = display.split(" / ").collect();
    names.extend(feature.names.all().skip(1));
    names
}

/// Roughly how far apart two points are, in km (enough to tell the same town from a namesake).
fn km_between(a: Point<f64>, b: Point<f64>) -> f64 {
    let cos = ((a.y() + b.y()) / 2.0).to_radians().cos();
    let dx = (a.x() - b.x()) * cos;
    let dy = a.y() - b.y();
    (dx * dx + dy * dy).sqrt() * 111.2
}

impl Names {
    /// Every name of `dataset`'s named features and of the basemap `places`.
    pub fn build(dataset: &Dataset, places: &[Town]) -> Names {
        let mut names = Names::default();
        let mut near: Vec<(String, Point<f64>)> = Vec::new();
        for feature in dataset.features.iter().filter(|f| is_named_place(f.kind)) {
            let index = names.add_candidate(Candidate {
                id: feature.id.clone(),
                label: feature.names.display.clone(),
                validity: Some(feature.validity),
                position: None,
            });
            for name in feature_names(feature) {
                names.add_name(name, index, false);
                if feature.kind == Kind::Town || feature.kind == Kind::Place {
                    let centre = feature.bbox.center();
                    near.push((fold_name(name), Point::new(centre.x, centre.y)));
                }
            }
        }
        names.add_aliases(dataset);
        for place in places {
            let folded = fold_name(&place.name);
            let same = near
                .iter()
                .any(|(name, at)| *name == folded && km_between(*at, place.position) < 25.0);
            if same || folded.is_empty() {
                continue;
            }
            let index = names.add_candidate(Candidate {
                id: format!("geonames:{}", place.geonameid),
                label: format!("{} (GeoNames town, {})", place.name, place.country),
                validity: None,
                position: Some(place.position),
            });
            let weak = WEAK_PLACE_NAMES.contains(&place.name.as_str());
            names.add_name(&place.name, index, weak);
        }
        names
    }

    fn add_aliases(&mut self, dataset: &Dataset) {
        for (id, aliases) in ALIASES {
            let Some(feature) = dataset.feature(id) else {
                continue;
            };
            let index = match self.candidates.iter().position(|c| c.id == *id) {
                Some(index) => index,
                None => self.add_candidate(Candidate {
                    id: feature.id.clone(),
                    label: feature.names.display.clone(),
                    validity: Some(feature.validity),
                    position: None,
                }),
            };
            for alias in *aliases {
                self.add_name(alias, index, false);
            }
        }
    }

    fn add_candidate(&mut self, candidate: Candidate) -> usize {
        self.candidates.push(candidate);
        self.candidates.len() - 1
    }

    /// Adds `name` as meaning candidate `index`; a Russian name ending in -а/-я also as its stem.
    fn add_name(&mut self, name: &str, index: usize, weak: bool) {
        let pattern = fold_name(name);
        let script = Script::of(name);
        // Three letters or fewer ("Sus", "Kur", "Zar") are words as often as places.
        let weak = weak || pattern.chars().count() <= 3;
        let capital = !self.candidates[index].is_feature();
        if script == Script::Cyrillic
            && pattern.chars().count() >= 4
            && let Some(stem) = pattern.strip_suffix(['а', 'я'])
        {
            self.add_pattern(stem.to_owned(), script, true, weak, capital, index);
        }
        self.add_pattern(pattern, script, false, weak, capital, index);
    }

    fn add_pattern(
        &mut self,
        pattern: String,
        script: Script,
        stem: bool,
        weak: bool,
        capital: bool,
        index: usize,
    ) {
        if pattern.is_empty() {
            return;
        }
        let entry = match self.by_pattern.get(&(pattern.clone(), stem)) {
            Some(&at) => &mut self.entries[at],
            None => {
                self.by_pattern
                    .insert((pattern.clone(), stem), self.entries.len());
                self.entries.push(Entry {
                    pattern,
                    script,
                    stem,
                    weak,
                    capital,
                    candidates: Vec::new(),
                });
                let last = self.entries.len() - 1;
                &mut self.entries[last]
            }
        };
        // A name is as strong as its strongest meaning: "Martuni" is a feature's name.
        entry.weak &= weak;
        entry.capital &= capital;
        if !entry.candidates.contains(&index) {
            entry.candidates.push(index);
        }
    }
}
