//! The timeline across the bottom: a time axis that zooms (wheel) and pans (drag), its scale
//! giving room where events are (`timeline_scale`), a tick for every event and as many labels
//! as fit without overlapping (`timeline_layout`), the chosen day, previous/next-event buttons
//! and keys, and play.

use egui::{Align2, Color32, FontId, Key, Rect, RichText, Sense, Stroke, pos2, vec2};

use crate::state::UiState;
use crate::timeline_layout::{Axis, EventMark, Layout, layout};
use crate::timeline_scale::TimeScale;
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
    /// First and last position on the axis, in the scale's units (see `timeline_scale`).
    pub start: f64,
    pub end: f64,
    /// Day ↔ position, made from the events (and remade when they change).
    pub scale: TimeScale,
    /// The events the scale was made from: their number and days.
    scale_of: Vec<(Day, Day)>,
    pub playing: bool,
    pub speed: Speed,
    /// Fractional days accumulated while playing.
    carry: f64,
    /// Whether the current drag moves the date marker (it started on it) rather than the axis.
    scrubbing: bool,
}

/// The whole story: the oblast's last years to the peacekeepers' departure.
pub const FULL_RANGE: (i32, i32) = (1985, 2026);
/// The narrowest view, in days.
const MIN_SPAN_DAYS: f64 = 10.0;
/// The axis's height.
pub const AXIS_HEIGHT: f32 = 22.0 + 16.0 + 15.0 * 4.0 + 20.0;
/// The size of the axis's texts.
pub const LABEL_SIZE: f32 = 11.5;

