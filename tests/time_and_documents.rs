//! Documents and time, driven through the real app: the date decides what is on the map,
//! events step the date, excerpts and features select each other, the state survives a restart.

mod common;
use common::{click_at, harness, harness_with};

use egui::{Modifiers, Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use karabakh_atlas::data::{self};
use karabakh_atlas::scene::{self, Prepared, SceneInputs, View};
use karabakh_atlas::time::Day;
use karabakh_atlas::ui::{AtlasApp, persist};

fn day(s: &str) -> Day {
    Day::parse(s).expect("test date")
}

fn index_of(harness: &Harness<'_, AtlasApp>, id: &str) -> usize {
    harness
        .state()
        .dataset
        .features
        .iter()
        .position(|f| f.id == id)
        .expect("feature exists")
}

fn in_scene(harness: &Harness<'_, AtlasApp>, id: &str) -> bool {
    let index = index_of(harness, id);
    harness
        .state()
        .map
        .scene()
        .expect("scene")
        .visible
        .contains(&index)
}

fn set_day(harness: &mut Harness<'_, AtlasApp>, d: Day) {
    harness.state_mut().state.day = d;
    harness.state_mut().state.all_dates = false;
    harness.run();
}

#[test]
fn the_checkpoint_appears_on_the_23rd_of_april_2023() {
    let mut harness = harness();
    set_day(&mut harness, day("2023-04-22"));
    assert!(!in_scene(&harness, "hakari-checkpoint"));
    assert!(in_scene(&harness, "lachin-corridor-new-road"));
    set_day(&mut harness, day("2023-04-23"));
    assert!(in_scene(&harness, "hakari-checkpoint"));
    harness.get_by_label("2023-04-23");
}

#[test]
fn next_and_previous_event_step_the_date() {
    let mut harness = harness();
    set_day(&mut harness, day("2023-04-01"));
    harness.get_by_label("Next event").click();
    harness.run();
    assert_eq!(
        harness.state().state.day,
        day("2023-04-23"),
        "the checkpoint is the next event"
    );
    assert!(in_scene(&harness, "event-2023-checkpoint"));
    harness.get_by_label("Next event").click();
    harness.run();
    assert_eq!(
        harness.state().state.day,
        day("2023-06-15"),
        "the halt of humanitarian transport"
    );
    harness.get_by_label("Next event").click();
    harness.run();
    assert_eq!(harness.state().state.day, day("2023-09-19"));
    // Keys do the same.
    harness.key_press(egui::Key::PageDown);
    harness.run();
    assert_eq!(harness.state().state.day, day("2023-09-20"));
    harness.key_press(egui::Key::PageUp);
    harness.run();
    assert_eq!(harness.state().state.day, day("2023-09-19"));
    harness.get_by_label("Previous event").click();
    harness.run();
    assert_eq!(harness.state().state.day, day("2023-06-15"));
}

#[test]
fn events_stay_a_few_days_and_fade() {
    let mut harness = harness();
    set_day(&mut harness, day("2023-09-19"));
    assert!(in_scene(&harness, "event-2023-offensive"));
    set_day(&mut harness, day("2023-09-25"));
    assert!(
        in_scene(&harness, "event-2023-offensive"),
        "still fading six days later"
    );
    set_day(&mut harness, day("2023-10-19"));
    assert!(!in_scene(&harness, "event-2023-offensive"));
}

#[test]
fn all_dates_shows_everything() {
    let mut harness = harness();
    harness.get_by_label("All dates").click();
    harness.run();
    for id in [
        "nkao",
        "control-armenian-forces-1994-04-15",
        "line-of-contact-1994-2020",
        "control-armenian-forces-peacekeepers-2020-12-12",
        "lachin-corridor-old-road",
        "lachin-corridor-new-road",
        "hakari-checkpoint",
        "event-1988-transfer-request",
    ] {
        assert!(in_scene(&harness, id), "{id}");
    }
}

#[test]
fn clicking_an_excerpt_selects_its_features_and_flies_to_them() {
    let mut harness = harness();
    let checkpoint = index_of(&harness, "hakari-checkpoint");
    let start_centre = harness.state().map.view.expect("view").center;
    // The list of suggested links sits above the text: folded, the passage is in view.
    harness.get_by_label_contains("Suggested links").click();
    harness.run();
    // The passage "Azerbaijan established an official checkpoint in April, …" in the reading
    // view, scrolled into view as a search result is (the margin marks make the text longer).
    let link = harness.state().dataset.features[checkpoint].excerpts[0].clone();
    harness.state_mut().documents.reveal = Some((link.doc, link.span));
    harness.run();
    let (rect, features) = harness
        .state()
        .documents
        .drawn
        .iter()
        .find(|(_, f)| f.contains(&checkpoint))
        .cloned()
        .expect("the checkpoint's excerpt is drawn");
    // On the piece's first characters: its rect runs on to the next line when the piece starts
    // at the end of one, and its middle may then be another passage.
    click_at(&mut harness, Pos2::new(rect.min.x + 3.0, rect.max.y - 8.0));
    harness.run_steps(60);
    let app = harness.state();
    let selected: Vec<usize> = app
        .state
        .selected
        .iter()
        .map(|id| {
            app.dataset
                .features
                .iter()
                .position(|f| &f.id == id)
                .expect("id")
        })
        .collect();
    assert!(selected.contains(&checkpoint), "{:?}", app.state.selected);
    assert_eq!(selected.len(), features.len());
    let centre = app.map.view.expect("view").center;
    let (lon, lat) = centre.to_lon_lat();
    assert!(centre != start_centre);
    // The map now centres on the corridor area, around the checkpoint.
    assert!(
        (46.3..=46.9).contains(&lon) && (39.4..=39.9).contains(&lat),
        "centre {lat}, {lon}"
    );
    let name = &app.dataset.features[selected[0]].names.display;
    assert!(
        harness.query_all_by_label(name).count() >= 1,
        "the details panel names {name}"
    );
}

#[test]
fn selecting_a_feature_marks_its_excerpts() {
    let mut harness = harness();
    assert!(harness.state().documents.marked.is_empty());
    let view = harness.state().map.view.expect("view");
    let [x, y] = view.screen_from_lon_lat(46.5470, 39.5470);
    // Zoom in on the checkpoint first so the marker is clear of the town beside it, on a day
    // with no event there (the day's events are drawn over everything).
    harness.state_mut().map.center_at(46.547, 39.547, 12.0);
    harness.state_mut().state.day =
        karabakh_atlas::time::Day::from_ymd(2023, 11, 1).expect("a real day");
    harness.run();
    let _ = (x, y);
    let view = harness.state().map.view.expect("view");
    let [x, y] = view.screen_from_lon_lat(46.5470, 39.5470);
    click_at(&mut harness, Pos2::new(x, y));
    let app = harness.state();
    assert_eq!(app.state.primary(), Some("hakari-checkpoint"));
    let feature = app.dataset.feature("hakari-checkpoint").expect("feature");
    let mut expected: Vec<_> = feature.excerpts.iter().map(|l| l.span.clone()).collect();
    expected.sort_by_key(|r| r.start);
    assert_eq!(app.documents.marked, expected);
}

#[test]
fn a_year_precision_date_is_visible_on_every_day_of_that_year() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("geodata")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("seeds")).expect("mkdir");
    std::fs::write(dir.path().join("seeds/doc.txt"), "A year of cease-fire.\n").expect("write");
    std::fs::write(
        dir.path().join("geodata/year.geojson"),
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{
            "id":"truce-1994","kind":"event","name":"A year of truce","valid_from":"1994","valid_to":"1994",
            "source":"test","accuracy":"published"},"geometry":{"type":"Point","coordinates":[46.75,39.81]}}]}"#,
    )
    .expect("write");
    let dataset = data::load_dir(dir.path());
    assert!(dataset.problems.is_empty(), "{:#?}", dataset.problems);

    // Every day of the year through the scene, which the window draws.
    let prepared = Prepared::new(&dataset, &data::basemap::Basemap::default());
    let mut inputs = SceneInputs::new(View::new(46.75, 39.81, 8.0, 800.0, 600.0));
    inputs.basemap = false;
    let mut d = day("1994-01-01");
    while d <= day("1994-12-31") {
        inputs.day = Some(d);
        assert!(
            scene::build(&dataset, &prepared, &inputs)
                .visible
                .contains(&0),
            "{d}"
        );
        d = d.succ();
    }
    inputs.day = Some(day("1993-12-31"));
    assert!(
        scene::build(&dataset, &prepared, &inputs)
            .visible
            .is_empty()
    );

    // And in the window, on the first and the last day.
    let mut harness = harness_with(dataset);
    for (on, shown) in [
        ("1994-01-01", true),
        ("1994-12-31", true),
        ("1993-12-31", false),
    ] {
        set_day(&mut harness, day(on));
        assert_eq!(in_scene(&harness, "truce-1994"), shown, "{on}");
    }
}

