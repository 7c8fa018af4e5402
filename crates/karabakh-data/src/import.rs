//! The user's own material added to a loaded dossier: any GeoJSON (no ids, no dates, its own
//! property names), KML, and text documents. What cannot be read is reported, the rest loads.

use rustc_hash::FxHashSet;
use std::path::{Path, PathBuf};

use super::document::{Document, DocumentMeta, is_valid_document_id};
use super::input::InputFile;
use super::kml::load_kml;
use super::layer::read_layer;
use super::model::{Dataset, Problem};
use super::parsed::Origin;

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
    for path in paths.iter().filter(|p| is_document(p)) {
        add_document(path, &mut work);
    }
    let mut seen: FxHashSet<String> = existing.features.iter().map(|f| f.id.clone()).collect();
    for path in paths.iter().filter(|p| !is_document(p)) {
        let file = InputFile::read(path);
        match extension(path).as_str() {
            "geojson" | "json" => read_layer(&file, &mut work, &mut seen, Origin::Imported),
            "kml" => load_kml(&file, &mut work),
            other => work.problems.push(Problem::of_file(
                &file.path,
                format!(
                    "cannot open .{other} files: add GeoJSON (.geojson, .json), KML (.kml) or text (.txt, .md)"
                ),
            )),
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

/// The file's extension in lower case, or nothing.
fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default()
}

fn is_document(path: &Path) -> bool {
    matches!(extension(path).as_str(), "txt" | "md")
}

/// Adds the text at `path` as a document titled by its file name, or says why it cannot be.
fn add_document(path: &Path, work: &mut Dataset) {
    let file = InputFile::read(path);
    let id = document_id(path);
    if !is_valid_document_id(&id) || work.document(&id).is_some() {
        work.problems.push(Problem::of_file(
            &file.path,
            format!(
                "a document with id {id:?} is already loaded, or the name is not usable as an id"
            ),
        ));
        return;
    }
    match file.text() {
        Ok(text) => {
            let title = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or(&id)
                .to_owned();
            let meta = DocumentMeta {
                title,
                ..DocumentMeta::default()
            };
            work.documents
                .push(Document::new(id, meta, text.into_owned()));
        }
        Err(e) => work.problems.push(Problem::of_file(&file.path, e)),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write");
        path
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
