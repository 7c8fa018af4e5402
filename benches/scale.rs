//! Performance at scale, on the synthetic layer of `src/data/synthetic.rs` (1 million vertices,
//! the same on every machine) and, when fetched (`benches/fetch-real-data.sh`), on a large real
//! file, the 10 m world land polygons: load throughput, preparation, the scene at overview and
//! close zoom, hit-testing, tessellation, a window frame while panning, export, and memory
//! against the file's size. Numbers, not verdicts.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use karabakh_atlas::data::{self, Dataset, import::load_files, synthetic::large_layer_geojson};
use karabakh_atlas::export::{self, Format, Picture};
use karabakh_atlas::map::meshes::{SharedSprites, tessellate};
use karabakh_atlas::scene::slide::SlideOptions;
use karabakh_atlas::scene::view::HOME_BOUNDS;
use karabakh_atlas::scene::{self, Prepared, SceneInputs, View};
use karabakh_atlas::ui::AtlasApp;

/// Counts the bytes the program holds, and the most it held: memory measured by the
/// allocator itself, not by the resident size (which depends on what the allocator keeps).
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Counting only while memory is measured: the shared counters would otherwise slow down the
/// timings of code that allocates on two threads at once.
static COUNTING: AtomicBool = AtomicBool::new(false);

fn grew(by: usize) {
    if COUNTING.load(Relaxed) {
        let now = HELD.fetch_add(by, Relaxed) + by;
        PEAK.fetch_max(now, Relaxed);
    }
}

fn shrank(by: usize) {
    if COUNTING.load(Relaxed) {
        HELD.fetch_sub(by, Relaxed);
    }
}

