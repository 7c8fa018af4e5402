//! The view: which part of the world is on screen, in Web Mercator as walkers draws it, so that
//! the window and an exported image place every coordinate on the same pixel.

use std::f64::consts::PI;

/// Pixels across the whole world at zoom 0 (walkers' and OpenStreetMap's tile size).
pub const TILE_SIZE: f64 = 256.0;
pub const MIN_ZOOM: f64 = 3.0;
pub const MAX_ZOOM: f64 = 18.0;

/// A point in normalised Web Mercator: x and y in 0..1, y down, zoom-independent.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct World {
    pub x: f64,
    pub y: f64,
}

impl World {
    pub fn from_lon_lat(lon: f64, lat: f64) -> World {
        let lat = lat.clamp(-85.051_128, 85.051_128);
        let x = (1.0 + lon.to_radians() / PI) / 2.0;
        let y = (1.0 - lat.to_radians().tan().asinh() / PI) / 2.0;
        World { x, y }
    }

    pub fn to_lon_lat(self) -> (f64, f64) {
        let lon = (self.x * 2.0 - 1.0) * PI;
        let lat = ((1.0 - self.y * 2.0) * PI).sinh().atan();
        (lon.to_degrees(), lat.to_degrees())
    }
}

/// The part of the map shown in a rectangle of `width` × `height` pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    /// The geographic position at the centre of the rectangle.
    pub center: World,
    pub zoom: f64,
    /// Top-left corner of the rectangle on screen (window pixels; 0,0 for an export).
    pub origin: [f32; 2],
    pub width: f32,
    pub height: f32,
}

impl View {
    pub fn new(center_lon: f64, center_lat: f64, zoom: f64, width: f32, height: f32) -> View {
        View {
            center: World::from_lon_lat(center_lon, center_lat),
            zoom: zoom.clamp(MIN_ZOOM, MAX_ZOOM),
            origin: [0.0, 0.0],
            width,
            height,
        }
    }

    /// The view that fits `[west, south, east, north]` in the rectangle, with `margin` pixels.
    pub fn fit(bounds: [f64; 4], width: f32, height: f32, margin: f32) -> View {
        let [west, south, east, north] = bounds;
        let a = World::from_lon_lat(west, north);
        let b = World::from_lon_lat(east, south);
        let span_x = (b.x - a.x).abs().max(1e-9);
        let span_y = (b.y - a.y).abs().max(1e-9);
        let usable_w = f64::from((width - 2.0 * margin).max(1.0));
        let usable_h = f64::from((height - 2.0 * margin).max(1.0));
        let zoom = (usable_w / (span_x * TILE_SIZE))
            .min(usable_h / (span_y * TILE_SIZE))
            .log2();
        View {
            center: World {
                x: (a.x + b.x) / 2.0,
                y: (a.y + b.y) / 2.0,
            },
            zoom: zoom.clamp(MIN_ZOOM, MAX_ZOOM),
            origin: [0.0, 0.0],
            width,
            height,
        }
    }

    /// Pixels across the whole world at this zoom.
    pub fn world_pixels(&self) -> f64 {
        TILE_SIZE * self.zoom.exp2()
    }

    pub fn screen_from_world(&self, w: World) -> [f32; 2] {
        let scale = self.world_pixels();
        [
            (f64::from(self.origin[0] + self.width / 2.0) + (w.x - self.center.x) * scale) as f32,
            (f64::from(self.origin[1] + self.height / 2.0) + (w.y - self.center.y) * scale) as f32,
        ]
    }

    pub fn screen_from_lon_lat(&self, lon: f64, lat: f64) -> [f32; 2] {
        self.screen_from_world(World::from_lon_lat(lon, lat))
    }

    pub fn world_from_screen(&self, p: [f32; 2]) -> World {
        let scale = self.world_pixels();
        World {
            x: self.center.x + f64::from(p[0] - self.origin[0] - self.width / 2.0) / scale,
            y: self.center.y + f64::from(p[1] - self.origin[1] - self.height / 2.0) / scale,
        }
    }

    pub fn lon_lat_from_screen(&self, p: [f32; 2]) -> (f64, f64) {
        self.world_from_screen(p).to_lon_lat()
    }

    /// The rectangle the view fills on screen.
    pub fn screen_rect(&self) -> emath::Rect {
        emath::Rect::from_min_size(
            emath::pos2(self.origin[0], self.origin[1]),
            emath::vec2(self.width, self.height),
        )
    }

    /// The world rectangle on screen: (min, max).
    pub fn world_bounds(&self) -> (World, World) {
        let a = self.world_from_screen(self.origin);
        let b = self.world_from_screen([self.origin[0] + self.width, self.origin[1] + self.height]);
        (a, b)
    }

