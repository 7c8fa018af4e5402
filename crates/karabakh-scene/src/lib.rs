//! The scene: what is visible on a day in a view, as styled primitives in screen space.
//!
//! One function, [`build`], decides what is drawn and how; the window paints its result with
//! egui and the exporter writes the same result as SVG, so a slide looks like the screen.
//! Geometry is projected and triangulated once ([`Prepared`]); a scene only transforms it.

pub mod prepare;
pub mod style;
pub mod view;

use std::collections::BTreeSet;

use ecolor::Color32;

use emath::{Pos2, Rect, pos2, vec2};

use karabakh_data::{Dataset, Kind};
use karabakh_time::Day;
pub use prepare::{Part, Path, Prepared};
use style::{FeatureStyle, LIGHT, Palette, Symbol};
pub use view::{View, World};

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
        }
    }
}

/// A drawable thing, in screen pixels.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// Filled triangles.
    Mesh(Box<MeshShape>),
    /// A polyline (closed for polygon outlines).
    Line {
        points: Vec<Pos2>,
        width: f32,
        color: Color32,
        dashed: bool,
        closed: bool,
    },
    Marker {
        center: Pos2,
        symbol: Symbol,
        radius: f32,
        fill: Color32,
        stroke: Color32,
        width: f32,
        approximate: bool,
    },
    /// A georeferenced image on a triangle mesh.
    Raster(Box<RasterShape>),
}

/// Filled triangles (boxed in [`Shape`], which stays small for the many markers and lines).
#[derive(Clone, Debug, PartialEq)]
pub struct MeshShape {
    pub vertices: Vec<Pos2>,
    pub indices: Vec<u32>,
    pub color: Color32,
    /// Where each ring (outer first, unclosed) ends in `vertices`, for writers that fill
    /// paths (SVG).
    pub ring_ends: Vec<u32>,
}

/// A georeferenced image (`raster` indexes [`Prepared::rasters`]) on a triangle mesh.
#[derive(Clone, Debug, PartialEq)]
pub struct RasterShape {
    pub raster: usize,
    pub vertices: Vec<(Pos2, [f32; 2])>,
    pub indices: Vec<u32>,
}

/// A shape and the dossier feature it draws (index into `Dataset::features`), if any.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// 32 bits: a scene holds an item per marker, and a big layer has many.
    pub feature: Option<u32>,
    pub shape: Shape,
}

impl Item {
    /// The feature it draws, as an index into `Dataset::features`.
    pub fn feature(&self) -> Option<usize> {
        self.feature.map(|f| f as usize)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelStyle {
    /// Dossier places: dark, bold enough to read from the back of a room.
    Major,
    /// Basemap places.
    Minor,
    /// Country names, spaced capitals.
    Country,
}

/// A placed label: `rect` is where its text goes; labels never overlap.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub text: String,
    pub rect: Rect,
    pub size: f32,
    pub color: Color32,
    pub halo: Color32,
    pub style: LabelStyle,
    pub feature: Option<usize>,
    /// The place's dot, for basemap places that have no marker of their own.
    pub dot: Option<Pos2>,
}

/// The features a scene draws: a list in index order, and for each feature where its items are.
#[derive(Clone, Debug, Default)]
pub struct Visible {
    features: Vec<usize>,
    /// Per dataset feature: its entry in `Scene::spans`, or `u32::MAX`.
    span: Vec<u32>,
}

impl Visible {
    pub fn contains(&self, feature: &usize) -> bool {
        self.span.get(*feature).is_some_and(|&s| s != u32::MAX)
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
    spans: Vec<(u32, u32)>,
    /// Made the first time something is looked up (in the window, by the thread that made the
    /// scene): an export without labels has no use for it.
    grid: std::sync::OnceLock<Grid>,
}

/// Shapes that outline a feature's items in `color`, `extra` pixels wider: the highlight of a
/// selection, the same in the window and in exports.
pub fn emphasis_shapes(scene: &Scene, feature: usize, extra: f32, color: Color32) -> Vec<Shape> {
    scene
        .items_of(feature)
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
            Shape::Marker { center, radius, .. } => {
                let ring: Vec<Pos2> = (0..=40)
                    .map(|i| {
                        *center
                            + emath::Vec2::angled(i as f32 / 40.0 * std::f32::consts::TAU)
                                * (radius + 4.0)
                    })
                    .collect();
                Some(Shape::Line {
                    points: ring,
                    width: extra,
                    color,
                    dashed: false,
                    closed: true,
                })
            }
            Shape::Mesh(_) | Shape::Raster(_) => None,
        })
        .collect()
}

