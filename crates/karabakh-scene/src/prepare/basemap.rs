//! The basemap prepared as the dossier's features are: countries, lakes, rivers, borders and
//! places in world coordinates, and the relief rasters on meshes.

use geo::BoundingRect;

use karabakh_data::basemap::{Basemap, Place, Raster};

use super::parts::{Part, Path};
use super::project::{fill_of, path_of};
use crate::view::World;

#[derive(Clone, Debug, Default)]
pub struct PreparedBasemap {
    pub countries: Vec<(String, Vec<Part>)>,
    /// Each country's outline in lon/lat with its box, where its label is looked for.
    pub country_shapes: Vec<(String, geo::MultiPolygon<f64>, geo::Rect<f64>)>,
    pub lakes: Vec<Vec<Part>>,
    pub rivers: Vec<(u8, Path)>,
    pub provinces: Vec<Path>,
    pub borders: Vec<Path>,
    pub places: Vec<(Place, World)>,
}

/// A raster's grid of vertices: positions in world coordinates and texture coordinates.
#[derive(Clone, Debug)]
pub struct RasterMesh {
    pub vertices: Vec<(World, [f32; 2])>,
    pub indices: Vec<u32>,
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
                .map(|(n, m)| (n.clone(), fills_of(m)))
                .collect(),
            country_shapes,
            lakes: basemap.lakes.iter().map(|(_, m)| fills_of(m)).collect(),
            rivers: basemap
                .rivers
                .iter()
                .map(|(level, l)| (*level, path_of(l)))
                .collect(),
            provinces: basemap.provinces.iter().map(path_of).collect(),
            borders: basemap.borders.iter().map(path_of).collect(),
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

/// The images drawn under the map's lines, the relief tint then the shading, each with its
/// mesh.
pub fn rasters_of(basemap: &Basemap) -> (Vec<Raster>, Vec<RasterMesh>) {
    let rasters: Vec<Raster> = [&basemap.tint, &basemap.relief]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    let meshes = rasters.iter().map(raster_mesh).collect();
    (rasters, meshes)
}

/// A grid over the raster's lon/lat box: rows are close enough that the Mercator stretch
/// between them is below a pixel at any zoom the region is shown at.
fn raster_mesh(raster: &Raster) -> RasterMesh {
    const COLS: usize = 8;
    const ROWS: usize = 48;
    let [west, south, east, north] = raster.bounds;
    let mut vertices = Vec::with_capacity((COLS + 1) * (ROWS + 1));
    for r in 0..=ROWS {
        for c in 0..=COLS {
            let (u, v) = (c as f64 / COLS as f64, r as f64 / ROWS as f64);
            let w = World::from_lon_lat(west + u * (east - west), north - v * (north - south));
            vertices.push((w, [u as f32, v as f32]));
        }
    }
    let mut indices = Vec::with_capacity(COLS * ROWS * 6);
    for r in 0..ROWS {
        for c in 0..COLS {
            let i = (r * (COLS + 1) + c) as u32;
            let below = i + (COLS + 1) as u32;
            indices.extend_from_slice(&[i, i + 1, below, i + 1, below + 1, below]);
        }
    }
    RasterMesh { vertices, indices }
}

fn fills_of(m: &geo::MultiPolygon<f64>) -> Vec<Part> {
    m.iter().map(|p| Part::Fill(Box::new(fill_of(p)))).collect()
}
