//! Presentation mode: the slide (title, date, legend of what is in view, scale bar, credits,
//! caption) composed over the map, as the exporter composes it.

use std::cell::OnceCell;
use std::sync::Arc;

use egui::{Response, Ui};
use walkers::{MapMemory, Plugin, Projector};

use super::Frame;
use crate::paint::paint_slide;
use karabakh_data::Dataset;
use karabakh_scene::slide::{SlideOptions, compose};

pub(crate) struct SlideOverlay<'a> {
    pub frame: &'a OnceCell<Frame>,
    pub dataset: &'a Dataset,
    pub options: SlideOptions,
}

impl Plugin for SlideOverlay<'_> {
    fn run(self: Box<Self>, ui: &mut Ui, _: &Response, _: &Projector, _: &MapMemory) {
        let Some(frame) = self.frame.get() else {
            return;
        };
        // The slide made with the scene, whose labels were placed around its boxes; composed
        // here only while the scene for new words is made.
        let slide = match &frame.slide {
            Some((options, slide)) if *options == self.options => slide.clone(),
            _ => Arc::new(compose(
                self.dataset,
                &frame.scene,
                frame.clip,
                &self.options,
            )),
        };
        paint_slide(&frame.painter(ui), &slide);
        let boxes = slide.boxes.clone();
        ui.ctx()
            .data_mut(|d| d.insert_temp(egui::Id::unique(SLIDE_BOXES), boxes));
    }
}

/// Where the slide's boxes were drawn are kept in egui's memory under this id.
const SLIDE_BOXES: &str = "karabakh-map slide boxes";

/// The boxes of the slide drawn last (title, legend, caption, scale, credits), in screen
/// coordinates: what else is put over a presented map (a tour's buttons) keeps clear of them.
pub fn slide_boxes(ctx: &egui::Context) -> Vec<egui::Rect> {
    ctx.data(|d| d.get_temp(egui::Id::unique(SLIDE_BOXES)))
        .unwrap_or_default()
}
