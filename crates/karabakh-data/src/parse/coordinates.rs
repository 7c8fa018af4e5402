//! Coordinates read before the geometry's type is known, as a stream of tokens, and the
//! geometry they make once it is: checked as far as reading goes (positions in range, rings
//! closed), what nesting the type asks for, or what is wrong.

use std::fmt;

use geo::{Coord, Geometry, LineString, MultiLineString, MultiPoint, MultiPolygon, Point};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::raw::RawGeometry;
use super::values::drain_map;
use crate::geometry::{InvalidGeometry, coord, line, nonempty, polygon_as_read};

/// The coordinates of a geometry as a stream of tokens: an array opens with its length, a
/// position (an array of numbers) is one token. Read before the geometry's type is known.
#[derive(Clone, Copy, Debug)]
pub(super) enum Token {
    Array(u32),
    Position(Coord<f64>),
    /// A position of fewer than two numbers (how many).
    Short(u32),
    /// An array of numbers and arrays mixed, or of something else.
    Mixed,
}

/// `"coordinates"`, as tokens.
pub(super) struct CoordinatesSeed<'t>(pub(super) &'t mut Vec<Token>);

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

/// Why tokens do not make the geometry.
enum Unreadable {
    /// Not the nesting the type asks for: not GeoJSON geometry.
    Shape(String),
    /// GeoJSON, but not usable.
    Invalid(InvalidGeometry),
}

impl Cursor<'_> {
    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).copied();
        self.at += 1;
        token
    }

    fn shape(&self, what: &str) -> Unreadable {
        Unreadable::Shape(format!("the coordinates of a {} {what}", self.kind))
    }

    fn array(&mut self) -> Result<usize, Unreadable> {
        match self.next() {
            Some(Token::Array(n)) => Ok(n as usize),
            Some(Token::Position(_) | Token::Short(_)) => {
                Err(self.shape("have a position where an array of them belongs"))
            }
            Some(Token::Mixed) | None => Err(self.shape("mix numbers and arrays")),
        }
    }

    fn position(&mut self) -> Result<Coord<f64>, Unreadable> {
        match self.next() {
            Some(Token::Position(c)) => coord(c.x, c.y).map_err(Unreadable::Invalid),
            Some(Token::Short(0) | Token::Array(0)) => {
                Err(Unreadable::Invalid(InvalidGeometry::EmptyPosition))
            }
            Some(Token::Short(n)) => Err(Unreadable::Invalid(InvalidGeometry::ShortPosition {
                numbers: n as usize,
            })),
            Some(Token::Array(_)) => Err(self.shape("are nested too deeply")),
            Some(Token::Mixed) | None => Err(self.shape("mix numbers and arrays")),
        }
    }

    fn positions(&mut self) -> Result<Vec<Coord<f64>>, Unreadable> {
        let n = self.array()?;
        // A count comes from the text; the tokens bound what can really follow.
        let mut out = Vec::with_capacity(n.min(self.tokens.len().saturating_sub(self.at)));
        for _ in 0..n {
            out.push(self.position()?);
        }
        Ok(out)
    }

    fn rings(&mut self) -> Result<Vec<Vec<Coord<f64>>>, Unreadable> {
        let n = self.array()?;
        (0..n).map(|_| self.positions()).collect()
    }

    fn polygon(&mut self) -> Result<geo::Polygon<f64>, Unreadable> {
        polygon_as_read(self.rings()?).map_err(Unreadable::Invalid)
    }
}

/// The geometry of `kind` from its coordinate tokens, checked as far as reading goes.
pub(super) fn geometry_of(kind: &str, tokens: &[Token]) -> RawGeometry {
    let mut cursor = Cursor {
        tokens,
        at: 0,
        kind,
    };
    let invalid = Unreadable::Invalid;
    let built: Result<Geometry<f64>, Unreadable> = (|| {
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
                    return Err(invalid(InvalidGeometry::Empty("MultiLineString")));
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
                    return Err(invalid(InvalidGeometry::Empty("MultiPolygon")));
                }
                let polygons = (0..n)
                    .map(|_| cursor.polygon())
                    .collect::<Result<Vec<_>, _>>()?;
                MultiPolygon(polygons).into()
            }
            _ => return Err(Unreadable::Shape(format!("unknown geometry type {kind:?}"))),
        })
    })();
    match built {
        Ok(g) if cursor.at == tokens.len() => RawGeometry::Read(g),
        Ok(_) => {
            RawGeometry::NotGeoJson(format!("the coordinates of a {kind} are nested too deeply"))
        }
        Err(Unreadable::Shape(m)) => RawGeometry::NotGeoJson(m),
        Err(Unreadable::Invalid(m)) => RawGeometry::Invalid(m),
    }
}
