//! Drawing and editing on the map: the feature being drawn (its points joined, an area's
//! ring closed), and the handles of the selected feature's vertices, to drag (move), to
//! right-click or hover and press Delete (delete), and at each edge's middle, to click (insert).

use std::cell::{Cell, OnceCell};

use egui::{Color32, Pos2, Rect, Response, Sense, Stroke, Ui, pos2, vec2};
use walkers::{MapMemory, Plugin, Projector};

use super::Frame;
use karabakh_data::vertex::VertexRef;

/// What the map shows of an edit under way (all places as lon, lat).
#[derive(Clone, Debug, Default)]
pub struct EditInput {
    /// The points of the feature being drawn.
    pub draft: Vec<(f64, f64)>,
    /// The feature drawn is an area: its ring is shown closed.
    pub area: bool,
    /// The selected feature's vertices, and the middles of its edges (where a vertex inserted
    /// there goes).
    pub vertices: Vec<(VertexRef, (f64, f64))>,
    pub midpoints: Vec<(VertexRef, (f64, f64))>,
}

/// What the user did to a handle this frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum EditGesture {
    /// A vertex dragged and let go at (lon, lat).
    Moved(VertexRef, (f64, f64)),
    /// An edge's middle clicked: a vertex there.
    Inserted(VertexRef, (f64, f64)),
    Deleted(VertexRef),
}

pub(crate) struct EditOverlay<'a> {
    pub frame: &'a OnceCell<Frame>,
    pub input: &'a EditInput,
    pub gesture: &'a Cell<Option<EditGesture>>,
}

const INK: Color32 = Color32::from_rgb(0xc2, 0x18, 0x5b);

impl Plugin for EditOverlay<'_> {
    fn run(self: Box<Self>, ui: &mut Ui, _: &Response, _: &Projector, _: &MapMemory) {
        let Some(frame) = self.frame.get() else {
            return;
        };
        let painter = frame.painter(ui);
        let screen = |(lon, lat): (f64, f64)| {
            let [x, y] = frame.view.screen_from_lon_lat(lon, lat);
            pos2(x, y)
        };
        let lon_lat = |p: Pos2| frame.view.lon_lat_from_screen([p.x, p.y]);
        let mut draft: Vec<Pos2> = self.input.draft.iter().copied().map(screen).collect();
        if self.input.area && draft.len() >= 3 {
            draft.push(draft[0]);
        }
        if draft.len() >= 2 {
            painter.add(egui::Shape::line(
                draft.clone(),
                Stroke::new(5.0, Color32::WHITE),
            ));
            painter.add(egui::Shape::line(draft.clone(), Stroke::new(2.5, INK)));
        }
        for p in &draft {
            painter.circle(*p, 4.5, Color32::WHITE, Stroke::new(2.0, INK));
        }
        for &(at, place) in &self.input.midpoints {
            let p = screen(place);
            let id = ui.scope_id().with(("edit-midpoint", at));
            let response = ui.interact(
                Rect::from_center_size(p, vec2(12.0, 12.0)),
                id,
                Sense::click(),
            );
            let fill = if response.hovered() {
                INK
            } else {
                Color32::from_white_alpha(200)
            };
            painter.circle(p, 4.0, fill, Stroke::new(1.5, INK));
            if response.clicked() {
                self.gesture.set(Some(EditGesture::Inserted(at, place)));
            }
        }
        let delete_key = ui.input(|i| i.key_pressed(egui::Key::Delete));
        for &(at, place) in &self.input.vertices {
            let p = screen(place);
            let id = ui.scope_id().with(("edit-vertex", at));
            let rect = Rect::from_center_size(p, vec2(16.0, 16.0));
            let response = ui
                .interact(rect, id, Sense::click_and_drag())
                .on_hover_text("Drag to move; right-click or Delete to remove");
            let shown = match response.interact_pointer_pos() {
                Some(pointer) if response.dragged() => pointer,
                _ => p,
            };
            let fill = if response.hovered() || response.dragged() {
                INK
            } else {
                Color32::WHITE
            };
            painter.rect(
                Rect::from_center_size(shown, vec2(10.0, 10.0)),
                1.0,
                fill,
                Stroke::new(2.0, INK),
                egui::StrokeKind::Middle,
            );
            if response.drag_stopped()
                && let Some(pointer) = response.interact_pointer_pos()
            {
                self.gesture
                    .set(Some(EditGesture::Moved(at, lon_lat(pointer))));
            } else if response.secondary_clicked() || (response.hovered() && delete_key) {
                self.gesture.set(Some(EditGesture::Deleted(at)));
            }
        }
    }
}
