//! The map widget: walkers for navigation, the cached scene for what is drawn, hit-testing
//! for hover and selection. [`MapPanel::ui`] composes the map of walkers plugins (see
//! [`plugins`]), each small and fed only what it needs of the window's [`MapInput`].

pub mod flight;
pub mod gpu;
pub mod meshes;
mod navigation;
pub mod paint;
mod plugins;
mod scenes;
mod textures;
pub mod tile_watch;
pub mod tiles;

use std::cell::{Cell, OnceCell};
use std::sync::Arc;

use egui::Pos2;
use walkers::{Map, MapMemory, lon_lat};

use flight::Flight;
use gpu::GpuPictures;
use karabakh_data::Dataset;
use karabakh_scene::{Placing, Prepared, Scene, SceneInputs, View};
use meshes::{SceneMeshes, SharedSprites};
pub use paint::Halo;
pub use plugins::{EditGesture, EditInput, SuggestedPlace, slide_boxes};
use plugins::{
    EditOverlay, Frame, Furniture, HereMarker, Highlights, Labels, PlacedLabels, Pointed, Pointer,
    Ruler, ScenePicture, SceneSchedule, SlideOverlay, Suggested,
};
use scenes::{GpuUse, Scenes};
use textures::Textures;

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
    /// While editing: what is drawn and the selected feature's handles.
    pub edit: Option<&'a EditInput>,
    /// The user's layers' looks as changed in the legend.
    pub layer_looks: std::collections::BTreeMap<String, karabakh_scene::style::LayerLook>,
    /// The open document's suggested places, drawn apart from curated links.
    pub suggested: &'a [SuggestedPlace],
    /// Boxes the window draws over the map besides the map's own furniture (compare mode's
    /// later date), in screen coordinates: the labels keep clear of them too.
    pub over_map: Vec<egui::Rect>,
}

impl MapInput<'_> {
    /// What a scene of `view` is made from.
    pub fn scene_inputs(&self, view: View) -> SceneInputs {
        SceneInputs {
            view,
            day: self.day,
            hidden_layers: self.hidden_layers.clone(),
            basemap: true,
            relief: self.relief,
            names: self.names,
            dark: self.dark,
            layer_looks: self.layer_looks.clone(),
            furniture: self.furniture(view.screen_rect()),
        }
    }

    /// The boxes drawn over a map of `map` (the slide's fixed ones in presentation mode).
    fn furniture(&self, map: egui::Rect) -> Vec<egui::Rect> {
        match &self.slide {
            Some(slide) => karabakh_scene::slide::fixed_boxes(map, slide),
            None => {
                let credit = self.tiles.map(tiles::TileSource::label);
                let mut boxes =
                    karabakh_scene::furniture::window_boxes(map, self.day, credit.as_deref());
                boxes.extend(&self.over_map);
                boxes
            }
        }
    }
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
    /// What was done to an editing handle.
    pub edit: Option<EditGesture>,
}

pub struct MapPanel {
    pub memory: MapMemory,
    /// The scene on the map and the one being made.
    scenes: Scenes,
    /// Labels placed for the view of the last frame, and for which scene.
    labels: Option<PlacedLabels>,
    /// What is drawn in view, counted for the legend and the status bar, and for which view.
    counts: Option<(View, u64, ShownCounts)>,
    /// The basemap's rasters and the marker sprites as images and egui textures.
    textures: Textures,
    /// Marker symbols drawn so far.
    sprites: SharedSprites,
    /// The pictures kept on the GPU, when the window draws with OpenGL.
    pub gpu: Option<GpuPictures>,
    /// Make scenes on a worker thread, showing the last one (scaled) meanwhile. The window does;
    /// the UI tests build them at once, so that a frame shows its scene.
    pub background_builds: bool,
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
    /// Where OpenStreetMap's tiles come from (tests point it where nothing answers).
    pub osm_server: String,
    flight: Option<Flight>,
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

impl Default for MapPanel {
    fn default() -> Self {
        MapPanel {
            memory: MapMemory::default(),
            scenes: Scenes::default(),
            labels: None,
            counts: None,
            textures: Textures::default(),
            sprites: SharedSprites::default(),
            gpu: None,
            background_builds: false,
            view: None,
            placing: Placing::IDENTITY,
            rebuilds: 0,
            needs_home: true,
            tiles: None,
            osm_server: tiles::OSM_SERVER.to_owned(),
            flight: None,
            last_size: egui::Vec2::ZERO,
            halo: Halo::Full,
        }
    }
}

/// Pixels of map kept ready around the view on each side, as a share of its larger side: a
/// pan that far draws the same picture, moved.
const PAD_SHARE: f32 = 0.5;

impl MapPanel {
    pub fn scene(&self) -> Option<&Scene> {
        self.scenes.shown().map(|s| s.scene.as_ref())
    }

