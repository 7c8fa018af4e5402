//! What a careful reader of a disputed map expects: names in either usage and script, a
//! ruler, sizes of lines and areas, the shortcuts listed, and fonts that cover every name.

mod common;

use egui_kittest::kittest::Queryable;
use geo::{Distance, Geodesic, Point};
use karabakh_atlas::data;

fn stepanakert_label(harness: &egui_kittest::Harness<'_, karabakh_atlas::ui::AtlasApp>) -> String {
    let app = harness.state();
    let index = app
        .dataset
        .features
        .iter()
        .position(|f| f.id == "town-stepanakert")
        .expect("town");
    let scene = app.map.scene().expect("scene");
    scene
        .labels
        .iter()
        .find(|l| l.feature == Some(index))
        .map(|l| l.text.clone())
        .expect("Stepanakert is labelled")
}

#[test]
fn the_name_setting_changes_how_stepanakert_reads_on_the_map() {
    let mut harness = common::harness();
    // The default follows who held the town that day (tests/ui.rs); this is the fixed orders.
    harness.get_by_label("Both usages (as written)").click();
    harness.run();
    assert_eq!(stepanakert_label(&harness), "Stepanakert / Khankendi");
    // The legend scrolls: bring the setting into view before clicking it, as a user would.
    harness
        .get_by_label("Azerbaijani usage first")
        .scroll_to_me();
    harness.run();
    harness.get_by_label("Azerbaijani usage first").click();
    harness.run();
    assert_eq!(stepanakert_label(&harness), "Khankendi / Stepanakert");
    // The setting sits at the foot of the legend panel, which scrolls.
    harness
        .get_by_label("Native scripts (Ստեփանակերտ / Xankəndi)")
        .scroll_to_me();
    harness.run();
    harness
        .get_by_label("Native scripts (Ստեփանակերտ / Xankəndi)")
        .click();
    harness.run();
    assert_eq!(stepanakert_label(&harness), "Xankəndi / Ստեփանակերտ");
    harness.get_by_label("Armenian usage first").click();
    harness.run();
    assert_eq!(stepanakert_label(&harness), "Ստեփանակերտ / Xankəndi");
}

#[test]
fn the_ruler_measures_goris_to_stepanakert_geodesically() {
    let mut harness = common::harness();
    harness.key_press(egui::Key::M);
    harness.run();
    assert!(harness.state().state.ruler.is_some());
    let (goris, stepanakert) = (
        common::marker_of(&harness, "town-goris"),
        common::marker_of(&harness, "town-stepanakert"),
    );
    common::click_at(&mut harness, goris);
    common::click_at(&mut harness, stepanakert);
    assert_eq!(
        harness.state().state.selected,
        Vec::<String>::new(),
        "measuring does not select"
    );
    let points = harness.state().state.ruler.clone().expect("measuring");
    assert_eq!(points.len(), 2);
    let km: f64 = karabakh_atlas::scene::measure::ruler_legs(&points)
        .iter()
        .sum();
    // The window shows that figure.
    harness.get_by_label(&format!(
        "Total: {}",
        karabakh_atlas::scene::measure::format_km(km)
    ));
    let truth =
        Geodesic.distance(Point::new(46.34168, 39.51111), Point::new(46.7528, 39.8177)) / 1000.0;
    assert!(
        (km - truth).abs() / truth < 0.02,
        "ruler {km} km, geodesic {truth:.1} km"
    );
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(harness.state().state.ruler.is_none());
}

#[test]
fn the_help_overlay_opens_with_the_question_mark() {
    let mut harness = common::harness();
    assert!(harness.query_by_label("Keyboard shortcuts").is_none());
    harness.key_press(egui::Key::Questionmark);
    harness.run();
    harness.get_by_label("Keyboard shortcuts");
    harness.get_by_label("presentation mode");
    harness.key_press(egui::Key::F1);
    harness.run();
    assert!(harness.query_by_label("Keyboard shortcuts").is_none());
}

