//! The map's labels placed around a slide's boxes. A slide's title and credits are known before
//! the scene is built (they are its furniture); its legend, caption, scale bar and panels are
//! placed after, where they hide the least of the labelled map. Where one of them covers a
//! label, the labels are placed again, by the same placer, with every box an obstacle: the
//! names go to another place beside their point, out on a leader line or to a numbered badge
//! and the key, rather than vanish under the legend. The key is placed anew in that pass,
//! clear of the boxes.

use emath::Rect;

use super::Slide;
use crate::{LabelStyle, Prepared, Scene};
use karabakh_data::Dataset;

/// Places `scene`'s labels again, clear of every box of `slide`, if a box covers one of them;
/// the labels of the `selected` events are named again too (as the exporter names them). The
/// key of numbered events, one of `slide.boxes`, is replaced there by the key of the new pass.
pub fn place_labels_around(
    dataset: &Dataset,
    prepared: &Prepared,
    scene: &mut Scene,
    slide: &mut Slide,
    selected: &[usize],
) {
    let keys: Vec<Rect> = scene
        .labels
        .iter()
        .filter(|l| l.style == LabelStyle::Key)
        .map(|l| l.rect)
        .collect();
    let boxes: Vec<Rect> = slide
        .boxes
        .iter()
        .filter(|b| !keys.contains(b))
        .copied()
        .collect();
    let covered = scene
        .labels
        .iter()
        .any(|l| l.style != LabelStyle::Key && boxes.iter().any(|b| b.intersects(l.rect)));
    if !covered {
        return;
    }
    let mut inputs = scene.inputs.clone();
    inputs.furniture.clone_from(&boxes);
    // What the map named of the dossier keeps a name, out on a leader line if no place beside
    // it is free (not the points of a user's layer: thousands of lines would be tried).
    let of_the_dossier = |i: usize| {
        dataset
            .features
            .get(i)
            .is_some_and(|f| f.kind != karabakh_data::Kind::Place)
    };
    let keep = crate::labels::Keep::of(&scene.labels, of_the_dossier);
    let shift = emath::Vec2::ZERO;
    let mut labels = crate::labels::place_keeping(dataset, prepared, &inputs, scene, shift, &keep);
    let named = crate::labels::selected_event_labels(dataset, prepared, &inputs, &labels, selected);
    labels.extend(named);
    slide.boxes = boxes;
    slide.boxes.extend(
        labels
            .iter()
            .filter(|l| l.style == LabelStyle::Key)
            .map(|l| l.rect),
    );
    scene.labels = labels;
}
