//! A feature as a schema reads it, whichever schema: [`Parsed`] when it loads, [`Refused`] with
//! why when it does not; the property names a layer's features share; what a geometry that did
//! not read says. The dossier's schema (`schema`) and other people's files (`foreign`) both give
//! these, and `layer` takes them.

use rustc_hash::FxHashMap;
use std::sync::Arc;

use super::geometry::InvalidGeometry;
use super::model::Feature;
use super::parse::{Mode, RawGeometry};

/// Where a layer comes from: a dossier's own files follow the schema strictly; imported
/// material (a file added by the user) is taken as it is, with names and kinds guessed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Dossier,
    Imported,
}

impl Origin {
    /// How strictly its files are read.
    pub(crate) fn mode(self) -> Mode {
        match self {
            Origin::Dossier => Mode::Dossier,
            Origin::Imported => Mode::Imported,
        }
    }
}

/// A feature that loaded, what went wrong with its links, and what of its geometry had to
/// be repaired.
pub(crate) struct Parsed {
    pub feature: Feature,
    pub problems: Vec<String>,
    pub repaired: Option<InvalidGeometry>,
}

impl Parsed {
    /// A feature with nothing wrong and nothing repaired.
    pub(crate) fn clean(feature: Feature) -> Self {
        Parsed {
            feature,
            problems: Vec::new(),
            repaired: None,
        }
    }
}

/// A feature that did not load: its id, if it had a usable one, and what is wrong with it.
#[derive(Debug)]
pub(crate) struct Refused {
    pub id: Option<String>,
    pub problems: Vec<String>,
}

impl Refused {
    pub(crate) fn new(id: Option<String>, problem: impl Into<String>) -> Self {
        Refused {
            id,
            problems: vec![problem.into()],
        }
    }
}

/// Property names, each kept once for all the features of a layer.
#[derive(Default)]
pub(crate) struct Keys(FxHashMap<String, Arc<str>>);

impl Keys {
    pub(crate) fn get(&mut self, key: &str) -> Arc<str> {
        if let Some(shared) = self.0.get(key) {
            return shared.clone();
        }
        let shared: Arc<str> = key.into();
        self.0.insert(key.to_owned(), shared.clone());
        shared
    }
}

/// What is wrong with a geometry that is not valid, as the feature's problem says it.
pub(crate) fn geometry_problem(geometry: &RawGeometry) -> String {
    match geometry {
        RawGeometry::Missing => "no geometry".to_owned(),
        RawGeometry::NotGeoJson(m) => format!("geometry is not valid GeoJSON: {m}"),
        RawGeometry::Invalid(m) | RawGeometry::Repaired(_, m) => format!("geometry: {m}"),
        RawGeometry::Read(_) => "geometry not yet checked".to_owned(),
        RawGeometry::Valid(_) => "geometry is valid".to_owned(),
    }
}
