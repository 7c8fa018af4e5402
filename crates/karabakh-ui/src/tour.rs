//! A story played as a tour: chapter after chapter the map flies to the chapter's view (see
//! `karabakh_map::flight`), the date runs from the last chapter's day to this one's, then the
//! caption fades in and stays for the chapter's seconds. ←/→ step chapters, Esc stops.

use egui::{Color32, RichText};
use karabakh_data::Dataset;
use karabakh_data::story::{Caption, Story};
use karabakh_time::Day;

use crate::AtlasApp;

/// The longest a flight between chapters takes, as a share of the chapter's own seconds: the
/// chapter is there to be read, not to be travelled to.
const TRAVEL_SHARE: f64 = 0.6;
/// Seconds the caption takes to fade in.
const FADE: f32 = 0.6;

/// A story being played.
pub struct Tour {
    pub story: Story,
    /// The chapter shown (index).
    pub chapter: usize,
    /// Seconds since the chapter began.
    pub elapsed: f32,
    /// The day the date runs from, and the seconds it takes to arrive (the flight's).
    from_day: Day,
    travel: f32,
    /// The tour turned presentation mode on, and turns it off at the end.
    presenting: bool,
}

impl Tour {
    /// The chapter's share of its caption shown: 0 while travelling, up to 1 once faded in.
    pub fn caption_alpha(&self) -> f32 {
        ((self.elapsed - self.travel) / FADE).clamp(0.0, 1.0)
    }

    /// The day shown at this point of the chapter.
    fn day_now(&self) -> Option<Day> {
        let to = self.story.chapters.get(self.chapter)?.date;
        if self.travel <= 0.0 || self.elapsed >= self.travel {
            return Some(to);
        }
        let t = f64::from(self.elapsed / self.travel);
        let eased = t * t * (3.0 - 2.0 * t);
        let span = f64::from(to.0) - f64::from(self.from_day.0);
        Some(Day(self.from_day.0 + (span * eased).round() as i32))
    }

    /// Seconds the chapter lasts in all: travel, then its own time.
    fn length(&self) -> f32 {
        let seconds = self
            .story
            .chapters
            .get(self.chapter)
            .map_or(0.0, |c| c.seconds);
        self.travel + seconds
    }
}

/// A chapter's caption as (text, source) for the slide.
pub fn caption_of(caption: &Caption, dataset: &Dataset) -> (String, String) {
    let source = caption.source(dataset).unwrap_or_default();
    (caption.text().to_owned(), source)
}

impl AtlasApp {
    /// Plays `story` from its first chapter; `present` hides the panels for it.
    pub fn play(&mut self, story: Story, present: bool) {
        if story.chapters.is_empty() {
            self.notices.push(format!(
                "The story {:?} has no chapters to play.",
                story.title
            ));
            return;
        }
        self.timeline.playing = false;
        let presenting = present && !self.state.presentation;
        if presenting {
            self.state.presentation = true;
        }
        self.tour = Some(Tour {
            story,
            chapter: 0,
            elapsed: 0.0,
            from_day: self.state.day,
            travel: 0.0,
            presenting,
        });
        self.enter_chapter(0);
    }

    /// Stops the tour where it is.
    pub fn stop_tour(&mut self) {
        if let Some(tour) = self.tour.take()
            && tour.presenting
        {
            self.state.presentation = false;
        }
        self.state.caption = None;
    }

    /// Starts chapter `n`: its layers and selection at once, the flight to its view, the date
    /// on its way.
    fn enter_chapter(&mut self, n: usize) {
        let Some(tour) = self.tour.as_mut() else {
            return;
        };
        let Some(chapter) = tour.story.chapters.get(n).cloned() else {
            return;
        };
        tour.chapter = n;
        tour.elapsed = 0.0;
        tour.from_day = self.state.day;
        self.state.all_dates = false;
        self.state.hidden_layers = chapter.hidden_layers(&self.dataset);
        self.state.selected = chapter.selection.clone();
        self.state.here = None;
        self.state.caption = None;
        let v = chapter.view;
        let longest = f64::from(chapter.seconds) * TRAVEL_SHARE;
        self.map.fly_to_camera(v.lon, v.lat, v.zoom, longest);
        // Without a flight (the same view) the date still runs, for a second at most.
        let date_run = if tour.from_day == chapter.date {
            0.0
        } else {
            (chapter.seconds * 0.3).min(1.0)
        };
        tour.travel = (self.map.flight_seconds() as f32).max(date_run);
    }

