//! The basemap's rasters as images (for the GPU's painter), and with the marker sprites as
//! egui textures (for painting without the GPU), uploaded once each.

use std::sync::{Arc, PoisonError};

use egui::{ColorImage, TextureHandle, TextureId, TextureOptions};

use crate::meshes::{self, SharedSprites};
use karabakh_scene::Prepared;

/// How the relief images are sampled: linearly, and from mipmaps where they are shown smaller
/// than they are (the world's 3600 pixels across a window at zoom 3), which would shimmer.
pub(crate) const RASTER_OPTIONS: TextureOptions =
    TextureOptions::LINEAR.with_mipmap_mode(Some(egui::TextureFilter::Linear));

#[derive(Default)]
pub(crate) struct Textures {
    /// The basemap's rasters as images.
    pub images: Arc<Vec<ColorImage>>,
    rasters: Vec<TextureHandle>,
    sprites: Vec<TextureHandle>,
}

impl Textures {
    /// Makes images of the basemap's rasters, the first time there are any.
    pub fn load_images(&mut self, prepared: &Prepared) {
        if self.images.is_empty() && !prepared.rasters.is_empty() {
            self.images = Arc::new(
                prepared
                    .rasters
                    .iter()
                    .map(|r| ColorImage::from_rgba_unmultiplied([r.width, r.height], &r.rgba))
                    .collect(),
            );
        }
    }

    /// Uploads to egui the rasters and sprites not yet there.
    pub fn upload(&mut self, ctx: &egui::Context, sprites: &SharedSprites) {
        if self.rasters.len() < self.images.len() {
            self.rasters = self
                .images
                .iter()
                .enumerate()
                .map(|(i, image)| {
                    ctx.load_texture(format!("basemap-raster-{i}"), image.clone(), RASTER_OPTIONS)
                })
                .collect();
        }
        let sprites = sprites.lock().unwrap_or_else(PoisonError::into_inner);
        for (i, sprite) in sprites.list.iter().enumerate().skip(self.sprites.len()) {
            self.sprites.push(ctx.load_texture(
                format!("marker-{i}"),
                (*sprite.image).clone(),
                TextureOptions::NEAREST,
            ));
        }
    }

    /// The egui texture behind a mesh's texture id.
    pub fn id(&self, id: TextureId) -> Option<TextureId> {
        match id {
            TextureId::User(n) if n >= meshes::SPRITES => self
                .sprites
                .get((n - meshes::SPRITES) as usize)
                .map(TextureHandle::id),
            TextureId::User(n) if n >= meshes::RASTERS => self
                .rasters
                .get((n - meshes::RASTERS) as usize)
                .map(TextureHandle::id),
            other => Some(other),
        }
    }
}
