//! The GeoJSON objects as serde visitors: the top level, the `"features"` array, a Feature, a
//! geometry and a collection's members. Each feature goes to the reader's sink as soon as it
//! is read.

use std::fmt;

use geo::Geometry;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

use super::coordinates::{CoordinatesSeed, Token, geometry_of};
use super::raw::{Cow, Member, Mode, RawFeature, RawGeometry, TopLevel};
use super::values::{Text, drain_map, drain_seq, skip_other_values, type_name};
use crate::geometry::InvalidGeometry;

/// Reads `text`, calling `feature` with each feature (its index in the file and what was read)
/// once it is known that the document is one `mode` takes. Returns the top level, or the
/// JSON error that stopped the reading.
pub fn read<'a>(
    text: &'a str,
    mode: Mode,
    feature: &mut dyn FnMut(usize, RawFeature<'a>),
) -> Result<TopLevel, serde_json::Error> {
    let mut reader = Reader {
        mode,
        sink: feature,
        count: 0,
        waiting: Vec::new(),
        positions: Vec::new(),
        kind: None,
    };
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let top = (&mut deserializer).deserialize_any(TopVisitor(&mut reader))?;
    deserializer.end()?;
    Ok(top)
}

/// The state of one reading: where features go, and a buffer reused for every geometry.
struct Reader<'s, 'a> {
    mode: Mode,
    sink: &'s mut dyn FnMut(usize, RawFeature<'a>),
    count: usize,
    /// Features read before the top-level `"type"` said what the document is (rare: `"type"`
    /// nearly always comes first).
    waiting: Vec<RawFeature<'a>>,
    positions: Vec<Token>,
    /// The top-level type once read.
    kind: Option<String>,
}

impl<'a> Reader<'_, 'a> {
    fn takes_features(&self) -> Option<bool> {
        let kind = self.kind.as_deref()?;
        Some(match self.mode {
            Mode::Dossier => kind == "FeatureCollection",
            Mode::Imported => kind == "FeatureCollection" || kind == "GeometryCollection",
        })
    }

    fn emit(&mut self, feature: RawFeature<'a>) {
        match self.takes_features() {
            Some(true) => {
                (self.sink)(self.count, feature);
                self.count += 1;
            }
            Some(false) => {}
            None => self.waiting.push(feature),
        }
    }

    fn flush(&mut self) {
        let waiting = std::mem::take(&mut self.waiting);
        if self.takes_features() == Some(true) {
            for feature in waiting {
                (self.sink)(self.count, feature);
                self.count += 1;
            }
        }
    }
}

/// The document's top level.
struct TopVisitor<'r, 's, 'a>(&'r mut Reader<'s, 'a>);

impl<'a> Visitor<'a> for TopVisitor<'_, '_, 'a> {
    type Value = TopLevel;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON object")
    }

    skip_other_values!(TopLevel, |_| TopLevel::default());

    fn visit_seq<A: SeqAccess<'a>>(self, mut seq: A) -> Result<TopLevel, A::Error> {
        // Read (not skipped) so that absurd nesting meets serde_json's recursion limit.
        while seq.next_element::<Value>()?.is_some() {}
        Ok(TopLevel::default())
    }

    fn visit_map<A: MapAccess<'a>>(self, mut map: A) -> Result<TopLevel, A::Error> {
        let reader = self.0;
        let mut top = TopLevel::default();
        // For a single Feature or a bare geometry at the top level.
        let (mut id, mut properties, mut geometry) = (None, None, None);
        let mut coordinates: Option<Vec<Token>> = None;
        top.object = true;
        while let Some(key) = map.next_key::<std::borrow::Cow<'a, str>>()? {
            match key.as_ref() {
                "type" => {
                    top.kind = map.next_value_seed(Text)?.ok().map(Cow::into_owned);
                    reader.kind = top.kind.clone();
                }
                "name" => top.name = map.next_value_seed(Text)?.ok().map(Cow::into_owned),
                "features" => {
                    top.features = map.next_value_seed(FeaturesSeed(reader))?;
                }
                "geometries" => {
                    // A GeometryCollection: each member becomes a feature, if the document is
                    // one that gives features.
                    map.next_value_seed(GeometriesSeed(reader, true))?;
                }
                "coordinates" => {
                    reader.positions.clear();
                    map.next_value_seed(CoordinatesSeed(&mut reader.positions))?;
                    coordinates = Some(std::mem::take(&mut reader.positions));
                }
                "geometry" => geometry = Some(map.next_value_seed(GeometrySeed(reader))?),
                "properties" => properties = Some(map.next_value::<&'a RawValue>()?),
                "id" => id = Some(map.next_value::<&'a RawValue>()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        reader.flush();
        if reader.mode == Mode::Imported {
            let single = match top.kind.as_deref() {
                Some("Feature") => Some(geometry.unwrap_or(RawGeometry::Missing)),
                Some(
                    kind @ ("Point" | "MultiPoint" | "LineString" | "MultiLineString" | "Polygon"
                    | "MultiPolygon"),
                ) => Some(match &coordinates {
                    Some(tokens) => geometry_of(kind, tokens),
                    None => RawGeometry::NotGeoJson(format!("a {kind} without \"coordinates\"")),
                }),
                _ => None,
            };
            if let Some(geometry) = single {
                (reader.sink)(
                    0,
                    RawFeature {
                        kind: Some(Cow::Borrowed("Feature")),
                        id,
                        properties,
                        geometry,
                    },
                );
            }
        }
        Ok(top)
    }
}

/// The `"features"` array: each element read as a feature and handed on.
struct FeaturesSeed<'r, 's, 'a>(&'r mut Reader<'s, 'a>);

