//! The map widget: walkers for navigation, the cached scene for what is drawn, hit-testing
//! for hover and selection.

pub mod paint;
pub mod tiles;

use egui::{
    Align2, Color32, FontId, Key, Pos2, Rect, Stroke, TextureHandle, TextureOptions, pos2, vec2,
};
use walkers::{Map, MapMemory, lon_lat};

use crate::data::Dataset;
use crate::scene::style::LIGHT;
use crate::scene::{self, Prepared, Scene, SceneInputs, View, World};
use crate::ui::state::UiState;
use paint::{Emphasis, paint_emphasis, paint_labels, paint_scene};

/// The box the map shows at start and on Home: Armenia, Karabakh and western Azerbaijan.
pub const HOME_BOUNDS: [f64; 4] = [43.9, 38.75, 48.1, 41.35];

/// What happened on the map this frame.
#[derive(Clone, Debug, Default)]
pub struct MapOutput {
    pub hovered: Option<usize>,
    /// Some(hit) when the map was clicked: the feature under the pointer, or None for empty map.
    pub clicked: Option<Option<usize>>,
    /// Where the click was, as (lon, lat).
    pub clicked_at: Option<(f64, f64)>,
    pub cursor: Option<(f64, f64)>,
}

pub struct MapPanel {
    pub memory: MapMemory,
    scene: Option<Scene>,
    textures: Vec<TextureHandle>,
    /// The view of the last frame, for tests and the status bar.
    pub view: Option<View>,
    /// How many times the scene was rebuilt (it must not be rebuilt on an idle frame).
    pub rebuilds: usize,
    needs_home: bool,
    /// Raster tiles drawn over the basemap, when chosen.
    tiles: Option<tiles::TileLayer>,
    /// A flight in progress: from (centre, zoom) to (centre, zoom), and how far along (0..1).
    flight: Option<(World, f64, World, f64, f32)>,
    /// The map's size last frame: the home view waits until panels have settled.
    last_size: egui::Vec2,
}

impl Default for MapPanel {
    fn default() -> Self {
        MapPanel {
            memory: MapMemory::default(),
            scene: None,
            textures: Vec::new(),
            view: None,
            rebuilds: 0,
            needs_home: true,
            tiles: None,
            flight: None,
            last_size: egui::Vec2::ZERO,
        }
    }
}

impl MapPanel {
    pub fn scene(&self) -> Option<&Scene> {
        self.scene.as_ref()
    }

    /// Forgets the cached scene: the data changed.
    pub fn invalidate(&mut self) {
        self.scene = None;
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

    /// Shows the map filling `ui`; returns hover, click and cursor.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        dataset: &Dataset,
        prepared: &Prepared,
        state: &UiState,
    ) -> MapOutput {
        if self.textures.is_empty() {
            self.textures = prepared
                .rasters
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let image =
                        egui::ColorImage::from_rgba_unmultiplied([r.width, r.height], &r.rgba);
                    ui.ctx().load_texture(
                        format!("basemap-raster-{i}"),
                        image,
                        TextureOptions::LINEAR,
                    )
                })
                .collect();
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
        if self.tiles.as_ref().map(|t| &t.source) != state.tiles.as_ref() {
            self.tiles = state
                .tiles
                .clone()
                .map(|source| tiles::TileLayer::new(source, ui.ctx()));
        }

