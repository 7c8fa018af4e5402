//! Building a scene: which features are in view and on the map that day, drawn in order over
//! the basemap, then labelled.

use emath::Rect;

use karabakh_data::{Dataset, Feature};
use karabakh_time::Day;

use crate::items::Builder;
use crate::prepare::{Placement, Prepared};
use crate::presence::presence;
use crate::scene::{NOT_DRAWN, Scene, SceneInputs, Visible};
use crate::style::{FeatureStyle, LayerLook, kind_style};
use crate::view::{View, World};

/// Strokes and markers reach past their geometry: features this many pixels outside the
/// scene's extent are still drawn.
const CULL_MARGIN: f32 = 40.0;

/// Builds the scene for exactly `inputs.view`, as an export draws it.
pub fn build(dataset: &Dataset, prepared: &Prepared, inputs: &SceneInputs) -> Scene {
    build_padded(dataset, prepared, inputs, 0.0)
}

/// Builds the scene for `inputs`, with its items complete for `pad` pixels around the view on
/// every side, so that the window can pan that far without building it again.
pub fn build_padded(
    dataset: &Dataset,
    prepared: &Prepared,
    inputs: &SceneInputs,
    pad: f32,
) -> Scene {
    let started = std::time::Instant::now();
    let view = &inputs.view;
    let palette = inputs.palette();
    let extent = view.screen_rect().expand(pad.max(0.0));
    let mut out = Builder::new(view, extent, prepared.features.len() + 512);
    if inputs.basemap {
        out.basemap(prepared, &palette, inputs.relief);
    }
    let basemap_items = out.items.len();
    let culling = Culling::new(prepared, view, extent, dataset.features.len());
    let culled = started.elapsed();
    let drawn = draw_features(dataset, prepared, inputs, &culling, &mut out);
    let made = started.elapsed();
    let (visible, spans) = drawn.finish();
    let mut scene = Scene {
        inputs: inputs.clone(),
        extent,
        background: palette.sea,
        items: out.items,
        basemap_items,
        labels: Vec::new(),
        visible,
        spans,
        grid: std::sync::OnceLock::new(),
    };
    scene.labels = crate::labels::place(dataset, prepared, inputs, &scene, emath::Vec2::ZERO);
    log::trace!(
        "scene of {} items: culled in {culled:?}, items made by {made:?}, labels placed by {:?}",
        scene.items.len(),
        started.elapsed()
    );
    scene
}

/// The dossier's features that are in view, on the map on the day and in a layer shown, in
/// drawing order.
fn draw_features(
    dataset: &Dataset,
    prepared: &Prepared,
    inputs: &SceneInputs,
    culling: &Culling,
    out: &mut Builder,
) -> Drawn {
    let hidden: Vec<bool> = dataset
        .layers
        .iter()
        .map(|l| inputs.hidden_layers.contains(&l.id))
        .collect();
    let shown = |i: usize, place: &Placement| {
        culling.keeps(i, place) && !hidden.get(place.layer as usize).copied().unwrap_or(false)
    };
    let looks = layer_looks(dataset, inputs);
    let mut drawn = Drawn::new(dataset.features.len().min(prepared.features.len()));
    // The day's events are what a reader looks for first: they go over everything else.
    let mut of_the_day: Vec<(usize, World, FeatureStyle, bool)> = Vec::new();
    for &i in &prepared.draw_order {
        let i = i as usize;
        let (Some(place), Some(feature), Some(geometry)) = (
            prepared.placement.get(i),
            dataset.features.get(i),
            prepared.features.get(i),
        ) else {
            continue;
        };
        if !shown(i, place) {
            continue;
        }
        let look = looks.get(place.layer as usize);
        let Some(style) = style_on(feature, prepared, place, inputs.day, look) else {
            continue;
        };
        if let (Some(w), true) = (place.point, is_of_the_day(feature, inputs.day)) {
            of_the_day.push((i, w, crate::style::of_the_day(&style), place.dashed));
            continue;
        }
        let start = out.items.len();
        match place.point {
            // A point: its marker straight from the placement, the feature's geometry untouched.
            Some(w) => out.marker(i, w, &style, place.dashed),
            None => out.feature_items(i, geometry, &style, place.dashed),
        }
        drawn.push(i, start, out.items.len());
    }
    for (i, w, style, dashed) in of_the_day {
        let start = out.items.len();
        out.marker(i, w, &style, dashed);
        drawn.push(i, start, out.items.len());
    }
    drawn
}

