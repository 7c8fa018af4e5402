//! The basemap prepared as the dossier's features are: countries, lakes, rivers, borders and
//! places in world coordinates; the world's countries, lakes and borders with their bounds and
//! simplified copies, like a big layer's, so that a scene takes only what it shows.

use geo::{BoundingRect, Geometry};

use karabakh_data::basemap::{Basemap, Place};
use karabakh_data::relief::REGION_BOUNDS;

use super::fade::faded;

use super::parts::{Path, PreparedFeature};
use super::project::{path_of, prepare_feature};
use crate::view::World;

#[derive(Clone, Debug, Default)]
pub struct PreparedBasemap {
    pub countries: Vec<(String, PreparedFeature)>,
    /// Each country's outline in lon/lat with its box, where its label is looked for.
    pub country_shapes: Vec<(String, geo::MultiPolygon<f64>, geo::Rect<f64>)>,
    pub lakes: Vec<PreparedFeature>,
    /// Rivers with their level, in pieces that fade out towards the edges of the box the
    /// material covers: (level, strength 0–1, piece).
    pub rivers: Vec<(u8, f32, Path)>,
    /// Province lines, likewise: (strength, piece).
    pub provinces: Vec<(f32, Path)>,
    pub borders: Vec<PreparedFeature>,
    pub places: Vec<(Place, World)>,
}

impl PreparedBasemap {
    pub fn new(basemap: &Basemap) -> PreparedBasemap {
        let country_shapes = basemap
            .countries
            .iter()
            .filter_map(|(name, m)| Some((name.clone(), m.clone(), m.bounding_rect()?)))
            .collect();
        PreparedBasemap {
            countries: basemap
                .countries
                .iter()
                .map(|(n, m)| {
                    (
                        n.clone(),
                        prepare_feature(&Geometry::MultiPolygon(m.clone())),
                    )
                })
                .collect(),
            country_shapes,
            lakes: basemap
                .lakes
                .iter()
                .map(|(_, m)| prepare_feature(&Geometry::MultiPolygon(m.clone())))
                .collect(),
            rivers: basemap
                .rivers
                .iter()
                .flat_map(|(level, l)| faded(l, REGION_BOUNDS).into_iter().map(|p| (*level, p)))
                .map(|(level, (strength, l))| (level, strength, path_of(&l)))
                .collect(),
            provinces: basemap
                .provinces
                .iter()
                .flat_map(|l| faded(l, REGION_BOUNDS))
                .map(|(strength, l)| (strength, path_of(&l)))
                .collect(),
            borders: basemap
                .borders
                .iter()
                .map(|l| prepare_feature(&Geometry::LineString(l.clone())))
                .collect(),
            places: basemap
                .places
                .iter()
                .map(|p| {
                    (
                        p.clone(),
                        World::from_lon_lat(p.position.x(), p.position.y()),
                    )
                })
                .collect(),
        }
    }
}
