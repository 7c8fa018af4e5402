//! Values read for what they are, or skipped when they are not what is wanted: the small
//! serde visitors that the readers of objects and coordinates share.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::raw::Cow;

pub(super) fn type_name(unexpected: de::Unexpected<'_>) -> String {
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
pub(super) use skip_other_values;

/// Drains a map or a sequence that is not wanted.
pub(super) fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

pub(super) fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

/// A string (borrowed from the text where it has no escapes), or what else it was.
pub(super) struct Text;

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