/// How far from a line or point a click still counts, in pixels.
pub const HIT_TOLERANCE: f32 = 5.0;

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
        let grid = self.grid();
        if let Some((xs, ys)) = grid.cells(rect.expand(grid.reach)) {
            for y in ys {
                for x in xs.clone() {
                    if grid.cell(x, y).iter().any(|&n| check(n)) {
                        return true;
                    }
                }
            }
        }
        grid.large.iter().any(|&n| check(n))
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

/// How a scene's picture is placed on the screen: `screen = scene × scale + shift`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placing {
    pub scale: f32,
    pub shift: emath::Vec2,
}

impl Placing {
    pub const IDENTITY: Placing = Placing {
        scale: 1.0,
        shift: emath::Vec2::ZERO,
    };

    pub fn apply(&self, p: Pos2) -> Pos2 {
        pos2(
            p.x * self.scale + self.shift.x,
            p.y * self.scale + self.shift.y,
        )
    }

    /// From the screen back to the scene.
    pub fn invert(&self, p: Pos2) -> Pos2 {
        pos2(
            (p.x - self.shift.x) / self.scale,
            (p.y - self.shift.y) / self.scale,
        )
    }

    /// A shape moved by this placing (lines keep their width: it is a preview).
    pub fn apply_shape(&self, shape: &Shape) -> Shape {
        let mut moved = shape.clone();
        match &mut moved {
            Shape::Line { points, .. } => points.iter_mut().for_each(|p| *p = self.apply(*p)),
            Shape::Marker { center, .. } => *center = self.apply(*center),
            Shape::Mesh(mesh) => mesh.vertices.iter_mut().for_each(|p| *p = self.apply(*p)),
            Shape::Raster(raster) => raster
                .vertices
                .iter_mut()
                .for_each(|(p, _)| *p = self.apply(*p)),
        }
        moved
    }
}

/// Items by the cells of a grid over the scene (in screen pixels): a hit-test or a label looks
/// at a few cells' items, not at every item. Built in linear time, unlike a tree: a marker is
/// listed in the cell of its centre only (queries reach out by the largest marker's size),
/// lines and areas in every cell their box covers.
#[derive(Clone, Debug, Default)]
struct Grid {
    min: Pos2,
    cols: usize,
    rows: usize,
    /// How far a marker's box (with the hit tolerance) reaches from its centre, at most.
    reach: f32,
    /// Items of cell `c` are `members[starts[c]..starts[c + 1]]`, in drawing order.
    starts: Vec<u32>,
    members: Vec<u32>,
    /// Items too big to list cell by cell (a whole country), in drawing order.
    large: Vec<u32>,
}

const CELL: f32 = 32.0;
/// An item over more cells than this goes in the grid's `large` list.
const LARGE_CELLS: usize = 512;

/// Where the grid lists an item: one cell (a marker's centre), a box of cells, or the large
/// list.
enum Listing {
    None,
    Cells(std::ops::Range<usize>, std::ops::Range<usize>),
    Large,
}

