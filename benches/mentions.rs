//! How long finding the places in a text takes: a 1 MB text (the seed and the mentions test
//! texts, in English, Russian, Azerbaijani and Armenian, repeated), and building the gazetteer
//! (once per dossier). The issue asks for under 50 ms for 1 MB.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use karabakh_atlas::data::{self, mentions::Gazetteer};
use karabakh_atlas::time::PartialDate;

/// About 1 MB of text naming places in every script.
fn megabyte() -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sample =
        std::fs::read_to_string(dir.join("seeds/000_fc013494f2dd923c.txt")).expect("the seed");
    let fixtures = dir.join("tests/fixture/mentions");
    let mut names: Vec<_> = std::fs::read_dir(&fixtures)
        .expect("fixtures")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    for path in names {
        sample.push_str("\n\n");
        sample.push_str(&std::fs::read_to_string(path).expect("a fixture"));
    }
    let mut text = String::with_capacity(1 << 20);
    while text.len() < 1 << 20 {
        text.push_str(&sample);
        text.push_str("\n\n");
    }
    text
}

fn mentions(c: &mut Criterion) {
    let dataset = data::load_embedded();
    let gazetteer = Gazetteer::new(&dataset).expect("gazetteer");
    let text = megabyte();
    let date = PartialDate::parse("2023-09-25").ok();
    let found = gazetteer.find(&text, date).len();
    println!("1 MB text: {} bytes, {found} mentions", text.len());
    let mut group = c.benchmark_group("mentions");
    group.sample_size(20);
    group.bench_function("find in 1 MB of text", |b| {
        b.iter(|| black_box(gazetteer.find(black_box(&text), date)))
    });
    group.bench_function("build the gazetteer (once per dossier)", |b| {
        b.iter(|| black_box(Gazetteer::new(&dataset)))
    });
    group.finish();
}

criterion_group!(benches, mentions);
criterion_main!(benches);
