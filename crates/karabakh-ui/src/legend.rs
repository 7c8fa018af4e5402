//! The legend, which is also the layer switch: each layer with its symbols, names and counts.

use egui::{Pos2, Sense, Stroke, vec2};

use crate::state::UiState;
use karabakh_data::{Control, Dataset, Kind};
use karabakh_map::paint::paint_marker;
use karabakh_map::tiles::TileSource;
use karabakh_scene::style::{
    FeatureStyle, Marker, Symbol, control_style, dash_pattern, kind_style,
};

/// What the legend says of each layer: its kinds, how many of each and whether any is
/// approximate. Made once per dataset, not every frame (a layer can hold a million things).
#[derive(Clone, Debug, Default)]
struct LayerSummary {
    total: usize,
    /// (kind, who held it for areas of control, how many, any approximate), by kind and side.
    kinds: Vec<(Kind, Option<Control>, usize, bool)>,
}

#[derive(Default)]
pub struct LegendPanel {
    /// The summary, and the revision of the dataset it is of.
    summary: Option<(u64, Vec<LayerSummary>)>,
}

fn summarise(dataset: &Dataset) -> Vec<LayerSummary> {
    let position: std::collections::HashMap<&str, usize> = dataset
        .layers
        .iter()
        .enumerate()
        .map(|(i, l)| (l.id.as_str(), i))
        .collect();
    let mut layers = vec![LayerSummary::default(); dataset.layers.len()];
    for feature in &dataset.features {
        let Some(layer) = position
            .get(&*feature.layer)
            .and_then(|&i| layers.get_mut(i))
        else {
            continue;
        };
        layer.total += 1;
        let approximate = feature.accuracy.is_approximate();
        // Areas of control get a line per side: each side has its colour.
        let control = feature.control.filter(|_| feature.kind == Kind::Control);
        match layer
            .kinds
            .iter_mut()
            .find(|(k, c, _, _)| *k == feature.kind && *c == control)
        {
            Some((_, _, count, approx)) => {
                *count += 1;
                *approx |= approximate;
            }
            None => layer.kinds.push((feature.kind, control, 1, approximate)),
        }
    }
    for layer in &mut layers {
        layer
            .kinds
            .sort_by_key(|(k, c, _, _)| (*k, c.map(|c| (c.held_by, c.peacekeepers))));
    }
    layers
}

impl LegendPanel {
    /// `shown` counts, per layer of the dataset, the features drawn in view now; `revision`
    /// changes whenever the dataset does.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        dataset: &Dataset,
        revision: u64,
        shown: &[usize],
        state: &mut UiState,
    ) {
        ui.heading("Layers");
        ui.label(
            egui::RichText::new("Shown on this date / in the layer")
                .small()
                .weak(),
        );
        ui.add_space(4.0);
        if self.summary.as_ref().is_none_or(|(r, _)| *r != revision) {
            self.summary = Some((revision, summarise(dataset)));
        }
        let summaries = self.summary.as_ref().map_or(&[][..], |(_, s)| s.as_slice());
        for (n, (layer, summary)) in dataset.layers.iter().zip(summaries).enumerate() {
            let shown = shown.get(n).copied().unwrap_or(0);
            layer_ui(ui, (n, layer), summary, shown, state);
            ui.add_space(2.0);
        }
        ui.separator();
        names_ui(ui, state);
        ui.separator();
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new("Theme").strong());
            ui.radio_value(&mut state.dark, false, "Light");
            ui.radio_value(&mut state.dark, true, "Dark");
        });
        ui.separator();
        basemap_ui(ui, state);
    }
}

/// A layer's switch, with how many of its features are shown and its kinds as drawn.
fn layer_ui(
    ui: &mut egui::Ui,
    (n, layer): (usize, &karabakh_data::Layer),
    summary: &LayerSummary,
    shown: usize,
    state: &mut UiState,
) {
    let mut on = !state.hidden_layers.contains(&layer.id);
    let text = format!("{}  ({shown}/{})", layer.title, summary.total);
    if ui
        .checkbox(&mut on, egui::RichText::new(text).strong())
        .changed()
    {
        if on {
            state.hidden_layers.remove(&layer.id);
        } else {
            state.hidden_layers.insert(layer.id.clone());
        }
    }
    let users = crate::layer_style::is_users_layer(summary.kinds.iter().map(|k| k.0));
    let look = crate::layer_style::look_of(state, &layer.id, n);
    ui.indent(("legend-kinds", &layer.id), |ui| {
        for &(kind, control, count, approximate) in &summary.kinds {
            let mut style = control.map_or_else(|| kind_style(kind), control_style);
            if users {
                look.apply(&mut style, kind);
            }
            let label = match control {
                Some(control) => karabakh_scene::slide::control_legend_name(control),
                None => kind.label().to_owned(),
            };
            // Wrapped: a long name pushes its "approximate" swatch to the next line instead of
            // running under the map's edge.
            ui.horizontal_wrapped(|ui| {
                styled_swatch_ui(ui, kind, &style, false);
                ui.label(format!("{label} ({count})"));
                if approximate && !matches!(kind, Kind::Country | Kind::Lake | Kind::River) {
                    styled_swatch_ui(ui, kind, &style, true);
                    ui.label(egui::RichText::new("approximate").small().italics());
                }
            });
        }
        if users {
            crate::layer_style::layer_style_ui(ui, &layer.id, n, state);
        }
    });
}

