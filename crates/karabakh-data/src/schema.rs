//! The dossier's schema: the properties a feature of `geodata/*.geojson` must and may have,
//! each checked and given meaning (kind, names, dates, accuracy, who held an area, excerpts).
//! Every problem of a feature is reported, not just the first.

use std::sync::Arc;

use geo::Rect;
use serde_json::{Map, Value};

use super::document::Document;
use super::excerpt;
use super::model::{
    Accuracy, Control, ExcerptLink, Feature, HeldBy, Kind, Names, Properties, Usage, Usages,
    bbox_of,
};
use super::parse::{RawFeature, RawGeometry};
use super::parsed::{Keys, Origin, Parsed, Refused, geometry_problem};
use karabakh_time::{PartialDate, Validity};

/// The properties the schema reads; any other is kept as it is, for display (and saving
/// writes these from the model).
pub(crate) const KNOWN: [&str; 15] = [
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

/// A feature, or why it cannot load. A feature whose excerpts do not resolve still loads,
/// without those links, and so does a dossier's town that does not say its country; the
/// problems of the result say what went wrong with them.
pub(crate) fn feature(
    raw: &mut RawFeature,
    properties: Option<&Value>,
    layer: &Arc<str>,
    documents: &[Document],
    keys: &mut Keys,
    origin: Origin,
) -> Result<Parsed, Refused> {
    let empty = Map::new();
    let props = properties.and_then(Value::as_object).unwrap_or(&empty);
    let mut errors = Vec::new();
    let id = feature_id(props, &mut errors);
    if !raw.is_feature() {
        return Err(Refused::new(
            id,
            "not a GeoJSON Feature (\"type\" must be \"Feature\")",
        ));
    }
    if properties.is_some_and(|p| !p.is_object() && !p.is_null()) {
        return Err(Refused::new(id, "\"properties\" must be an object"));
    }
    let mut fields = Fields::read(props, &raw.geometry, &mut errors);
    let (Some(id), Some(required), true) = (id.clone(), fields.take_required(), errors.is_empty())
    else {
        return Err(Refused {
            id,
            problems: errors,
        });
    };
    let RawGeometry::Valid(geometry) = std::mem::replace(&mut raw.geometry, RawGeometry::Missing)
    else {
        return Err(Refused::new(Some(id), "no geometry"));
    };
    let (excerpts, problems) = fields.links(documents, required.kind, origin);
    let feature = Feature {
        id,
        layer: layer.clone(),
        kind: required.kind,
        names: Names {
            display: required.name,
            usages: fields.usages,
        },
        validity: required.validity,
        date_note: fields.date_note,
        description: fields.description,
        excerpts,
        source: required.source.into(),
        accuracy: required.accuracy,
        geometry,
        bbox: required.bbox,
        control: fields.control,
        country: fields.country.map(String::into_boxed_str),
        extra: extra_properties(props, keys),
    };
    Ok(Parsed {
        feature,
        problems,
        repaired: None,
    })
}

/// The feature's `id`, if it has a usable one.
fn feature_id(props: &Map<String, Value>, errors: &mut Vec<String>) -> Option<String> {
    match optional_string(props, "id", errors) {
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
    }
}

pub(crate) fn is_valid_feature_id(id: &str) -> bool {
    id.len() <= 200
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

/// The properties of the schema besides the id, each read or its problem noted.
struct Fields {
    kind: Option<Kind>,
    name: Option<String>,
    usages: Option<Box<Usages>>,
    source: Option<String>,
    accuracy: Option<Accuracy>,
    validity: Option<Validity>,
    bbox: Option<Rect<f64>>,
    date_note: Option<String>,
    description: Option<String>,
    /// `(document id, quote, which occurrence: its byte offset)`, not yet looked for.
    excerpts: Vec<(String, String, Option<usize>)>,
    control: Option<Control>,
    country: Option<String>,
}

/// The fields every feature must have.
struct Required {
    kind: Kind,
    name: String,
    source: String,
    accuracy: Accuracy,
    validity: Validity,
    bbox: Rect<f64>,
}

impl Fields {
    /// The fields, in the order their problems are reported.
    fn read(props: &Map<String, Value>, geometry: &RawGeometry, errors: &mut Vec<String>) -> Self {
        let kind = parse_kind(props, errors);
        let name = required_string(props, "name", "missing \"name\"", errors);
        let usages = parse_names(props, errors);
        let source = required_string(
            props,
            "source",
            "missing \"source\" (where the geometry comes from)",
            errors,
        );
        let accuracy = parse_accuracy(props, errors);
        let validity = parse_validity(props, errors);
        let date_note = optional_string(props, "date_note", errors);
        let description = optional_string(props, "description", errors);
        let bbox = geometry_bbox(geometry, errors);
        let excerpts = parse_excerpt_specs(props, errors);
        let control = kind.and_then(|kind| parse_control(props, kind, errors));
        if kind == Some(Kind::Control) && !is_polygonal(geometry) {
            errors.push("an area of control needs a Polygon or MultiPolygon geometry".to_owned());
        }
        let country = optional_string(props, "country", errors);
        Fields {
            kind,
            name,
            usages,
            source,
            accuracy,
            validity,
            bbox,
            date_note,
            description,
            excerpts,
            control,
            country,
        }
    }

    /// The required fields, if all are there; taken out, as the feature is made of them.
    fn take_required(&mut self) -> Option<Required> {
        Some(Required {
            kind: self.kind?,
            name: self.name.take()?,
            source: self.source.take()?,
            accuracy: self.accuracy.take()?,
            validity: self.validity?,
            bbox: self.bbox?,
        })
    }

    /// The excerpts found in `documents`, and what is wrong with the links: quotes that do not
    /// resolve, and a dossier's town that does not say which country it is in (imported
    /// material in our schema is taken as it comes; the dossier's towns say where they are, so
    /// that `check` can hold them to it).
    fn links(
        &self,
        documents: &[Document],
        kind: Kind,
        origin: Origin,
    ) -> (Vec<ExcerptLink>, Vec<String>) {
        let mut problems = Vec::new();
        if origin == Origin::Dossier && kind == Kind::Town && self.country.is_none() {
            problems.push(
                "a town needs \"country\": the id of the country feature it lies in".to_owned(),
            );
        }
        let mut links = Vec::new();
        for (doc, quote, at) in &self.excerpts {
            match excerpt::resolve(documents, doc, quote, *at) {
                Ok(link) => links.push(link),
                Err(e) => problems.push(e.to_string()),
            }
        }
        (links, problems)
    }
}

/// The geometry's box, if the geometry read well and has coordinates.
fn geometry_bbox(geometry: &RawGeometry, errors: &mut Vec<String>) -> Option<Rect<f64>> {
    let RawGeometry::Valid(g) = geometry else {
        errors.push(geometry_problem(geometry));
        return None;
    };
    let bbox = bbox_of(g);
    if bbox.is_none() {
        errors.push("geometry has no coordinates".to_owned());
    }
    bbox
}

/// Whether a geometry that read well is a polygon or polygons (a geometry that did not read
/// has its own problem).
fn is_polygonal(geometry: &RawGeometry) -> bool {
    match geometry {
        RawGeometry::Valid(g) => matches!(
            g,
            geo::Geometry::Polygon(_) | geo::Geometry::MultiPolygon(_)
        ),
        _ => true,
    }
}

/// Every property the schema does not read, as text.
fn extra_properties(props: &Map<String, Value>, keys: &mut Keys) -> Properties {
    Properties::new(
        props
            .iter()
            .filter(|(k, _)| !KNOWN.contains(&k.as_str()))
            .map(|(k, v)| {
                (
                    keys.get(k),
                    v.as_str().map_or_else(|| v.to_string(), str::to_owned),
                )
            })
            .collect(),
    )
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

/// A string property that must be there: `missing` is the problem when it is not.
fn required_string(
    props: &Map<String, Value>,
    key: &str,
    missing: &str,
    errors: &mut Vec<String>,
) -> Option<String> {
    let value = optional_string(props, key, errors);
    if value.is_none() && !props.contains_key(key) {
        errors.push(missing.to_owned());
    }
    value
}

fn parse_kind(props: &Map<String, Value>, errors: &mut Vec<String>) -> Option<Kind> {
    match optional_string(props, "kind", errors) {
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
    }
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
) -> Vec<(String, String, Option<usize>)> {
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
        // Which occurrence of a quote the text holds more than once: its byte offset.
        let at = match item.get("at") {
            None | Some(Value::Null) => Ok(None),
            Some(at) => at
                .as_u64()
                .and_then(|a| usize::try_from(a).ok())
                .map(Some)
                .ok_or(()),
        };
        match (doc, quote, at) {
            (Some(doc), Some(quote), Ok(at)) => {
                specs.push((doc.to_owned(), quote.to_owned(), at));
            }
            (_, _, Err(())) => errors.push(format!(
                "excerpt #{}: \"at\" must be the quote's byte offset in the document (a whole number)",
                n + 1
            )),
            _ => errors.push(format!(
                "excerpt #{} needs a \"doc\" and a \"quote\" string",
                n + 1
            )),
        }
    }
    specs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{InputFile, Inputs};
    use crate::load::load;
    use crate::model::Dataset;

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
