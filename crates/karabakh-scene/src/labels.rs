//! Label placement: greedy by importance, each label tried right, left, above and below its
//! point, and dropped where it would overlap a label already placed or a marker of the scene.

use emath::{Pos2, Rect, Vec2, pos2, vec2};

use super::style::Palette;
use super::{Label, LabelStyle, Prepared, Scene, SceneInputs};
use crate::prepare::Part;
use crate::view::{View, World};
use karabakh_data::basemap::Place;
use karabakh_data::{Dataset, Kind};

mod events;
mod keep;
mod key;
use events::place_events_of_the_day;
pub use events::selected_event_labels;
pub use keep::Keep;
pub use key::{KeyRow, badge_width, key_rows};

/// Width of a text in pixels, estimated without fonts so that the window and the exporter
/// place labels identically (the bundled fonts average about this advance).
pub fn text_width(text: &str, size: f32, style: LabelStyle) -> f32 {
    let per_char = match style {
        LabelStyle::Country => 0.78,
        _ => 0.6,
    };
    text.chars().count() as f32 * size * per_char
}

/// Rectangles already taken, bucketed in a grid so that a test looks at its neighbours only:
/// a layer of fifty thousand points must not make placement quadratic.
#[derive(Default)]
struct Taken {
    rects: Vec<Rect>,
    grid: std::collections::HashMap<(i32, i32), Vec<u32>>,
}

const CELL: f32 = 48.0;

impl Taken {
    fn cells(r: Rect) -> impl Iterator<Item = (i32, i32)> {
        let (x0, x1) = (
            (r.min.x / CELL).floor() as i32,
            (r.max.x / CELL).floor() as i32,
        );
        let (y0, y1) = (
            (r.min.y / CELL).floor() as i32,
            (r.max.y / CELL).floor() as i32,
        );
        (x0..=x1.min(x0 + 64)).flat_map(move |x| (y0..=y1.min(y0 + 64)).map(move |y| (x, y)))
    }

    fn push(&mut self, r: Rect) {
        let n = self.rects.len() as u32;
        self.rects.push(r);
        for cell in Self::cells(r) {
            self.grid.entry(cell).or_default().push(n);
        }
    }

    fn near(&self, r: Rect) -> impl Iterator<Item = &Rect> {
        self.near_indexed(r).map(|(_, t)| t)
    }

    /// As `near`, with each rectangle's place in the order they were pushed.
    fn near_indexed(&self, r: Rect) -> impl Iterator<Item = (usize, &Rect)> {
        Self::cells(r)
            .flat_map(|c| self.grid.get(&c).into_iter().flatten())
            .filter_map(|&n| Some((n as usize, self.rects.get(n as usize)?)))
    }
}

struct Placer<'a> {
    dataset: &'a Dataset,
    palette: &'a Palette,
    /// Labels and place dots already placed.
    taken: Taken,
    /// The scene whose markers labels keep clear of, and the shift from its coordinates to
    /// the view's.
    scene: &'a Scene,
    shift: Vec2,
    bounds: Rect,
    labels: Vec<Label>,
    /// The day's events that found room neither for a name nor for a numbered badge.
    missed: Vec<usize>,
    /// What an earlier placement named: its labels keep their places where these are free,
    /// and names that find no place beside their point go out on a leader line, as a major
    /// town's do, or else to a numbered badge and the key (a slide's box would otherwise take
    /// them off the map).
    keep: &'a Keep,
    /// The places of `keep`'s labels (grown by the halo), held for them: no other label,
    /// badge or leader line takes them while `respect_held`. By the place in `held`, whose.
    held: Taken,
    held_by: Vec<(usize, Rect)>,
    respect_held: bool,
    /// The feature being placed.
    current: Option<usize>,
    /// Features of `keep` that found room neither beside them nor on a leader line.
    crowded: Vec<events::Unnamed>,
}

