//! How long `render` takes: a 1920×1080 slide as SVG, and as PNG at 1× and 2×; one frame of an
//! animation at 1080p (the slide with its sources, as straight RGBA, before the encoder), whole
//! and in its two halves; and one frame of a story, each chapter at a new view.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use karabakh_atlas::data::{self, basemap::Basemap};
use karabakh_atlas::export::animate;
use karabakh_atlas::export::{self, Format, Picture};
use karabakh_atlas::scene::slide::SlideOptions;
use karabakh_atlas::scene::{Prepared, SceneInputs};
use karabakh_atlas::time::Day;

fn render(c: &mut Criterion) {
    let dataset = data::load_embedded();
    let prepared = Prepared::new(&dataset, &Basemap::embedded());
    let day = Day::from_ymd(2023, 9, 24).expect("a real day");
    let mut inputs = SceneInputs::new(export::view_for(None, None, None, 1920.0, 1080.0));
    inputs.day = Some(day);
    let picture = |scale| Picture {
        inputs: inputs.clone(),
        slide: SlideOptions::new(Some(day)),
        selected: vec!["event-2023-first-evacuees".to_owned()],
        scale,
    };
    let mut group = c.benchmark_group("render 1920x1080");
    group.sample_size(20);
    group.bench_function("SVG", |b| {
        b.iter(|| {
            black_box(export::render(
                &dataset,
                &prepared,
                &picture(1.0),
                Format::Svg,
            ))
        })
    });
    // A slide is made once: each iteration is at a view zoomed a little further in, so that
    // nothing an earlier one kept (texts, the basemap's pixels) is of use, as in one `render`.
    let mut fresh = 0;
    let mut single = |scale| {
        fresh += 1;
        let mut picture = picture(scale);
        picture.inputs.view.zoom += f64::from(fresh) * 1e-4;
        picture
    };
    group.bench_function("PNG 1x", |b| {
        b.iter(|| {
            let picture = single(1.0);
            black_box(export::render(&dataset, &prepared, &picture, Format::Png))
        })
    });
    group.bench_function("PNG 2x", |b| {
        b.iter(|| {
            let picture = single(2.0);
            black_box(export::render(&dataset, &prepared, &picture, Format::Png))
        })
    });
    // A frame of an animation as `render --animate` makes them: the same view, the next day
    // each time. The days are those of the 2020 war (new events, areas and date every day);
    // after its last day the animation starts again at a view zoomed a thousandth further in,
    // so nothing an earlier round kept is of use: each round is a first animation.
    let first = Day::from_ymd(2020, 9, 27).expect("a real day");
    let last = Day::from_ymd(2020, 11, 10).expect("a real day");
    let mut round = 0;
    let mut shots = Vec::new().into_iter();
    let mut next = move || {
        shots.next().unwrap_or_else(|| {
            round += 1;
            let mut base = picture(1.0);
            base.inputs.view.zoom += f64::from(round) * 1e-3;
            shots = animate::shots_for_days(&base, first, last, 1).into_iter();
            shots.next().expect("the war's days")
        })
    };
    group.bench_function("animation frame, day after day", |b| {
        b.iter(|| black_box(animate::frame_rgba(&dataset, &prepared, &next())))
    });
    // The frame's two halves: the scene and slide composed, then drawn to pixels.
    group.bench_function("animation frame: scene and slide", |b| {
        b.iter(|| black_box(animate::composed_frame(&dataset, &prepared, &next())))
    });
    group.bench_function("animation frame: pixels", |b| {
        b.iter_batched(
            || animate::composed_frame(&dataset, &prepared, &next()).expect("a frame"),
            |composed| black_box(composed.pixmap(&prepared, 1.0)),
            criterion::BatchSize::LargeInput,
        )
    });
    // A frame of a story as `render --story` makes them: each chapter at its own view, date
    // and layers, so little of the frame before is of use (its texts, where a town keeps its
    // place). After the last chapter the story starts again a thousandth of a zoom further in.
    let story = karabakh_atlas::data::story::builtin();
    let story_shots = animate::shots_for_story(&dataset, &story, &picture(1.0), 8);
    let mut round = 0;
    let mut chapters = Vec::new().into_iter();
    let mut chapter = move || {
        chapters.next().unwrap_or_else(|| {
            round += 1;
            let mut shots = story_shots.clone();
            for shot in &mut shots {
                shot.picture.inputs.view.zoom += f64::from(round) * 1e-3;
            }
            chapters = shots.into_iter();
            chapters.next().expect("the story's chapters")
        })
    };
    group.bench_function("story frame, a new view each", |b| {
        b.iter(|| black_box(animate::frame_rgba(&dataset, &prepared, &chapter())))
    });
    group.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
