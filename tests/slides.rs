//! Slides over the dossier's event dates: the boxes (title, legend, caption, scale bar,
//! credits) never overlap and stay in the frame, no legend text is cut, and the legend hides
//! no more of the map than the fixed top-right corner did (less, over all the dates); the
//! held areas still read apart in a greyscale print.

use karabakh_atlas::data::{self, HeldBy, Kind, basemap::Basemap, timeline::events_of};
use karabakh_atlas::export::{self, Format, Picture};
use karabakh_atlas::scene::slide::{BOX_GAP, SlideOptions, Spot, caption_for, compose, text_width};
use karabakh_atlas::scene::view::HOME_BOUNDS;
use karabakh_atlas::scene::{self, Prepared, Scene, SceneInputs, View};
use karabakh_atlas::time::Day;

use egui::{Rect, pos2, vec2};

/// How much of the map a box hides: the dossier's markers and labels, the basemap's less.
fn hidden_under(scene: &Scene, rect: Rect) -> f32 {
    let mut markers = 0.0;
    scene.any_marker_in(rect, &mut |_, _, feature| {
        markers += if feature.is_some() { 3.0 } else { 1.0 };
        false
    });
    let labels: f32 = scene
        .labels
        .iter()
        .filter(|l| l.rect.intersects(rect))
        .map(|l| if l.feature.is_some() { 3.0 } else { 1.0 })
        .sum();
    markers + labels
}

/// The dossier, prepared with the basemap, and its event dates.
fn dossier() -> (data::Dataset, Prepared, Vec<Day>) {
    let dataset = data::load_embedded();
    let prepared = Prepared::new(&dataset, &Basemap::embedded());
    let mut days: Vec<Day> = events_of(&dataset).iter().map(|e| e.first).collect();
    days.dedup();
    (dataset, prepared, days)
}

/// The exporter's slide of the home view in `w` × `h` on `day`.
fn picture(w: f32, h: f32, day: Day) -> Picture {
    let mut inputs = SceneInputs::new(View::fit(HOME_BOUNDS, w, h, 8.0));
    inputs.day = Some(day);
    Picture {
        inputs,
        slide: SlideOptions::new(Some(day)),
        selected: Vec::new(),
        scale: 1.0,
    }
}

#[test]
fn slide_boxes_keep_apart_whole_and_off_the_heart_of_the_map() {
    let (dataset, prepared, days) = dossier();
    let (mut chosen_total, mut fixed_total) = (0.0, 0.0);
    let mut slides = 0;
    for (w, h) in [(1920.0, 1080.0), (1600.0, 1200.0), (1037.0, 701.0)] {
        for (n, &day) in days.iter().enumerate() {
            let mut options = SlideOptions::new(Some(day));
            // A caption on every other slide: the selected event's first excerpt.
            if n % 2 == 0 {
                let event = events_of(&dataset)
                    .into_iter()
                    .find(|e| e.first == day)
                    .and_then(|e| dataset.features.get(e.feature).map(|f| f.id.clone()));
                options.caption = caption_for(&dataset, &event.into_iter().collect::<Vec<_>>());
            }
            let frame = Rect::from_min_size(pos2(0.0, 0.0), vec2(w, h));
            // As the exporter builds it: the map's labels clear of the title and credits.
            let mut inputs = SceneInputs::new(View::fit(HOME_BOUNDS, w, h, 8.0));
            inputs.day = Some(day);
            inputs.furniture = scene::slide::fixed_boxes(frame, &options);
            let scene = scene::build(&dataset, &prepared, &inputs);
            let slide = compose(&dataset, &scene, frame, &options);
            let what = format!("{w}×{h} on {day}");
            for (i, a) in slide.boxes.iter().enumerate() {
                assert!(
                    frame.contains_rect(*a),
                    "{what}: box {a:?} leaves the frame"
                );
                for b in &slide.boxes[i + 1..] {
                    assert!(
                        !a.expand(BOX_GAP / 2.0 - 0.5).intersects(*b),
                        "{what}: {a:?} overlaps {b:?}"
                    );
                }
            }
            for text in &slide.texts {
                assert!(!text.text.ends_with('…'), "{what}: {:?} is cut", text.text);
                let right = text.pos.x + text_width(&text.text, text.size, text.bold);
                let inside = slide
                    .boxes
                    .iter()
                    .any(|b| b.contains(text.pos) && right <= b.right() + 0.5);
                assert!(inside, "{what}: {:?} runs out of its box", text.text);
            }
            // The legend is the third box (after the title and the credits), not counting the
            // key of numbered events, which goes with the map.
            let keys: Vec<Rect> = scene
                .labels
                .iter()
                .filter(|l| l.style == scene::LabelStyle::Key)
                .map(|l| l.rect)
                .collect();
            let Some(&legend) = slide.boxes[2..].iter().find(|b| !keys.contains(b)) else {
                panic!("{what}: no legend");
            };
            let corner = Spot::TopRight.rect(frame, legend.size());
            let (chosen, fixed) = (hidden_under(&scene, legend), hidden_under(&scene, corner));
            assert!(
                chosen <= fixed,
                "{what}: the legend hides {chosen}, the corner {fixed}"
            );
            chosen_total += chosen;
            fixed_total += fixed;
            slides += 1;
        }
    }
    assert!(slides > 100, "{slides} slides");
    assert!(
        chosen_total < fixed_total,
        "placed legends hide {chosen_total}, fixed ones {fixed_total}"
    );
}

