//! Who administered a place on a day, and so which usage of its name comes first.
//!
//! The rule, the default of [`NameOrder::ByAdministration`](super::NameOrder):
//! 1. before the USSR ended (26 December 1991) the usage of the Soviet official name
//!    (`names.soviet`, Azerbaijani unless the data says otherwise);
//! 2. otherwise the side holding the place that day: the areas with a `held_by` valid on the day
//!    that contain its anchor point (an area of control before a region). Armenian forces: the
//!    Armenian usage; Azerbaijan: the Azerbaijani usage; Russian peacekeepers: the Armenian usage;
//!    the Azerbaijan SSR: the Soviet official name's usage;
//! 3. otherwise the country it lies in: Armenia, the Armenian usage; Azerbaijan, the Azerbaijani;
//! 4. otherwise the name as written.
//!
//! Which areas contain a named place does not depend on the day, so it is worked out once per
//! dataset; a day then only filters those areas by their dates, and the result is kept for the
//! last few days asked for (the map, the panels and the search all ask each frame).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};

use geo::{Geometry, InteriorPoint, Intersects, Point, Rect};

use super::model::{Dataset, Feature, HeldBy, Kind, NameStyle, Usage};
use karabakh_time::{Day, PartialDate};

/// The first day after the USSR: the Soviet official names no longer come first.
pub fn ussr_dissolution() -> Day {
    PartialDate::Day(1991, 12, 26).first_day()
}

/// What held a point on a day: an area with a `held_by`, or else the country it lies in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holder {
    /// An area of control or a region that says who held it (its index in the dataset).
    Held { held_by: HeldBy, feature: usize },
    /// A country of the dataset (its index).
    Country { feature: usize },
}

impl Holder {
    /// The feature that answers.
    pub fn feature(self) -> usize {
        match self {
            Holder::Held { feature, .. } | Holder::Country { feature } => feature,
        }
    }
}

/// The usage a country's own administration uses: known for the two sides of the conflict, by
/// the ids the dossier gives their country features.
fn country_usage(feature: &Feature) -> Option<Usage> {
    match feature.id.as_str() {
        "armenia" => Some(Usage::Armenian),
        "azerbaijan" => Some(Usage::Azerbaijani),
        _ => None,
    }
}

/// Which usage comes first for a place with `names` on `day`, held as `holder` says.
pub fn first_usage(
    dataset: &Dataset,
    feature: &Feature,
    day: Day,
    holder: Option<Holder>,
) -> Option<Usage> {
    if day < ussr_dissolution() {
        return Some(feature.names.soviet());
    }
    match holder? {
        Holder::Held { held_by, .. } => Some(match held_by {
            HeldBy::ArmenianForces => Usage::Armenian,
            HeldBy::Azerbaijan => Usage::Azerbaijani,
            // The towns of the Lachin corridor (2020–2022) under the peacekeepers were run by
            // the Karabakh authorities, whose usage is the Armenian one.
            HeldBy::RussianPeacekeepers => Usage::Armenian,
            HeldBy::AzerbaijanSsr => feature.names.soviet(),
        }),
        Holder::Country { feature: country } => {
            dataset.features.get(country).and_then(country_usage)
        }
    }
}

/// The point a feature is placed at for the rule: a point feature's point, otherwise a point
/// inside it (an area's interior, a vertex of a line near its middle).
pub fn anchor_of(geometry: &Geometry<f64>) -> Option<Point<f64>> {
    match geometry {
        Geometry::Point(p) => Some(*p),
        Geometry::MultiPoint(m) => m.0.first().copied(),
        other => other.interior_point(),
    }
}

/// An area that can hold a place: its index and bounding box.
#[derive(Clone, Copy, Debug)]
struct Area {
    feature: u32,
    bbox: Rect<f64>,
}

impl Area {
    fn holds(&self, dataset: &Dataset, point: Point<f64>) -> bool {
        self.bbox.intersects(&point)
            && dataset
                .features
                .get(self.feature as usize)
                .is_some_and(|f| f.geometry.intersects(&point))
    }
}

/// For each feature whose name has usages: the areas that contain its anchor point.
#[derive(Clone, Debug)]
struct Named {
    feature: u32,
    /// Indices into `Administration::held`, in its order (areas of control first).
    held: Vec<u32>,
    /// Indices into `Administration::countries`.
    countries: Vec<u32>,
}

