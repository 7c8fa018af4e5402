//! The `check` report: what a dossier holds, which passages are linked, and what is wrong.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use geo::{BooleanOps, GeodesicArea, Geometry, Intersects, MultiPolygon};

use super::document::Document;
use super::model::{Dataset, Feature, Kind, Problem};

/// A summary of a loaded dataset, printable as the `check` command's output.
pub struct Report<'a> {
    pub source: String,
    pub dataset: &'a Dataset,
    /// What deserves a look but is no error (suggested links never reviewed).
    pub warnings: Vec<String>,
}

impl Report<'_> {
    /// Whether the dossier is free of errors.
    pub fn is_ok(&self) -> bool {
        self.dataset.problems.is_empty()
    }

    /// How many paragraphs of all documents are linked, and how many there are.
    pub fn paragraph_coverage(&self) -> (usize, usize) {
        self.dataset
            .documents
            .iter()
            .fold((0, 0), |(linked, total), doc| {
                let flags = self.dataset.linked_paragraphs(doc);
                (
                    linked + flags.iter().filter(|&&l| l).count(),
                    total + flags.len(),
                )
            })
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Karabakh Atlas — dossier check ({})", self.source)?;
        writeln!(f)?;
        self.layers(f)?;
        writeln!(f)?;
        self.documents(f)?;
        writeln!(f)?;
        if !self.warnings.is_empty() {
            writeln!(f, "Warnings ({}):", self.warnings.len())?;
        }
        for warning in &self.warnings {
            writeln!(f, "  warning: {warning}")?;
        }
        self.problems(f)
    }
}

impl Report<'_> {
    /// Each layer with its features counted by kind, and the total.
    fn layers(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let data = self.dataset;
        writeln!(f, "Layers ({}):", data.layers.len())?;
        for layer in &data.layers {
            let mut kinds: BTreeMap<Kind, usize> = BTreeMap::new();
            for feature in data.features.iter().filter(|x| *x.layer == *layer.id) {
                *kinds.entry(feature.kind).or_default() += 1;
            }
            let count: usize = kinds.values().sum();
            let by_kind: Vec<String> = kinds
                .iter()
                .map(|(kind, n)| format!("{kind} {n}"))
                .collect();
            writeln!(
                f,
                "  {:<14} {:>3} features  ({})",
                layer.id,
                count,
                by_kind.join(", ")
            )?;
        }
        let approximate = data
            .features
            .iter()
            .filter(|x| x.accuracy.is_approximate())
            .count();
        writeln!(
            f,
            "  total          {:>3} features, {} of them approximate (each says why)",
            data.features.len(),
            approximate
        )
    }

    /// Each document with its paragraphs and the features that link them, and how many
    /// paragraphs and passages are linked in all.
    fn documents(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let data = self.dataset;
        writeln!(f, "Documents ({}):", data.documents.len())?;
        for doc in &data.documents {
            writeln!(
                f,
                "  {} — {:?}, {}",
                doc.id,
                doc.meta.title,
                doc.meta.date_label()
            )?;
            self.paragraphs(f, doc)?;
        }
        let links: Vec<_> = data.features.iter().flat_map(|x| &x.excerpts).collect();
        let passages: BTreeSet<_> = links
            .iter()
            .map(|l| (&l.doc, l.span.start, l.span.end))
            .collect();
        let (linked, total) = self.paragraph_coverage();
        writeln!(f, "  paragraphs linked: {linked} of {total}")?;
        writeln!(
            f,
            "  excerpts resolved: {} links to {} distinct passages",
            links.len(),
            passages.len()
        )
    }

    /// A line for each paragraph of `doc`: which features link it, or that none does.
    fn paragraphs(&self, f: &mut fmt::Formatter<'_>, doc: &Document) -> fmt::Result {
        let data = self.dataset;
        for (index, linked) in data.linked_paragraphs(doc).into_iter().enumerate() {
            let opening: String = doc
                .paragraph_text(index)
                .unwrap_or("")
                .chars()
                .take(48)
                .collect();
            if !linked {
                writeln!(f, "    ¶{} NOT LINKED  «{opening}…»", index + 1)?;
                continue;
            }
            let by: Vec<&str> = data
                .features
                .iter()
                .filter(|x| {
                    x.excerpts
                        .iter()
                        .any(|l| l.doc == doc.id && l.paragraph == index)
                })
                .map(|x| x.id.as_str())
                .collect();
            writeln!(
                f,
                "    ¶{} linked by {} feature(s): {}  «{opening}…»",
                index + 1,
                by.len(),
                by.join(", ")
            )?;
        }
        Ok(())
    }

    /// The problems, and the verdict.
    fn problems(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let problems = &self.dataset.problems;
        if problems.is_empty() {
            writeln!(f, "Problems: none")?;
            return write!(f, "Result: OK");
        }
        writeln!(f, "Problems ({}):", problems.len())?;
        for problem in problems {
            writeln!(f, "  error: {problem}")?;
        }
        write!(f, "Result: FAILED with {} error(s)", problems.len())
    }
}

/// Ground that two sides are said to hold on the same day, over this, is a contradiction;
/// less is the slack of two outlines drawn from different sources along one line.
pub const MAX_SHARED_KM2: f64 = 0.5;

