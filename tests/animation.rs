//! `render --animate` and `render --story`: GIFs, MP4 videos and APNGs that decode to the stated
//! frames and size; and what `render` refuses, with messages that say what to do.

#[path = "common/video.rs"]
mod video;

use std::process::Command;

fn atlas() -> Command {
    Command::new(env!("CARGO_BIN_EXE_karabakh-atlas"))
}

/// Frames and (width, height) of a GIF, read back by the gif crate's decoder.
fn gif_frames(path: &std::path::Path) -> (usize, (u16, u16), Vec<u16>) {
    let file = std::fs::File::open(path).expect("the GIF exists");
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::RGBA);
    let mut decoder = options.read_info(file).expect("a GIF");
    let size = (decoder.width(), decoder.height());
    let mut delays = Vec::new();
    while let Some(frame) = decoder.read_next_frame().expect("a frame decodes") {
        assert_eq!((frame.width, frame.height), size, "every frame is whole");
        delays.push(frame.delay);
    }
    (delays.len(), size, delays)
}

#[test]
fn animate_writes_one_gif_frame_per_step_with_progress() {
    let dir = tempfile::tempdir().expect("temp dir");
    let gif = dir.path().join("war.gif");
    let out = atlas()
        .args([
            "render",
            "--animate",
            "2020-09-27..2020-10-06",
            "--step",
            "3d",
        ])
        .args(["--fps", "4", "--size", "480x270", "-o"])
        .arg(&gif)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    // 27, 30 September, 3, 6 October.
    assert_eq!(gif_frames(&gif), (4, (480, 270), vec![25; 4]));
    assert!(stderr.contains("frame 4/4"), "{stderr}");
}

/// `render --story builtin` at 320×200 into `name` in a temporary folder (kept while the
/// first value lives).
fn builtin_story_into(name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join(name);
    let out = atlas()
        .args(["render", "--story", "builtin", "--size", "320x200", "-o"])
        .arg(&file)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    (dir, file)
}

#[test]
fn the_builtin_story_plays_into_a_gif_one_frame_per_chapter() {
    let (_dir, gif) = builtin_story_into("tour.gif");
    let story = karabakh_atlas::data::story::builtin();
    let (frames, size, delays) = gif_frames(&gif);
    assert_eq!((frames, size), (story.chapters.len(), (320, 200)));
    // Each chapter held for its seconds.
    let held: Vec<u16> = story
        .chapters
        .iter()
        .map(|c| (c.seconds * 100.0).round() as u16)
        .collect();
    assert_eq!(delays, held);
}

/// The mean difference per channel (0–255) between two PNG files of one size.
fn mean_difference(a: &std::path::Path, b: &std::path::Path) -> f64 {
    let a = image::open(a).expect("a PNG").to_rgb8();
    let b = image::open(b).expect("a PNG").to_rgb8();
    assert_eq!(a.dimensions(), b.dimensions());
    let sum: u64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(x, y)| u64::from(x.abs_diff(*y)))
        .sum();
    sum as f64 / a.as_raw().len() as f64
}

#[test]
fn animate_writes_an_mp4_that_ffmpeg_decodes_to_the_slides() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mp4 = dir.path().join("war.mp4");
    let out = atlas()
        .args(["render", "--animate", "2020-09-27..2020-10-06"])
        .args(["--step", "3d", "--fps", "4", "--size", "480x270", "-o"])
        .arg(&mp4)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("4 frames, 480×270"), "{stderr}");
    let probed = video::probe(&mp4);
    assert_eq!(
        probed,
        video::Probed {
            codec: "h264".to_owned(),
            frames: 4,
            width: 480,
            height: 270
        }
    );
    // The first picture is the slide of its day, as `render` draws it alone.
    let (decoded, slide) = (dir.path().join("first.png"), dir.path().join("slide.png"));
    video::first_frame(&mp4, &decoded);
    let out = atlas()
        .args(["render", "--date", "2020-09-27", "--size", "480x270", "-o"])
        .arg(&slide)
        .output()
        .expect("runs");
    assert!(out.status.success());
    // H.264 is lossy and its colours are 8-bit YUV: about 7/255 on average here;
    // a garbled or blank picture would be far from it.
    let difference = mean_difference(&decoded, &slide);
    assert!(difference < 10.0, "mean difference {difference:.2}/255");
}

