//! The scene on the map and the one being made: a scene is made when the view leaves what the
//! one shown covers (or the date, layers or names change), at once or on a worker thread while
//! the old one stays on the map, scaled; its triangles are let go once the GPU holds its picture.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};

use egui::Rect;

use crate::gpu::GpuPictures;
use crate::meshes::{self, SceneMeshes, SharedSprites};
use crate::plugins::Frame;
use karabakh_data::Dataset;
use karabakh_scene::slide::{Slide, SlideOptions};
use karabakh_scene::{self as scene, Placing, Prepared, Scene, SceneInputs, View};

/// A scene on the map, with its triangles.
pub(crate) struct Shown {
    pub scene: Arc<Scene>,
    pub meshes: Arc<SceneMeshes>,
    pub generation: u64,
    /// The data it was made for: an older scene stays on the map while the new one is made.
    pub data_generation: u64,
    /// The triangles were let go once the GPU held the picture: painting through egui (if
    /// the GPU fails later) needs the scene made again.
    pub released: bool,
    /// In presentation mode, the slide composed with the scene, its labels placed around the
    /// slide's boxes (as an exported slide's are); with the words it was composed for.
    pub slide: Option<(SlideOptions, Arc<Slide>)>,
}

/// What a scene is made into: the scene, its triangles, its slide in presentation mode.
type Made = (Scene, SceneMeshes, Option<(SlideOptions, Arc<Slide>)>);

/// A scene being made elsewhere, for the data of `data_generation`.
struct Pending {
    data_generation: u64,
    rx: Receiver<Made>,
}

/// What a scene is made from, and how.
pub(crate) struct Wanted<'a> {
    pub dataset: &'a Arc<Dataset>,
    pub prepared: &'a Arc<Prepared>,
    pub inputs: &'a SceneInputs,
    /// Points of map made around the view on each side, so that a pan draws the same picture.
    pub pad: f32,
    pub pixels_per_point: f32,
    pub sprites: &'a SharedSprites,
    /// In presentation mode, the slide's words: the labels go around its boxes.
    pub slide: Option<&'a SlideOptions>,
}

/// Where the GPU stands: whether it keeps pictures, and if so as one or two.
#[derive(Clone, Copy)]
pub(crate) struct GpuUse<'a> {
    pub gpu: Option<&'a GpuPictures>,
    /// No raster tiles go between the basemap and the features: one picture holds both.
    pub merged: bool,
}

impl GpuUse<'_> {
    fn holds(&self, shown: &Shown) -> bool {
        self.gpu
            .is_some_and(|g| g.holds(shown.generation, self.merged))
    }
}

#[derive(Default)]
pub(crate) struct Scenes {
    shown: Option<Shown>,
    pending: Option<Pending>,
    /// Counts scenes made, to tell pictures apart.
    generation: u64,
    /// Counts changes of the data: a scene made for older data is thrown away.
    data_generation: u64,
}

/// Makes a scene and its triangles: the work of a rebuild, on whichever thread.
fn make(
    dataset: &Dataset,
    prepared: &Prepared,
    inputs: &SceneInputs,
    pad: f32,
    pixels_per_point: f32,
    sprites: &SharedSprites,
    slide: Option<&SlideOptions>,
) -> Made {
    let mut scene = scene::build_padded(dataset, prepared, inputs, pad);
    let slide = slide.map(|options| {
        // As the exporter does: the slide's legend and caption go where they hide least, and
        // the names they would cover move beside their point, onto a leader line or into the
        // key, rather than be cut by a box ("…vend / Martuni").
        let frame = inputs.view.screen_rect();
        let mut slide = scene::slide::compose(dataset, &scene, frame, options);
        scene::slide::place_labels_around(dataset, prepared, &mut scene, &mut slide, &[]);
        scene::slide::drop_labels_under_boxes(&mut scene, &slide);
        (options.clone(), Arc::new(slide))
    });
    // Here rather than on the first hover, which would be on the UI thread.
    scene.prepare_lookups();
    let meshes = meshes::tessellate(&scene, pixels_per_point, sprites);
    (scene, meshes, slide)
}

impl Scenes {
    pub fn shown(&self) -> Option<&Shown> {
        self.shown.as_ref()
    }

    pub fn is_building(&self) -> bool {
        self.pending.is_some()
    }

    /// Forgets the scene: the data changed.
    pub fn invalidate(&mut self) {
        self.shown = None;
        self.pending = None;
        self.data_generation += 1;
    }

    /// Features were added after those the scene shown knows: it stays on the map (its
    /// features are still where they were in the data) until the scene with them is made, so
    /// a large layer's arrival never blanks the map.
    pub fn data_added(&mut self) {
        self.pending = None;
        self.data_generation += 1;
    }

