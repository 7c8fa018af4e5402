//! The sizes a slide is made at: the map panel's own shape, or a projector's 16:9 and 4:3.

use crate::view::View;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SlideSize {
    /// The map panel's shape, at the scale chosen.
    #[default]
    Panel,
    /// 16:9, 1920 × 1080 pixels.
    Wide,
    /// 4:3, 1600 × 1200 pixels.
    Standard,
}

impl SlideSize {
    pub const ALL: [SlideSize; 3] = [SlideSize::Panel, SlideSize::Wide, SlideSize::Standard];

    pub fn label(self) -> &'static str {
        match self {
            SlideSize::Panel => "Map panel's shape",
            SlideSize::Wide => "16:9 (1920 × 1080)",
            SlideSize::Standard => "4:3 (1600 × 1200)",
        }
    }

    /// The picture's pixels, where fixed.
    pub fn pixels(self) -> Option<(f32, f32)> {
        match self {
            SlideSize::Panel => None,
            SlideSize::Wide => Some((1920.0, 1080.0)),
            SlideSize::Standard => Some((1600.0, 1200.0)),
        }
    }

    /// The view and pixel scale that make a picture of this size from the panel's `view` at
    /// `scale`: the same centre and zoom (the map as on screen, its extent widened or narrowed
    /// to the shape), about as many logical pixels as the panel (so the furniture keeps its
    /// proportions), and exactly the pixels promised.
    pub fn fit(self, view: &View, scale: f32) -> (View, f32) {
        match self.pixels() {
            Some((w, h)) => fit_pixels(view, w, h),
            None => (*view, scale),
        }
    }
}

/// The view and pixel scale that make a picture of exactly `w` × `h` pixels from the panel's
/// `view`: the same centre and zoom, about as many logical pixels as the panel (so the
/// furniture keeps its proportions). An animation's frames are sized so too.
pub fn fit_pixels(view: &View, w: f32, h: f32) -> (View, f32) {
    // Logical widths that make whole logical heights: multiples of 16 (16:9) or 4 (4:3).
    let step = if (w * 9.0 - h * 16.0).abs() < 1.0 {
        16.0
    } else {
        4.0
    };
    let area = (view.width * view.height).max(1.0);
    let s = ((w * h) / area).sqrt();
    // A small picture is the slide drawn smaller, not a slide crowded into few units.
    let logical = ((w / s / step).round() * step).clamp(640.0, w.max(1280.0));
    let fitted = View {
        width: logical,
        height: logical * h / w,
        ..*view
    };
    (fitted, w / logical)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_sizes_give_their_pixels_and_keep_the_map() {
        let panel = View::new(46.75, 39.8, 9.0, 1037.5, 701.0);
        for size in [SlideSize::Wide, SlideSize::Standard] {
            let (w, h) = size.pixels().expect("fixed");
            let (view, scale) = size.fit(&panel, 1.0);
            assert_eq!((view.width * scale).round(), w);
            assert_eq!((view.height * scale).round(), h);
            assert_eq!(view.height.fract(), 0.0, "{view:?}");
            assert_eq!(view.zoom, panel.zoom);
            assert_eq!(view.center, panel.center);
        }
        assert_eq!(SlideSize::Panel.fit(&panel, 2.0), (panel, 2.0));
    }
}
