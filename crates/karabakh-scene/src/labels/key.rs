//! Numbered badges and their key, as atlases do where names do not fit: the day's events that
//! found no room for a label, even with a leader line, get a small numbered disc beside their
//! marker and a line in a key box ("1  Offensive begins") placed where it hides the least,
//! clear of the map's other boxes. The window and the exporter draw the same labels.

use emath::{Rect, Vec2, pos2, vec2};

use super::events::{LEADER_REACH, Unnamed};
use super::{Placer, beside, text_width};
use crate::{Label, LabelStyle, SceneInputs};

/// The size of a badge's number and of the key's text.
const BADGE_TEXT: f32 = 11.0;
const KEY_TEXT: f32 = 12.5;
/// A badge's height, and a key's line.
const BADGE: f32 = 15.0;
const LINE: f32 = 18.0;
/// Inside the key box, around its lines.
const PAD: f32 = 6.0;
/// Between a key line's badge and its text.
const BADGE_GAP: f32 = 5.0;
/// The longest name in the key, in characters (longer ones end in "…").
const KEY_CHARS: usize = 34;
/// Between the key box and the edge of the map.
const MARGIN: f32 = 8.0;

/// The width of a badge showing `number`.
pub fn badge_width(number: &str) -> f32 {
    8.0 + 6.0 * number.chars().count() as f32
}

/// One line of a key box, laid out.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyRow {
    pub number: String,
    pub badge: Rect,
    pub text: String,
    /// The badge's and the name's colour: the events' red, or the map's ink for a place (a
    /// town a slide's box crowded out is no event of the day).
    pub color: ecolor::Color32,
    /// Where the text goes, by its left edge (its width is an estimate).
    pub text_rect: Rect,
}

/// What ends the key line of a place that is not an event: "3\tKhojavend / Martuni\tplace".
const PLACE_ROW: &str = "\tplace";

/// The map's ink on a key of `label`'s halo: the label colour of the palette, light or dark,
/// whose halo it is.
fn ink_on(label: &Label) -> ecolor::Color32 {
    if label.halo == crate::style::DARK.halo {
        crate::style::DARK.label
    } else {
        crate::style::LIGHT.label
    }
}

/// The lines of a key `label` (of [`LabelStyle::Key`]) in its box.
pub fn key_rows(label: &Label) -> Vec<KeyRow> {
    let widest = label
        .text
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(n, _)| badge_width(n))
        .fold(0.0, f32::max);
    label
        .text
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .enumerate()
        .map(|(row, (number, text))| {
            let (text, color) = match text.strip_suffix(PLACE_ROW) {
                Some(name) => (name, ink_on(label)),
                None => (text, label.color),
            };
            let top = label.rect.min.y + PAD + row as f32 * LINE;
            let badge = Rect::from_min_size(
                pos2(label.rect.min.x + PAD, top + (LINE - BADGE) / 2.0),
                vec2(badge_width(number), BADGE),
            );
            let x = label.rect.min.x + PAD + widest + BADGE_GAP;
            KeyRow {
                number: number.to_owned(),
                badge,
                text: text.to_owned(),
                color,
                text_rect: Rect::from_min_size(
                    pos2(x, top),
                    vec2(text_width(text, KEY_TEXT, LabelStyle::Major), LINE),
                ),
            }
        })
        .collect()
}