#[test]
fn animate_writes_an_apng_that_ffmpeg_decodes_to_the_frames_exactly() {
    use karabakh_atlas::data::{self, basemap::Basemap};
    use karabakh_atlas::export::animate::{self, AnimationFormat};
    use karabakh_atlas::export::{self, Picture};
    use karabakh_atlas::scene::slide::SlideOptions;
    use karabakh_atlas::scene::{Prepared, SceneInputs};
    use karabakh_atlas::time::Day;

    let dir = tempfile::tempdir().expect("temp dir");
    // From the command line: ffmpeg's APNG decoder counts the frames and reads the size.
    let apng = dir.path().join("war.apng");
    let out = atlas()
        .args(["render", "--animate", "2020-09-27..2020-10-06"])
        .args(["--step", "3d", "--fps", "4", "--size", "480x270", "-o"])
        .arg(&apng)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        video::probe(&apng),
        video::Probed {
            codec: "apng".to_owned(),
            frames: 4,
            width: 480,
            height: 270
        }
    );

    // Through the library: every picture ffmpeg composes from the file (the first whole, the
    // others only where they changed) is the frame drawn, to the byte.
    let dataset = data::load_embedded();
    let prepared = Prepared::new(&dataset, &Basemap::embedded());
    let mut inputs = SceneInputs::new(export::view_for(None, None, None, 480.0, 270.0));
    inputs.day = None;
    let base = Picture {
        inputs,
        slide: SlideOptions::new(None),
        selected: Vec::new(),
        scale: 1.0,
    };
    let day = |text| Day::parse(text).expect("a day");
    let shots = animate::shots_for_days(&base, day("2020-10-01"), day("2020-10-09"), 4);
    let path = dir.path().join("library.apng");
    let mut file = std::fs::File::create(&path).expect("a file");
    let written = animate::animate(
        &dataset,
        &prepared,
        &shots,
        8,
        AnimationFormat::Apng,
        &mut file,
        &mut |_| true,
    )
    .expect("written");
    drop(file);
    assert_eq!(
        (written.frames, written.width, written.height),
        (3, 480, 270)
    );
    let decoded = video::decode_rgb(&path, false);
    let size = 480 * 270 * 3;
    assert_eq!(decoded.len(), 3 * size, "three pictures");
    for (n, shot) in shots.iter().enumerate() {
        let (_, _, rgba) = animate::frame_rgba(&dataset, &prepared, shot).expect("a frame");
        let rgb: Vec<u8> = rgba
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        assert!(
            decoded[n * size..(n + 1) * size] == rgb[..],
            "picture {n} is not the frame drawn"
        );
    }
}

#[test]
fn the_builtin_story_plays_into_an_mp4_one_picture_per_chapter() {
    let (_dir, mp4) = builtin_story_into("tour.mp4");
    let chapters = karabakh_atlas::data::story::builtin().chapters.len();
    let probed = video::probe(&mp4);
    assert_eq!(
        (probed.frames, probed.width, probed.height),
        (chapters, 320, 200)
    );
}

#[test]
fn a_bad_story_names_its_file_and_chapter() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("bad.json");
    std::fs::write(
        &file,
        r#"{"title": "T", "chapters": [{"date": "2020-09-27", "view": {"lat": 39.8, "lon": 46.7, "zoom": 40},
            "layers": [], "caption": {"text": "x"}, "seconds": 2}]}"#,
    )
    .expect("writes");
    let out = atlas()
        .args(["render", "--story"])
        .arg(&file)
        .args(["-o", "never.gif"])
        .current_dir(dir.path())
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("bad.json, chapter 1: view: zoom 40"),
        "{stderr}"
    );
    assert!(!dir.path().join("never.gif").exists());
}

#[test]
fn render_refuses_what_it_cannot_draw_and_says_why() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = |args: &[&str]| {
        let out = atlas()
            .arg("render")
            .args(args)
            .current_dir(dir.path())
            .output()
            .expect("runs");
        assert!(!out.status.success(), "{args:?} should fail");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    for zoom in ["1", "30"] {
        let e = run(&["--zoom", zoom, "-o", "a.png"]);
        assert!(e.contains("the zoom must be a number from 3 to 18"), "{e}");
    }
    let e = run(&["--hide-layer", "nope", "-o", "a.png"]);
    assert!(e.contains("no layer has the id \"nope\""), "{e}");
    assert!(e.contains("context, regions, corridor"), "{e}");
    std::fs::write(dir.path().join("a.png"), b"mine").expect("writes");
    let e = run(&["-o", "a.png"]);
    assert!(
        e.contains("already exists; give --force to replace it"),
        "{e}"
    );
    assert_eq!(
        std::fs::read(dir.path().join("a.png")).expect("kept"),
        b"mine"
    );
    let e = run(&["--animate", "2020-10-01..2020-09-01", "-o", "a.gif"]);
    assert!(e.contains("the first date is after the second"), "{e}");
    let e = run(&["--animate", "2020-09-01..2020-09-03", "-o", "a.mp3"]);
    assert!(
        e.contains("an animation is written as .gif, .mp4 or .apng"),
        "{e}"
    );
}

/// Ctrl-C during a long animation stops it after the frame it is making: it says so, and the
/// folder holds neither the animation nor the hidden part file it was being written into.
#[cfg(unix)]
#[test]
fn an_interrupted_animation_leaves_no_file_behind() {
    use std::io::Read as _;
    use std::process::Stdio;
    let dir = tempfile::tempdir().expect("temp dir");
    let gif = dir.path().join("long.gif");
    let mut child = atlas()
        .args(["render", "--animate", "2018-01-01..2023-12-31"])
        .args(["--size", "480x270", "-o"])
        .arg(&gif)
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut stderr = child.stderr.take().expect("stderr");
    let mut said = Vec::new();
    let mut chunk = [0u8; 256];
    // Until the second frame is reported: the file is being written.
    while !String::from_utf8_lossy(&said).contains("frame 2/") {
        let n = stderr.read(&mut chunk).expect("stderr reads");
        assert!(n > 0, "ended early: {}", String::from_utf8_lossy(&said));
        said.extend_from_slice(&chunk[..n]);
    }
    let parts = || -> Vec<String> {
        std::fs::read_dir(dir.path())
            .expect("the folder reads")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect()
    };
    assert!(
        parts().iter().any(|n| n.ends_with(".part")),
        "written into a part file: {:?}",
        parts()
    );
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    stderr.read_to_end(&mut said).expect("stderr reads");
    let status = child.wait().expect("it ends");
    let said = String::from_utf8_lossy(&said);
    assert!(!status.success(), "{said}");
    assert!(said.contains("interrupted; nothing was written"), "{said}");
    assert_eq!(parts(), Vec::<String>::new(), "{said}");
}
