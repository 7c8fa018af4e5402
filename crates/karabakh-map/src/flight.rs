//! Smooth flight between two views, after van Wijk and Nuij, "Smooth and efficient zooming and
//! panning" (IEEE InfoVis 2003): the path through (u, w) space (u the distance panned, w the
//! width of the view, both in world units) that looks shortest to the eye. A far jump zooms
//! out, pans while high and zooms in again; a near one barely leaves its zoom. The path's
//! length S measures the perceived motion, so a flight's duration is proportional to it.

use karabakh_scene::World;

/// How strongly the path trades zooming for panning; the paper finds √2 ≈ 1.4 pleasing.
pub const RHO: f64 = 1.4;

/// Units of path length flown per second (the paper's V). d3's zoom transition takes
/// S·ρ/√2 s; a touch faster here, since a click on an excerpt wants its answer soon.
pub const SPEED: f64 = 1.25;

/// Below this, in world units, two centres count as one: the flight is a pure zoom.
const SAME_PLACE: f64 = 1e-12;

/// A view for flying: the world point at its centre and its zoom.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Camera {
    pub center: World,
    pub zoom: f64,
}

/// The optimal path from one camera to another, for a map `width_px` pixels wide.
#[derive(Clone, Copy, Debug)]
pub struct FlightPath {
    from: Camera,
    to: Camera,
    /// Pixels across the map: a view's width in world units is `width_px / (256·2^zoom)`.
    width_px: f64,
    /// Unit vector from `from` to `to` in the world plane, and the distance (u1).
    dir: (f64, f64),
    u1: f64,
    w0: f64,
    r0: f64,
    /// The path's length S.
    length: f64,
    /// For a pure zoom: +1 zooming out (w grows), -1 zooming in.
    zoom_sign: f64,
}

impl FlightPath {
    pub fn new(from: Camera, to: Camera, width_px: f64) -> FlightPath {
        let width_px = width_px.max(1.0);
        let w0 = world_width(from.zoom, width_px);
        let w1 = world_width(to.zoom, width_px);
        let (dx, dy) = (to.center.x - from.center.x, to.center.y - from.center.y);
        let u1 = dx.hypot(dy);
        let mut path = FlightPath {
            from,
            to,
            width_px,
            dir: (0.0, 0.0),
            u1,
            w0,
            r0: 0.0,
            length: 0.0,
            zoom_sign: if w1 > w0 { 1.0 } else { -1.0 },
        };
        if u1 < SAME_PLACE {
            path.length = (w1 / w0).ln().abs() / RHO;
            return path;
        }
        path.dir = (dx / u1, dy / u1);
        let rho2 = RHO * RHO;
        let b = |w: f64, sign: f64| {
            (w1 * w1 - w0 * w0 + sign * rho2 * rho2 * u1 * u1) / (2.0 * w * rho2 * u1)
        };
        let r = |b: f64| (-b + (b * b + 1.0).sqrt()).ln();
        path.r0 = r(b(w0, 1.0));
        let r1 = r(b(w1, -1.0));
        path.length = (r1 - path.r0) / RHO;
        path
    }

    /// The path's length S (dimensionless: distances measured in view widths).
    pub fn length(&self) -> f64 {
        self.length
    }

    /// Seconds the flight takes: proportional to S.
    pub fn duration(&self) -> f64 {
        self.length / SPEED
    }

    /// The camera at `s` along the path (0..=S; clamped), exact at both ends.
    pub fn at_length(&self, s: f64) -> Camera {
        let s = s.clamp(0.0, self.length);
        if s <= 0.0 {
            return self.from;
        }
        if s >= self.length {
            return self.to;
        }
        let (u, w) = if self.u1 < SAME_PLACE {
            (0.0, self.w0 * (self.zoom_sign * RHO * s).exp())
        } else {
            let (w0, r0, rho2) = (self.w0, self.r0, RHO * RHO);
            let u = w0 / rho2 * r0.cosh() * (RHO * s + r0).tanh() - w0 / rho2 * r0.sinh();
            let w = w0 * r0.cosh() / (RHO * s + r0).cosh();
            (u, w)
        };
        Camera {
            center: World {
                x: self.from.center.x + self.dir.0 * u,
                y: self.from.center.y + self.dir.1 * u,
            },
            zoom: zoom_of_width(w, self.width_px),
        }
    }

    /// The camera at a share `t` (0..=1) of the path.
    pub fn at(&self, t: f64) -> Camera {
        self.at_length(t.clamp(0.0, 1.0) * self.length)
    }
}

/// A view's width in world units at `zoom`, for a map `width_px` pixels wide.
fn world_width(zoom: f64, width_px: f64) -> f64 {
    width_px / (karabakh_scene::view::TILE_SIZE * zoom.exp2())
}

fn zoom_of_width(w: f64, width_px: f64) -> f64 {
    (width_px / (karabakh_scene::view::TILE_SIZE * w)).log2()
}

/// A flight in progress: the path and the seconds flown of it.
#[derive(Clone, Copy, Debug)]
pub struct Flight {
    pub path: FlightPath,
    pub elapsed: f64,
    /// Seconds the whole flight takes.
    pub duration: f64,
}

impl Flight {
    /// A flight over `path` at its natural speed, no longer than `longest` seconds.
    pub fn new(path: FlightPath, longest: f64) -> Flight {
        Flight {
            path,
            elapsed: 0.0,
            duration: path.duration().min(longest),
        }
    }

