//! The map's parts, each a walkers [`Plugin`](walkers::Plugin) that [`crate::MapPanel::ui`]
//! composes with `.with_plugin(..)`, run in this order every frame:
//!
//! - [`SceneSchedule`] keeps the scene fit for the view and shares it, placed, as a [`Frame`];
//! - [`ScenePicture`] paints it: the GPU's picture or egui's meshes, raster tiles between;
//! - [`Pointer`] hit-tests the pointer: what is hovered, what a click chose, and where;
//! - [`Highlights`] outlines the selected, the linked and the hovered features;
//! - [`Labels`] places the labels for the view and paints them with their halos;
//! - [`Ruler`] and [`HereMarker`], while measuring and after a click on an area;
//! - [`EditOverlay`] while editing: the feature being drawn, the selected one's handles;
//! - [`SlideOverlay`] in presentation mode, else [`Furniture`]: scale bar, date, credits.
//!
//! The later parts see the scene only through the frame the first one sets, so a frame
//! without a scene (the first, while one is made) shows the sea and nothing else.

mod edit;
mod furniture;
mod here;
mod highlights;
mod labels;
mod picture;
mod pointer;
mod ruler;
mod schedule;
mod slide;
mod suggested;

use std::sync::Arc;

use egui::{Pos2, Rect};
use walkers::Projector;

pub(crate) use edit::EditOverlay;
pub use edit::{EditGesture, EditInput};
pub(crate) use furniture::Furniture;
pub(crate) use here::HereMarker;
pub(crate) use highlights::Highlights;
pub(crate) use labels::{Labels, PlacedLabels};
pub(crate) use picture::ScenePicture;
pub(crate) use pointer::{Pointed, Pointer};
pub(crate) use ruler::Ruler;
pub(crate) use schedule::SceneSchedule;
pub(crate) use slide::SlideOverlay;
pub use slide::slide_boxes;
pub(crate) use suggested::Suggested;
pub use suggested::SuggestedPlace;

use crate::meshes::SceneMeshes;
use karabakh_scene::{Placing, Scene, SceneInputs, View, World};

/// The scene on the map this frame and where it is: what the parts after the first share.
pub(crate) struct Frame {
    pub view: View,
    /// What the scene for this view would be made from (its labels are placed with them).
    pub inputs: SceneInputs,
    pub scene: Arc<Scene>,
    pub meshes: Arc<SceneMeshes>,
    pub generation: u64,
    /// How the scene's coordinates map to the screen: it may have been made for a view the
    /// map has since been panned or zoomed from.
    pub placing: Placing,
    /// The scene is this view's own, unscaled, not a preview while another is made.
    pub exact: bool,
    /// The map's rectangle on the screen.
    pub clip: Rect,
    /// In presentation mode, the slide made with the scene and the words it was made for.
    pub slide: Option<(
        karabakh_scene::slide::SlideOptions,
        Arc<karabakh_scene::slide::Slide>,
    )>,
}

impl Frame {
    /// The feature drawn at a point of the screen.
    pub fn hit(&self, on_screen: Pos2) -> Option<usize> {
        self.scene.hit(self.placing.invert(on_screen))
    }

    /// A painter that keeps to the map.
    pub fn painter(&self, ui: &egui::Ui) -> egui::Painter {
        ui.painter().with_clip_rect(self.clip)
    }
}

/// The view walkers shows this frame, in the scene's terms.
pub(crate) fn view_of(projector: &Projector) -> View {
    let clip = projector.clip_rect();
    let center = projector.unproject(clip.center().to_vec2());
    View {
        center: World::from_lon_lat(center.x(), center.y()),
        zoom: projector.zoom(),
        origin: [clip.min.x, clip.min.y],
        width: clip.width(),
        height: clip.height(),
    }
}