    /// Whether the scene shown is of the current data (not one kept while its successor is
    /// made).
    pub fn is_current(&self) -> bool {
        self.shown
            .as_ref()
            .is_some_and(|s| s.data_generation == self.data_generation)
    }

    /// Keeps the scene fit for `wanted`: the one shown if it serves; otherwise a new one, made
    /// now or (with `background`) on a worker thread. Whether a scene was made or started.
    pub fn update(
        &mut self,
        ctx: &egui::Context,
        wanted: &Wanted,
        gpu: GpuUse,
        background: bool,
    ) -> bool {
        self.receive();
        if self.fits(wanted, gpu) {
            return false;
        }
        if !background {
            let made = make(
                wanted.dataset,
                wanted.prepared,
                wanted.inputs,
                wanted.pad,
                wanted.pixels_per_point,
                wanted.sprites,
                wanted.slide,
            );
            self.show(made);
            return true;
        }
        if self.pending.is_some() {
            // One scene is made at a time (a thread cannot be stopped, and two would only slow
            // each other down): the newest wish is met when this one is done.
            ctx.request_repaint();
            return false;
        }
        self.start(ctx, wanted);
        true
    }

    /// Shows the scene made on the worker thread, if it is done and of the current data.
    fn receive(&mut self) {
        let Some(pending) = &self.pending else {
            return;
        };
        match pending.rx.try_recv() {
            Ok(made) => {
                let fresh = pending.data_generation == self.data_generation;
                self.pending = None;
                if fresh {
                    self.show(made);
                }
            }
            Err(TryRecvError::Empty) => {}
            Err(TryRecvError::Disconnected) => self.pending = None,
        }
    }

    /// Whether the scene shown serves `wanted`. Triangles let go once the GPU held their
    /// pictures are wanted again when it no longer does (it failed, or raster tiles now go
    /// between the basemap and the features).
    fn fits(&self, wanted: &Wanted, gpu: GpuUse) -> bool {
        self.shown.as_ref().is_some_and(|s| {
            s.data_generation == self.data_generation
                && s.scene.serves(wanted.inputs)
                && s.meshes.pixels_per_point == wanted.pixels_per_point
                && (!s.released || gpu.holds(s))
                && s.slide.as_ref().map(|(options, _)| options) == wanted.slide
        })
    }

    /// Makes a scene on a worker thread, which asks for a frame when it is done.
    fn start(&mut self, ctx: &egui::Context, wanted: &Wanted) {
        let (tx, rx) = std::sync::mpsc::channel();
        let (dataset, prepared, sprites) = (
            wanted.dataset.clone(),
            wanted.prepared.clone(),
            wanted.sprites.clone(),
        );
        let inputs = wanted.inputs.clone();
        let slide = wanted.slide.cloned();
        let (pad, pixels_per_point) = (wanted.pad, wanted.pixels_per_point);
        let repaint = ctx.clone();
        std::thread::spawn(move || {
            let made = make(
                &dataset,
                &prepared,
                &inputs,
                pad,
                pixels_per_point,
                &sprites,
                slide.as_ref(),
            );
            // The map may have moved on and dropped the receiver: nothing to do then.
            let _ = tx.send(made);
            repaint.request_repaint();
        });
        self.pending = Some(Pending {
            data_generation: self.data_generation,
            rx,
        });
    }

    fn show(&mut self, (scene, meshes, slide): Made) {
        self.generation += 1;
        self.shown = Some(Shown {
            scene: Arc::new(scene),
            meshes: Arc::new(meshes),
            generation: self.generation,
            data_generation: self.data_generation,
            released: false,
            slide,
        });
    }

    /// The GPU keeps the picture: the triangles it was drawn from need not stay in memory too
    /// (a big layer's overview is tens of megabytes of them).
    pub fn release_if_held(&mut self, gpu: GpuUse) {
        if let Some(shown) = self.shown.as_mut()
            && !shown.released
            && gpu.holds(shown)
        {
            shown.meshes = Arc::new(shown.meshes.without_triangles());
            shown.released = true;
        }
    }

    /// The scene shown, placed for `inputs`' view within `clip`; None until one is made.
    pub fn frame(&self, inputs: SceneInputs, pixels_per_point: f32, clip: Rect) -> Option<Frame> {
        let shown = self.shown.as_ref()?;
        let view: View = inputs.view;
        let mut placing: Placing = shown.scene.placing_for(&view);
        let exact = placing.scale == 1.0 && shown.scene.serves(&inputs);
        if exact {
            // Whole pixels: the picture is copied, not resampled.
            let ppp = pixels_per_point;
            placing.shift = (placing.shift * ppp).round() / ppp;
        }
        Some(Frame {
            view,
            inputs,
            scene: shown.scene.clone(),
            meshes: shown.meshes.clone(),
            generation: shown.generation,
            placing,
            exact,
            clip,
            slide: shown.slide.clone(),
        })
    }
}
