//! Reading a dossier (layers and documents) into a [`Dataset`], collecting problems as it goes:
//! a bad file or feature is reported and skipped, the rest loads.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};
use std::path::Path;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::document::{Document, DocumentMeta, is_valid_document_id};
use super::model::{
    Accuracy, Control, Dataset, ExcerptLink, Feature, HeldBy, Kind, Layer, Names, Problem,
    Properties, Usage, Usages, bbox_of,
};
use super::parse::{self, Member, Mode, RawFeature, RawGeometry};
use karabakh_time::{PartialDate, Validity};

/// Files bigger than this are refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// One input file: its path as shown to the user, and its bytes or why it could not be read.
#[derive(Clone, Debug)]
pub struct InputFile {
    pub path: String,
    pub bytes: Result<Vec<u8>, String>,
}

impl InputFile {
    pub fn read(path: &Path) -> Self {
        let bytes = match std::fs::metadata(path) {
            Ok(meta) if meta.len() > MAX_FILE_BYTES => Err(format!(
                "file is {} MB, over the limit of {} MB",
                meta.len() / 1_000_000,
                MAX_FILE_BYTES / 1_000_000
            )),
            Ok(_) => std::fs::read(path).map_err(|e| format!("cannot read: {e}")),
            Err(e) => Err(format!("cannot read: {e}")),
        };
        InputFile {
            path: path.display().to_string(),
            bytes,
        }
    }

    pub fn from_bytes(path: &str, bytes: Vec<u8>) -> Self {
        InputFile {
            path: path.to_owned(),
            bytes: Ok(bytes),
        }
    }

    pub fn from_text(path: &str, text: &str) -> Self {
        InputFile {
            path: path.to_owned(),
            bytes: Ok(text.as_bytes().to_vec()),
        }
    }
}

/// The files of a dossier, before parsing.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    /// `geodata/*.geojson`.
    pub layers: Vec<InputFile>,
    /// `seeds/*.txt` and `seeds/*.md`.
    pub documents: Vec<InputFile>,
    /// `seeds/*.meta.json`.
    pub metas: Vec<InputFile>,
    /// Problems met while listing (a missing folder, say).
    pub problems: Vec<Problem>,
}

impl Inputs {
    /// Lists `DIR/geodata` and `DIR/seeds`.
    pub fn from_dir(dir: &Path) -> Self {
        let mut inputs = Inputs::default();
        for (folder, wanted) in [("geodata", "layers"), ("seeds", "documents")] {
            let path = dir.join(folder);
            let entries = match std::fs::read_dir(&path) {
                Ok(entries) => entries,
                Err(e) => {
                    inputs.problems.push(Problem {
                        file: path.display().to_string(),
                        feature: None,
                        message: format!("cannot read the folder: {e}"),
                    });
                    continue;
                }
            };
            let mut files: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
            files.sort();
            for file in files {
                let name = file
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default();
                if wanted == "layers" && name.ends_with(".geojson") {
                    inputs.layers.push(InputFile::read(&file));
                } else if wanted == "documents" && name.ends_with(".meta.json") {
                    inputs.metas.push(InputFile::read(&file));
                } else if wanted == "documents" && (name.ends_with(".txt") || name.ends_with(".md"))
                {
                    inputs.documents.push(InputFile::read(&file));
                }
            }
        }
        inputs
    }
}

/// The file name without folders and without `suffix`.
fn stem<'a>(path: &'a str, suffix: &str) -> &'a str {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name.strip_suffix(suffix).unwrap_or(name)
}

/// The file's text: UTF-8 (a byte-order mark is dropped), or UTF-16 with its byte-order mark,
/// which some Windows tools write. Anything else is refused with the offset of the first bad byte.
pub(crate) fn text_of(file: &InputFile) -> Result<std::borrow::Cow<'_, str>, String> {
    let bytes = file.bytes.as_ref().map_err(Clone::clone)?;
    if bytes.is_empty() {
        return Err("file is empty".to_owned());
    }
    let utf16 = |bytes: &[u8], little: bool| -> Result<std::borrow::Cow<'_, str>, String> {
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|p| {
                if little {
                    u16::from_le_bytes([p[0], p[1]])
                } else {
                    u16::from_be_bytes([p[0], p[1]])
                }
            })
            .collect();
        String::from_utf16(&units)
            .map(std::borrow::Cow::Owned)
            .map_err(|_| "not valid UTF-16 text".to_owned())
    };
    match bytes.as_slice() {
        [0xEF, 0xBB, 0xBF, rest @ ..] => std::str::from_utf8(rest)
            .map(std::borrow::Cow::Borrowed)
            .map_err(|e| {
                format!(
                    "not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
                    e.valid_up_to() + 3
                )
            }),
        [0xFF, 0xFE, rest @ ..] => utf16(rest, true),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, false),
        _ => std::str::from_utf8(bytes)
            .map(std::borrow::Cow::Borrowed)
            .map_err(|e| {
                format!(
                    "not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
                    e.valid_up_to()
                )
            }),
    }
}

