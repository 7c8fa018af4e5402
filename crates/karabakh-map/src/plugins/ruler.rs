//! The ruler while measuring: its points joined by a dashed line, each leg's length on it.

use std::cell::OnceCell;

use egui::{Color32, FontId, Pos2, Rect, Response, Stroke, Ui, pos2, vec2};
use walkers::{MapMemory, Plugin, Projector};

use super::Frame;
use karabakh_scene::measure::{format_km, ruler_legs};

pub(crate) struct Ruler<'a> {
    pub frame: &'a OnceCell<Frame>,
    /// The points placed, as (lon, lat).
    pub points: &'a [(f64, f64)],
}

impl Plugin for Ruler<'_> {
    fn run(self: Box<Self>, ui: &mut Ui, _: &Response, _: &Projector, _: &MapMemory) {
        let Some(frame) = self.frame.get() else {
            return;
        };
        let painter = frame.painter(ui);
        let on_screen: Vec<Pos2> = self
            .points
            .iter()
            .map(|&(lon, lat)| {
                let [x, y] = frame.view.screen_from_lon_lat(lon, lat);
                pos2(x, y)
            })
            .collect();
        let ink = Color32::from_rgb(0x11, 0x11, 0x11);
        if on_screen.len() >= 2 {
            painter.add(egui::Shape::line(
                on_screen.clone(),
                Stroke::new(5.0, Color32::WHITE),
            ));
            painter.extend(egui::Shape::dashed_line(
                &on_screen,
                Stroke::new(2.5, ink),
                8.0,
                5.0,
            ));
        }
        for (leg, w) in ruler_legs(self.points).iter().zip(on_screen.windows(2)) {
            let mid = w[0] + (w[1] - w[0]) * 0.5;
            let galley = painter.layout_no_wrap(format_km(*leg), FontId::proportional(13.0), ink);
            let rect = Rect::from_center_size(mid + vec2(0.0, -12.0), galley.size()).expand(3.0);
            painter.rect_filled(rect, 3.0, Color32::from_white_alpha(225));
            painter.galley(rect.min + vec2(3.0, 3.0), galley, ink);
        }
        for p in &on_screen {
            painter.circle(*p, 5.0, Color32::WHITE, Stroke::new(2.5, ink));
        }
    }
}