impl Default for TimelinePanel {
    fn default() -> Self {
        let mut panel = TimelinePanel {
            start: 0.0,
            end: 1.0,
            scale: TimeScale::linear(),
            scale_of: Vec::new(),
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
        (self.start, self.end) = self.whole_story();
    }

    /// The positions of the story's first and last day.
    fn whole_story(&self) -> (f64, f64) {
        let first = PartialDate::Year(FULL_RANGE.0).first_day().0;
        let last = PartialDate::Year(FULL_RANGE.1).last_day().0;
        (
            self.scale.u_of(f64::from(first)),
            self.scale.u_of(f64::from(last) + 1.0),
        )
    }

    /// Remakes the scale when the events changed, keeping the days in view.
    pub fn fit_scale(&mut self, events: &[TimelineEvent]) {
        if self.scale_of.len() == events.len()
            && self
                .scale_of
                .iter()
                .zip(events)
                .all(|(s, e)| *s == (e.first, e.last))
        {
            return;
        }
        let (first, last) = (self.scale.day_of(self.start), self.scale.day_of(self.end));
        self.scale = TimeScale::for_events(events, FULL_RANGE.0, FULL_RANGE.1);
        self.scale_of = events.iter().map(|e| (e.first, e.last)).collect();
        self.start = self.scale.u_of(first);
        self.end = self.scale.u_of(last);
    }

    /// Where a (fractional) day is on an axis drawn over `rect`.
    pub fn x_of_day(&self, day: f64, rect: Rect) -> f32 {
        Axis::new(&self.scale, self.start, self.end, rect).x_of(day)
    }

    /// The (fractional) day at `x` on an axis drawn over `rect`.
    pub fn day_at_x(&self, x: f32, rect: Rect) -> f64 {
        Axis::new(&self.scale, self.start, self.end, rect).day_at(x)
    }

    /// Zooms the axis by `factor` (< 1 zooms in) keeping the position `anchor` in place.
    pub fn zoom(&mut self, factor: f64, anchor: f64) {
        let (first, last) = self.whole_story();
        // The narrowest view shows ten days around the anchor, however wide they are drawn.
        let day = self.scale.day_of(anchor);
        let narrowest =
            self.scale.u_of(day + MIN_SPAN_DAYS / 2.0) - self.scale.u_of(day - MIN_SPAN_DAYS / 2.0);
        let span = ((self.end - self.start) * factor).clamp(narrowest, (last - first) * 1.5);
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
        self.fit_scale(events);
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
        let d = self.scale.u_of(f64::from(day.0) + 0.5);
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
        let (rect, response) = ui.allocate_exact_size(
            vec2(ui.available_width(), AXIS_HEIGHT),
            Sense::click_and_drag(),
        );
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Slider, true, "Timeline"));
        self.interact(ui, &response, rect, events, state);
        // Laid out and drawn with the axis as it is after this frame's pan and zoom.
        let axis = Axis::new(&self.scale, self.start, self.end, rect);
        let measure = |text: &str| {
            ui.painter()
                .layout_no_wrap(
                    text.to_owned(),
                    FontId::proportional(LABEL_SIZE),
                    Color32::WHITE,
                )
                .size()
                .x
        };
        let (marks, placed) = self.lay_out(rect, dataset, events, state, &measure);
        let day = (!state.all_dates).then_some(state.day);
        let painter = ui.painter_at(rect);
        let colors = Colors::of(ui.visuals());
        painter.rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
        paint_breaks(&painter, &axis, &placed, &colors);
        painter.line_segment(
            [pos2(rect.left(), axis.y), pos2(rect.right(), axis.y)],
            Stroke::new(1.5, colors.text),
        );
        paint_calendar(&painter, &axis, &placed, &colors);
        if let Some(day) = day {
            paint_day_marker(&painter, &axis, day, &colors);
        }
        paint_events(&painter, &axis, &marks, events, &placed, &colors);
        if let Some((r, text)) = &placed.day_label {
            paint_label(&painter, *r, text, colors.accent, &colors, true);
        }
        hover_ui(&response, &axis, dataset, events, &marks, &placed);
    }

    /// The events' marks and everything placed on an axis over `rect`; `measure` gives a
    /// text's width at the labels' size (`LABEL_SIZE`).
    pub fn lay_out(
        &self,
        rect: Rect,
        dataset: &Dataset,
        events: &[TimelineEvent],
        state: &UiState,
        measure: &dyn Fn(&str) -> f32,
    ) -> (Vec<EventMark>, Layout) {
        let axis = Axis::new(&self.scale, self.start, self.end, rect);
        let marks = event_marks(&axis, dataset, events, state);
        let day = (!state.all_dates).then_some(state.day);
        let placed = layout(&axis, &marks, day, measure);
        (marks, placed)
    }

    fn interact(
        &mut self,
        ui: &egui::Ui,
        response: &egui::Response,
        rect: Rect,
        events: &[TimelineEvent],
        state: &mut UiState,
    ) {
        // The axis as it was at the start of the frame, while this frame moves it.
        let scale = self.scale.clone();
        let axis = Axis::new(&scale, self.start, self.end, rect);
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
                _ => self.pan(-f64::from(response.drag_delta().x) * axis.u_per_px),
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
                    .map_or((self.start + self.end) / 2.0, |p| {
                        self.start + f64::from(p.x - rect.left()) * axis.u_per_px
                    });
                self.zoom((-f64::from(scroll) * 0.004).exp(), anchor);
            }
        }
    }
}

/// The timeline's colours, readable in both themes.
struct Colors {
    text: Color32,
    weak: Color32,
    background: Color32,
    event: Color32,
    selected: Color32,
    accent: Color32,
}

impl Colors {
    fn of(visuals: &egui::Visuals) -> Colors {
        let dark = visuals.dark_mode;
        Colors {
            text: visuals.text_color(),
            weak: visuals.weak_text_color(),
            background: visuals.extreme_bg_color,
            event: if dark {
                Color32::from_rgb(0xff, 0x5a, 0x5a)
            } else {
                Color32::from_rgb(0xd6, 0x1f, 0x26)
            },
            selected: if dark {
                Color32::from_rgb(0xff, 0xb3, 0x40)
            } else {
                Color32::from_rgb(0xc8, 0x64, 0x00)
            },
            accent: if dark {
                Color32::from_rgb(0x6a, 0xa6, 0xff)
            } else {
                Color32::from_rgb(0x1f, 0x4e, 0xa8)
            },
        }
    }
}