/// The first usage of each named feature on one day, sorted by feature index.
pub type FirstUsages = [(u32, Usage)];

/// The index of who held what: the areas with a `held_by`, the countries, and where the named
/// features lie among them. Made once per dataset ([`Dataset::administration`]).
#[derive(Debug, Default)]
pub struct Administration {
    /// Areas with a `held_by`: areas of control first, then regions.
    held: Vec<Area>,
    countries: Vec<Area>,
    named: Vec<Named>,
    /// The last days asked for, newest last.
    days: Mutex<VecDeque<(Day, Arc<FirstUsages>)>>,
}

/// How many days' orders are kept: the map's scene (on a worker) and the panels may ask for
/// different days while time plays.
const KEPT_DAYS: usize = 4;

impl Administration {
    pub fn new(dataset: &Dataset) -> Administration {
        let mut held: Vec<(bool, Area)> = Vec::new();
        let mut countries = Vec::new();
        for (i, feature) in dataset.features.iter().enumerate() {
            let area = Area {
                feature: i as u32,
                bbox: feature.bbox,
            };
            match (feature.kind, feature.control) {
                (Kind::Control | Kind::Region, Some(_)) => {
                    held.push((feature.kind != Kind::Control, area));
                }
                (Kind::Country, _) => countries.push(area),
                _ => {}
            }
        }
        // Stable: areas of control first, each group in the data's order.
        held.sort_by_key(|(region, _)| *region);
        let held: Vec<Area> = held.into_iter().map(|(_, a)| a).collect();
        let named = dataset
            .features
            .iter()
            .enumerate()
            .filter(|(_, f)| f.names.usages.is_some())
            .filter_map(|(i, f)| {
                let anchor = anchor_of(&f.geometry)?;
                let within = |areas: &[Area]| -> Vec<u32> {
                    areas
                        .iter()
                        .enumerate()
                        .filter(|(_, a)| a.feature as usize != i && a.holds(dataset, anchor))
                        .map(|(n, _)| n as u32)
                        .collect()
                };
                Some(Named {
                    feature: i as u32,
                    held: within(&held),
                    countries: within(&countries),
                })
            })
            .collect();
        Administration {
            held,
            countries,
            named,
            days: Mutex::new(VecDeque::new()),
        }
    }

    fn holder_among(
        &self,
        dataset: &Dataset,
        day: Day,
        held: impl Iterator<Item = u32>,
        countries: impl Iterator<Item = u32>,
    ) -> Option<Holder> {
        let valid = |area: &Area| {
            dataset
                .features
                .get(area.feature as usize)
                .filter(|f| f.visible_on(day))
        };
        held.filter_map(|n| self.held.get(n as usize))
            .find_map(|area| {
                let control = valid(area)?.control?;
                Some(Holder::Held {
                    held_by: control.held_by,
                    feature: area.feature as usize,
                })
            })
            .or_else(|| {
                countries
                    .filter_map(|n| self.countries.get(n as usize))
                    .find(|area| valid(area).is_some())
                    .map(|area| Holder::Country {
                        feature: area.feature as usize,
                    })
            })
    }

    /// What held `point` (lon, lat) on `day`: the first area of control with a `held_by`
    /// valid that day containing it, else such a region, else the country containing it.
    pub fn holder_at(&self, dataset: &Dataset, point: Point<f64>, day: Day) -> Option<Holder> {
        let held = (0..self.held.len() as u32).filter(|&n| {
            self.held
                .get(n as usize)
                .is_some_and(|a| a.holds(dataset, point))
        });
        let countries = (0..self.countries.len() as u32).filter(|&n| {
            self.countries
                .get(n as usize)
                .is_some_and(|a| a.holds(dataset, point))
        });
        self.holder_among(dataset, day, held, countries)
    }

    /// What held the feature `index` (by its anchor point) on `day`; None for a feature whose
    /// name has no usages, which the rule does not concern.
    pub fn holder_of(&self, dataset: &Dataset, index: usize, day: Day) -> Option<Holder> {
        let named = self.named_entry(index)?;
        self.holder_among(
            dataset,
            day,
            named.held.iter().copied(),
            named.countries.iter().copied(),
        )
    }

