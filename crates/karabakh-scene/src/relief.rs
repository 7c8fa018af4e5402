//! The relief images in a scene: for each, a mesh over just the part of it in view (the world's
//! image spans 360° by 145°), with rows close enough that the Mercator stretch between them is
//! under a pixel, and the whole relief faded out at close zooms, where the 1 km grid is a blur.

use emath::{Rect, pos2};

use karabakh_data::basemap::Raster;

use crate::shape::RasterShape;
use crate::view::{View, World};

/// The relief is fully shown up to this zoom ...
const FADE_FROM_ZOOM: f64 = 11.0;
/// ... and gone from this one: at zoom 12.5 a cell of the 30″ grid is 40 pixels wide.
const FADE_TO_ZOOM: f64 = 12.5;
/// At most this many screen pixels between the rows of a mesh.
const ROW_PIXELS: f64 = 16.0;

/// How much of the relief shows at `zoom`: 1 up to zoom 11, easing to 0 at 12.5.
pub fn relief_opacity(zoom: f64) -> f32 {
    let t = ((zoom - FADE_FROM_ZOOM) / (FADE_TO_ZOOM - FADE_FROM_ZOOM)).clamp(0.0, 1.0);
    (1.0 - t * t * (3.0 - 2.0 * t)) as f32
}

/// The part of `raster` (the `index`th image) that `extent` shows, on a mesh in `view`'s
/// screen pixels; `None` when none of it is in view. The part's edges fall on the image's pixel
/// edges, so an exporter can cut exactly those pixels out (see [`RasterShape::pixels`]).
pub(crate) fn raster_in_view(
    raster: &Raster,
    index: usize,
    view: &View,
    extent: Rect,
    opacity: f32,
) -> Option<RasterShape> {
    let [west, south, east, north] = raster.bounds;
    let (w, h) = (raster.width as f64, raster.height as f64);
    let (a, b) = (
        view.world_from_screen([extent.min.x, extent.min.y]),
        view.world_from_screen([extent.max.x, extent.max.y]),
    );
    let ((lon0, lat1), (lon1, lat0)) = (a.to_lon_lat(), b.to_lon_lat());
    // The pixel columns and rows in view, one more on each side for the linear filter.
    let col0 = (((lon0 - west) / (east - west) * w).floor() - 1.0).clamp(0.0, w);
    let col1 = (((lon1 - west) / (east - west) * w).ceil() + 1.0).clamp(0.0, w);
    let row0 = (((north - lat1) / (north - south) * h).floor() - 1.0).clamp(0.0, h);
    let row1 = (((north - lat0) / (north - south) * h).ceil() + 1.0).clamp(0.0, h);
    if col1 <= col0 || row1 <= row0 {
        return None;
    }
    let lon_at = |col: f64| west + col / w * (east - west);
    let lat_at = |row: f64| north - row / h * (north - south);
    let top = view.screen_from_lon_lat(lon_at(col0), lat_at(row0))[1];
    let bottom = view.screen_from_lon_lat(lon_at(col0), lat_at(row1))[1];
    let rows = ((f64::from(bottom - top) / ROW_PIXELS).ceil() as usize).clamp(1, 2048);
    let mut vertices = Vec::with_capacity((rows + 1) * 2);
    for r in 0..=rows {
        let row = row0 + (row1 - row0) * r as f64 / rows as f64;
        for col in [col0, col1] {
            let [x, y] = view.screen_from_world(World::from_lon_lat(lon_at(col), lat_at(row)));
            vertices.push((pos2(x, y), [(col / w) as f32, (row / h) as f32]));
        }
    }
    let indices = (0..rows as u32)
        .flat_map(|r| {
            let i = r * 2;
            [i, i + 1, i + 2, i + 1, i + 3, i + 2]
        })
        .collect();
    Some(RasterShape {
        raster: index,
        vertices,
        indices,
        opacity,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn world_raster() -> Raster {
        Raster {
            width: 3600,
            height: 1450,
            rgba: Vec::new(),
            bounds: [-180.0, -60.0, 180.0, 85.0],
        }
    }

    #[test]
    fn the_relief_fades_out_between_zoom_11_and_12_5() {
        assert_eq!(relief_opacity(8.0), 1.0);
        assert_eq!(relief_opacity(11.0), 1.0);
        assert!((0.3..0.7).contains(&relief_opacity(11.75)));
        assert_eq!(relief_opacity(12.5), 0.0);
        assert_eq!(relief_opacity(16.0), 0.0);
    }

    #[test]
    fn the_mesh_covers_the_view_and_only_a_little_more() {
        let view = View::new(46.75, 39.8, 9.0, 1600.0, 1000.0);
        let shape =
            raster_in_view(&world_raster(), 0, &view, view.screen_rect(), 1.0).expect("in view");
        let (first, last) = (shape.vertices[0], shape.vertices[shape.vertices.len() - 1]);
        assert!(first.0.x <= 0.0 && first.0.y <= 0.0, "{first:?}");
        assert!(last.0.x >= 1600.0 && last.0.y >= 1000.0, "{last:?}");
        // Two pixels of 0.1° either side at most: at zoom 9 one is about 36 screen pixels.
        assert!(first.0.x > -80.0 && last.0.x < 1680.0, "{first:?} {last:?}");
        // Rows no more than 16 px apart, so the Mercator stretch between them is invisible.
        let ys: Vec<f32> = shape.vertices.iter().step_by(2).map(|v| v.0.y).collect();
        assert!(ys.windows(2).all(|w| w[1] - w[0] <= 16.5), "{ys:?}");
        let [col0, row0, col1, row1] = shape.pixels(3600, 1450);
        assert!(
            col1 - col0 < 60 && row1 - row0 < 40,
            "{col0} {row0} {col1} {row1}"
        );
    }

    #[test]
    fn nothing_of_an_image_out_of_view() {
        let view = View::new(46.75, 39.8, 9.0, 1600.0, 1000.0);
        let raster = Raster {
            bounds: [10.0, 10.0, 12.0, 12.0],
            ..world_raster()
        };
        assert!(raster_in_view(&raster, 0, &view, view.screen_rect(), 1.0).is_none());
    }
}
