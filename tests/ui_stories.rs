//! Stories, tours and compare mode, driven through the real app: chapters added from the
//! window, reordered, saved, reopened and played to the end; two dates compared with the change
//! list and the divider.

mod common;
use common::{drag, harness};

use egui::{Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use karabakh_atlas::data::story::{Caption, Story};
use karabakh_atlas::time::Day;
use karabakh_atlas::ui::AtlasApp;

fn day(text: &str) -> Day {
    Day::parse(text).expect("a day")
}

/// Replaces the text of the field labelled `label` with `text`.
fn type_into(harness: &mut Harness<'_, AtlasApp>, label: &str, text: &str) {
    harness.get_by_label(label).click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label(label).type_text(text);
    harness.run();
}

/// Frames of 0.1 s (the app's longest step) until the tour ends, at most `limit`; returns how
/// many ran.
fn play_out(
    harness: &mut Harness<'_, AtlasApp>,
    limit: usize,
    mut watch: impl FnMut(&AtlasApp),
) -> usize {
    let mut frames = 0;
    while harness.state().tour.is_some() {
        assert!(
            frames < limit,
            "the tour is still playing after {frames} frames"
        );
        harness.step();
        watch(harness.state());
        frames += 1;
    }
    harness.run();
    frames
}

#[test]
fn three_chapters_are_added_reordered_saved_reopened_and_played_to_the_end() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness();
    harness.get_by_label("Stories").click();
    harness.run();

    // 1: the war's first day, in words typed.
    harness.state_mut().state.day = day("2020-09-27");
    harness.state_mut().map.center_at(46.75, 39.8, 8.0);
    harness.run();
    type_into(&mut harness, "Caption", "The war begins.");
    harness.get_by_label("Add chapter").click();
    harness.run();
    // 2: nothing typed, a feature selected: its excerpt is the caption.
    harness.state_mut().state.day = day("2023-09-20");
    harness.state_mut().state.selected = vec!["line-of-contact-1994-2020".to_owned()];
    harness.state_mut().map.center_at(46.5, 39.6, 10.0);
    harness.run();
    harness.get_by_label("Add chapter").click();
    harness.run();
    // 3: the cease-fire, further out, with a layer hidden.
    harness.state_mut().state.day = day("1994-05-12");
    harness.state_mut().state.selected.clear();
    harness
        .state_mut()
        .state
        .hidden_layers
        .insert("towns".to_owned());
    harness.state_mut().map.center_at(45.9, 40.1, 7.0);
    harness.run();
    type_into(&mut harness, "Caption", "The cease-fire.");
    harness.get_by_label("Add chapter").click();
    harness.run();

    let story = harness.state().stories.story.clone();
    assert_eq!(
        story.chapters.len(),
        3,
        "{}",
        harness.state().stories.message.clone().unwrap_or_default()
    );
    assert_eq!(story.chapters[0].caption.text(), "The war begins.");
    assert!(matches!(
        &story.chapters[1].caption,
        Caption::Excerpt { quote, .. } if quote == "A brutal war ensued, resulting in a cease-fire in 1994"
    ));
    assert_eq!(story.chapters[1].selection, ["line-of-contact-1994-2020"]);
    assert!(!story.chapters[2].layers.contains(&"towns".to_owned()));
    assert!((story.chapters[2].view.zoom - 7.0).abs() < 1e-6);
    assert!((story.chapters[1].view.lon - 46.5).abs() < 1e-6);

    // The cease-fire first: up twice (the third ▲, then the second).
    harness
        .get_all_by_label("Up")
        .nth(2)
        .expect("third chapter's ▲")
        .click();
    harness.run();
    harness
        .get_all_by_label("Up")
        .nth(1)
        .expect("second chapter's ▲")
        .click();
    harness.run();
    let dates: Vec<String> = harness
        .state()
        .stories
        .story
        .chapters
        .iter()
        .map(|c| c.date.to_string())
        .collect();
    assert_eq!(dates, ["1994-05-12", "2020-09-27", "2023-09-20"]);

    type_into(
        &mut harness,
        "Dossier folder",
        &dir.path().display().to_string(),
    );
    type_into(&mut harness, "File name", "three steps");
    harness.get_by_label("Save story").click();
    harness.run();
    let file = dir.path().join("stories/three-steps.json");
    assert!(file.is_file(), "{:?}", harness.state().stories.message);
    let saved = Story::read(&file).expect("the saved story reads");
    assert_eq!(saved, harness.state().stories.story);

    // A fresh window opens it from the folder.
    let mut harness = common::harness();
    harness.get_by_label("Stories").click();
    harness.run();
    type_into(
        &mut harness,
        "Dossier folder",
        &dir.path().display().to_string(),
    );
    harness.get_by_label("Look in folder").click();
    harness.run();
    harness.get_by_label_contains("three-steps.json");
    harness.get_by_label("Open").click();
    harness.run();
    assert_eq!(harness.state().stories.story, saved);

    // Played to the end: each chapter's day and view reached, the layers as the chapter says.
    harness.get_by_label("Play story").click();
    harness.step();
    assert!(harness.state().tour.is_some(), "Play starts the tour");
    let mut seen = Vec::new();
    let mut lowest_zoom = f64::MAX;
    let frames = play_out(&mut harness, 600, |app| {
        if let Some(tour) = &app.tour {
            if seen.last() != Some(&tour.chapter) {
                seen.push(tour.chapter);
            }
            if tour.chapter == 1
                && let Some(view) = app.map.view
            {
                lowest_zoom = lowest_zoom.min(view.zoom);
            }
            if tour.caption_alpha() >= 1.0 {
                assert_eq!(app.state.day, saved.chapters[tour.chapter].date);
            }
        }
    });
    assert_eq!(seen, [0, 1, 2], "every chapter in order");
    harness.get_by_label("Play story"); // the Stories window is back at the end
    // Chapter 2 flies from zoom 7 to 8: never a jump, and never below where it started.
    assert!(lowest_zoom >= 7.0 - 1e-6, "{lowest_zoom}");
    assert!(
        frames > 150,
        "15 s of chapters took {frames} frames of 0.1 s"
    );
    let app = harness.state();
    let last = &saved.chapters[2];
    assert_eq!(app.state.day, last.date);
    assert_eq!(app.state.selected, last.selection);
    let view = app.map.view.expect("view");
    let (lon, lat) = view.center.to_lon_lat();
    assert!((lon - last.view.lon).abs() < 1e-6 && (lat - last.view.lat).abs() < 1e-6);
    assert!((view.zoom - last.view.zoom).abs() < 1e-6);
}

