//! Changes to a loaded dossier, with undo and redo: each [`Edit`] is checked before it is made
//! (one that would leave the dossier invalid is refused, saying why, and changes nothing), and
//! kept as the feature or document it replaced, so undoing puts that back exactly.

use std::fmt;

use geo::{Coord, Geometry, Validation};

use super::check::consistency_problems;
use super::document::DocumentMeta;
use super::excerpt;
use super::model::{Accuracy, Control, Dataset, Feature, Kind, Layer, Names, Usages, bbox_of};
use super::review::{Review, Reviews, Verdict};
use super::vertex::{self, VertexRef};
use karabakh_time::{PartialDate, Validity};

/// What the feature editor sets: every property of a feature but its id, geometry and links.
#[derive(Clone, Debug, PartialEq)]
pub struct FeatureFields {
    pub kind: Kind,
    /// The name as written: for a disputed place both usages ("Stepanakert / Khankendi").
    pub name: String,
    /// The usages and native scripts (empty fields: not known).
    pub usages: Usages,
    pub valid_from: Option<PartialDate>,
    pub valid_to: Option<PartialDate>,
    pub date_note: Option<String>,
    pub description: Option<String>,
    pub source: String,
    pub accuracy: Accuracy,
    pub control: Option<Control>,
    pub country: Option<String>,
}

impl FeatureFields {
    /// The fields of `feature` as they are.
    pub fn of(feature: &Feature) -> Self {
        FeatureFields {
            kind: feature.kind,
            name: feature.names.display.clone(),
            usages: feature.names.usages.as_deref().cloned().unwrap_or_default(),
            valid_from: feature.validity.from(),
            valid_to: feature.validity.to(),
            date_note: feature.date_note.clone(),
            description: feature.description.clone(),
            source: feature.source.to_string(),
            accuracy: feature.accuracy.clone(),
            control: feature.control,
            country: feature.country.as_deref().map(str::to_owned),
        }
    }
}

/// A feature drawn by the user, before it is checked.
#[derive(Clone, Debug)]
pub struct NewFeature {
    pub id: String,
    /// The layer it joins; a layer of that id is made (`geodata/ID.geojson`) if there is none.
    pub layer: String,
    pub fields: FeatureFields,
    pub geometry: Geometry<f64>,
}

/// One change to the dossier, as the user asks for it.
#[derive(Clone, Debug)]
pub enum Edit {
    AddFeature(Box<NewFeature>),
    DeleteFeature {
        id: String,
    },
    MoveVertex {
        id: String,
        at: VertexRef,
        to: Coord<f64>,
    },
    /// A vertex at `position` inserted at `at` (before the vertex there).
    InsertVertex {
        id: String,
        at: VertexRef,
        position: Coord<f64>,
    },
    DeleteVertex {
        id: String,
        at: VertexRef,
    },
    SetFields {
        id: String,
        fields: Box<FeatureFields>,
    },
    /// A curated excerpt: `quote` must stand verbatim in document `doc`; of a quote the text
    /// holds more than once, the occurrence at byte `at` (the one the reader selected).
    LinkExcerpt {
        feature: String,
        doc: String,
        quote: String,
        at: Option<usize>,
    },
    UnlinkExcerpt {
        feature: String,
        doc: String,
        quote: String,
    },
    SetDocumentMeta {
        doc: String,
        meta: Box<DocumentMeta>,
    },
    /// Suggested links reviewed: each verdict kept, replacing an earlier one on the same
    /// suggestion (a rejection names every place the words could mean).
    Review(Vec<Review>),
    /// A suggestion accepted: the edit making its link and the verdict, in one step, so that
    /// undoing it leaves no stale "accepted".
    Accept {
        link: Box<Edit>,
        review: Review,
    },
}

impl Edit {
    /// What it does, in a reader's words, for the Undo and Redo menu entries.
    pub fn label(&self) -> String {
        match self {
            Edit::AddFeature(new) => format!("add {}", new.fields.name),
            Edit::DeleteFeature { id } => format!("delete {id}"),
            Edit::MoveVertex { id, .. } => format!("move a vertex of {id}"),
            Edit::InsertVertex { id, .. } => format!("insert a vertex in {id}"),
            Edit::DeleteVertex { id, .. } => format!("delete a vertex of {id}"),
            Edit::SetFields { id, .. } => format!("edit {id}"),
            Edit::LinkExcerpt { feature, doc, .. } => format!("link {feature} to {doc}"),
            Edit::UnlinkExcerpt { feature, doc, .. } => format!("unlink {feature} from {doc}"),
            Edit::SetDocumentMeta { doc, .. } => format!("edit the metadata of {doc}"),
            Edit::Review(reviews) => match reviews.first() {
                Some(r) if r.verdict == Verdict::Rejected => {
                    format!("reject \"{}\" in {}", r.words, r.doc)
                }
                Some(r) => format!("accept \"{}\" in {}", r.words, r.doc),
                None => "review".to_owned(),
            },
            Edit::Accept { link, .. } => link.label(),
        }
    }
}

