//! Any bytes as a GeoJSON layer, strictly (a dossier's) and leniently (imported): the loader
//! must report, never panic.
#![no_main]

use karabakh_atlas::data::load::{InputFile, Inputs, load};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let inputs = Inputs {
        layers: vec![InputFile::from_bytes("geodata/fuzz.geojson", bytes.to_vec())],
        documents: vec![InputFile::from_text("seeds/doc.txt", "A short document.\n\nSecond paragraph.")],
        ..Inputs::default()
    };
    let dataset = load(&inputs);
    let _ = karabakh_atlas::scene::Prepared::new(&dataset, &Default::default());
});
