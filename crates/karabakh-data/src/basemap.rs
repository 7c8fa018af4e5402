//! The offline basemap: land, borders, water, places and relief, built into the binary from
//! `assets/basemap/` (see its SOURCES.md). Not part of the dossier: it has no dates or excerpts.

use geo::{Geometry, LineString, MultiPolygon, Point};
use serde_json::Value;

use super::geometry::to_geo;

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
    pub relief: Option<Raster>,
    pub tint: Option<Raster>,
}

const COUNTRIES: &str = include_str!("../../../assets/basemap/countries.geojson");
const LAKES: &str = include_str!("../../../assets/basemap/lakes.geojson");
const BORDERS: &str = include_str!("../../../assets/basemap/borders.geojson");
const PROVINCES: &str = include_str!("../../../assets/basemap/provinces.geojson");
const RIVERS: &str = include_str!("../../../assets/basemap/rivers.geojson");
pub(crate) const PLACES: &str = include_str!("../../../assets/basemap/places.geojson");
const RELIEF_PNG: &[u8] = include_bytes!("../../../assets/basemap/relief.png");
const TINT_PNG: &[u8] = include_bytes!("../../../assets/basemap/relief_tint.png");
/// The box the relief images cover, as `assets/basemap/relief.json` states.
pub const RELIEF_BOUNDS: [f64; 4] = [44.5, 38.8, 47.5, 40.8];

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

fn decode_png(name: &str, bytes: &[u8], bounds: [f64; 4]) -> Option<Raster> {
    let image = image::load_from_memory_with_format(bytes, image::ImageFormat::Png)
        .map_err(|e| log::error!("basemap {name}: {e}"))
        .ok()?
        .to_rgba8();
    Some(Raster {
        width: image.width() as usize,
        height: image.height() as usize,
        rgba: image.into_raw(),
        bounds,
    })
}

impl Basemap {
    pub fn embedded() -> Basemap {
        let countries = features("countries", COUNTRIES)
            .into_iter()
            .map(|(p, g)| (name_of(&p), polygons(g)))
            .collect();
        let lakes = features("lakes", LAKES)
            .into_iter()
            .map(|(p, g)| (name_of(&p), polygons(g)))
            .collect();
        let borders = features("borders", BORDERS)
            .into_iter()
            .flat_map(|(_, g)| lines(g))
            .collect();
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
            relief: decode_png("relief.png", RELIEF_PNG, RELIEF_BOUNDS),
            tint: decode_png("relief_tint.png", TINT_PNG, RELIEF_BOUNDS),
        }
    }
}

/// The data credit that the licences ask for, on the map.
pub const ATTRIBUTION: &str = "Natural Earth · GSHHG · NOAA GLOBE · GeoNames (CC BY 4.0)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_basemap_is_complete() {
        let b = Basemap::embedded();
        let names: Vec<_> = b.countries.iter().map(|(n, _)| n.as_str()).collect();
        for country in ["Armenia", "Azerbaijan", "Georgia", "Iran", "Turkey"] {
            assert!(names.contains(&country), "{names:?}");
        }
        assert!(b.lakes.iter().any(|(n, _)| n == "Lake Sevan"));
        assert!(!b.borders.is_empty() && !b.provinces.is_empty() && !b.rivers.is_empty());
        assert!(b.places.len() > 300);
        assert!(
            b.places
                .windows(2)
                .all(|w| w[0].population >= w[1].population)
        );
        let relief = b.relief.expect("relief decodes");
        assert_eq!(relief.rgba.len(), relief.width * relief.height * 4);
        assert!(b.tint.is_some());
    }
}