impl Grid {
    #[inline(never)]
    fn new(extent: Rect, items: &[Item]) -> Grid {
        let area = extent.expand(4.0 * CELL);
        let cols = ((area.width() / CELL).ceil().max(1.0) as usize).min(4096);
        let rows = ((area.height() / CELL).ceil().max(1.0) as usize).min(4096);
        let mut grid = Grid {
            min: area.min,
            cols,
            rows,
            ..Grid::default()
        };
        grid.reach = items
            .iter()
            .filter_map(|item| match item.shape {
                Shape::Marker { radius, .. } if item.feature.is_some() => {
                    Some(radius + HIT_TOLERANCE)
                }
                _ => None,
            })
            .fold(0.0, f32::max);
        // Where each item goes, worked out once (a line's box means a pass over its points).
        let mut listed: Vec<(u32, [u16; 4])> = Vec::with_capacity(items.len());
        for (n, item) in items.iter().enumerate() {
            match grid.listing(item) {
                Listing::None => {}
                Listing::Large => grid.large.push(n as u32),
                Listing::Cells(xs, ys) => listed.push((
                    n as u32,
                    [
                        xs.start as u16,
                        xs.end as u16,
                        ys.start as u16,
                        ys.end as u16,
                    ],
                )),
            }
        }
        // Count, then fill (a counting sort): one array for all cells.
        let mut starts = vec![0u32; cols * rows + 1];
        for &(_, [x0, x1, y0, y1]) in &listed {
            for y in y0 as usize..y1 as usize {
                for x in x0 as usize..x1 as usize {
                    starts[y * cols + x + 1] += 1;
                }
            }
        }
        for c in 1..starts.len() {
            starts[c] += starts[c - 1];
        }
        let mut fill = starts.clone();
        let mut members = vec![0u32; starts[cols * rows] as usize];
        for &(n, [x0, x1, y0, y1]) in &listed {
            for y in y0 as usize..y1 as usize {
                for x in x0 as usize..x1 as usize {
                    let slot = &mut fill[y * cols + x];
                    members[*slot as usize] = n;
                    *slot += 1;
                }
            }
        }
        grid.starts = starts;
        grid.members = members;
        grid
    }

    fn listing(&self, item: &Item) -> Listing {
        if item.feature.is_none() {
            return Listing::None;
        }
        let bounds = match item.shape {
            Shape::Marker { center, .. } => Rect::from_min_max(center, center),
            ref shape => match shape_bounds(shape) {
                Some(bounds) => bounds,
                None => return Listing::None,
            },
        };
        match self.cells(bounds) {
            None => Listing::None,
            Some((xs, ys)) if xs.len() * ys.len() > LARGE_CELLS => Listing::Large,
            Some((xs, ys)) => Listing::Cells(xs, ys),
        }
    }

