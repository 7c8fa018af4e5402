//! The validated dossier: features with their names, dates, sources and excerpt links.

use std::any::Any;
use std::fmt;
use std::ops::Range;
use std::sync::{Arc, Mutex, PoisonError};

use geo::{BoundingRect, Geometry, Rect};

use super::document::Document;
use karabakh_time::{Day, Validity};

/// What a feature is; it decides how the feature is drawn and where it shows in the legend.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Country,
    Lake,
    River,
    Region,
    FrontLine,
    Road,
    Checkpoint,
    PeacekeeperBase,
    PeacekeeperPost,
    /// A cease-fire monitoring centre (the Russian–Turkish one near Aghdam), not a peacekeepers' site.
    MonitoringCentre,
    Town,
    Event,
    /// An area and who held it over an interval (`held_by`).
    Control,
    /// Imported material: a point, a line or an area of no dossier kind.
    Place,
    Line,
    Area,
}

impl Kind {
    pub const ALL: [Kind; 16] = [
        Kind::Country,
        Kind::Lake,
        Kind::River,
        Kind::Region,
        Kind::FrontLine,
        Kind::Road,
        Kind::Checkpoint,
        Kind::PeacekeeperBase,
        Kind::PeacekeeperPost,
        Kind::MonitoringCentre,
        Kind::Town,
        Kind::Event,
        Kind::Control,
        Kind::Place,
        Kind::Line,
        Kind::Area,
    ];

    /// The spelling in the data files.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Country => "country",
            Kind::Lake => "lake",
            Kind::River => "river",
            Kind::Region => "region",
            Kind::FrontLine => "front-line",
            Kind::Road => "road",
            Kind::Checkpoint => "checkpoint",
            Kind::PeacekeeperBase => "peacekeeper-base",
            Kind::PeacekeeperPost => "peacekeeper-post",
            Kind::MonitoringCentre => "monitoring-centre",
            Kind::Town => "town",
            Kind::Event => "event",
            Kind::Control => "control",
            Kind::Place => "place",
            Kind::Line => "line",
            Kind::Area => "area",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// A reader's word for it.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Country => "Country",
            Kind::Lake => "Lake",
            Kind::River => "River",
            Kind::Region => "Region",
            Kind::FrontLine => "Front line",
            Kind::Road => "Road",
            Kind::Checkpoint => "Checkpoint",
            Kind::PeacekeeperBase => "Peacekeepers' base",
            Kind::PeacekeeperPost => "Peacekeepers' post",
            Kind::MonitoringCentre => "Monitoring centre",
            Kind::Town => "Town",
            Kind::Event => "Event",
            Kind::Control => "Area of control",
            Kind::Place => "Place",
            Kind::Line => "Line",
            Kind::Area => "Area",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who held an area (the `held_by` property of an area of control or a region).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HeldBy {
    ArmenianForces,
    Azerbaijan,
    RussianPeacekeepers,
    /// Soviet Azerbaijan, which administered the NKAO until the USSR ended.
    AzerbaijanSsr,
}

impl HeldBy {
    pub const ALL: [HeldBy; 4] = [
        HeldBy::ArmenianForces,
        HeldBy::Azerbaijan,
        HeldBy::RussianPeacekeepers,
        HeldBy::AzerbaijanSsr,
    ];

    /// The spelling in the data files.
    pub fn as_str(self) -> &'static str {
        match self {
            HeldBy::ArmenianForces => "armenian-forces",
            HeldBy::Azerbaijan => "azerbaijan",
            HeldBy::RussianPeacekeepers => "russian-peacekeepers",
            HeldBy::AzerbaijanSsr => "azerbaijan-ssr",
        }
    }

    pub fn parse(text: &str) -> Option<HeldBy> {
        HeldBy::ALL.into_iter().find(|h| h.as_str() == text)
    }

    /// A reader's words for it.
    pub fn label(self) -> &'static str {
        match self {
            HeldBy::ArmenianForces => "Armenian forces",
            HeldBy::Azerbaijan => "Azerbaijan",
            HeldBy::RussianPeacekeepers => "Russian peacekeepers",
            HeldBy::AzerbaijanSsr => "Azerbaijan SSR (Soviet)",
        }
    }
}

