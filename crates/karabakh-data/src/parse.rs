//! GeoJSON read straight into checked geometry: one pass of serde over the text, no JSON tree for
//! the coordinates, and each feature handed on as soon as it is read, so a big file is never held
//! twice. Text that is not JSON fails the whole file; anything else wrong is reported for the
//! feature it is in, and the rest loads.

use std::fmt;

use geo::{Coord, Geometry, LineString, MultiLineString, MultiPoint, MultiPolygon, Point};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

use super::geometry::{Crossings, coord, line, nonempty, polygon_as_read, settle};

/// A feature as read, before a schema gives it meaning. Its id and properties are still JSON
/// text, borrowed from the file: whoever takes the feature reads them (on the other thread,
/// when a big file is read on two).
#[derive(Debug)]
pub struct RawFeature<'a> {
    /// Its `"type"`, when that is a string.
    pub kind: Option<Cow<'a>>,
    /// The feature's own `"id"` (beside the properties), if any.
    pub id: Option<&'a RawValue>,
    /// `None` when there is no `"properties"` member.
    pub properties: Option<&'a RawValue>,
    pub geometry: RawGeometry,
}

impl RawFeature<'_> {
    pub fn is_feature(&self) -> bool {
        self.kind.as_deref() == Some("Feature")
    }

    /// The properties, read: `None` when absent, JSON `null` as `Value::Null`.
    pub fn properties(&self) -> Option<Value> {
        // Already known to be JSON: reading it again cannot fail but for memory.
        self.properties
            .and_then(|raw| serde_json::from_str(raw.get()).ok())
    }

    pub fn id(&self) -> Option<Value> {
        self.id.and_then(|raw| serde_json::from_str(raw.get()).ok())
    }
}

#[derive(Debug)]
pub enum RawGeometry {
    /// No `"geometry"` member, or `null`.
    Missing,
    /// Good as far as reading goes: whether its polygons' rings cross is for
    /// [`RawGeometry::settle`] to say.
    Read(Geometry<f64>),
    Valid(Geometry<f64>),
    /// Usable once repaired (rings that crossed, resolved); what was wrong.
    Repaired(Geometry<f64>, String),
    /// Not GeoJSON geometry at all: an unknown type, no coordinates, the wrong nesting.
    NotGeoJson(String),
    /// GeoJSON, but not usable: out of range, an open ring, a ring that crosses itself…
    Invalid(String),
}

impl RawGeometry {
    /// How many positions it holds (for sizing batches of work).
    pub fn positions(&self) -> usize {
        use geo::CoordsIter;
        match self {
            RawGeometry::Read(g) | RawGeometry::Valid(g) | RawGeometry::Repaired(g, _) => {
                g.coords_count()
            }
            _ => 0,
        }
    }

    /// Checks what reading leaves for later, so that it can be done on the thread that
    /// takes the feature: polygons whose rings cross are refused for a dossier and repaired
    /// for imported material, and rings are turned as fills expect.
    pub fn settle(self, mode: Mode) -> RawGeometry {
        let crossings = match mode {
            Mode::Dossier => Crossings::Refuse,
            Mode::Imported => Crossings::Repair,
        };
        match self {
            RawGeometry::Read(g) => match settle(g, crossings) {
                Ok((g, None)) => RawGeometry::Valid(g),
                Ok((g, Some(problem))) => RawGeometry::Repaired(g, problem),
                Err(problem) => RawGeometry::Invalid(problem),
            },
            other => other,
        }
    }
}

/// What the top level of the file was.
#[derive(Debug, Default)]
pub struct TopLevel {
    /// Whether it was an object at all.
    pub object: bool,
    /// Its `"type"`, when that is a string.
    pub kind: Option<String>,
    /// The collection's `"name"`, when that is a string.
    pub name: Option<String>,
    /// Whether there was a `"features"` member, and whether it was an array.
    pub features: Member,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Member {
    #[default]
    Absent,
    NotArray,
    Array,
}

/// How strictly to read: a dossier's files are FeatureCollections of clean geometry; other
/// people's may also be a single Feature, a bare geometry or a GeometryCollection, and
/// polygons whose rings cross are repaired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Dossier,
    Imported,
}

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

