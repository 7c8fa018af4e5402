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
                    let max_side = ctx.input(|input| input.max_texture_side);
                    ctx.load_texture(
                        format!("basemap-raster-{i}"),
                        fit_to_side(image, max_side),
                        RASTER_OPTIONS,
                    )
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

/// The image as it is when it fits in a texture of `max_side` pixels, or else shrunk to fit
/// (each pixel the mean of the pixels it covers): a graphics driver that takes only 2048 pixels
/// a side still shows the world's relief, a little softer, instead of refusing it.
pub(crate) fn fit_to_side(image: &ColorImage, max_side: usize) -> ColorImage {
    let [w, h] = image.size;
    let longest = w.max(h);
    if longest <= max_side || max_side == 0 {
        return image.clone();
    }
    let (out_w, out_h) = (
        (w * max_side / longest).max(1),
        (h * max_side / longest).max(1),
    );
    let mut pixels = Vec::with_capacity(out_w * out_h);
    for y in 0..out_h {
        let (y0, y1) = (y * h / out_h, ((y + 1) * h / out_h).max(y * h / out_h + 1));
        for x in 0..out_w {
            let (x0, x1) = (x * w / out_w, ((x + 1) * w / out_w).max(x * w / out_w + 1));
            let mut sum = [0u32; 4];
            let mut n = 0u32;
            for sy in y0..y1.min(h) {
                for sx in x0..x1.min(w) {
                    if let Some(p) = image.pixels.get(sy * w + sx) {
                        for (acc, v) in sum.iter_mut().zip(p.to_array()) {
                            *acc += u32::from(v);
                        }
                        n += 1;
                    }
                }
            }
            let n = n.max(1);
            let [r, g, b, a] = sum.map(|v| (v / n) as u8);
            pixels.push(egui::Color32::from_rgba_premultiplied(r, g, b, a));
        }
    }
    ColorImage::new([out_w, out_h], pixels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wide_image_is_shrunk_to_the_largest_texture_and_keeps_its_shape_and_colour() {
        let grey = egui::Color32::from_rgba_premultiplied(100, 120, 140, 255);
        let image = ColorImage::new([3600, 1800], vec![grey; 3600 * 1800]);
        let fitted = fit_to_side(&image, 2048);
        assert_eq!(fitted.size, [2048, 1024]);
        assert!(fitted.pixels.iter().all(|p| *p == grey));
        let small = ColorImage::new([10, 5], vec![grey; 50]);
        assert_eq!(fit_to_side(&small, 2048).size, [10, 5]);
    }
}