impl fmt::Display for HeldBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who held an area, and whether Russian peacekeepers were deployed there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Control {
    pub held_by: HeldBy,
    pub peacekeepers: bool,
}

impl Control {
    /// "Armenian forces", "Armenian forces, with peacekeepers".
    pub fn label(&self) -> String {
        if self.peacekeepers {
            format!("{}, with peacekeepers", self.held_by.label())
        } else {
            self.held_by.label().to_owned()
        }
    }
}

/// One of the two usages of a disputed name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Usage {
    Armenian,
    Azerbaijani,
}

impl Usage {
    /// The spelling in the data files (`names.soviet`).
    pub fn as_str(self) -> &'static str {
        match self {
            Usage::Armenian => "hy",
            Usage::Azerbaijani => "az",
        }
    }
}

/// How far the geometry can be trusted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Accuracy {
    /// Measured on the ground.
    Surveyed,
    /// Taken from a published dataset or a published position.
    Published,
    /// Placed or drawn by us; the reason says how and why.
    Approximate { reason: String },
    /// Imported material that does not say.
    Unstated,
}

impl Accuracy {
    pub fn label(&self) -> &'static str {
        match self {
            Accuracy::Surveyed => "surveyed",
            Accuracy::Published => "published",
            Accuracy::Approximate { .. } => "approximate",
            Accuracy::Unstated => "not stated",
        }
    }

    pub fn is_approximate(&self) -> bool {
        matches!(self, Accuracy::Approximate { .. })
    }
}

/// A feature's names. `display` is the name as written in the data, which for disputed places
/// holds both usages ("Stepanakert / Khankendi"); the usages let a reader choose one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Names {
    pub display: String,
    /// The usages, where the data gives them (boxed: most features of a big layer have none).
    pub usages: Option<Box<Usages>>,
}

/// A place's name in each usage and script.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Usages {
    /// Armenian usage, in Latin letters.
    pub hy: Option<String>,
    /// Azerbaijani usage, in Latin letters.
    pub az: Option<String>,
    /// Armenian script.
    pub hy_native: Option<String>,
    /// Azerbaijani (Latin) spelling.
    pub az_native: Option<String>,
    /// Which usage was the official Soviet-era name (`names.soviet`); Azerbaijani if unsaid.
    pub soviet: Option<Usage>,
}

/// A feature's other properties, as text, in the order of their keys. Keys are shared by the
/// features of a layer, which mostly have the same ones.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Properties(Vec<(std::sync::Arc<str>, String)>);

impl Properties {
    /// From (key, value) pairs in any order; the last of equal keys wins.
    pub fn new(mut pairs: Vec<(std::sync::Arc<str>, String)>) -> Self {
        pairs.reverse();
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        pairs.dedup_by(|a, b| a.0 == b.0);
        pairs.shrink_to_fit();
        Properties(pairs)
    }

    pub fn get(&self, key: &str) -> Option<&String> {
        self.0
            .binary_search_by(|(k, _)| k.as_ref().cmp(key))
            .ok()
            .map(|i| &self.0[i].1)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &String)> {
        self.0.iter().map(|(k, v)| (k.as_ref(), v))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a Properties {
    type Item = (&'a str, &'a String);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (std::sync::Arc<str>, String)>,
        fn(&'a (std::sync::Arc<str>, String)) -> (&'a str, &'a String),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k.as_ref(), v))
    }
}

/// How disputed names read: both usages as the data writes them, one usage first, and in
/// Latin letters or the native scripts.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum NameOrder {
    /// The usage of the side that administered the place on the shown day first (see
    /// [`super::administration`]); as written when no day is shown.
    #[default]
    ByAdministration,
    /// As the data writes it: both usages where they differ.
    Both,
    ArmenianFirst,
    AzerbaijaniFirst,
}

impl NameOrder {
    /// A reader's words for it, as the legend offers it.
    pub fn label(self) -> &'static str {
        match self {
            NameOrder::ByAdministration => "The administering side's usage first",
            NameOrder::Both => "Both usages (as written)",
            NameOrder::ArmenianFirst => "Armenian usage first",
            NameOrder::AzerbaijaniFirst => "Azerbaijani usage first",
        }
    }
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct NameStyle {
    pub order: NameOrder,
    /// Armenian script and Azerbaijani Latin spelling (Ստեփանակերտ / Xankəndi).
    pub native: bool,
}

impl Names {
    pub fn hy(&self) -> Option<&String> {
        self.usages.as_ref().and_then(|u| u.hy.as_ref())
    }

