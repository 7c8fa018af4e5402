//! The first part: the scene for this view, kept or made, shared with the parts after it.

use std::cell::OnceCell;
use std::sync::Arc;

use egui::{Response, Ui};
use walkers::{MapMemory, Plugin, Projector};

use super::{Frame, view_of};
use crate::MapInput;
use crate::meshes::SharedSprites;
use crate::scenes::{GpuUse, Scenes, Wanted};
use karabakh_data::Dataset;
use karabakh_scene::Prepared;

pub(crate) struct SceneSchedule<'a> {
    pub scenes: &'a mut Scenes,
    /// Counts the scenes made or started.
    pub rebuilds: &'a mut usize,
    /// Make scenes on a worker thread rather than at once.
    pub background: bool,
    pub dataset: &'a Arc<Dataset>,
    pub prepared: &'a Arc<Prepared>,
    pub input: &'a MapInput<'a>,
    /// Points of map made around the view on each side.
    pub pad: f32,
    pub sprites: &'a SharedSprites,
    pub gpu: GpuUse<'a>,
    pub frame: &'a OnceCell<Frame>,
    /// In presentation mode, the slide's words.
    pub slide: Option<&'a karabakh_scene::slide::SlideOptions>,
}

impl Plugin for SceneSchedule<'_> {
    fn run(self: Box<Self>, ui: &mut Ui, _: &Response, projector: &Projector, _: &MapMemory) {
        let inputs = self.input.scene_inputs(view_of(projector));
        let ppp = ui.ctx().pixels_per_point();
        let wanted = Wanted {
            dataset: self.dataset,
            prepared: self.prepared,
            inputs: &inputs,
            pad: self.pad,
            pixels_per_point: ppp,
            sprites: self.sprites,
            slide: self.slide,
        };
        if self
            .scenes
            .update(ui.ctx(), &wanted, self.gpu, self.background)
        {
            *self.rebuilds += 1;
        }
        self.scenes.release_if_held(self.gpu);
        if let Some(frame) = self.scenes.frame(inputs, ppp, projector.clip_rect()) {
            // Set once: this part runs once a frame.
            let _ = self.frame.set(frame);
        }
    }
}