#[test]
fn details_give_the_size_of_areas_and_the_length_of_lines() {
    let d = data::load_embedded();
    let nkao =
        karabakh_atlas::ui::details::measure(d.feature("nkao").expect("nkao")).expect("an area");
    assert_eq!(nkao, "area 4,282 km²");
    let road =
        karabakh_atlas::ui::details::measure(d.feature("lachin-corridor-new-road").expect("road"))
            .expect("a line");
    assert!(
        road.starts_with("length ") && road.ends_with(" km"),
        "{road}"
    );
    assert!(karabakh_atlas::ui::details::measure(d.feature("town-goris").expect("town")).is_none());
}

#[test]
fn the_bundled_fonts_have_a_glyph_for_every_character_of_the_names_and_documents() {
    let fonts = [
        include_bytes!("../assets/fonts/NotoSans-Regular.ttf").as_slice(),
        include_bytes!("../assets/fonts/NotoSansArmenian-Regular.ttf").as_slice(),
    ];
    let faces: Vec<ttf_parser::Face<'_>> = fonts
        .iter()
        .map(|f| ttf_parser::Face::parse(f, 0).expect("a font"))
        .collect();
    let d = data::load_embedded();
    let mut text = String::new();
    for f in &d.features {
        for name in f.names.all() {
            text.push_str(name);
        }
    }
    for doc in &d.documents {
        text.push_str(&doc.text);
        text.push_str(&doc.meta.title);
    }
    let missing: Vec<char> = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .filter(|&c| faces.iter().all(|face| face.glyph_index(c).is_none()))
        .collect();
    assert!(missing.is_empty(), "no glyph for {missing:?}");
    // Exports use DejaVu Sans alone (resvg does not fall back between fonts within a name).
    let dejavu = ttf_parser::Face::parse(include_bytes!("../assets/fonts/DejaVuSans.ttf"), 0)
        .expect("a font");
    let missing: Vec<char> = text
        .chars()
        .filter(|c| !c.is_whitespace() && dejavu.glyph_index(*c).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "DejaVu Sans has no glyph for {missing:?}"
    );
    assert!(
        text.contains('Ս') && text.contains('ə'),
        "Armenian script and Azerbaijani Latin are both there"
    );
}

#[test]
fn the_dark_theme_darkens_the_map_but_exports_stay_light() {
    let mut harness = common::harness();
    let light = harness.state().map.scene().expect("scene").background;
    // The theme sits at the foot of the legend panel, which scrolls.
    harness.get_by_label("Dark").scroll_to_me();
    harness.run();
    harness.get_by_label("Dark").click();
    harness.run();
    let dark = harness.state().map.scene().expect("scene").background;
    assert_eq!(dark, karabakh_atlas::scene::style::DARK.sea);
    assert_ne!(light, dark);
    // A town's label (the day's events have their own red).
    let app = harness.state();
    let town_label = app
        .map
        .scene()
        .expect("scene")
        .labels
        .iter()
        .find(|l| {
            l.feature
                .and_then(|i| app.dataset.features.get(i))
                .is_some_and(|f| f.kind == karabakh_atlas::data::Kind::Town)
        })
        .map(|l| l.color)
        .expect("a town is labelled");
    assert_eq!(town_label.r(), karabakh_atlas::scene::style::DARK.label.r());
    let picture = harness.state().picture().expect("a view");
    assert!(
        !picture.inputs.dark,
        "exports use the light theme, for projectors"
    );
}

#[test]
fn both_usages_means_the_name_as_the_data_writes_it() {
    use karabakh_atlas::data::{NameOrder, NameStyle};
    let d = data::load_embedded();
    let checkpoint = &d.feature("hakari-checkpoint").expect("checkpoint").names;
    assert_eq!(
        checkpoint.shown(NameStyle::default()),
        "Azerbaijani checkpoint at the Hakari bridge"
    );
    let goris = &d.feature("town-goris").expect("town").names;
    assert_eq!(
        goris.shown(NameStyle {
            order: NameOrder::AzerbaijaniFirst,
            native: false
        }),
        "Goris"
    );
    assert_eq!(
        goris.shown(NameStyle {
            order: NameOrder::Both,
            native: true
        }),
        "Գորիս / Gorus"
    );
}
