//! The timeline's scale: months in which events happen get room, months without any shrink,
//! and a long empty stretch (1994–2020) is squeezed into a visible break, so the axis spends
//! its width where the story is. Positions along it are "scale units" (`u`): an ordinary month
//! is one unit wide, and the mapping day ↔ u is piecewise linear between month boundaries.

use karabakh_data::timeline::TimelineEvent;
use karabakh_time::{Day, PartialDate};

/// Weight of a month in which nothing happens.
const EMPTY_MONTH: f64 = 0.25;
/// Weight of a month inside an event's span but with no event starting in it.
const COVERED_MONTH: f64 = 0.5;
/// Weight of a month with events starting in it: this much, plus one per event (at most 12).
const EVENTFUL_MONTH: f64 = 0.6;
/// A run of empty months at least this long becomes a break...
const BREAK_MONTHS: usize = 24;
/// ...as wide as this many units in all.
const BREAK_WIDTH: f64 = 6.0;
/// Days in an average month, for the slope outside the scale's range.
const MONTH_DAYS: f64 = 30.436_875;

/// A stretch of time without events drawn narrower than the rest, marked as such on the axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Break {
    pub first: Day,
    pub last: Day,
}

/// Day ↔ position along the axis.
#[derive(Clone, Debug)]
pub struct TimeScale {
    /// (first day of a month as a fractional day, its position): the knots of the mapping,
    /// increasing in both.
    knots: Vec<(f64, f64)>,
    pub breaks: Vec<Break>,
}

impl TimeScale {
    /// The scale for `events` over the years `first_year..=last_year`.
    pub fn for_events(events: &[TimelineEvent], first_year: i32, last_year: i32) -> TimeScale {
        let months: Vec<(f64, f64)> = (first_year..=last_year)
            .flat_map(|y| (1..=12u32).map(move |m| PartialDate::Month(y, m)))
            .map(|m| (f64::from(m.first_day().0), f64::from(m.last_day().0) + 1.0))
            .collect();
        let mut weights: Vec<f64> = months
            .iter()
            .map(|&(a, b)| {
                let starts = events
                    .iter()
                    .filter(|e| (a..b).contains(&f64::from(e.first.0)))
                    .count();
                let covered = events
                    .iter()
                    .any(|e| f64::from(e.first.0) < b && f64::from(e.last.0) + 1.0 > a);
                match (starts, covered) {
                    (0, false) => EMPTY_MONTH,
                    (0, true) => COVERED_MONTH,
                    (n, _) => EVENTFUL_MONTH + n.min(12) as f64,
                }
            })
            .collect();
        let breaks = squeeze_empty_runs(&months, &mut weights);
        let mut knots = Vec::with_capacity(months.len() + 1);
        let mut u = 0.0;
        for (&(a, _), w) in months.iter().zip(&weights) {
            knots.push((a, u));
            u += w;
        }
        if let Some(&(_, b)) = months.last() {
            knots.push((b, u));
        }
        TimeScale { knots, breaks }
    }

    /// An even scale (an ordinary month one unit), for a timeline without events.
    pub fn linear() -> TimeScale {
        let far = 1.0e7;
        TimeScale {
            knots: vec![(-far, -far / MONTH_DAYS), (far, far / MONTH_DAYS)],
            breaks: Vec::new(),
        }
    }

    /// Position of a (fractional) day.
    pub fn u_of(&self, day: f64) -> f64 {
        interpolate(&self.knots, day, EMPTY_MONTH / MONTH_DAYS, |k| k.0, |k| k.1)
    }

    /// The (fractional) day at a position.
    pub fn day_of(&self, u: f64) -> f64 {
        interpolate(&self.knots, u, MONTH_DAYS / EMPTY_MONTH, |k| k.1, |k| k.0)
    }

