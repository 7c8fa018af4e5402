//! The timeline across the bottom: a time axis that zooms (wheel) and pans (drag), a tick and a
//! short label for every event, the chosen day, previous/next-event buttons and keys, and play.

use egui::{Align2, Color32, FontId, Key, Rect, RichText, Sense, Stroke, pos2, vec2};

use crate::state::UiState;
use karabakh_data::Dataset;
use karabakh_data::timeline::{TimelineEvent, next_event, previous_event};
use karabakh_time::{Day, PartialDate};

/// How fast play moves the date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Speed {
    DayPerSecond,
    WeekPerSecond,
    MonthPerSecond,
    YearPerSecond,
}

impl Speed {
    pub const ALL: [Speed; 4] = [
        Speed::DayPerSecond,
        Speed::WeekPerSecond,
        Speed::MonthPerSecond,
        Speed::YearPerSecond,
    ];

    pub fn days_per_second(self) -> f64 {
        match self {
            Speed::DayPerSecond => 1.0,
            Speed::WeekPerSecond => 7.0,
            Speed::MonthPerSecond => 30.0,
            Speed::YearPerSecond => 365.0,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Speed::DayPerSecond => "1 day/s",
            Speed::WeekPerSecond => "1 week/s",
            Speed::MonthPerSecond => "1 month/s",
            Speed::YearPerSecond => "1 year/s",
        }
    }
}

/// The timeline's own state: the part of time on the axis and play.
#[derive(Clone, Debug)]
pub struct TimelinePanel {
    /// First and last day on the axis, as fractional days.
    pub start: f64,
    pub end: f64,
    pub playing: bool,
    pub speed: Speed,
    /// Fractional days accumulated while playing.
    carry: f64,
    /// Whether the current drag moves the date marker (it started on it) rather than the axis.
    scrubbing: bool,
}

/// The whole story: the oblast's last years to the peacekeepers' departure.
pub const FULL_RANGE: (i32, i32) = (1985, 2026);
const MIN_SPAN_DAYS: f64 = 10.0;
const MAX_SPAN_DAYS: f64 = 366.0 * 110.0;

impl Default for TimelinePanel {
    fn default() -> Self {
        let mut panel = TimelinePanel {
            start: 0.0,
            end: 1.0,
            playing: false,
            speed: Speed::WeekPerSecond,
            carry: 0.0,
            scrubbing: false,
        };
        panel.show_all();
        panel
    }
}

impl TimelinePanel {
    pub fn show_all(&mut self) {
        self.start = f64::from(PartialDate::Year(FULL_RANGE.0).first_day().0);
        self.end = f64::from(PartialDate::Year(FULL_RANGE.1).last_day().0);
    }

    /// Zooms the axis by `factor` (< 1 zooms in) keeping the day under `anchor` in place.
    pub fn zoom(&mut self, factor: f64, anchor: f64) {
        let span = ((self.end - self.start) * factor).clamp(MIN_SPAN_DAYS, MAX_SPAN_DAYS);
        let t = ((anchor - self.start) / (self.end - self.start)).clamp(0.0, 1.0);
        self.start = anchor - t * span;
        self.end = self.start + span;
    }

    pub fn pan(&mut self, days: f64) {
        self.start += days;
        self.end += days;
    }

    /// Keys: PageUp/PageDown previous/next event, ←/→ a day, Space play/pause.
    pub fn keys(&mut self, ctx: &egui::Context, events: &[TimelineEvent], state: &mut UiState) {
        if ctx.egui_wants_keyboard_input() {
            return;
        }
        let (prev, next, back, forward, play) = ctx.input(|i| {
            (
                i.key_pressed(Key::PageUp),
                i.key_pressed(Key::PageDown),
                i.key_pressed(Key::ArrowLeft),
                i.key_pressed(Key::ArrowRight),
                i.key_pressed(Key::Space),
            )
        });
        if prev {
            self.go_to(previous_event(events, state.day), state);
        }
        if next {
            self.go_to(next_event(events, state.day), state);
        }
        if back {
            self.go_to(Some(Day(state.day.0 - 1)), state);
        }
        if forward {
            self.go_to(Some(state.day.succ()), state);
        }
        if play {
            self.playing = !self.playing;
        }
    }

    /// Moves the date, leaving "all dates", and keeps it on the axis.
    pub fn go_to(&mut self, day: Option<Day>, state: &mut UiState) {
        let Some(day) = day else { return };
        state.day = day;
        state.all_dates = false;
        let d = f64::from(day.0);
        if d < self.start || d > self.end {
            let span = self.end - self.start;
            self.start = d - span / 2.0;
            self.end = d + span / 2.0;
        }
    }

