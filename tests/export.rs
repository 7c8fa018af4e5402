//! Exported pictures: the right things at the right pixels, valid SVG, one slide per event,
//! clear errors, and never a partial file.

use std::process::Command;

use karabakh_atlas::data::{self, basemap::Basemap};
use karabakh_atlas::export::{self, Format, Picture};
use karabakh_atlas::scene::slide::SlideOptions;
use karabakh_atlas::scene::{Prepared, SceneInputs, View};
use karabakh_atlas::time::Day;

fn atlas() -> Command {
    Command::new(env!("CARGO_BIN_EXE_karabakh-atlas"))
}

const CHECKPOINT: (f64, f64) = (46.547, 39.547);

/// The colour at the checkpoint's projected pixel in a PNG rendered on `day`.
fn pixel_at_checkpoint(day: &str, scale: f32) -> [u8; 3] {
    let dataset = data::load_embedded();
    let prepared = Prepared::new(&dataset, &Basemap::embedded());
    let view = View::new(CHECKPOINT.0, CHECKPOINT.1, 10.5, 800.0, 600.0);
    let mut inputs = SceneInputs::new(view);
    let day = Day::parse(day).expect("date");
    inputs.day = Some(day);
    let picture = Picture {
        inputs,
        slide: SlideOptions::new(Some(day)),
        selected: Vec::new(),
        scale,
    };
    let png = export::render(&dataset, &prepared, &picture, Format::Png).expect("renders");
    let image = image::load_from_memory(&png).expect("a PNG").to_rgb8();
    assert_eq!(
        (image.width(), image.height()),
        ((800.0 * scale) as u32, (600.0 * scale) as u32)
    );
    let [x, y] = view.screen_from_lon_lat(CHECKPOINT.0, CHECKPOINT.1);
    image.get_pixel((x * scale) as u32, (y * scale) as u32).0
}

fn is_checkpoint_blue(c: [u8; 3]) -> bool {
    // The checkpoint's fill, #1f4ea8.
    (c[0] as i32 - 0x1f).abs() < 12
        && (c[1] as i32 - 0x4e).abs() < 12
        && (c[2] as i32 - 0xa8).abs() < 12
}

#[test]
fn the_checkpoint_is_in_the_png_after_april_2023_and_not_before() {
    // (Until October 2023 the blockade's event marker is drawn over it: the day's events go
    // on top of everything.)
    let after = pixel_at_checkpoint("2023-11-01", 1.0);
    assert!(is_checkpoint_blue(after), "2023-11-01: {after:?}");
    let before = pixel_at_checkpoint("2023-01-01", 1.0);
    assert!(!is_checkpoint_blue(before), "2023-01-01: {before:?}");
    let sharp = pixel_at_checkpoint("2023-11-01", 2.0);
    assert!(is_checkpoint_blue(sharp), "at 2×: {sharp:?}");
}

#[test]
fn the_svg_parses_and_carries_the_title_and_the_date() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("slide.svg");
    let status = atlas()
        .args([
            "render",
            "--date",
            "2023-09-24",
            "--title",
            "The exodus",
            "--size",
            "1200x800",
            "-o",
        ])
        .arg(&out)
        .status()
        .expect("runs");
    assert!(status.success());
    let svg = std::fs::read_to_string(&out).expect("written");
    let tree =
        resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).expect("valid SVG");
    assert_eq!(tree.size().width(), 1200.0);
    assert!(svg.contains("The exodus"));
    assert!(svg.contains("24 September 2023"));
    assert!(svg.contains("Legend"));
    assert!(svg.contains("GeoNames (CC BY 4.0)"), "attribution");
}

#[test]
fn each_event_writes_one_slide_per_event_named_by_date() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = atlas()
        .args([
            "render",
            "--size",
            "400x300",
            "--format",
            "svg",
            "--each-event",
        ])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dataset = data::load_embedded();
    let events = dataset
        .features
        .iter()
        .filter(|f| f.kind == data::Kind::Event)
        .count();
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    assert_eq!(names.len(), events, "{names:?}");
    assert!(
        names.contains(&"2023-04-23-event-2023-checkpoint.svg".to_owned()),
        "{names:?}"
    );
    assert!(
        names.first().is_some_and(|n| n.starts_with("1988-")),
        "sorted by date: {names:?}"
    );
}

#[test]
fn bad_requests_get_clear_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_file = dir.path().join("x.png");
    let cases: [(&[&str], &str); 5] = [
        (&["--date", "2023-13-01"], "month out of range"),
        (&["--select", "no-such-thing"], "no feature with id"),
        (&["--size", "100000x10"], "between 200 and 8000"),
        (&["--scale", "50"], "scale must be"),
        (&["--bbox", "47,40,46,39"], "west < east"),
    ];
    for (args, needle) in cases {
        let out = atlas()
            .arg("render")
            .args(args)
            .arg("-o")
            .arg(&out_file)
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
    assert!(!out_file.exists());
}

#[test]
fn an_unwritable_path_is_an_error_and_leaves_no_partial_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("no-such-folder").join("slide.png");
    let out = atlas()
        .args(["render", "--size", "400x300", "-o"])
        .arg(&target)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write"));
    let left: Vec<_> = std::fs::read_dir(dir.path()).expect("list").collect();
    assert!(left.is_empty(), "{left:?}");

    // An existing file is not replaced without --force.
    let existing = dir.path().join("slide.png");
    std::fs::write(&existing, b"keep me").expect("write");
    let out = atlas()
        .args(["render", "--size", "400x300", "-o"])
        .arg(&existing)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(&existing).expect("read"), b"keep me");
    let out = atlas()
        .args(["render", "--size", "400x300", "--force", "-o"])
        .arg(&existing)
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(
        std::fs::read(&existing)
            .expect("read")
            .starts_with(b"\x89PNG")
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("list").count(),
        1,
        "no temporary file left"
    );
}

