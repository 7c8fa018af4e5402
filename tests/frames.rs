//! Frames drawn straight to pixels look like the SVG round trip; exported SVG looks the same in
//! a second renderer (rsvg-convert).

use std::process::Command;

use karabakh_atlas::data::{self, basemap::Basemap};
use karabakh_atlas::export::{self, Format, Picture};
use karabakh_atlas::scene::slide::SlideOptions;
use karabakh_atlas::scene::{Prepared, SceneInputs};
use karabakh_atlas::time::Day;

fn picture(width: f32, height: f32) -> Picture {
    let day = Day::from_ymd(2023, 9, 24).expect("a real day");
    let mut inputs = SceneInputs::new(export::view_for(None, None, None, width, height));
    inputs.day = Some(day);
    let mut slide = SlideOptions::new(Some(day));
    slide.caption = Some(("A caption quoted from a document".into(), "A source".into()));
    Picture {
        inputs,
        slide,
        selected: vec!["event-2023-first-evacuees".to_owned()],
        scale: 1.0,
    }
}

/// Mean absolute difference per channel (0–255), and the share of pixels that differ by more
/// than 64 in some channel.
fn difference(a: &image::RgbImage, b: &image::RgbImage) -> (f64, f64) {
    assert_eq!(a.dimensions(), b.dimensions());
    let mut sum = 0u64;
    let mut far = 0u64;
    for (p, q) in a.pixels().zip(b.pixels()) {
        let d: Vec<u64> = (0..3).map(|c| p.0[c].abs_diff(q.0[c]) as u64).collect();
        sum += d.iter().sum::<u64>();
        if d.iter().any(|&x| x > 64) {
            far += 1;
        }
    }
    let n = u64::from(a.width()) * u64::from(a.height());
    (sum as f64 / (3 * n) as f64, far as f64 / n as f64)
}

fn decode(png: &[u8]) -> image::RgbImage {
    image::load_from_memory(png).expect("a PNG").to_rgb8()
}

#[test]
fn a_frame_drawn_directly_looks_like_the_svg_round_trip() {
    let dataset = data::load_embedded();
    let prepared = Prepared::new(&dataset, &Basemap::embedded());
    let picture = picture(960.0, 540.0);
    let direct = export::render(&dataset, &prepared, &picture, Format::Png).expect("direct");
    let through_svg =
        export::render_through_svg(&dataset, &prepared, &picture).expect("through SVG");
    let (mean, far) = difference(&decode(&direct), &decode(&through_svg));
    println!(
        "direct vs SVG: mean {mean:.2}/255, {:.2}% of pixels far",
        far * 100.0
    );
    assert!(mean < 2.0, "mean difference {mean}");
    assert!(far < 0.01, "{:.2}% of pixels differ much", far * 100.0);
}

#[test]
fn the_svg_looks_the_same_in_rsvg_convert() {
    let dataset = data::load_embedded();
    let prepared = Prepared::new(&dataset, &Basemap::embedded());
    let picture = picture(960.0, 540.0);
    let dir = tempfile::tempdir().expect("temp dir");
    let svg_path = dir.path().join("slide.svg");
    let svg = export::render(&dataset, &prepared, &picture, Format::Svg).expect("SVG");
    std::fs::write(&svg_path, &svg).expect("writes");
    // CI installs librsvg2-bin (.ci/run): a missing tool is a failure, not a skip.
    let png_path = dir.path().join("rsvg.png");
    let status = Command::new("rsvg-convert")
        .arg("-o")
        .arg(&png_path)
        .arg(&svg_path)
        .status()
        .expect("rsvg-convert is installed (Debian librsvg2-bin; .ci/run installs it)");
    assert!(status.success());
    let theirs = decode(&std::fs::read(&png_path).expect("rsvg-convert wrote"));
    let svg = String::from_utf8(svg).expect("SVG text");
    let ours = decode(&export::svg::svg_to_png(&svg, 1.0).expect("resvg"));
    let (mean, far) = difference(&ours, &theirs);
    println!(
        "resvg vs rsvg-convert: mean {mean:.2}/255, {:.2}% of pixels far",
        far * 100.0
    );
    // Fonts differ a little between the two (rsvg-convert uses the system's DejaVu Sans and
    // its own hinting); a title cut or a legend moved half a row makes far more pixels differ.
    assert!(mean < 4.0, "mean difference {mean}");
    assert!(far < 0.02, "{:.2}% of pixels differ much", far * 100.0);
}