    /// Advances the date while playing.
    pub fn tick(&mut self, ctx: &egui::Context, state: &mut UiState) {
        if !self.playing {
            return;
        }
        let dt = f64::from(ctx.input(|i| i.stable_dt).min(0.1));
        self.carry += dt * self.speed.days_per_second();
        let whole = self.carry.floor();
        if whole >= 1.0 {
            self.carry -= whole;
            let last = PartialDate::Year(FULL_RANGE.1).last_day();
            let next = Day((state.day.0 + whole as i32).min(last.0));
            if next == last {
                self.playing = false;
            }
            self.go_to(Some(next), state);
        }
        ctx.request_repaint();
    }

    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        dataset: &Dataset,
        events: &[TimelineEvent],
        state: &mut UiState,
    ) {
        self.keys(ui.ctx(), events, state);
        self.tick(ui.ctx(), state);
        ui.horizontal(|ui| {
            if ui
                .button("Previous event")
                .on_hover_text("Page Up")
                .clicked()
            {
                self.go_to(previous_event(events, state.day), state);
            }
            let play = if self.playing { "Pause" } else { "Play" };
            if ui.button(play).on_hover_text("Space").clicked() {
                self.playing = !self.playing;
                state.all_dates = false;
            }
            if ui.button("Next event").on_hover_text("Page Down").clicked() {
                self.go_to(next_event(events, state.day), state);
            }
            egui::ComboBox::from_label("Play speed")
                .selected_text(self.speed.label())
                .show_ui(ui, |ui| {
                    for speed in Speed::ALL {
                        ui.selectable_value(&mut self.speed, speed, speed.label());
                    }
                });
            ui.separator();
            ui.checkbox(&mut state.all_dates, "All dates");
            if ui
                .button("Whole story")
                .on_hover_text("Show 1985–2026 on the axis")
                .clicked()
            {
                self.show_all();
            }
            ui.separator();
            ui.label(
                RichText::new(
                    "Click a day or drag the blue marker; drag elsewhere to pan, wheel to zoom",
                )
                .small()
                .weak(),
            );
        });
        self.axis_ui(ui, dataset, events, state);
    }

    /// The axis: a click picks a day (an event's, on its tick), dragging the day's marker
    /// moves the date, dragging elsewhere pans, the wheel zooms.
    fn axis_ui(
        &mut self,
        ui: &mut egui::Ui,
        dataset: &Dataset,
        events: &[TimelineEvent],
        state: &mut UiState,
    ) {
        let (rect, response) =
            ui.allocate_exact_size(vec2(ui.available_width(), 100.0), Sense::click_and_drag());
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Slider, true, "Timeline"));
        let response = response.on_hover_text("Timeline: click to choose a day");
        self.interact(ui, &response, rect, events, state);
        // Drawn with the axis as it is after this frame's pan and zoom.
        let axis = Axis::new(self.start, self.end, rect);
        let painter = ui.painter_at(rect);
        let text = ui.visuals().text_color();
        painter.rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
        painter.line_segment(
            [pos2(rect.left(), axis.y), pos2(rect.right(), axis.y)],
            Stroke::new(1.5, text),
        );
        paint_calendar(&painter, &axis, text);
        paint_events(&painter, &axis, dataset, events, state, text);
        if !state.all_dates {
            paint_day_marker(&painter, &axis, state.day);
        }
    }

    fn interact(
        &mut self,
        ui: &egui::Ui,
        response: &egui::Response,
        rect: Rect,
        events: &[TimelineEvent],
        state: &mut UiState,
    ) {
        let axis = Axis::new(self.start, self.end, rect);
        if response.drag_started() {
            let marker = axis.x_of(f64::from(state.day.0) + 0.5);
            self.scrubbing = !state.all_dates
                && ui
                    .input(|i| i.pointer.press_origin())
                    .is_some_and(|p| (p.x - marker).abs() <= 10.0);
        }
        if response.dragged() {
            match response.interact_pointer_pos() {
                // Dragging the marker moves the date, like a slider.
                Some(p) if self.scrubbing => {
                    self.go_to(Some(Day(axis.day_at(p.x).floor() as i32)), state)
                }
                _ => self.pan(-f64::from(response.drag_delta().x) * axis.days_per_px),
            }
        } else if response.clicked()
            && let Some(p) = response.interact_pointer_pos()
        {
            let day = Day(axis.day_at(p.x).round() as i32);
            // A click on an event's tick picks the event's day.
            let snapped = events
                .iter()
                .map(|e| e.first)
                .min_by_key(|d| (axis.x_of(f64::from(d.0)) - p.x).abs() as i32)
                .filter(|d| (axis.x_of(f64::from(d.0)) - p.x).abs() <= 4.0)
                .unwrap_or(day);
            self.go_to(Some(snapped), state);
        }
        if response.hovered() {
            let scroll = ui.input(|i| i.smooth_scroll_delta.y + i.smooth_scroll_delta.x);
            if scroll.abs() > 0.0 {
                let anchor = response
                    .hover_pos()
                    .map_or((self.start + self.end) / 2.0, |p| axis.day_at(p.x));
                self.zoom((-f64::from(scroll) * 0.004).exp(), anchor);
            }
        }
    }
}

