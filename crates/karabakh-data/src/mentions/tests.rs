use std::sync::OnceLock;

use super::*;

fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER
        .get_or_init(|| Gazetteer::new(&crate::load_embedded()).unwrap_or_else(|e| panic!("{e}")))
}

fn date(text: &str) -> Option<PartialDate> {
    PartialDate::parse(text).ok()
}

/// (words, the ids of their candidates) of each mention.
fn found(text: &str) -> Vec<(String, Vec<String>)> {
    gazetteer()
        .find(text, date("2023-09-25"))
        .into_iter()
        .map(|m| {
            assert_eq!(&text[m.span.clone()], m.words, "offsets point at the words");
            (m.words, m.candidates.into_iter().map(|c| c.id).collect())
        })
        .collect()
}

fn ids(text: &str) -> Vec<String> {
    found(text)
        .into_iter()
        .map(|(_, ids)| ids.join("|"))
        .collect()
}

#[test]
fn every_usage_and_script_of_a_town_is_found() {
    for text in [
        "Buses left Stepanakert.",
        "Buses left Khankendi.",
        "Buses left Khankandi.",
        "Avtobuslar Xankəndidən getdi.",
        "Xankəndidə",
        "Ավտոբուսները Ստեփանակերտից մեկնեցին",
        "в Степанакерте",
        "STEPANAKERT'S streets",
        "Stepanakert’s streets",
    ] {
        assert_eq!(ids(text), vec!["town-stepanakert"], "{text}");
    }
    assert_eq!(ids("Shushi and Shusha, Şuşa, Шуше"), vec!["town-shusha"; 4]);
    assert_eq!(
        ids("Lachin, Berdzor, Laçın, Лачине"),
        vec!["town-lachin"; 4]
    );
}

#[test]
fn the_region_its_names_and_the_countries() {
    assert_eq!(
        ids("ethnic Armenians of Nagorno-Karabakh, or Artsakh, left for Armenia"),
        vec!["nkao", "nkao", "armenia"]
    );
    // The people, the adjective: not the country.
    assert!(ids("Armenian and Azerbaijani officials").is_empty());
    assert_eq!(ids("Нагорный Карабах, Արցախից"), vec!["nkao", "nkao"]);
}

#[test]
fn the_corridor_is_the_road_of_the_sentences_date() {
    // The document's date, 25 September 2023: the new road through Kornidzor.
    assert_eq!(
        ids("peacekeepers guard the Lachin Corridor"),
        vec!["lachin-corridor-new-road"]
    );
    assert_eq!(
        ids("In 2021 the Lachin corridor ran through Berdzor."),
        vec!["lachin-corridor-old-road", "town-lachin"]
    );
    assert_eq!(
        ids("the Hakari bridge and Kornidzor, near Goris"),
        vec!["hakari-checkpoint", "town-kornidzor", "town-goris"]
    );
}

#[test]
fn a_name_of_two_places_is_ambiguous_with_both() {
    let mentions = gazetteer().find("Shelling near Martuni", date("2023-09-25"));
    let [martuni] = mentions.as_slice() else {
        panic!("one mention expected: {mentions:?}");
    };
    assert!(martuni.is_ambiguous());
    let ids: Vec<&str> = martuni.candidates.iter().map(|c| c.id.as_str()).collect();
    assert!(ids.contains(&"town-martuni"), "{ids:?}");
    assert!(ids.iter().any(|id| id.starts_with("geonames:")), "{ids:?}");
    assert!(martuni.place().is_none());
}

#[test]
fn words_that_are_places_only_sometimes_need_strong_evidence() {
    // GeoNames has a Vank, a Rind and a Sus; these are not them.
    assert!(ids("the monastery (vank) and a lemon rind").is_empty());
    assert!(ids("Vank Monastery is a word; Rind too").is_empty());
    assert!(ids("that looks sus").is_empty());
    assert_eq!(ids("in the village of Vank"), vec!["geonames:584747"]);
    assert_eq!(ids("families from Sus"), vec!["town-sus"]);
    // A basemap town without a feature of its own is found, written with its capital.
    assert_eq!(ids("buses reached Sisian"), vec!["geonames:174763"]);
    assert!(ids("sisian").is_empty());
}

#[test]
fn a_mention_carries_its_sentence_and_the_date_read() {
    let text = "Goris, 2 October.\nOn 29 September buses left Stepanakert. Sunday night was quiet.";
    let mentions = gazetteer().find(text, date("2023-10-02"));
    let stepanakert = mentions
        .iter()
        .find(|m| m.words == "Stepanakert")
        .unwrap_or_else(|| panic!("{mentions:?}"));
    assert_eq!(
        &text[stepanakert.sentence.clone()],
        "On 29 September buses left Stepanakert."
    );
    let read = stepanakert.date.as_ref().map(|d| d.date);
    assert_eq!(read, date("2023-09-29"));
    let goris = &mentions[0];
    assert_eq!(goris.words, "Goris");
    assert_eq!(goris.date.as_ref().map(|d| d.date), date("2023-10-02"));
}

#[test]
fn nothing_in_a_text_without_places() {
    assert!(ids("").is_empty());
    assert!(ids("The weather was fine and the talks went on.").is_empty());
    assert!(gazetteer().len() > 400, "{}", gazetteer().len());
}
