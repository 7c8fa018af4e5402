//! Control of territory through time, on the shipped dossier: the dates of the public record,
//! read back through the same question the window and `at` ask ("who held this place that day?").

use geo::{Contains, Point};
use karabakh_atlas::data::administration::Holder;
use karabakh_atlas::data::{self, Dataset, HeldBy, Kind, NameOrder, NameStyle};
use karabakh_atlas::time::Day;

fn dataset() -> Dataset {
    data::load_embedded()
}

fn day(text: &str) -> Day {
    Day::parse(text).expect("date")
}

/// A town's position, by its id.
fn town(d: &Dataset, id: &str) -> Point<f64> {
    match &d.feature(id).unwrap_or_else(|| panic!("no {id}")).geometry {
        geo::Geometry::Point(p) => *p,
        other => panic!("{id} is not a point: {other:?}"),
    }
}

/// Who held the town on the day, by the areas of control (None: no area covers it).
fn held_by(d: &Dataset, id: &str, on: &str) -> Option<HeldBy> {
    let point = town(d, id);
    match d.administration().holder_at(d, point, day(on))? {
        Holder::Held { held_by, feature } => {
            let f = &d.features[feature];
            assert!(f.visible_on(day(on)), "{} answers for {on}", f.id);
            Some(held_by)
        }
        Holder::Country { .. } => None,
    }
}