/// A frame starts from the pixels an earlier frame kept of what they share (the basemap, the
/// features unchanged since the day before), and draws its texts from those it kept: what it
/// draws must not depend on which frames came before it.
#[test]
fn a_frame_is_the_same_whatever_frames_came_before() {
    let dataset = data::load_embedded();
    let prepared = Prepared::new(&dataset, &Basemap::embedded());
    // A size of this test alone: what is kept is kept per size.
    let at = |ymd: (i32, u32, u32)| {
        let day = Day::from_ymd(ymd.0, ymd.1, ymd.2).expect("a real day");
        let mut picture = picture(777.0, 555.0);
        picture.inputs.day = Some(day);
        picture.slide.day = Some(day);
        picture.selected.clear();
        let png = export::render(&dataset, &prepared, &picture, Format::Png).expect("a frame");
        decode(&png)
    };
    let (day, before, long_before) = ((2020, 10, 10), (2020, 10, 9), (1991, 1, 1));
    // The first frame of each day is drawn after a day with less or nothing in common.
    let order = [long_before, day, before, day, long_before, before, day, day];
    let mut first: Vec<((i32, u32, u32), image::RgbImage)> = Vec::new();
    for (n, ymd) in order.into_iter().enumerate() {
        let frame = at(ymd);
        match first.iter().find(|(d, _)| *d == ymd) {
            None => first.push((ymd, frame)),
            Some((_, expected)) => {
                let worst = frame
                    .as_raw()
                    .iter()
                    .zip(expected.as_raw())
                    .map(|(a, b)| a.abs_diff(*b))
                    .max();
                assert!(worst <= Some(2), "frame {n}, {ymd:?}: off by {worst:?}");
            }
        }
    }
    let (first, other) = (&first[1].1, &first[2].1);
    // And the days differ, so the comparison can tell.
    let (mean, _) = difference(first, other);
    assert!(
        mean > 0.05,
        "10 October and 9 October 2020 differ by {mean}"
    );
}

/// The share of a frame its slide's boxes cover, and whether any two of them overlap.
fn boxes_of(composed: &export::Composed) -> (f32, bool) {
    let view = composed.scene.inputs.view;
    let boxes = &composed.slide.boxes;
    let covered: f32 = boxes.iter().map(|b| b.area()).sum();
    let overlap = boxes
        .iter()
        .enumerate()
        .any(|(i, a)| boxes[i + 1..].iter().any(|b| a.intersect(*b).is_positive()));
    (covered / (view.width * view.height), overlap)
}

/// A small frame (the window offers 640×360 animations) is a slide laid out at a screen's
/// size and drawn smaller, not a screen's title, legend and sources crammed into it: at
/// 640×360 the sources panel lay over the legend and the boxes took most of the map.
#[test]
fn a_small_frame_is_a_smaller_slide_not_a_cramped_one() {
    use karabakh_atlas::export::animate::{self, Shot};
    let dataset = data::load_embedded();
    let prepared = Prepared::new(&dataset, &Basemap::embedded());
    for (width, height) in [
        (640.0, 360.0),
        (480.0, 270.0),
        (500.0, 500.0),
        (333.0, 211.0),
    ] {
        let mut picture = picture(width, height);
        let day = Day::from_ymd(2020, 9, 27).expect("a real day");
        picture.inputs.day = Some(day);
        picture.slide.day = Some(day);
        let shot = |picture: Picture| Shot {
            picture,
            frames: 1,
            sources: Vec::new(),
        };
        let (w, h, rgba) =
            animate::frame_rgba(&dataset, &prepared, &shot(picture.clone())).expect("a frame");
        assert_eq!((w as f32, h as f32), (width, height), "the size asked");
        assert_eq!(rgba.len(), (w * h * 4) as usize);
        let laid_out = picture.legible();
        // Frames and PNG slides are drawn laid out so.
        let (_, _, legible) =
            animate::frame_rgba(&dataset, &prepared, &shot(laid_out.clone())).expect("a frame");
        assert!(
            rgba == legible,
            "{width}×{height}: the frame is not laid out larger"
        );
        let png = |p: &Picture| export::render(&dataset, &prepared, p, Format::Png).expect("PNG");
        assert_eq!(
            png(&picture),
            png(&laid_out),
            "{width}×{height}: the PNG slide"
        );
        // The SVG too: laid out larger, shown at the size asked.
        let svg = export::render(&dataset, &prepared, &picture, Format::Svg).expect("SVG");
        let svg = String::from_utf8(svg).expect("UTF-8");
        let root = svg.lines().next().unwrap_or_default();
        let laid = laid_out.inputs.view;
        assert!(
            root.contains(&format!(r#"width="{width}" height="{height}""#))
                && root.contains(&format!(r#"viewBox="0 0 {} {}""#, laid.width, laid.height)),
            "{width}×{height}: the SVG's root {root}"
        );
        let composed =
            animate::composed_frame(&dataset, &prepared, &shot(laid_out)).expect("composed");
        let (share, overlap) = boxes_of(&composed);
        assert!(
            !overlap,
            "{width}×{height}: two of the slide's boxes overlap"
        );
        assert!(share < 0.4, "{width}×{height}: the boxes cover {share:.2}");
        // As it was drawn before: the boxes at the size asked.
        let cramped =
            animate::composed_frame(&dataset, &prepared, &shot(picture)).expect("composed");
        let (cramped_share, _) = boxes_of(&cramped);
        assert!(
            cramped_share > share,
            "{width}×{height}: {cramped_share} vs {share}"
        );
    }
}
