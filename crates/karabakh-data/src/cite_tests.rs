use super::*;
use crate::input::{InputFile, Inputs};
use crate::load::load;
use crate::story::{Chapter, ChapterView};

const POINT: &str = r#"{"type":"Point","coordinates":[46.5,39.5]}"#;

fn feature(id: &str, props: &str) -> String {
    format!(
        r#"{{"type":"Feature","properties":{{"id":"{id}","name":"Name of {id}","accuracy":"published",{props}}},"geometry":{POINT}}}"#
    )
}

/// Two documents (one with every field, one bare) and three events citing them.
fn dataset() -> Dataset {
    let features = [
        feature(
            "war",
            r#""kind":"event","valid_from":"2020-09-27","valid_to":"2020-11-10","source":"AP (1 April 1993); Wikipedia 'War & {peace}'","excerpts":[{"doc":"a","quote":"A war began"},{"doc":"b","quote":"50% of the town"}]"#,
        ),
        feature(
            "ceasefire",
            r#""kind":"event","valid_from":"2020-11-10","valid_to":"2020-11-10","source":"AP (1 April 1993)","excerpts":[{"doc":"a","quote":"it ended"}]"#,
        ),
        feature(
            "later",
            r#""kind":"event","valid_from":"2023-09-19","valid_to":"2023-09-19","source":"Memorial (1992)","excerpts":[{"doc":"b","quote":"50% of the town"}]"#,
        ),
    ];
    let layer = format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    );
    let meta_a = r#"{"title":"A report: {braces} & 100% $ #1 under_score ~ ^ \\ done","date":"2020-11-12","date_stated":true,"outlet":"The Outlet","author":"Ann Author","address":"https://example.org/a?x=1&y={2}"}"#;
    let meta_b = r#"{"title":"Untitled notes","date":"2023-09-25","date_stated":false}"#;
    let d = load(&Inputs {
        layers: vec![InputFile::from_text("geodata/l.geojson", &layer)],
        documents: vec![
            InputFile::from_text("seeds/a.txt", "A war began. Later it ended."),
            InputFile::from_text("seeds/b.txt", "About 50% of the town left."),
        ],
        metas: vec![
            InputFile::from_text("seeds/a.meta.json", meta_a),
            InputFile::from_text("seeds/b.meta.json", meta_b),
        ],
        ..Inputs::default()
    });
    assert!(d.problems.is_empty(), "{:#?}", d.problems);
    d
}

fn ids(references: &[Reference]) -> Vec<&str> {
    references.iter().map(|r| r.id.as_str()).collect()
}

#[test]
fn a_feature_cites_its_documents_with_the_quotes_and_the_sources_it_names() {
    let d = dataset();
    let refs = of_features(&d, &["war".to_owned(), "no-such".to_owned()]);
    assert_eq!(
        ids(&refs),
        [
            "a",
            "b",
            "source-ap-1-april-1993",
            "source-wikipedia-war-peace"
        ]
    );
    let a = &refs[0];
    assert_eq!(a.outlet.as_deref(), Some("The Outlet"));
    assert_eq!(a.url.as_deref(), Some("https://example.org/a?x=1&y={2}"));
    assert_eq!(a.excerpts, ["A war began"]);
    assert_eq!(a.cited_for, ["Name of war"]);
    assert!(refs[1].date_inferred);
    assert_eq!(refs[2].date, Some(PartialDate::Year(1993)));
    assert_eq!(refs[3].date, None);
}

#[test]
fn csl_json_reads_back_as_items_with_id_type_title_and_issued() {
    let d = dataset();
    let refs = of_features(&d, &["war".to_owned(), "ceasefire".to_owned()]);
    let text = CiteFormat::CslJson.write(&refs);
    let items: Vec<Value> = serde_json::from_str(&text).expect("CSL-JSON is JSON");
    assert_eq!(items.len(), refs.len());
    for item in &items {
        for key in ["id", "type", "title", "issued"] {
            assert!(item.get(key).is_some(), "{key} missing in {item}");
        }
    }
    let a = &items[0];
    assert_eq!(a["type"], "article-newspaper");
    assert_eq!(a["container-title"], "The Outlet");
    assert_eq!(a["author"][0]["literal"], "Ann Author");
    assert_eq!(a["issued"]["date-parts"], json!([[2020, 11, 12]]));
    assert_eq!(a["URL"], "https://example.org/a?x=1&y={2}");
    let note = a["note"].as_str().expect("a note");
    assert!(
        note.contains("“A war began”") && note.contains("“it ended”"),
        "{note}"
    );
    assert!(note.contains("Name of war; Name of ceasefire"), "{note}");
    assert_eq!(items[1]["type"], "document");
    assert_eq!(items[1]["issued"]["circa"], true);
    assert_eq!(items[3]["issued"]["literal"], "n.d.");
}

