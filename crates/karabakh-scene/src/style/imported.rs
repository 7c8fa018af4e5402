//! The look of the user's own layers: a colour per layer from the Okabe–Ito palette (its
//! colours stay apart for readers with any common colour blindness), fills translucent so that
//! the dossier and the basemap show through, and what the user changes in the legend.

use ecolor::Color32;

use super::FeatureStyle;
use karabakh_data::Kind;

/// Okabe & Ito (2008), "Color Universal Design", without its black: orange, sky blue, bluish
/// green, yellow, blue, vermilion, reddish purple.
pub const OKABE_ITO: [Color32; 7] = [
    Color32::from_rgb(0xe6, 0x9f, 0x00),
    Color32::from_rgb(0x56, 0xb4, 0xe9),
    Color32::from_rgb(0x00, 0x9e, 0x73),
    Color32::from_rgb(0xf0, 0xe4, 0x42),
    Color32::from_rgb(0x00, 0x72, 0xb2),
    Color32::from_rgb(0xd5, 0x5e, 0x00),
    Color32::from_rgb(0xcc, 0x79, 0xa7),
];

/// How a user's layer is drawn: its colour, how opaque its fills are, how wide its lines.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayerLook {
    pub color: Color32,
    /// Of the fills, 0..1; outlines and points are drawn opaque.
    pub opacity: f32,
    /// Of lines and outlines, in pixels.
    pub width: f32,
}

impl LayerLook {
    /// The look of the `n`th layer until the user changes it.
    pub fn default_for(n: usize) -> LayerLook {
        LayerLook {
            color: OKABE_ITO[n % OKABE_ITO.len()],
            opacity: 0.25,
            width: 1.5,
        }
    }

    /// `style` (of a feature of `kind`) in this look; only the kinds of other people's files
    /// (areas, lines, places) change.
    pub fn apply(&self, style: &mut FeatureStyle, kind: Kind) {
        let opacity = self.opacity.clamp(0.0, 1.0);
        match kind {
            Kind::Area => {
                style.fill = self.color.gamma_multiply(opacity);
                style.stroke = self.color;
                style.width = self.width.max(0.5);
            }
            Kind::Line => {
                style.stroke = self.color;
                style.width = self.width.max(0.5);
            }
            Kind::Place => style.fill = self.color,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::kind_style;

    #[test]
    fn layers_get_distinct_colours_and_translucent_fills() {
        let colours: Vec<Color32> = (0..7).map(|n| LayerLook::default_for(n).color).collect();
        for (i, a) in colours.iter().enumerate() {
            assert!(colours.iter().skip(i + 1).all(|b| b != a));
        }
        let mut style = kind_style(Kind::Area);
        LayerLook::default_for(0).apply(&mut style, Kind::Area);
        assert!(
            style.fill.a() > 40 && style.fill.a() < 90,
            "{:?}",
            style.fill
        );
        assert_eq!(style.stroke, OKABE_ITO[0]);
        // The dossier's own kinds keep their look.
        let mut town = kind_style(Kind::Town);
        LayerLook::default_for(3).apply(&mut town, Kind::Town);
        assert_eq!(town, kind_style(Kind::Town));
    }
}
