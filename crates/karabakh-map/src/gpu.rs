//! The map's picture kept on the GPU. Each scene's meshes are drawn once into a texture (an
//! offscreen framebuffer) as large as what the scene covers; while the view pans, a frame only
//! draws that texture, moved: two triangles, however much the layers hold. It uses a second
//! egui_glow painter of its own, so egui's drawing code (and look) serves here too.
//!
//! Only with eframe's OpenGL renderer; elsewhere (the UI tests) the meshes are painted through
//! egui every frame instead.

use std::sync::{Arc, Mutex, PoisonError};

use eframe::egui_glow;
use eframe::glow::{self, HasContext as _};
use egui::epaint::{ClippedPrimitive, Mesh, Primitive};
use egui::{Color32, ColorImage, Rect, TextureId, TextureOptions, pos2};

use super::meshes::{RASTERS, SPRITES, SceneMeshes, SharedSprites};
use karabakh_scene::Placing;

/// Texture ids of the pictures in our painter: `User(PICTURES + stratum)`.
const PICTURES: u64 = 1 << 42;

/// Which picture: the basemap (under raster tiles) or the layers over them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stratum {
    Basemap = 0,
    Features = 1,
}

/// One picture: a framebuffer with its texture, and which meshes it shows.
struct Picture {
    framebuffer: glow::Framebuffer,
    texture: glow::Texture,
    size_px: [u32; 2],
    content: Content,
}

/// What a picture shows: the meshes of a generation, and whether the basemap's picture holds
/// the features too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Content {
    generation: u64,
    merged: bool,
}