impl<'a> DeserializeSeed<'a> for FeaturesSeed<'_, '_, 'a> {
    type Value = Member;
    fn deserialize<D: Deserializer<'a>>(self, d: D) -> Result<Member, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'a> Visitor<'a> for FeaturesSeed<'_, '_, 'a> {
    type Value = Member;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of features")
    }

    skip_other_values!(Member, |_| Member::NotArray);

    fn visit_map<A: MapAccess<'a>>(self, map: A) -> Result<Member, A::Error> {
        drain_map(map)?;
        Ok(Member::NotArray)
    }

    fn visit_seq<A: SeqAccess<'a>>(self, mut seq: A) -> Result<Member, A::Error> {
        let reader = self.0;
        while let Some(feature) = seq.next_element_seed(FeatureSeed(reader))? {
            reader.emit(feature);
        }
        Ok(Member::Array)
    }
}

/// One element of `"features"`.
struct FeatureSeed<'r, 's, 'a>(&'r mut Reader<'s, 'a>);

impl<'a> DeserializeSeed<'a> for FeatureSeed<'_, '_, 'a> {
    type Value = RawFeature<'a>;
    fn deserialize<D: Deserializer<'a>>(self, d: D) -> Result<RawFeature<'a>, D::Error> {
        d.deserialize_any(self)
    }
}

fn not_a_feature<'a>(_: de::Unexpected<'_>) -> RawFeature<'a> {
    RawFeature {
        kind: None,
        id: None,
        properties: None,
        geometry: RawGeometry::Missing,
    }
}

