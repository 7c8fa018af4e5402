//! The real app driven through egui_kittest: it starts on the shipped dossier, a click selects,
//! the legend switches layers, keys and the wheel zoom.

mod common;
mod fixture;
use common::{click_at, harness, marker_of};

use egui::{Event, Modifiers, MouseWheelUnit, TouchPhase, pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use karabakh_atlas::scene::Shape;
use karabakh_atlas::ui::AtlasApp;

#[test]
fn it_starts_on_the_shipped_dossier() {
    let harness = harness();
    harness.get_by_label("Karabakh Atlas");
    harness.get_by_label("2023-09-20");
    harness.get_by_label_contains("Lachin corridor and checkpoint");
    let app = harness.state();
    assert!(app.dataset.problems.is_empty());
    let scene = app.map.scene().expect("the map drew a scene");
    assert!(
        scene.visible.len() > 20,
        "{} features visible",
        scene.visible.len()
    );
    assert!(!scene.labels.is_empty());
}

#[test]
fn clicking_a_feature_selects_it_and_the_panel_names_it() {
    let mut harness = harness();
    let goris = marker_of(&harness, "town-goris");
    click_at(&mut harness, goris);
    assert_eq!(harness.state().state.primary(), Some("town-goris"));
    // The details panel's heading; the map label is painted, not a widget.
    harness.get_by_label("Goris");
    harness.get_by_label_contains("GeoNames 174895");

    // On a day with no event drawn over it (until October 2023 the blockade's marker is).
    harness.state_mut().state.day =
        karabakh_atlas::time::Day::from_ymd(2023, 11, 1).expect("a day");
    harness.run();
    let checkpoint = marker_of(&harness, "hakari-checkpoint");
    click_at(&mut harness, checkpoint);
    assert_eq!(harness.state().state.primary(), Some("hakari-checkpoint"));
    harness.get_by_label("Azerbaijani checkpoint at the Hakari bridge");
}

#[test]
fn clicking_empty_map_clears_the_selection() {
    let mut harness = harness();
    let goris = marker_of(&harness, "town-goris");
    click_at(&mut harness, goris);
    assert!(harness.state().state.primary().is_some());
    // In Iran, south of the Aras: no dossier feature there.
    let view = harness.state().map.view.expect("view");
    let [x, y] = view.screen_from_lon_lat(47.3, 38.85);
    assert!(harness.state().map.hit(pos2(x, y)).is_none());
    click_at(&mut harness, pos2(x, y));
    assert!(harness.state().state.selected.is_empty());
}

/// A click inside an area, away from any point or line, says what holds that place on the
/// date: the areas there, the most specific first, each of which a click selects.
#[test]
fn a_click_inside_an_area_lists_what_holds_the_place_and_selects_from_the_list() {
    let dir = fixture::dossier();
    let mut harness = common::harness_with(karabakh_atlas::data::load_dir(dir.path()));
    assert!(
        harness.state().dataset.problems.is_empty(),
        "{:#?}",
        harness.state().dataset.problems
    );
    assert_eq!(harness.state().state.day.to_string(), "2023-09-20");
    let view = harness.state().map.view.expect("view");
    // Inside the area held with the peacekeepers, north-east of the fixture's towns.
    let [x, y] = view.screen_from_lon_lat(46.9, 40.1);
    let hit = harness.state().map.hit(pos2(x, y));
    let hit_id = hit.map(|i| harness.state().dataset.features[i].id.clone());
    assert_eq!(
        hit_id.as_deref(),
        Some("control-peacekeepers-2020"),
        "area fills are hit-tested"
    );
    click_at(&mut harness, pos2(x, y));
    assert!(
        harness.state().state.selected.is_empty(),
        "nothing selected yet"
    );
    let (lon, lat) = harness.state().state.here.expect("the place clicked");
    assert!((lon - 46.9).abs() < 0.01 && (lat - 40.1).abs() < 0.01);
    harness.get_by_label_contains(&format!("At {lat:.4}, {lon:.4} on 2023-09-20"));
    harness.get_by_label_contains(
        "Held by: Armenian forces (area 'Held by Armenian forces, peacekeepers deployed'",
    );
    // The list: the area of control, then the country; not the oblast, gone since 1991.
    let area = harness.get_by_label("Held by Armenian forces, peacekeepers deployed");
    harness.get_by_label("Azerbaijan");
    assert!(
        harness
            .query_by_label("Nagorno-Karabakh Autonomous Oblast")
            .is_none()
    );
    area.click();
    harness.run();
    assert_eq!(
        harness.state().state.primary(),
        Some("control-peacekeepers-2020")
    );
    harness.get_by_label_contains("test box 3");
    // And back to the place.
    harness.get_by_label_contains("Back to what is at").click();
    harness.run();
    assert!(harness.state().state.selected.is_empty());
    harness.get_by_label("Held by Armenian forces, peacekeepers deployed");

    // A town's marker is a point: a click on it selects it at once.
    let town = marker_of(&harness, "town-stepanakert");
    click_at(&mut harness, town);
    assert_eq!(harness.state().state.primary(), Some("town-stepanakert"));
    assert_eq!(harness.state().state.here, None);
}

/// The naming rule in the window: the details, the tooltip's source and the map's labels read
/// the usage of the side that held the place on the day shown.
#[test]
fn names_follow_the_side_that_held_the_place_on_the_day_shown() {
    let dir = fixture::dossier();
    let mut harness = common::harness_with(karabakh_atlas::data::load_dir(dir.path()));
    let label_of = |h: &Harness<'_, AtlasApp>, id: &str| {
        let index = h.state().dataset.feature_index(id).expect("feature");
        h.state()
            .map
            .scene()
            .expect("scene")
            .labels
            .iter()
            .find(|l| l.feature == Some(index))
            .map(|l| l.text.clone())
    };
    for (day, shusha, stepanakert) in [
        ("1980-06-01", "Shusha / Shushi", "Stepanakert / Khankendi"),
        ("2019-06-01", "Shushi / Shusha", "Stepanakert / Khankendi"),
        ("2021-06-01", "Shusha / Shushi", "Stepanakert / Khankendi"),
        ("2024-06-01", "Shusha / Shushi", "Khankendi / Stepanakert"),
    ] {
        harness.state_mut().state.day = karabakh_atlas::time::Day::parse(day).expect("day");
        harness.run();
        assert_eq!(
            label_of(&harness, "town-shusha").as_deref(),
            Some(shusha),
            "{day}"
        );
        assert_eq!(
            label_of(&harness, "town-stepanakert").as_deref(),
            Some(stepanakert),
            "{day}"
        );
    }
    // The details panel says the same.
    harness
        .state_mut()
        .state
        .select_one(Some("town-stepanakert".to_owned()));
    harness.run();
    harness.get_by_label("Khankendi / Stepanakert");
    // The legend offers the rule, and the fixed orders.
    harness.get_by_label("Armenian usage first").click();
    harness.run();
    harness.get_by_label("Stepanakert / Khankendi");
    assert_eq!(
        label_of(&harness, "town-stepanakert").as_deref(),
        Some("Stepanakert / Khankendi")
    );
    harness
        .get_by_label("The administering side's usage first")
        .click();
    harness.run();
    harness.get_by_label("Khankendi / Stepanakert");
}

