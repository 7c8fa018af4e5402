//! Whether a feature is on the map on a day, and how opaque: events fade out after their day.

use karabakh_data::Kind;
use karabakh_time::Day;

/// Days an event stays on the map after it ends, fading out.
pub const EVENT_FADE_DAYS: i32 = 10;

/// Whether a feature is on the map on `day` (None: every day), and how opaque: events stay a
/// while after their day, fading, so that stepping day by day does not make them blink away.
pub fn presence(feature: &karabakh_data::Feature, day: Option<Day>) -> Option<f32> {
    let Some(day) = day else { return Some(1.0) };
    if feature.visible_on(day) {
        return Some(1.0);
    }
    let last = feature.validity.last_day()?;
    let after = day.0 - last.0;
    (feature.kind == Kind::Event && (1..=EVENT_FADE_DAYS).contains(&after))
        .then(|| 1.0 - after as f32 / (EVENT_FADE_DAYS + 1) as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_fade_after_their_last_day() {
        let d = karabakh_data::load_embedded();
        let offensive = d.feature("event-2023-offensive").expect("offensive");
        let day = |s| Day::parse(s).ok();
        assert_eq!(presence(offensive, day("2023-09-19")), Some(1.0));
        let fading = presence(offensive, day("2023-09-25")).expect("still shown");
        assert!(fading > 0.0 && fading < 1.0);
        assert_eq!(presence(offensive, day("2023-10-19")), None);
        assert_eq!(presence(offensive, day("2023-09-18")), None);
        // Other kinds end on their last day.
        let road = d.feature("lachin-corridor-old-road").expect("road");
        assert_eq!(presence(road, day("2022-08-31")), None);
    }
}
