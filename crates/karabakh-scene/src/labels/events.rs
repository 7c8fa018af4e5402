//! The day's events' labels and a selected event's: in red, beside their markers, or farther
//! out with a thin leader line where the places beside them are taken, so that what happened on
//! the chosen day is always named.

use emath::{Pos2, Rect, Vec2, pos2, vec2};

use super::{Placer, screen, text_width};
use crate::prepare::Part;
use crate::{Label, LabelStyle, Prepared, SceneInputs};
use karabakh_data::{Dataset, Kind};

/// The size of an event's label.
const SIZE: f32 = 14.0;

/// One of the day's events that found no room for a name, even with a leader line.
pub(super) struct Unnamed {
    pub feature: usize,
    pub anchor: Pos2,
    /// The radius of the widest marker at `anchor`.
    pub gap: f32,
    /// Its name in the key: the short name if it has one.
    pub text: String,
}

/// The day's events first of all, in their red, by their name or, where that finds no room,
/// their short name; returns which features they are, and those of them left without a name.
/// The events of `numbered` (numbered already) are not named again, only counted.
pub(super) fn place_events_of_the_day(
    placer: &mut Placer,
    prepared: &Prepared,
    inputs: &SceneInputs,
    names: &karabakh_data::ShownNames,
    numbered: &[usize],
    points: &mut Vec<Pos2>,
) -> (Vec<usize>, Vec<Unnamed>) {
    let dataset = placer.dataset;
    let mut labelled = Vec::new();
    let mut unnamed = Vec::new();
    for &i in &prepared.labelled {
        let i = i as usize;
        let (Some(feature), Some(geometry)) = (dataset.features.get(i), prepared.features.get(i))
        else {
            continue;
        };
        if !placer.scene.visible.contains(&i) || !crate::is_of_the_day(feature, inputs.day) {
            continue;
        }
        labelled.push(i);
        if numbered.contains(&i) {
            continue;
        }
        let texts = event_names(names, i, feature);
        for (p, gap) in placer.anchors(&geometry.parts, &inputs.view, points) {
            let before = placer.labels.len();
            let placed = texts
                .iter()
                .any(|name| placer.place(name, p, gap, SIZE, LabelStyle::Major, Some(i)))
                || texts
                    .iter()
                    .any(|name| placer.place_with_leader(name, p, gap, Some(i), &LEADER_REACH));
            if placed && let Some(label) = placer.labels.get_mut(before) {
                label.color = crate::style::event_label_color(inputs.dark);
            } else if !placed && let Some(text) = texts.last() {
                unnamed.push(Unnamed {
                    feature: i,
                    anchor: p,
                    gap,
                    text: text.clone(),
                });
            }
        }
    }
    // An event named at one of its points needs no number at another.
    unnamed.retain(|u| !placer.labels.iter().any(|l| l.feature == Some(u.feature)));
    unnamed.dedup_by_key(|u| u.feature);
    (labelled, unnamed)
}

