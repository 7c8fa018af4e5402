//! The map widget: walkers for navigation, the cached scene for what is drawn, hit-testing
//! for hover and selection.

pub mod gpu;
pub mod meshes;
pub mod paint;
pub mod tiles;

use std::sync::Arc;

use egui::{
    Align2, Color32, FontId, Key, Pos2, Rect, Stroke, TextureHandle, TextureId, TextureOptions,
    pos2, vec2,
};
use walkers::{Map, MapMemory, lon_lat};

use gpu::{DrawRequest, GpuPictures, Stratum};
use karabakh_data::Dataset;
use karabakh_data::basemap::ATTRIBUTION;
use karabakh_scene::measure::{format_km, ruler_legs};
use karabakh_scene::style::LIGHT;
use karabakh_scene::view::{HOME_BOUNDS, scale_bar_length};
use karabakh_scene::{self as scene, Placing, Prepared, Scene, SceneInputs, View, World};
use karabakh_time::long_date;
use meshes::{SceneMeshes, SharedSprites};
pub use paint::Halo;
use paint::{Emphasis, paint_emphasis, paint_labels};

/// What the map needs to know of the window's state this frame: a narrow view of it, so the
/// widget depends on no panel.
#[derive(Clone, Debug, Default)]
pub struct MapInput<'a> {
    /// The day shown, None for all dates.
    pub day: Option<karabakh_time::Day>,
    pub hidden_layers: std::collections::BTreeSet<String>,
    pub relief: bool,
    pub names: karabakh_data::NameStyle,
    pub dark: bool,
    /// Raster tiles drawn over the offline basemap.
    pub tiles: Option<&'a tiles::TileSource>,
    /// Selected features' ids, and features highlighted from a panel (dataset indices).
    pub selected: &'a [String],
    pub emphasised: &'a [usize],
    /// The ruler's points (lon, lat) while measuring.
    pub ruler: Option<&'a [(f64, f64)]>,
    /// The point a click asked "what is here?" about, marked while nothing is selected.
    pub here: Option<(f64, f64)>,
    /// In presentation mode, the slide composed over the map.
    pub slide: Option<karabakh_scene::slide::SlideOptions>,
}

/// What happened on the map this frame.
#[derive(Clone, Debug, Default)]
pub struct MapOutput {
    /// The map's response, for the window's tooltip over the hovered feature.
    pub response: Option<egui::Response>,
    pub hovered: Option<usize>,
    /// Some(hit) when the map was clicked: the feature under the pointer, or None for empty map.
    pub clicked: Option<Option<usize>>,
    /// Where the click was, as (lon, lat).
    pub clicked_at: Option<(f64, f64)>,
    pub cursor: Option<(f64, f64)>,
}

pub struct MapPanel {
    pub memory: MapMemory,
    /// The scene on the map and its triangles.
    shown: Option<Shown>,
    /// A scene being made on a worker thread.
    pending: Option<Pending>,
    /// Labels placed for the view of the last frame, and for which scene.
    labels: Option<(View, u64, Vec<karabakh_scene::Label>)>,
    /// What is drawn in view, counted for the legend and the status bar, and for which view.
    counts: Option<(View, u64, ShownCounts)>,
    /// The basemap's rasters as images, and as egui textures (for painting without the GPU).
    raster_images: Arc<Vec<egui::ColorImage>>,
    textures: Vec<TextureHandle>,
    /// Marker symbols drawn so far, and those of them uploaded to egui.
    sprites: SharedSprites,
    sprite_textures: Vec<TextureHandle>,
    /// The pictures kept on the GPU, when the window draws with OpenGL.
    pub gpu: Option<GpuPictures>,
    /// Make scenes on a worker thread, showing the last one (scaled) meanwhile. The window does;
    /// the UI tests build them at once, so that a frame shows its scene.
    pub background_builds: bool,
    /// Counts scenes made, to tell pictures apart.
    generation: u64,
    /// Counts changes of the data: a scene made for older data is thrown away.
    data_generation: u64,
    /// The view of the last frame, for tests and the status bar.
    pub view: Option<View>,
    /// Where the scene's picture was on the screen last frame.
    placing: Placing,
    /// How many times a scene was made (it must not be made again on an idle frame, nor while
    /// panning within what the scene covers).
    pub rebuilds: usize,
    needs_home: bool,
    /// Raster tiles drawn over the basemap, when chosen.
    tiles: Option<tiles::TileLayer>,
    /// A flight in progress: from (centre, zoom) to (centre, zoom), and how far along (0..1).
    flight: Option<(World, f64, World, f64, f32)>,
    /// The map's size last frame: the home view waits until panels have settled.
    last_size: egui::Vec2,
    /// How the labels' halos were drawn last frame (lighter while the map moves).
    pub halo: Halo,
}