/// Each event's place on the axis and how much its label matters: the selected ones most,
/// then those of the chosen day, then by how much the documents say of them and how long
/// they lasted.
fn event_marks(
    axis: &Axis<'_>,
    dataset: &Dataset,
    events: &[TimelineEvent],
    state: &UiState,
) -> Vec<EventMark> {
    events
        .iter()
        .map(|event| {
            let feature = dataset.features.get(event.feature);
            let selected = feature.is_some_and(|f| state.selected.contains(&f.id));
            let today = !state.all_dates && event.first <= state.day && state.day <= event.last;
            let excerpts = feature.map_or(0, |f| f.excerpts.len());
            let days = f64::from(event.last.0 - event.first.0 + 1);
            let priority = if selected { 1000.0 } else { 0.0 }
                + if today { 500.0 } else { 0.0 }
                + excerpts as f32
                + (days.ln() as f32) * 0.5;
            EventMark {
                x0: axis.x_of(f64::from(event.first.0)),
                x1: axis.x_of(f64::from(event.last.0) + 1.0),
                text: event.label.clone(),
                priority,
            }
        })
        .collect()
}

/// The breaks: a hatched band with a zigzag where the empty years are squeezed.
fn paint_breaks(painter: &egui::Painter, axis: &Axis<'_>, placed: &Layout, colors: &Colors) {
    for (x0, x1, label) in &placed.breaks {
        let band = Rect::from_min_max(pos2(*x0, axis.rect.top()), pos2(*x1, axis.rect.bottom()));
        painter.rect_filled(band, 0.0, colors.weak.gamma_multiply(0.12));
        let mid = (x0 + x1) / 2.0;
        let zigzag: Vec<egui::Pos2> = (0..=4)
            .map(|i| {
                let dx = if i % 2 == 0 { -3.0 } else { 3.0 };
                pos2(mid + dx, axis.y - 8.0 + 4.0 * i as f32)
            })
            .collect();
        painter.rect_filled(
            Rect::from_min_max(pos2(mid - 4.0, axis.y - 9.0), pos2(mid + 4.0, axis.y + 9.0)),
            0.0,
            colors.background,
        );
        painter.add(egui::Shape::line(zigzag, Stroke::new(1.5, colors.text)));
        if let Some((r, text)) = label {
            paint_label(painter, *r, text, colors.weak, colors, false);
        }
    }
}

/// Years, months or days, as many as fit, labelled where there is room.
fn paint_calendar(painter: &egui::Painter, axis: &Axis<'_>, placed: &Layout, colors: &Colors) {
    for tick in &placed.ticks {
        let h = if tick.major { 8.0 } else { 4.0 };
        painter.line_segment(
            [pos2(tick.x, axis.y), pos2(tick.x, axis.y + h)],
            Stroke::new(1.0, colors.text),
        );
        if let Some((r, text)) = &tick.label {
            paint_label(painter, *r, text, colors.text, colors, false);
        }
    }
}

/// A text in its box; `boxed` puts it on the background colour (over the day's line).
fn paint_label(
    painter: &egui::Painter,
    rect: Rect,
    text: &str,
    color: Color32,
    colors: &Colors,
    boxed: bool,
) {
    if boxed {
        painter.rect_filled(rect.expand(1.5), 2.0, colors.background);
    }
    painter.text(
        pos2(rect.left(), rect.center().y),
        Align2::LEFT_CENTER,
        text,
        FontId::proportional(LABEL_SIZE),
        color,
    );
}

/// Events: a bar for their span, a tick at their start, and their label where the layout
/// found room, joined to the tick by a thin line; the selected ones in orange.
fn paint_events(
    painter: &egui::Painter,
    axis: &Axis<'_>,
    marks: &[EventMark],
    events: &[TimelineEvent],
    placed: &Layout,
    colors: &Colors,
) {
    let color_of = |mark: &EventMark| {
        if mark.priority >= 1000.0 {
            colors.selected
        } else {
            colors.event
        }
    };
    let y = axis.y;
    for (mark, event) in marks.iter().zip(events) {
        let (x0, x1) = (mark.x0, mark.x1);
        if x1 < axis.rect.left() || x0 > axis.rect.right() {
            continue;
        }
        let color = color_of(mark);
        if x1 - x0 > 2.0 {
            painter.rect_filled(
                Rect::from_min_max(pos2(x0, y - 6.0), pos2(x1, y - 2.0)),
                1.0,
                color.gamma_multiply(0.5),
            );
        }
        let width = if event.first == event.last { 2.0 } else { 2.5 };
        painter.line_segment([pos2(x0, y - 14.0), pos2(x0, y)], Stroke::new(width, color));
    }
    for label in &placed.labels {
        let Some(mark) = marks.get(label.index) else {
            continue;
        };
        let color = color_of(mark);
        let anchor = mark.x0.max(axis.rect.left() + 1.0);
        painter.line_segment(
            [pos2(anchor, label.rect.bottom()), pos2(anchor, y - 14.0)],
            Stroke::new(1.0, color.gamma_multiply(0.6)),
        );
        let text = if mark.priority >= 500.0 {
            color
        } else {
            colors.text
        };
        paint_label(painter, label.rect, &label.text, text, colors, true);
    }
}

