//! What the reader gives: features as read (their id and properties still JSON text borrowed
//! from the file, their geometry checked as far as reading goes) and what the top level was.

use geo::Geometry;
use serde_json::Value;
use serde_json::value::RawValue;

use crate::geometry::{Crossings, InvalidGeometry, settle};

/// A string borrowed from the text where it has no escapes.
pub type Cow<'a> = std::borrow::Cow<'a, str>;

/// A feature as read, before a schema gives it meaning. Its id and properties are still JSON
/// text, borrowed from the file: whoever takes the feature reads them (on the other thread,
/// when a big file is read on two).
#[derive(Debug)]
pub struct RawFeature<'a> {
    /// Its `"type"`, when that is a string.
    pub kind: Option<Cow<'a>>,
    /// The feature's own `"id"` (beside the properties), if any.
    pub id: Option<&'a RawValue>,
    /// `None` when there is no `"properties"` member.
    pub properties: Option<&'a RawValue>,
    pub geometry: RawGeometry,
}

impl RawFeature<'_> {
    pub fn is_feature(&self) -> bool {
        self.kind.as_deref() == Some("Feature")
    }

    /// The properties, read: `None` when absent, JSON `null` as `Value::Null`.
    pub fn properties(&self) -> Option<Value> {
        // Already known to be JSON: reading it again cannot fail but for memory.
        self.properties
            .and_then(|raw| serde_json::from_str(raw.get()).ok())
    }

    pub fn id(&self) -> Option<Value> {
        self.id.and_then(|raw| serde_json::from_str(raw.get()).ok())
    }
}

#[derive(Debug)]
pub enum RawGeometry {
    /// No `"geometry"` member, or `null`.
    Missing,
    /// Good as far as reading goes: whether its polygons' rings cross is for
    /// [`RawGeometry::settle`] to say.
    Read(Geometry<f64>),
    Valid(Geometry<f64>),
    /// Usable once repaired (rings that crossed, resolved); what was wrong.
    Repaired(Geometry<f64>, InvalidGeometry),
    /// Not GeoJSON geometry at all: an unknown type, no coordinates, the wrong nesting.
    NotGeoJson(String),
    /// GeoJSON, but not usable: out of range, an open ring, a ring that crosses itself…
    Invalid(InvalidGeometry),
}

impl RawGeometry {
    /// How many positions it holds (for sizing batches of work).
    pub fn positions(&self) -> usize {
        use geo::CoordsIter;
        match self {
            RawGeometry::Read(g) | RawGeometry::Valid(g) | RawGeometry::Repaired(g, _) => {
                g.coords_count()
            }
            _ => 0,
        }
    }

    /// Checks what reading leaves for later, so that it can be done on the thread that
    /// takes the feature: polygons whose rings cross are refused for a dossier and repaired
    /// for imported material, and rings are turned as fills expect.
    pub fn settle(self, mode: Mode) -> RawGeometry {
        let crossings = match mode {
            Mode::Dossier => Crossings::Refuse,
            Mode::Imported => Crossings::Repair,
        };
        match self {
            RawGeometry::Read(g) => match settle(g, crossings) {
                Ok((g, None)) => RawGeometry::Valid(g),
                Ok((g, Some(problem))) => RawGeometry::Repaired(g, problem),
                Err(problem) => RawGeometry::Invalid(problem),
            },
            other => other,
        }
    }
}

/// What the top level of the file was.
#[derive(Debug, Default)]
pub struct TopLevel {
    /// Whether it was an object at all.
    pub object: bool,
    /// Its `"type"`, when that is a string.
    pub kind: Option<String>,
    /// The collection's `"name"`, when that is a string.
    pub name: Option<String>,
    /// Whether there was a `"features"` member, and whether it was an array.
    pub features: Member,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Member {
    #[default]
    Absent,
    NotArray,
    Array,
}

/// How strictly to read: a dossier's files are FeatureCollections of clean geometry; other
/// people's may also be a single Feature, a bare geometry or a GeometryCollection, and
/// polygons whose rings cross are repaired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Dossier,
    Imported,
}