#[test]
fn a_legend_toggle_removes_the_layer_from_the_scene() {
    let mut harness = harness();
    let corridor: Vec<usize> = {
        let app = harness.state();
        app.dataset
            .features
            .iter()
            .enumerate()
            .filter(|(_, f)| &*f.layer == "corridor")
            .map(|(i, _)| i)
            .collect()
    };
    let visible = |h: &Harness<'_, AtlasApp>| {
        let scene = h.state().map.scene().expect("scene");
        corridor
            .iter()
            .filter(|i| scene.visible.contains(i))
            .count()
    };
    assert!(visible(&harness) > 0);
    harness
        .get_by_label_contains("Lachin corridor and checkpoint")
        .click();
    harness.run();
    assert_eq!(visible(&harness), 0, "the corridor layer is still drawn");
    assert!(harness.state().state.hidden_layers.contains("corridor"));
    harness
        .get_by_label_contains("Lachin corridor and checkpoint")
        .click();
    harness.run();
    assert!(visible(&harness) > 0);
}

#[test]
fn legend_rows_stay_inside_the_legend_panel() {
    // A long kind name with its "approximate" swatch used to run on under the map's edge.
    let harness = harness();
    let map_left = harness
        .state()
        .map
        .scene()
        .expect("scene")
        .inputs
        .view
        .origin[0];
    let marks = harness
        .query_all_by_label("approximate")
        .collect::<Vec<_>>();
    assert!(marks.len() >= 5, "the legend marks approximate kinds");
    for mark in marks {
        let right = mark.rect().right();
        assert!(
            right <= map_left + 0.5,
            "an \"approximate\" mark ends at x = {right}, under the map (which starts at {map_left})"
        );
    }
}

#[test]
fn keys_and_the_wheel_zoom() {
    let mut harness = harness();
    let zoom = |h: &Harness<'_, AtlasApp>| h.state().map.memory.zoom();
    let start = zoom(&harness);
    harness.key_press(egui::Key::Plus);
    harness.run();
    assert!(
        (zoom(&harness) - start - 1.0).abs() < 1e-6,
        "{start} → {}",
        zoom(&harness)
    );
    harness.key_press(egui::Key::Minus);
    harness.key_press(egui::Key::Minus);
    harness.run();
    assert!((zoom(&harness) - start + 1.0).abs() < 1e-6);

    let before = zoom(&harness);
    let over_map = marker_of(&harness, "town-stepanakert");
    harness.event(Event::PointerMoved(over_map));
    harness.event(Event::MouseWheel {
        unit: MouseWheelUnit::Line,
        delta: vec2(0.0, 3.0),
        phase: TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: Modifiers::NONE,
    });
    harness.run();
    assert!(
        zoom(&harness) > before,
        "wheel did not zoom in: {before} → {}",
        zoom(&harness)
    );
    // egui smooths wheel input over a few frames: let it settle before going home.
    harness.run_steps(30);

    harness.key_press(egui::Key::Home);
    harness.run();
    assert!(
        (zoom(&harness) - start).abs() < 1e-6,
        "Home restores the start view"
    );
}

