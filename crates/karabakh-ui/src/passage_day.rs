//! A passage clicked in the reading view that speaks of something dated (an event, a road of
//! some years) not shown on the map's day: the date moves to its day, so that the map draws
//! what was clicked, and a notice says so ("Moved to 19 September 2023, the day of …").

use karabakh_data::{Dataset, Kind};
use karabakh_time::Day;

/// Where the date goes for a passage linked to `features`, shown on `day`: the first day of
/// its first event (or, with no event, of its first dated feature), when none of its dated
/// features is on the map that day; with the feature gone to.
pub fn day_for(dataset: &Dataset, features: &[usize], day: Day) -> Option<(Day, usize)> {
    let dated: Vec<(usize, &karabakh_data::Feature)> = features
        .iter()
        .filter_map(|&i| Some((i, dataset.features.get(i)?)))
        .filter(|(_, f)| f.validity.from().is_some() || f.validity.to().is_some())
        .collect();
    if dated.iter().any(|(_, f)| f.visible_on(day)) {
        return None;
    }
    let first_of = |events: bool| {
        dated
            .iter()
            .filter(|(_, f)| (f.kind == Kind::Event) == events)
            .filter_map(|&(i, f)| Some((f.validity.first_day()?, i)))
            .min()
    };
    first_of(true).or_else(|| first_of(false))
}

impl crate::AtlasApp {
    /// After a passage linked to `features` was clicked: moves the date to the day of what it
    /// speaks of when the map's day does not show it, and says so.
    pub(crate) fn follow_passage_day(&mut self, features: &[usize]) {
        let Some(shown) = self.state.shown_day() else {
            return;
        };
        let Some((day, feature)) = day_for(&self.dataset, features, shown) else {
            return;
        };
        let Some(f) = self.dataset.features.get(feature) else {
            return;
        };
        let name = f.names.display.clone();
        // An event of one day, or the first day of anything longer.
        let what = if f.kind == Kind::Event && f.validity.last_day() == Some(day) {
            "the day of"
        } else {
            "the first day of"
        };
        self.state.day = day;
        self.toasts.push(format!(
            "Moved to {}, {what} \"{name}\"",
            karabakh_time::long_date(day)
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> Day {
        Day::from_ymd(y, m, d).expect("a real day")
    }

    #[test]
    fn a_passage_about_an_event_on_another_day_goes_to_that_day() {
        let d = karabakh_data::load_embedded();
        let (event, first) = d
            .features
            .iter()
            .enumerate()
            .filter(|(_, f)| f.kind == Kind::Event)
            .find_map(|(i, f)| Some((i, f.validity.first_day()?)))
            .expect("an event");
        let town = d
            .features
            .iter()
            .position(|f| f.kind == Kind::Town && f.validity.from().is_none())
            .expect("a town that always exists");
        let far = ymd(1990, 1, 1);
        assert_eq!(day_for(&d, &[town, event], far), Some((first, event)));
        // Shown already: the date stays.
        assert_eq!(day_for(&d, &[town, event], first), None);
        // A town alone is always shown.
        assert_eq!(day_for(&d, &[town], far), None);
    }
}