    /// Advances the tour by the frame's time, and takes its keys before the timeline does.
    pub(crate) fn tour_tick(&mut self, ctx: &egui::Context) {
        let Some(tour) = self.tour.as_mut() else {
            return;
        };
        let (back, forward, stop) = ctx.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowLeft),
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowRight),
                i.consume_key(egui::Modifiers::NONE, egui::Key::Escape),
            )
        });
        if stop {
            return self.stop_tour();
        }
        let count = tour.story.chapters.len();
        let n = tour.chapter;
        if back {
            return self.enter_chapter(n.saturating_sub(1));
        }
        if forward && n + 1 < count {
            return self.enter_chapter(n + 1);
        }
        tour.elapsed += ctx.input(|i| i.stable_dt).min(0.1);
        if let Some(day) = tour.day_now() {
            self.state.day = day;
        }
        let (done, alpha) = (tour.elapsed >= tour.length(), tour.caption_alpha());
        if self.state.presentation && alpha > 0.0 {
            // The slide's caption is the chapter's.
            let caption = tour
                .story
                .chapters
                .get(n)
                .map(|c| caption_of(&c.caption, &self.dataset));
            self.state.caption = caption;
        }
        ctx.request_repaint();
        if done {
            if n + 1 < count {
                self.enter_chapter(n + 1);
            } else {
                self.stop_tour();
            }
        }
    }

    /// The chapter's caption over the map (`map`, the map panel's rect: it kept to the middle
    /// of the window and spilled over the side panels), fading in, where the tour is, and the
    /// tour's buttons. In presentation mode the slide carries the caption: only where the tour
    /// is and the buttons, at the top.
    pub(crate) fn tour_caption_ui(&mut self, ctx: &egui::Context, map: egui::Rect) {
        let Some(tour) = &self.tour else {
            return;
        };
        let Some(chapter) = tour.story.chapters.get(tour.chapter) else {
            return;
        };
        let alpha = tour.caption_alpha();
        let (text, source) = caption_of(&chapter.caption, &self.dataset);
        let place = format!(
            "{} · chapter {} of {} · Left/Right arrows step, Esc stops",
            tour.story.title,
            tour.chapter + 1,
            tour.story.chapters.len()
        );
        let presenting = self.state.presentation;
        let ink = Color32::from_rgb(0x22, 0x22, 0x28).gamma_multiply(alpha);
        let (n, count) = (tour.chapter, tour.story.chapters.len());
        let mut step = None;
        let id = egui::Id::unique(CAPTION);
        // In presentation mode the slide carries the caption; the tour's place and buttons go
        // where the slide's boxes are not.
        let (at, pivot) = if presenting {
            let size = ctx
                .memory(|m| m.area_rect(id))
                .map_or(egui::vec2(340.0, 50.0), |r| r.size());
            clear_spot(map, size, &karabakh_map::slide_boxes(ctx))
        } else {
            let at = map.center_bottom() - egui::vec2(0.0, 40.0);
            (at, egui::Align2::CENTER_BOTTOM)
        };
        egui::Area::new(id)
            .fixed_pos(at)
            .pivot(pivot)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style())
                    .fill(Color32::from_white_alpha((235.0 * alpha.max(0.35)) as u8))
                    .show(ui, |ui| {
                        if !presenting {
                            // Of one width, so that the buttons at the bottom stay put.
                            ui.set_width(640.0_f32.min(map.width() - 60.0).max(200.0));
                        }
                        ui.label(RichText::new(place).small().color(Color32::from_gray(90)));
                        if !presenting {
                            if !chapter.title.is_empty() {
                                ui.label(
                                    RichText::new(&chapter.title).strong().size(18.0).color(ink),
                                );
                            }
                            ui.label(RichText::new(text).size(17.0).color(ink));
                            if !source.is_empty() {
                                ui.label(RichText::new(source).italics().color(ink));
                            }
                        }
                        ui.horizontal(|ui| step = tour_buttons(ui, n, count));
                    });
            });
        match step {
            Some(Step::To(n)) => self.enter_chapter(n),
            Some(Step::Stop) => self.stop_tour(),
            None => {}
        }
    }
}