#[test]
fn the_built_in_story_steps_with_the_arrows_and_stops_with_escape() {
    let mut harness = harness();
    harness.get_by_label("Stories").click();
    harness.run();
    harness.get_by_label("Play built-in").click();
    harness.step();
    assert_eq!(harness.state().tour.as_ref().map(|t| t.chapter), Some(0));
    // The day of the timeline does not move: the arrows are the tour's.
    harness.key_press(Key::ArrowRight);
    harness.step();
    harness.key_press(Key::ArrowRight);
    harness.step();
    let tour = harness.state().tour.as_ref().expect("playing");
    assert_eq!(tour.chapter, 2);
    let third = tour.story.chapters[2].clone();
    harness.key_press(Key::ArrowLeft);
    harness.step();
    assert_eq!(harness.state().tour.as_ref().map(|t| t.chapter), Some(1));
    for _ in 0..40 {
        harness.step();
    }
    assert!(harness.state().map.view.is_some());
    harness.key_press(Key::Escape);
    harness.step();
    assert!(harness.state().tour.is_none(), "Esc stops the tour");
    assert_ne!(harness.state().state.day, third.date);
}

#[test]
fn compare_mode_lists_what_changed_and_the_divider_drags() {
    let mut harness = harness();
    harness.get_by_label("Compare").click();
    harness.run();
    type_into(&mut harness, "Before", "2020-09-26");
    type_into(&mut harness, "After", "2020-12-02");
    assert_eq!(harness.state().compare.before, day("2020-09-26"));
    assert_eq!(harness.state().compare.after, day("2020-12-02"));
    harness.get_by_label_contains("km² from Armenian forces to Azerbaijan");
    harness.get_by_label_contains("2020-09-26  Line of contact, 1994–2020");
    // The second map draws the later day's scene.
    let second = harness
        .state()
        .compare
        .second
        .scene()
        .expect("the later map drew");
    let ids: Vec<&str> = second
        .visible
        .iter()
        .map(|&i| harness.state().dataset.features[i].id.as_str())
        .collect();
    assert!(
        !ids.contains(&"line-of-contact-1994-2020"),
        "the line is gone by December"
    );
    let first = harness.state().map.scene().expect("the earlier map drew");
    assert!(
        first
            .visible
            .iter()
            .any(|&i| harness.state().dataset.features[i].id == "line-of-contact-1994-2020")
    );

    // The divider, midway, dragged to the left.
    let view = harness.state().map.view.expect("view");
    let x = view.origin[0] + view.width * 0.5;
    let y = view.origin[1] + view.height * 0.5;
    drag(
        &mut harness,
        egui::pos2(x, y),
        vec2(-view.width * 0.25, 0.0),
        5,
    );
    let divider = harness.state().compare.divider;
    assert!((divider - 0.25).abs() < 0.03, "divider at {divider}");

    // Side by side, the two maps move together.
    harness.get_by_label("Side by side").click();
    harness.run();
    harness.key_press(Key::Plus);
    harness.run();
    let (a, b) = (
        harness.state().map.view.expect("first"),
        harness.state().compare.second.view.expect("second"),
    );
    assert!(
        (a.zoom - b.zoom).abs() < 1e-9 && (a.zoom - view.zoom).abs() > 0.5,
        "{} {}",
        a.zoom,
        b.zoom
    );
    assert!((a.center.x - b.center.x).abs() < 1e-12);
    assert!(a.width < view.width * 0.6, "half the width each");
}

