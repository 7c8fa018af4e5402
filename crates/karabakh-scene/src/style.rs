//! How each kind of thing looks: colours and widths chosen to read on a projector.
//! Nothing is thinner than 1.5 px at 1×; approximate geometry is dashed.

mod imported;
mod marker;

use ecolor::Color32;
use emath::Pos2;

pub use crate::hatch::{Hatch, HatchPattern};
pub use imported::*;
use karabakh_data::{Control, Feature, HeldBy, Kind};
pub use marker::*;

/// The look of one feature.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FeatureStyle {
    pub fill: Color32,
    pub stroke: Color32,
    pub width: f32,
    /// A wider line drawn under the stroke (roads), if any.
    pub casing: Option<(Color32, f32)>,
    pub symbol: Symbol,
    /// Marker radius in pixels.
    pub radius: f32,
    /// Lines over the fill (areas of control), if any.
    pub hatch: Option<Hatch>,
}

/// Colours of the map itself.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    pub sea: Color32,
    pub land: Color32,
    pub land_focus: Color32,
    pub border: Color32,
    pub province: Color32,
    pub water: Color32,
    pub water_line: Color32,
    pub label: Color32,
    pub label_minor: Color32,
    pub halo: Color32,
    pub country_label: Color32,
    pub highlight: Color32,
    pub hover: Color32,
}

pub const LIGHT: Palette = Palette {
    sea: Color32::from_rgb(0xdd, 0xe6, 0xea),
    land: Color32::from_rgb(0xf1, 0xee, 0xe6),
    land_focus: Color32::from_rgb(0xf7, 0xf4, 0xec),
    border: Color32::from_rgb(0x7a, 0x6a, 0x7e),
    province: Color32::from_rgb(0xc6, 0xbc, 0xc4),
    water: Color32::from_rgb(0xa9, 0xcf, 0xe0),
    water_line: Color32::from_rgb(0x5d, 0x9c, 0xc4),
    label: Color32::from_rgb(0x22, 0x22, 0x28),
    label_minor: Color32::from_rgb(0x5a, 0x58, 0x5e),
    halo: Color32::from_rgba_premultiplied(0xff, 0xff, 0xff, 0xe0),
    country_label: Color32::from_rgb(0x7a, 0x6a, 0x7e),
    highlight: Color32::from_rgb(0xff, 0xc8, 0x00),
    hover: Color32::from_rgb(0x00, 0xa0, 0xd8),
};

/// The dark theme: dark land, light labels with a dark halo; the dossier's colours stay.
pub const DARK: Palette = Palette {
    sea: Color32::from_rgb(0x1b, 0x22, 0x2a),
    land: Color32::from_rgb(0x2b, 0x2d, 0x31),
    land_focus: Color32::from_rgb(0x33, 0x35, 0x3a),
    border: Color32::from_rgb(0xb8, 0xa8, 0xbc),
    province: Color32::from_rgb(0x5a, 0x56, 0x60),
    water: Color32::from_rgb(0x2a, 0x4d, 0x66),
    water_line: Color32::from_rgb(0x5d, 0x9c, 0xc4),
    label: Color32::from_rgb(0xf0, 0xf0, 0xf0),
    label_minor: Color32::from_rgb(0xc0, 0xc0, 0xc6),
    halo: Color32::from_rgba_premultiplied(0x14, 0x14, 0x18, 0xe0),
    country_label: Color32::from_rgb(0xb8, 0xa8, 0xbc),
    highlight: Color32::from_rgb(0xff, 0xc8, 0x00),
    hover: Color32::from_rgb(0x40, 0xc0, 0xf0),
};

/// The colour a feature asks for in its `color` property (`#rrggbb`), if any.
pub fn color_hint(feature: &Feature) -> Option<Color32> {
    let hex = feature.extra.get("color")?.strip_prefix('#')?;
    if hex.len() != 6 {
        return None;
    }
    let value = u32::from_str_radix(hex, 16).ok()?;
    Some(Color32::from_rgb(
        (value >> 16) as u8,
        (value >> 8) as u8,
        value as u8,
    ))
}

const fn with_alpha(c: Color32, alpha: u8) -> Color32 {
    Color32::from_rgba_unmultiplied_const(c.r(), c.g(), c.b(), alpha)
}

/// What a kind's style does not say: a black line of 2 px, a circle of 5 px.
const BASE: FeatureStyle = FeatureStyle {
    fill: Color32::TRANSPARENT,
    stroke: Color32::BLACK,
    width: 2.0,
    casing: None,
    symbol: Symbol::Circle,
    radius: 5.0,
    hatch: None,
};