#[test]
fn search_finds_a_place_by_its_other_name_and_flies_there() {
    let mut harness = harness();
    harness.get_by_label("Search").click();
    harness.run();
    harness.get_by_label("Search").type_text("Berdzor");
    harness.run();
    // On the day shown (2023-09-20) Azerbaijan held Lachin: its usage comes first.
    harness.get_by_label("Lachin / Berdzor — Town").click();
    harness.run_steps(60);
    assert_eq!(harness.state().state.primary(), Some("town-lachin"));
}

#[test]
fn the_state_survives_a_restart_and_a_corrupt_one_falls_back_to_defaults() {
    let mut harness = harness();
    harness.state_mut().state.day = day("2022-08-26");
    harness
        .state_mut()
        .state
        .hidden_layers
        .insert("towns".to_owned());
    harness.state_mut().state.selected = vec!["hakari-checkpoint".to_owned()];
    harness.state_mut().map.center_at(46.6, 39.6, 10.0);
    harness.run();
    let saved = persist::Saved::of(harness.state()).expect("a view to save");
    let text = serde_json::to_string(&saved).expect("json");

    let mut fresh = harness_with(data::load_embedded());
    persist::restore_from(fresh.state_mut(), Some(text));
    fresh.run();
    let app = fresh.state();
    assert_eq!(app.state.day, day("2022-08-26"));
    assert!(app.state.hidden_layers.contains("towns"));
    assert_eq!(app.state.primary(), Some("hakari-checkpoint"));
    let (lon, lat) = app.map.view.expect("view").center.to_lon_lat();
    assert!(
        (lon - 46.6).abs() < 1e-3 && (lat - 39.6).abs() < 1e-3,
        "{lat} {lon}"
    );
    assert!(app.notices.is_empty());

    let mut broken = harness_with(data::load_embedded());
    persist::restore_from(
        broken.state_mut(),
        Some("{\"center_lon\": \"not a number\"".to_owned()),
    );
    broken.run();
    assert_eq!(
        broken.state().state.day,
        karabakh_atlas::data::embedded::opening_day()
    );
    assert_eq!(broken.state().notices.len(), 1);
    broken.get_by_label_contains("could not be restored");
}

