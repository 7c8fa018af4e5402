//! Suggested links: the places each document mentions (see `karabakh_data::mentions`), found
//! on a worker thread whenever the dossier changes, so that the window never waits for them.
//! Each is listed under its document with *Accept* (it becomes a curated excerpt: the sentence,
//! verbatim) and *Reject* (it is not suggested again); both are edits, undone and saved like
//! any other, and the verdicts are kept with the dossier as reviews.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use karabakh_data::edit::Edit;
use karabakh_data::mentions::{Candidate, Gazetteer, Mention};
use karabakh_data::review::{Review, Verdict};
use karabakh_data::{Dataset, Document};

/// What the reader decided in the list this frame.
#[derive(Clone, Debug, PartialEq)]
pub enum Decision {
    Accept {
        mention: Mention,
        place: String,
    },
    Reject {
        mention: Mention,
    },
    /// A basemap town without a feature, added as a new point linked to the sentence.
    AddPoint {
        mention: Mention,
        town: Candidate,
    },
}

/// Found mentions per document, for a revision of the dataset.
type Found = (u64, HashMap<String, Arc<Vec<Mention>>>);

#[derive(Default)]
pub struct Suggestions {
    /// The last mentions found, per document, and the revision they were found for.
    found: Option<Found>,
    /// A search under way on a worker thread, for a revision.
    pending: Option<(u64, Receiver<Found>)>,
}