impl Placer<'_> {
    /// Whether a marker meeting `r` (in the view's coordinates) passes `test` (given its box).
    /// Markers of imported points do not count: a label of the dossier's may cover them (with
    /// its halo), or a big layer of points would leave the towns unnamed.
    fn marker_in(&self, r: Rect, test: impl Fn(Rect) -> bool) -> bool {
        let shift = self.shift;
        let dataset = self.dataset;
        self.scene
            .any_marker_in(r.translate(-shift), &mut |c, radius, feature| {
                let imported = feature
                    .and_then(|i| dataset.features.get(i))
                    .is_some_and(|f| f.kind == Kind::Place);
                !imported && test(Rect::from_center_size(c + shift, vec2(2.0, 2.0) * radius))
            })
    }

    /// The radius of the widest marker drawn at `p`: a label beside it clears them all.
    fn widest_marker_at(&self, p: Pos2) -> f32 {
        let widest = std::cell::Cell::new(0.0f32);
        self.marker_in(Rect::from_center_size(p, vec2(1.0, 1.0)), |m| {
            if m.center().distance(p) < 2.0 {
                widest.set(widest.get().max(m.width() / 2.0));
            }
            false
        });
        widest.get()
    }

    /// A feature's points on screen (each pushed to `points`) that lie near enough the view to
    /// be labelled, with the radius of the widest marker there.
    fn anchors(&self, parts: &[Part], view: &View, points: &mut Vec<Pos2>) -> Vec<(Pos2, f32)> {
        let mut out = Vec::new();
        for part in parts {
            let Part::Point(w) = part else { continue };
            let p = screen(view, *w);
            points.push(p);
            if self.bounds.expand(40.0).contains(p) {
                out.push((p, self.widest_marker_at(p)));
            }
        }
        out
    }

    fn free(&self, r: Rect) -> bool {
        self.bounds.contains_rect(r)
            && !self.taken.near(r).any(|t| t.intersects(r))
            && !self.held_by_other(r)
            && !self.marker_in(r, |_| true)
    }

    /// The place held for the label of `feature` of `size` beside `anchor`, if it is still
    /// free.
    fn held_spot(&self, feature: usize, anchor: Pos2, size: Vec2, gap: f32) -> Option<Rect> {
        let spot = self.keep.spot(feature, anchor, size, gap)?;
        let grown = spot.expand(1.5);
        (self.held_by.iter().any(|&(j, r)| j == feature && r == spot)
            && !self.taken.near(grown).any(|t| t.intersects(grown)))
        .then_some(spot)
    }

    /// Whether `r` meets a place held for another feature's label than the one being placed.
    fn held_by_other(&self, r: Rect) -> bool {
        self.respect_held
            && self
                .held
                .near_indexed(r)
                .any(|(n, t)| t.intersects(r) && self.held_by.get(n).map(|h| h.0) != self.current)
    }

    /// Like `free`, but markers drawn on the anchor itself do not count: several things at
    /// one place (a town, a base, an event) still get a label beside them. A marker merely
    /// near it (overlapping it) does count: a label never covers another place's symbol.
    fn free_beside(&self, r: Rect, anchor: Pos2) -> bool {
        self.bounds.contains_rect(r)
            && !self.taken.near(r).any(|t| t.intersects(r))
            && !self.held_by_other(r)
            && !self.marker_in(r, |m| m.center().distance(anchor) >= 2.0)
    }

    /// Places `text` beside `anchor` (a marker of radius `gap`), or in its centre if `gap` is
    /// negative; returns whether it found room.
    fn place(
        &mut self,
        text: &str,
        anchor: Pos2,
        gap: f32,
        size: f32,
        style: LabelStyle,
        feature: Option<usize>,
    ) -> bool {
        let w = text_width(text, size, style);
        let h = size * 1.25;
        let candidates: Vec<Rect> = if gap < 0.0 {
            vec![Rect::from_center_size(anchor, vec2(w, h))]
        } else {
            beside(anchor, gap, vec2(w, h)).to_vec()
        };
        self.current = feature;
        // Where an earlier placement put it, if that is held for it and still free: only what
        // a box displaced moves.
        if let Some(spot) = feature.and_then(|i| self.held_spot(i, anchor, vec2(w, h), gap)) {
            self.push_label(text, spot, size, style, feature, anchor);
            return true;
        }
        // A label centred on its point (a country's name) has no marker of its own to sit
        // beside: it must keep clear of everything, the labels around that point too.
        let Some(rect) = candidates.into_iter().find(|r| {
            if gap < 0.0 {
                self.free(r.expand(1.5))
            } else {
                self.free_beside(r.expand(1.5), anchor)
            }
        }) else {
            return false;
        };
        self.push_label(text, rect, size, style, feature, anchor);
        true
    }

    /// Takes `rect` for a label of `text` at `anchor`.
    fn push_label(
        &mut self,
        text: &str,
        rect: Rect,
        size: f32,
        style: LabelStyle,
        feature: Option<usize>,
        anchor: Pos2,
    ) {
        self.taken.push(rect.expand(1.5));
        let color = match style {
            LabelStyle::Major | LabelStyle::Badge | LabelStyle::Key => self.palette.label,
            LabelStyle::Minor => self.palette.label_minor,
            LabelStyle::Country => self.palette.country_label,
        };
        let dot = (style == LabelStyle::Minor).then_some(anchor);
        self.labels.push(Label {
            text: text.to_owned(),
            rect,
            size,
            color,
            halo: self.palette.halo,
            style,
            feature,
            dot,
            leader: None,
        });
    }
}

