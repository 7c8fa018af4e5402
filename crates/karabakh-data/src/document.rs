//! Source documents: their text, split into paragraphs, their metadata, and where a quote sits.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use karabakh_time::PartialDate;

/// A source document: the text exactly as shipped and what a reader needs to know about it.
#[derive(Clone, Debug)]
pub struct Document {
    /// The file stem, e.g. `000_fc013494f2dd923c`; excerpts name their document by it.
    pub id: String,
    pub meta: DocumentMeta,
    pub text: String,
    /// Byte ranges of the paragraphs (blocks separated by blank lines), trimmed.
    pub paragraphs: Vec<Range<usize>>,
}

/// What `seeds/<id>.meta.json` says of a document.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DocumentMeta {
    pub title: String,
    /// When it was written or published, to the precision known.
    #[serde(default)]
    pub date: Option<String>,
    /// Whether the document states its date (false: inferred from the text).
    #[serde(default)]
    pub date_stated: bool,
    #[serde(default)]
    pub date_note: Option<String>,
    /// Where it was published; `None` when unknown.
    #[serde(default)]
    pub outlet: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    /// Where it can be found: a web address or a library reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// How the project came by it.
    #[serde(default)]
    pub provenance: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
}

impl DocumentMeta {
    /// The parsed date, if any and well formed.
    pub fn parsed_date(&self) -> Option<PartialDate> {
        self.date
            .as_deref()
            .and_then(|d| PartialDate::parse(d).ok())
    }

    /// "2023-09-25 (inferred)" or "undated".
    pub fn date_label(&self) -> String {
        match &self.date {
            Some(date) if self.date_stated => date.clone(),
            Some(date) => format!("{date} (inferred)"),
            None => "undated".to_owned(),
        }
    }
}

/// Whether a document id is safe to use as a file stem: no separators, no leading dot.
pub fn is_valid_document_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('.')
        && id.len() <= 128
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

impl Document {
    pub fn new(id: String, meta: DocumentMeta, text: String) -> Self {
        let paragraphs = split_paragraphs(&text);
        Document {
            id,
            meta,
            text,
            paragraphs,
        }
    }

    /// The paragraph (index) holding byte `offset`.
    pub fn paragraph_at(&self, offset: usize) -> Option<usize> {
        self.paragraphs
            .iter()
            .position(|p| p.start <= offset && offset < p.end)
    }

    pub fn paragraph_text(&self, index: usize) -> Option<&str> {
        self.paragraphs
            .get(index)
            .and_then(|r| self.text.get(r.clone()))
    }

    /// Where `quote` occurs nearest byte `at` (a link to one occurrence of words the text holds
    /// more than once; the text may have been edited since), or first without `at`.
    pub fn locate_near(
        &self,
        quote: &str,
        at: Option<usize>,
    ) -> Result<Range<usize>, QuoteNotFound> {
        let first = self.locate(quote)?;
        let Some(at) = at else {
            return Ok(first);
        };
        let start = self
            .text
            .match_indices(quote)
            .map(|(start, _)| start)
            .min_by_key(|start| start.abs_diff(at))
            .unwrap_or(first.start);
        Ok(start..start + quote.len())
    }

    /// Where `quote` occurs, by exact search; otherwise the nearest passage, to help fix it.
    pub fn locate(&self, quote: &str) -> Result<Range<usize>, QuoteNotFound> {
        if quote.trim().is_empty() {
            return Err(QuoteNotFound { nearest: None });
        }
        match self.text.find(quote) {
            Some(start) => Ok(start..start + quote.len()),
            None => Err(QuoteNotFound {
                nearest: nearest_passage(&self.text, quote),
            }),
        }
    }
}

/// A quote that is not in its document, with the passage that comes closest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteNotFound {
    pub nearest: Option<String>,
}