    /// The cells a box covers, clipped to the grid; None if it is outside.
    fn cells(&self, r: Rect) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>)> {
        // Offsets below zero are clipped before truncating, so truncation is the floor.
        let col = |x: f32| ((x - self.min.x) / CELL).max(0.0) as usize;
        let row = |y: f32| ((y - self.min.y) / CELL).max(0.0) as usize;
        if !(r.max.x >= self.min.x && r.max.y >= self.min.y) {
            return None;
        }
        let (x0, x1) = (col(r.min.x), col(r.max.x).min(self.cols - 1));
        let (y0, y1) = (row(r.min.y), row(r.max.y).min(self.rows - 1));
        if x0 > x1 || y0 > y1 {
            return None;
        }
        Some((x0..x1 + 1, y0..y1 + 1))
    }

    fn cell(&self, x: usize, y: usize) -> &[u32] {
        let c = y * self.cols + x;
        match (self.starts.get(c), self.starts.get(c + 1)) {
            (Some(&a), Some(&b)) => self.members.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Items listed in the cells that `r`, grown by the markers' reach, covers, with the large
    /// ones; each once, in drawing order.
    fn candidates(&self, r: Rect) -> Vec<u32> {
        let mut found: Vec<u32> = Vec::new();
        if let Some((xs, ys)) = self.cells(r.expand(self.reach)) {
            for y in ys {
                for x in xs.clone() {
                    found.extend_from_slice(self.cell(x, y));
                }
            }
        }
        found.extend_from_slice(&self.large);
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Items whose box (with the hit tolerance) holds `p`, topmost first.
    fn at<'a>(&'a self, p: Pos2, items: &'a [Item]) -> impl Iterator<Item = u32> + 'a {
        let mut found = self.candidates(Rect::from_min_max(p, p));
        found.reverse();
        found.into_iter().filter(move |&n| {
            items
                .get(n as usize)
                .and_then(|item| shape_bounds(&item.shape))
                .is_some_and(|r| r.contains(p))
        })
    }
}

fn shape_bounds(shape: &Shape) -> Option<Rect> {
    let grow = HIT_TOLERANCE;
    match shape {
        Shape::Mesh(mesh) => Some(Rect::from_points(&mesh.vertices)),
        Shape::Line { points, width, .. } => {
            Some(Rect::from_points(points).expand(width / 2.0 + grow))
        }
        Shape::Marker { center, radius, .. } => Some(Rect::from_center_size(
            *center,
            vec2(2.0, 2.0) * (radius + grow),
        )),
        Shape::Raster(_) => None,
    }
}

fn shape_contains(shape: &Shape, p: Pos2) -> bool {
    match shape {
        Shape::Mesh(mesh) => mesh.indices.chunks_exact(3).any(|t| {
            let v = |i: u32| mesh.vertices.get(i as usize).copied().unwrap_or(Pos2::ZERO);
            in_triangle(p, v(t[0]), v(t[1]), v(t[2]))
        }),
        Shape::Line {
            points,
            width,
            closed,
            ..
        } => {
            let reach = width / 2.0 + HIT_TOLERANCE;
            let closing = closed.then(|| (points.last().copied(), points.first().copied()));
            points
                .windows(2)
                .map(|w| (Some(w[0]), Some(w[1])))
                .chain(closing)
                .any(|seg| match seg {
                    (Some(a), Some(b)) => segment_distance(p, a, b) <= reach,
                    _ => false,
                })
        }
        Shape::Marker { center, radius, .. } => center.distance(p) <= radius + HIT_TOLERANCE,
        Shape::Raster(_) => false,
    }
}

fn in_triangle(p: Pos2, a: Pos2, b: Pos2, c: Pos2) -> bool {
    let cross = |o: Pos2, u: Pos2, v: Pos2| (u.x - o.x) * (v.y - o.y) - (u.y - o.y) * (v.x - o.x);
    let (d1, d2, d3) = (cross(p, a, b), cross(p, b, c), cross(p, c, a));
    let negative = d1 < 0.0 || d2 < 0.0 || d3 < 0.0;
    let positive = d1 > 0.0 || d2 > 0.0 || d3 > 0.0;
    !(negative && positive)
}

/// Distance from `p` to the segment `a`–`b`.
pub fn segment_distance(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let t = if ab.length_sq() > 0.0 {
        ((p - a).dot(ab) / ab.length_sq()).clamp(0.0, 1.0)
    } else {
        0.0
    };
    p.distance(a + ab * t)
}

/// Days an event stays on the map after it ends, fading out.
pub const EVENT_FADE_DAYS: i32 = 10;

/// Whether a feature is on the map on `day` (None: every day), and how opaque: events stay a
/// while after their day, fading, so that stepping day by day does not make them blink away.
pub fn presence(feature: &karabakh_data::Feature, day: Option<Day>) -> Option<f32> {
    let Some(day) = day else { return Some(1.0) };
    if feature.visible_on(day) {
        return Some(1.0);
    }
    let last = feature.validity.last_day()?;
    let after = day.0 - last.0;
    (feature.kind == Kind::Event && (1..=EVENT_FADE_DAYS).contains(&after))
        .then(|| 1.0 - after as f32 / (EVENT_FADE_DAYS + 1) as f32)
}

/// Builds the scene for exactly `inputs.view`, as an export draws it.
pub fn build(dataset: &Dataset, prepared: &Prepared, inputs: &SceneInputs) -> Scene {
    build_padded(dataset, prepared, inputs, 0.0)
}

/// Builds the scene for `inputs`, with its items complete for `pad` pixels around the view on
/// every side, so that the window can pan that far without building it again.
pub fn build_padded(
    dataset: &Dataset,
    prepared: &Prepared,
    inputs: &SceneInputs,
    pad: f32,
) -> Scene {
    let started = std::time::Instant::now();
    let view = &inputs.view;
    let palette = if inputs.dark { style::DARK } else { LIGHT };
    let shown = Rect::from_min_size(
        pos2(view.origin[0], view.origin[1]),
        vec2(view.width, view.height),
    );
    let extent = shown.expand(pad.max(0.0));
    let mut out = Builder {
        view,
        scale: view.world_pixels() as f32,
        items: Vec::with_capacity(prepared.features.len() + 512),
        clip: extent.expand(40.0),
    };
    if inputs.basemap {
        basemap_items(prepared, &palette, inputs.relief, &mut out);
    }
    let basemap_count = out.items.len();

    // Strokes and markers reach past their geometry: keep what lies just outside.
    let (cull_min, cull_max) = {
        let margin = 40.0;
        let a = view.world_from_screen([extent.min.x - margin, extent.min.y - margin]);
        let b = view.world_from_screen([extent.max.x + margin, extent.max.y + margin]);
        (a, b)
    };
    let count = dataset.features.len().min(prepared.features.len());
    let hidden: Vec<bool> = dataset
        .layers
        .iter()
        .map(|l| inputs.hidden_layers.contains(&l.id))
        .collect();
    // Most features in view: each one's box is checked as it comes; few: the tree finds them.
    let scan = prepared.mostly_in(cull_min, cull_max);
    let mut in_view = Vec::new();
    if !scan {
        in_view = vec![false; count];
        for i in prepared.features_in(cull_min, cull_max) {
            if let Some(slot) = in_view.get_mut(i) {
                *slot = true;
            }
        }
    }

    let culled = started.elapsed();
    let mut span = vec![u32::MAX; count];
    let mut spans: Vec<(u32, u32)> = Vec::new();
    for &i in &prepared.draw_order {
        let i = i as usize;
        let Some(place) = prepared.placement.get(i) else {
            continue;
        };
        let in_view = if scan {
            place.meets(cull_min, cull_max)
        } else {
            in_view.get(i).copied().unwrap_or(false)
        };
        if !in_view || hidden.get(place.layer as usize).copied().unwrap_or(false) {
            continue;
        }
        let (Some(feature), Some(geometry)) = (dataset.features.get(i), prepared.features.get(i))
        else {
            continue;
        };
        let opacity = if place.timeless {
            1.0
        } else {
            match presence(feature, inputs.day) {
                Some(opacity) => opacity,
                None => continue,
            }
        };
        let Some(&(mut style)) = prepared.styles.get(place.style as usize) else {
            continue;
        };
        if opacity < 1.0 {
            style.fill = style.fill.gamma_multiply(opacity);
            style.stroke = style.stroke.gamma_multiply(opacity);
        }
        let start = out.items.len() as u32;
        match place.point {
            // A point: its marker straight from the placement, the feature's geometry untouched.
            Some(w) => out.marker(i, w, &style, place.dashed),
            None => out.feature_items(i, geometry, &style, place.dashed),
        }
        span[i] = spans.len() as u32;
        spans.push((start, out.items.len() as u32));
    }
    let drawn = started.elapsed();
    let features = (0..count).filter(|&i| span[i] != u32::MAX).collect();
    let visible = Visible { features, span };
    let mut scene = Scene {
        inputs: inputs.clone(),
        extent,
        background: palette.sea,
        items: out.items,
        basemap_items: basemap_count,
        labels: Vec::new(),
        visible,
        spans,
        grid: std::sync::OnceLock::new(),
    };
    scene.labels = labels::place(dataset, prepared, inputs, &scene, emath::Vec2::ZERO);
    log::trace!(
        "scene of {} items: culled in {culled:?}, items made by {drawn:?}, labels placed by {:?}",
        scene.items.len(),
        started.elapsed()
    );
    scene
}

struct Builder<'a> {
    view: &'a View,
    /// Pixels per world unit.
    scale: f32,
    items: Vec<Item>,
    /// Lines are cut to this rectangle (the scene's extent and a margin for wide strokes): at a
    /// close zoom a border is millions of pixels long, and only what can be seen is drawn.
    clip: Rect,
}

impl Builder<'_> {
    fn screen(&self, w: World) -> Pos2 {
        let view = self.view;
        let k = f64::from(self.scale);
        pos2(
            (f64::from(view.origin[0] + view.width / 2.0) + (w.x - view.center.x) * k) as f32,
            (f64::from(view.origin[1] + view.height / 2.0) + (w.y - view.center.y) * k) as f32,
        )
    }

    /// Every point of a path on screen.
    fn all_points(&self, path: &Path) -> Vec<Pos2> {
        let base = self.screen(path.origin);
        let k = self.scale;
        path.coords
            .iter()
            .map(|o| pos2(base.x + o[0] * k, base.y + o[1] * k))
            .collect()
    }

    /// Screen points of a line, dropping points closer than half a pixel to the last kept one:
    /// the number drawn follows the screen, not the file.
    fn line_points(&self, path: &Path) -> Vec<Pos2> {
        let base = self.screen(path.origin);
        let k = self.scale;
        thin(
            path.coords
                .iter()
                .map(|o| pos2(base.x + o[0] * k, base.y + o[1] * k)),
            path.len(),
        )
    }

    fn push(&mut self, feature: Option<usize>, shape: Shape) {
        self.items.push(Item {
            feature: feature.map(|f| f as u32),
            shape,
        });
    }

    /// A polygon's fill and, if `stroke` is given, its rings' outlines.
    fn fill(
        &mut self,
        feature: Option<usize>,
        fill: &prepare::Fill,
        color: Color32,
        stroke: Option<(f32, Color32, bool)>,
    ) {
        let mut vertices = self.all_points(&fill.rings);
        let triangles = fill.triangles();
        if !triangles.extra.is_empty() {
            // Points of the triangulation's own come after the rings'.
            let base = self.screen(fill.rings.origin);
            let k = self.scale;
            vertices.extend(
                triangles
                    .extra
                    .iter()
                    .map(|o| pos2(base.x + o[0] * k, base.y + o[1] * k)),
            );
        }
        if let Some((width, stroke_color, dashed)) = stroke {
            let mut start = 0usize;
            let mut outlines = Vec::with_capacity(fill.ring_ends.len());
            for &end in &fill.ring_ends {
                let end = (end as usize).min(fill.rings.len());
                let ring = vertices.get(start..end).unwrap_or(&[]);
                start = end;
                let points = thin(ring.iter().copied(), ring.len());
                for (points, closed) in clipped(points, true, self.clip) {
                    outlines.push(Shape::Line {
                        points,
                        width,
                        color: stroke_color,
                        dashed,
                        closed,
                    });
                }
            }
            if color.a() > 0 {
                self.push_mesh(feature, fill, vertices, color);
            }
            for outline in outlines {
                self.push(feature, outline);
            }
        } else if color.a() > 0 {
            self.push_mesh(feature, fill, vertices, color);
        }
    }

    fn push_mesh(
        &mut self,
        feature: Option<usize>,
        fill: &prepare::Fill,
        vertices: Vec<Pos2>,
        color: Color32,
    ) {
        self.push(
            feature,
            Shape::Mesh(Box::new(MeshShape {
                vertices,
                indices: fill.triangles().indices.clone(),
                color,
                ring_ends: fill.ring_ends.clone(),
            })),
        );
    }

    fn stroke(
        &mut self,
        feature: Option<usize>,
        line: &Path,
        width: f32,
        color: Color32,
        dashed: bool,
    ) {
        let points = self.line_points(line);
        for (points, _) in clipped(points, false, self.clip) {
            self.push(
                feature,
                Shape::Line {
                    points,
                    width,
                    color,
                    dashed,
                    closed: false,
                },
            );
        }
    }

    fn marker(&mut self, index: usize, at: World, style: &FeatureStyle, dashed: bool) {
        let center = self.screen(at);
        self.push(
            Some(index),
            Shape::Marker {
                center,
                symbol: style.symbol,
                radius: style.radius,
                fill: style.fill,
                stroke: style.stroke,
                width: style.width,
                approximate: dashed,
            },
        );
    }

    fn line_with_casing(
        &mut self,
        feature: Option<usize>,
        points: Vec<Pos2>,
        style: &FeatureStyle,
        dashed: bool,
    ) {
        if let Some((color, width)) = style.casing {
            self.push(
                None,
                Shape::Line {
                    points: points.clone(),
                    width,
                    color,
                    dashed: false,
                    closed: false,
                },
            );
        }
        self.push(
            feature,
            Shape::Line {
                points,
                width: style.width,
                color: style.stroke,
                dashed,
                closed: false,
            },
        );
    }

    fn feature_items(
        &mut self,
        index: usize,
        geometry: &prepare::PreparedFeature,
        style: &FeatureStyle,
        dashed: bool,
    ) {
        let feature = Some(index);
        for part in geometry.parts_at(self.view.zoom) {
            match part {
                Part::Fill(fill) => {
                    self.fill(
                        feature,
                        fill,
                        style.fill,
                        Some((style.width, style.stroke, dashed)),
                    );
                }
                Part::Line(line) => {
                    for (points, _) in clipped(self.line_points(line), false, self.clip) {
                        self.line_with_casing(feature, points, style, dashed);
                    }
                }
                Part::Point(w) => self.marker(index, *w, style, dashed),
            }
        }
    }
}

