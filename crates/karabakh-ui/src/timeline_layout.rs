//! Where everything on the timeline goes, without painting it: the axis over its rectangle,
//! the calendar's ticks and labels, the chosen day's label, and the events' labels in rows by
//! importance (shortened with "…" when only part fits, left out when nothing does, never over
//! one another and never past the axis's ends).

use egui::{Rect, pos2};
use karabakh_time::{Day, PartialDate, long_date};

use crate::timeline_scale::TimeScale;

/// Height of a row of labels.
pub const ROW_HEIGHT: f32 = 15.0;
/// Rows of event labels above the axis.
pub const EVENT_ROWS: usize = 4;
/// Space kept between two labels side by side.
const GAP: f32 = 5.0;
/// The shortest shortened label worth showing (characters before the "…").
const MIN_ELIDED_CHARS: usize = 4;

/// A squeezed stretch of the axis: its left and right ends on screen, and its label's box and
/// text where the label fits.
pub type Break = (f32, f32, Option<(Rect, String)>);

/// The part of time on the axis, laid over its rectangle.
#[derive(Clone, Copy, Debug)]
pub struct Axis<'a> {
    pub scale: &'a TimeScale,
    /// First and last positions (scale units) shown.
    pub start: f64,
    pub end: f64,
    pub rect: Rect,
    pub u_per_px: f64,
    /// Where the axis line is.
    pub y: f32,
}

impl<'a> Axis<'a> {
    pub fn new(scale: &'a TimeScale, start: f64, end: f64, rect: Rect) -> Axis<'a> {
        let width = f64::from(rect.width().max(1.0));
        Axis {
            scale,
            start,
            end,
            rect,
            u_per_px: (end - start).max(1e-6) / width,
            y: rect.bottom() - 22.0,
        }
    }

    pub fn x_of(&self, day: f64) -> f32 {
        self.rect.left() + ((self.scale.u_of(day) - self.start) / self.u_per_px) as f32
    }

    pub fn day_at(&self, x: f32) -> f64 {
        self.scale
            .day_of(self.start + f64::from(x - self.rect.left()) * self.u_per_px)
    }

    /// The first and last day shown, as fractional days.
    pub fn days(&self) -> (f64, f64) {
        (self.scale.day_of(self.start), self.scale.day_of(self.end))
    }

    /// The band of the event rows' row `row` (0 is the one nearest the axis).
    fn row_rect(&self, row: usize, left: f32, width: f32) -> Rect {
        // A pixel between rows: boxes that touch count as overlapping.
        let bottom = self.y - 16.0 - ROW_HEIGHT * row as f32;
        Rect::from_min_max(
            pos2(left, bottom - ROW_HEIGHT + 1.0),
            pos2(left + width, bottom),
        )
    }

    /// The top band where the chosen day's label goes.
    fn day_row(&self, left: f32, width: f32) -> Rect {
        let top = self.rect.top() + 2.0;
        Rect::from_min_max(pos2(left, top), pos2(left + width, top + ROW_HEIGHT))
    }
}

/// An event as the layout sees it: where it is, its label, how much it matters.
#[derive(Clone, Debug)]
pub struct EventMark {
    /// Its first day's and its end's positions on screen.
    pub x0: f32,
    pub x1: f32,
    pub text: String,
    pub priority: f32,
}

/// A label given a place.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedLabel {
    /// Which `EventMark` it labels.
    pub index: usize,
    pub rect: Rect,
    /// The label as shown: whole, or shortened with "…".
    pub text: String,
    pub row: usize,
}

/// A calendar tick below the axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    pub x: f32,
    pub major: bool,
    pub label: Option<(Rect, String)>,
}

/// Everything the timeline shows, placed.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    pub ticks: Vec<Tick>,
    /// The breaks' spans on screen, with their label where it fits.
    pub breaks: Vec<Break>,
    pub day_label: Option<(Rect, String)>,
    pub labels: Vec<PlacedLabel>,
}

impl Layout {
    /// Every text's box: the calendar's, the breaks', the day's and the events'.
    pub fn text_boxes(&self) -> Vec<(Rect, &str)> {
        let ticks = self.ticks.iter().filter_map(|t| t.label.as_ref());
        let breaks = self.breaks.iter().filter_map(|b| b.2.as_ref());
        let mut boxes: Vec<(Rect, &str)> = ticks
            .chain(breaks)
            .chain(self.day_label.as_ref())
            .map(|(r, s)| (*r, s.as_str()))
            .collect();
        boxes.extend(self.labels.iter().map(|l| (l.rect, l.text.as_str())));
        boxes
    }
}

