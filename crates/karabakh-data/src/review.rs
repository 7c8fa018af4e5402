//! Which suggested links a person has reviewed: each found mention of a place in a document
//! accepted (it became a curated excerpt) or rejected (it is not shown again). Kept with the
//! dossier in `seeds/reviews.json`, sorted, so that the same reviews save to the same bytes.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::input::Fingerprint;
use crate::mentions::{Gazetteer, GazetteerError, Mention};
use crate::model::{Dataset, Problem};

/// The file, under a dossier folder.
pub const REVIEWS_FILE: &str = "seeds/reviews.json";

/// What a person decided about a suggested link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Accepted,
    Rejected,
}

/// One reviewed suggestion: the words at a place in a document, meaning a place.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    pub doc: String,
    /// Byte offset of the words in the document's text.
    pub start: usize,
    /// The words, as written (so that a review of an edited text is not misapplied).
    pub words: String,
    /// The place meant: a feature's id or `geonames:<id>`.
    pub place: String,
    pub verdict: Verdict,
}

impl Review {
    /// The verdict on `mention` of `doc` meaning `place`.
    pub fn of(doc: &str, mention: &Mention, place: &str, verdict: Verdict) -> Self {
        Review {
            doc: doc.to_owned(),
            start: mention.span.start,
            words: mention.words.clone(),
            place: place.to_owned(),
            verdict,
        }
    }
}

/// Every review of a dossier.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reviews {
    pub reviews: Vec<Review>,
}

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: not a reviews file: {source}")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{path}: cannot write: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Reviews {
    /// The verdict on `mention` of `doc` meaning `place`, if it was reviewed.
    pub fn verdict(&self, doc: &str, mention: &Mention, place: &str) -> Option<Verdict> {
        self.reviews
            .iter()
            .find(|r| {
                r.doc == doc
                    && r.start == mention.span.start
                    && r.words == mention.words
                    && r.place == place
            })
            .map(|r| r.verdict)
    }

    /// Whether any of `mention`'s places was reviewed.
    pub fn is_reviewed(&self, doc: &str, mention: &Mention) -> bool {
        mention
            .candidates
            .iter()
            .any(|c| self.verdict(doc, mention, &c.id).is_some())
    }

    /// Whether `mention` of `doc` is still a suggestion: neither reviewed nor already a
    /// curated link (its one place quoting a passage that holds it).
    pub fn is_open(&self, dataset: &Dataset, doc: &str, mention: &Mention) -> bool {
        !self.is_reviewed(doc, mention) && !is_curated(dataset, doc, mention)
    }

    /// Records a verdict, replacing an earlier one on the same suggestion.
    pub fn set(&mut self, doc: &str, mention: &Mention, place: &str, verdict: Verdict) {
        self.put(Review::of(doc, mention, place, verdict));
    }

    /// Records `review`, replacing an earlier one on the same suggestion.
    pub fn put(&mut self, review: Review) {
        self.reviews.retain(|r| {
            !(r.doc == review.doc
                && r.start == review.start
                && r.words == review.words
                && r.place == review.place)
        });
        self.reviews.push(review);
        self.reviews.sort();
    }

    /// These reviews with `reviews` recorded.
    pub fn with(mut self, reviews: Vec<Review>) -> Reviews {
        reviews.into_iter().for_each(|r| self.put(r));
        self
    }

    /// The reviews as the file holds them: sorted, pretty, ending in a newline.
    pub fn to_json(&self) -> String {
        let mut sorted = self.clone();
        sorted.reviews.sort();
        let mut text = serde_json::to_string_pretty(&sorted).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The reviews of the dossier in `dir`; none if it has no reviews file.
    pub fn load(dir: &Path) -> Result<Reviews, ReviewError> {
        let path = dir.join(REVIEWS_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Reviews::default()),
            Err(source) => return Err(ReviewError::Read { path, source }),
        };
        serde_json::from_str(&text).map_err(|source| ReviewError::Parse { path, source })
    }

    /// The reviews of the dossier `dataset` was read from; none for the built-in one.
    pub fn of_dossier(dataset: &Dataset) -> Result<Reviews, ReviewError> {
        match &dataset.provenance.dir {
            Some(dir) => Reviews::load(dir),
            None => Ok(Reviews::default()),
        }
    }

    /// Writes the reviews into the dossier in `dir`, whole or not at all (a temporary file
    /// renamed over the old one).
    pub fn save(&self, dir: &Path) -> Result<(), ReviewError> {
        let path = dir.join(REVIEWS_FILE);
        let temporary = path.with_extension("json.partial");
        let write = |source| ReviewError::Write {
            path: path.clone(),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(write)?;
        }
        std::fs::write(&temporary, self.to_json()).map_err(write)?;
        std::fs::rename(&temporary, &path).map_err(|source| {
            let _ = std::fs::remove_file(&temporary);
            write(source)
        })
    }
}