/// The eight places of a box of `size` beside a marker of radius `gap` at `anchor`, best
/// first: right, left, above, below, then the corners, as in the classic eight positions
/// around a point, so a town among other symbols (Stepanakert beside the day's events) keeps
/// a name.
fn beside(anchor: Pos2, gap: f32, size: Vec2) -> [Rect; 8] {
    let (w, h) = (size.x, size.y);
    [
        pos2(anchor.x + gap + 3.0, anchor.y - h / 2.0),
        pos2(anchor.x - gap - 3.0 - w, anchor.y - h / 2.0),
        pos2(anchor.x - w / 2.0, anchor.y - gap - 2.0 - h),
        pos2(anchor.x - w / 2.0, anchor.y + gap + 2.0),
        pos2(anchor.x + gap, anchor.y - gap - h),
        pos2(anchor.x + gap, anchor.y + gap),
        pos2(anchor.x - gap - w, anchor.y - gap - h),
        pos2(anchor.x - gap - w, anchor.y + gap),
    ]
    .map(|min| Rect::from_min_size(min, size))
}

/// The smallest population of a basemap place labelled at `zoom`.
fn population_threshold(zoom: f64) -> u64 {
    match zoom {
        z if z < 7.5 => 40_000,
        z if z < 8.5 => 8_000,
        z if z < 9.5 => 2_500,
        z if z < 10.5 => 800,
        _ => 0,
    }
}

/// Labels for `inputs.view`, clear of the markers `scene` draws and of `inputs.furniture`
/// (`shift` moves the scene's coordinates to the view's: zero for its own view). The day's
/// events that find no room for a name get a numbered badge, listed in a key box: placement
/// is done again with room kept for the key, a few times if the key grows.
pub fn place(
    dataset: &Dataset,
    prepared: &Prepared,
    inputs: &SceneInputs,
    scene: &Scene,
    shift: Vec2,
) -> Vec<Label> {
    place_keeping(dataset, prepared, inputs, scene, shift, &Keep::default())
}

/// As [`place`], what `keep` holds of an earlier placement kept: its labels where they were
/// if that is still free, else beside their point, on a leader line or numbered. A slide's
/// boxes move the names they cover; they do not take them off the map.
pub fn place_keeping(
    dataset: &Dataset,
    prepared: &Prepared,
    inputs: &SceneInputs,
    scene: &Scene,
    shift: Vec2,
    keep: &Keep,
) -> Vec<Label> {
    let palette = inputs.palette();
    // Room kept for the key, and the events numbered by the pass before.
    let mut kept: Option<Rect> = None;
    let mut early: Vec<usize> = Vec::new();
    let mut pass = 0;
    loop {
        let mut placer = Placer {
            dataset,
            palette: &palette,
            taken: Taken::default(),
            scene,
            shift,
            bounds: inputs.view.screen_rect(),
            labels: Vec::new(),
            missed: Vec::new(),
            keep,
            held: Taken::default(),
            held_by: Vec::new(),
            respect_held: true,
            current: None,
            crowded: Vec::new(),
        };
        for &r in inputs.furniture.iter().chain(&kept) {
            placer.taken.push(r);
        }
        let boxes: Vec<Rect> = inputs.furniture.iter().chain(&kept).copied().collect();
        placer.held_by = keep.held(&boxes);
        for &(_, r) in &placer.held_by {
            placer.held.push(r.expand(1.5));
        }
        let numbered = place_all(&mut placer, prepared, inputs, &early);
        let names: Vec<String> = numbered.iter().map(|(_, n)| n.clone()).collect();
        // Events that found room for no badge are numbered first in the next pass: they
        // need a key too, of a size guessed for now.
        let missed = placer.missed.len();
        let size = key::key_size(&names)
            .or_else(|| key::key_size(&vec![String::new(); missed]).filter(|_| pass < 3));
        let Some(size) = size else {
            return placer.labels;
        };
        let fits = |room: Rect| size.x <= room.width() && size.y <= room.height();
        let settled = placer.missed.is_empty() && numbered.iter().all(|(i, _)| early.contains(i));
        match kept {
            Some(room) if (fits(room) && settled) || pass >= 3 => {
                let rect = key::fit_in(room, size, placer.bounds);
                placer.push_key(rect, &numbered, inputs.dark);
                return placer.labels;
            }
            _ => kept = Some(placer.key_spot(size, inputs)),
        }
        let more: Vec<usize> = numbered
            .iter()
            .map(|(i, _)| *i)
            .chain(placer.missed)
            .collect();
        for i in more {
            if !early.contains(&i) {
                early.push(i);
            }
        }
        pass += 1;
    }
}