    pub fn az(&self) -> Option<&String> {
        self.usages.as_ref().and_then(|u| u.az.as_ref())
    }

    pub fn hy_native(&self) -> Option<&String> {
        self.usages.as_ref().and_then(|u| u.hy_native.as_ref())
    }

    pub fn az_native(&self) -> Option<&String> {
        self.usages.as_ref().and_then(|u| u.az_native.as_ref())
    }

    /// The usage of the official Soviet-era name: Azerbaijani unless the data says otherwise.
    pub fn soviet(&self) -> Usage {
        self.usages
            .as_ref()
            .and_then(|u| u.soviet)
            .unwrap_or(Usage::Azerbaijani)
    }

    /// The name as `style` asks, with `first` the usage that goes first when the style leaves
    /// it to the administering side (see [`super::administration`]); without one, as written.
    /// A name written as a description ("Azerbaijani checkpoint at the Hakari bridge") has no
    /// order to follow and reads as written, unless native scripts are asked for.
    pub fn shown_first(&self, style: NameStyle, first: Option<Usage>) -> String {
        let first = first.filter(|_| style.native || self.is_both_usages());
        let order = match (style.order, first) {
            (NameOrder::ByAdministration, Some(Usage::Armenian)) => NameOrder::ArmenianFirst,
            (NameOrder::ByAdministration, Some(Usage::Azerbaijani)) => NameOrder::AzerbaijaniFirst,
            (NameOrder::ByAdministration, None) => NameOrder::Both,
            (order, _) => order,
        };
        self.shown(NameStyle { order, ..style })
    }

    /// The name as `style` asks: "Stepanakert / Khankendi", "Khankendi / Stepanakert",
    /// "Ստեփանակերտ / Xankəndi"… Falls back to the data's name where a usage is missing.
    /// Ordering by the administering side needs the day: see [`Names::shown_first`]; here it
    /// reads as written.
    pub fn shown(&self, style: NameStyle) -> String {
        let (hy, az) = if style.native {
            (
                self.hy_native().or(self.hy()),
                self.az_native().or(self.az()),
            )
        } else {
            (self.hy(), self.az())
        };
        let as_written = matches!(style.order, NameOrder::Both | NameOrder::ByAdministration);
        if as_written && !style.native {
            return self.display.clone();
        }
        match (style.order, hy, az) {
            (_, Some(hy), Some(az)) if hy == az => hy.clone(),
            (NameOrder::AzerbaijaniFirst, Some(hy), Some(az)) => format!("{az} / {hy}"),
            (
                NameOrder::Both | NameOrder::ByAdministration | NameOrder::ArmenianFirst,
                Some(hy),
                Some(az),
            ) => format!("{hy} / {az}"),
            // One usage only, or none: the native spelling if asked and known, else the data's.
            _ if style.native => self
                .hy_native()
                .or(self.az_native())
                .cloned()
                .unwrap_or_else(|| self.display.clone()),
            _ => self.display.clone(),
        }
    }

    /// Whether the data's name is the two usages, in either order ("Shushi / Shusha").
    fn is_both_usages(&self) -> bool {
        match (self.hy(), self.az()) {
            (Some(hy), Some(az)) => {
                self.display == format!("{hy} / {az}")
                    || self.display == format!("{az} / {hy}")
                    || (hy == az && self.display == *hy)
            }
            _ => false,
        }
    }

