//! The slide's legend: an entry for what the scene shows (areas and lines by name, points by
//! kind), in a fixed order, each with a swatch drawn as the map draws it.

use emath::{Rect, pos2, vec2};

use karabakh_data::{Dataset, Feature, Kind};

use super::{Composer, Spot, line_shape, rect_shape, text_width, wrap};
use crate::Scene;
use crate::style::{FeatureStyle, LayerLook, Marker, feature_style, kind_style};

impl Composer<'_> {
    /// The legend, where it hides least (top right when that is as good as anywhere), its
    /// names wrapped, never cut; with a note at its foot when anything in it is dashed.
    pub(super) fn legend(&mut self, legend: &[Entry]) {
        const SIZE: f32 = 15.0;
        const ROW: f32 = 24.0;
        const LINE: f32 = SIZE * 1.25;
        const NOTE: &str = "Dashed: approximate (see sources)";
        const NOTE_SIZE: f32 = 13.0;
        if legend.is_empty() {
            return;
        }
        // Names wrap at this width, or narrower on a small frame.
        let wrap_width = (self.frame.width() * 0.3).clamp(160.0, 360.0);
        let names: Vec<Vec<String>> = legend
            .iter()
            .map(|e| wrap(&e.name, SIZE, wrap_width))
            .collect();
        let name_width = names
            .iter()
            .flatten()
            .map(|l| text_width(l, SIZE, false))
            .fold(text_width("Legend", SIZE, true), f32::max);
        let dashed = legend.iter().any(|e| e.dashed);
        let note_width = if dashed {
            text_width(NOTE, NOTE_SIZE, false)
        } else {
            0.0
        };
        let box_w = (36.0 + 10.0 + name_width).max(note_width) + 24.0;
        let row_height = |lines: &Vec<String>| ROW.max(lines.len() as f32 * LINE + 4.0);
        let note_h = if dashed { 24.0 } else { 0.0 };
        let box_h = ROW + names.iter().map(row_height).sum::<f32>() + note_h + 16.0;
        let spots = [
            Spot::TopRight,
            Spot::RightMiddle,
            Spot::BottomRight,
            Spot::TopLeft,
            Spot::LeftMiddle,
            Spot::BottomLeft,
            Spot::TopCentre,
            Spot::BottomCentre,
        ];
        let panel = self.boxes.place(vec2(box_w, box_h), &spots);
        self.panel(panel);
        self.text("Legend", panel.min + vec2(12.0, 8.0), SIZE, true, false);
        let mut y = panel.min.y + 8.0 + ROW;
        for (entry, lines) in legend.iter().zip(&names) {
            let swatch = Rect::from_min_size(pos2(panel.min.x + 12.0, y), vec2(36.0, 20.0));
            self.swatch(swatch, entry.kind, &entry.style, entry.dashed);
            for (n, line) in lines.iter().enumerate() {
                let at = pos2(swatch.max.x + 10.0, y + 1.0 + n as f32 * LINE);
                self.text(line.clone(), at, SIZE, false, false);
            }
            y += row_height(lines);
        }
        if dashed {
            self.text(
                NOTE,
                pos2(panel.min.x + 12.0, y + 3.0),
                NOTE_SIZE,
                false,
                true,
            );
        }
    }

    /// A legend swatch: how `kind` (in `style`) is drawn, in `rect`.
    fn swatch(&mut self, rect: Rect, kind: Kind, style: &FeatureStyle, dashed: bool) {
        let c = rect.center();
        match kind {
            Kind::Country | Kind::Lake | Kind::Region | Kind::Area | Kind::Control => {
                let r = rect.shrink(3.0);
                self.slide.shapes.push(rect_shape(r, style.fill));
                // The same hatching as on the map, lines fixed to the swatch's corner.
                if let Some(hatch) = &style.hatch {
                    let ring = [
                        r.left_top(),
                        r.right_top(),
                        r.right_bottom(),
                        r.left_bottom(),
                    ];
                    for [a, b] in hatch.segments(&[&ring], r, r.left_top()) {
                        self.slide.shapes.push(line_shape(
                            vec![a, b],
                            hatch.width,
                            hatch.color,
                            false,
                        ));
                    }
                }
                let ring = vec![
                    r.left_top(),
                    r.right_top(),
                    r.right_bottom(),
                    r.left_bottom(),
                    r.left_top(),
                ];
                self.slide.shapes.push(line_shape(
                    ring,
                    style.width.min(2.5),
                    style.stroke,
                    dashed,
                ));
            }
            Kind::River | Kind::FrontLine | Kind::Road | Kind::Line => {
                let line = vec![pos2(rect.left() + 2.0, c.y), pos2(rect.right() - 2.0, c.y)];
                if let Some((casing, width)) = style.casing {
                    self.slide
                        .shapes
                        .push(line_shape(line.clone(), width, casing, false));
                }
                self.slide
                    .shapes
                    .push(line_shape(line, style.width, style.stroke, dashed));
            }
            _ => self
                .slide
                .shapes
                .push(Marker::swatch(c, style, false).into()),
        }
    }
}

