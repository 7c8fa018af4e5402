//! The offline basemap covers whatever the view shows: the world's land and lakes at overview
//! zooms, and relief on the land in every corner of a picture around Karabakh. Measured on the
//! exporter's pictures (what `render` writes), pixel by pixel.

use std::sync::OnceLock;

use geo::{Contains, Point};
use karabakh_atlas::data::{self, Dataset, basemap::Basemap};
use karabakh_atlas::export::svg;
use karabakh_atlas::scene::slide::Slide;
use karabakh_atlas::scene::{self, Prepared, SceneInputs, View};

fn data() -> &'static (Dataset, Prepared, Basemap) {
    static DATA: OnceLock<(Dataset, Prepared, Basemap)> = OnceLock::new();
    DATA.get_or_init(|| {
        let dataset = data::load_embedded();
        let basemap = Basemap::embedded();
        let prepared = Prepared::new(&dataset, &basemap);
        (dataset, prepared, basemap)
    })
}

/// The map of `view` as the exporter draws it, without the slide's boxes (they cover corners
/// on purpose), and with or without the relief; the dossier's layers left out, so that only
/// the basemap is measured.
fn picture(view: View, relief: bool) -> image::RgbImage {
    let (dataset, prepared, _) = data();
    let mut inputs = SceneInputs::new(view);
    inputs.relief = relief;
    inputs.hidden_layers = dataset.layers.iter().map(|l| l.id.clone()).collect();
    let scene = scene::build(dataset, prepared, &inputs);
    let svg = svg::to_svg(&scene, &Slide::default(), &prepared.rasters, "test");
    let png = svg::svg_to_png(&svg, 1.0).expect("renders");
    if let Some(dir) = std::env::var_os("BASEMAP_TEST_PICTURES") {
        // For looking at what the test measures.
        let name = format!("z{}-{:.2}-{relief}.png", view.zoom, view.center.x);
        let _ = std::fs::write(std::path::Path::new(&dir).join(name), &png);
    }
    image::load_from_memory(&png).expect("a PNG").to_rgb8()
}

/// Whether the basemap has land (not a lake, not the sea) at a point.
fn is_land(lon: f64, lat: f64) -> bool {
    let (_, _, basemap) = data();
    let p = Point::new(lon, lat);
    basemap.countries.iter().any(|(_, m)| m.contains(&p))
        && !basemap.lakes.iter().any(|(_, m)| m.contains(&p))
}

/// The most opaque pixel of the relief data (any level, tint or shading) within 0.05° of a
/// point: 0 where the ground is flat at sea level (the relief is drawn there, but shows nothing).
fn relief_data_near(lon: f64, lat: f64) -> u8 {
    let (_, _, basemap) = data();
    let mut most = 0;
    for raster in &basemap.relief {
        let [west, south, east, north] = raster.bounds;
        for (dx, dy) in [
            (-0.05, -0.05),
            (0.0, 0.0),
            (0.05, 0.05),
            (-0.05, 0.05),
            (0.05, -0.05),
        ] {
            let (x, y) = (lon + dx, lat + dy);
            if !(west..east).contains(&x) || !(south..north).contains(&y) {
                continue;
            }
            let col = ((x - west) / (east - west) * raster.width as f64) as usize;
            let row = ((north - y) / (north - south) * raster.height as f64) as usize;
            let alpha = raster.rgba.get((row * raster.width + col) * 4 + 3);
            most = most.max(alpha.copied().unwrap_or(0));
        }
    }
    most
}

/// Mean absolute difference of two pictures over a square patch, per channel.
fn difference(a: &image::RgbImage, b: &image::RgbImage, x0: u32, y0: u32, side: u32) -> f64 {
    let mut sum = 0u64;
    for y in y0..y0 + side {
        for x in x0..x0 + side {
            let (p, q) = (a.get_pixel(x, y).0, b.get_pixel(x, y).0);
            sum += (0..3).map(|c| u64::from(p[c].abs_diff(q[c]))).sum::<u64>();
        }
    }
    sum as f64 / f64::from(side * side * 3)
}

/// Spread of the luminance over a square patch (standard deviation).
fn texture(image: &image::RgbImage, x0: u32, y0: u32, side: u32) -> f64 {
    let values: Vec<f64> = (y0..y0 + side)
        .flat_map(|y| (x0..x0 + side).map(move |x| (x, y)))
        .map(|(x, y)| {
            let [r, g, b] = image.get_pixel(x, y).0;
            0.3 * f64::from(r) + 0.59 * f64::from(g) + 0.11 * f64::from(b)
        })
        .collect();
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / values.len() as f64).sqrt()
}