    /// Ground metres per pixel at the view's centre latitude.
    pub fn metres_per_pixel(&self) -> f64 {
        const EARTH_CIRCUMFERENCE: f64 = 40_075_016.686;
        let (_, lat) = self.center.to_lon_lat();
        EARTH_CIRCUMFERENCE * lat.to_radians().cos() / self.world_pixels()
    }

    /// The same view `factor` times larger in pixels (for 2× and 4× exports).
    pub fn scaled(&self, factor: f32) -> View {
        View {
            zoom: self.zoom + f64::from(factor).log2(),
            origin: [self.origin[0] * factor, self.origin[1] * factor],
            width: self.width * factor,
            height: self.height * factor,
            ..*self
        }
    }
}

/// Parses "LAT,LON" in degrees, as people write positions (latitude first).
pub fn parse_lat_lon(text: &str) -> Result<(f64, f64), String> {
    let (lat, lon) = text
        .split_once(',')
        .ok_or_else(|| format!("{text:?}: expected LAT,LON"))?;
    let number = |s: &str| s.trim().parse::<f64>().ok().filter(|v| v.is_finite());
    let (Some(lat), Some(lon)) = (number(lat), number(lon)) else {
        return Err(format!("{text:?}: expected two numbers, LAT,LON"));
    };
    if !(-85.0..=85.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(format!(
            "{text:?}: latitude must be within ±85 and longitude within ±180"
        ));
    }
    Ok((lat, lon))
}

/// The box the map shows at start and on Home, `[west, south, east, north]`: what the dossier
/// is about, fitted to the map's size. The Soviet-era oblast and the districts around it that
/// Armenian forces held from 1994 to 2020 (45.59–47.32° E, 38.88–40.41° N), the Lachin corridor
/// and Goris, with a little room around.
pub const HOME_BOUNDS: [f64; 4] = [45.5, 38.8, 47.45, 40.5];

/// The length of a scale bar of at most `max_pixels`: a round distance, its length in pixels
/// and its label.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_positions_latitude_first() {
        assert_eq!(parse_lat_lon("39.82,46.75"), Ok((39.82, 46.75)));
        assert_eq!(parse_lat_lon(" -33.5 , 151.2 "), Ok((-33.5, 151.2)));
        for bad in ["", "39.8", "39.8;46.7", "a,b", "95,46", "39,200", "NaN,1"] {
            assert!(parse_lat_lon(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn world_round_trips_lon_lat() {
        for (lon, lat) in [
            (46.7528, 39.8177),
            (0.0, 0.0),
            (-120.5, -33.3),
            (179.9, 80.0),
        ] {
            let (lo, la) = World::from_lon_lat(lon, lat).to_lon_lat();
            assert!((lo - lon).abs() < 1e-9 && (la - lat).abs() < 1e-9);
        }
    }

    #[test]
    fn the_centre_projects_to_the_middle_of_the_rectangle() {
        let v = View::new(46.75, 39.8, 8.0, 1600.0, 1000.0);
        let [x, y] = v.screen_from_lon_lat(46.75, 39.8);
        assert!((x - 800.0).abs() < 1e-3 && (y - 500.0).abs() < 1e-3);
        let (lon, lat) = v.lon_lat_from_screen([800.0, 500.0]);
        assert!((lon - 46.75).abs() < 1e-9 && (lat - 39.8).abs() < 1e-9);
        // East is right, north is up.
        assert!(v.screen_from_lon_lat(47.0, 39.8)[0] > 800.0);
        assert!(v.screen_from_lon_lat(46.75, 40.0)[1] < 500.0);
    }

    #[test]
    fn fit_shows_the_whole_box() {
        let bounds = [44.0, 38.4, 50.5, 41.9];
        let v = View::fit(bounds, 1600.0, 1000.0, 20.0);
        for (lon, lat) in [(44.0, 38.4), (50.5, 41.9)] {
            let [x, y] = v.screen_from_lon_lat(lon, lat);
            assert!(
                (19.0..=1581.0).contains(&x) && (19.0..=981.0).contains(&y),
                "{x},{y}"
            );
        }
    }

    #[test]
    fn one_zoom_step_doubles_the_scale() {
        let a = View::new(46.0, 40.0, 8.0, 100.0, 100.0);
        let b = View::new(46.0, 40.0, 9.0, 100.0, 100.0);
        assert!((a.metres_per_pixel() / b.metres_per_pixel() - 2.0).abs() < 1e-9);
        // At zoom 8 near 40°N a pixel is about 466 m.
        assert!(
            (a.metres_per_pixel() - 467.0).abs() < 5.0,
            "{}",
            a.metres_per_pixel()
        );
        let s = a.scaled(2.0);
        assert_eq!(s.width, 200.0);
        assert!((s.metres_per_pixel() * 2.0 - a.metres_per_pixel()).abs() < 1e-6);
    }
}