/// Asserts that no box of `composed` (but the key of numbered events) covers a label.
fn no_box_covers_a_label(what: &str, composed: &export::Composed) {
    for label in &composed.scene.labels {
        let under = composed
            .slide
            .boxes
            .iter()
            .find(|b| b.intersects(label.rect));
        assert!(
            label.style == scene::LabelStyle::Key || under.is_none(),
            "{what}: {:?} under the box {under:?}",
            label.text
        );
    }
}

/// A slide as the exporter makes it cuts no name of the map: a label a box would cover in
/// part is left out (the legend of a half of `render --compare` cut "Stepanakert").
#[test]
fn no_box_of_an_exported_slide_covers_a_label() {
    let (dataset, prepared, days) = dossier();
    for (w, h) in [(800.0, 800.0), (1920.0, 1080.0)] {
        for &day in days.iter().step_by(3) {
            let picture = picture(w, h, day);
            let composed = export::compose_picture(&dataset, &prepared, &picture).expect("slide");
            no_box_covers_a_label(&format!("{w}×{h} on {day}"), &composed);
        }
    }
}

/// Luminance (0–255) of a pixel.
fn luminance(p: &image::Rgb<u8>) -> f32 {
    0.2126 * f32::from(p.0[0]) + 0.7152 * f32::from(p.0[1]) + 0.0722 * f32::from(p.0[2])
}