mod common;

use egui_kittest::kittest::Queryable;

#[test]
fn presentation_mode_hides_the_panels_and_p_or_escape_toggles_it() {
    let mut harness = common::harness();
    harness.get_by_label("Layers");
    harness.get_by_label("Presentation").click();
    harness.run();
    assert!(harness.state().state.presentation);
    assert!(
        harness.query_by_label("Layers").is_none(),
        "the legend panel is hidden"
    );
    assert!(harness.query_by_label("Timeline").is_none());
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(!harness.state().state.presentation);
    harness.key_press(egui::Key::P);
    harness.run();
    assert!(harness.state().state.presentation);
}

/// In presentation mode the window places the map's names around the slide's legend and
/// caption as an exported slide does: none is cut by a box (at 1300×810 on 24 September 2023
/// the legend cut "Khojavend / Martuni" in two), and every date of the wars keeps it so.
#[test]
fn a_presented_slide_covers_no_name_and_its_boxes_take_no_clicks() {
    let app = karabakh_atlas::ui::AtlasApp::new(data::load_embedded());
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1300.0, 810.0))
        .with_max_steps(80)
        .build_ui_state(|ui, app: &mut karabakh_atlas::ui::AtlasApp| app.ui(ui), app);
    harness.run();
    harness.key_press(egui::Key::P);
    harness.run();
    assert!(harness.state().state.presentation);
    for day in [
        "1994-05-12",
        "2020-10-17",
        "2020-11-10",
        "2022-12-12",
        "2023-09-20",
        "2023-09-24",
        "2023-10-01",
    ] {
        harness.state_mut().state.day = Day::parse(day).expect("a date");
        harness.run();
        let boxes = karabakh_atlas::map::slide_boxes(&harness.ctx);
        assert!(
            boxes.len() >= 4,
            "{day}: title, legend, scale, credits: {boxes:?}"
        );
        let labels = harness.state().map.labels();
        assert!(labels.len() > 10, "{day}: the map is named");
        for label in labels {
            if label.style == karabakh_atlas::scene::LabelStyle::Key {
                continue;
            }
            for b in &boxes {
                assert!(
                    !b.intersects(label.rect),
                    "{day}: {:?} at {:?} is under the box {b:?}",
                    label.text,
                    label.rect
                );
            }
        }
    }
    // The slide's boxes hide the map under them: a click on the legend selects nothing
    // though a feature is drawn there (nor shows its tooltip); off the boxes, it selects.
    let boxes = karabakh_atlas::map::slide_boxes(&harness.ctx);
    let legend = boxes
        .iter()
        .max_by(|a, b| a.area().total_cmp(&b.area()))
        .copied()
        .expect("a legend");
    let drawn_at = |h: &egui_kittest::Harness<'_, karabakh_atlas::ui::AtlasApp>, p| {
        h.state().map.hit(p).is_some()
    };
    let grid = |rect: egui::Rect| {
        (1..8).flat_map(move |i| {
            (1..8).map(move |j| rect.lerp_inside(egui::vec2(i as f32 / 8.0, j as f32 / 8.0)))
        })
    };
    let under = grid(legend)
        .find(|&p| drawn_at(&harness, p))
        .expect("a feature under the legend");
    let map = harness.state().map.view.expect("a view").screen_rect();
    let beside = grid(map)
        .find(|&p| drawn_at(&harness, p) && !boxes.iter().any(|b| b.contains(p)))
        .expect("a feature off the boxes");
    for (at, over_box) in [(beside, false), (under, true)] {
        common::click_at(&mut harness, at);
        let selected = harness.state().state.selected.clone();
        assert_eq!(selected.is_empty(), over_box, "{at:?}: {selected:?}");
    }
}

#[test]
fn the_export_window_writes_the_view_and_asks_before_replacing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = common::harness();
    harness.state_mut().state.day = Day::from_ymd(2023, 9, 24).expect("a real day");
    harness.run();
    harness.get_by_label("Export").click();
    harness.run();
    harness.get_by_label("Slide…").click();
    harness.run();
    let suggested = harness.state().export.path.clone();
    assert!(
        suggested.ends_with("karabakh-atlas-2023-09-24.png"),
        "{suggested}"
    );
    let target = dir.path().join("slide.png");
    harness.state_mut().export.path = target.display().to_string();
    harness.get_by_label("1×").click();
    harness.run();
    harness.get_by_label("Save").click();
    let wait = |h: &mut egui_kittest::Harness<'_, karabakh_atlas::ui::AtlasApp>| {
        for _ in 0..600 {
            h.run_steps(1);
            if !h.state().export.busy() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    };
    wait(&mut harness);
    let message = harness.state().export.message.clone().unwrap_or_default();
    assert!(message.starts_with("Saved"), "{message}");
    // The window opens on the 16:9 slide, the size most presentations use.
    let image = image::open(&target).expect("a PNG");
    assert_eq!((image.width(), image.height()), (1920, 1080));

    // Saving again to the same file asks first, and keeps it when told to.
    std::fs::write(&target, b"keep").expect("write");
    harness.get_by_label("Save").click();
    harness.run();
    harness.get_by_label("Keep it").click();
    harness.run();
    assert_eq!(std::fs::read(&target).expect("read"), b"keep");
    harness.get_by_label("Save").click();
    harness.run();
    harness.get_by_label("Replace it").click();
    wait(&mut harness);
    assert!(
        std::fs::read(&target)
            .expect("read")
            .starts_with(b"\x89PNG")
    );
}