const STEPANAKERT: (f64, f64) = (46.7528, 39.8177);

#[test]
fn relief_reaches_every_corner_of_the_land_within_150_km_of_stepanakert() {
    const SIDE: u32 = 48;
    let (width, height) = (800u32, 600u32);
    // Stepanakert, and points 150 km away to the north, south, west and east, and 100 km to
    // the north-west and south-east.
    let (lon0, lat0) = STEPANAKERT;
    let centres = [
        (lon0, lat0),
        (lon0, lat0 + 1.35),
        (lon0, lat0 - 1.35),
        (lon0 - 1.75, lat0),
        (lon0 + 1.75, lat0),
        (lon0 - 0.8, lat0 + 0.65),
        (lon0 + 0.8, lat0 - 0.65),
    ];
    let (mut land_corners, mut flat_corners) = (0, 0);
    for zoom in [8.0, 9.0, 10.0] {
        for (lon, lat) in centres {
            let view = View::new(lon, lat, zoom, width as f32, height as f32);
            let (with, without) = (picture(view, true), picture(view, false));
            let corners = [
                (0, 0),
                (width - SIDE, 0),
                (0, height - SIDE),
                (width - SIDE, height - SIDE),
            ];
            for (x, y) in corners {
                let half = (SIDE / 2) as f32;
                let (plon, plat) = view.lon_lat_from_screen([x as f32 + half, y as f32 + half]);
                if !is_land(plon, plat) {
                    continue;
                }
                land_corners += 1;
                if relief_data_near(plon, plat) < 8 {
                    // The Kura–Aras lowland: flat, at sea level; nothing to shade.
                    flat_corners += 1;
                    continue;
                }
                let change = difference(&with, &without, x, y, SIDE);
                let spread = texture(&with, x, y, SIDE);
                assert!(
                    change > 0.5 && (spread > 1.0 || change > 3.0),
                    "zoom {zoom}, centre {lon:.2},{lat:.2}: the corner at {plon:.2},{plat:.2} \
                     shows no relief (differs from bare land by {change:.2}, texture {spread:.2})"
                );
            }
        }
    }
    assert!(land_corners >= 70, "only {land_corners} corners on land");
    assert!(
        flat_corners * 5 <= land_corners,
        "{flat_corners} of {land_corners} corners without relief data"
    );
}

#[test]
fn at_zoom_6_the_countries_around_are_land_and_the_caspian_is_water() {
    let view = View::new(44.0, 40.0, 6.0, 1600.0, 1000.0);
    let image = picture(view, true);
    let pixel = |lon: f64, lat: f64| {
        let [x, y] = view.screen_from_lon_lat(lon, lat);
        image.get_pixel(x as u32, y as u32).0
    };
    let water = karabakh_atlas::scene::style::LIGHT.water.to_array();
    let sea = karabakh_atlas::scene::style::LIGHT.sea.to_array();
    let near = |c: [u8; 3], to: [u8; 4]| (0..3).all(|i| c[i].abs_diff(to[i]) <= 6);
    let places = [
        ("Turkey (Ankara)", 32.9, 39.9),
        ("Turkey (Erzurum)", 41.3, 39.9),
        ("Iran (Tehran)", 51.4, 35.7),
        ("Iran (Isfahan)", 51.7, 32.7),
        ("Georgia (Tbilisi)", 44.8, 41.7),
        ("Russia (Krasnodar)", 39.0, 45.0),
        ("Russia (Volgograd)", 44.5, 48.7),
        ("Kazakhstan", 55.0, 47.0),
        ("Syria", 38.5, 35.0),
    ];
    for (name, lon, lat) in places {
        let c = pixel(lon, lat);
        assert!(
            !near(c, water) && !near(c, sea) && i32::from(c[2]) <= i32::from(c[0]) + 8,
            "{name} at {lon},{lat} is not drawn as land: {c:?}"
        );
    }
    for (name, lon, lat) in [
        ("the Caspian, south", 51.0, 38.0),
        ("the Caspian, middle", 50.5, 41.5),
        ("the Caspian, north (outside the detail box)", 50.0, 45.3),
        ("the Caspian, east (outside the detail box)", 52.4, 40.5),
        ("Lake Van", 42.9, 38.6),
        ("Lake Urmia", 45.5, 37.7),
    ] {
        let c = pixel(lon, lat);
        assert!(near(c, water), "{name} at {lon},{lat} is not water: {c:?}");
    }
    // And the Black Sea is sea.
    assert!(near(pixel(35.0, 43.0), sea), "{:?}", pixel(35.0, 43.0));
}