/// One legend line: a swatch and a name.
pub(super) struct Entry {
    kind: Kind,
    style: FeatureStyle,
    dashed: bool,
    name: String,
}

/// "Held by Azerbaijan", "Held by Armenian forces, with peacekeepers": short enough for a
/// slide's legend.
pub fn control_legend_name(control: karabakh_data::Control) -> String {
    if control.peacekeepers {
        format!("Held by {}, with peacekeepers", control.held_by.label())
    } else {
        format!("Held by {}", control.held_by.label())
    }
}

/// The legend of what the scene shows: areas and lines by name, points by kind.
pub(super) fn entries(dataset: &Dataset, scene: &Scene) -> Vec<Entry> {
    let names = dataset.names_on(scene.inputs.names, scene.inputs.day);
    let mut out: Vec<Entry> = Vec::new();
    let mut kinds_seen: Vec<(Kind, bool)> = Vec::new();
    let looks = crate::build::layer_looks(dataset, &scene.inputs);
    for &i in &scene.visible {
        let Some(feature) = dataset.features.get(i) else {
            continue;
        };
        let dashed = feature.accuracy.is_approximate();
        match feature.kind {
            Kind::Country => {}
            Kind::Region | Kind::FrontLine | Kind::Road => out.push(Entry {
                kind: feature.kind,
                style: feature_style(feature),
                dashed,
                name: names.of(i, feature),
            }),
            // Who held what: one line per side (and per presence of the peacekeepers), however
            // many areas the time series has.
            Kind::Control => {
                let Some(control) = feature.control else {
                    continue;
                };
                let name = control_legend_name(control);
                if !out
                    .iter()
                    .any(|e| e.kind == Kind::Control && e.name == name)
                {
                    out.push(Entry {
                        kind: Kind::Control,
                        style: feature_style(feature),
                        dashed,
                        name,
                    });
                }
            }
            // Imported material: one line per layer and kind, however many features it has,
            // in the layer's colour as the map draws it.
            Kind::Area | Kind::Line | Kind::Place => {
                let entry = imported_entry(dataset, feature, &looks);
                if !out
                    .iter()
                    .any(|e| e.kind == entry.kind && e.name == entry.name)
                {
                    out.push(entry);
                }
            }
            kind => {
                // Points: one line per kind; "approximate" is said once per kind.
                let approx_points = !matches!(kind, Kind::Lake | Kind::River) && dashed;
                if !kinds_seen.contains(&(kind, approx_points))
                    && !kinds_seen.iter().any(|(k, _)| *k == kind)
                {
                    kinds_seen.push((kind, approx_points));
                    out.push(Entry {
                        kind,
                        style: kind_style(kind),
                        dashed: false,
                        name: plural(kind).to_owned(),
                    });
                }
            }
        }
    }
    out.sort_by_key(|e| legend_rank(e.kind));
    // A legend longer than this no longer reads on a slide.
    out.truncate(MAX_LEGEND_ENTRIES);
    out
}

/// The entry of an imported feature's layer: its title, in the layer's look.
fn imported_entry(dataset: &Dataset, feature: &Feature, looks: &[LayerLook]) -> Entry {
    let layer = dataset.layers.iter().position(|l| *l.id == *feature.layer);
    let title = layer
        .and_then(|n| dataset.layers.get(n))
        .map_or_else(|| feature.layer.to_string(), |l| l.title.clone());
    let name = if feature.kind == Kind::Place {
        format!("{title} (places)")
    } else {
        title
    };
    let mut style = kind_style(feature.kind);
    if let Some(look) = layer.and_then(|n| looks.get(n)) {
        look.apply(&mut style, feature.kind);
    }
    Entry {
        kind: feature.kind,
        style,
        dashed: false,
        name,
    }
}

const MAX_LEGEND_ENTRIES: usize = 14;

fn legend_rank(kind: Kind) -> u8 {
    match kind {
        Kind::Control => 0,
        Kind::Region => 0,
        Kind::FrontLine => 1,
        Kind::Road => 2,
        Kind::Checkpoint => 3,
        Kind::PeacekeeperBase => 4,
        Kind::PeacekeeperPost => 5,
        Kind::MonitoringCentre => 5,
        Kind::Event => 6,
        Kind::Area => 0,
        Kind::Line => 2,
        Kind::Place => 7,
        Kind::Town => 7,
        Kind::Lake => 8,
        Kind::River => 9,
        Kind::Country => 10,
    }
}

fn plural(kind: Kind) -> &'static str {
    match kind {
        Kind::Town => "Towns",
        Kind::Event => "Events of these days",
        Kind::Place => "Places (imported)",
        Kind::Checkpoint => "Azerbaijani checkpoint",
        Kind::PeacekeeperBase => "Russian peacekeepers' bases",
        Kind::PeacekeeperPost => "Russian peacekeepers' posts",
        Kind::MonitoringCentre => "Cease-fire monitoring centre",
        Kind::Lake => "Lakes",
        Kind::River => "Rivers",
        other => other.label(),
    }
}
