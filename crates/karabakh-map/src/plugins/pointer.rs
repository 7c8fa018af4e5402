//! What is under the pointer: the feature hovered, the one a click chose, and where.

use std::cell::{Cell, OnceCell};

use egui::{Response, Ui};
use walkers::{MapMemory, Plugin, Projector};

use super::Frame;

/// What the pointer did on the map this frame.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Pointed {
    pub hovered: Option<usize>,
    /// Some(hit) when the map was clicked: the feature under the pointer, or None for empty map.
    pub clicked: Option<Option<usize>>,
    /// Where the click was, as (lon, lat).
    pub clicked_at: Option<(f64, f64)>,
    pub cursor: Option<(f64, f64)>,
}

pub(crate) struct Pointer<'a> {
    pub frame: &'a OnceCell<Frame>,
    pub pointed: &'a Cell<Pointed>,
}

impl Plugin for Pointer<'_> {
    fn run(self: Box<Self>, _: &mut Ui, response: &Response, _: &Projector, _: &MapMemory) {
        let Some(frame) = self.frame.get() else {
            return;
        };
        let lon_lat = |p: egui::Pos2| frame.view.lon_lat_from_screen([p.x, p.y]);
        // A presented slide's legend, title and panels hide the map under them: the pointer
        // over one of them is over no feature.
        let on_map = |p: &egui::Pos2| {
            frame
                .slide
                .as_ref()
                .is_none_or(|(_, slide)| !slide.boxes.iter().any(|b| b.contains(*p)))
        };
        let pointer = response.hover_pos();
        let mut pointed = Pointed {
            hovered: pointer.filter(on_map).and_then(|p| frame.hit(p)),
            cursor: pointer.map(lon_lat),
            ..Pointed::default()
        };
        if response.clicked() {
            let at = response.interact_pointer_pos();
            pointed.clicked = Some(at.filter(on_map).and_then(|p| frame.hit(p)));
            pointed.clicked_at = at.map(lon_lat);
        }
        self.pointed.set(pointed);
    }
}