#[test]
fn the_tours_caption_stays_over_the_map_between_the_panels() {
    // A laptop's window: the caption kept to the window's middle spilled over the side panels.
    let mut harness = laptop_with("Stories");
    harness.get_by_label("Play built-in").click();
    for _ in 0..5 {
        harness.step();
    }
    let view = harness.state().map.view.expect("the map is drawn");
    let map = egui::Rect::from_min_size(view.origin.into(), vec2(view.width, view.height));
    let caption = harness
        .get_by_label_contains("Left/Right arrows step")
        .rect();
    assert!(
        map.contains_rect(caption),
        "the caption {caption:?} is not within the map {map:?}"
    );
}

/// The app in a laptop's window (1300×810) with the top bar's `button` clicked ("Stories",
/// "Compare").
fn laptop_with(button: &str) -> Harness<'static, AtlasApp> {
    let mut harness = harness();
    harness.set_size(vec2(1300.0, 810.0));
    harness.run();
    harness.get_by_label(button).click();
    harness.run();
    harness
}

#[test]
fn the_stories_window_stands_aside_while_its_tour_plays_and_comes_back_where_it_was() {
    let mut harness = laptop_with("Stories");
    let before = harness.get_by_label("Play built-in").rect();
    for stop in ["Stop tour", "Esc"] {
        harness.get_by_label("Play built-in").click();
        for _ in 0..5 {
            harness.step();
        }
        assert!(harness.state().tour.is_some(), "the tour plays");
        // It covered a third of the map: a tour is a presentation.
        assert!(
            harness.query_by_label("Play built-in").is_none(),
            "the Stories window is still over the map while the tour plays"
        );
        // The tour's own controls are there, for the mouse.
        // (The caption box takes a frame to take its new chapter's height.)
        harness.get_by_label("Next chapter").click();
        harness.run_steps(3);
        assert_eq!(harness.state().tour.as_ref().map(|t| t.chapter), Some(1));
        harness.get_by_label("Previous chapter").click();
        harness.run_steps(3);
        assert_eq!(harness.state().tour.as_ref().map(|t| t.chapter), Some(0));
        if stop == "Esc" {
            harness.key_press(Key::Escape);
        } else {
            harness.get_by_label(stop).click();
        }
        harness.step();
        harness.run();
        assert!(harness.state().tour.is_none(), "{stop} stops the tour");
        assert!(harness.state().stories.open);
        let after = harness.get_by_label("Play built-in").rect();
        assert_eq!(after, before, "the window came back elsewhere after {stop}");
    }
    // Asked for during a tour (the top bar's Stories), it comes back at once.
    harness.get_by_label("Play built-in").click();
    harness.run_steps(3);
    assert!(harness.query_by_label("Play built-in").is_none());
    harness.get_by_label("Stories").click();
    harness.run_steps(3);
    assert!(harness.state().tour.is_some(), "the tour plays on");
    harness.get_by_label("Play built-in");
}

