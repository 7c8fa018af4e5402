//! The dossier's events in date order: the timeline's ticks, and the steps of previous / next
//! event.

use crate::model::{Dataset, Kind};
use karabakh_time::Day;

/// An event on the timeline: its days and its feature.
#[derive(Clone, Debug)]
pub struct TimelineEvent {
    pub first: Day,
    pub last: Day,
    pub feature: usize,
    pub label: String,
}

/// The events of a dataset, in date order.
pub fn events_of(dataset: &Dataset) -> Vec<TimelineEvent> {
    let mut events: Vec<TimelineEvent> = dataset
        .features
        .iter()
        .enumerate()
        .filter(|(_, f)| f.kind == Kind::Event)
        .filter_map(|(i, f)| {
            let first = f.validity.first_day()?;
            let last = f.validity.last_day().unwrap_or(first);
            let label = f
                .extra
                .get("short_name")
                .cloned()
                .unwrap_or_else(|| f.names.display.clone());
            Some(TimelineEvent {
                first,
                last,
                feature: i,
                label,
            })
        })
        .collect();
    events.sort_by_key(|e| (e.first, e.feature));
    events
}

/// The first event that starts after `day`.
pub fn next_event(events: &[TimelineEvent], day: Day) -> Option<Day> {
    events.iter().map(|e| e.first).find(|&d| d > day)
}

/// The last event that starts before `day`.
pub fn previous_event(events: &[TimelineEvent], day: Day) -> Option<Day> {
    events.iter().rev().map(|e| e.first).find(|&d| d < day)
}