/// The coordinates of a geometry as a stream of tokens: an array opens with its length, a
/// position (an array of numbers) is one token. Read before the geometry's type is known.
#[derive(Clone, Copy, Debug)]
enum Token {
    Array(u32),
    Position(Coord<f64>),
    /// A position of fewer than two numbers (how many).
    Short(u32),
    /// An array of numbers and arrays mixed, or of something else.
    Mixed,
}

fn type_name(unexpected: de::Unexpected<'_>) -> String {
    match unexpected {
        de::Unexpected::Str(_) => "a string".to_owned(),
        de::Unexpected::Bool(_) => "a boolean".to_owned(),
        de::Unexpected::Unit => "null".to_owned(),
        de::Unexpected::Map => "an object".to_owned(),
        de::Unexpected::Seq => "an array".to_owned(),
        other => other.to_string(),
    }
}

/// Skips whatever value comes, for the visitors that take only one kind.
macro_rules! skip_other_values {
    ($out:ty, $make:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<$out, E> {
            Ok(($make)(de::Unexpected::Bool(false)))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<$out, E> {
            Ok(($make)(de::Unexpected::Signed(v)))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<$out, E> {
            Ok(($make)(de::Unexpected::Unsigned(v)))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<$out, E> {
            Ok(($make)(de::Unexpected::Float(v)))
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<$out, E> {
            Ok(($make)(de::Unexpected::Str("")))
        }
        fn visit_unit<E: de::Error>(self) -> Result<$out, E> {
            Ok(($make)(de::Unexpected::Unit))
        }
    };
}

/// Drains a map or a sequence that is not wanted.
fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

/// A string (borrowed from the text where it has no escapes), or what else it was.
struct Text;

type Cow<'a> = std::borrow::Cow<'a, str>;

impl<'de> Visitor<'de> for Text {
    type Value = Result<Cow<'de>, &'static str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Ok(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Ok(Cow::Owned(v.to_owned())))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Err("a boolean"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Err("a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Err("a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Err("a number"))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Err("null"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        drain_seq(seq)?;
        Ok(Err("an array"))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        drain_map(map)?;
        Ok(Err("an object"))
    }
}

impl<'de> DeserializeSeed<'de> for Text {
    type Value = Result<Cow<'de>, &'static str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
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
        return RawGeometry::Invalid("empty GeometryCollection".to_owned());
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

/// `"coordinates"`, as tokens.
struct CoordinatesSeed<'t>(&'t mut Vec<Token>);

impl<'de> DeserializeSeed<'de> for CoordinatesSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        if let Element::Number(_) | Element::Other = d.deserialize_any(ElementVisitor(self.0))? {
            // Not an array: a type error that the geometry reports.
            self.0.push(Token::Mixed);
        }
        Ok(())
    }
}

/// One element of a coordinate array: a number, or an array (already turned into tokens).
enum Element {
    Number(f64),
    Array,
    Other,
}

struct ElementVisitor<'t>(&'t mut Vec<Token>);

impl<'de> DeserializeSeed<'de> for ElementVisitor<'_> {
    type Value = Element;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Element, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ElementVisitor<'_> {
    type Value = Element;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number or an array")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Element, E> {
        Ok(Element::Number(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Element, E> {
        Ok(Element::Number(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Element, E> {
        Ok(Element::Number(v as f64))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Element, E> {
        Ok(Element::Other)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Element, E> {
        Ok(Element::Other)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Element, E> {
        Ok(Element::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Element, A::Error> {
        drain_map(map)?;
        Ok(Element::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Element, A::Error> {
        let tokens = self.0;
        let at = tokens.len();
        tokens.push(Token::Array(0));
        let (mut numbers, mut arrays, mut other) = (0u32, 0u32, false);
        let mut xy = [0.0; 2];
        while let Some(element) = seq.next_element_seed(ElementVisitor(tokens))? {
            match element {
                Element::Number(v) => {
                    if let Some(slot) = xy.get_mut(numbers as usize) {
                        *slot = v;
                    }
                    numbers += 1;
                }
                Element::Array => arrays += 1,
                Element::Other => other = true,
            }
        }
        tokens[at] = match (numbers, arrays, other) {
            (0, n, false) => Token::Array(n),
            (n, 0, false) if n >= 2 => Token::Position(Coord { x: xy[0], y: xy[1] }),
            (n, 0, false) => Token::Short(n),
            _ => Token::Mixed,
        };
        if matches!(
            tokens[at],
            Token::Position(_) | Token::Short(_) | Token::Mixed
        ) {
            // A position's numbers pushed nothing; a mixed array's arrays are dropped.
            tokens.truncate(at + 1);
        }
        Ok(Element::Array)
    }
}

/// Reads tokens in the shape a geometry type asks for.
struct Cursor<'t> {
    tokens: &'t [Token],
    at: usize,
    kind: &'t str,
}

enum Problem {
    Shape(String),
    Invalid(String),
}

impl Cursor<'_> {
    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).copied();
        self.at += 1;
        token
    }

    fn shape(&self, what: &str) -> Problem {
        Problem::Shape(format!("the coordinates of a {} {what}", self.kind))
    }

    fn array(&mut self) -> Result<usize, Problem> {
        match self.next() {
            Some(Token::Array(n)) => Ok(n as usize),
            Some(Token::Position(_) | Token::Short(_)) => {
                Err(self.shape("have a position where an array of them belongs"))
            }
            Some(Token::Mixed) | None => Err(self.shape("mix numbers and arrays")),
        }
    }

    fn position(&mut self) -> Result<Coord<f64>, Problem> {
        match self.next() {
            Some(Token::Position(c)) => coord(c.x, c.y).map_err(Problem::Invalid),
            Some(Token::Short(n)) => Err(Problem::Invalid(format!(
                "a position has {n} number(s); it needs two, [longitude, latitude]"
            ))),
            Some(Token::Array(0)) => Err(Problem::Invalid(
                "an empty position; it needs two numbers, [longitude, latitude]".to_owned(),
            )),
            Some(Token::Array(_)) => Err(self.shape("are nested too deeply")),
            Some(Token::Mixed) | None => Err(self.shape("mix numbers and arrays")),
        }
    }

    fn positions(&mut self) -> Result<Vec<Coord<f64>>, Problem> {
        let n = self.array()?;
        // A count comes from the text; the tokens bound what can really follow.
        let mut out = Vec::with_capacity(n.min(self.tokens.len().saturating_sub(self.at)));
        for _ in 0..n {
            out.push(self.position()?);
        }
        Ok(out)
    }

    fn rings(&mut self) -> Result<Vec<Vec<Coord<f64>>>, Problem> {
        let n = self.array()?;
        (0..n).map(|_| self.positions()).collect()
    }

    fn polygon(&mut self) -> Result<geo::Polygon<f64>, Problem> {
        polygon_as_read(self.rings()?).map_err(Problem::Invalid)
    }
}

/// The geometry of `kind` from its coordinate tokens, checked as far as reading goes.
fn geometry_of(kind: &str, tokens: &[Token]) -> RawGeometry {
    let mut cursor = Cursor {
        tokens,
        at: 0,
        kind,
    };
    let invalid = |m: String| Problem::Invalid(m);
    let built: Result<Geometry<f64>, Problem> = (|| {
        Ok(match kind {
            "Point" => Point(cursor.position()?).into(),
            "MultiPoint" => {
                let points = cursor.positions()?;
                nonempty(&points, "MultiPoint").map_err(invalid)?;
                MultiPoint(points.into_iter().map(Point).collect()).into()
            }
            "LineString" => line(cursor.positions()?).map_err(invalid)?.into(),
            "MultiLineString" => {
                let n = cursor.array()?;
                if n == 0 {
                    return Err(invalid("empty MultiLineString".to_owned()));
                }
                let lines = (0..n)
                    .map(|_| line(cursor.positions()?).map_err(invalid))
                    .collect::<Result<Vec<LineString<f64>>, _>>()?;
                MultiLineString(lines).into()
            }
            "Polygon" => cursor.polygon()?.into(),
            "MultiPolygon" => {
                let n = cursor.array()?;
                if n == 0 {
                    return Err(invalid("empty MultiPolygon".to_owned()));
                }
                let polygons = (0..n)
                    .map(|_| cursor.polygon())
                    .collect::<Result<Vec<_>, _>>()?;
                MultiPolygon(polygons).into()
            }
            _ => return Err(Problem::Shape(format!("unknown geometry type {kind:?}"))),
        })
    })();
    match built {
        Ok(g) if cursor.at == tokens.len() => RawGeometry::Read(g),
        Ok(_) => {
            RawGeometry::NotGeoJson(format!("the coordinates of a {kind} are nested too deeply"))
        }
        Err(Problem::Shape(m)) => RawGeometry::NotGeoJson(m),
        Err(Problem::Invalid(m)) => RawGeometry::Invalid(m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(text: &str, mode: Mode) -> (TopLevel, Vec<RawFeature<'_>>) {
        let mut out = Vec::new();
        let top = read(text, mode, &mut |_, f| out.push(f)).expect("JSON");
        (top, out)
    }

    fn geometry(json: &str) -> RawGeometry {
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","geometry":{json}}}]}}"#
        );
        let (_, mut read) = features(&text, Mode::Dossier);
        read.remove(0).geometry.settle(Mode::Dossier)
    }

    #[test]
    fn reads_every_geometry_type_whatever_the_key_order() {
        for json in [
            r#"{"type":"Point","coordinates":[46.75,39.81]}"#,
            r#"{"coordinates":[46.75,39.81,1200],"type":"Point"}"#,
            r#"{"type":"MultiPoint","coordinates":[[46,39],[47,40]]}"#,
            r#"{"coordinates":[[46,39],[47,40]],"type":"LineString","bbox":[46,39,47,40]}"#,
            r#"{"type":"MultiLineString","coordinates":[[[46,39],[47,40]],[[45,39],[45.5,39.5]]]}"#,
            r#"{"type":"Polygon","coordinates":[[[46,39],[47,39],[47,40],[46,39]]]}"#,
            r#"{"type":"MultiPolygon","coordinates":[[[[46,39],[47,39],[47,40],[46,39]]]]}"#,
            r#"{"geometries":[{"type":"Point","coordinates":[1,2]},{"type":"LineString","coordinates":[[1,2],[3,4]]}],"type":"GeometryCollection"}"#,
        ] {
            assert!(
                matches!(geometry(json), RawGeometry::Valid(_)),
                "{json}: {:?}",
                geometry(json)
            );
        }
        let RawGeometry::Valid(Geometry::Point(p)) =
            geometry(r#"{"coordinates":[46.75,39.81],"type":"Point"}"#)
        else {
            panic!("a point")
        };
        assert_eq!((p.x(), p.y()), (46.75, 39.81));
    }

    #[test]
    fn wrong_shapes_are_named_per_feature() {
        let cases = [
            (
                r#"{"type":"Point","coordinates":[[1,2]]}"#,
                "nested too deeply",
            ),
            (
                r#"{"type":"LineString","coordinates":[1,2]}"#,
                "position where",
            ),
            (
                r#"{"type":"Polygon","coordinates":[[1,2],[3,4]]}"#,
                "position where",
            ),
            (
                r#"{"type":"Point","coordinates":[[[1,2]]]}"#,
                "nested too deeply",
            ),
            (
                r#"{"type":"LineString","coordinates":[[[1,2],[3,4]]]}"#,
                "nested too deeply",
            ),
            (r#"{"type":"Point","coordinates":[1,"x"]}"#, "mix"),
            (r#"{"type":"Point","coordinates":"here"}"#, "mix"),
            (r#"{"type":"Point"}"#, "without \"coordinates\""),
            (
                r#"{"type":"Circle","coordinates":[1,2]}"#,
                "unknown geometry type",
            ),
            (r#"{"coordinates":[1,2]}"#, "no \"type\""),
            (r#"[1,2]"#, "an array"),
        ];
        for (json, needle) in cases {
            match geometry(json) {
                RawGeometry::NotGeoJson(m) => assert!(m.contains(needle), "{json}: {m}"),
                other => panic!("{json}: {other:?}"),
            }
        }
        let invalid = [
            (r#"{"type":"Point","coordinates":[1]}"#, "1 number"),
            (r#"{"type":"Point","coordinates":[]}"#, "empty position"),
            (
                r#"{"type":"Point","coordinates":[200,1]}"#,
                "outside longitude",
            ),
            (
                r#"{"type":"LineString","coordinates":[[1,2]]}"#,
                "at least 2",
            ),
            (
                r#"{"type":"MultiPolygon","coordinates":[]}"#,
                "empty MultiPolygon",
            ),
            (r#"{"type":"Polygon","coordinates":[]}"#, "no rings"),
            (
                r#"{"type":"GeometryCollection","geometries":[]}"#,
                "empty GeometryCollection",
            ),
        ];
        for (json, needle) in invalid {
            match geometry(json) {
                RawGeometry::Invalid(m) => assert!(m.contains(needle), "{json}: {m}"),
                other => panic!("{json}: {other:?}"),
            }
        }
        assert!(matches!(geometry("null"), RawGeometry::Missing));
    }

    #[test]
    fn features_wait_for_a_late_type_and_other_documents_give_none() {
        let late = r#"{"features":[{"type":"Feature","properties":{"a":1},"geometry":null}],"name":"L","type":"FeatureCollection"}"#;
        let (top, read) = features(late, Mode::Dossier);
        assert_eq!(top.kind.as_deref(), Some("FeatureCollection"));
        assert_eq!(top.name.as_deref(), Some("L"));
        assert_eq!(top.features, Member::Array);
        assert_eq!(read.len(), 1);
        let (top, read) = features(
            r#"{"type":"Topology","features":[{"type":"Feature"}]}"#,
            Mode::Dossier,
        );
        assert_eq!(top.kind.as_deref(), Some("Topology"));
        assert!(read.is_empty());
        let (top, _) = features(
            r#"{"type":"FeatureCollection","features":{}}"#,
            Mode::Dossier,
        );
        assert_eq!(top.features, Member::NotArray);
    }

    #[test]
    fn other_peoples_documents_may_be_a_feature_a_geometry_or_a_collection_of_geometries() {
        let (_, read) = features(
            r#"{"type":"Feature","properties":{"name":"One"},"geometry":{"type":"Point","coordinates":[1,2]}}"#,
            Mode::Imported,
        );
        assert_eq!(read.len(), 1);
        let (_, read) = features(
            r#"{"coordinates":[[1,2],[3,4]],"type":"LineString"}"#,
            Mode::Imported,
        );
        assert!(matches!(
            read[0].geometry,
            RawGeometry::Read(Geometry::LineString(_))
        ));
        let (_, read) = features(
            r#"{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]},{"type":"Point","coordinates":[3,4]}]}"#,
            Mode::Imported,
        );
        assert_eq!(read.len(), 2);
        // A dossier file must be a FeatureCollection.
        let (_, read) = features(
            r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]}}"#,
            Mode::Dossier,
        );
        assert!(read.is_empty());
    }

    #[test]
    fn json_errors_stop_the_file() {
        let mut sink = |_: usize, _: RawFeature| {};
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let e = read(&deep, Mode::Imported, &mut sink).expect_err("too deep");
        assert!(e.to_string().contains("recursion limit"), "{e}");
        let deep_coords = format!(
            r#"{{"type":"Point","coordinates":{}1{}}}"#,
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let e = read(&deep_coords, Mode::Imported, &mut sink).expect_err("too deep");
        assert!(e.to_string().contains("recursion limit"), "{e}");
        assert!(read("{\"type\": [}", Mode::Imported, &mut sink).is_err());
        assert!(read("{} trailing", Mode::Imported, &mut sink).is_err());
    }
}
