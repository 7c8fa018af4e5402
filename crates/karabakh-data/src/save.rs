//! A dossier written to a folder in the layout `--data` opens (`geodata/*.geojson`, `seeds/*`).
//! Safely: every file is first written beside its place and only then renamed over it, so each
//! is complete or untouched; a file changed on disk since it was read is not overwritten unless
//! the user says so; the properties the atlas does not read are kept as the file had them (the
//! original feature is patched, not rewritten); and the same dossier always gives the same
//! bytes (keys sorted, one property to a line), so that a saved dossier diffs well.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use super::document::Document;
use super::embedded;
use super::input::{Fingerprint, Provenance};
use super::model::{Accuracy, Dataset, Feature, Layer, Usage};
use super::review::{REVIEWS_FILE, Reviews};
use super::schema::KNOWN;

/// Why a dossier was not saved. Nothing is lost: the edits stay open in the window.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(
        "the folder {} no longer exists (moved or deleted?): nothing was written; save to another folder",
        .0.display()
    )]
    FolderMissing(PathBuf),
    #[error(
        "changed on disk since the atlas read them: {}; nothing was written. Save anyway to overwrite them",
        .files.join(", ")
    )]
    ChangedOnDisk { files: Vec<String> },
    #[error("cannot write {}: {source}; nothing was written", .path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "wrote {done} of {total} files, then could not replace {}: {source}; the other files are as they were",
        .path.display()
    )]
    Partly {
        done: usize,
        total: usize,
        path: PathBuf,
        source: std::io::Error,
    },
}

/// How to save.
#[derive(Clone, Copy, Debug, Default)]
pub struct SaveOptions {
    /// Make the folder if it does not exist (a first save); otherwise a missing folder is an
    /// error, as when the folder saved to before has vanished.
    pub create: bool,
    /// Overwrite files changed on disk since they were read.
    pub overwrite: bool,
}

/// What a save did: the dossier's files as now on disk, and how many were written.
#[derive(Clone, Debug)]
pub struct Saved {
    pub provenance: Provenance,
    pub written: usize,
    pub unchanged: usize,
}