/// How many features are drawn in the view: per layer (as `Dataset::layers`), and in all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ShownCounts {
    pub per_layer: Vec<usize>,
    pub total: usize,
}

/// A scene on the map, with its triangles.
struct Shown {
    scene: Arc<Scene>,
    meshes: Arc<SceneMeshes>,
    generation: u64,
    /// The triangles were let go once the GPU held the picture: painting through egui (if
    /// the GPU fails later) needs the scene made again.
    released: bool,
}

/// A scene being made elsewhere.
struct Pending {
    data_generation: u64,
    rx: std::sync::mpsc::Receiver<(Scene, SceneMeshes)>,
}

impl Default for MapPanel {
    fn default() -> Self {
        MapPanel {
            memory: MapMemory::default(),
            shown: None,
            pending: None,
            labels: None,
            counts: None,
            raster_images: Arc::new(Vec::new()),
            textures: Vec::new(),
            sprites: SharedSprites::default(),
            sprite_textures: Vec::new(),
            gpu: None,
            background_builds: false,
            generation: 0,
            data_generation: 0,
            view: None,
            placing: Placing::IDENTITY,
            rebuilds: 0,
            needs_home: true,
            tiles: None,
            flight: None,
            last_size: egui::Vec2::ZERO,
            halo: Halo::Full,
        }
    }
}

/// The egui texture behind a mesh's texture id.
fn egui_texture(
    rasters: &[TextureHandle],
    sprites: &[TextureHandle],
    id: TextureId,
) -> Option<TextureId> {
    match id {
        TextureId::User(n) if n >= meshes::SPRITES => sprites
            .get((n - meshes::SPRITES) as usize)
            .map(TextureHandle::id),
        TextureId::User(n) if n >= meshes::RASTERS => rasters
            .get((n - meshes::RASTERS) as usize)
            .map(TextureHandle::id),
        other => Some(other),
    }
}

/// Pixels of map kept ready around the view on each side, as a share of its larger side: a
/// pan that far draws the same picture, moved.
const PAD_SHARE: f32 = 0.5;

/// Makes a scene and its triangles: the work of a rebuild, on whichever thread.
fn make(
    dataset: &Dataset,
    prepared: &Prepared,
    inputs: &SceneInputs,
    pad: f32,
    pixels_per_point: f32,
    sprites: &SharedSprites,
) -> (Scene, SceneMeshes) {
    let scene = scene::build_padded(dataset, prepared, inputs, pad);
    // Here rather than on the first hover, which would be on the UI thread.
    scene.prepare_lookups();
    let meshes = meshes::tessellate(&scene, pixels_per_point, sprites);
    (scene, meshes)
}

impl MapPanel {
    pub fn scene(&self) -> Option<&Scene> {
        self.shown.as_ref().map(|s| s.scene.as_ref())
    }

    /// The triangles of the scene on the map (for tests and measurements).
    pub fn meshes(&self) -> Option<&SceneMeshes> {
        self.shown.as_ref().map(|s| s.meshes.as_ref())
    }

    /// What the map shows in its current view, counted (kept until the view or scene change).
    pub fn shown_counts(&mut self, dataset: &Dataset, prepared: &Prepared) -> ShownCounts {
        let (Some(view), Some(shown)) = (self.view, &self.shown) else {
            return ShownCounts::default();
        };
        if let Some((v, g, counts)) = &self.counts
            && *v == view
            && *g == shown.generation
        {
            return counts.clone();
        }
        // A scene covers more than the view: count what meets the view itself.
        let (min, max) = view.world_bounds();
        let mut counts = ShownCounts {
            per_layer: vec![0; dataset.layers.len()],
            total: 0,
        };
        for &i in &shown.scene.visible {
            let Some(place) = prepared.placement.get(i) else {
                continue;
            };
            if place.meets(min, max) {
                counts.total += 1;
                if let Some(n) = counts.per_layer.get_mut(place.layer as usize) {
                    *n += 1;
                }
            }
        }
        self.counts = Some((view, shown.generation, counts.clone()));
        counts
    }