impl Suggestions {
    /// Starts finding the mentions when the dataset changed, and takes them when found; never
    /// waits. The last ones found stay shown meanwhile.
    pub fn update(&mut self, dataset: &Arc<Dataset>, revision: u64, ctx: &egui::Context) {
        if let Some((_, receiver)) = &self.pending
            && let Ok(found) = receiver.try_recv()
        {
            self.found = Some(found);
            self.pending = None;
        }
        let current = self.found.as_ref().map(|(r, _)| *r);
        let asked = self.pending.as_ref().map(|(r, _)| *r);
        if current == Some(revision) || asked == Some(revision) {
            return;
        }
        let (sender, receiver) = channel();
        let dataset = dataset.clone();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("mentions".into())
            .spawn(move || {
                let _ = sender.send((revision, find_all(&dataset)));
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => self.pending = Some((revision, receiver)),
            Err(e) => log::error!("cannot start finding mentions: {e}"),
        }
    }

    /// Whether the mentions of the current dataset are still being found.
    pub fn is_finding(&self) -> bool {
        self.pending.is_some()
    }

    /// The suggestions of `doc` still open: neither reviewed nor already a curated link.
    pub fn open(&self, dataset: &Dataset, doc: &str) -> Vec<Mention> {
        let Some(found) = self.found.as_ref().and_then(|(_, f)| f.get(doc)) else {
            return Vec::new();
        };
        found
            .iter()
            .filter(|m| dataset.reviews.is_open(dataset, doc, m))
            .cloned()
            .collect()
    }

    /// The byte ranges of `doc`'s open suggestions, for the reading view to underline.
    pub fn spans(&self, dataset: &Dataset, doc: &str) -> Vec<Range<usize>> {
        self.open(dataset, doc)
            .into_iter()
            .map(|m| m.span)
            .collect()
    }

    /// The list of `doc`'s open suggestions, each with Accept and Reject.
    pub fn list_ui(&self, ui: &mut egui::Ui, dataset: &Dataset, doc: &str) -> Option<Decision> {
        let open = self.open(dataset, doc);
        let document = dataset.document(doc);
        let title = if self.is_finding() && self.found.is_none() {
            "Suggested links (finding...)".to_owned()
        } else {
            format!("Suggested links ({})", open.len())
        };
        let mut decision = None;
        egui::CollapsingHeader::new(title)
            .id_salt(("suggestions", doc))
            .default_open(true)
            .show(ui, |ui| {
                // A third of the room left at most, so that the text keeps the most of it.
                let room = (ui.available_height() * 0.3).clamp(60.0, 150.0);
                egui::ScrollArea::vertical()
                    .id_salt("suggestions-list")
                    .max_height(room)
                    .show(ui, |ui| {
                        for mention in &open {
                            if let Some(d) = row_ui(ui, mention, document) {
                                decision = Some(d);
                            }
                        }
                    });
            });
        decision
    }

    /// The edit that makes `decision`, for the editor's history (so that it is undone and
    /// saved like any other): a rejection of every place the words could mean; an acceptance
    /// links the place to the mention's sentence (verbatim) with its verdict, in one step; a
    /// new point is added, then linked and accepted.
    pub fn decide(dataset: &Dataset, doc: &str, decision: Decision) -> Vec<Edit> {
        let verdict =
            |mention: &Mention, place: &str| Review::of(doc, mention, place, Verdict::Accepted);
        match decision {
            Decision::Reject { mention } => {
                let rejected = mention
                    .candidates
                    .iter()
                    .map(|c| Review::of(doc, &mention, &c.id, Verdict::Rejected))
                    .collect();
                vec![Edit::Review(rejected)]
            }
            Decision::Accept { mention, place } => dataset
                .document(doc)
                .and_then(|d| d.text.get(mention.sentence.clone()))
                .map(|quote| Edit::Accept {
                    review: verdict(&mention, &place),
                    link: Box::new(Edit::LinkExcerpt {
                        feature: place,
                        doc: doc.to_owned(),
                        quote: quote.to_owned(),
                        at: Some(mention.sentence.start),
                    }),
                })
                .into_iter()
                .collect(),
            Decision::AddPoint { mention, town } => {
                let Some([add, link]) =
                    crate::suggested_places::new_point_edits(dataset, doc, &mention, &town)
                else {
                    return Vec::new();
                };
                let review = verdict(&mention, &town.id);
                vec![
                    add,
                    Edit::Accept {
                        link: Box::new(link),
                        review,
                    },
                ]
            }
        }
    }
}

/// The mentions in every document of `dataset`.
fn find_all(dataset: &Dataset) -> HashMap<String, Arc<Vec<Mention>>> {
    let gazetteer = match Gazetteer::new(dataset) {
        Ok(g) => g,
        Err(e) => {
            log::error!("{e}");
            return HashMap::new();
        }
    };
    dataset
        .documents
        .iter()
        .map(|doc| {
            let found = gazetteer.find(&doc.text, doc.meta.parsed_date());
            (doc.id.clone(), Arc::new(found))
        })
        .collect()
}

/// One suggestion: the words, the place(s) and the buttons.
fn row_ui(ui: &mut egui::Ui, mention: &Mention, document: Option<&Document>) -> Option<Decision> {
    let mut decision = None;
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(format!("\"{}\"", mention.words)).strong());
        if mention.is_ambiguous() {
            ui.label("ambiguous:");
        } else {
            ui.label("is");
        }
        for candidate in &mention.candidates {
            if candidate.is_feature() {
                let button = ui
                    .small_button(format!("Accept {}", candidate.label))
                    .on_hover_text("Link this place to the sentence, as a curated excerpt");
                if button.clicked() {
                    decision = Some(Decision::Accept {
                        mention: mention.clone(),
                        place: candidate.id.clone(),
                    });
                }
            } else {
                ui.label(egui::RichText::new(&candidate.label).weak())
                    .on_hover_text("A basemap town with no feature of its own yet");
                let add = ui
                    .small_button("Add as a new point")
                    .on_hover_text("A point feature at the GeoNames town, linked to the sentence");
                if add.clicked() {
                    decision = Some(Decision::AddPoint {
                        mention: mention.clone(),
                        town: candidate.clone(),
                    });
                }
            }
        }
        if ui.small_button("Reject").clicked() {
            decision = Some(Decision::Reject {
                mention: mention.clone(),
            });
        }
    });
    // Where the words stand, so that two mentions of one name can be told apart.
    if let Some(doc) = document
        && doc.text.get(mention.sentence.clone()).is_some()
        && doc.text.get(mention.span.clone()).is_some()
    {
        let paragraph = doc.paragraph_at(mention.span.start).map_or(0, |p| p + 1);
        let context =
            crate::search::snippet(&doc.text, mention.span.clone(), mention.sentence.clone());
        ui.add(
            egui::Label::new(
                egui::RichText::new(format!("¶{paragraph}: {context}"))
                    .small()
                    .weak(),
            )
            .wrap(),
        );
    }
    ui.add_space(4.0);
    decision
}

#[cfg(test)]
mod tests {
    use super::*;
    use karabakh_data::{Document, DocumentMeta};

    /// Typing never waits for the mentions: `update` only starts finding them (3 MB of text
    /// here) and returns; they are taken in a later frame.
    #[test]
    fn mentions_are_found_off_the_ui_thread_and_taken_when_found() {
        let mut dataset = karabakh_data::load_embedded();
        let seed = dataset.documents[0].text.clone();
        let mut long = String::new();
        while long.len() < 3 << 20 {
            long.push_str(&seed);
            long.push_str("\n\n");
        }
        let meta = DocumentMeta::default();
        dataset
            .documents
            .push(Document::new("long".into(), meta, long));
        let dataset = Arc::new(dataset);
        let ctx = egui::Context::default();
        let mut suggestions = Suggestions::default();
        suggestions.update(&dataset, 1, &ctx);
        assert!(suggestions.is_finding());
        assert!(
            suggestions.open(&dataset, "long").is_empty(),
            "update returned before they were found"
        );
        let start = std::time::Instant::now();
        while suggestions.is_finding() && start.elapsed().as_secs() < 120 {
            std::thread::sleep(std::time::Duration::from_millis(20));
            suggestions.update(&dataset, 1, &ctx);
        }
        assert!(suggestions.open(&dataset, "long").len() > 1000);
    }
}
