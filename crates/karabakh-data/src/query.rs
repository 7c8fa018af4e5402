//! "What was here on that day?": the features that contain a point on a date or lie near it,
//! with who held it. The `at` command and the window's click on the map ask the same question.

use geo::{Closest, Distance, Geometry, Haversine, HaversineClosestPoint, Point};
use serde::Serialize;

use super::administration::Holder;
use super::model::{Accuracy, Dataset, Feature, Kind, NameStyle};
use karabakh_time::Day;

/// A feature found at or near the point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Found {
    /// Its index in the dataset.
    pub index: usize,
    /// Geodesic distance from the point to the nearest part of it, in km: 0 when it contains
    /// the point.
    pub distance_km: f64,
}

/// Whether a geometry is an area (it can contain the point).
pub fn is_area(geometry: &Geometry<f64>) -> bool {
    matches!(
        geometry,
        Geometry::Polygon(_)
            | Geometry::MultiPolygon(_)
            | Geometry::Rect(_)
            | Geometry::Triangle(_)
    )
}

/// How specific an area is, most first: who held it, then the dossier's regions, then other
/// areas, then countries.
fn specificity(kind: Kind) -> u8 {
    match kind {
        Kind::Control => 0,
        Kind::Region => 1,
        Kind::Country => 3,
        _ => 2,
    }
}

/// Distance from `point` to the nearest part of `geometry`, in km (0 inside an area).
pub fn distance_km(geometry: &Geometry<f64>, point: Point<f64>) -> Option<f64> {
    match geometry.haversine_closest_point(&point) {
        Closest::Intersection(_) => Some(0.0),
        Closest::SinglePoint(nearest) => Some(Haversine.distance(nearest, point) / 1000.0),
        Closest::Indeterminate => None,
    }
}

/// The features valid on `day` (None: on any day) that contain `point` (lon, lat) or lie
/// within `within_km` of it: areas of control first, then the nearest, the more specific area
/// first among equals.
pub fn at(dataset: &Dataset, point: Point<f64>, day: Option<Day>, within_km: f64) -> Vec<Found> {
    let within_km = within_km.max(0.0);
    // A box around the point that holds everything within reach: a degree of latitude is at
    // least 110.5 km, a degree of longitude that times the cosine of the latitude.
    let reach_lat = within_km / 110.5 + 1e-9;
    let cos = point.y().to_radians().cos().max(0.01);
    let reach_lon = (within_km / (111.3 * cos) + 1e-9).min(360.0);
    let mut found: Vec<Found> = dataset
        .features
        .iter()
        .enumerate()
        .filter(|(_, f)| day.is_none_or(|day| f.visible_on(day)))
        .filter(|(_, f)| {
            let (min, max) = (f.bbox.min(), f.bbox.max());
            min.x - reach_lon <= point.x()
                && point.x() <= max.x + reach_lon
                && min.y - reach_lat <= point.y()
                && point.y() <= max.y + reach_lat
        })
        .filter_map(|(index, f)| {
            let distance = distance_km(&f.geometry, point)?;
            (distance <= within_km + 1e-9).then_some(Found {
                index,
                distance_km: distance,
            })
        })
        .collect();
    let kind = |found: &Found| {
        dataset
            .features
            .get(found.index)
            .map_or(Kind::Place, |f| f.kind)
    };
    found.sort_by(|a, b| {
        let (ka, kb) = (kind(a), kind(b));
        (ka != Kind::Control)
            .cmp(&(kb != Kind::Control))
            .then(a.distance_km.total_cmp(&b.distance_km))
            .then(specificity(ka).cmp(&specificity(kb)))
            .then(a.index.cmp(&b.index))
    });
    found
}

/// The areas that contain `point` on `day` (None: on any day), the most specific first (who
/// held it, regions, countries): what the window lists for a click on the map.
pub fn areas_at(dataset: &Dataset, point: Point<f64>, day: Option<Day>) -> Vec<Found> {
    at(dataset, point, day, 0.0)
        .into_iter()
        .filter(|found| {
            dataset
                .features
                .get(found.index)
                .is_some_and(|f| is_area(&f.geometry) && found.distance_km == 0.0)
        })
        .collect()
}

/// "0 km" (it contains the point), "850 m", "12.4 km".
fn distance_text(km: f64) -> String {
    if km == 0.0 {
        "0 km".to_owned()
    } else if km < 1.0 {
        format!("{:.0} m", km * 1000.0)
    } else {
        format!("{km:.1} km")
    }
}

/// One line of the answer, as `at --json` writes it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Record {
    pub id: String,
    pub kind: String,
    /// The name as shown on that date, by the naming rule asked for.
    pub name: String,
    pub held_by: Option<String>,
    pub peacekeepers: Option<bool>,
    /// As the data writes them (`1994`, `2023-04`, `2023-09-19`); None when open.
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub accuracy: String,
    pub accuracy_note: Option<String>,
    pub source: String,
    pub distance_km: f64,
}

