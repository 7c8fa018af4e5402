//! KML added by the user: each placemark with a usable geometry becomes a feature of one layer,
//! its geometry held to the same checks as GeoJSON's.

use std::sync::Arc;

use geo::Geometry;
use kml::types::Placemark;

use super::foreign::kind_of;
use super::geometry::{InvalidGeometry, to_geo_repairing};
use super::input::InputFile;
use super::layer::unique_layer_id;
use super::model::{Accuracy, Dataset, Feature, Layer, Names, Problem, Properties, bbox_of};
use super::parsed::Keys;
use karabakh_time::Validity;

/// Why a placemark's geometry is not usable.
#[derive(Debug, thiserror::Error)]
enum PlacemarkError {
    #[error("placemark without geometry")]
    NoGeometry,
    #[error("geometry: {0}")]
    NotConvertible(#[from] kml::Error),
    #[error("geometry: {0}")]
    Invalid(#[from] InvalidGeometry),
}

/// Adds the placemarks of a KML file to `dataset`, as a layer of their own.
pub(crate) fn load_kml(file: &InputFile, dataset: &mut Dataset) {
    let path = file.path.as_str();
    let kml: kml::Kml<f64> = match file.text() {
        Ok(text) => match text.parse() {
            Ok(kml) => kml,
            Err(e) => {
                let message = format!("not readable KML: {e}");
                return dataset.problems.push(Problem::of_file(path, message));
            }
        },
        Err(e) => return dataset.problems.push(Problem::of_file(path, e)),
    };
    let mut layer = Placemarks {
        layer: unique_layer_id(dataset, path).into(),
        source: format!("imported from {path}").into(),
        keys: Keys::default(),
    };
    let mut placemarks = Vec::new();
    collect_placemarks(kml, &mut placemarks);
    let mut count = 0;
    for (n, placemark) in placemarks.into_iter().enumerate() {
        let label = placemark
            .name
            .clone()
            .unwrap_or_else(|| format!("{} #{}", layer.layer, n + 1));
        match layer.feature(n, placemark, label.clone()) {
            Ok((feature, repaired)) => {
                if let Some(what) = repaired {
                    let message =
                        format!("{what}; repaired: drawn as the area its outline encloses");
                    dataset
                        .problems
                        .push(Problem::of_feature(path, &label, message));
                }
                count += usize::from(feature.is_some());
                dataset.features.extend(feature);
            }
            Err(e) => dataset.problems.push(Problem::of_feature(path, &label, e)),
        }
    }
    if count == 0 {
        let message = "no placemark with a usable geometry";
        dataset.problems.push(Problem::of_file(path, message));
    }
    dataset.layers.push(Layer {
        id: layer.layer.to_string(),
        title: layer.layer.to_string(),
        path: path.to_owned(),
    });
}

/// What the placemarks of one file share.
struct Placemarks {
    layer: Arc<str>,
    source: Arc<str>,
    keys: Keys,
}

impl Placemarks {
    /// The `n`th placemark as a feature named `label` (none if its geometry has no
    /// coordinates), with what of its geometry was repaired; or why it is not usable.
    fn feature(
        &mut self,
        n: usize,
        placemark: Placemark<f64>,
        label: String,
    ) -> Result<(Option<Feature>, Option<InvalidGeometry>), PlacemarkError> {
        let kml_geometry = placemark.geometry.ok_or(PlacemarkError::NoGeometry)?;
        // The same checks as GeoJSON: finite, in range, rings closed (and turned the way fills
        // expect); rings that cross are repaired, as in imported GeoJSON.
        let geometry = Geometry::try_from(kml_geometry)?;
        let (geometry, repaired) = to_geo_repairing(&geojson::Geometry::from(&geometry).value)?;
        let Some(bbox) = bbox_of(&geometry) else {
            return Ok((None, repaired));
        };
        let keys = &mut self.keys;
        let feature = Feature {
            id: format!("{}:{}", self.layer, n + 1),
            layer: self.layer.clone(),
            kind: kind_of(&geometry),
            names: Names {
                display: label,
                usages: None,
            },
            validity: Validity::ALWAYS,
            date_note: None,
            description: placemark.description,
            excerpts: Vec::new(),
            source: self.source.clone(),
            accuracy: Accuracy::Unstated,
            geometry,
            bbox,
            control: None,
            country: None,
            extra: Properties::new(
                placemark
                    .attrs
                    .into_iter()
                    .map(|(k, v)| (keys.get(&k), v))
                    .collect(),
            ),
        };
        Ok((Some(feature), repaired))
    }
}

fn collect_placemarks(kml: kml::Kml<f64>, out: &mut Vec<Placemark<f64>>) {
    match kml {
        kml::Kml::KmlDocument(d) => d
            .elements
            .into_iter()
            .for_each(|k| collect_placemarks(k, out)),
        kml::Kml::Document { elements, .. } => elements
            .into_iter()
            .for_each(|k| collect_placemarks(k, out)),
        kml::Kml::Folder(f) => f
            .elements
            .into_iter()
            .for_each(|k| collect_placemarks(k, out)),
        kml::Kml::Placemark(p) => out.push(p),
        _ => {}
    }
}
