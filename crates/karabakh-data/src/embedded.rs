//! The shipped dossier, compiled in so that the viewer runs anywhere without its folder.
//! `tests/dataset.rs` checks that these lists name every file in `geodata/` and `seeds/`.

use super::input::{InputFile, Inputs};

/// `geodata/*.geojson`, by file name.
pub const LAYERS: &[(&str, &str)] = &[
    (
        "context.geojson",
        include_str!("../../../geodata/context.geojson"),
    ),
    (
        "regions.geojson",
        include_str!("../../../geodata/regions.geojson"),
    ),
    (
        "corridor.geojson",
        include_str!("../../../geodata/corridor.geojson"),
    ),
    (
        "peacekeepers.geojson",
        include_str!("../../../geodata/peacekeepers.geojson"),
    ),
    (
        "towns.geojson",
        include_str!("../../../geodata/towns.geojson"),
    ),
    (
        "control.geojson",
        include_str!("../../../geodata/control.geojson"),
    ),
    (
        "events.geojson",
        include_str!("../../../geodata/events.geojson"),
    ),
];

/// `seeds/*`: document texts and their metadata, by file name.
pub const SEEDS: &[(&str, &str)] = &[
    (
        "000_fc013494f2dd923c.txt",
        include_str!("../../../seeds/000_fc013494f2dd923c.txt"),
    ),
    (
        "000_fc013494f2dd923c.meta.json",
        include_str!("../../../seeds/000_fc013494f2dd923c.meta.json"),
    ),
];

/// `stories/karabakh-1988-2024.json`: the story the atlas ships (see [`crate::story::builtin`]).
pub const BUILTIN_STORY: &str = include_str!("../../../stories/karabakh-1988-2024.json");

/// `geodata/SOURCES.md`: where the layers come from, and the licences of the raw sources.
pub const SOURCES: &str = include_str!("../../../geodata/SOURCES.md");

pub fn inputs() -> Inputs {
    let mut inputs = Inputs::default();
    for (name, text) in LAYERS {
        inputs
            .layers
            .push(InputFile::from_text(&format!("geodata/{name}"), text));
    }
    for (name, text) in SEEDS {
        let file = InputFile::from_text(&format!("seeds/{name}"), text);
        if name.ends_with(".meta.json") {
            inputs.metas.push(file);
        } else {
            inputs.documents.push(file);
        }
    }
    inputs
}

/// The day the viewer opens on: the disarmament agreement, when every layer has something on
/// the map (the peacekeepers' area still stands, the checkpoint and the new road exist).
pub fn opening_day() -> karabakh_time::Day {
    karabakh_time::PartialDate::Day(2023, 9, 20).first_day()
}
