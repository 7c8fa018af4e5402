//! The scene's picture: copied from the GPU where the window has one, else its meshes painted
//! through egui; raster tiles, when chosen, go between the basemap and the features.

use std::cell::OnceCell;

use egui::{Painter, Rect, Response, Ui};
use walkers::{MapMemory, Plugin, Projector};

use super::Frame;
use crate::gpu::{DrawRequest, GpuPictures, Stratum};
use crate::meshes::{self, SharedSprites};
use crate::textures::Textures;
use crate::tiles::TileLayer;
use karabakh_scene::style::LIGHT;

pub(crate) struct ScenePicture<'a> {
    pub frame: &'a OnceCell<Frame>,
    /// The GPU's pictures, unless there is no GPU or it failed.
    pub gpu: Option<&'a GpuPictures>,
    pub tiles: Option<&'a mut TileLayer>,
    pub textures: &'a mut Textures,
    pub sprites: &'a SharedSprites,
}

impl Plugin for ScenePicture<'_> {
    fn run(self: Box<Self>, ui: &mut Ui, _: &Response, projector: &Projector, _: &MapMemory) {
        let Some(frame) = self.frame.get() else {
            let clip = projector.clip_rect();
            ui.painter()
                .with_clip_rect(clip)
                .rect_filled(clip, 0.0, LIGHT.sea);
            return;
        };
        let painter = frame.painter(ui);
        // The GPU's basemap picture is opaque: where it covers the map, no background is
        // painted under it (without a GPU, every pixel painted costs).
        let meshes = &frame.meshes;
        let picture = Rect::from_min_max(
            frame.placing.apply(meshes.origin),
            frame.placing.apply(meshes.origin + meshes.size),
        );
        if self.gpu.is_none() || !picture.contains_rect(frame.clip) {
            painter.rect_filled(frame.clip, 0.0, frame.scene.background);
        }
        match self.gpu {
            Some(gpu) => paint_on_gpu(
                &painter,
                frame,
                gpu,
                self.tiles,
                self.textures,
                self.sprites,
            ),
            None => {
                self.textures.upload(ui.ctx(), self.sprites);
                paint_with_egui(&painter, frame, self.tiles, self.textures);
            }
        }
    }
}

/// Hands egui callbacks that copy the GPU's pictures: one, or two with tiles between.
fn paint_on_gpu(
    painter: &Painter,
    frame: &Frame,
    gpu: &GpuPictures,
    tiles: Option<&mut TileLayer>,
    textures: &Textures,
    sprites: &SharedSprites,
) {
    let merged = tiles.is_none();
    let request = |stratum| DrawRequest {
        stratum,
        meshes: frame.meshes.clone(),
        generation: frame.generation,
        merged,
        background: frame.scene.background,
        placing: frame.placing,
        rasters: textures.images.clone(),
        sprites: sprites.clone(),
    };
    painter.add(gpu.callback(frame.clip, request(Stratum::Basemap)));
    if let Some(layer) = tiles {
        layer.paint(painter, &frame.view);
        painter.add(gpu.callback(frame.clip, request(Stratum::Features)));
    }
}

/// Paints the scene's meshes through egui, moved to where the scene is now.
fn paint_with_egui(
    painter: &Painter,
    frame: &Frame,
    tiles: Option<&mut TileLayer>,
    textures: &Textures,
) {
    let meshes = &frame.meshes;
    let texture = |id| textures.id(id);
    meshes::paint_meshes(
        painter,
        &meshes.basemap,
        meshes.origin,
        frame.placing,
        &texture,
    );
    if let Some(layer) = tiles {
        layer.paint(painter, &frame.view);
    }
    meshes::paint_meshes(
        painter,
        &meshes.features,
        meshes.origin,
        frame.placing,
        &texture,
    );
}
