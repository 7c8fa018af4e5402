//! The place whose areas the details panel lists: a ring with a dot, in the highlight colour.

use std::cell::OnceCell;

use egui::{Color32, Response, Stroke, Ui, pos2};
use walkers::{MapMemory, Plugin, Projector};

use super::Frame;
use karabakh_scene::style::LIGHT;

pub(crate) struct HereMarker<'a> {
    pub frame: &'a OnceCell<Frame>,
    /// The place clicked, as (lon, lat).
    pub at: (f64, f64),
}

impl Plugin for HereMarker<'_> {
    fn run(self: Box<Self>, ui: &mut Ui, _: &Response, _: &Projector, _: &MapMemory) {
        let Some(frame) = self.frame.get() else {
            return;
        };
        let painter = frame.painter(ui);
        let [x, y] = frame.view.screen_from_lon_lat(self.at.0, self.at.1);
        let at = pos2(x, y);
        painter.circle_stroke(at, 9.0, Stroke::new(4.0, Color32::WHITE));
        painter.circle_stroke(
            at,
            9.0,
            Stroke::new(2.2, LIGHT.highlight.gamma_multiply(0.9)),
        );
        painter.circle_filled(at, 2.5, Color32::from_rgb(0x22, 0x22, 0x28));
    }
}
