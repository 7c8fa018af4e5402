//! Integrity of the shipped Karabakh dossier: it loads clean, every seed paragraph is linked,
//! geometry matches its sources, and every layer is embedded and documented.

use std::collections::BTreeSet;

use geo::{Distance, GeodesicArea, Haversine, Point};
use karabakh_atlas::data::{self, Dataset, Kind, embedded};
use karabakh_atlas::time::Day;

fn dataset() -> Dataset {
    data::load_embedded()
}

#[test]
fn the_shipped_dossier_loads_without_problems() {
    let d = dataset();
    assert!(d.problems.is_empty(), "problems: {:#?}", d.problems);
    assert_eq!(d.layers.len(), embedded::LAYERS.len());
    assert!(d.features.len() >= 50, "{} features", d.features.len());
}

#[test]
fn the_embedded_copy_is_the_folder_on_disk() {
    let root = env!("CARGO_MANIFEST_DIR");
    let on_disk = data::load_dir(std::path::Path::new(root));
    assert!(on_disk.problems.is_empty(), "{:#?}", on_disk.problems);
    let listed = |dir: &str, keep: fn(&str) -> bool| -> BTreeSet<String> {
        std::fs::read_dir(format!("{root}/{dir}"))
            .expect("folder exists")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| keep(n))
            .collect()
    };
    let layers = listed("geodata", |n| n.ends_with(".geojson"));
    let embedded_layers: BTreeSet<String> = embedded::LAYERS
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    assert_eq!(
        layers, embedded_layers,
        "every geodata/*.geojson must be listed in src/data/embedded.rs"
    );
    let seeds = listed("seeds", |n| {
        n.ends_with(".txt") || n.ends_with(".md") || n.ends_with(".meta.json")
    });
    let embedded_seeds: BTreeSet<String> =
        embedded::SEEDS.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(
        seeds, embedded_seeds,
        "every seeds/ file must be listed in src/data/embedded.rs"
    );
    for (name, text) in embedded::LAYERS {
        let disk = std::fs::read_to_string(format!("{root}/geodata/{name}")).expect("readable");
        assert_eq!(&disk, text);
    }
}

#[test]
fn every_seed_paragraph_is_linked_and_every_document_has_metadata() {
    let d = dataset();
    assert!(!d.documents.is_empty());
    for doc in &d.documents {
        assert_ne!(doc.meta.title, doc.id, "{} has no metadata title", doc.id);
        assert!(doc.meta.date.is_some(), "{} has no date", doc.id);
        assert!(
            doc.meta.date_note.is_some() || doc.meta.date_stated,
            "{}: say how the date is known",
            doc.id
        );
        let linked = d.linked_paragraphs(doc);
        assert_eq!(linked.len(), 6, "the seed has six paragraphs");
        for (i, l) in linked.iter().enumerate() {
            assert!(l, "{} paragraph {} is not linked", doc.id, i + 1);
        }
    }
}

#[test]
fn every_quote_is_verbatim_in_its_document() {
    let d = dataset();
    for feature in &d.features {
        for link in &feature.excerpts {
            let doc = d
                .document(&link.doc)
                .expect("resolved links name loaded documents");
            assert_eq!(&doc.text[link.span.clone()], link.quote, "{}", feature.id);
        }
    }
}

#[test]
fn the_seed_is_the_shared_original_byte_for_byte() {
    // The hash the file is named after is not a content hash we can recompute, so pin size and ends.
    let (_, text) = embedded::SEEDS
        .iter()
        .find(|(n, _)| n.ends_with(".txt"))
        .expect("a seed text");
    assert_eq!(text.len(), 2455, "bytes");
    assert_eq!(text.chars().count(), 2447);
    assert!(text.starts_with("Amidst a rapid offensive by Azerbaijan"));
    assert!(text.ends_with("Muslim Azerbaijanis in the region uncertain."));
}

#[test]
fn the_nkao_has_its_official_size() {
    let d = dataset();
    let nkao = d.feature("nkao").expect("nkao");
    let km2 = nkao.geometry.geodesic_area_unsigned() / 1e6;
    assert!((4100.0..=4500.0).contains(&km2), "NKAO area {km2:.0} km²");
}

/// Splits a CSV line, honouring double-quoted fields.
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            _ => fields.last_mut().expect("never empty").push(c),
        }
    }
    fields
}

/// (geonameid, lat, lon) from the committed GeoNames extract.
fn geonames_positions() -> Vec<(u64, f64, f64)> {
    let csv = include_str!("../assets/geonames_key_places.csv");
    csv.lines()
        .skip(1)
        .map(|line| {
            let f = csv_fields(line);
            let num = |i: usize| {
                f.get(i)
                    .unwrap_or_else(|| panic!("short line {line}"))
                    .clone()
            };
            (
                num(2).parse().expect("id"),
                num(3).parse().expect("lat"),
                num(4).parse().expect("lon"),
            )
        })
        .collect()
}

