//! The viewer's state, in one place: the date, the layers, the selection.

use std::collections::BTreeSet;

use karabakh_map::tiles::TileSource;
use karabakh_time::Day;

#[derive(Clone, Debug)]
pub struct UiState {
    /// The day the map shows, unless `all_dates`.
    pub day: Day,
    /// Show every feature whatever its dates.
    pub all_dates: bool,
    /// Layer ids switched off.
    pub hidden_layers: BTreeSet<String>,
    /// The selected features' ids; the first is the one the details panel shows.
    pub selected: Vec<String>,
    /// The place last clicked where no point or line was (lon, lat): the details panel lists
    /// the areas there when nothing is selected.
    pub here: Option<(f64, f64)>,
    /// The document open in the reading view.
    pub document: Option<String>,
    /// Features highlighted from a panel (dataset indices), besides the hovered one.
    pub emphasised: Vec<usize>,
    pub relief: bool,
    /// The ruler's points (lon, lat) while measuring; None when not measuring.
    pub ruler: Option<Vec<(f64, f64)>>,
    /// The dark theme.
    pub dark: bool,
    /// How disputed names read, everywhere.
    pub names: karabakh_data::NameStyle,
    /// Presentation mode: panels hidden, the slide composed on the map.
    pub presentation: bool,
    /// Raster tiles shown over the offline basemap, if any.
    pub tiles: Option<TileSource>,
    /// A tile folder or PMTiles file given on the command line, offered in the legend.
    pub local_tiles: Option<TileSource>,
    /// The pointer's longitude and latitude on the map.
    pub cursor: Option<(f64, f64)>,
    /// A caption (text, source) the slide shows instead of the selection's: a tour's chapter's.
    pub caption: Option<(String, String)>,
    /// The user's layers' looks as changed in the legend, by layer id.
    pub layer_looks: std::collections::BTreeMap<String, karabakh_scene::style::LayerLook>,
    /// Online tiles are chosen and none could be loaded (the legend marks them).
    pub tiles_failed: bool,
}

impl Default for UiState {
    fn default() -> Self {
        UiState {
            day: karabakh_data::embedded::opening_day(),
            all_dates: false,
            hidden_layers: BTreeSet::new(),
            selected: Vec::new(),
            here: None,
            document: None,
            emphasised: Vec::new(),
            relief: true,
            presentation: false,
            ruler: None,
            dark: false,
            names: karabakh_data::NameStyle::default(),
            tiles: None,
            local_tiles: None,
            cursor: None,
            caption: None,
            layer_looks: std::collections::BTreeMap::new(),
            tiles_failed: false,
        }
    }
}

impl UiState {
    /// The slide's words for the current state: date and the selection's first excerpt.
    pub fn slide_options(
        &self,
        dataset: &karabakh_data::Dataset,
    ) -> karabakh_scene::slide::SlideOptions {
        karabakh_scene::slide::SlideOptions {
            caption: self
                .caption
                .clone()
                .or_else(|| karabakh_scene::slide::caption_for(dataset, &self.selected)),
            ..karabakh_scene::slide::SlideOptions::new(self.shown_day())
        }
    }

    /// What the map widget needs of this state this frame.
    pub fn map_input(&self, dataset: &karabakh_data::Dataset) -> karabakh_map::MapInput<'_> {
        karabakh_map::MapInput {
            day: self.shown_day(),
            hidden_layers: self.hidden_layers.clone(),
            relief: self.relief,
            names: self.names,
            dark: self.dark,
            tiles: self.tiles.as_ref(),
            selected: &self.selected,
            emphasised: &self.emphasised,
            ruler: self.ruler.as_deref(),
            here: self.here,
            slide: self.presentation.then(|| self.slide_options(dataset)),
            edit: None,
            layer_looks: self.layer_looks.clone(),
            suggested: &[],
            over_map: Vec::new(),
        }
    }

    /// The feature the details panel shows.
    pub fn primary(&self) -> Option<&str> {
        self.selected.first().map(String::as_str)
    }

    pub fn select_one(&mut self, id: Option<String>) {
        self.selected = id.into_iter().collect();
    }

    /// The day that filters the map, or None for all dates.
    pub fn shown_day(&self) -> Option<Day> {
        (!self.all_dates).then_some(self.day)
    }
}
