//! A slide: the map of a scene with what a presentation needs composed on it: title, date,
//! legend, scale bar, north arrow, attribution and an optional caption. The window's
//! presentation mode and the exporter draw the same [`Slide`].

use ecolor::Color32;

use emath::{Pos2, Rect, pos2, vec2};

use crate::view::{View, scale_bar_length};
use crate::{LabelStyle, MeshShape, Scene, Shape};
use karabakh_data::Dataset;
use karabakh_data::basemap::ATTRIBUTION;
use karabakh_time::Day;
use karabakh_time::long_date;

mod around;
mod layout;
mod legend;
mod size;
pub mod sources;

pub use around::place_labels_around;
use layout::Boxes;
pub use layout::{BOX_GAP, Spot};
pub use legend::control_legend_name;
pub use size::{SlideSize, fit_pixels};

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
    /// The boxes (title, legend, scale bar, caption, credits), as placed: none over another.
    pub boxes: Vec<Rect>,
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
/// Between the frame's edge and the panels.
const MARGIN: f32 = 16.0;

/// Width of `text` at `size` (the same estimate the map's labels use; DejaVu Sans Bold, which
/// exports draw bold texts in, runs about 0.66 em a letter).
pub fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    text.chars().count() as f32 * size * if bold { 0.68 } else { 0.55 }
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

/// A slide being composed over `frame`, the map's rectangle on screen.
struct Composer<'a> {
    slide: Slide,
    frame: Rect,
    boxes: Boxes<'a>,
}

impl Composer<'_> {
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

    /// A panel that the texts over it are read on.
    fn panel(&mut self, rect: Rect) {
        self.slide.shapes.push(rect_shape(rect, PANEL));
    }

    fn ink_line(&mut self, points: Vec<Pos2>) {
        self.slide.shapes.push(line_shape(points, 2.5, INK, false));
    }

    /// Title and date, top left.
    fn title(&mut self, options: &SlideOptions) {
        let date = options
            .day
            .map_or_else(|| "All dates".to_owned(), long_date);
        let panel = self.boxes.fixed(title_box(self.frame, options));
        self.panel(panel);
        let title_at = panel.min + vec2(14.0, 8.0);
        self.text(options.title.clone(), title_at, TITLE_SIZE, true, false);
        let date_at = panel.min + vec2(14.0, 14.0 + TITLE_SIZE);
        self.text(date, date_at, DATE_SIZE, false, false);
    }

    /// The scale bar with a north arrow above it, bottom left where that hides little.
    fn scale_bar(&mut self, view: &View) {
        let (pixels, label) = scale_bar_length(view, 160.0);
        let size = vec2(
            pixels.max(40.0).max(text_width(&label, 14.0, false)) + 26.0,
            104.0,
        );
        let spots = [
            Spot::BottomLeft,
            Spot::LeftMiddle,
            Spot::BottomCentre,
            Spot::TopLeft,
            Spot::TopCentre,
            Spot::BottomRight,
            Spot::RightMiddle,
            Spot::TopRight,
        ];
        let panel = self.boxes.place(size, &spots);
        let base = pos2(panel.min.x + 12.0, panel.max.y - 12.0);
        self.panel(panel);
        self.ink_line(vec![base, base + vec2(pixels, 0.0)]);
        for x in [0.0, pixels] {
            self.ink_line(vec![base + vec2(x, -7.0), base + vec2(x, 0.0)]);
        }
        self.text(label, base + vec2(0.0, -26.0), 14.0, false, false);
        self.north_arrow(pos2(base.x + 10.0, base.y - 70.0));
    }

    /// A tall triangle pointing up from `tip`, with an N beside it.
    fn north_arrow(&mut self, tip: Pos2) {
        self.slide.shapes.push(Shape::Mesh(Box::new(MeshShape {
            vertices: vec![tip, tip + vec2(-8.0, 24.0), tip + vec2(8.0, 24.0)],
            indices: vec![0, 1, 2],
            color: INK,
            ring_ends: vec![3],
        })));
        self.text("N", tip + vec2(14.0, 2.0), 16.0, true, false);
    }

    /// The caption, bottom centre. A quote from a document (its `source` given) is quoted and
    /// credited; a caption of the user's own is not.
    fn caption(&mut self, quote: &str, source: &str) {
        const SIZE: f32 = 18.0;
        const LINE: f32 = SIZE * 1.35;
        const SOURCE_SIZE: f32 = 14.0;
        const MAX_LINES: usize = 5;
        let quoted = !source.is_empty();
        let text = if quoted {
            format!("“{quote}”")
        } else {
            quote.to_owned()
        };
        let mut lines = wrap(&text, SIZE, (self.frame.width() * 0.55).max(300.0));
        lines.truncate(MAX_LINES);
        let source_line = quoted.then(|| format!("— {source}"));
        let source_width = source_line
            .as_deref()
            .map_or(0.0, |s| text_width(s, SOURCE_SIZE, false));
        let w = lines
            .iter()
            .map(|l| text_width(l, SIZE, false))
            .fold(source_width, f32::max)
            + 28.0;
        let source_height = if quoted { SOURCE_SIZE * 1.4 } else { 0.0 };
        let h = lines.len() as f32 * LINE + source_height + 22.0;
        let spots = [
            Spot::BottomCentre,
            Spot::TopCentre,
            Spot::BottomLeft,
            Spot::BottomRight,
            Spot::TopLeft,
            Spot::TopRight,
            Spot::LeftMiddle,
            Spot::RightMiddle,
        ];
        let panel = self.boxes.place(vec2(w, h), &spots);
        self.panel(panel);
        for (n, line) in lines.iter().enumerate() {
            let at = panel.min + vec2(14.0, 8.0 + n as f32 * LINE);
            self.text(line.clone(), at, SIZE, false, quoted);
        }
        if let Some(source_line) = source_line {
            let at = panel.min + vec2(14.0, 10.0 + lines.len() as f32 * LINE);
            self.text(source_line, at, SOURCE_SIZE, false, false);
        }
    }

    /// The credits, bottom right: the basemap's, after the tiles' if any are drawn.
    fn attribution(&mut self, tiles_credit: Option<&str>) {
        let credit = credit_line(tiles_credit);
        let panel = self.boxes.fixed(credits_box(self.frame, tiles_credit));
        self.panel(panel);
        self.text(
            credit,
            panel.min + vec2(6.0, 3.0),
            CREDITS_SIZE,
            false,
            false,
        );
    }
}