#[test]
fn the_timeline_zooms_pans_and_picks_days() {
    let mut harness = harness();
    let axis = harness.get_by_label("Timeline").rect();
    let span = |h: &Harness<'_, AtlasApp>| h.state().timeline.end - h.state().timeline.start;
    let before = span(&harness);
    // The wheel over the axis zooms it (to September 2023, say, from decades).
    let marker_x = |h: &Harness<'_, AtlasApp>| {
        let day = f64::from(h.state().state.day.0) + 0.5;
        h.state().timeline.x_of_day(day, axis)
    };
    let over = Pos2::new(marker_x(&harness), axis.center().y);
    harness.event(egui::Event::PointerMoved(over));
    for _ in 0..5 {
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Line,
            delta: vec2(0.0, 5.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: Modifiers::NONE,
        });
        harness.run_steps(5);
    }
    harness.run_steps(20);
    assert!(
        span(&harness) < before / 4.0,
        "{before} → {}",
        span(&harness)
    );

    // Dragging the date marker moves the date, like a slider.
    let start_day = harness.state().state.day;
    let from = Pos2::new(marker_x(&harness), axis.center().y);
    // (Far enough to pass a day: zoomed in on September 2023, whose many events widen it,
    // a day is a hundred pixels wide.)
    harness.drag_at(from);
    harness.run();
    harness.hover_at(from + vec2(150.0, 0.0));
    harness.run();
    harness.drop_at(from + vec2(300.0, 0.0));
    harness.run();
    assert!(
        harness.state().state.day > start_day,
        "{} → {}",
        start_day,
        harness.state().state.day
    );

    // Dragging elsewhere pans the axis and keeps the date.
    let day = harness.state().state.day;
    let start = harness.state().timeline.start;
    let elsewhere = Pos2::new(axis.left() + 30.0, axis.center().y);
    harness.drag_at(elsewhere);
    harness.run();
    harness.hover_at(elsewhere + vec2(60.0, 0.0));
    harness.run();
    harness.drop_at(elsewhere + vec2(120.0, 0.0));
    harness.run();
    assert_eq!(harness.state().state.day, day);
    assert!(
        harness.state().timeline.start < start,
        "dragging right shows earlier days"
    );

    // A click picks the day under the pointer.
    let x = axis.left() + axis.width() * 0.25;
    let expected = harness.state().timeline.day_at_x(x, axis);
    click_at(&mut harness, Pos2::new(x, axis.center().y + 10.0));
    let picked = f64::from(harness.state().state.day.0);
    assert!((picked - expected).abs() <= 1.5, "{picked} vs {expected}");
}
