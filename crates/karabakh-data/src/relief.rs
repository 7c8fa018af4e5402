//! The shaded relief at three resolutions, cross-faded so that each finer grid takes over from
//! the coarser one inside its box without an edge: the world at 0.1° (NOAA ETOPO1), the
//! Caucasus box at 1/120° (NOAA GLOBE) and the region's box at 1/360° (the same GLOBE grid
//! smoothed at three times its resolution). See `assets/basemap/world/SOURCES.md`.

use crate::basemap::Raster;

/// One resolution of the relief: its hypsometric tint and its hillshade, in lon/lat bounds
/// `[west, south, east, north]`.
struct Level {
    name: &'static str,
    tint: &'static [u8],
    shading: &'static [u8],
    bounds: [f64; 4],
    /// Width of the band inside the box's edges over which this level fades in, in degrees;
    /// 0 when the fade is already in the image (the Caucasus box has it baked in, 0.5°).
    fade_in: f64,
    /// The band (in degrees) of the next finer level's fade: over it this level fades out.
    inner: Option<([f64; 4], f64)>,
}

/// The Caucasus box's own edge fade, as `relief_caucasus.json` states (60 pixels of 1/120°).
const CAUCASUS_FADE: f64 = 0.5;
/// The region's fine relief fades in over this band inside its box.
const REGION_FADE: f64 = 0.25;
const WORLD_BOUNDS: [f64; 4] = [-180.0, -60.0, 180.0, 85.0];
const CAUCASUS_BOUNDS: [f64; 4] = [38.0, 36.0, 52.0, 44.0];
/// The box the region's relief images cover, as `assets/basemap/relief.json` states.
pub const REGION_BOUNDS: [f64; 4] = [44.5, 38.8, 47.5, 40.8];

const LEVELS: [Level; 3] = [
    Level {
        name: "relief_world",
        tint: include_bytes!("../../../assets/basemap/world/relief_world_tint.png"),
        shading: include_bytes!("../../../assets/basemap/world/relief_world.png"),
        bounds: WORLD_BOUNDS,
        fade_in: 0.0,
        inner: Some((CAUCASUS_BOUNDS, CAUCASUS_FADE)),
    },
    Level {
        name: "relief_caucasus",
        tint: include_bytes!("../../../assets/basemap/world/relief_caucasus_tint.png"),
        shading: include_bytes!("../../../assets/basemap/world/relief_caucasus.png"),
        bounds: CAUCASUS_BOUNDS,
        fade_in: 0.0,
        inner: Some((REGION_BOUNDS, REGION_FADE)),
    },
    Level {
        name: "relief",
        tint: include_bytes!("../../../assets/basemap/relief_tint.png"),
        shading: include_bytes!("../../../assets/basemap/relief.png"),
        bounds: REGION_BOUNDS,
        fade_in: REGION_FADE,
        inner: None,
    },
];

/// The relief images in drawing order, bottom first: the three tints, coarsest first, then
/// the three shadings. Each image's alpha already holds its share of the cross-fade, so they
/// are simply drawn one over the other.
pub fn relief_rasters() -> Vec<Raster> {
    let decode = |level: &Level, bytes: &'static [u8], what: &str| {
        let mut raster = decode_png(&format!("{}{what}", level.name), bytes, level.bounds)?;
        if level.fade_in > 0.0 {
            scale_alpha(&mut raster, |lon, lat| {
                box_weight(level.bounds, level.fade_in, lon, lat)
            });
        }
        if let Some((inner, band)) = level.inner {
            scale_alpha(&mut raster, |lon, lat| {
                1.0 - box_weight(inner, band, lon, lat)
            });
        }
        Some(raster)
    };
    let tints = LEVELS.iter().filter_map(|l| decode(l, l.tint, "_tint.png"));
    let shadings: Vec<Raster> = LEVELS
        .iter()
        .filter_map(|l| decode(l, l.shading, ".png"))
        .collect();
    tints.chain(shadings).collect()
}

pub(crate) fn decode_png(name: &str, bytes: &[u8], bounds: [f64; 4]) -> Option<Raster> {
    let image = image::load_from_memory_with_format(bytes, image::ImageFormat::Png)
        .map_err(|e| log::error!("basemap {name}: {e}"))
        .ok()?
        .to_rgba8();
    Some(Raster {
        width: image.width() as usize,
        height: image.height() as usize,
        rgba: image.into_raw(),
        bounds,
    })
}

/// How much a box's own image shows at a point: 1 inside, 0 outside, a smoothstep over the
/// `band` degrees inside each edge, east–west and north–south multiplied (exactly the fade that
/// `build_world.py` bakes into the Caucasus relief).
pub fn box_weight(bounds: [f64; 4], band: f64, lon: f64, lat: f64) -> f64 {
    let [west, south, east, north] = bounds;
    let along = |d: f64| {
        let t = (d / band).clamp(0.0, 1.0);
        t * t * (3.0 - 2.0 * t)
    };
    along((lon - west).min(east - lon)) * along((lat - south).min(north - lat))
}

/// Multiplies the alpha of each pixel by `factor(lon, lat)` of its centre, for the pixels where
/// it is below 1 (only those near the boxes are looked at).
fn scale_alpha(raster: &mut Raster, factor: impl Fn(f64, f64) -> f64) {
    let [west, south, east, north] = raster.bounds;
    let (w, h) = (raster.width, raster.height);
    let (dx, dy) = ((east - west) / w as f64, (north - south) / h as f64);
    for row in 0..h {
        let lat = north - (row as f64 + 0.5) * dy;
        for col in 0..w {
            let f = factor(west + (col as f64 + 0.5) * dx, lat);
            if f >= 1.0 {
                continue;
            }
            if let Some(alpha) = raster.rgba.get_mut((row * w + col) * 4 + 3) {
                *alpha = (f64::from(*alpha) * f.max(0.0)).round() as u8;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_weights_of_the_levels_add_up_to_one_across_the_caucasus_edge() {
        // Along a line from outside the Caucasus box into the region's box, the world level's
        // share plus the finer levels' is 1 everywhere: no gap, no doubling.
        for step in 0..=200 {
            let lon = 37.0 + f64::from(step) * 0.05;
            let lat = 39.5;
            let caucasus = box_weight(CAUCASUS_BOUNDS, CAUCASUS_FADE, lon, lat);
            let region = box_weight(REGION_BOUNDS, REGION_FADE, lon, lat);
            let world = 1.0 - caucasus;
            let total = world + caucasus * (1.0 - region) + region;
            assert!((total - 1.0).abs() < 1e-9, "{lon}: {total}");
        }
        assert_eq!(box_weight(CAUCASUS_BOUNDS, CAUCASUS_FADE, 37.0, 40.0), 0.0);
        assert_eq!(box_weight(CAUCASUS_BOUNDS, CAUCASUS_FADE, 46.0, 40.0), 1.0);
    }

    #[test]
    fn the_relief_decodes_with_its_fades() {
        let rasters = relief_rasters();
        assert_eq!(rasters.len(), 6);
        for r in &rasters {
            assert_eq!(r.rgba.len(), r.width * r.height * 4);
        }
        // The world's shading has no alpha left in the middle of the Caucasus box.
        let world = &rasters[3];
        let [west, _, _, north] = world.bounds;
        let (col, row) = (
            ((46.0 - west) / 0.1) as usize,
            ((north - 40.0) / 0.1) as usize,
        );
        assert_eq!(world.rgba[(row * world.width + col) * 4 + 3], 0);
    }
}