const TITLE_SIZE: f32 = 30.0;
const DATE_SIZE: f32 = 24.0;
const CREDITS_SIZE: f32 = 12.0;

/// The title's box, top left of `frame`.
fn title_box(frame: Rect, options: &SlideOptions) -> Rect {
    let date = options
        .day
        .map_or_else(|| "All dates".to_owned(), long_date);
    let width = text_width(&options.title, TITLE_SIZE, true)
        .max(text_width(&date, DATE_SIZE, false))
        + 28.0;
    Rect::from_min_size(
        frame.min + vec2(MARGIN, MARGIN),
        vec2(width, TITLE_SIZE + DATE_SIZE + 30.0),
    )
}

/// The credits' line: the tiles', if any, then the basemap's.
fn credit_line(tiles_credit: Option<&str>) -> String {
    match tiles_credit {
        Some(tiles) => format!("{tiles} · {ATTRIBUTION}"),
        None => ATTRIBUTION.to_owned(),
    }
}

/// The credits' box, bottom right of `frame`.
fn credits_box(frame: Rect, tiles_credit: Option<&str>) -> Rect {
    let w = text_width(&credit_line(tiles_credit), CREDITS_SIZE, false) + 12.0;
    Rect::from_min_size(
        pos2(frame.max.x - MARGIN - w, frame.max.y - MARGIN - 20.0),
        vec2(w, 20.0),
    )
}

/// The boxes a slide of `options` always has where they are (the title, the credits): the
/// map's labels and the key of numbered events keep clear of them; the others are placed
/// after, where they hide the least.
pub fn fixed_boxes(frame: Rect, options: &SlideOptions) -> Vec<Rect> {
    vec![
        title_box(frame, options),
        credits_box(frame, options.tiles_credit.as_deref()),
    ]
}

/// Composes the slide for `scene` (drawn in `frame`, the map's rectangle on screen).
pub fn compose(dataset: &Dataset, scene: &Scene, frame: Rect, options: &SlideOptions) -> Slide {
    let mut c = Composer {
        slide: Slide::default(),
        frame,
        boxes: Boxes::new(frame, scene),
    };
    // The title and the credits where readers look for them; the rest where they hide least,
    // the largest first.
    c.title(options);
    c.attribution(options.tiles_credit.as_deref());
    // The key of the numbered events belongs with the map: the boxes placed next keep off it.
    for key in scene.labels.iter().filter(|l| l.style == LabelStyle::Key) {
        c.boxes.fixed(key.rect);
    }
    c.legend(&legend::entries(dataset, scene));
    if let Some((quote, source)) = &options.caption {
        c.caption(quote, source);
    }
    c.scale_bar(&scene.inputs.view);
    c.slide.boxes = c.boxes.placed.clone();
    c.slide
}

/// Takes from `scene` the map's labels that a box of `slide` would cover in part: a name cut
/// by the legend ("…epanakert / Khankendi") misleads more than a name left out. The key of
/// numbered events is one of the boxes, and stays. A safety net after [`place_labels_around`]
/// (a selected event's label may find no free place).
pub fn drop_labels_under_boxes(scene: &mut Scene, slide: &Slide) {
    scene.labels.retain(|label| {
        label.style == LabelStyle::Key || !slide.boxes.iter().any(|b| b.intersects(label.rect))
    });
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