    /// How scene coordinates map to the screen, as of the last frame: the scene may have been
    /// made for a view the map has since been panned from.
    pub fn placing(&self) -> Placing {
        self.placing
    }

    /// The feature drawn at a point of the screen, as of the last frame.
    pub fn hit(&self, on_screen: Pos2) -> Option<usize> {
        self.scene()?.hit(self.placing.invert(on_screen))
    }

    /// The labels on the map as of the last frame, in screen coordinates.
    pub fn labels(&self) -> &[karabakh_scene::Label] {
        match (&self.labels, self.scene()) {
            (Some((_, generation, labels)), Some(_))
                if self
                    .shown
                    .as_ref()
                    .is_some_and(|s| s.generation == *generation) =>
            {
                labels
            }
            (_, Some(scene)) => &scene.labels,
            _ => &[],
        }
    }

    /// Whether a scene is being made on a worker thread.
    pub fn is_building(&self) -> bool {
        self.pending.is_some()
    }

    /// Forgets the scene: the data changed.
    pub fn invalidate(&mut self) {
        self.shown = None;
        self.pending = None;
        self.labels = None;
        self.data_generation += 1;
    }

    pub fn go_home(&mut self) {
        self.needs_home = true;
        self.flight = None;
    }

    /// Flies to fit `[west, south, east, north]`, not closer than zoom 11.
    pub fn fly_to(&mut self, bounds: [f64; 4]) {
        let Some(view) = self.view else {
            let (lon, lat) = ((bounds[0] + bounds[2]) / 2.0, (bounds[1] + bounds[3]) / 2.0);
            return self.center_at(lon, lat, 10.0);
        };
        let target = View::fit(bounds, view.width, view.height, 60.0);
        let zoom = target.zoom.min(11.0);
        self.flight = Some((view.center, view.zoom, target.center, zoom, 0.0));
        self.needs_home = false;
    }

    /// Advances a flight: eased, about half a second.
    fn fly(&mut self, ctx: &egui::Context) {
        let Some((from, from_zoom, to, to_zoom, t)) = self.flight else {
            return;
        };
        let t = (t + ctx.input(|i| i.stable_dt).min(0.1) / 0.5).min(1.0);
        let e = f64::from(t * t * (3.0 - 2.0 * t));
        let at = World {
            x: from.x + (to.x - from.x) * e,
            y: from.y + (to.y - from.y) * e,
        };
        let (lon, lat) = at.to_lon_lat();
        self.memory.center_at(lon_lat(lon, lat));
        let _ = self.memory.set_zoom(from_zoom + (to_zoom - from_zoom) * e);
        self.flight = (t < 1.0).then_some((from, from_zoom, to, to_zoom, t));
        ctx.request_repaint();
    }

    /// Centres the map on a position at a zoom.
    pub fn center_at(&mut self, lon: f64, lat: f64, zoom: f64) {
        self.memory.center_at(lon_lat(lon, lat));
        let _ = self
            .memory
            .set_zoom(zoom.clamp(scene::view::MIN_ZOOM, scene::view::MAX_ZOOM));
        self.needs_home = false;
        self.flight = None;
    }

    /// Pixels to cover around a view of `size`: less where the GPU's textures cannot hold more.
    fn pad_for(&self, size: egui::Vec2, pixels_per_point: f32, presentation: bool) -> f32 {
        if presentation {
            // The slide's legend lists what is in view: the scene must be the view's own.
            return 0.0;
        }
        let wanted = size.max_elem() * PAD_SHARE;
        match &self.gpu {
            Some(gpu) => {
                let side = match gpu.max_side() {
                    0 => 4096,
                    side => side.min(8192),
                } as f32
                    / pixels_per_point;
                ((side - size.max_elem()) / 2.0).clamp(0.0, wanted)
            }
            None => wanted,
        }
    }