    /// Every spelling, for search.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.display.as_str()).chain(
            [self.hy(), self.az(), self.hy_native(), self.az_native()]
                .into_iter()
                .flatten()
                .map(String::as_str),
        )
    }
}

/// A link from a feature to a passage of a document, resolved to its place in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExcerptLink {
    pub doc: String,
    pub quote: String,
    /// Byte range of the quote in the document's text.
    pub span: Range<usize>,
    /// Index of the paragraph holding the quote's start.
    pub paragraph: usize,
}

/// One thing on the map.
#[derive(Clone, Debug)]
pub struct Feature {
    pub id: String,
    /// The layer (file stem) it comes from.
    pub layer: std::sync::Arc<str>,
    pub kind: Kind,
    pub names: Names,
    pub validity: Validity,
    pub date_note: Option<String>,
    pub description: Option<String>,
    pub excerpts: Vec<ExcerptLink>,
    /// Where the geometry (and the facts) come from (shared by the features of an imported
    /// layer, which all say the same).
    pub source: std::sync::Arc<str>,
    pub accuracy: Accuracy,
    pub geometry: Geometry<f64>,
    pub bbox: Rect<f64>,
    /// Who held it (areas of control; regions may say too).
    pub control: Option<Control>,
    /// The id of the `country` feature it lies in (towns say).
    pub country: Option<Box<str>>,
    /// Any other properties, as text, for the details panel.
    pub extra: Properties,
}

impl Feature {
    pub fn visible_on(&self, day: Day) -> bool {
        self.validity.contains(day)
    }
}

/// A layer file.
#[derive(Clone, Debug)]
pub struct Layer {
    /// The file stem, e.g. `corridor`.
    pub id: String,
    /// The collection's `name`, or the id.
    pub title: String,
    /// Where it was read from, for messages.
    pub path: String,
}

/// Something wrong in the input: which file, which feature, what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub feature: Option<String>,
    pub message: String,
}

impl Problem {
    /// A problem of the whole file.
    pub fn of_file(file: &str, message: impl fmt::Display) -> Self {
        Problem {
            file: file.to_owned(),
            feature: None,
            message: message.to_string(),
        }
    }

