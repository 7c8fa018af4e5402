//! A slide: the map of a scene with what a presentation needs composed on it: title, date,
//! legend, scale bar, north arrow, attribution and an optional caption. The window's
//! presentation mode and the exporter draw the same [`Slide`].

use ecolor::Color32;

use emath::{Pos2, Rect, pos2, vec2};

use crate::style::{feature_style, kind_style};
use crate::view::scale_bar_length;
use crate::{MeshShape, Scene, Shape};
use karabakh_data::basemap::ATTRIBUTION;
use karabakh_data::{Dataset, Kind};
use karabakh_time::Day;
use karabakh_time::long_date;

/// Text on a slide, placed by its top-left corner.
#[derive(Clone, Debug, PartialEq)]
pub struct SlideText {
    pub text: String,
    pub pos: Pos2,
    pub size: f32,
    pub color: Color32,
    pub bold: bool,
    pub italic: bool,
}

/// What is drawn over the map: shapes, then texts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Slide {
    pub shapes: Vec<Shape>,
    pub texts: Vec<SlideText>,
}

/// What the slide says besides the map.
#[derive(Clone, Debug, PartialEq)]
pub struct SlideOptions {
    pub title: String,
    pub day: Option<Day>,
    /// The quote, and where it comes from.
    pub caption: Option<(String, String)>,
    /// Extra credit for tiles under the map, if any.
    pub tiles_credit: Option<String>,
}

impl SlideOptions {
    pub fn new(day: Option<Day>) -> Self {
        SlideOptions {
            title: DEFAULT_TITLE.to_owned(),
            day,
            caption: None,
            tiles_credit: None,
        }
    }
}

pub const DEFAULT_TITLE: &str = "Nagorno-Karabakh";

const INK: Color32 = Color32::from_rgb(0x22, 0x22, 0x28);
const PANEL: Color32 = Color32::from_rgba_premultiplied(0xf0, 0xf0, 0xf0, 0xf0);

/// Width of `text` at `size` (the same estimate the map's labels use).
pub fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    text.chars().count() as f32 * size * if bold { 0.6 } else { 0.55 }
}