    fn named_entry(&self, index: usize) -> Option<&Named> {
        self.named
            .binary_search_by_key(&(index as u32), |n| n.feature)
            .ok()
            .and_then(|n| self.named.get(n))
    }

    /// The first usage of every named feature on `day`, worked out once per day.
    pub fn first_usages(&self, dataset: &Dataset, day: Day) -> Arc<FirstUsages> {
        let mut days = self.days.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, usages)) = days.iter().find(|(d, _)| *d == day) {
            return usages.clone();
        }
        let usages: Arc<FirstUsages> = self
            .named
            .iter()
            .filter_map(|named| {
                let index = named.feature as usize;
                let feature = dataset.features.get(index)?;
                let holder = self.holder_of(dataset, index, day);
                let usage = first_usage(dataset, feature, day, holder)?;
                Some((named.feature, usage))
            })
            .collect();
        if days.len() >= KEPT_DAYS {
            days.pop_front();
        }
        days.push_back((day, usages.clone()));
        usages
    }
}

/// Names as they read in one style on one day: made once, then asked per feature.
#[derive(Clone, Debug)]
pub struct ShownNames {
    pub style: NameStyle,
    /// The first usages of the day, when the style orders by administration and a day is shown.
    first: Option<Arc<FirstUsages>>,
}

impl ShownNames {
    /// Names in `style` with no day to go by: ordering by administration reads as written.
    pub fn without_day(style: NameStyle) -> ShownNames {
        ShownNames { style, first: None }
    }

    /// Which usage comes first for the feature `index`, if the rule decides one.
    pub fn first(&self, index: usize) -> Option<Usage> {
        let first = self.first.as_ref()?;
        first
            .binary_search_by_key(&(index as u32), |(f, _)| *f)
            .ok()
            .and_then(|n| first.get(n))
            .map(|(_, usage)| *usage)
    }

    /// The name of feature `index` (which is `feature`) as shown.
    pub fn of(&self, index: usize, feature: &Feature) -> String {
        feature.names.shown_first(self.style, self.first(index))
    }
}

impl Dataset {
    /// The index of who held what, made once for the dataset as it is.
    pub fn administration(&self) -> Arc<Administration> {
        self.administration
            .get_or_make(self.features.len(), || Administration::new(self))
    }

    /// How names read in `style` on `day` (None: all dates, where the rule has no day).
    pub fn names_on(&self, style: NameStyle, day: Option<Day>) -> ShownNames {
        let first = match (style.order, day) {
            (super::model::NameOrder::ByAdministration, Some(day)) => {
                Some(self.administration().first_usages(self, day))
            }
            _ => None,
        };
        ShownNames { style, first }
    }

