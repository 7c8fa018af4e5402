//! A large, reproducible GeoJSON layer for measuring: wandering lines, lake-like polygons and
//! scattered points over the region, from a fixed seed. `cargo run --release --example
//! large_layer -- OUT.geojson [VERTICES]` writes one; the benchmarks and tests build their own.

use std::fmt::Write as _;

/// A small deterministic generator (SplitMix64): the same seed gives the same layer anywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// About `vertices` vertices: 70 % in lines of 2,000 vertices, 25 % in polygons of 500, the rest
/// points. Coordinates fall in lon 44–48, lat 38.5–41.5.
pub fn large_layer_geojson(vertices: usize, seed: u64) -> String {
    let mut rng = Rng(seed);
    let mut out = String::with_capacity(vertices * 24 + 1024);
    out.push_str(r#"{"type":"FeatureCollection","name":"synthetic","features":["#);
    let mut first = true;
    let mut feature = |out: &mut String, props: &str, geometry: &str| {
        if !first {
            out.push(',');
        }
        first = false;
        let _ = write!(
            out,
            r#"{{"type":"Feature","properties":{{{props}}},"geometry":{geometry}}}"#
        );
    };
    let lines = vertices * 7 / 10 / 2000;
    for n in 0..lines {
        let (mut x, mut y) = (44.0 + rng.next() * 4.0, 38.5 + rng.next() * 3.0);
        let mut heading = rng.next() * std::f64::consts::TAU;
        let mut coords = String::with_capacity(2000 * 22);
        for i in 0..2000 {
            heading += (rng.next() - 0.5) * 0.25;
            x = (x + heading.cos() * 0.0008).clamp(44.0, 48.0);
            y = (y + heading.sin() * 0.0008).clamp(38.5, 41.5);
            let _ = write!(coords, "{}[{x:.6},{y:.6}]", if i > 0 { "," } else { "" });
        }
        feature(
            &mut out,
            &format!(r#""name":"Line {n}","kind_hint":"road""#),
            &format!(r#"{{"type":"LineString","coordinates":[{coords}]}}"#),
        );
    }
    let polygons = vertices / 4 / 500;
    for n in 0..polygons {
        let (cx, cy) = (44.2 + rng.next() * 3.6, 38.7 + rng.next() * 2.6);
        let radius = 0.02 + rng.next() * 0.06;
        let mut wobble = 1.0;
        let mut ring: Vec<(f64, f64)> = (0..500)
            .map(|i| {
                wobble = (wobble + (rng.next() - 0.5) * 0.04).clamp(0.7, 1.3);
                let a = i as f64 / 500.0 * std::f64::consts::TAU;
                (
                    cx + a.cos() * radius * wobble,
                    cy + a.sin() * radius * wobble * 0.8,
                )
            })
            .collect();
        ring.push(ring[0]);
        let closed: Vec<String> = ring
            .iter()
            .map(|(x, y)| format!("[{x:.6},{y:.6}]"))
            .collect();
        let closed = closed.join(",");
        feature(
            &mut out,
            &format!(r#""name":"Area {n}""#),
            &format!(r#"{{"type":"Polygon","coordinates":[[{closed}]]}}"#),
        );
    }
    let points = vertices / 20;
    for n in 0..points {
        let (x, y) = (44.0 + rng.next() * 4.0, 38.5 + rng.next() * 3.0);
        feature(
            &mut out,
            &format!(r#""name":"Point {n}","value":{}"#, n % 97),
            &format!(r#"{{"type":"Point","coordinates":[{x:.6},{y:.6}]}}"#),
        );
    }
    out.push_str("]}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layer_is_reproducible_and_loads_clean() {
        let a = large_layer_geojson(20_000, 7);
        assert_eq!(a, large_layer_geojson(20_000, 7));
        assert_ne!(a, large_layer_geojson(20_000, 8));
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("synthetic.geojson");
        std::fs::write(&path, &a).expect("write");
        let added = crate::import::load_files(&[path], &crate::Dataset::default());
        assert!(
            added.problems.is_empty(),
            "{:#?}",
            &added.problems[..added.problems.len().min(3)]
        );
        assert!(added.features.len() > 1000);
    }
}