impl<'a> Visitor<'a> for FeatureSeed<'_, '_, 'a> {
    type Value = RawFeature<'a>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON Feature")
    }

    skip_other_values!(RawFeature<'a>, not_a_feature);

    fn visit_seq<A: SeqAccess<'a>>(self, seq: A) -> Result<RawFeature<'a>, A::Error> {
        drain_seq(seq)?;
        Ok(not_a_feature(de::Unexpected::Seq))
    }

    fn visit_map<A: MapAccess<'a>>(self, mut map: A) -> Result<RawFeature<'a>, A::Error> {
        let reader = self.0;
        let mut feature = not_a_feature(de::Unexpected::Map);
        while let Some(key) = map.next_key::<std::borrow::Cow<'a, str>>()? {
            match key.as_ref() {
                "type" => feature.kind = map.next_value_seed(Text)?.ok(),
                "id" => feature.id = Some(map.next_value::<&'a RawValue>()?),
                "properties" => feature.properties = Some(map.next_value::<&'a RawValue>()?),
                "geometry" => feature.geometry = map.next_value_seed(GeometrySeed(reader))?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(feature)
    }
}

/// A geometry object (or `null`).
struct GeometrySeed<'r, 's, 'a>(&'r mut Reader<'s, 'a>);

impl<'de> DeserializeSeed<'de> for GeometrySeed<'_, '_, '_> {
    type Value = RawGeometry;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<RawGeometry, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for GeometrySeed<'_, '_, '_> {
    type Value = RawGeometry;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON geometry")
    }

    skip_other_values!(RawGeometry, |u| match u {
        de::Unexpected::Unit => RawGeometry::Missing,
        other => RawGeometry::NotGeoJson(format!("found {}, not an object", type_name(other))),
    });

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<RawGeometry, A::Error> {
        drain_seq(seq)?;
        Ok(RawGeometry::NotGeoJson(
            "found an array, not an object".to_owned(),
        ))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawGeometry, A::Error> {
        let reader = self.0;
        let mut kind: Option<Result<Cow<'de>, &'static str>> = None;
        let mut coordinates = false;
        let mut members: Option<Vec<RawGeometry>> = None;
        reader.positions.clear();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "type" => kind = Some(map.next_value_seed(Text)?),
                "coordinates" => {
                    reader.positions.clear();
                    map.next_value_seed(CoordinatesSeed(&mut reader.positions))?;
                    coordinates = true;
                }
                "geometries" => {
                    // Members have their own coordinates: keep ours aside meanwhile.
                    let ours = std::mem::take(&mut reader.positions);
                    members = Some(map.next_value_seed(GeometriesSeed(reader, false))?);
                    reader.positions = ours;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let kind = match kind {
            None => return Ok(RawGeometry::NotGeoJson("no \"type\"".to_owned())),
            Some(Err(found)) => {
                return Ok(RawGeometry::NotGeoJson(format!(
                    "\"type\" must be a string, found {found}"
                )));
            }
            Some(Ok(kind)) => kind,
        };
        Ok(match kind.as_ref() {
            "GeometryCollection" => match members {
                None => RawGeometry::NotGeoJson(
                    "a GeometryCollection without \"geometries\"".to_owned(),
                ),
                Some(members) => collection_of(members),
            },
            "Point" | "MultiPoint" | "LineString" | "MultiLineString" | "Polygon"
            | "MultiPolygon" => {
                if coordinates {
                    geometry_of(&kind, &reader.positions)
                } else {
                    RawGeometry::NotGeoJson(format!("a {kind} without \"coordinates\""))
                }
            }
            other => RawGeometry::NotGeoJson(format!(
                "unknown geometry type {other:?} (GeoJSON has Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon and GeometryCollection)"
            )),
        })
    }
}

fn collection_of(members: Vec<RawGeometry>) -> RawGeometry {
    if members.is_empty() {
        return RawGeometry::Invalid(InvalidGeometry::Empty("GeometryCollection"));
    }
    let mut geometries = Vec::with_capacity(members.len());
    let mut repaired = None;
    for (n, member) in members.into_iter().enumerate() {
        match member {
            RawGeometry::Valid(g) | RawGeometry::Read(g) => geometries.push(g),
            RawGeometry::Repaired(g, problem) => {
                geometries.push(g);
                repaired.get_or_insert(problem);
            }
            RawGeometry::Missing => {
                return RawGeometry::NotGeoJson(format!(
                    "member #{} of the GeometryCollection is null",
                    n + 1
                ));
            }
            RawGeometry::NotGeoJson(m) => return RawGeometry::NotGeoJson(m),
            RawGeometry::Invalid(m) => return RawGeometry::Invalid(m),
        }
    }
    let collection = Geometry::GeometryCollection(geo::GeometryCollection(geometries));
    match repaired {
        Some(problem) => RawGeometry::Repaired(collection, problem),
        None => RawGeometry::Read(collection),
    }
}

/// `"geometries"`: the members of a GeometryCollection; at the top level (`top`) of an
/// imported file each one becomes a feature as it is read.
struct GeometriesSeed<'r, 's, 'a>(&'r mut Reader<'s, 'a>, bool);

impl<'de> DeserializeSeed<'de> for GeometriesSeed<'_, '_, '_> {
    type Value = Vec<RawGeometry>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<RawGeometry>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for GeometriesSeed<'_, '_, '_> {
    type Value = Vec<RawGeometry>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of geometries")
    }

    skip_other_values!(Vec<RawGeometry>, |u| vec![RawGeometry::NotGeoJson(
        format!("\"geometries\" must be an array, found {}", type_name(u))
    )]);

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Vec<RawGeometry>, A::Error> {
        drain_map(map)?;
        Ok(vec![RawGeometry::NotGeoJson(
            "\"geometries\" must be an array, found an object".to_owned(),
        )])
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<RawGeometry>, A::Error> {
        let (reader, top) = (self.0, self.1);
        let mut members = Vec::new();
        while let Some(member) = seq.next_element_seed(GeometrySeed(reader))? {
            if top {
                reader.emit(RawFeature {
                    kind: Some(Cow::Borrowed("Feature")),
                    id: None,
                    properties: None,
                    geometry: member,
                });
            } else {
                members.push(member);
            }
        }
        Ok(members)
    }
}
