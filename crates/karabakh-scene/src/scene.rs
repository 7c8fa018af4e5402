//! The scene a build returns, and the questions the window asks of it: what is under the
//! pointer, which items draw a feature, whether it still serves a moved view.

use std::collections::BTreeSet;

use ecolor::Color32;
use emath::{Pos2, Rect, pos2, vec2};

use crate::grid::Grid;
use crate::hit::shape_contains;
use crate::placing::Placing;
use crate::shape::{Item, Label, Shape};
use crate::style::{LIGHT, Palette};
use crate::view::View;
use karabakh_time::Day;

/// What decides the scene besides the data: any change rebuilds it, nothing else does.
#[derive(Clone, Debug, PartialEq)]
pub struct SceneInputs {
    pub view: View,
    /// The day shown; `None` shows every date at once.
    pub day: Option<Day>,
    /// Layer ids switched off in the legend.
    pub hidden_layers: BTreeSet<String>,
    /// Whether the offline basemap (land, water, relief, places) is drawn.
    pub basemap: bool,
    pub relief: bool,
    /// How disputed names read on the map.
    pub names: karabakh_data::NameStyle,
    /// The dark theme's basemap and labels (exports are always light).
    pub dark: bool,
    /// The user's own layers' looks as changed in the legend, by layer id; the others get
    /// their palette colour.
    pub layer_looks: std::collections::BTreeMap<String, crate::style::LayerLook>,
    /// Boxes drawn over the map (the window's date and scale bar, a slide's title), in the
    /// view's coordinates: labels and the key of numbered events keep clear of them.
    pub furniture: Vec<Rect>,
}

impl SceneInputs {
    pub fn new(view: View) -> Self {
        SceneInputs {
            view,
            day: None,
            hidden_layers: BTreeSet::new(),
            basemap: true,
            relief: true,
            names: karabakh_data::NameStyle::default(),
            dark: false,
            layer_looks: std::collections::BTreeMap::new(),
            furniture: Vec::new(),
        }
    }
}

impl SceneInputs {
    /// The colours of the map: exports are always light.
    pub fn palette(&self) -> Palette {
        if self.dark { crate::style::DARK } else { LIGHT }
    }
}

/// The features a scene draws: a list in index order, and for each feature where its items are.
#[derive(Clone, Debug, Default)]
pub struct Visible {
    features: Vec<usize>,
    /// Per dataset feature: its entry in `Scene::spans`, or `u32::MAX`.
    span: Vec<u32>,
}

/// The `Visible::span` of a feature not drawn.
pub(crate) const NOT_DRAWN: u32 = u32::MAX;

impl Visible {
    /// From each feature's entry in the scene's spans (or [`NOT_DRAWN`]).
    pub(crate) fn new(span: Vec<u32>) -> Visible {
        let features = (0..span.len()).filter(|&i| span[i] != NOT_DRAWN).collect();
        Visible { features, span }
    }

    pub fn contains(&self, feature: &usize) -> bool {
        self.span.get(*feature).is_some_and(|&s| s != NOT_DRAWN)
    }

    pub fn len(&self) -> usize {
        self.features.len()
    }

    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, usize> {
        self.features.iter()
    }
}

impl<'a> IntoIterator for &'a Visible {
    type Item = &'a usize;
    type IntoIter = std::slice::Iter<'a, usize>;
    fn into_iter(self) -> Self::IntoIter {
        self.features.iter()
    }
}

/// Everything to draw, in order, plus an index for hit-testing.
#[derive(Clone, Debug)]
pub struct Scene {
    pub inputs: SceneInputs,
    /// The part of the screen, in the coordinates of `inputs.view`, that the items are complete
    /// for: the view itself, or more around it when built to be panned over.
    pub extent: Rect,
    pub background: Color32,
    pub items: Vec<Item>,
    /// How many of the first items are basemap (raster tiles go between them and the rest).
    pub basemap_items: usize,
    /// Labels placed for `inputs.view`.
    pub labels: Vec<Label>,
    /// Dataset indices of the features drawn.
    pub visible: Visible,
    /// (first item, end) of each drawn feature, in drawing order.
    pub(crate) spans: Vec<(u32, u32)>,
    /// Made the first time something is looked up (in the window, by the thread that made the
    /// scene): an export without labels has no use for it.
    pub(crate) grid: std::sync::OnceLock<Grid>,
}

