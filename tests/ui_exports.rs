//! The window's exports driven through the real app: Export → Animation… writes a GIF, an MP4
//! video or an animated PNG that decodes to the frames and size it announces, and Cancel stops
//! a long one leaving no file.

mod common;
#[path = "common/video.rs"]
mod video;

use std::path::Path;
use std::time::Duration;

use common::exports::{
    ask_for_days, assert_saved_notice, files_in, open_from_export_menu, said, wait_until_written,
};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use karabakh_atlas::ui::AtlasApp;

/// Export → Animation…, from the top bar.
fn open_animation_window(harness: &mut Harness<'_, AtlasApp>) {
    open_from_export_menu(harness, "Animation…");
}

/// The frames of a GIF file and its size.
fn decode_gif(path: &Path) -> (usize, u16, u16) {
    let file = std::fs::File::open(path).expect("the GIF exists");
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::Indexed);
    let mut decoder = options.read_info(file).expect("a GIF");
    let (width, height) = (decoder.width(), decoder.height());
    let mut frames = 0;
    while decoder
        .read_next_frame()
        .expect("a frame decodes")
        .is_some()
    {
        frames += 1;
    }
    (frames, width, height)
}

#[test]
fn export_animation_writes_a_gif_of_the_stated_frames_and_size() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("war.gif");
    let mut harness = common::harness();
    open_animation_window(&mut harness);
    ask_for_days(&mut harness, "2020-09-27", "2020-10-01", &target);
    harness.get_by_label_contains("frames, 640 × 360 px");
    harness.state_mut().animation.step_days = 2;
    harness.run();
    // 27 and 29 September, 1 October.
    harness.get_by_label("3 frames, 640 × 360 px, 0.4 s");
    harness.get_by_label("Write animation").click();
    wait_until_written(&mut harness);

    let message = said(&harness);
    assert!(
        message.starts_with("Saved") && message.contains("3 frames, 640 × 360 px"),
        "{message}"
    );
    assert_eq!(decode_gif(&target), (3, 640, 360));
    assert_saved_notice(&harness);
    assert_eq!(files_in(dir.path()), ["war.gif"], "no partial file left");

    // The same file again is refused unless replacing is ticked.
    harness.get_by_label("Write animation").click();
    wait_until_written(&mut harness);
    let message = said(&harness);
    assert!(message.contains("already exists"), "{message}");
}

#[test]
fn export_animation_writes_an_mp4_video_or_an_apng_when_that_format_is_chosen() {
    for (choice, extension, codec) in [
        ("MP4 video (H.264)", "mp4", "h264"),
        ("Animated PNG", "apng", "apng"),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut harness = common::harness();
        open_animation_window(&mut harness);
        ask_for_days(
            &mut harness,
            "2020-09-27",
            "2020-09-29",
            &dir.path().join("war.gif"),
        );
        harness.get_by_label(choice).click();
        harness.run();
        let name = format!("war.{extension}");
        let target = dir.path().join(&name);
        assert_eq!(harness.state().animation.path, target.display().to_string());
        harness.get_by_label("3 frames, 640 × 360 px, 0.4 s");
        harness.get_by_label("Write animation").click();
        wait_until_written(&mut harness);
        let message = said(&harness);
        assert!(message.starts_with("Saved"), "{message}");
        let probed = video::probe(&target);
        assert_eq!((probed.codec.as_str(), probed.frames), (codec, 3));
        assert_eq!((probed.width, probed.height), (640, 360));
        assert_eq!(files_in(dir.path()), [name], "no partial file left");
    }
}

#[test]
fn the_built_in_story_animates_one_frame_per_chapter() {
    let mut harness = common::harness();
    open_animation_window(&mut harness);
    let chapters = common::exports::choose_builtin_story(&mut harness);
    assert!(chapters >= 10, "{chapters}");
    harness.get_by_label_contains(&format!("{chapters} frames, 1280 × 720 px"));
    let shots = {
        let app = harness.state();
        app.animation.shots(&app.dataset).expect("shots")
    };
    assert_eq!(shots.len(), chapters);
    assert!(shots.iter().all(|s| {
        let v = s.picture.inputs.view;
        (
            (v.width * s.picture.scale).round(),
            (v.height * s.picture.scale).round(),
        ) == (1280.0, 720.0)
    }));
}

#[test]
fn cancel_stops_a_long_animation_and_leaves_no_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("long.gif");
    let mut harness = common::harness();
    open_animation_window(&mut harness);
    ask_for_days(&mut harness, "2020-01-01", "2020-12-31", &target);
    harness.get_by_label("Write animation").click();
    harness.run_steps(2);
    assert!(harness.state().animation.busy(), "writing on a worker");
    // The window keeps drawing while the worker writes: the bar and Cancel are there.
    harness.get_by_label("Cancel");
    let lefts: Vec<String> = harness
        .query_all_by_label_contains("left")
        .filter_map(|n| {
            let node = n.accesskit_node();
            node.label().or_else(|| node.value())
        })
        .collect();
    let time_left = lefts
        .iter()
        .any(|l| l.contains("time left: working it out") || l.contains(" s left"));
    assert!(time_left, "the time left is shown: {lefts:#?}");
    // Wait for the file being written to appear, then cancel.
    for _ in 0..600 {
        if !files_in(dir.path()).is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !files_in(dir.path()).is_empty(),
        "a partial file is written"
    );
    harness.get_by_label("Cancel").click();
    wait_until_written(&mut harness);
    let message = said(&harness);
    assert!(message.starts_with("Cancelled"), "{message}");
    assert!(!target.exists());
    assert_eq!(files_in(dir.path()), Vec::<String>::new(), "no half file");
}