/// Parses everything; never fails as a whole.
pub fn load(inputs: &Inputs) -> Dataset {
    let mut dataset = Dataset {
        problems: inputs.problems.clone(),
        ..Dataset::default()
    };
    load_documents(inputs, &mut dataset);
    let mut seen_ids = FxHashSet::default();
    for file in &inputs.layers {
        load_layer(file, &mut dataset, &mut seen_ids, Origin::Dossier);
    }
    let found = super::check::consistency_problems(&dataset);
    dataset.problems.extend(found);
    dataset
}

fn problem(file: &str, feature: Option<&str>, message: impl Into<String>) -> Problem {
    Problem {
        file: file.to_owned(),
        feature: feature.map(str::to_owned),
        message: message.into(),
    }
}

fn load_documents(inputs: &Inputs, dataset: &mut Dataset) {
    let mut metas: BTreeMap<String, (&InputFile, DocumentMeta)> = BTreeMap::new();
    for file in &inputs.metas {
        let id = stem(&file.path, ".meta.json");
        let parsed = text_of(file).and_then(|text| {
            serde_json::from_str::<DocumentMeta>(&text)
                .map_err(|e| format!("invalid metadata: {e}"))
        });
        match parsed {
            Ok(meta) => {
                if let Some(date) = &meta.date
                    && let Err(e) = PartialDate::parse(date)
                {
                    dataset
                        .problems
                        .push(problem(&file.path, None, format!("metadata date: {e}")));
                }
                metas.insert(id.to_owned(), (file, meta));
            }
            Err(message) => dataset.problems.push(problem(&file.path, None, message)),
        }
    }
    for file in &inputs.documents {
        let id = stem(
            &file.path,
            if file.path.ends_with(".md") {
                ".md"
            } else {
                ".txt"
            },
        );
        if !is_valid_document_id(id) {
            dataset.problems.push(problem(
                &file.path,
                None,
                format!("document id {id:?} must be letters, digits, '_', '-' or '.', not starting with '.'"),
            ));
            continue;
        }
        if dataset.document(id).is_some() {
            dataset.problems.push(problem(
                &file.path,
                None,
                format!("duplicate document id {id:?}"),
            ));
            continue;
        }
        let text = match text_of(file) {
            Ok(text) => text,
            Err(message) => {
                dataset.problems.push(problem(&file.path, None, message));
                continue;
            }
        };
        let meta = metas
            .remove(id)
            .map(|(_, m)| m)
            .unwrap_or_else(|| DocumentMeta {
                title: id.to_owned(),
                ..DocumentMeta::default()
            });
        dataset
            .documents
            .push(Document::new(id.to_owned(), meta, text.into_owned()));
    }
    for (id, (file, _)) in metas {
        dataset.problems.push(problem(
            &file.path,
            None,
            format!("metadata for document {id:?}, but there is no seeds/{id}.txt"),
        ));
    }
}

/// Where a layer comes from: a dossier's own files follow the schema strictly; imported
/// material (a file added by the user) is taken as it is, with names and kinds guessed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Dossier,
    Imported,
}