    /// The name of feature `index` in `style` on `day`, by the rule above; empty if there is no
    /// such feature.
    pub fn name_of(&self, index: usize, style: NameStyle, day: Option<Day>) -> String {
        self.features
            .get(index)
            .map(|f| self.names_on(style, day).of(index, f))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{InputFile, Inputs};
    use crate::load::load;
    use crate::model::NameOrder;

    fn area(id: &str, kind: &str, props: &str, [w, s, e, n]: [f64; 4]) -> String {
        format!(
            r#"{{"type":"Feature","properties":{{"id":"{id}","kind":"{kind}","name":"{id}","source":"s","accuracy":"published"{props}}},"geometry":{{"type":"Polygon","coordinates":[[[{w},{s}],[{e},{s}],[{e},{n}],[{w},{n}],[{w},{s}]]]}}}}"#
        )
    }

    /// A town named "hy / az", as the dossier writes disputed names.
    fn town(id: &str, names: &str, country: &str, (lon, lat): (f64, f64)) -> String {
        let usages: serde_json::Value = serde_json::from_str(names).expect("names");
        let name = format!(
            "{} / {}",
            usages["hy"].as_str().unwrap_or_default(),
            usages["az"].as_str().unwrap_or_default()
        );
        format!(
            r#"{{"type":"Feature","properties":{{"id":"{id}","kind":"town","name":"{name}","names":{names},"country":"{country}","source":"s","accuracy":"published"}},"geometry":{{"type":"Point","coordinates":[{lon},{lat}]}}}}"#
        )
    }

    /// Boxes for the two countries, the oblast, who held what, and four towns.
    fn dataset() -> Dataset {
        let features = [
            area("armenia", "country", "", [44.0, 38.8, 46.45, 41.2]),
            area("azerbaijan", "country", "", [46.45, 38.8, 48.0, 41.2]),
            area(
                "nkao",
                "region",
                r#","held_by":"azerbaijan-ssr","valid_from":"1923-07-07","valid_to":"1991-11-26""#,
                [46.3, 39.5, 47.0, 40.2],
            ),
            // A region that says who held it, under an area of control that says otherwise:
            // the area of control wins.
            area(
                "held-region",
                "region",
                r#","held_by":"azerbaijan","valid_from":"1992-05-09""#,
                [46.1, 39.4, 47.1, 40.3],
            ),
            area(
                "control-armenian",
                "control",
                r#","held_by":"armenian-forces","valid_from":"1992-05-09","valid_to":"2020-11-07""#,
                [46.1, 39.4, 47.1, 40.3],
            ),
            area(
                "control-shusha",
                "control",
                r#","held_by":"azerbaijan","valid_from":"2020-11-08""#,
                [46.70, 39.72, 46.80, 39.80],
            ),
            area(
                "control-armenian-2020",
                "control",
                r#","held_by":"armenian-forces","peacekeepers":true,"valid_from":"2020-11-10","valid_to":"2023-09-20""#,
                [46.5, 39.81, 47.0, 40.2],
            ),
            area(
                "control-corridor",
                "control",
                r#","held_by":"russian-peacekeepers","valid_from":"2020-12-01","valid_to":"2022-08-26""#,
                [46.40, 39.55, 46.60, 39.70],
            ),
            area(
                "control-azerbaijan-2023",
                "control",
                r#","held_by":"azerbaijan","valid_from":"2023-09-21""#,
                [46.1, 39.4, 47.1, 40.3],
            ),
            town(
                "stepanakert",
                r#"{"hy":"Stepanakert","az":"Khankendi","hy_native":"Ստեփանակերտ","az_native":"Xankəndi","soviet":"hy"}"#,
                "azerbaijan",
                (46.7516, 39.8153),
            ),
            town(
                "shusha",
                r#"{"hy":"Shushi","az":"Shusha"}"#,
                "azerbaijan",
                (46.75, 39.76),
            ),
            town(
                "lachin",
                r#"{"hy":"Berdzor","az":"Lachin"}"#,
                "azerbaijan",
                (46.55, 39.64),
            ),
            town(
                "goris",
                r#"{"hy":"Goris","az":"Gorus","soviet":"hy"}"#,
                "armenia",
                (46.0, 39.51),
            ),
        ];
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        );
        let d = load(&Inputs {
            layers: vec![InputFile::from_text("geodata/l.geojson", &text)],
            ..Inputs::default()
        });
        assert!(d.problems.is_empty(), "{:#?}", d.problems);
        d
    }

    fn day(text: &str) -> Option<Day> {
        Day::parse(text).ok()
    }

    fn name(d: &Dataset, id: &str, date: &str) -> String {
        let style = NameStyle::default();
        d.name_of(d.feature_index(id).expect("feature"), style, day(date))
    }

    #[test]
    fn the_side_that_held_a_place_names_it_first() {
        let d = dataset();
        assert_eq!(name(&d, "shusha", "2019-06-01"), "Shushi / Shusha");
        assert_eq!(name(&d, "shusha", "2020-11-08"), "Shusha / Shushi");
        assert_eq!(
            name(&d, "stepanakert", "2019-06-01"),
            "Stepanakert / Khankendi"
        );
        assert_eq!(
            name(&d, "stepanakert", "2024-01-01"),
            "Khankendi / Stepanakert"
        );
        // Under the peacekeepers (the corridor, 2020–2022) the Karabakh authorities' usage.
        assert_eq!(name(&d, "lachin", "2021-06-01"), "Berdzor / Lachin");
        assert_eq!(name(&d, "lachin", "2022-09-01"), "Lachin / Berdzor");
        // Outside every area that says who held it: the country's usage.
        assert_eq!(name(&d, "goris", "2024-01-01"), "Goris / Gorus");
    }