    /// The triangles of the scene on the map (for tests and measurements).
    pub fn meshes(&self) -> Option<&SceneMeshes> {
        self.scenes.shown().map(|s| s.meshes.as_ref())
    }

    /// What the map shows in its current view, counted (kept until the view or scene change).
    pub fn shown_counts(&mut self, dataset: &Dataset, prepared: &Prepared) -> ShownCounts {
        let (Some(view), Some(shown)) = (self.view, self.scenes.shown()) else {
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
        let Some(shown) = self.scenes.shown() else {
            return &[];
        };
        match &self.labels {
            Some(placed) if placed.generation == shown.generation => &placed.labels,
            _ => &shown.scene.labels,
        }
    }

    /// Whether a scene is being made on a worker thread.
    pub fn is_building(&self) -> bool {
        self.scenes.is_building()
    }

    /// Forgets the scene: the data changed.
    pub fn invalidate(&mut self) {
        self.scenes.invalidate();
        self.labels = None;
    }

    /// Features were appended to the data: the scene shown stays until one with them is made.
    pub fn data_added(&mut self) {
        self.scenes.data_added();
    }

    /// Whether the scene on the map is of the current data.
    pub fn is_current(&self) -> bool {
        self.scenes.is_current()
    }

    /// Points to cover around a view of `size`: less where the GPU's textures cannot hold more.
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

    /// Follows the window's choice of raster tiles.
    fn follow_tiles(&mut self, chosen: Option<&tiles::TileSource>, ctx: &egui::Context) {
        if self.tiles.as_ref().map(|t| &t.source) != chosen {
            self.tiles = chosen
                .cloned()
                .map(|source| tiles::TileLayer::new(source, &self.osm_server, ctx));
        }
        if self.tiles.as_ref().is_some_and(tiles::TileLayer::undecided) {
            // Nothing else may ask for a frame while downloads fail quietly.
            ctx.request_repaint_after(std::time::Duration::from_millis(500));
        }
    }

    /// Whether online tiles are chosen and none could be loaded: the offline basemap is what
    /// shows.
    pub fn tiles_failed(&self) -> bool {
        self.tiles.as_ref().is_some_and(tiles::TileLayer::failed)
    }

    /// Shows the map filling `ui`; returns hover, click and cursor.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        dataset: &Arc<Dataset>,
        prepared: &Arc<Prepared>,
        input: &MapInput,
    ) -> MapOutput {
        self.textures.load_images(prepared);
        let size = ui.available_rect_before_wrap().size();
        self.settle_home(size);
        self.keyboard(ui);
        self.fly(ui.ctx());
        self.follow_tiles(input.tiles, ui.ctx());
        let tiles_credit = self.tiles.as_ref().map(tiles::TileLayer::attribution);
        let shared = Shared {
            frame: OnceCell::new(),
            pointed: Cell::default(),
            gesture: Cell::default(),
            gpu: self.gpu.clone().filter(|g| g.failure().is_none()),
            merged: self.tiles.is_none(),
            pad: self.pad_for(size, ui.ctx().pixels_per_point(), input.slide.is_some()),
            slide: input
                .slide
                .clone()
                .map(|options| karabakh_scene::slide::SlideOptions {
                    tiles_credit: tiles_credit.clone(),
                    ..options
                }),
            tiles_credit,
        };
        let mut memory = std::mem::take(&mut self.memory);
        let map = Map::new(None, &mut memory, lon_lat(46.5, 40.0))
            .zoom_with_ctrl(false)
            // While drawing, a double click finishes the feature.
            .double_click_to_zoom(input.edit.is_none_or(|e| e.draft.is_empty()));
        let map = self.with_scene_plugins(map, &shared, dataset, prepared, input);
        let map = with_overlays(map, &shared, dataset, input);
        let response = map.show(ui, |_, _, projector, _| plugins::view_of(projector));
        self.memory = memory;
        self.clamp_zoom();
        if let Some(frame) = shared.frame.get() {
            self.placing = frame.placing;
        }
        self.view = Some(response.inner);
        let pointed = shared.pointed.get();
        MapOutput {
            response: Some(response.response),
            hovered: pointed.hovered,
            clicked: pointed.clicked,
            clicked_at: pointed.clicked_at,
            cursor: pointed.cursor,
            edit: shared.gesture.get(),
        }
    }

