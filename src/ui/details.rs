//! What the viewer says about one feature: the tooltip on hover and the side panel on selection.

use egui::RichText;

use crate::data::{Accuracy, Dataset, Feature};

/// Both usages and the native spellings, where the data has them.
fn other_names(feature: &Feature) -> Option<String> {
    let n = &feature.names;
    let parts: Vec<String> = [
        n.hy().map(|s| format!("Armenian usage: {s}")),
        n.az().map(|s| format!("Azerbaijani usage: {s}")),
        n.hy_native()
            .as_ref()
            .map(|s| format!("Armenian script: {s}")),
        n.az_native().map(|s| format!("Azerbaijani: {s}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

fn accuracy_text(accuracy: &Accuracy) -> String {
    match accuracy {
        Accuracy::Approximate { reason } => format!("approximate: {reason}"),
        other => other.label().to_owned(),
    }
}

/// The hover tooltip: names, kind, dates, accuracy.
pub fn tooltip_ui(ui: &mut egui::Ui, feature: &Feature, names: crate::data::NameStyle) {
    ui.set_max_width(360.0);
    ui.label(
        RichText::new(feature.names.shown(names))
            .strong()
            .size(15.0),
    );
    ui.label(format!(
        "{} · {}",
        feature.kind.label(),
        feature.validity.label()
    ));
    ui.label(RichText::new(accuracy_text(&feature.accuracy)).small());
    // Imported material carries its own properties: show them, as the file has them.
    if feature.accuracy == Accuracy::Unstated {
        for (key, value) in feature.extra.iter().take(8) {
            ui.label(RichText::new(format!("{key}: {value}")).small());
        }
        if feature.extra.len() > 8 {
            ui.label(
                RichText::new(format!(
                    "… {} more in the details panel",
                    feature.extra.len() - 8
                ))
                .small()
                .weak(),
            );
        }
    }
}

#[derive(Default)]
pub struct DetailsPanel {
    /// The measure of the last feature shown: geodesic sums over many vertices are worth keeping.
    measured: Option<(String, Option<String>)>,
}

/// A line's geodesic length or an area's size, as a reader wants it: "63.6 km", "4,282 km²".
pub fn measure(feature: &Feature) -> Option<String> {
    use geo::{Geodesic, GeodesicArea, Geometry, Length};
    let km = |m: f64| crate::map::format_km(m / 1000.0);
    match &feature.geometry {
        Geometry::LineString(l) => Some(format!("length {}", km(Geodesic.length(l)))),
        Geometry::MultiLineString(m) => Some(format!("length {}", km(Geodesic.length(m)))),
        g @ (Geometry::Polygon(_) | Geometry::MultiPolygon(_)) => {
            let km2 = g.geodesic_area_unsigned() / 1e6;
            Some(format!("area {} km²", thousands(km2)))
        }
        _ => None,
    }
}

/// 4282.4 → "4,282".
fn thousands(value: f64) -> String {
    let digits = format!("{:.0}", value.max(0.0));
    let mut out = String::new();
    for (n, c) in digits.chars().enumerate() {
        if n > 0 && (digits.len() - n) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl DetailsPanel {
    fn measure_cached(&mut self, feature: &Feature) -> Option<String> {
        if self
            .measured
            .as_ref()
            .is_none_or(|(id, _)| id != &feature.id)
        {
            self.measured = Some((feature.id.clone(), measure(feature)));
        }
        self.measured.as_ref().and_then(|(_, m)| m.clone())
    }

    /// Shows the first selected feature; returns a feature the user picked among the others.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        dataset: &Dataset,
        selected: &[String],
        names: crate::data::NameStyle,
    ) -> Option<usize> {
        let Some(feature) = selected.first().and_then(|id| dataset.feature(id)) else {
            ui.heading("Details");
            ui.label("Click a thing on the map to see what it is, when it held, where its shape comes from and what the documents say of it.");
            return None;
        };
        let mut picked = None;
        if selected.len() > 1 {
            ui.label(RichText::new(format!("{} selected:", selected.len())).weak());
            ui.horizontal_wrapped(|ui| {
                for id in selected {
                    if let Some(index) = dataset.feature_index(id) {
                        let name = dataset.features[index].names.shown(names);
                        if ui.selectable_label(id == &feature.id, name).clicked() {
                            picked = Some(index);
                        }
                    }
                }
            });
            ui.separator();
        }
        ui.heading(feature.names.shown(names));
        if let Some(names) = other_names(feature) {
            ui.label(RichText::new(names).italics());
        }
        ui.add_space(4.0);
        for (key, value) in [
            ("Kind", feature.kind.label().to_owned()),
            ("Dates", feature.validity.label()),
            ("Accuracy", accuracy_text(&feature.accuracy)),
            ("Layer", feature.layer.to_string()),
            (
                "Size",
                self.measure_cached(feature)
                    .unwrap_or_else(|| "a point".to_owned()),
            ),
        ] {
            // Wrapping rows rather than a grid: a grid cell does not wrap and would widen the panel.
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(key).weak());
                ui.label(value);
            });
        }
        if let Some(note) = &feature.date_note {
            ui.label(RichText::new(format!("On the date: {note}")).small());
        }
        if let Some(description) = &feature.description {
            ui.add_space(6.0);
            ui.label(description);
        }
        ui.add_space(6.0);
        ui.label(RichText::new("Source of the geometry").weak());
        ui.label(RichText::new(feature.source.as_ref()).small());
        if !feature.excerpts.is_empty() {
            ui.add_space(8.0);
            ui.label(
                RichText::new(format!("In the documents ({})", feature.excerpts.len())).strong(),
            );
            for link in &feature.excerpts {
                let title = dataset
                    .document(&link.doc)
                    .map_or(link.doc.as_str(), |d| d.meta.title.as_str());
                ui.group(|ui| {
                    ui.label(RichText::new(format!("“{}”", link.quote)).italics());
                    ui.label(
                        RichText::new(format!("— {title}, paragraph {}", link.paragraph + 1))
                            .small()
                            .weak(),
                    );
                });
            }
        }
        if !feature.extra.is_empty() {
            ui.add_space(6.0);
            for (key, value) in &feature.extra {
                ui.label(RichText::new(format!("{key}: {value}")).small().weak());
            }
        }
        picked
    }
}
