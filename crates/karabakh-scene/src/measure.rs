//! Measuring on the map: the ruler's legs on the ellipsoid and distances as a reader writes them.

/// The geodesic length of each leg between successive (lon, lat) points, in km.
pub fn ruler_legs(points: &[(f64, f64)]) -> Vec<f64> {
    use geo::{Distance, Geodesic, Point};
    points
        .windows(2)
        .map(|w| Geodesic.distance(Point::new(w[0].0, w[0].1), Point::new(w[1].0, w[1].1)) / 1000.0)
        .collect()
}

/// A distance in km as a reader writes it: "850 m", "12.4 km", "231 km".
pub fn format_km(km: f64) -> String {
    if km < 1.0 {
        format!("{:.0} m", km * 1000.0)
    } else if km < 100.0 {
        format!("{km:.1} km")
    } else {
        format!("{km:.0} km")
    }
}