pub(crate) fn load_layer(
    file: &InputFile,
    dataset: &mut Dataset,
    seen_ids: &mut FxHashSet<String>,
    origin: Origin,
) {
    let path = file.path.as_str();
    let text = match text_of(file) {
        Ok(text) => text,
        Err(message) => return dataset.problems.push(problem(path, None, message)),
    };
    // Shared by all the layer's features.
    let layer_id: Arc<str> = match origin {
        Origin::Dossier => stem(path, ".geojson").into(),
        Origin::Imported => super::import::unique_layer_id(dataset, path).into(),
    };
    let mode = match origin {
        Origin::Dossier => Mode::Dossier,
        Origin::Imported => Mode::Imported,
    };
    // Features are checked as they are read and join the dataset at once (a big file is not
    // held twice); if the file turns out not to be good JSON of the right kind, they leave.
    let Dataset {
        features,
        documents,
        ..
    } = dataset;
    let first = features.len();
    let mut problems = Vec::new();
    let mut keys = Keys::default();
    let source: std::sync::Arc<str> = format!("imported from {path}").into();
    // How many polygons were repaired, and the first of them (its id, what was wrong).
    let mut repaired: (usize, Option<(String, String)>) = (0, None);
    let mut take = |index: usize, mut raw: RawFeature| {
        raw.geometry = raw.geometry.settle(mode);
        let props = raw.properties();
        let props = props.as_ref();
        let has_kind = props.and_then(|p| p.get("kind")).is_some();
        let parsed = match origin {
            Origin::Dossier => {
                parse_feature(&mut raw, props, &layer_id, documents, &mut keys, origin)
            }
            // Our own schema where it is followed, otherwise whatever the file has. A file in
            // our schema says what kind its features are; others are read leniently straight
            // away, without paying for a strict parse that would fail.
            Origin::Imported if has_kind => parse_feature(
                &mut raw, props, &layer_id, documents, &mut keys, origin,
            )
            .or_else(|_| {
                super::import::lenient_feature(raw, props, &layer_id, &source, index, &mut keys)
            }),
            Origin::Imported => {
                super::import::lenient_feature(raw, props, &layer_id, &source, index, &mut keys)
            }
        };
        match parsed {
            Ok(Parsed {
                feature,
                problems: excerpt_problems,
                repaired: repair,
            }) => {
                problems.extend(
                    excerpt_problems
                        .into_iter()
                        .map(|m| problem(path, Some(&feature.id), m)),
                );
                if let Some(what) = repair {
                    repaired.0 += 1;
                    repaired.1.get_or_insert((feature.id.clone(), what));
                }
                if origin == Origin::Imported && seen_ids.contains(&feature.id) {
                    // Imported material is never refused for a clashing id: it is renamed.
                    let mut feature = feature;
                    feature.id = format!("{layer_id}:{}", index + 1);
                    seen_ids.insert(feature.id.clone());
                    features.push(feature);
                } else if seen_ids.insert(feature.id.clone()) {
                    features.push(feature);
                } else {
                    problems.push(problem(
                        path,
                        Some(&feature.id),
                        "duplicate id: another feature already has it",
                    ));
                }
            }
            Err((id, messages)) => {
                let label = id.unwrap_or_else(|| format!("#{}", index + 1));
                problems.extend(messages.into_iter().map(|m| problem(path, Some(&label), m)));
            }
        }
    };
    let read = if text.len() < PIPELINE_BYTES {
        parse::read(&text, mode, &mut take)
    } else {
        read_on_threads(&text, mode, &mut take)
    };
    let refuse = |dataset: &mut Dataset, seen_ids: &mut FxHashSet<String>, message: String| {
        for feature in dataset.features.drain(first..) {
            seen_ids.remove(&feature.id);
        }
        dataset.problems.push(problem(path, None, message));
    };
    let top = match read {
        Ok(top) => top,
        Err(e) => return refuse(dataset, seen_ids, format!("invalid JSON: {e}")),
    };
    let refused = match (top.object, top.kind.as_deref(), origin) {
        (false, _, _) => Some("not a FeatureCollection: the top level is not an object".to_owned()),
        (true, None, _) => Some("not a FeatureCollection: no \"type\"".to_owned()),
        (true, Some("FeatureCollection"), _) if top.features != Member::Array => {
            Some("FeatureCollection without a \"features\" array".to_owned())
        }
        (true, Some("FeatureCollection"), _) => None,
        (
            true,
            Some(
                "GeometryCollection" | "Feature" | "Point" | "MultiPoint" | "LineString"
                | "MultiLineString" | "Polygon" | "MultiPolygon",
            ),
            Origin::Imported,
        ) => None,
        (true, Some(other), _) => Some(format!("not a FeatureCollection: its type is {other:?}")),
    };
    if let Some(message) = refused {
        return refuse(dataset, seen_ids, message);
    }
    let title = top.name.unwrap_or_else(|| layer_id.to_string());
    dataset.layers.push(Layer {
        id: layer_id.to_string(),
        title,
        path: path.to_owned(),
    });
    dataset.features.shrink_to_fit();
    dataset.problems.extend(problems);
    // One message for the file: a world map may have hundreds of such slivers.
    if let (count, Some((first, what))) = repaired {
        let others = match count {
            1 => String::new(),
            n => format!(" (and {} more feature(s) like it)", n - 1),
        };
        dataset.problems.push(problem(
            path,
            Some(&first),
            format!("{what}{others}; repaired: drawn as the area its outline encloses"),
        ));
    }
}

/// Files at least this big are read on several threads: one reads the text, others check and
/// repair the geometry it read, and this one turns that into features.
const PIPELINE_BYTES: usize = 1 << 20;

