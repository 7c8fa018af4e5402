//! The dossier's data: documents and layers parsed into a validated model, and its report.
//!
//! Modules, each using only those above it:
//!
//! | module | what it is |
//! |---|---|
//! | `document` | a source text, its paragraphs, and quotes found in it |
//! | `model` | the validated model: features, kinds, names, layers, problems, the dataset |
//! | `administration` | who held a place on a day, and the naming rule that follows from it |
//! | `topology` | how a polygon's rings meet: crossings, holes' places, the overlay that repairs |
//! | `geometry` | geometry checked before it enters the model; what is invalid about it |
//! | `input` | the files before parsing: bytes, text, names |
//! | `parse` | GeoJSON read in one pass into raw features with checked geometry |
//! | `parsed` | what reading a feature gives in either schema, and the origin of a layer |
//! | `excerpt` | links from a feature to the passages of documents that speak of it |
//! | `schema` | the dossier's schema, strictly |
//! | `foreign` | other people's GeoJSON, leniently |
//! | `pipeline` | a big layer read on every core |
//! | `layer` | a layer file into a dataset, for the loader and the importer alike |
//! | `check` | the rules across features and documents, and the `check` report |
//! | `load` | a dossier's files into a dataset |
//! | `kml` | the user's KML as a layer |
//! | `import` | the user's own files added to a loaded dossier |
//! | `embedded` | the dossier compiled into the binary |
//! | `basemap`, `synthetic` | the world's basemap; a large layer made up, for tests and benchmarks |
//! | `world`, `relief` | the 1:50m world and the 1:10m Caucasus made one; the relief at three grids, cross-faded |
//! | `timeline`, `query` | the dated events in order; what was at a place on a day |
//! | `mentions` | the places a text names, in any usage and script, and the dates it reads |
//! | `review` | the suggested links a person accepted or rejected (`seeds/reviews.json`) |
//! | `vertex` | a geometry's vertices by place; one moved, inserted or deleted |
//! | `edit` | edits of a loaded dossier, each checked, with undo and redo |
//! | `save` | a dossier written to a folder, safely, keeping what it does not read |
//! | `story` | stories: chapters of a day, a view, layers, a caption; `stories/NAME.json` |
//! | `cite` | the sources of a feature or a story as CSL-JSON and BibTeX |

pub mod administration;
pub mod basemap;
pub mod check;
pub mod cite;
pub mod document;
pub mod edit;
pub mod embedded;
pub mod excerpt;
mod foreign;
pub mod geometry;
pub mod import;
pub mod input;
mod kml;
mod layer;
pub mod load;
pub mod mentions;
pub mod model;
pub mod parse;
mod parsed;
mod pipeline;
pub mod query;
pub mod relief;
pub mod review;
pub mod save;
mod schema;
pub mod story;
pub mod synthetic;
pub mod timeline;
pub mod topology;
pub mod vertex;
pub mod world;

use std::path::Path;

pub use administration::{Holder, ShownNames};
pub use document::{Document, DocumentMeta};
pub use input::{InputFile, Inputs};
pub use model::{
    Accuracy, Control, Dataset, ExcerptLink, Feature, HeldBy, Kind, Layer, NameOrder, NameStyle,
    Names, Problem, Usage,
};

/// The Karabakh dossier built into the binary.
pub fn load_embedded() -> Dataset {
    let inputs = embedded::inputs();
    Dataset {
        provenance: input::Provenance::of(None, &inputs),
        ..load::load(&inputs)
    }
}

/// A dossier on disk: `DIR/geodata/*.geojson` and `DIR/seeds/*`.
pub fn load_dir(dir: &Path) -> Dataset {
    let inputs = Inputs::from_dir(dir);
    let mut dataset = Dataset {
        provenance: input::Provenance::of(Some(dir), &inputs),
        ..load::load(&inputs)
    };
    review::note_reviews_file(dir, &mut dataset);
    dataset
}
