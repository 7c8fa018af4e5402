//! A dossier the atlas saved passes `check`: the built-in one with edits (a drawn area, a
//! deleted town, a new link) saved to a folder, then checked by the command line. The
//! suggested links reviewed are saved with it and read back; `check` counts those never
//! reviewed, as a warning.

mod common;

use common::check;
use karabakh_atlas::data::edit::{Edit, FeatureFields, History, NewFeature};
use karabakh_atlas::data::mentions::Gazetteer;
use karabakh_atlas::data::review::{REVIEWS_FILE, Reviews, Verdict};
use karabakh_atlas::data::save::{SaveError, SaveOptions, save};
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
                at: None,
            },
        )
        .expect("linked");
    let folder = tempfile::tempdir().expect("temp");
    let options = SaveOptions {
        create: true,
        overwrite: false,
    };
    save(&dataset, &Reviews::default(), folder.path(), options).expect("saved");
    let (ok, report) = check(folder.path());
    assert!(ok, "{report}");
    assert!(report.contains("Result: OK"), "{report}");
    assert!(
        report.contains("drawn-area-1"),
        "the new link is listed: {report}"
    );
}

/// The count `check` gives for the built-in seed's suggestions never reviewed.
fn unreviewed_count(report: &str) -> Option<usize> {
    let line = report
        .lines()
        .find(|l| l.contains("suggested link(s) never reviewed"))?;
    line.trim()
        .strip_prefix("warning: ")?
        .split(' ')
        .next()?
        .parse()
        .ok()
}

#[test]
fn reviews_are_saved_with_the_dossier_and_check_counts_the_rest() {
    let dataset = data::load_embedded();
    let doc = dataset.documents[0].clone();
    let found = Gazetteer::new(&dataset)
        .expect("gazetteer")
        .find(&doc.text, doc.meta.parsed_date());
    let mut reviews = Reviews::default();
    let open: Vec<_> = found
        .iter()
        .filter(|m| reviews.is_open(&dataset, &doc.id, m))
        .collect();
    assert!(open.len() >= 2, "{open:#?}");
    let place = |m: &data::mentions::Mention| m.candidates[0].id.clone();
    reviews.set(&doc.id, open[0], &place(open[0]), Verdict::Rejected);
    reviews.set(&doc.id, open[1], &place(open[1]), Verdict::Accepted);
    let folder = tempfile::tempdir().expect("temp");
    let options = SaveOptions {
        create: true,
        overwrite: false,
    };
    save(&dataset, &reviews, folder.path(), options).expect("saved");

    // Read back with the folder: the rejected one stays rejected.
    let reopened = data::load_dir(folder.path());
    assert!(reopened.problems.is_empty(), "{:#?}", reopened.problems);
    let loaded = Reviews::of_dossier(&reopened).expect("reviews read");
    assert_eq!(loaded, reviews);
    assert_eq!(
        loaded.verdict(&doc.id, open[0], &place(open[0])),
        Some(Verdict::Rejected)
    );

    // `check` passes, and counts the two reviewed fewer than on the built-in dossier.
    let (ok, report) = check(folder.path());
    assert!(ok, "{report}");
    assert!(report.contains("Result: OK"), "{report}");
    assert_eq!(unreviewed_count(&report), Some(open.len() - 2), "{report}");
    assert!(report.contains("Accept or Reject"), "says how: {report}");

    // The reviews file edited on disk since it was read is not overwritten without asking.
    let path = folder.path().join(REVIEWS_FILE);
    let theirs = std::fs::read_to_string(&path)
        .expect("written")
        .replace("rejected", "accepted");
    std::fs::write(&path, &theirs).expect("edited");
    let mut more = loaded.clone();
    more.set(&doc.id, open[2], &place(open[2]), Verdict::Rejected);
    let e = save(&reopened, &more, folder.path(), SaveOptions::default()).expect_err("asks");
    assert!(
        matches!(&e, SaveError::ChangedOnDisk { files } if files == &[REVIEWS_FILE]),
        "{e}"
    );
    assert_eq!(std::fs::read_to_string(&path).expect("read"), theirs);
}

#[test]
fn a_broken_reviews_file_fails_check_with_its_name() {
    let folder = tempfile::tempdir().expect("temp");
    let options = SaveOptions {
        create: true,
        overwrite: false,
    };
    save(
        &data::load_embedded(),
        &Reviews::default(),
        folder.path(),
        options,
    )
    .expect("saved");
    assert!(
        !folder.path().join(REVIEWS_FILE).exists(),
        "no reviews, no file"
    );
    std::fs::write(folder.path().join(REVIEWS_FILE), "{\"reviews\": 3}").expect("written");
    let (ok, report) = check(folder.path());
    assert!(!ok, "{report}");
    assert!(
        report.contains("reviews.json: not a reviews file"),
        "{report}"
    );
}
