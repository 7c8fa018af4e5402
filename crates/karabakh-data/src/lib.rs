//! The dossier's data: documents and layers parsed into a validated model, and its report.

pub mod administration;
pub mod basemap;
pub mod check;
pub mod document;
pub mod embedded;
pub mod geometry;
pub mod import;
pub mod load;
pub mod model;
pub mod parse;
pub mod query;
pub mod synthetic;
pub mod timeline;
pub mod topology;

use std::path::Path;

pub use administration::{Holder, ShownNames};
pub use document::{Document, DocumentMeta};
pub use load::{InputFile, Inputs};
pub use model::{
    Accuracy, Control, Dataset, ExcerptLink, Feature, HeldBy, Kind, Layer, NameOrder, NameStyle,
    Names, Problem, Usage,
};

/// The Karabakh dossier built into the binary.
pub fn load_embedded() -> Dataset {
    load::load(&embedded::inputs())
}

/// A dossier on disk: `DIR/geodata/*.geojson` and `DIR/seeds/*`.
pub fn load_dir(dir: &Path) -> Dataset {
    load::load(&Inputs::from_dir(dir))
}
