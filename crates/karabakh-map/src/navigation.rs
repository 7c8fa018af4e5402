//! Where the map looks: the home view once the panels around it have settled, flights to
//! features, the keys that zoom and go home.

use egui::Key;
use walkers::lon_lat;

use crate::MapPanel;
use crate::flight::{Camera, Flight, FlightPath};
use karabakh_scene::View;
use karabakh_scene::view::{HOME_BOUNDS, MAX_ZOOM, MIN_ZOOM};

/// The longest a flight to a selection takes, in seconds: a click wants its answer soon.
const LONGEST_FLIGHT: f64 = 2.5;

impl MapPanel {
    /// Back to the whole region: flown to once the map has a view, else set on its first frames.
    pub fn go_home(&mut self) {
        match self.view {
            Some(view) => {
                let fit = View::fit(HOME_BOUNDS, view.width, view.height, 8.0);
                let (lon, lat) = fit.center.to_lon_lat();
                self.fly_to_camera(lon, lat, fit.zoom, LONGEST_FLIGHT);
            }
            None => {
                self.needs_home = true;
                self.flight = None;
            }
        }
    }

    /// Flies to fit `[west, south, east, north]`, not closer than zoom 11.
    pub fn fly_to(&mut self, bounds: [f64; 4]) {
        let Some(view) = self.view else {
            let (lon, lat) = ((bounds[0] + bounds[2]) / 2.0, (bounds[1] + bounds[3]) / 2.0);
            return self.center_at(lon, lat, 10.0);
        };
        let target = View::fit(bounds, view.width, view.height, 60.0);
        let (lon, lat) = target.center.to_lon_lat();
        self.fly_to_camera(lon, lat, target.zoom.min(11.0), LONGEST_FLIGHT);
    }

    /// Flies to a centre and zoom along van Wijk and Nuij's path, taking the time its length
    /// asks for but no more than `longest` seconds. Without a view yet, it goes there at once.
    pub fn fly_to_camera(&mut self, lon: f64, lat: f64, zoom: f64, longest: f64) {
        let Some(view) = self.view else {
            return self.center_at(lon, lat, zoom);
        };
        let to = Camera {
            center: karabakh_scene::World::from_lon_lat(lon, lat),
            zoom: zoom.clamp(MIN_ZOOM, MAX_ZOOM),
        };
        let from = match self.flight {
            // Mid-flight, the new one starts from where the map is now.
            Some(f) => f.now(),
            None => Camera {
                center: view.center,
                zoom: view.zoom,
            },
        };
        let path = FlightPath::new(from, to, f64::from(view.width));
        self.flight = Some(Flight::new(path, longest));
        self.needs_home = false;
    }

    /// Where the map looks: its centre (lon, lat) once moved from the start, and its zoom; to
    /// tell whether it moved between two frames.
    pub fn whereabouts(&self) -> (Option<(f64, f64)>, f64) {
        let center = self.memory.detached().map(|p| (p.x(), p.y()));
        (center, self.memory.zoom())
    }

    /// Looks where `other` looks (two maps moving together).
    pub fn look_as(&mut self, other: &MapPanel) {
        self.memory = other.memory.clone();
        self.needs_home = false;
        self.flight = None;
    }

    /// Seconds left of the flight under way; 0 when not flying.
    pub fn flight_seconds(&self) -> f64 {
        self.flight
            .map_or(0.0, |f| (f.duration - f.elapsed).max(0.0))
    }

    /// Whether the map is flying.
    pub fn is_flying(&self) -> bool {
        self.flight.is_some()
    }

    /// Centres the map on a position at a zoom.
    pub fn center_at(&mut self, lon: f64, lat: f64, zoom: f64) {
        self.memory.center_at(lon_lat(lon, lat));
        let _ = self.memory.set_zoom(zoom.clamp(MIN_ZOOM, MAX_ZOOM));
        self.needs_home = false;
        self.flight = None;
    }

    /// Fits the home box to a map of `size` while asked to: on the first frames the side
    /// panels are still finding their size, so until it stays the same.
    pub(crate) fn settle_home(&mut self, size: egui::Vec2) {
        if self.needs_home && size.x > 10.0 {
            let fit = View::fit(HOME_BOUNDS, size.x, size.y, 8.0);
            let (lon, lat) = fit.center.to_lon_lat();
            self.center_at(lon, lat, fit.zoom);
            self.needs_home = size != self.last_size;
        }
        self.last_size = size;
    }

    /// Advances a flight by the frame's time.
    pub(crate) fn fly(&mut self, ctx: &egui::Context) {
        let Some(flight) = self.flight.as_mut() else {
            return;
        };
        let dt = f64::from(ctx.input(|i| i.stable_dt).min(0.1));
        let (camera, landed) = flight.advance(dt);
        let (lon, lat) = camera.center.to_lon_lat();
        self.memory.center_at(lon_lat(lon, lat));
        let _ = self.memory.set_zoom(camera.zoom.clamp(MIN_ZOOM, MAX_ZOOM));
        if landed {
            self.flight = None;
        }
        ctx.request_repaint();
    }

    /// + and - zoom, Home goes back to the whole region (unless a text field has the keys).
    pub(crate) fn keyboard(&mut self, ui: &egui::Ui) {
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

    /// The wheel has no limit of its own; past street level the map has nothing to show.
    pub(crate) fn clamp_zoom(&mut self) {
        if self.memory.zoom() > MAX_ZOOM {
            let _ = self.memory.set_zoom(MAX_ZOOM);
        }
    }
}
