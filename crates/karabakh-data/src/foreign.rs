//! Features of other people's GeoJSON, taken as they come: no ids, no dates, their own property
//! names. A name is guessed from the usual property names, a kind from the geometry, and every
//! property is kept for display.

use std::sync::Arc;

use geo::{Geometry, GeometryCollection};
use serde_json::{Map, Value};

use super::model::{Accuracy, Feature, Kind, Names, Properties, bbox_of};
use super::parse::{RawFeature, RawGeometry};
use super::parsed::{Keys, Parsed, Refused, geometry_problem};
use karabakh_time::{PartialDate, Validity};

/// Property names that other tools use for a feature's name, in order of preference.
const NAME_KEYS: [&str; 8] = [
    "name", "NAME", "Name", "title", "TITLE", "Title", "label", "NAME_EN",
];

/// Property values longer than this many characters are cut for display.
const MAX_VALUE_CHARS: usize = 200;

/// What a geometry most likely shows: a place, a line or an area.
pub(crate) fn kind_of(geometry: &Geometry<f64>) -> Kind {
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

/// A feature of a foreign GeoJSON (the `index`th of its layer): always valid if its geometry
/// is, which may have been repaired.
pub(crate) fn feature(
    raw: RawFeature,
    properties: Option<&Value>,
    layer: &Arc<str>,
    source: &Arc<str>,
    index: usize,
    keys: &mut Keys,
) -> Result<Parsed, Refused> {
    let label = format!("#{}", index + 1);
    if !raw.is_feature() {
        return Err(Refused::new(
            Some(label),
            "not a GeoJSON Feature (\"type\" must be \"Feature\")",
        ));
    }
    let outer_id = raw.id();
    let (geometry, repaired) = match raw.geometry {
        RawGeometry::Valid(g) => (g, None),
        RawGeometry::Repaired(g, problem) => (g, Some(problem)),
        other => return Err(Refused::new(Some(label), geometry_problem(&other))),
    };
    let Some(bbox) = bbox_of(&geometry) else {
        return Err(Refused::new(Some(label), "geometry has no coordinates"));
    };
    let empty = Map::new();
    let props = properties.and_then(Value::as_object).unwrap_or(&empty);
    let own_id = props
        .get("id")
        .and_then(as_text)
        .or_else(|| outer_id.as_ref().and_then(as_text));
    let feature = Feature {
        id: format!(
            "{layer}:{}",
            own_id.unwrap_or_else(|| (index + 1).to_string())
        ),
        layer: layer.clone(),
        kind: kind_of(&geometry),
        names: Names {
            display: guessed_name(props).unwrap_or_else(|| format!("{layer} {label}")),
            usages: None,
        },
        validity: dates(props),
        date_note: None,
        description: None,
        excerpts: Vec::new(),
        source: source.clone(),
        accuracy: Accuracy::Unstated,
        geometry,
        bbox,
        control: None,
        country: None,
        extra: shown_properties(props, keys),
    };
    Ok(Parsed {
        repaired,
        ..Parsed::clean(feature)
    })
}

fn guessed_name(props: &Map<String, Value>) -> Option<String> {
    NAME_KEYS
        .iter()
        .find_map(|k| props.get(*k).and_then(as_text))
}

/// `valid_from` and `valid_to`, where a file happens to have them in our form; always
/// otherwise.
fn dates(props: &Map<String, Value>) -> Validity {
    let date = |key: &str| {
        props
            .get(key)
            .and_then(Value::as_str)
            .and_then(|d| PartialDate::parse(d).ok())
    };
    Validity::new(date("valid_from"), date("valid_to")).unwrap_or(Validity::ALWAYS)
}

/// Every property with a value, as text cut to a readable length.
fn shown_properties(props: &Map<String, Value>, keys: &mut Keys) -> Properties {
    Properties::new(
        props
            .iter()
            .filter_map(|(k, v)| {
                let text = as_text(v).unwrap_or_else(|| v.to_string());
                (!text.is_empty() && text != "null")
                    .then(|| (keys.get(k), at_most_chars(text, MAX_VALUE_CHARS)))
            })
            .collect(),
    )
}

fn as_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `text` cut to its first `n` characters (kept as it is when short enough).
fn at_most_chars(mut text: String, n: usize) -> String {
    if let Some((cut, _)) = text.char_indices().nth(n) {
        text.truncate(cut);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_property_values_are_cut_at_a_character_boundary() {
        assert_eq!(at_most_chars("Ստեփանակերտ".to_owned(), 4), "Ստեփ");
        assert_eq!(at_most_chars("short".to_owned(), 200), "short");
        assert_eq!(at_most_chars("x".repeat(201), 200).len(), 200);
    }
}