/// The entries' keys, and whether every field's braces balance with escapes taken out.
fn entries(bib: &str) -> Vec<String> {
    let mut depth = 0i32;
    let mut escaped = false;
    for c in bib.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        assert!(depth >= 0, "a '}}' closes nothing in\n{bib}");
    }
    assert_eq!(depth, 0, "unbalanced braces in\n{bib}");
    bib.lines()
        .filter_map(|l| l.strip_prefix('@'))
        .filter_map(|l| l.split_once('{'))
        .map(|(_, key)| key.trim_end_matches(',').to_owned())
        .collect()
}

#[test]
fn bibtex_entries_have_unique_keys_and_escaped_special_characters() {
    let d = dataset();
    let refs = of_features(&d, &["war".to_owned()]);
    let mut twice = refs.clone();
    twice.extend(refs.iter().cloned().map(|mut r| {
        r.id.push_str("-again");
        r
    }));
    let bib = bibtex(&twice);
    let keys = entries(&bib);
    assert_eq!(keys.len(), 8);
    let mut unique = keys.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), keys.len(), "{keys:?}");
    assert_eq!(keys[0], "author2020");
    assert_eq!(keys[4], "author2020b");
    assert!(bib.contains("@article{author2020,"), "{bib}");
    assert!(bib.contains("journal = {The Outlet}"), "{bib}");
    assert!(
        bib.contains(
            r"title = {{A report: \{braces\} \& 100\% \$ \#1 under\_score \textasciitilde{} \textasciicircum{} \textbackslash{} done}}"
        ),
        "{bib}"
    );
    assert!(
        bib.contains("url = {https://example.org/a?x=1&y=%7B2%7D}"),
        "{bib}"
    );
    assert!(
        bib.contains("title = {{Wikipedia 'War \\& \\{peace\\}'}}"),
        "{bib}"
    );
    assert!(bib.contains("@misc{untitled2023,"), "{bib}");
    assert!(bib.contains(r"50\% of the town"), "{bib}");
}

#[test]
fn a_story_cites_its_captions_selections_and_the_events_of_its_days() {
    let d = dataset();
    let chapter = |date: &str, caption: Caption, selection: &[&str]| Chapter {
        title: String::new(),
        date: Day::parse(date).expect("a date"),
        view: ChapterView {
            lat: 39.8,
            lon: 46.7,
            zoom: 8.0,
        },
        layers: Vec::new(),
        selection: selection.iter().map(|s| (*s).to_owned()).collect(),
        caption,
        seconds: 4.0,
    };
    let story = Story {
        title: "Test".to_owned(),
        chapters: vec![
            chapter(
                "2020-11-10",
                Caption::Words {
                    text: "Words".to_owned(),
                    source: Some("Memorial (1992)".to_owned()),
                },
                &[],
            ),
            chapter(
                "2019-01-01",
                Caption::Excerpt {
                    doc: "b".to_owned(),
                    quote: "About 50%".to_owned(),
                },
                &["later"],
            ),
        ],
    };
    let refs = of_story(&d, &story);
    assert_eq!(
        ids(&refs),
        [
            "source-memorial-1992",
            "a",
            "b",
            "source-ap-1-april-1993",
            "source-wikipedia-war-peace"
        ]
    );
    let b = &refs[2];
    assert_eq!(b.excerpts, ["50% of the town", "About 50%"]);
    assert_eq!(
        b.cited_for,
        ["Name of war", "Test, chapter 2", "Name of later"]
    );
    assert_eq!(refs[0].cited_for, ["Test, chapter 1", "Name of later"]);
}