#[test]
fn towns_change_hands_on_the_dates_of_the_public_record() {
    use HeldBy::{ArmenianForces as Arm, Azerbaijan as Aze, RussianPeacekeepers as Rus};
    let d = dataset();
    let cases = [
        // The first war, by district.
        ("town-stepanakert", "1992-03-01", Some(Arm)),
        ("town-shusha", "1992-05-07", Some(Aze)),
        ("town-shusha", "1992-05-08", Some(Arm)),
        ("town-lachin", "1992-05-17", Some(Aze)),
        ("town-lachin", "1992-05-18", Some(Arm)),
        ("town-martakert", "1993-01-01", Some(Aze)),
        ("town-martakert", "1993-06-27", Some(Arm)),
        ("town-kalbajar", "1993-04-02", Some(Aze)),
        ("town-kalbajar", "1993-04-03", Some(Arm)),
        ("town-agdam", "1993-07-23", Some(Arm)),
        ("town-kubatly", "1993-08-30", Some(Aze)),
        ("town-kubatly", "1993-08-31", Some(Arm)),
        ("town-zangilan", "1993-10-28", Some(Aze)),
        ("town-zangilan", "1993-10-29", Some(Arm)),
        ("town-hadrut", "2019-06-01", Some(Arm)),
        // The 2020 war, by Azerbaijan's announcements.
        ("town-madaghis", "2020-10-02", Some(Arm)),
        ("town-madaghis", "2020-10-03", Some(Aze)),
        ("town-jabrayil", "2020-10-04", Some(Aze)),
        ("town-hadrut", "2020-10-08", Some(Arm)),
        ("town-hadrut", "2020-10-09", Some(Aze)),
        ("town-fuzuli", "2020-10-17", Some(Aze)),
        ("town-zangilan", "2020-10-20", Some(Aze)),
        ("town-kubatly", "2020-10-24", Some(Arm)),
        ("town-kubatly", "2020-10-25", Some(Aze)),
        ("town-shusha", "2020-11-07", Some(Arm)),
        ("town-shusha", "2020-11-08", Some(Aze)),
        // The handovers, and what the statement left.
        ("town-agdam", "2020-11-19", Some(Arm)),
        ("town-agdam", "2020-11-20", Some(Aze)),
        ("town-kalbajar", "2020-11-24", Some(Arm)),
        ("town-kalbajar", "2020-11-25", Some(Aze)),
        ("town-lachin", "2020-11-30", Some(Arm)),
        ("town-lachin", "2020-12-01", Some(Rus)),
        ("town-hin-tagher", "2020-12-11", Some(Arm)),
        ("town-hin-tagher", "2020-12-12", Some(Aze)),
        ("town-mets-shen", "2021-06-01", Some(Arm)),
        ("town-stepanakert", "2023-09-20", Some(Arm)),
        ("town-stepanakert", "2023-09-21", Some(Aze)),
        // In Soviet years the oblast says who administered it; after the series, the country.
        (
            "town-stepanakert",
            "1989-01-01",
            Some(HeldBy::AzerbaijanSsr),
        ),
        ("town-stepanakert", "2025-01-01", None),
    ];
    let mut wrong = Vec::new();
    for (id, on, expected) in cases {
        let got = held_by(&d, id, on);
        if got != expected {
            wrong.push(format!("{id} on {on}: {got:?}, expected {expected:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_peacekeepers_stay_until_june_2024() {
    let d = dataset();
    let point = town(&d, "town-stepanakert");
    let with_peacekeepers = |on: &str| {
        d.features.iter().any(|f| {
            f.kind == Kind::Control
                && f.visible_on(day(on))
                && f.control.is_some_and(|c| c.peacekeepers)
                && f.geometry.contains(&point)
        })
    };
    assert!(!with_peacekeepers("2020-11-09"));
    assert!(with_peacekeepers("2020-11-10"));
    assert!(with_peacekeepers("2023-09-21"), "after the offensive");
    assert!(with_peacekeepers("2024-06-12"));
    assert!(!with_peacekeepers("2024-06-13"));
}

#[test]
fn consecutive_areas_never_share_a_day() {
    // On 10 November 2020 only the area the statement left is drawn, not also the 1994 one.
    let d = dataset();
    let kubatly = town(&d, "town-kubatly");
    for on in [
        "2020-11-09",
        "2020-11-10",
        "2020-11-11",
        "2022-08-26",
        "2023-09-20",
    ] {
        let holding: Vec<&str> = d
            .features
            .iter()
            .filter(|f| {
                f.kind == Kind::Control && f.visible_on(day(on)) && f.geometry.contains(&kubatly)
            })
            .map(|f| f.id.as_str())
            .collect();
        assert!(holding.len() <= 1, "{on}: {holding:?}");
    }
    // And every day of the series has exactly one area over Stepanakert.
    let stepanakert = town(&d, "town-stepanakert");
    let mut on = day("1992-01-01");
    while on <= day("2024-06-12") {
        let n = d
            .features
            .iter()
            .filter(|f| {
                f.kind == Kind::Control && f.visible_on(on) && f.geometry.contains(&stepanakert)
            })
            .count();
        assert_eq!(n, 1, "{on}");
        on = Day(on.0 + 7);
    }
}

#[test]
fn kornidzor_is_in_armenia_and_the_checkpoint_in_azerbaijan() {
    let d = dataset();
    let country = |id: &str| d.feature(id).expect(id).geometry.clone();
    let kornidzor = town(&d, "town-kornidzor");
    assert!(country("armenia").contains(&kornidzor));
    assert!(!country("azerbaijan").contains(&kornidzor));
    let checkpoint = match &d.feature("hakari-checkpoint").expect("checkpoint").geometry {
        geo::Geometry::Point(p) => *p,
        other => panic!("{other:?}"),
    };
    assert!(country("azerbaijan").contains(&checkpoint));
}

#[test]
fn shusha_is_no_hole_after_the_cease_fire() {
    let d = dataset();
    let shusha = town(&d, "town-shusha");
    let fuzuli = town(&d, "town-fuzuli");
    for on in ["2020-11-10", "2021-06-01", "2022-09-15", "2023-09-01"] {
        // The area that holds Shusha is Azerbaijan's, and the same piece of it reaches Fuzuli:
        // Shusha is joined to the rest, not an island in the area the statement left.
        let area = d
            .features
            .iter()
            .find(|f| {
                f.kind == Kind::Control && f.visible_on(day(on)) && f.geometry.contains(&shusha)
            })
            .unwrap_or_else(|| panic!("nothing holds Shusha on {on}"));
        assert_eq!(
            area.control.map(|c| c.held_by),
            Some(HeldBy::Azerbaijan),
            "{on}"
        );
        let geo::Geometry::MultiPolygon(parts) = &area.geometry else {
            panic!("{}: a multipolygon", area.id)
        };
        let part = parts.iter().find(|p| p.contains(&shusha)).expect("part");
        assert!(part.contains(&fuzuli), "{on}: Shusha cut off from Fuzuli");
        // And no area of the other side has a hole around it.
        for f in d
            .features
            .iter()
            .filter(|f| f.kind == Kind::Control && f.visible_on(day(on)))
        {
            let geo::Geometry::MultiPolygon(parts) = &f.geometry else {
                continue;
            };
            for polygon in parts {
                for hole in polygon.interiors() {
                    assert!(
                        !geo::Polygon::new(hole.clone(), vec![]).contains(&shusha),
                        "{} has Shusha as a hole on {on}",
                        f.id
                    );
                }
            }
        }
    }
}

#[test]
fn the_corridor_holds_lachin_from_december_2020_to_26_august_2022_only() {
    let d = dataset();
    for (on, expected) in [
        ("2020-11-30", false),
        ("2020-12-01", true),
        ("2021-07-01", true),
        ("2022-08-26", true),
        ("2022-08-27", false),
        ("2023-01-01", false),
    ] {
        assert_eq!(
            held_by(&d, "town-lachin", on) == Some(HeldBy::RussianPeacekeepers),
            expected,
            "{on}"
        );
    }
}

#[test]
fn names_follow_who_administered_the_place() {
    let d = dataset();
    let style = NameStyle {
        order: NameOrder::ByAdministration,
        native: false,
    };
    let name = |id: &str, on: &str| {
        let index = d.feature_index(id).expect(id);
        d.name_of(index, style, Some(day(on)))
    };
    assert_eq!(name("town-shusha", "2019-01-01"), "Shushi / Shusha");
    assert_eq!(name("town-shusha", "2020-11-08"), "Shusha / Shushi");
    assert_eq!(
        name("town-stepanakert", "1980-01-01"),
        "Stepanakert / Khankendi"
    );
    assert_eq!(
        name("town-stepanakert", "2019-01-01"),
        "Stepanakert / Khankendi"
    );
    assert_eq!(
        name("town-stepanakert", "2024-01-01"),
        "Khankendi / Stepanakert"
    );
    assert_eq!(name("town-lachin", "1985-01-01"), "Lachin / Berdzor");
    assert_eq!(name("town-lachin", "2021-01-01"), "Berdzor / Lachin");
    assert_eq!(name("town-lachin", "2022-09-01"), "Lachin / Berdzor");
    assert_eq!(name("town-martakert", "1993-01-01"), "Aghdara / Martakert");
}