#[test]
fn an_idle_frame_does_not_rebuild_the_scene() {
    let mut harness = harness();
    let before = harness.state().map.rebuilds;
    harness.run_steps(3);
    assert_eq!(harness.state().map.rebuilds, before);
}

#[test]
fn a_line_is_selected_by_clicking_near_it() {
    let mut harness = harness();
    let (a, b) = {
        let app = harness.state();
        let index = app
            .dataset
            .features
            .iter()
            .position(|f| f.id == "lachin-corridor-new-road")
            .expect("road");
        let scene = app.map.scene().expect("scene");
        let points = scene
            .items_of(index)
            .find_map(|item| match &item.shape {
                Shape::Line { points, .. } => Some(points.clone()),
                _ => None,
            })
            .expect("the new road is drawn on 2023-09-20");
        // The longest segment in Armenia, Goris to Tegh, away from the markers at its ends and
        // from any other place (the longest of all passes Lisagor on its way to Shusha).
        let placing = app.map.placing();
        (placing.apply(points[0]), placing.apply(points[1]))
    };
    let middle = a + (b - a) * 0.5;
    // Three pixels off the line still hits it.
    let normal = (b - a).normalized().rot90();
    click_at(&mut harness, middle + normal * 3.0);
    assert_eq!(
        harness.state().state.primary(),
        Some("lachin-corridor-new-road")
    );
}

/// While the map is dragged its labels' halos are drawn lighter; once it stops, a last frame
/// draws them full, without anyone asking for one.
#[test]
fn halos_are_light_while_dragging_and_full_once_the_map_stops() {
    use karabakh_atlas::map::Halo;
    let mut harness = harness();
    assert_eq!(harness.state().map.halo, Halo::Full);
    // `drag` lets the app settle after the release: only the frames the app asks for.
    common::drag_watching(
        &mut harness,
        pos2(600.0, 450.0),
        vec2(30.0, 15.0),
        5,
        |app, i| {
            assert_eq!(app.map.halo, Halo::Moving, "step {i}");
        },
    );
    assert_eq!(harness.state().map.halo, Halo::Full);
}

/// Types `text` into the search box.
fn search_for(harness: &mut Harness<'_, AtlasApp>, text: &str) {
    harness.get_by_label("Search").click();
    harness.run();
    harness.get_by_label("Search").type_text(text);
    harness.run();
}

/// The search lists a town before the bases and events named after it; what it finds is
/// searched once per query, not again every frame, and the documents are folded once.
#[test]
fn the_search_lists_the_town_before_what_is_named_after_it() {
    use egui_kittest::kittest::NodeT as _;
    let mut harness = harness();
    search_for(&mut harness, "Stepanakert");
    let listed: Vec<String> = harness
        .query_all_by_label_contains("— ")
        .filter_map(|n| n.accesskit_node().label())
        .filter(|l| l.contains("Stepanakert"))
        .collect();
    assert!(listed.len() >= 3, "{listed:#?}");
    assert!(listed[0].ends_with("— Town"), "{listed:#?}");

    let searches = harness.state().search.searches;
    harness.run_steps(3);
    assert_eq!(
        harness.state().search.searches,
        searches,
        "idle frames search again"
    );
    // Each key searches again, but the documents are folded only once for the data.
    harness.get_by_label("Search").type_text(" / K");
    harness.run();
    let search = &harness.state().search;
    assert!(search.searches > searches);
    assert_eq!(search.folds, 1, "the documents were folded again for a key");
}

/// Enter in the search box takes the first result: the town is selected and the map flies to
/// it.
#[test]
fn enter_in_the_search_box_takes_the_first_result() {
    let mut harness = harness();
    search_for(&mut harness, "Stepanakert");
    let start = harness.state().map.view.expect("view").center;
    harness.key_press(egui::Key::Enter);
    harness.run_steps(60);
    let app = harness.state();
    assert_eq!(app.state.primary(), Some("town-stepanakert"));
    assert!(app.search.query.is_empty(), "the box is cleared");
    let view = app.map.view.expect("view");
    assert_ne!(view.center, start, "the map flew");
    // Stepanakert is now in the middle of the map.
    let [x, y] = view.screen_from_lon_lat(46.75, 39.82);
    let middle = [
        view.origin[0] + view.width / 2.0,
        view.origin[1] + view.height / 2.0,
    ];
    assert!(
        (x - middle[0]).abs() < 80.0 && (y - middle[1]).abs() < 80.0,
        "{x}, {y} vs {middle:?}"
    );
}