/// `name` cut to what the key shows.
fn key_name(name: &str) -> String {
    if name.chars().count() <= KEY_CHARS {
        return name.to_owned();
    }
    let cut: String = name.chars().take(KEY_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

/// The size of the key listing `numbered` (the names, numbered from 1), if there are any.
pub(super) fn key_size(numbered: &[String]) -> Option<Vec2> {
    if numbered.is_empty() {
        return None;
    }
    let widest_number = badge_width(&numbered.len().to_string());
    let widest_text = numbered
        .iter()
        .map(|n| text_width(&key_name(n), KEY_TEXT, LabelStyle::Major))
        .fold(0.0, f32::max);
    Some(vec2(
        2.0 * PAD + widest_number + BADGE_GAP + widest_text,
        2.0 * PAD + numbered.len() as f32 * LINE,
    ))
}

/// A box of `size` inside `room` (kept for a key at least as large), against the side of it
/// nearest the edges of `bounds`.
pub(super) fn fit_in(room: Rect, size: Vec2, bounds: Rect) -> Rect {
    let x = if bounds.right() - room.right() < room.left() - bounds.left() {
        room.right() - size.x
    } else {
        room.left()
    };
    let y = if bounds.bottom() - room.bottom() < room.top() - bounds.top() {
        room.bottom() - size.y
    } else {
        room.top()
    };
    Rect::from_min_size(pos2(x, y), size)
}

impl Placer<'_> {
    /// A numbered badge beside each event of `unnamed` (or out from it on a leader line),
    /// numbered on from those in `numbered` (feature, name for the key), where each is added.
    pub(super) fn place_badges(
        &mut self,
        unnamed: &[Unnamed],
        dark: bool,
        numbered: &mut Vec<(usize, String)>,
    ) {
        for u in unnamed {
            let number = (numbered.len() + 1).to_string();
            let size = vec2(badge_width(&number), BADGE);
            self.current = Some(u.feature);
            // Last of all, a badge may take a place held for an earlier label.
            let spot = self.badge_spot(u, size).or_else(|| {
                self.respect_held = false;
                let spot = self.badge_spot(u, size);
                self.respect_held = true;
                spot
            });
            let Some((rect, leader)) = spot else {
                self.missed.push(u.feature);
                continue;
            };
            let is_event = self.is_event(u.feature);
            self.push_label(
                &number,
                rect,
                BADGE_TEXT,
                LabelStyle::Badge,
                Some(u.feature),
                u.anchor,
            );
            if let Some(label) = self.labels.last_mut()
                && is_event
            {
                label.color = crate::style::event_label_color(dark);
            }
            if let Some(leader) = leader {
                self.take_leader(leader);
            }
            numbered.push((u.feature, u.text.clone()));
        }
    }

    /// A free place for a badge of `size` beside the event of `u`, or out on a leader line.
    fn badge_spot(&self, u: &Unnamed, size: Vec2) -> Option<(Rect, Option<[emath::Pos2; 2]>)> {
        let held = self.held_spot(u.feature, u.anchor, size, u.gap);
        held.into_iter()
            .chain(beside(u.anchor, u.gap, size))
            .find(|r| self.free_beside(r.expand(1.5), u.anchor))
            .map(|r| (r, None))
            .or_else(|| {
                self.leader_spot(u.anchor, u.gap, size, &LEADER_REACH)
                    .map(|(r, l)| (r, Some(l)))
            })
    }

    /// Whether feature `i` is an event (its badge and key line in the events' red).
    fn is_event(&self, i: usize) -> bool {
        self.dataset
            .features
            .get(i)
            .is_some_and(|f| f.kind == karabakh_data::Kind::Event)
    }

    /// The key box listing `numbered` (feature, name), at `rect`.
    pub(super) fn push_key(&mut self, rect: Rect, numbered: &[(usize, String)], dark: bool) {
        let text: Vec<String> = numbered
            .iter()
            .enumerate()
            .map(|(n, (i, name))| {
                let place = if self.is_event(*i) { "" } else { PLACE_ROW };
                format!("{}\t{}{place}", n + 1, key_name(name))
            })
            .collect();
        self.taken.push(rect);
        self.labels.push(Label {
            text: text.join("\n"),
            rect,
            size: KEY_TEXT,
            color: crate::style::event_label_color(dark),
            halo: self.palette.halo,
            style: LabelStyle::Key,
            feature: None,
            dot: None,
            leader: None,
        });
    }

    /// Where a key of `size` hides the least of what this pass placed: the day's events'
    /// markers and labels most, the dossier's next, the basemap's least; clear of the
    /// furniture, inside the map; nearer its edges when that is all the same.
    pub(super) fn key_spot(&self, size: Vec2, inputs: &SceneInputs) -> Rect {
        let inner = self.bounds.shrink(MARGIN);
        let step = 12.0;
        let (nx, ny) = (
            ((inner.width() - size.x) / step).max(0.0) as usize,
            ((inner.height() - size.y) / step).max(0.0) as usize,
        );
        let mut candidates: Vec<Rect> = (0..=nx)
            .flat_map(|i| (0..=ny).map(move |j| (i, j)))
            .map(|(i, j)| Rect::from_min_size(inner.min + vec2(i as f32, j as f32) * step, size))
            .collect();
        // Flush with the right and bottom edges too.
        let far = inner.max - size;
        candidates.extend(
            (0..=nx).map(|i| Rect::from_min_size(pos2(inner.min.x + i as f32 * step, far.y), size)),
        );
        candidates.extend(
            (0..=ny).map(|j| Rect::from_min_size(pos2(far.x, inner.min.y + j as f32 * step), size)),
        );
        candidates.push(Rect::from_min_size(far, size));
        let clear = |r: &Rect| {
            !inputs
                .furniture
                .iter()
                .any(|f| f.expand(MARGIN / 2.0).intersects(*r))
        };
        let edge = |r: &Rect| {
            (r.left() - inner.left())
                .min(inner.right() - r.right())
                .max(0.0)
                + (r.top() - inner.top())
                    .min(inner.bottom() - r.bottom())
                    .max(0.0)
        };
        candidates
            .into_iter()
            .filter(clear)
            .map(|r| (self.hidden_under(r, inputs) + edge(&r) * 0.002, r))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map_or_else(
                || Rect::from_min_size(pos2(inner.right() - size.x, inner.top()), size),
                |(_, r)| r,
            )
    }

    /// What a box at `r` would hide, weighted: the day's events count most.
    fn hidden_under(&self, r: Rect, inputs: &SceneInputs) -> f32 {
        let of_the_day = |f: usize| {
            self.dataset
                .features
                .get(f)
                .is_some_and(|f| crate::is_of_the_day(f, inputs.day))
        };
        let mut cost = 0.0;
        let shift = self.shift;
        self.scene
            .any_marker_in(r.translate(-shift), &mut |_, _, feature| {
                cost += match feature {
                    Some(f) if of_the_day(f) => 50.0,
                    Some(_) => 3.0,
                    None => 0.5,
                };
                false
            });
        let labels: f32 = self
            .labels
            .iter()
            .filter(|l| l.rect.intersects(r))
            .map(|l| match l.feature {
                Some(f) if of_the_day(f) => 20.0,
                Some(_) => 3.0,
                None => 1.0,
            })
            .sum();
        cost + labels
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use emath::Pos2;

    #[test]
    fn a_key_lists_its_lines_below_one_another_inside_its_box() {
        let numbered = vec!["Offensive begins".to_owned(), "A".repeat(60)];
        let size = key_size(&numbered).expect("two lines");
        let label = Label {
            text: numbered
                .iter()
                .enumerate()
                .map(|(n, t)| format!("{}\t{}", n + 1, key_name(t)))
                .collect::<Vec<_>>()
                .join("\n"),
            rect: Rect::from_min_size(pos2(10.0, 20.0), size),
            size: KEY_TEXT,
            color: ecolor::Color32::RED,
            halo: ecolor::Color32::WHITE,
            style: LabelStyle::Key,
            feature: None,
            dot: None,
            leader: None,
        };
        let rows = key_rows(&label);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].number, "1");
        assert_eq!(rows[0].text, "Offensive begins");
        assert!(rows[1].text.ends_with('…') && rows[1].text.chars().count() <= KEY_CHARS);
        for row in &rows {
            assert!(label.rect.contains_rect(row.badge), "{row:?}");
            assert!(label.rect.contains_rect(row.text_rect), "{row:?}");
            assert!(!row.badge.intersects(row.text_rect));
        }
        assert!(rows[0].text_rect.bottom() <= rows[1].text_rect.top());
        assert!(key_size(&[]).is_none());
    }

    #[test]
    fn a_place_in_the_key_is_in_the_maps_ink_not_the_events_red() {
        let key = |halo| Label {
            text: format!("1\tOffensive begins\n2\tKhojavend / Martuni{PLACE_ROW}"),
            rect: Rect::from_min_size(pos2(10.0, 20.0), vec2(200.0, 50.0)),
            size: KEY_TEXT,
            color: crate::style::event_label_color(false),
            halo,
            style: LabelStyle::Key,
            feature: None,
            dot: None,
            leader: None,
        };
        let rows = key_rows(&key(ecolor::Color32::WHITE));
        assert_eq!(rows[0].color, crate::style::event_label_color(false));
        assert_eq!(rows[1].text, "Khojavend / Martuni");
        assert_eq!(rows[1].color, crate::style::LIGHT.label);
        let dark = key_rows(&key(crate::style::DARK.halo));
        assert_eq!(dark[1].color, crate::style::DARK.label);
    }

    #[test]
    fn a_room_larger_than_the_key_keeps_it_against_the_nearest_edges() {
        let bounds = Rect::from_min_size(Pos2::ZERO, vec2(600.0, 400.0));
        let room = Rect::from_min_size(pos2(400.0, 300.0), vec2(190.0, 90.0));
        let key = fit_in(room, vec2(150.0, 60.0), bounds);
        assert_eq!(key.max, room.max);
        let room = Rect::from_min_size(pos2(8.0, 8.0), vec2(190.0, 90.0));
        assert_eq!(fit_in(room, vec2(150.0, 60.0), bounds).min, room.min);
    }
}
