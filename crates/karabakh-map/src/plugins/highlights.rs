//! The selected features outlined in the highlight colour, and those linked from a panel or
//! under the pointer in the hover colour, over the scene.

use std::cell::{Cell, OnceCell};

use egui::{Response, Ui};
use walkers::{MapMemory, Plugin, Projector};

use super::{Frame, Pointed};
use crate::paint::{Emphasis, paint_emphasis};
use karabakh_data::{Dataset, Kind};
use karabakh_scene::style::LIGHT;

pub(crate) struct Highlights<'a> {
    pub frame: &'a OnceCell<Frame>,
    pub dataset: &'a Dataset,
    /// Selected features' ids.
    pub selected: &'a [String],
    /// Features highlighted from a panel (dataset indices).
    pub emphasised: &'a [usize],
    pub pointed: &'a Cell<Pointed>,
}

impl Plugin for Highlights<'_> {
    fn run(self: Box<Self>, ui: &mut Ui, _: &Response, _: &Projector, _: &MapMemory) {
        let Some(frame) = self.frame.get() else {
            return;
        };
        let painter = frame.painter(ui);
        let emphasise = |i: usize, emphasis: Emphasis| {
            let color = match emphasis {
                Emphasis::Selected => LIGHT.highlight,
                Emphasis::Hovered => LIGHT.hover,
            };
            paint_emphasis(&painter, &frame.scene, i, emphasis, color, frame.placing);
        };
        for id in self.selected {
            if let Some(selected) = self.dataset.feature_index(id) {
                emphasise(selected, Emphasis::Selected);
            }
        }
        for &linked in self.emphasised {
            emphasise(linked, Emphasis::Hovered);
        }
        // A whole country outlined under the pointer is noise; its tooltip is enough.
        let outlined = |i: usize| {
            self.dataset
                .features
                .get(i)
                .is_some_and(|f| f.kind != Kind::Country)
        };
        if let Some(hovered) = self.pointed.get().hovered.filter(|&i| outlined(i)) {
            emphasise(hovered, Emphasis::Hovered);
        }
    }
}
