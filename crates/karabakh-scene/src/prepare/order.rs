//! The drawing order, and what a scene reads of each feature as it draws it (its layer, style,
//! box and point, in a [`Placement`]); which features get a label, most important first.

use std::collections::HashMap;

use ecolor::Color32;

use karabakh_data::{Control, Dataset, Feature, Kind};

use super::{Part, Prepared, PreparedFeature};
use crate::style::{FeatureStyle, color_hint, feature_style, kind_style};
use crate::view::World;

/// What a scene needs to know of each feature without touching the dataset: its layer (as an
/// index into `Dataset::layers`) and where it comes in the drawing order.
#[derive(Clone, Copy, Debug)]
pub struct Placement {
    pub layer: u32,
    /// Index in [`Prepared::styles`] (a big layer has few styles and many features).
    pub style: u32,
    /// Approximate geometry, drawn dashed.
    pub dashed: bool,
    /// On the map whatever the day (no dates): the scene need not look at its validity.
    pub timeless: bool,
    /// The feature's bounds in world coordinates, `[min x, min y, max x, max y]`, rounded
    /// outwards: enough to cull with, and beside the rest of what a scene reads.
    pub bounds: [f32; 4],
    /// Where it is, when it is a single point (most features of a big point layer): a scene
    /// draws it from here without looking further.
    pub point: Option<World>,
}

/// Bounds that meet nothing.
const EMPTY_BOUNDS: [f32; 4] = [
    f32::INFINITY,
    f32::INFINITY,
    f32::NEG_INFINITY,
    f32::NEG_INFINITY,
];

impl Placement {
    /// The placement of a feature not ordered: in no layer, nowhere.
    const NOWHERE: Placement = Placement {
        layer: u32::MAX,
        style: 0,
        dashed: false,
        timeless: false,
        bounds: EMPTY_BOUNDS,
        point: None,
    };

    fn of(feature: &Feature, prepared: &PreparedFeature, layer: u32, style: u32) -> Placement {
        Placement {
            layer,
            style,
            dashed: feature.accuracy.is_approximate(),
            timeless: feature.validity == karabakh_time::Validity::ALWAYS,
            bounds: rounded_out(prepared.bounds),
            point: match prepared.parts.as_slice() {
                [Part::Point(w)] if prepared.levels.is_empty() => Some(*w),
                _ => None,
            },
        }
    }

    pub fn meets(&self, min: World, max: World) -> bool {
        let [x0, y0, x1, y1] = self.bounds;
        f64::from(x0) <= max.x
            && f64::from(x1) >= min.x
            && f64::from(y0) <= max.y
            && f64::from(y1) >= min.y
    }
}

/// World bounds in `f32`, one step outwards, so that rounding never culls what is in view.
fn rounded_out((a, b): (World, World)) -> [f32; 4] {
    let down = |v: f64| (v as f32).next_down();
    let up = |v: f64| (v as f32).next_up();
    [down(a.x), down(a.y), up(b.x), up(b.y)]
}

/// The order in which kinds are drawn, bottom first.
pub fn draw_rank(kind: Kind) -> u8 {
    // Events go under the places they happen at: a town or a checkpoint stays readable with
    // the event's ring around it. Imported material goes under the dossier's own of its kind,
    // so that a big layer of someone else's does not hide the towns and the checkpoint.
    match kind {
        Kind::Country => 0,
        Kind::Lake => 2,
        Kind::Area => 3,
        Kind::Region => 4,
        // Who held what goes over the regions' fills, under every line, point and label.
        Kind::Control => 5,
        Kind::River => 6,
        Kind::FrontLine => 8,
        Kind::Line => 9,
        Kind::Road => 10,
        Kind::Place => 11,
        Kind::Event => 12,
        Kind::Town => 14,
        Kind::PeacekeeperPost => 16,
        Kind::MonitoringCentre => 17,
        Kind::PeacekeeperBase => 18,
        Kind::Checkpoint => 20,
    }
}

