//! Links from a feature to the passages of the documents that speak of it: each quote is found
//! in its document by exact search when the dossier loads, so that links survive edits of the
//! layer file and a quote that no longer matches is reported with the passage nearest to it.

use super::document::{Document, is_valid_document_id};
use super::model::ExcerptLink;

/// Why an excerpt does not link.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExcerptError {
    #[error(
        "excerpt names document {doc:?}: a document id is a file name without folders (no '/', '\\' or leading '.')"
    )]
    NotADocumentId { doc: String },
    #[error("excerpt names unknown document {doc:?}")]
    UnknownDocument { doc: String },
    #[error("quote not found in {doc}: {quote:?}{}", nearest_passage(.nearest))]
    QuoteNotFound {
        doc: String,
        quote: String,
        /// The passage of the document that comes closest, to help fix the quote.
        nearest: Option<String>,
    },
}

fn nearest_passage(nearest: &Option<String>) -> String {
    match nearest {
        Some(passage) => format!("; nearest passage: {passage:?}"),
        None => String::new(),
    }
}

/// The link from `quote` to where it stands in document `doc_id` among `documents`: the
/// occurrence nearest byte `at`, or the first.
pub(crate) fn resolve(
    documents: &[Document],
    doc_id: &str,
    quote: &str,
    at: Option<usize>,
) -> Result<ExcerptLink, ExcerptError> {
    if !is_valid_document_id(doc_id) {
        return Err(ExcerptError::NotADocumentId {
            doc: doc_id.to_owned(),
        });
    }
    let Some(doc) = documents.iter().find(|d| d.id == doc_id) else {
        return Err(ExcerptError::UnknownDocument {
            doc: doc_id.to_owned(),
        });
    };
    match doc.locate_near(quote, at) {
        Ok(span) => Ok(ExcerptLink {
            doc: doc_id.to_owned(),
            quote: quote.to_owned(),
            paragraph: doc.paragraph_at(span.start).unwrap_or(0),
            span,
        }),
        Err(not_found) => Err(ExcerptError::QuoteNotFound {
            doc: doc_id.to_owned(),
            quote: quote.to_owned(),
            nearest: not_found.nearest,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::DocumentMeta;

    #[test]
    fn a_link_that_does_not_resolve_says_why() {
        let doc = Document::new(
            "d".to_owned(),
            DocumentMeta::default(),
            "The road was closed on the first day.".to_owned(),
        );
        let docs = [doc];
        assert!(resolve(&docs, "d", "road was closed", None).is_ok());
        let e = resolve(&docs, "../d", "road", None).expect_err("not an id");
        assert!(
            e.to_string().contains("a document id is a file name"),
            "{e}"
        );
        let e = resolve(&docs, "e", "road", None).expect_err("no such document");
        assert_eq!(e.to_string(), "excerpt names unknown document \"e\"");
        let e = resolve(&docs, "d", "road was opened", None).expect_err("not there");
        assert!(matches!(e, ExcerptError::QuoteNotFound { .. }), "{e}");
        assert!(
            e.to_string()
                .starts_with("quote not found in d: \"road was opened\""),
            "{e}"
        );
    }
}