/// One pass of placement, the events of `early` numbered first; returns the day's events
/// numbered (those without a name on the map), with their names for the key.
fn place_all(
    placer: &mut Placer,
    prepared: &Prepared,
    inputs: &SceneInputs,
    early: &[usize],
) -> Vec<(usize, String)> {
    let view = &inputs.view;
    let (dossier_points, numbered) = place_dossier_labels(placer, prepared, inputs, early);
    if inputs.basemap {
        place_country_labels(placer, &prepared.basemap.country_shapes, view);
        place_basemap_places(placer, &prepared.basemap.places, view, &dossier_points);
    }
    numbered
}

fn screen(view: &View, w: World) -> Pos2 {
    let [x, y] = view.screen_from_world(w);
    pos2(x, y)
}

/// The dossier's places, most important kinds first; returns where they are, labelled or
/// not, and the day's events numbered for want of room (those of `early` first, before the
/// towns take the room around them).
fn place_dossier_labels(
    placer: &mut Placer,
    prepared: &Prepared,
    inputs: &SceneInputs,
    early: &[usize],
) -> (Vec<Pos2>, Vec<(usize, String)>) {
    let dataset = placer.dataset;
    // The day's naming rule is worked out once per day (and kept by the dataset): labels are
    // placed again on every frame the map moves.
    let names = dataset.names_on(inputs.names, inputs.day);
    let mut points: Vec<Pos2> = Vec::new();
    let mut numbered = Vec::new();
    // The dossier's towns first, so the day's events (placed next, beside their markers)
    // cannot take every place around a town: Stepanakert keeps its name on 20 September 2023.
    // The major towns before all, then the badges of the events numbered in the pass before.
    let is_town = |i: usize| {
        dataset
            .features
            .get(i)
            .is_some_and(|f| f.kind == Kind::Town)
    };
    for major in [true, false] {
        if !major {
            let first = events::unnamed_events(placer, prepared, inputs, &names, early);
            points.extend(first.iter().map(|u| u.anchor));
            placer.place_badges(&first, inputs.dark, &mut numbered);
        }
        for &i in &prepared.labelled {
            let is_major = prepared.major_towns.contains(&i);
            let i = i as usize;
            let labelled = is_town(i) && is_major == major && !early.contains(&i);
            if labelled && !is_event_of_the_day(placer, inputs, i) {
                place_feature_label(placer, prepared, inputs, &names, i, &mut points);
            }
        }
    }
    let (of_the_day, unnamed) =
        place_events_of_the_day(placer, prepared, inputs, &names, early, &mut points);
    placer.place_badges(&unnamed, inputs.dark, &mut numbered);
    // A user's layer may hold many thousand points: labels are tried for this many of them
    // in view, the placer keeping those that fit.
    let mut places_left = 400usize;
    for &i in &prepared.labelled {
        let i = i as usize;
        if of_the_day.contains(&i) || is_town(i) || early.contains(&i) {
            continue;
        }
        let Some(feature) = dataset.features.get(i) else {
            continue;
        };
        if feature.kind == Kind::Place && placer.scene.visible.contains(&i) {
            if places_left == 0 || feature.names.display.is_empty() {
                continue;
            }
            places_left -= 1;
        }
        place_feature_label(placer, prepared, inputs, &names, i, &mut points);
    }
    // What a slide's boxes crowded out is numbered last, where the room left allows.
    let mut crowded = std::mem::take(&mut placer.crowded);
    crowded.retain(|u| !placer.labels.iter().any(|l| l.feature == Some(u.feature)));
    crowded.dedup_by_key(|u| u.feature);
    placer.place_badges(&crowded, inputs.dark, &mut numbered);
    (points, numbered)
}