/// Writes `dataset` to `dir`, with the suggested links reviewed (`seeds/reviews.json`).
pub fn save(
    dataset: &Dataset,
    reviews: &Reviews,
    dir: &Path,
    options: SaveOptions,
) -> Result<Saved, SaveError> {
    if !dir.is_dir() {
        if !options.create || dir.exists() {
            return Err(SaveError::FolderMissing(dir.to_path_buf()));
        }
        std::fs::create_dir_all(dir).map_err(|source| SaveError::Write {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    let files = dossier_files(dataset, reviews, options.overwrite)?;
    let expected = expected_files(dataset, dir);
    let mut changed = Vec::new();
    let mut work = Vec::new();
    for (name, bytes) in &files {
        let now = std::fs::read(dir.join(name))
            .ok()
            .map(|b| Fingerprint::of(&b));
        let new = Fingerprint::of(bytes);
        if now == Some(new) {
            continue;
        }
        if now.is_some() && now != expected.get(name).copied() {
            changed.push(name.clone());
        }
        work.push((name, bytes));
    }
    // A layer of the folder that the dossier no longer has (its features were all undone).
    let gone: Vec<&String> = expected
        .keys()
        .filter(|name| name.starts_with("geodata/") && !files.contains_key(*name))
        .collect();
    for name in &gone {
        let now = std::fs::read(dir.join(name))
            .ok()
            .map(|b| Fingerprint::of(&b));
        if now.is_some() && now != expected.get(*name).copied() {
            changed.push((*name).clone());
        }
    }
    if !changed.is_empty() && !options.overwrite {
        return Err(SaveError::ChangedOnDisk { files: changed });
    }
    let unchanged = files.len() - work.len();
    replace_files(dir, &work, &gone)?;
    let provenance = Provenance {
        dir: Some(dir.to_path_buf()),
        files: files
            .iter()
            .map(|(name, bytes)| (name.clone(), Fingerprint::of(bytes)))
            .collect(),
    };
    Ok(Saved {
        provenance,
        written: work.len(),
        unchanged,
    })
}

/// The files the folder is known to hold: those read from it, if the dossier came from it.
fn expected_files(dataset: &Dataset, dir: &Path) -> BTreeMap<String, Fingerprint> {
    let same = |a: &Path| {
        let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        canon(a) == canon(dir)
    };
    match &dataset.provenance.dir {
        Some(from) if same(from) => dataset.provenance.files.clone(),
        _ => BTreeMap::new(),
    }
}

/// Writes every file beside its place first, then renames each over its place: a folder that
/// cannot be written fails before anything is replaced.
fn replace_files(
    dir: &Path,
    work: &[(&String, &Vec<u8>)],
    gone: &[&String],
) -> Result<(), SaveError> {
    let mut written: Vec<(PathBuf, PathBuf)> = Vec::new();
    let clean = |written: &[(PathBuf, PathBuf)]| {
        for (temp, _) in written {
            let _ = std::fs::remove_file(temp);
        }
    };
    for (name, bytes) in work {
        let path = dir.join(name);
        match write_beside(&path, bytes) {
            Ok(temp) => written.push((temp, path)),
            Err(source) => {
                clean(&written);
                return Err(SaveError::Write { path, source });
            }
        }
    }
    let total = written.len();
    for (done, (temp, path)) in written.iter().enumerate() {
        if let Err(source) = std::fs::rename(temp, path) {
            clean(&written[done..]);
            return Err(SaveError::Partly {
                done,
                total,
                path: path.clone(),
                source,
            });
        }
    }
    for name in gone {
        let path = dir.join(name);
        if let Err(source) = std::fs::remove_file(&path)
            && source.kind() != std::io::ErrorKind::NotFound
        {
            return Err(SaveError::Partly {
                done: total,
                total,
                path,
                source,
            });
        }
    }
    Ok(())
}

/// Writes `bytes` to a hidden file beside `path` (which the loader does not read), flushed to
/// the disk; its path.
fn write_beside(path: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let temp = path.with_file_name(format!(".{name}.saving-{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    match result {
        Ok(()) => Ok(temp),
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            Err(e)
        }
    }
}

/// Every file of the dossier, by its path in the folder, with its bytes; the reviews once
/// there are any (or the dossier had the file).
pub fn dossier_files(
    dataset: &Dataset,
    reviews: &Reviews,
    overwrite: bool,
) -> Result<BTreeMap<String, Vec<u8>>, SaveError> {
    let mut files = BTreeMap::new();
    let mut changed = Vec::new();
    for layer in &dataset.layers {
        let name = format!("geodata/{}.geojson", layer.id);
        let original = match original_text(dataset, layer, &name) {
            Original::Read(text) => serde_json::from_str::<Value>(&text).ok(),
            Original::Changed(text) if overwrite => serde_json::from_str::<Value>(&text).ok(),
            Original::Changed(_) => {
                changed.push(name);
                continue;
            }
            Original::None => None,
        };
        let value = layer_json(dataset, layer, original);
        files.insert(name, to_text(&value).into_bytes());
    }
    if !changed.is_empty() {
        return Err(SaveError::ChangedOnDisk { files: changed });
    }
    for doc in &dataset.documents {
        let md = format!("seeds/{}.md", doc.id);
        let name = if dataset.provenance.files.contains_key(&md) {
            md
        } else {
            format!("seeds/{}.txt", doc.id)
        };
        files.insert(name, doc.text.as_bytes().to_vec());
        files.insert(format!("seeds/{}.meta.json", doc.id), meta_bytes(doc));
    }
    if !reviews.reviews.is_empty() || dataset.provenance.files.contains_key(REVIEWS_FILE) {
        files.insert(REVIEWS_FILE.to_owned(), reviews.to_json().into_bytes());
    }
    Ok(files)
}

fn meta_bytes(doc: &Document) -> Vec<u8> {
    let value = serde_json::to_value(&doc.meta).unwrap_or(Value::Null);
    to_text(&value).into_bytes()
}

/// A layer file as it was read, if it can be.
enum Original {
    Read(String),
    /// Read, but it changed on disk since the dossier was.
    Changed(String),
    None,
}

/// The text the layer was read from: the built-in file, the dossier's file (checked against
/// its fingerprint), or the file the user added.
fn original_text(dataset: &Dataset, layer: &Layer, name: &str) -> Original {
    let provenance = &dataset.provenance;
    if let Some(expected) = provenance.files.get(name) {
        let Some(dir) = &provenance.dir else {
            let file = name.trim_start_matches("geodata/");
            return embedded::LAYERS
                .iter()
                .find(|(n, _)| *n == file)
                .map_or(Original::None, |(_, text)| {
                    Original::Read((*text).to_owned())
                });
        };
        return match std::fs::read(dir.join(name)) {
            Ok(bytes) if Fingerprint::of(&bytes) == *expected => {
                Original::Read(String::from_utf8_lossy(&bytes).into_owned())
            }
            Ok(bytes) => Original::Changed(String::from_utf8_lossy(&bytes).into_owned()),
            Err(_) => Original::None,
        };
    }
    // Material the user added: the file it came from, if it is GeoJSON and still there.
    let path = Path::new(&layer.path);
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("geojson") || e.eq_ignore_ascii_case("json"));
    match std::fs::read_to_string(path) {
        Ok(text) if json => Original::Read(text),
        _ => Original::None,
    }
}

/// The layer as a FeatureCollection: the original's members kept, its features each patched
/// with what the model says (in the original's order, then the new ones); a feature of the
/// original that did not load (a problem names it) is kept as it was.
fn layer_json(dataset: &Dataset, layer: &Layer, original: Option<Value>) -> Value {
    let mut top = match original {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    let raw_features = match top.remove("features") {
        Some(Value::Array(list)) => list,
        _ => Vec::new(),
    };
    let ours: Vec<&Feature> = dataset
        .features
        .iter()
        .filter(|f| *f.layer == *layer.id)
        .collect();
    let refused: BTreeSet<&str> = dataset
        .problems
        .iter()
        .filter(|p| p.file == layer.path)
        .filter_map(|p| p.feature.as_deref())
        .collect();
    let mut used = BTreeSet::new();
    let mut features = Vec::new();
    for raw in raw_features {
        let id = raw
            .get("properties")
            .and_then(|p| p.get("id"))
            .and_then(Value::as_str);
        match id.and_then(|id| ours.iter().find(|f| f.id == id)) {
            Some(feature) => {
                used.insert(feature.id.as_str());
                features.push(feature_json(feature, Some(&raw), &dataset.documents));
            }
            // Did not load: kept for the user to mend. Otherwise it was deleted.
            None if id.is_none_or(|id| refused.contains(id)) => features.push(raw),
            None => {}
        }
    }
    for feature in ours.iter().filter(|f| !used.contains(f.id.as_str())) {
        features.push(feature_json(feature, None, &dataset.documents));
    }
    top.insert("type".into(), json!("FeatureCollection"));
    if layer.title != layer.id || top.contains_key("name") {
        top.insert("name".into(), json!(layer.title));
    }
    top.insert("features".into(), Value::Array(features));
    Value::Object(top)
}

/// A feature as GeoJSON: `raw`'s members and other properties kept, ours written over them.
fn feature_json(feature: &Feature, raw: Option<&Value>, documents: &[Document]) -> Value {
    let mut top = raw.and_then(Value::as_object).cloned().unwrap_or_default();
    let mut props = match top.remove("properties") {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    let raw_excerpts = props.get("excerpts").cloned();
    // A note on the accuracy the feature no longer has would mislead.
    let accuracy = props.get("accuracy").and_then(Value::as_str);
    if accuracy != Some(feature.accuracy.label()) {
        props.remove("accuracy_note");
    }
    // The properties the atlas reads are written from the model, whatever the original said;
    // but a note on an accuracy that did not change is kept (the model keeps one only for
    // approximate geometry).
    for key in KNOWN.iter().filter(|k| **k != "accuracy_note") {
        props.remove(*key);
    }
    let mut set = |key: &str, value: Value| {
        props.insert(key.to_owned(), value);
    };
    set("id", json!(feature.id));
    set("kind", json!(feature.kind.as_str()));
    set("name", json!(feature.names.display));
    if let Some(names) = names_json(feature) {
        set("names", names);
    }
    let date =
        |d: Option<karabakh_time::PartialDate>| d.map_or(Value::Null, |d| json!(d.to_string()));
    set("valid_from", date(feature.validity.from()));
    set("valid_to", date(feature.validity.to()));
    if let Some(note) = &feature.date_note {
        set("date_note", json!(note));
    }
    if let Some(text) = &feature.description {
        set("description", json!(text));
    }
    set(
        "excerpts",
        excerpts_json(feature, raw_excerpts.as_ref(), documents),
    );
    set("source", json!(&*feature.source));
    match &feature.accuracy {
        Accuracy::Surveyed => set("accuracy", json!("surveyed")),
        Accuracy::Published => set("accuracy", json!("published")),
        Accuracy::Approximate { reason } => {
            set("accuracy", json!("approximate"));
            set("accuracy_note", json!(reason));
        }
        // Imported material that did not say: the dossier's schema asks, so it says so.
        Accuracy::Unstated => {
            set("accuracy", json!("approximate"));
            set("accuracy_note", json!("not stated by the imported file"));
        }
    }
    if let Some(control) = feature.control {
        set("held_by", json!(control.held_by.as_str()));
        set("peacekeepers", json!(control.peacekeepers));
    }
    if let Some(country) = &feature.country {
        set("country", json!(&**country));
    }
    if raw.is_none() {
        // Material without an original: its other properties as the model keeps them.
        for (key, value) in &feature.extra {
            props.entry(key.to_owned()).or_insert_with(|| json!(value));
        }
    }
    top.insert("type".into(), json!("Feature"));
    top.insert("properties".into(), Value::Object(props));
    let geometry = geojson::Geometry::new(geojson::GeometryValue::from(&feature.geometry));
    top.insert(
        "geometry".into(),
        serde_json::to_value(geometry).unwrap_or(Value::Null),
    );
    Value::Object(top)
}

fn names_json(feature: &Feature) -> Option<Value> {
    let usages = feature.names.usages.as_deref()?;
    let mut map = Map::new();
    let fields = [
        ("hy", &usages.hy),
        ("az", &usages.az),
        ("hy_native", &usages.hy_native),
        ("az_native", &usages.az_native),
    ];
    for (key, value) in fields {
        if let Some(value) = value {
            map.insert(key.into(), json!(value));
        }
    }
    if let Some(soviet) = usages.soviet {
        let usage = match soviet {
            Usage::Armenian => "hy",
            Usage::Azerbaijani => "az",
        };
        map.insert("soviet".into(), json!(usage));
    }
    Some(Value::Object(map))
}

/// The feature's links, each as the original wrote it if it did (keeping any other member),
/// with `at` (the quote's byte offset) when it links an occurrence that is not the first.
fn excerpts_json(feature: &Feature, raw: Option<&Value>, documents: &[Document]) -> Value {
    let raw: &[Value] = raw.and_then(Value::as_array).map_or(&[], Vec::as_slice);
    let links = feature.excerpts.iter().map(|link| {
        let mut value = raw
            .iter()
            .find(|r| {
                r.get("doc").and_then(Value::as_str) == Some(link.doc.as_str())
                    && r.get("quote").and_then(Value::as_str) == Some(link.quote.as_str())
            })
            .cloned()
            .unwrap_or_else(|| json!({"doc": link.doc, "quote": link.quote}));
        let first = documents
            .iter()
            .find(|d| d.id == link.doc)
            .and_then(|d| d.locate(&link.quote).ok());
        if let Some(members) = value.as_object_mut() {
            members.remove("at");
            if first.is_some_and(|f| f != link.span) {
                members.insert("at".to_owned(), json!(link.span.start));
            }
        }
        value
    });
    Value::Array(links.collect())
}

/// JSON text, keys sorted, each member on its own line, but a list of numbers (a coordinate)
/// on one: readable and diffable without a line per number.
pub fn to_text(value: &Value) -> String {
    let mut out = String::new();
    write_value(value, 0, &mut out);
    out.push('\n');
    out
}

fn write_value(value: &Value, depth: usize, out: &mut String) {
    let indent = |depth: usize, out: &mut String| out.extend(std::iter::repeat_n("  ", depth));
    match value {
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) if items.iter().all(Value::is_number) => {
            let numbers: Vec<String> = items.iter().map(Value::to_string).collect();
            out.push('[');
            out.push_str(&numbers.join(", "));
            out.push(']');
        }
        Value::Array(items) => {
            out.push_str("[\n");
            for (n, item) in items.iter().enumerate() {
                indent(depth + 1, out);
                write_value(item, depth + 1, out);
                out.push_str(if n + 1 < items.len() { ",\n" } else { "\n" });
            }
            indent(depth, out);
            out.push(']');
        }
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Object(map) => {
            out.push_str("{\n");
            for (n, (key, item)) in map.iter().enumerate() {
                indent(depth + 1, out);
                out.push_str(&Value::String(key.clone()).to_string());
                out.push_str(": ");
                write_value(item, depth + 1, out);
                out.push_str(if n + 1 < map.len() { ",\n" } else { "\n" });
            }
            indent(depth, out);
            out.push('}');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{Edit, History};

    fn saved_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        let mut files = BTreeMap::new();
        for folder in ["geodata", "seeds"] {
            for entry in std::fs::read_dir(dir.join(folder)).unwrap() {
                let path = entry.unwrap().path();
                let name = format!("{folder}/{}", path.file_name().unwrap().to_string_lossy());
                files.insert(name, std::fs::read(&path).unwrap());
            }
        }
        files
    }

    #[test]
    fn the_built_in_dossier_saves_loads_back_whole_and_saves_to_the_same_bytes() {
        let dataset = crate::load_embedded();
        let first = tempfile::tempdir().unwrap();
        let options = SaveOptions {
            create: true,
            overwrite: false,
        };
        let saved = save(&dataset, &Reviews::default(), first.path(), options).unwrap();
        assert_eq!(
            saved.written,
            dataset.layers.len() + 2 * dataset.documents.len()
        );
        let reloaded = crate::load_dir(first.path());
        assert!(reloaded.problems.is_empty(), "{:#?}", reloaded.problems);
        assert_eq!(reloaded.features.len(), dataset.features.len());
        assert_eq!(reloaded.provenance, saved.provenance);
        for a in &dataset.features {
            let b = reloaded.feature(&a.id).expect("saved");
            assert_eq!(a.geometry, b.geometry, "{}", a.id);
            assert_eq!(a.excerpts, b.excerpts, "{}", a.id);
            assert_eq!(a.extra, b.extra, "{}: unknown properties kept", a.id);
        }
        // Saved again where it came from: nothing to write.
        let again = save(
            &reloaded,
            &Reviews::default(),
            first.path(),
            SaveOptions::default(),
        )
        .unwrap();
        assert_eq!(again.written, 0);
        // And elsewhere: the same bytes.
        let second = tempfile::tempdir().unwrap();
        save(&reloaded, &Reviews::default(), second.path(), options).unwrap();
        assert_eq!(saved_files(first.path()), saved_files(second.path()));
        let towns =
            String::from_utf8(saved_files(first.path())["geodata/towns.geojson"].clone()).unwrap();
        assert!(
            towns.contains("\"geonameid\": 146970"),
            "a number stays a number"
        );
        assert!(
            towns.contains("\"coordinates\": [46.7528, 39.8177]"),
            "a coordinate on one line"
        );
    }

    #[test]
    fn edits_are_saved_and_a_deleted_feature_is_gone() {
        let mut dataset = crate::load_embedded();
        let mut history = History::default();
        history
            .apply(
                &mut dataset,
                Edit::DeleteFeature {
                    id: "town-shusha".into(),
                },
            )
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let options = SaveOptions {
            create: true,
            overwrite: false,
        };
        save(&dataset, &Reviews::default(), dir.path(), options).unwrap();
        let reloaded = crate::load_dir(dir.path());
        assert!(reloaded.problems.is_empty(), "{:#?}", reloaded.problems);
        assert!(reloaded.feature("town-shusha").is_none());
        assert_eq!(reloaded.features.len(), dataset.features.len());
    }

    #[test]
    fn a_file_changed_on_disk_is_not_overwritten_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let options = SaveOptions {
            create: true,
            overwrite: false,
        };
        let saved = save(
            &crate::load_embedded(),
            &Reviews::default(),
            dir.path(),
            options,
        )
        .unwrap();
        let mut dataset = crate::load_dir(dir.path());
        assert_eq!(dataset.provenance, saved.provenance);
        let towns = dir.path().join("geodata/towns.geojson");
        let theirs = std::fs::read_to_string(&towns)
            .unwrap()
            .replace("146970", "146971");
        std::fs::write(&towns, &theirs).unwrap();
        let mut history = History::default();
        history
            .apply(
                &mut dataset,
                Edit::DeleteFeature {
                    id: "lake-sevan".into(),
                },
            )
            .unwrap();
        let e = save(
            &dataset,
            &Reviews::default(),
            dir.path(),
            SaveOptions::default(),
        )
        .expect_err("changed on disk");
        assert!(
            matches!(&e, SaveError::ChangedOnDisk { files } if files == &["geodata/towns.geojson"]),
            "{e}"
        );
        assert_eq!(
            std::fs::read_to_string(&towns).unwrap(),
            theirs,
            "left alone"
        );
        assert!(
            crate::load_dir(dir.path()).feature("lake-sevan").is_some(),
            "nothing written"
        );
        save(
            &dataset,
            &Reviews::default(),
            dir.path(),
            SaveOptions {
                overwrite: true,
                ..options
            },
        )
        .unwrap();
        let reloaded = crate::load_dir(dir.path());
        assert!(reloaded.feature("lake-sevan").is_none());
        // Overwritten from the file as it now was: their change to an unknown property stays.
        assert!(std::fs::read_to_string(&towns).unwrap().contains("146971"));
    }

    #[test]
    fn a_folder_that_vanished_or_cannot_be_written_says_so_and_writes_nothing() {
        let dataset = crate::load_embedded();
        let base = tempfile::tempdir().unwrap();
        let gone = base.path().join("gone");
        let e = save(&dataset, &Reviews::default(), &gone, SaveOptions::default())
            .expect_err("no folder");
        assert!(e.to_string().contains("no longer exists"), "{e}");
        assert!(!gone.exists());
        // A file where the folder's geodata/ should be: nothing can be written.
        let blocked = base.path().join("blocked");
        std::fs::create_dir(&blocked).unwrap();
        std::fs::write(blocked.join("geodata"), "a file").unwrap();
        let e = save(
            &dataset,
            &Reviews::default(),
            &blocked,
            SaveOptions::default(),
        )
        .expect_err("cannot write");
        assert!(matches!(e, SaveError::Write { .. }), "{e}");
        assert!(e.to_string().contains("nothing was written"), "{e}");
        assert!(
            !blocked.join("seeds").exists()
                || std::fs::read_dir(blocked.join("seeds")).unwrap().count() == 0
        );
    }

    #[test]
    fn text_is_sorted_and_indented_with_coordinates_inline() {
        let value = json!({"b": [1, 2.5], "a": {"c": [[1, 2], [3, 4]], "d": []}});
        assert_eq!(
            to_text(&value),
            "{\n  \"a\": {\n    \"c\": [\n      [1, 2],\n      [3, 4]\n    ],\n    \"d\": []\n  },\n  \"b\": [1, 2.5]\n}\n"
        );
    }
}