/// How disputed names read: the administering side's usage first, or a fixed order.
fn names_ui(ui: &mut egui::Ui, state: &mut UiState) {
    use karabakh_data::NameOrder;
    ui.label(egui::RichText::new("Place names").strong())
        .on_hover_text(NAMING_RULE);
    for order in [
        NameOrder::ByAdministration,
        NameOrder::Both,
        NameOrder::ArmenianFirst,
        NameOrder::AzerbaijaniFirst,
    ] {
        let choice = ui.radio_value(&mut state.names.order, order, order.label());
        if order == NameOrder::ByAdministration {
            choice.on_hover_text(NAMING_RULE);
        }
    }
    ui.checkbox(
        &mut state.names.native,
        "Native scripts (Ստեփանակերտ / Xankəndi)",
    );
}

/// Relief, and raster tiles over the offline basemap.
fn basemap_ui(ui: &mut egui::Ui, state: &mut UiState) {
    ui.label(egui::RichText::new("Basemap").strong());
    ui.checkbox(&mut state.relief, "Shaded relief");
    let mut online = state.tiles == Some(TileSource::OpenStreetMap);
    if ui
        .checkbox(&mut online, "OpenStreetMap tiles (online)")
        .on_hover_text(
            "Raster tiles from openstreetmap.org, kept in your cache folder; without a network \
             the offline basemap stays.",
        )
        .changed()
    {
        state.tiles = online.then_some(TileSource::OpenStreetMap);
    }
    if let Some(local) = state.local_tiles.clone() {
        let mut on = state.tiles.as_ref() == Some(&local);
        if ui.checkbox(&mut on, local.label()).changed() {
            state.tiles = on.then_some(local);
        }
    }
}

/// The naming rule, as the legend's hover text states it (the README says the same).
pub const NAMING_RULE: &str = "Disputed places have an Armenian and an Azerbaijani usage. By default the usage of the side that administered the place on the date shown comes first: before the USSR ended (26 December 1991), the official Soviet name's usage; then the side whose area of control holds the place that day (Armenian forces or the Russian peacekeepers: the Armenian usage; Azerbaijan: the Azerbaijani usage); elsewhere the country the place lies in (Armenia or Azerbaijan). With all dates shown, and for names written as a description, names read as written. The other choices fix one order for every date.";

/// A small picture of how a kind is drawn.
pub fn swatch_ui(ui: &mut egui::Ui, kind: Kind, dashed: bool) {
    styled_swatch_ui(ui, kind, &kind_style(kind), dashed);
}

/// A small picture of how a kind is drawn in `style`.
pub fn styled_swatch_ui(ui: &mut egui::Ui, kind: Kind, style: &FeatureStyle, dashed: bool) {
    let (rect, _) = ui.allocate_exact_size(vec2(30.0, 18.0), Sense::hover());
    let painter = ui.painter_at(rect);
    let style = *style;
    let c = rect.center();
    match kind {
        Kind::Country | Kind::Lake | Kind::Region | Kind::Area | Kind::Control => {
            let r = rect.shrink2(vec2(3.0, 3.0));
            painter.rect_filled(r, 2.0, style.fill.gamma_multiply(2.0));
            // The map's hatching, from the scene, so the key reads like the map.
            if let Some(hatch) = &style.hatch {
                let ring = [
                    r.left_top(),
                    r.right_top(),
                    r.right_bottom(),
                    r.left_bottom(),
                ];
                for segment in hatch.segments(&[&ring], r, r.left_top()) {
                    painter.line_segment(segment, Stroke::new(hatch.width, hatch.color));
                }
            }
            let corners = [
                r.left_top(),
                r.right_top(),
                r.right_bottom(),
                r.left_bottom(),
                r.left_top(),
            ];
            stroke_ui(
                &painter,
                &corners,
                Stroke::new(style.width, style.stroke),
                dashed,
            );
        }
        Kind::River | Kind::FrontLine | Kind::Road | Kind::Line => {
            let line = [
                Pos2::new(rect.left() + 2.0, c.y),
                Pos2::new(rect.right() - 2.0, c.y),
            ];
            if let Some((casing, width)) = style.casing {
                painter.line_segment(line, Stroke::new(width, casing));
            }
            stroke_ui(
                &painter,
                &line,
                Stroke::new(style.width, style.stroke),
                dashed,
            );
        }
        _ => {
            let mut marker = Marker::swatch(c, &style, false);
            if marker.symbol != Symbol::Circle {
                // Solid: at a row's size the outline washes a square or a diamond out.
                marker.width = 0.0;
            }
            paint_marker(&painter, &marker);
            if dashed {
                // The map's ring lies 4.5 px out, more than an 18 px row holds: a closer one.
                let ring: Vec<Pos2> = (0..=32)
                    .map(|i| {
                        c + egui::Vec2::angled(i as f32 / 32.0 * std::f32::consts::TAU)
                            * (marker.radius + 3.0)
                    })
                    .collect();
                painter.extend(egui::Shape::dashed_line(
                    &ring,
                    Stroke::new(1.4, style.fill),
                    2.5,
                    2.0,
                ));
            }
        }
    }
}

fn stroke_ui(painter: &egui::Painter, points: &[Pos2], stroke: Stroke, dashed: bool) {
    if dashed {
        let (dash, gap) = dash_pattern(stroke.width);
        painter.extend(egui::Shape::dashed_line(
            points,
            stroke,
            dash * 0.6,
            gap * 0.6,
        ));
    } else {
        painter.add(egui::Shape::line(points.to_vec(), stroke));
    }
}
