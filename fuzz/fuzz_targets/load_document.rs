//! Any bytes as a document and its metadata, and any quote located in it.
#![no_main]

use karabakh_atlas::data::load::{InputFile, Inputs, load};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let split = bytes.len() / 2;
    let inputs = Inputs {
        documents: vec![InputFile::from_bytes("seeds/doc.txt", bytes[..split].to_vec())],
        metas: vec![InputFile::from_bytes("seeds/doc.meta.json", bytes[split..].to_vec())],
        ..Inputs::default()
    };
    let dataset = load(&inputs);
    if let (Some(doc), Ok(quote)) = (dataset.documents.first(), std::str::from_utf8(&bytes[split..])) {
        let _ = doc.locate(quote);
    }
});