/// The part of time on the axis, laid over its rectangle.
struct Axis {
    start: f64,
    end: f64,
    days_per_px: f64,
    rect: Rect,
    /// Where the axis line is.
    y: f32,
}

impl Axis {
    fn new(start: f64, end: f64, rect: Rect) -> Axis {
        let width = f64::from(rect.width().max(1.0));
        Axis {
            start,
            end,
            days_per_px: (end - start).max(1.0) / width,
            rect,
            y: rect.bottom() - 22.0,
        }
    }

    fn x_of(&self, day: f64) -> f32 {
        self.rect.left() + ((day - self.start) / self.days_per_px) as f32
    }

    fn day_at(&self, x: f32) -> f64 {
        self.start + f64::from(x - self.rect.left()) * self.days_per_px
    }
}

/// Years, months or days, as many as fit, labelled where there is room.
fn paint_calendar(painter: &egui::Painter, axis: &Axis, text: Color32) {
    for (day, label, major) in calendar_ticks(axis.start, axis.end, axis.rect.width()) {
        let x = axis.x_of(f64::from(day.0));
        let h = if major { 8.0 } else { 4.0 };
        painter.line_segment(
            [pos2(x, axis.y), pos2(x, axis.y + h)],
            Stroke::new(1.0, text),
        );
        if let Some(label) = label {
            painter.text(
                pos2(x + 2.0, axis.y + 9.0),
                Align2::LEFT_TOP,
                label,
                FontId::proportional(11.0),
                text,
            );
        }
    }
}

/// Events: a bar for their span, a tick at their start, a short label in one of three rows
/// where it fits; the selected ones in orange.
fn paint_events(
    painter: &egui::Painter,
    axis: &Axis,
    dataset: &Dataset,
    events: &[TimelineEvent],
    state: &UiState,
    text: Color32,
) {
    let red = Color32::from_rgb(0xd6, 0x1f, 0x26);
    let mut rows = [f32::NEG_INFINITY; 3];
    for event in events {
        let x0 = axis.x_of(f64::from(event.first.0));
        let x1 = axis.x_of(f64::from(event.last.0) + 1.0);
        if x1 < axis.rect.left() || x0 > axis.rect.right() {
            continue;
        }
        let selected = dataset
            .features
            .get(event.feature)
            .is_some_and(|f| state.selected.contains(&f.id));
        let color = if selected {
            Color32::from_rgb(0xff, 0xa0, 0x00)
        } else {
            red
        };
        let y = axis.y;
        if x1 - x0 > 2.0 {
            painter.rect_filled(
                Rect::from_min_max(pos2(x0, y - 6.0), pos2(x1, y - 2.0)),
                1.0,
                color.gamma_multiply(0.5),
            );
        }
        painter.line_segment([pos2(x0, y - 14.0), pos2(x0, y)], Stroke::new(2.0, color));
        let galley = painter.layout_no_wrap(event.label.clone(), FontId::proportional(11.5), text);
        let width = galley.size().x;
        if let Some(row) = rows.iter().position(|&edge| x0 > edge + 6.0) {
            let label_y = y - 18.0 - 16.0 * (row as f32 + 1.0);
            painter.line_segment(
                [pos2(x0, label_y + 12.0), pos2(x0, y - 14.0)],
                Stroke::new(1.0, color.gamma_multiply(0.5)),
            );
            painter.galley(pos2(x0 + 2.0, label_y), galley, text);
            rows[row] = x0 + 2.0 + width;
        }
    }
}