/// Whether the mention's one place already quotes a passage of `doc` holding it.
fn is_curated(dataset: &Dataset, doc: &str, mention: &Mention) -> bool {
    let Some(feature) = mention.place().and_then(|c| dataset.feature(&c.id)) else {
        return false;
    };
    feature.excerpts.iter().any(|l| {
        l.doc == doc && l.span.start <= mention.span.start && mention.span.end <= l.span.end
    })
}

/// Reads the dossier's reviews file in `dir` into `dataset`, and notes it among the files the
/// dossier was read from (so that saving tells when it changed on disk since, as for the others); a file that
/// does not read is a problem of the dossier, and is not overwritten without asking.
pub fn note_reviews_file(dir: &Path, dataset: &mut Dataset) {
    let Ok(bytes) = std::fs::read(dir.join(REVIEWS_FILE)) else {
        return;
    };
    match serde_json::from_slice::<Reviews>(&bytes) {
        Ok(reviews) => {
            dataset.reviews = reviews;
            let fingerprint = Fingerprint::of(&bytes);
            dataset
                .provenance
                .files
                .insert(REVIEWS_FILE.to_owned(), fingerprint);
        }
        Err(e) => dataset.problems.push(Problem::of_file(
            &dir.join(REVIEWS_FILE).display().to_string(),
            format!("not a reviews file: {e}"),
        )),
    }
}

/// A document's suggested links that nobody reviewed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreviewed {
    pub doc: String,
    pub title: String,
    /// Suggestions neither accepted, rejected, nor already curated.
    pub count: usize,
}

/// The documents of `dataset` with suggestions never reviewed, each with their count.
pub fn unreviewed(dataset: &Dataset, reviews: &Reviews) -> Result<Vec<Unreviewed>, GazetteerError> {
    let gazetteer = Gazetteer::new(dataset)?;
    Ok(dataset
        .documents
        .iter()
        .filter_map(|doc| {
            let count = gazetteer
                .find(&doc.text, doc.meta.parsed_date())
                .iter()
                .filter(|m| reviews.is_open(dataset, &doc.id, m))
                .count();
            (count > 0).then(|| Unreviewed {
                doc: doc.id.clone(),
                title: doc.meta.title.clone(),
                count,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mentions::{Candidate, Mention};

    fn mention(start: usize, words: &str, place: &str) -> Mention {
        Mention {
            span: start..start + words.len(),
            words: words.to_owned(),
            candidates: vec![Candidate {
                id: place.to_owned(),
                label: place.to_owned(),
                validity: None,
                position: None,
            }],
            sentence: start..start + words.len(),
            date: None,
        }
    }

    #[test]
    fn reviews_save_sorted_and_load_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(Reviews::load(dir.path()).ok(), Some(Reviews::default()));
        let goris = mention(40, "Goris", "town-goris");
        let sisian = mention(10, "Sisian", "geonames:174763");
        let mut reviews = Reviews::default();
        reviews.set("doc", &goris, "town-goris", Verdict::Rejected);
        reviews.set("doc", &sisian, "geonames:174763", Verdict::Accepted);
        reviews.set("doc", &goris, "town-goris", Verdict::Accepted);
        assert_eq!(reviews.reviews.len(), 2);
        assert_eq!(reviews.reviews[0].words, "Sisian", "sorted by offset");
        assert_eq!(
            reviews.verdict("doc", &goris, "town-goris"),
            Some(Verdict::Accepted)
        );
        assert!(!reviews.is_reviewed("other", &goris));
        reviews.save(dir.path()).expect("saved");
        let first = std::fs::read(dir.path().join(REVIEWS_FILE)).expect("written");
        let loaded = Reviews::load(dir.path()).expect("loads");
        assert_eq!(loaded, reviews);
        loaded.save(dir.path()).expect("saved again");
        let second = std::fs::read(dir.path().join(REVIEWS_FILE)).expect("written");
        assert_eq!(first, second, "the same reviews save to the same bytes");
    }

    #[test]
    fn a_broken_reviews_file_is_named_in_the_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("seeds")).expect("folder");
        std::fs::write(dir.path().join(REVIEWS_FILE), "{\"reviews\": 3}").expect("written");
        let error = Reviews::load(dir.path()).expect_err("refused");
        assert!(
            error
                .to_string()
                .contains("reviews.json: not a reviews file"),
            "{error}"
        );
    }
}
