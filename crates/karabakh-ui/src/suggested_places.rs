//! Suggestions beyond the list: the open document's suggested places for the map to draw
//! (apart from curated links), and a basemap town the text names that has no feature of its
//! own, added as a new point feature (its GeoNames name, source and position) linked to the
//! sentence that names it: two edits, each undoable, the second taken back if refused.

use karabakh_data::edit::{Edit, FeatureFields, NewFeature};
use karabakh_data::mentions::{Candidate, Mention};
use karabakh_data::model::Usages;
use karabakh_data::{Accuracy, Dataset, Kind};
use karabakh_map::SuggestedPlace;

use crate::suggestions::Suggestions;

/// Where the open suggestions of `doc` point: each candidate place of each, at the town's
/// position or the middle of the feature.
pub fn places(suggestions: &Suggestions, dataset: &Dataset, doc: &str) -> Vec<SuggestedPlace> {
    let mut out = Vec::new();
    for mention in suggestions.open(dataset, doc) {
        for candidate in &mention.candidates {
            let at = match candidate.position {
                Some(p) => (p.x(), p.y()),
                None => match dataset.feature(&candidate.id) {
                    Some(f) => (f.bbox.center().x, f.bbox.center().y),
                    None => continue,
                },
            };
            out.push(SuggestedPlace {
                at,
                label: format!("{} (\"{}\")", candidate.label, mention.words),
            });
        }
    }
    out
}

/// The town's own name, without what the candidate's label adds ("Goris (GeoNames town, AM)").
fn town_name(candidate: &Candidate) -> &str {
    candidate
        .label
        .split(" (GeoNames town")
        .next()
        .unwrap_or(&candidate.label)
}

/// The edits that add the basemap town `candidate` as a point feature, and link it to the
/// mention's sentence in `doc`, verbatim.
pub fn new_point_edits(
    dataset: &Dataset,
    doc: &str,
    mention: &Mention,
    candidate: &Candidate,
) -> Option<[Edit; 2]> {
    let position = candidate.position?;
    let geonameid = candidate.id.strip_prefix("geonames:")?;
    let name = town_name(candidate);
    let document = dataset.document(doc)?;
    let slug: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let id = [format!("town-{slug}"), format!("town-geonames-{geonameid}")]
        .into_iter()
        .find(|id| dataset.feature(id).is_none())?;
    let country = match candidate.label.rsplit(", ").next() {
        Some("AM)") => Some("armenia".to_owned()),
        Some("AZ)") => Some("azerbaijan".to_owned()),
        _ => None,
    };
    let fields = FeatureFields {
        kind: Kind::Town,
        name: name.to_owned(),
        usages: Usages::default(),
        valid_from: None,
        valid_to: None,
        date_note: None,
        description: Some(format!(
            "Added from its mention in \"{}\".",
            document.meta.title
        )),
        source: format!("GeoNames {geonameid} ({name}), CC-BY 4.0"),
        accuracy: Accuracy::Published,
        control: None,
        country,
    };
    let quote = document.text.get(mention.sentence.clone())?.to_owned();
    Some([
        Edit::AddFeature(Box::new(NewFeature {
            id: id.clone(),
            layer: "towns".to_owned(),
            fields,
            geometry: geo::Geometry::Point(position),
        })),
        Edit::LinkExcerpt {
            feature: id,
            doc: doc.to_owned(),
            quote,
            at: Some(mention.sentence.start),
        },
    ])
}

impl crate::AtlasApp {
    /// Makes `edits` in turn; when one is refused, undoes those made before it.
    pub(crate) fn apply_edits(&mut self, edits: Vec<Edit>) -> bool {
        let mut made = 0;
        for edit in edits {
            if !self.apply_edit(edit) {
                let why = self.editor.message.clone();
                for _ in 0..made {
                    self.undo();
                }
                self.editor.message = why;
                return false;
            }
            made += 1;
        }
        made > 0
    }
}
