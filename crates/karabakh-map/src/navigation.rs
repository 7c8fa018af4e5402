//! Where the map looks: the home view once the panels around it have settled, flights to
//! features, the keys that zoom and go home.

use egui::Key;
use walkers::lon_lat;

use crate::MapPanel;
use karabakh_scene::view::{HOME_BOUNDS, MAX_ZOOM, MIN_ZOOM};
use karabakh_scene::{View, World};

/// A flight in progress: from a centre and zoom to another, and how far along (0..1).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Flight {
    from: World,
    from_zoom: f64,
    to: World,
    to_zoom: f64,
    t: f32,
}

impl MapPanel {
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
        self.flight = Some(Flight {
            from: view.center,
            from_zoom: view.zoom,
            to: target.center,
            to_zoom: target.zoom.min(11.0),
            t: 0.0,
        });
        self.needs_home = false;
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

    /// Advances a flight: eased, about half a second.
    pub(crate) fn fly(&mut self, ctx: &egui::Context) {
        let Some(Flight {
            from,
            from_zoom,
            to,
            to_zoom,
            t,
        }) = self.flight
        else {
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
        self.flight = self.flight.filter(|_| t < 1.0).map(|f| Flight { t, ..f });
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
