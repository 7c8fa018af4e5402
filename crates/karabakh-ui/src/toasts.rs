//! Transient notices ("Added 2 features"): a line at the foot of the map that fades after a
//! few seconds, over nothing the reader needs. Problems still go to the Messages window, which
//! stays until dismissed; what only says that something worked does not need a window.

/// How long a notice is shown in full, then how long it takes to fade, in seconds.
const SHOWN: f64 = 4.0;
const FADE: f64 = 1.0;

#[derive(Default)]
pub struct Toasts {
    /// Each notice's text and when it was first drawn (None until then).
    list: Vec<(String, Option<f64>)>,
}

impl Toasts {
    pub fn push(&mut self, text: impl Into<String>) {
        self.list.push((text.into(), None));
    }

    /// The notices still showing.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|(t, _)| t.as_str())
    }

    /// Draws the notices at the bottom of `rect` (the map), the newest lowest, and forgets
    /// those that have faded.
    pub fn ui(&mut self, ctx: &egui::Context, rect: egui::Rect) {
        let now = ctx.input(|i| i.time);
        self.list
            .retain(|(_, since)| since.is_none_or(|t| now - t < SHOWN + FADE));
        if self.list.is_empty() {
            return;
        }
        let mut bottom = rect.bottom() - 48.0;
        for (n, (text, since)) in self.list.iter_mut().enumerate().rev() {
            let age = now - *since.get_or_insert(now);
            let opacity = (1.0 - ((age - SHOWN) / FADE).clamp(0.0, 1.0)) as f32;
            let area = egui::Area::new(egui::Id::unique(("toast", n)))
                .order(egui::Order::Foreground)
                .interactable(false)
                .pivot(egui::Align2::CENTER_BOTTOM)
                .fixed_pos(egui::pos2(rect.center().x, bottom))
                .show(ctx, |ui| {
                    ui.set_opacity(opacity);
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        ui.label(egui::RichText::new(text.as_str()).size(15.0));
                    });
                });
            bottom = area.response.rect.top() - 6.0;
        }
        ctx.request_repaint_after(std::time::Duration::from_millis(50));
    }
}

/// In presentation mode, "Esc to leave" at the top of the map: shown on entering, fading after
/// a few seconds, back whenever the pointer moves.
#[derive(Default)]
pub struct EscHint {
    /// When the hint was last woken (entering, or a move of the pointer).
    since: Option<f64>,
}

impl EscHint {
    /// Forgets the hint, so that it shows in full the next time presentation mode starts.
    pub fn reset(&mut self) {
        self.since = None;
    }

    /// How much of the hint shows now: 1 for its first seconds, then fading to 0.
    pub fn opacity(&self, now: f64) -> f32 {
        let age = self.since.map_or(0.0, |t| now - t);
        (1.0 - ((age - SHOWN) / FADE).clamp(0.0, 1.0)) as f32
    }

    pub fn ui(&mut self, ctx: &egui::Context, rect: egui::Rect) {
        let (now, moved) = ctx.input(|i| (i.time, i.pointer.delta() != egui::Vec2::ZERO));
        if self.since.is_none() || moved {
            self.since = Some(now);
        }
        let opacity = self.opacity(now);
        if opacity <= 0.0 {
            return;
        }
        egui::Area::new(egui::Id::unique("esc-hint"))
            .order(egui::Order::Foreground)
            .interactable(false)
            .pivot(egui::Align2::CENTER_TOP)
            .fixed_pos(egui::pos2(rect.center().x, rect.top() + 12.0))
            .show(ctx, |ui| {
                ui.set_opacity(opacity);
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.label(egui::RichText::new("Esc to leave the presentation").size(15.0));
                });
            });
        ctx.request_repaint_after(std::time::Duration::from_millis(50));
    }
}
