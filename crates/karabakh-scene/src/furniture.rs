//! The boxes drawn over the map that labels keep clear of: the window's date, scale bar and
//! credits (and a slide's title and credits, see `slide::fixed_boxes`). Their places are
//! worked out here, from the view's rectangle, so that the label placer and the painter agree.

use emath::{Rect, pos2, vec2};

use crate::LabelStyle;
use crate::labels::text_width;
use karabakh_data::basemap::ATTRIBUTION;
use karabakh_time::{Day, long_date};

/// The window's date box, top left: `long_date` at 30 px, inset 14×10, padded 10×4.
pub fn date_box(map: Rect, day: Option<Day>) -> Rect {
    let text = day.map_or_else(|| "All dates".to_owned(), long_date);
    let at = map.min + vec2(14.0, 10.0);
    // The estimate of the text's width is generous; the height is the font's line.
    let size = vec2(text_width(&text, 30.0, LabelStyle::Major) * 0.9, 36.0);
    Rect::from_min_size(at, size).expand2(vec2(10.0, 4.0))
}

/// The window's scale bar, bottom left, for a bar of at most `max_pixels`.
pub fn scale_bar_box(map: Rect, max_pixels: f32) -> Rect {
    let left = pos2(map.min.x + 16.0, map.max.y - 22.0);
    Rect::from_min_max(left - vec2(8.0, 22.0), left + vec2(max_pixels + 8.0, 10.0))
}

/// The window's credits, bottom right, with the tiles' credit before the basemap's if any.
pub fn attribution_box(map: Rect, tiles_credit: Option<&str>) -> Rect {
    let chars = tiles_credit.map_or(0, |c| c.chars().count() + 3) + ATTRIBUTION.chars().count();
    let size = vec2(chars as f32 * 11.5 * 0.55, 15.0);
    let at = map.max - vec2(6.0, 4.0);
    Rect::from_min_size(at - size, size).expand(3.0)
}

/// The longest scale bar the window draws, in pixels.
pub const SCALE_BAR_PIXELS: f32 = 140.0;

/// Every box the window draws over a map of `map` (outside presentation mode).
pub fn window_boxes(map: Rect, day: Option<Day>, tiles_credit: Option<&str>) -> Vec<Rect> {
    vec![
        date_box(map, day),
        scale_bar_box(map, SCALE_BAR_PIXELS),
        attribution_box(map, tiles_credit),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_boxes_sit_in_their_corners_inside_the_map() {
        let map = Rect::from_min_size(pos2(100.0, 50.0), vec2(670.0, 560.0));
        let day = Day::from_ymd(2023, 9, 20);
        let [date, scale, credits] = window_boxes(map, day, None)[..] else {
            panic!("three boxes");
        };
        for b in [date, scale, credits] {
            assert!(map.contains_rect(b), "{b:?} outside {map:?}");
        }
        assert!(date.top() < map.top() + 10.0 && date.left() < map.left() + 10.0);
        assert!(date.width() > 240.0, "{date:?} too narrow for the date");
        assert!(scale.bottom() > map.bottom() - 15.0 && scale.left() < map.left() + 10.0);
        assert!(credits.right() > map.right() - 5.0 && credits.bottom() > map.bottom() - 5.0);
        assert!(!date.intersects(scale) && !scale.intersects(credits));
    }
}
