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