/// Lays the timeline out: `day` is the chosen day (None for all dates), `measure` the width
/// of a text at the labels' size.
pub fn layout(
    axis: &Axis<'_>,
    marks: &[EventMark],
    day: Option<Day>,
    measure: &dyn Fn(&str) -> f32,
) -> Layout {
    let breaks = break_spans(axis, measure);
    let mut taken: Vec<Rect> = breaks
        .iter()
        .filter_map(|b| b.2.as_ref())
        .map(|l| l.0)
        .collect();
    let ticks = calendar(axis, measure, &mut taken);
    let day_label = day.map(|day| {
        let text = long_date(day);
        let width = measure(&text);
        let x = axis.x_of(f64::from(day.0) + 0.5);
        let left = (x - width / 2.0).clamp(axis.rect.left() + 2.0, axis.rect.right() - 2.0 - width);
        (axis.day_row(left.max(axis.rect.left()), width), text)
    });
    Layout {
        ticks,
        breaks,
        day_label,
        labels: place_labels(axis, marks, measure),
    }
}

/// The breaks in view, labelled with their years where the label fits inside.
fn break_spans(axis: &Axis<'_>, measure: &dyn Fn(&str) -> f32) -> Vec<Break> {
    axis.scale
        .breaks
        .iter()
        .map(|b| {
            (
                b,
                axis.x_of(f64::from(b.first.0)),
                axis.x_of(f64::from(b.last.0) + 1.0),
            )
        })
        .filter(|(_, x0, x1)| *x1 > axis.rect.left() && *x0 < axis.rect.right())
        .map(|(b, x0, x1)| {
            let text = format!("{}–{}", b.first.ymd().0, b.last.ymd().0);
            let width = measure(&text);
            let (left, right) = (x0.max(axis.rect.left()), x1.min(axis.rect.right()));
            let label = (right - left >= width + 4.0).then(|| {
                let l = (left + right - width) / 2.0;
                (tick_label_rect(axis, l, width), text)
            });
            (x0, x1, label)
        })
        .collect()
}

fn tick_label_rect(axis: &Axis<'_>, left: f32, width: f32) -> Rect {
    Rect::from_min_max(pos2(left, axis.y + 8.0), pos2(left + width, axis.y + 21.0))
}