const REGION_BROWN: Color32 = Color32::from_rgb(0x9c, 0x5a, 0x2e);
const PEACEKEEPERS_GREEN: Color32 = Color32::from_rgb(0x2e, 0x8b, 0x57);
/// Imported material: one hue, distinct from the dossier's.
const IMPORTED_PURPLE: Color32 = Color32::from_rgb(0x8e, 0x44, 0xad);

/// A marker filled in `fill`, outlined in white.
const fn white_outlined(fill: Color32, symbol: Symbol, radius: f32) -> FeatureStyle {
    FeatureStyle {
        fill,
        stroke: Color32::WHITE,
        symbol,
        radius,
        ..BASE
    }
}

const COUNTRY: FeatureStyle = FeatureStyle {
    fill: Color32::from_rgba_unmultiplied_const(0xff, 0xff, 0xff, 0x50),
    stroke: Color32::from_rgb(0x6b, 0x5b, 0x70),
    width: 1.8,
    ..BASE
};
const LAKE: FeatureStyle = FeatureStyle {
    fill: LIGHT.water,
    stroke: LIGHT.water_line,
    width: 1.5,
    ..BASE
};
const RIVER: FeatureStyle = FeatureStyle {
    stroke: LIGHT.water_line,
    width: 2.2,
    ..BASE
};
const REGION: FeatureStyle = FeatureStyle {
    fill: with_alpha(REGION_BROWN, 0x26),
    stroke: REGION_BROWN,
    width: 2.6,
    ..BASE
};
const FRONT_LINE: FeatureStyle = FeatureStyle {
    stroke: Color32::from_rgb(0xb0, 0x1e, 0x2d),
    width: 3.2,
    ..BASE
};
const ROAD: FeatureStyle = FeatureStyle {
    stroke: Color32::from_rgb(0xe0, 0x6a, 0x00),
    width: 4.0,
    casing: Some((Color32::WHITE, 7.0)),
    ..BASE
};
const CHECKPOINT: FeatureStyle =
    white_outlined(Color32::from_rgb(0x1f, 0x4e, 0xa8), Symbol::Square, 8.0);
const PEACEKEEPER_BASE: FeatureStyle = white_outlined(PEACEKEEPERS_GREEN, Symbol::Diamond, 9.0);
const PEACEKEEPER_POST: FeatureStyle = white_outlined(PEACEKEEPERS_GREEN, Symbol::Triangle, 7.5);
const MONITORING_CENTRE: FeatureStyle =
    white_outlined(Color32::from_rgb(0x6d, 0x5a, 0x8c), Symbol::Square, 6.5);
const TOWN: FeatureStyle = FeatureStyle {
    fill: Color32::WHITE,
    stroke: Color32::from_rgb(0x22, 0x22, 0x28),
    radius: 4.5,
    ..BASE
};
const PLACE: FeatureStyle = white_outlined(IMPORTED_PURPLE, Symbol::Circle, 6.0);
const LINE: FeatureStyle = FeatureStyle {
    stroke: IMPORTED_PURPLE,
    width: 3.0,
    ..BASE
};
const AREA: FeatureStyle = FeatureStyle {
    fill: with_alpha(IMPORTED_PURPLE, 0x30),
    stroke: IMPORTED_PURPLE,
    width: 2.2,
    ..BASE
};
const EVENT: FeatureStyle = white_outlined(EVENT_RED, Symbol::Circle, 8.0);

/// The red of events.
pub const EVENT_RED: Color32 = Color32::from_rgb(0xd6, 0x1f, 0x26);

/// The look of an event on its day: larger, in its colour, with a wide white halo, so that it
/// stands out over the areas, lines and bases under it in either theme.
pub fn of_the_day(style: &FeatureStyle) -> FeatureStyle {
    FeatureStyle {
        fill: style.fill.to_opaque(),
        stroke: Color32::WHITE,
        width: 3.0,
        radius: style.radius.max(10.0),
        ..*style
    }
}

/// The colour of an event's label on its day: a dark red on the light map, a light one on
/// the dark map (both against their halo).
pub fn event_label_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0xff, 0x8a, 0x80)
    } else {
        Color32::from_rgb(0xb0, 0x10, 0x18)
    }
}