    /// The break a day lies in, if any.
    pub fn break_at(&self, day: Day) -> Option<Break> {
        self.breaks
            .iter()
            .copied()
            .find(|b| b.first <= day && day <= b.last)
    }
}

/// Gives each run of at least `BREAK_MONTHS` empty months `BREAK_WIDTH` in all, and returns
/// those runs.
fn squeeze_empty_runs(months: &[(f64, f64)], weights: &mut [f64]) -> Vec<Break> {
    let mut breaks = Vec::new();
    let mut i = 0;
    while i < weights.len() {
        let run = weights[i..]
            .iter()
            .take_while(|&&w| w == EMPTY_MONTH)
            .count();
        if run >= BREAK_MONTHS {
            for w in &mut weights[i..i + run] {
                *w = BREAK_WIDTH / run as f64;
            }
            breaks.push(Break {
                first: Day(months[i].0 as i32),
                last: Day(months[i + run - 1].1 as i32 - 1),
            });
        }
        i += run.max(1);
    }
    breaks
}

/// Piecewise-linear interpolation through `knots` (increasing in both coordinates), extended
/// beyond them at `slope` (that of an empty month).
fn interpolate<K>(
    knots: &[K],
    x: f64,
    slope: f64,
    from: impl Fn(&K) -> f64,
    to: impl Fn(&K) -> f64,
) -> f64 {
    let (Some(first), Some(last)) = (knots.first(), knots.last()) else {
        return x;
    };
    if x <= from(first) {
        return to(first) - (from(first) - x) * slope;
    }
    if x >= from(last) {
        return to(last) + (x - from(last)) * slope;
    }
    let i = knots
        .partition_point(|k| from(k) <= x)
        .clamp(1, knots.len() - 1);
    let (a, b) = (&knots[i - 1], &knots[i]);
    let span = from(b) - from(a);
    if span <= 0.0 {
        return to(a);
    }
    to(a) + (x - from(a)) / span * (to(b) - to(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(first: (i32, u32, u32), last: (i32, u32, u32)) -> TimelineEvent {
        let day = |(y, m, d)| Day::from_ymd(y, m, d).expect("a real day");
        TimelineEvent {
            first: day(first),
            last: day(last),
            feature: 0,
            label: "e".to_owned(),
        }
    }

    #[test]
    fn eventful_months_get_room_and_empty_years_a_break() {
        let events = [
            event((1991, 12, 1), (1994, 5, 12)),
            event((2020, 10, 3), (2020, 10, 3)),
            event((2020, 10, 9), (2020, 10, 9)),
        ];
        let scale = TimeScale::for_events(&events, 1985, 2026);
        let width = |y, m| {
            let month = PartialDate::Month(y, m);
            scale.u_of(f64::from(month.last_day().0) + 1.0)
                - scale.u_of(f64::from(month.first_day().0))
        };
        assert!((width(2020, 10) - (EVENTFUL_MONTH + 2.0)).abs() < 1e-9);
        assert!((width(1993, 3) - COVERED_MONTH).abs() < 1e-9);
        assert!(width(2005, 6) < 0.05, "the empty years are squeezed");
        assert_eq!(scale.breaks.len(), 3, "{:?}", scale.breaks);
        assert!(
            scale
                .break_at(Day::from_ymd(2005, 6, 1).expect("a real day"))
                .is_some()
        );
    }

    #[test]
    fn day_and_position_are_inverse_also_outside_the_range() {
        let events = [event((2023, 9, 19), (2023, 9, 20))];
        let scale = TimeScale::for_events(&events, 2020, 2024);
        for day in [-20_000.0, 18_000.0, 19_000.5, 19_619.25, 25_000.0] {
            let back = scale.day_of(scale.u_of(day));
            assert!((back - day).abs() < 1e-6, "{day} → {back}");
        }
        let linear = TimeScale::linear();
        assert!((linear.u_of(MONTH_DAYS * 2.0) - 2.0).abs() < 1e-9);
    }
}
