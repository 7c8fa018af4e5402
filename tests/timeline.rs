//! The timeline's labels over the whole dossier: at every zoom and pan of the axis, whichever
//! day is chosen and at several window widths, no two texts overlap, none leaves the axis,
//! the chosen day is always labelled, and the crowded autumn of 2020 gets room.

use egui::{FontId, Rect, pos2};
use karabakh_atlas::data::{self, timeline::events_of};
use karabakh_atlas::time::Day;
use karabakh_atlas::ui::UiState;
use karabakh_atlas::ui::timeline::{AXIS_HEIGHT, LABEL_SIZE, TimelinePanel};
use karabakh_atlas::ui::timeline_layout::Layout;

/// A text's width in the app's own fonts.
fn measurer() -> impl Fn(&str) -> f32 {
    let ctx = egui::Context::default();
    karabakh_atlas::ui::install_fonts(&ctx);
    // No renderer here: the font atlas's texture is not wanted.
    ctx.run_ui(egui::RawInput::default(), |_| {})
        .textures_delta
        .clear();
    move |text: &str| {
        ctx.fonts_mut(|f| {
            f.layout_no_wrap(
                text.to_owned(),
                FontId::proportional(LABEL_SIZE),
                egui::Color32::WHITE,
            )
            .size()
            .x
        })
    }
}

fn assert_apart(layout: &Layout, rect: Rect, what: &str) {
    let boxes = layout.text_boxes();
    for (i, (a, ta)) in boxes.iter().enumerate() {
        assert!(
            rect.contains_rect(*a),
            "{what}: {ta:?} at {a:?} leaves the axis {rect:?}"
        );
        for (b, tb) in &boxes[i + 1..] {
            assert!(
                !a.intersects(*b),
                "{what}: {ta:?} at {a:?} overlaps {tb:?} at {b:?}"
            );
        }
    }
}

#[test]
fn no_two_timeline_labels_overlap_at_any_zoom_or_pan() {
    let dataset = data::load_embedded();
    let events = events_of(&dataset);
    assert!(events.len() >= 50, "the dossier's events: {}", events.len());
    let measure = measurer();
    let mut checked = 0;
    for width in [640.0, 1100.0, 1800.0] {
        let rect = Rect::from_min_size(pos2(10.0, 500.0), egui::vec2(width, AXIS_HEIGHT));
        // Every third event as the chosen day, the view zoomed around it step by step, and
        // panned half a view either way at each step.
        for (n, chosen) in events.iter().enumerate().step_by(3) {
            let mut panel = TimelinePanel::default();
            panel.fit_scale(&events);
            let mut state = UiState {
                all_dates: n % 2 == 1,
                day: chosen.first,
                ..Default::default()
            };
            if n % 4 == 0
                && let Some(f) = dataset.features.get(chosen.feature)
            {
                state.selected = vec![f.id.clone()];
            }
            let anchor = panel.scale.u_of(f64::from(chosen.first.0) + 0.5);
            for _ in 0..14 {
                for shift in [-0.5, 0.0, 0.5] {
                    let mut view = panel.clone();
                    view.pan((view.end - view.start) * shift);
                    let (_, layout) = view.lay_out(rect, &dataset, &events, &state, &measure);
                    let what = format!(
                        "width {width}, day {}, span {:.2}, shift {shift}",
                        chosen.first,
                        view.end - view.start
                    );
                    assert_apart(&layout, rect, &what);
                    assert_eq!(
                        layout.day_label.is_some(),
                        !state.all_dates,
                        "{what}: the chosen day is labelled"
                    );
                    checked += 1;
                }
                panel.zoom(0.6, anchor);
            }
        }
    }
    assert!(checked > 1000, "{checked} views");
}

#[test]
fn the_autumn_of_2020_gets_room_and_its_events_names() {
    let dataset = data::load_embedded();
    let events = events_of(&dataset);
    let measure = measurer();
    let mut panel = TimelinePanel::default();
    panel.fit_scale(&events);
    let rect = Rect::from_min_size(pos2(0.0, 0.0), egui::vec2(1400.0, AXIS_HEIGHT));
    let x = |d: Day| panel.x_of_day(f64::from(d.0), rect);
    let day = |y, m, d| Day::from_ymd(y, m, d).expect("a real day");
    // At the whole story, September–November 2020 takes far more than its share of the years.
    let autumn = x(day(2020, 12, 1)) - x(day(2020, 9, 1));
    let share = 91.0 / (42.0 * 365.25) * rect.width();
    assert!(autumn > 4.0 * share, "{autumn} px against {share} px");
    let empty = x(day(2015, 1, 1)) - x(day(2005, 1, 1));
    assert!(empty < autumn, "ten empty years take {empty} px");

    // Zoomed to that autumn, every event of it is labelled, most in full.
    let (from, to) = (
        panel.scale.u_of(f64::from(day(2020, 9, 1).0)),
        panel.scale.u_of(f64::from(day(2020, 12, 1).0)),
    );
    panel.start = from;
    panel.end = to;
    let state = UiState {
        day: day(2020, 11, 8),
        ..UiState::default()
    };
    let (marks, layout) = panel.lay_out(rect, &dataset, &events, &state, &measure);
    let inside: Vec<usize> = (0..marks.len())
        .filter(|&i| marks[i].x0 >= rect.left() && marks[i].x0 <= rect.right())
        .collect();
    assert!(
        inside.len() >= 10,
        "{} events in the autumn of 2020",
        inside.len()
    );
    let labelled = |i: &usize| layout.labels.iter().any(|l| l.index == *i);
    assert!(inside.iter().all(labelled), "{layout:#?}");
    let whole = layout
        .labels
        .iter()
        .filter(|l| !l.text.ends_with('…'))
        .count();
    assert!(
        whole * 4 >= inside.len() * 3,
        "{whole} whole of {}",
        inside.len()
    );
}