/// Why an edit was refused; the dossier is as it was.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("no feature {0:?}")]
    NoSuchFeature(String),
    #[error("no document {0:?}")]
    NoSuchDocument(String),
    #[error("a feature {0:?} exists already")]
    DuplicateId(String),
    #[error("feature id {0:?} may hold only letters, digits, '-', '_', '.', ':'")]
    BadId(String),
    #[error("layer id {0:?} may hold only letters, digits, '-' and '_'")]
    BadLayer(String),
    #[error("{id}: {source}")]
    Vertex {
        id: String,
        source: vertex::VertexError,
    },
    #[error("{id}: {message}")]
    Invalid { id: String, message: String },
    #[error("{feature} is already linked to that passage of {doc}")]
    AlreadyLinked { feature: String, doc: String },
    #[error("{feature} has no link to that passage of {doc}")]
    NotLinked { feature: String, doc: String },
}

fn invalid(id: &str, message: impl fmt::Display) -> EditError {
    EditError::Invalid {
        id: id.to_owned(),
        message: message.to_string(),
    }
}

/// What an edit replaced: undoing puts `before` back, redoing `after`.
#[derive(Clone, Debug)]
enum Change {
    /// The feature at `index` (None: there was none, or there is none after).
    Feature {
        index: usize,
        before: Option<Box<Feature>>,
        after: Option<Box<Feature>>,
        /// A layer made for an added feature, removed again on undo.
        layer: Option<Layer>,
    },
    Document {
        index: usize,
        before: Box<DocumentMeta>,
        after: Box<DocumentMeta>,
    },
    Reviews {
        before: Box<Reviews>,
        after: Box<Reviews>,
    },
    /// Changes made together: forward in order, back in reverse.
    Many(Vec<Change>),
}

#[derive(Clone, Debug)]
struct Step {
    label: String,
    change: Change,
    /// Counts every step made, so that "saved" names one state of the history.
    serial: u64,
}

/// The edits made, and those undone that can be redone; whether the dossier is as last saved.
#[derive(Clone, Debug, Default)]
pub struct History {
    done: Vec<Step>,
    undone: Vec<Step>,
    made: u64,
    /// The serial of the last step done when the dossier was saved (0: none, as loaded).
    saved: u64,
}

impl History {
    /// Checks `edit` and makes it in `dataset`, or refuses it and changes nothing.
    pub fn apply(&mut self, dataset: &mut Dataset, edit: Edit) -> Result<(), EditError> {
        let label = edit.label();
        let change = plan(dataset, edit)?;
        // Tried in place, and taken back if it gives the dossier a problem across features
        // (a town outside its country, two sides on the same ground, a document older than
        // the event it reports) that it did not have.
        let before = consistency_problems(dataset);
        put(dataset, &change, Direction::Forward);
        let mut found = consistency_problems(dataset);
        found.retain(|p| !before.contains(p));
        if let Some(p) = found.first() {
            put(dataset, &change, Direction::Back);
            return Err(invalid(p.feature.as_deref().unwrap_or(&p.file), &p.message));
        }
        self.made += 1;
        self.done.push(Step {
            label,
            change,
            serial: self.made,
        });
        self.undone.clear();
        Ok(())
    }

    /// Undoes the last edit; what it was, if there was one.
    pub fn undo(&mut self, dataset: &mut Dataset) -> Option<String> {
        let step = self.done.pop()?;
        put(dataset, &step.change, Direction::Back);
        let label = step.label.clone();
        self.undone.push(step);
        Some(label)
    }

    /// Makes again the last edit undone; what it was, if there was one.
    pub fn redo(&mut self, dataset: &mut Dataset) -> Option<String> {
        let step = self.undone.pop()?;
        put(dataset, &step.change, Direction::Forward);
        let label = step.label.clone();
        self.done.push(step);
        Some(label)
    }