fn split_paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut paragraphs = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            if let Some(s) = start.take() {
                paragraphs.push(s..end);
            }
        } else {
            let lead = content.len() - content.trim_start().len();
            if start.is_none() {
                start = Some(offset + lead);
            }
            end = offset + content.trim_end().len();
        }
        offset += line.len();
    }
    if let Some(s) = start {
        paragraphs.push(s..end);
    }
    paragraphs
}

/// The window of `text`, starting and ending at word boundaries and about as long as `quote`,
/// with the smallest edit distance to it.
fn nearest_passage(text: &str, quote: &str) -> Option<String> {
    let quote_chars: Vec<char> = quote.chars().collect();
    // Bound the work on pathological input: the search is only a hint.
    if quote_chars.len() > 2000 || text.len() > 2_000_000 {
        return None;
    }
    let word_starts: Vec<usize> = text
        .char_indices()
        .filter(|&(i, c)| {
            !c.is_whitespace()
                && text[..i]
                    .chars()
                    .next_back()
                    .is_none_or(char::is_whitespace)
        })
        .map(|(i, _)| i)
        .collect();
    let quote_words = quote.split_whitespace().count().max(1);
    let mut best: Option<(usize, &str)> = None;
    for (n, &start) in word_starts.iter().enumerate() {
        let end = word_starts
            .get(n + quote_words)
            .copied()
            .unwrap_or(text.len());
        let window = text[start..end].trim_end();
        let distance = edit_distance(&window.chars().collect::<Vec<_>>(), &quote_chars);
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, window));
        }
    }
    best.map(|(_, w)| w.to_owned())
}

fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::new("d".into(), DocumentMeta::default(), text.into())
    }

    #[test]
    fn paragraphs_are_blocks_between_blank_lines() {
        let d = doc("First one.\nStill first.\n\n  Second.  \n\n\n\nThird.\n");
        assert_eq!(d.paragraphs.len(), 3);
        assert_eq!(d.paragraph_text(0), Some("First one.\nStill first."));
        assert_eq!(d.paragraph_text(1), Some("Second."));
        assert_eq!(d.paragraph_text(2), Some("Third."));
        assert_eq!(doc("").paragraphs.len(), 0);
        assert_eq!(doc("\r\n a \r\n\r\nb").paragraphs.len(), 2);
    }

    #[test]
    fn locates_a_quote_exactly_and_finds_its_paragraph() {
        let d = doc("Alpha beta.\n\nThe peacekeepers’ camps were full.");
        let span = d.locate("peacekeepers’ camps").unwrap();
        assert_eq!(&d.text[span.clone()], "peacekeepers’ camps");
        assert_eq!(d.paragraph_at(span.start), Some(1));
        assert_eq!(d.paragraph_at(0), Some(0));
    }

    #[test]
    fn a_quote_with_a_changed_word_reports_the_nearest_passage() {
        let d = doc("Russia dispatched peacekeepers to guard the Lachin Corridor, a crucial road.");
        let err = d
            .locate("Russia sent peacekeepers to guard the Lachin Corridor")
            .unwrap_err();
        assert_eq!(
            err.nearest.as_deref(),
            Some("Russia dispatched peacekeepers to guard the Lachin Corridor,")
        );
        // Straight quotes do not match the document's curly ones.
        let d = doc("the peacekeepers’ camps");
        assert!(d.locate("peacekeepers' camps").is_err());
    }

    #[test]
    fn an_empty_quote_is_not_found() {
        assert!(doc("text").locate("  ").is_err());
    }

    #[test]
    fn document_ids_cannot_escape_the_folder() {
        assert!(is_valid_document_id("000_fc013494f2dd923c"));
        for bad in ["", "../x", "a/b", "a\\b", ".hidden", "x y", "c:", "é"] {
            assert!(!is_valid_document_id(bad), "{bad:?}");
        }
    }

    #[test]
    fn edit_distance_counts_edits() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(edit_distance(&c("kitten"), &c("sitting")), 3);
        assert_eq!(edit_distance(&c(""), &c("abc")), 3);
        assert_eq!(edit_distance(&c("same"), &c("same")), 0);
    }
}