/// Splits `text` into lines no wider than `width`.
pub fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if text_width(&candidate, size, false) > width && !line.is_empty() {
            lines.push(std::mem::replace(&mut line, word.to_owned()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn rect_shape(rect: Rect, color: Color32) -> Shape {
    let [a, b, c, d] = [
        rect.left_top(),
        rect.right_top(),
        rect.right_bottom(),
        rect.left_bottom(),
    ];
    Shape::Mesh(Box::new(MeshShape {
        vertices: vec![a, b, c, d],
        indices: vec![0, 1, 2, 0, 2, 3],
        color,
        ring_ends: vec![4],
    }))
}

fn line_shape(points: Vec<Pos2>, width: f32, color: Color32, dashed: bool) -> Shape {
    Shape::Line {
        points,
        width,
        color,
        dashed,
        closed: false,
    }
}

struct Composer {
    slide: Slide,
}

impl Composer {
    fn text(&mut self, text: impl Into<String>, pos: Pos2, size: f32, bold: bool, italic: bool) {
        let text = text.into();
        self.slide.texts.push(SlideText {
            text,
            pos,
            size,
            color: INK,
            bold,
            italic,
        });
    }

    /// A legend swatch: how `kind` (in `style`) is drawn, in `rect`.
    fn swatch(&mut self, rect: Rect, kind: Kind, style: &crate::style::FeatureStyle, dashed: bool) {
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
            _ => self.slide.shapes.push(Shape::Marker {
                center: c,
                symbol: style.symbol,
                radius: style.radius.min(8.0),
                fill: style.fill,
                stroke: if style.stroke == Color32::WHITE {
                    style.fill.gamma_multiply(0.6)
                } else {
                    style.stroke
                },
                width: style.width,
                approximate: false,
            }),
        }
    }
}

/// One legend line: a swatch and a name.
struct Entry {
    kind: Kind,
    style: crate::style::FeatureStyle,
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
fn entries(dataset: &Dataset, scene: &Scene) -> Vec<Entry> {
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

/// Composes the slide for `scene` (drawn in `frame`, the map's rectangle on screen).
pub fn compose(dataset: &Dataset, scene: &Scene, frame: Rect, options: &SlideOptions) -> Slide {
    let mut c = Composer {
        slide: Slide::default(),
    };
    let margin = 16.0;

    // Title and date, top left.
    let date = options
        .day
        .map_or_else(|| "All dates".to_owned(), long_date);
    let title_size = 30.0;
    let date_size = 24.0;
    let width = text_width(&options.title, title_size, true)
        .max(text_width(&date, date_size, false))
        + 28.0;
    let title_box = Rect::from_min_size(
        frame.min + vec2(margin, margin),
        vec2(width, title_size + date_size + 30.0),
    );
    c.slide.shapes.push(rect_shape(title_box, PANEL));
    c.text(
        options.title.clone(),
        title_box.min + vec2(14.0, 8.0),
        title_size,
        true,
        false,
    );
    c.text(
        date,
        title_box.min + vec2(14.0, 14.0 + title_size),
        date_size,
        false,
        false,
    );

    // Legend, top right.
    let legend = entries(dataset, scene);
    if !legend.is_empty() {
        let size = 15.0;
        let row = 24.0;
        let name_width = legend
            .iter()
            .map(|e| text_width(&e.name, size, false))
            .fold(0.0, f32::max)
            .min(360.0);
        let box_w = 36.0 + 10.0 + name_width + 24.0;
        let rows = legend.len() as f32 + 1.0;
        let legend_box = Rect::from_min_size(
            pos2(frame.max.x - margin - box_w, frame.min.y + margin),
            vec2(box_w, rows * row + 16.0),
        );
        c.slide.shapes.push(rect_shape(legend_box, PANEL));
        c.text(
            "Legend",
            legend_box.min + vec2(12.0, 8.0),
            size,
            true,
            false,
        );
        for (n, entry) in legend.iter().enumerate() {
            let y = legend_box.min.y + 8.0 + row * (n as f32 + 1.0);
            let swatch = Rect::from_min_size(pos2(legend_box.min.x + 12.0, y), vec2(36.0, 20.0));
            c.swatch(swatch, entry.kind, &entry.style, entry.dashed);
            let name = if text_width(&entry.name, size, false) > 360.0 {
                let keep = (360.0 / (size * 0.55)) as usize;
                format!(
                    "{}…",
                    entry
                        .name
                        .chars()
                        .take(keep.saturating_sub(1))
                        .collect::<String>()
                )
            } else {
                entry.name.clone()
            };
            c.text(name, pos2(swatch.max.x + 10.0, y + 1.0), size, false, false);
        }
        let note_y = legend_box.max.y + 4.0;
        if legend.iter().any(|e| e.dashed) {
            let note = Rect::from_min_size(pos2(legend_box.min.x, note_y), vec2(box_w, 22.0));
            c.slide.shapes.push(rect_shape(note, PANEL));
            c.text(
                "Dashed: approximate (see sources)",
                note.min + vec2(12.0, 3.0),
                13.0,
                false,
                true,
            );
        }
    }

    // Scale bar and north arrow, bottom left.
    let (pixels, label) = scale_bar_length(&scene.inputs.view, 160.0);
    let base = pos2(frame.min.x + margin + 12.0, frame.max.y - margin - 14.0);
    let scale_box = Rect::from_min_max(
        pos2(base.x - 12.0, base.y - 92.0),
        pos2(base.x + pixels.max(40.0) + 14.0, base.y + 12.0),
    );
    c.slide.shapes.push(rect_shape(scale_box, PANEL));
    c.slide.shapes.push(line_shape(
        vec![base, base + vec2(pixels, 0.0)],
        2.5,
        INK,
        false,
    ));
    for x in [0.0, pixels] {
        c.slide.shapes.push(line_shape(
            vec![base + vec2(x, -7.0), base + vec2(x, 0.0)],
            2.5,
            INK,
            false,
        ));
    }
    c.text(label, base + vec2(0.0, -26.0), 14.0, false, false);
    // North arrow: a tall triangle with an N above it.
    let tip = pos2(base.x + 10.0, base.y - 70.0);
    c.slide.shapes.push(Shape::Mesh(Box::new(MeshShape {
        vertices: vec![tip, tip + vec2(-8.0, 24.0), tip + vec2(8.0, 24.0)],
        indices: vec![0, 1, 2],
        color: INK,
        ring_ends: vec![3],
    })));
    c.text("N", tip + vec2(14.0, 2.0), 16.0, true, false);

    // Caption, bottom centre.
    let bottom = frame.max.y - margin;
    if let Some((quote, source)) = &options.caption {
        let size = 18.0;
        let max_w = (frame.width() * 0.55).max(300.0);
        // A quote from a document is quoted and credited; a caption of the user's own is not.
        let quoted = !source.is_empty();
        let text = if quoted {
            format!("“{quote}”")
        } else {
            quote.clone()
        };
        let mut lines = wrap(&text, size, max_w);
        lines.truncate(5);
        let source_line = if quoted {
            format!("— {source}")
        } else {
            String::new()
        };
        let w = lines
            .iter()
            .map(|l| text_width(l, size, false))
            .fold(text_width(&source_line, 14.0, false), f32::max)
            + 28.0;
        let h = lines.len() as f32 * size * 1.35 + if quoted { 14.0 * 1.4 } else { 0.0 } + 22.0;
        let caption_box = Rect::from_min_size(
            pos2(frame.center().x - w / 2.0, bottom - h - 26.0),
            vec2(w, h),
        );
        c.slide.shapes.push(rect_shape(caption_box, PANEL));
        for (n, line) in lines.iter().enumerate() {
            c.text(
                line.clone(),
                caption_box.min + vec2(14.0, 8.0 + n as f32 * size * 1.35),
                size,
                false,
                quoted,
            );
        }
        if quoted {
            c.text(
                source_line,
                caption_box.min + vec2(14.0, 10.0 + lines.len() as f32 * size * 1.35),
                14.0,
                false,
                false,
            );
        }
    }

    // Attribution, bottom right.
    let credit = match &options.tiles_credit {
        Some(tiles) => format!("{tiles} · {ATTRIBUTION}"),
        None => ATTRIBUTION.to_owned(),
    };
    let size = 12.0;
    let w = text_width(&credit, size, false) + 12.0;
    let credit_box = Rect::from_min_size(
        pos2(frame.max.x - margin - w, frame.max.y - margin - 20.0),
        vec2(w, 20.0),
    );
    c.slide.shapes.push(rect_shape(credit_box, PANEL));
    c.text(credit, credit_box.min + vec2(6.0, 3.0), size, false, false);
    c.slide
}

/// The caption for a selection: the first excerpt of the first selected feature, with its
/// document's title.
pub fn caption_for(dataset: &Dataset, selected: &[String]) -> Option<(String, String)> {
    let feature = selected.first().and_then(|id| dataset.feature(id))?;
    let link = feature.excerpts.first()?;
    let title = dataset
        .document(&link.doc)
        .map_or(link.doc.clone(), |d| d.meta.title.clone());
    Some((link.quote.clone(), title))
}

/// Whether a point is covered by the slide's furniture (boxes), to keep tests honest.
pub fn covers(slide: &Slide, p: Pos2) -> bool {
    slide.shapes.iter().any(|s| match s {
        Shape::Mesh(mesh) => Rect::from_points(&mesh.vertices).contains(p),
        _ => false,
    })
}
