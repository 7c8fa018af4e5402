//! The offline basemap: land, borders, water, places and relief, built into the binary from
//! `assets/basemap/` and `assets/basemap/world/` (see their SOURCES.md): the whole world at
//! 1:50m, the Caucasus at 1:10m. Not part of the dossier: it has no dates or excerpts.

use geo::{Geometry, LineString, MultiPolygon, Point};
use serde_json::Value;

use super::geometry::to_geo;
use crate::relief::relief_rasters;
use crate::world::{combine_areas, combine_lines};

/// A populated place from GeoNames.
#[derive(Clone, Debug)]
pub struct Place {
    pub name: String,
    pub geonameid: u64,
    pub population: u64,
    pub position: Point<f64>,
}

/// An RGBA image covering a lon/lat box in plate carrée, row 0 at the north edge.
#[derive(Clone, Debug)]
pub struct Raster {
    pub width: usize,
    pub height: usize,
    pub rgba: Vec<u8>,
    /// `[west, south, east, north]`.
    pub bounds: [f64; 4],
}

#[derive(Clone, Debug, Default)]
pub struct Basemap {
    pub countries: Vec<(String, MultiPolygon<f64>)>,
    pub lakes: Vec<(String, MultiPolygon<f64>)>,
    pub borders: Vec<LineString<f64>>,
    pub provinces: Vec<LineString<f64>>,
    /// Rivers with their WDBII level (2 = major).
    pub rivers: Vec<(u8, LineString<f64>)>,
    /// Sorted by population, largest first.
    pub places: Vec<Place>,
    /// The relief images, bottom first, cross-faded (see [`crate::relief`]).
    pub relief: Vec<Raster>,
}

const COUNTRIES: &str = include_str!("../../../assets/basemap/world/countries_50m.geojson");
const LAKES: &str = include_str!("../../../assets/basemap/world/lakes_world.geojson");
const BORDERS: &str = include_str!("../../../assets/basemap/world/borders_50m.geojson");
const DETAIL_COUNTRIES: &str =
    include_str!("../../../assets/basemap/world/countries_10m_caucasus.geojson");
const DETAIL_LAKES: &str = include_str!("../../../assets/basemap/world/lakes_10m_caucasus.geojson");
const DETAIL_BORDERS: &str =
    include_str!("../../../assets/basemap/world/borders_10m_caucasus.geojson");
const PROVINCES: &str = include_str!("../../../assets/basemap/provinces.geojson");
const RIVERS: &str = include_str!("../../../assets/basemap/rivers.geojson");
const PLACES: &str = include_str!("../../../assets/basemap/places.geojson");

/// Features of a GeoJSON collection as (properties, geometry); what does not parse is logged and
/// skipped, since these are our own files and a test keeps them clean.
fn features(name: &str, text: &str) -> Vec<(Value, Geometry<f64>)> {
    let collection: geojson::FeatureCollection = match text.parse() {
        Ok(c) => c,
        Err(e) => {
            log::error!("basemap {name}: {e}");
            return Vec::new();
        }
    };
    collection
        .features
        .into_iter()
        .filter_map(|f| {
            let geometry = to_geo(&f.geometry?.value)
                .map_err(|e| log::error!("basemap {name}: {e}"))
                .ok()?;
            Some((
                f.properties.map(Value::Object).unwrap_or(Value::Null),
                geometry,
            ))
        })
        .collect()
}

fn polygons(geometry: Geometry<f64>) -> MultiPolygon<f64> {
    match geometry {
        Geometry::Polygon(p) => MultiPolygon(vec![p]),
        Geometry::MultiPolygon(m) => m,
        _ => MultiPolygon(Vec::new()),
    }
}

fn lines(geometry: Geometry<f64>) -> Vec<LineString<f64>> {
    match geometry {
        Geometry::LineString(l) => vec![l],
        Geometry::MultiLineString(m) => m.0,
        _ => Vec::new(),
    }
}

fn name_of(props: &Value) -> String {
    props
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn areas(name: &str, text: &str) -> Vec<(String, MultiPolygon<f64>)> {
    features(name, text)
        .into_iter()
        .map(|(p, g)| (name_of(&p), polygons(g)))
        .collect()
}

fn all_lines(name: &str, text: &str) -> Vec<LineString<f64>> {
    features(name, text)
        .into_iter()
        .flat_map(|(_, g)| lines(g))
        .collect()
}

impl Basemap {
    /// The basemap built into the binary; decoded once per run, then copied.
    pub fn embedded() -> Basemap {
        static EMBEDDED: std::sync::OnceLock<Basemap> = std::sync::OnceLock::new();
        EMBEDDED.get_or_init(Basemap::decode).clone()
    }

    fn decode() -> Basemap {
        let countries = combine_areas(
            areas("countries_50m", COUNTRIES),
            areas("countries_10m_caucasus", DETAIL_COUNTRIES),
        );
        let lakes = combine_areas(
            areas("lakes_world", LAKES),
            areas("lakes_10m_caucasus", DETAIL_LAKES),
        );
        let borders = combine_lines(
            all_lines("borders_50m", BORDERS),
            all_lines("borders_10m_caucasus", DETAIL_BORDERS),
        );
        let provinces = features("provinces", PROVINCES)
            .into_iter()
            .flat_map(|(_, g)| lines(g))
            .collect();
        let rivers = features("rivers", RIVERS)
            .into_iter()
            .flat_map(|(p, g)| {
                let level = p.get("level").and_then(Value::as_u64).unwrap_or(4) as u8;
                lines(g).into_iter().map(move |l| (level, l))
            })
            .collect();
        let mut places: Vec<Place> = features("places", PLACES)
            .into_iter()
            .filter_map(|(p, g)| {
                let Geometry::Point(position) = g else {
                    return None;
                };
                Some(Place {
                    name: name_of(&p),
                    geonameid: p.get("geonameid").and_then(Value::as_u64)?,
                    population: p.get("population").and_then(Value::as_u64).unwrap_or(0),
                    position,
                })
            })
            .collect();
        places.sort_by_key(|p| std::cmp::Reverse(p.population));
        Basemap {
            countries,
            lakes,
            borders,
            provinces,
            rivers,
            places,
            relief: relief_rasters(),
        }
    }
}

/// The data credit that the licences ask for, on the map.
pub const ATTRIBUTION: &str = "Natural Earth · GSHHG · NOAA GLOBE, ETOPO1 · GeoNames (CC BY 4.0)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_basemap_is_complete() {
        let b = Basemap::embedded();
        let names: Vec<_> = b.countries.iter().map(|(n, _)| n.as_str()).collect();
        for country in [
            "Armenia",
            "Azerbaijan",
            "Georgia",
            "Iran",
            "Turkey",
            "Russia",
            "Brazil",
        ] {
            assert!(names.contains(&country), "{names:?}");
        }
        for lake in ["Lake Sevan", "Caspian Sea", "Lake Van", "Lake Baikal"] {
            assert!(b.lakes.iter().any(|(n, _)| n == lake), "{lake}");
        }
        assert!(!b.borders.is_empty() && !b.provinces.is_empty() && !b.rivers.is_empty());
        assert!(b.places.len() > 300);
        assert!(
            b.places
                .windows(2)
                .all(|w| w[0].population >= w[1].population)
        );
        assert_eq!(b.relief.len(), 6, "three tints, three shadings");
    }
}