/// An event's name, then its short name if it has one.
fn event_names(
    names: &karabakh_data::ShownNames,
    i: usize,
    feature: &karabakh_data::Feature,
) -> Vec<String> {
    [
        Some(names.of(i, feature)),
        feature.extra.get("short_name").cloned(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The events `features` (of the day, numbered in an earlier pass) as unnamed, at their first
/// point in view: numbered before the towns are named, their badges find room.
pub(super) fn unnamed_events(
    placer: &Placer,
    prepared: &Prepared,
    inputs: &SceneInputs,
    names: &karabakh_data::ShownNames,
    features: &[usize],
) -> Vec<Unnamed> {
    let mut points = Vec::new();
    features
        .iter()
        .filter_map(|&i| {
            let feature = placer.dataset.features.get(i)?;
            let geometry = prepared.features.get(i)?;
            let (anchor, gap) = *placer
                .anchors(&geometry.parts, &inputs.view, &mut points)
                .first()?;
            Some(Unnamed {
                feature: i,
                anchor,
                gap,
                text: event_names(names, i, feature).pop()?,
            })
        })
        .collect()
}

/// How far out a label with a leader line may go, beyond the marker's radius, in pixels.
pub(super) const LEADER_REACH: [f32; 10] = [
    18.0, 30.0, 44.0, 60.0, 80.0, 105.0, 135.0, 170.0, 210.0, 250.0,
];
/// Directions tried at each reach, in twelfths of a turn: right and left first (where text
/// reads on from its line), then the diagonals, then up and down.
const LEADER_DIRECTIONS: [f32; 12] = [0.0, 6.0, 1.0, 11.0, 5.0, 7.0, 2.0, 10.0, 4.0, 8.0, 3.0, 9.0];

impl Placer<'_> {
    /// Places `text` farther out from `anchor` (a marker of radius `gap`), with a thin line to
    /// it, where the eight positions beside it are taken: the day's events are always named.
    /// The line too keeps clear of other labels and symbols, and later labels of it.
    pub(super) fn place_with_leader(
        &mut self,
        text: &str,
        anchor: Pos2,
        gap: f32,
        feature: Option<usize>,
        reaches: &[f32],
    ) -> bool {
        let size = vec2(text_width(text, SIZE, LabelStyle::Major), SIZE * 1.25);
        self.current = feature;
        let Some((rect, leader)) = self.leader_spot(anchor, gap, size, reaches) else {
            return false;
        };
        self.push_label(text, rect, SIZE, LabelStyle::Major, feature, anchor);
        self.take_leader(leader);
        true
    }

    /// The nearest free place for a box of `size` out from `anchor` (a marker of radius
    /// `gap`), at one of `reaches`, with a free line to it.
    pub(super) fn leader_spot(
        &self,
        anchor: Pos2,
        gap: f32,
        size: Vec2,
        reaches: &[f32],
    ) -> Option<(Rect, [Pos2; 2])> {
        reaches.iter().find_map(|&reach| {
            LEADER_DIRECTIONS.iter().find_map(|&twelfth| {
                let angle = twelfth / 12.0 * std::f32::consts::TAU;
                let (rect, leader) = leader_candidate(anchor, gap, reach, angle, size);
                (self.free_beside(rect.expand(1.5), anchor)
                    && self.line_is_free(leader, anchor, gap))
                .then_some((rect, leader))
            })
        })
    }

    /// Takes the room of `leader`, the line of the label placed last.
    pub(super) fn take_leader(&mut self, leader: [Pos2; 2]) {
        for step in line_steps(leader) {
            self.taken.push(step);
        }
        if let Some(label) = self.labels.last_mut() {
            label.leader = Some(leader);
        }
    }

    /// Whether a leader line meets no label placed and no symbol but those at `anchor` or
    /// overlapping its marker (of radius `gap`): a line leaving a cluster of symbols (the
    /// events at Stepanakert, its town's square) may pass over the cluster's own.
    fn line_is_free(&self, leader: [Pos2; 2], anchor: Pos2, gap: f32) -> bool {
        line_steps(leader).all(|r| {
            !self.taken.near(r).any(|t| t.intersects(r))
                && !self.held_by_other(r)
                && !self.marker_in(r, |m| m.center().distance(anchor) >= gap.max(2.0))
        })
    }
}

/// A label of `size` whose nearest side is `reach` beyond a marker of radius `gap` at
/// `anchor`, in the direction `angle` (radians, clockwise from east on screen); and its leader
/// line, from the marker's edge to the label.
fn leader_candidate(
    anchor: Pos2,
    gap: f32,
    reach: f32,
    angle: f32,
    size: Vec2,
) -> (Rect, [Pos2; 2]) {
    let towards = vec2(angle.cos(), angle.sin());
    let end = anchor + towards * (gap + reach);
    // The label hangs off the line's end by the side facing the marker.
    let rect = if towards.x > 0.35 {
        Rect::from_min_size(pos2(end.x, end.y - size.y / 2.0), size)
    } else if towards.x < -0.35 {
        Rect::from_min_size(pos2(end.x - size.x, end.y - size.y / 2.0), size)
    } else if towards.y < 0.0 {
        Rect::from_min_size(pos2(end.x - size.x / 2.0, end.y - size.y), size)
    } else {
        Rect::from_min_size(pos2(end.x - size.x / 2.0, end.y), size)
    };
    (rect, [anchor + towards * (gap + 1.5), end])
}

/// Small squares along a leader line, short of its ends (one touches the marker, the other
/// its label): what it covers, for tests of room.
fn line_steps([from, to]: [Pos2; 2]) -> impl Iterator<Item = Rect> {
    let length = from.distance(to);
    let count = (length / 4.0).floor() as usize;
    (1..count).map(move |n| {
        let at = from + (to - from) * (n as f32 / count as f32);
        Rect::from_center_size(at, vec2(3.0, 3.0))
    })
}

/// Labels for the selected events that have none among `labels` (a selected event is named
/// wherever it is): beside its point, clear of `labels` and of the furniture where there is
/// room, else to its right.
pub fn selected_event_labels(
    dataset: &Dataset,
    prepared: &Prepared,
    inputs: &SceneInputs,
    labels: &[Label],
    selected: &[usize],
) -> Vec<Label> {
    const SIZE: f32 = 14.0;
    // Beyond the event's marker of the day and its ring.
    const GAP: f32 = 14.0;
    let names = dataset.names_on(inputs.names, inputs.day);
    let bounds = inputs.view.screen_rect();
    // Clear of the boxes over the map too (a slide's legend), where there is room.
    let mut taken: Vec<Rect> = labels.iter().map(|l| l.rect).collect();
    taken.extend(&inputs.furniture);
    let mut out = Vec::new();
    for &i in selected {
        let (Some(feature), Some(geometry)) = (dataset.features.get(i), prepared.features.get(i))
        else {
            continue;
        };
        if feature.kind != Kind::Event || labels.iter().any(|l| l.feature == Some(i)) {
            continue;
        }
        let Some(Part::Point(w)) = geometry.parts.first() else {
            continue;
        };
        let p = screen(&inputs.view, *w);
        if !bounds.contains(p) {
            continue;
        }
        let text = names.of(i, feature);
        let (w, h) = (text_width(&text, SIZE, LabelStyle::Major), SIZE * 1.25);
        let candidates = [
            Rect::from_min_size(pos2(p.x + GAP, p.y - h / 2.0), vec2(w, h)),
            Rect::from_min_size(pos2(p.x - GAP - w, p.y - h / 2.0), vec2(w, h)),
            Rect::from_min_size(pos2(p.x - w / 2.0, p.y - GAP - h), vec2(w, h)),
            Rect::from_min_size(pos2(p.x - w / 2.0, p.y + GAP), vec2(w, h)),
        ];
        let inside = |r: &&Rect| bounds.contains_rect(**r);
        let rect = candidates
            .iter()
            .filter(inside)
            .find(|r| !taken.iter().any(|t| t.intersects(**r)))
            .or_else(|| candidates.iter().find(inside))
            .copied()
            .unwrap_or(candidates[0]);
        taken.push(rect);
        out.push(Label {
            text,
            rect,
            size: SIZE,
            color: crate::style::event_label_color(inputs.dark),
            halo: inputs.palette().halo,
            style: LabelStyle::Major,
            feature: Some(i),
            dot: None,
            leader: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::LabelStyle;
    use crate::labels::tests::{dossier_and_days, window_inputs};
    use crate::view::{HOME_BOUNDS, View};

    /// On every event date of the dossier, at the home view of the default window's map
    /// (670×560) and of a 1600×1000 one, with the window's boxes over it: every event of the
    /// day in view is named, by a label (beside it or on a leader line) or by a numbered badge
    /// listed in the key; and no two labels, badges or boxes overlap.
    #[test]
    fn every_event_of_the_day_is_named_and_no_labels_overlap() {
        let (dataset, prepared, days) = dossier_and_days();
        let (mut named, mut leaders, mut numbered) = (0, 0, 0);
        let mut unnamed = Vec::new();
        for (w, h) in [(670.0, 560.0), (1600.0, 1000.0)] {
            let view = View::fit(HOME_BOUNDS, w, h, 8.0);
            for &day in &days {
                let inputs = window_inputs(view, Some(day));
                let scene = crate::build(&dataset, &prepared, &inputs);
                let at = format!("on {day} in {w}×{h}");
                for (n, a) in scene.labels.iter().enumerate() {
                    for b in &scene.labels[n + 1..] {
                        assert!(
                            !a.rect.intersects(b.rect),
                            "{} over {} {at}",
                            a.text,
                            b.text
                        );
                    }
                    for f in &inputs.furniture {
                        assert!(!a.rect.intersects(*f), "{} under a box {at}", a.text);
                    }
                    assert!(
                        view.screen_rect().contains_rect(a.rect),
                        "{} cut {at}",
                        a.text
                    );
                }
                let key = scene.labels.iter().find(|l| l.style == LabelStyle::Key);
                let keyed = key.map(crate::labels::key_rows).unwrap_or_default();
                for &i in &scene.visible {
                    let (Some(feature), Some(geometry)) =
                        (dataset.features.get(i), prepared.features.get(i))
                    else {
                        continue;
                    };
                    if !crate::is_of_the_day(feature, Some(day)) {
                        continue;
                    }
                    let in_view = geometry.parts.iter().any(|p| match p {
                        crate::prepare::Part::Point(w) => {
                            let [x, y] = view.screen_from_world(*w);
                            view.screen_rect().contains(emath::pos2(x, y))
                        }
                        _ => false,
                    });
                    if !in_view {
                        continue;
                    }
                    let label = scene.labels.iter().find(|l| l.feature == Some(i));
                    let Some(label) = label else {
                        unnamed.push(format!("{} {at}", feature.id));
                        continue;
                    };
                    if label.style == LabelStyle::Badge {
                        numbered += 1;
                        assert!(
                            keyed.iter().any(|row| row.number == label.text),
                            "{}'s number {} not in the key {at}",
                            feature.id,
                            label.text
                        );
                    } else {
                        named += 1;
                    }
                    leaders += usize::from(label.leader.is_some());
                }
            }
        }
        eprintln!("{named} named, {leaders} on leader lines, {numbered} numbered");
        assert!(unnamed.is_empty(), "unnamed: {unnamed:#?}");
        assert!(named > 10, "{named} events named");
        assert!(leaders > 0, "no label needed a leader line");
        assert!(numbered > 0, "no event needed a number");
    }
}
