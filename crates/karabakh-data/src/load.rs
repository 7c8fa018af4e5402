//! Reading a dossier (layers and documents) into a [`Dataset`], collecting problems as it goes:
//! a bad file or feature is reported and skipped, the rest loads. Documents come first, so
//! that the layers' excerpts can be found in them.

use std::collections::BTreeMap;

use rustc_hash::FxHashSet;

use super::document::{Document, DocumentMeta, is_valid_document_id};
use super::input::TextError;
use super::layer::read_layer;
use super::model::{Dataset, Problem};
use super::parsed::Origin;
use karabakh_time::PartialDate;

// The files a dossier is read from, here too: the loader takes them.
pub use super::input::{InputFile, Inputs, MAX_FILE_BYTES};

/// Why a document or its metadata did not load.
#[derive(Debug, thiserror::Error)]
enum DocumentError {
    #[error("document id {0:?} must be letters, digits, '_', '-' or '.', not starting with '.'")]
    NotAnId(String),
    #[error("duplicate document id {0:?}")]
    Duplicate(String),
    #[error(transparent)]
    Text(#[from] TextError),
    #[error("invalid metadata: {0}")]
    Metadata(#[from] serde_json::Error),
}

/// Parses everything; never fails as a whole.
pub fn load(inputs: &Inputs) -> Dataset {
    let mut dataset = Dataset {
        problems: inputs.problems.clone(),
        ..Dataset::default()
    };
    load_documents(inputs, &mut dataset);
    let mut seen_ids = FxHashSet::default();
    for file in &inputs.layers {
        read_layer(file, &mut dataset, &mut seen_ids, Origin::Dossier);
    }
    let found = super::check::consistency_problems(&dataset);
    dataset.problems.extend(found);
    dataset
}

/// The documents, each with its metadata where `seeds/ID.meta.json` gives it.
fn load_documents(inputs: &Inputs, dataset: &mut Dataset) {
    let mut metas = read_metas(&inputs.metas, &mut dataset.problems);
    for file in &inputs.documents {
        match read_document(file, &mut metas, dataset) {
            Ok(document) => dataset.documents.push(document),
            Err(message) => dataset.problems.push(Problem::of_file(&file.path, message)),
        }
    }
    for (id, (file, _)) in metas {
        dataset.problems.push(Problem::of_file(
            &file.path,
            format!("metadata for document {id:?}, but there is no seeds/{id}.txt"),
        ));
    }
}

/// The metadata files that read, by document id, with the file each came from.
fn read_metas<'f>(
    files: &'f [InputFile],
    problems: &mut Vec<Problem>,
) -> BTreeMap<String, (&'f InputFile, DocumentMeta)> {
    let mut metas = BTreeMap::new();
    for file in files {
        let parsed = file
            .text()
            .map_err(DocumentError::from)
            .and_then(|text| Ok(serde_json::from_str::<DocumentMeta>(&text)?));
        match parsed {
            Ok(meta) => {
                if let Some(date) = &meta.date
                    && let Err(e) = PartialDate::parse(date)
                {
                    problems.push(Problem::of_file(&file.path, format!("metadata date: {e}")));
                }
                metas.insert(file.stem(".meta.json").to_owned(), (file, meta));
            }
            Err(message) => problems.push(Problem::of_file(&file.path, message)),
        }
    }
    metas
}

/// A document and its metadata (taken from `metas`; a title from the id when there is none),
/// or why it cannot load.
fn read_document(
    file: &InputFile,
    metas: &mut BTreeMap<String, (&InputFile, DocumentMeta)>,
    dataset: &Dataset,
) -> Result<Document, DocumentError> {
    let suffix = if file.path.ends_with(".md") {
        ".md"
    } else {
        ".txt"
    };
    let id = file.stem(suffix);
    if !is_valid_document_id(id) {
        return Err(DocumentError::NotAnId(id.to_owned()));
    }
    if dataset.document(id).is_some() {
        return Err(DocumentError::Duplicate(id.to_owned()));
    }
    let text = file.text()?;
    let meta = metas
        .remove(id)
        .map(|(_, m)| m)
        .unwrap_or_else(|| DocumentMeta {
            title: id.to_owned(),
            ..DocumentMeta::default()
        });
    Ok(Document::new(id.to_owned(), meta, text.into_owned()))
}
