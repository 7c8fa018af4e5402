//! The reading view's highlight colours, for the light and the dark theme: passages linked to
//! the selection strong, those of the feature under the pointer a step less, the other linked
//! passages quiet, a passage found by search apart, and suggested links (found mentions, not yet
//! reviewed) only underlined. Text on each stays readable (a test measures the contrast).

use egui::Color32;

/// The colours of the reading view in one theme.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    /// Any linked passage: barely there, so that a page of links still reads as text.
    pub linked: Color32,
    /// Passages of the selected features.
    pub selected: Color32,
    /// Passages of the feature under the pointer (on the map or in the text).
    pub hovered: Color32,
    /// A passage found by search.
    pub found: Color32,
    /// The underline of a suggested link.
    pub suggested: Color32,
    /// Text on the backgrounds above.
    pub text: Color32,
    /// The margin mark beside a linked passage, and its words.
    pub margin: Color32,
}

const LIGHT: Palette = Palette {
    linked: Color32::from_rgb(0xfd, 0xf7, 0xe4),
    selected: Color32::from_rgb(0xff, 0xb8, 0x40),
    hovered: Color32::from_rgb(0xff, 0xdf, 0x90),
    found: Color32::from_rgb(0xb8, 0xe0, 0xff),
    suggested: Color32::from_rgb(0x00, 0x7c, 0x70),
    text: Color32::from_rgb(0x1a, 0x1a, 0x1a),
    margin: Color32::from_rgb(0x8a, 0x5c, 0x00),
};

/// Dark: deep, desaturated ambers under light text, never a glaring yellow block.
const DARK: Palette = Palette {
    linked: Color32::from_rgb(0x33, 0x2e, 0x22),
    selected: Color32::from_rgb(0x6e, 0x4c, 0x0a),
    hovered: Color32::from_rgb(0x4d, 0x3d, 0x18),
    found: Color32::from_rgb(0x1d, 0x44, 0x66),
    suggested: Color32::from_rgb(0x4d, 0xc9, 0xb8),
    text: Color32::from_rgb(0xf0, 0xec, 0xe2),
    margin: Color32::from_rgb(0xe0, 0xb0, 0x50),
};

/// The palette for the theme.
pub fn palette(dark: bool) -> Palette {
    if dark { DARK } else { LIGHT }
}

/// WCAG's relative luminance.
fn luminance(c: Color32) -> f32 {
    let channel = |v: u8| {
        let v = f32::from(v) / 255.0;
        if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
}

/// WCAG's contrast ratio of two colours, 1 to 21.
pub fn contrast(a: Color32, b: Color32) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_reads_on_every_highlight_in_both_themes() {
        for dark in [false, true] {
            let p = palette(dark);
            for (what, background) in [
                ("linked", p.linked),
                ("selected", p.selected),
                ("hovered", p.hovered),
                ("found", p.found),
            ] {
                let ratio = contrast(p.text, background);
                // WCAG AA for body text.
                assert!(ratio >= 4.5, "dark {dark}: {what} {ratio}");
            }
        }
    }

    #[test]
    fn the_kinds_of_highlight_stay_apart_and_dark_has_no_bright_blocks() {
        for dark in [false, true] {
            let p = palette(dark);
            let steps = [p.linked, p.hovered, p.selected];
            // Quiet, then hovered, then selected: each a visible step from the last.
            for w in steps.windows(2) {
                assert!(contrast(w[0], w[1]) >= 1.2, "dark {dark}: {w:?}");
            }
        }
        let dark = palette(true);
        for background in [dark.linked, dark.hovered, dark.selected, dark.found] {
            assert!(
                luminance(background) < 0.12,
                "{background:?} glares in the dark"
            );
        }
        // The suggestion's underline shows on the page of either theme.
        assert!(contrast(LIGHT.suggested, Color32::from_gray(248)) >= 3.0);
        assert!(contrast(DARK.suggested, Color32::from_gray(27)) >= 3.0);
        // The margin marks are small words on the page: body-text contrast in both themes.
        assert!(contrast(LIGHT.margin, Color32::from_gray(248)) >= 4.5);
        assert!(contrast(DARK.margin, Color32::from_gray(27)) >= 4.5);
    }
}
