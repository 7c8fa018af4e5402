//! What the viewer says about one feature: the tooltip on hover and the side panel on selection.

use egui::RichText;

use crate::state::UiState;
use karabakh_data::cite;
use karabakh_data::query::{self, Found};
use karabakh_data::{Accuracy, Dataset, Feature, Holder, ShownNames};
use karabakh_time::Day;

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

/// "Area of control · held by Armenian forces, Russian peacekeepers deployed".
fn kind_text(feature: &Feature) -> String {
    match feature.control {
        Some(control) if control.peacekeepers => format!(
            "{} · held by {}, Russian peacekeepers deployed",
            feature.kind.label(),
            control.held_by.label()
        ),
        Some(control) => format!(
            "{} · held by {}",
            feature.kind.label(),
            control.held_by.label()
        ),
        None => feature.kind.label().to_owned(),
    }
}

/// The hover tooltip: names, kind, dates, accuracy. `index` is the feature's in the dataset,
/// for the naming rule.
pub fn tooltip_ui(ui: &mut egui::Ui, index: usize, feature: &Feature, names: &ShownNames) {
    ui.set_max_width(360.0);
    ui.label(RichText::new(names.of(index, feature)).strong().size(15.0));
    ui.label(format!(
        "{} · {}",
        kind_text(feature),
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
    /// What is at the place clicked last, and for which place, day and data: asked once, not
    /// every frame.
    here: Option<(Here, Vec<Found>, Option<Holder>)>,
}

/// What the user picked in the panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Picked {
    /// A feature to select (its index in the dataset).
    Feature(usize),
    /// Back to what is at the place clicked.
    Place,
    /// *Cite…*: the selection's sources for a reference manager.
    Cite,
}

/// A question to the data: what is at (lon, lat) on a day, of which revision of the data.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Here {
    at: (f64, f64),
    day: Option<Day>,
    revision: u64,
}

/// A line's geodesic length or an area's size, as a reader wants it: "63.6 km", "4,282 km²".
pub fn measure(feature: &Feature) -> Option<String> {
    use geo::{Geodesic, GeodesicArea, Geometry, Length};
    let km = |m: f64| karabakh_scene::measure::format_km(m / 1000.0);
    match &feature.geometry {
        Geometry::LineString(l) => Some(format!("length {}", km(Geodesic.length(l)))),
        Geometry::MultiLineString(m) => Some(format!("length {}", km(Geodesic.length(m)))),
        g @ (Geometry::Polygon(_) | Geometry::MultiPolygon(_)) => {
            let km2 = g.geodesic_area_unsigned() / 1e6;
            Some(format!(
                "area {} km²",
                karabakh_scene::compare::thousands(km2)
            ))
        }
        _ => None,
    }
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

    /// The areas at `at` on `day`, asked of the data only when the question changes.
    fn here_cached(&mut self, dataset: &Dataset, question: Here) -> (&[Found], Option<Holder>) {
        if self.here.as_ref().is_none_or(|(q, _, _)| *q != question) {
            let point = geo::Point::new(question.at.0, question.at.1);
            let found = query::areas_at(dataset, point, question.day);
            let holder = question
                .day
                .and_then(|day| dataset.administration().holder_at(dataset, point, day));
            self.here = Some((question, found, holder));
        }
        match &self.here {
            Some((_, found, holder)) => (found.as_slice(), *holder),
            None => (&[], None),
        }
    }

    /// What is at the place clicked: the areas that contain it on the day shown, the most
    /// specific first, each with who held it, its dates, accuracy and source; a click on one
    /// selects it (returned).
    fn here_ui(
        &mut self,
        ui: &mut egui::Ui,
        dataset: &Dataset,
        revision: u64,
        state: &UiState,
        (lon, lat): (f64, f64),
    ) -> Option<Picked> {
        let day = state.shown_day();
        let names = dataset.names_on(state.names, day);
        let (found, holder) = self.here_cached(
            dataset,
            Here {
                at: (lon, lat),
                day,
                revision,
            },
        );
        let when = day.map_or_else(|| "on any date".to_owned(), |d| format!("on {d}"));
        ui.heading(format!("At {lat:.4}, {lon:.4} {when}"));
        ui.label(
            RichText::new(format!("{lat:.5}° N, {lon:.5}° E"))
                .small()
                .weak(),
        );
        if day.is_some() {
            ui.label(format!(
                "Held by: {}",
                query::held_by_text(dataset, holder, &names)
            ));
        }
        ui.add_space(4.0);
        if found.is_empty() {
            ui.label("No area of the dossier contains this point on this date.");
            return None;
        }
        let mut picked = None;
        for &Found { index, .. } in found {
            let Some(feature) = dataset.features.get(index) else {
                continue;
            };
            ui.group(|ui| {
                ui.set_width(ui.available_width());
                if ui
                    .link(RichText::new(names.of(index, feature)).strong())
                    .on_hover_text("Select it")
                    .clicked()
                {
                    picked = Some(Picked::Feature(index));
                }
                ui.label(format!(
                    "{} · {}",
                    kind_text(feature),
                    feature.validity.label()
                ));
                ui.label(RichText::new(accuracy_text(&feature.accuracy)).small());
                ui.label(
                    RichText::new(format!("Source: {}", feature.source))
                        .small()
                        .weak(),
                );
            });
        }
        picked
    }

    /// Shows the first selected feature, or else what is at the place last clicked; returns a
    /// feature the user picked (among the selected, or among the areas of the place).
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        dataset: &Dataset,
        revision: u64,
        state: &UiState,
    ) -> Option<Picked> {
        let Some(feature) = state.primary().and_then(|id| dataset.feature(id)) else {
            if let Some(at) = state.here {
                return self.here_ui(ui, dataset, revision, state, at);
            }
            ui.heading("Details");
            ui.label(
                "Click a thing on the map to see what it is, when it held, where its shape \
                 comes from and what the documents say of it; click elsewhere on the map to \
                 see which areas hold that place on the date.",
            );
            return None;
        };
        let mut picked = selection_ui(ui, dataset, state, feature);
        let names = dataset.names_on(state.names, state.shown_day());
        let index = dataset.feature_index(&feature.id).unwrap_or(usize::MAX);
        ui.horizontal_wrapped(|ui| {
            ui.heading(names.of(index, feature));
            if ui
                .small_button("Cite…")
                .on_hover_text("The sources of the selection as CSL-JSON or BibTeX")
                .clicked()
            {
                picked = Some(Picked::Cite);
            }
        });
        if let Some(names) = other_names(feature) {
            ui.label(RichText::new(names).italics());
        }
        // The passages are the point of the panel: they come first, whole.
        excerpts_ui(ui, dataset, feature);
        ui.add_space(6.0);
        self.facts_ui(ui, feature);
        if !feature.extra.is_empty() {
            ui.add_space(6.0);
            for (key, value) in &feature.extra {
                ui.label(RichText::new(format!("{key}: {value}")).small().weak());
            }
        }
        picked
    }

    /// Kind, dates, accuracy, layer and size; the note on the date, the description and where
    /// the geometry comes from.
    fn facts_ui(&mut self, ui: &mut egui::Ui, feature: &Feature) {
        for (key, value) in [
            ("Kind", kind_text(feature)),
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
        sources_ui(ui, &feature.source);
    }
}

