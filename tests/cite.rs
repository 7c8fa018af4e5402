//! `karabakh-atlas cite`: the sources of a feature or a story, as a reference manager reads them.

use std::process::Command;

fn atlas() -> Command {
    Command::new(env!("CARGO_BIN_EXE_karabakh-atlas"))
}

fn stdout_of(args: &[&str]) -> String {
    let out = atlas().args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn a_features_sources_as_csl_json_name_its_document_and_excerpt() {
    let text = stdout_of(&["cite", "--feature", "event-2020-war"]);
    let items: Vec<serde_json::Value> = serde_json::from_str(&text).expect("a JSON array");
    let document = items
        .iter()
        .find(|i| i["id"] == "000_fc013494f2dd923c")
        .expect("the seed document is cited");
    assert_eq!(document["issued"]["date-parts"][0][0], 2023);
    assert!(
        document["note"]
            .as_str()
            .is_some_and(|n| n.contains("In 2020, another war broke out")),
        "{document}"
    );
    assert!(
        items.iter().any(|i| i["title"]
            .as_str()
            .is_some_and(|t| t.contains("Second Nagorno-Karabakh War"))),
        "{text}"
    );
}

#[test]
fn the_builtin_storys_sources_as_bibtex_have_unique_keys() {
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("story.bib");
    let path_text = path.to_str().expect("a UTF-8 path");
    stdout_of(&["cite", "--story", "builtin", "-o", path_text]);
    let bib = std::fs::read_to_string(&path).expect("written");
    let keys: Vec<&str> = bib
        .lines()
        .filter_map(|l| l.strip_prefix('@'))
        .filter_map(|l| l.split_once('{'))
        .map(|(_, key)| key.trim_end_matches(','))
        .collect();
    assert!(keys.len() > 10, "{bib}");
    let mut unique = keys.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), keys.len(), "{keys:?}");
    assert!(
        bib.contains("A brutal war ensued"),
        "a caption's excerpt is cited"
    );
    // Written once; a second time needs --force.
    let again = atlas()
        .args(["cite", "--story", "builtin", "-o", path_text])
        .output()
        .expect("runs");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("give --force"));
}

#[test]
fn cite_refuses_an_unknown_feature_or_format() {
    for (args, message) in [
        (
            &["cite", "--feature", "nope"][..],
            "no feature with id \"nope\"",
        ),
        (
            &["cite", "--feature", "event-2020-war", "--format", "ris"],
            "the formats are csl (CSL-JSON) and bibtex",
        ),
        (&["cite"][..], "--feature"),
    ] {
        let out = atlas().args(args).output().expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

#[test]
fn a_towns_dates_are_cited_beside_its_position() {
    let text = stdout_of(&["cite", "--feature", "town-hadrut"]);
    let items: Vec<serde_json::Value> = serde_json::from_str(&text).expect("a JSON array");
    let titles: Vec<&str> = items.iter().filter_map(|i| i["title"].as_str()).collect();
    assert_eq!(
        titles,
        [
            "GeoNames 148105 (Hadrut), CC-BY 4.0",
            "top-center.org",
            "armenpress.am/eng/news/1031038",
            "Wikipedia 'Hadrut Province'"
        ],
        "{text}"
    );
    let note = |n: usize| items[n]["note"].as_str().unwrap_or_default().to_owned();
    assert!(note(0).contains("Hadrut (position)"), "{}", note(0));
    assert!(note(3).contains("Hadrut (dates)"), "{}", note(3));
    let bib = stdout_of(&["cite", "--feature", "town-hadrut", "--format", "bibtex"]);
    assert_eq!(bib.matches("@misc{").count(), 4, "{bib}");
    assert!(!bib.contains("dates:"), "the role is not in a title: {bib}");
}
