//! The mentions finder measured: on the dossier's own seed it finds every place the seed names
//! and no other; on a small set of texts written for the test (tests/fixture/mentions/, each
//! annotated by hand with the places it names) its precision and recall stay above a floor.
//! Run with `--nocapture` to see the counts the README reports.

use std::collections::BTreeSet;
use std::path::Path;

use karabakh_atlas::data::mentions::{Gazetteer, Mention};
use karabakh_atlas::data::{self, Dataset};
use karabakh_atlas::time::PartialDate;

fn dataset() -> Dataset {
    data::load_embedded()
}

#[test]
fn the_seed_yields_every_place_it_names_and_no_other() {
    let dataset = dataset();
    let gazetteer = Gazetteer::new(&dataset).expect("the names build a matcher");
    let doc = dataset
        .documents
        .iter()
        .find(|d| d.id == "000_fc013494f2dd923c")
        .expect("the seed is in the dossier");
    let found = gazetteer.find(&doc.text, doc.meta.parsed_date());
    assert!(found.iter().all(|m| !m.is_ambiguous()), "{found:#?}");
    let ids: BTreeSet<&str> = found
        .iter()
        .filter_map(|m| m.place().map(|c| c.id.as_str()))
        .collect();
    // Nagorno-Karabakh, Armenia, Azerbaijan and the Lachin Corridor (the road of September
    // 2023). Russia and the Soviet Union are states the map does not draw.
    let expected: BTreeSet<&str> =
        ["nkao", "armenia", "azerbaijan", "lachin-corridor-new-road"].into();
    assert_eq!(ids, expected, "{found:#?}");
    // Every time the seed writes one of their names.
    let count = |words: &str| found.iter().filter(|m| m.words == words).count();
    assert_eq!(
        count("Nagorno-Karabakh"),
        doc.text.matches("Nagorno-Karabakh").count()
    );
    assert_eq!(
        count("Azerbaijan"),
        doc.text.matches("Azerbaijan").count() - 1
    );
    assert_eq!(count("Lachin Corridor"), 1);
}

/// Hand annotation: the (words, place) the text names, in order.
fn expected(path: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).expect("annotation readable");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
        .map(|(w, id)| (w.to_owned(), id.to_owned()))
        .collect()
}

/// How the finder did on the test texts.
#[derive(Debug, Default)]
struct Score {
    texts: usize,
    /// Places annotated.
    annotated: usize,
    /// Found and linked to the annotated place.
    right: usize,
    /// Linked to a place not annotated there.
    wrong: usize,
    /// Reported ambiguous with the annotated place among the candidates (not linked).
    ambiguous: usize,
}

impl Score {
    fn precision(&self) -> f64 {
        self.right as f64 / (self.right + self.wrong).max(1) as f64
    }

    fn recall(&self) -> f64 {
        self.right as f64 / self.annotated.max(1) as f64
    }

    fn add(&mut self, found: &[Mention], mut expected: Vec<(String, String)>, name: &str) {
        self.texts += 1;
        self.annotated += expected.len();
        for mention in found {
            let at = expected.iter().position(|(words, id)| {
                *words == mention.words && mention.candidates.iter().any(|c| c.id == *id)
            });
            match (at, mention.is_ambiguous()) {
                (Some(at), false) => {
                    self.right += 1;
                    expected.remove(at);
                }
                (Some(at), true) => {
                    self.ambiguous += 1;
                    expected.remove(at);
                }
                (None, _) => {
                    eprintln!(
                        "{name}: not annotated: {:?} → {:?}",
                        mention.words, mention.candidates
                    );
                    self.wrong += 1;
                }
            }
        }
        for (words, id) in expected {
            eprintln!("{name}: missed: {words:?} ({id})");
        }
    }
}

#[test]
fn the_test_texts_precision_and_recall() {
    let dataset = dataset();
    let gazetteer = Gazetteer::new(&dataset).expect("the names build a matcher");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixture/mentions");
    let mut texts: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixture folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    texts.sort();
    let mut score = Score::default();
    for path in &texts {
        let text = std::fs::read_to_string(path).expect("text readable");
        let meta = std::fs::read_to_string(path.with_extension("meta.json")).expect("meta");
        let meta: data::DocumentMeta = serde_json::from_str(&meta).expect("meta parses");
        let date = meta
            .date
            .as_deref()
            .and_then(|d| PartialDate::parse(d).ok());
        let found = gazetteer.find(&text, date);
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        score.add(&found, expected(&path.with_extension("expected")), name);
    }
    eprintln!(
        "mentions on {} test texts: {} places annotated; {} linked right, {} wrong, {} ambiguous \
         (the right place among the candidates), {} missed; precision {:.2}, recall {:.2}",
        score.texts,
        score.annotated,
        score.right,
        score.wrong,
        score.ambiguous,
        score.annotated - score.right - score.ambiguous,
        score.precision(),
        score.recall()
    );
    assert_eq!(score.texts, 6, "{score:?}");
    assert!(score.annotated >= 45, "{score:?}");
    assert!(score.precision() >= 0.95, "{score:?}");
    assert!(score.recall() >= 0.85, "{score:?}");
}

fn atlas() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_karabakh-atlas"))
}

#[test]
fn the_command_lists_places_offsets_sentences_and_dates() {
    let text = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixture/mentions/03_hakari_checkpoint.txt");
    let out = atlas().arg("mentions").arg(&text).output().expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    // The date comes from the meta.json beside the text: "on Sunday" is 23 April 2023.
    assert!(stdout.contains("(document date: 2023-04-24)"), "{stdout}");
    assert!(
        stdout.contains("\"Hakari bridge\"\thakari-checkpoint\tdate 2023-04-23 (\"Sunday\")"),
        "{stdout}"
    );
    let out = atlas()
        .args(["mentions", "--json", "--date", "2023-09-30"])
        .arg(&text)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let records: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let records = records.as_array().expect("an array");
    let source = std::fs::read_to_string(&text).expect("readable");
    let baku = records
        .iter()
        .find(|r| r["feature"] == "town-baku")
        .expect("Baku found");
    let (start, end) = (baku["start"].as_u64(), baku["end"].as_u64());
    let (Some(start), Some(end)) = (start, end) else {
        panic!("{baku}");
    };
    assert_eq!(&source[start as usize..end as usize], "Baku");
    assert!(
        baku["sentence"]
            .as_str()
            .is_some_and(|s| s.starts_with("Officials in Baku"))
    );
}

#[test]
fn a_text_that_is_not_utf8_is_refused_with_the_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("latin1.txt");
    std::fs::write(&path, b"Stepanakert \xe9t\xe9").expect("written");
    let out = atlas().arg("mentions").arg(&path).output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("latin1.txt"), "{stderr}");
    assert!(
        stderr.contains("not UTF-8 text (invalid byte at offset 12)"),
        "{stderr}"
    );
    let out = atlas()
        .arg("mentions")
        .arg(dir.path().join("missing.txt"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.txt"));
}