/// A polyline cut to `clip`: the runs of its segments that come into the rectangle, each an
/// open line, or the whole line (closed if it was) when all of it does. Fewer than two points
/// give nothing.
fn clipped(points: Vec<Pos2>, closed: bool, clip: Rect) -> Vec<(Vec<Pos2>, bool)> {
    if points.len() < 2 {
        return Vec::new();
    }
    if clip.contains_rect(Rect::from_points(&points)) {
        return vec![(points, closed)];
    }
    let segments = points.len() - usize::from(!closed);
    let at = |i: usize| points[i % points.len()];
    let meets = |a: Pos2, b: Pos2| Rect::from_two_pos(a, b).intersects(clip);
    let mut runs: Vec<(Vec<Pos2>, bool)> = Vec::new();
    let mut run: Vec<Pos2> = Vec::new();
    for i in 0..segments {
        let (a, b) = (at(i), at(i + 1));
        if meets(a, b) {
            if run.is_empty() {
                run.push(a);
            }
            run.push(b);
        } else if run.len() >= 2 {
            runs.push((std::mem::take(&mut run), false));
        } else {
            run.clear();
        }
    }
    if run.len() >= 2 {
        // A closed ring whose last run goes on into its first: one run.
        match runs.first_mut() {
            Some((first, _)) if closed && first.first() == run.last() => {
                run.extend_from_slice(&first[1..]);
                *first = run;
            }
            _ => runs.push((run, false)),
        }
    }
    runs
}