    /// What Undo would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.done.last().map(|s| s.label.as_str())
    }

    /// What Redo would make again.
    pub fn redo_label(&self) -> Option<&str> {
        self.undone.last().map(|s| s.label.as_str())
    }

    /// Whether the dossier differs from what was last saved (or loaded).
    pub fn is_modified(&self) -> bool {
        self.done.last().map_or(0, |s| s.serial) != self.saved
    }

    /// Whether any edit was ever made (undone or not).
    pub fn has_edits(&self) -> bool {
        self.made > 0
    }

    /// Notes that the dossier as it now is was saved.
    pub fn mark_saved(&mut self) {
        self.saved = self.done.last().map_or(0, |s| s.serial);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Forward,
    Back,
}

/// Puts the change's `after` (forward) or `before` (back) in place.
fn put(dataset: &mut Dataset, change: &Change, direction: Direction) {
    let forward = direction == Direction::Forward;
    match change {
        Change::Feature {
            index,
            before,
            after,
            layer,
        } => {
            let (old, new) = if forward {
                (before, after)
            } else {
                (after, before)
            };
            match (old, new) {
                (Some(_), Some(new)) => {
                    if let Some(slot) = dataset.features.get_mut(*index) {
                        *slot = (**new).clone();
                    }
                }
                (None, Some(new)) => {
                    let at = (*index).min(dataset.features.len());
                    dataset.features.insert(at, (**new).clone());
                }
                (Some(_), None) => {
                    if *index < dataset.features.len() {
                        dataset.features.remove(*index);
                    }
                }
                (None, None) => {}
            }
            if let Some(layer) = layer {
                if forward {
                    dataset.layers.push(layer.clone());
                } else {
                    dataset.layers.retain(|l| l.id != layer.id);
                }
            }
        }
        Change::Document {
            index,
            before,
            after,
        } => {
            if let Some(doc) = dataset.documents.get_mut(*index) {
                doc.meta = if forward {
                    (**after).clone()
                } else {
                    (**before).clone()
                };
            }
        }
        Change::Reviews { before, after } => {
            dataset.reviews = if forward { after } else { before }.as_ref().clone();
        }
        Change::Many(changes) if forward => {
            changes.iter().for_each(|c| put(dataset, c, direction));
        }
        Change::Many(changes) => {
            changes
                .iter()
                .rev()
                .for_each(|c| put(dataset, c, direction));
        }
    }
    dataset.forget_derived();
}

/// The change `edit` makes, checked, or why it cannot be made.
fn plan(dataset: &Dataset, edit: Edit) -> Result<Change, EditError> {
    let feature_at = |id: &str| {
        dataset
            .feature_index(id)
            .and_then(|i| Some((i, dataset.features.get(i)?)))
            .ok_or_else(|| EditError::NoSuchFeature(id.to_owned()))
    };
    let replaced = |index: usize, old: &Feature, new: Feature| -> Result<Change, EditError> {
        check_feature(&new, Some(old))?;
        Ok(Change::Feature {
            index,
            before: Some(Box::new(old.clone())),
            after: Some(Box::new(new)),
            layer: None,
        })
    };
    match edit {
        Edit::AddFeature(new) => plan_addition(dataset, *new),
        Edit::DeleteFeature { id } => {
            let (index, old) = feature_at(&id)?;
            Ok(Change::Feature {
                index,
                before: Some(Box::new(old.clone())),
                after: None,
                layer: None,
            })
        }
        Edit::MoveVertex { id, at, to } => {
            let (index, old) = feature_at(&id)?;
            let geometry = vertex::moved(&old.geometry, at, to);
            replaced(index, old, with_geometry(old, geometry, &id)?)
        }
        Edit::InsertVertex { id, at, position } => {
            let (index, old) = feature_at(&id)?;
            let geometry = vertex::inserted(&old.geometry, at, position);
            replaced(index, old, with_geometry(old, geometry, &id)?)
        }
        Edit::DeleteVertex { id, at } => {
            let (index, old) = feature_at(&id)?;
            let geometry = vertex::deleted(&old.geometry, at);
            replaced(index, old, with_geometry(old, geometry, &id)?)
        }
        Edit::SetFields { id, fields } => {
            let (index, old) = feature_at(&id)?;
            replaced(index, old, with_fields(old.clone(), *fields)?)
        }
        Edit::LinkExcerpt {
            feature,
            doc,
            quote,
            at,
        } => {
            let (index, old) = feature_at(&feature)?;
            replaced(index, old, linked(dataset, old, doc, (quote, at))?)
        }
        Edit::UnlinkExcerpt {
            feature,
            doc,
            quote,
        } => {
            let (index, old) = feature_at(&feature)?;
            let mut new = old.clone();
            new.excerpts.retain(|l| !(l.doc == doc && l.quote == quote));
            if new.excerpts.len() == old.excerpts.len() {
                return Err(EditError::NotLinked { feature, doc });
            }
            replaced(index, old, new)
        }
        Edit::SetDocumentMeta { doc, meta } => plan_meta(dataset, &doc, *meta),
        Edit::Review(reviews) => Ok(reviewed(dataset, reviews)),
        Edit::Accept { link, review } => {
            let linked = plan(dataset, *link)?;
            Ok(Change::Many(vec![linked, reviewed(dataset, vec![review])]))
        }
    }
}