/// Shapes that outline a feature's items in `color`, `extra` pixels wider (a ring `extra` wide
/// around a marker): the highlight of a selection or a hover, the same in the window and in
/// exports. [`Emphasis`](crate::style::Emphasis) gives the width and colour of each.
pub fn emphasis_shapes(scene: &Scene, feature: usize, extra: f32, color: Color32) -> Vec<Shape> {
    scene
        .items_of(feature)
        // Not its hatching or a road's casing: the feature's own shapes.
        .filter(|item| item.feature.is_some())
        .filter_map(|item| match &item.shape {
            Shape::Line {
                points,
                width,
                closed,
                ..
            } => Some(Shape::Line {
                points: points.clone(),
                width: width + extra,
                color: color.gamma_multiply(0.8),
                dashed: false,
                closed: *closed,
            }),
            Shape::Marker { .. } => {
                let ring = item.shape.marker()?.emphasis_ring(extra, color);
                Some(Shape::Line {
                    points: ring.points(40),
                    width: ring.width,
                    color: ring.color,
                    dashed: false,
                    closed: true,
                })
            }
            Shape::Mesh(_) | Shape::Raster(_) => None,
        })
        .collect()
}

impl Scene {
    /// The topmost feature at `pos` (in the coordinates of `inputs.view`): exact for polygons
    /// (inside), within a few pixels for lines and points.
    pub fn hit(&self, pos: Pos2) -> Option<usize> {
        self.grid()
            .at(pos, &self.items)
            .filter_map(|n| self.items.get(n as usize))
            .find_map(|item| {
                let feature = item.feature()?;
                shape_contains(&item.shape, pos).then_some(feature)
            })
    }

    /// The grid of items for hit-tests and labels, made now if it is not yet.
    fn grid(&self) -> &Grid {
        self.grid
            .get_or_init(|| Grid::new(self.extent, &self.items))
    }

    /// Makes the hit-testing grid now, on this thread, rather than on the first lookup.
    pub fn prepare_lookups(&self) {
        self.grid();
    }

    /// The items that draw a feature (for highlighting it).
    pub fn items_of(&self, feature: usize) -> impl Iterator<Item = &Item> {
        let (start, end) = self
            .visible
            .span
            .get(feature)
            .and_then(|&s| self.spans.get(s as usize))
            .copied()
            .unwrap_or((0, 0));
        self.items
            .get(start as usize..end as usize)
            .unwrap_or(&[])
            .iter()
    }

    /// Whether a marker whose symbol meets `rect` (in scene coordinates) passes `test`
    /// (given its centre, radius and feature): labels keep clear of markers. Stops at the first.
    pub fn any_marker_in(
        &self,
        rect: Rect,
        test: &mut dyn FnMut(Pos2, f32, Option<usize>) -> bool,
    ) -> bool {
        let mut check = |n: u32| match self.items.get(n as usize) {
            Some(&Item {
                feature,
                shape: Shape::Marker { center, radius, .. },
            }) => {
                Rect::from_center_size(center, vec2(2.0, 2.0) * radius).intersects(rect)
                    && test(center, radius, feature.map(|f| f as usize))
            }
            _ => false,
        };
        self.grid().any_near(rect, &mut check)
    }

    /// How many vertices the scene draws (for benchmarks and bounds).
    pub fn vertex_count(&self) -> usize {
        self.items
            .iter()
            .map(|i| match &i.shape {
                Shape::Mesh(mesh) => mesh.vertices.len(),
                Shape::Line { points, .. } => points.len(),
                Shape::Marker { .. } => 1,
                Shape::Raster(raster) => raster.vertices.len(),
            })
            .sum()
    }

    /// Where this scene's picture lands in `view`: the same places on the same pixels, scaled
    /// when the zoom differs (a preview while a scene for the new zoom is made).
    pub fn placing_for(&self, view: &View) -> Placing {
        let built = &self.inputs.view;
        let scale = (view.zoom - built.zoom).exp2();
        // The built view's centre, where it is now.
        let centre = pos2(
            built.origin[0] + built.width / 2.0,
            built.origin[1] + built.height / 2.0,
        );
        let [x, y] = view.screen_from_world(built.center);
        Placing {
            scale: scale as f32,
            shift: vec2(x - centre.x * scale as f32, y - centre.y * scale as f32),
        }
    }

    /// Whether this scene shows exactly what `inputs` ask for, only shifted: the same day,
    /// layers, names and zoom, and the view inside what the scene covers.
    pub fn serves(&self, inputs: &SceneInputs) -> bool {
        let (built, view) = (&self.inputs.view, &inputs.view);
        let same_rest = SceneInputs {
            view: *built,
            ..inputs.clone()
        } == self.inputs;
        if !same_rest || built.zoom != view.zoom {
            return false;
        }
        let placing = self.placing_for(view);
        let shown = Rect::from_min_size(
            pos2(view.origin[0], view.origin[1]),
            vec2(view.width, view.height),
        );
        self.extent.contains_rect(Rect::from_min_max(
            placing.invert(shown.min),
            placing.invert(shown.max),
        ))
    }
}