    /// A problem of one feature of the file, named by its id or its place in the file.
    pub fn of_feature(file: &str, feature: &str, message: impl fmt::Display) -> Self {
        Problem {
            file: file.to_owned(),
            feature: Some(feature.to_owned()),
            message: message.to_string(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.feature {
            Some(id) => write!(f, "{}: feature {id:?}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Everything that loaded, and what did not.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    pub layers: Vec<Layer>,
    pub features: Vec<Feature>,
    pub documents: Vec<Document>,
    pub problems: Vec<Problem>,
    /// Where the dossier's files were read from, as they were then (for saving).
    pub provenance: super::input::Provenance,
    /// The suggested links reviewed (`seeds/reviews.json`); reviewing is an edit.
    pub reviews: super::review::Reviews,
    /// Features by id, made on the first lookup.
    pub(crate) ids: IdIndex,
    /// Who held what, for the naming rule (see `administration`), made on first use.
    pub(crate) administration: Derived,
}

/// A value worked out from the features, kept until their number changes (loading only adds
/// features; an edit, which changes them in place, forgets it: see [`Dataset::forget_derived`]). Its type is its user's: `administration` keeps its
/// index here without the model having to know what that is.
#[derive(Debug, Default)]
pub(crate) struct Derived(Mutex<Option<(usize, Arc<dyn Any + Send + Sync>)>>);

impl Clone for Derived {
    fn clone(&self) -> Self {
        Derived::default()
    }
}

impl Derived {
    /// The value kept for `count` features, or the one `make` gives, kept from now on.
    pub(crate) fn get_or_make<T: Any + Send + Sync>(
        &self,
        count: usize,
        make: impl FnOnce() -> T,
    ) -> Arc<T> {
        let mut slot = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((kept, value)) = &*slot
            && *kept == count
            && let Ok(value) = value.clone().downcast::<T>()
        {
            return value;
        }
        let value = Arc::new(make());
        *slot = Some((count, value.clone()));
        value
    }
}

/// Feature indices by a hash of their id, sorted: a lookup is a binary search, and every hit
/// is checked against the feature itself, so an index made before features were added can
/// only be slow (it is made again), never wrong.
#[derive(Debug, Default)]
pub(crate) struct IdIndex(std::sync::Mutex<(usize, Vec<(u64, u32)>)>);

impl Clone for IdIndex {
    fn clone(&self) -> Self {
        IdIndex::default()
    }
}

fn id_hash(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    id.hash(&mut hasher);
    hasher.finish()
}

impl Dataset {
    pub fn feature(&self, id: &str) -> Option<&Feature> {
        self.feature_index(id).and_then(|i| self.features.get(i))
    }

    /// The index in `features` of the feature with `id`.
    pub fn feature_index(&self, id: &str) -> Option<usize> {
        let mut index = self
            .ids
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if index.0 != self.features.len() {
            let mut entries: Vec<(u64, u32)> = self
                .features
                .iter()
                .enumerate()
                .map(|(i, f)| (id_hash(&f.id), i as u32))
                .collect();
            entries.sort_unstable();
            *index = (self.features.len(), entries);
        }
        let hash = id_hash(id);
        let entries = &index.1;
        let first = entries.partition_point(|&(h, _)| h < hash);
        entries[first..]
            .iter()
            .take_while(|&&(h, _)| h == hash)
            .map(|&(_, i)| i as usize)
            .find(|&i| self.features.get(i).is_some_and(|f| f.id == id))
            .or_else(|| self.features.iter().position(|f| f.id == id))
    }

    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.id == id)
    }

    /// Drops what was worked out from the features, after they changed in place.
    pub(crate) fn forget_derived(&mut self) {
        self.ids = IdIndex::default();
        self.administration = Derived::default();
    }

    /// The bounding box of every feature, if there is any.
    pub fn bounds(&self) -> Option<Rect<f64>> {
        let mut rects = self.features.iter().map(|f| f.bbox);
        let first = rects.next()?;
        Some(rects.fold(first, |a, b| {
            Rect::new(
                geo::coord! { x: a.min().x.min(b.min().x), y: a.min().y.min(b.min().y) },
                geo::coord! { x: a.max().x.max(b.max().x), y: a.max().y.max(b.max().y) },
            )
        }))
    }

    /// Adds what `addition` holds (from [`super::import::load_files`]).
    pub fn merge(&mut self, addition: Dataset) {
        self.layers.extend(addition.layers);
        self.features.extend(addition.features);
        self.documents.extend(addition.documents);
        self.problems.extend(addition.problems);
    }

    /// What [`Dataset::merge`] added to `base` to make this dataset, taken out of it: a merge
    /// prepared from `base` is merged into the data as it is now when that changed meanwhile.
    pub fn split_off_after(&mut self, base: &Dataset) -> Dataset {
        Dataset {
            layers: self
                .layers
                .split_off(base.layers.len().min(self.layers.len())),
            features: self
                .features
                .split_off(base.features.len().min(self.features.len())),
            documents: self
                .documents
                .split_off(base.documents.len().min(self.documents.len())),
            problems: self
                .problems
                .split_off(base.problems.len().min(self.problems.len())),
            ..Dataset::default()
        }
    }

    /// For each document, which paragraphs at least one feature links to.
    pub fn linked_paragraphs(&self, doc: &Document) -> Vec<bool> {
        let mut linked = vec![false; doc.paragraphs.len()];
        for link in self.features.iter().flat_map(|f| &f.excerpts) {
            if link.doc == doc.id
                && let Some(slot) = linked.get_mut(link.paragraph)
            {
                *slot = true;
            }
        }
        linked
    }
}

/// The bounding rectangle of a geometry that is known to have coordinates.
pub(crate) fn bbox_of(geometry: &Geometry<f64>) -> Option<Rect<f64>> {
    geometry.bounding_rect()
}