/// The dossier's reviews with `reviews` kept.
fn reviewed(dataset: &Dataset, reviews: Vec<Review>) -> Change {
    let before = Box::new(dataset.reviews.clone());
    let after = Box::new(dataset.reviews.clone().with(reviews));
    Change::Reviews { before, after }
}

/// `old` with a link to `quote` in `doc`, found there verbatim (the occurrence nearest `at`).
fn linked(
    dataset: &Dataset,
    old: &Feature,
    doc: String,
    (quote, at): (String, Option<usize>),
) -> Result<Feature, EditError> {
    let feature = old.id.clone();
    let link =
        excerpt::resolve(&dataset.documents, &doc, &quote, at).map_err(|e| invalid(&feature, e))?;
    if old.excerpts.contains(&link) {
        return Err(EditError::AlreadyLinked { feature, doc });
    }
    let mut new = old.clone();
    new.excerpts.push(link);
    Ok(new)
}

fn plan_addition(dataset: &Dataset, new: NewFeature) -> Result<Change, EditError> {
    if !super::schema::is_valid_feature_id(&new.id) || new.id.is_empty() {
        return Err(EditError::BadId(new.id));
    }
    if dataset.feature_index(&new.id).is_some() {
        return Err(EditError::DuplicateId(new.id));
    }
    let layer_ok = !new.layer.is_empty()
        && new
            .layer
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'));
    if !layer_ok {
        return Err(EditError::BadLayer(new.layer));
    }
    let layer = (!dataset.layers.iter().any(|l| l.id == new.layer)).then(|| Layer {
        id: new.layer.clone(),
        title: new.layer.clone(),
        path: format!("geodata/{}.geojson", new.layer),
    });
    let bbox = bbox_of(&new.geometry).ok_or_else(|| invalid(&new.id, "no coordinates"))?;
    let blank = Feature {
        id: new.id.clone(),
        layer: new.layer.as_str().into(),
        kind: new.fields.kind,
        names: Names::default(),
        validity: Validity::default(),
        date_note: None,
        description: None,
        excerpts: Vec::new(),
        source: "".into(),
        accuracy: Accuracy::Unstated,
        geometry: new.geometry,
        bbox,
        control: None,
        country: None,
        extra: Default::default(),
    };
    let feature = with_fields(blank, new.fields)?;
    check_feature(&feature, None)?;
    // After the last feature of its layer, so that layers keep together.
    let index = dataset
        .features
        .iter()
        .rposition(|f| *f.layer == *new.layer)
        .map_or(dataset.features.len(), |i| i + 1);
    Ok(Change::Feature {
        index,
        before: None,
        after: Some(Box::new(feature)),
        layer,
    })
}

fn plan_meta(dataset: &Dataset, doc: &str, meta: DocumentMeta) -> Result<Change, EditError> {
    let index = dataset
        .documents
        .iter()
        .position(|d| d.id == doc)
        .ok_or_else(|| EditError::NoSuchDocument(doc.to_owned()))?;
    if meta.title.trim().is_empty() {
        return Err(invalid(doc, "a document needs a title"));
    }
    if let Some(date) = &meta.date {
        PartialDate::parse(date).map_err(|e| invalid(doc, format!("date: {e}")))?;
    }
    let blank = |field: &Option<String>| field.as_ref().is_some_and(|s| s.trim().is_empty());
    let fields = [&meta.outlet, &meta.author, &meta.address, &meta.date_note];
    if fields.into_iter().any(blank) {
        return Err(invalid(
            doc,
            "an empty field is left out, not written empty",
        ));
    }
    let before = dataset
        .documents
        .get(index)
        .map(|d| Box::new(d.meta.clone()))
        .unwrap_or_default();
    Ok(Change::Document {
        index,
        before,
        after: Box::new(meta),
    })
}

/// `old` with `geometry` (or why it could not be made) and its box.
fn with_geometry(
    old: &Feature,
    geometry: Result<Geometry<f64>, vertex::VertexError>,
    id: &str,
) -> Result<Feature, EditError> {
    let geometry = geometry.map_err(|source| EditError::Vertex {
        id: id.to_owned(),
        source,
    })?;
    let bbox = bbox_of(&geometry).ok_or_else(|| invalid(id, "no coordinates left"))?;
    Ok(Feature {
        geometry,
        bbox,
        ..old.clone()
    })
}