#[test]
fn every_town_is_within_2_km_of_its_geonames_position() {
    let d = dataset();
    let gn = geonames_positions();
    assert!(gn.len() >= 20);
    let towns: Vec<_> = d.features.iter().filter(|f| f.kind == Kind::Town).collect();
    let mut checked = 0;
    for town in &towns {
        let geo::Geometry::Point(p) = town.geometry else {
            panic!("{} is not a point", town.id)
        };
        let Some(id) = town.extra.get("geonameid") else {
            assert!(
                !town.source.contains("GeoNames"),
                "{} cites GeoNames without an id",
                town.id
            );
            continue;
        };
        let id: u64 = id.parse().expect("numeric geonameid");
        let &(_, lat, lon) = gn
            .iter()
            .find(|(g, _, _)| *g == id)
            .expect("geonameid in the GeoNames extract");
        let km = Haversine.distance(p, Point::new(lon, lat)) / 1000.0;
        assert!(km <= 2.0, "{} is {km:.2} km from GeoNames", town.id);
        checked += 1;
    }
    for required in [
        "town-stepanakert",
        "town-shusha",
        "town-lachin",
        "town-goris",
        "town-kornidzor",
        "town-martakert",
        "town-askeran",
        "town-martuni",
        "town-hadrut",
        "town-kalbajar",
        "town-agdam",
        "town-khojaly",
        "town-yerevan",
        "town-baku",
        "town-ganja",
    ] {
        assert!(d.feature(required).is_some(), "missing {required}");
    }
    assert!(checked >= 20, "{checked} towns checked");
}

#[test]
fn disputed_names_come_in_both_usages() {
    let d = dataset();
    for (id, a, b) in [
        ("town-stepanakert", "Stepanakert", "Khankendi"),
        ("town-shusha", "Shushi", "Shusha"),
        ("town-lachin", "Berdzor", "Lachin"),
        ("town-martakert", "Martakert", "Aghdara"),
        ("town-martuni", "Martuni", "Khojavend"),
        ("town-kalbajar", "Karvachar", "Kalbajar"),
    ] {
        let f = d.feature(id).expect(id);
        assert!(
            f.names.display.contains(a) && f.names.display.contains(b),
            "{id}: {}",
            f.names.display
        );
        assert_eq!(f.names.hy().map(String::as_str), Some(a));
        assert_eq!(f.names.az().map(String::as_str), Some(b));
    }
}

#[test]
fn the_required_features_are_there_with_their_dates() {
    let d = dataset();
    let day = |s: &str| Day::parse(s).expect("test date");
    let visible = |id: &str, on: &str| {
        d.feature(id)
            .unwrap_or_else(|| panic!("missing {id}"))
            .visible_on(day(on))
    };
    for id in [
        "armenia",
        "azerbaijan",
        "lake-sevan",
        "river-aras",
        "river-kura",
    ] {
        assert!(visible(id, "2000-01-01"), "{id}");
    }
    assert!(
        visible("nkao", "1923-07-07")
            && visible("nkao", "1991-11-26")
            && !visible("nkao", "1991-11-27")
    );
    assert!(
        visible("line-of-contact-1994-2020", "1994-05-12")
            && !visible("line-of-contact-1994-2020", "2021-01-01")
    );
    assert!(visible("control-armenian-forces-1994-04-15", "2000-01-01"));
    // The old road carried traffic until 20:00 on 30 August 2022; the new one from then, with
    // its Kornidzor section from 1 April 2023.
    assert!(
        visible("lachin-corridor-old-road", "2022-08-30")
            && !visible("lachin-corridor-old-road", "2022-08-31")
    );
    assert!(
        !visible("lachin-corridor-new-road-2022", "2022-08-29")
            && visible("lachin-corridor-new-road-2022", "2022-08-30")
            && visible("lachin-corridor-new-road-2022", "2023-03-31")
            && !visible("lachin-corridor-new-road-2022", "2023-04-01")
    );
    assert!(
        !visible("lachin-corridor-new-road", "2023-03-31")
            && visible("lachin-corridor-new-road", "2023-04-01")
    );
    for road in [
        "lachin-corridor-old-road",
        "lachin-corridor-new-road-2022",
        "lachin-corridor-new-road",
    ] {
        assert!(
            d.feature(road).expect(road).accuracy.is_approximate(),
            "{road} is drawn through waypoints"
        );
    }
    assert!(
        !visible("hakari-checkpoint", "2023-04-22") && visible("hakari-checkpoint", "2023-04-23")
    );
    for id in [
        "peacekeepers-hq",
        "peacekeepers-airport-camp",
        "peacekeepers-post-1",
    ] {
        assert!(visible(id, "2023-05-01"), "{id}");
    }
    for (id, date) in [
        ("event-1991-war", "1992-06-01"),
        ("event-1994-ceasefire", "1994-05-12"),
        ("event-2020-war", "2020-10-15"),
        ("event-2020-trilateral-statement", "2020-11-10"),
        ("event-2023-checkpoint", "2023-04-23"),
        ("event-2023-offensive", "2023-09-19"),
        ("event-2023-disarmament", "2023-09-20"),
        ("event-2023-first-evacuees", "2023-09-24"),
        ("event-2023-icrc-wounded", "2023-09-24"),
        ("event-2023-airport-shelter", "2023-09-21"),
    ] {
        assert!(visible(id, date), "{id} on {date}");
        assert_eq!(d.feature(id).expect(id).kind, Kind::Event);
    }
    // The seed's "Sunday" is 24 September 2023.
    assert_eq!(day("2023-09-24").weekday(), 6);
}