/// The default look of a kind; `feature_style` refines it per feature.
pub fn kind_style(kind: Kind) -> FeatureStyle {
    match kind {
        Kind::Country => COUNTRY,
        Kind::Lake => LAKE,
        Kind::River => RIVER,
        Kind::Region => REGION,
        Kind::FrontLine => FRONT_LINE,
        Kind::Road => ROAD,
        Kind::Checkpoint => CHECKPOINT,
        Kind::PeacekeeperBase => PEACEKEEPER_BASE,
        Kind::PeacekeeperPost => PEACEKEEPER_POST,
        Kind::MonitoringCentre => MONITORING_CENTRE,
        Kind::Town => TOWN,
        Kind::Place => PLACE,
        Kind::Line => LINE,
        Kind::Area => AREA,
        Kind::Event => EVENT,
        // An area of control that does not say who held it cannot load; this is the grey of
        // an unknown holder, for the legend.
        Kind::Control => control_style(Control {
            held_by: HeldBy::AzerbaijanSsr,
            peacekeepers: false,
        }),
    }
}

/// The hue of each side's areas: muted, so that the lines, points and labels over them read.
pub fn held_by_color(held_by: HeldBy) -> Color32 {
    match held_by {
        // Warm, as the dossier's 1994–2020 held area always was.
        HeldBy::ArmenianForces => Color32::from_rgb(0xc0, 0x6a, 0x2e),
        HeldBy::Azerbaijan => Color32::from_rgb(0x2f, 0x7f, 0x9a),
        // The peacekeepers' green, as their bases and posts.
        HeldBy::RussianPeacekeepers => PEACEKEEPERS_GREEN,
        HeldBy::AzerbaijanSsr => Color32::from_rgb(0x80, 0x80, 0x88),
    }
}

/// The green outline of an area where Russian peacekeepers were deployed.
pub const PEACEKEEPERS_OUTLINE: Color32 = Color32::from_rgb(0x1f, 0x7a, 0x45);

/// The look of an area of control: a muted fill in its side's hue, a thin outline of the same,
/// or a green one where the peacekeepers were; and a texture that tells the sides apart
/// without colour (greyscale print, colour blindness): Armenian-held areas hatched "/", the
/// peacekeepers' own area cross-hatched, Azerbaijani-held areas plain.
pub fn control_style(control: Control) -> FeatureStyle {
    let c = held_by_color(control.held_by);
    let (stroke, width) = if control.peacekeepers {
        (PEACEKEEPERS_OUTLINE, 2.6)
    } else {
        (c, 1.6)
    };
    FeatureStyle {
        fill: with_alpha(c, 0x40),
        stroke,
        width,
        hatch: control_hatch(control.held_by),
        ..BASE
    }
}

/// The hatching of a side's areas.
pub fn control_hatch(held_by: HeldBy) -> Option<Hatch> {
    let c = held_by_color(held_by);
    match held_by {
        HeldBy::ArmenianForces => Some(Hatch {
            pattern: HatchPattern::Diagonal,
            color: with_alpha(c, 0xc0),
            spacing: 7.0,
            width: 1.6,
        }),
        HeldBy::RussianPeacekeepers => Some(Hatch {
            pattern: HatchPattern::Cross,
            color: with_alpha(c, 0xc0),
            spacing: 6.0,
            width: 1.2,
        }),
        HeldBy::Azerbaijan | HeldBy::AzerbaijanSsr => None,
    }
}

/// The look of a feature: its kind's style, in the colour it asks for.
pub fn feature_style(feature: &Feature) -> FeatureStyle {
    let mut style = match (feature.kind, feature.control) {
        (Kind::Control, Some(control)) => control_style(control),
        (kind, _) => kind_style(kind),
    };
    if let Some(c) = color_hint(feature) {
        match feature.kind {
            Kind::Region | Kind::Country | Kind::Lake | Kind::Area | Kind::Control => {
                style.fill = with_alpha(c, style.fill.a().max(0x26));
                style.stroke = c;
            }
            Kind::Town
            | Kind::Event
            | Kind::Checkpoint
            | Kind::PeacekeeperBase
            | Kind::PeacekeeperPost
            | Kind::MonitoringCentre
            | Kind::Place => {
                style.fill = c;
            }
            Kind::River | Kind::FrontLine | Kind::Road | Kind::Line => style.stroke = c,
        }
    }
    style
}

/// Dash and gap lengths in pixels for approximate geometry of this width.
pub fn dash_pattern(width: f32) -> (f32, f32) {
    (width * 3.0 + 4.0, width * 1.6 + 3.0)
}

/// The dot of a basemap place, which has no marker of its own: a small grey circle.
pub fn place_dot(center: Pos2) -> Marker {
    Marker {
        center,
        symbol: Symbol::Circle,
        radius: 2.6,
        fill: Color32::from_rgb(0x55, 0x55, 0x5c),
        stroke: Color32::WHITE,
        width: 1.2,
        approximate: false,
    }
}