/// Whether feature `i` is one of the day's events (those get their own red labels).
fn is_event_of_the_day(placer: &Placer, inputs: &SceneInputs, i: usize) -> bool {
    placer
        .dataset
        .features
        .get(i)
        .is_some_and(|f| crate::is_of_the_day(f, inputs.day))
}

/// The label of feature `i` (when it is in the scene) beside each of its points, where there
/// is room (a major town's or one of `placer.keep` out on a leader line where there is none,
/// else one of `keep` numbered later); every point goes into `points`.
fn place_feature_label(
    placer: &mut Placer,
    prepared: &Prepared,
    inputs: &SceneInputs,
    names: &karabakh_data::ShownNames,
    i: usize,
    points: &mut Vec<Pos2>,
) {
    let dataset = placer.dataset;
    if !placer.scene.visible.contains(&i) {
        return;
    }
    let (Some(feature), Some(geometry)) = (dataset.features.get(i), prepared.features.get(i))
    else {
        return;
    };
    let size = match feature.kind {
        Kind::Town => 14.0,
        Kind::Place => 12.0,
        _ => 13.0,
    };
    let major = prepared.major_towns.contains(&(i as u32));
    for (p, gap) in placer.anchors(&geometry.parts, &inputs.view, points) {
        let name = names.of(i, feature);
        let kept = placer.keep.keeps(i);
        if placer.place(&name, p, gap, size, LabelStyle::Major, Some(i)) || !(major || kept) {
            continue;
        }
        let reach = town_leader_reach(&inputs.view);
        if !placer.place_with_leader(&name, p, gap, Some(i), reach) && kept {
            placer.crowded.push(events::Unnamed {
                feature: i,
                anchor: p,
                gap,
                text: name,
            });
        }
    }
}

/// How far a major town's label may stand from its marker. With the region in view (zoom 7.5
/// and closer) as far as an event's; farther out, the towns crowd into a few pixels and a long
/// line would cross half the Caucasus to a name nobody reads as the town's.
fn town_leader_reach(view: &View) -> &'static [f32] {
    if view.zoom >= 7.5 {
        &events::LEADER_REACH
    } else {
        &events::LEADER_REACH[..5]
    }
}

/// Basemap places, the most populous first, down to what the zoom has room for; not where a
/// dossier place (at `dossier_points`) already names the place.
fn place_basemap_places(
    placer: &mut Placer,
    places: &[(Place, World)],
    view: &View,
    dossier_points: &[Pos2],
) {
    let threshold = population_threshold(view.zoom);
    for (place, w) in places {
        if place.population < threshold {
            break;
        }
        let p = screen(view, *w);
        if !placer.bounds.contains(p) || dossier_points.iter().any(|q| q.distance(p) < 14.0) {
            continue;
        }
        let dot = Rect::from_center_size(p, vec2(5.0, 5.0));
        placer.current = None;
        if !placer.free(dot) {
            continue;
        }
        if placer.place(&place.name, p, 3.0, 11.5, LabelStyle::Minor, None) {
            placer.taken.push(dot);
        }
    }
}

/// Every country in view gets its name, by one rule: inside the largest part of it that the view
/// shows, at that part's interior point if free, else at the free point of a grid over that part
/// nearest to it. (A fixed point per country left the one whose middle the dossier's labels
/// cover, or whose middle was off screen, unnamed.)
fn place_country_labels(
    placer: &mut Placer,
    countries: &[(String, geo::MultiPolygon<f64>, geo::Rect<f64>)],
    view: &View,
) {
    use geo::{Area, BooleanOps, Intersects};
    let (west, north) = view.lon_lat_from_screen([view.origin[0], view.origin[1]]);
    let (east, south) =
        view.lon_lat_from_screen([view.origin[0] + view.width, view.origin[1] + view.height]);
    let shown = geo::Rect::new(
        geo::coord! { x: west, y: south },
        geo::coord! { x: east, y: north },
    );
    for (name, shape, bbox) in countries {
        if !bbox.intersects(&shown) {
            continue;
        }
        let visible = shape.intersection(&geo::MultiPolygon::new(vec![shown.to_polygon()]));
        let Some(part) = visible
            .0
            .iter()
            .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))
        else {
            continue;
        };
        let text = spaced_capitals(name);
        for at in country_label_points(part, view) {
            if placer.place(&text, at, -1.0, 15.0, LabelStyle::Country, None) {
                break;
            }
        }
    }
}

