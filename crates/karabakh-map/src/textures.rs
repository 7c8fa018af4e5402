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
            let max_side = ctx.input(|i| i.max_texture_side);
            self.rasters = self
                .images
                .iter()
                .enumerate()
                .map(|(i, image)| {
                    let image = fit_texture(image, max_side);
                    ctx.load_texture(format!("basemap-raster-{i}"), image, RASTER_OPTIONS)
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

/// The image halved (each pixel the mean of four) until no side is over `max_side`: a GPU
/// refuses larger textures (the world's relief is 3600 pixels wide; some allow 2048).
pub(crate) fn fit_texture(image: &ColorImage, max_side: usize) -> ColorImage {
    let mut image = image.clone();
    while image.size[0].max(image.size[1]) > max_side.max(1) && image.size[0].min(image.size[1]) > 1
    {
        let [w, h] = [image.size[0] / 2, image.size[1] / 2];
        let (pixels, width) = (&image.pixels, image.size[0]);
        let at = |x: usize, y: usize| pixels.get(y * width + x).copied();
        let halved = (0..h)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .map(|(x, y)| {
                let four = [
                    at(2 * x, 2 * y),
                    at(2 * x + 1, 2 * y),
                    at(2 * x, 2 * y + 1),
                    at(2 * x + 1, 2 * y + 1),
                ];
                let mean = |c: usize| {
                    let sum: u32 = four
                        .iter()
                        .flatten()
                        .map(|p| u32::from(p.to_array()[c]))
                        .sum();
                    (sum / 4) as u8
                };
                egui::Color32::from_rgba_premultiplied(mean(0), mean(1), mean(2), mean(3))
            })
            .collect();
        image = ColorImage::new([w, h], halved);
    }
    image
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_raster_too_large_for_the_gpu_is_halved_until_it_fits() {
        let image = ColorImage::filled([3600, 1450], egui::Color32::from_gray(200));
        let fitted = fit_texture(&image, 2048);
        assert_eq!(fitted.size, [1800, 725]);
        assert_eq!(fitted.pixels[0], egui::Color32::from_gray(200));
        assert_eq!(fit_texture(&image, 4096).size, [3600, 1450]);
    }
}