/// Where a box of `size` goes over a presented map `map`, clear of the slide's `boxes`: top
/// middle (under the "Esc to leave" hint), else bottom middle, left, right, lower on the top;
/// the top middle when none is clear.
fn clear_spot(
    map: egui::Rect,
    size: egui::Vec2,
    boxes: &[egui::Rect],
) -> (egui::Pos2, egui::Align2) {
    use egui::Align2;
    let spots = [
        (map.center_top() + egui::vec2(0.0, 48.0), Align2::CENTER_TOP),
        (
            map.center_bottom() - egui::vec2(0.0, 40.0),
            Align2::CENTER_BOTTOM,
        ),
        (
            map.left_center() + egui::vec2(12.0, 0.0),
            Align2::LEFT_CENTER,
        ),
        (
            map.right_center() - egui::vec2(12.0, 0.0),
            Align2::RIGHT_CENTER,
        ),
        (
            map.center_top() + egui::vec2(0.0, 150.0),
            Align2::CENTER_TOP,
        ),
    ];
    spots
        .into_iter()
        .find(|(at, pivot)| {
            let rect = pivot.anchor_size(*at, size).expand(4.0);
            map.contains_rect(rect) && !boxes.iter().any(|b| b.intersects(rect))
        })
        .unwrap_or(spots[0])
}

/// What the tour's buttons ask.
enum Step {
    To(usize),
    Stop,
}

/// The tour's own controls, for the mouse: the chapter before and after (of `count`, chapter
/// `n` shown), and stop.
fn tour_buttons(ui: &mut egui::Ui, n: usize, count: usize) -> Option<Step> {
    let mut step = None;
    if ui
        .add_enabled(n > 0, egui::Button::new("Previous chapter").small())
        .clicked()
    {
        step = Some(Step::To(n - 1));
    }
    if ui
        .add_enabled(n + 1 < count, egui::Button::new("Next chapter").small())
        .clicked()
    {
        step = Some(Step::To(n + 1));
    }
    if ui
        .small_button("Stop tour")
        .on_hover_text("Stop the tour here (Esc)")
        .clicked()
    {
        step = Some(Step::Stop);
    }
    step
}

/// The id of the tour's caption area.
const CAPTION: &str = "tour-caption";

/// Where the tour's caption was drawn last, if it was.
pub(crate) fn caption_rect(ctx: &egui::Context) -> Option<egui::Rect> {
    ctx.memory(|m| m.area_rect(egui::Id::unique(CAPTION)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use karabakh_data::story::{Chapter, ChapterView};

    fn tour(travel: f32) -> Tour {
        let chapter = Chapter {
            title: String::new(),
            date: Day(100),
            view: ChapterView {
                lat: 39.8,
                lon: 46.7,
                zoom: 8.0,
            },
            layers: Vec::new(),
            selection: Vec::new(),
            caption: Caption::Words {
                text: "words".into(),
                source: None,
            },
            seconds: 3.0,
        };
        Tour {
            story: Story {
                title: "t".into(),
                chapters: vec![chapter],
            },
            chapter: 0,
            elapsed: 0.0,
            from_day: Day(0),
            travel,
            presenting: false,
        }
    }

    #[test]
    fn the_date_runs_to_the_chapters_day_while_the_map_flies() {
        let mut t = tour(2.0);
        assert_eq!(t.day_now(), Some(Day(0)));
        t.elapsed = 1.0;
        assert_eq!(t.day_now(), Some(Day(50)));
        let mut last = 0;
        for i in 0..=30 {
            t.elapsed = i as f32 * 0.1;
            let day = t.day_now().map_or(0, |d| d.0);
            assert!(day >= last);
            last = day;
        }
        assert_eq!(last, 100);
        assert_eq!(t.length(), 5.0);
    }

    #[test]
    fn the_caption_fades_in_after_the_flight() {
        let mut t = tour(1.0);
        t.elapsed = 0.5;
        assert_eq!(t.caption_alpha(), 0.0);
        t.elapsed = 1.3;
        assert!((t.caption_alpha() - 0.5).abs() < 1e-5);
        t.elapsed = 2.0;
        assert_eq!(t.caption_alpha(), 1.0);
        // Without a flight the date is there at once.
        let t = tour(0.0);
        assert_eq!(t.day_now(), Some(Day(100)));
    }
}
