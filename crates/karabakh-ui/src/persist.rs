//! What the viewer remembers between runs: view, date, layers, selection. A saved state that
//! cannot be read is replaced by the defaults, and the user is told.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::AtlasApp;
use karabakh_time::Day;

const KEY: &str = "karabakh-atlas-state";

/// Why a saved state was not put back (the window then starts with the defaults).
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("the saved state cannot be read: {0}")]
    Unreadable(#[from] serde_json::Error),
    #[error("the saved view is out of range")]
    ViewOutOfRange,
    #[error("the saved date is out of range")]
    DateOutOfRange,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub center_lon: f64,
    pub center_lat: f64,
    pub zoom: f64,
    pub day: i32,
    pub all_dates: bool,
    pub hidden_layers: BTreeSet<String>,
    pub selected: Vec<String>,
    pub relief: bool,
    pub document: Option<String>,
    /// Saved under a new key since names follow the administering side by default: a state
    /// saved before that, which holds the old default, opens with the new one.
    #[serde(default, rename = "name_style")]
    pub names: karabakh_data::NameStyle,
    #[serde(default)]
    pub dark: bool,
    /// The user's layers' looks: layer id, colour (premultiplied RGBA), fill opacity, width.
    #[serde(default)]
    pub layer_looks: Vec<(String, [u8; 4], f32, f32)>,
}

impl Saved {
    pub fn of(app: &AtlasApp) -> Option<Saved> {
        let view = app.map.view?;
        let (lon, lat) = view.center.to_lon_lat();
        Some(Saved {
            center_lon: lon,
            center_lat: lat,
            zoom: view.zoom,
            day: app.state.day.0,
            all_dates: app.state.all_dates,
            hidden_layers: app.state.hidden_layers.clone(),
            selected: app.state.selected.clone(),
            relief: app.state.relief,
            document: app.state.document.clone(),
            names: app.state.names,
            dark: app.state.dark,
            layer_looks: app
                .state
                .layer_looks
                .iter()
                .map(|(id, l)| (id.clone(), l.color.to_array(), l.opacity, l.width))
                .collect(),
        })
    }

    /// Puts the saved state into the app, keeping only what still makes sense with its data.
    pub fn apply(self, app: &mut AtlasApp) -> Result<(), RestoreError> {
        let valid = self.center_lon.is_finite()
            && self.center_lat.is_finite()
            && (-180.0..=180.0).contains(&self.center_lon)
            && (-85.0..=85.0).contains(&self.center_lat)
            && self.zoom.is_finite();
        if !valid {
            return Err(RestoreError::ViewOutOfRange);
        }
        let first = karabakh_time::PartialDate::Year(1000).first_day().0;
        let last = karabakh_time::PartialDate::Year(2999).last_day().0;
        if !(first..=last).contains(&self.day) {
            return Err(RestoreError::DateOutOfRange);
        }
        app.map
            .center_at(self.center_lon, self.center_lat, self.zoom);
        app.state.day = Day(self.day);
        app.state.all_dates = self.all_dates;
        app.state.hidden_layers = self.hidden_layers;
        app.state.selected = self
            .selected
            .into_iter()
            .filter(|id| app.dataset.feature(id).is_some())
            .collect();
        app.state.relief = self.relief;
        app.state.layer_looks = self
            .layer_looks
            .iter()
            .map(|(id, [r, g, b, a], opacity, width)| {
                let color = egui::Color32::from_rgba_premultiplied(*r, *g, *b, *a);
                let look = karabakh_scene::style::LayerLook {
                    color,
                    opacity: opacity.clamp(0.0, 1.0),
                    width: width.clamp(0.5, 6.0),
                };
                (id.clone(), look)
            })
            .collect();
        app.state.names = self.names;
        app.state.dark = self.dark;
        app.state.document = self
            .document
            .filter(|id| app.dataset.document(id).is_some());
        Ok(())
    }
}

pub fn save(app: &AtlasApp, storage: &mut dyn eframe::Storage) {
    if let Some(saved) = Saved::of(app) {
        match serde_json::to_string(&saved) {
            Ok(text) => storage.set_string(KEY, text),
            Err(e) => log::warn!("cannot save the viewer's state: {e}"),
        }
    }
}

/// Restores the saved state from `text`, or keeps the defaults and leaves a notice.
pub fn restore_from(app: &mut AtlasApp, text: Option<String>) {
    let Some(text) = text else { return };
    let result = serde_json::from_str::<Saved>(&text)
        .map_err(RestoreError::from)
        .and_then(|saved| saved.apply(app));
    if let Err(e) = result {
        log::warn!("the saved state could not be read ({e}); starting with defaults");
        app.notices
            .push("The saved view could not be restored; starting with the defaults.".to_owned());
    }
}

pub fn restore(app: &mut AtlasApp, storage: Option<&dyn eframe::Storage>) {
    restore_from(app, storage.and_then(|s| s.get_string(KEY)));
}