    /// Keeps the scene fit for `inputs`: the one shown if it serves them; otherwise a new one,
    /// made now or on a worker thread (the old one stays on the map meanwhile).
    fn update_scene(
        &mut self,
        ctx: &egui::Context,
        dataset: &Arc<Dataset>,
        prepared: &Arc<Prepared>,
        inputs: &SceneInputs,
        pad: f32,
    ) {
        let pixels_per_point = ctx.pixels_per_point();
        let merged = self.merged();
        if let Some(pending) = &self.pending {
            match pending.rx.try_recv() {
                Ok((scene, meshes)) => {
                    let fresh = pending.data_generation == self.data_generation;
                    self.pending = None;
                    if fresh {
                        self.show(scene, meshes);
                    }
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {}
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.pending = None,
            }
        }
        // Triangles let go once the GPU held their pictures are wanted again when it no longer
        // does (it failed, or raster tiles now go between the basemap and the features).
        let fits = self.shown.as_ref().is_some_and(|s| {
            s.scene.serves(inputs)
                && s.meshes.pixels_per_point == pixels_per_point
                && (!s.released
                    || self
                        .gpu
                        .as_ref()
                        .is_some_and(|g| g.holds(s.generation, merged)))
        });
        if fits {
            return;
        }
        if !self.background_builds {
            let (scene, meshes) = make(
                dataset,
                prepared,
                inputs,
                pad,
                pixels_per_point,
                &self.sprites,
            );
            self.rebuilds += 1;
            self.show(scene, meshes);
            return;
        }
        if self.pending.is_some() {
            // One scene is made at a time (a thread cannot be stopped, and two would only slow
            // each other down): the newest wish is met when this one is done.
            ctx.request_repaint();
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let (dataset, prepared, sprites) =
            (dataset.clone(), prepared.clone(), self.sprites.clone());
        let job_inputs = inputs.clone();
        let repaint = ctx.clone();
        std::thread::spawn(move || {
            let made = make(
                &dataset,
                &prepared,
                &job_inputs,
                pad,
                pixels_per_point,
                &sprites,
            );
            // The map may have moved on and dropped the receiver: nothing to do then.
            let _ = tx.send(made);
            repaint.request_repaint();
        });
        self.rebuilds += 1;
        self.pending = Some(Pending {
            data_generation: self.data_generation,
            rx,
        });
    }

    /// Whether the GPU keeps the basemap and the features as one picture: when no raster tiles
    /// go between them.
    fn merged(&self) -> bool {
        self.tiles.is_none()
    }

    fn show(&mut self, scene: Scene, meshes: SceneMeshes) {
        self.generation += 1;
        self.shown = Some(Shown {
            scene: Arc::new(scene),
            meshes: Arc::new(meshes),
            generation: self.generation,
            released: false,
        });
    }

    /// Uploads to egui the rasters and sprites not yet there (for painting without the GPU).
    fn egui_textures(&mut self, ctx: &egui::Context) {
        if self.textures.len() < self.raster_images.len() {
            self.textures = self
                .raster_images
                .iter()
                .enumerate()
                .map(|(i, image)| {
                    ctx.load_texture(
                        format!("basemap-raster-{i}"),
                        image.clone(),
                        TextureOptions::LINEAR,
                    )
                })
                .collect();
        }
        let sprites = self
            .sprites
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for (i, sprite) in sprites
            .list
            .iter()
            .enumerate()
            .skip(self.sprite_textures.len())
        {
            self.sprite_textures.push(ctx.load_texture(
                format!("marker-{i}"),
                (*sprite.image).clone(),
                TextureOptions::NEAREST,
            ));
        }
    }

    /// Shows the map filling `ui`; returns hover, click and cursor.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        dataset: &Arc<Dataset>,
        prepared: &Arc<Prepared>,
        state: &MapInput,
    ) -> MapOutput {
        if self.raster_images.is_empty() && !prepared.rasters.is_empty() {
            self.raster_images = Arc::new(
                prepared
                    .rasters
                    .iter()
                    .map(|r| egui::ColorImage::from_rgba_unmultiplied([r.width, r.height], &r.rgba))
                    .collect(),
            );
        }
        let rect = ui.available_rect_before_wrap();
        if self.needs_home && rect.width() > 10.0 {
            let fit = View::fit(HOME_BOUNDS, rect.width(), rect.height(), 8.0);
            let (lon, lat) = fit.center.to_lon_lat();
            self.center_at(lon, lat, fit.zoom);
            // On the first frames the side panels are still finding their size.
            self.needs_home = rect.size() != self.last_size;
        }
        self.last_size = rect.size();
        self.keyboard(ui);
        self.fly(ui.ctx());
        if self.tiles.as_ref().map(|t| &t.source) != state.tiles {
            self.tiles = state
                .tiles
                .cloned()
                .map(|source| tiles::TileLayer::new(source, ui.ctx()));
        }
        let gpu = self.gpu.clone().filter(|g| g.failure().is_none());
        let merged = self.merged();
        let pad = self.pad_for(
            rect.size(),
            ui.ctx().pixels_per_point(),
            state.slide.is_some(),
        );

        let mut output = MapOutput::default();
        let home = lon_lat(46.5, 40.0);
        let mut memory = std::mem::take(&mut self.memory);
        let map = Map::new(None, &mut memory, home)
            .zoom_with_ctrl(false)
            .double_click_to_zoom(true);
        let response = map.show(ui, |ui, response, projector, _memory| {
            let clip = projector.clip_rect();
            let center = projector.unproject(clip.center().to_vec2());
            let view = View {
                center: World::from_lon_lat(center.x(), center.y()),
                zoom: projector.zoom(),
                origin: [clip.min.x, clip.min.y],
                width: clip.width(),
                height: clip.height(),
            };
            let inputs = SceneInputs {
                view,
                day: state.day,
                hidden_layers: state.hidden_layers.clone(),
                basemap: true,
                relief: state.relief,
                names: state.names,
                dark: state.dark,
            };
            self.update_scene(ui.ctx(), dataset, prepared, &inputs, pad);
            let painter = ui.painter().with_clip_rect(clip);
            let Some(shown) = self.shown.as_mut() else {
                painter.rect_filled(clip, 0.0, LIGHT.sea);
                return view;
            };
            // The GPU keeps the picture: the triangles it was drawn from need not stay in
            // memory too (a big layer's overview is tens of megabytes of them).
            if !shown.released
                && gpu
                    .as_ref()
                    .is_some_and(|g| g.holds(shown.generation, merged))
            {
                shown.meshes = Arc::new(shown.meshes.without_triangles());
                shown.released = true;
            }
            let (scene, meshes) = (shown.scene.clone(), shown.meshes.clone());
            let generation = shown.generation;
            let mut placing = scene.placing_for(&view);
            self.placing = placing;
            let exact = placing.scale == 1.0 && scene.serves(&inputs);
            if exact {
                // Whole pixels: the picture is copied, not resampled.
                let ppp = ui.ctx().pixels_per_point();
                placing.shift = (placing.shift * ppp).round() / ppp;
                self.placing = placing;
            }

            // The GPU's basemap picture is opaque: where it covers the map, no background is
            // painted under it (without a GPU, every pixel painted costs).
            let picture = Rect::from_min_max(
                placing.apply(meshes.origin),
                placing.apply(meshes.origin + meshes.size),
            );
            if gpu.is_none() || !picture.contains_rect(clip) {
                painter.rect_filled(clip, 0.0, scene.background);
            }
            if gpu.is_none() {
                self.egui_textures(ui.ctx());
            }
            let tile_layer = &mut self.tiles;
            match &gpu {
                Some(gpu) => {
                    let request = |stratum| DrawRequest {
                        stratum,
                        meshes: meshes.clone(),
                        generation,
                        merged,
                        background: scene.background,
                        placing,
                        rasters: self.raster_images.clone(),
                        sprites: self.sprites.clone(),
                    };
                    painter.add(gpu.callback(clip, request(Stratum::Basemap)));
                    if let Some(layer) = tile_layer.as_mut() {
                        layer.paint(&painter, &view);
                        painter.add(gpu.callback(clip, request(Stratum::Features)));
                    }
                }
                None => {
                    let (textures, sprites) = (&self.textures, &self.sprite_textures);
                    let texture = |id| egui_texture(textures, sprites, id);
                    meshes::paint_meshes(
                        &painter,
                        &meshes.basemap,
                        meshes.origin,
                        placing,
                        &texture,
                    );
                    if let Some(layer) = tile_layer.as_mut() {
                        layer.paint(&painter, &view);
                    }
                    meshes::paint_meshes(
                        &painter,
                        &meshes.features,
                        meshes.origin,
                        placing,
                        &texture,
                    );
                }
            }

            let pointer = response.hover_pos();
            output.hovered = pointer.and_then(|p| scene.hit(placing.invert(p)));
            output.cursor = pointer.map(|p| view.lon_lat_from_screen([p.x, p.y]));
            if response.clicked() {
                let at = response.interact_pointer_pos();
                output.clicked = Some(at.and_then(|p| scene.hit(placing.invert(p))));
                output.clicked_at = at.map(|p| view.lon_lat_from_screen([p.x, p.y]));
            }
            let emphasise = |i: usize, emphasis: Emphasis, color: Color32| {
                paint_emphasis(&painter, &scene, i, emphasis, color, placing);
            };
            for id in state.selected {
                if let Some(selected) = dataset.feature_index(id) {
                    emphasise(selected, Emphasis::Selected, LIGHT.highlight);
                }
            }
            for &linked in state.emphasised {
                emphasise(linked, Emphasis::Hovered, LIGHT.hover);
            }
            // A whole country outlined under the pointer is noise; its tooltip is enough.
            let outlined = |i: usize| {
                dataset
                    .features
                    .get(i)
                    .is_some_and(|f| f.kind != karabakh_data::Kind::Country)
            };
            if let Some(hovered) = output.hovered.filter(|&i| outlined(i)) {
                emphasise(hovered, Emphasis::Hovered, LIGHT.hover);
            }

            // Labels for this view: placed again when the view moves, from the scene's markers.
            if exact {
                let current = self
                    .labels
                    .as_ref()
                    .is_some_and(|(v, g, _)| *v == view && *g == generation);
                if !current {
                    let placed = if placing == Placing::IDENTITY {
                        scene.labels.clone()
                    } else {
                        karabakh_scene::labels::place(
                            dataset,
                            prepared,
                            &inputs,
                            &scene,
                            placing.shift,
                        )
                    };
                    self.labels = Some((view, generation, placed));
                }
                let halo = if current { Halo::Full } else { Halo::Moving };
                if let Some((_, _, labels)) = &self.labels {
                    paint_labels(&painter, labels, halo);
                }
                self.halo = halo;
                if !current {
                    // One more frame once the map stops, with the halos full.
                    ui.ctx().request_repaint();
                }
            } else {
                // A preview: the last labels, moved with the map.
                let moved: Vec<_> = scene
                    .labels
                    .iter()
                    .map(|l| karabakh_scene::Label {
                        rect: Rect::from_center_size(placing.apply(l.rect.center()), l.rect.size()),
                        dot: l.dot.map(|d| placing.apply(d)),
                        ..l.clone()
                    })
                    .collect();
                // The scene for this view comes from a worker, which asks for the frame that
                // shows it (with the halos full the frame after).
                paint_labels(&painter, &moved, Halo::Moving);
                self.halo = Halo::Moving;
            }
            if let Some(points) = state.ruler {
                paint_ruler(&painter, &view, points);
            }
            if let Some((lon, lat)) = state.here.filter(|_| state.selected.is_empty()) {
                paint_here(&painter, &view, lon, lat);
            }
            let tiles_credit = self.tiles.as_ref().map(tiles::TileLayer::attribution);
            if let Some(options) = &state.slide {
                let mut options = options.clone();
                options.tiles_credit = tiles_credit;
                let slide = karabakh_scene::slide::compose(dataset, &scene, clip, &options);
                paint::paint_slide(&painter, &slide);
                return view;
            }
            paint_scale_bar(&painter, &view, clip);
            paint_date(&painter, state, clip);
            paint_attribution(&painter, clip, tiles_credit.as_deref());
            view
        });
        self.memory = memory;
        // The wheel has no limit of its own; past street level the map has nothing to show.
        if self.memory.zoom() > scene::view::MAX_ZOOM {
            let _ = self.memory.set_zoom(scene::view::MAX_ZOOM);
        }
        self.view = Some(response.inner);
        output.response = Some(response.response);
        output
    }

    fn keyboard(&mut self, ui: &egui::Ui) {
        if ui.ctx().egui_wants_keyboard_input() {
            return;
        }
        let (zoom_in, zoom_out, home) = ui.input(|i| {
            (
                i.key_pressed(Key::Plus) || i.key_pressed(Key::Equals),
                i.key_pressed(Key::Minus),
                i.key_pressed(Key::Home),
            )
        });
        if zoom_in {
            let _ = self.memory.zoom_in();
        }
        if zoom_out {
            let _ = self.memory.zoom_out();
        }
        if home {
            self.go_home();
        }
    }
}

fn paint_scale_bar(painter: &egui::Painter, view: &View, clip: Rect) {
    let (pixels, label) = scale_bar_length(view, 140.0);
    let left = pos2(clip.min.x + 16.0, clip.max.y - 22.0);
    let bg = Rect::from_min_max(left - vec2(8.0, 22.0), left + vec2(pixels + 8.0, 10.0));
    painter.rect_filled(bg, 4.0, Color32::from_white_alpha(200));
    let stroke = Stroke::new(2.0, Color32::from_rgb(0x22, 0x22, 0x28));
    let right = left + vec2(pixels, 0.0);
    painter.line_segment([left, right], stroke);
    for x in [left, right] {
        painter.line_segment([x - vec2(0.0, 6.0), x], stroke);
    }
    painter.text(
        left + vec2(pixels / 2.0, -4.0),
        Align2::CENTER_BOTTOM,
        label,
        FontId::proportional(13.0),
        stroke.color,
    );
}

/// The place whose areas the details panel lists: a ring with a dot, in the highlight colour.
fn paint_here(painter: &egui::Painter, view: &View, lon: f64, lat: f64) {
    let [x, y] = view.screen_from_lon_lat(lon, lat);
    let at = pos2(x, y);
    painter.circle_stroke(at, 9.0, Stroke::new(4.0, Color32::WHITE));
    painter.circle_stroke(
        at,
        9.0,
        Stroke::new(2.2, LIGHT.highlight.gamma_multiply(0.9)),
    );
    painter.circle_filled(at, 2.5, Color32::from_rgb(0x22, 0x22, 0x28));
}

fn paint_ruler(painter: &egui::Painter, view: &View, points: &[(f64, f64)]) {
    let screen: Vec<Pos2> = points
        .iter()
        .map(|&(lon, lat)| {
            let [x, y] = view.screen_from_lon_lat(lon, lat);
            pos2(x, y)
        })
        .collect();
    let ink = Color32::from_rgb(0x11, 0x11, 0x11);
    if screen.len() >= 2 {
        painter.add(egui::Shape::line(
            screen.clone(),
            Stroke::new(5.0, Color32::WHITE),
        ));
        painter.extend(egui::Shape::dashed_line(
            &screen,
            Stroke::new(2.5, ink),
            8.0,
            5.0,
        ));
    }
    for (leg, w) in ruler_legs(points).iter().zip(screen.windows(2)) {
        let mid = w[0] + (w[1] - w[0]) * 0.5;
        let galley = painter.layout_no_wrap(format_km(*leg), FontId::proportional(13.0), ink);
        let rect = Rect::from_center_size(mid + vec2(0.0, -12.0), galley.size()).expand(3.0);
        painter.rect_filled(rect, 3.0, Color32::from_white_alpha(225));
        painter.galley(rect.min + vec2(3.0, 3.0), galley, ink);
    }
    for p in &screen {
        painter.circle(*p, 5.0, Color32::WHITE, Stroke::new(2.5, ink));
    }
}

/// The date, large, in the map's top-left corner.
fn paint_date(painter: &egui::Painter, state: &MapInput, clip: Rect) {
    let text = match state.day {
        Some(day) => long_date(day),
        None => "All dates".to_owned(),
    };
    let galley = painter.layout_no_wrap(
        text,
        FontId::proportional(30.0),
        Color32::from_rgb(0x22, 0x22, 0x28),
    );
    let at = clip.min + vec2(14.0, 10.0);
    painter.rect_filled(
        Rect::from_min_size(at, galley.size()).expand2(vec2(10.0, 4.0)),
        6.0,
        Color32::from_white_alpha(215),
    );
    painter.galley(at, galley, Color32::BLACK);
}

fn paint_attribution(painter: &egui::Painter, clip: Rect, tiles: Option<&str>) {
    let at: Pos2 = clip.max - vec2(6.0, 4.0);
    let text = match tiles {
        Some(credit) => format!("{credit} · {ATTRIBUTION}"),
        None => ATTRIBUTION.to_owned(),
    };
    let galley = painter.layout_no_wrap(
        text,
        FontId::proportional(11.5),
        Color32::from_rgb(0x44, 0x44, 0x4a),
    );
    let rect = Rect::from_min_size(at - galley.size(), galley.size()).expand(3.0);
    painter.rect_filled(rect, 3.0, Color32::from_white_alpha(190));
    painter.galley(at - galley.size(), galley, Color32::BLACK);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the window passes on its first frame.
    fn opening() -> MapInput<'static> {
        MapInput {
            day: Some(karabakh_data::embedded::opening_day()),
            relief: true,
            ..MapInput::default()
        }
    }