/// "ARMENIA" with thin spaces between the letters.
fn spaced_capitals(name: &str) -> String {
    let text: String = name
        .to_uppercase()
        .chars()
        .flat_map(|c| [c, '\u{2009}'])
        .collect();
    text.trim_end().to_owned()
}

/// Where a country's label may go in `part` (on screen), best first: its interior point, then
/// the points of a grid over it inside it, nearest first. None if the part is too small to hold
/// a name (a sliver at the edge of the view).
fn country_label_points(part: &geo::Polygon<f64>, view: &View) -> Vec<Pos2> {
    use geo::{BoundingRect, Contains, InteriorPoint};
    const STEPS: usize = 7;
    let (Some(centre), Some(part_box)) = (part.interior_point(), part.bounding_rect()) else {
        return Vec::new();
    };
    let screen = |p: geo::Point<f64>| {
        let [x, y] = view.screen_from_lon_lat(p.x(), p.y());
        pos2(x, y)
    };
    let [x0, y0] = view.screen_from_lon_lat(part_box.min().x, part_box.max().y);
    let [x1, y1] = view.screen_from_lon_lat(part_box.max().x, part_box.min().y);
    if (x1 - x0) < 40.0 || (y1 - y0) < 18.0 {
        return Vec::new();
    }
    let step = |i: usize| (i as f64 + 0.5) / STEPS as f64;
    let target = screen(centre);
    let mut grid: Vec<Pos2> = (0..STEPS * STEPS)
        .map(|n| {
            geo::point! {
                x: part_box.min().x + step(n / STEPS) * part_box.width(),
                y: part_box.min().y + step(n % STEPS) * part_box.height(),
            }
        })
        .filter(|p| part.contains(p))
        .map(screen)
        .collect();
    grid.sort_by(|a, b| a.distance(target).total_cmp(&b.distance(target)));
    std::iter::once(target).chain(grid).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::HOME_BOUNDS;
    use karabakh_data::basemap::Basemap;
    use karabakh_data::timeline::events_of;

    /// The dossier, prepared with the basemap, and its event dates: what the tests of label
    /// placement go over.
    pub(super) fn dossier_and_days() -> (Dataset, Prepared, Vec<karabakh_time::Day>) {
        let dataset = karabakh_data::load_embedded();
        let prepared = Prepared::new(&dataset, &Basemap::embedded());
        let mut days: Vec<karabakh_time::Day> =
            events_of(&dataset).iter().map(|e| e.first).collect();
        days.dedup();
        (dataset, prepared, days)
    }

    /// The inputs of the window's scene of `view` on `day`, with the date box, scale bar and
    /// credits over the map.
    pub(super) fn window_inputs(view: View, day: Option<karabakh_time::Day>) -> SceneInputs {
        let mut inputs = SceneInputs::new(view);
        inputs.day = day;
        inputs.furniture = crate::furniture::window_boxes(view.screen_rect(), day, None);
        inputs
    }

    /// Over the scenes of every event date of the dossier, at the home view and a closer one:
    /// no town's label overlaps another label or a symbol other than its own place's.
    #[test]
    fn town_labels_overlap_no_label_and_no_symbol() {
        let (dataset, prepared, days) = dossier_and_days();
        let home = View::fit(HOME_BOUNDS, 1600.0, 1000.0, 8.0);
        let closer = View {
            zoom: home.zoom + 1.5,
            center: World::from_lon_lat(46.75, 39.82),
            ..home
        };
        let mut towns = 0;
        for view in [home, closer] {
            for &day in &days {
                let mut inputs = SceneInputs::new(view);
                inputs.day = Some(day);
                let scene = crate::build(&dataset, &prepared, &inputs);
                for (n, label) in scene.labels.iter().enumerate() {
                    let Some(i) = label.feature else { continue };
                    let (Some(feature), Some(geometry)) =
                        (dataset.features.get(i), prepared.features.get(i))
                    else {
                        continue;
                    };
                    if feature.kind != Kind::Town {
                        continue;
                    }
                    towns += 1;
                    let what = format!("{} on {day} at zoom {:.1}", label.text, view.zoom);
                    for (m, other) in scene.labels.iter().enumerate() {
                        assert!(
                            m == n || !label.rect.intersects(other.rect),
                            "{what}: over {:?}",
                            other.text
                        );
                    }
                    let anchors: Vec<Pos2> = geometry
                        .parts
                        .iter()
                        .filter_map(|p| match p {
                            Part::Point(w) => Some(screen(&view, *w)),
                            _ => None,
                        })
                        .collect();
                    let over = scene.any_marker_in(label.rect, &mut |c, _, _| {
                        !anchors.iter().any(|a| a.distance(c) < 2.0)
                    });
                    assert!(!over, "{what}: over a symbol");
                }
            }
        }
        assert!(towns > 100, "{towns} town labels checked");
    }

    /// The region's main towns keep their names at every size of the map and on every event
    /// date: Stepanakert / Khankendi and Shushi / Shusha never lose theirs to a village
    /// (Dashalty) or to anything else.
    #[test]
    fn major_towns_are_always_named() {
        let (dataset, prepared, days) = dossier_and_days();
        let mut missing = Vec::new();
        for (w, h) in [(670.0, 560.0), (1600.0, 1000.0), (1920.0, 1080.0)] {
            let view = View::fit(HOME_BOUNDS, w, h, 8.0);
            for &day in &days {
                let inputs = window_inputs(view, Some(day));
                let scene = crate::build(&dataset, &prepared, &inputs);
                for id in ["town-stepanakert", "town-shusha"] {
                    let Some(i) = dataset.feature_index(id) else {
                        panic!("{id} in the dossier");
                    };
                    if !scene.labels.iter().any(|l| l.feature == Some(i)) {
                        missing.push(format!("{id} on {day} in {w}×{h}"));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "{missing:#?}");
    }

    /// Zoomed out over the Caucasus, a town's leader line stays short: it leads to a name
    /// beside the town, never across the map (a line from Martakert / Aghdara ran to the
    /// Caspian at zoom 6.5).
    #[test]
    fn town_leader_lines_stay_short_at_overview_zooms() {
        let (dataset, prepared, days) = dossier_and_days();
        for zoom in [6.0, 7.0] {
            let view = View::new(46.0, 40.2, zoom, 1280.0, 720.0);
            // Every other event date: the days of a war are much alike.
            for &day in days.iter().step_by(2) {
                let scene = crate::build(&dataset, &prepared, &window_inputs(view, Some(day)));
                for label in &scene.labels {
                    let Some(([a, b], i)) = label.leader.zip(label.feature) else {
                        continue;
                    };
                    if dataset.features[i].kind != Kind::Town {
                        continue;
                    }
                    assert!(
                        a.distance(b) <= 90.0,
                        "{} on {day} at zoom {zoom}: a line of {:.0} px",
                        label.text,
                        a.distance(b)
                    );
                }
            }
        }
    }

    /// At the opening view of the default window's map and of a large one, on every date and
    /// with none: the countries are named, and no country's name lies under the date box, the
    /// scale bar or the credits (the date box covered "AZERBAIJAN").
    #[test]
    fn country_names_keep_clear_of_the_boxes_over_the_map() {
        let (dataset, prepared, days) = dossier_and_days();
        let days: Vec<Option<karabakh_time::Day>> =
            days.into_iter().map(Some).chain([None]).collect();
        for (w, h) in [(670.0, 560.0), (1600.0, 1000.0)] {
            let view = View::fit(HOME_BOUNDS, w, h, 8.0);
            for &day in &days {
                let inputs = window_inputs(view, day);
                let scene = crate::build(&dataset, &prepared, &inputs);
                let countries: Vec<&Label> = scene
                    .labels
                    .iter()
                    .filter(|l| l.style == LabelStyle::Country)
                    .collect();
                for name in ["ARMENIA", "AZERBAIJAN", "IRAN"] {
                    assert!(
                        countries
                            .iter()
                            .any(|l| l.text.replace('\u{2009}', "") == name),
                        "{name} unnamed on {day:?} in {w}×{h}"
                    );
                }
                for label in countries {
                    for b in &inputs.furniture {
                        assert!(!label.rect.intersects(*b), "{} under {b:?}", label.text);
                    }
                }
            }
        }
    }
}