/// Whether `feature` is an event happening on `day` (not one fading after its day, and none
/// when every date is shown).
pub fn is_of_the_day(feature: &Feature, day: Option<Day>) -> bool {
    feature.kind == karabakh_data::Kind::Event && day.is_some_and(|d| feature.visible_on(d))
}

/// A feature's style on `day`, faded if it is an event past its day, in its layer's `look` if it
/// is of a user's file and asks for no colour of its own; None if it is not on the map that
/// day.
fn style_on(
    feature: &Feature,
    prepared: &Prepared,
    place: &Placement,
    day: Option<Day>,
    look: Option<&LayerLook>,
) -> Option<FeatureStyle> {
    let opacity = if place.timeless {
        1.0
    } else {
        presence(feature, day)?
    };
    let mut style = *prepared.styles.get(place.style as usize)?;
    // A style equal to its kind's asked for no colour (a `color` property keeps its own).
    if let Some(look) = look.filter(|_| style == kind_style(feature.kind)) {
        look.apply(&mut style, feature.kind);
    }
    if opacity < 1.0 {
        style.fill = style.fill.gamma_multiply(opacity);
        style.stroke = style.stroke.gamma_multiply(opacity);
    }
    Some(style)
}

/// Which features are in view. With most features in view each one's box is checked as it
/// comes; with few, the tree finds them first.
struct Culling {
    min: World,
    max: World,
    /// Per feature, whether the tree found it; empty when every box is checked instead.
    found: Vec<bool>,
}

impl Culling {
    fn new(prepared: &Prepared, view: &View, extent: Rect, count: usize) -> Culling {
        let reach = extent.expand(CULL_MARGIN);
        let min = view.world_from_screen([reach.min.x, reach.min.y]);
        let max = view.world_from_screen([reach.max.x, reach.max.y]);
        let mut found = Vec::new();
        if !prepared.mostly_in(min, max) {
            found = vec![false; count];
            for i in prepared.features_in(min, max) {
                if let Some(slot) = found.get_mut(i) {
                    *slot = true;
                }
            }
        }
        Culling { min, max, found }
    }

    fn keeps(&self, i: usize, place: &Placement) -> bool {
        if self.found.is_empty() {
            place.meets(self.min, self.max)
        } else {
            self.found.get(i).copied().unwrap_or(false)
        }
    }
}

/// Where each drawn feature's items are, as they are made.
struct Drawn {
    /// Per dataset feature: its entry in `spans`, or [`NOT_DRAWN`].
    span: Vec<u32>,
    spans: Vec<(u32, u32)>,
}

impl Drawn {
    fn new(count: usize) -> Drawn {
        Drawn {
            span: vec![NOT_DRAWN; count],
            spans: Vec::new(),
        }
    }

    /// Feature `i` is drawn by the items `start..end`.
    fn push(&mut self, i: usize, start: usize, end: usize) {
        if let Some(slot) = self.span.get_mut(i) {
            *slot = self.spans.len() as u32;
            self.spans.push((start as u32, end as u32));
        }
    }

    fn finish(self) -> (Visible, Vec<(u32, u32)>) {
        (Visible::new(self.span), self.spans)
    }
}

/// The look of each of `dataset`'s layers, in its order: what the user chose in the legend,
/// else the layer's default colour.
pub fn layer_looks(dataset: &Dataset, inputs: &SceneInputs) -> Vec<LayerLook> {
    dataset
        .layers
        .iter()
        .enumerate()
        .map(|(n, l)| {
            inputs
                .layer_looks
                .get(&l.id)
                .copied()
                .unwrap_or_else(|| LayerLook::default_for(n))
        })
        .collect()
}
