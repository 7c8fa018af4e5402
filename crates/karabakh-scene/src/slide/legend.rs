//! The slide's legend: an entry for what the scene shows (areas and lines by name, points by
//! kind), in a fixed order, each with a swatch drawn as the map draws it.

use emath::{Rect, pos2, vec2};

use karabakh_data::{Dataset, Kind};

use super::{Composer, MARGIN, line_shape, rect_shape, text_width};
use crate::Scene;
use crate::style::{FeatureStyle, Marker, feature_style, kind_style};

impl Composer {
    /// The legend, top right, with a note under it when anything in it is dashed.
    pub(super) fn legend(&mut self, legend: &[Entry]) {
        const SIZE: f32 = 15.0;
        const ROW: f32 = 24.0;
        /// Names are cut to this width.
        const NAME_WIDTH: f32 = 360.0;
        if legend.is_empty() {
            return;
        }
        let name_width = legend
            .iter()
            .map(|e| text_width(&e.name, SIZE, false))
            .fold(0.0, f32::max)
            .min(NAME_WIDTH);
        let box_w = 36.0 + 10.0 + name_width + 24.0;
        let rows = legend.len() as f32 + 1.0;
        let panel = Rect::from_min_size(
            pos2(self.frame.max.x - MARGIN - box_w, self.frame.min.y + MARGIN),
            vec2(box_w, rows * ROW + 16.0),
        );
        self.panel(panel);
        self.text("Legend", panel.min + vec2(12.0, 8.0), SIZE, true, false);
        for (n, entry) in legend.iter().enumerate() {
            let y = panel.min.y + 8.0 + ROW * (n as f32 + 1.0);
            let swatch = Rect::from_min_size(pos2(panel.min.x + 12.0, y), vec2(36.0, 20.0));
            self.swatch(swatch, entry.kind, &entry.style, entry.dashed);
            let name = shortened(&entry.name, SIZE, NAME_WIDTH);
            self.text(name, pos2(swatch.max.x + 10.0, y + 1.0), SIZE, false, false);
        }
        if legend.iter().any(|e| e.dashed) {
            let note = Rect::from_min_size(pos2(panel.min.x, panel.max.y + 4.0), vec2(box_w, 22.0));
            self.panel(note);
            let text = "Dashed: approximate (see sources)";
            self.text(text, note.min + vec2(12.0, 3.0), 13.0, false, true);
        }
    }

    /// A legend swatch: how `kind` (in `style`) is drawn, in `rect`.
    fn swatch(&mut self, rect: Rect, kind: Kind, style: &FeatureStyle, dashed: bool) {
        let c = rect.center();
        match kind {
            Kind::Country | Kind::Lake | Kind::Region | Kind::Area | Kind::Control => {
                let r = rect.shrink(3.0);
                self.slide.shapes.push(rect_shape(r, style.fill));
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

/// `name` cut to `width` at `size`, with an ellipsis where it was cut.
fn shortened(name: &str, size: f32, width: f32) -> String {
    if text_width(name, size, false) <= width {
        return name.to_owned();
    }
    let keep = (width / (size * 0.55)) as usize;
    let kept: String = name.chars().take(keep.saturating_sub(1)).collect();
    format!("{kept}…")
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
            // Imported material: one line per layer and kind, however many features it has.
            Kind::Area | Kind::Line => {
                let name = dataset
                    .layers
                    .iter()
                    .find(|l| *l.id == *feature.layer)
                    .map_or_else(|| feature.layer.to_string(), |l| l.title.clone());
                if !out.iter().any(|e| e.kind == feature.kind && e.name == name) {
                    out.push(Entry {
                        kind: feature.kind,
                        style: kind_style(feature.kind),
                        dashed: false,
                        name,
                    });
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