impl Record {
    pub fn new(dataset: &Dataset, found: Found, names: &super::ShownNames) -> Option<Record> {
        let feature = dataset.features.get(found.index)?;
        Some(Record {
            id: feature.id.clone(),
            kind: feature.kind.as_str().to_owned(),
            name: names.of(found.index, feature),
            held_by: feature.control.map(|c| c.held_by.as_str().to_owned()),
            peacekeepers: feature.control.map(|c| c.peacekeepers),
            valid_from: feature.validity.from().map(|d| d.to_string()),
            valid_to: feature.validity.to().map(|d| d.to_string()),
            accuracy: feature.accuracy.label().to_owned(),
            accuracy_note: match &feature.accuracy {
                Accuracy::Approximate { reason } => Some(reason.clone()),
                _ => None,
            },
            source: feature.source.to_string(),
            // Metres are plenty: more digits would only say how the float was computed.
            distance_km: (found.distance_km * 1000.0).round() / 1000.0,
        })
    }
}

/// "Armenian forces (area 'Held by Armenian forces', 2020-10-09 – 2020-10-16, approximate)",
/// or what the point lay in when no area says who held it.
pub fn held_by_text(
    dataset: &Dataset,
    holder: Option<Holder>,
    names: &super::ShownNames,
) -> String {
    let described = |index: usize, feature: &Feature| {
        let what = match feature.kind {
            Kind::Control => "area",
            Kind::Region => "region",
            _ => "country",
        };
        format!(
            "{what} '{}', {}, {}",
            names.of(index, feature),
            feature.validity.label(),
            feature.accuracy.label()
        )
    };
    match holder {
        Some(Holder::Held { held_by, feature }) => match dataset.features.get(feature) {
            Some(f) => format!("{} ({})", held_by.label(), described(feature, f)),
            None => held_by.label().to_owned(),
        },
        Some(Holder::Country { feature }) => match dataset.features.get(feature) {
            Some(f) => format!(
                "not covered by any area of control; in {} (country)",
                names.of(feature, f)
            ),
            None => "not covered by any area of control".to_owned(),
        },
        None => "not covered by any area of control, nor by a country of the dossier".to_owned(),
    }
}

/// The `at` command's answer for people: the point and date, who held it, a table of what is
/// there, and each feature's source.
pub fn report(
    dataset: &Dataset,
    point: Point<f64>,
    day: Day,
    within_km: f64,
    style: NameStyle,
) -> String {
    let names = dataset.names_on(style, Some(day));
    let holder = dataset.administration().holder_at(dataset, point, day);
    let records: Vec<(Record, &Feature)> = at(dataset, point, Some(day), within_km)
        .into_iter()
        .filter_map(|f| {
            Some((
                Record::new(dataset, f, &names)?,
                dataset.features.get(f.index)?,
            ))
        })
        .collect();
    let mut out = format!(
        "At {:.4}, {:.4} on {day}\nHeld by: {}\n\n",
        point.y(),
        point.x(),
        held_by_text(dataset, holder, &names)
    );
    if records.is_empty() {
        let reach = if within_km > 0.0 {
            format!(" nor within {within_km} km")
        } else {
            String::new()
        };
        out.push_str(&format!(
            "No feature of the dossier contains this point on that date{reach}.\n"
        ));
        return out;
    }
    out.push_str(&table(&records));
    out.push_str("\nSources:\n");
    for (record, _) in &records {
        out.push_str(&format!("  {}: {}\n", record.id, record.source));
        if let Some(note) = &record.accuracy_note {
            out.push_str(&format!("    approximate: {note}\n"));
        }
    }
    out
}

/// The features found, a line each, in columns under a header.
fn table(records: &[(Record, &Feature)]) -> String {
    let header = [
        "distance", "kind", "name", "held by", "dates", "accuracy", "id",
    ]
    .map(str::to_owned);
    let rows: Vec<[String; 7]> = records
        .iter()
        .map(|(r, feature)| {
            [
                distance_text(r.distance_km),
                feature.kind.label().to_owned(),
                r.name.clone(),
                feature
                    .control
                    .map_or_else(|| "—".to_owned(), |c| c.label()),
                feature.validity.label(),
                r.accuracy.clone(),
                r.id.clone(),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|c| {
            rows.iter()
                .chain([&header])
                .map(|row| row[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut text = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        for (c, cell) in row.iter().enumerate() {
            text.push_str(cell);
            if c + 1 < row.len() {
                let pad = widths[c].saturating_sub(cell.chars().count());
                text.push_str(&" ".repeat(pad + 2));
            }
        }
        text.push('\n');
    }
    text
}