#[test]
fn keys_and_ids_are_made_of_plain_letters() {
    assert_eq!(letters("Wikipedia 'Şuşa' (1992)", 48), "wikipedia-u-a-1992");
    assert_eq!(year_in("NYT (6 April 1993), 12345 and 2150"), Some(1993));
    assert_eq!(year_in("no year"), None);
    assert_eq!(suffix(1), "b");
    assert_eq!(suffix(25), "z");
    assert_eq!(suffix(26), "ba");
    let keys = vec!["x2020".to_owned(), "x2020b".to_owned()];
    assert_eq!(unique_key(&keys, "x2020"), "x2020c");
    assert_eq!(unique_key(&keys, "y2020"), "y2020");
}

#[test]
fn a_source_with_roles_gives_one_reference_per_work_cited_for_its_role() {
    let town = feature(
        "hadrut",
        r#""kind":"checkpoint","source":"position: GeoNames 148105 (Hadrut), CC-BY 4.0; dates: top-center.org; Wikipedia 'Hadrut Province'""#,
    );
    let layer = format!(r#"{{"type":"FeatureCollection","features":[{town}]}}"#);
    let d = load(&Inputs {
        layers: vec![InputFile::from_text("geodata/t.geojson", &layer)],
        ..Inputs::default()
    });
    assert!(d.problems.is_empty(), "{:#?}", d.problems);
    let refs = of_features(&d, &["hadrut".to_owned()]);
    let titles: Vec<&str> = refs.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "GeoNames 148105 (Hadrut), CC-BY 4.0",
            "top-center.org",
            "Wikipedia 'Hadrut Province'"
        ]
    );
    assert_eq!(refs[0].cited_for, ["Name of hadrut (position)"]);
    assert_eq!(refs[1].cited_for, ["Name of hadrut (dates)"]);
    assert_eq!(refs[2].cited_for, ["Name of hadrut (dates)"]);
    assert_eq!(refs[0].id, "source-geonames-148105-hadrut-cc-by-4-0");
}

#[test]
fn only_a_few_plain_words_before_a_colon_are_a_role_and_it_holds_until_the_next() {
    let parts = source_parts(
        "https://example.org/a; Airport position: Wikipedia 'X'; No published coordinates. Placed by its description: here; : bare",
    );
    let roles: Vec<Option<&str>> = parts.iter().map(|p| p.role).collect();
    let held = Some("Airport position");
    assert_eq!(roles, [None, held, held, held]);
    assert_eq!(parts[0].work, "https://example.org/a");
    assert_eq!(parts[1].work, "Wikipedia 'X'");
    assert_eq!(parts[3].work, ": bare");
}

#[test]
fn one_wikipedia_article_is_one_reference_whatever_is_noted_after_its_title() {
    let town = feature(
        "berkadzor",
        r#""kind":"checkpoint","source":"position: Wikipedia \"Berkadzor\" (39°52′34″ N, 46°46′54″ E); dates: Wikipedia 'Berkadzor' (its founding); AP (1 April 1993); AP (4 July 1993); Wikipedia 'Berkadzor fuel depot explosion'""#,
    );
    let layer = format!(r#"{{"type":"FeatureCollection","features":[{town}]}}"#);
    let d = load(&Inputs {
        layers: vec![InputFile::from_text("geodata/t.geojson", &layer)],
        ..Inputs::default()
    });
    assert!(d.problems.is_empty(), "{:#?}", d.problems);
    let refs = of_features(&d, &["berkadzor".to_owned()]);
    let titles: Vec<&str> = refs.iter().map(|r| r.title.as_str()).collect();
    // The article once, under its title; two AP dispatches stay two.
    assert_eq!(
        titles,
        [
            "Wikipedia \"Berkadzor\"",
            "AP (1 April 1993)",
            "AP (4 July 1993)",
            "Wikipedia 'Berkadzor fuel depot explosion'"
        ]
    );
    assert_eq!(
        refs[0].cited_for,
        [
            "Name of berkadzor (position: 39°52′34″ N, 46°46′54″ E)",
            "Name of berkadzor (dates: its founding)"
        ]
    );
    assert_eq!(refs[1].cited_for, ["Name of berkadzor (dates)"]);
    let bib = bibtex(&refs);
    assert_eq!(entries(&bib).len(), 4, "{bib}");
}
