//! Property tests: date parsing and quote location hold for any input.

use karabakh_atlas::data::{Document, DocumentMeta};
use karabakh_atlas::time::{Day, PartialDate, Validity};
use proptest::prelude::*;

proptest! {
    #[test]
    fn any_string_parses_or_fails_cleanly(text in "\\PC{0,16}") {
        let _ = PartialDate::parse(&text);
        let _ = Day::parse(&text);
    }

    #[test]
    fn valid_dates_round_trip(y in 1000i32..3000, m in 1u32..=12, d in 1u32..=28) {
        let day = PartialDate::parse(&format!("{y:04}-{m:02}-{d:02}")).expect("valid");
        prop_assert_eq!(day.to_string(), format!("{y:04}-{m:02}-{d:02}"));
        prop_assert_eq!(day.first_day().ymd(), (y, m, d));
        let month = PartialDate::parse(&format!("{y:04}-{m:02}")).expect("valid");
        prop_assert!(month.first_day() <= day.first_day() && day.last_day() <= month.last_day());
        let year = PartialDate::parse(&format!("{y:04}")).expect("valid");
        prop_assert!(year.first_day() <= month.first_day() && month.last_day() <= year.last_day());
    }

    #[test]
    fn an_interval_contains_exactly_its_days(a in -20000i32..20000, len in 0i32..4000, probe in -25000i32..25000) {
        let (from, to) = (Day(a), Day(a + len));
        let part = |d: Day| { let (y, m, dd) = d.ymd(); PartialDate::Day(y, m, dd) };
        prop_assume!((1000..3000).contains(&from.ymd().0) && (1000..3000).contains(&to.ymd().0));
        let v = Validity::new(Some(part(from)), Some(part(to))).expect("ordered");
        prop_assert_eq!(v.contains(Day(probe)), from.0 <= probe && probe <= to.0);
    }

    #[test]
    fn a_quote_cut_from_the_text_is_found_where_it_matches(text in "[a-zA-Z ,.’“”\n]{1,300}", start in 0usize..300, len in 1usize..80) {
        let doc = Document::new("d".into(), DocumentMeta::default(), text.clone());
        let chars: Vec<char> = text.chars().collect();
        prop_assume!(start < chars.len());
        let quote: String = chars[start..(start + len).min(chars.len())].iter().collect();
        prop_assume!(!quote.trim().is_empty());
        let span = doc.locate(&quote).expect("a substring is found");
        prop_assert_eq!(&doc.text[span], quote.as_str());
    }

    #[test]
    fn locating_any_quote_never_panics(text in "\\PC{0,200}", quote in "\\PC{0,40}") {
        let doc = Document::new("d".into(), DocumentMeta::default(), text);
        if let Ok(span) = doc.locate(&quote) {
            prop_assert_eq!(&doc.text[span], quote.as_str());
        }
    }
}

/// A ring of positions on a coarse grid, closed: coarse so that rings touch, cross at
/// vertices and run along each other often.
fn grid_ring(points: &[(u8, u8)]) -> Vec<Vec<f64>> {
    let mut ring: Vec<Vec<f64>> = points
        .iter()
        .map(|&(x, y)| vec![46.0 + f64::from(x) * 0.01, 39.0 + f64::from(y) * 0.01])
        .collect();
    if let Some(first) = ring.first().cloned() {
        ring.push(first);
    }
    ring
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Any polygon, however its rings cross or touch, settles without a panic into polygons
    /// that cover what its outline encloses filled even-odd: the area of geo's overlay of the
    /// whole polygon (the reference the repairs that touch only crossing rings must match).
    #[test]
    fn settled_polygons_keep_the_even_odd_area(
        exterior in prop::collection::vec((0u8..9, 0u8..9), 3..12),
        holes in prop::collection::vec(prop::collection::vec((0u8..9, 0u8..9), 3..6), 0..4),
    ) {
        use geo::Area;
        use geo::algorithm::bool_ops::{BooleanOps, FillRule, OpType};
        let rings: Vec<Vec<Vec<f64>>> = std::iter::once(grid_ring(&exterior))
            .chain(holes.iter().map(|h| grid_ring(h)))
            .collect();
        let value = geojson::GeometryValue::new_polygon(rings.clone());
        let line = |r: &Vec<Vec<f64>>| geo::LineString::from(
            r.iter().map(|p| (p[0], p[1])).collect::<Vec<_>>()
        );
        let polygon = geo::Polygon::new(line(&rings[0]), rings[1..].iter().map(line).collect());
        let expected = polygon
            .boolean_op_with_fill_rule(&geo::MultiPolygon::<f64>::new(Vec::new()), OpType::Union, FillRule::EvenOdd)
            .unsigned_area();
        match karabakh_atlas::data::geometry::to_geo_repairing(&value) {
            Ok((geometry, _)) => {
                let area = geometry.unsigned_area();
                prop_assert!(
                    (area - expected).abs() <= expected * 1e-6 + 1e-12,
                    "settled {} vs even-odd {} for {:?}", area, expected, rings
                );
            }
            // Too few distinct positions, or nothing enclosed: refused, rightly.
            Err(why) => prop_assert!(
                why.contains("distinct positions") || expected < 1e-12,
                "{} for {:?} (even-odd area {})", why, rings, expected
            ),
        }
    }
}