        let mut output = MapOutput::default();
        let home = lon_lat(46.5, 40.0);
        let map = Map::new(None, &mut self.memory, home)
            .zoom_with_ctrl(false)
            .double_click_to_zoom(true);
        let scene_slot = &mut self.scene;
        let rebuilds = &mut self.rebuilds;
        let textures = &self.textures;
        let tile_layer = &mut self.tiles;
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
                day: state.shown_day(),
                hidden_layers: state.hidden_layers.clone(),
                basemap: true,
                relief: state.relief,
                names: state.names,
                dark: state.dark,
            };
            if scene_slot.as_ref().is_none_or(|s| s.inputs != inputs) {
                *scene_slot = Some(scene::build(dataset, prepared, &inputs));
                *rebuilds += 1;
            }
            let Some(scene) = scene_slot.as_ref() else {
                return view;
            };
            let painter = ui.painter().with_clip_rect(clip);
            paint_scene(&painter, scene, textures, |painter| {
                if let Some(layer) = tile_layer.as_mut() {
                    layer.paint(painter, &view);
                }
            });

            let pointer = response.hover_pos();
            output.hovered = pointer.and_then(|p| scene.hit(p));
            output.cursor = pointer.map(|p| view.lon_lat_from_screen([p.x, p.y]));
            if response.clicked() {
                let at = response.interact_pointer_pos();
                output.clicked = Some(at.and_then(|p| scene.hit(p)));
                output.clicked_at = at.map(|p| view.lon_lat_from_screen([p.x, p.y]));
            }
            for id in &state.selected {
                if let Some(selected) = dataset.features.iter().position(|f| &f.id == id) {
                    paint_emphasis(
                        &painter,
                        scene,
                        selected,
                        Emphasis::Selected,
                        LIGHT.highlight,
                    );
                }
            }
            for &linked in &state.emphasised {
                paint_emphasis(&painter, scene, linked, Emphasis::Hovered, LIGHT.hover);
            }
            // A whole country outlined under the pointer is noise; its tooltip is enough.
            let emphasise = |i: usize| {
                dataset
                    .features
                    .get(i)
                    .is_some_and(|f| f.kind != crate::data::Kind::Country)
            };
            if let Some(hovered) = output.hovered.filter(|&i| emphasise(i)) {
                paint_emphasis(&painter, scene, hovered, Emphasis::Hovered, LIGHT.hover);
            }
            paint_labels(&painter, &scene.labels);
            if let Some(points) = &state.ruler {
                paint_ruler(&painter, &view, points);
            }
            if state.presentation {
                let mut options = state.slide_options(dataset);
                options.tiles_credit = tile_layer.as_ref().map(tiles::TileLayer::attribution);
                let slide = crate::export::slide::compose(dataset, scene, clip, &options);
                paint::paint_slide(&painter, &slide);
                return view;
            }
            paint_scale_bar(&painter, &view, clip);
            paint_date(&painter, state, clip);
            let tiles_credit = tile_layer.as_ref().map(tiles::TileLayer::attribution);
            paint_attribution(&painter, clip, tiles_credit.as_deref());
            view
        });
        self.view = Some(response.inner);
        let map_response = response.response;
        if let Some(index) = output.hovered
            && let Some(feature) = dataset.features.get(index)
        {
            map_response.on_hover_ui_at_pointer(|ui| {
                crate::ui::details::tooltip_ui(ui, feature, state.names)
            });
        }
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

/// The length a scale bar of at most `max_pixels` shows: 1, 2 or 5 × 10ⁿ metres.
pub fn scale_bar_length(view: &View, max_pixels: f32) -> (f32, String) {
    let metres_per_pixel = view.metres_per_pixel();
    let max_metres = metres_per_pixel * f64::from(max_pixels);
    let magnitude = 10f64.powf(max_metres.log10().floor());
    let nice = [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|&m| m <= max_metres)
        .unwrap_or(magnitude);
    let pixels = (nice / metres_per_pixel) as f32;
    let label = if nice >= 1000.0 {
        format!("{} km", nice / 1000.0)
    } else {
        format!("{nice} m")
    };
    (pixels, label)
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

/// The geodesic length of each leg of a ruler, in km.
pub fn ruler_legs(points: &[(f64, f64)]) -> Vec<f64> {
    use geo::{Distance, Geodesic, Point};
    points
        .windows(2)
        .map(|w| Geodesic.distance(Point::new(w[0].0, w[0].1), Point::new(w[1].0, w[1].1)) / 1000.0)
        .collect()
}

/// "59.3 km", "850 m".
pub fn format_km(km: f64) -> String {
    if km < 1.0 {
        format!("{:.0} m", km * 1000.0)
    } else if km < 100.0 {
        format!("{km:.1} km")
    } else {
        format!("{km:.0} km")
    }
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

/// "20 September 2023", as a reader says it.
pub fn long_date(day: crate::time::Day) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let (y, m, d) = day.ymd();
    format!(
        "{d} {} {y}",
        MONTHS.get(m as usize - 1).copied().unwrap_or("?")
    )
}

/// The date, large, in the map's top-left corner.
fn paint_date(painter: &egui::Painter, state: &UiState, clip: Rect) {
    let text = match state.shown_day() {
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

/// The data credit that the licences ask for, on the map.
pub const ATTRIBUTION: &str = "Natural Earth · GSHHG · NOAA GLOBE · GeoNames (CC BY 4.0)";

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