/// `feature` with `fields`, the dates checked against each other.
fn with_fields(feature: Feature, fields: FeatureFields) -> Result<Feature, EditError> {
    let validity = Validity::new(fields.valid_from, fields.valid_to)
        .map_err(|e| invalid(&feature.id, format!("validity: {e}")))?;
    let usages = (fields.usages != Usages::default()).then(|| Box::new(fields.usages));
    Ok(Feature {
        kind: fields.kind,
        names: Names {
            display: fields.name,
            usages,
        },
        validity,
        date_note: fields.date_note,
        description: fields.description,
        source: fields.source.into(),
        accuracy: fields.accuracy,
        control: fields.control,
        country: fields.country.map(String::into_boxed_str),
        ..feature
    })
}

/// The rules the schema holds a dossier's feature to, on its own; `old` is the feature it
/// replaces, whose geometry, if already invalid as loaded, is not held against an edit.
fn check_feature(feature: &Feature, old: Option<&Feature>) -> Result<(), EditError> {
    let id = feature.id.as_str();
    let blank = |s: &str| s.trim().is_empty();
    if blank(&feature.names.display) {
        return Err(invalid(id, "a feature needs a name"));
    }
    if let Some(u) = &feature.names.usages {
        let names = [&u.hy, &u.az, &u.hy_native, &u.az_native];
        if names.into_iter().flatten().any(|n| blank(n)) {
            return Err(invalid(id, "a name left empty is left out"));
        }
    }
    if blank(&feature.source) {
        return Err(invalid(
            id,
            "a feature needs a source (where its geometry comes from)",
        ));
    }
    match &feature.accuracy {
        Accuracy::Approximate { reason } if blank(reason) => {
            return Err(invalid(id, "approximate geometry needs a note saying why"));
        }
        Accuracy::Unstated => {
            return Err(invalid(id, "say how accurate the geometry is"));
        }
        _ => {}
    }
    let empty = |s: &Option<String>| s.as_deref().is_some_and(blank);
    if empty(&feature.date_note) || empty(&feature.description) {
        return Err(invalid(id, "an empty note is left out, not written empty"));
    }
    if feature.country.as_deref().is_some_and(blank) {
        return Err(invalid(id, "\"country\" is empty"));
    }
    check_kind(feature)?;
    let geometry_changed = old.is_none_or(|o| o.geometry != feature.geometry);
    let was_valid = old.is_none_or(|o| o.geometry.is_valid());
    if geometry_changed && was_valid {
        check_geometry(&feature.geometry).map_err(|m| invalid(id, m))?;
    }
    Ok(())
}

/// What the kind asks of the other fields: an area of control says who held it and is an
/// area; a town says its country; only areas of control and regions say who held them.
fn check_kind(feature: &Feature) -> Result<(), EditError> {
    let id = feature.id.as_str();
    let polygonal = matches!(
        feature.geometry,
        Geometry::Polygon(_) | Geometry::MultiPolygon(_)
    );
    match feature.kind {
        Kind::Control if feature.control.is_none() => {
            Err(invalid(id, "an area of control needs who held it"))
        }
        Kind::Control if !polygonal => Err(invalid(id, "an area of control must be an area")),
        Kind::Control | Kind::Region => Ok(()),
        _ if feature.control.is_some() => Err(invalid(
            id,
            format!(
                "only areas of control and regions say who held them, not a {}",
                feature.kind
            ),
        )),
        Kind::Town if feature.country.is_none() => Err(invalid(
            id,
            "a town needs the id of the country feature it lies in",
        )),
        _ => Ok(()),
    }
}