    /// Advances by `dt` seconds; the camera now, and whether the flight has landed.
    pub fn advance(&mut self, dt: f64) -> (Camera, bool) {
        self.elapsed += dt.max(0.0);
        (self.now(), self.landed())
    }

    pub fn landed(&self) -> bool {
        self.duration <= 0.0 || self.elapsed >= self.duration
    }

    /// Where the camera is now.
    pub fn now(&self) -> Camera {
        if self.landed() {
            return self.path.at(1.0);
        }
        let t = self.elapsed / self.duration;
        // Eased at both ends, so the map starts and stops gently; still monotone in t.
        self.path.at(t * t * (3.0 - 2.0 * t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn camera(lon: f64, lat: f64, zoom: f64) -> Camera {
        Camera {
            center: World::from_lon_lat(lon, lat),
            zoom,
        }
    }

    fn close(a: Camera, b: Camera) -> bool {
        (a.center.x - b.center.x).abs() < 1e-12
            && (a.center.y - b.center.y).abs() < 1e-12
            && (a.zoom - b.zoom).abs() < 1e-9
    }

    #[test]
    fn the_ends_are_exact() {
        let from = camera(46.75, 39.8, 9.0);
        let to = camera(45.0, 40.2, 11.5);
        let path = FlightPath::new(from, to, 1000.0);
        assert!(path.length() > 0.0);
        assert_eq!(path.at(0.0), from);
        assert_eq!(path.at(1.0), to);
        // Just inside the ends the formula itself lands close to them.
        assert!(
            close(path.at_length(1e-14), from),
            "{:?}",
            path.at_length(1e-14)
        );
        let end = path.at_length(path.length() * (1.0 - 1e-12));
        assert!((end.zoom - to.zoom).abs() < 1e-6, "{end:?}");
        assert!((end.center.x - to.center.x).abs() < 1e-9);
    }

    #[test]
    fn a_far_jump_zooms_out_then_in() {
        // Stepanakert at street level to Yerevan at street level.
        let from = camera(46.75, 39.82, 14.0);
        let to = camera(44.51, 40.18, 14.0);
        let path = FlightPath::new(from, to, 1000.0);
        let zooms: Vec<f64> = (0..=100)
            .map(|i| path.at(f64::from(i) / 100.0).zoom)
            .collect();
        let (lowest_at, lowest) = zooms.iter().enumerate().fold(
            (0, f64::MAX),
            |(n, z), (i, &y)| if y < z { (i, y) } else { (n, z) },
        );
        assert!(lowest < 10.0, "the flight rises high: zoom {lowest}");
        assert!(
            (30..=70).contains(&lowest_at),
            "highest midway: {lowest_at}"
        );
        for w in zooms[..=lowest_at].windows(2) {
            assert!(w[1] <= w[0] + 1e-9, "out first");
        }
        for w in zooms[lowest_at..].windows(2) {
            assert!(w[1] >= w[0] - 1e-9, "then in");
        }
    }

    #[test]
    fn a_near_pan_stays_near_its_zoom() {
        let from = camera(46.75, 39.82, 9.0);
        let to = camera(46.80, 39.84, 9.0);
        let path = FlightPath::new(from, to, 1000.0);
        let lowest = (0..=50)
            .map(|i| path.at(f64::from(i) / 50.0).zoom)
            .fold(f64::MAX, f64::min);
        assert!(lowest > 8.8, "{lowest}");
    }

    #[test]
    fn progress_is_monotone_along_the_line() {
        let from = camera(46.0, 39.0, 12.0);
        let to = camera(47.3, 40.6, 8.0);
        let path = FlightPath::new(from, to, 800.0);
        let mut flight = Flight::new(path, f64::MAX);
        let (dx, dy) = (to.center.x - from.center.x, to.center.y - from.center.y);
        let mut last = -1.0;
        loop {
            let (now, landed) = flight.advance(1.0 / 60.0);
            let along = (now.center.x - from.center.x) * dx + (now.center.y - from.center.y) * dy;
            assert!(along >= last - 1e-15, "went back: {along} < {last}");
            // Never off the straight line between the centres.
            let across = (now.center.x - from.center.x) * dy - (now.center.y - from.center.y) * dx;
            assert!(across.abs() < 1e-12);
            last = along;
            if landed {
                assert_eq!(now, to);
                break;
            }
        }
    }

    #[test]
    fn duration_is_proportional_to_the_path_length() {
        let from = camera(46.75, 39.82, 10.0);
        let near = FlightPath::new(from, camera(46.9, 39.9, 10.0), 1000.0);
        let far = FlightPath::new(from, camera(44.5, 40.2, 10.0), 1000.0);
        assert!(far.length() > near.length());
        let ratio = far.duration() / near.duration();
        assert!((ratio - far.length() / near.length()).abs() < 1e-9);
        assert!(
            far.duration() > 0.5 && far.duration() < 6.0,
            "{}",
            far.duration()
        );
    }

    #[test]
    fn a_pure_zoom_changes_only_the_zoom() {
        let from = camera(46.75, 39.82, 8.0);
        let to = camera(46.75, 39.82, 12.0);
        let path = FlightPath::new(from, to, 1000.0);
        assert!((path.length() - (16.0f64).ln() / RHO).abs() < 1e-9);
        let mid = path.at(0.5);
        assert_eq!(mid.center, from.center);
        assert!((mid.zoom - 10.0).abs() < 1e-9, "{mid:?}");
        // The same place and zoom: no flight at all.
        let still = FlightPath::new(from, from, 1000.0);
        assert_eq!(still.length(), 0.0);
        assert_eq!(Flight::new(still, 5.0).advance(0.0), (from, true));
    }
}