/// The chosen day: a line across the axis with a marker on top to drag.
fn paint_day_marker(painter: &egui::Painter, axis: &Axis<'_>, day: Day, colors: &Colors) {
    let (top, bottom) = (axis.rect.top(), axis.rect.bottom());
    let x = axis.x_of(f64::from(day.0) + 0.5);
    painter.line_segment(
        [pos2(x, top), pos2(x, bottom)],
        Stroke::new(2.5, colors.accent),
    );
    let marker = vec![pos2(x - 6.0, top), pos2(x + 6.0, top), pos2(x, top + 8.0)];
    painter.add(egui::Shape::convex_polygon(
        marker,
        colors.accent,
        Stroke::NONE,
    ));
}

/// The hover text: the whole name and dates of the event under the pointer (its label or its
/// tick), what a break is, or how to use the axis.
fn hover_ui(
    response: &egui::Response,
    axis: &Axis<'_>,
    dataset: &Dataset,
    events: &[TimelineEvent],
    marks: &[EventMark],
    placed: &Layout,
) {
    let Some(pointer) = response.hover_pos() else {
        return;
    };
    let on_label = placed
        .labels
        .iter()
        .find(|l| l.rect.expand(2.0).contains(pointer))
        .map(|l| l.index);
    let on_tick = || {
        marks
            .iter()
            .enumerate()
            .filter(|(_, m)| (m.x0 - pointer.x).abs() <= 4.0 && pointer.y <= axis.y + 2.0)
            .min_by(|a, b| {
                (a.1.x0 - pointer.x)
                    .abs()
                    .total_cmp(&(b.1.x0 - pointer.x).abs())
            })
            .map(|(i, _)| i)
    };
    let text = if let Some(event) = on_label.or_else(on_tick).and_then(|i| events.get(i)) {
        let name = dataset
            .features
            .get(event.feature)
            .map_or(event.label.as_str(), |f| f.names.display.as_str());
        let dates = if event.first == event.last {
            karabakh_time::long_date(event.first)
        } else {
            format!(
                "{} – {}",
                karabakh_time::long_date(event.first),
                karabakh_time::long_date(event.last)
            )
        };
        format!("{name}\n{dates}")
    } else if let Some(b) = axis.scale.break_at(Day(axis.day_at(pointer.x) as i32)) {
        format!(
            "{} – {}: no events; these years are drawn squeezed",
            b.first, b.last
        )
    } else {
        "Timeline: click to choose a day".to_owned()
    };
    response.clone().on_hover_text(text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_keeps_the_anchor_and_respects_limits() {
        let mut t = TimelinePanel::default();
        let anchor = t
            .scale
            .u_of(f64::from(Day::from_ymd(2023, 9, 19).expect("a real day").0));
        let before = (anchor - t.start) / (t.end - t.start);
        t.zoom(0.5, anchor);
        let after = (anchor - t.start) / (t.end - t.start);
        assert!((before - after).abs() < 1e-9);
        for _ in 0..100 {
            t.zoom(0.5, anchor);
        }
        let days = t.scale.day_of(t.end) - t.scale.day_of(t.start);
        assert!((days - MIN_SPAN_DAYS).abs() < 1e-6, "{days} days");
        assert!(t.start <= anchor && anchor <= t.end);
    }
}