/// Points closer than half a pixel to the last kept one are dropped (the last is kept).
fn thin(points: impl Iterator<Item = Pos2>, len: usize) -> Vec<Pos2> {
    let mut out: Vec<Pos2> = Vec::with_capacity(len);
    for (n, p) in points.enumerate() {
        let last = n + 1 == len;
        if last || out.last().is_none_or(|q| (p - *q).length_sq() >= 0.25) {
            out.push(p);
        }
    }
    out
}

fn basemap_items(prepared: &Prepared, palette: &Palette, relief: bool, out: &mut Builder<'_>) {
    let base = &prepared.basemap;
    for (name, parts) in &base.countries {
        let color = if name == "Armenia" || name == "Azerbaijan" {
            palette.land_focus
        } else {
            palette.land
        };
        for part in parts {
            if let Part::Fill(fill) = part {
                out.fill(None, fill, color, None);
            }
        }
    }
    if relief {
        for (raster, mesh) in prepared.raster_meshes.iter().enumerate() {
            let vertices = mesh
                .vertices
                .iter()
                .map(|(w, uv)| (out.screen(*w), *uv))
                .collect();
            out.push(
                None,
                Shape::Raster(Box::new(RasterShape {
                    raster,
                    vertices,
                    indices: mesh.indices.clone(),
                })),
            );
        }
    }
    for parts in &base.lakes {
        for part in parts {
            if let Part::Fill(fill) = part {
                out.fill(None, fill, palette.water, None);
            }
        }
    }
    for (level, line) in &base.rivers {
        let width = if *level <= 2 { 2.0 } else { 1.5 };
        out.stroke(None, line, width, palette.water_line, false);
    }
    for line in &base.provinces {
        out.stroke(None, line, 1.5, palette.province, true);
    }
    for line in &base.borders {
        out.stroke(None, line, 2.0, palette.border, false);
    }
}

