//! The `check` report: what a dossier holds, which passages are linked, and what is wrong.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};

use super::model::{Dataset, Kind};

/// A summary of a loaded dataset, printable as the `check` command's output.
pub struct Report<'a> {
    pub source: String,
    pub dataset: &'a Dataset,
}

impl Report<'_> {
    /// Whether the dossier is free of errors.
    pub fn is_ok(&self) -> bool {
        self.dataset.problems.is_empty()
    }

    /// How many paragraphs of all documents are linked, and how many there are.
    pub fn paragraph_coverage(&self) -> (usize, usize) {
        self.dataset
            .documents
            .iter()
            .fold((0, 0), |(linked, total), doc| {
                let flags = self.dataset.linked_paragraphs(doc);
                (
                    linked + flags.iter().filter(|&&l| l).count(),
                    total + flags.len(),
                )
            })
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let data = self.dataset;
        writeln!(f, "Karabakh Atlas — dossier check ({})", self.source)?;
        writeln!(f)?;
        writeln!(f, "Layers ({}):", data.layers.len())?;
        for layer in &data.layers {
            let mut kinds: BTreeMap<Kind, usize> = BTreeMap::new();
            for feature in data.features.iter().filter(|x| *x.layer == *layer.id) {
                *kinds.entry(feature.kind).or_default() += 1;
            }
            let count: usize = kinds.values().sum();
            let mut by_kind = String::new();
            for (kind, n) in &kinds {
                let _ = write!(
                    by_kind,
                    "{}{kind} {n}",
                    if by_kind.is_empty() { "" } else { ", " }
                );
            }
            writeln!(f, "  {:<14} {:>3} features  ({by_kind})", layer.id, count)?;
        }
        let approximate = data
            .features
            .iter()
            .filter(|x| x.accuracy.is_approximate())
            .count();
        writeln!(
            f,
            "  total          {:>3} features, {} of them approximate (each says why)",
            data.features.len(),
            approximate
        )?;
        writeln!(f)?;

        let links: Vec<_> = data.features.iter().flat_map(|x| &x.excerpts).collect();
        let passages: BTreeSet<_> = links
            .iter()
            .map(|l| (&l.doc, l.span.start, l.span.end))
            .collect();
        writeln!(f, "Documents ({}):", data.documents.len())?;
        for doc in &data.documents {
            writeln!(
                f,
                "  {} — {:?}, {}",
                doc.id,
                doc.meta.title,
                doc.meta.date_label()
            )?;
            for (index, linked) in data.linked_paragraphs(doc).into_iter().enumerate() {
                let by: Vec<&str> = data
                    .features
                    .iter()
                    .filter(|x| {
                        x.excerpts
                            .iter()
                            .any(|l| l.doc == doc.id && l.paragraph == index)
                    })
                    .map(|x| x.id.as_str())
                    .collect();
                let opening: String = doc
                    .paragraph_text(index)
                    .unwrap_or("")
                    .chars()
                    .take(48)
                    .collect();
                if linked {
                    writeln!(
                        f,
                        "    ¶{} linked by {} feature(s): {}  «{opening}…»",
                        index + 1,
                        by.len(),
                        by.join(", ")
                    )?;
                } else {
                    writeln!(f, "    ¶{} NOT LINKED  «{opening}…»", index + 1)?;
                }
            }
        }
        let (linked, total) = self.paragraph_coverage();
        writeln!(f, "  paragraphs linked: {linked} of {total}")?;
        writeln!(
            f,
            "  excerpts resolved: {} links to {} distinct passages",
            links.len(),
            passages.len()
        )?;
        writeln!(f)?;

        if data.problems.is_empty() {
            writeln!(f, "Problems: none")?;
            write!(f, "Result: OK")
        } else {
            writeln!(f, "Problems ({}):", data.problems.len())?;
            for problem in &data.problems {
                writeln!(f, "  error: {problem}")?;
            }
            write!(f, "Result: FAILED with {} error(s)", data.problems.len())
        }
    }
}