    #[test]
    fn in_soviet_years_the_official_name_comes_first() {
        let d = dataset();
        // Stepanakert was the Soviet name; Shusha's was the Azerbaijani one (unsaid: az).
        assert_eq!(
            name(&d, "stepanakert", "1980-01-01"),
            "Stepanakert / Khankendi"
        );
        assert_eq!(name(&d, "shusha", "1980-01-01"), "Shusha / Shushi");
        assert_eq!(name(&d, "goris", "1980-01-01"), "Goris / Gorus");
        // Until the USSR ended, not until the oblast did.
        assert_eq!(name(&d, "shusha", "1991-12-25"), "Shusha / Shushi");
        assert_eq!(ussr_dissolution(), Day::parse("1991-12-26").expect("a day"));
    }

    #[test]
    fn the_rule_in_native_scripts_and_without_a_day() {
        let d = dataset();
        let i = d.feature_index("stepanakert").expect("town");
        let native = NameStyle {
            order: NameOrder::ByAdministration,
            native: true,
        };
        assert_eq!(
            d.name_of(i, native, day("2024-01-01")),
            "Xankəndi / Ստեփանակերտ"
        );
        // All dates: no day to go by, the name as written.
        assert_eq!(
            d.name_of(i, NameStyle::default(), None),
            "Stepanakert / Khankendi"
        );
        // The fixed orders ignore the day.
        let az = NameStyle {
            order: NameOrder::AzerbaijaniFirst,
            native: false,
        };
        assert_eq!(
            d.name_of(i, az, day("2019-06-01")),
            "Khankendi / Stepanakert"
        );
    }

    #[test]
    fn who_held_a_point_prefers_areas_of_control_then_regions_then_countries() {
        let d = dataset();
        let admin = d.administration();
        let at = |lon, lat, date: &str| {
            admin
                .holder_at(&d, Point::new(lon, lat), day(date).expect("day"))
                .map(|h| (h, d.features[h.feature()].id.as_str()))
        };
        assert!(matches!(
            at(46.75, 39.76, "2019-06-01"),
            Some((
                Holder::Held {
                    held_by: HeldBy::ArmenianForces,
                    ..
                },
                "control-armenian"
            ))
        ));
        assert!(matches!(
            at(46.75, 39.76, "1985-06-01"),
            Some((
                Holder::Held {
                    held_by: HeldBy::AzerbaijanSsr,
                    ..
                },
                "nkao"
            ))
        ));
        // 8–9 November 2020 north of Shusha: no area of control, the region says.
        assert!(matches!(
            at(46.75, 39.9, "2020-11-09"),
            Some((
                Holder::Held {
                    held_by: HeldBy::Azerbaijan,
                    ..
                },
                "held-region"
            ))
        ));
        assert!(matches!(
            at(47.5, 40.5, "2019-06-01"),
            Some((Holder::Country { .. }, "azerbaijan"))
        ));
        assert_eq!(at(40.0, 40.0, "2019-06-01"), None);
    }

    #[test]
    fn a_name_written_as_a_description_keeps_its_words() {
        let names = crate::Names {
            display: "Azerbaijani checkpoint at the Hakari bridge".to_owned(),
            usages: Some(Box::new(crate::model::Usages {
                hy: Some("Hakari bridge".to_owned()),
                az: Some("Həkəri bridge".to_owned()),
                ..Default::default()
            })),
        };
        let rule = NameStyle::default();
        assert_eq!(
            names.shown_first(rule, Some(Usage::Azerbaijani)),
            "Azerbaijani checkpoint at the Hakari bridge"
        );
        let native = NameStyle {
            native: true,
            ..rule
        };
        assert_eq!(
            names.shown_first(native, Some(Usage::Azerbaijani)),
            "Həkəri bridge / Hakari bridge"
        );
    }

    #[test]
    fn a_days_order_is_worked_out_once() {
        let d = dataset();
        let admin = d.administration();
        let day = Day::parse("2019-06-01").expect("a day");
        let a = admin.first_usages(&d, day);
        let b = admin.first_usages(&d, day);
        assert!(Arc::ptr_eq(&a, &b));
        assert!(
            Arc::ptr_eq(&admin, &d.administration()),
            "made once per dataset"
        );
    }
}
