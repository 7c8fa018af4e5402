//! The map's furniture outside presentation mode: a scale bar bottom left, the date large top
//! left, the credits bottom right.

use std::cell::OnceCell;

use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Response, Stroke, Ui, pos2, vec2};
use walkers::{MapMemory, Plugin, Projector};

use super::Frame;
use karabakh_data::basemap::ATTRIBUTION;
use karabakh_scene::View;
use karabakh_scene::view::scale_bar_length;
use karabakh_time::{Day, long_date};

pub(crate) struct Furniture<'a> {
    pub frame: &'a OnceCell<Frame>,
    /// The day shown, None for all dates.
    pub day: Option<Day>,
    /// The raster tiles' credit, when they are shown.
    pub tiles_credit: Option<&'a str>,
}

impl Plugin for Furniture<'_> {
    fn run(self: Box<Self>, ui: &mut Ui, _: &Response, _: &Projector, _: &MapMemory) {
        let Some(frame) = self.frame.get() else {
            return;
        };
        let painter = frame.painter(ui);
        paint_scale_bar(&painter, &frame.view, frame.clip);
        paint_date(&painter, self.day, frame.clip);
        paint_attribution(&painter, frame.clip, self.tiles_credit);
    }
}

fn paint_scale_bar(painter: &Painter, view: &View, clip: Rect) {
    let (pixels, label) = scale_bar_length(view, karabakh_scene::furniture::SCALE_BAR_PIXELS);
    let left = pos2(clip.min.x + 16.0, clip.max.y - 22.0);
    let bg = Rect::from_min_max(left - vec2(8.0, 22.0), left + vec2(pixels + 8.0, 10.0));
    painter.rect_filled(bg, 4.0, Color32::from_white_alpha(200));
    let stroke = Stroke::new(2.0, Color32::from_rgb(0x22, 0x22, 0x28));
    let right = left + vec2(pixels, 0.0);
    painter.line_segment([left, right], stroke);
    for x in [left, right] {
        painter.line_segment([x - vec2(0.0, 6.0), x], stroke);
    }
    painter.text(
        left + vec2(pixels / 2.0, -4.0),
        Align2::CENTER_BOTTOM,
        label,
        FontId::proportional(13.0),
        stroke.color,
    );
}

/// The date, large, in the map's top-left corner.
fn paint_date(painter: &Painter, day: Option<Day>, clip: Rect) {
    let text = match day {
        Some(day) => long_date(day),
        None => "All dates".to_owned(),
    };
    let galley = painter.layout_no_wrap(
        text,
        FontId::proportional(30.0),
        Color32::from_rgb(0x22, 0x22, 0x28),
    );
    let at = clip.min + vec2(14.0, 10.0);
    painter.rect_filled(
        Rect::from_min_size(at, galley.size()).expand2(vec2(10.0, 4.0)),
        6.0,
        Color32::from_white_alpha(215),
    );
    painter.galley(at, galley, Color32::BLACK);
}

fn paint_attribution(painter: &Painter, clip: Rect, tiles: Option<&str>) {
    let at: Pos2 = clip.max - vec2(6.0, 4.0);
    let text = match tiles {
        Some(credit) => format!("{credit} · {ATTRIBUTION}"),
        None => ATTRIBUTION.to_owned(),
    };
    let galley = painter.layout_no_wrap(
        text,
        FontId::proportional(11.5),
        Color32::from_rgb(0x44, 0x44, 0x4a),
    );
    let rect = Rect::from_min_size(at - galley.size(), galley.size()).expand(3.0);
    painter.rect_filled(rect, 3.0, Color32::from_white_alpha(190));
    painter.galley(at - galley.size(), galley, Color32::BLACK);
}