/// The styles features point to: a big layer has few and many features. A style follows from
/// the kind, the colour asked for and who held the area, so there is one for each such triple.
struct Styles {
    list: Vec<FeatureStyle>,
    index: HashMap<(Kind, Option<Color32>, Option<Control>), u32>,
}

impl Styles {
    fn new() -> Styles {
        Styles {
            // Where a feature not ordered points.
            list: vec![kind_style(Kind::Place)],
            index: HashMap::new(),
        }
    }

    /// The index of `feature`'s style, added if it is new.
    fn of(&mut self, feature: &Feature) -> u32 {
        let list = &mut self.list;
        *self
            .index
            .entry((feature.kind, color_hint(feature), feature.control))
            .or_insert_with(|| {
                list.push(feature_style(feature));
                list.len() as u32 - 1
            })
    }
}

impl Prepared {
    /// Orders the features and places each: called whenever features are added.
    pub(super) fn order(&mut self, dataset: &Dataset) {
        let count = self.features.len().min(dataset.features.len());
        let order = draw_order(dataset, &self.features[..count]);
        let layer_of: HashMap<&str, u32> = dataset
            .layers
            .iter()
            .enumerate()
            .map(|(i, l)| (l.id.as_str(), i as u32))
            .collect();
        let mut styles = Styles::new();
        let mut placement = vec![Placement::NOWHERE; self.features.len()];
        for &i in &order {
            let i = i as usize;
            let (Some(feature), Some(prepared), Some(slot)) = (
                dataset.features.get(i),
                self.features.get(i),
                placement.get_mut(i),
            ) else {
                continue;
            };
            let layer = layer_of.get(&*feature.layer).copied().unwrap_or(u32::MAX);
            *slot = Placement::of(feature, prepared, layer, styles.of(feature));
        }
        self.placement = placement;
        self.styles = styles.list;
        let importance = super::importance::town_importance(dataset, &self.basemap.places);
        self.labelled = labelled(dataset, count, &importance);
        self.major_towns = importance
            .iter()
            .filter(|&(_, &weight)| super::importance::is_major(weight))
            .map(|(&i, _)| i)
            .collect();
        self.draw_order = order;
    }
}

/// The drawing order: by kind, larger areas below smaller ones (so the smaller stays
/// clickable), then as listed.
fn draw_order(dataset: &Dataset, features: &[PreparedFeature]) -> Vec<u32> {
    let rank = |i: u32| {
        dataset
            .features
            .get(i as usize)
            .map_or(u8::MAX, |f| draw_rank(f.kind))
    };
    let area = |i: u32| features.get(i as usize).map_or(0.0, |f| f.area);
    let mut order: Vec<u32> = (0..features.len() as u32).collect();
    order.sort_by(|&a, &b| rank(a).cmp(&rank(b)).then(area(b).total_cmp(&area(a))));
    order
}

/// The first `count` features that get a label: towns first (the most important first, see
/// `importance`), then checkpoints, then events.
fn labelled(dataset: &Dataset, count: usize, importance: &HashMap<u32, u64>) -> Vec<u32> {
    let rank = |kind: Kind| match kind {
        Kind::Town => Some(0),
        Kind::Checkpoint => Some(1),
        Kind::Event => Some(2),
        // Points of the user's own files, by their name, after the dossier's.
        Kind::Place => Some(3),
        _ => None,
    };
    let mut labelled: Vec<(u8, std::cmp::Reverse<u64>, u32)> = dataset
        .features
        .iter()
        .take(count)
        .enumerate()
        .filter_map(|(i, f)| {
            let town = std::cmp::Reverse(importance.get(&(i as u32)).copied().unwrap_or(0));
            rank(f.kind).map(|k| (k, town, i as u32))
        })
        .collect();
    labelled.sort_unstable();
    labelled.into_iter().map(|(_, _, i)| i).collect()
}