/// The works a feature's source names, one a line, each role (`position`, `dates`) once.
fn sources_ui(ui: &mut egui::Ui, source: &str) {
    ui.label(RichText::new("Sources").weak());
    let mut role = None;
    for part in cite::source_parts(source) {
        let line = match part.role {
            Some(named) if part.role != role => format!("{named}: {}", part.work),
            _ => part.work.to_owned(),
        };
        role = part.role;
        ui.label(RichText::new(line).small());
    }
}

/// Over the details: back to the place clicked, and the others selected with this one; the
/// one the user picked.
fn selection_ui(
    ui: &mut egui::Ui,
    dataset: &Dataset,
    state: &UiState,
    shown: &Feature,
) -> Option<Picked> {
    let mut picked = None;
    if let Some((lon, lat)) = state.here
        && ui
            .link(format!("Back to what is at {lat:.4}, {lon:.4}"))
            .on_hover_text("Back to the areas at the place clicked")
            .clicked()
    {
        picked = Some(Picked::Place);
    }
    let selected = state.selected.as_slice();
    if selected.len() > 1 {
        ui.label(RichText::new(format!("{} selected:", selected.len())).weak());
        ui.horizontal_wrapped(|ui| {
            for id in selected {
                if let Some(index) = dataset.feature_index(id) {
                    let name = dataset.name_of(index, state.names, state.shown_day());
                    if ui.selectable_label(id == &shown.id, name).clicked() {
                        picked = Some(Picked::Feature(index));
                    }
                }
            }
        });
        ui.separator();
    }
    picked
}

/// The excerpts of the documents that speak of the feature, each with its document and
/// paragraph.
fn excerpts_ui(ui: &mut egui::Ui, dataset: &Dataset, feature: &Feature) {
    if feature.excerpts.is_empty() {
        return;
    }
    ui.add_space(4.0);
    ui.label(RichText::new(format!("In the documents ({})", feature.excerpts.len())).strong());
    for link in &feature.excerpts {
        let title = dataset
            .document(&link.doc)
            .map_or(link.doc.as_str(), |d| d.meta.title.as_str());
        // A frame as wide as the panel, its text wrapped: a quote is read whole, however long.
        egui::Frame::group(ui.style())
            .inner_margin(egui::Margin::symmetric(8, 6))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.add(
                    egui::Label::new(RichText::new(format!("“{}”", link.quote)).italics()).wrap(),
                );
                ui.add(
                    egui::Label::new(
                        RichText::new(format!("— {title}, paragraph {}", link.paragraph + 1))
                            .small()
                            .weak(),
                    )
                    .wrap(),
                );
            });
    }
}
