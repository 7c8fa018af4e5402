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

/// The day's events first of all, in their red, by their name or, where that finds no room,
/// their short name; returns which features they are.
pub(super) fn place_events_of_the_day(
    placer: &mut Placer,
    prepared: &Prepared,
    inputs: &SceneInputs,
    names: &karabakh_data::ShownNames,
    points: &mut Vec<Pos2>,
) -> Vec<usize> {
    let dataset = placer.dataset;
    let mut labelled = Vec::new();
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
        let texts: Vec<String> = [
            Some(names.of(i, feature)),
            feature.extra.get("short_name").cloned(),
        ]
        .into_iter()
        .flatten()
        .collect();
        for (p, gap) in placer.anchors(&geometry.parts, &inputs.view, points) {
            let before = placer.labels.len();
            let placed = texts
                .iter()
                .any(|name| placer.place(name, p, gap, SIZE, LabelStyle::Major, Some(i)))
                || texts
                    .iter()
                    .any(|name| placer.place_with_leader(name, p, gap, Some(i)));
            if placed && let Some(label) = placer.labels.get_mut(before) {
                label.color = crate::style::event_label_color(inputs.dark);
            }
        }
    }
    labelled
}

/// How far out a label with a leader line may go, beyond the marker's radius, in pixels.
const LEADER_REACH: [f32; 10] = [
    18.0, 30.0, 44.0, 60.0, 80.0, 105.0, 135.0, 170.0, 210.0, 250.0,
];
/// Directions tried at each reach, in twelfths of a turn: right and left first (where text
/// reads on from its line), then the diagonals, then up and down.
const LEADER_DIRECTIONS: [f32; 12] = [0.0, 6.0, 1.0, 11.0, 5.0, 7.0, 2.0, 10.0, 4.0, 8.0, 3.0, 9.0];

impl Placer<'_> {
    /// Places `text` farther out from `anchor` (a marker of radius `gap`), with a thin line to
    /// it, where the eight positions beside it are taken: the day's events are always named.
    /// The line too keeps clear of other labels and symbols, and later labels of it.
    fn place_with_leader(
        &mut self,
        text: &str,
        anchor: Pos2,
        gap: f32,
        feature: Option<usize>,
    ) -> bool {
        let size = vec2(text_width(text, SIZE, LabelStyle::Major), SIZE * 1.25);
        for reach in LEADER_REACH {
            for twelfth in LEADER_DIRECTIONS {
                let angle = twelfth / 12.0 * std::f32::consts::TAU;
                let (rect, leader) = leader_candidate(anchor, gap, reach, angle, size);
                if self.free_beside(rect.expand(1.5), anchor) && self.line_is_free(leader, anchor) {
                    self.push_label(text, rect, SIZE, LabelStyle::Major, feature, anchor);
                    for step in line_steps(leader) {
                        self.taken.push(step);
                    }
                    if let Some(label) = self.labels.last_mut() {
                        label.leader = Some(leader);
                    }
                    return true;
                }
            }
        }
        false
    }

    /// Whether a leader line meets no label placed and no symbol but those at `anchor`.
    fn line_is_free(&self, leader: [Pos2; 2], anchor: Pos2) -> bool {
        line_steps(leader).all(|r| {
            !self.taken.near(r).any(|t| t.intersects(r))
                && !self.marker_in(r, |m| m.center().distance(anchor) >= 2.0)
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
/// wherever it is): beside its point, clear of `labels` where there is room, else to its right.
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
    let mut taken: Vec<Rect> = labels.iter().map(|l| l.rect).collect();
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
    use crate::view::{HOME_BOUNDS, View};
    use crate::{Prepared, SceneInputs};
    use karabakh_data::basemap::Basemap;
    use karabakh_data::timeline::events_of;

    /// On every event date of the dossier, at the home view of a 1600×1000 map: no two labels
    /// overlap, leader lines name events where the places
    /// beside them are taken, and every event of the offensive's days is named. (Some events of
    /// other days still go unnamed, more in the default window's smaller map: the test prints
    /// them.)
    #[test]
    fn the_days_events_are_named_with_leader_lines_and_no_labels_overlap() {
        let dataset = karabakh_data::load_embedded();
        let prepared = Prepared::new(&dataset, &Basemap::embedded());
        let mut days: Vec<karabakh_time::Day> =
            events_of(&dataset).iter().map(|e| e.first).collect();
        days.dedup();
        let (mut named, mut leaders, mut unnamed) = (0, 0, Vec::<String>::new());
        for (w, h) in [(1600.0, 1000.0)] {
            let view = View::fit(HOME_BOUNDS, w, h, 8.0);
            for &day in &days {
                let mut inputs = SceneInputs::new(view);
                inputs.day = Some(day);
                let scene = crate::build(&dataset, &prepared, &inputs);
                for (n, a) in scene.labels.iter().enumerate() {
                    for b in &scene.labels[n + 1..] {
                        assert!(
                            !a.rect.intersects(b.rect),
                            "{} over {} on {day}",
                            a.text,
                            b.text
                        );
                    }
                }
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
                    if scene.labels.iter().any(|l| l.feature == Some(i)) {
                        named += 1;
                    } else {
                        unnamed.push(format!("{} on {day} in {w}×{h}", feature.id));
                    }
                    leaders += scene.labels.iter().filter(|l| l.leader.is_some()).count();
                }
            }
        }
        eprintln!("{named} named, {leaders} leaders, unnamed: {unnamed:?}");
        assert!(named > 10, "{named} events named");
        assert!(leaders > 0, "no label needed a leader line");
        // The offensive's days: every event named (20 September 2023's "Offensive" was not).
        assert!(
            !unnamed
                .iter()
                .any(|u| u.contains(" on 2023-09-19") || u.contains(" on 2023-09-20")),
            "{unnamed:?}"
        );
    }
}