// SAFETY: forwards every call to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is passed on.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(p, layout) };
        shrank(layout.size());
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        // SAFETY: as above.
        let q = unsafe { System.realloc(p, layout, size) };
        if !q.is_null() {
            if size > layout.size() {
                grew(size - layout.size());
            } else {
                shrank(layout.size() - size);
            }
        }
        q
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Loads and prepares `path` as the window does and draws it once in `view` (which makes the
/// triangles it shows), and prints what that held at most and kept, against the file's size.
fn memory(name: &str, path: &Path, view: View) -> (Dataset, Prepared) {
    let size = std::fs::metadata(path).map_or(1, |m| m.len()) as f64;
    // What is freed after counting starts may have been allocated before it: held can only
    // be read as a difference, and only what is allocated while counting is in it.
    HELD.store(1 << 40, Relaxed);
    COUNTING.store(true, Relaxed);
    let base = HELD.load(Relaxed);
    PEAK.store(base, Relaxed);
    let dataset = load_files(&[path.to_path_buf()], &Dataset::default());
    let held = || HELD.load(Relaxed).saturating_sub(base);
    let peak = || PEAK.load(Relaxed).saturating_sub(base);
    let (loaded, load_peak) = (held(), peak());
    let prepared = Prepared::new(&dataset, &Default::default());
    let mut inputs = SceneInputs::new(view);
    inputs.basemap = false;
    drop(scene::build(&dataset, &prepared, &inputs));
    let (kept, peak) = (held(), peak());
    COUNTING.store(false, Relaxed);
    let mb = |b: usize| b as f64 / 1e6;
    println!(
        "{name}: {:.1} MB, {} features, {} problems. Memory: loading held at most {:.1} MB \
         ({:.2}× the file) and kept {:.1} MB ({:.2}×); with the prepared geometry and a first \
         overview drawn, at most {:.1} MB ({:.2}×), kept {:.1} MB ({:.2}×)",
        size / 1e6,
        dataset.features.len(),
        dataset.problems.len(),
        mb(load_peak),
        load_peak as f64 / size,
        mb(loaded),
        loaded as f64 / size,
        mb(peak),
        peak as f64 / size,
        mb(kept),
        kept as f64 / size,
    );
    (dataset, prepared)
}

fn vertices(prepared: &Prepared) -> usize {
    prepared
        .features
        .iter()
        .map(|f| scene::prepare::PreparedFeature::vertex_count(&f.parts))
        .sum()
}

fn synthetic(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("large.geojson");
    let text = large_layer_geojson(1_000_000, 1);
    let bytes = text.len() as u64;
    std::fs::write(&path, &text).expect("write");
    drop(text);
    let (dataset, prepared) = memory(
        "synthetic layer",
        &path,
        View::fit(HOME_BOUNDS, 1600.0, 1000.0, 8.0),
    );
    let count = vertices(&prepared);
    println!("synthetic layer: {count} vertices");

    let mut group = c.benchmark_group("synthetic");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("load (parse and validate)", |b| {
        // The dataset is dropped outside the timing: freeing the last one is not loading.
        b.iter_with_large_drop(|| load_files(std::slice::from_ref(&path), &Dataset::default()))
    });
    group.throughput(Throughput::Elements(count as u64));
    group.bench_function("prepare (project, simplify, triangulate)", |b| {
        b.iter(|| black_box(Prepared::new(&dataset, &Default::default())))
    });
    group.finish();

    let mut inputs = SceneInputs::new(View::fit(HOME_BOUNDS, 1600.0, 1000.0, 8.0));
    inputs.basemap = false;
    let overview = scene::build(&dataset, &prepared, &inputs);
    println!(
        "overview: {} features, {} vertices drawn of {count}",
        overview.visible.len(),
        overview.vertex_count()
    );
    let mut close = inputs.clone();
    close.view = View::new(46.0, 40.0, 12.0, 1600.0, 1000.0);
    let close_scene = scene::build(&dataset, &prepared, &close);
    println!(
        "zoom 12: {} features, {} vertices drawn",
        close_scene.visible.len(),
        close_scene.vertex_count()
    );
    let sprites = SharedSprites::default();
    let meshes = tessellate(&overview, 1.0, &sprites);
    println!(
        "overview tessellated: {} vertices, {} triangles",
        meshes.vertex_count(),
        meshes.triangle_count()
    );

    let mut group = c.benchmark_group("scene");
    group.sample_size(30);
    group.bench_function("build at overview, 1600x1000", |b| {
        b.iter(|| black_box(scene::build(&dataset, &prepared, &inputs)))
    });
    group.bench_function("build at overview with its hit-test grid, 1600x1000", |b| {
        b.iter(|| {
            let scene = scene::build(&dataset, &prepared, &inputs);
            scene.prepare_lookups();
            black_box(scene)
        })
    });
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
    group.bench_function("tessellate the overview (once per scene)", |b| {
        b.iter(|| black_box(tessellate(&overview, 1.0, &sprites)))
    });
    group.finish();

    window_frames(c, &dataset);

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

/// Whole window frames (panels, map, labels, egui's tessellation) with the dossier and the
/// synthetic layer, the map moved a few pixels each frame: what panning costs the CPU. With a
/// GPU picture the map is two textured squares whose drawing is the GPU's; without one (as in
/// the UI tests) the scene's triangles are copied into egui's every frame.
fn window_frames(c: &mut Criterion, layer: &Dataset) {
    let mut group = c.benchmark_group("window");
    group.sample_size(20);
    for gpu in [true, false] {
        let mut dataset = data::load_embedded();
        dataset.merge(layer.clone());
        let mut app = AtlasApp::new(dataset);
        if gpu {
            app.map.gpu = Some(karabakh_atlas::map::gpu::GpuPictures::default());
        }
        let ctx = egui::Context::default();
        let input = || egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1600.0, 1000.0),
            )),
            ..Default::default()
        };
        for _ in 0..6 {
            let _ = ctx.run_ui(input(), |ui| app.ui(ui));
        }
        let rebuilds = app.map.rebuilds;
        let start = app.map.view.map(|v| v.center.to_lon_lat());
        let mut step = 0u32;
        let name = if gpu {
            "frame while panning the layer, GPU picture"
        } else {
            "frame while panning the layer, painted through egui"
        };
        group.bench_function(name, |b| {
            b.iter(|| {
                // To and fro, a few pixels a frame, as a drag does.
                step += 1;
                if let Some((lon, lat)) = start {
                    let dx = f64::from(step % 20) * 0.003;
                    app.map.memory.center_at(walkers::lon_lat(lon + dx, lat));
                }
                let output = ctx.run_ui(input(), |ui| app.ui(ui));
                black_box(ctx.tessellate(output.shapes, output.pixels_per_point))
            })
        });
        println!(
            "{name}: {} scene rebuilds while panning",
            app.map.rebuilds - rebuilds
        );
    }
    group.finish();
}

fn real_file(c: &mut Criterion) {
    let path = PathBuf::from("target/bench-data/countries-land-10m.geo.json");
    if !path.exists() {
        println!("real file: not fetched; run benches/fetch-real-data.sh to measure it");
        return;
    }
    let bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
    let world = View::fit([-180.0, -60.0, 180.0, 80.0], 1600.0, 1000.0, 8.0);
    let (dataset, prepared) = memory("10 m world land", &path, world);
    println!("10 m world land: {} vertices", vertices(&prepared));
    let mut group = c.benchmark_group("real");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("load the 10 m world land", |b| {
        // The dataset is dropped outside the timing: freeing the last one is not loading.
        b.iter_with_large_drop(|| load_files(std::slice::from_ref(&path), &Dataset::default()))
    });
    group.throughput(Throughput::Elements(vertices(&prepared) as u64));
    group.bench_function("prepare the 10 m world land", |b| {
        b.iter(|| black_box(Prepared::new(&dataset, &Default::default())))
    });
    let mut inputs = SceneInputs::new(world);
    inputs.basemap = false;
    let overview = scene::build(&dataset, &prepared, &inputs);
    println!(
        "10 m world land at overview: {} vertices drawn",
        overview.vertex_count()
    );
    group.throughput(Throughput::Elements(1));
    group.bench_function("scene of the whole world, 1600x1000", |b| {
        b.iter(|| black_box(scene::build(&dataset, &prepared, &inputs)))
    });
    group.finish();
}

criterion_group!(benches, synthetic, real_file);
criterion_main!(benches);