    fn frame(panel: &mut MapPanel, ctx: &egui::Context, data: &(Arc<Dataset>, Arc<Prepared>)) {
        frame_with(panel, ctx, data, &opening());
    }

    fn frame_with(
        panel: &mut MapPanel,
        ctx: &egui::Context,
        data: &(Arc<Dataset>, Arc<Prepared>),
        state: &MapInput,
    ) {
        let input = egui::RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, egui::vec2(800.0, 600.0))),
            ..Default::default()
        };
        let mut output = ctx.run_ui(input, |ui| {
            panel.ui(ui, &data.0, &data.1, state);
        });
        output.textures_delta.clear();
    }

    #[test]
    fn triangles_let_go_for_the_gpu_are_made_again_when_the_gpu_is_gone() {
        let dataset = karabakh_data::load_embedded();
        let prepared = Prepared::new(&dataset, &Default::default());
        let data = (Arc::new(dataset), Arc::new(prepared));
        let ctx = egui::Context::default();
        let mut panel = MapPanel::default();
        for _ in 0..3 {
            frame(&mut panel, &ctx, &data);
        }
        let made = panel.rebuilds;
        assert!(made >= 1 && panel.meshes().is_some_and(|m| m.vertex_count() > 0));

        // A GPU that holds no picture yet: the triangles stay, and the scene still serves.
        panel.gpu = Some(GpuPictures::default());
        frame(&mut panel, &ctx, &data);
        assert_eq!(panel.rebuilds, made);
        assert!(panel.meshes().is_some_and(|m| m.vertex_count() > 0));

        // Once the GPU holds the picture (one, without tiles), the triangles are let go, and
        // the scene still serves...
        let generation = panel.shown.as_ref().map_or(0, |s| s.generation);
        if let Some(gpu) = &panel.gpu {
            gpu.pretend_drawn(generation, true);
        }
        frame(&mut panel, &ctx, &data);
        assert!(panel.shown.as_ref().is_some_and(|s| s.released));
        assert!(panel.meshes().is_some_and(|m| m.vertex_count() == 0));
        frame(&mut panel, &ctx, &data);
        assert_eq!(panel.rebuilds, made);
        // ...but painting through egui needs them: the scene is made again.
        panel.gpu = None;
        frame(&mut panel, &ctx, &data);
        assert_eq!(panel.rebuilds, made + 1);
        assert!(panel.meshes().is_some_and(|m| m.vertex_count() > 0));

        // Likewise when raster tiles come between the basemap and the features: the GPU held
        // them as one picture, and two are needed now.
        panel.gpu = Some(GpuPictures::default());
        frame(&mut panel, &ctx, &data);
        let generation = panel.shown.as_ref().map_or(0, |s| s.generation);
        if let Some(gpu) = &panel.gpu {
            gpu.pretend_drawn(generation, true);
        }
        frame(&mut panel, &ctx, &data);
        assert!(panel.shown.as_ref().is_some_and(|s| s.released));
        let made = panel.rebuilds;
        let dir = tempfile::tempdir().expect("temp dir");
        let source = tiles::TileSource::Directory(dir.path().to_path_buf());
        let state = MapInput {
            tiles: Some(&source),
            ..opening()
        };
        frame_with(&mut panel, &ctx, &data, &state);
        assert_eq!(panel.rebuilds, made + 1, "two pictures need the triangles");
        assert!(panel.meshes().is_some_and(|m| m.vertex_count() > 0));
    }
}
