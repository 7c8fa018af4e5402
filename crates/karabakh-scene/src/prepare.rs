//! Geometry prepared once per dataset: projected to Web Mercator, simplified for overview zooms
//! and triangulated, so that a scene only scales and shifts it.
//!
//! Coordinates are kept as `f32` offsets from an origin in `f64` world coordinates: half the
//! memory of `f64` pairs, and well under a pixel off at every zoom for parts up to a few hundred
//! kilometres across (the rounding grows with a part's size: a part half the world wide would be
//! about a pixel off at zoom 18).

mod basemap;
mod fade;
mod importance;
mod order;
mod parts;
mod project;
mod simplify;
mod triangulate;

use karabakh_data::Dataset;
use karabakh_data::basemap::{Basemap, Raster};

pub use basemap::PreparedBasemap;
pub use order::{Placement, draw_rank};
pub use parts::{Fill, Offset, Part, Path, PreparedFeature, Triangles};
pub use project::{prepare_feature, prepare_features, prepare_features_counting};

use crate::style::FeatureStyle;
use crate::view::World;

#[derive(Clone, Debug)]
pub struct Prepared {
    /// Aligned with `Dataset::features`.
    pub features: Vec<PreparedFeature>,
    pub basemap: PreparedBasemap,
    /// Images drawn under the map's lines, bottom first: the relief's tints, then its
    /// shadings.
    pub rasters: Vec<Raster>,
    /// Feature indices in the order they are drawn, bottom first.
    pub draw_order: Vec<u32>,
    /// Aligned with `features`.
    pub placement: Vec<Placement>,
    /// The styles the placements point to.
    pub styles: Vec<FeatureStyle>,
    /// The features that get a label (towns, checkpoints, events), most important first.
    pub labelled: Vec<u32>,
    /// The region's major towns (see `importance`): where the places beside them are taken,
    /// their labels go farther out on a leader line rather than missing.
    pub major_towns: Vec<u32>,
    /// The features' bounds, to find those in view without looking at every one.
    index: FeatureIndex,
}

type FeatureIndex =
    rstar::RTree<rstar::primitives::GeomWithData<rstar::primitives::Rectangle<[f64; 2]>, u32>>;

fn index_of(features: &[PreparedFeature]) -> FeatureIndex {
    rstar::RTree::bulk_load(
        features
            .iter()
            .enumerate()
            .filter(|(_, f)| f.bounds.0.x.is_finite())
            .map(|(i, f)| {
                let (a, b) = f.bounds;
                rstar::primitives::GeomWithData::new(
                    rstar::primitives::Rectangle::from_corners([a.x, a.y], [b.x, b.y]),
                    i as u32,
                )
            })
            .collect(),
    )
}

impl Prepared {
    /// Adds prepared features (of features added to `dataset`, in the same order, already in
    /// it).
    pub fn extend_features(&mut self, dataset: &Dataset, features: Vec<PreparedFeature>) {
        self.features.extend(features);
        self.index = index_of(&self.features);
        self.order(dataset);
    }

    /// Indices of the features whose bounds meet the world box `min`–`max` (in no order).
    pub fn features_in(&self, min: World, max: World) -> impl Iterator<Item = usize> + '_ {
        let envelope = rstar::AABB::from_corners([min.x, min.y], [max.x, max.y]);
        self.index
            .locate_in_envelope_intersecting(&envelope)
            .map(|g| g.data as usize)
    }

    /// Whether the box `min`–`max` takes in a good part of all features' box: then checking
    /// every feature is quicker than asking the tree (which pays per feature found).
    pub fn mostly_in(&self, min: World, max: World) -> bool {
        use rstar::Envelope;
        let all = self.index.root().envelope();
        let query = rstar::AABB::from_corners([min.x, min.y], [max.x, max.y]);
        let overlap = all.intersection_area(&query);
        overlap * 4.0 >= all.area()
    }

    pub fn new(dataset: &Dataset, basemap: &Basemap) -> Prepared {
        let features = prepare_features(&dataset.features);
        let index = index_of(&features);
        let mut prepared = Prepared {
            features,
            basemap: PreparedBasemap::new(basemap),
            rasters: basemap.relief.clone(),
            draw_order: Vec::new(),
            placement: Vec::new(),
            styles: Vec::new(),
            labelled: Vec::new(),
            major_towns: Vec::new(),
            index,
        };
        prepared.order(dataset);
        prepared
    }
}