    /// The parts that keep, paint, hit-test, highlight and label the scene.
    fn with_scene_plugins<'m, 'b, 'a>(
        &'a mut self,
        map: Map<'m, 'b, 'a>,
        shared: &'a Shared,
        dataset: &'a Arc<Dataset>,
        prepared: &'a Arc<Prepared>,
        input: &'a MapInput<'a>,
    ) -> Map<'m, 'b, 'a> {
        let gpu = GpuUse {
            gpu: shared.gpu.as_ref(),
            merged: shared.merged,
        };
        let frame = &shared.frame;
        map.with_plugin(SceneSchedule {
            scenes: &mut self.scenes,
            rebuilds: &mut self.rebuilds,
            background: self.background_builds,
            dataset,
            prepared,
            input,
            pad: shared.pad,
            sprites: &self.sprites,
            gpu,
            slide: shared.slide.as_ref(),
            frame,
        })
        .with_plugin(ScenePicture {
            frame,
            gpu: gpu.gpu,
            tiles: self.tiles.as_mut(),
            textures: &mut self.textures,
            sprites: &self.sprites,
        })
        .with_plugin(Pointer {
            frame,
            pointed: &shared.pointed,
        })
        .with_plugin(Highlights {
            frame,
            dataset,
            selected: input.selected,
            emphasised: input.emphasised,
            pointed: &shared.pointed,
        })
        .with_plugin(Labels {
            frame,
            dataset,
            prepared,
            placed: &mut self.labels,
            halo: &mut self.halo,
            selected: input.selected,
        })
    }
}

/// What the plugins share in a frame, made before the map runs them.
struct Shared {
    /// Set by the first part, read by the others.
    frame: OnceCell<Frame>,
    /// Set by the pointer's part, read by the highlights and the widget's output.
    pointed: Cell<Pointed>,
    /// Set by the editing part.
    gesture: Cell<Option<EditGesture>>,
    /// The GPU's pictures, unless there is no GPU or it failed.
    gpu: Option<GpuPictures>,
    /// No raster tiles go between the basemap and the features.
    merged: bool,
    /// Points of map made around the view on each side.
    pad: f32,
    tiles_credit: Option<String>,
    /// In presentation mode, the slide's words, the tiles' credit among them.
    slide: Option<karabakh_scene::slide::SlideOptions>,
}

/// The parts over the scene: the ruler, the place asked about, and the slide or the map's
/// furniture.
fn with_overlays<'m, 'b, 'a>(
    mut map: Map<'m, 'b, 'a>,
    shared: &'a Shared,
    dataset: &'a Dataset,
    input: &'a MapInput<'a>,
) -> Map<'m, 'b, 'a> {
    let frame = &shared.frame;
    if let Some(points) = input.ruler {
        map = map.with_plugin(Ruler { frame, points });
    }
    if let Some(input) = input.edit {
        map = map.with_plugin(EditOverlay {
            frame,
            input,
            gesture: &shared.gesture,
        });
    }
    if !input.suggested.is_empty() && input.slide.is_none() {
        map = map.with_plugin(Suggested {
            frame,
            places: input.suggested,
            dark: input.dark,
        });
    }
    if let Some(at) = input.here.filter(|_| input.selected.is_empty()) {
        map = map.with_plugin(HereMarker { frame, at });
    }
    match &input.slide {
        Some(options) => map.with_plugin(SlideOverlay {
            frame,
            dataset,
            options: shared.slide.clone().unwrap_or_else(|| options.clone()),
        }),
        None => map.with_plugin(Furniture {
            frame,
            day: input.day,
            tiles_credit: shared.tiles_credit.as_deref(),
        }),
    }
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
            screen_rect: Some(egui::Rect::from_min_size(
                Pos2::ZERO,
                egui::vec2(800.0, 600.0),
            )),
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
        let generation = panel.scenes.shown().map_or(0, |s| s.generation);
        if let Some(gpu) = &panel.gpu {
            gpu.pretend_drawn(generation, true);
        }
        frame(&mut panel, &ctx, &data);
        assert!(panel.scenes.shown().is_some_and(|s| s.released));
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
        let generation = panel.scenes.shown().map_or(0, |s| s.generation);
        if let Some(gpu) = &panel.gpu {
            gpu.pretend_drawn(generation, true);
        }
        frame(&mut panel, &ctx, &data);
        assert!(panel.scenes.shown().is_some_and(|s| s.released));
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