pub mod labels;
pub mod measure;
pub mod slide;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_cut_to_what_can_be_seen() {
        let clip = Rect::from_min_max(pos2(0.0, 0.0), pos2(100.0, 100.0));
        // Inside: kept whole, closed if it was.
        let inside = vec![pos2(10.0, 10.0), pos2(50.0, 10.0), pos2(50.0, 50.0)];
        assert_eq!(clipped(inside.clone(), true, clip), vec![(inside, true)]);
        // In, out far away, in again: two runs, each with the segment that leaves or enters.
        let through = vec![
            pos2(10.0, 10.0),
            pos2(50.0, 10.0),
            pos2(5000.0, 10.0),
            pos2(5000.0, 5000.0),
            pos2(50.0, 90.0),
            pos2(10.0, 90.0),
        ];
        let runs = clipped(through, false, clip);
        assert_eq!(runs.len(), 2, "{runs:?}");
        assert_eq!(
            runs[0].0,
            vec![pos2(10.0, 10.0), pos2(50.0, 10.0), pos2(5000.0, 10.0)]
        );
        assert_eq!(
            runs[1].0,
            vec![pos2(5000.0, 5000.0), pos2(50.0, 90.0), pos2(10.0, 90.0)]
        );
        // A ring around the view, far outside: nothing of it is drawn.
        let around = vec![
            pos2(-1e6, -1e6),
            pos2(1e6, -1e6),
            pos2(1e6, 1e6),
            pos2(-1e6, 1e6),
        ];
        assert!(clipped(around, true, clip).is_empty());
        // A ring crossing the view: its closing segment joins the last run to the first.
        let crossing = vec![
            pos2(50.0, 50.0),
            pos2(5000.0, 50.0),
            pos2(5000.0, 5000.0),
            pos2(50.0, 5000.0),
        ];
        let runs = clipped(crossing, true, clip);
        assert_eq!(runs.len(), 1, "{runs:?}");
        assert_eq!(
            runs[0].0,
            vec![pos2(50.0, 5000.0), pos2(50.0, 50.0), pos2(5000.0, 50.0)]
        );
    }

    #[test]
    fn triangle_and_segment_tests() {
        let (a, b, c) = (pos2(0.0, 0.0), pos2(10.0, 0.0), pos2(0.0, 10.0));
        assert!(in_triangle(pos2(2.0, 2.0), a, b, c));
        assert!(!in_triangle(pos2(8.0, 8.0), a, b, c));
        assert_eq!(segment_distance(pos2(5.0, 3.0), a, b), 3.0);
        assert_eq!(segment_distance(pos2(-4.0, 3.0), a, b), 5.0);
    }
}

#[cfg(test)]
mod presence_tests {
    use super::*;

    #[test]
    fn events_fade_after_their_last_day() {
        let d = karabakh_data::load_embedded();
        let offensive = d.feature("event-2023-offensive").expect("offensive");
        let day = |s| Day::parse(s).ok();
        assert_eq!(presence(offensive, day("2023-09-19")), Some(1.0));
        let fading = presence(offensive, day("2023-09-25")).expect("still shown");
        assert!(fading > 0.0 && fading < 1.0);
        assert_eq!(presence(offensive, day("2023-10-19")), None);
        assert_eq!(presence(offensive, day("2023-09-18")), None);
        // Other kinds end on their last day.
        let road = d.feature("lachin-corridor-old-road").expect("road");
        assert_eq!(presence(road, day("2022-08-31")), None);
    }
}
