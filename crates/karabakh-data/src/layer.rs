//! A layer file read into a dataset, for the dossier's loader and the importer alike: its
//! features checked as they are read and added at once, each by the schema of its origin;
//! features that cannot load reported and skipped; a file that is not a layer refused whole.

use std::sync::Arc;

use rustc_hash::FxHashSet;

use super::document::Document;
use super::geometry::InvalidGeometry;
use super::input::InputFile;
use super::model::{Dataset, Feature, Layer, Problem};
use super::parse::{Member, RawFeature, TopLevel};
use super::parsed::{Keys, Origin, Parsed, Refused};
use super::{foreign, pipeline, schema};

/// A layer id from a file's name that no layer of `dataset` has yet.
pub(crate) fn unique_layer_id(dataset: &Dataset, path: &str) -> String {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let base: String = name
        .split('.')
        .next()
        .unwrap_or("layer")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let base = if base.is_empty() {
        "layer".to_owned()
    } else {
        base
    };
    let taken = |id: &str| dataset.layers.iter().any(|l| l.id == id);
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or(base)
}

/// Reads `file` as a layer of `dataset`; `seen_ids` holds the ids of the features already in
/// it (and gains those added).
pub(crate) fn read_layer(
    file: &InputFile,
    dataset: &mut Dataset,
    seen_ids: &mut FxHashSet<String>,
    origin: Origin,
) {
    let path = file.path.as_str();
    let text = match file.text() {
        Ok(text) => text,
        Err(e) => return dataset.problems.push(Problem::of_file(path, e)),
    };
    let layer_id: Arc<str> = match origin {
        Origin::Dossier => file.stem(".geojson").into(),
        Origin::Imported => unique_layer_id(dataset, path).into(),
    };
    // Features are checked as they are read and join the dataset at once (a big file is not
    // held twice); if the file turns out not to be good JSON of the right kind, they leave.
    let first = dataset.features.len();
    let mut features = LayerFeatures::new(path, layer_id.clone(), origin, dataset, seen_ids);
    let read = pipeline::read(&text, origin.mode(), &mut |index, raw| {
        features.take(index, raw);
    });
    let (problems, repairs) = (features.problems, features.repairs);
    let top = match read
        .map_err(NotALayer::from)
        .and_then(|top| accepted(top, origin))
    {
        Ok(top) => top,
        Err(e) => {
            for feature in dataset.features.drain(first..) {
                seen_ids.remove(&feature.id);
            }
            return dataset.problems.push(Problem::of_file(path, e));
        }
    };
    dataset.layers.push(Layer {
        id: layer_id.to_string(),
        title: top.name.unwrap_or_else(|| layer_id.to_string()),
        path: path.to_owned(),
    });
    dataset.features.shrink_to_fit();
    dataset.problems.extend(problems);
    dataset.problems.extend(repairs.problem(path));
}

/// Why a file is refused as a whole.
#[derive(Debug, thiserror::Error)]
enum NotALayer {
    #[error("invalid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("not a FeatureCollection: the top level is not an object")]
    NotAnObject,
    #[error("not a FeatureCollection: no \"type\"")]
    NoType,
    #[error("FeatureCollection without a \"features\" array")]
    NoFeatures,
    #[error("not a FeatureCollection: its type is {0:?}")]
    OtherType(String),
}

/// The top level, if it is a document that `origin` takes: a FeatureCollection, or for
/// imported material also a single Feature, a bare geometry or a GeometryCollection.
fn accepted(top: TopLevel, origin: Origin) -> Result<TopLevel, NotALayer> {
    match (top.object, top.kind.as_deref(), origin) {
        (false, _, _) => Err(NotALayer::NotAnObject),
        (true, None, _) => Err(NotALayer::NoType),
        (true, Some("FeatureCollection"), _) if top.features != Member::Array => {
            Err(NotALayer::NoFeatures)
        }
        (true, Some("FeatureCollection"), _) => Ok(top),
        (
            true,
            Some(
                "GeometryCollection" | "Feature" | "Point" | "MultiPoint" | "LineString"
                | "MultiLineString" | "Polygon" | "MultiPolygon",
            ),
            Origin::Imported,
        ) => Ok(top),
        (true, Some(other), _) => Err(NotALayer::OtherType(other.to_owned())),
    }
}

