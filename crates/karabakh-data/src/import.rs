//! The user's own material: any GeoJSON (no ids, no dates, its own property names), KML, and
//! text documents, added to a loaded dossier. What cannot be read is reported, the rest loads.

use rustc_hash::FxHashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use geo::{Geometry, GeometryCollection};
use serde_json::Value;

use super::document::{Document, DocumentMeta, is_valid_document_id};
use super::geometry::to_geo_repairing;
use super::load::{
    FeatureError, InputFile, Keys, Origin, Parsed, geometry_problem, load_layer, text_of,
};
use super::model::{Accuracy, Dataset, Feature, Kind, Layer, Names, Problem, Properties, bbox_of};
use super::parse::{RawFeature, RawGeometry};
use karabakh_time::{PartialDate, Validity};

/// Property names that other tools use for a feature's name, in order of preference.
const NAME_KEYS: [&str; 8] = [
    "name", "NAME", "Name", "title", "TITLE", "Title", "label", "NAME_EN",
];

/// A layer id from a file's name that no layer of `dataset` has yet.
pub fn unique_layer_id(dataset: &Dataset, path: &str) -> String {
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

fn kind_of(geometry: &Geometry<f64>) -> Kind {
    match geometry {
        Geometry::Point(_) | Geometry::MultiPoint(_) => Kind::Place,
        Geometry::Line(_) | Geometry::LineString(_) | Geometry::MultiLineString(_) => Kind::Line,
        Geometry::Polygon(_)
        | Geometry::MultiPolygon(_)
        | Geometry::Rect(_)
        | Geometry::Triangle(_) => Kind::Area,
        Geometry::GeometryCollection(GeometryCollection(members)) => {
            members.first().map_or(Kind::Place, kind_of)
        }
    }
}

fn as_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A feature of a foreign GeoJSON: always valid if its geometry is, with a name guessed from
/// the usual property names, a kind from its geometry, and every property kept for display.
pub(crate) fn lenient_feature(
    raw: RawFeature,
    properties: Option<&Value>,
    layer: &Arc<str>,
    source: &Arc<str>,
    index: usize,
    keys: &mut Keys,
) -> Result<Parsed, FeatureError> {
    let label = || format!("#{}", index + 1);
    let fail = |m: String| Err((Some(label()), vec![m]));
    if !raw.is_feature() {
        return fail("not a GeoJSON Feature (\"type\" must be \"Feature\")".to_owned());
    }
    let outer_id = raw.id();
    let (geometry, repaired) = match raw.geometry {
        RawGeometry::Valid(g) => (g, None),
        RawGeometry::Repaired(g, problem) => (g, Some(problem)),
        other => return fail(geometry_problem(&other)),
    };
    let Some(bbox) = bbox_of(&geometry) else {
        return fail("geometry has no coordinates".to_owned());
    };
    let empty = serde_json::Map::new();
    let props = properties.and_then(Value::as_object).unwrap_or(&empty);
    let name = NAME_KEYS
        .iter()
        .find_map(|k| props.get(*k).and_then(as_text))
        .unwrap_or_else(|| format!("{layer} {}", label()));
    let date = |key: &str| {
        props
            .get(key)
            .and_then(Value::as_str)
            .and_then(|d| PartialDate::parse(d).ok())
    };
    let validity = Validity::new(date("valid_from"), date("valid_to")).unwrap_or(Validity::ALWAYS);
    let own_id = props
        .get("id")
        .and_then(as_text)
        .or_else(|| outer_id.as_ref().and_then(as_text));
    let id = format!(
        "{layer}:{}",
        own_id.unwrap_or_else(|| (index + 1).to_string())
    );
    let extra = Properties::new(
        props
            .iter()
            .filter_map(|(k, v)| {
                let text = as_text(v).unwrap_or_else(|| v.to_string());
                (!text.is_empty() && text != "null")
                    .then(|| (keys.get(k), at_most_chars(text, 200)))
            })
            .collect(),
    );
    let feature = Feature {
        id,
        layer: layer.clone(),
        kind: kind_of(&geometry),
        names: Names {
            display: name,
            usages: None,
        },
        validity,
        date_note: None,
        description: None,
        excerpts: Vec::new(),
        source: source.clone(),
        accuracy: Accuracy::Unstated,
        geometry,
        bbox,
        control: None,
        country: None,
        extra,
    };
    Ok(Parsed {
        feature,
        problems: Vec::new(),
        repaired,
    })
}

/// `text` cut to its first `n` characters (kept as it is when short enough).
fn at_most_chars(mut text: String, n: usize) -> String {
    if let Some((cut, _)) = text.char_indices().nth(n) {
        text.truncate(cut);
    }
    text
}

/// Placemarks of a KML file as features of one layer.
fn load_kml(file: &InputFile, dataset: &mut Dataset) {
    let path = file.path.as_str();
    let problem = |m: String| Problem {
        file: path.to_owned(),
        feature: None,
        message: m,
    };
    let feature_problem = |label: &str, message: String| Problem {
        file: path.to_owned(),
        feature: Some(label.to_owned()),
        message,
    };
    let text = match text_of(file) {
        Ok(t) => t,
        Err(m) => return dataset.problems.push(problem(m)),
    };
    let kml: kml::Kml<f64> = match text.parse() {
        Ok(k) => k,
        Err(e) => {
            return dataset
                .problems
                .push(problem(format!("not readable KML: {e}")));
        }
    };
    let layer: Arc<str> = unique_layer_id(dataset, path).into();
    let source: Arc<str> = format!("imported from {path}").into();
    let mut keys = Keys::default();
    let mut placemarks = Vec::new();
    collect_placemarks(kml, &mut placemarks);
    let mut count = 0;
    for (n, placemark) in placemarks.into_iter().enumerate() {
        let label = placemark
            .name
            .clone()
            .unwrap_or_else(|| format!("{layer} #{}", n + 1));
        let Some(kml_geometry) = placemark.geometry else {
            dataset.problems.push(feature_problem(
                &label,
                "placemark without geometry".to_owned(),
            ));
            continue;
        };
        // The same checks as GeoJSON: finite, in range, rings closed (and turned the way fills
        // expect); rings that cross are repaired, as in imported GeoJSON.
        let checked = Geometry::try_from(kml_geometry)
            .map_err(|e| e.to_string())
            .and_then(|g| to_geo_repairing(&geojson::Geometry::from(&g).value));
        let geometry = match checked {
            Ok((geometry, repaired)) => {
                if let Some(what) = repaired {
                    dataset.problems.push(feature_problem(
                        &label,
                        format!("{what}; repaired: drawn as the area its outline encloses"),
                    ));
                }
                geometry
            }
            Err(e) => {
                dataset
                    .problems
                    .push(feature_problem(&label, format!("geometry: {e}")));
                continue;
            }
        };
        let Some(bbox) = bbox_of(&geometry) else {
            continue;
        };
        count += 1;
        dataset.features.push(Feature {
            id: format!("{layer}:{}", n + 1),
            layer: layer.clone(),
            kind: kind_of(&geometry),
            names: Names {
                display: label,
                usages: None,
            },
            validity: Validity::ALWAYS,
            date_note: None,
            description: placemark.description,
            excerpts: Vec::new(),
            source: source.clone(),
            accuracy: Accuracy::Unstated,
            geometry,
            bbox,
            control: None,
            country: None,
            extra: Properties::new(
                placemark
                    .attrs
                    .into_iter()
                    .map(|(k, v)| (keys.get(&k), v))
                    .collect(),
            ),
        });
    }
    if count == 0 {
        dataset
            .problems
            .push(problem("no placemark with a usable geometry".to_owned()));
    }
    dataset.layers.push(Layer {
        id: layer.to_string(),
        title: layer.to_string(),
        path: path.to_owned(),
    });
}

fn collect_placemarks(kml: kml::Kml<f64>, out: &mut Vec<kml::types::Placemark<f64>>) {
    match kml {
        kml::Kml::KmlDocument(d) => d
            .elements
            .into_iter()
            .for_each(|k| collect_placemarks(k, out)),
        kml::Kml::Document { elements, .. } => elements
            .into_iter()
            .for_each(|k| collect_placemarks(k, out)),
        kml::Kml::Folder(f) => f
            .elements
            .into_iter()
            .for_each(|k| collect_placemarks(k, out)),
        kml::Kml::Placemark(p) => out.push(p),
        _ => {}
    }
}

/// A document id from a file name: letters, digits, '-', '_' and '.' kept, the rest '-'.
fn document_id(path: &Path) -> String {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("document");
    let id: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    id.trim_start_matches('.').to_owned()
}

/// Reads `paths` (GeoJSON, KML, text documents) as an addition to `existing`: the returned
/// dataset holds only what is new, and every problem met.
pub fn load_files(paths: &[PathBuf], existing: &Dataset) -> Dataset {
    // Documents go in first so that layers added with them can quote them.
    let mut work = Dataset {
        documents: existing.documents.clone(),
        layers: existing.layers.clone(),
        ..Dataset::default()
    };
    let known_docs = work.documents.len();
    let known_layers = work.layers.len();
    let extension = |p: &Path| {
        p.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default()
    };
    for path in paths
        .iter()
        .filter(|p| matches!(extension(p).as_str(), "txt" | "md"))
    {
        let file = InputFile::read(path);
        let id = document_id(path);
        let shown = path.display().to_string();
        if !is_valid_document_id(&id) || work.document(&id).is_some() {
            work.problems.push(Problem { file: shown, feature: None, message: format!("a document with id {id:?} is already loaded, or the name is not usable as an id") });
            continue;
        }
        match text_of(&file) {
            Ok(text) => {
                let title = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or(&id)
                    .to_owned();
                work.documents.push(Document::new(
                    id,
                    DocumentMeta {
                        title,
                        ..DocumentMeta::default()
                    },
                    text.into_owned(),
                ));
            }
            Err(message) => work.problems.push(Problem {
                file: shown,
                feature: None,
                message,
            }),
        }
    }
    let mut seen: FxHashSet<String> = existing.features.iter().map(|f| f.id.clone()).collect();
    for path in paths {
        let file = InputFile::read(path);
        match extension(path).as_str() {
            "geojson" | "json" => load_layer(&file, &mut work, &mut seen, Origin::Imported),
            "kml" => load_kml(&file, &mut work),
            "txt" | "md" => {}
            other => work.problems.push(Problem {
                file: file.path.clone(),
                feature: None,
                message: format!("cannot open .{other} files: add GeoJSON (.geojson, .json), KML (.kml) or text (.txt, .md)"),
            }),
        }
    }
    // An existing feature id is never reused: such features were renamed on load.
    let existing_ids: FxHashSet<&str> = existing.features.iter().map(|f| f.id.as_str()).collect();
    work.features
        .retain(|f| !existing_ids.contains(f.id.as_str()));
    work.documents.drain(..known_docs);
    work.layers.drain(..known_layers);
    work
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write");
        path
    }

    #[test]
    fn long_property_values_are_cut_at_a_character_boundary() {
        assert_eq!(at_most_chars("Ստեփանակերտ".to_owned(), 4), "Ստեփ");
        assert_eq!(at_most_chars("short".to_owned(), 200), "short");
        assert_eq!(at_most_chars("x".repeat(201), 200).len(), 200);
    }

    #[test]
    fn a_plain_geojson_from_elsewhere_loads_with_its_properties() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = write(
            dir.path(),
            "schools.geojson",
            r#"{"type":"FeatureCollection","features":[
                {"type":"Feature","properties":{"NAME":"School No. 1","pupils":420},"geometry":{"type":"Point","coordinates":[46.75,39.81]}},
                {"type":"Feature","properties":{"title":"Road"},"geometry":{"type":"LineString","coordinates":[[46.7,39.8],[46.8,39.9]]}},
                {"type":"Feature","properties":null,"geometry":{"type":"Polygon","coordinates":[[[46,39],[47,39],[47,40],[46,39]]]}}
            ]}"#,
        );
        let existing = crate::load_embedded();
        let added = load_files(&[path], &existing);
        assert!(added.problems.is_empty(), "{:#?}", added.problems);
        assert_eq!(added.layers.len(), 1);
        assert_eq!(added.features.len(), 3);
        let school = &added.features[0];
        assert_eq!(school.names.display, "School No. 1");
        assert_eq!(school.kind, Kind::Place);
        assert_eq!(school.extra.get("pupils").map(String::as_str), Some("420"));
        assert!(
            school
                .validity
                .contains(karabakh_time::PartialDate::Year(1950).first_day())
        );
        assert_eq!(added.features[1].kind, Kind::Line);
        assert_eq!(added.features[2].kind, Kind::Area);
        assert_eq!(added.features[2].names.display, "schools #3");
    }

    #[test]
    fn kml_placemarks_and_text_documents_load() {
        let dir = tempfile::tempdir().expect("temp dir");
        let kml = write(
            dir.path(),
            "trip.kml",
            r#"<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder>
<Placemark><name>Goris bus station</name><Point><coordinates>46.34,39.51,0</coordinates></Point></Placemark>
<Placemark><name>Route</name><LineString><coordinates>46.34,39.51 46.53,39.55</coordinates></LineString></Placemark>
</Folder></Document></kml>"#,
        );
        let doc = write(dir.path(), "my notes.md", "# Notes\n\nEvacuees at Goris.\n");
        let added = load_files(&[kml, doc], &crate::load_embedded());
        assert!(added.problems.is_empty(), "{:#?}", added.problems);
        assert_eq!(added.features.len(), 2);
        assert_eq!(added.features[0].names.display, "Goris bus station");
        assert_eq!(added.documents.len(), 1);
        assert_eq!(added.documents[0].id, "my-notes");
    }

    #[test]
    fn an_unknown_file_type_is_refused_by_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = write(dir.path(), "map.shp", "binary");
        let added = load_files(&[path], &Dataset::default());
        assert_eq!(added.problems.len(), 1);
        assert!(added.problems[0].message.contains("cannot open .shp files"));
    }
}
