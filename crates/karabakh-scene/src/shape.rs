//! What a scene is made of: shapes in screen pixels, the items that tie them to the dossier's
//! features, and placed labels.

use ecolor::Color32;
use emath::{Pos2, Rect};

use crate::style::{Marker, Symbol};

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
    /// A symbol: see [`Marker`], which says how every backend draws it.
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

impl Shape {
    /// The marker this shape draws, if it is one.
    pub fn marker(&self) -> Option<Marker> {
        match *self {
            Shape::Marker {
                center,
                symbol,
                radius,
                fill,
                stroke,
                width,
                approximate,
            } => Some(Marker {
                center,
                symbol,
                radius,
                fill,
                stroke,
                width,
                approximate,
            }),
            Shape::Mesh(_) | Shape::Line { .. } | Shape::Raster(_) => None,
        }
    }
}

impl From<Marker> for Shape {
    fn from(marker: Marker) -> Shape {
        let Marker {
            center,
            symbol,
            radius,
            fill,
            stroke,
            width,
            approximate,
        } = marker;
        Shape::Marker {
            center,
            symbol,
            radius,
            fill,
            stroke,
            width,
            approximate,
        }
    }
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

/// A georeferenced image (`raster` indexes [`Prepared::rasters`]) on a triangle mesh: the part
/// of it in view, the first vertex at its top left and the last at its bottom right.
#[derive(Clone, Debug, PartialEq)]
pub struct RasterShape {
    pub raster: usize,
    pub vertices: Vec<(Pos2, [f32; 2])>,
    pub indices: Vec<u32>,
    /// How much of it shows (the relief fades out at close zooms).
    pub opacity: f32,
}

impl RasterShape {
    /// The image's pixels the mesh shows, for an image of `width` × `height`:
    /// `[first column, first row, end column, end row]`.
    pub fn pixels(&self, width: usize, height: usize) -> [usize; 4] {
        let (Some(first), Some(last)) = (self.vertices.first(), self.vertices.last()) else {
            return [0; 4];
        };
        let at = |t: f32, n: usize| ((t * n as f32).round().max(0.0) as usize).min(n);
        [
            at(first.1[0], width),
            at(first.1[1], height),
            at(last.1[0], width),
            at(last.1[1], height),
        ]
    }
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
    /// The number of one of the day's events that found no room for its name: a disc of the
    /// label's colour with the number (its `text`) in the halo's, named in the key.
    Badge,
    /// The key of the numbered events: a box (`rect`, filled with the halo's colour) listing
    /// them, one "number\tname" a line of `text` ("number\tname\tplace" for a place that is
    /// not an event, drawn in the map's ink); `labels::key_rows` lays it out.
    Key,
}

impl LabelStyle {
    /// How far a label's halo reaches beyond its letters, in pixels.
    pub fn halo_width(self) -> f32 {
        match self {
            // Spaced capitals: a wide halo would run the letters together.
            LabelStyle::Country => 1.5,
            LabelStyle::Major | LabelStyle::Minor => 2.0,
            // Drawn on their own background.
            LabelStyle::Badge | LabelStyle::Key => 0.0,
        }
    }
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
    /// A thin line from the marker's edge to the label, for a label placed away from its
    /// marker (where the places beside it were taken).
    pub leader: Option<[Pos2; 2]>,
}