/// The features of one layer as they are read: each read by the schema of its origin, added
/// to the dataset at once, or reported.
struct LayerFeatures<'d> {
    path: &'d str,
    layer_id: Arc<str>,
    origin: Origin,
    /// The dataset's features, which the layer's join.
    features: &'d mut Vec<Feature>,
    /// The documents that excerpts quote.
    documents: &'d [Document],
    seen_ids: &'d mut FxHashSet<String>,
    keys: Keys,
    /// The source of imported features: the file.
    source: Arc<str>,
    problems: Vec<Problem>,
    repairs: Repairs,
}

impl<'d> LayerFeatures<'d> {
    fn new(
        path: &'d str,
        layer_id: Arc<str>,
        origin: Origin,
        dataset: &'d mut Dataset,
        seen_ids: &'d mut FxHashSet<String>,
    ) -> Self {
        LayerFeatures {
            path,
            layer_id,
            origin,
            features: &mut dataset.features,
            documents: &dataset.documents,
            seen_ids,
            keys: Keys::default(),
            source: format!("imported from {path}").into(),
            problems: Vec::new(),
            repairs: Repairs::default(),
        }
    }

    /// Takes the `index`th feature of the file.
    fn take(&mut self, index: usize, raw: RawFeature) {
        match self.parse(index, raw) {
            Ok(parsed) => self.add(index, parsed),
            Err(Refused { id, problems }) => {
                let label = id.unwrap_or_else(|| format!("#{}", index + 1));
                self.problems.extend(
                    problems
                        .into_iter()
                        .map(|m| Problem::of_feature(self.path, &label, m)),
                );
            }
        }
    }

    /// The feature read by the schema of its origin. A dossier's follow ours; imported
    /// material in our schema where it follows it, otherwise whatever the file has. A file in
    /// our schema says what kind its features are; others are read leniently straight away,
    /// without paying for a strict parse that would fail.
    fn parse(&mut self, index: usize, mut raw: RawFeature) -> Result<Parsed, Refused> {
        let props = raw.properties();
        let props = props.as_ref();
        let has_kind = props.and_then(|p| p.get("kind")).is_some();
        let (layer, documents, keys) = (&self.layer_id, self.documents, &mut self.keys);
        match self.origin {
            Origin::Dossier => {
                schema::feature(&mut raw, props, layer, documents, keys, self.origin)
            }
            Origin::Imported if has_kind => {
                schema::feature(&mut raw, props, layer, documents, keys, self.origin)
                    .or_else(|_| foreign::feature(raw, props, layer, &self.source, index, keys))
            }
            Origin::Imported => foreign::feature(raw, props, layer, &self.source, index, keys),
        }
    }

    /// Adds a feature that loaded, unless its id is taken: imported material is never refused
    /// for a clashing id, it is renamed.
    fn add(&mut self, index: usize, parsed: Parsed) {
        let Parsed {
            mut feature,
            problems,
            repaired,
        } = parsed;
        self.problems.extend(
            problems
                .into_iter()
                .map(|m| Problem::of_feature(self.path, &feature.id, m)),
        );
        if let Some(what) = repaired {
            self.repairs.note(&feature.id, what);
        }
        if self.origin == Origin::Imported && self.seen_ids.contains(&feature.id) {
            feature.id = format!("{}:{}", self.layer_id, index + 1);
            self.seen_ids.insert(feature.id.clone());
            self.features.push(feature);
        } else if self.seen_ids.insert(feature.id.clone()) {
            self.features.push(feature);
        } else {
            self.problems.push(Problem::of_feature(
                self.path,
                &feature.id,
                "duplicate id: another feature already has it",
            ));
        }
    }
}

/// How many polygons of a layer were repaired, and the first of them (its id, what was wrong).
#[derive(Default)]
struct Repairs {
    count: usize,
    first: Option<(String, InvalidGeometry)>,
}

impl Repairs {
    fn note(&mut self, id: &str, what: InvalidGeometry) {
        self.count += 1;
        self.first.get_or_insert_with(|| (id.to_owned(), what));
    }

    /// One problem for the file, if anything was repaired: a world map may have hundreds of
    /// such slivers.
    fn problem(self, path: &str) -> Option<Problem> {
        let (first, what) = self.first?;
        let others = match self.count {
            1 => String::new(),
            n => format!(" (and {} more feature(s) like it)", n - 1),
        };
        Some(Problem::of_feature(
            path,
            &first,
            format!("{what}{others}; repaired: drawn as the area its outline encloses"),
        ))
    }
}
