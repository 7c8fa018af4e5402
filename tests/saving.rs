//! A dossier the atlas saved passes `check`: the built-in one with edits (a drawn area, a
//! deleted town, a new link) saved to a folder, then checked by the command line.

use karabakh_atlas::data::edit::{Edit, FeatureFields, History, NewFeature};
use karabakh_atlas::data::save::{SaveOptions, save};
use karabakh_atlas::data::{self, Accuracy, Kind};

#[test]
fn check_passes_on_a_folder_the_atlas_saved() {
    let mut dataset = data::load_embedded();
    let mut history = History::default();
    let armenia = dataset.feature("armenia").expect("Armenia").clone();
    let area = NewFeature {
        id: "drawn-area-1".into(),
        layer: "drawn".into(),
        fields: FeatureFields {
            kind: Kind::Area,
            name: "An area".into(),
            accuracy: Accuracy::Approximate {
                reason: "drawn by hand".into(),
            },
            source: "drawn in the atlas".into(),
            country: None,
            control: None,
            ..FeatureFields::of(&armenia)
        },
        geometry: geo::Geometry::Polygon(geo::Polygon::new(
            vec![(45.0, 40.0), (45.1, 40.0), (45.1, 40.1)].into(),
            Vec::new(),
        )),
    };
    history
        .apply(&mut dataset, Edit::AddFeature(Box::new(area)))
        .expect("a valid area");
    history
        .apply(
            &mut dataset,
            Edit::DeleteFeature {
                id: "town-shusha".into(),
            },
        )
        .expect("deleted");
    let doc = dataset.documents[0].id.clone();
    history
        .apply(
            &mut dataset,
            Edit::LinkExcerpt {
                feature: "drawn-area-1".into(),
                doc,
                quote: "The first evacuees arrived in Armenia on Sunday afternoon".into(),
            },
        )
        .expect("linked");
    let folder = tempfile::tempdir().expect("temp");
    let options = SaveOptions {
        create: true,
        overwrite: false,
    };
    save(&dataset, folder.path(), options).expect("saved");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_karabakh-atlas"))
        .args(["check", "--data"])
        .arg(folder.path())
        .output()
        .expect("runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{report}");
    assert!(report.contains("Result: OK"), "{report}");
    assert!(
        report.contains("drawn-area-1"),
        "the new link is listed: {report}"
    );
}