/// Whether a geometry is one the dossier can hold: finite longitudes and latitudes in range,
/// lines of two points or more, rings of three vertices or more that do not cross themselves.
pub fn check_geometry(geometry: &Geometry<f64>) -> Result<(), String> {
    for (_, c) in vertex::vertices(geometry) {
        let on_globe = (-180.0..=180.0).contains(&c.x) && (-90.0..=90.0).contains(&c.y);
        if !on_globe {
            return Err(format!("coordinate {}, {} is off the globe", c.y, c.x));
        }
    }
    geometry
        .check_validation()
        .map_err(|e| format!("geometry: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{coord, point, polygon};

    fn dossier() -> Dataset {
        crate::load_embedded()
    }

    /// A town of Armenia, near Goris.
    fn town(id: &str) -> NewFeature {
        NewFeature {
            id: id.to_owned(),
            layer: "drawn".to_owned(),
            fields: FeatureFields {
                kind: Kind::Town,
                name: "Goris".to_owned(),
                usages: Usages {
                    hy: Some("Goris".to_owned()),
                    hy_native: Some("Գորիս".to_owned()),
                    ..Usages::default()
                },
                valid_from: None,
                valid_to: None,
                date_note: None,
                description: None,
                source: "placed by hand".to_owned(),
                accuracy: Accuracy::Approximate {
                    reason: "clicked on the map".to_owned(),
                },
                control: None,
                country: Some("armenia".to_owned()),
            },
            geometry: Geometry::Point(point!(x: 46.34, y: 39.51)),
        }
    }

    fn area(id: &str) -> NewFeature {
        NewFeature {
            id: id.to_owned(),
            geometry: Geometry::Polygon(polygon![
                (x: 46.0, y: 39.0),
                (x: 46.2, y: 39.0),
                (x: 46.2, y: 39.2),
                (x: 46.0, y: 39.2),
            ]),
            fields: FeatureFields {
                kind: Kind::Area,
                country: None,
                ..town(id).fields
            },
            ..town(id)
        }
    }

    #[test]
    fn an_added_feature_is_undone_and_redone_with_its_new_layer() {
        let mut d = dossier();
        let (features, layers) = (d.features.len(), d.layers.len());
        let mut history = History::default();
        assert!(!history.is_modified());
        history
            .apply(&mut d, Edit::AddFeature(Box::new(town("goris"))))
            .expect("a valid town");
        assert!(history.is_modified());
        assert_eq!(d.features.len(), features + 1);
        assert_eq!(d.layers.len(), layers + 1);
        assert_eq!(
            d.layers.last().map(|l| l.path.as_str()),
            Some("geodata/drawn.geojson")
        );
        assert_eq!(
            d.feature("goris").map(|f| f.names.display.as_str()),
            Some("Goris")
        );
        assert_eq!(history.undo_label(), Some("add Goris"));
        assert_eq!(history.undo(&mut d).as_deref(), Some("add Goris"));
        assert!(d.feature("goris").is_none());
        assert_eq!((d.features.len(), d.layers.len()), (features, layers));
        assert!(!history.is_modified(), "back as loaded");
        assert_eq!(history.redo(&mut d).as_deref(), Some("add Goris"));
        assert!(d.feature("goris").is_some());
        history.mark_saved();
        assert!(!history.is_modified());
        history.undo(&mut d);
        assert!(history.is_modified(), "differs from what was saved");
        assert!(history.redo(&mut d).is_some());
        assert!(history.redo(&mut d).is_none(), "nothing more to redo");
    }

    #[test]
    fn a_new_edit_drops_what_could_be_redone() {
        let mut d = dossier();
        let mut history = History::default();
        history
            .apply(&mut d, Edit::AddFeature(Box::new(town("a"))))
            .unwrap();
        history.undo(&mut d);
        history
            .apply(&mut d, Edit::AddFeature(Box::new(area("b"))))
            .unwrap();
        assert!(history.redo_label().is_none());
        assert!(d.feature("a").is_none() && d.feature("b").is_some());
    }

    #[test]
    fn an_invalid_edit_is_refused_and_changes_nothing() {
        let mut d = dossier();
        let mut history = History::default();
        history
            .apply(&mut d, Edit::AddFeature(Box::new(area("x"))))
            .unwrap();
        let before: Vec<_> = d
            .features
            .iter()
            .map(|f| (f.id.clone(), f.geometry.clone()))
            .collect();
        let mut unnamed = town("t");
        unnamed.fields.name = " ".to_owned();
        let mut vague = town("t");
        vague.fields.accuracy = Accuracy::Approximate {
            reason: String::new(),
        };
        let mut abroad = town("t");
        abroad.geometry = Geometry::Point(point!(x: 47.5, y: 40.5)); // in Azerbaijan
        let mut backwards = town("t");
        backwards.fields.valid_from = PartialDate::parse("2023-09-20").ok();
        backwards.fields.valid_to = PartialDate::parse("2022").ok();
        let mut held = area("t");
        held.fields.control = Some(Control {
            held_by: crate::HeldBy::Azerbaijan,
            peacekeepers: false,
        });
        let cases: Vec<(Edit, &str)> = vec![
            (Edit::AddFeature(Box::new(unnamed)), "needs a name"),
            (Edit::AddFeature(Box::new(vague)), "needs a note saying why"),
            (Edit::AddFeature(Box::new(abroad)), "outside its country"),
            (Edit::AddFeature(Box::new(backwards)), "validity"),
            (
                Edit::AddFeature(Box::new(held)),
                "only areas of control and regions",
            ),
            (Edit::AddFeature(Box::new(town("x"))), "exists already"),
            (Edit::AddFeature(Box::new(town("a b"))), "may hold only"),
            (
                // The square's corner dragged across: a bow tie.
                Edit::MoveVertex {
                    id: "x".into(),
                    at: VertexRef::new(0, 0, 1),
                    to: coord! { x: 46.0, y: 39.4 },
                },
                "self-intersection",
            ),
            (Edit::DeleteFeature { id: "nope".into() }, "no feature"),
            (
                Edit::LinkExcerpt {
                    feature: "x".into(),
                    doc: "000_fc013494f2dd923c".into(),
                    quote: "words that are not there".into(),
                    at: None,
                },
                "quote not found",
            ),
        ];
        for (edit, needle) in cases {
            let label = edit.label();
            let e = history.apply(&mut d, edit).expect_err(needle);
            assert!(e.to_string().contains(needle), "{label}: {e}");
            let after: Vec<_> = d
                .features
                .iter()
                .map(|f| (f.id.clone(), f.geometry.clone()))
                .collect();
            assert!(after == before, "{label} changed the dossier");
        }
        assert_eq!(
            history.undo_label(),
            Some("add Goris"),
            "refusals are not history"
        );
        let corner = || Edit::DeleteVertex {
            id: "x".into(),
            at: VertexRef::new(0, 0, 0),
        };
        history
            .apply(&mut d, corner())
            .expect("a triangle is an area");
        let e = history
            .apply(&mut d, corner())
            .expect_err("two corners are not");
        assert!(e.to_string().contains("at least 3"), "{e}");
    }

    #[test]
    fn vertices_move_insert_and_delete_and_undo_restores_the_geometry() {
        let mut d = dossier();
        let mut history = History::default();
        history
            .apply(&mut d, Edit::AddFeature(Box::new(area("x"))))
            .unwrap();
        let original = d.feature("x").unwrap().geometry.clone();
        let edits = [
            Edit::InsertVertex {
                id: "x".into(),
                at: VertexRef::new(0, 0, 4),
                position: coord! { x: 45.9, y: 39.1 },
            },
            Edit::MoveVertex {
                id: "x".into(),
                at: VertexRef::new(0, 0, 2),
                to: coord! { x: 46.3, y: 39.3 },
            },
            Edit::DeleteVertex {
                id: "x".into(),
                at: VertexRef::new(0, 0, 1),
            },
        ];
        for edit in edits {
            history.apply(&mut d, edit).unwrap();
        }
        let f = d.feature("x").unwrap();
        assert_eq!(vertex::vertices(&f.geometry).len(), 4);
        assert!(f.bbox.max().x > 46.25, "the box follows the geometry");
        for _ in 0..3 {
            history.undo(&mut d);
        }
        assert_eq!(d.feature("x").unwrap().geometry, original);
    }

    #[test]
    fn fields_set_and_undone_exactly() {
        let mut d = dossier();
        let mut history = History::default();
        let old = d.feature("town-stepanakert").unwrap().clone();
        let mut fields = FeatureFields::of(&old);
        fields.usages.az_native = Some("Xankəndi".to_owned());
        fields.date_note = Some("renamed in 1991".to_owned());
        fields.valid_from = PartialDate::parse("1923-07").ok();
        history
            .apply(
                &mut d,
                Edit::SetFields {
                    id: old.id.clone(),
                    fields: Box::new(fields),
                },
            )
            .unwrap();
        let new = d.feature("town-stepanakert").unwrap();
        assert_eq!(new.date_note.as_deref(), Some("renamed in 1991"));
        assert_eq!(
            new.validity.from().map(|p| p.to_string()).as_deref(),
            Some("1923-07")
        );
        history.undo(&mut d);
        let back = d.feature("town-stepanakert").unwrap();
        assert_eq!(FeatureFields::of(back), FeatureFields::of(&old));
    }

    #[test]
    fn a_feature_deleted_comes_back_in_its_place() {
        let mut d = dossier();
        let mut history = History::default();
        let index = d.feature_index("town-shusha").unwrap();
        history
            .apply(
                &mut d,
                Edit::DeleteFeature {
                    id: "town-shusha".into(),
                },
            )
            .unwrap();
        assert!(d.feature("town-shusha").is_none());
        history.undo(&mut d);
        assert_eq!(d.feature_index("town-shusha"), Some(index));
    }

    #[test]
    fn excerpts_link_verbatim_and_unlink() {
        let mut d = dossier();
        let mut history = History::default();
        let doc = "000_fc013494f2dd923c".to_owned();
        let quote = "The first evacuees arrived in Armenia on Sunday afternoon".to_owned();
        let link = Edit::LinkExcerpt {
            feature: "armenia".into(),
            doc: doc.clone(),
            quote: quote.clone(),
            at: None,
        };
        history.apply(&mut d, link.clone()).unwrap();
        let f = d.feature("armenia").unwrap();
        let l = f.excerpts.last().unwrap();
        let text = &d.document(&doc).unwrap().text;
        assert_eq!(&text[l.span.clone()], quote);
        assert!(matches!(
            history.apply(&mut d, link),
            Err(EditError::AlreadyLinked { .. })
        ));
        let unlink = Edit::UnlinkExcerpt {
            feature: "armenia".into(),
            doc,
            quote,
        };
        history.apply(&mut d, unlink.clone()).unwrap();
        assert!(matches!(
            history.apply(&mut d, unlink),
            Err(EditError::NotLinked { .. })
        ));
    }

    #[test]
    fn document_metadata_is_checked_and_undone() {
        let mut d = dossier();
        let mut history = History::default();
        let doc = d.documents[0].id.clone();
        let old = d.documents[0].meta.clone();
        let bad = DocumentMeta {
            date: Some("25 Sept".into()),
            ..old.clone()
        };
        let e = history
            .apply(
                &mut d,
                Edit::SetDocumentMeta {
                    doc: doc.clone(),
                    meta: Box::new(bad),
                },
            )
            .expect_err("not a date");
        assert!(e.to_string().contains("date"), "{e}");
        let untitled = DocumentMeta {
            title: String::new(),
            ..old.clone()
        };
        assert!(
            history
                .apply(
                    &mut d,
                    Edit::SetDocumentMeta {
                        doc: doc.clone(),
                        meta: Box::new(untitled)
                    }
                )
                .is_err()
        );
        let good = DocumentMeta {
            outlet: Some("An outlet".into()),
            author: Some("A. Writer".into()),
            address: Some("https://example.org/report".into()),
            ..old.clone()
        };
        history
            .apply(
                &mut d,
                Edit::SetDocumentMeta {
                    doc: doc.clone(),
                    meta: Box::new(good.clone()),
                },
            )
            .unwrap();
        assert_eq!(d.documents[0].meta, good);
        history.undo(&mut d);
        assert_eq!(d.documents[0].meta, old);
    }

    #[test]
    fn reviews_are_edits_and_undoing_an_accept_forgets_its_verdict() {
        let mut d = dossier();
        let mut history = History::default();
        let doc = "000_fc013494f2dd923c";
        let quote = "The first evacuees arrived in Armenia on Sunday afternoon";
        let start = d.document(doc).unwrap().text.find("Armenia").unwrap();
        let review = |place: &str, verdict| Review {
            doc: doc.to_owned(),
            start,
            words: "Armenia".to_owned(),
            place: place.to_owned(),
            verdict,
        };
        history
            .apply(
                &mut d,
                Edit::Review(vec![review("armenia", Verdict::Rejected)]),
            )
            .unwrap();
        assert!(history.is_modified(), "a rejection is an unsaved edit");
        assert_eq!(
            history.undo_label(),
            Some("reject \"Armenia\" in 000_fc013494f2dd923c")
        );
        assert_eq!(d.reviews.reviews, [review("armenia", Verdict::Rejected)]);
        history.undo(&mut d);
        assert!(d.reviews.reviews.is_empty(), "undone");
        assert!(!history.is_modified());

        let accept = Edit::Accept {
            link: Box::new(Edit::LinkExcerpt {
                feature: "armenia".into(),
                doc: doc.into(),
                quote: quote.into(),
                at: None,
            }),
            review: review("armenia", Verdict::Accepted),
        };
        history.apply(&mut d, accept).unwrap();
        assert_eq!(
            history.undo_label(),
            Some("link armenia to 000_fc013494f2dd923c")
        );
        assert_eq!(d.reviews.reviews, [review("armenia", Verdict::Accepted)]);
        let linked = |d: &Dataset| {
            d.feature("armenia")
                .unwrap()
                .excerpts
                .iter()
                .any(|l| l.quote == quote)
        };
        assert!(linked(&d));
        history.undo(&mut d);
        assert!(!linked(&d) && d.reviews.reviews.is_empty(), "both undone");
        history.redo(&mut d);
        assert!(linked(&d) && d.reviews.reviews.len() == 1, "both redone");
    }
}