/// Why the GPU pictures cannot be used; the map then paints through egui.
#[derive(Debug, thiserror::Error)]
pub enum GpuError {
    #[error("cannot make a painter of our own: {0}")]
    Painter(#[from] egui_glow::PainterError),
    #[error("a picture of {width}×{height} pixels is over the GPU's limit of {max}")]
    TooLarge { width: u32, height: u32, max: usize },
    #[error("OpenGL cannot make a {what}: {message}")]
    Refused { what: &'static str, message: String },
    #[error("the picture's framebuffer is incomplete (status {0:#x})")]
    Incomplete(u32),
}

#[derive(Default)]
struct Inner {
    /// Our own painter, made on the first draw, where the OpenGL context is at hand.
    painter: Option<egui_glow::Painter>,
    /// Set when OpenGL refused something: the map falls back to painting through egui.
    failed: Option<Arc<GpuError>>,
    pictures: [Option<Picture>; 2],
    rasters_uploaded: bool,
    sprites_uploaded: usize,
    max_side: usize,
    /// Whether copying a picture to the window (a blit) failed once: it is drawn as a
    /// textured square from then on.
    blit_failed: bool,
}

/// Shared between the map panel and the paint callbacks it hands to egui.
#[derive(Clone, Default)]
pub struct GpuPictures {
    inner: Arc<Mutex<Inner>>,
}

/// What a callback needs to draw a picture.
pub struct DrawRequest {
    pub stratum: Stratum,
    pub meshes: Arc<SceneMeshes>,
    /// Changes whenever `meshes` does.
    pub generation: u64,
    /// Nothing goes between the basemap and the features (no raster tiles): the basemap's
    /// picture holds both, and the features are not asked for.
    pub merged: bool,
    /// The basemap picture's own background (the sea): with it the picture is opaque, and
    /// showing it unscaled is a copy of pixels rather than a blend.
    pub background: Color32,
    pub placing: Placing,
    pub rasters: Arc<Vec<ColorImage>>,
    pub sprites: SharedSprites,
}

impl DrawRequest {
    fn content(&self) -> Content {
        Content {
            generation: self.generation,
            merged: self.merged,
        }
    }

    /// The picture's size in pixels: what the scene covers.
    fn size_px(&self) -> [u32; 2] {
        let ppp = self.meshes.pixels_per_point;
        [
            ((self.meshes.size.x * ppp).ceil() as u32).max(1),
            ((self.meshes.size.y * ppp).ceil() as u32).max(1),
        ]
    }

    /// The meshes the picture shows, and what it is cleared to first.
    fn layers(&self) -> (Vec<&Mesh>, Color32) {
        let meshes = &self.meshes;
        match self.stratum {
            Stratum::Basemap if self.merged => (
                meshes.basemap.iter().chain(&meshes.features).collect(),
                self.background,
            ),
            Stratum::Basemap => (meshes.basemap.iter().collect(), self.background),
            Stratum::Features => (meshes.features.iter().collect(), Color32::TRANSPARENT),
        }
    }
}

impl GpuPictures {
    /// Why the GPU pictures cannot be used, once something failed.
    pub fn failure(&self) -> Option<Arc<GpuError>> {
        self.lock().failed.clone()
    }

    /// Whether the pictures needed show the meshes of `generation` (and nothing failed): then
    /// the meshes need not be kept to draw them. `merged` as in [`DrawRequest`].
    pub fn holds(&self, generation: u64, merged: bool) -> bool {
        let inner = self.lock();
        let wanted = Content { generation, merged };
        let needed = if merged { 1 } else { 2 };
        inner.failed.is_none()
            && inner.pictures[..needed]
                .iter()
                .all(|p| p.as_ref().is_some_and(|p| p.content == wanted))
    }

    /// As if the pictures had been drawn from the meshes of `generation` (for tests, which
    /// have no OpenGL): the handles are made up and never used.
    #[cfg(test)]
    pub fn pretend_drawn(&self, generation: u64, merged: bool) {
        let handle = std::num::NonZeroU32::MIN;
        let picture = || Picture {
            framebuffer: glow::NativeFramebuffer(handle),
            texture: glow::NativeTexture(handle),
            size_px: [1, 1],
            content: Content { generation, merged },
        };
        self.lock().pictures = [Some(picture()), Some(picture())];
    }

    /// The largest texture side, once known (0 before the first frame is painted).
    pub fn max_side(&self) -> usize {
        self.lock().max_side
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A paint callback for `rect` (the map) that draws `request`'s picture.
    pub fn callback(&self, rect: Rect, request: DrawRequest) -> egui::PaintCallback {
        let inner = self.inner.clone();
        let request = Arc::new(request);
        egui::PaintCallback {
            rect,
            callback: Arc::new(egui_glow::CallbackFn::new(move |info, main| {
                let mut inner = inner.lock().unwrap_or_else(PoisonError::into_inner);
                if inner.failed.is_none()
                    && let Err(e) = inner.draw(&request, &info, main)
                {
                    log::warn!("drawing the map through OpenGL failed, painting through egui: {e}");
                    inner.failed = Some(Arc::new(e));
                }
            })),
        }
    }

    /// Frees what OpenGL holds (on exit, with the context still current).
    pub fn destroy(&self, gl: &glow::Context) {
        let mut inner = self.lock();
        for picture in inner.pictures.iter_mut().filter_map(Option::take) {
            // SAFETY: made on this context and not used again; the textures are the
            // painter's to free.
            unsafe { gl.delete_framebuffer(picture.framebuffer) };
        }
        if let Some(mut painter) = inner.painter.take() {
            painter.destroy();
        }
    }
}

impl Inner {
    /// Draws the picture `request` asks for: again from the meshes if they changed, then
    /// placed in the window.
    fn draw(
        &mut self,
        request: &DrawRequest,
        info: &egui::PaintCallbackInfo,
        main: &egui_glow::Painter,
    ) -> Result<(), GpuError> {
        let gl = main.gl().clone();
        let mut painter = match self.painter.take() {
            Some(painter) => painter,
            None => new_painter(gl.clone())?,
        };
        self.max_side = painter.max_texture_side();
        self.upload(&mut painter, request);
        let drawn = self.render(&gl, &mut painter, request, info, main);
        if drawn.is_ok() {
            self.present(&gl, &mut painter, request, info, main);
        }
        self.painter = Some(painter);
        drawn
    }

    /// Gives our painter the basemap's rasters (once) and the sprites drawn since last time.
    fn upload(&mut self, painter: &mut egui_glow::Painter, request: &DrawRequest) {
        if !self.rasters_uploaded {
            for (i, image) in request.rasters.iter().enumerate() {
                painter.set_texture(
                    TextureId::User(RASTERS + i as u64),
                    &egui::epaint::ImageDelta::full(
                        crate::textures::fit_texture(image, painter.max_texture_side()),
                        crate::textures::RASTER_OPTIONS,
                    ),
                );
            }
            self.rasters_uploaded = true;
        }
        let sprites = request
            .sprites
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        for (i, sprite) in sprites.list.iter().enumerate().skip(self.sprites_uploaded) {
            painter.set_texture(
                TextureId::User(SPRITES + i as u64),
                &egui::epaint::ImageDelta::full((*sprite.image).clone(), TextureOptions::NEAREST),
            );
        }
        self.sprites_uploaded = sprites.list.len();
    }

    /// Draws the meshes into the picture, unless it already shows them.
    fn render(
        &mut self,
        gl: &glow::Context,
        painter: &mut egui_glow::Painter,
        request: &DrawRequest,
        info: &egui::PaintCallbackInfo,
        main: &egui_glow::Painter,
    ) -> Result<(), GpuError> {
        let slot = request.stratum as usize;
        let current = self.pictures[slot]
            .as_ref()
            .is_some_and(|p| p.content == request.content());
        if current {
            return Ok(());
        }
        let size_px = request.size_px();
        if size_px[0] as usize > self.max_side || size_px[1] as usize > self.max_side {
            return Err(GpuError::TooLarge {
                width: size_px[0],
                height: size_px[1],
                max: self.max_side,
            });
        }
        let picture = match self.pictures[slot].take() {
            Some(picture) if picture.size_px == size_px => picture,
            old => {
                let picture = match new_picture(gl, size_px) {
                    Ok(picture) => picture,
                    Err(e) => {
                        self.pictures[slot] = old;
                        return Err(e);
                    }
                };
                // Replacing frees the old texture.
                let id = TextureId::User(PICTURES + slot as u64);
                painter.replace_native_texture(id, picture.texture);
                if let Some(old) = old {
                    // SAFETY: made on this context; the painter has let its texture go.
                    unsafe { gl.delete_framebuffer(old.framebuffer) };
                }
                picture
            }
        };
        let picture = self.pictures[slot].insert(picture);
        paint_into(gl, painter, picture, request, info, main);
        picture.content = request.content();
        Ok(())
    }

    /// Shows the picture where `request` places it: copied when opaque and unscaled, else
    /// drawn as a textured square.
    fn present(
        &mut self,
        gl: &glow::Context,
        painter: &mut egui_glow::Painter,
        request: &DrawRequest,
        info: &egui::PaintCallbackInfo,
        main: &egui_glow::Painter,
    ) {
        let Some(picture) = &self.pictures[request.stratum as usize] else {
            return;
        };
        let exact = request.placing.scale == 1.0;
        if exact && request.stratum == Stratum::Basemap && !self.blit_failed {
            // Opaque and unscaled: copied to the window as it is. Drawing it as a square
            // shades and blends every pixel of the map, which without a GPU is most of a
            // frame's time.
            if blit(gl, picture, request, info, main) {
                return;
            }
            log::debug!("copying the map's picture to the window failed; it is drawn instead");
            self.blit_failed = true;
        }
        let filter = if exact { glow::NEAREST } else { glow::LINEAR } as i32;
        // SAFETY: our texture, bound only to set how it is sampled.
        unsafe {
            gl.bind_texture(glow::TEXTURE_2D, Some(picture.texture));
            gl.tex_parameter_i32(glow::TEXTURE_2D, glow::TEXTURE_MIN_FILTER, filter);
            gl.tex_parameter_i32(glow::TEXTURE_2D, glow::TEXTURE_MAG_FILTER, filter);
        }
        let meshes = &request.meshes;
        let size = egui::vec2(picture.size_px[0] as f32, picture.size_px[1] as f32);
        let min = request.placing.apply(meshes.origin);
        let max = request
            .placing
            .apply(meshes.origin + size / meshes.pixels_per_point);
        let mut quad = Mesh::with_texture(TextureId::User(PICTURES + request.stratum as u64));
        // The framebuffer's first row is the picture's bottom.
        quad.add_rect_with_uv(
            Rect::from_min_max(min, max),
            Rect::from_min_max(pos2(0.0, 1.0), pos2(1.0, 0.0)),
            Color32::WHITE,
        );
        painter.paint_primitives(
            info.screen_size_px,
            info.pixels_per_point,
            &[ClippedPrimitive {
                clip_rect: info.clip_rect,
                primitive: Primitive::Mesh(quad),
            }],
        );
    }
}

/// A painter of our own, which samples a white pixel for solid colours as egui's does the
/// font atlas's white corner.
fn new_painter(gl: Arc<glow::Context>) -> Result<egui_glow::Painter, GpuError> {
    let mut painter = egui_glow::Painter::new(gl, "", None, false)?;
    painter.set_texture(
        TextureId::default(),
        &egui::epaint::ImageDelta::full(
            ColorImage::new([1, 1], vec![Color32::WHITE]),
            TextureOptions::NEAREST,
        ),
    );
    Ok(painter)
}

/// Paints `request`'s meshes into `picture`, cleared first, and gives egui its target back.
fn paint_into(
    gl: &glow::Context,
    painter: &mut egui_glow::Painter,
    picture: &Picture,
    request: &DrawRequest,
    info: &egui::PaintCallbackInfo,
    main: &egui_glow::Painter,
) {
    let (layers, clear) = request.layers();
    let whole = Rect::from_min_size(pos2(0.0, 0.0), request.meshes.size);
    let primitives: Vec<ClippedPrimitive> = layers
        .into_iter()
        .map(|mesh| ClippedPrimitive {
            clip_rect: whole,
            primitive: Primitive::Mesh(mesh.clone()),
        })
        .collect();
    let [width, height] = picture.size_px;
    // Premultiplied, in gamma space, as egui draws.
    let [r, g, b, a] = clear.to_array().map(|c| f32::from(c) / 255.0);
    // SAFETY: our own framebuffer; the main painter's target is bound again after.
    unsafe {
        gl.bind_framebuffer(glow::FRAMEBUFFER, Some(picture.framebuffer));
        gl.viewport(0, 0, width as i32, height as i32);
        gl.disable(glow::SCISSOR_TEST);
        gl.clear_color(r, g, b, a);
        gl.clear(glow::COLOR_BUFFER_BIT);
    }
    let ppp = request.meshes.pixels_per_point;
    painter.paint_primitives(picture.size_px, ppp, &primitives);
    // SAFETY: back to where egui draws, as it had it.
    unsafe {
        gl.bind_framebuffer(glow::FRAMEBUFFER, main.intermediate_fbo());
        let v = info.viewport_in_pixels();
        gl.viewport(v.left_px, v.from_bottom_px, v.width_px, v.height_px);
    }
}

/// Copies an opaque picture, unscaled, to where `request` places it in the window, within the
/// callback's clip. Whether OpenGL did it without an error.
fn blit(
    gl: &glow::Context,
    picture: &Picture,
    request: &DrawRequest,
    info: &egui::PaintCallbackInfo,
    main: &egui_glow::Painter,
) -> bool {
    let ppp = info.pixels_per_point;
    let min = request.placing.apply(request.meshes.origin);
    let [w, h] = picture.size_px.map(|v| v as i32);
    let left = (min.x * ppp).round() as i32;
    let top = (min.y * ppp).round() as i32;
    // Window rows count from the bottom, as the picture's do.
    let bottom = info.screen_size_px[1] as i32 - top - h;
    let clip = info.clip_rect_in_pixels();
    // SAFETY: reads our framebuffer, writes egui's target, then binds that again as it was.
    unsafe {
        while gl.get_error() != glow::NO_ERROR {}
        gl.bind_framebuffer(glow::READ_FRAMEBUFFER, Some(picture.framebuffer));
        gl.bind_framebuffer(glow::DRAW_FRAMEBUFFER, main.intermediate_fbo());
        gl.enable(glow::SCISSOR_TEST);
        gl.scissor(
            clip.left_px,
            clip.from_bottom_px,
            clip.width_px,
            clip.height_px,
        );
        gl.blit_framebuffer(
            0,
            0,
            w,
            h,
            left,
            bottom,
            left + w,
            bottom + h,
            glow::COLOR_BUFFER_BIT,
            glow::NEAREST,
        );
        let ok = gl.get_error() == glow::NO_ERROR;
        gl.bind_framebuffer(glow::FRAMEBUFFER, main.intermediate_fbo());
        ok
    }
}

/// A framebuffer drawing into a new RGBA texture of `size_px`.
fn new_picture(gl: &glow::Context, size_px: [u32; 2]) -> Result<Picture, GpuError> {
    // SAFETY: plain object creation on the current context; checked before use.
    unsafe {
        let refused = |what| move |message| GpuError::Refused { what, message };
        let texture = gl.create_texture().map_err(refused("texture"))?;
        gl.bind_texture(glow::TEXTURE_2D, Some(texture));
        gl.tex_parameter_i32(
            glow::TEXTURE_2D,
            glow::TEXTURE_WRAP_S,
            glow::CLAMP_TO_EDGE as i32,
        );
        gl.tex_parameter_i32(
            glow::TEXTURE_2D,
            glow::TEXTURE_WRAP_T,
            glow::CLAMP_TO_EDGE as i32,
        );
        gl.tex_parameter_i32(
            glow::TEXTURE_2D,
            glow::TEXTURE_MIN_FILTER,
            glow::NEAREST as i32,
        );
        gl.tex_parameter_i32(
            glow::TEXTURE_2D,
            glow::TEXTURE_MAG_FILTER,
            glow::NEAREST as i32,
        );
        gl.tex_image_2d(
            glow::TEXTURE_2D,
            0,
            glow::RGBA8 as i32,
            size_px[0] as i32,
            size_px[1] as i32,
            0,
            glow::RGBA,
            glow::UNSIGNED_BYTE,
            glow::PixelUnpackData::Slice(None),
        );
        let framebuffer = gl.create_framebuffer().map_err(refused("framebuffer"))?;
        gl.bind_framebuffer(glow::FRAMEBUFFER, Some(framebuffer));
        gl.framebuffer_texture_2d(
            glow::FRAMEBUFFER,
            glow::COLOR_ATTACHMENT0,
            glow::TEXTURE_2D,
            Some(texture),
            0,
        );
        let status = gl.check_framebuffer_status(glow::FRAMEBUFFER);
        if status != glow::FRAMEBUFFER_COMPLETE {
            gl.delete_framebuffer(framebuffer);
            gl.delete_texture(texture);
            return Err(GpuError::Incomplete(status));
        }
        Ok(Picture {
            framebuffer,
            texture,
            size_px,
            content: Content {
                generation: u64::MAX,
                merged: false,
            },
        })
    }
}
