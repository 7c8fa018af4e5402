//! Performance at scale, on the synthetic layer of `src/data/synthetic.rs` (1 million vertices,
//! the same on every machine): load throughput, preparation, scene at overview and close zoom,
//! hit-test latency, export, and peak memory against the file's size.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use karabakh_atlas::data::{Dataset, import::load_files, synthetic::large_layer_geojson};
use karabakh_atlas::export::{self, Format, Picture, slide::SlideOptions};
use karabakh_atlas::map::HOME_BOUNDS;
use karabakh_atlas::scene::{self, Prepared, SceneInputs, View};

/// Peak resident memory of this process so far, in bytes (Linux), for the memory line.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace()
        .nth(1)?
        .parse::<u64>()
        .ok()
        .map(|kb| kb * 1024)
}

fn scale(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("large.geojson");
    let text = large_layer_geojson(1_000_000, 1);
    let bytes = text.len() as u64;
    std::fs::write(&path, &text).expect("write");
    drop(text);

    let before = peak_rss().unwrap_or(0);
    let dataset = load_files(std::slice::from_ref(&path), &Dataset::default());
    let prepared = Prepared::new(&dataset, &Default::default());
    let after = peak_rss().unwrap_or(0);
    let vertices: usize = prepared
        .features
        .iter()
        .map(|f| scene::prepare::PreparedFeature::vertex_count(&f.parts))
        .sum();
    println!(
        "synthetic layer: {:.1} MB, {} features, {vertices} vertices; peak memory grew by {:.1} MB ({:.2}× the file)",
        bytes as f64 / 1e6,
        dataset.features.len(),
        after.saturating_sub(before) as f64 / 1e6,
        after.saturating_sub(before) as f64 / bytes as f64
    );

    let mut group = c.benchmark_group("scale");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("load (parse and validate)", |b| {
        b.iter(|| black_box(load_files(std::slice::from_ref(&path), &Dataset::default())))
    });
    group.throughput(Throughput::Elements(vertices as u64));
    group.bench_function("prepare (project, simplify, triangulate)", |b| {
        b.iter(|| black_box(Prepared::new(&dataset, &Default::default())))
    });
    group.finish();

    let mut inputs = SceneInputs::new(View::fit(HOME_BOUNDS, 1600.0, 1000.0, 8.0));
    inputs.basemap = false;
    let overview = scene::build(&dataset, &prepared, &inputs);
    println!(
        "overview: {} features, {} vertices drawn",
        overview.visible.len(),
        overview.vertex_count()
    );
    let mut group = c.benchmark_group("scene");
    group.sample_size(20);
    group.bench_function("build at overview, 1600x1000", |b| {
        b.iter(|| black_box(scene::build(&dataset, &prepared, &inputs)))
    });
    let mut close = inputs.clone();
    close.view = View::new(46.0, 40.0, 12.0, 1600.0, 1000.0);
    let close_scene = scene::build(&dataset, &prepared, &close);
    println!(
        "zoom 12: {} features, {} vertices drawn",
        close_scene.visible.len(),
        close_scene.vertex_count()
    );
    group.bench_function("build at zoom 12, 1600x1000", |b| {
        b.iter(|| black_box(scene::build(&dataset, &prepared, &close)))
    });
    group.bench_function("hit-test at overview", |b| {
        let mut i = 0u32;
        b.iter(|| {
            i = i.wrapping_add(7919);
            let p = egui::pos2((i % 1600) as f32, (i / 1600 % 1000) as f32);
            black_box(overview.hit(p))
        })
    });
    group.finish();

    let mut group = c.benchmark_group("export");
    group.sample_size(10);
    let picture = Picture {
        inputs: inputs.clone(),
        slide: SlideOptions::new(None),
        selected: Vec::new(),
        scale: 1.0,
    };
    group.bench_function("SVG of the overview", |b| {
        b.iter(|| black_box(export::render(&dataset, &prepared, &picture, Format::Svg)))
    });
    group.bench_function("PNG of the overview", |b| {
        b.iter(|| black_box(export::render(&dataset, &prepared, &picture, Format::Png)))
    });
    group.finish();
}

criterion_group!(benches, scale);
criterion_main!(benches);