/// The rules that look across features and documents: events and the documents that speak of
/// them, towns and their countries, areas of control against each other. `load` adds what
/// they find to a dossier's problems.
pub fn consistency_problems(dataset: &Dataset) -> Vec<Problem> {
    let mut problems = Vec::new();
    events_before_their_documents(dataset, &mut problems);
    places_in_their_countries(dataset, &mut problems);
    sides_on_the_same_ground(dataset, &mut problems);
    problems
}

fn problem_of(dataset: &Dataset, feature: &Feature, message: String) -> Problem {
    let file = dataset
        .layers
        .iter()
        .find(|l| *l.id == *feature.layer)
        .map_or_else(|| feature.layer.to_string(), |l| l.path.clone());
    Problem {
        file,
        feature: Some(feature.id.clone()),
        message,
    }
}

/// A document cannot report an event that had not begun when it was written: such a link is
/// a mistake of the dossier (a passage of an earlier text linked to a later event).
fn events_before_their_documents(dataset: &Dataset, problems: &mut Vec<Problem>) {
    for event in dataset.features.iter().filter(|f| f.kind == Kind::Event) {
        let (Some(begins), Some(from)) = (event.validity.first_day(), event.validity.from()) else {
            continue;
        };
        let mut reported: Vec<&str> = Vec::new();
        for link in &event.excerpts {
            if reported.contains(&link.doc.as_str()) {
                continue;
            }
            let Some(doc) = dataset.document(&link.doc) else {
                continue;
            };
            let Some(date) = doc.meta.parsed_date() else {
                continue;
            };
            if date.last_day() < begins {
                reported.push(&link.doc);
                problems.push(problem_of(
                    dataset,
                    event,
                    format!(
                        "linked to a document written before the event began: {} is dated {date}, the event begins {from}",
                        link.doc
                    ),
                ));
            }
        }
    }
}

/// A place that says which country it is in must lie in that country's outline.
fn places_in_their_countries(dataset: &Dataset, problems: &mut Vec<Problem>) {
    for feature in &dataset.features {
        let Some(country_id) = feature.country.as_deref() else {
            continue;
        };
        let Some(country) = dataset.feature(country_id) else {
            problems.push(problem_of(
                dataset,
                feature,
                format!("\"country\" names {country_id:?}, which is no feature of the dossier"),
            ));
            continue;
        };
        if country.kind != Kind::Country {
            problems.push(problem_of(
                dataset,
                feature,
                format!(
                    "\"country\" names {country_id:?}, which is a {} feature, not a country",
                    country.kind
                ),
            ));
            continue;
        }
        // A point feature: each of its points; anything else: the point it is labelled at.
        let points: Vec<geo::Point<f64>> = match &feature.geometry {
            Geometry::Point(p) => vec![*p],
            Geometry::MultiPoint(m) => m.0.clone(),
            other => super::administration::anchor_of(other)
                .into_iter()
                .collect(),
        };
        if let Some(outside) = points.iter().find(|p| !country.geometry.intersects(*p)) {
            problems.push(problem_of(
                dataset,
                feature,
                format!(
                    "lies outside its country {country_id:?} ({}): {:.5}, {:.5} (lat, lon) is not inside that country's outline",
                    country.names.display,
                    outside.y(),
                    outside.x()
                ),
            ));
        }
    }
}

/// The days two intervals share, in words ("from 2020-10-09"), if they share any.
fn shared_days(a: &Feature, b: &Feature) -> Option<String> {
    let first = match (a.validity.first_day(), b.validity.first_day()) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    };
    let last = match (a.validity.last_day(), b.validity.last_day()) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    match (first, last) {
        (Some(first), Some(last)) if first > last => None,
        (Some(first), _) => Some(format!("from {first}")),
        (None, Some(last)) => Some(format!("until {last}")),
        (None, None) => Some("on every day".to_owned()),
    }
}

fn as_multipolygon(geometry: &Geometry<f64>) -> Option<MultiPolygon<f64>> {
    match geometry {
        Geometry::Polygon(p) => Some(MultiPolygon(vec![p.clone()])),
        Geometry::MultiPolygon(m) => Some(m.clone()),
        _ => None,
    }
}

/// Two areas of control of different sides that share a day must not share ground.
fn sides_on_the_same_ground(dataset: &Dataset, problems: &mut Vec<Problem>) {
    let areas: Vec<(&Feature, MultiPolygon<f64>)> = dataset
        .features
        .iter()
        .filter(|f| f.kind == Kind::Control && f.control.is_some())
        .filter_map(|f| Some((f, as_multipolygon(&f.geometry)?)))
        .collect();
    for (n, (a, area_a)) in areas.iter().enumerate() {
        for (b, area_b) in areas.iter().skip(n + 1) {
            let (Some(control_a), Some(control_b)) = (a.control, b.control) else {
                continue;
            };
            if control_a.held_by == control_b.held_by || !a.bbox.intersects(&b.bbox) {
                continue;
            }
            let Some(days) = shared_days(a, b) else {
                continue;
            };
            let shared = area_a.intersection(area_b);
            let km2 = shared.geodesic_area_unsigned() / 1e6;
            if km2 > MAX_SHARED_KM2 {
                problems.push(problem_of(
                    dataset,
                    b,
                    format!(
                        "held by {} but shares {km2:.1} km² with {:?} (held by {}) {days}: two sides cannot hold the same ground on the same day",
                        control_b.held_by, a.id, control_a.held_by
                    ),
                ));
            }
        }
    }
}
