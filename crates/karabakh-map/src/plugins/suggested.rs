//! The open document's suggested places (mentions found, not yet reviewed): a hollow dashed
//! ring at each, unlike the solid outline of a curated link, so that a guess never reads as
//! evidence; the pointer over one says "suggested: …".

use std::cell::OnceCell;

use egui::{Color32, Pos2, Response, Shape, Stroke, Ui, pos2};
use walkers::{MapMemory, Plugin, Projector};

use super::Frame;

/// A place the open document is found to mention, not yet accepted or rejected.
#[derive(Clone, Debug, PartialEq)]
pub struct SuggestedPlace {
    /// (lon, lat).
    pub at: (f64, f64),
    /// The words found and the place: "Goris" (GeoNames town, AM).
    pub label: String,
}

/// The ring's radius, in points.
const RADIUS: f32 = 11.0;

pub(crate) struct Suggested<'a> {
    pub frame: &'a OnceCell<Frame>,
    pub places: &'a [SuggestedPlace],
    pub dark: bool,
}

impl Plugin for Suggested<'_> {
    fn run(self: Box<Self>, ui: &mut Ui, response: &Response, _: &Projector, _: &MapMemory) {
        let Some(frame) = self.frame.get() else {
            return;
        };
        let painter = frame.painter(ui);
        let color = if self.dark {
            Color32::from_rgb(0x4d, 0xc9, 0xb8)
        } else {
            Color32::from_rgb(0x00, 0x7c, 0x70)
        };
        let mut hovered: Vec<&str> = Vec::new();
        for place in self.places {
            let [x, y] = frame.view.screen_from_lon_lat(place.at.0, place.at.1);
            let at = pos2(x, y);
            let ring = circle(at, RADIUS);
            painter.extend(Shape::dashed_line(
                &ring,
                Stroke::new(4.0, Color32::WHITE.gamma_multiply(0.8)),
                4.0,
                3.0,
            ));
            painter.extend(Shape::dashed_line(&ring, Stroke::new(2.0, color), 4.0, 3.0));
            if response
                .hover_pos()
                .is_some_and(|p| p.distance(at) <= RADIUS + 3.0)
            {
                hovered.push(&place.label);
            }
        }
        if !hovered.is_empty() {
            let text = hovered
                .iter()
                .map(|l| format!("suggested: {l}"))
                .collect::<Vec<_>>()
                .join("\n");
            egui::Tooltip::always_open(
                ui.ctx().clone(),
                ui.layer_id(),
                egui::Id::unique("suggested-place"),
                egui::PopupAnchor::Pointer,
            )
            .show(|ui| ui.label(text));
        }
    }
}

/// A closed ring of points around `center`.
fn circle(center: Pos2, radius: f32) -> Vec<Pos2> {
    (0..=32)
        .map(|i| {
            let a = i as f32 / 32.0 * std::f32::consts::TAU;
            center + radius * egui::vec2(a.cos(), a.sin())
        })
        .collect()
}