/// The first days of the years, months (but January) and days (but the first) in view, with
/// their labels; months and days only where there are not too many.
fn calendar_days(axis: &Axis<'_>) -> [Vec<(Day, String)>; 3] {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (first, last) = axis.days();
    let (first, last) = (Day(first.floor() as i32), Day(last.ceil() as i32));
    let (y0, y1) = (first.ymd().0, last.ymd().0);
    let years: Vec<(Day, String)> = (y0..=y1 + 1)
        .map(|y| (PartialDate::Year(y).first_day(), y.to_string()))
        .collect();
    let months: Vec<(Day, String)> = if (y1 - y0) <= 100 {
        (y0..=y1 + 1)
            .flat_map(|y| (1..=12u32).map(move |m| (y, m)))
            .filter(|&(_, m)| m != 1)
            .map(|(y, m)| {
                (
                    PartialDate::Month(y, m).first_day(),
                    MONTHS[(m - 1) as usize].to_owned(),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let days: Vec<(Day, String)> = if last.0 - first.0 <= 1500 {
        (first.0..=last.0)
            .map(Day)
            .filter(|d| d.ymd().2 != 1)
            .map(|d| (d, d.ymd().2.to_string()))
            .collect()
    } else {
        Vec::new()
    };
    [years, months, days]
}

/// Years, months and days in view, as many ticks as are a few pixels apart, labelled (years
/// first, then months, then days) wherever a label fits beside the others; none inside a break.
fn calendar(axis: &Axis<'_>, measure: &dyn Fn(&str) -> f32, taken: &mut Vec<Rect>) -> Vec<Tick> {
    let [years, months, days] = calendar_days(axis);
    let mut ticks: Vec<Tick> = Vec::new();
    // (level, rank, tick, text): labels go to the round numbers first (decades, quarters,
    // fives), so that where only some fit, those are the ones shown.
    let mut texts: Vec<(usize, u8, usize, String)> = Vec::new();
    for (level, candidates) in [years, months, days].into_iter().enumerate() {
        for (day, text) in candidates {
            let x = axis.x_of(f64::from(day.0));
            if x < axis.rect.left() || x > axis.rect.right() || axis.scale.break_at(day).is_some() {
                continue;
            }
            // A tick a few pixels from another is noise.
            if ticks.iter().any(|t| (t.x - x).abs() < 3.0) {
                continue;
            }
            let (y, m, d) = day.ymd();
            let round = match level {
                0 => y,
                1 => m as i32 - 1,
                _ => d as i32,
            };
            let rank = match level {
                0 if round % 10 == 0 => 0,
                0 if round % 5 == 0 => 1,
                1 if round % 3 == 0 => 0,
                2 if round % 5 == 0 => 0,
                _ if round % 2 == 0 => 2,
                _ => 3,
            };
            texts.push((level, rank, ticks.len(), text));
            ticks.push(Tick {
                x,
                major: level == 0,
                label: None,
            });
        }
    }
    texts.sort_by_key(|t| (t.0, t.1));
    for (_, _, n, text) in texts {
        let Some(tick) = ticks.get_mut(n) else {
            continue;
        };
        let rect = tick_label_rect(axis, tick.x + 2.0, measure(&text));
        let fits = rect.right() <= axis.rect.right() - 1.0
            && !taken
                .iter()
                .any(|t| t.expand2(egui::vec2(GAP, 0.0)).intersects(rect));
        if fits {
            taken.push(rect);
            tick.label = Some((rect, text));
        }
    }
    ticks
}

/// The events' labels, the most important first, each in the lowest row where it fits whole,
/// else shortened where most of it fits. A leader line from a higher row passes behind the
/// labels below it (they are drawn on their own background).
fn place_labels(
    axis: &Axis<'_>,
    marks: &[EventMark],
    measure: &dyn Fn(&str) -> f32,
) -> Vec<PlacedLabel> {
    let mut order: Vec<usize> = (0..marks.len())
        .filter(|&i| marks[i].x1 >= axis.rect.left() && marks[i].x0 <= axis.rect.right())
        .collect();
    order.sort_by(|&a, &b| {
        marks[b]
            .priority
            .total_cmp(&marks[a].priority)
            .then(marks[a].x0.total_cmp(&marks[b].x0))
    });
    let mut placed: Vec<PlacedLabel> = Vec::new();
    for index in order {
        let mark = &marks[index];
        // An event that began before the axis is labelled from the axis's left end.
        let anchor = mark.x0.max(axis.rect.left() + 1.0);
        let place = Room {
            axis,
            mark,
            anchor,
            measure,
            placed: &placed,
        };
        let found = (0..EVENT_ROWS)
            .find_map(|row| place.whole_in_row(row))
            .or_else(|| {
                (0..EVENT_ROWS)
                    .filter_map(|row| place.shortened_in_row(row))
                    .max_by(|a, b| a.1.width().total_cmp(&b.1.width()))
            });
        if let Some((row, rect, text)) = found {
            placed.push(PlacedLabel {
                index,
                rect,
                text,
                row,
            });
        }
    }
    placed
}

/// Whether a box is free: inside the axis, over no label.
fn free(axis: &Axis<'_>, rect: Rect, placed: &[PlacedLabel]) -> bool {
    rect.left() >= axis.rect.left()
        && rect.right() <= axis.rect.right()
        && !placed
            .iter()
            .any(|p| p.rect.expand2(egui::vec2(GAP, 0.0)).intersects(rect))
}

/// Where a mark's label is looked for: right of its tick at `anchor`, clear of `placed`.
struct Room<'a> {
    axis: &'a Axis<'a>,
    mark: &'a EventMark,
    anchor: f32,
    measure: &'a dyn Fn(&str) -> f32,
    placed: &'a [PlacedLabel],
}

impl Room<'_> {
    /// The whole name in `row`, if it fits.
    fn whole_in_row(&self, row: usize) -> Option<(usize, Rect, String)> {
        let (axis, mark) = (self.axis, self.mark);
        let width = (self.measure)(&mark.text);
        // Right of its tick, or pulled left at the axis's right end.
        let left = (self.anchor + 3.0).min(axis.rect.right() - width - 1.0);
        if left < axis.rect.left() {
            return None;
        }
        let rect = axis.row_rect(row, left, width);
        free(axis, rect, self.placed).then(|| (row, rect, mark.text.clone()))
    }

    /// The longest start of the name (and "…") that fits in `row`.
    fn shortened_in_row(&self, row: usize) -> Option<(usize, Rect, String)> {
        let chars: Vec<char> = self.mark.text.chars().collect();
        // The longest prefix (whole words first) that fits right of the tick.
        (MIN_ELIDED_CHARS..chars.len()).rev().find_map(|n| {
            let prefix: String = chars[..n].iter().collect();
            let text = format!("{}…", prefix.trim_end());
            let rect = self
                .axis
                .row_rect(row, self.anchor + 3.0, (self.measure)(&text));
            free(self.axis, rect, self.placed).then_some((row, rect, text))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use karabakh_data::timeline::TimelineEvent;

    fn measure(text: &str) -> f32 {
        6.5 * text.chars().count() as f32
    }

    fn mark(x0: f32, text: &str, priority: f32) -> EventMark {
        EventMark {
            x0,
            x1: x0 + 1.0,
            text: text.to_owned(),
            priority,
        }
    }

    #[test]
    fn crowded_labels_take_rows_then_shorten_then_give_way() {
        let scale = TimeScale::linear();
        let rect = Rect::from_min_max(pos2(0.0, 0.0), pos2(300.0, 120.0));
        let axis = Axis::new(&scale, 0.0, 10.0, rect);
        let marks: Vec<EventMark> = (0..12)
            .map(|i| mark(100.0 + 4.0 * i as f32, "A rather long event name", i as f32))
            .collect();
        let placed = place_labels(&axis, &marks, &measure);
        assert!(placed.len() < marks.len(), "not all fit");
        assert!(
            placed.iter().any(|p| p.index == 11),
            "the most important is labelled"
        );
        for (i, a) in placed.iter().enumerate() {
            assert!(rect.contains_rect(a.rect), "{a:?}");
            for b in &placed[i + 1..] {
                assert!(!a.rect.intersects(b.rect), "{a:?} over {b:?}");
            }
        }
        // At the right end a label is pulled inside.
        let end = place_labels(&axis, &[mark(295.0, "Peacekeepers leave", 1.0)], &measure);
        assert_eq!(end.len(), 1);
        assert!(end[0].rect.right() <= 300.0);
        assert_eq!(end[0].text, "Peacekeepers leave");
    }

    #[test]
    fn the_chosen_day_is_labelled_even_at_the_axis_ends() {
        let events = [TimelineEvent {
            first: Day::from_ymd(2023, 9, 19).expect("a real day"),
            last: Day::from_ymd(2023, 9, 20).expect("a real day"),
            feature: 0,
            label: "Offensive".to_owned(),
        }];
        let scale = TimeScale::for_events(&events, 2020, 2024);
        let rect = Rect::from_min_max(pos2(0.0, 0.0), pos2(800.0, 120.0));
        let day = events[0].first;
        let u = scale.u_of(f64::from(day.0));
        let axis = Axis::new(&scale, u, u + 10.0, rect);
        let out = layout(&axis, &[], Some(day), &measure);
        let (r, text) = out.day_label.expect("labelled");
        assert_eq!(text, "19 September 2023");
        assert!(rect.contains_rect(r));
    }

    #[test]
    fn the_calendar_adapts_to_the_span_and_its_labels_keep_apart() {
        let scale = TimeScale::linear();
        let rect = Rect::from_min_max(pos2(0.0, 0.0), pos2(1200.0, 120.0));
        let day = |y, m, d| scale.u_of(f64::from(Day::from_ymd(y, m, d).expect("a real day").0));
        for (from, to, wanted) in [
            (day(1985, 1, 1), day(2026, 12, 31), "2020"),
            (day(2023, 1, 1), day(2023, 12, 31), "Sep"),
            (day(2023, 9, 1), day(2023, 9, 30), "19"),
        ] {
            let axis = Axis::new(&scale, from, to, rect);
            let mut taken = Vec::new();
            let ticks = calendar(&axis, &measure, &mut taken);
            assert!(
                ticks
                    .iter()
                    .any(|t| t.label.as_ref().is_some_and(|l| l.1 == wanted))
            );
            for (i, a) in taken.iter().enumerate() {
                assert!(taken[i + 1..].iter().all(|b| !a.intersects(*b)));
                assert!(rect.contains_rect(*a));
            }
        }
    }
}
