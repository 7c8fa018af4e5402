//! The map's labels: placed again when the view moves (from the scene's markers), painted
//! with halos, lighter while the map moves and full the frame after it stops.

use std::cell::OnceCell;

use egui::{Rect, Response, Ui};
use walkers::{MapMemory, Plugin, Projector};

use super::Frame;
use crate::paint::{Halo, paint_labels};
use karabakh_data::Dataset;
use karabakh_scene::{Label, Placing, Prepared, View};

/// Labels placed for a view, of the scene of `generation`.
pub(crate) struct PlacedLabels {
    pub view: View,
    pub generation: u64,
    pub labels: Vec<Label>,
}

pub(crate) struct Labels<'a> {
    pub frame: &'a OnceCell<Frame>,
    pub dataset: &'a Dataset,
    pub prepared: &'a Prepared,
    /// The labels placed last, kept while the view stays.
    pub placed: &'a mut Option<PlacedLabels>,
    /// How the halos were drawn this frame.
    pub halo: &'a mut Halo,
    /// The selected features' ids: a selected event is named wherever it is.
    pub selected: &'a [String],
}

impl Plugin for Labels<'_> {
    fn run(self: Box<Self>, ui: &mut Ui, _: &Response, _: &Projector, _: &MapMemory) {
        let Some(frame) = self.frame.get() else {
            return;
        };
        let painter = frame.painter(ui);
        if !frame.exact {
            // A preview: the last labels, moved with the map. The scene for this view comes
            // from a worker, which asks for the frame that shows it (with the halos full the
            // frame after).
            paint_labels(
                &painter,
                &moved(&frame.scene.labels, frame.placing),
                Halo::Moving,
            );
            *self.halo = Halo::Moving;
            return;
        }
        let current = self
            .placed
            .as_ref()
            .is_some_and(|p| p.view == frame.view && p.generation == frame.generation);
        if !current {
            *self.placed = Some(PlacedLabels {
                view: frame.view,
                generation: frame.generation,
                labels: place(self.dataset, self.prepared, frame),
            });
            // One more frame once the map stops, with the halos full.
            ui.ctx().request_repaint();
        }
        let halo = if current { Halo::Full } else { Halo::Moving };
        if let Some(placed) = self.placed.as_ref() {
            paint_labels(&painter, &placed.labels, halo);
            let selected: Vec<usize> = self
                .selected
                .iter()
                .filter_map(|id| self.dataset.feature_index(id))
                .collect();
            if !selected.is_empty() {
                // Clear of a presented slide's legend and caption as well as its title.
                // (The inputs are copied only then: this runs every frame something is selected.)
                let inputs = match &frame.slide {
                    Some((_, slide)) => {
                        let mut inputs = frame.inputs.clone();
                        inputs.furniture.extend(&slide.boxes);
                        std::borrow::Cow::Owned(inputs)
                    }
                    None => std::borrow::Cow::Borrowed(&frame.inputs),
                };
                let named = karabakh_scene::labels::selected_event_labels(
                    self.dataset,
                    self.prepared,
                    &inputs,
                    &placed.labels,
                    &selected,
                );
                paint_labels(&painter, &named, halo);
            }
        }
        *self.halo = halo;
    }
}

/// Labels for the frame's view: the scene's own where it was made for it, else placed anew.
fn place(dataset: &Dataset, prepared: &Prepared, frame: &Frame) -> Vec<Label> {
    if frame.placing == Placing::IDENTITY {
        frame.scene.labels.clone()
    } else {
        karabakh_scene::labels::place(
            dataset,
            prepared,
            &frame.inputs,
            &frame.scene,
            frame.placing.shift,
        )
    }
}

/// Labels moved (not scaled) with the map.
fn moved(labels: &[Label], placing: Placing) -> Vec<Label> {
    labels
        .iter()
        .map(|l| Label {
            rect: Rect::from_center_size(placing.apply(l.rect.center()), l.rect.size()),
            dot: l.dot.map(|d| placing.apply(d)),
            leader: l.leader.map(|ends| ends.map(|e| placing.apply(e))),
            ..l.clone()
        })
        .collect()
}