#[test]
fn the_stories_message_is_said_under_add_chapter_which_stays_put() {
    let mut harness = laptop_with("Stories");
    harness.state_mut().state.selected.clear();
    harness.run();
    let button = harness.get_by_label("Add chapter").rect();
    harness.get_by_label("Add chapter").click();
    harness.run();
    let message = harness
        .get_by_label_contains("No chapter added: type a caption")
        .rect();
    assert!(
        message.top() >= button.bottom() - 1.0 && message.top() - button.bottom() < 20.0,
        "the message {message:?} is not under the button {button:?}"
    );
    for n in 1..=6 {
        type_into(&mut harness, "Caption", &format!("Chapter {n}."));
        harness.get_by_label("Add chapter").click();
        harness.run();
        assert_eq!(harness.state().stories.story.chapters.len(), n);
        assert_eq!(
            harness.get_by_label("Add chapter").rect(),
            button,
            "Add chapter moved with chapter {n}"
        );
        let said = harness.get_by_label(&format!("Chapter {n} added.")).rect();
        assert!(said.top() - button.bottom() < 20.0, "{said:?}");
    }
    // The list scrolls in its own space: Save stays where it was with six chapters or two.
    let save = harness.get_by_label("Save story").rect();
    harness.state_mut().stories.story.chapters.truncate(2);
    harness.run();
    assert_eq!(harness.get_by_label("Save story").rect(), save);
}

#[test]
fn compare_labels_keep_clear_of_the_later_dates_plate() {
    // The default view in a laptop's window: the plate covered "Talish".
    let harness = laptop_with("Compare");
    let plate = harness
        .state()
        .compare
        .date_plate
        .expect("the swipe map says its later date");
    let view = harness.state().compare.second.view.expect("the later map");
    let map = egui::Rect::from_min_size(view.origin.into(), vec2(view.width, view.height));
    assert!(map.contains_rect(plate), "{plate:?} not over {map:?}");
    let labels = harness.state().compare.second.labels();
    assert!(labels.len() > 10, "{} labels", labels.len());
    for label in labels {
        assert!(
            !label.rect.intersects(plate),
            "{:?} at {:?} is under the date {plate:?}",
            label.text,
            label.rect
        );
    }
}

/// Plays the built-in tour from its first chapter to its last, stepping with *Next chapter*
/// once each chapter is flown to and its caption faded in; `check` looks at each (its number
/// from 0), `settle` frames later.
fn each_chapter(
    harness: &mut Harness<'_, AtlasApp>,
    settle: usize,
    mut check: impl FnMut(&Harness<'_, AtlasApp>, usize),
) {
    harness.get_by_label("Play built-in").click();
    let count = 14;
    for n in 0..count {
        for _ in 0..80 {
            if harness.state().tour.as_ref().map(|t| t.caption_alpha()) == Some(1.0) {
                break;
            }
            harness.step();
        }
        harness.run_steps(settle);
        let chapter = harness.state().tour.as_ref().map(|t| t.chapter);
        assert_eq!(chapter, Some(n), "the tour plays chapter {}", n + 1);
        check(harness, n);
        if n + 1 < count {
            harness.get_by_label("Next chapter").click();
            harness.run_steps(1);
        }
    }
}

#[test]
fn a_presented_tours_buttons_keep_clear_of_the_slide() {
    let mut harness = laptop_with("Stories");
    harness.get_by_label("as presentation").click();
    harness.run();
    each_chapter(&mut harness, 1, |harness, n| {
        let app = harness.state();
        assert!(app.state.presentation);
        let view = app.map.view.expect("the map is drawn");
        let frame = egui::Rect::from_min_size(view.origin.into(), vec2(view.width, view.height));
        let boxes = karabakh_atlas::map::slide_boxes(&harness.ctx);
        assert!(
            boxes.iter().all(|b| frame.contains_rect(*b)),
            "the slide drawn is this map's"
        );
        let controls = harness
            .get_by_label_contains("Left/Right arrows step")
            .rect()
            .union(harness.get_by_label("Stop tour").rect())
            .union(harness.get_by_label("Previous chapter").rect());
        for b in &boxes {
            assert!(
                !b.intersects(controls),
                "chapter {}: the tour's controls {controls:?} cover the slide's box {b:?}",
                n + 1
            );
        }
    });
}

/// Out of presentation mode the tour's caption stands over the bottom of the map: the map's
/// names and the key of numbered events keep clear of it, chapter after chapter, rather than
/// go under it.
#[test]
fn the_tours_caption_covers_no_name_of_the_map() {
    let mut harness = laptop_with("Stories");
    // Three frames: the scene made for the caption where it now stands.
    each_chapter(&mut harness, 3, |harness, n| {
        let caption = harness
            .get_by_label_contains("Left/Right arrows step")
            .rect()
            .union(harness.get_by_label("Stop tour").rect());
        let labels = harness.state().map.labels();
        assert!(!labels.is_empty(), "chapter {}: the map is named", n + 1);
        for label in labels {
            assert!(
                !label.rect.intersects(caption),
                "chapter {}: {:?} at {:?} is under the caption {caption:?}",
                n + 1,
                label.text,
                label.rect
            );
        }
    });
}