/// The mean and standard deviation of luminance in 15×15 patches wholly inside `area` (a
/// held area on `day`), as medians over the patches found.
fn patches(
    image: &image::RgbImage,
    view: &View,
    area: &geo::MultiPolygon<f64>,
) -> (f32, f32, usize) {
    use geo::Contains;
    let mut means = Vec::new();
    let mut deviations = Vec::new();
    let inside = |x: f32, y: f32| {
        let (lon, lat) = view.lon_lat_from_screen([x, y]);
        area.contains(&geo::point! { x: lon, y: lat })
    };
    for gy in (20..image.height() - 20).step_by(23) {
        for gx in (20..image.width() - 20).step_by(23) {
            let (x, y) = (gx as f32, gy as f32);
            let corners = [(-10.0, -10.0), (10.0, -10.0), (-10.0, 10.0), (10.0, 10.0)];
            if !corners.iter().all(|(dx, dy)| inside(x + dx, y + dy)) {
                continue;
            }
            let values: Vec<f32> = (0..15)
                .flat_map(|j| (0..15).map(move |i| (gx - 7 + i, gy - 7 + j)))
                .map(|(px, py)| luminance(image.get_pixel(px, py)))
                .collect();
            let mean = values.iter().sum::<f32>() / values.len() as f32;
            let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / values.len() as f32;
            means.push(mean);
            deviations.push(var.sqrt());
        }
    }
    let median = |v: &mut Vec<f32>| {
        v.sort_by(f32::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(f32::NAN)
    };
    let n = means.len();
    (median(&mut means), median(&mut deviations), n)
}

#[test]
fn held_areas_read_apart_in_greyscale() {
    let dataset = data::load_embedded();
    let prepared = Prepared::new(&dataset, &Basemap::embedded());
    let day = Day::from_ymd(2021, 6, 1).expect("a real day");
    let view = View::new(46.75, 39.85, 9.0, 1200.0, 900.0);
    let mut inputs = SceneInputs::new(view);
    inputs.day = Some(day);
    let picture = Picture {
        inputs,
        slide: SlideOptions::new(Some(day)),
        selected: Vec::new(),
        scale: 1.0,
    };
    let png = export::render(&dataset, &prepared, &picture, Format::Png).expect("renders");
    let image = image::load_from_memory(&png).expect("a PNG").to_rgb8();
    let area_of = |held_by: HeldBy| {
        let parts: Vec<geo::Polygon<f64>> = dataset
            .features
            .iter()
            .filter(|f| f.kind == Kind::Control && f.visible_on(day))
            .filter(|f| f.control.is_some_and(|c| c.held_by == held_by))
            .flat_map(|f| match &f.geometry {
                geo::Geometry::Polygon(p) => vec![p.clone()],
                geo::Geometry::MultiPolygon(m) => m.0.clone(),
                _ => Vec::new(),
            })
            .collect();
        geo::MultiPolygon::new(parts)
    };
    let (arm_mean, arm_texture, arm_n) = patches(&image, &view, &area_of(HeldBy::ArmenianForces));
    let (aze_mean, aze_texture, aze_n) = patches(&image, &view, &area_of(HeldBy::Azerbaijan));
    eprintln!(
        "Armenian-held: mean {arm_mean:.1}, texture {arm_texture:.1} ({arm_n} patches); \
         Azerbaijani-held: mean {aze_mean:.1}, texture {aze_texture:.1} ({aze_n} patches)"
    );
    assert!(arm_n >= 5 && aze_n >= 5, "{arm_n} and {aze_n} patches");
    // In grey, the hatched side has a texture the plain side has not.
    assert!(
        arm_texture > 2.0 * aze_texture && arm_texture > 12.0,
        "texture {arm_texture} against {aze_texture}"
    );
}

/// The town and event names of `plain` (the map as built under the slide's title and credits
/// only) that `composed` (the slide as exported, its legend, scale bar and panels placed
/// after) no longer names by a label, a leader label or a badge listed in the key, though the
/// place itself is under no box.
fn names_lost(
    dataset: &data::Dataset,
    prepared: &Prepared,
    plain: &Scene,
    composed: &export::Composed,
) -> Vec<String> {
    let view = &composed.scene.inputs.view;
    let has_key = composed
        .scene
        .labels
        .iter()
        .any(|l| l.style == scene::LabelStyle::Key);
    let named = |i: usize| {
        composed
            .scene
            .labels
            .iter()
            .any(|l| l.feature == Some(i) && (l.style != scene::LabelStyle::Badge || has_key))
    };
    let under_a_box = |i: usize| {
        prepared.features[i].parts.iter().any(|part| match part {
            scene::Part::Point(w) => {
                let [x, y] = view.screen_from_world(*w);
                composed.slide.boxes.iter().any(|b| b.contains(pos2(x, y)))
            }
            _ => false,
        })
    };
    let mut lost: Vec<String> = plain
        .labels
        .iter()
        .filter_map(|l| l.feature.map(|i| (i, &l.text)))
        .filter(|&(i, _)| matches!(dataset.features[i].kind, Kind::Town | Kind::Event))
        .filter(|&(i, _)| !named(i) && !under_a_box(i))
        .map(|(_, text)| text.clone())
        .collect();
    lost.dedup();
    lost
}

/// On every event date at 1280×720 and 800×800, and in the halves of two comparisons: every
/// town and event named on the plain map is still named on the slide unless the place itself
/// is under a box (the legend over Fuzuli, Jabrayil and the blockade's event on 24 September
/// 2023 took their names), and no box covers a label.
#[test]
fn a_slides_boxes_move_the_names_they_would_cover() {
    let (dataset, prepared, days) = dossier();
    let mut slides = 0;
    let mut lost = Vec::new();
    let mut check = |what: String, composed: export::Composed| {
        let plain = scene::build(&dataset, &prepared, &composed.scene.inputs);
        for name in names_lost(&dataset, &prepared, &plain, &composed) {
            lost.push(format!("{what}: {name}"));
        }
        no_box_covers_a_label(&what, &composed);
        slides += 1;
    };
    for (w, h) in [(1280.0, 720.0), (800.0, 800.0)] {
        for &day in &days {
            let composed =
                export::compose_picture(&dataset, &prepared, &picture(w, h, day)).expect("a slide");
            check(format!("{w}×{h} on {day}"), composed);
        }
    }
    for (a, b) in [
        ((2020, 9, 26), (2020, 12, 2)),
        ((2023, 9, 19), (2023, 9, 28)),
    ] {
        let day = |(y, m, d)| Day::from_ymd(y, m, d).expect("a real day");
        let halves = export::compare::halves(&picture(960.0, 1080.0, day(a)), day(a), day(b));
        let composed =
            export::compare::composed_halves(&dataset, &prepared, &halves).expect("two halves");
        for (n, half) in composed.into_iter().enumerate() {
            check(format!("half {n} of the comparison {a:?}, {b:?}"), half);
        }
    }
    assert!(slides > 100, "{slides} slides");
    assert!(lost.is_empty(), "names lost under the boxes: {lost:#?}");
}