#[test]
fn sources_md_documents_every_layer_and_credits_geonames() {
    let sources = include_str!("../geodata/SOURCES.md");
    for (name, _) in embedded::LAYERS {
        assert!(
            sources.contains(name),
            "geodata/SOURCES.md does not describe {name}"
        );
    }
    for needle in [
        "GeoNames",
        "CC BY 4.0",
        "Natural Earth",
        "public domain",
        "GSHHG",
        "LGPL",
    ] {
        assert!(
            sources.contains(needle),
            "SOURCES.md should mention {needle}"
        );
    }
}

#[test]
fn every_approximate_feature_says_why_and_every_feature_has_a_source() {
    let d = dataset();
    for f in &d.features {
        assert!(!f.source.trim().is_empty(), "{}", f.id);
        if let data::Accuracy::Approximate { reason } = &f.accuracy {
            assert!(reason.len() > 10, "{}: {reason}", f.id);
        }
    }
}

/// Whether `text` states a year of the 20th or 21st century (`1993`, `2020`) as a word.
fn states_a_year(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_digit())
        .any(|w| w.len() == 4 && (w.starts_with("19") || w.starts_with("20")))
}

/// Whether a part of a `source` only gives a place's position: labelled so, a GeoNames record,
/// or a published position given by its coordinates (`Wikipedia "Sus, Lachin" (39°37′37″ N,
/// 46°30′46″ E)`).
fn only_a_position(part: &data::cite::SourcePart) -> bool {
    let coordinates = part.work.trim_end_matches(')').ends_with(" E") && part.work.contains(" N, ");
    part.role
        .is_some_and(|r| r.to_lowercase().contains("position"))
        || part.work.starts_with("GeoNames ")
        || coordinates
}

#[test]
fn every_dated_statement_has_a_source_beyond_a_position() {
    let d = dataset();
    let mut unsourced = Vec::new();
    for f in &d.features {
        let text = format!(
            "{} {}",
            f.description.as_deref().unwrap_or(""),
            f.date_note.as_deref().unwrap_or("")
        );
        if !states_a_year(&text) || !f.excerpts.is_empty() {
            continue;
        }
        let parts = data::cite::source_parts(&f.source);
        if parts.iter().all(only_a_position) {
            unsourced.push(format!("{} ({}): {}", f.id, f.layer, f.source));
        }
    }
    assert!(
        unsourced.is_empty(),
        "these state dates but cite only a position (add `dates: …` to the source, or an excerpt):\n{}",
        unsourced.join("\n")
    );
}

#[test]
fn the_position_check_tells_positions_from_sources_of_dates() {
    let only = |s: &str| data::cite::source_parts(s).iter().all(only_a_position);
    assert!(only("GeoNames 148105 (Hadrut), CC-BY 4.0"));
    assert!(only(
        r#"Wikipedia "Sus, Lachin" (39°37′37″ N, 46°30′46″ E)"#
    ));
    assert!(only("Monastery position: Wikipedia (ru) \"Дадиванк\""));
    assert!(!only(
        "position: GeoNames 148105 (Hadrut), CC-BY 4.0; dates: top-center.org"
    ));
    assert!(!only("Wikipedia 'Battle of Kalbajar'; AP (1 April 1993)"));
    assert!(states_a_year("on 9 October 2020"));
    assert!(!states_a_year("1,960 troops, 380 vehicles"));
}