/// [`parse::read`] on a thread of its own, handing features over in batches to workers (one a
/// core) that settle their geometry (see [`RawGeometry::settle`]: the checks of rings and the
/// repairs, which on real coastlines cost more than reading), while this thread gives them to
/// `take` in the order of the file: the parts of loading overlap, and the costly one runs on
/// every core.
fn read_on_threads<'t>(
    text: &'t str,
    mode: Mode,
    take: &mut dyn FnMut(usize, RawFeature<'t>),
) -> Result<parse::TopLevel, serde_json::Error> {
    /// A batch is sent when it has this many features, or this many positions.
    const BATCH_FEATURES: usize = 512;
    const BATCH_POSITIONS: usize = 1 << 16;
    type Batch<'t> = (usize, Vec<(usize, RawFeature<'t>)>);
    let workers = std::thread::available_parallelism()
        .map_or(2, usize::from)
        .clamp(1, 8);
    // A few batches in flight: enough to keep every thread busy, little memory.
    let (raw_tx, raw_rx) = std::sync::mpsc::sync_channel::<Batch<'t>>(workers * 2);
    let raw_rx = std::sync::Mutex::new(raw_rx);
    let (done_tx, done_rx) = std::sync::mpsc::sync_channel::<Batch<'t>>(workers * 2);
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            let (mut batch, mut positions, mut sent) = (Vec::new(), 0usize, 0usize);
            let mut send = |batch: &mut Vec<(usize, RawFeature<'t>)>| {
                // The receivers only stop when this thread does.
                let _ = raw_tx.send((sent, std::mem::take(batch)));
                sent += 1;
            };
            let top = parse::read(text, mode, &mut |index, raw| {
                positions += raw.geometry.positions();
                batch.push((index, raw));
                if batch.len() == BATCH_FEATURES || positions >= BATCH_POSITIONS {
                    send(&mut batch);
                    positions = 0;
                }
            });
            if !batch.is_empty() {
                send(&mut batch);
            }
            top
        });
        for _ in 0..workers {
            let (raw_rx, done_tx) = (&raw_rx, done_tx.clone());
            scope.spawn(move || {
                loop {
                    // Poisoned only if another worker panicked, which the scope passes on.
                    let next = match raw_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok((n, mut batch)) = next else { return };
                    for (_, raw) in &mut batch {
                        let read = std::mem::replace(&mut raw.geometry, RawGeometry::Missing);
                        raw.geometry = read.settle(mode);
                    }
                    if done_tx.send((n, batch)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        // Batches come back in any order; features go on in the file's.
        let mut waiting: BTreeMap<usize, Vec<(usize, RawFeature<'t>)>> = BTreeMap::new();
        let mut next = 0usize;
        for (n, batch) in done_rx {
            waiting.insert(n, batch);
            while let Some(batch) = waiting.remove(&next) {
                for (index, raw) in batch {
                    take(index, raw);
                }
                next += 1;
            }
        }
        reader
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// Property names, each kept once for all the features of a layer.
#[derive(Default)]
pub(crate) struct Keys(FxHashMap<String, std::sync::Arc<str>>);

impl Keys {
    pub(crate) fn get(&mut self, key: &str) -> std::sync::Arc<str> {
        if let Some(shared) = self.0.get(key) {
            return shared.clone();
        }
        let shared: std::sync::Arc<str> = key.into();
        self.0.insert(key.to_owned(), shared.clone());
        shared
    }
}

/// What is wrong with a geometry that is not valid, as the feature's problem says it.
pub(crate) fn geometry_problem(geometry: &RawGeometry) -> String {
    match geometry {
        RawGeometry::Missing => "no geometry".to_owned(),
        RawGeometry::NotGeoJson(m) => format!("geometry is not valid GeoJSON: {m}"),
        RawGeometry::Invalid(m) => format!("geometry: {m}"),
        RawGeometry::Repaired(_, m) => format!("geometry: {m}"),
        RawGeometry::Read(_) => "geometry not yet checked".to_owned(),
        RawGeometry::Valid(_) => "geometry is valid".to_owned(),
    }
}

/// The id of a feature that did not load (if it had one) and what is wrong with it.
pub(crate) type FeatureError = (Option<String>, Vec<String>);

/// A feature that loaded, what went wrong with its links, and what of its geometry had to
/// be repaired.
pub(crate) struct Parsed {
    pub feature: Feature,
    pub problems: Vec<String>,
    pub repaired: Option<String>,
}

fn optional_string(
    props: &Map<String, Value>,
    key: &str,
    errors: &mut Vec<String>,
) -> Option<String> {
    match props.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => {
            errors.push(format!("\"{key}\" is empty"));
            None
        }
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            errors.push(format!(
                "\"{key}\" must be a string, found {}",
                json_type(other)
            ));
            None
        }
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn is_valid_feature_id(id: &str) -> bool {
    id.len() <= 200
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

/// A feature, or why it cannot load. A feature whose excerpts do not resolve still loads,
/// without those links, and so does a dossier's town that does not say its country; the second
/// part of the result says what went wrong with them.
fn parse_feature(
    raw: &mut RawFeature,
    properties: Option<&Value>,
    layer: &Arc<str>,
    documents: &[Document],
    keys: &mut Keys,
    origin: Origin,
) -> Result<Parsed, FeatureError> {
    let empty = Map::new();
    let props = properties.and_then(Value::as_object).unwrap_or(&empty);
    let mut errors = Vec::new();

    let id = match optional_string(props, "id", &mut errors) {
        Some(id) if is_valid_feature_id(&id) => Some(id),
        Some(id) => {
            errors.push(format!(
                "id {id:?} may hold only letters, digits, '-', '_', '.', ':'"
            ));
            None
        }
        None => {
            if !props.contains_key("id") {
                errors.push("missing \"id\"".to_owned());
            }
            None
        }
    };
    let fail = |errors: Vec<String>| Err((id.clone(), errors));

    if !raw.is_feature() {
        return fail(vec![
            "not a GeoJSON Feature (\"type\" must be \"Feature\")".to_owned(),
        ]);
    }
    if properties.is_some_and(|p| !p.is_object() && !p.is_null()) {
        return fail(vec!["\"properties\" must be an object".to_owned()]);
    }

    let kind = match optional_string(props, "kind", &mut errors) {
        Some(k) => Kind::parse(&k).or_else(|| {
            let known: Vec<_> = Kind::ALL.iter().map(|k| k.as_str()).collect();
            errors.push(format!("unknown kind {k:?} (known: {})", known.join(", ")));
            None
        }),
        None => {
            if !props.contains_key("kind") {
                errors.push("missing \"kind\"".to_owned());
            }
            None
        }
    };
    let name = optional_string(props, "name", &mut errors);
    if name.is_none() && !props.contains_key("name") {
        errors.push("missing \"name\"".to_owned());
    }
    let usages = parse_names(props, &mut errors);
    let source = optional_string(props, "source", &mut errors);
    if source.is_none() && !props.contains_key("source") {
        errors.push("missing \"source\" (where the geometry comes from)".to_owned());
    }
    let accuracy = parse_accuracy(props, &mut errors);
    let validity = parse_validity(props, &mut errors);
    let date_note = optional_string(props, "date_note", &mut errors);
    let description = optional_string(props, "description", &mut errors);

    let bbox = match &raw.geometry {
        RawGeometry::Valid(g) => {
            let bbox = bbox_of(g);
            if bbox.is_none() {
                errors.push("geometry has no coordinates".to_owned());
            }
            bbox
        }
        other => {
            errors.push(geometry_problem(other));
            None
        }
    };

    let excerpt_specs = parse_excerpt_specs(props, &mut errors);
    let control = kind.and_then(|kind| parse_control(props, kind, &mut errors));
    if kind == Some(Kind::Control)
        && let RawGeometry::Valid(g) = &raw.geometry
        && !matches!(
            g,
            geo::Geometry::Polygon(_) | geo::Geometry::MultiPolygon(_)
        )
    {
        errors.push("an area of control needs a Polygon or MultiPolygon geometry".to_owned());
    }
    let country = optional_string(props, "country", &mut errors);

    let (
        Some(id),
        Some(kind),
        Some(name),
        Some(source),
        Some(accuracy),
        Some(validity),
        Some(bbox),
    ) = (id.clone(), kind, name, source, accuracy, validity, bbox)
    else {
        return fail(errors);
    };
    if !errors.is_empty() {
        return fail(errors);
    }
    let RawGeometry::Valid(geometry) = std::mem::replace(&mut raw.geometry, RawGeometry::Missing)
    else {
        return fail(vec!["no geometry".to_owned()]);
    };

    let mut excerpts = Vec::new();
    let mut excerpt_problems = Vec::new();
    // Imported material in our schema is taken as it comes; the dossier's towns say where
    // they are, so that `check` can hold them to it.
    if origin == Origin::Dossier && kind == Kind::Town && country.is_none() {
        excerpt_problems
            .push("a town needs \"country\": the id of the country feature it lies in".to_owned());
    }
    for (doc, quote) in excerpt_specs {
        match resolve_excerpt(documents, &doc, &quote) {
            Ok(link) => excerpts.push(link),
            Err(message) => excerpt_problems.push(message),
        }
    }

    let known = [
        "id",
        "kind",
        "name",
        "names",
        "valid_from",
        "valid_to",
        "date_note",
        "description",
        "excerpts",
        "source",
        "accuracy",
        "accuracy_note",
        "held_by",
        "peacekeepers",
        "country",
    ];
    let extra = Properties::new(
        props
            .iter()
            .filter(|(k, _)| !known.contains(&k.as_str()))
            .map(|(k, v)| {
                (
                    keys.get(k),
                    v.as_str().map_or_else(|| v.to_string(), str::to_owned),
                )
            })
            .collect(),
    );

    let feature = Feature {
        id,
        layer: layer.clone(),
        kind,
        names: Names {
            display: name,
            usages,
        },
        validity,
        date_note,
        description,
        excerpts,
        source: source.into(),
        accuracy,
        geometry,
        bbox,
        control,
        country: country.map(String::into_boxed_str),
        extra,
    };
    Ok(Parsed {
        feature,
        problems: excerpt_problems,
        repaired: None,
    })
}

fn parse_names(props: &Map<String, Value>, errors: &mut Vec<String>) -> Option<Box<Usages>> {
    let mut names = Usages::default();
    match props.get("names") {
        None | Some(Value::Null) => {}
        Some(Value::Object(map)) => {
            for (key, value) in map {
                let slot = match key.as_str() {
                    "hy" => &mut names.hy,
                    "az" => &mut names.az,
                    "hy_native" => &mut names.hy_native,
                    "az_native" => &mut names.az_native,
                    "soviet" => {
                        names.soviet = match value.as_str() {
                            Some("hy") => Some(Usage::Armenian),
                            Some("az") => Some(Usage::Azerbaijani),
                            _ => {
                                errors.push(format!(
                                    "\"names.soviet\" must be \"hy\" or \"az\" (the usage of the official Soviet-era name), found {value}"
                                ));
                                None
                            }
                        };
                        continue;
                    }
                    other => {
                        errors.push(format!("\"names\" has unknown key {other:?} (known: hy, az, hy_native, az_native, soviet)"));
                        continue;
                    }
                };
                match value.as_str() {
                    Some(s) if !s.trim().is_empty() => *slot = Some(s.to_owned()),
                    _ => errors.push(format!("\"names.{key}\" must be a non-empty string")),
                }
            }
        }
        Some(other) => errors.push(format!(
            "\"names\" must be an object, found {}",
            json_type(other)
        )),
    }
    (names != Usages::default()).then(|| Box::new(names))
}

/// `held_by` and `peacekeepers`: required on an area of control, allowed on a region.
fn parse_control(
    props: &Map<String, Value>,
    kind: Kind,
    errors: &mut Vec<String>,
) -> Option<Control> {
    let held_by = match props.get("held_by") {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => HeldBy::parse(text).or_else(|| {
            let known: Vec<_> = HeldBy::ALL.iter().map(|h| h.as_str()).collect();
            errors.push(format!(
                "unknown held_by {text:?} (known: {})",
                known.join(", ")
            ));
            None
        }),
        Some(other) => {
            errors.push(format!(
                "\"held_by\" must be a string, found {}",
                json_type(other)
            ));
            None
        }
    };
    let peacekeepers = match props.get("peacekeepers") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            errors.push(format!(
                "\"peacekeepers\" must be true or false, found {}",
                json_type(other)
            ));
            false
        }
    };
    match kind {
        Kind::Control | Kind::Region => {}
        _ if props.contains_key("held_by") || props.contains_key("peacekeepers") => {
            errors.push(format!(
                "\"held_by\" and \"peacekeepers\" are for kinds control and region, not {kind}"
            ));
            return None;
        }
        _ => return None,
    }
    let unsaid = matches!(props.get("held_by"), None | Some(Value::Null));
    if kind == Kind::Control && unsaid {
        let known: Vec<_> = HeldBy::ALL.iter().map(|h| h.as_str()).collect();
        errors.push(format!(
            "an area of control needs \"held_by\" (one of {})",
            known.join(", ")
        ));
    }
    if held_by.is_none() && peacekeepers {
        errors.push("\"peacekeepers\" needs \"held_by\"".to_owned());
    }
    held_by.map(|held_by| Control {
        held_by,
        peacekeepers,
    })
}

fn parse_accuracy(props: &Map<String, Value>, errors: &mut Vec<String>) -> Option<Accuracy> {
    let note = optional_string(props, "accuracy_note", errors);
    match optional_string(props, "accuracy", errors).as_deref() {
        Some("surveyed") => Some(Accuracy::Surveyed),
        Some("published") => Some(Accuracy::Published),
        Some("approximate") => match note {
            Some(reason) => Some(Accuracy::Approximate { reason }),
            None => {
                errors.push(
                    "accuracy is \"approximate\" but \"accuracy_note\" does not say why".to_owned(),
                );
                None
            }
        },
        Some(other) => {
            errors.push(format!(
                "unknown accuracy {other:?} (known: surveyed, published, approximate)"
            ));
            None
        }
        None => {
            if !props.contains_key("accuracy") {
                errors.push("missing \"accuracy\"".to_owned());
            }
            None
        }
    }
}

fn parse_validity(props: &Map<String, Value>, errors: &mut Vec<String>) -> Option<Validity> {
    let mut date = |key: &str| -> Result<Option<PartialDate>, ()> {
        match optional_string(props, key, errors) {
            None => Ok(None),
            Some(text) => PartialDate::parse(&text).map(Some).map_err(|e| {
                errors.push(format!("\"{key}\": {e}"));
            }),
        }
    };
    let from = date("valid_from");
    let to = date("valid_to");
    let (Ok(from), Ok(to)) = (from, to) else {
        return None;
    };
    Validity::new(from, to)
        .map_err(|e| errors.push(format!("validity: {e}")))
        .ok()
}

fn parse_excerpt_specs(
    props: &Map<String, Value>,
    errors: &mut Vec<String>,
) -> Vec<(String, String)> {
    let list = match props.get("excerpts") {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Array(list)) => list,
        Some(other) => {
            errors.push(format!(
                "\"excerpts\" must be an array, found {}",
                json_type(other)
            ));
            return Vec::new();
        }
    };
    let mut specs = Vec::new();
    for (n, item) in list.iter().enumerate() {
        let doc = item.get("doc").and_then(Value::as_str);
        let quote = item.get("quote").and_then(Value::as_str);
        match (doc, quote) {
            (Some(doc), Some(quote)) => specs.push((doc.to_owned(), quote.to_owned())),
            _ => errors.push(format!(
                "excerpt #{} needs a \"doc\" and a \"quote\" string",
                n + 1
            )),
        }
    }
    specs
}

fn resolve_excerpt(
    documents: &[Document],
    doc_id: &str,
    quote: &str,
) -> Result<ExcerptLink, String> {
    if !is_valid_document_id(doc_id) {
        return Err(format!(
            "excerpt names document {doc_id:?}: a document id is a file name without folders (no '/', '\\' or leading '.')"
        ));
    }
    let Some(doc) = documents.iter().find(|d| d.id == doc_id) else {
        return Err(format!("excerpt names unknown document {doc_id:?}"));
    };
    match doc.locate(quote) {
        Ok(span) => Ok(ExcerptLink {
            doc: doc_id.to_owned(),
            quote: quote.to_owned(),
            paragraph: doc.paragraph_at(span.start).unwrap_or(0),
            span,
        }),
        Err(not_found) => Err(match not_found.nearest {
            Some(nearest) => {
                format!("quote not found in {doc_id}: {quote:?}; nearest passage: {nearest:?}")
            }
            None => format!("quote not found in {doc_id}: {quote:?}"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AREA: &str =
        r#"{"type":"Polygon","coordinates":[[[46,39],[47,39],[47,40],[46,40],[46,39]]]}"#;
    const POINT: &str = r#"{"type":"Point","coordinates":[46.5,39.5]}"#;

    /// A dossier of one layer holding one feature with `props` (a JSON object body) added to
    /// the required ones.
    fn load_one(kind: &str, props: &str, geometry: &str) -> Dataset {
        let extra = if props.is_empty() {
            String::new()
        } else {
            format!(",{props}")
        };
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"id":"f","kind":"{kind}","name":"F","source":"s","accuracy":"published"{extra}}},"geometry":{geometry}}}]}}"#
        );
        load(&Inputs {
            layers: vec![InputFile::from_text("geodata/l.geojson", &text)],
            ..Inputs::default()
        })
    }

    fn messages(d: &Dataset) -> Vec<String> {
        d.problems.iter().map(|p| p.message.clone()).collect()
    }

    #[test]
    fn an_area_of_control_says_who_held_it() {
        let d = load_one(
            "control",
            r#""held_by":"armenian-forces","peacekeepers":true"#,
            AREA,
        );
        assert!(d.problems.is_empty(), "{:#?}", d.problems);
        let f = d.feature("f").expect("loads");
        assert_eq!(f.kind, Kind::Control);
        assert_eq!(f.kind.label(), "Area of control");
        assert_eq!(
            f.control,
            Some(Control {
                held_by: HeldBy::ArmenianForces,
                peacekeepers: true
            })
        );
        // Parsed, so not repeated among the other properties.
        assert!(f.extra.get("held_by").is_none());
        for held_by in HeldBy::ALL {
            let d = load_one("control", &format!(r#""held_by":"{held_by}""#), AREA);
            let control = d.feature("f").and_then(|f| f.control).expect("loads");
            assert_eq!((control.held_by, control.peacekeepers), (held_by, false));
        }
        assert_eq!(HeldBy::AzerbaijanSsr.label(), "Azerbaijan SSR (Soviet)");
        // A region may say too (the oblast was Soviet Azerbaijan's).
        let d = load_one("region", r#""held_by":"azerbaijan-ssr""#, AREA);
        assert!(d.problems.is_empty(), "{:#?}", d.problems);
        assert_eq!(
            d.feature("f").and_then(|f| f.control).map(|c| c.held_by),
            Some(HeldBy::AzerbaijanSsr)
        );
    }

    #[test]
    fn bad_control_properties_are_refused_with_what_is_known() {
        let cases = [
            ("control", "", AREA, "needs \"held_by\""),
            ("control", r#""held_by":null"#, AREA, "needs \"held_by\""),
            (
                "control",
                r#""held_by":"armenia""#,
                AREA,
                "unknown held_by \"armenia\" (known: armenian-forces, azerbaijan, russian-peacekeepers, azerbaijan-ssr)",
            ),
            ("control", r#""held_by":3"#, AREA, "must be a string"),
            (
                "control",
                r#""held_by":"azerbaijan","peacekeepers":"yes""#,
                AREA,
                "\"peacekeepers\" must be true or false, found a string",
            ),
            (
                "control",
                r#""held_by":"azerbaijan""#,
                POINT,
                "needs a Polygon or MultiPolygon",
            ),
            (
                "town",
                r#""held_by":"azerbaijan","country":"x""#,
                POINT,
                "for kinds control and region, not town",
            ),
            (
                "region",
                r#""peacekeepers":true"#,
                AREA,
                "needs \"held_by\"",
            ),
        ];
        for (kind, props, geometry, needle) in cases {
            let d = load_one(kind, props, geometry);
            assert!(d.feature("f").is_none(), "{props}: loaded");
            assert!(
                messages(&d).iter().any(|m| m.contains(needle)),
                "{props}: {:#?}",
                d.problems
            );
        }
    }

    #[test]
    fn names_say_which_usage_was_the_soviet_official_one() {
        let d = load_one(
            "region",
            r#""names":{"hy":"Stepanakert","az":"Khankendi","soviet":"hy"}"#,
            AREA,
        );
        assert!(d.problems.is_empty(), "{:#?}", d.problems);
        assert_eq!(
            d.feature("f").map(|f| f.names.soviet()),
            Some(Usage::Armenian)
        );
        let d = load_one("region", r#""names":{"hy":"Shushi","az":"Shusha"}"#, AREA);
        assert_eq!(
            d.feature("f").map(|f| f.names.soviet()),
            Some(Usage::Azerbaijani),
            "Azerbaijani when unsaid"
        );
        let d = load_one("region", r#""names":{"hy":"A","soviet":"ru"}"#, AREA);
        assert!(d.feature("f").is_none());
        assert!(
            messages(&d)
                .iter()
                .any(|m| m.contains("\"names.soviet\" must be \"hy\" or \"az\"")),
            "{:#?}",
            d.problems
        );
        let d = load_one("region", r#""names":{"ru":"A"}"#, AREA);
        assert!(
            messages(&d)
                .iter()
                .any(|m| m.contains("known: hy, az, hy_native, az_native, soviet")),
            "{:#?}",
            d.problems
        );
    }

    #[test]
    fn a_dossier_town_says_its_country_and_keeps_loading_when_it_does_not() {
        let d = load_one("town", "", POINT);
        assert!(d.feature("f").is_some(), "kept, with a problem");
        assert_eq!(d.problems.len(), 1, "{:#?}", d.problems);
        assert!(d.problems[0].message.contains("a town needs \"country\""));
        let d = load_one("town", r#""country":7"#, POINT);
        assert!(
            messages(&d)
                .iter()
                .any(|m| m.contains("\"country\" must be a string"))
        );
        let d = load_one("town", r#""country":"armenia""#, POINT);
        assert_eq!(
            d.feature("f").and_then(|f| f.country.as_deref()),
            Some("armenia")
        );
        // The only problem: there is no country feature "armenia" in this dossier.
        assert_eq!(d.problems.len(), 1, "{:#?}", d.problems);
        assert!(
            d.problems[0]
                .message
                .contains("which is no feature of the dossier")
        );
    }
}