/// The chosen day: a line across the axis with a marker on top to drag.
fn paint_day_marker(painter: &egui::Painter, axis: &Axis, day: Day) {
    let (top, bottom) = (axis.rect.top(), axis.rect.bottom());
    let x = axis.x_of(f64::from(day.0) + 0.5);
    let accent = Color32::from_rgb(0x1f, 0x4e, 0xa8);
    painter.line_segment([pos2(x, top), pos2(x, bottom)], Stroke::new(2.5, accent));
    let marker = vec![pos2(x - 6.0, top), pos2(x + 6.0, top), pos2(x, top + 8.0)];
    painter.add(egui::Shape::convex_polygon(marker, accent, Stroke::NONE));
}

/// Ticks for the calendar between `start` and `end` (fractional days), as (day, label, major):
/// years, months or days depending on how many fit in `width` pixels.
pub fn calendar_ticks(start: f64, end: f64, width: f32) -> Vec<(Day, Option<String>, bool)> {
    let span = (end - start).max(1.0);
    let px_per_day = f64::from(width) / span;
    let first = Day(start.floor() as i32);
    let last = Day(end.ceil() as i32);
    let (y0, _, _) = first.ymd();
    let (y1, _, _) = last.ymd();
    let mut ticks = Vec::new();
    if px_per_day * 365.0 < 40.0 {
        // Years, labelled every 5 or 10.
        let every = if px_per_day * 365.0 * 5.0 < 40.0 {
            10
        } else {
            5
        };
        for y in y0..=y1 + 1 {
            let labelled = y % every == 0;
            ticks.push((
                PartialDate::Year(y).first_day(),
                labelled.then(|| y.to_string()),
                labelled,
            ));
        }
    } else if px_per_day * 30.0 < 28.0 {
        // Years labelled, months as minor ticks.
        for y in y0..=y1 + 1 {
            for m in 1..=12u32 {
                let label = (m == 1).then(|| y.to_string());
                ticks.push((PartialDate::Month(y, m).first_day(), label, m == 1));
            }
        }
    } else if px_per_day < 7.0 {
        // Months labelled.
        const NAMES: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        for y in y0..=y1 + 1 {
            for m in 1..=12u32 {
                let label = if m == 1 {
                    format!("{} {y}", NAMES[0])
                } else {
                    NAMES[(m - 1) as usize].to_owned()
                };
                ticks.push((PartialDate::Month(y, m).first_day(), Some(label), m == 1));
            }
        }
    } else {
        // Days, labelled when there is room.
        let every = if px_per_day >= 30.0 {
            1
        } else if px_per_day >= 14.0 {
            2
        } else {
            7
        };
        let mut d = first;
        while d <= last {
            let (y, m, day) = d.ymd();
            let labelled = (d.0 - first.0) % every == 0 || day == 1;
            let label = labelled.then(|| {
                if day == 1 {
                    format!("{y}-{m:02}-01")
                } else {
                    day.to_string()
                }
            });
            ticks.push((d, label, day == 1));
            d = d.succ();
        }
    }
    ticks.retain(|(d, _, _)| f64::from(d.0) >= start && f64::from(d.0) <= end);
    ticks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_adapt_to_the_span() {
        let day = |y, m, d| f64::from(Day::from_ymd(y, m, d).expect("a real day").0);
        let decades = calendar_ticks(day(1985, 1, 1), day(2026, 12, 31), 1200.0);
        assert!(decades.iter().any(|(_, l, _)| l.as_deref() == Some("2020")));
        assert!(decades.len() < 60);
        let september = calendar_ticks(day(2023, 9, 1), day(2023, 9, 30), 1200.0);
        assert!(september.iter().any(|(_, l, _)| l.as_deref() == Some("19")));
        assert_eq!(september.len(), 30);
    }

    #[test]
    fn zoom_keeps_the_anchor_and_respects_limits() {
        let mut t = TimelinePanel::default();
        let anchor = f64::from(Day::from_ymd(2023, 9, 19).expect("a real day").0);
        let before = (anchor - t.start) / (t.end - t.start);
        t.zoom(0.5, anchor);
        let after = (anchor - t.start) / (t.end - t.start);
        assert!((before - after).abs() < 1e-9);
        for _ in 0..100 {
            t.zoom(0.5, anchor);
        }
        assert!((t.end - t.start - MIN_SPAN_DAYS).abs() < 1e-6);
        assert!(t.start <= anchor && anchor <= t.end);
    }
}
